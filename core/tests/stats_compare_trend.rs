//! Comparison and recent trend against the Fingertips export sample
//! (`fixtures/compare/`) and the worked cases of `shared/reference/worked-cases.md`.

use outcomes_core::stats::compare::{
    CompareInput, CompareMethod, CompareOptions, Comparison, Goal, GoalStatus, Polarity, compare,
    compare_ci, compare_overlap, compare_spc_proportion, compare_spc_rate, compare_to_goal,
    compare_two_level, spc_proportion_limits,
};
use outcomes_core::stats::trend::{
    RecentTrend, TREND_THRESHOLD, Trend, TrendInput, TrendTest, recent_trend,
};
use proptest::prelude::*;

struct ExportRow {
    indicator: String,
    area_code: String,
    category: String,
    value: f64,
    lower95: f64,
    upper95: f64,
    lower998: f64,
    upper998: f64,
    compared: String,
    goal: String,
}

fn export_rows() -> Vec<ExportRow> {
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/compare/fingertips-export-sample.csv"
    ))
    .unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (ind, area, cat, val, l95, u95, l998, u998, cmp, goal) = (
        col("Indicator ID"),
        col("Area Code"),
        col("Category"),
        col("Value"),
        col("Lower CI 95.0 limit"),
        col("Upper CI 95.0 limit"),
        col("Lower CI 99.8 limit"),
        col("Upper CI 99.8 limit"),
        col("Compared to England value or percentiles"),
        col("Compared to goal"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let num = |i: usize| r[i].parse::<f64>().unwrap();
            ExportRow {
                indicator: r[ind].to_owned(),
                area_code: r[area].to_owned(),
                category: r[cat].to_owned(),
                value: num(val),
                lower95: num(l95),
                upper95: num(u95),
                lower998: num(l998),
                upper998: num(u998),
                compared: r[cmp].to_owned(),
                goal: r[goal].to_owned(),
            }
        })
        .collect()
}

fn polarity(indicator: &str) -> Polarity {
    match indicator {
        // Low birth weight of term babies; infant mortality: low is good.
        "20101" | "92196" => Polarity::LowerIsBetter,
        // MMR vaccination coverage: high is good.
        "30311" => Polarity::HigherIsBetter,
        other => panic!("no polarity for indicator {other}"),
    }
}

fn is_england_total(r: &ExportRow) -> bool {
    r.area_code == "E92000001" && r.category.is_empty()
}

#[test]
fn fingertips_sample_compared_to_england_by_method_1() {
    let rows = export_rows();
    assert_eq!(rows.len(), 10);
    let mut compared = 0;
    for r in &rows {
        let england = rows
            .iter()
            .find(|e| e.indicator == r.indicator && is_england_total(e))
            .unwrap();
        // England itself has no comparator: "Not compared".
        let comparator = if is_england_total(r) {
            f64::NAN
        } else {
            england.value
        };
        let got = compare_ci(
            r.value,
            r.lower95,
            r.upper95,
            comparator,
            polarity(&r.indicator),
        );
        assert_eq!(
            got.label(),
            r.compared,
            "{} {} {}",
            r.indicator,
            r.area_code,
            r.category
        );
        assert_eq!(Comparison::from_label(&r.compared), Some(got));
        if got != Comparison::NotCompared {
            compared += 1;
        }
    }
    // Birmingham, Derby, Hampshire, the two deprivation deciles (low birth weight) and
    // Birmingham and Hampshire (MMR).
    assert_eq!(compared, 7);
}

