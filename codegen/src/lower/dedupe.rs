//! Identical inline schemas share one type.
//!
//! Specs written by hand repeat small inline objects and enums, and bundled specs (GitHub's
//! inlines every webhook payload) repeat whole object graphs: GitHub's spec lowers to 7,500
//! types of which 2,800 differ. Each inline type that is identical to another (same fields,
//! docs and notes, referring to the same types) is replaced by one canonical type: a component
//! schema when one is identical (its name is the one users know), else the shortest name.
//! Component schemas are never replaced: users name them.
//!
//! Runs to a fixed point, leaves first: two parents become identical once their children
//! have been merged. A type that refers to itself is never merged through itself, so a
//! containment cycle keeps the `Box` it has.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Model, TypeDef, TypeKind, TypeRef};
use crate::pointer::JsonPointer;

/// Merges identical inline types of `model` and rewrites every reference to them.
pub(super) fn merge_identical_inline_types(model: &mut Model) {
    // Removed type → the type that replaces it, and how many it stands for, by canonical.
    let mut replaced: HashMap<String, String> = HashMap::new();
    let mut first_copy: BTreeMap<String, (usize, JsonPointer)> = BTreeMap::new();
    // Each distinct shape key gets a class number; a type's class is recomputed only when
    // its references changed.
    let mut classes: HashMap<String, usize> = HashMap::new();
    let mut class_of: HashMap<String, usize> = HashMap::new();
    loop {
        for def in model.types.values() {
            if !class_of.contains_key(&def.name) {
                let next = classes.len();
                let class = *classes.entry(shape_key(def)).or_insert(next);
                class_of.insert(def.name.clone(), class);
            }
        }
        let mut by_shape: HashMap<usize, Vec<&TypeDef>> = HashMap::new();
        for def in model.types.values() {
            by_shape.entry(class_of[&def.name]).or_default().push(def);
        }
        let mut round: HashMap<String, String> = HashMap::new();
        for group in by_shape.into_values().filter(|group| group.len() > 1) {
            let canonical = group
                .iter()
                .min_by_key(|def| (!is_component(def), def.name.len(), &def.name))
                .map(|def| def.name.clone())
                .unwrap_or_default();
            for def in group.iter().filter(|def| !is_component(def)) {
                if def.name != canonical {
                    round.insert(def.name.clone(), canonical.clone());
                    let entry = first_copy
                        .entry(canonical.clone())
                        .or_insert_with(|| (0, def.origin.clone()));
                    entry.0 += 1;
                    if def.origin < entry.1 {
                        entry.1 = def.origin.clone();
                    }
                }
            }
        }
        if round.is_empty() {
            break;
        }
        for name in round.keys() {
            model.types.remove(name);
            class_of.remove(name);
        }
        // A canonical of an earlier round may itself have been replaced now.
        for target in replaced.values_mut() {
            if let Some(newer) = round.get(target) {
                newer.clone_into(target);
            }
        }
        for def in model.types.values_mut() {
            let mut changed = false;
            def.for_each_type_ref_mut(&mut |ty| changed |= rename_ref(ty, &round));
            if changed {
                class_of.remove(&def.name);
            }
        }
        model.operations_type_refs_mut(&mut |ty| {
            rename_ref(ty, &round);
        });
        replaced.extend(round);
    }
    note_copies(model, &replaced, first_copy);
}

/// Whether `def` is a schema of `#/components/schemas`, which users know by name.
fn is_component(def: &TypeDef) -> bool {
    matches!(def.origin.tokens(), [components, schemas, _] if components == "components" && schemas == "schemas")
}

