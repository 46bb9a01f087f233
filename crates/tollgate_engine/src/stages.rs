//! What happens to the findings after the scanners, in this order (each stage sees what
//! the ones before it did):
//!
//! 1. `rules` — `[rules]`: disabled rules' findings dropped, severity overrides, the
//!    allowlist (entries without `values`; scanners match those with values)
//! 2. `confidence` — findings below `--min-confidence` dropped
//! 3. `controls` — compliance controls attached through CWE ids and tags
//! 4. `vex` — VEX statements suppress dependency findings
//! 5. `exceptions` — approved, time-boxed risk acceptances
//! 6. `inline-ignores` — refused where the tier accepts only approved exceptions
//! 7. `baseline` — findings in a previous report do not count
//! 8. `changed-lines` — findings on lines not changed since a revision do not count
//! 9. `rego` — custom policies over the whole report
//! 10. `decision` — pass, warn or fail, with every reason

use crate::{EngineError, ScanRequest};
use std::collections::BTreeSet;
use std::path::Path;
use tollgate_compliance::Mapper;
use tollgate_core::allow::Allowlist;
use tollgate_core::config::Config;
use tollgate_core::{ScanReport, Scanner, Suppression, SuppressionKind};
use tollgate_policy::decide;
use tollgate_policy::exceptions::Exception;
use tollgate_policy::rego::{self, RegoGate};
use tollgate_policy::{diff, Policy};

/// The stages, by name, in the order they run.
pub const STAGES: &[&str] = &[
    "rules",
    "confidence",
    "controls",
    "vex",
    "exceptions",
    "inline-ignores",
    "baseline",
    "changed-lines",
    "rego",
    "decision",
];

/// Everything the stages need besides the findings, loaded (and checked) before scanning.
pub struct GateInputs {
    pub policy: Policy,
    pub exceptions: Vec<Exception>,
    pub vex: Vec<tollgate_deps::vex::Statement>,
    pub baseline: Option<BTreeSet<String>>,
    pub changed: Option<diff::ChangedLines>,
    pub rego: Option<RegoGate>,
    /// Custom resource policies (`--policy`, `[iac] policies`), run after the walk.
    pub iac: Option<tollgate_policy::iac::ResourcePolicies>,
    pub strict: bool,
    pub min_confidence: Option<tollgate_core::Confidence>,
    /// Gate warnings (old advisory data, a scanner that could not run by default).
    pub notes: Vec<String>,
    /// Settings that hide findings or files wholesale.
    pub weakening: Vec<String>,
    /// `--validate`: the values the secrets scanner handed over, and how to check them.
    pub validate: Option<(
        std::sync::Arc<tollgate_validate::Collector>,
        tollgate_validate::Options,
    )>,
    /// What validation found, for a line to the user.
    pub validated: Option<tollgate_validate::Summary>,
}

