//! Evidence as Markdown, for wikis and pull requests.

use crate::evidence::{Evidence, Status};
use std::fmt::Write;

pub fn render(e: &Evidence) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {} — compliance evidence\n", e.framework_title);
    let readiness = e
        .readiness
        .map_or("n/a (nothing assessed)".to_string(), |r| {
            format!("{r:.1} %")
        });
    let _ = writeln!(
        md,
        "Readiness **{readiness}** · {} satisfied · {} not satisfied · {} not assessed · coverage {:.1} % · generated {}\n",
        e.satisfied, e.not_satisfied, e.not_assessed, e.coverage, e.generated_at
    );
    let _ = writeln!(md, "## Scans\n\n| # | target | commit | scanned at | decision | report SHA-256 |\n|---|---|---|---|---|---|");
    for (i, s) in e.sources.iter().enumerate() {
        let _ = writeln!(
            md,
            "| {i} | `{}` | {} | {} | {} | `{}` |",
            s.target,
            s.git_commit
                .as_deref()
                .map(|c| format!("`{}`", &c[..c.len().min(12)]))
                .unwrap_or_else(|| "–".into()),
            s.scanned_at,
            s.decision.as_deref().unwrap_or("–"),
            &s.report_digest[..16.min(s.report_digest.len())]
        );
    }
    let _ = writeln!(md, "\n## Controls\n\n| control | title | status | checks | findings | accepted |\n|---|---|---|---:|---:|---:|");
    for c in &e.controls {
        let mark = match c.status {
            Status::Satisfied => "✅ satisfied",
            Status::NotSatisfied => "❌ not satisfied",
            Status::NotAssessed => "➖ not assessed",
        };
        let _ = writeln!(
            md,
            "| {} | {} | {mark} | {} | {} | {} |",
            c.id,
            c.title,
            c.checks.len(),
            c.findings.len(),
            c.accepted.len()
        );
    }
    for c in e
        .controls
        .iter()
        .filter(|c| !c.findings.is_empty() || !c.accepted.is_empty() || !c.gaps.is_empty())
    {
        let _ = writeln!(md, "\n### {} {}\n\n{}\n", c.id, c.title, c.meaning);
        for g in &c.gaps {
            let _ = writeln!(
                md,
                "- ➖ not assessed: `{}` in scan {}: {}{}",
                g.scanner,
                g.report,
                g.reason,
                if g.unchecked > 0 {
                    format!(" ({} files)", g.unchecked)
                } else {
                    String::new()
                }
            );
            for f in &g.files {
                let _ = writeln!(md, "  - `{f}`");
            }
        }
        for f in &c.findings {
            let what = if f.advisories.is_empty() {
                f.title.clone()
            } else {
                f.advisories.join(", ")
            };
            let _ = writeln!(
                md,
                "- ❌ {} `{}` at `{}:{}` ({what})",
                f.severity, f.rule_id, f.path, f.line
            );
        }
        for f in &c.accepted {
            let a = f
                .accepted
                .as_ref()
                .expect("accepted findings carry their suppression");
            let who = a
                .approved_by
                .as_deref()
                .map(|w| format!(", approved by {w}"))
                .unwrap_or_default();
            let until = a
                .expires
                .as_deref()
                .map(|x| format!(" until {x}"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- ☑️ accepted `{}` at `{}:{}`: {}{who}{until}",
                f.rule_id, f.path, f.line, a.reason
            );
        }
    }
    let _ = writeln!(md, "\n*Status: satisfied = a covering check ran with no active finding; not satisfied = an active finding maps to the control; not assessed = no covering check ran, or a scanner bearing on the control did not check every file it should have. Readiness = satisfied ÷ assessed.*");
    md
}
