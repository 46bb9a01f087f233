//! IAM: policy documents, trust policies, users, access keys and the password policy.

use super::common::{
    each_statement, fail, first, has_condition, is_allow, is_cfn, jget, jstrs, permission_policies,
    principal_star,
};
use crate::model::{Attr, Lookup};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        ADMIN,
        ADMIN_ATTACHED,
        PASSROLE,
        NOT_ACTION,
        USER_POLICIES,
        ACCESS_KEY,
        TRUST_EVERYONE,
        PASSWORD_POLICY,
    ]
}

const POLICY_TYPES: &[&str] = &[
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
    "aws_iam_user",
    "aws_iam_group",
    "AWS::IAM::Group",
];
const IAM_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html";

fn resource_star(st: &serde_json::Value) -> bool {
    jstrs(jget(st, "Resource")).contains(&"*")
}

const ADMIN: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-policy-full-admin",
        title: "IAM policy allows every action on every resource",
        severity: Severity::Critical,
        cwe: &[269, 250],
        tags: &["least-privilege", "aws"],
        types: POLICY_TYPES,
        finds: "An IAM policy document (managed policy, inline role/user/group policy, CloudFormation `Policies`) with an Allow statement whose `Action` includes `*` (or `*:*`) and whose `Resource` includes `*`.",
        why: "Full administrator rights on a workload, user or pipeline make any compromise of it a compromise of the whole account — every database, key and log. PCI DSS 7.2 and SOX segregation of duties require access limited to what the job needs.",
        fix: "List the actions and resource ARNs the principal needs; keep administrator access to break-glass roles with MFA and alerting.",
        references: &[IAM_DOC],
        aliases: &["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_1", "AVD-AWS-0057"],
    },
    check: |r, _| {
        each_statement(permission_policies(r), |st| {
            let acts = jstrs(jget(st, "Action"));
            (is_allow(st) && acts.iter().any(|a| *a == "*" || *a == "*:*") && resource_star(st))
                .then(|| "allows `*` actions on `*` resources (full administrator)".to_string())
        })
    },
};

const PASSROLE: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-passrole-wildcard",
        title: "IAM policy allows passing any role",
        severity: Severity::High,
        cwe: &[269],
        tags: &["least-privilege", "aws"],
        types: POLICY_TYPES,
        finds: "An Allow statement granting `iam:PassRole` (or `iam:Pass*`, `iam:*`) on `Resource: \"*\"`. Statements allowing `*` actions are left to `aws/iam-policy-full-admin`.",
        why: "Passing any role lets the holder start a Lambda function or instance with a more privileged role than its own — a standard privilege escalation to administrator, against PCI DSS 7.2 least privilege.",
        fix: "Limit `iam:PassRole` to the ARNs of the roles the principal must pass, with an `iam:PassedToService` condition.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"],
        aliases: &[],
    },
    check: |r, _| {
        each_statement(permission_policies(r), |st| {
            let acts = jstrs(jget(st, "Action"));
            let pass = acts.iter().any(|a| {
                let a = a.to_ascii_lowercase();
                a == "iam:passrole" || a == "iam:pass*" || a == "iam:*" || a == "iam:p*"
            });
            (is_allow(st) && pass && resource_star(st))
                .then(|| "allows `iam:PassRole` on every role (`Resource: \"*\"`)".to_string())
        })
    },
};

const NOT_ACTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-allow-not-action",
        title: "IAM policy allows with NotAction",
        severity: Severity::High,
        cwe: &[269],
        tags: &["least-privilege", "aws"],
        types: POLICY_TYPES,
        finds: "An Allow statement written with `NotAction`: it grants every action of every service except those listed, including services added later.",
        why: "An allow-everything-except list grows with every new AWS service and action, so the grant is never reviewable; auditors of PCI DSS 7.2 and SOX access controls expect enumerated permissions.",
        fix: "Rewrite as an Allow with `Action` listing what is needed; use `NotAction` only with `Deny`.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"],
        aliases: &[],
    },
    check: |r, _| {
        each_statement(permission_policies(r), |st| {
            (is_allow(st) && jget(st, "NotAction").is_some())
                .then(|| "allows with `NotAction` (everything except the listed actions)".to_string())
        })
    },
};

