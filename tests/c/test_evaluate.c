/*
 * C tests of oc_evaluate: every example under examples/ (framework.toml + observations.csv)
 * evaluates; the CSV and JSON hold what they should (statuses, RAG colours that match them,
 * the options used); the result does not depend on the inputs staying alive; options and
 * every error path. ffi/tests/evaluate_stats.rs checks the same calls give exactly the core's
 * JSON and CSV.
 *
 * Usage: test_evaluate FIXTURES_DIR TMP_DIR   (examples/ is found from FIXTURES_DIR/../../..)
 * Compiles as C11 and as C++17. The last line of output is "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json_lite.h"
#include "outcomes.h"
#include "runner.h"

#define MAX_EXAMPLES 32

static const char *HEADER =
    "measure,title,area,age,breakdown,unit,polarity,points,latest_period,latest_value,"
    "latest_lower,latest_upper,baseline_period,baseline_value,target_kind,target_value,"
    "target_by,progress,trajectory_value,status,rag,reason,comparison,trend";

/* Splits one CSV record (RFC 4180) starting at *p into fields (pointers into `out`, which
 * receives the unquoted text); returns the number of fields and moves *p to the next record. */
static int csv_record(const char **p, char *out, size_t out_size, char **fields, int max) {
    const char *s = *p;
    size_t o = 0;
    int n = 0;
    if (*s == '\0') return 0;
    while (n < max) {
        fields[n++] = out + o;
        if (*s == '"') {
            s++;
            while (*s != '\0') {
                if (*s == '"' && s[1] == '"') {
                    if (o + 1 < out_size) out[o++] = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (o + 1 < out_size) out[o++] = *s;
                    s++;
                }
            }
        } else {
            while (*s != '\0' && *s != ',' && *s != '\n' && *s != '\r') {
                if (o + 1 < out_size) out[o++] = *s;
                s++;
            }
        }
        if (o < out_size) out[o++] = '\0';
        if (*s == ',') {
            s++;
            continue;
        }
        break;
    }
    if (*s == '\r') s++;
    if (*s == '\n') s++;
    *p = s;
    return n;
}

static const char *rag_of(const char *status) {
    if (strcmp(status, "achieved") == 0) return "blue";
    if (strcmp(status, "on_track") == 0) return "green";
    if (strcmp(status, "at_risk") == 0) return "amber";
    if (strcmp(status, "off_track") == 0) return "red";
    if (strcmp(status, "not_assessable") == 0) return "grey";
    return NULL;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The example directories with framework.toml and observations.csv, sorted. */
static int find_examples(const char *root, char **names) {
    DIR *d = opendir(root);
    struct dirent *e;
    int n = 0;
    if (d == NULL) return 0;
    while ((e = readdir(d)) != NULL && n < MAX_EXAMPLES) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s/observations.csv", root, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) != 0) continue;
        snprintf(path, sizeof path, "%s/%s/framework.toml", root, e->d_name);
        if (stat(path, &st) != 0) continue;
        names[n] = (char *)malloc(strlen(e->d_name) + 1);
        strcpy(names[n++], e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], compare_names);
    return n;
}

/* Evaluates one example and checks what the outputs hold. */
static void check_example(const char *root, const char *name) {
    char fw_path[4096], obs_path[4096], record[65536], *fields[32];
    oc_framework *fw = NULL;
    oc_observations *obs = NULL;
    oc_evaluation *ev = NULL, *again = NULL, *dated = NULL;
    char *json = NULL, *json2 = NULL, *csv = NULL, *csv2 = NULL, *dated_json = NULL;
    char as_of[32], buf[64];
    const char *p;
    int rows = 0, rows_ok = 0, nfields;

    snprintf(fw_path, sizeof fw_path, "%s/%s/framework.toml", root, name);
    snprintf(obs_path, sizeof obs_path, "%s/%s/observations.csv", root, name);
    CHECK_STATUS(oc_framework_from_path(fw_path, &fw), OC_STATUS_OK);
    CHECK_STATUS(oc_observations_from_csv_path(obs_path, &obs), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluate(fw, obs, NULL, &ev), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluate(fw, obs, "{}", &again), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"as_of\": \"2025-03-31\", \"confidence\": 0.998}",
                             &dated),
                 OC_STATUS_OK);
    /* The evaluations do not borrow their inputs. */
    oc_framework_free(fw);
    oc_observations_free(obs);
    if (ev == NULL || again == NULL || dated == NULL) {
        fprintf(stderr, "     example %s did not evaluate\n", name);
        oc_evaluation_free(ev);
        oc_evaluation_free(again);
        oc_evaluation_free(dated);
        return;
    }

    CHECK_STATUS(oc_evaluation_to_json(ev, &json), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_json(again, &json2), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_csv(ev, &csv), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_csv(again, &csv2), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_json(dated, &dated_json), OC_STATUS_OK);
    /* NULL options and "{}" are the defaults: the same result (numbers to 1e-12: the
     * completeness score's last bit depends on hash order in core). */
    CHECK_STR_EQ(csv, csv2);
    CHECK(json != NULL && json2 != NULL && json_equal_tol(json, json2, 1e-12));

    /* JSON: the framework, the date, the options used. */
    json_string(json_find(json, "as_of"), as_of, sizeof as_of, NULL);
    CHECK(strlen(as_of) == 10 && as_of[4] == '-' && as_of[7] == '-');
    CHECK(json_number(json_find(json_find(json, "options"), "confidence"), NULL) == 0.95);
    CHECK(json_find(json, "measures") != NULL && json_find(json, "completeness") != NULL);
    CHECK_STR_EQ(json_string(json_find(dated_json, "as_of"), buf, sizeof buf, NULL),
                 "2025-03-31");
    CHECK(json_number(json_find(json_find(dated_json, "options"), "confidence"), NULL) == 0.998);
    /* The framework's overall status is one of the five, with its colour. */
    json_string(json_find(json_find(json, "summary"), "status"), buf, sizeof buf, NULL);
    CHECK(rag_of(buf) != NULL);
    {
        char rag[32];
        json_string(json_find(json_find(json, "summary"), "rag"), rag, sizeof rag, NULL);
        CHECK(rag_of(buf) != NULL && strcmp(rag_of(buf), rag) == 0);
    }

    /* CSV: the header, then rows whose status and RAG agree. */
    p = csv;
    if (p != NULL) {
        const char *eol = strchr(p, '\n');
        CHECK(eol != NULL && (size_t)(eol - p) == strlen(HEADER) &&
              strncmp(p, HEADER, strlen(HEADER)) == 0);
        p = eol != NULL ? eol + 1 : "";
        while ((nfields = csv_record(&p, record, sizeof record, fields, 32)) > 0) {
            const char *rag = rag_of(fields[19]);
            rows++;
            rows_ok += nfields == 24 && fields[0][0] != '\0' && rag != NULL &&
                       strcmp(rag, fields[20]) == 0;
        }
    }
    CHECK(rows > 0);
    CHECK(rows_ok == rows);
    if (rows_ok != rows) fprintf(stderr, "     %s: %d of %d rows ok\n", name, rows_ok, rows);
    printf("  %-34s as_of %s, %d measure rows\n", name, as_of, rows);

    oc_string_free(json);
    oc_string_free(json2);
    oc_string_free(csv);
    oc_string_free(csv2);
    oc_string_free(dated_json);
    oc_evaluation_free(ev);
    oc_evaluation_free(again);
    oc_evaluation_free(dated);
}

