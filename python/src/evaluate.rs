//! `outcomes.EvaluateOptions` and `outcomes.Evaluation`: core's evaluation options and result,
//! converted through their serde forms (the JSON field names are the contract).

use std::fmt::Write as _;

use outcomes_core::Error;
use outcomes_core::evaluate::{EvaluateOptions as CoreOptions, Evaluation as CoreEvaluation, Rag};
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::arrow::ArrowTable;
use crate::errors::IntoPy;
use crate::framework::py_repr;
use crate::review::Review;

/// A serde JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// One keyword argument as a JSON value for core's options: `tolerance=0.02` means
/// `{"relative": 0.02}`, a `datetime.date` becomes `YYYY-MM-DD`, everything else goes through
/// Python's `json` module (so a wrong type reaches core's message naming the option).
fn option_value(key: &str, value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let py = value.py();
    if key == "tolerance"
        && (value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>())
        && !value.is_instance_of::<PyBool>()
    {
        let x: f64 = value.extract()?;
        return Ok(serde_json::json!({ "relative": x }));
    }
    let date = py.import("datetime")?.getattr("date")?;
    let value = if value.is_instance(&date)? {
        value.call_method0("isoformat")?
    } else {
        value.clone()
    };
    let text: String = py
        .import("json")?
        .call_method1("dumps", (value,))?
        .extract()?;
    serde_json::from_str(&text)
        .map_err(|e| Error::invalid_argument(key, e.to_string()))
        .py_err(py)
}

/// Core options from a base (or the defaults) with keyword overrides; checked by core.
pub fn merged_options(
    py: Python<'_>,
    base: Option<&CoreOptions>,
    overrides: Option<&Bound<'_, PyDict>>,
) -> PyResult<CoreOptions> {
    let base = base.cloned().unwrap_or_default();
    let Some(overrides) = overrides.filter(|d| !d.is_empty()) else {
        base.check().py_err(py)?;
        return Ok(base);
    };
    let mut json = serde_json::to_value(&base)
        .map_err(|e| Error::invalid_argument("options", e.to_string()))
        .py_err(py)?;
    let map = json
        .as_object_mut()
        .ok_or_else(|| Error::invalid_argument("options", "options are not a JSON object"))
        .py_err(py)?;
    for (key, value) in overrides.iter() {
        let key: String = key.extract()?;
        let v = option_value(&key, &value)?;
        map.insert(key, v);
    }
    CoreOptions::from_json_str(&json.to_string()).py_err(py)
}

/// How a framework is evaluated; every key is optional and the same as in Rust, the CLI and
/// the C ABI's ``options_json``.
///
/// Keys: ``as_of`` (a ``datetime.date`` or ``"YYYY-MM-DD"``; default the end of the latest
/// observed period), ``confidence`` (0.95 or 0.998), ``tolerance`` (``{"relative": 0.05}``,
/// the default, or ``{"absolute": x}``; a plain number means relative), ``rollup`` (``"worst"``
/// or ``"majority"``), ``comparator_area``, ``spc_min_points`` (15), ``forecast_min_points``
/// (3), ``spc_profile`` (``"nhsr"`` or ``"mdc_excel"``), ``proxies_path`` and
/// ``suppress_below``. Unknown keys and bad values raise ``InvalidArgumentError`` naming the
/// key. Options are immutable, compare equal by value and pickle (through JSON).
///
/// >>> import datetime, outcomes
/// >>> o = outcomes.EvaluateOptions(as_of=datetime.date(2026, 3, 31), tolerance=0.02)
/// >>> o.as_of, o.tolerance
/// ('2026-03-31', {'relative': 0.02})
/// >>> o.replace(rollup="majority").rollup
/// 'majority'
#[pyclass(frozen, eq, module = "outcomes")]
#[derive(Clone, PartialEq)]
pub struct EvaluateOptions {
    pub(crate) inner: CoreOptions,
}

impl EvaluateOptions {
    fn field<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_value(&self.inner)
            .map_err(|e| Error::invalid_argument(key, e.to_string()))
            .py_err(py)?;
        json_to_py(py, json.get(key).unwrap_or(&serde_json::Value::Null))
    }
}

