//! Uploaded reports, whatever their format, as one [`Incoming`] scan.
//!
//! Tollgate's own JSON report says which scanners ran and what each could not check, so
//! the lifecycle can close exactly what was looked at. A SARIF file from another tool says
//! only that the tool ran: it closes that tool's findings and nothing else.

use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::BTreeSet;
use tollgate_core::{ScanReport, Severity};

/// One finding as the store keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingFinding {
    pub fingerprint: String,
    pub rule_id: String,
    pub scanner: String,
    pub title: String,
    pub severity: Severity,
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
    pub cwe: Vec<u32>,
    pub controls: Vec<String>,
    /// The finding as JSON, for its page (already redacted).
    pub detail: String,
}

/// A scan ready for the lifecycle.
#[derive(Clone, Debug, Default)]
pub struct Incoming {
    /// `tollgate` or `sarif`.
    pub format: String,
    /// The tool and its version.
    pub tool: String,
    pub commit: Option<String>,
    /// The branch the report names, when it names one.
    pub branch: Option<String>,
    /// When the scan ran (Unix seconds); the upload time when the report does not say.
    pub started_at: Option<i64>,
    /// Scanners that ran; only their findings can be closed by this scan.
    pub scanners: BTreeSet<String>,
    /// Per scanner, paths it could not check (`*`: nothing it saw can be trusted as
    /// clean); findings there stay as they were.
    pub unchecked: BTreeSet<(String, String)>,
    pub findings: Vec<IncomingFinding>,
    /// The gate's decision in the report (`pass`, `warn`, `fail`).
    pub gate: Option<String>,
    /// The inventory a BOM lists (empty for other formats).
    pub components: Vec<crate::bom::Component>,
    /// Components of a BOM that could not be checked, each with why.
    pub unchecked_components: Vec<String>,
    /// A BOM's `analysis` of its vulnerabilities, applied as VEX statements.
    pub vex: Vec<crate::vex::Statement>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Format(String),
}

/// The top-level keys that tell the formats apart; every value but the short ones is
/// skipped unread, so recognising a large report costs one scan of its text, not a tree.
#[derive(Deserialize)]
struct Probe {
    runs: Option<IgnoredAny>,
    version: Option<serde_json::Value>,
    schema_version: Option<IgnoredAny>,
    findings: Option<IgnoredAny>,
    #[serde(rename = "bomFormat")]
    bom_format: Option<serde_json::Value>,
    #[serde(rename = "@context")]
    context: Option<serde_json::Value>,
}

/// The formats the server reads, recognised by their content; `None` for anything else
/// (including JSON that is not an object).
pub fn detect(bytes: &[u8]) -> Result<Option<&'static str>, IngestError> {
    let p: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) if e.classify() == serde_json::error::Category::Data => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(
        if p.runs.is_some() && p.version.as_ref().and_then(|v| v.as_str()) == Some("2.1.0") {
            Some("sarif")
        } else if p.schema_version.is_some() && p.findings.is_some() {
            Some("tollgate")
        } else if p.bom_format.as_ref().and_then(|v| v.as_str()) == Some("CycloneDX") {
            Some("cyclonedx")
        } else if p
            .context
            .as_ref()
            .and_then(|v| v.as_str())
            .is_some_and(|c| c.contains("openvex"))
        {
            Some("openvex")
        } else {
            None
        },
    )
}

/// Parses an uploaded report. `format` forces a format; otherwise it is detected. A
/// Tollgate report is read straight into its type (errors name line and column). A BOM
/// read this way is checked against no advisory database: see [`parse_with`].
pub fn parse(bytes: &[u8], format: Option<&str>) -> Result<Incoming, IngestError> {
    parse_with(bytes, format, None)
}

/// [`parse`], matching a CycloneDX BOM's components against the advisory database at
/// `advisories`.
pub fn parse_with(
    bytes: &[u8],
    format: Option<&str>,
    advisories: Option<&std::path::Path>,
) -> Result<Incoming, IngestError> {
    let kind = match format {
        Some(f) => f,
        None => detect(bytes)?.ok_or_else(|| {
            IngestError::Format(
                "unrecognised report: expected a Tollgate JSON report, SARIF 2.1.0, a CycloneDX BOM or an OpenVEX document".into(),
            )
        })?,
    };
    match kind {
        "tollgate" => from_tollgate(serde_json::from_slice(bytes)?),
        "sarif" => from_sarif(&serde_json::from_slice(bytes)?),
        "cyclonedx" => crate::bom::from_cyclonedx(bytes, advisories),
        "openvex" => Err(IngestError::Format(
            "an OpenVEX document is not a scan: it is applied with crate::vex".into(),
        )),
        other => Err(IngestError::Format(format!("unknown format `{other}`"))),
    }
}

