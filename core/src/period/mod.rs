//! NHS and Fingertips time periods: `2024/25`, `2024/25 Q1`, `2022`, `Jan 2024`, `2020 - 22`, ...
//!
//! A [`Period`] is a run of whole calendar months with a [`PeriodKind`] that says how it is
//! written. Every period knows its first day ([`Period::start`]), its last day
//! ([`Period::end`], inclusive) and the Fingertips sortable key ([`Period::sortable_key`]).
//! Periods order by `(start, end, kind)`, and writing a period out ([`Display`](std::fmt::Display))
//! then reading it back ([`Period::parse`]) gives the same period.
//!
//! # The forms
//!
//! | Kind | Canonical | Also accepted | Months |
//! |---|---|---|---|
//! | [`FinancialYear`](PeriodKind::FinancialYear) | `2024/25` | `2024-25`, `FY2024/25`, `FY 2024/25`, `2024/2025` | Apr 2024 - Mar 2025 |
//! | [`FinancialYearOpenEnded`](PeriodKind::FinancialYearOpenEnded) | `2025/26+` | `2025-26+`, `FY 2025/26+` | Apr 2025 onwards |
//! | [`FinancialQuarter`](PeriodKind::FinancialQuarter) | `2024/25 Q1` | `Q1 2024/25` | Apr - Jun 2024 |
//! | [`CalendarYear`](PeriodKind::CalendarYear) | `2022` | | Jan - Dec 2022 |
//! | [`CalendarQuarter`](PeriodKind::CalendarQuarter) | `2023 Q1` | `Q1 2023` | Jan - Mar 2023 |
//! | [`Month`](PeriodKind::Month) | `Jan 2024` | `January 2024`, `2024-01` | Jan 2024 |
//! | [`AcademicYear`](PeriodKind::AcademicYear) | `AY 2022/23` | `AY2022/23`, `AY 2022-23` | Sep 2022 - Aug 2023 |
//! | [`MultiYearCalendar`](PeriodKind::MultiYearCalendar) | `2020 - 22` | `2020-22`, `2020 - 2022` | Jan 2020 - Dec 2022 |
//! | [`MultiYearFinancial`](PeriodKind::MultiYearFinancial) | `2020/21 - 22/23` | `2020/21 - 2022/23` | Apr 2020 - Mar 2023 |
//! | [`RollingQuarters`](PeriodKind::RollingQuarters) | `2022/23 Q2 - 2023/24 Q1` | | Jul 2022 - Jun 2023 |
//! | [`CumulativeQuarters`](PeriodKind::CumulativeQuarters) | `2023/24 Q1-Q3` | `2023/24 Q1 - Q3` | Apr - Dec 2023 |
//! | [`MultiYearCumulativeQuarters`](PeriodKind::MultiYearCumulativeQuarters) | `2013/14 Q1 - 2014/15 Q4` | | Apr 2013 - Mar 2015 |
//! | [`RollingMonths`](PeriodKind::RollingMonths) | `Feb 2009 - Jan 2010` | `Feb 2009-Jan 2010` | Feb 2009 - Jan 2010 |
//!
//! Text is read case-insensitively (`q1`, `JANUARY`, `fy`) and extra whitespace is ignored.
//! Years must lie in 1900..=2200.
//!
//! # Three ambiguities, and how they are settled
//!
//! - **`2024-25` versus `2024 - 25`.** Written without spaces and with consecutive years,
//!   `2024-25` is the financial year 2024/25 (the NHS habit). With spaces around the dash,
//!   `2024 - 25` is the two calendar years 2024 and 2025, as Fingertips writes multi-year
//!   periods (`2019 - 20` is a two-year period there). Non-consecutive years (`2020-22`) are
//!   always a multi-year calendar period.
//! - **`2011-12`.** Consecutive years win: `2011-12` is the financial year 2011/12, not December
//!   2011. Other `YYYY-MM` texts (`2024-01`) are months. Write `Dec 2011` to mean the month.
//! - **Academic years.** Fingertips writes academic years (September to August) exactly like
//!   financial years (`2022/23`). Text alone cannot tell them apart, so a bare `2022/23` is
//!   always a financial year and an academic year is written with an `AY` prefix: `AY 2022/23`.
//!
//! # Fingertips sortable key
//!
//! Fingertips sorts periods by an eight-digit key `YYYYQQMM`, taken from the period's start:
//! the (financial, academic or calendar) year it is named by, then the quarter number (`00` when
//! the period is not quarter based; financial quarters count from April), then the month
//! (`00` when the period is not month based). So `2022` and `2022/23` are both `20220000`,
//! calendar Q2 2023 is `20230200`, `2024/25 Q4` is `20240400` and `Feb 2009 - Jan 2010` is
//! `20090002`.
//!
//! ```
//! use outcomes_core::period::{Period, PeriodKind};
//! use chrono::NaiveDate;
//!
//! let p: Period = "FY 2024/2025".parse()?;
//! assert_eq!(p.to_string(), "2024/25");
//! assert_eq!(p.kind(), PeriodKind::FinancialYear);
//! assert_eq!(p.start(), NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
//! assert_eq!(p.end(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
//! assert_eq!(p.sortable_key(), 2024_00_00);
//!
//! let err = Period::parse("2024/26").unwrap_err();
//! assert_eq!(
//!     err.message(),
//!     "\"2024/26\" is not a financial year: the second year must follow the first, e.g. 2024/25"
//! );
//! # Ok::<(), outcomes_core::Error>(())
//! ```

