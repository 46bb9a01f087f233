//! A small blocking HTTP/1.1 client on `std::net::TcpStream`, with TLS from rustls for
//! `https://` URLs ([`crate::tls`]): one connection per request (`Connection: close`), no
//! redirects followed, no proxies. The response parser is bounded: header block, number of
//! headers, body size and time (the TLS handshake included); a body beyond the limit is cut
//! and marked truncated.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Why an exchange failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("{0}")]
    Url(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("cannot connect to {0}: {1}")]
    Connect(String, String),
    #[error("timed out after {0} ms")]
    Timeout(u128),
    #[error("connection error: {0}")]
    Io(String),
    #[error("malformed response: {0}")]
    Malformed(String),
}

/// An `http://` or `https://` URL, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `https://`: the request goes over TLS.
    pub https: bool,
    pub host: String,
    pub port: u16,
    /// Path and query, starting with `/`.
    pub target: String,
}

impl Url {
    pub fn parse(text: &str) -> Result<Url, HttpError> {
        let shown = || tollgate_core::redact::quote(text);
        let scheme = |s: &str| {
            text.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        };
        let (https, rest) = if scheme("https://") {
            (true, &text[8..])
        } else if scheme("http://") {
            (false, &text[7..])
        } else {
            return Err(HttpError::Url(format!(
                "{}: not an http:// or https:// URL",
                shown()
            )));
        };
        let default_port = if https { 443 } else { 80 };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if authority.contains('@') {
            return Err(HttpError::Url(format!(
                "{}: user information in a URL is not accepted (use --auth)",
                shown()
            )));
        }
        let mut target = rest[end..].split('#').next().unwrap_or("").to_string();
        if !target.starts_with('/') {
            target.insert(0, '/');
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, rest) = v6
                .split_once(']')
                .ok_or_else(|| HttpError::Url(format!("{}: bad host", shown())))?;
            match rest.strip_prefix(':') {
                Some(p) => (
                    h,
                    p.parse::<u16>()
                        .map_err(|_| HttpError::Url(format!("{}: bad port", shown())))?,
                ),
                None if rest.is_empty() => (h, default_port),
                None => return Err(HttpError::Url(format!("{}: bad host", shown()))),
            }
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (
                    h,
                    p.parse::<u16>()
                        .map_err(|_| HttpError::Url(format!("{}: bad port", shown())))?,
                ),
                None => (authority, default_port),
            }
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
        {
            return Err(HttpError::Url(format!("{}: bad host", shown())));
        }
        if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(HttpError::Url(format!(
                "{}: control characters or spaces in the path",
                shown()
            )));
        }
        Ok(Url {
            https,
            host: host.to_ascii_lowercase(),
            port,
            target,
        })
    }

    /// `host:port`, as scopes name it.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `https://host:port` (or `http://`), without a path.
    pub fn origin(&self) -> String {
        format!(
            "{}://{}",
            if self.https { "https" } else { "http" },
            self.authority()
        )
    }

    /// The port a URL of this scheme has when it names none.
    pub fn default_port(&self) -> bool {
        self.port == if self.https { 443 } else { 80 }
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("/")
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin(), self.target)
    }
}

/// A request to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn new(method: &str, url: Url) -> Request {
        Request {
            method: method.to_string(),
            url,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    /// The bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\n",
            self.method,
            self.url.target,
            if self.url.default_port() {
                if self.url.host.contains(':') {
                    format!("[{}]", self.url.host)
                } else {
                    self.url.host.clone()
                }
            } else {
                self.url.authority()
            }
        )
        .into_bytes();
        for (k, v) in &self.headers {
            // A header value never carries a line break of ours into the request.
            let v: String = v.chars().filter(|c| *c != '\r' && *c != '\n').collect();
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        if !self.body.is_empty() || matches!(self.method.as_str(), "POST" | "PUT" | "PATCH") {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"Connection: close\r\nUser-Agent: tollgate-dast\r\n\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// A response received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body went on beyond the limit and was cut.
    pub truncated: bool,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    /// Every value of a header (`Set-Cookie`).
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn header_in<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Bounds on one response.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_header_bytes: usize,
    pub max_headers: usize,
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_header_bytes: 32 << 10,
            max_headers: 200,
            max_body_bytes: 2 << 20,
        }
    }
}

/// What [`parse`] made of the bytes so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A whole response (or as much as the limits allow).
    Done(Response),
    /// More bytes are needed.
    Partial,
}

