//! Benchmark of the evaluation hot path (issue 5): 1,000,000 observations (200 measures x 50
//! areas x 5 deprivation quintiles x 20 periods, plus nothing else) read from CSV, evaluated,
//! and written as JSON to a file, as a user does: `Evaluation::write_json` through a
//! `BufWriter<File>` under `std::env::temp_dir()` (deleted afterwards). Target: under 1 s of CPU
//! on one core. Prints the time of each stage and the peak resident memory (`VmHWM`) of the
//! process up to then (in the first repeat); then, apart from the total, the time of `to_json_string` (the whole text
//! built in memory) and the peak memory after it, and the time of `write_json_pretty` to a
//! file (the indented JSON `outcomes evaluate --format json` writes).
//!
//! Run: `cargo bench -p outcomes-core --bench evaluate` (add `-- --quick` for one repeat). With
//! `EVALUATE_BENCH_OUT=DIR`, it also writes the framework (`framework.toml`), the observations
//! (`observations.csv`) and the JSON (`evaluation.json`) there and keeps them, to check the
//! output against another build.

use std::fmt::Write as _;
use std::time::Instant;

use outcomes_core::data::Observations;
use outcomes_core::evaluate::EvaluateOptions;
use outcomes_core::model::Framework;

const MEASURES: usize = 200;
const AREAS: usize = 50;
const LEVELS: usize = 5;
const PERIODS: usize = 20;

fn csv() -> String {
    let mut s = String::with_capacity(64 * MEASURES * AREAS * LEVELS * PERIODS);
    s.push_str("measure,period,area,imd,numerator,denominator\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for m in 0..MEASURES {
        for a in 0..AREAS {
            for l in 1..=LEVELS {
                for p in 0..PERIODS {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let n = 1000 + (x % 9000);
                    let num = n * (20 + (x >> 20) % 10 + l as u64) / 100;
                    let year = 2015 + p;
                    let _ = writeln!(
                        s,
                        "m{m},{year}/{:02},Area {a},{l},{num},{n}",
                        (year + 1) % 100
                    );
                }
            }
        }
    }
    s
}

/// User + system CPU seconds of this process so far (from /proc/self/stat, in clock ticks).
fn cpu_seconds() -> Option<f64> {
    cpu_times().map(|(u, s)| u + s)
}

/// System CPU seconds of this process so far.
fn system_seconds() -> Option<f64> {
    cpu_times().map(|(_, s)| s)
}

