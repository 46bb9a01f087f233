//! The secret rule catalogue, one module per family of credentials.

mod ai;
mod cloud;
mod database;
mod generic;
mod keys;
mod messaging;
mod observability;
mod payments;
mod registries;
mod saas;
mod scm;
mod tokens;
mod vault;

use crate::rule::SecretRule;

/// Every secret rule, in a fixed order.
pub fn all() -> Vec<&'static SecretRule> {
    [
        cloud::RULES,
        scm::RULES,
        payments::RULES,
        messaging::RULES,
        registries::RULES,
        ai::RULES,
        observability::RULES,
        vault::RULES,
        keys::RULES,
        tokens::RULES,
        database::RULES,
        saas::RULES,
        generic::RULES,
    ]
    .into_iter()
    .flatten()
    .collect()
}
