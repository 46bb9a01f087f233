//! The secret rule catalogue, one module per family of credentials.

mod ai;
mod banking;
mod business;
mod ci;
mod cloud;
mod database;
mod files;
mod generic;
mod hosting;
mod identity;
mod keys;
mod kyc;
mod markets;
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
        identity::RULES,
        hosting::RULES,
        scm::RULES,
        ci::RULES,
        payments::RULES,
        banking::RULES,
        markets::RULES,
        kyc::RULES,
        messaging::RULES,
        registries::RULES,
        ai::RULES,
        observability::RULES,
        vault::RULES,
        keys::RULES,
        tokens::RULES,
        database::RULES,
        saas::RULES,
        business::RULES,
        files::RULES,
        generic::RULES,
    ]
    .into_iter()
    .flatten()
    .collect()
}
