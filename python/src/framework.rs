//! `outcomes.Framework`, `outcomes.Progress` and `outcomes.Diagnostic`: wrappers that convert,
//! every rule lives in `outcomes_core`.

use std::path::PathBuf;

use outcomes_core::Error;
use outcomes_core::model::{Framework as CoreFramework, Progress as CoreProgress};
use outcomes_core::validate::Diagnostic as CoreDiagnostic;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::IntoPy;
use crate::evaluate::{EvaluateOptions, Evaluation, merged_options};
use crate::observations::Observations;

/// The `snake_case` JSON name of a serde enum value (`unknown_reference`).
pub(crate) fn snake(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// One problem found by ``Framework.validate()`` or ``Observations.check()``.
///
/// Attributes: ``path`` (where, e.g. ``commitments[0].objectives[0]``), ``severity``
/// (``"error"`` or ``"warning"``), ``code`` (what it is about, for programs to match on, e.g.
/// ``"unknown_reference"``) and ``message`` (what is wrong and what to do).
///
/// >>> import outcomes
/// >>> d = outcomes.Diagnostic("id", "error", "empty_id", "the framework needs an id")
/// >>> d.severity, d.code
/// ('error', 'empty_id')
/// >>> str(d)
/// 'error: id: the framework needs an id'
#[pyclass(frozen, eq, hash, module = "outcomes")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Where: `measures[3].targets[0].by`.
    #[pyo3(get)]
    path: String,
    /// `error` or `warning`.
    #[pyo3(get)]
    severity: String,
    /// The code, `snake_case`.
    #[pyo3(get)]
    code: String,
    /// What is wrong and what to do.
    #[pyo3(get)]
    message: String,
}

impl From<&CoreDiagnostic> for Diagnostic {
    fn from(d: &CoreDiagnostic) -> Self {
        Diagnostic {
            path: d.path.clone(),
            severity: d.severity.to_string(),
            code: snake(&d.code),
            message: d.message.clone(),
        }
    }
}

/// Python's `repr()` of a text (`'it\'s'`), for `__repr__` methods.
pub(crate) fn py_repr(py: Python<'_>, text: &str) -> String {
    pyo3::types::PyString::new(py, text)
        .repr()
        .map_or_else(|_| format!("{text:?}"), |r| r.to_string())
}

pub(crate) fn diagnostics(found: &[CoreDiagnostic]) -> Vec<Diagnostic> {
    found.iter().map(Diagnostic::from).collect()
}

#[pymethods]
impl Diagnostic {
    /// Checks `severity` and `code` against core's enums through serde, so a diagnostic made
    /// in Python is one core could have produced.
    #[new]
    fn new(
        py: Python<'_>,
        path: String,
        severity: String,
        code: String,
        message: String,
    ) -> PyResult<Self> {
        let parsed: Result<CoreDiagnostic, Error> = serde_json::from_value(serde_json::json!({
            "path": path,
            "severity": severity,
            "code": code,
            "message": message,
        }))
        .map_err(|e| {
            let field = if serde_json::from_value::<outcomes_core::validate::Severity>(
                serde_json::Value::String(severity.clone()),
            )
            .is_err()
            {
                "severity"
            } else {
                "code"
            };
            Error::invalid_argument(field, e.to_string())
        });
        Ok(Diagnostic::from(&parsed.py_err(py)?))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Diagnostic(path={}, severity={}, code={}, message={})",
            py_repr(py, &self.path),
            py_repr(py, &self.severity),
            py_repr(py, &self.code),
            py_repr(py, &self.message)
        )
    }

    fn __str__(&self) -> String {
        format!("{}: {}: {}", self.severity, self.path, self.message)
    }

    fn __getnewargs__(&self) -> (String, String, String, String) {
        (
            self.path.clone(),
            self.severity.clone(),
            self.code.clone(),
            self.message.clone(),
        )
    }
}

