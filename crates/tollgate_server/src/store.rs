//! Products, branches, scans and findings, and the lifecycle that moves findings between
//! states as scans arrive. Written once against [`Conn`], so SQLite and PostgreSQL behave
//! the same and one test suite checks both.

use crate::db::{transaction, Conn, DbError, Pool, Value};
use crate::ingest::Incoming;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tollgate_core::Severity;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    /// The evidence ledger refused a record; the change it recorded was not made.
    #[error("ledger: {0}")]
    Ledger(String),
}

/// A finding's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Seen in one scan so far.
    New,
    /// Seen again.
    Open,
    /// Fixed once, seen again.
    Reopened,
    /// Absent from a scan that looked where it was.
    Fixed,
    /// Risk accepted by someone, until a date.
    Accepted,
    /// Not a real problem, as someone said, with a reason.
    FalsePositive,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Reopened => "reopened",
            Status::Fixed => "fixed",
            Status::Accepted => "accepted",
            Status::FalsePositive => "false_positive",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "new" => Status::New,
            "open" => Status::Open,
            "reopened" => Status::Reopened,
            "fixed" => Status::Fixed,
            "accepted" => Status::Accepted,
            "false_positive" => Status::FalsePositive,
            _ => return None,
        })
    }
}

/// Statuses that count as open work (and against SLAs).
pub const ACTIVE: &str = "('new','open','reopened')";

pub fn severity_rank(s: Severity) -> i64 {
    match s {
        Severity::Critical => 4,
        Severity::High => 3,
        Severity::Medium => 2,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub risk_tier: String,
    pub owner_team: String,
    pub regulatory_scope: Vec<String>,
    pub created_at: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    pub name: String,
    #[serde(default)]
    pub risk_tier: Option<String>,
    #[serde(default)]
    pub owner_team: Option<String>,
    #[serde(default)]
    pub regulatory_scope: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FindingView {
    pub id: i64,
    pub product: String,
    pub branch: String,
    pub fingerprint: String,
    pub rule_id: String,
    pub scanner: String,
    pub title: String,
    pub severity: String,
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
    pub cwe: Vec<u32>,
    pub controls: Vec<String>,
    pub status: String,
    pub first_seen: String,
    pub last_seen: String,
    pub opened_at: String,
    pub fixed_at: Option<String>,
    pub sla_due: Option<String>,
    pub triage_reason: Option<String>,
    pub triage_by: Option<String>,
    pub accepted_until: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Event {
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub scan_id: Option<i64>,
    pub detail: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScanView {
    pub id: i64,
    pub branch: String,
    pub format: String,
    pub tool: String,
    pub commit: Option<String>,
    pub scanners: Vec<String>,
    pub started_at: String,
    pub imported_at: String,
    pub findings: i64,
    pub created: i64,
    pub reopened: i64,
    pub fixed: i64,
    /// False when the scan was older than the branch's latest: recorded, lifecycle unchanged.
    pub applied: bool,
    pub gate: Option<String>,
}

/// What one import did.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Applied {
    pub scan_id: i64,
    /// The same report had been imported before: nothing changed.
    pub duplicate: bool,
    pub applied: bool,
    pub findings: i64,
    pub created: i64,
    pub reopened: i64,
    pub fixed: i64,
}

/// Service-level deadlines in days per severity (critical, high, medium, low).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sla {
    pub critical: i64,
    pub high: i64,
    pub medium: i64,
    pub low: i64,
}

impl Default for Sla {
    fn default() -> Self {
        Sla {
            critical: 7,
            high: 30,
            medium: 90,
            low: 180,
        }
    }
}

impl Sla {
    pub fn days(&self, severity: &str) -> Option<i64> {
        match severity {
            "critical" => Some(self.critical),
            "high" => Some(self.high),
            "medium" => Some(self.medium),
            "low" => Some(self.low),
            _ => None,
        }
    }

    /// PCI DSS 6.3.3 gives one month for critical security patches: a product in PCI
    /// scope never gets longer than 30 days for a critical finding.
    pub fn for_scope(mut self, scope: &[String]) -> Sla {
        if scope
            .iter()
            .any(|s| s.to_ascii_lowercase().starts_with("pci"))
        {
            self.critical = self.critical.min(30);
        }
        self
    }

    /// `CASE` giving the deadline in seconds for a row's `severity`, bound at `$base…`.
    pub(crate) fn case_sql(base: usize) -> String {
        format!(
            "CASE severity WHEN 'critical' THEN CAST(${} AS BIGINT) WHEN 'high' THEN CAST(${} AS BIGINT) WHEN 'medium' THEN CAST(${} AS BIGINT) WHEN 'low' THEN CAST(${} AS BIGINT) ELSE NULL END",
            base,
            base + 1,
            base + 2,
            base + 3
        )
    }

    pub(crate) fn params(&self) -> [Value; 4] {
        [
            Value::Int(self.critical * 86_400),
            Value::Int(self.high * 86_400),
            Value::Int(self.medium * 86_400),
            Value::Int(self.low * 86_400),
        ]
    }
}

fn ts(v: &Value) -> String {
    v.int()
        .map(tollgate_core::time::rfc3339)
        .unwrap_or_default()
}

fn opt_ts(v: &Value) -> Option<String> {
    v.int().map(tollgate_core::time::rfc3339)
}

fn lines(v: &Value) -> Vec<String> {
    v.text()
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The store over a pool of connections.
pub struct Store {
    pub pool: Pool,
    /// Bumped by every change to findings, so cached figures know they are stale.
    version: std::sync::atomic::AtomicU64,
    /// Figures per (product, weeks, SLA), with the version and minute they were computed
    /// at: a page that shows every product's figures does not recompute them per request.
    /// Time-based counts (breached, due soon) are at most a minute old; another server
    /// process's changes show within that minute too.
    pub(crate) kpi_cache: std::sync::Mutex<std::collections::HashMap<KpiKey, CachedKpis>>,
}

/// (product, weeks, SLA) of cached figures.
pub(crate) type KpiKey = (i64, i64, Sla);
/// (store version, minute, figures).
pub(crate) type CachedKpis = (u64, i64, crate::kpi::ProductKpis);

/// Valid product and branch names: what fits in a URL path segment without escaping
/// questions (branches may hold `/`, which the API takes as a query parameter).
pub fn valid_name(s: &str, slash: bool) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') || (slash && c == '/')
        })
        && !s.starts_with('.')
}