const USER_POLICIES: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-user-direct-policy",
        title: "IAM policy attached directly to a user",
        severity: Severity::Low,
        cwe: &[269],
        tags: &["least-privilege", "aws"],
        types: &["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user", "aws_iam_policy"],
        finds: "An inline user policy (`aws_iam_user_policy`), a policy attached to a user (`aws_iam_user_policy_attachment`, `aws_iam_policy_attachment` with `users`), a CloudFormation `AWS::IAM::User` with `Policies` or `ManagedPolicyArns`, or a CloudFormation `AWS::IAM::Policy`/`ManagedPolicy` with `Users`.",
        why: "Permissions granted person by person escape role-based reviews: leavers and movers keep them, and quarterly access recertification (PCI DSS 7.2.4, SOX ITGC) cannot be done by role.",
        fix: "Grant permissions to groups or roles and add users to groups; prefer federated access through IAM Identity Center.",
        references: &[IAM_DOC],
        aliases: &["CKV_AWS_40", "AVD-AWS-0143"],
    },
    check: |r, _| match r.resource_type.as_str() {
        "aws_iam_user_policy" | "aws_iam_user_policy_attachment" => {
            fail(None, "user", "permissions are granted to a user directly instead of a group or role")
        }
        "aws_iam_policy_attachment" => Verdict::from_lookup("users", r.get("users"), |a| match a {
            Some(a) if !a.items().is_empty() => Verdict::fail(Violation::at(a, "users", "the policy is attached to users directly")),
            _ => Verdict::Pass,
        }),
        // CloudFormation `AWS::IAM::Policy` / `ManagedPolicy` name their users.
        "aws_iam_policy" if is_cfn(r) => Verdict::from_lookup("users", r.get("users"), |a| match a {
            Some(a) if !a.items().is_empty() => Verdict::fail(Violation::at(a, "users", "the policy is attached to users directly")),
            _ => Verdict::Pass,
        }),
        "aws_iam_user" if is_cfn(r) => {
            let (path, l) = first(r, &["policies", "managed_policy_arns"]);
            Verdict::from_lookup(path, l, |a| match a {
                Some(a) if !a.items().is_empty() => Verdict::fail(Violation::at(a, path, "permissions are granted to the user directly instead of a group")),
                _ => Verdict::Pass,
            })
        }
        _ => Verdict::Pass,
    },
};

const ACCESS_KEY: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-access-key",
        title: "Long-lived IAM access key",
        severity: Severity::Medium,
        cwe: &[798],
        tags: &["secret", "least-privilege", "aws"],
        types: &["aws_iam_access_key"],
        finds: "An active `aws_iam_access_key` (CloudFormation `AWS::IAM::AccessKey`): a static key that lives until someone rotates it. `status = \"Inactive\"` is not reported.",
        why: "Static keys leak through laptops, CI logs and repositories and keep working until revoked; the secret is also written to the Terraform state. PCI DSS 8.3.9 and 8.6.3 require credentials of application and system accounts to be protected and changed periodically; roles give short-lived credentials instead.",
        fix: "Use IAM roles (instance profiles, IRSA, OIDC federation for CI) instead of access keys; where a key is unavoidable, rotate it at least every 90 days and keep it out of state.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
        aliases: &[],
    },
    check: |r, _| {
        let path = "status";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if super::common::str_in(a, &["Inactive"]) => Verdict::Pass,
            a => fail(a, path, "a long-lived access key is created for the user (its secret also lands in the state)"),
        })
    },
};

fn trust_docs(r: &crate::model::Resource) -> Vec<(String, &Attr)> {
    match first(r, &["assume_role_policy", "assume_role_policy_document"]) {
        (p, Lookup::Found(a) | Lookup::Unknown(a)) => vec![(p.to_string(), a)],
        _ => Vec::new(),
    }
}

const TRUST_EVERYONE: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-role-trusts-everyone",
        title: "IAM role assumable by any AWS principal",
        severity: Severity::Critical,
        cwe: &[284, 269],
        tags: &["least-privilege", "aws"],
        types: &["aws_iam_role"],
        finds: "An IAM role whose trust policy (`assume_role_policy`, CloudFormation `AssumeRolePolicyDocument`) allows `Principal: \"*\"` or `{\"AWS\": \"*\"}` with no `Condition` to narrow it.",
        why: "Any AWS account in the world can assume the role and use its permissions; this is a direct path into the firm's environment and a reportable control failure (PCI DSS 7.2, DORA ICT access management).",
        fix: "Name the trusted accounts, roles or services in `Principal`; when a wildcard is needed, restrict it with conditions such as `aws:PrincipalOrgID` or `sts:ExternalId`.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"],
        aliases: &[],
    },
    check: |r, _| {
        each_statement(trust_docs(r), |st| {
            (is_allow(st) && principal_star(st) && !has_condition(st))
                .then(|| "any AWS principal may assume the role (`Principal: \"*\"`, no condition)".to_string())
        })
    },
};

