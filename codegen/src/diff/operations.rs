//! Operations: added, removed, renamed, moved, deprecated; their parameters, request bodies
//! and responses.

use super::differ::{Differ, Places};
use super::report::{ChangeKind as K, Impact, Semver, Subject};
use super::rust::short;
use crate::model::{Body, Content, Model, Operation, Parameter, ParameterLocation, Response};
use crate::pointer::JsonPointer;

/// Compares every operation, matched by operationId, then by method and path.
pub(super) fn compare(d: &mut Differ<'_>) {
    let base = &d.base.model.operations;
    let head = &d.head.model.operations;
    let mut unmatched: Vec<&Operation> = head
        .iter()
        .filter(|h| !base.iter().any(|b| b.id == h.id))
        .collect();
    for b in base {
        if let Some(h) = head.iter().find(|h| h.id == b.id) {
            operation(d, b, h);
        } else if let Some(index) = unmatched
            .iter()
            .position(|h| h.method == b.method && shape(&h.path) == shape(&b.path))
        {
            let h = unmatched.remove(index);
            renamed(d, b, h);
            operation(d, b, h);
        } else {
            d.push(
                K::OperationRemoved,
                Subject::Operation(b.id.clone()),
                endpoint(b),
                methods(&d.base.model, &d.base_types, b),
                None,
                Impact::breaking(
                    true,
                    true,
                    "the client method and the trait method are gone",
                ),
                Places::base(&b.origin),
            );
        }
    }
    for h in unmatched {
        d.push(
            K::OperationAdded,
            Subject::Operation(h.id.clone()),
            endpoint(h),
            methods(&d.head.model, &d.head_types, h),
            None,
            Impact::compatible(
                Semver::Minor,
                "a new client method; the new trait method answers 501 until implemented",
            ),
            Places::head(&h.origin),
        );
    }
}

/// `/a/{id}/b` → `/a/{}/b`: paths that differ only in parameter names are the same URL.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_name = true;
                out.push('{');
            }
            '}' => {
                in_name = false;
                out.push('}');
            }
            _ if in_name => {}
            _ => out.push(ch),
        }
    }
    out
}

/// `GET /api/v1/ChatTopic/{id}`.
fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// `TagClient::name, TagApi::name` (`Client::name` for an untagged operation).
fn methods(model: &Model, types: &crate::emit::RustTypes<'_>, op: &Operation) -> String {
    let group = model
        .groups
        .get(op.group)
        .map_or("Api", |g| g.trait_name.as_str());
    format!("{}, {group}::{}", types.client_method(op), op.name)
}

fn renamed(d: &mut Differ<'_>, b: &Operation, h: &Operation) {
    d.push(
        K::OperationRenamed,
        Subject::Operation(h.id.clone()),
        format!("operationId of {}", endpoint(h)),
        methods(&d.head.model, &d.head_types, h),
        Some(format!("{} → {}", b.id, h.id)),
        Impact::breaking(
            true,
            true,
            "the client method and the trait method take the new name",
        ),
        Places::both(&b.origin, &h.origin),
    );
}

/// One operation present on both sides.
fn operation(d: &mut Differ<'_>, b: &Operation, h: &Operation) {
    let subject = Subject::Operation(h.id.clone());
    let rust = methods(&d.head.model, &d.head_types, h);
    // A new first tag or `x-rust-name` moves the Rust items though the operationId stays (a new
    // operationId is reported as a rename already).
    let old_rust = methods(&d.base.model, &d.base_types, b);
    if b.id == h.id && old_rust != rust {
        d.push(
            K::OperationRenamed,
            subject.clone(),
            format!("Rust names of {}", endpoint(h)),
            rust.clone(),
            Some(format!("{old_rust} → {rust}")),
            Impact::breaking(
                true,
                true,
                "the client method and the trait method take the new names",
            ),
            Places::both(&b.origin, &h.origin),
        );
    }
    if b.method != h.method {
        d.push(
            K::MethodChanged,
            subject.clone(),
            endpoint(h),
            rust.clone(),
            Some(format!("{} → {}", b.method, h.method)),
            Impact::breaking(
                true,
                false,
                "clients built from the old spec use the old method",
            ),
            Places::both(&b.origin, &h.origin),
        );
    }
    if shape(&b.path) != shape(&h.path) {
        d.push(
            K::PathChanged,
            subject.clone(),
            endpoint(h),
            rust.clone(),
            Some(format!("{} → {}", b.path, h.path)),
            Impact::breaking(
                true,
                false,
                "clients built from the old spec call the old path",
            ),
            Places::both(&b.origin, &h.origin),
        );
    }
    if b.deprecated != h.deprecated {
        let (kind, reason) = if h.deprecated {
            (
                K::OperationDeprecated,
                "the methods become #[deprecated]: a warning where they are used",
            )
        } else {
            (
                K::OperationUndeprecated,
                "the methods are no longer #[deprecated]",
            )
        };
        d.push(
            kind,
            subject.clone(),
            endpoint(h),
            rust.clone(),
            None,
            Impact::compatible(Semver::Minor, reason),
            Places::both(&b.origin, &h.origin),
        );
    }
    let old = b.docs.description.as_deref().or(b.docs.title.as_deref());
    let new = h.docs.description.as_deref().or(h.docs.title.as_deref());
    d.description(
        &subject,
        &endpoint(h),
        &rust,
        old,
        new,
        Places::both(&b.origin, &h.origin),
    );
    parameters(d, &subject, b, h);
    request(d, &subject, b, h);
    responses(d, &subject, b, h);
}

