//! The Tollgate scan pipeline as a library: a [`ScanRequest`] in, an [`Outcome`] out. The
//! command line, the server and tests all call [`run`]; none of them holds pipeline logic
//! of its own.
//!
//! A scan: configuration → scanners from the [`registry`] → a source of files (the work
//! tree, or git [`history`]) → the ordered post-processing [`stages`] → reports → the
//! evidence [`record`] (ledger entries, attestation) → a [`Verdict`].

pub mod advisories;
pub mod audit;
pub mod ci;
pub mod dast;
pub mod evidence;
pub mod history;
pub mod record;
pub mod registry;
pub mod request;
pub mod rules;
pub mod sbom;
pub mod staged;
pub mod stages;

pub use request::{
    ConfigSource, Evidence, GateOptions, IacInputs, Outcome, Output, ScanRequest, Source, Verdict,
};

use std::path::{Path, PathBuf};
use tollgate_core::config::Config;
use tollgate_core::report::{
    RunTiming, ScanStats, ScannerCoverage, Summary, Unchecked, REPORT_SCHEMA_VERSION,
};
use tollgate_core::walk::{walk, WalkOptions, WalkResult};
use tollgate_core::{IssueKind, ScanReport, Scanner, Target, ToolInfo};

/// Why a scan could not be run at all (as opposed to files that could not be checked,
/// which are part of its report).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Bad arguments: an unknown scanner, a missing path, conflicting options.
    #[error("{0}")]
    Usage(String),
    /// Bad configuration, exceptions, policies, baseline or VEX input.
    #[error("{0}")]
    Config(String),
    /// A scanner that was asked for cannot run.
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Ledger(String),
    #[error("{0}")]
    Io(String),
}

impl From<tollgate_core::ConfigError> for EngineError {
    fn from(e: tollgate_core::ConfigError) -> Self {
        EngineError::Config(e.to_string())
    }
}

