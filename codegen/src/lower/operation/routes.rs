//! Path templates: every `{name}` a declared path parameter, and the server router's route.

use std::collections::HashMap;

use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::model::{Parameter, ParameterLocation};
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
    /// when the router cannot serve it, or another operation already has the same route and
    /// method.
    pub(super) fn route<'m>(
        &mut self,
        path: &str,
        method: &'m str,
        id: &str,
        op_at: &JsonPointer,
        taken: &mut HashMap<(String, &'m str), String>,
    ) -> Option<String> {
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
        if let Some(first) = taken.get(&(route.clone(), method)) {
            self.warn_of(
                Cause::UnservedRoute,
                op_at,
                format!("`{} {path}` has the same route as operation `{first}`; the server serves only the first", method.to_ascii_uppercase()),
            );
            return None;
        }
        taken.insert((route.clone(), method), id.to_owned());
        Some(route)
    }
}
