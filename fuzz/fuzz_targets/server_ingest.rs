//! The server's upload readers on arbitrary input: a Tollgate JSON report or a SARIF log
//! as one incoming scan, a CycloneDX BOM matched against the test advisories, and an
//! OpenVEX document's statements. Promises: no panic; every finding read has a
//! fingerprint, a rule id and a scanner; a SARIF log's findings belong to scanners the scan
//! says ran; a BOM is a scan of the dependency scanner alone, within its limits; an OpenVEX
//! `not_affected` statement always says why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The advisory database of tollgate_deps' test fixtures, imported once per process.
fn advisories() -> Option<&'static PathBuf> {
    static DB: OnceLock<Option<PathBuf>> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tollgate-fuzz-osv-{}", std::process::id()));
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/tollgate_deps/resources/test/fixtures/osv");
        tollgate_deps::Store::import(&dir, &fixtures, "2026-11-01T00:00:00Z").ok()?;
        Some(dir)
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let db = advisories().map(|p| p.as_path());
    if let Ok(scan) = tollgate_server::ingest::parse_with(data, None, db) {
        for f in &scan.findings {
            assert!(!f.fingerprint.is_empty() && !f.rule_id.is_empty() && !f.scanner.is_empty());
            if scan.format == "sarif" || scan.format == "cyclonedx" {
                assert!(scan.scanners.contains(&f.scanner), "{} not among {:?}", f.scanner, scan.scanners);
            }
        }
        if scan.format == "cyclonedx" {
            assert_eq!(scan.scanners.iter().collect::<Vec<_>>(), ["deps"]);
            assert!(scan.components.len() <= tollgate_server::bom::MAX_COMPONENTS);
        }
    }
    if let Ok(statements) = tollgate_server::vex::parse(data) {
        for s in &statements {
            assert!(!s.author.is_empty());
            if s.status == "not_affected" {
                assert!(s.justification.is_some() || s.detail.is_some());
            }
        }
    }
});
