//! Sign-in for people through an OpenID Connect provider: the authorization code flow
//! with PKCE, a `state` bound to the browser that began it, a `nonce` in the ID token, and
//! the ID token's signature checked against the provider's published keys.
//!
//! The provider is configured by its issuer; its discovery document and keys are fetched
//! when someone first signs in (so a provider that is down does not stop the server) and
//! kept: the document for an hour, the keys until a token names a key not among them.
//! Only asymmetric signatures are accepted (RS256/384/512, PS256/384/512, ES256, ES384,
//! EdDSA): `none` and HMAC, which a client secret could forge, are refused.
//!
//! Who may do what comes from `[[server.oidc.grants]]`, in order: the first grant whose
//! group (from the groups claim) or verified e-mail address matches gives the role and
//! the one product (or all products) the session may see.

use crate::auth::Role;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;
use sha2::Digest;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tollgate_dast::http::{self, Limits, Request, Url};
use tollgate_dast::tls::{Tls, TlsOptions};

/// `[server.oidc]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The issuer, exactly as the provider's tokens give it (`https://login.bank.example`).
    pub issuer: String,
    pub client_id: String,
    /// The environment variable holding the client secret (default
    /// `TOLLGATE_OIDC_CLIENT_SECRET`); the secret itself never belongs in the file.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// Or a file whose first line is the client secret.
    #[serde(default)]
    pub client_secret_file: Option<PathBuf>,
    /// The callback address registered with the provider, ending in `/ui/oidc/callback`.
    pub redirect_url: String,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim listing a person's groups.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// The label of the sign-in button.
    #[serde(default)]
    pub name: Option<String>,
    /// PEM files of CAs to trust for the provider beside the bundled roots.
    #[serde(default)]
    pub ca_certs: Vec<PathBuf>,
    #[serde(default)]
    pub grants: Vec<Grant>,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "email".into(), "profile".into()]
}

fn default_groups_claim() -> String {
    "groups".into()
}

/// One `[[server.oidc.grants]]`: who (a group, or a verified e-mail address) gets which
/// role on which product (all products when `product` is absent).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub role: String,
    #[serde(default)]
    pub product: Option<String>,
}

impl OidcConfig {
    pub fn validate(&self) -> Result<(), String> {
        provider_url("server.oidc.issuer", &self.issuer)?;
        if self.issuer.contains(['?', '#']) {
            return Err("server.oidc.issuer: an issuer has no query or fragment".into());
        }
        let cb =
            Url::parse(&self.redirect_url).map_err(|e| format!("server.oidc.redirect_url: {e}"))?;
        if !cb.path().ends_with("/ui/oidc/callback") {
            return Err("server.oidc.redirect_url must end in /ui/oidc/callback".into());
        }
        if self.client_id.trim().is_empty() {
            return Err("server.oidc.client_id is empty".into());
        }
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err("server.oidc.scopes must include `openid`".into());
        }
        for (i, g) in self.grants.iter().enumerate() {
            let n = i + 1;
            if Role::parse(&g.role).is_none() {
                return Err(format!(
                    "server.oidc.grants[{n}]: role `{}` is not viewer, uploader, triager or admin",
                    g.role
                ));
            }
            if g.group.is_some() == g.email.is_some() {
                return Err(format!(
                    "server.oidc.grants[{n}]: give exactly one of `group` and `email`"
                ));
            }
        }
        Ok(())
    }
}

/// A provider address: `https://`, or `http://` on a loopback host only (a provider on
/// this machine, in development and tests).
fn provider_url(what: &str, text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{what}: {e}"))?;
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Ok(url);
    }
    let host = url.host.trim_start_matches('[').trim_end_matches(']');
    if lower.starts_with("http://") && matches!(host, "127.0.0.1" | "::1" | "localhost") {
        return Ok(url);
    }
    Err(format!(
        "{what}: `{text}` is not https (plain http is allowed only on a loopback address)"
    ))
}

/// Why a sign-in failed. The text is shown to the person and says nothing secret.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OidcError {
    /// The identity provider could not be reached or answered something unusable.
    #[error("the identity provider: {0}")]
    Provider(String),
    /// The ID token did not pass a check.
    #[error("the identity token was refused: {0}")]
    Token(String),
    /// The callback does not belong to a sign-in this browser began (or it was used).
    #[error("this sign-in was not started here, has expired or was already used")]
    State,
}

