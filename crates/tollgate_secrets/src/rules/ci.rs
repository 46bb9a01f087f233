//! Continuous-integration and delivery services.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
