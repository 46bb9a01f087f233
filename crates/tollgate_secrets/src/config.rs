//! The `[secrets]` section of `tollgate.toml`.

use serde::{Deserialize, Serialize};
use tollgate_core::config::AllowlistEntry;
use tollgate_core::Confidence;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    /// Findings below this confidence are dropped from the report.
    pub min_confidence: Confidence,
    /// Rule ids (or their slugs) that do not run (as `[rules] disable`).
    pub disabled_rules: Vec<String>,
    /// Decode base64 values (Kubernetes Secret data, Basic auth) and scan them again.
    pub decode_base64: bool,
    /// As `[[rules.allowlist]]`, for secrets only.
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

/// The commented `[secrets]` section of the default `tollgate.toml`.
pub const DEFAULT_TOML: &str = r#"
[secrets]
# Findings below this confidence are left out of the report: high, medium or low.
# Findings in tests, fixtures, examples and documentation have their confidence lowered
# one step (a high-confidence key there is reported at medium and counts toward the gate);
# "low" also reports generic-looking values there.
min_confidence = "medium"
# Rules that do not run, by id or slug (or use [rules] disable).
disabled_rules = []
# Decode base64 values (Kubernetes Secret data, HTTP Basic credentials) and scan them too.
decode_base64 = true
"#;
