//! The API checked against its own OpenAPI document by Schemathesis, against a running
//! server with data in it: every check Schemathesis has (its default), no 5xx, no response outside the
//! document. `scripts/setup.sh` installs Schemathesis in its own virtual environment; where
//! it is missing, `scripts/test.sh` filters this test out and nextest counts it as skipped.
//!
//! One exception, in `schemathesis.toml` here: `positive_data_acceptance` is off for the
//! triage operation, whose valid-looking bodies are refused for reasons a schema cannot
//! say (an expiry in the past or more than a year ahead).

mod support;

use serde_json::json;
use support::{json as report_json, report, Running, F};
use tollgate_core::Severity::{Critical, High};

fn schemathesis() -> Option<std::path::PathBuf> {
    let peers = std::env::var_os("TOLLGATE_PEERS")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| std::path::Path::new(&h).join(".local/share/tollgate-peers"))
        })?;
    let p = peers.join("schemathesis/bin/schemathesis");
    p.exists().then_some(p)
}

#[test]
fn schemathesis_finds_no_server_error_and_no_schema_violation() {
    let st = schemathesis().expect(
        "schemathesis is installed by scripts/setup.sh (test.sh skips this test without it)",
    );
    let srv = Running::start(|c| {
        // Schemathesis sends thousands of requests from one address.
        c.rate_limit = 1e6;
        c.rate_burst = 1e6;
    });
    srv.json("POST", "/api/v1/products", &srv.admin, Some(json!({"name": "payments", "risk_tier": "critical", "owner_team": "payments", "regulatory_scope": ["pci-dss", "psd2"]})), 201);
    let now = tollgate_core::time::now_unix();
    let r = report(
        &["secrets", "deps"],
        &[
            F("secrets/aws", "a.env", "k", High),
            F("deps/vuln", "pom.xml", "v", Critical),
        ],
        now - 86_400,
        &[],
    );
    srv.upload(&srv.admin, "payments", "main", &report_json(&r));
    srv.upload(
        &srv.admin,
        "payments",
        "feature/x",
        &report_json(&report(&["secrets"], &[], now, &[])),
    );

    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("schemathesis.toml"),
        "[[operations]]\ninclude-operation-id = \"triageFinding\"\nchecks.positive_data_acceptance.enabled = false\n",
    )
    .unwrap();
    let out = std::process::Command::new(st)
        .current_dir(work.path())
        .args([
            "run",
            &format!("http://{}/api/openapi.json", srv.addr),
            "--max-examples",
            "25",
            // One worker: CPython 3.11's compiler can fail with "AST constructor
            // recursion depth mismatch" when Schemathesis compiles in several threads.
            "--workers",
            "1",
            "--seed",
            "20261202",
            "--no-color",
            "-H",
            &format!("Authorization: Bearer {}", srv.admin),
        ])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    // The summary goes to the test's output, so the figures can be quoted from a run.
    let summary = text.find("SUMMARY").map(|i| &text[i..]).unwrap_or(&text);
    println!("{summary}");
    assert!(!text.contains(&srv.admin), "the token must not be echoed");
    assert!(out.status.success(), "schemathesis failed:\n{text}");
}
