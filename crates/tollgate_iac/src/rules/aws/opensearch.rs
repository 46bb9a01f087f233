//! OpenSearch and Elasticsearch domains.

use super::common::{bool_is, fail, is_cfn, show};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![AT_REST, NODE_TO_NODE, HTTPS, PUBLIC]
}

const TYPES: &[&str] = &["aws_opensearch_domain", "aws_elasticsearch_domain"];

const AT_REST: Rule = Rule {
    def: RuleDef {
        slug: "aws/opensearch-at-rest-encryption",
        title: "OpenSearch domain not encrypted at rest",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: TYPES,
        finds: "An OpenSearch or Elasticsearch domain whose `encrypt_at_rest.enabled` (CloudFormation `EncryptionAtRestOptions.Enabled`) is false or not set (the default is false).",
        why: "Search clusters index logs, transactions and customer documents; their disks and snapshots must be encrypted under PCI DSS 3.5 and GDPR art. 32.",
        fix: "Add `encrypt_at_rest { enabled = true kms_key_id = … }`.",
        references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html"],
        aliases: &["CKV_AWS_5", "AVD-AWS-0048"],
    },
    check: |r, _| {
        let path = if is_cfn(r) { "encryption_at_rest_options.enabled" } else { "encrypt_at_rest.enabled" };
        bool_is(r, path, true, false, "the domain is not encrypted at rest")
    },
};

const NODE_TO_NODE: Rule = Rule {
    def: RuleDef {
        slug: "aws/opensearch-node-to-node-encryption",
        title: "OpenSearch domain without node-to-node encryption",
        severity: Severity::Medium,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: TYPES,
        finds: "A domain whose `node_to_node_encryption.enabled` (CloudFormation `NodeToNodeEncryptionOptions.Enabled`) is false or not set (the default is false).",
        why: "Without it, indexed documents travel between cluster nodes in clear text inside the VPC (PCI DSS 4.2 where cardholder data is indexed; GDPR art. 32).",
        fix: "Add `node_to_node_encryption { enabled = true }`.",
        references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html"],
        aliases: &["CKV_AWS_6", "AVD-AWS-0043"],
    },
    check: |r, _| {
        let path = if is_cfn(r) { "node_to_node_encryption_options.enabled" } else { "node_to_node_encryption.enabled" };
        bool_is(r, path, true, false, "traffic between nodes is not encrypted")
    },
};

const HTTPS: Rule = Rule {
    def: RuleDef {
        slug: "aws/opensearch-enforce-https",
        title: "OpenSearch domain does not require HTTPS with TLS 1.2",
        severity: Severity::High,
        cwe: &[319, 326],
        tags: &["tls", "aws"],
        types: TYPES,
        finds: "A domain without `domain_endpoint_options` (the service then accepts HTTP), with `enforce_https = false` (the Terraform block's default is true; CloudFormation's `EnforceHTTPS` defaults to false), or with a `tls_security_policy` that allows TLS 1.0 (`Policy-Min-TLS-1-0-2019-07`).",
        why: "Queries and results — often customer records and logs with personal data — cross the network on every request; PCI DSS 4.2.1 requires strong cryptography and TLS 1.2 or later.",
        fix: "Add `domain_endpoint_options { enforce_https = true tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\" }`.",
        references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html"],
        aliases: &["CKV_AWS_83", "CKV_AWS_228", "AVD-AWS-0046", "AVD-AWS-0126"],
    },
    check: |r, _| {
        let base = "domain_endpoint_options";
        match r.get(base) {
            Lookup::Absent => return fail(None, base, "HTTPS is not enforced (`domain_endpoint_options` not set; the service's default accepts HTTP)"),
            l @ Lookup::Unknown(_) => return Verdict::from_lookup(base, l, |_| Verdict::Pass),
            Lookup::Found(_) => {}
        }
        let https = bool_is(r, &format!("{base}.enforce_https"), true, !is_cfn(r), "HTTPS is not enforced");
        let path = format!("{base}.tls_security_policy");
        let tls = Verdict::from_lookup(&path, r.get(&path), |a| match a {
            Some(a) if a.as_str().is_some_and(|s| s.contains("TLS-1-0")) => Verdict::fail(Violation::at(a, &path, format!("the TLS policy {} allows TLS 1.0", show(a)))),
            _ => Verdict::Pass,
        });
        Verdict::all([https, tls])
    },
};

const PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/opensearch-public-endpoint",
        title: "OpenSearch domain with a public endpoint",
        severity: Severity::High,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: TYPES,
        finds: "A domain with no `vpc_options` (CloudFormation `VPCOptions`): it gets an internet-facing endpoint protected only by its access policy.",
        why: "Open search clusters are among the most common sources of mass data leaks; keeping the domain inside the VPC puts network controls in front of it (PCI DSS 1.3/1.4).",
        fix: "Add `vpc_options { subnet_ids = […] security_group_ids = […] }` (it requires recreating the domain).",
        references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html"],
        aliases: &["CKV_AWS_248"],
    },
    check: |r, _| {
        let path = "vpc_options";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if crate::rule::check::is_set(a) => Verdict::Pass,
            a => fail(a, path, "the domain has a public endpoint (no `vpc_options`)"),
        })
    },
};
