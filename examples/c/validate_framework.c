/*
 * validate_framework: load a strategy framework file and print what validation finds.
 *
 *   validate_framework FRAMEWORK.toml|FRAMEWORK.json
 *
 * Prints one line per diagnostic ("error: measures[0].targets[0].by: ..."), then a summary.
 * Exit status: 0 when the framework loads and has no errors (warnings allowed); 1 when it
 * cannot be loaded or has errors; 2 on wrong usage.
 *
 * Build (after `cargo build -p outcomes-ffi`, from the repository root):
 *   cc -std=c11 -Iinclude examples/c/validate_framework.c -Ltarget/debug -loutcomes \
 *      -Wl,-rpath,"$PWD/target/debug" -o validate_framework
 * or, with liboutcomes installed: cc validate_framework.c $(pkg-config --cflags --libs outcomes)
 */
#include <stdio.h>
#include <string.h>

#include "outcomes.h"

/* Reads four hex digits at `p` into *code; returns 0 if they are not hex. */
static int hex4(const char *p, unsigned long *code) {
    unsigned long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
        else return 0;
    }
    *code = v;
    return 1;
}

/* Writes code point `c` as UTF-8. */
static void put_utf8(unsigned long c, FILE *out) {
    if (c < 0x80) {
        fputc((int)c, out);
    } else if (c < 0x800) {
        fputc((int)(0xC0 | (c >> 6)), out);
        fputc((int)(0x80 | (c & 0x3F)), out);
    } else if (c < 0x10000) {
        fputc((int)(0xE0 | (c >> 12)), out);
        fputc((int)(0x80 | ((c >> 6) & 0x3F)), out);
        fputc((int)(0x80 | (c & 0x3F)), out);
    } else {
        fputc((int)(0xF0 | (c >> 18)), out);
        fputc((int)(0x80 | ((c >> 12) & 0x3F)), out);
        fputc((int)(0x80 | ((c >> 6) & 0x3F)), out);
        fputc((int)(0x80 | (c & 0x3F)), out);
    }
}

/* Prints the JSON string starting at `p` (just after its opening quote) and returns the
 * position after its closing quote.
 * Every escape is decoded; \uXXXX escapes and surrogate pairs become UTF-8.
 * A malformed \u escape is printed as written. */
static const char *print_json_string(const char *p, FILE *out) {
    while (*p != '\0' && *p != '"') {
        if (*p == '\\' && p[1] != '\0') {
            p++;
            switch (*p) {
            case 'n': fputc('\n', out); break;
            case 't': fputc('\t', out); break;
            case 'r': fputc('\r', out); break;
            case 'b': case 'f': break;
            case 'u': {
                unsigned long c, low;
                if (!hex4(p + 1, &c)) {
                    fputs("\\u", out);
                    break;
                }
                p += 4;
                if (c >= 0xD800 && c <= 0xDBFF && p[1] == '\\' && p[2] == 'u' &&
                    hex4(p + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
                put_utf8(c, out);
                break;
            }
            default: fputc(*p, out); break; /* \" \\ \/ */
            }
        } else {
            fputc(*p, out);
        }
        p++;
    }
    return *p == '"' ? p + 1 : p;
}

/* Finds `"key":"` at or after `p` and returns the position of the value, or NULL. */
static const char *find_value(const char *p, const char *key) {
    char pattern[32];
    const char *at;
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    at = strstr(p, pattern);
    return at != NULL ? at + strlen(pattern) : NULL;
}

/* Walks the diagnostics array from oc_framework_validate(): objects with the string fields
 * path, severity, code and message, in that order. */
static void print_diagnostics(const char *json, int *errors, int *warnings) {
    const char *p = json;
    for (;;) {
        const char *path = find_value(p, "path");
        const char *severity, *message;
        if (path == NULL) {
            break;
        }
        severity = find_value(path, "severity");
        message = severity != NULL ? find_value(severity, "message") : NULL;
        if (message == NULL) {
            break;
        }
        if (strncmp(severity, "error\"", 6) == 0) {
            (*errors)++;
        } else {
            (*warnings)++;
        }
        print_json_string(severity, stdout);
        fputs(": ", stdout);
        print_json_string(path, stdout);
        fputs(": ", stdout);
        p = print_json_string(message, stdout);
        fputc('\n', stdout);
    }
}

int main(int argc, char **argv) {
    oc_framework *fw = NULL;
    char *diagnostics = NULL;
    int errors = 0, warnings = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FRAMEWORK.toml|FRAMEWORK.json\n", argv[0]);
        return 2;
    }
    if (strcmp(oc_version(), OUTCOMES_VERSION) != 0) {
        fprintf(stderr, "warning: liboutcomes %s does not match outcomes.h %s\n", oc_version(),
                OUTCOMES_VERSION);
    }
    if (oc_framework_from_path(argv[1], &fw) != OC_STATUS_OK) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], oc_last_error_message());
        return 1;
    }
    if (oc_framework_validate(fw, &diagnostics) != OC_STATUS_OK) {
        fprintf(stderr, "cannot validate %s: %s\n", argv[1], oc_last_error_message());
        oc_framework_free(fw);
        return 1;
    }
    print_diagnostics(diagnostics, &errors, &warnings);
    printf("%s: %d error%s, %d warning%s\n", argv[1], errors, errors == 1 ? "" : "s", warnings,
           warnings == 1 ? "" : "s");
    oc_string_free(diagnostics);
    oc_framework_free(fw);
    return errors > 0 ? 1 : 0;
}
