//! Azure SQL, PostgreSQL and MySQL servers.

use super::util::{bool_is, num_ok, related, str_ok, unknown, written};
use crate::model::{Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const MSSQL: &[&str] = &["azurerm_mssql_server", "azurerm_sql_server"];
const OSS: &[&str] = &[
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
];
const SINGLE: &[&str] = &[
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
];
const FIREWALL: &[&str] = &[
    "azurerm_mssql_firewall_rule",
    "azurerm_sql_firewall_rule",
    "azurerm_postgresql_firewall_rule",
    "azurerm_mysql_firewall_rule",
    "azurerm_mariadb_firewall_rule",
    "azurerm_postgresql_flexible_server_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
];
const CONFIG: &[&str] = &[
    "azurerm_postgresql_flexible_server_configuration",
    "azurerm_mysql_flexible_server_configuration",
    "azurerm_postgresql_configuration",
    "azurerm_mysql_configuration",
];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "azure/sql-database-tde-disabled",
                title: "Azure SQL database with transparent data encryption turned off",
                severity: Severity::High,
                cwe: &[311],
                tags: &["encryption-at-rest", "azure"],
                types: &["azurerm_mssql_database"],
                finds: "An `azurerm_mssql_database` with `transparent_data_encryption_enabled = false` (the default is `true`).",
                why: "Without TDE the database files, backups and logs are stored unencrypted; whoever obtains a copy reads customer and transaction data directly. PCI DSS requirement 3.5 requires stored account data to be unreadable.",
                fix: "Remove `transparent_data_encryption_enabled = false` (or set it to `true`).",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-tde-overview"],
                aliases: &[],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["transparent_data_encryption_enabled"],
                    true,
                    true,
                    "the database is stored unencrypted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/redis-non-tls-port",
                title: "Azure Cache for Redis accepts connections without TLS",
                severity: Severity::High,
                cwe: &[319],
                tags: &["tls", "azure"],
                types: &["azurerm_redis_cache"],
                finds: "An `azurerm_redis_cache` with the plain-text port 6379 enabled: `non_ssl_port_enabled = true` (azurerm v4) or `enable_non_ssl_port = true` (v3 and earlier); both default to `false`.",
                why: "Caches often hold session tokens and customer data; on the plain-text port the access key and every value cross the network unencrypted (PCI DSS requirement 4).",
                fix: "Set `non_ssl_port_enabled = false` (or `enable_non_ssl_port = false`) and connect on port 6380 with TLS.",
                references: &["https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure#access-ports"],
                aliases: &["CKV_AZURE_91"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["non_ssl_port_enabled", "enable_non_ssl_port"],
                    false,
                    false,
                    "the plain-text port is enabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/redis-min-tls",
                title: "Azure Cache for Redis accepts TLS older than 1.2",
                severity: Severity::Medium,
                cwe: &[326, 327],
                tags: &["tls", "azure"],
                types: &["azurerm_redis_cache"],
                finds: "An `azurerm_redis_cache` whose `minimum_tls_version` is `1.0` or `1.1` (the azurerm v3+ default is `1.2`).",
                why: "TLS 1.0/1.1 are deprecated (RFC 8996) and not strong cryptography under PCI DSS requirement 4.",
                fix: "Set `minimum_tls_version = \"1.2\"`.",
                references: &["https://learn.microsoft.com/azure/azure-cache-for-redis/cache-remove-tls-10-11"],
                aliases: &[],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["minimum_tls_version"],
                    |s| matches!(s, "1.2" | "1.3"),
                    Some("1.2"),
                    "TLS versions older than 1.2 are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-firewall-open-to-internet",
                title: "Database firewall rule admits the whole internet",
                severity: Severity::High,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: FIREWALL,
                finds: "A firewall rule of an Azure SQL, PostgreSQL, MySQL or MariaDB server whose range is `0.0.0.0`–`255.255.255.255` or otherwise spans more than a /8 (16.7 million addresses).",
                why: "A database reachable from the whole internet is one leaked or guessed password away from a breach of customer and transaction data; PCI DSS requirement 1.3 forbids direct public access to systems holding cardholder data.",
                fix: "Allow only the bank's egress ranges, or turn public access off and connect through private endpoints or VNet integration.",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/firewall-configure"],
                aliases: &["CKV_AZURE_11"],
            },
            check: firewall,
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-public-network-access",
                title: "Azure SQL server reachable over its public endpoint",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` with `public_network_access_enabled` unset or `true` (the provider default is `true`).",
                why: "The public endpoint leaves only the server firewall and credentials between the internet and the database; private endpoints keep customer data off the internet, the segmentation PCI DSS requirement 1 and DORA's ICT risk framework expect.",
                fix: "Set `public_network_access_enabled = false` and connect through a private endpoint.",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings"],
                aliases: &["CKV_AZURE_113"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["public_network_access_enabled"],
                    false,
                    true,
                    "the public endpoint is enabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-min-tls",
                title: "Azure SQL server accepts TLS older than 1.2",
                severity: Severity::High,
                cwe: &[326, 327],
                tags: &["tls", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` whose `minimum_tls_version` is `1.0`, `1.1` or `Disabled` (the azurerm v3+ default is `1.2`).",
                why: "Connections downgraded to TLS 1.0/1.1 expose credentials and query results in transit; PCI DSS requirement 4 requires strong cryptography.",
                fix: "Set `minimum_tls_version = \"1.2\"`.",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#minimal-tls-version"],
                aliases: &["CKV_AZURE_52"],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["minimum_tls_version"],
                    |s| matches!(s, "1.2" | "1.3"),
                    Some("1.2"),
                    "TLS versions older than 1.2 are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-auditing",
                title: "Azure SQL server without auditing",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` with no `azurerm_mssql_server_extended_auditing_policy` referring to it (nor an inline `extended_auditing_policy` block on older providers), or one that is disabled or keeps logs fewer than 90 days.",
                why: "Without SQL auditing nobody can show who read or changed customer or ledger data — the evidence SOX change controls, PCI DSS requirement 10 and DORA incident reporting depend on. PCI DSS asks for at least a year of audit history, 90 days of it immediately available.",
                fix: "Add an `azurerm_mssql_server_extended_auditing_policy` with `server_id` pointing at the server, sending to Log Analytics or storage, with `retention_in_days` of 90 or more (0 keeps logs indefinitely).",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/auditing-overview"],
                aliases: &["CKV_AZURE_23", "CKV_AZURE_24"],
            },
            check: auditing,
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-threat-detection",
                title: "Azure SQL server without threat detection alerts",
                severity: Severity::Low,
                cwe: &[778],
                tags: &["audit-logging", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` with no `azurerm_mssql_server_security_alert_policy` referring to it with `state = \"Enabled\"`.",
                why: "Threat detection alerts on SQL injection, anomalous access and data exfiltration patterns; without it an attack on a payments database is found late, if at all, which undermines DORA's detection and incident-classification duties.",
                fix: "Add an `azurerm_mssql_server_security_alert_policy` with `state = \"Enabled\"` and email or Defender routing to the security team.",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/threat-detection-overview"],
                aliases: &[],
            },
            check: threat_detection,
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-aad-admin",
                title: "Azure SQL server without a Microsoft Entra ID administrator",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["least-privilege", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` with no `azuread_administrator` block and no `azurerm_sql_active_directory_administrator` resource referring to it: only the SQL login administrator exists.",
                why: "A shared SQL administrator password cannot be tied to a person, is not covered by MFA or joiner/leaver processes, and is rarely rotated; central identity for database administrators is what SOX access reviews and PCI DSS requirement 8 look for.",
                fix: "Add `azuread_administrator { login_username = … object_id = … }` (ideally with `azuread_authentication_only = true`).",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-overview"],
                aliases: &[],
            },
            check: |r, ctx| {
                if written(r, "azuread_administrator")
                    || related(ctx, r, &["azurerm_sql_active_directory_administrator"])
                        .next()
                        .is_some()
                {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "azuread_administrator",
                        "no Entra ID administrator: only the SQL login administrator exists",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/sql-tde-customer-managed-key",
                title: "Azure SQL transparent data encryption uses a service-managed key",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "crypto", "azure"],
                types: MSSQL,
                finds: "An `azurerm_mssql_server` with no `transparent_data_encryption_key_vault_key_id` and no `azurerm_mssql_server_transparent_data_encryption` with a `key_vault_key_id` referring to it.",
                why: "With a service-managed TDE protector the bank cannot revoke access to the database files or show its own key custody, which PCI DSS requirement 3 key management and outsourcing guidance expect for sensitive data.",
                fix: "Set `transparent_data_encryption_key_vault_key_id`, or add `azurerm_mssql_server_transparent_data_encryption` with `key_vault_key_id`.",
                references: &["https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-byok-overview"],
                aliases: &[],
            },
            check: |r, ctx| {
                if written(r, "transparent_data_encryption_key_vault_key_id")
                    || related(ctx, r, &["azurerm_mssql_server_transparent_data_encryption"])
                        .any(|o| written(o, "key_vault_key_id"))
                {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "transparent_data_encryption_key_vault_key_id",
                        "transparent data encryption uses a service-managed key",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/db-public-network-access",
                title: "PostgreSQL/MySQL server reachable over its public endpoint",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "azure"],
                types: OSS,
                finds: "An Azure Database for PostgreSQL, MySQL or MariaDB server (flexible or single) with `public_network_access_enabled` unset or `true` (the default is `true`) and, for flexible servers, no `delegated_subnet_id` (VNet integration).",
                why: "A public endpoint leaves only a firewall rule and a password between the internet and the database; keeping databases on private networks is the segmentation PCI DSS requirement 1 and DORA's ICT security requirements expect.",
                fix: "Use VNet integration (`delegated_subnet_id` and `private_dns_zone_id`) or private endpoints, and set `public_network_access_enabled = false`.",
                references: &["https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking"],
                aliases: &["CKV_AZURE_68", "CKV_AZURE_53"],
            },
            check: |r, _| {
                if written(r, "delegated_subnet_id") {
                    return Verdict::Pass;
                }
                bool_is(
                    r,
                    &["public_network_access_enabled"],
                    false,
                    true,
                    "the public endpoint is enabled",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/db-ssl-enforcement",
                title: "PostgreSQL/MySQL server accepts unencrypted or old-TLS connections",
                severity: Severity::High,
                cwe: &[319, 326],
                tags: &["tls", "azure"],
                types: &[
                    "azurerm_postgresql_server",
                    "azurerm_mysql_server",
                    "azurerm_mariadb_server",
                    "azurerm_postgresql_flexible_server_configuration",
                    "azurerm_mysql_flexible_server_configuration",
                    "azurerm_postgresql_configuration",
                    "azurerm_mysql_configuration",
                ],
                finds: "A single server with `ssl_enforcement_enabled` not `true` or `ssl_minimal_tls_version_enforced` below `TLS1_2`; or a server configuration resource that sets `require_secure_transport` to `off` (flexible servers enforce TLS unless this is turned off).",
                why: "Unencrypted database connections carry credentials and customer data readable by anyone on the path; PCI DSS requirement 4 requires strong cryptography in transit.",
                fix: "Set `ssl_enforcement_enabled = true` and `ssl_minimal_tls_version_enforced = \"TLS1_2\"`; do not set `require_secure_transport` to `off`.",
                references: &["https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls"],
                aliases: &["CKV_AZURE_29", "CKV_AZURE_28"],
            },
            check: ssl,
        },
        Rule {
            def: RuleDef {
                slug: "azure/db-geo-redundant-backup",
                title: "PostgreSQL/MySQL server backups are not geo-redundant",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["backup", "resilience", "azure"],
                types: OSS,
                finds: "An Azure Database for PostgreSQL, MySQL or MariaDB server with `geo_redundant_backup_enabled` unset or `false` (the default is `false`).",
                why: "Locally redundant backups are lost with the region; DORA requires backup copies in a location far enough away to survive the primary site's loss, and payment operations must be restorable after a regional outage.",
                fix: "Set `geo_redundant_backup_enabled = true` (it can only be set when the server is created).",
                references: &["https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore"],
                aliases: &["CKV_AZURE_102", "CKV_AZURE_94"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["geo_redundant_backup_enabled"],
                    true,
                    false,
                    "backups are kept in one region only",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "azure/db-backup-retention",
                title: "PostgreSQL/MySQL server keeps backups fewer than 14 days",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["backup", "azure"],
                types: OSS,
                finds: "An Azure Database for PostgreSQL, MySQL or MariaDB server whose `backup_retention_days` is below 14 or unset (the default is 7).",
                why: "Corruption or a malicious change is often found after more than a week; with 7 days of backups, the last clean restore point may already be gone. DORA expects restoration objectives that match how long incidents take to detect.",
                fix: "Set `backup_retention_days` to 14 or more (up to 35).",
                references: &["https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore"],
                aliases: &[],
            },
            check: |r, _| {
                num_ok(
                    r,
                    &["backup_retention_days"],
                    |n| n >= 14.0,
                    Some(7.0),
                    "backups are kept fewer than 14 days",
                )
            },
        },
    ]
}

