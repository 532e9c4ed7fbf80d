//! Headers most operations share (SuperOffice's `SO-Language`, `SO-TimeZone`,
//! `Accept-Language`, … on thousands of operations): each becomes one field of the generated
//! `operations::CommonHeaders` and one setter on every request, instead of a field, a setter,
//! a line that sends it and a line that reads it in every operation.

use crate::model::{DefaultHeader, Operation, ParameterLocation, TypeRef, COMMON_HEADERS_FIELD};
use crate::naming::{snake_case, Scope};

/// Methods every request already has: a common header cannot take these names.
const REQUEST_METHODS: &[&str] = &[
    "new",
    "send",
    "send_with_headers",
    "params",
    "into_future",
    "timeout",
];

/// Marks the optional scalar header parameters that at least half of the operations (and at
/// least two) take with the same type as common: `headers` get their `CommonHeaders` field
/// name, the operations' parameters `common = true`.
///
/// A header stays per operation when its field name would clash with a request method or with
/// another parameter's name in any operation (the setters of both live on the same request
/// type); none is common when an operation has a parameter named like the params field.
pub fn mark(headers: &mut [DefaultHeader], operations: &mut [Operation]) {
    let clashes_with_field = operations
        .iter()
        .flat_map(|op| &op.parameters)
        .any(|p| p.name == COMMON_HEADERS_FIELD);
    if clashes_with_field {
        return;
    }
    let mut fields = Scope::new();
    for name in REQUEST_METHODS {
        fields.reserve(name);
    }
    for header in headers.iter_mut() {
        let takers = operations
            .iter()
            .filter(|op| op.parameters.iter().any(|p| is_instance(p, header)))
            .count();
        if takers < 2 || takers * 2 < operations.len() {
            continue;
        }
        let field = snake_case(&header.wire);
        let clashes = fields.is_taken(&field)
            || operations
                .iter()
                .flat_map(|op| &op.parameters)
                .any(|p| p.name == field && !is_instance(p, header));
        if clashes {
            continue;
        }
        header.common_field = Some(fields.claim(&field));
    }
    for op in operations.iter_mut() {
        for parameter in &mut op.parameters {
            parameter.common = headers
                .iter()
                .any(|h| h.common_field.is_some() && is_instance(parameter, h));
        }
    }
}

/// Whether `parameter` is an occurrence of `header`: an optional header of the same name
/// (headers are case-insensitive) and type.
fn is_instance(parameter: &crate::model::Parameter, header: &DefaultHeader) -> bool {
    parameter.location == ParameterLocation::Header
        && !parameter.required
        && !matches!(parameter.ty, TypeRef::Vec(_))
        && parameter.wire.eq_ignore_ascii_case(&header.wire)
        && parameter.ty == header.ty
}
