//! Observation readers: long CSV, Fingertips export, JSON.

use outcomes_core::ErrorKind;
use outcomes_core::data::Observations;
use outcomes_core::model::Framework;
use std::fmt::Write as _;

const FINGERTIPS: &str = include_str!("fixtures/fingertips/fingertips-export-sample.csv");

#[test]
fn fingertips_sample_reads_every_row() {
    let obs = Observations::from_fingertips_csv_reader(FINGERTIPS.as_bytes()).unwrap();
    assert_eq!(obs.len(), 10);
    let r = obs.row(1);
    assert_eq!(r.measure, "20101");
    assert_eq!(r.area, "Birmingham");
    assert_eq!(r.area_code.as_deref(), Some("E08000025"));
    assert_eq!(r.period.to_string(), "2022");
    assert_eq!(
        (r.value, r.lower, r.upper),
        (Some(4.298), Some(3.95), Some(4.674))
    );
    assert_eq!((r.numerator, r.denominator), (Some(520.0), Some(12100.0)));
    assert_eq!((r.lower_998, r.upper_998), (Some(3.763), Some(4.904)));
    // the deprivation rows carry the category type as a breakdown
    let most = (0..obs.len())
        .find(|&i| {
            obs.breakdown(i)
                .any(|(_, l)| l.starts_with("Most deprived"))
        })
        .unwrap();
    assert_eq!(obs.row(most).value, Some(3.966));
    assert!(obs.is_headline(0));
    assert_eq!(obs.row(9).period.to_string(), "2020 - 22");
}

#[test]
fn fingertips_space_stripped_headers_and_key_check() {
    let stripped = FINGERTIPS
        .replacen("Indicator ID", "IndicatorID", 1)
        .replacen("Time period Sortable", "TimeperiodSortable", 1);
    assert_eq!(
        Observations::from_fingertips_csv_reader(stripped.as_bytes())
            .unwrap()
            .len(),
        10
    );
    let corrupt = FINGERTIPS.replacen("2022,2.901", "2021,2.901", 1);
    let e = Observations::from_fingertips_csv_reader(corrupt.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Data);
    assert_eq!(e.path(), "line 2 (Time period Sortable)");
}

/// Row checks on a Fingertips export name its columns, not the standard fields.
#[test]
fn fingertips_row_checks_name_the_export_columns() {
    for (from, to, column) in [
        (",15900,548000,", ",15900,0,", "Denominator"),
        (",15900,548000,", ",-3,548000,", "Count"),
        (
            "2.857,2.946,2.832",
            "2.950,2.946,2.832",
            "Lower CI 95.0 limit",
        ),
    ] {
        let bad = FINGERTIPS.replacen(from, to, 1);
        assert_ne!(bad, FINGERTIPS);
        let e = Observations::from_fingertips_csv_reader(bad.as_bytes()).unwrap_err();
        assert_eq!(e.path(), format!("line 2 ({column})"), "{e}");
    }
}

#[test]
fn long_csv_round_trips_through_csv_and_json() {
    let csv = "measure,period,area,value,numerator,denominator,lower,upper,note,deprivation_quintile\n\
               smoking,2022/23,Nottingham,13,390,3000,,,synthetic example data,\n\
               smoking,2022/23,Nottingham,17.5,105,600,,,synthetic example data,1\n\
               smoking,Jan 2024,Nottinghamshire,12.6,,,11.9,13.3,\"note, with comma\",\n";
    let obs = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(obs.len(), 3);
    let again = Observations::from_csv_reader(obs.to_csv_string().as_bytes()).unwrap();
    assert_eq!(
        obs.iter().collect::<Vec<_>>(),
        again.iter().collect::<Vec<_>>()
    );
    let json = Observations::from_json_str(&obs.to_json_string().unwrap()).unwrap();
    assert_eq!(
        obs.iter().collect::<Vec<_>>(),
        json.iter().collect::<Vec<_>>()
    );
}

fn err(csv: &str) -> outcomes_core::Error {
    Observations::from_csv_reader(csv.as_bytes()).unwrap_err()
}

#[test]
fn bad_rows_name_line_and_column() {
    let cases = [
        (
            "measure,period,value\nm,2022/23,abc\n",
            "line 2 (value)",
            "not a number",
        ),
        (
            "measure,period,value\nm,2022/23,1\nm,2024/26,2\n",
            "line 3 (period)",
            "2024/26",
        ),
        (
            "measure,period,value,denominator\nm,2022/23,1,-5\n",
            "line 2 (denominator)",
            "not positive",
        ),
        (
            "measure,period,value\nm,2022/23,inf\n",
            "line 2 (value)",
            "finite",
        ),
        (
            "measure,period,value\nm,2022/23,1\nm,2022/23,2\n",
            "line 3",
            "duplicate row: line 2",
        ),
        (
            "measure,period,value,lower,upper\nm,2022/23,5,6,7\n",
            "line 2 (lower)",
            "bracket",
        ),
        (
            "measure,period,value\nm,2022/23,\n",
            "line 2 (value)",
            "no value",
        ),
        (
            "measure,period,value\nm,2022/23,\"1,234\"\n",
            "line 2 (value)",
            "thousands",
        ),
        (
            "measure,period,value\nm,2022/23,1,2\n",
            "line 2",
            "has 4 fields",
        ),
        (
            "period,value\n2022/23,1\n",
            "line 1",
            "no \"measure\" column",
        ),
        ("", "line 1", "empty"),
    ];
    for (csv, path, needle) in cases {
        let e = err(csv);
        assert_eq!(e.kind(), ErrorKind::Data, "{csv:?}: {e}");
        assert_eq!(e.path(), path, "{csv:?}: {e}");
        assert!(e.message().contains(needle), "{csv:?}: {e}");
    }
}

