//! Security schemes and the Rust names generated for them.

use super::operations::ParameterLocation;

/// A security scheme and the Rust names generated for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecuritySchemeDef {
    /// The scheme's name under `components.securitySchemes`.
    pub name: String,
    /// Unique snake_case field name in `Credentials`.
    pub field: String,
    /// Unique PascalCase variant name.
    pub variant: String,
    /// Unique snake_case name of the client's setter (`with_…`).
    pub setter: String,
    /// What the scheme is.
    pub kind: SecurityScheme,
}

/// How a client authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityScheme {
    /// `type: http` with a scheme such as `basic`, `bearer` or `SoTicket`.
    Http {
        /// The `Authorization` scheme name.
        scheme: String,
        /// Description.
        description: Option<String>,
    },
    /// `type: apiKey`.
    ApiKey {
        /// Header, query or cookie name.
        name: String,
        /// Where the key travels.
        location: ParameterLocation,
        /// Description.
        description: Option<String>,
    },
    /// OAuth2 or OpenID Connect: a bearer token obtained elsewhere.
    Token {
        /// Description.
        description: Option<String>,
    },
}
