//! The statistics kernels of `outcomes_core::stats` on numpy arrays: the private functions
//! `_outcomes.stats_*`, wrapped with keyword arguments and named tuples by `outcomes.stats`.
//!
//! Every function borrows its inputs (see [`crate::arrays`]), releases the GIL while the core
//! kernel runs, and hands the output `Vec`s to numpy without copying. Group keys arrive as
//! `uint32` codes (the Python layer factorises labels in first-appearance order), so a grouped
//! kernel's row `k` is the group with code order `k`.

use std::borrow::Cow;

use numpy::{PyArray1, PyReadonlyArray1};
use outcomes_core::Error;
use outcomes_core::stats::{
    self, CompareMethod, CompareOptions, Comparison, DsrOptions, FunnelKind, GroupedSummary,
    Interval, IsrOptions, LifeExpectancyOptions, Polarity, RepeatEvents, SiiInput, SiiOptions,
    TrendInput,
};
use pyo3::prelude::*;

use crate::arrays::{F64Array, col, group_count, opt_col, out};
use crate::errors::IntoPy;

type F64In<'py> = PyReadonlyArray1<'py, f64>;
type U32In<'py> = PyReadonlyArray1<'py, u32>;
type Triple<'py> = (F64Array<'py>, F64Array<'py>, F64Array<'py>);
/// Value, lower, upper and the notes `(group row, message)` of a grouped kernel.
type GroupedTriple<'py> = (
    F64Array<'py>,
    F64Array<'py>,
    F64Array<'py>,
    Vec<(usize, String)>,
);

/// Reads a `snake_case` serde enum from its name, with a message listing the choices.
pub(crate) fn parse_enum<T: serde::de::DeserializeOwned>(
    name: &str,
    value: &str,
    choices: &str,
) -> Result<T, Error> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).map_err(|_| {
        Error::invalid_argument(
            name,
            format!("{name} = {value:?} is not one of the choices: {choices}"),
        )
    })
}

const POLARITIES: &str =
    "\"higher_is_better\", \"lower_is_better\", \"no_judgement\", \"not_applicable\"";

fn three(len: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    (vec![0.0; len], vec![0.0; len], vec![0.0; len])
}

fn triple(py: Python<'_>, (v, l, u): (Vec<f64>, Vec<f64>, Vec<f64>)) -> Triple<'_> {
    (out(py, v), out(py, l), out(py, u))
}

fn grouped<'py>(
    py: Python<'py>,
    (v, l, u): (Vec<f64>, Vec<f64>, Vec<f64>),
    summary: &GroupedSummary,
) -> GroupedTriple<'py> {
    let notes = summary
        .notes
        .iter()
        .map(|n| (n.group, n.message.clone()))
        .collect();
    (out(py, v), out(py, l), out(py, u), notes)
}

/// Wilson score proportions, row by row.
#[pyfunction]
pub fn stats_proportion<'py>(
    py: Python<'py>,
    x: F64In<'py>,
    n: F64In<'py>,
    confidence: f64,
    multiplier: f64,
) -> PyResult<Triple<'py>> {
    let (x, n) = (col(&x), col(&n));
    let res = py.detach(|| {
        let (mut v, mut l, mut u) = three(x.len());
        stats::proportion(&x, &n, confidence, multiplier, &mut v, &mut l, &mut u)
            .map(|()| (v, l, u))
    });
    Ok(triple(py, res.py_err(py)?))
}

/// Crude rates with exact Poisson (x < 10) or Byar's limits, row by row.
#[pyfunction]
pub fn stats_rate<'py>(
    py: Python<'py>,
    x: F64In<'py>,
    n: F64In<'py>,
    confidence: f64,
    multiplier: f64,
) -> PyResult<Triple<'py>> {
    let (x, n) = (col(&x), col(&n));
    let res = py.detach(|| {
        let (mut v, mut l, mut u) = three(x.len());
        stats::rate(&x, &n, confidence, multiplier, &mut v, &mut l, &mut u).map(|()| (v, l, u))
    });
    Ok(triple(py, res.py_err(py)?))
}

