/*
 * C tests of liboutcomes: loading, validation, observations, version, and every error path.
 *
 * Usage: test_api FIXTURES_DIR TMP_DIR
 * Compiles as C11 and as C++17 (tests/c/run.sh does both). The last line of output is
 * "N passed, M failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "runner.h"

static const char *fixtures;
static const char *tmpdir;

/* A non-NULL value to put in out-parameters, to see that failures reset them to NULL. */
static int sentinel_target;
#define SENTINEL_FW ((oc_framework *)(void *)&sentinel_target)
#define SENTINEL_OBS ((oc_observations *)(void *)&sentinel_target)
#define SENTINEL_STR ((char *)(void *)&sentinel_target)

static const char *CLEAN_JSON =
    "{\"schema_version\": 1, \"id\": \"demo\", \"title\": \"Demo strategy\","
    " \"period\": {\"from\": \"2023/24\", \"to\": \"2027/28\"},"
    " \"measures\": [{\"id\": \"smoking\", \"title\": \"Smoking at time of delivery\","
    " \"unit\": \"percent\", \"polarity\": \"lower_is_better\","
    " \"source\": {\"name\": \"Fingertips\", \"indicator\": \"93085\"},"
    " \"baselines\": [{\"period\": \"2021/22\", \"value\": 13.0}],"
    " \"targets\": [{\"kind\": \"absolute\", \"value\": 10.0, \"by\": \"2027/28\"}]}]}";

static const char *BAD_UNIT_JSON =
    "{\"schema_version\": 1, \"id\": \"x\", \"title\": \"X\",\n"
    " \"period\": {\"from\": \"2023/24\", \"to\": \"2027/28\"},\n"
    " \"measures\": [{\"id\": \"m\", \"title\": \"M\", \"unit\": \"percentage\","
    " \"polarity\": \"lower_is_better\"}]}";

static const char *OBS_JSON =
    "[{\"measure\": \"smoking\", \"period\": \"2022/23\", \"value\": 12.1},"
    " {\"measure\": \"smoking\", \"period\": \"2023/24\", \"value\": 11.4,"
    " \"numerator\": 342, \"denominator\": 3000}]";

static void test_version(void) {
    char parts[64];
    CHECK_STR_EQ(oc_version(), OUTCOMES_VERSION);
    snprintf(parts, sizeof parts, "%d.%d.%d", (int)OUTCOMES_VERSION_MAJOR,
             (int)OUTCOMES_VERSION_MINOR, (int)OUTCOMES_VERSION_PATCH);
    CHECK_STR_EQ(parts, OUTCOMES_VERSION);
    CHECK(sizeof(oc_status) == 4);
    CHECK(OC_STATUS_OK == 0);
}

/* Loads a fixture file's text. */
static char *fixture_text(const char *name, size_t *len) {
    char *text = runner_read_file(runner_join(fixtures, name), len);
    CHECK(text != NULL);
    return text;
}

