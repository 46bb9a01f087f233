//! The pages, rendered from data the handlers loaded: pure functions of their inputs, so
//! the same data gives the same bytes. Every piece of stored text goes through
//! [`esc`] on its way out.

use super::charts::{self, SEVERITIES};
use super::html::{day, esc, page, query_string, url_encode, when, Header};
use crate::auth::Principal;
use crate::kpi::{ProductKpis, SeverityFigures};
use crate::store::{Event, FindingView, Product, ScanView};
use std::fmt::Write;

/// Findings per page of the list.
pub const PAGE_SIZE: i64 = 50;

/// The login form. `error` is shown above it; the token field is never filled in again.
/// `sso` is the label of the single sign-on button, when a provider is configured.
pub fn login(csrf: &str, error: Option<&str>, sso: Option<&str>) -> String {
    let mut b = String::from("<section class=\"login\"><h1>Sign in</h1>");
    if let Some(e) = error {
        let _ = write!(b, "<p class=\"error\" role=\"alert\">{}</p>", esc(e));
    }
    if let Some(label) = sso {
        let _ = write!(
            b,
            "<p><a class=\"button\" href=\"/ui/oidc/login\">Sign in with {}</a></p><p class=\"hint\">or with an API token:</p>",
            esc(label)
        );
    }
    let _ = write!(
        b,
        "<form method=\"post\" action=\"/ui/login\" autocomplete=\"off\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label for=\"token\">API token</label>\
         <input id=\"token\" name=\"token\" type=\"password\" required spellcheck=\"false\" placeholder=\"tgk_…\">\
         <p class=\"hint\">Paste a token an administrator created for you. Your session ends after \
         8 hours without use, when you sign out, or when the token is revoked; it sees what the token may see.</p>\
         <button type=\"submit\">Sign in</button></form></section>",
        esc(csrf)
    );
    page("Sign in", None, &b)
}

/// A failed single sign-on, with the way back to the login page.
pub fn sign_in_failed(text: &str) -> String {
    page(
        "Sign-in failed",
        None,
        &format!(
            "<h1>Sign-in failed</h1><p class=\"error\" role=\"alert\">{}</p><p><a href=\"/ui/login\">Back to sign in</a></p>",
            esc(text)
        ),
    )
}

/// Shown for a moment after a single sign-on, while the browser moves on to the portfolio.
pub fn signed_in(name: &str) -> String {
    page(
        "Signed in",
        None,
        &format!(
            "<h1>Signed in</h1><p>Signed in as {}. <a href=\"/ui/\">Continue to the portfolio</a></p>",
            esc(name)
        ),
    )
}

/// A page saying only that nothing is here: the same for a missing product or finding
/// and for one this session may not see.
pub fn not_found(header: Option<&Header>) -> String {
    page(
        "Not found",
        header,
        "<h1>Not found</h1><p>There is nothing here, or nothing you may see. <a href=\"/ui/\">Back to the portfolio</a></p>",
    )
}

/// A page with one message (a refused form, a bad filter, a server failure).
pub fn message(header: Option<&Header>, title: &str, text: &str) -> String {
    page(
        title,
        header,
        &format!(
            "<h1>{}</h1><p class=\"error\" role=\"alert\">{}</p><p><a href=\"/ui/\">Back to the portfolio</a></p>",
            esc(title),
            esc(text)
        ),
    )
}

fn sev_badge(s: &str) -> String {
    format!("<span class=\"sev sev-{0}\">{0}</span>", esc(s))
}

fn status_badge(s: &str) -> String {
    format!(
        "<span class=\"status st-{}\">{}</span>",
        esc(s),
        esc(&s.replace('_', " "))
    )
}

/// A number cell; zeros are muted so the counts that matter stand out.
fn num(v: i64, class: &str) -> String {
    let zero = if v == 0 { " zero" } else { "" };
    format!("<td class=\"n{class}{zero}\">{v}</td>")
}

