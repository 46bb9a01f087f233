//! Secrets Manager, detective services (GuardDuty, Config), AWS Backup and required tags.

use super::common::{
    bool_is, each_statement, fail, first, has_condition, is_allow, present, principal_star, split,
};
use crate::model::{Lookup, Value};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        SECRET_ROTATION,
        SECRET_CMK,
        SSM_SECURE,
        RESOURCE_POLICY_PUBLIC,
        GUARDDUTY,
        CONFIG,
        BACKUP_VAULT_KMS,
        BACKUP_RETENTION,
        REQUIRED_TAGS,
        WAF_LOGGING,
        SAGEMAKER_INTERNET,
        SAGEMAKER_ROOT,
    ]
}

const SECRET_ROTATION: Rule = Rule {
    def: RuleDef {
        slug: "aws/secretsmanager-rotation",
        title: "Secrets Manager secret without rotation",
        severity: Severity::Medium,
        cwe: &[798],
        tags: &["secret", "aws"],
        types: &["aws_secretsmanager_secret"],
        finds: "A Secrets Manager secret that no `aws_secretsmanager_secret_rotation` (CloudFormation `AWS::SecretsManager::RotationSchedule`) in the same configuration refers to.",
        why: "A password that never changes stays valid for everyone who ever saw it; PCI DSS 8.3.9 and 8.6.3 require periodic change of system and application credentials.",
        fix: "Add `aws_secretsmanager_secret_rotation` with a rotation Lambda and `rotation_rules { automatically_after_days = 30 }` (or use RDS-managed master passwords).",
        references: &["https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html"],
        aliases: &["CKV2_AWS_57"],
    },
    check: |r, ctx| {
        if split(ctx, r, &["aws_secretsmanager_secret_rotation", "AWS::SecretsManager::RotationSchedule"]).is_empty() {
            fail(None, "aws_secretsmanager_secret_rotation", "no rotation is configured for the secret")
        } else {
            Verdict::Pass
        }
    },
};

const SECRET_CMK: Rule = Rule {
    def: RuleDef {
        slug: "aws/secretsmanager-kms-cmk",
        title: "Secrets Manager secret not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["secret", "encryption-at-rest", "aws"],
        types: &["aws_secretsmanager_secret"],
        finds: "A secret with no `kms_key_id`: it is encrypted with the AWS-managed `aws/secretsmanager` key, which any principal with `secretsmanager:GetSecretValue` in the account can use.",
        why: "A customer-managed key adds a second, separately granted permission and allows sharing across accounts under control; PCI DSS 3.6 expects key access limited to custodians.",
        fix: "Set `kms_key_id` to a customer-managed key.",
        references: &["https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html"],
        aliases: &["CKV_AWS_149", "AVD-AWS-0098"],
    },
    check: |r, _| present(r, &["kms_key_id"], "the secret is encrypted with the AWS-managed key (`kms_key_id` not set)"),
};

const GUARDDUTY: Rule = Rule {
    def: RuleDef {
        slug: "aws/guardduty-disabled",
        title: "GuardDuty detector declared but disabled",
        severity: Severity::Low,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_guardduty_detector"],
        finds: "An `aws_guardduty_detector` with `enable = false` (default true), or a CloudFormation detector with `Enable: false`.",
        why: "GuardDuty is the account's threat detection; DORA art. 10 requires mechanisms to detect anomalous activity and PCI DSS 11.5 intrusion detection.",
        fix: "Set `enable = true`.",
        references: &["https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html"],
        aliases: &[],
    },
    check: |r, _| bool_is(r, "enable", true, true, "threat detection is turned off"),
};

const CONFIG: Rule = Rule {
    def: RuleDef {
        slug: "aws/config-recorder-disabled",
        title: "AWS Config recorder declared but stopped",
        severity: Severity::Low,
        cwe: &[778],
        tags: &["audit-logging", "inventory", "aws"],
        types: &["aws_config_configuration_recorder_status", "aws_config_configuration_recorder"],
        finds: "An `aws_config_configuration_recorder_status` with `is_enabled = false`, or a recorder whose `recording_group.all_supported` is false (records only chosen resource types).",
        why: "AWS Config is the configuration history auditors use to show what the environment looked like on a given date (SOX change management, PCI DSS 1.2.7/2.2 configuration standards).",
        fix: "Set `is_enabled = true` and record all supported resource types.",
        references: &["https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html"],
        aliases: &[],
    },
    check: |r, _| {
        if r.resource_type == "aws_config_configuration_recorder_status" {
            bool_is(r, "is_enabled", true, false, "the configuration recorder is stopped")
        } else {
            let path = "recording_group.all_supported";
            Verdict::from_lookup(path, r.get(path), |a| match a {
                Some(a) if a.as_bool() == Some(false) => Verdict::fail(Violation::at(a, path, "the recorder records only selected resource types")),
                _ => Verdict::Pass,
            })
        }
    },
};