mod parse;
mod reference;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::Error;

pub use reference::PeriodRef;

/// The earliest year a period may name.
pub const MIN_YEAR: i32 = 1900;
/// The latest year a period may name.
pub const MAX_YEAR: i32 = 2200;

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How a [`Period`] is written, and so what it means.
///
/// The kind is part of a period's identity: the calendar year `2022` and the multi-year period
/// `2022 - 22` cannot both exist, but `2023/24 Q1 - 2024/25 Q4` (a
/// [`MultiYearCumulativeQuarters`](PeriodKind::MultiYearCumulativeQuarters)) and
/// `2023/24 - 24/25` (a [`MultiYearFinancial`](PeriodKind::MultiYearFinancial)) cover the same
/// months and still differ, because Fingertips publishes them as different periods.
///
/// ```
/// use outcomes_core::period::{Period, PeriodKind};
/// assert_eq!(Period::parse("2023 Q1")?.kind(), PeriodKind::CalendarQuarter);
/// assert_eq!(Period::parse("2023/24 Q1")?.kind(), PeriodKind::FinancialQuarter);
/// assert_eq!(PeriodKind::FinancialQuarter.to_string(), "financial_quarter");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PeriodKind {
    /// An NHS financial year, 1 April to 31 March: `2024/25`.
    FinancialYear,
    /// A financial year and every year after it: `2025/26+`. See [`Period::is_open_ended`].
    FinancialYearOpenEnded,
    /// A quarter of a financial year: `2024/25 Q1`. Q1 is April to June, Q4 January to March.
    FinancialQuarter,
    /// A calendar year: `2022`.
    CalendarYear,
    /// A quarter of a calendar year: `2023 Q1`. Q1 is January to March.
    CalendarQuarter,
    /// A calendar month: `Jan 2024`.
    Month,
    /// An academic year, 1 September to 31 August: `AY 2022/23`.
    AcademicYear,
    /// Two or more whole calendar years: `2020 - 22`.
    MultiYearCalendar,
    /// Two or more whole financial years: `2020/21 - 22/23`.
    MultiYearFinancial,
    /// A run of financial quarters crossing a financial year boundary, such as the rolling
    /// year `2022/23 Q2 - 2023/24 Q1`.
    RollingQuarters,
    /// Quarters of one financial year: `2023/24 Q1-Q3` (cumulative to Q3). Fingertips starts
    /// these at Q1; any `Qa-Qb` with a < b is accepted.
    CumulativeQuarters,
    /// Q1 of one financial year to Q4 of a later one: `2013/14 Q1 - 2014/15 Q4`.
    MultiYearCumulativeQuarters,
    /// A run of two or more calendar months: the rolling twelve months `Feb 2009 - Jan 2010`, or
    /// an odd year such as `Aug 2006 - Jul 2007`.
    RollingMonths,
}

impl PeriodKind {
    /// The `snake_case` name used in JSON (`financial_year`, `rolling_months`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::FinancialYear => "financial_year",
            PeriodKind::FinancialYearOpenEnded => "financial_year_open_ended",
            PeriodKind::FinancialQuarter => "financial_quarter",
            PeriodKind::CalendarYear => "calendar_year",
            PeriodKind::CalendarQuarter => "calendar_quarter",
            PeriodKind::Month => "month",
            PeriodKind::AcademicYear => "academic_year",
            PeriodKind::MultiYearCalendar => "multi_year_calendar",
            PeriodKind::MultiYearFinancial => "multi_year_financial",
            PeriodKind::RollingQuarters => "rolling_quarters",
            PeriodKind::CumulativeQuarters => "cumulative_quarters",
            PeriodKind::MultiYearCumulativeQuarters => "multi_year_cumulative_quarters",
            PeriodKind::RollingMonths => "rolling_months",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a measure is reported: the step between consecutive single periods.
///
/// ```
/// use outcomes_core::period::{Frequency, Period};
/// assert_eq!(Frequency::of(&Period::parse("2024/25")?), Some(Frequency::Annual));
/// assert_eq!(Frequency::of(&Period::parse("2024 Q3")?), Some(Frequency::Quarterly));
/// assert_eq!(Frequency::of(&Period::parse("Sep 2024")?), Some(Frequency::Monthly));
/// assert_eq!(Frequency::of(&Period::parse("2020 - 22")?), None);
/// assert_eq!(serde_json::to_string(&Frequency::Quarterly).unwrap(), "\"quarterly\"");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Once a year (financial, calendar or academic): 12 months.
    Annual,
    /// Once a quarter: 3 months.
    Quarterly,
    /// Once a month.
    Monthly,
}

