use crate::classify::FileClass;
use crate::finding::Finding;
use crate::report::FileIssue;
use crate::rule::RuleMeta;

/// A file as the walk hands it to scanners: read once, classified once.
pub struct SourceFile<'a> {
    /// Relative to the scan root, `/`-separated; what reports show.
    pub path: &'a str,
    pub content: &'a [u8],
    pub class: FileClass,
}

/// What a scanner produced for one file.
#[derive(Default)]
pub struct FileOutcome {
    pub findings: Vec<Finding>,
    pub issues: Vec<FileIssue>,
}

/// A scanner plugs into the walk: it says which files it wants, and turns each into findings.
/// Implementations must be cheap to call from many threads at once.
pub trait Scanner: Send + Sync {
    /// Short name used by `--only` and in rule ids (`secrets`, `deps`, `iac`, `sast`).
    fn name(&self) -> &'static str;

    /// Metadata of every rule this scanner can report.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Whether to hand this file to [`Scanner::scan_file`]. Called before reading when
    /// `content` is empty, so decide on the class where possible.
    fn wants(&self, class: &FileClass) -> bool;

    /// Scan one file. Must not panic on any input; malformed input becomes a [`FileIssue`].
    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome);
}