const PRODUCT_COLUMNS: &str =
    "p.id, p.name, o.name, p.risk_tier, p.owner_team, p.regulatory_scope, p.created_at";

fn product_of(r: &[Value]) -> Product {
    Product {
        id: r[0].int().unwrap_or(0),
        name: r[1].string(),
        organisation: r[2].string(),
        risk_tier: r[3].string(),
        owner_team: r[4].string(),
        regulatory_scope: lines(&r[5]),
        created_at: ts(&r[6]),
    }
}

const FINDING_COLUMNS: &str = "f.id, p.name, b.name, f.fingerprint, f.rule_id, f.scanner, f.title, f.severity, f.path, f.line, f.message, f.cwe, f.controls, f.status, f.first_seen, f.last_seen, f.opened_at, f.fixed_at, f.triage_reason, f.triage_by, f.accepted_until, p.regulatory_scope, p.risk_tier";

impl Store {
    pub fn open(pool: Pool) -> Result<Store, StoreError> {
        pool.with(|c| crate::schema::migrate(c).map(|_| ()))?;
        Ok(Store {
            pool,
            version: Default::default(),
            kpi_cache: Default::default(),
        })
    }

    // ---- products ------------------------------------------------------------------

    pub fn create_product(&self, p: &NewProduct, now: i64) -> Result<Product, StoreError> {
        if !valid_name(&p.name, false) {
            return Err(StoreError::Invalid(
                "product names are 1-200 letters, digits, `-`, `_` or `.`".into(),
            ));
        }
        let tier = p.risk_tier.clone().unwrap_or_else(|| "standard".into());
        if !valid_name(&tier, false) {
            return Err(StoreError::Invalid("invalid risk tier".into()));
        }
        let scope: Vec<String> = p
            .regulatory_scope
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if scope
            .iter()
            .any(|s| s.contains(['\n', '\r']) || s.chars().count() > 100)
        {
            return Err(StoreError::Invalid("invalid regulatory scope".into()));
        }
        let owner = p.owner_team.clone().unwrap_or_default();
        if owner.chars().count() > 200 || owner.contains(['\n', '\r']) {
            return Err(StoreError::Invalid(
                "owner_team: at most 200 characters on one line".into(),
            ));
        }
        self.pool.with(|c| {
            if c
                .query_one("SELECT id FROM products WHERE name = $1", &[p.name.as_str().into()])?
                .is_some()
            {
                return Err(StoreError::Conflict(format!("product `{}` exists", p.name)));
            }
            c.execute(
                "INSERT INTO products (organisation_id, name, risk_tier, owner_team, regulatory_scope, created_at) VALUES ((SELECT id FROM organisations WHERE name = 'default'), $1, $2, $3, $4, $5)",
                &[
                    p.name.as_str().into(),
                    tier.into(),
                    owner.into(),
                    scope.join("\n").into(),
                    Value::Int(now),
                ],
            )?;
            Ok(())
        })?;
        self.product(&p.name)?.ok_or(StoreError::NotFound)
    }

