//! S3 buckets.

use super::common::{self, fail, first, is_cfn, split, str_in};
use crate::model::{Attr, Lookup, Resource, Value};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![RULE_ENCRYPTION, RULE_KMS, RULE_PUBLIC_ACL, RULE_PUBLIC_ACCESS_BLOCK, RULE_LOGGING,
        RULE_SECURE_TRANSPORT,
        RULE_POLICY_PUBLIC, RULE_OBJECT_LOCK, RULE_MFA_DELETE, Rule {
        def: RuleDef {
            slug: "aws/s3-bucket-versioning",
            title: "S3 bucket without versioning",
            severity: Severity::Medium,
            cwe: &[693],
            tags: &["backup", "data-integrity", "aws"],
            types: &["aws_s3_bucket"],
            finds: "An S3 bucket whose versioning is not enabled, neither inline (`versioning { enabled = true }`, CloudFormation `VersioningConfiguration.Status: Enabled`) nor by a separate `aws_s3_bucket_versioning` resource.",
            why: "Without versions, an overwritten or deleted object — a statement, a ledger export, an audit log — is gone: ransomware and operator mistakes cannot be undone, and record-keeping obligations (SEC 17a-4, DORA's backup and restoration requirements) cannot be shown to hold.",
            fix: "Enable versioning: `aws_s3_bucket_versioning` with `versioning_configuration { status = \"Enabled\" }` (AWS provider v4+), or `VersioningConfiguration: {Status: Enabled}` in CloudFormation.",
            references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
            aliases: &["CKV_AWS_21", "AVD-AWS-0090"],
        },
        check: versioning,
    }]
}

fn versioning(r: &Resource, ctx: &Context<'_>) -> Verdict {
    // AWS provider v4+: a separate resource pointing at the bucket.
    if let Some(other) = split(ctx, r, &["aws_s3_bucket_versioning"]).first() {
        let path = "versioning_configuration.status";
        return Verdict::from_lookup(path, other.get(path), |a| {
            match a.and_then(|a| a.as_str()) {
                Some("Enabled") => Verdict::Pass,
                _ => Verdict::fail(match a {
                    Some(a) => Violation::at(
                        a,
                        path,
                        format!("versioning is not enabled by {}", other.address),
                    ),
                    None => Violation::missing(
                        path,
                        format!("{} does not enable versioning", other.address),
                    ),
                }),
            }
        });
    }
    for path in ["versioning.enabled", "versioning_configuration.status"] {
        match r.get(path) {
            Lookup::Absent => continue,
            l => {
                return Verdict::from_lookup(path, l, |a| match a {
                    Some(a) if a.as_bool() == Some(true) || a.as_str() == Some("Enabled") => {
                        Verdict::Pass
                    }
                    Some(a) => Verdict::fail(Violation::at(a, path, "versioning is not enabled")),
                    None => Verdict::fail(Violation::missing(path, "versioning is not enabled")),
                })
            }
        }
    }
    Verdict::fail(Violation::missing(
        "versioning",
        "versioning is not enabled",
    ))
}

const S3_SSE_DOC: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html";

/// The default-encryption algorithm of a bucket: from a separate
/// `aws_s3_bucket_server_side_encryption_configuration`, the inline v3 block, or
/// CloudFormation's `BucketEncryption`. The path, what was found and where.
fn sse<'a>(r: &'a Resource, ctx: &'a Context<'_>) -> Option<(String, Lookup<'a>, &'a Resource)> {
    const SPLIT: &str = "rule.apply_server_side_encryption_by_default.sse_algorithm";
    if let Some(o) = split(
        ctx,
        r,
        &["aws_s3_bucket_server_side_encryption_configuration"],
    )
    .first()
    {
        return Some((SPLIT.to_string(), o.get(SPLIT), o));
    }
    let paths: &[&str] = if is_cfn(r) {
        &["bucket_encryption.server_side_encryption_configuration.server_side_encryption_by_default.sse_algorithm"]
    } else {
        &["server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm"]
    };
    match first(r, paths) {
        (_, Lookup::Absent) => None,
        (p, l) => Some((p.to_string(), l, r)),
    }
}

