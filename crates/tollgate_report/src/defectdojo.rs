//! DefectDojo's "Generic Findings Import" JSON, which DefectDojo imports natively (scan
//! type `Generic Findings Import`). Deduplication in DefectDojo keys on
//! `unique_id_from_tool`, which carries the finding's fingerprint, so re-imports of the
//! same findings update rather than duplicate them.

use serde_json::{json, Map, Value};
use tollgate_core::{Finding, ScanReport, Subject, SuppressionKind};

fn description(f: &Finding) -> String {
    let mut d = f.message.clone();
    if let Some(s) = &f.location.snippet {
        d.push_str(&format!("\n\n```\n{s}\n```"));
    }
    d.push_str(&format!(
        "\n\nRule `{}`, confidence {}.",
        f.rule_id, f.confidence
    ));
    if !f.controls.is_empty() {
        d.push_str(&format!("\n\nControls: {}.", f.controls.join(", ")));
    }
    if let Some(g) = &f.git {
        let mut line = g.summary();
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        d.push_str(&format!("\n\n{line} (commit {}).", g.commit));
    }
    if let Some(s) = &f.suppression {
        d.push_str(&format!("\n\nSuppressed ({:?}): {}", s.kind, s.reason));
    }
    for n in tollgate_core::SecretSubject::of(f)
        .map(|s| s.notes())
        .unwrap_or_default()
    {
        d.push_str(&format!("\n\n{n}"));
    }
    d
}

fn finding(report: &ScanReport, f: &Finding, date: &str) -> Value {
    let mut o = Map::new();
    o.insert("title".into(), json!(f.title));
    o.insert("description".into(), json!(description(f)));
    o.insert("severity".into(), json!(f.severity.title()));
    if let Some(fix) = &f.fix {
        o.insert("mitigation".into(), json!(fix));
    }
    if let Some(meta) = report.rule(&f.rule_id) {
        if !meta.references.is_empty() {
            o.insert("references".into(), json!(meta.references.join("\n")));
        }
    }
    if !date.is_empty() {
        o.insert("date".into(), json!(date));
    }
    if let Some(c) = f.cwe.first() {
        o.insert("cwe".into(), json!(c));
    }
    if !f.location.path.is_empty() && f.location.http.is_none() {
        o.insert("file_path".into(), json!(f.location.path));
    }
    if f.location.start_line > 0 {
        o.insert("line".into(), json!(f.location.start_line));
    }
    if let Some(h) = &f.location.http {
        if let Some(p) = &h.parameter {
            o.insert("param".into(), json!(p));
        }
    }
    match &f.subject {
        Some(Subject::Package(p)) => {
            o.insert("component_name".into(), json!(p.name));
            o.insert("component_version".into(), json!(p.version));
            let mut ids: Vec<&str> = p.advisory.as_deref().into_iter().collect();
            ids.extend(p.aliases.iter().map(String::as_str));
            if let Some(cve) = ids.iter().find(|i| i.starts_with("CVE-")) {
                o.insert("cve".into(), json!(cve));
            }
            if !ids.is_empty() {
                o.insert("vulnerability_ids".into(), json!(ids));
            }
        }
        Some(Subject::Resource(r)) => {
            o.insert("component_name".into(), json!(r.address));
        }
        _ => {}
    }
    if let Some(v) = f.data.get("cvss_vector") {
        o.insert("cvssv3".into(), json!(v));
    }
    o.insert("unique_id_from_tool".into(), json!(f.fingerprint));
    o.insert("vuln_id_from_tool".into(), json!(f.rule_id));
    o.insert("active".into(), json!(f.counts()));
    o.insert("verified".into(), json!(false));
    o.insert(
        "false_p".into(),
        json!(matches!(
            f.suppression.as_ref().map(|s| s.kind),
            Some(SuppressionKind::Vex)
        )),
    );
    let dynamic = f.location.http.is_some();
    o.insert("static_finding".into(), json!(!dynamic));
    o.insert("dynamic_finding".into(), json!(dynamic));
    let mut tags: Vec<String> = vec![format!("tollgate:{}", f.scanner())];
    tags.extend(f.tags.iter().cloned());
    o.insert("tags".into(), json!(tags));
    Value::Object(o)
}

/// The report as a DefectDojo generic findings file.
pub fn write(report: &ScanReport) -> String {
    let date = report.timing.started_at.get(..10).unwrap_or("");
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| finding(report, f, date))
        .collect();
    let doc = json!({
        "name": "Tollgate",
        "type": "Tollgate",
        "version": report.tool.version,
        "description": format!("Tollgate scan of {} ({})", report.target.path, report.scanners.join(", ")),
        "static_tool": true,
        "dynamic_tool": false,
        "findings": findings,
    });
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
