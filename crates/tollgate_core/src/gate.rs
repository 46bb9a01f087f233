//! The gate's decision as reports carry it. The policy that makes it lives in
//! `tollgate_policy`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Passed, with findings or conditions someone should look at (exit code 0).
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub status: Status,
    /// The risk tier that set the thresholds (`default` when none is configured).
    #[serde(default)]
    pub tier: String,
    /// `critical` ... `info`, or `none`.
    pub fail_on: String,
    #[serde(default)]
    pub warn_on: String,
    /// Why the gate failed or passed, one line each.
    pub reasons: Vec<String>,
    /// What passed but deserves attention, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}
