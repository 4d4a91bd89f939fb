//! The long CSV format for observations.
//!
//! One row per measure x period x area x breakdown. Columns, matched by name (any order, case
//! and surrounding spaces ignored):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `measure` | yes | measure id of the framework (or the measure's source indicator id) |
//! | `period` | yes | period in any form [`Period::parse`](crate::period::Period::parse) reads: `2023/24`, `2024/25 Q1`, `Jan 2024`, `2022` |
//! | `area` | no | area name; empty for the whole footprint |
//! | `area_code` | no | ONS/ODS code |
//! | `age` | no | age group the figure is for |
//! | `value` | one of value / numerator | the figure in the measure's unit (percent as 0-100) |
//! | `numerator`, `denominator` | no | counts the value is computed from |
//! | `lower`, `upper` | no | published 95% confidence limits |
//! | `lower_998`, `upper_998` | no | published 99.8% confidence limits |
//! | `note` | no | note; a row without value or numerator must say why here |
//! | `source` | no | where the figure came from |
//! | *anything else* | no | a breakdown dimension named as in the measure's `breakdowns` (e.g. `deprivation_quintile`); an empty cell means all levels |
//!
//! ```
//! use outcomes_core::data::Observations;
//! let csv = "measure,period,area,value,numerator,denominator,deprivation_quintile\n\
//!            smoking,2022/23,Nottingham,13.0,390,3000,\n\
//!            smoking,2022/23,Nottingham,17.5,105,600,1\n";
//! let obs = Observations::from_csv_reader(csv.as_bytes())?;
//! assert_eq!(obs.len(), 2);
//! assert_eq!(obs.level(1, "deprivation_quintile"), Some("1"));
//! # Ok::<(), outcomes_core::Error>(())
//! ```

use std::collections::BTreeMap;
use std::io::Read;

use rustc_hash::FxHashMap as HashMap;

use super::{Observations, RowRef};
use crate::Error;
use crate::period::Period;

/// The standard columns, in the order the writer puts them: the text columns that name a
/// row, the [figure columns](super::FIGURE_COLUMNS), then `note` and `source`. Every other
/// column is a breakdown dimension.
pub(crate) const KNOWN: [&str; 14] = {
    const NAMES: [&str; 5] = ["measure", "period", "area", "area_code", "age"];
    const NOTES: [&str; 2] = ["note", "source"];
    let mut all = [""; 14];
    let mut i = 0;
    while i < NAMES.len() {
        all[i] = NAMES[i];
        i += 1;
    }
    let mut j = 0;
    while j < super::FIGURE_COLUMNS.len() {
        all[NAMES.len() + j] = super::FIGURE_COLUMNS[j];
        j += 1;
    }
    let mut k = 0;
    while k < NOTES.len() {
        all[NAMES.len() + super::FIGURE_COLUMNS.len() + k] = NOTES[k];
        k += 1;
    }
    all
};

/// Where each column of a long-format table goes: the known columns by name, every other
/// named column a breakdown dimension. The one reading of the long format's header rules,
/// shared by the CSV reader and the bindings' table readers (Arrow in Python).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongLayout {
    /// Known column name (lower case, as in the table of the module docs) -> column index.
    pub known: BTreeMap<&'static str, usize>,
    /// (column index, dimension name) of the breakdown columns, in order.
    pub dims: Vec<(usize, String)>,
}

impl LongLayout {
    /// Reads the layout from the column names (`None` for a column to ignore, such as a
    /// pandas index); `place` names the header in errors (`line 1`, `columns`).
    ///
    /// ```
    /// use outcomes_core::data::csv_long::LongLayout;
    /// let l = LongLayout::from_names([Some("Measure"), Some("period"), Some("value"), Some("imd")], "line 1")?;
    /// assert_eq!(l.known["measure"], 0);
    /// assert_eq!(l.dims, vec![(3, "imd".to_owned())]);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Data`] at `PLACE (NAME)` for a column named twice, `PLACE (column N)` for an
    /// unnamed column, and `PLACE` when `measure`, `period`, or both `value` and `numerator`
    /// are missing.
    pub fn from_names<'a>(
        names: impl IntoIterator<Item = Option<&'a str>>,
        place: &str,
    ) -> Result<LongLayout, Error> {
        let mut known: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut dims: Vec<(usize, String)> = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            let Some(name) = name.map(str::trim) else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            let twice = || {
                Error::data(
                    format!("{place} ({name})"),
                    format!("the column \"{name}\" appears twice"),
                )
            };
            if let Some(k) = KNOWN.iter().find(|k| **k == lower) {
                if known.insert(k, i).is_some() {
                    return Err(twice());
                }
            } else if name.is_empty() {
                return Err(Error::data(
                    format!("{place} (column {})", i + 1),
                    "a column has no name; name every column",
                ));
            } else {
                if dims.iter().any(|(_, d)| d == name) {
                    return Err(twice());
                }
                dims.push((i, name.to_owned()));
            }
        }
        for required in ["measure", "period"] {
            if !known.contains_key(required) {
                return Err(Error::data(
                    place,
                    format!(
                        "there is no \"{required}\" column; the long format needs measure, period and value (or numerator and denominator)"
                    ),
                ));
            }
        }
        if !known.contains_key("value") && !known.contains_key("numerator") {
            return Err(Error::data(
                place,
                "there is neither a \"value\" nor a \"numerator\" column",
            ));
        }
        Ok(LongLayout { known, dims })
    }
}

