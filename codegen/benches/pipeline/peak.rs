//! Peak memory of the end-to-end pipeline: the bench binary runs itself again as a child that
//! generates and writes one spec and prints its peak resident set size (`VmHWM` from
//! `/proc/self/status`, Linux only), so the parent's caches never count.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::write::{self, Mode};

use crate::phases;
use crate::specs::Spec;

/// Set (to the spec's path) in the child's environment.
const SPEC_VAR: &str = "CODEGEN_BENCH_PEAK_SPEC";
/// Set (to the spec's name) in the child's environment.
const NAME_VAR: &str = "CODEGEN_BENCH_PEAK_NAME";
/// The line the child prints: `peak-kib N seconds S`.
const REPORT: &str = "peak-kib";

/// One child's measurement.
#[derive(Clone, Copy, Debug)]
pub struct Peak {
    /// Peak resident set size, KiB.
    pub kib: u64,
    /// Wall time of generate + write in the child, seconds.
    pub seconds: f64,
}

/// In the child (the environment names a spec): runs the pipeline, prints the report and
/// returns the exit code. `None` in the parent.
pub fn child_main() -> Option<i32> {
    let path = PathBuf::from(std::env::var_os(SPEC_VAR)?);
    let name = std::env::var(NAME_VAR).unwrap_or_else(|_| path.display().to_string());
    Some(match child(&path, &name) {
        Ok(peak) => {
            println!("{REPORT} {} seconds {}", peak.kib, peak.seconds);
            0
        }
        Err(message) => {
            eprintln!("bench: peak-memory child for {name}: {message}");
            1
        }
    })
}

/// Generates and writes the spec at `path` into a temporary directory.
fn child(path: &Path, name: &str) -> Result<Peak, String> {
    let spec = Spec {
        name: "peak",
        path: path.to_path_buf(),
        bytes: 0,
    };
    let mut options = phases::options(&spec);
    options.spec_name = name.to_owned();
    let dir = tempfile::Builder::new()
        .prefix("codegen-bench-peak-")
        .tempdir()
        .map_err(|error| format!("cannot create a temporary directory: {error}"))?;
    let start = Instant::now();
    let generated = codegen::generate(path, &options).map_err(|error| error.to_string())?;
    write::sync(dir.path(), &generated, Mode::Write).map_err(|error| error.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|error| format!("cannot read /proc/self/status (Linux only): {error}"))?;
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or("/proc/self/status has no VmHWM line")?;
    Ok(Peak { kib, seconds })
}

/// Runs the child for `spec` and reads its report.
pub fn measure(spec: &Spec) -> Result<Peak, String> {
    let exe = std::env::current_exe()
        .map_err(|error| format!("cannot find the bench binary: {error}"))?;
    let output = Command::new(exe)
        .env(SPEC_VAR, &spec.path)
        .env(NAME_VAR, spec.name)
        .output()
        .map_err(|error| format!("cannot run the bench binary again: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = stdout
        .lines()
        .find_map(|line| line.strip_prefix(REPORT))
        .ok_or_else(|| {
            format!(
                "the child printed no report ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )
        })?;
    let mut words = report.split_whitespace();
    let kib = words.next().and_then(|kib| kib.parse().ok());
    let seconds = words.nth(1).and_then(|seconds| seconds.parse().ok());
    match (kib, seconds) {
        (Some(kib), Some(seconds)) => Ok(Peak { kib, seconds }),
        _ => Err(format!("the child's report `{report}` is malformed")),
    }
}
