/*
 * outcomes.h: the C interface of liboutcomes (https://example.invalid/outcomes).
 *
 * Generated from ffi/src by cbindgen 0.29.4 with ffi/cbindgen.toml; do not edit by hand.
 *
 * Conventions:
 *  - Functions that can fail return an oc_status; OC_STATUS_OK (0) is success. On failure
 *    oc_last_error_message() says what went wrong and where, for the calling thread only.
 *  - Out-parameters come last and are named out / out_json / out_len. On failure *out is set
 *    to NULL.
 *  - The caller owns every handle and string it receives through an out-parameter and
 *    releases it with the matching free function: oc_framework_free, oc_observations_free,
 *    oc_evaluation_free, oc_string_free. Every free function accepts NULL. Never pass library
 *    memory to free().
 *  - Arrays are (pointer, length) pairs of double or uint32_t; NULL is allowed only with length
 *    0. The caller allocates every output array; outputs must not overlap inputs or each
 *    other. Grouped statistics write one row per group (see oc_group_keys).
 *  - Text arguments are UTF-8. (text, len) pairs need no NUL terminator; (NULL, 0) means empty.
 *  - Handles are read-only after creation and may be shared between threads.
 */

#ifndef OUTCOMES_H
#define OUTCOMES_H

/* Generated with cbindgen:0.29.4 */

#include <stddef.h>
#include <stdint.h>

/** The version of this header, "major.minor.patch"; compare with oc_version() at run time. */
#define OUTCOMES_VERSION "0.1.0"


/**
 * Major version of liboutcomes (the `x` of `x.y.z`), as the header was generated.
 */
#define OUTCOMES_VERSION_MAJOR 0

/**
 * Minor version of liboutcomes (the `y` of `x.y.z`), as the header was generated.
 */
#define OUTCOMES_VERSION_MINOR 1

/**
 * Patch version of liboutcomes (the `z` of `x.y.z`), as the header was generated.
 */
#define OUTCOMES_VERSION_PATCH 0

/**
 * The result of a call into liboutcomes. `OC_STATUS_OK` (0) is success; any other value is a
 * failure, described by `oc_last_error_message()` on the same thread. The type is a fixed
 * 32-bit unsigned integer in C, so it is safe to store and compare across compilers.
 * New codes may be added at the end; treat unknown non-zero values as failures.
 */
enum oc_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /**
   * Success.
   */
  OC_STATUS_OK = 0,
  /**
   * A pointer argument that must not be NULL was NULL; the last error path names it.
   */
  OC_STATUS_NULL_ARGUMENT = 1,
  /**
   * A text argument was not valid UTF-8; the last error gives the byte offset.
   */
  OC_STATUS_INVALID_UTF8 = 2,
  /**
   * An argument or option outside its allowed values.
   */
  OC_STATUS_INVALID_ARGUMENT = 3,
  /**
   * Text that could not be read (TOML, JSON, CSV syntax, a period, a number).
   */
  OC_STATUS_PARSE_ERROR = 4,
  /**
   * A framework that parsed but breaks a rule.
   */
  OC_STATUS_VALIDATION_ERROR = 5,
  /**
   * Observations that cannot be used (a bad row, a non-finite value, ...).
   */
  OC_STATUS_DATA_ERROR = 6,
  /**
   * Arguments a statistical or SPC method cannot accept.
   */
  OC_STATUS_METHOD_ERROR = 7,
  /**
   * A file could not be read or written.
   */
  OC_STATUS_IO_ERROR = 8,
  /**
   * An internal error (a Rust panic) was caught at the boundary. The library is still
   * usable, but please report the message from `oc_last_error_message()`.
   */
  OC_STATUS_PANIC = 9,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum oc_status oc_status;
#else
typedef uint32_t oc_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * An opaque handle to the result of `oc_evaluate()`: per measure, area and breakdown the
 * latest value, baseline, target, progress, trajectory, status and RAG with its reason; per
 * commitment its milestones; the roll-ups and the completeness audit. The caller owns it and
 * releases it with `oc_evaluation_free()`. It is never changed after creation and does not
 * borrow the framework or observations it came from, so it may outlive them and several
 * threads may read it at once.
 */
typedef struct oc_evaluation oc_evaluation;

/**
 * An opaque handle to a loaded strategy framework. Create it with `oc_framework_from_json()`,
 * `oc_framework_from_toml()` or `oc_framework_from_path()`; the caller owns it and releases it
 * with `oc_framework_free()`. It is never changed after creation, so several threads may read
 * the same handle at once.
 */
typedef struct oc_framework oc_framework;

/**
 * An opaque handle to a set of observations (one row per measure x period x area x
 * breakdown). Create it with `oc_observations_from_csv_path()`,
 * `oc_observations_from_fingertips_csv_path()` or `oc_observations_from_json()`; the caller owns it
 * and releases it with `oc_observations_free()`. It is never changed after creation, so several
 * threads may read the same handle at once.
 */