impl GateInputs {
    pub fn load(
        req: &ScanRequest,
        config: &Config,
        config_dir: &Path,
        scan_dir: &Path,
    ) -> Result<GateInputs, EngineError> {
        let cfg = |e: &dyn std::fmt::Display| EngineError::Config(e.to_string());
        let policy = Policy::resolve(&config.gate, req.gate.tier.as_deref(), req.gate.fail_on)
            .map_err(|e| match (req.gate.tier.is_none(), config.path()) {
                (true, Some(p)) => {
                    EngineError::Config(format!("{}: [gate] tier: {e}", p.display()))
                }
                _ => EngineError::Config(format!("--tier: {e}")),
            })?;
        let exceptions = tollgate_policy::exceptions::load(&scan_dir.join(&config.gate.exceptions))
            .map_err(|e| cfg(&e))?;
        let mut vex = Vec::new();
        for p in &req.gate.vex {
            vex.extend(tollgate_deps::vex::load(p).map_err(|e| cfg(&e))?);
        }
        let baseline = match &req.gate.baseline {
            Some(p) => Some(diff::load_baseline(p).map_err(|e| cfg(&e))?),
            None => None,
        };
        let changed = match (&req.gate.new_since, &req.source) {
            (Some(_), crate::Source::Staged) => return Err(EngineError::Usage(
                "--new-since does not apply to --staged, which counts the lines the index changes"
                    .into(),
            )),
            (Some(rev), _) => Some(diff::changed_lines(scan_dir, rev).map_err(|e| cfg(&e))?),
            (None, crate::Source::Staged) => {
                Some(diff::staged_lines(scan_dir).map_err(|e| cfg(&e))?)
            }
            (None, _) => None,
        };
        // --policy and [iac] policies: resource policies, and gate policies beside them.
        let mut policy_paths = req.gate.policies.clone();
        let iac_cfg: tollgate_iac::IacConfig = config.section("iac")?;
        policy_paths.extend(rego::resolve(config_dir, &iac_cfg.policies));
        let set = if policy_paths.is_empty() {
            None
        } else {
            Some(
                tollgate_policy::iac::PolicySet::load(&policy_paths, rego::Sandbox::CurrentExe)
                    .map_err(|e| EngineError::Usage(e.to_string()))?,
            )
        };
        let mut gate_paths = rego::resolve(config_dir, &config.gate.policies);
        if let Some(s) = &set {
            gate_paths.extend(s.gate_files.iter().cloned());
        }
        let rego = if gate_paths.is_empty() {
            None
        } else {
            Some(RegoGate::load(&gate_paths).map_err(|e| cfg(&e))?)
        };
        let iac = set.and_then(|s| s.resources);
        // Names in [rules] must name rules: a typo would silently keep a rule running.
        let mut all = crate::registry::all_rules();
        if let Some(p) = &iac {
            all.extend(p.rules());
        }
        for name in config
            .rules
            .disable
            .iter()
            .chain(config.rules.severity.keys())
        {
            if !all.iter().any(|r| r.id.is_named(name)) {
                return Err(EngineError::Config(format!(
                    "[rules]: no rule {} (see `tollgate rules`)",
                    tollgate_core::redact::quote(name)
                )));
            }
        }
        Ok(GateInputs {
            policy,
            exceptions,
            vex,
            baseline,
            changed,
            rego,
            iac,
            strict: req.gate.strict,
            min_confidence: req.gate.min_confidence,
            notes: Vec::new(),
            weakening: Vec::new(),
            validate: req
                .validate
                .clone()
                .map(|o| (std::sync::Arc::new(tollgate_validate::Collector::new()), o)),
            validated: None,
        })
    }
}

