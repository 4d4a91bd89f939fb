//! When a target or milestone falls: a period or a date, resolved against the framework.

use chrono::NaiveDate;

use super::{Framework, is_placeholder};
use crate::Error;
use crate::period::{Period, PeriodRef};

/// A resolved point in time for a target (`by`) or a milestone (`due`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A period: the target applies to the value for that period.
    Period(Period),
    /// A date: the target applies on that day.
    Date(NaiveDate),
}

impl When {
    /// The last day covered.
    #[must_use]
    pub fn end(&self) -> NaiveDate {
        match self {
            When::Period(p) => p.end(),
            When::Date(d) => *d,
        }
    }
}

/// Reads an ISO date (`2028-03-31`).
///
/// # Errors
/// [`Error::Parse`] with an empty path and a message that shows the expected form.
pub fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
        Error::parse(
            "",
            format!("\"{text}\" is not a date: {e}; write dates as YYYY-MM-DD, e.g. 2025-03-31"),
        )
    })
}

impl Framework {
    /// The framework's first period (`period.from`), parsed.
    ///
    /// # Errors
    /// [`Error::Parse`] at `period.from`.
    pub fn start_period(&self) -> Result<Period, Error> {
        Period::parse(&self.period.from).map_err(|e| e.within("period.from"))
    }

    /// Resolves a `by`/`due` text: an ISO date (`2028-03-31`), a period (`2027/28`, `2040`),
    /// or a year of the framework (`year five`).
    ///
    /// # Errors
    /// [`Error::Parse`] (empty path: callers add it) when the text is none of these, or is a
    /// placeholder such as `[date to be included]` (check [`is_placeholder`] first to treat
    /// placeholders as to be confirmed).
    pub fn resolve_when(&self, text: &str) -> Result<When, Error> {
        let t = text.trim();
        if is_placeholder(t) {
            return Err(Error::parse(
                "",
                format!("\"{t}\" is a placeholder, not a date or period"),
            ));
        }
        let looks_like_date = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        if looks_like_date {
            return parse_date(t).map(When::Date);
        }
        let r: PeriodRef = t.parse()?;
        match r {
            PeriodRef::Period(p) => Ok(When::Period(p)),
            other @ PeriodRef::FrameworkYear(_) => {
                let start = self.start_period().map_err(|e| {
                    Error::parse(
                        "",
                        format!("\"{t}\" is relative to the framework's start, which cannot be read: {}", e.message()),
                    )
                })?;
                other.resolve(&start).map(When::Period)
            }
        }
    }
}
