//! Workload operations: resources, images, probes, service accounts, environment
//! secrets and namespaces.

use super::{
    containers, each_container, found, has_digest, image_parts, literal_secret_value, pod_spec,
    secret_name, LONG_RUNNING, WORKLOADS,
};
use crate::model::Resource;
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const RES: &str = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/";
const IMAGES: &str = "https://kubernetes.io/docs/concepts/containers/images/";
const SA: &str =
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/";

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "k8s/missing-cpu-limit",
                title: "Container without a CPU limit",
                severity: Severity::Low,
                cwe: &[400, 770],
                tags: &["resilience", "kubernetes"],
                types: WORKLOADS,
                finds: "A container or init container with no `resources.limits.cpu`.",
                why: "A container without a limit can take a node's CPU from the payment, settlement or fraud services next to it: a noisy neighbour or a compromised pod mining coins becomes an outage. DORA's ICT resilience requirements expect capacity to be managed, not left to chance.",
                fix: "Set `resources.limits.cpu` (or a namespace `LimitRange` default, which this rule cannot see).",
                references: &[RES],
                aliases: &["CKV_K8S_11", "AVD-KSV-0011"],
            },
            check: |r, _| resource_key(r, "limits", "cpu"),
        },
        Rule {
            def: RuleDef {
                slug: "k8s/missing-memory-limit",
                title: "Container without a memory limit",
                severity: Severity::Medium,
                cwe: &[400, 770],
                tags: &["resilience", "kubernetes"],
                types: WORKLOADS,
                finds: "A container or init container with no `resources.limits.memory`.",
                why: "Without a memory limit one leaking or attacked container can make the kernel kill other pods on the node, taking down services customers and counterparties depend on; DORA treats such availability incidents as reportable ICT risk.",
                fix: "Set `resources.limits.memory`.",
                references: &[RES],
                aliases: &["CKV_K8S_13", "AVD-KSV-0018"],
            },
            check: |r, _| resource_key(r, "limits", "memory"),
        },
        Rule {
            def: RuleDef {
                slug: "k8s/missing-resource-requests",
                title: "Container without CPU or memory requests",
                severity: Severity::Low,
                cwe: &[770],
                tags: &["resilience", "kubernetes"],
                types: WORKLOADS,
                finds: "A container or init container missing `resources.requests.cpu` or `resources.requests.memory`.",
                why: "Without requests the scheduler cannot reserve capacity, so critical services are the first evicted under pressure: capacity planning that DORA's resilience testing expects to be shown.",
                fix: "Set `resources.requests.cpu` and `resources.requests.memory` from measured use.",
                references: &[RES],
                aliases: &["CKV_K8S_10", "CKV_K8S_12", "AVD-KSV-0015", "AVD-KSV-0016"],
            },
            check: requests,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/image-not-pinned",
                title: "Container image not pinned by digest",
                severity: Severity::Low,
                cwe: &[1104, 829],
                tags: &["supply-chain", "kubernetes"],
                types: WORKLOADS,
                finds: "A container image referenced by tag only, without `@sha256:<digest>`.",
                why: "A tag can be moved to other content by anyone who can push to the registry: what runs in production is then not what was reviewed and scanned, breaking the change-management evidence of SOX and PCI DSS 6 and the ICT supply-chain controls of DORA.",
                fix: "Reference images as `name:tag@sha256:<digest>`, updated by a bot or the release pipeline.",
                references: &[IMAGES],
                aliases: &["CKV_K8S_43"],
            },
            check: digest,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/image-latest-tag",
                title: "Container image uses `latest` or no tag",
                severity: Severity::Medium,
                cwe: &[1104],
                tags: &["supply-chain", "kubernetes"],
                types: WORKLOADS,
                finds: "A container image with the tag `latest` or no tag at all (which means `latest`) and no digest.",
                why: "`latest` changes with every push: two replicas can run different code, a rollback does not roll back, and nobody can say which version processed a given payment, which audit and incident reporting (SOX, DORA) need.",
                fix: "Use an explicit version tag, better with its digest.",
                references: &[IMAGES],
                aliases: &["CKV_K8S_14", "AVD-KSV-0013"],
            },
            check: latest,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/image-pull-policy",
                title: "Mutable image tag without `imagePullPolicy: Always`",
                severity: Severity::Low,
                cwe: &[1104],
                tags: &["supply-chain", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose image has no digest and whose pull policy (as written, or the default for its tag) is not `Always`.",
                why: "With a mutable tag and `IfNotPresent`, each node runs whatever it pulled first: nodes silently differ, and a fixed image does not reach them. The running version can no longer be shown, as change-control audits ask.",
                fix: "Pin the image by digest (then the policy does not matter), or set `imagePullPolicy: Always`.",
                references: &[IMAGES],
                aliases: &["CKV_K8S_15"],
            },
            check: pull_policy,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/missing-probes",
                title: "Container without liveness or readiness probe",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["resilience", "kubernetes"],
                types: LONG_RUNNING,
                finds: "A container of a long-running workload (Deployment, StatefulSet, DaemonSet, ReplicaSet) with no `livenessProbe` or no `readinessProbe`.",
                why: "Without probes a hung instance keeps receiving traffic and is never restarted: failed payments instead of a quick automatic recovery, the kind of resilience DORA expects to be designed in.",
                fix: "Add a `readinessProbe` and a `livenessProbe` on the service's health endpoint.",
                references: &["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
                aliases: &["CKV_K8S_8", "CKV_K8S_9"],
            },
            check: probes,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/service-account-token-mounted",
                title: "Service account token mounted automatically",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod spec that does not set `automountServiceAccountToken: false`, whose service account (when it is in the scan) does not turn automounting off either.",
                why: "Every pod then carries a credential for the Kubernetes API: an attacker who gets code execution in a web-facing service can query and, depending on RBAC, change the cluster. Credentials should reach only the workloads that need them (PCI DSS 7 and 8).",
                fix: "Set `automountServiceAccountToken: false` on the pod or its ServiceAccount, and mount a projected token only where the API is used.",
                references: &[SA],
                aliases: &["CKV_K8S_38", "AVD-KSV-0036"],
            },
            check: automount,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/default-service-account",
                title: "Pod runs as the default service account",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod spec with no `serviceAccountName` (or `default`).",
                why: "All pods of a namespace then share one identity: a permission granted for one service is granted to all, and audit logs cannot tell which workload acted, against the individual accountability PCI DSS 8 and SOX access reviews rely on.",
                fix: "Create a ServiceAccount per workload and set `serviceAccountName`.",
                references: &[SA],
                aliases: &["CKV_K8S_41"],
            },
            check: default_sa,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/secret-in-env",
                title: "Credential written as a literal environment value",
                severity: Severity::High,
                cwe: &[798, 312],
                tags: &["secret", "kubernetes"],
                types: WORKLOADS,
                finds: "A container `env` entry whose name says it holds a credential (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, …) with a literal `value` instead of `valueFrom.secretKeyRef`. The message names the variable, never the value.",
                why: "The credential is then in the repository, every clone and every CI log that prints the manifest: it cannot be rotated without a commit and is readable by anyone with `get` on the workload. PCI DSS 3 and 8 require credentials protected and rotated; a leaked database password is a reportable incident.",
                fix: "Move the value to a Secret (or an external secret store) and use `valueFrom.secretKeyRef`; rotate the exposed credential.",
                references: &["https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables"],
                aliases: &["CKV_K8S_35"],
            },
            check: env_secret,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/default-namespace",
                title: "Workload in the default namespace",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A workload with `metadata.namespace: default` written explicitly (manifests without a namespace are left to the deploying tool's `-n`/kustomize and not reported).",
                why: "The default namespace usually has no network policies, quotas or dedicated RBAC, so a workload there is neither segmented nor separately governed: in-scope systems of PCI DSS must be segmented from the rest.",
                fix: "Deploy into a namespace of its own with network policies, quotas and RBAC.",
                references: &["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
                aliases: &["CKV_K8S_21", "AVD-KSV-0110"],
            },
            check: default_ns,
        },
    ]
}

