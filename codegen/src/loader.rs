//! Reads a spec file into a JSON value tree (parsing its text is `parse`'s job).
//!
//! Refuses what cannot be an OpenAPI document before any lowering starts: bytes that are not
//! UTF-8, syntax errors, alias bombs and absurd nesting (both parsers have limits for these),
//! empty or non-mapping documents and documents of other OpenAPI versions. A spec read from a
//! file has its relative external `$ref`s brought in (`bundle`); a Swagger 2.0 document is
//! converted into OpenAPI 3.0 (`convert`). Either way the [`Origins`] of the result still name
//! the file, line and column each node was written at.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location, Severity, SpecErrors};
use crate::origins::Origins;
use crate::parse::{parse_source, parse_tree};
use crate::pointer::JsonPointer;
use crate::source::{error_at, SourceFile};
use crate::{bundle, convert};

/// A parsed spec: its value tree and the files it came from (for diagnostics).
#[derive(Debug)]
pub struct Document {
    /// The files the document came from, and where each part of the tree sits in them.
    pub origins: Origins,
    /// The parsed document; mapping keys keep their file order.
    pub root: Value,
    /// The OpenAPI version the document declares.
    pub version: OpenApiVersion,
}

impl Document {
    /// The root file.
    pub fn source(&self) -> &SourceFile {
        self.origins.primary()
    }

    /// An error about the node at `pointer`, in the file and at the place it came from.
    pub fn error(&self, pointer: &JsonPointer, message: impl Into<String>) -> Diagnostic {
        self.origins.diagnostic(Severity::Error, pointer, message)
    }

    /// A warning about the node at `pointer`.
    pub fn warning(&self, pointer: &JsonPointer, message: impl Into<String>) -> Diagnostic {
        self.origins.diagnostic(Severity::Warning, pointer, message)
    }

    /// The file name and position of the node at `pointer`.
    pub fn locate(&self, pointer: &JsonPointer) -> (&str, Location) {
        self.origins.locate(pointer)
    }
}

/// The OpenAPI versions the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// OpenAPI 3.0.x: `nullable: true`, `exclusiveMinimum` as a flag.
    V3_0,
    /// OpenAPI 3.1.x: JSON Schema 2020-12, `type: [T, "null"]`.
    V3_1,
}

/// Reads and parses the spec at `path`; `name` is how diagnostics and headers name it.
///
/// Relative external `$ref`s are resolved against the directory of the file that holds them
/// (the files they name are diagnosed under `name`'s directory joined with the reference); a
/// Swagger 2.0 document is converted into OpenAPI 3.0.
pub fn load_file(path: &Path, name: &str) -> Result<Document, SpecErrors> {
    resolve(read_file(path, name)?)
}

/// A spec file read and parsed, its references not yet followed (the load phase).
#[derive(Debug)]
pub struct ParsedFile {
    source: SourceFile,
    root: Value,
    path: PathBuf,
}

/// Reads and parses the spec at `path` (the load phase of [`load_file`]).
pub fn read_file(path: &Path, name: &str) -> Result<ParsedFile, SpecErrors> {
    let start = Location { line: 1, column: 1 };
    let bytes = std::fs::read(path).map_err(|error| {
        SpecErrors::single(error_at(
            name,
            start,
            format!("cannot read the spec file: {error}"),
        ))
    })?;
    let (source, root) = parse_source(name, bytes)?;
    Ok(ParsedFile {
        source,
        root,
        path: path.to_path_buf(),
    })
}

/// Checks the version, reads the files external `$ref`s name and converts Swagger 2.0 (the
/// resolve phase of [`load_file`]).
pub fn resolve(parsed: ParsedFile) -> Result<Document, SpecErrors> {
    assemble(parsed.source, parsed.root, Some(&parsed.path))
}

/// Parses spec bytes; `name` is how diagnostics and headers name the file.
///
/// The document stands alone: an external `$ref` is an error, since there is no directory to
/// resolve it against (use [`load_file`]). Swagger 2.0 is converted.
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Result<Document, SpecErrors> {
    let (source, root) = parse_source(name, bytes)?;
    assemble(source, root, None)
}

/// Parses spec text; `name` is how diagnostics and headers name the file.
///
/// Like [`load_bytes`]: external `$ref`s are refused, Swagger 2.0 is converted.
pub fn load_str(name: &str, text: String) -> Result<Document, SpecErrors> {
    let root = parse_tree(name, &text)?;
    assemble(SourceFile::new(name, text), root, None)
}

/// Checks the version of a parsed root file, brings in the files its external `$ref`s name
/// (only when it was read from `path`) and converts Swagger 2.0.
fn assemble(source: SourceFile, root: Value, path: Option<&Path>) -> Result<Document, SpecErrors> {
    let format = check_version(&source, &root)?;
    let mut origins = Origins::single(source);
    let root = bundle::bundle(root, &mut origins, path)?;
    match format {
        Format::OpenApi(version) => Ok(Document {
            origins,
            root,
            version,
        }),
        Format::Swagger2 => {
            let (root, origins) = convert::swagger2(&root, origins)?;
            Ok(Document {
                origins,
                root,
                version: OpenApiVersion::V3_0,
            })
        }
    }
}

/// What a root document is, by its version key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// `openapi: 3.0.x` or `3.1.x`.
    OpenApi(OpenApiVersion),
    /// `swagger: "2.0"`, converted into OpenAPI 3.0.
    Swagger2,
}

fn check_version(source: &SourceFile, root: &Value) -> Result<Format, SpecErrors> {
    let at_root = JsonPointer::root();
    let fail = |pointer: &JsonPointer, message: String| {
        Err(SpecErrors::single(source.error(pointer, message)))
    };
    let Value::Object(map) = root else {
        let what = match root {
            Value::Null => "the document is empty",
            Value::Array(_) => "the document is a list, not a mapping",
            _ => "the document is a single value, not a mapping",
        };
        return fail(
            &at_root,
            format!("{what}; an OpenAPI document is a mapping with an `openapi` key"),
        );
    };
    if let Some(swagger) = map.get("swagger") {
        // `swagger: 2.0` unquoted is a YAML number; it means the same.
        let is_2_0 = swagger.as_str() == Some("2.0") || swagger.as_f64() == Some(2.0);
        if is_2_0 && !map.contains_key("openapi") {
            return Ok(Format::Swagger2);
        }
        let version = match swagger {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let message = if is_2_0 {
            "the document has both `swagger` and `openapi` keys; keep the one it is written in"
                .to_owned()
        } else {
            format!("unsupported Swagger version {version}; this generator reads Swagger 2.0, OpenAPI 3.0.x and 3.1.x")
        };
        return fail(&at_root.push("swagger"), message);
    }
    let pointer = at_root.push("openapi");
    match map.get("openapi") {
        None => fail(
            &at_root,
            "missing `openapi` version key; add `openapi: 3.1.0` at the top".to_owned(),
        ),
        Some(Value::String(version)) if version.starts_with("3.0.") || version == "3.0" => {
            Ok(Format::OpenApi(OpenApiVersion::V3_0))
        }
        Some(Value::String(version)) if version.starts_with("3.1.") || version == "3.1" => {
            Ok(Format::OpenApi(OpenApiVersion::V3_1))
        }
        Some(other) => fail(
            &pointer,
            format!("unsupported OpenAPI version {other}; this generator reads 3.0.x and 3.1.x (and Swagger 2.0; quote the version as a string)"),
        ),
    }
}
