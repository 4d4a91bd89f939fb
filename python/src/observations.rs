//! `outcomes.Observations`: the columnar store of core, read from CSV, Fingertips CSV or JSON.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use outcomes_core::Error;
use outcomes_core::data::Observations as CoreObservations;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3_arrow::input::AnyRecordBatch;

use crate::errors::IntoPy;
use crate::framework::{Diagnostic, Framework, diagnostics};

/// Opens `path` and runs `read` on it; errors name the file.
fn read_file(
    path: &Path,
    read: impl FnOnce(BufReader<File>) -> Result<CoreObservations, Error>,
) -> Result<CoreObservations, Error> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| Error::io(&shown, e.to_string()))?;
    read(BufReader::new(file)).map_err(|e| e.in_file(&shown))
}

/// Observations: one row per measure x period x area x breakdown, with the value and, where
/// known, numerator, denominator and published confidence limits.
///
/// Read them with ``Observations.from_csv(path)`` (the long CSV format:
/// ``measure,period,value,...``), ``Observations.from_fingertips_csv(path)`` (a Fingertips
/// data export) or ``Observations.from_json(text)``. Every reader checks each row and refuses
/// the whole input when a row is bad, raising ``DataError`` whose ``.path`` names the line and
/// column. ``check(framework)`` reports rows that do not fit a framework. Observations are
/// immutable, compare equal when their rows are, and pickle (through JSON; a reloaded copy names rows ``rows[i]`` rather than
/// ``line N`` in later messages).
///
/// >>> import outcomes
/// >>> obs = outcomes.Observations.from_json(
/// ...     '[{"measure": "smoking", "period": "2024/25", "value": 12.1}]')
/// >>> len(obs), obs.measure_ids
/// (1, ['smoking'])
#[pyclass(frozen, eq, module = "outcomes")]
#[derive(Clone)]
pub struct Observations {
    pub(crate) inner: CoreObservations,
}

/// Equal when the rows are equal, in order; where each row was read from (`line 12` or
/// `rows[3]`, kept for messages) does not count, so a pickled copy equals its original.
impl PartialEq for Observations {
    fn eq(&self, other: &Self) -> bool {
        self.inner.len() == other.inner.len() && self.inner.iter().eq(other.inner.iter())
    }
}

#[pymethods]
impl Observations {
    /// Reads the long CSV format: columns ``measure``, ``period`` and ``value`` (or
    /// ``numerator`` and ``denominator``), optional ``area``, ``area_code``, ``age``,
    /// ``lower``, ``upper``, ``lower_998``, ``upper_998``, ``note``, ``source``; any other
    /// column is a breakdown dimension. The GIL is released while the file is read.
    ///
    /// Raises ``FileError`` when the file cannot be read and ``DataError`` naming the line and
    /// column of the first bad row (nothing is loaded when any row is bad).
    ///
    /// >>> import outcomes
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> len(obs)
    /// 6
    #[staticmethod]
    fn from_csv(py: Python<'_>, path: PathBuf) -> PyResult<Observations> {
        let inner = py
            .detach(|| read_file(&path, CoreObservations::from_csv_reader))
            .py_err(py)?;
        Ok(Observations { inner })
    }

    /// Reads a Fingertips data export CSV (the "Export table as CSV" / API ``all_data`` CSV).
    /// The measure of each row is the Indicator ID (a framework measure matches it through
    /// ``source.indicator``); sex other than Persons and category types become breakdowns.
    /// The GIL is released while the file is read.
    ///
    /// >>> import outcomes
    /// >>> obs = outcomes.Observations.from_fingertips_csv("python/tests/fixtures/fingertips-sample.csv")
    /// >>> obs.measure_ids
    /// ['30311']
    #[staticmethod]
    fn from_fingertips_csv(py: Python<'_>, path: PathBuf) -> PyResult<Observations> {
        let inner = py
            .detach(|| read_file(&path, CoreObservations::from_fingertips_csv_reader))
            .py_err(py)?;
        Ok(Observations { inner })
    }

    /// Reads a JSON array of observation objects (or ``{"observations": [...]}``).
    /// ``ParseError`` for malformed JSON, ``DataError`` at ``rows[i]`` for a bad row.
    ///
    /// >>> import outcomes
    /// >>> len(outcomes.Observations.from_json('{"observations": []}'))
    /// 0
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Observations> {
        let inner = py
            .detach(|| CoreObservations::from_json_str(&text))
            .py_err(py)?;
        Ok(Observations { inner })
    }

