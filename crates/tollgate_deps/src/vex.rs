//! VEX (Vulnerability Exploitability eXchange) input: OpenVEX documents and CycloneDX
//! VEX (`vulnerabilities` with `analysis`). A `not_affected` statement with a justification
//! (or a `fixed` one) suppresses the matching finding; the report keeps why.

use serde_json::Value;
use std::path::Path;
use tollgate_core::{Finding, Suppression, SuppressionKind};

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Vulnerability id (advisory id or alias).
    pub vulnerability: String,
    /// purls the statement is about; an empty list means any package.
    pub products: Vec<String>,
    pub status: String,
    pub justification: Option<String>,
    pub detail: Option<String>,
    pub source: String,
    /// When the statement was made (the statement's own `timestamp`, else the document's).
    pub timestamp: Option<String>,
    /// Who made it (the document's `author`).
    pub author: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct VexError {
    pub path: String,
    pub message: String,
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .or_else(|| x.get("@id").and_then(Value::as_str).map(str::to_string))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Parse an OpenVEX or CycloneDX VEX document.
pub fn load(path: &Path) -> Result<Vec<Statement>, VexError> {
    let text = std::fs::read_to_string(path).map_err(|e| VexError {
        path: path.display().to_string(),
        message: format!("cannot read: {e}"),
    })?;
    parse(&text, &path.display().to_string())
}

/// [`load`] of a document already read; `source` names it in errors and statements.
pub fn parse(text: &str, source: &str) -> Result<Vec<Statement>, VexError> {
    let err = |message: String| VexError {
        path: source.to_string(),
        message,
    };
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        err(format!(
            "line {} column {}: not JSON: {}",
            e.line(),
            e.column(),
            tollgate_core::redact::scrub(&e.to_string())
        ))
    })?;
    let source = source.to_string();
    let doc_time = doc
        .get("timestamp")
        .and_then(Value::as_str)
        .map(str::to_string);
    let author = doc
        .get("author")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut out = Vec::new();
    if let Some(stmts) = doc.get("statements").and_then(Value::as_array) {
        for (i, s) in stmts.iter().enumerate() {
            let vulnerability = match s.get("vulnerability") {
                Some(Value::String(id)) => id.clone(),
                Some(v) => v
                    .get("name")
                    .or_else(|| v.get("@id"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                None => String::new(),
            };
            let status = s
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if vulnerability.is_empty() || status.is_empty() {
                return Err(err(format!(
                    "statements[{i}]: a statement needs a vulnerability and a status"
                )));
            }
            let justification = s
                .get("justification")
                .and_then(Value::as_str)
                .map(str::to_string);
            let detail = s
                .get("impact_statement")
                .and_then(Value::as_str)
                .map(str::to_string);
            if status == "not_affected" && justification.is_none() && detail.is_none() {
                return Err(err(format!("statements[{i}]: not_affected needs a justification or an impact_statement (OpenVEX)")));
            }
            // Subcomponents name the packages; products name the application when both are given.
            let mut products = Vec::new();
            if let Some(ps) = s.get("products").and_then(Value::as_array) {
                for p in ps {
                    let subs = strs(p, "subcomponents");
                    if subs.is_empty() {
                        if let Some(id) =
                            p.as_str().or_else(|| p.get("@id").and_then(Value::as_str))
                        {
                            products.push(id.to_string());
                        }
                    } else {
                        products.extend(subs);
                    }
                }
            }
            products.extend(strs(s, "subcomponents"));
            out.push(Statement {
                vulnerability,
                products,
                status,
                justification,
                detail,
                source: source.clone(),
                timestamp: s
                    .get("timestamp")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| doc_time.clone()),
                author: author.clone(),
            });
        }
    } else if let Some(vulns) = doc.get("vulnerabilities").and_then(Value::as_array) {
        for (i, v) in vulns.iter().enumerate() {
            let Some(analysis) = v.get("analysis") else {
                continue;
            };
            let id = v
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let state = analysis
                .get("state")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if id.is_empty() || state.is_empty() {
                return Err(err(format!(
                    "vulnerabilities[{i}]: needs an id and analysis.state"
                )));
            }
            let status = match state {
                "not_affected" | "false_positive" => "not_affected",
                "resolved" | "resolved_with_pedigree" => "fixed",
                "exploitable" => "affected",
                _ => "under_investigation",
            }
            .to_string();
            let products = v
                .get("affects")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.get("ref").and_then(Value::as_str).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            out.push(Statement {
                vulnerability: id,
                products,
                status,
                justification: analysis
                    .get("justification")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                detail: analysis
                    .get("detail")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                source: source.clone(),
                timestamp: analysis
                    .get("lastUpdated")
                    .or_else(|| analysis.get("firstIssued"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                author: None,
            });
        }
    } else {
        return Err(err(
            "neither an OpenVEX document (statements) nor CycloneDX VEX (vulnerabilities)".into(),
        ));
    }
    Ok(out)
}

/// `pkg:type/name@version` without qualifiers or subpath; a purl without a version matches any.
pub fn purl_matches(statement: &str, package: &str) -> bool {
    let base = |p: &str| p.split(['?', '#']).next().unwrap_or(p).to_string();
    let (s, p) = (base(statement), base(package));
    s == p || (!s.contains('@') && p.split('@').next() == Some(s.as_str()))
}

/// Apply statements to dependency findings; returns how many were suppressed.
pub fn apply(findings: &mut [Finding], statements: &[Statement]) -> usize {
    let mut n = 0;
    for f in findings.iter_mut() {
        let Some(pkg) = f.package() else { continue };
        let mut ids: Vec<&str> = pkg.advisory.as_deref().into_iter().collect();
        ids.extend(pkg.aliases.iter().map(String::as_str));
        let purl = pkg.purl.clone();
        let Some(s) = statements.iter().find(|s| {
            ids.contains(&s.vulnerability.as_str())
                && (s.products.is_empty() || s.products.iter().any(|p| purl_matches(p, &purl)))
        }) else {
            continue;
        };
        f.data.insert("vex_status".into(), s.status.clone());
        if s.status == "not_affected" || s.status == "fixed" {
            let why = [s.justification.as_deref(), s.detail.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            f.suppression = Some(Suppression {
                kind: SuppressionKind::Vex,
                reason: format!(
                    "VEX {}{}",
                    s.status,
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" — {why}")
                    }
                ),
                approved_by: None,
                ticket: None,
                expires: None,
                source: Some(s.source.clone()),
            });
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls() {
        assert!(purl_matches("pkg:cargo/h2@0.4.15", "pkg:cargo/h2@0.4.15"));
        assert!(purl_matches("pkg:cargo/h2", "pkg:cargo/h2@0.4.15"));
        assert!(purl_matches(
            "pkg:npm/lodash@4.17.20?foo=bar",
            "pkg:npm/lodash@4.17.20"
        ));
        assert!(!purl_matches("pkg:cargo/h2@0.4.14", "pkg:cargo/h2@0.4.15"));
        assert!(!purl_matches("pkg:cargo/h", "pkg:cargo/h2@0.4.15"));
    }
}
