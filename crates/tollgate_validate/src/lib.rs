//! Opt-in live validation of found secrets (`tollgate scan --validate`): for each
//! unsuppressed finding of a supported provider, one minimal read-only request to the
//! provider's API says whether the credential is live, invalid (refused) or unknown.
//!
//! Values reach this crate only through a [`Collector`] handed to the secrets scanner,
//! and only when the user asked. The collector keeps in memory what each check needs
//! and [`run`] drops it when the checks are done. Each distinct credential is sent once;
//! at most a few requests are in flight; each has a timeout and the whole phase a
//! deadline; nothing is retried.

pub mod http;
pub mod providers;
pub mod sign;

use http::{Answer, Transport};
use providers::{Material, PROVIDERS};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tollgate_core::{Confidence, Finding, Subject, Validation, ValidationState};
use tollgate_secrets::{Seen, ValueSink};

/// The environment variable that points every provider endpoint at another base URL
/// (scheme, host and port replaced; path and query kept): for tests and internal mirrors.
pub const BASE_URL_ENV: &str = "TOLLGATE_VALIDATE_BASE_URL";

/// How validation runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Replaces scheme, host and port of every endpoint (see [`BASE_URL_ENV`]).
    pub base_url: Option<String>,
    /// Per request.
    pub timeout: Duration,
    /// For the whole phase: checks not started by then are `unknown`.
    pub deadline: Duration,
    /// Requests in flight at once.
    pub parallel: usize,
    /// The curl program.
    pub curl: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_url: None,
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(120),
            parallel: 4,
            curl: "curl".into(),
        }
    }
}

/// What one value needs, or why it cannot be checked.
enum Prepared {
    Ready(usize, Material),
    Missing(usize, &'static str),
}

/// Receives values from the secrets scanner (as a [`ValueSink`]) and keeps, per
/// finding fingerprint, only what its check needs.
#[derive(Default)]
pub struct Collector {
    by_fingerprint: Mutex<HashMap<String, Prepared>>,
}

impl Collector {
    pub fn new() -> Collector {
        Collector::default()
    }
}

impl ValueSink for Collector {
    fn wants(&self, slug: &str) -> bool {
        providers::for_rule(slug).is_some()
    }

    fn take(&self, seen: &Seen<'_>) {
        let Some((i, p)) = providers::for_rule(seen.rule) else {
            return;
        };
        let prepared = match p.prepare(seen) {
            Ok(m) => Prepared::Ready(i, m),
            Err(why) => Prepared::Missing(i, why),
        };
        let mut map = self
            .by_fingerprint
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // A value seen again (another blob of the history) keeps the first complete
        // material; one that lacked its pair may find it in a later version.
        match map.get(seen.fingerprint) {
            Some(Prepared::Ready(..)) => {}
            _ => {
                map.insert(seen.fingerprint.to_string(), prepared);
            }
        }
    }
}

/// A provider (index) and why a value could not be checked.
type Unchecked = (usize, &'static str);

/// Counts of one validation phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub live: usize,
    pub invalid: usize,
    pub unknown: usize,
    /// Requests sent (each distinct credential once).
    pub requests: usize,
}

impl Summary {
    pub fn line(&self) -> String {
        format!(
            "validation: {} live, {} invalid, {} unknown ({} request{} sent)",
            self.live,
            self.invalid,
            self.unknown,
            self.requests,
            if self.requests == 1 { "" } else { "s" }
        )
    }
}

/// `url` with its scheme, host and port replaced by `base` (path and query kept).
pub fn rebase(url: &str, base: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Check every unsuppressed secret finding whose value `collector` holds, set its
/// [`Validation`], and raise a live one's confidence to high. Findings are never
/// dropped: an invalid credential is still a leak. The collector is emptied.
pub fn run(findings: &mut [Finding], collector: &Collector, opts: &Options) -> Summary {
    let held = std::mem::take(
        &mut *collector
            .by_fingerprint
            .lock()
            .unwrap_or_else(|e| e.into_inner()),
    );
    // Distinct checks: one per (provider, material), whatever number of findings share it.
    let mut jobs: BTreeMap<(usize, Material), usize> = BTreeMap::new();
    // Per finding: its check, or its provider and why it cannot be checked.
    let mut wanted: Vec<(usize, Result<usize, Unchecked>)> = Vec::new();
    for (fi, f) in findings.iter().enumerate() {
        if f.suppression.is_some() {
            continue; // never sent: the user said it is not a secret, or accepted it
        }
        if !matches!(f.subject, Some(Subject::Secret(_))) {
            continue;
        }
        match held.get(&f.fingerprint) {
            Some(Prepared::Ready(p, m)) => {
                let n = jobs.len();
                let j = *jobs.entry((*p, m.clone())).or_insert(n);
                wanted.push((fi, Ok(j)));
            }
            Some(Prepared::Missing(p, why)) => wanted.push((fi, Err((*p, why)))),
            None => {}
        }
    }
    drop(held);
    // In the order the checks were first wanted: results are indexed by it.
    let mut ordered: Vec<((usize, Material), usize)> = jobs.into_iter().collect();
    ordered.sort_by_key(|(_, j)| *j);
    let ordered: Vec<(usize, Material)> = ordered.into_iter().map(|(k, _)| k).collect();
    let results = check_all(&ordered, opts);
    drop(ordered);

    let mut summary = Summary {
        requests: results.iter().filter(|r| r.sent).count(),
        ..Summary::default()
    };
    for (fi, r) in wanted {
        let v = match r {
            Ok(j) => results[j].validation.clone(),
            Err((p, why)) => validation(
                p,
                ValidationState::Unknown,
                None,
                format!("not checked: {why}"),
            ),
        };
        match v.state {
            ValidationState::Live => summary.live += 1,
            ValidationState::Invalid => summary.invalid += 1,
            ValidationState::Unknown => summary.unknown += 1,
        }
        let f = &mut findings[fi];
        if v.state == ValidationState::Live {
            f.confidence = Confidence::High;
            f.data.insert(
                "confidence_reason".into(),
                "high: the provider accepted it (validated live)".into(),
            );
        }
        if let Some(Subject::Secret(s)) = &mut f.subject {
            s.validation = Some(v);
        }
    }
    summary
}

/// A result of provider `p`, stamped with the time (pinned by `SOURCE_DATE_EPOCH`).
fn validation(p: usize, state: ValidationState, status: Option<u16>, reason: String) -> Validation {
    Validation {
        state,
        provider: PROVIDERS[p].name.to_string(),
        status,
        reason,
        checked_at: tollgate_core::time::rfc3339(tollgate_core::time::now_unix()),
    }
}

struct Checked {
    validation: Validation,
    sent: bool,
}

fn check_all(jobs: &[(usize, Material)], opts: &Options) -> Vec<Checked> {
    let started = Instant::now();
    let unknown = |p: usize, why: String, sent: bool| Checked {
        validation: validation(p, ValidationState::Unknown, None, why),
        sent,
    };
    if jobs.is_empty() {
        return Vec::new();
    }
    if !http::curl_available(&opts.curl) {
        return jobs
            .iter()
            .map(|(p, _)| {
                unknown(
                    *p,
                    "curl is not installed: nothing was checked".into(),
                    false,
                )
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Checked>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let workers = opts.parallel.clamp(1, 16).min(jobs.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let j = next.fetch_add(1, Ordering::SeqCst);
                let Some((p, m)) = jobs.get(j) else { break };
                let left = opts.deadline.saturating_sub(started.elapsed());
                let out = if left < Duration::from_secs(1) {
                    unknown(
                        *p,
                        "the validation phase's deadline passed first".into(),
                        false,
                    )
                } else {
                    check_one(*p, m, opts, left.min(opts.timeout))
                };
                *slots[j].lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
            });
        }
    });
    slots
        .into_iter()
        .enumerate()
        .map(|(j, s)| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| unknown(jobs[j].0, "not checked".into(), false))
        })
        .collect()
}

