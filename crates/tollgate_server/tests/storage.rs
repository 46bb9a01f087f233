//! The storage suite: every test runs on SQLite (`sqlite::…`) and on PostgreSQL
//! (`postgres::…`). Where no PostgreSQL server answers, `scripts/test.sh` leaves the
//! `postgres::` half out and the runner counts those tests as skipped.

mod support;

use support::{report, TestDb, F};
use tollgate_core::Severity::{Critical, High, Low, Medium};
use tollgate_server::ingest::from_tollgate;
use tollgate_server::store::{NewProduct, Sla, Store, Triage};

const DAY: i64 = 86_400;
const T0: i64 = 1_780_000_000;

fn product(store: &Store, name: &str, scope: &[&str]) -> i64 {
    store
        .create_product(
            &NewProduct {
                name: name.into(),
                risk_tier: Some("critical".into()),
                owner_team: Some("payments".into()),
                regulatory_scope: scope.iter().map(|s| s.to_string()).collect(),
            },
            T0,
        )
        .unwrap()
        .id
}

fn apply(
    store: &Store,
    p: i64,
    branch: &str,
    r: &tollgate_core::ScanReport,
    now: i64,
) -> tollgate_server::store::Applied {
    let bytes = support::json(r);
    let digest = tollgate_core::fingerprint::sha256_hex(&bytes);
    store
        .apply_scan(p, branch, &digest, &from_tollgate(r.clone()).unwrap(), now)
        .unwrap()
}

/// (fingerprint-making content, status) of a branch's findings, sorted.
fn states(store: &Store, p: i64, branch: &str) -> Vec<(String, String)> {
    let (fs, _) = store
        .findings(
            p,
            &tollgate_server::store::FindingFilter {
                branch: Some(branch.into()),
                status: Some("all".into()),
                ..Default::default()
            },
            &|_| Sla::default(),
        )
        .unwrap();
    let mut v: Vec<_> = fs.into_iter().map(|f| (f.path, f.status)).collect();
    v.sort();
    v
}

