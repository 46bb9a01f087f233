//! ElastiCache replication groups (Redis, Valkey).

use super::common::{bool_is, first, str_in};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![AT_REST, IN_TRANSIT, AUTH]
}

const TYPES: &[&str] = &["aws_elasticache_replication_group"];

/// Valkey groups are encrypted by default; Redis OSS groups are not.
fn valkey(r: &crate::model::Resource) -> bool {
    matches!(r.get("engine"), Lookup::Found(a) if str_in(a, &["valkey"]))
}

const AT_REST: Rule = Rule {
    def: RuleDef {
        slug: "aws/elasticache-at-rest-encryption",
        title: "ElastiCache replication group not encrypted at rest",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: TYPES,
        finds: "A Redis replication group whose `at_rest_encryption_enabled` (CloudFormation `AtRestEncryptionEnabled`) is false or not set (the default is false for Redis OSS).",
        why: "Caches hold sessions, tokens and copies of customer records; backups and swapped data are written to disk, which PCI DSS 3.5 and GDPR art. 32 require encrypted.",
        fix: "Set `at_rest_encryption_enabled = true` (with `kms_key_id`); it can only be set when the group is created.",
        references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html"],
        aliases: &["CKV_AWS_29", "AVD-AWS-0045"],
    },
    check: |r, _| bool_is(r, "at_rest_encryption_enabled", true, valkey(r), "the cache is not encrypted at rest"),
};

const IN_TRANSIT: Rule = Rule {
    def: RuleDef {
        slug: "aws/elasticache-in-transit-encryption",
        title: "ElastiCache replication group without TLS",
        severity: Severity::High,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: TYPES,
        finds: "A replication group whose `transit_encryption_enabled` (CloudFormation `TransitEncryptionEnabled`) is false or not set (the default is false for Redis OSS).",
        why: "Without TLS, session tokens and cached customer data cross the network in clear text, readable by anything that can sniff the VPC (PCI DSS 4.2 for cardholder data, GDPR art. 32).",
        fix: "Set `transit_encryption_enabled = true` (and `transit_encryption_mode = \"required\"`).",
        references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html"],
        aliases: &["CKV_AWS_30", "AVD-AWS-0051"],
    },
    check: |r, _| bool_is(r, "transit_encryption_enabled", true, valkey(r), "traffic to the cache is not encrypted"),
};

const AUTH: Rule = Rule {
    def: RuleDef {
        slug: "aws/elasticache-auth",
        title: "ElastiCache replication group without authentication",
        severity: Severity::Medium,
        cwe: &[306],
        tags: &["least-privilege", "aws"],
        types: TYPES,
        finds: "A replication group with neither an `auth_token` nor `user_group_ids` (RBAC): any client that reaches the port can read and write every key.",
        why: "An unauthenticated cache lets any compromised host in the VPC read sessions and tokens or poison cached balances; PCI DSS 8.2 requires every access to be authenticated.",
        fix: "Use RBAC (`user_group_ids`) or an `auth_token` from Secrets Manager; both require in-transit encryption.",
        references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html"],
        aliases: &["CKV_AWS_31"],
    },
    check: |r, _| {
        let (path, l) = first(r, &["auth_token", "user_group_ids"]);
        Verdict::from_lookup(path, l, |a| match a {
            Some(a) if crate::rule::check::is_set(a) => Verdict::Pass,
            a => super::common::fail(a, path, "no auth token or RBAC user group protects the cache"),
        })
    },
};
