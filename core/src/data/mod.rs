//! Observations: the data a framework is evaluated on.
//!
//! [`Observations`] is a columnar store: one row per measure x period x area x breakdown,
//! with the value and, where known, numerator, denominator and published confidence limits.
//! Texts repeated on many rows (measure ids, areas, breakdown levels, notes) are held once.
//!
//! Readers:
//! - [`Observations::from_csv_reader`]: the documented long CSV (see [`csv_long`]).
//! - [`Observations::from_fingertips_csv_reader`]: a Fingertips data export (see
//!   [`fingertips`]).
//! - [`Observations::from_json_str`]: a JSON array of [`Observation`] rows.
//!
//! Every reader checks each row and refuses the whole input when a row is bad, naming the line
//! and column, so nothing is dropped or changed silently: non-finite numbers, negative or zero
//! denominators, negative counts, limits that do not bracket the value, unreadable periods and
//! duplicate rows are all errors. Whether measures exist in a framework is checked by
//! [`Observations::check_against`].

pub mod csv_long;
pub mod fingertips;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::Framework;
use crate::period::Period;
use crate::validate::{Diagnostic, DiagnosticCode, Severity};

/// Largest number of observation rows read at once (100 million).
pub const MAX_ROWS: usize = 100_000_000;

/// One observation, as read or written row by row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// Measure id (or, for Fingertips exports, the indicator id).
    pub measure: String,
    /// Period.
    pub period: Period,
    /// Area; empty for the whole footprint.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// Area code (ONS / ODS), where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    /// Age group the figure is for, as the source describes it (Fingertips "Age").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<String>,
    /// Breakdown dimension -> level; a dimension left out means all levels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub breakdown: BTreeMap<String, String>,
    /// The value, in the measure's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Numerator (count of events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    /// Denominator (population).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// Published lower 95% confidence limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<f64>,
    /// Published upper 95% confidence limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// Published lower 99.8% confidence limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_998: Option<f64>,
    /// Published upper 99.8% confidence limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_998: Option<f64>,
    /// Note (e.g. "synthetic example data", a suppression reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the figure came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Observation {
    /// The JSON Schema of an observations JSON document (an array of rows).
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Vec<Observation>))
            .unwrap_or(serde_json::Value::Null)
    }

    /// A row with a value and nothing else.
    #[must_use]
    pub fn new(measure: impl Into<String>, period: Period, value: f64) -> Observation {
        Observation {
            measure: measure.into(),
            period,
            area: String::new(),
            area_code: None,
            age: None,
            breakdown: BTreeMap::new(),
            value: Some(value),
            numerator: None,
            denominator: None,
            lower: None,
            upper: None,
            lower_998: None,
            upper_998: None,
            note: None,
            source: None,
        }
    }

    /// Checks the row's numbers; `path` names the row in errors (`line 12`), and `col` maps a
    /// field name to the column name shown.
    ///
    /// # Errors
    /// [`Error::Data`] for non-finite numbers, negative counts, denominators <= 0, limits that
    /// do not bracket the value, a row with no value, numerator or note, and a breakdown whose
    /// dimension is unnamed or named like a standard long-CSV column (`value`, `note`, ...) or
    /// whose level is empty (the long CSV could not carry these rows unchanged).
    pub fn check(&self, path: &str) -> Result<(), Error> {
        let bd: Vec<(&str, &str)> = self
            .breakdown
            .iter()
            .map(|(d, l)| (d.as_str(), l.as_str()))
            .collect();
        self.as_ref(&bd).check(&|| path.to_owned())
    }

    fn as_ref<'a>(&'a self, breakdown: &'a [(&'a str, &'a str)]) -> RowRef<'a> {
        RowRef {
            measure: &self.measure,
            period: &self.period,
            area: &self.area,
            area_code: self.area_code.as_deref(),
            age: self.age.as_deref(),
            breakdown,
            value: self.value,
            numerator: self.numerator,
            denominator: self.denominator,
            lower: self.lower,
            upper: self.upper,
            lower_998: self.lower_998,
            upper_998: self.upper_998,
            note: self.note.as_deref(),
            source: self.source.as_deref(),
        }
    }
}

/// A borrowed row, pushed by the readers without allocating.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRef<'a> {
    pub measure: &'a str,
    pub period: &'a Period,
    pub area: &'a str,
    pub area_code: Option<&'a str>,
    pub age: Option<&'a str>,
    pub breakdown: &'a [(&'a str, &'a str)],
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub lower_998: Option<f64>,
    pub upper_998: Option<f64>,
    pub note: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// Where a field of a row is: `line 12 (value)`, or the field alone when the row has no origin.
fn field_path(origin: &str, field: &str) -> String {
    if origin.is_empty() {
        field.to_owned()
    } else {
        format!("{origin} ({field})")
    }
}

