//! Operations that share a server route (ASP.NET's `User/{id:int}` beside `User/{name}`):
//! what text each path parameter takes, and the order the router tries them in.

use std::collections::BTreeMap;

use super::operations::{path_parameters, Operation, ParameterLocation};
use super::types::{EnumDef, Primitive, TypeDef, TypeKind, TypeRef};

/// What text a path parameter takes, as far as telling apart operations of one route goes:
/// the values its handler reads without refusing them (or, for `Uuid` and `Date`, whose
/// types keep any text, the values that are what the format says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// Any text: strings, lists and everything else.
    Text,
    /// A known member of an open enum (ASP.NET's enum-typed route parameter): beside an
    /// operation taking any text, only the members the spec lists reach it.
    Member,
    /// A number (`f32`, `f64`).
    Number,
    /// An integer of this primitive's range.
    Integer(Primitive),
    /// `true` or `false`.
    Bool,
    /// A UUID (`format: uuid`).
    Uuid,
    /// A `YYYY-MM-DD` date (`format: date`).
    Date,
    /// A date-time (`format: date-time`).
    DateTime,
}

impl PathKind {
    /// The kind of a parameter of type `ty`, aliases followed through `types`.
    pub fn of(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Self {
        match resolve_aliases(ty, types) {
            TypeRef::Primitive(Primitive::Bool) => Self::Bool,
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => Self::Number,
            TypeRef::Primitive(Primitive::String) => Self::Text,
            TypeRef::Primitive(integer) => Self::Integer(*integer),
            TypeRef::Uuid => Self::Uuid,
            TypeRef::Date => Self::Date,
            TypeRef::DateTime => Self::DateTime,
            ty if enum_behind(ty, types).is_some() => Self::Member,
            _ => Self::Text,
        }
    }

    /// Whether every text `other` takes, this takes too.
    pub fn covers(self, other: Self) -> bool {
        match (self, other) {
            (Self::Text, _) => true,
            // Two enums may share a member: the one tried first may take the other's texts.
            (Self::Member, Self::Member) => true,
            (Self::Number, Self::Integer(_)) => true,
            (Self::Integer(wide), Self::Integer(narrow)) => {
                let (wide_min, wide_max) = integer_range(wide);
                let (narrow_min, narrow_max) = integer_range(narrow);
                wide_min <= narrow_min && narrow_max <= wide_max
            }
            _ => self == other,
        }
    }

    /// How few texts it takes: a kind that covers another has a lower specificity.
    fn specificity(self) -> u32 {
        match self {
            Self::Text => 0,
            Self::Number | Self::Member => 1,
            Self::Integer(integer) => match integer_range(integer).1 {
                max if max > i128::from(u32::MAX) => 2,
                max if max > i128::from(u16::MAX) => 3,
                max if max > i128::from(u8::MAX) => 4,
                _ => 5,
            },
            Self::Bool | Self::Uuid | Self::Date | Self::DateTime => 5,
        }
    }

    /// What it takes, for messages: `any text`, `an integer (i32)`.
    pub fn describe(self) -> String {
        match self {
            Self::Text => "any text".to_owned(),
            Self::Member => "a member of its enum".to_owned(),
            Self::Number => "a number".to_owned(),
            Self::Integer(integer) => format!("an integer ({})", primitive_name(integer)),
            Self::Bool => "a boolean".to_owned(),
            Self::Uuid => "a UUID".to_owned(),
            Self::Date => "a date".to_owned(),
            Self::DateTime => "a date-time".to_owned(),
        }
    }
}

/// `ty` with aliases followed through `types` (an alias cycle, an error elsewhere, ends the
/// walk at some alias of it).
fn resolve_aliases<'t>(ty: &'t TypeRef, types: &'t BTreeMap<String, TypeDef>) -> &'t TypeRef {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// The open enum a parameter of type `ty` reads (aliases followed): its name and definition.
pub fn enum_behind<'t>(
    ty: &'t TypeRef,
    types: &'t BTreeMap<String, TypeDef>,
) -> Option<(&'t str, &'t EnumDef)> {
    match resolve_aliases(ty, types) {
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Enum(def)) => Some((name, def)),
            _ => None,
        },
        _ => None,
    }
}

