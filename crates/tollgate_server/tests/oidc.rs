//! Single sign-on through an OpenID Connect provider that the test starts on loopback: a
//! small provider with discovery, a key set, an authorization endpoint that signs the
//! person in at once, and a token endpoint that checks the client secret and PKCE. The
//! browser is played by hand (cookies and redirects), so every step is visible.

mod support;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::{json, Value};
use sha2::Digest;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tollgate_dast::http::{send, Limits, Request, Url};
use tollgate_server::oidc::{Grant, OidcConfig};
use tollgate_server::store::NewProduct;

const CLIENT: &str = "tollgate-dashboard";

/// How the provider misbehaves in its next ID token.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Twist {
    None,
    BadSignature,
    AlgNone,
    /// HMAC with the client secret as key: anyone holding the secret could forge these.
    Hs256,
    WrongAudience,
    WrongIssuer,
    Expired,
    WrongNonce,
    UnpublishedKey,
}

enum Signer {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

struct Key {
    kid: String,
    signer: Signer,
    published: bool,
}

struct Code {
    nonce: String,
    challenge: String,
    redirect_uri: String,
    claims: Value,
}

struct State {
    issuer: String,
    secret: String,
    keys: Vec<Key>,
    /// The key that signs (an index into `keys`).
    signing: usize,
    codes: HashMap<String, Code>,
    /// Claims of the person who signs in next.
    person: Value,
    twist: Twist,
    jwks_fetches: usize,
    token_calls: usize,
}

struct Provider {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn ec_key() -> EcdsaKeyPair {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap()
}

/// A fresh 2048-bit RSA key (ring cannot make one; the machine's openssl can).
fn rsa_key() -> RsaKeyPair {
    // PKCS#1 DER (ring reads RSAPrivateKey with `from_der`).
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            "openssl genrsa 2048 2>/dev/null | openssl rsa -traditional -outform DER 2>/dev/null",
        ])
        .output()
        .expect("openssl (scripts/setup.sh installs it) makes the test's RSA key");
    assert!(out.status.success() && !out.stdout.is_empty());
    RsaKeyPair::from_der(&out.stdout).unwrap()
}

fn jwk(k: &Key) -> Value {
    match &k.signer {
        Signer::Ec(e) => {
            let p = e.public_key().as_ref();
            json!({"kty": "EC", "crv": "P-256", "use": "sig", "kid": k.kid,
                   "x": b64(&p[1..33]), "y": b64(&p[33..65])})
        }
        Signer::Rsa(r) => {
            let c = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(r.public());
            json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": k.kid,
                   "n": b64(&c.n), "e": b64(&c.e)})
        }
    }
}

impl State {
    fn id_token(&self, code: &Code) -> String {
        let now = tollgate_core::time::now_unix();
        let mut claims = code.claims.clone();
        claims["iss"] = json!(self.issuer);
        claims["aud"] = json!(CLIENT);
        claims["iat"] = json!(now);
        claims["exp"] = json!(now + 300);
        claims["nonce"] = json!(code.nonce);
        match self.twist {
            Twist::WrongAudience => claims["aud"] = json!("another-client"),
            Twist::WrongIssuer => claims["iss"] = json!("http://127.0.0.1:1"),
            Twist::Expired => claims["exp"] = json!(now - 3600),
            Twist::WrongNonce => claims["nonce"] = json!("a-nonce-from-another-sign-in"),
            _ => {}
        }
        let key = match self.twist {
            Twist::UnpublishedKey => self.keys.iter().find(|k| !k.published).unwrap(),
            _ => &self.keys[self.signing],
        };
        let alg = match (&key.signer, self.twist) {
            (_, Twist::AlgNone) => "none",
            (_, Twist::Hs256) => "HS256",
            (Signer::Ec(_), _) => "ES256",
            (Signer::Rsa(_), _) => "RS256",
        };
        let head = b64(&serde_json::to_vec(&json!({"alg": alg, "kid": key.kid})).unwrap());
        let body = b64(&serde_json::to_vec(&claims).unwrap());
        let input = format!("{head}.{body}");
        let rng = SystemRandom::new();
        let mut sig = match (self.twist, &key.signer) {
            (Twist::AlgNone, _) => vec![],
            (Twist::Hs256, _) => {
                let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, self.secret.as_bytes());
                ring::hmac::sign(&k, input.as_bytes()).as_ref().to_vec()
            }
            (_, Signer::Ec(e)) => e.sign(&rng, input.as_bytes()).unwrap().as_ref().to_vec(),
            (_, Signer::Rsa(r)) => {
                let mut s = vec![0; r.public().modulus_len()];
                r.sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    &rng,
                    input.as_bytes(),
                    &mut s,
                )
                .unwrap();
                s
            }
        };
        if self.twist == Twist::BadSignature {
            sig[5] ^= 1;
        }
        format!("{input}.{}", b64(&sig))
    }
}

