//! IAM bindings, service account keys, audit configuration and KMS keys.

use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{num_ok, strings, unknown};
use tollgate_core::Severity;

/// IAM resources whose `member`/`members` grant access (besides buckets and keys, which
/// have their own rules).
const IAM: &[&str] = &[
    "google_project_iam_member",
    "google_project_iam_binding",
    "google_folder_iam_member",
    "google_folder_iam_binding",
    "google_organization_iam_member",
    "google_organization_iam_binding",
    "google_pubsub_topic_iam_member",
    "google_pubsub_topic_iam_binding",
    "google_pubsub_subscription_iam_member",
    "google_pubsub_subscription_iam_binding",
    "google_bigquery_dataset_iam_member",
    "google_bigquery_dataset_iam_binding",
    "google_bigquery_table_iam_member",
    "google_bigquery_table_iam_binding",
    "google_secret_manager_secret_iam_member",
    "google_secret_manager_secret_iam_binding",
    "google_cloud_run_service_iam_member",
    "google_cloud_run_service_iam_binding",
    "google_cloud_run_v2_service_iam_member",
    "google_cloud_run_v2_service_iam_binding",
    "google_cloudfunctions_function_iam_member",
    "google_cloudfunctions_function_iam_binding",
    "google_artifact_registry_repository_iam_member",
    "google_artifact_registry_repository_iam_binding",
    "google_service_account_iam_member",
    "google_service_account_iam_binding",
    "google_compute_image_iam_member",
    "google_compute_image_iam_binding",
    "google_cloudfunctions2_function_iam_member",
    "google_cloudfunctions2_function_iam_binding",
    "google_spanner_instance_iam_member",
    "google_spanner_instance_iam_binding",
    "google_spanner_database_iam_member",
    "google_spanner_database_iam_binding",
    "google_bigtable_instance_iam_member",
    "google_bigtable_instance_iam_binding",
    "google_iap_web_iam_member",
    "google_iap_web_iam_binding",
    "google_sourcerepo_repository_iam_member",
    "google_sourcerepo_repository_iam_binding",
    "google_billing_account_iam_member",
    "google_billing_account_iam_binding",
];

