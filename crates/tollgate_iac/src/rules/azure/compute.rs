//! AKS clusters, App Service and Function Apps, container registries, Cosmos DB accounts,
//! virtual machines, and required tags.

use super::util::{
    bool_is, first_of, is_anywhere, required_keys, str_ok, strings, unknown, written,
};
use crate::model::{Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const AKS: &[&str] = &["azurerm_kubernetes_cluster"];
const APPS: &[&str] = &[
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
    "azurerm_app_service",
    "azurerm_function_app",
];
/// The azurerm v2 app types, whose defaults differ.
const LEGACY_APPS: &[&str] = &["azurerm_app_service", "azurerm_function_app"];
const VMS: &[&str] = &[
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
];

/// Resource types that take `tags` and hold data or run workloads.
const TAGGABLE: &[&str] = &[
    "azurerm_resource_group",
    "azurerm_storage_account",
    "azurerm_key_vault",
    "azurerm_mssql_server",
    "azurerm_mssql_database",
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_cosmosdb_account",
    "azurerm_kubernetes_cluster",
    "azurerm_container_registry",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_virtual_network",
    "azurerm_network_security_group",
    "azurerm_log_analytics_workspace",
    "azurerm_redis_cache",
    "azurerm_servicebus_namespace",
    "azurerm_eventhub_namespace",
];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "azure/aks-api-server-public",
                title: "AKS API server reachable from any address",
                severity: Severity::High,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: AKS,
                finds: "An `azurerm_kubernetes_cluster` that is not a private cluster (`private_cluster_enabled` unset or `false`) and has no authorized IP ranges (`api_server_access_profile { authorized_ip_ranges }` or the older `api_server_authorized_ip_ranges`), or whose ranges include `0.0.0.0/0`.",
                why: "The Kubernetes API controls every workload and secret in the cluster; exposed to the internet it is one stolen kubeconfig or API vulnerability away from compromise of payment services. PCI DSS requirement 1 and DORA expect administrative interfaces to be reachable only from trusted networks.",
                fix: "Set `private_cluster_enabled = true`, or `api_server_access_profile { authorized_ip_ranges = [\"<bank ranges>\"] }`.",
                references: &["https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges"],
                aliases: &["CKV_AZURE_6", "CKV_AZURE_115"],
            },
            check: aks_api,
        },
        Rule {
            def: RuleDef {
                slug: "azure/aks-rbac-disabled",
                title: "AKS cluster without Kubernetes RBAC",
                severity: Severity::High,
                cwe: &[284, 269],
                tags: &["least-privilege", "azure"],
                types: AKS,
                finds: "An `azurerm_kubernetes_cluster` with `role_based_access_control_enabled = false` (azurerm v3+, default `true`) or `role_based_access_control { enabled = false }` (v2).",
                why: "Without RBAC every authenticated identity can do anything in the cluster, so no least privilege or segregation of duties (SOX, PCI DSS requirement 7) can hold for the workloads it runs.",
                fix: "Leave `role_based_access_control_enabled` at `true` (it cannot be changed on an existing cluster) and integrate Entra ID with `azure_active_directory_role_based_access_control`.",
                references: &["https://learn.microsoft.com/azure/aks/concepts-identity"],
                aliases: &["CKV_AZURE_5"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["role_based_access_control_enabled", "role_based_access_control.enabled"],
                    true,
                    true,
                    "Kubernetes RBAC is disabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/aks-local-accounts",
                title: "AKS cluster keeps local accounts",
                severity: Severity::Medium,
                cwe: &[284, 798],
                tags: &["least-privilege", "azure"],
                types: AKS,
                finds: "An `azurerm_kubernetes_cluster` with `local_account_disabled` unset or `false` (the default is `false`), so a static cluster-admin credential exists beside Entra ID.",
                why: "The local admin kubeconfig bypasses Entra ID, MFA, conditional access and the access reviews SOX and PCI DSS requirement 8 rely on; whoever copies it keeps full access until the cluster certificates are rotated.",
                fix: "Set `local_account_disabled = true` with Entra ID integration enabled.",
                references: &["https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad"],
                aliases: &["CKV_AZURE_141"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["local_account_disabled"],
                    true,
                    false,
                    "the static local admin account is enabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/aks-network-policy",
                title: "AKS cluster without a network policy engine",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: AKS,
                finds: "An `azurerm_kubernetes_cluster` with no `network_profile { network_policy = … }` (`azure`, `calico` or `cilium`).",
                why: "Without a network policy engine every pod can reach every other pod; a compromised front end reaches the payment back end and databases directly, defeating the segmentation PCI DSS requirement 1 asks for inside the cardholder data environment.",
                fix: "Set `network_profile { network_plugin = \"azure\" network_policy = \"azure\" }` (or `calico`/`cilium`) and write NetworkPolicies.",
                references: &["https://learn.microsoft.com/azure/aks/use-network-policies"],
                aliases: &["CKV_AZURE_7"],
            },
            check: |r, _| {
                if written(r, "network_profile.network_policy") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "network_profile.network_policy",
                        "no network policy engine: every pod can reach every other pod",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/aks-azure-policy",
                title: "AKS cluster without the Azure Policy add-on",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["container-hardening", "azure"],
                types: AKS,
                finds: "An `azurerm_kubernetes_cluster` with `azure_policy_enabled` unset or `false` (or `addon_profile { azure_policy { enabled = true } }` missing on azurerm v2).",
                why: "The add-on enforces the bank's pod security baseline (no privileged pods, approved registries) at admission and reports compliance centrally, the evidence auditors ask for.",
                fix: "Set `azure_policy_enabled = true` and assign the Kubernetes policy initiatives.",
                references: &["https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes"],
                aliases: &["CKV_AZURE_116"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["azure_policy_enabled", "addon_profile.azure_policy.enabled"],
                    true,
                    false,
                    "the Azure Policy add-on is off",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/app-service-https-only",
                title: "App Service or Function App accepts plain HTTP",
                severity: Severity::High,
                cwe: &[319],
                tags: &["tls", "azure"],
                types: APPS,
                finds: "A web app or function app with `https_only` unset or `false` (the default is `false`).",
                why: "Plain HTTP exposes session cookies, tokens and customer data on the wire and allows downgrade attacks on online banking front ends; PCI DSS requirement 4 requires strong cryptography in transit.",
                fix: "Set `https_only = true`.",
                references: &["https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https"],
                aliases: &["CKV_AZURE_14"],
            },
            check: |r, _| bool_is(r, &["https_only"], true, false, "plain HTTP requests are served"),
        },
        Rule {
            def: RuleDef {
                slug: "azure/app-service-min-tls",
                title: "App Service or Function App accepts TLS older than 1.2",
                severity: Severity::High,
                cwe: &[326, 327],
                tags: &["tls", "azure"],
                types: APPS,
                finds: "A web app or function app whose `site_config.minimum_tls_version` (azurerm v3+) or `site_config.min_tls_version` (v2) is `1.0` or `1.1` (the default is `1.2`).",
                why: "TLS 1.0/1.1 are deprecated (RFC 8996) and not strong cryptography under PCI DSS requirement 4.",
                fix: "Set `site_config { minimum_tls_version = \"1.2\" }`.",
                references: &["https://learn.microsoft.com/azure/app-service/overview-tls"],
                aliases: &["CKV_AZURE_15"],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["site_config.minimum_tls_version", "site_config.min_tls_version"],
                    |s| matches!(s, "1.2" | "1.3"),
                    Some("1.2"),
                    "TLS versions older than 1.2 are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/app-service-ftp-enabled",
                title: "App Service or Function App allows plain FTP deployment",
                severity: Severity::Medium,
                cwe: &[319],
                tags: &["tls", "azure"],
                types: APPS,
                finds: "A web app or function app whose `site_config.ftps_state` is `AllAllowed`, or unset on the azurerm v2 `azurerm_app_service`/`azurerm_function_app` types (whose platform default allows FTP; the v3+ types default to `Disabled`).",
                why: "Plain FTP sends the deployment credentials and the application code unencrypted; whoever captures them can change production code — a change-management failure under SOX and a PCI DSS requirement 4 issue.",
                fix: "Set `site_config { ftps_state = \"Disabled\" }` (or `FtpsOnly` if FTP deployment is really needed).",
                references: &["https://learn.microsoft.com/azure/app-service/deploy-ftp#enforce-ftps"],
                aliases: &["CKV_AZURE_78"],
            },
            check: |r, _| {
                let default = if LEGACY_APPS.contains(&r.resource_type.as_str()) {
                    "AllAllowed"
                } else {
                    "Disabled"
                };
                str_ok(
                    r,
                    &["site_config.ftps_state"],
                    |s| s != "AllAllowed",
                    Some(default),
                    "plain FTP is allowed",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/app-service-remote-debugging",
                title: "App Service or Function App has remote debugging on",
                severity: Severity::Medium,
                cwe: &[489],
                tags: &["network-exposure", "azure"],
                types: APPS,
                finds: "A web app or function app with `site_config.remote_debugging_enabled = true` (the default is `false`).",
                why: "Remote debugging opens extra ports and lets a debugger attach to production, reading memory with customer data and secrets; production payment apps must not expose it.",
                fix: "Remove `remote_debugging_enabled` or set it to `false`.",
                references: &["https://learn.microsoft.com/azure/app-service/configure-common"],
                aliases: &["CKV_AZURE_72"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["site_config.remote_debugging_enabled"],
                    false,
                    false,
                    "remote debugging is enabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/app-service-managed-identity",
                title: "App Service or Function App without a managed identity",
                severity: Severity::Low,
                cwe: &[798],
                tags: &["secret", "azure"],
                types: APPS,
                finds: "A web app or function app with no `identity` block.",
                why: "Without a managed identity the app reaches Key Vault, storage and databases with stored secrets — connection strings and keys that leak through configuration and deployment logs. Managed identities remove them (PCI DSS requirement 8).",
                fix: "Add `identity { type = \"SystemAssigned\" }` (or a user-assigned identity) and grant it the roles the app needs.",
                references: &["https://learn.microsoft.com/azure/app-service/overview-managed-identity"],
                aliases: &["CKV_AZURE_16"],
            },
            check: |r, _| {
                if written(r, "identity") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "identity",
                        "no managed identity: the app must use stored secrets",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/acr-admin-user",
                title: "Container registry admin user enabled",
                severity: Severity::Medium,
                cwe: &[798, 284],
                tags: &["secret", "least-privilege", "supply-chain", "azure"],
                types: &["azurerm_container_registry"],
                finds: "An `azurerm_container_registry` with `admin_enabled = true` (the default is `false`).",
                why: "The admin user is one shared username and password with push rights to every repository; whoever holds it can replace the images of payment services. Access must be per identity and reviewable (PCI DSS requirement 8, SOX change management).",
                fix: "Set `admin_enabled = false` and use Entra ID identities, tokens with scope maps, or managed identities.",
                references: &["https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account"],
                aliases: &["CKV_AZURE_137"],
            },
            check: |r, _| bool_is(r, &["admin_enabled"], false, false, "the shared admin user is enabled"),
        },
        Rule {
            def: RuleDef {
                slug: "azure/acr-public-network",
                title: "Container registry reachable from any network",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["network-exposure", "supply-chain", "azure"],
                types: &["azurerm_container_registry"],
                finds: "An `azurerm_container_registry` with `public_network_access_enabled` unset or `true` (the default is `true`) and no `network_rule_set { default_action = \"Deny\" }`.",
                why: "A registry open to the internet lets leaked credentials pull proprietary images or push tampered ones from anywhere.",
                fix: "Set `public_network_access_enabled = false` with private endpoints (Premium SKU), or a `network_rule_set` with `default_action = \"Deny\"`.",
                references: &["https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks"],
                aliases: &["CKV_AZURE_139"],
            },
            check: |r, _| {
                if let v @ (Verdict::Pass | Verdict::Unknown { .. }) =
                    bool_is(r, &["public_network_access_enabled"], false, true, "")
                {
                    return v;
                }
                if written(r, "network_rule_set") {
                    return str_ok(
                        r,
                        &["network_rule_set.default_action"],
                        |s| s.eq_ignore_ascii_case("Deny"),
                        Some("Allow"),
                        "every network can reach the registry",
                    );
                }
                Verdict::fail(Violation::missing(
                    "public_network_access_enabled",
                    "every network can reach the registry (`public_network_access_enabled` defaults to true)",
                ))
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/cosmosdb-public-network",
                title: "Cosmos DB account reachable from any network",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: &["azurerm_cosmosdb_account"],
                finds: "An `azurerm_cosmosdb_account` with `public_network_access_enabled` unset or `true` (the default is `true`), no `ip_range_filter` and `is_virtual_network_filter_enabled` not `true`.",
                why: "Without network restrictions the account's keys work from anywhere on the internet; a leaked key exposes every document — customer profiles, transactions — at once.",
                fix: "Set `public_network_access_enabled = false` with private endpoints, or restrict with `ip_range_filter` and virtual network rules.",
                references: &["https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall"],
                aliases: &["CKV_AZURE_101", "CKV_AZURE_99"],
            },
            check: |r, _| {
                if let v @ (Verdict::Pass | Verdict::Unknown { .. }) =
                    bool_is(r, &["public_network_access_enabled"], false, true, "")
                {
                    return v;
                }
                if written(r, "ip_range_filter") {
                    return Verdict::Pass;
                }
                match bool_is(r, &["is_virtual_network_filter_enabled"], true, false, "") {
                    Verdict::Fail(_) => Verdict::fail(Violation::missing(
                        "public_network_access_enabled",
                        "every network can reach the account (public access is on by default; no IP or virtual network filter)",
                    )),
                    v => v,
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/cosmosdb-key-metadata-writes",
                title: "Cosmos DB account keys can change account metadata",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["least-privilege", "azure"],
                types: &["azurerm_cosmosdb_account"],
                finds: "An `azurerm_cosmosdb_account` with `access_key_metadata_writes_enabled` unset or `true` (the default is `true`).",
                why: "With key-based metadata writes, anyone holding an account key — an application, a leaked configuration — can create or delete databases and containers and change throughput, outside Azure RBAC and its activity log.",
                fix: "Set `access_key_metadata_writes_enabled = false` and manage databases and containers through Azure Resource Manager (Terraform).",
                references: &["https://learn.microsoft.com/azure/cosmos-db/role-based-access-control#prevent-sdk-changes"],
                aliases: &["CKV_AZURE_132"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["access_key_metadata_writes_enabled"],
                    false,
                    true,
                    "account keys can change databases and containers",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/vm-password-authentication",
                title: "Linux virtual machine allows password login",
                severity: Severity::Medium,
                cwe: &[287, 521],
                tags: &["least-privilege", "azure"],
                types: &[
                    "azurerm_linux_virtual_machine",
                    "azurerm_linux_virtual_machine_scale_set",
                    "azurerm_virtual_machine",
                ],
                finds: "A Linux VM or scale set with `disable_password_authentication = false` (the default is `true`), or an `azurerm_virtual_machine` whose `os_profile_linux_config` sets it to `false`.",
                why: "Password SSH logins can be brute-forced and shared; key- or Entra ID-based logins tie access to a person, as PCI DSS requirement 8 expects for administrative access.",
                fix: "Set `disable_password_authentication = true` and provide `admin_ssh_key` (or use Entra ID login for Linux).",
                references: &["https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed"],
                aliases: &["CKV_AZURE_1", "CKV_AZURE_149"],
            },
            check: |r, _| {
                if r.resource_type == "azurerm_virtual_machine" {
                    if matches!(r.get("os_profile_linux_config"), Lookup::Absent) {
                        return Verdict::Pass;
                    }
                    return bool_is(
                        r,
                        &["os_profile_linux_config.disable_password_authentication"],
                        true,
                        true,
                        "SSH password login is allowed",
                    );
                }
                bool_is(
                    r,
                    &["disable_password_authentication"],
                    true,
                    true,
                    "SSH password login is allowed",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/vm-encryption-at-host",
                title: "Virtual machine disks without host encryption or a customer-managed key",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "azure"],
                types: VMS,
                finds: "A VM or scale set with `encryption_at_host_enabled` unset or `false` and no `os_disk { disk_encryption_set_id = … }`.",
                why: "Managed disks are encrypted at rest by the platform, but temp disks and caches are not unless encryption at host is on, and without a disk encryption set the bank does not hold the keys — both points auditors raise for servers that process cardholder data (PCI DSS requirement 3).",
                fix: "Set `encryption_at_host_enabled = true` (the subscription feature must be registered) and/or `os_disk { disk_encryption_set_id = azurerm_disk_encryption_set.<name>.id }`.",
                references: &["https://learn.microsoft.com/azure/virtual-machines/disk-encryption-overview"],
                aliases: &[],
            },
            check: |r, _| {
                if written(r, "os_disk.disk_encryption_set_id") {
                    return Verdict::Pass;
                }
                bool_is(
                    r,
                    &["encryption_at_host_enabled"],
                    true,
                    false,
                    "temp disks and caches are not encrypted and no customer-managed key is used",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/required-tags",
                title: "Azure resource lacks required tags",
                severity: Severity::Low,
                cwe: &[],
                tags: &["tagging", "inventory", "azure"],
                types: TAGGABLE,
                finds: "A taggable Azure resource whose `tags` lack one of the keys listed in `[iac] required_tags` of `tollgate.toml`. Nothing is reported when no tags are configured.",
                why: "Owner, cost centre and data classification tags are how a bank keeps the asset inventory DORA's ICT asset management and PCI DSS requirement 12.5 demand, and how incidents are routed to the right owner.",
                fix: "Add the missing keys to `tags` (or set them once with the provider's default tags and merge).",
                references: &["https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources"],
                aliases: &[],
            },
            check: |r, ctx| required_keys(r, ctx, "tags", "tags"),
        },
    ]
}

fn aks_api(r: &Resource, _: &Context<'_>) -> Verdict {
    match bool_is(r, &["private_cluster_enabled"], true, false, "") {
        Verdict::Pass => return Verdict::Pass,
        u @ Verdict::Unknown { .. } => return u,
        Verdict::Fail(_) => {}
    }
    let (path, l) = first_of(
        r,
        &[
            "api_server_access_profile.authorized_ip_ranges",
            "api_server_authorized_ip_ranges",
        ],
    );
    match l {
        Lookup::Unknown(_) => unknown(path, "the authorized ranges are not known"),
        Lookup::Found(a) if crate::rule::check::is_set(a) => {
            if let Some(open) = a
                .items()
                .into_iter()
                .find(|x| x.as_str().is_some_and(is_anywhere))
            {
                return Verdict::fail(Violation::at(
                    open,
                    path,
                    format!(
                        "the API server is authorized for `{}`",
                        open.as_str().unwrap_or("")
                    ),
                ));
            }
            match strings(a) {
                Some(_) => Verdict::Pass,
                None => unknown(path, "a range is not known"),
            }
        }
        _ => Verdict::fail(Violation::missing(
            path,
            "the API server is public with no authorized IP ranges",
        )),
    }
}
