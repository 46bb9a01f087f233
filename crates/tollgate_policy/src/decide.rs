//! The decision: pass, warn or fail, with every reason.

use crate::tier::{label, reaches, Policy};
use tollgate_core::gate::{Decision, Status};
use tollgate_core::{ScanReport, Severity, SuppressionKind};

/// Everything besides the findings that bears on the decision.
#[derive(Default)]
pub struct Inputs {
    pub strict: bool,
    pub expired_in_use: Vec<String>,
    pub expired_unused: Vec<String>,
    pub rego_deny: Vec<String>,
    pub rego_warn: Vec<String>,
    /// Other things the gate should say (a scanner that could not run by default).
    pub notes: Vec<String>,
}

/// Refuse inline ignores where the tier does not accept them: those findings count again.
pub fn refuse_inline_ignores(report: &mut ScanReport, policy: &Policy) -> usize {
    if policy.allow_inline_ignores {
        return 0;
    }
    let mut n = 0;
    for f in &mut report.findings {
        if f.suppression
            .as_ref()
            .is_some_and(|s| s.kind == SuppressionKind::Inline)
        {
            let s = f.suppression.take().expect("checked");
            f.data.insert(
                "inline_ignore_refused".into(),
                format!(
                    "tier {} accepts only approved exceptions; the comment said: {}",
                    policy.tier, s.reason
                ),
            );
            n += 1;
        }
    }
    n
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn decide(report: &ScanReport, policy: &Policy, inputs: &Inputs) -> Decision {
    let mut fail = Vec::new();
    let mut warn = Vec::new();
    // Counted findings per (scanner, severity) against that scanner's thresholds.
    let mut scanners: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.rule_id.split('/').next().unwrap_or(""))
        .collect();
    scanners.sort();
    scanners.dedup();
    for scanner in scanners {
        let (f_on, w_on) = policy.thresholds(scanner);
        for sev in Severity::ALL {
            let n = report
                .findings
                .iter()
                .filter(|f| {
                    f.counts() && f.severity == sev && f.rule_id.split('/').next() == Some(scanner)
                })
                .count();
            if n == 0 {
                continue;
            }
            let what = format!(
                "{} {scanner} {sev} finding{}",
                n,
                if n == 1 { "" } else { "s" }
            );
            if reaches(sev, f_on) {
                fail.push(format!("{what} (fail_on = {})", label(f_on)));
            } else if reaches(sev, w_on) {
                warn.push(format!("{what} (warn_on = {})", label(w_on)));
            }
        }
    }
    if policy.fail_on_any_secret {
        let n = report
            .findings
            .iter()
            .filter(|f| f.counts() && f.rule_id.starts_with("secrets/"))
            .count();
        if n > 0 && !fail.iter().any(|r| r.contains(" secrets ")) {
            fail.push(format!(
                "{} in a tier-{} application (any secret fails)",
                plural(n, "active secret"),
                policy.tier
            ));
        }
    }
    let refused = report
        .findings
        .iter()
        .filter(|f| f.data.contains_key("inline_ignore_refused"))
        .count();
    if refused > 0 {
        warn.push(format!(
            "{} not accepted in tier {}: use an approved exception",
            plural(refused, "inline ignore"),
            policy.tier
        ));
    }
    for e in &inputs.expired_in_use {
        fail.push(format!("expired exception still needed: {e}"));
    }
    for e in &inputs.expired_unused {
        warn.push(format!("expired exception can be removed: {e}"));
    }
    let errors = report.errors().count();
    if errors > 0 {
        let line = format!("{} could not be checked", plural(errors, "file"));
        if inputs.strict {
            fail.push(format!("{line} (--strict)"));
        } else {
            warn.push(line);
        }
    }
    fail.extend(inputs.rego_deny.iter().map(|m| format!("policy: {m}")));
    warn.extend(inputs.rego_warn.iter().map(|m| format!("policy: {m}")));
    warn.extend(inputs.notes.iter().cloned());
    let baselined = report
        .findings
        .iter()
        .filter(|f| f.is_active() && !f.counts())
        .count();
    let status = if !fail.is_empty() {
        Status::Fail
    } else if !warn.is_empty() {
        Status::Warn
    } else {
        Status::Pass
    };
    let mut reasons = fail;
    if status != Status::Fail {
        reasons.push(match policy.fail_on {
            tollgate_core::config::Threshold::At(t) => {
                format!("no new active finding at or above {t}")
            }
            tollgate_core::config::Threshold::None => {
                "fail_on = none: findings never fail the gate".to_string()
            }
        });
    }
    if baselined > 0 {
        reasons.push(format!(
            "{} not counted: in the baseline or on unchanged lines",
            plural(baselined, "existing finding")
        ));
    }
    Decision {
        status,
        tier: policy.tier.clone(),
        fail_on: label(policy.fail_on),
        warn_on: label(policy.warn_on),
        reasons,
        warnings: warn,
    }
}
