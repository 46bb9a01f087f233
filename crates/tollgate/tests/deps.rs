//! Dependencies end to end: `db update` from a mirror the test serves on 127.0.0.1, exact
//! matching in a scan, notices apart from vulnerabilities, honest failures, and parity
//! with cargo-audit on real lockfiles when the shared data set is present.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::*;

/// A dependency-only JSON scan of `target` against the store `db` that never fails the gate.
fn deps_report(dir: &Path, target: &str, db: &str) -> serde_json::Value {
    json_of(&tollgate(
        dir,
        &[
            "scan",
            target,
            "--only",
            "deps",
            "--db",
            db,
            "-f",
            "json",
            "--fail-on",
            "none",
        ],
    ))
}

/// Import one OSV record into the store `dir/osv`.
use common::import_osv as import_record;

fn osv(id: &str, name: &str, extra: &str) -> String {
    format!(
        r#"{{"id":"{id}","modified":"2026-08-01T00:00:00Z","aliases":["CVE-2026-{}"],"summary":"flaw in {name}","affected":[{{"package":{{"ecosystem":"crates.io","name":"{name}"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0.0.0-0"}},{{"fixed":"1.2.5"}},{{"introduced":"2.0.0"}},{{"fixed":"2.0.3"}}]}}]{extra}}}]{}}}"#,
        &id[id.len() - 4..],
        if id.ends_with("0001") {
            r#","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]"#
        } else {
            ""
        }
    )
}

/// A zip of OSV records: a vulnerability with CVSS, an unmaintained notice, a withdrawn one.
fn osv_zip() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let withdrawn = osv("RUSTSEC-2026-0003", "ledgerlib", "").replacen(
            "\"modified\"",
            "\"withdrawn\":\"2026-08-02T00:00:00Z\",\"modified\"",
            1,
        );
        for (name, body) in [
            (
                "RUSTSEC-2026-0001.json",
                osv("RUSTSEC-2026-0001", "ledgerlib", ""),
            ),
            (
                "RUSTSEC-2026-0002.json",
                osv(
                    "RUSTSEC-2026-0002",
                    "oldcrypto",
                    r#","database_specific":{"informational":"unmaintained"}"#,
                ),
            ),
            ("RUSTSEC-2026-0003.json", withdrawn),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// Serve `<base>/crates.io/all.zip` on 127.0.0.1 for a few requests.
fn serve(zip: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(3) {
            let mut s = stream.unwrap();
            // Read the whole request head: a client may send it in several writes.
            let mut req = Vec::new();
            let mut byte = [0u8; 1];
            while !req.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                req.push(byte[0]);
            }
            let line = String::from_utf8_lossy(&req)
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            if line.starts_with("GET /crates.io/all.zip ") {
                write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    zip.len()
                )
                .unwrap();
                s.write_all(&zip).unwrap();
            } else {
                s.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .unwrap();
            }
        }
    });
    (base, handle)
}

const LOCK: &str = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"ledgerlib\", \"oldcrypto\"]\n\n[[package]]\nname = \"ledgerlib\"\nversion = \"1.2.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"oldcrypto\"\nversion = \"0.3.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"ledgerlib\"\nversion = \"2.0.3\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";

