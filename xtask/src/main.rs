//! `cargo xtask`: the developer entry point. Parses the command line and hands each command
//! to its module: `codegen` (with `--watch`, to the watch loop), `import`, `spec-diff`, `corpus`,
//! `bench-compare` and `bench-check`.

mod arguments;
mod bench;
mod bench_check;
mod bench_compare;
mod codegen;
mod corpus;
mod import;
mod progress;
mod report;
mod spec_diff;
mod watch;
mod workspace;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

// The generator allocates millions of small token trees: mimalloc makes that markedly faster
// than the system allocator (see the README's Performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The developer entry point of this workspace: code generation and the tools around it.
#[derive(Debug, Parser)]
// A bare `cargo xtask` is a usage error like any other, not a help page on stderr.
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = false
)]
struct Cli {
    /// The command to run.
    #[command(subcommand)]
    command: Command,
}

/// The commands.
#[derive(Debug, clap::Subcommand)]
enum Command {
    // Each command's help (its one line and its details) is its `Args`' documentation.
    Codegen(codegen::Args),
    Import(import::Args),
    SpecDiff(spec_diff::Args),
    Corpus(corpus::Args),
    BenchCompare(bench_compare::Args),
    BenchCheck(bench_check::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return parse_error(&error),
    };
    match cli.command {
        Command::Codegen(args) => match codegen::Job::from_args(&args) {
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
            // Watch mode is a loop around the job: the job knows nothing of it.
            Ok(job) if args.watch => watch::run(&job),
            Ok(job) => codegen::run(&job, args.mode()),
        },
        Command::Import(args) => import::run(&args),
        Command::SpecDiff(args) => spec_diff::run(&args),
        Command::Corpus(args) => corpus::run(&args),
        Command::BenchCompare(args) => bench_compare::run(&args),
        Command::BenchCheck(args) => bench_check::run(&args),
    }
}

/// Prints help (exit 0) or a usage error: the error's first paragraph on one line, then the
/// hint, exit 2. Clap's usage dump is left out: the error names the culprit, `--help` the rest.
fn parse_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Help asked for: clap prints it to standard output.
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let first_paragraph = rendered.split("\n\n").next().unwrap_or_default();
    let line: Vec<&str> = first_paragraph.lines().map(str::trim).collect();
    eprintln!("{}\n{}", line.join(" "), report::USAGE_HINT);
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()))
            .map(|cli| cli.command)
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_codegen_arguments() {
        let codegen = |list: &[&str]| match parse(&[&["codegen"], list].concat()) {
            Ok(Command::Codegen(args)) => Ok(args),
            Ok(other) => panic!("not codegen: {other:?}"),
            Err(error) => Err(error),
        };
        assert!(codegen(&["--check"]).is_ok_and(|a| a.check));
        assert!(codegen(&["--spec", "a.yaml"]).is_err());
        assert!(codegen(&["--out", "o"]).is_err());
        assert!(codegen(&["--crate-name", "x"]).is_err());
        assert!(codegen(&["--bogus"]).is_err());
        assert!(codegen(&["--out"]).is_err());
        assert!(codegen(&["--watch"]).is_ok_and(|a| a.watch));
        assert!(codegen(&["--watch", "--spec", "a.yaml", "--out", "o"]).is_ok_and(|a| a.watch));
        assert!(codegen(&["--watch", "--check"]).is_err());
        assert!(
            codegen(&["--warnings", "all"]).is_ok_and(|a| a.warnings == codegen::WarningList::All)
        );
        assert!(codegen(&["--warnings", "some"]).is_err());
    }

    #[test]
    fn parses_spec_diff_arguments() {
        let spec_diff = |list: &[&str]| match parse(&[&["spec-diff"], list].concat()) {
            Ok(Command::SpecDiff(args)) => Ok(args),
            Ok(other) => panic!("not spec-diff: {other:?}"),
            Err(error) => Err(error),
        };
        let args = spec_diff(&[
            "--base",
            "main",
            "--format",
            "markdown",
            "--fail-on-breaking",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(args.base, "main");
        assert_eq!(args.head, None);
        assert_eq!(args.format, spec_diff::ReportFormat::Markdown);
        assert!(args.fail_on_breaking);
        assert!(spec_diff(&["--format", "md"])
            .is_ok_and(|a| a.format == spec_diff::ReportFormat::Markdown));
        assert!(spec_diff(&[]).is_ok_and(|a| a.base == "HEAD"
            && a.format == spec_diff::ReportFormat::Text
            && a.spec == std::path::Path::new("spec/superoffice.yaml")));
        assert!(spec_diff(&["--format", "xml"]).is_err());
        assert!(spec_diff(&["--head"]).is_err());
        assert!(spec_diff(&["--what"]).is_err());
    }

    #[test]
    fn parses_corpus_arguments() {
        let corpus = |list: &[&str]| match parse(&[&["corpus"], list].concat()) {
            Ok(Command::Corpus(args)) => Ok(args),
            Ok(other) => panic!("not corpus: {other:?}"),
            Err(error) => Err(error),
        };
        let parsed = corpus(&["specs", "--sample", "200", "--seed", "7", "--jobs", "2"])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.dir, std::path::PathBuf::from("specs"));
        assert_eq!(
            (parsed.sample, parsed.seed, parsed.jobs),
            (Some(200), 7, Some(2))
        );
        assert!(corpus(&[]).is_err());
        assert!(corpus(&["a", "b"]).is_err());
        assert!(corpus(&["a", "--jobs", "0"]).is_err());
        assert!(corpus(&["a", "--sample", "many"]).is_err());
        assert!(corpus(&["a", "--bogus"]).is_err());
        assert!(corpus(&["a", "--keep"]).is_err());
        assert!(corpus(&["a", "--locked-to-workspace"]).is_ok_and(|a| a.locked_to_workspace));
        assert!(corpus(&["a"]).is_ok_and(|a| !a.locked_to_workspace));
    }
}