fn scanner_of(rule_id: &str) -> String {
    rule_id.split('/').next().unwrap_or(rule_id).to_string()
}

/// A Tollgate JSON report.
pub fn from_tollgate(report: ScanReport) -> Result<Incoming, IngestError> {
    let mut inc = Incoming {
        format: "tollgate".into(),
        tool: format!("{} {}", report.tool.name, report.tool.version),
        commit: report.target.git_commit.clone(),
        branch: report.target.git_branch.clone(),
        started_at: tollgate_core::time::parse_rfc3339(&report.timing.started_at),
        gate: report
            .decision
            .as_ref()
            .map(|d| format!("{:?}", d.status).to_lowercase()),
        ..Incoming::default()
    };
    for s in &report.scanners {
        inc.scanners.insert(s.clone());
    }
    for (scanner, cov) in &report.coverage {
        if !cov.ran {
            // Listed but did not start: it closes nothing.
            inc.scanners.remove(scanner);
        }
        for u in &cov.unchecked {
            inc.unchecked.insert((scanner.clone(), u.path.clone()));
        }
    }
    for issue in &report.file_issues {
        if issue.kind == tollgate_core::report::IssueKind::Error {
            // A file that errored could not be checked by its scanner (or, from the walk,
            // by any scanner).
            let who = if issue.source == "walk" {
                inc.scanners.iter().cloned().collect::<Vec<_>>()
            } else {
                vec![issue.source.clone()]
            };
            for s in who {
                inc.unchecked.insert((s, issue.path.clone()));
            }
        }
    }
    for (i, f) in report.findings.into_iter().enumerate() {
        if f.fingerprint.trim().is_empty() {
            return Err(IngestError::Format(format!(
                "findings[{i}] has no fingerprint"
            )));
        }
        inc.findings.push(IncomingFinding::of(f)?);
    }
    Ok(inc)
}

impl IncomingFinding {
    /// A finding of Tollgate's own model as the store keeps it.
    pub fn of(f: tollgate_core::Finding) -> Result<IncomingFinding, IngestError> {
        let detail = serde_json::to_string(&f)?;
        Ok(IncomingFinding {
            scanner: scanner_of(f.rule_id.as_str()),
            rule_id: f.rule_id.as_str().to_string(),
            fingerprint: f.fingerprint,
            title: f.title,
            severity: f.severity,
            path: f.location.path,
            line: (f.location.start_line > 0).then_some(f.location.start_line as i64),
            message: f.message,
            cwe: f.cwe,
            controls: f.controls,
            detail,
        })
    }
}

fn sarif_level(result: &serde_json::Value, rule: Option<&serde_json::Value>) -> Severity {
    // `security-severity` (a CVSS-like score) is what GitHub and most scanners set; the
    // SARIF level is the fallback.
    let score = [
        result.pointer("/properties/security-severity"),
        rule.and_then(|r| r.pointer("/properties/security-severity")),
    ]
    .into_iter()
    .flatten()
    .find_map(|v| {
        v.as_str()
            .and_then(|s| s.parse::<f64>().ok())
            .or(v.as_f64())
    });
    if let Some(s) = score {
        return match s {
            s if s >= 9.0 => Severity::Critical,
            s if s >= 7.0 => Severity::High,
            s if s >= 4.0 => Severity::Medium,
            s if s > 0.0 => Severity::Low,
            _ => Severity::Info,
        };
    }
    let level = result
        .get("level")
        .or_else(|| rule.and_then(|r| r.pointer("/defaultConfiguration/level")))
        .and_then(|v| v.as_str())
        .unwrap_or("warning");
    match level {
        "error" => Severity::High,
        "warning" => Severity::Medium,
        "note" => Severity::Low,
        _ => Severity::Info,
    }
}

