//! `oc_evaluation`: a framework evaluated against observations.

// These doc comments are the C header's text: JSON keys and values are written as JSON
// strings ("as_of") and C names bare, not as Markdown code.
#![allow(clippy::doc_markdown)]

use std::ffi::c_char;

use outcomes_core::evaluate::{EvaluateOptions, Evaluation};

use crate::framework::OcFramework;
use crate::guard::{
    Castable, cstr_arg, free_box, give_string, guard, guard_void, out_ptr, to_boxed_ptr, try_ref,
};
use crate::observations::OcObservations;
use crate::status::OcStatus;

/// An opaque handle to the result of `oc_evaluate()`: per measure, area and breakdown the
/// latest value, baseline, target, progress, trajectory, status and RAG with its reason; per
/// commitment its milestones; the roll-ups and the completeness audit. The caller owns it and
/// releases it with `oc_evaluation_free()`. It is never changed after creation and does not
/// borrow the framework or observations it came from, so it may outlive them and several
/// threads may read it at once.
pub struct OcEvaluation {
    _private: [u8; 0],
}

impl Castable for OcEvaluation {
    type RustType = Evaluation;
}

/// Evaluates a framework against observations: is each measure and commitment on track?
///
/// `options_json` is NULL for the defaults or a NUL-terminated JSON object with any of the
/// evaluation options (the same keys as in Rust and Python): "as_of" ("YYYY-MM-DD"; default
/// the end of the latest observed period), "confidence" (0.95 or 0.998), "tolerance"
/// ({"relative": 0.05} or {"absolute": x}), "rollup" ("worst" | "majority"),
/// "comparator_area", "spc_min_points" (15), "forecast_min_points" (3), "spc_profile" ("nhsr"
/// | "mdc_excel"), "proxies_path", "suppress_below". "{}" also means the defaults.
///
/// On success returns `OC_STATUS_OK` and stores a new handle in `*out`; read it with
/// `oc_evaluation_to_json()` or `oc_evaluation_to_csv()`. On failure stores NULL in `*out`
/// (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`fw`, `obs` or `out` is
/// NULL), `OC_STATUS_INVALID_UTF8`, `OC_STATUS_INVALID_ARGUMENT` (bad options: the last error
/// path names the key, e.g. "tolerance.relative"; or no `as_of` and no observations) or
/// `OC_STATUS_VALIDATION_ERROR` (the framework has validation errors: the first is named;
/// `oc_framework_validate()` lists them all).
///
/// Ownership: `fw`, `obs` and `options_json` are borrowed for the call only; the evaluation
/// keeps no pointer to them. The caller owns `*out` and must release it with
/// `oc_evaluation_free()`.
///
/// # Safety
/// `fw` and `obs` must each be NULL or a live handle of their type from this library;
/// `options_json` NULL or a NUL-terminated string; `out` NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_evaluate(
    fw: *const OcFramework,
    obs: *const OcObservations,
    options_json: *const c_char,
    out: *mut *mut OcEvaluation,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `oc_evaluation *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes NULL or a live framework handle.
        let fw = unsafe { try_ref(fw, "fw") }?;
        // SAFETY: the caller passes NULL or a live observations handle.
        let obs = unsafe { try_ref(obs, "obs") }?;
        let options = if options_json.is_null() {
            EvaluateOptions::default()
        } else {
            // SAFETY: `options_json` is not NULL, so the caller passes a NUL-terminated string.
            EvaluateOptions::from_json_str(unsafe { cstr_arg(options_json, "options_json") }?)?
        };
        let evaluation = fw.evaluate(obs, &options)?;
        *out = to_boxed_ptr::<OcEvaluation>(evaluation);
        Ok(())
    })
}

/// Writes the evaluation as pretty-printed JSON. The field names are a contract, described
/// by `schema/evaluation.schema.json`: {"framework", "title", "as_of", "options", "measures":
/// [{"measure", "area", "status", "rag", "reason", "latest", "baseline", "target", "progress",
/// ...}], "commitments", "objectives", "partnerships", "summary", "completeness"}. Numbers
/// that are not defined are null.
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out_json`; on failure stores
/// NULL in `*out_json` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
///
/// Ownership: `ev` is borrowed for the call only. The caller owns `*out_json` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `ev` must be NULL or a live handle from this library; `out_json` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_evaluation_to_json(
    ev: *const OcEvaluation,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL or a live evaluation handle.
        let ev = unsafe { try_ref(ev, "ev") }?;
        give_string(out, ev.to_json_string()?)
    })
}

/// Writes the measure rows of the evaluation as CSV (RFC 4180: fields with commas, quotes or
/// line breaks are quoted), one header line then one line per measure x area x breakdown, with
/// the columns measure, title, area, age, breakdown, unit, polarity, points, latest_period,
/// latest_value, latest_lower, latest_upper, baseline_period, baseline_value, target_kind,
/// target_value, target_by, progress, trajectory_value, status, rag, reason, comparison,
/// trend. Text cells that a spreadsheet would read as a formula are prefixed with "'".
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out_csv`; on failure stores NULL
/// in `*out_csv` (when it is not NULL) and returns `OC_STATUS_NULL_ARGUMENT`.
///
/// Ownership: `ev` is borrowed for the call only. The caller owns `*out_csv` and must release
/// it with `oc_string_free()`.
///
/// # Safety
/// `ev` must be NULL or a live handle from this library; `out_csv` must be NULL or valid for
/// writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_evaluation_to_csv(
    ev: *const OcEvaluation,
    out_csv: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_csv, "out_csv") }?;
        // SAFETY: the caller passes NULL or a live evaluation handle.
        let ev = unsafe { try_ref(ev, "ev") }?;
        give_string(out, ev.to_csv_string())
    })
}

/// Releases an evaluation handle. NULL is allowed and does nothing.
///
/// Ownership: takes back ownership of `ev`; it must not be used afterwards, and it must not be
/// freed twice. Strings already obtained from it stay valid (they are the caller's).
///
/// # Safety
/// `ev` must be NULL or a live handle from this library that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_evaluation_free(ev: *mut OcEvaluation) {
    // SAFETY: the caller passes NULL or a live handle made by `to_boxed_ptr::<OcEvaluation>`.
    guard_void(|| unsafe { free_box(ev) });
}
