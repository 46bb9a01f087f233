//! Lambda functions and function URLs.

use super::common::{fail, first, present, str_in};
use crate::model::Value;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![ENV_SECRETS, ENV_KMS, URL_AUTH, PERMISSION_PUBLIC]
}

/// Whether an environment variable's name says it holds a credential. Names that say
/// they hold a pointer to one (`…_ARN`, `…_NAME`, `…_PATH`) or a setting about one
/// (`TOKEN_TTL`) are not.
pub(crate) fn secret_name(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "apikey",
        "privatekey",
        "accesskey",
        "credential",
    ];
    const POINTERS: &[&str] = &[
        "arn",
        "name",
        "id",
        "path",
        "file",
        "url",
        "uri",
        "ttl",
        "region",
        "endpoint",
        "header",
        "length",
        "expiry",
        "timeout",
        "version",
        "type",
        "enabled",
        "policy",
        "param",
        "parameter",
        "issuer",
        "audience",
        "scope",
        "host",
        "port",
        "user",
        "username",
        "bucket",
        "table",
        "queue",
        "topic",
        "mode",
        "format",
        "algorithm",
        "keyid",
        "cookie",
    ];
    WORDS.iter().any(|w| k.contains(w)) && !POINTERS.iter().any(|p| k.ends_with(p))
}

/// Whether a literal value looks like a credential rather than a reference to one.
pub(crate) fn literal_secret(v: &str) -> bool {
    let v = v.trim();
    v.len() >= 6
        && !v.starts_with("arn:")
        && !v.starts_with("{{resolve:")
        && !v.starts_with("${")
        && !v.eq_ignore_ascii_case("true")
        && !v.eq_ignore_ascii_case("false")
        && !v.eq_ignore_ascii_case("changeme")
        // A plain web address (no `user:pass@`) is a location, not a credential.
        && !((v.starts_with("https://") || v.starts_with("http://")) && !v.contains('@'))
}

const ENV_SECRETS: Rule = Rule {
    def: RuleDef {
        slug: "aws/lambda-env-secrets",
        title: "Lambda function with a credential in its environment",
        severity: Severity::High,
        cwe: &[798, 312],
        tags: &["secret", "aws"],
        types: &["aws_lambda_function"],
        finds: "A Lambda function whose `environment.variables` has a variable named like a credential (`…PASSWORD`, `…SECRET…`, `…TOKEN`, `…API_KEY`, `…PRIVATE_KEY`, `…ACCESS_KEY`, `…CREDENTIAL…`) set to a literal value. Pointers to secrets (`…_ARN`, `…_NAME`, `…_PATH`, values starting `arn:` or `{{resolve:`) are not reported. The message names the variable, never its value.",
        why: "A literal credential in the template is in source control, in the Terraform state and visible to anyone who can read the function's configuration; PCI DSS 8.3.2 and 8.6.2 forbid hard-coded passwords for system accounts.",
        fix: "Keep the secret in Secrets Manager or SSM Parameter Store (SecureString), pass its ARN in the environment and read it at start-up, or use the Parameters and Secrets Lambda extension.",
        references: &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption"],
        aliases: &["CKV_AWS_45"],
    },
    check: |r, _| {
        let path = "environment.variables";
        Verdict::from_lookup(path, r.get(path), |a| {
            let Some(Value::Map(vars)) = a.map(|a| &a.value) else {
                return Verdict::Pass;
            };
            let hits: Vec<Violation> = vars
                .iter()
                .filter(|(k, v)| secret_name(k) && v.as_str().is_some_and(literal_secret))
                .map(|(k, v)| {
                    let k: String = k.chars().take(64).collect();
                    Violation::at(v, &format!("{path}.{k}"), format!("environment variable `{k}` holds a literal credential"))
                })
                .collect();
            if hits.is_empty() {
                Verdict::Pass
            } else {
                Verdict::Fail(hits)
            }
        })
    },
};

const ENV_KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/lambda-env-kms",
        title: "Lambda environment not encrypted with a customer-managed key",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "aws"],
        types: &["aws_lambda_function"],
        finds: "A Lambda function with environment variables and no `kms_key_arn` (CloudFormation `KmsKeyArn`): the variables are encrypted with the AWS-managed `aws/lambda` key.",
        why: "Environment variables often carry connection details and feature flags for payment flows; a customer-managed key makes reading them a separately granted, logged permission (PCI DSS 3.6).",
        fix: "Set `kms_key_arn` to a customer-managed key, and keep secrets out of the environment altogether.",
        references: &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html"],
        aliases: &["CKV_AWS_173"],
    },
    check: |r, _| {
        let path = "environment.variables";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if crate::rule::check::is_set(a) => {
                present(r, &["kms_key_arn"], "environment variables are encrypted with the AWS-managed key (`kms_key_arn` not set)")
            }
            _ => Verdict::Pass,
        })
    },
};

const URL_AUTH: Rule = Rule {
    def: RuleDef {
        slug: "aws/lambda-function-url-public",
        title: "Lambda function URL without authentication",
        severity: Severity::High,
        cwe: &[306],
        tags: &["network-exposure", "least-privilege", "aws"],
        types: &["aws_lambda_function_url", "AWS::Lambda::Url"],
        finds: "A Lambda function URL with `authorization_type = \"NONE\"` (CloudFormation `AuthType: NONE`): anyone on the internet can invoke the function.",
        why: "A public, unauthenticated endpoint bypasses the API gateway, WAF and authentication in front of the firm's other APIs; every invocation also costs money (denial of wallet). PCI DSS 8.2 requires authenticated access.",
        fix: "Use `authorization_type = \"AWS_IAM\"`, or put the function behind API Gateway with an authorizer and WAF.",
        references: &["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
        aliases: &[],
    },
    check: |r, _| {
        let (path, l) = first(r, &["authorization_type", "auth_type"]);
        Verdict::from_lookup(path, l, |a| match a {
            Some(a) if str_in(a, &["NONE"]) => fail(Some(a), path, "the function URL can be invoked by anyone without authentication"),
            _ => Verdict::Pass,
        })
    },
};

const PERMISSION_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/lambda-permission-public",
        title: "Lambda function invocable by any AWS account",
        severity: Severity::High,
        cwe: &[284],
        tags: &["least-privilege", "network-exposure", "aws"],
        types: &["aws_lambda_permission", "AWS::Lambda::Permission"],
        finds: "An `aws_lambda_permission` (CloudFormation `AWS::Lambda::Permission`) with `principal = \"*\"` and neither `source_account`, `source_arn` nor `principal_org_id` to narrow it.",
        why: "Anyone with an AWS account can invoke the function — and with it whatever data and roles it can reach; PCI DSS 7.2 requires access limited to those who need it.",
        fix: "Name the calling service or account in `principal` and set `source_arn`/`source_account` (or `principal_org_id`).",
        references: &["https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"],
        aliases: &["CKV_AWS_301"],
    },
    check: |r, _| {
        for narrow in ["source_account", "source_arn", "principal_org_id"] {
            if !matches!(r.get(narrow), crate::model::Lookup::Absent) {
                return Verdict::Pass;
            }
        }
        let path = "principal";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_str() == Some("*") => fail(Some(a), path, "any AWS account may invoke the function"),
            _ => Verdict::Pass,
        })
    },
};