/// The figure columns of the long format (and fields of [`Observation`]), in order: each
/// holds a number or nothing.
pub const FIGURE_COLUMNS: [&str; 7] = [
    "value",
    "numerator",
    "denominator",
    "lower",
    "upper",
    "lower_998",
    "upper_998",
];

impl RowRef<'_> {
    /// The checks of [`Observation::check`]; `origin` is formatted only on error.
    pub(crate) fn check(&self, origin: &dyn Fn() -> String) -> Result<(), Error> {
        let at = |field: &str| field_path(&origin(), field);
        self.check_measure(&at)?;
        for (dimension, level) in self.breakdown {
            let d = dimension.trim();
            if d.is_empty() {
                return Err(Error::data(
                    at("breakdown"),
                    format!(
                        "a breakdown dimension has no name (level \"{level}\"); name the dimension"
                    ),
                ));
            }
            // The long CSV writes each dimension as a column: one named like a standard column
            // could not be read back.
            if csv_long::KNOWN.iter().any(|k| k.eq_ignore_ascii_case(d)) {
                return Err(Error::data(
                    at(d),
                    format!(
                        "the breakdown dimension \"{d}\" has the name of a standard column; rename the dimension (e.g. \"{d}_group\")"
                    ),
                ));
            }
            if level.trim().is_empty() {
                return Err(Error::data(
                    at(d),
                    format!(
                        "the level of breakdown \"{d}\" is empty; leave the dimension out for a figure covering all levels"
                    ),
                ));
            }
        }
        self.check_figures(&at)
    }

    /// The checks of [`RowRef::check`] for a row whose breakdown is known to pass them
    /// (every dimension trimmed, named, not named like a standard column, and every level
    /// trimmed and not empty), as the long CSV reader's rows are: it vets the dimension
    /// names once in the header and keeps only non-empty trimmed levels.
    pub(crate) fn check_vetted_breakdown(&self, origin: &dyn Fn() -> String) -> Result<(), Error> {
        debug_assert!(self.breakdown.iter().all(|(d, l)| {
            *d == d.trim()
                && !d.is_empty()
                && !csv_long::KNOWN.iter().any(|k| k.eq_ignore_ascii_case(d))
                && *l == l.trim()
                && !l.is_empty()
        }));
        let at = |field: &str| field_path(&origin(), field);
        self.check_measure(&at)?;
        self.check_figures(&at)
    }

    fn check_measure(&self, at: &dyn Fn(&str) -> String) -> Result<(), Error> {
        if csv_long::trim(self.measure).is_empty() {
            return Err(Error::data(
                at("measure"),
                "the measure is empty; give the measure id the row is for",
            ));
        }
        Ok(())
    }

    /// The checks of the figures (value, numerator, denominator, limits); `at(field)` gives
    /// the path naming a field (`line 7 (denominator)`), so a reader whose file calls the
    /// fields otherwise can name its own columns.
    pub(crate) fn check_figures(&self, at: &dyn Fn(&str) -> String) -> Result<(), Error> {
        let figures = [
            self.value,
            self.numerator,
            self.denominator,
            self.lower,
            self.upper,
            self.lower_998,
            self.upper_998,
        ];
        // A missing figure counts as finite here.
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !figures.into_iter().all(finite) {
            for (name, v) in FIGURE_COLUMNS.into_iter().zip(figures) {
                if let Some(v) = v.filter(|v| !v.is_finite()) {
                    return Err(Error::data(
                        at(name),
                        format!(
                            "{v} is not a finite number; leave the cell empty if the figure is missing"
                        ),
                    ));
                }
            }
        }
        if let Some(n) = self.numerator {
            if n < 0.0 {
                return Err(Error::data(
                    at("numerator"),
                    format!("the numerator {n} is negative; counts cannot be below zero"),
                ));
            }
        }
        if let Some(d) = self.denominator {
            if d <= 0.0 {
                return Err(Error::data(
                    at("denominator"),
                    format!(
                        "the denominator {d} is not positive; a rate or proportion needs a population above zero (leave it empty if unknown)"
                    ),
                ));
            }
        }
        let limits = [
            ("lower", self.lower, "upper", self.upper),
            ("lower_998", self.lower_998, "upper_998", self.upper_998),
        ];
        for (lo_name, lo, hi_name, hi) in limits {
            if lo.is_none() && hi.is_none() {
                continue;
            }
            if let (Some(l), Some(u)) = (lo, hi) {
                if l > u {
                    return Err(Error::data(
                        at(lo_name),
                        format!("the lower limit {l} is above the upper limit {u} ({hi_name})"),
                    ));
                }
            }
            if let (Some(v), Some(l)) = (self.value, lo) {
                if v < l {
                    return Err(Error::data(
                        at(lo_name),
                        format!(
                            "the lower limit {l} is above the value {v}; limits must bracket the value"
                        ),
                    ));
                }
            }
            if let (Some(v), Some(u)) = (self.value, hi) {
                if v > u {
                    return Err(Error::data(
                        at(hi_name),
                        format!(
                            "the upper limit {u} is below the value {v}; limits must bracket the value"
                        ),
                    ));
                }
            }
        }
        if self.value.is_none()
            && self.numerator.is_none()
            && self.note.is_none_or(|n| n.trim().is_empty())
        {
            return Err(Error::data(
                at("value"),
                "the row has no value and no numerator; give the figure, or a note saying why it is missing (e.g. \"suppressed\")",
            ));
        }
        Ok(())
    }
}

