/*
 * annual_review: print the annual review of one financial year of a strategy framework, as
 * Markdown (the default) or as a self-contained HTML page.
 *
 *   annual_review [--progress PROGRESS.toml] FRAMEWORK.toml OBSERVATIONS.csv YEAR [md|html]
 *
 *   annual_review examples/sherwood-forest-partnerships/framework.toml \
 *                 examples/sherwood-forest-partnerships/observations.csv 2024/25 > review.md
 *
 * YEAR is a financial year such as 2024/25. The framework is evaluated as of the last day of
 * that year (31 March), as `outcomes review` does, so the review shows the year's results.
 * "json" and "csv" are accepted too (the review's JSON, or all its tables as CSV).
 *
 * Progress files (milestone statuses and value-outcome figures reported during the year, such
 * as examples/sherwood-forest-partnerships/progress-2024-25.toml) are not part of the
 * framework file: pass one with --progress, which applies it with
 * oc_framework_with_progress_path() before evaluating. Without it, Sherwood Forest's review
 * shows its milestones as planned and its value outcomes with no figures; with it, the output
 * is exactly examples/sherwood-forest-partnerships/review-2024-25.md (the CLI's
 * `outcomes review ... --progress FILE`).
 *
 * Exit status: 0 when the review was printed; 1 when the inputs cannot be loaded, evaluated or
 * reviewed (the library's message is printed, e.g. "year: ... not a financial year"); 2 on
 * wrong usage.
 *
 * Build (after `cargo build -p outcomes-ffi`, from the repository root):
 *   cc -std=c11 -Iinclude examples/c/annual_review.c -Ltarget/debug -loutcomes \
 *      -Wl,-rpath,"$PWD/target/debug" -o annual_review
 * or, with liboutcomes installed: cc annual_review.c $(pkg-config --cflags --libs outcomes)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"

static const char *USAGE =
    "usage: annual_review [--progress PROGRESS.toml] FRAMEWORK.toml OBSERVATIONS.csv YEAR "
    "[md|html]\n";

/* The evaluation options for a review of `year`: as of 31 March at the end of the financial
 * year whose first calendar year is the first four digits of `year` ("2024/25", "FY2024/25").
 * When `year` has no four digits the library's default date is used and the review itself
 * reports what is wrong with the year. */
static const char *options_for(const char *year, char *buf, size_t size) {
    const char *p = year;
    int first = 0, i;
    while (*p != '\0' && !isdigit((unsigned char)*p)) p++;
    for (i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)p[i])) return NULL;
        first = first * 10 + (p[i] - '0');
    }
    snprintf(buf, size, "{\"as_of\": \"%04d-03-31\"}", first + 1);
    return buf;
}

int main(int argc, char **argv) {
    const char *progress = NULL, *format = "md";
    oc_framework *fw = NULL, *with_progress = NULL;
    oc_observations *obs = NULL;
    oc_evaluation *ev = NULL;
    char *review = NULL, options[64];
    int rc = 1, arg = 1;

    if (argc > 2 && strcmp(argv[1], "--progress") == 0) {
        progress = argv[2];
        arg = 3;
    }
    if (argc - arg != 3 && argc - arg != 4) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (argc - arg == 4) format = argv[arg + 3];

    if (oc_framework_from_path(argv[arg], &fw) != OC_STATUS_OK) {
        fprintf(stderr, "cannot load the framework: %s\n", oc_last_error_message());
    } else if (progress != NULL &&
               oc_framework_with_progress_path(fw, progress, &with_progress) != OC_STATUS_OK) {
        fprintf(stderr, "cannot apply the progress file: %s\n", oc_last_error_message());
    } else if (oc_observations_from_csv_path(argv[arg + 1], &obs) != OC_STATUS_OK) {
        fprintf(stderr, "cannot load the observations: %s\n", oc_last_error_message());
    } else if (oc_evaluate(with_progress != NULL ? with_progress : fw, obs,
                           options_for(argv[arg + 2], options, sizeof options),
                           &ev) != OC_STATUS_OK) {
        fprintf(stderr, "cannot evaluate: %s\n", oc_last_error_message());
    } else if (oc_annual_review(ev, argv[arg + 2], format, &review) != OC_STATUS_OK) {
        fprintf(stderr, "cannot review: %s\n", oc_last_error_message());
    } else {
        fputs(review, stdout);
        rc = 0;
    }

    oc_string_free(review);          /* strings from the library: oc_string_free */
    oc_evaluation_free(ev);          /* handles: their own _free; all accept NULL */
    oc_observations_free(obs);
    oc_framework_free(with_progress);
    oc_framework_free(fw);
    return rc;
}
