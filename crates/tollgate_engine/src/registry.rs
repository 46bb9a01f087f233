//! The scanners this build has, how each is built from the configuration, and the ones
//! planned but not built yet. Front ends ask here; nothing else lists scanners.

use crate::EngineError;
use std::path::{Path, PathBuf};
use tollgate_core::config::Config;
use tollgate_core::{Confidence, RuleMeta, Scanner};

/// When a scanner runs if the configuration does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    /// Always.
    On,
    /// When what it needs is there (an advisory database); when not, the files it would
    /// have checked are reported as not checked.
    IfAvailable,
}

/// A scanner of this build.
pub struct ScannerSpec {
    pub name: &'static str,
    pub summary: &'static str,
    pub default: Default,
    /// Every rule it can report.
    pub rules: fn() -> Vec<RuleMeta>,
    /// Its commented section of the default `tollgate.toml`.
    pub default_toml: &'static str,
    /// Whether it reads git history (`--git-history`). Infrastructure is checked as the
    /// tree declares it now; old blobs of a Terraform file are no finding of today.
    pub history: bool,
}

fn secret_rules() -> Vec<RuleMeta> {
    tollgate_secrets::rules::all()
        .iter()
        .map(|r| r.meta())
        .collect()
}

/// The scanners of this build, in the order they run.
pub const SCANNERS: &[ScannerSpec] = &[
    ScannerSpec {
        name: "secrets",
        summary: "hard-coded credentials in every text file",
        default: Default::On,
        rules: secret_rules,
        default_toml: tollgate_secrets::config::DEFAULT_TOML,
        history: true,
    },
    ScannerSpec {
        name: "deps",
        summary: "known-vulnerable dependencies, licences and SBOMs from lockfiles",
        default: Default::IfAvailable,
        rules: tollgate_deps::scanner::rules,
        default_toml: tollgate_deps::config::DEFAULT_TOML,
        history: true,
    },
    ScannerSpec {
        name: "iac",
        summary: "misconfigured infrastructure: Terraform, CloudFormation, Kubernetes, Dockerfiles, CI workflows",
        default: Default::On,
        rules: tollgate_iac::scanner::rule_metas,
        default_toml: tollgate_iac::scanner::DEFAULT_TOML,
        history: false,
    },
    ScannerSpec {
        name: "sast",
        summary: "application code: injection, weak cryptography, TLS, session and finance rules with taint tracking in Java, Python, JavaScript/TypeScript and Go",
        default: Default::On,
        rules: sast_rules,
        default_toml: tollgate_sast::DEFAULT_TOML,
        history: false,
    },
];

fn sast_rules() -> Vec<RuleMeta> {
    tollgate_sast::rules::all()
        .iter()
        .map(|r| r.meta())
        .collect()
}

/// Names of the scanners of this build.
pub fn names() -> Vec<&'static str> {
    SCANNERS.iter().map(|s| s.name).collect()
}

pub fn spec(name: &str) -> Option<&'static ScannerSpec> {
    SCANNERS.iter().find(|s| s.name == name)
}

/// Every rule of every scanner, sorted by id: the file scanners' and the dynamic test's
/// (`tollgate dast`, which runs against an application, not in `scan`).
pub fn all_rules() -> Vec<RuleMeta> {
    let mut rules: Vec<RuleMeta> = SCANNERS.iter().flat_map(|s| (s.rules)()).collect();
    rules.extend(tollgate_dast::rules());
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules
}

/// The commented default `tollgate.toml`: the core sections, then each scanner's.
pub fn default_toml() -> String {
    let mut t = tollgate_core::config::CORE_DEFAULT_TOML.to_string();
    for s in SCANNERS {
        t.push_str(s.default_toml);
    }
    t
}

/// What a scanner needs from the rest of the request to be built.
pub struct BuildContext<'a> {
    pub config: &'a Config,
    pub scan_dir: &'a Path,
    pub db: Option<&'a Path>,
    /// Asked for by name or required by the configuration: it must be able to run.
    pub explicit: bool,
    pub min_confidence: Option<Confidence>,
    /// Custom resource policies will run: the IaC scanner keeps its resources.
    pub keep_resources: bool,
    pub iac: &'a crate::request::IacInputs,
    /// `--validate`: where the secrets scanner hands the values of unsuppressed findings.
    pub sink: Option<std::sync::Arc<dyn tollgate_secrets::ValueSink>>,
}

/// A built scanner, with its effective configuration (for the configuration digest).
pub struct Built {
    pub scanner: Box<dyn Scanner>,
    pub section: serde_json::Value,
    /// Set when the scanner runs in a degraded mode (no advisory database): the reason.
    pub degraded: Option<String>,
    /// Gate warnings the scanner has after the scan (old advisory data), given today.
    pub notes: Option<Box<dyn Fn(i64) -> Vec<String>>>,
    /// The resources the scanner evaluated, for custom resource policies (IaC only).
    pub resources: Option<Box<dyn Fn() -> Vec<serde_json::Value>>>,
}

/// The configuration file's name for messages.
fn config_name(config: &Config) -> String {
    config
        .path()
        .map_or_else(|| "configuration".into(), |p| p.display().to_string())
}

