//! S3 buckets.

use crate::model::{Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![Rule {
        def: RuleDef {
            slug: "aws/s3-bucket-versioning",
            title: "S3 bucket without versioning",
            severity: Severity::Medium,
            cwe: &[693],
            tags: &["backup", "data-integrity", "aws"],
            types: &["aws_s3_bucket"],
            finds: "An S3 bucket whose versioning is not enabled, neither inline (`versioning { enabled = true }`, CloudFormation `VersioningConfiguration.Status: Enabled`) nor by a separate `aws_s3_bucket_versioning` resource.",
            why: "Without versions, an overwritten or deleted object — a statement, a ledger export, an audit log — is gone: ransomware and operator mistakes cannot be undone, and record-keeping obligations (SEC 17a-4, DORA's backup and restoration requirements) cannot be shown to hold.",
            fix: "Enable versioning: `aws_s3_bucket_versioning` with `versioning_configuration { status = \"Enabled\" }` (AWS provider v4+), or `VersioningConfiguration: {Status: Enabled}` in CloudFormation.",
            references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
            aliases: &["CKV_AWS_21", "AVD-AWS-0090"],
        },
        check: versioning,
    }]
}

fn versioning(r: &Resource, ctx: &Context<'_>) -> Verdict {
    // AWS provider v4+: a separate resource pointing at the bucket.
    for other in ctx.model.referring_to(&r.address) {
        if other.resource_type != "aws_s3_bucket_versioning" {
            continue;
        }
        let path = "versioning_configuration.status";
        return Verdict::from_lookup(path, other.get(path), |a| {
            match a.and_then(|a| a.as_str()) {
                Some("Enabled") => Verdict::Pass,
                _ => Verdict::fail(match a {
                    Some(a) => Violation::at(
                        a,
                        path,
                        format!("versioning is not enabled by {}", other.address),
                    ),
                    None => Violation::missing(
                        path,
                        format!("{} does not enable versioning", other.address),
                    ),
                }),
            }
        });
    }
    for path in ["versioning.enabled", "versioning_configuration.status"] {
        match r.get(path) {
            Lookup::Absent => continue,
            l => {
                return Verdict::from_lookup(path, l, |a| match a {
                    Some(a) if a.as_bool() == Some(true) || a.as_str() == Some("Enabled") => {
                        Verdict::Pass
                    }
                    Some(a) => Verdict::fail(Violation::at(a, path, "versioning is not enabled")),
                    None => Verdict::fail(Violation::missing(path, "versioning is not enabled")),
                })
            }
        }
    }
    Verdict::fail(Violation::missing(
        "versioning",
        "versioning is not enabled",
    ))
}
