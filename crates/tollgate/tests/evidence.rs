//! Evidence from a real scan of a fixture repository: per-control status with findings
//! and accepted risks, OSCAL documents that validate, and a self-contained HTML report.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::*;

/// Every framework the catalogues ship.
const FRAMEWORKS: [&str; 7] = [
    "pci-dss-4.0.1",
    "nist-800-53-r5",
    "sox-itgc",
    "gdpr",
    "psd2-rts",
    "dora",
    "iso-27001-2022",
];

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tollgate_compliance/resources/test/fixtures/payments-service")
}

fn trestle_available() -> bool {
    Command::new("python3")
        .args(["-c", "import trestle"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn evidence_reports_from_a_real_scan() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let report = dir.join("scan.json");
    let o = tollgate(
        dir,
        &[
            "scan",
            fixture().to_str().unwrap(),
            "-f",
            "json",
            "-o",
            report.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    for fw in FRAMEWORKS {
        for (format, ext) in [
            ("html", "html"),
            ("oscal", "ar.json"),
            ("markdown", "md"),
            ("component", "cd.json"),
        ] {
            let path = dir.join(format!("{fw}.{ext}"));
            let o = tollgate(
                dir,
                &[
                    "evidence",
                    "--framework",
                    fw,
                    "--report",
                    "scan.json",
                    "-f",
                    format,
                    "-o",
                    path.to_str().unwrap(),
                ],
            );
            assert!(
                o.status.success(),
                "{fw} {format}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }

    let md = std::fs::read_to_string(dir.join("pci-dss-4.0.1.md")).unwrap();
    assert!(md.contains("| 8.6.2 | Passwords of application and system accounts are not hard-coded | ❌ not satisfied |"), "{md}");
    assert!(md.contains("| 3.6.1 | Cryptographic keys are protected against disclosure and misuse | ✅ satisfied |"), "{md}");
    assert!(md.contains("| 2.2.2 | Vendor default accounts are managed | ➖ not assessed |"));
    assert!(
        md.contains("approved by head-of-security@bank.example until 2099-12-31"),
        "{md}"
    );
    assert!(
        md.contains("secrets/stripe-secret-key` at `src/settlement/client.py:5"),
        "{md}"
    );

    let html = std::fs::read_to_string(dir.join("pci-dss-4.0.1.html")).unwrap();
    assert!(
        html.starts_with("<!doctype html>")
            && html.contains("Readiness")
            && html.contains("RISK-2211")
    );
    // Self-contained: nothing is fetched when an auditor opens it offline.
    for needle in ["src=", "<link", "<script", "url(", "@import"] {
        assert!(
            !html.contains(needle),
            "the HTML report references external content: {needle}"
        );
    }

    let ar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("pci-dss-4.0.1.ar.json")).unwrap()).unwrap();
    let findings = ar["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    let state = |id: &str| {
        findings
            .iter()
            .find(|f| f["target"]["target-id"] == id)
            .map(|f| f["target"]["status"]["state"].as_str().unwrap().to_string())
    };
    assert_eq!(state("req-8.6.2").as_deref(), Some("not-satisfied"));
    assert_eq!(state("req-3.6.1").as_deref(), Some("satisfied"));
    assert_eq!(
        state("req-2.2.2"),
        None,
        "not assessed controls are not reported as findings"
    );

    // The same inputs give the same documents.
    let again = dir.join("again.ar.json");
    tollgate(
        dir,
        &[
            "evidence",
            "--framework",
            "pci-dss-4.0.1",
            "--report",
            "scan.json",
            "-f",
            "oscal",
            "-o",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(dir.join("pci-dss-4.0.1.ar.json")).unwrap()
    );

    // A validation that cannot run is a failure, never a silent pass.
    assert!(
        trestle_available(),
        "compliance-trestle is not installed: run scripts/setup.sh"
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/validate-oscal.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script);
    for fw in FRAMEWORKS {
        cmd.arg(dir.join(format!("{fw}.ar.json")))
            .arg(dir.join(format!("{fw}.cd.json")));
    }
    let v = cmd.output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn evidence_can_scan_by_itself_and_rejects_unknown_frameworks() {
    let out = tempfile::tempdir().unwrap();
    let o = tollgate(
        out.path(),
        &[
            "evidence",
            "--framework",
            "pci",
            "--path",
            fixture().to_str().unwrap(),
            "-f",
            "markdown",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("# PCI DSS 4.0.1 — compliance evidence"));
    let o = tollgate(
        out.path(),
        &["evidence", "--framework", "hipaa", "--report", "x.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown framework 'hipaa'"));
}
