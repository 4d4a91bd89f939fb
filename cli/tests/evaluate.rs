//! `outcomes evaluate` on the bundled examples.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_outcomes"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const ICS: [&str; 4] = [
    "evaluate",
    "examples/notts-integrated-care-strategy/framework.toml",
    "--data",
    "examples/notts-integrated-care-strategy/observations.csv",
];

#[test]
fn json_csv_and_table() {
    let (code, out, err) = run(&[&ICS[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["framework"], "notts-integrated-care-strategy");
    assert!(v["measures"].as_array().unwrap().len() > 50);

    let (code, out, _) = run(&[&ICS[..], &["--format", "csv"]].concat());
    assert_eq!(code, 0);
    assert!(out.starts_with("measure,title,area,age,breakdown,unit,polarity,points,latest_period"));

    let (code, out, _) = run(&ICS);
    assert_eq!(code, 0);
    assert!(out.contains("as of 2026-03-31"), "{out}");
    assert!(out.contains("completeness"), "{out}");
}

/// `--compact`: the same value on one line (plus a final newline); indented by default. Only
/// for JSON.
#[test]
fn compact_json() {
    let (code, pretty, err) = run(&[&ICS[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, compact, err) = run(&[&ICS[..], &["--format", "json", "--compact"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(compact.lines().count(), 1);
    assert!(compact.ends_with("}\n"));
    assert!(pretty.lines().count() > 1000);
    assert!(
        pretty.starts_with("{\n  \"framework\": "),
        "{}",
        &pretty[..40]
    );
    let p: serde_json::Value = serde_json::from_str(&pretty).unwrap();
    let c: serde_json::Value = serde_json::from_str(&compact).unwrap();
    assert_eq!(p, c);

    let (code, _, err) = run(&[&ICS[..], &["--format", "csv", "--compact"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("--compact is for --format json, not csv"),
        "{err}"
    );
}

#[test]
fn fail_on_off_track_exits_1() {
    let (code, _, _) = run(&[&ICS[..], &["--fail-on", "off-track"]].concat());
    assert_eq!(code, 1);
}

#[test]
fn as_of_and_options() {
    let (code, out, err) = run(&[
        &ICS[..],
        &[
            "--as-of",
            "2025-03-31",
            "--options",
            r#"{"tolerance": {"absolute": 0.5}}"#,
            "--format",
            "json",
        ],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["as_of"], "2025-03-31");
    assert_eq!(v["options"]["tolerance"]["absolute"], 0.5);
    let (code, _, err) = run(&[&ICS[..], &["--options", r#"{"confidence": 2}"#]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("confidence"), "{err}");
}

#[test]
fn sherwood_with_progress_and_output_file() {
    let dir = std::env::temp_dir().join(format!("outcomes-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("ev.json");
    let (code, _, err) = run(&[
        "evaluate",
        "examples/sherwood-forest-partnerships/framework.toml",
        "--data",
        "examples/sherwood-forest-partnerships/observations.csv",
        "--progress",
        "examples/sherwood-forest-partnerships/progress-2024-25.toml",
        "--format",
        "json",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert!(
        v["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["milestone_counts"]["done"].as_u64() > Some(0))
    );
    std::fs::remove_dir_all(&dir).ok();
}
