//! Paths and operations: every operation under `paths` lowered, from its parameters, bodies,
//! responses and security to its route, group and names.
//!
//! This module walks the paths and puts each operation together; the submodules lower its
//! parts.

mod bodies;
pub(super) mod common_headers;
mod naming;
mod parameters;
mod routes;
mod security;

pub(super) use naming::MethodNames;

use std::collections::HashMap;

use serde_json::Value;

use crate::lower::context::Context;
use crate::lower::node::{is_deprecated, kind_of};
use crate::model::{Docs, Operation, SecuritySchemeDef, UNTAGGED};
use crate::naming::pascal_case;
use crate::pointer::JsonPointer;
use naming::{Groups, OperationNames};

/// The methods a path item may hold, in the order OpenAPI lists them.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl<'a> Context<'a> {
    /// Every operation under `paths`, in spec order.
    pub(super) fn operations(
        &mut self,
        schemes: &[SecuritySchemeDef],
        document_security: &[Vec<String>],
        method_names: &mut MethodNames,
        groups: &mut Groups,
    ) -> Vec<Operation> {
        let at = JsonPointer::root().push("paths");
        let mut operations = Vec::new();
        let Some(paths) = self.expect_object(&at, "`paths`") else {
            return operations;
        };
        let mut ids: HashMap<String, JsonPointer> = HashMap::new();
        for (path, item) in paths {
            // Specification extensions may sit beside the paths (`x-codegen-contextRoot`).
            if path.starts_with("x-") {
                continue;
            }
            let item_at = at.push(path.as_str());
            let Some((item, item_at)) = self.follow_refs(item, &item_at) else {
                continue;
            };
            let Some(item) = item.as_object() else {
                self.error(&item_at, "a path item must be a mapping");
                continue;
            };
            let shared = self.parameters(item, &item_at);
            for method in METHODS {
                if !item.contains_key(*method) {
                    continue;
                }
                let op_at = item_at.push(*method);
                let Some(operation) = self.expect_object(&op_at, "an operation") else {
                    continue;
                };
                let id = match operation.get("operationId") {
                    Some(Value::String(id)) => id.clone(),
                    Some(other) => {
                        self.error(
                            &op_at.push("operationId"),
                            format!("`operationId` must be a string, found {}", kind_of(other)),
                        );
                        continue;
                    }
                    None => format!("{method} {path}"),
                };
                if let Some(first) = ids.get(&id) {
                    let (_, first) = self.doc.locate(first);
                    self.error(
                        &op_at.push("operationId"),
                        format!("duplicate operationId `{id}` (first used at line {}); operationIds must be unique", first.line),
                    );
                    continue;
                }
                ids.insert(id.clone(), op_at.push("operationId"));
                let parameters = self.operation_parameters(&shared, operation, &op_at, &id);
                self.check_path_template(path, &parameters, &item_at);
                let hint = pascal_case(&id);
                let request_body = self.request_body(operation, &op_at, &hint);
                let responses = self.responses(&op_at, &hint);
                let security = self.security(operation, &op_at, schemes);
                let exchange = self.exchange(
                    request_body.as_ref(),
                    &responses,
                    operation,
                    &op_at,
                    security.as_deref().unwrap_or(document_security),
                );
                let tags: Vec<String> = operation
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|tags| {
                        tags.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                let group = groups.index_of(
                    tags.first().map_or(UNTAGGED, String::as_str),
                    None,
                    method_names,
                );
                let source = self.rust_name(operation, &op_at).unwrap_or(&id);
                let OperationNames {
                    name,
                    module,
                    type_name,
                } = groups.claim_operation(group, source, method_names);
                let route = self.route(path, &op_at);
                operations.push(Operation {
                    group,
                    route,
                    id,
                    name,
                    module,
                    type_name,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    docs: Docs {
                        title: operation
                            .get("summary")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        description: operation
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    },
                    tags,
                    deprecated: is_deprecated(operation),
                    parameters,
                    request_body,
                    responses,
                    security,
                    exchange,
                    origin: op_at,
                });
            }
        }
        self.tell_apart_shared_routes(&mut operations);
        operations
    }

    /// Follows `$ref`s until a node without one; `None` after reporting a bad or cyclic chain.
    pub(super) fn follow_refs(
        &mut self,
        mut node: &'a Value,
        at: &JsonPointer,
    ) -> Option<(&'a Value, JsonPointer)> {
        let mut at = at.clone();
        let mut seen = vec![at.clone()];
        while let Some(reference) = node.get("$ref") {
            let target = self.resolve_ref(reference, &at.push("$ref"))?;
            if seen.contains(&target) {
                self.error(&at, "`$ref` cycle: this reference leads back to itself");
                return None;
            }
            seen.push(target.clone());
            node = self.value_at(&target)?;
            at = target;
        }
        Some((node, at))
    }
}
