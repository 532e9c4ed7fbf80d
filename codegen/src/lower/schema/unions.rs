//! Unions: `oneOf`/`anyOf` (tagged by a discriminator when it can choose among the
//! alternatives, untagged otherwise; the `[T, null]` idiom is a nullable `T`) and `type` lists,
//! with their variants named.

use serde_json::{Map, Value};

use super::keywords::is_null_schema;
use super::notes::notes_of;
use super::shape::{naming_hint, Naming, Shape};
use crate::lower::context::Context;
use crate::lower::node::kind_of;
use crate::model::{Primitive, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::naming::{pascal_case, Scope};
use crate::pointer::JsonPointer;

/// A union's discriminator: the property and each variant's values.
struct Tags {
    property: String,
    per_variant: Vec<Vec<String>>,
}

impl<'a> Context<'a> {
    /// `type: [string, integer]`: an untagged union with a variant per type.
    pub(super) fn lower_type_list(
        &mut self,
        types: &[&str],
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let hint = naming_hint(naming).to_owned();
        let at = pointer.push("type");
        let mut names = Scope::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, type_name) in types.iter().enumerate() {
            let child = format!("{hint}{}", pascal_case(type_name));
            let ty = self
                .lower_typed(type_name, map, pointer, Naming::Hint(&child))
                .ty;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let word = match &ty {
                // An object or array of this list is named after the schema: name its variant
                // after the JSON type instead.
                TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_) => pascal_case(type_name),
                other => kind_word(other),
            };
            variants.push(UnionVariant {
                name: names.claim(&word),
                ty,
                tags: Vec::new(),
                boxed: false,
                origin: at.index(index),
            });
        }
        if let [only] = variants.as_slice() {
            return Shape::of(only.ty.clone());
        }
        let fallback = Some(names.claim("Other"));
        let name = self.insert_nominal(
            naming,
            pointer,
            map,
            notes_of(map),
            TypeKind::Union(UnionDef {
                variants,
                tag: None,
                fallback,
            }),
        );
        Shape::of(TypeRef::Named(name))
    }

    /// `anyOf`/`oneOf`: the `[T, null]` idiom becomes a nullable `T`, several alternatives a
    /// union.
    pub(super) fn lower_alternatives(
        &mut self,
        key: &str,
        alternatives: &'a Value,
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
    ) -> Shape {
        let at = pointer.push(key);
        let Some(items) = alternatives.as_array() else {
            self.error(
                &at,
                format!(
                    "`{key}` must be a list of schemas, found {}",
                    kind_of(alternatives)
                ),
            );
            return Shape::of(TypeRef::Any);
        };
        let (nulls, others): (Vec<_>, Vec<_>) = items
            .iter()
            .enumerate()
            .partition(|(_, item)| is_null_schema(item));
        let nullable = !nulls.is_empty();
        match others.as_slice() {
            [] => Shape {
                ty: TypeRef::Any,
                nullable,
            },
            [(index, only)] => {
                let mut shape = self.lower_schema(only, &at.index(*index), naming);
                shape.nullable |= nullable;
                shape
            }
            several => self.lower_union(key, several, map, pointer, naming, nullable),
        }
    }

    /// Several alternatives → a union: tagged when a discriminator can choose among them,
    /// untagged otherwise. Alternatives of one Rust type are one variant.
    fn lower_union(
        &mut self,
        key: &str,
        alternatives: &[(usize, &'a Value)],
        map: &'a Map<String, Value>,
        pointer: &JsonPointer,
        naming: Naming<'_>,
        mut nullable: bool,
    ) -> Shape {
        let at = pointer.push(key);
        let hint = naming_hint(naming).to_owned();
        if map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
        {
            self.warn_once(
                &pointer.push("properties"),
                format!("`properties` next to `{key}` are not generated; each alternative must list them"),
            );
        }
        // Each distinct type with the alternatives that gave it.
        let mut lowered: Vec<(TypeRef, Vec<(usize, &'a Value)>)> = Vec::new();
        for &(index, item) in alternatives {
            let child = match item.get("title").and_then(Value::as_str) {
                Some(title) => format!("{hint}{}", pascal_case(title)),
                None => format!("{hint}Variant{index}"),
            };
            let shape = self.lower_schema(item, &at.index(index), Naming::Hint(&child));
            nullable |= shape.nullable;
            match lowered.iter_mut().find(|(ty, _)| *ty == shape.ty) {
                Some((_, sources)) => sources.push((index, item)),
                None => lowered.push((shape.ty, vec![(index, item)])),
            }
        }
        fold_string_alternatives(&mut lowered);
        if let [(only, _)] = lowered.as_slice() {
            // Every alternative has the same Rust type.
            return Shape {
                ty: only.clone(),
                nullable,
            };
        }
        let tags = self.union_tags(map, &lowered, pointer, &at);
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for (position, (ty, sources)) in lowered.into_iter().enumerate() {
            let (index, item) = sources[0];
            variants.push(UnionVariant {
                name: names.claim(&variant_word(&ty, item, &hint)),
                ty,
                tags: tags
                    .as_ref()
                    .map(|t| t.per_variant[position].clone())
                    .unwrap_or_default(),
                boxed: false,
                origin: at.index(index),
            });
        }
        // An alternative of any value leaves nothing for a fallback to keep.
        let fallback = (tags.is_some() || !variants.iter().any(|v| v.ty == TypeRef::Any))
            .then(|| names.claim("Other"));
        let name = self.insert_nominal(
            naming,
            pointer,
            map,
            Vec::new(),
            TypeKind::Union(UnionDef {
                variants,
                tag: tags.map(|t| t.property),
                fallback,
            }),
        );
        Shape {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// The discriminator's property and every variant's values, when it can choose among the
    /// alternatives; otherwise (no discriminator, or a warning saying why) `None`.
    fn union_tags(
        &mut self,
        map: &'a Map<String, Value>,
        lowered: &[(TypeRef, Vec<(usize, &'a Value)>)],
        pointer: &JsonPointer,
        alternatives_at: &JsonPointer,
    ) -> Option<Tags> {
        let discriminator = map.get("discriminator")?;
        let at = pointer.push("discriminator");
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            self.warn_once(
                &at,
                "a `discriminator` needs a string `propertyName`; without one the union is untagged (its alternatives are tried in turn)",
            );
            return None;
        };
        for (_, sources) in lowered {
            for &(index, item) in sources {
                if !self.object_like(item, true, 0) {
                    self.warn_once(
                        &alternatives_at.index(index),
                        format!("this alternative is not an object, so discriminator `{property}` cannot select it; the union is untagged (its alternatives are tried in turn)"),
                    );
                    return None;
                }
            }
        }
        let ref_target = |item: &Value| {
            item.get("$ref")
                .and_then(Value::as_str)
                .and_then(JsonPointer::parse_fragment)
        };
        let mut per_variant: Vec<Vec<String>> = vec![Vec::new(); lowered.len()];
        match discriminator.get("mapping") {
            None => {}
            Some(Value::Object(mapping)) => {
                for (value, target) in mapping {
                    let mapping_at = at.push("mapping").push(value.as_str());
                    // A schema name, or a `$ref`-style pointer.
                    let target_pointer = target.as_str().and_then(|text| {
                        if text.starts_with('#') {
                            JsonPointer::parse_fragment(text)
                        } else if text.contains('/') {
                            None
                        } else {
                            Some(
                                JsonPointer::root()
                                    .push("components")
                                    .push("schemas")
                                    .push(text),
                            )
                        }
                    });
                    let variant = target_pointer.and_then(|wanted| {
                        lowered.iter().position(|(_, sources)| {
                            sources
                                .iter()
                                .any(|(_, item)| ref_target(item).as_ref() == Some(&wanted))
                        })
                    });
                    match variant {
                        Some(variant) => per_variant[variant].push(value.clone()),
                        None => self.warn_once(
                            &mapping_at,
                            format!("discriminator mapping `{value}` names no `$ref` alternative of this union; the value is left out (such objects are kept in the fallback variant)"),
                        ),
                    }
                }
            }
            Some(other) => self.warn_once(
                &at.push("mapping"),
                format!(
                    "a discriminator `mapping` must be a mapping, found {}; it is ignored",
                    kind_of(other)
                ),
            ),
        }
        // A `$ref` alternative the mapping does not name is selected by its schema name.
        for (position, (_, sources)) in lowered.iter().enumerate() {
            if per_variant[position].is_empty() {
                for (_, item) in sources {
                    let Some(name) = ref_target(item).and_then(|t| t.last().map(str::to_owned))
                    else {
                        continue;
                    };
                    if !per_variant.iter().flatten().any(|taken| *taken == name) {
                        per_variant[position].push(name);
                    }
                }
            }
            if per_variant[position].is_empty() {
                self.warn_once(
                    &alternatives_at.index(sources[0].0),
                    format!("this alternative has no value of discriminator `{property}` (only `$ref` alternatives have one, by their schema name or `mapping`); the union is untagged (its alternatives are tried in turn)"),
                );
                return None;
            }
        }
        Some(Tags {
            property: property.to_owned(),
            per_variant,
        })
    }
}

/// Folds the alternatives whose types keep any string (`String`, and dates and UUIDs, which
/// keep the text they cannot parse) into one `String` alternative when there are several:
/// tried in turn, the first would take every string and shadow the others.
fn fold_string_alternatives<S>(lowered: &mut Vec<(TypeRef, Vec<S>)>) {
    let keeps_any_string = |ty: &TypeRef| {
        matches!(
            ty,
            TypeRef::Primitive(Primitive::String) | TypeRef::Date | TypeRef::Uuid
        )
    };
    let Some(first) = lowered.iter().position(|(ty, _)| keeps_any_string(ty)) else {
        return;
    };
    if lowered
        .iter()
        .filter(|(ty, _)| keeps_any_string(ty))
        .count()
        < 2
    {
        return;
    }
    let mut sources = Vec::new();
    let mut kept = Vec::new();
    for (position, (ty, mut from)) in std::mem::take(lowered).into_iter().enumerate() {
        if !keeps_any_string(&ty) {
            kept.push((ty, from));
            continue;
        }
        sources.append(&mut from);
        if position == first {
            // A placeholder, filled once every string alternative is collected.
            kept.push((TypeRef::Primitive(Primitive::String), Vec::new()));
        }
    }
    // Everything before the first string alternative was kept as it was, so the placeholder
    // is at `first`.
    if let Some((_, slot)) = kept.get_mut(first) {
        *slot = sources;
    }
    *lowered = kept;
}

/// A union variant's name: a `$ref`'s type name, an inline alternative's `title` (or its
/// type name without the union's), or the kind of a type expression.
fn variant_word(ty: &TypeRef, item: &Value, union_hint: &str) -> String {
    let is_ref = item.get("$ref").is_some();
    if !is_ref {
        if let Some(title) = item.get("title").and_then(Value::as_str) {
            return pascal_case(title);
        }
    }
    match ty {
        TypeRef::Named(name) if !is_ref => name
            .strip_prefix(union_hint)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .unwrap_or(name)
            .to_owned(),
        other => kind_word(other),
    }
}

/// A type expression's kind as a PascalCase word: `String`, `Integer`, `DogList`, ….
fn kind_word(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Primitive(Primitive::Bool) => "Boolean".to_owned(),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "Number".to_owned(),
        TypeRef::Primitive(Primitive::String) => "String".to_owned(),
        TypeRef::Primitive(_) => "Integer".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
        // Untyped lists and maps are JSON's arrays and objects.
        TypeRef::Vec(inner) if **inner == TypeRef::Any => "Array".to_owned(),
        TypeRef::Map(inner) if **inner == TypeRef::Any => "Object".to_owned(),
        TypeRef::Vec(inner) => format!("{}List", kind_word(inner)),
        TypeRef::Map(inner) => format!("{}Map", kind_word(inner)),
        TypeRef::Nullable(inner) => kind_word(inner),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
    }
}
