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
