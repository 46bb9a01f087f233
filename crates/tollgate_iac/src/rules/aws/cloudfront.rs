//! CloudFront distributions.

use super::common::{first, is_cfn, present, show, str_in};
use crate::model::{Lookup, Resource};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![VIEWER_HTTPS, TLS_VERSION, WAF, LOGGING, ORIGIN_TLS]
}

const TYPES: &[&str] = &["aws_cloudfront_distribution"];

/// A path of the distribution: CloudFormation nests everything under
/// `DistributionConfig`.
fn p(r: &Resource, tf: &str, cfn: &str) -> String {
    if is_cfn(r) {
        format!("distribution_config.{cfn}")
    } else {
        tf.to_string()
    }
}

const VIEWER_HTTPS: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudfront-viewer-https",
        title: "CloudFront allows viewers to use plain HTTP",
        severity: Severity::High,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: TYPES,
        finds: "A CloudFront distribution whose default or ordered cache behaviour has `viewer_protocol_policy = \"allow-all\"`. `redirect-to-https` and `https-only` pass.",
        why: "With `allow-all` a customer's browser may talk to the firm's site in clear text, exposing session cookies and form data (PCI DSS 4.2.1).",
        fix: "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `https-only`) on every cache behaviour.",
        references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"],
        aliases: &["CKV_AWS_34", "AVD-AWS-0012"],
    },
    check: |r, _| {
        let mut v = Vec::new();
        let default = p(r, "default_cache_behavior", "default_cache_behavior");
        let ordered = p(r, "ordered_cache_behavior", "cache_behaviors");
        let mut behaviours = vec![(default.clone(), r.get(&default))];
        if let Lookup::Found(l) = r.get(&ordered) {
            for (i, b) in l.items().into_iter().enumerate() {
                behaviours.push((format!("{ordered}.{i}"), Lookup::Found(b)));
            }
        }
        for (path, b) in behaviours {
            let path = format!("{path}.viewer_protocol_policy");
            let l = match b {
                Lookup::Found(b) => b.lookup("viewer_protocol_policy"),
                other => other,
            };
            v.push(Verdict::from_lookup(&path, l, |a| match a {
                Some(a) if str_in(a, &["allow-all"]) => Verdict::fail(Violation::at(a, &path, "viewers may use plain HTTP (`allow-all`)")),
                _ => Verdict::Pass,
            }));
        }
        Verdict::all(v)
    },
};

const GOOD_TLS: &[&str] = &["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

const TLS_VERSION: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudfront-tls-version",
        title: "CloudFront accepts TLS older than the 2021 TLS 1.2 policy",
        severity: Severity::Medium,
        cwe: &[326, 327],
        tags: &["tls", "crypto", "aws"],
        types: TYPES,
        finds: "A CloudFront distribution using the default `*.cloudfront.net` certificate (which always allows TLS 1.0), or whose `viewer_certificate.minimum_protocol_version` is older than `TLSv1.2_2021` (`SSLv3`, `TLSv1`, `TLSv1_2016`, `TLSv1.1_2016`, `TLSv1.2_2018`, `TLSv1.2_2019`) or not set (default `TLSv1`).",
        why: "Older security policies negotiate TLS 1.0/1.1 or weak CBC ciphers, which are not strong cryptography for cardholder data under PCI DSS 4.2.1.",
        fix: "Use an ACM certificate with `ssl_support_method = \"sni-only\"` and `minimum_protocol_version = \"TLSv1.2_2021\"`.",
        references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"],
        aliases: &["CKV_AWS_174", "AVD-AWS-0013"],
    },
    check: |r, _| {
        let cert = p(r, "viewer_certificate", "viewer_certificate");
        let default_cert = [format!("{cert}.cloudfront_default_certificate"), format!("{cert}.cloud_front_default_certificate")];
        let (dpath, dl) = first(r, &[&default_cert[0], &default_cert[1]]);
        match dl {
            Lookup::Found(a) if a.as_bool() == Some(true) => {
                return Verdict::fail(Violation::at(a, dpath, "the default CloudFront certificate allows TLS 1.0"));
            }
            l @ Lookup::Unknown(_) => return Verdict::from_lookup(dpath, l, |_| Verdict::Pass),
            _ => {}
        }
        let path = format!("{cert}.minimum_protocol_version");
        Verdict::from_lookup(&path, r.get(&path), |a| match a {
            Some(a) if str_in(a, GOOD_TLS) => Verdict::Pass,
            Some(a) => Verdict::fail(Violation::at(a, &path, format!("the minimum protocol version {} is older than TLSv1.2_2021", show(a)))),
            None => super::common::fail(None, &path, "`minimum_protocol_version` is not set; the default is TLSv1"),
        })
    },
};