static void test_framework_from_toml_json_and_path(void) {
    size_t len = 0;
    char *toml = fixture_text("framework.toml", &len);
    oc_framework *from_toml = NULL, *from_json = NULL, *from_path = NULL, *again = NULL;
    char *json = NULL, *json2 = NULL, *diags = NULL, *toml_out = NULL;
    FILE *f;
    const char *json_path;

    CHECK_STATUS(oc_framework_from_toml(toml, len, &from_toml), OC_STATUS_OK);
    CHECK(from_toml != NULL);
    CHECK_STR_EQ(oc_last_error_message(), "");
    CHECK_STATUS(oc_framework_validate(from_toml, &diags), OC_STATUS_OK);
    CHECK_STR_EQ(diags, "[]");
    oc_string_free(diags);

    /* JSON written by the library reads back to the same framework. */
    CHECK_STATUS(oc_framework_to_json(from_toml, &json), OC_STATUS_OK);
    CHECK_CONTAINS(json, "\"id\": \"demo\"");
    CHECK_STATUS(oc_framework_from_json(json, strlen(json), &from_json), OC_STATUS_OK);
    CHECK_STATUS(oc_framework_to_json(from_json, &json2), OC_STATUS_OK);
    CHECK_STR_EQ(json2, json);
    oc_string_free(json2);
    json2 = NULL;

    /* TOML written by the library reads back too. */
    CHECK_STATUS(oc_framework_to_toml(from_json, &toml_out), OC_STATUS_OK);
    CHECK_CONTAINS(toml_out, "id = \"demo\"");
    CHECK_STATUS(oc_framework_from_toml(toml_out, strlen(toml_out), &again), OC_STATUS_OK);
    CHECK_STATUS(oc_framework_to_json(again, &json2), OC_STATUS_OK);
    CHECK_STR_EQ(json2, json);
    oc_string_free(json2);
    json2 = NULL;
    oc_string_free(toml_out);
    oc_framework_free(again);

    /* From a path: the TOML fixture and a JSON copy written here. */
    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "framework.toml"), &from_path),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_framework_to_json(from_path, &json2), OC_STATUS_OK);
    CHECK_STR_EQ(json2, json);
    oc_string_free(json2);
    json2 = NULL;
    oc_framework_free(from_path);
    from_path = NULL;

    json_path = runner_join(tmpdir, "framework.json");
    f = fopen(json_path, "wb");
    CHECK(f != NULL);
    if (f != NULL) {
        fputs(json, f);
        fclose(f);
        CHECK_STATUS(oc_framework_from_path(json_path, &from_path), OC_STATUS_OK);
        CHECK_STATUS(oc_framework_to_json(from_path, &json2), OC_STATUS_OK);
        CHECK_STR_EQ(json2, json);
        oc_string_free(json2);
        oc_framework_free(from_path);
    }

    /* The same framework written by hand as JSON. */
    oc_framework_free(from_json);
    from_json = NULL;
    CHECK_STATUS(oc_framework_from_json(CLEAN_JSON, strlen(CLEAN_JSON), &from_json),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_framework_validate(from_json, &diags), OC_STATUS_OK);
    CHECK_STR_EQ(diags, "[]");
    oc_string_free(diags);

    oc_framework_free(from_json);
    oc_framework_free(from_toml);
    oc_string_free(json);
    free(toml);
}

static void test_text_need_not_be_nul_terminated(void) {
    /* The length decides: trailing bytes past `len` are never read as part of the text. */
    size_t n = strlen(CLEAN_JSON);
    char *buf = (char *)malloc(n + 8);
    oc_framework *fw = NULL;
    memcpy(buf, CLEAN_JSON, n);
    memcpy(buf + n, "garbage", 7); /* no NUL anywhere */
    CHECK_STATUS(oc_framework_from_json(buf, n, &fw), OC_STATUS_OK);
    oc_framework_free(fw);
    fw = NULL;
    /* With the garbage included it is an error after the document. */
    CHECK_STATUS(oc_framework_from_json(buf, n + 7, &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    free(buf);
}

static void test_validate_reports_every_problem(void) {
    oc_framework *fw = NULL;
    char *diags = NULL;
    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "problems.toml"), &fw),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_framework_validate(fw, &diags), OC_STATUS_OK);
    /* Errors first, then warnings; each object is path, severity, code, message. */
    CHECK(diags != NULL && diags[0] == '[');
    CHECK_CONTAINS(diags,
                   "[{\"path\":\"measures[0].targets[0].by\",\"severity\":\"error\","
                   "\"code\":\"bad_period\",\"message\":\"\\\"2024/26\\\" is not a financial year");
    CHECK_CONTAINS(diags,
                   "},{\"path\":\"measures[0].source\",\"severity\":\"warning\","
                   "\"code\":\"missing_source\",\"message\":\"measure \\\"smoking\\\" has no data source");
    oc_string_free(diags);
    oc_framework_free(fw);
}

