//! The `outcomes` command: validate, evaluate and review partnership strategy frameworks.
//!
//! Exit codes: 0 success; 1 findings (an invalid framework, observations that do not fit
//! it); 2 usage or input error (a file that cannot be read or parsed, a bad option).

mod evaluate_cmd;
mod failure;
mod review_cmd;
mod spc_cmd;
mod stats_cmd;
mod validate_cmd;

use std::io::{self, Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
outcomes: write a partnership strategy down as data and evaluate it

Usage:
  outcomes validate FRAMEWORK [--data CSV] [--fingertips CSV] [--progress FILE] [--format text|json]
      Check a framework file (TOML or JSON). With --data (long CSV) or --fingertips (a
      Fingertips export) the observations are read and checked against the framework; with
      --progress a progress file is applied first.
  outcomes evaluate FRAMEWORK --data CSV [--fingertips CSV] [--progress FILE] [--as-of YYYY-MM-DD]
                   [--options JSON] [--format json|csv|table] [--fail-on off-track|at-risk] [-o FILE]
      Evaluate every measure (progress, trajectory, status, significance, comparison, trend,
      SPC, inequality, forecast), the commitments' milestones, and roll them up.
  outcomes review FRAMEWORK --data CSV --year 2024/25 [--progress FILE] [--proxies CSV]
                 [--previous REVIEW.json] [--format md|html|json|csv] [-o FILE]
      The annual review of a financial year: summary, partnerships, commitments, measures
      with their charts, value-added outcomes and sharing, completeness, changes.
  outcomes stats proportion|rate|dsr|isr|mean [--input CSV] [--confidence C] [--multiplier M]
      Confidence intervals by the PHEindicatormethods methods: CSV in (stdin or --input),
      CSV out with value, lower, upper. `outcomes stats --help` lists the input columns.
  outcomes spc [--input CSV] [--improvement increase|decrease|neutral] [--target X] [--summary FILE] ...
      Making Data Count XmR charts (NHSRplotthedots 0.2.2 rules): CSV of series,period,value
      in, one row per point out plus a summary per series. `outcomes spc --help` lists options.
  outcomes schema [framework|progress|observations|evaluation|options]
      Print the JSON Schema of framework files (default), progress files, observation rows,
      evaluation results or evaluation options.
  outcomes --version | --help

Exit status: 0 ok (warnings allowed), 1 findings (errors in the framework or data),
2 usage or input error.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdin = io::stdin();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let code = run(
        &args,
        &mut stdin.lock(),
        &mut stdout.lock(),
        &mut stderr.lock(),
    );
    ExitCode::from(code)
}

/// Runs the command line `args` (without the program name).
fn run(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let Some(command) = args.first() else {
        let _ = write!(stderr, "{HELP}");
        return 2;
    };
    let rest = &args[1..];
    match command.as_str() {
        "validate" => validate_cmd::run(rest, stdout, stderr),
        "schema" => schema(rest, stdout, stderr),
        "evaluate" => evaluate_cmd::run(rest, stdout, stderr),
        "review" => review_cmd::run(rest, stdout, stderr),
        "stats" => exit_code(stats_cmd::run(rest, stdin, stdout, stderr)),
        "spc" => exit_code(spc_cmd::run(rest, stdin, stdout, stderr)),
        "--version" | "-V" | "version" => {
            let _ = writeln!(stdout, "outcomes {}", env!("CARGO_PKG_VERSION"));
            0
        }
        "--help" | "-h" | "help" => {
            let _ = write!(stdout, "{HELP}");
            0
        }
        other => {
            let _ = writeln!(stderr, "error: unknown command \"{other}\"\n\n{HELP}");
            2
        }
    }
}

fn schema(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    use outcomes_core::data::Observation;
    use outcomes_core::model::{Framework, Progress};
    let which = args.first().map_or("framework", String::as_str);
    let value = match which {
        "framework" => Framework::json_schema(),
        "progress" => Progress::json_schema(),
        "observations" => Observation::json_schema(),
        "evaluation" => outcomes_core::evaluate::Evaluation::json_schema(),
        "options" => outcomes_core::evaluate::EvaluateOptions::json_schema(),
        other => {
            let _ = writeln!(
                stderr,
                "error: unknown schema \"{other}\"; choose framework, progress, observations, evaluation or options"
            );
            return 2;
        }
    };
    if args.len() > 1 {
        let _ = writeln!(stderr, "error: unexpected argument \"{}\"", args[1]);
        return 2;
    }
    let _ = writeln!(
        stdout,
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    );
    0
}

fn exit_code(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(2)
}