fn resource_key(r: &Resource, section: &str, key: &str) -> Verdict {
    each_container(r, |_, c| {
        if c.list == "ephemeralContainers" {
            return None;
        }
        let path = format!("resources.{section}.{key}");
        c.get(&path)
            .is_none()
            .then(|| c.violation(&path, format!("container `{}` has no `{path}`", c.name)))
    })
}

fn requests(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        if c.list == "ephemeralContainers" {
            return None;
        }
        let missing: Vec<&str> = ["cpu", "memory"]
            .into_iter()
            .filter(|k| c.get(&format!("resources.requests.{k}")).is_none())
            .collect();
        (!missing.is_empty()).then(|| {
            c.violation(
                "resources.requests",
                format!(
                    "container `{}` requests no {}",
                    c.name,
                    missing.join(" and ")
                ),
            )
        })
    })
}

fn image_of<'a>(c: &super::Container<'a>) -> Option<(&'a crate::model::Attr, &'a str)> {
    let a = found(c.attr.lookup("image"))?;
    Some((a, a.as_str()?))
}

fn digest(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let (a, img) = image_of(c)?;
        (!has_digest(img)).then(|| {
            Violation::at(
                a,
                &format!("{}.image", c.path),
                format!(
                    "container `{}` image `{img}` is not pinned by digest",
                    c.name
                ),
            )
        })
    })
}

fn mutable_tag(img: &str) -> Option<&str> {
    let (_, tag, d) = image_parts(img);
    if d.is_some() {
        return None;
    }
    match tag {
        None => Some("no tag"),
        Some("latest") => Some("the tag `latest`"),
        _ => None,
    }
}