fn location_word(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}

/// `query parameter $top`.
fn parameter_item(p: &Parameter) -> String {
    format!("{} parameter {}", location_word(p.location), p.wire)
}

/// `operations::chat_topic::SessionsParams::top: Option<i32>`
/// (`operations::CommonHeaders::so_language: Option<String>` for a header most operations
/// share).
fn parameter_rust(types: &crate::emit::RustTypes<'_>, op: &Operation, p: &Parameter) -> String {
    if let Some(field) = types.common_header_field(p) {
        return format!(
            "operations::CommonHeaders::{field}: {}",
            short(types.of_parameter(p))
        );
    }
    let params = types
        .params(op)
        .map_or_else(|| format!("{}Params", op.type_name), short);
    format!("{params}::{}: {}", p.name, short(types.of_parameter(p)))
}

fn parameters(d: &mut Differ<'_>, subject: &Subject, b: &Operation, h: &Operation) {
    let same = |x: &Parameter, y: &Parameter| x.location == y.location && x.wire == y.wire;
    for bp in &b.parameters {
        if let Some(hp) = h.parameters.iter().find(|hp| same(bp, hp)) {
            parameter(d, subject, h, bp, hp);
            continue;
        }
        let moved = h
            .parameters
            .iter()
            .find(|hp| hp.wire == bp.wire && !b.parameters.iter().any(|other| same(other, hp)));
        if let Some(hp) = moved {
            let rust = parameter_rust(&d.head_types, h, hp);
            d.push(
                K::ParameterLocationChanged,
                subject.clone(),
                parameter_item(hp),
                rust,
                Some(format!(
                    "{} → {}",
                    location_word(bp.location),
                    location_word(hp.location)
                )),
                Impact::breaking(
                    true,
                    false,
                    "clients built from the old spec send it elsewhere",
                ),
                Places::both(&bp.origin, &hp.origin),
            );
            continue;
        }
        let rust = parameter_rust(&d.base_types, b, bp);
        d.push(
            K::ParameterRemoved,
            subject.clone(),
            parameter_item(bp),
            rust,
            None,
            Impact::breaking(
                true,
                true,
                "the argument or setter and the Params field are gone",
            ),
            Places::base(&bp.origin),
        );
    }
    for hp in &h.parameters {
        let known = b
            .parameters
            .iter()
            .any(|bp| same(bp, hp) || bp.wire == hp.wire);
        if known {
            continue;
        }
        let rust = parameter_rust(&d.head_types, h, hp);
        let impact = if hp.required {
            Impact::breaking(
                true,
                false,
                "a new required argument; requests without it are refused",
            )
        } else {
            Impact::compatible(Semver::Minor, "a new optional setter and Params field")
        };
        d.push(
            K::ParameterAdded,
            subject.clone(),
            parameter_item(hp),
            rust,
            None,
            impact,
            Places::head(&hp.origin),
        );
    }
}

