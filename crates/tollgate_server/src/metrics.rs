//! `/metrics` in Prometheus' text format: per product the open findings, SLA breaches and
//! findings due soon by severity, and the mean time to remediate. A token sees the series
//! of the products it may see, nothing else.

use crate::api::{ApiError, App};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;
use std::sync::Arc;

/// A label value as the text format wants it.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub async fn metrics(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let who = crate::api::caller(&app, &headers).await?;
    let app = app.clone();
    let text = crate::api::blocking(move || {
        let now = tollgate_core::time::now_unix();
        let products = app.store.products(who.product)?;
        let mut series: Vec<(&str, &str, Vec<String>)> = vec![
            (
                "tollgate_findings_open",
                "Open findings (new, open, reopened).",
                vec![],
            ),
            (
                "tollgate_sla_breached",
                "Open findings past their SLA deadline.",
                vec![],
            ),
            (
                "tollgate_sla_due_soon",
                "Open findings due within seven days.",
                vec![],
            ),
            ("tollgate_findings_fixed", "Findings fixed so far.", vec![]),
            (
                "tollgate_mttr_days",
                "Mean days from opening to fix.",
                vec![],
            ),
        ];
        for p in &products {
            let k = app
                .store
                .kpis(p.id, app.config.sla_for(&p.risk_tier), now, 1)?;
            for (sev, f) in &k.severities {
                let l = format!("product=\"{}\",severity=\"{}\"", label(&p.name), sev);
                series[0].2.push(format!("{{{l}}} {}", f.open));
                series[1].2.push(format!("{{{l}}} {}", f.breached));
                series[2].2.push(format!("{{{l}}} {}", f.due_soon));
                series[3].2.push(format!("{{{l}}} {}", f.fixed));
                if let Some(m) = f.mttr_days {
                    series[4].2.push(format!("{{{l}}} {m}"));
                }
            }
        }
        let mut out = String::new();
        for (name, help, rows) in &series {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            for r in rows {
                let _ = writeln!(out, "{name}{r}");
            }
        }
        Ok(out)
    })
    .await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
