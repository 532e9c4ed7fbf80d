//! What the caller decides about the generated crate (its name, version, regeneration
//! command); a leaf that every emitter may read without importing `emit` itself.

/// What the generated crate is called and how it is built.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// Cargo package name, e.g. `superoffice-webapi`.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// The spec as named in headers and docs (a relative path keeps output machine-independent).
    pub spec_name: String,
    /// The command that regenerates the crate, named in every file's header.
    pub command: String,
    /// Adds an empty `[workspace]` so the crate builds on its own wherever it is placed.
    pub standalone: bool,
}
