//! ECR repositories.

use super::common::{bool_is, fail, show, str_in};
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![SCAN, IMMUTABLE, KMS]
}

const TYPES: &[&str] = &["aws_ecr_repository"];

const SCAN: Rule = Rule {
    def: RuleDef {
        slug: "aws/ecr-scan-on-push",
        title: "ECR repository does not scan images on push",
        severity: Severity::Medium,
        cwe: &[1104],
        tags: &["supply-chain", "aws"],
        types: TYPES,
        finds: "An ECR repository whose `image_scanning_configuration.scan_on_push` is false or not set (the default is false). Registry-wide scanning (`aws_ecr_registry_scanning_configuration`) supersedes it and is not looked at here.",
        why: "Images with known-vulnerable packages reach production unnoticed; PCI DSS 6.3.1 and 11.3 require vulnerabilities to be identified and managed, and DORA art. 9 expects ICT vulnerability management.",
        fix: "Set `image_scanning_configuration { scan_on_push = true }`, or enable enhanced scanning for the registry.",
        references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
        aliases: &["CKV_AWS_163", "AVD-AWS-0030"],
    },
    check: |r, _| bool_is(r, "image_scanning_configuration.scan_on_push", true, false, "images are not scanned on push"),
};

const IMMUTABLE: Rule = Rule {
    def: RuleDef {
        slug: "aws/ecr-immutable-tags",
        title: "ECR repository allows tags to be overwritten",
        severity: Severity::Medium,
        cwe: &[494],
        tags: &["supply-chain", "aws"],
        types: TYPES,
        finds: "An ECR repository whose `image_tag_mutability` is `MUTABLE` or not set (the default is MUTABLE).",
        why: "A mutable tag lets anyone with push rights replace the image a deployment runs without changing the deployment, defeating release approvals and change management (SOX ITGC, PCI DSS 6.5).",
        fix: "Set `image_tag_mutability = \"IMMUTABLE\"` (or `IMMUTABLE_WITH_EXCLUSION` for scratch tags) and deploy by digest.",
        references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
        aliases: &["CKV_AWS_51", "AVD-AWS-0031"],
    },
    check: |r, _| {
        let path = "image_tag_mutability";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_str().is_some_and(|s| s.to_ascii_uppercase().starts_with("IMMUTABLE")) => Verdict::Pass,
            Some(a) => fail(Some(a), path, format!("image tags can be overwritten ({})", show(a))),
            None => fail(None, path, "`image_tag_mutability` is not set; the default is MUTABLE"),
        })
    },
};

const KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/ecr-kms",
        title: "ECR repository not encrypted with KMS",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: TYPES,
        finds: "An ECR repository whose `encryption_configuration.encryption_type` is `AES256` or not set (the default is AES256, S3-managed keys).",
        why: "Images embed application code and sometimes configuration; a KMS key makes pulling them a separately granted, logged permission (PCI DSS 3.6).",
        fix: "Set `encryption_configuration { encryption_type = \"KMS\" kms_key = aws_kms_key.ecr.arn }`.",
        references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html"],
        aliases: &["CKV_AWS_136", "AVD-AWS-0033"],
    },
    check: |r, _| {
        let path = "encryption_configuration.encryption_type";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if str_in(a, &["KMS", "KMS_DSSE"]) => Verdict::Pass,
            a => fail(a, path, "images are encrypted with AES256 (S3-managed keys), not KMS"),
        })
    },
};
