//! Runs every case of `tests/bad-inputs/manifest.csv` through `outcomes validate --format json`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs")
}

struct Outcome {
    status: i32,
    json: serde_json::Value,
    stderr: String,
}

fn run(args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_outcomes"))
        .args(args)
        .current_dir(corpus())
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run outcomes");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    Outcome {
        status: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

fn parse_manifest() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(corpus().join("manifest.csv")).unwrap();
    let mut rows = Vec::new();
    for line in text.lines().skip(1) {
        // simple CSV: fields may be quoted with doubled quotes
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        rows.push(fields);
    }
    rows
}

#[test]
fn every_case_gives_its_error() {
    let rows = parse_manifest();
    assert!(
        rows.len() >= 150,
        "the corpus should hold at least 150 cases"
    );
    let mut failures = Vec::new();
    for r in &rows {
        let (file, mode, kind, path, contains) = (&r[0], &r[1], &r[2], &r[3], &r[4]);
        let args: Vec<&str> = match mode.as_str() {
            "framework" => vec!["validate", file, "--format", "json"],
            "data" => vec![
                "validate",
                "base-framework.toml",
                "--data",
                file,
                "--format",
                "json",
            ],
            "fingertips" => vec![
                "validate",
                "base-framework.toml",
                "--fingertips",
                file,
                "--format",
                "json",
            ],
            other => panic!("unknown mode {other}"),
        };
        let o = run(&args);
        if o.stderr.contains("panicked") || !(o.status == 1 || o.status == 2) {
            failures.push(format!("{file}: status {} stderr {}", o.status, o.stderr));
            continue;
        }
        let ok = if kind == "validation" {
            o.status == 1
                && o.json["diagnostics"].as_array().is_some_and(|d| {
                    d.iter().any(|x| {
                        x["severity"] == "error"
                            && x["path"] == path.as_str()
                            && x["message"]
                                .as_str()
                                .is_some_and(|m| m.contains(contains.as_str()))
                    })
                })
        } else {
            let e = &o.json["error"];
            o.status == 2
                && e["kind"] == kind.as_str()
                && e["path"] == path.as_str()
                && e["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(contains.as_str()))
        };
        if !ok {
            failures.push(format!(
                "{file}: expected {kind} at {path:?} containing {contains:?}; got status {} {}",
                o.status, o.json
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// A deterministic byte generator (xorshift) for the large garbage inputs.
fn garbage(len: usize, seed: u64, printable: bool) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if printable {
                b"abc,\n\"0123456789.-e/ "[(x % 21) as usize]
            } else {
                (x & 0xff) as u8
            }
        })
        .collect()
}

#[test]
fn ten_megabytes_of_garbage_is_an_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("outcomes-garbage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fw = dir.join("garbage.toml");
    std::fs::write(&fw, garbage(10 * 1024 * 1024, 7, false)).unwrap();
    let o = run(&["validate", fw.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert_eq!(o.json["error"]["kind"], "parse");

    let csv = dir.join("garbage.csv");
    let mut bytes = b"measure,period,value\n".to_vec();
    bytes.extend(garbage(10 * 1024 * 1024, 11, true));
    std::fs::write(&csv, bytes).unwrap();
    let o = run(&[
        "validate",
        "base-framework.toml",
        "--data",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert_eq!(o.json["error"]["kind"], "data");
    assert!(
        o.json["error"]["path"]
            .as_str()
            .unwrap()
            .starts_with("line "),
        "{}",
        o.json
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_base_framework_is_valid() {
    let o = run(&["validate", "base-framework.toml", "--format", "json"]);
    assert_eq!(o.status, 0, "{}", o.json);
    assert_eq!(o.json["errors"], 0);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status, 2);
    assert_eq!(run(&["validate"]).status, 2);
    assert_eq!(
        run(&["validate", "base-framework.toml", "--format", "yaml"]).status,
        2
    );
    assert_eq!(run(&["frobnicate"]).status, 2);
    assert_eq!(run(&["validate", "does-not-exist.toml"]).status, 2);
    assert_eq!(run(&["--version"]).status, 0);
}
