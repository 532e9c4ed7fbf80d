//! Schemas (every named type, inline ones included): added, removed, renamed, changed; their
//! properties, enum values and flag values.

use super::differ::{Differ, Places};
use super::report::{ChangeKind as K, Impact, Semver, Subject};
use super::rust::short;
use super::side::Side;
use crate::model::{Field, TypeDef, TypeKind};
use crate::pointer::JsonPointer;

/// Compares every named type, matched by Rust name; an unmatched pair of the same shape is a
/// rename.
pub(super) fn compare(d: &mut Differ<'_>) {
    let base = &d.base.model.types;
    let head = &d.head.model.types;
    let mut added: Vec<&TypeDef> = head
        .values()
        .filter(|h| !base.contains_key(&h.name))
        .collect();
    for b in base.values() {
        if let Some(h) = head.get(&b.name) {
            schema(d, b, h);
            continue;
        }
        let same_shape = added.iter().position(|h| fingerprint(h) == fingerprint(b));
        if let Some(index) = same_shape {
            let h = added.remove(index);
            d.push(
                K::SchemaRenamed,
                Subject::Schema(h.name.clone()),
                format!("schema {}", h.name),
                format!("models::{}", h.name),
                Some(format!("{} → {}", b.name, h.name)),
                Impact::breaking(true, true, "the Rust type is renamed"),
                Places::both(&b.origin, &h.origin),
            );
            continue;
        }
        d.push(
            K::SchemaRemoved,
            Subject::Schema(b.name.clone()),
            format!("schema {}", b.name),
            format!("models::{}", b.name),
            None,
            Impact::breaking(true, true, "the Rust type is gone"),
            Places::base(&b.origin),
        );
    }
    for h in added {
        d.push(
            K::SchemaAdded,
            Subject::Schema(h.name.clone()),
            format!("schema {}", h.name),
            format!("models::{}", h.name),
            None,
            Impact::compatible(Semver::Minor, "a new Rust type"),
            Places::head(&h.origin),
        );
    }
}

/// A type's shape without docs or places, to recognise a renamed schema.
fn fingerprint(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<_> = s
                .fields
                .iter()
                .map(|f| (&f.wire, &f.ty, f.required, f.nullable))
                .collect();
            format!("struct {fields:?} {:?}", s.additional)
        }
        TypeKind::Enum(e) => {
            let wires: Vec<_> = e.variants.iter().map(|v| &v.wire).collect();
            format!("enum {wires:?}")
        }
        TypeKind::Flags(f) => {
            let members: Vec<_> = f.members.iter().map(|m| (&m.wire, m.value)).collect();
            format!("flags {members:?}")
        }
        TypeKind::Alias(target) => format!("alias {target:?}"),
        TypeKind::Union(u) => {
            let variants: Vec<_> = u.variants.iter().map(|v| (&v.ty, &v.tags)).collect();
            format!("union {:?} {variants:?}", u.tag)
        }
    }
}

fn kind_word(def: &TypeDef) -> &'static str {
    match def.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Flags(_) => "flags",
        TypeKind::Alias(_) => "alias",
        TypeKind::Union(_) => "union",
    }
}

