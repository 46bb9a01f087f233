//! API tokens: shown once, stored only as an argon2id hash, scoped to one product or to
//! all, with a role. A token is `tgk_<key id>_<secret>`; the key id finds the row, the
//! hash proves the secret. Verified tokens are remembered briefly by their SHA-256, so a
//! busy pipeline does not pay argon2's cost on every request; revocation forgets them.

use crate::db::Value;
use crate::store::{Store, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a token may do. Each role includes reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read findings, scans and figures.
    Viewer,
    /// Also upload scans (a pipeline's token).
    Uploader,
    /// Also accept, mark false positive and reopen findings.
    Triager,
    /// Everything, including products and tokens.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Uploader => "uploader",
            Role::Triager => "triager",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "viewer" => Role::Viewer,
            "uploader" => Role::Uploader,
            "triager" => Role::Triager,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
    pub fn may_upload(self) -> bool {
        matches!(self, Role::Uploader | Role::Admin)
    }
    pub fn may_triage(self) -> bool {
        matches!(self, Role::Triager | Role::Admin)
    }
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The token's name (or a person's name for a browser session); recorded as the
    /// actor of everything it does.
    pub name: String,
    pub role: Role,
    /// The one product it may see; `None`: all products.
    pub product: Option<i64>,
    pub key_id: String,
}

impl Principal {
    /// Whether it may see `product` at all. Anything it may not see is answered as if it
    /// did not exist.
    pub fn sees(&self, product: i64) -> bool {
        self.product.map_or(true, |p| p == product)
    }
    /// Global administrators create products and tokens.
    pub fn is_global_admin(&self) -> bool {
        self.role == Role::Admin && self.product.is_none()
    }
}

const PREFIX: &str = "tgk_";

/// `bytes` random bytes as hex (token secrets, key ids, session ids, CSRF tokens).
pub(crate) fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(tollgate_core::fingerprint::hex(&buf))
}

fn no_randomness(e: getrandom::Error) -> StoreError {
    StoreError::Invalid(format!("no randomness: {e}"))
}

fn hasher() -> argon2::Argon2<'static> {
    // argon2id with the crate's defaults (19 MiB, 2 passes): OWASP's minimum for argon2id.
    argon2::Argon2::default()
}

/// A token's public part, from its text, if it has the shape.
pub(crate) fn key_id_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    (id.len() == 16
        && secret.len() == 64
        && id.bytes().all(|b| b.is_ascii_hexdigit())
        && secret.bytes().all(|b| b.is_ascii_hexdigit()))
    .then_some(id)
}

#[derive(Clone, Debug, Serialize)]
pub struct TokenInfo {
    pub key_id: String,
    pub name: String,
    pub role: Role,
    pub product: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Tokens and the short memory of verified ones.
#[derive(Default)]
pub struct Tokens {
    verified: Mutex<HashMap<[u8; 32], (Principal, Instant)>>,
}

const REMEMBER: Duration = Duration::from_secs(300);

impl Tokens {
    /// Makes a token; its text is returned once and never stored.
    pub fn create(
        &self,
        store: &Store,
        name: &str,
        role: Role,
        product: Option<i64>,
        now: i64,
    ) -> Result<String, StoreError> {
        if name.trim().is_empty() || name.chars().count() > 200 {
            return Err(StoreError::Invalid(
                "a token needs a name (1-200 characters)".into(),
            ));
        }
        // The name is shown in lists and recorded as an actor: no control characters.
        let name: String = name
            .chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        let name = name.as_str();
        let key_id = random_hex(8).map_err(no_randomness)?;
        let token = format!(
            "{PREFIX}{key_id}_{}",
            random_hex(32).map_err(no_randomness)?
        );
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| StoreError::Invalid(format!("no randomness: {e}")))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let hash = hasher()
            .hash_password(token.as_bytes(), &salt)
            .map_err(|e| StoreError::Invalid(e.to_string()))?
            .to_string();
        store.pool.with(|c| {
            c.execute(
                "INSERT INTO tokens (key_id, hash, name, role, product_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[key_id.into(), hash.into(), name.into(), role.as_str().into(), product.into(), Value::Int(now)],
            )?;
            Ok::<_, StoreError>(())
        })?;
        Ok(token)
    }

