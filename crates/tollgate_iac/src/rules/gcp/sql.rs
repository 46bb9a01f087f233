//! Cloud SQL instances.

use crate::model::{Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{bool_is, is_anywhere, unknown};
use tollgate_core::Severity;

const SQL: &[&str] = &["google_sql_database_instance"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/sql-public-ip",
                title: "Cloud SQL instance has a public IP address",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: SQL,
                finds: "A `google_sql_database_instance` whose `settings.ip_configuration.ipv4_enabled` is unset or `true` (the default gives the instance a public IPv4 address).",
                why: "With a public IP only authorised networks and passwords protect the database; private IP keeps customer and payment data off the internet (PCI DSS requirement 1.4).",
                fix: "Set `ipv4_enabled = false` with `private_network`, and connect over private services access or Private Service Connect.",
                references: &["https://cloud.google.com/sql/docs/postgres/configure-private-ip"],
                aliases: &["CKV_GCP_60"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["settings.ip_configuration.ipv4_enabled"],
                    false,
                    true,
                    "the instance has a public IP address",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-open-to-internet",
                title: "Cloud SQL instance authorises the whole internet",
                severity: Severity::High,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: SQL,
                finds: "A `google_sql_database_instance` whose `settings.ip_configuration.authorized_networks` include `0.0.0.0/0` (or `::/0`) while its public IP is on.",
                why: "A database with a public IP authorised for every address is reachable by anyone who learns or guesses a password; PCI DSS requirement 1.3 forbids direct public access to systems holding cardholder data.",
                fix: "Remove the catch-all network; use private IP (`ipv4_enabled = false` with `private_network`) or the Cloud SQL Auth Proxy.",
                references: &["https://cloud.google.com/sql/docs/mysql/authorize-networks"],
                aliases: &["CKV_GCP_11"],
            },
            check: open,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-require-ssl",
                title: "Cloud SQL instance accepts unencrypted connections",
                severity: Severity::High,
                cwe: &[319],
                tags: &["tls", "gcp"],
                types: SQL,
                finds: "A `google_sql_database_instance` whose `settings.ip_configuration.ssl_mode` is unset or `ALLOW_UNENCRYPTED_AND_ENCRYPTED` (the default) and whose older `require_ssl` is not `true`.",
                why: "Unencrypted database connections expose credentials and customer data to anyone on the network path; PCI DSS requirement 4 requires strong cryptography in transit.",
                fix: "Set `ssl_mode = \"ENCRYPTED_ONLY\"` or `\"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"` in `settings.ip_configuration` (or `require_ssl = true` on provider versions before 6).",
                references: &["https://cloud.google.com/sql/docs/postgres/configure-ssl-instance"],
                aliases: &["CKV_GCP_6"],
            },
            check: ssl,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-backups",
                title: "Cloud SQL instance without automated backups",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["backup", "resilience", "gcp"],
                types: SQL,
                finds: "A primary `google_sql_database_instance` whose `settings.backup_configuration.enabled` is unset or `false` (the default is off). Read replicas are skipped.",
                why: "Without automated backups a corrupted or deleted database of accounts or transactions cannot be restored; DORA requires backup and restoration procedures for critical data.",
                fix: "Add `backup_configuration { enabled = true }` to `settings`, with retained backups matching your restoration objectives.",
                references: &["https://cloud.google.com/sql/docs/postgres/backup-recovery/backups"],
                aliases: &["CKV_GCP_14"],
            },
            check: |r, _| {
                if is_replica(r) {
                    return Verdict::Pass;
                }
                bool_is(
                    r,
                    &["settings.backup_configuration.enabled"],
                    true,
                    false,
                    "automated backups are off",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-point-in-time-recovery",
                title: "Cloud SQL instance without point-in-time recovery",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["backup", "resilience", "gcp"],
                types: SQL,
                finds: "A primary PostgreSQL or SQL Server `google_sql_database_instance` without `point_in_time_recovery_enabled = true`, or a MySQL one without `binary_log_enabled = true`, in `settings.backup_configuration`.",
                why: "Daily backups lose up to a day of transactions; point-in-time recovery restores to just before the fault, which payment and ledger databases need to meet tight recovery point objectives (DORA).",
                fix: "Set `point_in_time_recovery_enabled = true` (PostgreSQL, SQL Server) or `binary_log_enabled = true` (MySQL) in `backup_configuration`.",
                references: &["https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr"],
                aliases: &[],
            },
            check: pitr,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-deletion-protection",
                title: "Cloud SQL instance deletion protection turned off",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["resilience", "gcp"],
                types: SQL,
                finds: "A `google_sql_database_instance` with `deletion_protection = false` (the provider default is `true`).",
                why: "With deletion protection off, a mistaken `terraform destroy` or a renamed resource deletes the database and, with it, its automated backups.",
                fix: "Keep `deletion_protection` unset or `true`, and also set `settings.deletion_protection_enabled = true` for protection outside Terraform.",
                references: &["https://cloud.google.com/sql/docs/postgres/deletion-protection"],
                aliases: &[],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["deletion_protection"],
                    true,
                    true,
                    "the instance and its backups can be deleted by one apply",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-postgres-connection-logging",
                title: "Cloud SQL for PostgreSQL does not log connections",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: SQL,
                finds: "A PostgreSQL `google_sql_database_instance` whose `settings.database_flags` do not set `log_connections` and `log_disconnections` to `on` (both default to off).",
                why: "Connection logs show who connected to the database from where and when: the first evidence needed when investigating misuse of customer or payment data (PCI DSS requirement 10).",
                fix: "Add `database_flags { name = \"log_connections\" value = \"on\" }` and the same for `log_disconnections`.",
                references: &["https://cloud.google.com/sql/docs/postgres/flags"],
                aliases: &[],
            },
            check: |r, _| postgres_flags(r, &["log_connections", "log_disconnections"]),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/sql-postgres-pgaudit",
                title: "Cloud SQL for PostgreSQL without pgAudit",
                severity: Severity::Low,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: SQL,
                finds: "A PostgreSQL `google_sql_database_instance` whose `settings.database_flags` do not set `cloudsql.enable_pgaudit` to `on`.",
                why: "pgAudit records the statements run against sensitive tables — reads of card data, changes to balances — which SOX change controls and PCI DSS requirement 10 ask to be traceable to a person.",
                fix: "Add `database_flags { name = \"cloudsql.enable_pgaudit\" value = \"on\" }` and configure `pgaudit.log`.",
                references: &["https://cloud.google.com/sql/docs/postgres/pg-audit"],
                aliases: &[],
            },
            check: |r, _| postgres_flags(r, &["cloudsql.enable_pgaudit"]),
        },
    ]
}

