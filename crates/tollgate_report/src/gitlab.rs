//! GitLab security reports: the secret-detection and dependency-scanning JSON that GitLab
//! reads from `artifacts:reports:` and shows in the merge request widget, the pipeline's
//! security tab and the vulnerability report. Schema version [`SCHEMA_VERSION`]; the
//! schemas are vendored under `resources/gitlab-schemas/` and every output is validated
//! against them in the tests.
//!
//! What is written, and why:
//! - only the findings of the report's kind (secrets, or dependencies), and only active
//!   ones: GitLab has no notion of an approved exception, so a suppressed finding would
//!   reappear there as a new vulnerability. The count of those left out is a scan message;
//!   the JSON report keeps them all.
//! - snippets and messages are the finding's own, already redacted ones: a secret never
//!   appears in full (GitLab's `raw_source_code_extract` holds the redacted line).
//! - a scanner that did not run, or could not check some files, says so in the scan's
//!   `status` and `messages`: a GitLab widget must never show "no findings" for a scan
//!   that did not look.
//! - the only times are the scan's start and end, from the report's `timing`.

use serde_json::{json, Map, Value};
use tollgate_core::{Finding, ScanReport, Subject};

/// The version of GitLab's security report schemas these reports conform to.
pub const SCHEMA_VERSION: &str = "15.2.1";

/// Which of GitLab's security reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `artifacts:reports:secret_detection`, from the secrets scanner.
    SecretDetection,
    /// `artifacts:reports:dependency_scanning`, from the deps scanner.
    DependencyScanning,
}

impl Kind {
    /// The Tollgate scanner whose findings this report carries.
    pub fn scanner(self) -> &'static str {
        match self {
            Kind::SecretDetection => "secrets",
            Kind::DependencyScanning => "deps",
        }
    }

    /// `scan.type` in the report.
    fn scan_type(self) -> &'static str {
        match self {
            Kind::SecretDetection => "secret_detection",
            Kind::DependencyScanning => "dependency_scanning",
        }
    }

    /// The schema's file name in GitLab's `security-report-schemas` (and in
    /// `resources/gitlab-schemas/`).
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::SecretDetection => "secret-detection-report-format.json",
            Kind::DependencyScanning => "dependency-scanning-report-format.json",
        }
    }
}

/// At most `max` characters of `text`, cut at a character boundary.
fn at_most(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => text[..i].to_string(),
        None => text.to_string(),
    }
}

/// GitLab's time format: UTC `yyyy-mm-ddThh:mm:ss`, no zone suffix.
fn gitlab_time(unix: i64) -> String {
    tollgate_core::time::rfc3339(unix)
        .trim_end_matches('Z')
        .to_string()
}

/// Scan start and end from the report's timing (the end rounded up to whole seconds).
fn scan_times(report: &ScanReport) -> (String, String) {
    let start = tollgate_core::time::parse_rfc3339(&report.timing.started_at).unwrap_or(0);
    let end = start + report.timing.duration_ms.div_ceil(1000) as i64;
    (gitlab_time(start), gitlab_time(end))
}

fn is_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len()
}

/// An identifier with a non-empty value (the schema requires one); `None` otherwise.
fn identifier(kind: &str, name: String, value: &str, url: Option<String>) -> Option<Value> {
    if value.is_empty() {
        return None;
    }
    let mut id = json!({"type": kind, "name": at_most(&name, 255), "value": value});
    if let Some(u) = url.filter(|u| is_url(u)) {
        id["url"] = json!(u);
    }
    Some(id)
}

/// The identifier type GitLab knows an advisory id by.
fn advisory_type(id: &str) -> &'static str {
    if id.starts_with("CVE-") {
        "cve"
    } else if id.starts_with("GHSA-") {
        "ghsa"
    } else {
        "osv"
    }
}

/// Identifiers, primary first. For a vulnerable package the advisory is primary (GitLab
/// matches a vulnerability across pipelines by its primary identifier and location);
/// otherwise the Tollgate rule.
fn identifiers(report: &ScanReport, f: &Finding) -> Vec<Value> {
    let rule_url = report
        .rule(&f.rule_id)
        .and_then(|m| m.references.first().cloned());
    let rule = identifier(
        "tollgate_rule_id",
        format!("Tollgate rule {}", f.rule_id),
        f.rule_id.as_str(),
        rule_url,
    );
    let mut out = Vec::new();
    if let Some(p) = f.package() {
        let mut ids: Vec<&str> = p.advisory.as_deref().into_iter().collect();
        ids.extend(p.aliases.iter().map(String::as_str));
        for id in ids {
            let url = match advisory_type(id) {
                "cve" => format!("https://www.cve.org/CVERecord?id={id}"),
                "ghsa" => format!("https://github.com/advisories/{id}"),
                _ => format!("https://osv.dev/vulnerability/{id}"),
            };
            out.extend(identifier(advisory_type(id), id.to_string(), id, Some(url)));
        }
    }
    out.extend(rule);
    for c in &f.cwe {
        out.extend(identifier(
            "cwe",
            format!("CWE-{c}"),
            &c.to_string(),
            Some(format!("https://cwe.mitre.org/data/definitions/{c}.html")),
        ));
    }
    out
}

