//! GitLab security reports: every one written conforms to GitLab's published schema
//! (vendored in resources/gitlab-schemas, checked with check-jsonschema), for hand-built
//! reports and for random ones that use every part of the model; and they say what GitLab
//! must know: what was left out, what did not run.

mod common;
use common::{report, Rng};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use tollgate_core::report::{RunTiming, ScanStats, Summary, Unchecked};
use tollgate_core::*;
use tollgate_report::gitlab::{self, Kind};

const KINDS: [Kind; 2] = [Kind::SecretDetection, Kind::DependencyScanning];

fn schema(kind: Kind) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/gitlab-schemas")
        .join(kind.schema_file())
}

/// Run check-jsonschema on `docs` against `kind`'s schema; `Err` with its output when any
/// does not conform. A validator that cannot run is a failure, never a pass.
fn check(kind: Kind, docs: &[String]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = dir.path().join(format!("report-{i}.json"));
            std::fs::write(&p, d).unwrap();
            p
        })
        .collect();
    let o = Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(schema(kind))
        .args(&files)
        .output()
        .expect("check-jsonschema is not installed: run scripts/setup.sh");
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

fn meta(scanner: &str, slug: &str, severity: Severity, cwe: u32) -> RuleMeta {
    RuleMeta {
        id: RuleId::new(scanner, slug),
        title: format!("{slug} title"),
        severity,
        confidence: Confidence::High,
        cwe: vec![cwe],
        tags: vec![],
        doc: String::new(),
        remediation: "Rotate it.".into(),
        references: vec![format!("https://cwe.mitre.org/data/definitions/{cwe}.html")],
        examples: Examples::default(),
        aliases: Vec::new(),
    }
}

/// A scan with two secrets (one approved as an exception), one from the history, and one
/// vulnerable package; secrets saw an unreadable file.
fn sample() -> ScanReport {
    let key = meta("secrets", "aws-access-key-id", Severity::High, 798);
    let vuln = meta("deps", "vulnerable-package", Severity::Critical, 1395);
    let mut a = Finding::of_rule(
        &key,
        Location::file("deploy/prod.env", (3, 19), (3, 39))
            .with_snippet("aws_access_key_id=AKIA…(20 chars)".into()),
        "f".repeat(32),
    );
    a.message = "AWS access key ID `AKIA…(20 chars)`".into();
    a.controls = vec!["pci-dss-4.0.1:8.6.2".into()];
    let mut suppressed =
        Finding::of_rule(&key, Location::line("tests/fixture.env", 1), "e".repeat(32));
    suppressed.suppression = Some(Suppression::simple(
        SuppressionKind::Exception,
        "sandbox key",
    ));
    let mut old = Finding::of_rule(&key, Location::line("old.env", 2), "d".repeat(32));
    old.git = Some(GitProvenance {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        author: "Dana Dev".into(),
        email: "dana@bank.example".into(),
        date: "2026-01-02T03:04:05+00:00".into(),
        ..Default::default()
    });
    let mut pkg = Finding::of_rule(&vuln, Location::line("Cargo.lock", 41), "c".repeat(32));
    pkg.message = "h2 0.3.17 is affected by RUSTSEC-2023-0034".into();
    pkg.subject = Some(Subject::Package(PackageSubject {
        ecosystem: "crates.io".into(),
        name: "h2".into(),
        version: "0.3.17".into(),
        purl: "pkg:cargo/h2@0.3.17".into(),
        advisory: Some("RUSTSEC-2023-0034".into()),
        aliases: vec!["CVE-2023-26964".into(), "GHSA-f8vr-r385-rh5r".into()],
        fixed_version: Some("0.3.18".into()),
        direct: Some(false),
        license: None,
    }));
    pkg.data.insert(
        "cvss_vector".into(),
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H".into(),
    );
    let mut coverage = std::collections::BTreeMap::new();
    coverage.insert(
        "secrets".to_string(),
        ScannerCoverage {
            ran: true,
            files: 4,
            unchecked: vec![Unchecked {
                path: "secret.bin".into(),
                reason: "permission denied".into(),
            }],
        },
    );
    coverage.insert(
        "deps".to_string(),
        ScannerCoverage {
            ran: true,
            files: 1,
            unchecked: vec![],
        },
    );
    let mut r = ScanReport {
        schema_version: report::REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: ".".into(),
            git_commit: Some("89abcdef0123456789abcdef0123456789abcdef".into()),
            git_branch: Some("main".into()),
            mode: "worktree".into(),
        },
        config_digest: "d".into(),
        scanners: vec!["secrets".into(), "deps".into()],
        rules: vec![key.id.clone(), vuln.id.clone()],
        summary: Summary::default(),
        decision: None,
        findings: vec![a, suppressed, old, pkg],
        file_issues: vec![],
        stats: ScanStats::default(),
        coverage,
        timing: RunTiming {
            started_at: "2026-11-21T08:34:56Z".into(),
            duration_ms: 1_200,
        },
        rule_meta: vec![key, vuln],
    };
    r.finalize();
    r
}

fn doc(kind: Kind, r: &ScanReport) -> Value {
    serde_json::from_str(&gitlab::write(kind, r)).unwrap()
}

