//! Errors and warnings about a spec, each naming the file, line, column and JSON pointer.

use std::fmt;

use crate::pointer::JsonPointer;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot go on; nothing is written.
    Error,
    /// The spec is valid but something was generated less precisely than it could be.
    Warning,
}

/// What a diagnostic is about: warnings of one cause are counted together, so that one defect
/// repeated a thousand times reads as one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Cause {
    /// A security requirement names a scheme the document does not declare.
    UndeclaredSecurityScheme,
    /// A schema `$ref` points at nothing.
    DanglingRef,
    /// A `default` does not fit its schema's type.
    MisfitDefault,
    /// An `enum` lists a value more than once.
    RepeatedEnumValue,
    /// A path the server router cannot serve, or serves for another operation.
    UnservedRoute,
    /// A parameter OpenAPI says to ignore.
    IgnoredParameter,
    /// A specification extension the generator reads (`x-rust-name`) whose value it cannot use.
    IgnoredExtension,
    /// A construct generated less precisely than the spec describes it.
    Imprecise,
    /// An error, or anything else.
    Other,
}

impl Cause {
    /// A short name for summaries (`3,317 undeclared security scheme`).
    pub fn label(self) -> &'static str {
        match self {
            Cause::UndeclaredSecurityScheme => "undeclared security scheme",
            Cause::DanglingRef => "`$ref` to nothing",
            Cause::MisfitDefault => "`default` that does not fit",
            Cause::RepeatedEnumValue => "repeated `enum` value",
            Cause::UnservedRoute => "route not served",
            Cause::IgnoredParameter => "ignored parameter",
            Cause::IgnoredExtension => "ignored extension",
            Cause::Imprecise => "generated less precisely",
            Cause::Other => "other",
        }
    }
}

/// A 1-based line and column (in characters) in a spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// One problem found in a spec.
///
/// Displays as `FILE:LINE:COL: error: WHAT (at POINTER)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub cause: Cause,
    /// The spec file as the user named it.
    pub file: String,
    /// Where in the file; the start of the file when nothing more precise is known.
    pub location: Location,
    /// The JSON pointer of the offending node, when the problem concerns one.
    pub pointer: Option<JsonPointer>,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.file, self.location.line, self.location.column, self.message
        )?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

/// A diagnostic not located yet: lowering collects these and locates them all at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlocated {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub cause: Cause,
    /// The node concerned, in the assembled document.
    pub pointer: JsonPointer,
    /// What is wrong and what to do.
    pub message: String,
}

/// Warnings of one cause and message: the first in file order, and how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarningGroup<'a> {
    /// The first occurrence, in file order.
    pub first: &'a Diagnostic,
    /// How many warnings say the same thing.
    pub count: usize,
}

impl fmt::Display for WarningGroup<'_> {
    /// The first occurrence, then `(N places)` when the warning repeats.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first)?;
        if self.count > 1 {
            write!(f, " ({} places; `--warnings all` lists each)", self.count)?;
        }
        Ok(())
    }
}

/// `warnings` grouped by cause and message, each group in file order of its first occurrence.
pub fn group_warnings(warnings: &[Diagnostic]) -> Vec<WarningGroup<'_>> {
    let mut by_message: std::collections::HashMap<(Cause, &str), usize> =
        std::collections::HashMap::new();
    let mut groups: Vec<WarningGroup<'_>> = Vec::new();
    for warning in warnings {
        let key = (warning.cause, warning.message.as_str());
        match by_message.get(&key) {
            Some(&index) => {
                let group = &mut groups[index];
                group.count += 1;
                if (&warning.file, warning.location) < (&group.first.file, group.first.location) {
                    group.first = warning;
                }
            }
            None => {
                by_message.insert(key, groups.len());
                groups.push(WarningGroup {
                    first: warning,
                    count: 1,
                });
            }
        }
    }
    groups
        .sort_by(|a, b| (&a.first.file, a.first.location).cmp(&(&b.first.file, b.first.location)));
    groups
}

/// How many of `warnings` each cause has, most frequent first (ties in [`Cause`] order).
pub fn count_by_cause(warnings: &[Diagnostic]) -> Vec<(Cause, usize)> {
    let mut counts: std::collections::BTreeMap<Cause, usize> = std::collections::BTreeMap::new();
    for warning in warnings {
        *counts.entry(warning.cause).or_default() += 1;
    }
    let mut counts: Vec<(Cause, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// `6,634 undeclared security scheme, 2 `$ref` to nothing`: the warnings counted by cause.
pub fn summarize_causes(warnings: &[Diagnostic]) -> String {
    count_by_cause(warnings)
        .iter()
        .map(|(cause, count)| format!("{} {}", thousands(*count), cause.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `3317` → `3,317`.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Every error found in a spec (at least one), in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecErrors {
    /// The errors, sorted by file and location.
    pub errors: Vec<Diagnostic>,
}

impl SpecErrors {
    /// Wraps a single error.
    pub fn single(error: Diagnostic) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(cause: Cause, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            cause,
            file: "api.json".to_owned(),
            location: Location { line, column: 1 },
            pointer: None,
            message: message.to_owned(),
        }
    }

    #[test]
    fn warnings_group_by_message_from_their_first_place_in_the_file() {
        let warnings = [
            warning(Cause::UndeclaredSecurityScheme, 9, "scheme `a`"),
            warning(Cause::DanglingRef, 5, "schema `X`"),
            warning(Cause::UndeclaredSecurityScheme, 2, "scheme `a`"),
            warning(Cause::UndeclaredSecurityScheme, 4, "scheme `b`"),
        ];
        let groups: Vec<String> = group_warnings(&warnings)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            groups,
            [
                "api.json:2:1: warning: scheme `a` (2 places; `--warnings all` lists each)",
                "api.json:4:1: warning: scheme `b`",
                "api.json:5:1: warning: schema `X`",
            ]
        );
        assert_eq!(
            summarize_causes(&warnings),
            "3 undeclared security scheme, 1 `$ref` to nothing"
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3317), "3,317");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
