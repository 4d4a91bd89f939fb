/*
 * C tests of the statistics and SPC entry points: the PHEindicatormethods 2.1.0 and
 * NHSRplotthedots 0.2.2 reference cases (fixtures/stats_cases.txt, fixtures/spc_cases.txt) to
 * 1e-9 relative, grouping, and every error path (NULL arrays, x > n, bad options, overlapping
 * outputs, outputs too small).
 *
 * Usage: test_stats FIXTURES_DIR TMP_DIR
 * Compiles as C11 and as C++17. The last line of output is "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lite.h"
#include "outcomes.h"
#include "runner.h"

#define MAX_CASES 64
#define MAX_COLS 4

typedef struct {
    char method[32];
    double confidence, multiplier;
    double expected[3]; /* value, lower, upper */
    size_t len;
    int ncols;
    double *cols[MAX_COLS];
    int line;
} stats_case;

static stats_case cases[MAX_CASES];
static int ncases = 0;

/* 1 when got equals want to 1e-9 relative (NaN equals NaN). */
static int close_to(double got, double want) {
    if (isnan(want)) return isnan(got);
    if (isnan(got)) return 0;
    return got == want || fabs(got - want) <= 1e-9 * fmax(fabs(want), fabs(got));
}

#define CHECK_CLOSE(got, want, what, line)                                                 \
    do {                                                                                   \
        double g_ = (got), w_ = (want);                                                    \
        int ok_ = close_to(g_, w_);                                                        \
        runner_record(ok_, __FILE__, __LINE__, what);                                      \
        if (!ok_) fprintf(stderr, "     case line %d: got %.17g, expected %.17g\n", line, g_, w_); \
    } while (0)

static int columns_of(const char *method) {
    if (strcmp(method, "proportion") == 0 || strcmp(method, "rate") == 0) return 2;
    if (strcmp(method, "dsr") == 0) return 3;
    if (strcmp(method, "israte") == 0 || strcmp(method, "isratio") == 0) return 4;
    if (strcmp(method, "mean") == 0) return 1;
    return 0;
}

static void load_cases(const char *fixtures) {
    size_t size = 0;
    char *text = runner_read_file(runner_join(fixtures, "stats_cases.txt"), &size);
    char *line, *save = NULL;
    int lineno = 0;
    CHECK(text != NULL);
    if (text == NULL) return;
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        stats_case *c;
        char *p, *e;
        int k, parsed;
        size_t i;
        lineno++;
        if (line[0] == '#' || line[0] == '\0' || ncases == MAX_CASES) continue;
        c = &cases[ncases];
        memset(c, 0, sizeof *c);
        c->line = lineno;
        if (sscanf(line, "%31s", c->method) != 1) continue;
        p = line + strlen(c->method);
        c->confidence = strtod(p, &e);
        p = e;
        c->multiplier = strtod(p, &e);
        p = e;
        for (k = 0; k < 3; k++) {
            c->expected[k] = strtod(p, &e);
            p = e;
        }
        c->len = (size_t)strtoul(p, &e, 10);
        p = e;
        c->ncols = columns_of(c->method);
        parsed = c->ncols > 0 && c->len > 0;
        for (k = 0; k < c->ncols; k++) {
            c->cols[k] = (double *)malloc(c->len * sizeof(double));
            for (i = 0; i < c->len; i++) {
                c->cols[k][i] = strtod(p, &e);
                parsed = parsed && e != p;
                p = e;
            }
        }
        runner_record(parsed, __FILE__, __LINE__, "a case of stats_cases.txt parses");
        if (!parsed) fprintf(stderr, "     stats_cases.txt line %d\n", lineno);
        ncases++;
    }
    free(text);
}

static void free_cases(void) {
    int i, k;
    for (i = 0; i < ncases; i++)
        for (k = 0; k < cases[i].ncols; k++) free(cases[i].cols[k]);
}

