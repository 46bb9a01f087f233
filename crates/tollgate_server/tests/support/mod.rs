//! What the server's tests share: reports made in code, and stores on both engines.
#![allow(dead_code)]

use std::collections::BTreeMap;
use tollgate_core::report::{
    RunTiming, ScanStats, ScannerCoverage, Summary, Target, ToolInfo, Unchecked,
};
use tollgate_core::{Confidence, Finding, Location, RuleId, ScanReport, Severity};
use tollgate_server::db::{Location as DbLocation, Pool};
use tollgate_server::store::Store;

/// A finding: rule id (`scanner/slug`), path, and what makes its fingerprint.
pub struct F<'a>(pub &'a str, pub &'a str, pub &'a str, pub Severity);

pub fn finding(f: &F) -> Finding {
    Finding {
        rule_id: RuleId::parse(f.0).unwrap(),
        title: format!("{} in {}", f.0, f.1),
        message: "found".into(),
        severity: f.3,
        confidence: Confidence::High,
        location: Location::line(f.1, 3),
        cwe: vec![798],
        tags: vec![],
        controls: vec!["pci-dss-4.0.1:8.6.2".into()],
        fingerprint: tollgate_core::fingerprint::fingerprint(f.0, f.1, f.2.as_bytes()),
        fix: None,
        git: None,
        suppression: None,
        diff: None,
        subject: None,
        related: vec![],
        flow: vec![],
        data: BTreeMap::new(),
    }
}

/// A Tollgate report of `scanners` that found `findings`, started at `at` (Unix seconds);
/// `unchecked` lists (scanner, path) the scan could not check.
pub fn report(
    scanners: &[&str],
    findings: &[F],
    at: i64,
    unchecked: &[(&str, &str)],
) -> ScanReport {
    let mut coverage = BTreeMap::new();
    for s in scanners {
        coverage.insert(
            s.to_string(),
            ScannerCoverage {
                ran: true,
                files: 10,
                unchecked: unchecked
                    .iter()
                    .filter(|(sc, _)| sc == s)
                    .map(|(_, p)| Unchecked {
                        path: p.to_string(),
                        reason: "could not be parsed".into(),
                    })
                    .collect(),
            },
        );
    }
    ScanReport {
        schema_version: tollgate_core::report::REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: ".".into(),
            git_commit: None,
            git_branch: None,
            mode: "worktree".into(),
        },
        config_digest: "0".repeat(64),
        scanners: scanners.iter().map(|s| s.to_string()).collect(),
        rules: vec![],
        summary: Summary::default(),
        decision: None,
        findings: findings.iter().map(finding).collect(),
        file_issues: vec![],
        stats: ScanStats::default(),
        coverage,
        timing: RunTiming {
            started_at: tollgate_core::time::rfc3339(at),
            duration_ms: 1,
        },
        rule_meta: vec![],
    }
}

pub fn json(r: &ScanReport) -> Vec<u8> {
    serde_json::to_vec(r).unwrap()
}

/// PostgreSQL for tests: `TOLLGATE_TEST_POSTGRES`, or the machine's local server.
pub fn postgres_base() -> String {
    std::env::var("TOLLGATE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh database for one test: a SQLite file in a temporary directory, or a new
/// PostgreSQL database (dropped when the guard goes).
pub struct TestDb {
    pub location: DbLocation,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb {
            location: DbLocation::Sqlite(dir.path().join("t.db").to_string_lossy().into_owned()),
            _dir: Some(dir),
            pg_name: None,
        }
    }

    pub fn postgres() -> TestDb {
        let base = postgres_base();
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
            panic!("PostgreSQL at {base}: {e} (the suite skips these tests when no server answers)")
        });
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd).unwrap();
        let name = format!("tollgate_t_{}", tollgate_core::fingerprint::hex(&rnd));
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let url = match base.rsplit_once('/') {
            Some((head, _)) => format!("{head}/{name}"),
            None => panic!("TOLLGATE_TEST_POSTGRES must end in /DATABASE"),
        };
        TestDb {
            location: DbLocation::Postgres(url),
            _dir: None,
            pg_name: Some(name),
        }
    }

    pub fn store(&self) -> Store {
        Store::open(Pool::new(self.location.clone(), 4).unwrap()).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            if let Ok(mut admin) = postgres::Client::connect(&postgres_base(), postgres::NoTls) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}
