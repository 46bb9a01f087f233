//! Terminal output: findings grouped by file, a summary by severity and scanner, and the
//! gate decision. Secrets appear only redacted (findings never hold the raw value), and
//! every text that came from the scanned tree (paths, snippets, messages) has its control
//! characters escaped, so a crafted file name cannot forge a line of the log.

use std::fmt::Write;
use tollgate_core::gate::Status;
use tollgate_core::report::IssueKind;
use tollgate_core::walk::human_size;
use tollgate_core::{Finding, ScanReport, Severity};

struct Paint(bool);

impl Paint {
    fn sev(&self, s: Severity) -> String {
        let label = format!("{:<8}", s.as_str().to_uppercase());
        if !self.0 {
            return label;
        }
        let code = match s {
            Severity::Critical => "1;97;41",
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        format!("\x1b[{code}m{label}\x1b[0m")
    }
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Text from the scanned tree, safe to print: control characters (newlines, escape
/// sequences, carriage returns) are written as visible escapes.
pub fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The terminal report; `color` adds ANSI colours, `quiet` prints only the decision.
pub fn render(report: &ScanReport, color: bool, quiet: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    if !quiet {
        let mut current: Option<&str> = None;
        for f in report.findings.iter().filter(|f| f.is_active()) {
            let key = f.location.path.as_str();
            if current != Some(key) {
                if current.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", p.wrap("1;4", &clean(&f.location.path)));
                current = Some(key);
            }
            finding_line(&mut out, &p, f);
        }
        if current.is_some() {
            out.push('\n');
        }
        let errors: Vec<_> = report.errors().collect();
        if !errors.is_empty() {
            let _ = writeln!(out, "{}", p.wrap("1;31", "Could not check:"));
            for i in &errors {
                let _ = writeln!(out, "  {}: {}", clean(&i.path), clean(&i.message));
            }
            out.push('\n');
        }
        summary(&mut out, &p, report);
    }
    if let Some(d) = &report.decision {
        let (word, code) = match d.status {
            Status::Pass => ("PASSED", "1;32"),
            Status::Warn => ("PASSED WITH WARNINGS", "1;33"),
            Status::Fail => ("FAILED", "1;31"),
        };
        let tier = if d.tier.is_empty() || d.tier == "default" {
            String::new()
        } else {
            format!(" [tier {}]", d.tier)
        };
        let _ = writeln!(
            out,
            "Gate {}{tier}: {}",
            p.wrap(code, word),
            clean(&d.reasons.join("; "))
        );
        for w in &d.warnings {
            let _ = writeln!(out, "  {} {}", p.wrap("33", "warning:"), clean(w));
        }
    }
    out
}

fn finding_line(out: &mut String, p: &Paint, f: &Finding) {
    // A URL location has no line: its method stands there instead.
    let loc = match &f.location.http {
        Some(h) => h.method.clone(),
        None => format!("{}:{}", f.location.start_line, f.location.start_column),
    };
    let _ = writeln!(
        out,
        "  {:>8}  {} {}  {}",
        loc,
        p.sev(f.severity),
        p.wrap("36", f.rule_id.as_str()),
        clean(&f.message)
    );
    let pad = "";
    if let Some(s) = &f.location.snippet {
        let _ = writeln!(out, "  {pad:>8}  {} {}", p.wrap("2", "│"), clean(s.trim()));
    }
    // A data-flow finding: where the data came from and how it got to the sink.
    for (i, step) in f.flow.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {pad:>8}  {} {:>5}  {}",
            p.wrap("35", if i == 0 { "flow:" } else { "   →" }),
            // A step in another file (a call into it) names that file.
            if step.location.path == f.location.path {
                format!(
                    "{}:{}",
                    step.location.start_line, step.location.start_column
                )
            } else {
                format!(
                    "{}:{}:{}",
                    step.location.path, step.location.start_line, step.location.start_column
                )
            },
            clean(&step.message)
        );
    }
    if let Some(g) = &f.git {
        let removed = g.still_present() == Some(false);
        let _ = writeln!(
            out,
            "  {pad:>8}  {} {}",
            p.wrap("35", "git:"),
            p.wrap(if removed { "2" } else { "1" }, &clean(&g.summary()))
        );
    }
    if let Some(s) = tollgate_core::SecretSubject::of(f) {
        if let Some(v) = &s.validation {
            let code = match v.state {
                tollgate_core::ValidationState::Live => "1;31",
                tollgate_core::ValidationState::Invalid => "2",
                tollgate_core::ValidationState::Unknown => "33",
            };
            let _ = writeln!(out, "  {pad:>8}  {}", p.wrap(code, &clean(&v.summary())));
        }
        if let Some(r) = &s.revoke {
            let _ = writeln!(out, "  {pad:>8}  {} {}", p.wrap("32", "revoke:"), clean(r));
        }
    }
    let confidence = match &f.data.get("confidence_reason") {
        Some(why) => format!("confidence {} ({})", f.confidence, why),
        None => format!("confidence {}", f.confidence),
    };
    let _ = writeln!(
        out,
        "  {pad:>8}  {}",
        p.wrap(
            "2",
            &format!("{confidence} · more: tollgate rules explain {}", f.rule_id)
        )
    );
    if let Some(fix) = &f.fix {
        let _ = writeln!(
            out,
            "  {pad:>8}  {} {}",
            p.wrap("32", "fix:"),
            clean(&short(fix, 200))
        );
    }
}

/// At most `n` characters, ending with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn summary(out: &mut String, p: &Paint, r: &ScanReport) {
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                r.summary.by_severity.get(s).copied().unwrap_or(0),
                s
            )
        })
        .collect();
    let scanned = match r.stats.blobs_scanned {
        Some(b) => format!(
            "{b} blobs in {} commits",
            r.stats.commits_scanned.unwrap_or(0)
        ),
        None => format!("{} files", r.stats.files_scanned),
    };
    if r.target.mode == "dast" {
        // A dynamic test calls operations; it reads no files.
        let _ = writeln!(
            out,
            "{} {} operations of {} in {:.2} s",
            p.wrap("1", "Tested"),
            r.coverage.get("dast").map_or(0, |c| c.files),
            clean(&r.target.path),
            r.timing.duration_ms as f64 / 1000.0
        );
    } else {
        let _ = writeln!(
            out,
            "{} {} ({}) in {:.2} s",
            p.wrap("1", "Scanned"),
            scanned,
            human_size(r.stats.bytes_scanned),
            r.timing.duration_ms as f64 / 1000.0
        );
    }
    let _ = writeln!(out, "Findings: {}", counts.join(", "));
    let by_scanner: Vec<String> = r
        .summary
        .by_scanner
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if !by_scanner.is_empty() {
        let _ = writeln!(out, "By scanner: {}", by_scanner.join(", "));
    }
    let skipped = r
        .file_issues
        .iter()
        .filter(|i| i.kind == IssueKind::Skipped)
        .count();
    let warnings = r
        .file_issues
        .iter()
        .filter(|i| i.kind == IssueKind::Warning)
        .count();
    let _ = writeln!(
        out,
        "Suppressed: {} · could not check: {} · skipped: {} · warnings: {}",
        r.summary.suppressed, r.stats.file_errors, skipped, warnings
    );
}
