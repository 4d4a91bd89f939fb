/*
 * C tests of the annual review: for every example under examples/ (its progress file applied
 * with oc_framework_with_progress_path when it has one, evaluated as of 2025-03-31) the
 * 2024/25 review renders in all four formats, and the Markdown, HTML and JSON are exactly the
 * committed renderings examples/NAME/review-2024-25.{md,html,json}, which
 * core/tests/report_examples.rs checks against core; the review since the previous year
 * equals core's snapshot; and every error path (NULL for each pointer, bad year, bad format,
 * a previous review that is not one or is of another framework, bad progress files).
 * ffi/tests/review.rs checks the same calls against core from Rust.
 *
 * Usage: test_review FIXTURES_DIR TMP_DIR   (the repository is FIXTURES_DIR/../../..)
 * Compiles as C11 and as C++17. The last line of output is "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outcomes.h"
#include "runner.h"

#define MAX_EXAMPLES 32

static const char *FORMATS[4] = {"md", "html", "json", "csv"};
static const char *TABLES[9] = {"summary",       "partnerships", "commitments",
                                "measures",      "value_outcomes", "value_by_kind",
                                "sharing",       "to_be_confirmed", "changes"};

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* The example directories with framework.toml and observations.csv, sorted. */
static int find_examples(const char *root, char **names) {
    DIR *d = opendir(root);
    struct dirent *e;
    int n = 0;
    if (d == NULL) return 0;
    while ((e = readdir(d)) != NULL && n < MAX_EXAMPLES) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/observations.csv", root, e->d_name);
        if (e->d_name[0] == '.' || !file_exists(path)) continue;
        snprintf(path, sizeof path, "%s/%s/framework.toml", root, e->d_name);
        if (!file_exists(path)) continue;
        names[n] = (char *)malloc(strlen(e->d_name) + 1);
        strcpy(names[n++], e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], compare_names);
    return n;
}

/* Loads an example (with its progress file, if any) and evaluates it as of `as_of`; the
 * framework and observations are freed before returning (the evaluation does not borrow
 * them). NULL when a step fails (the failure is counted). */
static oc_evaluation *evaluate_example(const char *dir, const char *as_of) {
    char path[4096], options[64];
    oc_framework *fw = NULL, *with_progress = NULL;
    oc_observations *obs = NULL;
    oc_evaluation *ev = NULL;
    snprintf(path, sizeof path, "%s/framework.toml", dir);
    CHECK_STATUS(oc_framework_from_path(path, &fw), OC_STATUS_OK);
    snprintf(path, sizeof path, "%s/progress-2024-25.toml", dir);
    if (file_exists(path)) {
        CHECK_STATUS(oc_framework_with_progress_path(fw, path, &with_progress), OC_STATUS_OK);
        oc_framework_free(fw);
        fw = with_progress;
    }
    snprintf(path, sizeof path, "%s/observations.csv", dir);
    CHECK_STATUS(oc_observations_from_csv_path(path, &obs), OC_STATUS_OK);
    snprintf(options, sizeof options, "{\"as_of\": \"%s\"}", as_of);
    CHECK_STATUS(oc_evaluate(fw, obs, options, &ev), OC_STATUS_OK);
    oc_framework_free(fw);
    oc_observations_free(obs);
    return ev;
}

/* `text` equals the file `dir/name` (when `trailing_newline`, the file has one more "\n"). */
static int equals_file(const char *text, const char *dir, const char *name,
                       int trailing_newline) {
    size_t len = 0, n;
    char *want = runner_read_file(runner_join(dir, name), &len);
    int same;
    if (want == NULL || text == NULL) {
        free(want);
        return 0;
    }
    n = strlen(text);
    same = n + (trailing_newline ? 1 : 0) == len && memcmp(text, want, n) == 0;
    if (!same) fprintf(stderr, "     differs from %s/%s\n", dir, name);
    free(want);
    return same;
}

