use crate::rule::RuleId;
use crate::severity::{Confidence, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a finding is. Lines and columns are 1-based; columns count Unicode scalar values.
///
/// Every location has a `path` — the file, for file spans and IaC resources; the URL, for
/// findings of a running application; the log source, for log records — so sorting,
/// exceptions by path glob and baselines work for every kind. The kind-specific parts are
/// set only for their kind; lines are 0 where a location has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    /// Path relative to the scan root, with `/` separators (or the URL, or the log source).
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The line with any secret redacted. Never the raw secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// A cloud or IaC resource declared at this span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceRef>,
    /// An HTTP operation of a running application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpRef>,
    /// A record of a log or event stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogRef>,
}

/// What kind of place a [`Location`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationKind {
    File,
    Resource,
    Url,
    Log,
}

/// A resource address: `module.network.aws_s3_bucket.logs["eu"]`, or a CloudFormation
/// logical id, or `Deployment/payments/api`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ResourceRef {
    /// The resource type (`aws_s3_bucket`, `AWS::S3::Bucket`, `apps/v1/Deployment`).
    #[serde(rename = "type")]
    pub resource_type: String,
    pub address: String,
}

/// An operation of a web application or API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HttpRef {
    pub method: String,
    pub url: String,
    /// The parameter, header or cookie concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// A record of a log stream.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogRef {
    /// Byte offset of the record in its source.
    pub offset: u64,
    /// The record's own time, RFC 3339, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

impl Location {
    /// A span of a file.
    pub fn file(path: &str, start: (u32, u32), end: (u32, u32)) -> Location {
        Location {
            path: path.to_string(),
            start_line: start.0,
            start_column: start.1,
            end_line: end.0,
            end_column: end.1,
            ..Location::default()
        }
    }

    /// One line of a file, from its first column.
    pub fn line(path: &str, line: u32) -> Location {
        Location::file(path, (line, 1), (line, 1))
    }

    /// A resource declared at a span of a file.
    pub fn resource(path: &str, line: u32, resource: ResourceRef) -> Location {
        Location {
            resource: Some(resource),
            ..Location::line(path, line)
        }
    }

    /// An HTTP operation; its path is the URL.
    pub fn url(method: &str, url: &str, parameter: Option<&str>) -> Location {
        Location {
            path: url.to_string(),
            http: Some(HttpRef {
                method: method.to_string(),
                url: url.to_string(),
                parameter: parameter.map(str::to_string),
            }),
            ..Location::default()
        }
    }

    /// A record of the log `source` at `offset` (and `line`, when the source has lines).
    pub fn log(source: &str, line: u32, offset: u64, timestamp: Option<&str>) -> Location {
        Location {
            log: Some(LogRef {
                offset,
                timestamp: timestamp.map(str::to_string),
            }),
            ..Location::line(source, line)
        }
    }

    pub fn kind(&self) -> LocationKind {
        if self.http.is_some() {
            LocationKind::Url
        } else if self.log.is_some() {
            LocationKind::Log
        } else if self.resource.is_some() {
            LocationKind::Resource
        } else {
            LocationKind::File
        }
    }

    pub fn with_snippet(mut self, snippet: String) -> Location {
        self.snippet = Some(snippet);
        self
    }
}

/// Another place that explains a finding (the declaration a value came from, the other
/// half of a pair of resources).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// The role of a step in a data-flow path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowRole {
    /// Where untrusted data enters.
    Source,
    /// Where it passes through (an assignment, a call).
    Step,
    /// Where it does harm.
    Sink,
}

/// One step of a taint finding's data-flow path, from source to sink (SARIF `codeFlows`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowStep {
    pub role: FlowRole,
    pub location: Location,
    pub message: String,
}

/// What a finding is about, typed, so other stages (VEX, exceptions, the server) never
/// read it back out of free-form text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    /// A package from a lockfile or manifest.
    Package(PackageSubject),
    /// A cloud or IaC resource.
    Resource(ResourceRef),
    /// A secret, only ever in redacted form.
    Secret(SecretSubject),
    /// An HTTP operation of a running application.
    Http(HttpRef),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSubject {
    /// OSV ecosystem name (`crates.io`, `npm`, `Maven`, ...).
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    pub purl: String,
    /// The advisory matched, and the ids it is also known by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_version: Option<String>,
    /// Direct dependency of the project, where the lockfile tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretSubject {
    /// At most a short prefix and the length (see [`crate::redact::redact`]).
    pub redacted: String,
    pub length: usize,
    /// `base64` when the secret was found in a decoded value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoded_from: Option<String>,
    /// The key it was stored under, when the format names one (a Kubernetes Secret's data key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The issuer's page for revoking or rotating it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke: Option<String>,
    /// Whether the provider accepted it, when the user asked (`tollgate scan --validate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
}

