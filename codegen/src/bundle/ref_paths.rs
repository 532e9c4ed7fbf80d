//! The file part of an external `$ref`: whether it is a URL, and how diagnostics name the file
//! it leads to (its `%XX` escapes are decoded by `pointer::percent_decode`).

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
