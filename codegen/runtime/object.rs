//! Generated structs: declared through `object_struct!`, read from and written to JSON
//! objects here.
//!
//! A struct's `Deserialize` reads the object once into an [`Object`] (its properties in wire
//! order), takes each listed property from it by name, and keeps what is left; `Serialize`
//! writes each property through a [`Writer`]. serde's derives do the same but write several
//! hundred lines per struct to do it (and buffer the object too when unknown properties are
//! kept); this is one line per property, so a crate with thousands of models type-checks in a
//! fraction of the time. Errors name the property they are about.

use ::std::fmt;
use ::std::marker::PhantomData;

use ::serde::de::{DeserializeOwned, Deserializer, Error, MapAccess, Visitor};
use ::serde::ser::{Serialize, SerializeMap, Serializer};
use ::serde_json::Value;

/// Declares a generated struct and its `Serialize` and `Deserialize`.
///
/// Each field names its wire property and how it is read and written: `required` (an error
/// when absent), `nullable` (`None` when absent or `null`, always written) or `optional`
/// (`None`/`Nullable::Absent` when absent, and then not written). A `#[rest]` field keeps the
/// properties no field names, in wire order; without one they are ignored.
// Unused when the crate's features compile no model that needs it.
#[allow(unused_macros)]
macro_rules! object_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                #[wire($kind:ident, $wire:literal)]
                $(#[$field_meta:meta])*
                $field_vis:vis $field:ident: $ty:ty,
            )*
            $(
                #[rest]
                $rest_vis:vis $rest:ident: $rest_ty:ty,
            )?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[doc = $doc])*
                $(#[$field_meta])*
                $field_vis $field: $ty,
            )*
            $(
                /// Properties the spec does not list, kept so that they are sent back unchanged.
                $rest_vis $rest: $rest_ty,
            )?
        }
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::runtime::object::write(serializer)?;
                $(object.$kind($wire, &self.$field);)*
                $(object.rest(&self.$rest);)?
                object.end()
            }
        }
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[allow(unused_mut, unused_variables)]
                let mut object = $crate::runtime::object::read(
                    deserializer,
                    ::std::concat!("struct ", ::std::stringify!($name)),
                )?;
                ::std::result::Result::Ok(Self {
                    $($field: object.$kind($wire)?,)*
                    $($rest: object.rest()?,)?
                })
            }
        }
    };
}
pub(crate) use object_struct;

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

    /// A required property that may be `null`: read like an optional one, so a server that
    /// leaves it out is not an error.
    pub fn nullable<T: DeserializeOwned + Default>(&mut self, name: &'static str) -> Result<T, E> {
        self.optional(name)
    }

    /// The properties not taken, in wire order.
    pub fn rest<T: DeserializeOwned, M: FromIterator<(String, T)>>(self) -> Result<M, E> {
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

/// A field that may have nothing to write: `None`, `Nullable::Absent`.
pub trait Omit {
    /// Whether the property is left out of the written object.
    fn omitted(&self) -> bool;
}

impl<T> Omit for Option<T> {
    fn omitted(&self) -> bool {
        self.is_none()
    }
}

/// A struct being written as a JSON object, one property at a time.
///
/// Writing a property returns nothing: the first error is kept and [`end`](Self::end) returns
/// it (later properties are skipped). One `?` per property would be a branch per property in
/// every generated `Serialize`, which the compiler checks thousands of times in a large crate.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

/// Starts writing an object to `serializer`.
pub fn write<S: Serializer>(serializer: S) -> Result<Writer<S::SerializeMap>, S::Error> {
    Ok(Writer {
        map: serializer.serialize_map(None)?,
        error: None,
    })
}

impl<M: SerializeMap> Writer<M> {
    fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// A property that is always written.
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// A required property that may be `null`: always written, `null` included.
    pub fn nullable<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// A property left out when it has nothing to say (absent stays absent).
    pub fn optional<T: Serialize + Omit>(&mut self, name: &'static str, value: &T) {
        if !value.omitted() {
            self.entry(name, value);
        }
    }

    /// The kept unknown properties, in the order they were read.
    pub fn rest<'m, V: Serialize + 'm>(
        &mut self,
        rest: impl IntoIterator<Item = (&'m String, &'m V)>,
    ) {
        for (key, value) in rest {
            self.entry(key, value);
        }
    }

    /// Ends the object, or returns the first error a property met.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
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

    object_struct! {
        /// What a generated struct looks like.
        #[derive(Debug, PartialEq)]
        struct Person {
            /// Always there.
            #[wire(required, "Id")]
            id: i32,
            #[wire(optional, "Name")]
            name: Option<String>,
            #[wire(nullable, "Nick")]
            nick: Option<String>,
            #[rest]
            other: ::std::collections::BTreeMap<String, Value>,
        }
    }

    object_struct! {
        /// A struct that keeps nothing it does not list.
        #[derive(Debug, PartialEq)]
        struct Closed {
            #[wire(optional, "a")]
            a: Option<i32>,
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
        assert_eq!(read.other.len(), 2);
        // The rest comes in wire order (generated structs keep it in an `IndexMap`).
        let json = r#"{"Zeta": 1, "Id": 7, "Alpha": [true]}"#;
        let mut object = read_object(&mut ::serde_json::Deserializer::from_str(json)).unwrap();
        let _: i32 = object.required("Id").unwrap();
        let rest: Vec<(String, Value)> = object.rest().unwrap();
        assert_eq!(
            rest,
            [
                ("Zeta".to_owned(), ::serde_json::json!(1)),
                ("Alpha".to_owned(), ::serde_json::json!([true]))
            ]
        );
    }

    fn read_object<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Object<D::Error>, D::Error> {
        read(deserializer, "an object")
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
    fn written_in_field_order_then_the_rest_and_absent_stays_absent() {
        let read = person(r#"{"Zeta": 1, "Nick": null, "Id": 7}"#).unwrap();
        assert_eq!(read.nick, None);
        let written = ::serde_json::to_string(&read).unwrap();
        assert_eq!(written, r#"{"Id":7,"Nick":null,"Zeta":1}"#);
        let full = r#"{"Id":7,"Name":"Ann","Nick":"A","Zeta":1}"#;
        assert_eq!(
            ::serde_json::to_string(&person(full).unwrap()).unwrap(),
            full
        );
    }

    #[test]
    fn a_struct_without_rest_ignores_unknown_properties() {
        let read: Closed = ::serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap();
        assert_eq!(read, Closed { a: Some(1) });
        assert_eq!(::serde_json::to_string(&read).unwrap(), r#"{"a":1}"#);
        let empty = Closed { a: None };
        assert_eq!(::serde_json::to_string(&empty).unwrap(), "{}");
    }

    #[test]
    fn values_in_memory_are_read_too() {
        let value = ::serde_json::json!({"Id": 5, "Extra": "x"});
        let read = Person::deserialize(value).unwrap();
        assert_eq!(read.id, 5);
        assert_eq!(read.other.len(), 1);
    }
}