impl Provider {
    fn start(secret: &str) -> Provider {
        use axum::extract::{Form, Query};
        use axum::http::{HeaderMap, StatusCode};
        use axum::response::{IntoResponse, Redirect};
        use axum::routing::{get, post};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            issuer: format!("http://{addr}"),
            secret: secret.to_string(),
            keys: vec![
                Key {
                    kid: "k1".into(),
                    signer: Signer::Ec(ec_key()),
                    published: true,
                },
                Key {
                    kid: "never-published".into(),
                    signer: Signer::Ec(ec_key()),
                    published: false,
                },
            ],
            signing: 0,
            codes: HashMap::new(),
            person: json!({}),
            twist: Twist::None,
            jwks_fetches: 0,
            token_calls: 0,
        }));
        let s1 = state.clone();
        let s2 = state.clone();
        let s3 = state.clone();
        let issuer = format!("http://{addr}");
        let app = axum::Router::new()
            .route(
                "/.well-known/openid-configuration",
                get(move || {
                    let i = issuer.clone();
                    async move {
                        axum::Json(json!({
                            "issuer": i,
                            "authorization_endpoint": format!("{i}/authorize"),
                            "token_endpoint": format!("{i}/token"),
                            "jwks_uri": format!("{i}/jwks"),
                            "response_types_supported": ["code"],
                            "id_token_signing_alg_values_supported": ["ES256", "RS256", "HS256", "none"],
                            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                        }))
                    }
                }),
            )
            .route(
                "/jwks",
                get(move || {
                    let mut st = s1.lock().unwrap();
                    st.jwks_fetches += 1;
                    let keys: Vec<Value> =
                        st.keys.iter().filter(|k| k.published).map(jwk).collect();
                    async move { axum::Json(json!({ "keys": keys })) }
                }),
            )
            .route(
                "/authorize",
                get(move |Query(q): Query<HashMap<String, String>>| {
                    let mut st = s2.lock().unwrap();
                    let ok = q.get("response_type").map(String::as_str) == Some("code")
                        && q.get("client_id").map(String::as_str) == Some(CLIENT)
                        && q.get("code_challenge_method").map(String::as_str) == Some("S256")
                        && q.get("scope").is_some_and(|s| s.split(' ').any(|x| x == "openid"));
                    let r = if ok {
                        let code = format!("code-{}", st.codes.len() + 1);
                        let redirect = q["redirect_uri"].clone();
                        let claims = st.person.clone();
                        st.codes.insert(
                            code.clone(),
                            Code {
                                nonce: q["nonce"].clone(),
                                challenge: q["code_challenge"].clone(),
                                redirect_uri: redirect.clone(),
                                claims,
                            },
                        );
                        let state = tollgate_dast::http::encode(&q["state"]);
                        Redirect::to(&format!("{redirect}?code={code}&state={state}"))
                            .into_response()
                    } else {
                        (StatusCode::BAD_REQUEST, "bad authorization request").into_response()
                    };
                    async move { r }
                }),
            )
            .route(
                "/token",
                post(
                    move |headers: HeaderMap, Form(f): Form<HashMap<String, String>>| {
                        let mut st = s3.lock().unwrap();
                        st.token_calls += 1;
                        let basic = format!(
                            "Basic {}",
                            STANDARD.encode(format!("{CLIENT}:{}", st.secret))
                        );
                        let authed = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            == Some(basic.as_str());
                        let code = f.get("code").and_then(|c| st.codes.remove(c));
                        let r = match code {
                            Some(c)
                                if authed
                                    && f.get("grant_type").map(String::as_str)
                                        == Some("authorization_code")
                                    && f.get("redirect_uri") == Some(&c.redirect_uri)
                                    && f.get("code_verifier").is_some_and(|v| {
                                        b64(&sha2::Sha256::digest(v.as_bytes())) == c.challenge
                                    }) =>
                            {
                                axum::Json(json!({
                                    "access_token": "opaque",
                                    "token_type": "Bearer",
                                    "id_token": st.id_token(&c),
                                }))
                                .into_response()
                            }
                            _ => (
                                StatusCode::BAD_REQUEST,
                                axum::Json(json!({"error": "invalid_grant"})),
                            )
                                .into_response(),
                        };
                        async move { r }
                    },
                ),
            );
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let l = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(l, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Provider {
            addr,
            state,
            _stop: tx,
        }
    }

    fn set(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.state.lock().unwrap())
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| v.strip_prefix(&format!("{name}=")).map(str::to_string))
            .map(|v| v.split(';').next().unwrap_or("").to_string())
    }
    fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .find(|v| v.starts_with(&format!("{name}=")))
    }
}

