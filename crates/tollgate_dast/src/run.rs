//! One run: the document read, every operation called with its example values by a
//! bounded pool of workers, passive checks on each response, safe active probes, then the
//! authorisation tests with the identities given. What was not tested is listed, with why.

use crate::client::{Client, Exchange, Refused, Scope};
use crate::error::DastError;
use crate::http::{self, Request, Url};
use crate::identity::Identity;
use crate::openapi::{Api, In, Limits, Operation};
use crate::passive::{self, Ctx};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tollgate_core::{Finding, Unchecked};

/// Where the OpenAPI document comes from.
#[derive(Clone, Debug)]
pub enum DocSource {
    File(PathBuf),
    /// A URL, fetched within scope.
    Url(String),
    /// Well-known paths under the target (`/openapi.json`, `/swagger.json`, ...).
    Discover,
}

/// What a run may do, and how fast.
#[derive(Clone, Debug)]
pub struct Options {
    /// The base URL of the application: `http[s]://host:port[/base]`.
    pub target: String,
    pub openapi: DocSource,
    pub identities: Vec<Identity>,
    /// More `host:port` authorities in scope beside the target's own.
    pub scope_hosts: Vec<String>,
    /// Path prefixes in scope; empty: the target's path (everything when it is `/`).
    pub scope_prefixes: Vec<String>,
    /// Requests per second, at most.
    pub rate: f64,
    /// Requests in flight, at most.
    pub concurrency: usize,
    /// Per request.
    pub timeout: Duration,
    /// For the whole run.
    pub max_time: Duration,
    /// Call operations other than GET, HEAD and OPTIONS (and write probes: mass
    /// assignment, creating objects for BOLA).
    pub allow_unsafe_methods: bool,
    /// Active probes (injection, authentication, authorisation); off: passive checks only.
    pub active: bool,
    pub limits: Limits,
    /// A user name that exists, for the user-enumeration test (`--known-user`).
    pub known_user: Option<String>,
    /// Wrong attempts the rate-limit test sends to a sign-in or one-time-code operation
    /// (with unsafe methods only; at most [`crate::login::MAX_ATTEMPTS`]).
    pub login_attempts: usize,
    /// CAs to trust and whether to test on when the certificate does not verify.
    pub tls: crate::tls::TlsOptions,
}

impl Options {
    pub fn new(target: &str) -> Options {
        Options {
            target: target.to_string(),
            openapi: DocSource::Discover,
            identities: Vec::new(),
            scope_hosts: Vec::new(),
            scope_prefixes: Vec::new(),
            rate: 10.0,
            concurrency: 4,
            timeout: Duration::from_secs(10),
            max_time: Duration::from_secs(600),
            allow_unsafe_methods: false,
            active: true,
            limits: Limits::default(),
            known_user: None,
            login_attempts: 20,
            tls: crate::tls::TlsOptions::default(),
        }
    }
}

/// What a run found and did.
#[derive(Debug)]
pub struct DastRun {
    /// The target as given.
    pub target: String,
    /// Where the document came from, and its title.
    pub document: String,
    pub title: String,
    pub findings: Vec<Finding>,
    /// Operations and tests that did not run, with why: never counted as clean.
    pub unchecked: Vec<Unchecked>,
    pub operations: usize,
    pub operations_tested: usize,
    pub requests: u64,
    /// Requests refused as out of scope (redirect targets, documents elsewhere).
    pub refused: Vec<String>,
    /// The run's own SSRF canary listener (`127.0.0.1:PORT`), when it ran: the tool's
    /// listener, not a target.
    pub canary: Option<String>,
    pub exchanges: Vec<Exchange>,
}

/// The target: origin and base path.
pub(crate) struct Target {
    pub url: Url,
    pub base: String,
}

pub(crate) struct Runner<'a> {
    pub opts: &'a Options,
    pub api: &'a Api,
    pub client: &'a Client,
    pub target: &'a Target,
    /// The first secured operation in the document's order (offline token tests report
    /// there once).
    pub first_secured: Option<String>,
    /// The SSRF canary listener, for active runs.
    pub canary: Option<&'a crate::ssrf::Canary>,
}