fn latest(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let (a, img) = image_of(c)?;
        mutable_tag(img).map(|what| {
            Violation::at(
                a,
                &format!("{}.image", c.path),
                format!("container `{}` image `{img}` has {what}", c.name),
            )
        })
    })
}

fn pull_policy(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let (a, img) = image_of(c)?;
        if has_digest(img) || img.contains('@') {
            return None;
        }
        let written = c.get("imagePullPolicy").and_then(|p| p.as_str());
        let policy = written.unwrap_or(if mutable_tag(img).is_some() {
            "Always"
        } else {
            "IfNotPresent"
        });
        (policy != "Always").then(|| {
            let msg = format!(
                "container `{}` image `{img}` is pulled `{policy}`{}",
                c.name,
                if written.is_none() {
                    " (the default for a tag)"
                } else {
                    ""
                }
            );
            match c.get("imagePullPolicy") {
                Some(p) => Violation::at(p, &format!("{}.imagePullPolicy", c.path), msg),
                None => Violation::at(a, &format!("{}.image", c.path), msg),
            }
        })
    })
}

fn probes(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        if c.list != "containers" {
            return None;
        }
        let missing: Vec<&str> = ["livenessProbe", "readinessProbe"]
            .into_iter()
            .filter(|k| c.get(k).is_none())
            .collect();
        (!missing.is_empty()).then(|| {
            c.violation(
                missing[0],
                format!("container `{}` has no {}", c.name, missing.join(" and ")),
            )
        })
    })
}

fn sa_name(spec: &crate::model::Attr) -> Option<&str> {
    found(spec.lookup("serviceAccountName"))
        .or_else(|| found(spec.lookup("serviceAccount")))
        .and_then(|a| a.as_str())
}

fn automount(r: &Resource, ctx: &Context<'_>) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let path = format!("{}.automountServiceAccountToken", pod.path);
    match found(pod.spec.lookup("automountServiceAccountToken")) {
        Some(a) if a.as_bool() == Some(false) => return Verdict::Pass,
        Some(a) if a.as_bool() == Some(true) => {
            return Verdict::fail(Violation::at(
                a,
                &path,
                "the pod mounts its service account token (`automountServiceAccountToken: true`)",
            ))
        }
        _ => {}
    }
    let ns = match r.get("metadata.namespace") {
        crate::Lookup::Found(a) => a.as_str().unwrap_or("default"),
        _ => "default",
    };
    let sa = sa_name(pod.spec).unwrap_or("default");
    let sa_off = ctx.model.of_type("k8s/ServiceAccount").any(|s| {
        s.address == format!("ServiceAccount/{ns}/{sa}")
            && matches!(s.get("automountServiceAccountToken"), crate::Lookup::Found(a) if a.as_bool() == Some(false))
    });
    if sa_off {
        return Verdict::Pass;
    }
    Verdict::fail(Violation {
        path,
        message: format!(
            "the pod does not set `automountServiceAccountToken: false` (nor does its service account `{sa}` in this scan)"
        ),
        span: (pod.spec.span.line > 0).then(|| pod.spec.span.clone()),
        origin: Vec::new(),
    })
}

fn default_sa(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let key = if found(pod.spec.lookup("serviceAccountName")).is_some() {
        "serviceAccountName"
    } else {
        "serviceAccount"
    };
    let path = format!("{}.{key}", pod.path);
    match found(pod.spec.lookup(key)) {
        Some(a) if a.as_str() == Some("default") => Verdict::fail(Violation::at(
            a,
            &path,
            "the pod runs as the `default` service account",
        )),
        Some(_) => Verdict::Pass,
        None => Verdict::fail(Violation {
            path: format!("{}.serviceAccountName", pod.path),
            message: "the pod sets no `serviceAccountName`: it runs as the namespace's `default` service account".into(),
            span: (pod.spec.span.line > 0).then(|| pod.spec.span.clone()),
            origin: Vec::new(),
        }),
    }
}

fn env_secret(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let mut v = Vec::new();
    for c in containers(&pod) {
        let Some(env) = c.get("env") else { continue };
        for (i, e) in env.items().into_iter().enumerate() {
            let Some(name) = found(e.lookup("name")).and_then(|a| a.as_str()) else {
                continue;
            };
            let Some(val) = found(e.lookup("value")) else {
                continue;
            };
            if secret_name(name) && val.as_str().is_some_and(literal_secret_value) {
                v.push(Violation::at(
                    val,
                    &format!("{}.env.{i}.value", c.path),
                    format!(
                        "container `{}` sets `{name}` to a literal value (use `valueFrom.secretKeyRef`)",
                        c.name
                    ),
                ));
            }
        }
    }
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

fn default_ns(r: &Resource, _: &Context<'_>) -> Verdict {
    match r.get("metadata.namespace") {
        crate::Lookup::Found(a) if a.as_str() == Some("default") => Verdict::fail(Violation::at(
            a,
            "metadata.namespace",
            "the workload is deployed into the `default` namespace",
        )),
        _ => Verdict::Pass,
    }
}