/// What the ID token established about the person.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// A verified e-mail address (`email_verified` not false).
    pub email: Option<String>,
    pub name: String,
    pub groups: Vec<String>,
}

impl Identity {
    /// A stable id for the person (recorded as the session's key id).
    pub fn key_id(&self) -> String {
        let d = sha2::Sha256::digest(format!("{}\n{}", self.issuer, self.subject).as_bytes());
        format!("oidc:{}", &tollgate_core::fingerprint::hex(&d)[..16])
    }
}

struct Provider {
    authorization: String,
    token: Url,
    jwks: Url,
    algs: Option<Vec<String>>,
    /// `client_secret_post` when the provider takes only that; otherwise HTTP Basic.
    secret_in_body: bool,
    fetched: Instant,
}

struct Pending {
    binding: [u8; 32],
    nonce: String,
    verifier: String,
    begun: Instant,
}

/// A sign-in must come back from the provider within this long.
pub const PENDING_FOR: Duration = Duration::from_secs(600);
const MAX_PENDING: usize = 10_000;
const PROVIDER_FOR: Duration = Duration::from_secs(3600);
/// Clock difference tolerated between the provider and this server.
const LEEWAY: i64 = 120;

/// The server's OIDC client.
pub struct Oidc {
    pub config: OidcConfig,
    secret: Option<String>,
    tls: Option<Tls>,
    provider: Mutex<Option<std::sync::Arc<Provider>>>,
    keys: Mutex<Vec<Jwk>>,
    pending: Mutex<HashMap<[u8; 32], Pending>>,
}

fn digest(s: &str) -> [u8; 32] {
    sha2::Sha256::digest(s.as_bytes()).into()
}

fn random(bytes: usize) -> Result<String, OidcError> {
    crate::auth::random_hex(bytes).map_err(|e| OidcError::Provider(format!("no randomness: {e}")))
}