#[test]
fn fingertips_sample_by_slice_kernel() {
    // The same column through `compare`, one indicator at a time with England broadcast.
    let rows = export_rows();
    for ind in ["20101", "30311"] {
        let areas: Vec<&ExportRow> = rows
            .iter()
            .filter(|r| r.indicator == ind && !is_england_total(r))
            .collect();
        let england = rows
            .iter()
            .find(|e| e.indicator == ind && is_england_total(e))
            .unwrap();
        let value: Vec<f64> = areas.iter().map(|r| r.value).collect();
        let lower: Vec<f64> = areas.iter().map(|r| r.lower95).collect();
        let upper: Vec<f64> = areas.iter().map(|r| r.upper95).collect();
        let mut out = vec![Comparison::NotCompared; areas.len()];
        compare(
            &CompareInput {
                value: &value,
                lower: &lower,
                upper: &upper,
                comparator: &[england.value],
                ..CompareInput::default()
            },
            &CompareOptions::new(CompareMethod::CiContainsComparator, polarity(ind)),
            &mut out,
        )
        .unwrap();
        for (r, c) in areas.iter().zip(&out) {
            assert_eq!(c.label(), r.compared);
        }
        // Method 17 agrees on the direction; none of these is inside 95% but not 99.8%.
        for r in &areas {
            let c = compare_two_level(
                r.value,
                r.lower95,
                r.upper95,
                r.lower998,
                r.upper998,
                england.value,
                polarity(ind),
            );
            let expected = match r.compared.as_str() {
                "Better" => Comparison::Best,
                "Worse" => Comparison::Worst,
                _ => Comparison::Similar,
            };
            assert_eq!(c, expected, "{} {}", ind, r.area_code);
        }
    }
}

#[test]
fn fingertips_sample_goal_bands() {
    let goal = Goal::Range {
        lower: 90.0,
        upper: 95.0,
    };
    let rows = export_rows();
    let with_goal: Vec<&ExportRow> = rows.iter().filter(|r| !r.goal.is_empty()).collect();
    assert_eq!(with_goal.len(), 3);
    for r in with_goal {
        let got = compare_to_goal(r.value, &goal, polarity(&r.indicator)).unwrap();
        assert_eq!(got.label(), r.goal, "{}", r.area_code);
    }
    // Single-value goals: meets / does not meet.
    let g = Goal::Single { value: 95.0 };
    assert!(
        compare_to_goal(95.0, &g, Polarity::HigherIsBetter)
            .unwrap()
            .meets()
    );
    assert_eq!(
        compare_to_goal(95.1, &g, Polarity::LowerIsBetter).unwrap(),
        GoalStatus::Red
    );
    assert_eq!(
        compare_to_goal(f64::NAN, &g, Polarity::LowerIsBetter).unwrap(),
        GoalStatus::NotCompared
    );
    assert_eq!(
        compare_to_goal(1.0, &g, Polarity::NoJudgement).unwrap(),
        GoalStatus::NotCompared
    );
    // Lower is better bands mirror: below 90 green, 90 to 95 amber, 95 or more red.
    let lib = |v| compare_to_goal(v, &goal, Polarity::LowerIsBetter).unwrap();
    assert_eq!(
        [lib(89.9), lib(90.0), lib(95.0)],
        [GoalStatus::Green, GoalStatus::Amber, GoalStatus::Red]
    );
    assert!(
        compare_to_goal(
            1.0,
            &Goal::Range {
                lower: 95.0,
                upper: 90.0
            },
            Polarity::HigherIsBetter
        )
        .is_err()
    );
}

#[test]
fn worked_method_5() {
    // England 11.0%, N = 2,000: 95% 9.703-12.447, 99.8% 9.020-13.350.
    let (lo, hi) = spc_proportion_limits(11.0, 2000.0, 100.0, 0.95).unwrap();
    assert_eq!(format!("{lo:.3} {hi:.3}"), "9.703 12.447");
    let (lo, hi) = spc_proportion_limits(11.0, 2000.0, 100.0, 0.998).unwrap();
    assert_eq!(format!("{lo:.3} {hi:.3}"), "9.020 13.350");
    let at = |c| {
        compare_spc_proportion(13.0, 2000.0, 11.0, 100.0, c, Polarity::LowerIsBetter)
            .unwrap()
            .comparison
    };
    assert_eq!(at(0.95), Comparison::Worse);
    assert_eq!(at(0.998), Comparison::Similar);
    // The slice kernel, with a missing denominator not compared.
    let mut out = [Comparison::Better; 2];
    let mut o = CompareOptions::new(CompareMethod::SpcProportion, Polarity::LowerIsBetter);
    o.multiplier = 100.0;
    compare(
        &CompareInput {
            value: &[13.0, 13.0],
            denominator: &[2000.0, f64::NAN],
            comparator: &[11.0],
            ..CompareInput::default()
        },
        &o,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, [Comparison::Worse, Comparison::NotCompared]);
}