/// `a.b.c.d` as a number.
fn ipv4(s: &str) -> Option<u32> {
    let mut n = 0u32;
    let mut parts = 0;
    for p in s.trim().split('.') {
        n = n
            .checked_mul(256)?
            .checked_add(p.parse::<u8>().ok()?.into())?;
        parts += 1;
    }
    (parts == 4).then_some(n)
}

fn firewall(r: &Resource, _: &Context<'_>) -> Verdict {
    let (start, end) = (r.get("start_ip_address"), r.get("end_ip_address"));
    match (start, end) {
        (Lookup::Found(s), Lookup::Found(e)) => {
            let (Some(a), Some(b)) = (s.as_str().and_then(ipv4), e.as_str().and_then(ipv4)) else {
                return Verdict::Pass;
            };
            if b >= a && u64::from(b - a) + 1 > 1 << 24 {
                Verdict::fail(Violation::at(
                    s,
                    "start_ip_address",
                    format!(
                        "the firewall admits {}–{}",
                        s.as_str().unwrap_or(""),
                        e.as_str().unwrap_or("")
                    ),
                ))
            } else {
                Verdict::Pass
            }
        }
        (Lookup::Unknown(_), _) => unknown("start_ip_address", "the range is not known"),
        (_, Lookup::Unknown(_)) => unknown("end_ip_address", "the range is not known"),
        _ => Verdict::Pass,
    }
}