/// A table of interned texts: each distinct text held once, rows hold a `u32` code.
#[derive(Debug, Clone, Default, PartialEq)]
struct Interner {
    texts: Vec<String>,
    codes: HashMap<String, u32>,
    /// The code returned last (a lookup cache; not part of the value).
    last: LastCode,
}

/// `a == b`, comparing texts of up to 16 bytes with a few word loads rather than a call to
/// `memcmp` (the texts a row repeats from the row before, such as ids, areas and levels, are
/// short). Two loads, from the start and from the end, overlap to cover every byte.
fn same_text(a: &str, b: &str) -> bool {
    fn word4(s: &[u8]) -> u32 {
        let mut w = [0; 4];
        w.copy_from_slice(&s[..4]);
        u32::from_ne_bytes(w)
    }
    fn word8(s: &[u8]) -> u64 {
        let mut w = [0; 8];
        w.copy_from_slice(&s[..8]);
        u64::from_ne_bytes(w)
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    n == b.len()
        && match n {
            0 => true,
            1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
            4..=7 => word4(a) == word4(b) && word4(&a[n - 4..]) == word4(&b[n - 4..]),
            8..=16 => word8(a) == word8(b) && word8(&a[n - 8..]) == word8(&b[n - 8..]),
            _ => a == b,
        }
}

/// A cached code that every comparison ignores.
#[derive(Debug, Clone, Copy, Default)]
struct LastCode(u32);

impl PartialEq for LastCode {
    fn eq(&self, _: &LastCode) -> bool {
        true
    }
}

impl Interner {
    /// The code of `text`, added if new. The check against the text looked up last is
    /// inlined into the callers; the table lookup is not.
    #[inline]
    fn code(&mut self, text: &str) -> u32 {
        // Rows usually come grouped, so the text is often the one looked up last.
        if let Some(last) = self.texts.get(self.last.0 as usize) {
            if same_text(last, text) {
                return self.last.0;
            }
        }
        self.code_looked_up(text)
    }

    #[inline(never)]
    fn code_looked_up(&mut self, text: &str) -> u32 {
        if let Some(&c) = self.codes.get(text) {
            self.last.0 = c;
            return c;
        }
        let c = self.texts.len() as u32;
        self.texts.push(text.to_owned());
        self.codes.insert(text.to_owned(), c);
        self.last.0 = c;
        c
    }
    fn get(&self, code: u32) -> &str {
        &self.texts[code as usize]
    }
    fn find(&self, text: &str) -> Option<u32> {
        self.codes.get(text).copied()
    }
}

/// The rows of one series (measure, area, age and breakdown) by period code, to refuse a
/// duplicate row: a short list scanned while the series is short (the usual case: rows come
/// grouped, and a series has tens of periods), a map beyond. A bit set of the period codes
/// below 64 held answers most lookups of a period not held (every row that is not a
/// duplicate) without the scan.
#[derive(Debug, Clone, PartialEq)]
struct SeriesRows {
    /// Bit `p` is set when the series holds a row for period code `p` (< 64).
    low_periods: u64,
    rows: PeriodRows,
}

/// (period code, row) pairs of one series.
#[derive(Debug, Clone, PartialEq)]
enum PeriodRows {
    Few(Vec<(u32, u32)>),
    Many(HashMap<u32, u32>),
}

/// Series longer than this keep their periods in a map.
const FEW_PERIODS: usize = 32;

impl SeriesRows {
    fn new() -> SeriesRows {
        SeriesRows {
            low_periods: 0,
            rows: PeriodRows::Few(Vec::new()),
        }
    }

    /// The bit of `period` in `low_periods`, or `None` for a code of 64 or more.
    fn low_bit(period: u32) -> Option<u64> {
        1u64.checked_shl(period)
    }

    /// The row already held for `period`.
    fn row(&self, period: u32) -> Option<u32> {
        if Self::low_bit(period).is_some_and(|bit| self.low_periods & bit == 0) {
            return None;
        }
        match &self.rows {
            PeriodRows::Few(v) => v.iter().find(|(p, _)| *p == period).map(|(_, r)| *r),
            PeriodRows::Many(m) => m.get(&period).copied(),
        }
    }

    fn insert(&mut self, period: u32, row: u32) {
        if let Some(bit) = Self::low_bit(period) {
            self.low_periods |= bit;
        }
        match &mut self.rows {
            PeriodRows::Few(v) if v.len() < FEW_PERIODS => v.push((period, row)),
            PeriodRows::Few(v) => {
                let mut m: HashMap<u32, u32> = v.iter().copied().collect();
                m.insert(period, row);
                self.rows = PeriodRows::Many(m);
            }
            PeriodRows::Many(m) => {
                m.insert(period, row);
            }
        }
    }
}

/// A cached series key and index that every comparison ignores.
#[derive(Debug, Clone, Copy, Default)]
struct LastSeries(Option<((u32, u32, u32, u32), u32)>);

impl PartialEq for LastSeries {
    fn eq(&self, _: &LastSeries) -> bool {
        true
    }
}

/// A column of figures, NaN where missing. While every row so far is missing (most files
/// have a few of the seven figure columns) it holds nothing; from the first figure on it
/// holds every row's.
#[derive(Debug, Clone, Default)]
struct Figures(Vec<f64>);

impl Figures {
    /// Adds the figure of row `row` (the rows before it are in).
    fn push(&mut self, row: usize, figure: Option<f64>) {
        if figure.is_some() || !self.0.is_empty() {
            self.0.resize(row, f64::NAN);
            self.0.push(figure.unwrap_or(f64::NAN));
        }
    }

    /// Row `i`'s figure, NaN where missing.
    fn get(&self, i: usize) -> f64 {
        self.0.get(i).copied().unwrap_or(f64::NAN)
    }
}

/// "No text" in an optional interned column.
const NONE: u32 = u32::MAX;

/// Breakdown (dimension, level) codes held on the stack while pushing a row.
const INLINE_PAIRS: usize = 8;

/// Observations in columns. Build with the readers or [`Observations::from_rows`]; read with
/// [`Observations::row`], [`Observations::iter`] or the column accessors.
///
/// Two sets are equal (`==`) when they hold the same rows in the same order, field by field,
/// a missing value equal to a missing value; where the rows were read from
/// ([`Observations::origin`]) and how texts are stored inside are not compared, so the same
/// rows read from CSV, JSON or Arrow compare equal.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    measures: Interner,
    measure: Vec<u32>,
    periods: Vec<Period>,
    period_codes: HashMap<Period, u32>,
    period: Vec<u32>,
    areas: Interner,
    area: Vec<u32>,
    area_codes: Interner,
    area_code: Vec<u32>,
    ages: Interner,
    age: Vec<u32>,
    dims: Interner,
    /// Per row: the code of its breakdown (a sorted list of (dimension, level) codes).
    combo: Vec<u32>,
    combos: Vec<Vec<(u32, u32)>>,
    combo_codes: HashMap<Vec<(u32, u32)>, u32>,
    levels: Interner,
    value: Figures,
    numerator: Figures,
    denominator: Figures,
    lower: Figures,
    upper: Figures,
    lower_998: Figures,
    upper_998: Figures,
    /// NaN for every row, lent by the column accessors for a column no row has a figure in
    /// (made on first use, dropped when a row is added).
    nans: OnceLock<Vec<f64>>,
    notes: Interner,
    note: Vec<u32>,
    sources: Interner,
    source: Vec<u32>,
    /// Series key (measure, area, age, breakdown codes) -> index in `series_rows`.
    series: HashMap<(u32, u32, u32, u32), u32>,
    /// Per series, the rows it holds by period, to refuse a second row for a period.
    series_rows: Vec<SeriesRows>,
    /// The series of the last row pushed (a lookup cache; not part of the value).
    last_series: LastSeries,
    /// Where each row came from: a template (`line {}`, `rows[{}]`) and a number.
    origin_templates: Interner,
    /// Runs of rows with the same template and consecutive numbers, by first row.
    origins: Vec<OriginRun>,
}

