//! `outcomes evaluate FRAMEWORK --data CSV [--fingertips CSV] [--progress FILE] [--as-of DATE]
//! [--proxies CSV] [--options JSON] [--format json|csv|table] [--compact] [--fail-on off-track]
//! [-o FILE]`. JSON is indented for people; `--compact` writes it on one line for programs
//! (a third smaller, and quicker to write for large evaluations).

use std::io::Write;

use outcomes_core::Error;
use outcomes_core::data::Observations;
use outcomes_core::evaluate::{EvaluateOptions, Evaluation, Status};
use outcomes_core::model::{Framework, Progress};

use crate::validate_cmd::input_error;

const USAGE: &str = "usage: outcomes evaluate FRAMEWORK --data CSV [--fingertips CSV] [--progress FILE] [--as-of YYYY-MM-DD] [--proxies CSV] [--options JSON] [--format json|csv|table] [--compact] [--fail-on off-track|at-risk] [-o FILE]";

#[derive(Default)]
pub(crate) struct Inputs {
    pub framework: Option<String>,
    pub data: Vec<(String, bool)>,
    pub progress: Option<String>,
    pub options: EvaluateOptions,
    pub output: Option<String>,
}

/// A handler for command-specific flags: given the flag and a way to take its value, it
/// returns whether it used the flag.
pub(crate) type ExtraFlags<'a> =
    &'a mut dyn FnMut(&str, &mut dyn FnMut() -> Result<String, String>) -> Result<bool, String>;

/// Reads the arguments shared by `evaluate` and `review`; returns the leftovers.
pub(crate) fn parse_common(args: &[String], extra: ExtraFlags<'_>) -> Result<Inputs, String> {
    let mut a = Inputs::default();
    let mut options_json: Option<String> = None;
    let mut as_of = None;
    let mut proxies = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].clone();
        i += 1;
        let mut value = || -> Result<String, String> {
            let v = args
                .get(i)
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"));
            i += 1;
            v
        };
        match arg.as_str() {
            "--data" => a.data.push((value()?, false)),
            "--fingertips" => a.data.push((value()?, true)),
            "--progress" => a.progress = Some(value()?),
            "--as-of" => as_of = Some(value()?),
            "--proxies" => proxies = Some(value()?),
            "--options" => options_json = Some(value()?),
            "-o" | "--output" => a.output = Some(value()?),
            s => {
                let arg_owned = s.to_owned();
                let mut v2 = || -> Result<String, String> {
                    let v = args
                        .get(i)
                        .cloned()
                        .ok_or_else(|| format!("{arg_owned} needs a value"));
                    i += 1;
                    v
                };
                if extra(s, &mut v2)? {
                    continue;
                }
                if s.starts_with('-') {
                    return Err(format!("unknown option \"{s}\""));
                }
                if a.framework.is_some() {
                    return Err(format!(
                        "unexpected argument \"{s}\"; give one framework file"
                    ));
                }
                a.framework = Some(s.to_owned());
            }
        }
    }
    if let Some(j) = options_json {
        a.options = EvaluateOptions::from_json_str(&j).map_err(|e| format!("--options: {e}"))?;
    }
    if as_of.is_some() {
        a.options.as_of = as_of;
    }
    if proxies.is_some() {
        a.options.proxies_path = proxies;
    }
    a.options.check().map_err(|e| e.to_string())?;
    if a.framework.is_none() {
        return Err("give the framework file".into());
    }
    Ok(a)
}

