//! CycloneDX and OpenVEX uploads end to end: components matched against the server's
//! advisory database (the test advisories of tollgate_deps), findings like `tollgate
//! scan`'s, the unchecked list, limits and idempotence; VEX statements applied per
//! product, now and to findings that arrive later.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::{json as report_json, report, Running, F};
use tollgate_core::Severity::High;

const T0: i64 = 1_780_000_000;

fn advisories() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tollgate_deps/resources/test/fixtures/osv");
    tollgate_deps::Store::import(dir.path(), &fixtures, "2026-11-01T00:00:00Z").unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn server(db: &Path) -> Running {
    let db = db.to_path_buf();
    let srv = Running::start(move |c| c.advisory_db = Some(db));
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "pay", "risk_tier": "critical", "regulatory_scope": ["pci-dss"]})),
        201,
    );
    srv
}

fn bom(at: i64, components: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {"timestamp": tollgate_core::time::rfc3339(at)},
        "components": components,
    }))
    .unwrap()
}

fn log4j(version: &str) -> Value {
    json!({
        "type": "library",
        "name": "log4j-core",
        "version": version,
        "purl": format!("pkg:maven/org.apache.logging.log4j/log4j-core@{version}"),
        "licenses": [{"license": {"id": "Apache-2.0"}}],
        "properties": [{"name": "tollgate:lockfile", "value": "pom.xml"}]
    })
}

fn findings(srv: &Running) -> Vec<Value> {
    let v = srv.json(
        "GET",
        "/api/v1/products/pay/findings?branch=main&status=all",
        &srv.admin,
        None,
        200,
    );
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn a_vulnerable_component_is_a_deps_finding_like_a_scans() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    assert_eq!(imp["status"], "done", "{imp}");
    assert_eq!(imp["format"], "cyclonedx");
    assert_eq!(imp["unchecked"], json!([]));
    let fs = findings(&srv);
    assert_eq!(fs.len(), 1, "{fs:?}");
    let f = &fs[0];
    assert_eq!(f["rule_id"], "deps/vulnerable-package");
    assert_eq!(f["scanner"], "deps");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["path"], "pom.xml");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("GHSA-jfh8-c2jp-5v3q"));

    // The dependency scanner, given the same package in the same lockfile, fingerprints
    // it the same way: a scan of the tree and this BOM are one finding.
    let scanner = tollgate_deps::DepsScanner::new(tollgate_deps::Mode::Check(
        tollgate_deps::Store::open(&db).unwrap(),
    ));
    let pkg = tollgate_deps::Package {
        ecosystem: tollgate_deps::Ecosystem::Maven,
        name: "org.apache.logging.log4j:log4j-core".into(),
        version: "2.14.1".into(),
        line: 7,
        direct: Some(true),
        dev: None,
        checksum: None,
        registry: true,
        dependencies: Vec::new(),
        license: None,
    };
    let (scan, err) = scanner.check("pom.xml", &[pkg]);
    assert!(err.is_none());
    assert_eq!(scan.len(), 1);
    assert_eq!(scan[0].fingerprint, f["fingerprint"].as_str().unwrap());
    assert_eq!(scan[0].rule_id.as_str(), f["rule_id"].as_str().unwrap());

    // The same BOM again changes nothing.
    let again = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    assert_eq!(again["id"], imp["id"]);
    assert_eq!(findings(&srv), fs);
}

#[test]
fn a_fixed_version_is_no_finding_and_closes_the_old_one() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0 + 60, json!([log4j("2.15.0")])),
    );
    assert_eq!(imp["status"], "done", "{imp}");
    let fs = findings(&srv);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["status"], "fixed");
}

#[test]
fn an_sbom_leaves_the_branchs_secrets_findings_open() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let r = report(
        &["secrets"],
        &[F("secrets/aws", "a.env", "ka", High)],
        T0,
        &[],
    );
    srv.upload(&srv.admin, "pay", "main", &report_json(&r));
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0 + 60, json!([log4j("2.15.0")])),
    );
    assert_eq!(imp["status"], "done", "{imp}");
    let fs = findings(&srv);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["scanner"], "secrets");
    assert_eq!(fs[0]["status"], "new", "{fs:?}");
}

