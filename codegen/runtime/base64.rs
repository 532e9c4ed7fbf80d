//! Bytes carried as base64 text: [`Base64`] (OpenAPI `format: byte`), and the [`encode`] and
//! [`decode`] that Basic credentials use too (the base64 crate lives here).
//!
//! Reading accepts the standard alphabet with or without `=` padding; writing always uses
//! the standard alphabet with padding, as .NET's `Convert.ToBase64String` does.

use ::base64::Engine as _;

/// The standard alphabet, written with padding and read with or without it.
const ENGINE: ::base64::engine::GeneralPurpose = ::base64::engine::GeneralPurpose::new(
    &::base64::alphabet::STANDARD,
    ::base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(::base64::engine::DecodePaddingMode::Indifferent),
);

/// How much of a rejected text a [`DecodeBase64Error`] quotes.
const MAX_QUOTED_CHARS: usize = 64;

/// `bytes` as standard base64 with padding.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    ENGINE.encode(bytes)
}

/// Reads standard base64, with or without padding.
///
/// # Errors
///
/// Returns a [`DecodeBase64Error`] when `text` is not standard base64 (another alphabet,
/// whitespace, a wrong length or misplaced padding).
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeBase64Error> {
    ENGINE.decode(text).map_err(|error| DecodeBase64Error {
        input: text.chars().take(MAX_QUOTED_CHARS).collect(),
        truncated: text.chars().nth(MAX_QUOTED_CHARS).is_some(),
        reason: error.to_string(),
    })
}

/// Bytes that travel in JSON as a base64 string (OpenAPI `format: byte`).
///
/// It dereferences to `[u8]` and converts from and into `Vec<u8>`. serde reads a standard
/// base64 string, with or without padding, and refuses anything else with an error naming
/// the text; it writes standard base64 with padding. [`Display`](::std::fmt::Display) and
/// [`FromStr`](::std::str::FromStr) use the same text, so it can be a parameter too.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(Vec<u8>);

impl Base64 {
    /// Wraps `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Reads standard base64, with or without padding.
    ///
    /// # Errors
    ///
    /// Returns a [`DecodeBase64Error`] when `text` is not standard base64.
    pub fn decode(text: &str) -> Result<Self, DecodeBase64Error> {
        decode(text).map(Self)
    }

    /// The bytes as standard base64 with padding.
    pub fn encode(&self) -> String {
        encode(&self.0)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, mutably.
    pub fn as_mut_vec(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }

    /// The bytes, by value.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl ::std::fmt::Debug for Base64 {
    /// `Base64("aGk=")`: the base64 text, so a long value prints compactly.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_tuple("Base64").field(&self.encode()).finish()
    }
}

impl ::std::ops::Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl ::std::ops::DerefMut for Base64 {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Base64 {
    fn from(bytes: [u8; N]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for Base64 {
    type Err = DecodeBase64Error;

    /// Same as [`Base64::decode`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::decode(s)
    }
}

impl ::std::fmt::Display for Base64 {
    /// Writes standard base64 with padding.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.encode())
    }
}

impl ::serde::Serialize for Base64 {
    /// Serializes as a standard base64 string with padding.
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> ::serde::Deserialize<'de> for Base64 {
    /// Deserializes from a standard base64 string, with or without padding.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Base64Visitor)
    }
}

/// The serde visitor reading a [`Base64`] from a string.
struct Base64Visitor;

impl ::serde::de::Visitor<'_> for Base64Visitor {
    type Value = Base64;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a base64 string such as \"aGVsbG8=\"")
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Base64, E> {
        Base64::decode(v).map_err(E::custom)
    }
}

/// The error returned when a text is not standard base64; its message quotes the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeBase64Error {
    /// The rejected text, cut to [`MAX_QUOTED_CHARS`] characters.
    input: String,
    /// True when `input` was cut.
    truncated: bool,
    /// What the decoder found wrong.
    reason: String,
}

impl DecodeBase64Error {
    /// The rejected text (at most its first 64 characters).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong with the text.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl ::std::fmt::Display for DecodeBase64Error {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let ellipsis = if self.truncated { "..." } else { "" };
        write!(
            f,
            "invalid base64 {:?}{ellipsis}: {}; expected the standard alphabet (A-Z, a-z, 0-9, +, /), padding optional",
            self.input, self.reason
        )
    }
}

impl ::std::error::Error for DecodeBase64Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_with_and_without_padding_and_writes_padded() {
        for text in ["aGk=", "aGk"] {
            let value: Base64 = serde_json::from_str(&format!("\"{text}\"")).expect("base64");
            assert_eq!(value.as_bytes(), b"hi");
            assert_eq!(
                serde_json::to_string(&value).expect("serialize"),
                "\"aGk=\""
            );
        }
        let empty: Base64 = serde_json::from_str("\"\"").expect("empty");
        assert!(empty.is_empty());
        assert_eq!(empty, Base64::default());
    }

    #[test]
    fn padded_standard_text_round_trips_exactly() {
        for text in ["", "AA==", "AAE=", "AAEC", "+/+/", "SGVsbG8sIHdvcmxkIQ=="] {
            let json = format!("\"{text}\"");
            let value: Base64 = serde_json::from_str(&json).expect("base64");
            assert_eq!(serde_json::to_string(&value).expect("serialize"), json);
            assert_eq!(value.to_string(), text);
            assert_eq!(text.parse::<Base64>(), Ok(value));
        }
    }

    #[test]
    fn invalid_text_is_a_clear_error() {
        for text in ["a-b_", "aGk=x", "a", "aG k=", "aGk==", "é"] {
            let message = serde_json::from_str::<Base64>(&format!("\"{text}\""))
                .expect_err(text)
                .to_string();
            assert!(message.contains("invalid base64"), "{message}");
            assert!(message.contains(&format!("{text:?}")), "{message}");
        }
        let error = Base64::decode(&"!".repeat(100)).expect_err("not base64");
        assert_eq!(error.input().len(), 64);
        assert!(error.to_string().contains("...:"), "{error}");
        assert!(serde_json::from_str::<Base64>("12").is_err());
    }

    #[test]
    fn behaves_like_bytes() {
        let mut value = Base64::from(b"abc".to_vec());
        assert_eq!(value.len(), 3);
        assert_eq!(&value[..2], b"ab");
        value[0] = b'x';
        value.as_mut_vec().push(b'!');
        assert_eq!(value.as_ref(), b"xbc!");
        assert_eq!(Base64::from([1u8, 2]).into_vec(), vec![1, 2]);
        assert_eq!(Vec::<u8>::from(Base64::new(&b"z"[..])), b"z".to_vec());
        assert_eq!(
            format!("{:?}", Base64::from(&b"hi"[..])),
            "Base64(\"aGk=\")"
        );
    }

    #[test]
    fn works_inside_structs() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Blob {
            data: Base64,
            #[serde(default)]
            thumbnail: Option<Base64>,
        }
        let json = r#"{"data":"AAEC/w==","thumbnail":null}"#;
        let blob: Blob = serde_json::from_str(json).expect("deserialize");
        assert_eq!(blob.data.as_bytes(), [0, 1, 2, 255]);
        assert_eq!(serde_json::to_string(&blob).expect("serialize"), json);
        let message = serde_json::from_str::<Blob>(r#"{"data":"not base64!"}"#)
            .expect_err("invalid")
            .to_string();
        assert!(message.contains("\"not base64!\""), "{message}");
    }
}