impl Frequency {
    /// The frequency of a single period: annual for financial, calendar, academic and
    /// open-ended years, quarterly for quarters, monthly for months. `None` for periods that
    /// span several years, quarters or months (`2020 - 22`, `2023/24 Q1-Q3`,
    /// `Feb 2009 - Jan 2010`): their reporting step cannot be told from the period alone.
    #[must_use]
    pub fn of(period: &Period) -> Option<Frequency> {
        match period.kind {
            PeriodKind::FinancialYear
            | PeriodKind::FinancialYearOpenEnded
            | PeriodKind::CalendarYear
            | PeriodKind::AcademicYear => Some(Frequency::Annual),
            PeriodKind::FinancialQuarter | PeriodKind::CalendarQuarter => {
                Some(Frequency::Quarterly)
            }
            PeriodKind::Month => Some(Frequency::Monthly),
            PeriodKind::MultiYearCalendar
            | PeriodKind::MultiYearFinancial
            | PeriodKind::RollingQuarters
            | PeriodKind::CumulativeQuarters
            | PeriodKind::MultiYearCumulativeQuarters
            | PeriodKind::RollingMonths => None,
        }
    }

    /// The number of months in one step: 12, 3 or 1.
    #[must_use]
    pub fn months(self) -> u32 {
        match self {
            Frequency::Annual => 12,
            Frequency::Quarterly => 3,
            Frequency::Monthly => 1,
        }
    }

    /// The `snake_case` name used in JSON: `annual`, `quarterly`, `monthly`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Annual => "annual",
            Frequency::Quarterly => "quarterly",
            Frequency::Monthly => "monthly",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A time period as the NHS and Fingertips write it: a run of whole months with a kind.
///
/// Build one by parsing text ([`Period::parse`], [`str::parse`]) or with a constructor
/// ([`Period::financial_year`], [`Period::month`], ...). Every `Period` is valid: its years lie
/// in 1900..=2200 and it ends on or after it starts.
///
/// Periods order by start, then end, then kind, so a financial year sorts after the calendar
/// year that starts before it and a quarter sorts before the year that starts on the same day
/// (it ends sooner):
///
/// ```
/// use outcomes_core::period::Period;
/// let mut v: Vec<Period> = ["2024/25", "2024", "2024/25 Q1", "Jan 2024"]
///     .iter()
///     .map(|s| s.parse())
///     .collect::<Result<_, _>>()?;
/// v.sort();
/// let texts: Vec<String> = v.iter().map(ToString::to_string).collect();
/// assert_eq!(texts, ["Jan 2024", "2024", "2024/25 Q1", "2024/25"]);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
///
/// In JSON and TOML a period is its canonical text:
///
/// ```
/// use outcomes_core::period::Period;
/// let p: Period = serde_json::from_str("\"FY2024/25\"").unwrap();
/// assert_eq!(serde_json::to_string(&p).unwrap(), "\"2024/25\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    // Field order gives the derived ordering: start, then end, then kind.
    start: NaiveDate,
    end: NaiveDate,
    kind: PeriodKind,
}

/// The first day of month `month` (1..=12) of `year`; only called with valid months and years.
pub(crate) fn first_day(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day of month `month` (1..=12) of `year`.
pub(crate) fn last_day(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    first_day(y, m).pred_opt().unwrap_or(NaiveDate::MAX)
}

/// Months since year 0 of the month holding `date`.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The financial year (by its first year) and financial quarter (1..=4) holding `date`.
fn financial_year_and_quarter(date: NaiveDate) -> (i32, u32) {
    let m = date.month();
    if m >= 4 {
        (date.year(), (m - 4) / 3 + 1)
    } else {
        (date.year() - 1, 4)
    }
}

/// `2024` -> `2024/25`.
fn fy_text(start_year: i32) -> String {
    format!("{start_year}/{:02}", (start_year + 1).rem_euclid(100))
}

fn check_year(year: i32, what: &str) -> Result<(), Error> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Error::parse(
            "",
            format!(
                "{year} is outside the supported years {MIN_YEAR} to {MAX_YEAR}: {what} must name a year in that range"
            ),
        ))
    }
}