typedef struct oc_observations oc_observations;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The message of the last failed call on this thread, as "path: message" (or just the message
 * when there is no path), e.g. "measures[0].unit: unknown variant `percentage`, ...".
 *
 * Returns an empty string "" when the last call that returns an `oc_status` succeeded, or when
 * none has been made on this thread. Never returns NULL.
 *
 * Ownership and lifetime: the string belongs to the library; do not free it. It stays valid
 * until the next call on this thread to any function that returns an `oc_status`, or until the
 * thread exits. Copy it if you need it longer. Each thread has its own last error.
 */
const char *oc_last_error_message(void);

/**
 * The path part of the last error on this thread: where the problem is (a NULL argument's
 * name such as "out", a field path such as "measures[0].unit", or "file.csv:line 3"). Empty
 * when the error has no more precise place, or when the last call succeeded. Never NULL.
 *
 * Ownership and lifetime: as for `oc_last_error_message()`: owned by the library, valid until the
 * next call on this thread to a function that returns an `oc_status`.
 */
const char *oc_last_error_path(void);

/**
 * Evaluates a framework against observations: is each measure and commitment on track?
 *
 * `options_json` is NULL for the defaults or a NUL-terminated JSON object with any of the
 * evaluation options (the same keys as in Rust and Python): "as_of" ("YYYY-MM-DD"; default
 * the end of the latest observed period), "confidence" (0.95 or 0.998), "tolerance"
 * ({"relative": 0.05} or {"absolute": x}), "rollup" ("worst" | "majority"),
 * "comparator_area", "spc_min_points" (15), "forecast_min_points" (3), "spc_profile" ("nhsr"
 * | "mdc_excel"), "proxies_path", "suppress_below". "{}" also means the defaults.
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`; read it with
 * `oc_evaluation_to_json()` or `oc_evaluation_to_csv()`. On failure stores NULL in `*out`
 * (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`fw`, `obs` or `out` is
 * NULL), `OC_STATUS_INVALID_UTF8`, `OC_STATUS_INVALID_ARGUMENT` (bad options: the last error
 * path names the key, e.g. "tolerance.relative"; or no `as_of` and no observations) or
 * `OC_STATUS_VALIDATION_ERROR` (the framework has validation errors: the first is named;
 * `oc_framework_validate()` lists them all).
 *
 * Ownership: `fw`, `obs` and `options_json` are borrowed for the call only; the evaluation
 * keeps no pointer to them. The caller owns `*out` and must release it with
 * `oc_evaluation_free()`.
 *
 * # Safety
 * `fw` and `obs` must each be NULL or a live handle of their type from this library;
 * `options_json` NULL or a NUL-terminated string; `out` NULL or valid for writing one pointer.
 */
oc_status oc_evaluate(const struct oc_framework *fw,
                      const struct oc_observations *obs,
                      const char *options_json,
                      struct oc_evaluation **out);

/**
 * Writes the evaluation as pretty-printed JSON. The field names are a contract, described
 * by `schema/evaluation.schema.json`: {"framework", "title", "as_of", "options", "measures":
 * [{"measure", "area", "status", "rag", "reason", "latest", "baseline", "target", "progress",
 * ...}], "commitments", "objectives", "partnerships", "summary", "completeness"}. Numbers
 * that are not defined are null.
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out_json`; on failure stores
 * NULL in `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
 *
 * Ownership: `ev` is borrowed for the call only. The caller owns `*out_json` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `ev` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_evaluation_to_json(const struct oc_evaluation *ev, char **out_json);

/**
 * Writes the measure rows of the evaluation as CSV (RFC 4180: fields with commas, quotes or
 * line breaks are quoted), one header line then one line per measure x area x breakdown, with
 * the columns measure, title, area, age, breakdown, unit, polarity, points, latest_period,
 * latest_value, latest_lower, latest_upper, baseline_period, baseline_value, target_kind,
 * target_value, target_by, progress, trajectory_value, status, rag, reason, comparison,
 * trend. Text cells that a spreadsheet would read as a formula are prefixed with "'".
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out_csv`; on failure stores NULL
 * in `*out_csv` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
 *
 * Ownership: `ev` is borrowed for the call only. The caller owns `*out_csv` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `ev` must be NULL or a live handle from this library; `out_csv` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_evaluation_to_csv(const struct oc_evaluation *ev, char **out_csv);

/**
 * Releases an evaluation handle. NULL is allowed and does nothing.
 *
 * Ownership: takes back ownership of `ev`; it must not be used afterwards, and it must not be
 * freed twice. Strings already obtained from it stay valid (they are the caller's).
 *
 * # Safety
 * `ev` must be NULL or a live handle from this library that no other thread is using.
 */
