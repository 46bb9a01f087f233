//! `tollgate.toml`: what is scanned, which scanners run, the gate, and rule settings shared
//! by every scanner (`[rules]`). Each scanner's own section (`[secrets]`, `[deps]`) is
//! read by that scanner through [`Config::section`]. Unknown keys are errors that name the
//! file, line and column, so a typo never silently weakens a gate.

use crate::severity::Severity;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
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

/// The sections every Tollgate configuration has; the rest belong to scanners.
pub const CORE_SECTIONS: &[&str] = &["scan", "scanners", "gate", "rules"];

/// Sections that belong to other commands (`[server]` is `tollgate serve`'s): accepted in
/// every command's configuration and read only by their own ([`Config::section`]).
pub const COMMAND_SECTIONS: &[&str] = &["server"];

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Config {
    pub scan: ScanConfig,
    /// `[scanners]`: `true` requires a scanner (it must be able to run), `false` turns it
    /// off; a scanner not named runs by its own default.
    pub scanners: BTreeMap<String, bool>,
    pub gate: GateConfig,
    pub rules: RulesConfig,
    /// The text and path the configuration came from, for [`Config::section`].
    #[serde(skip)]
    source: Option<(String, PathBuf)>,
}

/// Settings of every rule, whichever scanner it belongs to.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RulesConfig {
    /// Rule ids or slugs that do not run.
    pub disable: Vec<String>,
    /// A severity for a rule other than its default: rule id or slug → severity.
    pub severity: BTreeMap<String, Severity>,
    /// Findings matching an entry are kept in the report, marked suppressed with its reason.
    pub allowlist: Vec<AllowlistEntry>,
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
    /// Any active secret fails the gate, whatever its severity (shorthand for
    /// `scanners.secrets.fail_on_any`).
    pub fail_on_any_secret: Option<bool>,
    /// Whether `tollgate:ignore` comments (unapproved) may suppress findings.
    pub allow_inline_ignores: Option<bool>,
    /// Anything that could not be checked fails the gate (as `--strict` does), and so does
    /// configuration that hides findings wholesale.
    pub require_full_coverage: Option<bool>,
    /// Per-scanner thresholds (`[gate.tiers.critical.scanners.secrets]`).
    pub scanners: BTreeMap<String, ScannerGate>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScannerGate {
    pub fail_on: Option<Threshold>,
    pub warn_on: Option<Threshold>,
    /// Any active finding of this scanner fails the gate, whatever its severity.
    pub fail_on_any: Option<bool>,
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

/// Findings matching every field that is set are kept in the report but marked suppressed.
/// `values` are matched by the scanner that sees the value (the raw secret, a package's
/// purl); the other fields by the pipeline, for every scanner.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AllowlistEntry {
    /// Why this is allowed; kept in the report with each finding it suppresses.
    pub reason: String,
    /// Rule ids or slugs.
    pub rules: Vec<String>,
    /// Gitignore-style path globs.
    pub paths: Vec<String>,
    /// Regexes the found value must match (the secret, the package's purl).
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
    /// Parse configuration text; errors name `path`, line and column. `sections` are the
    /// names of the scanners, whose sections may appear besides the core ones.
    pub fn from_toml_str(
        text: &str,
        path: &Path,
        sections: &[&str],
    ) -> Result<Config, ConfigError> {
        let bad = std::cell::RefCell::new(None);
        let seed = CoreSeed {
            sections,
            bad: &bad,
        };
        let mut c = seed
            .deserialize(toml::Deserializer::new(text))
            .map_err(|e| {
                let mut err = invalid(text, path, &e);
                // Errors raised on the whole document carry no position: find the key.
                if let (Some((table, key)), ConfigError::Invalid { line, column, .. }) =
                    (bad.borrow().as_ref(), &mut err)
                {
                    (*line, *column) = locate_key(text, table.as_deref(), key);
                }
                err
            })?;
        c.source = Some((text.to_string(), path.to_path_buf()));
        Ok(c)
    }

    pub fn load(path: &Path, sections: &[&str]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_toml_str(&text, path, sections)
    }

    /// A scanner's own section (`[secrets]`), parsed as that scanner's type with exact
    /// error positions; its default when the section is absent.
    pub fn section<T: serde::de::DeserializeOwned + Default>(
        &self,
        name: &str,
    ) -> Result<T, ConfigError> {
        let Some((text, path)) = &self.source else {
            return Ok(T::default());
        };
        SectionSeed::<T> {
            name,
            _t: std::marker::PhantomData,
        }
        .deserialize(toml::Deserializer::new(text))
        .map(Option::unwrap_or_default)
        .map_err(|e| invalid(text, path, &e))
    }

    /// Where the configuration was read from, if from a file.
    pub fn path(&self) -> Option<&Path> {
        self.source.as_ref().map(|(_, p)| p.as_path())
    }

    /// SHA-256 of the effective configuration — these core settings and every scanner's
    /// effective section — for reports and evidence.
    pub fn digest(&self, sections: &[(&str, serde_json::Value)]) -> String {
        let mut all = serde_json::to_value(self).unwrap_or_default();
        for (name, v) in sections {
            all[*name] = v.clone();
        }
        crate::fingerprint::sha256_hex(&serde_json::to_vec(&all).unwrap_or_default())
    }
}

