//! The one walk over every place of the model where a type expression sits: named types'
//! fields, kept unknown properties, alias targets and union variants; client-wide headers;
//! operations' parameters, spec bodies and responses, payloads and error bodies.
//!
//! A shared and a mutable form are generated from the same code, so a new place is added
//! once. The walk hands over outermost expressions only (a visitor that cares about
//! `Vec<T>`'s `T` descends itself) and stops as soon as the visitor breaks.

use std::ops::ControlFlow;

use super::operations::{DefaultHeader, Operation};
use super::root::Model;
use super::types::{TypeDef, TypeKind, TypeRef};

/// Where a type expression sits, for visitors that only care about some places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site<'m> {
    /// Part of the named type with this key in [`Model::types`]: a field, the kept unknown
    /// properties, the alias target or a union variant.
    Type(&'m str),
    /// A client-wide default header.
    DefaultHeader,
    /// What the generated code of an operation of the group with this index in
    /// [`Model::groups`] sends or receives: a parameter, a request or success payload, the
    /// error body.
    Operation {
        /// The operation's [`Operation::group`].
        group: usize,
    },
    /// A media type's schema in an operation's request body or responses as the spec gives
    /// them (what lowering decides the payloads from).
    SpecContent,
}

/// Generates the walk in one form: `walks!([mut] …)` the mutable one, `walks!([] …)` the
/// shared one; `$($mut)?` is the only difference between the two.
macro_rules! walks {
    ([$($mut:tt)?] $form:literal, $type_kind:ident, $operations:ident, $model:ident) => {
        #[doc = concat!("Calls `visit` (", $form, ") on every type expression of a named type's ")]
        #[doc = "`kind` (`name` is its key): fields, kept unknown properties, the alias target,"]
        #[doc = "union variants."]
        pub fn $type_kind<'m, B>(
            name: &'m str,
            kind: &'m $($mut)? TypeKind,
            visit: &mut impl FnMut(Site<'m>, &'m $($mut)? TypeRef) -> ControlFlow<B>,
        ) -> ControlFlow<B> {
            let site = Site::Type(name);
            match kind {
                TypeKind::Struct(s) => {
                    for field in &$($mut)? s.fields {
                        visit(site, &$($mut)? field.ty)?;
                    }
                    if let Some(additional) = &$($mut)? s.additional {
                        visit(site, additional)?;
                    }
                }
                TypeKind::Alias(target) => visit(site, target)?,
                TypeKind::Union(u) => {
                    for variant in &$($mut)? u.variants {
                        visit(site, &$($mut)? variant.ty)?;
                    }
                }
                TypeKind::Enum(_) | TypeKind::Flags(_) => {}
            }
            ControlFlow::Continue(())
        }

        #[doc = concat!("Calls `visit` (", $form, ") on every type expression of the client-wide ")]
        #[doc = "headers and the operations: parameters, the spec's bodies and responses, request"]
        #[doc = "and success payloads, error bodies."]
        pub fn $operations<'m, B>(
            default_headers: &'m $($mut)? [DefaultHeader],
            operations: &'m $($mut)? [Operation],
            visit: &mut impl FnMut(Site<'m>, &'m $($mut)? TypeRef) -> ControlFlow<B>,
        ) -> ControlFlow<B> {
            for header in default_headers {
                visit(Site::DefaultHeader, &$($mut)? header.ty)?;
            }
            for op in operations {
                let site = Site::Operation { group: op.group };
                for parameter in &$($mut)? op.parameters {
                    visit(site, &$($mut)? parameter.ty)?;
                }
                if let Some(body) = &$($mut)? op.request_body {
                    for content in &$($mut)? body.contents {
                        if let Some(ty) = &$($mut)? content.ty {
                            visit(Site::SpecContent, ty)?;
                        }
                    }
                }
                for response in &$($mut)? op.responses {
                    for content in &$($mut)? response.contents {
                        if let Some(ty) = &$($mut)? content.ty {
                            visit(Site::SpecContent, ty)?;
                        }
                    }
                }
                let exchange = &$($mut)? op.exchange;
                if let Some(request) = &$($mut)? exchange.request {
                    for payload in &$($mut)? request.payloads {
                        visit(site, &$($mut)? payload.ty)?;
                    }
                }
                for outcome in &$($mut)? exchange.success {
                    if let Some(body) = &$($mut)? outcome.body {
                        visit(site, &$($mut)? body.ty)?;
                    }
                }
                if let Some(error) = &$($mut)? exchange.error {
                    visit(site, error)?;
                }
            }
            ControlFlow::Continue(())
        }

        #[doc = concat!("Calls `visit` (", $form, ") on every type expression of `model`: the named ")]
        #[doc = "types (in key order), then the client-wide headers and the operations."]
        pub fn $model<'m, B>(
            model: &'m $($mut)? Model,
            visit: &mut impl FnMut(Site<'m>, &'m $($mut)? TypeRef) -> ControlFlow<B>,
        ) -> ControlFlow<B> {
            let Model {
                types,
                default_headers,
                operations,
                ..
            } = model;
            for (name, def) in types {
                $type_kind(name, &$($mut)? def.kind, visit)?;
            }
            $operations(default_headers, operations, visit)
        }
    };
}

walks!([] "shared", type_kind_refs, operations_type_refs, type_refs);
walks!([mut] "mutable", type_kind_refs_mut, operations_type_refs_mut, type_refs_mut);

/// Adapts a visitor that never stops to the walk's.
fn every(
    visit: &mut dyn FnMut(&mut TypeRef),
) -> impl FnMut(Site<'_>, &mut TypeRef) -> ControlFlow<()> + '_ {
    move |_, ty| {
        visit(ty);
        ControlFlow::Continue(())
    }
}

impl Model {
    /// Calls `visit` on every type expression of the model (outermost ones: a visitor that
    /// cares about `Vec<T>`'s `T` descends itself): fields, additional properties, aliases,
    /// union variants, parameters, client-wide headers, bodies, responses and errors.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        let _ = type_refs_mut(self, &mut every(visit));
    }

    /// Like [`Model::for_each_type_ref_mut`], for the operations and client-wide headers only.
    pub fn operations_type_refs_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        let _ = operations_type_refs_mut(
            &mut self.default_headers,
            &mut self.operations,
            &mut every(visit),
        );
    }
}

impl TypeDef {
    /// Calls `visit` on every type expression the type refers to: fields, additional
    /// properties, the aliased type, union variants.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        let _ = type_kind_refs_mut(&self.name, &mut self.kind, &mut every(visit));
    }
}
