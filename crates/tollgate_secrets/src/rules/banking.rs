//! Banking, open-banking and money-movement APIs.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