const BACKUP_VAULT_KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/backup-vault-kms",
        title: "Backup vault not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["backup", "encryption-at-rest", "aws"],
        types: &["aws_backup_vault"],
        finds: "An `aws_backup_vault` with no `kms_key_arn` (CloudFormation `EncryptionKeyArn`): backups are encrypted with the AWS-managed `aws/backup` key.",
        why: "Backups are full copies of the firm's data; a customer-managed key restricts who can restore them and allows cross-account recovery copies under the firm's control (PCI DSS 3.6, DORA art. 12).",
        fix: "Set `kms_key_arn` to a customer-managed key.",
        references: &["https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html"],
        aliases: &["CKV_AWS_166"],
    },
    check: |r, _| present(r, &["kms_key_arn", "encryption_key_arn"], "the vault is encrypted with the AWS-managed key"),
};

const BACKUP_RETENTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/backup-plan-retention",
        title: "Backup plan keeps recovery points less than 30 days",
        severity: Severity::Medium,
        cwe: &[693],
        tags: &["backup", "resilience", "aws"],
        types: &["aws_backup_plan", "AWS::Backup::BackupPlan"],
        finds: "An `aws_backup_plan` rule whose `lifecycle.delete_after` (CloudFormation `BackupPlanRule[].Lifecycle.DeleteAfterDays`) is below 30 days. A rule with no lifecycle keeps recovery points indefinitely and passes.",
        why: "Ransomware and data corruption are often found weeks later; DORA art. 12 requires backups that allow restoration to a point before the incident, and firms' retention schedules are seldom below a month.",
        fix: "Set `lifecycle { delete_after = 35 }` or more (and `cold_storage_after` for long-term copies).",
        references: &["https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html"],
        aliases: &[],
    },
    check: |r, _| {
        let (list, days) = if r.resource_type == "AWS::Backup::BackupPlan" {
            ("backup_plan.backup_plan_rule", "lifecycle.delete_after_days")
        } else {
            ("rule", "lifecycle.delete_after")
        };
        Verdict::from_lookup(list, r.get(list), |rules| {
            let Some(rules) = rules else { return Verdict::Pass };
            Verdict::all(rules.items().into_iter().enumerate().map(|(i, rule)| {
                let path = format!("{list}.{i}.{days}");
                Verdict::from_lookup(&path, rule.lookup(days), |a| match a.and_then(|a| a.as_f64()) {
                    Some(n) if n < 30.0 => fail(a, &path, format!("recovery points are deleted after {n} days")),
                    _ => Verdict::Pass,
                })
            }))
        })
    },
};

/// AWS resource types that take `tags` (Terraform names; CloudFormation maps onto them).
const TAGGABLE: &[&str] = &[
    "aws_s3_bucket",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_security_group",
    "aws_ebs_volume",
    "aws_instance",
    "aws_launch_template",
    "aws_vpc",
    "aws_subnet",
    "aws_flow_log",
    "aws_cloudtrail",
    "aws_kms_key",
    "aws_dynamodb_table",
    "aws_lambda_function",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_elasticache_replication_group",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_eks_cluster",
    "aws_ecr_repository",
    "aws_iam_role",
    "aws_iam_policy",
    "aws_iam_user",
    "aws_efs_file_system",
    "aws_redshift_cluster",
    "aws_lb",
    "aws_alb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_api_gateway_stage",
    "aws_cloudfront_distribution",
    "aws_secretsmanager_secret",
    "aws_cloudwatch_log_group",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_msk_cluster",
    "aws_kinesis_stream",
    "aws_ecs_task_definition",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_backup_vault",
    "aws_backup_plan",
    "aws_guardduty_detector",
    "aws_wafv2_web_acl",
    "aws_ssm_parameter",
    "aws_nat_gateway",
    "aws_internet_gateway",
    "aws_route_table",
    "aws_eip",
    "aws_autoscaling_group",
    "aws_efs_access_point",
    "aws_sfn_state_machine",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_stage",
    "aws_api_gateway_rest_api",
    "aws_db_subnet_group",
    "aws_elasticache_cluster",
    "aws_glue_job",
    "aws_sagemaker_notebook_instance",
];

