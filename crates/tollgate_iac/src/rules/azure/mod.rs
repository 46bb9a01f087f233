//! Azure rules, written against the `azurerm` Terraform provider's types. Attributes the
//! provider renamed across major versions are read in both spellings; where an attribute
//! is missing the provider's default decides, and the message says so.

mod compute;
mod database;
mod keyvault;
mod network;
mod storage;
pub(crate) mod util;

use crate::rule::Rule;

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(storage::rules());
    v.extend(network::rules());
    v.extend(database::rules());
    v.extend(keyvault::rules());
    v.extend(compute::rules());
    v
}