fn is_replica(r: &Resource) -> bool {
    !matches!(r.get("master_instance_name"), Lookup::Absent)
}

/// The `database_version` (`POSTGRES_16`); `Err` when unknown.
fn version(r: &Resource) -> Result<String, Verdict> {
    match r.get("database_version") {
        Lookup::Found(a) => Ok(a.as_str().unwrap_or("").to_ascii_uppercase()),
        Lookup::Unknown(_) => Err(unknown("database_version", "the engine is not known")),
        Lookup::Absent => Ok(String::new()),
    }
}

fn open(r: &Resource, _: &Context<'_>) -> Verdict {
    match bool_is(
        r,
        &["settings.ip_configuration.ipv4_enabled"],
        true,
        true,
        "",
    ) {
        Verdict::Pass => {}
        Verdict::Fail(_) => return Verdict::Pass,
        u => return u,
    }
    let nets = match r.get("settings.ip_configuration.authorized_networks") {
        Lookup::Found(a) => a.items(),
        Lookup::Unknown(_) => {
            return unknown(
                "settings.ip_configuration.authorized_networks",
                "the networks are not known",
            )
        }
        Lookup::Absent => return Verdict::Pass,
    };
    let mut out = Vec::new();
    for (i, n) in nets.into_iter().enumerate() {
        if let Lookup::Found(v) = n.lookup("value") {
            if v.as_str().is_some_and(|s| s != "*" && is_anywhere(s)) {
                out.push(Violation::at(
                    v,
                    &format!("settings.ip_configuration.authorized_networks.{i}.value"),
                    format!(
                        "the public IP accepts connections from `{}`",
                        v.as_str().unwrap_or("")
                    ),
                ));
            }
        }
    }
    if out.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(out)
    }
}

