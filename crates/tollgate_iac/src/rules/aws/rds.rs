//! RDS and Aurora: DB instances, clusters and snapshots.

use super::common::{bool_is, fail, first, is_cfn, str_in};
use crate::model::{Lookup, Resource};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        STORAGE_ENCRYPTED,
        PUBLIC,
        DELETION_PROTECTION,
        BACKUP_RETENTION,
        IAM_AUTH,
        MULTI_AZ,
        COPY_TAGS,
        MINOR_UPGRADE,
        PI_KMS,
        LOG_EXPORTS,
        SNAPSHOT_PUBLIC,
    ]
}

const RDS_DOC: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html";

/// An instance that belongs to an Aurora cluster takes storage, backups and deletion
/// protection from the cluster (`cluster_identifier`, CloudFormation `DBClusterIdentifier`).
fn in_cluster(r: &Resource) -> bool {
    match r.resource_type.as_str() {
        "aws_rds_cluster_instance" => true,
        // A cluster's own `cluster_identifier` is its name, not membership.
        "aws_db_instance" => matches!(
            first(r, &["cluster_identifier", "db_cluster_identifier"]).1,
            Lookup::Found(_) | Lookup::Unknown(_)
        ),
        _ => false,
    }
}

/// A read replica inherits encryption and needs no backups of its own.
fn replica(r: &Resource) -> bool {
    matches!(
        first(r, &["replicate_source_db", "source_db_instance_identifier"]).1,
        Lookup::Found(_) | Lookup::Unknown(_)
    )
}

const STORAGE_ENCRYPTED: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-storage-encrypted",
        title: "RDS database storage not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "An RDS DB instance or Aurora/RDS cluster whose `storage_encrypted` is false or not set (the provider's and CloudFormation's default is false). Instances in a cluster take encryption from the cluster, read replicas from their source, and Aurora Serverless v1 clusters are always encrypted; those are not reported.",
        why: "Databases hold the account, payment and identity data that PCI DSS 3.5 and GDPR art. 32 require encrypted at rest; encryption cannot be turned on later without a snapshot-and-restore migration.",
        fix: "Set `storage_encrypted = true` and `kms_key_id` to a customer-managed key (CloudFormation `StorageEncrypted: true`, `KmsKeyId`).",
        references: &[RDS_DOC],
        aliases: &["CKV_AWS_16", "AVD-AWS-0080"],
    },
    check: |r, _| {
        if in_cluster(r) || replica(r) {
            return Verdict::Pass;
        }
        if let Lookup::Found(a) = r.get("engine_mode") {
            if str_in(a, &["serverless"]) {
                return Verdict::Pass;
            }
        }
        // Restored from a snapshot and not asking for encryption: the snapshot decides.
        let (snap, restored) = first(r, &["snapshot_identifier", "db_snapshot_identifier"]);
        if !matches!(restored, Lookup::Absent) && matches!(r.get("storage_encrypted"), Lookup::Absent) {
            return Verdict::Unknown {
                path: snap.into(),
                reason: "restored from a snapshot, whose encryption decides".into(),
            };
        }
        bool_is(r, "storage_encrypted", true, false, "storage is not encrypted")
    },
};

const PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-publicly-accessible",
        title: "RDS database publicly accessible",
        severity: Severity::Critical,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster_instance"],
        finds: "An RDS DB instance or Aurora cluster instance with `publicly_accessible = true` (the default is false): it gets a public DNS name and address reachable from the internet wherever its security groups allow.",
        why: "A database reachable from the internet is one weak password or unpatched engine away from a breach of the card and customer data it holds; PCI DSS 1.3/1.4 forbid direct public access to systems in the cardholder data environment.",
        fix: "Set `publicly_accessible = false` and reach the database through private subnets, a bastion or AWS PrivateLink.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"],
        aliases: &["CKV_AWS_17", "AVD-AWS-0082"],
    },
    check: |r, _| bool_is(r, "publicly_accessible", false, false, "the database is reachable from the internet"),
};

const DELETION_PROTECTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-deletion-protection",
        title: "RDS database without deletion protection",
        severity: Severity::Medium,
        cwe: &[693],
        tags: &["resilience", "backup", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "An RDS DB instance or cluster whose `deletion_protection` is false or not set (the default is false). Instances in a cluster are protected by the cluster's setting and are not reported.",
        why: "One mistaken `terraform destroy` or a compromised pipeline can delete a production ledger; DORA art. 12 and SOX change controls expect safeguards against the loss of critical data.",
        fix: "Set `deletion_protection = true` (CloudFormation `DeletionProtection: true`, and `DeletionPolicy: Snapshot`).",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection"],
        aliases: &["CKV_AWS_293", "CKV_AWS_139", "AVD-AWS-0177"],
    },
    check: |r, _| {
        if in_cluster(r) {
            return Verdict::Pass;
        }
        bool_is(r, "deletion_protection", true, false, "the database can be deleted without first lifting protection")
    },
};

