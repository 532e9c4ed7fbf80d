//! `cargo xtask`: the developer entry point. `cargo xtask codegen` regenerates `generated/`
//! from `spec/`; `--check` fails when it is stale.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]
      regenerate generated/ from spec/superoffice.yaml (--check: change nothing, fail if stale)
  cargo xtask codegen --spec FILE --out DIR [--crate-name NAME] [--check]
      generate a standalone crate from any OpenAPI 3.0/3.1 document (YAML or JSON)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((command, rest)) if command == "codegen" => match codegen::Args::parse(rest) {
            Ok(args) => codegen::run(&args),
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