/// What testing one operation gave.
struct Tested {
    findings: Vec<Finding>,
    unchecked: Vec<Unchecked>,
    /// Its baseline call was answered.
    called: bool,
}

/// How one call differs from the operation's examples.
#[derive(Default, Clone)]
pub(crate) struct Call<'a> {
    /// Parameter values to use instead of the examples.
    pub set: Vec<(In, String, String)>,
    /// Query parameters sent under another name (`email` as `email[$ne]`).
    pub rename: Vec<(String, String)>,
    /// Send these credentials (`None`: the operation's default).
    pub identity: Option<Option<&'a Identity>>,
    /// Replace the credential header's value (a forged token).
    pub auth_value: Option<(String, String)>,
    pub body: Option<Value>,
    pub origin: Option<&'a str>,
}

impl Runner<'_> {
    /// The identity an operation is called as by default: the first, for secured ones.
    pub fn default_identity(&self, op: &Operation) -> Option<&Identity> {
        op.secured.then(|| self.opts.identities.first()).flatten()
    }

    pub fn request(&self, op: &Operation, call: &Call<'_>) -> Result<Request, DastError> {
        let value = |p: &crate::openapi::Param| {
            call.set
                .iter()
                .find(|(l, n, _)| *l == p.location && *n == p.name)
                .map_or(p.value.clone(), |(_, _, v)| v.clone())
        };
        let mut path = op.path.clone();
        let mut query = Vec::new();
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut cookies = Vec::new();
        for p in &op.params {
            let v = value(p);
            match p.location {
                In::Path => path = path.replace(&format!("{{{}}}", p.name), &http::encode(&v)),
                In::Query => {
                    let name = call
                        .rename
                        .iter()
                        .find(|(n, _)| *n == p.name)
                        .map_or(p.name.as_str(), |(_, to)| to.as_str());
                    query.push(format!("{}={}", http::encode(name), http::encode(&v)))
                }
                In::Header => headers.push((p.name.clone(), v)),
                In::Cookie => cookies.push(format!("{}={}", p.name, http::encode(&v))),
            }
        }
        let mut target = format!("{}{}", self.target.base, path);
        if !query.is_empty() {
            target.push('?');
            target.push_str(&query.join("&"));
        }
        let url = Url::parse(&format!("{}{}", self.target.url.origin(), target))
            .map_err(|e| DastError::Usage(format!("{}: {e}", op.label())))?;
        let mut req = Request::new(&op.method, url);
        req.headers
            .push(("Accept".into(), "application/json, */*".into()));
        if let Some(o) = call.origin {
            req.headers.push(("Origin".into(), o.into()));
        }
        let identity = match call.identity {
            Some(i) => i,
            None => self.default_identity(op),
        };
        if let Some(i) = identity {
            if i.header.eq_ignore_ascii_case("cookie") {
                cookies.push(i.value.clone());
            } else {
                let v = match &call.auth_value {
                    Some((h, v)) if h.eq_ignore_ascii_case(&i.header) => v.clone(),
                    _ => i.value.clone(),
                };
                headers.push((i.header.clone(), v));
            }
        } else if let Some((h, v)) = &call.auth_value {
            headers.push((h.clone(), v.clone()));
        }
        if !cookies.is_empty() {
            headers.push(("Cookie".into(), cookies.join("; ")));
        }
        req.headers.extend(headers);
        let body = call
            .body
            .clone()
            .or_else(|| op.body.as_ref().map(|b| b.example.clone()));
        if let (Some(b), Some(decl)) = (body, &op.body) {
            if decl.content_type.contains("x-www-form-urlencoded") {
                let form: Vec<String> = b
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                format!(
                                    "{}={}",
                                    http::encode(k),
                                    http::encode(&crate::example::wire(v))
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                req.body = form.join("&").into_bytes();
            } else {
                req.body = serde_json::to_vec(&b).unwrap_or_default();
            }
            req.headers
                .push(("Content-Type".into(), decl.content_type.clone()));
        }
        Ok(req)
    }

    /// Build and send a call; `None` (with the reason pushed to `unchecked`) when it could
    /// not be sent or got no answer.
    pub fn call(
        &self,
        op: &Operation,
        purpose: &str,
        call: &Call<'_>,
        unchecked: &mut Vec<Unchecked>,
    ) -> Option<Exchange> {
        let label = op.label();
        let req = match self.request(op, call) {
            Ok(r) => r,
            Err(e) => {
                unchecked.push(Unchecked {
                    path: label,
                    reason: format!("{purpose}: {e}"),
                });
                return None;
            }
        };
        match self.client.send(&label, purpose, req) {
            Ok(ex) if ex.response.is_some() => Some(ex),
            Ok(ex) => {
                unchecked.push(Unchecked {
                    path: label,
                    reason: format!("{purpose}: no answer ({})", ex.error.unwrap_or_default()),
                });
                None
            }
            Err(Refused::Deadline) => {
                unchecked.push(Unchecked {
                    path: label,
                    reason: format!(
                        "{purpose}: not sent, the run's time limit (--max-time) was reached"
                    ),
                });
                None
            }
            Err(Refused::Scope(why)) => {
                unchecked.push(Unchecked {
                    path: label,
                    reason: format!("{purpose}: not sent, out of scope: {why}"),
                });
                None
            }
        }
    }

    pub fn ctx<'b>(&'b self, op: &'b Operation, label: &'b str, ex: &Exchange) -> Ctx<'b> {
        let authenticated = ex.request.headers.iter().any(|(k, _)| {
            self.opts
                .identities
                .iter()
                .any(|i| i.header.eq_ignore_ascii_case(k))
        });
        Ctx {
            api: self.api,
            op,
            label,
            authenticated,
            target_host: &self.target.url.host,
        }
    }

    /// Everything about one operation but authorisation.
    fn operation(&self, op: &Operation) -> Tested {
        let mut findings = Vec::new();
        let mut unchecked = Vec::new();
        let label = op.label();
        if !op.is_safe() && !self.opts.allow_unsafe_methods {
            unchecked.push(Unchecked {
                path: label,
                reason: format!(
                    "not called: {} may change state (--allow-unsafe-methods calls it)",
                    op.method
                ),
            });
            return Tested {
                findings,
                unchecked,
                called: false,
            };
        }
        let call = Call {
            origin: Some(passive::PROBE_ORIGIN),
            ..Call::default()
        };
        let Some(base) = self.call(op, "baseline", &call, &mut unchecked) else {
            return Tested {
                findings,
                unchecked,
                called: false,
            };
        };
        let ctx = self.ctx(op, &label, &base);
        passive::baseline_checks(&ctx, &base, &mut findings);
        if self.opts.active {
            crate::active::probe(self, op, &base, &mut findings, &mut unchecked);
            crate::nosql::probe(self, op, &base, &mut findings, &mut unchecked);
            crate::login::probe(self, op, &mut findings, &mut unchecked);
            if let Some(c) = self.canary {
                crate::ssrf::probe(self, c, op, &mut unchecked);
            }
        }
        Tested {
            findings,
            unchecked,
            called: true,
        }
    }
}

