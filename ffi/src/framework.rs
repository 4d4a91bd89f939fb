//! `oc_framework`: a strategy framework loaded from JSON, TOML or a file.

use std::ffi::c_char;

use outcomes_core::model::{Framework, Progress};

use crate::error::Failure;
use crate::guard::{
    Castable, cstr_arg, free_box, give_string, guard, guard_void, out_ptr, text_arg, to_boxed_ptr,
    try_ref,
};
use crate::status::OcStatus;

/// An opaque handle to a loaded strategy framework. Create it with `oc_framework_from_json()`,
/// `oc_framework_from_toml()` or `oc_framework_from_path()`; the caller owns it and releases it
/// with `oc_framework_free()`. It is never changed after creation, so several threads may read
/// the same handle at once.
pub struct OcFramework {
    _private: [u8; 0],
}

impl Castable for OcFramework {
    type RustType = Framework;
}

/// Shared body of the `from_json` / `from_toml` entry points.
///
/// # Safety
/// As for [`oc_framework_from_json`].
unsafe fn from_text(
    text: *const c_char,
    len: usize,
    out: *mut *mut OcFramework,
    name: &str,
    parse: fn(&str) -> Result<Framework, outcomes_core::Error>,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_framework *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes (NULL, 0) or `len` readable bytes.
        let text = unsafe { text_arg(text, len, name) }?;
        let fw = parse(text)?;
        *out = to_boxed_ptr::<OcFramework>(fw);
        Ok(())
    })
}

/// Reads a framework from JSON text (the same schema as framework files).
///
/// `json` points at `len` bytes of UTF-8; it need not be NUL-terminated (pass strlen(json)
/// for a C string). (NULL, 0) is accepted as empty text, which is a parse error.
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
/// `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`
/// or `OC_STATUS_PARSE_ERROR`; `oc_last_error_message()` then names the offending field and the
/// line and column, e.g. "measures[0].unit: unknown variant ... (JSON line 7, column 19)".
///
/// Ownership: `json` is borrowed for the call only. The caller owns `*out` and must release it
/// with `oc_framework_free()`.
///
/// # Safety
/// `json` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
/// valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut OcFramework,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is from_text's.
    unsafe { from_text(json, len, out, "json", Framework::from_json_str) }
}

/// Reads a framework from TOML text (the same schema as framework files).
///
/// `toml` points at `len` bytes of UTF-8; it need not be NUL-terminated. (NULL, 0) is accepted
/// as empty text, which is a parse error (a framework needs `schema_version`, id, title and
/// period).
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
/// `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`
/// or `OC_STATUS_PARSE_ERROR`, with the field path and line in `oc_last_error_message()`.
///
/// Ownership: `toml` is borrowed for the call only. The caller owns `*out` and must release it
/// with `oc_framework_free()`.
///
/// # Safety
/// `toml` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
/// valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_from_toml(
    toml: *const c_char,
    len: usize,
    out: *mut *mut OcFramework,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is from_text's.
    unsafe { from_text(toml, len, out, "toml", Framework::from_toml_str) }
}

/// Reads a framework file: ".json" as JSON, ".toml" as TOML, otherwise by its first
/// non-blank character. `path` is a NUL-terminated UTF-8 file name.
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
/// `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`,
/// `OC_STATUS_IO_ERROR` (the file cannot be read; the last error path is the file name) or
/// `OC_STATUS_PARSE_ERROR` (the message ends with "(in FILE)").
///
/// Ownership: `path` is borrowed for the call only. The caller owns `*out` and must release it
/// with `oc_framework_free()`.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_from_path(
    path: *const c_char,
    out: *mut *mut OcFramework,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_framework *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { cstr_arg(path, "path") }?;
        let fw = Framework::load(path)?;
        *out = to_boxed_ptr::<OcFramework>(fw);
        Ok(())
    })
}

