//! The JSON report: the [`ScanReport`] as documented in `docs/json-report.md`.

use tollgate_core::ScanReport;

/// Pretty-printed JSON with a trailing newline. Field order is fixed by the model.
pub fn write(report: &ScanReport) -> String {
    let mut s = serde_json::to_string_pretty(&as_written(report)).expect("report serialises");
    s.push('\n');
    s
}

/// The report's canonical bytes: compact JSON with the `timing` object emptied, so the
/// digest depends on what was found, not on when. The ledger and attestations record
/// SHA-256 of these bytes; a JSON report file hashes the same after a round trip.
pub fn canonical_bytes(report: &ScanReport) -> Vec<u8> {
    let mut r = as_written(report);
    r.timing = Default::default();
    serde_json::to_vec(&r).expect("report serialises")
}

/// SHA-256 of [`canonical_bytes`], lowercase hex.
pub fn digest(report: &ScanReport) -> String {
    tollgate_core::fingerprint::sha256_hex(&canonical_bytes(report))
}

/// The report as a file carries it: rule metadata only for the rules its findings name.
fn as_written(report: &ScanReport) -> ScanReport {
    let mut r = report.clone();
    r.trim_rule_meta();
    r
}