fn s(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn a_reimport_changes_nothing(db: TestDb) {
    let store = db.store();
    let p = product(&store, "payments-api", &[]);
    let r1 = report(
        &["secrets", "deps"],
        &[
            F("secrets/aws", "a.env", "k1", High),
            F("deps/vuln", "Cargo.lock", "v1", Critical),
        ],
        T0,
        &[],
    );
    let first = apply(&store, p, "main", &r1, T0);
    assert_eq!((first.created, first.fixed, first.duplicate), (2, 0, false));
    let before = states(&store, p, "main");
    let again = apply(&store, p, "main", &r1, T0 + DAY);
    assert!(again.duplicate, "{again:?}");
    assert_eq!(again.scan_id, first.scan_id);
    assert_eq!(states(&store, p, "main"), before);
    assert_eq!(store.scans(p, 10).unwrap().len(), 1);
    // A second, different scan seeing the same findings moves them from new to open and
    // closes nothing.
    let r2 = report(
        &["secrets", "deps"],
        &[
            F("secrets/aws", "a.env", "k1", High),
            F("deps/vuln", "Cargo.lock", "v1", Critical),
        ],
        T0 + DAY,
        &[],
    );
    let second = apply(&store, p, "main", &r2, T0 + DAY);
    assert_eq!((second.created, second.fixed, second.reopened), (0, 0, 0));
    assert_eq!(
        states(&store, p, "main"),
        s(&[("Cargo.lock", "open"), ("a.env", "open")])
    );
}

fn a_finding_fixed_on_feature_stays_open_on_main(db: TestDb) {
    let store = db.store();
    let p = product(&store, "ledger", &[]);
    let both = report(
        &["secrets"],
        &[F("secrets/aws", "a.env", "k1", High)],
        T0,
        &[],
    );
    apply(&store, p, "main", &both, T0);
    apply(&store, p, "feature/rotate-key", &both, T0);
    let clean = report(&["secrets"], &[], T0 + DAY, &[]);
    let r = apply(&store, p, "feature/rotate-key", &clean, T0 + DAY);
    assert_eq!(r.fixed, 1);
    assert_eq!(
        states(&store, p, "feature/rotate-key"),
        s(&[("a.env", "fixed")])
    );
    assert_eq!(states(&store, p, "main"), s(&[("a.env", "new")]));
    // Another product with the same finding is untouched too.
    let q = product(&store, "cards", &[]);
    apply(&store, q, "main", &both, T0);
    apply(&store, p, "main", &clean, T0 + DAY);
    assert_eq!(states(&store, q, "main"), s(&[("a.env", "new")]));
}

fn a_partial_scan_closes_nothing_of_the_scanners_it_did_not_run(db: TestDb) {
    let store = db.store();
    let p = product(&store, "core-banking", &[]);
    let full = report(
        &["secrets", "deps", "iac"],
        &[
            F("secrets/aws", "a.env", "k1", High),
            F("deps/vuln", "pom.xml", "v1", Critical),
            F("iac/s3-public", "main.tf", "b1", Medium),
        ],
        T0,
        &[],
    );
    apply(&store, p, "main", &full, T0);
    // Only the secrets scanner ran, and found nothing.
    let secrets_only = report(&["secrets"], &[], T0 + DAY, &[]);
    let r = apply(&store, p, "main", &secrets_only, T0 + DAY);
    assert_eq!(r.fixed, 1);
    assert_eq!(
        states(&store, p, "main"),
        s(&[("a.env", "fixed"), ("main.tf", "new"), ("pom.xml", "new")])
    );
    // A scanner listed but that did not start closes nothing either.
    let mut broken = report(&["deps"], &[], T0 + 2 * DAY, &[]);
    broken.coverage.get_mut("deps").unwrap().ran = false;
    assert_eq!(apply(&store, p, "main", &broken, T0 + 2 * DAY).fixed, 0);
    assert_eq!(
        states(&store, p, "main")[2],
        ("pom.xml".into(), "new".into())
    );
}

fn files_a_scanner_could_not_check_keep_their_findings(db: TestDb) {
    let store = db.store();
    let p = product(&store, "cards", &[]);
    let r1 = report(
        &["iac"],
        &[
            F("iac/s3-public", "main.tf", "b1", Medium),
            F("iac/sg-open", "net.tf", "n1", High),
        ],
        T0,
        &[],
    );
    apply(&store, p, "main", &r1, T0);
    // main.tf did not parse this time: its finding is not fixed; net.tf's is.
    let r2 = report(&["iac"], &[], T0 + DAY, &[("iac", "main.tf")]);
    let r = apply(&store, p, "main", &r2, T0 + DAY);
    assert_eq!(r.fixed, 1);
    assert_eq!(
        states(&store, p, "main"),
        s(&[("main.tf", "new"), ("net.tf", "fixed")])
    );
    // A file error reported by the walk protects every scanner's findings in that file.
    let mut r3 = report(&["iac"], &[], T0 + 2 * DAY, &[]);
    r3.file_issues.push(tollgate_core::report::FileIssue {
        path: "main.tf".into(),
        kind: tollgate_core::report::IssueKind::Error,
        line: None,
        source: "walk".into(),
        message: "permission denied".into(),
    });
    assert_eq!(apply(&store, p, "main", &r3, T0 + 2 * DAY).fixed, 0);
}

fn a_fixed_finding_that_returns_is_reopened_with_its_history(db: TestDb) {
    let store = db.store();
    let p = product(&store, "wallet", &[]);
    let with = |at| {
        report(
            &["secrets"],
            &[F("secrets/aws", "a.env", "k1", High)],
            at,
            &[],
        )
    };
    apply(&store, p, "main", &with(T0), T0);
    apply(
        &store,
        p,
        "main",
        &report(&["secrets"], &[], T0 + DAY, &[]),
        T0 + DAY,
    );
    let r = apply(&store, p, "main", &with(T0 + 3 * DAY), T0 + 3 * DAY);
    assert_eq!((r.reopened, r.created), (1, 0));
    let (fs, total) = store
        .findings(p, &Default::default(), &|_| Sla::default())
        .unwrap();
    assert_eq!(total, 1);
    let f = &fs[0];
    assert_eq!(f.status, "reopened");
    assert_eq!(f.first_seen, tollgate_core::time::rfc3339(T0));
    assert_eq!(f.opened_at, tollgate_core::time::rfc3339(T0 + 3 * DAY));
    let (_, _, events) = store.finding(f.id, &|_| Sla::default()).unwrap().unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "fixed", "reopened"]);
}

