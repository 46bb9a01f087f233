//! Elastic Load Balancing v2: application and network load balancers and listeners.

use super::common::{bool_attr, fail, is_cfn, show, str_in};
use crate::model::{Lookup, Resource};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        HTTP_LISTENER,
        TLS_POLICY,
        DROP_HEADERS,
        ACCESS_LOGS,
        DELETION_PROTECTION,
    ]
}

const LISTENERS: &[&str] = &["aws_lb_listener", "aws_alb_listener"];
const LBS: &[&str] = &["aws_lb", "aws_alb"];

fn protocol(r: &Resource) -> Result<String, Verdict> {
    match r.get("protocol") {
        Lookup::Found(a) => Ok(a.as_str().unwrap_or("").to_ascii_uppercase()),
        Lookup::Absent => Ok(String::new()),
        l @ Lookup::Unknown(_) => Err(Verdict::from_lookup("protocol", l, |_| Verdict::Pass)),
    }
}

/// Whether the listener's default action redirects to HTTPS.
fn redirects_to_https(r: &Resource) -> bool {
    let (list, cfg) = if is_cfn(r) {
        ("default_actions", "redirect_config")
    } else {
        ("default_action", "redirect")
    };
    let Lookup::Found(actions) = r.get(list) else {
        return false;
    };
    actions.items().iter().any(|a| {
        matches!(a.lookup("type"), Lookup::Found(t) if str_in(t, &["redirect"]))
            && matches!(a.lookup(&format!("{cfg}.protocol")), Lookup::Found(p) if str_in(p, &["HTTPS"]))
    })
}

const HTTP_LISTENER: Rule = Rule {
    def: RuleDef {
        slug: "aws/lb-listener-plain-http",
        title: "Load balancer listener serves plain HTTP",
        severity: Severity::High,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: LISTENERS,
        finds: "An `aws_lb_listener` (CloudFormation `AWS::ElasticLoadBalancingV2::Listener`) with `protocol = \"HTTP\"` (the provider's default for application load balancers when not set) whose default action does not redirect to HTTPS.",
        why: "Sessions, credentials and customer data sent over HTTP can be read and changed on the way; PCI DSS 4.2.1 requires strong cryptography for cardholder data over open networks.",
        fix: "Serve HTTPS (`protocol = \"HTTPS\"` with a certificate), and make the port-80 listener's default action a redirect with `protocol = \"HTTPS\"` and `status_code = \"HTTP_301\"`.",
        references: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"],
        aliases: &["CKV_AWS_2", "AVD-AWS-0054"],
    },
    check: |r, ctx| {
        let p = match protocol(r) {
            Ok(p) => p,
            Err(v) => return v,
        };
        // Without a protocol, a listener of a gateway or network load balancer in the
        // same configuration is not HTTP (gateway listeners take none).
        if p.is_empty() && listens_for_non_http_lb(r, ctx) {
            return Verdict::Pass;
        }
        if (p == "HTTP" || p.is_empty()) && !redirects_to_https(r) {
            let msg = if p.is_empty() {
                "`protocol` is not set; the default is HTTP, and the listener does not redirect to HTTPS"
            } else {
                "the listener serves plain HTTP without redirecting to HTTPS"
            };
            return match r.get("protocol") {
                Lookup::Found(a) => fail(Some(a), "protocol", msg),
                _ => fail(None, "protocol", msg),
            };
        }
        Verdict::Pass
    },
};

fn listens_for_non_http_lb(r: &Resource, ctx: &crate::rule::Context<'_>) -> bool {
    ctx.model.resources.iter().any(|lb| {
        LBS.contains(&lb.resource_type.as_str())
            && r.references.contains(&lb.address)
            && matches!(is_application(lb), Ok(false))
    })
}

/// Whether an ELB security policy name allows only TLS 1.2 or later.
fn tls12_policy(name: &str) -> bool {
    name.contains("-1-2-") || name.contains("-1-3-")
}

const TLS_POLICY: Rule = Rule {
    def: RuleDef {
        slug: "aws/lb-listener-tls-policy",
        title: "Load balancer listener accepts TLS older than 1.2",
        severity: Severity::High,
        cwe: &[326, 327],
        tags: &["tls", "crypto", "aws"],
        types: LISTENERS,
        finds: "An HTTPS or TLS listener whose `ssl_policy` (CloudFormation `SslPolicy`) allows TLS 1.0 or 1.1: `ELBSecurityPolicy-2016-08`, `-2015-05`, `-TLS-1-0-*`, `-TLS-1-1-*`, `-FS-2018-06`, `-FS-1-1-*`, `-TLS13-1-0-*`, `-TLS13-1-1-*`. Policies named `…-1-2-…` or `…-1-3-…` pass. Not set takes the provider's or API's default, which has changed over time, and is not reported.",
        why: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and not strong cryptography under PCI DSS 4.2.1; assessors fail internet-facing endpoints that negotiate them.",
        fix: "Set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (or a FIPS `…-1-2-…` policy).",
        references: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"],
        aliases: &["CKV_AWS_103", "AVD-AWS-0047"],
    },
    check: |r, _| {
        let p = match protocol(r) {
            Ok(p) => p,
            Err(v) => return v,
        };
        if p != "HTTPS" && p != "TLS" {
            return Verdict::Pass;
        }
        Verdict::from_lookup("ssl_policy", r.get("ssl_policy"), |a| match a {
            Some(a) if a.as_str().is_some_and(|s| !tls12_policy(s)) => Verdict::fail(Violation::at(a, "ssl_policy", format!("the security policy {} allows TLS versions before 1.2", show(a)))),
            _ => Verdict::Pass,
        })
    },
};

