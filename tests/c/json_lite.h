/*
 * Just enough JSON reading for the C tests: find a key, read a number (null is NaN), a
 * string without escapes, walk an array, and compare two documents with numbers to a
 * relative tolerance. Not a parser: the tests read documents the library wrote.
 * Compiles as C11 and as C++17.
 */
#ifndef OC_TEST_JSON_LITE_H
#define OC_TEST_JSON_LITE_H

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value after `"key":` at or after `from`, or NULL. */
static inline const char *json_find(const char *from, const char *key) {
    char pattern[128];
    const char *p;
    size_t n;
    if (from == NULL) {
        return NULL;
    }
    n = (size_t)snprintf(pattern, sizeof pattern, "\"%s\"", key);
    for (p = strstr(from, pattern); p != NULL; p = strstr(p + 1, pattern)) {
        const char *q = p + n;
        while (isspace((unsigned char)*q)) q++;
        if (*q == ':') {
            q++;
            while (isspace((unsigned char)*q)) q++;
            return q;
        }
    }
    return NULL;
}

/* Reads a number at `p` (null reads as NaN); `*end` (may be NULL) is set after it. */
static inline double json_number(const char *p, const char **end) {
    char *e = NULL;
    double v;
    while (p != NULL && isspace((unsigned char)*p)) p++;
    if (p == NULL) {
        return NAN;
    }
    if (strncmp(p, "null", 4) == 0) {
        if (end) *end = p + 4;
        return NAN;
    }
    v = strtod(p, &e);
    if (end) *end = e;
    return e == p ? NAN : v;
}

/* Copies the string at `p` (no escapes) into buf; returns buf, or "" when `p` is not a
 * string (null reads as ""). `*end` (may be NULL) is set after it. */
static inline const char *json_string(const char *p, char *buf, size_t size, const char **end) {
    size_t i = 0;
    buf[0] = '\0';
    while (p != NULL && isspace((unsigned char)*p)) p++;
    if (p == NULL || *p != '"') {
        if (p != NULL && end) *end = strncmp(p, "null", 4) == 0 ? p + 4 : p;
        return buf;
    }
    p++;
    while (*p != '\0' && *p != '"') {
        if (i + 1 < size) buf[i++] = *p;
        p++;
    }
    buf[i] = '\0';
    if (end) *end = *p == '"' ? p + 1 : p;
    return buf;
}

/* Moves past the separator after an array element: returns the next element, or NULL at
 * the closing bracket. Call first with the pointer at '['. */
static inline const char *json_next(const char *p) {
    while (isspace((unsigned char)*p)) p++;
    if (*p == '[' || *p == ',') {
        p++;
        while (isspace((unsigned char)*p)) p++;
        return *p == ']' ? NULL : p;
    }
    return NULL;
}

/* 1 when the documents are the same text except that numbers may differ by `rel`
 * relative; 0 otherwise. */
static inline int json_equal_tol(const char *a, const char *b, double rel) {
    while (*a != '\0' && *b != '\0') {
        int num_a = *a == '-' || isdigit((unsigned char)*a);
        int num_b = *b == '-' || isdigit((unsigned char)*b);
        if (num_a && num_b) {
            char *ea = NULL, *eb = NULL;
            double x = strtod(a, &ea), y = strtod(b, &eb);
            if (!(x == y || fabs(x - y) <= rel * fmax(fabs(x), fabs(y)))) return 0;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b) return 0;
        if (*a == '"') { /* strings compare exactly, digits and all */
            a++;
            b++;
            while (*a != '\0' && *a == *b && *a != '"') {
                if (*a == '\\' && a[1] != '\0' && a[1] == b[1]) {
                    a++;
                    b++;
                }
                a++;
                b++;
            }
            if (*a != *b) return 0;
            if (*a == '\0') break;
        }
        a++;
        b++;
    }
    return *a == *b;
}

#endif /* OC_TEST_JSON_LITE_H */
