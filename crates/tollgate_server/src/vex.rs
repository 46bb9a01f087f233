//! OpenVEX uploads: statements about a product's dependency findings, kept per product so
//! they apply to the findings present now and to those that arrive later.
//!
//! - A statement matches a `deps` finding whose advisory id or one of its aliases is the
//!   statement's vulnerability and whose purl matches one of its products (a purl without
//!   a version matches every version; a statement without products matches any package).
//! - `not_affected` (which must carry a justification or an impact statement) and `fixed`
//!   mark the matching findings false positive, with the statement's justification and
//!   impact statement as the reason and `vex:<author>` as who did it.
//! - `affected` and `under_investigation` are recorded. As the newest statement for a
//!   vulnerability and package they reopen findings an earlier VEX statement had marked
//!   false positive; false positives people marked stay as they are.
//! - Per vulnerability and product, the statement with the latest timestamp wins; an
//!   older one uploaded later is recorded as ignored. The same document twice changes
//!   nothing. Every change is a triage record in the product's ledger.

use crate::db::{transaction, Conn, Value};
use crate::ingest::IngestError;
use crate::store::{Store, StoreError};

/// Most statements one document may carry.
pub const MAX_STATEMENTS: usize = 100_000;

/// One statement about one package (a statement naming several products is several).
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Index in the document's `statements`.
    pub index: usize,
    pub vulnerability: String,
    /// A purl, or empty for any package.
    pub purl: String,
    pub status: String,
    pub justification: Option<String>,
    pub detail: Option<String>,
    pub author: String,
    /// Unix seconds.
    pub issued_at: i64,
}

const STATUSES: [&str; 4] = ["not_affected", "affected", "fixed", "under_investigation"];

/// An OpenVEX document's statements, one per vulnerability and product.
pub fn parse(bytes: &[u8]) -> Result<Vec<Statement>, IngestError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| IngestError::Format(format!("the document is not UTF-8: {e}")))?;
    // Syntax errors with line and column, as for every other format.
    let doc: serde_json::Value = serde_json::from_str(text)?;
    if doc.get("statements").and_then(|s| s.as_array()).is_none() {
        return Err(IngestError::Format(
            "an OpenVEX document needs `statements`".into(),
        ));
    }
    let read = tollgate_deps::vex::parse(text, "the OpenVEX document")
        .map_err(|e| IngestError::Format(e.message))?;
    if read.len() > MAX_STATEMENTS {
        return Err(IngestError::Format(format!(
            "the document has more than {MAX_STATEMENTS} statements"
        )));
    }
    let mut out = Vec::new();
    for (i, s) in read.into_iter().enumerate() {
        if !STATUSES.contains(&s.status.as_str()) {
            return Err(IngestError::Format(format!(
                "statements[{i}]: status {} is not one of not_affected, affected, fixed, under_investigation",
                tollgate_core::redact::quote(&s.status)
            )));
        }
        let issued_at = s
            .timestamp
            .as_deref()
            .and_then(tollgate_core::time::parse_rfc3339)
            .ok_or_else(|| {
                IngestError::Format(format!(
                    "statements[{i}]: no RFC 3339 timestamp (the statement's or the document's)"
                ))
            })?;
        let author = s
            .author
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(tollgate_dast::safe::text)
            .ok_or_else(|| IngestError::Format("the document names no `author`".into()))?;
        let clean = |t: &Option<String>| t.as_deref().map(tollgate_dast::safe::text);
        let mut purls: Vec<String> = s
            .products
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        purls.sort();
        purls.dedup();
        if purls.is_empty() {
            purls.push(String::new());
        }
        for purl in purls {
            out.push(Statement {
                index: i,
                vulnerability: s.vulnerability.trim().to_string(),
                purl,
                status: s.status.clone(),
                justification: clean(&s.justification),
                detail: clean(&s.detail),
                author: author.clone(),
                issued_at,
            });
        }
    }
    Ok(out)
}

