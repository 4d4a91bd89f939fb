//! Fingertips data exports (the "Export table as CSV" / API `all_data` CSV of the OHID
//! Fingertips public health profiles).
//!
//! Columns are matched by name, in either spelling Fingertips has used: with spaces
//! (`Indicator ID`, `Time period Sortable`) or with the spaces removed (`IndicatorID`,
//! `TimeperiodSortable`); case is ignored. The comparison column whose name depends on the
//! comparator (`Compared to England value or percentiles`, `Compared to Region value or
//! percentiles`, ...) is recognised by its shape, and the old name `Target data` is read as
//! `Compared to goal`.
//!
//! Mapping to [`Observation`]: `measure` = Indicator ID (a framework measure matches it through
//! `source.indicator`); `area` = Area Name; `area_code` = Area Code; `age` = Age; `sex` becomes
//! the breakdown `sex` unless it is `Persons`; a non-empty Category Type becomes a breakdown
//! dimension named by the category type, with the Category as its level; Value, Count
//! (numerator), Denominator, the 95% and 99.8% limits and Value note are kept. The period is
//! checked against `Time period Sortable` where that column is present, so a misread period is
//! an error rather than a silent shift. The published judgements (Recent Trend, Compared to ...)
//! are recomputed by `outcomes`, not read.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use super::csv_long::{csv_error, number, record_line, with_more_bad_rows};
use super::{Observation, Observations};
use crate::Error;
use crate::period::Period;

