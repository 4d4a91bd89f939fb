//! Every `PHEindicatormethods` 2.1.0 reference case for proportion, rate, Byar's, Wilson, DSR,
//! ISR, `ISRatio`, mean, life expectancy and proportion funnels, from
//! `tests/fixtures/phe/phe-indicator-methods-cases.csv` (copied from
//! `shared/reference/phe-indicator-methods-cases.csv`, produced by running `PHEindicatormethods`;
//! see the README there), plus error cases and property tests.

use outcomes_core::ErrorKind;
use outcomes_core::stats::dist::z_for_confidence;
use outcomes_core::stats::poisson::byars_limits;
use outcomes_core::stats::{
    DsrOptions, FunnelKind, Interval, IsrOptions, LifeExpectancyOptions, RepeatEvents, dsr,
    funnel_limits, isr, isratio, life_expectancy, mean, proportion, rate,
};
use proptest::prelude::*;
use serde_json::Value;

const CASES: &str = include_str!("fixtures/phe/phe-indicator-methods-cases.csv");

struct Case {
    method: String,
    confidence: f64,
    multiplier: f64,
    inputs: Value,
    expected: [f64; 3],
    line: usize,
}

fn parse(s: &str) -> f64 {
    if s.is_empty() {
        f64::NAN
    } else {
        s.parse().unwrap()
    }
}

fn cases() -> Vec<Case> {
    let mut reader = csv::Reader::from_reader(CASES.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let r = r.unwrap();
            Case {
                method: r[0].to_owned(),
                confidence: r[1].parse().unwrap(),
                multiplier: r[2].parse().unwrap(),
                inputs: serde_json::from_str(&r[3]).unwrap(),
                expected: [parse(&r[4]), parse(&r[5]), parse(&r[6])],
                line: i + 2,
            }
        })
        .collect()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn column(v: &Value, key: &str) -> Vec<f64> {
    v[key].as_array().unwrap().iter().map(num).collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if want == 0.0 {
        return got.abs() < 1e-300 || got == 0.0;
    }
    ((got - want) / want).abs() <= rel
}

fn check(case: &Case, got: [f64; 3], rel: f64) {
    for (k, name) in ["value", "lower", "upper"].iter().enumerate() {
        assert!(
            close(got[k], case.expected[k], rel),
            "line {} {} {}: {name} {} vs expected {}",
            case.line,
            case.method,
            case.inputs,
            got[k],
            case.expected[k]
        );
    }
}

fn one<F: FnOnce(Interval<'_>)>(f: F) -> [f64; 3] {
    let (mut v, mut lo, mut hi) = ([f64::NAN], [f64::NAN], [f64::NAN]);
    f(Interval::new(&mut v, &mut lo, &mut hi));
    [v[0], lo[0], hi[0]]
}

