//! The value worked cases to the penny.
//!
//! Cases copied from `shared/reference/worked-cases.md`, section "Value" (cases E, G, H,
//! cost sharing and equalisation), which states the expected figures; money is checked to
//! within 0.005 (half a penny).

use std::collections::BTreeMap;

use outcomes_core::ErrorKind;
use outcomes_core::value::{
    CoalitionValue, GainLossInput, SensitivityParameter, SroiInput, equalise, gain_loss, shapley,
    share, share_pennies, sroi,
};

const PENNY: f64 = 0.005;

fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual}, expected {expected} (tolerance {tol})"
    );
}

fn case_e() -> SroiInput {
    SroiInput {
        deadweight: 0.20,
        displacement: 0.10,
        attribution: 0.25,
        drop_off: 0.30,
        duration_years: 3,
        ..SroiInput::new(40.0, 5_000.0, 100_000.0)
    }
}

fn map(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn sroi_case_e() {
    let s = sroi(&case_e()).unwrap();
    assert_eq!(s.input.discount_rate, 0.035, "Green Book default");
    close(s.gross_value, 200_000.0, PENNY, "gross");
    let expected = [
        (108_000.0, 104_347.83),
        (75_600.0, 70_573.41),
        (52_920.0, 47_730.81),
    ];
    assert_eq!(s.yearly.len(), 3);
    for (y, (value, pv)) in s.yearly.iter().zip(expected) {
        close(y.value, value, PENNY, &format!("year {} value", y.year));
        close(y.present_value, pv, PENNY, &format!("year {} PV", y.year));
        close(
            y.discount_factor,
            1.0 / 1.035_f64.powf(f64::from(y.year)),
            1e-15,
            "factor",
        );
    }
    close(s.present_value, 222_652.04, PENNY, "PV");
    close(s.net_present_value, 122_652.04, PENNY, "NPV");
    close(s.ratio.unwrap(), 2.2265, 5e-5, "ratio");
    close(s.net_ratio.unwrap(), 1.2265, 5e-5, "net ratio");
    close(s.payback_months.unwrap(), 11.1, 0.05, "payback");
    close(
        s.payback_months.unwrap(),
        100_000.0 / 9_000.0,
        1e-9,
        "payback exact",
    );
    close(
        s.break_even.deadweight.unwrap(),
        0.6407,
        5e-5,
        "be deadweight",
    );
    close(
        s.break_even.displacement.unwrap(),
        0.5958,
        5e-5,
        "be displacement",
    );
    close(
        s.break_even.attribution.unwrap(),
        0.6632,
        5e-5,
        "be attribution",
    );
    assert_eq!(
        s.break_even.drop_off, None,
        "PV stays above even at 100% drop-off"
    );
}

#[test]
fn sroi_break_even_gives_pv_equal_to_investment() {
    let base = case_e();
    let s = sroi(&base).unwrap();
    let be = s.break_even;
    for changed in [
        SroiInput {
            deadweight: be.deadweight.unwrap(),
            ..base
        },
        SroiInput {
            displacement: be.displacement.unwrap(),
            ..base
        },
        SroiInput {
            attribution: be.attribution.unwrap(),
            ..base
        },
    ] {
        close(changed.present_value(), 100_000.0, 1e-6, "PV at break-even");
    }
    // A larger investment makes the drop-off break-even exist (bisection).
    let dear = SroiInput {
        investment: 150_000.0,
        ..base
    };
    let d = sroi(&dear).unwrap().break_even.drop_off.unwrap();
    assert!((0.0..1.0).contains(&d));
    close(
        SroiInput {
            drop_off: d,
            ..dear
        }
        .present_value(),
        150_000.0,
        1e-6,
        "PV at break-even drop-off",
    );
}

#[test]
fn sroi_sensitivity_table() {
    let s = sroi(&case_e()).unwrap();
    let find = |p: SensitivityParameter, change: &str| {
        s.sensitivity
            .iter()
            .find(|r| r.parameter == p && r.change == change)
            .unwrap_or_else(|| panic!("no row {p:?} {change}"))
    };
    // Deadweight 30%: PV scales by 0.7 / 0.8.
    let r = find(SensitivityParameter::Deadweight, "+10 points");
    close(r.value, 0.30, 1e-12, "value");
    close(r.present_value, 222_652.04 * 0.7 / 0.8, 0.01, "dw +10 PV");
    close(
        r.net_present_value,
        r.present_value - 100_000.0,
        1e-9,
        "NPV",
    );
    close(
        r.ratio.unwrap(),
        r.present_value / 100_000.0,
        1e-12,
        "ratio",
    );
    // Undiscounted: the year values summed.
    let r = find(SensitivityParameter::DiscountRate, "rate 0.0%");
    close(
        r.present_value,
        108_000.0 + 75_600.0 + 52_920.0,
        PENNY,
        "rate 0",
    );
    let r = find(SensitivityParameter::DiscountRate, "rate 3.5%");
    close(r.present_value, 222_652.04, PENNY, "rate 3.5 equals base");
    let r = find(SensitivityParameter::DiscountRate, "rate 7.0%");
    let by_hand = 108_000.0 / 1.07 + 75_600.0 / 1.07_f64.powi(2) + 52_920.0 / 1.07_f64.powi(3);
    close(r.present_value, by_hand, PENNY, "rate 7");
    // Drop-off 20%: years 108,000 / 86,400 / 69,120.
    let r = find(SensitivityParameter::DropOff, "-10 points");
    let by_hand = 108_000.0 / 1.035 + 86_400.0 / 1.035_f64.powi(2) + 69_120.0 / 1.035_f64.powi(3);
    close(r.present_value, by_hand, PENNY, "drop-off 20%");
    // Duration 4 years adds 37,044 / 1.035^4.
    let r = find(SensitivityParameter::DurationYears, "+1 year");
    close(
        r.present_value,
        222_652.04 + 37_044.0 / 1.035_f64.powi(4),
        0.01,
        "4 years",
    );
    let r = find(SensitivityParameter::Proxy, "-10%");
    close(r.value, 4_500.0, 1e-9, "proxy");
    close(r.present_value, 222_652.04 * 0.9, 0.01, "proxy -10%");
    // Clamped at the bounds.
    let low = sroi(&SroiInput {
        deadweight: 0.05,
        ..case_e()
    })
    .unwrap();
    let r = low
        .sensitivity
        .iter()
        .find(|r| r.parameter == SensitivityParameter::Deadweight && r.change == "-10 points")
        .unwrap();
    assert_eq!(r.value, 0.0);
    assert_eq!(s.sensitivity.len(), 8 + 2 + 2 + 4);
}

#[test]
fn sroi_zero_investment_and_errors() {
    let s = sroi(&SroiInput {
        investment: 0.0,
        ..case_e()
    })
    .unwrap();
    assert_eq!((s.ratio, s.net_ratio, s.payback_months), (None, None, None));
    assert_eq!(s.break_even.deadweight, None);
    close(s.present_value, 222_652.04, PENNY, "PV");

    let nothing = sroi(&SroiInput {
        deadweight: 1.0,
        ..case_e()
    })
    .unwrap();
    assert_eq!(nothing.payback_months, None, "never pays back");
    assert_eq!(nothing.present_value, 0.0);

    let bad = |input: SroiInput, path: &str| {
        let e = sroi(&input).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert_eq!(e.path(), path, "{e}");
    };
    bad(
        SroiInput {
            deadweight: 1.2,
            ..case_e()
        },
        "deadweight",
    );
    bad(
        SroiInput {
            drop_off: -0.1,
            ..case_e()
        },
        "drop_off",
    );
    bad(
        SroiInput {
            attribution: f64::NAN,
            ..case_e()
        },
        "attribution",
    );
    bad(
        SroiInput {
            quantity: -1.0,
            ..case_e()
        },
        "quantity",
    );
    bad(
        SroiInput {
            proxy: f64::INFINITY,
            ..case_e()
        },
        "proxy",
    );
    bad(
        SroiInput {
            investment: -5.0,
            ..case_e()
        },
        "investment",
    );
    bad(
        SroiInput {
            duration_years: 0,
            ..case_e()
        },
        "duration_years",
    );
    bad(
        SroiInput {
            discount_rate: 3.5,
            ..case_e()
        },
        "discount_rate",
    );
}

#[test]
fn sroi_input_from_json_uses_defaults() {
    let input: SroiInput =
        serde_json::from_str(r#"{"quantity": 40, "proxy": 5000, "investment": 100000}"#).unwrap();
    assert_eq!(input, SroiInput::new(40.0, 5_000.0, 100_000.0));
    assert!(
        serde_json::from_str::<SroiInput>(
            r#"{"quantity": 40, "proxy": 5000, "investment": 1, "duration_years": 2.5}"#
        )
        .is_err(),
        "a fractional duration is rejected"
    );
    let s = sroi(&case_e()).unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"break_even\"") && json.contains("\"drop_off\":null"));
}

