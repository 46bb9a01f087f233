//! Market data, trading and crypto-exchange APIs.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