/// What makes two types the same Rust type apart from their names and places: everything
/// but the name, the module and the pointers, written out (strings length-prefixed, so no
/// two different types can write the same key).
fn shape_key(def: &TypeDef) -> String {
    let mut key = Key(String::with_capacity(256));
    key.text(def.docs.title.as_deref());
    key.text(def.docs.description.as_deref());
    key.flag(def.deprecated);
    key.texts(&def.notes);
    match &def.kind {
        TypeKind::Struct(s) => {
            key.tag('S');
            for f in &s.fields {
                key.text(Some(&f.name));
                key.text(Some(&f.wire));
                key.ty(&f.ty);
                for flag in [f.required, f.nullable, f.boxed, f.deprecated] {
                    key.flag(flag);
                }
                key.text(f.docs.title.as_deref());
                key.text(f.docs.description.as_deref());
                key.texts(&f.notes);
            }
            key.tag('+');
            match &s.additional {
                Some(ty) => key.ty(ty),
                None => key.tag('-'),
            }
            key.text(Some(&s.additional_field));
        }
        TypeKind::Union(u) => {
            key.tag('U');
            for v in &u.variants {
                key.text(Some(&v.name));
                key.ty(&v.ty);
                key.texts(&v.tags);
                key.flag(v.boxed);
            }
            key.tag('+');
            key.text(u.tag.as_deref());
            key.text(u.fallback.as_deref());
        }
        TypeKind::Enum(e) => {
            key.tag('E');
            for v in &e.variants {
                key.text(Some(&v.name));
                key.text(Some(&v.wire));
                key.text(v.description.as_deref());
            }
            key.tag('+');
            key.text(Some(&e.fallback));
        }
        TypeKind::Flags(f) => {
            key.tag('F');
            for m in &f.members {
                key.text(Some(&m.name));
                key.text(Some(&m.wire));
                key.text(Some(&m.value.to_string()));
                key.text(m.description.as_deref());
            }
        }
        TypeKind::Alias(target) => {
            key.tag('A');
            key.ty(target);
        }
    }
    key.0
}

/// A shape key being written.
struct Key(String);

impl Key {
    fn tag(&mut self, tag: char) {
        self.0.push(tag);
    }

    fn flag(&mut self, flag: bool) {
        self.0.push(if flag { '1' } else { '0' });
    }

    /// An optional text: `-` when absent, else its length, `:` and the text.
    fn text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.0.push_str(&text.len().to_string());
                self.0.push(':');
                self.0.push_str(text);
            }
            None => self.0.push('-'),
        }
    }

    fn texts(&mut self, texts: &[String]) {
        self.0.push_str(&texts.len().to_string());
        self.0.push('[');
        texts.iter().for_each(|text| self.text(Some(text)));
    }

    fn ty(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Primitive(primitive) => {
                self.tag('p');
                self.0.push_str(&format!("{primitive:?}"));
                self.tag(';');
            }
            TypeRef::DateTime => self.tag('d'),
            TypeRef::Date => self.tag('D'),
            TypeRef::Uuid => self.tag('u'),
            TypeRef::Base64 => self.tag('6'),
            TypeRef::Vec(inner) => {
                self.tag('v');
                self.ty(inner);
            }
            TypeRef::Map(inner) => {
                self.tag('m');
                self.ty(inner);
            }
            TypeRef::Nullable(inner) => {
                self.tag('n');
                self.ty(inner);
            }
            TypeRef::Named(name) => {
                self.tag('t');
                self.text(Some(name));
            }
            TypeRef::Any => self.tag('a'),
            TypeRef::Bytes => self.tag('b'),
        }
    }
}

/// Points a reference to a replaced type at its replacement; whether it did.
fn rename_ref(ty: &mut TypeRef, replaced: &HashMap<String, String>) -> bool {
    match ty {
        TypeRef::Named(name) => match replaced.get(name) {
            Some(canonical) => {
                canonical.clone_into(name);
                true
            }
            None => false,
        },
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename_ref(inner, replaced)
        }
        TypeRef::Primitive(_)
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid
        | TypeRef::Base64
        | TypeRef::Any
        | TypeRef::Bytes => false,
    }
}

