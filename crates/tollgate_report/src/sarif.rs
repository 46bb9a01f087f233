//! SARIF 2.1.0, as read by GitHub code scanning, GitLab, Azure DevOps and IDEs.

use crate::cwe;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use tollgate_core::finding::SuppressionKind;
use tollgate_core::report::IssueKind;
use tollgate_core::{Confidence, FlowRole, Location, RuleMeta, ScanReport, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const CWE_GUID: &str = "25f72d7e-8a92-459d-ad67-64853f788765";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn precision(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

/// Percent-encode a relative path for a SARIF `uri`.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(r: &RuleMeta) -> Value {
    let relationships: Vec<Value> = r
        .cwe
        .iter()
        .map(|c| {
            json!({
                "target": {"id": c.to_string(), "guid": cwe_taxon_guid(*c), "toolComponent": {"name": "CWE", "guid": CWE_GUID}},
                "kinds": ["superset"]
            })
        })
        .collect();
    let mut tags: Vec<String> = vec!["security".into()];
    tags.extend(r.tags.iter().cloned());
    tags.extend(r.cwe.iter().map(|c| format!("external/cwe/cwe-{c}")));
    let plain = r.doc.replace("**", "");
    let help_uri = r.references.first();
    let mut d = json!({
        "id": r.id,
        "name": pascal(r.slug()),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.summary()},
        "help": {"text": plain, "markdown": r.doc},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "tags": tags,
            "security-severity": r.severity.security_score(),
            "problem.severity": level(r.severity),
        },
        "relationships": relationships,
    });
    if let Some(u) = help_uri {
        d["helpUri"] = json!(u);
    }
    d
}

/// A stable GUID-shaped id for a CWE taxon (derived from its number, so runs agree).
fn cwe_taxon_guid(id: u32) -> String {
    crate::guid(format!("cwe:{id}").as_bytes())
}

fn pascal(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A SARIF location for each kind of Tollgate location: a file region; a resource as a
/// logical location beside its file; a URL as the artifact; a log record by its offset.
fn location(l: &Location) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": uri(&l.path)}});
    if l.http.is_none() {
        physical["artifactLocation"]["uriBaseId"] = json!("%SRCROOT%");
    } else {
        // A URL of the application under test: already absolute.
        physical["artifactLocation"]["uri"] = json!(l.path);
    }
    if l.start_line > 0 {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(l.start_line));
        region.insert("startColumn".into(), json!(l.start_column.max(1)));
        region.insert("endLine".into(), json!(l.end_line.max(l.start_line)));
        region.insert("endColumn".into(), json!(l.end_column.max(1)));
        if let Some(s) = &l.snippet {
            region.insert("snippet".into(), json!({"text": s}));
        }
        physical["region"] = Value::Object(region);
    } else if let Some(log) = &l.log {
        physical["region"] = json!({"byteOffset": log.offset});
    }
    let mut out = json!({"physicalLocation": physical});
    if let Some(r) = &l.resource {
        out["logicalLocations"] = json!([{
            "fullyQualifiedName": r.address,
            "kind": "resource",
            "properties": {"type": r.resource_type},
        }]);
    }
    if let Some(h) = &l.http {
        let mut p = json!({"tollgate/method": h.method});
        if let Some(param) = &h.parameter {
            p["tollgate/parameter"] = json!(param);
        }
        out["properties"] = p;
    }
    out
}