fn target_of(opts: &Options) -> Result<Target, DastError> {
    let url = Url::parse(&opts.target).map_err(|e| DastError::Usage(format!("--target: {e}")))?;
    if url.target.contains('?') {
        return Err(DastError::Usage(
            "--target: a base URL without a query".into(),
        ));
    }
    Ok(Target {
        base: url.path().trim_end_matches('/').to_string(),
        url,
    })
}

fn load_doc(opts: &Options, target: &Target, client: &Client) -> Result<(Api, String), DastError> {
    let fetch = |url: &str| -> Result<Option<Api>, DastError> {
        let u = Url::parse(url).map_err(|e| DastError::Usage(format!("--openapi: {e}")))?;
        let mut req = Request::new("GET", u);
        req.headers
            .push(("Accept".into(), "application/json, application/yaml".into()));
        match client.send("(document)", "openapi", req) {
            Ok(ex) => match ex.response {
                Some(r) if r.is_success() && !r.truncated => {
                    Api::parse(url, &r.body, opts.limits).map(Some)
                }
                Some(r) if r.truncated => Err(DastError::doc(
                    url,
                    None,
                    "the document is larger than the client reads",
                )),
                _ => Ok(None),
            },
            Err(Refused::Scope(why)) => Err(DastError::Usage(format!(
                "--openapi: {why} (add its host with --scope-host)"
            ))),
            Err(Refused::Deadline) => Err(DastError::Usage(
                "the time limit was reached before the document was read".into(),
            )),
        }
    };
    match &opts.openapi {
        DocSource::File(p) => Ok((Api::load_file(p, opts.limits)?, p.display().to_string())),
        DocSource::Url(u) => match fetch(u)? {
            Some(api) => Ok((api, u.clone())),
            None => Err(DastError::Usage(format!(
                "--openapi {}: no document there",
                crate::safe::text(u)
            ))),
        },
        DocSource::Discover => {
            for p in [
                "/openapi.json",
                "/openapi.yaml",
                "/swagger.json",
                "/v3/api-docs",
            ] {
                let url = format!("{}{}{p}", target.url.origin(), target.base);
                if let Some(api) = fetch(&url)? {
                    return Ok((api, url));
                }
            }
            Err(DastError::Usage(format!(
                "no OpenAPI document found under {} (tried openapi.json, openapi.yaml, swagger.json, v3/api-docs); give one with --openapi",
                crate::safe::text(&opts.target)
            )))
        }
    }
}