fn mttr(v: Option<f64>) -> String {
    v.map(|d| format!("{d:.1} d")).unwrap_or_else(|| "–".into())
}

/// One product's row of the portfolio.
pub struct PortfolioRow {
    pub product: Product,
    pub severities: Vec<(&'static str, SeverityFigures)>,
}

impl PortfolioRow {
    fn open(&self) -> i64 {
        self.severities.iter().map(|(_, f)| f.open).sum()
    }
    fn breached(&self) -> i64 {
        self.severities.iter().map(|(_, f)| f.breached).sum()
    }
    fn due_soon(&self) -> i64 {
        self.severities.iter().map(|(_, f)| f.due_soon).sum()
    }
    fn fixed(&self) -> i64 {
        self.severities.iter().map(|(_, f)| f.fixed).sum()
    }
    /// Mean days to fix over every fixed finding of the product.
    fn mttr(&self) -> Option<f64> {
        weighted_mttr(self.severities.iter().map(|(_, f)| f))
    }
}

fn weighted_mttr<'a>(figures: impl Iterator<Item = &'a SeverityFigures>) -> Option<f64> {
    let (mut days, mut n) = (0.0, 0i64);
    for f in figures {
        if let Some(m) = f.mttr_days {
            days += m * f.fixed as f64;
            n += f.fixed;
        }
    }
    (n > 0).then(|| (days / n as f64 * 10.0).round() / 10.0)
}

/// The portfolio: one row per product the session sees, and the totals.
pub fn portfolio(header: &Header, rows: &[PortfolioRow]) -> String {
    let mut b = String::from("<h1>Portfolio</h1>");
    if rows.is_empty() {
        b.push_str("<p>No products yet. An administrator creates them with <code>tollgate server product</code> or the API.</p>");
        return page("Portfolio", Some(header), &b);
    }
    let max = rows.iter().map(PortfolioRow::open).max().unwrap_or(0);
    b.push_str(
        "<table class=\"grid\"><thead><tr><th>Product</th><th>Tier</th><th>Owner</th>\
         <th class=\"n\">Critical</th><th class=\"n\">High</th><th class=\"n\">Medium</th><th class=\"n\">Low</th><th class=\"n\">Info</th>\
         <th class=\"n\">Open</th><th class=\"n\">SLA breached</th><th class=\"n\">Due in 7 days</th><th class=\"n\">MTTR</th><th>Open by severity</th></tr></thead><tbody>",
    );
    let mut totals = vec![SeverityFigures::default(); SEVERITIES.len()];
    for r in rows {
        let _ = write!(
            b,
            "<tr><td><a href=\"/ui/products/{}\">{}</a></td><td>{}</td><td>{}</td>",
            url_encode(&r.product.name),
            esc(&r.product.name),
            esc(&r.product.risk_tier),
            esc(&r.product.owner_team)
        );
        for (i, (_, f)) in r.severities.iter().enumerate() {
            b.push_str(&num(f.open, ""));
            if let Some(t) = totals.get_mut(i) {
                t.open += f.open;
                t.breached += f.breached;
                t.due_soon += f.due_soon;
                // Sum of days over fixed findings, turned into a mean below.
                t.mttr_days = match (t.mttr_days, f.mttr_days) {
                    (a, Some(m)) => Some(a.unwrap_or(0.0) + m * f.fixed as f64),
                    (a, None) => a,
                };
                t.fixed += f.fixed;
            }
        }
        let counts: Vec<(&str, i64)> = r.severities.iter().map(|(s, f)| (*s, f.open)).collect();
        let _ = write!(
            b,
            "{}{}{}<td class=\"n\">{}</td><td>{}</td></tr>",
            num(r.open(), " strong"),
            num(r.breached(), if r.breached() > 0 { " late" } else { "" }),
            num(r.due_soon(), ""),
            mttr(r.mttr()),
            charts::severity_bar(&counts, max)
        );
    }
    let open: i64 = totals.iter().map(|t| t.open).sum();
    let breached: i64 = totals.iter().map(|t| t.breached).sum();
    let soon: i64 = totals.iter().map(|t| t.due_soon).sum();
    let fixed: i64 = rows.iter().map(PortfolioRow::fixed).sum();
    let days: f64 = totals.iter().filter_map(|t| t.mttr_days).sum();
    let _ = write!(
        b,
        "</tbody><tfoot><tr><th colspan=\"3\">All {} products</th>",
        rows.len()
    );
    for t in &totals {
        let _ = write!(b, "<th class=\"n\">{}</th>", t.open);
    }
    let _ = write!(
        b,
        "<th class=\"n\">{open}</th><th class=\"n\">{breached}</th><th class=\"n\">{soon}</th><th class=\"n\">{}</th><th></th></tr></tfoot></table>",
        mttr((fixed > 0).then(|| (days / fixed as f64 * 10.0).round() / 10.0))
    );
    b.push_str("<p class=\"hint\">Open: new, open and reopened findings on every branch. MTTR: mean days from opening to fix.</p>");
    page("Portfolio", Some(header), &b)
}