fn invalid(text: &str, path: &Path, e: &toml::de::Error) -> ConfigError {
    let (line, column) = e
        .span()
        .map(|sp| line_col(text, sp.start))
        .unwrap_or((1, 1));
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        // toml's messages quote the offending value; it may be a secret (an allowlist value).
        message: crate::redact::scrub(e.message()),
    }
}

/// Line and column of `key` at the top level (`table` = None) or in `[table]`.
fn locate_key(text: &str, table: Option<&str>, key: &str) -> (usize, usize) {
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if let Some(head) = t.strip_prefix('[') {
            let name = head.trim_start_matches('[');
            let name = name.split([']', '.']).next().unwrap_or("").trim();
            if table.is_none() && name == key {
                return (i + 1, indent + 1);
            }
            current = Some(name.to_string());
            continue;
        }
        let k = t
            .split(['=', '.'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if k == key && current.as_deref() == table {
            return (i + 1, indent + 1);
        }
    }
    (1, 1)
}

/// The core sections, accepting scanner sections by name and refusing anything else.
/// A refused key is kept in `bad` (its table and name) so the error can point at it.
struct CoreSeed<'a> {
    sections: &'a [&'a str],
    bad: &'a std::cell::RefCell<Option<(Option<String>, String)>>,
}

impl<'de> DeserializeSeed<'de> for CoreSeed<'_> {
    type Value = Config;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Config, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CoreSeed<'_> {
    type Value = Config;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Tollgate configuration")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Config, A::Error> {
        let mut c = Config::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "scan" => c.scan = map.next_value()?,
                "scanners" => c.scanners = map.next_value()?,
                "gate" => c.gate = map.next_value()?,
                "rules" => c.rules = map.next_value()?,
                k if self.sections.contains(&k) || COMMAND_SECTIONS.contains(&k) => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    *self.bad.borrow_mut() = Some((None, other.to_string()));
                    let known: Vec<&str> = CORE_SECTIONS
                        .iter()
                        .chain(self.sections.iter())
                        .chain(COMMAND_SECTIONS.iter())
                        .copied()
                        .collect();
                    return Err(serde::de::Error::custom(format!(
                        "unknown section `{other}`, expected one of {}",
                        known.join(", ")
                    )));
                }
            }
        }
        if let Some(name) = c
            .scanners
            .keys()
            .find(|n| !self.sections.contains(&n.as_str()))
        {
            *self.bad.borrow_mut() = Some((Some("scanners".into()), name.clone()));
            return Err(serde::de::Error::custom(format!(
                "unknown scanner `{name}` in [scanners], expected one of {}",
                self.sections.join(", ")
            )));
        }
        Ok(c)
    }
}

/// One named top-level section, everything else skipped.
struct SectionSeed<'a, T> {
    name: &'a str,
    _t: std::marker::PhantomData<T>,
}

impl<'de, T: serde::de::DeserializeOwned> DeserializeSeed<'de> for SectionSeed<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for SectionSeed<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Tollgate configuration")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.name {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
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

/// The commented core of the default written by `tollgate init`; each scanner adds its
/// own section after it. It must parse to `Config::default()`.
pub const CORE_DEFAULT_TOML: &str = r#"# tollgate.toml — configuration for `tollgate scan`.
# Every key is optional; the values shown are the defaults.

[scan]
# Gitignore-style globs (relative to the scanned directory) that are never scanned.
exclude = []
# Larger files are skipped and listed as not checked. Bytes or "10 MiB".
max_file_size = "10 MiB"
# Follow symbolic links (loops are detected and reported, never followed forever).
follow_symlinks = false
# Honour .gitignore, .ignore and .git/info/exclude.
respect_gitignore = true

[scanners]
# Turn a scanner off (false) or require it (true: a scanner that cannot run is an error).
# A scanner not named here runs by its own default. `--only` overrides this.
# secrets = true
# deps = true

[gate]
# The application's risk tier decides how strict the gate is:
#   critical  payment, trading, core banking: fail on high and above and on any secret,
#             warn on low; inline ignores are not accepted (only approved exceptions);
#             anything that could not be checked fails the gate
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

[rules]
# Rules that do not run, by id or slug, e.g. ["secrets/generic-password"].
disable = []
# A severity other than the rule's default, e.g. { "deps/license-policy" = "low" }.
severity = {}