/// Where a run of consecutive rows came from: the rows from `first_row` to the next run's
/// have the template of code `template` and numbers counting up from `first_number` (or all
/// [`NO_NUMBER`]). A long CSV file without blank or bad lines is one run (lines 2, 3, ...),
/// so the store keeps no origin per row.
#[derive(Debug, Clone, Copy)]
struct OriginRun {
    first_row: usize,
    template: u32,
    first_number: u64,
}

impl PartialEq for Observations {
    fn eq(&self, other: &Observations) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// "No number" in an origin.
const NO_NUMBER: u64 = u64::MAX;

/// Splits `line 12` into (`line {}`, 12); text without digits keeps its whole self.
fn origin_template(origin: &str) -> (String, u64) {
    let bytes = origin.as_bytes();
    let Some(end) = bytes.iter().rposition(u8::is_ascii_digit) else {
        return (origin.replace('{', "{{"), NO_NUMBER);
    };
    let start = bytes[..=end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let digits = &origin[start..=end];
    let canonical = digits == "0" || !digits.starts_with('0');
    match digits.parse::<u64>() {
        Ok(n) if n != NO_NUMBER && canonical => {
            let esc = |t: &str| t.replace('{', "{{");
            (
                format!("{}{{}}{}", esc(&origin[..start]), esc(&origin[end + 1..])),
                n,
            )
        }
        _ => (origin.replace('{', "{{"), NO_NUMBER),
    }
}

fn opt(v: f64) -> Option<f64> {
    if v.is_nan() { None } else { Some(v) }
}

impl Observations {
    /// An empty store.
    #[must_use]
    pub fn new() -> Observations {
        Observations::default()
    }

    /// Builds a store from rows, checking each.
    ///
    /// # Errors
    /// [`Error::Data`] at `rows[i]` for the first bad or duplicate row.
    pub fn from_rows(rows: impl IntoIterator<Item = Observation>) -> Result<Observations, Error> {
        let mut obs = Observations::new();
        for (i, r) in rows.into_iter().enumerate() {
            obs.push(&r, &format!("rows[{i}]"))?;
        }
        Ok(obs)
    }

    /// Adds one row after checking it; `origin` names it in errors (`line 12`, `rows[3]`).
    ///
    /// # Errors
    /// [`Error::Data`] when the row fails [`Observation::check`] or repeats an earlier row's
    /// measure, period, area, age and breakdown.
    pub fn push(&mut self, row: &Observation, origin: &str) -> Result<(), Error> {
        let bd: Vec<(&str, &str)> = row
            .breakdown
            .iter()
            .map(|(d, l)| (d.as_str(), l.as_str()))
            .collect();
        let (template, number) = origin_template(origin);
        self.push_ref(&row.as_ref(&bd), &template, number)
    }

    /// Adds a borrowed row; the origin is `template` with `{}` replaced by `number`.
    pub(crate) fn push_ref(
        &mut self,
        row: &RowRef<'_>,
        template: &str,
        number: u64,
    ) -> Result<(), Error> {
        row.check(&|| render_origin(template, number))?;
        let template = self.template_code(template);
        self.push_checked(row, template, number, None).map(|_| ())
    }

    /// The code of an origin template (`line {}`), for [`Observations::push_checked`]. The
    /// table of templates is internal (not part of the value), so a reader may take the code
    /// of its template once before its rows.
    pub(crate) fn template_code(&mut self, template: &str) -> u32 {
        self.origin_templates.code(template)
    }

    /// Adds a row that passed [`RowRef::check`] (or, from the long CSV reader, its
    /// equivalent); the origin is the template of code `template` (from
    /// [`Observations::template_code`]) with `{}` replaced by `number`. `period_code`, where
    /// the caller knows it, is the code this store gave `row.period` before (saving the
    /// lookup). Returns the period's code.
    pub(crate) fn push_checked(
        &mut self,
        row: &RowRef<'_>,
        template: u32,
        number: u64,
        period_code: Option<u32>,
    ) -> Result<u32, Error> {
        if self.len() >= MAX_ROWS {
            return Err(Error::data(
                render_origin(self.origin_templates.get(template), number),
                format!("more than {MAX_ROWS} rows; split the data into batches"),
            ));
        }
        let measure = self.measures.code(csv_long::trim(row.measure));
        let period = if let Some(c) = period_code {
            c
        } else if let Some(&c) = self.period_codes.get(row.period) {
            c
        } else {
            let c = self.periods.len() as u32;
            self.periods.push(*row.period);
            self.period_codes.insert(*row.period, c);
            c
        };
        let area = self.areas.code(csv_long::trim(row.area));
        let age = row.age.map_or(NONE, |a| self.ages.code(a));
        // Breakdown codes on the stack for the usual few dimensions; a Vec beyond that.
        let mut inline = [(0u32, 0u32); INLINE_PAIRS];
        let mut spilled: Vec<(u32, u32)> = Vec::new();
        let pairs: &mut [(u32, u32)] = if row.breakdown.len() <= INLINE_PAIRS {
            for (slot, (d, l)) in inline.iter_mut().zip(row.breakdown) {
                *slot = (self.dims.code(d), self.levels.code(l));
            }
            &mut inline[..row.breakdown.len()]
        } else {
            spilled.extend(
                row.breakdown
                    .iter()
                    .map(|(d, l)| (self.dims.code(d), self.levels.code(l))),
            );
            &mut spilled
        };
        pairs.sort_unstable();
        // Rows usually come grouped: the breakdown is often the one of the row before.
        let last_combo = self.combo.last().copied();
        let combo = if let Some(c) =
            last_combo.filter(|&c| self.combos.get(c as usize).is_some_and(|p| p[..] == *pairs))
        {
            c
        } else if let Some(&c) = self.combo_codes.get(&*pairs) {
            c
        } else {
            let c = self.combos.len() as u32;
            self.combos.push(pairs.to_vec());
            self.combo_codes.insert(pairs.to_vec(), c);
            c
        };
        let next = self.len() as u32;
        let key = (measure, area, age, combo);
        let series = match self.last_series.0 {
            Some((k, x)) if k == key => x,
            _ => {
                let next_series = self.series_rows.len() as u32;
                let x = *self.series.entry(key).or_insert(next_series);
                if x == next_series {
                    self.series_rows.push(SeriesRows::new());
                }
                x
            }
        };
        self.last_series.0 = Some((key, series));
        if let Some(first) = self.series_rows[series as usize].row(period) {
            return Err(Error::data(
                render_origin(self.origin_templates.get(template), number),
                format!(
                    "duplicate row: {} already has a figure for measure \"{}\", period {}, area \"{}\" and this breakdown; keep one row per measure, period, area and breakdown",
                    self.origin(first as usize),
                    row.measure,
                    row.period,
                    row.area
                ),
            ));
        }
        self.series_rows[series as usize].insert(period, next);
        self.measure.push(measure);
        self.period.push(period);
        self.area.push(area);
        self.area_code
            .push(row.area_code.map_or(NONE, |a| self.area_codes.code(a)));
        self.age.push(age);
        self.combo.push(combo);
        let i = next as usize;
        self.value.push(i, row.value);
        self.numerator.push(i, row.numerator);
        self.denominator.push(i, row.denominator);
        self.lower.push(i, row.lower);
        self.upper.push(i, row.upper);
        self.lower_998.push(i, row.lower_998);
        self.upper_998.push(i, row.upper_998);
        if self.nans.get().is_some() {
            self.nans = OnceLock::new();
        }
        self.note
            .push(row.note.map_or(NONE, |n| self.notes.code(n)));
        self.source
            .push(row.source.map_or(NONE, |s| self.sources.code(s)));
        self.push_origin(next as usize, template, number);
        Ok(period)
    }

    /// Codes of row `i`'s measure, period, area, age and breakdown, for grouping rows
    /// without comparing texts.
    pub(crate) fn key_codes(&self, i: usize) -> (u32, u32, u32, u32, u32) {
        (
            self.measure[i],
            self.period[i],
            self.area[i],
            self.age[i],
            self.combo[i],
        )
    }

    /// The distinct periods, indexed by the period code of [`Observations::key_codes`].
    pub(crate) fn period_table(&self) -> &[Period] {
        &self.periods
    }

    /// The 99.8% published limits column (lower, upper; NaN where missing).
    #[must_use]
    pub fn limits_998(&self) -> (&[f64], &[f64]) {
        (self.column(&self.lower_998), self.column(&self.upper_998))
    }

    /// A figure column as a slice of every row's figure (NaN where missing).
    fn column<'a>(&'a self, figures: &'a Figures) -> &'a [f64] {
        let n = self.len();
        if figures.0.len() == n {
            &figures.0
        } else {
            &self.nans.get_or_init(|| vec![f64::NAN; n])[..n]
        }
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.measure.len()
    }

    /// Whether there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.measure.is_empty()
    }

    /// The distinct measure ids, in order of first appearance.
    #[must_use]
    pub fn measure_ids(&self) -> &[String] {
        &self.measures.texts
    }

    /// The distinct breakdown dimensions, in order of first appearance.
    #[must_use]
    pub fn dimensions(&self) -> &[String] {
        &self.dims.texts
    }

    /// Row `i`'s measure id.
    #[must_use]
    pub fn measure(&self, i: usize) -> &str {
        self.measures.get(self.measure[i])
    }

    /// Row `i`'s period.
    #[must_use]
    pub fn period(&self, i: usize) -> &Period {
        &self.periods[self.period[i] as usize]
    }

    /// Row `i`'s area (empty for the whole footprint).
    #[must_use]
    pub fn area(&self, i: usize) -> &str {
        self.areas.get(self.area[i])
    }

    /// Row `i`'s age group, where given.
    #[must_use]
    pub fn age(&self, i: usize) -> Option<&str> {
        (self.age[i] != NONE).then(|| self.ages.get(self.age[i]))
    }

    /// Row `i`'s breakdown as (dimension, level) pairs, sorted by dimension code.
    pub fn breakdown(&self, i: usize) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.combos[self.combo[i] as usize]
            .iter()
            .map(|&(d, l)| (self.dims.get(d), self.levels.get(l)))
    }