    /// Reads any Arrow table-like object through the Arrow PyCapsule interface
    /// (``__arrow_c_stream__`` or ``__arrow_c_array__``): a pyarrow Table or RecordBatch, a
    /// polars DataFrame, a pandas >= 2.2 DataFrame (pandas needs pyarrow for this), a duckdb
    /// relation. None of those libraries is imported.
    ///
    /// Columns as in the long CSV (``from_csv``), matched by name, case-insensitively:
    /// ``measure``, ``period`` (text such as ``2024/25``, or an integer year), ``value`` or
    /// ``numerator``, and optional ``area``, ``area_code``, ``age``, ``denominator``,
    /// ``lower``, ``upper``, ``lower_998``, ``upper_998``, ``note``, ``source``; any other
    /// column (text, integer, or whole-number float) is a breakdown dimension, a null or empty
    /// cell meaning all levels. Number columns are numeric (null and NaN are missing) or text
    /// parsed as in a CSV. A pandas index column (``__index_level_0__``) is ignored.
    ///
    /// Each row gets core's checks; a bad row raises ``DataError`` at ``rows[i] (column)``
    /// (``i`` counted from 0 over the whole table) and nothing is loaded. The GIL is released
    /// while the rows are checked.
    ///
    /// >>> import outcomes, pyarrow as pa
    /// >>> t = pa.table({"measure": ["smoking", "smoking"], "period": ["2023/24", "2024/25"],
    /// ...               "value": [13.0, 12.1], "sex": ["Female", None]})
    /// >>> obs = outcomes.Observations.from_arrow(t)
    /// >>> len(obs), obs.dimensions
    /// (2, ['sex'])
    /// >>> bad = pa.table({"measure": ["smoking"], "period": ["2024/25"], "value": ["12%"]})
    /// >>> try:
    /// ...     outcomes.Observations.from_arrow(bad)
    /// ... except outcomes.DataError as e:
    /// ...     print(e.path)
    /// rows[0] (value)
    #[staticmethod]
    fn from_arrow(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Observations> {
        if !data.hasattr("__arrow_c_stream__")? && !data.hasattr("__arrow_c_array__")? {
            let kind = data.get_type().name()?;
            return Err(crate::errors::to_py(
                py,
                &Error::invalid_argument(
                    "data",
                    format!(
                        "a {kind} is not an Arrow table: give an object with __arrow_c_stream__ (a pyarrow Table, a polars DataFrame, a pandas >= 2.2 DataFrame)"
                    ),
                ),
            ));
        }
        let input: AnyRecordBatch = data.extract()?;
        let (batches, schema) = input.into_table()?.into_inner();
        let inner = py
            .detach(|| crate::arrow::observations_from_batches(&schema, &batches))
            .py_err(py)?;
        Ok(Observations { inner })
    }

    /// The rows as a pretty JSON array, in input order.
    ///
    /// >>> import json, outcomes
    /// >>> obs = outcomes.Observations.from_json('[{"measure": "m", "period": "FY2024/25", "value": 1.5}]')
    /// >>> json.loads(obs.to_json())
    /// [{'measure': 'm', 'period': '2024/25', 'value': 1.5}]
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_json_string()).py_err(py)
    }

    /// The rows in the long CSV format, breakdown dimensions as extra columns.
    ///
    /// >>> import outcomes
    /// >>> obs = outcomes.Observations.from_json('[{"measure": "m", "period": "2024/25", "value": 1.5}]')
    /// >>> obs.to_csv().splitlines()[1]
    /// 'm,2024/25,,,,1.5,,,,,,,,'
    fn to_csv(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_csv_string())
    }

    /// Checks the rows against a framework: unknown measures, breakdown dimensions the measure
    /// does not declare, numerators above denominators for proportions, percentages outside
    /// 0-100. Each ``Diagnostic`` names the row (``line 12 (measure)``).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_json('[{"measure": "nope", "period": "2024/25", "value": 1}]')
    /// >>> [(d.path, d.code) for d in obs.check(fw)]
    /// [('rows[0] (measure)', 'unknown_reference')]
    fn check(&self, py: Python<'_>, framework: &Bound<'_, Framework>) -> Vec<Diagnostic> {
        let fw = &framework.get().inner;
        let found = py.detach(|| self.inner.check_against(fw));
        diagnostics(&found)
    }

    /// The distinct measure ids (or Fingertips indicator ids), in order of first appearance.
    #[getter]
    fn measure_ids(&self) -> Vec<String> {
        self.inner.measure_ids().to_vec()
    }

    /// The breakdown dimensions used by any row (``sex``, ``deprivation_quintile``, ...).
    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.inner.dimensions().to_vec()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Observations rows={} measures={} dimensions={}>",
            self.inner.len(),
            self.inner.measure_ids().len(),
            self.inner.dimensions().len()
        )
    }

    /// Pickles through JSON: ``(Observations.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<Observations>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }
}