static void test_observations(void) {
    oc_framework *fw = NULL;
    oc_observations *csv = NULL, *ft = NULL, *js = NULL, *back = NULL, *unknown = NULL;
    size_t n = 99;
    char *json = NULL, *json2 = NULL, *diags = NULL;

    CHECK_STATUS(oc_framework_from_path(runner_join(fixtures, "framework.toml"), &fw),
                 OC_STATUS_OK);

    CHECK_STATUS(oc_observations_from_csv_path(runner_join(fixtures, "observations.csv"), &csv),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_observations_len(csv, &n), OC_STATUS_OK);
    CHECK(n == 3);
    CHECK_STATUS(oc_observations_check(csv, fw, &diags), OC_STATUS_OK);
    CHECK_STR_EQ(diags, "[]");
    oc_string_free(diags);

    /* JSON round trip. */
    CHECK_STATUS(oc_observations_to_json(csv, &json), OC_STATUS_OK);
    CHECK_CONTAINS(json, "\"numerator\": 390.0");
    CHECK_STATUS(oc_observations_from_json(json, strlen(json), &back), OC_STATUS_OK);
    CHECK_STATUS(oc_observations_to_json(back, &json2), OC_STATUS_OK);
    CHECK_STR_EQ(json2, json);

    /* Hand-written JSON rows, bare array and wrapped. */
    CHECK_STATUS(oc_observations_from_json(OBS_JSON, strlen(OBS_JSON), &js), OC_STATUS_OK);
    n = 0;
    CHECK_STATUS(oc_observations_len(js, &n), OC_STATUS_OK);
    CHECK(n == 2);
    oc_observations_free(js);
    js = NULL;
    {
        const char *wrapped = "{\"observations\": [{\"measure\": \"smoking\", "
                              "\"period\": \"2023/24\", \"value\": 11.4}]}";
        CHECK_STATUS(oc_observations_from_json(wrapped, strlen(wrapped), &js), OC_STATUS_OK);
        CHECK_STATUS(oc_observations_len(js, &n), OC_STATUS_OK);
        CHECK(n == 1);
        oc_observations_free(js);
    }

    /* Fingertips export: 10 rows. */
    CHECK_STATUS(oc_observations_from_fingertips_csv_path(runner_join(fixtures, "fingertips.csv"),
                                                          &ft),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_observations_len(ft, &n), OC_STATUS_OK);
    CHECK(n == 10);

    /* A measure the framework does not have is reported with the row. */
    CHECK_STATUS(oc_observations_from_csv_path(runner_join(fixtures, "unknown_measure.csv"),
                                               &unknown),
                 OC_STATUS_OK);
    CHECK_STATUS(oc_observations_check(unknown, fw, &diags), OC_STATUS_OK);
    CHECK_CONTAINS(diags, "[{\"path\":\"line 3 (measure)\",\"severity\":\"error\","
                          "\"code\":\"unknown_reference\",\"message\":\"the framework has no "
                          "measure \\\"obesity\\\"");
    oc_string_free(diags);

    oc_string_free(json);
    oc_string_free(json2);
    oc_observations_free(unknown);
    oc_observations_free(ft);
    oc_observations_free(back);
    oc_observations_free(csv);
    oc_framework_free(fw);
}

/* Every NULL pointer argument gives OC_STATUS_NULL_ARGUMENT, names the argument, and leaves
 * out-parameters NULL. */
