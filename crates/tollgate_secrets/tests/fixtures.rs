//! The committed fixture trees: every planted secret found with the right rule at the
//! right line, and nothing at all in the tree of near misses.

use std::path::PathBuf;
use tollgate_core::walk::{walk, WalkOptions};
use tollgate_core::{Confidence, Finding, Scanner};
use tollgate_secrets::SecretsConfig;
use tollgate_secrets::SecretsScanner;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures")
}

fn scan(dir: &str, min_confidence: Confidence) -> Vec<Finding> {
    let cfg = SecretsConfig {
        min_confidence,
        ..SecretsConfig::default()
    };
    let scanner = SecretsScanner::new(&cfg).unwrap();
    let opts = WalkOptions {
        root: fixtures().join(dir),
        max_file_size: 1 << 20,
        follow_symlinks: false,
        respect_gitignore: true,
        exclude: vec![],
        threads: 2,
    };
    let scanners: Vec<&dyn Scanner> = vec![&scanner];
    let result = walk(&opts, &scanners, None).unwrap();
    assert!(result.issues.is_empty(), "{:?}", result.issues);
    let mut findings = result.findings;
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

#[test]
fn every_planted_secret_is_found_at_its_line() {
    let text = std::fs::read_to_string(fixtures().join("planted-expected.json")).unwrap();
    let expected: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut want: Vec<(String, u64, String)> = expected
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort();
    let kinds: std::collections::BTreeSet<&str> = want.iter().map(|w| w.2.as_str()).collect();
    assert!(kinds.len() >= 40, "only {} kinds planted", kinds.len());

    // At the default confidence, nothing planted in real-looking files may be lost.
    for min in [Confidence::Low, Confidence::Medium] {
        let mut got: Vec<(String, u64, String)> = scan("planted", min)
            .iter()
            .map(|f| {
                (
                    f.location.path.clone(),
                    f.location.start_line as u64,
                    f.rule_id.to_string(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "min_confidence {min}");
    }
}

#[test]
fn near_misses_report_nothing() {
    let found = scan("near-misses", Confidence::Low);
    let lines: Vec<String> = found
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.path, f.location.start_line, f.rule_id
            )
        })
        .collect();
    assert!(found.is_empty(), "false positives:\n{}", lines.join("\n"));
}

#[test]
fn planted_output_snapshot() {
    let found = scan("planted", Confidence::Low);
    let text: Vec<String> = found
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} [{} / {}] {} | {}",
                f.location.path,
                f.location.start_line,
                f.location.start_column,
                f.rule_id,
                f.severity,
                f.confidence,
                f.message,
                f.location.snippet.as_deref().unwrap_or("")
            )
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

/// A connection URI to a loopback host whose password is its user name is a development
/// default: still reported, at low severity. Another host or another password keeps the
/// rule's severity.
#[test]
fn local_development_defaults_are_low_severity() {
    let found: Vec<(u32, String, String)> = scan("local-defaults", Confidence::High)
        .iter()
        .map(|f| {
            (
                f.location.start_line,
                f.rule_id.to_string(),
                f.severity.to_string(),
            )
        })
        .collect();
    let want = [
        (2, "secrets/postgres-uri-password", "low"),
        (3, "secrets/postgres-uri-password", "critical"),
        (4, "secrets/mysql-uri-password", "low"),
        (5, "secrets/postgres-uri-password", "critical"),
        (6, "secrets/redis-uri-password", "high"),
    ];
    let want: Vec<(u32, String, String)> = want
        .iter()
        .map(|(l, r, s)| (*l, r.to_string(), s.to_string()))
        .collect();
    assert_eq!(found, want);
}

/// Confidence follows the value, not only the file: an issuer's own format (here GitHub's
/// checksummed tokens) is a credential in a runbook or a test; a generic assignment there
/// is demoted; a wrong checksum is no GitHub token; the words of a translation catalogue and
/// public blockchain addresses are not secrets at all.
/// `path:line rule confidence` of each finding.
fn brief(fs: &[Finding]) -> Vec<String> {
    fs.iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.location.path,
                f.location.start_line,
                f.rule_id.as_str(),
                f.confidence
            )
        })
        .collect()
}