/// The SARIF log for a report.
pub fn write(report: &ScanReport) -> String {
    let rules: Vec<&RuleMeta> = report.rule_meta.iter().collect();
    let index_of = |id: &tollgate_core::RuleId| rules.iter().position(|r| &r.id == id);
    let mut cwes: BTreeSet<u32> = BTreeSet::new();
    for r in &rules {
        cwes.extend(r.cwe.iter().copied());
    }

    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut props = Map::new();
            props.insert("severity".into(), json!(f.severity));
            props.insert("confidence".into(), json!(f.confidence));
            props.insert("precision".into(), json!(precision(f.confidence)));
            props.insert("cwe".into(), json!(f.cwe));
            if !f.controls.is_empty() {
                props.insert("controls".into(), json!(f.controls));
            }
            if let Some(d) = f.diff {
                props.insert("diff".into(), json!(d));
            }
            if let Some(g) = &f.git {
                props.insert("git".into(), json!(g));
            }
            if let Some(subject) = &f.subject {
                props.insert("tollgate/subject".into(), json!(subject));
            }
            if let Some(s) = tollgate_core::SecretSubject::of(f) {
                if let Some(v) = &s.validation {
                    props.insert("tollgate/validation".into(), json!(v.state));
                    props.insert("tollgate/validation-summary".into(), json!(v.summary()));
                }
                if let Some(r) = &s.revoke {
                    props.insert("tollgate/revoke".into(), json!(r));
                }
            }
            for (k, v) in &f.data {
                props.insert(format!("tollgate/{k}"), json!(v));
            }
            let mut result = json!({
                "ruleId": f.rule_id,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [location(&f.location)],
                "partialFingerprints": {"tollgate/v1": f.fingerprint},
                "properties": props,
            });
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut l = location(&r.location);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": r.message});
                        l
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            if !f.flow.is_empty() {
                let steps: Vec<Value> = f
                    .flow
                    .iter()
                    .map(|step| {
                        let mut l = location(&step.location);
                        l["message"] = json!({"text": step.message});
                        json!({
                            "location": l,
                            "kinds": [match step.role {
                                FlowRole::Source => "taint source",
                                FlowRole::Step => "taint step",
                                FlowRole::Sink => "taint sink",
                            }],
                        })
                    })
                    .collect();
                result["codeFlows"] = json!([{"threadFlows": [{"locations": steps}]}]);
            }
            if let Some(i) = index_of(&f.rule_id) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(s) = &f.suppression {
                let kind = match s.kind {
                    SuppressionKind::Inline => "inSource",
                    SuppressionKind::Config | SuppressionKind::Exception | SuppressionKind::Vex => {
                        "external"
                    }
                };
                result["suppressions"] = json!([{"kind": kind, "justification": s.reason}]);
            }
            result
        })
        .collect();

    let notifications: Vec<Value> = report
        .file_issues
        .iter()
        .map(|i| {
            let level = match i.kind {
                IssueKind::Error => "error",
                IssueKind::Warning => "warning",
                IssueKind::Skipped => "note",
            };
            let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": uri(&i.path), "uriBaseId": "%SRCROOT%"}}});
            if let Some(line) = i.line {
                loc["physicalLocation"]["region"] = json!({"startLine": line});
            }
            json!({
                "level": level,
                "message": {"text": format!("{} ({}): {}", i.path, i.source, i.message)},
                "locations": [loc],
                "descriptor": {"id": format!("tollgate/{}", match i.kind { IssueKind::Error => "file-error", IssueKind::Warning => "file-warning", IssueKind::Skipped => "file-skipped" })},
            })
        })
        .collect();

    let taxa: Vec<Value> = cwes
        .iter()
        .map(|c| {
            let mut t = json!({"id": c.to_string(), "guid": cwe_taxon_guid(*c)});
            if let Some(n) = cwe::name(*c) {
                t["name"] = json!(n);
                t["shortDescription"] = json!({"text": n});
            }
            t
        })
        .collect();

    let mut run_props = Map::new();
    if let Some(d) = &report.decision {
        run_props.insert("tollgate/decision".into(), json!(d));
    }
    run_props.insert("tollgate/configDigest".into(), json!(report.config_digest));
    if let Some(commit) = &report.target.git_commit {
        run_props.insert("tollgate/gitCommit".into(), json!(commit));
    }
    if let Some(branch) = &report.target.git_branch {
        run_props.insert("tollgate/gitBranch".into(), json!(branch));
    }
    let mut invocation = json!({
        "executionSuccessful": !report.file_issues.iter().any(|i| i.kind == IssueKind::Error),
        "toolExecutionNotifications": notifications,
    });
    if let Some(d) = &report.decision {
        invocation["exitCodeDescription"] = json!(format!(
            "gate {}",
            serde_json::to_value(d.status)
                .unwrap()
                .as_str()
                .unwrap_or("")
        ));
    }

    let run = json!({
        "tool": {
            "driver": {
                "name": "Tollgate",
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                "supportedTaxonomies": [{"name": "CWE", "guid": CWE_GUID}],
            }
        },
        "taxonomies": [{
            "name": "CWE",
            "guid": CWE_GUID,
            "organization": "MITRE",
            "shortDescription": {"text": "The MITRE Common Weakness Enumeration"},
            "taxa": taxa,
        }],
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": run_props,
    });
    let log = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]});
    let mut s = serde_json::to_string_pretty(&log).expect("sarif serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("src/a b/ü.py"), "src/a%20b/%C3%BC.py");
        assert_eq!(pascal("aws-access-key-id"), "AwsAccessKeyId");
    }
}