/// Directly standardised rates (Dobson), one row per group.
#[pyfunction]
#[pyo3(signature = (x, n, standard_population, event_frequency, age_band, groups, confidence, multiplier))]
#[allow(clippy::too_many_arguments)]
pub fn stats_dsr<'py>(
    py: Python<'py>,
    x: F64In<'py>,
    n: F64In<'py>,
    standard_population: F64In<'py>,
    event_frequency: Option<F64In<'py>>,
    age_band: Option<U32In<'py>>,
    groups: Option<U32In<'py>>,
    confidence: f64,
    multiplier: f64,
) -> PyResult<GroupedTriple<'py>> {
    let (x, n, stdpop) = (col(&x), col(&n), col(&standard_population));
    let freq = opt_col(event_frequency.as_ref());
    let band = opt_col(age_band.as_ref());
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let repeat = match (&freq, &band) {
            (Some(f), Some(b)) => Some(RepeatEvents {
                event_frequency: f,
                age_band: b,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::invalid_argument(
                    "age_band",
                    "event_frequency needs age_band too: the age-band code of each row, so each \
                     band's standard population is counted once",
                ));
            }
            (None, Some(_)) => {
                return Err(Error::invalid_argument(
                    "event_frequency",
                    "age_band is only used with event_frequency (the non-independent events \
                     adjustment): give both or neither",
                ));
            }
        };
        let mut cols = three(group_count(groups.as_deref()));
        let options = DsrOptions {
            confidence,
            multiplier,
        };
        let summary = stats::dsr(
            &x,
            &n,
            &stdpop,
            groups.as_deref(),
            repeat,
            &options,
            Interval::new(&mut cols.0, &mut cols.1, &mut cols.2),
        )?;
        Ok((cols, summary))
    });
    let (cols, summary) = res.py_err(py)?;
    Ok(grouped(py, cols, &summary))
}

fn isr_common<'py>(
    py: Python<'py>,
    columns: [F64In<'py>; 4],
    groups: Option<U32In<'py>>,
    options: IsrOptions,
    ratio: bool,
) -> PyResult<GroupedTriple<'py>> {
    let [x, n, x_ref, n_ref] = &columns;
    let (x, n, x_ref, n_ref) = (col(x), col(n), col(x_ref), col(n_ref));
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let mut cols = three(group_count(groups.as_deref()));
        let kernel = if ratio { stats::isratio } else { stats::isr };
        let summary = kernel(
            &x,
            &n,
            &x_ref,
            &n_ref,
            groups.as_deref(),
            &options,
            Interval::new(&mut cols.0, &mut cols.1, &mut cols.2),
        )?;
        Ok::<_, Error>((cols, summary))
    });
    let (cols, summary) = res.py_err(py)?;
    Ok(grouped(py, cols, &summary))
}

/// Indirectly standardised rates, one row per group.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn stats_isr<'py>(
    py: Python<'py>,
    x: F64In<'py>,
    n: F64In<'py>,
    x_ref: F64In<'py>,
    n_ref: F64In<'py>,
    groups: Option<U32In<'py>>,
    confidence: f64,
    multiplier: f64,
) -> PyResult<GroupedTriple<'py>> {
    let options = IsrOptions {
        confidence,
        multiplier,
    };
    isr_common(py, [x, n, x_ref, n_ref], groups, options, false)
}

/// Indirectly standardised ratios, one row per group.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn stats_isratio<'py>(
    py: Python<'py>,
    x: F64In<'py>,
    n: F64In<'py>,
    x_ref: F64In<'py>,
    n_ref: F64In<'py>,
    groups: Option<U32In<'py>>,
    confidence: f64,
    refvalue: f64,
) -> PyResult<GroupedTriple<'py>> {
    let options = IsrOptions {
        confidence,
        multiplier: refvalue,
    };
    isr_common(py, [x, n, x_ref, n_ref], groups, options, true)
}

/// Means with Student's t limits, one row per group.
#[pyfunction]
pub fn stats_mean<'py>(
    py: Python<'py>,
    values: F64In<'py>,
    groups: Option<U32In<'py>>,
    confidence: f64,
) -> PyResult<GroupedTriple<'py>> {
    let values = col(&values);
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let mut cols = three(group_count(groups.as_deref()));
        let summary = stats::mean(
            &values,
            groups.as_deref(),
            confidence,
            Interval::new(&mut cols.0, &mut cols.1, &mut cols.2),
        )?;
        Ok::<_, Error>((cols, summary))
    });
    let (cols, summary) = res.py_err(py)?;
    Ok(grouped(py, cols, &summary))
}

