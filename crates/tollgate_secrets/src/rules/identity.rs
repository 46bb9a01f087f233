//! Identity providers and single sign-on.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
