//! Path templates: every `{name}` a declared path parameter, and the server router's route
//! (operations whose routes are one are served together when their types tell them apart).

use std::collections::HashMap;

use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::model::{
    covers_path, dispatch_order, path_parameters, Operation, Parameter, ParameterLocation, PathKind,
};
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    /// Every `{name}` in the path template must be a declared path parameter.
    pub(super) fn check_path_template(
        &mut self,
        path: &str,
        parameters: &[Parameter],
        at: &JsonPointer,
    ) {
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(at, format!("path template `{path}` has an unclosed `{{`"));
                return;
            };
            let name = &after[..close];
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire == name);
            if !declared {
                self.error(
                    at,
                    format!("path template `{path}` names `{{{name}}}` but no path parameter `{name}` is declared; add `{{name: {name}, in: path, required: true, schema: ...}}` to `parameters`"),
                );
            }
            rest = &after[close + 1..];
        }
    }

    /// The axum route for `path`, path parameters named by position; `None` (with a warning)
    /// when the router cannot serve it.
    pub(super) fn route(&mut self, path: &str, op_at: &JsonPointer) -> Option<String> {
        let mut route = String::new();
        let mut index = 0;
        let mut problem = None;
        if !path.starts_with('/') {
            problem = Some("the path does not start with `/`".to_owned());
        }
        for segment in path.split('/').skip(1) {
            route.push('/');
            if segment.starts_with('{')
                && segment.ends_with('}')
                && segment.matches('{').count() == 1
            {
                route.push_str(&format!("{{p{index}}}"));
                index += 1;
            } else if segment.contains(['{', '}']) {
                problem = Some(format!("segment `{segment}` mixes a parameter with text"));
            } else if segment.starts_with([':', '*']) {
                problem = Some(format!(
                    "segment `{segment}` starts with `{}`",
                    &segment[..1]
                ));
            } else {
                route.push_str(segment);
            }
        }
        if let Some(problem) = problem {
            self.warn_of(
                Cause::UnservedRoute,
                op_at,
                format!("the server router cannot serve `{path}`: {problem}; the client method is generated, the server route is not"),
            );
            return None;
        }
        Some(route)
    }

    /// Operations of one route and method are served together when their path parameters'
    /// types tell them apart (ASP.NET's `User/{id:int}` beside `User/{name}`): the router
    /// tries them most constrained first. One that an operation tried before it takes every
    /// path of (both plain strings, say) is never reached: a warning, and no route.
    pub(super) fn tell_apart_shared_routes(&mut self, operations: &mut [Operation]) {
        let mut shared: Vec<((&str, &str), Vec<usize>)> = Vec::new();
        let mut index_of: HashMap<(&str, &str), usize> = HashMap::new();
        for (index, op) in operations.iter().enumerate() {
            let Some(route) = op.route.as_deref() else {
                continue;
            };
            let key = (route, op.method.as_str());
            match index_of.get(&key) {
                Some(&at) => shared[at].1.push(index),
                None => {
                    index_of.insert(key, shared.len());
                    shared.push((key, vec![index]));
                }
            }
        }
        let mut unreached: Vec<(usize, String)> = Vec::new();
        for (_, indices) in shared.iter().filter(|(_, indices)| indices.len() > 1) {
            let ops: Vec<&Operation> = indices.iter().map(|&i| &operations[i]).collect();
            let ordered = dispatch_order(&ops, &self.types);
            for (position, (index, kinds)) in ordered.iter().enumerate() {
                let Some(first_position) = ordered[..position]
                    .iter()
                    .position(|(_, earlier)| covers_path(earlier, kinds))
                else {
                    continue;
                };
                let (first, first_kinds) = &ordered[first_position];
                let (op, first) = (ops[*index], ops[*first]);
                let takes = |op: &Operation, kinds: &[PathKind]| {
                    path_parameters(&op.path)
                        .iter()
                        .zip(kinds)
                        .map(|(name, kind)| format!("`{{{name}}}`: {}", kind.describe()))
                        .collect::<Vec<String>>()
                        .join(", ")
                };
                let message = format!(
                    "`{method} {}` has the same route as operation `{id}` (`{method} {}`), and the types of their path parameters cannot tell them apart (this one takes {}; `{id}` takes {}): the spec is ambiguous here, and the server serves only `{id}`",
                    op.path,
                    first.path,
                    takes(op, kinds),
                    takes(first, first_kinds),
                    method = op.method,
                    id = first.id,
                );
                unreached.push((indices[*index], message));
            }
        }
        for (index, message) in unreached {
            let at = operations[index].origin.clone();
            self.warn_of(Cause::UnservedRoute, &at, message);
            operations[index].route = None;
        }
    }
}