/// Life expectancy (Chiang II, Silcocks), one row per group.
#[pyfunction]
pub fn stats_life_expectancy<'py>(
    py: Python<'py>,
    deaths: F64In<'py>,
    population: F64In<'py>,
    start_age: Option<F64In<'py>>,
    groups: Option<U32In<'py>>,
    confidence: f64,
    le_age: f64,
) -> PyResult<GroupedTriple<'py>> {
    let (deaths, population) = (col(&deaths), col(&population));
    let start_age = opt_col(start_age.as_ref());
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let mut cols = three(group_count(groups.as_deref()));
        let options = LifeExpectancyOptions { confidence, le_age };
        let summary = stats::life_expectancy(
            &deaths,
            &population,
            start_age.as_deref(),
            groups.as_deref(),
            &options,
            Interval::new(&mut cols.0, &mut cols.1, &mut cols.2),
        )?;
        Ok::<_, Error>((cols, summary))
    });
    let (cols, summary) = res.py_err(py)?;
    Ok(grouped(py, cols, &summary))
}

/// Deprivation quantiles (0 = missing) and the warning, if any.
#[pyfunction]
pub fn stats_quantiles<'py>(
    py: Python<'py>,
    values: F64In<'py>,
    groups: Option<U32In<'py>>,
    nquantiles: u32,
    invert: bool,
) -> PyResult<(Bound<'py, PyArray1<u32>>, Option<String>)> {
    let values = col(&values);
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let mut q = vec![0_u32; values.len()];
        let summary = match groups.as_deref() {
            Some(g) => stats::quantiles_grouped(&values, g, nquantiles, invert, &mut q)?,
            None => stats::quantiles(&values, nquantiles, invert, &mut q)?,
        };
        Ok::<_, Error>((q, summary.warning))
    });
    let (q, warning) = res.py_err(py)?;
    Ok((out(py, q), warning))
}

/// Six columns of an SII result, one row per group, and each group's warnings.
type SiiColumns<'py> = ([F64Array<'py>; 6], Vec<Vec<String>>);

/// Slope and relative index of inequality, one row per group.
#[pyfunction]
#[pyo3(signature = (values, population, quantile, lower, upper, se, groups, value_type, transform, multiplier, confidence, repetitions, seed))]
#[allow(clippy::too_many_arguments)]
pub fn stats_sii<'py>(
    py: Python<'py>,
    values: F64In<'py>,
    population: F64In<'py>,
    quantile: Option<F64In<'py>>,
    lower: Option<F64In<'py>>,
    upper: Option<F64In<'py>>,
    se: Option<F64In<'py>>,
    groups: Option<U32In<'py>>,
    value_type: u8,
    transform: bool,
    multiplier: f64,
    confidence: f64,
    repetitions: usize,
    seed: u64,
) -> PyResult<SiiColumns<'py>> {
    let (values, population) = (col(&values), col(&population));
    let (quantile, lower, upper, se) = (
        opt_col(quantile.as_ref()),
        opt_col(lower.as_ref()),
        opt_col(upper.as_ref()),
        opt_col(se.as_ref()),
    );
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let options = SiiOptions {
            value_type: stats::ValueType::from_code(value_type)?,
            transform,
            multiplier,
            confidence,
            repetitions,
            seed,
        };
        let input = SiiInput {
            values: &values,
            population: &population,
            quantile: quantile.as_deref(),
            lower: lower.as_deref(),
            upper: upper.as_deref(),
            se: se.as_deref(),
        };
        let results = match groups.as_deref() {
            Some(g) => stats::sii_grouped(&input, g, &options)?
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
            None => vec![stats::sii(&input, &options)?],
        };
        Ok::<_, Error>(results)
    });
    let results = res.py_err(py)?;
    let column = |f: fn(&stats::Sii) -> f64| out(py, results.iter().map(f).collect());
    let columns = [
        column(|r| r.sii),
        column(|r| r.sii_lower),
        column(|r| r.sii_upper),
        column(|r| r.rii),
        column(|r| r.rii_lower),
        column(|r| r.rii_upper),
    ];
    Ok((columns, results.into_iter().map(|r| r.warnings).collect()))
}

/// Funnel plot control limits at one confidence level.
#[pyfunction]
pub fn stats_funnel_limits<'py>(
    py: Python<'py>,
    average: f64,
    denominators: F64In<'py>,
    kind: &str,
    confidence: f64,
    multiplier: f64,
) -> PyResult<(F64Array<'py>, F64Array<'py>)> {
    let kind: FunnelKind =
        parse_enum("kind", kind, "\"proportion\", \"ratio\", \"rate\"").py_err(py)?;
    let denominators = col(&denominators);
    let res = py.detach(|| {
        let (mut l, mut u) = (vec![0.0; denominators.len()], vec![0.0; denominators.len()]);
        stats::funnel_limits(
            average,
            &denominators,
            kind,
            confidence,
            multiplier,
            &mut l,
            &mut u,
        )
        .map(|()| (l, u))
    });
    let (l, u) = res.py_err(py)?;
    Ok((out(py, l), out(py, u)))
}

