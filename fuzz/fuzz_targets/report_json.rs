//! JSON read back from disk: a Tollgate report (`compliance evidence`, `--baseline`,
//! auditor checks) and VEX documents (`--vex`). The same text is tried as both.
//! Promises: no panic, in loading and in everything a loaded report feeds (every report
//! format, compliance evidence, VEX suppression); a load error names the file and a line
//! of it and never echoes a secret-shaped value; a loaded report written as JSON loads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tollgate_core::report::LoadError;
use tollgate_core::ScanReport;
use tollgate_fuzz::{assert_line, assert_no_echo, scratch, secret_shaped, write};

fn feed(report: &mut ScanReport, pick: usize) {
    report.finalize();
    let json = tollgate_report::json::write(report);
    let dir = scratch("report-again");
    let again = write(&dir, "again.json", json.as_bytes());
    if let Err(e) = ScanReport::load(&again) {
        panic!("a loaded report written as JSON does not load again: {e}");
    }
    let _ = tollgate_report::json::digest(report);
    let _ = tollgate_report::sarif::write(report);
    let _ = tollgate_report::junit::write(report);
    let _ = tollgate_report::markdown::write(report);
    let _ = tollgate_report::defectdojo::write(report);
    let _ = tollgate_report::text::render(report, pick.is_multiple_of(2), false);
    let catalogs = tollgate_compliance::catalog::catalogs();
    let catalog = &catalogs[pick % catalogs.len()];
    let reports = [("fuzz.json".to_string(), report.clone(), "0".repeat(64))];
    let e = tollgate_compliance::evidence::Evidence::build(
        catalog,
        &reports,
        &report.rule_meta,
        "2026-01-01T00:00:00Z",
    );
    let _ = tollgate_compliance::markdown::render(&e);
    let _ = tollgate_compliance::html::render(&e);
    let _ = tollgate_compliance::oscal::assessment_results(&e);
}

fuzz_target!(|data: &[u8]| {
    let dir = scratch("report");
    let path = write(&dir, "report.json", data);
    let text = String::from_utf8_lossy(data);
    let runs = secret_shaped(data);

    let statements = match tollgate_deps::vex::load(&path) {
        Ok(s) => s,
        Err(e) => {
            let shown = e.to_string();
            assert_eq!(Path::new(&e.path), path, "{shown}");
            assert!(
                shown.starts_with(&format!("{}: ", path.display())),
                "{shown}"
            );
            assert_no_echo(&runs, &shown);
            Vec::new()
        }
    };
    match ScanReport::load(&path) {
        Ok(mut report) => {
            let _ = tollgate_deps::vex::apply(&mut report.findings, &statements);
            feed(&mut report, data.len());
        }
        Err(LoadError::Read { .. }) if std::str::from_utf8(data).is_err() => {}
        Err(e) => {
            let shown = e.to_string();
            match &e {
                LoadError::Parse { path: p, line, .. } => {
                    assert_eq!(p, &path, "{shown}");
                    assert_line(*line, &text, &shown);
                    assert!(
                        shown.starts_with(&format!("{}:{line}: ", path.display())),
                        "{shown}"
                    );
                }
                LoadError::Read { .. } => panic!("a readable UTF-8 file fails to read: {shown}"),
            }
            assert_no_echo(&runs, &shown);
        }
    }
});