void oc_evaluation_free(struct oc_evaluation *ev);

/**
 * Reads a framework from JSON text (the same schema as framework files).
 *
 * `json` points at `len` bytes of UTF-8; it need not be NUL-terminated (pass strlen(json)
 * for a C string). (NULL, 0) is accepted as empty text, which is a parse error.
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
 * `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`
 * or `OC_STATUS_PARSE_ERROR`; `oc_last_error_message()` then names the offending field and the
 * line and column, e.g. "measures[0].unit: unknown variant ... (JSON line 7, column 19)".
 *
 * Ownership: `json` is borrowed for the call only. The caller owns `*out` and must release it
 * with `oc_framework_free()`.
 *
 * # Safety
 * `json` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
 * valid for writing one pointer.
 */
oc_status oc_framework_from_json(const char *json, size_t len, struct oc_framework **out);

/**
 * Reads a framework from TOML text (the same schema as framework files).
 *
 * `toml` points at `len` bytes of UTF-8; it need not be NUL-terminated. (NULL, 0) is accepted
 * as empty text, which is a parse error (a framework needs `schema_version`, id, title and
 * period).
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
 * `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`
 * or `OC_STATUS_PARSE_ERROR`, with the field path and line in `oc_last_error_message()`.
 *
 * Ownership: `toml` is borrowed for the call only. The caller owns `*out` and must release it
 * with `oc_framework_free()`.
 *
 * # Safety
 * `toml` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
 * valid for writing one pointer.
 */
oc_status oc_framework_from_toml(const char *toml, size_t len, struct oc_framework **out);

/**
 * Reads a framework file: ".json" as JSON, ".toml" as TOML, otherwise by its first
 * non-blank character. `path` is a NUL-terminated UTF-8 file name.
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
 * `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`,
 * `OC_STATUS_IO_ERROR` (the file cannot be read; the last error path is the file name) or
 * `OC_STATUS_PARSE_ERROR` (the message ends with "(in FILE)").
 *
 * Ownership: `path` is borrowed for the call only. The caller owns `*out` and must release it
 * with `oc_framework_free()`.
 *
 * # Safety
 * `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
 * pointer.
 */
oc_status oc_framework_from_path(const char *path, struct oc_framework **out);

/**
 * Checks the framework against every rule (ids, references, cycles, periods, targets against
 * polarity, ranges, placeholders, missing baselines, targets and sources) and reports every
 * problem at once.
 *
 * On success returns `OC_STATUS_OK` and stores in `*out_json` a JSON array of diagnostics,
 * errors first then warnings, each an object with four strings: `path` (where, e.g.
 * `measures[0].targets[0].by`), `severity` (`error` or `warning`), `code` (what it is about,
 * e.g. `bad_period`) and `message` (what is wrong and what to do); `[]` when there is nothing
 * to report. A framework with problems is still `OC_STATUS_OK`: look at the severities.
 * On failure stores NULL in
 * `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
 *
 * Ownership: `fw` is borrowed for the call only. The caller owns `*out_json` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `fw` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_framework_validate(const struct oc_framework *fw, char **out_json);

/**
 * Writes the framework as pretty-printed JSON, which `oc_framework_from_json()` reads back to
 * the same framework.
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out_json`. On failure stores NULL in
 * `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, or
 * `OC_STATUS_INVALID_ARGUMENT` when a number is not finite (JSON cannot carry NaN or infinity).
 *
 * Ownership: `fw` is borrowed for the call only. The caller owns `*out_json` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `fw` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_framework_to_json(const struct oc_framework *fw, char **out_json);

/**
 * Writes the framework as TOML, which `oc_framework_from_toml()` reads back to the same
 * framework.
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out_toml`. On failure stores NULL in
 * `*out_toml` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` or
 * `OC_STATUS_INVALID_ARGUMENT`.
 *
 * Ownership: `fw` is borrowed for the call only. The caller owns `*out_toml` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `fw` must be NULL or a live handle from this library; `out_toml` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_framework_to_toml(const struct oc_framework *fw, char **out_toml);

/**
 * Applies a progress file to a framework: milestone statuses and evidence, and value-outcome
 * figures reported during the year (the file's schema is `outcomes schema progress`). The
 * result is a new framework; `fw` is unchanged. Evaluate the new framework to have the
 * progress in the evaluation and its annual review (`oc_annual_review()`).
 *
 * `path` is a NUL-terminated UTF-8 file name: ".json" is read as JSON, anything else as
 * TOML.
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL
 * in `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`fw`, `path` or
 * `out` is NULL), `OC_STATUS_INVALID_UTF8`, `OC_STATUS_IO_ERROR` (the file cannot be read;
 * the last error path is the file name), `OC_STATUS_PARSE_ERROR` (the message ends with
 * "(in FILE)") or `OC_STATUS_VALIDATION_ERROR`: path "framework" when the file is for another
 * framework, or the update that names a commitment, milestone or value outcome the framework
 * lacks (e.g. "milestones[2].milestone").
 *
 * Ownership: `fw` and `path` are borrowed for the call only; the new framework keeps no
 * pointer to `fw`. The caller owns `*out` and must release it with `oc_framework_free()`.
 *
 * # Safety
 * `fw` must be NULL or a live handle from this library; `path` NULL or a NUL-terminated
 * string; `out` NULL or valid for writing one pointer.
 */
