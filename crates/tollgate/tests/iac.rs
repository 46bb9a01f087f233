//! The IaC scanner end to end through the binary: offline by construction, checked by
//! scanning inside a network namespace with no interfaces but loopback down.

mod common;
use common::*;

/// A small tree with a module that is switched off, a remote module that must not be
/// fetched, and a bucket without versioning.
fn iac_tree() -> tempfile::TempDir {
    tree(&[
        (
            "main.tf",
            "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n\nresource \"aws_s3_bucket\" \"statements\" {\n  bucket = \"bank-statements\"\n}\n",
        ),
        (
            "k8s/api.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: registry.example/api:1.2\n      securityContext:\n        privileged: true\n",
        ),
    ])
}

#[test]
fn an_iac_scan_inside_a_network_namespace_gives_the_same_report() {
    let d = iac_tree();
    let args = ["scan", ".", "--only", "iac", "-f", "json", "--no-progress"];
    let plain = tollgate(d.path(), &args);
    assert!(plain.status.code().is_some(), "{}", text(&plain));
    // `unshare -n` (util-linux, on every machine of this kind; the suite runs as root) gives
    // the process a network namespace of its own: any attempt to reach a registry or an
    // update server fails there, and would show as a scan error or a different report.
    let mut c = std::process::Command::new("unshare");
    c.arg("-n")
        .arg(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(d.path())
        .env("SOURCE_DATE_EPOCH", "1795219200")
        .env_remove("CI");
    let isolated = c.output().expect("unshare runs");
    assert!(
        isolated.status.code() == plain.status.code(),
        "inside the namespace: {}",
        text(&isolated)
    );
    let strip = |o: &std::process::Output| {
        let mut v = json_of(o);
        v.as_object_mut().unwrap().remove("timing");
        v
    };
    let (a, b) = (strip(&plain), strip(&isolated));
    assert_eq!(a, b, "the report differs inside a network namespace");
    let findings = a["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule_id"] == "iac/aws/s3-bucket-versioning"),
        "{a:#}"
    );
}

#[test]
fn var_and_var_file_flags_reach_the_terraform_evaluator() {
    let d = tree(&[
        (
            "main.tf",
            "variable \"keep_versions\" {\n  type    = bool\n  default = false\n}\n\nresource \"aws_s3_bucket\" \"ledger\" {\n  bucket = \"bank-ledger\"\n  versioning {\n    enabled = var.keep_versions\n  }\n}\n",
        ),
        ("envs/prod.tfvars", "keep_versions = true\n"),
    ]);
    let versioning = |extra: &[&str]| {
        let (_, r) = scan_json(d.path(), &[&["--only", "iac"], extra].concat());
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "iac/aws/s3-bucket-versioning")
            .cloned()
            .collect::<Vec<_>>()
    };
    // The default leaves versioning off, and the finding says where the value came from.
    let off = versioning(&[]);
    assert_eq!(off.len(), 1);
    assert!(
        off[0]["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["message"].as_str().unwrap().contains("keep_versions")),
        "{:#}",
        off[0]
    );
    assert!(versioning(&["--var", "keep_versions=true"]).is_empty());
    assert!(versioning(&["--var-file", "envs/prod.tfvars"]).is_empty());
    // A later --var wins over the file, as in Terraform.
    assert_eq!(
        versioning(&[
            "--var-file",
            "envs/prod.tfvars",
            "--var",
            "keep_versions=false"
        ])
        .len(),
        1
    );
    // A --var without a name is a usage error, before anything is scanned.
    let o = tollgate(d.path(), &["scan", ".", "--var", "keep_versions"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("NAME=VALUE"), "{}", text(&o));
}

#[test]
fn a_malformed_file_of_each_format_is_a_scan_error_with_its_line_and_the_rest_goes_on() {
    let d = tree(&[
        ("broken/main.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\"\n  acl = \n}\n"),
        ("k8s/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"),
        (
            "cfn/broken.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: [x\n",
        ),
        (".github/workflows/broken.yml", "on: push\njobs:\n  a: [\n"),
        ("good/main.tf", "resource \"aws_s3_bucket\" \"statements\" {\n  bucket = \"bank-statements\"\n}\n"),
    ]);
    let (code, r) = scan_json(d.path(), &["--only", "iac", "--fail-on", "none"]);
    assert_eq!(code, 0, "{r:#}");
    let errors: Vec<&serde_json::Value> = r["file_issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "error")
        .collect();
    for path in [
        "broken/main.tf",
        "k8s/broken.yaml",
        "cfn/broken.yaml",
        ".github/workflows/broken.yml",
    ] {
        let e = errors
            .iter()
            .find(|i| i["path"] == path)
            .unwrap_or_else(|| panic!("no scan error for {path}: {r:#}"));
        assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{e:#}");
    }
    // The good file is still checked, and the broken ones are listed as unchecked.
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["location"]["path"] == "good/main.tf"));
    assert!(
        r["coverage"]["iac"]["unchecked"].as_array().unwrap().len() >= 4,
        "{r:#}"
    );
    // Under --strict the gate fails: unchecked is never clean.
    let (strict, _) = scan_json(
        d.path(),
        &["--only", "iac", "--fail-on", "none", "--strict"],
    );
    assert_ne!(strict, 0);
}