const KMS_IAM: &[&str] = &[
    "google_kms_crypto_key_iam_member",
    "google_kms_crypto_key_iam_binding",
    "google_kms_key_ring_iam_member",
    "google_kms_key_ring_iam_binding",
];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/iam-public-member",
                title: "IAM grants access to allUsers or allAuthenticatedUsers",
                severity: Severity::High,
                cwe: &[284, 732],
                tags: &["network-exposure", "least-privilege", "gcp"],
                types: IAM,
                finds: "An IAM member or binding resource (project, folder, organization, billing account, Pub/Sub, BigQuery, Secret Manager, Cloud Run, Cloud Functions, Artifact Registry, Spanner, Bigtable, IAP, Source Repositories, service account, image) whose `member` or `members` include `allUsers` or `allAuthenticatedUsers`.",
                why: "`allUsers` is anyone on the internet and `allAuthenticatedUsers` anyone with any Google account — neither is a bank's user. A public grant on a secret, a dataset or a topic exposes customer or payment data outright (GDPR, PCI DSS requirement 7).",
                fix: "Grant roles to named groups and service accounts; for a deliberately public endpoint (a status page), suppress with the reason and review.",
                references: &["https://cloud.google.com/iam/docs/principals-overview#all-users"],
                aliases: &[],
            },
            check: |r, _| public_members(r),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/kms-key-public",
                title: "KMS key or key ring usable by allUsers or allAuthenticatedUsers",
                severity: Severity::Critical,
                cwe: &[284, 732],
                tags: &["least-privilege", "crypto", "gcp"],
                types: KMS_IAM,
                finds: "A `google_kms_crypto_key_iam_*` or `google_kms_key_ring_iam_*` resource whose `member` or `members` include `allUsers` or `allAuthenticatedUsers`.",
                why: "Whoever may use a key may decrypt what it protects; a public grant on a key that encrypts databases or backups hands customer and cardholder data to anyone. PCI DSS requirement 3.6 restricts key access to the fewest custodians.",
                fix: "Grant `roles/cloudkms.cryptoKeyEncrypterDecrypter` only to the service accounts that need it.",
                references: &["https://cloud.google.com/kms/docs/iam"],
                aliases: &[],
            },
            check: |r, _| public_members(r),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/iam-primitive-role-user",
                title: "Owner or Editor granted to a user or group at project level",
                severity: Severity::Medium,
                cwe: &[250, 269],
                tags: &["least-privilege", "gcp"],
                types: &["google_project_iam_member", "google_project_iam_binding"],
                finds: "A `google_project_iam_member` or `google_project_iam_binding` granting `roles/owner` or `roles/editor` to a `user:` or `group:` principal.",
                why: "The basic roles grant thousands of permissions across every service of the project; a person holding them can read all customer data and change every control, which defeats segregation of duties (SOX) and PCI DSS requirement 7's need-to-know.",
                fix: "Grant predefined or custom roles scoped to the job, and keep break-glass Owner access in a monitored process.",
                references: &["https://cloud.google.com/iam/docs/understanding-roles#basic"],
                aliases: &[],
            },
            check: primitive,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/iam-service-account-key",
                title: "Long-lived service account key managed in Terraform",
                severity: Severity::Medium,
                cwe: &[798],
                tags: &["secret", "least-privilege", "gcp"],
                types: &["google_service_account_key"],
                finds: "A `google_service_account_key`: a user-managed key that does not expire by default and whose private key lands in the Terraform state.",
                why: "User-managed keys are bearer credentials that live until deleted, are copied into state files and CI variables, and are the most common way GCP credentials leak. PCI DSS requirement 8 and most banks' cloud standards require workload identity or short-lived tokens instead.",
                fix: "Use Workload Identity (GKE), Workload Identity Federation (CI and other clouds) or attached service accounts; if a key is unavoidable, give it an expiry and rotate it outside Terraform.",
                references: &["https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys"],
                aliases: &[],
            },
            check: |_, _| {
                Verdict::fail(Violation::missing(
                    "",
                    "a user-managed service account key is created (a long-lived credential kept in state)",
                ))
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/audit-config-data-access",
                title: "Data Access audit logs not fully enabled",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: &[
                    "google_project_iam_audit_config",
                    "google_folder_iam_audit_config",
                    "google_organization_iam_audit_config",
                ],
                finds: "An IAM audit config for `allServices` that does not enable both `DATA_READ` and `DATA_WRITE` logs, or that exempts members from logging.",
                why: "Data Access logs are the only record of who read or changed data in most services; without them a breach of customer data cannot be scoped, and exempted members are exactly the accounts an attacker wants. PCI DSS requirement 10 and DORA incident reporting rely on them.",
                fix: "Declare `audit_log_config { log_type = \"DATA_READ\" }` and `audit_log_config { log_type = \"DATA_WRITE\" }` (and `ADMIN_READ`) for `service = \"allServices\"`, with no `exempted_members`.",
                references: &["https://cloud.google.com/logging/docs/audit/configure-data-access"],
                aliases: &[],
            },
            check: audit_config,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/kms-key-rotation",
                title: "KMS key not rotated at least every 90 days",
                severity: Severity::Medium,
                cwe: &[324],
                tags: &["crypto", "gcp"],
                types: &["google_kms_crypto_key"],
                finds: "A symmetric `google_kms_crypto_key` with no `rotation_period` (no automatic rotation) or one longer than 90 days (`7776000s`).",
                why: "Regular rotation limits how much data one key version protects and how long a compromised version is useful; PCI DSS requirement 3.7 requires defined cryptoperiods and auditors commonly expect 90 days or less for data keys.",
                fix: "Set `rotation_period = \"7776000s\"` or shorter.",
                references: &["https://cloud.google.com/kms/docs/key-rotation"],
                aliases: &["CKV_GCP_43"],
            },
            check: rotation,
        },
    ]
}

fn is_public(m: &str) -> bool {
    matches!(m.trim(), "allUsers" | "allAuthenticatedUsers")
}

