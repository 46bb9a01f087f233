//! `tollgate.toml`: which scanners run, what is excluded, size limits, the fail
//! threshold and allowlists. Unknown keys are errors, so a typo never silently
//! weakens a gate.

use crate::severity::{Confidence, Severity};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Default cap on file size: larger files are skipped (and reported as skipped).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub scan: ScanConfig,
    pub scanners: ScannersConfig,
    pub gate: GateConfig,
    pub secrets: SecretsConfig,
    pub deps: DepsConfig,
}

/// Dependency policy beyond vulnerabilities.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DepsConfig {
    /// SPDX licence ids allowed; when set, any other declared licence is a finding.
    pub licenses_allow: Vec<String>,
    /// SPDX licence ids that are never allowed.
    pub licenses_deny: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    /// Gitignore-style globs, relative to the scan root, never scanned.
    pub exclude: Vec<String>,
    /// Bytes, or a string such as `"10 MiB"`.
    #[serde(deserialize_with = "de_size")]
    pub max_file_size: u64,
    pub follow_symlinks: bool,
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub respect_gitignore: bool,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            follow_symlinks: false,
            respect_gitignore: true,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScannersConfig {
    pub secrets: bool,
    /// Dependency vulnerabilities. Unset: on when an advisory database exists (and said
    /// so in the gate's warnings when not); `true`: required, a missing database is an error.
    pub deps: Option<bool>,
}

impl Default for ScannersConfig {
    fn default() -> Self {
        ScannersConfig {
            secrets: true,
            deps: None,
        }
    }
}

/// The gate: which risk tier this application is in, and what may override the tier.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GateConfig {
    /// Risk tier: `critical`, `high`, `standard`, `low`, or a tier defined under `gate.tiers`.
    /// Unset: fail on high and above, warn on medium.
    pub tier: Option<String>,
    /// Overrides the tier's fail threshold.
    pub fail_on: Option<Threshold>,
    /// Overrides the tier's warn threshold.
    pub warn_on: Option<Threshold>,
    /// Rego files (or directories of them) with custom gates over the whole report.
    pub policies: Vec<String>,
    /// Risk acceptances, relative to the scanned directory.
    pub exceptions: String,
    /// Tier definitions: override a built-in tier or define a new one.
    pub tiers: BTreeMap<String, TierConfig>,
}

impl Default for GateConfig {
    fn default() -> Self {
        GateConfig {
            tier: None,
            fail_on: None,
            warn_on: None,
            policies: Vec::new(),
            exceptions: ".tollgate/exceptions.toml".into(),
            tiers: BTreeMap::new(),
        }
    }
}

/// What a tier demands; unset fields fall back to the built-in tier of that name.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TierConfig {
    pub fail_on: Option<Threshold>,
    pub warn_on: Option<Threshold>,
    /// Any active secret fails the gate, whatever its severity.
    pub fail_on_any_secret: Option<bool>,
    /// Whether `tollgate:ignore` comments (unapproved) may suppress findings.
    pub allow_inline_ignores: Option<bool>,
    /// Per-scanner thresholds (`[gate.tiers.critical.scanners.secrets]`).
    pub scanners: BTreeMap<String, ScannerGate>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScannerGate {
    pub fail_on: Option<Threshold>,
    pub warn_on: Option<Threshold>,
}

/// A severity threshold, or `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    At(Severity),
    None,
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("none") {
            Ok(Threshold::None)
        } else {
            s.parse()
                .map(Threshold::At)
                .map_err(|e: String| format!("{e}, or none"))
        }
    }
}

impl Serialize for Threshold {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Threshold::At(sev) => s.serialize_str(sev.as_str()),
            Threshold::None => s.serialize_str("none"),
        }
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    /// Findings below this confidence are dropped from the report.
    pub min_confidence: Confidence,
    /// Rule ids (or their slugs) that do not run.
    pub disabled_rules: Vec<String>,
    /// Decode base64 values (Kubernetes Secret data, Basic auth) and scan them again.
    pub decode_base64: bool,
    pub allowlist: Vec<AllowlistEntry>,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        SecretsConfig {
            min_confidence: Confidence::Medium,
            disabled_rules: Vec::new(),
            decode_base64: true,
            allowlist: Vec::new(),
        }
    }
}

/// Findings matching every field that is set are kept in the report but marked suppressed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AllowlistEntry {
    /// Why this is allowed; kept in the report with each finding it suppresses.
    pub reason: String,
    /// Rule ids or slugs.
    pub rules: Vec<String>,
    /// Gitignore-style path globs.
    pub paths: Vec<String>,
    /// Regexes the secret value must match.
    pub values: Vec<String>,
    /// Finding fingerprints, as printed in reports.
    pub fingerprints: Vec<String>,
}

fn de_size<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        N(u64),
        S(String),
    }
    match Raw::deserialize(d)? {
        Raw::N(n) => Ok(n),
        Raw::S(s) => parse_size(&s).map_err(serde::de::Error::custom),
    }
}

