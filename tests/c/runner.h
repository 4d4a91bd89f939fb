/*
 * A tiny test runner for the C tests of liboutcomes.
 *
 * CHECK-style macros count passes and failures, print each failure with its file and line
 * (and the library's last error message where a status was involved), and RUNNER_FINISH()
 * prints the summary line "N passed, M failed" as the last line of output and returns the
 * process exit code (0 only when nothing failed). Compiles as C11 and as C++17.
 */
#ifndef OC_TEST_RUNNER_H
#define OC_TEST_RUNNER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"

static int runner_passed = 0;
static int runner_failed = 0;

static inline void runner_record(int ok, const char *file, int line, const char *what) {
    if (ok) {
        runner_passed++;
    } else {
        runner_failed++;
        fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
    }
}

/* A condition that must hold. */
#define CHECK(cond) runner_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond)

/* A call that must return `expected`; on a mismatch prints both codes and the last error. */
#define CHECK_STATUS(call, expected)                                                        \
    do {                                                                                    \
        oc_status runner_got_ = (call);                                                     \
        int runner_ok_ = runner_got_ == (oc_status)(expected);                              \
        runner_record(runner_ok_, __FILE__, __LINE__, #call " == " #expected);              \
        if (!runner_ok_) {                                                                  \
            fprintf(stderr, "     got status %u, expected %u; last error: %s\n",            \
                    (unsigned)runner_got_, (unsigned)(expected), oc_last_error_message());  \
        }                                                                                   \
    } while (0)

/* Two C strings that must be equal (NULL never equals anything). */
#define CHECK_STR_EQ(got, want)                                                             \
    do {                                                                                    \
        const char *runner_g_ = (got);                                                      \
        const char *runner_w_ = (want);                                                     \
        int runner_ok_ = runner_g_ != NULL && runner_w_ != NULL &&                          \
                         strcmp(runner_g_, runner_w_) == 0;                                 \
        runner_record(runner_ok_, __FILE__, __LINE__, #got " equals " #want);               \
        if (!runner_ok_) {                                                                  \
            fprintf(stderr, "     got \"%s\", expected \"%s\"\n",                           \
                    runner_g_ ? runner_g_ : "(NULL)", runner_w_ ? runner_w_ : "(NULL)");    \
        }                                                                                   \
    } while (0)

/* `hay` must contain `needle` (NULL never contains anything). */
#define CHECK_CONTAINS(hay, needle)                                                         \
    do {                                                                                    \
        const char *runner_h_ = (hay);                                                      \
        const char *runner_n_ = (needle);                                                   \
        int runner_ok_ = runner_h_ != NULL && strstr(runner_h_, runner_n_) != NULL;         \
        runner_record(runner_ok_, __FILE__, __LINE__, #hay " contains " #needle);           \
        if (!runner_ok_) {                                                                  \
            fprintf(stderr, "     \"%s\" does not contain \"%s\"\n",                       \
                    runner_h_ ? runner_h_ : "(NULL)", runner_n_);                           \
        }                                                                                   \
    } while (0)

/* Prints the summary line and returns the exit code. */
#define RUNNER_FINISH()                                                                     \
    do {                                                                                    \
        printf("%d passed, %d failed\n", runner_passed, runner_failed);                     \
        return runner_failed == 0 && runner_passed > 0 ? 0 : 1;                             \
    } while (0)

/* Reads a whole file into a malloc'd, NUL-terminated buffer; NULL when it cannot. */
static inline char *runner_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = (char *)malloc((size_t)size + 1);
    if (buf != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        buf[size] = '\0';
        *len = (size_t)size;
    }
    return buf;
}

/* Joins a directory and a file name into a static buffer (one at a time). */
static inline const char *runner_join(const char *dir, const char *name) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

#endif /* OC_TEST_RUNNER_H */