fn auditing(r: &Resource, ctx: &Context<'_>) -> Verdict {
    let policies: Vec<&Resource> = related(
        ctx,
        r,
        &[
            "azurerm_mssql_server_extended_auditing_policy",
            "azurerm_sql_server_extended_auditing_policy",
        ],
    )
    .collect();
    let judge = |x: &Resource, prefix: &str| {
        let on = bool_is(
            x,
            &[format!("{prefix}enabled").as_str()],
            true,
            true,
            "auditing is disabled",
        );
        let days = num_ok(
            x,
            &[format!("{prefix}retention_in_days").as_str()],
            |n| n == 0.0 || n >= 90.0,
            Some(0.0),
            "audit logs are kept fewer than 90 days",
        );
        Verdict::all([on, days])
    };
    if let Some(p) = policies.first() {
        return judge(p, "");
    }
    if written(r, "extended_auditing_policy") {
        return judge(r, "extended_auditing_policy.");
    }
    Verdict::fail(Violation::missing(
        "extended_auditing_policy",
        "no auditing policy refers to the server",
    ))
}

fn threat_detection(r: &Resource, ctx: &Context<'_>) -> Verdict {
    match related(ctx, r, &["azurerm_mssql_server_security_alert_policy"]).next() {
        Some(p) => str_ok(
            p,
            &["state"],
            |s| s.eq_ignore_ascii_case("Enabled"),
            None,
            &format!("{} does not enable threat detection", p.address),
        ),
        None => Verdict::fail(Violation::missing(
            "security_alert_policy",
            "no security alert policy refers to the server",
        )),
    }
}

fn ssl(r: &Resource, _: &Context<'_>) -> Verdict {
    if CONFIG.contains(&r.resource_type.as_str()) {
        let name = match r.get("name") {
            Lookup::Found(a) => a.as_str().unwrap_or(""),
            Lookup::Unknown(_) => return unknown("name", "the parameter name is not known"),
            Lookup::Absent => "",
        };
        if !name.eq_ignore_ascii_case("require_secure_transport") {
            return Verdict::Pass;
        }
        return str_ok(
            r,
            &["value"],
            |s| !s.eq_ignore_ascii_case("off"),
            None,
            "unencrypted connections are accepted",
        );
    }
    if !SINGLE.contains(&r.resource_type.as_str()) {
        return Verdict::Pass;
    }
    Verdict::all([
        bool_is(
            r,
            &["ssl_enforcement_enabled"],
            true,
            false,
            "unencrypted connections are accepted",
        ),
        str_ok(
            r,
            &["ssl_minimal_tls_version_enforced"],
            |s| matches!(s, "TLS1_2" | "TLS1_3"),
            Some("TLS1_2"),
            "TLS versions older than 1.2 are accepted",
        ),
    ])
}
