//! Statistical process control: NHS England "Making Data Count" XmR charts.
//!
//! Boards in the NHS read performance through Making Data Count SPC charts: an XmR (individuals)
//! chart per measure, special-cause rules, a *variation* icon (is something unusual happening,
//! and is it good or bad?) and an *assurance* icon (will the process reliably meet its target?).
//! This module reproduces **NHSRplotthedots 0.2.2** (NHS-R Community, MIT,
//! <https://github.com/nhs-r-community/NHSRplotthedots>) by default, and offers the switches of
//! the Making Data Count Excel tool (NHS England, *Making Data Count: Getting started* and
//! *Strengthening your decisions*, <https://www.england.nhs.uk/publication/making-data-count/>).
//!
//! # Method
//!
//! Per series and per segment (a rebase position starts a new segment; nothing crosses a
//! segment boundary), with `b` the baseline values (all values, or the first `fix_after`):
//!
//! - centre line `mean = mean(b)`;
//! - moving ranges `MR_i = |b_i - b_(i-1)|`, `AMR = mean(MR)`;
//! - screening (on by default): keep only `MR_i < 3.267 x AMR` (strict) and recompute the AMR
//!   **once**; the mean is not recomputed. If every range is dropped (a constant baseline) the
//!   AMR is NaN and so are the limits, exactly as in NHSRplotthedots;
//! - process limits `mean -/+ 2.66 x AMR` (2.66 exactly); 2-sigma ("near") lines
//!   `mean -/+ (2/3 x 2.66) x AMR`. No floor at zero, no rounding.
//!
//! Every point of the segment, including those after a fixed baseline, is then tested (all
//! comparisons strict):
//!
//! 1. **outside**: above the upper or below the lower process limit;
//! 2. **trend**: 7 consecutive points each strictly above (below) its predecessor; every point
//!    of a qualifying run is flagged. A point's direction is the step to its successor when the
//!    successor is also a trend point, else the step from its predecessor; a zero step reads as
//!    falling (NHSRplotthedots' quirk, kept: two rising trends joined by a repeated value mark
//!    the first repeated value as falling);
//! 3. **two in three**: a window of 3 consecutive points all strictly on one side of the mean
//!    with at least 2 of them beyond the 2-sigma line on that side; only those points are
//!    flagged; points beyond the process limits do not count (MDC Excel: they do);
//! 4. **shift**: 7 consecutive points strictly on one side of the mean; a point on the mean
//!    breaks the run; every point of a qualifying run is flagged.
//!
//! The first rule that fires, in that order, decides the point's [`Signal`]; with
//! `improvement_wins` (MDC Excel) a rule firing in the improving direction is preferred. The
//! [`PointType`] follows from the signal's direction and the improvement direction (`neutral`:
//! high or low). The [`VariationIcon`] is the latest point's type; the [`AssuranceIcon`]
//! compares the target with the latest segment's limits (target above the upper limit: `fail`
//! when higher is better, `pass` when lower is better; below the lower limit: the reverse;
//! otherwise, including on a limit or with NaN limits, `inconsistent`; none without a target or
//! for `neutral`). A segment with fewer than 13 values carries the short-series (trial limits)
//! warning; it is a flag, not an error (NHSRplotthedots warns from 13 although its message says
//! 12; we follow the code).
//!
//! # Decisions where NHSRplotthedots is silent or errs
//!
//! - **Missing values.** NHSRplotthedots keeps NA rows, which void moving ranges and can make R
//!   stop ("missing value where TRUE/FALSE needed") when an NA falls inside a 7-point trend
//!   window (its issue #156). We do not copy that: a NaN is an [`Error::Method`] naming its
//!   index (`values[17]`) unless `missing = skip`, which computes as if those rows were absent
//!   (the remaining values are consecutive for moving ranges and runs; `fix_after` counts
//!   values, not rows; the short-series warning counts values) and reports those positions
//!   with point type `missing`, signal `none` and their segment's limits. A series with no
//!   value at all is an error. Infinite values are always an error.
//! - **Fewer than two values.** One value: mean = the value, AMR and limits NaN, the point is
//!   common cause (as in R). An empty `values` is an error for [`xmr`].
//! - **Constant series.** Screened (the default): limits NaN, every point common cause, icon
//!   `common_cause`, assurance `inconsistent` if a target is given (the reference case).
//!   Unscreened: the limits collapse onto the mean and, as nothing is strictly beyond them,
//!   every point is common cause.
//! - **Variation icon with missing values**: from the latest non-missing point.
//! - **Rebase positions** are 0-based positions in each series, strictly increasing; 0 and
//!   positions past the end do nothing (as a rebase date absent from the data does nothing).
//!
//! # Example
//!
//! The "Deviations from Excel defaults" vignette of NHSRplotthedots 0.2.2 (reference case
//! `vignette_deviations_screen_outliers_true`):
//!
//! ```
//! use outcomes_core::spc::{xmr, PointType, SpcOptions, VariationIcon};
//! let values = [1.0, 2.0, 1.0, 2.0, 10.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0];
//! let r = xmr(&values, &SpcOptions::default()).unwrap();
//! assert!((r.summary.mean - 1.944_444_444_444_44).abs() < 1e-9);
//! assert!((r.summary.upl - 4.604_444_444_444_44).abs() < 1e-9);
//! assert!((r.summary.lpl + 0.715_555_555_555_556).abs() < 1e-9);
//! assert_eq!(r.point_type[4], PointType::SpecialCauseImprovement); // 10 is above the UPL
//! assert_eq!(r.summary.variation_icon, VariationIcon::CommonCause);
//!
//! // The Excel tool does not screen: wider limits.
//! let excel = xmr(&values, &SpcOptions::mdc_excel()).unwrap();
//! assert!((excel.summary.upl - 6.951_503_267_973_86).abs() < 1e-9);
//! ```