#[test]
fn sharing_case_g_and_cost_sharing() {
    let mut out = [0.0; 3];
    share(600_000.0, &[500_000.0, 300_000.0, 200_000.0], &mut out).unwrap();
    for (o, e) in out.iter().zip([300_000.0, 180_000.0, 120_000.0]) {
        close(*o, e, PENNY, "by population");
    }
    share(600_000.0, &[4e6, 2e6, 2e6], &mut out).unwrap();
    for (o, e) in out.iter().zip([300_000.0, 150_000.0, 150_000.0]) {
        close(*o, e, PENNY, "by spend");
    }
    share(90_000.0, &[500_000.0, 300_000.0, 200_000.0], &mut out).unwrap();
    for (o, e) in out.iter().zip([45_000.0, 27_000.0, 18_000.0]) {
        close(*o, e, PENNY, "cost by population");
    }
    share(-90_000.0, &[1.0, 1.0, 1.0], &mut out).unwrap();
    for o in out {
        close(o, -30_000.0, PENNY, "equal cost");
    }
    let mut p = [0_i64; 3];
    assert_eq!(
        share_pennies(600_000.0, &[500_000.0, 300_000.0, 200_000.0], &mut p).unwrap(),
        60_000_000
    );
    assert_eq!(p, [30_000_000, 18_000_000, 12_000_000]);
    assert_eq!(share_pennies(-0.05, &[1.0, 1.0], &mut p[..2]).unwrap(), -5);
    assert_eq!(&p[..2], &[-3, -2]);
}

