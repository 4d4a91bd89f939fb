//! Property tests of the value methods: the invariants an economist would state.

use std::collections::BTreeMap;

use outcomes_core::value::{
    GainLossInput, SroiInput, equalise, gain_loss, shapley_table, share, share_pennies, sroi,
};
use proptest::prelude::*;

fn game(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1e6..1e6_f64, 1 << n).prop_map(|mut v| {
        v[0] = 0.0;
        v
    })
}

fn phi(n: usize, v: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; n];
    shapley_table(n, v, &mut out).unwrap();
    out
}

/// Shapley by permutations (the definition as an average of marginal contributions over
/// every order), for small n.
fn phi_by_orders(n: usize, v: &[f64]) -> Vec<f64> {
    fn permute(items: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
        if k == items.len() {
            f(items);
            return;
        }
        for i in k..items.len() {
            items.swap(k, i);
            permute(items, k + 1, f);
            items.swap(k, i);
        }
    }
    let mut out = vec![0.0; n];
    let mut count = 0.0;
    let mut order: Vec<usize> = (0..n).collect();
    permute(&mut order, 0, &mut |o| {
        let mut s = 0usize;
        for &i in o {
            out[i] += v[s | 1 << i] - v[s];
            s |= 1 << i;
        }
        count += 1.0;
    });
    out.iter().map(|x| x / count).collect()
}

