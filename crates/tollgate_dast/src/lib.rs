//! Dynamic testing of a running web application or API, driven by its OpenAPI document
//! (`tollgate dast`): every operation called with example values, passive checks on every
//! response, safe active probes, and authorisation tests with two or more identities.
//! Findings are in the common model, with URL locations and redacted request and response
//! evidence, so compliance mapping, the gate, reports and the ledger treat them like any
//! scanner's.
//!
//! `https://` targets are tested over TLS (rustls); the target's certificate, protocol
//! versions and cipher suites are checked first, and a certificate that does not verify
//! stops the run before any credential is sent ([`tls`]).
//!
//! Only the target's host (and hosts added to the scope) is ever contacted; redirects are
//! recorded, never followed; rate, concurrency and time are bounded; nothing but GET, HEAD
//! and OPTIONS is sent unless unsafe methods are allowed. What was not tested is listed in
//! [`DastRun::unchecked`].

pub mod active;
pub mod authz;
pub mod client;
pub mod error;
pub mod example;
pub mod har;
pub mod http;
pub mod identity;
pub mod jwt;
pub mod login;
pub mod nosql;
pub mod openapi;
pub mod passive;
pub mod rule;
pub mod run;
pub mod safe;
pub mod schema;
pub mod ssrf;
pub mod tls;

pub use error::DastError;
pub use identity::Identity;
pub use run::{run, DastRun, DocSource, Options};

/// The scanner name in reports.
pub const SCANNER: &str = "dast";

/// Every DAST rule's metadata, sorted by id.
pub fn rules() -> Vec<tollgate_core::RuleMeta> {
    let mut v: Vec<tollgate_core::RuleMeta> = passive::rules()
        .into_iter()
        .chain(active::rules())
        .chain(authz::rules())
        .chain(jwt::rules())
        .chain(ssrf::rules())
        .chain(nosql::rules())
        .chain(login::rules())
        .chain(tls::rules())
        .map(|r| r.meta())
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_ids_are_unique_and_documented() {
        let rules = super::rules();
        let mut ids: Vec<_> = rules.iter().map(|r| r.id.to_string()).collect();
        ids.dedup();
        assert_eq!(ids.len(), rules.len());
        for r in &rules {
            assert!(r.id.as_str().starts_with("dast/"));
            assert!(!r.cwe.is_empty(), "{}", r.id);
            assert!(r.doc.contains("Why it matters in finance"), "{}", r.id);
            assert!(!r.remediation.is_empty(), "{}", r.id);
        }
    }
}