fn run(case: &Case) -> Option<[f64; 3]> {
    let inp = &case.inputs;
    let (c, m) = (case.confidence, case.multiplier);
    let got = match case.method.as_str() {
        "proportion" | "wilson_ci" => one(|o| {
            proportion(
                &[num(&inp["x"])],
                &[num(&inp["n"])],
                c,
                m,
                o.value,
                o.lower,
                o.upper,
            )
            .unwrap();
        }),
        "rate" => one(|o| {
            rate(
                &[num(&inp["x"])],
                &[num(&inp["n"])],
                c,
                m,
                o.value,
                o.lower,
                o.upper,
            )
            .unwrap();
        }),
        "byars_count_ci" => {
            let x = num(&inp["x"]);
            let (lo, hi) = byars_limits(x, z_for_confidence(c).unwrap());
            [x, lo, hi]
        }
        "dsr" => one(|o| {
            let opts = DsrOptions {
                confidence: c,
                multiplier: m,
            };
            let s = dsr(
                &column(inp, "x"),
                &column(inp, "n"),
                &column(inp, "stdpop"),
                None,
                None,
                &opts,
                o,
            )
            .unwrap();
            assert_eq!(s.groups, 1);
            if case.expected[0].is_nan() {
                assert_eq!(s.notes[0].message, "dsr NA for total count < 10");
            } else {
                assert!(s.notes.is_empty());
            }
        }),
        "dsr_nonindependent" => {
            let n = column(inp, "n");
            let stdpop = column(inp, "stdpop");
            let (mut xs, mut ns, mut ws, mut fs, mut bands) =
                (vec![], vec![], vec![], vec![], vec![]);
            for (f, u) in inp["unique_individuals_by_eventfreq"].as_object().unwrap() {
                for (band, u) in u.as_array().unwrap().iter().enumerate() {
                    xs.push(num(u));
                    ns.push(n[band]);
                    ws.push(stdpop[band]);
                    fs.push(f.parse::<f64>().unwrap());
                    bands.push(band as u32);
                }
            }
            one(|o| {
                let opts = DsrOptions {
                    confidence: c,
                    multiplier: m,
                };
                let repeat = RepeatEvents {
                    event_frequency: &fs,
                    age_band: &bands,
                };
                dsr(&xs, &ns, &ws, None, Some(repeat), &opts, o).unwrap();
            })
        }
        "israte" | "isratio" => one(|o| {
            let multiplier = inp.get("refvalue").map_or(m, num);
            let opts = IsrOptions {
                confidence: c,
                multiplier,
            };
            let f = if case.method == "israte" {
                isr
            } else {
                isratio
            };
            f(
                &column(inp, "x"),
                &column(inp, "n"),
                &column(inp, "x_ref"),
                &column(inp, "n_ref"),
                None,
                &opts,
                o,
            )
            .unwrap();
        }),
        "mean" => one(|o| {
            mean(&column(inp, "values"), None, c, o).unwrap();
        }),
        "life_expectancy" => one(|o| {
            let opts = LifeExpectancyOptions {
                confidence: c,
                le_age: num(&inp["le_age"]),
            };
            let s = life_expectancy(
                &column(inp, "deaths"),
                &column(inp, "pops"),
                Some(&column(inp, "startage")),
                None,
                &opts,
                o,
            )
            .unwrap();
            assert!(s.notes.is_empty());
        }),
        "funnel_proportion_limits" => {
            let avg = num(&inp["average_proportion"]);
            let (mut lo, mut hi) = ([0.0], [0.0]);
            funnel_limits(
                avg,
                &[num(&inp["population"])],
                FunnelKind::Proportion,
                c,
                m,
                &mut lo,
                &mut hi,
            )
            .unwrap();
            let r6 = |v: f64| (v * 1e6).round() / 1e6;
            let got = [r6(avg * m), r6(lo[0]), r6(hi[0])];
            for k in 0..3 {
                assert!(
                    (got[k] - case.expected[k]).abs() < 1.5e-6,
                    "line {}: {:?} vs {:?}",
                    case.line,
                    got,
                    case.expected
                );
            }
            return None;
        }
        _ => return None,
    };
    Some(got)
}

#[test]
fn every_reference_case_for_these_methods_matches() {
    let mut checked = std::collections::BTreeMap::<String, usize>::new();
    for case in cases() {
        let known = [
            "proportion",
            "wilson_ci",
            "rate",
            "byars_count_ci",
            "dsr",
            "dsr_nonindependent",
            "israte",
            "isratio",
            "mean",
            "life_expectancy",
            "funnel_proportion_limits",
        ];
        if !known.contains(&case.method.as_str()) {
            continue;
        }
        if let Some(got) = run(&case) {
            check(&case, got, 1e-9);
        }
        *checked.entry(case.method.clone()).or_default() += 1;
    }
    let total: usize = checked.values().sum();
    // 226 cases in all; 34 are SII/RII, checked elsewhere.
    assert_eq!(total, 192, "{checked:?}");
}