fn check_quarter(quarter: u32, financial: bool) -> Result<(), Error> {
    if (1..=4).contains(&quarter) {
        Ok(())
    } else if financial {
        Err(Error::parse(
            "",
            format!(
                "Q{quarter} is not a financial quarter: quarters run Q1 (Apr-Jun), Q2 (Jul-Sep), Q3 (Oct-Dec), Q4 (Jan-Mar)"
            ),
        ))
    } else {
        Err(Error::parse(
            "",
            format!(
                "Q{quarter} is not a calendar quarter: quarters run Q1 (Jan-Mar), Q2 (Apr-Jun), Q3 (Jul-Sep), Q4 (Oct-Dec)"
            ),
        ))
    }
}

fn check_month(month: u32) -> Result<(), Error> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(Error::parse(
            "",
            format!("{month} is not a month number: months run 1 (Jan) to 12 (Dec)"),
        ))
    }
}

fn must_follow(start: &str, end: &str, what: &str) -> Error {
    Error::parse(
        "",
        format!(
            "\"{start} - {end}\" ends before it starts: {what} runs from the earlier period to the later one, e.g. {end} - {start}"
        ),
    )
}

impl Period {
    fn months(
        start_year: i32,
        start_month: u32,
        end_year: i32,
        end_month: u32,
        kind: PeriodKind,
    ) -> Period {
        Period {
            start: first_day(start_year, start_month),
            end: last_day(end_year, end_month),
            kind,
        }
    }

    /// Reads a period from text, in any of the forms in the [module documentation](self).
    ///
    /// The error is an [`Error::Parse`] with an empty path (add yours with
    /// [`Error::within`]) and a message that says what is wrong and shows the right form.
    ///
    /// ```
    /// use outcomes_core::period::{Period, PeriodKind};
    ///
    /// let q = Period::parse("q1 2024/25")?;
    /// assert_eq!(q.to_string(), "2024/25 Q1");
    /// assert_eq!(q.kind(), PeriodKind::FinancialQuarter);
    ///
    /// let rolling = Period::parse("Feb 2009 - Jan 2010")?;
    /// assert_eq!(rolling.kind(), PeriodKind::RollingMonths);
    ///
    /// let e = Period::parse("2024/25 Q5").unwrap_err().within("targets[0].by");
    /// assert_eq!(
    ///     e.to_string(),
    ///     "targets[0].by: \"2024/25 Q5\" is not a period: Q5 is not a financial quarter: \
    ///      quarters run Q1 (Apr-Jun), Q2 (Jul-Sep), Q3 (Oct-Dec), Q4 (Jan-Mar)"
    /// );
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Period, Error> {
        parse::parse(text)
    }

    /// The financial year that starts on 1 April of `start_year`: `2024` gives `2024/25`.
    ///
    /// `start_year` is clamped into 1900..=2200 (the years a period may name); use
    /// [`Period::try_financial_year`] to be told instead.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::financial_year(2024).to_string(), "2024/25");
    /// assert_eq!(Period::financial_year(1999).to_string(), "1999/00");
    /// ```
    #[must_use]
    pub fn financial_year(start_year: i32) -> Period {
        let y = start_year.clamp(MIN_YEAR, MAX_YEAR);
        Period::months(y, 4, y + 1, 3, PeriodKind::FinancialYear)
    }

    /// The financial year that starts on 1 April of `start_year`, or an error if the year is
    /// outside 1900..=2200.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::try_financial_year(2024)?, Period::financial_year(2024));
    /// assert!(Period::try_financial_year(2201).is_err());
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn try_financial_year(start_year: i32) -> Result<Period, Error> {
        check_year(start_year, "a financial year")?;
        Ok(Period::financial_year(start_year))
    }

    /// The financial year holding `date`: 31 March 2025 is in `2024/25`, 1 April 2025 in
    /// `2025/26`. Years are clamped into 1900..=2200.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// use chrono::NaiveDate;
    /// let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// assert_eq!(Period::financial_year_containing(d).to_string(), "2024/25");
    /// ```
    #[must_use]
    pub fn financial_year_containing(date: NaiveDate) -> Period {
        Period::financial_year(financial_year_and_quarter(date).0)
    }