static void test_null_arguments(void) {
    oc_framework *fw = NULL, *good_fw = NULL;
    oc_observations *obs = NULL, *good_obs = NULL;
    char *s = NULL;
    size_t n = 7;
    const char *fw_path = runner_join(fixtures, "framework.toml");

    CHECK_STATUS(oc_framework_from_path(fw_path, &good_fw), OC_STATUS_OK);
    CHECK_STATUS(oc_observations_from_json(OBS_JSON, strlen(OBS_JSON), &good_obs), OC_STATUS_OK);

    /* oc_framework_from_json / _from_toml: text NULL with a length, out NULL. */
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_json(NULL, 5, &fw), OC_STATUS_NULL_ARGUMENT);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "json");
    CHECK_CONTAINS(oc_last_error_message(), "json: `json` is NULL");
    CHECK_STATUS(oc_framework_from_json(CLEAN_JSON, strlen(CLEAN_JSON), NULL),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_toml(NULL, 5, &fw), OC_STATUS_NULL_ARGUMENT);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "toml");
    CHECK_STATUS(oc_framework_from_toml("x", 1, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");

    /* (NULL, 0) is documented as empty text: accepted, and empty text is a parse error. */
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_json(NULL, 0, &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_toml(NULL, 0, &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_json(NULL, 0, &obs), OC_STATUS_PARSE_ERROR);
    CHECK(obs == NULL);

    /* oc_framework_from_path. */
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_path(NULL, &fw), OC_STATUS_NULL_ARGUMENT);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "path");
    CHECK_STATUS(oc_framework_from_path(fw_path, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");

    /* oc_framework_validate / _to_json / _to_toml. */
    s = SENTINEL_STR;
    CHECK_STATUS(oc_framework_validate(NULL, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_framework_validate(good_fw, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");
    s = SENTINEL_STR;
    CHECK_STATUS(oc_framework_to_json(NULL, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_framework_to_json(good_fw, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");
    s = SENTINEL_STR;
    CHECK_STATUS(oc_framework_to_toml(NULL, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_framework_to_toml(good_fw, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_toml");

    /* Observations readers. */
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_csv_path(NULL, &obs), OC_STATUS_NULL_ARGUMENT);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "path");
    CHECK_STATUS(oc_observations_from_csv_path(runner_join(fixtures, "observations.csv"), NULL),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_fingertips_csv_path(NULL, &obs), OC_STATUS_NULL_ARGUMENT);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "path");
    CHECK_STATUS(oc_observations_from_fingertips_csv_path(runner_join(fixtures, "fingertips.csv"),
                                                          NULL),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_json(NULL, 3, &obs), OC_STATUS_NULL_ARGUMENT);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "json");
    CHECK_STATUS(oc_observations_from_json(OBS_JSON, strlen(OBS_JSON), NULL),
                 OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out");

    /* oc_observations_len / _to_json / _check. */
    CHECK_STATUS(oc_observations_len(NULL, &n), OC_STATUS_NULL_ARGUMENT);
    CHECK(n == 0);
    CHECK_STR_EQ(oc_last_error_path(), "obs");
    CHECK_STATUS(oc_observations_len(good_obs, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_len");
    s = SENTINEL_STR;
    CHECK_STATUS(oc_observations_to_json(NULL, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "obs");
    CHECK_STATUS(oc_observations_to_json(good_obs, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");
    s = SENTINEL_STR;
    CHECK_STATUS(oc_observations_check(NULL, good_fw, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "obs");
    s = SENTINEL_STR;
    CHECK_STATUS(oc_observations_check(good_obs, NULL, &s), OC_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "fw");
    CHECK_STATUS(oc_observations_check(good_obs, good_fw, NULL), OC_STATUS_NULL_ARGUMENT);
    CHECK_STR_EQ(oc_last_error_path(), "out_json");

    /* Every free accepts NULL. */
    oc_framework_free(NULL);
    oc_observations_free(NULL);
    oc_string_free(NULL);
    CHECK(1);

    oc_observations_free(good_obs);
    oc_framework_free(good_fw);
}

static void test_invalid_utf8(void) {
    /* "caf\xE9": Latin-1, not UTF-8; the bad byte is at offset 26 in the JSON below. */
    const char *json = "{\"schema_version\": 1, \"caf\xE9\": 1}";
    oc_framework *fw = SENTINEL_FW;
    oc_observations *obs = SENTINEL_OBS;
    char path[4096];

    CHECK_STATUS(oc_framework_from_json(json, strlen(json), &fw), OC_STATUS_INVALID_UTF8);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "json");
    CHECK_CONTAINS(oc_last_error_message(), "not valid UTF-8 (first bad byte at offset 26)");
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_toml("id = \"\xFF\"", 8, &fw), OC_STATUS_INVALID_UTF8);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "toml");
    CHECK_STATUS(oc_observations_from_json("[\"\xC3\"]", 4, &obs), OC_STATUS_INVALID_UTF8);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "json");

    snprintf(path, sizeof path, "%s/\xFF\xFE.toml", fixtures);
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_path(path, &fw), OC_STATUS_INVALID_UTF8);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "path");
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_csv_path(path, &obs), OC_STATUS_INVALID_UTF8);
    CHECK(obs == NULL);
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_fingertips_csv_path(path, &obs), OC_STATUS_INVALID_UTF8);
    CHECK(obs == NULL);
}

static void test_malformed_input(void) {
    oc_framework *fw = SENTINEL_FW;
    oc_observations *obs = SENTINEL_OBS;
    const char *json;

    /* An unknown enum value: the message starts with the field's path. */
    CHECK_STATUS(oc_framework_from_json(BAD_UNIT_JSON, strlen(BAD_UNIT_JSON), &fw),
                 OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "measures[0].unit");
    CHECK_CONTAINS(oc_last_error_message(), "measures[0].unit: unknown variant `percentage`");
    CHECK_CONTAINS(oc_last_error_message(), "(JSON line 3, column");

    /* A syntax error. */
    json = "{\"schema_version\": 1,\n \"id\": }";
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_json(json, strlen(json), &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "id");
    CHECK_CONTAINS(oc_last_error_message(), "id: expected value (JSON line 2, column 8)");

    /* Malformed TOML. */
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_toml("id = ", 5, &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    CHECK_CONTAINS(oc_last_error_message(), "TOML line 1");

    /* A framework file with a syntax error names the file. */
    json = runner_join(tmpdir, "broken.json");
    {
        FILE *f = fopen(json, "wb");
        CHECK(f != NULL);
        if (f != NULL) {
            fputs("{\"schema_version\": 1,", f);
            fclose(f);
        }
    }
    fw = SENTINEL_FW;
    CHECK_STATUS(oc_framework_from_path(json, &fw), OC_STATUS_PARSE_ERROR);
    CHECK(fw == NULL);
    CHECK_CONTAINS(oc_last_error_message(), "broken.json)");

    /* Observations: a bad period names the element; a bad CSV cell names the line. */
    json = "[{\"measure\": \"smoking\", \"period\": \"2023/26\", \"value\": 1}]";
    CHECK_STATUS(oc_observations_from_json(json, strlen(json), &obs), OC_STATUS_PARSE_ERROR);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "[0].period");
    CHECK_CONTAINS(oc_last_error_message(), "[0].period: \"2023/26\" is not a financial year");
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_csv_path(runner_join(fixtures, "bad_value.csv"), &obs),
                 OC_STATUS_DATA_ERROR);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), "line 3 (value)");
    CHECK_CONTAINS(oc_last_error_message(), "line 3 (value): \"twelve\" is not a number");
    CHECK_CONTAINS(oc_last_error_message(), "bad_value.csv)");
    /* A Fingertips reader given a long CSV: the columns are wrong. */
    obs = SENTINEL_OBS;
    {
        oc_status st = oc_observations_from_fingertips_csv_path(
            runner_join(fixtures, "observations.csv"), &obs);
        CHECK(st == OC_STATUS_DATA_ERROR || st == OC_STATUS_PARSE_ERROR);
        CHECK(obs == NULL);
        CHECK(strlen(oc_last_error_message()) > 0);
    }
}

static void test_unknown_files_are_io_errors(void) {
    oc_framework *fw = SENTINEL_FW;
    oc_observations *obs = SENTINEL_OBS;
    const char *missing = runner_join(tmpdir, "no-such-file.toml");
    CHECK_STATUS(oc_framework_from_path(missing, &fw), OC_STATUS_IO_ERROR);
    CHECK(fw == NULL);
    CHECK_STR_EQ(oc_last_error_path(), missing);
    CHECK_CONTAINS(oc_last_error_message(), "No such file or directory");
    missing = runner_join(tmpdir, "no-such-file.csv");
    CHECK_STATUS(oc_observations_from_csv_path(missing, &obs), OC_STATUS_IO_ERROR);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), missing);
    obs = SENTINEL_OBS;
    CHECK_STATUS(oc_observations_from_fingertips_csv_path(missing, &obs), OC_STATUS_IO_ERROR);
    CHECK(obs == NULL);
    CHECK_STR_EQ(oc_last_error_path(), missing);
}

static void test_last_error_lifecycle(void) {
    oc_framework *fw = NULL;
    const char *msg;
    char copy[256];
    /* Before any error on this thread... (other tests ran first, so make one). */
    CHECK_STATUS(oc_framework_from_json("{", 1, &fw), OC_STATUS_PARSE_ERROR);
    msg = oc_last_error_message();
    CHECK(msg != NULL && strlen(msg) > 0);
    /* Reading it again gives the same text and does not clear it. */
    snprintf(copy, sizeof copy, "%s", msg);
    CHECK_STR_EQ(oc_last_error_message(), copy);
    oc_framework_free(NULL); /* frees do not touch the last error */
    CHECK_STR_EQ(oc_last_error_message(), copy);
    /* A successful call clears it. */
    CHECK_STATUS(oc_framework_from_json(CLEAN_JSON, strlen(CLEAN_JSON), &fw), OC_STATUS_OK);
    CHECK_STR_EQ(oc_last_error_message(), "");
    CHECK_STR_EQ(oc_last_error_path(), "");
    oc_framework_free(fw);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR TMP_DIR\n", argv[0]);
        return 2;
    }
    fixtures = argv[1];
    tmpdir = argv[2];
    test_version();
    test_framework_from_toml_json_and_path();
    test_text_need_not_be_nul_terminated();
    test_validate_reports_every_problem();
    test_observations();
    test_null_arguments();
    test_invalid_utf8();
    test_malformed_input();
    test_unknown_files_are_io_errors();
    test_last_error_lifecycle();
    RUNNER_FINISH();
}