/* Runs one case's method on `len` rows with an optional group column; out_len outputs. */
static oc_status run_case(const stats_case *c, double *const *cols, const uint32_t *groups,
                          size_t len, double *v, double *lo, double *hi, size_t out_len,
                          size_t *out_groups) {
    const char *m = c->method;
    if (strcmp(m, "proportion") == 0) {
        *out_groups = len;
        return oc_proportion(cols[0], cols[1], len, c->confidence, c->multiplier, v, lo, hi);
    }
    if (strcmp(m, "rate") == 0) {
        *out_groups = len;
        return oc_rate(cols[0], cols[1], len, c->confidence, c->multiplier, v, lo, hi);
    }
    if (strcmp(m, "dsr") == 0)
        return oc_dsr(cols[0], cols[1], cols[2], groups, len, c->confidence, c->multiplier, v,
                      lo, hi, out_len, out_groups);
    if (strcmp(m, "israte") == 0)
        return oc_isr(cols[0], cols[1], cols[2], cols[3], groups, len, c->confidence,
                      c->multiplier, v, lo, hi, out_len, out_groups);
    if (strcmp(m, "isratio") == 0)
        return oc_isratio(cols[0], cols[1], cols[2], cols[3], groups, len, c->confidence,
                          c->multiplier, v, lo, hi, out_len, out_groups);
    return oc_mean(cols[0], groups, len, c->confidence, v, lo, hi, out_len, out_groups);
}

static void test_reference_cases(void) {
    int i, seen_method[6] = {0, 0, 0, 0, 0, 0};
    const char *methods[6] = {"proportion", "rate", "dsr", "israte", "isratio", "mean"};
    CHECK(ncases >= 20);
    for (i = 0; i < ncases; i++) {
        const stats_case *c = &cases[i];
        double v = -1, lo = -1, hi = -1;
        size_t groups = 0;
        int k;
        for (k = 0; k < 6; k++)
            if (strcmp(c->method, methods[k]) == 0) seen_method[k]++;
        CHECK_STATUS(run_case(c, c->cols, NULL, c->len, &v, &lo, &hi, 1, &groups), OC_STATUS_OK);
        CHECK(groups == 1);
        CHECK_CLOSE(v, c->expected[0], "value", c->line);
        CHECK_CLOSE(lo, c->expected[1], "lower", c->line);
        CHECK_CLOSE(hi, c->expected[2], "upper", c->line);
    }
    for (i = 0; i < 6; i++) CHECK(seen_method[i] > 0);
}

/* Two cases of one grouped method, rows interleaved with group codes 40 and 2 (and so not
 * contiguous): the outputs are the two cases' results, in first-appearance order. */
static void test_grouped_cases(void) {
    const char *methods[4] = {"dsr", "israte", "isratio", "mean"};
    int m;
    for (m = 0; m < 4; m++) {
        const stats_case *a = NULL, *b = NULL;
        double *cols[MAX_COLS] = {NULL, NULL, NULL, NULL};
        uint32_t *codes, keys[2] = {0, 0};
        double v[8], lo[8], hi[8];
        size_t len, i, ia = 0, ib = 0, groups = 0;
        int i_case, k;
        for (i_case = 0; i_case < ncases; i_case++) {
            const stats_case *c = &cases[i_case];
            if (strcmp(c->method, methods[m]) != 0 || isnan(c->expected[0])) continue;
            if (a == NULL) {
                a = c;
            } else if (c->confidence == a->confidence && c->multiplier == a->multiplier &&
                       c->expected[0] != a->expected[0]) {
                b = c;
                break;
            }
        }
        if (a == NULL || b == NULL) {
            if (strcmp(methods[m], "mean") != 0) CHECK(a != NULL && b != NULL);
            continue;
        }
        len = a->len + b->len;
        codes = (uint32_t *)malloc(len * sizeof(uint32_t));
        for (k = 0; k < a->ncols; k++) cols[k] = (double *)malloc(len * sizeof(double));
        for (i = 0; i < len; i++) {
            int from_a = (i % 2 == 0 && ia < a->len) || ib == b->len;
            const stats_case *c = from_a ? a : b;
            size_t row = from_a ? ia++ : ib++;
            codes[i] = from_a ? 40 : 2;
            for (k = 0; k < a->ncols; k++) cols[k][i] = c->cols[k][row];
        }
        CHECK_STATUS(oc_group_keys(codes, len, keys, 2, &groups), OC_STATUS_OK);
        CHECK(groups == 2 && keys[0] == 40 && keys[1] == 2);
        CHECK_STATUS(run_case(a, cols, codes, len, v, lo, hi, 8, &groups), OC_STATUS_OK);
        CHECK(groups == 2);
        CHECK_CLOSE(v[0], a->expected[0], "grouped value a", a->line);
        CHECK_CLOSE(hi[0], a->expected[2], "grouped upper a", a->line);
        CHECK_CLOSE(v[1], b->expected[0], "grouped value b", b->line);
        CHECK_CLOSE(lo[1], b->expected[1], "grouped lower b", b->line);
        /* Outputs too small: the count says how many are needed. */
        groups = 0;
        CHECK_STATUS(run_case(a, cols, codes, len, v, lo, hi, 1, &groups),
                     OC_STATUS_INVALID_ARGUMENT);
        CHECK(groups == 2);
        CHECK_STR_EQ(oc_last_error_path(), "out_len");
        free(codes);
        for (k = 0; k < a->ncols; k++) free(cols[k]);
    }
}