/// Parses a number cell as the long format reads it: empty is missing; anything else must be
/// a plain decimal number (the error says how to fix a thousands separator or a % sign).
///
/// # Errors
/// [`Error::Data`] at `at()` for text that is not a finite number.
pub fn number(cell: &str, at: &dyn Fn() -> String) -> Result<Option<f64>, Error> {
    if cell.is_empty() {
        return Ok(None);
    }
    let t = trim(cell);
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(v) = short_decimal(t) {
        return Ok(Some(v));
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(v) => Err(Error::data(
            at(),
            format!("{v} is not a finite number; leave the cell empty if the figure is missing"),
        )),
        Err(_) => {
            let hint = if t.contains(',') {
                " (write numbers without thousands separators: 1234.5)"
            } else if t.ends_with('%') {
                " (write percentages without the % sign)"
            } else {
                " (leave the cell empty if the figure is missing or suppressed, and say why in `note`)"
            };
            Err(Error::data(at(), format!("\"{t}\" is not a number{hint}")))
        }
    }
}

/// `s.trim()`, answering at once for an empty cell and for the usual cell that starts and
/// ends with a printable ASCII character (no Unicode white space can be at either end then:
/// a UTF-8 sequence beyond ASCII starts and ends with bytes of 0x80 and above).
pub(crate) fn trim(s: &str) -> &str {
    let plain = |b: &u8| (0x21..0x7f).contains(b);
    match s.as_bytes() {
        [] => s,
        [first, .., last] if plain(first) && plain(last) => s,
        [only] if plain(only) => s,
        _ => s.trim(),
    }
}

/// The value of a short plain decimal (`390`, `13.5`, `-0.25`, `.5`, `5.`: an optional `-`,
/// at most 15 digits in all, at most one `.`), or `None` for any other text, which
/// `str::parse` then reads. The digits make an integer `m` below 10^15 < 2^53 and the
/// point a power of ten `10^k` with k <= 15 <= 22, both exact as `f64`, so `m / 10^k` is
/// the correctly rounded value of the decimal (one IEEE division, Clinger's fast path):
/// the same `f64` as `str::parse`, which rounds correctly too. `-` negates exactly.
fn short_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut m: u64 = 0;
    let mut count = 0usize;
    let mut point: Option<usize> = None;
    for &c in digits {
        if c == b'.' {
            if point.is_some() {
                return None;
            }
            point = Some(count);
        } else if c.is_ascii_digit() {
            m = m * 10 + u64::from(c - b'0');
            count += 1;
        } else {
            return None;
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let scale = POW10[count - point.unwrap_or(count)];
    // Exact: m < 10^15 < 2^53.
    #[allow(clippy::cast_precision_loss)]
    let v = m as f64 / scale;
    Some(if negative { -v } else { v })
}

pub(crate) fn csv_error(e: &csv::Error) -> Error {
    let line = e.position().map(csv::Position::line);
    let path = line.map_or_else(String::new, |l| format!("line {l}"));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not valid UTF-8; save the file as UTF-8",
            err.field() + 1
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "the row has {len} fields but the header has {expected_len}; check for unquoted commas"
        ),
        csv::ErrorKind::Io(err) => return Error::io(path, err.to_string()),
        _ => {
            let s = e.to_string();
            s.split_once(": ").map_or(s.clone(), |(_, m)| m.to_owned())
        }
    };
    Error::data(path, message)
}

impl Observations {
    /// Reads observations from the long CSV format (see [`csv_long`](self)).
    ///
    /// # Errors
    /// [`Error::Data`] naming the line and column of the first bad cell or row (with the count
    /// of further bad rows), a missing required column, or a duplicate row. Nothing is loaded
    /// when any row is bad; [`Observations::from_csv_reader_skipping`] keeps the good rows.
    pub fn from_csv_reader<R: Read>(reader: R) -> Result<Observations, Error> {
        let (obs, mut bad) = read_long(reader, false)?;
        match bad.pop() {
            None => Ok(obs),
            Some((_, e)) => Err(e),
        }
    }

