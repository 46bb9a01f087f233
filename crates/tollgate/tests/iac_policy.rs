//! Custom IaC policies end to end: `scan --policy DIR` with resource policies (findings at
//! the resource's file and line) and gate policies side by side, `policy test`, syntax
//! errors as usage errors, and the README's example kept identical to the shipped one.

use std::path::{Path, PathBuf};

mod common;
use common::*;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/policies")
}

fn example_policy() -> String {
    std::fs::read_to_string(examples().join("data_classification.rego")).unwrap()
}

const TERRAFORM: &str = r#"resource "aws_s3_bucket" "ledger" {
  bucket = "payments-ledger"
  tags = {
    "data-classification" = "restricted"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "payments-exports"
  tags = {
    owner = "payments"
  }
}

resource "aws_s3_bucket" "scratch" {
  bucket = "payments-scratch"
  tags = {
    "data-classification" = "top-secret"
  }
}
"#;

fn custom(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "iac/custom/bank-001")
        .cloned()
        .collect()
}

#[test]
fn the_readme_example_is_the_shipped_policy() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let section = readme
        .split("\n### Custom IaC policies\n")
        .nth(1)
        .expect("a Custom IaC policies section");
    let block = section
        .split("```rego\n")
        .nth(1)
        .and_then(|b| b.split("```\n").next())
        .expect("a rego code block");
    assert_eq!(block, example_policy());
}

#[test]
fn a_resource_policy_reports_at_the_resource() {
    let d = tree(&[("main.tf", TERRAFORM)]);
    let policies = examples();
    let (code, v) = scan_json(
        d.path(),
        &["--only", "iac", "--policy", policies.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{v:#}");
    let found = custom(&v);
    let at: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
                f["location"]["resource"]["address"]
                    .as_str()
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        at,
        vec![
            ("main.tf", 8, "aws_s3_bucket.exports"),
            ("main.tf", 15, "aws_s3_bucket.scratch"),
        ],
        "{found:#?}"
    );
    assert_eq!(found[0]["severity"], "high");
    assert_eq!(
        found[0]["message"],
        "aws_s3_bucket.exports: S3 bucket has no data-classification tag"
    );
    assert!(found[1]["message"].as_str().unwrap().contains("top-secret"));
    // The compliance mapping applies through the tags, as for a built-in rule.
    assert!(
        !found[0]["controls"].as_array().unwrap().is_empty(),
        "{:#}",
        found[0]
    );
    // The rule is listed in the report with its metadata.
    assert!(v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "iac/custom/bank-001"));
    let meta = v["rule_details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "iac/custom/bank-001")
        .expect("rule_details of the custom rule");
    assert_eq!(
        meta["title"],
        "S3 bucket without a valid data-classification tag"
    );
}

#[test]
fn policies_from_the_configuration_and_a_gate_policy_beside_them() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        ("policies/data_classification.rego", example_policy()),
        (
            "policies/gate.rego",
            "package tollgate.gate\n\nimport rego.v1\n\nwarn contains msg if {\n\tn := count([f | some f in input.findings; startswith(f.rule_id, \"iac/custom/\")])\n\tn > 0\n\tmsg := sprintf(\"%d custom policy finding(s)\", [n])\n}\n"
                .to_string(),
        ),
        (
            "tollgate.toml",
            "[gate]\nfail_on = \"none\"\n\n[iac]\npolicies = [\"policies\"]\n".to_string(),
        ),
    ]);
    let (code, v) = scan_json(d.path(), &["--only", "iac"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(custom(&v).len(), 2, "{v:#}");
    let warnings = v["decision"]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("2 custom policy finding(s)")),
        "{warnings:#?}"
    );
}

#[test]
fn policy_test_runs_the_example_tests() {
    let d = tree(&[("x", "")]);
    let o = tollgate(d.path(), &["policy", "test", examples().to_str().unwrap()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("PASS test_untagged_bucket_is_denied (")
            && out.contains("data_classification_test.rego:"),
        "{out}"
    );
    assert!(out.contains("5 passed, 0 failed"), "{out}");
}

#[test]
fn a_failing_test_fails_and_names_its_file() {
    let d = tree(&[(
        "p/policy_test.rego",
        "package t\n\nimport rego.v1\n\ntest_ok if true\n\ntest_wrong if 1 == 2\n\ntest_error if 1 / 0 == 1\n",
    )]);
    let o = tollgate(d.path(), &["policy", "test", "p"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("PASS test_ok (p/policy_test.rego:5)"), "{out}");
    assert!(
        out.contains("FAIL test_wrong (p/policy_test.rego:7)"),
        "{out}"
    );
    assert!(
        out.contains("FAIL test_error (p/policy_test.rego:9)"),
        "{out}"
    );
    assert!(out.contains("1 passed, 2 failed"), "{out}");
}

#[test]
fn a_syntax_error_is_a_usage_error_naming_file_and_line() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        (
            "policies/broken.rego",
            "package tollgate.iac.broken\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \n}\n"
                .to_string(),
        ),
    ]);
    let o = tollgate(
        d.path(),
        &["scan", ".", "--no-progress", "--policy", "policies"],
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(err.contains("policies/broken.rego:6:"), "{err}");
    // Nothing was scanned: no report on standard output.
    assert!(o.stdout.is_empty(), "{}", text(&o));
    let o = tollgate(d.path(), &["policy", "test", "policies"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("policies/broken.rego:6:"), "{}", text(&o));
}

#[test]
fn bad_metadata_is_a_usage_error() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        (
            "policies/p.rego",
            "package tollgate.iac.p\n\nimport rego.v1\n\n__rego_metadata__ := {\"id\": \"Bank 1\"}\n\ndeny contains \"x\" if false\n"
                .to_string(),
        ),
    ]);
    let o = tollgate(
        d.path(),
        &["scan", ".", "--no-progress", "--policy", "policies"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is not a rule id"), "{}", text(&o));
}

#[test]
fn a_resource_policy_that_loops_is_a_limit_error_naming_the_file() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        (
            "policies/slow.rego",
            "package tollgate.iac.slow\n\nimport rego.v1\n\ndeny contains \"x\" if {\n\tsome n in numbers.range(1, 100000000)\n\tn == 0\n}\n"
                .to_string(),
        ),
    ]);
    let started = std::time::Instant::now();
    let o = tollgate(
        d.path(),
        &["scan", ".", "--no-progress", "--policy", "policies"],
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        err.contains("exceeded its") && err.contains("slow.rego"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn a_custom_rule_can_be_disabled_and_its_severity_overridden() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        (
            "tollgate.toml",
            "[rules]\nseverity = { \"iac/custom/bank-001\" = \"low\" }\n".to_string(),
        ),
    ]);
    let policies = examples();
    let (_, v) = scan_json(
        d.path(),
        &["--only", "iac", "--policy", policies.to_str().unwrap()],
    );
    let found = custom(&v);
    assert_eq!(found.len(), 2, "{v:#}");
    assert!(found.iter().all(|f| f["severity"] == "low"), "{found:#?}");
    std::fs::write(
        d.path().join("tollgate.toml"),
        "[rules]\ndisable = [\"iac/custom/bank-001\"]\n",
    )
    .unwrap();
    let (_, v) = scan_json(
        d.path(),
        &["--only", "iac", "--policy", policies.to_str().unwrap()],
    );
    assert!(custom(&v).is_empty(), "{v:#}");
}

