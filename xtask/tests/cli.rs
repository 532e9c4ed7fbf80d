//! The command line itself: `--help` names every command and every flag, and a usage error
//! (an unknown flag or command, a missing or invalid value) is one line naming the culprit,
//! clap's hint, and exit status 2.

mod common;

use std::process::Output;

use common::{text, xtask};

/// Every command with the flags its help must name.
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "codegen",
        &[
            "--check",
            "--watch",
            "--strict",
            "--spec",
            "--out",
            "--crate-name",
            "--warnings",
            "grouped",
            "all",
        ],
    ),
    (
        "spec-diff",
        &[
            "--base",
            "--head",
            "--format",
            "markdown",
            "text",
            "json",
            "--fail-on-breaking",
            "--spec",
        ],
    ),
    (
        "corpus",
        &[
            "<DIR>",
            "--sample",
            "--seed",
            "--jobs",
            "--keep",
            "--target-dir",
            "--locked-to-workspace",
        ],
    ),
    (
        "bench-compare",
        &["SPEC", "--runs", "--no-check", "--no-server"],
    ),
    (
        "bench-check",
        &[
            "--github",
            "--superoffice-merge",
            "--runs",
            "--no-openapi-generator",
            "--no-superoffice",
            "--no-check",
            "--keep",
        ],
    ),
];

/// The hint clap ends every usage error with.
const HINT: &str = "For more information, try '--help'.";

/// Asserts a usage error: exit 2, nothing on stdout, one `error:` line containing `names`
/// followed by the hint only. Returns the error line.
fn assert_usage_error(output: &Output, names: &str) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty(), "stdout: {}", text(&output.stdout));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one error line and the hint:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[0].contains(names),
        "the error names `{names}`:\n{stderr}"
    );
    assert_eq!(lines[1], HINT);
    lines[0].to_owned()
}

#[test]
fn top_level_help_lists_every_command_on_one_line_each() {
    for flag in ["--help", "-h"] {
        let output = xtask(&[flag]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        for (command, _) in COMMANDS {
            let lines = stdout
                .lines()
                .filter(|line| line.trim_start().starts_with(&format!("{command} ")))
                .count();
            assert_eq!(lines, 1, "`{command}` once in:\n{stdout}");
        }
    }
}

#[test]
fn every_command_has_help_naming_each_flag() {
    for (command, flags) in COMMANDS {
        let output = xtask(&[command, "--help"]);
        let stdout = text(&output.stdout);
        assert!(
            output.status.success(),
            "{command}: {}",
            text(&output.stderr)
        );
        assert!(
            stdout.contains(&format!("Usage: cargo xtask {command}")),
            "{stdout}"
        );
        for flag in *flags {
            assert!(
                stdout.contains(flag),
                "`{command} --help` names {flag}:\n{stdout}"
            );
        }
        // `help COMMAND` says the same.
        let help = xtask(&["help", command]);
        assert!(help.status.success());
        assert_eq!(text(&help.stdout), stdout);
    }
}

#[test]
fn an_unknown_flag_is_one_line_and_exit_2_for_every_command() {
    for (command, _) in COMMANDS {
        let line = assert_usage_error(&xtask(&[command, "--bogus"]), "'--bogus'");
        assert_eq!(
            line, "error: unexpected argument '--bogus' found",
            "{command}"
        );
    }
    assert_usage_error(&xtask(&["--bogus"]), "'--bogus'");
}

#[test]
fn an_unknown_or_missing_command_is_exit_2() {
    assert_usage_error(&xtask(&["codgen"]), "'codgen'");
    assert_usage_error(&xtask(&[]), "subcommand");
}

#[test]
fn missing_invalid_and_conflicting_values_are_exit_2() {
    assert_usage_error(&xtask(&["codegen", "--out"]), "--out");
    assert_usage_error(&xtask(&["codegen", "--spec", "a.yaml"]), "--out");
    assert_usage_error(&xtask(&["codegen", "--crate-name", "x"]), "--spec");
    assert_usage_error(&xtask(&["codegen", "--check", "--watch"]), "--watch");
    assert_usage_error(&xtask(&["codegen", "--warnings", "some"]), "grouped, all");
    assert_usage_error(
        &xtask(&["spec-diff", "--format", "xml"]),
        "markdown, text, json",
    );
    assert_usage_error(&xtask(&["corpus"]), "<DIR>");
    assert_usage_error(&xtask(&["corpus", "a", "--jobs", "0"]), "at least 1");
    assert_usage_error(&xtask(&["corpus", "no/such/dir"]), "no/such/dir");
    assert_usage_error(&xtask(&["bench-compare"]), "<SPEC>");
    assert_usage_error(
        &xtask(&["bench-compare", "x.json", "--runs", "x"]),
        "--runs",
    );
    assert_usage_error(&xtask(&["bench-compare", "no/such.json"]), "no/such.json");
    assert_usage_error(&xtask(&["bench-check", "--runs", "0"]), "at least 1");
    assert_usage_error(&xtask(&["bench-check", "spec.json"]), "'spec.json'");
    assert_usage_error(
        &xtask(&["bench-check", "--github", "no/such.json"]),
        "no/such.json",
    );
    assert_usage_error(
        &xtask(&["bench-check", "--superoffice-merge", "no/merge.py"]),
        "no/merge.py",
    );
    assert_usage_error(
        &xtask(&[
            "bench-check",
            "--no-superoffice",
            "--superoffice-merge",
            "m.py",
        ]),
        "--superoffice-merge",
    );
}