fn or_empty<'a>(c: Option<&'a Cow<'a, [f64]>>) -> &'a [f64] {
    c.map_or(&[], |c| c.as_ref())
}

/// Fingertips comparisons, one label per row.
#[pyfunction]
#[pyo3(signature = (value, lower, upper, comparator, polarity, method, comparator_lower, comparator_upper, lower_998, upper_998, n, confidence, multiplier))]
#[allow(clippy::too_many_arguments)]
pub fn stats_compare<'py>(
    py: Python<'py>,
    value: F64In<'py>,
    lower: Option<F64In<'py>>,
    upper: Option<F64In<'py>>,
    comparator: F64In<'py>,
    polarity: &str,
    method: u32,
    comparator_lower: Option<F64In<'py>>,
    comparator_upper: Option<F64In<'py>>,
    lower_998: Option<F64In<'py>>,
    upper_998: Option<F64In<'py>>,
    n: Option<F64In<'py>>,
    confidence: f64,
    multiplier: f64,
) -> PyResult<Vec<&'static str>> {
    let polarity: Polarity = parse_enum("polarity", polarity, POLARITIES).py_err(py)?;
    let method = CompareMethod::from_fingertips_id(method).py_err(py)?;
    let (value, comparator) = (col(&value), col(&comparator));
    let (lower, upper) = (opt_col(lower.as_ref()), opt_col(upper.as_ref()));
    let (clo, chi) = (
        opt_col(comparator_lower.as_ref()),
        opt_col(comparator_upper.as_ref()),
    );
    let (l998, u998) = (opt_col(lower_998.as_ref()), opt_col(upper_998.as_ref()));
    let n = opt_col(n.as_ref());
    let res = py.detach(|| {
        let input = stats::compare::CompareInput {
            value: &value,
            lower: or_empty(lower.as_ref()),
            upper: or_empty(upper.as_ref()),
            lower_998: or_empty(l998.as_ref()),
            upper_998: or_empty(u998.as_ref()),
            denominator: or_empty(n.as_ref()),
            comparator: &comparator,
            comparator_lower: or_empty(clo.as_ref()),
            comparator_upper: or_empty(chi.as_ref()),
        };
        let options = CompareOptions {
            method,
            polarity,
            confidence,
            multiplier,
        };
        let mut labels = vec![Comparison::NotCompared; value.len()];
        stats::compare(&input, &options, &mut labels).map(|()| labels)
    });
    Ok(res.py_err(py)?.into_iter().map(Comparison::label).collect())
}

/// Fingertips recent trends, one label per group (one for an ungrouped series).
#[pyfunction]
#[pyo3(signature = (values, lower, upper, x, n, polarity, groups))]
#[allow(clippy::too_many_arguments)]
pub fn stats_recent_trend<'py>(
    py: Python<'py>,
    values: Option<F64In<'py>>,
    lower: Option<F64In<'py>>,
    upper: Option<F64In<'py>>,
    x: Option<F64In<'py>>,
    n: Option<F64In<'py>>,
    polarity: &str,
    groups: Option<U32In<'py>>,
) -> PyResult<Vec<&'static str>> {
    let polarity: Polarity = parse_enum("polarity", polarity, POLARITIES).py_err(py)?;
    let (values, lower, upper) = (
        opt_col(values.as_ref()),
        opt_col(lower.as_ref()),
        opt_col(upper.as_ref()),
    );
    let (x, n) = (opt_col(x.as_ref()), opt_col(n.as_ref()));
    let groups = opt_col(groups.as_ref());
    let res = py.detach(|| {
        let input = match (&values, &lower, &upper, &x, &n) {
            (None, None, None, Some(x), Some(n)) => TrendInput::Proportions { x, n },
            (Some(value), Some(lower), Some(upper), None, None) => TrendInput::Values {
                value,
                lower,
                upper,
            },
            _ => {
                return Err(Error::invalid_argument(
                    "values",
                    "give either values, lower and upper (a weighted regression on the values) \
                     or x and n (the chi-squared test for trend in proportions), not a mix",
                ));
            }
        };
        let trends = match groups.as_deref() {
            Some(g) => stats::recent_trend_grouped(&input, g, polarity)?
                .into_iter()
                .map(|(_, t)| t.trend)
                .collect(),
            None => vec![stats::recent_trend(&input, polarity)?.trend],
        };
        Ok(trends)
    });
    Ok(res
        .py_err(py)?
        .into_iter()
        .map(stats::Trend::label)
        .collect())
}
