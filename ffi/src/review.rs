//! The annual review of an evaluation, rendered as Markdown, HTML, JSON or CSV.

// These doc comments are the C header's text: JSON keys, formats and C names are written bare
// or as strings, not as Markdown code.
#![allow(clippy::doc_markdown)]

use std::ffi::c_char;

use outcomes_core::report::Review;

use crate::error::Failure;
use crate::evaluation::OcEvaluation;
use crate::guard::{cstr_arg, give_string, guard, out_ptr, try_ref};
use crate::status::OcStatus;

/// The formats a review is written in, by the name C passes.
const FORMATS: &str = "\"md\", \"html\", \"json\" or \"csv\"";

/// A review format, by the name C passes.
#[derive(Clone, Copy)]
enum Format {
    Markdown,
    Html,
    Json,
    Csv,
}

impl Format {
    /// The format named `name`; anything but the four names is `OC_STATUS_INVALID_ARGUMENT`
    /// naming `format`.
    fn parse(name: &str) -> Result<Format, Failure> {
        match name {
            "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => {
                let shown: String = other.chars().take(40).collect();
                Err(Failure::new(
                    OcStatus::InvalidArgument,
                    "format",
                    format!("\"{shown}\" is not a review format; pass {FORMATS}"),
                ))
            }
        }
    }

    /// Writes `review` in this format.
    fn render(self, review: &Review) -> Result<String, Failure> {
        Ok(match self {
            Format::Markdown => review.to_markdown(),
            Format::Html => review.to_html(),
            Format::Json => review.to_json()?,
            Format::Csv => review.to_csv(),
        })
    }
}

/// Shared body of `oc_annual_review` and `oc_annual_review_since`: checks every argument
/// (the format before the work), builds the review and renders it.
///
/// # Safety
/// As for [`oc_annual_review_since`]; `previous_json` is `None` for `oc_annual_review`.
unsafe fn review_body(
    ev: *const OcEvaluation,
    year: *const c_char,
    previous_json: Option<*const c_char>,
    format: *const c_char,
    out: *mut *mut c_char,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `char *`.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: the caller passes NULL or a live evaluation handle.
        let ev = unsafe { try_ref(ev, "ev") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let year = unsafe { cstr_arg(year, "year") }?;
        // SAFETY: as above. An unknown format is reported before any work is done.
        let format = Format::parse(unsafe { cstr_arg(format, "format") }?)?;
        let previous = match previous_json {
            None => None,
            Some(p) => {
                // SAFETY: the caller passes NULL or a NUL-terminated string.
                let text = unsafe { cstr_arg(p, "previous_json") }?;
                Some(Review::from_json_str(text)?)
            }
        };
        let review = ev.annual_review(year, previous.as_ref()).map_err(|e| {
            let mut f = Failure::from(e);
            // Core names its argument `previous`; in C the argument is `previous_json`.
            if f.path == "previous" {
                "previous_json".clone_into(&mut f.path);
            }
            f
        })?;
        give_string(out, format.render(&review)?)
    })
}

/// Writes the annual review of a financial year: what the strategy delivered, for a board to
/// read. It holds a system summary; per partnership its purpose, kind, complexity and
/// assurance, its commitments delivered / in progress / overdue, its measures by status with
/// their figures and charts, its value-added outcomes (money totals by kind, SROI where the
/// investment is known; outcomes not valued are listed apart and never added) and sharing;
/// completeness and what is still to be confirmed.
///
/// `year` is a NUL-terminated financial year: "2024/25" (also "2024-25", "FY2024/25").
/// `format` is one of:
///  - "md": Markdown (CommonMark with GitHub tables);
///  - "html": one self-contained, print-friendly page with inline CSS and SVG charts (no
///    script, no external reference);
///  - "json": pretty-printed JSON whose field names are a contract (the Review JSON Schema);
///    pass it to `oc_annual_review_since()` next year as the previous review;
///  - "csv": every table one after another, each starting with a row "table,NAME", then its
///    header and rows, then an empty line (tables summary, partnerships, commitments,
///    measures, value_outcomes, value_by_kind, sharing, to_be_confirmed, changes).
///
/// Text taken from the framework is escaped for each format. Figures resting on counts below
/// the suppression threshold are shown as "*" and left out of every format.
///
/// The review is of the evaluation as made: evaluate with "as_of" set to the last day of the
/// year (e.g. {"as_of": "2025-03-31"} for 2024/25) to review that year's results, with
/// "proxies_path" to value outcomes with a proxy table, and apply a progress file to the
/// framework first with `oc_framework_with_progress_path()` for milestones and value outcomes
/// reported during the year. The evaluation keeps the framework it evaluated, so the framework
/// handle may already be freed.
///
/// On success returns `OC_STATUS_OK` and stores the text in `*out`. On failure stores NULL in
/// `*out` (when `out` is not NULL) and returns `OC_STATUS_NULL_ARGUMENT` (`ev`, `year`,
/// `format` or `out` is NULL; the last error path names it), `OC_STATUS_INVALID_UTF8`, or
/// `OC_STATUS_INVALID_ARGUMENT`: path "format" for an unknown format (checked first), path
/// "year" when `year` is not a financial year (e.g. "2024", a calendar year), or a value
/// outcome's field ("value_outcomes.ID.FIELD") that cannot be monetised.
///
/// Ownership: `ev`, `year` and `format` are borrowed for the call only. The caller owns `*out`
/// and must release it with `oc_string_free()`.
///
/// # Safety
/// `ev` must be NULL or a live handle from this library; `year` and `format` NULL or
/// NUL-terminated strings; `out` NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_annual_review(
    ev: *const OcEvaluation,
    year: *const c_char,
    format: *const c_char,
    out: *mut *mut c_char,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is review_body's.
    unsafe { review_body(ev, year, None, format, out) }
}

/// Writes the annual review of a financial year as `oc_annual_review()` does, with what
/// changed since the previous review (the "changes" section and table): measures,
/// commitments and partnerships whose status moved (better, worse or not comparable), items
/// new or gone since then, and the money totals then and now.
///
/// `previous_json` is a NUL-terminated review as written by `oc_annual_review()` with format
/// "json" (or by the CLI or Python), normally of the year before; it must not be NULL (call
/// `oc_annual_review()` when there is no previous review).
///
/// On failure stores NULL in `*out` (when `out` is not NULL) and returns, besides the statuses
/// of `oc_annual_review()`: `OC_STATUS_NULL_ARGUMENT` naming "previous_json",
/// `OC_STATUS_INVALID_UTF8`, `OC_STATUS_PARSE_ERROR` (the text is not a review; the last error
/// path names the offending field) or `OC_STATUS_INVALID_ARGUMENT` with path "previous_json"
/// (the previous review is of another framework).
///
/// Ownership: every argument but `out` is borrowed for the call only. The caller owns `*out`
/// and must release it with `oc_string_free()`.
///
/// # Safety
/// `ev` must be NULL or a live handle from this library; `year`, `previous_json` and `format`
/// NULL or NUL-terminated strings; `out` NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_annual_review_since(
    ev: *const OcEvaluation,
    year: *const c_char,
    previous_json: *const c_char,
    format: *const c_char,
    out: *mut *mut c_char,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is review_body's.
    unsafe { review_body(ev, year, Some(previous_json), format, out) }
}