#[test]
fn confidence_by_content() {
    let default = brief(&scan("content-confidence", Confidence::Medium));
    assert_eq!(
        default,
        [
            "config/locales/de.yml:8 secrets/github-personal-access-token high",
            "docs/runbook.md:4 secrets/github-personal-access-token high",
            "tests/test_client.py:6 secrets/github-oauth-token high",
        ],
        "{default:#?}"
    );
    let low = brief(&scan("content-confidence", Confidence::Low));
    assert_eq!(
        low,
        [
            "config/locales/de.yml:8 secrets/github-personal-access-token high",
            "docs/runbook.md:4 secrets/github-personal-access-token high",
            "docs/runbook.md:5 secrets/generic-password low",
            "tests/test_client.py:4 secrets/github-personal-access-token low",
            "tests/test_client.py:6 secrets/github-oauth-token high",
        ],
        "{low:#?}"
    );
}

/// Files that are credentials as a whole are reported by name and content, also where no
/// line matches a pattern (key stores and password databases are binary); their look-alikes
/// (a public key, a `.pgpass` of wildcards, a state file without secrets, credentials files
/// of environment lookups, a PNG) are not.
#[test]
fn sensitive_files_by_name_and_content() {
    let all = scan("sensitive-files", Confidence::Low);
    let brief: Vec<String> = all
        .iter()
        .filter(|f| !f.location.path.starts_with("near/"))
        .map(|f| {
            format!(
                "{}:{} {}",
                f.location.path,
                f.location.start_line,
                f.rule_id.as_str()
            )
        })
        .collect();
    // One finding per file: the file rule where no line of the file matched a pattern.
    assert_eq!(
        brief,
        [
            "certs/client-ident.p12:1 secrets/pkcs12-file",
            "deploy/payments-gateway.jks:1 secrets/java-keystore-file",
            "home/.aws/credentials:5 secrets/aws-secret-access-key",
            "home/.config/gh/hosts.yml:4 secrets/github-oauth-token",
            "home/.git-credentials:1 secrets/http-url-password",
            "home/.pgpass:3 secrets/pgpass-file",
            "home/.ssh/id_ed25519:1 secrets/ssh-private-key-file",
            "infra/prod/terraform.tfstate:12 secrets/generic-password",
            // A passphrase of plain words is no generic password, but state holds it.
            "infra/staging/terraform.tfstate:11 secrets/terraform-state-secrets",
            "ops/team.kdbx:1 secrets/keepass-database",
        ],
        "{brief:#?}"
    );
    let near: Vec<&Finding> = all
        .iter()
        .filter(|f| f.location.path.starts_with("near/"))
        .collect();
    assert!(near.is_empty(), "{near:#?}");
    for f in &all {
        let shown = serde_json::to_string(f).unwrap();
        assert!(!shown.contains("ledger_app:"), "{shown}");
    }
}

/// Base64 that looks like key material, made at run time (no key in the repository).
fn key_body(lines: usize, seed: u64) -> Vec<String> {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x = seed;
    (0..lines)
        .map(|_| {
            (0..64)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    B64[(x >> 58) as usize] as char
                })
                .collect()
        })
        .collect()
}

