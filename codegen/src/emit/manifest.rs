//! The generated crate's `Cargo.toml`, listing only the dependencies its code uses.

use std::fmt::Write;

use super::features::Features;
use super::options::CrateOptions;
use super::runtime::Needs;
use crate::model::Model;

/// Whether `name` is a valid Cargo package name (ASCII letters, digits, `-`, `_`).
pub fn is_valid_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The package a dependency line names (`tokio` of `tokio = { … }`).
fn dependency_name(line: &str) -> &str {
    line.split('=').next().unwrap_or(line).trim()
}

/// The features a dependency line lists, and where the list's items sit in the line.
fn feature_list(line: &str) -> Option<(std::ops::Range<usize>, Vec<&str>)> {
    let start = line.find("features = [")? + "features = [".len();
    let end = start + line[start..].find(']')?;
    let items = line[start..end]
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    Some((start..end, items))
}

/// Adds the dependency `line` to `lines`, or, when its package is listed already, adds the
/// features it asks for to the listed line (both are our own `{ version, features, optional }`
/// lines of the same major version).
fn merge_dependency(lines: &mut Vec<String>, line: &str) {
    let name = dependency_name(line);
    let Some(listed) = lines.iter_mut().find(|l| dependency_name(l) == name) else {
        lines.push(line.to_owned());
        return;
    };
    let Some((_, wanted)) = feature_list(line) else {
        return;
    };
    let Some((range, features)) = feature_list(listed) else {
        return;
    };
    let mut features: Vec<String> = features.into_iter().map(str::to_owned).collect();
    for feature in wanted {
        if !features.iter().any(|f| f == feature) {
            features.push(feature.to_owned());
        }
    }
    let merged = features.join(", ");
    listed.replace_range(range, &merged);
}

