//! `Framework::combine`: the five examples evaluated in parts (split by measure x area, the
//! comparator rows given to every part, one `as_of`) and combined equal one evaluation of all
//! the observations, roll-ups included; parts that cannot be combined are refused by name.

use std::collections::BTreeSet;

use outcomes_core::ErrorKind;
use outcomes_core::data::{Observation, Observations};
use outcomes_core::evaluate::{EvaluateOptions, Evaluation};
use outcomes_core::model::Framework;

mod report_common;
use report_common::{EXAMPLES, load_example as load};

/// A small, stable hash (FNV-1a) to deal series out to parts.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Splits the rows into `n` parts by `key`, giving the comparator areas' rows to every part.
fn split(
    f: &Framework,
    o: &Observations,
    n: u64,
    key: impl Fn(&Observation) -> String,
) -> Vec<Observations> {
    let comparators: BTreeSet<&str> = f
        .measures
        .iter()
        .filter_map(|m| m.comparator.as_deref())
        .collect();
    let mut parts: Vec<Vec<Observation>> = vec![Vec::new(); usize::try_from(n).unwrap()];
    for row in o.iter() {
        if comparators.contains(row.area.as_str()) {
            for p in &mut parts {
                p.push(row.clone());
            }
        } else {
            parts[usize::try_from(fnv(&key(&row)) % n).unwrap()].push(row);
        }
    }
    parts
        .into_iter()
        .map(|rows| Observations::from_rows(rows).unwrap())
        .collect()
}

/// The evaluation with each measure's rows in (area, age, breakdown) order, as `combine`
/// gives them (one process keeps the data's order).
fn in_series_order(f: &Framework, mut ev: Evaluation) -> Evaluation {
    let position = |id: &str| f.measures.iter().position(|m| m.id == id);
    ev.measures.sort_by(|a, b| {
        (position(&a.measure), &a.area, &a.age, &a.breakdown).cmp(&(
            position(&b.measure),
            &b.area,
            &b.age,
            &b.breakdown,
        ))
    });
    ev
}

fn options_for(o: &Observations) -> EvaluateOptions {
    let end = o.iter().map(|r| r.period.end()).max().unwrap();
    EvaluateOptions {
        as_of: Some(end.to_string()),
        ..EvaluateOptions::default()
    }
}

#[test]
fn examples_in_parts_combine_to_one_evaluation() {
    for name in EXAMPLES {
        let (f, o) = load(name);
        let options = options_for(&o);
        let once = in_series_order(&f, f.evaluate(&o, &options).unwrap());
        // Population-weighted footprint figures are derived from several member areas' rows,
        // so NUH's parts keep a measure's areas together; the others split by measure x area.
        let by_area = name != "nuh-provider-collaboratives";
        for n in [2, 3, 7] {
            let parts = split(&f, &o, n, |r| {
                if by_area {
                    format!("{}\u{1f}{}", r.measure, r.area)
                } else {
                    r.measure.clone()
                }
            });
            let evaluated: Vec<Evaluation> = parts
                .iter()
                .map(|p| f.evaluate(p, &options).unwrap())
                .collect();
            let combined = f.combine(evaluated).unwrap();
            assert_eq!(
                combined.measures.len(),
                once.measures.len(),
                "{name} in {n} parts: measure rows"
            );
            for (c, s) in combined.measures.iter().zip(&once.measures) {
                assert_eq!(c, s, "{name} in {n} parts: {} / {}", s.measure, s.area);
            }
            assert_eq!(combined, once, "{name} in {n} parts");
        }
    }
}

#[test]
fn parts_that_cannot_be_combined_are_named() {
    let (f, o) = load("notts-joint-forward-plan");
    let options = options_for(&o);
    let whole = f.evaluate(&o, &options).unwrap();

    let e = f.combine(Vec::new()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidArgument, "parts"));

    let earlier = EvaluateOptions {
        as_of: Some("2024-03-31".into()),
        ..options.clone()
    };
    let e = f
        .combine(vec![whole.clone(), f.evaluate(&o, &earlier).unwrap()])
        .unwrap_err();
    assert_eq!(e.path(), "parts[1].as_of");
    assert!(e.message().contains("fix as_of before splitting"), "{e}");

    let stricter = EvaluateOptions {
        confidence: 0.998,
        ..options.clone()
    };
    let e = f
        .combine(vec![whole.clone(), f.evaluate(&o, &stricter).unwrap()])
        .unwrap_err();
    assert_eq!(e.path(), "parts[1].options");

    // The same series in two parts: the data was not split by measure and area.
    let e = f.combine(vec![whole.clone(), whole.clone()]).unwrap_err();
    assert!(e.path().starts_with("parts[1].measures["), "{e}");
    assert!(e.message().contains("split by measure and area"), "{e}");

    let (other, other_obs) = load("working-together-partnership");
    let e = other
        .combine(vec![
            other
                .evaluate(&other_obs, &options_for(&other_obs))
                .unwrap(),
            whole,
        ])
        .unwrap_err();
    assert_eq!(e.path(), "parts[1].framework");
}
