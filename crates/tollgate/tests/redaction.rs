//! No output of the binary shows a secret, also when several secrets share a line: every
//! format, the baseline file (which teams commit) and git-history scans. A secret counts as
//! shown when anything after its first four characters appears in any output byte.

use std::path::Path;

mod common;
use common::*;

/// Synthetic credentials, assembled at run time so this file holds none of them.
struct Secrets {
    aws_key_id: String,
    aws_secret: String,
    stripe: String,
    github: String,
    db_password: String,
}

impl Secrets {
    fn new() -> Secrets {
        let s = Secrets {
            aws_key_id: ["AKIA", "QYLPMN5TRW2XHB7K"].concat(),
            aws_secret: ["wK3pQ9zR7mT2xB5nL8vC", "4hJ6/dF1sG0aY+eU3iO5"].concat(),
            stripe: format!("sk_{}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eY", "live"),
            github: format!("gh{}_R2d7kQ9mX4vB8nL3pW6tY1cF5hJ0sA7eU2iO", "p"),
            db_password: ["g7Vq2!mZ", "9xR4tL8w"].concat(),
        };
        assert_eq!(s.aws_secret.len(), 40);
        s
    }

    fn all(&self) -> [&str; 5] {
        [
            &self.aws_key_id,
            &self.aws_secret,
            &self.stripe,
            &self.github,
            &self.db_password,
        ]
    }

    /// Two files, each with several secrets on one line.
    fn files(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "deploy/prod.env",
                format!(
                    "aws_access_key_id={} aws_secret_access_key={}\n",
                    self.aws_key_id, self.aws_secret
                ),
            ),
            (
                "payments/settings.py",
                format!(
                    "PAYMENTS = Client(api_key=\"{}\", github_token=\"{}\", dsn=\"postgresql://svc:{}@db.internal:5432/pay\")\n",
                    self.stripe, self.github, self.db_password
                ),
            ),
        ]
    }

    /// Fails naming the output and the secret when any secret's tail is in `bytes`.
    fn assert_hidden(&self, what: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        for secret in self.all() {
            assert!(
                !text.contains(&secret[4..]),
                "{what} shows a secret beyond its first 4 characters ({}…):\n{text}",
                &secret[..4]
            );
        }
    }
}

/// The rules that must have fired, or the outputs prove nothing.
const EXPECTED_RULES: [&str; 5] = [
    "secrets/aws-access-key-id",
    "secrets/aws-secret-access-key",
    "secrets/stripe-secret-key",
    "secrets/github-personal-access-token",
    "secrets/postgres-uri-password",
];

fn assert_all_found(report: &serde_json::Value) {
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for r in EXPECTED_RULES {
        assert!(rules.contains(&r), "{r} not found, only {rules:?}");
    }
}

fn scan_output(dir: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["scan", ".", "--no-progress"];
    args.extend_from_slice(extra);
    let o = tollgate(dir, &args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
    [o.stdout, o.stderr].concat()
}

#[test]
fn no_format_shows_any_of_several_secrets_on_a_line() {
    let s = Secrets::new();
    let d = tree(&s.files());
    for &format in tollgate_report::Format::NAMES {
        let out = scan_output(d.path(), &["-f", format]);
        s.assert_hidden(&format!("-f {format}"), &out);
    }
    let report: serde_json::Value =
        serde_json::from_slice(&scan_output(d.path(), &["-f", "json"])).unwrap();
    assert_all_found(&report);
    // The snippets still say where the secrets are.
    let snippets: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["snippet"].as_str().unwrap())
        .collect();
    assert!(
        snippets
            .contains(&"aws_access_key_id=AKIA…(20 chars) aws_secret_access_key=wK3p…(40 chars)"),
        "{snippets:#?}"
    );
}

#[test]
fn several_reports_written_in_one_run_show_no_secret() {
    let s = Secrets::new();
    let d = tree(&s.files());
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["scan".to_string(), ".".into(), "--no-progress".into()];
    let formats = ["json", "sarif", "junit", "markdown"];
    for f in formats {
        args.extend(["--format".into(), f.into(), "--output".into()]);
        args.push(out.path().join(f).to_string_lossy().into_owned());
    }
    let o = command(d.path()).args(&args).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    s.assert_hidden("the run's own output", &[o.stdout, o.stderr].concat());
    for f in formats {
        s.assert_hidden(f, &std::fs::read(out.path().join(f)).unwrap());
    }
}

#[test]
fn the_baseline_file_shows_no_secret() {
    let s = Secrets::new();
    let d = tree(&s.files());
    let o = tollgate(d.path(), &["baseline", "create", "-o", "baseline.json"]);
    assert!(o.status.success(), "{}", text(&o));
    s.assert_hidden("baseline create", &[o.stdout, o.stderr].concat());
    let bytes = std::fs::read(d.path().join("baseline.json")).unwrap();
    s.assert_hidden("baseline.json", &bytes);
    assert_all_found(&serde_json::from_slice(&bytes).unwrap());
}

