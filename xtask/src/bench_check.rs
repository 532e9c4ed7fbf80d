//! `cargo xtask bench-check`: every lean-code target of issue 13 measured in one run on this
//! machine and printed as one Markdown table (measure | measured | target | met?), the raw
//! numbers beside each ratio, then how each row was measured.
//!
//! One run: our generator (release) and OpenAPI Generator's `rust` client take turns on
//! GitHub's spec (`bench::runs`, each run into a new directory on disk); SuperOffice's 111
//! documents are merged (`merge.py`) and generated; then each crate is `cargo check`ed
//! (`crates`: all features and one tag or resource with client and server, crate only, after
//! a warm-up) and OpenAPI Generator's client crate the same way, for the ratio. Measuring is
//! `bench`'s, shared with `bench-compare`; `measures` holds the values, `targets` judges
//! them, `table` prints them, `context` names the commit and file system.

mod context;
mod crates;
mod measures;
mod table;
mod targets;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crates::Crate;
use measures::{Measured, Measures, Missing, Size};

use crate::arguments::at_least_one;
use crate::bench::check::{Features, Timed};
use crate::bench::measure::{self, Sample};
use crate::bench::tools::{self, Generator, OPENAPI_GENERATOR_VERSION};
use crate::bench::{runs, stats};
use crate::report::usage_error;
use crate::workspace::{shown, workspace_root};

/// Runs of each generator unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 5;
/// GitHub's spec, relative to the workspace root: where `cargo bench -p codegen` keeps it.
const GITHUB_SPEC: &str = "target/bench-specs/octokit-openapi-23.0.2/api.github.com.json";
/// The script that fetches it from npm (into the directory it is given).
const FETCH_SPECS: &str = "codegen/benches/fetch-specs.sh";
/// SuperOffice's merge script, relative to the workspace root's parent.
const SUPEROFFICE_MERGE: &str = "shared/superoffice-api/bench/merge.py";
/// The tag of GitHub's one-tag row.
const GITHUB_TAG: &str = "issues";
/// The tag of SuperOffice's one-resource row.
const SUPEROFFICE_TAG: &str = "Contact";
/// How progress lines start.
const WHO: &str = "bench-check";

/// Measure issue 13's lean-code targets in one run; print them as a Markdown table.
///
/// Generates GitHub's spec (`@octokit/openapi` 23.0.2) and SuperOffice's merged document
/// (`merge.py`) with our generator (release build) and `cargo check`s each crate: all features,
/// then one tag (`issues`) or resource (`Contact`) with client and server; each crate alone,
/// after a warm-up check that builds the dependencies, CARGO_INCREMENTAL=0, the workspace's
/// Cargo.lock. Measures the generated `src/` sizes, times `xtask codegen` against OpenAPI
/// Generator's `rust` on GitHub's spec (alternating runs into new directories, medians) and
/// checks OpenAPI Generator's client crate the same way, for the ratio. Prints measure,
/// measured, target and met? per row (progress on stderr); exits 1 when something could not be
/// measured, whether or not the targets are met. Needs about 10 GB of memory.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct Args {
    /// GitHub's spec [default: target/bench-specs/octokit-openapi-23.0.2/api.github.com.json,
    /// fetched from npm by codegen/benches/fetch-specs.sh when missing].
    #[arg(long, value_name = "PATH")]
    pub github: Option<PathBuf>,
    /// SuperOffice's merge script [default: ../shared/superoffice-api/bench/merge.py from the
    /// workspace root].
    #[arg(long, value_name = "PATH", conflicts_with = "no_superoffice")]
    pub superoffice_merge: Option<PathBuf>,
    /// Runs of each generator on GitHub's spec (the end-to-end rows are medians).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS,
          value_parser = at_least_one)]
    pub runs: usize,
    /// Skip OpenAPI Generator (its runs and its crate's check).
    #[arg(long)]
    pub no_openapi_generator: bool,
    /// Skip SuperOffice's merged document.
    #[arg(long)]
    pub no_superoffice: bool,
    /// Skip every `cargo check` (the check rows are not measured).
    #[arg(long)]
    pub no_check: bool,
    /// Keep the work directory (generated crates, target directories, logs).
    #[arg(long)]
    pub keep: bool,
}

