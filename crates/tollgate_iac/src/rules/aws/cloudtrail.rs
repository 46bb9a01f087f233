//! CloudTrail trails.

use super::common::{bool_is, is_cfn, present};
use crate::rule::{Rule, RuleDef};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        MULTI_REGION,
        VALIDATION,
        KMS,
        CLOUDWATCH,
        LOGGING,
        GLOBAL_EVENTS,
    ]
}

const TYPES: &[&str] = &["aws_cloudtrail"];
const DOC: &str =
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html";

const MULTI_REGION: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-multi-region",
        title: "CloudTrail trail records one region only",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudTrail trail whose `is_multi_region_trail` (CloudFormation `IsMultiRegionTrail`) is false or not set (the default is false).",
        why: "An attacker working in a region the trail does not cover leaves no audit record; PCI DSS 10.2 and SOX require an audit trail of all administrative actions, wherever they happen.",
        fix: "Set `is_multi_region_trail = true` (and `include_global_service_events = true`).",
        references: &[DOC],
        aliases: &["CKV_AWS_67", "AVD-AWS-0014"],
    },
    check: |r, _| bool_is(r, "is_multi_region_trail", true, false, "the trail records only its own region"),
};

const VALIDATION: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-log-file-validation",
        title: "CloudTrail log file validation off",
        severity: Severity::Medium,
        cwe: &[354, 778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudTrail trail whose `enable_log_file_validation` (CloudFormation `EnableLogFileValidation`) is false or not set (the default is false).",
        why: "Without digest files nobody can prove the audit logs were not altered or deleted after the fact; PCI DSS 10.3.4 requires file-integrity protection of audit logs and forensic evidence depends on it.",
        fix: "Set `enable_log_file_validation = true`.",
        references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"],
        aliases: &["CKV_AWS_36", "AVD-AWS-0016"],
    },
    check: |r, _| bool_is(r, "enable_log_file_validation", true, false, "log files carry no integrity digests"),
};

const KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-kms",
        title: "CloudTrail logs not encrypted with a KMS key",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudTrail trail with no `kms_key_id` (CloudFormation `KMSKeyId`): logs are stored with S3-managed encryption only.",
        why: "Audit logs reveal the account's structure and activity; a KMS key means reading them needs a separately granted, logged permission (PCI DSS 10.3.2 protects audit logs from unauthorised access).",
        fix: "Set `kms_key_id` to a customer-managed key whose policy allows CloudTrail to encrypt.",
        references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html"],
        aliases: &["CKV_AWS_35", "AVD-AWS-0015"],
    },
    check: |r, _| present(r, &["kms_key_id"], "the trail's logs are not encrypted with a KMS key"),
};

const CLOUDWATCH: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-cloudwatch-logs",
        title: "CloudTrail not delivered to CloudWatch Logs",
        severity: Severity::Low,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudTrail trail with no `cloud_watch_logs_group_arn` (CloudFormation `CloudWatchLogsLogGroupArn`): events reach S3 only, so no metric filter or alarm can watch them.",
        why: "Alerting on root logins, policy changes and disabled logging needs the events in CloudWatch; PCI DSS 10.4.1 requires daily automated review of audit logs and DORA art. 10 requires detection of anomalous activity.",
        fix: "Set `cloud_watch_logs_group_arn` (with `:*`) and `cloud_watch_logs_role_arn`.",
        references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html"],
        aliases: &["CKV2_AWS_10", "AVD-AWS-0162"],
    },
    check: |r, _| {
        let path = if is_cfn(r) { "cloud_watch_logs_log_group_arn" } else { "cloud_watch_logs_group_arn" };
        present(r, &[path], "the trail does not deliver events to CloudWatch Logs")
    },
};

const LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-logging-off",
        title: "CloudTrail trail not logging",
        severity: Severity::High,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudTrail trail declared with logging stopped: `enable_logging = false` (Terraform; default true) or `IsLogging: false` (CloudFormation, where it is required).",
        why: "A trail that does not log is an audit trail in name only; stopping logging is a classic step in covering an intrusion, and PCI DSS 10.2 and SOX require continuous audit logging.",
        fix: "Set `enable_logging = true` (CloudFormation `IsLogging: true`).",
        references: &[DOC],
        aliases: &[],
    },
    check: |r, _| {
        if is_cfn(r) {
            bool_is(r, "is_logging", true, false, "the trail is not logging")
        } else {
            bool_is(r, "enable_logging", true, true, "the trail is not logging")
        }
    },
};

const GLOBAL_EVENTS: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudtrail-global-service-events",
        title: "CloudTrail trail leaves out IAM and other global service events",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A multi-region CloudTrail trail with `include_global_service_events = false` (CloudFormation `IncludeGlobalServiceEvents: false`; the default is true).",
        why: "IAM, STS and CloudFront calls are global: leaving them out drops the record of who created users, keys and roles — the events PCI DSS 10.2.1.5 and SOX access reviews need most.",
        fix: "Leave `include_global_service_events` at true on the multi-region trail.",
        references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events"],
        aliases: &[],
    },
    check: |r, _| {
        // A single-region trail without global events is the usual companion of a
        // multi-region one that has them; judge only multi-region trails.
        match r.get("is_multi_region_trail") {
            crate::model::Lookup::Found(a) if a.as_bool() == Some(true) => {}
            l @ crate::model::Lookup::Unknown(_) => {
                return crate::rule::Verdict::from_lookup("is_multi_region_trail", l, |_| crate::rule::Verdict::Pass)
            }
            _ => return crate::rule::Verdict::Pass,
        }
        bool_is(r, "include_global_service_events", true, true, "global service events (IAM, STS) are not recorded")
    },
};
