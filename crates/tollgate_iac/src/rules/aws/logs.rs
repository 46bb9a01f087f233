//! CloudWatch log groups.

use super::common::{fail, present};
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![RETENTION, KMS]
}

const RETENTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudwatch-log-retention",
        title: "CloudWatch log group kept less than a year",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_cloudwatch_log_group"],
        finds: "A CloudWatch log group whose `retention_in_days` is set below 365. Not set (or 0) keeps events forever and is not reported: it meets retention, and whether indefinite storage is acceptable is a data-classification decision this rule cannot make.",
        why: "PCI DSS 10.5.1 requires audit logs kept for at least twelve months (three readily available); DORA and SOX investigations reach back further. Logs that expire sooner leave the firm unable to reconstruct incidents.",
        fix: "Set `retention_in_days` to 365 or more (400, 545, 731, 1827 … are accepted values).",
        references: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"],
        aliases: &["CKV_AWS_338"],
    },
    check: |r, _| {
        let path = "retention_in_days";
        Verdict::from_lookup(path, r.get(path), |a| match a.and_then(|a| a.as_f64()) {
            Some(n) if n > 0.0 && n < 365.0 => fail(a, path, format!("events are kept {n} days (less than a year)")),
            _ => Verdict::Pass,
        })
    },
};

const KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudwatch-log-group-kms",
        title: "CloudWatch log group not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "audit-logging", "aws"],
        types: &["aws_cloudwatch_log_group"],
        finds: "A CloudWatch log group with no `kms_key_id`: it is encrypted with a key CloudWatch owns, not one the firm controls.",
        why: "Application logs routinely contain customer identifiers and transaction data; a customer-managed key makes reading them a separately granted, logged permission (PCI DSS 3.5, 10.3.2).",
        fix: "Set `kms_key_id` to a KMS key whose policy allows the `logs.<region>.amazonaws.com` service.",
        references: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
        aliases: &["CKV_AWS_158", "AVD-AWS-0017"],
    },
    check: |r, _| present(r, &["kms_key_id"], "the log group is not encrypted with a customer-managed KMS key"),
};
