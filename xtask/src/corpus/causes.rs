//! Turning an error message into a groupable cause: specifics blanked out, one bounded line,
//! and its family.

/// Causes are cut to this many characters so that one cause is one line.
pub(super) const CAUSE_WIDTH: usize = 140;

/// A message with its specifics blanked out, so that failures group by kind: `backticked`
/// and "quoted" parts become `…` (OpenAPI keywords stay), and the result is one line of
/// bounded length.
pub(super) fn pattern(message: &str) -> String {
    blank(message, |inner| KEYWORDS.contains(&inner))
}

/// Like [`pattern`] for the generator's messages, which also keep Rust paths
/// (`serde_json::Value`): they name what a construct became, not a spec's own names.
pub(super) fn generator_pattern(message: &str) -> String {
    blank(message, |inner| {
        KEYWORDS.contains(&inner) || inner.contains("::")
    })
}

/// OpenAPI and JSON Schema keywords: kept in patterns, since they say what kind of thing failed.
pub(super) const KEYWORDS: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "discriminator",
    "additionalProperties",
    "properties",
    "items",
    "type",
    "format",
    "enum",
    "const",
    "nullable",
    "$ref",
    "required",
    "readOnly",
    "writeOnly",
    "default",
    "pattern",
    "openapi",
    "swagger",
    "paths",
    "components",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "style",
    "explode",
    "security",
    "securitySchemes",
    "servers",
    "callbacks",
    "links",
    "webhooks",
    "x-flags",
];

pub(super) fn blank(message: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                    inner.push(d);
                }
                if closed && keep(&inner) {
                    out.push(c);
                    out.push_str(&inner);
                    out.push(c);
                } else if closed && c == '`' {
                    out.push_str("`…`");
                } else if closed {
                    // A quoted value is a literal like a bare one: `default "x"` ~ `default 0`.
                    out.push('…');
                } else {
                    out.push(c);
                    out.push_str(&inner);
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    // Bare literals (`default 0`, `found true`, `Swagger 2.0`, `[…,…]`) and JSON pointers
    // (`#/components/…`) are specifics too.
    let mut out = out
        .split(' ')
        .map(|word| {
            let core = word.trim_matches(|c: char| ",;:()".contains(c));
            let literal = matches!(core.trim_matches(['[', ']']), "true" | "false" | "null")
                || core.starts_with("#/")
                || (core.chars().any(|c| c.is_ascii_digit() || c == '…')
                    && core
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".-…,[]{}".contains(c)));
            if literal && !core.is_empty() {
                word.replacen(core, "…", 1)
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > CAUSE_WIDTH {
        out = out.chars().take(CAUSE_WIDTH - 1).collect();
        out.push('…');
    }
    out
}

/// The kind of a cause: its source (`codegen`, `rustc E0308`, …) and its text up to the first
/// `:` or `;` (`codegen: default … does not fit the schema`).
pub(super) fn family(cause: &str) -> String {
    match cause.split_once(": ") {
        Some((source, text)) => {
            let head = text.split([':', ';']).next().unwrap_or(text).trim_end();
            format!("{source}: {head}")
        }
        None => cause.to_owned(),
    }
}
