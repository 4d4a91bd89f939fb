//! Documented behaviour of `spc` beyond the reference cases: missing values, degenerate
//! series, option validation and serde names, the MDC Excel knobs, batches.

use outcomes_core::ErrorKind;
use outcomes_core::spc::{
    AssuranceIcon, Improvement, Missing, PARALLEL_FILL_MIN, PointType, Profile, Rules, Signal,
    SpcOptions, VariationIcon, XmrColumns, XmrColumnsMut, xmr, xmr_into, xmr_many,
};

/// 16 points of common-cause noise around 10.
const NOISE: [f64; 16] = [
    10.0, 10.4, 9.8, 10.1, 9.7, 10.3, 9.9, 10.2, 10.0, 9.6, 10.4, 10.1, 9.8, 10.2, 9.9, 10.1,
];

#[test]
fn nan_is_a_method_error_naming_the_index() {
    let mut v = NOISE.to_vec();
    v[3] = f64::NAN;
    v[7] = f64::NAN;
    let e = xmr(&v, &SpcOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Method);
    assert_eq!(e.path(), "values[3]");
    assert!(e.message().contains("missing = \"skip\""), "{e}");
    assert!(e.message().contains("2 missing"), "{e}");

    let e = xmr_many(&v, &[5; 16], &SpcOptions::default()).unwrap_err();
    assert_eq!(e.path(), "values[3]");
}

#[test]
fn infinity_is_an_error_even_when_skipping() {
    let mut v = NOISE.to_vec();
    v[5] = f64::INFINITY;
    let o = SpcOptions {
        missing: Missing::Skip,
        ..SpcOptions::default()
    };
    let e = xmr(&v, &o).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Method, "values[5]"));
}

#[test]
fn skip_computes_on_the_remaining_values_and_reports_missing() {
    // A rising run of 7 interrupted by a NaN still counts as a trend once the NaN is skipped.
    let mut with_gap = NOISE.to_vec();
    with_gap.extend([10.05, 10.1, f64::NAN, 10.15, 10.2, 10.25, 10.3, 10.35]);
    let without: Vec<f64> = with_gap.iter().copied().filter(|v| !v.is_nan()).collect();
    let o = SpcOptions {
        missing: Missing::Skip,
        ..SpcOptions::default()
    };
    let a = xmr(&with_gap, &o).unwrap();
    let b = xmr(&without, &SpcOptions::default()).unwrap();
    assert_eq!(a.summary.mean.to_bits(), b.summary.mean.to_bits());
    assert_eq!(a.summary.upl.to_bits(), b.summary.upl.to_bits());
    assert_eq!(a.point_type[18], PointType::Missing);
    assert_eq!(a.signal[18], Signal::None);
    assert_eq!(
        a.upl[18].to_bits(),
        b.upl[17].to_bits(),
        "missing rows carry the limits"
    );
    let kept: Vec<PointType> = a
        .point_type
        .iter()
        .copied()
        .filter(|&t| t != PointType::Missing)
        .collect();
    assert_eq!(kept, b.point_type);
    assert_eq!(a.point_type[23], PointType::SpecialCauseImprovement);
    assert_eq!(a.signal[23], Signal::TrendIncreasing);
    assert_eq!(a.summary.counts.missing, 1);
    assert_eq!(a.segments[0].values, 23);
    assert_eq!(a.segments[0].len, 24);

    // The variation icon comes from the latest non-missing point.
    let mut trailing = with_gap.clone();
    trailing.push(f64::NAN);
    let c = xmr(&trailing, &o).unwrap();
    assert_eq!(c.summary.variation_icon, VariationIcon::ImprovementHigh);
    assert_eq!(c.point_type[24], PointType::Missing);
}

