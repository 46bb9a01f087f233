//! A dynamic test of a running application (`tollgate dast`) as a scan: its findings go
//! through the same stages, reports, evidence record and verdict as a scan of files
//! ([`crate::conclude`]); what it could not test becomes the `dast` scanner's unchecked
//! coverage, so the gate never counts it as clean.

use crate::{EngineError, Outcome, ScanRequest};
use std::path::Path;
use tollgate_core::report::{
    RunTiming, ScanStats, ScannerCoverage, Summary, REPORT_SCHEMA_VERSION,
};
use tollgate_core::{ScanReport, Target, ToolInfo};
use tollgate_dast::{DastError, DastRun};

/// What a dynamic test did besides its report.
pub struct DastOutcome {
    pub outcome: Outcome,
    pub run: DastRun,
}

/// The options that decide what was tested, for the configuration digest (credentials
/// left out: only the identities' names).
fn section(opts: &tollgate_dast::Options) -> serde_json::Value {
    serde_json::json!({
        "target": tollgate_dast::safe::text(&opts.target),
        "openapi": format!("{:?}", opts.openapi),
        "identities": opts.identities.iter().map(|i| &i.name).collect::<Vec<_>>(),
        "admin_identities": opts.identities.iter().filter(|i| i.admin).map(|i| &i.name).collect::<Vec<_>>(),
        "scope_hosts": opts.scope_hosts,
        "scope_prefixes": opts.scope_prefixes,
        "rate": opts.rate,
        "concurrency": opts.concurrency,
        "timeout_ms": opts.timeout.as_millis() as u64,
        "max_time_ms": opts.max_time.as_millis() as u64,
        "allow_unsafe_methods": opts.allow_unsafe_methods,
        "active": opts.active,
    })
}

/// Run the dynamic test `opts` and judge it as `req` asks (configuration, gate, outputs,
/// ledger); `req.target` is the directory whose configuration and exceptions apply. With
/// `har`, the exchanges are written there (redacted).
pub fn run(
    req: &ScanRequest,
    opts: &tollgate_dast::Options,
    har: Option<&Path>,
) -> Result<DastOutcome, EngineError> {
    let started = std::time::Instant::now();
    let started_at = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    if req.gate.new_since.is_some() {
        return Err(EngineError::Usage(
            "--new-since counts changed lines of files; a dynamic test has none".into(),
        ));
    }
    let (config, config_dir) = crate::load_config(&req.config, &req.target)?;
    let scan_dir = crate::dir_of(&req.target);
    let gate = crate::stages::GateInputs::load(req, &config, &config_dir, &scan_dir)?;
    let run = tollgate_dast::run(opts).map_err(|e| match e {
        DastError::Unsupported(m) => EngineError::Unavailable(m),
        DastError::Io(m) => EngineError::Io(m),
        other => EngineError::Usage(other.to_string()),
    })?;
    if let Some(p) = har {
        std::fs::write(p, tollgate_dast::har::write(&run.exchanges)).map_err(|e| {
            EngineError::Io(format!("{}: cannot write the HAR file: {e}", p.display()))
        })?;
    }
    let metas = tollgate_dast::rules();
    let mut coverage = std::collections::BTreeMap::new();
    coverage.insert(
        tollgate_dast::SCANNER.to_string(),
        ScannerCoverage {
            ran: true,
            files: run.operations_tested as u64,
            unchecked: run.unchecked.clone(),
        },
    );
    let mut report = ScanReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: run.target.clone(),
            git_commit: None,
            git_branch: None,
            mode: "dast".into(),
        },
        config_digest: config.digest(&[("dast", section(opts))]),
        scanners: vec![tollgate_dast::SCANNER.into()],
        rules: metas.iter().map(|m| m.id.clone()).collect(),
        summary: Summary::default(),
        decision: None,
        findings: run.findings.clone(),
        file_issues: Vec::new(),
        stats: ScanStats::default(),
        coverage,
        timing: RunTiming::default(),
        rule_meta: metas,
    };
    report.finalize();
    let mut gate = gate;
    for r in &run.refused {
        gate.notes.push(format!("dast: {r}"));
    }
    let outcome = crate::conclude(req, report, &config, gate, started, started_at)?;
    Ok(DastOutcome { outcome, run })
}