fn an_older_scan_uploaded_late_changes_nothing(db: TestDb) {
    let store = db.store();
    let p = product(&store, "fx", &[]);
    apply(
        &store,
        p,
        "main",
        &report(
            &["secrets"],
            &[F("secrets/aws", "a.env", "k1", High)],
            T0 + DAY,
            &[],
        ),
        T0 + DAY,
    );
    let late = apply(
        &store,
        p,
        "main",
        &report(&["secrets"], &[], T0, &[]),
        T0 + 2 * DAY,
    );
    assert!(!late.applied && late.fixed == 0, "{late:?}");
    assert_eq!(states(&store, p, "main"), s(&[("a.env", "new")]));
}

fn triage_accept_expire_false_positive_and_reopen(db: TestDb) {
    let store = db.store();
    let p = product(&store, "loans", &[]);
    let r = report(
        &["secrets"],
        &[
            F("secrets/aws", "a.env", "k1", High),
            F("secrets/gh", "b.env", "k2", Low),
        ],
        T0,
        &[],
    );
    apply(&store, p, "main", &r, T0);
    let (fs, _) = store
        .findings(p, &Default::default(), &|_| Sla::default())
        .unwrap();
    let (a, b) = (fs[0].id, fs[1].id);
    let recorded = std::sync::Mutex::new(Vec::new());
    let record = |product: &str, rec: &serde_json::Value| {
        recorded
            .lock()
            .unwrap()
            .push((product.to_string(), rec.clone()));
        Ok(())
    };
    store
        .triage(
            a,
            &Triage::Accept {
                reason: "compensating control CC-12".into(),
                until: T0 + 10 * DAY,
            },
            "alice",
            T0 + DAY,
            &record,
        )
        .unwrap();
    store
        .triage(
            b,
            &Triage::FalsePositive {
                reason: "test fixture".into(),
            },
            "bob",
            T0 + DAY,
            &record,
        )
        .unwrap();
    assert_eq!(recorded.lock().unwrap().len(), 2);
    assert_eq!(recorded.lock().unwrap()[0].1["actor"], "alice");
    // A ledger that refuses makes the decision not happen.
    let refused = store.triage(
        b,
        &Triage::Reopen { reason: "x".into() },
        "eve",
        T0 + DAY,
        &|_, _| Err("disk full".into()),
    );
    assert!(refused.is_err());
    assert_eq!(
        states(&store, p, "main"),
        s(&[("a.env", "accepted"), ("b.env", "false_positive")])
    );
    // Rescans keep both verdicts.
    apply(
        &store,
        p,
        "main",
        &report(
            &["secrets"],
            &[
                F("secrets/aws", "a.env", "k1", High),
                F("secrets/gh", "b.env", "k2", Low),
            ],
            T0 + 2 * DAY,
            &[],
        ),
        T0 + 2 * DAY,
    );
    assert_eq!(
        states(&store, p, "main"),
        s(&[("a.env", "accepted"), ("b.env", "false_positive")])
    );
    // The acceptance lapses at its date.
    assert_eq!(store.sweep(T0 + 11 * DAY).unwrap(), 1);
    assert_eq!(states(&store, p, "main")[0].1, "open");
    store
        .triage(
            b,
            &Triage::Reopen {
                reason: "it was real".into(),
            },
            "carol",
            T0 + 12 * DAY,
            &record,
        )
        .unwrap();
    assert_eq!(states(&store, p, "main")[1].1, "open");
    let (_, _, events) = store.finding(a, &|_| Sla::default()).unwrap().unwrap();
    let e: Vec<_> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        e,
        [
            ("created", "scan"),
            ("accepted", "alice"),
            ("acceptance_expired", "server")
        ]
    );
    // An acceptance must end in the future.
    assert!(store
        .triage(
            a,
            &Triage::Accept {
                reason: "r".into(),
                until: T0
            },
            "alice",
            T0 + 12 * DAY,
            &record
        )
        .is_err());
}

