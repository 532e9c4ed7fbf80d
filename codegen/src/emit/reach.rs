//! Which operation groups reach each named type: through an operation's parameters, request
//! and response payloads and error type, then transitively through fields, kept unknown
//! properties, list items, map values, alias targets and union variants.
//!
//! The per-tag cargo features compile a type exactly when a feature of a root reaching it is
//! on; this module only answers the graph question (deterministically: ordered sets).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use crate::model::visit::{self, Site};
use crate::model::{Model, TypeRef};

/// Where a type is used from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Root {
    /// Code compiled whatever the features (the client's default-header setters).
    Always,
    /// The operations of the group with this index in `Model::groups`.
    Group(usize),
    /// A type no operation reaches (an unused component schema), or one only such types reach.
    Unused,
}

/// For every named type of `model`, the roots reaching it; never empty.
pub fn roots(model: &Model) -> BTreeMap<&str, BTreeSet<Root>> {
    let edges: BTreeMap<&str, Vec<&str>> = model
        .types
        .iter()
        .map(|(name, def)| {
            let mut targets = Vec::new();
            let _ = visit::type_kind_refs(name, &def.kind, &mut |_, ty| {
                named(ty, &mut targets);
                ControlFlow::<()>::Continue(())
            });
            (name.as_str(), targets)
        })
        .collect();

    let mut seeds: BTreeMap<Root, Vec<&str>> = BTreeMap::new();
    let (headers, operations) = (&model.default_headers, &model.operations);
    let _ = visit::operations_type_refs(headers, operations, &mut |site, ty| {
        let root = match site {
            Site::DefaultHeader => Root::Always,
            Site::Operation { group } => Root::Group(group),
            // The generated code uses the payloads lowering made of the spec's bodies (and
            // this walk passes no named type's places).
            Site::SpecContent | Site::Type(_) => return ControlFlow::<()>::Continue(()),
        };
        named(ty, seeds.entry(root).or_default());
        ControlFlow::Continue(())
    });

    let mut reached: BTreeMap<&str, BTreeSet<Root>> = model
        .types
        .keys()
        .map(|name| (name.as_str(), BTreeSet::new()))
        .collect();
    for (root, start) in &seeds {
        mark(*root, start, &edges, &mut reached);
    }
    let unused: Vec<&str> = reached
        .iter()
        .filter(|(_, roots)| roots.is_empty())
        .map(|(name, _)| *name)
        .collect();
    mark(Root::Unused, &unused, &edges, &mut reached);
    reached
}

/// Adds `root` to every type reachable from `start`.
fn mark<'m>(
    root: Root,
    start: &[&'m str],
    edges: &BTreeMap<&'m str, Vec<&'m str>>,
    reached: &mut BTreeMap<&'m str, BTreeSet<Root>>,
) {
    let mut stack: Vec<&str> = start.to_vec();
    while let Some(name) = stack.pop() {
        // Names the model does not define are not types to gate.
        let Some(roots) = reached.get_mut(name) else {
            continue;
        };
        if roots.insert(root) {
            stack.extend(edges.get(name).into_iter().flatten());
        }
    }
}

