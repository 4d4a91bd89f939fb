//! Benchmarks of the public-health statistics kernels.
//!
//! Criterion measures each kernel; afterwards a summary prints throughput, the ratio to the
//! recorded `PHEindicatormethods` timings, and the ratio to a memory-bandwidth bound (bytes the
//! kernel must read and write divided by the measured memcpy bandwidth).
//!
//! Peer timings (recorded, not re-run here: `PHEindicatormethods` 2.1.0 on R 4.5, measured once
//! on a 2-core x86-64 Linux VM): `phe_proportion` 1M rows 0.23-0.42 s, `phe_rate` 1M rows
//! 3.5-4.2 s, `calculate_dsr` 10,000 groups x 19 bands 9.2-9.9 s, `phe_life_expectancy`
//! 1,000 groups x 20 bands 9.2 s.
//!
//! Run: `cargo bench -p outcomes-core --bench stats -- --quick`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use outcomes_core::stats::{
    DsrOptions, Interval, LifeExpectancyOptions, dsr, life_expectancy, proportion, rate,
};

/// A small deterministic generator (`SplitMix64`) so the data are the same on every run.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Counts and denominators: n in 1..10,000, x uniform in 0..=n (proportions) or 0..1,000 (rates).
fn counts(rows: usize, max_x: Option<f64>) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng(42);
    let mut x = Vec::with_capacity(rows);
    let mut n = Vec::with_capacity(rows);
    for _ in 0..rows {
        let ni = (rng.next_f64() * 9_999.0).floor() + 1.0;
        let xi = match max_x {
            None => (rng.next_f64() * (ni + 1.0)).floor().min(ni),
            Some(m) => (rng.next_f64() * m).floor(),
        };
        x.push(xi);
        n.push(ni);
    }
    (x, n)
}

const ESP: [f64; 19] = [
    5000., 5500., 5500., 5500., 6000., 6000., 6500., 7000., 7000., 7000., 7000., 6500., 6000.,
    5500., 5000., 4000., 2500., 1500., 1000.,
];

struct DsrData {
    x: Vec<f64>,
    n: Vec<f64>,
    w: Vec<f64>,
    g: Vec<u32>,
}

fn dsr_data(groups: usize) -> DsrData {
    let mut rng = Rng(7);
    let mut d = DsrData {
        x: vec![],
        n: vec![],
        w: vec![],
        g: vec![],
    };
    for g in 0..groups {
        for w in ESP {
            let n = (rng.next_f64() * 900.0).floor() + 100.0;
            d.x.push((rng.next_f64() * n * 0.1).floor());
            d.n.push(n);
            d.w.push(w);
            d.g.push(g as u32);
        }
    }
    d
}

struct LeData {
    deaths: Vec<f64>,
    pops: Vec<f64>,
    g: Vec<u32>,
}

fn le_data(groups: usize) -> LeData {
    // Mortality rising with age, populations around 40,000 per band.
    let rates = [
        0.0024, 0.00026, 0.0001, 0.00016, 0.00046, 0.00039, 0.00052, 0.00058, 0.00081, 0.0013,
        0.002, 0.0029, 0.0057, 0.0076, 0.0141, 0.0235, 0.0418, 0.0689, 0.1622, 0.1623,
    ];
    let mut rng = Rng(11);
    let mut d = LeData {
        deaths: vec![],
        pops: vec![],
        g: vec![],
    };
    for g in 0..groups {
        for r in rates {
            let p = (rng.next_f64() * 20_000.0).floor() + 30_000.0;
            d.deaths
                .push((p * r * (0.8 + 0.4 * rng.next_f64())).round().max(1.0));
            d.pops.push(p);
            d.g.push(g as u32);
        }
    }
    d
}

fn bench(c: &mut Criterion) {
    for rows in [1_000_000usize, 10_000_000] {
        let (x, n) = counts(rows, None);
        let (mut v, mut lo, mut hi) = (vec![0.0; rows], vec![0.0; rows], vec![0.0; rows]);
        let mut group = c.benchmark_group("wilson");
        group.throughput(Throughput::Elements(rows as u64));
        group.sample_size(10);
        group.bench_function(format!("{rows}"), |b| {
            b.iter(|| proportion(black_box(&x), &n, 0.95, 1.0, &mut v, &mut lo, &mut hi).unwrap());
        });
        group.finish();
        let (x, n) = counts(rows, Some(1000.0));
        let mut group = c.benchmark_group("rate");
        group.throughput(Throughput::Elements(rows as u64));
        group.sample_size(10);
        group.bench_function(format!("{rows}"), |b| {
            b.iter(|| rate(black_box(&x), &n, 0.95, 1e5, &mut v, &mut lo, &mut hi).unwrap());
        });
        group.finish();
    }
    let d = dsr_data(10_000);
    let (mut v, mut lo, mut hi) = (vec![0.0; 10_000], vec![0.0; 10_000], vec![0.0; 10_000]);
    c.bench_function("dsr/10000x19", |b| {
        b.iter(|| {
            dsr(
                black_box(&d.x),
                &d.n,
                &d.w,
                Some(&d.g),
                None,
                &DsrOptions::default(),
                Interval::new(&mut v, &mut lo, &mut hi),
            )
            .unwrap()
        });
    });
    let d = le_data(1_000);
    let (mut v, mut lo, mut hi) = (vec![0.0; 1_000], vec![0.0; 1_000], vec![0.0; 1_000]);
    c.bench_function("life_expectancy/1000x20", |b| {
        b.iter(|| {
            life_expectancy(
                black_box(&d.deaths),
                &d.pops,
                None,
                Some(&d.g),
                &LifeExpectancyOptions::default(),
                Interval::new(&mut v, &mut lo, &mut hi),
            )
            .unwrap()
        });
    });
}