fn kpis_mttr_sla_breaches_and_weekly_counts(db: TestDb) {
    let store = db.store();
    let p = product(&store, "cards-pci", &["pci-dss"]);
    // Day 0: a critical and a high appear. Day 4: the high is fixed (MTTR 4 days).
    apply(
        &store,
        p,
        "main",
        &report(
            &["deps"],
            &[
                F("deps/a", "pom.xml", "a", Critical),
                F("deps/b", "pom.xml", "b", High),
            ],
            T0,
            &[],
        ),
        T0,
    );
    apply(
        &store,
        p,
        "main",
        &report(
            &["deps"],
            &[F("deps/a", "pom.xml", "a", Critical)],
            T0 + 4 * DAY,
            &[],
        ),
        T0 + 4 * DAY,
    );
    let sla = Sla {
        critical: 45,
        ..Sla::default()
    };
    // PCI scope caps the critical SLA at 30 days: at day 31 it is breached.
    let k = store.kpis(p, sla, T0 + 31 * DAY, 8).unwrap();
    assert_eq!(k.sla.critical, 30);
    let crit = &k.severities["critical"];
    assert_eq!((crit.open, crit.breached, crit.due_soon), (1, 1, 0));
    let high = &k.severities["high"];
    assert_eq!((high.open, high.fixed, high.mttr_days), (0, 1, Some(4.0)));
    // At day 25 the critical is due within seven days.
    let k = store.kpis(p, sla, T0 + 25 * DAY, 8).unwrap();
    assert_eq!(k.severities["critical"].due_soon, 1);
    assert_eq!(k.severities["critical"].breached, 0);
    let created: i64 = k.weekly.iter().map(|w| w.created).sum();
    let fixed: i64 = k.weekly.iter().map(|w| w.fixed).sum();
    assert_eq!((created, fixed), (2, 1));
    assert_eq!(k.open_over_time.len(), 2);
    assert_eq!(k.open_over_time[0].open.values().sum::<i64>(), 2);
    assert_eq!(k.open_over_time[1].open.values().sum::<i64>(), 1);
    let pci = k
        .compliance
        .iter()
        .find(|c| c.framework.starts_with("pci"))
        .unwrap();
    assert_eq!(pci.failing_controls, 1, "{pci:?}");
    // Figures are cached per minute, but a change shows at once.
    let (fs, _) = store
        .findings(p, &Default::default(), &|_| Sla::default())
        .unwrap();
    store
        .triage(
            fs[0].id,
            &Triage::FalsePositive {
                reason: "test".into(),
            },
            "ana",
            T0 + 25 * DAY,
            &|_, _| Ok(()),
        )
        .unwrap();
    let k = store.kpis(p, sla, T0 + 25 * DAY, 8).unwrap();
    assert_eq!(k.severities["critical"].open, 0);
}

fn migrations_apply_once_and_a_second_open_changes_nothing(db: TestDb) {
    let store = db.store();
    product(&store, "a", &[]);
    drop(store);
    let again = db.store();
    assert_eq!(again.products(None).unwrap().len(), 1);
}

fn a_large_import_is_one_transaction_of_set_based_statements(db: TestDb) {
    let store = db.store();
    let p = product(&store, "bulk", &[]);
    let n = 20_000;
    let names: Vec<String> = (0..n).map(|i| format!("src/f{i}.java")).collect();
    let fs: Vec<F> = names
        .iter()
        .map(|n| F("secrets/aws", n, n, Medium))
        .collect();
    let r = apply(&store, p, "main", &report(&["secrets"], &fs, T0, &[]), T0);
    assert_eq!(r.created, n as i64);
    let half: Vec<F> = names[..n / 2]
        .iter()
        .map(|n| F("secrets/aws", n, n, Medium))
        .collect();
    let r = apply(
        &store,
        p,
        "main",
        &report(&["secrets"], &half, T0 + DAY, &[]),
        T0 + DAY,
    );
    assert_eq!((r.fixed, r.created), ((n / 2) as i64, 0));
    let (_, total) = store
        .findings(p, &Default::default(), &|_| Sla::default())
        .unwrap();
    assert_eq!(total, (n / 2) as i64);
}

fn a_database_newer_than_this_build_is_refused(db: TestDb) {
    drop(db.store());
    {
        let pool = tollgate_server::db::Pool::new(db.location.clone(), 1).unwrap();
        pool.with(|c| {
            c.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)",
                &[],
            )
        })
        .unwrap();
    }
    let err = Store::open(tollgate_server::db::Pool::new(db.location.clone(), 1).unwrap())
        .err()
        .expect("refused");
    assert!(err.to_string().contains("newer than this build"), "{err}");
}

