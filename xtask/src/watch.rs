//! `cargo xtask codegen --watch`: generate once, then again whenever a file under the spec's
//! directory changes, until Ctrl-C. The workspace's own job imports first (its spec is the
//! import's output), so edits to the vendor documents, `spec/import.toml` or the overlays
//! (all under `spec/`) regenerate too; the import's own write of the spec then starts one
//! more run, which changes nothing.
//!
//! - The spec's *directory* is watched, recursively, not the spec file: an editor that saves by
//!   writing a temporary file and renaming it over the spec replaces the file (a watch on the
//!   old file would go quiet), and files added under the directory count too.
//! - Events are debounced: a burst (truncate, write, close, rename …) becomes one run.
//!   Changes that arrive while a run is in progress start one more run after it.
//! - Only events that can change a file count. inotify also reports every `open`, so without
//!   this filter the generator's own read of the spec would start the next run, forever.
//! - Paths inside the output directory (when it sits under the watched one) and editor scratch
//!   files (swap files, backups) are ignored, so a run never triggers itself.
//! - Ctrl-C (and SIGTERM) only sends a message: a run in progress finishes (files are written
//!   whole, by rename, anyway), then the loop prints `stopped watching` and exits 0.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use codegen::write::Mode;
use notify_debouncer_mini::notify::event::{AccessKind, AccessMode};
use notify_debouncer_mini::notify::{
    self, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind,
};
use notify_debouncer_mini::{new_debouncer_opt, Config, DebounceEventResult, Debouncer};

use crate::codegen::{execute, Job};
use crate::workspace::shown;

/// How long the watched directory must be quiet before a burst of events becomes one run.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// File-name endings of editor scratch files (vim swap files, backups, JetBrains safe-write).
const SCRATCH_SUFFIXES: [&str; 5] = ["~", ".swp", ".swx", "___jb_tmp___", "___jb_old___"];

/// What the watch loop waits for.
enum Signal {
    /// A debounced burst of file events, with the paths they touched.
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem; watching goes on.
    Failed(notify::Error),
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// What the loop does next.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Regenerate.
    Generate,
    /// Say goodbye and exit 0.
    Stop,
    /// Every sender is gone: nothing can arrive any more.
    Lost,
}

/// Where the spec lives and what to ignore, as absolute, symlink-free paths (the form in
/// which the watcher reports events).
struct Watched {
    /// The directory watched, recursively.
    dir: PathBuf,
    /// The spec file inside it (counted even when the output directory contains it).
    spec: PathBuf,
    /// The output directory as given; resolved again for every burst, since the first run
    /// may be what creates it.
    out: PathBuf,
    /// The directory as printed: relative to the workspace root when inside it.
    shown: String,
}

/// Runs `codegen --watch` for `job` until Ctrl-C (exit 0), or fails to set up the watch (exit 1).
pub fn run(job: &Job) -> ExitCode {
    match watch(job) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("codegen --watch: {message}");
            flush();
            ExitCode::FAILURE
        }
    }
}

/// Sets up the watcher and Ctrl-C, generates once, then regenerates per burst of changes.
fn watch(job: &Job) -> Result<(), String> {
    let watched = Watched::new(job)?;
    let (sender, signals) = mpsc::channel();
    on_interrupt(sender.clone())?;
    // Watching starts before the first run, so an edit made during it is not missed.
    let _debouncer = start(&watched.dir, sender)?;
    generate(job, &watched);
    loop {
        match next(&signals, &watched) {
            Next::Generate => generate(job, &watched),
            Next::Stop => break,
            Next::Lost => return Err("the file watcher stopped unexpectedly".to_owned()),
        }
    }
    println!("stopped watching");
    flush();
    Ok(())
}

impl Watched {
    /// Resolves the spec's directory; fails when it does not exist.
    fn new(job: &Job) -> Result<Self, String> {
        let parent = job
            .spec
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let dir = std::fs::canonicalize(parent)
            .map_err(|error| format!("cannot watch {}: {error}", parent.display()))?;
        if !dir.is_dir() {
            return Err(format!(
                "cannot watch {}: not a directory",
                parent.display()
            ));
        }
        let spec = match job.spec.file_name() {
            Some(name) => dir.join(name),
            None => return Err(format!("`{}` names no file", job.spec.display())),
        };
        let shown = format!("{}/", shown(parent).display());
        Ok(Self {
            dir,
            spec,
            out: job.out.clone(),
            shown,
        })
    }

