//! Risk tiers: a payment gateway is held to a stricter gate than an internal tool.

use std::collections::BTreeMap;
use tollgate_core::config::{GateConfig, ScannerGate, Threshold, TierConfig};
use tollgate_core::Severity;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PolicyError {
    #[error("unknown risk tier {} (built in: critical, high, standard, low; or define your own under [gate.tiers.NAME])", tollgate_core::redact::quote(.0))]
    UnknownTier(String),
}

/// The effective gate settings after the tier, the configuration and the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub tier: String,
    pub fail_on: Threshold,
    pub warn_on: Threshold,
    pub allow_inline_ignores: bool,
    /// Anything not checked, and configuration that hides findings wholesale, fails the
    /// gate instead of warning (as `--strict` does).
    pub require_full_coverage: bool,
    /// Per-scanner settings that differ from the tier's.
    pub scanners: BTreeMap<String, ScannerOverride>,
}

/// What a tier sets for one scanner; a threshold left unset follows the tier's, whatever
/// later sets the tier's (`[gate] fail_on`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScannerOverride {
    pub fail_on: Option<Threshold>,
    pub warn_on: Option<Threshold>,
    pub fail_on_any: bool,
}

/// A scanner's own thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScannerPolicy {
    pub fail_on: Threshold,
    pub warn_on: Threshold,
    /// Any counted finding of the scanner fails, whatever its severity.
    pub fail_on_any: bool,
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
        allow_inline_ignores: true,
        require_full_coverage: false,
        scanners: BTreeMap::new(),
    };
    let own = |fail_on, warn_on, fail_on_any| ScannerOverride {
        fail_on: Some(fail_on),
        warn_on: Some(warn_on),
        fail_on_any,
    };
    match name {
        "default" => {}
        "critical" => {
            p.warn_on = at(Severity::Low);
            p.allow_inline_ignores = false;
            p.require_full_coverage = true;
            p.scanners.insert(
                "secrets".into(),
                own(at(Severity::Low), at(Severity::Low), true),
            );
        }
        "high" => {
            p.scanners.insert(
                "secrets".into(),
                own(at(Severity::Medium), at(Severity::Low), false),
            );
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
    if let Some(b) = t.allow_inline_ignores {
        p.allow_inline_ignores = b;
    }
    if let Some(b) = t.require_full_coverage {
        p.require_full_coverage = b;
    }
    let entry = |p: &Policy, name: &str| -> ScannerOverride {
        p.scanners.get(name).copied().unwrap_or_default()
    };
    if let Some(b) = t.fail_on_any_secret {
        let mut e = entry(p, "secrets");
        e.fail_on_any = b;
        p.scanners.insert("secrets".into(), e);
    }
    for (name, g) in &t.scanners {
        let ScannerGate {
            fail_on,
            warn_on,
            fail_on_any,
        } = g;
        let mut e = entry(p, name);
        if let Some(f) = fail_on {
            e.fail_on = Some(*f);
        }
        if let Some(w) = warn_on {
            e.warn_on = Some(*w);
        }
        if let Some(b) = fail_on_any {
            e.fail_on_any = *b;
        }
        p.scanners.insert(name.clone(), e);
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
                v.fail_on = Some(f);
            }
        }
        Ok(p)
    }

    /// A scanner's thresholds: its own, or the tier's.
    pub fn for_scanner(&self, scanner: &str) -> ScannerPolicy {
        let o = self.scanners.get(scanner).copied().unwrap_or_default();
        ScannerPolicy {
            fail_on: o.fail_on.unwrap_or(self.fail_on),
            warn_on: o.warn_on.unwrap_or(self.warn_on),
            fail_on_any: o.fail_on_any,
        }
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
