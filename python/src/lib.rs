//! The Python extension module `outcomes._outcomes` (package `outcomes`).
//!
//! Conversions only: every rule lives once, in `outcomes_core`. Each class wraps a core value;
//! each core error becomes the exception class of its kind (see [`errors`]). File loads and
//! parses release the GIL. The hand-written stub `outcomes/_outcomes.pyi` describes this
//! module and is checked against it by `mypy.stubtest` in `python/run_tests.sh`.
// pyo3 signatures take owned values by design.
#![allow(clippy::needless_pass_by_value)]
// Doc comments on #[pyclass] / #[pymethods] items become Python docstrings with doctest
// examples (`>>> x["id"]`), not rustdoc: rustdoc's Markdown lints do not apply to them.
#![allow(clippy::doc_link_with_quotes, clippy::doc_markdown)]

mod arrays;
mod arrow;
mod errors;
mod evaluate;
mod framework;
mod observations;
mod period;
mod review;
mod spc;
mod stats;
mod to_py;

use pyo3::prelude::*;

/// outcomes: write a health and care partnership strategy down as data and evaluate it.
#[pymodule]
fn _outcomes(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<framework::Diagnostic>()?;
    m.add_class::<framework::Framework>()?;
    m.add_class::<framework::Progress>()?;
    m.add_class::<observations::Observations>()?;
    m.add_class::<period::Period>()?;
    m.add_class::<evaluate::EvaluateOptions>()?;
    m.add_class::<evaluate::Evaluation>()?;
    m.add_class::<review::Review>()?;
    m.add_class::<arrow::ArrowTable>()?;
    m.add_function(wrap_pyfunction!(stats::stats_proportion, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_rate, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_dsr, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_isr, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_isratio, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_mean, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_life_expectancy, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_quantiles, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_sii, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_funnel_limits, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_compare, m)?)?;
    m.add_function(wrap_pyfunction!(stats::stats_recent_trend, m)?)?;
    m.add_function(wrap_pyfunction!(spc::spc_labels, m)?)?;
    m.add_function(wrap_pyfunction!(spc::spc_xmr, m)?)?;
    m.add_function(wrap_pyfunction!(spc::spc_xmr_many, m)?)?;
    Ok(())
}