/// The manifest text.
pub fn cargo_toml(
    model: &Model,
    options: &CrateOptions,
    needs: &Needs,
    features: &Features,
    header: &str,
) -> Result<String, String> {
    if !is_valid_package_name(&options.crate_name) {
        return Err(format!(
            "`{}` is not a valid crate name; use ASCII letters, digits, `-` and `_`, starting with a letter",
            options.crate_name
        ));
    }
    let support = super::support::modules(options.superoffice_support);
    let known = |name: &str| {
        name == "client"
            || name == "server"
            || features.declares(name)
            || support.iter().any(|m| m.feature == name)
    };
    if let Some(unknown) = options.dev_features.iter().find(|name| !known(name)) {
        return Err(format!(
            "dev feature `{unknown}` is not a feature of the crate; name a tag's feature (as `[features]` in its Cargo.toml lists them), `client` or `server`"
        ));
    }
    if !options.dev_features.is_empty() && !needs.operations {
        return Err("dev features need a crate with operations, which has features".to_owned());
    }
    let title = if model.title.is_empty() {
        "the API"
    } else {
        model.title.as_str()
    };
    let description = if needs.operations {
        format!(
            "Rust types, client and server for {title}, generated from {}",
            options.spec_name
        )
    } else {
        format!(
            "Rust types for {title}, generated from {}",
            options.spec_name
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {header}");
    out.push_str("[package]\n");
    let _ = writeln!(out, "name = {}", toml_string(&options.crate_name));
    let _ = writeln!(out, "version = {}", toml_string(&options.crate_version));
    out.push_str("edition = \"2021\"\n");
    let _ = writeln!(out, "description = {}", toml_string(&description));
    out.push_str("publish = false\n");
    if needs.operations {
        // Client and server can be left out by consumers that need only one of them, and
        // each tag's operations by consumers that need only some tags.
        out.push_str("\n[features]\n");
        let default: Vec<String> = ["client", "server"]
            .into_iter()
            .chain(features.default_names())
            .map(toml_string)
            .collect();
        let _ = writeln!(out, "default = [{}]", default.join(", "));
        // tokio's timer spaces rate-limited requests and waits between retries; httpdate reads
        // `Retry-After` dates; tracing gives each call a span.
        // Raw and multipart bodies stream their files from disk (futures-util, tokio's files).
        let streams_files = if needs.content {
            ", \"dep:futures-util\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "client = [\"dep:reqwest\", \"dep:rustls\", \"dep:percent-encoding\", \"dep:tokio\", \"dep:httpdate\", \"dep:tracing\"{streams_files}]"
        );
        // Multipart bodies are parsed with multer, which only the server needs; a raw answer
        // may be a file streamed from disk (futures-util, tokio's files).
        let mut server = String::new();
        if needs.multipart {
            server.push_str(", \"dep:multer\"");
        }
        if needs.multipart || needs.content {
            server.push_str(", \"dep:futures-util\"");
        }
        if needs.content {
            server.push_str(", \"dep:tokio\"");
        }
        let _ = writeln!(
            out,
            "server = [\"dep:axum\", \"dep:form_urlencoded\", \"dep:http-body-util\", \"dep:percent-encoding\"{server}]"
        );
        out.push_str(&features.manifest_lines());
        for module in support {
            let enables: Vec<String> = module.enables.iter().map(|e| toml_string(e)).collect();
            let _ = writeln!(out, "# {}.", module.summary);
            let _ = writeln!(out, "{} = [{}]", module.feature, enables.join(", "));
        }
    }
    out.push_str("\n[dependencies]\n");
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    out.push_str("serde_json = \"1\"\n");
    if needs.maps {
        out.push_str("indexmap = { version = \"2\", features = [\"serde\"] }\n");
    }
    if needs.date_time {
        out.push_str(
            "chrono = { version = \"0.4\", default-features = false, features = [\"std\"] }\n",
        );
    }
    if needs.base64 {
        out.push_str("base64 = \"0.22\"\n");
    }
    if needs.uuid {
        out.push_str("uuid = \"1\"\n");
    }
    if needs.operations {
        out.push_str(concat!(
            "serde_path_to_error = \"0.1\"\n",
            "serde_urlencoded = \"0.7\"\n",
        ));
        // reqwest's `stream` sends a body's files as they are read.
        let reqwest_features = if needs.content {
            "\"rustls-no-provider\", \"stream\""
        } else {
            "\"rustls-no-provider\""
        };
        let _ = writeln!(
            out,
            "reqwest = {{ version = \"0.13\", default-features = false, features = [{reqwest_features}], optional = true }}"
        );
        out.push_str(concat!(
            "rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\"], optional = true }\n",
            "percent-encoding = { version = \"2\", optional = true }\n",
            "axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"], optional = true }\n",
            "form_urlencoded = { version = \"1\", optional = true }\n",
            "http-body-util = { version = \"0.1\", optional = true }\n",
        ));
        let mut dependencies: Vec<String> = [
            "tokio = { version = \"1\", default-features = false, features = [\"time\"], optional = true }",
            "httpdate = { version = \"1\", optional = true }",
            "tracing = { version = \"0.1\", default-features = false, features = [\"std\"], optional = true }",
        ]
        .map(str::to_owned)
        .to_vec();
        if needs.content {
            merge_dependency(
                &mut dependencies,
                "tokio = { version = \"1\", default-features = false, features = [\"fs\", \"io-util\"], optional = true }",
            );
        }
        if needs.multipart {
            dependencies.push("multer = { version = \"3\", optional = true }".to_owned());
        }
        if needs.multipart || needs.content {
            dependencies.push(
                "futures-util = { version = \"0.3\", default-features = false, optional = true }"
                    .to_owned(),
            );
        }
        // The support modules' dependencies, each once (modules share some, and some the
        // client's: their features are merged).
        for line in support.iter().flat_map(|m| m.dependencies) {
            merge_dependency(&mut dependencies, line);
        }
        for line in &dependencies {
            let _ = writeln!(out, "{line}");
        }
        out.push_str(concat!(
            "\n[dev-dependencies]\n",
            "tokio = { version = \"1\", features = [\"io-util\", \"macros\", \"net\", \"rt-multi-thread\", \"sync\"] }\n",
        ));
        if !options.dev_features.is_empty() {
            // A dependency on itself: the tests and examples get these features whatever
            // `default` holds.
            let names: Vec<String> = options
                .dev_features
                .iter()
                .map(|f| toml_string(f))
                .collect();
            let _ = writeln!(
                out,
                "{} = {{ path = \".\", features = [{}] }}",
                options.crate_name,
                names.join(", ")
            );
        }
    }
    if options.standalone {
        // Keeps the crate out of any workspace that happens to enclose its directory.
        out.push_str("\n[workspace]\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::merge_dependency;

    #[test]
    fn a_dependency_listed_twice_is_one_line_with_both_features() {
        let mut lines = vec![
            r#"tokio = { version = "1", default-features = false, features = ["time"], optional = true }"#.to_owned(),
        ];
        merge_dependency(
            &mut lines,
            r#"tokio = { version = "1", default-features = false, features = ["sync"], optional = true }"#,
        );
        merge_dependency(
            &mut lines,
            r#"tokio = { version = "1", default-features = false, features = ["time"], optional = true }"#,
        );
        merge_dependency(
            &mut lines,
            r#"sha2 = { version = "0.10", optional = true }"#,
        );
        assert_eq!(
            lines,
            [
                r#"tokio = { version = "1", default-features = false, features = ["time", "sync"], optional = true }"#,
                r#"sha2 = { version = "0.10", optional = true }"#,
            ]
        );
    }
}
