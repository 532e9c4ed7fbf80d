//! Credential values that never print: [`Secret`] and [`BasicCredentials`].
//!
//! Their `Debug` output is redacted and they have no `Display`, so a credential cannot reach
//! a log line or an error message by accident; [`Secret::expose`] is the only way to read one.

/// A secret text (a password, ticket, token or API key). Its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret text itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// A user name and password for HTTP Basic authentication. Its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BasicCredentials {
    user: Secret,
    password: Secret,
}

impl BasicCredentials {
    /// Credentials for `user` with `password`.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            user: Secret::new(user),
            password: Secret::new(password),
        }
    }

    /// The user name.
    pub fn user(&self) -> &str {
        self.user.expose()
    }

    /// The password.
    pub fn password(&self) -> &str {
        self.password.expose()
    }

    /// The `Authorization` header value: `Basic base64(user:password)`.
    pub fn header_value(&self) -> String {
        let pair = format!("{}:{}", self.user(), self.password());
        format!("Basic {}", super::base64::encode(pair))
    }

    /// Reads the part of an `Authorization: Basic …` header after the scheme; `None` when it
    /// is not base64 (padding optional) of UTF-8 `user:password`.
    pub fn parse(encoded: &str) -> Option<Self> {
        let bytes = super::base64::decode(encoded.trim()).ok()?;
        let pair = String::from_utf8(bytes).ok()?;
        let (user, password) = pair.split_once(':')?;
        Some(Self::new(user, password))
    }
}

impl ::std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("BasicCredentials(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_matches_the_page_sample() {
        // The SuperOffice page's sample request: user tje0, password Tje0.
        let credentials = BasicCredentials::new("tje0", "Tje0");
        assert_eq!(credentials.header_value(), "Basic dGplMDpUamUw");
        let parsed = BasicCredentials::parse("dGplMDpUamUw").expect("parses");
        assert_eq!(parsed, credentials);
    }

    #[test]
    fn passwords_may_hold_colons_and_bad_input_is_refused() {
        let credentials = BasicCredentials::new("u", "p:a:ss");
        let header = credentials.header_value();
        let encoded = header.strip_prefix("Basic ").expect("Basic prefix");
        assert_eq!(BasicCredentials::parse(encoded), Some(credentials));
        assert_eq!(BasicCredentials::parse("not base64!"), None);
        // base64 of "nocolon"
        assert_eq!(BasicCredentials::parse("bm9jb2xvbg=="), None);
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let secret = Secret::new("hunter2");
        let basic = BasicCredentials::new("tje0", "Tje0");
        let shown = format!("{secret:?} {basic:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            !shown.contains("tje0") && !shown.contains("Tje0"),
            "{shown}"
        );
        assert_eq!(secret.expose(), "hunter2");
    }
}
