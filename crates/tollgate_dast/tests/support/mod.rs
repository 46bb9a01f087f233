//! A deliberately vulnerable banking API for the DAST tests: a small threaded HTTP/1.1
//! server on 127.0.0.1 (ephemeral port), serving its own OpenAPI document, with each
//! vulnerability behind a named switch. With every switch off it is clean: every check
//! must stay quiet on it. It counts every request it receives.
//!
//! It also listens with TLS ([`VulnApi::tls`]): rustls on the server side, with a test CA
//! and leaf certificates made at test time (`tls.rs` beside this file). The `tls_legacy`
//! and `tls_weak_cipher` switches are a protocol-level test double, not a TLS 1.0 server:
//! a raw responder reads the ClientHello and, when it is a TLS 1.0/1.1 hello or a TLS 1.2
//! hello offering only broken suites, answers with a bare ServerHello at that version or
//! with that suite and hangs up. That is all the scanner's probe reads.
#![allow(dead_code, unused_imports)]

#[path = "tls.rs"]
mod tls;
pub use tls::{ca_pem, UNTRUSTED_CERT_SWITCHES};

use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every switch, and the DAST rules that must find it when it is on.
pub const SWITCHES: &[(&str, &[&str])] = &[
    ("csp", &["dast/missing-content-security-policy"]),
    ("weak_csp", &["dast/missing-content-security-policy"]),
    ("nosniff", &["dast/missing-x-content-type-options"]),
    ("frame", &["dast/missing-frame-protection"]),
    ("referrer", &["dast/missing-referrer-policy"]),
    ("cache", &["dast/cacheable-authenticated-response"]),
    ("cookie_secure", &["dast/cookie-without-secure"]),
    ("cookie_httponly", &["dast/cookie-without-httponly"]),
    ("cookie_samesite", &["dast/cookie-without-samesite"]),
    ("cors_reflect", &["dast/cors-reflects-origin"]),
    ("cors_wildcard", &["dast/cors-wildcard-with-credentials"]),
    ("stack_trace", &["dast/stack-trace-disclosure"]),
    ("verbose_error", &["dast/verbose-error"]),
    ("banner", &["dast/server-version-disclosure"]),
    ("internal_ip", &["dast/internal-address-disclosure"]),
    ("secret", &["dast/secret-in-response"]),
    ("card", &["dast/card-number-in-response"]),
    ("schema", &["dast/response-schema-violation"]),
    ("exposure", &["dast/excessive-data-exposure"]),
    ("auth_gap", &["dast/auth-not-enforced"]),
    ("jwt_none", &["dast/jwt-alg-none-accepted"]),
    ("sqli", &["dast/sql-injection"]),
    ("traversal", &["dast/path-traversal"]),
    ("command", &["dast/command-injection"]),
    ("xss", &["dast/reflected-xss"]),
    ("open_redirect", &["dast/open-redirect"]),
    ("crlf", &["dast/header-injection"]),
    ("mass_assignment", &["dast/mass-assignment"]),
    ("bola", &["dast/broken-object-level-authorization"]),
    ("bfla", &["dast/broken-function-level-authorization"]),
    ("jwt_resign", &["dast/jwt-signature-not-verified"]),
    // An expired token can only be signed with the server's key: this switch also makes
    // the key a weak one, which is how the run learns it.
    (
        "jwt_expired",
        &["dast/jwt-expired-accepted", "dast/jwt-weak-hmac-secret"],
    ),
    ("jwt_weak", &["dast/jwt-weak-hmac-secret"]),
    ("ssrf", &["dast/server-side-request-forgery"]),
    ("nosql", &["dast/nosql-operator-injection"]),
    ("user_enum", &["dast/user-enumeration"]),
    ("no_rate_limit", &["dast/login-rate-limit-missing"]),
    // TLS (the matrix runs every switch over https://).
    ("tls_expired", &["dast/tls-certificate-invalid"]),
    ("tls_wrong_host", &["dast/tls-certificate-invalid"]),
    ("tls_self_signed", &["dast/tls-certificate-invalid"]),
    ("tls_expiring", &["dast/tls-certificate-expiring"]),
    ("tls_legacy", &["dast/tls-legacy-protocol"]),
    ("tls_weak_cipher", &["dast/tls-weak-cipher"]),
    ("hsts_missing", &["dast/hsts-missing-or-weak"]),
    ("hsts_short", &["dast/hsts-missing-or-weak"]),
];

