//! Per-control evidence for one framework from one or more scan reports.
//!
//! A control is **not satisfied** when an active finding maps to it; **satisfied** when at
//! least one rule covering it ran, no active finding maps to it, and every scanner whose
//! rules bear on it ran over every file it should have; otherwise **not assessed**, with
//! the reason and the files that were not checked. Accepted risks (suppressed findings)
//! are listed but do not make a control fail. The readiness score is satisfied ÷ assessed,
//! in percent; coverage is assessed ÷ all controls.

use crate::catalog::Catalog;
use crate::mapping::Mapper;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// A finding as cited in evidence. Findings of one rule on one package (many advisories
/// against one pinned version) are cited once, with every advisory id.
#[derive(Clone, Debug, Serialize)]
pub struct Cited {
    pub report: usize,
    pub rule_id: String,
    /// Advisory ids, for dependency findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<String>,
    /// The package (purl) of a dependency finding: citations of one package are merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
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
    /// Why the control could not be assessed fully: scanners that bear on it and did not
    /// run, or did not check every file they should have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
}

/// A scanner that bears on a control but did not cover everything.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub report: usize,
    pub scanner: String,
    pub reason: String,
    /// Files it should have checked and did not (at most 50 listed).
    pub files: Vec<String>,
    /// How many there were in all.
    pub unchecked: usize,
}

/// Why `scanner` bears on a control but gives no full assessment in `report`, if so.
fn gap(index: usize, report: &ScanReport, scanner: &str) -> Option<Gap> {
    let make = |reason: &str, files: Vec<String>, unchecked: usize| Gap {
        report: index,
        scanner: scanner.to_string(),
        reason: reason.to_string(),
        files,
        unchecked,
    };
    match report.coverage.get(scanner) {
        None => Some(make(
            "the report does not say what this scanner covered (it did not run, or the report predates coverage)",
            Vec::new(),
            0,
        )),
        Some(c) if !c.ran => {
            let files: Vec<String> = c.unchecked.iter().take(50).map(|u| format!("{}: {}", u.path, u.reason)).collect();
            Some(make("the scanner could not run", files, c.unchecked.len()))
        }
        Some(c) if !c.unchecked.is_empty() => {
            let files: Vec<String> = c.unchecked.iter().take(50).map(|u| format!("{}: {}", u.path, u.reason)).collect();
            Some(make("files it should have checked were not checked", files, c.unchecked.len()))
        }
        Some(_) => None,
    }
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
        rule_id: f.rule_id.to_string(),
        advisories: f
            .package()
            .and_then(|p| p.advisory.clone())
            .into_iter()
            .collect(),
        package: f.package().map(|p| p.purl.clone()),
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
        let ran: BTreeSet<&tollgate_core::RuleId> = reports
            .iter()
            .flat_map(|(_, r, _)| r.rules.iter())
            .collect();
        let ran_rules: Vec<RuleMeta> = rules
            .iter()
            .filter(|r| ran.contains(&r.id))
            .cloned()
            .collect();
        let coverage = mapper.coverage(catalog, &ran_rules);
        // Every scanner whose rules bear on a control, whether they ran or not.
        let bearing: BTreeMap<String, BTreeSet<String>> = mapper
            .coverage(catalog, rules)
            .into_iter()
            .map(|(c, rs)| (c, rs.iter().map(|r| r.scanner().to_string()).collect()))
            .collect();
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
                    let list = if counts { active } else { accepted };
                    let c = cite(i, f);
                    // One line per rule and package, listing every advisory id.
                    match list.iter_mut().find(|x| {
                        !c.advisories.is_empty()
                            && x.report == c.report
                            && x.rule_id == c.rule_id
                            && x.path == c.path
                            && x.line == c.line
                            && x.package == c.package
                            && x.accepted.as_ref().map(|a| &a.reason)
                                == c.accepted.as_ref().map(|a| &a.reason)
                    }) {
                        Some(x) => x.advisories.extend(c.advisories),
                        None => list.push(c),
                    }
                }
            }
        }
        let mut controls = Vec::new();
        for ctl in &catalog.controls {
            let checks: Vec<String> = coverage
                .get(&ctl.id)
                .map(|v| v.iter().map(|r| r.id.to_string()).collect())
                .unwrap_or_default();
            let (findings, accepted) = cited.remove(&ctl.id).unwrap_or_default();
            let gaps: Vec<Gap> = bearing
                .get(&ctl.id)
                .into_iter()
                .flatten()
                .flat_map(|s| {
                    reports
                        .iter()
                        .enumerate()
                        .filter_map(move |(i, (_, r, _))| gap(i, r, s))
                })
                .collect();
            // A rule that had nothing to read assessed nothing: a tree without Terraform
            // says nothing about network exposure in the cloud.
            let mut gaps = gaps;
            let fed = |scanner: &str| {
                reports.iter().any(|(_, r, _)| {
                    r.coverage
                        .get(scanner)
                        .is_some_and(|c| c.ran && c.files > 0)
                })
            };
            let scanners_of_checks: BTreeSet<&str> = checks
                .iter()
                .map(|id| id.split('/').next().unwrap_or(""))
                .collect();
            let starved =
                !scanners_of_checks.is_empty() && !scanners_of_checks.iter().any(|s| fed(s));
            if starved && gaps.is_empty() {
                for (i, _) in reports.iter().enumerate() {
                    for s in &scanners_of_checks {
                        gaps.push(Gap {
                            report: i,
                            scanner: s.to_string(),
                            reason: "the scanner read no file of the kinds it checks".into(),
                            files: Vec::new(),
                            unchecked: 0,
                        });
                    }
                }
            }
            let status = if !findings.is_empty() {
                Status::NotSatisfied
            } else if checks.is_empty() || !gaps.is_empty() {
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
                gaps,
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