/// Run the dynamic test `opts` describes.
pub fn run(opts: &Options) -> Result<DastRun, DastError> {
    let target = target_of(opts)?;
    let mut hosts = vec![target.url.authority()];
    for h in &opts.scope_hosts {
        let u = Url::parse(&format!("http://{h}/")).map_err(|_| {
            DastError::Usage(format!(
                "--scope-host {}: expected HOST:PORT",
                tollgate_core::redact::quote(h)
            ))
        })?;
        hosts.push(u.authority());
    }
    let prefixes = if opts.scope_prefixes.is_empty() {
        if target.base.is_empty() {
            Vec::new()
        } else {
            vec![target.base.clone()]
        }
    } else {
        opts.scope_prefixes.clone()
    };
    for p in &prefixes {
        if !p.starts_with('/') {
            return Err(DastError::Usage(format!(
                "--scope-prefix {}: a path prefix starts with `/`",
                tollgate_core::redact::quote(p)
            )));
        }
    }
    let names: std::collections::BTreeSet<&str> =
        opts.identities.iter().map(|i| i.name.as_str()).collect();
    if names.len() != opts.identities.len() {
        return Err(DastError::Usage(
            "--auth: two identities share a name".into(),
        ));
    }
    // A time limit beyond a year is no limit; it must not overflow the clock.
    let deadline = Instant::now() + opts.max_time.min(Duration::from_secs(365 * 86_400));
    // The SSRF canary: the run's own listener on loopback, out of scope for the client.
    let mut canary_note = None;
    let canary = if opts.active {
        match crate::ssrf::Canary::start() {
            Ok(c) => Some(c),
            Err(e) => {
                canary_note = Some(format!(
                    "server-side request forgery: not tested, the canary listener could not start on 127.0.0.1 ({e})"
                ));
                None
            }
        }
    } else {
        None
    };
    let own = canary.iter().map(|c| c.authority()).collect();
    let mut client = Client::new(
        Scope {
            hosts,
            prefixes,
            own,
        },
        opts.rate,
        opts.timeout,
        deadline,
    );
    // Every https:// connection verifies the certificate, unless --tls-insecure.
    let roots = crate::tls::roots(&opts.tls)?;
    client.tls = Some(crate::tls::Tls::new(&roots, opts.tls.insecure)?);
    let mut tls_findings = Vec::new();
    let mut tls_unchecked = Vec::new();
    let mut blocked = None;
    if target.url.https {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let seen = crate::tls::inspect(&target.url, &roots, &|| client.connection_slot(), now)?;
        tls_findings = seen.findings;
        tls_unchecked = seen
            .unchecked
            .into_iter()
            .map(|reason| Unchecked {
                path: format!("(TLS) {}", target.url.origin()),
                reason,
            })
            .collect();
        let origin = crate::safe::text(&target.url.origin());
        if let Some(why) = seen.legacy_only {
            blocked = Some(format!(
                "not called: {origin} offers no TLS 1.2 or 1.3 ({why}), and requests are never sent over TLS 1.0 or 1.1"
            ));
        } else if let Some(why) = seen.invalid {
            if !opts.tls.insecure {
                // Only the document is still read, to name what goes untested: that
                // request carries no credentials.
                client.tls = Some(crate::tls::Tls::new(&roots, true)?);
                blocked = Some(format!(
                    "not called: the TLS certificate of {origin} does not verify ({why}); no request with credentials is sent over an unverified connection (--tls-insecure tests anyway)"
                ));
            }
        }
    }
    if let Some(why) = blocked {
        return Ok(blocked_run(
            opts,
            &target,
            &client,
            &why,
            tls_findings,
            tls_unchecked,
        ));
    }
    let (mut api, document) = load_doc(opts, &target, &client)?;
    let target = if target.base.is_empty() {
        Target {
            base: api.base_path.clone(),
            url: target.url,
        }
    } else {
        target
    };
    let ops = std::mem::take(&mut api.operations);
    let runner = Runner {
        opts,
        api: &api,
        client: &client,
        target: &target,
        first_secured: ops
            .iter()
            .find(|o| o.secured && (o.is_safe() || opts.allow_unsafe_methods))
            .map(Operation::label),
        canary: canary.as_ref(),
    };
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Tested)>> = Mutex::new(Vec::new());
    let workers = opts.concurrency.clamp(1, 64).min(ops.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(op) = ops.get(i) else { break };
                let t = runner.operation(op);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, t));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|r| r.0);
    let mut findings = Vec::new();
    let mut unchecked = Vec::new();
    let mut tested = 0;
    for (_, t) in results {
        findings.extend(t.findings);
        unchecked.extend(t.unchecked);
        tested += usize::from(t.called);
    }
    if opts.active {
        crate::authz::run(&runner, &ops, &mut findings, &mut unchecked);
    }
    if let Some(c) = &canary {
        let grace = Duration::from_secs(1).min(deadline.saturating_duration_since(Instant::now()));
        findings.extend(c.findings(grace));
    }
    if let Some(note) = canary_note {
        unchecked.push(Unchecked {
            path: "(run)".into(),
            reason: note,
        });
    }
    findings.extend(tls_findings);
    unchecked.extend(tls_unchecked);
    if ops.is_empty() {
        unchecked.push(Unchecked {
            path: document.clone(),
            reason: "the document declares no operation: nothing was called".into(),
        });
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut seen = std::collections::BTreeSet::new();
    findings.retain(|f| seen.insert(f.fingerprint.clone()));
    unchecked.sort();
    unchecked.dedup();
    Ok(DastRun {
        target: crate::safe::text(&opts.target),
        document,
        title: api.title.clone(),
        findings,
        unchecked,
        operations: ops.len(),
        operations_tested: tested,
        requests: client.sent(),
        refused: client.refused(),
        canary: canary.as_ref().map(|c| c.authority()),
        exchanges: client.take_exchanges(),
    })
}