/// Loads the framework (with progress) and observations, and evaluates.
pub(crate) fn load_and_evaluate(a: &Inputs) -> Result<Evaluation, Error> {
    let path = a.framework.as_deref().unwrap_or_default();
    let mut fw = Framework::load(path)?;
    if let Some(p) = &a.progress {
        fw = fw
            .with_progress(&Progress::load(p)?)
            .map_err(|e| e.in_file(p))?;
    }
    let mut obs = Observations::new();
    for (file, fingertips) in &a.data {
        let f = std::fs::File::open(file).map_err(|e| Error::io(file, e.to_string()))?;
        let read = if *fingertips {
            Observations::from_fingertips_csv_reader(f)
        } else {
            Observations::from_csv_reader(f)
        };
        let mut read = read.map_err(|e| e.in_file(file))?;
        // Each row names its file: `data.csv: line 12`.
        read.prefix_origins(&format!("{file}: "));
        if obs.is_empty() {
            // The first file's rows as read (one file, usually: nothing to copy).
            obs = read;
        } else {
            for (i, r) in read.iter().enumerate() {
                obs.push(&r, &read.origin(i))?;
            }
        }
    }
    fw.evaluate(&obs, &a.options)
}

pub(crate) fn write_output(
    text: &str,
    output: Option<&str>,
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| Error::io(path, e.to_string())),
        None => stdout
            .write_all(text.as_bytes())
            .map_err(|e| Error::io("stdout", e.to_string())),
    }
}

/// Writes the evaluation's JSON and a final newline to `output` (a file) or `stdout`:
/// indented as [`Evaluation::write_json_pretty`] makes it, or `compact` as
/// [`Evaluation::write_json`] does; streamed in chunks, never held whole.
fn write_json(
    ev: &Evaluation,
    compact: bool,
    output: Option<&str>,
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    let write_to = |w: &mut dyn Write| -> Result<(), Error> {
        if compact {
            ev.write_json(&mut *w)?;
        } else {
            ev.write_json_pretty(&mut *w)?;
        }
        w.write_all(b"\n")
            .and_then(|()| w.flush())
            .map_err(|e| Error::io("", e.to_string()))
    };
    match output {
        Some(path) => {
            let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e.to_string()))?;
            write_to(&mut f).map_err(|e| e.within(path))
        }
        None => write_to(stdout).map_err(|e| e.within("stdout")),
    }
}

pub(crate) fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let mut format = "table".to_owned();
    let mut compact = false;
    let mut fail_on: Option<Status> = None;
    let parsed = parse_common(args, &mut |flag, value| match flag {
        "--compact" => {
            compact = true;
            Ok(true)
        }
        "--format" => {
            format = value()?;
            if !matches!(format.as_str(), "json" | "csv" | "table") {
                return Err(format!(
                    "--format must be json, csv or table, not \"{format}\""
                ));
            }
            Ok(true)
        }
        "--fail-on" => {
            fail_on = Some(match value()?.as_str() {
                "off-track" => Status::OffTrack,
                "at-risk" => Status::AtRisk,
                other => {
                    return Err(format!(
                        "--fail-on must be off-track or at-risk, not \"{other}\""
                    ));
                }
            });
            Ok(true)
        }
        _ => Ok(false),
    });
    let a = match parsed {
        Ok(_) if compact && format != "json" => {
            let _ = writeln!(
                stderr,
                "error: --compact is for --format json, not {format}\n{USAGE}"
            );
            return 2;
        }
        Ok(a) => a,
        Err(m) => {
            let _ = writeln!(stderr, "error: {m}\n{USAGE}");
            return 2;
        }
    };
    let ev = match load_and_evaluate(&a) {
        Ok(ev) => ev,
        Err(e) => return input_error(&e, format == "json", stdout, stderr),
    };
    let written = match format.as_str() {
        // JSON can run to hundreds of megabytes: streamed out, never held whole.
        "json" => write_json(&ev, compact, a.output.as_deref(), stdout),
        "csv" => write_output(&ev.to_csv_string(), a.output.as_deref(), stdout),
        _ => write_output(&ev.to_table_string(), a.output.as_deref(), stdout),
    };
    if let Err(e) = written {
        return input_error(&e, false, stdout, stderr);
    }
    let failing = fail_on.is_some_and(|threshold| {
        ev.measures.iter().any(|m| {
            m.status
                .severity()
                .is_some_and(|s| s >= threshold.severity().unwrap_or(3))
        }) || ev.commitments.iter().any(|c| {
            c.status
                .severity()
                .is_some_and(|s| s >= threshold.severity().unwrap_or(3))
        })
    });
    u8::from(failing)
}
