//! Benchmarks of the value methods: SROI of worked case E (with break-even values and the
//! sensitivity table), exact Shapley values for 10 and 20 partners, and proportional shares
//! of a total among 1,000,000 weights (exact and in pennies).
//!
//! Run: `cargo bench -p outcomes-core --bench value -- --quick`.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use outcomes_core::value::{SroiInput, shapley_table, share, share_pennies, sroi};

fn game(n: usize) -> Vec<f64> {
    // v(S) = (Σ_{i ∈ S} (i + 1))^1.5: superadditive, so every partner adds something.
    (0..1usize << n)
        .map(|s| {
            let w: f64 = (0..n)
                .filter(|i| s & (1 << i) != 0)
                .map(|i| (i + 1) as f64)
                .sum();
            w.powf(1.5)
        })
        .collect()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();

    let input = SroiInput {
        deadweight: 0.20,
        displacement: 0.10,
        attribution: 0.25,
        drop_off: 0.30,
        duration_years: 3,
        ..SroiInput::new(40.0, 5_000.0, 100_000.0)
    };
    c.bench_function("sroi/case_e", |b| b.iter(|| sroi(black_box(&input))));
    let long = SroiInput {
        duration_years: 60,
        investment: 3_000_000.0,
        ..input
    };
    c.bench_function("sroi/60_years_bisection", |b| {
        b.iter(|| sroi(black_box(&long)));
    });

    for n in [10usize, 20] {
        let v = game(n);
        let mut out = vec![0.0; n];
        let mut g = c.benchmark_group("shapley");
        g.throughput(Throughput::Elements(1 << n));
        g.sample_size(10);
        g.bench_function(format!("{n}_partners"), |b| {
            b.iter(|| shapley_table(n, black_box(&v), &mut out));
        });
        g.finish();
    }

    let rows = 1_000_000;
    let weights: Vec<f64> = (0..rows).map(|i| ((i * 7919) % 1000 + 1) as f64).collect();
    let mut out = vec![0.0; rows];
    let mut pennies = vec![0_i64; rows];
    let mut g = c.benchmark_group("share");
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("1M_weights", |b| {
        b.iter(|| share(black_box(600_000.0), &weights, &mut out));
    });
    g.bench_function("1M_weights_pennies", |b| {
        b.iter(|| share_pennies(black_box(600_000_000.0), &weights, &mut pennies));
    });
    g.finish();
    c.final_summary();
}