/// Build the scanner `name`.
pub fn build(name: &str, ctx: &BuildContext<'_>) -> Result<Built, EngineError> {
    match name {
        "secrets" => {
            let mut cfg: tollgate_secrets::SecretsConfig = ctx.config.section("secrets")?;
            if let Some(c) = ctx.min_confidence {
                cfg.min_confidence = c;
            }
            let mut scanner = tollgate_secrets::SecretsScanner::with_rules(&cfg, &ctx.config.rules)
                .map_err(|e| EngineError::Config(format!("{}: {e}", config_name(ctx.config))))?;
            if let Some(sink) = &ctx.sink {
                scanner = scanner.with_sink(sink.clone());
            }
            Ok(Built {
                scanner: Box::new(scanner),
                section: serde_json::to_value(&cfg).unwrap_or_default(),
                degraded: None,
                notes: None,
                resources: None,
            })
        }
        "deps" => {
            let cfg: tollgate_deps::DepsConfig = ctx.config.section("deps")?;
            let dir: PathBuf = ctx
                .db
                .map(Path::to_path_buf)
                .unwrap_or_else(tollgate_deps::store::default_dir);
            let (mode, degraded) = match tollgate_deps::Store::open(&dir) {
                Ok(store) => (tollgate_deps::Mode::Check(store), None),
                Err(e) if ctx.explicit => {
                    return Err(EngineError::Unavailable(format!("deps scanner: {e}")))
                }
                Err(e) => (
                    tollgate_deps::Mode::NoDatabase(dir.clone()),
                    Some(e.to_string()),
                ),
            };
            let allow = tollgate_core::allow::Allowlist::compile(
                "rules.allowlist",
                &ctx.config.rules.allowlist,
            )
            .map_err(|e| EngineError::Config(format!("{}: {e}", config_name(ctx.config))))?;
            let scanner = std::sync::Arc::new(
                tollgate_deps::DepsScanner::new(mode)
                    .with_licenses(tollgate_deps::license::Policy {
                        allow: cfg.licenses_allow.clone(),
                        deny: cfg.licenses_deny.clone(),
                    })
                    .with_allowlist(allow),
            );
            let max_days = i64::from(
                cfg.max_advisory_age_days
                    .unwrap_or(tollgate_deps::config::DEFAULT_MAX_ADVISORY_AGE_DAYS),
            );
            let handle = scanner.clone();
            Ok(Built {
                scanner: Box::new(scanner),
                section: serde_json::to_value(&cfg).unwrap_or_default(),
                degraded,
                notes: Some(Box::new(move |today| handle.stale(today, max_days))),
                resources: None,
            })
        }
        "iac" => {
            let mut cfg: tollgate_iac::IacConfig = ctx.config.section("iac")?;
            cfg.var_files.extend(ctx.iac.var_files.iter().cloned());
            cfg.vars.extend(ctx.iac.vars.iter().cloned());
            cfg.root = Some(ctx.scan_dir.to_path_buf());
            let mut scanner = tollgate_iac::IacScanner::new(&cfg);
            if ctx.keep_resources {
                scanner = scanner.keeping_resources();
            }
            let scanner = std::sync::Arc::new(scanner);
            let handle = scanner.clone();
            Ok(Built {
                scanner: Box::new(scanner),
                section: serde_json::to_value(&cfg).unwrap_or_default(),
                degraded: None,
                notes: None,
                resources: Some(Box::new(move || handle.take_resources())),
            })
        }
        "sast" => {
            let cfg: tollgate_sast::SastConfig = ctx.config.section("sast")?;
            Ok(Built {
                scanner: Box::new(tollgate_sast::SastScanner::with_config(&cfg)),
                section: serde_json::to_value(&cfg).unwrap_or_default(),
                degraded: None,
                notes: None,
                resources: None,
            })
        }
        other => Err(EngineError::Usage(format!("unknown scanner '{other}'"))),
    }
}

/// The scanners a request runs, each with whether it was asked for explicitly.
pub fn select(
    only: &[String],
    config: &Config,
) -> Result<Vec<(&'static ScannerSpec, bool)>, EngineError> {
    let available = names().join(", ");
    let mut out: Vec<(&'static ScannerSpec, bool)> = Vec::new();
    if only.is_empty() {
        for s in SCANNERS {
            match (config.scanners.get(s.name), s.default) {
                (Some(false), _) => {}
                (Some(true), _) => out.push((s, true)),
                (None, Default::On) => out.push((s, true)),
                (None, Default::IfAvailable) => out.push((s, false)),
            }
        }
        if out.is_empty() {
            return Err(EngineError::Usage(
                "every scanner is turned off in the configuration: nothing would be checked".into(),
            ));
        }
        return Ok(out);
    }
    for w in only {
        let w = w.trim().to_ascii_lowercase();
        if w == tollgate_dast::SCANNER {
            return Err(EngineError::Usage(
                "scanner 'dast' tests a running application, not files: run `tollgate dast --target URL`".into(),
            ));
        }
        let Some(s) = spec(&w) else {
            return Err(EngineError::Usage(format!(
                "unknown scanner {} (available: {available})",
                tollgate_core::redact::quote(&w)
            )));
        };
        if !out.iter().any(|(x, _)| x.name == s.name) {
            out.push((s, true));
        }
    }
    // The order scanners run in does not depend on how they were asked for.
    out.sort_by_key(|(s, _)| SCANNERS.iter().position(|x| x.name == s.name));
    Ok(out)
}