/// Parse a response from `buf`; `eof` says the peer closed the connection (a body without
/// a length ends there).
pub fn parse(buf: &[u8], eof: bool, limits: &Limits) -> Result<Parsed, HttpError> {
    let Some(head_end) = find(buf, b"\r\n\r\n") else {
        if buf.len() > limits.max_header_bytes {
            return Err(HttpError::Malformed(format!(
                "header block larger than {} bytes",
                limits.max_header_bytes
            )));
        }
        if eof {
            return Err(HttpError::Malformed(if buf.is_empty() {
                "empty response".into()
            } else {
                "connection closed inside the headers".into()
            }));
        }
        return Ok(Parsed::Partial);
    };
    if head_end > limits.max_header_bytes {
        return Err(HttpError::Malformed(format!(
            "header block larger than {} bytes",
            limits.max_header_bytes
        )));
    }
    let head = String::from_utf8_lossy(&buf[..head_end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/1.") {
        return Err(HttpError::Malformed("not an HTTP/1.x status line".into()));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (100..1000).contains(s))
        .ok_or_else(|| HttpError::Malformed("bad status code".into()))?;
    let reason = parts.next().unwrap_or("").chars().take(200).collect();
    let mut headers = Vec::new();
    for line in lines {
        if headers.len() >= limits.max_headers {
            return Err(HttpError::Malformed(format!(
                "more than {} headers",
                limits.max_headers
            )));
        }
        let Some((k, v)) = line.split_once(':') else {
            return Err(HttpError::Malformed("a header line without `:`".into()));
        };
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let rest = &buf[head_end + 4..];
    let no_body = status / 100 == 1 || status == 204 || status == 304;
    let chunked = header_in(&headers, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let length = header_in(&headers, "content-length").map(|l| l.trim().parse::<usize>());
    let done = |body: Vec<u8>, truncated: bool| {
        Ok(Parsed::Done(Response {
            status,
            reason,
            headers: headers.clone(),
            body,
            truncated,
        }))
    };
    if no_body {
        return done(Vec::new(), false);
    }
    if chunked {
        return match dechunk(rest, limits.max_body_bytes)? {
            Some((body, truncated)) => done(body, truncated),
            None if eof => done(dechunk_partial(rest, limits.max_body_bytes), true),
            None => Ok(Parsed::Partial),
        };
    }
    match length {
        Some(Err(_)) => Err(HttpError::Malformed("bad Content-Length".into())),
        Some(Ok(n)) => {
            let want = n.min(limits.max_body_bytes);
            if rest.len() >= want {
                done(rest[..want].to_vec(), n > want)
            } else if eof {
                done(rest.to_vec(), true)
            } else {
                Ok(Parsed::Partial)
            }
        }
        None => {
            if rest.len() >= limits.max_body_bytes {
                done(rest[..limits.max_body_bytes].to_vec(), true)
            } else if eof {
                done(rest.to_vec(), false)
            } else {
                Ok(Parsed::Partial)
            }
        }
    }
}

/// A whole chunked body, `None` while incomplete.
fn dechunk(mut b: &[u8], max: usize) -> Result<Option<(Vec<u8>, bool)>, HttpError> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = find(b, b"\r\n") else {
            return Ok(None);
        };
        let size_text = String::from_utf8_lossy(&b[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| HttpError::Malformed("bad chunk size".into()))?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(Some((out, false)));
        }
        if out.len() + size > max {
            let take = (max - out.len()).min(b.len());
            out.extend_from_slice(&b[..take]);
            return Ok(Some((out, true)));
        }
        if b.len() < size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

fn dechunk_partial(mut b: &[u8], max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = find(b, b"\r\n") {
        let t = String::from_utf8_lossy(&b[..eol]);
        let Ok(size) = usize::from_str_radix(t.split(';').next().unwrap_or("").trim(), 16) else {
            break;
        };
        b = &b[eol + 2..];
        let take = size.min(b.len()).min(max.saturating_sub(out.len()));
        out.extend_from_slice(&b[..take]);
        if take < size || size == 0 {
            break;
        }
        b = b.get(size + 2..).unwrap_or(&[]);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Resolve `url`'s host to addresses (the scope was checked on its name before).
pub fn addresses(url: &Url) -> Result<Vec<SocketAddr>, HttpError> {
    (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map(|a| a.collect())
        .map_err(|e| HttpError::Connect(url.authority(), e.to_string()))
}

/// Send `req` and read the response, within `timeout` overall (for `https://`, the TLS
/// handshake included, with `tls`'s configuration; without one an `https://` URL is an
/// error).
pub fn send(
    req: &Request,
    timeout: Duration,
    limits: &Limits,
    tls: Option<&crate::tls::Tls>,
) -> Result<Response, HttpError> {
    let start = Instant::now();
    let deadline = start + timeout;
    let left = |start: Instant| timeout.checked_sub(start.elapsed());
    let config = match (req.url.https, tls) {
        (true, Some(t)) => Some(t.config.clone()),
        (true, None) => {
            return Err(HttpError::Tls(format!(
                "{}: no TLS configuration for an https:// URL",
                req.url.authority()
            )))
        }
        (false, _) => None,
    };
    let addrs = addresses(&req.url)?;
    let mut last = HttpError::Connect(req.url.authority(), "no address".into());
    let mut stream = None;
    for a in addrs {
        let Some(t) = left(start) else {
            return Err(HttpError::Timeout(timeout.as_millis()));
        };
        match TcpStream::connect_timeout(&a, t) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = HttpError::Connect(req.url.authority(), e.to_string()),
        }
    }
    let tcp = stream.ok_or(last)?;
    let mut conn = match config {
        Some(c) => Conn::Tls(Box::new(crate::tls::TlsStream::connect(
            tcp,
            c,
            &req.url.host,
            deadline,
            timeout.as_millis(),
        )?)),
        None => Conn::Plain(tcp),
    };
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            HttpError::Timeout(timeout.as_millis())
        }
        _ => HttpError::Io(e.to_string()),
    };
    match &mut conn {
        Conn::Plain(s) => {
            s.set_write_timeout(left(start).or(Some(Duration::from_millis(1))))
                .map_err(io)?;
            s.write_all(&req.to_bytes()).map_err(io)?;
        }
        Conn::Tls(s) => s.write_all(&req.to_bytes())?,
    }
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 << 10];
    let cap = limits.max_header_bytes + limits.max_body_bytes + 64;
    loop {
        let Some(t) = left(start).filter(|t| !t.is_zero()) else {
            return Err(HttpError::Timeout(timeout.as_millis()));
        };
        let n = match &mut conn {
            Conn::Plain(s) => {
                s.set_read_timeout(Some(t)).map_err(io)?;
                s.read(&mut chunk).map_err(io)?
            }
            Conn::Tls(s) => s.read(&mut chunk)?,
        };
        buf.extend_from_slice(&chunk[..n]);
        let eof = n == 0 || buf.len() >= cap;
        match parse(&buf, eof, limits)? {
            Parsed::Done(r) => return Ok(r),
            Parsed::Partial if eof => {
                return Err(HttpError::Malformed("response cut short".into()))
            }
            Parsed::Partial => {}
        }
    }
}

/// One request's connection.
enum Conn {
    Plain(TcpStream),
    Tls(Box<crate::tls::TlsStream>),
}

/// Percent-encode a value for a path segment or a query.
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("http://127.0.0.1:8080/api?x=1#f").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("127.0.0.1", 8080));
        assert_eq!(u.target, "/api?x=1");
        assert_eq!(u.path(), "/api");
        assert_eq!(Url::parse("http://Example.com").unwrap().target, "/");
        let s = Url::parse("HTTPS://Bank.example/api").unwrap();
        assert!(s.https && s.port == 443 && s.host == "bank.example");
        assert_eq!(s.to_string(), "https://bank.example:443/api");
        assert_eq!(s.origin(), "https://bank.example:443");
        let mut r = Request::new("GET", s);
        assert!(String::from_utf8_lossy(&r.to_bytes()).contains("Host: bank.example\r\n"));
        r.url = Url::parse("https://bank.example:8443/").unwrap();
        assert!(String::from_utf8_lossy(&r.to_bytes()).contains("Host: bank.example:8443\r\n"));
        assert!(!Url::parse("http://x/").unwrap().https);
        assert!(Url::parse("httpx://x/").is_err());
        assert!(Url::parse("ftp://x/").is_err());
        assert!(Url::parse("http://u:p@x/").is_err());
        assert!(Url::parse("http://x:99999/").is_err());
        assert_eq!(
            Url::parse("http://[::1]:8080/a").unwrap().authority(),
            "[::1]:8080"
        );
        assert_eq!(Url::parse("http://[::1]/").unwrap().port, 80);
    }

    #[test]
    fn parses_lengths_chunks_and_limits() {
        let l = Limits::default();
        let r = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhello tail";
        let Parsed::Done(r) = parse(r, false, &l).unwrap() else {
            panic!()
        };
        assert_eq!((r.status, r.body.as_slice()), (200, &b"hello"[..]));
        assert_eq!(r.header("x"), Some("y"));
        let c = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let Parsed::Done(r) = parse(c, false, &l).unwrap() else {
            panic!()
        };
        assert_eq!(r.body, b"abcde");
        assert_eq!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab", false, &l).unwrap(),
            Parsed::Partial
        );
        let small = Limits {
            max_body_bytes: 3,
            ..l
        };
        let Parsed::Done(r) = parse(b"HTTP/1.1 200 OK\r\n\r\nabcdef", false, &small).unwrap()
        else {
            panic!()
        };
        assert!(r.truncated);
        assert_eq!(r.body, b"abc");
        assert!(parse(b"SSH-2.0\r\n\r\n", false, &l).is_err());
        assert!(parse(b"HTTP/1.1 abc\r\n\r\n", false, &l).is_err());
        assert!(parse(b"", true, &l).is_err());
        let huge = vec![b'a'; 40 << 10];
        assert!(parse(&huge, false, &l).is_err());
    }

    #[test]
    fn encodes() {
        assert_eq!(encode("a b/'\r\n"), "a%20b%2F%27%0D%0A");
    }
}