/// Settings that would hide findings or files wholesale, each as a gate warning (a
/// failure when strict or when the tier requires full coverage).
pub fn weakening(
    config: &Config,
    report: &ScanReport,
    scanners: &[&dyn Scanner],
    history: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if config.scan.max_file_size == 0 {
        out.push("scan.max_file_size = 0: every file is skipped".to_string());
    }
    let probe = [
        "a",
        "src/main.rs",
        ".github/workflows/ci.yml",
        "deep/er/x/y.txt",
    ];
    for p in &config.scan.exclude {
        let g = globset::GlobBuilder::new(p)
            .literal_separator(false)
            .build();
        if let Ok(g) = g.map(|g| g.compile_matcher()) {
            if probe.iter().all(|x| g.is_match(x)) {
                out.push(format!(
                    "scan.exclude {} excludes every file",
                    tollgate_core::redact::quote(p)
                ));
            }
        }
    }
    if !history && report.stats.files_scanned == 0 {
        out.push(
            "no file was scanned (an empty directory, scan.exclude or scan.max_file_size)".into(),
        );
    }
    if let Ok(list) = Allowlist::compile("rules.allowlist", &config.rules.allowlist) {
        out.extend(
            list.entries()
                .iter()
                .filter(|a| a.is_wholesale())
                .map(|a| a.describe()),
        );
    }
    if let Ok(cfg) = config.section::<tollgate_secrets::SecretsConfig>("secrets") {
        if let Ok(list) = Allowlist::compile("secrets.allowlist", &cfg.allowlist) {
            out.extend(
                list.entries()
                    .iter()
                    .filter(|a| a.is_wholesale())
                    .map(|a| a.describe()),
            );
        }
    }
    for s in scanners {
        let rules = s.rules();
        let disabled: Vec<_> = crate::registry::spec(s.name())
            .map(|spec| (spec.rules)())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| !rules.iter().any(|x| x.id == r.id))
            .collect();
        if rules.is_empty() && !disabled.is_empty() {
            out.push(format!("every {} rule is disabled", s.name()));
        }
    }
    let every: Vec<_> = crate::registry::all_rules();
    let disabled = every
        .iter()
        .filter(|r| config.rules.disable.iter().any(|d| r.id.is_named(d)))
        .count();
    if disabled > 0 {
        for spec in crate::registry::SCANNERS {
            let mine = (spec.rules)();
            if !mine.is_empty()
                && mine
                    .iter()
                    .all(|r| config.rules.disable.iter().any(|d| r.id.is_named(d)))
            {
                out.push(format!(
                    "[rules] disable turns off every {} rule",
                    spec.name
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Run every stage on the report, in order; the last one records the decision.
pub fn run_all(
    report: &mut ScanReport,
    config: &Config,
    gate: &mut GateInputs,
) -> Result<(), EngineError> {
    // rules
    let shared = Allowlist::compile("rules.allowlist", &config.rules.allowlist)
        .map_err(|e| EngineError::Config(e.to_string()))?;
    report
        .findings
        .retain(|f| !config.rules.disable.iter().any(|d| f.rule_id.is_named(d)));
    report
        .rules
        .retain(|r| !config.rules.disable.iter().any(|d| r.is_named(d)));
    for f in &mut report.findings {
        if let Some((_, sev)) = config
            .rules
            .severity
            .iter()
            .find(|(k, _)| f.rule_id.is_named(k))
        {
            if *sev != f.severity {
                f.data
                    .insert("severity_configured_from".into(), f.severity.to_string());
                f.severity = *sev;
            }
        }
        if f.suppression.is_none() {
            let hit = shared
                .entries()
                .iter()
                .filter(|a| !a.has_values())
                .find(|a| a.matches(&f.rule_id, &f.location.path, None, &f.fingerprint));
            if let Some(a) = hit {
                f.suppression = Some(Suppression::simple(
                    SuppressionKind::Config,
                    a.reason.clone(),
                ));
            }
        }
    }
    // confidence
    if let Some(min) = gate.min_confidence {
        report.findings.retain(|f| f.confidence >= min);
    }
    report.finalize();
    // controls
    Mapper::new().attach(report);
    // vex
    tollgate_deps::vex::apply(&mut report.findings, &gate.vex);
    // exceptions
    let today = tollgate_core::time::now_unix().div_euclid(86_400);
    let outcome = tollgate_policy::exceptions::apply(&mut report.findings, &gate.exceptions, today);
    for x in gate.exceptions.iter().filter(|x| x.is_wholesale()) {
        gate.weakening.push(format!(
            "exception {} accepts every finding everywhere",
            x.source
        ));
    }
    // validate: after every suppression is known (none of them is sent), before the
    // decision (a live credential's confidence is high)
    if let Some((collector, opts)) = &gate.validate {
        gate.validated = Some(tollgate_validate::run(
            &mut report.findings,
            collector,
            opts,
        ));
    }
    // inline-ignores
    let refused = decide::refuse_inline_ignores(report, &gate.policy);
    // baseline
    if let Some(b) = &gate.baseline {
        diff::apply_baseline(&mut report.findings, b);
    }
    // changed-lines
    if let Some(c) = &gate.changed {
        diff::apply_changed_lines(&mut report.findings, c);
    }
    report.finalize();
    // rego
    let (rego_deny, rego_warn) = match gate.rego.as_mut() {
        Some(r) => r
            .evaluate(&tollgate_report::json::write(report))
            .map_err(|e| EngineError::Config(e.to_string()))?,
        None => (Vec::new(), Vec::new()),
    };
    // decision
    let inputs = decide::Inputs {
        strict: gate.strict,
        expired_in_use: outcome.expired_in_use,
        expired_unused: outcome.expired_unused,
        rego_deny,
        rego_warn,
        notes: gate.notes.clone(),
        inline_ignores_refused: refused,
        weakening: gate.weakening.clone(),
    };
    report.decision = Some(decide::decide(report, &gate.policy, &inputs));
    Ok(())
}
