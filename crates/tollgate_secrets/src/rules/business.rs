//! Business applications: accounting, CRM, e-signature, HR and support.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
