//! Uploads are taken at once and applied in the background, in order, by one worker: the
//! request returns `202` with an import id, and `GET /api/v1/imports/{id}` tells how it
//! went. The body waits in a spool file, so imports queued when the server stops are
//! applied when it starts again.

use crate::db::Value;
use crate::store::{Store, StoreError};
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ImportView {
    pub id: i64,
    pub product: String,
    pub branch: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub format: Option<String>,
    pub digest: String,
    pub bytes: i64,
    pub submitted_by: String,
    pub submitted_at: String,
    pub finished_at: Option<String>,
    pub scan_id: Option<i64>,
    /// What the import did, or why it failed.
    pub message: Option<String>,
    /// Components of a BOM that could not be checked, each with why: they are not clean.
    pub unchecked: Vec<String>,
}

/// Changes from one import past which the planner statistics are refreshed.
const BULK: i64 = 5_000;

/// The queue and its worker.
pub struct Imports {
    spool: PathBuf,
    /// The advisory database BOMs are matched against.
    advisories: Option<PathBuf>,
    queue: Mutex<Option<mpsc::Sender<i64>>>,
}

/// Decompresses a gzip body, refusing more than `limit` bytes out.
pub fn gunzip(body: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip body: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "the decompressed report is over the upload limit of {limit} bytes"
        ));
    }
    Ok(out)
}

const COLUMNS: &str = "i.id, p.name, i.branch, i.status, i.format, i.digest, i.bytes, i.submitted_by, i.submitted_at, i.finished_at, i.scan_id, i.message, i.product_id, i.unchecked";

fn view_of(r: &[Value]) -> ImportView {
    ImportView {
        id: r[0].int().unwrap_or(0),
        product: r[1].string(),
        branch: r[2].string(),
        status: r[3].string(),
        format: r[4].text().map(str::to_string),
        digest: r[5].string(),
        bytes: r[6].int().unwrap_or(0),
        submitted_by: r[7].string(),
        submitted_at: r[8]
            .int()
            .map(tollgate_core::time::rfc3339)
            .unwrap_or_default(),
        finished_at: r[9].int().map(tollgate_core::time::rfc3339),
        scan_id: r[10].int(),
        message: r[11].text().map(str::to_string),
        unchecked: r[13]
            .text()
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default(),
    }
}

impl Imports {
    pub fn new(spool: PathBuf) -> Imports {
        Imports {
            spool,
            advisories: None,
            queue: Mutex::new(None),
        }
    }

    /// Matches uploaded BOMs against the advisory database at `dir`.
    pub fn with_advisories(mut self, dir: PathBuf) -> Imports {
        self.advisories = Some(dir);
        self
    }

    fn spool_file(&self, id: i64) -> PathBuf {
        self.spool.join(format!("{id}.report"))
    }

