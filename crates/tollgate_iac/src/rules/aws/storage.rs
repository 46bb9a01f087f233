//! Data stores without a module of their own: EFS, Redshift, DocumentDB, Neptune, MSK,
//! Kinesis.

use super::common::{bool_is, fail, is_cfn, show, str_in};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        EFS,
        REDSHIFT_ENC,
        REDSHIFT_PUBLIC,
        DOCDB,
        NEPTUNE,
        MSK_TLS,
        KINESIS,
        REDSHIFT_AUDIT,
        DOCDB_AUDIT,
        DMS_PUBLIC,
    ]
}

const EFS: Rule = Rule {
    def: RuleDef {
        slug: "aws/efs-encrypted",
        title: "EFS file system not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_efs_file_system"],
        finds: "An EFS file system whose `encrypted` is false or not set (the provider's and CloudFormation's default is false).",
        why: "Shared file systems hold batch files, statements and exports; PCI DSS 3.5 and GDPR art. 32 require them encrypted at rest, and encryption cannot be added to an existing file system.",
        fix: "Set `encrypted = true` and `kms_key_id`.",
        references: &["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
        aliases: &["CKV_AWS_42", "AVD-AWS-0037"],
    },
    check: |r, _| bool_is(r, "encrypted", true, false, "the file system is not encrypted"),
};

const REDSHIFT_ENC: Rule = Rule {
    def: RuleDef {
        slug: "aws/redshift-encrypted",
        title: "Redshift cluster not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_redshift_cluster"],
        finds: "A Redshift cluster whose `encrypted` is false or not set (the provider's default is false).",
        why: "Data warehouses concentrate years of transactions and customer data; PCI DSS 3.5 and GDPR art. 32 require them encrypted at rest.",
        fix: "Set `encrypted = true` with `kms_key_id`.",
        references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"],
        aliases: &["CKV_AWS_64", "AVD-AWS-0084"],
    },
    check: |r, _| bool_is(r, "encrypted", true, false, "the cluster is not encrypted"),
};

const REDSHIFT_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/redshift-publicly-accessible",
        title: "Redshift cluster publicly accessible",
        severity: Severity::Critical,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_redshift_cluster"],
        finds: "A Redshift cluster with `publicly_accessible = true`. Not set is not reported: the provider's default has changed between major versions.",
        why: "A data warehouse reachable from the internet exposes the firm's whole analytical history of customers and transactions; PCI DSS 1.3/1.4 forbid it.",
        fix: "Set `publicly_accessible = false` and reach the cluster through the VPC.",
        references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html"],
        aliases: &["CKV_AWS_87"],
    },
    check: |r, _| {
        let path = "publicly_accessible";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_bool() == Some(true) => Verdict::fail(Violation::at(a, path, "the cluster is reachable from the internet")),
            _ => Verdict::Pass,
        })
    },
};

const DOCDB: Rule = Rule {
    def: RuleDef {
        slug: "aws/docdb-storage-encrypted",
        title: "DocumentDB cluster not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_docdb_cluster"],
        finds: "A DocumentDB cluster whose `storage_encrypted` is false or not set (the default is false).",
        why: "Document stores hold customer profiles and application state; PCI DSS 3.5 and GDPR art. 32 require encryption at rest, which cannot be added later.",
        fix: "Set `storage_encrypted = true` with `kms_key_id`.",
        references: &["https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html"],
        aliases: &["CKV_AWS_74", "AVD-AWS-0021"],
    },
    check: |r, _| bool_is(r, "storage_encrypted", true, false, "storage is not encrypted"),
};

const NEPTUNE: Rule = Rule {
    def: RuleDef {
        slug: "aws/neptune-storage-encrypted",
        title: "Neptune cluster not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_neptune_cluster"],
        finds: "A Neptune cluster whose `storage_encrypted` is false or not set (the default is false).",
        why: "Graph databases in finance typically model fraud rings and customer relationships — personal data that PCI DSS 3.5 and GDPR art. 32 require encrypted at rest.",
        fix: "Set `storage_encrypted = true` with `kms_key_arn`.",
        references: &["https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html"],
        aliases: &["CKV_AWS_44"],
    },
    check: |r, _| bool_is(r, "storage_encrypted", true, false, "storage is not encrypted"),
};

const MSK_TLS: Rule = Rule {
    def: RuleDef {
        slug: "aws/msk-in-transit-encryption",
        title: "MSK cluster allows plaintext traffic",
        severity: Severity::High,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: &["aws_msk_cluster"],
        finds: "An MSK cluster whose `encryption_info.encryption_in_transit.client_broker` is `PLAINTEXT` or `TLS_PLAINTEXT` (the default is TLS), or whose `in_cluster` is false (the default is true).",
        why: "Kafka topics carry payment events and customer changes; plaintext listeners let anything on the network read or inject them (PCI DSS 4.2, GDPR art. 32).",
        fix: "Set `client_broker = \"TLS\"` and leave `in_cluster = true`.",
        references: &["https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html"],
        aliases: &["CKV_AWS_81", "AVD-AWS-0073"],
    },
    check: |r, _| {
        let cb = "encryption_info.encryption_in_transit.client_broker";
        let client = Verdict::from_lookup(cb, r.get(cb), |a| match a {
            Some(a) if str_in(a, &["PLAINTEXT", "TLS_PLAINTEXT"]) => Verdict::fail(Violation::at(a, cb, format!("clients may connect without TLS ({})", show(a)))),
            _ => Verdict::Pass,
        });
        let inside = bool_is(r, "encryption_info.encryption_in_transit.in_cluster", true, true, "traffic between brokers is not encrypted");
        Verdict::all([client, inside])
    },
};

