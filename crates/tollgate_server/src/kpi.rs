//! Key figures of a product and of the portfolio, computed in the database (so they stay
//! fast at a million findings): mean time to remediate, SLA breaches and findings about to
//! breach, open findings over time, new against fixed per week, exceptions about to
//! expire, and readiness per compliance framework.

use crate::db::Value;
use crate::store::{Sla, Store, StoreError, ACTIVE};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Days before an SLA deadline or an acceptance's expiry that count as "soon".
pub const SOON_DAYS: i64 = 7;

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct SeverityFigures {
    pub open: i64,
    pub breached: i64,
    pub due_soon: i64,
    pub fixed: i64,
    /// Mean days from opening to fix over the fixed findings, when there are any.
    pub mttr_days: Option<f64>,
    pub sla_days: Option<i64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Week {
    /// The Monday that starts the week (UTC).
    pub week: String,
    pub created: i64,
    pub fixed: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Day {
    pub day: String,
    pub open: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Expiring {
    pub finding: i64,
    pub title: String,
    pub until: String,
    pub approver: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Readiness {
    pub framework: String,
    pub title: String,
    /// Controls that Tollgate's findings give evidence for.
    pub assessed_controls: usize,
    /// Of those, controls with open findings against them.
    pub failing_controls: usize,
    /// `100 × (assessed − failing) / assessed`.
    pub readiness_percent: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProductKpis {
    pub product: String,
    pub risk_tier: String,
    pub sla: Sla,
    pub severities: BTreeMap<String, SeverityFigures>,
    pub weekly: Vec<Week>,
    pub open_over_time: Vec<Day>,
    pub exceptions_expiring: Vec<Expiring>,
    pub compliance: Vec<Readiness>,
}

/// Monday-based week number: the epoch was a Thursday.
pub(crate) fn week_of(unix: i64) -> i64 {
    (unix + 3 * 86_400).div_euclid(7 * 86_400)
}

fn week_start(week: i64) -> String {
    tollgate_core::time::rfc3339(week * 7 * 86_400 - 3 * 86_400)[..10].to_string()
}

impl Store {
    /// The figures, from the cache when nothing changed this minute.
    pub fn kpis(
        &self,
        product: i64,
        sla: Sla,
        now: i64,
        weeks: i64,
    ) -> Result<ProductKpis, StoreError> {
        let key = (product, weeks, sla);
        let version = self.version();
        let minute = now.div_euclid(60);
        if let Some((v, m, k)) = self
            .kpi_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if *v == version && *m == minute {
                return Ok(k.clone());
            }
        }
        let k = self.compute_kpis(product, sla, now, weeks)?;
        let mut cache = self.kpi_cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(key, (version, minute, k.clone()));
        Ok(k)
    }

    fn compute_kpis(
        &self,
        product: i64,
        sla: Sla,
        now: i64,
        weeks: i64,
    ) -> Result<ProductKpis, StoreError> {
        let p = self.product_by_id(product)?.ok_or(StoreError::NotFound)?;
        let sla = sla.for_scope(&p.regulatory_scope);
        let mut severities: BTreeMap<String, SeverityFigures> =
            ["critical", "high", "medium", "low", "info"]
                .iter()
                .map(|s| {
                    (
                        s.to_string(),
                        SeverityFigures {
                            sla_days: sla.days(s),
                            ..SeverityFigures::default()
                        },
                    )
                })
                .collect();
        let pid = Value::Int(product);
        let since = now - weeks.clamp(1, 520) * 7 * 86_400;
        let (weekly, history, expiring, controls) = self.pool.with(|c| {
            // Open, breached and due soon in one pass over the product's open findings.
            let case = Sla::case_sql(2);
            let mut params = vec![pid.clone()];
            params.extend(sla.params());
            params.push(Value::Int(now));
            params.push(Value::Int(SOON_DAYS * 86_400));
            for r in c.query(
                &format!(
                    "SELECT severity, COUNT(*),
                        CAST(SUM(CASE WHEN opened_at + {case} < CAST($6 AS BIGINT) THEN 1 ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN opened_at + {case} >= CAST($6 AS BIGINT) AND opened_at + {case} < CAST($6 AS BIGINT) + CAST($7 AS BIGINT) THEN 1 ELSE 0 END) AS BIGINT)
                     FROM findings WHERE product_id = $1 AND status IN {ACTIVE} GROUP BY severity"
                ),
                &params,
            )? {
                let e = severities.entry(r[0].string()).or_default();
                e.open = r[1].int().unwrap_or(0);
                e.breached = r[2].int().unwrap_or(0);
                e.due_soon = r[3].int().unwrap_or(0);
            }
            for r in c.query(
                "SELECT severity, COUNT(*), CAST(AVG(fixed_at - opened_at) AS DOUBLE PRECISION) FROM findings WHERE product_id = $1 AND status = 'fixed' AND fixed_at IS NOT NULL GROUP BY severity",
                std::slice::from_ref(&pid),
            )? {
                let e = severities.entry(r[0].string()).or_default();
                e.fixed = r[1].int().unwrap_or(0);
                e.mttr_days = r[2].float().map(|s| (s / 86_400.0 * 10.0).round() / 10.0);
            }
            let mut weekly: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
            for w in week_of(since)..=week_of(now) {
                weekly.insert(w, (0, 0));
            }
            // Kept per week as scans are applied (see the store's `weekly_counts`).
            for r in c.query(
                "SELECT week, CAST(SUM(created) AS BIGINT), CAST(SUM(fixed) AS BIGINT) FROM weekly_counts WHERE product_id = $1 AND week >= $2 GROUP BY week",
                &[pid.clone(), Value::Int(week_of(since))],
            )? {
                let w = weekly.entry(r[0].int().unwrap_or(0)).or_default();
                w.0 += r[1].int().unwrap_or(0);
                w.1 += r[2].int().unwrap_or(0);
            }
            // The open count per day, summed over branches, from the daily snapshots.
            let mut history: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
            for r in c.query(
                "SELECT day, severity, CAST(SUM(open) AS BIGINT) FROM open_history WHERE product_id = $1 AND day >= $2 GROUP BY day, severity ORDER BY day",
                &[pid.clone(), Value::Int(since.div_euclid(86_400))],
            )? {
                history
                    .entry(r[0].int().unwrap_or(0))
                    .or_default()
                    .insert(r[1].string(), r[2].int().unwrap_or(0));
            }
            let expiring = c.query(
                "SELECT id, title, accepted_until, triage_by FROM findings WHERE product_id = $1 AND status = 'accepted' AND accepted_until < $2 ORDER BY accepted_until, id LIMIT 100",
                &[pid.clone(), Value::Int(now + 2 * SOON_DAYS * 86_400)],
            )?;
            let controls = c.query(
                &format!("SELECT rc.controls FROM rule_controls rc WHERE rc.product_id = $1 AND EXISTS (SELECT 1 FROM findings f WHERE f.product_id = $1 AND f.rule_id = rc.rule_id AND f.status IN {ACTIVE})"),
                std::slice::from_ref(&pid),
            )?;
            Ok::<_, StoreError>((weekly, history, expiring, controls))
        })?;
        let failing: BTreeSet<String> = controls
            .iter()
            .flat_map(|r| {
                r[0].string()
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        Ok(ProductKpis {
            product: p.name.clone(),
            risk_tier: p.risk_tier.clone(),
            sla,
            severities,
            weekly: weekly
                .into_iter()
                .map(|(w, (created, fixed))| Week {
                    week: week_start(w),
                    created,
                    fixed,
                })
                .collect(),
            open_over_time: history
                .into_iter()
                .map(|(d, open)| Day {
                    day: tollgate_core::time::rfc3339(d * 86_400)[..10].to_string(),
                    open,
                })
                .collect(),
            exceptions_expiring: expiring
                .iter()
                .map(|r| Expiring {
                    finding: r[0].int().unwrap_or(0),
                    title: r[1].string(),
                    until: r[2]
                        .int()
                        .map(tollgate_core::time::rfc3339)
                        .unwrap_or_default(),
                    approver: r[3].string(),
                })
                .collect(),
            compliance: readiness(&failing),
        })
    }
}

/// Readiness per framework: of the controls the catalogs map to rules (through CWE ids and
/// tags), the share with no open finding against them.
pub fn readiness(failing: &BTreeSet<String>) -> Vec<Readiness> {
    tollgate_compliance::catalogs()
        .iter()
        .map(|cat| {
            let assessed: Vec<String> = cat
                .controls
                .iter()
                .filter(|c| !c.cwe.is_empty() || !c.tags.is_empty())
                .map(|c| tollgate_compliance::mapping::control_ref(cat, c))
                .collect();
            let bad = assessed.iter().filter(|c| failing.contains(*c)).count();
            let pct = if assessed.is_empty() {
                100.0
            } else {
                ((assessed.len() - bad) as f64 * 1000.0 / assessed.len() as f64).round() / 10.0
            };
            Readiness {
                framework: cat.id.clone(),
                title: cat.title(),
                assessed_controls: assessed.len(),
                failing_controls: bad,
                readiness_percent: pct,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // 2026-12-02 is a Wednesday; its week began on Monday 2026-11-30.
        let wed = tollgate_core::time::parse_rfc3339("2026-12-02T10:00:00Z").unwrap();
        assert_eq!(week_start(week_of(wed)), "2026-11-30");
        let mon = tollgate_core::time::parse_rfc3339("2026-11-30T00:00:00Z").unwrap();
        assert_eq!(week_of(mon), week_of(wed));
        assert_eq!(week_of(mon - 1) + 1, week_of(mon));
    }

    #[test]
    fn readiness_counts_only_assessed_controls() {
        let all = readiness(&BTreeSet::new());
        assert!(all
            .iter()
            .all(|r| r.readiness_percent == 100.0 && r.assessed_controls > 0));
        let pci = all.iter().find(|r| r.framework.starts_with("pci")).unwrap();
        let cat = tollgate_compliance::catalog::find("pci").unwrap();
        let one = cat.controls.iter().find(|c| !c.cwe.is_empty()).unwrap();
        let failing = BTreeSet::from([tollgate_compliance::mapping::control_ref(cat, one)]);
        let r = readiness(&failing);
        let pci2 = r.iter().find(|r| r.framework == pci.framework).unwrap();
        assert_eq!(pci2.failing_controls, 1);
        assert!(pci2.readiness_percent < 100.0);
    }
}