#[test]
fn method_6_rate_limits_and_errors() {
    // Expected 100 events: exact Poisson limits 81.36 and 121.63 events.
    let r = compare_spc_rate(
        600.0,
        20_000.0,
        500.0,
        100_000.0,
        0.95,
        Polarity::HigherIsBetter,
    )
    .unwrap();
    assert_eq!(format!("{:.2} {:.2}", r.lower, r.upper), "406.82 608.13");
    assert_eq!(r.comparison, Comparison::Similar);
    let r = compare_spc_rate(
        390.0,
        20_000.0,
        500.0,
        100_000.0,
        0.95,
        Polarity::NoJudgement,
    )
    .unwrap();
    assert_eq!(r.comparison, Comparison::Lower);
    // E = 0: lower limit 0.
    let r = compare_spc_rate(0.0, 1000.0, 0.0, 1.0, 0.95, Polarity::LowerIsBetter).unwrap();
    assert_eq!(r.lower, 0.0);
    let mut out = [Comparison::NotCompared; 3];
    let mut o = CompareOptions::new(CompareMethod::SpcRate, Polarity::LowerIsBetter);
    o.multiplier = 100_000.0;
    let e = compare(
        &CompareInput {
            value: &[1.0, 2.0, 3.0],
            denominator: &[10.0, 0.0, -1.0],
            comparator: &[500.0],
            ..CompareInput::default()
        },
        &o,
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.path(), "denominator[1]");
    assert!(e.message().contains("2 row(s)"), "{}", e.message());
}

#[test]
fn method_12_and_errors() {
    let p = Polarity::LowerIsBetter;
    assert_eq!(
        compare_overlap(10.0, 9.0, 11.0, 12.5, 11.2, 13.8, p),
        Comparison::Better
    );
    assert_eq!(
        compare_overlap(f64::NAN, 9.0, 11.0, 12.5, 11.2, 13.8, p),
        Comparison::NotCompared
    );
    let mut out = [Comparison::NotCompared; 2];
    let e = compare(
        &CompareInput {
            value: &[1.0, 2.0],
            lower: &[0.5, 2.5],
            upper: &[1.5, 2.2],
            comparator: &[1.0],
            comparator_lower: &[0.9],
            comparator_upper: &[1.1],
            ..CompareInput::default()
        },
        &CompareOptions::new(CompareMethod::CiOverlap, p),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.path(), "lower[1]");
    let e = compare(
        &CompareInput {
            value: &[1.0, 2.0],
            lower: &[0.5],
            upper: &[1.5, 2.2],
            comparator: &[1.0],
            ..CompareInput::default()
        },
        &CompareOptions::new(CompareMethod::CiContainsComparator, p),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.path(), "lower");
    assert_eq!(
        CompareMethod::from_fingertips_id(17)
            .unwrap()
            .fingertips_id(),
        17
    );
    assert!(CompareMethod::from_fingertips_id(2).is_err());
    assert_eq!(
        compare_ci(1.0, 0.5, 1.5, 3.0, Polarity::NotApplicable),
        Comparison::NotCompared
    );
    assert_eq!(
        serde_json::to_string(&Comparison::NotCompared).unwrap(),
        "\"not_compared\""
    );
}

fn assert_trend_b(r: &RecentTrend) {
    assert_eq!(r.test, TrendTest::WeightedRegression);
    assert_eq!(format!("{:.4}", r.slope), "-1.7516");
    assert_eq!(format!("{:.2}", r.statistic), "46.77");
    let loo: Vec<String> = r.leave_one_out.iter().map(|s| format!("{s:.3}")).collect();
    assert_eq!(loo, ["-1.990", "-1.628", "-1.748", "-1.570", "-2.048"]);
    assert!(r.significant && r.consistent_sign);
    assert_eq!(r.trend, Trend::Decreasing);
    assert_eq!(r.trend.label(), "Decreasing");
}