    /// Whether any of `paths` is worth a run: the spec itself, or any other file under the
    /// directory that is neither inside the output directory nor an editor's scratch file.
    fn any_relevant(&self, paths: &[PathBuf]) -> bool {
        let out = resolve(&self.out);
        paths
            .iter()
            .any(|path| *path == self.spec || !(path.starts_with(&out) || is_scratch(path)))
    }
}

/// `path` absolute and without symlinks when it exists, else just absolute.
fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// An editor's swap, lock, backup or safe-write file rather than something a person wrote.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || SCRATCH_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// Routes Ctrl-C (and, on Unix, SIGTERM and SIGHUP) into the loop as [`Signal::Stop`].
fn on_interrupt(sender: Sender<Signal>) -> Result<(), String> {
    ctrlc::set_handler(move || {
        // A failed send means the loop has already ended; there is nobody left to tell.
        let _ = sender.send(Signal::Stop);
    })
    .map_err(|error| format!("cannot handle Ctrl-C: {error}"))
}

/// Starts a debounced, recursive watch of `dir` that sends each burst to `sender`.
fn start(dir: &Path, sender: Sender<Signal>) -> Result<Debouncer<ChangeWatcher>, String> {
    let handler = move |result: DebounceEventResult| {
        let signal = match result {
            Ok(events) => Signal::Changed(events.into_iter().map(|event| event.path).collect()),
            Err(error) => Signal::Failed(error),
        };
        // A failed send means the loop has already ended; there is nobody left to tell.
        let _ = sender.send(signal);
    };
    let config = Config::default().with_timeout(DEBOUNCE);
    let mut debouncer = new_debouncer_opt::<_, ChangeWatcher>(config, handler)
        .map_err(|error| format!("cannot start a file watcher: {error}"))?;
    debouncer
        .watcher()
        .watch(dir, RecursiveMode::Recursive)
        .map_err(|error| format!("cannot watch {}: {error}", dir.display()))?;
    Ok(debouncer)
}

/// Waits for the next burst worth a run, or for the end.
fn next(signals: &Receiver<Signal>, watched: &Watched) -> Next {
    loop {
        let Ok(signal) = signals.recv() else {
            return Next::Lost;
        };
        match signal {
            Signal::Changed(paths) if watched.any_relevant(&paths) => return settle(signals),
            Signal::Changed(_) => {}
            Signal::Failed(error) => report(&error),
            Signal::Stop => return Next::Stop,
        }
    }
}

/// After a relevant burst, folds every burst that follows within [`DEBOUNCE`] of the last one
/// into the same run: the debouncer hands over a save's events in up to two batches (one file
/// may still be settling when another is due), which would otherwise mean two runs per save.
/// A stop arriving meanwhile wins over the run.
fn settle(signals: &Receiver<Signal>) -> Next {
    loop {
        match signals.recv_timeout(DEBOUNCE) {
            Ok(Signal::Stop) => return Next::Stop,
            Ok(Signal::Failed(error)) => report(&error),
            Ok(Signal::Changed(_)) => {}
            Err(RecvTimeoutError::Timeout) => return Next::Generate,
            Err(RecvTimeoutError::Disconnected) => return Next::Lost,
        }
    }
}

/// Prints a watcher error; watching goes on.
fn report(error: &notify::Error) {
    eprintln!("codegen --watch: file watcher error: {error}");
    flush();
}

/// One run: generate and sync (printing what changed, or the spec errors with FILE:LINE:COL;
/// a spec with errors writes nothing), then say that watching goes on.
fn generate(job: &Job, watched: &Watched) {
    let imported = job.import.as_deref().map_or(Ok(()), |config| {
        crate::import::execute(config, Mode::Write).map(|outcome| print!("{}", outcome.output))
    });
    match imported.and_then(|()| execute(job, Mode::Write)) {
        Ok(outcome) => print!("{}", outcome.output),
        Err(message) => {
            eprintln!("{message}");
            flush();
        }
    }
    println!("watching {} for changes (Ctrl-C to stop)", watched.shown);
    flush();
}