/// What one document did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VexApplied {
    /// Statements stored for the first time.
    pub stored: u64,
    /// Statements that replaced an older one for the same vulnerability and package.
    pub replaced: u64,
    /// Statements older than the one the product holds: recorded nowhere, changed nothing.
    pub older: u64,
    /// Findings marked false positive, and findings reopened.
    pub marked: u64,
    pub reopened: u64,
}

/// A ledger writer: product name and record; an error undoes the change.
pub type Record<'a> = &'a dyn Fn(&str, &serde_json::Value) -> Result<(), String>;

impl Store {
    /// Stores a document's statements for `product` and applies every statement the
    /// product holds to its findings, in one transaction.
    pub fn apply_vex(
        &self,
        product: i64,
        statements: &[Statement],
        now: i64,
        record: Record<'_>,
    ) -> Result<VexApplied, StoreError> {
        let r = self.pool.with(|c| {
            transaction(c, |c| {
                let mut out = VexApplied::default();
                for s in statements {
                    let earlier = c.query_one(
                        "SELECT issued_at, status, justification, detail, author FROM vex_statements WHERE product_id = $1 AND vulnerability = $2 AND purl = $3",
                        &[Value::Int(product), s.vulnerability.as_str().into(), s.purl.as_str().into()],
                    )?;
                    let params = [
                        Value::Int(product),
                        s.vulnerability.as_str().into(),
                        s.purl.as_str().into(),
                        s.status.as_str().into(),
                        s.justification.clone().into(),
                        s.detail.clone().into(),
                        s.author.as_str().into(),
                        Value::Int(s.issued_at),
                        Value::Int(now),
                    ];
                    match earlier {
                        None => {
                            c.execute(
                                "INSERT INTO vex_statements (product_id, vulnerability, purl, status, justification, detail, author, issued_at, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                &params,
                            )?;
                            out.stored += 1;
                        }
                        Some(e) => {
                            let at = e[0].int().unwrap_or(0);
                            let same = at == s.issued_at
                                && e[1].string() == s.status
                                && e[2].text() == s.justification.as_deref()
                                && e[3].text() == s.detail.as_deref()
                                && e[4].string() == s.author;
                            if same {
                                continue;
                            }
                            if at > s.issued_at {
                                out.older += 1;
                                continue;
                            }
                            c.execute(
                                "UPDATE vex_statements SET status = $4, justification = $5, detail = $6, author = $7, issued_at = $8, stored_at = $9 WHERE product_id = $1 AND vulnerability = $2 AND purl = $3",
                                &params,
                            )?;
                            out.replaced += 1;
                        }
                    }
                }
                let (marked, reopened) = apply_stored(c, product, now, record)?;
                out.marked = marked;
                out.reopened = reopened;
                Ok(out)
            })
        });
        self.changed();
        r
    }

    /// Applies the product's stored statements to its findings (after a scan, so findings
    /// that arrive after their VEX are marked too): (marked, reopened).
    pub fn apply_stored_vex(
        &self,
        product: i64,
        now: i64,
        record: Record<'_>,
    ) -> Result<(u64, u64), StoreError> {
        let r = self
            .pool
            .with(|c| transaction(c, |c| apply_stored(c, product, now, record)));
        self.changed();
        r
    }
}

/// A stored statement as matching needs it.
struct Held {
    vulnerability: String,
    purl: String,
    status: String,
    reason: String,
    author: String,
    issued_at: i64,
}

