//! Regression tests for findings of the fuzz targets in `fuzz/` (issue 9). Each test names
//! the target and the check that failed; the inputs are minimised and written out here, so
//! CI checks them without running the fuzzer.

use std::collections::BTreeMap;

use outcomes_core::ErrorKind;
use outcomes_core::data::{Observation, Observations};
use outcomes_core::period::Period;

const FT_HEADER: &str = "Indicator ID,Area Name,Sex,Category Type,Category,Time period,Value\n";

/// `csv_fingertips` (round trip): a Fingertips category type named like a long-CSV column
/// (`Value`, `measure`, `note`, ...) became a breakdown dimension that `to_csv_string` wrote
/// as a second `value` column, so the written file did not read back. Such a row is now an
/// error naming the column.
#[test]
fn fingertips_category_type_named_like_a_standard_column_is_refused() {
    for ct in ["Value", "measure", "NOTE", "area_code", "Upper_998"] {
        let csv = format!("{FT_HEADER}93085,Nottingham,Persons,{ct},x,2022/23,1.5\n");
        let e = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Data);
        assert_eq!(e.path(), format!("line 2 ({ct})"));
        assert!(e.message().contains("name of a standard column"), "{e}");
    }
    // An ordinary category type still reads, and round-trips through the long CSV.
    let csv = format!("{FT_HEADER}93085,Nottingham,Persons,Deprivation decile,3,2022/23,1.5\n");
    let obs = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap();
    let back = Observations::from_csv_reader(obs.to_csv_string().as_bytes()).unwrap();
    assert_eq!(back.row(0), obs.row(0));
}

/// `csv_fingertips` (round trip): a category type with an empty Category gave the breakdown
/// level "", which the long CSV writes as an empty cell and reads back as "all levels": the
/// breakdown was lost. An empty level is now an error.
#[test]
fn fingertips_category_type_without_category_is_refused() {
    let csv = format!("{FT_HEADER}93085,Nottingham,Persons,Deprivation decile,,2022/23,1.5\n");
    let e = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 2 (Deprivation decile)");
    assert!(e.message().contains("is empty"), "{e}");
}

/// Found while writing the Fingertips round-trip check: a category type `sex` on a row whose
/// Sex is not Persons silently replaced the sex breakdown (Male was lost).
#[test]
fn fingertips_category_type_sex_clashing_with_sex_column_is_refused() {
    let csv = format!("{FT_HEADER}93085,Nottingham,Male,sex,Female,2022/23,1.5\n");
    let e = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 2 (Category Type)");
    assert!(e.message().contains("clashes with the Sex column"), "{e}");
    // With Sex = Persons there is no sex breakdown to clash with.
    let csv = format!("{FT_HEADER}93085,Nottingham,Persons,sex,Female,2022/23,1.5\n");
    let obs = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(obs.level(0, "sex"), Some("Female"));
}

/// The same rule for rows built in code or read from JSON: a breakdown the long CSV cannot
/// carry (unnamed or standard-named dimension, empty level) is refused at the row.
#[test]
fn json_rows_with_breakdowns_the_csv_cannot_carry_are_refused() {
    let period = Period::parse("2024/25").unwrap();
    for (dimension, level, path) in [
        ("value", "1", "rows[0] (value)"),
        ("Period", "1", "rows[0] (Period)"),
        (" ", "1", "rows[0] (breakdown)"),
        ("quintile", "", "rows[0] (quintile)"),
        ("quintile", "  ", "rows[0] (quintile)"),
    ] {
        let mut row = Observation::new("m", period, 1.0);
        row.breakdown = BTreeMap::from([(dimension.to_owned(), level.to_owned())]);
        let e = Observations::from_rows([row]).unwrap_err();
        assert_eq!(e.path(), path, "{dimension:?} = {level:?}: {e}");
    }
    let json = r#"[{"measure": "m", "period": "2024/25", "value": 1, "breakdown": {"note": "x"}}]"#;
    let e = Observations::from_json_str(json).unwrap_err();
    assert_eq!(e.path(), "rows[0] (note)");
}

/// `csv_fingertips` (skipping reader): in a file whose lines end in a bare carriage return,
/// the csv crate counts every record as line 1, so errors named "line 1" (the header) for
/// every row. Rows are now numbered by record there.
#[test]
fn bare_carriage_return_line_ends_still_name_the_right_line() {
    let csv = "Indicator ID,Area Name,Time period,Value\r93085,Nottingham,2021/22,1.5\r93085,Nottingham,2022/23,bad\r";
    let e = Observations::from_fingertips_csv_reader(csv.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 3 (Value)");
    let (obs, skipped) = Observations::from_fingertips_csv_reader_skipping(csv.as_bytes()).unwrap();
    assert_eq!(obs.origin(0), "line 2");
    assert_eq!(skipped[0].0, 3);
    let long = "measure,period,value\rm,2021/22,1\rm,2021/22,2\r";
    let e = Observations::from_csv_reader(long.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 3");
    assert!(e.message().contains("line 2 already has"), "{e}");
    // Ordinary \n and \r\n files keep the csv crate's line numbers, including rows that
    // span lines inside quotes.
    let quoted = "measure,period,value,note\nm,2021/22,1,\"two\nlines\"\nm,2022/23,x,\n";
    let e = Observations::from_csv_reader(quoted.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 4 (value)");
}