#[test]
fn several_bad_rows_are_counted_and_nothing_loads() {
    let e = err("measure,period,value\nm,2022/23,x\nm,2023/24,y\nm,2024/25,z\n");
    assert_eq!(e.path(), "line 2 (value)");
    assert!(
        e.message()
            .contains("and 2 more bad rows; nothing was loaded"),
        "{e}"
    );
}

#[test]
fn invalid_utf8_is_a_data_error() {
    let mut bytes = b"measure,period,value\nm,2022/23,1\n".to_vec();
    bytes.extend_from_slice(b"m\xff,2023/24,2\n");
    let e = Observations::from_csv_reader(&bytes[..]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Data);
    assert_eq!(e.path(), "line 3");
    assert!(e.message().contains("UTF-8"));
}

#[test]
fn check_against_framework() {
    let fw = Framework::from_toml_str(
        "schema_version = 1\nid = \"t\"\ntitle = \"T\"\nperiod = { from = \"2023/24\", to = \"2027/28\" }\n[[measures]]\nid = \"smoking\"\ntitle = \"S\"\nunit = \"percent\"\npolarity = \"lower_is_better\"\nmethod = \"proportion\"\nsource = { name = \"Fingertips\", indicator = \"93085\" }\n",
    )
    .unwrap();
    let csv = "measure,period,value,numerator,denominator,sex\nsmoking,2022/23,13,390,3000,\n93085,2023/24,12,360,3000,\nunknown,2022/23,1,,,\nsmoking,2024/25,120,3600,3000,\nsmoking,2025/26,1,,,Female\n";
    let obs = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    let d = obs.check_against(&fw);
    let paths: Vec<&str> = d.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "line 4 (measure)",
            "line 5 (numerator)",
            "line 5 (value)",
            "line 6 (sex)"
        ],
        "{d:#?}"
    );
}

/// `==` compares rows, not storage: a missing numerator equals a missing numerator (the
/// columns hold NaN for it), and the same rows read from CSV and from JSON are equal although
/// their origins (`line 2` against `rows[0]`) differ.
#[test]
fn equality_is_by_rows_with_missing_values_equal() {
    let csv = "measure,period,area,value,numerator,denominator\n\
               m1,2023/24,England,12.5,,\n\
               m1,2024/25,England,13.0,13,100\n";
    let a = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(a, a.clone());
    let b = Observations::from_json_str(&a.to_json_string().unwrap()).unwrap();
    assert_ne!(a.origin(0), b.origin(0));
    assert_eq!(a, b);
    let mut changed = csv.replace("13.0,13,100", "13.5,13,100");
    assert_ne!(
        a,
        Observations::from_csv_reader(changed.as_bytes()).unwrap()
    );
    changed = csv.replace("12.5,,", "12.5,1,8");
    assert_ne!(
        a,
        Observations::from_csv_reader(changed.as_bytes()).unwrap()
    );
}

/// Duplicates are found in short and long series alike (a long series keeps its periods in a
/// map), in series that come grouped or interleaved, and only within one series.
#[test]
fn duplicate_rows_in_long_and_interleaved_series() {
    let mut csv = String::from("measure,period,area,value\n");
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // 60 months of one series, interleaved with a second area.
    for year in 2019..2024 {
        for m in months {
            for area in ["A", "B"] {
                let _ = writeln!(csv, "m,{m} {year},{area},1");
            }
        }
    }
    let clean = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(clean.len(), 120);
    // The same period in another area or measure is not a duplicate.
    let other = format!("{csv}m2,Jan 2019,A,1\nm,Jan 2019,C,1\n");
    assert_eq!(
        Observations::from_csv_reader(other.as_bytes())
            .unwrap()
            .len(),
        122
    );
    // Line 2 is (m, Jan 2019, A); line 99 is (m, Jan 2023, B), past the first 32 periods.
    let dup = format!("{csv}m,Jan 2019,A,2\nm,Jan 2023,B,2\n");
    let (obs, skipped) = Observations::from_csv_reader_skipping(dup.as_bytes()).unwrap();
    assert_eq!(obs.len(), 120);
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].0, 122);
    assert!(
        skipped[0].1.message().contains("duplicate row: line 2 "),
        "{}",
        skipped[0].1
    );
    assert_eq!(skipped[1].0, 123);
    assert!(
        skipped[1].1.message().contains("duplicate row: line 99 "),
        "{}",
        skipped[1].1
    );
    let e = Observations::from_csv_reader(dup.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 122");
    // Built by push, row by row, the same rule holds.
    let rows: Vec<_> = clean.iter().chain(clean.iter().skip(97).take(1)).collect();
    let e = Observations::from_rows(rows).unwrap_err();
    assert_eq!(e.path(), "rows[120]");
    assert!(e.message().contains("rows[97]"), "{}", e.message());
}

/// The long CSV's standard columns, in the writer's order (a contract: files written by one
/// version are read by the next), and a row with every field set reads back the same.
#[test]
fn long_csv_header_and_round_trip() {
    let text = "measure,period,area,area_code,age,value,numerator,denominator,lower,upper,lower_998,upper_998,note,source,imd\n\
                m1,2024/25,Area A,E06000018,65+,12.5,25,200,8.5,17.9,7.1,20.3,provisional,QOF,2\n";
    let obs = Observations::from_csv_reader(text.as_bytes()).unwrap();
    let written = obs.to_csv_string();
    assert_eq!(
        written.lines().next().unwrap(),
        "measure,period,area,area_code,age,value,numerator,denominator,lower,upper,lower_998,upper_998,note,source,imd"
    );
    let back = Observations::from_csv_reader(written.as_bytes()).unwrap();
    assert_eq!(back, obs);
    assert_eq!(written, text);
}