// Method and tool names (XmR, NHSRplotthedots) are proper nouns here, not code.
#![allow(clippy::doc_markdown)]

mod kernel;
mod options;
mod types;

use serde::{Deserialize, Serialize};

use crate::Error;

pub use kernel::{LIMIT_CONSTANT, SCREEN_CONSTANT, SHORT_SEGMENT, XmrColumnsMut};
pub use options::{Improvement, MIN_FIX_AFTER, Missing, Profile, Rules, SpcOptions};
pub use types::{
    AssuranceIcon, PointType, PointTypeCounts, SegmentSummary, SeriesSummary, Signal, VariationIcon,
};

use kernel::{Prepared, Scratch, run_series};

/// From this many values, [`xmr`] writes the per-point limit columns with two threads (when
/// the machine has more than one core): for a long series their cost is the first touch of
/// fresh memory (44 bytes a point), not arithmetic.
pub const PARALLEL_FILL_MIN: usize = 1 << 18;

/// The XmR chart of one series: per-point columns, segments and the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct XmrResult {
    /// Centre line of each point's segment.
    pub mean: Vec<f64>,
    /// Lower process limit of each point's segment.
    pub lpl: Vec<f64>,
    /// Upper process limit of each point's segment.
    pub upl: Vec<f64>,
    /// Lower 2-sigma line of each point's segment.
    pub near_lpl: Vec<f64>,
    /// Upper 2-sigma line of each point's segment.
    pub near_upl: Vec<f64>,
    /// Verdict per point.
    pub point_type: Vec<PointType>,
    /// The rule behind each verdict.
    pub signal: Vec<Signal>,
    /// 0-based segment of each point.
    pub segment: Vec<u32>,
    /// Limits and working of each segment, in order.
    pub segments: Vec<SegmentSummary>,
    /// Icons, counts and the latest limits.
    pub summary: SeriesSummary,
    /// The rule settings used.
    pub rules: Rules,
}

