//! Checks shared by the fuzz targets: round trips that must give back what was loaded.

use outcomes_core::Result;
use outcomes_core::data::{Observation, Observations};
use outcomes_core::model::Framework;

/// A loaded framework validates without panicking, saves to TOML and loads back to the same
/// framework (and the same text); when JSON can carry it (finite numbers), likewise for JSON.
///
/// # Panics
/// When a save fails, saved text does not load, or the reloaded framework differs.
pub fn check_framework_round_trips(fw: &Framework) {
    let _ = fw.validate();
    let toml = fw
        .to_toml_string()
        .unwrap_or_else(|e| panic!("a loaded framework does not save as TOML: {e}"));
    let back = Framework::from_toml_str(&toml)
        .unwrap_or_else(|e| panic!("saved TOML does not load: {e}\n{toml}"));
    let toml2 = back.to_toml_string().expect("the reloaded framework saves");
    assert_eq!(toml, toml2, "TOML save -> load -> save changed the text");
    if let Ok(json) = fw.to_json_string() {
        assert_eq!(&back, fw, "TOML save -> load changed the framework");
        let from_json = Framework::from_json_str(&json)
            .unwrap_or_else(|e| panic!("saved JSON does not load: {e}\n{json}"));
        assert_eq!(&from_json, fw, "JSON save -> load changed the framework");
        let json2 = from_json
            .to_json_string()
            .expect("the reloaded framework saves");
        assert_eq!(json, json2, "JSON save -> load -> save changed the text");
    }
}

/// Rows with their numbers as bit patterns, so -0.0 and 0.0 differ.
fn bits(rows: &[Observation]) -> Vec<(Observation, [Option<u64>; 7])> {
    rows.iter()
        .map(|r| {
            let b = |v: Option<f64>| v.map(f64::to_bits);
            (
                r.clone(),
                [
                    b(r.value),
                    b(r.numerator),
                    b(r.denominator),
                    b(r.lower),
                    b(r.upper),
                    b(r.lower_998),
                    b(r.upper_998),
                ],
            )
        })
        .collect()
}

/// Loaded observations write to the long CSV and to JSON and read back to the same rows.
///
/// # Panics
/// When written text does not read back, or reads back to other rows.
pub fn check_observation_round_trips(obs: &Observations) {
    let rows: Vec<Observation> = obs.iter().collect();
    let csv = obs.to_csv_string();
    let back = Observations::from_csv_reader(csv.as_bytes())
        .unwrap_or_else(|e| panic!("written CSV does not read back: {e}\n{csv}"));
    let back_rows: Vec<Observation> = back.iter().collect();
    assert_eq!(
        bits(&rows),
        bits(&back_rows),
        "CSV write -> read changed rows\n{csv}"
    );
    let json = obs
        .to_json_string()
        .unwrap_or_else(|e| panic!("loaded observations do not write as JSON: {e}"));
    let back = Observations::from_json_str(&json)
        .unwrap_or_else(|e| panic!("written JSON does not read back: {e}\n{json}"));
    let back_rows: Vec<Observation> = back.iter().collect();
    assert_eq!(
        bits(&rows),
        bits(&back_rows),
        "JSON write -> read changed rows\n{json}"
    );
}

/// The skipping reader agrees with the strict one: when the strict read succeeds the
/// skipping read gives the same rows and skips nothing; when the strict read fails on a row,
/// the skipping read either fails the same way (a structural error) or skips at least one
/// row, and each skipped row's error names its line.
///
/// # Panics
/// When the two readers disagree as above.
pub fn check_skipping_agrees(
    strict: &Result<Observations>,
    skipping: &Result<(Observations, Vec<(u64, outcomes_core::Error)>)>,
) {
    match (strict, skipping) {
        (Ok(a), Ok((b, skipped))) => {
            assert!(
                skipped.is_empty(),
                "nothing to skip, yet rows were skipped: {skipped:?}"
            );
            let rows = |o: &Observations| bits(&o.iter().collect::<Vec<_>>());
            let origins = |o: &Observations| (0..o.len()).map(|i| o.origin(i)).collect::<Vec<_>>();
            assert_eq!(rows(a), rows(b), "the skipping reader read different rows");
            assert_eq!(
                origins(a),
                origins(b),
                "the skipping reader gave other origins"
            );
        }
        (Ok(_), Err(e)) => panic!("the strict reader succeeded but the skipping one failed: {e}"),
        (Err(_), Ok((kept, skipped))) => {
            assert!(
                !skipped.is_empty(),
                "the strict reader failed but nothing was skipped"
            );
            for (line, e) in skipped {
                assert!(
                    *line >= 2,
                    "a skipped row at line {line} (the header is line 1)"
                );
                assert!(
                    e.path().contains(&format!("line {line}")),
                    "the error of the row skipped at line {line} names {:?}",
                    e.path()
                );
            }
            let _ = kept.len();
        }
        (Err(_), Err(_)) => {}
    }
}
