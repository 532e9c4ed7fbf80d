//! Security: `securityDefinitions` → `components.securitySchemes` (`basic` → HTTP basic,
//! `apiKey` unchanged, `oauth2` with its one flow under `flows`).

use serde_json::{Map, Value};

use super::converter::Converter;
use crate::pointer::JsonPointer;

/// Swagger's OAuth2 flow names → OpenAPI 3's, with the URLs each flow has.
const FLOWS: &[(&str, &str, &[&str])] = &[
    ("implicit", "implicit", &["authorizationUrl"]),
    ("password", "password", &["tokenUrl"]),
    ("application", "clientCredentials", &["tokenUrl"]),
    (
        "accessCode",
        "authorizationCode",
        &["authorizationUrl", "tokenUrl"],
    ),
];

impl<'a> Converter<'a> {
    /// `components.securitySchemes` from `securityDefinitions`.
    pub(super) fn security_schemes(
        &mut self,
        definitions: &'a Value,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        self.copy(at, was);
        let Some(map) = definitions.as_object() else {
            return definitions.clone();
        };
        let mut out = Map::new();
        for (name, scheme) in map {
            let converted = match scheme.as_object() {
                Some(scheme) => {
                    self.security_scheme(scheme, &was.push(name.as_str()), &at.push(name.as_str()))
                }
                None => scheme.clone(),
            };
            out.insert(name.clone(), converted);
        }
        Value::Object(out)
    }

    /// One scheme; an unknown `type` is kept for the lowering to report.
    fn security_scheme(
        &mut self,
        scheme: &'a Map<String, Value>,
        was: &JsonPointer,
        at: &JsonPointer,
    ) -> Value {
        let mut out = Map::new();
        let kind = scheme.get("type").and_then(Value::as_str);
        for (key, value) in scheme {
            match (kind, key.as_str()) {
                (Some("basic"), "type") => {
                    out.insert(key.clone(), Value::from("http"));
                    out.insert("scheme".to_owned(), Value::from("basic"));
                }
                (Some("oauth2"), "flow") => {
                    if let Some(flows) = self.flows(scheme, &was.push("flow")) {
                        out.insert("flows".to_owned(), flows);
                        self.copy(&at.push("flows"), &was.push("flow"));
                    }
                }
                (Some("oauth2"), "authorizationUrl" | "tokenUrl" | "scopes") => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// `flows` of an OAuth2 scheme: its one Swagger flow, its URLs and scopes.
    fn flows(&mut self, scheme: &Map<String, Value>, was: &JsonPointer) -> Option<Value> {
        let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
        let Some((_, name, urls)) = FLOWS.iter().find(|(swagger, ..)| *swagger == flow) else {
            self.error(
                was,
                format!("unknown OAuth2 flow `{flow}`; expected implicit, password, application or accessCode"),
            );
            return None;
        };
        let mut out = Map::new();
        for url in *urls {
            if let Some(value) = scheme.get(*url) {
                out.insert((*url).to_owned(), value.clone());
            }
        }
        let scopes = scheme
            .get("scopes")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        out.insert("scopes".to_owned(), scopes);
        let mut flows = Map::new();
        flows.insert((*name).to_owned(), Value::Object(out));
        Some(Value::Object(flows))
    }
}
