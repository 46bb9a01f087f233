//! Storage accounts.

use super::util::{bool_is, first_of, related, str_ok, written};
use crate::model::Resource;
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const SA: &[&str] = &["azurerm_storage_account"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "azure/storage-public-blob-access",
                title: "Storage account allows public (anonymous) blob access",
                severity: Severity::High,
                cwe: &[284, 732],
                tags: &["network-exposure", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` that lets containers be made readable without authentication: `allow_nested_items_to_be_public` (azurerm v3+, default `true`) or the older `allow_blob_public_access` set to `true`, or the v3+ attribute left unset.",
                why: "One container set to public by mistake exposes whatever it holds — statements, KYC scans, exports of cardholder or customer data — to anyone with the URL. That is a reportable personal-data breach under GDPR and a PCI DSS requirement 7 failure; disabling it at the account makes the mistake impossible.",
                fix: "Set `allow_nested_items_to_be_public = false` (azurerm v3+) or `allow_blob_public_access = false` (v2).",
                references: &["https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent"],
                aliases: &["CKV_AZURE_190"],
            },
            check: public_blob,
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-network-default-deny",
                title: "Storage account network rules do not deny by default",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` reachable from any network: no `network_rules` block (inline or an `azurerm_storage_account_network_rules` resource) with `default_action = \"Deny\"`, and public network access not turned off.",
                why: "With the default action Allow, a leaked account key or SAS token works from anywhere on the internet. Restricting the account to the bank's networks and private endpoints is the network segmentation PCI DSS requirement 1 and DORA's ICT security requirements expect for data stores.",
                fix: "Add `network_rules { default_action = \"Deny\" … }` with the allowed subnets and IP ranges, or set `public_network_access_enabled = false` and use private endpoints.",
                references: &["https://learn.microsoft.com/azure/storage/common/storage-network-security"],
                aliases: &["CKV_AZURE_35"],
            },
            check: default_deny,
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-https-only",
                title: "Storage account accepts plain HTTP",
                severity: Severity::High,
                cwe: &[319],
                tags: &["tls", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` with `https_traffic_only_enabled` (azurerm v4) or `enable_https_traffic_only` (v3 and earlier) set to `false` (both default to `true`).",
                why: "Plain HTTP sends account keys, SAS tokens and the data itself readable on the wire. PCI DSS requirement 4 demands strong cryptography for data in transit over open networks.",
                fix: "Set `https_traffic_only_enabled = true` (or `enable_https_traffic_only = true` on older providers), or drop the attribute to keep the default.",
                references: &["https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer"],
                aliases: &["CKV_AZURE_3"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["https_traffic_only_enabled", "enable_https_traffic_only"],
                    true,
                    true,
                    "plain HTTP requests are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-min-tls",
                title: "Storage account accepts TLS older than 1.2",
                severity: Severity::High,
                cwe: &[326, 327],
                tags: &["tls", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` whose `min_tls_version` is `TLS1_0` or `TLS1_1` (the azurerm v3+ default is `TLS1_2`).",
                why: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and not strong cryptography in PCI DSS terms; clients that can be downgraded to them expose data and credentials in transit.",
                fix: "Set `min_tls_version = \"TLS1_2\"`.",
                references: &["https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version"],
                aliases: &["CKV_AZURE_44"],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["min_tls_version"],
                    |s| matches!(s, "TLS1_2" | "TLS1_3"),
                    Some("TLS1_2"),
                    "TLS versions older than 1.2 are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-blob-soft-delete",
                title: "Storage account keeps no deleted or overwritten blobs",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["backup", "resilience", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` with neither blob soft delete (`blob_properties { delete_retention_policy { … } }`) nor blob versioning (`blob_properties { versioning_enabled = true }`).",
                why: "Without soft delete or versions a deleted or overwritten blob — a statement, a ledger export, an audit trail — cannot be recovered, so ransomware or an operator mistake is final. DORA's backup and restoration requirements and record-keeping rules (SEC 17a-4, MiFID II) expect recoverable records.",
                fix: "Add `blob_properties { delete_retention_policy { days = 30 } versioning_enabled = true }` (pick the days by your retention policy).",
                references: &["https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview"],
                aliases: &["CKV2_AZURE_38"],
            },
            check: soft_delete,
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-infrastructure-encryption",
                title: "Storage account without infrastructure (double) encryption",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` with `infrastructure_encryption_enabled` unset or `false` (the provider default is `false`).",
                why: "Infrastructure encryption adds a second, independently keyed AES-256 layer at the storage infrastructure level; some bank data-classification policies require it for restricted data so that one compromised key or algorithm does not expose it.",
                fix: "Set `infrastructure_encryption_enabled = true` (it can only be set when the account is created).",
                references: &["https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable"],
                aliases: &[],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["infrastructure_encryption_enabled"],
                    true,
                    false,
                    "infrastructure encryption is off",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/storage-customer-managed-key",
                title: "Storage account encrypted with a Microsoft-managed key",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "crypto", "azure"],
                types: SA,
                finds: "An `azurerm_storage_account` with no `customer_managed_key` block and no `azurerm_storage_account_customer_managed_key` resource referring to it.",
                why: "With Microsoft-managed keys the bank cannot revoke access to the data, rotate on its own schedule or show key custody to auditors; PCI DSS requirement 3 key-management controls and many regulators' outsourcing guidance expect the firm to control keys for sensitive data.",
                fix: "Add `customer_managed_key { key_vault_key_id = … user_assigned_identity_id = … }` or an `azurerm_storage_account_customer_managed_key` resource.",
                references: &["https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview"],
                aliases: &["CKV2_AZURE_1"],
            },
            check: |r, ctx| {
                if written(r, "customer_managed_key")
                    || related(ctx, r, &["azurerm_storage_account_customer_managed_key"])
                        .next()
                        .is_some()
                {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "customer_managed_key",
                        "data is encrypted with a Microsoft-managed key only",
                    ))
                }
            },
        },
    ]
}

