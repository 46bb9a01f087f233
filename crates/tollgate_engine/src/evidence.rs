//! Compliance evidence from scan reports, and the control catalogues with the rules that
//! cover each control.

use crate::EngineError;
use serde_json::json;
use tollgate_compliance::catalog::{self, catalogs};
use tollgate_compliance::{html, markdown, oscal, Catalog, Evidence, Mapper};
use tollgate_core::ScanReport;

/// A framework by id.
pub fn framework(id: &str) -> Result<&'static Catalog, EngineError> {
    catalog::find(id).ok_or_else(|| {
        let known: Vec<&str> = catalogs().iter().map(|c| c.id.as_str()).collect();
        EngineError::Usage(format!(
            "unknown framework {} (known: {})",
            tollgate_core::redact::quote(id),
            known.join(", ")
        ))
    })
}

/// Evidence for `framework` from labelled reports, in `format` (html, markdown, oscal,
/// json), or the framework's OSCAL component definition of the rule pack (`component`,
/// which needs no report).
pub fn render(
    framework_id: &str,
    reports: Vec<(String, ScanReport)>,
    format: &str,
    now: &str,
) -> Result<String, EngineError> {
    let cat = framework(framework_id)?;
    let rules = crate::registry::all_rules();
    if format == "component" {
        return Ok(oscal::component_definition(cat, &rules, now));
    }
    let reports: Vec<_> = reports
        .into_iter()
        .map(|(label, r)| {
            let digest = tollgate_report::json::digest(&r);
            (label, r, digest)
        })
        .collect();
    let e = Evidence::build(cat, &reports, &rules, now);
    Ok(match format {
        "html" => html::render(&e),
        "markdown" | "md" => markdown::render(&e),
        "oscal" => oscal::assessment_results(&e),
        "json" => serde_json::to_string_pretty(&e).unwrap_or_default() + "\n",
        other => {
            return Err(EngineError::Usage(format!(
                "unknown format {} (expected html, oscal, markdown, json or component)",
                tollgate_core::redact::quote(other)
            )))
        }
    })
}

/// The controls of one framework (or all), with the rules that cover each: `text` or `json`.
pub fn controls(framework_id: Option<&str>, format: &str) -> Result<String, EngineError> {
    let rules = crate::registry::all_rules();
    let mapper = Mapper::new();
    let cats: Vec<&Catalog> = match framework_id {
        Some(id) => vec![framework(id)?],
        None => catalogs().iter().collect(),
    };
    let mut json_out = Vec::new();
    let mut text = String::new();
    for cat in cats {
        let cov = mapper.coverage(cat, &rules);
        match format {
            "json" => {
                let controls: Vec<_> = cat
                    .controls
                    .iter()
                    .map(|c| {
                        let rs: Vec<&str> = cov[&c.id].iter().map(|r| r.id.as_str()).collect();
                        json!({"id": c.id, "title": c.title, "meaning": c.meaning, "cwe": c.cwe, "tags": c.tags, "rules": rs})
                    })
                    .collect();
                json_out
                    .push(json!({"framework": cat.id, "title": cat.title(), "controls": controls}));
            }
            "text" => {
                let covered = cat
                    .controls
                    .iter()
                    .filter(|c| !cov[&c.id].is_empty())
                    .count();
                text.push_str(&format!(
                    "{} ({}) — {covered} of {} controls covered by rules\n",
                    cat.title(),
                    cat.id,
                    cat.controls.len()
                ));
                for c in &cat.controls {
                    let rs = &cov[&c.id];
                    if rs.is_empty() {
                        text.push_str(&format!("  {:<14} {:<70}  no rule yet\n", c.id, c.title));
                    } else {
                        text.push_str(&format!(
                            "  {:<14} {:<70}  {} rules\n",
                            c.id,
                            c.title,
                            rs.len()
                        ));
                    }
                }
                text.push('\n');
            }
            other => {
                return Err(EngineError::Usage(format!(
                    "unknown format {} (expected text or json)",
                    tollgate_core::redact::quote(other)
                )))
            }
        }
    }
    if format == "json" {
        text = serde_json::to_string_pretty(&json_out).unwrap_or_default() + "\n";
    }
    Ok(text)
}
