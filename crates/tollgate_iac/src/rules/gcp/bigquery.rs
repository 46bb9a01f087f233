//! BigQuery datasets, and labels on GCP resources.

use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{required_keys, unknown, written};
use tollgate_core::Severity;

/// Resource types that take `labels` and hold data or run workloads.
const LABELLED: &[&str] = &[
    "google_storage_bucket",
    "google_sql_database_instance",
    "google_compute_instance",
    "google_compute_disk",
    "google_container_cluster",
    "google_bigquery_dataset",
    "google_bigquery_table",
    "google_kms_crypto_key",
    "google_pubsub_topic",
    "google_secret_manager_secret",
    "google_cloud_run_v2_service",
    "google_redis_instance",
    "google_spanner_instance",
];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/bigquery-dataset-public",
                title: "BigQuery dataset shared with allUsers or allAuthenticatedUsers",
                severity: Severity::High,
                cwe: &[284, 732],
                tags: &["network-exposure", "gcp"],
                types: &["google_bigquery_dataset", "google_bigquery_dataset_access"],
                finds: "A `google_bigquery_dataset` `access` block, or a `google_bigquery_dataset_access`, with `special_group = \"allAuthenticatedUsers\"` or `iam_member` `allUsers`/`allAuthenticatedUsers`.",
                why: "Analytics datasets often hold whole customer and transaction histories; a public grant exposes them to anyone on the internet — a reportable breach under GDPR and a PCI DSS requirement 7 failure.",
                fix: "Grant access to named groups and service accounts only.",
                references: &["https://cloud.google.com/bigquery/docs/dataset-access-controls"],
                aliases: &["CKV_GCP_15"],
            },
            check: |r, _| {
                let blocks = if r.resource_type == "google_bigquery_dataset" {
                    match r.get("access") {
                        Lookup::Found(a) => a.items(),
                        Lookup::Unknown(_) => return unknown("access", "not known"),
                        Lookup::Absent => return Verdict::Pass,
                    }
                } else {
                    vec![&r.attrs]
                };
                let mut out = Vec::new();
                for b in blocks {
                    for key in ["special_group", "iam_member"] {
                        if let Lookup::Found(v) = b.lookup(key) {
                            if let Some(s) = v.as_str().filter(|s| {
                                matches!(*s, "allUsers" | "allAuthenticatedUsers")
                            }) {
                                out.push(Violation::at(v, key, format!("`{s}` can read the dataset")));
                            }
                        }
                    }
                }
                if out.is_empty() {
                    Verdict::Pass
                } else {
                    Verdict::Fail(out)
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/bigquery-dataset-cmek",
                title: "BigQuery dataset encrypted with a Google-managed key",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "crypto", "gcp"],
                types: &["google_bigquery_dataset"],
                finds: "A `google_bigquery_dataset` with no `default_encryption_configuration { kms_key_name = … }`.",
                why: "With Google-managed keys the bank cannot revoke access to the tables or show its own key custody, which PCI DSS requirement 3 and outsourcing guidance expect for data warehouses holding customer data.",
                fix: "Add `default_encryption_configuration { kms_key_name = google_kms_crypto_key.<name>.id }`.",
                references: &["https://cloud.google.com/bigquery/docs/customer-managed-encryption"],
                aliases: &[],
            },
            check: |r, _| {
                if written(r, "default_encryption_configuration.kms_key_name") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "default_encryption_configuration",
                        "tables are encrypted with a Google-managed key",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/required-labels",
                title: "GCP resource lacks required labels",
                severity: Severity::Low,
                cwe: &[],
                tags: &["tagging", "inventory", "gcp"],
                types: LABELLED,
                finds: "A labelled GCP resource whose `labels` (`settings.user_labels` for Cloud SQL) lack one of the keys listed in `[iac] required_tags` of `tollgate.toml`. Nothing is reported when no tags are configured.",
                why: "Owner, cost centre and data classification labels are how a bank keeps the asset inventory DORA's ICT asset management and PCI DSS requirement 12.5 demand, and how incidents reach the right owner.",
                fix: "Add the missing keys to `labels` (GCP label keys are lower case).",
                references: &["https://cloud.google.com/resource-manager/docs/creating-managing-labels"],
                aliases: &[],
            },
            check: |r, ctx| {
                // Cloud SQL keeps its labels in `settings.user_labels`.
                let path = if r.resource_type == "google_sql_database_instance" {
                    "settings.user_labels"
                } else {
                    "labels"
                };
                required_keys(r, ctx, path, "labels")
            },
        },
    ]
}
