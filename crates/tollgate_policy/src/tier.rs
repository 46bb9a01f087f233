//! Risk tiers: a payment gateway is held to a stricter gate than an internal tool.

use std::collections::BTreeMap;
use tollgate_core::config::{GateConfig, ScannerGate, Threshold, TierConfig};
use tollgate_core::Severity;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PolicyError {
    #[error("unknown risk tier '{0}' (built in: critical, high, standard, low; or define it under [gate.tiers.{0}])")]
    UnknownTier(String),
}

/// The effective gate settings after the tier, the configuration and the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub tier: String,
    pub fail_on: Threshold,
    pub warn_on: Threshold,
    pub fail_on_any_secret: bool,
    pub allow_inline_ignores: bool,
    /// Scanner name → (fail_on, warn_on).
    pub scanners: BTreeMap<String, (Threshold, Threshold)>,
}

fn at(s: Severity) -> Threshold {
    Threshold::At(s)
}

/// The built-in tiers.
pub fn builtin(name: &str) -> Option<Policy> {
    let mut p = Policy {
        tier: name.to_string(),
        fail_on: at(Severity::High),
        warn_on: at(Severity::Medium),
        fail_on_any_secret: false,
        allow_inline_ignores: true,
        scanners: BTreeMap::new(),
    };
    match name {
        "default" => {}
        "critical" => {
            p.warn_on = at(Severity::Low);
            p.fail_on_any_secret = true;
            p.allow_inline_ignores = false;
            p.scanners
                .insert("secrets".into(), (at(Severity::Low), at(Severity::Low)));
        }
        "high" => {
            p.scanners
                .insert("secrets".into(), (at(Severity::Medium), at(Severity::Low)));
        }
        "standard" => {
            p.fail_on = at(Severity::Critical);
            p.warn_on = at(Severity::High);
        }
        "low" => {
            p.fail_on = at(Severity::Critical);
            p.warn_on = at(Severity::High);
        }
        _ => return None,
    }
    Some(p)
}

fn overlay(p: &mut Policy, t: &TierConfig) {
    if let Some(f) = t.fail_on {
        p.fail_on = f;
    }
    if let Some(w) = t.warn_on {
        p.warn_on = w;
    }
    if let Some(b) = t.fail_on_any_secret {
        p.fail_on_any_secret = b;
    }
    if let Some(b) = t.allow_inline_ignores {
        p.allow_inline_ignores = b;
    }
    for (name, ScannerGate { fail_on, warn_on }) in &t.scanners {
        let e = p
            .scanners
            .entry(name.clone())
            .or_insert((p.fail_on, p.warn_on));
        if let Some(f) = fail_on {
            e.0 = *f;
        }
        if let Some(w) = warn_on {
            e.1 = *w;
        }
    }
}

impl Policy {
    /// Resolve: built-in tier (or `default`), then `[gate.tiers.<tier>]`, then `[gate]`
    /// thresholds, then the command line.
    pub fn resolve(
        cfg: &GateConfig,
        tier_override: Option<&str>,
        fail_on_override: Option<Threshold>,
    ) -> Result<Policy, PolicyError> {
        let name = tier_override.or(cfg.tier.as_deref()).unwrap_or("default");
        let mut p = match (builtin(name), cfg.tiers.get(name)) {
            (Some(b), _) => b,
            (None, Some(_)) => {
                let mut b = builtin("default").expect("default tier");
                b.tier = name.to_string();
                b
            }
            (None, None) => return Err(PolicyError::UnknownTier(name.to_string())),
        };
        if let Some(t) = cfg.tiers.get(name) {
            overlay(&mut p, t);
        }
        if let Some(f) = cfg.fail_on {
            p.fail_on = f;
        }
        if let Some(w) = cfg.warn_on {
            p.warn_on = w;
        }
        if let Some(f) = fail_on_override {
            // The command line is explicit: it governs every scanner.
            p.fail_on = f;
            for v in p.scanners.values_mut() {
                v.0 = f;
            }
        }
        Ok(p)
    }

    /// (fail_on, warn_on) for a scanner.
    pub fn thresholds(&self, scanner: &str) -> (Threshold, Threshold) {
        self.scanners
            .get(scanner)
            .copied()
            .unwrap_or((self.fail_on, self.warn_on))
    }
}

pub fn label(t: Threshold) -> String {
    match t {
        Threshold::At(s) => s.to_string(),
        Threshold::None => "none".to_string(),
    }
}

/// Whether `severity` reaches threshold `t`.
pub fn reaches(severity: Severity, t: Threshold) -> bool {
    matches!(t, Threshold::At(s) if severity >= s)
}
