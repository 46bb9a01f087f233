//! The evidence a scan leaves: its entries in the ledger (the scan, its gate decision,
//! and each risk acceptance the first time it is seen added or expired) and an in-toto
//! attestation of it.

use crate::EngineError;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tollgate_core::ScanReport;
use tollgate_ledger::{attest, entry, Ledger, NoteSigner};

/// What `scan --ledger` recorded.
pub struct Recorded {
    pub origin: String,
    pub first: u64,
    pub count: u64,
    pub checkpoint: Option<u64>,
}

/// A risk acceptance as the ledger records it; its id is the hash of these fields.
pub struct ExceptionRecord {
    pub fields: Value,
    pub expired: bool,
}

impl ExceptionRecord {
    fn id(&self) -> String {
        tollgate_core::fingerprint::sha256_hex(&serde_json::to_vec(&self.fields).expect("JSON"))
    }
}

/// Ids of exceptions the ledger already recorded as added and as expired.
fn recorded_exceptions(
    l: &Ledger,
) -> Result<
    (
        std::collections::BTreeSet<String>,
        std::collections::BTreeSet<String>,
    ),
    EngineError,
> {
    let (mut added, mut expired) = (
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    );
    for (_, e) in l.bodies().map_err(|e| EngineError::Ledger(e.to_string()))? {
        // Cheap prefilter: most entries are scans and decisions.
        if !e.windows(10).any(|w| w == b"exception-") {
            continue;
        }
        if let Ok(v) = serde_json::from_slice::<Value>(&e) {
            let id = v["exception_id"].as_str().unwrap_or_default().to_string();
            match v["kind"].as_str() {
                Some("exception-added") => added.insert(id),
                Some("exception-expired") => expired.insert(id),
                _ => false,
            };
        }
    }
    Ok((added, expired))
}

/// Append a scan and its decision to the ledger, plus any risk acceptance it has not seen
/// added or expired before; sign a checkpoint when a key is given.
pub fn record_scan(
    dir: &Path,
    report: &ScanReport,
    exceptions: &[ExceptionRecord],
    signer: Option<&NoteSigner>,
) -> Result<Recorded, EngineError> {
    let default_origin = format!(
        "tollgate/{}",
        std::fs::canonicalize(&report.target.path)
            .ok()
            .and_then(|p| {
                let p = if p.is_file() {
                    p.parent().map(PathBuf::from).unwrap_or(p)
                } else {
                    p
                };
                p.file_name().map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "ledger".into())
    );
    let mut l = Ledger::open(dir, Some(&default_origin))
        .map_err(|e| EngineError::Ledger(format!("ledger {}: {e}", dir.display())))?;
    let time = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let producer = entry::producer(
        &report.tool.version,
        report.target.git_commit.as_deref(),
        report.target.git_branch.as_deref(),
    );
    let digest = tollgate_report::json::digest(report);
    let scan = entry::encode(
        "scan",
        &time,
        &producer,
        json!({
            "report_digest": digest,
            "config_digest": report.config_digest,
            "target": report.target,
            "scanners": report.scanners,
            "rules": report.rules.len(),
            "summary": report.summary,
            "file_errors": report.stats.file_errors,
            "started_at": report.timing.started_at,
        }),
    );
    let decision = report.decision.as_ref().map(|d| {
        entry::encode("gate-decision", &time, &producer, json!({"report_digest": digest, "status": d.status, "fail_on": d.fail_on, "reasons": d.reasons}))
    });
    let mut batch = Vec::new();
    if !exceptions.is_empty() {
        let (added, expired) = recorded_exceptions(&l)?;
        for x in exceptions {
            let id = x.id();
            let mut body = x.fields.clone();
            body["exception_id"] = json!(id);
            if !added.contains(&id) {
                batch.push(entry::encode(
                    "exception-added",
                    &time,
                    &producer,
                    body.clone(),
                ));
            }
            if x.expired && !expired.contains(&id) {
                batch.push(entry::encode("exception-expired", &time, &producer, body));
            }
        }
    }
    batch.push(scan);
    batch.extend(decision);
    // With a key, the append first checks that everything since the last checkpoint was
    // signed by it, and refuses (naming the entry) otherwise.
    let first = l
        .append_all(&batch, signer)
        .map_err(|e| EngineError::Ledger(e.to_string()))?;
    let checkpoint = match signer {
        Some(s) => {
            l.checkpoint(s)
                .map_err(|e| EngineError::Ledger(e.to_string()))?;
            Some(l.size())
        }
        None => None,
    };
    Ok(Recorded {
        origin: l.origin().to_string(),
        first,
        count: batch.len() as u64,
        checkpoint,
    })
}

/// An in-toto statement about the scan, in a DSSE envelope.
pub fn attestation(
    report: &ScanReport,
    signer: &NoteSigner,
    recorded: Option<&Recorded>,
) -> String {
    let digest = tollgate_report::json::digest(report);
    let mut subjects = Vec::new();
    if let Some(c) = &report.target.git_commit {
        let name = std::fs::canonicalize(&report.target.path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| report.target.path.clone());
        subjects.push((
            format!("git+{name}"),
            vec![("gitCommit".to_string(), c.clone())],
        ));
    }
    subjects.push((
        "tollgate-report.json".to_string(),
        vec![("sha256".to_string(), digest.clone())],
    ));
    let mut predicate = json!({
        "tool": report.tool,
        "report_digest": digest,
        "config_digest": report.config_digest,
        "target": report.target,
        "scanners": report.scanners,
        "decision": report.decision,
        "summary": report.summary,
        "scanned_at": report.timing.started_at,
    });
    if let Some(r) = recorded {
        predicate["ledger"] = json!({"origin": r.origin, "first_entry": r.first, "entries": r.count, "checkpoint_size": r.checkpoint});
    }
    attest::sign(&attest::statement(&subjects, predicate), signer)
}
