//! `cargo xtask codegen --watch` on a temporary copy of a real spec (the ChatTopic spec as
//! written by hand before the import, `fixtures/chat_topic.yaml`): an edited spec is
//! regenerated within seconds, a broken spec is reported with
//! FILE:LINE:COL and leaves the output untouched, a fixed one (saved the way editors do: a
//! temporary file renamed over the spec) is regenerated again, and SIGINT ends it cleanly.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{snapshot, CHAT_TOPIC_SPEC, XTASK};

/// The generated file the edited description lands in.
const MODEL: &str = "generated/src/models/chat_session_entity.rs";
/// The description edited, as it stands in the spec.
const DESCRIPTION: &str = "The last time the customer's client refetched the data.";
/// Time for the first run (a cold, loaded CI machine); the watcher is ready once it ends.
const START: Duration = Duration::from_secs(60);
/// Time for one change to be noticed and regenerated (about half a second here).
const CHANGE: Duration = Duration::from_secs(15);
/// How often conditions are polled.
const POLL: Duration = Duration::from_millis(20);

/// Text a child wrote to one of its pipes, as far as it has been read.
type Buffer = Arc<Mutex<String>>;

/// The running `codegen --watch`, its output collected by background threads. Dropping it
/// kills the process, so a failing test never leaves a watcher behind.
struct Watcher {
    child: Child,
    stdout: Buffer,
    stderr: Buffer,
    readers: Vec<JoinHandle<()>>,
}

impl Watcher {
    fn start(spec: &Path, out: &Path) -> Self {
        let mut child = Command::new(XTASK)
            .arg("codegen")
            .arg("--watch")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start xtask codegen --watch");
        let (stdout, stderr) = (Buffer::default(), Buffer::default());
        let readers = vec![
            collect(child.stdout.take().expect("piped stdout"), &stdout),
            collect(child.stderr.take().expect("piped stderr"), &stderr),
        ];
        Self {
            child,
            stdout,
            stderr,
            readers,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().expect("stdout buffer").clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// How many runs have finished: each ends with a `watching … for changes` line.
    fn runs(&self) -> usize {
        self.stdout()
            .lines()
            .filter(|line| line.starts_with("watching ") && line.contains(" for changes"))
            .count()
    }

    /// Polls `done` until it holds; fails with everything printed so far after `limit`.
    fn wait_for(&self, what: &str, limit: Duration, done: impl Fn(&Self) -> bool) {
        let started = Instant::now();
        while !done(self) {
            assert!(
                started.elapsed() < limit,
                "timed out after {limit:?} waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until a run after the first `runs` has finished.
    fn wait_for_run_after(&self, runs: usize) {
        self.wait_for("the end of a run", CHANGE, |watcher| watcher.runs() > runs);
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the process to end, then for its
    /// output to be read to the end.
    fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -INT {pid} failed");
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the watcher") {
                break status;
            }
            assert!(
                started.elapsed() < CHANGE,
                "still running {CHANGE:?} after SIGINT\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(POLL);
        };
        for reader in self.readers.drain(..) {
            reader.join().expect("pipe reader");
        }
        status
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Appends everything read from `pipe` to `buffer` as it arrives, on a background thread.
fn collect(mut pipe: impl Read + Send + 'static, buffer: &Buffer) -> JoinHandle<()> {
    let buffer = Arc::clone(buffer);
    std::thread::spawn(move || {
        let mut chunk = [0_u8; 4096];
        while let Ok(read @ 1..) = pipe.read(&mut chunk) {
            let text = String::from_utf8_lossy(&chunk[..read]);
            buffer.lock().expect("output buffer").push_str(&text);
        }
    })
}

/// Saves `text` the way many editors do: into a temporary sibling, renamed over `path`.
fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_file_name(".superoffice.yaml.saving");
    std::fs::write(&temporary, text).expect("write the temporary file");
    std::fs::rename(&temporary, path).expect("rename over the spec");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read a text file")
}

#[test]
fn regenerates_on_change_reports_errors_and_stops_on_ctrl_c() {
    let root = tempfile::tempdir().expect("create a temporary directory");
    let (spec_dir, out) = (root.path().join("spec"), root.path().join("generated"));
    std::fs::create_dir_all(&spec_dir).expect("create spec/");
    let spec = spec_dir.join("superoffice.yaml");
    std::fs::copy(CHAT_TOPIC_SPEC, &spec).expect("copy the spec");
    let model = root.path().join(MODEL);
    let original = read(&spec);
    assert!(
        original.contains(DESCRIPTION),
        "the spec still has the description to edit"
    );

    let mut watcher = Watcher::start(&spec, &out);
    watcher.wait_for("the first run", START, |watcher| watcher.runs() >= 1);
    assert!(
        watcher.stdout().contains("codegen: "),
        "the first run prints its summary:\n{}",
        watcher.stdout()
    );

    // An edit in place is regenerated.
    let runs = watcher.runs();
    let edited = original.replace(DESCRIPTION, "Edited once, the last refetch.");
    std::fs::write(&spec, &edited).expect("edit the spec");
    watcher.wait_for("the edited description in the model", CHANGE, |_| {
        read(&model).contains("Edited once, the last refetch.")
    });
    watcher.wait_for_run_after(runs);
    assert!(
        watcher.stdout().contains("updated ")
            && watcher.stdout().contains("chat_session_entity.rs"),
        "the run names the file it wrote:\n{}",
        watcher.stdout()
    );

    // A YAML error is reported with its position and writes nothing.
    let before = snapshot(&out);
    let runs = watcher.runs();
    let broken_line = edited.lines().count() + 1;
    // The second `:` on one line: serde_yaml points at it (column 10).
    std::fs::write(&spec, format!("{edited}broken: a: b\n")).expect("break the spec");
    let position = format!("superoffice.yaml:{broken_line}:10: error: invalid YAML");
    watcher.wait_for("the YAML error", CHANGE, |watcher| {
        watcher.stderr().contains(&position)
    });
    watcher.wait_for_run_after(runs);
    assert!(
        watcher.stderr().contains("nothing was written"),
        "{}",
        watcher.stderr()
    );
    assert!(
        snapshot(&out) == before,
        "a spec with errors changed the output directory"
    );

    // A fix, saved via a temporary file and a rename, is regenerated again.
    let runs = watcher.runs();
    let fixed = original.replace(DESCRIPTION, "Edited twice, saved by rename.");
    save_by_rename(&spec, &fixed);
    watcher.wait_for("the fixed description in the model", CHANGE, |_| {
        read(&model).contains("Edited twice, saved by rename.")
    });
    watcher.wait_for_run_after(runs);

    // Ctrl-C: the watcher says so and exits 0.
    let status = watcher.interrupt();
    assert!(
        status.success(),
        "exit status {status:?}\nstderr:\n{}",
        watcher.stderr()
    );
    assert!(
        watcher.stdout().trim_end().ends_with("stopped watching"),
        "{}",
        watcher.stdout()
    );
}
