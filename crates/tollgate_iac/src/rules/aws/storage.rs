//! Data stores without a module of their own: EFS, Redshift, DocumentDB, Neptune, MSK,
//! Kinesis.

use super::common::{bool_is, fail, is_cfn, show, str_in};
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