#[test]
fn sharing_errors() {
    let mut out = [0.0; 3];
    let e = share(1.0, &[1.0, -2.0, f64::NAN], &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Method);
    assert_eq!(e.path(), "weights[1]");
    assert!(e.message().contains("1 more"), "{e}");
    assert_eq!(
        share(1.0, &[0.0, 0.0, 0.0], &mut out).unwrap_err().path(),
        "weights"
    );
    assert_eq!(share(1.0, &[1.0], &mut out).unwrap_err().path(), "out");
    assert_eq!(
        share(1.0, &[], &mut out[..0]).unwrap_err().path(),
        "weights"
    );
    assert_eq!(
        share(f64::NAN, &[1.0, 1.0, 1.0], &mut out)
            .unwrap_err()
            .path(),
        "total"
    );
    let mut p = [0_i64; 1];
    assert_eq!(
        share_pennies(1e300, &[1.0], &mut p).unwrap_err().path(),
        "total"
    );
}

fn case_g_coalitions() -> Vec<CoalitionValue> {
    let v = |m: &[&str], x: f64| CoalitionValue::new(m, x);
    vec![
        v(&["A"], 0.0),
        v(&["B"], 0.0),
        v(&["C"], 0.0),
        v(&["A", "B"], 200_000.0),
        v(&["C", "A"], 300_000.0),
        v(&["B", "C"], 100_000.0),
        v(&["A", "B", "C"], 600_000.0),
    ]
}