#[test]
fn components_that_cannot_be_checked_are_listed_and_keep_their_findings() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    // A finding in the lockfile the unchecked components come from.
    srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    let doc = bom(
        T0 + 60,
        json!([
            {"type": "library", "name": "no-purl", "version": "1.0",
             "properties": [{"name": "tollgate:lockfile", "value": "pom.xml"}]},
            {"type": "library", "name": "openssl", "version": "3.0.2",
             "purl": "pkg:deb/debian/openssl@3.0.2"},
            {"type": "library", "name": "left-pad", "version": "not a version",
             "purl": "pkg:npm/left-pad@not%20a%20version"},
            {"type": "library", "name": "serde", "version": "1.0.0",
             "purl": "pkg:cargo/serde@1.0.0"}
        ]),
    );
    let imp = srv.upload(&srv.admin, "pay", "main", &doc);
    assert_eq!(imp["status"], "done", "{imp}");
    let unchecked: Vec<&str> = imp["unchecked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(unchecked.len(), 4, "{unchecked:?}");
    assert!(unchecked.contains(&"no-purl 1.0: no purl"), "{unchecked:?}");
    assert!(
        unchecked.contains(&"pkg:deb/debian/openssl@3.0.2: no advisories for purl type `deb`"),
        "{unchecked:?}"
    );
    assert!(
        unchecked
            .iter()
            .any(|u| u.starts_with("pkg:npm/left-pad") && u.contains("does not parse")),
        "{unchecked:?}"
    );
    // The test database has no crates.io advisories: not checked, not clean.
    assert!(
        unchecked
            .contains(&"pkg:cargo/serde@1.0.0: the advisory database has no crates.io advisories"),
        "{unchecked:?}"
    );
    assert!(imp["message"]
        .as_str()
        .unwrap()
        .contains("4 components not checked"));
    // The log4j finding's lockfile held a component that could not be checked: it stays.
    let fs = findings(&srv);
    assert_eq!(fs[0]["status"], "new", "{fs:?}");
}

#[test]
fn nested_components_are_matched_too() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let doc = bom(
        T0,
        json!([{
            "type": "application", "name": "app", "version": "1", "purl": "pkg:maven/com.example/app@1.0.0",
            "components": [{
                "type": "library", "name": "inner", "version": "1", "purl": "pkg:nuget/Newtonsoft.Json@12.0.3",
                "components": [log4j("2.14.1")]
            }]
        }]),
    );
    let imp = srv.upload(&srv.admin, "pay", "main", &doc);
    assert_eq!(imp["status"], "done", "{imp}");
    let mut got: Vec<(String, String)> = findings(&srv)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("pom.xml".to_string(), "critical".to_string()),
            ("sbom".to_string(), "high".to_string())
        ]
    );
}

#[test]
fn a_malformed_or_unbounded_bom_is_refused_saying_where() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let (status, _, body) = srv.call(
        "POST",
        "/api/v1/products/pay/imports?branch=main",
        Some(&srv.admin),
        Some((
            "application/json",
            b"{\"bomFormat\": \"CycloneDX\",\n \"components\": [ {\"name\": }",
        )),
    );
    let body = String::from_utf8_lossy(&body);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("line 2") && body.contains("column"), "{body}");

    // Nesting past the limit: the import fails and says why; the worker goes on.
    let mut deep = json!([]);
    for _ in 0..40 {
        deep = json!([{"name": "x", "components": deep}]);
    }
    let imp = srv.upload(&srv.admin, "pay", "main", &bom(T0, deep));
    assert_eq!(imp["status"], "failed");
    assert!(
        imp["message"].as_str().unwrap().contains("nested deeper"),
        "{imp}"
    );
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    assert_eq!(imp["status"], "done", "{imp}");
}

#[test]
fn without_an_advisory_database_nothing_is_clean() {
    let missing = tempfile::tempdir().unwrap();
    let srv = server(&missing.path().join("none"));
    srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0, json!([log4j("2.14.1")])),
    );
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &bom(T0 + 60, json!([log4j("2.14.2")])),
    );
    assert_eq!(imp["status"], "done", "{imp}");
    assert_eq!(
        imp["unchecked"][0],
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.2: the server has no advisory database"
    );
    assert!(findings(&srv).is_empty());
}