/// The directory a scan of `root` works in: `root` itself, or the directory of a file.
pub fn dir_of(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// The configuration a request names, and the directory its relative paths are resolved
/// against.
pub fn load_config(source: &ConfigSource, root: &Path) -> Result<(Config, PathBuf), EngineError> {
    let sections = registry::names();
    let dir = dir_of(root);
    match source {
        ConfigSource::Given(c, base) => Ok(((**c).clone(), base.clone())),
        ConfigSource::File(p) => {
            let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
            Ok((Config::load(p, &sections)?, base))
        }
        ConfigSource::Discover => {
            let candidate = dir.join("tollgate.toml");
            if candidate.is_file() {
                Ok((Config::load(&candidate, &sections)?, dir))
            } else {
                Ok((Config::default(), dir))
            }
        }
    }
}

/// Commit and branch of the scanned directory, when it is a git work tree.
fn git_target(root: &Path, source: &Source) -> Target {
    let dir = dir_of(root);
    let git = |args: &[&str]| history::git_line(&dir, args);
    Target {
        path: root.display().to_string(),
        git_commit: git(&["rev-parse", "HEAD"]),
        git_branch: git(&["rev-parse", "--abbrev-ref", "HEAD"]).filter(|b| b != "HEAD"),
        mode: match source {
            Source::WorkTree => "worktree",
            Source::GitHistory { .. } => "git-history",
            Source::Staged => "staged",
        }
        .into(),
    }
}

/// Per scanner: what it was handed and what it could not check, from the source's counts
/// and the scanners' own issues.
fn coverage(
    scanners: &[&dyn Scanner],
    result: &WalkResult,
    not_run: &[(String, String)],
) -> std::collections::BTreeMap<String, ScannerCoverage> {
    let mut out = std::collections::BTreeMap::new();
    for (i, s) in scanners.iter().enumerate() {
        let mut unchecked: Vec<Unchecked> = result.unchecked.get(i).cloned().unwrap_or_default();
        unchecked.extend(
            result
                .issues
                .iter()
                .filter(|x| {
                    x.source == s.name() && matches!(x.kind, IssueKind::Error | IssueKind::Skipped)
                })
                .map(|x| Unchecked {
                    path: x.path.clone(),
                    reason: x.message.clone(),
                }),
        );
        let ran = !not_run.iter().any(|(n, _)| n == s.name());
        out.insert(
            s.name().to_string(),
            ScannerCoverage {
                ran,
                files: result.handed.get(i).copied().unwrap_or(0),
                unchecked,
            },
        );
    }
    out
}

/// Run one scan with all its effects (outputs, ledger, attestation).
pub fn run(req: &ScanRequest) -> Result<Outcome, EngineError> {
    let started = std::time::Instant::now();
    let started_at = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let root = &req.target;
    if !root.exists() {
        return Err(EngineError::Usage(format!(
            "{}: no such file or directory",
            root.display()
        )));
    }
    let (config, config_dir) = load_config(&req.config, root)?;
    let scan_dir = dir_of(root);
    // Every input of the gate is checked before scanning: a bad one never costs a scan.
    let mut gate = stages::GateInputs::load(req, &config, &config_dir, &scan_dir)?;

    let mut selection = registry::select(&req.scanners, &config)?;
    if matches!(req.source, Source::GitHistory { .. }) {
        if let Some((s, _)) = selection.iter().find(|(s, _)| !s.history) {
            if !req.scanners.is_empty() {
                return Err(EngineError::Usage(format!(
                    "scanner '{}' checks the tree as it is, not git history: scan the work tree instead",
                    s.name
                )));
            }
        }
        selection.retain(|(s, _)| s.history);
    }
    let mut built = Vec::new();
    let mut sections = Vec::new();
    let mut not_run: Vec<(String, String)> = Vec::new();
    for (spec, explicit) in &selection {
        let ctx = registry::BuildContext {
            config: &config,
            scan_dir: &scan_dir,
            db: req.db.as_deref(),
            explicit: *explicit,
            min_confidence: req.gate.min_confidence,
            keep_resources: gate.iac.is_some(),
            iac: &req.iac,
            sink: gate
                .validate
                .as_ref()
                .map(|(c, _)| c.clone() as std::sync::Arc<dyn tollgate_secrets::ValueSink>),
        };
        let b = registry::build(spec.name, &ctx)?;
        sections.push((spec.name, b.section.clone()));
        if let Some(why) = &b.degraded {
            not_run.push((spec.name.to_string(), why.clone()));
        }
        built.push(b);
    }
    // The policies' texts are part of the effective configuration: evidence must tell
    // which version of a custom rule judged the scan.
    if let Some(p) = &gate.iac {
        let mut d = p.digests();
        if let Some(r) = &gate.rego {
            d.extend(r.digests());
        }
        d.sort();
        d.dedup();
        sections.push(("rego_policies", serde_json::json!(d)));
    }
    if not_run.len() == built.len() {
        let why: Vec<String> = not_run.iter().map(|(n, w)| format!("{n}: {w}")).collect();
        return Err(EngineError::Unavailable(format!(
            "no scanner can run: nothing would be checked ({})",
            why.join("; ")
        )));
    }
    let scanners: Vec<&dyn Scanner> = built.iter().map(|b| b.scanner.as_ref()).collect();
    let threads = if req.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        // More workers than this only costs memory; an absurd number would abort.
        req.threads.min(256)
    };

    let mut report = ScanReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: git_target(root, &req.source),
        config_digest: config.digest(&sections),
        scanners: selection
            .iter()
            .map(|(s, _)| s.name.to_string())
            .filter(|n| !not_run.iter().any(|(x, _)| x == n))
            .collect(),
        rules: Vec::new(),
        summary: Summary::default(),
        decision: None,
        findings: Vec::new(),
        file_issues: Vec::new(),
        stats: ScanStats::default(),
        coverage: Default::default(),
        timing: RunTiming::default(),
        rule_meta: Vec::new(),
    };
    for (s, (_, degraded)) in scanners.iter().zip(built.iter().map(|b| (b, &b.degraded))) {
        if degraded.is_some() {
            continue; // its rules did not run
        }
        let metas = s.rules();
        report.rules.extend(metas.iter().map(|m| m.id.clone()));
        report.rule_meta.extend(metas);
    }
    if let Some(p) = &gate.iac {
        let metas = p.rules();
        report.rules.extend(metas.iter().map(|m| m.id.clone()));
        report.rule_meta.extend(metas);
    }

    let mut shallow = false;
    let result = match &req.source {
        Source::GitHistory { since, unreachable } => {
            let exclude = exclude_override(&scan_dir, &config.scan.exclude)?;
            let opts = history::HistoryOptions {
                repo: root,
                since: since.as_deref(),
                max_file_size: config.scan.max_file_size,
                threads,
                exclude: Some(&exclude),
                unreachable: *unreachable,
            };
            let h = history::scan_history(&opts, &scanners)
                .map_err(|e| EngineError::Usage(e.to_string()))?;
            report.stats.blobs_scanned = Some(h.blobs);
            report.stats.commits_scanned = Some(h.commits);
            if h.shallow {
                shallow = true;
            }
            h.result
        }
        Source::Staged => {
            if !root.is_dir() {
                return Err(EngineError::Usage(format!(
                    "{}: --staged scans a directory of a git work tree",
                    root.display()
                )));
            }
            let exclude = exclude_override(&scan_dir, &config.scan.exclude)?;
            staged::scan_staged(root, config.scan.max_file_size, Some(&exclude), &scanners)
                .map_err(|e| EngineError::Usage(e.to_string()))?
        }
        Source::WorkTree => {
            let opts = WalkOptions::new(root, &config.scan, threads);
            walk(&opts, &scanners, req.progress.as_deref()).map_err(|e| match e {
                tollgate_core::walk::WalkError::Exclude { .. } => EngineError::Config(format!(
                    "{}: {e}",
                    config
                        .path()
                        .map_or_else(|| "configuration".into(), |p| p.display().to_string())
                )),
                other => EngineError::Usage(other.to_string()),
            })?
        }
    };
    report.coverage = coverage(&scanners, &result, &not_run);
    report.stats.files_scanned = result.files_scanned;
    report.stats.bytes_scanned = result.bytes_scanned;
    report.findings = result.findings;
    report.file_issues = result.issues;
    // Custom resource policies, over every resource the scanners evaluated.
    if let Some(p) = gate.iac.as_mut() {
        // Policies that saw nothing must say so, not pass in silence.
        if !built.iter().any(|b| b.resources.is_some()) {
            gate.notes.push(
                "custom resource policies (--policy) checked nothing: the iac scanner did not run"
                    .into(),
            );
        } else if matches!(req.source, Source::GitHistory { .. }) {
            gate.notes.push(
                "custom resource policies (--policy) checked nothing: IaC resources are not read from the git history"
                    .into(),
            );
        }
        let resources: Vec<serde_json::Value> = built
            .iter()
            .filter_map(|b| b.resources.as_ref())
            .flat_map(|take| take())
            .collect();
        let found = p
            .evaluate(&resources)
            .map_err(|e| EngineError::Config(e.to_string()))?;
        report.findings.extend(found);
    }
    report.finalize();

    // A history or a staged change set may hold no file at all without anything hidden.
    let from_git = !matches!(req.source, Source::WorkTree);
    gate.weakening
        .extend(stages::weakening(&config, &report, &scanners, from_git));
    if shallow {
        // Like any other coverage gap: a warning, a failure when strict or critical.
        gate.weakening.push(
            "the repository is a shallow clone: commits before its shallow boundary were not \
             scanned (fetch the whole history with `git fetch --unshallow`)"
                .into(),
        );
    }
    for (name, why) in &not_run {
        let n = report.coverage.get(name).map_or(0, |c| c.unchecked.len());
        if n > 0 {
            gate.notes
                .push(format!("{name}: {n} file(s) not checked: {why}"));
        }
    }
    let today = tollgate_core::time::now_unix().div_euclid(86_400);
    for b in &built {
        if let Some(notes) = &b.notes {
            gate.notes.extend(notes(today));
        }
    }
    conclude(req, report, &config, gate, started, started_at)
}