/// The server's token signing key, and the weak one it uses with `jwt_weak` or
/// `jwt_expired` (built at run time: no key-shaped literal in the repository).
pub fn strong_key() -> String {
    format!(
        "{}-{}",
        "vuln-bank-signing-key", "9c41e7a02b5d8f36e1a4c7b90d2e5f18"
    )
}
pub const WEAK_KEY: &str = "changeme";

/// The passwords of the two users (for the login operation).
fn password_of(user: &str) -> Option<&'static str> {
    match user {
        "alice" => Some("alice-pw-7Hq2"),
        "bob" => Some("bob-pw-3Kd9"),
        _ => None,
    }
}

/// A secret the API leaks with the `secret` switch, built at run time so no
/// credential-shaped literal sits in the repository.
pub fn planted_secret() -> String {
    format!("sk_{}_{}", "live", "4rT9x2LmQ8vZ1kP7wN3yB6cD0fG5hJ")
}

/// Where the server tells how many requests it has received (not in its document).
pub const STATS_PATH: &str = "/__stats";

/// The card number leaked with `card` (a well-known test PAN).
pub const PLANTED_PAN: &str = "4111111111111111";

fn b64(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

/// The HS256 token the server issues to `user` with its usual (strong) key, valid until 2100.
pub fn token(user: &str) -> String {
    token_with(user, strong_key().as_bytes())
}

fn token_with(user: &str, key: &[u8]) -> String {
    let h = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
    let p = b64(&format!(r#"{{"sub":"{user}","exp":4102444800}}"#));
    let sig = tollgate_dast::jwt::hmac_sha256(key, format!("{h}.{p}").as_bytes());
    format!(
        "{h}.{p}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig)
    )
}

impl Config {
    fn key(&self) -> Vec<u8> {
        if self.on.contains("jwt_weak") || self.on.contains("jwt_expired") {
            WEAK_KEY.as_bytes().to_vec()
        } else {
            strong_key().into_bytes()
        }
    }
}

/// One request the server received.
#[derive(Clone, Debug)]
pub struct Hit {
    pub at: Instant,
    pub method: String,
    pub target: String,
    pub raw: String,
}

pub struct VulnApi {
    pub port: u16,
    pub hits: Arc<Mutex<Vec<Hit>>>,
    /// Most requests the server was answering at once.
    pub max_in_flight: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    key: Vec<u8>,
    /// Listening with TLS: the test CA's certificate in a PEM file, for `--ca-cert`.
    ca_file: Option<(tempfile::TempDir, std::path::PathBuf)>,
}

impl Drop for VulnApi {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

#[derive(Clone, Default)]
pub struct Config {
    pub on: BTreeSet<String>,
    /// `/api/go` redirects here (the scope test's other server).
    pub redirect_to: Option<String>,
    /// Milliseconds each answer waits.
    pub delay_ms: u64,
    /// Failed sign-ins per user name (the lockout after 5 that `no_rate_limit` removes).
    pub failures: Arc<Mutex<std::collections::BTreeMap<String, u32>>>,
    /// Listen with TLS (the `tls_*` switches choose the certificate and the raw answers).
    pub tls: bool,
}

impl VulnApi {
    pub fn start(cfg: Config) -> VulnApi {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        let key = cfg.key();
        let server_tls = cfg.tls.then(|| tls::server_config(&cfg.on));
        let ca_file = cfg.tls.then(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("test-ca.pem");
            std::fs::write(&path, ca_pem()).expect("write the CA");
            (dir, path)
        });
        let cfg = Arc::new(cfg);
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicUsize::new(0));
        let (m, n) = (max_in_flight.clone(), now.clone());
        std::thread::spawn(move || {
            for conn in l.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (h, cfg, m, n) = (h.clone(), cfg.clone(), m.clone(), n.clone());
                let server_tls = server_tls.clone();
                // In flight from the connection's acceptance until just before its answer
                // is written: the client cannot start its next request before that.
                let cur = n.fetch_add(1, Ordering::SeqCst) + 1;
                m.fetch_max(cur, Ordering::SeqCst);
                std::thread::spawn(move || {
                    let done = || {
                        n.fetch_sub(1, Ordering::SeqCst);
                    };
                    let mut conn = conn;
                    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
                    match server_tls {
                        Some(t) => {
                            tls::serve(conn, t, &cfg.on, |s| serve(s, &h, &cfg, &done), &done)
                        }
                        None => serve(&mut conn, &h, &cfg, &done),
                    }
                });
            }
        });
        VulnApi {
            port,
            hits,
            max_in_flight,
            stop,
            key,
            ca_file,
        }
    }

    /// The server over TLS with these switches on.
    pub fn tls(switches: &[&str]) -> VulnApi {
        VulnApi::start(Config {
            on: switches.iter().map(|s| s.to_string()).collect(),
            tls: true,
            ..Config::default()
        })
    }

    /// The test CA's PEM file (TLS servers only).
    pub fn ca_file(&self) -> std::path::PathBuf {
        self.ca_file.as_ref().expect("a TLS server").1.clone()
    }

    pub fn with(switches: &[&str]) -> VulnApi {
        VulnApi::start(Config {
            on: switches.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        })
    }

    pub fn base(&self) -> String {
        let scheme = if self.ca_file.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://127.0.0.1:{}/api", self.port)
    }

    /// The token this server issues to `user` (its key depends on the switches).
    pub fn token(&self, user: &str) -> String {
        token_with(user, &self.key)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

/// A server that only counts what reaches it (the scope test's "elsewhere").
pub struct Counter {
    pub port: u16,
    pub count: Arc<Mutex<u64>>,
}

impl Counter {
    pub fn start() -> Counter {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let count = Arc::new(Mutex::new(0));
        let c = count.clone();
        std::thread::spawn(move || {
            for conn in l.incoming() {
                let Ok(mut conn) = conn else { continue };
                *c.lock().unwrap() += 1;
                let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        Counter { port, count }
    }

    pub fn count(&self) -> u64 {
        *self.count.lock().unwrap()
    }
}

struct Req {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    fn header(&self, n: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    }
    fn q(&self, n: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16) {
                Ok(v) => {
                    out.push(v);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_req(c: &mut impl Read) -> Option<(Req, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = c.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut rl = lines.next()?.split(' ');
    let method = rl.next()?.to_string();
    let target = rl.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = c.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let (path, qs) = target.split_once('?').unwrap_or((&target, ""));
    let query = qs
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let raw = format!("{head}\r\n\r\n{}", String::from_utf8_lossy(&body));
    Some((
        Req {
            method,
            path: decode(path),
            query,
            headers,
            body,
        },
        raw,
    ))
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn json_resp(status: u16, v: Value) -> Resp {
    Resp {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: serde_json::to_vec(&v).unwrap(),
    }
}

fn serve(mut c: impl Read + Write, hits: &Mutex<Vec<Hit>>, cfg: &Config, done: &dyn Fn()) {
    let Some((req, raw)) = read_req(&mut c) else {
        done();
        return;
    };
    // Outside the documented API (and not counted): how many requests reached it, for the
    // comparison script (benches/compare-dast.sh).
    if req.path == STATS_PATH {
        let n = hits.lock().unwrap().len();
        let body = format!("{{\"requests\": {n}}}");
        done();
        let _ = c.write_all(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
        return;
    }
    hits.lock().unwrap().push(Hit {
        at: Instant::now(),
        method: req.method.clone(),
        target: req.path.clone(),
        raw,
    });
    if cfg.delay_ms > 0 {
        std::thread::sleep(Duration::from_millis(cfg.delay_ms));
    }
    let on = |s: &str| cfg.on.contains(s);
    let mut r = route(&req, cfg, &on);
    // Headers every answer carries, unless a switch removes one.
    let mut add = |k: &str, v: &str| r.headers.push((k.to_string(), v.to_string()));
    if on("weak_csp") {
        add(
            "Content-Security-Policy",
            "default-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        );
    } else if !on("csp") {
        add(
            "Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'",
        );
    }
    if !on("nosniff") {
        add("X-Content-Type-Options", "nosniff");
    }
    if !on("frame") {
        add("X-Frame-Options", "DENY");
    }
    if on("frame") && !on("csp") && !on("weak_csp") {
        // frame-ancestors alone would still protect: take it out of the policy.
        r.headers.retain(|(k, _)| k != "Content-Security-Policy");
        r.headers.push((
            "Content-Security-Policy".into(),
            "default-src 'none'".into(),
        ));
    }
    let mut add = |k: &str, v: &str| r.headers.push((k.to_string(), v.to_string()));
    if !on("referrer") {
        add("Referrer-Policy", "no-referrer");
    }
    if !on("cache") {
        add("Cache-Control", "no-store");
    }
    if cfg.tls && !on("hsts_missing") {
        add(
            "Strict-Transport-Security",
            if on("hsts_short") {
                "max-age=86400; includeSubDomains"
            } else {
                "max-age=63072000; includeSubDomains"
            },
        );
    }
    add(
        "Server",
        if on("banner") {
            "Apache/2.4.41 (Ubuntu)"
        } else {
            "bank-gateway"
        },
    );
    if on("internal_ip") {
        add("X-Backend", "10.20.30.40:8443");
    }
    let origin = req.header("origin").unwrap_or("").to_string();
    if on("cors_reflect") && !origin.is_empty() {
        add("Access-Control-Allow-Origin", &origin);
        add("Access-Control-Allow-Credentials", "true");
    } else if on("cors_wildcard") {
        add("Access-Control-Allow-Origin", "*");
        add("Access-Control-Allow-Credentials", "true");
    } else if origin == "http://app.bank.test" {
        add("Access-Control-Allow-Origin", "http://app.bank.test");
    }
    let mut out = format!("HTTP/1.1 {} X\r\n", r.status);
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&r.body);
    done();
    let _ = c.write_all(&bytes);
    let _ = c.flush();
}

fn user_of(req: &Req, cfg: &Config, on: &dyn Fn(&str) -> bool) -> Option<String> {
    let t = req.header("authorization")?.strip_prefix("Bearer ")?;
    let mut parts = t.split('.');
    let (h, p, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let b64d = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let dec = |s: &str| {
        b64d.decode(s)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    };
    let (header, claims) = (dec(h)?, dec(p)?);
    let alg = header.get("alg")?.as_str()?;
    let verified = match alg {
        "none" => on("jwt_none") && sig.is_empty(),
        "HS256" => {
            let mac = tollgate_dast::jwt::hmac_sha256(&cfg.key(), format!("{h}.{p}").as_bytes());
            b64d.decode(sig).ok().is_some_and(|s| s == mac) || on("jwt_resign")
        }
        _ => false,
    };
    if !verified {
        return None;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let exp = claims.get("exp").and_then(Value::as_u64);
    if alg != "none" && !on("jwt_expired") && exp.is_none_or(|e| e <= now) {
        return None;
    }
    let sub = claims.get("sub")?.as_str()?;
    ["alice", "bob"].contains(&sub).then(|| sub.to_string())
}

/// What `POST /api/webhooks` with `ssrf` does with the URL: fetch it, if it is on
/// 127.0.0.1 (the test API never contacts anything else).
fn fetch_loopback(url: &str) {
    let Some(rest) = url.strip_prefix("http://127.0.0.1:") else {
        return;
    };
    let (port, path) = rest.split_once('/').unwrap_or((rest, ""));
    let Ok(port) = port.parse::<u16>() else {
        return;
    };
    if let Ok(mut c) = TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(2),
    ) {
        let _ = c.set_read_timeout(Some(Duration::from_secs(2)));
        let _ = c.write_all(
            format!("GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let mut sink = [0u8; 512];
        let _ = c.read(&mut sink);
    }
}

fn accounts() -> Vec<Value> {
    vec![
        json!({"id": "a1", "owner": "alice", "balance": 1200}),
        json!({"id": "b1", "owner": "bob", "balance": 300}),
    ]
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn route(req: &Req, cfg: &Config, on: &dyn Fn(&str) -> bool) -> Resp {
    let user = user_of(req, cfg, on);
    let unauth = || json_resp(401, json!({"error": "unauthorised"}));
    let path = req.path.as_str();
    match (req.method.as_str(), path) {
        ("GET", "/api/openapi.json") => json_resp(200, document()),
        ("GET", "/api/health") => {
            let mut r = json_resp(200, json!({"status": "ok"}));
            let mut c = "session=Zx81hQ2LmP0vK7; Path=/".to_string();
            if !on("cookie_secure") {
                c.push_str("; Secure");
            }
            if !on("cookie_httponly") {
                c.push_str("; HttpOnly");
            }
            if !on("cookie_samesite") {
                c.push_str("; SameSite=Strict");
            }
            r.headers.push(("Set-Cookie".into(), c));
            r
        }
        ("GET", "/api/accounts") => match user {
            None => unauth(),
            Some(u) => json_resp(
                200,
                Value::Array(accounts().into_iter().filter(|a| a["owner"] == u).collect()),
            ),
        },
        ("GET", p) if p.starts_with("/api/accounts/") => {
            let Some(u) = user else { return unauth() };
            let id = &p["/api/accounts/".len()..];
            match accounts().into_iter().find(|a| a["id"] == id) {
                Some(a) if a["owner"] == u || on("bola") => json_resp(200, a),
                _ => json_resp(404, json!({"error": "no such account"})),
            }
        }
        ("DELETE", p) if p.starts_with("/api/accounts/") => match user {
            None => unauth(),
            Some(_) => Resp {
                status: 204,
                headers: Vec::new(),
                body: Vec::new(),
            },
        },
        ("GET", "/api/statements") => {
            if user.is_none() && !on("auth_gap") {
                return unauth();
            }
            json_resp(200, json!([]))
        }
        ("GET", "/api/profile") => {
            let Some(u) = user else { return unauth() };
            let mut p = json!({"name": u, "email": format!("{u}@bank.test"), "age": 30});
            if on("schema") {
                p["age"] = json!("thirty");
            }
            if on("exposure") {
                p["password_hash"] = json!("pbkdf2-sha256$600000$c2FsdA$8dK2mQ");
            }
            if on("secret") {
                p["payment_provider"] = json!({"live_key": planted_secret()});
            }
            if on("card") {
                p["card_on_file"] = json!(PLANTED_PAN);
            }
            json_resp(200, p)
        }
        ("GET", "/api/search") => {
            let q = req.q("q").unwrap_or("");
            if on("sqli") && q.contains('\'') {
                return json_resp(
                    500,
                    json!({"error": "You have an error in your SQL syntax; check the manual near ''' at line 1"}),
                );
            }
            json_resp(200, json!({"query": q, "results": []}))
        }
        ("GET", "/api/greet") => {
            let name = req.q("name").unwrap_or("");
            let shown = if on("xss") {
                name.to_string()
            } else {
                escape_html(name)
            };
            Resp {
                status: 200,
                headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                body: format!("<html><body><p>Hello {shown}</p></body></html>").into_bytes(),
            }
        }
        ("GET", "/api/files") => {
            let name = req.q("name").unwrap_or("");
            if on("traversal") && name.contains("../") && name.ends_with("etc/passwd") {
                return Resp {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n"
                        .to_vec(),
                };
            }
            if name.contains("..") {
                return json_resp(404, json!({"error": "no such file"}));
            }
            json_resp(200, json!({"name": name, "size": 12}))
        }
        ("GET", "/api/ping") => {
            let host = req.q("host").unwrap_or("");
            if on("command") {
                if let Some((_, cmd)) = host.split_once(";echo ") {
                    // A shell's `echo` with $((a+b)) arithmetic.
                    let out = match cmd.split_once("$((").and_then(|(pre, rest)| {
                        rest.split_once("))").map(|(e, post)| (pre, e, post))
                    }) {
                        Some((pre, e, post)) => {
                            let v: i64 = e
                                .split('+')
                                .filter_map(|x| x.trim().parse::<i64>().ok())
                                .sum();
                            format!("{pre}{v}{post}")
                        }
                        None => cmd.to_string(),
                    };
                    return json_resp(200, json!({"host": host, "output": out}));
                }
            }
            json_resp(200, json!({"host": host, "output": "1 packet transmitted"}))
        }
        ("GET", "/api/login") => {
            let next = req.q("next").unwrap_or("/");
            let relative = next.starts_with('/') && !next.starts_with("//");
            if relative || on("open_redirect") {
                Resp {
                    status: 302,
                    headers: vec![("Location".into(), next.replace(['\r', '\n'], ""))],
                    body: Vec::new(),
                }
            } else {
                json_resp(400, json!({"error": "bad next"}))
            }
        }
        ("GET", "/api/lang") => {
            let lang = req.q("lang").unwrap_or("en");
            let mut r = json_resp(200, json!({"lang": "set"}));
            let v = if on("crlf") {
                lang.to_string()
            } else {
                lang.replace(['\r', '\n'], "")
            };
            // The raw value goes into the header block, as a broken server would write it.
            r.headers.push(("Content-Language".into(), v));
            r
        }
        ("GET", "/api/error") => {
            if on("stack_trace") {
                return Resp {
                    status: 500,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: b"java.lang.IllegalStateException: ledger closed\n\tat com.bank.core.Ledger.post(Ledger.java:88)\n\tat com.bank.api.Payments.run(Payments.java:41)\n".to_vec(),
                };
            }
            if on("verbose_error") {
                return json_resp(
                    500,
                    json!({"error": "com.bank.core.LedgerClosedException: ledger 7 closed", "file": "/opt/bank/app/ledger.py"}),
                );
            }
            json_resp(500, json!({"error": "internal error", "reference": "e-1"}))
        }
        ("GET", "/api/go") => Resp {
            status: 302,
            headers: vec![(
                "Location".into(),
                cfg.redirect_to
                    .clone()
                    .unwrap_or_else(|| "/api/health".into()),
            )],
            body: Vec::new(),
        },
        ("GET", "/api/admin/users") => match user {
            None => unauth(),
            Some(_) if on("bfla") => json_resp(200, json!([{"name": "alice"}, {"name": "bob"}])),
            Some(_) => json_resp(403, json!({"error": "forbidden"})),
        },
        ("POST", "/api/users") => {
            let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(&req.body) else {
                return json_resp(400, json!({"error": "bad body"}));
            };
            let mut out = json!({"id": "u9", "name": b.get("name").cloned().unwrap_or(json!("")),
                "email": b.get("email").cloned().unwrap_or(json!("")), "role": "user"});
            if on("mass_assignment") {
                for (k, v) in &b {
                    out[k] = v.clone();
                }
            }
            json_resp(201, out)
        }
        ("POST", "/api/webhooks") => {
            if user.is_none() {
                return unauth();
            }
            let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(&req.body) else {
                return json_resp(400, json!({"error": "bad body"}));
            };
            let url = b.get("callback_url").and_then(Value::as_str).unwrap_or("");
            if on("ssrf") {
                fetch_loopback(url);
            }
            // Without the switch the URL is only stored, never fetched.
            json_resp(201, json!({"id": "w1", "callback_url": url}))
        }
        ("GET", "/api/customers") => {
            let all = || json!([{"name": "alice"}, {"name": "bob"}]);
            if on("nosql") && req.query.iter().any(|(k, _)| k == "email[$ne]") {
                // A document store handed the parsed query object: {"email": {"$ne": ""}}.
                return json_resp(200, all());
            }
            let Some(email) = req.q("email") else {
                return json_resp(400, json!({"error": "email required"}));
            };
            let found: Vec<Value> = ["alice", "bob"]
                .iter()
                .filter(|u| email == format!("{u}@bank.test"))
                .map(|u| json!({"name": u}))
                .collect();
            json_resp(200, Value::Array(found))
        }
        ("POST", "/api/session") => {
            let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(&req.body) else {
                return json_resp(400, json!({"error": "bad body"}));
            };
            let name = match b.get("username") {
                Some(Value::String(n)) => n.as_str(),
                // {"username": {"$ne": null}} matches the first user in the collection.
                Some(Value::Object(op)) if on("nosql") && op.contains_key("$ne") => "alice",
                _ => "",
            };
            let fails = cfg.failures.lock().unwrap().get(name).copied().unwrap_or(0);
            if fails >= 5 && !on("no_rate_limit") {
                let mut r = json_resp(429, json!({"error": "too many attempts"}));
                r.headers.push(("Retry-After".into(), "900".into()));
                return r;
            }
            let password = b.get("password");
            let ok = match (password_of(name), password) {
                (Some(pw), Some(Value::String(given))) => given == pw,
                // A document store's query {"password": {"$ne": null}} matches any password.
                (Some(_), Some(Value::Object(op))) => on("nosql") && op.contains_key("$ne"),
                _ => false,
            };
            if ok {
                return json_resp(200, json!({"status": "signed in"}));
            }
            *cfg.failures
                .lock()
                .unwrap()
                .entry(name.to_string())
                .or_default() += 1;
            if on("user_enum") && password_of(name).is_none() {
                return json_resp(404, json!({"error": "no such user"}));
            }
            json_resp(401, json!({"error": "invalid credentials"}))
        }
        _ => json_resp(404, json!({"error": "not found"})),
    }
}

/// The API's own OpenAPI 3.0 document.
pub fn document() -> Value {
    let err = json!({"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let secured = json!([{"bearer": []}]);
    let q = |name: &str, ex: &str| json!([{"name": name, "in": "query", "required": true, "schema": {"type": "string", "example": ex}}]);
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Vulnerable bank", "version": "1"},
        "servers": [{"url": "/api"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}, "reference": {"type": "string"}}},
                "Account": {"type": "object", "required": ["id", "owner"], "properties": {
                    "id": {"type": "string"}, "owner": {"type": "string"}, "balance": {"type": "integer"}}},
                "Profile": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "email": {"type": "string", "format": "email"}, "age": {"type": "integer"}}},
                "NewUser": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "example": "carol"}, "email": {"type": "string", "format": "email"}}},
                "User": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "email": {"type": "string"}, "role": {"type": "string"}}}
            }
        },
        "paths": {
            "/health": {"get": {"operationId": "health", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}}}}},
            "/accounts": {"get": {"operationId": "listAccounts", "security": secured, "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}}}}},
                "401": err}}},
            "/accounts/{accountId}": {
                "parameters": [{"name": "accountId", "in": "path", "required": true, "schema": {"type": "string", "example": "a1"}}],
                "get": {"operationId": "getAccount", "security": secured, "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}},
                    "404": err, "401": err}},
                "delete": {"operationId": "closeAccount", "security": secured, "responses": {"204": {"description": "closed"}}}
            },
            "/statements": {"get": {"operationId": "statements", "security": secured, "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}, "401": err}}},
            "/profile": {"get": {"operationId": "profile", "security": secured, "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}}, "401": err}}},
            "/search": {"get": {"operationId": "search", "parameters": q("q", "savings"), "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}, "500": err}}},
            "/greet": {"get": {"operationId": "greet", "parameters": q("name", "Ada"), "responses": {"200": {"description": "a page"}}}},
            "/files": {"get": {"operationId": "file", "parameters": q("name", "statement.pdf"), "responses": {
                "200": {"description": "ok"}, "404": err}}},
            "/ping": {"get": {"operationId": "ping", "parameters": q("host", "core.bank.test"), "responses": {"200": {"description": "ok"}}}},
            "/login": {"get": {"operationId": "login", "parameters": q("next", "/home"), "responses": {"302": {"description": "to next"}, "400": err}}},
            "/lang": {"get": {"operationId": "lang", "parameters": q("lang", "en"), "responses": {"200": {"description": "ok"}}}},
            "/go": {"get": {"operationId": "go", "responses": {"302": {"description": "elsewhere"}}}},
            "/error": {"get": {"operationId": "error", "responses": {"500": err}}},
            "/admin/users": {"get": {"operationId": "adminUsers", "tags": ["admin"], "security": secured, "responses": {
                "200": {"description": "ok"}, "401": err, "403": err}}},
            "/webhooks": {"post": {"operationId": "createWebhook", "security": secured, "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "required": ["callback_url"], "properties": {"callback_url": {"type": "string", "format": "uri", "example": "https://hooks.example.test/bank"}}}}}},
                "responses": {"201": {"description": "registered", "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "id": {"type": "string"}, "callback_url": {"type": "string"}}}}}}, "400": err, "401": err}}},
            "/customers": {"get": {"operationId": "findCustomer", "parameters": q("email", "nobody@bank.test"), "responses": {
                "200": {"description": "matches", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}}}}},
                "400": err}}},
            "/session": {"post": {"operationId": "signIn", "tags": ["auth"], "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "required": ["username", "password"], "properties": {
                    "username": {"type": "string", "example": "carol"}, "password": {"type": "string", "format": "password", "example": "wrong-password"}}}}}},
                "responses": {"200": {"description": "signed in", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}},
                    "400": err, "401": err, "404": err, "429": err}}},
            "/users": {"post": {"operationId": "createUser", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUser"}}}},
                "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}}
        }
    })
}