impl Oidc {
    /// Reads the client secret (from the environment variable or file the configuration
    /// names) and prepares TLS; contacts nobody.
    pub fn new(config: OidcConfig, env: impl Fn(&str) -> Option<String>) -> Result<Oidc, String> {
        config.validate()?;
        let secret = match (&config.client_secret_file, &config.client_secret_env) {
            (Some(f), _) => {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| format!("server.oidc.client_secret_file {}: {e}", f.display()))?;
                let s = text.lines().next().unwrap_or("").trim().to_string();
                if s.is_empty() {
                    return Err(format!(
                        "server.oidc.client_secret_file {}: empty",
                        f.display()
                    ));
                }
                Some(s)
            }
            (None, Some(var)) => Some(
                env(var)
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| format!("server.oidc.client_secret_env: `{var}` is not set"))?
                    .trim()
                    .to_string(),
            ),
            // A public client (PKCE only) unless the default variable holds a secret.
            (None, None) => env("TOLLGATE_OIDC_CLIENT_SECRET")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        };
        let tls = if config.issuer.to_ascii_lowercase().starts_with("https://") {
            let roots = tollgate_dast::tls::roots(&TlsOptions {
                ca_certs: config.ca_certs.clone(),
                insecure: false,
            })
            .map_err(|e| format!("server.oidc.ca_certs: {e}"))?;
            Some(Tls::new(&roots, false).map_err(|e| format!("server.oidc: {e}"))?)
        } else {
            None
        };
        Ok(Oidc {
            config,
            secret,
            tls,
            provider: Mutex::new(None),
            keys: Mutex::new(Vec::new()),
            pending: Mutex::new(HashMap::new()),
        })
    }

    /// The label of the sign-in button.
    pub fn label(&self) -> String {
        self.config
            .name
            .clone()
            .unwrap_or_else(|| "single sign-on".into())
    }

    fn fetch(&self, method: &str, url: &Url, form: Option<&str>) -> Result<Value, OidcError> {
        let mut req = Request::new(method, url.clone());
        req.headers
            .push(("Accept".into(), "application/json".into()));
        if let Some(body) = form {
            req.headers.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
            if !self.provider_secret_in_body() {
                if let Some(secret) = &self.secret {
                    // RFC 6749, section 2.3.1: both parts form-encoded before Basic.
                    let pair = format!(
                        "{}:{}",
                        form_encode(&self.config.client_id),
                        form_encode(secret)
                    );
                    req.headers.push((
                        "Authorization".into(),
                        format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD.encode(pair)
                        ),
                    ));
                }
            }
            req.body = body.as_bytes().to_vec();
        }
        let tls = if url.https { self.tls.as_ref() } else { None };
        let limits = Limits {
            max_body_bytes: 1 << 20,
            ..Limits::default()
        };
        let shown = format!("{}{}", url.origin(), url.path());
        let r = http::send(&req, Duration::from_secs(15), &limits, tls)
            .map_err(|e| OidcError::Provider(format!("{shown}: {e}")))?;
        let v: Value = serde_json::from_slice(&r.body).map_err(|e| {
            OidcError::Provider(format!(
                "{shown} answered {} with a body that is not JSON ({e})",
                r.status
            ))
        })?;
        if !(200..300).contains(&r.status) {
            // An OAuth error code is short and safe to show; a description could be
            // anything, so it is left out.
            let code: String = v["error"]
                .as_str()
                .unwrap_or("no error code")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(64)
                .collect();
            return Err(OidcError::Provider(format!(
                "{shown} answered {} ({code})",
                r.status
            )));
        }
        Ok(v)
    }

    fn provider_secret_in_body(&self) -> bool {
        self.provider
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|p| p.secret_in_body)
    }

    fn provider(&self) -> Result<std::sync::Arc<Provider>, OidcError> {
        if let Some(p) = self
            .provider
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            if p.fetched.elapsed() < PROVIDER_FOR {
                return Ok(p.clone());
            }
        }
        let issuer = self.config.issuer.trim_end_matches('/');
        let url = Url::parse(&format!("{issuer}/.well-known/openid-configuration"))
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let doc = self.fetch("GET", &url, None)?;
        // The document must be the issuer's own (OpenID Connect Discovery, section 4.3).
        if doc["issuer"].as_str() != Some(self.config.issuer.as_str()) {
            return Err(OidcError::Provider(format!(
                "its discovery document names another issuer than `{}`",
                self.config.issuer
            )));
        }
        let endpoint = |name: &str| -> Result<String, OidcError> {
            let text = doc[name].as_str().ok_or_else(|| {
                OidcError::Provider(format!("its discovery document has no `{name}`"))
            })?;
            provider_url(name, text).map_err(OidcError::Provider)?;
            Ok(text.to_string())
        };
        let authorization = endpoint("authorization_endpoint")?;
        let token = Url::parse(&endpoint("token_endpoint")?)
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let jwks =
            Url::parse(&endpoint("jwks_uri")?).map_err(|e| OidcError::Provider(e.to_string()))?;
        let algs = doc["id_token_signing_alg_values_supported"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            });
        let methods: Vec<&str> = doc["token_endpoint_auth_methods_supported"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let secret_in_body = !methods.is_empty()
            && !methods.contains(&"client_secret_basic")
            && methods.contains(&"client_secret_post");
        let p = std::sync::Arc::new(Provider {
            authorization,
            token,
            jwks,
            algs,
            secret_in_body,
            fetched: Instant::now(),
        });
        *self.provider.lock().unwrap_or_else(|e| e.into_inner()) = Some(p.clone());
        Ok(p)
    }

    fn refresh_keys(&self, p: &Provider) -> Result<Vec<Jwk>, OidcError> {
        let v = self.fetch("GET", &p.jwks, None)?;
        let keys = parse_jwks(&v).map_err(OidcError::Provider)?;
        *self.keys.lock().unwrap_or_else(|e| e.into_inner()) = keys.clone();
        Ok(keys)
    }

    /// Begins a sign-in: returns the provider's authorization address to send the
    /// browser to, and the value of the cookie that binds the sign-in to this browser.
    pub fn begin(&self) -> Result<(String, String), OidcError> {
        let p = self.provider()?;
        let state = random(16)?;
        let nonce = random(16)?;
        let binding = random(32)?;
        let verifier = random(32)?;
        let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            if pending.len() >= MAX_PENDING {
                pending.retain(|_, x| x.begun.elapsed() < PENDING_FOR);
            }
            if pending.len() >= MAX_PENDING {
                if let Some(oldest) = pending.iter().min_by_key(|(_, x)| x.begun).map(|(k, _)| *k) {
                    pending.remove(&oldest);
                }
            }
            pending.insert(
                digest(&state),
                Pending {
                    binding: digest(&binding),
                    nonce: nonce.clone(),
                    verifier,
                    begun: Instant::now(),
                },
            );
        }
        let sep = if p.authorization.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!(
            "{}{sep}response_type=code&client_id={}&redirect_uri={}&scope={}&state={state}&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256",
            p.authorization,
            form_encode(&self.config.client_id),
            form_encode(&self.config.redirect_url),
            form_encode(&self.config.scopes.join(" ")),
        );
        Ok((url, binding))
    }

    /// Completes a sign-in from the callback's `state` and `code` and the binding cookie:
    /// exchanges the code and verifies the ID token. A state is used once.
    pub fn finish(
        &self,
        state: &str,
        code: &str,
        binding: Option<&str>,
    ) -> Result<Identity, OidcError> {
        let pending = {
            let mut all = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            all.remove(&digest(state)).ok_or(OidcError::State)?
        };
        let bound = binding.is_some_and(|b| {
            crate::dashboard::session::constant_time_eq(&digest(b), &pending.binding)
        });
        if !bound || pending.begun.elapsed() >= PENDING_FOR {
            return Err(OidcError::State);
        }
        if code.is_empty() || code.len() > 4096 {
            return Err(OidcError::Provider(
                "the callback has no usable code".into(),
            ));
        }
        let p = self.provider()?;
        let mut form = format!(
            "grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}",
            form_encode(code),
            form_encode(&self.config.redirect_url),
            form_encode(&pending.verifier)
        );
        if p.secret_in_body || self.secret.is_none() {
            form.push_str(&format!(
                "&client_id={}",
                form_encode(&self.config.client_id)
            ));
        }
        if p.secret_in_body {
            if let Some(s) = &self.secret {
                form.push_str(&format!("&client_secret={}", form_encode(s)));
            }
        }
        let answer = self.fetch("POST", &p.token, Some(&form))?;
        let id_token = answer["id_token"]
            .as_str()
            .ok_or_else(|| OidcError::Provider("its token answer has no id_token".into()))?;
        let header = token_header(id_token)?;
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if choose_key(&keys, &header).is_none() {
            // A key not seen yet: the provider may have rotated its keys.
            keys = self.refresh_keys(&p)?;
        }
        let expect = Expect {
            issuer: &self.config.issuer,
            client_id: &self.config.client_id,
            nonce: &pending.nonce,
            algs: p.algs.as_deref(),
            now: tollgate_core::time::now_unix(),
            groups_claim: &self.config.groups_claim,
        };
        verify_id_token(id_token, &keys, &expect)
    }

    /// The role and product (by name; `None` for all) the first matching grant gives.
    pub fn grant(&self, who: &Identity) -> Option<(Role, Option<String>)> {
        self.config.grants.iter().find_map(|g| {
            let matched = match (&g.group, &g.email) {
                (Some(group), _) => who.groups.iter().any(|x| x == group),
                (None, Some(email)) => who
                    .email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email)),
                (None, None) => false,
            };
            if !matched {
                return None;
            }
            Some((Role::parse(&g.role)?, g.product.clone()))
        })
    }
}