const RULE_ENCRYPTION: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-encryption",
        title: "S3 bucket without default encryption declared",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket with no default server-side encryption declared: no `aws_s3_bucket_server_side_encryption_configuration` for it, no inline `server_side_encryption_configuration` (provider v3) and no CloudFormation `BucketEncryption`.",
        why: "Cardholder data and customer records must be protected at rest (PCI DSS 3.5, GDPR art. 32). S3 has applied SSE-S3 to new objects since January 2023, but a bucket that does not declare its encryption gives an auditor nothing to point at, and older buckets may hold unencrypted objects.",
        fix: "Declare default encryption, preferably with a customer-managed KMS key: `aws_s3_bucket_server_side_encryption_configuration` with `rule { apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\" kms_master_key_id = aws_kms_key.x.arn } }`.",
        references: &[S3_SSE_DOC],
        aliases: &["CKV_AWS_19", "AVD-AWS-0088"],
    },
    check: |r, ctx| match sse(r, ctx) {
        None => fail(None, "server_side_encryption_configuration", "no default encryption is declared for the bucket (S3 applies SSE-S3 to new objects by default since 2023, with no customer control of the key)"),
        Some((path, l, o)) => Verdict::from_lookup(&path, l, |a| match a {
            Some(a) if a.as_str().is_some_and(|s| !s.is_empty()) => Verdict::Pass,
            a => fail(a, &path, format!("{} declares no encryption algorithm", o.address)),
        }),
    },
};

const RULE_KMS: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-kms",
        title: "S3 bucket encrypted with S3-managed keys rather than KMS",
        severity: Severity::Low,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket whose default encryption is `AES256` (SSE-S3) instead of `aws:kms` or `aws:kms:dsse`.",
        why: "With SSE-S3 anyone allowed to read an object can decrypt it; a KMS key adds a second, separately granted permission and a CloudTrail record of each decryption, which is how firms show who accessed cardholder and customer data (PCI DSS 3.6, 10.2).",
        fix: "Set `sse_algorithm = \"aws:kms\"` with `kms_master_key_id` naming a customer-managed key.",
        references: &[S3_SSE_DOC],
        aliases: &["CKV_AWS_145", "AVD-AWS-0132"],
    },
    check: |r, ctx| match sse(r, ctx) {
        None => Verdict::Pass,
        Some((path, l, _)) => Verdict::from_lookup(&path, l, |a| match a {
            Some(a) if str_in(a, &["AES256"]) => Verdict::fail(Violation::at(a, &path, "default encryption is SSE-S3 (`AES256`), not a KMS key")),
            _ => Verdict::Pass,
        }),
    },
};

const PUBLIC_ACLS: &[&str] = &[
    "public-read",
    "public-read-write",
    "authenticated-read",
    "PublicRead",
    "PublicReadWrite",
    "AuthenticatedRead",
];

const RULE_PUBLIC_ACL: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-public-acl",
        title: "S3 bucket with a public canned ACL",
        severity: Severity::Critical,
        cwe: &[284, 732],
        tags: &["network-exposure", "aws"],
        types: &["aws_s3_bucket", "aws_s3_bucket_acl"],
        finds: "An S3 bucket given the canned ACL `public-read`, `public-read-write` or `authenticated-read` (any AWS account), inline, by `aws_s3_bucket_acl`, or by CloudFormation `AccessControl`; or an `access_control_policy` grant to the AllUsers or AuthenticatedUsers group.",
        why: "A public bucket is the most common way customer and card data leaks from AWS; a leak is a reportable breach (GDPR art. 33, PCI DSS incident response) and a regulator's first question.",
        fix: "Use `acl = \"private\"` (or no ACL with object ownership `BucketOwnerEnforced`) and grant access through bucket policies to named principals.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl"],
        aliases: &["CKV_AWS_20", "CKV_AWS_57", "AVD-AWS-0092"],
    },
    check: |r, _| {
        let path = if is_cfn(r) { "access_control" } else { "acl" };
        let canned = Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if str_in(a, PUBLIC_ACLS) => Verdict::fail(Violation::at(a, path, format!("the canned ACL {} opens the bucket beyond the account", common::show(a)))),
            _ => Verdict::Pass,
        });
        Verdict::all([canned, public_grants(r)])
    },
};