/// A private key is found however the code writes it: escaped newlines of both kinds (and
/// escaped twice, JSON in JSON), concatenated string literals in Java, Python, JavaScript
/// and Go, a YAML block; an encrypted key is reported as encrypted, never as a clear one.
#[test]
fn private_keys_in_every_encoding() {
    let body = key_body(8, 7);
    let pem = |kind: &str, sep: &str| {
        format!(
            "-----BEGIN {kind}-----{sep}{}{sep}-----END {kind}-----",
            body.join(sep)
        )
    };
    let concat = |open: &str, close: &str, kind: &str| {
        let mut lines = vec![format!("{open}-----BEGIN {kind}-----\\n{close}")];
        lines.extend(body.iter().map(|l| format!("{open}{l}\\n{close}")));
        lines.push(format!("{open}-----END {kind}-----\\n\""));
        lines.join("\n")
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "config/keys.json",
            format!("{{\"signing_key\": \"{}\"}}", pem("RSA PRIVATE KEY", "\\r\\n")),
            "secrets/private-key",
        ),
        (
            "config/nested.json",
            format!("{{\"blob\": \"{{\\\"k\\\": \\\"{}\\\"}}\"}}", pem("PRIVATE KEY", "\\\\n")),
            "secrets/private-key",
        ),
        (
            "src/main/java/Signer.java",
            format!(
                "String key =\n{};",
                concat("    \"", "\" +", "PRIVATE KEY")
            ),
            "secrets/private-key",
        ),
        (
            "src/signer.py",
            format!("KEY = (\n{})", concat("    \"", "\"", "EC PRIVATE KEY")),
            "secrets/private-key",
        ),
        (
            // Implicit concatenation without escaped newlines.
            "src/signer_plain.py",
            format!(
                "KEY = (\n    \"-----BEGIN PRIVATE KEY-----\"\n{}\n    \"-----END PRIVATE KEY-----\"\n)",
                body.iter()
                    .map(|l| format!("    \"{l}\""))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            "secrets/private-key",
        ),
        (
            "web/signer.js",
            format!("const key = {};", concat("  '", "' +", "OPENSSH PRIVATE KEY").replace('"', "'")),
            "secrets/openssh-private-key",
        ),
        (
            "cmd/signer.go",
            format!("var key = `{}`", pem("RSA PRIVATE KEY", "\r\n")),
            "secrets/private-key",
        ),
        (
            "deploy/values.yaml",
            format!(
                "tls:\n  key: |\n    {}\n",
                pem("PRIVATE KEY", "\n    ")
            ),
            "secrets/private-key",
        ),
        (
            "config/legacy.pem",
            format!(
                "-----BEGIN {kind}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,8A3F0C1B2D4E6F7081920A1B2C3D4E5F\n\n{}\n-----END {kind}-----\n",
                body.join("\n"),
                kind = "RSA PRIVATE KEY"
            ),
            "secrets/legacy-encrypted-private-key",
        ),
        (
            "config/pkcs8.json",
            format!("{{\"key\": \"{}\"}}", pem("ENCRYPTED PRIVATE KEY", "\\n")),
            "secrets/encrypted-private-key",
        ),
    ];
    let cfg = SecretsConfig {
        min_confidence: Confidence::Low,
        ..SecretsConfig::default()
    };
    let scanner = SecretsScanner::new(&cfg).unwrap();
    let mut failures = Vec::new();
    for (path, text, want) in &cases {
        let class = tollgate_core::classify::classify(path);
        let found = scanner.scan_bytes(path, text.as_bytes(), &class);
        let ids: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
        if ids != [*want] {
            failures.push(format!("{path}: want {want}, found {ids:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Credentials written as a named call argument (`props.put("…password", "…")`, Gradle's
/// `property "sonar.login", "…"`, `os.environ.setdefault("…TOKEN", "…")`) are found; a value
/// read from the environment, a known default, a list of strings and a message are not.
#[test]
fn credentials_passed_as_named_arguments() {
    let found = brief(&scan("named-arguments", Confidence::Low));
    assert_eq!(
        found,
        [
            "build.gradle:9 secrets/sonar-token-legacy medium",
            "settings.py:3 secrets/generic-credential-argument medium",
            "src/main/java/bank/LedgerConfig.java:9 secrets/generic-credential-argument medium",
            "src/main/java/bank/LedgerConfig.java:11 secrets/generic-credential-argument medium",
        ],
        "{found:#?}"
    );
}
