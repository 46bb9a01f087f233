//! Server-side request forgery: the run's own canary listener on 127.0.0.1 (an ephemeral
//! port, for the run only), and the probe that gives parameters taking URLs the canary's
//! URL with a token unique to the operation and parameter. A request reaching the canary
//! with that token proves the server fetched what the caller named. The canary is the
//! tool's own listener, not a target: the client refuses to send to it (see
//! [`crate::client::Scope::own`]), and it only ever listens on loopback.

use crate::client::Exchange;
use crate::openapi::{In, Operation};
use crate::rule::Rule;
use crate::run::{Call, Runner};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tollgate_core::{Confidence, Finding, Severity, Unchecked};

pub const SSRF: Rule = Rule {
    slug: "server-side-request-forgery",
    title: "Server-side request forgery: the server fetches a URL the caller names",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[918],
    tags: &["ssrf", "owasp-api7", "owasp-a10"],
    what: "A parameter that takes a URL was given the URL of the run's own canary listener on loopback, with a token unique to the operation and parameter, and the canary received a request carrying that token: the server fetched it.",
    why: "A bank's servers reach internal payment switches, core banking hosts and cloud metadata endpoints that hold credentials; a server that fetches any URL a customer names is a way into all of them.",
    fix: "Fetch only URLs whose scheme, host and port are on an allow-list, resolved and checked before connecting (and after redirects); send outbound requests through an egress proxy that blocks internal ranges.",
    references: &["OWASP API Security Top 10 2023, API7", "OWASP SSRF Prevention Cheat Sheet", "CWE-918"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![&SSRF]
}

const PATH: &str = "/tg-ssrf/";

/// A probe sent, waiting for its token to reach the canary.
struct Pending {
    token: String,
    operation: String,
    parameter: String,
    exchange: Exchange,
}

/// The run's canary listener: accepts on 127.0.0.1 only, records the tokens of requests
/// to `/tg-ssrf/<token>`, answers 204.
pub struct Canary {
    pub port: u16,
    seen: Arc<Mutex<BTreeSet<String>>>,
    pending: Mutex<Vec<Pending>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Canary {
    pub fn start() -> std::io::Result<Canary> {
        let l = TcpListener::bind(("127.0.0.1", 0))?;
        l.set_nonblocking(true)?;
        let port = l.local_addr()?.port();
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match l.accept() {
                    Ok((c, _)) => {
                        if let Some(t) = token_of(c) {
                            s.lock().unwrap_or_else(|e| e.into_inner()).insert(t);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Ok(Canary {
            port,
            seen,
            pending: Mutex::new(Vec::new()),
            stop,
            thread: Some(thread),
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn authority(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn url(&self, token: &str) -> String {
        format!("http://{}{PATH}{token}", self.authority())
    }

    fn seen(&self, token: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(token)
    }

    /// Wait up to `grace` for tokens not yet seen (servers that fetch after answering),
    /// then the findings of every token that reached the canary.
    pub(crate) fn findings(&self, grace: Duration) -> Vec<Finding> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let until = Instant::now() + grace;
        while !pending.is_empty()
            && Instant::now() < until
            && !pending.iter().all(|p| self.seen(&p.token))
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        pending
            .iter()
            .filter(|p| self.seen(&p.token))
            .map(|p| {
                SSRF.finding(
                    &p.operation,
                    &p.exchange,
                    Some(&p.parameter),
                    "",
                    format!(
                        "{}: the server fetched the URL given in {} (the run's canary on loopback received its token)",
                        p.operation, p.parameter
                    ),
                )
            })
            .collect()
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Read one request's head (bounded, with a short timeout), answer 204, and return the
/// token its path carries.
fn token_of(mut c: TcpStream) -> Option<String> {
    c.set_nonblocking(false).ok()?;
    c.set_read_timeout(Some(Duration::from_millis(500))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    // A slow sender holds the canary one second at most.
    let until = Instant::now() + Duration::from_secs(1);
    while buf.len() < 8192 && !buf.windows(2).any(|w| w == b"\r\n") && Instant::now() < until {
        match c.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let _ =
        c.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let line = String::from_utf8_lossy(&buf);
    let target = line.lines().next()?.split(' ').nth(1)?;
    let token = target.strip_prefix(PATH)?.split(['?', '/', '#']).next()?;
    (token.len() == 16 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_string())
}

/// The token of an operation and parameter: the same in every run.
fn token(operation: &str, parameter: &str) -> String {
    let h = Sha256::digest(format!("{operation}\n{parameter}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A parameter name that says it takes a URL.
pub fn url_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("url") || lower.ends_with("uri") {
        return true;
    }
    // Words, split on separators and camelCase.
    let mut words = Vec::new();
    let mut w = String::new();
    for ch in name.chars() {
        if (!ch.is_ascii_alphanumeric() || ch.is_ascii_uppercase()) && !w.is_empty() {
            words.push(std::mem::take(&mut w));
        }
        if ch.is_ascii_alphanumeric() {
            w.push(ch.to_ascii_lowercase());
        }
    }
    words.push(w);
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "url" | "uri" | "callback" | "webhook" | "image" | "feed"
        )
    })
}

fn url_format(r: &Runner<'_>, schema: &Value) -> bool {
    r.api
        .deref(schema)
        .ok()
        .and_then(|s| s.get("format"))
        .and_then(Value::as_str)
        .is_some_and(|f| matches!(f, "uri" | "url" | "iri" | "uri-reference"))
}

/// Give every URL-taking parameter of `op` the canary's URL; hits are judged at the end
/// of the run by [`Canary::findings`].
pub(crate) fn probe(
    r: &Runner<'_>,
    canary: &Canary,
    op: &Operation,
    unchecked: &mut Vec<Unchecked>,
) {
    let label = op.label();
    let sent = |parameter: String, call: Call<'_>, unchecked: &mut Vec<Unchecked>| {
        let token = token(&label, &parameter);
        if let Some(ex) = r.call(op, &format!("ssrf canary in {parameter}"), &call, unchecked) {
            canary
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Pending {
                    token,
                    operation: label.clone(),
                    parameter,
                    exchange: ex,
                });
        }
    };
    if op.is_safe() {
        for p in op.params.iter().filter(|p| {
            p.is_string
                && matches!(p.location, In::Path | In::Query)
                && (url_name(&p.name) || url_format(r, &p.schema))
        }) {
            let parameter = format!("{} {}", p.location.as_str(), p.name);
            let url = canary.url(&token(&label, &parameter));
            let call = Call {
                set: vec![(p.location, p.name.clone(), url)],
                ..Call::default()
            };
            sent(parameter, call, unchecked);
        }
    } else if r.opts.allow_unsafe_methods {
        let Some(body) = &op.body else { return };
        let Value::Object(example) = &body.example else {
            return;
        };
        let props = r
            .api
            .deref(&body.schema)
            .ok()
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (k, v) in example {
            let by_format = props.get(k).is_some_and(|s| url_format(r, s));
            if !v.is_string() || !(by_format || url_name(k)) {
                continue;
            }
            let parameter = format!("body {k}");
            let mut b = example.clone();
            b.insert(
                k.clone(),
                Value::from(canary.url(&token(&label, &parameter))),
            );
            let call = Call {
                body: Some(Value::Object(b)),
                ..Call::default()
            };
            sent(parameter, call, unchecked);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_names() {
        for n in [
            "url",
            "callback_url",
            "webhookUrl",
            "redirect_uri",
            "image",
            "feed",
            "avatarURL",
            "callback",
        ] {
            assert!(url_name(n), "{n}");
        }
        for n in ["security", "curly", "imagery", "name", "feeder", "urgent"] {
            assert!(!url_name(n), "{n}");
        }
    }

    #[test]
    fn canary_records_only_well_formed_tokens_on_loopback() {
        let c = Canary::start().unwrap();
        let t = token("POST /x", "body url");
        let mut s = TcpStream::connect(("127.0.0.1", c.port)).unwrap();
        s.write_all(format!("GET {PATH}{t} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .unwrap();
        let mut ans = String::new();
        let _ = s.read_to_string(&mut ans);
        assert!(ans.starts_with("HTTP/1.1 204"), "{ans}");
        let mut s = TcpStream::connect(("127.0.0.1", c.port)).unwrap();
        s.write_all(b"GET /tg-ssrf/not-a-token HTTP/1.1\r\n\r\n")
            .unwrap();
        let _ = s.read_to_string(&mut ans);
        assert!(c.seen(&t));
        assert_eq!(c.seen.lock().unwrap().len(), 1);
        assert!(c.url(&t).starts_with("http://127.0.0.1:"));
    }
}