#[test]
fn shapley_case_g() {
    let s = shapley(&case_g_coalitions()).unwrap();
    assert_eq!(s.keys().collect::<Vec<_>>(), ["A", "B", "C"]);
    close(s["A"], 250_000.0, PENNY, "A");
    close(s["B"], 150_000.0, PENNY, "B");
    close(s["C"], 200_000.0, PENNY, "C");
    // The empty coalition may be given, worth 0.
    let mut with_empty = case_g_coalitions();
    with_empty.push(CoalitionValue::new::<&str>(&[], 0.0));
    assert_eq!(shapley(&with_empty).unwrap(), s);
}

#[test]
fn shapley_errors() {
    let mut missing = case_g_coalitions();
    missing.remove(4); // {A, C}
    let e = shapley(&missing).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.message().contains("{A, C}"), "{e}");

    let mut two_missing = case_g_coalitions();
    two_missing.truncate(5);
    let e = shapley(&two_missing).unwrap_err();
    assert!(
        e.message().contains("{B, C}") && e.message().contains("1 more"),
        "{e}"
    );

    let mut twice = case_g_coalitions();
    twice.push(CoalitionValue::new(&["B", "A"], 1.0));
    let e = shapley(&twice).unwrap_err();
    assert_eq!(e.path(), "values[7]");
    assert!(e.message().contains("twice"), "{e}");

    let mut nonzero_empty = case_g_coalitions();
    nonzero_empty.push(CoalitionValue::new::<&str>(&[], 5.0));
    assert!(shapley(&nonzero_empty).is_err());

    let mut nan = case_g_coalitions();
    nan[0].value = f64::NAN;
    assert_eq!(shapley(&nan).unwrap_err().path(), "values[0]");

    let names: Vec<String> = (0..21).map(|i| format!("P{i}")).collect();
    let e = shapley(&[CoalitionValue::new(&names, 1.0)]).unwrap_err();
    assert!(e.message().contains("21 partners"), "{e}");

    assert!(shapley(&[]).is_err());
}

#[test]
fn shapley_twenty_partners() {
    // 20 partners, v(S) = Σ_{i ∈ S} (i + 1) + 1000 · [S = N]: additive plus a grand bonus
    // shared equally.
    let n = 20;
    let size = 1usize << n;
    let mut table = vec![0.0; size];
    for (s, v) in table.iter_mut().enumerate() {
        *v = (0..n)
            .filter(|i| s & (1 << i) != 0)
            .map(|i| (i + 1) as f64)
            .sum();
    }
    table[size - 1] += 1000.0;
    let mut out = vec![0.0; n];
    outcomes_core::value::shapley_table(n, &table, &mut out).unwrap();
    for (i, o) in out.iter().enumerate() {
        close(*o, (i + 1) as f64 + 50.0, 1e-6, "20 partners");
    }
}

#[test]
fn equalisation_case() {
    let realised = map(&[("A", 500_000.0), ("B", 100_000.0), ("C", 0.0)]);
    let shares = map(&[("A", 0.5), ("B", 0.3), ("C", 0.2)]);
    let e = equalise(&realised, &shares).unwrap();
    close(e.total, 600_000.0, PENNY, "total");
    let t = e.transfers();
    close(t["A"], -200_000.0, PENNY, "A");
    close(t["B"], 80_000.0, PENNY, "B");
    close(t["C"], 120_000.0, PENNY, "C");
    assert_eq!(t.values().sum::<f64>(), 0.0);
    close(e.partners["B"].target, 180_000.0, PENNY, "B target");
}