oc_status oc_framework_with_progress_path(const struct oc_framework *fw,
                                          const char *path,
                                          struct oc_framework **out);

/**
 * Releases a framework handle. NULL is allowed and does nothing.
 *
 * Ownership: takes back ownership of `fw`; it and anything borrowed from it must not be used
 * afterwards, and it must not be freed twice.
 *
 * # Safety
 * `fw` must be NULL or a live handle from this library that no other thread is using.
 */
void oc_framework_free(struct oc_framework *fw);

/**
 * Reads observations from a long-format CSV file (columns measure, period, value and
 * optionally area, `area_code`, age, numerator, denominator, lower, upper, `lower_998`, `upper_998`,
 * note, source, and breakdown dimensions). `path` is a NUL-terminated UTF-8 file name.
 *
 * Every row is checked; when any row is bad nothing is loaded. On success returns `OC_STATUS_OK`
 * and stores a new handle in `*out`. On failure stores NULL in `*out` (when `out` is not NULL)
 * and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`, `OC_STATUS_IO_ERROR` (the file
 * cannot be opened; the last error path is the file name), `OC_STATUS_PARSE_ERROR` or
 * `OC_STATUS_DATA_ERROR` (the last error path names the line, e.g. "line 3 (value)").
 *
 * Ownership: `path` is borrowed for the call only. The caller owns `*out` and must release it
 * with `oc_observations_free()`.
 *
 * # Safety
 * `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
 * pointer.
 */
oc_status oc_observations_from_csv_path(const char *path,
                                        struct oc_observations **out);

/**
 * Reads observations from a Fingertips data export (the CSV that `fingertips.phe.org.uk` and
 * `fingertipsR` give, with columns such as "Indicator ID", "Area Name", "Time period", "Value").
 * `path` is a NUL-terminated UTF-8 file name.
 *
 * Statuses, `*out` and ownership as for `oc_observations_from_csv_path()`. The caller owns `*out`
 * and must release it with `oc_observations_free()`.
 *
 * # Safety
 * `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
 * pointer.
 */
oc_status oc_observations_from_fingertips_csv_path(const char *path, struct oc_observations **out);

/**
 * Reads observations from JSON: an array of row objects ({"measure": "smoking", "period":
 * "2023/24", "value": 12.1, ...}) or {"observations": [...]}. `json` points at `len` bytes of
 * UTF-8 and need not be NUL-terminated; (NULL, 0) is accepted as empty text, which is a parse
 * error.
 *
 * On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
 * `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`,
 * `OC_STATUS_PARSE_ERROR` (the last error path names the element, e.g. "[1].period") or
 * `OC_STATUS_DATA_ERROR` (a row that breaks a rule, e.g. a numerator above its denominator).
 *
 * Ownership: `json` is borrowed for the call only. The caller owns `*out` and must release it
 * with `oc_observations_free()`.
 *
 * # Safety
 * `json` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
 * valid for writing one pointer.
 */
oc_status oc_observations_from_json(const char *json, size_t len, struct oc_observations **out);

/**
 * Stores the number of rows in `*out_len`.
 *
 * Returns `OC_STATUS_OK`, or `OC_STATUS_NULL_ARGUMENT` when `obs` or `out_len` is NULL (then
 * `*out_len` is set to 0 when `out_len` is not NULL).
 *
 * Ownership: `obs` is borrowed for the call only.
 *
 * # Safety
 * `obs` must be NULL or a live handle from this library; `out_len` must be NULL or valid for
 * writing one `size_t`.
 */
oc_status oc_observations_len(const struct oc_observations *obs, size_t *out_len);

/**
 * Writes the observations as a pretty-printed JSON array of rows, which
 * `oc_observations_from_json()` reads back to the same observations.
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out_json`; on failure stores NULL
 * in `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
 *
 * Ownership: `obs` is borrowed for the call only. The caller owns `*out_json` and must release
 * it with `oc_string_free()`.
 *
 * # Safety
 * `obs` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
 * writing one pointer.
 */
oc_status oc_observations_to_json(const struct oc_observations *obs, char **out_json);