/// The XmR charts of many series as columns (one row per input value, in input order) plus
/// one summary per series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct XmrTable {
    /// Centre line of each point's segment.
    pub mean: Vec<f64>,
    /// Lower process limit of each point's segment.
    pub lpl: Vec<f64>,
    /// Upper process limit of each point's segment.
    pub upl: Vec<f64>,
    /// Lower 2-sigma line of each point's segment.
    pub near_lpl: Vec<f64>,
    /// Upper 2-sigma line of each point's segment.
    pub near_upl: Vec<f64>,
    /// [`PointType`] codes ([`PointType::from_code`]).
    pub point_type: Vec<u8>,
    /// [`Signal`] codes ([`Signal::from_code`]).
    pub signal: Vec<u8>,
    /// 0-based segment of each point within its series.
    pub segment: Vec<u32>,
    /// One summary per series, in order of first appearance.
    pub series: Vec<SeriesSummary>,
    /// The rule settings used.
    pub rules: Rules,
}

/// Checks values: finite, or NaN when `missing = skip`.
fn check_values(values: &[f64], options: &SpcOptions) -> Result<(), Error> {
    if values.iter().all(|v| v.is_finite()) {
        return Ok(());
    }
    let skip = options.missing == Missing::Skip;
    for (i, &v) in values.iter().enumerate() {
        if v.is_nan() && !skip {
            let total = values.iter().filter(|v| v.is_nan()).count();
            return Err(Error::method(
                format!("values[{i}]"),
                format!(
                    "values[{i}] is missing (NaN; {total} missing in all): an XmR chart needs \
                     every value; remove the row or pass missing = \"skip\" to leave missing \
                     values out and report them as missing"
                ),
            ));
        }
        if v.is_infinite() {
            return Err(Error::method(
                format!("values[{i}]"),
                format!("values[{i}] = {v} is not a finite number"),
            ));
        }
    }
    Ok(())
}

fn no_values(first: usize, code: Option<u32>, len: usize) -> Error {
    let which = code.map_or_else(|| "the series".to_owned(), |c| format!("series {c}"));
    Error::method(
        format!("values[{first}]"),
        format!(
            "{which} has no value: all {len} values are missing (NaN); an XmR chart needs at \
             least one value"
        ),
    )
}

