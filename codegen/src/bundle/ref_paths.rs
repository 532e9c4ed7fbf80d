//! The file part of an external `$ref`: whether it is a URL, its `%XX` escapes decoded, and how
//! diagnostics name the file it leads to.

use std::path::{Component, Path, PathBuf};

/// Whether a reference is an absolute URL (`https://…`, `file:…`) or network-path
/// reference (`//host/…`) rather than a relative path.
pub(super) fn is_url(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    let end = reference.find([':', '/', '#', '?']);
    match end {
        // A one-letter scheme is a Windows drive (`C:`), not a URL.
        Some(at) if at >= 2 && reference[at..].starts_with(':') => {
            let scheme = &reference[..at];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Decodes `%XX` escapes of a reference's path (`my%20api.yaml` → `my api.yaml`).
pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How diagnostics name the file `relative` names from the file named `referrer`: the
/// referrer's directory joined with it, `.` and `..` resolved lexically (`specs/a.yaml` +
/// `../common.yaml` → `common.yaml`).
pub(super) fn display_name(referrer: &str, relative: &str) -> String {
    let joined = Path::new(referrer)
        .parent()
        .unwrap_or(Path::new(""))
        .join(relative);
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let normalized: PathBuf = parts.iter().collect();
    normalized.to_string_lossy().replace('\\', "/")
}