/// `"512"`, `"64 KiB"`, `"10MB"`, `"1 GiB"` → bytes. Decimal and binary units both accepted.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("invalid size '{s}': expected a number with an optional unit"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        u => {
            return Err(format!(
                "invalid size unit '{u}' in '{s}' (use B, KB, KiB, MB, MiB, GB, GiB)"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size '{s}' is too large"))
}

impl Config {
    /// Parse configuration text; errors name `path`, line and column.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|sp| line_col(text, sp.start))
                .unwrap_or((1, 1));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_toml_str(&text, path)
    }

    /// SHA-256 of the effective configuration, for reports and evidence.
    pub fn digest(&self) -> String {
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        crate::fingerprint::sha256_hex(&canonical)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The commented default written by `tollgate init`. It must parse to `Config::default()`.
pub const DEFAULT_CONFIG_TOML: &str = r#"# tollgate.toml — configuration for `tollgate scan`.
# Every key is optional; the values shown are the defaults.

[scan]
# Gitignore-style globs (relative to the scanned directory) that are never scanned.
exclude = []
# Larger files are skipped and listed as skipped in the report. Bytes or "10 MiB".
max_file_size = "10 MiB"
# Follow symbolic links (loops are detected and reported, never followed forever).
follow_symlinks = false
# Honour .gitignore, .ignore and .git/info/exclude.
respect_gitignore = true

[scanners]
# Turn a scanner off for this repository. `--only` on the command line overrides this.
secrets = true
# Dependencies (needs an advisory database: `tollgate db update`). Unset: checked when the
# database exists; true: a missing database is an error; false: off.
# deps = true

[gate]
# The application's risk tier decides how strict the gate is:
#   critical  payment, trading, core banking: fail on high and above and on any secret,
#             warn on low; inline ignores are not accepted (only approved exceptions)
#   high      fail on high, warn on medium; secrets fail from medium
#   standard  fail on critical, warn on high
#   low       internal tools: fail on critical
# Without a tier: fail on high and above, warn on medium.
# tier = "standard"
# Override the tier's thresholds: critical, high, medium, low, info or "none".
# fail_on = "high"
# warn_on = "medium"
# Custom gates in Rego over the whole JSON report (package tollgate.gate; rules deny/warn).
policies = []
# Approved, time-boxed risk acceptances (rule/path/fingerprint, reason, approved_by, ticket, expires).
exceptions = ".tollgate/exceptions.toml"
# Redefine a tier, e.g.:
# [gate.tiers.critical.scanners.secrets]
# fail_on = "low"

[secrets]
# Findings below this confidence are left out of the report: high, medium or low.
# "low" also reports generic-looking values in tests, fixtures and documentation.
min_confidence = "medium"
# Rules that do not run, by id or slug, e.g. ["secrets/generic-password"].
disabled_rules = []
# Decode base64 values (Kubernetes Secret data, HTTP Basic credentials) and scan them too.
decode_base64 = true

[deps]
# Licence policy for dependencies whose lockfile declares a licence (npm lockfiles v2+):
# SPDX ids. With licenses_allow set, any other licence is a finding; licenses_deny always is.
licenses_allow = []
licenses_deny = []

# Allowlist entries keep matching findings in the report, marked suppressed with the
# reason; they do not count toward the gate. Every field that is set must match.
# [[secrets.allowlist]]
# reason = "Public test key of the payment sandbox, documented in ADR-12"
# rules = ["secrets/stripe-secret-key"]
# paths = ["tests/**"]
# values = ["^sk_test_"]
# fingerprints = []
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_parses_to_defaults() {
        let c = Config::from_toml_str(DEFAULT_CONFIG_TOML, Path::new("tollgate.toml")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512").unwrap(), 512);
        assert_eq!(parse_size("64 KiB").unwrap(), 65536);
        assert_eq!(parse_size("10MB").unwrap(), 10_000_000);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("99999999999999999999 GiB").is_err());
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let text = "[scan]\nexclude = []\n\n[gate]\nfail_on = \"severe\"\n";
        let err = Config::from_toml_str(text, Path::new("conf/tollgate.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("conf/tollgate.toml:5:"), "{msg}");
        assert!(msg.contains("severe"), "{msg}");

        let typo = "[scan]\nexclud = [\"x\"]\n";
        let msg = Config::from_toml_str(typo, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:2:"), "{msg}");
        assert!(msg.contains("unknown field"), "{msg}");
    }

    #[test]
    fn allowlist_and_threshold() {
        let text = r#"
[gate]
fail_on = "none"
[secrets]
min_confidence = "low"
[[secrets.allowlist]]
reason = "sandbox"
values = ["^sk_test_"]
"#;
        let c = Config::from_toml_str(text, Path::new("t.toml")).unwrap();
        assert_eq!(c.gate.fail_on, Some(Threshold::None));
        assert_eq!(c.secrets.min_confidence, Confidence::Low);
        assert_eq!(c.secrets.allowlist[0].values, vec!["^sk_test_".to_string()]);
        assert_ne!(c.digest(), Config::default().digest());
    }
}