/**
 * Checks the observations against a framework: measures the framework does not have,
 * breakdown dimensions a measure does not declare, numerators above denominators for
 * proportions, percentages outside 0-100.
 *
 * On success returns `OC_STATUS_OK` and stores in `*out_json` a JSON array of diagnostics in the
 * same shape as `oc_framework_validate()` ({"path", "severity", "code", "message"}), with paths
 * naming the rows; "[]" when all is well. On failure stores NULL in `*out_json` (when it is not
 * NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
 *
 * Ownership: `obs` and `fw` are borrowed for the call only. The caller owns `*out_json` and
 * must release it with `oc_string_free()`.
 *
 * # Safety
 * `obs` and `fw` must each be NULL or a live handle of their type from this library;
 * `out_json` must be NULL or valid for writing one pointer.
 */
oc_status oc_observations_check(const struct oc_observations *obs,
                                const struct oc_framework *fw,
                                char **out_json);

/**
 * Releases an observations handle. NULL is allowed and does nothing.
 *
 * Ownership: takes back ownership of `obs`; it must not be used afterwards, and it must not be
 * freed twice.
 *
 * # Safety
 * `obs` must be NULL or a live handle from this library that no other thread is using.
 */
void oc_observations_free(struct oc_observations *obs);

/**
 * Writes the annual review of a financial year: what the strategy delivered, for a board to
 * read. It holds a system summary; per partnership its purpose, kind, complexity and
 * assurance, its commitments delivered / in progress / overdue, its measures by status with
 * their figures and charts, its value-added outcomes (money totals by kind, SROI where the
 * investment is known; outcomes not valued are listed apart and never added) and sharing;
 * completeness and what is still to be confirmed.
 *
 * `year` is a NUL-terminated financial year: "2024/25" (also "2024-25", "FY2024/25").
 * `format` is one of:
 *  - "md": Markdown (CommonMark with GitHub tables);
 *  - "html": one self-contained, print-friendly page with inline CSS and SVG charts (no
 *    script, no external reference);
 *  - "json": pretty-printed JSON whose field names are a contract (the Review JSON Schema);
 *    pass it to `oc_annual_review_since()` next year as the previous review;
 *  - "csv": every table one after another, each starting with a row "table,NAME", then its
 *    header and rows, then an empty line (tables summary, partnerships, commitments,
 *    measures, value_outcomes, value_by_kind, sharing, to_be_confirmed, changes).
 *
 * Text taken from the framework is escaped for each format. Figures resting on counts below
 * the suppression threshold are shown as "*" and left out of every format.
 *
 * The review is of the evaluation as made: evaluate with "as_of" set to the last day of the
 * year (e.g. {"as_of": "2025-03-31"} for 2024/25) to review that year's results, with
 * "proxies_path" to value outcomes with a proxy table, and apply a progress file to the
 * framework first with `oc_framework_with_progress_path()` for milestones and value outcomes
 * reported during the year. The evaluation keeps the framework it evaluated, so the framework
 * handle may already be freed.
 *
 * On success returns `OC_STATUS_OK` and stores the text in `*out`. On failure stores NULL in
 * `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`ev`, `year`,
 * `format` or `out` is NULL; the last error path names it), `OC_STATUS_INVALID_UTF8`, or
 * `OC_STATUS_INVALID_ARGUMENT`: path "format" for an unknown format (checked first), path
 * "year" when `year` is not a financial year (e.g. "2024", a calendar year), or a value
 * outcome's field ("value_outcomes.ID.FIELD") that cannot be monetised.
 *
 * Ownership: `ev`, `year` and `format` are borrowed for the call only. The caller owns `*out`
 * and must release it with `oc_string_free()`.
 *
 * # Safety
 * `ev` must be NULL or a live handle from this library; `year` and `format` NULL or
 * NUL-terminated strings; `out` NULL or valid for writing one pointer.
 */
oc_status oc_annual_review(const struct oc_evaluation *ev,
                           const char *year,
                           const char *format,
                           char **out);

/**
 * Writes the annual review of a financial year as `oc_annual_review()` does, with what
 * changed since the previous review (the "changes" section and table): measures,
 * commitments and partnerships whose status moved (better, worse or not comparable), items
 * new or gone since then, and the money totals then and now.
 *
 * `previous_json` is a NUL-terminated review as written by `oc_annual_review()` with format
 * "json" (or by the CLI or Python), normally of the year before; it must not be NULL (call
 * `oc_annual_review()` when there is no previous review).
 *
 * On failure stores NULL in `*out` (when `out` is not NULL) and returns, besides the statuses
 * of `oc_annual_review()`: `OC_STATUS_NULL_ARGUMENT` naming "previous_json",
 * `OC_STATUS_INVALID_UTF8`, `OC_STATUS_PARSE_ERROR` (the text is not a review; the last error
 * path names the offending field) or `OC_STATUS_INVALID_ARGUMENT` with path "previous_json"
 * (the previous review is of another framework).
 *
 * Ownership: every argument but `out` is borrowed for the call only. The caller owns `*out`
 * and must release it with `oc_string_free()`.
 *
 * # Safety
 * `ev` must be NULL or a live handle from this library; `year`, `previous_json` and `format`
 * NULL or NUL-terminated strings; `out` NULL or valid for writing one pointer.
 */