/// Explicit grants (`access_control_policy { grant { grantee { uri = … } } }`) to the
/// AllUsers or AuthenticatedUsers groups.
fn public_grants(r: &Resource) -> Verdict {
    let list = "access_control_policy.grant";
    let Lookup::Found(grants) = r.get(list) else {
        return Verdict::Pass;
    };
    Verdict::all(grants.items().into_iter().enumerate().map(|(i, g)| {
        let path = format!("{list}.{i}.grantee.uri");
        Verdict::from_lookup(&path, g.lookup("grantee.uri"), |u| match u {
            Some(u)
                if u.as_str().is_some_and(|s| {
                    s.ends_with("/global/AllUsers") || s.ends_with("/global/AuthenticatedUsers")
                }) =>
            {
                Verdict::fail(Violation::at(
                    u,
                    &path,
                    format!("a grant opens the bucket to {}", common::show(u)),
                ))
            }
            _ => Verdict::Pass,
        })
    }))
}

const PAB_FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

fn pab_flags(o: &Resource, prefix: &str) -> Verdict {
    Verdict::all(PAB_FLAGS.iter().map(|f| {
        let path = if prefix.is_empty() {
            f.to_string()
        } else {
            format!("{prefix}.{f}")
        };
        common::bool_is(
            o,
            &path,
            true,
            false,
            &format!("public access block of {}", o.address),
        )
    }))
}

const RULE_PUBLIC_ACCESS_BLOCK: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-public-access-block",
        title: "S3 bucket without a full public access block",
        severity: Severity::High,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket with no `aws_s3_bucket_public_access_block` (CloudFormation `PublicAccessBlockConfiguration`), or one where any of `block_public_acls`, `block_public_policy`, `ignore_public_acls`, `restrict_public_buckets` is false or not set (each defaults to false). An account-wide `aws_s3_account_public_access_block` with all four set covers every bucket.",
        why: "The public access block is the guard rail that stops a later ACL or policy change from publishing customer data; auditors of PCI DSS 1.4 and DORA ICT risk controls expect it on every bucket or on the account.",
        fix: "Add `aws_s3_bucket_public_access_block` for the bucket with all four flags `true`, or block public access account-wide.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
        aliases: &["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
    },
    check: |r, ctx| {
        for acct in ctx.model.of_type("aws_s3_account_public_access_block") {
            if pab_flags(acct, "") == Verdict::Pass {
                return Verdict::Pass;
            }
        }
        if is_cfn(r) {
            return match r.get("public_access_block_configuration") {
                Lookup::Absent => fail(None, "public_access_block_configuration", "no public access block is configured"),
                _ => pab_flags(r, "public_access_block_configuration"),
            };
        }
        match split(ctx, r, &["aws_s3_bucket_public_access_block"]).first() {
            Some(o) => pab_flags(o, ""),
            None => fail(None, "aws_s3_bucket_public_access_block", "no aws_s3_bucket_public_access_block refers to the bucket"),
        }
    },
};

const RULE_LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-access-logging",
        title: "S3 bucket without server access logging",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket with no server access logging: no `aws_s3_bucket_logging` refers to it, no inline `logging` block (provider v3), no CloudFormation `LoggingConfiguration`. A bucket that receives access logs (ACL `log-delivery-write`, or named as a logging resource's target) is not reported.",
        why: "Access logs show who read or changed which object; without them a firm cannot reconstruct a data-access incident or evidence PCI DSS 10.2 and SOX access reviews for the records the bucket holds.",
        fix: "Add `aws_s3_bucket_logging` with `target_bucket` naming a dedicated log bucket (CloudFormation: `LoggingConfiguration.DestinationBucketName`).",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
        aliases: &["CKV_AWS_18", "AVD-AWS-0089"],
    },
    check: |r, ctx| {
        // The logging resource refers to both the bucket and its target; either way the
        // bucket takes part in access logging.
        if !split(ctx, r, &["aws_s3_bucket_logging"]).is_empty() {
            return Verdict::Pass;
        }
        let (acl, path) = if is_cfn(r) {
            (&["LogDeliveryWrite"][..], "logging_configuration")
        } else {
            (&["log-delivery-write"][..], "logging.target_bucket")
        };
        let acl_path = if is_cfn(r) { "access_control" } else { "acl" };
        if let Lookup::Found(a) = r.get(acl_path) {
            if str_in(a, acl) {
                return Verdict::Pass;
            }
        }
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if crate::rule::check::is_set(a) => Verdict::Pass,
            a => fail(a, path, "server access logging is not enabled"),
        })
    },
};