/// A strategy written down as data: organisations, partnerships, objectives, commitments,
/// measures and value outcomes.
///
/// Load one with ``Framework.load(path)`` (``.toml`` or ``.json``), ``Framework.from_toml(text)``
/// or ``Framework.from_json(text)``; loading checks syntax and types only, ``validate()`` then
/// reports every other problem at once. ``to_toml()`` and ``to_json()`` write back everything
/// that was read. Frameworks are immutable, compare equal by content and pickle (through JSON).
///
/// >>> import outcomes
/// >>> fw = outcomes.Framework.from_toml('''
/// ... schema_version = 1
/// ... id = "demo"
/// ... title = "Demo strategy"
/// ... period = { from = "2024/25", to = "2028/29" }
/// ... ''')
/// >>> fw.id, fw.period
/// ('demo', ('2024/25', '2028/29'))
/// >>> outcomes.Framework.from_json(fw.to_json()) == fw
/// True
#[pyclass(frozen, eq, module = "outcomes")]
#[derive(Clone, PartialEq)]
pub struct Framework {
    pub(crate) inner: CoreFramework,
}

#[pymethods]
impl Framework {
    /// Reads a framework file: ``.toml`` as TOML, ``.json`` as JSON (otherwise by the first
    /// non-blank character). The GIL is released while the file is read and parsed.
    ///
    /// Raises ``FileError`` when the file cannot be read and ``ParseError`` (with ``.path``
    /// naming the field) when it does not parse.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> fw.measure_ids
    /// ['smoking', 'screening']
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Framework> {
        let inner = py.detach(|| CoreFramework::load(&path)).py_err(py)?;
        Ok(Framework { inner })
    }

