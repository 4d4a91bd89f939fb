//! All 63 NHSRplotthedots 0.2.2 reference cases (fixtures/spc/spc-making-data-count-cases.json,
//! copied from shared/reference/, produced by running the R package): limits to 1e-9 relative,
//! point types, R labels, short-group warnings and both icons exactly. Each case also runs
//! through `xmr_many` (alone and interleaved with another series) and must give the same.

use outcomes_core::spc::{
    AssuranceIcon, Improvement, PointType, Signal, SpcOptions, XmrColumnsMut, xmr, xmr_into,
    xmr_many,
};
use serde::Deserialize;

const CASES: &str = include_str!("fixtures/spc/spc-making-data-count-cases.json");

#[derive(Deserialize)]
struct Case {
    name: String,
    values: Vec<f64>,
    options: CaseOptions,
    expected: Expected,
}

#[derive(Deserialize)]
struct CaseOptions {
    improvement_direction: String,
    target: Option<f64>,
    rebase: Vec<usize>,
    fix_after_n_points: Option<usize>,
    screen_outliers: bool,
}

#[derive(Deserialize)]
struct Expected {
    mean: Option<f64>,
    lpl: Option<f64>,
    upl: Option<f64>,
    segments: Vec<ExpectedSegment>,
    point_type: Vec<String>,
    special_cause_type: Vec<String>,
    variation_icon: String,
    assurance_icon: Option<String>,
    short_group_warning: Vec<bool>,
}

#[derive(Deserialize)]
struct ExpectedSegment {
    start: usize,
    n: usize,
    mean: Option<f64>,
    lpl: Option<f64>,
    upl: Option<f64>,
}

fn cases() -> Vec<Case> {
    serde_json::from_str(CASES).expect("fixture parses")
}

fn options(c: &CaseOptions) -> SpcOptions {
    SpcOptions {
        improvement: match c.improvement_direction.as_str() {
            "increase" => Improvement::Increase,
            "decrease" => Improvement::Decrease,
            "neutral" => Improvement::Neutral,
            other => panic!("unknown direction {other}"),
        },
        target: c.target,
        rebase: c.rebase.clone(),
        fix_after: c.fix_after_n_points,
        screen_outliers: Some(c.screen_outliers),
        ..SpcOptions::default()
    }
}

/// `null` in the fixture is NaN. Relative tolerance 1e-9, scaled by the larger of the two
/// magnitudes and the spread of the case's values (so a mean of exactly 0 compares sensibly).
fn close(name: &str, what: &str, got: f64, want: Option<f64>, scale: f64) {
    match want {
        None => assert!(got.is_nan(), "{name}: {what} = {got}, expected NaN (null)"),
        Some(w) => {
            let tol = 1e-9 * w.abs().max(got.abs()).max(scale);
            assert!(
                (got - w).abs() <= tol,
                "{name}: {what} = {got:.17}, expected {w:.17} (diff {:e})",
                (got - w).abs()
            );
        }
    }
}

fn spread(values: &[f64]) -> f64 {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (hi - lo).abs()
}

#[test]
fn there_are_63_cases() {
    assert_eq!(cases().len(), 63);
}

