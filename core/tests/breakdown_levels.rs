//! `BreakdownLevels` behaves as the `BTreeMap<String, String>` it replaced: the same entries in the
//! same order after any inserts and removals, the same ordering between two of them, the same
//! JSON both ways and the same `Debug` text.

use std::collections::BTreeMap;

use outcomes_core::evaluate::BreakdownLevels;
use proptest::prelude::*;

/// An operation: insert (dimension, level) or remove a dimension. Few distinct dimensions, so
/// replacements and removals of present keys are common.
#[derive(Debug, Clone)]
enum Op {
    Insert(String, String),
    Remove(String),
}

fn dimension() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "imd",
        "sex",
        "age",
        "ethnicity",
        "",
        "Imd",
        "é",
        "a\"b",
    ])
    .prop_map(str::to_owned)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (dimension(), "[a-z0-9 ]{0,6}").prop_map(|(d, l)| Op::Insert(d, l)),
        1 => dimension().prop_map(Op::Remove),
    ]
}

fn apply(ops: &[Op]) -> (BreakdownLevels, BTreeMap<String, String>) {
    let (mut b, mut m) = (BreakdownLevels::new(), BTreeMap::new());
    for op in ops {
        match op {
            Op::Insert(d, l) => {
                assert_eq!(
                    b.insert(d.clone(), l.clone()),
                    m.insert(d.clone(), l.clone())
                );
            }
            Op::Remove(d) => assert_eq!(b.remove(d), m.remove(d)),
        }
    }
    (b, m)
}

proptest! {
    #[test]
    fn behaves_as_a_sorted_map(ops in prop::collection::vec(op(), 0..24), other in prop::collection::vec(op(), 0..24)) {
        let (b, m) = apply(&ops);
        prop_assert_eq!(b.len(), m.len());
        prop_assert_eq!(b.is_empty(), m.is_empty());
        let pairs: Vec<(&str, &str)> = b.iter().collect();
        let expected: Vec<(&str, &str)> = m.iter().map(|(d, l)| (d.as_str(), l.as_str())).collect();
        prop_assert_eq!(&pairs, &expected);
        for d in ["imd", "sex", "age", "ethnicity", "", "Imd", "é", "a\"b", "none"] {
            prop_assert_eq!(b.get(d), m.get(d).map(String::as_str));
        }
        // The same JSON both ways, and the same Debug text.
        let json = serde_json::to_string(&b).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&m).unwrap());
        prop_assert_eq!(serde_json::from_str::<BreakdownLevels>(&json).unwrap(), b.clone());
        prop_assert_eq!(format!("{b:?}"), format!("{m:?}"));
        // Built from the map, collected from pairs, converted back.
        prop_assert_eq!(BreakdownLevels::from(m.clone()), b.clone());
        prop_assert_eq!(m.clone().into_iter().rev().collect::<BreakdownLevels>(), b.clone());
        prop_assert_eq!(BTreeMap::from(b.clone()), m.clone());
        // Ordered as the maps are.
        let (c, n) = apply(&other);
        prop_assert_eq!(b.cmp(&c), m.cmp(&n));
        prop_assert_eq!(b == c, m == n);
    }
}

#[test]
fn a_repeated_key_in_json_keeps_the_last_level_as_a_map_does() {
    let text = r#"{"sex":"Male","imd":"1","sex":"Female"}"#;
    let b: BreakdownLevels = serde_json::from_str(text).unwrap();
    let m: BTreeMap<String, String> = serde_json::from_str(text).unwrap();
    assert_eq!(BTreeMap::from(b), m);
    assert!(serde_json::from_str::<BreakdownLevels>(r#"{"imd":1}"#).is_err());
}
