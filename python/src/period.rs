//! `outcomes.Period`: NHS and Fingertips time periods.

use chrono::NaiveDate;
use outcomes_core::period::Period as CorePeriod;
use pyo3::prelude::*;

use crate::errors::IntoPy;
use crate::framework::py_repr;

/// A time period as the NHS and Fingertips write them: financial year ``2024/25`` (also
/// ``2024-25``, ``FY2024/25``), open-ended ``2025/26+``, financial quarter ``2024/25 Q1``
/// (Q1 = Apr-Jun), calendar year ``2022``, calendar quarter ``2023 Q1``, month ``Jan 2024``,
/// multi-year ``2020 - 22`` and ``2020/21 - 22/23``, rolling quarters, cumulative quarters
/// ``2023/24 Q1-Q3``, rolling months ``Feb 2009 - Jan 2010``.
///
/// ``Period(text)`` and ``Period.parse(text)`` read one (``ParseError`` otherwise, with a
/// message that shows the right form); ``str(p)`` is the canonical text. Periods order by
/// (start, end), hash, and pickle.
///
/// >>> import outcomes
/// >>> p = outcomes.Period("q1 2024/25")
/// >>> str(p), p.kind, p.start, p.end, p.sortable_key
/// ('2024/25 Q1', 'financial_quarter', datetime.date(2024, 4, 1), datetime.date(2024, 6, 30), 20240100)
/// >>> outcomes.Period("2024") < outcomes.Period("2024/25")
/// True
#[pyclass(frozen, eq, ord, hash, module = "outcomes")]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    inner: CorePeriod,
}

#[pymethods]
impl Period {
    #[new]
    fn new(py: Python<'_>, text: String) -> PyResult<Period> {
        Period::parse(py, text)
    }

    /// Reads a period from text; the same as ``Period(text)``.
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period.parse("FY2024/25")
    /// Period('2024/25')
    /// >>> try:
    /// ...     outcomes.Period.parse("2024/25 Q5")
    /// ... except outcomes.ParseError as e:
    /// ...     print(e.message.split(":")[0])
    /// "2024/25 Q5" is not a period
    #[staticmethod]
    fn parse(py: Python<'_>, text: String) -> PyResult<Period> {
        let inner = CorePeriod::parse(&text).py_err(py)?;
        Ok(Period { inner })
    }

    /// The first day of the period.
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period("2023/24 Q3").start
    /// datetime.date(2023, 10, 1)
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.start()
    }

    /// The last day of the period, inclusive (for ``2025/26+``, the end of 2025/26).
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period("2020 - 22").end
    /// datetime.date(2022, 12, 31)
    #[getter]
    fn end(&self) -> NaiveDate {
        self.inner.end()
    }

    /// How the period is written: ``financial_year``, ``financial_quarter``,
    /// ``calendar_year``, ``month``, ``rolling_months``, ...
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period("Feb 2009 - Jan 2010").kind
    /// 'rolling_months'
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().as_str()
    }

    /// The Fingertips "Time period Sortable" key ``YYYYQQMM``, taken from the start.
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period("2023 Q2").sortable_key, outcomes.Period("Jan 2024").sortable_key
    /// (20230200, 20240001)
    #[getter]
    fn sortable_key(&self) -> u32 {
        self.inner.sortable_key()
    }

    /// Whether the period runs on without end (``2025/26+``).
    ///
    /// >>> import outcomes
    /// >>> outcomes.Period("2025/26+").is_open_ended
    /// True
    #[getter]
    fn is_open_ended(&self) -> bool {
        self.inner.is_open_ended()
    }

    /// Whether ``date`` falls in the period, first and last days included.
    ///
    /// >>> import datetime, outcomes
    /// >>> outcomes.Period("2024/25").contains(datetime.date(2025, 3, 31))
    /// True
    fn contains(&self, date: NaiveDate) -> bool {
        self.inner.contains(date)
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Period({})", py_repr(py, &self.inner.to_string()))
    }

    fn __getnewargs__(&self) -> (String,) {
        (self.inner.to_string(),)
    }
}