#[test]
fn every_reference_case_matches() {
    let mut checked = 0;
    for case in cases() {
        let name = &case.name;
        let o = options(&case.options);
        let r = xmr(&case.values, &o).unwrap_or_else(|e| panic!("{name}: {e}"));
        let e = &case.expected;
        let scale = spread(&case.values);
        let n = case.values.len();

        close(name, "mean", r.summary.mean, e.mean, scale);
        close(name, "lpl", r.summary.lpl, e.lpl, scale);
        close(name, "upl", r.summary.upl, e.upl, scale);

        assert_eq!(r.segments.len(), e.segments.len(), "{name}: segments");
        for (k, (got, want)) in r.segments.iter().zip(&e.segments).enumerate() {
            assert_eq!(got.start, want.start, "{name}: segment {k} start");
            assert_eq!(got.len, want.n, "{name}: segment {k} length");
            close(
                name,
                &format!("segment {k} mean"),
                got.mean,
                want.mean,
                scale,
            );
            close(name, &format!("segment {k} lpl"), got.lpl, want.lpl, scale);
            close(name, &format!("segment {k} upl"), got.upl, want.upl, scale);
            for i in got.start..got.start + got.len {
                assert_eq!(r.segment[i] as usize, k, "{name}: segment of point {i}");
                close(name, &format!("lpl[{i}]"), r.lpl[i], want.lpl, scale);
                close(name, &format!("upl[{i}]"), r.upl[i], want.upl, scale);
                close(name, &format!("mean[{i}]"), r.mean[i], want.mean, scale);
            }
        }

        let types: Vec<&str> = r.point_type.iter().map(|t| t.as_str()).collect();
        assert_eq!(types, e.point_type, "{name}: point_type");
        let labels: Vec<&str> = r.signal.iter().map(|s| s.label()).collect();
        assert_eq!(labels, e.special_cause_type, "{name}: special_cause_type");
        let short: Vec<bool> = r
            .segment
            .iter()
            .map(|&s| r.segments[s as usize].short_warning)
            .collect();
        assert_eq!(short, e.short_group_warning, "{name}: short_group_warning");
        assert_eq!(
            r.summary.short_series_warning,
            e.short_group_warning.iter().any(|&w| w),
            "{name}: short_series_warning"
        );
        assert_eq!(
            r.summary.variation_icon.as_str(),
            e.variation_icon,
            "{name}: variation icon"
        );
        assert_eq!(
            r.summary.assurance_icon.map(AssuranceIcon::as_str),
            e.assurance_icon.as_deref(),
            "{name}: assurance icon"
        );
        assert_eq!(r.summary.counts.total(), n, "{name}: counts");
        for t in PointType::ALL {
            let want = e.point_type.iter().filter(|p| *p == t.as_str()).count();
            assert_eq!(
                r.summary.counts.get(t),
                want,
                "{name}: count of {}",
                t.as_str()
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 63);
}

#[test]
fn batch_and_into_agree_with_single_series() {
    let all = cases();
    // All 63 cases in one batch, contiguous, then interleaved round-robin.
    let mut values = Vec::new();
    let mut codes = Vec::new();
    for (k, c) in all.iter().enumerate() {
        values.extend_from_slice(&c.values);
        codes.extend(std::iter::repeat_n(k as u32 * 3 + 1, c.values.len()));
    }
    let mut inter_values = Vec::new();
    let mut inter_codes = Vec::new();
    let mut inter_pos: Vec<Vec<usize>> = vec![Vec::new(); all.len()];
    let longest = all.iter().map(|c| c.values.len()).max().unwrap();
    for i in 0..longest {
        for (k, c) in all.iter().enumerate() {
            if let Some(&v) = c.values.get(i) {
                inter_pos[k].push(inter_values.len());
                inter_values.push(v);
                inter_codes.push(k as u32 * 3 + 1);
            }
        }
    }

    // Options differ per case, so batch each case's options over the whole batch and compare
    // that case's rows.
    for (k, c) in all.iter().enumerate() {
        let o = options(&c.options);
        let single = xmr(&c.values, &o).unwrap();
        let t = xmr_many(&values, &codes, &o).unwrap();
        let ti = xmr_many(&inter_values, &inter_codes, &o).unwrap();
        assert_eq!(t.series.len(), all.len());
        assert_eq!(ti.series.len(), all.len());
        let want = json(&single.summary_with_code(k as u32 * 3 + 1));
        assert_eq!(json(&t.series[k]), want, "{}: summary", c.name);
        assert_eq!(
            json(&ti.series[k]),
            want,
            "{}: summary (interleaved)",
            c.name
        );
        let offset: usize = all[..k].iter().map(|c| c.values.len()).sum();
        for (i, &inter_row) in inter_pos[k].iter().enumerate() {
            for (tab, row) in [(&t, offset + i), (&ti, inter_row)] {
                assert!(same(tab.mean[row], single.mean[i]), "{}: mean[{i}]", c.name);
                assert!(same(tab.lpl[row], single.lpl[i]), "{}: lpl[{i}]", c.name);
                assert!(same(tab.upl[row], single.upl[i]), "{}: upl[{i}]", c.name);
                assert!(same(tab.near_lpl[row], single.near_lpl[i]));
                assert!(same(tab.near_upl[row], single.near_upl[i]));
                assert_eq!(
                    tab.point_type[row], single.point_type[i] as u8,
                    "{}: type[{i}]",
                    c.name
                );
                assert_eq!(tab.signal[row], single.signal[i] as u8);
                assert_eq!(tab.segment[row], single.segment[i]);
            }
        }

        // xmr_into writes the same columns.
        let n = c.values.len();
        let (mut m, mut l, mut u, mut nl, mut nu) = (
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
        );
        let (mut pt, mut sg, mut seg) = (vec![9u8; n], vec![9u8; n], vec![9u32; n]);
        let s = xmr_into(
            &c.values,
            &o,
            XmrColumnsMut {
                mean: &mut m,
                lpl: &mut l,
                upl: &mut u,
                near_lpl: &mut nl,
                near_upl: &mut nu,
                point_type: &mut pt,
                signal: &mut sg,
                segment: &mut seg,
            },
        )
        .unwrap();
        assert_eq!(json(&s), json(&single.summary));
        for i in 0..n {
            assert!(
                same(m[i], single.mean[i])
                    && same(u[i], single.upl[i])
                    && same(l[i], single.lpl[i])
            );
            assert_eq!(PointType::from_code(pt[i]), Some(single.point_type[i]));
            assert_eq!(Signal::from_code(sg[i]), Some(single.signal[i]));
            assert_eq!(seg[i], single.segment[i]);
        }
    }
}

/// Summaries hold f64s that may be NaN: compare their JSON (NaN is null).
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

trait WithCode {
    fn summary_with_code(&self, code: u32) -> outcomes_core::spc::SeriesSummary;
}

impl WithCode for outcomes_core::spc::XmrResult {
    fn summary_with_code(&self, code: u32) -> outcomes_core::spc::SeriesSummary {
        outcomes_core::spc::SeriesSummary {
            series: code,
            ..self.summary
        }
    }
}
