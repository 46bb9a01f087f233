//! What a front end (the CLI, the server, a test) asks of a scan, and what it gets back.

use std::path::PathBuf;
use std::sync::Arc;
use tollgate_core::config::{Config, Threshold};
use tollgate_core::walk::Progress;
use tollgate_core::{Confidence, ScanReport};
use tollgate_ledger::NoteSigner;
use tollgate_report::Format;

/// Where the files come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The directory (or file) as it is on disk.
    #[default]
    WorkTree,
    /// Every blob that ever entered the git history, or only those of commits not
    /// reachable from `since`.
    /// With `unreachable`, also the commits no ref reaches.
    GitHistory {
        since: Option<String>,
        unreachable: bool,
    },
    /// The files added or changed in the git index, as staged (what the next commit
    /// holds); only lines the index changes against `HEAD` count toward the gate.
    Staged,
}

/// Which configuration applies.
#[derive(Clone, Debug, Default)]
pub enum ConfigSource {
    /// `tollgate.toml` in the scanned directory, if there is one.
    #[default]
    Discover,
    /// This file.
    File(PathBuf),
    /// Given in code, with the directory its relative paths are resolved against.
    Given(Box<Config>, PathBuf),
}

/// How the gate decides, beyond the configuration.
#[derive(Clone, Debug, Default)]
pub struct GateOptions {
    /// The risk tier, overriding the configuration's.
    pub tier: Option<String>,
    pub fail_on: Option<Threshold>,
    /// Anything that could not be checked fails (and makes the verdict `Unchecked`).
    pub strict: bool,
    /// A previous JSON report: only findings not in it count.
    pub baseline: Option<PathBuf>,
    /// Only findings on lines changed since this git revision count.
    pub new_since: Option<String>,
    /// VEX documents.
    pub vex: Vec<PathBuf>,
    /// Findings below this confidence are left out (for every scanner).
    pub min_confidence: Option<Confidence>,
    /// Directories (or files) of custom Rego policies (`--policy`): resource policies
    /// over the IaC model and gate policies over the report.
    pub policies: Vec<PathBuf>,
}

/// A report to write: to a file, or (path `None`) into [`Outcome::stdout`].
#[derive(Clone, Debug)]
pub struct Output {
    pub format: Format,
    pub path: Option<PathBuf>,
}

impl Output {
    /// Formats paired with output files by position (the n-th path belongs to the n-th
    /// format); a format without a path goes to [`Outcome::stdout`], and only one may.
    pub fn plan(
        formats: Vec<Format>,
        paths: &[PathBuf],
    ) -> Result<Vec<Output>, crate::EngineError> {
        if paths.len() > formats.len() {
            return Err(crate::EngineError::Usage(format!(
                "more --output files ({}) than --format values ({})",
                paths.len(),
                formats.len()
            )));
        }
        let plan: Vec<Output> = formats
            .into_iter()
            .enumerate()
            .map(|(i, format)| Output {
                format,
                path: paths.get(i).cloned(),
            })
            .collect();
        if plan.iter().filter(|o| o.path.is_none()).count() > 1 {
            return Err(crate::EngineError::Usage(
                "only one --format can go to standard output; give the others an --output file"
                    .into(),
            ));
        }
        Ok(plan)
    }
}

/// Recording the scan as evidence.
#[derive(Default)]
pub struct Evidence {
    /// Append the scan and its decision to the ledger in this directory.
    pub ledger: Option<PathBuf>,
    /// Signs ledger checkpoints (and entries) and attestations.
    pub signer: Option<NoteSigner>,
    /// Write an in-toto attestation of the scan here.
    pub attest: Option<PathBuf>,
}

/// One scan, from request to outcome.
#[derive(Default)]
pub struct ScanRequest {
    pub target: PathBuf,
    pub source: Source,
    /// Scanners asked for by name (`--only`); empty: the configuration and the defaults.
    pub scanners: Vec<String>,
    pub config: ConfigSource,
    pub gate: GateOptions,
    /// The advisory database (default: `$TOLLGATE_DB` or the user cache).
    pub db: Option<PathBuf>,
    pub outputs: Vec<Output>,
    /// ANSI colours in text written to `stdout`.
    pub color: bool,
    /// Text output with the decision only.
    pub quiet: bool,
    pub evidence: Evidence,
    /// Worker threads; 0: one per core.
    pub threads: usize,
    /// Live counters for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Inputs of the infrastructure under scan, beyond the configuration.
    pub iac: IacInputs,
    /// Check found secrets live at their providers (`--validate`); `None`, the default,
    /// sends nothing anywhere. Never set from a configuration file.
    pub validate: Option<tollgate_validate::Options>,
}

/// Values a deployment would give the infrastructure code (`--var-file`, `--var`), added
/// after those of `[iac]` in the configuration.
#[derive(Clone, Debug, Default)]
pub struct IacInputs {
    /// Terraform variable files, relative to the scan root.
    pub var_files: Vec<String>,
    /// Terraform variables, `name=value`.
    pub vars: Vec<String>,
}

impl ScanRequest {
    /// A scan of `target` with every default.
    pub fn new(target: impl Into<PathBuf>) -> ScanRequest {
        ScanRequest {
            target: target.into(),
            ..ScanRequest::default()
        }
    }
}

/// How the scan ends, for an exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The gate passed (possibly with warnings).
    Pass,
    /// The gate failed.
    Fail,
    /// Strict, and something could not be checked.
    Unchecked,
}

/// What [`crate::run`] did.
pub struct Outcome {
    pub report: ScanReport,
    pub verdict: Verdict,
    /// The one output without a path, rendered.
    pub stdout: Option<String>,
    /// What the ledger recorded, if asked to.
    pub recorded: Option<crate::record::Recorded>,
    /// Lines for a person (ledger appended, attestation written), not part of any report.
    pub messages: Vec<String>,
}