const PASSWORD_POLICY: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-password-policy-weak",
        title: "Weak IAM account password policy",
        severity: Severity::Medium,
        cwe: &[521],
        tags: &["least-privilege", "aws"],
        types: &["aws_iam_account_password_policy"],
        finds: "An `aws_iam_account_password_policy` with `minimum_password_length` below 14 (default 6), any of `require_lowercase_characters`, `require_uppercase_characters`, `require_numbers`, `require_symbols` false or not set (default false), `password_reuse_prevention` below 24 or not set, or `max_password_age` not set, 0 or above 90 days.",
        why: "Console passwords of IAM users guard the whole account; PCI DSS 8.3.6 requires at least 12 characters with letters and digits, 8.3.7 forbids reuse of the last four and 8.3.9 requires change every 90 days for single-factor access; CIS AWS asks for 14 characters and 24 remembered passwords.",
        fix: "Set `minimum_password_length = 14`, all four `require_*` to true, `password_reuse_prevention = 24` and `max_password_age = 90`; better, federate console access and disable IAM user passwords.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"],
        aliases: &["CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14", "CKV_AWS_15"],
    },
    check: |r, _| {
        let mut v = Vec::new();
        let min = |path: &'static str, min: f64, default: &'static str| {
            Verdict::from_lookup(path, r.get(path), move |a| match a.and_then(|a| a.as_f64()) {
                Some(n) if n >= min => Verdict::Pass,
                Some(n) => fail(a, path, format!("`{path}` is {n} (below {min})")),
                None => fail(a, path, format!("`{path}` is not set; the default is {default}")),
            })
        };
        v.push(min("minimum_password_length", 14.0, "6"));
        v.push(min("password_reuse_prevention", 24.0, "no reuse prevention"));
        for f in ["require_lowercase_characters", "require_uppercase_characters", "require_numbers", "require_symbols"] {
            v.push(super::common::bool_is(r, f, true, false, "a character class is not required"));
        }
        let path = "max_password_age";
        v.push(Verdict::from_lookup(path, r.get(path), |a| match a.and_then(|a| a.as_f64()) {
            Some(n) if n > 0.0 && n <= 90.0 => Verdict::Pass,
            Some(n) => fail(a, path, format!("passwords expire after {n} days (more than 90, or never)")),
            None => fail(a, path, "`max_password_age` is not set; passwords never expire by default"),
        }));
        Verdict::all(v)
    },
};

/// AWS managed policies that grant (near) full control of the account.
const ADMIN_POLICIES: &[&str] = &["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

fn admin_arn(a: &Attr) -> bool {
    a.as_str().is_some_and(|s| {
        s.starts_with("arn:aws")
            && s.contains(":iam::aws:policy/")
            && ADMIN_POLICIES.iter().any(|p| s.ends_with(&format!("/{p}")))
    })
}

const ADMIN_ATTACHED: Rule = Rule {
    def: RuleDef {
        slug: "aws/iam-admin-policy-attached",
        title: "AWS administrator managed policy attached",
        severity: Severity::High,
        cwe: &[269, 250],
        tags: &["least-privilege", "aws"],
        types: &[
            "aws_iam_role_policy_attachment",
            "aws_iam_user_policy_attachment",
            "aws_iam_group_policy_attachment",
            "aws_iam_policy_attachment",
            "aws_iam_role",
            "aws_iam_user",
            "AWS::IAM::Group",
        ],
        finds: "An attachment of `AdministratorAccess`, `PowerUserAccess` or `IAMFullAccess` (`policy_arn` of a policy attachment, `managed_policy_arns` of a role, CloudFormation `ManagedPolicyArns` of a role, user or group).",
        why: "These AWS managed policies give control over every service (IAMFullAccess: the power to grant oneself anything); attached to a workload or everyday identity they turn any compromise into an account takeover, against PCI DSS 7.2 and SOX segregation of duties.",
        fix: "Attach a customer-managed policy with the actions the role needs; keep administrator access for break-glass roles with MFA, session limits and alerting.",
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"],
        aliases: &["CKV_AWS_274"],
    },
    check: |r, _| {
        let (path, l) = first(r, &["policy_arn", "managed_policy_arns"]);
        Verdict::from_lookup(path, l, |a| {
            let Some(a) = a else { return Verdict::Pass };
            match a.items().into_iter().find(|x| admin_arn(x)) {
                Some(x) => Verdict::fail(Violation::at(x, path, format!("attaches the AWS managed policy {}", super::common::show(x)))),
                None => Verdict::Pass,
            }
        })
    },
};
