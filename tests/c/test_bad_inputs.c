/*
 * Runs every case of tests/bad-inputs/manifest.csv through the C library, as
 * cli/tests/bad_inputs.rs runs them through the CLI and python/tests/test_bad_inputs.py through
 * Python (see tests/bad-inputs/README.md).
 *
 *   framework cases:  oc_framework_from_path, then oc_framework_validate
 *   data cases:       oc_observations_from_csv_path (or ..._fingertips_csv_path for
 *                     "fingertips"), then oc_observations_check against base-framework.toml
 *
 * kind parse / data / io: the load fails with OC_STATUS_PARSE_ERROR / DATA_ERROR / IO_ERROR,
 * oc_last_error_path() is the manifest's path and oc_last_error_message() contains the
 * fragment. kind validation: every call is OC_STATUS_OK and the diagnostics JSON holds an
 * error with that path whose message contains the fragment. The CLI prefixes data-check paths
 * with the data file ("data/x.csv: line 3 (value)"); the library gives the bare path, so a
 * leading "FILE: " is stripped from the expected path. The program changes into the corpus
 * folder and opens files by their manifest names, as the CLI test does, so file-level paths
 * (e.g. "frameworks/invalid-utf8.toml") compare as written.
 *
 * Usage: test_bad_inputs FIXTURES_DIR [WORK_DIR]; the corpus is FIXTURES_DIR/../../bad-inputs
 * (tests/c/fixtures -> tests/bad-inputs). Prints one line per failing case and, last,
 * "N passed, M failed" (one check per case, plus a few for the setup).
 */
#if !defined(_POSIX_C_SOURCE) && !defined(__cplusplus)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outcomes.h"
#include "runner.h"

#define FIELDS 5
#define FIELD_MAX 512

/* Splits one manifest line (fields may be quoted, with "" for a quote) into `out`. */
static int split_csv_line(const char *line, char out[FIELDS][FIELD_MAX]) {
    int n = 0;
    size_t len = 0;
    int quoted = 0;
    const char *p;
    for (n = 0; n < FIELDS; n++) out[n][0] = '\0';
    n = 0;
    for (p = line; *p != '\0' && *p != '\n' && *p != '\r'; p++) {
        if (*p == '"') {
            if (quoted && p[1] == '"') {
                if (len + 1 < FIELD_MAX) out[n][len++] = '"';
                p++;
            } else {
                quoted = !quoted;
            }
        } else if (*p == ',' && !quoted) {
            out[n][len] = '\0';
            if (++n >= FIELDS) return -1;
            len = 0;
        } else if (len + 1 < FIELD_MAX) {
            out[n][len++] = *p;
        }
    }
    out[n][len] = '\0';
    return n + 1;
}

/* Appends the UTF-8 encoding of a code point. */
static size_t put_utf8(char *dst, size_t i, size_t cap, unsigned cp) {
    unsigned char b[4];
    size_t n, k;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    for (k = 0; k < n && i + 1 < cap; k++) dst[i++] = (char)b[k];
    return i;
}

static unsigned hex4(const char *p) {
    unsigned v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0xFFFD;
    }
    return v;
}

/* Decodes the JSON string starting at the opening quote `p` into `dst` (truncating at `cap`);
 * returns the position after the closing quote, or NULL when `p` is not a string. */
static const char *json_str(const char *p, char *dst, size_t cap) {
    size_t i = 0;
    if (*p != '"') return NULL;
    for (p++; *p != '\0' && *p != '"'; p++) {
        if (*p != '\\') {
            if (i + 1 < cap) dst[i++] = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': if (i + 1 < cap) dst[i++] = '\n'; break;
        case 't': if (i + 1 < cap) dst[i++] = '\t'; break;
        case 'r': if (i + 1 < cap) dst[i++] = '\r'; break;
        case 'b': if (i + 1 < cap) dst[i++] = '\b'; break;
        case 'f': if (i + 1 < cap) dst[i++] = '\f'; break;
        case 'u': {
            unsigned cp = hex4(p + 1);
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                unsigned lo = hex4(p + 3);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            i = put_utf8(dst, i, cap, cp);
            break;
        }
        case '\0': dst[i] = '\0'; return NULL;
        default: if (i + 1 < cap) dst[i++] = *p; break;
        }
    }
    dst[i] = '\0';
    return *p == '"' ? p + 1 : NULL;
}

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    return p;
}

