//! The server's upload reader (a Tollgate JSON report or a SARIF log as one incoming scan)
//! on arbitrary input. Promises: no panic; every finding read has a fingerprint, a rule id
//! and a scanner; a SARIF log's findings belong to scanners the scan says ran.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(scan) = tollgate_server::ingest::parse(data, None) {
        for f in &scan.findings {
            assert!(!f.fingerprint.is_empty() && !f.rule_id.is_empty() && !f.scanner.is_empty());
            if scan.format == "sarif" {
                assert!(scan.scanners.contains(&f.scanner), "{} not among {:?}", f.scanner, scan.scanners);
            }
        }
    }
});