#[test]
fn fix_after_counts_values_when_skipping() {
    let mut v = NOISE.to_vec();
    v.insert(2, f64::NAN);
    let o = SpcOptions {
        missing: Missing::Skip,
        fix_after: Some(12),
        ..SpcOptions::default()
    };
    let a = xmr(&v, &o).unwrap();
    let b = xmr(
        &NOISE,
        &SpcOptions {
            fix_after: Some(12),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(a.segments[0].baseline, 12);
    assert_eq!(a.summary.upl.to_bits(), b.summary.upl.to_bits());
}

#[test]
fn empty_and_all_missing_are_errors() {
    let e = xmr(&[], &SpcOptions::default()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Method, "values"));
    let skip = SpcOptions {
        missing: Missing::Skip,
        ..SpcOptions::default()
    };
    let e = xmr(&[f64::NAN, f64::NAN], &skip).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Method, "values[0]"));
    let e = xmr_many(&[1.0, f64::NAN, 2.0, f64::NAN], &[1, 2, 1, 2], &skip).unwrap_err();
    assert_eq!(e.path(), "values[1]");
    assert!(e.message().contains("series 2"), "{e}");
    // An empty batch is simply no series.
    let t = xmr_many(&[], &[], &SpcOptions::default()).unwrap();
    assert!(t.series.is_empty() && t.mean.is_empty());
}

