//! Pod and container hardening: privileges, host namespaces, capabilities, users,
//! filesystems, seccomp and AppArmor.

use super::{each_container, effective, found, pod_flag, pod_spec, strings, WORKLOADS};
use crate::model::Resource;
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const PSS: &str = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
const SECCTX: &str = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "k8s/privileged-container",
                title: "Privileged container",
                severity: Severity::High,
                cwe: &[250, 269],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A container, init container or ephemeral container with `securityContext.privileged: true`.",
                why: "A privileged container has every capability and the host's devices: one compromised payment service becomes root on the node and can read every other workload's card data, keys and tokens there. PCI DSS (requirement 2.2, one primary function per server and least functionality) and DORA's ICT risk controls expect workloads isolated from each other and from the host.",
                fix: "Remove `privileged: true`; grant the one capability the workload needs with `capabilities.add`, or move host-level agents to a dedicated, separately reviewed node pool.",
                references: &[PSS, SECCTX],
                aliases: &["CKV_K8S_16", "AVD-KSV-0017"],
            },
            check: privileged,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/allow-privilege-escalation",
                title: "Container allows privilege escalation",
                severity: Severity::Medium,
                cwe: &[269],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose `securityContext.allowPrivilegeEscalation` is not `false` (it defaults to true, and is always true for a privileged container).",
                why: "With escalation allowed, a setuid binary or a file capability inside the image lets an attacker who got code execution become root in the container, the first step to breaking out of it. Least privilege for system components is a PCI DSS 7 and DORA expectation.",
                fix: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
                references: &[PSS, SECCTX],
                aliases: &["CKV_K8S_20", "AVD-KSV-0001"],
            },
            check: escalation,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/run-as-root",
                title: "Container may run as root",
                severity: Severity::Medium,
                cwe: &[250],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A container that runs as user 0 (`runAsUser: 0`), or that neither sets `runAsNonRoot: true` nor a non-zero `runAsUser`, at the container or the pod level, so the image's user (often root) decides.",
                why: "A process running as root in a container is one kernel bug or one mounted volume away from root on the node and on the data of every other workload there. PCI DSS 7 (least privilege) and DORA's access-control requirements apply to service accounts and processes as well as people.",
                fix: "Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on the pod (or each container), and build the image with a non-root `USER`.",
                references: &[PSS, SECCTX],
                aliases: &["CKV_K8S_23", "CKV_K8S_40", "AVD-KSV-0012", "AVD-KSV-0105"],
            },
            check: run_as_root,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/host-network",
                title: "Pod shares the host's network",
                severity: Severity::High,
                cwe: &[284, 250],
                tags: &["container-hardening", "network-exposure", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod spec with `hostNetwork: true`.",
                why: "On the host's network a pod bypasses network policies and the segmentation a PCI DSS cardholder-data environment depends on (requirement 1), can listen on node ports and reach node-local services such as the cloud metadata endpoint and the kubelet.",
                fix: "Remove `hostNetwork: true`; expose the pod through a Service, and keep genuine node agents on a dedicated node pool outside the cardholder-data segment.",
                references: &[PSS],
                aliases: &["CKV_K8S_19", "AVD-KSV-0009"],
            },
            check: |r, _| pod_flag(r, "hostNetwork", "the pod uses the host's network namespace (`hostNetwork: true`)"),
        },
        Rule {
            def: RuleDef {
                slug: "k8s/host-pid",
                title: "Pod shares the host's process namespace",
                severity: Severity::High,
                cwe: &[284, 250],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod spec with `hostPID: true`.",
                why: "Seeing the host's processes lets a container read their environment and memory maps and signal them: secrets of other workloads on the node leak, which breaks the isolation PCI DSS and DORA expect between systems of different sensitivity.",
                fix: "Remove `hostPID: true`.",
                references: &[PSS],
                aliases: &["CKV_K8S_17", "AVD-KSV-0010"],
            },
            check: |r, _| pod_flag(r, "hostPID", "the pod shares the host's process namespace (`hostPID: true`)"),
        },
        Rule {
            def: RuleDef {
                slug: "k8s/host-ipc",
                title: "Pod shares the host's IPC namespace",
                severity: Severity::High,
                cwe: &[284, 250],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod spec with `hostIPC: true`.",
                why: "Shared memory and message queues of the host become readable and writable from the container, so data of other workloads on the node can leak or be tampered with: a failure of the segregation PCI DSS and DORA require.",
                fix: "Remove `hostIPC: true`.",
                references: &[PSS],
                aliases: &["CKV_K8S_18", "AVD-KSV-0008"],
            },
            check: |r, _| pod_flag(r, "hostIPC", "the pod shares the host's IPC namespace (`hostIPC: true`)"),
        },
        Rule {
            def: RuleDef {
                slug: "k8s/host-path-volume",
                title: "Pod mounts a host path",
                severity: Severity::High,
                cwe: &[284, 732],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod volume of type `hostPath`.",
                why: "A host directory in a container exposes the node's files (the container runtime socket, kubelet credentials, other pods' volumes) and lets a compromised container plant files on the host: a direct route to other workloads' cardholder and personal data.",
                fix: "Use `emptyDir`, a `configMap`/`secret` projection or a persistent volume claim instead; keep host-level agents on a dedicated, reviewed node pool.",
                references: &[PSS, "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
                aliases: &["AVD-KSV-0023"],
            },
            check: host_path,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/dangerous-capabilities",
                title: "Container adds a dangerous capability",
                severity: Severity::High,
                cwe: &[250, 269],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose `securityContext.capabilities.add` holds `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH`, `BPF` or `PERFMON` (with or without the `CAP_` prefix).",
                why: "These capabilities are root in all but name: mounting file systems, rewriting the network, spoofing packets, reading other processes' memory or loading kernel modules. Any of them lets a compromised container reach data of other tenants of the node, against PCI DSS and DORA least-privilege controls.",
                fix: "Drop the capability; if the workload truly needs it, isolate it on a dedicated node pool and record the exception.",
                references: &[PSS, SECCTX],
                aliases: &["CKV_K8S_39", "CKV_K8S_28", "AVD-KSV-0005", "AVD-KSV-0022"],
            },
            check: dangerous_caps,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/capabilities-not-dropped",
                title: "Container does not drop all capabilities",
                severity: Severity::Low,
                cwe: &[250],
                tags: &["container-hardening", "least-privilege", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose `securityContext.capabilities.drop` does not hold `ALL`.",
                why: "The runtime's default capability set (including `NET_RAW` on many runtimes) is more than almost any service needs; dropping all and adding back the few needed is the least-privilege baseline PCI DSS 2.2 hardening standards describe.",
                fix: "Set `securityContext.capabilities.drop: [ALL]` and add back only what is needed (`NET_BIND_SERVICE`).",
                references: &[PSS, SECCTX],
                aliases: &["CKV_K8S_37", "AVD-KSV-0003"],
            },
            check: drop_all,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/writable-root-filesystem",
                title: "Container root filesystem is writable",
                severity: Severity::Low,
                cwe: &[732],
                tags: &["container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose `securityContext.readOnlyRootFilesystem` is not `true`.",
                why: "A writable image lets an intruder drop tools and persist changes to the service's code, and makes the running system differ from the reviewed image, weakening the change-control evidence SOX and PCI DSS 6 rely on.",
                fix: "Set `readOnlyRootFilesystem: true` and mount `emptyDir` volumes where the service must write (`/tmp`).",
                references: &[SECCTX],
                aliases: &["CKV_K8S_22", "AVD-KSV-0014"],
            },
            check: read_only_root,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/unmasked-proc-mount",
                title: "Container uses an unmasked /proc",
                severity: Severity::High,
                cwe: &[284],
                tags: &["container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A container with `securityContext.procMount: Unmasked`.",
                why: "An unmasked `/proc` exposes kernel interfaces the runtime normally hides, giving a container information and controls that help an escape to the host and its other workloads.",
                fix: "Remove `procMount` (the default is masked).",
                references: &[PSS],
                aliases: &["AVD-KSV-0027"],
            },
            check: proc_mount,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/seccomp-not-set",
                title: "No seccomp profile",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A container whose effective seccomp profile (its own `securityContext.seccompProfile.type`, else the pod's, else the legacy pod annotation) is not `RuntimeDefault` or `Localhost`; `Unconfined` or nothing set.",
                why: "Without seccomp every system call of the kernel is reachable from the container, so a kernel flaw becomes a node compromise. Kernel attack-surface reduction is part of the hardening baselines PCI DSS 2.2 and DORA's ICT security policies expect.",
                fix: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
                references: &[PSS, "https://kubernetes.io/docs/tutorials/security/seccomp/"],
                aliases: &["CKV_K8S_31", "AVD-KSV-0104"],
            },
            check: seccomp,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/apparmor-unconfined",
                title: "AppArmor turned off",
                severity: Severity::Medium,
                cwe: &[693],
                tags: &["container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A container run `unconfined` by AppArmor: the `container.apparmor.security.beta.kubernetes.io/<name>: unconfined` annotation, or `appArmorProfile.type: Unconfined` on the pod or container.",
                why: "Turning the runtime's AppArmor profile off removes a layer that blocks mounts and writes to sensitive kernel files: a deliberate weakening of host isolation an assessor will ask to justify.",
                fix: "Remove the override (the runtime's default profile applies) or use `RuntimeDefault`/`Localhost`.",
                references: &["https://kubernetes.io/docs/tutorials/security/apparmor/"],
                aliases: &["CKV_K8S_32", "AVD-KSV-0002"],
            },
            check: apparmor,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/unsafe-sysctls",
                title: "Pod sets an unsafe sysctl",
                severity: Severity::High,
                cwe: &[284],
                tags: &["container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A pod `securityContext.sysctls` entry outside the set Kubernetes calls safe (namespaced `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_*`, `net.ipv4.tcp_fin_timeout`).",
                why: "Unsafe sysctls change kernel settings that are shared with, or can starve, other pods on the node: one workload can weaken the network stack or exhaust memory for the rest, an availability and isolation risk under DORA.",
                fix: "Remove the sysctl, or run the workload on a dedicated node pool whose kubelet allows it explicitly.",
                references: &["https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/", PSS],
                aliases: &["AVD-KSV-0026"],
            },
            check: sysctls,
        },
        Rule {
            def: RuleDef {
                slug: "k8s/host-port",
                title: "Container binds a host port",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "container-hardening", "kubernetes"],
                types: WORKLOADS,
                finds: "A container port with a non-zero `hostPort`.",
                why: "A host port opens the service on the node's own address, outside Services, ingress controllers and network policies: a listener the firewall and segmentation reviews of PCI DSS requirement 1 do not see.",
                fix: "Remove `hostPort` and expose the container through a Service.",
                references: &[PSS],
                aliases: &["CKV_K8S_26", "AVD-KSV-0024"],
            },
            check: host_port,
        },
    ]
}

