//! `tollgate dast` end to end against the deliberately vulnerable API the DAST crate's
//! tests use, started here on 127.0.0.1: findings through compliance mapping, the gate and
//! every report format, the HAR file, and no planted secret, card number or credential in
//! full in any output.

mod common;
#[path = "../../tollgate_dast/tests/support/mod.rs"]
mod support;

use common::*;
use support::{planted_secret, token, VulnApi, PLANTED_PAN};

fn auth_args() -> Vec<String> {
    vec![
        "--auth".into(),
        format!("alice=Bearer:{}", token("alice")),
        "--auth".into(),
        "bob=env:BOB_AUTH".into(),
    ]
}

#[test]
fn findings_go_through_compliance_the_gate_and_every_format_and_nothing_leaks() {
    let api = VulnApi::with(&[
        "secret",
        "card",
        "bola",
        "sqli",
        "cors_reflect",
        "cookie_secure",
        "jwt_none",
        "stack_trace",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let target = api.base();
    let mut args: Vec<String> = [
        "dast",
        "--target",
        &target,
        "--rate",
        "500",
        "-f",
        "json",
        "-o",
        "r.json",
        "-f",
        "sarif",
        "-o",
        "r.sarif",
        "-f",
        "text",
        "--har",
        "x.har",
        "--allow-unsafe-methods",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(auth_args());
    let o = command(dir.path())
        .args(&args)
        .env("BOB_AUTH", format!("Bearer:{}", token("bob")))
        .output()
        .unwrap();
    let shown = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "critical findings fail the gate: {shown}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["target"]["mode"], "dast");
    let findings = report["findings"].as_array().unwrap();
    let rule = |id: &str| findings.iter().find(|f| f["rule_id"] == id);
    for id in [
        "dast/secret-in-response",
        "dast/card-number-in-response",
        "dast/broken-object-level-authorization",
        "dast/sql-injection",
        "dast/cors-reflects-origin",
        "dast/cookie-without-secure",
        "dast/jwt-alg-none-accepted",
        "dast/stack-trace-disclosure",
    ] {
        let f = rule(id).unwrap_or_else(|| panic!("{id} missing: {shown}"));
        assert!(f["location"]["http"]["method"].is_string(), "{f}");
        assert!(f["location"]["http"]["url"]
            .as_str()
            .unwrap()
            .starts_with(&target));
        assert!(f["data"]["request"].is_string() && f["data"]["response"].is_string());
    }
    // Compliance mapping through CWE ids: SQL injection maps to controls.
    let sqli = rule("dast/sql-injection").unwrap();
    assert!(!sqli["controls"].as_array().unwrap().is_empty(), "{sqli}");
    let bola = rule("dast/broken-object-level-authorization").unwrap();
    let msg = bola["message"].as_str().unwrap();
    assert!(
        msg.contains("bob") && msg.contains("alice") && msg.contains("a1"),
        "{msg}"
    );
    assert_eq!(report["decision"]["status"], "fail");
    assert!(report["coverage"]["dast"]["files"].as_u64().unwrap() > 10);

    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "dast/sql-injection"));
    let har: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("x.har")).unwrap()).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(
        entries.len(),
        api.hits().len(),
        "every exchange is in the HAR file"
    );

    // Nothing planted leaks in full: not the secret, not the card number, not a token.
    let mut outputs = vec![("terminal".to_string(), shown.clone())];
    for f in ["r.json", "r.sarif", "x.har"] {
        outputs.push((
            f.into(),
            std::fs::read_to_string(dir.path().join(f)).unwrap(),
        ));
    }
    let alice = token("alice");
    let alice_sig = alice.rsplit('.').next().unwrap().to_string();
    for (name, body) in &outputs {
        for (what, s) in [
            ("the planted secret", planted_secret()),
            ("the card number", PLANTED_PAN.to_string()),
            ("alice's token signature", alice_sig.clone()),
            ("the session cookie", "Zx81hQ2LmP0vK7".to_string()),
        ] {
            assert!(!body.contains(&s), "{name} shows {what} in full");
        }
    }
    // The API did send them: the test would not know otherwise.
    assert!(api.hits().iter().any(|h| h.raw.contains(&alice)));
}

