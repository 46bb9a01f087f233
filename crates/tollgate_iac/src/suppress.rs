//! Suppression comments in IaC files: Tollgate's own `tollgate:ignore[rule] reason`, and
//! those of the tools teams migrate from (`checkov:skip=CKV_AWS_18:reason`,
//! `trivy:ignore:AVD-AWS-0089`, `hadolint ignore=DL3008`, `kics-scan ignore-block`), so
//! reviewed exceptions survive the move. A comment covers a resource when it is on the line above the resource or
//! anywhere inside its block; a foreign comment covers only rules that declare its id.

use crate::rule::Rule;

/// Longest reason kept from a comment.
const MAX_REASON: usize = 200;

/// The reason a comment in `lines` (the resource's lines, and the one above) suppresses
/// `rule`, if one does.
pub fn reason(lines: &[&str], rule: &Rule) -> Option<String> {
    let id = rule.id();
    for line in lines {
        if let Some(r) = tollgate_core::allow::ignore_comment(line, &id) {
            return Some(r);
        }
        if let Some(r) = foreign(line, rule.def.aliases) {
            return Some(r);
        }
    }
    None
}

fn clip(s: &str) -> String {
    let s = s.trim().trim_start_matches([':', '-', ' ']).trim();
    let mut out: String = s.chars().take(MAX_REASON).collect();
    if out.is_empty() {
        out = "no reason given".into();
    }
    out
}

/// Tollgate's own suppression comments in `lines` as JSON, for rules that are not
/// [`Rule`]s (custom Rego policies): `{"rules": null, "reason": ...}` for a bare
/// `tollgate:ignore` (every rule), `{"rules": ["iac/custom/x", ...], "reason": ...}` for a list.
pub fn own_directives(lines: &[&str]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for line in lines {
        let Some(at) = line.find("tollgate:ignore") else {
            continue;
        };
        let rest = &line[at + "tollgate:ignore".len()..];
        if let Some(list) = rest.strip_prefix('[') {
            let Some(end) = list.find(']') else {
                continue;
            };
            let rules: Vec<&str> = list[..end].split(',').map(str::trim).collect();
            out.push(serde_json::json!({"rules": rules, "reason": clip(&list[end + 1..])}));
        } else {
            out.push(serde_json::json!({"rules": null, "reason": clip(rest)}));
        }
    }
    out
}

/// checkov, trivy and KICS comments.
fn foreign(line: &str, aliases: &[&str]) -> Option<String> {
    if let Some(at) = line.find("checkov:skip=") {
        let rest = &line[at + "checkov:skip=".len()..];
        let (ids, why) = rest.split_once(':').unwrap_or((rest, ""));
        if ids
            .split(',')
            .map(str::trim)
            .any(|i| aliases.iter().any(|a| a.eq_ignore_ascii_case(i)))
        {
            return Some(format!("checkov:skip {}", clip(why)));
        }
    }
    if let Some(at) = line.find("trivy:ignore:") {
        let rest = &line[at + "trivy:ignore:".len()..];
        let idpart: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if aliases.iter().any(|a| a.eq_ignore_ascii_case(&idpart)) {
            return Some(format!("trivy:ignore:{idpart}"));
        }
    }
    if let Some(at) = line.find("hadolint ignore=") {
        let rest = &line[at + "hadolint ignore=".len()..];
        let ids = rest.split_whitespace().next().unwrap_or("");
        if let Some(id) = ids
            .split(',')
            .map(str::trim)
            .find(|i| aliases.iter().any(|a| a.eq_ignore_ascii_case(i)))
        {
            return Some(format!("hadolint ignore={id}"));
        }
    }
    if line.contains("kics-scan ignore-block") || line.contains("kics-scan ignore-line") {
        return Some("kics-scan ignore".into());
    }
    None
}