impl SecretSubject {
    /// The secret subject of `f`, if it is about a secret.
    pub fn of(f: &Finding) -> Option<&SecretSubject> {
        match &f.subject {
            Some(Subject::Secret(s)) => Some(s),
            _ => None,
        }
    }

    /// Lines for people: the validation result and where to revoke it. Empty when neither
    /// is known.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(v) = &self.validation {
            out.push(v.summary());
        }
        if let Some(r) = &self.revoke {
            out.push(format!("revoke or rotate it: {r}"));
        }
        out
    }
}

/// What a live check of a secret at its provider said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValidationState {
    /// The provider accepted it: the credential works now.
    Live,
    /// The provider refused it (revoked, expired or never valid). Still a leak in history.
    Invalid,
    /// No answer that tells (network error, timeout, rate limit, server error, an answer
    /// not understood, or the other half of a pair not found).
    Unknown,
}

impl ValidationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationState::Live => "live",
            ValidationState::Invalid => "invalid",
            ValidationState::Unknown => "unknown",
        }
    }
}

/// The result of one read-only call to a secret's provider (`tollgate scan --validate`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validation {
    pub state: ValidationState,
    /// The provider asked (`GitHub`, `AWS STS`).
    pub provider: String,
    /// The HTTP status of the provider's answer, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the state is what it is, in a few words. Never holds the secret.
    pub reason: String,
    /// When it was checked, RFC 3339 UTC (pinned by `SOURCE_DATE_EPOCH` like the report's
    /// own timestamp).
    pub checked_at: String,
}

impl Validation {
    /// One line: `validation: live (GitHub, HTTP 200: ...) at ...`.
    pub fn summary(&self) -> String {
        let status = self
            .status
            .map_or_else(String::new, |s| format!(", HTTP {s}"));
        let tail = match self.state {
            ValidationState::Invalid => {
                "; still a leak: anyone with the history holds it, and it may have worked before"
            }
            _ => "",
        };
        format!(
            "validation: {} ({}{status}: {}) checked {}{tail}",
            self.state.as_str(),
            self.provider,
            self.reason,
            self.checked_at
        )
    }
}

/// Where in git history a finding lived (history scans only): the commit that introduced
/// it and, for a history scan, its whole life at its path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitProvenance {
    /// The first commit (in commit-date order) whose tree held it at this path.
    pub commit: String,
    pub author: String,
    pub email: String,
    /// Author date, RFC 3339 as git prints it.
    pub date: String,
    /// The last commit (in commit-date order) whose tree still held it at this path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<CommitRef>,
    /// How many commits' trees held it at this path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commits: Option<u64>,
    /// Whether the tree of `HEAD` still holds it (unknown when `HEAD` was not scanned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_head: Option<bool>,
    /// Whether the file in the work tree still holds it (unknown in a bare repository).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_worktree: Option<bool>,
    /// Only commits that no ref reaches held it (found with `--unreachable`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unreachable: bool,
}

/// One commit, as a provenance names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRef {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// Author date, RFC 3339 as git prints it.
    pub date: String,
}

