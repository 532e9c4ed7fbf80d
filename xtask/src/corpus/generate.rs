//! Generating every spec into its member crate of the temporary workspace, on worker
//! threads, where an error or even a generator panic becomes that spec's failure.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Instant;

use codegen::write::{self, Mode};
use codegen::CrateOptions;

use super::causes::{generator_pattern, pattern};
use super::row::{Failure, Generated, Spec};
use crate::progress::Progress;

/// Worker threads get a large stack: deeply nested specs must not overflow it.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Generates every spec on `jobs` threads, writing each member crate as soon as it is done.
pub(super) fn generate_all(
    specs: &[Spec],
    root: &Path,
    dir: &Path,
    jobs: usize,
    progress: &Progress,
) -> Vec<Generated> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Generated>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(specs.len()).collect());
    let (done, finished) = mpsc::channel::<String>();
    // A panic must not print over the table: the hook keeps its message for the row.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(specs.len()).max(1) {
            let done = done.clone();
            let (next, results) = (&next, &results);
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(spec) = specs.get(i) else { break };
                    let generated = generate_one(spec, root, dir);
                    let line = format!("{} ({:.1}s)", spec.name, generated.seconds);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(generated);
                    }
                    let _ = done.send(line);
                });
            if let Err(error) = spawned {
                progress.line(&format!("corpus: cannot start a generator thread: {error}"));
            }
        }
        drop(done);
        for (count, line) in finished.iter().enumerate() {
            progress.update(&format!("generated {}/{}: {line}", count + 1, specs.len()));
        }
    });
    panic::set_hook(previous_hook);
    progress.finish();
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| Generated {
                outcome: Err(Failure {
                    cause: "corpus: not generated (no generator thread ran)".to_owned(),
                    first: "no generator thread ran".to_owned(),
                }),
                seconds: 0.0,
            })
        })
        .collect()
}

thread_local! {
    /// The message of the last panic on this thread, kept by the panic hook.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Generates one spec into `root/<crate name>`; never panics.
pub(super) fn generate_one(spec: &Spec, root: &Path, dir: &Path) -> Generated {
    let started = Instant::now();
    let options = CrateOptions {
        command: format!("cargo xtask corpus {}", dir.display()),
        ..CrateOptions::new(&spec.crate_name, &spec.name)
    };
    let outcome = match guarded(|| codegen::generate(&spec.path, &options)) {
        Ok(Ok(generated)) => write::sync(&root.join(&spec.crate_name), &generated, Mode::Write)
            .map(|_| {
                generated
                    .warnings
                    .iter()
                    .map(|warning| generator_pattern(warning.message.lines().next().unwrap_or("")))
                    .collect()
            })
            .map_err(|error| Failure {
                cause: format!("write: {}", pattern(&error.to_string())),
                first: format!("cannot write the crate: {error}"),
            }),
        Ok(Err(errors)) => {
            let first = errors
                .errors
                .first()
                .map_or_else(|| "unknown error".to_owned(), |e| e.message.clone());
            let first = first.lines().next().unwrap_or("").to_owned();
            Err(Failure {
                cause: format!("codegen: {}", generator_pattern(&first)),
                first: errors.errors.first().map_or(first, |e| {
                    e.to_string().lines().next().unwrap_or("").to_owned()
                }),
            })
        }
        Err(message) => Err(Failure {
            cause: format!("PANIC (a generator bug): {}", pattern(&message)),
            first: message,
        }),
    };
    Generated {
        outcome,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Runs `work`; a panic becomes its message (with its location when the hook of
/// [`generate_all`] saw it).
pub(super) fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Writes `contents` to `path` unless it already holds exactly that.
pub(super) fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}