static void check_example(const char *root, const char *name) {
    char dir[1400], head[64];
    char *text[4] = {NULL, NULL, NULL, NULL};
    oc_evaluation *ev;
    int i;
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    ev = evaluate_example(dir, "2025-03-31");
    if (ev == NULL) return;
    for (i = 0; i < 4; i++) {
        CHECK_STATUS(oc_annual_review(ev, "2024/25", FORMATS[i], &text[i]), OC_STATUS_OK);
    }
    oc_evaluation_free(ev);
    /* The review strings outlive the evaluation. */
    CHECK(text[0] != NULL && strncmp(text[0], "# Annual review 2024/25: ", 25) == 0);
    CHECK(equals_file(text[0], dir, "review-2024-25.md", 0));
    CHECK(text[1] != NULL && strncmp(text[1], "<!DOCTYPE html>", 15) == 0 &&
          strstr(text[1], "<script") == NULL);
    CHECK(equals_file(text[1], dir, "review-2024-25.html", 0));
    CHECK(text[2] != NULL && text[2][0] == '{');
    CHECK_CONTAINS(text[2], "\"year\": \"2024/25\"");
    CHECK(equals_file(text[2], dir, "review-2024-25.json", 1));
    CHECK(text[3] != NULL && strncmp(text[3], "table,summary\n", 14) == 0);
    for (i = 0; i < 9; i++) {
        snprintf(head, sizeof head, "table,%s\n", TABLES[i]);
        CHECK_CONTAINS(text[3], head);
    }
    printf("  %-34s md %zu, html %zu, json %zu, csv %zu bytes\n", name,
           text[0] ? strlen(text[0]) : 0, text[1] ? strlen(text[1]) : 0,
           text[2] ? strlen(text[2]) : 0, text[3] ? strlen(text[3]) : 0);
    for (i = 0; i < 4; i++) oc_string_free(text[i]);
}

/* The Sherwood Forest review with the previous year's review (read back from its JSON) is
 * core's snapshot; every format renders the changes. */
static void test_since(const char *repo) {
    char dir[1100], snapshots[1100], head[64];
    oc_evaluation *last_year, *ev;
    char *previous = NULL, *out = NULL;
    int i;
    snprintf(dir, sizeof dir, "%s/examples/sherwood-forest-partnerships", repo);
    snprintf(snapshots, sizeof snapshots, "%s/core/tests/snapshots", repo);
    last_year = evaluate_example(dir, "2024-03-31");
    ev = evaluate_example(dir, "2025-03-31");
    CHECK_STATUS(oc_annual_review(last_year, "2023/24", "json", &previous), OC_STATUS_OK);
    for (i = 0; i < 4; i++) {
        CHECK_STATUS(oc_annual_review_since(ev, "2024/25", previous, FORMATS[i], &out),
                     OC_STATUS_OK);
        if (i == 0) {
            CHECK(equals_file(out, snapshots, "sherwood-forest-review-2024-25-with-previous.md",
                              0));
        } else if (i == 2) {
            CHECK_CONTAINS(out, "\"previous_year\": \"2023/24\"");
        } else if (i == 3) {
            snprintf(head, sizeof head, "table,changes\n");
            CHECK_CONTAINS(out, head);
        }
        CHECK_CONTAINS(out, "2023/24");
        oc_string_free(out);
        out = NULL;
    }
    /* Without the previous review there is no changes section in the JSON. */
    CHECK_STATUS(oc_annual_review(ev, "2024/25", "json", &out), OC_STATUS_OK);
    CHECK_CONTAINS(out, "\"changes\": null");
    oc_string_free(out);
    oc_string_free(previous);
    oc_evaluation_free(last_year);
    oc_evaluation_free(ev);
}

