//! Identities a run calls the API as (`--auth alice=Bearer:TOKEN`). Their credentials are
//! only ever shown redacted.

use crate::error::DastError;
use base64::Engine as _;

/// A named set of credentials.
#[derive(Clone)]
pub struct Identity {
    pub name: String,
    /// The header that carries the credential (`Authorization`, `Cookie`, `X-Api-Key`).
    pub header: String,
    pub value: String,
    /// Allowed to call admin operations (`--admin-identity`): no function-level finding
    /// for it.
    pub admin: bool,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Identity({}, {}: {})",
            self.name,
            self.header,
            crate::safe::header(&self.header, &self.value)
        )
    }
}

impl Identity {
    /// `NAME=Bearer:TOKEN`, `NAME=Basic:USER:PASSWORD`, `NAME=Header:HEADER-NAME:VALUE` or
    /// `NAME=Cookie:NAME=VALUE`.
    pub fn parse(spec: &str) -> Result<Identity, DastError> {
        let bad = |why: &str| {
            let name = spec.split_once('=').map_or("", |(n, _)| n);
            DastError::Usage(format!(
                "--auth {}=…: {why} (expected NAME=Bearer:TOKEN, NAME=Basic:USER:PASSWORD, NAME=Header:HEADER:VALUE or NAME=Cookie:COOKIE=VALUE)",
                tollgate_core::redact::quote(name)
            ))
        };
        let (name, rest) = spec.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(bad("the name must be letters, digits, `-` or `_`"));
        }
        let (kind, cred) = rest.split_once(':').ok_or_else(|| bad("no kind"))?;
        let (header, value) = match kind.to_ascii_lowercase().as_str() {
            "bearer" => ("Authorization".to_string(), format!("Bearer {cred}")),
            "basic" => {
                if !cred.contains(':') {
                    return Err(bad("Basic needs USER:PASSWORD"));
                }
                (
                    "Authorization".to_string(),
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(cred)
                    ),
                )
            }
            "header" => {
                let (h, v) = cred
                    .split_once(':')
                    .ok_or_else(|| bad("Header needs HEADER:VALUE"))?;
                if h.is_empty() || !h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(bad("a header name is letters, digits and `-`"));
                }
                (h.to_string(), v.to_string())
            }
            "cookie" => {
                if !cred.contains('=') {
                    return Err(bad("Cookie needs COOKIE=VALUE"));
                }
                ("Cookie".to_string(), cred.to_string())
            }
            _ => return Err(bad("unknown kind")),
        };
        if value.chars().any(|c| c.is_control()) {
            return Err(bad("control characters in the credential"));
        }
        Ok(Identity {
            name: name.to_string(),
            header,
            value,
            admin: false,
        })
    }

    /// The bearer token, when the identity has one.
    pub fn bearer(&self) -> Option<&str> {
        if self.header.eq_ignore_ascii_case("authorization") {
            self.value.strip_prefix("Bearer ")
        } else {
            None
        }
    }
}

/// The same JWT with `alg: none` and no signature, or `None` when `token` is not a JWT.
pub fn alg_none(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (h, p, _s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header: serde_json::Value = serde_json::from_slice(&b64.decode(h).ok()?).ok()?;
    header.get("alg")?;
    b64.decode(p).ok()?;
    let none = b64.encode(br#"{"alg":"none","typ":"JWT"}"#);
    Some(format!("{none}.{p}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kinds_and_never_echoes_credentials() {
        let a = Identity::parse("alice=Bearer:abc.def").unwrap();
        assert_eq!(
            (a.header.as_str(), a.bearer()),
            ("Authorization", Some("abc.def"))
        );
        let b = Identity::parse("bob=Basic:bob:pw").unwrap();
        assert_eq!(b.value, "Basic Ym9iOnB3");
        let k = Identity::parse("svc=Header:X-Api-Key:k1").unwrap();
        assert_eq!((k.header.as_str(), k.value.as_str()), ("X-Api-Key", "k1"));
        let e = Identity::parse("x=Token:SuperSecretValue123")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("SuperSecretValue123"), "{e}");
        assert!(Identity::parse("=Bearer:x").is_err());
    }

    #[test]
    fn alg_none_keeps_the_payload() {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let t = format!(
            "{}.{}.sig",
            b64.encode(br#"{"alg":"HS256"}"#),
            b64.encode(br#"{"sub":"alice"}"#)
        );
        let n = alg_none(&t).unwrap();
        assert!(n.ends_with('.'));
        assert_eq!(n.split('.').nth(1), t.split('.').nth(1));
        assert!(alg_none("opaque-token").is_none());
    }
}