const REQUIRED_TAGS: Rule = Rule {
    def: RuleDef {
        slug: "aws/required-tags",
        title: "AWS resource without the required tags",
        severity: Severity::Low,
        cwe: &[],
        tags: &["tagging", "inventory", "aws"],
        types: TAGGABLE,
        finds: "A taggable AWS resource whose `tags` lack one of the tags configured in `[iac] required_tags` (compared case-insensitively). Off when the list is empty. Tags set by the provider's `default_tags` are not visible to this rule and do not count; suppress or list them per resource if you rely on them.",
        why: "Owner, data-classification and cost-centre tags are how a firm keeps its asset inventory (PCI DSS 12.5.1, DORA art. 8 identification of ICT assets) and knows which resources hold regulated data.",
        fix: "Add the missing tags to the resource (`tags = { owner = \"…\", data-classification = \"…\" }`).",
        references: &["https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"],
        aliases: &[],
    },
    check: |r, ctx| {
        let want = &ctx.config.required_tags;
        if want.is_empty() {
            return Verdict::Pass;
        }
        let path = "tags";
        Verdict::from_lookup(path, r.get(path), |a| {
            let have: Vec<String> = match a.map(|a| &a.value) {
                Some(Value::Map(m)) => m.keys().map(|k| k.to_ascii_lowercase()).collect(),
                _ => Vec::new(),
            };
            let missing: Vec<&str> = want
                .iter()
                .filter(|t| !have.contains(&t.to_ascii_lowercase()))
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                Verdict::Pass
            } else {
                fail(a, path, format!("missing required tags: {}", missing.join(", ")))
            }
        })
    },
};

const SSM_SECURE: Rule = Rule {
    def: RuleDef {
        slug: "aws/ssm-parameter-secret-plaintext",
        title: "SSM parameter named like a secret stored as plain String",
        severity: Severity::Medium,
        cwe: &[312],
        tags: &["secret", "encryption-at-rest", "aws"],
        types: &["aws_ssm_parameter"],
        finds: "An `aws_ssm_parameter` whose name says it holds a credential (`…password`, `…secret…`, `…token`, `…api_key`, `…private_key`) and whose `type` is `String` or `StringList` rather than `SecureString`. CloudFormation cannot create SecureString parameters and is not reported.",
        why: "Plain String parameters are readable by anyone with `ssm:GetParameter` and are not encrypted with KMS; PCI DSS 3.5 and 8.3.2 require stored credentials to be encrypted.",
        fix: "Use `type = \"SecureString\"` with a customer-managed `key_id`, or Secrets Manager for rotating credentials.",
        references: &["https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"],
        aliases: &[],
    },
    check: |r, _| {
        if super::common::is_cfn(r) {
            return Verdict::Pass;
        }
        let name = match r.get("name") {
            Lookup::Found(a) => a.as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string(),
            l @ Lookup::Unknown(_) => return Verdict::from_lookup("name", l, |_| Verdict::Pass),
            Lookup::Absent => return Verdict::Pass,
        };
        if !super::lambda::secret_name(&name) {
            return Verdict::Pass;
        }
        let path = "type";
        Verdict::from_lookup(path, r.get(path), |a| match a.and_then(|a| a.as_str()) {
            Some("SecureString") => Verdict::Pass,
            Some(t) => fail(a, path, format!("the parameter `{name}` is stored as `{t}`, not SecureString")),
            None => Verdict::Pass,
        })
    },
};

/// Resource policies of queues, topics, repositories and secrets (each resource's own
/// `policy`, or a separate policy resource).
const RESOURCE_POLICY_TYPES: &[&str] = &[
    "aws_sqs_queue",
    "aws_sqs_queue_policy",
    "aws_sns_topic",
    "aws_sns_topic_policy",
    "aws_ecr_repository_policy",
    "aws_ecr_repository",
    "aws_secretsmanager_secret_policy",
    "aws_secretsmanager_secret",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_backup_vault_policy",
    "aws_glacier_vault",
    "aws_backup_vault",
    "AWS::SecretsManager::ResourcePolicy",
];