/* Whether the diagnostics array (flat objects of strings, as oc_framework_validate and
 * oc_observations_check write them) holds an error at `path` whose message contains `frag`.
 * Returns -1 when the JSON is not in that shape. */
static int has_error(const char *json, const char *path, const char *frag) {
    static char key[64], val[8192], d_path[8192], d_sev[8192], d_msg[8192];
    const char *p = skip_ws(json);
    if (*p != '[') return -1;
    p = skip_ws(p + 1);
    while (*p == '{') {
        d_path[0] = d_sev[0] = d_msg[0] = '\0';
        p = skip_ws(p + 1);
        while (*p == '"') {
            p = json_str(p, key, sizeof key);
            if (p == NULL) return -1;
            p = skip_ws(p);
            if (*p != ':') return -1;
            p = json_str(skip_ws(p + 1), val, sizeof val);
            if (p == NULL) return -1;
            if (strcmp(key, "path") == 0) memcpy(d_path, val, strlen(val) + 1);
            if (strcmp(key, "severity") == 0) memcpy(d_sev, val, strlen(val) + 1);
            if (strcmp(key, "message") == 0) memcpy(d_msg, val, strlen(val) + 1);
            p = skip_ws(p);
            if (*p == ',') p = skip_ws(p + 1);
        }
        if (*p != '}') return -1;
        if (strcmp(d_sev, "error") == 0 && strcmp(d_path, path) == 0 && strstr(d_msg, frag) != NULL) {
            return 1;
        }
        p = skip_ws(p + 1);
        if (*p == ',') p = skip_ws(p + 1);
    }
    return *p == ']' ? 0 : -1;
}

static oc_status expected_status(const char *kind) {
    if (strcmp(kind, "parse") == 0) return OC_STATUS_PARSE_ERROR;
    if (strcmp(kind, "data") == 0) return OC_STATUS_DATA_ERROR;
    if (strcmp(kind, "io") == 0) return OC_STATUS_IO_ERROR;
    return OC_STATUS_OK; /* validation: the load succeeds and the diagnostics hold the error */
}

static const char *status_name(oc_status s) {
    switch (s) {
    case OC_STATUS_OK: return "OK";
    case OC_STATUS_NULL_ARGUMENT: return "NULL_ARGUMENT";
    case OC_STATUS_INVALID_UTF8: return "INVALID_UTF8";
    case OC_STATUS_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case OC_STATUS_PARSE_ERROR: return "PARSE_ERROR";
    case OC_STATUS_VALIDATION_ERROR: return "VALIDATION_ERROR";
    case OC_STATUS_DATA_ERROR: return "DATA_ERROR";
    case OC_STATUS_METHOD_ERROR: return "METHOD_ERROR";
    case OC_STATUS_IO_ERROR: return "IO_ERROR";
    case OC_STATUS_PANIC: return "PANIC";
    default: return "?";
    }
}

