/*
 * The last error is per thread: 8 threads load frameworks and observations at once, each
 * making its own distinct errors, and each checks it sees its own message, never another
 * thread's. All threads also read one shared framework handle, and evaluate one shared
 * example framework and its observations concurrently: every thread's evaluations must equal
 * the one the main thread made before starting them.
 *
 * Usage: test_threads FIXTURES_DIR TMP_DIR
 * The last line of output is "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lite.h"
#include "outcomes.h"
#include "runner.h"

#define THREADS 8
#define ROUNDS 60
/* The example evaluated from every thread: it has SPC summaries, statuses and roll-ups, and is quick. */
#define EXAMPLE "nuh-provider-collaboratives"

typedef struct {
    int id;
    const char *fixtures;
    const char *tmpdir;
    const oc_framework *shared;
    const oc_framework *example;
    const oc_observations *example_obs;
    const char *want_csv;
    const char *want_json;
    int evaluations;
    pthread_barrier_t *start;
    int passed;
    int failed;
    char first_failure[512];
} worker;

static void worker_check(worker *w, int ok, int line, const char *what) {
    if (ok) {
        w->passed++;
    } else {
        if (w->failed == 0) {
            snprintf(w->first_failure, sizeof w->first_failure,
                     "thread %d, line %d: %s (last error: %s)", w->id, line, what,
                     oc_last_error_message());
        }
        w->failed++;
    }
}

#define W_CHECK(w, cond) worker_check((w), (cond) ? 1 : 0, __LINE__, #cond)