const KINESIS: Rule = Rule {
    def: RuleDef {
        slug: "aws/kinesis-stream-encrypted",
        title: "Kinesis stream not encrypted",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_kinesis_stream"],
        finds: "A Kinesis data stream whose `encryption_type` is `NONE` or not set (the default is NONE), or, in CloudFormation, without `StreamEncryption.EncryptionType: KMS`.",
        why: "Streams buffer transaction and clickstream records for up to a year; PCI DSS 3.5 and GDPR art. 32 require them encrypted at rest.",
        fix: "Set `encryption_type = \"KMS\"` and `kms_key_id` (`alias/aws/kinesis` or a customer-managed key).",
        references: &["https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"],
        aliases: &["CKV_AWS_43", "AVD-AWS-0064"],
    },
    check: |r, _| {
        let path = if is_cfn(r) { "stream_encryption.encryption_type" } else { "encryption_type" };
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if str_in(a, &["KMS"]) => Verdict::Pass,
            a => fail(a, path, "the stream is not encrypted (the default is NONE)"),
        })
    },
};

const REDSHIFT_AUDIT: Rule = Rule {
    def: RuleDef {
        slug: "aws/redshift-audit-logging",
        title: "Redshift cluster without audit logging",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_redshift_cluster"],
        finds: "A Redshift cluster with no audit logging: no `aws_redshift_logging` for it, and no inline `logging { enable = true }` (provider v4/v5) or CloudFormation `LoggingProperties`.",
        why: "Connection and user-activity logs show who queried which customer and transaction tables; PCI DSS 10.2 and SOX reviews of financial reporting data depend on them.",
        fix: "Add `aws_redshift_logging` with `log_destination_type = \"cloudwatch\"` (or S3) for the cluster.",
        references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html"],
        aliases: &["CKV_AWS_71"],
    },
    check: |r, ctx| {
        if !super::common::split(ctx, r, &["aws_redshift_logging"]).is_empty() {
            return Verdict::Pass;
        }
        if is_cfn(r) {
            return super::common::present(r, &["logging_properties"], "audit logging is not configured");
        }
        match r.get("logging") {
            Lookup::Absent => fail(None, "logging", "audit logging is not configured (no aws_redshift_logging, no `logging` block)"),
            _ => bool_is(r, "logging.enable", true, false, "audit logging is off"),
        }
    },
};

const DOCDB_AUDIT: Rule = Rule {
    def: RuleDef {
        slug: "aws/docdb-audit-logs",
        title: "DocumentDB cluster does not export audit logs",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_docdb_cluster"],
        finds: "A DocumentDB cluster whose `enabled_cloudwatch_logs_exports` (CloudFormation `EnableCloudwatchLogsExports`) does not include `audit` (none are exported by default). Audit events also need `audit_logs` enabled in the cluster parameter group.",
        why: "Without audit logs nobody can tell who read or changed customer documents; PCI DSS 10.2 requires such records for systems holding regulated data.",
        fix: "Set `enabled_cloudwatch_logs_exports = [\"audit\", \"profiler\"]` and `audit_logs = enabled` in the parameter group.",
        references: &["https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html"],
        aliases: &["CKV_AWS_85"],
    },
    check: |r, _| {
        let (path, l) = super::common::first(r, &["enabled_cloudwatch_logs_exports", "enable_cloudwatch_logs_exports"]);
        Verdict::from_lookup(path, l, |a| {
            let Some(a) = a else {
                return fail(None, path, "no logs are exported (the default is none)");
            };
            if a.items().iter().any(|x| x.is_unknown()) {
                return Verdict::Unknown { path: path.into(), reason: "a log type is unknown".into() };
            }
            if a.items().into_iter().any(|x| str_in(x, &["audit"])) {
                Verdict::Pass
            } else {
                fail(Some(a), path, "the `audit` log is not exported")
            }
        })
    },
};

const DMS_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/dms-replication-instance-public",
        title: "DMS replication instance publicly accessible",
        severity: Severity::High,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_dms_replication_instance", "AWS::DMS::ReplicationInstance"],
        finds: "A DMS replication instance with `publicly_accessible = true` (CloudFormation `PubliclyAccessible`). Not set is not reported.",
        why: "Replication instances hold credentials for, and stream the full contents of, source and target databases; a public address exposes that pipeline to the internet (PCI DSS 1.3/1.4).",
        fix: "Set `publicly_accessible = false` and place the instance in private subnets.",
        references: &["https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html"],
        aliases: &["CKV_AWS_89"],
    },
    check: |r, _| {
        let path = "publicly_accessible";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_bool() == Some(true) => Verdict::fail(Violation::at(a, path, "the replication instance is reachable from the internet")),
            _ => Verdict::Pass,
        })
    },
};
