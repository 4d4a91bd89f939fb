//! Making Data Count XmR charts (`outcomes_core::spc`) on numpy arrays: the private functions
//! `_outcomes.spc_*`, wrapped by `outcomes.spc` into `SpcResult` and `SpcTable`.
//!
//! Per-point columns come back as numpy arrays (point types and signals as `uint8` codes, the
//! labels from [`spc_labels`]), so converting 600,000 points costs no Python objects.

use numpy::{PyArray1, PyReadonlyArray1};
use outcomes_core::Error;
use outcomes_core::spc::{
    self, AssuranceIcon, PointType, SeriesSummary, Signal, SpcOptions, VariationIcon,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arrays::{F64Array, col, out};
use crate::errors::IntoPy;
use crate::stats::parse_enum;

/// Builds core's options from the keyword arguments (enums by their `snake_case` names).
#[allow(clippy::too_many_arguments)]
fn options(
    improvement: &str,
    target: Option<f64>,
    rebase: Vec<usize>,
    fix_after: Option<usize>,
    screen_outliers: Option<bool>,
    missing: &str,
    profile: &str,
    shift_length: Option<usize>,
    trend_length: Option<usize>,
    two_in_three_counts_outside: Option<bool>,
    improvement_wins: Option<bool>,
) -> Result<SpcOptions, Error> {
    let o = SpcOptions {
        improvement: parse_enum(
            "improvement",
            improvement,
            "\"increase\", \"decrease\", \"neutral\"",
        )?,
        target,
        rebase,
        fix_after,
        screen_outliers,
        missing: parse_enum("missing", missing, "\"error\", \"skip\"")?,
        profile: parse_enum("profile", profile, "\"nhsr\", \"mdc_excel\"")?,
        shift_length,
        trend_length,
        two_in_three_counts_outside,
        improvement_wins,
    };
    o.rules()?;
    Ok(o)
}

/// The label lists the integer codes index: `(point_type, signal, variation_icon,
/// assurance_icon)`; assurance code 0 means no icon (no target).
#[pyfunction]
pub fn spc_labels() -> (
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<&'static str>,
) {
    // Indexed by code: from_code over 0.. until the first unknown code.
    fn by_code<T>(from: fn(u8) -> Option<T>, name: fn(T) -> &'static str) -> Vec<&'static str> {
        (0..=u8::MAX).map_while(from).map(name).collect()
    }
    let mut assurance = vec![""];
    assurance.extend(
        (1..=u8::MAX)
            .map_while(AssuranceIcon::from_code)
            .map(AssuranceIcon::as_str),
    );
    (
        by_code(PointType::from_code, PointType::as_str),
        by_code(Signal::from_code, Signal::label),
        by_code(VariationIcon::from_code, VariationIcon::as_str),
        assurance,
    )
}

/// A series summary as a dict (core's serde field names).
fn summary_dict<'py>(py: Python<'py>, s: &SeriesSummary) -> PyResult<Bound<'py, PyDict>> {
    let value = serde_json::to_value(s)
        .map_err(|e| Error::invalid_argument("summary", e.to_string()))
        .py_err(py)?;
    crate::evaluate::json_to_py(py, &value)?
        .cast_into::<PyDict>()
        .map_err(Into::into)
}

/// Per-point columns shared by `xmr` and `xmr_many`.
type Columns<'py> = (
    F64Array<'py>,
    F64Array<'py>,
    F64Array<'py>,
    F64Array<'py>,
    F64Array<'py>,
    Bound<'py, PyArray1<u8>>,
    Bound<'py, PyArray1<u8>>,
    Bound<'py, PyArray1<u32>>,
);

/// Columns, segments, summary and rules of one chart.
type XmrParts<'py> = (
    Columns<'py>,
    Bound<'py, PyAny>,
    Bound<'py, PyDict>,
    Bound<'py, PyAny>,
);