fn apply_stored(
    c: &mut dyn Conn,
    product: i64,
    now: i64,
    record: Record<'_>,
) -> Result<(u64, u64), StoreError> {
    let held: Vec<Held> = c
        .query(
            "SELECT vulnerability, purl, status, justification, detail, author, issued_at FROM vex_statements WHERE product_id = $1 ORDER BY vulnerability, purl",
            &[Value::Int(product)],
        )?
        .into_iter()
        .map(|r| {
            let why: Vec<String> = [r[3].text(), r[4].text()]
                .into_iter()
                .flatten()
                .map(str::to_string)
                .collect();
            let status = r[2].string();
            Held {
                vulnerability: r[0].string(),
                purl: r[1].string(),
                reason: if why.is_empty() {
                    format!("VEX {status}")
                } else {
                    format!("VEX {status}: {}", why.join(": "))
                },
                status,
                author: r[5].string(),
                issued_at: r[6].int().unwrap_or(0),
            }
        })
        .collect();
    if held.is_empty() {
        return Ok((0, 0));
    }
    let product_name = c
        .query_one(
            "SELECT name FROM products WHERE id = $1",
            &[Value::Int(product)],
        )?
        .map(|r| r[0].string())
        .unwrap_or_default();
    let rows = c.query(
        "SELECT f.id, f.status, f.detail, f.triage_by, f.triage_reason, f.fingerprint, b.name FROM findings f JOIN branches b ON b.id = f.branch_id WHERE f.product_id = $1 AND f.scanner = 'deps' AND f.status <> 'fixed' ORDER BY f.id",
        &[Value::Int(product)],
    )?;
    let (mut marked, mut reopened) = (0, 0);
    for r in rows {
        let Ok(finding) = serde_json::from_str::<tollgate_core::Finding>(&r[2].string()) else {
            continue;
        };
        let Some(pkg) = finding.package() else {
            continue;
        };
        let mut ids: Vec<&str> = pkg.advisory.as_deref().into_iter().collect();
        ids.extend(pkg.aliases.iter().map(String::as_str));
        // The newest statement about this finding; on a tie, one naming the package.
        let Some(s) = held
            .iter()
            .filter(|s| {
                ids.contains(&s.vulnerability.as_str())
                    && (s.purl.is_empty() || tollgate_deps::vex::purl_matches(&s.purl, &pkg.purl))
            })
            .max_by_key(|s| (s.issued_at, !s.purl.is_empty()))
        else {
            continue;
        };
        let id = r[0].int().unwrap_or(0);
        let status = r[1].string();
        let actor = format!("vex:{}", s.author);
        let by_vex = r[3].text().is_some_and(|t| t.starts_with("vex:"));
        let (kind, detail) = if matches!(s.status.as_str(), "not_affected" | "fixed") {
            let same = status == "false_positive"
                && r[3].text() == Some(actor.as_str())
                && r[4].text() == Some(s.reason.as_str());
            if same || (status == "false_positive" && !by_vex) {
                continue;
            }
            c.execute(
                "UPDATE findings SET status = 'false_positive', triage_reason = $2, triage_by = $3, accepted_until = NULL, status_changed_at = $4 WHERE id = $1",
                &[Value::Int(id), s.reason.as_str().into(), actor.as_str().into(), Value::Int(now)],
            )?;
            marked += 1;
            ("false_positive", s.reason.clone())
        } else {
            if !(status == "false_positive" && by_vex) {
                continue;
            }
            c.execute(
                "UPDATE findings SET status = 'open', triage_reason = NULL, triage_by = NULL, accepted_until = NULL, status_changed_at = $2, opened_at = $2 WHERE id = $1",
                &[Value::Int(id), Value::Int(now)],
            )?;
            reopened += 1;
            ("reopened_by_triage", s.reason.clone())
        };
        c.execute(
            "INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) VALUES ($1, $2, $3, $4, $5, NULL, $6)",
            &[Value::Int(id), Value::Int(product), Value::Int(now), kind.into(), actor.as_str().into(), detail.as_str().into()],
        )?;
        record(
            &product_name,
            &serde_json::json!({
                "kind": "triage",
                "at": tollgate_core::time::rfc3339(now),
                "product": product_name,
                "branch": r[6].string(),
                "finding": id,
                "fingerprint": r[5].string(),
                "action": kind,
                "previous_status": status,
                "actor": actor,
                "detail": detail,
                "expires": null,
                "vex": {
                    "vulnerability": s.vulnerability,
                    "purl": s.purl,
                    "status": s.status,
                    "timestamp": tollgate_core::time::rfc3339(s.issued_at),
                },
            }),
        )
        .map_err(StoreError::Ledger)?;
    }
    Ok((marked, reopened))
}
