//! One HTTPS request through the system `curl`. Everything that could hold a secret (the
//! URL, the headers, the body) reaches curl as a configuration file on its standard
//! input (`--config -`), never as an argument, so no secret shows in `ps` or in an error
//! message. curl reads the proxy variables (`HTTPS_PROXY`, `https_proxy`, `NO_PROXY`)
//! itself; nothing here overrides them. Redirects are not followed and nothing is
//! retried: a validation is one request.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Largest answer read; providers' identity answers are a few kilobytes.
const MAX_BODY: usize = 256 << 10;

#[derive(Clone, Debug)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    pub fn get(url: impl Into<String>) -> Request {
        Request {
            method: "GET",
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn post(url: impl Into<String>, body: impl Into<String>) -> Request {
        Request {
            method: "POST",
            body: Some(body.into()),
            ..Request::get(url)
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Request {
        self.header("Authorization", format!("Bearer {token}"))
    }

    pub fn basic(self, user: &str, password: &str) -> Request {
        use base64::Engine;
        let b = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.header("Authorization", format!("Basic {b}"))
    }
}

/// What came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP answer.
    Status(u16, Vec<u8>),
    /// No HTTP answer: why, in words that never include the request.
    Failed(String),
}

/// How requests are sent.
#[derive(Clone, Debug)]
pub struct Transport {
    /// The curl program (`curl`).
    pub curl: String,
    /// Per-request limit, from connecting to the last byte.
    pub timeout: Duration,
    /// Allow `http://` (only for a base-URL override: a local test server or mirror).
    pub allow_http: bool,
}

/// A string for a curl configuration file: quoted, with `\` and `"` escaped. `None` for
/// text with control characters, which a configuration line cannot hold safely.
fn quoted(s: &str) -> Option<String> {
    if s.chars().any(char::is_control) {
        return None;
    }
    Some(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// The configuration curl reads from its standard input for `req`.
pub fn config(req: &Request, t: &Transport) -> Option<String> {
    let mut c = String::new();
    c.push_str(&format!("url = {}\n", quoted(&req.url)?));
    c.push_str(&format!("request = {}\n", quoted(req.method)?));
    for (k, v) in &req.headers {
        c.push_str(&format!("header = {}\n", quoted(&format!("{k}: {v}"))?));
    }
    if let Some(b) = &req.body {
        // data-raw: a leading `@` is data, never a file name.
        c.push_str(&format!("data-raw = {}\n", quoted(b)?));
    }
    let proto = if t.allow_http {
        "=http,https"
    } else {
        "=https"
    };
    c.push_str(&format!("proto = \"{proto}\"\n"));
    let secs = t.timeout.as_secs().max(1);
    c.push_str(&format!("max-time = {secs}\nconnect-timeout = {secs}\n"));
    c.push_str(&format!("max-filesize = {MAX_BODY}\n"));
    c.push_str("silent\n");
    c.push_str("write-out = \"\\n%{http_code}\"\n");
    Some(c)
}

/// Whether `curl` can be run at all.
pub fn curl_available(curl: &str) -> bool {
    Command::new(curl)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Send `req` once.
pub fn send(req: &Request, t: &Transport) -> Answer {
    let Some(cfg) = config(req, t) else {
        return Answer::Failed("the request would hold control characters".into());
    };
    // `-q` first: no ~/.curlrc changes what is sent. The proxy variables still apply.
    let child = Command::new(&t.curl)
        .args(["-q", "--config", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Answer::Failed(format!("cannot run curl: {}", e.kind())),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(cfg.as_bytes());
    }
    drop(cfg);
    let mut out = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = stdout.take((MAX_BODY + 16) as u64).read_to_end(&mut out);
    }
    let status = match child.wait() {
        Ok(s) => s,
        Err(e) => return Answer::Failed(format!("curl did not finish: {}", e.kind())),
    };
    if !status.success() {
        return Answer::Failed(curl_error(status.code(), t.timeout));
    }
    let at = out.iter().rposition(|&b| b == b'\n').unwrap_or(0);
    let code = std::str::from_utf8(&out[at..])
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok());
    match code {
        Some(c) if c >= 100 => {
            out.truncate(at);
            Answer::Status(c, out)
        }
        _ => Answer::Failed("no HTTP answer".into()),
    }
}

/// curl's exit status in words (its own message is not shown: it may quote the URL).
fn curl_error(code: Option<i32>, timeout: Duration) -> String {
    match code {
        Some(5) => "could not resolve the proxy".into(),
        Some(6) => "could not resolve the host".into(),
        Some(7) => "could not connect".into(),
        Some(28) => format!("no answer within {} s", timeout.as_secs().max(1)),
        Some(35) | Some(60) | Some(58) | Some(59) | Some(77) | Some(83) => {
            "TLS handshake or certificate check failed".into()
        }
        Some(52) => "the server sent nothing".into(),
        Some(56) => {
            "the connection failed while receiving (a proxy may have refused the tunnel)".into()
        }
        Some(63) => "the answer was too large".into(),
        Some(1) => "the protocol is not allowed".into(),
        Some(c) => format!("curl failed (exit status {c})"),
        None => "curl was stopped by a signal".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_quotes_and_refuses_control_characters() {
        let t = Transport {
            curl: "curl".into(),
            timeout: Duration::from_secs(10),
            allow_http: false,
        };
        let r = Request::get("https://api.example.test/a?b=\"c\"").header("X-K", "a\\b");
        let c = config(&r, &t).unwrap();
        assert!(
            c.contains("url = \"https://api.example.test/a?b=\\\"c\\\"\"\n"),
            "{c}"
        );
        assert!(c.contains("header = \"X-K: a\\\\b\"\n"), "{c}");
        assert!(c.contains("proto = \"=https\""), "{c}");
        assert!(!c.contains("location"), "redirects are never followed");
        let bad = Request::get("https://x.test/").header("X", "a\nurl = \"https://evil.test/\"");
        assert!(config(&bad, &t).is_none());
    }

    #[test]
    fn curl_errors_never_quote_anything() {
        for c in [Some(6), Some(7), Some(28), Some(56), Some(99), None] {
            let m = curl_error(c, Duration::from_secs(10));
            assert!(!m.contains("http"), "{m}");
        }
    }
}
