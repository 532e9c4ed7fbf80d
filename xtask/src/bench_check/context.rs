//! Where and at what a run happens, for the table's heading and notes: the workspace's commit
//! and the file system the generators write to.

use std::path::Path;
use std::process::Command;

/// `abc1234` (HEAD's short hash), with `+ uncommitted changes` when tracked files differ;
/// `unknown commit` outside git.
pub fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let Some(hash) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown commit".to_owned();
    };
    match git(&["status", "--porcelain", "--untracked-files=no"]) {
        Some(changes) if changes.is_empty() => hash,
        _ => format!("{hash} + uncommitted changes"),
    }
}

/// The file system type of `path` (`ext4`, `tmpfs`), from `/proc/self/mounts`.
pub fn filesystem(path: &Path) -> Option<String> {
    let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
    let path = path.canonicalize().ok()?;
    filesystem_in(&mounts, &path)
}

/// The type of the deepest mount in `mounts` (the format of `/proc/self/mounts`) holding `path`.
fn filesystem_in(mounts: &str, path: &Path) -> Option<String> {
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let _device = fields.next()?;
            let point = fields.next()?.replace("\\040", " ");
            let kind = fields.next()?;
            path.starts_with(&point)
                .then(|| (point.len(), kind.to_owned()))
        })
        // The last of equally deep mounts is the one on top.
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_mount_holding_a_path() {
        let mounts = "\
/dev/vda / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
tmpfs /tmpx tmpfs rw 0 0
/dev/vdb /work/my\\040disk xfs rw 0 0
";
        let kind = |path: &str| filesystem_in(mounts, Path::new(path));
        assert_eq!(kind("/tmp/x").as_deref(), Some("tmpfs"));
        assert_eq!(kind("/tmpfoo/x").as_deref(), Some("ext4"));
        assert_eq!(kind("/work/my disk/a").as_deref(), Some("xfs"));
        assert_eq!(kind("/home").as_deref(), Some("ext4"));
        assert_eq!(filesystem_in("", Path::new("/")), None);
    }

    #[test]
    fn this_machines_root_has_a_file_system() {
        assert!(filesystem(Path::new("/")).is_some());
    }
}