fn text_detail(name: &str, value: &str) -> Value {
    json!({"name": name, "type": "text", "value": value})
}

/// Facts GitLab shows under the vulnerability: confidence, fingerprint, controls.
fn details(f: &Finding) -> Value {
    let mut d = Map::new();
    d.insert(
        "confidence".into(),
        text_detail("Confidence", f.confidence.as_str()),
    );
    d.insert(
        "fingerprint".into(),
        text_detail("Tollgate fingerprint", &f.fingerprint),
    );
    if !f.controls.is_empty() {
        d.insert(
            "controls".into(),
            json!({
                "name": "Compliance controls",
                "type": "list",
                "items": f.controls.iter().map(|c| json!({"type": "text", "value": c})).collect::<Vec<_>>(),
            }),
        );
    }
    if let Some(s) = tollgate_core::SecretSubject::of(f) {
        if let Some(v) = &s.validation {
            d.insert(
                "validation".into(),
                text_detail("Live validation", &v.summary()),
            );
        }
        if let Some(r) = &s.revoke {
            d.insert("revoke".into(), text_detail("Revoke or rotate at", r));
        }
    }
    if let Some(why) = f.data.get("confidence_reason") {
        d.insert(
            "confidence_reason".into(),
            text_detail("Why confidence was lowered", why),
        );
    }
    Value::Object(d)
}

fn description(f: &Finding) -> String {
    let mut d = f.message.clone();
    if let Some(v) = f.data.get("cvss_vector") {
        d.push_str(&format!("\n\nCVSS: `{v}`"));
    }
    if let Some(p) = f.package() {
        if let Some(fixed) = &p.fixed_version {
            d.push_str(&format!("\n\nFixed in {} {fixed}.", p.name));
        }
    }
    d.push_str(&format!(
        "\n\nReported by Tollgate rule `{}`; `tollgate rules explain {}` documents it.",
        f.rule_id, f.rule_id
    ));
    at_most(&d, 1_048_576)
}

fn location(kind: Kind, report: &ScanReport, f: &Finding) -> Value {
    let l = &f.location;
    match kind {
        Kind::SecretDetection => {
            let mut commit = Map::new();
            match &f.git {
                Some(g) => {
                    commit.insert("sha".into(), json!(g.commit));
                    commit.insert(
                        "author".into(),
                        json!(format!("{} <{}>", g.author, g.email)),
                    );
                    commit.insert("date".into(), json!(g.date));
                }
                // A work-tree scan: the commit checked out, or GitLab's "no commit".
                None => {
                    let sha = report.target.git_commit.as_deref().unwrap_or("0000000");
                    commit.insert("sha".into(), json!(sha));
                }
            }
            let mut loc = json!({"file": l.path, "commit": commit});
            if l.start_line > 0 {
                loc["start_line"] = json!(l.start_line);
                loc["end_line"] = json!(l.end_line.max(l.start_line));
            }
            loc
        }
        Kind::DependencyScanning => {
            let (name, version, direct) = match f.package() {
                Some(p) => (p.name.as_str(), p.version.as_str(), p.direct),
                None => ("", "", None),
            };
            let mut dep = json!({"package": {"name": name}, "version": version});
            if let Some(d) = direct {
                dep["direct"] = json!(d);
            }
            json!({"file": l.path, "dependency": dep})
        }
    }
}

/// Whether a finding belongs in a report of `kind`.
fn belongs(kind: Kind, f: &Finding) -> bool {
    f.scanner() == kind.scanner()
        && f.is_active()
        && match kind {
            // The schema locates a dependency finding by its package and lockfile.
            Kind::DependencyScanning => {
                matches!(&f.subject, Some(Subject::Package(_))) && !f.location.path.is_empty()
            }
            Kind::SecretDetection => true,
        }
}