/// One type present on both sides.
fn schema(d: &mut Differ<'_>, b: &TypeDef, h: &TypeDef) {
    let subject = Subject::Schema(h.name.clone());
    let rust = format!("models::{}", h.name);
    let item = format!("schema {}", h.name);
    d.description(
        &subject,
        &item,
        &rust,
        b.docs.description.as_deref(),
        h.docs.description.as_deref(),
        Places::both(&b.origin, &h.origin),
    );
    match (&b.kind, &h.kind) {
        (TypeKind::Struct(bs), TypeKind::Struct(hs)) => {
            properties(d, &subject, (b, &bs.fields), (h, &hs.fields));
        }
        (TypeKind::Enum(be), TypeKind::Enum(he)) => {
            let old: Vec<(&str, &str)> = be
                .variants
                .iter()
                .map(|v| (v.wire.as_str(), v.name.as_str()))
                .collect();
            let new: Vec<(&str, &str)> = he
                .variants
                .iter()
                .map(|v| (v.wire.as_str(), v.name.as_str()))
                .collect();
            members(d, &subject, (b, &old), (h, &new), Members::enumeration());
        }
        (TypeKind::Flags(bf), TypeKind::Flags(hf)) => {
            // A member whose value changes is a removal and an addition.
            let key = |m: &crate::model::FlagMember| format!("{}={}", m.wire, m.value);
            let old_keys: Vec<String> = bf.members.iter().map(key).collect();
            let new_keys: Vec<String> = hf.members.iter().map(key).collect();
            let old: Vec<(&str, &str)> = bf
                .members
                .iter()
                .zip(&old_keys)
                .map(|(m, k)| (k.as_str(), m.name.as_str()))
                .collect();
            let new: Vec<(&str, &str)> = hf
                .members
                .iter()
                .zip(&new_keys)
                .map(|(m, k)| (k.as_str(), m.name.as_str()))
                .collect();
            members(d, &subject, (b, &old), (h, &new), Members::flags());
        }
        (TypeKind::Alias(bt), TypeKind::Alias(ht)) => {
            let old = short(d.base_types.of_type(bt));
            let new = short(d.head_types.of_type(ht));
            if old != new {
                d.push(
                    K::SchemaTypeChanged,
                    subject,
                    item,
                    rust,
                    Some(format!("{old} → {new}")),
                    Impact::breaking(true, true, "the type alias names another type"),
                    Places::both(&b.origin, &h.origin),
                );
            }
        }
        (TypeKind::Union(_), TypeKind::Union(_)) => {
            if fingerprint(b) != fingerprint(h) {
                d.push(
                    K::SchemaTypeChanged,
                    subject,
                    item,
                    rust,
                    Some("the alternatives change".to_owned()),
                    Impact::breaking(true, true, "the enum's variants or their types change"),
                    Places::both(&b.origin, &h.origin),
                );
            }
        }
        _ => d.push(
            K::SchemaTypeChanged,
            subject,
            item,
            rust,
            Some(format!("{} → {}", kind_word(b), kind_word(h))),
            Impact::breaking(true, true, "the Rust type becomes another kind of type"),
            Places::both(&b.origin, &h.origin),
        ),
    }
}

/// `models::ChatSessionEntity::rating: Option<i32>`.
fn field_rust(types: &crate::emit::RustTypes<'_>, def: &TypeDef, field: &Field) -> String {
    format!(
        "models::{}::{}: {}",
        def.name,
        field.name,
        short(types.of_field(field))
    )
}

fn properties(
    d: &mut Differ<'_>,
    subject: &Subject,
    (b, old): (&TypeDef, &[Field]),
    (h, new): (&TypeDef, &[Field]),
) {
    for bf in old {
        if let Some(hf) = new.iter().find(|hf| hf.wire == bf.wire) {
            property(d, subject, h, bf, hf);
            continue;
        }
        let rust = field_rust(&d.base_types, b, bf);
        d.push(
            K::PropertyRemoved,
            subject.clone(),
            format!("property {}", bf.wire),
            rust,
            None,
            Impact::breaking(
                true,
                true,
                "the field is gone (a renamed property is a removal and an addition)",
            ),
            Places::base(&bf.origin),
        );
    }
    for hf in new
        .iter()
        .filter(|hf| !old.iter().any(|bf| bf.wire == hf.wire))
    {
        let rust = field_rust(&d.head_types, h, hf);
        let impact = if hf.is_optional() {
            Impact::compatible(
                Semver::Minor,
                "a new optional field; struct literals need `..Default::default()`",
            )
        } else {
            Impact::breaking(
                true,
                true,
                "a new required field: requests, answers and struct literals must set it",
            )
        };
        d.push(
            K::PropertyAdded,
            subject.clone(),
            format!("property {}", hf.wire),
            rust,
            None,
            impact,
            Places::head(&hf.origin),
        );
    }
}

/// The raw `format` of the schema at `pointer` on `side`.
fn format_of(side: &Side, pointer: &JsonPointer) -> Option<String> {
    side.node(pointer)
        .and_then(|node| node.get("format"))
        .and_then(|format| format.as_str())
        .map(str::to_owned)
}

