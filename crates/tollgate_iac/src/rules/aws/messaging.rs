//! SQS queues and SNS topics.

use super::common::{fail, present};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![SQS, SNS]
}

const SQS: Rule = Rule {
    def: RuleDef {
        slug: "aws/sqs-encryption",
        title: "SQS queue with server-side encryption turned off",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_sqs_queue"],
        finds: "An SQS queue with `sqs_managed_sse_enabled = false` (CloudFormation `SqsManagedSseEnabled: false`) and no `kms_master_key_id`. Not set is not reported: new queues get SSE-SQS by default.",
        why: "Queues carry payment instructions and customer events; messages at rest without encryption fall short of PCI DSS 3.5 and GDPR art. 32.",
        fix: "Set `kms_master_key_id` to a customer-managed key, or at least leave `sqs_managed_sse_enabled` true.",
        references: &["https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html"],
        aliases: &["CKV_AWS_27", "AVD-AWS-0096"],
    },
    check: |r, _| {
        if !matches!(r.get("kms_master_key_id"), Lookup::Absent) {
            return Verdict::Pass;
        }
        let path = "sqs_managed_sse_enabled";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_bool() == Some(false) => fail(Some(a), path, "server-side encryption is turned off and no KMS key is given"),
            _ => Verdict::Pass,
        })
    },
};

const SNS: Rule = Rule {
    def: RuleDef {
        slug: "aws/sns-encryption",
        title: "SNS topic not encrypted",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_sns_topic"],
        finds: "An SNS topic with no `kms_master_key_id` (CloudFormation `KmsMasterKeyId`): SNS does not encrypt topics by default.",
        why: "Notifications about transactions, alerts and customer events rest on SNS storage until delivered; unencrypted they fall short of PCI DSS 3.5 and GDPR art. 32.",
        fix: "Set `kms_master_key_id` (a customer-managed key, or `alias/aws/sns`).",
        references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
        aliases: &["CKV_AWS_26", "AVD-AWS-0095"],
    },
    check: |r, _| present(r, &["kms_master_key_id"], "the topic is not encrypted (`kms_master_key_id` not set; SNS does not encrypt by default)"),
};