const BACKUP_RETENTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-backup-retention",
        title: "RDS automated backups kept less than 7 days",
        severity: Severity::Medium,
        cwe: &[693],
        tags: &["backup", "resilience", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "An RDS DB instance or cluster whose `backup_retention_period` is below 7 days, or not set (the API's default is 1 day; 0 turns automated backups off). Cluster members and read replicas are not reported.",
        why: "Point-in-time recovery is limited to the retention period; corruption or fraud found after a weekend cannot be rolled back with one day of backups. DORA art. 12 requires backup and restoration capabilities sized to recovery objectives.",
        fix: "Set `backup_retention_period` to at least 7 (up to 35), and keep longer-term copies with AWS Backup.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"],
        aliases: &["CKV_AWS_133", "AVD-AWS-0077"],
    },
    check: |r, _| {
        if in_cluster(r) || replica(r) {
            return Verdict::Pass;
        }
        let path = "backup_retention_period";
        Verdict::from_lookup(path, r.get(path), |a| match a.and_then(|a| a.as_f64()) {
            Some(n) if n >= 7.0 => Verdict::Pass,
            Some(n) => fail(a, path, format!("automated backups are kept {n} days (fewer than 7)")),
            None => fail(a, path, "`backup_retention_period` is not set; the default is 1 day"),
        })
    },
};

const IAM_AUTH: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-iam-authentication",
        title: "RDS database without IAM authentication",
        severity: Severity::Low,
        cwe: &[798],
        tags: &["least-privilege", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "A MySQL, MariaDB, PostgreSQL or Aurora database whose IAM database authentication is off or not set (`iam_database_authentication_enabled`, CloudFormation `EnableIAMDatabaseAuthentication`; default false). Engines without IAM authentication (Oracle, SQL Server) and cluster members are not reported.",
        why: "IAM authentication replaces long-lived database passwords with 15-minute tokens tied to a person or role, which supports PCI DSS 8.3 and 8.6 (no shared or static credentials for application and system accounts).",
        fix: "Set `iam_database_authentication_enabled = true` and grant `rds-db:connect` to the roles that need it.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
        aliases: &["CKV_AWS_161", "CKV_AWS_162", "AVD-AWS-0176"],
    },
    check: |r, _| {
        if in_cluster(r) {
            return Verdict::Pass;
        }
        match r.get("engine") {
            Lookup::Unknown(_) => return Verdict::from_lookup("engine", r.get("engine"), |_| Verdict::Pass),
            Lookup::Found(a) => {
                let e = a.as_str().unwrap_or("").to_ascii_lowercase();
                if !["mysql", "mariadb", "postgres", "aurora"].iter().any(|p| e.starts_with(p)) {
                    return Verdict::Pass;
                }
            }
            Lookup::Absent => {}
        }
        let path = if is_cfn(r) { "enable_iam_database_authentication" } else { "iam_database_authentication_enabled" };
        bool_is(r, path, true, false, "IAM database authentication is off")
    },
};

const MULTI_AZ: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-multi-az",
        title: "RDS DB instance in a single Availability Zone",
        severity: Severity::Low,
        cwe: &[693],
        tags: &["resilience", "aws"],
        types: &["aws_db_instance"],
        finds: "An RDS DB instance whose `multi_az` is false or not set (the default is false). Aurora cluster members and read replicas are not reported.",
        why: "A single-AZ database is down for the whole of an AZ outage or a failed maintenance; payment systems have recovery-time objectives that DORA art. 11/12 require firms to meet and test.",
        fix: "Set `multi_az = true` for production databases.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"],
        aliases: &["CKV_AWS_157", "AVD-AWS-0078"],
    },
    check: |r, _| {
        if in_cluster(r) || replica(r) {
            return Verdict::Pass;
        }
        bool_is(r, "multi_az", true, false, "the database runs in one Availability Zone")
    },
};

const COPY_TAGS: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-copy-tags-to-snapshot",
        title: "RDS snapshots do not inherit the database's tags",
        severity: Severity::Low,
        cwe: &[],
        tags: &["tagging", "inventory", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "An RDS DB instance or cluster whose `copy_tags_to_snapshot` is false or not set (the default is false). Cluster members are not reported.",
        why: "Snapshots carry the same data as the database; without its data-classification and owner tags they fall outside the inventory, retention and access reviews (PCI DSS 12.5.1, GDPR records of processing).",
        fix: "Set `copy_tags_to_snapshot = true` (CloudFormation `CopyTagsToSnapshot: true`).",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html#USER_Tagging.CopyTags"],
        aliases: &["CKV2_AWS_60"],
    },
    check: |r, _| {
        if in_cluster(r) {
            return Verdict::Pass;
        }
        bool_is(r, "copy_tags_to_snapshot", true, false, "snapshots are not tagged like the database")
    },
};

