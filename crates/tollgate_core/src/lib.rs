//! Core of Tollgate: the one finding model every scanner produces, the scan report,
//! the [`Scanner`] trait, configuration, and the parallel walk that reads each file once.

pub mod allow;
pub mod classify;
pub mod config;
pub mod encoding;
pub mod finding;
pub mod fingerprint;
pub mod gate;
pub mod redact;
pub mod report;
pub mod rule;
pub mod scanner;
pub mod severity;
pub mod time;
pub mod walk;

pub use classify::{FileClass, Language};
pub use config::{Config, ConfigError};
pub use finding::{
    CommitRef, DiffStatus, Finding, FlowRole, FlowStep, GitProvenance, HttpRef, Location,
    LocationKind, LogRef, PackageSubject, Related, ResourceRef, SecretSubject, Subject,
    Suppression, SuppressionKind, Validation, ValidationState,
};
pub use report::{
    FileIssue, IssueKind, ScanReport, ScanStats, ScannerCoverage, Target, ToolInfo, Unchecked,
};
pub use rule::{Examples, RuleId, RuleMeta};
pub use scanner::{
    FileOutcome, PathMatch, Project, ProjectFile, Scanner, Selection, Sniff, SourceFile,
};
pub use severity::{Confidence, Severity};

/// Version of this build, written into every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