/// Whether a Deny statement refuses requests without TLS (`aws:SecureTransport` false,
/// or `s3:TlsVersion` below 1.2).
fn denies_plain_http(st: &serde_json::Value) -> bool {
    use common::{jget, jstrs};
    let deny = jget(st, "Effect")
        .and_then(|e| e.as_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("deny"));
    let Some(cond) = jget(st, "Condition").and_then(|c| c.as_object()) else {
        return false;
    };
    deny && cond.iter().any(|(op, body)| {
        let secure = jget(body, "aws:SecureTransport").is_some_and(|v| match v {
            serde_json::Value::Bool(b) => !b,
            serde_json::Value::Array(a) => a.iter().any(|x| {
                x == &serde_json::Value::Bool(false)
                    || x.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
            }),
            v => v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false")),
        });
        let tls = op.to_ascii_lowercase().starts_with("numericlessthan")
            && jget(body, "s3:TlsVersion").is_some();
        let _ = jstrs;
        secure || tls
    })
}

const RULE_SECURE_TRANSPORT: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-secure-transport",
        title: "S3 bucket policy does not deny requests without TLS",
        severity: Severity::Medium,
        cwe: &[319],
        tags: &["tls", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket none of whose bucket policies (inline `policy`, `aws_s3_bucket_policy`, CloudFormation `AWS::S3::BucketPolicy`) has a Deny statement conditioned on `aws:SecureTransport` being false (or on `s3:TlsVersion` below a minimum).",
        why: "S3 accepts plain HTTP unless a policy refuses it; customer and card data must be encrypted in transit over every network (PCI DSS 4.2, GDPR art. 32), and an explicit deny is the evidence auditors accept.",
        fix: "Add a statement `{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [bucket ARN, bucket ARN/*], \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}` to the bucket policy.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit"],
        aliases: &[],
    },
    check: |r, ctx| {
        let mut docs: Vec<(String, &Attr)> = Vec::new();
        if let Lookup::Found(a) | Lookup::Unknown(a) = r.get("policy") {
            docs.push(("policy".into(), a));
        }
        for o in split(ctx, r, &["aws_s3_bucket_policy"]) {
            for key in ["policy", "policy_document"] {
                if let Lookup::Found(a) | Lookup::Unknown(a) = o.get(key) {
                    docs.push((key.into(), a));
                }
            }
        }
        let mut unknown = None;
        for (path, a) in &docs {
            match common::policy(a, path) {
                Ok(doc) => {
                    if common::statements(&doc).into_iter().any(denies_plain_http) {
                        return Verdict::Pass;
                    }
                    if common::has_unknown(a) {
                        unknown.get_or_insert(Verdict::Unknown {
                            path: path.clone(),
                            reason: "part of the policy is unknown".into(),
                        });
                    }
                }
                Err(v) => {
                    unknown.get_or_insert(v);
                }
            }
        }
        if let Some(v) = unknown {
            return v;
        }
        match docs.first() {
            Some((path, a)) => Verdict::fail(Violation::at(a, path, "the bucket policy does not deny requests made without TLS (`aws:SecureTransport` = false)")),
            None => fail(None, "policy", "no bucket policy denies requests made without TLS (`aws:SecureTransport` = false)"),
        }
    },
};

/// Whether a bucket's name, address or tags say it holds records kept for audit: words
/// `audit`, `ledger`, `records`, `journal`.
fn holds_records(r: &Resource) -> bool {
    const WORDS: &[&str] = &["audit", "ledger", "record", "journal"];
    let hit = |s: &str| {
        let s = s.to_ascii_lowercase();
        WORDS.iter().any(|w| s.contains(w))
    };
    if hit(&r.address) {
        return true;
    }
    for key in ["bucket", "bucket_name"] {
        if let Lookup::Found(a) = r.get(key) {
            if a.as_str().is_some_and(hit) {
                return true;
            }
        }
    }
    if let Lookup::Found(Attr {
        value: Value::Map(m),
        ..
    }) = r.get("tags")
    {
        return m.iter().any(|(k, v)| hit(k) || v.as_str().is_some_and(hit));
    }
    false
}