fn get(url: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::new("GET", Url::parse(url).unwrap());
    if let Some(c) = cookie {
        req.headers.push(("Cookie".into(), c.to_string()));
    }
    let r = send(
        &req,
        std::time::Duration::from_secs(20),
        &Limits::default(),
        None,
    )
    .unwrap();
    Reply {
        status: r.status,
        headers: r.headers.clone(),
        body: r.text(),
    }
}

struct Fixture {
    idp: Provider,
    server: support::Running,
}

const SECRET: &str = "client-secret-for-the-test-provider";

fn grant(group: &str, role: &str, product: Option<&str>) -> Grant {
    Grant {
        group: Some(group.into()),
        email: None,
        role: role.into(),
        product: product.map(str::to_string),
    }
}

impl Fixture {
    fn start() -> Fixture {
        let idp = Provider::start(SECRET);
        let issuer = format!("http://{}", idp.addr);
        let server = support::Running::start_bound(|cfg, addr| {
            let path = cfg.data_dir.join("oidc-client-secret");
            std::fs::write(&path, format!("{SECRET}\n")).unwrap();
            cfg.oidc = Some(OidcConfig {
                issuer,
                client_id: CLIENT.into(),
                client_secret_env: None,
                client_secret_file: Some(path),
                redirect_url: format!("http://{addr}/ui/oidc/callback"),
                scopes: vec!["openid".into(), "email".into()],
                groups_claim: "groups".into(),
                name: Some("Bank SSO".into()),
                ca_certs: vec![],
                grants: vec![
                    grant("appsec", "admin", None),
                    grant("payments-devs", "viewer", Some("payments")),
                    grant("ghost-team", "viewer", Some("no-such-product")),
                    Grant {
                        group: None,
                        email: Some("Frank@Bank.example".into()),
                        role: "viewer".into(),
                        product: None,
                    },
                ],
            });
        });
        for name in ["payments", "ledger"] {
            server
                .app
                .store
                .create_product(
                    &NewProduct {
                        name: name.into(),
                        risk_tier: Some("high".into()),
                        owner_team: None,
                        regulatory_scope: vec![],
                    },
                    0,
                )
                .unwrap();
        }
        Fixture { idp, server }
    }

    fn ui(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr)
    }

    /// The browser's way through a sign-in, up to the server's answer to the callback.
    /// Returns that answer and the callback address (for replays).
    fn sign_in_as(&self, person: Value) -> (Reply, String, String) {
        self.idp.set(|s| s.person = person);
        let start = get(&self.ui("/ui/oidc/login"), None);
        assert_eq!(start.status, 303, "{}", start.body);
        let binding = start.cookie("tollgate_oidc").expect("a binding cookie");
        let to_idp = start.header("location").unwrap().to_string();
        assert!(to_idp.starts_with(&format!("http://{}/authorize?", self.idp.addr)));
        let back = get(&to_idp, None);
        assert_eq!(back.status, 303, "{}", back.body);
        let callback = back.header("location").unwrap().to_string();
        let cookie = format!("tollgate_oidc={binding}");
        (get(&callback, Some(&cookie)), callback, cookie)
    }

    fn session(&self, reply: &Reply) -> String {
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.header("refresh"), Some("0; url=/ui/"));
        reply.cookie("tollgate_session").expect("a session")
    }

    fn page(&self, path: &str, session: &str) -> Reply {
        get(&self.ui(path), Some(&format!("tollgate_session={session}")))
    }
}

fn person(email: &str, groups: &[&str]) -> Value {
    json!({"sub": format!("sub-{email}"), "email": email, "email_verified": true, "groups": groups})
}