    /// Reads observations from the long CSV format, keeping the good rows and returning the
    /// bad ones (by line number, the header being line 1) with the error each would have
    /// raised, in file order. A duplicate row is bad; the first of the rows it repeats is kept.
    ///
    /// ```
    /// use outcomes_core::data::Observations;
    /// let csv = "measure,period,value\nsmoking,2022/23,13.0\nsmoking,2023/24,n/a\n";
    /// let (obs, skipped) = Observations::from_csv_reader_skipping(csv.as_bytes())?;
    /// assert_eq!(obs.len(), 1);
    /// assert_eq!(skipped[0].0, 3);
    /// assert_eq!(skipped[0].1.path(), "line 3 (value)");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Observations::from_csv_reader`] for problems that are not one row's: the header
    /// (a missing required column, a column named twice) and the file's structure (bad UTF-8,
    /// a row with more or fewer fields than the header) fail the whole read.
    pub fn from_csv_reader_skipping<R: Read>(
        reader: R,
    ) -> Result<(Observations, Vec<(u64, Error)>), Error> {
        read_long(reader, true)
    }

    /// Writes the observations in the long CSV format, breakdown dimensions as extra columns.
    #[must_use]
    pub fn to_csv_string(&self) -> String {
        let dims: Vec<String> = self.dimensions().to_vec();
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = KNOWN.iter().map(|s| (*s).to_owned()).collect();
        header.extend(dims.iter().cloned());
        let _ = w.write_record(&header);
        let num = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v}"));
        for r in self.iter() {
            let mut cells = vec![
                r.measure.clone(),
                r.period.to_string(),
                r.area.clone(),
                r.area_code.clone().unwrap_or_default(),
                r.age.clone().unwrap_or_default(),
                num(r.value),
                num(r.numerator),
                num(r.denominator),
                num(r.lower),
                num(r.upper),
                num(r.lower_998),
                num(r.upper_998),
                r.note.clone().unwrap_or_default(),
                r.source.clone().unwrap_or_default(),
            ];
            cells.extend(
                dims.iter()
                    .map(|d| r.breakdown.get(d).cloned().unwrap_or_default()),
            );
            let _ = w.write_record(&cells);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// The line number of `record` for messages. The csv crate counts only `\n` as a line end, so
/// in a file whose lines end in a bare `\r` (classic Mac) every record would be "line 1": when
/// the count does not move past the previous record's line, the record's number (header = 1)
/// is used instead. `previous` holds the last line given (1 for the header).
pub(crate) fn record_line(record: &csv::StringRecord, previous: &mut u64) -> u64 {
    let pos = record.position();
    let line = pos.map_or(0, csv::Position::line);
    let line = if line > *previous {
        line
    } else {
        pos.map_or(0, |p| p.record() + 1).max(*previous + 1)
    };
    *previous = line;
    line
}

/// Appends "(and N more bad rows; nothing was loaded)" to a row error's message.
pub(crate) fn with_more_bad_rows(e: Error, more: usize) -> Error {
    match e {
        Error::Data { path, message } => Error::data(
            path,
            format!(
                "{message} (and {more} more bad row{}; nothing was loaded)",
                if more == 1 { "" } else { "s" }
            ),
        ),
        other => other,
    }
}

/// Reads the long CSV. With `skip`, bad rows are returned with their line and error. Without,
/// the first bad row is returned alone (several bad rows are an error here, naming the first
/// with the count of the rest), and a structural error after a bad row reports that row.
fn read_long<R: Read>(reader: R, skip: bool) -> Result<(Observations, Vec<(u64, Error)>), Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::data(
            "line 1",
            "the file is empty or has no header; the first line must name the columns (measure,period,value,...)",
        ));
    }
    let LongLayout { known: col, dims } = LongLayout::from_names(
        headers
            .iter()
            .map(|h| Some(h.trim().trim_start_matches('\u{feff}'))),
        "line 1",
    )?;
    let mut obs = Observations::new();
    // Strict reads keep only the first bad row and count the rest.
    let mut bad: Vec<(u64, Error)> = Vec::new();
    let mut bad_rows = 0usize;
    let mut record = csv::StringRecord::new();
    let mut periods: PeriodCache = HashMap::default();
    let cols = Columns::new(&col);
    let mut previous_line = 1;
    let template = obs.template_code("line {}");
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A structural error (bad UTF-8, wrong field count) stops reading.
                let err = csv_error(&e);
                return Err(if skip || bad.is_empty() {
                    err
                } else {
                    bad.swap_remove(0).1
                });
            }
        }
        let line = record_line(&record, &mut previous_line);
        if let Err(e) = push_row(
            &mut obs,
            &record,
            line,
            &cols,
            &dims,
            &mut periods,
            template,
        ) {
            if skip || bad.is_empty() {
                bad.push((line, e));
            }
            bad_rows += 1;
        }
    }
    if !skip && bad_rows > 1 {
        return Err(with_more_bad_rows(bad.swap_remove(0).1, bad_rows - 1));
    }
    Ok((obs, bad))
}