#[pymethods]
impl EvaluateOptions {
    #[new]
    #[pyo3(signature = (**keys))]
    fn new(py: Python<'_>, keys: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(EvaluateOptions {
            inner: merged_options(py, None, keys)?,
        })
    }

    /// Reads options from JSON text (``{}`` gives the defaults).
    ///
    /// >>> import outcomes
    /// >>> outcomes.EvaluateOptions.from_json('{"confidence": 0.998}').confidence
    /// 0.998
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(EvaluateOptions {
            inner: CoreOptions::from_json_str(text).py_err(py)?,
        })
    }

    /// The options as JSON text, every key written.
    ///
    /// >>> import json, outcomes
    /// >>> json.loads(outcomes.EvaluateOptions().to_json())["spc_min_points"]
    /// 15
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.inner)
            .map_err(|e| Error::invalid_argument("", e.to_string()))
            .py_err(py)
    }

    /// The options as a dict of every key.
    ///
    /// >>> import outcomes
    /// >>> outcomes.EvaluateOptions().to_dict()["rollup"]
    /// 'worst'
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_value(&self.inner)
            .map_err(|e| Error::invalid_argument("", e.to_string()))
            .py_err(py)?;
        json_to_py(py, &json)
    }

    /// A copy with some keys changed.
    ///
    /// >>> import outcomes
    /// >>> outcomes.EvaluateOptions(confidence=0.998).replace(spc_min_points=20).spc_min_points
    /// 20
    #[pyo3(signature = (**keys))]
    fn replace(&self, py: Python<'_>, keys: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(EvaluateOptions {
            inner: merged_options(py, Some(&self.inner), keys)?,
        })
    }

    /// The evaluation date (``YYYY-MM-DD``), or None for the end of the latest observed period.
    #[getter]
    fn as_of(&self) -> Option<&str> {
        self.inner.as_of.as_deref()
    }

    /// Confidence level for intervals and significance.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.confidence
    }

    /// ``{"relative": x}`` or ``{"absolute": x}``.
    #[getter]
    fn tolerance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "tolerance")
    }

    /// ``"worst"`` or ``"majority"``.
    #[getter]
    fn rollup<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "rollup")
    }

    /// Area compared with, or None for each measure's own comparator.
    #[getter]
    fn comparator_area(&self) -> Option<&str> {
        self.inner.comparator_area.as_deref()
    }

    /// Fewest points for an SPC summary.
    #[getter]
    fn spc_min_points(&self) -> usize {
        self.inner.spc_min_points
    }

    /// Fewest points since the baseline for a forecast.
    #[getter]
    fn forecast_min_points(&self) -> usize {
        self.inner.forecast_min_points
    }

    /// ``"nhsr"`` or ``"mdc_excel"``.
    #[getter]
    fn spc_profile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "spc_profile")
    }

    /// CSV of proxy values, or None.
    #[getter]
    fn proxies_path(&self) -> Option<&str> {
        self.inner.proxies_path.as_deref()
    }

    /// Counts below this are suppressed in outputs, or None.
    #[getter]
    fn suppress_below(&self) -> Option<f64> {
        self.inner.suppress_below
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let json = serde_json::to_value(&self.inner)
            .map_err(|e| Error::invalid_argument("", e.to_string()))
            .py_err(py)?;
        let defaults = serde_json::to_value(CoreOptions::default()).unwrap_or_default();
        let mut parts = Vec::new();
        if let Some(map) = json.as_object() {
            for (k, v) in map {
                if defaults.get(k) != Some(v) {
                    let shown = json_to_py(py, v)?.repr()?.to_string();
                    parts.push(format!("{k}={shown}"));
                }
            }
        }
        Ok(format!("EvaluateOptions({})", parts.join(", ")))
    }

    /// Pickles through JSON: ``(EvaluateOptions.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<EvaluateOptions>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }
}

/// The result of ``Framework.evaluate``: one row per measure (x area x breakdown), per
/// commitment, objective and partnership, the framework's roll-up and its completeness.
///
/// ``measures``, ``commitments``, ``objectives`` and ``partnerships`` are lists of dicts and
/// ``summary`` and ``completeness`` dicts, with the field names of the evaluation JSON (the
/// contract in ``schema/evaluation.schema.json``): each property builds fresh objects from
/// the result, so changing them does not change the evaluation. ``to_json()``, ``to_csv()``
/// (the measure rows), ``to_arrow()`` (the same rows as an Arrow table), ``to_pandas()`` and
/// ``to_polars()`` (as DataFrames; each library optional) write it out;
/// ``annual_review(year)`` makes the year's ``Review``. In a notebook it shows as a status
/// table with RAG colours.
///
/// Evaluations pickle through their JSON (``(Evaluation.from_json, (json,))``), so PySpark and
/// Dask workers can return them, and compare equal when their JSON is equal. An evaluation
/// read back from JSON (or unpickled) holds every figure but not the framework it came from,
/// so its ``annual_review`` covers what the evaluation holds and says that partnership details
/// and value need the framework.
///
/// >>> import outcomes
/// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
/// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
/// >>> ev = fw.evaluate(obs, as_of="2025-06-30")
/// >>> ev.as_of, [m["measure"] for m in ev.measures][:2]
/// ('2025-06-30', ['smoking', 'screening'])
#[pyclass(frozen, module = "outcomes")]
pub struct Evaluation {
    pub(crate) inner: CoreEvaluation,
}