#[test]
fn worked_trend_a_and_b() {
    // A: proportions, low is good.
    let x = [1500.0, 1450.0, 1400.0, 1340.0, 1300.0];
    let n = [10000.0, 10100.0, 10200.0, 10250.0, 10300.0];
    let r = recent_trend(
        &TrendInput::Proportions { x: &x, n: &n },
        Polarity::LowerIsBetter,
    )
    .unwrap();
    assert_eq!(r.test, TrendTest::ChiSquaredForTrend);
    assert_eq!(format!("{:.3}", r.statistic), "31.222");
    assert!(r.statistic > TREND_THRESHOLD);
    assert_eq!(format!("{:.5}", r.slope), "-0.05090");
    assert_eq!(r.leave_one_out.len(), 5);
    assert!(r.leave_one_out.iter().all(|s| *s < 0.0));
    assert_eq!(r.trend.label(), "Decreasing and getting better");
    assert_eq!(r.first_point, Some(0));

    // B: values with 95% intervals, no judgement.
    let value = [30.6, 30.2, 28.0, 24.6, 24.67];
    let lower = [28.98, 28.63, 26.44, 23.15, 23.16];
    let upper = [32.25, 31.90, 29.64, 26.19, 26.25];
    let input = TrendInput::Values {
        value: &value,
        lower: &lower,
        upper: &upper,
    };
    let r = recent_trend(&input, Polarity::NoJudgement).unwrap();
    assert_trend_b(&r);
    // The same points after older ones (and a gap before them) use the latest five only.
    let value2 = [10.0, f64::NAN, 30.6, 30.2, 28.0, 24.6, 24.67];
    let lower2 = [9.0, f64::NAN, 28.98, 28.63, 26.44, 23.15, 23.16];
    let upper2 = [11.0, f64::NAN, 32.25, 31.90, 29.64, 26.19, 26.25];
    let r = recent_trend(
        &TrendInput::Values {
            value: &value2,
            lower: &lower2,
            upper: &upper2,
        },
        Polarity::NoJudgement,
    )
    .unwrap();
    assert_trend_b(&r);
    assert_eq!(r.first_point, Some(2));
    // With polarity the label carries the judgement.
    let r = recent_trend(&input, Polarity::HigherIsBetter).unwrap();
    assert_eq!(r.trend.label(), "Decreasing and getting worse");
}

#[test]
fn trend_cannot_be_calculated_with_reasons() {
    let x = [1.0, 2.0, 3.0, 4.0];
    let n = [10.0; 4];
    let r = recent_trend(
        &TrendInput::Proportions { x: &x, n: &n },
        Polarity::LowerIsBetter,
    )
    .unwrap();
    assert_eq!(r.trend, Trend::CannotBeCalculated);
    assert!(
        r.reason
            .as_deref()
            .unwrap()
            .contains("Not enough data points")
    );
    assert!(r.statistic.is_nan() && r.leave_one_out.is_empty());
    // A missing point among the latest five breaks the run.
    let x = [1.0, 2.0, 3.0, f64::NAN, 4.0, 5.0];
    let n = [10.0; 6];
    let r = recent_trend(
        &TrendInput::Proportions { x: &x, n: &n },
        Polarity::LowerIsBetter,
    )
    .unwrap();
    assert!(r.reason.as_deref().unwrap().contains("valid values"));
    // x = n: infinite log-odds.
    let x = [1.0, 2.0, 3.0, 4.0, 10.0];
    let r = recent_trend(
        &TrendInput::Proportions { x: &x, n: &n[..5] },
        Polarity::LowerIsBetter,
    )
    .unwrap();
    assert_eq!(r.trend, Trend::CannotBeCalculated);
    assert!(r.reason.as_deref().unwrap().contains("point 4"));
    // Bad rows are errors naming the first.
    let x = [1.0, 20.0, 3.0, 40.0, 5.0];
    let e = recent_trend(
        &TrendInput::Proportions { x: &x, n: &n[..5] },
        Polarity::LowerIsBetter,
    )
    .unwrap_err();
    assert_eq!(e.path(), "x[1]");
    assert!(e.message().contains("2 point(s)"));
}

#[test]
fn leave_one_out_guard_blocks_a_single_outlier() {
    // Flat series with one big jump at the end: significant statistic, but leaving the last
    // point out flips the slope's sign.
    let value = [10.0, 10.2, 9.9, 9.8, 14.0];
    let lower: Vec<f64> = value.iter().map(|v| v - 0.2).collect();
    let upper: Vec<f64> = value.iter().map(|v| v + 0.2).collect();
    let r = recent_trend(
        &TrendInput::Values {
            value: &value,
            lower: &lower,
            upper: &upper,
        },
        Polarity::HigherIsBetter,
    )
    .unwrap();
    assert!(r.statistic > TREND_THRESHOLD, "{}", r.statistic);
    assert!(!r.consistent_sign);
    assert_eq!(r.trend, Trend::NoSignificantChange);
}

