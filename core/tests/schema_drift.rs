//! The committed JSON Schemas under `schema/` match the types. Regenerate with
//! `UPDATE_SCHEMAS=1 cargo test -p outcomes-core --test schema_drift`.

use outcomes_core::data::Observation;
use outcomes_core::evaluate::{EvaluateOptions, Evaluation};
use outcomes_core::model::{Framework, Progress};

fn check(name: &str, value: &serde_json::Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schema")
        .join(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "schema/{name} is out of date with the types; regenerate it with UPDATE_SCHEMAS=1 cargo test -p outcomes-core --test schema_drift, review the diff and note any contract change in the README changelog"
    );
}

#[test]
fn framework_schema_is_current() {
    check("framework.schema.json", &Framework::json_schema());
}

#[test]
fn progress_schema_is_current() {
    check("progress.schema.json", &Progress::json_schema());
}

#[test]
fn observations_schema_is_current() {
    check("observations.schema.json", &Observation::json_schema());
}

#[test]
fn evaluation_schema_is_current() {
    check("evaluation.schema.json", &Evaluation::json_schema());
}

#[test]
fn options_schema_is_current() {
    check(
        "evaluate-options.schema.json",
        &EvaluateOptions::json_schema(),
    );
}
