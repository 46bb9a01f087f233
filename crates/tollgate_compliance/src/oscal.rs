//! NIST OSCAL 1.1.2 documents: assessment results for an evidence run, and a component
//! definition describing which Tollgate rules implement which controls.

use crate::catalog::Catalog;
use crate::evidence::{Evidence, Status};
use crate::mapping::Mapper;
use serde_json::{json, Value};
use tollgate_core::RuleMeta;

pub const OSCAL_VERSION: &str = "1.1.2";

/// A deterministic UUID (name-based, version 5 layout) from a name, so the same evidence
/// gives the same document.
pub fn uuid(name: &str) -> String {
    let h = tollgate_core::fingerprint::sha256_hex(name.as_bytes());
    let variant = ["8", "9", "a", "b"][usize::from_str_radix(&h[16..17], 16).unwrap_or(0) % 4];
    format!(
        "{}-{}-5{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        variant,
        &h[17..20],
        &h[20..32]
    )
}

fn metadata(title: &str, time: &str) -> Value {
    json!({"title": title, "last-modified": time, "version": crate::catalog_version(), "oscal-version": OSCAL_VERSION})
}

/// `assessment-results` for one evidence run.
pub fn assessment_results(e: &Evidence) -> String {
    let seed = format!(
        "{}|{}|{}",
        e.framework,
        e.generated_at,
        e.sources
            .iter()
            .map(|s| s.report_digest.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut observations = Vec::new();
    let mut findings = Vec::new();
    for c in &e.controls {
        if c.status == Status::NotAssessed {
            // Say why a covered control could not be assessed; no finding is claimed.
            if !c.gaps.is_empty() {
                let why: Vec<String> = c
                    .gaps
                    .iter()
                    .map(|g| {
                        let files = if g.files.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} files: {})", g.unchecked, g.files.join("; "))
                        };
                        format!("{} in scan {}: {}{files}", g.scanner, g.report, g.reason)
                    })
                    .collect();
                observations.push(json!({
                    "uuid": uuid(&format!("{seed}|gap|{}", c.id)),
                    "title": format!("{} {} not assessed", c.id, c.title),
                    "description": format!("Not assessed: {}.", why.join(". ")),
                    "methods": ["TEST"],
                    "types": ["control-objective"],
                    "collected": e.generated_at,
                }));
            }
            continue;
        }
        let obs_uuid = uuid(&format!("{seed}|obs|{}", c.id));
        let mut desc = format!("Checks that ran: {}.", c.checks.join(", "));
        if !c.findings.is_empty() {
            let list: Vec<String> = c
                .findings
                .iter()
                .take(50)
                .map(|f| {
                    let ids = if f.advisories.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", f.advisories.join(", "))
                    };
                    format!("{} at {}:{}{ids}", f.rule_id, f.path, f.line)
                })
                .collect();
            desc.push_str(&format!(
                " Active findings ({}): {}.",
                c.findings.len(),
                list.join("; ")
            ));
        }
        if !c.accepted.is_empty() {
            let list: Vec<String> = c
                .accepted
                .iter()
                .take(50)
                .map(|f| {
                    let a = f
                        .accepted
                        .as_ref()
                        .expect("accepted findings carry their suppression");
                    format!(
                        "{} at {}:{} ({}{})",
                        f.rule_id,
                        f.path,
                        f.line,
                        a.reason,
                        a.approved_by
                            .as_deref()
                            .map(|w| format!(", approved by {w}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            desc.push_str(&format!(
                " Accepted risks ({}): {}.",
                c.accepted.len(),
                list.join("; ")
            ));
        }
        let evidence: Vec<Value> = e
            .sources
            .iter()
            .map(|s| json!({"description": format!("Tollgate report of {} (SHA-256 {})", s.target, s.report_digest)}))
            .collect();
        observations.push(json!({
            "uuid": obs_uuid,
            "title": format!("{} {}", c.id, c.title),
            "description": desc,
            "methods": ["TEST"],
            "types": ["finding"],
            "collected": e.generated_at,
            "relevant-evidence": evidence,
        }));
        let state = if c.status == Status::Satisfied {
            "satisfied"
        } else {
            "not-satisfied"
        };
        findings.push(json!({
            "uuid": uuid(&format!("{seed}|finding|{}", c.id)),
            "title": format!("{} {}", c.id, c.title),
            "description": c.meaning,
            "target": {
                "type": "objective-id",
                "target-id": c.oscal_id,
                "status": {"state": state},
            },
            "related-observations": [{"observation-uuid": obs_uuid}],
        }));
    }
    let readiness = e.readiness.map_or("n/a".into(), |r| format!("{r:.1}%"));
    let doc = json!({
        "assessment-results": {
            "uuid": uuid(&format!("{seed}|ar")),
            "metadata": metadata(&format!("{} evidence from Tollgate", e.framework_title), &e.generated_at),
            "import-ap": {"href": format!("#tollgate-assessment-plan-{}", e.framework)},
            "results": [{
                "uuid": uuid(&format!("{seed}|result")),
                "title": format!("Automated assessment against {}", e.framework_title),
                "description": format!(
                    "Readiness {readiness}: {} satisfied, {} not satisfied, {} not assessed of {} controls.",
                    e.satisfied, e.not_satisfied, e.not_assessed, e.controls.len()
                ),
                "start": e.sources.iter().map(|s| s.scanned_at.as_str()).filter(|s| !s.is_empty()).min().unwrap_or(&e.generated_at),
                "end": e.generated_at,
                "reviewed-controls": {"control-selections": [{"include-all": {}}]},
                "observations": observations,
                "findings": findings,
            }]
        }
    });
    serde_json::to_string_pretty(&doc).expect("OSCAL serialises") + "\n"
}

/// `component-definition` of Tollgate's rule pack for one framework.
pub fn component_definition(catalog: &Catalog, rules: &[RuleMeta], time: &str) -> String {
    let mapper = Mapper::new();
    let coverage = mapper.coverage(catalog, rules);
    let seed = format!("{}|{}", catalog.id, crate::catalog_version());
    let reqs: Vec<Value> = catalog
        .controls
        .iter()
        .filter_map(|c| {
            let rs = coverage.get(&c.id)?;
            if rs.is_empty() {
                return None;
            }
            let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
            Some(json!({
                "uuid": uuid(&format!("{seed}|req|{}", c.id)),
                "control-id": c.oscal_id(),
                "description": format!("{} is checked by {} Tollgate rule(s): {}.", c.id, ids.len(), ids.join(", ")),
            }))
        })
        .collect();
    let doc = json!({
        "component-definition": {
            "uuid": uuid(&format!("{seed}|cd")),
            "metadata": metadata(&format!("Tollgate rule pack for {}", catalog.title()), time),
            "components": [{
                "uuid": uuid(&format!("{seed}|component")),
                "type": "software",
                "title": "Tollgate",
                "description": "Security and compliance gate: secrets detection and the gate decision, with a tamper-evident evidence ledger.",
                "control-implementations": [{
                    "uuid": uuid(&format!("{seed}|impl")),
                    "source": format!("#{}", catalog.id),
                    "description": format!("Controls of {} that Tollgate's rules give evidence for, through CWE ids and tags.", catalog.title()),
                    "implemented-requirements": reqs,
                }]
            }]
        }
    });
    serde_json::to_string_pretty(&doc).expect("OSCAL serialises") + "\n"
}