    /// The open-ended period `start_year/(start_year+1)+`: that financial year and every year
    /// after it. See [`Period::is_open_ended`].
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::open_ended_financial_year(2025)?.to_string(), "2025/26+");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn open_ended_financial_year(start_year: i32) -> Result<Period, Error> {
        check_year(start_year, "an open-ended financial year")?;
        Ok(Period::months(
            start_year,
            4,
            start_year + 1,
            3,
            PeriodKind::FinancialYearOpenEnded,
        ))
    }

    /// Quarter `quarter` (1..=4, Q1 = April to June) of the financial year starting in
    /// `start_year`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let q4 = Period::financial_quarter(2024, 4)?;
    /// assert_eq!(q4.to_string(), "2024/25 Q4");
    /// assert_eq!(q4.start().to_string(), "2025-01-01");
    /// assert_eq!(q4.sortable_key(), 2024_04_00);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn financial_quarter(start_year: i32, quarter: u32) -> Result<Period, Error> {
        check_year(start_year, "a financial quarter")?;
        check_quarter(quarter, true)?;
        let (y, m) = fq_first_month(start_year, quarter);
        let (ey, em) = add_months(y, m, 2);
        Ok(Period::months(y, m, ey, em, PeriodKind::FinancialQuarter))
    }

    /// The calendar year `year`: 1 January to 31 December.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::calendar_year(2022)?.sortable_key(), 2022_00_00);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn calendar_year(year: i32) -> Result<Period, Error> {
        check_year(year, "a calendar year")?;
        Ok(Period::months(year, 1, year, 12, PeriodKind::CalendarYear))
    }

    /// Quarter `quarter` (1..=4, Q1 = January to March) of the calendar year `year`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let q = Period::calendar_quarter(2023, 2)?;
    /// assert_eq!(q.to_string(), "2023 Q2");
    /// assert_eq!(q.sortable_key(), 2023_02_00);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn calendar_quarter(year: i32, quarter: u32) -> Result<Period, Error> {
        check_year(year, "a calendar quarter")?;
        check_quarter(quarter, false)?;
        let m = (quarter - 1) * 3 + 1;
        Ok(Period::months(
            year,
            m,
            year,
            m + 2,
            PeriodKind::CalendarQuarter,
        ))
    }

    /// The calendar month `month` (1..=12) of `year`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let m = Period::month(2024, 2)?;
    /// assert_eq!(m.to_string(), "Feb 2024");
    /// assert_eq!(m.end().to_string(), "2024-02-29");
    /// assert_eq!(m.sortable_key(), 2024_00_02);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Period, Error> {
        check_year(year, "a month")?;
        check_month(month)?;
        Ok(Period::months(year, month, year, month, PeriodKind::Month))
    }

    /// The academic year starting 1 September of `start_year`, written `AY 2022/23`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let ay = Period::academic_year(2022)?;
    /// assert_eq!(ay.to_string(), "AY 2022/23");
    /// assert_eq!(ay.start().to_string(), "2022-09-01");
    /// assert_eq!(ay.end().to_string(), "2023-08-31");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn academic_year(start_year: i32) -> Result<Period, Error> {
        check_year(start_year, "an academic year")?;
        Ok(Period::months(
            start_year,
            9,
            start_year + 1,
            8,
            PeriodKind::AcademicYear,
        ))
    }

    /// The calendar years `first` to `last` inclusive (`last > first`), written `2020 - 22`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let p = Period::multi_year_calendar(2020, 2022)?;
    /// assert_eq!(p.to_string(), "2020 - 22");
    /// assert_eq!(p.sortable_key(), 2020_00_00);
    /// assert!(Period::multi_year_calendar(2022, 2020).is_err());
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn multi_year_calendar(first: i32, last: i32) -> Result<Period, Error> {
        check_year(first, "a multi-year period")?;
        check_year(last, "a multi-year period")?;
        if last <= first {
            return Err(if last == first {
                Error::parse(
                    "",
                    format!(
                        "a multi-year period must end in a later year than it starts: a single year is written {first}"
                    ),
                )
            } else {
                must_follow(&first.to_string(), &last.to_string(), "a multi-year period")
            });
        }
        Ok(Period::months(
            first,
            1,
            last,
            12,
            PeriodKind::MultiYearCalendar,
        ))
    }

    /// The financial years starting in `first` to `last` inclusive (`last > first`), written
    /// `2020/21 - 22/23`.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let p = Period::multi_year_financial(2020, 2022)?;
    /// assert_eq!(p.to_string(), "2020/21 - 22/23");
    /// assert_eq!(p.end().to_string(), "2023-03-31");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn multi_year_financial(first: i32, last: i32) -> Result<Period, Error> {
        check_year(first, "a multi-year financial period")?;
        check_year(last, "a multi-year financial period")?;
        if last <= first {
            return Err(if last == first {
                Error::parse(
                    "",
                    format!(
                        "a multi-year financial period must end in a later financial year than it starts: a single year is written {}",
                        fy_text(first)
                    ),
                )
            } else {
                must_follow(&fy_text(first), &fy_text(last), "a multi-year period")
            });
        }
        Ok(Period::months(
            first,
            4,
            last + 1,
            3,
            PeriodKind::MultiYearFinancial,
        ))
    }

    /// Financial quarters from `first_quarter` of the financial year starting in `first_year`
    /// to `last_quarter` of the one starting in `last_year`, inclusive.
    ///
    /// The kind follows from the span, as Fingertips names it: within one financial year it
    /// is [`CumulativeQuarters`](PeriodKind::CumulativeQuarters) (`2023/24 Q1-Q3`); from Q1 to
    /// Q4 of a later year it is
    /// [`MultiYearCumulativeQuarters`](PeriodKind::MultiYearCumulativeQuarters)
    /// (`2013/14 Q1 - 2014/15 Q4`); otherwise
    /// [`RollingQuarters`](PeriodKind::RollingQuarters) (`2022/23 Q2 - 2023/24 Q1`).
    ///
    /// ```
    /// use outcomes_core::period::{Period, PeriodKind};
    /// let r = Period::financial_quarter_span(2022, 2, 2023, 1)?;
    /// assert_eq!(r.to_string(), "2022/23 Q2 - 2023/24 Q1");
    /// assert_eq!(r.kind(), PeriodKind::RollingQuarters);
    /// assert_eq!(Period::financial_quarter_span(2023, 1, 2023, 3)?.to_string(), "2023/24 Q1-Q3");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn financial_quarter_span(
        first_year: i32,
        first_quarter: u32,
        last_year: i32,
        last_quarter: u32,
    ) -> Result<Period, Error> {
        check_year(first_year, "a run of quarters")?;
        check_year(last_year, "a run of quarters")?;
        check_quarter(first_quarter, true)?;
        check_quarter(last_quarter, true)?;
        if (last_year, last_quarter) <= (first_year, first_quarter) {
            let a = format!("{} Q{first_quarter}", fy_text(first_year));
            let b = format!("{} Q{last_quarter}", fy_text(last_year));
            return Err(if a == b {
                Error::parse(
                    "",
                    format!(
                        "a run of quarters must end after it starts: a single quarter is written {a}"
                    ),
                )
            } else {
                must_follow(&a, &b, "a run of quarters")
            });
        }
        let kind = if first_year == last_year {
            PeriodKind::CumulativeQuarters
        } else if first_quarter == 1 && last_quarter == 4 {
            PeriodKind::MultiYearCumulativeQuarters
        } else {
            PeriodKind::RollingQuarters
        };
        let (sy, sm) = fq_first_month(first_year, first_quarter);
        let (ly, lm) = fq_first_month(last_year, last_quarter);
        let (ey, em) = add_months(ly, lm, 2);
        Ok(Period::months(sy, sm, ey, em, kind))
    }

    /// The calendar months `first_month` of `first_year` to `last_month` of `last_year`,
    /// inclusive: a [`RollingMonths`](PeriodKind::RollingMonths) period of two or more months.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// let p = Period::month_span(2006, 8, 2007, 7)?;
    /// assert_eq!(p.to_string(), "Aug 2006 - Jul 2007");
    /// assert_eq!(p.sortable_key(), 2006_00_08);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn month_span(
        first_year: i32,
        first_month: u32,
        last_year: i32,
        last_month: u32,
    ) -> Result<Period, Error> {
        check_year(first_year, "a run of months")?;
        check_year(last_year, "a run of months")?;
        check_month(first_month)?;
        check_month(last_month)?;
        if (last_year, last_month) <= (first_year, first_month) {
            let a = format!("{} {first_year}", MONTH_ABBR[first_month as usize - 1]);
            let b = format!("{} {last_year}", MONTH_ABBR[last_month as usize - 1]);
            return Err(if a == b {
                Error::parse(
                    "",
                    format!(
                        "a run of months must end after it starts: a single month is written {a}"
                    ),
                )
            } else {
                must_follow(&a, &b, "a run of months")
            });
        }
        Ok(Period::months(
            first_year,
            first_month,
            last_year,
            last_month,
            PeriodKind::RollingMonths,
        ))
    }

    /// The first day of the period.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::parse("2023/24 Q3")?.start().to_string(), "2023-10-01");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day of the period, inclusive.
    ///
    /// For an open-ended period (`2025/26+`) this is the last day of the financial year it
    /// names (31 March 2026): the period itself has no end, which
    /// [`Period::is_open_ended`] reports.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::parse("2020 - 22")?.end().to_string(), "2022-12-31");
    /// assert_eq!(Period::parse("2025/26+")?.end().to_string(), "2026-03-31");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// How the period is written; see [`PeriodKind`].
    #[must_use]
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// Whether the period runs on without end: `2025/26+` means the financial year 2025/26
    /// and every year after it.
    ///
    /// Such a period's [`start`](Period::start) is 1 April of the named year and its
    /// [`end`](Period::end) the 31 March that closes the named year; [`contains`](Period::contains)
    /// is true for every date from the start on.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// use chrono::NaiveDate;
    /// let p = Period::parse("2025/26+")?;
    /// assert!(p.is_open_ended());
    /// assert!(p.contains(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()));
    /// assert!(!Period::parse("2025/26")?.is_open_ended());
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_open_ended(&self) -> bool {
        self.kind == PeriodKind::FinancialYearOpenEnded
    }

    /// The Fingertips "Time period Sortable" key `YYYYQQMM`, taken from the start.
    ///
    /// `YYYY` is the year the period is named by (the first year of a financial or academic
    /// year), `QQ` the quarter (financial quarters count from April; `00` when the period is
    /// not built from quarters), `MM` the month (`00` when the period is not built from
    /// months). Fingertips uses the key to sort rows of one indicator, whose periods share a
    /// kind: within a kind, a later start never has a smaller key. Across kinds the key is
    /// coarser than [`Period`]'s own ordering (`2022` and `2022/23` share `20220000`).
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::parse("2022")?.sortable_key(), 20220000);
    /// assert_eq!(Period::parse("2022/23")?.sortable_key(), 20220000);
    /// assert_eq!(Period::parse("2020 - 22")?.sortable_key(), 20200000);
    /// assert_eq!(Period::parse("2023 Q2")?.sortable_key(), 20230200);
    /// assert_eq!(Period::parse("2022/23 Q2 - 2023/24 Q1")?.sortable_key(), 20220200);
    /// assert_eq!(Period::parse("Jan 2024")?.sortable_key(), 20240001);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn sortable_key(&self) -> u32 {
        let (year, quarter, month) = match self.kind {
            PeriodKind::FinancialYear
            | PeriodKind::FinancialYearOpenEnded
            | PeriodKind::CalendarYear
            | PeriodKind::AcademicYear
            | PeriodKind::MultiYearCalendar
            | PeriodKind::MultiYearFinancial => (self.start.year(), 0, 0),
            PeriodKind::FinancialQuarter
            | PeriodKind::RollingQuarters
            | PeriodKind::CumulativeQuarters
            | PeriodKind::MultiYearCumulativeQuarters => {
                let (y, q) = financial_year_and_quarter(self.start);
                (y, q, 0)
            }
            PeriodKind::CalendarQuarter => (self.start.year(), self.start.month0() / 3 + 1, 0),
            PeriodKind::Month | PeriodKind::RollingMonths => {
                (self.start.year(), 0, self.start.month())
            }
        };
        year as u32 * 10_000 + quarter * 100 + month
    }

    /// Whether `date` falls in the period, first and last days included. An open-ended period
    /// contains every date from its start on.
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// use chrono::NaiveDate;
    /// let fy = Period::parse("2024/25")?;
    /// assert!(fy.contains(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()));
    /// assert!(!fy.contains(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()));
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.start && (self.is_open_ended() || date <= self.end)
    }

    /// The number of months the period covers (for an open-ended period, those of the
    /// year it names).
    ///
    /// ```
    /// use outcomes_core::period::Period;
    /// assert_eq!(Period::parse("2023/24 Q1-Q3")?.month_count(), 9);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    #[must_use]
    pub fn month_count(&self) -> u32 {
        (month_index(self.end) - month_index(self.start) + 1) as u32
    }

    /// Whole steps of `frequency` from `base` to `self`, counted between the periods' **ends**.
    ///
    /// # Formula
    ///
    /// `steps = (months from the end of base to the end of self) / frequency.months()`,
    /// which must divide exactly. Negative when `self` ends before `base`. Measuring between
    /// ends lets a multi-year or rolling period be placed on an annual trajectory by the year
    /// it reports up to (`2020/21 - 22/23` is one year after `2021/22`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the months between the ends are not a whole number of
    /// steps (calendar `2025` from financial `2023/24` annually: 21 months).
    ///
    /// ```
    /// use outcomes_core::period::{Frequency, Period};
    /// let base = Period::parse("2023/24")?;
    /// assert_eq!(Period::parse("2028/29")?.steps_from(&base, Frequency::Annual)?, 5);
    /// assert_eq!(Period::parse("2025/26")?.steps_from(&base, Frequency::Annual)?, 2);
    /// assert_eq!(Period::parse("2025/26 Q1")?.steps_from(&base, Frequency::Quarterly)?, 5);
    /// let mar = Period::parse("Mar 2024")?;
    /// assert_eq!(Period::parse("Sep 2024")?.steps_from(&mar, Frequency::Monthly)?, 6);
    /// assert!(Period::parse("2025")?.steps_from(&base, Frequency::Annual).is_err());
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn steps_from(&self, base: &Period, frequency: Frequency) -> Result<i64, Error> {
        let months = month_index(self.end) - month_index(base.end);
        let step = i64::from(frequency.months());
        if months % step == 0 {
            Ok(months / step)
        } else {
            let unit = match frequency {
                Frequency::Annual => "years",
                Frequency::Quarterly => "quarters",
                Frequency::Monthly => "months",
            };
            Err(Error::invalid_argument(
                "",
                format!(
                    "\"{self}\" ends {} months {} \"{base}\" ends: that is not a whole number of {unit}, so it cannot be counted in {frequency} steps from \"{base}\"; compare periods of the same kind, e.g. financial years with financial years",
                    months.abs(),
                    if months < 0 { "before" } else { "after" }
                ),
            ))
        }
    }
}

