//! Every rule: compiles, is documented, and finds its own example (and only with its own id).

use std::collections::BTreeSet;
use tollgate_core::classify::classify;
use tollgate_core::Confidence;
use tollgate_secrets::SecretsConfig;
use tollgate_secrets::{rules, SecretsScanner};

fn scanner() -> SecretsScanner {
    let cfg = SecretsConfig {
        min_confidence: Confidence::Low,
        ..SecretsConfig::default()
    };
    SecretsScanner::new(&cfg).unwrap()
}

#[test]
fn catalogue_is_well_formed() {
    let all = rules::all();
    assert!(all.len() >= 450, "only {} rules", all.len());
    let mut ids = BTreeSet::new();
    for r in &all {
        assert!(ids.insert(r.slug), "duplicate rule {}", r.slug);
        assert!(
            r.slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            r.slug
        );
        for k in r.keywords {
            assert_eq!(
                *k,
                k.to_ascii_lowercase(),
                "keyword of {} must be lowercase",
                r.slug
            );
            let distinctive = k.len() >= 3 || k.bytes().any(|b| !b.is_ascii_alphanumeric());
            assert!(
                distinctive,
                "keyword '{k}' of {} is too short to prefilter",
                r.slug
            );
        }
        let meta = r.meta();
        assert!(meta.doc.contains("**Why it matters in finance.**"));
        assert!(!meta.cwe.is_empty());
    }
    scanner().engine().compile_all().unwrap();
}

/// Every example file: one per rule family, `[{"rule", "example", "near_misses"?}]`.
fn examples() -> Vec<serde_json::Value> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resources/test/fixtures/rule-examples"
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut v: Vec<serde_json::Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        all.append(&mut v);
    }
    all
}

#[test]
fn every_rule_finds_its_example() {
    let s = scanner();
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    // A config-file path so configuration-only rules take part.
    let class = classify("deploy/app.env");
    for e in &examples() {
        let rule = e["rule"].as_str().unwrap();
        let example = e["example"].as_str().unwrap();
        let found = s.scan_bytes("deploy/app.env", example.as_bytes(), &class);
        let ids: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
        if ids != [rule] {
            failures.push(format!(
                "{rule}: found {ids:?} in {:?}",
                example.chars().take(60).collect::<String>()
            ));
        }
        assert!(covered.insert(rule.to_string()), "{rule} has two examples");
        for f in &found {
            let snippet = f.location.snippet.as_deref().unwrap_or("");
            assert!(
                snippet.contains("…("),
                "{rule}: snippet is not redacted: {snippet}"
            );
        }
        // A near miss (wrong prefix, length, alphabet, a placeholder or a published
        // example) must not be reported by the rule it imitates.
        for near in e["near_misses"].as_array().into_iter().flatten() {
            let near = near.as_str().unwrap();
            let found = s.scan_bytes("deploy/app.env", near.as_bytes(), &class);
            if found.iter().any(|f| f.rule_id.as_str() == rule) {
                failures.push(format!(
                    "{rule}: reported its near miss {:?}",
                    near.chars().take(60).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for r in rules::all() {
        if r.pattern.is_empty() {
            continue;
        }
        assert!(
            covered.contains(r.id().as_str()),
            "{} has no example",
            r.id()
        );
    }
}

/// Every rule of a credential some provider issues names the page where the holder revokes
/// it; only credentials without an issuer (passwords in URIs and generic assignments,
/// private keys, HTTP authorization headers, whole files) have none.
#[test]
fn every_issued_credential_names_where_to_revoke_it() {
    use tollgate_secrets::rule::Category;
    const ISSUERLESS: &[&str] = &[
        "basic-auth-header",
        "bearer-token",
        "curl-basic-auth",
        "jwt",
        "netrc-password",
        "tool-credentials-file",
        "cloud-cli-credentials",
        "terraform-state-secrets",
        "git-credentials-file",
        "keepass-database",
        "age-secret-key",
        // Issued and revoked by the organisation's own Tollgate server: no public page.
        "tollgate-api-token",
    ];
    let mut missing = Vec::new();
    for r in rules::all() {
        if r.revoke.is_empty() {
            let without_issuer = matches!(
                r.category,
                Category::Generic | Category::PrivateKey | Category::Database
            ) || ISSUERLESS.contains(&r.slug);
            if !without_issuer {
                missing.push(r.slug);
            }
        } else {
            assert!(
                r.revoke.starts_with("https://") && !r.revoke.contains(' '),
                "{}: {}",
                r.slug,
                r.revoke
            );
        }
    }
    assert!(missing.is_empty(), "no revocation page: {missing:?}");
    assert!(rules::all().len() >= 450, "{} kinds", rules::all().len());
}
