//! Property tests of the XmR chart: invariants a statistician would state.

use outcomes_core::spc::{Improvement, PointType, Signal, SpcOptions, xmr};
use proptest::prelude::*;

/// Random walks with runs of rises and falls, so that every rule fires now and then.
fn walk(min: usize, max: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![-5.0..5.0f64, 0.1..2.0f64, -2.0..-0.1f64, -30.0..30.0f64],
        min..max,
    )
    .prop_map(|steps| {
        let mut x = 100.0;
        steps
            .into_iter()
            .map(|s| {
                x += s;
                x
            })
            .collect()
    })
}

fn no_equal_neighbours(v: &[f64]) -> bool {
    v.windows(2).all(|w| w[0] != w[1])
}

/// Bit patterns, with every NaN made one canonical NaN (a NaN's sign bit means nothing).
fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|&x| key(x)).collect()
}

fn key(x: f64) -> u64 {
    if x.is_nan() {
        f64::NAN.to_bits()
    } else {
        x.to_bits()
    }
}

fn flip(t: PointType) -> PointType {
    match t {
        PointType::SpecialCauseNeutralHigh => PointType::SpecialCauseNeutralLow,
        PointType::SpecialCauseNeutralLow => PointType::SpecialCauseNeutralHigh,
        other => other,
    }
}

