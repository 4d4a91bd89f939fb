//! Row origins (`line 12`, `rows[3]`, `data.csv: line 12`) come back exactly as given, whatever
//! braces or digits they hold, and `prefix_origins` puts its prefix before every one of them.

use outcomes_core::data::{Observation, Observations};
use outcomes_core::period::Period;
use proptest::prelude::*;

fn rows(origins: &[String]) -> Observations {
    let mut obs = Observations::new();
    let p = Period::parse("2024/25").unwrap();
    for (k, o) in origins.iter().enumerate() {
        obs.push(&Observation::new(format!("m{k}"), p, 1.0), o)
            .unwrap();
    }
    obs
}

#[test]
fn braces_and_numbers_survive() {
    let origins: Vec<String> = [
        "line 12",
        "line 13",
        "rows[3]",
        "a{}b.csv: line 7",
        "x{{y}} 5",
        "{",
        "}",
        "{}",
        "007",
        "line 0",
        "no number",
        "",
        "{} 1 {} 2",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut obs = rows(&origins);
    for (k, o) in origins.iter().enumerate() {
        assert_eq!(&obs.origin(k), o);
    }
    obs.prefix_origins("da{}ta{.csv: ");
    for (k, o) in origins.iter().enumerate() {
        assert_eq!(obs.origin(k), format!("da{{}}ta{{.csv: {o}"));
    }
}

proptest! {
    #[test]
    fn any_origin_round_trips(
        origins in prop::collection::vec("[a-z{} :0-9\\[\\]]{0,12}", 1..20),
        prefix in "[a-z{} :.]{0,8}",
    ) {
        let mut obs = rows(&origins);
        for (k, o) in origins.iter().enumerate() {
            prop_assert_eq!(&obs.origin(k), o);
        }
        obs.prefix_origins(&prefix);
        for (k, o) in origins.iter().enumerate() {
            prop_assert_eq!(obs.origin(k), format!("{prefix}{o}"));
        }
    }
}