/// The median of `reps` timings of `f`.
fn median_time(reps: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut t: Vec<Duration> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[reps / 2]
}

/// Memory bandwidth in bytes per second (read + write traffic) from copying a 10M-f64 buffer.
fn memcpy_bandwidth() -> f64 {
    let src = vec![1.0_f64; 10_000_000];
    let mut dst = vec![0.0_f64; 10_000_000];
    let t = median_time(7, || {
        dst.copy_from_slice(black_box(&src));
        black_box(&mut dst);
    });
    2.0 * 8.0 * 1e7 / t.as_secs_f64()
}

fn summary() {
    let bw = memcpy_bandwidth();
    println!("\n== stats kernels: summary (median of repeated runs, this machine) ==");
    println!("memcpy bandwidth: {:.1} GB/s (read + write)", bw / 1e9);
    let line = |name: &str, rows: f64, secs: f64, bytes: f64, peer: Option<(f64, f64)>| {
        let bound = bytes / bw;
        let peer_text = peer.map_or(String::new(), |(a, b)| {
            format!(
                "; {:.0}x-{:.0}x faster than recorded peer ({a}-{b} s)",
                a / secs,
                b / secs
            )
        });
        println!(
            "{name}: {:.3} ms, {:.1} M rows/s, {:.2}x the memory-bandwidth bound ({:.3} ms){peer_text}",
            secs * 1e3,
            rows / secs / 1e6,
            secs / bound,
            bound * 1e3,
        );
    };
    for rows in [1_000_000usize, 10_000_000] {
        let (x, n) = counts(rows, None);
        let (mut v, mut lo, mut hi) = (vec![0.0; rows], vec![0.0; rows], vec![0.0; rows]);
        let t = median_time(7, || {
            proportion(black_box(&x), &n, 0.95, 1.0, &mut v, &mut lo, &mut hi).unwrap();
        });
        let peer = (rows == 1_000_000).then_some((0.23, 0.42));
        line(
            &format!("wilson {rows} rows"),
            rows as f64,
            t.as_secs_f64(),
            40.0 * rows as f64,
            peer,
        );
        let (x, n) = counts(rows, Some(1000.0));
        let t = median_time(7, || {
            rate(black_box(&x), &n, 0.95, 1e5, &mut v, &mut lo, &mut hi).unwrap();
        });
        let peer = (rows == 1_000_000).then_some((3.5, 4.2));
        line(
            &format!("rate {rows} rows"),
            rows as f64,
            t.as_secs_f64(),
            40.0 * rows as f64,
            peer,
        );
    }
    let d = dsr_data(10_000);
    let (mut v, mut lo, mut hi) = (vec![0.0; 10_000], vec![0.0; 10_000], vec![0.0; 10_000]);
    let t = median_time(11, || {
        dsr(
            black_box(&d.x),
            &d.n,
            &d.w,
            Some(&d.g),
            None,
            &DsrOptions::default(),
            Interval::new(&mut v, &mut lo, &mut hi),
        )
        .unwrap();
    });
    line(
        "dsr 10,000 groups x 19 bands",
        190_000.0,
        t.as_secs_f64(),
        28.0 * 190_000.0,
        Some((9.2, 9.9)),
    );
    let d = le_data(1_000);
    let (mut v, mut lo, mut hi) = (vec![0.0; 1_000], vec![0.0; 1_000], vec![0.0; 1_000]);
    let t = median_time(11, || {
        life_expectancy(
            black_box(&d.deaths),
            &d.pops,
            None,
            Some(&d.g),
            &LifeExpectancyOptions::default(),
            Interval::new(&mut v, &mut lo, &mut hi),
        )
        .unwrap();
    });
    line(
        "life expectancy 1,000 groups x 20 bands",
        20_000.0,
        t.as_secs_f64(),
        20.0 * 20_000.0,
        Some((9.2, 9.2)),
    );
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
    summary();
}