#[test]
fn a_person_signs_in_through_the_provider_and_sees_what_their_group_grants() {
    let fx = Fixture::start();
    let login = get(&fx.ui("/ui/login"), None);
    assert!(
        login.body.contains("Sign in with Bank SSO"),
        "{}",
        login.body
    );
    assert!(login.body.contains("href=\"/ui/oidc/login\""));

    let (r, _, _) = fx.sign_in_as(person("alice@bank.example", &["appsec"]));
    assert!(r.body.contains("alice@bank.example"));
    let session_cookie = r.set_cookie("tollgate_session").unwrap();
    assert!(session_cookie.contains("HttpOnly") && session_cookie.contains("SameSite=Strict"));
    // The binding cookie is spent.
    assert!(r
        .set_cookie("tollgate_oidc")
        .is_some_and(|c| c.contains("Max-Age=0")));
    let alice = fx.session(&r);
    let home = fx.page("/ui/", &alice);
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(home.body.contains("alice@bank.example"));
    assert!(home.body.contains("payments") && home.body.contains("ledger"));

    // A developer's group gives one product, read-only: the other is missing.
    let (r, _, _) = fx.sign_in_as(person(
        "bob@bank.example",
        &["payments-devs", "appsec-readers"],
    ));
    let bob = fx.session(&r);
    assert_eq!(fx.page("/ui/products/payments", &bob).status, 200);
    assert_eq!(fx.page("/ui/products/ledger", &bob).status, 404);
    let portfolio = fx.page("/ui/", &bob).body;
    assert!(!portfolio.contains("/ui/products/ledger"), "{portfolio}");

    // The provider was asked for its keys once for both sign-ins, and the client
    // authenticated itself at the token endpoint each time (else no token came back).
    fx.idp.set(|s| {
        assert_eq!(s.jwks_fetches, 1);
        assert_eq!(s.token_calls, 2);
    });
}

#[test]
fn without_a_grant_or_with_an_unverified_address_nobody_gets_a_session() {
    let fx = Fixture::start();
    let (r, _, _) = fx.sign_in_as(person("carol@bank.example", &["marketing"]));
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("carol@bank.example") && r.body.contains("no grant"));
    assert!(r.cookie("tollgate_session").is_none());

    // A grant for a product that does not exist gives nothing either.
    let (r, _, _) = fx.sign_in_as(person("dan@bank.example", &["ghost-team"]));
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.cookie("tollgate_session").is_none());

    // A grant by address holds only for an address the provider verified.
    let mut frank = person("frank@bank.example", &[]);
    frank["email_verified"] = json!(false);
    let (r, _, _) = fx.sign_in_as(frank);
    assert_eq!(r.status, 403, "{}", r.body);
    let (r, _, _) = fx.sign_in_as(person("frank@bank.example", &[]));
    let s = fx.session(&r);
    assert_eq!(fx.page("/ui/products/ledger", &s).status, 200);
}