    /// Row `i`'s level for `dimension`, or `None` when the row covers all levels.
    #[must_use]
    pub fn level(&self, i: usize, dimension: &str) -> Option<&str> {
        let d = self.dims.find(dimension)?;
        self.breakdown_codes(i)
            .iter()
            .find(|(dd, _)| *dd == d)
            .map(|&(_, l)| self.levels.get(l))
    }

    fn breakdown_codes(&self, i: usize) -> &[(u32, u32)] {
        &self.combos[self.combo[i] as usize]
    }

    /// Whether row `i` has no breakdown (a headline figure).
    #[must_use]
    pub fn is_headline(&self, i: usize) -> bool {
        self.breakdown_codes(i).is_empty()
    }

    /// Values column (NaN where missing).
    #[must_use]
    pub fn values(&self) -> &[f64] {
        self.column(&self.value)
    }
    /// Numerators column (NaN where missing).
    #[must_use]
    pub fn numerators(&self) -> &[f64] {
        self.column(&self.numerator)
    }
    /// Denominators column (NaN where missing).
    #[must_use]
    pub fn denominators(&self) -> &[f64] {
        self.column(&self.denominator)
    }
    /// Published lower 95% limits (NaN where missing).
    #[must_use]
    pub fn lowers(&self) -> &[f64] {
        self.column(&self.lower)
    }
    /// Published upper 95% limits (NaN where missing).
    #[must_use]
    pub fn uppers(&self) -> &[f64] {
        self.column(&self.upper)
    }

