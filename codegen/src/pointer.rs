//! JSON pointers (RFC 6901) naming places in a spec, for diagnostics and `$ref`s.

use std::fmt;

/// A JSON pointer into a spec document, e.g. `#/components/schemas/Foo`.
///
/// Tokens are stored unescaped; [`fmt::Display`] writes the URI-fragment form with `~0`/`~1`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer {
    tokens: Vec<String>,
}

impl JsonPointer {
    /// The pointer to the whole document (`#`).
    pub fn root() -> Self {
        Self::default()
    }

    /// This pointer extended by one token.
    pub fn push(&self, token: impl Into<String>) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Self { tokens }
    }

    /// This pointer extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        self.push(index.to_string())
    }

    /// The unescaped tokens, outermost first.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The last token, if any.
    pub fn last(&self) -> Option<&str> {
        self.tokens.last().map(String::as_str)
    }

    /// Whether `reference` is a local `$ref` value that [`parse_fragment`](Self::parse_fragment)
    /// accepts (`#` or `#/…`), checked without decoding it.
    pub fn is_fragment(reference: &str) -> bool {
        reference == "#" || reference.starts_with("#/")
    }

    /// Parses a local `$ref` value such as `#/components/schemas/Foo`.
    ///
    /// Returns `None` for references to other documents (anything not starting with `#`).
    pub fn parse_fragment(reference: &str) -> Option<Self> {
        let fragment = reference.strip_prefix('#')?;
        if fragment.is_empty() {
            return Some(Self::root());
        }
        let fragment = fragment.strip_prefix('/')?;
        let tokens = fragment
            .split('/')
            .map(|token| percent_decode(token).replace("~1", "/").replace("~0", "~"))
            .collect();
        Some(Self { tokens })
    }
}

/// Decodes `%XX` escapes, which URI fragments and reference paths may use for characters such
/// as `{` or space (`my%20api.yaml` → `my api.yaml`).
pub(crate) fn percent_decode(token: &str) -> String {
    if !token.contains('%') {
        return token.to_owned();
    }
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for token in &self.tokens {
            write!(f, "/{}", token.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_parses_round_trip() {
        let pointer = JsonPointer::root()
            .push("paths")
            .push("/api/v1/{id}")
            .push("a~b");
        let text = pointer.to_string();
        assert_eq!(text, "#/paths/~1api~1v1~1{id}/a~0b");
        assert_eq!(JsonPointer::parse_fragment(&text), Some(pointer));
    }

    #[test]
    fn external_references_are_not_fragments() {
        assert_eq!(JsonPointer::parse_fragment("other.yaml#/a"), None);
        assert_eq!(JsonPointer::parse_fragment("#"), Some(JsonPointer::root()));
        assert_eq!(
            JsonPointer::parse_fragment("#/a%20b").map(|p| p.to_string()),
            Some("#/a b".to_owned())
        );
    }

    #[test]
    fn is_fragment_agrees_with_parse_fragment() {
        for reference in [
            "#",
            "#/",
            "#/a/b",
            "#a",
            "a.yaml#/b",
            "",
            "/a",
            "#/a%20b",
            "http://x#/y",
        ] {
            assert_eq!(
                JsonPointer::is_fragment(reference),
                JsonPointer::parse_fragment(reference).is_some(),
                "{reference:?}"
            );
        }
    }
}