/// A load balancer attribute: Terraform's own argument, or CloudFormation's
/// `LoadBalancerAttributes` entry with that key.
fn lb_attr<'a>(r: &'a Resource, tf: &'a str, cfn_key: &str) -> (String, Lookup<'a>) {
    if !is_cfn(r) {
        return (tf.to_string(), r.get(tf));
    }
    let list = "load_balancer_attributes";
    match r.get(list) {
        Lookup::Found(l) => {
            for (i, e) in l.items().into_iter().enumerate() {
                match e.lookup("key") {
                    Lookup::Found(k) if k.as_str() == Some(cfn_key) => {
                        return (format!("{list}.{i}.value"), e.lookup("value"));
                    }
                    Lookup::Unknown(_) => return (format!("{list}.{i}.key"), e.lookup("key")),
                    _ => {}
                }
            }
            (format!("{list}[{cfn_key}]"), Lookup::Absent)
        }
        Lookup::Absent => (format!("{list}[{cfn_key}]"), Lookup::Absent),
        l => (list.to_string(), l),
    }
}

fn is_application(r: &Resource) -> Result<bool, Verdict> {
    match r.get(if is_cfn(r) {
        "type"
    } else {
        "load_balancer_type"
    }) {
        Lookup::Found(a) => Ok(str_in(a, &["application"])),
        Lookup::Absent => Ok(true),
        l @ Lookup::Unknown(_) => Err(Verdict::from_lookup("load_balancer_type", l, |_| {
            Verdict::Pass
        })),
    }
}

const DROP_HEADERS: Rule = Rule {
    def: RuleDef {
        slug: "aws/lb-drop-invalid-headers",
        title: "Application load balancer forwards invalid HTTP headers",
        severity: Severity::Medium,
        cwe: &[444],
        tags: &["network-exposure", "aws"],
        types: LBS,
        finds: "An application load balancer whose `drop_invalid_header_fields` (CloudFormation attribute `routing.http.drop_invalid_header_fields.enabled`) is false or not set (the default is false). Network and gateway load balancers are not reported.",
        why: "Malformed header names are a tool of HTTP request smuggling, which lets an attacker slip requests past the load balancer's rules into another customer's session; OWASP and PCI DSS 6.2.4 expect such attacks to be addressed.",
        fix: "Set `drop_invalid_header_fields = true`.",
        references: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes"],
        aliases: &["CKV_AWS_131", "AVD-AWS-0052"],
    },
    check: |r, _| match is_application(r) {
        Err(v) => v,
        Ok(false) => Verdict::Pass,
        Ok(true) => {
            let (path, l) = lb_attr(r, "drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled");
            bool_attr(l, &path, true, false, "invalid header fields are forwarded to targets")
        }
    },
};

const ACCESS_LOGS: Rule = Rule {
    def: RuleDef {
        slug: "aws/lb-access-logs",
        title: "Load balancer without access logs",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: LBS,
        finds: "A load balancer with no `access_logs` block, or one whose `enabled` is false or not set (the provider's default is false even when a bucket is given); CloudFormation attribute `access_logs.s3.enabled`.",
        why: "Access logs are the record of every request to internet-facing services — source, path, response — needed to investigate fraud and intrusions (PCI DSS 10.2.1, DORA art. 10 detection).",
        fix: "Add `access_logs { bucket = \"…\" enabled = true }`.",
        references: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"],
        aliases: &["CKV_AWS_91"],
    },
    check: |r, _| {
        let (path, l) = lb_attr(r, "access_logs.enabled", "access_logs.s3.enabled");
        bool_attr(l, &path, true, false, "access logs are not written")
    },
};

const DELETION_PROTECTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/lb-deletion-protection",
        title: "Load balancer without deletion protection",
        severity: Severity::Low,
        cwe: &[693],
        tags: &["resilience", "aws"],
        types: LBS,
        finds: "A load balancer whose `enable_deletion_protection` (CloudFormation attribute `deletion_protection.enabled`) is false or not set (the default is false).",
        why: "Deleting the load balancer in front of a payment service takes it offline and changes its DNS name; DORA art. 11 expects protections against disruption of critical services.",
        fix: "Set `enable_deletion_protection = true` for production load balancers.",
        references: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection"],
        aliases: &["CKV_AWS_150"],
    },
    check: |r, _| {
        let (path, l) = lb_attr(r, "enable_deletion_protection", "deletion_protection.enabled");
        bool_attr(l, &path, true, false, "the load balancer can be deleted")
    },
};