fn ssl(r: &Resource, _: &Context<'_>) -> Verdict {
    let mode = "settings.ip_configuration.ssl_mode";
    match r.get(mode) {
        Lookup::Found(a) => match a.as_str() {
            Some("ENCRYPTED_ONLY" | "TRUSTED_CLIENT_CERTIFICATE_REQUIRED") => Verdict::Pass,
            Some(s) => Verdict::fail(Violation::at(
                a,
                mode,
                format!("unencrypted connections are accepted (`ssl_mode` is `{s}`)"),
            )),
            None => unknown(mode, "not a string"),
        },
        Lookup::Unknown(_) => unknown(mode, "the SSL mode is not known"),
        Lookup::Absent => match r.get("settings.ip_configuration.require_ssl") {
            Lookup::Absent => Verdict::fail(Violation::missing(
                mode,
                "unencrypted connections are accepted (neither `ssl_mode` nor `require_ssl` is set; the default allows plain connections)",
            )),
            _ => bool_is(
                r,
                &["settings.ip_configuration.require_ssl"],
                true,
                false,
                "unencrypted connections are accepted",
            ),
        },
    }
}

fn pitr(r: &Resource, _: &Context<'_>) -> Verdict {
    if is_replica(r) {
        return Verdict::Pass;
    }
    let v = match version(r) {
        Ok(v) => v,
        Err(u) => return u,
    };
    let path = if v.starts_with("MYSQL") {
        "settings.backup_configuration.binary_log_enabled"
    } else if v.starts_with("POSTGRES") || v.starts_with("SQLSERVER") {
        "settings.backup_configuration.point_in_time_recovery_enabled"
    } else {
        return Verdict::Pass;
    };
    bool_is(r, &[path], true, false, "point-in-time recovery is off")
}

fn postgres_flags(r: &Resource, wanted: &[&str]) -> Verdict {
    match version(r) {
        Ok(v) if v.starts_with("POSTGRES") => {}
        Ok(_) => return Verdict::Pass,
        Err(u) => return u,
    }
    let flags = match r.get("settings.database_flags") {
        Lookup::Found(a) => a.items(),
        Lookup::Unknown(_) => return unknown("settings.database_flags", "the flags are not known"),
        Lookup::Absent => Vec::new(),
    };
    let mut out = Vec::new();
    for w in wanted {
        let mut found = None;
        for f in &flags {
            match f.lookup("name") {
                Lookup::Found(n) if n.as_str() == Some(*w) => found = Some(*f),
                Lookup::Unknown(_) => {
                    return unknown("settings.database_flags", "a flag name is not known")
                }
                _ => {}
            }
        }
        match found.map(|f| f.lookup("value")) {
            Some(Lookup::Found(v)) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("on")) => {}
            Some(Lookup::Unknown(_)) => {
                return unknown("settings.database_flags", "a flag value is not known")
            }
            Some(Lookup::Found(v)) => out.push(Violation::at(
                v,
                "settings.database_flags",
                format!("`{w}` is not on"),
            )),
            _ => out.push(Violation::missing(
                "settings.database_flags",
                format!("`{w}` is not set (it defaults to off)"),
            )),
        }
    }
    if out.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(out)
    }
}