impl Evaluation {
    fn part<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
        crate::to_py::to_py(py, value)
    }
}

/// Framework text for the status table: the review's HTML escaping (markup, attribute
/// breakers, `javascript:` and `on...=`, bidirectional overrides), so a notebook shows exactly
/// what the HTML review would.
fn escape(text: &str) -> String {
    outcomes_core::report::escape::html(text)
}

/// Background and text colours of a RAG cell (NHS identity colours; grey for not assessable).
fn rag_colours(rag: Rag) -> (&'static str, &'static str) {
    match rag {
        Rag::Blue => ("#005eb8", "#ffffff"),
        Rag::Green => ("#007f3b", "#ffffff"),
        Rag::Amber => ("#ffb81c", "#212b32"),
        Rag::Red => ("#d5281b", "#ffffff"),
        Rag::Grey => ("#d8dde0", "#212b32"),
    }
}

fn fmt_num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
        _ => "-".to_owned(),
    }
}

#[pymethods]
impl Evaluation {
    /// Reads an evaluation back from its JSON (``to_json()``; the contract in
    /// ``schema/evaluation.schema.json``). The result has every figure but not the framework
    /// evaluated (see ``annual_review``).
    ///
    /// Raises ``ParseError`` with the path of the offending field.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> ev = fw.evaluate(obs)
    /// >>> outcomes.Evaluation.from_json(ev.to_json()) == ev
    /// True
    /// >>> try:
    /// ...     outcomes.Evaluation.from_json('{"framework": 1}')
    /// ... except outcomes.ParseError as e:
    /// ...     print(e.path)
    /// framework
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Evaluation> {
        let inner = py
            .detach(|| {
                let de = &mut serde_json::Deserializer::from_str(&text);
                serde_path_to_error::deserialize::<_, CoreEvaluation>(de).map_err(|e| {
                    let path = e.path().to_string();
                    Error::parse(
                        if path == "." { String::new() } else { path },
                        e.inner().to_string(),
                    )
                })
            })
            .py_err(py)?;
        Ok(Evaluation { inner })
    }

    /// Pickles through JSON: ``(Evaluation.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<Evaluation>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }

