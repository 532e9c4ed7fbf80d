//! Names an operation gets beside its own: its group (one per first tag, with trait, module,
//! handle and accessor names) and its method, module and type names, unique within the group
//! (the untagged group's methods share `Client`'s scope with the accessors and setters).

use serde_json::Value;

use crate::lower::context::Context;
use crate::model::{
    DefaultHeader, GroupHandle, Operation, ParameterLocation, SecuritySchemeDef, TypeRef, UNTAGGED,
};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

/// Names the generated `Client` uses for itself, which no operation method or group accessor
/// may take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "base_url",
    "http_client",
    "with_credentials",
    "credentials",
    "with_timeout",
    "with_connect_timeout",
    "with_retries",
    "with_rate_limit",
    "with_credential_provider",
    "with_base_url_provider",
];

/// Methods of the traits the client's types implement (`Clone`, `Debug`, …) or get from std's
/// blanket impls, which no operation method may take on `Client` or a group's handle; and
/// `serve`, which each server group file imports beside the handlers named like operations.
const TRAIT_METHODS: &[&str] = &[
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
    "serve",
];

/// Type names the client module declares beside the groups' handles.
const CLIENT_TYPES: &[&str] = &[
    "Client",
    "Request",
    "Operation",
    "Error",
    "BuildError",
    "DecodeError",
    "ErrorResponse",
];

/// The names of one group's operations, which need to be unique only within the group.
struct GroupNames {
    /// Method names, for a group with a handle (the untagged group's methods are `Client`'s).
    methods: Option<Scope>,
    /// Type stems.
    types: Scope,
    /// Module (file) names.
    modules: Scope,
}

/// The names one operation gets: (method, module, type stem).
pub(super) struct OperationNames {
    pub(super) name: String,
    pub(super) module: String,
    pub(super) type_name: String,
}

/// Operation groups (one per first tag) with their trait, module, handle and accessor names, in
/// first-seen order, and the scopes of their operations' names.
pub(in crate::lower) struct Groups {
    pub(in crate::lower) groups: Vec<crate::model::Group>,
    names: Vec<GroupNames>,
    traits: Scope,
    modules: Scope,
    handles: Scope,
}

impl Groups {
    fn new() -> Self {
        let mut modules = Scope::new();
        modules.reserve("mod");
        let mut handles = Scope::new();
        for name in CLIENT_TYPES {
            handles.reserve(name);
        }
        Self {
            groups: Vec::new(),
            names: Vec::new(),
            traits: Scope::new(),
            modules,
            handles,
        }
    }

    /// The index of the group of `tag`, added if new; a new group with a handle claims its
    /// accessor among the client's methods.
    pub(super) fn index_of(
        &mut self,
        tag: &str,
        description: Option<String>,
        client: &mut MethodNames,
    ) -> usize {
        if let Some(index) = self.groups.iter().position(|g| g.tag == tag) {
            return index;
        }
        let handle = (tag != UNTAGGED).then(|| GroupHandle {
            accessor: client.scope.claim(&snake_case(tag)),
            // Cased as one phrase, like the trait.
            type_name: self.handles.claim(&pascal_case(&format!("{tag} client"))),
        });
        let methods = handle.is_some().then(|| {
            let mut scope = Scope::new();
            for name in TRAIT_METHODS {
                scope.reserve(name);
            }
            scope
        });
        let mut modules = Scope::new();
        modules.reserve("mod");
        self.names.push(GroupNames {
            methods,
            types: Scope::new(),
            modules,
        });
        self.groups.push(crate::model::Group {
            tag: tag.to_owned(),
            // Cased as one phrase, so that a tag such as `Self` gives `SelfApi`, not `Self_Api`.
            trait_name: self.traits.claim(&pascal_case(&format!("{tag} api"))),
            module: self.modules.claim(&snake_case(tag)),
            description,
            handle,
        });
        self.groups.len() - 1
    }

    /// Claims the names of an operation of group `index` whose Rust names come from `source`
    /// (its `x-rust-name` or operationId): unique within the group (the untagged group's
    /// methods among `Client`'s own).
    pub(super) fn claim_operation(
        &mut self,
        index: usize,
        source: &str,
        client: &mut MethodNames,
    ) -> OperationNames {
        let names = &mut self.names[index];
        let methods = names.methods.as_mut().unwrap_or(&mut client.scope);
        let name = methods.claim(&snake_case(source));
        let module = names.modules.claim(&crate::naming::file_stem(&name));
        // A stem, always followed by `Params`, `Request`, …: a keyword needs no escape.
        let type_name = names.types.claim(pascal_case(source).trim_end_matches('_'));
        OperationNames {
            name,
            module,
            type_name,
        }
    }
}

/// The names of `Client`'s methods: its own, the groups' accessors, the untagged operations and
/// the setters of credentials and default headers.
pub(in crate::lower) struct MethodNames {
    pub(super) scope: Scope,
}

impl MethodNames {
    pub(in crate::lower) fn new() -> Self {
        let mut scope = Scope::new();
        for name in CLIENT_METHODS.iter().chain(TRAIT_METHODS) {
            scope.reserve(name);
        }
        Self { scope }
    }
}

impl<'a> Context<'a> {
    /// The groups declared under the document's `tags`, in spec order.
    pub(in crate::lower) fn declared_groups(&mut self, client: &mut MethodNames) -> Groups {
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
                groups.index_of(name, description, client);
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
