//! `cargo xtask bench-compare SPEC`: our generator (release build) against OpenAPI Generator
//! on the same spec, run alternately (A B A B …) so that drifting machine load hits both, with
//! the median wall time and peak memory of each, then (unless `--no-check`) how long
//! `cargo check` takes on each generated crate. Prints a Markdown table.
//!
//! How it measures is shared with `bench-check` (`crate::bench`): each run writes into a new
//! directory; every command runs under a measuring wrapper (`bench::measure`) and its output
//! goes to a log file named in any error.

mod table;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use table::Outcome;

use crate::arguments::at_least_one;
use crate::bench::{check, measure, runs, stats, tools};
use crate::report::{print_report, usage_error};
use crate::workspace::workspace_root;

/// Runs of each generator unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 5;

/// Time our generator against OpenAPI Generator on one spec (Markdown table).
///
/// Our generator (release build) against OpenAPI Generator (rust client; rust-axum server
/// unless `--no-server`) on SPEC, alternating, N runs each: median wall time and peak RSS,
/// then `cargo check` of each generated crate (the crate's own code timed separately from its
/// dependencies) unless `--no-check`; prints a Markdown table.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// The spec both generators read.
    #[arg(value_name = "SPEC", required_unless_present = "measure")]
    pub spec: Option<PathBuf>,
    /// Runs of each generator.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS,
          value_parser = at_least_one)]
    pub runs: usize,
    /// Skip `cargo check` of the generated crates.
    #[arg(long)]
    pub no_check: bool,
    /// Skip OpenAPI Generator's `rust-axum` server.
    #[arg(long)]
    pub no_server: bool,
    /// Internal: measure one command (`--measure REPORT -- PROGRAM ARGS…`), see `measure`.
    #[arg(long, value_name = "REPORT", hide = true, requires = "command",
          conflicts_with_all = ["spec", "runs", "no_check", "no_server"])]
    pub measure: Option<PathBuf>,
    /// Internal: the measured program and its arguments, after `--`.
    #[arg(last = true, hide = true, value_name = "PROGRAM")]
    pub command: Vec<String>,
}

/// What a `bench-compare` invocation asks for.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    /// Compare the generators.
    Compare(Options),
    /// Internal: measure one command, see `measure`.
    Measure {
        /// Where the measurement is written.
        report: PathBuf,
        /// The program run.
        program: String,
        /// Its arguments.
        args: Vec<String>,
    },
}

/// What to compare, and how.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// The spec both generators read.
    pub spec: PathBuf,
    /// Runs of each generator.
    pub runs: usize,
    /// `cargo check` each generated crate.
    pub check: bool,
    /// Also time OpenAPI Generator's `rust-axum` server.
    pub server: bool,
}

impl Args {
    /// The task these arguments ask for.
    fn task(&self) -> Task {
        match (&self.measure, self.command.split_first()) {
            (Some(report), Some((program, args))) => Task::Measure {
                report: report.clone(),
                program: program.clone(),
                args: args.to_vec(),
            },
            _ => Task::Compare(Options {
                spec: self.spec.clone().unwrap_or_default(),
                runs: self.runs,
                check: !self.no_check,
                server: !self.no_server,
            }),
        }
    }
}

/// Runs `cargo xtask bench-compare` with `args`.
pub fn run(args: &Args) -> ExitCode {
    match args.task() {
        Task::Measure {
            report,
            program,
            args,
        } => measure::wrapper(&report, &program, &args),
        Task::Compare(options) => {
            if !options.spec.is_file() {
                return usage_error(&format!("`{}` is not a file", options.spec.display()));
            }
            print_report(compare(&options))
        }
    }
}

/// Builds and installs both generators, runs them alternately and prints the runs' table;
/// returns the table of the crates' checks.
fn compare(options: &Options) -> Result<String, String> {
    let root = workspace_root();
    let spec = options
        .spec
        .canonicalize()
        .map_err(|error| format!("cannot resolve {}: {error}", options.spec.display()))?;
    let mut generators = vec![tools::ours("bench-compare", &root)?];
    generators.extend(tools::openapi_generator(
        "bench-compare",
        &root,
        options.server,
    )?);
    let work = tempfile::Builder::new()
        .prefix("xtask-bench-compare-")
        .tempdir()
        .map_err(|error| format!("cannot create a temporary directory: {error}"))?;
    let work = work.path();

    let samples = runs::alternate("bench-compare", &generators, &spec, work, options.runs)?;

    let mut outcomes: Vec<Outcome> = generators
        .iter()
        .zip(samples)
        .map(|(generator, samples)| {
            let (files, bytes) = stats::size_of(&runs::output_dir(work, generator, options.runs));
            Outcome {
                label: generator.label.clone(),
                samples,
                files,
                bytes,
                checked: None,
            }
        })
        .collect();
    // The runs are reported before the (long) checks start.
    let name = options.spec.display().to_string();
    print!("{}", table::render_runs(&name, options.runs, &outcomes));
    let _ = std::io::stdout().flush();

    for (generator, outcome) in generators.iter().zip(&mut outcomes) {
        let out = runs::output_dir(work, generator, options.runs);
        outcome.checked = (options.check && generator.check).then(|| {
            eprintln!(
                "bench-compare: cargo check of {}'s crate (twice)",
                generator.key
            );
            let target = work.join(format!("target-{}", generator.key));
            let logs = work.join(format!("{}-check", generator.key));
            check::check(&out, &target, &logs).inspect(|checked| {
                eprintln!(
                    "bench-compare: {}: {:.1} s with dependencies, {:.1} s the crate alone{}",
                    generator.key,
                    checked.with_dependencies.seconds,
                    checked.crate_only.seconds,
                    if checked.crate_only.passed {
                        ""
                    } else {
                        " (errors)"
                    }
                );
            })
        });
    }
    Ok(table::render_checks(&outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(args: &[&str]) -> Result<Task, clap::Error> {
        use clap::Parser as _;
        /// `bench-compare`'s arguments on their own.
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        Cli::try_parse_from(std::iter::once("bench-compare").chain(args.iter().copied()))
            .map(|cli| cli.args.task())
    }

    fn options(args: &[&str]) -> Options {
        match task(args) {
            Ok(Task::Compare(options)) => options,
            other => panic!("expected options, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        assert_eq!(
            options(&["api.json"]),
            Options {
                spec: PathBuf::from("api.json"),
                runs: 5,
                check: true,
                server: true,
            }
        );
    }

    #[test]
    fn flags() {
        let parsed = options(&["--runs", "3", "--no-check", "api.json", "--no-server"]);
        assert_eq!(parsed.runs, 3);
        assert!(!parsed.check);
        assert!(!parsed.server);
    }

    #[test]
    fn refuses_bad_arguments() {
        for bad in [
            &[][..],
            &["a.json", "b.json"],
            &["a.json", "--runs"],
            &["a.json", "--runs", "0"],
            &["a.json", "--runs", "x"],
            &["a.json", "--fast"],
        ] {
            assert!(task(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_measuring_wrapper() {
        assert_eq!(
            task(&["--measure", "r.txt", "--", "java", "-jar", "x.jar"]).ok(),
            Some(Task::Measure {
                report: PathBuf::from("r.txt"),
                program: "java".to_owned(),
                args: vec!["-jar".to_owned(), "x.jar".to_owned()],
            })
        );
        assert!(task(&["--measure", "r.txt"]).is_err());
    }
}