/// One parameter present on both sides (`h` is the head operation).
fn parameter(d: &mut Differ<'_>, subject: &Subject, h: &Operation, bp: &Parameter, hp: &Parameter) {
    let item = parameter_item(hp);
    let rust = parameter_rust(&d.head_types, h, hp);
    let places = || Places::both(&bp.origin, &hp.origin);
    let old_type = short(d.base_types.of_type(&bp.ty));
    let new_type = short(d.head_types.of_type(&hp.ty));
    if old_type != new_type {
        d.push(
            K::ParameterTypeChanged,
            subject.clone(),
            item.clone(),
            rust.clone(),
            Some(format!("{old_type} → {new_type}")),
            Impact::breaking(
                true,
                true,
                "the argument or setter and the Params field change type",
            ),
            places(),
        );
    }
    if bp.required != hp.required {
        let word = |required| if required { "required" } else { "optional" };
        let field_changed =
            short(d.base_types.of_parameter(bp)) != short(d.head_types.of_parameter(hp));
        let reason = if hp.required {
            "requests without it are refused; it becomes an argument"
        } else {
            "it moves from an argument to a setter"
        };
        d.push(
            K::ParameterRequiredChanged,
            subject.clone(),
            item.clone(),
            rust.clone(),
            Some(format!("{} → {}", word(bp.required), word(hp.required))),
            Impact::breaking(true, field_changed, reason),
            places(),
        );
    }
    d.description(
        subject,
        &item,
        &rust,
        bp.docs.description.as_deref(),
        hp.docs.description.as_deref(),
        places(),
    );
    let schema = |p: &Parameter| p.origin.push("schema");
    d.default(subject, &item, &rust, (&schema(bp), &schema(hp)));
}

/// The media types of a body or response.
fn media_types(contents: &[Content]) -> Vec<&str> {
    contents.iter().map(|c| c.media_type.as_str()).collect()
}

/// Media types added and removed between two content maps.
#[allow(clippy::too_many_arguments)] // The facts of a media-type change.
fn media_type_changes(
    d: &mut Differ<'_>,
    subject: &Subject,
    what: &str,
    rust: &str,
    (old, old_at): (&[Content], &JsonPointer),
    (new, new_at): (&[Content], &JsonPointer),
    kinds: (K, K),
    removal_breaks: &str,
) {
    let old_types = media_types(old);
    let new_types = media_types(new);
    for media in old_types.iter().filter(|m| !new_types.contains(m)) {
        let at = old_at.push("content").push(*media);
        d.push(
            kinds.1,
            subject.clone(),
            format!("{what} media type {media}"),
            rust.to_owned(),
            None,
            Impact::breaking(true, false, removal_breaks),
            Places::base(&at),
        );
    }
    for media in new_types.iter().filter(|m| !old_types.contains(m)) {
        let at = new_at.push("content").push(*media);
        d.push(
            kinds.0,
            subject.clone(),
            format!("{what} media type {media}"),
            rust.to_owned(),
            None,
            Impact::compatible(Semver::Minor, "one more media type is accepted"),
            Places::head(&at),
        );
    }
}

fn request(d: &mut Differ<'_>, subject: &Subject, b: &Operation, h: &Operation) {
    let body_rust = |types: &crate::emit::RustTypes<'_>, op: &Operation| {
        let ty = types.body(op).map_or_else(|| "()".to_owned(), short);
        format!("{}(…, body: {ty})", types.client_method(op))
    };
    match (&b.request_body, &h.request_body) {
        (None, None) => {}
        (None, Some(hb)) => {
            let rust = body_rust(&d.head_types, h);
            d.push(
                K::RequestBodyAdded,
                subject.clone(),
                "request body".to_owned(),
                rust,
                None,
                Impact::breaking(
                    true,
                    true,
                    "the client method and the trait method take a body",
                ),
                Places::head(&hb.origin),
            );
        }
        (Some(bb), None) => {
            let rust = body_rust(&d.base_types, b);
            d.push(
                K::RequestBodyRemoved,
                subject.clone(),
                "request body".to_owned(),
                rust,
                None,
                Impact::breaking(
                    true,
                    true,
                    "the client method and the trait method lose their body",
                ),
                Places::base(&bb.origin),
            );
        }
        (Some(bb), Some(hb)) => request_body(d, subject, (b, bb), (h, hb)),
    }
}