fn check_one(p: usize, m: &Material, opts: &Options, timeout: Duration) -> Checked {
    let provider = &PROVIDERS[p];
    // Signatures need the real clock, whatever SOURCE_DATE_EPOCH pins for the report.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let finish = |state, status, reason: String, sent| Checked {
        validation: validation(p, state, status, reason),
        sent,
    };
    let Some(mut req) = provider.request(m, now) else {
        return finish(
            ValidationState::Unknown,
            None,
            "no request could be built from the value".into(),
            false,
        );
    };
    if let Some(base) = &opts.base_url {
        req.url = rebase(&req.url, base);
    }
    let transport = Transport {
        curl: opts.curl.clone(),
        timeout,
        allow_http: opts.base_url.is_some(),
    };
    match http::send(&req, &transport) {
        Answer::Status(code, body) => {
            let (state, why) = provider.judge(code, &body);
            finish(state, Some(code), why.to_string(), true)
        }
        Answer::Failed(why) => finish(ValidationState::Unknown, None, why, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebase_keeps_path_and_query() {
        assert_eq!(
            rebase("https://api.github.com/user", "http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/user"
        );
        assert_eq!(
            rebase(
                "https://oauth2.googleapis.com/tokeninfo?access_token=x",
                "http://127.0.0.1:1"
            ),
            "http://127.0.0.1:1/tokeninfo?access_token=x"
        );
        assert_eq!(
            rebase("https://sts.amazonaws.com", "http://h:1"),
            "http://h:1/"
        );
    }

    #[test]
    fn every_provider_names_rules_once() {
        let mut seen = std::collections::BTreeSet::new();
        for p in PROVIDERS {
            assert!(!p.rules.is_empty(), "{}", p.name);
            for r in p.rules {
                assert!(seen.insert(*r), "{r} has two providers");
            }
        }
        assert!(PROVIDERS.len() >= 25);
    }

    /// Every slug a provider names is a rule of the catalogue.
    #[test]
    fn provider_rules_exist() {
        let slugs: Vec<&str> = tollgate_secrets::rules::all()
            .iter()
            .map(|r| r.slug)
            .collect();
        for p in PROVIDERS {
            for r in p.rules {
                assert!(slugs.contains(r), "{}: no rule {r}", p.name);
            }
        }
    }

    #[test]
    fn common_reading_of_answers() {
        let (_, gh) = providers::for_rule("github-personal-access-token").unwrap();
        assert_eq!(gh.judge(200, b"{}").0, ValidationState::Live);
        assert_eq!(gh.judge(401, b"").0, ValidationState::Invalid);
        assert_eq!(gh.judge(403, b"").0, ValidationState::Unknown);
        assert_eq!(gh.judge(429, b"").0, ValidationState::Unknown);
        assert_eq!(gh.judge(502, b"").0, ValidationState::Unknown);
        let (_, slack) = providers::for_rule("slack-bot-token").unwrap();
        assert_eq!(
            slack
                .judge(200, br#"{"ok":false,"error":"invalid_auth"}"#)
                .0,
            ValidationState::Invalid
        );
        assert_eq!(slack.judge(200, br#"{"ok":true}"#).0, ValidationState::Live);
        assert_eq!(slack.judge(200, b"<html>").0, ValidationState::Unknown);
        let (_, stripe) = providers::for_rule("stripe-restricted-key").unwrap();
        assert_eq!(stripe.judge(403, b"").0, ValidationState::Live);
    }
}
