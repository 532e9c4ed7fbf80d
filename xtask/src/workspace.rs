//! Where this workspace is, and how paths inside it are shown.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `dir` relative to the workspace root when inside it (shorter, machine-independent lines).
pub fn shown(dir: &Path) -> PathBuf {
    let root = workspace_root();
    dir.strip_prefix(&root)
        .map_or_else(|_| dir.to_path_buf(), Path::to_path_buf)
}