/// The XmR chart of one series: the per-point columns, the segments, the summary and the rules.
#[pyfunction]
#[pyo3(signature = (values, improvement, target, rebase, fix_after, screen_outliers, missing, profile, shift_length, trend_length, two_in_three_counts_outside, improvement_wins))]
#[allow(clippy::too_many_arguments)]
pub fn spc_xmr<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    improvement: &str,
    target: Option<f64>,
    rebase: Vec<usize>,
    fix_after: Option<usize>,
    screen_outliers: Option<bool>,
    missing: &str,
    profile: &str,
    shift_length: Option<usize>,
    trend_length: Option<usize>,
    two_in_three_counts_outside: Option<bool>,
    improvement_wins: Option<bool>,
) -> PyResult<XmrParts<'py>> {
    let o = options(
        improvement,
        target,
        rebase,
        fix_after,
        screen_outliers,
        missing,
        profile,
        shift_length,
        trend_length,
        two_in_three_counts_outside,
        improvement_wins,
    )
    .py_err(py)?;
    let values = col(&values);
    let r = py.detach(|| spc::xmr(&values, &o)).py_err(py)?;
    let to_py = |v: &dyn erased::Ser| -> PyResult<Bound<'py, PyAny>> {
        let value = v.value().py_err(py)?;
        crate::evaluate::json_to_py(py, &value)
    };
    let segments = to_py(&r.segments)?;
    let rules = to_py(&r.rules)?;
    let summary = summary_dict(py, &r.summary)?;
    let columns = (
        out(py, r.mean),
        out(py, r.lpl),
        out(py, r.upl),
        out(py, r.near_lpl),
        out(py, r.near_upl),
        out(py, r.point_type.iter().map(|p| *p as u8).collect()),
        out(py, r.signal.iter().map(|s| *s as u8).collect()),
        out(py, r.segment),
    );
    Ok((columns, segments, summary, rules))
}

mod erased {
    use outcomes_core::Error;
    pub(super) trait Ser {
        fn value(&self) -> Result<serde_json::Value, Error>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> Result<serde_json::Value, Error> {
            serde_json::to_value(self).map_err(|e| Error::invalid_argument("", e.to_string()))
        }
    }
}

/// Per-series summary columns of `xmr_many`: series code, length, segments, variation icon
/// code, assurance icon code (0 none), latest mean, lpl, upl, short-series warning.
type SummaryColumns<'py> = (
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u64>>,
    Bound<'py, PyArray1<u64>>,
    Bound<'py, PyArray1<u8>>,
    Bound<'py, PyArray1<u8>>,
    F64Array<'py>,
    F64Array<'py>,
    F64Array<'py>,
    Bound<'py, PyArray1<bool>>,
);

/// XmR charts of many series in one call (series as `uint32` codes).
#[pyfunction]
#[pyo3(signature = (values, series, improvement, target, rebase, fix_after, screen_outliers, missing, profile, shift_length, trend_length, two_in_three_counts_outside, improvement_wins))]
#[allow(clippy::too_many_arguments)]
pub fn spc_xmr_many<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    series: PyReadonlyArray1<'py, u32>,
    improvement: &str,
    target: Option<f64>,
    rebase: Vec<usize>,
    fix_after: Option<usize>,
    screen_outliers: Option<bool>,
    missing: &str,
    profile: &str,
    shift_length: Option<usize>,
    trend_length: Option<usize>,
    two_in_three_counts_outside: Option<bool>,
    improvement_wins: Option<bool>,
) -> PyResult<(Columns<'py>, SummaryColumns<'py>, Bound<'py, PyAny>)> {
    let o = options(
        improvement,
        target,
        rebase,
        fix_after,
        screen_outliers,
        missing,
        profile,
        shift_length,
        trend_length,
        two_in_three_counts_outside,
        improvement_wins,
    )
    .py_err(py)?;
    let (values, series) = (col(&values), col(&series));
    let t = py
        .detach(|| spc::xmr_many(&values, &series, &o))
        .py_err(py)?;
    let s = &t.series;
    let summaries = (
        out(py, s.iter().map(|x| x.series).collect()),
        out(py, s.iter().map(|x| x.len as u64).collect()),
        out(py, s.iter().map(|x| x.segments as u64).collect()),
        out(py, s.iter().map(|x| x.variation_icon as u8).collect()),
        out(
            py,
            s.iter()
                .map(|x| x.assurance_icon.map_or(0, |a| a as u8))
                .collect(),
        ),
        out(py, s.iter().map(|x| x.mean).collect()),
        out(py, s.iter().map(|x| x.lpl).collect()),
        out(py, s.iter().map(|x| x.upl).collect()),
        out(py, s.iter().map(|x| x.short_series_warning).collect()),
    );
    let rules = serde_json::to_value(t.rules)
        .map_err(|e| Error::invalid_argument("rules", e.to_string()))
        .py_err(py)?;
    let rules = crate::evaluate::json_to_py(py, &rules)?;
    let columns = (
        out(py, t.mean),
        out(py, t.lpl),
        out(py, t.upl),
        out(py, t.near_lpl),
        out(py, t.near_upl),
        out(py, t.point_type),
        out(py, t.signal),
        out(py, t.segment),
    );
    Ok((columns, summaries, rules))
}
