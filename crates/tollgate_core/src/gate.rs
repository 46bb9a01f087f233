//! The pass/fail decision of a scan, with its reasons.

use crate::config::Threshold;
use crate::report::{IssueKind, ScanReport};
use crate::severity::Severity;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub status: Status,
    /// `critical` ... `info`, or `none`.
    pub fail_on: String,
    /// Why the gate decided as it did, one line each.
    pub reasons: Vec<String>,
}

/// Decide on a finished report: fail when an active finding is at or above the
/// threshold, or (with `strict`) when any file could not be checked.
pub fn decide(report: &ScanReport, threshold: Threshold, strict: bool) -> Decision {
    let mut reasons = Vec::new();
    let fail_on = match threshold {
        Threshold::At(s) => s.as_str().to_string(),
        Threshold::None => "none".to_string(),
    };
    if let Threshold::At(t) = threshold {
        for sev in Severity::ALL.iter().filter(|s| **s >= t) {
            let n = report.summary.by_severity.get(sev).copied().unwrap_or(0);
            if n > 0 {
                reasons.push(format!(
                    "{n} active {sev} finding{} (fail_on = {t})",
                    if n == 1 { "" } else { "s" }
                ));
            }
        }
    }
    let errors = report
        .file_issues
        .iter()
        .filter(|i| i.kind == IssueKind::Error)
        .count();
    if strict && errors > 0 {
        reasons.push(format!(
            "{errors} file{} could not be checked (--strict)",
            if errors == 1 { "" } else { "s" }
        ));
    }
    let status = if reasons.is_empty() {
        Status::Pass
    } else {
        Status::Fail
    };
    if status == Status::Pass {
        reasons.push(match threshold {
            Threshold::At(t) => format!("no active finding at or above {t}"),
            Threshold::None => "fail_on = none: findings never fail the gate".to_string(),
        });
    }
    Decision {
        status,
        fail_on,
        reasons,
    }
}