/// The run of a target whose certificate does not verify (without `--tls-insecure`), or
/// that speaks only TLS 1.0/1.1: the TLS findings, and every operation of the document
/// unchecked for `reason`. No operation is called.
fn blocked_run(
    opts: &Options,
    target: &Target,
    client: &Client,
    reason: &str,
    mut findings: Vec<Finding>,
    mut unchecked: Vec<Unchecked>,
) -> DastRun {
    let (labels, document, title) = match load_doc(opts, target, client) {
        Ok((api, document)) => (
            api.operations.iter().map(Operation::label).collect(),
            document,
            api.title,
        ),
        Err(e) => {
            unchecked.push(Unchecked {
                path: "(document)".into(),
                reason: format!("the OpenAPI document could not be read: {e}; {reason}"),
            });
            (Vec::new(), "(not read)".to_string(), String::new())
        }
    };
    let labels: Vec<String> = labels;
    for label in &labels {
        unchecked.push(Unchecked {
            path: label.clone(),
            reason: reason.to_string(),
        });
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    unchecked.sort();
    unchecked.dedup();
    DastRun {
        target: crate::safe::text(&opts.target),
        document,
        title,
        findings,
        unchecked,
        operations: labels.len(),
        operations_tested: 0,
        requests: client.sent(),
        refused: client.refused(),
        canary: None,
        exchanges: client.take_exchanges(),
    }
}