/// The first (year, month) of financial quarter `q` of the financial year starting in `fy`.
fn fq_first_month(fy: i32, q: u32) -> (i32, u32) {
    if q == 4 { (fy + 1, 1) } else { (fy, 3 * q + 1) }
}

/// (year, month) plus `n` months, for `n` < 12.
fn add_months(year: i32, month: u32, n: u32) -> (i32, u32) {
    let m0 = month - 1 + n;
    (year + i32::from(m0 >= 12), m0 % 12 + 1)
}

impl fmt::Display for Period {
    /// The canonical text: `2024/25`, `2024/25 Q1`, `Jan 2024`, `2020 - 22`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.start;
        let e = self.end;
        match self.kind {
            PeriodKind::FinancialYear => f.write_str(&fy_text(s.year())),
            PeriodKind::FinancialYearOpenEnded => write!(f, "{}+", fy_text(s.year())),
            PeriodKind::FinancialQuarter => {
                let (y, q) = financial_year_and_quarter(s);
                write!(f, "{} Q{q}", fy_text(y))
            }
            PeriodKind::CalendarYear => write!(f, "{}", s.year()),
            PeriodKind::CalendarQuarter => write!(f, "{} Q{}", s.year(), s.month0() / 3 + 1),
            PeriodKind::Month => write!(f, "{} {}", MONTH_ABBR[s.month0() as usize], s.year()),
            PeriodKind::AcademicYear => write!(f, "AY {}", fy_text(s.year())),
            PeriodKind::MultiYearCalendar => {
                let (a, b) = (s.year(), e.year());
                // Two digits whenever they read back unambiguously (see `parse::resolve_two_digits`).
                if b - a < 50 {
                    write!(f, "{a} - {:02}", b.rem_euclid(100))
                } else {
                    write!(f, "{a} - {b}")
                }
            }
            PeriodKind::MultiYearFinancial => {
                let (a, b) = (s.year(), e.year() - 1);
                if b - a < 50 {
                    write!(
                        f,
                        "{} - {:02}/{:02}",
                        fy_text(a),
                        b.rem_euclid(100),
                        (b + 1).rem_euclid(100)
                    )
                } else {
                    write!(f, "{} - {}", fy_text(a), fy_text(b))
                }
            }
            PeriodKind::CumulativeQuarters => {
                let (y, qa) = financial_year_and_quarter(s);
                let (_, qb) = financial_year_and_quarter(e);
                write!(f, "{} Q{qa}-Q{qb}", fy_text(y))
            }
            PeriodKind::RollingQuarters | PeriodKind::MultiYearCumulativeQuarters => {
                let (ya, qa) = financial_year_and_quarter(s);
                let (yb, qb) = financial_year_and_quarter(e);
                write!(f, "{} Q{qa} - {} Q{qb}", fy_text(ya), fy_text(yb))
            }
            PeriodKind::RollingMonths => write!(
                f,
                "{} {} - {} {}",
                MONTH_ABBR[s.month0() as usize],
                s.year(),
                MONTH_ABBR[e.month0() as usize],
                e.year()
            ),
        }
    }
}

