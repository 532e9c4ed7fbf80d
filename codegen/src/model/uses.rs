//! What the model uses (dates, UUIDs, base64, flag sets, three-state fields, maps): the
//! questions that decide which runtime files and dependencies the generated crate gets.

use std::ops::ControlFlow;

use super::operations::DefaultHeader;
use super::root::Model;
use super::types::{Field, TypeKind, TypeRef};
use super::visit::{self, Site};

impl Model {
    /// The headers most operations share, with their `operations::CommonHeaders` field.
    pub fn common_headers(&self) -> impl Iterator<Item = (&DefaultHeader, &str)> {
        self.default_headers
            .iter()
            .filter_map(|header| Some((header, header.common_field.as_deref()?)))
    }

    /// Whether any type or operation uses a date-time or a date (both live in one runtime
    /// file, with chrono).
    pub fn uses_date_time(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date))
    }

    /// Whether any type or operation uses a UUID.
    pub fn uses_uuid(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::Uuid))
    }

    /// Whether any type or operation uses base64 bytes.
    pub fn uses_base64(&self) -> bool {
        self.any_type_ref(&|ty| matches!(ty, TypeRef::Base64))
    }

    /// Whether any flag-set type exists.
    pub fn uses_flags(&self) -> bool {
        self.types
            .values()
            .any(|def| matches!(def.kind, TypeKind::Flags(_)))
    }

    /// Whether any struct has an optional field that may also be `null` (three-state fields).
    pub fn uses_nullable_fields(&self) -> bool {
        self.types.values().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(Field::is_three_state),
            _ => false,
        })
    }

    /// Whether any type needs an ordered map (maps and kept unknown properties).
    pub fn uses_maps(&self) -> bool {
        self.keeps_unknown_properties() || self.any_type_ref(&|ty| matches!(ty, TypeRef::Map(_)))
    }

    /// Whether any type is a struct (declared through `runtime::object`).
    pub fn has_structs(&self) -> bool {
        self.types
            .values()
            .any(|def| matches!(def.kind, TypeKind::Struct(_)))
    }

    /// Whether any type is an open string enum (declared through `runtime::string_enum`).
    pub fn has_string_enums(&self) -> bool {
        self.types
            .values()
            .any(|def| matches!(def.kind, TypeKind::Enum(_)))
    }

    /// Whether a struct keeps the properties its schema does not list.
    pub fn keeps_unknown_properties(&self) -> bool {
        self.types.values().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.additional.is_some(),
            _ => false,
        })
    }

    fn any_type_ref(&self, test: &dyn Fn(&TypeRef) -> bool) -> bool {
        let found = visit::type_refs(self, &mut |site, ty| match site {
            // A client-wide header is a parameter of the operations using it too, and the
            // spec's own bodies count through the payloads made of them.
            Site::DefaultHeader | Site::SpecContent => ControlFlow::Continue(()),
            Site::Type(_) | Site::Operation { .. } if ty.any(test) => ControlFlow::Break(()),
            Site::Type(_) | Site::Operation { .. } => ControlFlow::Continue(()),
        });
        found.is_break()
    }
}
