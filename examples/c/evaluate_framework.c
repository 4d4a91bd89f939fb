/*
 * evaluate_framework: evaluate a strategy framework against its observations and print one
 * line per measure row (measure, area with the breakdown level if any, status), then the
 * count of each status.
 *
 *   evaluate_framework FRAMEWORK.toml OBSERVATIONS.csv [OPTIONS_JSON]
 *
 * OPTIONS_JSON is optional, e.g. '{"as_of": "2025-03-31", "confidence": 0.998}'.
 * Exit status: 0 when the evaluation ran (whatever the statuses); 1 when the inputs cannot be
 * loaded or evaluated (the library's message is printed); 2 on wrong usage.
 *
 * The rows come from oc_evaluation_to_csv(), the flat table a reporting system would load;
 * oc_evaluation_to_json() gives everything (reasons, intervals, SPC, roll-ups).
 *
 * Build (after `cargo build -p outcomes-ffi`, from the repository root):
 *   cc -std=c11 -Iinclude examples/c/evaluate_framework.c -Ltarget/debug -loutcomes \
 *      -Wl,-rpath,"$PWD/target/debug" -o evaluate_framework
 * or, with liboutcomes installed: cc evaluate_framework.c $(pkg-config --cflags --libs outcomes)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"

#define MAX_FIELDS 32

/* Reads one CSV record (RFC 4180: quoted fields may hold commas, quotes and line breaks)
 * from *p, unquoting it in place, and stores up to MAX_FIELDS field pointers. Returns the
 * number of fields (0 at the end) and moves *p to the next record. */
static int next_record(char **p, char **fields) {
    char *in = *p, *out = *p;
    int n = 0;
    if (*in == '\0') return 0;
    for (;;) {
        if (n < MAX_FIELDS) fields[n] = out;
        n++;
        if (*in == '"') {
            in++;
            while (*in != '\0') {
                if (in[0] == '"' && in[1] == '"') {
                    *out++ = '"';
                    in += 2;
                } else if (*in == '"') {
                    in++;
                    break;
                } else {
                    *out++ = *in++;
                }
            }
        }
        while (*in != '\0' && *in != ',' && *in != '\n' && *in != '\r') *out++ = *in++;
        if (*in == ',') {
            *out++ = '\0';
            in++;
            continue;
        }
        if (*in == '\r') in++;
        if (*in == '\n') in++;
        *out = '\0';
        break;
    }
    *p = in;
    return n < MAX_FIELDS ? n : MAX_FIELDS;
}

/* The position of `name` among the header fields, or -1. */
static int column(char **header, int n, const char *name) {
    int i;
    for (i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0) return i;
    return -1;
}

int main(int argc, char **argv) {
    static const char *statuses[5] = {"achieved", "on_track", "at_risk", "off_track",
                                      "not_assessable"};
    int counts[5] = {0, 0, 0, 0, 0};
    oc_framework *fw = NULL;
    oc_observations *obs = NULL;
    oc_evaluation *ev = NULL;
    char *csv = NULL, *p, *header[MAX_FIELDS], *row[MAX_FIELDS];
    char where[256];
    int nheader, n, c_measure, c_area, c_breakdown, c_status, rows = 0, i, rc = 0;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s FRAMEWORK.toml OBSERVATIONS.csv [OPTIONS_JSON]\n", argv[0]);
        return 2;
    }
    if (oc_framework_from_path(argv[1], &fw) != OC_STATUS_OK ||
        oc_observations_from_csv_path(argv[2], &obs) != OC_STATUS_OK) {
        fprintf(stderr, "cannot load: %s\n", oc_last_error_message());
        rc = 1;
        goto done;
    }
    /* The evaluation keeps no pointer to fw or obs; they could be freed now. */
    if (oc_evaluate(fw, obs, argc == 4 ? argv[3] : NULL, &ev) != OC_STATUS_OK) {
        fprintf(stderr, "cannot evaluate: %s\n", oc_last_error_message());
        rc = 1;
        goto done;
    }
    if (oc_evaluation_to_csv(ev, &csv) != OC_STATUS_OK) {
        fprintf(stderr, "cannot write the table: %s\n", oc_last_error_message());
        rc = 1;
        goto done;
    }

    p = csv; /* the string is ours until oc_string_free: unquoting it in place is fine */
    nheader = next_record(&p, header);
    c_measure = column(header, nheader, "measure");
    c_area = column(header, nheader, "area");
    c_breakdown = column(header, nheader, "breakdown");
    c_status = column(header, nheader, "status");
    if (c_measure < 0 || c_area < 0 || c_breakdown < 0 || c_status < 0) {
        fprintf(stderr, "unexpected table header\n");
        rc = 1;
        goto done;
    }
    printf("%-32s %-44s %s\n", "measure", "area", "status");
    while ((n = next_record(&p, row)) > 0) {
        if (n < nheader) continue;
        snprintf(where, sizeof where, "%s%s%s%s", row[c_area][0] ? row[c_area] : "(all)",
                 row[c_breakdown][0] ? " [" : "", row[c_breakdown],
                 row[c_breakdown][0] ? "]" : "");
        printf("%-32s %-44s %s\n", row[c_measure], where, row[c_status]);
        for (i = 0; i < 5; i++)
            if (strcmp(row[c_status], statuses[i]) == 0) counts[i]++;
        rows++;
    }
    printf("%d rows:", rows);
    for (i = 0; i < 5; i++) printf(" %s %d%s", statuses[i], counts[i], i < 4 ? "," : "\n");

done:
    oc_string_free(csv); /* every free function accepts NULL */
    oc_evaluation_free(ev);
    oc_observations_free(obs);
    oc_framework_free(fw);
    return rc;
}
