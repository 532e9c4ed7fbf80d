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
fn never_stopping(
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
        let _ = type_refs_mut(self, &mut never_stopping(visit));
    }

    /// Like [`Model::for_each_type_ref_mut`], for the operations and client-wide headers only.
    pub fn operations_type_refs_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        let _ = operations_type_refs_mut(
            &mut self.default_headers,
            &mut self.operations,
            &mut never_stopping(visit),
        );
    }
}

impl TypeDef {
    /// Calls `visit` on every type expression the type refers to: fields, additional
    /// properties, the aliased type, union variants.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut dyn FnMut(&mut TypeRef)) {
        let _ = type_kind_refs_mut(&self.name, &mut self.kind, &mut never_stopping(visit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Body, Content, Docs, Encoding, Exchange, Outcome, Parameter, ParameterLocation,
        ParameterStyle, Payload, RequestBody, Response, StatusMatch, StructDef,
    };
    use crate::pointer::JsonPointer;

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    fn payload(ty: TypeRef) -> Payload {
        Payload {
            variant: "Json".to_owned(),
            media_type: "application/json".to_owned(),
            media_types: Vec::new(),
            encoding: Encoding::Json,
            ty,
        }
    }

    fn content(ty: TypeRef) -> Content {
        Content {
            media_type: "application/json".to_owned(),
            ty: Some(ty),
        }
    }

    /// A model with one type expression in every place, each named after its place.
    fn model() -> Model {
        let mut model = Model::default();
        let kind = TypeKind::Alias(named("alias"));
        let alias = TypeDef {
            name: "A".to_owned(),
            module: "a".to_owned(),
            origin: JsonPointer::root(),
            docs: Docs::default(),
            deprecated: false,
            notes: Vec::new(),
            kind,
        };
        let mut structure = alias.clone();
        structure.name = "B".to_owned();
        structure.kind = TypeKind::Struct(StructDef {
            fields: Vec::new(),
            additional: Some(named("additional")),
            additional_field: "additional_properties".to_owned(),
        });
        model.types.insert("A".to_owned(), alias);
        model.types.insert("B".to_owned(), structure);
        model.default_headers.push(DefaultHeader {
            wire: "X-H".to_owned(),
            setter: "with_x_h".to_owned(),
            ty: named("header"),
            docs: Docs::default(),
            common_field: None,
        });
        model.operations.push(Operation {
            id: "op".to_owned(),
            name: "op".to_owned(),
            module: "op".to_owned(),
            type_name: "Op".to_owned(),
            method: "POST".to_owned(),
            path: "/".to_owned(),
            docs: Docs::default(),
            tags: Vec::new(),
            deprecated: false,
            parameters: vec![Parameter {
                wire: "q".to_owned(),
                name: "q".to_owned(),
                location: ParameterLocation::Query,
                required: true,
                ty: named("parameter"),
                style: ParameterStyle::Comma,
                docs: Docs::default(),
                deprecated: false,
                origin: JsonPointer::root(),
                common: false,
            }],
            request_body: Some(Body {
                required: true,
                description: None,
                contents: vec![content(named("spec body"))],
                origin: JsonPointer::root(),
            }),
            responses: vec![Response {
                status: "200".to_owned(),
                description: None,
                contents: vec![content(named("spec response"))],
                origin: JsonPointer::root(),
            }],
            security: None,
            exchange: Exchange {
                request: Some(RequestBody {
                    required: true,
                    payloads: vec![payload(named("request"))],
                    description: None,
                }),
                success: vec![Outcome {
                    status: StatusMatch::Code(200),
                    variant: "Ok".to_owned(),
                    description: None,
                    body: Some(payload(named("answer"))),
                    headers: Vec::new(),
                }],
                error: Some(named("error")),
                in_band_error: None,
                security: Vec::new(),
            },
            group: 3,
            route: None,
            origin: JsonPointer::root(),
        });
        model
    }

    fn places(model: &Model) -> Vec<(Site<'_>, &TypeRef)> {
        let mut seen = Vec::new();
        let _ = type_refs(model, &mut |site, ty| {
            seen.push((site, ty));
            ControlFlow::<()>::Continue(())
        });
        seen
    }

    #[test]
    fn visits_every_place_in_order() {
        let model = model();
        let operation = Site::Operation { group: 3 };
        let expected = [
            (Site::Type("A"), "alias"),
            (Site::Type("B"), "additional"),
            (Site::DefaultHeader, "header"),
            (operation, "parameter"),
            (Site::SpecContent, "spec body"),
            (Site::SpecContent, "spec response"),
            (operation, "request"),
            (operation, "answer"),
            (operation, "error"),
        ];
        let expected: Vec<(Site<'_>, TypeRef)> = expected
            .into_iter()
            .map(|(site, name)| (site, named(name)))
            .collect();
        let seen: Vec<(Site<'_>, TypeRef)> = places(&model)
            .into_iter()
            .map(|(site, ty)| (site, ty.clone()))
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_mutable_walk_reaches_the_same_places_and_a_break_stops() {
        let mut model = model();
        let mut count = 0;
        model.for_each_type_ref_mut(&mut |ty| {
            count += 1;
            *ty = TypeRef::Vec(Box::new(ty.clone()));
        });
        assert_eq!(count, 9);
        assert!(places(&model)
            .iter()
            .all(|(_, ty)| matches!(ty, TypeRef::Vec(_))));
        let mut visited = 0;
        let stopped = type_refs(&model, &mut |site, _| {
            visited += 1;
            match site {
                Site::DefaultHeader => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        });
        assert!(stopped.is_break());
        assert_eq!(visited, 3);
    }
}