const MINOR_UPGRADE: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-auto-minor-version-upgrade",
        title: "RDS automatic minor version upgrades turned off",
        severity: Severity::Low,
        cwe: &[1104],
        tags: &["resilience", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster_instance"],
        finds: "An RDS DB instance with `auto_minor_version_upgrade = false` (the default is true).",
        why: "Minor versions carry the engine's security fixes; PCI DSS 6.3.3 requires critical patches within a month, which turning automatic upgrades off leaves to a manual process.",
        fix: "Leave `auto_minor_version_upgrade` at its default `true` and pin a maintenance window.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades"],
        aliases: &["CKV_AWS_226"],
    },
    check: |r, _| bool_is(r, "auto_minor_version_upgrade", true, true, "automatic minor version upgrades are off"),
};

const PI_KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-performance-insights-kms",
        title: "RDS Performance Insights not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"],
        finds: "An RDS database with Performance Insights on (`performance_insights_enabled = true`) and no `performance_insights_kms_key_id`, so the AWS-managed `aws/rds` key encrypts it.",
        why: "Performance Insights keeps the text of SQL statements, which can include account numbers and customer data; a customer-managed key lets the firm control and audit who can read it (PCI DSS 3.6).",
        fix: "Set `performance_insights_kms_key_id` to a customer-managed KMS key.",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.access-control.html"],
        aliases: &["CKV_AWS_354", "AVD-AWS-0133"],
    },
    check: |r, _| {
        let (on_path, on) = first(r, &["performance_insights_enabled", "enable_performance_insights"]);
        Verdict::from_lookup(on_path, on, |a| match a.and_then(|a| a.as_bool()) {
            Some(true) => {
                let path = "performance_insights_kms_key_id";
                Verdict::from_lookup(path, r.get(path), |k| match k {
                    Some(k) if crate::rule::check::is_set(k) => Verdict::Pass,
                    _ => fail(None, path, "Performance Insights is encrypted with the AWS-managed key (`performance_insights_kms_key_id` not set)"),
                })
            }
            _ => Verdict::Pass,
        })
    },
};

const LOG_EXPORTS: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-log-exports",
        title: "RDS database logs not exported to CloudWatch",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_db_instance", "aws_rds_cluster"],
        finds: "An RDS DB instance or cluster with no `enabled_cloudwatch_logs_exports` (CloudFormation `EnableCloudwatchLogsExports`): its audit, error and slow-query logs stay on the instance and are lost with it. Cluster members are not reported.",
        why: "Database audit logs show who read or changed cardholder and customer records; PCI DSS 10.2 and 10.5 require such logs kept off the system, and SOX reviews of financial data changes depend on them.",
        fix: "Set `enabled_cloudwatch_logs_exports` to the engine's audit and error logs (`[\"audit\", \"error\"]` for MySQL, `[\"postgresql\"]` for PostgreSQL).",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
        aliases: &["CKV_AWS_129", "CKV_AWS_324"],
    },
    check: |r, _| {
        if in_cluster(r) {
            return Verdict::Pass;
        }
        let (path, l) = first(r, &["enabled_cloudwatch_logs_exports", "enable_cloudwatch_logs_exports"]);
        Verdict::from_lookup(path, l, |a| match a {
            Some(a) if crate::rule::check::is_set(a) => Verdict::Pass,
            a => fail(a, path, "no database logs are exported to CloudWatch Logs"),
        })
    },
};

const SNAPSHOT_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/rds-snapshot-public",
        title: "RDS snapshot shared with every AWS account",
        severity: Severity::Critical,
        cwe: &[284, 732],
        tags: &["network-exposure", "aws"],
        types: &["aws_db_snapshot", "aws_db_cluster_snapshot", "aws_db_snapshot_copy"],
        finds: "An RDS or cluster snapshot whose `shared_accounts` contains `all`: any AWS account can restore it.",
        why: "A public snapshot is a full copy of the database for anyone to restore: a reportable breach of every customer record in it (GDPR art. 33, PCI DSS 12.10).",
        fix: "Remove `all` from `shared_accounts`; share with named account ids only, and encrypt snapshots with a customer-managed key (encrypted snapshots cannot be public).",
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"],
        aliases: &[],
    },
    check: |r, _| {
        let path = "shared_accounts";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) => {
                if a.items().iter().any(|x| x.is_unknown()) {
                    return Verdict::Unknown { path: path.into(), reason: "an account id is unknown".into() };
                }
                match a.items().into_iter().find(|x| str_in(x, &["all"])) {
                    Some(x) => Verdict::fail(Violation::at(x, path, "the snapshot is shared with `all` AWS accounts")),
                    None => Verdict::Pass,
                }
            }
            None => Verdict::Pass,
        })
    },
};