oc_status oc_annual_review_since(const struct oc_evaluation *ev,
                                 const char *year,
                                 const char *previous_json,
                                 const char *format,
                                 char **out);

/**
 * The XmR (individuals) chart of one series with Making Data Count rules and icons,
 * reproducing NHSRplotthedots 0.2.2 (`ptd_spc`) by default or the Making Data Count Excel
 * tool with `{"profile": "mdc_excel"}`.
 *
 * Per segment: mean of the baseline values, AMR = mean moving range (screened once at
 * 3.267 x AMR by default), limits mean -/+ 2.66 x AMR; special-cause rules (outside the
 * limits, 7-point trend, two of three beyond 2 sigma, 7-point shift) give each point a type.
 *
 * `values` holds `len` values in time order (`len` >= 1; NULL only with `len` 0, which is
 * itself an error). `options_json` is NULL for the defaults or a NUL-terminated JSON object
 * with any of: "improvement" ("increase" | "decrease" | "neutral"), "target" (number),
 * "rebase" (0-based positions where a new segment starts), "fix_after" (>= 12),
 * "screen_outliers" (bool), "missing" ("error" | "skip"), "profile" ("nhsr" | "mdc_excel"),
 * "shift_length" and "trend_length" (6 or 7), "two_in_three_counts_outside",
 * "improvement_wins" (bool).
 *
 * On success stores in `*out_json` one JSON object with per-point arrays (one element per
 * value) "mean", "lpl", "upl", "near_lpl", "near_upl", "point_type" (common_cause |
 * special_cause_improvement | special_cause_concern | special_cause_neutral_high |
 * special_cause_neutral_low | missing), "signal", "segment"; "segments" (the limits and
 * working of each segment); "summary" ({"variation_icon", "assurance_icon" (or null),
 * "mean", "lpl", "upl" of the latest segment, "counts", "short_series_warning", ...}); and
 * "rules" (the rule settings used). A limit that is not a number (a constant series) is null.
 *
 * Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_json` NULL, `values` NULL with
 * `len` > 0); `OC_STATUS_INVALID_UTF8`; `OC_STATUS_INVALID_ARGUMENT` for bad options (the last
 * error path names the key, e.g. "rebase[1]"); `OC_STATUS_METHOD_ERROR` for no values or a
 * NaN (without "missing": "skip") or infinite value ("values[17]: ..."). On failure `*out_json`
 * is NULL.
 *
 * Ownership: `values` and `options_json` are borrowed for the call only. The caller owns
 * `*out_json` and must release it with `oc_string_free()`.
 *
 * # Safety
 * `values` must be NULL with `len` 0 or valid for reading `len` doubles; `options_json` NULL
 * or a NUL-terminated string; `out_json` NULL or valid for writing one pointer.
 */
oc_status oc_spc_xmr(const double *values, size_t len, const char *options_json, char **out_json);

/**
 * Proportions x / n (times `multiplier`) with Wilson score confidence limits, row by row
 * (PHEindicatormethods 2.1.0 `phe_proportion`; Fingertips technical guidance; Wilson 1927).
 *
 * With z the two-sided normal quantile of `confidence`:
 * value = x/n * m, limits = (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)) * m.
 *
 * `x` and `n` hold `len` values each; `value`, `lower` and `upper` receive `len` values each.
 * `confidence` is a fraction in [0.9, 1) or a percentage in [90, 100) (0.95, 0.998, 95, ...);
 * `multiplier` is 1 for a fraction, 100 for a percentage. A NaN in `x[i]` or `n[i]` gives NaN
 * in that row. Any array may be NULL when `len` is 0.
 *
 * Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (an array is NULL with `len` > 0);
 * `OC_STATUS_INVALID_ARGUMENT` (a bad `confidence` or `multiplier`, or an output that
 * overlaps another output or an input); `OC_STATUS_METHOD_ERROR` when a row cannot be used
 * (x < 0, n <= 0, x > n, an infinite value): the last error names the first bad row and
 * counts them, e.g. "x[3]: x[3] = 12 is greater than n[3] = 10: ... (1 row is invalid)".
 * On failure the contents of the outputs are unspecified.
 *
 * Ownership: every array is borrowed for the call only and stays the caller's.
 *
 * # Safety
 * Each array must be NULL with `len` 0, or aligned and valid for `len` doubles (readable for
 * `x` and `n`, writable for the outputs).
 */
