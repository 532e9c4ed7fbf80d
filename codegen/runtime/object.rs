//! Reading a JSON object into a generated struct that keeps unknown properties.
//!
//! Such a struct's `Deserialize` reads the object once into an [`Object`] (its properties in
//! wire order), takes each listed property from it by name, and keeps what is left. serde's
//! derive does the same for a struct with a flattened map (it buffers the object too), but
//! writes several hundred lines per struct to do it; this is one line per property, so a
//! crate with thousands of models type-checks in a fraction of the time. Errors name the
//! property they are about.

use ::std::fmt;
use ::std::marker::PhantomData;

use ::serde::de::{DeserializeOwned, Deserializer, Error, MapAccess, Visitor};
use ::serde_json::Value;

/// A JSON object being read into a struct: its properties in wire order, each taken at most
/// once. `E` is the error type of the deserializer it came from.
#[derive(Debug)]
pub struct Object<E> {
    properties: Vec<Option<(String, Value)>>,
    error: PhantomData<E>,
}

/// Reads an object from `deserializer`.
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<Object<D::Error>, D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        expecting,
        error: PhantomData,
    })
}

struct ObjectVisitor<E> {
    expecting: &'static str,
    error: PhantomData<E>,
}

impl<'de, E> Visitor<'de> for ObjectVisitor<E> {
    type Value = Object<E>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<E>, A::Error> {
        let mut properties = Vec::with_capacity(map.size_hint().unwrap_or(0).min(256));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            properties.push(Some(entry));
        }
        Ok(Object {
            properties,
            error: PhantomData,
        })
    }
}

impl<E: Error> Object<E> {
    /// Takes property `name`: `None` when absent, an error when given twice.
    fn take(&mut self, name: &'static str) -> Result<Option<Value>, E> {
        let mut found = None;
        for slot in &mut self.properties {
            if slot.as_ref().is_some_and(|(key, _)| key == name) {
                if found.is_some() {
                    return Err(E::duplicate_field(name));
                }
                found = slot.take().map(|(_, value)| value);
            }
        }
        Ok(found)
    }

    /// A required property: serde's "missing field" error when absent.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, E> {
        match self.take(name)? {
            Some(value) => convert(name, value),
            None => Err(E::missing_field(name)),
        }
    }

    /// A property that may be absent: `T::default()` (`None`, `Nullable::Absent`) then.
    pub fn optional<T: DeserializeOwned + Default>(&mut self, name: &'static str) -> Result<T, E> {
        match self.take(name)? {
            Some(value) => convert(name, value),
            None => Ok(T::default()),
        }
    }

    /// The properties not taken, in wire order.
    pub fn rest<T: DeserializeOwned>(self) -> Result<::indexmap::IndexMap<String, T>, E> {
        self.properties
            .into_iter()
            .flatten()
            .map(|(key, value)| {
                let value = match ::serde_json::from_value(value) {
                    Ok(value) => value,
                    Err(error) => return Err(E::custom(format_args!("{key}: {error}"))),
                };
                Ok((key, value))
            })
            .collect()
    }
}

/// `value` as a `T`; an error names the property.
fn convert<T: DeserializeOwned, E: Error>(name: &str, value: Value) -> Result<T, E> {
    ::serde_json::from_value(value).map_err(|error| E::custom(format_args!("{name}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    use ::serde::Deserialize;

    /// What a generated struct's `Deserialize` looks like.
    #[derive(Debug, PartialEq)]
    struct Person {
        id: i32,
        name: Option<String>,
        other: ::indexmap::IndexMap<String, Value>,
    }

    impl<'de> Deserialize<'de> for Person {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = read(deserializer, "struct Person")?;
            Ok(Self {
                id: object.required("Id")?,
                name: object.optional("Name")?,
                other: object.rest()?,
            })
        }
    }

    fn person(json: &str) -> Result<Person, String> {
        ::serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn listed_properties_are_read_and_unknown_ones_kept_in_wire_order() {
        let read = person(r#"{"Zeta": 1, "Id": 7, "Name": "Ann", "Alpha": [true]}"#).unwrap();
        assert_eq!(read.id, 7);
        assert_eq!(read.name.as_deref(), Some("Ann"));
        let other: Vec<(&str, &Value)> = read.other.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(
            other,
            [
                ("Zeta", &::serde_json::json!(1)),
                ("Alpha", &::serde_json::json!([true]))
            ]
        );
    }

    #[test]
    fn optional_properties_may_be_absent_or_null() {
        assert_eq!(person(r#"{"Id": 1}"#).unwrap().name, None);
        assert_eq!(person(r#"{"Id": 1, "Name": null}"#).unwrap().name, None);
    }

    #[test]
    fn errors_name_the_property() {
        let missing = person(r#"{"Name": "Ann"}"#).unwrap_err();
        assert!(missing.starts_with("missing field `Id`"), "{missing}");
        let twice = person(r#"{"Id": 1, "Id": 2}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `Id`"), "{twice}");
        let wrong = person(r#"{"Id": "x"}"#).unwrap_err();
        assert!(
            wrong.starts_with("Id: invalid type: string \"x\", expected i32"),
            "{wrong}"
        );
        let not_an_object = person("[1]").unwrap_err();
        assert!(
            not_an_object.starts_with("invalid type: sequence, expected struct Person"),
            "{not_an_object}"
        );
    }

    #[test]
    fn values_in_memory_are_read_too() {
        let value = ::serde_json::json!({"Id": 5, "Extra": "x"});
        let read = Person::deserialize(value).unwrap();
        assert_eq!(read.id, 5);
        assert_eq!(read.other.len(), 1);
    }
}
