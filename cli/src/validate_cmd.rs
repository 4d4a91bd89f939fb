//! `outcomes validate FRAMEWORK [--data CSV] [--fingertips CSV] [--progress FILE] [--format text|json]`.

use std::io::Write;
use std::path::Path;

use outcomes_core::Error;
use outcomes_core::data::Observations;
use outcomes_core::model::{Framework, Progress};
use outcomes_core::validate::{Diagnostic, Severity};

/// Largest observations file read by the CLI (2 GiB).
const MAX_DATA_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Default)]
struct Args {
    framework: Option<String>,
    data: Option<String>,
    fingertips: Option<String>,
    progress: Option<String>,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--data" => a.data = Some(value("--data")?),
            "--fingertips" => a.fingertips = Some(value("--fingertips")?),
            "--progress" => a.progress = Some(value("--progress")?),
            "--format" => match value("--format")?.as_str() {
                "json" => a.json = true,
                "text" => a.json = false,
                other => return Err(format!("--format must be text or json, not \"{other}\"")),
            },
            s if s.starts_with('-') => return Err(format!("unknown option \"{s}\"")),
            s => {
                if a.framework.is_some() {
                    return Err(format!(
                        "unexpected argument \"{s}\"; give one framework file"
                    ));
                }
                a.framework = Some(s.to_owned());
            }
        }
    }
    if a.framework.is_none() {
        return Err("give the framework file to validate: outcomes validate FRAMEWORK".into());
    }
    Ok(a)
}

/// Writes an input error in the chosen format; returns exit status 2.
pub(crate) fn input_error(
    e: &Error,
    json: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    if json {
        let v = serde_json::json!({
            "ok": false,
            "error": { "kind": e.kind().as_str(), "path": e.path(), "message": e.message() }
        });
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    }
    let _ = writeln!(stderr, "error[{}]: {e}", e.kind());
    2
}

fn open_limited(path: &str) -> Result<std::io::Take<std::fs::File>, Error> {
    use std::io::Read;
    let f = std::fs::File::open(Path::new(path)).map_err(|e| Error::io(path, e.to_string()))?;
    Ok(f.take(MAX_DATA_BYTES))
}

pub(crate) fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let a = match parse_args(args) {
        Ok(a) => a,
        Err(m) => {
            let _ = writeln!(
                stderr,
                "error: {m}\nusage: outcomes validate FRAMEWORK [--data CSV] [--fingertips CSV] [--progress FILE] [--format text|json]"
            );
            return 2;
        }
    };
    let fw_path = a.framework.as_deref().unwrap_or_default();
    let fw = match Framework::load(fw_path) {
        Ok(f) => f,
        Err(e) => return input_error(&e, a.json, stdout, stderr),
    };
    let fw = match &a.progress {
        None => fw,
        Some(p) => match Progress::load(p).and_then(|p| fw.with_progress(&p)) {
            Ok(f) => f,
            Err(e) => return input_error(&e.in_file(p), a.json, stdout, stderr),
        },
    };
    let mut diagnostics = fw.validate();
    let mut data_rows = None;
    for (path, fingertips) in [(&a.data, false), (&a.fingertips, true)] {
        let Some(path) = path else { continue };
        let obs = open_limited(path).and_then(|r| {
            if fingertips {
                Observations::from_fingertips_csv_reader(r)
            } else {
                Observations::from_csv_reader(r)
            }
        });
        match obs {
            Ok(obs) => {
                data_rows = Some(data_rows.unwrap_or(0) + obs.len());
                diagnostics.extend(obs.check_against(&fw).into_iter().map(|mut d| {
                    d.path = format!("{path}: {}", d.path);
                    d
                }));
            }
            Err(e) => return input_error(&e.in_file(path), a.json, stdout, stderr),
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if a.json {
        let v = serde_json::json!({
            "ok": errors == 0,
            "framework": fw.id,
            "errors": errors,
            "warnings": warnings,
            "observations": data_rows,
            "diagnostics": diagnostics,
        });
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    } else {
        write_text(stdout, &fw, &diagnostics, errors, warnings, data_rows);
    }
    u8::from(errors > 0)
}

fn write_text(
    out: &mut dyn Write,
    fw: &Framework,
    d: &[Diagnostic],
    errors: usize,
    warnings: usize,
    rows: Option<usize>,
) {
    for x in d {
        let _ = writeln!(
            out,
            "{:<7} {}\n        {}",
            x.severity.to_string() + ":",
            x.path,
            x.message
        );
    }
    let counts = format!(
        "{} organisations, {} partnerships, {} objectives, {} commitments, {} measures, {} value outcomes",
        fw.organisations.len(),
        fw.partnerships.len(),
        fw.objectives.len(),
        fw.commitments.len(),
        fw.measures.len(),
        fw.value_outcomes.len()
    );
    let data = rows.map_or_else(String::new, |n| format!("; {n} observations"));
    let verdict = if errors == 0 { "valid" } else { "INVALID" };
    let _ = writeln!(
        out,
        "{}: {verdict}: {errors} errors, {warnings} warnings ({counts}{data})",
        fw.id
    );
}
