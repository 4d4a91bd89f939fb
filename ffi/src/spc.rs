//! `oc_spc_xmr`: a Making Data Count XmR chart of one series, as JSON.

// These doc comments are the C header's text: JSON keys and values are written as JSON
// strings ("as_of") and C names bare, not as Markdown code.
#![allow(clippy::doc_markdown)]

use std::ffi::c_char;

use outcomes_core::spc::{self, SpcOptions};

use crate::error::Failure;
use crate::guard::{cstr_arg, give_string, guard, in_array, out_ptr};
use crate::status::OcStatus;

/// What `options_json` may hold, for error messages.
const SPC_KEYS: &str = "options are a JSON object with optional keys improvement, target, \
    rebase, fix_after, screen_outliers, missing, profile, shift_length, trend_length, \
    two_in_three_counts_outside, improvement_wins";

/// Reads SPC options from JSON, naming the offending key on failure.
pub(crate) fn spc_options(text: &str) -> Result<SpcOptions, Failure> {
    let mut de = serde_json::Deserializer::from_str(text);
    let options: SpcOptions = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "options_json".to_owned()
        } else {
            path
        };
        Failure::new(
            OcStatus::InvalidArgument,
            path,
            format!("{}; {SPC_KEYS}", e.into_inner()),
        )
    })?;
    de.end().map_err(|e| {
        Failure::new(
            OcStatus::InvalidArgument,
            "options_json",
            format!("unexpected text after the options: {e}"),
        )
    })?;
    options.rules()?;
    Ok(options)
}

/// The XmR (individuals) chart of one series with Making Data Count rules and icons,
/// reproducing NHSRplotthedots 0.2.2 (`ptd_spc`) by default or the Making Data Count Excel
/// tool with `{"profile": "mdc_excel"}`.
///
/// Per segment: mean of the baseline values, AMR = mean moving range (screened once at
/// 3.267 x AMR by default), limits mean -/+ 2.66 x AMR; special-cause rules (outside the
/// limits, 7-point trend, two of three beyond 2 sigma, 7-point shift) give each point a type.
///
/// `values` holds `len` values in time order (`len` >= 1; NULL only with `len` 0, which is
/// itself an error). `options_json` is NULL for the defaults or a NUL-terminated JSON object
/// with any of: "improvement" ("increase" | "decrease" | "neutral"), "target" (number),
/// "rebase" (0-based positions where a new segment starts), "fix_after" (>= 12),
/// "screen_outliers" (bool), "missing" ("error" | "skip"), "profile" ("nhsr" | "mdc_excel"),
/// "shift_length" and "trend_length" (6 or 7), "two_in_three_counts_outside",
/// "improvement_wins" (bool).
///
/// On success stores in `*out_json` one JSON object with per-point arrays (one element per
/// value) "mean", "lpl", "upl", "near_lpl", "near_upl", "point_type" (common_cause |
/// special_cause_improvement | special_cause_concern | special_cause_neutral_high |
/// special_cause_neutral_low | missing), "signal", "segment"; "segments" (the limits and
/// working of each segment); "summary" ({"variation_icon", "assurance_icon" (or null),
/// "mean", "lpl", "upl" of the latest segment, "counts", "short_series_warning", ...}); and
/// "rules" (the rule settings used). A limit that is not a number (a constant series) is null.
///
/// Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_json` NULL, `values` NULL with
/// `len` > 0); `OC_STATUS_INVALID_UTF8`; `OC_STATUS_INVALID_ARGUMENT` for bad options (the last
/// error path names the key, e.g. "rebase[1]"); `OC_STATUS_METHOD_ERROR` for no values or a
/// NaN (without "missing": "skip") or infinite value ("values[17]: ..."). On failure `*out_json`
/// is NULL.
///
/// Ownership: `values` and `options_json` are borrowed for the call only. The caller owns
/// `*out_json` and must release it with `oc_string_free()`.
///
/// # Safety
/// `values` must be NULL with `len` 0 or valid for reading `len` doubles; `options_json` NULL
/// or a NUL-terminated string; `out_json` NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_spc_xmr(
    values: *const f64,
    len: usize,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out_json, "out_json") }?;
        // SAFETY: the caller passes NULL with len 0 or `len` readable doubles.
        let values = unsafe { in_array(values, len, "values") }?;
        let options = if options_json.is_null() {
            SpcOptions::default()
        } else {
            // SAFETY: `options_json` is not NULL, so the caller passes a NUL-terminated string.
            spc_options(unsafe { cstr_arg(options_json, "options_json") }?)?
        };
        let result = spc::xmr(values, &options)?;
        let json = serde_json::to_string(&result)
            .map_err(|e| Failure::new(OcStatus::InvalidArgument, "", e.to_string()))?;
        give_string(out, json)
    })
}