    /// Row `i` as an owned [`Observation`].
    #[must_use]
    pub fn row(&self, i: usize) -> Observation {
        let text =
            |interner: &Interner, code: u32| (code != NONE).then(|| interner.get(code).to_owned());
        Observation {
            measure: self.measure(i).to_owned(),
            period: *self.period(i),
            area: self.area(i).to_owned(),
            area_code: text(&self.area_codes, self.area_code[i]),
            age: text(&self.ages, self.age[i]),
            breakdown: self
                .breakdown(i)
                .map(|(d, l)| (d.to_owned(), l.to_owned()))
                .collect(),
            value: opt(self.value.get(i)),
            numerator: opt(self.numerator.get(i)),
            denominator: opt(self.denominator.get(i)),
            lower: opt(self.lower.get(i)),
            upper: opt(self.upper.get(i)),
            lower_998: opt(self.lower_998.get(i)),
            upper_998: opt(self.upper_998.get(i)),
            note: text(&self.notes, self.note[i]),
            source: text(&self.sources, self.source[i]),
        }
    }

    /// All rows, in input order.
    pub fn iter(&self) -> impl Iterator<Item = Observation> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Reads a JSON array of [`Observation`] objects (or `{"observations": [...]}`).
    ///
    /// # Errors
    /// [`Error::Parse`] with the path (`[3].period`) for malformed JSON, [`Error::Data`] at
    /// `rows[i]` for bad rows.
    pub fn from_json_str(text: &str) -> Result<Observations, Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wrapped {
            observations: Vec<Observation>,
        }
        let rows: Vec<Observation> = if text.trim_start().starts_with('{') {
            crate::model::deserialize_json::<Wrapped>(text)?.observations
        } else {
            crate::model::deserialize_json::<Vec<Observation>>(text)?
        };
        Observations::from_rows(rows)
    }

    /// Writes the rows as a JSON array.
    ///
    /// # Errors
    /// Never in practice (every number in the store is finite or missing).
    pub fn to_json_string(&self) -> Result<String, Error> {
        let rows: Vec<Observation> = self.iter().collect();
        serde_json::to_string_pretty(&rows).map_err(|e| Error::invalid_argument("", e.to_string()))
    }

    /// Checks the observations against a framework: unknown measures, breakdown dimensions the
    /// measure does not declare, numerators above denominators for proportions, percentages
    /// outside 0-100. Returns diagnostics with paths naming the rows (`line 12 (measure)`).
    #[must_use]
    pub fn check_against(&self, fw: &Framework) -> Vec<Diagnostic> {
        use crate::model::{Method, Unit};
        let mut out = Vec::new();
        let mut unknown_reported: HashMap<u32, usize> = HashMap::default();
        let resolved: Vec<Option<usize>> = self
            .measures
            .texts
            .iter()
            .map(|m| fw.measure_index(m))
            .collect();
        for i in 0..self.len() {
            let origin = self.origin(i);
            let mcode = self.measure[i];
            let Some(mi) = resolved[mcode as usize] else {
                let count = unknown_reported.entry(mcode).or_insert(0);
                *count += 1;
                if *count == 1 {
                    let n = self.measure.iter().filter(|&&c| c == mcode).count();
                    out.push(Diagnostic {
                        path: format!("{origin} (measure)"),
                        severity: Severity::Error,
                        code: DiagnosticCode::UnknownReference,
                        message: format!(
                            "the framework has no measure \"{}\" ({n} row{} use it); use a measure id, or the measure's source indicator id",
                            self.measure(i),
                            if n == 1 { "" } else { "s" }
                        ),
                    });
                }
                continue;
            };
            let m = &fw.measures[mi];
            for (d, l) in self.breakdown(i) {
                if !m.breakdowns.iter().any(|b| b.dimension == d) {
                    out.push(Diagnostic {
                        path: format!("{origin} ({d})"),
                        severity: Severity::Error,
                        code: DiagnosticCode::UnknownReference,
                        message: format!("measure \"{}\" has no breakdown \"{d}\" (level \"{l}\"); declare it in the measure's breakdowns or leave the cell empty", m.id),
                    });
                }
            }
            if matches!(m.method, Method::Proportion) {
                if let (Some(x), Some(n)) =
                    (opt(self.numerator.get(i)), opt(self.denominator.get(i)))
                {
                    if x > n {
                        out.push(Diagnostic {
                            path: format!("{origin} (numerator)"),
                            severity: Severity::Error,
                            code: DiagnosticCode::OutOfRange,
                            message: format!("numerator {x} is above denominator {n}; a proportion needs numerator <= denominator"),
                        });
                    }
                }
            }
            let range = match m.unit {
                Unit::Percent => Some((0.0, 100.0)),
                Unit::Proportion => Some((0.0, 1.0)),
                _ => None,
            };
            if let (Some((lo, hi)), Some(v)) = (range, opt(self.value.get(i))) {
                if v < lo || v > hi {
                    out.push(Diagnostic {
                        path: format!("{origin} (value)"),
                        severity: Severity::Error,
                        code: DiagnosticCode::OutOfRange,
                        message: format!(
                            "{v} is outside {lo}-{hi} for measure \"{}\" (unit {:?})",
                            m.id, m.unit
                        ),
                    });
                }
            }
        }
        out
    }

    /// Where row `i` came from (`line 12`, `rows[3]`).
    #[must_use]
    pub fn origin(&self, i: usize) -> String {
        // The run holding row i: the last to start at or before it.
        let run = self.origins[self.origins.partition_point(|r| r.first_row <= i) - 1];
        let number = if run.first_number == NO_NUMBER {
            NO_NUMBER
        } else {
            run.first_number + (i - run.first_row) as u64
        };
        render_origin(self.origin_templates.get(run.template), number)
    }

    /// Puts `prefix` before every row's origin, as a program reading several files does to
    /// say which file a row came from: `line 12` becomes `data.csv: line 12` with the prefix
    /// `"data.csv: "`. The same as pushing each row again with the longer origin, without
    /// touching the rows.
    ///
    /// ```
    /// use outcomes_core::data::Observations;
    /// let mut obs = Observations::from_csv_reader(
    ///     "measure,period,area,value\nm1,2024/25,E1,3.5\n".as_bytes(),
    /// )?;
    /// assert_eq!(obs.origin(0), "line 2");
    /// obs.prefix_origins("data.csv: ");
    /// assert_eq!(obs.origin(0), "data.csv: line 2");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn prefix_origins(&mut self, prefix: &str) {
        // Templates escape a literal `{` as `{{` (see `origin_template`).
        let prefix = prefix.replace('{', "{{");
        for text in &mut self.origin_templates.texts {
            text.insert_str(0, &prefix);
        }
        self.origin_templates.codes = self
            .origin_templates
            .texts
            .iter()
            .enumerate()
            .map(|(k, t)| (t.clone(), k as u32))
            .collect();
    }

    /// Records that row `row` (the last pushed) came from `template` and `number`,
    /// extending the last run of origins where it continues it.
    fn push_origin(&mut self, row: usize, template: u32, number: u64) {
        let continues = self.origins.last().is_some_and(|r| {
            r.template == template
                && if number == NO_NUMBER {
                    r.first_number == NO_NUMBER
                } else {
                    r.first_number != NO_NUMBER
                        && r.first_number.checked_add((row - r.first_row) as u64) == Some(number)
                }
        });
        if !continues {
            self.origins.push(OriginRun {
                first_row: row,
                template,
                first_number: number,
            });
        }
    }
}

impl Framework {
    /// The index of the measure an observation's measure text refers to: a measure id, or
    /// the indicator id of a measure's source (so Fingertips exports match by indicator id).
    #[must_use]
    pub fn measure_index(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        self.measures.iter().position(|m| m.id == t).or_else(|| {
            self.measures
                .iter()
                .position(|m| m.source.as_ref().and_then(|s| s.indicator.as_deref()) == Some(t))
        })
    }
}

/// The origin a template stands for: `{{` is a literal `{`, and the first `{}` that is not
/// part of one is `number` (none when there is no number).
fn render_origin(template: &str, number: u64) -> String {
    let mut out = String::with_capacity(template.len() + 20);
    let mut rest = template;
    let mut placed = number == NO_NUMBER;
    while let Some(k) = rest.find('{') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        if let Some(more) = after.strip_prefix('{') {
            out.push('{');
            rest = more;
        } else if let (false, Some(more)) = (placed, after.strip_prefix('}')) {
            out.push_str(&number.to_string());
            placed = true;
            rest = more;
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