    /// Starts the worker and queues what an earlier run left unfinished.
    pub fn start(
        &self,
        store: Arc<Store>,
        ledgers: Arc<crate::ledger::Ledgers>,
    ) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.spool)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", self.spool.display())))?;
        let (tx, rx) = mpsc::channel::<i64>();
        let pending = store.pool.with(|c| {
            Ok::<_, StoreError>(c.query(
                "SELECT id FROM imports WHERE status IN ('queued', 'running') ORDER BY id",
                &[],
            )?)
        })?;
        for r in pending {
            if let Some(id) = r[0].int() {
                let _ = tx.send(id);
            }
        }
        *self.queue.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
        let spool = self.spool.clone();
        let advisories = self.advisories.clone();
        std::thread::Builder::new()
            .name("tollgate-imports".into())
            .spawn(move || {
                for id in rx {
                    run_one(
                        &store,
                        &ledgers,
                        &spool,
                        advisories.as_deref(),
                        id,
                        tollgate_core::time::now_unix(),
                    );
                }
            })
            .map_err(|e| StoreError::Invalid(format!("cannot start the import worker: {e}")))?;
        Ok(())
    }

    /// Takes an upload. The same report for the same product and branch, already taken
    /// and not failed, is answered with its earlier import (`false`), and nothing changes.
    pub fn submit(
        &self,
        store: &Store,
        product: i64,
        branch: &str,
        format: Option<&str>,
        bytes: &[u8],
        by: &str,
    ) -> Result<(ImportView, bool), StoreError> {
        let digest = tollgate_core::fingerprint::sha256_hex(bytes);
        let now = tollgate_core::time::now_unix();
        let earlier = store.pool.with(|c| {
            Ok::<_, StoreError>(c.query_one(
                &format!("SELECT {COLUMNS} FROM imports i JOIN products p ON p.id = i.product_id WHERE i.product_id = $1 AND i.branch = $2 AND i.digest = $3 AND i.status <> 'failed' ORDER BY i.id LIMIT 1"),
                &[Value::Int(product), branch.into(), digest.as_str().into()],
            )?)
        })?;
        if let Some(r) = earlier {
            return Ok((view_of(&r), false));
        }
        let id = store.pool.with(|c| {
            Ok::<_, StoreError>(c.query_int(
                "INSERT INTO imports (product_id, branch, status, format, digest, bytes, submitted_by, submitted_at) VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7) RETURNING id",
                &[Value::Int(product), branch.into(), format.map(str::to_string).into(), digest.as_str().into(), Value::Int(bytes.len() as i64), by.into(), Value::Int(now)],
            )?)
        })?
        .ok_or(StoreError::NotFound)?;
        let path = self.spool_file(id);
        if let Err(e) = std::fs::write(&path, bytes) {
            finish(
                store,
                id,
                "failed",
                None,
                &format!("the server could not spool the upload: {e}"),
            );
            return Err(StoreError::Invalid(
                "the server could not keep the upload".into(),
            ));
        }
        if let Some(tx) = self
            .queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            let _ = tx.send(id);
        }
        let view = self
            .get(store, id)?
            .map(|(_, v)| v)
            .ok_or(StoreError::NotFound)?;
        Ok((view, true))
    }

    /// An import and the product it belongs to.
    pub fn get(&self, store: &Store, id: i64) -> Result<Option<(i64, ImportView)>, StoreError> {
        store.pool.with(|c| {
            Ok(c.query_one(
                &format!("SELECT {COLUMNS} FROM imports i JOIN products p ON p.id = i.product_id WHERE i.id = $1"),
                &[Value::Int(id)],
            )?
            .map(|r| (r[12].int().unwrap_or(0), view_of(&r))))
        })
    }

    /// Waits until every queued import is applied (tests and benchmarks).
    pub fn wait_idle(&self, store: &Store, timeout: std::time::Duration) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < timeout {
            let busy = store
                .pool
                .with(|c| {
                    Ok::<_, StoreError>(c.query_int(
                        "SELECT COUNT(*) FROM imports WHERE status IN ('queued', 'running')",
                        &[],
                    )?)
                })
                .ok()
                .flatten()
                .unwrap_or(1);
            if busy == 0 {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }
}

fn finish(store: &Store, id: i64, status: &str, scan: Option<i64>, message: &str) {
    let r = store.pool.with(|c| {
        c.execute(
            "UPDATE imports SET status = $2, finished_at = $3, scan_id = $4, message = $5 WHERE id = $1",
            &[Value::Int(id), status.into(), Value::Int(tollgate_core::time::now_unix()), scan.into(), message.into()],
        )
    });
    if let Err(e) = r {
        eprintln!("tollgate serve: import {id}: cannot record its end: {e}");
    }
}

fn store_failure(id: i64, e: StoreError) -> String {
    match e {
        StoreError::Db(e) => {
            eprintln!("tollgate serve: import {id}: database error: {e}");
            "the server could not store the upload".to_string()
        }
        other => other.to_string(),
    }
}

fn record_unchecked(store: &Store, id: i64, unchecked: &[String]) {
    let r = store.pool.with(|c| {
        c.execute(
            "UPDATE imports SET unchecked = $2 WHERE id = $1",
            &[Value::Int(id), unchecked.join("\n").into()],
        )
    });
    if let Err(e) = r {
        eprintln!("tollgate serve: import {id}: cannot record its unchecked components: {e}");
    }
}

