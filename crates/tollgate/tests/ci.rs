//! Drop-in CI: the GitLab reports of real scans against GitLab's schemas, every CI template
//! against its platform's published schema, and `tollgate init --ci`.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// check-jsonschema with `schema_args` on `files`; a validator that cannot run fails the
/// test, never passes it.
fn check_jsonschema(schema_args: &[&str], files: &[&Path]) -> Result<(), String> {
    let o = Command::new("check-jsonschema")
        .args(schema_args)
        .args(files)
        .output()
        .expect("check-jsonschema is not installed: run scripts/setup.sh");
    if o.status.success() {
        Ok(())
    } else {
        Err(text(&o))
    }
}

fn gitlab_schema(file: &str) -> String {
    repo_root()
        .join("crates/tollgate_report/resources/gitlab-schemas")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn gitlab_secret_detection_of_the_planted_tree_conforms() {
    let planted = repo_root().join("crates/tollgate_secrets/resources/test/fixtures/planted");
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("gl-secret-detection-report.json");
    let o = command(Path::new("."))
        .arg("scan")
        .arg(&planted)
        .args(["--no-progress", "-f", "gitlab-secret-detection", "-o"])
        .arg(&report)
        .args(["-f", "json", "-o"])
        .arg(out.path().join("r.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let schema = gitlab_schema("secret-detection-report-format.json");
    check_jsonschema(&["--schemafile", &schema], &[&report]).unwrap();
    let gl: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("r.json")).unwrap()).unwrap();
    let active = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppression"].is_null())
        .count();
    assert!(active > 20, "the planted tree should hold many secrets");
    assert_eq!(gl["vulnerabilities"].as_array().unwrap().len(), active);
    assert_eq!(gl["scan"]["status"], "success");
    assert_eq!(gl["scan"]["start_time"], "2026-11-21T00:00:00");
    // The JSON report's snippets are what GitLab shows: redacted.
    for v in gl["vulnerabilities"].as_array().unwrap() {
        if let Some(s) = v["raw_source_code_extract"].as_str() {
            assert!(
                json.to_string()
                    .contains(&serde_json::Value::from(s).to_string()),
                "{s}"
            );
        }
    }
}

#[test]
fn gitlab_dependency_scanning_of_a_vulnerable_lockfile_conforms() {
    let d = tree(&[(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"ledgerlib\"]\n\n[[package]]\nname = \"ledgerlib\"\nversion = \"1.2.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )]);
    import_osv(
        d.path(),
        r#"{"id":"RUSTSEC-2026-0001","modified":"2026-08-01T00:00:00Z","aliases":["CVE-2026-0001"],"summary":"flaw in ledgerlib","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],"affected":[{"package":{"ecosystem":"crates.io","name":"ledgerlib"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.5"}]}]}]}"#,
    );
    let o = tollgate(
        d.path(),
        &[
            "scan",
            ".",
            "--no-progress",
            "--db",
            "osv",
            "-f",
            "gitlab-dependency-scanning",
            "-o",
            "gl-dependency-scanning-report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = d.path().join("gl-dependency-scanning-report.json");
    let schema = gitlab_schema("dependency-scanning-report-format.json");
    check_jsonschema(&["--schemafile", &schema], &[&report]).unwrap();
    let gl: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let v = &gl["vulnerabilities"][0];
    assert_eq!(v["location"]["file"], "Cargo.lock");
    assert_eq!(v["location"]["dependency"]["package"]["name"], "ledgerlib");
    assert_eq!(v["identifiers"][0]["value"], "RUSTSEC-2026-0001");
    assert_eq!(v["severity"], "Critical");

    // Without a database the deps scanner does not run, and GitLab is told the scan failed.
    let o = tollgate(
        d.path(),
        &[
            "scan",
            ".",
            "--no-progress",
            "--db",
            "no-such-db",
            "-f",
            "gitlab-dependency-scanning",
        ],
    );
    let gl = json_of(&o);
    assert_eq!(gl["scan"]["status"], "failure", "{gl:#}");
    assert_eq!(gl["vulnerabilities"].as_array().unwrap().len(), 0);
}