/// User and system CPU seconds of this process so far.
fn cpu_times() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime / 100.0, stime / 100.0))
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn framework_toml() -> String {
    let mut t = String::from(
        "schema_version = 1\nid = \"bench\"\ntitle = \"Benchmark\"\nperiod = { from = \"2015/16\", to = \"2034/35\" }\n",
    );
    for m in 0..MEASURES {
        let (polarity, target) = if m % 2 == 0 {
            ("lower_is_better", 10.0)
        } else {
            ("higher_is_better", 40.0)
        };
        let _ = write!(
            t,
            "[[measures]]\nid = \"m{m}\"\ntitle = \"Measure {m}\"\nunit = \"percent\"\npolarity = \"{polarity}\"\nmethod = \"proportion\"\nsource = {{ name = \"synthetic\" }}\nbaselines = [{{ period = \"2015/16\", value = 25.0 }}]\ntargets = [{{ kind = \"absolute\", value = {target}, by = \"2034/35\" }}]\nbreakdowns = [{{ dimension = \"imd\", kind = \"deprivation_quintile\", most_deprived = \"1\", least_deprived = \"5\" }}]\n"
        );
    }
    t
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let keep = std::env::var_os("EVALUATE_BENCH_OUT").map(std::path::PathBuf::from);
    let toml = framework_toml();
    let fw = Framework::from_toml_str(&toml).expect("framework");
    let text = csv();
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir).expect("EVALUATE_BENCH_OUT");
        std::fs::write(dir.join("framework.toml"), &toml).expect("framework.toml");
        std::fs::write(dir.join("observations.csv"), &text).expect("observations.csv");
    }
    let json_path = match &keep {
        Some(dir) => dir.join("evaluation.json"),
        None => std::env::temp_dir().join(format!("outcomes-bench-{}.json", std::process::id())),
    };
    let rows = MEASURES * AREAS * LEVELS * PERIODS;
    println!(
        "evaluate: {rows} observations ({MEASURES} measures x {AREAS} areas x {LEVELS} quintiles x {PERIODS} periods), CSV {:.1} MB",
        text.len() as f64 / 1e6
    );
    let repeats = if quick { 1 } else { 3 };
    // Best of the repeats, per stage: wall clock and CPU (user + system, this process).
    let mut best = [f64::INFINITY; 5];
    let mut best_cpu = [f64::INFINITY; 5];
    // System CPU of the stage in the repeat with its least CPU.
    let mut best_sys = [f64::NAN; 5];
    let mut best_string = (f64::INFINITY, f64::INFINITY);
    let mut best_pretty = (f64::INFINITY, f64::INFINITY, 0_u64);
    let (mut peak_file, mut json_bytes) = (None, 0);
    for _ in 0..repeats {
        let mut wall = [0.0; 5];
        let mut cpu = [0.0; 5];
        let mut sys = [0.0; 5];
        let mut sys_at = system_seconds();
        let mut stage = |k: usize, t: Instant, c: Option<f64>| {
            wall[k] = t.elapsed().as_secs_f64();
            let now = system_seconds();
            sys[k] = match (sys_at, now) {
                (Some(a), Some(b)) => b - a,
                _ => f64::NAN,
            };
            sys_at = now;
            cpu[k] = match (c, cpu_seconds()) {
                (Some(a), Some(b)) => b - a,
                _ => f64::NAN,
            };
        };
        let (t, c) = (Instant::now(), cpu_seconds());
        let obs = Observations::from_csv_reader(text.as_bytes()).expect("csv");
        stage(0, t, c);
        let (t, c) = (Instant::now(), cpu_seconds());
        let ev = fw
            .evaluate(&obs, &EvaluateOptions::default())
            .expect("evaluate");
        stage(1, t, c);
        let (t, c) = (Instant::now(), cpu_seconds());
        let file = std::fs::File::create(&json_path).expect("create JSON file");
        let mut w = std::io::BufWriter::new(file);
        ev.write_json(&mut w).expect("json");
        w.into_inner().expect("flush JSON file");
        stage(2, t, c);
        // The first repeat's: later ones come after a to_json_string.
        peak_file = peak_file.or_else(peak_rss_mib);
        json_bytes = std::fs::metadata(&json_path).map_or(0, |m| m.len());
        if keep.is_none() {
            let _ = std::fs::remove_file(&json_path);
        }
        // Apart from the total: the whole text built in memory instead.
        let (t, c) = (Instant::now(), cpu_seconds());
        let json = ev.to_json_string().expect("json");
        std::hint::black_box(json.len());
        drop(json);
        let string_cpu = match (c, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => f64::NAN,
        };
        best_string = (
            best_string.0.min(t.elapsed().as_secs_f64()),
            best_string.1.min(string_cpu),
        );
        // Apart too: the indented JSON (what `outcomes evaluate --format json` writes) to a file.
        let (t, c) = (Instant::now(), cpu_seconds());
        let pretty_path = json_path.with_extension("pretty.json");
        let file = std::fs::File::create(&pretty_path).expect("create pretty JSON file");
        ev.write_json_pretty(file).expect("pretty json");
        let pretty_cpu = match (c, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => f64::NAN,
        };
        let pretty_bytes = std::fs::metadata(&pretty_path).map_or(0, |m| m.len());
        let _ = std::fs::remove_file(&pretty_path);
        best_pretty = (
            best_pretty.0.min(t.elapsed().as_secs_f64()),
            best_pretty.1.min(pretty_cpu),
            pretty_bytes,
        );
        let (t, c) = (Instant::now(), cpu_seconds());
        let sys_before_drop = system_seconds();
        drop(ev);
        drop(obs);
        stage(3, t, c);
        sys[3] = match (sys_before_drop, system_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => f64::NAN,
        };
        wall[4] = wall[..4].iter().sum();
        cpu[4] = cpu[..4].iter().sum();
        sys[4] = sys[..4].iter().sum();
        for k in 0..5 {
            best[k] = best[k].min(wall[k]);
            if cpu[k] < best_cpu[k] {
                best_cpu[k] = cpu[k];
                best_sys[k] = sys[k];
            }
        }
    }
    let names = ["read CSV", "evaluate", "JSON file", "drop all", "total"];
    println!(
        "  {:<10} {:>8} {:>8} {:>12}  (best of {repeats})",
        "", "wall s", "CPU s", "of it system"
    );
    for k in 0..5 {
        println!(
            "  {:<10} {:8.3} {:8.2} {:12.2}",
            names[k], best[k], best_cpu[k], best_sys[k]
        );
    }
    println!(
        "  CPU        {:8.2} s user+system, one thread (target < 1 s on one core: {}; /proc ticks of 10 ms)",
        best_cpu[4],
        if best_cpu[4] < 1.0 { "met" } else { "MISSED" }
    );
    println!(
        "  JSON file: {:.1} MB written by write_json through a BufWriter<File> to {}{}",
        json_bytes as f64 / 1e6,
        json_path.display(),
        if keep.is_some() {
            " (kept)"
        } else {
            " (deleted)"
        }
    );
    if let Some(p) = peak_file {
        println!(
            "  peak resident memory {p:.0} MiB (including the {:.0} MB CSV text held in memory)",
            text.len() as f64 / 1e6
        );
    }
    println!(
        "  apart: to_json_string (whole text in memory) {:.3} s wall, {:.2} s CPU; peak resident memory then {:.0} MiB",
        best_string.0,
        best_string.1,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    println!(
        "  apart: write_json_pretty to a file ({:.1} MB, indented as the CLI writes it) {:.3} s wall, {:.2} s CPU",
        best_pretty.2 as f64 / 1e6,
        best_pretty.0,
        best_pretty.1
    );
}
