//! The `[deps]` section of `tollgate.toml`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DepsConfig {
    /// SPDX licence ids allowed; when set, any other declared licence is a finding.
    pub licenses_allow: Vec<String>,
    /// SPDX licence ids that are never allowed.
    pub licenses_deny: Vec<String>,
    /// Advisory data older than this many days (by its newest record) is a gate warning.
    pub max_advisory_age_days: Option<u32>,
}

/// Days after which advisory data is called old when the configuration does not say.
pub const DEFAULT_MAX_ADVISORY_AGE_DAYS: u32 = 7;

/// The commented `[deps]` section of the default `tollgate.toml`.
pub const DEFAULT_TOML: &str = r#"
[deps]
# Licence policy for dependencies whose lockfile declares a licence (npm lockfiles v2+):
# SPDX ids. With licenses_allow set, any other licence is a finding; licenses_deny always is.
licenses_allow = []
licenses_deny = []
# Advisory data whose newest record is older than this is a gate warning.
# max_advisory_age_days = 7
"#;
