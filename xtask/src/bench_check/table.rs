//! The targets table as Markdown, ready to paste into the README: a heading line saying what
//! ran where, the table, how each row was measured, and what failed.

use std::fmt::Write as _;

use super::targets::{Met, Row};

/// The table of `rows` under `heading`, then `notes` (how it was measured) and `failures`
/// (each with its log), as Markdown.
pub fn render(heading: &str, rows: &[Row], notes: &[String], failures: &[&str]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{heading}\n");
    let _ = writeln!(out, "| measure | measured | target | met? |");
    let _ = writeln!(out, "|---|---|---|---|");
    for row in rows {
        let met = match &row.met {
            Met::Yes => "yes".to_owned(),
            Met::No(why) => format!("no: {why}"),
            Met::Unknown => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(row.measure),
            cell(&row.measured),
            cell(&row.target),
            cell(&met)
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(out);
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "\nFailed:\n");
        for failure in failures {
            let _ = writeln!(out, "- {}", cell(failure));
        }
    }
    out
}

/// `text` safe inside a table cell or a list item: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rows_notes_and_failures() {
        let rows = [
            Row {
                measure: "GitHub, all features",
                measured: "33.4 s, 3.60 GB".to_owned(),
                target: "≤ 40 s, ≤ 2.5 GB".to_owned(),
                met: Met::No("3.60 GB > 2.5 GB".to_owned()),
            },
            Row {
                measure: "one tag",
                measured: "2.31 s, 0.40 GB".to_owned(),
                target: "≤ 3 s".to_owned(),
                met: Met::Yes,
            },
            Row {
                measure: "ratio",
                measured: "failed (see below)".to_owned(),
                target: "≤ 0.35".to_owned(),
                met: Met::Unknown,
            },
        ];
        let text = render(
            "Targets at abc1234:",
            &rows,
            &["crate only: `cargo check`".to_owned()],
            &["`cargo check` failed | twice\n  see /w/x.log"],
        );
        assert_eq!(
            text,
            "Targets at abc1234:\n\n\
             | measure | measured | target | met? |\n\
             |---|---|---|---|\n\
             | GitHub, all features | 33.4 s, 3.60 GB | ≤ 40 s, ≤ 2.5 GB | no: 3.60 GB > 2.5 GB |\n\
             | one tag | 2.31 s, 0.40 GB | ≤ 3 s | yes |\n\
             | ratio | failed (see below) | ≤ 0.35 | – |\n\
             \n\
             - crate only: `cargo check`\n\
             \n\
             Failed:\n\
             \n\
             - `cargo check` failed \\| twice see /w/x.log\n"
        );
    }
}