static void test_errors(const char *fixtures) {
    oc_framework *fw = NULL, *problems = NULL;
    oc_observations *obs = NULL, *unknown = NULL;
    oc_evaluation *ev = (oc_evaluation *)(void *)&fw; /* not NULL: failures reset it */
    char *out = (char *)(void *)&fw;
    const char bad_utf8[] = {'{', '"', 'a', 's', '_', 'o', 'f', '"', ':', '"', (char)0xc3, '"',
                             '}', 0};

    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "framework.toml"), &fw),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "problems.toml"), &problems),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_observations_from_csv_path(runner_join(fixtures, "observations.csv"), &obs),
                 OC_STATUS_OK);
    CHECK_STATUS(
        oc_observations_from_csv_path(runner_join(fixtures, "unknown_measure.csv"), &unknown),
        OC_STATUS_OK);

    CHECK_STATUS(oc_evaluate(NULL, obs, NULL, &ev), OC_STATUS_NULL_ARGUMENT);
    CHECK(ev == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_evaluate(fw, NULL, NULL, &ev), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "obs");
    CHECK_STATUS(oc_evaluate(fw, obs, NULL, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    /* Options: out of range, unknown key, wrong type, malformed, not UTF-8, bad date. */
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"tolerance\": {\"relative\": 2}}", &ev),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "tolerance.relative");
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"confidance\": 0.95}", &ev), OC_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(oc_last_error_message(), "confidance");
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"spc_min_points\": \"many\"}", &ev),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "spc_min_points");
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"confidence\": 0.5}", &ev), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "confidence");
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"rollup\": ", &ev), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(oc_evaluate(fw, obs, bad_utf8, &ev), OC_STATUS_INVALID_UTF8);
    CHECK_STR_EQ(oc_last_error_path(), "options_json");
    CHECK_STATUS(oc_evaluate(fw, obs, "{\"as_of\": \"31/03/2025\"}", &ev),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "as_of");
    CHECK(ev == NULL);
    /* A framework with validation errors is refused, naming the first. */
    CHECK_STATUS(oc_evaluate(problems, obs, NULL, &ev), OC_STATUS_VALIDATION_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "measures[0].targets[0].by");
    /* Observations for a measure the framework lacks do not stop an evaluation. */
    CHECK_STATUS(oc_evaluate(fw, unknown, NULL, &ev), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_csv(ev, &out), OC_STATUS_OK);
    CHECK_CONTAINS(out, "smoking");
    oc_string_free(out);
    /* NULL handles and out-parameters for the writers. */
    out = (char *)(void *)&fw;
    CHECK_STATUS(oc_evaluation_to_json(NULL, &out), OC_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "ev");
    CHECK_STATUS(oc_evaluation_to_json(ev, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");
    CHECK_STATUS(oc_evaluation_to_csv(NULL, &out), OC_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(oc_evaluation_to_csv(ev, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_csv");
    oc_evaluation_free(ev);
    oc_evaluation_free(NULL);
    oc_framework_free(fw);
    oc_framework_free(problems);
    oc_observations_free(obs);
    oc_observations_free(unknown);
}

int main(int argc, char **argv) {
    char root[4096], *names[MAX_EXAMPLES];
    int n, i;
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR TMP_DIR\n", argv[0]);
        return 2;
    }
    snprintf(root, sizeof root, "%s/../../../examples", argv[1]);
    n = find_examples(root, names);
    CHECK(n >= 5);
    for (i = 0; i < n; i++) {
        check_example(root, names[i]);
        free(names[i]);
    }
    test_errors(argv[1]);
    RUNNER_FINISH();
}
