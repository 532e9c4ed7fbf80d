//! A field that may be absent, `null` or a value, with all three kept apart.
//!
//! An optional property that the spec also allows to be `null` has three states on the wire,
//! and they mean different things in a request: an absent property is left alone, `null`
//! clears it, a value sets it. `Option<T>` has room for only two of them, so such fields are
//! [`Nullable`]: a value read from the server is written back exactly as it came, and a
//! PUT or PATCH can clear a field by sending [`Nullable::Null`].

/// An optional, nullable field: [`Absent`](Nullable::Absent), [`Null`](Nullable::Null) or a
/// [`Value`](Nullable::Value).
///
/// Generated structs read such fields as `optional` (absent when the property is) and leave
/// them out when they are absent (see [`Omit`](crate::runtime::object::Omit)), so an absent
/// field stays absent when written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// The property is not there at all (not sent; the server leaves it unchanged).
    #[default]
    Absent,
    /// The property is `null` (sent as `null`; the server clears it).
    Null,
    /// The property has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the property has a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one (absent and `null` both give `None`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, consuming `self`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> crate::runtime::object::Omit for Nullable<T> {
    fn omitted(&self) -> bool {
        self.is_absent()
    }
}

impl<T> From<T> for Nullable<T> {
    /// A present value.
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
    /// A value as itself; absent and `null` as `null` (absent fields are skipped before).
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
    /// `null` as [`Nullable::Null`], anything else as a value; a missing field becomes
    /// [`Nullable::Absent`] through `#[serde(default)]`.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Option<T> as ::serde::Deserialize>::deserialize(deserializer)?;
        Ok(match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // As generated structs declare such a field.
    crate::runtime::object::object_struct! {
        #[derive(Debug, PartialEq)]
        struct Carrier {
            #[wire(optional, "name")]
            name: Nullable<String>,
        }
    }

    fn round_trip(json: &str) -> (Carrier, String) {
        let carrier: Carrier = ::serde_json::from_str(json).expect("deserializes");
        let written = ::serde_json::to_string(&carrier).expect("serializes");
        (carrier, written)
    }

    #[test]
    fn absent_null_and_value_stay_distinct() {
        assert_eq!(
            round_trip("{}"),
            (
                Carrier {
                    name: Nullable::Absent
                },
                "{}".into()
            )
        );
        assert_eq!(
            round_trip(r#"{"name":null}"#),
            (
                Carrier {
                    name: Nullable::Null
                },
                r#"{"name":null}"#.into()
            )
        );
        assert_eq!(
            round_trip(r#"{"name":"x"}"#),
            (
                Carrier {
                    name: Nullable::Value("x".into())
                },
                r#"{"name":"x"}"#.into()
            )
        );
    }

    #[test]
    fn accessors_treat_absent_and_null_as_no_value() {
        let value: Nullable<i32> = 3.into();
        assert_eq!(value.value(), Some(&3));
        assert_eq!(value.map(|v| v * 2), Nullable::Value(6));
        assert!(Nullable::<i32>::Null.is_null());
        assert_eq!(Nullable::<i32>::Null.into_value(), None);
        assert!(Nullable::<i32>::default().is_absent());
        assert_eq!(Nullable::<i32>::Absent.as_ref(), Nullable::Absent);
    }

    #[test]
    fn wrong_value_types_are_errors() {
        assert!(::serde_json::from_str::<Carrier>(r#"{"name":5}"#).is_err());
    }
}
