//! The JSON report: the [`ScanReport`] as documented in `docs/json-report.md`.

use tollgate_core::ScanReport;

/// Pretty-printed JSON with a trailing newline. Field order is fixed by the model.
pub fn write(report: &ScanReport) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report serialises");
    s.push('\n');
    s
}
