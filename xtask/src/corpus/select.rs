//! Finding the specs under the directory, sampling them, naming their crates and reading
//! the version each declares.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::row::Spec;

/// The prefix of every member crate's name, so no member is named like a dependency.
const CRATE_PREFIX: &str = "corpus-";

/// Collects `(relative name, path)` of every `*.json`, `*.yaml` and `*.yml` file under `dir`.
/// Symlinked directories are not followed (they could loop); they are listed as skipped.
pub(super) fn find_specs(
    base: &Path,
    dir: &Path,
    found: &mut Vec<(String, PathBuf)>,
    skipped: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let relative = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if kind.is_dir() {
            find_specs(base, &path, found, skipped)?;
        } else if kind.is_symlink() && path.is_dir() {
            skipped.push(format!("{relative} (a symlinked directory, not followed)"));
        } else if path.is_file() && is_spec_file(&path) {
            found.push((relative, path));
        }
    }
    Ok(())
}

pub(super) fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "json" | "yaml" | "yml"))
}

/// A deterministic sample of `n` files: each is ranked by a seeded hash of its name (stable
/// across platforms and Rust versions), the first `n` are kept, in name order.
pub(super) fn sample(files: Vec<(String, PathBuf)>, n: usize, seed: u64) -> Vec<(String, PathBuf)> {
    let mut ranked: Vec<(u64, (String, PathBuf))> = files
        .into_iter()
        .map(|file| (seeded_hash(seed, &file.0), file))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1 .0.cmp(&b.1 .0)));
    let mut picked: Vec<(String, PathBuf)> =
        ranked.into_iter().take(n).map(|(_, file)| file).collect();
    picked.sort_by(|a, b| a.0.cmp(&b.0));
    picked
}

/// FNV-1a over the seed and the text, finished with splitmix64 so that nearby names spread.
pub(super) fn seeded_hash(seed: u64, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.to_le_bytes().iter().chain(text.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Gives every file a unique, valid crate name and reads its declared version.
pub(super) fn name_crates(files: Vec<(String, PathBuf)>) -> Vec<Spec> {
    let mut taken = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|(name, path)| {
            let base = crate_name_for(&name);
            let mut crate_name = base.clone();
            let mut n = 2;
            while !taken.insert(crate_name.clone()) {
                crate_name = format!("{base}-{n}");
                n += 1;
            }
            let version = std::fs::read(&path)
                .map(|bytes| sniff_version(&String::from_utf8_lossy(&bytes)))
                .unwrap_or_else(|_| "?".to_owned());
            Spec {
                path,
                name,
                version,
                crate_name,
            }
        })
        .collect()
}

/// `api/googleapis.com/drive.json` → `corpus-api-googleapis-com-drive`, at most 64 characters
/// (long names keep a hash of the whole name so they stay distinct).
pub(super) fn crate_name_for(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_ascii_lowercase();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut crate_name = format!("{CRATE_PREFIX}{}", words.join("-"));
    if words.is_empty() {
        crate_name.push_str("spec");
    }
    // Leave room for a `-N` suffix added on collisions.
    if crate_name.len() > 56 {
        crate_name.truncate(47);
        let _ = write!(crate_name, "-{:08x}", seeded_hash(0, name) as u32);
    }
    crate_name
}

/// The version a spec declares: the value of its top-level `openapi` or `swagger` key, read
/// from the text without parsing it (the loader decides what it accepts; this only labels).
pub(super) fn sniff_version(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let found = if text.trim_start().starts_with('{') {
        ["\"openapi\"", "\"swagger\""]
            .iter()
            .filter_map(|key| json_string_after(text, key))
            .min_by_key(|(at, _)| *at)
    } else {
        text.lines().enumerate().find_map(|(at, line)| {
            ["openapi", "swagger"].iter().find_map(|key| {
                let rest = line
                    .strip_prefix(key)
                    .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                    .or_else(|| line.strip_prefix(&format!("'{key}'")))?;
                let value = rest.trim_start().strip_prefix(':')?;
                let value = value.split(" #").next().unwrap_or("").trim();
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                Some((at, value.to_owned()))
            })
        })
    };
    match found {
        Some((_, version)) if !version.is_empty() && version.len() <= 16 => version,
        _ => "?".to_owned(),
    }
}

/// The first `"key": "value"` in JSON text: (offset, value).
pub(super) fn json_string_after(text: &str, key: &str) -> Option<(usize, String)> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(key) {
        let at = from + offset;
        let rest = text[at + key.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix(':') {
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                if let Some(end) = rest.find('"') {
                    return Some((at, rest[..end].to_owned()));
                }
            }
        }
        from = at + key.len();
    }
    None
}