static void test_errors(const char *repo, const char *fixtures) {
    char dir[1100], other_dir[1100], progress[1200];
    oc_evaluation *ev, *other;
    oc_framework *fw = NULL, *bad = NULL;
    char *other_previous = NULL;
    char *out = (char *)(void *)&fw; /* not NULL: failures reset it */
    const char bad_utf8[] = {'2', '0', '2', '4', '/', (char)0xff, 0};

    snprintf(dir, sizeof dir, "%s/examples/sherwood-forest-partnerships", repo);
    snprintf(other_dir, sizeof other_dir, "%s/examples/notts-joint-forward-plan", repo);
    ev = evaluate_example(dir, "2025-03-31");
    other = evaluate_example(other_dir, "2024-03-31");

    /* NULL for each pointer, named by the last error path; *out is NULL after any failure. */
    CHECK_STATUS(oc_annual_review(NULL, "2024/25", "md", &out), OC_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "ev");
    CHECK_STATUS(oc_annual_review(ev, NULL, "md", &out), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK_STATUS(oc_annual_review(ev, "2024/25", NULL, &out), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "format");
    CHECK_STATUS(oc_annual_review(ev, "2024/25", "md", NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    CHECK_STATUS(oc_annual_review_since(NULL, "2024/25", "{}", "md", &out),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "ev");
    CHECK_STATUS(oc_annual_review_since(ev, NULL, "{}", "md", &out), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", NULL, "md", &out),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "previous_json");
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", "{}", NULL, &out),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "format");
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", "{}", "md", NULL),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");

    /* Bad format (checked first), bad year: INVALID_ARGUMENT naming the argument. */
    CHECK_STATUS(oc_annual_review(ev, "2024/25", "pdf", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "format");
    CHECK_CONTAINS(oc_last_error_message(), "\"pdf\" is not a review format");
    CHECK_STATUS(oc_annual_review(ev, "2024", "markdown", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "format");
    CHECK_STATUS(oc_annual_review(ev, "2024/25", "", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(oc_annual_review(ev, "2024", "md", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK_CONTAINS(oc_last_error_message(), "not a financial year");
    CHECK_STATUS(oc_annual_review(ev, "2024/26", "html", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK_STATUS(oc_annual_review(ev, "", "csv", &out), OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK_STATUS(oc_annual_review(ev, bad_utf8, "md", &out), OC_STATUS_INVALID_UTF8);
    CHECK_STR_EQ(oc_last_error_path(), "year");
    CHECK(out == NULL);
    /* Other years review: 2023/24 from the same evaluation. */
    CHECK_STATUS(oc_annual_review(ev, "FY2023/24", "md", &out), OC_STATUS_OK);
    CHECK(out != NULL && strncmp(out, "# Annual review 2023/24: ", 25) == 0);
    oc_string_free(out);

    /* A previous review that is not one, or is of another framework. */
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", "{\"year\": ", "md", &out),
                 OC_STATUS_PARSE_ERROR);
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", "[]", "md", &out),
                 OC_STATUS_PARSE_ERROR);
    CHECK_STATUS(oc_annual_review(other, "2023/24", "json", &other_previous), OC_STATUS_OK);
    CHECK_STATUS(oc_annual_review_since(ev, "2024/25", other_previous, "md", &out),
                 OC_STATUS_INVALID_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "previous_json");
    CHECK(out == NULL);

    /* Progress files: NULLs, a missing file, a file for another framework, a bad file. */
    snprintf(progress, sizeof progress, "%s/progress-2024-25.toml", dir);
    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "framework.toml"), &fw),
                 OC_STATUS_OK);
    bad = fw; /* not NULL: failures reset it */
    CHECK_STATUS(oc_framework_with_progress_path(NULL, progress, &bad), OC_STATUS_NULL_ARGUMENT);
    CHECK(bad == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_framework_with_progress_path(fw, NULL, &bad), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "path");
    CHECK_STATUS(oc_framework_with_progress_path(fw, progress, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    CHECK_STATUS(oc_framework_with_progress_path(fw, progress, &bad),
                 OC_STATUS_VALIDATION_ERROR);
    CHECK_STR_EQ(oc_last_error_path(), "framework");
    CHECK_CONTAINS(oc_last_error_message(), "progress-2024-25.toml");
    CHECK_STATUS(oc_framework_with_progress_path(fw, runner_join(fixtures, "no-such.toml"), &bad),
                 OC_STATUS_IO_ERROR);
    CHECK_STATUS(oc_framework_with_progress_path(fw, runner_join(fixtures, "observations.csv"),
                                                 &bad),
                 OC_STATUS_PARSE_ERROR);
    CHECK_CONTAINS(oc_last_error_message(), "observations.csv");
    CHECK(bad == NULL);

    oc_string_free(other_previous);
    oc_framework_free(fw);
    oc_evaluation_free(ev);
    oc_evaluation_free(other);
}

int main(int argc, char **argv) {
    char repo[1024], root[1100], *names[MAX_EXAMPLES];
    int n, i;
    if (argc != 3 || strlen(argv[1]) > 1000) {
        fprintf(stderr, "usage: %s FIXTURES_DIR TMP_DIR\n", argv[0]);
        return 2;
    }
    snprintf(repo, sizeof repo, "%s/../../..", argv[1]);
    snprintf(root, sizeof root, "%s/examples", repo);
    n = find_examples(root, names);
    CHECK(n >= 5);
    for (i = 0; i < n; i++) {
        check_example(root, names[i]);
        free(names[i]);
    }
    test_since(repo);
    test_errors(repo, argv[1]);
    RUNNER_FINISH();
}
