//! Cluster objects: Secrets committed in manifests, exposed Services, Ingress TLS, RBAC.

use super::{found, strings};
use crate::model::{Attr, Lookup, Resource, Value};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const RBAC: &str = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/";
const RBAC_GOOD: &str = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/";

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "k8s/secret-in-manifest",
                title: "Secret committed in a manifest",
                severity: Severity::Medium,
                cwe: &[312, 798],
                tags: &["secret", "kubernetes"],
                types: &["k8s/Secret"],
                finds: "A `Secret` object whose `data` or `stringData` holds values in the manifest itself. The message names the keys, never the values (`data` is only base64, not encryption).",
                why: "A secret in the repository is readable by everyone with access to it, its forks, its CI logs and its backups, forever: it cannot be rotated by deleting the file. PCI DSS 3 and 8 require keys and passwords protected; GDPR and DORA treat their leak as an incident.",
                fix: "Keep secrets out of Git: an external secret store (External Secrets, Vault, the cloud's secret manager), Sealed Secrets or SOPS-encrypted files; rotate what was committed.",
                references: &["https://kubernetes.io/docs/concepts/security/secrets-good-practices/"],
                aliases: &[],
            },
            check: secret_object,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/service-exposed",
                title: "Service exposed outside the cluster",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "kubernetes"],
                types: &["k8s/Service"],
                finds: "A `Service` of type `LoadBalancer` or `NodePort` that is not marked internal (the AWS, Azure, GCP and OCI internal load-balancer annotations) and not limited by `loadBalancerSourceRanges` narrower than the whole internet.",
                why: "A load balancer or node port publishes the service outside the cluster, often to the internet, bypassing the ingress controller's TLS, authentication and WAF: an entry point the PCI DSS requirement 1 network diagram and firewall reviews must account for.",
                fix: "Use `ClusterIP` behind an ingress with TLS, or mark the load balancer internal, or restrict `loadBalancerSourceRanges` to known networks.",
                references: &["https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"],
                aliases: &[],
            },
            check: service_exposed,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/ingress-without-tls",
                title: "Ingress without TLS",
                severity: Severity::Medium,
                cwe: &[319],
                tags: &["tls", "network-exposure", "kubernetes"],
                types: &["k8s/Ingress"],
                finds: "An `Ingress` with no `spec.tls` section (or an empty one).",
                why: "Without TLS the ingress serves plain HTTP: credentials, session cookies and personal or card data cross the network in clear text, against PCI DSS requirement 4 and GDPR's security of processing.",
                fix: "Add `spec.tls` with the hosts and a certificate secret (cert-manager can issue it).",
                references: &["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
                aliases: &[],
            },
            check: ingress_tls,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/rbac-wildcard",
                title: "RBAC role grants `*`",
                severity: Severity::High,
                cwe: &[269, 732],
                tags: &["least-privilege", "kubernetes"],
                types: &["k8s/Role", "k8s/ClusterRole"],
                finds: "A `Role` or `ClusterRole` rule with `*` among its verbs or its resources.",
                why: "A wildcard grants every current and future permission, including reading every Secret: whoever holds the role (or steals its token) controls the cluster's workloads and their credentials. PCI DSS 7 and SOX access reviews require permissions granted by need, which `*` cannot show.",
                fix: "List the verbs and resources the subject needs.",
                references: &[RBAC, RBAC_GOOD],
                aliases: &["CKV_K8S_49", "AVD-KSV-0044", "AVD-KSV-0045", "AVD-KSV-0046"],
            },
            check: wildcard,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/rbac-escalation-verbs",
                title: "RBAC role can escalate privileges",
                severity: Severity::High,
                cwe: &[269],
                tags: &["least-privilege", "kubernetes"],
                types: &["k8s/Role", "k8s/ClusterRole"],
                finds: "A `Role` or `ClusterRole` rule granting `escalate`, `bind` or `impersonate`.",
                why: "These verbs let the holder give itself any permission (`escalate`, `bind`) or act as any user or service account (`impersonate`): a path around every other RBAC control and around the individual accountability PCI DSS 8 and SOX require.",
                fix: "Remove the verbs; grant them only to the cluster administrators' break-glass role, with the binding reviewed.",
                references: &[RBAC_GOOD],
                aliases: &["CKV_K8S_155", "CKV_K8S_157", "AVD-KSV-0043"],
            },
            check: escalation_verbs,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/rbac-secrets-access",
                title: "RBAC role reads Secrets",
                severity: Severity::Medium,
                cwe: &[284, 522],
                tags: &["least-privilege", "secret", "kubernetes"],
                types: &["k8s/Role", "k8s/ClusterRole"],
                finds: "A `Role` or `ClusterRole` rule granting `get`, `list` or `watch` on `secrets` (core API group) to whoever is bound to it (a `ClusterRole` covers every namespace).",
                why: "Reading Secrets yields the database passwords, API keys and TLS keys of every workload in scope; `list` and `watch` return all of them at once. Access to stored credentials must be limited to those who need it (PCI DSS 3.6, 7 and 8).",
                fix: "Mount the few secrets a workload needs instead of reading them through the API; if a controller must read them, name them with `resourceNames` and scope the role to one namespace.",
                references: &[RBAC_GOOD],
                aliases: &["AVD-KSV-0041"],
            },
            check: secrets_access,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/rbac-pod-exec",
                title: "RBAC role can exec into pods",
                severity: Severity::Medium,
                cwe: &[269],
                tags: &["least-privilege", "kubernetes"],
                types: &["k8s/Role", "k8s/ClusterRole"],
                finds: "A `Role` or `ClusterRole` rule granting `create` (or `*`) on `pods/exec` or `pods/attach`.",
                why: "Exec is a shell in a running service: whoever holds it reads the service's memory, files and credentials and acts as the service, bypassing the application's own access control and audit trail that SOX and PCI DSS 10 depend on.",
                fix: "Grant exec only to a break-glass role bound on demand and logged; use read-only debugging (logs, ephemeral containers under review) otherwise.",
                references: &[RBAC_GOOD],
                aliases: &["AVD-KSV-0053"],
            },
            check: pod_exec,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/cluster-admin-binding",
                title: "Binding to cluster-admin",
                severity: Severity::High,
                cwe: &[269, 250],
                tags: &["least-privilege", "kubernetes"],
                types: &["k8s/RoleBinding", "k8s/ClusterRoleBinding"],
                finds: "A `RoleBinding` or `ClusterRoleBinding` whose `roleRef` is the `cluster-admin` ClusterRole.",
                why: "cluster-admin is every permission on every object: a workload or group bound to it can read all Secrets and change every deployment. A standing grant like that fails the least-privilege and access-review controls of PCI DSS 7, SOX and DORA.",
                fix: "Bind a role with the permissions needed; keep cluster-admin for break-glass accounts outside Git-managed manifests.",
                references: &[RBAC, RBAC_GOOD],
                aliases: &["AVD-KSV-0111"],
            },
            check: cluster_admin,
        },
    ]
}

