//! Identity verification, fraud, AML screening and credit bureaus.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