fn privileged(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| match c.get("securityContext.privileged") {
        Some(a) if a.as_bool() == Some(true) => Some(c.violation(
            "securityContext.privileged",
            format!("container `{}` is privileged", c.name),
        )),
        _ => None,
    })
}

fn escalation(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let key = "securityContext.allowPrivilegeEscalation";
        match c.get(key).and_then(|a| a.as_bool()) {
            Some(false) => None,
            Some(true) => Some(c.violation(
                key,
                format!(
                    "container `{}` sets `allowPrivilegeEscalation: true`",
                    c.name
                ),
            )),
            None => Some(c.violation(
                key,
                format!(
                    "container `{}` does not set `allowPrivilegeEscalation: false`",
                    c.name
                ),
            )),
        }
    })
}

fn windows(r: &Resource) -> bool {
    pod_spec(r).is_some_and(|p| {
        found(p.spec.lookup("os.name")).and_then(|a| a.as_str()) == Some("windows")
    })
}

fn run_as_root(r: &Resource, _: &Context<'_>) -> Verdict {
    if windows(r) {
        return Verdict::Pass;
    }
    each_container(r, |pod, c| {
        let user = effective(pod, c, "runAsUser");
        let non_root = effective(pod, c, "runAsNonRoot").and_then(|a| a.as_bool());
        let uid = user.and_then(|a| a.as_f64());
        if uid == Some(0.0) {
            let a = user.expect("uid came from it");
            return Some(Violation::at(
                a,
                &format!("{}.securityContext.runAsUser", c.path),
                format!("container `{}` runs as root (`runAsUser: 0`)", c.name),
            ));
        }
        if non_root == Some(true) || uid.is_some_and(|u| u > 0.0) {
            return None;
        }
        Some(c.violation(
            "securityContext.runAsNonRoot",
            format!(
                "container `{}` sets neither `runAsNonRoot: true` nor a non-zero `runAsUser` (pod or container): the image decides, often root",
                c.name
            ),
        ))
    })
}

