//! `Evaluation::to_json_string` writes the measure rows by hand for speed: its bytes must be
//! exactly `serde_json`'s from the derived `Serialize` impls (the contract the schema describes).
//! `Evaluation::write_json` streams the same bytes in chunks, and `write_json_pretty` those of
//! `to_json_string_pretty`.

#![allow(dead_code)]

mod report_common;

use std::fmt::Write as _;

use outcomes_core::data::Observations;
use outcomes_core::evaluate::{
    BaselineUsed, Change, ComparisonResult, EvaluateOptions, Evaluation, Forecast, GroupValue,
    InequalityMethod, InequalityResult, IntervalMethod, Point, SpcSummary, TrajectoryUsed,
    TrendResult,
};
use outcomes_core::model::Framework;
use outcomes_core::period::Period;
use outcomes_core::spc::PointType;
use report_common::{EXAMPLES, evaluate_example};

fn same_as_serde(ev: &Evaluation) {
    let fast = ev.to_json_string().expect("json");
    let reference = serde_json::to_string(ev).expect("serde json");
    if fast != reference {
        let at = fast
            .bytes()
            .zip(reference.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(fast.len().min(reference.len()));
        let lo = at.saturating_sub(80);
        panic!(
            "to_json_string differs from serde_json at byte {at}:\n  fast:  {}\n  serde: {}",
            &fast[lo..(at + 80).min(fast.len())],
            &reference[lo..(at + 80).min(reference.len())]
        );
    }
    same_when_streamed(ev, &fast);
}

/// A writer that takes at most 1000 bytes a call, as a pipe may: the text must still arrive
/// whole and in order.
struct Trickle(Vec<u8>);

impl std::io::Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(1000);
        self.0.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `write_json` gives `to_json_string`'s bytes (`compact`), and `write_json_pretty` those of
/// `to_json_string_pretty`.
fn same_when_streamed(ev: &Evaluation, compact: &str) {
    let mut streamed = Vec::new();
    ev.write_json(&mut streamed).expect("write_json");
    assert!(
        streamed == compact.as_bytes(),
        "write_json differs from to_json_string ({} bytes against {})",
        streamed.len(),
        compact.len()
    );
    let mut trickled = Trickle(Vec::new());
    ev.write_json(&mut trickled).expect("write_json");
    assert!(
        trickled.0 == compact.as_bytes(),
        "write_json through short writes differs"
    );
    // The indented text: serde_json's pretty bytes, whole, streamed and through short writes.
    let reference = serde_json::to_string_pretty(ev).expect("serde pretty");
    assert!(
        ev.to_json_string_pretty().expect("pretty") == reference,
        "to_json_string_pretty differs from serde_json::to_string_pretty"
    );
    let mut pretty = Vec::new();
    ev.write_json_pretty(&mut pretty)
        .expect("write_json_pretty");
    assert!(
        pretty == reference.as_bytes(),
        "write_json_pretty differs from serde_json::to_string_pretty"
    );
    let mut trickled = Trickle(Vec::new());
    ev.write_json_pretty(&mut trickled)
        .expect("write_json_pretty");
    assert!(
        trickled.0 == reference.as_bytes(),
        "write_json_pretty through short writes differs"
    );
}

/// Many chunks: the example rows repeated past several 64 KiB chunks.
#[test]
fn streamed_in_chunks_matches_to_json_string() {
    let (_, mut ev) = evaluate_example(EXAMPLES[0], "2025-03-31");
    let rows = ev.measures.clone();
    while ev.to_json_string().expect("json").len() < 400 * 1024 {
        ev.measures.extend(rows.iter().cloned());
    }
    same_as_serde(&ev);
}

/// A writer that fails: the error is an I/O error naming the cause, not a panic.
#[test]
fn write_json_reports_a_failing_writer() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (_, ev) = evaluate_example(EXAMPLES[0], "2025-03-31");
    for e in [
        ev.write_json(Broken).expect_err("compact"),
        ev.write_json_pretty(Broken).expect_err("pretty"),
    ] {
        assert_eq!(e.kind(), outcomes_core::ErrorKind::Io, "{e}");
        assert!(e.message().contains("disk full"), "{e}");
    }
}

#[test]
fn examples_match_serde_json() {
    for name in EXAMPLES {
        let (_, ev) = evaluate_example(name, "2025-03-31");
        same_as_serde(&ev);
    }
}

