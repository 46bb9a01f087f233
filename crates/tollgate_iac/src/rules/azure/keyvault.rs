//! Key Vault, its keys and secrets, and activity-log retention.

use super::util::{bool_is, num_ok, related, str_ok, written};
use crate::model::Resource;
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const KV: &[&str] = &["azurerm_key_vault"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-network-default-deny",
                title: "Key Vault reachable from every network",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: KV,
                finds: "An `azurerm_key_vault` with `public_network_access_enabled` not `false` and no `network_acls { default_action = \"Deny\" }` (without the block every network is allowed).",
                why: "The vault holds the keys and secrets that protect payment and customer data; a stolen token used from anywhere on the internet reaches it. Restricting the vault to the bank's networks limits what a leaked credential can do (PCI DSS requirements 1 and 3, DORA ICT security).",
                fix: "Add `network_acls { default_action = \"Deny\" bypass = \"AzureServices\" ip_rules = [...] virtual_network_subnet_ids = [...] }` or set `public_network_access_enabled = false` and use a private endpoint.",
                references: &["https://learn.microsoft.com/azure/key-vault/general/network-security"],
                aliases: &["CKV_AZURE_109"],
            },
            check: |r, _| {
                if let v @ (Verdict::Pass | Verdict::Unknown { .. }) =
                    bool_is(r, &["public_network_access_enabled"], false, true, "")
                {
                    return v;
                }
                if !written(r, "network_acls") {
                    return Verdict::fail(Violation::missing(
                        "network_acls",
                        "no network ACLs: every network can reach the vault",
                    ));
                }
                str_ok(
                    r,
                    &["network_acls.default_action"],
                    |s| s.eq_ignore_ascii_case("Deny"),
                    None,
                    "the default network action lets every network reach the vault",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-purge-protection",
                title: "Key Vault without purge protection",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["resilience", "crypto", "azure"],
                types: KV,
                finds: "An `azurerm_key_vault` with `purge_protection_enabled` unset or `false` (the default is `false`).",
                why: "Without purge protection an attacker or a mistaken operator can delete a vault and purge it at once, destroying the keys of every database and storage account encrypted with them — customer data then is unrecoverable. DORA's ICT continuity requirements and PCI DSS key-management controls expect keys to survive such an event.",
                fix: "Set `purge_protection_enabled = true` (it cannot be turned off again).",
                references: &["https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"],
                aliases: &["CKV_AZURE_110", "CKV_AZURE_42"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["purge_protection_enabled"],
                    true,
                    false,
                    "a deleted vault can be purged at once",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-soft-delete-retention",
                title: "Key Vault keeps deleted objects fewer than 90 days",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["resilience", "crypto", "azure"],
                types: KV,
                finds: "An `azurerm_key_vault` with `soft_delete_retention_days` below 90 (the default and maximum), or soft delete turned off (`soft_delete_enabled = false`, azurerm v2).",
                why: "A deleted key or secret can be recovered only within the retention period; a short window means a deletion noticed late destroys access to encrypted customer data for good.",
                fix: "Leave `soft_delete_retention_days` unset or set it to 90.",
                references: &["https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"],
                aliases: &[],
            },
            check: |r, _| {
                Verdict::all([
                    bool_is(
                        r,
                        &["soft_delete_enabled"],
                        true,
                        true,
                        "soft delete is turned off",
                    ),
                    num_ok(
                        r,
                        &["soft_delete_retention_days"],
                        |n| n >= 90.0,
                        Some(90.0),
                        "deleted keys and secrets are kept fewer than 90 days",
                    ),
                ])
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-key-expiration",
                title: "Key Vault key without an expiration date",
                severity: Severity::Medium,
                cwe: &[324],
                tags: &["crypto", "azure"],
                types: &["azurerm_key_vault_key"],
                finds: "An `azurerm_key_vault_key` with no `expiration_date` (and no `rotation_policy` that sets `expire_after`).",
                why: "A key that never expires is never rotated by process; PCI DSS requirement 3.6/3.7 requires cryptoperiods for keys protecting cardholder data, and auditors ask for them.",
                fix: "Set `expiration_date` (RFC 3339) or a `rotation_policy { expire_after = \"P1Y\" automatic { time_before_expiry = \"P30D\" } }`.",
                references: &["https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation"],
                aliases: &["CKV_AZURE_40"],
            },
            check: |r, _| {
                if written(r, "expiration_date") || written(r, "rotation_policy.expire_after") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "expiration_date",
                        "the key never expires",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-secret-expiration",
                title: "Key Vault secret without an expiration date",
                severity: Severity::Medium,
                cwe: &[324, 798],
                tags: &["secret", "azure"],
                types: &["azurerm_key_vault_secret"],
                finds: "An `azurerm_key_vault_secret` with no `expiration_date`.",
                why: "Secrets without an expiry — database passwords, API keys of payment processors — live until someone remembers them; an expiry forces rotation, limiting how long a leaked secret is useful (PCI DSS requirement 8 credential management).",
                fix: "Set `expiration_date` and rotate the secret before it.",
                references: &["https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation"],
                aliases: &["CKV_AZURE_41"],
            },
            check: |r, _| {
                if written(r, "expiration_date") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "expiration_date",
                        "the secret never expires",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/keyvault-diagnostic-logging",
                title: "Key Vault access is not logged",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "azure"],
                types: KV,
                finds: "An `azurerm_key_vault` with no `azurerm_monitor_diagnostic_setting` whose `target_resource_id` refers to it.",
                why: "Key Vault's audit events show who read which key or secret and when; without them the use of a stolen credential cannot be traced, and PCI DSS requirement 10 and DORA incident analysis lack their evidence.",
                fix: "Add an `azurerm_monitor_diagnostic_setting` with `target_resource_id = azurerm_key_vault.<name>.id`, `enabled_log { category = \"AuditEvent\" }` and a Log Analytics workspace or storage destination.",
                references: &["https://learn.microsoft.com/azure/key-vault/general/logging"],
                aliases: &[],
            },
            check: |r, ctx| {
                if related(ctx, r, &["azurerm_monitor_diagnostic_setting"])
                    .next()
                    .is_some()
                {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "diagnostic_setting",
                        "no diagnostic setting sends the vault's audit events anywhere",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/monitor-log-profile-retention",
                title: "Activity log profile keeps logs less than a year",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "azure"],
                types: &["azurerm_monitor_log_profile"],
                finds: "An `azurerm_monitor_log_profile` whose `retention_policy` is enabled with `days` between 1 and 364 (0 keeps logs indefinitely).",
                why: "The activity log records who changed what in the subscription; PCI DSS requirement 10.5 asks for a year of audit history, and investigations of incidents and fraud often reach back further.",
                fix: "Set `retention_policy { enabled = true days = 365 }` or more (or 0 to keep indefinitely).",
                references: &["https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log"],
                aliases: &["CKV_AZURE_37"],
            },
            check: log_profile,
        },
    ]
}

fn log_profile(r: &Resource, _: &Context<'_>) -> Verdict {
    match bool_is(r, &["retention_policy.enabled"], true, false, "") {
        Verdict::Pass => {}
        Verdict::Fail(_) => return Verdict::Pass,
        u => return u,
    }
    num_ok(
        r,
        &["retention_policy.days"],
        |n| n == 0.0 || n >= 365.0,
        Some(0.0),
        "activity logs are kept less than 365 days",
    )
}
