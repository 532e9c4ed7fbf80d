//! Wall time and peak memory of one command. The command runs under a small wrapper process
//! (this binary again, `bench-compare --measure REPORT -- PROGRAM ARGS…`) whose only child it
//! is, so `getrusage(RUSAGE_CHILDREN)` in the wrapper is that command's peak resident set size
//! alone (the parent's own children, such as cargo, never mix in). For a command that runs
//! others and waits for them (cargo running rustc), it is the peak of the largest of them.

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use nix::sys::resource::{getrusage, UsageWho};

/// What one run of a command took.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Wall time, seconds.
    pub seconds: f64,
    /// Peak resident set size, KiB.
    pub peak_kib: u64,
}

/// The wrapper's side: runs `program` with `args` (stdio inherited), then writes
/// `exit CODE seconds S peak-kib K` to `report`. Exits 0 when it measured, whatever the
/// command's own exit code.
pub fn wrapper(report: &Path, program: &str, args: &[String]) -> ExitCode {
    let start = Instant::now();
    let status = match Command::new(program).args(args).status() {
        Ok(status) => status,
        Err(error) => {
            eprintln!("error: cannot run `{program}`: {error}");
            return ExitCode::FAILURE;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let peak_kib = match getrusage(UsageWho::RUSAGE_CHILDREN) {
        // Linux reports ru_maxrss in KiB.
        Ok(usage) => u64::try_from(usage.max_rss()).unwrap_or(0),
        Err(error) => {
            eprintln!("error: getrusage failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = status.code().unwrap_or(-1);
    let line = format!("exit {code} seconds {seconds} peak-kib {peak_kib}\n");
    match std::fs::write(report, line) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", report.display());
            ExitCode::FAILURE
        }
    }
}

/// The parent's side: runs `program args` under the wrapper with its output in `log`.
/// An error names the command and the log when it fails or cannot be measured.
pub fn run(program: &Path, args: &[String], log: &Path) -> Result<Sample, String> {
    match run_with(program, args, &[], log)? {
        (0, sample) => Ok(sample),
        (code, _) => Err(format!(
            "`{}` failed (exit code {code}); see {}",
            shown(program, args),
            log.display()
        )),
    }
}

/// Runs `program args` under the wrapper with `env` added to its environment and its output
/// in `log` (created anew): its exit code and what it took, whatever the exit code. An error
/// names the command and the log when it could not be measured.
pub fn run_with(
    program: &Path,
    args: &[String],
    env: &[(&str, &OsStr)],
    log: &Path,
) -> Result<(i32, Sample), String> {
    let exe = std::env::current_exe()
        .map_err(|error| format!("cannot find the xtask binary to measure with: {error}"))?;
    let report = PathBuf::from(format!("{}.measure", log.display()));
    // A report left by an earlier run must not stand in for this one.
    let _ = std::fs::remove_file(&report);
    let output = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let errors = output
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    let status = Command::new(exe)
        .args(["bench-compare", "--measure"])
        .arg(&report)
        .arg("--")
        .arg(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .status()
        .map_err(|error| format!("cannot start the measuring wrapper: {error}"))?;
    let text = std::fs::read_to_string(&report).map_err(|_| {
        format!(
            "`{}` was not measured ({status}); see {}",
            shown(program, args),
            log.display()
        )
    })?;
    parse_report(&text).ok_or_else(|| {
        format!(
            "malformed measurement `{}` in {}",
            text.trim(),
            report.display()
        )
    })
}

/// `program args…` as one line for messages.
fn shown(program: &Path, args: &[String]) -> String {
    format!("{} {}", program.display(), args.join(" "))
}

/// `exit CODE seconds S peak-kib K` → (code, sample).
fn parse_report(text: &str) -> Option<(i32, Sample)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["exit", code, "seconds", seconds, "peak-kib", kib] => Some((
            code.parse().ok()?,
            Sample {
                seconds: seconds.parse().ok()?,
                peak_kib: kib.parse().ok()?,
            },
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_wrappers_report() {
        let parsed = parse_report("exit 0 seconds 1.5 peak-kib 2048\n");
        assert_eq!(
            parsed,
            Some((
                0,
                Sample {
                    seconds: 1.5,
                    peak_kib: 2048
                }
            ))
        );
        assert_eq!(parse_report("exit x seconds 1 peak-kib 2"), None);
        assert_eq!(parse_report(""), None);
    }

    #[test]
    fn measures_a_real_command() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let report = dir.path().join("report");
        let code = wrapper(&report, "true", &[]);
        assert_eq!(code, ExitCode::SUCCESS);
        let text = std::fs::read_to_string(&report).expect("report written");
        let (exit, sample) = parse_report(&text).expect("well-formed report");
        assert_eq!(exit, 0);
        assert!(sample.peak_kib > 0, "{text}");
    }
}