/// The findings filter as the page received it (empty: not set).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub branch: String,
    pub status: String,
    pub severity: String,
    pub scanner: String,
    pub q: String,
    pub page: i64,
}

impl Filter {
    /// The query string of the filter, without the page.
    pub fn query(&self) -> String {
        query_string(&[
            ("branch", &self.branch),
            ("status", &self.status),
            ("severity", &self.severity),
            ("scanner", &self.scanner),
            ("q", &self.q),
        ])
    }
}

/// Everything the product page shows.
pub struct ProductData {
    pub product: Product,
    pub kpis: ProductKpis,
    pub branches: Vec<(String, Option<String>)>,
    pub scans: Vec<ScanView>,
    pub findings: Vec<FindingView>,
    pub total: i64,
    /// Now, as RFC 3339, to mark SLA dates already past.
    pub now: String,
}

fn select(name: &str, label: &str, current: &str, options: &[(&str, &str)]) -> String {
    let mut s = format!("<label>{}<select name=\"{}\">", esc(label), esc(name));
    for (value, text) in options {
        let _ = write!(
            s,
            "<option value=\"{}\"{}>{}</option>",
            esc(value),
            if *value == current { " selected" } else { "" },
            esc(text)
        );
    }
    s.push_str("</select></label>");
    s
}