const WAF: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudfront-waf",
        title: "CloudFront distribution without a web application firewall",
        severity: Severity::Medium,
        cwe: &[693],
        tags: &["network-exposure", "aws"],
        types: TYPES,
        finds: "A CloudFront distribution with no `web_acl_id` (CloudFormation `WebACLId`).",
        why: "PCI DSS 6.4.2 requires an automated technical solution that detects and prevents web attacks in front of public-facing web applications; a WAF on the distribution is the usual one.",
        fix: "Associate an AWS WAFv2 web ACL (scope CLOUDFRONT) through `web_acl_id`.",
        references: &["https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html"],
        aliases: &["CKV_AWS_68", "AVD-AWS-0011"],
    },
    check: |r, _| {
        let path = p(r, "web_acl_id", "web_acl_id");
        present(r, &[&path], "no web ACL protects the distribution")
    },
};

const LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudfront-logging",
        title: "CloudFront distribution without access logging",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "A CloudFront distribution with no `logging_config` (CloudFormation `Logging`).",
        why: "Edge access logs are the only record of requests CloudFront answers from cache; fraud and account-takeover investigations need them (PCI DSS 10.2.1).",
        fix: "Add `logging_config { bucket = \"…s3.amazonaws.com\" }` (or CloudFront standard logging v2 to CloudWatch).",
        references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html"],
        aliases: &["CKV_AWS_86", "AVD-AWS-0010"],
    },
    check: |r, _| {
        let path = p(r, "logging_config", "logging");
        present(r, &[&path], "access logging is not configured")
    },
};

const ORIGIN_TLS: Rule = Rule {
    def: RuleDef {
        slug: "aws/cloudfront-origin-tls",
        title: "CloudFront talks to its origin over plain HTTP or old TLS",
        severity: Severity::Medium,
        cwe: &[319, 326],
        tags: &["tls", "aws"],
        types: TYPES,
        finds: "A custom origin whose `custom_origin_config.origin_protocol_policy` is `http-only` (or `match-viewer` while viewers may use HTTP), or whose `origin_ssl_protocols` include `SSLv3`, `TLSv1` or `TLSv1.1`. S3 origins are not custom origins and are not reported.",
        why: "Viewer-side TLS protects nothing if CloudFront forwards sessions and form data to the origin in clear text across the internet; PCI DSS 4.2.1 requires strong cryptography over every open network hop.",
        fix: "Set `origin_protocol_policy = \"https-only\"` and `origin_ssl_protocols = [\"TLSv1.2\"]`.",
        references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html"],
        aliases: &[],
    },
    check: |r, _| {
        let list = p(r, "origin", "origins");
        let Lookup::Found(origins) = r.get(&list) else {
            return Verdict::from_lookup(&list, r.get(&list), |_| Verdict::Pass);
        };
        let mut v = Vec::new();
        for (i, o) in origins.items().into_iter().enumerate() {
            let base = format!("{list}.{i}.custom_origin_config");
            let pp = format!("{base}.origin_protocol_policy");
            v.push(Verdict::from_lookup(&pp, o.lookup("custom_origin_config.origin_protocol_policy"), |a| match a {
                Some(a) if str_in(a, &["http-only"]) => Verdict::fail(Violation::at(a, &pp, "CloudFront reaches the origin over plain HTTP")),
                _ => Verdict::Pass,
            }));
            let sp = format!("{base}.origin_ssl_protocols");
            v.push(Verdict::from_lookup(&sp, o.lookup("custom_origin_config.origin_ssl_protocols"), |a| {
                let Some(a) = a else { return Verdict::Pass };
                match a.items().into_iter().find(|x| str_in(x, &["SSLv3", "TLSv1", "TLSv1.1"])) {
                    Some(x) => Verdict::fail(Violation::at(x, &sp, format!("the origin may be reached with {}", show(x)))),
                    None => Verdict::Pass,
                }
            }));
        }
        Verdict::all(v)
    },
};
