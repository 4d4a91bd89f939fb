//! [`PeriodRef`]: a period, or a year counted from the start of a framework.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::Datelike;

use super::{MAX_YEAR, Period};
use crate::Error;

const NUMBER_WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Where a target or milestone falls: a [`Period`], or a year of the framework (`year five`).
///
/// Strategies often say "by year five" rather than "by 2028/29". A `PeriodRef` keeps what was
/// written and [`resolve`](PeriodRef::resolve)s it against the framework's start once that is
/// known: year 1 is the framework's first financial year.
///
/// Text forms: any [`Period`] text, or `year` followed by a number written in digits (`year 5`,
/// `Year 12`) or as a word from one to ten (`year five`). The canonical text of a framework
/// year is `year 5`.
///
/// ```
/// use outcomes_core::period::{Period, PeriodRef};
///
/// let by: PeriodRef = "Year five".parse()?;
/// assert_eq!(by, PeriodRef::FrameworkYear(5));
/// assert_eq!(by.to_string(), "year 5");
///
/// let start = Period::parse("2024/25")?;
/// assert_eq!(by.resolve(&start)?.to_string(), "2028/29");
///
/// let fixed: PeriodRef = "2026/27 Q2".parse()?;
/// assert_eq!(fixed.resolve(&start)?.to_string(), "2026/27 Q2");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PeriodRef {
    /// A period written out: `2028/29`, `2026/27 Q2`, ...
    Period(Period),
    /// The n-th financial year of the framework, counting its first year as 1.
    FrameworkYear(u32),
}

impl PeriodRef {
    /// Reads a period reference; see the [type documentation](PeriodRef) for the forms.
    ///
    /// Errors are [`Error::Parse`] with an empty path.
    ///
    /// ```
    /// use outcomes_core::period::PeriodRef;
    /// assert_eq!(PeriodRef::parse("year 1")?, PeriodRef::FrameworkYear(1));
    /// assert_eq!(
    ///     PeriodRef::parse("year 0").unwrap_err().message(),
    ///     "\"year 0\" is not a framework year: years of a framework count from 1 (its first financial year)"
    /// );
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<PeriodRef, Error> {
        let trimmed = text.trim();
        let lower = trimmed.to_lowercase();
        let Some(rest) = lower.strip_prefix("year") else {
            return Period::parse(trimmed).map(PeriodRef::Period);
        };
        let rest = rest.trim();
        let n = if let Some(i) = NUMBER_WORDS.iter().position(|w| *w == rest) {
            i as u32 + 1
        } else if !rest.is_empty() && rest.len() <= 3 && rest.bytes().all(|b| b.is_ascii_digit()) {
            rest.parse::<u32>().unwrap_or(0)
        } else {
            return Err(Error::parse(
                "",
                format!(
                    "\"{trimmed}\" is not a framework year: write year and a number, e.g. year 5 or year five (words one to ten)"
                ),
            ));
        };
        if n == 0 {
            return Err(Error::parse(
                "",
                format!(
                    "\"{trimmed}\" is not a framework year: years of a framework count from 1 (its first financial year)"
                ),
            ));
        }
        Ok(PeriodRef::FrameworkYear(n))
    }

    /// The period this reference names, given the framework's start.
    ///
    /// A [`PeriodRef::Period`] is returned as it is. For [`PeriodRef::FrameworkYear`]`(n)`,
    /// year 1 is the financial year holding the first day of `framework_start` (so a framework
    /// starting `2024/25`, `2024/25 Q1` or `Jun 2024` has year 1 = `2024/25`), and year n is
    /// the financial year n - 1 years later.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for year 0 or a year past 2200.
    ///
    /// ```
    /// use outcomes_core::period::{Period, PeriodRef};
    /// let start = Period::parse("Jan 2024")?; // in financial year 2023/24
    /// assert_eq!(PeriodRef::FrameworkYear(1).resolve(&start)?.to_string(), "2023/24");
    /// assert_eq!(PeriodRef::FrameworkYear(3).resolve(&start)?.to_string(), "2025/26");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn resolve(&self, framework_start: &Period) -> Result<Period, Error> {
        match self {
            PeriodRef::Period(p) => Ok(*p),
            PeriodRef::FrameworkYear(n) => {
                if *n == 0 {
                    return Err(Error::invalid_argument(
                        "",
                        "year 0 is not a framework year: years of a framework count from 1 (its first financial year)",
                    ));
                }
                let s = framework_start.start();
                let first = if s.month() >= 4 {
                    s.year()
                } else {
                    s.year() - 1
                };
                let year = i64::from(first) + i64::from(*n) - 1;
                if year > i64::from(MAX_YEAR) {
                    return Err(Error::invalid_argument(
                        "",
                        format!(
                            "year {n} of a framework starting {framework_start} would fall after {MAX_YEAR}, the last supported year"
                        ),
                    ));
                }
                Period::try_financial_year(year as i32)
                    .map_err(|e| Error::invalid_argument("", e.message()))
            }
        }
    }
}

impl From<Period> for PeriodRef {
    fn from(p: Period) -> Self {
        PeriodRef::Period(p)
    }
}

impl fmt::Display for PeriodRef {
    /// The period's own text, or `year N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodRef::Period(p) => fmt::Display::fmt(p, f),
            PeriodRef::FrameworkYear(n) => write!(f, "year {n}"),
        }
    }
}

impl FromStr for PeriodRef {
    type Err = Error;
    /// Same as [`PeriodRef::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PeriodRef::parse(s)
    }
}

impl serde::Serialize for PeriodRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PeriodRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        PeriodRef::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

impl schemars::JsonSchema for PeriodRef {
    fn schema_name() -> Cow<'static, str> {
        "PeriodRef".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::PeriodRef").into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let description = format!(
            "A period, or a year of the framework counted from 1 (`year 5`, `year five`; words one to ten). {}",
            super::FORMS_DESCRIPTION
        );
        schemars::json_schema!({
            "type": "string",
            "description": description,
            "examples": ["2028/29", "year 5", "2026/27 Q2"]
        })
    }
}