fn keys_of(a: Option<&Attr>) -> Vec<String> {
    match a.map(|a| &a.value) {
        Some(Value::Map(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn secret_object(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for section in ["data", "stringData"] {
        let a = found(r.get(section));
        let keys = keys_of(a);
        if let (Some(a), false) = (a, keys.is_empty()) {
            v.push(Violation::at(
                a,
                section,
                format!(
                    "the Secret carries `{section}` values in the manifest (keys: {})",
                    keys.iter()
                        .take(10)
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

const INTERNAL: &[(&str, &str)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "true",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        "internal",
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        "true",
    ),
    ("networking.gke.io/load-balancer-type", "internal"),
    ("cloud.google.com/load-balancer-type", "internal"),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        "true",
    ),
];

fn service_exposed(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(t) = found(r.get("spec.type")) else {
        return Verdict::Pass;
    };
    let ty = t.as_str().unwrap_or_default();
    if ty != "LoadBalancer" && ty != "NodePort" {
        return Verdict::Pass;
    }
    let ann = found(r.get("metadata.annotations")).and_then(Attr::as_map);
    let internal = ann.is_some_and(|m| {
        INTERNAL.iter().any(|(k, v)| {
            m.get(*k)
                .and_then(|a| match &a.value {
                    Value::String(s) => Some(s.to_ascii_lowercase()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .is_some_and(|s| s == *v)
        })
    });
    if internal && ty == "LoadBalancer" {
        return Verdict::Pass;
    }
    let ranges = strings(found(r.get("spec.loadBalancerSourceRanges")));
    if ty == "LoadBalancer"
        && !ranges.is_empty()
        && !ranges.iter().any(|c| *c == "0.0.0.0/0" || *c == "::/0")
    {
        return Verdict::Pass;
    }
    Verdict::fail(Violation::at(
        t,
        "spec.type",
        format!("the Service is of type `{ty}` and not internal: it is reachable from outside the cluster"),
    ))
}

fn ingress_tls(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("spec.tls") {
        Lookup::Found(a) if crate::rule::check::is_set(a) => Verdict::Pass,
        Lookup::Found(a) => Verdict::fail(Violation::at(
            a,
            "spec.tls",
            "the Ingress has an empty `spec.tls`: it serves plain HTTP",
        )),
        _ => Verdict::fail(Violation::missing(
            "spec.tls",
            "the Ingress has no `spec.tls`: it serves plain HTTP",
        )),
    }
}

fn each_rule(r: &Resource, mut f: impl FnMut(usize, &Attr) -> Option<Violation>) -> Verdict {
    let Some(rules) = found(r.get("rules")) else {
        return Verdict::Pass;
    };
    let v: Vec<Violation> = rules
        .items()
        .into_iter()
        .enumerate()
        .filter_map(|(i, x)| f(i, x))
        .collect();
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

fn wildcard(r: &Resource, _: &Context<'_>) -> Verdict {
    each_rule(r, |i, rule| {
        for key in ["verbs", "resources"] {
            let a = found(rule.lookup(key));
            if strings(a).contains(&"*") {
                return Some(Violation::at(
                    a.expect("had strings"),
                    &format!("rules.{i}.{key}"),
                    format!("rule {i} grants `*` {key}"),
                ));
            }
        }
        None
    })
}

fn escalation_verbs(r: &Resource, _: &Context<'_>) -> Verdict {
    each_rule(r, |i, rule| {
        let a = found(rule.lookup("verbs"))?;
        let bad: Vec<&str> = strings(Some(a))
            .into_iter()
            .filter(|v| matches!(*v, "escalate" | "bind" | "impersonate"))
            .collect();
        (!bad.is_empty()).then(|| {
            Violation::at(
                a,
                &format!("rules.{i}.verbs"),
                format!(
                    "rule {i} grants {}",
                    bad.iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    })
}

fn cluster_admin(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("roleRef.name") {
        Lookup::Found(a) if a.as_str() == Some("cluster-admin") => Verdict::fail(Violation::at(
            a,
            "roleRef.name",
            "the binding grants the `cluster-admin` role",
        )),
        _ => Verdict::Pass,
    }
}

fn grants(rule: &Attr, verbs: &[&str], resources: &[&str], core_only: bool) -> bool {
    let v = strings(found(rule.lookup("verbs")));
    let r = strings(found(rule.lookup("resources")));
    let g = strings(found(rule.lookup("apiGroups")));
    let group_ok = !core_only || g.iter().any(|x| x.is_empty() || *x == "*");
    group_ok
        && v.iter().any(|x| *x == "*" || verbs.contains(x))
        && r.iter().any(|x| *x == "*" || resources.contains(x))
        && found(rule.lookup("resourceNames")).is_none_or(|n| !crate::rule::check::is_set(n))
}

fn secrets_access(r: &Resource, _: &Context<'_>) -> Verdict {
    each_rule(r, |i, rule| {
        grants(rule, &["get", "list", "watch"], &["secrets"], true).then(|| {
            let at = found(rule.lookup("resources")).unwrap_or(rule);
            Violation::at(
                at,
                &format!("rules.{i}.resources"),
                format!("rule {i} can read Secrets"),
            )
        })
    })
}

fn pod_exec(r: &Resource, _: &Context<'_>) -> Verdict {
    each_rule(r, |i, rule| {
        grants(rule, &["create"], &["pods/exec", "pods/attach"], true).then(|| {
            let at = found(rule.lookup("resources")).unwrap_or(rule);
            Violation::at(
                at,
                &format!("rules.{i}.resources"),
                format!("rule {i} can exec into or attach to pods"),
            )
        })
    })
}