fn vulnerability(kind: Kind, report: &ScanReport, f: &Finding) -> Value {
    // Unique per place: one fingerprint can stand at several places (copies, commits).
    let line = f.location.start_line.to_string();
    let commit = f.git.as_ref().map_or("", |g| g.commit.as_str());
    let seed = tollgate_core::fingerprint::digest_parts(&[
        b"gitlab",
        f.fingerprint.as_bytes(),
        f.location.path.as_bytes(),
        line.as_bytes(),
        commit.as_bytes(),
    ]);
    let id = crate::guid(seed.as_bytes());
    let mut v = json!({
        "id": id,
        "name": at_most(&f.title, 255),
        "description": description(f),
        "severity": f.severity.title(),
        "identifiers": identifiers(report, f),
        "location": location(kind, report, f),
        "details": details(f),
    });
    if let Some(fix) = &f.fix {
        v["solution"] = json!(at_most(fix, 7000));
    }
    let links: Vec<Value> = report
        .rule(&f.rule_id)
        .map(|m| {
            m.references
                .iter()
                .filter(|u| is_url(u))
                .map(|u| json!({"url": u}))
                .collect()
        })
        .unwrap_or_default();
    if !links.is_empty() {
        v["links"] = json!(links);
    }
    if kind == Kind::SecretDetection {
        if let Some(s) = &f.location.snippet {
            v["raw_source_code_extract"] = json!(s);
        }
    }
    v
}

/// Messages for the one who started the scan: what was not checked, what was left out.
const MAX_MESSAGES: usize = 50;

fn messages(kind: Kind, report: &ScanReport, left_out: usize) -> (bool, Vec<Value>) {
    let name = kind.scanner();
    let mut out: Vec<Value> = Vec::new();
    let coverage = report.coverage.get(name);
    let ran = coverage.is_some_and(|c| c.ran) && report.scanners.iter().any(|s| s == name);
    if !ran {
        out.push(json!({"level": "fatal", "value": format!(
            "the Tollgate {name} scanner did not run in this scan: nothing was checked (see the JSON report's coverage)"
        )}));
    }
    if let Some(c) = coverage {
        for u in c.unchecked.iter().take(MAX_MESSAGES) {
            out.push(json!({"level": "warn", "value": format!("not checked: {} ({})", u.path, u.reason)}));
        }
        if c.unchecked.len() > MAX_MESSAGES {
            out.push(json!({"level": "warn", "value": format!(
                "{} more files not checked (see the JSON report's coverage)",
                c.unchecked.len() - MAX_MESSAGES
            )}));
        }
    }
    if left_out > 0 {
        out.push(json!({"level": "info", "value": format!(
            "{left_out} suppressed finding(s) (exceptions, allowlists, inline ignores, VEX) are not listed; the JSON report has them"
        )}));
    }
    (ran, out)
}

/// The report as GitLab's security report of `kind`.
pub fn write(kind: Kind, report: &ScanReport) -> String {
    let vulnerabilities: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| belongs(kind, f))
        .map(|f| vulnerability(kind, report, f))
        .collect();
    let left_out = report
        .findings
        .iter()
        .filter(|f| f.scanner() == kind.scanner() && !f.is_active())
        .count();
    let (ran, messages) = messages(kind, report, left_out);
    let (start, end) = scan_times(report);
    let tool = |id: String, name: String| {
        json!({
            "id": id,
            "name": name,
            "version": report.tool.version,
            "vendor": {"name": "Tollgate"},
        })
    };
    let mut scan = json!({
        "analyzer": tool("tollgate".into(), "Tollgate".into()),
        "scanner": tool(format!("tollgate-{}", kind.scanner()), format!("Tollgate {}", kind.scanner())),
        "type": kind.scan_type(),
        "start_time": start,
        "end_time": end,
        "status": if ran { "success" } else { "failure" },
    });
    if !messages.is_empty() {
        scan["messages"] = json!(messages);
    }
    let doc = json!({
        "version": SCHEMA_VERSION,
        "schema": format!(
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/{}",
            kind.schema_file()
        ),
        "scan": scan,
        "vulnerabilities": vulnerabilities,
    });
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_cuts() {
        assert_eq!(gitlab_time(1_795_219_200), "2026-11-21T00:00:00");
        assert_eq!(at_most("äöü", 2), "äö");
        assert_eq!(at_most("ab", 5), "ab");
        assert_eq!(advisory_type("GHSA-xxxx"), "ghsa");
        assert_eq!(advisory_type("RUSTSEC-2023-0034"), "osv");
    }
}