    pub fn product(&self, name: &str) -> Result<Option<Product>, StoreError> {
        self.pool.with(|c| {
            Ok(c.query_one(
                &format!("SELECT {PRODUCT_COLUMNS} FROM products p JOIN organisations o ON o.id = p.organisation_id WHERE p.name = $1"),
                &[name.into()],
            )?
            .map(|r| product_of(&r)))
        })
    }

    pub fn product_by_id(&self, id: i64) -> Result<Option<Product>, StoreError> {
        self.pool.with(|c| {
            Ok(c.query_one(
                &format!("SELECT {PRODUCT_COLUMNS} FROM products p JOIN organisations o ON o.id = p.organisation_id WHERE p.id = $1"),
                &[Value::Int(id)],
            )?
            .map(|r| product_of(&r)))
        })
    }

    /// Every product, or only `only` (a token's scope), by name.
    pub fn products(&self, only: Option<i64>) -> Result<Vec<Product>, StoreError> {
        self.pool.with(|c| {
            let rows = c.query(
                &format!("SELECT {PRODUCT_COLUMNS} FROM products p JOIN organisations o ON o.id = p.organisation_id WHERE (CAST($1 AS BIGINT) IS NULL OR p.id = CAST($1 AS BIGINT)) ORDER BY p.name"),
                &[only.into()],
            )?;
            Ok(rows.iter().map(|r| product_of(r)).collect())
        })
    }

    pub fn branches(&self, product: i64) -> Result<Vec<(String, Option<String>)>, StoreError> {
        self.pool.with(|c| {
            let rows = c.query(
                "SELECT name, latest_scan_at FROM branches WHERE product_id = $1 ORDER BY name",
                &[Value::Int(product)],
            )?;
            Ok(rows
                .iter()
                .map(|r| (r[0].string(), opt_ts(&r[1])))
                .collect())
        })
    }

    // ---- the lifecycle -------------------------------------------------------------

    /// Applies one scan to a product's branch, in one transaction.
    ///
    /// - A finding not seen before on this branch is `new`; seen again, `open`; seen after
    ///   it was fixed, `reopened`.
    /// - A finding absent from the scan is `fixed` only if the scan ran its scanner and
    ///   that scanner could check the finding's file. Accepted findings that disappear are
    ///   fixed too; false positives keep their verdict.
    /// - The same report (by digest) twice changes nothing.
    /// - A scan older than the branch's latest is recorded but changes no finding, so a
    ///   late upload cannot close what a newer scan saw.
    pub fn apply_scan(
        &self,
        product: i64,
        branch: &str,
        digest: &str,
        scan: &Incoming,
        now: i64,
    ) -> Result<Applied, StoreError> {
        if !valid_name(branch, true) {
            return Err(StoreError::Invalid(format!(
                "invalid branch name `{branch}`"
            )));
        }
        // A report from the future (a wrong clock) counts as now.
        let started = scan.started_at.unwrap_or(now).min(now);
        let r = self.pool.with(|c| {
            transaction(c, |c| {
                self.expire_acceptances(c, now)?;
                apply_in(c, product, branch, digest, scan, started, now)
            })
        });
        self.changed();
        r
    }

    /// Acceptances past their date become open again (with an event).
    fn expire_acceptances(&self, c: &mut dyn Conn, now: i64) -> Result<u64, StoreError> {
        c.execute(
            "INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) SELECT id, product_id, $1, 'acceptance_expired', 'server', NULL, '' FROM findings WHERE status = 'accepted' AND accepted_until IS NOT NULL AND accepted_until <= $1",
            &[Value::Int(now)],
        )?;
        Ok(c.execute(
            "UPDATE findings SET status = 'open', status_changed_at = $1, opened_at = $1 WHERE status = 'accepted' AND accepted_until IS NOT NULL AND accepted_until <= $1",
            &[Value::Int(now)],
        )?)
    }

