//! Evidence as one self-contained HTML file (inline CSS, no scripts, no external requests)
//! that an auditor can open offline.

use crate::evidence::{Cited, Evidence, Status};
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = r#"
:root{--ok:#1a7f37;--bad:#c62828;--na:#6b7280;--ink:#1f2933;--muted:#5f6b7a;--line:#e3e7ed;--bg:#f7f9fb}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 10px}.sub{color:var(--muted);margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.card .n{font-size:26px;font-weight:650}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.score .n{color:var(--ink)}.ok{color:var(--ok)}.bad{color:var(--bad)}.na{color:var(--na)}
.bar{height:8px;border-radius:4px;background:#e5e7eb;overflow:hidden;margin-top:8px;display:flex}
.bar span{display:block;height:100%}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f0f3f7;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
tr:last-child td{border-bottom:0}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f0f3f7;padding:1px 4px;border-radius:3px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.b-ok{background:#dcfce7;color:var(--ok)}.b-acc{background:#e0ecff;color:#1d4ed8}.b-bad{background:#fde2e2;color:var(--bad)}.b-na{background:#eceff3;color:var(--na)}
.meaning{color:var(--muted);font-size:13px}ul.f{margin:6px 0 0;padding-left:18px}ul.f li{margin:2px 0}
footer{color:var(--muted);font-size:12px;margin-top:28px}
@media print{body{background:#fff}main{padding:0}.card,table{break-inside:avoid}}
"#;

fn badge(s: Status) -> &'static str {
    match s {
        Status::Satisfied => "<span class=\"badge b-ok\">satisfied</span>",
        Status::NotSatisfied => "<span class=\"badge b-bad\">not satisfied</span>",
        Status::NotAssessed => "<span class=\"badge b-na\">not assessed</span>",
    }
}

fn cited(out: &mut String, f: &Cited, accepted: bool) {
    let _ = write!(
        out,
        "<li>{} <code>{}</code> at <code>{}:{}</code>",
        esc(&f.severity),
        esc(&f.rule_id),
        esc(&f.path),
        f.line
    );
    if !f.advisories.is_empty() {
        let _ = write!(out, " ({})", esc(&f.advisories.join(", ")));
    }
    if accepted {
        if let Some(a) = &f.accepted {
            let _ = write!(out, " — {}", esc(&a.reason));
            if let Some(w) = &a.approved_by {
                let _ = write!(out, ", approved by {}", esc(w));
            }
            if let Some(t) = &a.ticket {
                let _ = write!(out, ", {}", esc(t));
            }
            if let Some(x) = &a.expires {
                let _ = write!(out, ", until {}", esc(x));
            }
        }
    }
    out.push_str("</li>");
}

pub fn render(e: &Evidence) -> String {
    let mut h = String::new();
    // The bar shows the same ratio as the readiness number: of the assessed controls.
    let assessed = (e.satisfied + e.not_satisfied).max(1) as f64;
    let readiness = e
        .readiness
        .map_or("n/a".to_string(), |r| format!("{r:.1}%"));
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{} evidence — Tollgate</title><style>{STYLE}</style></head><body><main>",
        esc(&e.framework_title)
    );
    let _ = write!(
        h,
        "<h1>{} — compliance evidence</h1><p class=\"sub\">{} · generated {} by Tollgate from {} scan{}</p>",
        esc(&e.framework_title),
        esc(&e.publisher),
        esc(&e.generated_at),
        e.sources.len(),
        if e.sources.len() == 1 { "" } else { "s" }
    );
    let _ = write!(
        h,
        "<div class=\"cards\"><div class=\"card score\"><div class=\"l\">Readiness</div><div class=\"n\">{readiness}</div><div class=\"bar\"><span style=\"width:{:.1}%;background:var(--ok)\"></span><span style=\"width:{:.1}%;background:var(--bad)\"></span></div></div>\
<div class=\"card\"><div class=\"l\">Satisfied</div><div class=\"n ok\">{}</div></div>\
<div class=\"card\"><div class=\"l\">Not satisfied</div><div class=\"n bad\">{}</div></div>\
<div class=\"card\"><div class=\"l\">Not assessed</div><div class=\"n na\">{}</div></div>\
<div class=\"card\"><div class=\"l\">Coverage</div><div class=\"n\">{:.0}%</div><div class=\"l\">{} of {} controls</div></div></div>",
        100.0 * e.satisfied as f64 / assessed,
        100.0 * e.not_satisfied as f64 / assessed,
        e.satisfied,
        e.not_satisfied,
        e.not_assessed,
        e.coverage,
        e.satisfied + e.not_satisfied,
        e.controls.len()
    );
    h.push_str("<h2>Scans</h2><table><tr><th>#</th><th>Target</th><th>Commit</th><th>Scanned at</th><th>Decision</th><th>Report SHA-256</th></tr>");
    for (i, s) in e.sources.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{i}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&s.target),
            s.git_commit.as_deref().map(|c| format!("<code>{}</code>{}", esc(&c.chars().take(12).collect::<String>()), s.git_branch.as_deref().map(|b| format!(" on {}", esc(b))).unwrap_or_default())).unwrap_or_else(|| "–".into()),
            esc(&s.scanned_at),
            esc(s.decision.as_deref().unwrap_or("–")),
            esc(&s.report_digest.chars().take(16).collect::<String>())
        );
    }
    h.push_str("</table><h2>Controls</h2><table><tr><th>Control</th><th>Requirement</th><th>Status</th><th>Evidence</th></tr>");
    for c in &e.controls {
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td>{}<div class=\"meaning\">{}</div></td><td>{}</td><td>",
            esc(&c.id),
            esc(&c.title),
            esc(&c.meaning),
            badge(c.status)
        );
        if c.checks.is_empty() {
            h.push_str("<span class=\"na\">no check covers this control yet</span>");
        } else {
            let _ = write!(
                h,
                "{} check{} ran",
                c.checks.len(),
                if c.checks.len() == 1 { "" } else { "s" }
            );
        }
        for g in &c.gaps {
            let _ = write!(
                h,
                "<div class=\"na\">not assessed: {} in scan {}: {}{}</div>",
                esc(&g.scanner),
                g.report,
                esc(&g.reason),
                if g.unchecked > 0 {
                    format!(
                        " ({} file{})",
                        g.unchecked,
                        if g.unchecked == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            );
            if !g.files.is_empty() {
                h.push_str("<ul class=\"f\">");
                for f in &g.files {
                    let _ = write!(h, "<li><code>{}</code></li>", esc(f));
                }
                h.push_str("</ul>");
            }
        }
        if !c.findings.is_empty() || !c.accepted.is_empty() {
            h.push_str("<ul class=\"f\">");
            for f in c.findings.iter().take(20) {
                cited(&mut h, f, false);
            }
            if c.findings.len() > 20 {
                let _ = write!(h, "<li>…and {} more findings</li>", c.findings.len() - 20);
            }
            for f in c.accepted.iter().take(20) {
                cited(&mut h, f, true);
            }
            h.push_str("</ul>");
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table><footer>Satisfied: at least one covering check ran and no active finding maps to the control. Not satisfied: an active finding maps to it. Not assessed: no covering check ran, or a scanner that bears on the control did not check every file it should have (listed). Readiness = satisfied ÷ assessed. Accepted risks are listed but do not fail a control. Report digests are SHA-256 of each report's canonical JSON and can be checked against the Tollgate evidence ledger.</footer></main></body></html>\n");
    h
}