fn run_one(
    store: &Store,
    ledgers: &crate::ledger::Ledgers,
    spool: &std::path::Path,
    advisories: Option<&std::path::Path>,
    id: i64,
    now: i64,
) {
    let row = store.pool.with(|c| {
        c.execute(
            "UPDATE imports SET status = 'running' WHERE id = $1",
            &[Value::Int(id)],
        )?;
        c.query_one(
            "SELECT i.product_id, i.branch, i.format, i.digest, p.name FROM imports i JOIN products p ON p.id = i.product_id WHERE i.id = $1",
            &[Value::Int(id)],
        )
    });
    let row = match row {
        Ok(Some(r)) => r,
        Ok(None) => return,
        Err(e) => {
            eprintln!("tollgate serve: import {id}: {e}");
            return;
        }
    };
    let path = spool.join(format!("{id}.report"));
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            finish(
                store,
                id,
                "failed",
                None,
                &format!("the upload was lost before it was applied ({e}); upload it again"),
            );
            return;
        }
    };
    let product = row[0].int().unwrap_or(0);
    let branch = row[1].string();
    let record = |name: &str, rec: &serde_json::Value| ledgers.append(name, rec).map(|_| ());
    if row[2].text() == Some("openvex") {
        let msg = crate::vex::parse(&bytes)
            .map_err(|e| format!("the document could not be read: {e}"))
            .and_then(|stmts| {
                store
                    .apply_vex(product, &stmts, now, &record)
                    .map(|a| (stmts.len(), a))
                    .map_err(|e| store_failure(id, e))
            });
        match msg {
            Ok((n, a)) => {
                let msg = if a.stored + a.replaced == 0 && a.marked + a.reopened == 0 {
                    format!("{n} statements, none new: nothing changed")
                } else {
                    format!(
                        "{n} statements: {} stored, {} replaced an older one, {} older than the product's ignored; {} findings marked false positive, {} reopened",
                        a.stored, a.replaced, a.older, a.marked, a.reopened
                    )
                };
                finish(store, id, "done", None, &msg);
            }
            Err(msg) => finish(store, id, "failed", None, &msg),
        }
        let _ = std::fs::remove_file(&path);
        return;
    }
    let mut unchecked = Vec::new();
    let mut vex = Vec::new();
    let result = crate::ingest::parse_with(&bytes, row[2].text(), advisories)
        .map_err(|e| format!("the report could not be read: {e}"))
        .and_then(|inc| {
            unchecked = inc.unchecked_components.clone();
            vex = inc.vex.clone();
            if !unchecked.is_empty() {
                record_unchecked(store, id, &unchecked);
            }
            store
                .apply_scan(product, &branch, &row[3].string(), &inc, now)
                .map_err(|e| store_failure(id, e))
        });
    match result {
        Ok(a) => {
            if !a.duplicate {
                let name = row[4].string();
                let record = serde_json::json!({
                    "kind": "scan",
                    "at": tollgate_core::time::rfc3339(now),
                    "product": name,
                    "branch": branch,
                    "scan": a.scan_id,
                    "import": id,
                    "report_sha256": row[3].string(),
                    "findings": a.findings,
                    "new": a.created,
                    "reopened": a.reopened,
                    "fixed": a.fixed,
                    "lifecycle_applied": a.applied,
                });
                if let Err(e) = ledgers.append(&name, &record) {
                    // The scan is stored; its evidence is not. Say so where it is seen.
                    eprintln!("tollgate serve: import {id}: ledger error: {e}");
                    finish(
                        store,
                        id,
                        "done",
                        Some(a.scan_id),
                        &format!("applied, but the evidence ledger could not record it: {e}"),
                    );
                    let _ = std::fs::remove_file(&path);
                    return;
                }
            }
            // The BOM's own analysis is stored as VEX statements; the product's statements
            // apply to findings that arrived with this scan.
            if !vex.is_empty() && !a.duplicate {
                if let Err(e) = store.apply_vex(product, &vex, now, &record) {
                    eprintln!("tollgate serve: import {id}: applying the BOM's analysis: {e}");
                }
            } else if a.applied && !a.duplicate {
                if let Err(e) = store.apply_stored_vex(product, now, &record) {
                    eprintln!("tollgate serve: import {id}: applying VEX statements: {e}");
                }
            }
            // Statistics refreshed after big changes, so the next reads get good plans.
            if a.applied && a.created + a.fixed + a.reopened >= BULK {
                if let Err(e) = store.refresh_statistics() {
                    eprintln!("tollgate serve: import {id}: refreshing statistics: {e}");
                }
            }
            let mut msg = if a.duplicate {
                "the same report was imported before: nothing changed".to_string()
            } else if !a.applied {
                "older than the branch's latest scan: recorded, no finding changed".to_string()
            } else {
                format!(
                    "{} findings: {} new, {} reopened, {} fixed",
                    a.findings, a.created, a.reopened, a.fixed
                )
            };
            if !unchecked.is_empty() {
                msg.push_str(&format!(
                    "; {} components not checked (see `unchecked`)",
                    unchecked.len()
                ));
            }
            finish(store, id, "done", Some(a.scan_id), &msg);
        }
        Err(msg) => finish(store, id, "failed", None, &msg),
    }
    let _ = std::fs::remove_file(&path);
}
