//! `allOf` → one merged struct: `$ref`'d parts followed, nested `allOf`s flattened, the object
//! parts' properties and `required` unioned; parts that are not objects are reported.

use serde_json::{Map, Value};

use super::keywords::{has_object_keywords, has_type_keywords, required_of};
use super::objects::{Additional, PropertyDef};
use super::shape::{naming_hint, Naming, Shape};
use super::type_text::type_text;
use crate::lower::context::Context;
use crate::lower::node::kind_of;
use crate::model::TypeRef;
use crate::naming::pascal_case;
use crate::pointer::JsonPointer;

/// The parts of an `allOf`, gathered for merging into one object.
#[derive(Default)]
struct Merged<'a> {
    /// At least one part is an object (`properties`, `required`, `additionalProperties` or
    /// `type: object`).
    object: bool,
    /// Every property definition, in part order (a property may be defined by several parts).
    properties: Vec<PropertyDef<'a>>,
    /// The union of every part's `required`.
    required: Vec<&'a str>,
    /// Some part says `additionalProperties: false`.
    closed: bool,
    /// The first `additionalProperties` schema of any part.
    additional: Option<(&'a Value, JsonPointer, Option<String>)>,
    /// Parts that are not objects, which cannot be merged: (pointer, schema).
    others: Vec<(JsonPointer, &'a Value)>,
}

impl<'a> Context<'a> {
    /// `allOf`: one part (beside parts that only annotate) is that part; object parts merge
    /// into one struct, their properties and `required` unioned.
    pub(super) fn lower_all_of(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push("allOf");
        let parts = match map.get("allOf") {
            Some(Value::Array(parts)) => parts,
            other => {
                let found = other.map_or("nothing", kind_of);
                self.error(
                    &at,
                    format!("`allOf` must be a list of schemas, found {found}"),
                );
                return Shape::of(TypeRef::Any);
            }
        };
        let own_object = has_object_keywords(map);
        if !own_object {
            let typed: Vec<(usize, &'a Value)> = parts
                .iter()
                .enumerate()
                .filter(|(_, part)| has_type_keywords(part))
                .collect();
            match typed.as_slice() {
                [] => return Shape::of(TypeRef::Any),
                [(index, only)] => return self.lower_schema(only, &at.index(*index), naming),
                _ => {}
            }
        }
        let mut merged = Merged::default();
        let mut visiting = vec![pointer.clone()];
        for (index, part) in parts.iter().enumerate() {
            self.collect_part(part, at.index(index), None, &mut visiting, &mut merged);
        }
        if own_object {
            self.add_object(map, pointer, None, &mut merged);
        }
        if !merged.object {
            return self.lower_other_parts(&merged.others, &at, naming);
        }
        for (part_at, _) in &merged.others {
            self.warn_once(
                part_at,
                "this `allOf` part is not an object, so it cannot be merged with the object parts; its constraints are not generated",
            );
        }
        let additional = if merged.closed {
            Additional::Closed
        } else {
            match merged.additional {
                Some((schema, at, owner)) => Additional::Schema(schema, at, owner),
                None => Additional::Open,
            }
        };
        if merged.properties.is_empty() {
            // Objects without properties: a map, as `additionalProperties` alone would be.
            let value = match additional {
                Additional::Schema(schema, at, _) => {
                    let hint = format!("{}Value", naming_hint(naming));
                    self.lower_schema(schema, &at, Naming::Hint(&hint))
                        .into_type_ref()
                }
                Additional::Open | Additional::Closed => TypeRef::Any,
            };
            return Shape::of(TypeRef::Map(Box::new(value)));
        }
        let name = self.nominal_name(naming, pointer);
        self.define_struct(
            name,
            pointer,
            map,
            merged.properties,
            &merged.required,
            additional,
        )
    }

    /// Gathers one `allOf` part: a `$ref` is followed (its properties are named after the
    /// target), nested `allOf`s are flattened, objects are added, other typed parts are kept
    /// aside and parts that only annotate are skipped.
    fn collect_part(
        &mut self,
        part: &'a Value,
        at: JsonPointer,
        owner: Option<String>,
        visiting: &mut Vec<JsonPointer>,
        merged: &mut Merged<'a>,
    ) {
        let Some(map) = part.as_object() else {
            if !part.is_boolean() {
                self.error(
                    &at,
                    format!(
                        "an `allOf` part must be a schema (a mapping), found {}",
                        kind_of(part)
                    ),
                );
            }
            return;
        };
        if let Some(reference) = map.get("$ref") {
            let Some(target) = self.schema_ref_target(reference, &at.push("$ref")) else {
                return;
            };
            let Some(schema) = self.value_at(&target) else {
                return;
            };
            if !self.mergeable(schema) {
                merged.others.push((at, part));
                return;
            }
            if visiting.contains(&target) {
                self.warn_once(
                    &at,
                    "this `allOf` part leads back to a schema being merged (a `$ref` cycle); it is left out",
                );
                return;
            }
            let owner = self
                .named
                .get(&target)
                .cloned()
                .unwrap_or_else(|| pascal_case(target.last().unwrap_or("Schema")));
            visiting.push(target.clone());
            self.collect_part(schema, target, Some(owner), visiting, merged);
            visiting.pop();
            return;
        }
        if let Some(parts) = map.get("allOf") {
            match parts.as_array() {
                Some(parts) => {
                    for (index, sub) in parts.iter().enumerate() {
                        let sub_at = at.push("allOf").index(index);
                        self.collect_part(sub, sub_at, owner.clone(), visiting, merged);
                    }
                }
                None => self.error(
                    &at.push("allOf"),
                    format!(
                        "`allOf` must be a list of schemas, found {}",
                        kind_of(parts)
                    ),
                ),
            }
            if has_object_keywords(map) {
                self.add_object(map, &at, owner, merged);
            }
            return;
        }
        if self.mergeable(part) {
            for key in ["oneOf", "anyOf"] {
                if map.contains_key(key) {
                    self.warn_once(
                        &at.push(key),
                        format!("`{key}` inside an `allOf` part is not generated; the merged object keeps the part's properties"),
                    );
                }
            }
            self.add_object(map, &at, owner, merged);
        } else if has_type_keywords(part) {
            merged.others.push((at, part));
        }
    }

    /// Whether an `allOf` part can be merged as an object.
    fn mergeable(&self, schema: &Value) -> bool {
        self.object_like(schema, false, 0) || schema.get("required").is_some()
    }

    /// Adds an object part's properties, `required` and `additionalProperties`.
    fn add_object(
        &mut self,
        map: &'a Map<String, Value>,
        at: &JsonPointer,
        owner: Option<String>,
        merged: &mut Merged<'a>,
    ) {
        merged.object = true;
        match map.get("properties") {
            None => {}
            Some(Value::Object(properties)) => {
                for (wire, schema) in properties {
                    merged.properties.push(PropertyDef {
                        wire,
                        schema,
                        at: at.push("properties").push(wire.as_str()),
                        owner: owner.clone(),
                    });
                }
            }
            Some(other) => self.error(
                &at.push("properties"),
                format!("`properties` must be a mapping, found {}", kind_of(other)),
            ),
        }
        for name in required_of(map) {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => merged.closed = true,
            Some(schema) => {
                if merged.additional.is_none() {
                    merged.additional = Some((schema, at.push("additionalProperties"), owner));
                }
            }
        }
    }

    /// `allOf` parts none of which is an object: parts of one type are that type; parts of
    /// different types have no Rust form.
    fn lower_other_parts(
        &mut self,
        others: &[(JsonPointer, &'a Value)],
        at: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        match others {
            [] => Shape::of(TypeRef::Any),
            [(part_at, only)] => self.lower_schema(only, part_at, naming),
            several => {
                let hint = naming_hint(naming).to_owned();
                let shapes: Vec<Shape> = several
                    .iter()
                    .map(|(part_at, part)| self.lower_schema(part, part_at, Naming::Hint(&hint)))
                    .collect();
                if shapes.iter().all(|s| s.ty == shapes[0].ty) {
                    return Shape {
                        ty: shapes[0].ty.clone(),
                        nullable: shapes.iter().all(|s| s.nullable),
                    };
                }
                let list: Vec<String> = shapes.iter().map(|s| type_text(&s.ty)).collect();
                self.warn_once(
                    at,
                    format!(
                        "`allOf` of parts with different types ({}) is generated as `serde_json::Value`",
                        list.join(", ")
                    ),
                );
                Shape::of(TypeRef::Any)
            }
        }
    }
}
