use crate::severity::{Confidence, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a finding is. Lines and columns are 1-based; columns count Unicode scalar values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    /// Path relative to the scan root, with `/` separators.
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The line with any secret redacted. Never the raw secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// Where in git history a finding was introduced (history scans only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitProvenance {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// Author date, RFC 3339 as git prints it.
    pub date: String,
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
    pub rule_id: String,
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
    /// Scanner-specific facts (redacted secret, secret length, decoded-from, package, ...).
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