#[test]
fn update_from_a_local_mirror_then_scan() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let (base, server) = serve(osv_zip());
    let o = tollgate(
        dir,
        &[
            "db",
            "update",
            "--base-url",
            &base,
            "--ecosystem",
            "crates.io",
            "--db",
            "osv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = tollgate(dir, &["db", "status", "--db", "osv"]);
    let status = text(&o);
    assert!(
        status.contains("crates.io") && status.contains("2026-08-01T00:00:00Z"),
        "{status}"
    );
    let o = tollgate(
        dir,
        &[
            "db",
            "update",
            "--base-url",
            &base,
            "--ecosystem",
            "PyPI",
            "--db",
            "osv",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "a 404 is an error: {}", text(&o));
    drop(server);

    std::fs::create_dir(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/Cargo.lock"), LOCK).unwrap();
    let o = tollgate(
        dir,
        &["scan", "app", "--only", "deps", "--db", "osv", "-f", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f: Vec<(String, String, u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().into(),
                f["subject"]["name"].as_str().unwrap().to_string()
                    + "@"
                    + f["subject"]["version"].as_str().unwrap(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        f,
        vec![
            (
                "deps/vulnerable-package".to_string(),
                "ledgerlib@1.2.0".to_string(),
                9,
                "critical".to_string()
            ),
            (
                "deps/advisory-notice".to_string(),
                "oldcrypto@0.3.0".to_string(),
                14,
                "low".to_string()
            ),
        ],
        "2.0.3 is fixed; the withdrawn advisory is ignored"
    );
    // A finding is titled, classified and tagged as its rule is, so it maps to the same
    // controls the rule claims to cover.
    let rules = json_of(&tollgate(dir, &["rules", "--format", "json"]));
    for f in r["findings"].as_array().unwrap() {
        let meta = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == f["rule_id"])
            .unwrap();
        assert_eq!((&f["title"], &f["cwe"]), (&meta["title"], &meta["cwe"]));
        let tags = f["tags"].as_array().unwrap();
        assert!(
            meta["tags"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| tags.contains(t)),
            "{f:#}"
        );
    }
    let v = &r["findings"][0];
    assert_eq!(v["subject"]["fixed_version"], "1.2.5");
    assert_eq!(v["data"]["cvss_score"], "9.8");
    assert_eq!(
        v["subject"]["aliases"],
        serde_json::json!(["CVE-2026-0001"])
    );
    assert!(v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "pci-dss-4.0.1:6.3.3"));
}

#[test]
fn offline_update_and_bad_lockfiles_fail_honestly() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let o = tollgate(
        dir,
        &[
            "db",
            "update",
            "--base-url",
            "http://127.0.0.1:9",
            "--ecosystem",
            "crates.io",
            "--db",
            "osv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("tollgate db import"), "{}", text(&o));

    // A malformed lockfile is a scan error naming the file and line; the rest goes on.
    import_record(dir, &osv("RUSTSEC-2026-0001", "ledgerlib", ""));
    std::fs::create_dir_all(dir.join("app/sub")).unwrap();
    std::fs::write(
        dir.join("app/Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"x\"\nversion = 3\n",
    )
    .unwrap();
    std::fs::write(dir.join("app/sub/Cargo.lock"), LOCK).unwrap();
    std::fs::write(dir.join("app/mix.lock"), "%{}\n").unwrap();
    let o = tollgate(dir, &["scan", "app", "--db", "osv", "-f", "json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let issues = r["file_issues"].as_array().unwrap();
    let bad = issues.iter().find(|i| i["path"] == "Cargo.lock").unwrap();
    assert_eq!(
        (bad["kind"].as_str(), bad["line"].as_u64()),
        (Some("error"), Some(5)),
        "{bad}"
    );
    let yarn = issues.iter().find(|i| i["path"] == "mix.lock").unwrap();
    assert!(
        yarn["message"]
            .as_str()
            .unwrap()
            .contains("not supported yet"),
        "{yarn}"
    );
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["location"]["path"] == "sub/Cargo.lock"));
    // --strict turns the unreadable lockfile into a run error.
    assert_eq!(
        tollgate(dir, &["scan", "app", "--db", "osv", "--strict", "-q"])
            .status
            .code(),
        Some(2)
    );

    // A damaged advisory database never passes a vulnerable package as clean.
    std::fs::write(dir.join("osv/crates.io/data"), b"[{\"id\"").unwrap();
    let r = deps_report(dir, "app/sub", "osv");
    let issue = &r["file_issues"][0];
    assert_eq!(issue["kind"], "error", "{r:#}");
    assert!(
        issue["message"].as_str().unwrap().contains("damaged"),
        "{issue}"
    );
    assert_eq!(
        tollgate(dir, &["scan", "app/sub", "--db", "osv", "--strict", "-q"])
            .status
            .code(),
        Some(2)
    );
}

/// The evaluation data set. Tests that need it are compiled as ignored when it is absent
/// (see build.rs), so the runner reports them as skipped, never as passed.
fn shared_data() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(
        p.join("osv/crates.io/all.zip").exists(),
        "{} is incomplete",
        p.display()
    );
    p
}

/// With the shared RustSec snapshot and cargo-audit's reference output: exactly the same
/// vulnerabilities and notices, no more and no fewer.
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs the evaluation data set in ../shared/data"
)]
fn parity_with_cargo_audit_on_real_lockfiles() {
    let data = shared_data();
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let o = tollgate(
        dir,
        &[
            "db",
            "import",
            data.join("osv/crates.io/all.zip").to_str().unwrap(),
            "--db",
            "osv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    std::fs::create_dir(dir.join("locks")).unwrap();
    for e in std::fs::read_dir(data.join("lockfiles/cargo")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("locks").join(p.file_name().unwrap())).unwrap();
    }
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/compare-cargo-audit.py");
    let o = Command::new("python3")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_tollgate"))
        .arg(dir.join("osv"))
        .arg(data.join("reference/cargo-audit"))
        .arg(dir.join("locks"))
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert_eq!(out.matches("OK ").count(), 5, "{out}");
}

fn validators_available() -> bool {
    Command::new("python3")
        .args(["-c", "import cyclonedx.validation.json, spdx_tools"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn validate_sboms(files: &[PathBuf]) {
    // A validation that cannot run is a failure, never a silent pass.
    assert!(
        validators_available(),
        "cyclonedx-python-lib and spdx-tools are not installed: run scripts/setup.sh"
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/validate-sbom.py");
    let o = Command::new("python3")
        .arg(script)
        .args(files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn sboms_are_valid_and_deterministic() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::create_dir(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/Cargo.lock"), LOCK).unwrap();
    let run = |format: &str, out: &str| {
        let o = tollgate(dir, &["sbom", "app", "-f", format, "-o", out]);
        assert!(o.status.success(), "{}", text(&o));
        std::fs::read_to_string(dir.join(out)).unwrap()
    };
    let cdx = run("cyclonedx", "a.cdx.json");
    assert_eq!(
        cdx,
        run("cyclonedx", "b.cdx.json"),
        "same input, same bytes"
    );
    let spdx = run("spdx", "a.spdx.json");
    assert_eq!(spdx, run("spdx", "b.spdx.json"));
    let v: serde_json::Value = serde_json::from_str(&cdx).unwrap();
    let purls: Vec<&str> = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap())
        .collect();
    assert_eq!(
        purls,
        [
            "pkg:cargo/app@0.1.0",
            "pkg:cargo/ledgerlib@1.2.0",
            "pkg:cargo/ledgerlib@2.0.3",
            "pkg:cargo/oldcrypto@0.3.0"
        ]
    );
    let root = v["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["ref"] == "root-component")
        .unwrap();
    assert_eq!(
        root["dependsOn"].as_array().unwrap().len(),
        2,
        "app's direct dependencies: {root}"
    );
    validate_sboms(&[dir.join("a.cdx.json"), dir.join("a.spdx.json")]);

    // A malformed lockfile makes the SBOM an error rather than a silently short inventory.
    std::fs::write(dir.join("app/Cargo.lock"), "[[package]]\nname = 1\n").unwrap();
    let o = tollgate(dir, &["sbom", "app"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("Cargo.lock:2"), "{}", text(&o));
}

/// Every Cargo.lock, package-lock.json, go.mod and Python lockfile of the shared data set parses (package counts
/// printed) and its SBOMs validate; a scan of the whole folder reports every other format
/// as unsupported rather than skipping it silently.
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs the evaluation data set in ../shared/data"
)]
fn shared_lockfiles_parse_and_give_valid_sboms() {
    let data = shared_data();
    let d = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut sources: Vec<(PathBuf, &str)> = Vec::new();
    let mut stack = vec![data.join("lockfiles")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with("Cargo.lock") {
                sources.push((p, "Cargo.lock"));
            } else if name.contains("package-lock") && name.ends_with(".json") {
                sources.push((p, "package-lock.json"));
            } else if name.ends_with("go.mod") {
                sources.push((p, "go.mod"));
            } else if name.ends_with("Pipfile.lock") {
                sources.push((p, "Pipfile.lock"));
            } else if name.ends_with("requirements.txt") {
                sources.push((p, "requirements.txt"));
            } else if name.ends_with("yarn.lock") {
                sources.push((p, "yarn.lock"));
            } else if name.ends_with("pnpm-lock.yaml") {
                sources.push((p, "pnpm-lock.yaml"));
            } else if name.ends_with("Gemfile.lock") {
                sources.push((p, "Gemfile.lock"));
            } else if name.ends_with("pom.xml") {
                sources.push((p, "pom.xml"));
            } else if name.ends_with("gradle.lockfile") {
                sources.push((p, "gradle.lockfile"));
            } else if matches!(
                name.as_str(),
                "composer.lock" | "packages.lock.json" | "bun.lock"
            ) {
                let canonical: &str = match name.as_str() {
                    "composer.lock" => "composer.lock",
                    "packages.lock.json" => "packages.lock.json",
                    _ => "bun.lock",
                };
                sources.push((p, canonical));
            } else if matches!(name.as_str(), "poetry.lock" | "uv.lock" | "pylock.toml") {
                let canonical: &str = match name.as_str() {
                    "poetry.lock" => "poetry.lock",
                    "uv.lock" => "uv.lock",
                    _ => "pylock.toml",
                };
                sources.push((p, canonical));
            }
        }
    }
    sources.sort();
    assert!(sources.len() >= 40, "{sources:?}");
    for (i, (src, canonical)) in sources.iter().enumerate() {
        let app = d.path().join(format!("app{i}"));
        std::fs::create_dir(&app).unwrap();
        std::fs::copy(src, app.join(canonical)).unwrap();
        for (format, ext) in [("cyclonedx", "cdx.json"), ("spdx", "spdx.json")] {
            let out = d.path().join(format!("app{i}.{ext}"));
            let o = tollgate(
                d.path(),
                &[
                    "sbom",
                    app.to_str().unwrap(),
                    "-f",
                    format,
                    "-o",
                    out.to_str().unwrap(),
                ],
            );
            assert!(o.status.success(), "{}: {}", src.display(), text(&o));
            files.push(out);
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&files[files.len() - 2]).unwrap())
                .unwrap();
        let n = v["components"].as_array().unwrap().len();
        assert!(n > 0, "{}: no packages", src.display());
        eprintln!("{n:>5} packages  {}", src.display());
    }
    validate_sboms(&files);

    // The whole folder: nothing crashes, nothing unsupported goes unmentioned.
    let db = d.path().join("empty-db");
    std::fs::create_dir_all(db.join("src")).unwrap();
    std::fs::write(
        db.join("src/a.json"),
        osv("RUSTSEC-2026-0001", "ledgerlib", ""),
    )
    .unwrap();
    assert!(tollgate(
        d.path(),
        &[
            "db",
            "import",
            db.join("src").to_str().unwrap(),
            "--db",
            db.to_str().unwrap()
        ]
    )
    .status
    .success());
    let r = deps_report(
        d.path(),
        data.join("lockfiles").to_str().unwrap(),
        db.to_str().unwrap(),
    );
    let skipped = r["file_issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["message"].as_str().unwrap().contains("not supported yet"))
        .count();
    assert!(
        skipped >= 1,
        "unsupported lockfiles must be reported: {}",
        r["file_issues"]
    );
}

#[test]
fn vex_statements_suppress_with_their_justification() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    import_record(dir, &osv("RUSTSEC-2026-0001", "ledgerlib", ""));
    std::fs::create_dir(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/Cargo.lock"), LOCK).unwrap();
    let openvex = r#"{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://bank.example/vex/1", "author": "appsec@bank.example", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
      "statements": [{"vulnerability": {"name": "CVE-2026-0001"}, "products": [{"@id": "pkg:cargo/app@0.1.0", "subcomponents": [{"@id": "pkg:cargo/ledgerlib@1.2.0"}]}],
                      "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path", "impact_statement": "the parser is never given untrusted input"}]}"#;
    std::fs::write(dir.join("openvex.json"), openvex).unwrap();
    let scan = |vex: &str| {
        let o = tollgate(
            dir,
            &[
                "scan", "app", "--only", "deps", "--db", "osv", "--vex", vex, "-f", "json",
            ],
        );
        (
            o.status.code(),
            serde_json::from_slice::<serde_json::Value>(&o.stdout)
                .unwrap_or(serde_json::Value::Null),
            text(&o),
        )
    };
    let (code, r, _) = scan("openvex.json");
    assert_eq!(code, Some(0), "{r:#}");
    let s = &r["findings"][0]["suppression"];
    assert_eq!(s["kind"], "vex");
    assert!(s["reason"].as_str().unwrap().contains(
        "vulnerable_code_not_in_execute_path: the parser is never given untrusted input"
    ));

    let cdx = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "vulnerabilities": [
        {"id": "RUSTSEC-2026-0001", "analysis": {"state": "exploitable", "detail": "reachable from the API"}, "affects": [{"ref": "pkg:cargo/ledgerlib@1.2.0"}]}]}"#;
    std::fs::write(dir.join("cdx-vex.json"), cdx).unwrap();
    let (code, r, _) = scan("cdx-vex.json");
    assert_eq!(
        code,
        Some(1),
        "an 'affected' statement keeps the finding active"
    );
    assert_eq!(r["findings"][0]["data"]["vex_status"], "affected");

    std::fs::write(dir.join("bad.json"), openvex.replace(r#""justification": "vulnerable_code_not_in_execute_path", "impact_statement": "the parser is never given untrusted input""#, r#""note": "trust me""#)).unwrap();
    let (code, _, out) = scan("bad.json");
    assert_eq!(code, Some(2));
    assert!(
        out.contains("bad.json") && out.contains("justification"),
        "{out}"
    );
}

#[test]
fn licence_policy_applies_to_declared_licences() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    import_record(dir, &osv("RUSTSEC-2026-0001", "ledgerlib", ""));
    std::fs::create_dir(dir.join("web")).unwrap();
    let lock = r#"{
  "name": "web",
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "web", "dependencies": {"a": "1", "b": "1", "c": "1"}},
    "node_modules/a": {"version": "1.0.0", "license": "MIT"},
    "node_modules/b": {"version": "1.0.0", "license": "GPL-3.0-only"},
    "node_modules/c": {"version": "1.0.0", "license": "ISC OR GPL-3.0-only"}
  }
}
"#;
    std::fs::write(dir.join("web/package-lock.json"), lock).unwrap();
    std::fs::write(
        dir.join("web/tollgate.toml"),
        "[deps]\nlicenses_deny = [\"GPL-3.0-only\"]\n",
    )
    .unwrap();
    let r = deps_report(dir, "web", "osv");
    let lic: Vec<(String, u64)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "deps/license-policy")
        .map(|f| {
            (
                f["subject"]["name"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lic,
        vec![("b".to_string(), 7)],
        "c passes through its ISC alternative: {r:#}"
    );
    // No npm advisories in this database: said, not silently passed.
    assert!(r["file_issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["message"].as_str().unwrap().contains("no npm advisories")));
}

#[test]
fn go_modules_with_pseudo_versions() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let rec = r#"{"id":"GO-2026-0001","modified":"2026-01-01T00:00:00Z","aliases":["CVE-2026-1111"],"summary":"request smuggling","affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.17.0"}]}]}]}"#;
    import_record(dir, rec);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(
        dir.join("a/go.mod"),
        "module example.com/a\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/net v0.7.0 // indirect\n)\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(
        dir.join("b/go.mod"),
        "module example.com/b\n\nrequire golang.org/x/net v0.0.0-20230102150000-0123456789ab\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("c")).unwrap();
    std::fs::write(
        dir.join("c/go.mod"),
        "module example.com/c\n\nrequire golang.org/x/net v0.17.0\n",
    )
    .unwrap();
    let r = deps_report(dir, ".", "osv");
    let f: Vec<(String, u64, String, bool)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["confidence"].as_str().unwrap().to_string(),
                f["data"].get("pseudo_version").is_some(),
            )
        })
        .collect();
    assert_eq!(
        f,
        vec![
            ("a/go.mod".to_string(), 6, "high".to_string(), false),
            ("b/go.mod".to_string(), 3, "medium".to_string(), true)
        ],
        "the fixed release is clean; the pseudo-version matches with lower confidence"
    );
    assert_eq!(r["findings"][0]["subject"]["fixed_version"], "0.17.0");
}

/// Python lockfiles of the shared data set against the PyPA advisory snapshot: known
/// vulnerable pins are found at their lines (urllib3 1.26.4, Pygments 2.11.2).
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs the evaluation data set in ../shared/data"
)]
fn shared_python_lockfiles_against_pypa_advisories() {
    let data = shared_data();
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    assert!(tollgate(
        dir,
        &[
            "db",
            "import",
            data.join("osv/PyPI/all.zip").to_str().unwrap(),
            "--db",
            "osv"
        ]
    )
    .status
    .success());
    std::fs::create_dir_all(dir.join("bot")).unwrap();
    std::fs::copy(
        data.join("lockfiles/python/reddit-karma-farming-bot.Pipfile.lock"),
        dir.join("bot/Pipfile.lock"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::copy(
        data.join("lockfiles/python/trivy-docs-2022-04-24.requirements.txt"),
        dir.join("docs/requirements.txt"),
    )
    .unwrap();
    let r = deps_report(dir, ".", "osv");
    let found: Vec<(String, String, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                format!(
                    "{}@{}",
                    f["subject"]["name"].as_str().unwrap(),
                    f["subject"]["version"].as_str().unwrap()
                ),
                f["subject"]["advisory"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |path: &str, pkg: &str, id: &str| {
        found
            .iter()
            .any(|(p, k, a)| p == path && k == pkg && a == id)
    };
    assert!(
        has("docs/requirements.txt", "pygments@2.11.2", "PYSEC-2023-117"),
        "{found:?}"
    );
    assert!(
        has("bot/Pipfile.lock", "urllib3@1.26.4", "PYSEC-2021-108"),
        "{found:?}"
    );
    assert!(
        r["file_issues"].as_array().unwrap().is_empty(),
        "{}",
        r["file_issues"]
    );
}

/// The OSV fixtures of real advisories (written from their public records) in the deps
/// crate's test resources.
fn real_advisories() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tollgate_deps/resources/test/fixtures/osv")
}

fn pom(version: &str) -> String {
    format!("<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.bank</groupId>\n  <artifactId>app</artifactId>\n  <version>1.0</version>\n  <dependencies>\n    <dependency>\n      <groupId>org.apache.logging.log4j</groupId>\n      <artifactId>log4j-core</artifactId>\n      <version>{version}</version>\n    </dependency>\n  </dependencies>\n</project>\n")
}

fn gemfile_lock(version: &str) -> String {
    format!("GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri ({version})\n      racc (~> 1.4)\n    racc (1.6.2)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  nokogiri\n")
}

fn nuget_lock(version: &str) -> String {
    format!("{{\n  \"version\": 1,\n  \"dependencies\": {{\n    \"net6.0\": {{\n      \"Newtonsoft.Json\": {{\n        \"type\": \"Direct\",\n        \"requested\": \"[{version}, )\",\n        \"resolved\": \"{version}\"\n      }}\n    }}\n  }}\n}}\n")
}

fn composer_lock(version: &str) -> String {
    format!("{{\n  \"packages\": [\n    {{\n      \"name\": \"guzzlehttp/guzzle\",\n      \"version\": \"{version}\",\n      \"license\": [\"MIT\"]\n    }}\n  ],\n  \"packages-dev\": []\n}}\n")
}

/// Maven, RubyGems, NuGet and Packagist packages are matched end to end against real
/// advisories; each fixed version is the near miss.
#[test]
fn maven_rubygems_nuget_and_packagist_are_checked() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let o = tollgate(
        dir,
        &[
            "db",
            "import",
            real_advisories().to_str().unwrap(),
            "--db",
            "osv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    for (tree, log4j, nokogiri, newtonsoft, guzzle) in [
        ("vuln", "2.14.0", "1.13.3", "12.0.3", "7.4.3"),
        ("fixed", "2.15.0", "1.13.4", "13.0.1", "7.4.4"),
    ] {
        for (path, content) in [
            ("maven/pom.xml", pom(log4j)),
            ("ruby/Gemfile.lock", gemfile_lock(nokogiri)),
            ("dotnet/packages.lock.json", nuget_lock(newtonsoft)),
            ("php/composer.lock", composer_lock(guzzle)),
        ] {
            let p = dir.join(tree).join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
    }
    let r = deps_report(dir, "vuln", "osv");
    let found: Vec<(String, String, u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                format!(
                    "{}@{}",
                    f["subject"]["name"].as_str().unwrap(),
                    f["subject"]["version"].as_str().unwrap()
                ),
                f["location"]["start_line"].as_u64().unwrap(),
                f["subject"]["advisory"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "dotnet/packages.lock.json",
            "Newtonsoft.Json@12.0.3",
            5,
            "GHSA-5crp-9r3c-p9vr",
        ),
        (
            "maven/pom.xml",
            "org.apache.logging.log4j:log4j-core@2.14.0",
            7,
            "GHSA-jfh8-c2jp-5v3q",
        ),
        (
            "php/composer.lock",
            "guzzlehttp/guzzle@7.4.3",
            4,
            "GHSA-f2wf-25xc-69c9",
        ),
        (
            "ruby/Gemfile.lock",
            "nokogiri@1.13.3",
            4,
            "GHSA-crjr-9rc5-ghw8",
        ),
    ];
    let mut found_sorted = found.clone();
    found_sorted.sort();
    assert_eq!(
        found_sorted,
        want.iter()
            .map(|(p, k, l, a)| (p.to_string(), k.to_string(), *l, a.to_string()))
            .collect::<Vec<_>>(),
        "{r:#}"
    );
    assert!(
        r["file_issues"].as_array().unwrap().is_empty(),
        "every lockfile checked: {}",
        r["file_issues"]
    );
    let log4j = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"]["advisory"] == "GHSA-jfh8-c2jp-5v3q")
        .unwrap();
    assert_eq!(log4j["subject"]["fixed_version"], "2.15.0");
    assert_eq!(log4j["severity"], "critical");
    // The fixed versions: no findings, and no lockfile left unchecked.
    let r = deps_report(dir, "fixed", "osv");
    assert_eq!(r["findings"].as_array().unwrap().len(), 0, "{r:#}");
    assert!(
        r["file_issues"].as_array().unwrap().is_empty(),
        "{}",
        r["file_issues"]
    );
}

/// Every way of damaging the store gives an error naming the damaged file on the lockfile,
/// and `--strict` fails; never a clean answer.
#[test]
fn a_damaged_store_is_an_error_never_a_clean_answer() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/Cargo.lock"), LOCK).unwrap();
    let two = format!("{}\n", osv("RUSTSEC-2026-0001", "ledgerlib", ""));
    let fresh = |dir: &Path| {
        let _ = std::fs::remove_dir_all(dir.join("osv"));
        let src = dir.join("osv-src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.json"), &two).unwrap();
        std::fs::write(
            src.join("b.json"),
            osv("RUSTSEC-2026-0002", "aaa-other", ""),
        )
        .unwrap();
        let o = tollgate(dir, &["db", "import", "osv-src", "--db", "osv"]);
        assert!(o.status.success(), "{}", text(&o));
        // Undamaged: the vulnerable package is found.
        let r = deps_report(dir, "app", "osv");
        assert_eq!(r["findings"].as_array().unwrap().len(), 1, "{r:#}");
    };
    let index = |dir: &Path| dir.join("osv/crates.io/index");
    let data = |dir: &Path| dir.join("osv/crates.io/data");
    type Damage = Box<dyn Fn(&Path)>;
    let damages: Vec<(&str, &str, Damage)> = vec![
        (
            "emptied index",
            "index",
            Box::new(move |d| std::fs::write(index(d), "").unwrap()),
        ),
        (
            "truncated index",
            "index",
            Box::new(move |d| {
                let t = std::fs::read(index(d)).unwrap();
                std::fs::write(index(d), &t[..t.len() / 2]).unwrap()
            }),
        ),
        (
            "one index line deleted",
            "index",
            Box::new(move |d| {
                let t = std::fs::read_to_string(index(d)).unwrap();
                let kept: String = t
                    .lines()
                    .filter(|l| !l.starts_with("ledgerlib\t"))
                    .map(|l| format!("{l}\n"))
                    .collect();
                assert_ne!(kept, t);
                std::fs::write(index(d), kept).unwrap()
            }),
        ),
        (
            "a range bound edited",
            "data",
            Box::new(move |d| {
                let t = std::fs::read_to_string(data(d)).unwrap();
                assert!(t.contains("\"1.2.5\""));
                std::fs::write(data(d), t.replace("\"1.2.5\"", "\"1.0.0\"")).unwrap()
            }),
        ),
        (
            "manifest deleted",
            "manifest",
            Box::new(|d| std::fs::remove_file(d.join("osv/manifest.json")).unwrap()),
        ),
        (
            "meta edited",
            "meta.json",
            Box::new(|d| {
                let p = d.join("osv/meta.json");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, t.replace("\"packages\": 2", "\"packages\": 3")).unwrap()
            }),
        ),
    ];
    for (what, file, damage) in damages {
        fresh(dir);
        damage(dir);
        let r = deps_report(dir, "app", "osv");
        let issues = r["file_issues"].as_array().unwrap();
        assert!(
            issues.iter().any(|i| i["kind"] == "error"
                && i["path"] == "Cargo.lock"
                && i["message"].as_str().unwrap().contains(file)),
            "{what}: {r:#}"
        );
        for args in [
            vec!["scan", "app", "--db", "osv", "--strict", "-q"],
            vec![
                "scan", "app", "--only", "deps", "--db", "osv", "--strict", "-q",
            ],
        ] {
            assert_eq!(
                tollgate(dir, &args).status.code(),
                Some(2),
                "{what}: {args:?}"
            );
        }
        let o = tollgate(dir, &["db", "status", "--db", "osv"]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", text(&o));
        assert!(text(&o).contains(file), "{what}: {}", text(&o));
    }

    // Importing into a store whose meta.json cannot be read is an error, not a reset.
    fresh(dir);
    std::fs::write(dir.join("osv/meta.json"), "{not json").unwrap();
    let o = tollgate(dir, &["db", "import", "osv-src", "--db", "osv"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("meta.json"), "{}", text(&o));
}

/// Staleness is the data's own age (its newest `modified` date), not the import date.
#[test]
fn status_warns_about_an_old_snapshot_imported_today() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let rec = r#"{"id":"GO-2022-0001","modified":"2022-03-01T00:00:00Z","summary":"old","affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.7.0"}]}]}]}"#;
    import_record(dir, rec);
    let o = tollgate(dir, &["db", "status", "--db", "osv"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("warning: Go") && out.contains("2022-03-01"),
        "a 2022 snapshot is old however recently imported: {out}"
    );
    // A fresh snapshot (SOURCE_DATE_EPOCH pins today to 2026-11-21) gets no warning.
    let d = tempfile::tempdir().unwrap();
    import_record(d.path(), &rec.replace("2022-03-01", "2026-11-20"));
    let out = text(&tollgate(d.path(), &["db", "status", "--db", "osv"]));
    assert!(!out.contains("warning"), "{out}");
}

/// A run of the binary that must finish within `secs` (a hang is a failure, not a stall).
fn within(secs: u64, dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = command(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > secs {
            child.kill().unwrap();
            panic!("tollgate {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// A POM's parent is read only when it is a regular file inside the scan root: not a
/// device, not a FIFO, not a file outside the root (directly or through a symbolic link).
#[test]
fn parent_poms_are_read_only_inside_the_scan_root() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let parent = |v: &str| {
        format!("<project><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version><properties><log4j.version>{v}</log4j.version></properties></project>\n")
    };
    let child = |rel: &str| {
        format!("<project>\n<parent><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version><relativePath>{rel}</relativePath></parent>\n<artifactId>app</artifactId>\n<dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${{log4j.version}}</version></dependency></dependencies>\n</project>\n")
    };
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(dir.join("outside/pom.xml"), parent("6.6.6")).unwrap();
    let repo = dir.join("repo");
    for (sub, rel) in [
        ("inside", "../parent/pom.xml"),
        ("escape", "../../outside/pom.xml"),
        ("absolute", dir.join("outside/pom.xml").to_str().unwrap()),
        ("zero", "/dev/zero"),
        ("fifo", "../fifo-parent/pom.xml"),
        ("link", "../link-parent/pom.xml"),
    ] {
        std::fs::create_dir_all(repo.join(sub)).unwrap();
        std::fs::write(repo.join(sub).join("pom.xml"), child(rel)).unwrap();
    }
    std::fs::create_dir_all(repo.join("parent")).unwrap();
    std::fs::write(repo.join("parent/pom.xml"), parent("2.14.0")).unwrap();
    std::fs::create_dir_all(repo.join("fifo-parent")).unwrap();
    let ok = Command::new("mkfifo")
        .arg(repo.join("fifo-parent/pom.xml"))
        .status()
        .unwrap();
    assert!(ok.success());
    std::os::unix::fs::symlink(dir.join("outside"), repo.join("link-parent")).unwrap();

    let o = within(
        30,
        dir,
        &["sbom", "repo", "-f", "cyclonedx", "-o", "bom.json"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let bom = std::fs::read_to_string(dir.join("bom.json")).unwrap();
    assert!(
        !bom.contains("6.6.6"),
        "a file outside the scan leaked into the SBOM"
    );
    assert!(bom.contains("log4j-core@2.14.0"), "{bom}");
    // The scan: the parent inside the repository resolves (and matches log4j); every
    // other one is an unresolved version, reported.
    let o = tollgate(
        dir,
        &[
            "db",
            "import",
            real_advisories().to_str().unwrap(),
            "--db",
            "osv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = within(
        30,
        dir,
        &[
            "scan",
            "repo",
            "--only",
            "deps",
            "--db",
            "osv",
            "-f",
            "json",
            "--fail-on",
            "none",
        ],
    );
    let r = json_of(&o);
    let hits: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["inside/pom.xml"], "{r:#}");
    let unresolved = r["file_issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["message"]
                .as_str()
                .unwrap()
                .contains("no version that can be resolved")
        })
        .count();
    assert_eq!(unresolved, 5, "{}", r["file_issues"]);
}

/// A server on 127.0.0.1 that answers each of `n` connections with `respond` after
/// reading the request head; write errors (the client hung up) end that answer.
fn serve_raw(
    n: usize,
    respond: impl Fn(&mut std::net::TcpStream) -> std::io::Result<()> + Send + 'static,
) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut s) = stream else { continue };
            let mut req = Vec::new();
            let mut byte = [0u8; 1];
            while !req.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                req.push(byte[0]);
            }
            let _ = respond(&mut s);
        }
    });
    base
}

fn update(dir: &Path, base: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "db",
        "update",
        "--base-url",
        base,
        "--ecosystem",
        "crates.io",
        "--db",
        "osv",
    ];
    args.extend_from_slice(extra);
    within(60, dir, &args)
}

/// `db update` against hostile servers: every answer is bounded in size and time, fails
/// with a message, and leaves no download directory behind.
#[test]
fn update_survives_hostile_servers() {
    type Respond = Box<dyn Fn(&mut std::net::TcpStream) -> std::io::Result<()> + Send>;
    let endless = |head: &'static [u8], unit: &'static [u8]| -> Respond {
        Box::new(move |s| {
            s.write_all(head)?;
            loop {
                s.write_all(unit)?;
            }
        })
    };
    let cases: Vec<(&str, Respond, &[&str], &str)> = vec![
        (
            "a chunk size beyond u64",
            Box::new(|s| {
                s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nx")
            }),
            &[],
            "chunk size",
        ),
        (
            "a 140 TB chunk",
            Box::new(|s| {
                s.write_all(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffff\r\nxxxx",
                )
            }),
            &[],
            "limit",
        ),
        (
            "a huge Content-Length",
            Box::new(|s| {
                s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nxx")
            }),
            &[],
            "limit",
        ),
        (
            "an endless body without a length",
            endless(
                b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
                &[0u8; 8192],
            ),
            &["--max-size", "1M"],
            "limit",
        ),
        (
            "endless chunks",
            endless(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                Box::leak(
                    format!("2000\r\n{}\r\n", " ".repeat(0x2000))
                        .into_bytes()
                        .into_boxed_slice(),
                ),
            ),
            &["--max-size", "1M"],
            "limit",
        ),
        (
            "an endless header",
            endless(b"HTTP/1.1 200 OK\r\nX-Pad: ", b"aaaaaaaaaaaaaaaa"),
            &[],
            "longer than",
        ),
        (
            "endless header lines",
            endless(b"HTTP/1.1 200 OK\r\n", b"X-Pad: a\r\n"),
            &[],
            "headers",
        ),
        (
            "an endless status line",
            endless(b"HTTP/1.1 200 ", b"OK OK OK OK OK OK "),
            &[],
            "status line",
        ),
        (
            "one byte every half second",
            Box::new(|s| {
                s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")?;
                loop {
                    s.write_all(b"x")?;
                    std::thread::sleep(std::time::Duration::from_millis(500));
                }
            }),
            &["--timeout", "2"],
            "did not finish within",
        ),
    ];
    for (what, respond, extra, says) in cases {
        let d = tempfile::tempdir().unwrap();
        let base = serve_raw(1, respond);
        let start = std::time::Instant::now();
        let o = update(d.path(), &base, extra);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: {out}");
        assert!(out.contains(says), "{what}: {out}");
        assert!(
            start.elapsed().as_secs() < 20,
            "{what}: {:?}",
            start.elapsed()
        );
        assert!(
            !d.path().join("osv.download").exists(),
            "{what}: download left behind"
        );
        assert!(
            !d.path().join("osv").exists(),
            "{what}: a store was written"
        );
    }
}

/// An update that would shrink an ecosystem to below half its packages is refused unless
/// `--force`; the store keeps its data.
#[test]
fn update_refuses_to_shrink_an_ecosystem() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let src = dir.join("many");
    std::fs::create_dir_all(&src).unwrap();
    for i in 0..6 {
        std::fs::write(
            src.join(format!("{i}.json")),
            osv(&format!("RUSTSEC-2026-000{i}"), &format!("crate{i}"), ""),
        )
        .unwrap();
    }
    let o = tollgate(dir, &["db", "import", "many", "--db", "osv"]);
    assert!(o.status.success(), "{}", text(&o));
    let zip = {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("a.json", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(osv("RUSTSEC-2026-0001", "ledgerlib", "").as_bytes())
            .unwrap();
        z.finish().unwrap();
        buf.into_inner()
    };
    let respond = move |s: &mut std::net::TcpStream| {
        write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
            zip.len()
        )?;
        s.write_all(&zip)
    };
    let base = serve_raw(2, respond);
    let o = update(dir, &base, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--force") && text(&o).contains("6"),
        "{}",
        text(&o)
    );
    assert!(!dir.join("osv.download").exists());
    let status = text(&tollgate(dir, &["db", "status", "--db", "osv"]));
    assert!(
        status.contains("crates.io") && status.contains(" 6 "),
        "{status}"
    );
    let o = update(dir, &base, &["--force"]);
    assert!(o.status.success(), "{}", text(&o));
    let status = text(&tollgate(dir, &["db", "status", "--db", "osv"]));
    assert!(status.contains(" 1 "), "{status}");
}

/// A zip bomb is refused at the bound, long before it is expanded.
#[test]
fn import_bounds_a_zip_bomb() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("bomb.json", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..256 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    std::fs::write(dir.join("bomb.zip"), buf.into_inner()).unwrap();
    let start = std::time::Instant::now();
    let o = within(60, dir, &["db", "import", "bomb.zip", "--db", "osv"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("limit"), "{}", text(&o));
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

/// PEM armour around DER, 64 columns, as openssl writes it.
fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[test]
fn the_cbom_lists_certificates_keys_and_tls_settings_and_validates() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    for sub in ["app/certs", "app/nginx", "app/src/main/resources"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    // A certificate and its key made here (ECDSA P-256, SHA-256); an RSA one and a weak
    // one from the synthetic fixtures.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(vec!["cbom.test".to_string()]).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "cbom.test");
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2027, 1, 1);
    let cert = p.self_signed(&key).unwrap();
    std::fs::write(
        dir.join("app/certs/server.crt"),
        pem("CERTIFICATE", cert.der()),
    )
    .unwrap();
    let key_pem = pem("PRIVATE KEY", &key.serialize_der());
    std::fs::write(dir.join("app/certs/server.key"), &key_pem).unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tollgate_sast/resources/test/fixtures/cbom");
    for (from, to) in [
        ("rsa2048-sha256.crt", "app/certs/rsa.crt"),
        ("legacy-rsa1024-sha1.pem", "app/certs/legacy.pem"),
    ] {
        std::fs::copy(fixtures.join(from), dir.join(to)).unwrap();
    }
    std::fs::write(
        dir.join("app/nginx/nginx.conf"),
        "http {\n  server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:HIGH:!aNULL;\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("app/src/main/resources/application.yml"),
        "server:\n  port: 8443\n  ssl:\n    enabled-protocols: TLSv1.2\n    ciphers:\n      - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n      - TLS_RSA_WITH_3DES_EDE_CBC_SHA\n",
    )
    .unwrap();
    // A binary `.conf` (a compiled cache) is not a web server's configuration.
    std::fs::write(
        dir.join("app/nginx/cache.conf"),
        b"\x00\x01\xfe\xff\x00binary",
    )
    .unwrap();
    let o = tollgate(dir, &["cbom", "app", "-o", "a.cdx.json"]);
    assert!(o.status.success(), "{}", text(&o));
    let a = std::fs::read_to_string(dir.join("a.cdx.json")).unwrap();
    validate_sboms(&[dir.join("a.cdx.json")]);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let comps = v["components"].as_array().unwrap();
    let by = |key: &str, n: &str| {
        comps
            .iter()
            .find(|c| c[key] == n)
            .unwrap_or_else(|| panic!("no {n} in {comps:#?}"))
    };
    let props = |c: &serde_json::Value, name: &str| -> Vec<String> {
        c["properties"]
            .as_array()
            .map(|p| {
                p.iter()
                    .filter(|p| p["name"] == name)
                    .map(|p| p["value"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    // The certificate: its signature and its key, through their references.
    let ec = by("name", "CN=cbom.test");
    let cp = &ec["cryptoProperties"]["certificateProperties"];
    assert_eq!(cp["notValidBefore"], "2025-01-01T00:00:00Z");
    assert_eq!(cp["notValidAfter"], "2027-01-01T00:00:00Z");
    assert_eq!(
        props(ec, "tollgate:signature-algorithm"),
        ["ecdsa-with-SHA256"]
    );
    assert_eq!(
        by("bom-ref", cp["signatureAlgorithmRef"].as_str().unwrap())["name"],
        "ECDSA"
    );
    let public = by("bom-ref", cp["subjectPublicKeyRef"].as_str().unwrap());
    let rp = &public["cryptoProperties"]["relatedCryptoMaterialProperties"];
    assert_eq!(
        by("bom-ref", rp["algorithmRef"].as_str().unwrap())["name"],
        "ECDSA-P-256"
    );
    assert_eq!(rp["size"], 256);
    assert_eq!(props(ec, "tollgate:quantum-vulnerable"), ["true"]);
    // RSA: 2048 bits, not weak; 1024 bits and SHA-1, weak twice.
    let rsa = by(
        "name",
        "CN=rsa2048.tollgate-test.invalid, O=Tollgate synthetic test fixture",
    );
    assert!(props(rsa, "tollgate:weak").is_empty());
    by("name", "RSA-2048");
    let legacy = by(
        "name",
        "CN=legacy.tollgate-test.invalid, O=Tollgate synthetic test fixture",
    );
    assert_eq!(props(legacy, "tollgate:weak").len(), 2, "{legacy:#}");
    // The private key: algorithm and size, at its place, never its material.
    let k = by("name", "ECDSA-P-256 private key");
    assert_eq!(
        k["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"],
        "private-key"
    );
    assert_eq!(
        k["evidence"]["occurrences"][0]["location"],
        "certs/server.key"
    );
    let body: String = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let chars: Vec<char> = body.chars().collect();
    for w in chars.windows(16) {
        let run: String = w.iter().collect();
        assert!(!a.contains(&run), "the CBOM holds the key's base64: {run}");
        assert!(
            !text(&o).contains(&run),
            "the output holds the key's base64"
        );
    }
    // Protocols from nginx and Spring, old ones flagged; suites split into their parts.
    let t10 = by("name", "TLSv1.0");
    assert_eq!(
        t10["cryptoProperties"]["protocolProperties"]["version"],
        "1.0"
    );
    assert_eq!(props(t10, "tollgate:weak").len(), 1);
    let t12 = by("name", "TLSv1.2");
    assert!(props(t12, "tollgate:weak").is_empty());
    let places: Vec<&str> = t12["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        places,
        ["nginx/nginx.conf", "src/main/resources/application.yml"]
    );
    let suites = t12["cryptoProperties"]["protocolProperties"]["cipherSuites"]
        .as_array()
        .unwrap();
    let suite = |n: &str| {
        suites
            .iter()
            .find(|s| s["name"] == n)
            .unwrap_or_else(|| panic!("no suite {n} in {suites:#?}"))
    };
    let parts: Vec<&str> = suite("ECDHE-RSA-AES256-GCM-SHA384")["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| by("bom-ref", r.as_str().unwrap())["name"].as_str().unwrap())
        .collect();
    let mut sorted = parts.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["AES-256-GCM", "ECDH", "RSA", "SHA-384"],
        "{parts:?}"
    );
    assert!(
        suite("HIGH").get("algorithms").is_none(),
        "a keyword is not guessed"
    );
    assert!(!props(by("name", "3DES-168-CBC"), "tollgate:weak").is_empty());

    // A broken certificate is named, the rest is still written.
    std::fs::write(
        dir.join("app/certs/broken.pem"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let o = tollgate(dir, &["cbom", "app", "-o", "b.cdx.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("certs/broken.pem:1"), "{}", text(&o));
    let b = std::fs::read_to_string(dir.join("b.cdx.json")).unwrap();
    assert!(b.contains("CN=cbom.test"));
}

#[test]
fn the_cbom_lists_each_algorithm_where_it_is_used_and_validates() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::create_dir_all(dir.join("app/src")).unwrap();
    std::fs::write(
        dir.join("app/src/Keys.java"),
        r#"class Keys { static final String ALG = "SHA-256";
  void f() throws Exception {
    java.security.MessageDigest.getInstance(ALG);
    java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("RSA");
    javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
  } }"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("app/sign.py"),
        "import hashlib\nfrom cryptography.hazmat.primitives.asymmetric import ec\nh = hashlib.sha1(b'x')\nk = ec.generate_private_key(ec.SECP256R1())\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("app/tok.go"),
        "package p\nimport \"crypto/hmac\"\nimport \"crypto/sha256\"\nfunc f(k []byte) { hmac.New(sha256.New, k) }\n",
    )
    .unwrap();
    let run = |out: &str| {
        let o = tollgate(dir, &["cbom", "app", "-o", out]);
        assert!(o.status.success(), "{}", text(&o));
        std::fs::read_to_string(dir.join(out)).unwrap()
    };
    let a = run("a.cdx.json");
    let b = run("b.cdx.json");
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["metadata"]["timestamp"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&a), strip(&b), "the same tree gives the same CBOM");
    validate_sboms(&[dir.join("a.cdx.json")]);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let comps = v["components"].as_array().unwrap();
    let by_name = |n: &str| {
        comps
            .iter()
            .find(|c| c["name"] == n)
            .unwrap_or_else(|| panic!("no {n} in {comps:#?}"))
    };
    for n in [
        "SHA-256", "RSA", "AES-GCM", "SHA-1", "ECDSA", "SHA-256", "HMAC",
    ] {
        by_name(n);
    }
    let quantum = |c: &serde_json::Value| {
        c["properties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "tollgate:nist-ir-8547")
    };
    assert!(quantum(by_name("RSA")) && quantum(by_name("ECDSA")));
    assert!(!quantum(by_name("AES-GCM")) && !quantum(by_name("SHA-256")));
    let rsa = &by_name("RSA")["evidence"]["occurrences"][0];
    assert_eq!(
        (rsa["location"].as_str(), rsa["line"].as_u64()),
        (Some("src/Keys.java"), Some(4))
    );

    // A file that could not be read: the CBOM is written, and the command says it is
    // incomplete.
    std::fs::write(dir.join("app/broken.py"), "def f(:\n    hashlib.md5()\n").unwrap();
    let o = tollgate(dir, &["cbom", "app", "-o", "c.cdx.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("broken.py:1"), "{}", text(&o));
    assert!(dir.join("c.cdx.json").exists());
}