/// `application/x-www-form-urlencoded` value encoding.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---- keys and ID tokens ------------------------------------------------------------------

/// One public key from the provider's JWKS, ready to verify with.
#[derive(Clone, Debug, PartialEq)]
pub struct Jwk {
    pub kid: Option<String>,
    pub alg: Option<String>,
    pub key: PublicKey,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PublicKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// An uncompressed point (`04 || x || y`).
    P256(Vec<u8>),
    P384(Vec<u8>),
    Ed25519(Vec<u8>),
}

const MAX_KEYS: usize = 64;

fn b64(field: &str, v: &Value) -> Result<Vec<u8>, String> {
    let s = v
        .as_str()
        .ok_or_else(|| format!("a key has no `{field}`"))?;
    URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| format!("a key's `{field}` is not base64url"))
}

/// The signing keys of a JWKS document; keys of other kinds or for encryption are passed
/// over.
pub fn parse_jwks(v: &Value) -> Result<Vec<Jwk>, String> {
    let keys = v["keys"]
        .as_array()
        .ok_or("its key set (jwks_uri) has no `keys` list")?;
    let mut out = Vec::new();
    for k in keys.iter().take(MAX_KEYS) {
        if k["use"].as_str().is_some_and(|u| u != "sig") {
            continue;
        }
        let key = match (k["kty"].as_str(), k["crv"].as_str()) {
            (Some("RSA"), _) => {
                let n = b64("n", &k["n"])?;
                let e = b64("e", &k["e"])?;
                PublicKey::Rsa { n, e }
            }
            (Some("EC"), Some(crv @ ("P-256" | "P-384"))) => {
                let x = b64("x", &k["x"])?;
                let y = b64("y", &k["y"])?;
                let size = if crv == "P-256" { 32 } else { 48 };
                if x.len() != size || y.len() != size {
                    return Err(format!("an {crv} key has coordinates of the wrong size"));
                }
                let mut point = vec![4u8];
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                if crv == "P-256" {
                    PublicKey::P256(point)
                } else {
                    PublicKey::P384(point)
                }
            }
            (Some("OKP"), Some("Ed25519")) => PublicKey::Ed25519(b64("x", &k["x"])?),
            _ => continue,
        };
        out.push(Jwk {
            kid: k["kid"].as_str().map(str::to_string),
            alg: k["alg"].as_str().map(str::to_string),
            key,
        });
    }
    Ok(out)
}