/// XmR chart of one series with Making Data Count rules and icons (NHSRplotthedots 0.2.2
/// `ptd_spc`, see the [module docs](self) for the formulas and decisions).
///
/// `values` are in time order. The result has one entry per value in each column.
///
/// Cost: one pass per rule plus a few for the limits, about 12 ns a point on one core; the rest
/// is writing the per-point columns (46 bytes a point) into fresh memory. From
/// [`PARALLEL_FILL_MIN`] values the limit columns are written by the calling thread and one
/// scoped helper thread (when the machine has more than one core), which halves that first
/// touch of fresh pages; the result is identical. [`xmr_into`] writes into columns the caller
/// owns and reuses, and never starts a thread.
///
/// # Errors
/// - [`Error::InvalidArgument`] for a bad option (see [`SpcOptions::rules`]);
/// - [`Error::Method`] for an empty `values`, a NaN (unless `missing = skip`) or infinite value
///   (`values[i]`), or a series whose values are all missing.
///
/// # Examples
/// ```
/// use outcomes_core::spc::{xmr, AssuranceIcon, Improvement, SpcOptions};
/// let values = [52.0, 49.0, 51.0, 50.0, 48.0, 53.0, 50.0, 49.0, 51.0, 52.0, 50.0, 50.0, 51.0, 49.0, 50.0, 53.0];
/// let options = SpcOptions { improvement: Improvement::Increase, target: Some(60.0), ..SpcOptions::default() };
/// let r = xmr(&values, &options).unwrap();
/// assert!(r.summary.upl < 60.0);
/// assert_eq!(r.summary.assurance_icon, Some(AssuranceIcon::Fail));
/// ```
pub fn xmr(values: &[f64], options: &SpcOptions) -> Result<XmrResult, Error> {
    let rules = options.rules()?;
    if values.is_empty() {
        return Err(Error::method(
            "values",
            "no values: an XmR chart needs at least one value",
        ));
    }
    check_values(values, options)?;
    let n = values.len();
    // Zeroed allocations are fresh, untouched pages: the writes below pay their first touch.
    let mut mean = vec![0.0; n];
    let mut lpl = vec![0.0; n];
    let mut upl = vec![0.0; n];
    let mut near_lpl = vec![0.0; n];
    let mut near_upl = vec![0.0; n];
    let mut point_type = vec![0u8; n];
    let mut signal = vec![0u8; n];
    let mut segment = vec![0u32; n];
    let mut segments = Vec::new();
    let summary = run_series(
        values,
        0,
        &Prepared::new(options, rules),
        &mut XmrColumnsMut {
            mean: &mut [],
            lpl: &mut [],
            upl: &mut [],
            near_lpl: &mut [],
            near_upl: &mut [],
            point_type: &mut point_type,
            signal: &mut signal,
            segment: &mut [],
        },
        Some(&mut segments),
        &mut Scratch::default(),
        false,
    )
    .ok_or_else(|| no_values(0, None, n))?;
    let threads =
        n >= PARALLEL_FILL_MIN && std::thread::available_parallelism().is_ok_and(|p| p.get() > 1);
    let spans: Vec<(u32, SegmentSummary)> = (0u32..).zip(segments.iter().copied()).collect();
    kernel::fill_limits(
        &spans,
        XmrColumnsMut {
            mean: &mut mean,
            lpl: &mut lpl,
            upl: &mut upl,
            near_lpl: &mut near_lpl,
            near_upl: &mut near_upl,
            point_type: &mut [],
            signal: &mut [],
            segment: &mut segment,
        },
        threads,
    );
    Ok(XmrResult {
        mean,
        lpl,
        upl,
        near_lpl,
        near_upl,
        // `into_iter().map().collect()` reuses the code buffers in place (same size and
        // alignment), so no second megabyte-sized allocation per column.
        point_type: point_type
            .into_iter()
            .map(|c| PointType::from_code(c).unwrap_or(PointType::CommonCause))
            .collect(),
        signal: signal
            .into_iter()
            .map(|c| Signal::from_code(c).unwrap_or(Signal::None))
            .collect(),
        segment,
        segments,
        summary,
        rules,
    })
}

/// [`xmr`] writing into caller-provided columns (for bindings that own their arrays).
///
/// Every column of `out` must have `values.len()` elements. Returns the series summary.
///
/// # Errors
/// As [`xmr`], plus [`Error::InvalidArgument`] (`out.<column>`) when a column's length differs.
pub fn xmr_into(
    values: &[f64],
    options: &SpcOptions,
    mut out: XmrColumnsMut<'_>,
) -> Result<SeriesSummary, Error> {
    let rules = options.rules()?;
    if let Err(name) = out.check_len(values.len()) {
        return Err(Error::invalid_argument(
            format!("out.{name}"),
            format!(
                "every output column needs {} elements, one per value",
                values.len()
            ),
        ));
    }
    if values.is_empty() {
        return Err(Error::method(
            "values",
            "no values: an XmR chart needs at least one value",
        ));
    }
    check_values(values, options)?;
    run_series(
        values,
        0,
        &Prepared::new(options, rules),
        &mut out,
        None,
        &mut Scratch::default(),
        true,
    )
    .ok_or_else(|| no_values(0, None, values.len()))
}