const RULE_OBJECT_LOCK: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-object-lock",
        title: "Audit or ledger bucket without Object Lock",
        severity: Severity::Low,
        cwe: &[693],
        tags: &["backup", "audit-logging", "aws"],
        types: &["aws_s3_bucket"],
        finds: "An S3 bucket whose name, address or tags say it holds audit logs, ledgers, journals or records (`audit`, `ledger`, `record`, `journal`) and that is not created with Object Lock (`object_lock_enabled = true`, v3 `object_lock_configuration.object_lock_enabled = \"Enabled\"`, CloudFormation `ObjectLockEnabled`). The name test is a heuristic, hence the low severity.",
        why: "Records a broker-dealer or bank must keep unalterable (SEC 17a-4(f), FINRA 4511, DORA's log integrity) need write-once storage; versioning alone lets an administrator delete every version.",
        fix: "Create the bucket with `object_lock_enabled = true` and add `aws_s3_bucket_object_lock_configuration` with a default retention in COMPLIANCE mode.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html"],
        aliases: &["CKV_AWS_143"],
    },
    check: |r, ctx| {
        if !holds_records(r) || !split(ctx, r, &["aws_s3_bucket_object_lock_configuration"]).is_empty() {
            return Verdict::Pass;
        }
        let (path, l) = first(r, &["object_lock_enabled", "object_lock_configuration.object_lock_enabled"]);
        Verdict::from_lookup(path, l, |a| match a {
            Some(a) if a.as_bool() == Some(true) || str_in(a, &["Enabled"]) => Verdict::Pass,
            a => fail(a, path, "the bucket holds records by its name or tags but Object Lock is not enabled (the default is off)"),
        })
    },
};

const RULE_MFA_DELETE: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-mfa-delete",
        title: "Audit or ledger bucket without MFA delete",
        severity: Severity::Low,
        cwe: &[693],
        tags: &["backup", "aws"],
        types: &["aws_s3_bucket"],
        finds: "A Terraform S3 bucket that holds records by its name, address or tags (as for `aws/s3-bucket-object-lock`) whose versioning does not enable MFA delete (`versioning { mfa_delete = true }`, or `versioning_configuration { mfa_delete = \"Enabled\" }` of `aws_s3_bucket_versioning`). CloudFormation cannot set MFA delete and is not reported.",
        why: "MFA delete stops a stolen administrator key from permanently deleting object versions or turning versioning off; it protects records firms must keep (SEC 17a-4, SOX) where Object Lock is not used.",
        fix: "Enable MFA delete with the root user's MFA device (`mfa_delete = \"Enabled\"` and `mfa` in `aws_s3_bucket_versioning`), or use Object Lock.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html"],
        aliases: &[],
    },
    check: |r, ctx| {
        if is_cfn(r) || !holds_records(r) {
            return Verdict::Pass;
        }
        if let Some(o) = split(ctx, r, &["aws_s3_bucket_versioning"]).first() {
            let path = "versioning_configuration.mfa_delete";
            return Verdict::from_lookup(path, o.get(path), |a| match a {
                Some(a) if str_in(a, &["Enabled"]) => Verdict::Pass,
                a => fail(a, path, format!("MFA delete is not enabled by {} (the default is disabled)", o.address)),
            });
        }
        let path = "versioning.mfa_delete";
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_bool() == Some(true) => Verdict::Pass,
            a => fail(a, path, "MFA delete is not enabled (the default is false)"),
        })
    },
};

const RULE_POLICY_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/s3-bucket-policy-public",
        title: "S3 bucket policy grants access to everyone",
        severity: Severity::Critical,
        cwe: &[284, 732],
        tags: &["network-exposure", "least-privilege", "aws"],
        types: &["aws_s3_bucket_policy", "aws_s3_bucket"],
        finds: "A bucket policy (`aws_s3_bucket_policy`, the v3 inline `policy` of `aws_s3_bucket`, CloudFormation `AWS::S3::BucketPolicy`) with an Allow statement for `Principal: \"*\"` or `{\"AWS\": \"*\"}` and no `Condition`.",
        why: "An unconditional allow to everyone publishes the bucket's objects (or worse, lets anyone write them) regardless of ACLs; public buckets are the most common cause of cloud data breaches, reportable under GDPR art. 33 and PCI DSS 12.10.",
        fix: "Name the principals that need access; when a wildcard is unavoidable, restrict it with `aws:PrincipalOrgID`, `aws:SourceVpce` or `aws:SourceArn` conditions, and keep the public access block on.",
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"],
        aliases: &[],
    },
    check: |r, _| {
        let docs = match first(r, &["policy", "policy_document"]) {
            (p, Lookup::Found(a) | Lookup::Unknown(a)) => vec![(p.to_string(), a)],
            _ => Vec::new(),
        };
        common::each_statement(docs, |st| {
            (common::is_allow(st) && common::principal_star(st) && !common::has_condition(st))
                .then(|| "allows everyone (`Principal: \"*\"`, no condition)".to_string())
        })
    },
};