/// Checks the framework against every rule (ids, references, cycles, periods, targets against
/// polarity, ranges, placeholders, missing baselines, targets and sources) and reports every
/// problem at once.
///
/// On success returns `OC_STATUS_OK` and stores in `*out_json` a JSON array of diagnostics,
/// errors first then warnings, each an object with four strings: `path` (where, e.g.
/// `measures[0].targets[0].by`), `severity` (`error` or `warning`), `code` (what it is about,
/// e.g. `bad_period`) and `message` (what is wrong and what to do); `[]` when there is nothing
/// to report. A framework with problems is still `OC_STATUS_OK`: look at the severities.
/// On failure stores NULL in
/// `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
///
/// Ownership: `fw` is borrowed for the call only. The caller owns `*out_json` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `fw` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_validate(
    fw: *const OcFramework,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        give_string(out, diagnostics_json(&fw.validate())?)
    })
}

/// Writes the framework as pretty-printed JSON, which `oc_framework_from_json()` reads back to
/// the same framework.
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out_json`. On failure stores NULL in
/// `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, or
/// `OC_STATUS_INVALID_ARGUMENT` when a number is not finite (JSON cannot carry NaN or infinity).
///
/// Ownership: `fw` is borrowed for the call only. The caller owns `*out_json` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `fw` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_to_json(
    fw: *const OcFramework,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        give_string(out, fw.to_json_string()?)
    })
}

/// Writes the framework as TOML, which `oc_framework_from_toml()` reads back to the same
/// framework.
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out_toml`. On failure stores NULL in
/// `*out_toml` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` or
/// `OC_STATUS_INVALID_ARGUMENT`.
///
/// Ownership: `fw` is borrowed for the call only. The caller owns `*out_toml` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `fw` must be NULL or a live handle from this library; `out_toml` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_to_toml(
    fw: *const OcFramework,
    out_toml: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_toml, "out_toml") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        give_string(out, fw.to_toml_string()?)
    })
}

/// Applies a progress file to a framework: milestone statuses and evidence, and value-outcome
/// figures reported during the year (the file's schema is `outcomes schema progress`). The
/// result is a new framework; `fw` is unchanged. Evaluate the new framework to have the
/// progress in the evaluation and its annual review (`oc_annual_review()`).
///
/// `path` is a NUL-terminated UTF-8 file name: ".json" is read as JSON, anything else as
/// TOML.
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL
/// in `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`fw`, `path` or
/// `out` is NULL), `OC_STATUS_INVALID_UTF8`, `OC_STATUS_IO_ERROR` (the file cannot be read;
/// the last error path is the file name), `OC_STATUS_PARSE_ERROR` (the message ends with
/// "(in FILE)") or `OC_STATUS_VALIDATION_ERROR`: path "framework" when the file is for another
/// framework, or the update that names a commitment, milestone or value outcome the framework
/// lacks (e.g. "milestones[2].milestone").
///
/// Ownership: `fw` and `path` are borrowed for the call only; the new framework keeps no
/// pointer to `fw`. The caller owns `*out` and must release it with `oc_framework_free()`.
///
/// # Safety
/// `fw` must be NULL or a live handle from this library; `path` NULL or a NUL-terminated
/// string; `out` NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_with_progress_path(
    fw: *const OcFramework,
    path: *const c_char,
    out: *mut *mut OcFramework,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_framework *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { cstr_arg(path, "path") }?;
        let progress = Progress::load(path)?;
        let updated = fw.with_progress(&progress).map_err(|e| e.in_file(path))?;
        *out = to_boxed_ptr::<OcFramework>(updated);
        Ok(())
    })
}

/// Releases a framework handle. NULL is allowed and does nothing.
///
/// Ownership: takes back ownership of `fw`; it and anything borrowed from it must not be used
/// afterwards, and it must not be freed twice.
///
/// # Safety
/// `fw` must be NULL or a live handle from this library that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_framework_free(fw: *mut OcFramework) {
    // SAFETY: the caller passes NULL or a live handle made by `to_boxed_ptr::<OcFramework>`.
    guard_void(|| unsafe { free_box(fw) });
}

/// The JSON array of diagnostics that `oc_framework_validate` and `oc_observations_check`
/// return.
pub(crate) fn diagnostics_json(
    diagnostics: &[outcomes_core::validate::Diagnostic],
) -> Result<String, Failure> {
    serde_json::to_string(diagnostics)
        .map_err(|e| Failure::new(OcStatus::InvalidArgument, "", e.to_string()))
}