const RESOURCE_POLICY_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/resource-policy-public",
        title: "Resource policy grants access to everyone",
        severity: Severity::High,
        cwe: &[284, 732],
        tags: &["least-privilege", "network-exposure", "aws"],
        types: RESOURCE_POLICY_TYPES,
        finds: "A resource policy of an SQS queue, SNS topic, ECR repository, Secrets Manager secret, OpenSearch/Elasticsearch domain outside a VPC (`access_policies`; inside a VPC an open policy is the usual pattern, with security groups deciding), backup vault or Glacier vault (inline `policy`, the separate `…_policy` resources, CloudFormation `QueuePolicy`/`TopicPolicy` `PolicyDocument`, a repository's `RepositoryPolicyText`, a domain's `AccessPolicies`) with an Allow statement for `Principal: \"*\"` and no `Condition`.",
        why: "Anyone with an AWS account could read payment messages, publish forged notifications, pull the firm's images or read a secret; PCI DSS 7.2 requires access limited by need.",
        fix: "Name the accounts, roles or services in `Principal`, or restrict a wildcard with `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID` conditions.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html"],
        aliases: &["CKV_AWS_72", "CKV_AWS_169", "CKV_AWS_32"],
    },
    check: |r, _| {
        let domain = matches!(r.resource_type.as_str(), "aws_opensearch_domain" | "aws_elasticsearch_domain");
        if domain && !matches!(r.get("vpc_options"), Lookup::Absent) {
            return Verdict::Pass;
        }
        let docs = match first(
            r,
            &["policy", "policy_document", "repository_policy_text",
                "resource_policy", "access_policies", "access_policy"],
        ) {
            (p, Lookup::Found(a) | Lookup::Unknown(a)) => vec![(p.to_string(), a)],
            _ => Vec::new(),
        };
        each_statement(docs, |st| {
            (is_allow(st) && principal_star(st) && !has_condition(st))
                .then(|| "allows everyone (`Principal: \"*\"`, no condition)".to_string())
        })
    },
};

const WAF_LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/wafv2-logging",
        title: "WAF web ACL without logging",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_wafv2_web_acl"],
        finds: "An `aws_wafv2_web_acl` that no `aws_wafv2_web_acl_logging_configuration` (CloudFormation `AWS::WAFv2::LoggingConfiguration`) in the same configuration refers to.",
        why: "WAF logs are the record of attacks blocked and let through at the edge of the firm's web applications; PCI DSS 10.2 and 6.4.2 expect them reviewed, and incident responders need them to scope an attack.",
        fix: "Add `aws_wafv2_web_acl_logging_configuration` with `resource_arn = aws_wafv2_web_acl.x.arn` and a log destination (CloudWatch Logs, S3 or Firehose).",
        references: &["https://docs.aws.amazon.com/waf/latest/developerguide/logging.html"],
        aliases: &["CKV2_AWS_31"],
    },
    check: |r, ctx| {
        if split(ctx, r, &["aws_wafv2_web_acl_logging_configuration", "AWS::WAFv2::LoggingConfiguration"]).is_empty() {
            fail(None, "aws_wafv2_web_acl_logging_configuration", "no logging configuration refers to the web ACL")
        } else {
            Verdict::Pass
        }
    },
};

const SAGEMAKER_INTERNET: Rule = Rule {
    def: RuleDef {
        slug: "aws/sagemaker-notebook-direct-internet",
        title: "SageMaker notebook with direct internet access",
        severity: Severity::Medium,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"],
        finds: "A SageMaker notebook instance whose `direct_internet_access` (CloudFormation `DirectInternetAccess`) is `Enabled` or not set (the default is Enabled).",
        why: "Notebooks are where analysts load customer and transaction data; direct internet access bypasses the VPC's egress controls and makes exfiltration a single command (PCI DSS 1.4, GDPR art. 32).",
        fix: "Set `direct_internet_access = \"Disabled\"` and give the notebook a subnet with controlled egress.",
        references: &["https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html"],
        aliases: &["CKV_AWS_122"],
    },
    check: |r, _| {
        let path = "direct_internet_access";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if super::common::str_in(a, &["Disabled"]) => Verdict::Pass,
            Some(a) => fail(Some(a), path, "the notebook reaches the internet directly"),
            None => fail(None, path, "`direct_internet_access` is not set; the default is Enabled"),
        })
    },
};

const SAGEMAKER_ROOT: Rule = Rule {
    def: RuleDef {
        slug: "aws/sagemaker-notebook-root-access",
        title: "SageMaker notebook users have root",
        severity: Severity::Low,
        cwe: &[250],
        tags: &["least-privilege", "aws"],
        types: &["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"],
        finds: "A SageMaker notebook instance whose `root_access` (CloudFormation `RootAccess`) is `Enabled` or not set (the default is Enabled).",
        why: "Root on the notebook lets any user change its software, disable its controls and read every other user's work and credentials on it (PCI DSS 7.2 least privilege).",
        fix: "Set `root_access = \"Disabled\"` and install packages through lifecycle configurations.",
        references: &["https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html"],
        aliases: &[],
    },
    check: |r, _| {
        let path = "root_access";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if super::common::str_in(a, &["Disabled"]) => Verdict::Pass,
            Some(a) => fail(Some(a), path, "notebook users have root"),
            None => fail(None, path, "`root_access` is not set; the default is Enabled"),
        })
    },
};