fn host_path(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let mut v = Vec::new();
    if let Some(vols) = found(pod.spec.lookup("volumes")) {
        for (i, vol) in vols.items().into_iter().enumerate() {
            if let Some(h) = found(vol.lookup("hostPath")) {
                let name = found(vol.lookup("name"))
                    .and_then(|a| a.as_str())
                    .unwrap_or("?");
                let p = found(h.lookup("path"))
                    .and_then(|a| a.as_str())
                    .unwrap_or("?");
                v.push(Violation::at(
                    h,
                    &format!("{}.volumes.{i}.hostPath", pod.path),
                    format!("volume `{name}` mounts the host path `{p}`"),
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

const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "NET_RAW",
    "SYS_PTRACE",
    "SYS_MODULE",
    "DAC_READ_SEARCH",
    "BPF",
    "PERFMON",
];

fn cap(s: &str) -> String {
    let u = s.trim().to_ascii_uppercase();
    u.strip_prefix("CAP_").map(String::from).unwrap_or(u)
}

fn dangerous_caps(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let key = "securityContext.capabilities.add";
        let bad: Vec<String> = strings(c.get(key))
            .into_iter()
            .map(cap)
            .filter(|x| DANGEROUS.contains(&x.as_str()))
            .collect();
        (!bad.is_empty()).then(|| {
            c.violation(
                key,
                format!("container `{}` adds {}", c.name, bad.join(", ")),
            )
        })
    })
}

fn drop_all(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let key = "securityContext.capabilities.drop";
        let drops = strings(c.get(key));
        (!drops.iter().any(|d| cap(d) == "ALL")).then(|| {
            c.violation(
                key,
                format!("container `{}` does not drop ALL capabilities", c.name),
            )
        })
    })
}

fn read_only_root(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let key = "securityContext.readOnlyRootFilesystem";
        (c.get(key).and_then(|a| a.as_bool()) != Some(true)).then(|| {
            c.violation(
                key,
                format!(
                    "container `{}` does not set `readOnlyRootFilesystem: true`",
                    c.name
                ),
            )
        })
    })
}

