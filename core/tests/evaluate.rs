//! Evaluation: worked cases C and D (`shared/reference/worked-cases.md`, copied here as
//! figures), statuses for each target form, milestones, roll-up, the five examples, and
//! properties.

use outcomes_core::data::Observations;
use outcomes_core::evaluate::{
    EvaluateOptions, Evaluation, IntervalMethod, MilestoneState, RollupRule, Status, Tolerance,
};
use outcomes_core::model::Framework;
use proptest::prelude::*;

const HEAD: &str = "schema_version = 1\nid = \"t\"\ntitle = \"T\"\nperiod = { from = \"2023/24\", to = \"2028/29\" }\n";

fn fw(body: &str) -> Framework {
    Framework::from_toml_str(&format!("{HEAD}{body}")).unwrap_or_else(|e| panic!("{e}"))
}

fn obs(csv: &str) -> Observations {
    Observations::from_csv_reader(csv.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn eval(f: &Framework, o: &Observations, tolerance: Tolerance) -> Evaluation {
    let options = EvaluateOptions {
        tolerance,
        ..EvaluateOptions::default()
    };
    f.evaluate(o, &options).unwrap_or_else(|e| panic!("{e}"))
}

fn measure(polarity: &str, baseline: &str, target: &str) -> String {
    format!(
        "[[measures]]\nid = \"m\"\ntitle = \"M\"\nunit = \"percent\"\npolarity = \"{polarity}\"\nsource = {{ name = \"local\" }}\nbaselines = [{baseline}]\ntargets = [{target}]\n"
    )
}

/// Worked case C: baseline 20.0 in 2023/24, target 15.0 by 2028/29, actual 18.5 in 2025/26.
#[test]
fn worked_case_c() {
    let f = fw(&measure(
        "lower_is_better",
        "{ period = \"2023/24\", value = 20.0 }",
        "{ kind = \"absolute\", value = 15.0, by = \"2028/29\" }",
    ));
    let o = obs("measure,period,value\nm,2025/26,18.5\n");
    let r = &eval(&f, &o, Tolerance::Relative(0.05)).measures[0];
    assert!((r.progress.unwrap() - 0.30).abs() < 1e-12);
    let t = r.trajectory.as_ref().unwrap();
    assert!((t.value - 18.0).abs() < 1e-12);
    assert_eq!((t.step, t.steps, &*t.method), (2.0, 5.0, "linear_periods"));
    assert!((t.shortfall - 0.5).abs() < 1e-12);
    assert!((t.shortfall_relative.unwrap() - 0.027_777_777_777_777_78).abs() < 1e-12); // 2.78%
    assert_eq!(r.status, Status::AtRisk);
    assert!(r.reason.contains("2.778%"), "{}", r.reason);
    let r = &eval(&f, &o, Tolerance::Relative(0.02)).measures[0];
    assert_eq!(r.status, Status::OffTrack);
}

/// Worked case D: A&E 4-hour (higher is better), trajectory point for Sep 2024 of 76.0%,
/// actual 74.5% -> 1.97% worse than plan.
#[test]
fn worked_case_d() {
    let f = fw(
        "[[measures]]\nid = \"ae\"\ntitle = \"A&E 4-hour\"\nunit = \"percent\"\npolarity = \"higher_is_better\"\nfrequency = \"monthly\"\nsource = { name = \"ECDS\" }\nbaselines = [{ period = \"Mar 2024\", value = 72.0 }]\ntargets = [{ kind = \"at_least\", value = 78.0, by = \"Mar 2025\", trajectory = [{ period = \"Sep 2024\", value = 76.0 }] }]\n",
    );
    let o = obs("measure,period,value\nae,Aug 2024,74.0\nae,Sep 2024,74.5\n");
    let r = &eval(&f, &o, Tolerance::Relative(0.05)).measures[0];
    let t = r.trajectory.as_ref().unwrap();
    assert_eq!((t.value, &*t.method), (76.0, "points"));
    assert!((t.shortfall_relative.unwrap() - 0.019_736_842_105_263_16).abs() < 1e-12); // 1.97%
    assert_eq!(r.status, Status::AtRisk);
    assert_eq!(
        eval(&f, &o, Tolerance::Relative(0.01)).measures[0].status,
        Status::OffTrack
    );
    // Between points the trajectory is linear in months: Aug 2024 is 5 of 6 months from Mar to Sep.
    let o = obs("measure,period,value\nae,Aug 2024,74.0\n");
    let t = eval(&f, &o, Tolerance::Relative(0.05)).measures[0]
        .trajectory
        .clone()
        .unwrap();
    assert!((t.value - (72.0 + 4.0 * 5.0 / 6.0)).abs() < 1e-12, "{t:?}");
}

#[test]
fn higher_and_lower_is_better_on_and_behind_trajectory() {
    let cases = [
        ("higher_is_better", 50.0, 60.0, 55.0, Status::OnTrack), // trajectory 54 at step 2 of 5
        ("higher_is_better", 50.0, 60.0, 53.5, Status::AtRisk),  // 0.5 short of 54 (0.93%)
        ("higher_is_better", 50.0, 60.0, 50.0, Status::OffTrack), // 4 short (7.4%)
        ("higher_is_better", 50.0, 60.0, 61.0, Status::Achieved),
        ("lower_is_better", 20.0, 10.0, 15.0, Status::OnTrack), // trajectory 16
        ("lower_is_better", 20.0, 10.0, 19.0, Status::OffTrack),
        ("lower_is_better", 20.0, 10.0, 9.0, Status::Achieved),
    ];
    for (polarity, b, t, actual, expected) in cases {
        let f = fw(&measure(
            polarity,
            &format!("{{ period = \"2023/24\", value = {b} }}"),
            &format!("{{ kind = \"absolute\", value = {t}, by = \"2028/29\" }}"),
        ));
        let o = obs(&format!("measure,period,value\nm,2025/26,{actual}\n"));
        let r = &eval(&f, &o, Tolerance::Relative(0.05)).measures[0];
        assert_eq!(
            r.status, expected,
            "{polarity} {b}->{t} actual {actual}: {}",
            r.reason
        );
    }
}

#[test]
fn absolute_tolerance() {
    let f = fw(&measure(
        "higher_is_better",
        "{ period = \"2023/24\", value = 50.0 }",
        "{ kind = \"absolute\", value = 60.0, by = \"2028/29\" }",
    ));
    let o = obs("measure,period,value\nm,2025/26,53.0\n"); // 1.0 short of 54
    assert_eq!(
        eval(&f, &o, Tolerance::Absolute(1.0)).measures[0].status,
        Status::AtRisk
    );
    assert_eq!(
        eval(&f, &o, Tolerance::Absolute(0.5)).measures[0].status,
        Status::OffTrack
    );
}

#[test]
fn stabilise_within_band() {
    let f = fw(&measure(
        "lower_is_better",
        "{ period = \"2021/22\", value = 40.8 }",
        "{ kind = \"stabilise\", by = \"2027/28\" }",
    ));
    for (actual, expected) in [
        (41.5, Status::OnTrack),
        (39.0, Status::OnTrack),
        (43.5, Status::OffTrack),
    ] {
        let o = obs(&format!("measure,period,value\nm,2024/25,{actual}\n"));
        let r = &eval(&f, &o, Tolerance::Relative(0.05)).measures[0];
        assert_eq!(r.status, expected, "{actual}: {}", r.reason);
    }
}

#[test]
fn no_target_figure_is_not_assessable_with_the_reason() {
    let f = fw(&measure(
        "higher_is_better",
        "{ period = \"2023/24\", value = 50.0 }",
        "{ kind = \"at_least\", value = \"[insert figure]\", by = \"2027/28\" }",
    ));
    let r = &eval(
        &f,
        &obs("measure,period,value\nm,2024/25,51\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    assert_eq!(r.status, Status::NotAssessable);
    assert!(r.reason.contains("no target figure"), "{}", r.reason);
    assert_eq!(r.rag, outcomes_core::evaluate::Rag::Grey);
}

#[test]
fn no_data_and_target_date_passed() {
    let f = fw(&format!(
        "{}\n[[measures]]\nid = \"n\"\ntitle = \"N\"\nunit = \"count\"\npolarity = \"higher_is_better\"\nbaselines = [{{ period = \"2022/23\", value = 1.0 }}]\ntargets = [{{ kind = \"absolute\", value = 5.0, by = \"2023/24\" }}]\n",
        measure(
            "higher_is_better",
            "{ period = \"2023/24\", value = 50.0 }",
            "{ kind = \"absolute\", value = 60.0, by = \"2028/29\" }"
        )
    ));
    let o = obs("measure,period,value\nn,2022/23,1\n");
    let options = EvaluateOptions {
        as_of: Some("2025-06-30".into()),
        ..EvaluateOptions::default()
    };
    let ev = f.evaluate(&o, &options).unwrap();
    let m = ev.measures.iter().find(|r| r.measure == "m").unwrap();
    assert_eq!(
        (m.status, m.reason.as_str()),
        (Status::NotAssessable, "no data")
    );
    let n = ev.measures.iter().find(|r| r.measure == "n").unwrap();
    assert_eq!(n.status, Status::NotAssessable);
    assert!(
        n.reason.contains("target date passed without data"),
        "{}",
        n.reason
    );
}

#[test]
fn missed_target_is_off_track() {
    let f = fw(&measure(
        "higher_is_better",
        "{ period = \"2023/24\", value = 50.0 }",
        "{ kind = \"absolute\", value = 60.0, by = \"2024/25\" }",
    ));
    let r = &eval(
        &f,
        &obs("measure,period,value\nm,2024/25,59.9\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    assert_eq!(r.status, Status::OffTrack, "{}", r.reason);
}

#[test]
fn direction_targets_use_significance_on_counts() {
    let f = fw(
        "[[measures]]\nid = \"s\"\ntitle = \"Smoking\"\nunit = \"percent\"\npolarity = \"lower_is_better\"\nmethod = \"proportion\"\nsource = { name = \"local\" }\nbaselines = [{ period = \"2021/22\", value = 13.0, numerator = 390, denominator = 3000 }]\ntargets = [{ kind = \"direction\", direction = \"decrease\" }]\n",
    );
    // 11% of 3000: z = -2.38, significant at 95%
    let r = &eval(
        &f,
        &obs("measure,period,numerator,denominator\ns,2024/25,330,3000\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    let c = r.change.as_ref().unwrap();
    assert_eq!(
        (c.significant, &*c.method),
        (Some(true), "two-sample test of proportions")
    );
    assert_eq!(r.status, Status::OnTrack);
    assert_eq!(
        r.latest.as_ref().unwrap().interval_method,
        Some(IntervalMethod::Wilson)
    );
    // 12.8%: not significant -> at risk
    let r = &eval(
        &f,
        &obs("measure,period,numerator,denominator\ns,2024/25,384,3000\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    assert_eq!(r.status, Status::AtRisk, "{}", r.reason);
    // 15%: significantly worse -> off track
    let r = &eval(
        &f,
        &obs("measure,period,numerator,denominator\ns,2024/25,450,3000\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    assert_eq!(r.status, Status::OffTrack, "{}", r.reason);
}

#[test]
fn relative_change_and_forecast() {
    let f = fw(&measure(
        "lower_is_better",
        "{ period = \"2023/24\", value = 20.0 }",
        "{ kind = \"relative_change\", value = -10, by = \"2027/28\" }",
    ));
    let r = &eval(
        &f,
        &obs("measure,period,value\nm,2023/24,20\nm,2024/25,19.6\nm,2025/26,19.1\n"),
        Tolerance::Relative(0.05),
    )
    .measures[0];
    assert!((r.target.as_ref().unwrap().value.unwrap() - 18.0).abs() < 1e-12);
    let fc = r.forecast.as_ref().unwrap();
    assert_eq!((fc.points, fc.at.as_str()), (3, "2027/28"));
    assert!((fc.slope - (-0.45)).abs() < 1e-12);
    assert!(
        (fc.value - (20.0 - 0.45 * 4.0 + 0.016_666_666_666_666_666)).abs() < 1e-9,
        "{fc:?}"
    );
    assert_eq!(fc.meets_target, Some(false)); // 18.22 projected against 18.0
}

#[test]
fn milestones_and_commitments() {
    let f = fw(r#"
[[commitments]]
id = "c1"
text = "Interface group"
milestones = [
  { id = "a", period = "2023/24", description = "done", status = "done" },
  { id = "b", period = "2024/25", description = "overdue" },
  { id = "c", period = "2025/26", description = "due" },
  { id = "d", period = "2026/27", description = "upcoming" },
  { id = "e", period = "2024/25", description = "dropped", status = "dropped" },
  { id = "f", period = "2025/26+", description = "open-ended" },
  { id = "g", period = "[date to be included]", description = "tbc" },
]
[[commitments]]
id = "c2"
text = "All done"
milestones = [{ id = "a", period = "2023/24", description = "x", status = "done" }]
[[commitments]]
id = "c3"
text = "Slipped"
milestones = [{ id = "a", period = "2025/26", description = "x", status = "slipped" }]
"#);
    let options = EvaluateOptions {
        as_of: Some("2025-09-30".into()),
        ..EvaluateOptions::default()
    };
    let ev = f.evaluate(&Observations::new(), &options).unwrap();
    let states: Vec<MilestoneState> = ev.commitments[0]
        .milestones
        .iter()
        .map(|m| m.state)
        .collect();
    assert_eq!(
        states,
        [
            MilestoneState::Done,
            MilestoneState::Overdue,
            MilestoneState::Due,
            MilestoneState::Upcoming,
            MilestoneState::Dropped,
            MilestoneState::Due,
            MilestoneState::Unscheduled
        ]
    );
    assert_eq!(
        ev.commitments[0].milestones[1].due.as_deref(),
        Some("2025-03-31")
    );
    assert_eq!(ev.commitments[0].status, Status::OffTrack);
    assert_eq!(ev.commitments[1].status, Status::Achieved);
    assert_eq!(ev.commitments[2].status, Status::AtRisk);
    assert_eq!(ev.summary.status, Status::OffTrack);
    let majority = f
        .evaluate(
            &Observations::new(),
            &EvaluateOptions {
                rollup: RollupRule::Majority,
                ..options
            },
        )
        .unwrap();
    assert_eq!(majority.summary.milestones.overdue, 1);
}

#[test]
fn invalid_frameworks_and_options_are_refused() {
    let f = fw("[[commitments]]\nid = \"c\"\ntext = \"x\"\nobjectives = [\"nope\"]\n");
    let e = f
        .evaluate(
            &Observations::new(),
            &EvaluateOptions {
                as_of: Some("2025-01-01".into()),
                ..EvaluateOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path()),
        (
            outcomes_core::ErrorKind::Validation,
            "commitments[0].objectives[0]"
        )
    );
    let e = fw("")
        .evaluate(&Observations::new(), &EvaluateOptions::default())
        .unwrap_err();
    assert_eq!(e.path(), "as_of");
    let e = EvaluateOptions::from_json_str(r#"{"confidence": 0.5}"#).unwrap_err();
    assert_eq!(e.path(), "confidence");
    let e = EvaluateOptions::from_json_str(r#"{"tolerence": 0.5}"#).unwrap_err();
    assert!(e.message().contains("unknown field `tolerence`"), "{e}");
}

mod report_common;

fn example(name: &str) -> Evaluation {
    let (f, o) = report_common::load_example(name);
    f.evaluate(&o, &EvaluateOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_five_examples_evaluate_with_plausible_statuses() {
    for name in [
        "sherwood-forest-partnerships",
        "notts-integrated-care-strategy",
        "notts-joint-forward-plan",
        "nuh-provider-collaboratives",
        "working-together-partnership",
    ] {
        let ev = example(name);
        assert_eq!(ev.framework, name);
        let fw = Framework::load(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../examples")
                .join(name)
                .join("framework.toml"),
        )
        .unwrap();
        // every measure and commitment appears
        for m in &fw.measures {
            assert!(
                ev.measures.iter().any(|r| r.measure == m.id),
                "{name}: {} missing",
                m.id
            );
        }
        assert_eq!(ev.commitments.len(), fw.commitments.len());
        assert_eq!(ev.objectives.len(), fw.objectives.len());
        // every judgement that is not "not assessable" carries a reason with figures
        for r in &ev.measures {
            assert!(!r.reason.is_empty());
        }
        assert!(ev.completeness.score > 0.0 && ev.completeness.score <= 1.0);
        // the JSON is stable: it reads back
        let json = ev.to_json_string().unwrap();
        let back: Evaluation = serde_json::from_str(&json).unwrap();
        assert_eq!(back.measures.len(), ev.measures.len());
    }
    let ics = example("notts-integrated-care-strategy");
    let counts = &ics.summary.counts;
    assert!(
        counts.on_track > 0 && counts.at_risk > 0 && counts.off_track > 0 && counts.achieved > 0,
        "{counts:?}"
    );
    // "at least 75% of people with a learning disability have an annual health check"
    let ld = ics
        .measures
        .iter()
        .find(|r| r.measure == "ld-health-checks" && r.breakdown.is_empty())
        .unwrap();
    assert_eq!(ld.target.as_ref().unwrap().value, Some(75.0));
    // Monthly series long enough for SPC carry a chart summary.
    assert!(ics.measures.iter().any(|r| r.spc.is_some()));
    // Deprivation splits give an inequality gap on the headline row.
    assert!(ics.measures.iter().any(|r| r.inequality.is_some()));
    let sherwood = example("sherwood-forest-partnerships");
    assert!(
        sherwood
            .commitments
            .iter()
            .any(|c| c.milestone_counts.done > 0)
    );
}

fn status_rank(s: Status) -> u8 {
    s.severity().unwrap_or(9)
}

proptest! {
    /// Improving the latest value never worsens the status.
    #[test]
    fn improving_never_worsens(b in 10.0f64..90.0, t in 10.0f64..90.0, actual in 0.0f64..100.0, delta in 0.0f64..20.0, lower in any::<bool>()) {
        prop_assume!((t - b).abs() > 0.5);
        let polarity = if lower { "lower_is_better" } else { "higher_is_better" };
        // Targets must not contradict polarity.
        let (b, t) = if lower == (t < b) { (b, t) } else { (t, b) };
        let f = fw(&measure(polarity, &format!("{{ period = \"2023/24\", value = {b} }}"), &format!("{{ kind = \"absolute\", value = {t}, by = \"2028/29\" }}")));
        let better = if lower { (actual - delta).max(0.0) } else { (actual + delta).min(100.0) };
        let s1 = eval(&f, &obs(&format!("measure,period,value\nm,2025/26,{actual}\n")), Tolerance::Relative(0.05)).measures[0].status;
        let s2 = eval(&f, &obs(&format!("measure,period,value\nm,2025/26,{better}\n")), Tolerance::Relative(0.05)).measures[0].status;
        prop_assert!(status_rank(s2) <= status_rank(s1), "{s1:?} -> {s2:?}");
    }

    /// The order of input rows does not change any status.
    #[test]
    fn row_order_does_not_matter(seed in any::<u64>()) {
        let f = fw(&measure("lower_is_better", "{ period = \"2023/24\", value = 20.0 }", "{ kind = \"absolute\", value = 15.0, by = \"2028/29\" }"));
        let mut rows = vec!["m,2023/24,20", "m,2024/25,19.5", "m,2025/26,18.5", "m,2025/26,17.9,Q1area"];
        rows[3] = "m,2024/25,19.0,Other";
        let mut shuffled = rows.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let csv = |r: &[&str]| format!("measure,period,value,area\n{}\n", r.iter().map(|s| if s.matches(',').count() == 2 { format!("{s},") } else { (*s).to_owned() }).collect::<Vec<_>>().join("\n"));
        let a = eval(&f, &obs(&csv(&rows)), Tolerance::Relative(0.05));
        let b = eval(&f, &obs(&csv(&shuffled)), Tolerance::Relative(0.05));
        let key = |e: &Evaluation| { let mut v: Vec<(String, Status)> = e.measures.iter().map(|m| (m.area.clone(), m.status)).collect(); v.sort(); v };
        prop_assert_eq!(key(&a), key(&b));
        prop_assert_eq!(a.summary.status, b.summary.status);
    }
}

#[test]
fn evaluation_json_is_identical_across_runs() {
    let a = example("notts-integrated-care-strategy")
        .to_json_string()
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            a,
            example("notts-integrated-care-strategy")
                .to_json_string()
                .unwrap()
        );
    }
}

#[test]
fn gap_targets_are_judged_on_the_gap() {
    let body = |target: &str| {
        format!(
            "[[measures]]\nid = \"g\"\ntitle = \"G\"\nunit = \"percent\"\npolarity = \"lower_is_better\"\nsource = {{ name = \"local\" }}\nbreakdowns = [{{ dimension = \"imd\", kind = \"deprivation_quintile\", most_deprived = \"1\", least_deprived = \"5\" }}]\nbaselines = [{{ period = \"2021/22\", value = 15.0 }}]\ntargets = [{target}]\n"
        )
    };
    let csv = "measure,period,value,imd\ng,2021/22,15,\ng,2021/22,20,1\ng,2021/22,10,5\ng,2024/25,14,\ng,2024/25,18,1\ng,2024/25,10,5\n";
    let f = fw(&body(
        "{ kind = \"gap\", value = -10, by = \"2027/28\", dimension = \"imd\" }",
    ));
    let ev = eval(&f, &obs(csv), Tolerance::Relative(0.05));
    let r = ev.measures.iter().find(|r| r.breakdown.is_empty()).unwrap();
    assert_eq!(r.inequality.as_ref().unwrap().gap, 8.0);
    assert_eq!(r.target.as_ref().unwrap().value, Some(9.0)); // the 2021/22 gap of 10, cut by 10%
    assert_eq!(r.status, Status::Achieved, "{}", r.reason);
    assert!(
        r.reason.starts_with("gap between most and least deprived"),
        "{}",
        r.reason
    );
    let f = fw(&body(
        "{ kind = \"gap\", direction = \"decrease\", by = \"2027/28\", dimension = \"imd\" }",
    ));
    let r = eval(&f, &obs(csv), Tolerance::Relative(0.05))
        .measures
        .into_iter()
        .find(|r| r.breakdown.is_empty())
        .unwrap();
    assert_eq!(r.status, Status::OnTrack, "{}", r.reason);
    // A widening gap is off track.
    let widening = csv.replace("g,2024/25,18,1", "g,2024/25,23,1");
    let r = eval(&f, &obs(&widening), Tolerance::Relative(0.05))
        .measures
        .into_iter()
        .find(|r| r.breakdown.is_empty())
        .unwrap();
    assert_eq!(r.status, Status::OffTrack, "{}", r.reason);
}

#[test]
fn population_weighted_footprint_and_partnership_figures() {
    let f = fw(r#"
[[organisations]]
id = "a"
name = "Area A"
kind = "icb"
population = 100
[[organisations]]
id = "b"
name = "Area B"
kind = "icb"
population = 300
[[partnerships]]
id = "ab"
name = "A and B"
kind = "formal"
members = ["a", "b"]
[[measures]]
id = "m"
title = "M"
unit = "percent"
polarity = "higher_is_better"
source = { name = "local" }
breakdowns = [{ dimension = "footprint", kind = "area" }]
targets = [{ kind = "at_least", value = 15.0, by = "2027/28" }]
"#);
    // by footprint breakdown within a region, and by member organisations as areas
    let csv = "measure,period,area,value,footprint\nm,2024/25,Region,10,Area A\nm,2024/25,Region,20,Area B\nm,2025/26,Area A,12,\nm,2025/26,b,16,\n";
    let ev = eval(&f, &obs(csv), Tolerance::Relative(0.05));
    let region = ev
        .measures
        .iter()
        .find(|r| r.area == "Region" && r.breakdown.is_empty())
        .unwrap();
    assert_eq!(region.latest.as_ref().unwrap().value, Some(17.5)); // (100 x 10 + 300 x 20) / 400
    assert_eq!(region.status, Status::Achieved);
    let partnership = ev.measures.iter().find(|r| r.area == "A and B").unwrap();
    assert_eq!(partnership.latest.as_ref().unwrap().value, Some(15.0)); // (100 x 12 + 300 x 16) / 400
    let derived = f.population_weighted(&obs(csv));
    assert!(derived.iter().all(|d| {
        d.note
            .as_deref()
            .unwrap()
            .starts_with("population-weighted mean of 2 parts")
    }));
}

#[test]
fn evaluations_from_many_threads_are_identical() {
    let expected = example("notts-integrated-care-strategy")
        .to_json_string()
        .unwrap();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                example("notts-integrated-care-strategy")
                    .to_json_string()
                    .unwrap()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), expected);
    }
    // One framework and one set of observations shared by reference across threads.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/notts-integrated-care-strategy");
    let f = Framework::load(dir.join("framework.toml")).unwrap();
    let o =
        Observations::from_csv_reader(std::fs::File::open(dir.join("observations.csv")).unwrap())
            .unwrap();
    std::thread::scope(|s| {
        let results: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    f.evaluate(&o, &EvaluateOptions::default())
                        .unwrap()
                        .to_json_string()
                        .unwrap()
                })
            })
            .collect();
        for r in results {
            assert_eq!(r.join().unwrap(), expected);
        }
    });
}

/// A gap target on an unordered breakdown (the NUH provider collaboratives' "fairer and more
/// equitable access across the footprint"): the gap is the range, highest minus lowest
/// footprint. By hand: 2022/23 A 100, B 80, C 60 -> gap 40 (A and C); 2024/25 A 95, B 85,
/// C 70 -> gap 25 (A and C), ratio 95/70. Target: cut the gap by 50% (to 20) by 2026/27.
/// Progress (40 - 25) / (40 - 20) = 0.75. The data has only the footprints' rows, so the
/// headline row is added for the target, with no figure of its own.
#[test]
fn gap_target_across_footprints_is_the_range() {
    let f = fw(
        "[[measures]]\nid = \"access\"\ntitle = \"Access\"\nunit = \"rate\"\nper = 100000\npolarity = \"no_judgement\"\nsource = { name = \"local\" }\nbreakdowns = [{ dimension = \"footprint\", kind = \"area\", levels = [\"A\", \"B\", \"C\"] }]\ntargets = [{ kind = \"gap\", value = -50, dimension = \"footprint\", from = \"2022/23\", by = \"2026/27\" }]\n",
    );
    let o = obs("measure,period,area,footprint,value\n\
         access,2022/23,East Midlands,A,100\naccess,2022/23,East Midlands,B,80\naccess,2022/23,East Midlands,C,60\n\
         access,2024/25,East Midlands,A,95\naccess,2024/25,East Midlands,B,85\naccess,2024/25,East Midlands,C,70\n");
    let ev = eval(&f, &o, Tolerance::Relative(0.05));
    let headline: Vec<_> = ev
        .measures
        .iter()
        .filter(|r| r.breakdown.is_empty())
        .collect();
    assert_eq!(
        headline.len(),
        1,
        "one headline row, added for the gap target"
    );
    let r = headline[0];
    assert_eq!((r.area.as_str(), r.points), ("East Midlands", 0));
    let i = r.inequality.as_ref().expect("inequality");
    assert_eq!(
        i.method,
        outcomes_core::evaluate::InequalityMethod::HighestVsLowest
    );
    assert_eq!(
        (i.dimension.as_str(), i.period.as_str()),
        ("footprint", "2024/25")
    );
    let (hi, lo) = (i.highest.as_ref().unwrap(), i.lowest.as_ref().unwrap());
    assert_eq!(
        (hi.level.as_str(), hi.value, lo.level.as_str(), lo.value),
        ("A", 95.0, "C", 70.0)
    );
    assert_eq!(i.gap, 25.0);
    assert!((i.ratio.unwrap() - 95.0 / 70.0).abs() < 1e-12);
    assert_eq!((i.most_deprived, i.sii, i.groups), (None, None, 3));
    let b = r.baseline.as_ref().expect("the gap at the target's from");
    assert_eq!((b.period.as_str(), b.value), ("2022/23", 40.0));
    assert!(
        b.source.contains("highest and lowest footprint (A and C)"),
        "{}",
        b.source
    );
    let t = r.trajectory.as_ref().expect("trajectory");
    assert_eq!(
        (t.value, r.target.as_ref().unwrap().value),
        (30.0, Some(20.0))
    );
    assert!(
        (r.progress.unwrap() - 0.75).abs() < 1e-12,
        "{:?}",
        r.progress
    );
    assert_ne!(r.status, Status::NotAssessable, "{}", r.reason);
    assert!(
        r.reason
            .starts_with("gap between the highest and lowest footprint (A and C)"),
        "{}",
        r.reason
    );
    // The footprints' own rows carry no target: the gap target is the headline's.
    assert!(
        ev.measures
            .iter()
            .filter(|r| !r.breakdown.is_empty())
            .all(|r| r.target.is_none())
    );
}
