//! `outcomes review FRAMEWORK --data CSV --year 2024/25 [--fingertips CSV] [--progress FILE]
//! [--as-of DATE] [--proxies CSV] [--previous REVIEW.json] [--options JSON]
//! [--format md|html|json|csv] [-o FILE]`.
//!
//! The evaluation date defaults to the last day of the year reviewed, so the review shows the
//! year's results; `--as-of` overrides it.

use std::io::Write;

use outcomes_core::Error;
use outcomes_core::model::{Framework, Progress};
use outcomes_core::report::Review;
use outcomes_core::value::ProxyTable;

use crate::evaluate_cmd::{load_and_evaluate, parse_common, write_output};
use crate::validate_cmd::input_error;

const USAGE: &str = "usage: outcomes review FRAMEWORK --data CSV --year 2024/25 [--fingertips CSV] [--progress FILE] [--as-of YYYY-MM-DD] [--proxies CSV] [--previous REVIEW.json] [--options JSON] [--format md|html|json|csv] [-o FILE]";

/// Runs `outcomes review` with `args` (after the command name); returns the exit code:
/// 0 written, 2 usage or input error.
pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let mut format = "md".to_owned();
    let mut year: Option<String> = None;
    let mut previous: Option<String> = None;
    let parsed = parse_common(args, &mut |flag, value| match flag {
        "--format" => {
            format = value()?;
            if !matches!(format.as_str(), "md" | "markdown" | "html" | "json" | "csv") {
                return Err(format!(
                    "--format must be md, html, json or csv, not \"{format}\""
                ));
            }
            Ok(true)
        }
        "--year" => {
            year = Some(value()?);
            Ok(true)
        }
        "--previous" => {
            previous = Some(value()?);
            Ok(true)
        }
        _ => Ok(false),
    });
    let mut a = match parsed {
        Ok(a) => a,
        Err(m) => {
            let _ = writeln!(stderr, "error: {m}\n{USAGE}");
            return 2;
        }
    };
    let json = format == "json";
    let Some(year) = year else {
        let _ = writeln!(
            stderr,
            "error: give the financial year to review, e.g. --year 2024/25\n{USAGE}"
        );
        return 2;
    };
    if a.data.is_empty() {
        let _ = writeln!(
            stderr,
            "error: give the observations with --data CSV (or --fingertips CSV)\n{USAGE}"
        );
        return 2;
    }
    let period = match Review::year_period(&year) {
        Ok(p) => p,
        Err(e) => return input_error(&e, json, stdout, stderr),
    };
    if a.options.as_of.is_none() {
        a.options.as_of = Some(period.end().to_string());
    }
    match review(&a, &year, previous.as_deref(), &format) {
        Ok(text) => match write_output(&text, a.output.as_deref(), stdout) {
            Ok(()) => 0,
            Err(e) => input_error(&e, false, stdout, stderr),
        },
        Err(e) => input_error(&e, json, stdout, stderr),
    }
}

fn review(
    a: &crate::evaluate_cmd::Inputs,
    year: &str,
    previous: Option<&str>,
    format: &str,
) -> Result<String, Error> {
    let ev = load_and_evaluate(a)?;
    let path = a.framework.as_deref().unwrap_or_default();
    let mut fw = Framework::load(path)?;
    if let Some(p) = &a.progress {
        fw = fw
            .with_progress(&Progress::load(p)?)
            .map_err(|e| e.in_file(p))?;
    }
    let proxies = match &a.options.proxies_path {
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|e| Error::io(p, e.to_string()))?;
            ProxyTable::from_csv_reader(f).map_err(|e| e.in_file(p))?
        }
        None => ProxyTable::new(),
    };
    let previous = match previous {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e.to_string()))?;
            Some(Review::from_json_str(&text).map_err(|e| e.in_file(p))?)
        }
        None => None,
    };
    let r = ev.annual_review_with(&fw, &proxies, year, previous.as_ref())?;
    Ok(match format {
        "html" => r.to_html(),
        "json" => r.to_json()? + "\n",
        "csv" => r.to_csv(),
        _ => r.to_markdown(),
    })
}

#[cfg(test)]
mod tests {
    use super::run;

    fn example(file: &str) -> String {
        format!(
            "{}/../examples/sherwood-forest-partnerships/{file}",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    fn call(extra: &[&str]) -> (u8, String, String) {
        let mut args = vec![
            example("framework.toml"),
            "--data".into(),
            example("observations.csv"),
            "--progress".into(),
            example("progress-2024-25.toml"),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn reviews_the_year_in_each_format() {
        let (code, md, _) = call(&["--year", "2024/25"]);
        assert_eq!(code, 0);
        assert!(md.starts_with("# Annual review 2024/25: "));
        assert!(
            md.contains("evaluated as of 2025-03-31"),
            "as_of defaults to the year end"
        );
        let (code, html, _) = call(&["--year", "2024/25", "--format", "html"]);
        assert_eq!(code, 0);
        assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
        let (code, json, _) = call(&["--year", "2024/25", "--format", "json"]);
        assert_eq!(code, 0);
        assert!(outcomes_core::report::Review::from_json_str(&json).is_ok());
        let (code, csv, _) = call(&["--year", "2024/25", "--format", "csv"]);
        assert_eq!(code, 0);
        assert!(csv.starts_with("table,summary\n"));
    }

    #[test]
    fn previous_review_gives_changes() {
        let dir = std::env::temp_dir().join(format!("outcomes-review-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let prev = dir.join("prev.json");
        let prev_s = prev.to_string_lossy().into_owned();
        let (code, _, err) = call(&["--year", "2023/24", "--format", "json", "-o", &prev_s]);
        assert_eq!(code, 0, "{err}");
        let (code, md, err) = call(&["--year", "2024/25", "--previous", &prev_s]);
        assert_eq!(code, 0, "{err}");
        assert!(md.contains("## Changes since 2023/24"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn usage_and_input_errors_exit_2() {
        let (code, _, err) = call(&[]);
        assert_eq!(code, 2);
        assert!(err.contains("--year 2024/25"));
        let (code, _, err) = call(&["--year", "2024"]);
        assert_eq!(code, 2);
        assert!(
            err.contains("year") && err.contains("financial year"),
            "{err}"
        );
        let (code, _, err) = call(&["--year", "2024/25", "--format", "pdf"]);
        assert_eq!(code, 2);
        assert!(err.contains("md, html, json or csv"));
        let (code, _, err) = call(&["--year", "2024/25", "--previous", "/nonexistent/prev.json"]);
        assert_eq!(code, 2);
        assert!(err.contains("/nonexistent/prev.json"), "{err}");
    }
}
