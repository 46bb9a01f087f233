//! JWT probes beyond `alg: none`: the caller's token re-signed with a key the server never
//! issued, an expired copy signed with a key the run knows, and an offline test of HS256
//! tokens against a short list of weak HMAC secrets (no request needed: the token's own
//! signature tells whether a guess is the key). HMAC-SHA256 is the project's own
//! (`tollgate_core::fingerprint::hmac_sha256`, RFC 2104 over `sha2`).

use crate::rule::Rule;
use base64::Engine as _;
use serde_json::Value;
pub use tollgate_core::fingerprint::hmac_sha256;
use tollgate_core::{Confidence, Severity};

pub const JWT_RESIGNED: Rule = Rule {
    slug: "jwt-signature-not-verified",
    title: "JWT re-signed with another key accepted",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[347],
    tags: &["authentication", "jwt", "owasp-api2"],
    what: "The operation refused a request without credentials but accepted the caller's token with its signature replaced by one made with a key the server never issued.",
    why: "A server that does not verify signatures accepts any token anyone writes: every customer's account and every administrator role is open to forgery.",
    fix: "Verify every JWT's signature with the expected key and an explicit allow-list of algorithms before reading any claim.",
    references: &["RFC 7515, section 5.2", "RFC 8725, section 3.1", "CWE-347"],
};

pub const JWT_EXPIRED: Rule = Rule {
    slug: "jwt-expired-accepted",
    title: "Expired JWT accepted",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[613],
    tags: &["authentication", "jwt", "session"],
    what: "A copy of the caller's token with `exp` in the past, correctly signed (with a key the run learned from a weak secret), was accepted.",
    why: "Tokens that never expire turn every leaked or logged token into permanent access to the customer's accounts; session time-outs required by PCI DSS 8.2.8 and PSD2 RTS article 4 are void.",
    fix: "Reject tokens whose `exp` (and `nbf`) claims fail, with at most a small clock skew; keep token lifetimes short.",
    references: &["RFC 7519, section 4.1.4", "CWE-613"],
};

pub const JWT_WEAK_SECRET: Rule = Rule {
    slug: "jwt-weak-hmac-secret",
    title: "JWT signed with a guessable HMAC secret",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[326, 798],
    tags: &["authentication", "jwt", "cryptography"],
    what: "An identity's HS256 token verifies with one of a short list of well-known weak secrets; this was found offline from the token alone.",
    why: "Anyone holding one token (from a log, a browser, a proxy) finds the key offline and signs tokens for any customer or administrator.",
    fix: "Use a random key of at least 256 bits from a secrets manager, or an asymmetric algorithm (ES256, EdDSA); rotate the key and revoke tokens signed with the weak one.",
    references: &["RFC 8725, section 3.5", "RFC 7518, section 3.2", "CWE-326"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![&JWT_RESIGNED, &JWT_EXPIRED, &JWT_WEAK_SECRET]
}

/// Secrets tried offline against HS256 tokens: defaults of tutorials and frameworks.
pub const WEAK_SECRETS: &[&str] = &[
    "secret",
    "password",
    "changeme",
    "jwt_secret",
    "secretkey",
    "secret123",
    "your-256-bit-secret",
    "supersecret",
    "mysecret",
    "123456",
    "key",
    "test",
    "admin",
    "default",
    "jwt",
    "shhhhh",
];

/// The key the re-signing probe uses: never issued by any server.
const PROBE_KEY: &[u8] = b"tollgate-probe-key-not-issued-by-the-server";

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

/// A JWT split and decoded.
pub struct Jwt {
    pub header: serde_json::Map<String, Value>,
    pub payload: serde_json::Map<String, Value>,
    /// `header.payload` as sent.
    pub signed: String,
    pub signature: Vec<u8>,
}

impl Jwt {
    pub fn parse(token: &str) -> Option<Jwt> {
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let Value::Object(header) = serde_json::from_slice(&b64().decode(h).ok()?).ok()? else {
            return None;
        };
        let Value::Object(payload) = serde_json::from_slice(&b64().decode(p).ok()?).ok()? else {
            return None;
        };
        Some(Jwt {
            header,
            payload,
            signed: format!("{h}.{p}"),
            signature: b64().decode(s).ok()?,
        })
    }

    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or("")
    }
}

/// An HS256 token of `header` and `payload` signed with `key`.
pub fn sign_hs256(
    header: &serde_json::Map<String, Value>,
    payload: &serde_json::Map<String, Value>,
    key: &[u8],
) -> String {
    let mut header = header.clone();
    header.insert("alg".into(), Value::from("HS256"));
    let h = b64().encode(serde_json::to_vec(&Value::Object(header)).unwrap_or_default());
    let p = b64().encode(serde_json::to_vec(&Value::Object(payload.clone())).unwrap_or_default());
    let sig = hmac_sha256(key, format!("{h}.{p}").as_bytes());
    format!("{h}.{p}.{}", b64().encode(sig))
}

/// The token with its claims kept and a signature by a key no server issued; `None` when
/// it is not a JWT.
pub fn resigned(token: &str) -> Option<String> {
    let t = Jwt::parse(token)?;
    Some(sign_hs256(&t.header, &t.payload, PROBE_KEY))
}

/// A copy with `exp` (and `iat`, `nbf` when present) in 2001, signed with `key`.
pub fn expired(token: &str, key: &[u8]) -> Option<String> {
    let t = Jwt::parse(token)?;
    let mut p = t.payload.clone();
    p.insert("exp".into(), Value::from(1_000_000_000u64));
    for c in ["iat", "nbf"] {
        if p.contains_key(c) {
            p.insert(c.into(), Value::from(999_996_400u64));
        }
    }
    Some(sign_hs256(&t.header, &p, key))
}

/// The weak secret an HS256 token is signed with, if it is one of [`WEAK_SECRETS`].
pub fn weak_secret(token: &str) -> Option<&'static str> {
    let t = Jwt::parse(token)?;
    if t.alg() != "HS256" || t.signature.len() != 32 {
        return None;
    }
    WEAK_SECRETS.iter().copied().find(|s| {
        let mac = hmac_sha256(s.as_bytes(), t.signed.as_bytes());
        // Not secret-dependent timing that matters: the token is ours to test offline.
        mac[..] == t.signature[..]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn finds_weak_secrets_offline_and_only_those() {
        let mut h = serde_json::Map::new();
        h.insert("typ".into(), Value::from("JWT"));
        let mut p = serde_json::Map::new();
        p.insert("sub".into(), Value::from("alice"));
        let weak = sign_hs256(&h, &p, b"changeme");
        assert_eq!(weak_secret(&weak), Some("changeme"));
        let strong = sign_hs256(&h, &p, b"a-long-random-key-5e8f0c2a9b7d4e1f");
        assert_eq!(weak_secret(&strong), None);
        assert_eq!(weak_secret("not.a.jwt"), None);
        assert_eq!(weak_secret(""), None);
        let r = resigned(&strong).unwrap();
        assert_ne!(r, strong);
        assert_eq!(r.split('.').nth(1), strong.split('.').nth(1));
        let e = expired(&weak, b"changeme").unwrap();
        let t = Jwt::parse(&e).unwrap();
        assert_eq!(t.payload["exp"], 1_000_000_000u64);
        assert_eq!(weak_secret(&e), Some("changeme"));
    }
}
