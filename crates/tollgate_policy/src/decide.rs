//! The decision: pass, warn or fail, with every reason.

use crate::tier::{label, reaches, Policy};
use std::collections::{BTreeMap, BTreeSet};
use tollgate_core::gate::{Decision, Status};
use tollgate_core::{ScanReport, Severity, SuppressionKind};

/// "3 files could not be checked (deps 2, secrets 1)", or `None` when everything was.
pub fn unchecked_summary(report: &ScanReport) -> Option<String> {
    let mut files: BTreeSet<&str> = BTreeSet::new();
    let mut per: Vec<String> = Vec::new();
    for (scanner, c) in &report.coverage {
        if c.unchecked.is_empty() {
            continue;
        }
        files.extend(c.unchecked.iter().map(|u| u.path.as_str()));
        per.push(format!("{scanner} {}", c.unchecked.len()));
    }
    // Errors no scanner claimed (a directory that could not be listed) count too.
    files.extend(report.errors().map(|i| i.path.as_str()));
    if files.is_empty() {
        return None;
    }
    let detail = if per.is_empty() {
        String::new()
    } else {
        format!(" ({})", per.join(", "))
    };
    // A dynamic test's unchecked entries are operations and tests, not files.
    let what = if report
        .coverage
        .iter()
        .all(|(s, c)| s == "dast" || c.unchecked.is_empty())
        && report.errors().next().is_none()
    {
        if files.len() == 1 {
            "1 operation or test".to_string()
        } else {
            format!("{} operations or tests", files.len())
        }
    } else {
        plural(files.len(), "file")
    };
    Some(format!("{what} could not be checked{detail}"))
}

/// Everything besides the findings that bears on the decision.
#[derive(Default)]
pub struct Inputs {
    pub strict: bool,
    pub expired_in_use: Vec<String>,
    pub expired_unused: Vec<String>,
    pub rego_deny: Vec<String>,
    pub rego_warn: Vec<String>,
    /// Other things the gate should say (old advisory data).
    pub notes: Vec<String>,
    /// How many inline ignores [`refuse_inline_ignores`] refused.
    pub inline_ignores_refused: usize,
    /// Settings that hide findings or files wholesale (an allowlist matching every path,
    /// every rule disabled, an exclude matching everything): warnings, and failures when
    /// strict or when the tier requires full coverage.
    pub weakening: Vec<String>,
}

/// Refuse inline ignores where the tier does not accept them: those findings count again.
/// Returns how many were refused; each refused finding says so in its data.
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
    // Counted findings per scanner and severity, against that scanner's thresholds.
    let mut counted: BTreeMap<&str, BTreeMap<Severity, usize>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.counts()) {
        *counted
            .entry(f.scanner())
            .or_default()
            .entry(f.severity)
            .or_default() += 1;
    }
    for (scanner, by_severity) in &counted {
        let own = policy.for_scanner(scanner);
        let mut failed = false;
        for sev in Severity::ALL {
            let Some(&n) = by_severity.get(&sev) else {
                continue;
            };
            let what = format!(
                "{} {scanner} {sev} finding{}",
                n,
                if n == 1 { "" } else { "s" }
            );
            if reaches(sev, own.fail_on) {
                fail.push(format!("{what} (fail_on = {})", label(own.fail_on)));
                failed = true;
            } else if reaches(sev, own.warn_on) {
                warn.push(format!("{what} (warn_on = {})", label(own.warn_on)));
            }
        }
        if own.fail_on_any && !failed {
            let n: usize = by_severity.values().sum();
            fail.push(format!(
                "{} in a tier-{} application (any {scanner} finding fails)",
                plural(n, &format!("active {scanner} finding")),
                policy.tier
            ));
        }
    }
    let refused = inputs.inline_ignores_refused;
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
    // Whatever could not be checked is never counted as clean.
    let strict = inputs.strict || policy.require_full_coverage;
    let why = if inputs.strict {
        "--strict"
    } else {
        "the tier requires full coverage"
    };
    let unchecked = unchecked_summary(report);
    if let Some(line) = unchecked {
        if strict {
            fail.push(format!("{line} ({why})"));
        } else {
            warn.push(line);
        }
    }
    for w in &inputs.weakening {
        if strict {
            fail.push(format!("{w} ({why})"));
        } else {
            warn.push(w.clone());
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