fn request_body(
    d: &mut Differ<'_>,
    subject: &Subject,
    (b, bb): (&Operation, &Body),
    (h, hb): (&Operation, &Body),
) {
    let old_type = d.base_types.body(b).map(short);
    let new_type = d.head_types.body(h).map(short);
    let rust = format!(
        "{}(…, body: {})",
        d.head_types.client_method(h),
        new_type.clone().unwrap_or_else(|| "()".to_owned())
    );
    if bb.required != hb.required {
        let word = |required| if required { "required" } else { "optional" };
        d.push(
            K::RequestBodyRequiredChanged,
            subject.clone(),
            "request body".to_owned(),
            rust.clone(),
            Some(format!("{} → {}", word(bb.required), word(hb.required))),
            Impact::breaking(
                true,
                true,
                "the body argument changes between T and Option<T>",
            ),
            Places::both(&bb.origin, &hb.origin),
        );
    } else if old_type != new_type {
        d.push(
            K::RequestBodyTypeChanged,
            subject.clone(),
            "request body".to_owned(),
            rust.clone(),
            Some(format!(
                "{} → {}",
                old_type.unwrap_or_default(),
                new_type.unwrap_or_default()
            )),
            Impact::breaking(true, true, "the body argument changes type"),
            Places::both(&bb.origin, &hb.origin),
        );
    }
    media_type_changes(
        d,
        subject,
        "request",
        &rust,
        (&bb.contents, &bb.origin),
        (&hb.contents, &hb.origin),
        (K::RequestMediaTypeAdded, K::RequestMediaTypeRemoved),
        "clients that send it are refused with 415",
    );
}

/// Whether `status` is a success status of `op`.
fn is_success(op: &Operation, status: &str) -> bool {
    op.exchange.success.iter().any(|outcome| {
        let text = match outcome.status {
            crate::model::StatusMatch::Code(code) => code.to_string(),
            crate::model::StatusMatch::Class(class) => format!("{class}XX"),
            crate::model::StatusMatch::Default => "default".to_owned(),
        };
        text.eq_ignore_ascii_case(status)
    })
}

fn responses(d: &mut Differ<'_>, subject: &Subject, b: &Operation, h: &Operation) {
    let old_output = short(d.base_types.output(b));
    let new_output = short(d.head_types.output(h));
    let output_rust = format!("{}() -> {new_output}", d.head_types.client_method(h));
    let status_at = |op: &Operation, status: &str| op.origin.push("responses").push(status);
    let find = |op: &'_ Operation, status: &str| -> Option<Response> {
        op.responses.iter().find(|r| r.status == status).cloned()
    };
    for br in &b.responses {
        match find(h, &br.status) {
            Some(hr) => media_type_changes(
                d,
                subject,
                &format!("status {}", br.status),
                &output_rust,
                (&br.contents, &br.origin),
                (&hr.contents, &hr.origin),
                (K::ResponseMediaTypeAdded, K::ResponseMediaTypeRemoved),
                "clients that ask for it get 406",
            ),
            None => {
                let impact = if is_success(b, &br.status) {
                    Impact::breaking(true, true, "a success answer is gone")
                } else {
                    Impact::compatible(Semver::Patch, "a failure is no longer documented")
                };
                d.push(
                    K::ResponseStatusRemoved,
                    subject.clone(),
                    format!("status {}", br.status),
                    output_rust.clone(),
                    None,
                    impact,
                    Places::base(&status_at(b, &br.status)),
                );
            }
        }
    }
    for hr in h
        .responses
        .iter()
        .filter(|hr| find(b, &hr.status).is_none())
    {
        let impact = if !is_success(h, &hr.status) {
            Impact::compatible(Semver::Minor, "a newly documented failure")
        } else if old_output != new_output {
            Impact::breaking(
                true,
                true,
                "a new success answer changes what a call returns",
            )
        } else {
            Impact::compatible(Semver::Minor, "a new success answer of the same type")
        };
        d.push(
            K::ResponseStatusAdded,
            subject.clone(),
            format!("status {}", hr.status),
            output_rust.clone(),
            None,
            impact,
            Places::head(&status_at(h, &hr.status)),
        );
    }
    if old_output != new_output {
        d.push(
            K::ResponseBodyTypeChanged,
            subject.clone(),
            "success answer".to_owned(),
            output_rust,
            Some(format!("{old_output} → {new_output}")),
            Impact::breaking(
                true,
                true,
                "calls return, and implementations produce, another type",
            ),
            Places::both(&b.origin, &h.origin),
        );
    }
    let old_error = short(d.base_types.error(b));
    let new_error = short(d.head_types.error(h));
    if old_error != new_error {
        d.push(
            K::ResponseBodyTypeChanged,
            subject.clone(),
            "error answers".to_owned(),
            format!("client::Error<{new_error}>, ApiError<{new_error}>"),
            Some(format!("{old_error} → {new_error}")),
            Impact::breaking(true, true, "the error body type changes"),
            Places::both(&b.origin, &h.origin),
        );
    }
}