impl FromStr for Period {
    type Err = Error;
    /// Same as [`Period::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Period::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// The accepted forms, for JSON Schema descriptions.
pub(crate) const FORMS_DESCRIPTION: &str = "An NHS or Fingertips time period. Forms: financial year `2024/25` (also `2024-25`, `FY2024/25`, `2024/2025`); open-ended financial year `2025/26+`; financial quarter `2024/25 Q1` (Q1 = Apr-Jun; also `Q1 2024/25`); calendar year `2022`; calendar quarter `2023 Q1` (Q1 = Jan-Mar); month `Jan 2024` (also `January 2024`, `2024-01`); academic year `AY 2022/23` (Sep-Aug); multi-year calendar `2020 - 22` (also `2020-22`, `2020 - 2022`); multi-year financial `2020/21 - 22/23`; rolling quarters `2022/23 Q2 - 2023/24 Q1`; cumulative quarters `2023/24 Q1-Q3`; multi-year cumulative quarters `2013/14 Q1 - 2014/15 Q4`; rolling months `Feb 2009 - Jan 2010`. Years 1900 to 2200.";

impl schemars::JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Period").into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": FORMS_DESCRIPTION,
            "examples": ["2024/25", "2024/25 Q1", "2022", "Jan 2024", "2020 - 22"]
        })
    }
}

#[cfg(test)]
mod tests;
