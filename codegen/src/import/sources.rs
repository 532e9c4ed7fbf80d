//! The vendor documents: every `*.json` of each configured directory, by file name, loaded
//! (Swagger 2.0 converted) on as many threads as there are cores.

use std::path::PathBuf;

use super::config::Config;
use crate::diagnostic::SpecErrors;
use crate::loader::{self, Document};

/// One vendor document.
#[derive(Debug)]
pub struct Source {
    /// Where it was read from.
    pub path: PathBuf,
    /// How diagnostics name it (relative to the workspace, like the configuration).
    pub name: String,
    /// Its tag: the file name without the configured prefix and `.json`.
    pub tag: String,
    /// The document, converted to OpenAPI 3.0, every node located in the file.
    pub document: Document,
}

/// Loads every document the configuration names, in order; fails with every error found.
pub fn load(config: &Config) -> Result<Vec<Source>, SpecErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for source in &config.sources {
        let dir = config.dir.join(&source.value);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) => {
                let shown = config.display_name(&source.value);
                errors.push(config.error(source, format!("cannot read {shown}: {error}")));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        if paths.is_empty() {
            let shown = config.display_name(&source.value);
            errors.push(config.error(source, format!("{shown} holds no `.json` document")));
        }
        paths.sort();
        for path in paths {
            let file = path.file_name().map(PathBuf::from).unwrap_or_default();
            let name = config.display_name(&source.value.join(&file));
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let tag = stem
                .strip_prefix(&config.tag_prefix)
                .unwrap_or(stem)
                .to_owned();
            files.push((path, name, tag));
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = files.len().div_ceil(threads).max(1);
    let loaded: Vec<Result<Document, SpecErrors>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(path, name, _)| loader::load_file(path, name))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker.join().unwrap_or_else(|_| {
                    vec![Err(SpecErrors::single(config.error_at_start(
                        "internal error: a loading thread panicked",
                    )))]
                })
            })
            .collect()
    });
    let mut documents = Vec::with_capacity(files.len());
    for ((path, name, tag), document) in files.into_iter().zip(loaded) {
        match document {
            Ok(document) => documents.push(Source {
                path,
                name,
                tag,
                document,
            }),
            Err(e) => errors.extend(e.errors),
        }
    }
    if errors.is_empty() {
        Ok(documents)
    } else {
        Err(SpecErrors { errors })
    }
}
