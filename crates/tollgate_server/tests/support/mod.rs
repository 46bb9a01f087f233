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

/// A server running on a loopback port for one test, with its first admin token.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub admin: String,
    pub app: std::sync::Arc<tollgate_server::api::App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Running {
    pub fn start(tune: impl FnOnce(&mut tollgate_server::ServerConfig)) -> Running {
        Running::start_bound(|cfg, _| tune(cfg))
    }

    /// As [`Running::start`], with the address the server will listen on known to the
    /// configuration (for settings that name the server's own address).
    pub fn start_bound(
        tune: impl FnOnce(&mut tollgate_server::ServerConfig, std::net::SocketAddr),
    ) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = tollgate_server::ServerConfig {
            data_dir: dir.path().to_path_buf(),
            ..Default::default()
        };
        let bound = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        bound.set_nonblocking(true).unwrap();
        tune(&mut cfg, bound.local_addr().unwrap());
        let server = tollgate_server::Server::open(cfg).unwrap();
        let token_file = server.bootstrap_admin().unwrap().unwrap();
        let admin = std::fs::read_to_string(token_file)
            .unwrap()
            .trim()
            .to_string();
        let app = server.app.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(bound).unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                server
                    .serve(listener, async {
                        let _ = rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Running {
            addr,
            admin,
            app,
            stop: Some(tx),
            thread: Some(thread),
            _dir: dir,
        }
    }

    /// `(status, headers, body)` of one request.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        self.call_with(method, path, token, body, &[])
    }

    pub fn call_with(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
        headers: &[(&str, &str)],
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        use tollgate_dast::http::{send, Limits, Request, Url};
        let url = Url::parse(&format!("http://{}{}", self.addr, path)).unwrap();
        let mut req = Request::new(method, url);
        if let Some(t) = token {
            req.headers
                .push(("Authorization".into(), format!("Bearer {t}")));
        }
        for (k, v) in headers {
            req.headers.push((k.to_string(), v.to_string()));
        }
        if let Some((ct, b)) = body {
            req.headers.push(("Content-Type".into(), ct.into()));
            req.body = b.to_vec();
        }
        let limits = Limits {
            max_body_bytes: 64 << 20,
            ..Limits::default()
        };
        let r = send(&req, std::time::Duration::from_secs(60), &limits, None).unwrap();
        (r.status, r.headers, r.body)
    }

    /// JSON of a call that must answer `want`.
    pub fn json(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
        want: u16,
    ) -> serde_json::Value {
        let b = body.map(|b| serde_json::to_vec(&b).unwrap());
        let (status, _, out) = self.call(
            method,
            path,
            Some(token),
            b.as_deref().map(|b| ("application/json", b)),
        );
        assert_eq!(
            status,
            want,
            "{method} {path}: {}",
            String::from_utf8_lossy(&out)
        );
        serde_json::from_slice(&out).unwrap_or(serde_json::Value::Null)
    }

    /// A token made through the API.
    pub fn token(&self, name: &str, role: &str, product: Option<&str>) -> String {
        let v = self.json(
            "POST",
            "/api/v1/tokens",
            &self.admin,
            Some(serde_json::json!({"name": name, "role": role, "product": product})),
            201,
        );
        v["token"].as_str().unwrap().to_string()
    }

    /// Uploads a report and waits until it is applied; the import record.
    pub fn upload(
        &self,
        token: &str,
        product: &str,
        branch: &str,
        report: &[u8],
    ) -> serde_json::Value {
        let (status, _, out) = self.call(
            "POST",
            &format!("/api/v1/products/{product}/imports?branch={branch}"),
            Some(token),
            Some(("application/json", report)),
        );
        assert!(
            status == 202 || status == 200,
            "{status}: {}",
            String::from_utf8_lossy(&out)
        );
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(self
            .app
            .imports
            .wait_idle(&self.app.store, std::time::Duration::from_secs(120)));
        self.json(
            "GET",
            &format!("/api/v1/imports/{}", v["id"]),
            token,
            None,
            200,
        )
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