    /// Marks every cached figure stale.
    pub(crate) fn changed(&self) {
        self.version
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    pub(crate) fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// After a large import on PostgreSQL: fresh planner statistics and a vacuum, so
    /// counts can be answered from the index alone. Without it the planner still thinks
    /// the table is as small as before the import and picks plans that read every row.
    pub fn refresh_statistics(&self) -> Result<(), StoreError> {
        self.pool.with(|c| {
            match c.dialect() {
                crate::db::Dialect::Postgres => {
                    c.batch("VACUUM (ANALYZE) findings, finding_events, open_history")?
                }
                // SQLite's planner does well on these queries without statistics.
                crate::db::Dialect::Sqlite => {}
            }
            Ok(())
        })
    }

    /// Runs the acceptance expiry on its own (the server does so periodically).
    pub fn sweep(&self, now: i64) -> Result<u64, StoreError> {
        let n = self
            .pool
            .with(|c| transaction(c, |c| self.expire_acceptances(c, now)))?;
        if n > 0 {
            self.changed();
        }
        Ok(n)
    }

    // ---- triage --------------------------------------------------------------------

    /// Accept (until a date), mark false positive, or reopen a finding; recorded as an
    /// event with who did it.
    pub fn triage(
        &self,
        finding: i64,
        action: &Triage,
        actor: &str,
        now: i64,
        record: &dyn Fn(&str, &serde_json::Value) -> Result<(), String>,
    ) -> Result<(), StoreError> {
        let r = self.triage_in(finding, action, actor, now, record);
        self.changed();
        r
    }

    fn triage_in(
        &self,
        finding: i64,
        action: &Triage,
        actor: &str,
        now: i64,
        record: &dyn Fn(&str, &serde_json::Value) -> Result<(), String>,
    ) -> Result<(), StoreError> {
        self.pool.with(|c| {
            transaction(c, |c| {
                let row = c
                    .query_one(
                        "SELECT f.status, f.product_id, f.fingerprint, p.name, b.name FROM findings f JOIN products p ON p.id = f.product_id JOIN branches b ON b.id = f.branch_id WHERE f.id = $1",
                        &[Value::Int(finding)],
                    )?
                    .ok_or(StoreError::NotFound)?;
                let status = row[0].string();
                let product = row[1].int().unwrap_or(0);
                let (kind, detail) = match action {
                    Triage::Accept { reason, until } => {
                        if *until <= now {
                            return Err(StoreError::Invalid(
                                "an acceptance needs an expiry in the future".into(),
                            ));
                        }
                        if status == "fixed" {
                            return Err(StoreError::Conflict(
                                "the finding is fixed: nothing to accept".into(),
                            ));
                        }
                        c.execute(
                            "UPDATE findings SET status = 'accepted', triage_reason = $2, triage_by = $3, accepted_until = $4, status_changed_at = $5 WHERE id = $1",
                            &[Value::Int(finding), reason.into(), actor.into(), Value::Int(*until), Value::Int(now)],
                        )?;
                        ("accepted", format!("until {}: {reason}", tollgate_core::time::rfc3339(*until)))
                    }
                    Triage::FalsePositive { reason } => {
                        c.execute(
                            "UPDATE findings SET status = 'false_positive', triage_reason = $2, triage_by = $3, accepted_until = NULL, status_changed_at = $4 WHERE id = $1",
                            &[Value::Int(finding), reason.into(), actor.into(), Value::Int(now)],
                        )?;
                        ("false_positive", reason.clone())
                    }
                    Triage::Reopen { reason } => {
                        if !matches!(status.as_str(), "accepted" | "false_positive") {
                            return Err(StoreError::Conflict(format!(
                                "only accepted or false-positive findings can be reopened (this one is {status})"
                            )));
                        }
                        c.execute(
                            "UPDATE findings SET status = 'open', triage_reason = NULL, triage_by = NULL, accepted_until = NULL, status_changed_at = $2, opened_at = $2 WHERE id = $1",
                            &[Value::Int(finding), Value::Int(now)],
                        )?;
                        ("reopened_by_triage", reason.clone())
                    }
                };
                c.execute(
                    "INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) VALUES ($1, $2, $3, $4, $5, NULL, $6)",
                    &[Value::Int(finding), Value::Int(product), Value::Int(now), kind.into(), actor.into(), detail.as_str().into()],
                )?;
                // Recorded before the commit: a decision the ledger did not take is not made.
                let until = match action {
                    Triage::Accept { until, .. } => Some(tollgate_core::time::rfc3339(*until)),
                    _ => None,
                };
                record(
                    &row[3].string(),
                    &serde_json::json!({
                        "kind": "triage",
                        "at": tollgate_core::time::rfc3339(now),
                        "product": row[3].string(),
                        "branch": row[4].string(),
                        "finding": finding,
                        "fingerprint": row[2].string(),
                        "action": kind,
                        "previous_status": status,
                        "actor": actor,
                        "detail": detail,
                        "expires": until,
                    }),
                )
                .map_err(StoreError::Ledger)?;
                Ok(())
            })
        })
    }

    // ---- reads ---------------------------------------------------------------------

    /// The product a finding belongs to (for authorisation before anything is shown).
    pub fn finding_product(&self, id: i64) -> Result<Option<i64>, StoreError> {
        self.pool.with(|c| {
            Ok(c.query_int(
                "SELECT product_id FROM findings WHERE id = $1",
                &[Value::Int(id)],
            )?)
        })
    }

    pub fn finding(
        &self,
        id: i64,
        sla: &dyn Fn(&str) -> Sla,
    ) -> Result<Option<(FindingView, String, Vec<Event>)>, StoreError> {
        self.pool.with(|c| {
            let Some(r) = c.query_one(
                &format!("SELECT {FINDING_COLUMNS}, f.detail FROM findings f JOIN products p ON p.id = f.product_id JOIN branches b ON b.id = f.branch_id WHERE f.id = $1"),
                &[Value::Int(id)],
            )?
            else {
                return Ok(None);
            };
            let view = finding_of(&r, sla);
            let detail = r[23].string();
            let events = c
                .query(
                    "SELECT at, kind, actor, scan_id, detail FROM finding_events WHERE finding_id = $1 ORDER BY at, id",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|e| Event {
                    at: ts(&e[0]),
                    kind: e[1].string(),
                    actor: e[2].string(),
                    scan_id: e[3].int(),
                    detail: e[4].string(),
                })
                .collect();
            Ok(Some((view, detail, events)))
        })
    }

    /// Findings of a product matching a filter, most severe first.
    pub fn findings(
        &self,
        product: i64,
        filter: &FindingFilter,
        sla: &dyn Fn(&str) -> Sla,
    ) -> Result<(Vec<FindingView>, i64), StoreError> {
        // The filter names only the findings table, so the count reads one index.
        let mut sql = String::from(" WHERE f.product_id = $1");
        let mut params = vec![Value::Int(product)];
        let mut add = |sql: &mut String, clause: &str, v: Value| {
            params.push(v);
            sql.push_str(&clause.replace("$?", &format!("${}", params.len())));
        };
        if let Some(b) = &filter.branch {
            add(
                &mut sql,
                " AND f.branch_id = (SELECT id FROM branches WHERE product_id = $1 AND name = $?)",
                b.into(),
            );
        }
        match filter.status.as_deref() {
            None | Some("active") => sql.push_str(&format!(" AND f.status IN {ACTIVE}")),
            Some("all") => {}
            Some(s) => {
                let s = Status::parse(s)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown status `{s}`")))?;
                add(&mut sql, " AND f.status = $?", s.as_str().into());
            }
        }
        if let Some(s) = &filter.severity {
            let sev: Severity = s.parse().map_err(StoreError::Invalid)?;
            add(&mut sql, " AND f.severity = $?", sev.as_str().into());
        }
        if let Some(s) = &filter.scanner {
            add(&mut sql, " AND f.scanner = $?", s.into());
        }
        if let Some(q) = &filter.q {
            let like = format!("%{}%", q.replace(['%', '_', '\\'], ""));
            add(
                &mut sql,
                " AND (f.title LIKE $? OR f.path LIKE $?)",
                like.into(),
            );
        }
        let limit = filter.limit.unwrap_or(100).clamp(1, 10_000);
        let offset = filter.offset.unwrap_or(0).max(0);
        self.pool.with(|c| {
            let total = c
                .query_int(&format!("SELECT COUNT(*) FROM findings f{sql}"), &params)?
                .unwrap_or(0);
            let rows = c.query(
                // The page is chosen from the findings alone (in index order), then joined:
                // no plan can join every matching row first.
                &format!("SELECT {FINDING_COLUMNS} FROM (SELECT * FROM findings f{sql} ORDER BY f.severity_rank DESC, f.id LIMIT {limit} OFFSET {offset}) f JOIN products p ON p.id = f.product_id JOIN branches b ON b.id = f.branch_id ORDER BY f.severity_rank DESC, f.id"),
                &params,
            )?;
            Ok((rows.iter().map(|r| finding_of(r, sla)).collect(), total))
        })
    }

    pub fn scans(&self, product: i64, limit: i64) -> Result<Vec<ScanView>, StoreError> {
        self.pool.with(|c| {
            let rows = c.query(
                &format!("SELECT s.id, b.name, s.format, s.tool, s.commit_sha, s.scanners, s.started_at, s.imported_at, s.findings, s.created, s.reopened, s.fixed, s.applied, s.gate FROM scans s JOIN branches b ON b.id = s.branch_id WHERE s.product_id = $1 ORDER BY s.started_at DESC, s.id DESC LIMIT {}", limit.clamp(1, 1000)),
                &[Value::Int(product)],
            )?;
            Ok(rows
                .iter()
                .map(|r| ScanView {
                    id: r[0].int().unwrap_or(0),
                    branch: r[1].string(),
                    format: r[2].string(),
                    tool: r[3].string(),
                    commit: r[4].text().map(str::to_string),
                    scanners: lines(&r[5]),
                    started_at: ts(&r[6]),
                    imported_at: ts(&r[7]),
                    findings: r[8].int().unwrap_or(0),
                    created: r[9].int().unwrap_or(0),
                    reopened: r[10].int().unwrap_or(0),
                    fixed: r[11].int().unwrap_or(0),
                    applied: r[12].int() == Some(1),
                    gate: r[13].text().map(str::to_string),
                })
                .collect())
        })
    }
}

/// A triage decision.
#[derive(Clone, Debug, PartialEq)]
pub enum Triage {
    Accept { reason: String, until: i64 },
    FalsePositive { reason: String },
    Reopen { reason: String },
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct FindingFilter {
    pub branch: Option<String>,
    /// `active` (the default: new, open, reopened), `all`, or one status.
    pub status: Option<String>,
    pub severity: Option<String>,
    pub scanner: Option<String>,
    /// Text in the title or path.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

fn finding_of(r: &[Value], sla: &dyn Fn(&str) -> Sla) -> FindingView {
    let status = r[13].string();
    let severity = r[7].string();
    let opened = r[16].int().unwrap_or(0);
    let scope = lines(&r[21]);
    let tier = r[22].string();
    let due = if ["new", "open", "reopened"].contains(&status.as_str()) {
        sla(&tier)
            .for_scope(&scope)
            .days(&severity)
            .map(|d| tollgate_core::time::rfc3339(opened + d * 86_400))
    } else {
        None
    };
    FindingView {
        id: r[0].int().unwrap_or(0),
        product: r[1].string(),
        branch: r[2].string(),
        fingerprint: r[3].string(),
        rule_id: r[4].string(),
        scanner: r[5].string(),
        title: r[6].string(),
        severity,
        path: r[8].string(),
        line: r[9].int(),
        message: r[10].string(),
        cwe: lines(&r[11])
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
        controls: lines(&r[12]),
        status,
        first_seen: ts(&r[14]),
        last_seen: ts(&r[15]),
        opened_at: ts(&r[16]),
        fixed_at: opt_ts(&r[17]),
        sla_due: due,
        triage_reason: r[18].text().map(str::to_string),
        triage_by: r[19].text().map(str::to_string),
        accepted_until: opt_ts(&r[20]),
    }
}

/// Rows per multi-row `INSERT` into the staging table (12 values each, well under both
/// engines' parameter limits).
const STAGE_BATCH: usize = 400;

fn apply_in(
    c: &mut dyn Conn,
    product: i64,
    branch: &str,
    digest: &str,
    scan: &Incoming,
    started: i64,
    now: i64,
) -> Result<Applied, StoreError> {
    c.execute(
        "INSERT INTO branches (product_id, name) VALUES ($1, $2) ON CONFLICT (product_id, name) DO NOTHING",
        &[Value::Int(product), branch.into()],
    )?;
    let b = c
        .query_one(
            "SELECT id, latest_scan_at FROM branches WHERE product_id = $1 AND name = $2",
            &[Value::Int(product), branch.into()],
        )?
        .ok_or(StoreError::NotFound)?;
    let branch_id = b[0].int().unwrap_or(0);
    if let Some(r) = c.query_one(
        "SELECT id, findings, created, reopened, fixed, applied FROM scans WHERE branch_id = $1 AND digest = $2",
        &[Value::Int(branch_id), digest.into()],
    )? {
        return Ok(Applied {
            scan_id: r[0].int().unwrap_or(0),
            duplicate: true,
            applied: r[5].int() == Some(1),
            findings: r[1].int().unwrap_or(0),
            created: 0,
            reopened: 0,
            fixed: 0,
        });
    }
    let applied = b[1].int().map_or(true, |latest| started >= latest);

    // Duplicated fingerprints within one report are one finding (the first wins).
    let mut seen = BTreeSet::new();
    let findings: Vec<_> = scan
        .findings
        .iter()
        .filter(|f| seen.insert(f.fingerprint.as_str()))
        .collect();

    let scan_id = c
        .query_int(
            "INSERT INTO scans (product_id, branch_id, digest, format, tool, commit_sha, scanners, started_at, imported_at, findings, created, reopened, fixed, applied, gate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, 0, $11, $12) RETURNING id",
            &[
                Value::Int(product),
                Value::Int(branch_id),
                digest.into(),
                scan.format.as_str().into(),
                scan.tool.as_str().into(),
                scan.commit.clone().into(),
                scan.scanners.iter().cloned().collect::<Vec<_>>().join("\n").into(),
                Value::Int(started),
                Value::Int(now),
                Value::Int(findings.len() as i64),
                Value::Int(applied as i64),
                scan.gate.clone().into(),
            ],
        )?
        .ok_or_else(|| DbError::Other("no scan id returned".into()))?;
    // A BOM's inventory belongs to its scan, applied to the lifecycle or not.
    for chunk in scan.components.chunks(STAGE_BATCH) {
        let mut sql = String::from(
            "INSERT INTO inventory (scan_id, product_id, branch_id, purl, name, version, licenses) VALUES ",
        );
        let mut params = Vec::with_capacity(chunk.len() * 7);
        for (i, comp) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            let b = i * 7;
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            ));
            params.extend([
                Value::Int(scan_id),
                Value::Int(product),
                Value::Int(branch_id),
                comp.purl.as_str().into(),
                comp.name.as_str().into(),
                comp.version.as_str().into(),
                comp.licenses.join("\n").into(),
            ]);
        }
        c.execute(&sql, &params)?;
    }
    if !applied {
        return Ok(Applied {
            scan_id,
            duplicate: false,
            applied: false,
            findings: findings.len() as i64,
            created: 0,
            reopened: 0,
            fixed: 0,
        });
    }