#[test]
fn one_value_has_nan_limits_and_is_common_cause() {
    let r = xmr(
        &[4.0],
        &SpcOptions {
            target: Some(3.0),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.summary.mean, 4.0);
    assert!(r.summary.lpl.is_nan() && r.summary.upl.is_nan());
    assert_eq!(r.point_type, [PointType::CommonCause]);
    assert_eq!(r.summary.variation_icon, VariationIcon::CommonCause);
    assert_eq!(r.summary.assurance_icon, Some(AssuranceIcon::Inconsistent));
    assert!(r.summary.short_series_warning);
}

#[test]
fn short_series_warning_below_13_values() {
    let r12 = xmr(&NOISE[..12], &SpcOptions::default()).unwrap();
    let r13 = xmr(&NOISE[..13], &SpcOptions::default()).unwrap();
    assert!(r12.summary.short_series_warning && r12.segments[0].short_warning);
    assert!(!r13.summary.short_series_warning);
    // A short second segment flags the series.
    let r = xmr(
        &NOISE,
        &SpcOptions {
            rebase: vec![13],
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.summary.segments, 2);
    assert!(!r.segments[0].short_warning && r.segments[1].short_warning);
    assert!(r.summary.short_series_warning);
}

#[test]
fn rebase_positions_out_of_range_do_nothing() {
    let plain = xmr(&NOISE, &SpcOptions::default()).unwrap();
    let r = xmr(
        &NOISE,
        &SpcOptions {
            rebase: vec![0, 16, 40],
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.segments.len(), 1);
    assert_eq!(r.summary.upl.to_bits(), plain.summary.upl.to_bits());
}

#[test]
fn options_are_validated_with_the_option_named() {
    let cases = [
        (
            SpcOptions {
                fix_after: Some(11),
                ..SpcOptions::default()
            },
            "fix_after",
        ),
        (
            SpcOptions {
                rebase: vec![5, 12, 12],
                ..SpcOptions::default()
            },
            "rebase[2]",
        ),
        (
            SpcOptions {
                target: Some(f64::NAN),
                ..SpcOptions::default()
            },
            "target",
        ),
        (
            SpcOptions {
                shift_length: Some(8),
                ..SpcOptions::default()
            },
            "shift_length",
        ),
        (
            SpcOptions {
                trend_length: Some(5),
                ..SpcOptions::default()
            },
            "trend_length",
        ),
    ];
    for (o, path) in cases {
        let e = xmr(&NOISE, &o).unwrap_err();
        assert_eq!(
            (e.kind(), e.path()),
            (ErrorKind::InvalidArgument, path),
            "{e}"
        );
        let e = xmr_many(&NOISE, &[1; 16], &o).unwrap_err();
        assert_eq!(e.path(), path);
    }
    let e = xmr_many(&NOISE, &[1; 15], &SpcOptions::default()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidArgument, "series"));
}

#[test]
fn options_serde_uses_snake_case_and_defaults() {
    let o: SpcOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, SpcOptions::default());
    assert_eq!(o.rules().unwrap(), Rules::NHSR);
    let o: SpcOptions = serde_json::from_str(
        r#"{"improvement":"neutral","target":3.5,"rebase":[12,24],"fix_after":12,
            "screen_outliers":false,"missing":"skip","profile":"mdc_excel","shift_length":6,
            "trend_length":6,"two_in_three_counts_outside":false,"improvement_wins":false}"#,
    )
    .unwrap();
    assert_eq!(o.improvement, Improvement::Neutral);
    assert_eq!(o.missing, Missing::Skip);
    assert_eq!(o.profile, Profile::MdcExcel);
    assert_eq!(o.rebase, [12, 24]);
    let round: SpcOptions = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
    assert_eq!(round, o);
    assert!(serde_json::from_str::<SpcOptions>(r#"{"improvment":"increase"}"#).is_err());
    assert!(serde_json::from_str::<SpcOptions>(r#"{"improvement":"up"}"#).is_err());

    let excel: SpcOptions = serde_json::from_str(r#"{"profile":"mdc_excel"}"#).unwrap();
    assert_eq!(excel.rules().unwrap(), Rules::MDC_EXCEL);
    let knob: SpcOptions =
        serde_json::from_str(r#"{"profile":"mdc_excel","screen_outliers":true}"#).unwrap();
    assert!(knob.rules().unwrap().screen_outliers);
}

#[test]
fn enum_names_are_the_contract() {
    let names = |v: Vec<String>| v.join(",");
    assert_eq!(
        names(
            PointType::ALL
                .iter()
                .map(|t| serde_json::to_string(t).unwrap())
                .collect()
        ),
        "\"common_cause\",\"special_cause_improvement\",\"special_cause_concern\",\
         \"special_cause_neutral_high\",\"special_cause_neutral_low\",\"missing\""
    );
    assert_eq!(
        names(
            VariationIcon::ALL
                .iter()
                .map(|t| serde_json::to_string(t).unwrap())
                .collect()
        ),
        "\"common_cause\",\"improvement_high\",\"improvement_low\",\"concern_high\",\
         \"concern_low\",\"neutral_high\",\"neutral_low\""
    );
    for a in [
        AssuranceIcon::Pass,
        AssuranceIcon::Fail,
        AssuranceIcon::Inconsistent,
    ] {
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            format!("\"{}\"", a.as_str())
        );
        assert_eq!(AssuranceIcon::from_code(a as u8), Some(a));
    }
    for t in PointType::ALL {
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            format!("\"{}\"", t.as_str())
        );
        assert_eq!(PointType::from_code(t as u8), Some(t));
    }
    assert_eq!(PointType::from_code(6), None);
    assert_eq!(Signal::from_code(9), None);
}

#[test]
fn shift_length_six_is_an_mdc_knob() {
    // Six points above the mean at the end: no shift with 7, a shift with 6.
    let mut v = NOISE[..10].to_vec();
    v.extend([10.3, 10.2, 10.3, 10.25, 10.3, 10.2]);
    let seven = xmr(&v, &SpcOptions::default()).unwrap();
    assert_eq!(seven.signal[15], Signal::None);
    let six = xmr(
        &v,
        &SpcOptions {
            shift_length: Some(6),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(six.signal[15], Signal::ShiftAbove);
    assert_eq!(six.summary.variation_icon, VariationIcon::ImprovementHigh);
}

#[test]
fn trend_length_six_is_an_mdc_knob() {
    let mut v = NOISE[..9].to_vec();
    v.extend([9.7, 9.8, 9.9, 10.0, 10.1, 10.2]);
    assert_eq!(
        xmr(&v, &SpcOptions::default()).unwrap().signal[14],
        Signal::None
    );
    let six = xmr(
        &v,
        &SpcOptions {
            trend_length: Some(6),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(six.signal[9..], [Signal::TrendIncreasing; 6]);
    assert_eq!(six.signal[8], Signal::None);
}

#[test]
fn two_in_three_can_count_points_beyond_the_limits() {
    // One point beyond the UPL beside one between the 2-sigma line and the UPL.
    let mut v = NOISE.to_vec();
    let base = xmr(&v, &SpcOptions::default()).unwrap();
    let s = base.segments[0];
    v.extend([
        s.near_upl + 0.25 * (s.upl - s.near_upl),
        s.mean + 0.01,
        s.upl + 1.0,
    ]);
    let nhsr = xmr(
        &v,
        &SpcOptions {
            fix_after: Some(16),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(nhsr.signal[16], Signal::None);
    assert_eq!(nhsr.signal[18], Signal::AboveUpl);
    let counting = xmr(
        &v,
        &SpcOptions {
            fix_after: Some(16),
            two_in_three_counts_outside: Some(true),
            ..SpcOptions::default()
        },
    )
    .unwrap();
    assert_eq!(counting.signal[16], Signal::TwoInThreeAbove);
    assert_eq!(
        counting.signal[17],
        Signal::None,
        "the third point is never flagged"
    );
    assert_eq!(
        counting.signal[18],
        Signal::AboveUpl,
        "outside keeps precedence"
    );
}

#[test]
fn improvement_wins_resolves_conflicts() {
    // A point far below the LPL that starts a 7-point rise: concern by precedence,
    // improvement when improvement wins.
    let mut v = NOISE.to_vec();
    v.extend([5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0]);
    let options = SpcOptions {
        fix_after: Some(16),
        ..SpcOptions::default()
    };
    let nhsr = xmr(&v, &options).unwrap();
    assert_eq!(nhsr.signal[16], Signal::BelowLpl);
    assert_eq!(nhsr.point_type[16], PointType::SpecialCauseConcern);
    let wins = xmr(
        &v,
        &SpcOptions {
            improvement_wins: Some(true),
            ..options.clone()
        },
    )
    .unwrap();
    assert_eq!(wins.signal[16], Signal::TrendIncreasing);
    assert_eq!(wins.point_type[16], PointType::SpecialCauseImprovement);
    // When lower is better the same point is an improvement either way.
    let dec = xmr(
        &v,
        &SpcOptions {
            improvement: Improvement::Decrease,
            improvement_wins: Some(true),
            ..options
        },
    )
    .unwrap();
    assert_eq!(dec.signal[16], Signal::BelowLpl);
    assert_eq!(dec.point_type[16], PointType::SpecialCauseImprovement);
}

#[test]
fn xmr_into_checks_column_lengths() {
    let n = NOISE.len();
    let (mut m, mut l, mut u, mut nl, mut nu) = (
        vec![0.0; n],
        vec![0.0; n],
        vec![0.0; n],
        vec![0.0; n],
        vec![0.0; n - 1],
    );
    let (mut pt, mut sg, mut seg) = (vec![0u8; n], vec![0u8; n], vec![0u32; n]);
    let e = xmr_into(
        &NOISE,
        &SpcOptions::default(),
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
    .unwrap_err();
    assert_eq!(
        (e.kind(), e.path()),
        (ErrorKind::InvalidArgument, "out.near_upl")
    );
}

#[test]
fn batch_summaries_are_in_first_appearance_order() {
    let values: Vec<f64> = NOISE.iter().chain(NOISE.iter()).copied().collect();
    let mut codes = vec![9u32; 16];
    codes.extend([2u32; 16]);
    let t = xmr_many(&values, &codes, &SpcOptions::default()).unwrap();
    assert_eq!(
        t.series.iter().map(|s| s.series).collect::<Vec<_>>(),
        [9, 2]
    );
    // Interleaved: 2 appears first.
    let codes: Vec<u32> = (0..32).map(|i| if i % 2 == 0 { 2 } else { 9 }).collect();
    let t = xmr_many(&values, &codes, &SpcOptions::default()).unwrap();
    assert_eq!(
        t.series.iter().map(|s| s.series).collect::<Vec<_>>(),
        [2, 9]
    );
    assert_eq!(t.series[0].len, 16);
}

/// From `PARALLEL_FILL_MIN` values `xmr` fills the limit columns on two threads; the result
/// must equal the single-threaded kernel (`xmr_into`) and the batch path, segment by segment.
#[test]
fn long_series_fill_matches_the_single_threaded_kernel() {
    let n = PARALLEL_FILL_MIN + 1_234;
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let values: Vec<f64> = (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let level = if (i / 50_000) % 2 == 0 { 100.0 } else { 130.0 };
            level + (x >> 11) as f64 / (1u64 << 53) as f64 * 10.0
        })
        .collect();
    let options = SpcOptions {
        rebase: vec![50_000, 150_000, 200_001],
        target: Some(120.0),
        ..SpcOptions::default()
    };
    let r = xmr(&values, &options).unwrap();
    assert_eq!(r.segments.len(), 4);
    let mut out = XmrColumns::new(n);
    let summary = xmr_into(&values, &options, out.columns(n)).unwrap();
    assert_eq!(summary, r.summary);
    assert!(
        r.mean == out.mean && r.lpl == out.lpl && r.upl == out.upl,
        "process limits differ"
    );
    assert!(
        r.near_lpl == out.near_lpl && r.near_upl == out.near_upl,
        "2-sigma lines differ"
    );
    assert_eq!(r.segment, out.segment);
    let types: Vec<u8> = r.point_type.iter().map(|&t| t as u8).collect();
    let signals: Vec<u8> = r.signal.iter().map(|&s| s as u8).collect();
    assert_eq!((types, signals), (out.point_type, out.signal));
    for (k, s) in r.segments.iter().enumerate() {
        let at = s.start + s.len - 1;
        assert_eq!(
            (r.mean[at], r.upl[at], r.segment[at]),
            (s.mean, s.upl, k as u32)
        );
    }
}

/// A contiguous batch of at least `PARALLEL_FILL_MIN` values has its limit columns written by
/// two threads from every series' segments; each series must still equal `xmr_into` on its
/// own, segment numbers included (two segments per series here).
#[test]
fn large_batch_fill_matches_each_series_alone() {
    let (len, count) = (60usize, PARALLEL_FILL_MIN / 60 + 7);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut values = Vec::with_capacity(len * count);
    let mut codes = Vec::with_capacity(len * count);
    for c in 0..count {
        for i in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let level = if i < 30 { 50.0 } else { 55.0 + (c % 7) as f64 };
            values.push(level + (x >> 11) as f64 / (1u64 << 53) as f64 * 8.0);
            codes.push(u32::try_from(c).unwrap());
        }
    }
    let options = SpcOptions {
        rebase: vec![30],
        target: Some(53.0),
        ..SpcOptions::default()
    };
    let t = xmr_many(&values, &codes, &options).unwrap();
    let mut one = XmrColumns::new(len);
    for c in 0..count {
        let r = c * len..(c + 1) * len;
        let summary = xmr_into(&values[r.clone()], &options, one.columns(len)).unwrap();
        assert_eq!(t.series[c].mean, summary.mean, "series {c}");
        assert_eq!(t.mean[r.clone()], one.mean[..], "series {c} mean");
        assert_eq!(t.lpl[r.clone()], one.lpl[..], "series {c} lpl");
        assert_eq!(t.upl[r.clone()], one.upl[..], "series {c} upl");
        assert_eq!(
            t.near_lpl[r.clone()],
            one.near_lpl[..],
            "series {c} near_lpl"
        );
        assert_eq!(
            t.near_upl[r.clone()],
            one.near_upl[..],
            "series {c} near_upl"
        );
        assert_eq!(t.segment[r.clone()], one.segment[..], "series {c} segment");
        assert_eq!(
            t.point_type[r.clone()],
            one.point_type[..],
            "series {c} point_type"
        );
        assert_eq!(t.signal[r], one.signal[..], "series {c} signal");
    }
    assert_eq!(t.segment[len - 1], 1, "two segments per series");
}