    /// Reads a framework from TOML text; ``ParseError`` with the field path and line otherwise.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.from_toml(
    /// ...     'schema_version = 1\nid = "d"\ntitle = "D"\nperiod = { from = "2024/25", to = "2025/26" }')
    /// >>> fw.title
    /// 'D'
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: String) -> PyResult<Framework> {
        let inner = py
            .detach(|| CoreFramework::from_toml_str(&text))
            .py_err(py)?;
        Ok(Framework { inner })
    }

    /// Reads a framework from JSON text; ``ParseError`` with the field path and line otherwise.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.from_json(
    /// ...     '{"schema_version": 1, "id": "d", "title": "D", "period": {"from": "2024/25", "to": "2025/26"}}')
    /// >>> fw.id
    /// 'd'
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Framework> {
        let inner = py
            .detach(|| CoreFramework::from_json_str(&text))
            .py_err(py)?;
        Ok(Framework { inner })
    }

    /// The framework as pretty JSON; ``InvalidArgumentError`` if it holds a NaN or infinity.
    ///
    /// >>> import json, outcomes
    /// >>> fw = outcomes.Framework.from_toml(
    /// ...     'schema_version = 1\nid = "d"\ntitle = "D"\nperiod = { from = "2024/25", to = "2025/26" }')
    /// >>> json.loads(fw.to_json())["id"]
    /// 'd'
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_json_string()).py_err(py)
    }

    /// The framework as TOML.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.from_toml(
    /// ...     'schema_version = 1\nid = "d"\ntitle = "D"\nperiod = { from = "2024/25", to = "2025/26" }')
    /// >>> outcomes.Framework.from_toml(fw.to_toml()) == fw
    /// True
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_toml_string()).py_err(py)
    }

    /// Every problem in the framework, errors first then warnings, each in document order.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.from_toml('''
    /// ... schema_version = 1
    /// ... id = "d"
    /// ... title = "D"
    /// ... period = { from = "2024/25", to = "2025/26" }
    /// ... [[commitments]]
    /// ... id = "c1"
    /// ... text = "Build an interface group"
    /// ... objectives = ["nope"]
    /// ... ''')
    /// >>> d = fw.validate()[0]
    /// >>> d.path, d.severity, d.code
    /// ('commitments[0].objectives[0]', 'error', 'unknown_reference')
    fn validate(&self, py: Python<'_>) -> Vec<Diagnostic> {
        let found = py.detach(|| self.inner.validate());
        diagnostics(&found)
    }

    /// A copy of the framework with a progress update applied (milestone statuses and
    /// evidence, value-outcome figures). ``ValidationError`` naming the update when it refers
    /// to a framework, commitment, milestone or value outcome that does not exist.
    ///
    /// >>> import outcomes
    /// >>> import json
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> updated = fw.with_progress(outcomes.Progress.load("python/tests/fixtures/demo-progress.toml"))
    /// >>> json.loads(updated.to_json())["commitments"][0]["milestones"][0]["status"]
    /// 'done'
    fn with_progress(&self, py: Python<'_>, progress: &Bound<'_, Progress>) -> PyResult<Framework> {
        let progress = &progress.get().inner;
        let inner = py
            .detach(|| self.inner.with_progress(progress))
            .py_err(py)?;
        Ok(Framework { inner })
    }

    /// Evaluates the framework against observations: per measure the latest value and
    /// interval, baseline, target, progress, trajectory, status and RAG with the reason, then
    /// commitments, objectives and partnerships rolled up, and completeness. The GIL is
    /// released while core works.
    ///
    /// ``options`` is an ``EvaluateOptions``; keyword ``overrides`` (the same keys) change it
    /// for this call. Raises ``ValidationError`` when the framework has validation errors
    /// (run ``validate()`` for all of them) and ``InvalidArgumentError`` for a bad option.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> ev = fw.evaluate(obs, options=outcomes.EvaluateOptions(confidence=0.998), as_of="2025-06-30")
    /// >>> ev.options.confidence, ev.as_of
    /// (0.998, '2025-06-30')
    #[pyo3(signature = (observations, *, options = None, **overrides))]
    fn evaluate(
        &self,
        py: Python<'_>,
        observations: &Bound<'_, Observations>,
        options: Option<&Bound<'_, EvaluateOptions>>,
        overrides: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<Evaluation> {
        let options = merged_options(py, options.map(|o| &o.get().inner), overrides)?;
        let obs = &observations.get().inner;
        let inner = py
            .detach(|| self.inner.evaluate(obs, &options))
            .py_err(py)?;
        Ok(Evaluation { inner })
    }

    /// Combines evaluations of parts of the observations into the evaluation of the whole:
    /// every part's measure rows, then the roll-up to commitments, objectives, partnerships
    /// and the framework over all of them (which no part can do alone). For PySpark, Dask or
    /// batches of areas. The GIL is released while core works.
    ///
    /// Split the observations by measure x area (a series, and the breakdowns of one measure
    /// and area, whole in one part), give the comparator area's rows to every part, and
    /// evaluate every part with the same options and one fixed ``as_of``. Within a measure the
    /// rows come in (area, age, breakdown) order. Raises ``InvalidArgumentError`` naming the
    /// part (``parts[1].as_of``, ``parts[2].measures[5]``) when the parts cannot be combined.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> whole = fw.evaluate(obs, as_of="2025-06-30")
    /// >>> fw.combine([whole]).summary == whole.summary
    /// True
    fn combine(&self, py: Python<'_>, parts: Vec<PyRef<'_, Evaluation>>) -> PyResult<Evaluation> {
        let parts: Vec<_> = parts.iter().map(|p| p.inner.clone()).collect();
        let inner = py.detach(|| self.inner.combine(parts)).py_err(py)?;
        Ok(Evaluation { inner })
    }

    /// The JSON Schema of framework files, as JSON text (for editors).
    ///
    /// >>> import json, outcomes
    /// >>> "properties" in json.loads(outcomes.Framework.json_schema())
    /// True
    #[staticmethod]
    fn json_schema() -> String {
        CoreFramework::json_schema().to_string()
    }

    /// Format version of the file (currently 1).
    #[getter]
    fn schema_version(&self) -> u32 {
        self.inner.schema_version
    }

    /// Id of the framework.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Title of the strategy.
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// Id of the organisation that owns the strategy, or None.
    #[getter]
    fn owner(&self) -> Option<&str> {
        self.inner.owner.as_deref()
    }

    /// Version of the framework content, or None.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.version.as_deref()
    }

    /// The vision statement, or None.
    #[getter]
    fn vision(&self) -> Option<&str> {
        self.inner.vision.as_deref()
    }

    /// The period covered as written: ``(from, to)``, e.g. ``('2023/24', '2027/28')``.
    #[getter]
    fn period(&self) -> (&str, &str) {
        (&self.inner.period.from, &self.inner.period.to)
    }

    /// Ids of the organisations, in document order.
    #[getter]
    fn organisation_ids(&self) -> Vec<&str> {
        self.inner
            .organisations
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    }

    /// Ids of the partnerships, in document order.
    #[getter]
    fn partnership_ids(&self) -> Vec<&str> {
        self.inner
            .partnerships
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    }

    /// Ids of the objectives (vision > aims > priorities > objectives), in document order.
    #[getter]
    fn objective_ids(&self) -> Vec<&str> {
        self.inner
            .objectives
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    }

    /// Ids of the commitments, in document order.
    #[getter]
    fn commitment_ids(&self) -> Vec<&str> {
        self.inner
            .commitments
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    }

    /// Ids of the measures, in document order.
    #[getter]
    fn measure_ids(&self) -> Vec<&str> {
        self.inner.measures.iter().map(|o| o.id.as_str()).collect()
    }

    /// Ids of the value outcomes, in document order.
    #[getter]
    fn value_outcome_ids(&self) -> Vec<&str> {
        self.inner
            .value_outcomes
            .iter()
            .map(|o| o.id.as_str())
            .collect()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let f = &self.inner;
        format!(
            "<Framework id={} title={} period={}..{} organisations={} partnerships={} objectives={} commitments={} measures={} value_outcomes={}>",
            py_repr(py, &f.id),
            py_repr(py, &f.title),
            f.period.from,
            f.period.to,
            f.organisations.len(),
            f.partnerships.len(),
            f.objectives.len(),
            f.commitments.len(),
            f.measures.len(),
            f.value_outcomes.len()
        )
    }

    /// Pickles through JSON: ``(Framework.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<Framework>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }
}

