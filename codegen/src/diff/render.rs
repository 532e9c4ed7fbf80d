//! A [`Report`] as text for a terminal, Markdown for a pull request, or JSON for tools.

use std::fmt::Write as _;

use super::report::{Change, Report, Subject};

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, grouped by operation and schema.
    Text,
    /// A summary line and one table, ready to paste into a pull request.
    Markdown,
    /// The report as JSON.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format `{other}`; use markdown, text or json"
            )),
        }
    }
}

pub(super) fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

/// `3 changes (1 breaking, 1 compatible, 1 info); semver: major`.
fn summary(report: &Report) -> String {
    let count = |test: &dyn Fn(&Change) -> bool| report.changes.iter().filter(|c| test(c)).count();
    let breaking = count(&|c| c.impact.breaks_clients || c.impact.breaks_servers);
    let clients = count(&|c| c.impact.breaks_clients);
    let servers = count(&|c| c.impact.breaks_servers);
    let info = count(&|c| c.impact.classification() == "info");
    let compatible = report.changes.len() - breaking - info;
    let total = report.changes.len();
    let plural = if total == 1 { "" } else { "s" };
    match report.semver() {
        None => "no changes".to_owned(),
        Some(semver) => format!(
            "{total} change{plural}: {breaking} breaking ({clients} for clients, {servers} for servers), {compatible} compatible, {info} info; semver: {semver}"
        ),
    }
}

/// `spec/x.yaml:12 → spec/x.yaml:14`, or the one side where the item exists.
fn places(change: &Change) -> String {
    match (&change.base, &change.head) {
        (Some(base), Some(head)) if base == head => head.to_string(),
        (Some(base), Some(head)) => format!("{base} → {head}"),
        (Some(base), None) => format!("{base} (base)"),
        (None, Some(head)) => head.to_string(),
        (None, None) => String::new(),
    }
}

/// `property Rating added`, with the old → new detail when there is one.
fn headline(change: &Change) -> String {
    let mut line = format!("{} {}", change.item, change.kind.verb());
    if let Some(detail) = &change.detail {
        let _ = write!(line, " ({detail})");
    }
    line
}

fn text(report: &Report) -> String {
    let mut out = format!(
        "spec-diff {} → {}: {}\n",
        report.base,
        report.head,
        summary(report)
    );
    let mut current: Option<&Subject> = None;
    for change in &report.changes {
        if current != Some(&change.subject) {
            let _ = writeln!(out, "\n{}", change.subject);
            current = Some(&change.subject);
        }
        let _ = writeln!(out, "  {}", headline(change));
        let _ = writeln!(out, "    rust: {}", change.rust_item);
        let _ = writeln!(
            out,
            "    {} ({}): {}",
            change.impact.classification(),
            change.impact.semver,
            change.impact.reason
        );
        let _ = writeln!(out, "    at {}", places(change));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Text as inline code inside a table cell.
fn code(text: &str) -> String {
    format!("`{}`", cell(text).replace('`', "'"))
}

fn markdown(report: &Report) -> String {
    let mut out = format!(
        "**spec-diff** `{}` → `{}`: {}\n",
        cell(&report.base),
        cell(&report.head),
        summary(report)
    );
    if report.changes.is_empty() {
        return out;
    }
    out.push_str("\n| | Change | Rust item | Impact | Where |\n|---|---|---|---|---|\n");
    let mut current: Option<&Subject> = None;
    for change in &report.changes {
        let subject = if current == Some(&change.subject) {
            String::new()
        } else {
            current = Some(&change.subject);
            format!("**{}**", cell(&change.subject.to_string()))
        };
        let _ = writeln!(
            out,
            "| {subject} | {} | {} | {} ({}): {} | {} |",
            cell(&headline(change)),
            code(&change.rust_item),
            change.impact.classification(),
            change.impact.semver,
            cell(&change.impact.reason),
            code(&places(change)),
        );
    }
    out
}

fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "base": report.base,
        "head": report.head,
        "semver": report.semver(),
        "breaking": report.is_breaking(),
        "changes": report.changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

impl Report {
    /// The report as text, Markdown or JSON.
    pub fn render(&self, format: Format) -> String {
        render(self, format)
    }
}