    // Stage the scan's findings, then move the branch's findings with set-based
    // statements: a 100,000-finding report is a few hundred statements, not 100,000.
    c.batch(
        "CREATE TEMP TABLE IF NOT EXISTS incoming (fingerprint TEXT PRIMARY KEY, rule_id TEXT NOT NULL, scanner TEXT NOT NULL, title TEXT NOT NULL, severity TEXT NOT NULL, severity_rank BIGINT NOT NULL, path TEXT NOT NULL, line BIGINT, message TEXT NOT NULL, cwe TEXT NOT NULL, controls TEXT NOT NULL, detail TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS scanned (scanner TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS unchecked (scanner TEXT NOT NULL, path TEXT NOT NULL);
         DELETE FROM incoming; DELETE FROM scanned; DELETE FROM unchecked;",
    )?;
    for chunk in findings.chunks(STAGE_BATCH) {
        let mut sql = String::from("INSERT INTO incoming (fingerprint, rule_id, scanner, title, severity, severity_rank, path, line, message, cwe, controls, detail) VALUES ");
        let mut params = Vec::with_capacity(chunk.len() * 12);
        for (i, f) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            let b = i * 12;
            sql.push('(');
            for k in 1..=12 {
                if k > 1 {
                    sql.push(',');
                }
                sql.push_str(&format!("${}", b + k));
            }
            sql.push(')');
            params.extend([
                f.fingerprint.as_str().into(),
                f.rule_id.as_str().into(),
                f.scanner.as_str().into(),
                f.title.as_str().into(),
                f.severity.as_str().into(),
                Value::Int(severity_rank(f.severity)),
                f.path.as_str().into(),
                f.line.into(),
                f.message.as_str().into(),
                f.cwe
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into(),
                f.controls.join("\n").into(),
                f.detail.as_str().into(),
            ]);
        }
        c.execute(&sql, &params)?;
    }
    for s in &scan.scanners {
        c.execute(
            "INSERT INTO scanned (scanner) VALUES ($1)",
            &[s.as_str().into()],
        )?;
    }
    for (s, p) in &scan.unchecked {
        c.execute(
            "INSERT INTO unchecked (scanner, path) VALUES ($1, $2)",
            &[s.as_str().into(), p.as_str().into()],
        )?;
    }
    let (p, b, at, sid) = (
        Value::Int(product),
        Value::Int(branch_id),
        Value::Int(started),
        Value::Int(scan_id),
    );

    // Fixed findings seen again: reopened.
    let reopened = c.execute(
        "INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) SELECT f.id, f.product_id, $3, 'reopened', 'scan', $4, '' FROM findings f JOIN incoming i ON i.fingerprint = f.fingerprint WHERE f.product_id = $1 AND f.branch_id = $2 AND f.status = 'fixed'",
        &[p.clone(), b.clone(), at.clone(), sid.clone()],
    )?;
    c.execute(
        "INSERT INTO findings (product_id, branch_id, fingerprint, rule_id, scanner, title, severity, severity_rank, path, line, message, cwe, controls, detail, status, first_seen, last_seen, opened_at, status_changed_at, first_scan_id, last_scan_id)
         SELECT $1, $2, fingerprint, rule_id, scanner, title, severity, severity_rank, path, line, message, cwe, controls, detail, 'new', $3, $3, $3, $3, $4, $4 FROM incoming WHERE true
         ON CONFLICT (product_id, branch_id, fingerprint) DO UPDATE SET
           rule_id = excluded.rule_id, scanner = excluded.scanner, title = excluded.title,
           severity = excluded.severity, severity_rank = excluded.severity_rank, path = excluded.path,
           line = excluded.line, message = excluded.message, cwe = excluded.cwe,
           controls = excluded.controls, detail = excluded.detail,
           last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id,
           status = CASE WHEN findings.status = 'fixed' THEN 'reopened' WHEN findings.status = 'new' THEN 'open' ELSE findings.status END,
           opened_at = CASE WHEN findings.status = 'fixed' THEN excluded.opened_at ELSE findings.opened_at END,
           fixed_at = CASE WHEN findings.status = 'fixed' THEN NULL ELSE findings.fixed_at END,
           status_changed_at = CASE WHEN findings.status IN ('fixed', 'new') THEN excluded.status_changed_at ELSE findings.status_changed_at END",
        &[p.clone(), b.clone(), at.clone(), sid.clone()],
    )?;
    let created = c.execute(
        "INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) SELECT id, product_id, $3, 'created', 'scan', $4, '' FROM findings WHERE product_id = $1 AND branch_id = $2 AND first_scan_id = $4",
        &[p.clone(), b.clone(), at.clone(), sid.clone()],
    )?;

    // Absent findings whose scanner ran and could check their file: fixed.
    let gone = "FROM findings WHERE product_id = $1 AND branch_id = $2 AND status IN ('new', 'open', 'reopened', 'accepted')
        AND scanner IN (SELECT scanner FROM scanned)
        AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.fingerprint = findings.fingerprint)
        AND NOT EXISTS (SELECT 1 FROM unchecked u WHERE u.scanner = findings.scanner AND (u.path = findings.path OR u.path = '*'))";
    c.execute(
        &format!("INSERT INTO finding_events (finding_id, product_id, at, kind, actor, scan_id, detail) SELECT id, product_id, $3, 'fixed', 'scan', $4, '' {gone}"),
        &[p.clone(), b.clone(), at.clone(), sid.clone()],
    )?;
    let fixed = c.execute(
        &format!("UPDATE findings SET status = 'fixed', fixed_at = $3, status_changed_at = $3, accepted_until = NULL, last_scan_id = $4 WHERE id IN (SELECT id {gone})"),
        &[p.clone(), b.clone(), at.clone(), sid.clone()],
    )?;

    c.execute(
        "UPDATE scans SET created = $2, reopened = $3, fixed = $4 WHERE id = $1",
        &[
            sid.clone(),
            Value::Int(created as i64),
            Value::Int(reopened as i64),
            Value::Int(fixed as i64),
        ],
    )?;
    c.execute(
        "UPDATE branches SET latest_scan_at = $2 WHERE id = $1",
        &[b.clone(), at.clone()],
    )?;
    let week = crate::kpi::week_of(started);
    c.execute(
        "INSERT INTO weekly_counts (product_id, week, created, fixed) VALUES ($1, $2, $3, $4) ON CONFLICT (product_id, week) DO UPDATE SET created = weekly_counts.created + excluded.created, fixed = weekly_counts.fixed + excluded.fixed",
        &[p.clone(), Value::Int(week), Value::Int(created as i64), Value::Int(fixed as i64)],
    )?;
    c.execute(
        "INSERT INTO rule_controls (product_id, rule_id, controls) SELECT DISTINCT CAST($1 AS BIGINT), rule_id, controls FROM incoming WHERE controls <> '' ON CONFLICT DO NOTHING",
        std::slice::from_ref(&p),
    )?;
    // The day's open counts, for the trend over time.
    let day = started.div_euclid(86_400);
    c.execute(
        "DELETE FROM open_history WHERE product_id = $1 AND branch_id = $2 AND day = $3",
        &[p.clone(), b.clone(), Value::Int(day)],
    )?;
    c.execute(
        &format!("INSERT INTO open_history (product_id, branch_id, day, severity, open) SELECT $1, $2, $3, severity, COUNT(*) FROM findings WHERE product_id = $1 AND branch_id = $2 AND status IN {ACTIVE} GROUP BY severity"),
        &[p, b, Value::Int(day)],
    )?;
    Ok(Applied {
        scan_id,
        duplicate: false,
        applied: true,
        findings: findings.len() as i64,
        created: created as i64,
        reopened: reopened as i64,
        fixed: fixed as i64,
    })
}