/// What to measure, the paths resolved.
struct Plan {
    /// GitHub's spec, absolute.
    github: PathBuf,
    /// SuperOffice's merge script, unless skipped.
    merge: Option<PathBuf>,
    /// Runs of each generator.
    runs: usize,
    /// Run OpenAPI Generator.
    openapi: bool,
    /// `cargo check` the crates.
    check: bool,
}

/// Runs `cargo xtask bench-check` with `args`.
pub fn run(args: &Args) -> ExitCode {
    for path in [&args.github, &args.superoffice_merge]
        .into_iter()
        .flatten()
    {
        if !path.is_file() {
            return usage_error(&format!("`{}` is not a file", path.display()));
        }
    }
    let started = Instant::now();
    let work = match tempfile::Builder::new()
        .prefix("xtask-bench-check-")
        .tempdir()
    {
        Ok(work) => work,
        Err(error) => {
            eprintln!("error: cannot create a temporary directory: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = plan(args).and_then(|plan| measure_all(&plan, work.path()));
    let failed = match &outcome {
        Ok(measures) => !measures.failures().is_empty(),
        Err(_) => true,
    };
    let code = match outcome {
        Ok(measures) => {
            print!("{}", render(args, &measures, work.path(), started));
            if failed {
                eprintln!("error: not everything was measured (see `Failed:` above)");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    };
    if args.keep || failed {
        eprintln!("{WHO}: work directory kept: {}", work.keep().display());
    } else {
        eprintln!(
            "{WHO}: removing the work directory {}",
            work.path().display()
        );
    }
    code
}

/// The paths to measure with, GitHub's spec fetched when the default is missing.
fn plan(args: &Args) -> Result<Plan, String> {
    let root = workspace_root();
    let github = match &args.github {
        Some(path) => path.clone(),
        None => default_github_spec(&root)?,
    };
    let github = github
        .canonicalize()
        .map_err(|error| format!("cannot resolve {}: {error}", github.display()))?;
    let merge = if args.no_superoffice {
        None
    } else {
        let script = args
            .superoffice_merge
            .clone()
            .unwrap_or_else(|| root.parent().unwrap_or(&root).join(SUPEROFFICE_MERGE));
        if !script.is_file() {
            return Err(format!(
                "SuperOffice's merge script is not at {}: pass --superoffice-merge PATH, or \
                 --no-superoffice",
                script.display()
            ));
        }
        Some(script)
    };
    Ok(Plan {
        github,
        merge,
        runs: args.runs,
        openapi: !args.no_openapi_generator,
        check: !args.no_check,
    })
}

/// `target/bench-specs/…/api.github.com.json`, fetched by `fetch-specs.sh` when missing (as
/// `cargo bench -p codegen` does).
fn default_github_spec(root: &Path) -> Result<PathBuf, String> {
    let spec = root.join(GITHUB_SPEC);
    if spec.is_file() {
        return Ok(spec);
    }
    let dir = root.join("target/bench-specs");
    eprintln!(
        "{WHO}: sh {FETCH_SPECS} {} (GitHub's spec from npm)",
        shown(&dir).display()
    );
    let status = Command::new("sh")
        .arg(root.join(FETCH_SPECS))
        .arg(&dir)
        .stdin(Stdio::null())
        // Standard output is the table's.
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(|error| format!("cannot run sh {FETCH_SPECS}: {error}"))?;
    if !status.success() {
        return Err(format!(
            "{FETCH_SPECS} failed ({status}): GitHub's spec needs npm and the npm registry, \
             or pass --github PATH"
        ));
    }
    if spec.is_file() {
        Ok(spec)
    } else {
        Err(format!("{FETCH_SPECS} left no {}", spec.display()))
    }
}

/// Every measure of the table, in `work`. Errors only when nothing useful can follow (our
/// generator cannot be built or fails on GitHub's spec); other failures are missing values.
fn measure_all(plan: &Plan, work: &Path) -> Result<Measures, String> {
    let root = workspace_root();
    let ours = tools::ours(WHO, &root)?;
    let openapi: Measured<Generator> = if plan.openapi {
        tools::openapi_generator(WHO, &root, false)
            .and_then(|generators| {
                generators
                    .into_iter()
                    .next()
                    .ok_or_else(|| "OpenAPI Generator's `rust` is not set up".to_owned())
            })
            .map_err(Missing::Failed)
    } else {
        Err(Missing::Skipped("--no-openapi-generator"))
    };

    eprintln!(
        "{WHO}: generating {} ({} runs of each generator, alternating)",
        shown(&plan.github).display(),
        plan.runs
    );
    let mut generators = vec![ours.clone()];
    generators.extend(openapi.iter().cloned());
    let samples = runs::alternate(WHO, &generators, &plan.github, work, plan.runs)?;
    let median = |samples: &[Sample]| stats::median(samples.iter().map(|s| s.seconds).collect());
    let codegen_ours = Ok(median(&samples[0]));
    let codegen_openapi = match &openapi {
        Ok(_) => Ok(median(&samples[1])),
        Err(missing) => Err(missing.clone()),
    };
    let github = runs::output_dir(work, &ours, plan.runs);
    let openapi_crate = openapi
        .as_ref()
        .map(|generator| runs::output_dir(work, generator, plan.runs))
        .map_err(Clone::clone);

    let superoffice = match &plan.merge {
        Some(script) => generate_superoffice(&ours, script, work).map_err(Missing::Failed),
        None => Err(Missing::Skipped("--no-superoffice")),
    };

    let lock = root.join("Cargo.lock");
    let client_server = Features::Only(vec!["client".to_owned(), "server".to_owned()]);
    let [github_all, github_tag] = if plan.check {
        check_ours("github", &github, GITHUB_TAG, work, &lock, &client_server)
    } else {
        [SKIPPED_CHECK, SKIPPED_CHECK]
    };
    let openapi_client = match (&openapi_crate, plan.check) {
        (Err(missing), _) => Err(missing.clone()),
        (Ok(_), false) => SKIPPED_CHECK,
        (Ok(dir), true) => {
            let krate = Crate {
                key: "openapi-rust",
                dir,
                warm_up: Features::Default,
            };
            let [checked] = crates::check_crate(WHO, &krate, work, &lock, [Features::Default]);
            checked
        }
    };
    let [superoffice_all, superoffice_resource] = match (&superoffice, plan.check) {
        (Err(missing), _) => [Err(missing.clone()), Err(missing.clone())],
        (Ok(_), false) => [SKIPPED_CHECK, SKIPPED_CHECK],
        (Ok(dir), true) => check_ours(
            "superoffice",
            dir,
            SUPEROFFICE_TAG,
            work,
            &lock,
            &client_server,
        ),
    };

    Ok(Measures {
        github_all,
        openapi_client,
        github_tag,
        superoffice_all,
        superoffice_resource,
        github_size: Ok(src_size(&github)),
        superoffice_size: superoffice
            .as_ref()
            .map(|dir| src_size(dir))
            .map_err(Clone::clone),
        codegen_ours,
        codegen_openapi,
    })
}

/// A check `--no-check` skipped.
const SKIPPED_CHECK: Measured<Timed> = Err(Missing::Skipped("--no-check"));

/// Our crate in `dir` checked with all features, then `client`, `server` and `tag`'s feature.
fn check_ours(
    key: &str,
    dir: &Path,
    tag: &str,
    work: &Path,
    lock: &Path,
    warm_up: &Features,
) -> [Measured<Timed>; 2] {
    match crates::tag_with_client_and_server(dir, tag) {
        Ok(one_tag) => {
            let krate = Crate {
                key,
                dir,
                warm_up: warm_up.clone(),
            };
            crates::check_crate(WHO, &krate, work, lock, [Features::All, one_tag])
        }
        Err(message) => [
            Err(Missing::Failed(message.clone())),
            Err(Missing::Failed(message)),
        ],
    }
}

/// Merges SuperOffice's documents with `script` and generates the merged document with
/// `ours` under `work/superoffice`: the generated crate's directory.
fn generate_superoffice(ours: &Generator, script: &Path, work: &Path) -> Result<PathBuf, String> {
    let dir = work.join("superoffice");
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let document = dir.join("merged.json");
    eprintln!("{WHO}: python3 {} {}", script.display(), document.display());
    measure::run(
        Path::new("python3"),
        &[script.display().to_string(), document.display().to_string()],
        &dir.join("merge.log"),
    )?;
    eprintln!("{WHO}: generating SuperOffice's merged document");
    let sample = runs::generate(ours, &document, &dir, 1)?;
    eprintln!("{WHO}: superoffice: generated in {:.2} s", sample.seconds);
    Ok(runs::output_dir(&dir, ours, 1))
}

/// Files and bytes of the crate's `src/`.
fn src_size(dir: &Path) -> Size {
    let (files, bytes) = stats::size_of(&dir.join("src"));
    Size { files, bytes }
}

/// The table with its heading and notes.
fn render(args: &Args, measures: &Measures, work: &Path, started: Instant) -> String {
    let root = workspace_root();
    let command: Vec<String> = std::env::args().skip(1).collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let seconds = started.elapsed().as_secs();
    let heading = format!(
        "Lean-code targets (issue 13): `cargo xtask {}` at {}, {cores} cores, one run \
         ({} min {} s in all):",
        command.join(" "),
        context::commit(&root),
        seconds / 60,
        seconds % 60
    );
    let filesystem = context::filesystem(work).unwrap_or_else(|| "file system unknown".into());
    let notes = vec![
        format!(
            "Checks: `cargo check` of each crate alone (after `touch src/lib.rs`), \
             CARGO_INCREMENTAL=0, after a warm-up check that built the dependencies into the \
             crate's own target directory; the workspace's Cargo.lock copied next to each \
             crate. All features: `--all-features`; one tag or resource: \
             `--no-default-features --features client,server,TAG` (`{GITHUB_TAG}`; SuperOffice's \
             tag `{SUPEROFFICE_TAG}`'s feature). Memory: peak RSS of the largest process (rustc)."
        ),
        format!(
            "OpenAPI Generator {OPENAPI_GENERATOR_VERSION}'s `rust` client crate of the same \
             spec: default features, checked the same way."
        ),
        format!(
            "Inputs: GitHub `{}`; SuperOffice: the document `{}` writes{}.",
            shown(&args_github(args, &root)).display(),
            args.superoffice_merge.as_ref().map_or_else(
                || format!("../{SUPEROFFICE_MERGE}"),
                |path| path.display().to_string()
            ),
            if args.no_superoffice {
                " (skipped)"
            } else {
                ""
            }
        ),
        format!(
            "End to end: `xtask codegen --spec api.github.com.json --out NEW_DIR` (release \
             build){}, {} run(s) each, medians; every run into a new directory ({filesystem}).",
            if args.no_openapi_generator {
                ""
            } else {
                " alternating with `java -jar openapi-generator.jar generate -g rust`"
            },
            args.runs
        ),
        "Generated size: bytes of the crate's `src/` (MB = 10⁶ bytes).".to_owned(),
    ];
    table::render(
        &heading,
        &targets::rows(measures),
        &notes,
        &measures.failures(),
    )
}

/// GitHub's spec as given, or the default's path.
fn args_github(args: &Args, root: &Path) -> PathBuf {
    args.github
        .clone()
        .unwrap_or_else(|| root.join(GITHUB_SPEC))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        use clap::Parser as _;
        /// `bench-check`'s arguments on their own.
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        Cli::try_parse_from(std::iter::once("bench-check").chain(args.iter().copied()))
            .map(|cli| cli.args)
    }

    #[test]
    fn defaults_run_everything() {
        assert_eq!(
            parse(&[]).ok(),
            Some(Args {
                github: None,
                superoffice_merge: None,
                runs: 5,
                no_openapi_generator: false,
                no_superoffice: false,
                no_check: false,
                keep: false,
            })
        );
    }

    #[test]
    fn flags_and_paths() {
        let args = parse(&[
            "--github",
            "g.json",
            "--runs",
            "1",
            "--no-openapi-generator",
            "--no-check",
            "--keep",
            "--superoffice-merge",
            "m.py",
        ])
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(args.github, Some(PathBuf::from("g.json")));
        assert_eq!(args.superoffice_merge, Some(PathBuf::from("m.py")));
        assert_eq!(args.runs, 1);
        assert!(args.no_openapi_generator && args.no_check && args.keep);
        assert!(!args.no_superoffice);
    }

    #[test]
    fn refuses_bad_arguments() {
        for bad in [
            &["--runs", "0"][..],
            &["--runs"],
            &["spec.json"],
            &["--fast"],
            &["--no-superoffice", "--superoffice-merge", "m.py"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