#[test]
fn an_openvex_upload_marks_the_products_findings_now_and_later() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "other", "risk_tier": "critical"})),
        201,
    );
    let doc = bom(T0, json!([log4j("2.14.1")]));
    srv.upload(&srv.admin, "pay", "main", &doc);
    srv.upload(&srv.admin, "other", "main", &doc);
    let vex = serde_json::to_vec(&json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://bank.example/vex/2026-1",
        "author": "Security Team <sec@bank.example>",
        "timestamp": "2026-11-30T10:00:00Z",
        "version": 1,
        "statements": [{
            "vulnerability": {"name": "CVE-2021-44228"},
            "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
            "status": "not_affected",
            "justification": "vulnerable_code_cannot_be_controlled_by_adversary",
            "impact_statement": "JNDI lookups are disabled"
        }]
    }))
    .unwrap();
    let imp = srv.upload(&srv.admin, "pay", "main", &vex);
    assert_eq!(imp["status"], "done", "{imp}");
    assert_eq!(imp["format"], "openvex");
    assert!(
        imp["message"]
            .as_str()
            .unwrap()
            .contains("1 findings marked false positive"),
        "{imp}"
    );
    let fs = findings(&srv);
    assert_eq!(fs[0]["status"], "false_positive");
    assert_eq!(fs[0]["triage_by"], "vex:Security Team <sec@bank.example>");
    assert!(fs[0]["triage_reason"]
        .as_str()
        .unwrap()
        .contains("JNDI lookups are disabled"));
    let page = srv.json(
        "GET",
        &format!("/api/v1/findings/{}", fs[0]["id"]),
        &srv.admin,
        None,
        200,
    );
    assert!(page.to_string().contains("vex:Security Team"), "{page}");
    // The other product keeps its finding open.
    let other = srv.json(
        "GET",
        "/api/v1/products/other/findings",
        &srv.admin,
        None,
        200,
    );
    assert_eq!(other["findings"][0]["status"], "new");
    // The same document on another branch changes nothing.
    let again = srv.upload(&srv.admin, "pay", "feature", &vex);
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .contains("nothing changed"),
        "{again}"
    );
    // A finding that arrives after the statement (the same BOM on a new branch) is marked.
    srv.upload(&srv.admin, "pay", "release", &doc);
    let rel = srv.json(
        "GET",
        "/api/v1/products/pay/findings?branch=release&status=all",
        &srv.admin,
        None,
        200,
    );
    assert_eq!(rel["findings"][0]["status"], "false_positive", "{rel}");
    // Refused without a justification, naming the statement.
    let mut bad: Value = serde_json::from_slice(&vex).unwrap();
    bad["statements"][0]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k != "justification" && k != "impact_statement");
    let imp = srv.upload(
        &srv.admin,
        "pay",
        "main",
        &serde_json::to_vec(&bad).unwrap(),
    );
    assert_eq!(imp["status"], "failed");
    assert!(
        imp["message"].as_str().unwrap().contains("statements[0]"),
        "{imp}"
    );
}

#[test]
fn a_boms_vulnerabilities_are_findings_and_their_analysis_applies() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let doc = serde_json::to_vec(&json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {"timestamp": tollgate_core::time::rfc3339(T0),
                     "tools": {"components": [{"name": "other-scanner", "version": "3"}]}},
        "components": [
            {"bom-ref": "nj", "name": "Newtonsoft.Json", "version": "12.0.3",
             "purl": "pkg:nuget/Newtonsoft.Json@12.0.3"},
            {"bom-ref": "sd", "name": "serde", "version": "1.0.0", "purl": "pkg:cargo/serde@1.0.0"}
        ],
        "vulnerabilities": [
            // Also found by the server's own matching: one finding, not two.
            {"id": "GHSA-5crp-9r3c-p9vr", "affects": [{"ref": "nj"}],
             "analysis": {"state": "not_affected", "justification": "code_not_reachable",
                          "detail": "only used for serialisation of our own types"}},
            {"id": "CVE-2099-7", "ratings": [{"severity": "medium"}], "affects": [{"ref": "sd"}],
             "description": "made up"}
        ]
    }))
    .unwrap();
    let imp = srv.upload(&srv.admin, "pay", "main", &doc);
    assert_eq!(imp["status"], "done", "{imp}");
    let mut got: Vec<(String, String, String)> = findings(&srv)
        .iter()
        .map(|f| {
            (
                f["message"]
                    .as_str()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "Newtonsoft.Json 12.0.3".to_string(),
                "high".to_string(),
                "false_positive".to_string()
            ),
            (
                "serde 1.0.0".to_string(),
                "medium".to_string(),
                "new".to_string()
            )
        ]
    );
    let fs = findings(&srv);
    let nj = fs.iter().find(|f| f["status"] == "false_positive").unwrap();
    assert_eq!(nj["triage_by"], "vex:cyclonedx:other-scanner 3");
}

#[test]
fn a_git_or_path_dependency_is_listed_not_matched() {
    let (_keep, db) = advisories();
    let srv = server(&db);
    let mut git = log4j("2.14.1");
    git["properties"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "tollgate:registry", "value": "false"}));
    let mut vcs = log4j("2.14.0");
    vcs["purl"] = json!("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0?vcs_url=git%2Bhttps://example.test/l.git");
    let imp = srv.upload(&srv.admin, "pay", "main", &bom(T0, json!([git, vcs])));
    assert_eq!(imp["status"], "done", "{imp}");
    assert!(findings(&srv).is_empty());
    let unchecked = imp["unchecked"].as_array().unwrap();
    assert_eq!(unchecked.len(), 2, "{imp}");
    assert!(unchecked
        .iter()
        .all(|u| u.as_str().unwrap().contains("not a registry release")));
}