/* Runs one case; returns 1 when it gives the expected error, else prints why and returns 0. */
static int run_case(char f[FIELDS][FIELD_MAX], const oc_framework *base) {
    const char *file = f[0], *mode = f[1], *kind = f[2], *frag = f[4];
    char path[FIELD_MAX];
    size_t flen = strlen(file);
    oc_status want = expected_status(kind), got;
    char *json = NULL;
    int ok = 0;
    int is_data = strcmp(mode, "framework") != 0;

    /* The CLI names the data file before a data-check path: the library does not. */
    if (strncmp(f[3], file, flen) == 0 && f[3][flen] == ':' && f[3][flen + 1] == ' ') {
        snprintf(path, sizeof path, "%s", f[3] + flen + 2);
    } else {
        snprintf(path, sizeof path, "%s", f[3]);
    }

    if (!is_data) {
        oc_framework *fw = NULL;
        got = oc_framework_from_path(file, &fw);
        if (got == OC_STATUS_OK) {
            if (oc_framework_validate(fw, &json) != OC_STATUS_OK) json = NULL;
        }
        oc_framework_free(fw);
    } else if (strcmp(mode, "data") == 0 || strcmp(mode, "fingertips") == 0) {
        oc_observations *obs = NULL;
        got = strcmp(mode, "data") == 0 ? oc_observations_from_csv_path(file, &obs)
                                        : oc_observations_from_fingertips_csv_path(file, &obs);
        if (got == OC_STATUS_OK) {
            if (oc_observations_check(obs, base, &json) != OC_STATUS_OK) json = NULL;
        }
        oc_observations_free(obs);
    } else {
        fprintf(stderr, "FAIL %s: unknown mode %s\n", file, mode);
        return 0;
    }

    if (got != want) {
        fprintf(stderr, "FAIL %s: expected %s (%s at \"%s\"), got %s: %s\n", file, status_name(want),
                kind, path, status_name(got),
                got == OC_STATUS_OK ? (json ? json : "(no diagnostics)") : oc_last_error_message());
    } else if (want != OC_STATUS_OK) {
        const char *p = oc_last_error_path();
        const char *m = oc_last_error_message();
        ok = strcmp(p, path) == 0 && strstr(m, frag) != NULL;
        if (!ok) {
            fprintf(stderr, "FAIL %s: expected path \"%s\" and a message containing \"%s\"; got path \"%s\": %s\n",
                    file, path, frag, p, m);
        }
    } else {
        ok = json != NULL && has_error(json, path, frag) == 1;
        if (!ok) {
            fprintf(stderr, "FAIL %s: expected an error at \"%s\" containing \"%s\"; got %s\n", file,
                    path, frag, json ? json : "(no diagnostics)");
        }
    }
    oc_string_free(json);
    return ok;
}

int main(int argc, char **argv) {
    char dir[4096];
    char *manifest;
    size_t len = 0;
    oc_framework *base = NULL;
    char *base_json = NULL;
    const char *line;
    int cases = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR [WORK_DIR]\n", argv[0]);
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/../../bad-inputs", argv[1]);
    CHECK(chdir(dir) == 0);
    manifest = runner_read_file("manifest.csv", &len);
    CHECK(manifest != NULL);
    if (manifest == NULL) RUNNER_FINISH();

    /* The base framework the data cases are checked against is itself clean. */
    CHECK_STATUS(oc_framework_from_path("base-framework.toml", &base), OC_STATUS_OK);
    CHECK_STATUS(oc_framework_validate(base, &base_json), OC_STATUS_OK);
    CHECK(base_json != NULL && has_error(base_json, "", "") == 0 && strstr(base_json, "\"error\"") == NULL);
    oc_string_free(base_json);

    line = strchr(manifest, '\n'); /* skip the header */
    while (line != NULL && line[1] != '\0') {
        char f[FIELDS][FIELD_MAX];
        line++;
        if (split_csv_line(line, f) != FIELDS) {
            runner_record(0, __FILE__, __LINE__, "a manifest line has five fields");
        } else {
            cases++;
            runner_record(run_case(f, base), __FILE__, __LINE__, f[0]);
        }
        line = strchr(line, '\n');
    }
    CHECK(cases >= 150);
    printf("%d cases from %s/manifest.csv\n", cases, dir);
    oc_framework_free(base);
    free(manifest);
    RUNNER_FINISH();
}