static void *work(void *arg) {
    worker *w = (worker *)arg;
    char missing[1024], csv[1024], bad_json[512], want[256];
    int round;

    snprintf(missing, sizeof missing, "%s/missing-thread-%d.toml", w->tmpdir, w->id);
    snprintf(csv, sizeof csv, "%s/observations.csv", w->fixtures);
    snprintf(bad_json, sizeof bad_json,
             "{\"schema_version\": 1, \"id\": \"t%d\", \"title\": \"T\","
             " \"period\": {\"from\": \"2023/24\", \"to\": \"2027/28\"},"
             " \"measures\": [{\"id\": \"m\", \"title\": \"M\", \"unit\": \"unit-of-thread-%d\","
             " \"polarity\": \"lower_is_better\"}]}",
             w->id, w->id);

    pthread_barrier_wait(w->start);
    for (round = 0; round < ROUNDS; round++) {
        oc_framework *fw = NULL;
        oc_observations *obs = NULL;
        char *diags = NULL;
        if ((round + w->id) % 10 == 9) { /* evaluate the shared example: the main thread's result */
            oc_evaluation *ev = NULL;
            char *csv_out = NULL, *json_out = NULL, options[128];
            W_CHECK(w, oc_evaluate(w->example, w->example_obs, NULL, &ev) == OC_STATUS_OK);
            W_CHECK(w, oc_evaluation_to_csv(ev, &csv_out) == OC_STATUS_OK);
            W_CHECK(w, oc_evaluation_to_json(ev, &json_out) == OC_STATUS_OK);
            W_CHECK(w, csv_out != NULL && strcmp(csv_out, w->want_csv) == 0);
            /* numbers to 1e-12: core's completeness score depends on hash order in its last bit */
            W_CHECK(w, json_out != NULL && json_equal_tol(json_out, w->want_json, 1e-12));
            oc_string_free(csv_out);
            oc_string_free(json_out);
            oc_evaluation_free(ev);
            w->evaluations++;
            /* and an evaluation error of this thread's own */
            snprintf(options, sizeof options, "{\"as_of\": \"thread-%d\"}", w->id);
            snprintf(want, sizeof want, "thread-%d", w->id);
            W_CHECK(w, oc_evaluate(w->example, w->example_obs, options, &ev) ==
                           OC_STATUS_INVALID_ARGUMENT);
            W_CHECK(w, ev == NULL);
            W_CHECK(w, strcmp(oc_last_error_path(), "as_of") == 0);
            W_CHECK(w, strstr(oc_last_error_message(), want) != NULL);
            continue;
        }
        switch ((round + w->id) % 4) {
        case 0: /* an I/O error naming this thread's file */
            W_CHECK(w, oc_framework_from_path(missing, &fw) == OC_STATUS_IO_ERROR);
            W_CHECK(w, fw == NULL);
            W_CHECK(w, strcmp(oc_last_error_path(), missing) == 0);
            W_CHECK(w, strstr(oc_last_error_message(), missing) != NULL);
            break;
        case 1: /* a parse error naming this thread's unit */
            W_CHECK(w, oc_framework_from_json(bad_json, strlen(bad_json), &fw) ==
                           OC_STATUS_PARSE_ERROR);
            snprintf(want, sizeof want, "unknown variant `unit-of-thread-%d`", w->id);
            W_CHECK(w, strstr(oc_last_error_message(), want) != NULL);
            W_CHECK(w, strcmp(oc_last_error_path(), "measures[0].unit") == 0);
            break;
        case 2: /* a NULL argument: the path is the argument's name */
            W_CHECK(w, oc_observations_len(NULL, NULL) == OC_STATUS_NULL_ARGUMENT);
            W_CHECK(w, strcmp(oc_last_error_path(), "out_len") == 0);
            break;
        default: /* success on the shared handle and a fresh load: the error is cleared */
            W_CHECK(w, oc_framework_validate(w->shared, &diags) == OC_STATUS_OK);
            W_CHECK(w, diags != NULL && strcmp(diags, "[]") == 0);
            W_CHECK(w, strcmp(oc_last_error_message(), "") == 0);
            oc_string_free(diags);
            W_CHECK(w, oc_observations_from_csv_path(csv, &obs) == OC_STATUS_OK);
            W_CHECK(w, oc_observations_check(obs, w->shared, &diags) == OC_STATUS_OK);
            W_CHECK(w, diags != NULL && strcmp(diags, "[]") == 0);
            oc_string_free(diags);
            oc_observations_free(obs);
            break;
        }
        oc_framework_free(fw);
    }
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t threads[THREADS];
    worker workers[THREADS];
    pthread_barrier_t start;
    oc_framework *shared = NULL, *example = NULL;
    oc_observations *example_obs = NULL;
    oc_evaluation *ev = NULL;
    char *want_csv = NULL, *want_json = NULL, path[4096];
    int i;

    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR TMP_DIR\n", argv[0]);
        return 2;
    }
    CHECK_STATUS(oc_framework_from_path(runner_join(argv[1], "framework.toml"), &shared),
                 OC_STATUS_OK);
    if (shared == NULL) {
        RUNNER_FINISH();
    }
    /* The example every thread evaluates, and the main thread's result to compare with. */
    snprintf(path, sizeof path, "%s/../../../examples/%s/framework.toml", argv[1], EXAMPLE);
    CHECK_STATUS(oc_framework_from_path(path, &example), OC_STATUS_OK);
    snprintf(path, sizeof path, "%s/../../../examples/%s/observations.csv", argv[1], EXAMPLE);
    CHECK_STATUS(oc_observations_from_csv_path(path, &example_obs), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluate(example, example_obs, NULL, &ev), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_csv(ev, &want_csv), OC_STATUS_OK);
    CHECK_STATUS(oc_evaluation_to_json(ev, &want_json), OC_STATUS_OK);
    oc_evaluation_free(ev);
    if (want_csv == NULL || want_json == NULL) {
        RUNNER_FINISH();
    }
    /* The main thread's own error must survive the workers' errors. */
    CHECK_STATUS(oc_framework_from_path("/main-thread/not-there.toml", NULL),
                 OC_STATUS_NULL_ARGUMENT);

    CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].id = i;
        workers[i].fixtures = argv[1];
        workers[i].tmpdir = argv[2];
        workers[i].shared = shared;
        workers[i].example = example;
        workers[i].example_obs = example_obs;
        workers[i].want_csv = want_csv;
        workers[i].want_json = want_json;
        workers[i].start = &start;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        runner_passed += workers[i].passed;
        runner_failed += workers[i].failed;
        if (workers[i].failed > 0) {
            fprintf(stderr, "FAIL %d checks; first: %s\n", workers[i].failed,
                    workers[i].first_failure);
        }
        CHECK(workers[i].passed > 0);
        CHECK(workers[i].evaluations == ROUNDS / 10);
    }
    pthread_barrier_destroy(&start);

    CHECK_STR_EQ(oc_last_error_path(), "out");
    CHECK_CONTAINS(oc_last_error_message(), "out: `out` is NULL");
    oc_framework_free(shared);
    oc_framework_free(example);
    oc_observations_free(example_obs);
    oc_string_free(want_csv);
    oc_string_free(want_json);
    RUNNER_FINISH();
}
