//! Arrow interop through the Arrow PyCapsule interface (`__arrow_c_stream__`), with
//! pyo3-arrow: observations in from any Arrow table-like object (pyarrow, polars, pandas >= 2.2,
//! duckdb) without importing its library, and an evaluation's measure rows out as
//! [`ArrowTable`], which pyarrow, polars and pandas read without copying.
//!
//! Reading: columns are matched by name as in the long CSV (see `core/src/data/csv_long.rs`:
//! trimmed, case-insensitive, any order); each row is built as a core `Observation` and pushed
//! with core's checks, so a bad row raises the same `DataError` as a bad CSV line, at
//! `rows[i] (column)` (`i` counting from 0 across all batches).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use outcomes_core::Error;
use outcomes_core::data::csv_long::LongLayout;
use outcomes_core::data::{Observation, Observations as CoreObservations};
use outcomes_core::evaluate::{COLUMNS, Evaluation as CoreEvaluation, MeasureResult};
use outcomes_core::period::Period;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};

/// The long format's number columns (the rest of its known columns are text).
const NUMBER: [&str; 7] = outcomes_core::data::FIGURE_COLUMNS;

/// One input column, converted once per batch.
enum Column {
    /// Text (strings, dictionary-encoded strings, integers, dates: anything Arrow casts to
    /// text); null is an empty cell.
    Text(StringArray),
    /// Numbers; null and NaN are missing.
    Number(Float64Array),
    /// Numbers written as text, parsed cell by cell with the CSV rules.
    NumberText(StringArray),
}

fn type_error(name: &str, dt: &DataType, wanted: &str) -> Error {
    Error::data(
        format!("columns ({name})"),
        format!("the column \"{name}\" has Arrow type {dt}, which cannot be read as {wanted}"),
    )
}

/// A float column used as text (a breakdown level such as a quintile, read by pandas as float
/// because of a missing value): whole numbers lose their `.0`, NaN is an empty cell.
fn float_as_text(a: &dyn Array) -> Result<StringArray, arrow_schema::ArrowError> {
    let f = arrow_cast::cast(a, &DataType::Float64)?;
    let f = f.as_primitive::<Float64Type>();
    Ok(f.iter()
        .map(|v| {
            v.filter(|v| !v.is_nan()).map(|v| {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    format!("{v:.0}")
                } else {
                    format!("{v}")
                }
            })
        })
        .collect())
}

fn text_column(name: &str, a: &ArrayRef) -> Result<Column, Error> {
    let dt = a.data_type();
    let cast = if dt.is_floating() {
        float_as_text(a.as_ref())
    } else {
        arrow_cast::cast(a, &DataType::Utf8).map(|c| c.as_string::<i32>().clone())
    };
    cast.map(Column::Text)
        .map_err(|_| type_error(name, dt, "text"))
}

fn number_column(name: &str, a: &ArrayRef) -> Result<Column, Error> {
    let dt = a.data_type();
    if dt.is_numeric() || *dt == DataType::Null {
        let f =
            arrow_cast::cast(a, &DataType::Float64).map_err(|_| type_error(name, dt, "numbers"))?;
        return Ok(Column::Number(f.as_primitive::<Float64Type>().clone()));
    }
    let is_text = match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => {
            matches!(
                **v,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            )
        }
        _ => false,
    };
    if is_text {
        let s =
            arrow_cast::cast(a, &DataType::Utf8).map_err(|_| type_error(name, dt, "numbers"))?;
        return Ok(Column::NumberText(s.as_string::<i32>().clone()));
    }
    Err(type_error(name, dt, "numbers"))
}

impl Column {
    fn text(&self, i: usize) -> Option<&str> {
        match self {
            Column::Text(a) | Column::NumberText(a) => (!a.is_null(i))
                .then(|| a.value(i).trim())
                .filter(|t| !t.is_empty()),
            Column::Number(_) => None,
        }
    }

    fn number(&self, i: usize, at: &dyn Fn() -> String) -> Result<Option<f64>, Error> {
        match self {
            Column::Number(a) => Ok((!a.is_null(i)).then(|| a.value(i)).filter(|v| !v.is_nan())),
            Column::NumberText(a) | Column::Text(a) => {
                if a.is_null(i) {
                    Ok(None)
                } else {
                    outcomes_core::data::csv_long::number(a.value(i), at)
                }
            }
        }
    }
}

/// Where each column of the input goes, by core's long-format header rules; a pandas index
/// column (`__index_level_N__`) is not data and is ignored.
fn layout(schema: &Schema) -> Result<LongLayout, Error> {
    LongLayout::from_names(
        schema.fields().iter().map(|field| {
            let lower = field.name().trim().to_ascii_lowercase();
            let index = lower.starts_with("__index_level_") && lower.ends_with("__");
            (!index).then(|| field.name().as_str())
        }),
        "columns",
    )
}

