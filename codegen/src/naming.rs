//! Turns wire names into valid, distinct Rust identifiers, deterministically (heck stays behind this module).

use std::collections::HashSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any edition; such names get a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A snake_case identifier for a field, parameter, method or module.
pub fn snake_case(raw: &str) -> String {
    let cased = ascii_words(raw).to_snake_case();
    finish(cased, "empty", "_")
}

/// A PascalCase identifier for a type or variant.
pub fn pascal_case(raw: &str) -> String {
    let cased = ascii_words(raw).to_upper_camel_case();
    finish(cased, "Empty", "N")
}

/// A kebab-case name for a cargo feature (`ChatTopic` → `chat-topic`); never empty.
pub fn kebab_case(raw: &str) -> String {
    let cased = ascii_words(raw).to_kebab_case();
    if cased.is_empty() {
        "empty".to_owned()
    } else {
        cased
    }
}

/// Keeps ASCII letters and digits; every other character separates words, except that
/// non-ASCII letters become a word of their own (`ö` → `U00f6`), so distinct names stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if ch.is_alphanumeric() {
            out.push_str(&format!(" U{:04x} ", u32::from(ch)));
        } else {
            out.push(' ');
        }
    }
    out
}

fn finish(cased: String, empty: &str, digit_prefix: &str) -> String {
    let name = if cased.is_empty() {
        empty.to_owned()
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{cased}")
    } else {
        cased
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The longest module (file) name used as is; longer ones are shortened (file systems limit a
/// name to 255 bytes, and paths get long).
const MAX_FILE_STEM: usize = 96;

/// `name` as a module and file name: unchanged when short, else cut and given a short hash of
/// the whole name, so distinct long names stay distinct and the result is deterministic.
pub fn file_stem(name: &str) -> String {
    if name.len() <= MAX_FILE_STEM {
        return name.to_owned();
    }
    // FNV-1a: stable across platforms and runs, unlike the standard hasher.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    let mut cut = MAX_FILE_STEM - 9;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash:08x}", name[..cut].trim_end_matches('_'))
}

/// Hands out names unique within one scope: a taken name gets the first free suffix `2`, `3`, ...
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as taken without claiming a variant of it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `base`, or `base` with the first free numeric suffix. Snake-case bases get `_2`.
    ///
    /// A keyword escaped with a trailing `_` numbers its stem (`type_2`, `Self2`): `type__2`
    /// and `Self_2` would trip rustc's case lints.
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let stem = base
            .strip_suffix('_')
            .filter(|stem| !stem.is_empty())
            .unwrap_or(base);
        let separator = if stem.chars().any(|c| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_wire_names() {
        assert_eq!(snake_case("ChatSessionId"), "chat_session_id");
        assert_eq!(snake_case("URLName"), "url_name");
        assert_eq!(snake_case("Wgs84Latitude"), "wgs84_latitude");
        assert_eq!(snake_case("$select"), "select");
        assert_eq!(pascal_case("chat-session.status"), "ChatSessionStatus");
        assert_eq!(pascal_case("FULL"), "Full");
        assert_eq!(kebab_case("ChatTopic"), "chat-topic");
        assert_eq!(kebab_case("code-scanning"), "code-scanning");
        assert_eq!(kebab_case("Pets and Toys"), "pets-and-toys");
        assert_eq!(kebab_case("type"), "type");
        assert_eq!(kebab_case("!!"), "empty");
    }

    #[test]
    fn makes_awkward_names_valid() {
        assert_eq!(snake_case("type"), "type_");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(pascal_case("self"), "Self_");
        assert_eq!(snake_case("2fa"), "_2fa");
        assert_eq!(pascal_case("200"), "N200");
        assert_eq!(snake_case(""), "empty");
        assert_eq!(snake_case("!!"), "empty");
        assert_eq!(pascal_case(""), "Empty");
        assert_eq!(snake_case("größe"), "gr_u00f6_u00df_e");
        assert_ne!(snake_case("ä"), snake_case("ö"));
    }

    #[test]
    fn long_names_make_short_distinct_file_stems() {
        let long = "a".repeat(300);
        let longer = format!("{long}b");
        assert_eq!(file_stem("short_name"), "short_name");
        assert!(file_stem(&long).len() <= MAX_FILE_STEM);
        assert_ne!(file_stem(&long), file_stem(&longer));
        assert_eq!(file_stem(&long), file_stem(&long));
    }

    #[test]
    fn scope_suffixes_collisions_in_claim_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(&snake_case("fooBar")), "foo_bar");
        assert_eq!(scope.claim(&snake_case("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(&snake_case("FooBar")), "foo_bar_3");
        let mut types = Scope::new();
        assert_eq!(types.claim("Foo"), "Foo");
        assert_eq!(types.claim("Foo"), "Foo2");
        assert_eq!(scope.claim(&snake_case("type")), "type_");
        assert_eq!(scope.claim(&snake_case("Type")), "type_2");
        assert_eq!(types.claim(&pascal_case("self")), "Self_");
        assert_eq!(types.claim(&pascal_case("Self")), "Self2");
    }
}