oc_status oc_proportion(const double *x,
                        const double *n,
                        size_t len,
                        double confidence,
                        double multiplier,
                        double *value,
                        double *lower,
                        double *upper);

/**
 * Crude rates x / n * `multiplier` with exact Poisson limits for x < 10 and Byar's
 * approximation for x >= 10, row by row (PHEindicatormethods 2.1.0 `phe_rate`; Fingertips
 * technical guidance; Breslow and Day 1987).
 *
 * Byar's limits for a count O: O (1 - 1/(9O) -/+ z / (3 sqrt(O)))^3, the upper with O + 1.
 *
 * Arguments, statuses and ownership as for `oc_proportion()`, except that x may exceed n;
 * `multiplier` is usually 100000 (per 100,000). A row with x < 0 or n <= 0 is
 * `OC_STATUS_METHOD_ERROR` naming it ("n[2]: ...").
 *
 * # Safety
 * As for `oc_proportion()`.
 */
oc_status oc_rate(const double *x,
                  const double *n,
                  size_t len,
                  double confidence,
                  double multiplier,
                  double *value,
                  double *lower,
                  double *upper);

/**
 * The distinct codes of a group column in first-appearance order: the order in which the
 * grouped functions (`oc_dsr()`, `oc_isr()`, `oc_isratio()`, `oc_mean()`) write their output
 * rows, so `keys[k]` labels output row k.
 *
 * Stores the number of distinct codes in `*out_groups`. When `keys_len` is 0, `keys` may be
 * NULL and only the count is given (the sizing call); otherwise `keys` must hold at least
 * that many elements and receives the codes. `groups` may be NULL when `len` is 0.
 *
 * Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_groups` is NULL, or an array is
 * NULL with a non-zero length); `OC_STATUS_INVALID_ARGUMENT` when 0 < `keys_len` < the number
 * of groups (`*out_groups` still says how many are needed) or `keys` overlaps `groups`.
 *
 * Ownership: the arrays are borrowed for the call only.
 *
 * # Safety
 * `groups` must be NULL with `len` 0 or valid for reading `len` `uint32_t`; `keys` must be
 * NULL with `keys_len` 0 or valid for writing `keys_len` `uint32_t`; `out_groups` must be
 * NULL or valid for writing one `size_t`.
 */
oc_status oc_group_keys(const uint32_t *groups,
                        size_t len,
                        uint32_t *keys,
                        size_t keys_len,
                        size_t *out_groups);

/**
 * Directly standardised rates, one per group, with Dobson's limits built on Byar's limits for
 * the total count (PHEindicatormethods 2.1.0 `calculate_dsr`; Fingertips technical guidance;
 * Dobson et al. 1991).
 *
 * Rows are (group, age band) cells: count `x[i]`, local population `n[i]` and standard
 * population `stdpop[i]` (e.g. the European Standard Population 2013), all `len` long. For a
 * group with O = sum x: DSR = sum(x w / n) / sum(w) * m, var = sum(x w^2 / n^2) / (sum w)^2,
 * limits (DSR/m + sqrt(var/O) (O_lower - O)) * m with Byar's O_lower (likewise upper). A NaN
 * count is taken as 0; a group whose total count is below 10 gets NaN value and limits
 * (PHEindicatormethods: "dsr NA for total count < 10").
 *
 * `groups` holds one code per row, or is NULL for one group of all rows. The rows of a group
 * need not be contiguous. Output row k is the k-th distinct code in order of first
 * appearance (`oc_group_keys()` lists them). `value`, `lower` and `upper` must each hold
 * `out_len` elements with `out_len` >= the number of groups: `len` elements (1 when `groups`
 * is NULL) are always enough, or ask `oc_group_keys()` first. `*out_groups` receives the
 * number of groups, i.e. of output rows written; it is set as soon as it is known, also when
 * `out_len` is too small, and is 0 when an earlier check fails.
 *
 * Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_groups` is NULL, or an array is
 * NULL with a non-zero length); `OC_STATUS_INVALID_ARGUMENT` (bad `confidence` or
 * `multiplier`, `out_len` too small, overlapping outputs); `OC_STATUS_METHOD_ERROR` naming the
 * first bad row (x < 0, n <= 0 or NaN, stdpop < 0 or NaN), e.g. "n[4]: ...".
 *
 * Ownership: every array is borrowed for the call only.
 *
 * # Safety
 * `x`, `n`, `stdpop` must each be NULL with `len` 0 or valid for reading `len` doubles;
 * `groups` NULL or valid for reading `len` `uint32_t`; `value`, `lower`, `upper` NULL with
 * `out_len` 0 or valid for writing `out_len` doubles; `out_groups` NULL or valid for writing
 * one `size_t`.
 */