#[test]
fn a_clean_api_passes_and_untested_operations_are_visible() {
    let api = VulnApi::with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let target = api.base();
    let mut args: Vec<String> = ["dast", "--target", &target, "--rate", "500", "-f", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(auth_args());
    let run = |extra: &[&str]| {
        command(dir.path())
            .args(&args)
            .args(extra)
            .env("BOB_AUTH", format!("Bearer:{}", token("bob")))
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let report = json_of(&o);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
    let unchecked = report["coverage"]["dast"]["unchecked"].as_array().unwrap();
    assert!(unchecked
        .iter()
        .any(|u| u["path"] == "DELETE /accounts/{accountId}"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unchecked: DELETE /accounts/{accountId}"));
    // The gate warns about what was not tested, in words about operations.
    let warnings = report["decision"]["warnings"].to_string();
    assert!(
        warnings.contains("operations or tests could not be checked"),
        "{warnings}"
    );
    // Fail closed when asked: what was not tested is not clean.
    let strict = run(&["--strict"]);
    assert_eq!(strict.status.code(), Some(2), "{}", text(&strict));
}

#[test]
fn unsupported_and_misplaced_uses_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let o = tollgate(
        dir.path(),
        &[
            "dast",
            "--target",
            "https://127.0.0.1:9/",
            "--ca-cert",
            "no-such-ca.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("--ca-cert no-such-ca.pem"),
        "{}",
        text(&o)
    );
    let o = tollgate(
        dir.path(),
        &["scan", ".", "--only", "dast", "--no-progress"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("tollgate dast --target"), "{}", text(&o));
    let o = tollgate(
        dir.path(),
        &[
            "dast",
            "--target",
            "http://127.0.0.1:9/",
            "--auth",
            "x=Token:Sup3rS3cretValue",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("Sup3rS3cretValue"), "{}", text(&o));
}

#[test]
fn sign_in_probes_take_a_known_user_and_a_bounded_burst() {
    let api = VulnApi::with(&["user_enum", "no_rate_limit"]);
    let dir = tempfile::tempdir().unwrap();
    let target = api.base();
    let mut args: Vec<String> = [
        "dast",
        "--target",
        &target,
        "--rate",
        "500",
        "-f",
        "json",
        "--allow-unsafe-methods",
        "--known-user",
        "alice",
        "--login-attempts",
        "7",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(auth_args());
    let o = command(dir.path())
        .args(&args)
        .env("BOB_AUTH", format!("Bearer:{}", token("bob")))
        .output()
        .unwrap();
    let report = json_of(&o);
    let rules: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        rules.iter().any(|r| r == "dast/user-enumeration"),
        "{rules:?}"
    );
    assert!(
        rules.iter().any(|r| r == "dast/login-rate-limit-missing"),
        "{rules:?}"
    );
    let burst = api
        .hits()
        .iter()
        .filter(|h| h.raw.contains("tg-Wrong-passw0rd") && h.raw.contains("\"alice\""))
        .count();
    // Seven for the burst, one for the enumeration test.
    assert_eq!(burst, 8);
    let o = tollgate(
        dir.path(),
        &["dast", "--target", &target, "--login-attempts", "0"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--login-attempts"), "{}", text(&o));
}

#[test]
fn a_run_is_recorded_in_the_ledger() {
    let api = VulnApi::with(&["banner"]);
    let dir = tempfile::tempdir().unwrap();
    let o = tollgate(dir.path(), &["ledger", "init", "--origin", "test/dast"]);
    assert!(o.status.success(), "{}", text(&o));
    let target = api.base();
    let o = tollgate(
        dir.path(),
        &[
            "dast",
            "--target",
            &target,
            "--rate",
            "500",
            "--passive-only",
            "--ledger",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("ledger"), "{}", text(&o));
    let o = tollgate(dir.path(), &["ledger", "status"]);
    assert!(text(&o).contains("entries: 2"), "{}", text(&o));
}

/// `tollgate dast` against the test API over TLS, with the test CA, alice's token and
/// `extra`.
fn dast_https(api: &VulnApi, dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let target = api.base();
    let ca = api.ca_file().display().to_string();
    let alice = format!("alice=Bearer:{}", token("alice"));
    let mut args = vec![
        "dast",
        "--target",
        &target,
        "--ca-cert",
        &ca,
        "--rate",
        "500",
        "-f",
        "json",
        "--auth",
        &alice,
    ];
    args.extend_from_slice(extra);
    command(dir).args(&args).output().unwrap()
}

#[test]
fn dast_over_https_with_the_banks_ca_passes_clean() {
    let api = VulnApi::tls(&[]);
    let dir = tempfile::tempdir().unwrap();
    let o = dast_https(&api, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let report = json_of(&o);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
    assert!(report["coverage"]["dast"]["files"].as_u64().unwrap() > 10);
}

#[test]
fn dast_over_https_stops_at_an_untrusted_certificate_and_fails_closed() {
    let api = VulnApi::tls(&["tls_self_signed"]);
    let dir = tempfile::tempdir().unwrap();
    let o = dast_https(&api, dir.path(), &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a high finding fails the gate: {}",
        text(&o)
    );
    let report = json_of(&o);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["rule_id"], "dast/tls-certificate-invalid");
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("self-signed"));
    let unchecked = report["coverage"]["dast"]["unchecked"].as_array().unwrap();
    assert!(unchecked.len() > 10, "{report}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--tls-insecure tests anyway"));
    let strict = dast_https(&api, dir.path(), &["--strict"]);
    assert_eq!(strict.status.code(), Some(2), "{}", text(&strict));
    // No request with credentials reached the server, and no token is printed.
    let alice = token("alice");
    assert!(!api.hits().iter().any(|h| h.raw.contains(&alice)));
    assert!(!text(&o).contains(&alice) && !text(&strict).contains(&alice));

    // --tls-insecure: the run goes on, the finding stays.
    let o = dast_https(&api, dir.path(), &["--tls-insecure"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = json_of(&o);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["dast/tls-certificate-invalid"]);
    assert!(api.hits().iter().any(|h| h.raw.contains(&alice)));
}
