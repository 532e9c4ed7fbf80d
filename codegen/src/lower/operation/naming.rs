//! Names an operation gets beside its own: its group (one per first tag, with trait and module
//! names) and its method name, which the client's setters share.

use serde_json::Value;

use crate::lower::context::Context;
use crate::model::{DefaultHeader, Operation, ParameterLocation, SecuritySchemeDef, TypeRef};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// Names the generated `Client` uses for itself, and names of traits it implements, which
/// no operation method may take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "base_url",
    "http_client",
    "with_credentials",
    "credentials",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "deref",
    "as_ref",
    "borrow",
    "default",
    "into",
    "from",
    "to_owned",
    "to_string",
    "type_id",
];

/// Operation groups (one per first tag) with their trait and module names, in first-seen order.
pub(in crate::lower) struct Groups {
    pub(in crate::lower) groups: Vec<crate::model::Group>,
    traits: Scope,
    modules: Scope,
}

impl Groups {
    fn new() -> Self {
        let mut modules = Scope::new();
        modules.reserve("mod");
        Self {
            groups: Vec::new(),
            traits: Scope::new(),
            modules,
        }
    }

    /// The index of the group of `tag`, added if new.
    pub(super) fn index_of(&mut self, tag: &str, description: Option<String>) -> usize {
        if let Some(index) = self.groups.iter().position(|g| g.tag == tag) {
            return index;
        }
        self.groups.push(crate::model::Group {
            tag: tag.to_owned(),
            // Cased as one phrase, so that a tag such as `Self` gives `SelfApi`, not `Self_Api`.
            trait_name: self.traits.claim(&pascal_case(&format!("{tag} api"))),
            module: self.modules.claim(&snake_case(tag)),
            description,
        });
        self.groups.len() - 1
    }
}

/// Operation names and the names of the client's setters, which share the client's methods.
pub(in crate::lower) struct MethodNames {
    pub(super) scope: Scope,
}

impl MethodNames {
    pub(in crate::lower) fn new() -> Self {
        let mut scope = Scope::new();
        for name in CLIENT_METHODS {
            scope.reserve(name);
        }
        Self { scope }
    }
}

impl<'a> Context<'a> {
    /// The groups declared under the document's `tags`, in spec order.
    pub(in crate::lower) fn declared_groups(&mut self) -> Groups {
        let mut groups = Groups::new();
        let tags = self
            .value_at(&JsonPointer::root().push("tags"))
            .and_then(Value::as_array);
        for tag in tags.into_iter().flatten() {
            if let Some(name) = tag.get("name").and_then(Value::as_str) {
                let description = tag
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                groups.index_of(name, description);
            }
        }
        groups
    }

    /// Claims the client's setter names (`with_…`) for security schemes and for the optional
    /// header parameters a client can set once, after the operations took theirs.
    pub(in crate::lower) fn client_setters(
        &mut self,
        names: &mut MethodNames,
        schemes: &mut [SecuritySchemeDef],
        operations: &[Operation],
    ) -> Vec<DefaultHeader> {
        for scheme in schemes.iter_mut() {
            scheme.setter = names.scope.claim(&format!("with_{}", scheme.field));
        }
        let mut headers: Vec<DefaultHeader> = Vec::new();
        let optional_headers = operations
            .iter()
            .flat_map(|op| op.parameters_in(ParameterLocation::Header))
            .filter(|p| !p.required && !matches!(p.ty, TypeRef::Vec(_)));
        for parameter in optional_headers {
            if headers
                .iter()
                .any(|h| h.wire.eq_ignore_ascii_case(&parameter.wire))
            {
                continue;
            }
            headers.push(DefaultHeader {
                wire: parameter.wire.clone(),
                setter: names
                    .scope
                    .claim(&format!("with_{}", snake_case(&parameter.wire))),
                ty: parameter.ty.clone(),
                docs: parameter.docs.clone(),
                common_field: None,
            });
        }
        headers
    }
}