/// XmR charts of many series in one call (the same options for every series; `rebase` and
/// `fix_after` apply within each series).
///
/// `series[i]` is the series code of `values[i]`. Each series' values must be in time order,
/// but the rows of a series need not be contiguous: rows are grouped stably by code (their
/// relative order is kept), so interleaved input such as `a, b, a, b` works. Contiguous input
/// is processed in place; interleaved input costs one sort of the row indices. Results come
/// back in input row order; [`XmrTable::series`] has one summary per code in order of first
/// appearance. Scratch buffers are shared by all series: no allocation per series. A
/// contiguous batch of [`PARALLEL_FILL_MIN`] values or more has its limit columns written
/// after the rules, by the calling thread and one scoped helper thread (when the machine has
/// more than one core), as [`xmr`] does for a long series; the result is identical.
///
/// # Errors
/// - [`Error::InvalidArgument`] for a bad option or `series.len() != values.len()`;
/// - [`Error::Method`] for a NaN (unless `missing = skip`) or infinite value (`values[i]`,
///   indexed in the whole input), or a series whose values are all missing.
///
/// # Examples
/// ```
/// use outcomes_core::spc::{xmr_many, PointType, SpcOptions};
/// let values = [1.0, 10.0, 2.0, 11.0, 1.5, 12.0];
/// let series = [7, 8, 7, 8, 7, 8];
/// let t = xmr_many(&values, &series, &SpcOptions::default()).unwrap();
/// assert_eq!(t.series.len(), 2);
/// assert_eq!(t.series[0].series, 7);
/// assert_eq!(t.mean[0], 1.5);
/// assert_eq!(t.mean[1], 11.0);
/// assert_eq!(t.point_type[0], PointType::CommonCause as u8);
/// ```
pub fn xmr_many(values: &[f64], series: &[u32], options: &SpcOptions) -> Result<XmrTable, Error> {
    let rules = options.rules()?;
    if series.len() != values.len() {
        return Err(Error::invalid_argument(
            "series",
            format!(
                "series has {} codes but values has {} values: give one series code per value",
                series.len(),
                values.len()
            ),
        ));
    }
    check_values(values, options)?;
    let n = values.len();
    let mut columns = XmrColumns::new(n);
    let mut out = columns.columns(n);

    // Runs of equal codes: (start, end). Contiguous when no code starts two runs.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for i in 1..=n {
        if i == n || series[i] != series[start] {
            runs.push((start, i));
            start = i;
        }
    }
    let contiguous = {
        let mut codes: Vec<u32> = runs.iter().map(|&(s, _)| series[s]).collect();
        codes.sort_unstable();
        codes.windows(2).all(|w| w[0] != w[1])
    };

    let mut scratch = Scratch::default();
    let prepared = Prepared::new(options, rules);
    let mut summaries = Vec::new();
    // As in `xmr`: a large contiguous batch has its limit columns written afterwards by two
    // threads, from every series' segments.
    let threads = contiguous
        && n >= PARALLEL_FILL_MIN
        && std::thread::available_parallelism().is_ok_and(|p| p.get() > 1);
    let mut spans: Vec<(u32, SegmentSummary)> = Vec::new();
    if contiguous {
        summaries.reserve_exact(runs.len());
        let mut segments = Vec::new();
        for &(s, e) in &runs {
            let code = series[s];
            segments.clear();
            let summary = run_series(
                &values[s..e],
                code,
                &prepared,
                &mut out.slice(s, e),
                threads.then_some(&mut segments),
                &mut scratch,
                !threads,
            )
            .ok_or_else(|| no_values(s, Some(code), e - s))?;
            summaries.push(summary);
            spans.extend((0u32..).zip(segments.drain(..)).map(|(id, mut g)| {
                g.start += s;
                (id, g)
            }));
        }
    } else {
        // Stable grouping: row indices sorted by (code, row).
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by_key(|&i| (series[i], i));
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut g = 0;
        for k in 1..=n {
            if k == n || series[order[k]] != series[order[g]] {
                groups.push((g, k));
                g = k;
            }
        }
        // First appearance order: a group's first row is its smallest row index.
        groups.sort_unstable_by_key(|&(g, _)| order[g]);
        let longest = groups.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
        let mut gathered = vec![0.0; longest];
        let mut buf = XmrColumns::new(longest);
        summaries.reserve_exact(groups.len());
        for &(gs, ge) in &groups {
            let rows = &order[gs..ge];
            let len = rows.len();
            for (k, &i) in rows.iter().enumerate() {
                gathered[k] = values[i];
            }
            let code = series[rows[0]];
            let mut cols = buf.columns(len);
            let summary = run_series(
                &gathered[..len],
                code,
                &prepared,
                &mut cols,
                None,
                &mut scratch,
                true,
            )
            .ok_or_else(|| no_values(rows[0], Some(code), len))?;
            for (k, &i) in rows.iter().enumerate() {
                out.mean[i] = cols.mean[k];
                out.lpl[i] = cols.lpl[k];
                out.upl[i] = cols.upl[k];
                out.near_lpl[i] = cols.near_lpl[k];
                out.near_upl[i] = cols.near_upl[k];
                out.point_type[i] = cols.point_type[k];
                out.signal[i] = cols.signal[k];
                out.segment[i] = cols.segment[k];
            }
            summaries.push(summary);
        }
    }
    if threads {
        kernel::fill_limits(&spans, out, true);
    }
    let XmrColumns {
        mean,
        lpl,
        upl,
        near_lpl,
        near_upl,
        point_type,
        signal,
        segment,
    } = columns;
    Ok(XmrTable {
        mean,
        lpl,
        upl,
        near_lpl,
        near_upl,
        point_type,
        signal,
        segment,
        series: summaries,
        rules,
    })
}

