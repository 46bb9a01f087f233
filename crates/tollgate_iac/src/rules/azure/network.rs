//! Network security groups.

use super::util::{is_anywhere, port_names, sensitive_in, strings, unknown};
use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![Rule {
        def: RuleDef {
            slug: "azure/nsg-admin-port-open-to-internet",
            title: "Network security rule opens an administration or database port to the internet",
            severity: Severity::High,
            cwe: &[284],
            tags: &["network-exposure", "azure"],
            types: &["azurerm_network_security_rule", "azurerm_network_security_group"],
            finds: "An inbound `Allow` rule — an `azurerm_network_security_rule` or an inline `security_rule` of an `azurerm_network_security_group` — whose source is `*`, `Internet`, `Any` or `0.0.0.0/0` and whose destination ports include SSH (22), RDP (3389), WinRM, Telnet or a database port (SQL Server, Oracle, MySQL, PostgreSQL, Redis, Elasticsearch, MongoDB).",
            why: "Administration and database ports open to the internet are scanned and brute-forced within minutes of exposure and are among the most common initial-access vectors in bank incidents. PCI DSS requirement 1 forbids direct public access to the cardholder data environment; DORA expects ICT systems to be segmented and access restricted.",
            fix: "Restrict `source_address_prefix(es)` to the bank's ranges or a bastion/jump host subnet, use Azure Bastion or just-in-time VM access for administration, and private endpoints for databases.",
            references: &["https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview"],
            aliases: &["CKV_AZURE_9", "CKV_AZURE_10"],
        },
        check: nsg,
    }]
}

fn nsg(r: &Resource, _: &Context<'_>) -> Verdict {
    if r.resource_type == "azurerm_network_security_rule" {
        return one_rule(&r.attrs, "");
    }
    match r.get("security_rule") {
        Lookup::Absent => Verdict::Pass,
        Lookup::Unknown(_) => unknown("security_rule", "the rules are not known"),
        Lookup::Found(a) => Verdict::all(
            a.items()
                .into_iter()
                .enumerate()
                .map(|(i, x)| one_rule(x, &format!("security_rule.{i}."))),
        ),
    }
}

/// A string field of a rule; unknown makes the rule undecidable.
fn field<'a>(rule: &'a Attr, key: &str) -> Result<Option<&'a str>, ()> {
    match rule.lookup(key) {
        Lookup::Absent => Ok(None),
        Lookup::Found(a) => Ok(a.as_str()),
        Lookup::Unknown(_) => Err(()),
    }
}

/// The strings of the singular and the plural spelling (`source_address_prefix`,
/// `source_address_prefixes`) together.
fn both<'a>(rule: &'a Attr, one: &str, many: &str) -> Option<Vec<(&'a str, &'a Attr)>> {
    let mut out = Vec::new();
    for key in [one, many] {
        match rule.lookup(key) {
            Lookup::Absent => {}
            Lookup::Unknown(_) => return None,
            Lookup::Found(a) => {
                strings(a)?;
                for x in a.items() {
                    if let Some(s) = x.as_str() {
                        out.push((s, x));
                    }
                }
            }
        }
    }
    Some(out)
}

fn one_rule(rule: &Attr, prefix: &str) -> Verdict {
    let undecided = || {
        unknown(
            &format!("{prefix}source_address_prefix"),
            "part of the rule is unknown",
        )
    };
    let (Ok(direction), Ok(access)) = (field(rule, "direction"), field(rule, "access")) else {
        return undecided();
    };
    if !direction.is_some_and(|d| d.eq_ignore_ascii_case("Inbound"))
        || !access.is_some_and(|a| a.eq_ignore_ascii_case("Allow"))
    {
        return Verdict::Pass;
    }
    let Some(sources) = both(rule, "source_address_prefix", "source_address_prefixes") else {
        return undecided();
    };
    let Some(open) = sources.iter().find(|(s, _)| is_anywhere(s)) else {
        return Verdict::Pass;
    };
    let Some(ports) = both(rule, "destination_port_range", "destination_port_ranges") else {
        return undecided();
    };
    let mut hit: Vec<u16> = Vec::new();
    for (p, _) in &ports {
        hit.extend(sensitive_in(p).unwrap_or_default());
    }
    if hit.is_empty() {
        return Verdict::Pass;
    }
    let name = field(rule, "name").ok().flatten().unwrap_or("?");
    Verdict::fail(Violation::at(
        open.1,
        &format!("{prefix}source_address_prefix"),
        format!(
            "inbound rule `{name}` allows `{}` to {}",
            open.0,
            port_names(&hit)
        ),
    ))
}