impl GitProvenance {
    /// Whether the secret is still in the current tree (`HEAD` or the work tree).
    pub fn still_present(&self) -> Option<bool> {
        match (self.in_head, self.in_worktree) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (None, None) => None,
            _ => Some(false),
        }
    }

    /// One line that reads like a leak report: introduced in X by Y on date, last seen in
    /// Z, N commits, still present or removed.
    pub fn summary(&self) -> String {
        let short = |c: &str| c.get(..12).unwrap_or(c).to_string();
        let mut s = format!(
            "introduced in {} by {} on {}",
            short(&self.commit),
            self.author,
            self.date
        );
        if let Some(l) = &self.last {
            s.push_str(&format!(
                ", last seen in {} on {}",
                short(&l.commit),
                l.date
            ));
        }
        if let Some(n) = self.commits {
            s.push_str(&format!(", {n} commit{}", if n == 1 { "" } else { "s" }));
        }
        let place = match (self.in_head, self.in_worktree) {
            (Some(true), Some(true)) => Some("still present (HEAD and work tree)"),
            (Some(true), _) => Some("still present in HEAD"),
            (_, Some(true)) => Some("still present in the work tree (not in HEAD)"),
            (None, None) => None,
            _ => Some("removed"),
        };
        if let Some(p) = place {
            s.push_str(", ");
            s.push_str(p);
        }
        if self.unreachable {
            s.push_str(", only in objects no ref reaches");
        }
        s
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// A `tollgate:ignore` comment in the source.
    Inline,
    /// An allowlist entry of the configuration.
    Config,
    /// An approved, time-boxed risk acceptance from `.tollgate/exceptions.toml`.
    Exception,
    /// A VEX statement: the vulnerability does not affect this product.
    Vex,
}

/// Why a finding does not count toward the gate. The finding stays in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
    /// Exceptions: who approved the risk, the tracking ticket, and the last day it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Where the suppression was declared (`file:line`), for exceptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Suppression {
    /// A suppression with only a kind and a reason.
    pub fn simple(kind: SuppressionKind, reason: impl Into<String>) -> Suppression {
        Suppression {
            kind,
            reason: reason.into(),
            approved_by: None,
            ticket: None,
            expires: None,
            source: None,
        }
    }
}

/// Whether a finding is new, for diff-aware gating (`--baseline`, `--new-since`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiffStatus {
    /// Not in the baseline, or on a line changed since the reference.
    New,
    /// Its fingerprint is in the baseline report.
    InBaseline,
    /// On a line not changed since the reference.
    Unchanged,
}

/// One finding, the same shape for every scanner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: RuleId,
    pub title: String,
    pub message: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub location: Location,
    pub cwe: Vec<u32>,
    pub tags: Vec<String>,
    /// Compliance controls this finding is evidence against, as `framework:control`
    /// (attached from the catalogs through CWE ids and tags).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Stable identity: rule, path and normalised content, not the line number.
    pub fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<GitProvenance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Set by diff-aware scans; only `new` findings count toward the gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<DiffStatus>,
    /// What the finding is about: a package, a resource, a secret, an HTTP operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// Other places that explain the finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// For taint findings: the data-flow path from source to sink.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow: Vec<FlowStep>,
    /// Further facts for people (CVSS vector, why confidence was lowered, ...). Never read
    /// back by another stage: anything a stage needs is typed above.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub data: BTreeMap<String, String>,
}

impl Finding {
    /// Whether this finding is unsuppressed (it still may be old, see [`Finding::counts`]).
    pub fn is_active(&self) -> bool {
        self.suppression.is_none()
    }

    /// Whether this finding counts toward the gate: unsuppressed and, in a diff-aware
    /// scan, new.
    pub fn counts(&self) -> bool {
        self.is_active() && matches!(self.diff, None | Some(DiffStatus::New))
    }

    /// A finding of `rule` at `location`, with the rule's title, severity, confidence, CWE
    /// ids and tags; everything else empty.
    pub fn of_rule(rule: &crate::RuleMeta, location: Location, fingerprint: String) -> Finding {
        Finding {
            rule_id: rule.id.clone(),
            title: rule.title.clone(),
            message: String::new(),
            severity: rule.severity,
            confidence: rule.confidence,
            location,
            cwe: rule.cwe.clone(),
            tags: rule.tags.clone(),
            controls: Vec::new(),
            fingerprint,
            fix: (!rule.remediation.is_empty()).then(|| rule.remediation.clone()),
            git: None,
            suppression: None,
            diff: None,
            subject: None,
            related: Vec::new(),
            flow: Vec::new(),
            data: BTreeMap::new(),
        }
    }

    /// The package this finding is about, if it is about one.
    pub fn package(&self) -> Option<&PackageSubject> {
        match &self.subject {
            Some(Subject::Package(p)) => Some(p),
            _ => None,
        }
    }

    /// The scanner that produced the finding.
    pub fn scanner(&self) -> &str {
        self.rule_id.scanner()
    }

    /// Deterministic report order.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.location.path,
            self.location.start_line,
            self.location.start_column,
            &self.rule_id,
            &self.fingerprint,
            self.git.as_ref().map(|g| &g.commit),
        )
    }
}
