//! Evaluating a small fixed framework against fuzzed observations (long CSV) never panics,
//! and the evaluation writes to JSON and CSV and renders its annual review.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use outcomes_core::data::Observations;
use outcomes_core::evaluate::EvaluateOptions;
use outcomes_core::model::Framework;

static FRAMEWORK: LazyLock<Framework> = LazyLock::new(|| {
    Framework::from_toml_str(include_str!("../framework.toml")).expect("the fixed framework loads")
});

fuzz_target!(|data: &[u8]| {
    let Ok(obs) = Observations::from_csv_reader(data) else {
        return;
    };
    let fw = &*FRAMEWORK;
    let _ = obs.check_against(fw);
    let fixed = EvaluateOptions {
        as_of: Some("2026-03-31".to_owned()),
        ..EvaluateOptions::default()
    };
    for options in [EvaluateOptions::default(), fixed] {
        let Ok(ev) = fw.evaluate(&obs, &options) else {
            continue;
        };
        let _ = ev.to_json_string();
        let _ = ev.to_csv_string();
        if let Ok(review) = ev.annual_review("2024/25", None) {
            let _ = review.to_markdown();
            let _ = review.to_html();
            let _ = review.to_csv();
        }
    }
});