static void test_errors(void) {
    double x[5] = {1, 2, 3, 12, 20}, n[5] = {10, 10, 10, 10, 10};
    double v[5], lo[5], hi[5];
    size_t groups = 99;
    uint32_t codes[5] = {1, 1, 2, 2, 2};

    /* x > n names the first bad row and counts them. */
    CHECK_STATUS(oc_proportion(x, n, 5, 0.95, 1, v, lo, hi), OC_STATUS_METHOD_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "x[3]");
    CHECK_CONTAINS(oc_last_error_message(), "x[3]: x[3] = 12 is greater than n[3] = 10");
    CHECK_CONTAINS(oc_last_error_message(), "(2 rows are invalid)");
    CHECK(strncmp(oc_last_error_message(), "x[3]: ", 6) == 0);
    /* A success clears the error. */
    CHECK_STATUS(oc_proportion(x, n, 3, 0.95, 100, v, lo, hi), OC_STATUS_OK);
    CHECK_STR_EQ(oc_last_error_message(), "");
    CHECK_CLOSE(v[2], 30.0, "3/10 as a percentage", __LINE__);
    /* rate: n <= 0. */
    n[1] = 0;
    CHECK_STATUS(oc_rate(x, n, 3, 0.95, 100000, v, lo, hi), OC_STATUS_METHOD_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "n[1]");
    n[1] = 10;
    /* NaN gives NaN in its row only. */
    x[0] = NAN;
    CHECK_STATUS(oc_rate(x, n, 3, 0.95, 100000, v, lo, hi), OC_STATUS_OK);
    CHECK(isnan(v[0]) && isnan(lo[0]) && isnan(hi[0]) && !isnan(v[1]));
    x[0] = 1;
    /* Bad confidence and multiplier. */
    CHECK_STATUS(oc_proportion(x, n, 3, 0.5, 1, v, lo, hi), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "confidence");
    CHECK_STATUS(oc_rate(x, n, 3, 0.95, -1, v, lo, hi), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "multiplier");
    /* NULL arrays: only with length 0. */
    CHECK_STATUS(oc_proportion(NULL, NULL, 0, 0.95, 1, NULL, NULL, NULL), OC_STATUS_OK);
    CHECK_STATUS(oc_proportion(NULL, n, 3, 0.95, 1, v, lo, hi), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "x");
    CHECK_STATUS(oc_rate(x, NULL, 3, 0.95, 1, v, lo, hi), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "n");
    CHECK_STATUS(oc_proportion(x, n, 3, 0.95, 1, v, NULL, hi), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "lower");
    CHECK_CONTAINS(oc_last_error_message(), "NULL is allowed only when the length is 0");
    /* Overlapping outputs, and an output over an input. */
    CHECK_STATUS(oc_proportion(x, n, 3, 0.95, 1, v, v, hi), OC_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(oc_last_error_message(), "overlaps `lower`");
    CHECK_STATUS(oc_proportion(x, n, 3, 0.95, 1, v, lo, n), OC_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(oc_last_error_message(), "overlaps `n`");
    CHECK_STATUS(oc_proportion(x, n, 3, 0.95, 1, v, lo, v + 2), OC_STATUS_INVALID_ARGUMENT);

    /* Grouped: the count is required, NULL groups means one group. */
    CHECK_STATUS(oc_mean(x, codes, 5, 0.95, v, lo, hi, 5, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_groups");
    CHECK_STATUS(oc_mean(x, NULL, 5, 0.95, v, lo, hi, 1, &groups), OC_STATUS_OK);
    CHECK(groups == 1);
    CHECK_CLOSE(v[0], (1 + 2 + 3 + 12 + 20) / 5.0, "mean of all", __LINE__);
    CHECK_STATUS(oc_mean(x, codes, 5, 0.95, v, lo, hi, 5, &groups), OC_STATUS_OK);
    CHECK(groups == 2);
    CHECK_CLOSE(v[0], 1.5, "mean of group 1", __LINE__);
    CHECK_CLOSE(v[1], (3 + 12 + 20) / 3.0, "mean of group 2", __LINE__);
    CHECK_STATUS(oc_mean(x, codes, 5, 0.95, NULL, NULL, NULL, 0, &groups),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK(groups == 2);
    CHECK_STATUS(oc_mean(x, codes, 5, 0.95, v, x, hi, 5, &groups), OC_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(oc_last_error_message(), "overlaps `values`");
    /* dsr: a zero population names its row. */
    n[4] = 0;
    CHECK_STATUS(oc_dsr(x, n, n, codes, 5, 0.95, 100000, v, lo, hi, 5, &groups),
                 OC_STATUS_METHOD_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "n[4]");
    CHECK(strncmp(oc_last_error_message(), "n[4]: ", 6) == 0);
    n[4] = 10;
    /* isr: a bad reference population. */
    CHECK_STATUS(oc_isr(x, n, x, x, NULL, 5, 0.95, 100000, v, lo, hi, 5, &groups), OC_STATUS_OK);
    x[2] = -1;
    CHECK_STATUS(oc_isratio(n, n, n, x, NULL, 5, 0.95, 1, v, lo, hi, 5, &groups),
                 OC_STATUS_METHOD_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "n_ref[2]");
    x[2] = 3;
    /* oc_group_keys: sizing call, too small, NULL count. */
    CHECK_STATUS(oc_group_keys(codes, 5, NULL, 0, &groups), OC_STATUS_OK);
    CHECK(groups == 2);
    {
        uint32_t one[1];
        CHECK_STATUS(oc_group_keys(codes, 5, one, 1, &groups), OC_STATUS_INVALID_ARGUMENT);
        CHECK(groups == 2);
    }
    CHECK_STATUS(oc_group_keys(codes, 5, NULL, 0, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(oc_group_keys(NULL, 5, NULL, 0, &groups), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "groups");
}

/* The SPC reference cases: latest limits to 1e-9, icons and every point type. */
static void test_spc_cases(const char *fixtures) {
    size_t size = 0;
    char *text = runner_read_file(runner_join(fixtures, "spc_cases.txt"), &size);
    char *lines[512];
    int nlines = 0, i, ncase = 0;
    char *line, *save = NULL;
    CHECK(text != NULL);
    if (text == NULL) return;
    for (line = strtok_r(text, "\n", &save); line != NULL && nlines < 512;
         line = strtok_r(NULL, "\n", &save))
        if (line[0] != '#') lines[nlines++] = line;
    for (i = 0; i + 4 < nlines; i += 5) {
        const char *name = lines[i], *options = lines[i + 1];
        char *p = lines[i + 2], *e, *json = NULL, want_var[64], want_ass[64];
        double want[3], *values;
        size_t len = (size_t)strtoul(p, &e, 10), k;
        const char *s, *pt;
        char buf[64], *tok, *save2 = NULL;
        p = e;
        values = (double *)malloc(len * sizeof(double));
        for (k = 0; k < len; k++) {
            values[k] = strtod(p, &e);
            p = e;
        }
        CHECK(sscanf(lines[i + 3], "%lf %lf %lf %63s %63s", &want[0], &want[1], &want[2],
                     want_var, want_ass) == 5);
        CHECK_STATUS(oc_spc_xmr(values, len, options, &json), OC_STATUS_OK);
        if (json == NULL) {
            fprintf(stderr, "     case %s\n", name);
            free(values);
            continue;
        }
        ncase++;
        s = json_find(json, "summary");
        CHECK_CLOSE(json_number(json_find(s, "mean"), NULL), want[0], "summary mean", i);
        CHECK_CLOSE(json_number(json_find(s, "lpl"), NULL), want[1], "summary lpl", i);
        CHECK_CLOSE(json_number(json_find(s, "upl"), NULL), want[2], "summary upl", i);
        CHECK_STR_EQ(json_string(json_find(s, "variation_icon"), buf, sizeof buf, NULL),
                     want_var);
        json_string(json_find(s, "assurance_icon"), buf, sizeof buf, NULL);
        CHECK_STR_EQ(buf[0] ? buf : "none", want_ass);
        /* The per-point upl of the last point is the latest segment's. */
        {
            const char *u = json_find(json, "upl"), *last = NULL;
            for (u = json_next(u); u != NULL; u = json_next(u)) {
                last = u;
                json_number(u, &u);
            }
            CHECK_CLOSE(json_number(last, NULL), want[2], "last per-point upl", i);
        }
        /* Every point type. */
        pt = json_next(json_find(json, "point_type"));
        k = 0;
        for (tok = strtok_r(lines[i + 4], " ", &save2); tok != NULL;
             tok = strtok_r(NULL, " ", &save2), k++) {
            int ok = pt != NULL;
            if (ok) {
                json_string(pt, buf, sizeof buf, &pt);
                ok = strcmp(buf, tok) == 0;
                pt = json_next(pt);
            }
            runner_record(ok, __FILE__, __LINE__, "point_type");
            if (!ok) fprintf(stderr, "     %s point %u: got %s, want %s\n", name, (unsigned)k, buf, tok);
        }
        CHECK(k == len && pt == NULL);
        oc_string_free(json);
        free(values);
    }
    CHECK(ncase == 3);
    free(text);
}

static void test_spc_errors(void) {
    double values[6] = {1, 2, NAN, 4, 5, 6};
    char *json = (char *)(void *)values; /* not NULL: failures must reset it */
    const char bad_utf8[] = {'{', '"', (char)0xff, '"', ':', '1', '}', 0};

    CHECK_STATUS(oc_spc_xmr(values, 6, NULL, &json), OC_STATUS_METHOD_ERROR);
    CHECK(json == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "values[2]");
    CHECK_STATUS(oc_spc_xmr(values, 6, "{\"missing\": \"skip\"}", &json), OC_STATUS_OK);
    CHECK_CONTAINS(json, "\"missing\"");
    oc_string_free(json);
    CHECK_STATUS(oc_spc_xmr(values, 2, "{\"improvement\": \"sideways\"}", &json),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "improvement");
    CHECK_CONTAINS(oc_last_error_message(), "sideways");
    CHECK_STATUS(oc_spc_xmr(values, 2, "{\"fix_after\": 3}", &json), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "fix_after");
    CHECK_STATUS(oc_spc_xmr(values, 2, "{\"colour\": 1}", &json), OC_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(oc_last_error_message(), "colour");
    CHECK_STATUS(oc_spc_xmr(values, 2, "{", &json), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(oc_spc_xmr(values, 2, "{} x", &json), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(oc_spc_xmr(values, 2, bad_utf8, &json), OC_STATUS_INVALID_UTF8);
    CHECK_STR_EQ(oc_last_error_path(), "options_json");
    CHECK_STATUS(oc_spc_xmr(NULL, 0, NULL, &json), OC_STATUS_METHOD_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "values");
    CHECK_STATUS(oc_spc_xmr(NULL, 3, NULL, &json), OC_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(oc_spc_xmr(values, 2, NULL, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");
    /* One value: a mean, limits null (NaN). */
    CHECK_STATUS(oc_spc_xmr(values, 1, NULL, &json), OC_STATUS_OK);
    CHECK(isnan(json_number(json_find(json_find(json, "summary"), "upl"), NULL)));
    CHECK_CLOSE(json_number(json_find(json_find(json, "summary"), "mean"), NULL), 1.0, "one value",
                __LINE__);
    oc_string_free(json);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR TMP_DIR\n", argv[0]);
        return 2;
    }
    load_cases(argv[1]);
    test_reference_cases();
    test_grouped_cases();
    test_errors();
    test_spc_cases(argv[1]);
    test_spc_errors();
    free_cases();
    RUNNER_FINISH();
}