/// Owned per-point columns for [`xmr_into`]: allocate once with [`XmrColumns::new`], then
/// lend them (or their first `len` rows) with [`XmrColumns::columns`] call after call.
///
/// ```
/// use outcomes_core::spc::{xmr_into, SpcOptions, XmrColumns};
/// let values = [3.0, 4.0, 3.5, 5.0];
/// let mut out = XmrColumns::new(values.len());
/// let summary = xmr_into(&values, &SpcOptions::default(), out.columns(values.len())).unwrap();
/// assert_eq!(out.mean[0], summary.mean);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XmrColumns {
    /// Centre line of each point's segment.
    pub mean: Vec<f64>,
    /// Lower process limit of each point's segment.
    pub lpl: Vec<f64>,
    /// Upper process limit of each point's segment.
    pub upl: Vec<f64>,
    /// Lower 2-sigma line of each point's segment.
    pub near_lpl: Vec<f64>,
    /// Upper 2-sigma line of each point's segment.
    pub near_upl: Vec<f64>,
    /// [`PointType`] codes.
    pub point_type: Vec<u8>,
    /// [`Signal`] codes.
    pub signal: Vec<u8>,
    /// 0-based segment of each point.
    pub segment: Vec<u32>,
}

impl XmrColumns {
    /// Columns of `n` rows each.
    #[must_use]
    pub fn new(n: usize) -> Self {
        XmrColumns {
            mean: vec![0.0; n],
            lpl: vec![0.0; n],
            upl: vec![0.0; n],
            near_lpl: vec![0.0; n],
            near_upl: vec![0.0; n],
            point_type: vec![0; n],
            signal: vec![0; n],
            segment: vec![0; n],
        }
    }

    /// The first `len` rows of every column, grown (with zeros) if they are shorter.
    pub fn columns(&mut self, len: usize) -> XmrColumnsMut<'_> {
        if self.mean.len() < len {
            *self = XmrColumns::new(len);
        }
        XmrColumnsMut {
            mean: &mut self.mean[..len],
            lpl: &mut self.lpl[..len],
            upl: &mut self.upl[..len],
            near_lpl: &mut self.near_lpl[..len],
            near_upl: &mut self.near_upl[..len],
            point_type: &mut self.point_type[..len],
            signal: &mut self.signal[..len],
            segment: &mut self.segment[..len],
        }
    }
}