/// Observations from Arrow record batches: the long CSV's columns, core's row checks. Nothing
/// is loaded when any row is bad; the error names the first bad row and counts the others.
pub fn observations_from_batches(
    schema: &Schema,
    batches: &[RecordBatch],
) -> Result<CoreObservations, Error> {
    let layout = layout(schema)?;
    let mut obs = CoreObservations::new();
    let mut periods: HashMap<String, Period> = HashMap::new();
    let mut first_error: Option<Error> = None;
    let mut bad = 0usize;
    let mut offset = 0usize;
    for batch in batches {
        let mut known: HashMap<&'static str, Column> = HashMap::new();
        for (&name, &i) in &layout.known {
            let a = batch.column(i);
            let c = if NUMBER.contains(&name) {
                number_column(name, a)?
            } else {
                text_column(name, a)?
            };
            known.insert(name, c);
        }
        let dims: Vec<(&str, Column)> = layout
            .dims
            .iter()
            .map(|(i, d)| text_column(d, batch.column(*i)).map(|c| (d.as_str(), c)))
            .collect::<Result<_, _>>()?;
        for r in 0..batch.num_rows() {
            let row = offset + r;
            if let Err(e) = push_row(&mut obs, &known, &dims, r, row, &mut periods) {
                bad += 1;
                if first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
        offset += batch.num_rows();
    }
    if let Some(e) = first_error {
        if bad > 1 {
            let more = bad - 1;
            return Err(match e {
                Error::Data { path, message } => Error::data(
                    path,
                    format!(
                        "{message} (and {more} more bad row{}; nothing was loaded)",
                        if more == 1 { "" } else { "s" }
                    ),
                ),
                other => other,
            });
        }
        return Err(e);
    }
    Ok(obs)
}

fn push_row(
    obs: &mut CoreObservations,
    known: &HashMap<&'static str, Column>,
    dims: &[(&str, Column)],
    r: usize,
    row: usize,
    periods: &mut HashMap<String, Period>,
) -> Result<(), Error> {
    let at = |name: &str| format!("rows[{row}] ({name})");
    let text = |name: &str| known.get(name).and_then(|c| c.text(r));
    let number = |name: &str| match known.get(name) {
        Some(c) => c.number(r, &|| at(name)),
        None => Ok(None),
    };
    let period_text = text("period").unwrap_or("");
    let period = if let Some(p) = periods.get(period_text) {
        *p
    } else {
        let p = Period::parse(period_text)
            .map_err(|e| Error::data(at("period"), e.message().to_owned()))?;
        periods.insert(period_text.to_owned(), p);
        p
    };
    let breakdown = dims
        .iter()
        .filter_map(|(d, c)| c.text(r).map(|l| ((*d).to_owned(), l.to_owned())))
        .collect();
    let observation = Observation {
        measure: text("measure").unwrap_or("").to_owned(),
        period,
        area: text("area").unwrap_or("").to_owned(),
        area_code: text("area_code").map(str::to_owned),
        age: text("age").map(str::to_owned),
        breakdown,
        value: number("value")?,
        numerator: number("numerator")?,
        denominator: number("denominator")?,
        lower: number("lower")?,
        upper: number("upper")?,
        lower_998: number("lower_998")?,
        upper_998: number("upper_998")?,
        note: text("note").map(str::to_owned),
        source: text("source").map(str::to_owned),
    };
    obs.push(&observation, &format!("rows[{row}]"))
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Column types of [`measure_batch`], in [`COLUMNS`] order then `latest_suppressed`.
fn measure_type(name: &str) -> DataType {
    match name {
        "points" => DataType::Int64,
        "latest_value" | "latest_lower" | "latest_upper" | "baseline_value" | "target_value"
        | "progress" | "trajectory_value" => DataType::Float64,
        "latest_suppressed" => DataType::Boolean,
        _ => DataType::Utf8,
    }
}

/// Texts that are always present (keys and labels) are never null; optional ones are null
/// when absent.
fn measure_nullable(name: &str) -> bool {
    !matches!(
        name,
        "measure"
            | "title"
            | "area"
            | "age"
            | "breakdown"
            | "unit"
            | "polarity"
            | "points"
            | "status"
            | "rag"
            | "reason"
            | "latest_suppressed"
    )
}

/// The measure rows as one record batch: the columns of `Evaluation.to_csv()` (texts as they
/// are, not neutralised for spreadsheets; numbers as float64, null when missing or
/// suppressed) and a final boolean `latest_suppressed`.
pub fn measure_batch(ev: &CoreEvaluation) -> Result<RecordBatch, Error> {
    let rows = &ev.measures;
    let names: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .chain(std::iter::once("latest_suppressed"))
        .collect();
    let text = |f: &dyn Fn(&MeasureResult) -> Option<String>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<StringArray>())
    };
    let num = |f: &dyn Fn(&MeasureResult) -> Option<f64>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<Float64Array>())
    };
    let latest = |m: &MeasureResult, f: fn(&outcomes_core::evaluate::Point) -> Option<f64>| {
        m.latest.as_ref().filter(|l| !l.suppressed).and_then(f)
    };
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(names.len());
    for name in &names {
        let column: ArrayRef = match *name {
            "measure" => text(&|m| Some(m.measure.clone())),
            "title" => text(&|m| Some(m.title.clone())),
            "area" => text(&|m| Some(m.area.clone())),
            "age" => text(&|m| Some(m.age.clone().unwrap_or_default())),
            "breakdown" => text(&|m| {
                Some(
                    m.breakdown
                        .iter()
                        .map(|(d, l)| format!("{d}={l}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            }),
            "unit" => text(&|m| Some(enum_name(&m.unit))),
            "polarity" => text(&|m| Some(enum_name(&m.polarity))),
            "points" => Arc::new(
                rows.iter()
                    .map(|m| Some(i64::try_from(m.points).unwrap_or(i64::MAX)))
                    .collect::<Int64Array>(),
            ),
            "latest_period" => text(&|m| m.latest.as_ref().map(|l| l.period.to_string())),
            "latest_value" => num(&|m| latest(m, |p| p.value)),
            "latest_lower" => num(&|m| latest(m, |p| p.lower)),
            "latest_upper" => num(&|m| latest(m, |p| p.upper)),
            "baseline_period" => text(&|m| m.baseline.as_ref().map(|b| b.period.clone())),
            "baseline_value" => num(&|m| m.baseline.as_ref().map(|b| b.value)),
            "target_kind" => text(&|m| m.target.as_ref().map(|t| enum_name(&t.kind))),
            "target_value" => num(&|m| m.target.as_ref().and_then(|t| t.value)),
            "target_by" => text(&|m| m.target.as_ref().and_then(|t| t.by.clone())),
            "progress" => num(&|m| m.progress),
            "trajectory_value" => num(&|m| m.trajectory.as_ref().map(|t| t.value)),
            "status" => text(&|m| Some(enum_name(&m.status))),
            "rag" => text(&|m| Some(enum_name(&m.rag))),
            "reason" => text(&|m| Some(m.reason.clone())),
            "comparison" => text(&|m| m.comparison.as_ref().map(|c| c.label.clone())),
            "trend" => text(&|m| m.trend.as_ref().map(|t| t.label.to_string())),
            "latest_suppressed" => Arc::new(
                rows.iter()
                    .map(|m| Some(m.latest.as_ref().is_some_and(|l| l.suppressed)))
                    .collect::<BooleanArray>(),
            ),
            other => {
                return Err(Error::invalid_argument(
                    "",
                    format!("no Arrow column for the evaluation CSV column \"{other}\""),
                ));
            }
        };
        columns.push(column);
    }
    let fields: Vec<Field> = names
        .iter()
        .map(|n| Field::new(*n, measure_type(n), measure_nullable(n)))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::invalid_argument("", e.to_string()))
}

/// An Arrow table made by outcomes (``Evaluation.to_arrow()``): read it with any library that
/// takes the Arrow PyCapsule interface, without copying: ``pyarrow.table(t)``,
/// ``polars.DataFrame(t)``, ``pandas.DataFrame.from_arrow(t)`` (pandas >= 3.0), duckdb.
///
/// >>> import outcomes
/// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
/// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
/// >>> t = fw.evaluate(obs).to_arrow()
/// >>> t.num_rows, t.column_names[:3]
/// (4, ['measure', 'title', 'area'])
#[pyclass(frozen, module = "outcomes")]
pub struct ArrowTable {
    schema: SchemaRef,
    batch: RecordBatch,
}

impl ArrowTable {
    pub fn new(batch: RecordBatch) -> ArrowTable {
        ArrowTable {
            schema: batch.schema(),
            batch,
        }
    }
}

#[pymethods]
impl ArrowTable {
    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The Arrow PyCapsule interface: the schema as an ``arrow_schema`` capsule.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> type(fw.evaluate(obs).to_arrow().__arrow_c_schema__()).__name__
    /// 'PyCapsule'
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema.as_ref())?)
    }

    /// The Arrow PyCapsule interface: the rows as an ``arrow_array_stream`` capsule (cast to
    /// ``requested_schema`` when one is given).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> type(fw.evaluate(obs).to_arrow().__arrow_c_stream__()).__name__
    /// 'PyCapsule'
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let array: ArrayRef = Arc::new(StructArray::from(self.batch.clone()));
        let field = Field::new_struct("", self.schema.fields().clone(), false)
            .with_metadata(self.schema.metadata().clone());
        let reader = ArrayIterator::new(vec![Ok(array)], Arc::new(field));
        Ok(to_stream_pycapsule(py, Box::new(reader), requested_schema)?)
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<ArrowTable rows={} columns={}>",
            self.batch.num_rows(),
            self.schema.fields().len()
        )
    }
}
