//! `cargo xtask`: the developer entry point. `cargo xtask codegen` regenerates `generated/`
//! from `spec/` (`--check` fails when it is stale, `--watch` keeps regenerating);
//! `cargo xtask spec-diff` reviews a spec change as an API change.

mod bench_compare;
mod codegen;
mod corpus;
mod progress;
mod spec_diff;
mod watch;

use std::process::ExitCode;

// The generator allocates millions of small token trees: mimalloc makes that markedly faster
// than the system allocator (see the README's Performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check | --watch]
      regenerate generated/ from spec/superoffice.yaml (--check: change nothing, fail if
      stale); always strict: the project's own spec must give no warning
  cargo xtask codegen --spec FILE --out DIR [--crate-name NAME] [--check | --watch] [--strict]
                      [--warnings grouped|all]
      generate a standalone crate from any OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or
      JSON); defects with one sound way around (an undeclared security scheme, a `$ref` to
      nothing, a `default` that does not fit) are warnings, listed one line per cause with
      its count and first place (--warnings all: every one)
  --watch: generate, then regenerate whenever a file under the spec's directory changes,
      printing what was written or the spec's errors (which leave the output untouched);
      Ctrl-C stops
  --strict: warnings (defects generated around, constructs generated less precisely than the
      spec describes) are errors, and nothing is written
  cargo xtask spec-diff [--base GIT_REF] [--head GIT_REF] [--format markdown|text|json]
                        [--fail-on-breaking] [--spec PATH]
      what a spec change does to the API and the generated crate: every change, whom it
      breaks (clients, servers) and the semver verdict; default HEAD against the working tree
  cargo xtask corpus DIR [--sample N] [--seed S] [--jobs J] [--keep DIR] [--target-dir DIR]
                         [--locked-to-workspace]
      generate every *.json/*.yaml/*.yml spec under DIR (or a deterministic sample of N,
      picked by seed S) into one temporary workspace, `cargo check` it once (target dir shared
      between runs, default target/corpus) and print a row per spec (rustc warnings per
      crate), the totals per input version and the failures grouped by cause; exits 0 when
      it ran, whatever failed. Dependencies resolve afresh to the newest compatible versions,
      as a user's generated crate does; --locked-to-workspace pins them to this workspace's
      Cargo.lock instead (deterministic, no index update: the checked-in corpus test)
  cargo xtask bench-compare SPEC [--runs N] [--no-check] [--no-server]
      our generator (release build) against OpenAPI Generator (rust client; rust-axum server
      unless --no-server) on SPEC, alternating, N runs each (default 5): median wall time and
      peak RSS, then `cargo check` of each generated crate (the crate's own code timed
      separately from its dependencies) unless --no-check; prints a Markdown table";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((command, rest)) if command == "bench-compare" => {
            match bench_compare::Args::parse(rest) {
                Ok(args) => bench_compare::run(&args),
                Err(message) => usage_error(&message),
            }
        }
        Some((command, rest)) if command == "codegen" => match codegen::Args::parse(rest) {
            Ok(args) => codegen::run(&args),
            Err(message) => usage_error(&message),
        },
        Some((command, rest)) if command == "corpus" => match corpus::Args::parse(rest) {
            Ok(args) => corpus::run(&args),
            Err(message) => usage_error(&message),
        },
        Some((command, rest)) if command == "spec-diff" => match spec_diff::Args::parse(rest) {
            Ok(args) => spec_diff::run(&args),
            Err(message) => usage_error(&message),
        },
        Some((flag, _)) if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some((command, _)) => usage_error(&format!("unknown command `{command}`")),
        None => usage_error("no command given"),
    }
}

/// Prints a command's report, or its error on standard error.
fn print_report(result: Result<String, String>) -> ExitCode {
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
