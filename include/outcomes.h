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
 *    oc_string_free. Every free function accepts NULL. Never pass library memory to free().
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