/// `member` and `members` of an IAM resource must not be public.
pub(crate) fn public_members(r: &Resource) -> Verdict {
    let mut out = Vec::new();
    for key in ["member", "members"] {
        match r.get(key) {
            Lookup::Absent => {}
            Lookup::Unknown(_) => return unknown(key, "the members are not known"),
            Lookup::Found(a) => {
                if strings(a).is_none()
                    && !a.items().iter().any(|x| x.as_str().is_some_and(is_public))
                {
                    return unknown(key, "a member is not known");
                }
                for x in a.items() {
                    if let Some(m) = x.as_str().filter(|m| is_public(m)) {
                        out.push(Violation::at(x, key, format!("`{m}` is granted access")));
                    }
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

fn primitive(r: &Resource, _: &Context<'_>) -> Verdict {
    let role = match r.get("role") {
        Lookup::Found(a) => a.as_str().unwrap_or(""),
        Lookup::Unknown(_) => return unknown("role", "the role is not known"),
        Lookup::Absent => return Verdict::Pass,
    };
    if !matches!(role, "roles/owner" | "roles/editor") {
        return Verdict::Pass;
    }
    let mut out = Vec::new();
    for key in ["member", "members"] {
        if let Lookup::Found(a) = r.get(key) {
            for x in a.items() {
                if let Some(m) = x.as_str() {
                    if m.starts_with("user:") || m.starts_with("group:") {
                        let kind = m.split(':').next().unwrap_or("");
                        out.push(Violation::at(
                            x,
                            key,
                            format!("`{role}` is granted to a {kind} at project level"),
                        ));
                    }
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

fn audit_config(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("service") {
        Lookup::Found(a) if a.as_str() == Some("allServices") => {}
        Lookup::Unknown(_) => return unknown("service", "the service is not known"),
        _ => return Verdict::Pass,
    }
    let configs: Vec<&Attr> = match r.get("audit_log_config") {
        Lookup::Found(a) => a.items(),
        Lookup::Unknown(_) => return unknown("audit_log_config", "the log configs are not known"),
        Lookup::Absent => Vec::new(),
    };
    let mut types = Vec::new();
    let mut out = Vec::new();
    for (i, c) in configs.iter().enumerate() {
        match c.lookup("log_type") {
            Lookup::Found(t) => types.extend(t.as_str()),
            Lookup::Unknown(_) => return unknown("audit_log_config.log_type", "not known"),
            Lookup::Absent => {}
        }
        if let Lookup::Found(e) = c.lookup("exempted_members") {
            if crate::rule::check::is_set(e) {
                out.push(Violation::at(
                    e,
                    &format!("audit_log_config.{i}.exempted_members"),
                    "members are exempted from audit logging",
                ));
            }
        }
    }
    let missing: Vec<&str> = ["DATA_READ", "DATA_WRITE"]
        .into_iter()
        .filter(|t| !types.contains(t))
        .collect();
    if !missing.is_empty() {
        out.push(Violation::missing(
            "audit_log_config",
            format!(
                "{} logs are not enabled for allServices",
                missing.join(" and ")
            ),
        ));
    }
    if out.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(out)
    }
}

/// `7776000s` (also `7776000.5s`) as seconds.
fn seconds(s: &str) -> Option<f64> {
    s.trim().strip_suffix('s')?.parse().ok()
}

fn rotation(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("purpose") {
        Lookup::Found(p)
            if p.as_str()
                .is_some_and(|p| p.starts_with("ASYMMETRIC") || p == "MAC") =>
        {
            return Verdict::Pass
        }
        Lookup::Unknown(_) => return unknown("purpose", "the purpose is not known"),
        _ => {}
    }
    match r.get("rotation_period") {
        Lookup::Found(a) => match a.as_str().and_then(seconds) {
            Some(n) if n <= 7_776_000.0 => Verdict::Pass,
            Some(_) => Verdict::fail(Violation::at(
                a,
                "rotation_period",
                format!(
                    "the key is rotated less often than every 90 days (`{}`)",
                    a.as_str().unwrap_or("")
                ),
            )),
            None => num_ok(
                r,
                &["rotation_period"],
                |n| n <= 7_776_000.0,
                None,
                "the key is rotated less often than every 90 days",
            ),
        },
        Lookup::Unknown(_) => unknown("rotation_period", "the period is not known"),
        Lookup::Absent => Verdict::fail(Violation::missing(
            "rotation_period",
            "the key is never rotated automatically (`rotation_period` is not set)",
        )),
    }
}