fn normalise(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Observations {
    /// Reads a Fingertips export CSV (see [`fingertips`](self)).
    ///
    /// # Errors
    /// [`Error::Data`] naming the line and column of the first bad row (with the count of
    /// further bad rows), a missing required column (`Indicator ID`, `Time period`, `Value`),
    /// or a period that disagrees with its sortable key. Nothing is loaded when any row is
    /// bad; [`Observations::from_fingertips_csv_reader_skipping`] keeps the good rows.
    pub fn from_fingertips_csv_reader<R: Read>(reader: R) -> Result<Observations, Error> {
        let (obs, mut bad) = read_fingertips(reader, false)?;
        match bad.pop() {
            None => Ok(obs),
            Some((_, e)) => Err(e),
        }
    }

    /// Reads a Fingertips export CSV, keeping the good rows and returning the bad ones (by
    /// line number, the header being line 1) with the error each would have raised, in file
    /// order.
    ///
    /// # Errors
    /// As [`Observations::from_fingertips_csv_reader`] for problems that are not one row's: a
    /// missing required column, and the file's structure (bad UTF-8, a row with more or fewer
    /// fields than the header) fail the whole read.
    pub fn from_fingertips_csv_reader_skipping<R: Read>(
        reader: R,
    ) -> Result<(Observations, Vec<(u64, Error)>), Error> {
        read_fingertips(reader, true)
    }
}

/// Reads a Fingertips export; `skip` as for the long CSV reader.
fn read_fingertips<R: Read>(
    reader: R,
    skip: bool,
) -> Result<(Observations, Vec<(u64, Error)>), Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    let known: [(&str, &str); 17] = [
        ("indicatorid", "indicator_id"),
        ("indicatorname", "indicator_name"),
        ("areacode", "area_code"),
        ("areaname", "area_name"),
        ("sex", "sex"),
        ("age", "age"),
        ("categorytype", "category_type"),
        ("category", "category"),
        ("timeperiod", "time_period"),
        ("value", "value"),
        ("lowerci95.0limit", "lower95"),
        ("upperci95.0limit", "upper95"),
        ("lowerci99.8limit", "lower998"),
        ("upperci99.8limit", "upper998"),
        ("count", "count"),
        ("denominator", "denominator"),
        ("valuenote", "value_note"),
    ];
    for (i, h) in headers.iter().enumerate() {
        let n = normalise(h);
        if let Some((_, key)) = known.iter().find(|(k, _)| *k == n) {
            col.insert(key, i);
        } else if n == "timeperiodsortable" {
            col.insert("sortable", i);
        }
    }
    for (key, shown) in [
        ("indicator_id", "Indicator ID"),
        ("time_period", "Time period"),
        ("value", "Value"),
    ] {
        if !col.contains_key(key) {
            return Err(Error::data(
                "line 1",
                format!(
                    "the header has no \"{shown}\" column; is this a Fingertips export? (long-format files are read with from_csv_reader / --data)"
                ),
            ));
        }
    }
    let mut obs = Observations::new();
    // Strict reads keep only the first bad row and count the rest.
    let mut bad: Vec<(u64, Error)> = Vec::new();
    let mut bad_rows = 0usize;
    let mut record = csv::StringRecord::new();
    let mut previous_line = 1;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let err = csv_error(&e);
                return Err(if skip || bad.is_empty() {
                    err
                } else {
                    bad.swap_remove(0).1
                });
            }
        }
        let line = record_line(&record, &mut previous_line);
        let result = parse_row(&record, line, &col).and_then(|r| {
            check_figures_by_column(&r, line)?;
            obs.push(&r, &format!("line {line}"))
        });
        if let Err(e) = result {
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

fn parse_row(
    record: &csv::StringRecord,
    line: u64,
    col: &HashMap<&'static str, usize>,
) -> Result<Observation, Error> {
    let cell = |k: &str| col.get(k).and_then(|&i| record.get(i)).unwrap_or("").trim();
    let at = |name: &str| format!("line {line} ({name})");
    let opt = |k: &str| {
        let t = cell(k);
        (!t.is_empty()).then(|| t.to_owned())
    };
    let period = Period::parse(cell("time_period"))
        .map_err(|e| Error::data(at("Time period"), e.message().to_owned()))?;
    if let Some(key) = opt("sortable") {
        let expected = period.sortable_key();
        if key.parse::<u32>().ok() != Some(expected) {
            return Err(Error::data(
                at("Time period Sortable"),
                format!(
                    "the sortable key {key} does not match the period \"{period}\" (expected {expected}); the file may be corrupt or use a period form that is read differently"
                ),
            ));
        }
    }
    let mut breakdown = BTreeMap::new();
    if let Some(sex) = opt("sex") {
        if !sex.eq_ignore_ascii_case("persons") {
            breakdown.insert("sex".to_owned(), sex);
        }
    }
    if let Some(ct) = opt("category_type") {
        if let Some(sex) = breakdown.get(&ct) {
            return Err(Error::data(
                at("Category Type"),
                format!(
                    "the category type \"{ct}\" clashes with the Sex column (\"{sex}\"): both would be the breakdown \"{ct}\""
                ),
            ));
        }
        breakdown.insert(ct, cell("category").to_owned());
    }
    Ok(Observation {
        measure: cell("indicator_id").to_owned(),
        period,
        area: cell("area_name").to_owned(),
        area_code: opt("area_code"),
        age: opt("age"),
        breakdown,
        value: number(cell("value"), &|| at("Value"))?,
        numerator: number(cell("count"), &|| at("Count"))?,
        denominator: number(cell("denominator"), &|| at("Denominator"))?,
        lower: number(cell("lower95"), &|| at("Lower CI 95.0 limit"))?,
        upper: number(cell("upper95"), &|| at("Upper CI 95.0 limit"))?,
        lower_998: number(cell("lower998"), &|| at("Lower CI 99.8 limit"))?,
        upper_998: number(cell("upper998"), &|| at("Upper CI 99.8 limit"))?,
        note: opt("value_note"),
        source: Some("Fingertips".to_owned()),
    })
}

/// The figure checks of [`Observations::push`], with paths naming the export's columns
/// (`line 7 (Denominator)`, `(Count)`, `(Lower CI 95.0 limit)`) rather than the standard
/// fields, since that is what someone reading the export sees.
fn check_figures_by_column(r: &Observation, line: u64) -> Result<(), Error> {
    let at = |field: &str| {
        let column = match field {
            "value" => "Value",
            "numerator" => "Count",
            "denominator" => "Denominator",
            "lower" => "Lower CI 95.0 limit",
            "upper" => "Upper CI 95.0 limit",
            "lower_998" => "Lower CI 99.8 limit",
            "upper_998" => "Upper CI 99.8 limit",
            other => other,
        };
        format!("line {line} ({column})")
    };
    let breakdown: Vec<(&str, &str)> = r
        .breakdown
        .iter()
        .map(|(d, l)| (d.as_str(), l.as_str()))
        .collect();
    r.as_ref(&breakdown).check_figures(&at)
}
