//! VPC firewall rules, SSL policies and DNS.

use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{
    bool_is, is_anywhere, port_names, sensitive_in, str_ok, strings, unknown, SENSITIVE_PORTS,
};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/subnet-flow-logs",
                title: "VPC subnet without flow logs",
                severity: Severity::Low,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: &["google_compute_subnetwork"],
                finds: "A `google_compute_subnetwork` with no `log_config` block (VPC flow logs are off by default). Proxy-only subnets (`purpose` `REGIONAL_MANAGED_PROXY`, `GLOBAL_MANAGED_PROXY`, `INTERNAL_HTTPS_LOAD_BALANCER`) are skipped.",
                why: "Flow logs record which addresses talked to which on the network; without them, lateral movement and data exfiltration from payment systems cannot be traced (PCI DSS requirement 10, DORA incident analysis).",
                fix: "Add `log_config { aggregation_interval = \"INTERVAL_5_SEC\" flow_sampling = 0.5 metadata = \"INCLUDE_ALL_METADATA\" }`.",
                references: &["https://cloud.google.com/vpc/docs/flow-logs"],
                aliases: &["CKV_GCP_26"],
            },
            check: |r, _| {
                match r.get("purpose") {
                    Lookup::Found(p)
                        if p.as_str().is_some_and(|p| {
                            matches!(
                                p,
                                "REGIONAL_MANAGED_PROXY"
                                    | "GLOBAL_MANAGED_PROXY"
                                    | "INTERNAL_HTTPS_LOAD_BALANCER"
                            )
                        }) =>
                    {
                        return Verdict::Pass
                    }
                    Lookup::Unknown(_) => return unknown("purpose", "the purpose is not known"),
                    _ => {}
                }
                if crate::rules::azure::util::written(r, "log_config") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "log_config",
                        "VPC flow logs are off (no `log_config` block)",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/firewall-admin-port-open-to-internet",
                title: "Firewall rule opens an administration or database port to the internet",
                severity: Severity::High,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: &["google_compute_firewall"],
                finds: "An enabled ingress `google_compute_firewall` with `0.0.0.0/0` or `::/0` in `source_ranges` whose `allow` blocks open SSH (22), RDP (3389), WinRM, Telnet or a database port — by port, by range, or by allowing a protocol with no `ports` or `all`.",
                why: "Administration and database ports reachable from the internet are scanned and brute-forced within minutes; PCI DSS requirement 1 forbids direct public access to the cardholder data environment and DORA expects segmented, restricted access to ICT systems.",
                fix: "Restrict `source_ranges` to the bank's ranges, use Identity-Aware Proxy TCP forwarding (`35.235.240.0/20`) or a bastion for administration, and private IPs for databases.",
                references: &["https://cloud.google.com/firewall/docs/firewalls"],
                aliases: &["CKV_GCP_2", "CKV_GCP_3"],
            },
            check: firewall,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/ssl-policy-weak-tls",
                title: "Load balancer SSL policy allows TLS older than 1.2 or weak ciphers",
                severity: Severity::High,
                cwe: &[326, 327],
                tags: &["tls", "gcp"],
                types: &["google_compute_ssl_policy"],
                finds: "A `google_compute_ssl_policy` whose `min_tls_version` is unset or below `TLS_1_2` (the default is `TLS_1_0`), or whose `profile` is unset or `COMPATIBLE` (the default, which keeps weak cipher suites).",
                why: "Customer-facing HTTPS load balancers of a bank must offer only strong cryptography (PCI DSS requirement 4); TLS 1.0/1.1 are deprecated (RFC 8996) and the COMPATIBLE profile enables legacy ciphers.",
                fix: "Set `min_tls_version = \"TLS_1_2\"` and `profile = \"MODERN\"` or `\"RESTRICTED\"` (or `CUSTOM` with reviewed `custom_features`).",
                references: &["https://cloud.google.com/load-balancing/docs/ssl-policies-concepts"],
                aliases: &[],
            },
            check: |r, _| {
                Verdict::all([
                    str_ok(
                        r,
                        &["min_tls_version"],
                        |s| matches!(s, "TLS_1_2" | "TLS_1_3"),
                        Some("TLS_1_0"),
                        "TLS versions older than 1.2 are offered",
                    ),
                    str_ok(
                        r,
                        &["profile"],
                        |s| matches!(s, "MODERN" | "RESTRICTED" | "CUSTOM"),
                        Some("COMPATIBLE"),
                        "the profile keeps weak cipher suites",
                    ),
                ])
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/dns-dnssec",
                title: "Public Cloud DNS zone without DNSSEC",
                severity: Severity::Medium,
                cwe: &[350],
                tags: &["tls", "gcp"],
                types: &["google_dns_managed_zone"],
                finds: "A public `google_dns_managed_zone` (`visibility` unset or `public`) whose `dnssec_config.state` is not `on`, or whose DNSSEC key specs use `rsasha1`.",
                why: "Without DNSSEC, answers for the bank's domains — online banking, payment APIs, mail — can be spoofed by cache poisoning, sending customers to a phishing copy; RSASHA1 signatures no longer protect against forgery.",
                fix: "Add `dnssec_config { state = \"on\" }` (with `RSASHA256` or ECDSA key specs).",
                references: &["https://cloud.google.com/dns/docs/dnssec"],
                aliases: &["CKV_GCP_16", "CKV_GCP_17"],
            },
            check: dnssec,
        },
    ]
}

