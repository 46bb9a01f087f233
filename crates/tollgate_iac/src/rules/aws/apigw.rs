//! API Gateway: stages, custom domains and methods.

use super::common::{fail, first, is_cfn, present, show, str_in};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![STAGE_LOGGING, DOMAIN_TLS, METHOD_AUTH]
}

const STAGE_LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/apigw-stage-access-logging",
        title: "API Gateway stage without access logging",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_api_gateway_stage", "aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"],
        finds: "An API Gateway REST or HTTP/WebSocket stage with no `access_log_settings` (CloudFormation `AccessLogSetting` / `AccessLogSettings`).",
        why: "API access logs record which client called which operation when — the evidence trail for payment and account APIs that PCI DSS 10.2 and PSD2 incident reporting rely on.",
        fix: "Add `access_log_settings { destination_arn = aws_cloudwatch_log_group.api.arn format = … }`.",
        references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html"],
        aliases: &["CKV_AWS_76", "AVD-AWS-0001"],
    },
    check: |r, _| present(r, &["access_log_settings", "access_log_setting"], "access logging is not configured for the stage"),
};

const DOMAIN_TLS: Rule = Rule {
    def: RuleDef {
        slug: "aws/apigw-domain-tls",
        title: "API Gateway custom domain accepts TLS 1.0",
        severity: Severity::Medium,
        cwe: &[326, 327],
        tags: &["tls", "crypto", "aws"],
        types: &["aws_api_gateway_domain_name", "AWS::ApiGateway::DomainName"],
        finds: "An API Gateway custom domain whose `security_policy` (CloudFormation `SecurityPolicy`) is `TLS_1_0` or not set (the API's default is TLS_1_0). `TLS_1_2` and the enhanced `SecurityPolicy_TLS13_1_2_…`/`…1_3…` policies pass.",
        why: "TLS 1.0 is not strong cryptography for cardholder data in transit (PCI DSS 4.2.1); API clients of a bank are expected to negotiate TLS 1.2 or later.",
        fix: "Set `security_policy = \"TLS_1_2\"`.",
        references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html"],
        aliases: &["CKV_AWS_206", "AVD-AWS-0005"],
    },
    check: |r, _| {
        let path = "security_policy";
        Verdict::from_lookup(path, r.get(path), |a| match a.and_then(|a| a.as_str()) {
            Some(s) if s.contains("1_2") || s.contains("1_3") => Verdict::Pass,
            Some(_) => fail(a, path, format!("the domain accepts TLS 1.0 ({})", a.map(show).unwrap_or_default())),
            None => fail(a, path, "`security_policy` is not set; the default is TLS_1_0"),
        })
    },
};

const METHOD_AUTH: Rule = Rule {
    def: RuleDef {
        slug: "aws/apigw-method-no-authorization",
        title: "API Gateway method without authorisation",
        severity: Severity::Medium,
        cwe: &[306],
        tags: &["least-privilege", "network-exposure", "aws"],
        types: &["aws_api_gateway_method", "AWS::ApiGateway::Method"],
        finds: "An API Gateway REST method with `authorization = \"NONE\"` (CloudFormation `AuthorizationType: NONE`, also its default) and no API key required. `OPTIONS` methods (CORS preflight) are not reported.",
        why: "An unauthenticated operation on a payment or account API is callable by anyone on the internet; PCI DSS 8.2 and PSD2 strong customer authentication require every access to be tied to an authenticated identity.",
        fix: "Set `authorization` to `AWS_IAM`, `COGNITO_USER_POOLS` or `CUSTOM` with an authorizer; require an API key at least for machine clients.",
        references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html"],
        aliases: &["CKV_AWS_59", "AVD-AWS-0004"],
    },
    check: |r, _| {
        if let Lookup::Found(m) = r.get("http_method") {
            if str_in(m, &["OPTIONS"]) {
                return Verdict::Pass;
            }
        }
        if let Lookup::Found(k) = r.get("api_key_required") {
            if k.as_bool() == Some(true) {
                return Verdict::Pass;
            }
        }
        let (path, l) = if is_cfn(r) { ("authorization_type", r.get("authorization_type")) } else { first(r, &["authorization"]) };
        Verdict::from_lookup(path, l, |a| match a {
            Some(a) if str_in(a, &["NONE"]) => Verdict::fail(Violation::at(a, path, "the method needs no authorisation and no API key")),
            None if is_cfn(r) => fail(None, path, "`AuthorizationType` is not set; the default is NONE, and no API key is required"),
            _ => Verdict::Pass,
        })
    },
};
