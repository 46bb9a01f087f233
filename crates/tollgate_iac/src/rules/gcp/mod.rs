//! GCP rules, written against the `google` Terraform provider's types. Where an
//! attribute is missing the provider's (or the API's) default decides, and the message
//! says so.

mod bigquery;
mod compute;
mod gke;
mod iam;
mod network;
mod sql;
mod storage;

use crate::rule::Rule;

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(storage::rules());
    v.extend(network::rules());
    v.extend(sql::rules());
    v.extend(iam::rules());
    v.extend(compute::rules());
    v.extend(gke::rules());
    v.extend(bigquery::rules());
    v
}
