use crate::finding::Finding;
use crate::rule::{RuleId, RuleMeta};
use crate::severity::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the JSON report layout; bumped on any incompatible change.
/// 2: typed `subject`, `related`, `flow` and location kinds on findings; `coverage`;
/// `rule_details`; secret and package facts moved from `data` into `subject`.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "tollgate".into(),
            version: crate::TOOL_VERSION.into(),
        }
    }
}

/// What was scanned.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Target {
    /// The path as given on the command line.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_branch: Option<String>,
    /// `worktree` or `git-history`.
    pub mode: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    /// The file could not be checked (unreadable, malformed, a walk error).
    Error,
    /// The file was deliberately not scanned (binary, too large, a symlink not followed).
    Skipped,
    /// The file was scanned, with a caveat (for example: not valid UTF-8, scanned as bytes).
    Warning,
}

/// A file the scan could not fully check, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileIssue {
    pub path: String,
    pub kind: IssueKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Which scanner hit it, or `walk`.
    pub source: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ScanStats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub file_errors: u64,
    /// History scans: unique blobs scanned and commits walked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blobs_scanned: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits_scanned: Option<u64>,
}

/// Times live here, apart from everything else, so the rest of a report is reproducible.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RunTiming {
    pub started_at: String,
    pub duration_ms: u64,
}

/// The result of one `tollgate scan`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScanReport {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub target: Target,
    /// SHA-256 of the effective configuration, so evidence says which settings ran.
    pub config_digest: String,
    pub scanners: Vec<String>,
    /// Ids of every rule that ran.
    pub rules: Vec<RuleId>,
    pub summary: Summary,
    /// The gate's decision; absent only while the scan is still being assembled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<crate::gate::Decision>,
    pub findings: Vec<Finding>,
    pub file_issues: Vec<FileIssue>,
    pub stats: ScanStats,
    /// Per scanner: how many files it checked and which it should have checked but could not.
    #[serde(default)]
    pub coverage: BTreeMap<String, ScannerCoverage>,
    pub timing: RunTiming,
    /// Metadata of the rules that ran. The JSON report carries the rules its findings
    /// name (`rule_details`), so a report read back still knows its rules' titles, fixes
    /// and mappings.
    #[serde(
        default,
        rename = "rule_details",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rule_meta: Vec<RuleMeta>,
}

/// What one scanner covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannerCoverage {
    /// Whether the scanner ran at all (a scanner that could not start has `false`).
    pub ran: bool,
    /// Files (or blobs) handed to it.
    pub files: u64,
    /// Files it should have checked but could not, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unchecked: Vec<Unchecked>,
}

impl ScannerCoverage {
    /// Ran over everything it should have.
    pub fn complete(&self) -> bool {
        self.ran && self.unchecked.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unchecked {
    pub path: String,
    pub reason: String,
}

/// Counts of active (unsuppressed) findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub total: u64,
    pub suppressed: u64,
    pub by_severity: BTreeMap<Severity, u64>,
    pub by_scanner: BTreeMap<String, u64>,
}

/// Why a JSON report file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a Tollgate JSON report: {}", crate::redact::scrub(&.source.to_string()))]
    Parse {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

impl ScanReport {
    /// A JSON report written by `tollgate scan -f json`.
    pub fn load(path: &Path) -> Result<ScanReport, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| LoadError::Parse {
            path: path.to_path_buf(),
            line: source.line(),
            source,
        })
    }

    /// Sort findings and issues into their deterministic order and recompute the summary.
    pub fn finalize(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup_by(|a, b| {
            a.fingerprint == b.fingerprint
                && a.location == b.location
                && a.git.as_ref().map(|g| &g.commit) == b.git.as_ref().map(|g| &g.commit)
        });
        self.file_issues.sort();
        self.file_issues.dedup();
        self.rules.sort();
        self.rules.dedup();
        self.rule_meta.sort_by(|a, b| a.id.cmp(&b.id));
        self.rule_meta.dedup_by(|a, b| a.id == b.id);
        for c in self.coverage.values_mut() {
            c.unchecked.sort();
            c.unchecked.dedup();
        }
        let mut s = Summary::default();
        for f in &self.findings {
            if f.is_active() {
                s.total += 1;
                *s.by_severity.entry(f.severity).or_default() += 1;
                *s.by_scanner.entry(f.scanner().to_string()).or_default() += 1;
            } else {
                s.suppressed += 1;
            }
        }
        self.summary = s;
        self.stats.file_errors = self
            .file_issues
            .iter()
            .filter(|i| i.kind == crate::report::IssueKind::Error)
            .count() as u64;
        self.stats.files_skipped = self
            .file_issues
            .iter()
            .filter(|i| i.kind == crate::report::IssueKind::Skipped)
            .count() as u64;
    }

    /// Files that could not be checked.
    pub fn errors(&self) -> impl Iterator<Item = &FileIssue> {
        self.file_issues
            .iter()
            .filter(|i| i.kind == IssueKind::Error)
    }

    /// Metadata for a rule id, if it ran.
    pub fn rule(&self, id: &RuleId) -> Option<&RuleMeta> {
        self.rule_meta
            .binary_search_by(|r| r.id.cmp(id))
            .ok()
            .map(|i| &self.rule_meta[i])
    }

    /// Keep only the metadata of rules that findings name, without examples: what a
    /// written report carries.
    pub fn trim_rule_meta(&mut self) {
        let named: std::collections::BTreeSet<&RuleId> =
            self.findings.iter().map(|f| &f.rule_id).collect();
        self.rule_meta.retain(|m| named.contains(&m.id));
        for m in &mut self.rule_meta {
            m.examples = Default::default();
        }
    }

    /// Whether every scanner that ran covered every file it should have.
    pub fn fully_covered(&self) -> bool {
        self.coverage.values().all(ScannerCoverage::complete)
    }

    /// Active findings at or above `threshold`.
    pub fn blocking(&self, threshold: Severity) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.is_active() && f.severity >= threshold)
    }
}
