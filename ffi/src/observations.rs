//! `oc_observations`: the data a framework is evaluated on.

use std::ffi::c_char;
use std::io::BufReader;

use outcomes_core::data::Observations;

use crate::error::Failure;
use crate::framework::{OcFramework, diagnostics_json};
use crate::guard::{
    Castable, cstr_arg, free_box, give_string, guard, guard_void, out_ptr, out_value, text_arg,
    to_boxed_ptr, try_ref,
};
use crate::status::OcStatus;

/// An opaque handle to a set of observations (one row per measure x period x area x
/// breakdown). Create it with `oc_observations_from_csv_path()`,
/// `oc_observations_from_fingertips_csv_path()` or `oc_observations_from_json()`; the caller owns it
/// and releases it with `oc_observations_free()`. It is never changed after creation, so several
/// threads may read the same handle at once.
pub struct OcObservations {
    _private: [u8; 0],
}

impl Castable for OcObservations {
    type RustType = Observations;
}

/// Opens `path` and reads it with `read`, naming the file in any error.
fn read_csv_file(
    path: &str,
    read: fn(BufReader<std::fs::File>) -> Result<Observations, outcomes_core::Error>,
) -> Result<Observations, Failure> {
    let file =
        std::fs::File::open(path).map_err(|e| outcomes_core::Error::io(path, e.to_string()))?;
    Ok(read(BufReader::new(file)).map_err(|e| e.in_file(path))?)
}

/// Shared body of the two CSV path readers.
///
/// # Safety
/// As for [`oc_observations_from_csv_path`].
unsafe fn from_csv_path(
    path: *const c_char,
    out: *mut *mut OcObservations,
    read: fn(BufReader<std::fs::File>) -> Result<Observations, outcomes_core::Error>,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_observations *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { cstr_arg(path, "path") }?;
        let obs = read_csv_file(path, read)?;
        *out = to_boxed_ptr::<OcObservations>(obs);
        Ok(())
    })
}

/// Reads observations from a long-format CSV file (columns measure, period, value and
/// optionally area, `area_code`, age, numerator, denominator, lower, upper, `lower_998`, `upper_998`,
/// note, source, and breakdown dimensions). `path` is a NUL-terminated UTF-8 file name.
///
/// Every row is checked; when any row is bad nothing is loaded. On success returns `OC_STATUS_OK`
/// and stores a new handle in `*out`. On failure stores NULL in `*out` (when `out` is not NULL)
/// and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`, `OC_STATUS_IO_ERROR` (the file
/// cannot be opened; the last error path is the file name), `OC_STATUS_PARSE_ERROR` or
/// `OC_STATUS_DATA_ERROR` (the last error path names the line, e.g. "line 3 (value)").
///
/// Ownership: `path` is borrowed for the call only. The caller owns `*out` and must release it
/// with `oc_observations_free()`.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_from_csv_path(
    path: *const c_char,
    out: *mut *mut OcObservations,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is from_csv_path's.
    unsafe { from_csv_path(path, out, Observations::from_csv_reader) }
}

/// Reads observations from a Fingertips data export (the CSV that `fingertips.phe.org.uk` and
/// `fingertipsR` give, with columns such as "Indicator ID", "Area Name", "Time period", "Value").
/// `path` is a NUL-terminated UTF-8 file name.
///
/// Statuses, `*out` and ownership as for `oc_observations_from_csv_path()`. The caller owns `*out`
/// and must release it with `oc_observations_free()`.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string; `out` must be NULL or valid for writing one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_from_fingertips_csv_path(
    path: *const c_char,
    out: *mut *mut OcObservations,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is from_csv_path's.
    unsafe { from_csv_path(path, out, Observations::from_fingertips_csv_reader) }
}

/// Reads observations from JSON: an array of row objects ({"measure": "smoking", "period":
/// "2023/24", "value": 12.1, ...}) or {"observations": [...]}. `json` points at `len` bytes of
/// UTF-8 and need not be NUL-terminated; (NULL, 0) is accepted as empty text, which is a parse
/// error.
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`. On failure stores NULL in
/// `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`, `OC_STATUS_INVALID_UTF8`,
/// `OC_STATUS_PARSE_ERROR` (the last error path names the element, e.g. "[1].period") or
/// `OC_STATUS_DATA_ERROR` (a row that breaks a rule, e.g. a numerator above its denominator).
///
/// Ownership: `json` is borrowed for the call only. The caller owns `*out` and must release it
/// with `oc_observations_free()`.
///
/// # Safety
/// `json` must be NULL with `len` 0, or valid for reading `len` bytes; `out` must be NULL or
/// valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut OcObservations,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_observations *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes (NULL, 0) or `len` readable bytes.
        let text = unsafe { text_arg(json, len, "json") }?;
        let obs = Observations::from_json_str(text)?;
        *out = to_boxed_ptr::<OcObservations>(obs);
        Ok(())
    })
}

/// Stores the number of rows in `*out_len`.
///
/// Returns `OC_STATUS_OK`, or `OC_STATUS_NULL_ARGUMENT` when `obs` or `out_len` is NULL (then
/// `*out_len` is set to 0 when `out_len` is not NULL).
///
/// Ownership: `obs` is borrowed for the call only.
///
/// # Safety
/// `obs` must be NULL or a live handle from this library; `out_len` must be NULL or valid for
/// writing one `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_len(
    obs: *const OcObservations,
    out_len: *mut usize,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `size_t`.
        let out = unsafe { out_value(out_len, "out_len") }?;
        *out = 0;
        // SAFETY: the caller passes NULL or a live observations handle.
        let obs = unsafe { try_ref(obs, "obs") }?;
        *out = obs.len();
        Ok(())
    })
}

/// Writes the observations as a pretty-printed JSON array of rows, which
/// `oc_observations_from_json()` reads back to the same observations.
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out_json`; on failure stores NULL
/// in `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
///
/// Ownership: `obs` is borrowed for the call only. The caller owns `*out_json` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `obs` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_to_json(
    obs: *const OcObservations,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL or a live observations handle.
        let obs = unsafe { try_ref(obs, "obs") }?;
        give_string(out, obs.to_json_string()?)
    })
}

/// Checks the observations against a framework: measures the framework does not have,
/// breakdown dimensions a measure does not declare, numerators above denominators for
/// proportions, percentages outside 0-100.
///
/// On success returns `OC_STATUS_OK` and stores in `*out_json` a JSON array of diagnostics in the
/// same shape as `oc_framework_validate()` ({"path", "severity", "code", "message"}), with paths
/// naming the rows; "[]" when all is well. On failure stores NULL in `*out_json` (when it is not
/// NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
///
/// Ownership: `obs` and `fw` are borrowed for the call only. The caller owns `*out_json` and
/// must release it with `oc_string_free()`.
///
/// # Safety
/// `obs` and `fw` must each be NULL or a live handle of their type from this library;
/// `out_json` must be NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_check(
    obs: *const OcObservations,
    fw: *const OcFramework,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL or a live observations handle.
        let obs = unsafe { try_ref(obs, "obs") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        give_string(out, diagnostics_json(&obs.check_against(fw))?)
    })
}

/// Releases an observations handle. NULL is allowed and does nothing.
///
/// Ownership: takes back ownership of `obs`; it must not be used afterwards, and it must not be
/// freed twice.
///
/// # Safety
/// `obs` must be NULL or a live handle from this library that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_observations_free(obs: *mut OcObservations) {
    // SAFETY: the caller passes NULL or a live handle made by `to_boxed_ptr::<OcObservations>`.
    guard_void(|| unsafe { free_box(obs) });
}