proptest! {
    #[test]
    fn shapley_efficiency((n, v) in (1usize..=7).prop_flat_map(|n| (Just(n), game(n)))) {
        let sum: f64 = phi(n, &v).iter().sum();
        let grand = v[(1 << n) - 1];
        prop_assert!((sum - grand).abs() <= 1e-6 * (1.0 + grand.abs()), "{sum} vs {grand}");
    }

    #[test]
    fn shapley_matches_the_order_definition((n, v) in (1usize..=5).prop_flat_map(|n| (Just(n), game(n)))) {
        let a = phi(n, &v);
        let b = phi_by_orders(n, &v);
        for (x, y) in a.iter().zip(&b) {
            prop_assert!((x - y).abs() <= 1e-6 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    #[test]
    fn shapley_symmetry((n, v) in (2usize..=6).prop_flat_map(|n| (Just(n), game(n)))) {
        // Make partners 0 and 1 interchangeable: v(S) = v(swap(S)), by averaging.
        let swap = |s: usize| {
            let (a, b) = (s & 1, (s >> 1) & 1);
            (s & !3) | (a << 1) | b
        };
        let sym: Vec<f64> = (0..v.len()).map(|s| 0.5 * (v[s] + v[swap(s)])).collect();
        let p = phi(n, &sym);
        prop_assert!((p[0] - p[1]).abs() <= 1e-6 * (1.0 + p[0].abs()), "{} vs {}", p[0], p[1]);
    }

    #[test]
    fn shapley_null_player((n, v) in (2usize..=6).prop_flat_map(|n| (Just(n), game(n)))) {
        // Partner n-1 adds nothing: v(S ∪ {last}) = v(S).
        let last = 1 << (n - 1);
        let null: Vec<f64> = (0..v.len()).map(|s| v[s & !last]).collect();
        let p = phi(n, &null);
        prop_assert!(p[n - 1].abs() <= 1e-6, "{}", p[n - 1]);
    }

    #[test]
    fn shapley_additivity((n, v, w) in (1usize..=6).prop_flat_map(|n| (Just(n), game(n), game(n)))) {
        let sum: Vec<f64> = v.iter().zip(&w).map(|(a, b)| a + b).collect();
        let (pv, pw, ps) = (phi(n, &v), phi(n, &w), phi(n, &sum));
        for i in 0..n {
            prop_assert!((pv[i] + pw[i] - ps[i]).abs() <= 1e-6 * (1.0 + ps[i].abs()));
        }
    }

    #[test]
    fn proportional_shares_sum_to_total(
        total in -1e9..1e9_f64,
        weights in prop::collection::vec(0.0..1e7_f64, 1..30),
    ) {
        prop_assume!(weights.iter().sum::<f64>() > 0.0);
        let mut out = vec![0.0; weights.len()];
        share(total, &weights, &mut out).unwrap();
        let sum: f64 = out.iter().sum();
        prop_assert!((sum - total).abs() <= 1e-9 * (1.0 + total.abs()), "{sum} vs {total}");
        // Proportional: equal weights get equal parts; larger weights get at least as much.
        for i in 1..weights.len() {
            if weights[i] >= weights[0] {
                prop_assert!(out[i].abs() >= out[0].abs() * (1.0 - 1e-12));
            }
        }
    }

    #[test]
    fn penny_shares_sum_exactly(
        total in -1e9..1e9_f64,
        weights in prop::collection::vec(0.0..1e7_f64, 1..30),
    ) {
        prop_assume!(weights.iter().sum::<f64>() > 0.0);
        let mut out = vec![0_i64; weights.len()];
        let pennies = share_pennies(total, &weights, &mut out).unwrap();
        prop_assert_eq!(pennies, (total * 100.0).round() as i64);
        prop_assert_eq!(out.iter().sum::<i64>(), pennies);
        // Each part is within one penny of its exact quota.
        let w: f64 = weights.iter().sum();
        for (o, wi) in out.iter().zip(&weights) {
            let quota = pennies as f64 * wi / w;
            prop_assert!((*o as f64 - quota).abs() < 1.0 + 1e-6, "{o} vs {quota}");
        }
    }

    #[test]
    fn transfers_sum_to_zero(
        parts in prop::collection::vec((-1e7..1e7_f64, 0.001..1.0_f64), 1..12),
    ) {
        let w: f64 = parts.iter().map(|p| p.1).sum();
        let realised: BTreeMap<String, f64> =
            parts.iter().enumerate().map(|(i, p)| (format!("P{i:02}"), p.0)).collect();
        let mut shares: BTreeMap<String, f64> =
            parts.iter().enumerate().map(|(i, p)| (format!("P{i:02}"), p.1 / w)).collect();
        // Make the shares add up to 1 to the last bit.
        let head: f64 = shares.values().take(shares.len() - 1).sum();
        if let Some(last) = shares.values_mut().last() {
            *last = (1.0 - head).max(0.0);
        }
        let e = equalise(&realised, &shares).unwrap();
        let t = e.transfers();
        prop_assert_eq!(t.values().sum::<f64>(), 0.0);
        // After the transfers each partner holds its share of the total.
        for (name, p) in &e.partners {
            let after = p.realised + p.transfer;
            prop_assert!((after - p.share * e.total).abs() <= 1e-6 * (1.0 + e.total.abs()) + 1e-6, "{name}");
        }
    }

    #[test]
    fn gain_loss_parts_sum_to_variance(
        expected in 0.0..1e8_f64,
        actual in 0.0..1e8_f64,
        c in 0.0..=1.0_f64,
        p1 in 0.0..=1.0_f64,
        cap in prop::option::of(0.0..1e7_f64),
        collar in prop::option::of(0.0..1e7_f64),
    ) {
        let input = GainLossInput {
            expected,
            actual,
            commissioner_share: c,
            provider_shares: BTreeMap::from([("P1".to_owned(), p1), ("P2".to_owned(), 1.0 - p1)]),
            cap,
            collar,
        };
        let g = gain_loss(&input).unwrap();
        let sum = g.commissioner + g.providers.values().sum::<f64>();
        prop_assert!((sum - g.variance).abs() <= 1e-6 * (1.0 + g.variance.abs()));
        if let Some(cap) = cap { prop_assert!(g.providers_total <= cap); }
        if let Some(collar) = collar { prop_assert!(g.providers_total >= -collar); }
        // Providers share the variance's sign (or get nothing).
        prop_assert!(g.providers_total * g.variance >= 0.0);
    }

    #[test]
    fn sroi_monotone_and_break_even_consistent(
        q in 1.0..1000.0_f64, p in 1.0..1e4_f64, inv in 1.0..1e7_f64,
        dw in 0.0..=1.0_f64, ds in 0.0..=1.0_f64, at in 0.0..=1.0_f64, d in 0.0..=1.0_f64,
        n in 1u32..=15, r in 0.0..0.1_f64,
    ) {
        let input = SroiInput {
            deadweight: dw, displacement: ds, attribution: at, drop_off: d,
            duration_years: n, discount_rate: r, ..SroiInput::new(q, p, inv)
        };
        let s = sroi(&input).unwrap();
        let yearly: f64 = s.yearly.iter().map(|y| y.present_value).sum();
        prop_assert!((yearly - s.present_value).abs() <= 1e-9 * (1.0 + s.present_value));
        // Values never rise from year to year.
        for w in s.yearly.windows(2) {
            prop_assert!(w[1].value <= w[0].value);
        }
        let tol = 1e-7 * inv;
        let be = s.break_even;
        for (x, changed) in [
            (be.deadweight, SroiInput { deadweight: be.deadweight.unwrap_or(0.0), ..input }),
            (be.displacement, SroiInput { displacement: be.displacement.unwrap_or(0.0), ..input }),
            (be.attribution, SroiInput { attribution: be.attribution.unwrap_or(0.0), ..input }),
            (be.drop_off, SroiInput { drop_off: be.drop_off.unwrap_or(0.0), ..input }),
        ] {
            if let Some(x) = x {
                prop_assert!((0.0..=1.0).contains(&x));
                prop_assert!((changed.present_value() - inv).abs() <= tol,
                    "PV {} at break-even vs {inv}", changed.present_value());
            }
        }
        // A break-even for a multiplicative adjustment exists iff PV with it at 0 reaches the
        // investment.
        let pv0 = SroiInput { deadweight: 0.0, ..input }.present_value();
        prop_assert_eq!(be.deadweight.is_some(), pv0 >= inv);
    }
}
