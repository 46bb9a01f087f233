//! EKS clusters.

use super::common::{fail, is_cfn, present};
use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![PUBLIC_ENDPOINT, SECRETS, LOGGING]
}

const TYPES: &[&str] = &["aws_eks_cluster"];

const PUBLIC_ENDPOINT: Rule = Rule {
    def: RuleDef {
        slug: "aws/eks-public-endpoint",
        title: "EKS API endpoint open to the internet",
        severity: Severity::High,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: TYPES,
        finds: "An EKS cluster whose public API endpoint is on (`vpc_config.endpoint_public_access`, CloudFormation `ResourcesVpcConfig.EndpointPublicAccess`; default true) and open to every address (`public_access_cidrs` not set — default `0.0.0.0/0` — or containing a `/0`).",
        why: "The Kubernetes API controls every workload in the cluster; exposing it to the whole internet leaves it one leaked kubeconfig or API flaw from compromise (PCI DSS 1.4, 2.2.7 for administrative access).",
        fix: "Set `endpoint_public_access = false` and `endpoint_private_access = true`, or limit `public_access_cidrs` to the firm's egress addresses.",
        references: &["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
        aliases: &["CKV_AWS_38", "CKV_AWS_39", "AVD-AWS-0040", "AVD-AWS-0041"],
    },
    check: |r, _| {
        let base = if is_cfn(r) { "resources_vpc_config" } else { "vpc_config" };
        let on = format!("{base}.endpoint_public_access");
        let cidrs = format!("{base}.public_access_cidrs");
        Verdict::from_lookup(&on, r.get(&on), |a| match a.and_then(|a| a.as_bool()) {
            Some(false) => Verdict::Pass,
            _ => Verdict::from_lookup(&cidrs, r.get(&cidrs), |c| match c {
                None => fail(None, &cidrs, "the public API endpoint is open to 0.0.0.0/0 (`public_access_cidrs` not set; public access defaults to on)"),
                Some(c) => {
                    if let Some(x) = c.items().into_iter().find(|x| x.as_str().is_some_and(|s| s.trim().ends_with("/0"))) {
                        fail(Some(x), &cidrs, "the public API endpoint is open to the whole internet")
                    } else if c.items().iter().any(|x| x.is_unknown()) {
                        Verdict::Unknown { path: cidrs.clone(), reason: "a CIDR is unknown".into() }
                    } else {
                        Verdict::Pass
                    }
                }
            }),
        })
    },
};

const SECRETS: Rule = Rule {
    def: RuleDef {
        slug: "aws/eks-secrets-encryption",
        title: "EKS cluster without envelope encryption of secrets",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "secret", "aws"],
        types: TYPES,
        finds: "An EKS cluster with no `encryption_config` (CloudFormation `EncryptionConfig`) encrypting `secrets` with a KMS key.",
        why: "Kubernetes secrets hold database passwords and API keys; envelope encryption with a KMS key the firm controls protects them in etcd and gives an audit trail of their use (PCI DSS 3.6, 8.3.2).",
        fix: "Add `encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.eks.arn } }`.",
        references: &["https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html"],
        aliases: &["CKV_AWS_58", "AVD-AWS-0039"],
    },
    check: |r, _| present(r, &["encryption_config"], "Kubernetes secrets are not envelope-encrypted with a KMS key"),
};

const LOGGING: Rule = Rule {
    def: RuleDef {
        slug: "aws/eks-control-plane-audit-logging",
        title: "EKS control plane audit logging off",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: TYPES,
        finds: "An EKS cluster whose `enabled_cluster_log_types` (CloudFormation `Logging.ClusterLogging.EnabledTypes`) does not include `audit` (no control plane logs are sent by default).",
        why: "The Kubernetes audit log is the record of who read which secret and changed which workload; PCI DSS 10.2 requires it for systems in scope and incident responders start there.",
        fix: "Set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]`.",
        references: &["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
        aliases: &["CKV_AWS_37", "AVD-AWS-0038"],
    },
    check: |r, _| {
        let (path, sub) = if is_cfn(r) {
            ("logging.cluster_logging.enabled_types", Some("type"))
        } else {
            ("enabled_cluster_log_types", None)
        };
        Verdict::from_lookup(path, r.get(path), |a| {
            let Some(a) = a else {
                return fail(None, path, "no control plane logs are enabled (the default is none)");
            };
            let mut unknown = false;
            let audit = a.items().into_iter().any(|x| {
                let v = match sub {
                    Some(k) => match x.lookup(k) {
                        Lookup::Found(v) => v,
                        Lookup::Unknown(_) => { unknown = true; return false; }
                        Lookup::Absent => return false,
                    },
                    None => x,
                };
                if v.is_unknown() { unknown = true; }
                v.as_str() == Some("audit")
            });
            if audit { Verdict::Pass }
            else if unknown { Verdict::Unknown { path: path.into(), reason: "a log type is unknown".into() } }
            else { fail(Some(a), path, "the `audit` log type is not enabled") }
        })
    },
};