/// One property present on both sides (`h` is the head type).
fn property(d: &mut Differ<'_>, subject: &Subject, h: &TypeDef, bf: &Field, hf: &Field) {
    let item = format!("property {}", hf.wire);
    let rust = field_rust(&d.head_types, h, hf);
    let places = || Places::both(&bf.origin, &hf.origin);
    let old_field = short(d.base_types.of_field(bf));
    let new_field = short(d.head_types.of_field(hf));
    let old_type = short(d.base_types.of_type(&bf.ty));
    let new_type = short(d.head_types.of_type(&hf.ty));
    if old_type != new_type {
        d.push(
            K::PropertyTypeChanged,
            subject.clone(),
            item.clone(),
            rust.clone(),
            Some(format!("{old_type} → {new_type}")),
            Impact::breaking(true, true, "the field changes type"),
            places(),
        );
    } else {
        let old_format = format_of(d.base, &bf.origin);
        let new_format = format_of(d.head, &hf.origin);
        if old_format != new_format {
            let show = |f: Option<String>| f.unwrap_or_else(|| "none".to_owned());
            d.push(
                K::PropertyFormatChanged,
                subject.clone(),
                item.clone(),
                rust.clone(),
                Some(format!("{} → {}", show(old_format), show(new_format))),
                Impact::compatible(Semver::Patch, "the Rust type stays the same"),
                places(),
            );
        }
    }
    let optionality =
        |kind, word: fn(bool) -> &'static str, old: bool, new: bool, d: &mut Differ<'_>| {
            let impact = if old_field == new_field {
                Impact::compatible(Semver::Patch, "the Rust type stays the same")
            } else {
                Impact::breaking(
                    true,
                    true,
                    format!("the field's type changes: {old_field} → {new_field}"),
                )
            };
            d.push(
                kind,
                subject.clone(),
                item.clone(),
                rust.clone(),
                Some(format!("{} → {}", word(old), word(new))),
                impact,
                places(),
            );
        };
    if bf.required != hf.required {
        let word = |required| if required { "required" } else { "optional" };
        optionality(
            K::PropertyRequiredChanged,
            word,
            bf.required,
            hf.required,
            d,
        );
    }
    if bf.nullable != hf.nullable {
        let word = |nullable| if nullable { "nullable" } else { "not nullable" };
        optionality(
            K::PropertyNullableChanged,
            word,
            bf.nullable,
            hf.nullable,
            d,
        );
    }
    d.default(subject, &item, &rust, (&bf.origin, &hf.origin));
    d.description(
        subject,
        &item,
        &rust,
        bf.docs.description.as_deref(),
        hf.docs.description.as_deref(),
        places(),
    );
}

/// How enum values or flag values are named and found in the raw schema.
struct Members {
    added: K,
    removed: K,
    what: &'static str,
    /// The raw list holding the members, and how an entry names its member.
    list: &'static str,
    added_reason: &'static str,
}

impl Members {
    fn enumeration() -> Self {
        Self {
            added: K::EnumValueAdded,
            removed: K::EnumValueRemoved,
            what: "enum value",
            list: "enum",
            added_reason:
                "a new variant of a #[non_exhaustive] enum; older clients keep the value in `Other`",
        }
    }

    fn flags() -> Self {
        Self {
            added: K::FlagValueAdded,
            removed: K::FlagValueRemoved,
            what: "flag value",
            list: "x-flags",
            added_reason: "a new member of a #[non_exhaustive] flag enum; older clients keep the name as unknown",
        }
    }

    /// The pointer of member `wire` (`name=value` for flags) under the type at `origin`.
    fn pointer(&self, side: &Side, origin: &JsonPointer, wire: &str) -> JsonPointer {
        let name = wire.split('=').next().unwrap_or(wire);
        let list = side
            .node(origin)
            .and_then(|node| node.get(self.list))
            .and_then(|list| list.as_array());
        let index = list.and_then(|items| {
            items.iter().position(|item| {
                item.as_str() == Some(name)
                    || item.get("name").and_then(|n| n.as_str()) == Some(name)
            })
        });
        match index {
            Some(index) => origin.push(self.list).index(index),
            None => origin.clone(),
        }
    }
}

/// Members (wire key, Rust variant) added and removed.
fn members(
    d: &mut Differ<'_>,
    subject: &Subject,
    (b, old): (&TypeDef, &[(&str, &str)]),
    (h, new): (&TypeDef, &[(&str, &str)]),
    kind: Members,
) {
    for (wire, variant) in old.iter().filter(|(w, _)| !new.iter().any(|(n, _)| n == w)) {
        let at = kind.pointer(d.base, &b.origin, wire);
        d.push(
            kind.removed,
            subject.clone(),
            format!("{} {wire}", kind.what),
            format!("models::{}::{variant}", b.name),
            None,
            Impact::breaking(true, true, "the variant is gone"),
            Places::base(&at),
        );
    }
    for (wire, variant) in new.iter().filter(|(w, _)| !old.iter().any(|(o, _)| o == w)) {
        let at = kind.pointer(d.head, &h.origin, wire);
        d.push(
            kind.added,
            subject.clone(),
            format!("{} {wire}", kind.what),
            format!("models::{}::{variant}", h.name),
            None,
            Impact::compatible(Semver::Minor, kind.added_reason),
            Places::head(&at),
        );
    }
}
