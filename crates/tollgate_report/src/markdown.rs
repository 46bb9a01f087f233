//! A Markdown summary sized for a pull-request comment.

use tollgate_core::gate::Status;
use tollgate_core::{ScanReport, Severity};

/// Findings listed in the table; the rest are counted.
const MAX_ROWS: usize = 50;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ").replace('`', "'")
}

pub fn write(report: &ScanReport) -> String {
    let mut md = String::new();
    let (icon, word) = match report.decision.as_ref().map(|d| d.status) {
        Some(Status::Fail) => ("❌", "failed"),
        Some(Status::Pass) => ("✅", "passed"),
        Some(Status::Warn) => ("⚠️", "passed with warnings"),
        None => ("ℹ️", "finished"),
    };
    md.push_str(&format!("## {icon} Tollgate {word}\n\n"));
    if let Some(d) = &report.decision {
        for r in &d.reasons {
            md.push_str(&format!("- {r}\n"));
        }
        for w in &d.warnings {
            md.push_str(&format!("- ⚠️ {w}\n"));
        }
        md.push('\n');
    }
    md.push_str("| Severity | Active findings |\n|---|---:|\n");
    for s in Severity::ALL {
        let n = report.summary.by_severity.get(&s).copied().unwrap_or(0);
        md.push_str(&format!("| {s} | {n} |\n"));
    }
    md.push_str(&format!(
        "\n{} active, {} suppressed · {} files scanned · {} could not be checked\n\n",
        report.summary.total,
        report.summary.suppressed,
        report.stats.files_scanned,
        report.stats.file_errors
    ));
    let mut active: Vec<_> = report.findings.iter().filter(|f| f.is_active()).collect();
    active.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.sort_key().cmp(&b.sort_key()))
    });
    if !active.is_empty() {
        md.push_str("| Severity | Rule | Location | Detail |\n|---|---|---|---|\n");
        for f in active.iter().take(MAX_ROWS) {
            md.push_str(&format!(
                "| {} | `{}` | `{}:{}` | {} |\n",
                f.severity,
                f.rule_id,
                cell(&f.location.path),
                f.location.start_line,
                cell(&{
                    let mut d = match &f.git {
                        Some(g) => format!("{} — {}", f.message, g.summary()),
                        None => f.message.clone(),
                    };
                    for n in tollgate_core::SecretSubject::of(f)
                        .map(|s| s.notes())
                        .unwrap_or_default()
                    {
                        d.push_str(" — ");
                        d.push_str(&n);
                    }
                    d
                })
            ));
        }
        if active.len() > MAX_ROWS {
            md.push_str(&format!(
                "\n…and {} more; see the full report.\n",
                active.len() - MAX_ROWS
            ));
        }
        md.push('\n');
    }
    let errors: Vec<_> = report.errors().collect();
    if !errors.is_empty() {
        md.push_str("<details><summary>Files that could not be checked</summary>\n\n");
        for i in errors.iter().take(MAX_ROWS) {
            md.push_str(&format!("- `{}`: {}\n", cell(&i.path), cell(&i.message)));
        }
        md.push_str("\n</details>\n");
    }
    md
}