proptest! {
    // 256 cases unless PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// With a fixed baseline the limits depend only on the baseline: shuffling the later
    /// points never changes them.
    #[test]
    fn permuting_after_the_baseline_keeps_the_limits(
        (values, fix, perm) in (12usize..20, walk(0, 40)).prop_flat_map(|(fix, tail)| {
            (walk(fix, fix + 1), Just(fix), Just(tail))
        }).prop_flat_map(|(head, fix, tail)| {
            let n = tail.len();
            (Just([head, tail].concat()), Just(fix), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        screen in any::<bool>(),
    ) {
        let options = SpcOptions { fix_after: Some(fix), screen_outliers: Some(screen), ..SpcOptions::default() };
        let a = xmr(&values, &options).unwrap();
        let mut shuffled = values[..fix].to_vec();
        shuffled.extend(perm.iter().map(|&k| values[fix + k]));
        let b = xmr(&shuffled, &options).unwrap();
        prop_assert_eq!(bits(&a.mean), bits(&b.mean));
        prop_assert_eq!(bits(&a.lpl), bits(&b.lpl));
        prop_assert_eq!(bits(&a.upl), bits(&b.upl));
        prop_assert_eq!(bits(&a.near_lpl), bits(&b.near_lpl));
        prop_assert_eq!(bits(&a.near_upl), bits(&b.near_upl));
    }

    /// Negating the values and flipping the direction maps improvement to improvement and
    /// concern to concern (and neutral high to neutral low), mirrors the limits and the icons.
    #[test]
    fn negating_and_flipping_direction_keeps_verdicts(
        values in walk(1, 80).prop_filter("no two equal neighbours", |v| no_equal_neighbours(v)),
        improvement in prop_oneof![Just(Improvement::Increase), Just(Improvement::Decrease), Just(Improvement::Neutral)],
        rebase in prop::option::of(1usize..60),
        fix in prop::option::of(12usize..30),
        screen in any::<bool>(),
        target in prop::option::of(50.0..150.0f64),
    ) {
        let options = SpcOptions {
            improvement,
            rebase: rebase.into_iter().collect(),
            fix_after: fix,
            screen_outliers: Some(screen),
            target,
            ..SpcOptions::default()
        };
        let flipped_dir = match improvement {
            Improvement::Increase => Improvement::Decrease,
            Improvement::Decrease => Improvement::Increase,
            Improvement::Neutral => Improvement::Neutral,
        };
        let negated: Vec<f64> = values.iter().map(|v| -v).collect();
        let flipped = SpcOptions { improvement: flipped_dir, target: target.map(|t| -t), ..options.clone() };
        let a = xmr(&values, &options).unwrap();
        let b = xmr(&negated, &flipped).unwrap();
        for i in 0..values.len() {
            prop_assert_eq!(flip(a.point_type[i]), b.point_type[i], "point {}", i);
            prop_assert_eq!(a.signal[i].direction(), -b.signal[i].direction());
            prop_assert_eq!(key(-a.upl[i]), key(b.lpl[i]));
            prop_assert_eq!(key(-a.lpl[i]), key(b.upl[i]));
            prop_assert_eq!(key(-a.mean[i]), key(b.mean[i]));
        }
        prop_assert_eq!(a.summary.assurance_icon, b.summary.assurance_icon);
        let icon = |t: outcomes_core::spc::VariationIcon| t.as_str()
            .replace("high", "HIGH").replace("low", "high").replace("HIGH", "low");
        prop_assert_eq!(icon(a.summary.variation_icon), b.summary.variation_icon.as_str());
    }

    /// Scaling by a power of two is exact in floating point: the limits scale exactly and
    /// every category is kept.
    #[test]
    fn scaling_by_a_power_of_two_scales_limits_exactly(
        values in walk(1, 80),
        k in -30i32..30,
        improvement in prop_oneof![Just(Improvement::Increase), Just(Improvement::Decrease), Just(Improvement::Neutral)],
        rebase in prop::option::of(1usize..60),
        fix in prop::option::of(12usize..30),
        screen in any::<bool>(),
        target in prop::option::of(50.0..150.0f64),
    ) {
        let scale = 2f64.powi(k);
        let options = SpcOptions {
            improvement,
            rebase: rebase.into_iter().collect(),
            fix_after: fix,
            screen_outliers: Some(screen),
            target,
            ..SpcOptions::default()
        };
        let scaled: Vec<f64> = values.iter().map(|v| v * scale).collect();
        let scaled_options = SpcOptions { target: target.map(|t| t * scale), ..options.clone() };
        let a = xmr(&values, &options).unwrap();
        let b = xmr(&scaled, &scaled_options).unwrap();
        let times = |v: &[f64]| bits(&v.iter().map(|x| x * scale).collect::<Vec<_>>());
        prop_assert_eq!(times(&a.mean), bits(&b.mean));
        prop_assert_eq!(times(&a.lpl), bits(&b.lpl));
        prop_assert_eq!(times(&a.upl), bits(&b.upl));
        prop_assert_eq!(times(&a.near_lpl), bits(&b.near_lpl));
        prop_assert_eq!(times(&a.near_upl), bits(&b.near_upl));
        prop_assert_eq!(&a.point_type, &b.point_type);
        prop_assert_eq!(&a.signal, &b.signal);
        prop_assert_eq!(a.summary.variation_icon, b.summary.variation_icon);
        prop_assert_eq!(a.summary.assurance_icon, b.summary.assurance_icon);
        prop_assert_eq!(a.summary.counts, b.summary.counts);
    }

    /// Limits are ordered and every point gets exactly one verdict.
    #[test]
    fn limits_are_ordered_and_counts_add_up(values in walk(2, 80), screen in any::<bool>()) {
        let options = SpcOptions { screen_outliers: Some(screen), ..SpcOptions::default() };
        let r = xmr(&values, &options).unwrap();
        for i in 0..values.len() {
            if r.upl[i].is_nan() { continue; }
            prop_assert!(r.lpl[i] <= r.near_lpl[i] && r.near_lpl[i] <= r.mean[i]);
            prop_assert!(r.mean[i] <= r.near_upl[i] && r.near_upl[i] <= r.upl[i]);
        }
        prop_assert_eq!(r.summary.counts.total(), values.len());
    }
}

/// The rules read literally, window by window (O(n x run length)), with the default profile's
/// precedence: outside > trend > two in three > shift. The kernel's one-pass run counting must
/// agree with this on every series.
fn signals_by_definition(v: &[f64], r: &outcomes_core::spc::XmrResult, run: usize) -> Vec<Signal> {
    let s = &r.segments[0];
    let n = v.len();
    let windows =
        |len: usize, i: usize| (i.saturating_sub(len - 1)..=i).filter(move |&a| a + len <= n);
    let trend = |i: usize| -> Option<bool> {
        let rising = windows(run, i).any(|a| (a + 1..a + run).all(|k| v[k] > v[k - 1]));
        let falling = windows(run, i).any(|a| (a + 1..a + run).all(|k| v[k] < v[k - 1]));
        if !(rising || falling) {
            return None;
        }
        // NHSRplotthedots' direction: the step to the successor when it is a trend point too,
        // else the step from the predecessor; a zero step reads as falling.
        let in_trend = |k: usize| {
            windows(run, k).any(|a| {
                (a + 1..a + run).all(|j| v[j] > v[j - 1])
                    || (a + 1..a + run).all(|j| v[j] < v[j - 1])
            })
        };
        let up = if i + 1 < n && in_trend(i + 1) {
            v[i + 1] > v[i]
        } else {
            v[i] > v[i - 1]
        };
        Some(up)
    };
    let close =
        |k: usize| (v[k] > s.near_upl || v[k] < s.near_lpl) && !(v[k] > s.upl || v[k] < s.lpl);
    let two = |i: usize| -> Option<bool> {
        if !close(i) {
            return None;
        }
        for a in windows(3, i) {
            let w = a..a + 3;
            if w.clone().filter(|&k| close(k)).count() < 2 {
                continue;
            }
            if w.clone().all(|k| v[k] > s.mean) {
                return Some(true);
            }
            if w.clone().all(|k| v[k] < s.mean) {
                return Some(false);
            }
        }
        None
    };
    let shift = |i: usize| -> Option<bool> {
        if windows(run, i).any(|a| (a..a + run).all(|k| v[k] > s.mean)) {
            Some(true)
        } else if windows(run, i).any(|a| (a..a + run).all(|k| v[k] < s.mean)) {
            Some(false)
        } else {
            None
        }
    };
    (0..n)
        .map(|i| {
            if v[i] > s.upl {
                Signal::AboveUpl
            } else if v[i] < s.lpl {
                Signal::BelowLpl
            } else if let Some(up) = trend(i) {
                if up {
                    Signal::TrendIncreasing
                } else {
                    Signal::TrendDecreasing
                }
            } else if let Some(up) = two(i) {
                if up {
                    Signal::TwoInThreeAbove
                } else {
                    Signal::TwoInThreeBelow
                }
            } else if let Some(up) = shift(i) {
                if up {
                    Signal::ShiftAbove
                } else {
                    Signal::ShiftBelow
                }
            } else {
                Signal::None
            }
        })
        .collect()
}

/// Series with many ties and long runs: steps drawn from a few integers.
fn lumpy(min: usize, max: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![Just(0.0), Just(1.0), Just(-1.0), -3.0..3.0f64],
        min..max,
    )
    .prop_map(|steps| {
        let mut x = 10.0;
        steps
            .into_iter()
            .map(|s| {
                x += s;
                x
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The kernel's single-pass rules equal the rules read window by window.
    #[test]
    fn rules_match_their_definition(
        values in prop_oneof![walk(1, 120), lumpy(1, 120)],
        six in any::<bool>(),
    ) {
        let run = if six { 6 } else { 7 };
        let options = SpcOptions {
            trend_length: Some(run),
            shift_length: Some(run),
            ..SpcOptions::default()
        };
        let r = xmr(&values, &options).unwrap();
        prop_assert_eq!(&r.signal, &signals_by_definition(&values, &r, run));
    }
}
