//! Hosting, platform-as-a-service, CDN and edge providers.

use crate::rule::SecretRule;

pub(crate) const RULES: &[SecretRule] = &[];
