//! Security: `components.securitySchemes` and the `security` requirements of the document and
//! of each operation, every scheme name checked.

use serde_json::{Map, Value};

use crate::diagnostic::Cause;
use crate::lower::context::Context;
use crate::model::{ParameterLocation, SecurityScheme, SecuritySchemeDef};
use crate::naming::{pascal_case, snake_case, Scope};
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    /// `components.securitySchemes`, in spec order, with field and variant names claimed.
    pub(in crate::lower) fn security_schemes(&mut self) -> Vec<SecuritySchemeDef> {
        let at = JsonPointer::root()
            .push("components")
            .push("securitySchemes");
        let mut schemes = Vec::new();
        let mut fields = Scope::new();
        let mut variants = Scope::new();
        let Some(map) = self.expect_object(&at, "`components.securitySchemes`") else {
            return schemes;
        };
        for (name, scheme) in map {
            let at = at.push(name.as_str());
            let Some((scheme, at)) = self.follow_refs(scheme, &at) else {
                continue;
            };
            let Some(scheme) = scheme.as_object() else {
                self.error(&at, "a security scheme must be a mapping");
                continue;
            };
            let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_owned);
            let description = text("description");
            let parsed = match text("type").as_deref() {
                Some("http") => SecurityScheme::Http {
                    scheme: text("scheme").unwrap_or_else(|| "bearer".to_owned()),
                    description,
                },
                Some("apiKey") => {
                    let location = match text("in").as_deref() {
                        Some("query") => ParameterLocation::Query,
                        Some("cookie") => ParameterLocation::Cookie,
                        _ => ParameterLocation::Header,
                    };
                    SecurityScheme::ApiKey {
                        name: text("name").unwrap_or_default(),
                        location,
                        description,
                    }
                }
                Some("oauth2" | "openIdConnect" | "mutualTLS") => {
                    SecurityScheme::Token { description }
                }
                other => {
                    self.error(
                        &at.push("type"),
                        format!("unknown security scheme type {}; expected http, apiKey, oauth2, openIdConnect or mutualTLS", other.unwrap_or("(missing)")),
                    );
                    continue;
                }
            };
            schemes.push(SecuritySchemeDef {
                name: name.clone(),
                field: fields.claim(&snake_case(name)),
                variant: variants.claim(&pascal_case(name)),
                setter: String::new(),
                kind: parsed,
            });
        }
        schemes
    }

    /// The document's `security`: the alternatives every operation without its own uses.
    pub(in crate::lower) fn document_security(
        &mut self,
        schemes: &[SecuritySchemeDef],
    ) -> Vec<Vec<String>> {
        let Some(root) = self
            .value_at(&JsonPointer::root())
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        self.security(root, &JsonPointer::root(), schemes)
            .unwrap_or_default()
    }

    /// An operation's (or the document's) own `security`, with every scheme name checked.
    ///
    /// A requirement naming a scheme the document does not declare is taken as "any declared
    /// scheme" (one alternative per declared scheme), with a warning: documents that misname
    /// their schemes (SuperOffice's own) then still authenticate with the credentials given.
    pub(super) fn security(
        &mut self,
        operation: &Map<String, Value>,
        op_at: &JsonPointer,
        schemes: &[SecuritySchemeDef],
    ) -> Option<Vec<Vec<String>>> {
        let list = operation.get("security")?.as_array()?;
        let at = op_at.push("security");
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        let mut add = |alternative: Vec<String>| {
            if !alternatives.contains(&alternative) {
                alternatives.push(alternative);
            }
        };
        let declared: Vec<String> = schemes.iter().map(|s| format!("`{}`", s.name)).collect();
        for (index, requirement) in list.iter().enumerate() {
            let names: Vec<String> = requirement
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let unknown: Vec<&String> = names
                .iter()
                .filter(|name| !schemes.iter().any(|scheme| &scheme.name == *name))
                .collect();
            if unknown.is_empty() {
                add(names);
                continue;
            }
            for name in unknown {
                let assumed = if declared.is_empty() {
                    "the document declares none, so the operation is generated without credentials"
                        .to_owned()
                } else {
                    format!("treated as any declared scheme ({})", declared.join(", "))
                };
                self.warn_of(
                    Cause::UndeclaredSecurityScheme,
                    &at.index(index).push(name.as_str()),
                    format!("security scheme `{name}` is not declared; {assumed}; declare it under components.securitySchemes (Swagger 2.0: securityDefinitions) or use a declared name"),
                );
            }
            for scheme in schemes {
                add(vec![scheme.name.clone()]);
            }
        }
        Some(alternatives)
    }
}