/// The column index of each known column, looked up once from the header.
struct Columns {
    measure: Option<usize>,
    period: Option<usize>,
    area: Option<usize>,
    area_code: Option<usize>,
    age: Option<usize>,
    value: Option<usize>,
    numerator: Option<usize>,
    denominator: Option<usize>,
    lower: Option<usize>,
    upper: Option<usize>,
    lower_998: Option<usize>,
    upper_998: Option<usize>,
    note: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    fn new(col: &BTreeMap<&str, usize>) -> Columns {
        let at = |name: &str| col.get(name).copied();
        Columns {
            measure: at("measure"),
            period: at("period"),
            area: at("area"),
            area_code: at("area_code"),
            age: at("age"),
            value: at("value"),
            numerator: at("numerator"),
            denominator: at("denominator"),
            lower: at("lower"),
            upper: at("upper"),
            lower_998: at("lower_998"),
            upper_998: at("upper_998"),
            note: at("note"),
            source: at("source"),
        }
    }
}

/// Breakdown cells held on the stack for up to this many dimension columns.
const INLINE_DIMS: usize = 8;

/// The periods met so far, by their text as written: the period and, once a row with it is
/// in the store, the store's code for it.
type PeriodCache = HashMap<String, (Period, Option<u32>)>;

/// Checks and adds the row of `record`, at `line` of the file, whose origin template has code
/// `template` in `obs`.
fn push_row(
    obs: &mut Observations,
    record: &csv::StringRecord,
    line: u64,
    cols: &Columns,
    dims: &[(usize, String)],
    periods: &mut PeriodCache,
    template: u32,
) -> Result<(), Error> {
    let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
    let at = |name: &str| format!("line {line} ({name})");
    let text = |i: Option<usize>| {
        let t = trim(cell(i));
        (!t.is_empty()).then_some(t)
    };
    // A figure; a column the file does not have is missing.
    let figure = |i: Option<usize>, name: &str| match i {
        None => Ok(None),
        Some(i) => number(record.get(i).unwrap_or(""), &|| at(name)),
    };
    let period_text = cell(cols.period);
    let (period, period_code) = if let Some(p) = periods.get(period_text) {
        *p
    } else {
        let p = Period::parse(period_text)
            .map_err(|e| Error::data(at("period"), e.message().to_owned()))?;
        periods.insert(period_text.to_owned(), (p, None));
        (p, None)
    };
    let mut inline: [(&str, &str); INLINE_DIMS] = [("", ""); INLINE_DIMS];
    let mut spilled: Vec<(&str, &str)> = Vec::new();
    let mut count = 0;
    for (i, d) in dims {
        let v = trim(record.get(*i).unwrap_or(""));
        if !v.is_empty() {
            if count < INLINE_DIMS {
                inline[count] = (d.as_str(), v);
            } else {
                if count == INLINE_DIMS {
                    spilled.extend_from_slice(&inline);
                }
                spilled.push((d.as_str(), v));
            }
            count += 1;
        }
    }
    let breakdown: &[(&str, &str)] = if count <= INLINE_DIMS {
        &inline[..count]
    } else {
        &spilled
    };
    let row = RowRef {
        measure: trim(cell(cols.measure)),
        period: &period,
        area: trim(cell(cols.area)),
        area_code: text(cols.area_code),
        age: text(cols.age),
        breakdown,
        value: figure(cols.value, "value")?,
        numerator: figure(cols.numerator, "numerator")?,
        denominator: figure(cols.denominator, "denominator")?,
        lower: figure(cols.lower, "lower")?,
        upper: figure(cols.upper, "upper")?,
        lower_998: figure(cols.lower_998, "lower_998")?,
        upper_998: figure(cols.upper_998, "upper_998")?,
        note: text(cols.note),
        source: text(cols.source),
    };
    // The dimensions are the header's, vetted by `LongLayout::from_names`; the levels are
    // trimmed and not empty.
    row.check_vetted_breakdown(&|| format!("line {line}"))?;
    let code = obs.push_checked(&row, template, line, period_code)?;
    if period_code.is_none() {
        if let Some(entry) = periods.get_mut(period_text) {
            entry.1 = Some(code);
        }
    }
    Ok(())
}
