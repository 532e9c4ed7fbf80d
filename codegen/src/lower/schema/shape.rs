//! What lowering a schema gives back ([`Shape`]: a type and whether `null` is allowed) and
//! how a schema that needs a nominal type gets its name ([`Naming`]).

use crate::model::TypeRef;

/// How a schema that needs a nominal type (object, enum, flags, union) gets its name.
#[derive(Clone, Copy, Debug)]
pub(in crate::lower) enum Naming<'n> {
    /// It is a named schema: use this reserved name.
    Fixed(&'n str),
    /// It is inline: claim a fresh name derived from this hint.
    Hint(&'n str),
}

/// A schema's type and whether `null` is allowed.
#[derive(Clone, Debug)]
pub(in crate::lower) struct Shape {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Shape {
    pub(super) fn of(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }

    /// The type with `null` folded in, for places that have no `Option` of their own.
    pub(super) fn into_type_ref(self) -> TypeRef {
        if self.nullable && self.ty != TypeRef::Any {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// The hint inline children are named from.
pub(super) fn naming_hint<'n>(naming: Naming<'n>) -> &'n str {
    match naming {
        Naming::Fixed(name) | Naming::Hint(name) => name,
    }
}
