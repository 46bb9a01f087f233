//! Property: a JSON report written and read back is the same report — the same bytes when
//! written again, and the same digest — for random reports using every part of the model.

mod common;
use common::{report, Rng};
use tollgate_core::*;

#[test]
fn reports_round_trip_through_json() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for case in 0..300 {
        let r = report(&mut rng);
        let written = tollgate_report::json::write(&r);
        let back: ScanReport = serde_json::from_str(&written)
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{written}"));
        assert_eq!(tollgate_report::json::write(&back), written, "case {case}");
        assert_eq!(
            tollgate_report::json::digest(&back),
            tollgate_report::json::digest(&r),
            "case {case}"
        );
        assert_eq!(back.findings, r.findings, "case {case}");
        // Rule metadata is carried for the rules the findings name.
        for f in &back.findings {
            assert!(
                back.rule(&f.rule_id).is_some(),
                "case {case}: {}",
                f.rule_id
            );
        }
    }
}