/// Every optional part filled, empty and missing; strings that need escaping; numbers that
/// are not finite, negative zero, tiny and huge.
#[test]
fn hostile_values_match_serde_json() {
    let fw = Framework::from_toml_str(
        r#"
schema_version = 1
id = "q\"uote\\d"
title = "Tab\there, line\nbreak, \u0001 control, café ✓ 🚑"
period = { from = "2019/20", to = "2026/27" }
[[measures]]
id = "m"
title = "Measure \"one\""
unit = "percent"
polarity = "lower_is_better"
method = "proportion"
source = { name = "local" }
baselines = [{ period = "2019/20", value = 20.0 }]
targets = [{ kind = "absolute", value = 15.0, by = "2026/27" }]
breakdowns = [{ dimension = "imd", kind = "deprivation_quintile", most_deprived = "1", least_deprived = "5" }]
"#,
    )
    .expect("framework");
    let mut csv = String::from("measure,period,area,imd,numerator,denominator\n");
    for (k, year) in (2005..2025).enumerate() {
        for (area, level) in [
            ("A \"x\"", ""),
            ("A \"x\"", "1"),
            ("A \"x\"", "5"),
            ("B\\y", ""),
        ] {
            let _ = writeln!(
                csv,
                "m,{year}/{:02},\"{}\",{level},{},{}",
                (year + 1) % 100,
                area.replace('"', "\"\""),
                100 + 7 * k + level.len(),
                1000 + 13 * k
            );
        }
    }
    let obs = Observations::from_csv_reader(csv.as_bytes()).expect("csv");
    let mut ev = fw
        .evaluate(&obs, &EvaluateOptions::default())
        .expect("evaluate");
    assert!(ev.measures.len() >= 4);
    same_as_serde(&ev);
    let r = &mut ev.measures[0];
    r.area = "\u{7f}\u{0}\u{1f} \\ \" / é".to_owned();
    r.age = Some("65+ \"old\"".to_owned());
    r.breakdown
        .insert("dim \"q\"".to_owned(), "lvl\n2".to_owned());
    r.reason = "why: \r\n\t\u{8}\u{c}".to_owned();
    r.progress = Some(f64::NAN);
    r.series.push(Point {
        period: Period::parse("2030/31").unwrap(),
        value: Some(-0.0),
        lower: Some(f64::INFINITY),
        upper: Some(f64::NEG_INFINITY),
        numerator: Some(1e300),
        denominator: Some(5e-324),
        interval_method: None,
        suppressed: true,
    });
    // Every interval method's word, and a period of every kind (written by the JSON writer's
    // own period path).
    let periods = [
        "2025/26+",
        "2024/25 Q1",
        "2022",
        "2023 Q1",
        "Jan 2024",
        "AY 2022/23",
        "2020 - 22",
        "2020/21 - 22/23",
        "2022/23 Q2 - 2023/24 Q1",
        "2023/24 Q1-Q3",
        "2013/14 Q1 - 2014/15 Q4",
        "Feb 2009 - Jan 2010",
    ];
    let methods = [
        IntervalMethod::Wilson,
        IntervalMethod::Exact,
        IntervalMethod::Byars,
        IntervalMethod::Published,
    ];
    for (k, text) in periods.iter().enumerate() {
        let method = methods[k % methods.len()];
        r.series.push(Point {
            period: Period::parse(text).unwrap(),
            value: Some(0.5),
            lower: None,
            upper: None,
            numerator: None,
            denominator: None,
            interval_method: Some(method),
            suppressed: false,
        });
    }
    r.latest = None;
    r.spc = Some(SpcSummary {
        points: 0,
        variation_icon: "ic\"on".into(),
        assurance_icon: None,
        mean: f64::NAN,
        lpl: -1.5e-7,
        upl: 123_456_789_012_345_680.0,
        point_types: PointType::ALL.to_vec(),
        periods: periods.iter().map(|t| Period::parse(t).unwrap()).collect(),
        values: vec![0.1, f64::NAN, 2.0],
    });
    r.baseline = Some(BaselineUsed {
        period: "20\"19".into(),
        value: f64::NAN,
        source: "s\\rc".into(),
    });
    if let Some(t) = r.target.as_mut() {
        t.wording = Some("cut \"it\"\n".into());
        t.value = None;
        t.by = None;
    }
    r.trajectory = Some(TrajectoryUsed {
        value: 1.0 / 3.0,
        method: "linear_periods".into(),
        step: 2.0,
        steps: 1e21,
        shortfall: f64::NEG_INFINITY,
        shortfall_relative: None,
    });
    r.change = Some(Change {
        difference: -0.0,
        relative: None,
        significant: None,
        method: "not tested".into(),
        statistic: Some(-1e-300),
    });
    r.comparison = Some(ComparisonResult {
        area: "Eng\"land".into(),
        value: 12.5,
        label: "Better".into(),
        method: "m\u{1}".into(),
    });
    r.trend = Some(TrendResult {
        label: "No \"change\"".into(),
        reason: Some("few\tpoints".into()),
        statistic: None,
        slope: Some(f64::NAN),
    });
    r.inequality = Some(InequalityResult {
        dimension: "imd".into(),
        period: "2024/25".into(),
        method: InequalityMethod::HighestVsLowest,
        most_deprived: None,
        least_deprived: None,
        highest: Some(GroupValue {
            level: "Area \"A\"".into(),
            value: 3.0,
        }),
        lowest: Some(GroupValue {
            level: "B".into(),
            value: 0.0,
        }),
        gap: 3.0,
        ratio: None,
        sii: Some(0.1),
        rii: None,
        groups: 5,
    });
    r.forecast = Some(Forecast {
        value: 7.0,
        at: "2030-03-31".into(),
        slope: -0.25,
        points: 12,
        meets_target: None,
    });
    same_as_serde(&ev);
    ev.measures[0].change.as_mut().unwrap().significant = Some(false);
    ev.measures[0].forecast.as_mut().unwrap().meets_target = Some(true);
    ev.measures[1].series.clear();
    ev.measures[1].spc = None;
    ev.measures[1].breakdown.clear();
    same_as_serde(&ev);
    ev.measures.clear();
    same_as_serde(&ev);
}

