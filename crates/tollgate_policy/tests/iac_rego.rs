//! Resource policies (package tollgate.iac.<name>) evaluated in this process: how files are
//! sorted into gate, resource and helper policies, the metadata and its defaults, where each
//! deny entry is located, and the shapes that are errors.

use serde_json::json;
use std::path::Path;
use tollgate_policy::iac::{run_tests, PolicySet, ResourcePolicies};
use tollgate_policy::rego::{Limits, Sandbox};

fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

fn load(d: &Path) -> Result<PolicySet, String> {
    PolicySet::load(&[d.to_path_buf()], Sandbox::InProcess).map_err(|e| e.to_string())
}

fn resources(d: &Path) -> ResourcePolicies {
    load(d).unwrap().resources.expect("resource policies")
}

fn bucket(address: &str, line: u64, attributes: serde_json::Value) -> serde_json::Value {
    json!({
        "type": "aws_s3_bucket", "native_type": "aws_s3_bucket", "address": address,
        "source": "terraform", "provider": "aws", "path": "main.tf", "line": line,
        "attributes": attributes, "references": [], "unknown": [],
    })
}

const UNTAGGED: &str = r#"package tollgate.iac.untagged
import rego.v1
__rego_metadata__ := {"id": "BANK-7", "title": "untagged", "severity": "critical", "cwe": [311, "CWE-312"], "tags": ["tagging"], "fix": "tag it"}
deny contains {"msg": "no tags", "address": r.address, "owner_hint": 3} if {
	some r in input.resources
	not r.attributes.tags
}
"#;

#[test]
fn deny_objects_become_findings_at_their_resource() {
    let d = dir(&[("untagged.rego", UNTAGGED)]);
    let mut p = resources(d.path());
    let meta = p.rules();
    assert_eq!(meta.len(), 1);
    assert_eq!(meta[0].id.as_str(), "iac/custom/bank-7");
    assert_eq!(meta[0].severity.to_string(), "critical");
    assert_eq!(meta[0].cwe, vec![311, 312]);
    assert_eq!(meta[0].tags, vec!["tagging".to_string()]);
    let found = p
        .evaluate(&[
            bucket("aws_s3_bucket.a", 1, json!({"tags": {"x": "y"}})),
            bucket("aws_s3_bucket.b", 9, json!({})),
        ])
        .unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.rule_id.as_str(), "iac/custom/bank-7");
    assert_eq!(
        (f.location.path.as_str(), f.location.start_line),
        ("main.tf", 9)
    );
    assert_eq!(f.message, "aws_s3_bucket.b: no tags");
    assert_eq!(f.fix.as_deref(), Some("tag it"));
    assert_eq!(f.data.get("owner_hint").map(String::as_str), Some("3"));
}

#[test]
fn metadata_defaults_and_string_entries() {
    let d = dir(&[(
        "p.rego",
        "package tollgate.iac.open_things\nimport rego.v1\ndeny contains \"a plain message\" if true\ndeny contains {\"msg\": \"gone\", \"address\": \"aws_s3_bucket.nowhere\"} if true\n",
    )]);
    let mut p = resources(d.path());
    let meta = p.rules();
    assert_eq!(meta[0].id.as_str(), "iac/custom/open-things");
    assert_eq!(meta[0].severity.to_string(), "medium");
    let found = p.evaluate(&[]).unwrap();
    // Without a resource, a finding points at the package's first deny rule.
    let mut messages: Vec<(&str, u32)> = found
        .iter()
        .map(|f| (f.message.as_str(), f.location.start_line))
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        vec![
            ("a plain message", 3),
            (
                "aws_s3_bucket.nowhere: gone (no resource of the scan has this address)",
                3
            ),
        ]
    );
    assert!(found[0].location.path.ends_with("p.rego"));
}

#[test]
fn files_are_sorted_by_package_and_helpers_go_to_both() {
    let d = dir(&[
        ("gate.rego", "package tollgate.gate\nimport rego.v1\nwarn contains \"w\" if true\n"),
        ("lib/util.rego", "package lib.util\nimport rego.v1\nis_bucket(r) if r.type == \"aws_s3_bucket\"\n"),
        (
            "res.rego",
            "package tollgate.iac.res\nimport rego.v1\nimport data.lib.util\ndeny contains {\"msg\": \"m\", \"address\": r.address} if { some r in input.resources; util.is_bucket(r) }\n",
        ),
        ("res_test.rego", "this is not rego and is not loaded for a scan"),
    ]);
    let set = load(d.path()).unwrap();
    let names: Vec<String> = set
        .gate_files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["gate.rego", "util.rego"]);
    let mut p = set.resources.unwrap();
    assert_eq!(
        p.evaluate(&[bucket("aws_s3_bucket.a", 2, json!({}))])
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn load_errors_name_the_file() {
    let e = load(
        dir(&[(
            "a.rego",
            "package tollgate.iac.a\nimport rego.v1\nhelper := 1\n",
        )])
        .path(),
    )
    .err()
    .unwrap();
    assert!(
        e.contains("a.rego") && e.contains("declares no rule deny"),
        "{e}"
    );
    let e = load(dir(&[("a.rego", "package tollgate.iac.a\ndeny contains x if {\n")]).path())
        .err()
        .unwrap();
    assert!(e.contains("a.rego:"), "{e}");
    let e = load(
        dir(&[(
            "a.rego",
            "package tollgate.iac.a\n__rego_metadata__ := {\"severity\": \"urgent\"}\ndeny contains \"x\" if false\n",
        )])
        .path(),
    )
    .err()
    .unwrap();
    assert!(e.contains("unknown severity"), "{e}");
    let two = "__rego_metadata__ := {\"id\": \"same\"}\ndeny contains \"x\" if false\n";
    let e = load(
        dir(&[
            ("a.rego", &format!("package tollgate.iac.a\n{two}")),
            ("b.rego", &format!("package tollgate.iac.b\n{two}")),
        ])
        .path(),
    )
    .err()
    .unwrap();
    assert!(e.contains("iac/custom/same") && e.contains("b.rego"), "{e}");
}

#[test]
fn a_deny_that_is_not_a_set_of_messages_is_an_error() {
    let d = dir(&[(
        "a.rego",
        "package tollgate.iac.a\nimport rego.v1\ndeny contains {\"address\": \"x\"} if true\n",
    )]);
    let e = resources(d.path()).evaluate(&[]).unwrap_err().to_string();
    assert!(
        e.contains("a.rego") && e.contains("without a string msg"),
        "{e}"
    );
}

#[test]
fn tests_pass_fail_and_error_alone() {
    let d = dir(&[(
        "t_test.rego",
        "package t\nimport rego.v1\ntest_a if true\ntest_b if false\ntest_c if 1 / 0 == 1\ntest_d if input.x == 1 with input as {\"x\": 1}\n",
    )]);
    let results = run_tests(
        &[d.path().to_path_buf()],
        Sandbox::InProcess,
        Limits::default(),
    )
    .unwrap();
    let got: Vec<(&str, bool, u32)> = results
        .iter()
        .map(|r| (r.rule.as_str(), r.passed, r.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("data.t.test_a", true, 3),
            ("data.t.test_b", false, 4),
            ("data.t.test_c", false, 5),
            ("data.t.test_d", true, 6),
        ]
    );
}
