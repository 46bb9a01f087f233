//! Every built-in IaC rule, one unit each (metadata beside the check), grouped by
//! platform. Fixtures: `resources/test/fixtures/rules/<slug>/` holds `fail.*` files the
//! rule must report and `pass.*` near misses it must not.

pub mod aws;
pub mod azure;
pub mod ci;
pub mod docker;
pub mod gcp;
pub mod kubernetes;
pub mod terraform;

use crate::rule::Rule;

/// Every built-in rule, in id order.
pub fn all() -> &'static [Rule] {
    use std::sync::OnceLock;
    static ALL: OnceLock<Vec<Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<Rule> = Vec::new();
        v.extend(aws::rules());
        v.extend(docker::rules());
        v.extend(azure::rules());
        v.extend(gcp::rules());
        v.extend(kubernetes::rules());
        v.extend(ci::rules());
        v.extend(terraform::rules());
        v.sort_by(|a, b| a.def.slug.cmp(b.def.slug));
        v
    })
}