fn a_bom_is_a_deps_scan_with_its_inventory(db: TestDb) {
    let store = db.store();
    let p = product(&store, "cards", &[]);
    let full = report(
        &["secrets", "deps", "iac"],
        &[
            F("secrets/aws", "a.env", "k1", High),
            F("deps/vuln", "pom.xml", "v1", Critical),
            F("iac/s3-public", "main.tf", "b1", Medium),
        ],
        T0,
        &[],
    );
    apply(&store, p, "main", &full, T0);
    // A BOM checked against no database: every component unchecked, nothing closed.
    let bom = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "metadata": {"timestamp": tollgate_core::time::rfc3339(T0 + DAY)},
        "components": [
            {"name": "a", "version": "1.0.0", "purl": "pkg:cargo/a@1.0.0",
             "licenses": [{"expression": "MIT OR Apache-2.0"}],
             "properties": [{"name": "tollgate:lockfile", "value": "pom.xml"}],
             "components": [{"name": "b", "version": "2", "purl": "pkg:npm/b@2.0.0"}]}
        ]
    });
    let bytes = serde_json::to_vec(&bom).unwrap();
    let inc = tollgate_server::ingest::parse(&bytes, None).unwrap();
    assert_eq!(inc.unchecked_components.len(), 2);
    let digest = tollgate_core::fingerprint::sha256_hex(&bytes);
    let r = store
        .apply_scan(p, "main", &digest, &inc, T0 + DAY)
        .unwrap();
    assert_eq!((r.fixed, r.created), (0, 0));
    assert_eq!(
        states(&store, p, "main"),
        s(&[("a.env", "new"), ("main.tf", "new"), ("pom.xml", "new")])
    );
    // Checked and clean: the deps finding is fixed, secrets and IaC are not touched.
    let mut clean = inc.clone();
    clean.unchecked.clear();
    clean.started_at = Some(T0 + 2 * DAY);
    let r = store
        .apply_scan(p, "main", "other", &clean, T0 + 2 * DAY)
        .unwrap();
    assert_eq!(r.fixed, 1);
    assert_eq!(
        states(&store, p, "main"),
        s(&[("a.env", "new"), ("main.tf", "new"), ("pom.xml", "fixed")])
    );
    let rows = store
        .pool
        .with(|c| {
            c.query(
                "SELECT purl, name, version, licenses FROM inventory WHERE scan_id = $1 ORDER BY purl",
                &[tollgate_server::db::Value::Int(r.scan_id)],
            )
        })
        .unwrap();
    let got: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|v| v.string()).collect())
        .collect();
    assert_eq!(
        got,
        [
            ["pkg:cargo/a@1.0.0", "a", "1.0.0", "MIT OR Apache-2.0"],
            ["pkg:npm/b@2.0.0", "b", "2", ""]
        ]
    );
}

/// A dependency finding of `purl` for advisory GHSA-test (alias CVE-2099-1).
fn dep_finding(purl: &str) -> tollgate_core::Finding {
    let mut f = support::finding(&F("deps/vulnerable-package", "pom.xml", purl, High));
    let (name, version) = purl.rsplit_once('@').unwrap();
    f.subject = Some(tollgate_core::Subject::Package(
        tollgate_core::PackageSubject {
            ecosystem: "Maven".into(),
            name: name.into(),
            version: version.into(),
            purl: purl.into(),
            advisory: Some("GHSA-test".into()),
            aliases: vec!["CVE-2099-1".into()],
            ..Default::default()
        },
    ));
    f
}

fn dep_report(purls: &[&str], at: i64) -> tollgate_core::ScanReport {
    let mut r = report(&["deps"], &[], at, &[]);
    r.findings = purls.iter().map(|p| dep_finding(p)).collect();
    r
}

fn openvex(author: &str, at: i64, statements: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.test/vex/1",
        "author": author,
        "timestamp": tollgate_core::time::rfc3339(at),
        "version": 1,
        "statements": statements,
    }))
    .unwrap()
}

fn vex_statuses(store: &Store, p: i64) -> Vec<(String, String, Option<String>)> {
    let (fs, _) = store
        .findings(
            p,
            &tollgate_server::store::FindingFilter {
                status: Some("all".into()),
                ..Default::default()
            },
            &|_| Sla::default(),
        )
        .unwrap();
    let mut v: Vec<_> = fs
        .into_iter()
        .map(|f| (f.fingerprint, f.status, f.triage_by))
        .collect();
    v.sort();
    v
}

