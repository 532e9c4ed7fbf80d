//! `cargo xtask bench-compare SPEC`: our generator (release build) against OpenAPI Generator
//! on the same spec, run alternately (A B A B …) so that drifting machine load hits both, with
//! the median wall time and peak memory of each, then (unless `--no-check`) how long
//! `cargo check` takes on each generated crate. Prints a Markdown table.
//!
//! Each run writes into an emptied directory; every command runs under a measuring wrapper
//! (`measure`) and its output goes to a log file named in any error.

mod check;
mod measure;
mod table;
mod tools;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use table::Outcome;
use tools::Generator;

/// Runs of each generator unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 5;
/// How the command is used (also printed on a usage error).
const USAGE: &str = "usage: cargo xtask bench-compare SPEC [--runs N] [--no-check] [--no-server]";

/// Parsed `bench-compare` arguments.
#[derive(Debug, PartialEq, Eq)]
pub enum Args {
    /// Compare the generators.
    Compare(Options),
    /// Internal: measure one command (`--measure REPORT -- PROGRAM ARGS…`), see `measure`.
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
    /// `--runs N`: runs of each generator (default 5).
    pub runs: usize,
    /// `cargo check` each generated crate (off with `--no-check`).
    pub check: bool,
    /// Also time OpenAPI Generator's `rust-axum` server (off with `--no-server`).
    pub server: bool,
}

impl Args {
    /// Parses the arguments after `bench-compare`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        if let Some(("--measure", rest)) = args.split_first().map(|(f, r)| (f.as_str(), r)) {
            return match rest {
                [report, dashes, program, args @ ..] if dashes == "--" => Ok(Args::Measure {
                    report: PathBuf::from(report),
                    program: program.clone(),
                    args: args.to_vec(),
                }),
                _ => Err("`--measure` needs REPORT -- PROGRAM [ARGS…]".to_owned()),
            };
        }
        let mut spec = None;
        let mut options = Options {
            spec: PathBuf::new(),
            runs: DEFAULT_RUNS,
            check: true,
            server: true,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "--runs" => {
                    let text = iter.next().ok_or("`--runs` needs a value")?;
                    options.runs = match text.parse::<usize>() {
                        Ok(0) => return Err("`--runs` needs at least 1".to_owned()),
                        Ok(n) => n,
                        Err(_) => {
                            return Err(format!("`--runs` needs a whole number, not `{text}`"))
                        }
                    };
                }
                "--no-check" => options.check = false,
                "--no-server" => options.server = false,
                flag if flag.starts_with('-') => return Err(format!("unknown argument `{flag}`")),
                path if spec.is_none() => spec = Some(PathBuf::from(path)),
                extra => return Err(format!("one spec only; unexpected `{extra}`")),
            }
        }
        options.spec = spec.ok_or("`bench-compare` needs a spec file")?;
        Ok(Args::Compare(options))
    }
}

/// Runs `cargo xtask bench-compare` with `args`.
pub fn run(args: &Args) -> ExitCode {
    match args {
        Args::Measure {
            report,
            program,
            args,
        } => measure::wrapper(report, program, args),
        Args::Compare(options) => {
            if !options.spec.is_file() {
                eprintln!("error: `{}` is not a file\n{USAGE}", options.spec.display());
                return ExitCode::from(2);
            }
            crate::print_report(compare(options))
        }
    }
}

