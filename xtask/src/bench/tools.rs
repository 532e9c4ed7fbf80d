//! The two generators compared and how each is run: ours (`xtask codegen`, built in release)
//! and OpenAPI Generator (the jar shipped in the `openapi-generator-cli` PyPI package,
//! installed into a venv under `target/bench-tools/`, run with `java -jar`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The OpenAPI Generator release compared against (the PyPI package's version).
pub const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";
/// The venv holding it, relative to the workspace root.
const VENV: &str = "target/bench-tools/venv";

/// One generator run in the comparison.
#[derive(Clone, Debug)]
pub struct Generator {
    /// Short name (file names, progress lines).
    pub key: &'static str,
    /// How the table names it.
    pub label: String,
    /// The program to run.
    pub program: PathBuf,
    /// Its arguments before the spec and output directory are known.
    pub args: Vec<String>,
    /// Whether its output is `cargo check`ed.
    pub check: bool,
}

impl Generator {
    /// The arguments that generate `spec` into `out`.
    pub fn args_for(&self, spec: &Path, out: &Path) -> Vec<String> {
        let spec = spec.display().to_string();
        let out = out.display().to_string();
        self.args
            .iter()
            .map(|arg| match arg.as_str() {
                "{spec}" => spec.clone(),
                "{out}" => out.clone(),
                other => other.to_owned(),
            })
            .collect()
    }
}

/// `cargo build --release -p xtask`, then our generator (client + server in one crate).
/// Progress lines start with `who` (the command's name).
pub fn ours(who: &str, root: &Path) -> Result<Generator, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("{who}: cargo build --release -p xtask");
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(root)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!(
            "`cargo build --release -p xtask` failed ({status})"
        ));
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let program = target.join("release/xtask");
    if !program.is_file() {
        return Err(format!("the release build left no {}", program.display()));
    }
    Ok(Generator {
        key: "ours",
        label: "ours: `xtask codegen` (client + server)".to_owned(),
        program,
        args: [
            "codegen",
            "--spec",
            "{spec}",
            "--out",
            "{out}",
            "--crate-name",
            "bench-ours",
        ]
        .map(str::to_owned)
        .to_vec(),
        check: true,
    })
}

/// OpenAPI Generator's `rust` client generator and, with `server`, its `rust-axum` server
/// generator; installs the pinned release when missing (progress lines start with `who`).
pub fn openapi_generator(who: &str, root: &Path, server: bool) -> Result<Vec<Generator>, String> {
    let java = which("java").ok_or(
        "`java` not found on PATH: OpenAPI Generator needs Java 11 or later \
         (e.g. apt-get install openjdk-17-jre-headless)",
    )?;
    let jar = install(who, root)?;
    let run = |key: &'static str, generator: &str, what: &str, check: bool| Generator {
        key,
        label: format!("OpenAPI Generator {OPENAPI_GENERATOR_VERSION}: `{generator}` ({what})"),
        program: java.clone(),
        args: [
            "-jar",
            &jar.display().to_string(),
            "generate",
            "-g",
            generator,
            "-i",
            "{spec}",
            "-o",
            "{out}",
        ]
        .map(str::to_owned)
        .to_vec(),
        check,
    };
    let mut generators = vec![run("openapi-rust", "rust", "client", true)];
    if server {
        generators.push(run("openapi-rust-axum", "rust-axum", "server", false));
    }
    Ok(generators)
}

/// The jar of the pinned `openapi-generator-cli`, installed into the venv when missing.
fn install(who: &str, root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(VENV);
    let python = venv.join("bin/python");
    if installed_version(&python).as_deref() != Some(OPENAPI_GENERATOR_VERSION) {
        if !python.is_file() {
            eprintln!("{who}: python3 -m venv {}", venv.display());
            run_quietly(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "python3 -m venv (needs Python 3.10+ with venv, e.g. apt-get install python3-venv)",
            )?;
        }
        let package = format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}");
        eprintln!("{who}: pip install {package}");
        run_quietly(
            Command::new(venv.join("bin/pip")).args(["install", "--quiet", &package]),
            &format!("pip install {package} (needs PyPI)"),
        )?;
    }
    let output = Command::new(&python)
        .args([
            "-c",
            "import importlib.resources as r; \
             print(r.files('openapi_generator_cli') / 'openapi-generator.jar')",
        ])
        .output()
        .map_err(|error| format!("cannot run {}: {error}", python.display()))?;
    let jar = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if output.status.success() && jar.is_file() {
        Ok(jar)
    } else {
        Err(format!(
            "openapi-generator-cli is installed in {} but its jar was not found; remove the venv \
             and run again",
            venv.display()
        ))
    }
}

/// The `openapi-generator-cli` version installed for `python`, if any.
fn installed_version(python: &Path) -> Option<String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('openapi-generator-cli'))",
        ])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs `command`, its output shown only when it fails.
fn run_quietly(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|error| format!("cannot run {what}: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// `program`'s path on `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_arguments_get_the_spec_and_output() {
        let generator = Generator {
            key: "x",
            label: "x".to_owned(),
            program: PathBuf::from("gen"),
            args: vec![
                "-i".to_owned(),
                "{spec}".to_owned(),
                "-o".to_owned(),
                "{out}".to_owned(),
            ],
            check: false,
        };
        assert_eq!(
            generator.args_for(Path::new("/s.json"), Path::new("/o")),
            ["-i", "/s.json", "-o", "/o"]
        );
    }
}
