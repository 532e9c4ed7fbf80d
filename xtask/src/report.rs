//! How a command ends: its report on standard output or its error on standard error, and the
//! exit code that goes with each.

use std::process::ExitCode;

/// The hint after every usage error (clap's own, so every usage error ends the same way).
pub const USAGE_HINT: &str = "For more information, try '--help'.";

/// Prints a command's report, or its error on standard error.
pub fn print_report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A usage error found after parsing (a path that is not there): one line, the hint, exit 2,
/// like the errors clap reports.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE_HINT}");
    ExitCode::from(2)
}

/// What a writing or checking command (`codegen`, `import`) printed, and whether `--check`
/// found its output stale.
#[derive(Debug)]
pub struct Outcome {
    /// Lines for standard output.
    pub output: String,
    /// `--check` found differences.
    pub stale: bool,
}

/// Prints an outcome (exit 1 when stale) or the error's full message on standard error.
pub fn print_outcome(result: Result<Outcome, String>) -> ExitCode {
    match result {
        Ok(outcome) => {
            print!("{}", outcome.output);
            if outcome.stale {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
