//! A wire UUID (OpenAPI `format: uuid`) that is parsed when it can be and always written back
//! exactly as received (the uuid crate lives here).

/// A UUID as the server sent it: the text, and the parsed [`uuid::Uuid`] when
/// the text is one.
///
/// Reading never fails: a text the uuid crate cannot parse is kept as it is, so a value read
/// from the server is sent back byte for byte whatever it holds. Every form the uuid crate
/// reads is accepted (`67e55044-10b1-426f-9247-bb680e5fe0c8`, without hyphens, in braces, as a
/// `urn:uuid:` URN, in any case) and written back in that same form.
///
/// `==` and [`Hash`] compare the text, so the same UUID written in two forms differs; compare
/// [`Uuid::as_uuid`] to compare the UUIDs themselves.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid {
    /// The text as received (or as written by `From`).
    text: String,
    /// The UUID the text denotes, when it is one.
    parsed: Option<::uuid::Uuid>,
}

impl Uuid {
    /// Reads `text`, keeping it whether or not it is a UUID.
    pub fn from_wire(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = ::uuid::Uuid::try_parse(&text).ok();
        Self { text, parsed }
    }

    /// The parsed UUID, or `None` when the text is not one.
    pub fn as_uuid(&self) -> Option<::uuid::Uuid> {
        self.parsed
    }

    /// True when the text is a UUID.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }

    /// Whether `text` is a UUID in a form the uuid crate reads: how the server router tells a
    /// `format: uuid` path parameter from plain text when their routes share a shape.
    pub fn is_uuid(text: &str) -> bool {
        ::uuid::Uuid::try_parse(text).is_ok()
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as received, by value.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl From<::uuid::Uuid> for Uuid {
    /// The UUID written in the hyphenated lower-case form.
    fn from(uuid: ::uuid::Uuid) -> Self {
        Self {
            text: uuid.hyphenated().to_string(),
            parsed: Some(uuid),
        }
    }
}

impl From<String> for Uuid {
    /// Same as [`Uuid::from_wire`].
    fn from(text: String) -> Self {
        Self::from_wire(text)
    }
}

impl From<&str> for Uuid {
    /// Same as [`Uuid::from_wire`].
    fn from(text: &str) -> Self {
        Self::from_wire(text)
    }
}

impl AsRef<str> for Uuid {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl ::std::str::FromStr for Uuid {
    type Err = ::std::convert::Infallible;

    /// Same as [`Uuid::from_wire`]: never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_wire(s))
    }
}

impl ::std::fmt::Display for Uuid {
    /// Writes the text as received.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl ::serde::Serialize for Uuid {
    /// Serializes as the text as received.
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> ::serde::Deserialize<'de> for Uuid {
    /// Deserializes from any string.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

    fn round_trip(text: &str) -> Uuid {
        let json = serde_json::to_string(text).expect("a JSON string");
        let value: Uuid = serde_json::from_str(&json).expect("any string is read");
        assert_eq!(serde_json::to_string(&value).expect("serialize"), json);
        assert_eq!(value.to_string(), text);
        assert_eq!(value.as_str(), text);
        value
    }

    #[test]
    fn every_uuid_form_is_parsed_and_written_back_as_received() {
        let expected = ::uuid::Uuid::parse_str(SAMPLE).expect("valid");
        for text in [
            SAMPLE,
            "67E55044-10B1-426F-9247-BB680E5FE0C8",
            "67e5504410b1426f9247bb680e5fe0c8",
            "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
            "urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8",
        ] {
            let value = round_trip(text);
            assert!(value.is_valid(), "{text}");
            assert!(Uuid::is_uuid(text), "{text}");
            assert_eq!(value.as_uuid(), Some(expected), "{text}");
        }
    }

    #[test]
    fn other_text_is_kept_as_received() {
        for text in [
            "",
            "not-a-uuid",
            "67e55044-10b1-426f-9247-bb680e5fe0c",
            " 67e55044",
        ] {
            let value = round_trip(text);
            assert!(!value.is_valid(), "{text}");
            assert!(!Uuid::is_uuid(text), "{text}");
            assert_eq!(value.as_uuid(), None);
        }
        assert!(serde_json::from_str::<Uuid>("12").is_err());
    }

    #[test]
    fn conversions_and_equality() {
        let uuid = ::uuid::Uuid::parse_str(SAMPLE).expect("valid");
        let value = Uuid::from(uuid);
        assert_eq!(value.as_str(), SAMPLE);
        assert_eq!(SAMPLE.parse::<Uuid>(), Ok(value.clone()));
        assert_eq!(Uuid::from(SAMPLE.to_owned()), value);
        // The same UUID in another form is another text.
        let upper = Uuid::from_wire(SAMPLE.to_uppercase());
        assert_ne!(upper, value);
        assert_eq!(upper.as_uuid(), value.as_uuid());
        assert_eq!(value.into_string(), SAMPLE);
    }

    #[test]
    fn works_inside_structs() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Entity {
            id: Uuid,
            #[serde(default)]
            other: Option<Uuid>,
        }
        let json = r#"{"id":"67E55044-10B1-426F-9247-BB680E5FE0C8","other":"legacy-id-17"}"#;
        let entity: Entity = serde_json::from_str(json).expect("deserialize");
        assert!(entity.id.is_valid());
        assert_eq!(entity.other.as_ref().map(Uuid::is_valid), Some(false));
        assert_eq!(serde_json::to_string(&entity).expect("serialize"), json);
    }
}
