//! What the xtask integration tests share: running the xtask binary and reading its output,
//! the workspace's own paths, and copies and snapshots of directories.

// Every test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The xtask binary cargo built for these tests.
pub const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
/// The workspace root.
pub const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// The ChatTopic spec as written by hand before the import: small and real, for the tests
/// that edit a spec and regenerate it (the workspace's own spec is 10 MB).
pub const CHAT_TOPIC_SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/chat_topic.yaml"
);

/// Runs `xtask ARGS…` in the current directory and waits for it.
pub fn xtask(args: &[&str]) -> Output {
    Command::new(XTASK)
        .args(args)
        .output()
        .expect("run the xtask binary")
}

/// Runs `xtask ARGS…` in `dir` and waits for it.
pub fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(XTASK)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run the xtask binary")
}

/// Output bytes as text (lossy: a test's message must show even broken UTF-8).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` (by its path relative to `dir`) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("list a snapshot directory") {
            let path = entry.expect("read a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read a snapshot file");
                let relative = path.strip_prefix(dir).expect("entries lie under the root");
                files.insert(relative.to_path_buf(), bytes);
            }
        }
    }
    files
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a copy directory");
    for entry in std::fs::read_dir(from).expect("list a directory to copy") {
        let entry = entry.expect("read a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("read an entry's type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