fn arb_polarity() -> impl Strategy<Value = Polarity> {
    prop::sample::select(vec![
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::NoJudgement,
    ])
}

fn swapped(c: Comparison) -> Comparison {
    match c {
        Comparison::Better => Comparison::Worse,
        Comparison::Worse => Comparison::Better,
        Comparison::Best => Comparison::Worst,
        Comparison::Worst => Comparison::Best,
        other => other,
    }
}

proptest! {
    #[test]
    fn compare_is_antisymmetric_under_polarity_swap(
        value in -100.0..100.0_f64,
        half in 0.0..20.0_f64,
        extra in 0.0..20.0_f64,
        comparator in -100.0..100.0_f64,
        polarity in arb_polarity(),
    ) {
        let (l, u) = (value - half, value + half);
        let a = compare_ci(value, l, u, comparator, polarity);
        let b = compare_ci(value, l, u, comparator, polarity.reversed());
        prop_assert_eq!(b, swapped(a));
        let a = compare_two_level(value, l, u, l - extra, u + extra, comparator, polarity);
        let b = compare_two_level(value, l, u, l - extra, u + extra, comparator, polarity.reversed());
        prop_assert_eq!(b, swapped(a));
        // Mirroring the data (negating every figure) with the reversed polarity gives the same
        // judgement; without a judgement it swaps higher and lower.
        let m = compare_ci(-value, -u, -l, -comparator, polarity.reversed());
        let direct = match compare_ci(value, l, u, comparator, polarity) {
            Comparison::Higher => Comparison::Lower,
            Comparison::Lower => Comparison::Higher,
            other => other,
        };
        prop_assert_eq!(m, direct);
    }

    #[test]
    fn spc_proportion_limits_bracket_the_comparator(
        p0 in 0.0..1.0_f64,
        n in 1.0..1e6_f64,
    ) {
        let (lo95, hi95) = spc_proportion_limits(p0, n, 1.0, 0.95).unwrap();
        let (lo998, hi998) = spc_proportion_limits(p0, n, 1.0, 0.998).unwrap();
        prop_assert!(lo998 <= lo95 + 1e-12 && lo95 <= p0 + 1e-12);
        prop_assert!(p0 <= hi95 + 1e-12 && hi95 <= hi998 + 1e-12);
        prop_assert!(lo998 >= -1e-12 && hi998 <= 1.0 + 1e-12);
    }

    #[test]
    fn trend_of_negated_values_flips_direction(
        values in prop::collection::vec(1.0..100.0_f64, 5..9),
        halves in prop::collection::vec(0.1..5.0_f64, 9),
    ) {
        let lower: Vec<f64> = values.iter().zip(&halves).map(|(v, h)| v - h).collect();
        let upper: Vec<f64> = values.iter().zip(&halves).map(|(v, h)| v + h).collect();
        let neg: Vec<f64> = values.iter().map(|v| -v).collect();
        let nl: Vec<f64> = upper.iter().map(|v| -v).collect();
        let nu: Vec<f64> = lower.iter().map(|v| -v).collect();
        let a = recent_trend(&TrendInput::Values { value: &values, lower: &lower, upper: &upper }, Polarity::NoJudgement).unwrap();
        let b = recent_trend(&TrendInput::Values { value: &neg, lower: &nl, upper: &nu }, Polarity::NoJudgement).unwrap();
        prop_assert!((a.statistic - b.statistic).abs() <= 1e-9 * a.statistic.max(1.0));
        prop_assert!((a.slope + b.slope).abs() <= 1e-9 * a.slope.abs().max(1.0));
        let flipped = match a.trend {
            Trend::Increasing => Trend::Decreasing,
            Trend::Decreasing => Trend::Increasing,
            t => t,
        };
        // A slope of exactly 0 counts as positive, so only compare when it is not 0.
        if a.slope != 0.0 && a.leave_one_out.iter().all(|s| *s != 0.0) {
            prop_assert_eq!(b.trend, flipped);
        }
    }
}
