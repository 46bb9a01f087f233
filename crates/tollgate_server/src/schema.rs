//! Versioned migrations, applied in order on start inside one transaction each.
//!
//! Each migration is written once; `{id}` becomes the engine's auto-numbered key. Times
//! are Unix seconds (`BIGINT`); lists are newline-separated text, so both engines store
//! them the same way.

use crate::db::{transaction, Conn, DbError, Dialect, Value};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "products, branches, scans, findings, events, imports, tokens",
        sql: r#"
CREATE TABLE organisations (
    id {id},
    name TEXT NOT NULL UNIQUE
);
INSERT INTO organisations (name) VALUES ('default');
CREATE TABLE products (
    id {id},
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL UNIQUE,
    risk_tier TEXT NOT NULL,
    owner_team TEXT NOT NULL,
    regulatory_scope TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE branches (
    id {id},
    product_id BIGINT NOT NULL REFERENCES products(id),
    name TEXT NOT NULL,
    latest_scan_at BIGINT,
    UNIQUE (product_id, name)
);
CREATE TABLE scans (
    id {id},
    product_id BIGINT NOT NULL REFERENCES products(id),
    branch_id BIGINT NOT NULL REFERENCES branches(id),
    digest TEXT NOT NULL,
    format TEXT NOT NULL,
    tool TEXT NOT NULL,
    commit_sha TEXT,
    scanners TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    findings BIGINT NOT NULL,
    created BIGINT NOT NULL,
    reopened BIGINT NOT NULL,
    fixed BIGINT NOT NULL,
    applied BIGINT NOT NULL,
    gate TEXT,
    UNIQUE (branch_id, digest)
);
CREATE TABLE findings (
    id {id},
    product_id BIGINT NOT NULL REFERENCES products(id),
    branch_id BIGINT NOT NULL REFERENCES branches(id),
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    scanner TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    severity_rank BIGINT NOT NULL,
    path TEXT NOT NULL,
    line BIGINT,
    message TEXT NOT NULL,
    cwe TEXT NOT NULL,
    controls TEXT NOT NULL,
    detail TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    fixed_at BIGINT,
    status_changed_at BIGINT NOT NULL,
    first_scan_id BIGINT NOT NULL,
    last_scan_id BIGINT NOT NULL,
    triage_reason TEXT,
    triage_by TEXT,
    accepted_until BIGINT,
    UNIQUE (product_id, branch_id, fingerprint)
);
-- Pages in the order they are shown (most severe first), stopping after a page.
CREATE INDEX findings_page ON findings (product_id, severity_rank DESC, id);
-- Counts and figures by status read this index alone.
CREATE INDEX findings_figures ON findings (product_id, status, severity, opened_at, fixed_at);
CREATE INDEX findings_by_branch ON findings (branch_id, status);
CREATE INDEX findings_by_rule ON findings (product_id, rule_id, status);
-- New and fixed per product and Monday-based week, counted as scans are applied.
CREATE TABLE weekly_counts (
    product_id BIGINT NOT NULL,
    week BIGINT NOT NULL,
    created BIGINT NOT NULL,
    fixed BIGINT NOT NULL,
    PRIMARY KEY (product_id, week)
);
-- The controls each rule's findings give evidence against, per product: readiness reads
-- these instead of every finding's list.
CREATE TABLE rule_controls (
    product_id BIGINT NOT NULL,
    rule_id TEXT NOT NULL,
    controls TEXT NOT NULL,
    PRIMARY KEY (product_id, rule_id, controls)
);
CREATE TABLE finding_events (
    id {id},
    finding_id BIGINT NOT NULL REFERENCES findings(id),
    product_id BIGINT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    scan_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX events_by_finding ON finding_events (finding_id);
CREATE INDEX events_by_product ON finding_events (product_id, kind, at);
CREATE TABLE open_history (
    product_id BIGINT NOT NULL,
    branch_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    severity TEXT NOT NULL,
    open BIGINT NOT NULL,
    PRIMARY KEY (product_id, branch_id, day, severity)
);
CREATE TABLE imports (
    id {id},
    product_id BIGINT NOT NULL REFERENCES products(id),
    branch TEXT NOT NULL,
    status TEXT NOT NULL,
    format TEXT,
    digest TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    finished_at BIGINT,
    scan_id BIGINT,
    message TEXT
);
CREATE TABLE tokens (
    id {id},
    key_id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    product_id BIGINT REFERENCES products(id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
"#,
    },
    Migration {
        version: 2,
        name: "inventory of BOM scans, unchecked components of an import",
        sql: r#"
CREATE TABLE inventory (
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    product_id BIGINT NOT NULL,
    branch_id BIGINT NOT NULL,
    purl TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    licenses TEXT NOT NULL
);
CREATE INDEX inventory_by_scan ON inventory (scan_id);
CREATE INDEX inventory_by_purl ON inventory (product_id, purl);
ALTER TABLE imports ADD COLUMN unchecked TEXT;
"#,
    },
    Migration {
        version: 3,
        name: "VEX statements per product",
        sql: r#"
CREATE TABLE vex_statements (
    product_id BIGINT NOT NULL REFERENCES products(id),
    vulnerability TEXT NOT NULL,
    purl TEXT NOT NULL,
    status TEXT NOT NULL,
    justification TEXT,
    detail TEXT,
    author TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    stored_at BIGINT NOT NULL,
    PRIMARY KEY (product_id, vulnerability, purl)
);
"#,
    },
];

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

fn render(sql: &str, dialect: Dialect) -> String {
    let id = match dialect {
        Dialect::Sqlite => "INTEGER PRIMARY KEY",
        Dialect::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    };
    sql.replace("{id}", id)
}

/// Applies every migration newer than the database's version; the versions applied.
/// A database newer than this build is refused rather than written by older code.
pub fn migrate(conn: &mut dyn Conn) -> Result<Vec<i64>, DbError> {
    // Two servers starting on one PostgreSQL database take turns; SQLite's write lock
    // does the same inside each transaction.
    if conn.dialect() == Dialect::Postgres {
        conn.batch("SELECT pg_advisory_lock(7406551)")?;
    }
    let result = migrate_locked(conn);
    if conn.dialect() == Dialect::Postgres {
        conn.batch("SELECT pg_advisory_unlock(7406551)")?;
    }
    result
}

fn migrate_locked(conn: &mut dyn Conn) -> Result<Vec<i64>, DbError> {
    conn.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )?;
    let current = conn
        .query_int(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations",
            &[],
        )?
        .unwrap_or(0);
    if current > latest_version() {
        return Err(DbError::Other(format!(
            "the database is at schema version {current}, newer than this build's {}: upgrade Tollgate",
            latest_version()
        )));
    }
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let dialect = conn.dialect();
        transaction(conn, |c| -> Result<(), DbError> {
            c.batch(&render(m.sql, dialect))?;
            c.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[
                    Value::Int(m.version),
                    m.name.into(),
                    Value::Int(tollgate_core::time::now_unix()),
                ],
            )?;
            Ok(())
        })?;
        applied.push(m.version);
    }
    Ok(applied)
}