/// Pushes the named types `ty` mentions.
fn named<'m>(ty: &'m TypeRef, out: &mut Vec<&'m str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner, out),
        TypeRef::Primitive(_)
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid
        | TypeRef::Base64
        | TypeRef::Any
        | TypeRef::Bytes => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DefaultHeader, Docs, Exchange, Field, Operation, Outcome, Parameter, ParameterLocation,
        ParameterStyle, Payload, StatusMatch, StructDef, TypeDef, TypeKind, UnionDef, UnionVariant,
    };
    use crate::pointer::JsonPointer;

    fn named_ref(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: name.to_ascii_lowercase(),
            origin: JsonPointer::root(),
            docs: Docs::default(),
            deprecated: false,
            notes: Vec::new(),
            kind,
        }
    }

    fn structure(name: &str, fields: &[TypeRef]) -> TypeDef {
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, ty)| Field {
                name: format!("f{index}"),
                wire: format!("f{index}"),
                ty: ty.clone(),
                required: true,
                nullable: false,
                boxed: false,
                docs: Docs::default(),
                deprecated: false,
                origin: JsonPointer::root(),
                notes: Vec::new(),
            })
            .collect();
        def(
            name,
            TypeKind::Struct(StructDef {
                fields,
                additional: None,
                additional_field: "additional_properties".to_owned(),
            }),
        )
    }

    fn payload(ty: TypeRef) -> Payload {
        Payload {
            variant: "Json".to_owned(),
            media_type: "application/json".to_owned(),
            media_types: vec!["application/json".to_owned()],
            encoding: crate::model::Encoding::Json,
            ty,
        }
    }

    /// An operation of `group` answering `answer`, with a query parameter of type `parameter`.
    fn operation(group: usize, answer: Option<TypeRef>, parameter: Option<TypeRef>) -> Operation {
        Operation {
            id: format!("op{group}"),
            name: format!("op{group}"),
            module: format!("op{group}"),
            type_name: format!("Op{group}"),
            method: "GET".to_owned(),
            path: "/".to_owned(),
            docs: Docs::default(),
            tags: Vec::new(),
            deprecated: false,
            parameters: parameter
                .into_iter()
                .map(|ty| Parameter {
                    wire: "q".to_owned(),
                    name: "q".to_owned(),
                    location: ParameterLocation::Query,
                    required: true,
                    ty,
                    style: ParameterStyle::Comma,
                    docs: Docs::default(),
                    deprecated: false,
                    origin: JsonPointer::root(),
                    common: false,
                })
                .collect(),
            request_body: None,
            responses: Vec::new(),
            security: None,
            exchange: Exchange {
                request: None,
                success: vec![Outcome {
                    status: StatusMatch::Code(200),
                    variant: "Ok".to_owned(),
                    description: None,
                    body: answer.map(payload),
                    headers: Vec::new(),
                }],
                error: None,
                in_band_error: None,
                security: Vec::new(),
            },
            group,
            route: Some("/".to_owned()),
            origin: JsonPointer::root(),
        }
    }

    fn model(types: Vec<TypeDef>, operations: Vec<Operation>) -> Model {
        Model {
            types: types.into_iter().map(|t| (t.name.clone(), t)).collect(),
            operations,
            ..Model::default()
        }
    }

    fn roots_of(reached: &BTreeMap<&str, BTreeSet<Root>>, name: &str) -> Vec<Root> {
        reached[name].iter().copied().collect()
    }

    #[test]
    fn follows_fields_lists_maps_and_nullable_items() {
        let model = model(
            vec![
                structure(
                    "Top",
                    &[
                        TypeRef::Vec(Box::new(named_ref("Item"))),
                        TypeRef::Map(Box::new(TypeRef::Nullable(Box::new(named_ref("Value"))))),
                    ],
                ),
                structure("Item", &[named_ref("Leaf")]),
                structure("Value", &[]),
                structure("Leaf", &[TypeRef::Primitive(crate::model::Primitive::I32)]),
            ],
            vec![operation(0, Some(named_ref("Top")), None)],
        );
        let reached = roots(&model);
        for name in ["Top", "Item", "Value", "Leaf"] {
            assert_eq!(roots_of(&reached, name), [Root::Group(0)], "{name}");
        }
    }

    #[test]
    fn shared_types_collect_every_group_and_parameters_count() {
        let model = model(
            vec![
                structure("Shared", &[]),
                structure("OnlyA", &[named_ref("Shared")]),
                def("Kind", TypeKind::Alias(named_ref("Shared"))),
            ],
            vec![
                operation(0, Some(named_ref("OnlyA")), None),
                operation(2, None, Some(named_ref("Kind"))),
            ],
        );
        let reached = roots(&model);
        assert_eq!(roots_of(&reached, "OnlyA"), [Root::Group(0)]);
        assert_eq!(roots_of(&reached, "Kind"), [Root::Group(2)]);
        assert_eq!(
            roots_of(&reached, "Shared"),
            [Root::Group(0), Root::Group(2)]
        );
    }

    #[test]
    fn unions_errors_and_cycles() {
        let union = def(
            "Either",
            TypeKind::Union(UnionDef {
                variants: ["Left", "Right"]
                    .iter()
                    .map(|name| UnionVariant {
                        name: (*name).to_owned(),
                        ty: named_ref(name),
                        tags: Vec::new(),
                        boxed: false,
                        origin: JsonPointer::root(),
                    })
                    .collect(),
                tag: None,
                fallback: None,
            }),
        );
        let mut op = operation(1, None, None);
        op.exchange.error = Some(named_ref("Either"));
        let model = model(
            vec![
                union,
                structure("Left", &[named_ref("Right")]),
                // A containment cycle ends.
                structure("Right", &[named_ref("Left")]),
            ],
            vec![op],
        );
        let reached = roots(&model);
        for name in ["Either", "Left", "Right"] {
            assert_eq!(roots_of(&reached, name), [Root::Group(1)], "{name}");
        }
    }

    #[test]
    fn unused_types_and_what_they_reach_are_marked_unused() {
        let mut model = model(
            vec![
                structure("Used", &[]),
                structure("Orphan", &[named_ref("Used"), named_ref("OrphanPart")]),
                structure("OrphanPart", &[]),
                structure("Header", &[]),
            ],
            vec![operation(0, Some(named_ref("Used")), None)],
        );
        model.default_headers.push(DefaultHeader {
            wire: "X-H".to_owned(),
            setter: "with_x_h".to_owned(),
            ty: named_ref("Header"),
            docs: Docs::default(),
            common_field: None,
        });
        let reached = roots(&model);
        assert_eq!(roots_of(&reached, "Orphan"), [Root::Unused]);
        assert_eq!(roots_of(&reached, "OrphanPart"), [Root::Unused]);
        assert_eq!(
            roots_of(&reached, "Used"),
            [Root::Group(0), Root::Unused],
            "an unused type's field types must compile with it"
        );
        assert_eq!(roots_of(&reached, "Header"), [Root::Always]);
    }
}