fn public_blob(r: &Resource, _: &Context<'_>) -> Verdict {
    let (path, l) = first_of(
        r,
        &[
            "allow_nested_items_to_be_public",
            "allow_blob_public_access",
        ],
    );
    Verdict::from_lookup(path, l, |a| {
        match a {
        None => Verdict::fail(Violation::missing(
            path,
            "containers may be made public (`allow_nested_items_to_be_public` is not set; the azurerm v3+ default is true)",
        )),
        Some(a) => match a.as_bool() {
            Some(false) => Verdict::Pass,
            Some(true) => Verdict::fail(Violation::at(a, path, "containers may be made public")),
            None => super::util::unknown(path, "not a boolean"),
        },
    }
    })
}

fn default_deny(r: &Resource, ctx: &Context<'_>) -> Verdict {
    let off = bool_is(r, &["public_network_access_enabled"], false, true, "");
    match off {
        Verdict::Pass => return Verdict::Pass,
        u @ Verdict::Unknown { .. } => return u,
        Verdict::Fail(_) => {}
    }
    let deny = |x: &Resource, path: &'static str, who: &str| {
        str_ok(
            x,
            &[path],
            |s| s.eq_ignore_ascii_case("Deny"),
            None,
            &format!("{who} lets every network reach the account"),
        )
    };
    if let Some(other) = related(ctx, r, &["azurerm_storage_account_network_rules"]).next() {
        return deny(other, "default_action", &other.address);
    }
    if written(r, "network_rules") {
        return deny(
            r,
            "network_rules.default_action",
            "the default network action",
        );
    }
    Verdict::fail(Violation::missing(
        "network_rules",
        "no network rules: every network can reach the account (the default action is Allow)",
    ))
}

fn soft_delete(r: &Resource, _: &Context<'_>) -> Verdict {
    if written(r, "blob_properties.delete_retention_policy") {
        return Verdict::Pass;
    }
    let versions = bool_is(r, &["blob_properties.versioning_enabled"], true, false, "");
    if !matches!(versions, Verdict::Fail(_)) {
        return versions;
    }
    Verdict::fail(Violation::missing(
        "blob_properties.delete_retention_policy",
        "deleted or overwritten blobs cannot be recovered: no blob soft delete and no versioning",
    ))
}