fn vex_statements_apply_to_one_product_and_last(db: TestDb) {
    use std::cell::RefCell;
    let store = db.store();
    let a = product(&store, "alpha", &[]);
    let b = product(&store, "bravo", &[]);
    let vulnerable = "pkg:maven/com.example/lib@1.0.0";
    apply(&store, a, "main", &dep_report(&[vulnerable], T0), T0);
    apply(&store, b, "main", &dep_report(&[vulnerable], T0), T0);
    let ledger: RefCell<Vec<(String, serde_json::Value)>> = RefCell::default();
    let record = |name: &str, r: &serde_json::Value| {
        ledger.borrow_mut().push((name.to_string(), r.clone()));
        Ok(())
    };

    // not_affected with a justification: a false positive, by its author, in the ledger.
    let doc = openvex(
        "Jane Doe <jane@bank.example>",
        T0 + DAY,
        serde_json::json!([{
            "vulnerability": {"name": "CVE-2099-1"},
            "products": [{"@id": vulnerable}],
            "status": "not_affected",
            "justification": "vulnerable_code_not_in_execute_path"
        }]),
    );
    let stmts = tollgate_server::vex::parse(&doc).unwrap();
    let r = store.apply_vex(a, &stmts, T0 + DAY, &record).unwrap();
    assert_eq!((r.stored, r.marked), (1, 1));
    let fa = vex_statuses(&store, a);
    assert_eq!(fa[0].1, "false_positive");
    assert_eq!(fa[0].2.as_deref(), Some("vex:Jane Doe <jane@bank.example>"));
    {
        let l = ledger.borrow();
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].0, "alpha");
        assert_eq!(l[0].1["kind"], "triage");
        assert_eq!(l[0].1["action"], "false_positive");
        assert_eq!(l[0].1["actor"], "vex:Jane Doe <jane@bank.example>");
        assert!(l[0].1["detail"]
            .as_str()
            .unwrap()
            .contains("vulnerable_code_not_in_execute_path"));
    }
    // Product B is not touched.
    assert_eq!(vex_statuses(&store, b)[0].1, "new");

    // The same document again changes nothing.
    let r = store.apply_vex(a, &stmts, T0 + DAY, &record).unwrap();
    assert_eq!(r, tollgate_server::vex::VexApplied::default());
    assert_eq!(ledger.borrow().len(), 1);

    // A rescan keeps the verdict.
    apply(
        &store,
        a,
        "main",
        &dep_report(&[vulnerable], T0 + 2 * DAY),
        T0 + 2 * DAY,
    );
    store.apply_stored_vex(a, T0 + 2 * DAY, &record).unwrap();
    assert_eq!(vex_statuses(&store, a)[0].1, "false_positive");
    assert_eq!(ledger.borrow().len(), 1);

    // A later `affected` statement replaces it: the finding is open again.
    let later = openvex(
        "Jane Doe <jane@bank.example>",
        T0 + 3 * DAY,
        serde_json::json!([{
            "vulnerability": {"name": "GHSA-test"},
            "products": [{"@id": vulnerable}],
            "status": "affected",
            "action_statement": "upgrade"
        }]),
    );
    // (a different id of the same advisory: a statement of its own)
    let r = store
        .apply_vex(
            a,
            &tollgate_server::vex::parse(&later).unwrap(),
            T0 + 3 * DAY,
            &record,
        )
        .unwrap();
    assert_eq!((r.stored, r.reopened), (1, 1));
    assert_eq!(vex_statuses(&store, a)[0].1, "open");
    assert_eq!(ledger.borrow()[1].1["action"], "reopened_by_triage");

    // An older statement uploaded late is ignored.
    let older = openvex(
        "Someone",
        T0 + 2 * DAY,
        serde_json::json!([{
            "vulnerability": {"name": "GHSA-test"},
            "products": [{"@id": vulnerable}],
            "status": "not_affected",
            "impact_statement": "not reachable"
        }]),
    );
    let r = store
        .apply_vex(
            a,
            &tollgate_server::vex::parse(&older).unwrap(),
            T0 + 4 * DAY,
            &record,
        )
        .unwrap();
    assert_eq!((r.older, r.marked), (1, 0));
    assert_eq!(vex_statuses(&store, a)[0].1, "open");

    // A statement for a package (any version) that the product does not have yet: the
    // finding is marked when it arrives.
    let ahead = openvex(
        "Ops <ops@bank.example>",
        T0 + 5 * DAY,
        serde_json::json!([{
            "vulnerability": "CVE-2099-1",
            "products": ["pkg:maven/com.example/other"],
            "status": "fixed"
        }]),
    );
    store
        .apply_vex(
            a,
            &tollgate_server::vex::parse(&ahead).unwrap(),
            T0 + 5 * DAY,
            &record,
        )
        .unwrap();
    let other = "pkg:maven/com.example/other@2.0.0";
    apply(
        &store,
        a,
        "main",
        &dep_report(&[vulnerable, other], T0 + 6 * DAY),
        T0 + 6 * DAY,
    );
    let (marked, _) = store.apply_stored_vex(a, T0 + 6 * DAY, &record).unwrap();
    assert_eq!(marked, 1);
    let st: Vec<String> = vex_statuses(&store, a).into_iter().map(|s| s.1).collect();
    let mut st = st;
    st.sort();
    assert_eq!(st, ["false_positive", "open"]);
    assert_eq!(vex_statuses(&store, b)[0].1, "new");
}

