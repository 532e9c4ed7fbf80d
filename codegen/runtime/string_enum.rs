//! Open string enums: declared through `string_enum!`, one line per member.
//!
//! Every generated string enum has the same eight impls (wire text, conversions from text,
//! `Display`, `FromStr`, serde both ways); a macro writes them once, so a crate with
//! hundreds of enums carries a line per member instead of four `match` arms per member, and
//! a new member is a one-line change.

/// Declares an open string enum: its members with their wire text, and a fallback variant
/// that keeps any other text exactly as sent.
///
/// Gives `as_str`, `is_known`, `From<&str>`, `From<String>`, `Display`, `FromStr` (never fails) and
/// `Serialize`/`Deserialize` as that text.
// Unused when the crate's features compile no model that needs it.
#[allow(unused_macros)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[doc = $doc:literal])+
                $variant:ident = $wire:literal,
            )*
            $fallback:ident($text:ty) $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[doc = $doc])+
                $variant,
            )*
            /// A value this version of the spec does not list, kept exactly as sent.
            $fallback($text),
        }
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$fallback(value) => value,
                }
            }

            /// Whether the value is a member this version of the spec lists (not kept in the
            /// fallback variant).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$fallback(_))
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$fallback(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$fallback(value),
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            /// Never fails: an unknown value is kept in the fallback variant.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    string_enum! {
        /// What a generated enum looks like.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Status {
            /// `open`
            Open = "open",
            /// Closed for good.
            Closed = "closed",
            Other(String),
        }
    }

    #[test]
    fn members_and_unknown_text_round_trip() {
        for (json, status) in [
            (r#""open""#, Status::Open),
            (r#""closed""#, Status::Closed),
            (r#""archived""#, Status::Other("archived".to_owned())),
        ] {
            let read: Status = ::serde_json::from_str(json).unwrap();
            assert_eq!(read, status);
            assert_eq!(::serde_json::to_string(&read).unwrap(), json);
        }
    }

    #[test]
    fn text_conversions_agree() {
        assert_eq!(Status::from("open"), Status::Open);
        assert_eq!(Status::from(String::from("closed")), Status::Closed);
        assert_eq!("x".parse::<Status>(), Ok(Status::Other("x".to_owned())));
        assert_eq!(Status::Closed.to_string(), "closed");
        assert_eq!(Status::Other("x".to_owned()).as_str(), "x");
        assert!(Status::Open.is_known() && !Status::from("Open").is_known());
    }
}