oc_status oc_dsr(const double *x,
                 const double *n,
                 const double *stdpop,
                 const uint32_t *groups,
                 size_t len,
                 double confidence,
                 double multiplier,
                 double *value,
                 double *lower,
                 double *upper,
                 size_t out_len,
                 size_t *out_groups);

/**
 * Indirectly standardised rates, one per group (PHEindicatormethods 2.1.0
 * `calculate_ISRate`; Fingertips technical guidance).
 *
 * Rows are (group, age band) cells: local count `x[i]` and population `n[i]`, reference
 * count `x_ref[i]` and population `n_ref[i]`. With E = sum (x_ref / n_ref) n, O = sum x and
 * ref_rate = sum x_ref / sum n_ref * m: ISR = O / E * ref_rate, limits L(O) / E * ref_rate
 * with exact Poisson limits L for O < 10 and Byar's for O >= 10. A NaN count is taken as 0;
 * n = 0 is allowed (the band contributes nothing); small counts are not suppressed.
 *
 * Groups, output sizing, `*out_groups`, statuses and ownership as for `oc_dsr()`;
 * `OC_STATUS_METHOD_ERROR` names the first row with x < 0, n < 0, x_ref < 0 or n_ref <= 0.
 *
 * # Safety
 * As for `oc_dsr()`, with `x`, `n`, `x_ref`, `n_ref` each `len` doubles.
 */
oc_status oc_isr(const double *x,
                 const double *n,
                 const double *x_ref,
                 const double *n_ref,
                 const uint32_t *groups,
                 size_t len,
                 double confidence,
                 double multiplier,
                 double *value,
                 double *lower,
                 double *upper,
                 size_t out_len,
                 size_t *out_groups);

/**
 * Indirectly standardised ratios (observed / expected, e.g. an SMR), one per group
 * (PHEindicatormethods 2.1.0 `calculate_ISRatio`; Fingertips technical guidance).
 *
 * With E = sum (x_ref / n_ref) n and O = sum x: ratio = O / E * `refvalue`, limits
 * L(O) / E * `refvalue` with exact Poisson (O < 10) or Byar's (O >= 10) limits L. `refvalue`
 * is 1 for a ratio, 100 for a ratio per 100.
 *
 * Arguments, groups, output sizing, statuses and ownership as for `oc_isr()`.
 *
 * # Safety
 * As for `oc_isr()`.
 */
oc_status oc_isratio(const double *x,
                     const double *n,
                     const double *x_ref,
                     const double *n_ref,
                     const uint32_t *groups,
                     size_t len,
                     double confidence,
                     double refvalue,
                     double *value,
                     double *lower,
                     double *upper,
                     size_t out_len,
                     size_t *out_groups);

/**
 * Means, one per group, with Student's t confidence limits (PHEindicatormethods 2.1.0
 * `phe_mean`; Fingertips technical guidance).
 *
 * For a group of k values with mean m and sample standard deviation s:
 * m -/+ t(1 - (1 - confidence)/2; k - 1) * s / sqrt(k). A NaN value makes its group NaN; a
 * group of one value has its mean and NaN limits.
 *
 * `values` holds `len` values. Groups, output sizing, `*out_groups` and ownership as for
 * `oc_dsr()`. Returns `OC_STATUS_OK`, `OC_STATUS_NULL_ARGUMENT` or
 * `OC_STATUS_INVALID_ARGUMENT` (bad `confidence`, `out_len` too small, overlapping outputs).
 *
 * # Safety
 * As for `oc_dsr()`, with `values` `len` doubles.
 */
oc_status oc_mean(const double *values,
                  const uint32_t *groups,
                  size_t len,
                  double confidence,
                  double *value,
                  double *lower,
                  double *upper,
                  size_t out_len,
                  size_t *out_groups);

/**
 * Frees a string this library returned through a `char **` out-parameter (for example the
 * JSON from `oc_framework_validate()`). NULL is allowed and does nothing.
 *
 * Ownership: takes back ownership of `s`; `s` must not be used afterwards. Pass only strings
 * from this library, each once; never pass them to C `free()`, and never pass the strings from
 * `oc_version()` or `oc_last_error_message()` here (those belong to the library).
 *
 * # Safety
 * `s` must be NULL or a string returned by this library through a `char **` out-parameter
 * that has not been freed yet.
 */
void oc_string_free(char *s);

/**
 * The version of the library actually loaded, as "x.y.z". It equals the header's
 * `OUTCOMES_VERSION` macro when the header and library come from the same build; compare them
 * at start-up (`strcmp(oc_version(), OUTCOMES_VERSION) == 0`) to catch a mismatch.
 *
 * Ownership and lifetime: a static string owned by the library; never free it. Never NULL.
 */
const char *oc_version(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* OUTCOMES_H */