fn proc_mount(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let key = "securityContext.procMount";
        (c.get(key).and_then(|a| a.as_str()) == Some("Unmasked")).then(|| {
            c.violation(
                key,
                format!("container `{}` uses `procMount: Unmasked`", c.name),
            )
        })
    })
}

fn annotation<'a>(pod: &super::Pod<'a>, key: &str) -> Option<&'a str> {
    let m = found(pod.meta?.lookup("annotations"))?.as_map()?;
    m.get(key)?.as_str()
}

fn seccomp(r: &Resource, _: &Context<'_>) -> Verdict {
    let legacy_ok = pod_spec(r).is_some_and(|p| {
        matches!(
            annotation(&p, "seccomp.security.alpha.kubernetes.io/pod"),
            Some("runtime/default" | "docker/default")
        ) || annotation(&p, "seccomp.security.alpha.kubernetes.io/pod")
            .is_some_and(|v| v.starts_with("localhost/"))
    });
    each_container(r, |pod, c| {
        let t = effective(pod, c, "seccompProfile.type");
        match t.and_then(|a| a.as_str()) {
            Some("RuntimeDefault" | "Localhost") => None,
            None if legacy_ok => None,
            Some(other) => Some(Violation::at(
                t.expect("matched"),
                &format!("{}.securityContext.seccompProfile.type", c.path),
                format!("container `{}` runs with seccomp profile `{other}`", c.name),
            )),
            None => Some(c.violation(
                "securityContext.seccompProfile.type",
                format!(
                    "container `{}` has no seccomp profile (pod or container `seccompProfile.type: RuntimeDefault`)",
                    c.name
                ),
            )),
        }
    })
}

fn apparmor(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |pod, c| {
        let ann = format!("container.apparmor.security.beta.kubernetes.io/{}", c.name);
        if annotation(pod, &ann) == Some("unconfined") {
            return Some(c.violation(
                "name",
                format!(
                    "container `{}` runs without AppArmor (annotation `{ann}: unconfined`)",
                    c.name
                ),
            ));
        }
        let t = effective(pod, c, "appArmorProfile.type");
        (t.and_then(|a| a.as_str()) == Some("Unconfined")).then(|| {
            Violation::at(
                t.expect("matched"),
                &format!("{}.securityContext.appArmorProfile.type", c.path),
                format!(
                    "container `{}` runs with `appArmorProfile.type: Unconfined`",
                    c.name
                ),
            )
        })
    })
}

const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

fn sysctls(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let mut v = Vec::new();
    if let Some(list) = found(pod.spec.lookup("securityContext.sysctls")) {
        for (i, s) in list.items().into_iter().enumerate() {
            let Some(n) = found(s.lookup("name")) else {
                continue;
            };
            let name = n.as_str().unwrap_or("?");
            if !SAFE_SYSCTLS.contains(&name) {
                v.push(Violation::at(
                    n,
                    &format!("{}.securityContext.sysctls.{i}.name", pod.path),
                    format!("the pod sets the unsafe sysctl `{name}`"),
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

fn host_port(r: &Resource, _: &Context<'_>) -> Verdict {
    each_container(r, |_, c| {
        let ports = c.get("ports")?;
        for (i, p) in ports.items().into_iter().enumerate() {
            if let Some(h) = found(p.lookup("hostPort")) {
                if h.as_f64().is_some_and(|n| n != 0.0) {
                    return Some(Violation::at(
                        h,
                        &format!("{}.ports.{i}.hostPort", c.path),
                        format!(
                            "container `{}` binds host port {}",
                            c.name,
                            h.as_f64().unwrap_or_default()
                        ),
                    ));
                }
            }
        }
        None
    })
}