#[test]
fn rules_explain_knows_custom_rules_given_the_policies() {
    let d = tree(&[("x", "")]);
    let policies = examples();
    let o = tollgate(
        d.path(),
        &[
            "rules",
            "explain",
            "iac/custom/bank-001",
            "--policy",
            policies.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("S3 bucket without a valid data-classification tag"),
        "{}",
        text(&o)
    );
    let o = tollgate(d.path(), &["rules", "explain", "iac/custom/bank-001"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn resource_policies_without_the_iac_scanner_warn_that_they_checked_nothing() {
    let d = tree(&[("main.tf", TERRAFORM)]);
    let policies = examples();
    let (code, v) = scan_json(
        d.path(),
        &["--only", "secrets", "--policy", policies.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{v:#}");
    assert!(custom(&v).is_empty());
    let warnings = v["decision"]["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("custom resource policies (--policy) checked nothing")),
        "{warnings:#?}"
    );
}

#[test]
fn an_inline_ignore_suppresses_a_custom_finding_only_for_the_rules_it_names() {
    let tf = TERRAFORM.replace(
        "resource \"aws_s3_bucket\" \"exports\" {",
        "# tollgate:ignore[bank-001] exports are classified by the data office\nresource \"aws_s3_bucket\" \"exports\" {",
    );
    let d = tree(&[("main.tf", tf)]);
    let policies = examples();
    let (_, v) = scan_json(
        d.path(),
        &["--only", "iac", "--policy", policies.to_str().unwrap()],
    );
    let found = custom(&v);
    assert_eq!(found.len(), 2, "{v:#}");
    let exports = found
        .iter()
        .find(|f| f["location"]["resource"]["address"] == "aws_s3_bucket.exports")
        .unwrap();
    assert_eq!(
        exports["suppression"]["reason"], "exports are classified by the data office",
        "{exports:#}"
    );
    let scratch = found
        .iter()
        .find(|f| f["location"]["resource"]["address"] == "aws_s3_bucket.scratch")
        .unwrap();
    assert!(scratch["suppression"].is_null(), "{scratch:#}");
    // The built-in rule on the same bucket is not covered by that comment.
    let versioning = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule_id"] == "iac/aws/s3-bucket-versioning"
                && f["location"]["resource"]["address"] == "aws_s3_bucket.exports"
        })
        .unwrap();
    assert!(versioning["suppression"].is_null(), "{versioning:#}");
}

#[test]
fn a_test_over_the_limits_fails_alone() {
    let d = tree(&[(
        "lt/x_test.rego",
        "package t\n\nimport rego.v1\n\ntest_ok if true\n\ntest_big if {\n\tsome n in numbers.range(1, 100000000)\n\tn == 0\n}\n\ntest_ok2 if true\n",
    )]);
    let o = tollgate(d.path(), &["policy", "test", "lt"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("FAIL test_big (lt/x_test.rego:7): policy evaluation exceeded its"),
        "{out}"
    );
    assert!(out.contains("2 passed, 1 failed"), "{out}");
}

#[test]
fn the_configuration_digest_records_the_policy_texts() {
    let d = tree(&[
        ("main.tf", TERRAFORM.to_string()),
        ("policies/data_classification.rego", example_policy()),
    ]);
    let digest = |d: &Path| {
        let (_, v) = scan_json(d, &["--only", "iac", "--policy", "policies"]);
        v["config_digest"].as_str().unwrap().to_string()
    };
    let first = digest(d.path());
    assert_eq!(first, digest(d.path()));
    std::fs::write(
        d.path().join("policies/data_classification.rego"),
        example_policy().replace("\"severity\": \"high\"", "\"severity\": \"low\""),
    )
    .unwrap();
    assert_ne!(first, digest(d.path()));
}
