//! What an auditor runs offline, as results any front end can show: the ledger's state,
//! its verification against a key and the checkpoints the verifier trusts, inclusion and
//! consistency proofs, and attestations against reports. Each check gives its verdict and
//! the lines that explain it.

use crate::EngineError;
use serde_json::Value;
use std::path::Path;
use tollgate_core::ScanReport;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::trust::TrustState;
use tollgate_ledger::{
    attest, merkle, ConsistencyBundle, InclusionBundle, Ledger, NoteVerifier, Trusted,
};

/// A verdict and what to tell the person who asked.
#[derive(Debug, Default)]
pub struct Check {
    pub ok: bool,
    /// For standard output.
    pub lines: Vec<String>,
    /// For standard error.
    pub warnings: Vec<String>,
}

impl Check {
    fn failed(line: String) -> Check {
        Check {
            ok: false,
            lines: vec![line],
            warnings: Vec::new(),
        }
    }
}

fn ledger_err(e: impl std::fmt::Display) -> EngineError {
    EngineError::Ledger(e.to_string())
}

fn pretty(bytes: &[u8]) -> String {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Size, root, latest checkpoint and any interrupted append.
pub fn status(dir: &Path) -> Result<Vec<String>, EngineError> {
    let l = Ledger::open(dir, None).map_err(ledger_err)?;
    let mut out = vec![
        format!("origin:  {}", l.origin()),
        format!("entries: {}", l.size()),
        format!("root:    {}", merkle::to_hex(&l.root())),
    ];
    out.push(
        match l
            .latest_checkpoint()
            .map_err(ledger_err)?
            .map(|n| Checkpoint::parse_unverified(&n))
        {
            Some(Ok(cp)) => format!(
                "latest checkpoint: size {} (signature not checked; use `ledger verify --key`)",
                cp.size
            ),
            Some(Err(e)) => format!("latest checkpoint: unreadable ({e})"),
            None => "latest checkpoint: none".into(),
        },
    );
    if l.torn_bytes() > 0 {
        out.push(format!("interrupted append: {} bytes after entry {} were never acknowledged; the next append removes them", l.torn_bytes(), l.size()));
    }
    Ok(out)
}

/// Entry `index`: who signed it (not checked here) and its body, pretty-printed.
pub fn show(dir: &Path, index: u64) -> Result<(String, String), EngineError> {
    let l = Ledger::open(dir, None).map_err(ledger_err)?;
    let e = l.entry(index).map_err(ledger_err)?;
    let sealed = tollgate_ledger::entry::Sealed::parse(&e)
        .map_err(|p| EngineError::Ledger(format!("{}: entry {index} {p}", dir.display())))?;
    let who = match sealed.signature {
        Some((id, _)) => format!(
            "entry {index}: signed by key id {} (not checked here: use `ledger verify --key`)",
            id.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
        None => format!("entry {index}: not signed (appended without a signing key)"),
    };
    Ok((who, pretty(sealed.body)))
}

/// The whole log against the key, the trusted checkpoint (`trusted`: its note and where it
/// came from) and the verifier's remembered state in `state_dir`, which advances when
/// everything checks.
pub fn verify(
    dir: &Path,
    v: &NoteVerifier,
    accept_unsigned_tail: bool,
    trusted: Option<(String, String)>,
    state_dir: Option<std::path::PathBuf>,
) -> Result<Check, EngineError> {
    let l = match Ledger::open(dir, None) {
        Ok(l) => l,
        Err(e) => return Ok(Check::failed(format!("FAILED: {e}"))),
    };
    let trusted: Vec<Trusted> = trusted
        .into_iter()
        .map(|(source, note)| Trusted { source, note })
        .collect();
    let state = state_dir
        .or_else(tollgate_ledger::trust::default_dir)
        .map(TrustState::new);
    let done =
        tollgate_ledger::trust::verify_remembering(&l, v, accept_unsigned_tail, trusted, state)
            .map_err(ledger_err)?;
    let r = &done.report;
    let mut c = Check {
        ok: r.ok(),
        ..Check::default()
    };
    c.lines.push(format!(
        "{} entries, root {}, {} checkpoints verified with key {}; {} entries signed by it",
        r.size,
        merkle::to_hex(&r.root),
        r.checkpoints,
        v.name(),
        r.signed
    ));
    if r.torn_bytes > 0 {
        c.lines.push(format!(
            "note: {} bytes of an interrupted append follow entry {}; they were never acknowledged",
            r.torn_bytes, r.size
        ));
    }
    for (source, size) in &r.trusted {
        c.lines.push(format!(
            "the log extends the trusted checkpoint of size {size} ({source})"
        ));
    }
    if !r.ok() {
        c.lines
            .extend(r.problems.iter().map(|p| format!("FAILED: {p}")));
        return Ok(c);
    }
    if r.tail > 0 {
        c.lines.push(format!(
            "warning: entries {} to {} follow the last signed checkpoint and were accepted unverified ({} of them unsigned)",
            r.last_checkpoint,
            r.size - 1,
            r.tail_unsigned
        ));
    }
    if r.checkpoints == 0 {
        c.lines.push(
            "warning: no checkpoint is signed yet, so nothing ties the log's size to the key"
                .into(),
        );
    }
    match (&done.state, &done.keep_error) {
        (Some(_), Some(e)) => c.warnings.push(format!("warning: could not keep the trusted checkpoint: {e}")),
        (None, _) => c.warnings.push(format!(
            "warning: no state directory (set {} or HOME): a later rollback of this log to an older copy will not be noticed",
            tollgate_ledger::trust::STATE_ENV
        )),
        _ => {}
    }
    c.lines.push("OK".into());
    Ok(c)
}

/// A log read from its tiles (`src`, named `shown`): the checkpoint's signature and
/// origin (`origin`, when known), every tile, every entry's signature, and that it extends
/// `trusted` and the checkpoint this verifier remembered, which it then remembers.
pub fn verify_remote(
    src: &dyn tollgate_ledger::remote::TileSource,
    shown: &str,
    v: &NoteVerifier,
    origin: Option<&str>,
    trusted: Option<(String, String)>,
    state_dir: Option<std::path::PathBuf>,
) -> Check {
    let remote = match tollgate_ledger::remote::Remote::open(src, v, origin) {
        Ok(r) => r,
        Err(e) => return Check::failed(format!("FAILED: {e}")),
    };
    let trusted: Vec<Trusted> = trusted
        .into_iter()
        .map(|(source, note)| Trusted { source, note })
        .collect();
    let state = state_dir
        .or_else(tollgate_ledger::trust::default_dir)
        .map(TrustState::new);
    let done = match tollgate_ledger::trust::verify_remote_remembering(&remote, v, trusted, state) {
        Ok(d) => d,
        Err(e) => return Check::failed(format!("FAILED: {e}")),
    };
    let r = &done.report;
    let mut c = Check {
        ok: r.ok(),
        ..Check::default()
    };
    c.lines.push(format!(
        "{} entries of log '{}', root {}, checkpoint verified with key {}; {} entries signed by it in their place",
        r.size,
        r.origin,
        merkle::to_hex(&r.root),
        v.name(),
        r.signed
    ));
    c.lines.push(format!(
        "read {} hash tiles and {} entry bundles from {shown}; the tree they make is the signed one",
        r.hash_tiles, r.entry_bundles
    ));
    for (source, size) in &r.trusted {
        c.lines.push(format!(
            "the log extends the trusted checkpoint of size {size} ({source})"
        ));
    }
    if !r.ok() {
        c.lines
            .extend(r.problems.iter().map(|p| format!("FAILED: {p}")));
        return c;
    }
    if origin.is_none() {
        c.warnings.push(format!(
            "warning: the log's origin '{}' was taken from its checkpoint: pass --origin to check it is the log you mean",
            r.origin
        ));
    }
    match (&done.state, &done.keep_error) {
        (Some(_), Some(e)) => c.warnings.push(format!("warning: could not keep the trusted checkpoint: {e}")),
        (None, _) => c.warnings.push(format!(
            "warning: no state directory (set {} or HOME): a later rollback of this log to an older copy will not be noticed",
            tollgate_ledger::trust::STATE_ENV
        )),
        _ => {}
    }
    c.lines.push("OK".into());
    c
}

/// An inclusion-proof bundle, offline: the proof, the checkpoint's signature and the
/// entry's own signature in its place.
pub fn verify_proof(bundle: &str, source: &str, v: &NoteVerifier) -> Check {
    match InclusionBundle::verify(bundle, v) {
        Ok(ok) => Check {
            ok: true,
            lines: vec![
                format!(
                    "OK: entry {} is in log '{}' of {} entries (root {}), checkpoint signed by {}",
                    ok.index,
                    ok.checkpoint.origin,
                    ok.checkpoint.size,
                    merkle::to_hex(&ok.checkpoint.root),
                    v.name()
                ),
                format!("the entry is signed in its place by {}", v.name()),
                pretty(&ok.body),
            ],
            warnings: Vec::new(),
        },
        Err(e) => Check::failed(format!("FAILED: {source}: {e}")),
    }
}

/// A consistency-proof bundle, offline.
pub fn verify_consistency(bundle: &str, source: &str, v: &NoteVerifier) -> Check {
    match ConsistencyBundle::verify(bundle, v) {
        Ok((a, b)) => Check {
            ok: true,
            lines: vec![format!(
                "OK: log '{}' of {} entries is an append-only extension of its state at {} entries",
                b.origin, b.size, a.size
            )],
            warnings: Vec::new(),
        },
        Err(e) => Check::failed(format!("FAILED: {source}: {e}")),
    }
}

/// A DSSE attestation, and (given) that it describes `report`.
pub fn verify_attestation(
    envelope: &str,
    source: &str,
    v: &NoteVerifier,
    report: Option<&Path>,
) -> Result<Check, EngineError> {
    let st = match attest::verify(envelope, v) {
        Ok(st) => st,
        Err(e) => return Ok(Check::failed(format!("FAILED: {source}: {e}"))),
    };
    let pred = &st["predicate"];
    if let Some(path) = report {
        let r = ScanReport::load(path).map_err(|e| EngineError::Config(e.to_string()))?;
        let digest = tollgate_report::json::digest(&r);
        if pred["report_digest"].as_str() != Some(digest.as_str()) {
            return Ok(Check::failed(format!(
                "FAILED: {} is not the report this attestation describes (digest {digest})",
                path.display()
            )));
        }
    }
    let mut lines = vec![format!("OK: signed by {}", v.name())];
    for s in st["subject"].as_array().into_iter().flatten() {
        lines.push(format!(
            "subject: {} {}",
            s["name"].as_str().unwrap_or(""),
            s["digest"]
        ));
    }
    let reasons: Vec<&str> = pred["decision"]["reasons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str())
        .collect();
    lines.push(format!(
        "decision: {} ({})",
        pred["decision"]["status"].as_str().unwrap_or("?"),
        reasons.join("; ")
    ));
    lines.push(format!(
        "report digest: {}",
        pred["report_digest"].as_str().unwrap_or("?")
    ));
    Ok(Check {
        ok: true,
        lines,
        warnings: Vec::new(),
    })
}