/// The stages, the reports, the evidence record and the verdict of an assembled report:
/// the end of every scan, whatever its findings came from (the file walk, git history,
/// a dynamic test).
pub(crate) fn conclude(
    req: &ScanRequest,
    mut report: ScanReport,
    config: &Config,
    mut gate: stages::GateInputs,
    started: std::time::Instant,
    started_at: String,
) -> Result<Outcome, EngineError> {
    stages::run_all(&mut report, config, &mut gate)?;
    let pinned = std::env::var_os("SOURCE_DATE_EPOCH").is_some();
    report.timing = RunTiming {
        started_at,
        // SOURCE_DATE_EPOCH pins the clock for byte-identical reports; the duration too.
        duration_ms: if pinned {
            0
        } else {
            started.elapsed().as_millis() as u64
        },
    };

    let mut stdout = None;
    for o in &req.outputs {
        let body =
            tollgate_report::render(o.format, &report, req.color && o.path.is_none(), req.quiet);
        match &o.path {
            Some(p) => std::fs::write(p, body).map_err(|e| {
                EngineError::Io(format!("{}: cannot write report: {e}", p.display()))
            })?,
            None => stdout = Some(body),
        }
    }

    let mut messages = Vec::new();
    if let Some(v) = &gate.validated {
        messages.push(v.line());
    }
    let recorded = match &req.evidence.ledger {
        Some(dir) => {
            let today = tollgate_core::time::now_unix().div_euclid(86_400);
            let records: Vec<record::ExceptionRecord> = gate
                .exceptions
                .iter()
                .map(|x| record::ExceptionRecord {
                    fields: serde_json::json!({
                        "rule": x.rule,
                        "path": x.path_glob,
                        "fingerprint": x.fingerprint,
                        "reason": x.reason,
                        "approved_by": x.approved_by,
                        "ticket": x.ticket,
                        "expires": x.expires,
                    }),
                    expired: !x.active_on(today),
                })
                .collect();
            let r = record::record_scan(dir, &report, &records, req.evidence.signer.as_ref())?;
            messages.push(format!(
                "ledger {}: entries {}..{} appended{}",
                dir.display(),
                r.first,
                r.first + r.count - 1,
                r.checkpoint
                    .map(|s| format!(", checkpoint of size {s} signed"))
                    .unwrap_or_else(|| " (no signing key: no checkpoint)".into())
            ));
            Some(r)
        }
        None => None,
    };
    if let Some(path) = &req.evidence.attest {
        let signer = req
            .evidence
            .signer
            .as_ref()
            .ok_or_else(|| EngineError::Usage("an attestation needs a signing key".into()))?;
        let env = record::attestation(&report, signer, recorded.as_ref());
        std::fs::write(path, env).map_err(|e| {
            EngineError::Io(format!(
                "{}: cannot write the attestation: {e}",
                path.display()
            ))
        })?;
    }

    let unchecked = tollgate_policy::decide::unchecked_summary(&report).is_some();
    let verdict = if req.gate.strict && unchecked {
        Verdict::Unchecked
    } else if report.decision.as_ref().map(|d| d.status) == Some(tollgate_core::gate::Status::Fail)
    {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    Ok(Outcome {
        report,
        verdict,
        stdout,
        recorded,
        messages,
    })
}

/// A scan of `target` with the defaults and `config`, never failing the gate: the report
/// that baselines and evidence start from.
pub fn report_of(target: PathBuf, config: ConfigSource) -> Result<ScanReport, EngineError> {
    let req = ScanRequest {
        config,
        gate: GateOptions {
            fail_on: Some(tollgate_core::config::Threshold::None),
            ..GateOptions::default()
        },
        ..ScanRequest::new(target)
    };
    Ok(run(&req)?.report)
}

/// Globs of `scan.exclude` as an override for paths in the history.
fn exclude_override(
    root: &Path,
    patterns: &[String],
) -> Result<ignore::overrides::Override, EngineError> {
    let mut b = ignore::overrides::OverrideBuilder::new(root);
    for p in patterns {
        b.add(&format!("!{p}")).map_err(|e| {
            EngineError::Config(format!(
                "scan.exclude: invalid pattern {}: {}",
                tollgate_core::redact::quote(p),
                tollgate_core::redact::scrub(&e.to_string())
            ))
        })?;
    }
    b.build()
        .map_err(|e| EngineError::Config(tollgate_core::redact::scrub(&e.to_string())))
}