#[test]
fn vex_without_a_justification_is_refused_naming_the_statement() {
    let doc = openvex(
        "x",
        T0,
        serde_json::json!([
            {"vulnerability": {"name": "CVE-1"}, "status": "affected"},
            {"vulnerability": {"name": "CVE-2"}, "products": [{"@id": "pkg:npm/a@1.0.0"}], "status": "not_affected"}
        ]),
    );
    let e = tollgate_server::vex::parse(&doc).unwrap_err().to_string();
    assert!(
        e.contains("statements[1]") && e.contains("justification"),
        "{e}"
    );
    let e = tollgate_server::vex::parse(b"{\"statements\": [\n{]")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2"), "{e}");
    let mut no_author: serde_json::Value =
        serde_json::from_slice(&openvex("", T0, serde_json::json!([]))).unwrap();
    no_author["statements"] = serde_json::json!([{"vulnerability": "CVE-1", "status": "fixed"}]);
    let e = tollgate_server::vex::parse(&serde_json::to_vec(&no_author).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("author"), "{e}");
}

macro_rules! suite {
    ($engine:ident, $make:expr) => {
        mod $engine {
            use super::*;
            #[test]
            fn a_reimport_changes_nothing() {
                super::a_reimport_changes_nothing($make)
            }
            #[test]
            fn a_finding_fixed_on_feature_stays_open_on_main() {
                super::a_finding_fixed_on_feature_stays_open_on_main($make)
            }
            #[test]
            fn a_partial_scan_closes_nothing_of_the_scanners_it_did_not_run() {
                super::a_partial_scan_closes_nothing_of_the_scanners_it_did_not_run($make)
            }
            #[test]
            fn files_a_scanner_could_not_check_keep_their_findings() {
                super::files_a_scanner_could_not_check_keep_their_findings($make)
            }
            #[test]
            fn a_fixed_finding_that_returns_is_reopened_with_its_history() {
                super::a_fixed_finding_that_returns_is_reopened_with_its_history($make)
            }
            #[test]
            fn an_older_scan_uploaded_late_changes_nothing() {
                super::an_older_scan_uploaded_late_changes_nothing($make)
            }
            #[test]
            fn triage_accept_expire_false_positive_and_reopen() {
                super::triage_accept_expire_false_positive_and_reopen($make)
            }
            #[test]
            fn kpis_mttr_sla_breaches_and_weekly_counts() {
                super::kpis_mttr_sla_breaches_and_weekly_counts($make)
            }
            #[test]
            fn migrations_apply_once_and_a_second_open_changes_nothing() {
                super::migrations_apply_once_and_a_second_open_changes_nothing($make)
            }
            #[test]
            fn a_database_newer_than_this_build_is_refused() {
                super::a_database_newer_than_this_build_is_refused($make)
            }
            #[test]
            fn vex_statements_apply_to_one_product_and_last() {
                super::vex_statements_apply_to_one_product_and_last($make)
            }
            #[test]
            fn a_bom_is_a_deps_scan_with_its_inventory() {
                super::a_bom_is_a_deps_scan_with_its_inventory($make)
            }
            #[test]
            fn a_large_import_is_one_transaction_of_set_based_statements() {
                super::a_large_import_is_one_transaction_of_set_based_statements($make)
            }
        }
    };
}

suite!(sqlite, TestDb::sqlite());
suite!(postgres, TestDb::postgres());
