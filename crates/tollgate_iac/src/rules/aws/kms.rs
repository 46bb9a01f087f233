//! KMS keys.

use super::common::{each_statement, first, has_condition, is_allow, principal_star, str_in};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![ROTATION, POLICY_STAR, DELETION_WINDOW]
}

const ROTATION: Rule = Rule {
    def: RuleDef {
        slug: "aws/kms-key-rotation",
        title: "KMS key without automatic rotation",
        severity: Severity::Medium,
        cwe: &[324],
        tags: &["crypto", "aws"],
        types: &["aws_kms_key"],
        finds: "A symmetric encryption KMS key whose `enable_key_rotation` (CloudFormation `EnableKeyRotation`) is false or not set (the default is false). Asymmetric and HMAC keys, which KMS cannot rotate, are not reported.",
        why: "PCI DSS 3.6.4/3.7.4 require cryptographic keys to be changed at the end of their defined cryptoperiod; automatic yearly rotation meets it without re-encrypting data.",
        fix: "Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).",
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        aliases: &["CKV_AWS_7", "AVD-AWS-0065"],
    },
    check: |r, _| {
        let (path, spec) = first(r, &["customer_master_key_spec", "key_spec"]);
        if let Lookup::Found(a) = spec {
            if !str_in(a, &["SYMMETRIC_DEFAULT"]) {
                return Verdict::Pass;
            }
        }
        if let Lookup::Unknown(_) = spec {
            return Verdict::from_lookup(path, spec, |_| Verdict::Pass);
        }
        if let Lookup::Found(a) = r.get("key_usage") {
            if !str_in(a, &["ENCRYPT_DECRYPT"]) {
                return Verdict::Pass;
            }
        }
        super::common::bool_is(r, "enable_key_rotation", true, false, "the key is never rotated")
    },
};

const POLICY_STAR: Rule = Rule {
    def: RuleDef {
        slug: "aws/kms-key-policy-public",
        title: "KMS key policy allows any principal",
        severity: Severity::High,
        cwe: &[284, 732],
        tags: &["least-privilege", "crypto", "aws"],
        types: &["aws_kms_key"],
        finds: "A KMS key policy (`policy`, CloudFormation `KeyPolicy`) with an Allow statement for `Principal: \"*\"` or `{\"AWS\": \"*\"}` and no `Condition`.",
        why: "Anyone in any AWS account could use or manage the key that protects the firm's data; key access must be restricted to the fewest custodians (PCI DSS 3.6.1).",
        fix: "Name the account root, roles or services in `Principal`; narrow a wildcard with `kms:CallerAccount`, `kms:ViaService` or `aws:PrincipalOrgID` conditions.",
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"],
        aliases: &["CKV_AWS_33"],
    },
    check: |r, _| {
        let (path, l) = first(r, &["policy", "key_policy"]);
        let docs = match l {
            Lookup::Found(a) | Lookup::Unknown(a) => vec![(path.to_string(), a)],
            Lookup::Absent => Vec::new(),
        };
        each_statement(docs, |st| {
            (is_allow(st) && principal_star(st) && !has_condition(st))
                .then(|| "allows any principal (`Principal: \"*\"`, no condition)".to_string())
        })
    },
};

const DELETION_WINDOW: Rule = Rule {
    def: RuleDef {
        slug: "aws/kms-deletion-window",
        title: "KMS key deletion window shorter than 30 days",
        severity: Severity::Low,
        cwe: &[693],
        tags: &["resilience", "crypto", "aws"],
        types: &["aws_kms_key"],
        finds: "A KMS key whose `deletion_window_in_days` (CloudFormation `PendingWindowInDays`) is below 30 (the default is 30; the minimum 7).",
        why: "Deleting a key makes every backup and record encrypted with it unrecoverable; the longest window gives the most time to notice a mistaken or malicious deletion (DORA art. 12 backup recoverability).",
        fix: "Leave the window at 30 days.",
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html"],
        aliases: &[],
    },
    check: |r, _| {
        let (path, l) = first(r, &["deletion_window_in_days", "pending_window_in_days"]);
        Verdict::from_lookup(path, l, |a| match a.and_then(|a| a.as_f64()) {
            Some(n) if n < 30.0 => super::common::fail(a, path, format!("the key can be deleted after {n} days")),
            _ => Verdict::Pass,
        })
    },
};