fn firewall(r: &Resource, _: &Context<'_>) -> Verdict {
    match bool_is(r, &["disabled"], false, false, "") {
        Verdict::Pass => {}
        Verdict::Fail(_) => return Verdict::Pass,
        u => return u,
    }
    match r.get("direction") {
        Lookup::Found(d)
            if d.as_str()
                .is_some_and(|d| !d.eq_ignore_ascii_case("INGRESS")) =>
        {
            return Verdict::Pass
        }
        Lookup::Unknown(_) => return unknown("direction", "the direction is not known"),
        _ => {}
    }
    let sources = match r.get("source_ranges") {
        Lookup::Absent => return Verdict::Pass,
        Lookup::Unknown(_) => return unknown("source_ranges", "the ranges are not known"),
        Lookup::Found(a) => a,
    };
    let Some(open) = sources
        .items()
        .into_iter()
        .find(|x| x.as_str().is_some_and(|s| s != "*" && is_anywhere(s)))
    else {
        return if strings(sources).is_none() {
            unknown("source_ranges", "a range is not known")
        } else {
            Verdict::Pass
        };
    };
    let allows: Vec<&Attr> = match r.get("allow") {
        Lookup::Found(a) => a.items(),
        Lookup::Unknown(_) => return unknown("allow", "the allowed ports are not known"),
        Lookup::Absent => Vec::new(),
    };
    let mut hit = Vec::new();
    for a in allows {
        let proto = match a.lookup("protocol") {
            Lookup::Found(p) => p.as_str().unwrap_or("").to_ascii_lowercase(),
            Lookup::Unknown(_) => return unknown("allow.protocol", "the protocol is not known"),
            Lookup::Absent => String::new(),
        };
        if !matches!(proto.as_str(), "tcp" | "udp" | "all" | "6" | "17" | "sctp") {
            continue;
        }
        match a.lookup("ports") {
            Lookup::Found(p) if crate::rule::check::is_set(p) => {
                let Some(specs) = strings(p) else {
                    return unknown("allow.ports", "a port is not known");
                };
                for s in specs {
                    hit.extend(sensitive_in(s).unwrap_or_default());
                }
                // Numbers written without quotes.
                for x in p.items() {
                    if let Some(n) = x.as_f64().filter(|_| x.as_str().is_none()) {
                        hit.extend(sensitive_in(&format!("{n}")).unwrap_or_default());
                    }
                }
            }
            Lookup::Unknown(_) => return unknown("allow.ports", "the ports are not known"),
            // No ports: every port of the protocol.
            _ => hit.extend(SENSITIVE_PORTS.iter().map(|(p, _)| *p)),
        }
    }
    if hit.is_empty() {
        return Verdict::Pass;
    }
    Verdict::fail(Violation::at(
        open,
        "source_ranges",
        format!(
            "ingress from `{}` is allowed to {}",
            open.as_str().unwrap_or(""),
            port_names(&hit)
        ),
    ))
}

fn dnssec(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("visibility") {
        Lookup::Found(v)
            if v.as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("private")) =>
        {
            return Verdict::Pass
        }
        Lookup::Unknown(_) => return unknown("visibility", "the visibility is not known"),
        _ => {}
    }
    let state = str_ok(
        r,
        &["dnssec_config.state"],
        |s| s.eq_ignore_ascii_case("on"),
        Some("off"),
        "DNSSEC is not on",
    );
    let mut weak = Vec::new();
    if let Lookup::Found(specs) = r.get("dnssec_config.default_key_specs") {
        for (i, k) in specs.items().into_iter().enumerate() {
            if let Lookup::Found(alg) = k.lookup("algorithm") {
                if alg
                    .as_str()
                    .is_some_and(|a| a.eq_ignore_ascii_case("rsasha1"))
                {
                    weak.push(Verdict::fail(Violation::at(
                        alg,
                        &format!("dnssec_config.default_key_specs.{i}.algorithm"),
                        "DNSSEC signs with RSASHA1",
                    )));
                }
            }
        }
    }
    Verdict::all(std::iter::once(state).chain(weak))
}