/// The smallest and largest value of an integer primitive.
fn integer_range(integer: Primitive) -> (i128, i128) {
    match integer {
        Primitive::I8 => (i128::from(i8::MIN), i128::from(i8::MAX)),
        Primitive::I16 => (i128::from(i16::MIN), i128::from(i16::MAX)),
        Primitive::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        Primitive::U8 => (0, i128::from(u8::MAX)),
        Primitive::U16 => (0, i128::from(u16::MAX)),
        Primitive::U32 => (0, i128::from(u32::MAX)),
        Primitive::U64 => (0, i128::from(u64::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    }
}

fn primitive_name(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::I8 => "i8",
        Primitive::I16 => "i16",
        Primitive::I32 => "i32",
        Primitive::U8 => "u8",
        Primitive::U16 => "u16",
        Primitive::U32 => "u32",
        Primitive::U64 => "u64",
        _ => "i64",
    }
}

impl Operation {
    /// The kind of each path parameter, in path order (`p0`, `p1`, …).
    pub fn path_kinds(&self, types: &BTreeMap<String, TypeDef>) -> Vec<PathKind> {
        path_parameters(&self.path)
            .into_iter()
            .map(|wire| {
                self.parameters_in(ParameterLocation::Path)
                    .find(|p| p.wire == wire)
                    .map_or(PathKind::Text, |p| PathKind::of(&p.ty, types))
            })
            .collect()
    }
}

/// Whether every path `b`'s parameters take, `a`'s take too (so `b` is never reached after
/// `a`).
pub fn covers_path(a: &[PathKind], b: &[PathKind]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.covers(*b))
}

/// The order the router tries `operations` (of one route and method, in spec order) in:
/// most constrained first (the sum of their path parameters' specificities), then spec order.
/// Each is its index in `operations`, with its path kinds.
pub fn dispatch_order(
    operations: &[&Operation],
    types: &BTreeMap<String, TypeDef>,
) -> Vec<(usize, Vec<PathKind>)> {
    let mut ordered: Vec<(usize, Vec<PathKind>)> = operations
        .iter()
        .map(|op| op.path_kinds(types))
        .enumerate()
        .collect();
    // Stable: equally constrained operations stay in spec order.
    ordered.sort_by_key(|(_, kinds)| {
        std::cmp::Reverse(kinds.iter().map(|k| k.specificity()).sum::<u32>())
    });
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[PathKind] = &[
        PathKind::Text,
        PathKind::Member,
        PathKind::Number,
        PathKind::Integer(Primitive::I8),
        PathKind::Integer(Primitive::I16),
        PathKind::Integer(Primitive::I32),
        PathKind::Integer(Primitive::I64),
        PathKind::Integer(Primitive::U8),
        PathKind::Integer(Primitive::U16),
        PathKind::Integer(Primitive::U32),
        PathKind::Integer(Primitive::U64),
        PathKind::Bool,
        PathKind::Uuid,
        PathKind::Date,
        PathKind::DateTime,
    ];

    /// A kind that covers another is tried after it: ordering by specificity never lets a
    /// wider parameter shadow a narrower one.
    #[test]
    fn wider_kinds_are_less_specific() {
        for a in KINDS {
            for b in KINDS {
                if a != b && a.covers(*b) {
                    assert!(a.specificity() < b.specificity(), "{a:?} covers {b:?}");
                }
            }
        }
        assert!(PathKind::Integer(Primitive::I64).covers(PathKind::Integer(Primitive::U32)));
        assert!(!PathKind::Integer(Primitive::I64).covers(PathKind::Integer(Primitive::U64)));
        assert!(!PathKind::Integer(Primitive::I32).covers(PathKind::Number));
        assert!(!PathKind::Uuid.covers(PathKind::Date));
    }

    #[test]
    fn aliases_are_followed_and_enums_take_their_members() {
        let def = |name: &str, kind: TypeKind| TypeDef {
            name: name.to_owned(),
            module: name.to_lowercase(),
            origin: crate::pointer::JsonPointer::root(),
            docs: Default::default(),
            deprecated: false,
            notes: Vec::new(),
            kind,
        };
        let mut types = BTreeMap::new();
        types.insert(
            "Id".to_owned(),
            def("Id", TypeKind::Alias(TypeRef::Named("RawId".to_owned()))),
        );
        types.insert(
            "RawId".to_owned(),
            def("RawId", TypeKind::Alias(TypeRef::Primitive(Primitive::I32))),
        );
        types.insert(
            "Loop".to_owned(),
            def("Loop", TypeKind::Alias(TypeRef::Named("Loop".to_owned()))),
        );
        types.insert(
            "Role".to_owned(),
            def(
                "Role",
                TypeKind::Enum(EnumDef {
                    variants: Vec::new(),
                    fallback: "Other".to_owned(),
                }),
            ),
        );
        types.insert(
            "RoleAlias".to_owned(),
            def(
                "RoleAlias",
                TypeKind::Alias(TypeRef::Named("Role".to_owned())),
            ),
        );
        let named = |name: &str| TypeRef::Named(name.to_owned());
        assert_eq!(PathKind::of(&named("RoleAlias"), &types), PathKind::Member);
        assert_eq!(
            enum_behind(&named("RoleAlias"), &types).map(|(name, _)| name),
            Some("Role")
        );
        assert_eq!(
            PathKind::of(&named("Id"), &types),
            PathKind::Integer(Primitive::I32)
        );
        assert_eq!(PathKind::of(&named("Loop"), &types), PathKind::Text);
        assert_eq!(PathKind::of(&named("Missing"), &types), PathKind::Text);
        let list = TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::I32)));
        assert_eq!(PathKind::of(&list, &types), PathKind::Text);
    }
}