#[test]
fn git_history_scans_show_no_secret() {
    let s = Secrets::new();
    let d = tree(&[("README.md", "payments\n")]);
    let root = d.path();
    let git = |args: &[&str]| common::git(root, args);
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    for (path, content) in s.files() {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    git(&["add", "."]);
    git(&["commit", "-qm", "add settings"]);
    // Kept through more commits, then removed; and a copy left only in a commit no ref
    // reaches, so the leak lines and the unreachable provenance are rendered too.
    std::fs::write(root.join("README.md"), "payments v2\n").unwrap();
    git(&["commit", "-qam", "docs"]);
    git(&["checkout", "-qb", "lost"]);
    std::fs::write(root.join("lost.env"), &s.files()[0].1).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "lost"]);
    git(&["checkout", "-q", "main"]);
    git(&["branch", "-qD", "lost"]);
    git(&["rm", "-rq", "deploy", "payments"]);
    git(&["commit", "-qm", "remove settings"]);

    for &format in tollgate_report::Format::NAMES {
        let out = scan_output(root, &["--git-history", "--unreachable", "-f", format]);
        s.assert_hidden(&format!("--git-history --unreachable -f {format}"), &out);
    }
    let json = scan_output(root, &["--git-history", "--unreachable", "-f", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_all_found(&report);
    // The history output is the leak list, not one finding per version: the settings were
    // held by "add settings", "docs" and the unreachable "lost".
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["git"]["commits"] == 3)
            && findings.iter().any(|f| f["git"]["unreachable"] == true),
        "{report:#}"
    );
    // A history report used as a baseline (teams commit it) shows none either, and works.
    let out = tempfile::tempdir().unwrap();
    let baseline = out.path().join("history-baseline.json");
    let o = tollgate(
        root,
        &[
            "scan",
            ".",
            "--git-history",
            "--unreachable",
            "--no-progress",
            "-f",
            "json",
            "-o",
            baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    s.assert_hidden(
        "the history scan writing its report",
        &[o.stdout, o.stderr].concat(),
    );
    s.assert_hidden("history-baseline.json", &std::fs::read(&baseline).unwrap());
    let o = tollgate(
        root,
        &[
            "scan",
            ".",
            "--git-history",
            "--unreachable",
            "--no-progress",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    s.assert_hidden(
        "a history scan against its baseline",
        &[o.stdout, o.stderr].concat(),
    );
}

/// Every secret of the committed fixture trees (the planted tree: one or more of every
/// family, in every file kind; the sensitive files; the content-confidence tree), as the
/// secrets engine detects it — also inside base64 — is hidden in every format, in the
/// baseline, and in a history scan of the same files.
#[test]
fn no_planted_secret_is_shown_by_any_output() {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tollgate_secrets/resources/test/fixtures");
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let mut values: Vec<Vec<u8>> = Vec::new();
    let cfg = tollgate_secrets::SecretsConfig {
        min_confidence: tollgate_core::Confidence::Low,
        ..Default::default()
    };
    let scanner = tollgate_secrets::SecretsScanner::new(&cfg).unwrap();
    for tree in ["planted", "sensitive-files", "content-confidence"] {
        let base = fixtures.join(tree);
        let mut stack = vec![base.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let rel = p.strip_prefix(&base).unwrap();
                let to = root.join(tree).join(rel);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                let bytes = std::fs::read(&p).unwrap();
                std::fs::write(&to, &bytes).unwrap();
                let class = tollgate_core::classify::classify(&rel.to_string_lossy());
                let engine = scanner.engine();
                for det in engine.detect(&bytes, class.is_config()) {
                    values.push(bytes[det.secret].to_vec());
                }
                for dec in tollgate_secrets::decode::candidates(&bytes) {
                    for det in engine.detect(&dec.bytes, true) {
                        values.push(dec.bytes[det.secret].to_vec());
                    }
                }
            }
        }
    }
    values.retain(|v| v.len() >= 10);
    values.sort();
    values.dedup();
    assert!(values.len() >= 60, "only {} values detected", values.len());
    let hidden = |what: &str, bytes: &[u8]| {
        for v in &values {
            let tail = &v[4..];
            assert!(
                !bytes.windows(tail.len()).any(|w| w == tail),
                "{what} shows a planted secret beyond its first 4 characters ({}…)",
                String::from_utf8_lossy(&v[..4])
            );
        }
    };
    let git = |args: &[&str]| common::git(root, args);
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "fixtures"]);
    for &format in tollgate_report::Format::NAMES {
        let o = tollgate(
            root,
            &[
                "scan",
                ".",
                "--no-progress",
                "--min-confidence",
                "low",
                "-f",
                format,
            ],
        );
        assert_eq!(o.status.code(), Some(1), "-f {format}: {}", text(&o));
        hidden(&format!("-f {format}"), &[o.stdout, o.stderr].concat());
        let o = tollgate(
            root,
            &[
                "scan",
                ".",
                "--git-history",
                "--no-progress",
                "--min-confidence",
                "low",
                "-f",
                format,
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "--git-history -f {format}: {}",
            text(&o)
        );
        hidden(
            &format!("--git-history -f {format}"),
            &[o.stdout, o.stderr].concat(),
        );
    }
    let o = tollgate(root, &["baseline", "create", "-o", "baseline.json"]);
    assert!(o.status.success(), "{}", text(&o));
    hidden("baseline create", &[o.stdout, o.stderr].concat());
    hidden(
        "baseline.json",
        &std::fs::read(root.join("baseline.json")).unwrap(),
    );
}