/// The writer formats each distinct period once and reuses the series' value texts for the
/// SPC values: many distinct periods and the longest forms, and SPC values that match the
/// series' bits only in part (`-0.0` against `0.0`, NaN, values the series lacks, points with no value).
#[test]
fn memoised_periods_and_values_match_serde_json() {
    let (_, mut ev) = evaluate_example(EXAMPLES[0], "2025-03-31");
    assert!(!ev.measures.is_empty());
    // 150 distinct months and the longest period forms.
    let mut periods: Vec<Period> = (0..150)
        .map(|k| Period::parse(&format!("{}-{:02}", 1990 + k / 12, k % 12 + 1)).unwrap())
        .collect();
    periods.extend(
        [
            "2013/14 Q1 - 2014/15 Q4",
            "2022/23 Q2 - 2023/24 Q1",
            "Feb 2009 - Jan 2010",
            "2025/26+",
            "AY 2022/23",
        ]
        .map(|t| Period::parse(t).unwrap()),
    );
    let specials = [0.0, -0.0, f64::NAN, 0.1 + 0.2, 12.0, 1e300, -1.5e-7, 1e21];
    let series: Vec<Point> = periods
        .iter()
        .enumerate()
        .map(|(k, period)| Point {
            period: *period,
            value: (k % 11 != 5).then(|| specials[k % specials.len()] + (k / 8) as f64),
            lower: Some(k as f64 / 7.0),
            upper: (k % 3 == 0).then_some(-0.0),
            numerator: Some(k as f64),
            denominator: Some(1e15 + k as f64),
            interval_method: None,
            suppressed: k % 13 == 0,
        })
        .collect();
    let mut values: Vec<f64> = series.iter().filter_map(|p| p.value).collect();
    for (k, v) in values.iter_mut().enumerate() {
        match k % 9 {
            0 => *v = -*v,
            4 => *v += 0.5,
            _ => {}
        }
    }
    values.swap(3, 40);
    for m in &mut ev.measures {
        m.series.clone_from(&series);
        m.latest = series.last().cloned();
        m.spc = Some(SpcSummary {
            points: values.len(),
            variation_icon: "common_cause".into(),
            assurance_icon: None,
            mean: 1.0,
            lpl: 0.0,
            upl: 2.0,
            point_types: vec![PointType::CommonCause; values.len()],
            periods: series.iter().rev().map(|p| p.period).collect(),
            values: values.clone(),
        });
    }
    same_as_serde(&ev);
}
