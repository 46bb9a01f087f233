//! The restructured pipeline reports what the pipeline before it reported: for every
//! fixture tree and the shared lockfiles, each finding's rule, path, line, fingerprint,
//! severity, confidence and controls equal the projections in `tests/golden/`, which were
//! written by the binary before the pipeline moved into this crate. A deliberate change of
//! findings updates those files in the same commit, with the reason.

use std::path::{Path, PathBuf};
use tollgate_core::config::Threshold;
use tollgate_core::Confidence;
use tollgate_engine::{GateOptions, ScanRequest};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One tab-separated line per finding, sorted.
fn projection(req: &ScanRequest) -> Vec<String> {
    let out = tollgate_engine::run(req).unwrap_or_else(|e| panic!("{}: {e}", req.target.display()));
    let mut rows: Vec<String> = out
        .report
        .findings
        .iter()
        .map(|f| {
            [
                f.rule_id.to_string(),
                f.location.path.clone(),
                f.location.start_line.to_string(),
                f.fingerprint.clone(),
                f.severity.to_string(),
                f.confidence.to_string(),
                f.controls.join(","),
            ]
            .join("\t")
        })
        .collect();
    rows.sort();
    rows
}

fn golden(name: &str) -> Vec<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.tsv"));
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn request(target: PathBuf, only: &[&str], min: Option<Confidence>) -> ScanRequest {
    ScanRequest {
        scanners: only.iter().map(|s| s.to_string()).collect(),
        gate: GateOptions {
            fail_on: Some(Threshold::None),
            min_confidence: min,
            ..GateOptions::default()
        },
        // No advisory database: the dependency scanner runs without one by default.
        db: Some(root().join("target/no-such-advisory-db")),
        ..ScanRequest::new(target)
    }
}

fn assert_same(name: &str, got: Vec<String>) {
    let want = golden(name);
    let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: {} findings as before, {} missing, {} new\nmissing: {missing:#?}\nnew: {extra:#?}",
        want.len() - missing.len(),
        missing.len(),
        extra.len()
    );
}

#[test]
fn fixture_trees_report_what_they_did() {
    let fixtures = root().join("crates/tollgate_secrets/resources/test/fixtures");
    let planted = fixtures.join("planted");
    assert_same(
        "planted",
        projection(&request(planted.clone(), &["secrets"], None)),
    );
    // At low confidence the planted tree gives the same findings (all are real formats).
    assert_same(
        "planted",
        projection(&request(planted, &["secrets"], Some(Confidence::Low))),
    );
    assert_same(
        "near-misses-low",
        projection(&request(
            fixtures.join("near-misses"),
            &["secrets"],
            Some(Confidence::Low),
        )),
    );
    let payments =
        root().join("crates/tollgate_compliance/resources/test/fixtures/payments-service");
    assert_same("payments", projection(&request(payments, &[], None)));
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs the evaluation data set in ../shared/data"
)]
fn shared_lockfiles_report_what_they_did() {
    let data = root().join("../shared/data");
    let db = tempfile::tempdir().unwrap();
    for eco in ["crates.io", "Go", "PyPI"] {
        tollgate_deps::Store::import(
            db.path(),
            &data.join("osv").join(eco).join("all.zip"),
            "2026-11-21T00:00:00Z",
        )
        .unwrap();
    }
    let lockfiles = data.join("lockfiles");
    let mut req = request(lockfiles.clone(), &["deps"], None);
    req.db = Some(db.path().to_path_buf());
    assert_same("lockfiles", projection(&req));
    // With the secrets scanner too, at low confidence: no secret in these lockfiles.
    let mut req = request(lockfiles, &[], Some(Confidence::Low));
    req.db = Some(db.path().to_path_buf());
    assert_same("lockfiles", projection(&req));
}
