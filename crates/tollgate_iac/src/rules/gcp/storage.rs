//! Cloud Storage buckets.

use crate::model::{Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{bool_is, str_ok, strings, unknown, written};
use tollgate_core::Severity;

const BUCKET: &[&str] = &["google_storage_bucket"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/storage-public-access-prevention",
                title: "Cloud Storage bucket does not enforce public access prevention",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: BUCKET,
                finds: "A `google_storage_bucket` whose `public_access_prevention` is unset or `inherited` (the default), so a later IAM or ACL change can make it public unless an organization policy forbids it.",
                why: "Public access prevention makes a bucket impossible to share with `allUsers` whatever IAM says — a guard against the single most common cloud data breach, for buckets holding statements, KYC documents or exports (GDPR, PCI DSS requirement 7).",
                fix: "Set `public_access_prevention = \"enforced\"` (or enforce `storage.publicAccessPrevention` as an organization policy and suppress with that reason).",
                references: &["https://cloud.google.com/storage/docs/public-access-prevention"],
                aliases: &["CKV_GCP_114"],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["public_access_prevention"],
                    |s| s.eq_ignore_ascii_case("enforced"),
                    Some("inherited"),
                    "the bucket can still be made public",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/storage-bucket-public",
                title: "Cloud Storage bucket or object readable by allUsers or allAuthenticatedUsers",
                severity: Severity::Critical,
                cwe: &[284, 732],
                tags: &["network-exposure", "gcp"],
                types: &[
                    "google_storage_bucket_iam_member",
                    "google_storage_bucket_iam_binding",
                    "google_storage_bucket_access_control",
                    "google_storage_default_object_access_control",
                    "google_storage_object_access_control",
                    "google_storage_bucket_acl",
                    "google_storage_default_object_acl",
                ],
                finds: "A bucket IAM member or binding with `allUsers` or `allAuthenticatedUsers` among its members, or a bucket or object ACL (`entity`, `role_entity`) granting to them.",
                why: "A public bucket is the classic cloud data breach: statements, KYC documents or card data readable by anyone with the URL. It is a reportable breach under GDPR and violates PCI DSS requirement 7.",
                fix: "Remove the public principal; serve deliberately public content through a CDN or a dedicated, reviewed bucket, and turn on public access prevention (`public_access_prevention = \"enforced\"`) on data buckets.",
                references: &["https://cloud.google.com/storage/docs/public-access-prevention"],
                aliases: &["CKV_GCP_28"],
            },
            check: bucket_public,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/storage-uniform-access",
                title: "Cloud Storage bucket uses per-object ACLs",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["least-privilege", "gcp"],
                types: BUCKET,
                finds: "A `google_storage_bucket` with `uniform_bucket_level_access` unset or `false` (the default is `false`), so object ACLs can grant access that bucket IAM does not show.",
                why: "With fine-grained ACLs any object can be shared on its own, invisible to IAM reviews; access reviews for SOX and PCI DSS requirement 7 then cannot state who can read the data.",
                fix: "Set `uniform_bucket_level_access = true` and grant access through IAM only.",
                references: &["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
                aliases: &["CKV_GCP_29"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["uniform_bucket_level_access"],
                    true,
                    false,
                    "object ACLs can grant access outside IAM",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/storage-versioning",
                title: "Cloud Storage bucket without object versioning",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["backup", "resilience", "gcp"],
                types: BUCKET,
                finds: "A `google_storage_bucket` without `versioning { enabled = true }` (the default is off).",
                why: "Without versions, an overwritten or deleted object is gone; ransomware and mistakes become data loss, and DORA's backup and restoration requirements cannot be shown to hold for the data.",
                fix: "Add `versioning { enabled = true }` and a lifecycle rule that removes old versions after the retention period.",
                references: &["https://cloud.google.com/storage/docs/object-versioning"],
                aliases: &["CKV_GCP_78"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["versioning.enabled"],
                    true,
                    false,
                    "overwritten or deleted objects cannot be recovered",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/storage-retention-policy",
                title: "Cloud Storage bucket without a retention policy",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["backup", "gcp"],
                types: BUCKET,
                finds: "A `google_storage_bucket` with no `retention_policy` block (or one with no `retention_period`).",
                why: "Records regulations (SEC 17a-4, MiFID II record keeping, national AML rules) require some data to be kept unaltered for years; a retention policy — locked with `is_locked = true` for records — makes deletion before the end impossible.",
                fix: "Add `retention_policy { retention_period = <seconds> is_locked = true }` on buckets that hold records.",
                references: &["https://cloud.google.com/storage/docs/bucket-lock"],
                aliases: &[],
            },
            check: |r, _| {
                if written(r, "retention_policy.retention_period") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "retention_policy",
                        "objects can be deleted at any time (no retention policy)",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/storage-access-logging",
                title: "Cloud Storage bucket without usage logging",
                severity: Severity::Low,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: BUCKET,
                finds: "A `google_storage_bucket` with no `logging { log_bucket = … }` block.",
                why: "Usage logs record requests to the bucket, including anonymous ones Data Access audit logs do not cover; they help scope a data exposure for a GDPR breach notification.",
                fix: "Add `logging { log_bucket = \"<log bucket>\" }` (or rely on Data Access audit logs and suppress with that reason).",
                references: &["https://cloud.google.com/storage/docs/access-logs"],
                aliases: &["CKV_GCP_62"],
            },
            check: |r, _| {
                if written(r, "logging.log_bucket") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "logging",
                        "requests to the bucket are not logged (no `logging` block)",
                    ))
                }
            },
        },
    ]
}

fn bucket_public(r: &Resource, _: &Context<'_>) -> Verdict {
    if r.resource_type.contains("_iam_") {
        return super::iam::public_members(r);
    }
    let mut out = Vec::new();
    for key in ["entity", "role_entity"] {
        match r.get(key) {
            Lookup::Absent => {}
            Lookup::Unknown(_) => return unknown(key, "the entity is not known"),
            Lookup::Found(a) => {
                for x in a.items() {
                    if let Some(s) = x.as_str() {
                        let who = s.rsplit(':').next().unwrap_or(s);
                        if matches!(who, "allUsers" | "allAuthenticatedUsers") {
                            out.push(Violation::at(x, key, format!("`{who}` is granted access")));
                        }
                    }
                }
                if out.is_empty() && strings(a).is_none() {
                    return unknown(key, "an entity is not known");
                }
            }
        }
    }
    if out.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(out)
    }
}