    /// Equal when the JSON is equal (the framework kept for the annual review is not
    /// compared, so an unpickled evaluation equals the original).
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<Evaluation>() else {
            return Ok(false);
        };
        let other = other.get();
        py.detach(|| {
            Ok::<bool, Error>(self.inner.to_json_string()? == other.inner.to_json_string()?)
        })
        .py_err(py)
    }

    /// Framework id.
    #[getter]
    fn framework(&self) -> &str {
        &self.inner.framework
    }

    /// Framework title.
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The date evaluated at (``YYYY-MM-DD``).
    #[getter]
    fn as_of(&self) -> &str {
        &self.inner.as_of
    }

    /// The options used.
    #[getter]
    fn options(&self) -> EvaluateOptions {
        EvaluateOptions {
            inner: self.inner.options.clone(),
        }
    }

    /// One dict per measure x area x breakdown (``measure``, ``status``, ``rag``, ``reason``,
    /// ``latest``, ``baseline``, ``target``, ``trajectory``, ``series``, ...).
    #[getter]
    fn measures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.measures)
    }

    /// One dict per commitment (``id``, ``status``, ``rag``, ``milestones``, ...).
    #[getter]
    fn commitments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.commitments)
    }

    /// One dict per objective, rolled up (``id``, ``title``, ``counts``, ``status``, ``rag``).
    #[getter]
    fn objectives<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.objectives)
    }

    /// One dict per partnership, rolled up.
    #[getter]
    fn partnerships<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.partnerships)
    }

    /// The whole framework rolled up (a dict like an objective's).
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.summary)
    }

    /// What the strategy has not yet settled: ``score`` (0-1), ``missing_baseline``, ...
    #[getter]
    fn completeness<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::part(py, &self.inner.completeness)
    }

    /// The evaluation as pretty JSON (field names are a contract).
    ///
    /// >>> import json, outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> json.loads(fw.evaluate(obs).to_json())["framework"]
    /// 'demo'
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_json_string()).py_err(py)
    }

    /// The measure rows as CSV (texts neutralised against spreadsheet formulas; a suppressed
    /// latest figure is ``*``).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> fw.evaluate(obs).to_csv().splitlines()[0].split(",")[:3]
    /// ['measure', 'title', 'area']
    fn to_csv(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_csv_string())
    }

    /// A plain-text table of the measure rows (what ``print(evaluation)`` shows).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> print(fw.evaluate(obs).to_table())  # doctest: +ELLIPSIS
    /// Demo ... (demo), as of ...
    fn to_table(&self) -> String {
        self.inner.to_table_string()
    }

    /// The measure rows as an Arrow table (``ArrowTable``, read through the Arrow PyCapsule
    /// interface by ``pyarrow.table(t)``, ``polars.DataFrame(t)``, duckdb, ...): the columns of
    /// ``to_csv()`` plus a boolean ``latest_suppressed``. Texts are as they are (not
    /// neutralised for spreadsheets); ``points`` is int64, the figures float64, null when
    /// missing or suppressed; optional texts (``latest_period``, ``target_kind``,
    /// ``comparison``, ...) are null when absent, ``area``, ``age`` and ``breakdown`` are
    /// ``""`` for the whole footprint / all levels. No library is imported.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> t = fw.evaluate(obs).to_arrow()
    /// >>> t.num_rows, t.column_names[-2:]
    /// (4, ['trend', 'latest_suppressed'])
    fn to_arrow(&self, py: Python<'_>) -> PyResult<ArrowTable> {
        let batch = py
            .detach(|| crate::arrow::measure_batch(&self.inner))
            .py_err(py)?;
        Ok(ArrowTable::new(batch))
    }

    /// The measure rows as a pandas DataFrame, the columns and types of ``to_arrow()`` (texts
    /// as pandas' string dtype, figures float64 with NaN for missing). Needs pandas >= 3.0,
    /// or an older pandas with pyarrow; ``ImportError`` with the install command otherwise.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> df = fw.evaluate(obs).to_pandas()
    /// >>> df[["measure", "breakdown", "status"]].values.tolist()[-2:]
    /// [['screening', 'sex=Female', 'at_risk'], ['screening', 'sex=Male', 'on_track']]
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let missing = || {
            PyImportError::new_err(
                "Evaluation.to_pandas() needs pandas, an optional dependency: pip install pandas \
                 (pandas older than 3.0 also needs pyarrow: pip install pyarrow)",
            )
        };
        let pandas = py.import("pandas").map_err(|_| missing())?;
        let table = Py::new(py, self.to_arrow(py)?)?;
        let frame = pandas.getattr("DataFrame")?;
        if frame.hasattr("from_arrow")? {
            return frame.call_method1("from_arrow", (table,));
        }
        let pyarrow = py.import("pyarrow").map_err(|_| missing())?;
        pyarrow
            .call_method1("table", (table,))?
            .call_method0("to_pandas")
    }

    /// The measure rows as a polars DataFrame, the columns and types of ``to_arrow()``
    /// (polars is an optional dependency: ``ImportError`` with the install command when it is
    /// missing).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> fw.evaluate(obs).to_polars()["measure"].to_list()
    /// ['smoking', 'screening', 'screening', 'screening']
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let polars = py.import("polars").map_err(|_| {
            PyImportError::new_err(
                "Evaluation.to_polars() needs polars, an optional dependency: pip install polars",
            )
        })?;
        let table = Py::new(py, self.to_arrow(py)?)?;
        polars.call_method1("DataFrame", (table,))
    }

    /// The annual review for a financial year (``"2024/25"``; also ``"2024-25"``,
    /// ``"FY2024/25"``): system summary, partnerships (purpose, kind, complexity, assurance,
    /// delivery, measures, value added, sharing), commitments, measures, completeness and,
    /// given ``previous`` (last year's ``Review``, e.g. ``Review.from_json(text)``), what
    /// changed. An evaluation made by ``Framework.evaluate`` keeps its framework and proxy
    /// table, so its review is complete.
    ///
    /// Raises ``InvalidArgumentError`` at ``year`` when it is not a financial year, and at
    /// ``previous`` when it is not a review of the same framework.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> ev = fw.evaluate(obs, as_of="2025-03-31")
    /// >>> ev.annual_review("2024/25")
    /// <Review framework='demo' year=2024/25 as_of=2025-03-31 measures=4 commitments=1>
    /// >>> try:
    /// ...     ev.annual_review("2024")
    /// ... except outcomes.InvalidArgumentError as e:
    /// ...     print(e.path)
    /// year
    #[pyo3(signature = (year, *, previous=None))]
    fn annual_review(
        &self,
        py: Python<'_>,
        year: &str,
        previous: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Review> {
        let previous = match previous.filter(|p| !p.is_none()) {
            None => None,
            Some(p) => {
                let Ok(review) = p.cast::<Review>() else {
                    let kind = p.get_type().name()?.to_string();
                    return Err(crate::errors::to_py(
                        py,
                        &crate::review::not_a_review(&kind),
                    ));
                };
                Some(review.clone().unbind())
            }
        };
        let previous = previous.as_ref().map(|r| &r.get().inner);
        let inner = py
            .detach(|| self.inner.annual_review(year, previous))
            .py_err(py)?;
        Ok(Review { inner })
    }

    fn __str__(&self) -> String {
        self.inner.to_table_string()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let e = &self.inner;
        format!(
            "<Evaluation framework={} as_of={} status={} measures={} commitments={}>",
            py_repr(py, &e.framework),
            e.as_of,
            e.summary.status.label(),
            e.measures.len(),
            e.commitments.len()
        )
    }

    /// A status table for notebooks: the roll-up, then one row per measure with its RAG
    /// colour; every text is HTML-escaped.
    fn _repr_html_(&self) -> String {
        let e = &self.inner;
        let cell = |rag: Rag, label: &str| {
            let (bg, fg) = rag_colours(rag);
            format!(
                "<td style=\"background:{bg};color:{fg};font-weight:600\">{}</td>",
                escape(label)
            )
        };
        let mut html = String::from("<div class=\"outcomes-evaluation\">");
        let _ = write!(
            html,
            "<p><strong>{}</strong> ({}), as of {}: ",
            escape(&e.title),
            escape(&e.framework),
            escape(&e.as_of)
        );
        let (bg, fg) = rag_colours(e.summary.rag);
        let c = &e.summary.counts;
        let _ = write!(
            html,
            "<span style=\"background:{bg};color:{fg};padding:0 0.4em\">{}</span> &middot; \
             {} achieved, {} on track, {} at risk, {} off track, {} not assessable &middot; \
             completeness {:.0}%</p>",
            escape(e.summary.status.label()),
            c.achieved,
            c.on_track,
            c.at_risk,
            c.off_track,
            c.not_assessable,
            e.completeness.score * 100.0
        );
        html.push_str(
            "<table><thead><tr><th>measure</th><th>area</th><th>breakdown</th><th>period</th>\
             <th>latest</th><th>target</th><th>trajectory</th><th>status</th><th>reason</th>\
             </tr></thead><tbody>",
        );
        for m in &e.measures {
            let breakdown = m
                .breakdown
                .iter()
                .map(|(d, l)| format!("{d}={l}"))
                .collect::<Vec<_>>()
                .join("; ");
            let latest = match &m.latest {
                Some(l) if l.suppressed => "*".to_owned(),
                Some(l) => fmt_num(l.value),
                None => "-".to_owned(),
            };
            let _ = write!(
                html,
                "<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
                escape(&m.title),
                escape(&m.measure),
                escape(&m.area),
                escape(&breakdown),
                escape(
                    &m.latest
                        .as_ref()
                        .map_or_else(|| "-".to_owned(), |l| l.period.to_string())
                ),
                escape(&latest),
                escape(&fmt_num(m.target.as_ref().and_then(|t| t.value))),
                escape(&fmt_num(m.trajectory.as_ref().map(|t| t.value))),
                cell(m.rag, m.status.label()),
                escape(&m.reason)
            );
        }
        html.push_str("</tbody></table>");
        if !e.commitments.is_empty() {
            html.push_str(
                "<table><thead><tr><th>commitment</th><th>status</th><th>reason</th></tr></thead><tbody>",
            );
            for c in &e.commitments {
                let _ = write!(
                    html,
                    "<tr><td title=\"{}\">{}</td>{}<td>{}</td></tr>",
                    escape(&c.text),
                    escape(&c.id),
                    cell(c.rag, c.status.label()),
                    escape(&c.reason)
                );
            }
            html.push_str("</tbody></table>");
        }
        html.push_str("</div>");
        html
    }
}