#[test]
fn grouped_forms_write_one_row_per_group_in_first_appearance_order() {
    // Two interleaved groups of the mean reference data give the per-group reference results.
    let a = [
        33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927,
    ];
    let b = [
        5555.66666, 6666.77777, 4444.88888, 2222.99999, 3333.88888, 5555.44444,
    ];
    let mut values = vec![];
    let mut groups = vec![];
    for i in 0..a.len().max(b.len()) {
        if i < b.len() {
            values.push(b[i]);
            groups.push(9);
        }
        if i < a.len() {
            values.push(a[i]);
            groups.push(4);
        }
    }
    let (mut v, mut lo, mut hi) = ([0.0; 2], [0.0; 2], [0.0; 2]);
    let s = mean(
        &values,
        Some(&groups),
        0.95,
        Interval::new(&mut v, &mut lo, &mut hi),
    )
    .unwrap();
    assert_eq!(s.groups, 2);
    let (mut v1, mut l1, mut h1) = ([0.0], [0.0], [0.0]);
    mean(&a, None, 0.95, Interval::new(&mut v1, &mut l1, &mut h1)).unwrap();
    assert!(close(v[1], v1[0], 1e-14) && close(lo[1], l1[0], 1e-14) && close(hi[1], h1[0], 1e-14));
    assert!(close(v[1], 53.704_345, 1e-12));
    // Wrong output length.
    let (mut v, mut lo, mut hi) = ([0.0; 1], [0.0; 1], [0.0; 1]);
    let e = mean(
        &values,
        Some(&groups),
        0.95,
        Interval::new(&mut v, &mut lo, &mut hi),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn proportion_errors_name_the_first_bad_row_and_count() {
    let mut out = [[0.0; 4]; 3];
    let [v, lo, hi] = &mut out;
    let e = proportion(
        &[1.0, 12.0, -1.0, 11.0],
        &[10.0, 10.0, 10.0, 10.0],
        0.95,
        1.0,
        v,
        lo,
        hi,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Method);
    let msg = e.to_string();
    assert!(
        msg.starts_with("x[1]: x[1] = 12 is greater than n[1] = 10"),
        "{msg}"
    );
    assert!(msg.contains("3 rows are invalid"), "{msg}");
    let e = proportion(
        &[1.0, 1.0, 1.0, 1.0],
        &[10.0, 0.0, 10.0, 10.0],
        0.95,
        1.0,
        v,
        lo,
        hi,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("n[1]:"), "{e}");
    assert!(e.to_string().contains("1 row is invalid"), "{e}");
    // Wrong output length and bad confidence are invalid arguments.
    let e = proportion(&[1.0], &[10.0], 0.95, 1.0, v, lo, hi).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    let mut small = [[0.0; 1]; 3];
    let [v, lo, hi] = &mut small;
    let e = proportion(&[1.0], &[10.0], 0.5, 1.0, v, lo, hi).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.to_string().starts_with("confidence:"));
    // Percent confidence is accepted.
    proportion(&[1.0], &[10.0], 99.8, 1.0, v, lo, hi).unwrap();
}

#[test]
fn nan_rows_give_nan_and_rate_allows_x_above_n() {
    let mut out = [[0.0; 3]; 3];
    let [v, lo, hi] = &mut out;
    proportion(
        &[f64::NAN, 5.0, 3.0],
        &[10.0, f64::NAN, 10.0],
        0.95,
        1.0,
        v,
        lo,
        hi,
    )
    .unwrap();
    assert!(v[0].is_nan() && lo[0].is_nan() && hi[0].is_nan());
    assert!(v[1].is_nan() && lo[1].is_nan() && hi[1].is_nan());
    assert!(v[2] == 0.3 && lo[2] < 0.3 && hi[2] > 0.3);
    rate(
        &[250.0, f64::NAN, 3.0],
        &[220.0, 10.0, 10.0],
        0.95,
        1e5,
        v,
        lo,
        hi,
    )
    .unwrap();
    assert!(close(lo[0], 99_984.947_385_328_76, 1e-9));
    assert!(v[1].is_nan() && lo[1].is_nan());
    let e = rate(&[1.0, 1.0, -2.0], &[10.0, -1.0, 10.0], 0.95, 1e5, v, lo, hi).unwrap_err();
    assert!(
        e.to_string().starts_with("n[1]:") && e.to_string().contains("2 rows"),
        "{e}"
    );
}

#[test]
fn dsr_and_life_expectancy_report_problems() {
    let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
    let e = dsr(
        &[1.0, 2.0],
        &[10.0, f64::NAN],
        &[1.0, 1.0],
        None,
        None,
        &DsrOptions::default(),
        Interval::new(&mut v, &mut lo, &mut hi),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("field n cannot have missing values"),
        "{e}"
    );
    // A group with 19 bands is suppressed with PHEindicatormethods' warning.
    let s = life_expectancy(
        &[1.0; 19],
        &[1000.0; 19],
        None,
        None,
        &LifeExpectancyOptions::default(),
        Interval::new(&mut v, &mut lo, &mut hi),
    )
    .unwrap();
    assert!(v[0].is_nan());
    assert!(
        s.notes[0]
            .message
            .contains("different number of age bands than 20")
    );
    let e = life_expectancy(
        &[1.0; 20],
        &[1000.0; 20],
        Some(&[3.0; 20]),
        None,
        &LifeExpectancyOptions::default(),
        Interval::new(&mut v, &mut lo, &mut hi),
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("start_age[0]:"), "{e}");
}

fn wilson(x: f64, n: f64, c: f64) -> (f64, f64, f64) {
    let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
    proportion(&[x], &[n], c, 1.0, &mut v, &mut lo, &mut hi).unwrap();
    (v[0], lo[0], hi[0])
}

fn poisson(x: f64, n: f64, c: f64) -> (f64, f64, f64) {
    let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
    rate(&[x], &[n], c, 1.0, &mut v, &mut lo, &mut hi).unwrap();
    (v[0], lo[0], hi[0])
}

proptest! {
    #[test]
    fn wilson_limits_bracket_the_value_and_widen_with_confidence(
        n in 1u32..100_000, frac in 0.0f64..=1.0, c in 0.9f64..0.99
    ) {
        let n = f64::from(n);
        let x = (frac * n).round();
        let (v, lo, hi) = wilson(x, n, c);
        prop_assert!(lo <= v && v <= hi && lo >= 0.0 && hi <= 1.0);
        let (_, lo2, hi2) = wilson(x, n, c + 0.009);
        prop_assert!(lo2 <= lo && hi2 >= hi);
    }

    #[test]
    fn wilson_is_symmetric_under_x_to_n_minus_x(n in 1u32..100_000, frac in 0.0f64..=1.0) {
        let n = f64::from(n);
        let x = (frac * n).round();
        let (_, lo, hi) = wilson(x, n, 0.95);
        let (_, lo2, hi2) = wilson(n - x, n, 0.95);
        prop_assert!((lo - (1.0 - hi2)).abs() < 1e-12 && (hi - (1.0 - lo2)).abs() < 1e-12);
    }

    #[test]
    fn rate_limits_bracket_the_value_widen_and_are_monotone_in_x(
        x in 0u32..5_000, n in 1.0f64..1e6, c in 0.9f64..0.99
    ) {
        let x = f64::from(x);
        let (v, lo, hi) = poisson(x, n, c);
        prop_assert!(lo <= v && v <= hi);
        let (_, lo2, hi2) = poisson(x, n, c + 0.009);
        prop_assert!(lo2 <= lo && hi2 >= hi);
        let (_, lo3, hi3) = poisson(x + 1.0, n, c);
        prop_assert!(lo3 > lo && hi3 > hi);
    }
}
