//! Per-control evidence for one framework from one or more scan reports.
//!
//! A control is **satisfied** when at least one rule covering it ran and no active finding
//! maps to it; **not satisfied** when an active finding maps to it; **not assessed** when
//! no rule covering it ran. Accepted risks (suppressed findings) are listed but do not make
//! a control fail. The readiness score is satisfied ÷ assessed, in percent; coverage is
//! assessed ÷ all controls.

use crate::catalog::Catalog;
use crate::mapping::Mapper;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use tollgate_core::{Finding, RuleMeta, ScanReport};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Satisfied,
    NotSatisfied,
    NotAssessed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Satisfied => "satisfied",
            Status::NotSatisfied => "not satisfied",
            Status::NotAssessed => "not assessed",
        }
    }
}

/// A finding as cited in evidence.
#[derive(Clone, Debug, Serialize)]
pub struct Cited {
    pub report: usize,
    pub rule_id: String,
    pub title: String,
    pub severity: String,
    pub path: String,
    pub line: u32,
    pub fingerprint: String,
    /// For accepted findings: how and by whom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<tollgate_core::Suppression>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ControlEvidence {
    pub id: String,
    pub oscal_id: String,
    pub title: String,
    pub meaning: String,
    pub status: Status,
    /// Rules that cover the control and ran.
    pub checks: Vec<String>,
    pub findings: Vec<Cited>,
    pub accepted: Vec<Cited>,
}

/// A scan the evidence is drawn from.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    pub label: String,
    pub tool_version: String,
    pub target: String,
    pub git_commit: Option<String>,
    pub git_branch: Option<String>,
    pub scanned_at: String,
    pub report_digest: String,
    pub decision: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub framework: String,
    pub framework_title: String,
    pub publisher: String,
    pub generated_at: String,
    pub sources: Vec<Source>,
    pub controls: Vec<ControlEvidence>,
    pub satisfied: usize,
    pub not_satisfied: usize,
    pub not_assessed: usize,
    /// Satisfied ÷ assessed, percent, one decimal; `None` when nothing was assessed.
    pub readiness: Option<f64>,
    /// Assessed ÷ all controls, percent.
    pub coverage: f64,
}

fn cite(report: usize, f: &Finding) -> Cited {
    Cited {
        report,
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        severity: f.severity.to_string(),
        path: f.location.path.clone(),
        line: f.location.start_line,
        fingerprint: f.fingerprint.clone(),
        accepted: f.suppression.clone(),
    }
}

impl Evidence {
    /// `reports` are (label, report, digest); `rules` is the metadata of every rule known.
    pub fn build(
        catalog: &Catalog,
        reports: &[(String, ScanReport, String)],
        rules: &[RuleMeta],
        generated_at: &str,
    ) -> Evidence {
        let mapper = Mapper::new();
        let ran: BTreeSet<&str> = reports
            .iter()
            .flat_map(|(_, r, _)| r.rules.iter().map(String::as_str))
            .collect();
        let ran_rules: Vec<RuleMeta> = rules
            .iter()
            .filter(|r| ran.contains(r.id.as_str()))
            .cloned()
            .collect();
        let coverage = mapper.coverage(catalog, &ran_rules);
        // One pass over the findings: each is cited under the controls of this framework
        // it maps to (the report's own mapping, or the rule metadata's).
        let prefix = format!("{}:", catalog.id);
        let mut cited: HashMap<String, (Vec<Cited>, Vec<Cited>)> = HashMap::new();
        for (i, (_, r, _)) in reports.iter().enumerate() {
            for f in &r.findings {
                let counts = f.counts();
                if !counts && f.suppression.is_none() {
                    continue;
                }
                let mapped;
                let refs = if f.controls.is_empty() {
                    mapped = mapper.controls_for(&f.cwe, &f.tags);
                    &mapped
                } else {
                    &f.controls
                };
                let ids: BTreeSet<&str> = refs
                    .iter()
                    .filter_map(|c| c.strip_prefix(&prefix))
                    .collect();
                for id in ids {
                    let (active, accepted) = cited.entry(id.to_string()).or_default();
                    if counts { active } else { accepted }.push(cite(i, f));
                }
            }
        }
        let mut controls = Vec::new();
        for ctl in &catalog.controls {
            let checks: Vec<String> = coverage
                .get(&ctl.id)
                .map(|v| v.iter().map(|r| r.id.clone()).collect())
                .unwrap_or_default();
            let (findings, accepted) = cited.remove(&ctl.id).unwrap_or_default();
            let status = if !findings.is_empty() {
                Status::NotSatisfied
            } else if checks.is_empty() {
                Status::NotAssessed
            } else {
                Status::Satisfied
            };
            controls.push(ControlEvidence {
                id: ctl.id.clone(),
                oscal_id: ctl.oscal_id(),
                title: ctl.title.clone(),
                meaning: ctl.meaning.clone(),
                status,
                checks,
                findings,
                accepted,
            });
        }
        let count = |s: Status| controls.iter().filter(|c| c.status == s).count();
        let (satisfied, not_satisfied, not_assessed) = (
            count(Status::Satisfied),
            count(Status::NotSatisfied),
            count(Status::NotAssessed),
        );
        let assessed = satisfied + not_satisfied;
        let round = |x: f64| (x * 10.0).round() / 10.0;
        Evidence {
            framework: catalog.id.clone(),
            framework_title: catalog.title(),
            publisher: catalog.publisher.clone(),
            generated_at: generated_at.to_string(),
            sources: reports
                .iter()
                .map(|(label, r, digest)| Source {
                    label: label.clone(),
                    tool_version: r.tool.version.clone(),
                    target: r.target.path.clone(),
                    git_commit: r.target.git_commit.clone(),
                    git_branch: r.target.git_branch.clone(),
                    scanned_at: r.timing.started_at.clone(),
                    report_digest: digest.clone(),
                    decision: r
                        .decision
                        .as_ref()
                        .map(|d| format!("{:?}", d.status).to_lowercase()),
                })
                .collect(),
            controls,
            satisfied,
            not_satisfied,
            not_assessed,
            readiness: (assessed > 0).then(|| round(100.0 * satisfied as f64 / assessed as f64)),
            coverage: round(100.0 * assessed as f64 / catalog.controls.len().max(1) as f64),
        }
    }
}
