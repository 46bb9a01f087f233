//! End-to-end tests of the `tollgate` binary: exit codes, formats, configuration,
//! robustness against bad input, suppressions and git history.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::*;

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A synthetic Stripe live key, assembled so this source file holds no literal key.
fn stripe_key() -> String {
    format!("sk_{}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eY", "live")
}

fn github_token() -> String {
    format!("gh{}_R2d7kQ9mX4vB8nL3pW6tY1cF5hJ0sA7eU2iO", "p")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tollgate_secrets/resources/test/fixtures")
}

#[test]
fn clean_tree_passes_with_exit_0() {
    let d = tree(&[("src/app.py", "print('hello')\n")]);
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Gate PASSED"));
}

#[test]
fn finding_at_threshold_fails_with_exit_1() {
    let d = tree(&[(
        "config/.env",
        &format!("STRIPE_SECRET_KEY={}\n", stripe_key()),
    )]);
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("secrets/stripe-secret-key"), "{out}");
    assert!(out.contains("config/.env"));
    assert!(!out.contains(&stripe_key()), "secret printed in full");
    assert!(out.contains("Gate FAILED"));
}

#[test]
fn fail_on_threshold_is_respected() {
    // A Stripe test key is low severity.
    let d = tree(&[(
        "a.env",
        &format!("KEY={}\n", stripe_key().replace("live", "test")),
    )]);
    assert_eq!(
        code(&tollgate(d.path(), &["scan", "."])),
        0,
        "low finding under the default high threshold"
    );
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--fail-on", "low"])),
        1
    );
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--fail-on", "info"])),
        1
    );
    let d = tree(&[("a.env", &format!("KEY={}\n", stripe_key()))]);
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--fail-on", "none"])),
        0
    );
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--fail-on", "critical"])),
        1
    );
    let o = tollgate(d.path(), &["scan", ".", "--fail-on", "severe"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--fail-on"), "{}", stderr(&o));
}

#[test]
fn usage_and_run_errors_exit_2() {
    let d = tree(&[("a.txt", "x\n")]);
    let o = tollgate(d.path(), &["scan", "no/such/dir"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no/such/dir"));
    // The dependency scanner without an advisory database: an error that says what to do.
    let o = tollgate(
        d.path(),
        &["scan", ".", "--only", "deps", "--db", "no-db-here"],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("tollgate db update"), "{}", stderr(&o));
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--only", "nonsense"])),
        2
    );
    assert_eq!(
        code(&tollgate(d.path(), &["scan", ".", "--format", "pdf"])),
        2
    );
    assert_eq!(code(&tollgate(d.path(), &["frobnicate"])), 2);
    // Every scanner switched off: nothing would be checked, so never a pass.
    std::fs::write(
        d.path().join("tollgate.toml"),
        "[scanners]\nsecrets = false\niac = false\nsast = false\n",
    )
    .unwrap();
    assert_eq!(code(&tollgate(d.path(), &["scan", "."])), 2);
}

#[test]
fn bad_config_names_file_and_line() {
    let d = tree(&[(
        "tollgate.toml",
        "[scan]\nexclude = []\n[gate]\nfail_on = \"sometimes\"\n",
    )]);
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("tollgate.toml:4:"), "{err}");
    let d = tree(&[(
        "t.toml",
        "[secrets]\n[[secrets.allowlist]]\nreason = \"x\"\nvalues = [\"(unclosed\"]\n",
    )]);
    let o = tollgate(d.path(), &["scan", ".", "--config", "t.toml"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("secrets.allowlist[0]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn one_tollgate_toml_serves_scan_and_serve() {
    // The server's `[server]` table sits beside the scanners' sections: `scan` accepts it,
    // and `serve` reads it with the same file-and-line errors as every command.
    let d = tree(&[
        (
            "tollgate.toml",
            "[gate]\nfail_on = \"high\"\n\n[server]\nlisten = \"127.0.0.1:0\"\n",
        ),
        ("a.txt", "nothing here\n"),
        (
            "bad.toml",
            "[server]\nlisten = \"127.0.0.1:0\"\nlistn = \"x\"\n",
        ),
    ]);
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = tollgate(d.path(), &["serve", "-c", "bad.toml", "--data-dir", "data"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.toml:3:"), "{}", stderr(&o));
}

#[test]
fn init_writes_a_config_that_loads() {
    let d = tree::<&str>(&[]);
    let o = tollgate(d.path(), &["init"]);
    assert_eq!(code(&o), 0);
    assert!(d.path().join("tollgate.toml").is_file());
    assert_eq!(
        code(&tollgate(d.path(), &["init"])),
        2,
        "refuses to overwrite"
    );
    assert_eq!(code(&tollgate(d.path(), &["scan", "."])), 0);
}

#[test]
fn several_formats_in_one_run_and_same_bytes_twice() {
    let dir = fixtures().join("planted");
    let out = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for round in 0..2 {
        let names: Vec<PathBuf> = ["r.json", "r.sarif", "r.xml", "r.md"]
            .iter()
            .map(|n| out.path().join(format!("{round}-{n}")))
            .collect();
        let o = command(Path::new("."))
            .arg("scan")
            .arg(&dir)
            .args(["--format", "json", "--output"])
            .arg(&names[0])
            .args(["--format", "sarif", "--output"])
            .arg(&names[1])
            .args(["--format", "junit", "--output"])
            .arg(&names[2])
            .args(["--format", "markdown", "--output"])
            .arg(&names[3])
            .args([
                "--format",
                "text",
                "--jobs",
                if round == 0 { "1" } else { "4" },
            ])
            .output()
            .unwrap();
        assert_eq!(code(&o), 1);
        files.push(
            names
                .iter()
                .map(|n| std::fs::read(n).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(files[0], files[1], "reports differ between runs");
    let json: serde_json::Value = serde_json::from_slice(&files[0][0]).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["decision"]["status"], "fail");
    // 58 planted secrets, and what the IaC rules say of the tree's Dockerfile and of the
    // Kubernetes Secret manifest that holds some of them.
    let findings = json["findings"].as_array().unwrap();
    let of = |prefix: &str| {
        findings
            .iter()
            .filter(|f| f["rule_id"].as_str().unwrap().starts_with(prefix))
            .count()
    };
    assert_eq!(of("secrets/"), 58);
    assert_eq!(of("iac/"), 4);
    assert_eq!(findings.len(), 62);
    let sarif: serde_json::Value = serde_json::from_slice(&files[0][1]).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 62);
    assert!(results
        .iter()
        .all(|r| r["partialFingerprints"]["tollgate/v1"].is_string()));
    let junit = String::from_utf8(files[0][2].clone()).unwrap();
    assert!(
        junit.starts_with("<?xml") && junit.contains("failures=\"63\""),
        "{}",
        &junit[..300]
    );
    let md = String::from_utf8(files[0][3].clone()).unwrap();
    assert!(md.starts_with("## ❌ Tollgate failed"));
    for body in &files[0] {
        let text = String::from_utf8_lossy(body);
        assert!(!text.contains("sk_live_51"), "a report shows a raw secret");
    }
}

#[test]
fn sarif_passes_the_official_validator() {
    validate_sarif_of(&fixtures().join("planted"));
}

#[test]
fn sarif_with_code_flows_passes_the_official_validator() {
    let d = tree(&[(
        "app.py",
        "from flask import request\ndef find(cur):\n    name = request.args.get('name')\n    cur.execute(\"SELECT * FROM t WHERE n = '\" + name + \"'\")\n",
    )]);
    let sarif = validate_sarif_of(d.path());
    let v: serde_json::Value = serde_json::from_slice(&sarif).unwrap();
    let result = &v["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "sast/python/sql-injection");
    let steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    assert!(steps.len() >= 3, "{result}");
}

/// Scans `dir` to SARIF, has the official validator check it, and returns the log.
fn validate_sarif_of(dir: &Path) -> Vec<u8> {
    // A validation that cannot run is a failure, never a silent pass.
    let validator =
        which("sarif-multitool").expect("sarif-multitool is not installed: run scripts/setup.sh");
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("r.sarif");
    let o = command(Path::new("."))
        .arg("scan")
        .arg(dir)
        .args(["--format", "sarif", "--output"])
        .arg(&sarif)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let log = out.path().join("validation.sarif");
    let v = Command::new(validator)
        .arg("validate")
        .arg(&sarif)
        .arg("--output")
        .arg(&log)
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    let result: serde_json::Value = serde_json::from_slice(&std::fs::read(&log).unwrap()).unwrap();
    let errors: Vec<&serde_json::Value> = result["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "error")
        .collect();
    assert!(errors.is_empty(), "SARIF validation errors: {errors:#?}");
    std::fs::read(&sarif).unwrap()
}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.is_file())
    })
}

#[test]
fn bad_files_never_stop_the_scan() {
    let d = tree(&[("ok.env", &format!("TOKEN={}\n", github_token()))]);
    let root = d.path();
    // Not UTF-8 (Latin-1), with a secret in it: scanned as bytes, flagged as a warning.
    let mut latin1 = b"# Schl\xfcssel f\xfcr die Zahlungen\nGH=".to_vec();
    latin1.extend_from_slice(github_token().as_bytes());
    latin1.push(b'\n');
    std::fs::write(root.join("latin1.properties"), latin1).unwrap();
    // A 2 GiB sparse file: skipped by size, never read.
    let big = std::fs::File::create(root.join("huge.log")).unwrap();
    big.set_len(2 << 30).unwrap();
    // Symbolic link loops, followed on purpose.
    std::os::unix::fs::symlink("loop-b", root.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", root.join("loop-b")).unwrap();
    std::fs::create_dir(root.join("dir")).unwrap();
    std::os::unix::fs::symlink("..", root.join("dir/up")).unwrap();
    // A file that cannot be read even by root: /proc/self/mem fails with EIO at offset 0.
    std::os::unix::fs::symlink("/proc/self/mem", root.join("unreadable.bin")).unwrap();
    std::fs::write(
        root.join("tollgate.toml"),
        "[scan]\nfollow_symlinks = true\n",
    )
    .unwrap();

    let (status, r) = scan_json(root, &[]);
    assert_eq!(status, 1, "{r:#}");
    let findings = r["findings"].as_array().unwrap();
    let paths: Vec<&str> = findings
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"ok.env") && paths.contains(&"latin1.properties"),
        "{paths:?}"
    );
    let issues = r["file_issues"].as_array().unwrap();
    let issue = |path: &str| {
        issues
            .iter()
            .find(|i| i["path"].as_str().unwrap().ends_with(path))
            .unwrap_or_else(|| panic!("no issue for {path}: {issues:#?}"))
    };
    assert_eq!(issue("latin1.properties")["kind"], "warning");
    assert_eq!(issue("huge.log")["kind"], "skipped");
    assert!(issue("huge.log")["message"]
        .as_str()
        .unwrap()
        .contains("2.0 GiB"));
    assert_eq!(issue("unreadable.bin")["kind"], "error");
    assert!(
        issues
            .iter()
            .any(|i| i["message"].as_str().unwrap().contains("loop")),
        "{issues:#?}"
    );
    // With --strict, anything that could not be checked is a run error.
    let o = tollgate(root, &["scan", ".", "--strict", "--quiet"]);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn inline_ignore_and_allowlist_keep_findings_but_do_not_gate() {
    let d = tree(&[
        ("a.py", format!("KEY = '{}'  # tollgate:ignore[stripe-secret-key] sandbox fixture, rotated\n", stripe_key()).as_str()),
        ("b.py", format!("TOKEN = '{}'\n", github_token()).as_str()),
        (
            "tollgate.toml",
            "[[secrets.allowlist]]\nreason = \"revoked token kept for the incident write-up\"\npaths = [\"b.py\"]\nrules = [\"github-personal-access-token\"]\n",
        ),
    ]);
    let (status, r) = scan_json(d.path(), &[]);
    assert_eq!(status, 0, "{r:#}");
    assert_eq!(r["summary"]["total"], 0);
    assert_eq!(r["summary"]["suppressed"], 2);
    let f = r["findings"].as_array().unwrap();
    assert_eq!(f[0]["suppression"]["kind"], "inline");
    assert_eq!(f[0]["suppression"]["reason"], "sandbox fixture, rotated");
    assert_eq!(f[1]["suppression"]["kind"], "config");
}

#[test]
fn git_history_finds_removed_secrets_with_provenance() {
    let d = tree(&[("README.md", "payments\n")]);
    let root = d.path();
    let git = |args: &[&str]| common::git(root, args);
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    std::fs::write(
        root.join("settings.py"),
        format!("STRIPE = '{}'\n", stripe_key()),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "add stripe"]);
    let leaked_in = git(&["rev-parse", "HEAD"]);
    std::fs::write(root.join("settings.py"), "STRIPE = os.environ['STRIPE']\n").unwrap();
    git(&["commit", "-qam", "remove key"]);

    // The working tree is clean ...
    assert_eq!(code(&tollgate(root, &["scan", "."])), 0);
    // ... the history is not.
    let (status, r) = scan_json(root, &["--git-history"]);
    assert_eq!(status, 1, "{r:#}");
    let f = &r["findings"][0];
    assert_eq!(f["rule_id"], "secrets/stripe-secret-key");
    assert_eq!(f["location"]["path"], "settings.py");
    assert_eq!(f["git"]["commit"], leaked_in);
    assert_eq!(f["git"]["author"], "Dana Dev");
    assert_eq!(f["git"]["date"], "2026-01-02T03:04:05Z");
    assert_eq!(r["stats"]["commits_scanned"], 3);
    assert_eq!(r["target"]["mode"], "git-history");
    // Only what came after the leak: nothing.
    let (status, r) = scan_json(root, &["--git-history", "--since", &leaked_in]);
    assert_eq!(status, 0, "{r:#}");
    assert_eq!(r["stats"]["commits_scanned"], 1);
    // Not a repository: a clear error.
    let plain = tree(&[("a.txt", "x")]);
    let o = tollgate(plain.path(), &["scan", ".", "--git-history"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("not a git repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_listing_and_explain() {
    let d = tree::<&str>(&[]);
    let o = tollgate(d.path(), &["rules", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rules.as_array().unwrap().len() >= 150);
    // Every scanner's rules are listed, not only the secret rules.
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "secrets/stripe-secret-key",
        "deps/vulnerable-package",
        "deps/advisory-notice",
        "deps/license-policy",
    ] {
        assert!(ids.contains(&id), "{id} is missing from `tollgate rules`");
    }
    let o = tollgate(d.path(), &["rules", "explain", "vulnerable-package"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("PCI DSS"));
    let o = tollgate(d.path(), &["rules", "explain", "stripe-secret-key"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Why it matters in finance"));
    assert_eq!(
        code(&tollgate(d.path(), &["rules", "explain", "no-such-rule"])),
        2
    );
}

#[test]
fn rule_reference_in_docs_is_up_to_date() {
    let o = command(Path::new("."))
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    let generated = String::from_utf8(o.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `cargo run -q -- rules --format markdown > docs/rules.md`"
    );
}
