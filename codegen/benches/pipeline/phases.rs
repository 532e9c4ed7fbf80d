//! One divan bench per pipeline phase, each over every spec. A phase's input is prepared
//! untimed: from the cached results of the phases before it, or (for inputs a phase consumes)
//! made afresh for every sample; outputs are dropped outside the timing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;
use std::rc::Rc;

use codegen::loader::{self, Document, ParsedFile};
use codegen::model::Model;
use codegen::write::{self, Mode};
use codegen::{CrateOptions, GeneratedCrate};
use divan::Bencher;
use tempfile::TempDir;

use crate::record::{self, Phase};
use crate::specs::{self, Spec};

/// A spec run through the whole pipeline once: the inputs of the later phases.
pub struct Prepared {
    /// The resolved document (lower's input).
    pub document: Document,
    /// The lowered model (emit's input).
    pub model: Model,
    /// The generated crate (write's input).
    pub generated: GeneratedCrate,
}

thread_local! {
    /// Prepared specs by name. Divan runs benches on the main thread, where `main` prepared
    /// them; another thread would prepare them again, which is slower but the same.
    static PREPARED: RefCell<HashMap<&'static str, Rc<Prepared>>> = RefCell::new(HashMap::new());
}

/// The options every phase generates with.
pub fn options(spec: &Spec) -> CrateOptions {
    CrateOptions {
        command: "cargo bench -p codegen".to_owned(),
        standalone: true,
        ..CrateOptions::new(format!("bench-{}", spec.name.replace('×', "x")), spec.name)
    }
}

/// `spec` through the whole pipeline (cached), or what stopped it.
pub fn prepare(spec: &Spec) -> Result<Rc<Prepared>, String> {
    if let Some(prepared) = PREPARED.with_borrow(|cache| cache.get(spec.name).cloned()) {
        return Ok(prepared);
    }
    let document = loader::load_file(&spec.path, spec.name).map_err(|e| e.to_string())?;
    let lowered = codegen::lower::lower(&document).map_err(|e| e.to_string())?;
    let files = codegen::emit::emit_crate(&lowered.model, &options(spec))?;
    let prepared = Rc::new(Prepared {
        document,
        model: lowered.model,
        generated: GeneratedCrate {
            files,
            warnings: lowered.warnings,
        },
    });
    PREPARED.with_borrow_mut(|cache| cache.insert(spec.name, Rc::clone(&prepared)));
    Ok(prepared)
}

/// The value of a step that succeeded when the spec was prepared; should it fail now, the
/// bench stops with the reason instead of timing an error.
fn or_exit<T, E: Display>(result: Result<T, E>, spec: &Spec, what: &str) -> T {
    result.unwrap_or_else(|error| {
        eprintln!(
            "bench: {what} failed for {} ({}): {error}",
            spec.name,
            spec.path.display()
        );
        std::process::exit(1)
    })
}

/// Output directories written so far: deleted only after every bench, because deleting
/// thousands of files just before writing as many makes ext4 search for free inodes slowly
/// (a fresh write then takes up to ten times as long), which is not what a user's run meets.
static WRITTEN: std::sync::Mutex<Vec<TempDir>> = std::sync::Mutex::new(Vec::new());

/// Keeps `dir` until [`discard_written`].
fn keep(dir: TempDir) {
    if let Ok(mut written) = WRITTEN.lock() {
        written.push(dir);
    }
}

/// Deletes every output directory the benches wrote.
pub fn discard_written() {
    if let Ok(mut written) = WRITTEN.lock() {
        written.clear();
    }
}

/// A fresh, empty output directory.
fn fresh_dir(spec: &Spec) -> TempDir {
    or_exit(
        tempfile::Builder::new().prefix("codegen-bench-").tempdir(),
        spec,
        "creating a temporary directory",
    )
}

/// Reads and parses `spec` (resolve's input).
fn parsed(spec: &Spec) -> ParsedFile {
    or_exit(loader::read_file(&spec.path, spec.name), spec, "loading")
}

/// Load: read and parse.
#[divan::bench(args = specs::all())]
fn load(bencher: Bencher, spec: &'static Spec) {
    bencher.bench_local(|| record::time(spec.name, Phase::Load, || parsed(spec)));
}

/// Resolve: version check, external references, Swagger conversion.
#[divan::bench(args = specs::all())]
fn resolve(bencher: Bencher, spec: &'static Spec) {
    bencher
        .with_inputs(|| parsed(spec))
        .bench_local_values(|file| {
            let document = record::time(spec.name, Phase::Resolve, || loader::resolve(file));
            or_exit(document, spec, "resolving")
        });
}

/// Lower: document → model.
#[divan::bench(args = specs::all())]
fn lower(bencher: Bencher, spec: &'static Spec) {
    let prepared = or_exit(prepare(spec), spec, "preparing");
    bencher.bench_local(|| {
        let lowered = record::time(spec.name, Phase::Lower, || {
            codegen::lower::lower(&prepared.document)
        });
        or_exit(lowered, spec, "lowering")
    });
}

/// Emit: model → token streams, on one thread.
#[divan::bench(args = specs::all())]
fn emit(bencher: Bencher, spec: &'static Spec) {
    let prepared = or_exit(prepare(spec), spec, "preparing");
    let options = options(spec);
    bencher.bench_local(|| {
        record::time(spec.name, Phase::Emit, || {
            codegen::emit::emit_tokens(&prepared.model, &options)
        })
    });
}

/// Print: token streams → formatted text, on one thread.
#[divan::bench(args = specs::all())]
fn print(bencher: Bencher, spec: &'static Spec) {
    let prepared = or_exit(prepare(spec), spec, "preparing");
    let options = options(spec);
    bencher
        .with_inputs(|| codegen::emit::emit_tokens(&prepared.model, &options))
        .bench_local_values(|(files, header)| {
            let printed = record::time(spec.name, Phase::Print, || {
                codegen::emit::print_files(files, &header)
            });
            or_exit(printed, spec, "printing")
        });
}

/// Write: every file into a fresh directory.
#[divan::bench(args = specs::all())]
fn write(bencher: Bencher, spec: &'static Spec) {
    let prepared = or_exit(prepare(spec), spec, "preparing");
    bencher
        .with_inputs(|| fresh_dir(spec))
        .bench_local_values(|dir| {
            let report = record::time(spec.name, Phase::Write, || {
                write::sync(dir.path(), &prepared.generated, Mode::Write)
            });
            or_exit(report, spec, "writing");
            keep(dir);
        });
}

/// End to end: `codegen::generate` (emit and print on every core) and write, into a fresh
/// directory.
#[divan::bench(args = specs::all())]
fn end_to_end(bencher: Bencher, spec: &'static Spec) {
    let options = options(spec);
    bencher
        .with_inputs(|| fresh_dir(spec))
        .bench_local_values(|dir| {
            let result = record::time(spec.name, Phase::EndToEnd, || {
                let generated =
                    codegen::generate(&spec.path, &options).map_err(|e| e.to_string())?;
                write::sync(dir.path(), &generated, Mode::Write).map_err(|e| e.to_string())
            });
            or_exit(result, spec, "generating");
            keep(dir);
        });
}
