//! One file's bytes → its source text and JSON value tree (serde_yaml and serde_json stay
//! behind this module): the size limit, UTF-8 and the parsers' syntax checks.

use serde_json::Value;

use crate::diagnostic::{Location, SpecErrors};
use crate::source::{error_at, location_of_offset, SourceFile};

/// The largest spec accepted; far above any real one, it keeps memory bounded.
const MAX_SPEC_BYTES: usize = 256 * 1024 * 1024;

/// Reads one file's bytes into its source text and value tree: the size limit, UTF-8 and the
/// parser's syntax checks, each failure located in the file `name`.
pub(crate) fn parse_source(name: &str, bytes: Vec<u8>) -> Result<(SourceFile, Value), SpecErrors> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(SpecErrors::single(error_at(
            name,
            Location { line: 1, column: 1 },
            format!(
                "the spec is {} bytes, more than the {MAX_SPEC_BYTES} this generator reads",
                bytes.len()
            ),
        )));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
        SpecErrors::single(error_at(
            name,
            location_of_offset(&prefix, valid),
            "the file is not valid UTF-8; save it as UTF-8",
        ))
    })?;
    let root = parse_tree(name, &text)?;
    Ok((SourceFile::new(name, text), root))
}

/// A tree as YAML, keys in their order (serde_yaml stays behind this module). Only a tree
/// whose mapping keys are not strings could fail, which JSON trees cannot hold.
pub(crate) fn to_yaml(root: &Value) -> Result<String, String> {
    serde_yaml::to_string(root).map_err(|error| error.to_string())
}

/// JSON goes through serde_json (fast on large specs); anything else is YAML.
pub(crate) fn parse_tree(name: &str, text: &str) -> Result<Value, SpecErrors> {
    let start = Location { line: 1, column: 1 };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|error| {
            let location = json_location(text, error.line(), error.column());
            let message = error.to_string();
            let message = strip_position_suffix(&message);
            SpecErrors::single(error_at(name, location, format!("invalid JSON: {message}")))
        });
    }
    serde_yaml::from_str(text).map_err(|error| {
        let location = error.location().map_or(start, |at| Location {
            line: at.line(),
            column: at.column(),
        });
        let message = error.to_string();
        let advice = if message.contains("repetition limit") || message.contains("recursion limit")
        {
            " (the document nests or repeats aliases too deeply to be a real spec)"
        } else {
            ""
        };
        let message = strip_position_suffix(&message);
        SpecErrors::single(error_at(
            name,
            location,
            format!("invalid YAML: {message}{advice}"),
        ))
    })
}

/// serde_json counts columns in bytes; diagnostics count characters.
fn json_location(text: &str, line: usize, byte_column: usize) -> Location {
    let line = line.max(1);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let column = line_text
        .char_indices()
        .take_while(|(offset, _)| *offset + 1 < byte_column)
        .count();
    Location {
        line,
        column: column + 1,
    }
}

/// serde_json and serde_yaml append " at line L column C", which the diagnostic already says.
fn strip_position_suffix(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |at| &message[..at])
}