#[test]
fn forged_replayed_and_cross_site_answers_sign_nobody_in() {
    let fx = Fixture::start();
    for (twist, why) in [
        (Twist::BadSignature, "signature does not verify"),
        (Twist::AlgNone, "algorithm `none` is not accepted"),
        (Twist::Hs256, "algorithm `HS256` is not accepted"),
        (Twist::WrongAudience, "another client"),
        (Twist::WrongIssuer, "another issuer"),
        (Twist::Expired, "expired"),
        (Twist::WrongNonce, "nonce"),
        (Twist::UnpublishedKey, "key the provider does not publish"),
    ] {
        fx.idp.set(|s| s.twist = twist);
        let (r, _, _) = fx.sign_in_as(person("eve@bank.example", &["appsec"]));
        assert_eq!(r.status, 401, "{twist:?}: {}", r.body);
        assert!(r.body.contains(why), "{twist:?}: {}", r.body);
        assert!(r.cookie("tollgate_session").is_none(), "{twist:?}");
        assert!(!r.body.contains(SECRET));
    }
    fx.idp.set(|s| s.twist = Twist::None);

    // The same callback twice: the second is refused (a state is used once).
    let (r, callback, cookie) = fx.sign_in_as(person("alice@bank.example", &["appsec"]));
    fx.session(&r);
    let again = get(&callback, Some(&cookie));
    assert_eq!(again.status, 401, "{}", again.body);
    assert!(again.body.contains("already used"));
    assert!(again.cookie("tollgate_session").is_none());

    // A callback carried to another browser (login CSRF): without the binding cookie
    // the state is refused, and it is spent.
    fx.idp
        .set(|s| s.person = person("mallory@evil.example", &["appsec"]));
    let start = get(&fx.ui("/ui/oidc/login"), None);
    let back = get(start.header("location").unwrap(), None);
    let callback = back.header("location").unwrap().to_string();
    let r = get(&callback, None);
    assert_eq!(r.status, 401, "{}", r.body);
    let r = get(&callback, Some("tollgate_oidc=someone-elses-binding"));
    assert_eq!(r.status, 401);
    assert!(r.cookie("tollgate_session").is_none());

    // A state nobody began, and the provider saying no: the error code is shown, what
    // the link carried besides is not.
    let r = get(
        &fx.ui("/ui/oidc/callback?code=x&state=unknown"),
        Some(&cookie),
    );
    assert_eq!(r.status, 401);
    let r = get(
        &fx.ui("/ui/oidc/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        None,
    );
    assert_eq!(r.status, 401);
    assert!(r.body.contains("access_denied"));
    assert!(!r.body.contains("<script>alert"));
    let r = get(&fx.ui("/ui/oidc/callback"), None);
    assert_eq!(r.status, 400);
}

#[test]
fn a_key_rotation_at_the_provider_is_followed() {
    let fx = Fixture::start();
    let (r, _, _) = fx.sign_in_as(person("alice@bank.example", &["appsec"]));
    fx.session(&r);
    // The provider moves to a new RSA key and publishes it.
    fx.idp.set(|s| {
        s.keys.push(Key {
            kid: "k2-rsa".into(),
            signer: Signer::Rsa(rsa_key()),
            published: true,
        });
        s.signing = 2;
    });
    let (r, _, _) = fx.sign_in_as(person("alice@bank.example", &["appsec"]));
    let s = fx.session(&r);
    assert_eq!(fx.page("/ui/", &s).status, 200);
    fx.idp
        .set(|s| assert_eq!(s.jwks_fetches, 2, "keys fetched again for the new key id"));
}

#[test]
fn a_triage_by_a_person_signed_in_through_the_provider_names_them() {
    let fx = Fixture::start();
    let app = &fx.server.app;
    let product = app.store.product("payments").unwrap().unwrap().id;
    let r = support::report(
        &["secrets"],
        &[support::F(
            "secrets/generic-api-key",
            "src/a.rs",
            "k",
            tollgate_core::Severity::High,
        )],
        tollgate_core::time::now_unix() - 60,
        &[],
    );
    let digest = tollgate_core::fingerprint::sha256_hex(&support::json(&r));
    app.store
        .apply_scan(
            product,
            "main",
            &digest,
            &tollgate_server::ingest::from_tollgate(r).unwrap(),
            tollgate_core::time::now_unix() - 60,
        )
        .unwrap();
    let (reply, _, _) = fx.sign_in_as(person("alice@bank.example", &["appsec"]));
    let s = fx.session(&reply);
    let id = app
        .store
        .findings(product, &Default::default(), &|_| Default::default())
        .unwrap()
        .0[0]
        .id;
    let page = fx.page(&format!("/ui/findings/{id}"), &s);
    assert_eq!(page.status, 200);
    let at = page.body.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &page.body[at..at + 64];
    let mut req = Request::new(
        "POST",
        Url::parse(&fx.ui(&format!("/ui/findings/{id}/triage"))).unwrap(),
    );
    req.headers
        .push(("Cookie".into(), format!("tollgate_session={s}")));
    req.headers.push((
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into(),
    ));
    req.body = format!("csrf={csrf}&action=false_positive&reason=test+fixture").into_bytes();
    let r = send(
        &req,
        std::time::Duration::from_secs(20),
        &Limits::default(),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 303, "{}", r.text());
    let (_, _, events) = app
        .store
        .finding(id, &|_| Default::default())
        .unwrap()
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == "false_positive" && e.actor == "alice@bank.example"),
        "{events:?}"
    );
}

/// A server whose provider is `issuer`, with a public client and no grants.
fn bare_server(issuer: String) -> support::Running {
    support::Running::start_bound(|cfg, addr| {
        cfg.oidc = Some(OidcConfig {
            issuer,
            client_id: CLIENT.into(),
            client_secret_env: None,
            client_secret_file: None,
            redirect_url: format!("http://{addr}/ui/oidc/callback"),
            scopes: vec!["openid".into()],
            groups_claim: "groups".into(),
            name: None,
            ca_certs: vec![],
            grants: vec![],
        })
    })
}

#[test]
fn a_provider_that_is_down_or_lies_about_its_issuer_is_reported_not_followed() {
    // Nothing listens on the issuer's port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", dead.local_addr().unwrap());
    drop(dead);
    let server = bare_server(issuer);
    let r = get(&format!("http://{}/ui/oidc/login", server.addr), None);
    assert_eq!(r.status, 502, "{}", r.body);
    assert!(r.body.contains("identity provider"), "{}", r.body);
    assert!(r.cookie("tollgate_oidc").is_none());

    // A provider whose discovery document names another issuer than the one configured
    // (here the configured one has a trailing slash) is not followed.
    let idp = Provider::start(SECRET);
    let issuer = format!("http://{}/", idp.addr);
    let server = bare_server(issuer);
    let r = get(&format!("http://{}/ui/oidc/login", server.addr), None);
    assert_eq!(r.status, 502, "{}", r.body);
    assert!(r.body.contains("names another issuer"), "{}", r.body);
}
