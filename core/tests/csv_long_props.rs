//! The long CSV reader against a plain reference reader (differential property test).
//!
//! `Observations::from_csv_reader` takes shortcuts for speed: a trim that answers at once for
//! plain cells, short decimals read without `str::parse`, a period cache, breakdown names
//! vetted once from the header, row origins kept as runs. The reference below reads the same
//! file the plain way, through the public API: `csv::StringRecord`s, `str::trim`,
//! `csv_long::number`, `Period::parse` and `Observations::push` (which checks every row in
//! full). On awkward inputs (BOM, quoted fields, CRLF and bare CR line ends, padded and
//! Unicode-spaced cells, odd numbers, duplicate rows, bad bytes, short rows) both must load
//! the same rows with the same origins, or fail with the same path and message.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use outcomes_core::Error;
use outcomes_core::data::csv_long::{LongLayout, number};
use outcomes_core::data::{Observation, Observations};
use outcomes_core::period::Period;
use proptest::prelude::*;

/// Rows read, the bad rows (line, error), and the line of each row read.
type Read = (Observations, Vec<(u64, Error)>, Vec<u64>);

/// The reference reader: strict (`skip == false`) or skipping bad rows.
fn reference(data: &[u8], skip: bool) -> Result<Read, Error> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(data);
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::data(
            "line 1",
            "the file is empty or has no header; the first line must name the columns (measure,period,value,...)",
        ));
    }
    let layout = LongLayout::from_names(
        headers
            .iter()
            .map(|h| Some(h.trim().trim_start_matches('\u{feff}'))),
        "line 1",
    )?;
    let mut obs = Observations::new();
    let mut bad: Vec<(u64, Error)> = Vec::new();
    let mut bad_rows = 0usize;
    let mut lines = Vec::new();
    let mut previous = 1;
    let mut record = csv::StringRecord::new();
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
        // The reader's line numbering (see csv_long::record_line).
        let pos = record.position();
        let line = pos.map_or(0, csv::Position::line);
        let line = if line > previous {
            line
        } else {
            pos.map_or(0, |p| p.record() + 1).max(previous + 1)
        };
        previous = line;
        match reference_row(&mut obs, &record, line, &layout) {
            Ok(()) => lines.push(line),
            Err(e) => {
                if skip || bad.is_empty() {
                    bad.push((line, e));
                }
                bad_rows += 1;
            }
        }
    }
    if !skip && bad_rows > 1 {
        let e = bad.swap_remove(0).1;
        let more = bad_rows - 1;
        return Err(Error::data(
            e.path(),
            format!(
                "{} (and {more} more bad row{}; nothing was loaded)",
                e.message(),
                if more == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok((obs, bad, lines))
}

fn reference_row(
    obs: &mut Observations,
    record: &csv::StringRecord,
    line: u64,
    layout: &LongLayout,
) -> Result<(), Error> {
    let cell = |name: &str| {
        layout
            .known
            .get(name)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
    };
    let text = |name: &str| Some(cell(name).trim().to_owned()).filter(|t| !t.is_empty());
    let at = |name: &str| format!("line {line} ({name})");
    let figure = |name: &str| number(cell(name), &|| at(name));
    let period = Period::parse(cell("period"))
        .map_err(|e| Error::data(at("period"), e.message().to_owned()))?;
    let breakdown: BTreeMap<String, String> = layout
        .dims
        .iter()
        .filter_map(|(i, d)| {
            let level = record.get(*i).unwrap_or("").trim();
            (!level.is_empty()).then(|| (d.clone(), level.to_owned()))
        })
        .collect();
    let row = Observation {
        measure: cell("measure").trim().to_owned(),
        period,
        area: cell("area").trim().to_owned(),
        area_code: text("area_code"),
        age: text("age"),
        breakdown,
        value: figure("value")?,
        numerator: figure("numerator")?,
        denominator: figure("denominator")?,
        lower: figure("lower")?,
        upper: figure("upper")?,
        lower_998: figure("lower_998")?,
        upper_998: figure("upper_998")?,
        note: text("note"),
        source: text("source"),
    };
    obs.push(&row, &format!("line {line}"))
}

/// The reader's csv error mapping (see `csv_long::csv_error`).
fn csv_error(e: &csv::Error) -> Error {
    let path = e
        .position()
        .map_or_else(String::new, |p| format!("line {}", p.line()));
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
        _ => {
            let s = e.to_string();
            s.split_once(": ").map_or(s.clone(), |(_, m)| m.to_owned())
        }
    };
    Error::data(path, message)
}

/// A comparable account of a read: rows with origins, or the error.
type Account = Result<Vec<(Observation, String)>, (String, String)>;

/// Bad rows skipped: line, path, message.
type Skipped = Vec<(u64, String, String)>;

fn account(r: Result<Observations, Error>) -> Account {
    if let Ok(o) = &r {
        columns_agree(o);
    }
    r.map(|o| (0..o.len()).map(|i| (o.row(i), o.origin(i))).collect())
        .map_err(|e| (e.path().to_owned(), e.message().to_owned()))
}

/// Reads one figure of a row.
type Field = fn(&Observation) -> Option<f64>;

/// The figure columns (`values()`, ...) hold each row's figure, NaN where it is missing, one
/// per row, however few rows have one.
fn columns_agree(o: &Observations) {
    let (lo998, hi998) = o.limits_998();
    let columns: [(&[f64], Field); 7] = [
        (o.values(), |r| r.value),
        (o.numerators(), |r| r.numerator),
        (o.denominators(), |r| r.denominator),
        (o.lowers(), |r| r.lower),
        (o.uppers(), |r| r.upper),
        (lo998, |r| r.lower_998),
        (hi998, |r| r.upper_998),
    ];
    for (column, field) in columns {
        assert_eq!(column.len(), o.len());
        for (i, v) in column.iter().enumerate() {
            let expected = field(&o.row(i));
            assert_eq!((!v.is_nan()).then_some(*v), expected, "row {i}");
        }
    }
}

fn skipped(bad: Vec<(u64, Error)>) -> Skipped {
    bad.into_iter()
        .map(|(l, e)| (l, e.path().to_owned(), e.message().to_owned()))
        .collect()
}

fn account_skipping(r: Result<(Observations, Vec<(u64, Error)>), Error>) -> (Account, Skipped) {
    match r {
        Ok((o, bad)) => (account(Ok(o)), skipped(bad)),
        Err(e) => (account(Err(e)), Vec::new()),
    }
}

/// The reference's account, each row's origin the line it was read from.
fn reference_account(data: &[u8], skip: bool) -> (Account, Skipped) {
    match reference(data, skip) {
        Err(e) => (account(Err(e)), Vec::new()),
        Ok((_, mut bad, _)) if !skip && !bad.is_empty() => {
            (account(Err(bad.swap_remove(0).1)), Vec::new())
        }
        Ok((o, bad, lines)) => {
            let rows = (0..o.len())
                .map(|i| (o.row(i), format!("line {}", lines[i])))
                .collect();
            (Ok(rows), skipped(bad))
        }
    }
}

const COLUMNS: [&str; 16] = [
    "measure",
    "period",
    "area",
    "area_code",
    "age",
    "value",
    "numerator",
    "denominator",
    "lower",
    "upper",
    "lower_998",
    "upper_998",
    "note",
    "source",
    "imd",
    "sex",
];

/// Cells by kind of column: texts, periods, numbers, levels; mostly good, some bad.
fn cell(column: &str) -> BoxedStrategy<String> {
    let pick = |cells: &[&'static str]| prop::sample::select(cells.to_vec()).boxed();
    let texts = pick(&[
        "m1",
        "m2",
        " m1 ",
        "\u{a0}m1",
        "Area 1",
        "Area 2",
        "é",
        "x, y",
        "say \"hi\"",
        "line\nbreak",
    ]);
    let blank_texts = pick(&["", "\u{2003}", "\t"]);
    let numbers = pick(&[
        "",
        "1",
        "2",
        "13.0",
        " 12 ",
        "\u{a0}12",
        "+5",
        ".5",
        "5.",
        "-0",
        "00012",
        "12.50",
        "0.1",
        "0.30000000000000004",
        "123456789012345",
        "1234567890123456",
        "9007199254740993",
        "99.9999999999999999",
        "1e3",
        "2.5e-3",
    ]);
    let bad_numbers = pick(&[
        "-3", "-.5", ".", "-", "1,234", "5%", "0x10", "inf", "NaN", "--1", "1.2.3", "12 3",
    ]);
    let periods = pick(&[
        "2022/23",
        "2023/24",
        " 2023/24 ",
        "2024/25 Q1",
        "Jan 2024",
        "2022",
        "2020 - 22",
    ]);
    let bad_periods = pick(&["bad", ""]);
    let levels = pick(&["", "1", "2", " 3 ", "F", "\u{a0}"]);
    match column {
        "measure" | "area" | "area_code" | "age" | "note" | "source" => {
            prop_oneof![12 => texts, 1 => blank_texts].boxed()
        }
        "period" => prop_oneof![20 => periods, 1 => bad_periods].boxed(),
        "imd" | "sex" => levels,
        _ => prop_oneof![30 => numbers, 1 => bad_numbers].boxed(),
    }
    .prop_map(str::to_owned)
    .boxed()
}

/// A header (measure, period, a value or numerator and a subset of the other columns, in
/// some order, names cased and padded at random) and rows for it. Limit columns come
/// seldom: random limits rarely bracket the value, which makes the row bad.
fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    let optional: Vec<&str> = COLUMNS[2..]
        .iter()
        .copied()
        .filter(|c| !c.starts_with("lower") && !c.starts_with("upper"))
        .collect();
    (
        prop::sample::subsequence(optional, 1..=10),
        prop::sample::subsequence(vec!["lower", "upper", "lower_998", "upper_998"], 0..=4),
        prop::bool::weighted(0.2),
        prop::collection::vec(0u8..4, COLUMNS.len()),
    )
        .prop_flat_map(|(mut columns, limits, with_limits, styles)| {
            columns.extend(["measure", "period"]);
            if !columns.contains(&"value") && !columns.contains(&"numerator") {
                columns.push("value");
            }
            if with_limits {
                columns.extend(limits);
            }
            (Just(columns).prop_shuffle(), Just(styles))
        })
        .prop_flat_map(|(columns, styles)| {
            let header: Vec<String> = columns
                .iter()
                .zip(&styles)
                .map(|(c, s)| match s {
                    0 => c.to_uppercase(),
                    1 => format!(" {c} "),
                    _ => (*c).to_owned(),
                })
                .collect();
            let row: Vec<BoxedStrategy<String>> = columns.iter().map(|c| cell(c)).collect();
            (Just(header), prop::collection::vec(row, 0..12))
        })
}

/// Writes the table as CSV with the given line end, quoting where needed or asked.
fn write(
    header: &[String],
    rows: &[Vec<String>],
    end: &str,
    bom: bool,
    quote_all: bool,
) -> Vec<u8> {
    let field = |s: &str| {
        if quote_all || s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    for r in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = r.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str(end);
    }
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reader_matches_the_reference(
        (header, rows) in table(),
        end in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        bom in any::<bool>(),
        quote_all in any::<bool>(),
        // Damage: none, a bad byte, or a cut (a short last row) at a random place.
        damage in (0u8..6, any::<prop::sample::Index>()),
        // Repeat the rows (duplicates) or not.
        repeat in any::<bool>(),
    ) {
        let mut rows = rows;
        if repeat {
            let again = rows.clone();
            rows.extend(again);
        }
        let mut data = write(&header, &rows, end, bom, quote_all);
        match damage.0 {
            1 if !data.is_empty() => {
                let i = damage.1.index(data.len());
                data.insert(i, 0xff);
            }
            2 if !data.is_empty() => {
                let i = damage.1.index(data.len());
                data.truncate(i);
            }
            _ => {}
        }
        let strict = account(Observations::from_csv_reader(&data[..]));
        prop_assert_eq!(strict, reference_account(&data, false).0);
        let skipping = account_skipping(Observations::from_csv_reader_skipping(&data[..]));
        prop_assert_eq!(skipping, reference_account(&data, true));
    }

    /// Short decimals read by the fast path give the same `f64` as `str::parse`, bit for bit.
    #[test]
    fn numbers_match_str_parse(
        negative in any::<bool>(),
        digits in "[0-9]{0,17}",
        point in any::<prop::sample::Index>(),
        with_point in any::<bool>(),
        pad in prop::sample::select(vec!["", " ", "\t", "\u{a0}"]),
    ) {
        let mut text = digits.clone();
        if with_point {
            text.insert(point.index(digits.len() + 1), '.');
        }
        if negative {
            text.insert(0, '-');
        }
        let cell = format!("{pad}{text}{pad}");
        let got = number(&cell, &|| "x".to_owned());
        match text.parse::<f64>() {
            Ok(v) => prop_assert_eq!(got.unwrap().map(f64::to_bits), Some(v.to_bits())),
            Err(_) if text.is_empty() => prop_assert_eq!(got.unwrap(), None),
            Err(_) => prop_assert!(got.is_err()),
        }
    }
}

/// A file of many rows in one run of lines, then gaps (a blank line, a quoted line break,
/// a bad row) that start new runs of origins: every row keeps the line the plain reading
/// gives it.
#[test]
fn origins_follow_the_lines_across_gaps() {
    let mut csv = String::from("measure,period,value,note\n");
    for y in 2000..2040 {
        writeln!(csv, "m,{y},1,").unwrap();
    }
    csv.push_str("\nm,2050,1,\"two\nlines\"\nm,2051,x,\nm,2052,2,\n");
    let (obs, bad) = Observations::from_csv_reader_skipping(csv.as_bytes()).unwrap();
    assert_eq!(obs.len(), 42);
    assert_eq!(obs.origin(0), "line 2");
    assert_eq!(obs.origin(39), "line 41");
    // After the gaps, as the csv crate counts lines (a record after a blank line takes the
    // blank line's number; the reference agrees, below).
    assert_eq!(obs.origin(40), "line 42");
    assert_eq!(bad[0].0, 45);
    assert_eq!(obs.origin(41), "line 46");
    let (expected, _, lines) = reference(csv.as_bytes(), true).unwrap();
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(obs.origin(i), format!("line {line}"));
    }
    assert_eq!(obs, expected);
}