/// Tells each canonical type's docs which other schemas it stands for.
fn note_copies(
    model: &mut Model,
    replaced: &HashMap<String, String>,
    first_copy: BTreeMap<String, (usize, JsonPointer)>,
) {
    // Counts of canonicals that were replaced later moved on with them.
    let mut copies: BTreeMap<String, (usize, JsonPointer)> = BTreeMap::new();
    for (canonical, (count, first)) in first_copy {
        let target = replaced.get(&canonical).cloned().unwrap_or(canonical);
        let entry = copies.entry(target).or_insert_with(|| (0, first.clone()));
        entry.0 += count;
        if first < entry.1 {
            entry.1 = first;
        }
    }
    for (name, (count, first)) in copies {
        if let Some(def) = model.types.get_mut(&name) {
            let first = first.to_string();
            let example = if first.contains('`') {
                String::new()
            } else {
                format!(", the first at `{first}`")
            };
            let schemas = if count == 1 { "schema" } else { "schemas" };
            def.notes.push(format!(
                "Also the type of {count} identical inline {schemas} elsewhere in the spec{example}."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, EnumDef, Field, StructDef, Variant};

    fn pointer(path: &[&str]) -> JsonPointer {
        path.iter().fold(JsonPointer::root(), |p, t| p.push(*t))
    }

    fn enum_type(name: &str, origin: &[&str]) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: name.to_lowercase(),
            origin: pointer(origin),
            docs: Docs::default(),
            deprecated: false,
            notes: Vec::new(),
            kind: TypeKind::Enum(EnumDef {
                variants: vec![Variant {
                    name: "Read".to_owned(),
                    wire: "read".to_owned(),
                    description: None,
                }],
                fallback: "Other".to_owned(),
            }),
        }
    }

    fn struct_type(name: &str, origin: &[&str], field_type: &str) -> TypeDef {
        TypeDef {
            kind: TypeKind::Struct(StructDef {
                fields: vec![Field {
                    name: "access".to_owned(),
                    wire: "access".to_owned(),
                    ty: TypeRef::Named(field_type.to_owned()),
                    required: false,
                    nullable: false,
                    boxed: false,
                    docs: Docs::default(),
                    deprecated: false,
                    origin: pointer(origin).push("access"),
                    notes: Vec::new(),
                }],
                additional: None,
                additional_field: "additional_properties".to_owned(),
            }),
            ..enum_type(name, origin)
        }
    }

    fn model(types: Vec<TypeDef>) -> Model {
        Model {
            types: types.into_iter().map(|t| (t.name.clone(), t)).collect(),
            ..Model::default()
        }
    }

    #[test]
    fn identical_inline_types_merge_into_the_shortest_name_leaves_first() {
        let mut model = model(vec![
            enum_type("AlphaAccess", &["paths", "a"]),
            enum_type("BAccess", &["paths", "b"]),
            struct_type("AlphaOwner", &["paths", "a", "owner"], "AlphaAccess"),
            struct_type("BOwner", &["paths", "b", "owner"], "BAccess"),
        ]);
        merge_identical_inline_types(&mut model);
        let names: Vec<&String> = model.types.keys().collect();
        assert_eq!(names, ["BAccess", "BOwner"]);
        let TypeKind::Struct(owner) = &model.types["BOwner"].kind else {
            panic!("a struct");
        };
        assert_eq!(owner.fields[0].ty, TypeRef::Named("BAccess".to_owned()));
        assert_eq!(
            model.types["BAccess"].notes,
            ["Also the type of 1 identical inline schema elsewhere in the spec, the first at `#/paths/a`."]
        );
    }

    #[test]
    fn a_component_wins_and_components_are_never_merged() {
        let mut model = model(vec![
            enum_type("Access", &["components", "schemas", "access"]),
            enum_type("Permission", &["components", "schemas", "permission"]),
            enum_type("X", &["paths", "x"]),
        ]);
        merge_identical_inline_types(&mut model);
        let names: Vec<&String> = model.types.keys().collect();
        assert_eq!(names, ["Access", "Permission"]);
        assert_eq!(model.types["Access"].notes.len(), 1);
        assert!(model.types["Permission"].notes.is_empty());
    }

    #[test]
    fn types_that_differ_in_docs_stay_apart() {
        let mut described = enum_type("B", &["paths", "b"]);
        described.docs.description = Some("Who may read.".to_owned());
        let mut model = model(vec![enum_type("A", &["paths", "a"]), described]);
        merge_identical_inline_types(&mut model);
        assert_eq!(model.types.len(), 2);
    }
}
