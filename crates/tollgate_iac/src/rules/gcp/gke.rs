//! GKE clusters and node pools.

use crate::model::Lookup;
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{bool_is, is_anywhere, str_ok, unknown, written};
use tollgate_core::Severity;

const GKE: &[&str] = &["google_container_cluster"];

/// Autopilot clusters fix several settings on (workload identity, network policy via
/// Dataplane V2, shielded nodes); the rules about them pass for Autopilot.
fn autopilot(r: &crate::model::Resource) -> bool {
    matches!(r.get("enable_autopilot"), Lookup::Found(a) if a.as_bool() == Some(true))
}

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/gke-legacy-abac",
                title: "GKE cluster uses legacy ABAC authorization",
                severity: Severity::High,
                cwe: &[284, 269],
                tags: &["least-privilege", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` with `enable_legacy_abac = true` (the default is `false`).",
                why: "Legacy ABAC grants broad, static permissions that bypass Kubernetes RBAC; workloads and users get far more access than they need, breaking least privilege (PCI DSS requirement 7).",
                fix: "Remove `enable_legacy_abac` (or set it to `false`) and use RBAC.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled_default_for_110"],
                aliases: &["CKV_GCP_7"],
            },
            check: |r, _| bool_is(r, &["enable_legacy_abac"], false, false, "legacy ABAC is enabled"),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-static-credentials",
                title: "GKE cluster issues basic-auth or client-certificate credentials",
                severity: Severity::High,
                cwe: &[798, 287],
                tags: &["secret", "least-privilege", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` whose `master_auth` sets a `username`/`password` (basic authentication) or `client_certificate_config { issue_client_certificate = true }`.",
                why: "Basic-auth passwords and client certificates are static, long-lived cluster-admin credentials that cannot be revoked individually; whoever copies one controls the cluster and the payment workloads on it.",
                fix: "Remove `username`/`password` and set `issue_client_certificate = false`; authenticate with Google identities.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication"],
                aliases: &["CKV_GCP_13", "CKV_GCP_19"],
            },
            check: |r, _| {
                let user = match r.get("master_auth.username") {
                    Lookup::Found(a) if crate::rule::check::is_set(a) => Verdict::fail(Violation::at(
                        a,
                        "master_auth.username",
                        "basic authentication is enabled",
                    )),
                    Lookup::Unknown(_) => unknown("master_auth.username", "not known"),
                    _ => Verdict::Pass,
                };
                Verdict::all([
                    user,
                    bool_is(
                        r,
                        &["master_auth.client_certificate_config.issue_client_certificate"],
                        false,
                        false,
                        "a client certificate is issued",
                    ),
                ])
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-master-authorized-networks",
                title: "GKE control plane reachable from any address",
                severity: Severity::High,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` with a public endpoint (no `private_cluster_config { enable_private_endpoint = true }`) and no `master_authorized_networks_config`, or one that authorizes `0.0.0.0/0`.",
                why: "The Kubernetes API controls every workload and secret of the cluster; open to the internet it is one stolen credential or API vulnerability away from compromise. Administrative interfaces must be reachable only from trusted networks (PCI DSS requirement 1, DORA).",
                fix: "Add `master_authorized_networks_config { cidr_blocks { cidr_block = \"<bank range>\" } }` or use a private endpoint.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks"],
                aliases: &["CKV_GCP_20"],
            },
            check: |r, _| {
                if let v @ (Verdict::Pass | Verdict::Unknown { .. }) = bool_is(
                    r,
                    &["private_cluster_config.enable_private_endpoint"],
                    true,
                    false,
                    "",
                ) {
                    return v;
                }
                let cfg = match r.get("master_authorized_networks_config") {
                    Lookup::Found(a) if !a.items().is_empty() => a,
                    Lookup::Unknown(_) => {
                        return unknown("master_authorized_networks_config", "not known")
                    }
                    _ => {
                        return Verdict::fail(Violation::missing(
                            "master_authorized_networks_config",
                            "the control plane accepts connections from any address",
                        ))
                    }
                };
                if let Lookup::Found(blocks) = cfg.lookup("cidr_blocks") {
                    for b in blocks.items() {
                        if let Lookup::Found(c) = b.lookup("cidr_block") {
                            if c.as_str().is_some_and(|s| s != "*" && is_anywhere(s)) {
                                return Verdict::fail(Violation::at(
                                    c,
                                    "master_authorized_networks_config.cidr_blocks.cidr_block",
                                    "the control plane is authorized for `0.0.0.0/0`",
                                ));
                            }
                        }
                    }
                }
                Verdict::Pass
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-private-nodes",
                title: "GKE nodes have public IP addresses",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` without `private_cluster_config { enable_private_nodes = true }` (nodes get external IPs by default).",
                why: "Nodes with public IPs are reachable from the internet whenever a firewall rule or a NodePort slips; private nodes keep payment workloads off the internet (PCI DSS requirement 1.4).",
                fix: "Set `private_cluster_config { enable_private_nodes = true … }` and use Cloud NAT for egress.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/concepts/private-cluster-concept"],
                aliases: &["CKV_GCP_25"],
            },
            check: |r, _| {
                bool_is(
                    r,
                    &["private_cluster_config.enable_private_nodes"],
                    true,
                    false,
                    "nodes have public IP addresses",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-network-policy",
                title: "GKE cluster without network policy enforcement",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: GKE,
                finds: "A Standard `google_container_cluster` without `network_policy { enabled = true }` and without Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`, which enforces policies).",
                why: "Without policy enforcement every pod can reach every other pod; a compromised front end reaches payment back ends and databases directly, defeating segmentation inside the cardholder data environment (PCI DSS requirement 1).",
                fix: "Set `datapath_provider = \"ADVANCED_DATAPATH\"` (or `network_policy { enabled = true }` with `addons_config { network_policy_config { disabled = false } }`) and write NetworkPolicies.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy"],
                aliases: &["CKV_GCP_12"],
            },
            check: |r, _| {
                if autopilot(r) {
                    return Verdict::Pass;
                }
                match r.get("datapath_provider") {
                    Lookup::Found(a) if a.as_str() == Some("ADVANCED_DATAPATH") => {
                        return Verdict::Pass
                    }
                    Lookup::Unknown(_) => return unknown("datapath_provider", "not known"),
                    _ => {}
                }
                bool_is(
                    r,
                    &["network_policy.enabled"],
                    true,
                    false,
                    "network policies are not enforced",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-workload-identity",
                title: "GKE cluster without Workload Identity",
                severity: Severity::Medium,
                cwe: &[250, 522],
                tags: &["least-privilege", "secret", "gcp"],
                types: GKE,
                finds: "A Standard `google_container_cluster` with no `workload_identity_config { workload_pool = … }`.",
                why: "Without Workload Identity pods use the node's service account (often broad) through the metadata server, or mounted service account keys; any compromised pod then acts with those rights. Per-workload identities give least privilege and remove long-lived keys.",
                fix: "Add `workload_identity_config { workload_pool = \"<project>.svc.id.goog\" }` and bind Kubernetes service accounts to Google service accounts.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity"],
                aliases: &[],
            },
            check: |r, _| {
                if autopilot(r) || written(r, "workload_identity_config.workload_pool") {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        "workload_identity_config",
                        "pods act with the node's service account (no Workload Identity)",
                    ))
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-logging-monitoring-disabled",
                title: "GKE cluster logging or monitoring turned off",
                severity: Severity::Medium,
                cwe: &[778],
                tags: &["audit-logging", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` with `logging_service = \"none\"` or `monitoring_service = \"none\"` (the defaults send both to Cloud Logging and Cloud Monitoring).",
                why: "Without cluster logs there is no record of API server activity, workload events or security-relevant changes; incidents on payment workloads cannot be investigated (PCI DSS requirement 10, DORA incident reporting).",
                fix: "Remove the attributes or set `logging_service = \"logging.googleapis.com/kubernetes\"` and `monitoring_service = \"monitoring.googleapis.com/kubernetes\"`.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs"],
                aliases: &["CKV_GCP_1", "CKV_GCP_8"],
            },
            check: |r, _| {
                Verdict::all([
                    str_ok(
                        r,
                        &["logging_service"],
                        |s| s != "none",
                        Some("logging.googleapis.com/kubernetes"),
                        "cluster logging is off",
                    ),
                    str_ok(
                        r,
                        &["monitoring_service"],
                        |s| s != "none",
                        Some("monitoring.googleapis.com/kubernetes"),
                        "cluster monitoring is off",
                    ),
                ])
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-node-auto-upgrade",
                title: "GKE node pool auto-upgrade turned off",
                severity: Severity::Low,
                cwe: &[1104],
                tags: &["resilience", "gcp"],
                types: &["google_container_node_pool", "google_container_cluster"],
                finds: "A `google_container_node_pool`, or a `node_pool` block of a cluster, with `management { auto_upgrade = false }` (the default is `true`).",
                why: "Nodes that do not upgrade keep known kernel and kubelet vulnerabilities; PCI DSS requirement 6.3 asks for security patches to be applied promptly.",
                fix: "Remove `auto_upgrade = false` and control timing with maintenance windows and a release channel.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrades"],
                aliases: &["CKV_GCP_10"],
            },
            check: |r, _| {
                if r.resource_type == "google_container_node_pool" {
                    return bool_is(
                        r,
                        &["management.auto_upgrade"],
                        true,
                        true,
                        "node auto-upgrade is off",
                    );
                }
                let pools = match r.get("node_pool") {
                    Lookup::Found(a) => a.items(),
                    Lookup::Unknown(_) => return unknown("node_pool", "not known"),
                    Lookup::Absent => return Verdict::Pass,
                };
                let mut out = Vec::new();
                for (i, p) in pools.into_iter().enumerate() {
                    if let Lookup::Found(a) = p.lookup("management.auto_upgrade") {
                        if a.as_bool() == Some(false) {
                            out.push(Violation::at(
                                a,
                                &format!("node_pool.{i}.management.auto_upgrade"),
                                "node auto-upgrade is off",
                            ));
                        }
                    }
                }
                if out.is_empty() {
                    Verdict::Pass
                } else {
                    Verdict::Fail(out)
                }
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/gke-release-channel",
                title: "GKE cluster not enrolled in a release channel",
                severity: Severity::Low,
                cwe: &[1104],
                tags: &["resilience", "gcp"],
                types: GKE,
                finds: "A `google_container_cluster` with `release_channel { channel = \"UNSPECIFIED\" }` (new clusters without the block are enrolled in `REGULAR` by GKE).",
                why: "Outside a release channel, control plane and node versions are managed by hand and fall behind security patches (PCI DSS requirement 6.3).",
                fix: "Set `release_channel { channel = \"REGULAR\" }` or `\"STABLE\"`.",
                references: &["https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels"],
                aliases: &[],
            },
            check: |r, _| {
                str_ok(
                    r,
                    &["release_channel.channel"],
                    |s| s != "UNSPECIFIED",
                    Some("REGULAR"),
                    "the cluster is not in a release channel",
                )
            },
        },
    ]
}