/// A progress update for a framework: reported milestone statuses and value-outcome figures,
/// kept in a file of its own (e.g. ``progress-2024-25.toml``). Apply it with
/// ``Framework.with_progress``.
///
/// >>> import outcomes
/// >>> p = outcomes.Progress.from_toml('schema_version = 1\nframework = "demo"\nas_of = "2025-03-31"')
/// >>> p.framework, p.as_of
/// ('demo', '2025-03-31')
#[pyclass(frozen, eq, module = "outcomes")]
#[derive(Clone, PartialEq)]
pub struct Progress {
    pub(crate) inner: CoreProgress,
}

#[pymethods]
impl Progress {
    /// Reads a progress file (``.json`` as JSON, otherwise TOML); the GIL is released while
    /// it is read. ``FileError`` or ``ParseError`` otherwise.
    ///
    /// >>> import outcomes
    /// >>> p = outcomes.Progress.load("python/tests/fixtures/demo-progress.toml")
    /// >>> p.as_of
    /// '2025-03-31'
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Progress> {
        let inner = py.detach(|| CoreProgress::load(&path)).py_err(py)?;
        Ok(Progress { inner })
    }

    /// Reads a progress update from TOML text.
    ///
    /// >>> import outcomes
    /// >>> outcomes.Progress.from_toml('schema_version = 1\nframework = "demo"').framework
    /// 'demo'
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: String) -> PyResult<Progress> {
        let inner = py
            .detach(|| CoreProgress::from_toml_str(&text))
            .py_err(py)?;
        Ok(Progress { inner })
    }

    /// Reads a progress update from JSON text.
    ///
    /// >>> import outcomes
    /// >>> outcomes.Progress.from_json('{"schema_version": 1, "framework": "demo"}').framework
    /// 'demo'
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Progress> {
        let inner = py
            .detach(|| CoreProgress::from_json_str(&text))
            .py_err(py)?;
        Ok(Progress { inner })
    }

    /// The progress update as pretty JSON.
    ///
    /// >>> import json, outcomes
    /// >>> p = outcomes.Progress.from_toml('schema_version = 1\nframework = "demo"')
    /// >>> json.loads(p.to_json())["framework"]
    /// 'demo'
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner)
            .map_err(|e| Error::invalid_argument("", e.to_string()))
            .py_err(py)
    }

    /// Id of the framework this updates.
    #[getter]
    fn framework(&self) -> &str {
        &self.inner.framework
    }

    /// Date the progress is reported at (``YYYY-MM-DD`` as written), or None.
    #[getter]
    fn as_of(&self) -> Option<&str> {
        self.inner.as_of.as_deref()
    }

    /// What the figures are (e.g. "Illustrative, synthetic progress"), or None.
    #[getter]
    fn label(&self) -> Option<&str> {
        self.inner.label.as_deref()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<Progress framework={} as_of={} milestones={} value_outcomes={}>",
            py_repr(py, &self.inner.framework),
            self.inner
                .as_of
                .as_deref()
                .map_or_else(|| "None".to_owned(), |d| py_repr(py, d)),
            self.inner.milestones.len(),
            self.inner.value_outcomes.len()
        )
    }

    /// Pickles through JSON: ``(Progress.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<Progress>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }
}