fn cwe_ids(values: impl Iterator<Item = String>) -> Vec<u32> {
    let mut out = BTreeSet::new();
    for v in values {
        let lower = v.to_ascii_lowercase();
        // `external/cwe/cwe-89`, `CWE-89`, `cwe:89`.
        if let Some(i) = lower.rfind("cwe") {
            let digits: String = lower[i + 3..]
                .trim_start_matches(['-', ':', '/'])
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(n) = digits.parse() {
                out.insert(n);
            }
        }
    }
    out.into_iter().collect()
}

/// A SARIF 2.1.0 log: every run's results. Text from the file (messages) is redacted like
/// all output; code snippets are not kept, since other tools often put the secret there.
pub fn from_sarif(doc: &serde_json::Value) -> Result<Incoming, IngestError> {
    let runs = doc
        .get("runs")
        .and_then(|r| r.as_array())
        .ok_or_else(|| IngestError::Format("SARIF without `runs`".into()))?;
    let mapper = tollgate_compliance::Mapper::new();
    let mut inc = Incoming {
        format: "sarif".into(),
        ..Incoming::default()
    };
    let mut tools = BTreeSet::new();
    for (ri, run) in runs.iter().enumerate() {
        let driver = run.pointer("/tool/driver");
        let name = driver
            .and_then(|d| d.get("name"))
            .and_then(|v| v.as_str())
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| IngestError::Format(format!("runs[{ri}] has no tool.driver.name")))?;
        let version = driver
            .and_then(|d| d.get("version").or_else(|| d.get("semanticVersion")))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        tools.insert(format!("{name} {version}").trim().to_string());
        let tool_key = name.to_ascii_lowercase().replace(' ', "-");
        let own = tool_key == "tollgate";
        if !own {
            inc.scanners.insert(tool_key.clone());
        }
        let rules: Vec<&serde_json::Value> = driver
            .and_then(|d| d.get("rules"))
            .and_then(|r| r.as_array())
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        if let Some(ok) = run
            .pointer("/invocations/0/executionSuccessful")
            .and_then(|v| v.as_bool())
        {
            if !ok {
                // A run that did not finish closes nothing of its tool.
                inc.unchecked.insert((tool_key.clone(), "*".into()));
            }
        }
        if inc.commit.is_none() {
            inc.commit = run
                .pointer("/versionControlProvenance/0/revisionId")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            inc.branch = run
                .pointer("/versionControlProvenance/0/branch")
                .and_then(|v| v.as_str())
                .map(str::to_string);
        }
        let Some(results) = run.get("results").and_then(|r| r.as_array()) else {
            continue;
        };
        for (i, r) in results.iter().enumerate() {
            let rule_index = r
                .get("ruleIndex")
                .or_else(|| r.pointer("/rule/index"))
                .and_then(|v| v.as_u64());
            let rule_id = r
                .get("ruleId")
                .or_else(|| r.pointer("/rule/id"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .or_else(|| {
                    rule_index
                        .and_then(|i| rules.get(i as usize))
                        .and_then(|rule| rule.get("id"))
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                })
                .filter(|r| !r.trim().is_empty())
                .ok_or_else(|| {
                    IngestError::Format(format!("runs[{ri}].results[{i}] names no rule"))
                })?;
            let rule = rule_index
                .and_then(|i| rules.get(i as usize).copied())
                .filter(|rule| rule.get("id").and_then(|v| v.as_str()) == Some(&rule_id))
                .or_else(|| {
                    rules
                        .iter()
                        .copied()
                        .find(|rule| rule.get("id").and_then(|v| v.as_str()) == Some(&rule_id))
                });
            let loc = r.pointer("/locations/0/physicalLocation");
            let path = loc
                .and_then(|l| l.pointer("/artifactLocation/uri"))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let line = loc
                .and_then(|l| l.pointer("/region/startLine"))
                .and_then(|v| v.as_i64());
            let message = r
                .pointer("/message/text")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let message = tollgate_dast::safe::text(message);
            let title = rule
                .and_then(|rule| {
                    rule.pointer("/shortDescription/text")
                        .or_else(|| rule.get("name"))
                })
                .and_then(|v| v.as_str())
                .map(tollgate_dast::safe::text)
                .unwrap_or_else(|| rule_id.clone());
            let severity = sarif_level(r, rule);
            let tags: Vec<String> = rule
                .and_then(|rule| rule.pointer("/properties/tags"))
                .and_then(|t| t.as_array())
                .map(|t| {
                    t.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let cwe = cwe_ids(
                tags.iter().cloned().chain(
                    r.pointer("/properties/cwe")
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                ),
            );
            // The tool's own stable identity when it gives one; otherwise rule, file and
            // message (a moved line keeps its identity, a changed message does not).
            let partial = r
                .get("partialFingerprints")
                .or_else(|| r.get("fingerprints"))
                .and_then(|p| p.as_object())
                .and_then(|p| {
                    let mut parts: Vec<String> = p
                        .iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
                        .collect();
                    parts.sort();
                    (!parts.is_empty()).then(|| parts.join("\n"))
                });
            let identity = partial.unwrap_or_else(|| message.clone());
            let scanner = if own {
                scanner_of(&rule_id)
            } else {
                tool_key.clone()
            };
            if own {
                inc.scanners.insert(scanner.clone());
            }
            let fingerprint = tollgate_core::fingerprint::digest_parts(&[
                tool_key.as_bytes(),
                rule_id.as_bytes(),
                path.as_bytes(),
                identity.as_bytes(),
            ]);
            let controls = mapper.controls_for(&cwe, &tags);
            let detail = serde_json::json!({
                "tool": name,
                "rule_id": rule_id,
                "message": message,
                "location": {"path": path, "line": line},
                "tags": tags,
            })
            .to_string();
            inc.findings.push(IncomingFinding {
                fingerprint,
                rule_id: if own {
                    rule_id.clone()
                } else {
                    format!("{tool_key}/{rule_id}")
                },
                scanner,
                title,
                severity,
                path,
                line,
                message,
                cwe,
                controls,
                detail,
            });
        }
    }
    inc.tool = tools.into_iter().collect::<Vec<_>>().join(", ");
    Ok(inc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_results_become_findings_of_their_tool() {
        // Put together at run time, so the repository's own scan does not report it.
        let key = ["AKIA", "IOSFODNN7EXAMPLQ"].concat();
        let doc = serde_json::json!({
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "Semgrep OSS", "version": "1.0", "rules": [
                    {"id": "java.sqli", "shortDescription": {"text": "SQL injection"},
                     "properties": {"tags": ["CWE-89: SQL Injection"], "security-severity": "8.1"}}
                ]}},
                "results": [
                    {"ruleId": "java.sqli", "ruleIndex": 0, "message": {"text": "query built from input"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/A.java"}, "region": {"startLine": 12}}}]},
                    {"ruleId": "java.sqli", "level": "note", "message": {"text": format!("key {key} here")},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/B.java"}}}]}
                ]
            }]
        });
        let inc = parse(doc.to_string().as_bytes(), None).unwrap();
        assert_eq!(inc.format, "sarif");
        assert_eq!(inc.scanners.iter().collect::<Vec<_>>(), ["semgrep-oss"]);
        assert_eq!(inc.findings.len(), 2);
        let a = &inc.findings[0];
        assert_eq!(a.rule_id, "semgrep-oss/java.sqli");
        assert_eq!(a.severity, Severity::High);
        assert_eq!(a.cwe, [89]);
        assert_eq!(a.line, Some(12));
        assert!(
            a.controls.iter().any(|c| c.starts_with("pci-dss")),
            "{:?}",
            a.controls
        );
        assert_ne!(a.fingerprint, inc.findings[1].fingerprint);
        assert!(!inc.findings[1].message.contains(&key));
    }

    #[test]
    fn unknown_and_broken_documents_say_what_they_are() {
        let e = parse(b"{\"x\": 1}", None).unwrap_err().to_string();
        assert!(e.contains("unrecognised"), "{e}");
        let e = parse(b"{\n\"runs\": [", None).unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        let e = parse(br#"{"version":"2.1.0","runs":[{"results":[]}]}"#, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("runs[0]"), "{e}");
        // Found by the fuzz target: a tool without a name, or a rule id that is empty.
        let e = parse(br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":""}},"results":[{"ruleId":"r1"}]}]}"#, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("tool.driver.name"), "{e}");
        let e = parse(br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":" "}]}]}"#, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("names no rule"), "{e}");
    }
}