pub fn product(header: &Header, d: &ProductData, filter: &Filter) -> String {
    let p = &d.product;
    let k = &d.kpis;
    let name = url_encode(&p.name);
    let mut b = String::new();
    let _ = write!(
        b,
        "<p class=\"crumbs\"><a href=\"/ui/\">Portfolio</a> / {}</p><h1>{}</h1>\
         <p class=\"meta\">Risk tier <b>{}</b> · owner <b>{}</b> · scope <b>{}</b> · SLA critical {} d, high {} d, medium {} d, low {} d</p>",
        esc(&p.name),
        esc(&p.name),
        esc(&p.risk_tier),
        esc(if p.owner_team.is_empty() { "–" } else { &p.owner_team }),
        esc(&if p.regulatory_scope.is_empty() {
            "–".to_string()
        } else {
            p.regulatory_scope.join(", ")
        }),
        k.sla.critical,
        k.sla.high,
        k.sla.medium,
        k.sla.low
    );

    b.push_str("<div class=\"cols\"><section><h2>Open findings by severity</h2><table class=\"grid\"><thead><tr><th>Severity</th><th class=\"n\">Open</th><th class=\"n\">SLA</th><th class=\"n\">Breached</th><th class=\"n\">Due in 7 days</th><th class=\"n\">Fixed</th><th class=\"n\">MTTR</th></tr></thead><tbody>");
    for s in SEVERITIES {
        let f = k.severities.get(s).cloned().unwrap_or_default();
        let _ = write!(
            b,
            "<tr><td>{}</td>{}<td class=\"n\">{}</td>{}{}{}<td class=\"n\">{}</td></tr>",
            sev_badge(s),
            num(f.open, " strong"),
            f.sla_days
                .map(|d| format!("{d} d"))
                .unwrap_or_else(|| "–".into()),
            num(f.breached, if f.breached > 0 { " late" } else { "" }),
            num(f.due_soon, ""),
            num(f.fixed, ""),
            mttr(f.mttr_days)
        );
    }
    b.push_str("</tbody></table></section>");

    b.push_str("<section><h2>Compliance readiness</h2><table class=\"grid\"><thead><tr><th>Framework</th><th class=\"n\">Assessed</th><th class=\"n\">Failing</th><th class=\"n\">Ready</th><th></th></tr></thead><tbody>");
    for r in &k.compliance {
        let pct = r.readiness_percent.clamp(0.0, 100.0);
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td class=\"n strong\">{:.1} %</td>\
             <td><svg class=\"bar\" width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" aria-hidden=\"true\"><rect class=\"track\" width=\"100\" height=\"10\"/><rect class=\"ready\" width=\"{:.1}\" height=\"10\"/></svg></td></tr>",
            esc(&r.title),
            r.assessed_controls,
            if r.failing_controls > 0 { " late" } else { "" },
            r.failing_controls,
            pct,
            pct
        );
    }
    b.push_str("</tbody></table></section></div>");

    let _ = write!(
        b,
        "<div class=\"cols\"><section><h2>Open findings over time</h2>{}</section><section><h2>New and fixed per week</h2>{}</section></div>",
        charts::open_over_time(&k.open_over_time),
        charts::weekly(&k.weekly)
    );

    b.push_str("<div class=\"cols\"><section><h2>Accepted risks expiring within 14 days</h2>");
    if k.exceptions_expiring.is_empty() {
        b.push_str("<p class=\"hint\">None.</p>");
    } else {
        b.push_str("<table class=\"grid\"><thead><tr><th>Finding</th><th>Until</th><th>Approved by</th></tr></thead><tbody>");
        for e in &k.exceptions_expiring {
            let _ = write!(
                b,
                "<tr><td><a href=\"/ui/findings/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                e.finding,
                esc(&e.title),
                esc(&when(&e.until)),
                esc(&e.approver)
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("</section><section><h2>Branches</h2>");
    if d.branches.is_empty() {
        b.push_str("<p class=\"hint\">No scans yet.</p>");
    } else {
        b.push_str("<table class=\"grid\"><thead><tr><th>Branch</th><th>Latest scan</th></tr></thead><tbody>");
        for (br, latest) in &d.branches {
            let _ = write!(
                b,
                "<tr><td><a href=\"/ui/products/{name}?{}\">{}</a></td><td>{}</td></tr>",
                query_string(&[("branch", br)]),
                esc(br),
                esc(&latest.as_deref().map(when).unwrap_or_default())
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("</section></div>");

    b.push_str("<section><h2>Latest scans</h2>");
    if d.scans.is_empty() {
        b.push_str("<p class=\"hint\">No scans yet.</p>");
    } else {
        b.push_str("<table class=\"grid\"><thead><tr><th>Started</th><th>Branch</th><th>Commit</th><th>Tool</th><th>Scanners</th><th class=\"n\">Findings</th><th class=\"n\">New</th><th class=\"n\">Reopened</th><th class=\"n\">Fixed</th><th>Gate</th></tr></thead><tbody>");
        for s in &d.scans {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}{}</td></tr>",
                esc(&when(&s.started_at)),
                esc(&s.branch),
                esc(s.commit.as_deref().map(|c| c.get(..12).unwrap_or(c)).unwrap_or("–")),
                esc(&s.tool),
                esc(&s.scanners.join(", ")),
                s.findings,
                s.created,
                s.reopened,
                s.fixed,
                esc(s.gate.as_deref().unwrap_or("–")),
                if s.applied { "" } else { " <span class=\"hint\">(older than the branch's latest; recorded only)</span>" }
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("</section>");

    // The findings list and its filter, a plain GET form.
    let branches: Vec<(&str, &str)> = std::iter::once(("", "all branches"))
        .chain(d.branches.iter().map(|(n, _)| (n.as_str(), n.as_str())))
        .collect();
    let mut scanners: Vec<&str> = d
        .scans
        .iter()
        .flat_map(|s| s.scanners.iter().map(String::as_str))
        .chain(["secrets", "deps", "iac", "sast"])
        .collect();
    if !filter.scanner.is_empty() {
        scanners.push(&filter.scanner);
    }
    scanners.sort_unstable();
    scanners.dedup();
    let scanner_opts: Vec<(&str, &str)> = std::iter::once(("", "all scanners"))
        .chain(scanners.iter().map(|s| (*s, *s)))
        .collect();
    let _ = write!(
        b,
        "<section id=\"findings\"><h2>Findings</h2><form class=\"filters\" method=\"get\" action=\"/ui/products/{name}#findings\">{}{}{}{}\
         <label>Text<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"title or path\"></label>\
         <button type=\"submit\">Filter</button> <a href=\"/ui/products/{name}#findings\">Clear</a></form>",
        select("branch", "Branch", &filter.branch, &branches),
        select(
            "status",
            "Status",
            &filter.status,
            &[
                ("", "active (new, open, reopened)"),
                ("all", "all"),
                ("new", "new"),
                ("open", "open"),
                ("reopened", "reopened"),
                ("fixed", "fixed"),
                ("accepted", "accepted"),
                ("false_positive", "false positive"),
            ]
        ),
        select(
            "severity",
            "Severity",
            &filter.severity,
            &[
                ("", "all"),
                ("critical", "critical"),
                ("high", "high"),
                ("medium", "medium"),
                ("low", "low"),
                ("info", "info"),
            ]
        ),
        select("scanner", "Scanner", &filter.scanner, &scanner_opts),
        esc(&filter.q)
    );
    let query = filter.query();
    let first = (filter.page - 1) * PAGE_SIZE;
    let _ = write!(
        b,
        "<p class=\"count\">{} finding{}{} · <a href=\"/ui/products/{name}/findings.csv{}{}\">Export CSV</a></p>",
        d.total,
        if d.total == 1 { "" } else { "s" },
        if !d.findings.is_empty() {
            format!(
                ", showing {}–{}",
                first + 1,
                first + d.findings.len() as i64
            )
        } else {
            String::new()
        },
        if query.is_empty() { "" } else { "?" },
        esc(&query)
    );
    if !d.findings.is_empty() {
        b.push_str("<table class=\"grid findings\"><thead><tr><th>Severity</th><th>Finding</th><th>Location</th><th>Branch</th><th>Status</th><th>SLA due</th><th>Last seen</th></tr></thead><tbody>");
        for f in &d.findings {
            let late = f
                .sla_due
                .as_deref()
                .map(|due| due < d.now.as_str())
                .unwrap_or(false);
            let _ = write!(
                b,
                "<tr><td>{}</td><td><a href=\"/ui/findings/{}\">{}</a><div class=\"rule\">{}</div></td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                sev_badge(&f.severity),
                f.id,
                esc(&f.title),
                esc(&f.rule_id),
                esc(&location(f)),
                esc(&f.branch),
                status_badge(&f.status),
                if late { "late" } else { "" },
                esc(f.sla_due.as_deref().map(day).unwrap_or("–")),
                esc(day(&f.last_seen))
            );
        }
        b.push_str("</tbody></table>");
    }
    let pages = (d.total + PAGE_SIZE - 1) / PAGE_SIZE;
    if pages > 1 {
        let sep = if query.is_empty() { "" } else { "&" };
        b.push_str("<nav class=\"pages\">");
        if filter.page > 1 {
            let _ = write!(
                b,
                "<a href=\"/ui/products/{name}?{}{sep}page={}#findings\">← Previous</a>",
                esc(&query),
                filter.page - 1
            );
        }
        let _ = write!(b, "<span>Page {} of {pages}</span>", filter.page);
        if filter.page < pages {
            let _ = write!(
                b,
                "<a href=\"/ui/products/{name}?{}{sep}page={}#findings\">Next →</a>",
                esc(&query),
                filter.page + 1
            );
        }
        b.push_str("</nav>");
    }
    b.push_str("</section>");
    page(&p.name, Some(header), &b)
}

fn location(f: &FindingView) -> String {
    match f.line {
        Some(l) => format!("{}:{l}", f.path),
        None => f.path.clone(),
    }
}

/// Everything the finding page shows.
pub struct FindingData {
    pub finding: FindingView,
    /// The stored detail (JSON, redacted on import).
    pub detail: String,
    pub events: Vec<Event>,
    /// Today and the latest acceptance expiry, as `YYYY-MM-DD`, for the date field.
    pub today: String,
    pub latest_expiry: String,
}

pub fn finding(header: &Header, who: &Principal, d: &FindingData, error: Option<&str>) -> String {
    let f = &d.finding;
    let mut b = String::new();
    let _ = write!(
        b,
        "<p class=\"crumbs\"><a href=\"/ui/\">Portfolio</a> / <a href=\"/ui/products/{}\">{}</a> / finding {}</p>\
         <h1>{} {}</h1>",
        url_encode(&f.product),
        esc(&f.product),
        f.id,
        sev_badge(&f.severity),
        esc(&f.title)
    );
    if let Some(e) = error {
        let _ = write!(b, "<p class=\"error\" role=\"alert\">{}</p>", esc(e));
    }
    let cwe = if f.cwe.is_empty() {
        "–".to_string()
    } else {
        f.cwe
            .iter()
            .map(|c| format!("CWE-{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<(&str, String)> = vec![
        ("Status", status_badge(&f.status)),
        ("Rule", format!("<code>{}</code>", esc(&f.rule_id))),
        ("Scanner", esc(&f.scanner)),
        ("Location", format!("<code>{}</code>", esc(&location(f)))),
        ("Branch", esc(&f.branch)),
        ("Message", esc(&f.message)),
        ("CWE", esc(&cwe)),
        (
            "Controls",
            if f.controls.is_empty() {
                "–".into()
            } else {
                f.controls
                    .iter()
                    .map(|c| format!("<code class=\"chip\">{}</code>", esc(c)))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        ),
        (
            "SLA due",
            esc(f.sla_due.as_deref().map(when).as_deref().unwrap_or("–")),
        ),
        ("First seen", esc(&when(&f.first_seen))),
        ("Last seen", esc(&when(&f.last_seen))),
        ("Opened", esc(&when(&f.opened_at))),
        (
            "Fixed",
            esc(f.fixed_at.as_deref().map(when).as_deref().unwrap_or("–")),
        ),
        (
            "Fingerprint",
            format!("<code>{}</code>", esc(&f.fingerprint)),
        ),
    ];
    b.push_str("<div class=\"cols\"><section><dl class=\"facts\">");
    for (k, v) in rows {
        let _ = write!(b, "<dt>{k}</dt><dd>{v}</dd>");
    }
    if let Some(r) = &f.triage_reason {
        let _ = write!(
            b,
            "<dt>Triage</dt><dd>{}{}{}</dd>",
            esc(r),
            f.triage_by
                .as_deref()
                .map(|by| format!(" — {}", esc(by)))
                .unwrap_or_default(),
            f.accepted_until
                .as_deref()
                .map(|u| format!(" (until {})", esc(&when(u))))
                .unwrap_or_default()
        );
    }
    b.push_str("</dl></section><section><h2>History</h2><table class=\"grid\"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Detail</th></tr></thead><tbody>");
    for e in &d.events {
        let _ = write!(
            b,
            "<tr><td class=\"when\">{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            esc(&when(&e.at)),
            esc(&e.kind.replace('_', " ")),
            esc(&e.actor),
            e.scan_id.map(|s| format!("scan {s} ")).unwrap_or_default(),
            esc(&e.detail)
        );
    }
    b.push_str("</tbody></table>");
    if who.role.may_triage() {
        b.push_str(&triage_forms(header.csrf, d));
    }
    b.push_str("</section></div>");
    let evidence = match serde_json::from_str::<serde_json::Value>(&d.detail) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| d.detail.clone()),
        Err(_) => d.detail.clone(),
    };
    let _ = write!(
        b,
        "<section><h2>Evidence</h2><p class=\"hint\">As stored on import; secrets were redacted then.</p><pre class=\"evidence\">{}</pre></section>",
        esc(&evidence)
    );
    page(&f.title, Some(header), &b)
}

fn triage_forms(csrf: &str, d: &FindingData) -> String {
    let f = &d.finding;
    let action = format!("/ui/findings/{}/triage", f.id);
    let hidden = format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(csrf)
    );
    let reason = "<label>Reason<textarea name=\"reason\" required maxlength=\"2000\" rows=\"2\"></textarea></label>";
    let mut b = String::from("<h2>Triage</h2><div class=\"triage\">");
    if f.status != "fixed" {
        let _ = write!(
            b,
            "<form method=\"post\" action=\"{action}\">{hidden}<input type=\"hidden\" name=\"action\" value=\"accept\">\
             <h3>Accept the risk</h3>{reason}<label>Until<input type=\"date\" name=\"expires\" required min=\"{}\" max=\"{}\"></label>\
             <button type=\"submit\">Accept</button></form>",
            esc(&d.today),
            esc(&d.latest_expiry)
        );
    }
    if f.status != "false_positive" {
        let _ = write!(
            b,
            "<form method=\"post\" action=\"{action}\">{hidden}<input type=\"hidden\" name=\"action\" value=\"false_positive\">\
             <h3>Not a real problem</h3>{reason}<button type=\"submit\">Mark false positive</button></form>"
        );
    }
    if matches!(f.status.as_str(), "accepted" | "false_positive") {
        let _ = write!(
            b,
            "<form method=\"post\" action=\"{action}\">{hidden}<input type=\"hidden\" name=\"action\" value=\"reopen\">\
             <h3>Reopen</h3>{reason}<button type=\"submit\">Reopen</button></form>"
        );
    }
    b.push_str("</div><p class=\"hint\">Each decision is recorded with your name in the finding's history and the product's evidence ledger.</p>");
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mttr_is_weighted_by_fixed_findings() {
        let f = |fixed, m| SeverityFigures {
            fixed,
            mttr_days: m,
            ..Default::default()
        };
        let all = [f(1, Some(10.0)), f(3, Some(2.0)), f(0, None)];
        assert_eq!(weighted_mttr(all.iter()), Some(4.0));
        assert_eq!(weighted_mttr([f(0, None)].iter()), None);
    }

    #[test]
    fn the_filter_keeps_only_what_is_set() {
        let f = Filter {
            branch: "feature/x".into(),
            q: "a&b".into(),
            page: 2,
            ..Default::default()
        };
        assert_eq!(f.query(), "branch=feature%2Fx&q=a%26b");
        assert_eq!(Filter::default().query(), "");
    }

    #[test]
    fn the_login_page_has_its_csrf_token_and_no_script() {
        let p = login("abc\"", Some("<bad>"), None);
        assert!(p.contains("name=\"csrf\" value=\"abc&quot;\""));
        assert!(p.contains("&lt;bad&gt;") && !p.contains("<bad>"));
        assert!(!p.contains("<script"));
        assert!(
            !p.contains("/ui/oidc/login"),
            "no sign-on button without a provider"
        );
        let p = login("x", None, Some("<Bank> SSO"));
        assert!(p.contains("Sign in with &lt;Bank&gt; SSO"));
    }
}