/// Builds and installs both generators, runs them alternately and prints the runs' table;
/// returns the table of the crates' checks.
fn compare(options: &Options) -> Result<String, String> {
    let root = crate::codegen::workspace_root();
    let spec = options
        .spec
        .canonicalize()
        .map_err(|error| format!("cannot resolve {}: {error}", options.spec.display()))?;
    let mut generators = vec![tools::ours(&root)?];
    generators.extend(tools::openapi_generator(&root, options.server)?);
    let work = tempfile::Builder::new()
        .prefix("xtask-bench-compare-")
        .tempdir()
        .map_err(|error| format!("cannot create a temporary directory: {error}"))?;
    let work = work.path();

    let mut samples = vec![Vec::new(); generators.len()];
    for run in 1..=options.runs {
        for (generator, samples) in generators.iter().zip(&mut samples) {
            let sample = generate(generator, &spec, work, run)?;
            eprintln!(
                "bench-compare: run {run}/{}: {:<18} {:>7.2} s {:>6.0} MB",
                options.runs,
                generator.key,
                sample.seconds,
                sample.peak_kib as f64 * 1024.0 / 1e6
            );
            samples.push(sample);
        }
    }

    let mut outcomes: Vec<Outcome> = generators
        .iter()
        .zip(samples)
        .map(|(generator, samples)| {
            let (files, bytes) = size_of(&output_dir(work, generator, options.runs));
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
        let out = output_dir(work, generator, options.runs);
        outcome.checked = (options.check && generator.check).then(|| {
            eprintln!(
                "bench-compare: cargo check of {}'s crate (twice)",
                generator.key
            );
            let target = work.join(format!("target-{}", generator.key));
            let log = work.join(format!("{}-check.log", generator.key));
            check::check(&out, &target, &log).inspect(|checked| {
                eprintln!(
                    "bench-compare: {}: {:.1} s with dependencies, {:.1} s the crate alone{}",
                    generator.key,
                    checked.with_dependencies,
                    checked.crate_only,
                    if checked.passed { "" } else { " (errors)" }
                );
            })
        });
    }
    Ok(table::render_checks(&outcomes))
}

/// Where `generator` writes in `run` (the last run's output is the one checked).
///
/// Each run gets a new directory and none is deleted before the end: deleting thousands of
/// files just before writing as many makes ext4 search for free inodes slowly (a fresh write
/// then takes up to ten times as long), which is not what a user's run meets.
fn output_dir(work: &Path, generator: &Generator, run: usize) -> PathBuf {
    work.join(format!("out-{}-{run}", generator.key))
}

/// One run of `generator` on `spec` into a new output directory.
fn generate(
    generator: &Generator,
    spec: &Path,
    work: &Path,
    run: usize,
) -> Result<measure::Sample, String> {
    let out = output_dir(work, generator, run);
    settle();
    let log = work.join(format!("{}-{run}.log", generator.key));
    measure::run(&generator.program, &generator.args_for(spec, &out), &log)
}

/// Lets the machine settle before a run: the previous run's written files are flushed and
/// the memory it freed (OpenAPI Generator's server run peaks at 5 GB) is given back first,
/// so that no run pays for the one before it.
fn settle() {
    let _ = std::process::Command::new("sync").status();
    std::thread::sleep(std::time::Duration::from_secs(2));
}

/// Files and bytes under `dir`.
fn size_of(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(metadata) if metadata.is_dir() => pending.push(entry.path()),
                Ok(metadata) => {
                    files += 1;
                    bytes += metadata.len();
                }
                Err(_) => {}
            }
        }
    }
    (files, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        Args::parse(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
    }

    fn options(args: &[&str]) -> Options {
        match parse(args) {
            Ok(Args::Compare(options)) => options,
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
        assert!(parse(&[]).is_err_and(|e| e.contains("needs a spec")));
        assert!(parse(&["a.json", "b.json"]).is_err_and(|e| e.contains("one spec only")));
        assert!(parse(&["a.json", "--runs"]).is_err_and(|e| e.contains("needs a value")));
        assert!(parse(&["a.json", "--runs", "0"]).is_err_and(|e| e.contains("at least 1")));
        assert!(parse(&["a.json", "--runs", "x"]).is_err_and(|e| e.contains("whole number")));
        assert!(parse(&["a.json", "--fast"]).is_err_and(|e| e.contains("unknown argument")));
    }

    #[test]
    fn the_measuring_wrapper() {
        assert_eq!(
            parse(&["--measure", "r.txt", "--", "java", "-jar", "x.jar"]),
            Ok(Args::Measure {
                report: PathBuf::from("r.txt"),
                program: "java".to_owned(),
                args: vec!["-jar".to_owned(), "x.jar".to_owned()],
            })
        );
        assert!(parse(&["--measure", "r.txt"]).is_err());
    }

    #[test]
    fn generator_arguments_get_the_spec_and_output() {
        let generator = Generator {
            key: "x",
            label: "x".to_owned(),
            program: PathBuf::from("gen"),
            args: vec![
                "-i".to_owned(),
                "{spec}".to_owned(),
                "-o".to_owned(),
                "{out}".to_owned(),
            ],
            check: false,
        };
        assert_eq!(
            generator.args_for(Path::new("/s.json"), Path::new("/o")),
            ["-i", "/s.json", "-o", "/o"]
        );
    }

    #[test]
    fn counts_files_and_bytes() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir(dir.path().join("src")).expect("src");
        std::fs::write(dir.path().join("src/lib.rs"), "abc").expect("lib.rs");
        std::fs::write(dir.path().join("Cargo.toml"), "ab").expect("Cargo.toml");
        assert_eq!(size_of(dir.path()), (2, 5));
    }
}