#[test]
fn a_sample_scan_conforms_and_says_what_gitlab_shows() {
    let r = sample();
    for kind in KINDS {
        let text = gitlab::write(kind, &r);
        assert_eq!(text, gitlab::write(kind, &r), "same report, same bytes");
        check(kind, &[text]).unwrap();
    }

    let sd = doc(Kind::SecretDetection, &r);
    assert_eq!(sd["version"], gitlab::SCHEMA_VERSION);
    assert_eq!(sd["scan"]["type"], "secret_detection");
    assert_eq!(sd["scan"]["status"], "success");
    assert_eq!(sd["scan"]["start_time"], "2026-11-21T08:34:56");
    assert_eq!(sd["scan"]["end_time"], "2026-11-21T08:34:58");
    let v = sd["vulnerabilities"].as_array().unwrap();
    assert_eq!(v.len(), 2, "the suppressed secret is left out: {sd:#}");
    let paths: Vec<&str> = v
        .iter()
        .map(|x| x["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["deploy/prod.env", "old.env"]);
    assert_eq!(v[0]["severity"], "High");
    assert_eq!(v[0]["identifiers"][0]["value"], "secrets/aws-access-key-id");
    assert_eq!(v[0]["identifiers"][1]["type"], "cwe");
    assert_eq!(
        v[0]["raw_source_code_extract"],
        "aws_access_key_id=AKIA…(20 chars)"
    );
    assert_eq!(
        v[0]["location"]["commit"]["sha"],
        "89abcdef0123456789abcdef0123456789abcdef"
    );
    assert_eq!(v[0]["location"]["start_line"], 3);
    assert_eq!(
        v[1]["location"]["commit"]["sha"],
        "0123456789abcdef0123456789abcdef01234567"
    );
    assert_ne!(v[0]["id"], v[1]["id"]);
    let messages = sd["scan"]["messages"].to_string();
    assert!(
        messages.contains("not checked: secret.bin (permission denied)"),
        "{messages}"
    );
    assert!(messages.contains("1 suppressed finding(s)"), "{messages}");

    let ds = doc(Kind::DependencyScanning, &r);
    let v = ds["vulnerabilities"].as_array().unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["severity"], "Critical");
    assert_eq!(v[0]["location"]["file"], "Cargo.lock");
    assert_eq!(v[0]["location"]["dependency"]["package"]["name"], "h2");
    assert_eq!(v[0]["location"]["dependency"]["version"], "0.3.17");
    assert_eq!(v[0]["location"]["dependency"]["direct"], false);
    let ids: Vec<(&str, &str)> = v[0]["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["type"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            ("osv", "RUSTSEC-2023-0034"),
            ("cve", "CVE-2023-26964"),
            ("ghsa", "GHSA-f8vr-r385-rh5r"),
            ("tollgate_rule_id", "deps/vulnerable-package"),
            ("cwe", "1395"),
        ],
        "the advisory is the primary identifier"
    );
    assert!(v[0]["description"]
        .as_str()
        .unwrap()
        .contains("Fixed in h2 0.3.18."));
    assert!(ds["scan"]["messages"].is_null(), "{ds:#}");
}

#[test]
fn a_scanner_that_did_not_run_is_a_failed_scan_not_a_clean_one() {
    let mut r = sample();
    r.scanners.retain(|s| s != "deps");
    r.coverage.get_mut("deps").unwrap().ran = false;
    r.findings.retain(|f| f.scanner() != "deps");
    let text = gitlab::write(Kind::DependencyScanning, &r);
    check(Kind::DependencyScanning, std::slice::from_ref(&text)).unwrap();
    let ds: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(ds["scan"]["status"], "failure");
    assert_eq!(ds["scan"]["messages"][0]["level"], "fatal");
    // Not asked for at all: the same.
    r.coverage.remove("deps");
    assert_eq!(
        doc(Kind::DependencyScanning, &r)["scan"]["status"],
        "failure"
    );
}

#[test]
fn random_reports_conform() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let reports: Vec<ScanReport> = (0..150).map(|_| report(&mut rng)).collect();
    let mut nonempty = [0usize; 2];
    for (k, kind) in KINDS.into_iter().enumerate() {
        let docs: Vec<String> = reports.iter().map(|r| gitlab::write(kind, r)).collect();
        nonempty[k] = docs
            .iter()
            .filter(|d| d.contains("\"identifiers\""))
            .count();
        check(kind, &docs).unwrap();
    }
    assert!(
        nonempty.iter().all(|&n| n > 10),
        "too few random reports had vulnerabilities to prove anything: {nonempty:?}"
    );
}

#[test]
fn the_validator_rejects_what_gitlab_would_reject() {
    // The schema check can fail: a report without its scan type, or with a local time, does not pass.
    let r = sample();
    let mut d = doc(Kind::SecretDetection, &r);
    d["scan"].as_object_mut().unwrap().remove("type");
    assert!(check(Kind::SecretDetection, &[d.to_string()]).is_err());
    let mut d = doc(Kind::SecretDetection, &r);
    d["scan"]["start_time"] = "2026-11-21T08:34:56+01:00".into();
    assert!(check(Kind::SecretDetection, &[d.to_string()]).is_err());
    let mut d = doc(Kind::DependencyScanning, &r);
    d["vulnerabilities"][0]["location"]
        .as_object_mut()
        .unwrap()
        .remove("dependency");
    assert!(check(Kind::DependencyScanning, &[d.to_string()]).is_err());
}