/// How an accepted algorithm verifies: only asymmetric signatures are accepted.
#[derive(Clone, Copy)]
enum Verify {
    Rsa(&'static ring::signature::RsaParameters),
    P256(&'static ring::signature::EcdsaVerificationAlgorithm),
    P384(&'static ring::signature::EcdsaVerificationAlgorithm),
    Ed25519,
}

fn verification(alg: &str) -> Option<Verify> {
    use ring::signature as s;
    Some(match alg {
        "RS256" => Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA256),
        "RS384" => Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA384),
        "RS512" => Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA512),
        "PS256" => Verify::Rsa(&s::RSA_PSS_2048_8192_SHA256),
        "PS384" => Verify::Rsa(&s::RSA_PSS_2048_8192_SHA384),
        "PS512" => Verify::Rsa(&s::RSA_PSS_2048_8192_SHA512),
        "ES256" => Verify::P256(&s::ECDSA_P256_SHA256_FIXED),
        "ES384" => Verify::P384(&s::ECDSA_P384_SHA384_FIXED),
        "EdDSA" => Verify::Ed25519,
        _ => return None,
    })
}

impl Verify {
    fn fits(self, k: &PublicKey) -> bool {
        matches!(
            (self, k),
            (Verify::Rsa(_), PublicKey::Rsa { .. })
                | (Verify::P256(_), PublicKey::P256(_))
                | (Verify::P384(_), PublicKey::P384(_))
                | (Verify::Ed25519, PublicKey::Ed25519(_))
        )
    }

    fn check(self, k: &PublicKey, msg: &[u8], sig: &[u8]) -> bool {
        use ring::signature::{RsaPublicKeyComponents, UnparsedPublicKey, ED25519};
        match (self, k) {
            (Verify::Rsa(params), PublicKey::Rsa { n, e }) => RsaPublicKeyComponents { n, e }
                .verify(params, msg, sig)
                .is_ok(),
            (Verify::P256(a), PublicKey::P256(p)) | (Verify::P384(a), PublicKey::P384(p)) => {
                UnparsedPublicKey::new(a, p).verify(msg, sig).is_ok()
            }
            (Verify::Ed25519, PublicKey::Ed25519(p)) => {
                UnparsedPublicKey::new(&ED25519, p).verify(msg, sig).is_ok()
            }
            _ => false,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

const MAX_TOKEN: usize = 64 * 1024;

fn token_header(token: &str) -> Result<Header, OidcError> {
    let bad = |w: &str| OidcError::Token(w.to_string());
    if token.len() > MAX_TOKEN {
        return Err(bad("it is too long"));
    }
    let head = token.split('.').next().unwrap_or("");
    let bytes = URL_SAFE_NO_PAD
        .decode(head)
        .map_err(|_| bad("its header is not base64url"))?;
    serde_json::from_slice(&bytes).map_err(|_| bad("its header is not a JSON object with `alg`"))
}

fn choose_key<'a>(keys: &'a [Jwk], h: &Header) -> Option<&'a Jwk> {
    let v = verification(&h.alg)?;
    let usable = |k: &&Jwk| v.fits(&k.key) && k.alg.as_deref().map_or(true, |a| a == h.alg);
    match &h.kid {
        Some(kid) => keys
            .iter()
            .filter(usable)
            .find(|k| k.kid.as_deref() == Some(kid)),
        // Without a key id the key must be unambiguous.
        None => {
            let mut it = keys.iter().filter(usable);
            let first = it.next()?;
            it.next().is_none().then_some(first)
        }
    }
}

/// What the ID token must say.
pub struct Expect<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// The provider's advertised algorithms, when it lists them.
    pub algs: Option<&'a [String]>,
    pub now: i64,
    pub groups_claim: &'a str,
}

