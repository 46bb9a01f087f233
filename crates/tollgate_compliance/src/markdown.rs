//! Evidence as Markdown, for wikis and pull requests. Everything that came from a report
//! (paths, targets, titles, reasons) is escaped, so a crafted file name can neither break
//! out of a code span or a table cell nor inject HTML.

use crate::evidence::{Evidence, Status};
use std::fmt::Write;

/// `s` as an inline code span: the fence is longer than any run of backticks inside it.
/// In a table cell (`cell`), `|` is escaped as GitHub-flavoured Markdown requires.
fn code(s: &str, cell: bool) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    let body = if cell { s.replace('|', "\\|") } else { s };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Plain text with every character Markdown (or HTML in it) gives meaning escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters of `s` (never cutting inside a character).
fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn render(e: &Evidence) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {} — compliance evidence\n", text(&e.framework_title));
    let readiness = e
        .readiness
        .map_or("n/a (nothing assessed)".to_string(), |r| {
            format!("{r:.1} %")
        });
    let _ = writeln!(
        md,
        "Readiness **{readiness}** · {} satisfied · {} not satisfied · {} not assessed · coverage {:.1} % · generated {}\n",
        e.satisfied, e.not_satisfied, e.not_assessed, e.coverage, text(&e.generated_at)
    );
    let _ = writeln!(md, "## Scans\n\n| # | target | commit | scanned at | decision | report SHA-256 |\n|---|---|---|---|---|---|");
    for (i, s) in e.sources.iter().enumerate() {
        let _ = writeln!(
            md,
            "| {i} | {} | {} | {} | {} | {} |",
            code(&s.target, true),
            s.git_commit
                .as_deref()
                .map(|c| code(&prefix(c, 12), true))
                .unwrap_or_else(|| "–".into()),
            text(&s.scanned_at),
            text(s.decision.as_deref().unwrap_or("–")),
            code(&prefix(&s.report_digest, 16), true)
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
            text(&c.id),
            text(&c.title),
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
        let _ = writeln!(
            md,
            "\n### {} {}\n\n{}\n",
            text(&c.id),
            text(&c.title),
            text(&c.meaning)
        );
        for g in &c.gaps {
            let _ = writeln!(
                md,
                "- ➖ not assessed: {} in scan {}: {}{}",
                code(&g.scanner, false),
                g.report,
                text(&g.reason),
                if g.unchecked > 0 {
                    format!(" ({})", plural(g.unchecked, "file"))
                } else {
                    String::new()
                }
            );
            for f in &g.files {
                let _ = writeln!(md, "  - {}", code(f, false));
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
                "- ❌ {} {} at {} ({})",
                text(&f.severity),
                code(&f.rule_id, false),
                code(&format!("{}:{}", f.path, f.line), false),
                text(&what)
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
                .map(|w| format!(", approved by {}", text(w)))
                .unwrap_or_default();
            let until = a
                .expires
                .as_deref()
                .map(|x| format!(" until {}", text(x)))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- ☑️ accepted {} at {}: {}{who}{until}",
                code(&f.rule_id, false),
                code(&format!("{}:{}", f.path, f.line), false),
                text(&a.reason)
            );
        }
    }
    let _ = writeln!(md, "\n*Status: satisfied = a covering check ran with no active finding; not satisfied = an active finding maps to the control; not assessed = no covering check ran, or a scanner bearing on the control did not check every file it should have. Readiness = satisfied ÷ assessed.*");
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_text_cannot_be_broken_out_of() {
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("`x", false), "`` `x ``");
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(text("<img> | *x*"), "\\<img\\> \\| \\*x\\*");
        assert_eq!(prefix("0123456789aé-more", 12), "0123456789aé");
    }
}
