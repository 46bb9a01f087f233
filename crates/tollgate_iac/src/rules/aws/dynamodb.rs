//! DynamoDB tables.

use super::common::{bool_is, is_cfn, present};
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![PITR, CMK]
}

const PITR: Rule = Rule {
    def: RuleDef {
        slug: "aws/dynamodb-point-in-time-recovery",
        title: "DynamoDB table without point-in-time recovery",
        severity: Severity::Medium,
        cwe: &[693],
        tags: &["backup", "resilience", "aws"],
        types: &["aws_dynamodb_table"],
        finds: "A DynamoDB table whose point-in-time recovery is off or not set (`point_in_time_recovery { enabled = true }`, CloudFormation `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled`; the default is off).",
        why: "Without continuous backups a bad deployment or a malicious write to a balance or session table cannot be rolled back to the second before; DORA art. 12 requires restorable backups of critical data.",
        fix: "Add `point_in_time_recovery { enabled = true }`.",
        references: &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"],
        aliases: &["CKV_AWS_28", "AVD-AWS-0024"],
    },
    check: |r, _| {
        let path = if is_cfn(r) {
            "point_in_time_recovery_specification.point_in_time_recovery_enabled"
        } else {
            "point_in_time_recovery.enabled"
        };
        bool_is(r, path, true, false, "point-in-time recovery is off")
    },
};

const CMK: Rule = Rule {
    def: RuleDef {
        slug: "aws/dynamodb-kms-cmk",
        title: "DynamoDB table not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_dynamodb_table"],
        finds: "A DynamoDB table encrypted with the AWS-owned key: `server_side_encryption` absent or not enabled (CloudFormation `SSESpecification.SSEEnabled`), or enabled without `kms_key_arn` (CloudFormation `KMSMasterKeyId`), which uses the AWS-managed `aws/dynamodb` key.",
        why: "Every table is encrypted, but with an AWS-owned key no key policy or CloudTrail record shows who decrypted the firm's data; a customer-managed key gives that control (PCI DSS 3.6, 10.2).",
        fix: "Add `server_side_encryption { enabled = true kms_key_arn = aws_kms_key.x.arn }`.",
        references: &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"],
        aliases: &["CKV_AWS_119", "AVD-AWS-0025"],
    },
    check: |r, _| {
        let (on, key) = if is_cfn(r) {
            ("sse_specification.sse_enabled", "sse_specification.kms_master_key_id")
        } else {
            ("server_side_encryption.enabled", "server_side_encryption.kms_key_arn")
        };
        let enabled = bool_is(r, on, true, false, "the table is encrypted with the AWS-owned key");
        if enabled != Verdict::Pass {
            return enabled;
        }
        present(r, &[key], "the table is encrypted with the AWS-managed key, not a customer-managed one")
    },
};