# Allowlist entries keep matching findings in the report, marked suppressed with the
# reason; they do not count toward the gate. Every field that is set must match; `values`
# are regexes over the value found (the secret, a package's purl).
# [[rules.allowlist]]
# reason = "Public test key of the payment sandbox, documented in ADR-12"
# rules = ["secrets/stripe-secret-key"]
# paths = ["tests/**"]
# values = ["^sk_test_"]
# fingerprints = []
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const SECTIONS: &[&str] = &["secrets", "deps"];

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, default)]
    struct Demo {
        level: u8,
        names: Vec<String>,
    }

    #[test]
    fn default_file_parses_to_defaults() {
        let c = Config::from_toml_str(CORE_DEFAULT_TOML, Path::new("t.toml"), SECTIONS).unwrap();
        assert_eq!(Config { source: None, ..c }, Config::default());
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
        let err =
            Config::from_toml_str(text, Path::new("conf/tollgate.toml"), SECTIONS).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("conf/tollgate.toml:5:"), "{msg}");
        assert!(msg.contains("severe"), "{msg}");

        let typo = "[scan]\nexclud = [\"x\"]\n";
        let msg = Config::from_toml_str(typo, Path::new("t.toml"), SECTIONS)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:2:"), "{msg}");
        assert!(msg.contains("unknown field"), "{msg}");

        let section = "[gate]\n\n[sekrets]\nx = 1\n";
        let msg = Config::from_toml_str(section, Path::new("t.toml"), SECTIONS)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:3:"), "{msg}");
        assert!(msg.contains("unknown section 'sekrets'"), "{msg}");

        // Another command's section is accepted by every command and left to its owner.
        let server = "[gate]\n\n[server]\nlisten = '0.0.0.0:9000'\n";
        let c = Config::from_toml_str(server, Path::new("t.toml"), SECTIONS).unwrap();
        #[derive(Debug, Default, serde::Deserialize, PartialEq)]
        struct Server {
            listen: String,
        }
        assert_eq!(
            c.section::<Server>("server").unwrap().listen,
            "0.0.0.0:9000"
        );

        let scanner = "[scanners]\nsecrets = true\nsast = true\n";
        let msg = Config::from_toml_str(scanner, Path::new("t.toml"), SECTIONS)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:3:1:"), "{msg}");
        assert!(msg.contains("unknown scanner 'sast'"), "{msg}");
    }

    #[test]
    fn scanner_sections_keep_their_own_positions() {
        let text = "[gate]\nfail_on = \"none\"\n[secrets]\nlevel = 3\n\n[deps]\nnames = [\"a\"]\nlevle = 1\n";
        let c = Config::from_toml_str(text, Path::new("t.toml"), SECTIONS).unwrap();
        assert_eq!(c.gate.fail_on, Some(Threshold::None));
        let s: Demo = c.section("secrets").unwrap();
        assert_eq!(s.level, 3);
        let msg = c.section::<Demo>("deps").unwrap_err().to_string();
        assert!(msg.starts_with("t.toml:8:"), "{msg}");
        assert!(msg.contains("unknown field"), "{msg}");
        // Absent section: the scanner's defaults.
        let d = Config::from_toml_str("", Path::new("t.toml"), SECTIONS).unwrap();
        assert_eq!(d.section::<Demo>("deps").unwrap(), Demo::default());
        assert_eq!(
            Config::default().section::<Demo>("deps").unwrap(),
            Demo::default()
        );
    }

    #[test]
    fn values_in_errors_are_redacted() {
        // tollgate:ignore[generic-api-key] synthetic value for the redaction test
        let text = "[gate]\ntier = 5\nfail_on = \"Xk9vQ2mP7kL4wZ8rT3nB\"\n";
        let msg = Config::from_toml_str(text, Path::new("t.toml"), SECTIONS)
            .unwrap_err()
            .to_string();
        assert!(!msg.contains("Q2mP7kL4wZ8rT3nB"), "{msg}");
    }

    #[test]
    fn shared_rules_and_digest() {
        let text = r#"
[rules]
disable = ["secrets/generic-password"]
severity = { "deps/license-policy" = "low" }
[[rules.allowlist]]
reason = "sandbox"
paths = ["tests/**"]
"#;
        let c = Config::from_toml_str(text, Path::new("t.toml"), SECTIONS).unwrap();
        assert_eq!(
            c.rules.disable,
            vec!["secrets/generic-password".to_string()]
        );
        assert_eq!(c.rules.severity["deps/license-policy"], Severity::Low);
        assert_eq!(c.rules.allowlist[0].paths, vec!["tests/**".to_string()]);
        assert_ne!(c.digest(&[]), Config::default().digest(&[]));
        let with = Config::default().digest(&[("secrets", serde_json::json!({"level": 1}))]);
        assert_ne!(with, Config::default().digest(&[]));
    }
}
