//! How the `spc` and `stats` commands end: done, help asked for, a usage mistake, or bad input.

use std::io::Write;

/// Why a command stopped before finishing its job.
pub(crate) enum Failure {
    /// `--help`: the usage goes to stdout and the exit status is 0.
    Help,
    /// A mistake in the command line: the message and the usage go to stderr, status 2.
    Usage(String),
    /// Input that cannot be used: the message goes to stderr, status 2.
    Input(String),
}

impl From<outcomes_core::Error> for Failure {
    fn from(e: outcomes_core::Error) -> Self {
        Failure::Input(format!("{} error: {e}", e.kind()))
    }
}

/// Reports `result` of `outcomes <command>` and returns the exit status.
pub(crate) fn finish(
    command: &str,
    usage: &str,
    result: Result<(), Failure>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    match result {
        Ok(()) => 0,
        Err(Failure::Help) => {
            let _ = writeln!(stdout, "{usage}");
            0
        }
        Err(Failure::Usage(msg)) => {
            let _ = writeln!(stderr, "outcomes {command}: {msg}\n\n{usage}");
            2
        }
        Err(Failure::Input(msg)) => {
            let _ = writeln!(stderr, "outcomes {command}: {msg}");
            2
        }
    }
}