/// Pushes both output streams out, so a reader on a pipe sees a run as soon as it ends.
fn flush() {
    // Nothing useful can be done when the terminal or pipe is gone.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// The platform watcher, passing on only events that can change what a file holds or whether
/// it exists. Reads are dropped: inotify reports every `open`, so the generator reading the
/// spec would otherwise trigger the next run, and so on forever.
struct ChangeWatcher(RecommendedWatcher);

/// Whether an event of this kind can change a file: everything but opening, reading and
/// closing without writing.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl Watcher for ChangeWatcher {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let filtered = move |event: notify::Result<Event>| {
            if event.as_ref().map_or(true, |event| is_change(&event.kind)) {
                handler.handle_event(event);
            }
        };
        RecommendedWatcher::new(filtered, config).map(Self)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(dir: &str, out: &str) -> Watched {
        Watched {
            dir: PathBuf::from(dir),
            spec: Path::new(dir).join("api.yaml"),
            out: PathBuf::from(out),
            shown: format!("{dir}/"),
        }
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn ignores_reads_but_not_writes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(
            notify::event::ModifyKind::Any
        )));
        assert!(is_change(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    #[test]
    fn recognizes_editor_scratch_files() {
        for name in [
            ".api.yaml.swp",
            "api.yaml~",
            "#api.yaml#",
            "api.yaml___jb_tmp___",
        ] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        assert!(!is_scratch(Path::new("/s/api.yaml")));
        assert!(!is_scratch(Path::new("/s/docs/page.md")));
    }

    #[test]
    fn ignores_the_output_directory_but_never_the_spec() {
        let nested = watched("/nonexistent-watch/s", "/nonexistent-watch/s/out");
        assert!(!nested.any_relevant(&paths(&["/nonexistent-watch/s/out/src/lib.rs"])));
        assert!(nested.any_relevant(&paths(&[
            "/nonexistent-watch/s/out/src/lib.rs",
            "/nonexistent-watch/s/docs/new.md"
        ])));
        assert!(!nested.any_relevant(&paths(&["/nonexistent-watch/s/.api.yaml.tmp"])));
        let same = watched("/nonexistent-watch/s", "/nonexistent-watch/s");
        assert!(same.any_relevant(&paths(&["/nonexistent-watch/s/api.yaml"])));
        assert!(!same.any_relevant(&paths(&["/nonexistent-watch/s/Cargo.toml"])));
    }

    #[test]
    fn folds_queued_bursts_and_lets_a_stop_win() {
        let (sender, signals) = mpsc::channel();
        let watched = watched("/nonexistent-watch/s", "/nonexistent-watch/out");
        for _ in 0..3 {
            let _ = sender.send(Signal::Changed(paths(&["/nonexistent-watch/s/api.yaml"])));
        }
        assert_eq!(next(&signals, &watched), Next::Generate);
        assert!(signals.try_recv().is_err(), "queued bursts are folded in");
        let _ = sender.send(Signal::Changed(paths(&["/nonexistent-watch/out/x.rs"])));
        let _ = sender.send(Signal::Changed(paths(&["/nonexistent-watch/s/api.yaml"])));
        let _ = sender.send(Signal::Stop);
        assert_eq!(next(&signals, &watched), Next::Stop);
        drop(sender);
        assert_eq!(next(&signals, &watched), Next::Lost);
    }

    #[test]
    fn names_the_workspace_spec_directory_relative_to_the_root() {
        let watched = Watched::new(&Job::workspace()).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(watched.shown, "spec/");
        assert!(watched.spec.ends_with("spec/superoffice.yaml"));
    }

    #[test]
    fn refuses_a_missing_directory() {
        let job = Job::standalone(
            Path::new("/nonexistent-watch/spec/api.yaml"),
            Path::new("/nonexistent-watch/out"),
            None,
        );
        let error = Watched::new(&job).err().unwrap_or_default();
        assert!(
            error.contains("cannot watch /nonexistent-watch/spec"),
            "{error}"
        );
    }
}