#[test]
fn equalisation_errors() {
    let realised = map(&[("A", 500_000.0), ("B", 100_000.0), ("C", 0.0)]);
    let e = equalise(&realised, &map(&[("A", 0.5), ("B", 0.5)])).unwrap_err();
    assert_eq!(e.path(), "shares.C");
    let e = equalise(
        &map(&[("A", 1.0), ("B", 1.0)]),
        &map(&[("A", 0.5), ("B", 0.3), ("C", 0.2)]),
    )
    .unwrap_err();
    assert_eq!(e.path(), "realised.C");
    let e = equalise(&realised, &map(&[("A", 0.5), ("B", 0.3), ("C", 0.3)])).unwrap_err();
    assert_eq!(e.path(), "shares");
    assert!(e.message().contains("not 1"), "{e}");
    let e = equalise(&realised, &map(&[("A", 1.5), ("B", -0.3), ("C", -0.2)])).unwrap_err();
    assert_eq!(e.path(), "shares.A");
    assert!(equalise(&BTreeMap::new(), &BTreeMap::new()).is_err());
}

fn case_h(actual: f64) -> GainLossInput {
    GainLossInput {
        expected: 50.0e6,
        actual,
        commissioner_share: 0.5,
        provider_shares: map(&[("P1", 0.6), ("P2", 0.4)]),
        cap: None,
        collar: None,
    }
}

#[test]
fn gain_loss_case_h() {
    let g = gain_loss(&case_h(48.0e6)).unwrap();
    close(g.variance, 2.0e6, PENNY, "gain");
    close(g.commissioner, 1_000_000.0, PENNY, "commissioner");
    close(g.providers["P1"], 600_000.0, PENNY, "P1");
    close(g.providers["P2"], 400_000.0, PENNY, "P2");
    assert!(!g.limited);

    let l = gain_loss(&GainLossInput {
        collar: Some(300_000.0),
        ..case_h(51.0e6)
    })
    .unwrap();
    close(l.variance, -1.0e6, PENNY, "loss");
    close(l.providers_before_limit, -500_000.0, PENNY, "before collar");
    close(l.providers_total, -300_000.0, PENNY, "collared");
    close(l.providers["P1"], -180_000.0, PENNY, "P1");
    close(l.providers["P2"], -120_000.0, PENNY, "P2");
    close(l.commissioner, -700_000.0, PENNY, "commissioner");
    assert!(l.limited);

    // The collar does not bind a gain; the cap does not bind a loss.
    let g2 = gain_loss(&GainLossInput {
        collar: Some(300_000.0),
        cap: Some(2e6),
        ..case_h(48.0e6)
    })
    .unwrap();
    close(g2.providers_total, 1_000_000.0, PENNY, "unbound");
    let capped = gain_loss(&GainLossInput {
        cap: Some(250_000.0),
        ..case_h(48.0e6)
    })
    .unwrap();
    close(capped.providers["P1"], 150_000.0, PENNY, "capped P1");
    close(
        capped.commissioner,
        1_750_000.0,
        PENNY,
        "capped commissioner",
    );
}

#[test]
fn gain_loss_errors() {
    let path = |input: GainLossInput| gain_loss(&input).unwrap_err().path().to_owned();
    assert_eq!(
        path(GainLossInput {
            commissioner_share: 1.5,
            ..case_h(48e6)
        }),
        "commissioner_share"
    );
    assert_eq!(
        path(GainLossInput {
            provider_shares: map(&[("P1", 0.6), ("P2", 0.6)]),
            ..case_h(48e6)
        }),
        "provider_shares"
    );
    assert_eq!(
        path(GainLossInput {
            collar: Some(-1.0),
            ..case_h(48e6)
        }),
        "collar"
    );
    assert_eq!(
        path(GainLossInput {
            provider_shares: map(&[("commissioner", 1.0)]),
            ..case_h(48e6)
        }),
        "provider_shares.commissioner"
    );
    assert_eq!(path(case_h(f64::NAN)), "actual");
    assert_eq!(
        path(GainLossInput {
            provider_shares: BTreeMap::new(),
            ..case_h(48e6)
        }),
        "provider_shares"
    );
}
