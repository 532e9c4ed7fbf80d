//! The import's one configuration file (`spec/import.toml`): where the vendor documents, the
//! overlays and the outputs are, and every decision the documents need that they do not make
//! themselves: security-name aliases, stubs for dangling references, renames of colliding
//! names. toml lives here; every error names the file, line and column.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Location, SpecErrors};
use crate::source::{error_at, location_of_offset};

/// The parsed configuration, paths resolved against the file's directory.
#[derive(Debug)]
pub struct Config {
    /// How diagnostics name the file.
    pub name: String,
    text: String,
    /// The directory the file's paths are relative to.
    pub dir: PathBuf,
    /// Directories of Swagger 2.0 documents, in order; each one's `*.json` files by name.
    pub sources: Vec<Setting<PathBuf>>,
    /// What a document's file name starts with before its tag (`Swagger-v1-`).
    pub tag_prefix: String,
    /// The directory of overlay documents, applied in file-name order.
    pub overlays: PathBuf,
    /// Where `overlays` is written (its value's byte offset).
    overlays_offset: usize,
    /// The final spec, relative to `dir`.
    pub output: PathBuf,
    /// The import report, relative to `dir`.
    pub report: PathBuf,
    /// Security requirement name → the declared scheme it means.
    pub security: IndexMap<String, Setting<String>>,
    /// Schema name a `$ref` names but no document defines → what to put there.
    pub stubs: IndexMap<String, Setting<Stub>>,
    /// Schema name → its Rust name, where short names collide.
    pub renames: IndexMap<String, Setting<String>>,
    /// operationId → its Rust name, where short names collide within a tag.
    pub operation_renames: IndexMap<String, Setting<String>>,
    /// Why nested carriers may be `null`, when they may: after the overlays, every bare
    /// `$ref` property to an object schema becomes `anyOf: [$ref, null]`.
    pub nullable_carriers: Option<String>,
}

/// A configured value and where it is written.
#[derive(Debug)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Its byte offset in the file.
    offset: usize,
}

/// What a dangling reference becomes, and why.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stub {
    /// The schema put under the missing name.
    pub schema: Value,
    /// Why this schema: kept as the schema's description when it has none.
    pub why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    tag_prefix: String,
    overlays: Spanned<String>,
    output: String,
    report: String,
    #[serde(default)]
    security: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    stubs: IndexMap<String, Spanned<Stub>>,
    #[serde(default)]
    renames: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    operation_renames: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    nullable_carriers: Option<String>,
}

impl Config {
    /// Reads the configuration at `path`; `name` is how diagnostics name it.
    pub fn read(path: &Path, name: &str) -> Result<Self, SpecErrors> {
        let start = Location { line: 1, column: 1 };
        let text = std::fs::read_to_string(path).map_err(|error| {
            SpecErrors::single(error_at(
                name,
                start,
                format!("cannot read the import configuration: {error}"),
            ))
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse(name, text, dir)
    }

    /// Parses configuration `text` read from `name`, whose paths are relative to `dir`.
    pub fn parse(name: &str, text: String, dir: PathBuf) -> Result<Self, SpecErrors> {
        let raw: Raw = toml::from_str(&text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            let message = error.message().trim_end().replace('\n', " ");
            SpecErrors::single(error_at(
                name,
                location_of_offset(&text, offset),
                format!("{message}; see the comments in spec/import.toml for what each key takes"),
            ))
        })?;
        let setting = |spanned: Spanned<String>| Setting {
            offset: spanned.span().start,
            value: spanned.into_inner(),
        };
        let settings = |map: IndexMap<String, Spanned<String>>| {
            map.into_iter()
                .map(|(key, value)| (key, setting(value)))
                .collect()
        };
        Ok(Self {
            name: name.to_owned(),
            sources: raw
                .sources
                .into_iter()
                .map(|source| {
                    let source = setting(source);
                    Setting {
                        value: PathBuf::from(source.value),
                        offset: source.offset,
                    }
                })
                .collect(),
            tag_prefix: raw.tag_prefix,
            overlays_offset: raw.overlays.span().start,
            overlays: PathBuf::from(raw.overlays.into_inner()),
            output: PathBuf::from(raw.output),
            report: PathBuf::from(raw.report),
            security: settings(raw.security),
            stubs: raw
                .stubs
                .into_iter()
                .map(|(key, stub)| {
                    let offset = stub.span().start;
                    (
                        key,
                        Setting {
                            value: stub.into_inner(),
                            offset,
                        },
                    )
                })
                .collect(),
            renames: settings(raw.renames),
            operation_renames: settings(raw.operation_renames),
            nullable_carriers: raw.nullable_carriers,
            text,
            dir,
        })
    }

    /// An error about the setting written at `setting`.
    pub fn error<T>(&self, setting: &Setting<T>, message: impl Into<String>) -> Diagnostic {
        error_at(
            &self.name,
            location_of_offset(&self.text, setting.offset),
            message,
        )
    }

    /// An error about the overlay directory (at the `overlays` setting).
    pub fn overlays_error(&self, message: impl Into<String>) -> Diagnostic {
        error_at(
            &self.name,
            location_of_offset(&self.text, self.overlays_offset),
            message,
        )
    }

    /// An error about the configuration as a whole (at its first line).
    pub fn error_at_start(&self, message: impl Into<String>) -> Diagnostic {
        error_at(&self.name, Location { line: 1, column: 1 }, message)
    }

    /// How diagnostics name the file at `relative` (relative to the configuration's directory).
    pub fn display_name(&self, relative: &Path) -> String {
        let base = Path::new(&self.name).parent().unwrap_or(Path::new(""));
        base.join(relative).to_string_lossy().replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let text = "sources = [\"rest\"]\noverlays = \"o\"\noutput = 3\n".to_owned();
        let errors = Config::parse("spec/import.toml", text, PathBuf::new()).expect_err("an error");
        let shown = errors.to_string();
        assert!(
            shown.starts_with("spec/import.toml:3:10: error:"),
            "{shown}"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line() {
        let text = "sources = []\noverlays = \"o\"\noutput = \"a\"\nreport = \"b\"\nrename = {}\n"
            .to_owned();
        let shown = Config::parse("import.toml", text, PathBuf::new())
            .expect_err("an error")
            .to_string();
        assert!(shown.starts_with("import.toml:5:1: error:"), "{shown}");
        assert!(shown.contains("rename"), "{shown}");
    }

    #[test]
    fn settings_keep_their_places() {
        let text = "sources = [\"rest\"]\noverlays = \"o\"\noutput = \"a\"\nreport = \"b\"\n\n[security]\n\"SuperOffice Password\" = \"Password\"\n"
            .to_owned();
        let config = Config::parse("import.toml", text, PathBuf::new()).expect("valid");
        let alias = &config.security["SuperOffice Password"];
        assert_eq!(alias.value, "Password");
        let shown = config.error(alias, "x").to_string();
        assert!(shown.starts_with("import.toml:7:26:"), "{shown}");
    }
}
