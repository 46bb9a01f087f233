//! Everything a run sends goes through [`Client::send`]: the scope is checked before any
//! connection (hosts and path prefixes), the rate limit and the total deadline are held,
//! and every exchange is recorded (bodies capped) for evidence and the HAR file.

use crate::http::{self, HttpError, Request, Response, Url};
use crate::safe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Where a run may send requests: exact `host:port` authorities and path prefixes.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub hosts: Vec<String>,
    /// Paths a request may go to: each prefix matches itself and what is under it, on `/`
    /// boundaries. Empty: every path of the hosts.
    pub prefixes: Vec<String>,
    /// The run's own listeners (the SSRF canary): never a target, never sent to.
    pub own: Vec<String>,
}

impl Scope {
    /// Why `url` is out of scope, or `None` when it is in.
    pub fn refuses(&self, url: &Url) -> Option<String> {
        let auth = url.authority();
        if self.own.iter().any(|h| h.eq_ignore_ascii_case(&auth)) {
            return Some(format!(
                "{auth} is the run's own SSRF canary listener, not a target"
            ));
        }
        if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(&auth)) {
            return Some(format!("host {auth} is not in scope"));
        }
        let path = url.path();
        if self.prefixes.is_empty() {
            return None;
        }
        // A server resolves `..` (also written `%2e%2e`) before routing, so `/api/../admin`
        // would pass a textual prefix test and reach `/admin`.
        let dotted = path.split('/').any(|seg| {
            let seg = seg.to_ascii_lowercase().replace("%2e", ".");
            seg == "." || seg == ".."
        });
        if dotted {
            return Some(format!(
                "path {path} has a dot segment, which could leave the scope's prefixes"
            ));
        }
        let ok = self.prefixes.iter().any(|p| {
            let p = p.trim_end_matches('/');
            p.is_empty()
                || path == p
                || (path.starts_with(p) && path.as_bytes().get(p.len()) == Some(&b'/'))
        });
        (!ok).then(|| format!("path {} is not under the scope's prefixes", path))
    }
}

/// Requests at most `rate` per second, evenly spaced (a token bucket holding one token):
/// in any window of `w` seconds at most `w * rate + 1` requests start.
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Instant>,
}

impl RateLimiter {
    pub fn new(rate: f64) -> RateLimiter {
        // At least one request in 1000 seconds, at most 100 000 a second: any other value
        // (zero, negative, NaN, absurd) would make the interval meaningless.
        let rate = if rate.is_finite() && rate > 0.0 {
            rate.clamp(0.001, 100_000.0)
        } else {
            1.0
        };
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / rate),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Wait for a slot; `false` when the slot would come after `deadline`.
    pub fn acquire(&self, deadline: Instant) -> bool {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            if slot > deadline {
                return false;
            }
            *next = slot + self.interval;
            slot
        };
        let now = Instant::now();
        if slot > now {
            std::thread::sleep(slot - now);
        }
        true
    }
}

/// One request and what came of it.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// Which operation and step it belongs to (`GET /accounts/{id}` / `baseline`), for
    /// ordering and the HAR file.
    pub operation: String,
    pub purpose: String,
    pub seq: u64,
    pub request: Request,
    pub response: Option<Response>,
    pub error: Option<String>,
    /// Unix time in milliseconds when it started.
    pub started_ms: u64,
    pub duration_ms: u64,
}

/// Most body bytes an exchange keeps for evidence and the HAR file.
pub const KEPT_BODY: usize = 64 << 10;
/// Most body characters evidence in a finding shows.
const EVIDENCE_BODY: usize = 600;

impl Exchange {
    pub fn ok(&self) -> Option<&Response> {
        self.response.as_ref()
    }

    /// The request line and headers, credentials redacted, and the start of the body.
    pub fn request_evidence(&self) -> String {
        let r = &self.request;
        let mut s = format!("{} {}\n", r.method, safe::text(&r.url.target));
        for (k, v) in &r.headers {
            s.push_str(&format!("{k}: {}\n", safe::header(k, v)));
        }
        if !r.body.is_empty() {
            s.push('\n');
            s.push_str(&safe::text(&shorten(&String::from_utf8_lossy(&r.body))));
        }
        s
    }

    /// The status line, headers (credentials redacted) and the start of the body.
    pub fn response_evidence(&self) -> String {
        match (&self.response, &self.error) {
            (Some(r), _) => {
                let mut s = format!("HTTP/1.1 {} {}\n", r.status, safe::text(&r.reason));
                for (k, v) in &r.headers {
                    s.push_str(&format!("{k}: {}\n", safe::header(k, v)));
                }
                if !r.body.is_empty() {
                    s.push('\n');
                    s.push_str(&safe::text(&shorten(&r.text())));
                }
                s
            }
            (None, Some(e)) => format!("no response: {e}"),
            (None, None) => "no response".into(),
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= EVIDENCE_BODY {
        return s.to_string();
    }
    let mut t: String = s.chars().take(EVIDENCE_BODY).collect();
    t.push_str("…(cut)");
    t
}

/// Why [`Client::send`] sent nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Out of scope: never connected.
    Scope(String),
    /// The total time of the run is up.
    Deadline,
}

/// The client of one run.
pub struct Client {
    pub scope: Scope,
    pub timeout: Duration,
    pub deadline: Instant,
    pub limits: http::Limits,
    /// For `https://` URLs.
    pub tls: Option<crate::tls::Tls>,
    limiter: RateLimiter,
    seq: AtomicU64,
    exchanges: Mutex<Vec<Exchange>>,
    refused: Mutex<Vec<String>>,
}

impl Client {
    pub fn new(scope: Scope, rate: f64, timeout: Duration, deadline: Instant) -> Client {
        Client {
            scope,
            timeout,
            deadline,
            limits: http::Limits::default(),
            tls: None,
            limiter: RateLimiter::new(rate),
            seq: AtomicU64::new(0),
            exchanges: Mutex::new(Vec::new()),
            refused: Mutex::new(Vec::new()),
        }
    }