/// Verifies an ID token (OpenID Connect Core 1.0, section 3.1.3.7) and returns who it is
/// about.
pub fn verify_id_token(token: &str, keys: &[Jwk], x: &Expect) -> Result<Identity, OidcError> {
    let bad = |w: String| OidcError::Token(w);
    let header = token_header(token)?;
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(bad("it is not a signed JWT (three parts)".into()));
    }
    let Some(verify) = verification(&header.alg) else {
        return Err(bad(format!(
            "its algorithm `{}` is not accepted (only RSA, ECDSA and EdDSA signatures are)",
            header.alg.chars().take(16).collect::<String>()
        )));
    };
    if let Some(algs) = x.algs {
        if !algs.iter().any(|a| a == &header.alg) {
            return Err(bad(format!(
                "its algorithm `{}` is not one the provider says it uses",
                header.alg
            )));
        }
    }
    let key = choose_key(keys, &header)
        .ok_or_else(|| bad("it is signed with a key the provider does not publish".into()))?;
    let sig = URL_SAFE_NO_PAD
        .decode(parts[2])
        .map_err(|_| bad("its signature is not base64url".into()))?;
    let signed = &token[..parts[0].len() + 1 + parts[1].len()];
    let ok = verify.check(&key.key, signed.as_bytes(), &sig);
    if !ok {
        return Err(bad("its signature does not verify".into()));
    }
    let claims: Value = URL_SAFE_NO_PAD
        .decode(parts[1])
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(Value::is_object)
        .ok_or_else(|| bad("its claims are not a JSON object".into()))?;
    if claims["iss"].as_str() != Some(x.issuer) {
        return Err(bad("it was issued by another issuer".into()));
    }
    let aud: Vec<&str> = match &claims["aud"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => vec![],
    };
    if !aud.contains(&x.client_id) {
        return Err(bad("it is meant for another client (audience)".into()));
    }
    if (aud.len() > 1 || claims.get("azp").is_some()) && claims["azp"].as_str() != Some(x.client_id)
    {
        return Err(bad("it was issued to another party (azp)".into()));
    }
    let time = |name: &str| {
        claims[name]
            .as_i64()
            .or_else(|| claims[name].as_f64().map(|f| f as i64))
    };
    let exp = time("exp").ok_or_else(|| bad("it has no expiry (exp)".into()))?;
    if exp + LEEWAY <= x.now {
        return Err(bad("it has expired".into()));
    }
    let iat = time("iat").ok_or_else(|| bad("it has no issue time (iat)".into()))?;
    if iat > x.now + LEEWAY {
        return Err(bad("it was issued in the future".into()));
    }
    if time("nbf").is_some_and(|nbf| nbf > x.now + LEEWAY) {
        return Err(bad("it is not valid yet (nbf)".into()));
    }
    let nonce_ok = claims["nonce"].as_str().is_some_and(|n| {
        crate::dashboard::session::constant_time_eq(n.as_bytes(), x.nonce.as_bytes())
    });
    if !nonce_ok {
        return Err(bad(
            "its nonce is not this sign-in's (a replayed token?)".into()
        ));
    }
    let subject = claims["sub"]
        .as_str()
        .filter(|s| !s.is_empty() && s.len() <= 255)
        .ok_or_else(|| bad("it has no subject (sub)".into()))?
        .to_string();
    let email = claims["email"]
        .as_str()
        .filter(|_| claims["email_verified"].as_bool() != Some(false))
        .map(str::to_string);
    let name = email
        .clone()
        .or_else(|| claims["preferred_username"].as_str().map(str::to_string))
        .unwrap_or_else(|| subject.clone());
    let groups = match &claims[x.groups_claim] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    };
    Ok(Identity {
        issuer: x.issuer.to_string(),
        subject,
        email,
        name: name.chars().take(200).collect(),
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> OidcConfig {
        OidcConfig {
            issuer: "https://login.bank.example".into(),
            client_id: "tollgate".into(),
            client_secret_env: None,
            client_secret_file: None,
            redirect_url: "https://tollgate.bank.example/ui/oidc/callback".into(),
            scopes: default_scopes(),
            groups_claim: default_groups_claim(),
            name: None,
            ca_certs: vec![],
            grants: vec![],
        }
    }

    #[test]
    fn a_configuration_is_checked_before_anyone_signs_in() {
        assert!(config().validate().is_ok());
        let mut c = config();
        c.issuer = "http://login.bank.example".into();
        assert!(c.validate().unwrap_err().contains("not https"));
        c.issuer = "http://127.0.0.1:9000".into();
        assert!(c.validate().is_ok(), "plain http on loopback is allowed");
        let mut c = config();
        c.redirect_url = "https://tollgate.bank.example/elsewhere".into();
        assert!(c.validate().unwrap_err().contains("/ui/oidc/callback"));
        let mut c = config();
        c.scopes = vec!["email".into()];
        assert!(c.validate().unwrap_err().contains("openid"));
        let mut c = config();
        c.grants = vec![Grant {
            group: Some("a".into()),
            email: Some("b@c".into()),
            role: "viewer".into(),
            product: None,
        }];
        assert!(c.validate().unwrap_err().contains("grants[1]"));
        c.grants[0].email = None;
        c.grants[0].role = "root".into();
        assert!(c.validate().unwrap_err().contains("`root`"));
        let parsed: Result<OidcConfig, _> = toml::from_str(
            "issuer = 'https://x'\nclient_id = 'c'\nredirect_url = 'https://t/ui/oidc/callback'\nclient_secret = 'inline'\n",
        );
        assert!(parsed.is_err(), "a secret written into the file is refused");
    }

    #[test]
    fn a_missing_secret_variable_is_named_and_nothing_is_shown() {
        let mut c = config();
        c.client_secret_env = Some("BANK_OIDC_SECRET".into());
        let e = Oidc::new(c.clone(), |_| None).err().unwrap();
        assert!(e.contains("BANK_OIDC_SECRET"));
        let o = Oidc::new(c, |k| {
            (k == "BANK_OIDC_SECRET").then(|| "s3cr3t-value".into())
        })
        .unwrap();
        assert_eq!(o.secret.as_deref(), Some("s3cr3t-value"));
    }

    #[test]
    fn a_key_set_keeps_signing_keys_and_a_token_without_key_id_needs_one_candidate() {
        let x = URL_SAFE_NO_PAD.encode([1u8; 32]);
        let v = serde_json::json!({"keys": [
            {"kty": "EC", "crv": "P-256", "kid": "a", "x": x, "y": x},
            {"kty": "EC", "crv": "P-256", "kid": "enc", "use": "enc", "x": x, "y": x},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB"},
        ]});
        let keys = parse_jwks(&v).unwrap();
        let kids: Vec<_> = keys.iter().map(|k| k.kid.clone().unwrap()).collect();
        assert_eq!(
            kids,
            ["a", "r"],
            "encryption and symmetric keys are passed over"
        );
        let h = |alg: &str, kid: Option<&str>| Header {
            alg: alg.into(),
            kid: kid.map(str::to_string),
        };
        assert!(choose_key(&keys, &h("ES256", Some("a"))).is_some());
        assert!(
            choose_key(&keys, &h("ES256", Some("r"))).is_none(),
            "wrong kind of key"
        );
        assert!(choose_key(&keys, &h("ES256", None)).is_some(), "one EC key");
        assert!(choose_key(&keys, &h("HS256", Some("hmac"))).is_none());
        let two = [keys[0].clone(), keys[0].clone()];
        assert!(choose_key(&two, &h("ES256", None)).is_none(), "ambiguous");
        let bad = serde_json::json!({"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": x}]});
        assert!(parse_jwks(&bad).is_err());
        assert!(parse_jwks(&serde_json::json!({"keys": 3})).is_err());
    }

    #[test]
    fn hostile_tokens_are_refused_without_panicking() {
        let x = Expect {
            issuer: "https://i",
            client_id: "c",
            nonce: "n",
            algs: None,
            now: 1_000_000,
            groups_claim: "groups",
        };
        let long = "a".repeat(MAX_TOKEN + 1);
        for t in [
            "",
            ".",
            "..",
            "a.b.c",
            "eyJhbGciOiJFUzI1NiJ9",
            "eyJhbGciOiJFUzI1NiJ9..",
            "eyJhbGciOiJFUzI1NiJ9.e30.AAAA",
            "bm90IGpzb24.e30.",
            long.as_str(),
        ] {
            assert!(verify_id_token(t, &[], &x).is_err(), "{t:.40}");
        }
    }
}