    /// The principal of a bearer token, or `None` for anything not a live token.
    pub fn verify(&self, store: &Store, token: &str) -> Result<Option<Principal>, StoreError> {
        let Some(key_id) = key_id_of(token) else {
            return Ok(None);
        };
        let digest: [u8; 32] = {
            use sha2::Digest;
            sha2::Sha256::digest(token.as_bytes()).into()
        };
        if let Some((p, at)) = self.lock().get(&digest) {
            if at.elapsed() < REMEMBER {
                return Ok(Some(p.clone()));
            }
        }
        let row = store.pool.with(|c| {
            Ok::<_, StoreError>(c.query_one(
                "SELECT hash, name, role, product_id FROM tokens WHERE key_id = $1 AND revoked_at IS NULL",
                &[key_id.into()],
            )?)
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let hash = row[0].string();
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return Ok(None);
        };
        if hasher().verify_password(token.as_bytes(), &parsed).is_err() {
            return Ok(None);
        }
        let Some(role) = Role::parse(row[2].text().unwrap_or("")) else {
            return Ok(None);
        };
        let p = Principal {
            name: row[1].string(),
            role,
            product: row[3].int(),
            key_id: key_id.to_string(),
        };
        self.lock().insert(digest, (p.clone(), Instant::now()));
        Ok(Some(p))
    }

    pub fn revoke(&self, store: &Store, key_id: &str, now: i64) -> Result<bool, StoreError> {
        let n = store.pool.with(|c| {
            Ok::<_, StoreError>(c.execute(
                "UPDATE tokens SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL",
                &[key_id.into(), Value::Int(now)],
            )?)
        })?;
        self.lock().retain(|_, (p, _)| p.key_id != key_id);
        Ok(n > 0)
    }

    pub fn list(&self, store: &Store, product: Option<i64>) -> Result<Vec<TokenInfo>, StoreError> {
        store.pool.with(|c| {
            let rows = c.query(
                "SELECT t.key_id, t.name, t.role, p.name, t.created_at, t.revoked_at FROM tokens t LEFT JOIN products p ON p.id = t.product_id WHERE (CAST($1 AS BIGINT) IS NULL OR t.product_id = CAST($1 AS BIGINT)) ORDER BY t.created_at, t.id",
                &[product.into()],
            )?;
            Ok(rows
                .iter()
                .map(|r| TokenInfo {
                    key_id: r[0].string(),
                    name: r[1].string(),
                    role: Role::parse(r[2].text().unwrap_or("")).unwrap_or(Role::Viewer),
                    product: r[3].text().map(str::to_string),
                    created_at: r[4].int().map(tollgate_core::time::rfc3339).unwrap_or_default(),
                    revoked_at: r[5].int().map(tollgate_core::time::rfc3339),
                })
                .collect())
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], (Principal, Instant)>> {
        self.verified.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_shaped_tokens_reach_the_database() {
        let good = format!("tgk_{}_{}", "a".repeat(16), "0".repeat(64));
        assert_eq!(key_id_of(&good), Some("a".repeat(16).as_str()));
        for bad in [
            "",
            "tgk_",
            "Bearer x",
            &format!("tgk_{}_{}", "a".repeat(15), "0".repeat(64)),
            &format!("tgk_{}_{}", "g".repeat(16), "0".repeat(64)),
            &format!("tgk_{}_{}x", "a".repeat(16), "0".repeat(64)),
        ] {
            assert_eq!(key_id_of(bad), None, "{bad}");
        }
    }
}