    /// Send `req` if it is in scope and there is time; the exchange is recorded either way
    /// it ends (response or error). Redirects are returned, never followed.
    pub fn send(&self, operation: &str, purpose: &str, req: Request) -> Result<Exchange, Refused> {
        if let Some(why) = self.scope.refuses(&req.url) {
            let line = format!("{} {}: {why}", req.method, safe::text(&req.url.to_string()));
            self.refused
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(line.clone());
            return Err(Refused::Scope(line));
        }
        if !self.limiter.acquire(self.deadline) {
            return Err(Refused::Deadline);
        }
        let timeout = self.request_timeout();
        let started_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let t = Instant::now();
        let result = http::send(&req, timeout, &self.limits, self.tls.as_ref());
        let duration_ms = t.elapsed().as_millis() as u64;
        let (response, error) = match result {
            Ok(r) => (Some(r), None),
            Err(HttpError::Timeout(ms)) => (None, Some(format!("timed out after {ms} ms"))),
            Err(e) => (None, Some(safe::text(&e.to_string()))),
        };
        let ex = Exchange {
            operation: operation.to_string(),
            purpose: purpose.to_string(),
            seq: self.seq.fetch_add(1, Ordering::Relaxed),
            request: req,
            response,
            error,
            started_ms,
            duration_ms,
        };
        if let Some(loc) = ex
            .response
            .as_ref()
            .filter(|r| (300..400).contains(&r.status))
            .and_then(|r| r.header("location"))
        {
            if let Ok(to) = Url::parse(loc) {
                if let Some(why) = self.scope.refuses(&to) {
                    self.refused
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!(
                            "redirect from {} {} to {} recorded, not followed: {why}",
                            ex.request.method,
                            safe::text(&ex.request.url.to_string()),
                            safe::text(loc)
                        ));
                }
            }
        }
        let mut kept = ex.clone();
        if let Some(r) = kept.response.as_mut() {
            if r.body.len() > KEPT_BODY {
                r.body.truncate(KEPT_BODY);
                r.truncated = true;
            }
        }
        self.exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(kept);
        Ok(ex)
    }

    /// One request's time: the per-request timeout, cut to what is left of the run.
    fn request_timeout(&self) -> Duration {
        self.timeout
            .min(self.deadline.saturating_duration_since(Instant::now()))
            .max(Duration::from_millis(50))
    }

    /// A slot of the rate limit and a timeout for a connection that is not an HTTP request
    /// (the TLS checks' handshakes); `None` when the run's time is up.
    pub fn connection_slot(&self) -> Option<Duration> {
        self.limiter
            .acquire(self.deadline)
            .then(|| self.request_timeout())
    }

    /// How many requests were sent.
    pub fn sent(&self) -> u64 {
        self.seq.load(Ordering::Relaxed)
    }

    /// Every exchange, in a deterministic order (operation, then the order sent).
    pub fn take_exchanges(&self) -> Vec<Exchange> {
        let mut v = std::mem::take(&mut *self.exchanges.lock().unwrap_or_else(|e| e.into_inner()));
        v.sort_by(|a, b| (&a.operation, a.seq).cmp(&(&b.operation, b.seq)));
        v
    }

    /// Requests refused as out of scope.
    pub fn refused(&self) -> Vec<String> {
        let mut v = self
            .refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_rate_gives_a_usable_limiter() {
        for r in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e-300, 1e300] {
            let l = RateLimiter::new(r);
            assert!(l.interval >= Duration::from_micros(10));
            assert!(l.interval <= Duration::from_secs(1000));
        }
    }

    #[test]
    fn scope_is_exact_on_hosts_and_segment_prefixes() {
        let s = Scope {
            hosts: vec!["127.0.0.1:8080".into()],
            prefixes: vec!["/api".into()],
            own: vec!["127.0.0.1:9999".into()],
        };
        assert!(s
            .refuses(&Url::parse("http://127.0.0.1:9999/api").unwrap())
            .is_some());
        let u = |t: &str| Url::parse(t).unwrap();
        assert!(s.refuses(&u("http://127.0.0.1:8080/api/x?y=1")).is_none());
        assert!(s.refuses(&u("http://127.0.0.1:8080/api")).is_none());
        assert!(s.refuses(&u("http://127.0.0.1:8080/apix")).is_some());
        assert!(s.refuses(&u("http://127.0.0.1:8081/api")).is_some());
        assert!(s.refuses(&u("http://localhost:8080/api")).is_some());
        assert!(s
            .refuses(&u("http://127.0.0.1:8080/api/../admin"))
            .is_some());
        assert!(s
            .refuses(&u("http://127.0.0.1:8080/api/%2E%2e/admin"))
            .is_some());
        assert!(s.refuses(&u("http://127.0.0.1:8080/api/./x")).is_some());
        assert!(s.refuses(&u("http://127.0.0.1:8080/api/..x/y")).is_none());
    }
}
