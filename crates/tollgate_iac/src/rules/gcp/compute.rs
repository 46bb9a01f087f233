//! Compute Engine instances, templates, disks and project metadata.

use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::azure::util::{bool_is, strings, unknown, written};
use tollgate_core::Severity;

const VM: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
];
const VM_AND_PROJECT: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_project_metadata",
    "google_compute_project_metadata_item",
];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "gcp/compute-default-service-account-full-access",
                title: "VM runs as the default service account with full cloud-platform scope",
                severity: Severity::High,
                cwe: &[250, 269],
                tags: &["least-privilege", "gcp"],
                types: VM,
                finds: "An instance or instance template whose `service_account` has no `email` or the Compute Engine default service account (`…-compute@developer.gserviceaccount.com`) and whose `scopes` include `cloud-platform`.",
                why: "The default service account usually holds Editor on the project; with the full scope, any code running on the VM — or anyone who compromises it — can read and change every resource, customer data included. That defeats least privilege (PCI DSS requirement 7).",
                fix: "Create a dedicated service account with only the roles the workload needs and set it in `service_account { email = … scopes = [\"cloud-platform\"] }`.",
                references: &["https://cloud.google.com/compute/docs/access/service-accounts#default_service_account"],
                aliases: &["CKV_GCP_30", "CKV_GCP_31"],
            },
            check: default_sa,
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-serial-port-enabled",
                title: "Interactive serial console enabled",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: VM_AND_PROJECT,
                finds: "Instance, template or project metadata setting `serial-port-enable` to true.",
                why: "The interactive serial console accepts connections from any IP address and bypasses VPC firewall rules; a leaked SSH key is then enough to reach the console of a payment server from the internet.",
                fix: "Remove `serial-port-enable` or set it to `false`; use OS Login and IAP for access.",
                references: &["https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console"],
                aliases: &["CKV_GCP_35"],
            },
            check: |r, _| metadata_flag(r, "serial-port-enable", false, false, "the interactive serial console is enabled"),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-os-login-disabled",
                title: "OS Login disabled",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["least-privilege", "gcp"],
                types: VM_AND_PROJECT,
                finds: "Instance or template metadata setting `enable-oslogin` to false, or project metadata (`google_compute_project_metadata`) that does not turn it on.",
                why: "Without OS Login, SSH access is granted by keys pasted into metadata: not tied to a person's identity, not covered by MFA, not removed when someone leaves — the access control SOX reviews and PCI DSS requirement 8 look for.",
                fix: "Set `enable-oslogin = \"TRUE\"` in project metadata and do not override it on instances.",
                references: &["https://cloud.google.com/compute/docs/oslogin"],
                aliases: &["CKV_GCP_33", "CKV_GCP_34"],
            },
            check: |r, _| {
                let default = r.resource_type != "google_compute_project_metadata";
                metadata_flag(r, "enable-oslogin", true, default, "OS Login is disabled")
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-project-ssh-keys-allowed",
                title: "VM accepts project-wide SSH keys",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["least-privilege", "gcp"],
                types: VM,
                finds: "An instance or template that does not set `block-project-ssh-keys` to true in its metadata while OS Login is on neither for it nor for the project (`google_compute_project_metadata` or `google_compute_project_metadata_item` in the same scan).",
                why: "A project-wide SSH key opens every VM of the project; one leaked key, or one left by a leaver, reaches servers holding customer data.",
                fix: "Set `block-project-ssh-keys = true` in the instance metadata, or better turn on OS Login.",
                references: &["https://cloud.google.com/compute/docs/connect/restrict-ssh-keys"],
                aliases: &["CKV_GCP_32"],
            },
            check: |r, ctx| {
                // OS Login on the instance, or on the project and not turned off here.
                let project_oslogin = ctx.model.resources.iter().any(|p| {
                    matches!(
                        p.resource_type.as_str(),
                        "google_compute_project_metadata" | "google_compute_project_metadata_item"
                    ) && matches!(metadata_flag(p, "enable-oslogin", true, false, ""), Verdict::Pass)
                        && (p.resource_type == "google_compute_project_metadata"
                            || matches!(p.get("key"), Lookup::Found(k) if k.as_str() == Some("enable-oslogin")))
                });
                if let Verdict::Pass =
                    metadata_flag(r, "enable-oslogin", true, project_oslogin, "")
                {
                    return Verdict::Pass;
                }
                metadata_flag(
                    r,
                    "block-project-ssh-keys",
                    true,
                    false,
                    "project-wide SSH keys are accepted",
                )
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-ip-forwarding",
                title: "VM can forward IP packets",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: VM,
                finds: "An instance or template with `can_ip_forward = true` (the default is `false`).",
                why: "A VM that forwards packets can route around firewall rules and network segmentation; only dedicated network appliances should do it.",
                fix: "Remove `can_ip_forward` unless the VM is a reviewed NAT or firewall appliance.",
                references: &["https://cloud.google.com/vpc/docs/using-routes#canipforward"],
                aliases: &["CKV_GCP_36"],
            },
            check: |r, _| bool_is(r, &["can_ip_forward"], false, false, "IP forwarding is enabled"),
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-shielded-vm",
                title: "VM without Shielded VM protections",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["resilience", "gcp"],
                types: VM,
                finds: "An instance or template with no `shielded_instance_config { enable_secure_boot = true }` (secure boot defaults to off) or with `enable_vtpm` or `enable_integrity_monitoring` set to `false`.",
                why: "Secure boot, vTPM and integrity monitoring detect boot-level malware and rootkits on servers that process payments; without them a persistent compromise survives reboots unnoticed.",
                fix: "Add `shielded_instance_config { enable_secure_boot = true enable_vtpm = true enable_integrity_monitoring = true }` with a Shielded VM image.",
                references: &["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm"],
                aliases: &["CKV_GCP_39"],
            },
            check: |r, _| {
                Verdict::all([
                    bool_is(
                        r,
                        &["shielded_instance_config.enable_secure_boot"],
                        true,
                        false,
                        "secure boot is off",
                    ),
                    bool_is(
                        r,
                        &["shielded_instance_config.enable_vtpm"],
                        true,
                        true,
                        "the virtual TPM is off",
                    ),
                    bool_is(
                        r,
                        &["shielded_instance_config.enable_integrity_monitoring"],
                        true,
                        true,
                        "integrity monitoring is off",
                    ),
                ])
            },
        },
        Rule {
            def: RuleDef {
                slug: "gcp/compute-public-ip",
                title: "VM has an external IP address",
                severity: Severity::Low,
                cwe: &[284],
                tags: &["network-exposure", "gcp"],
                types: VM,
                finds: "An instance or template whose `network_interface` has an `access_config` block (an external IP).",
                why: "A VM with a public address is reachable from the internet whenever a firewall rule slips; servers of the cardholder data environment should sit behind load balancers, Cloud NAT and IAP (PCI DSS requirement 1.4).",
                fix: "Remove `access_config`; use Cloud NAT for egress and IAP or a load balancer for ingress.",
                references: &["https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address"],
                aliases: &["CKV_GCP_40"],
            },
            check: |r, _| {
                let nics = match r.get("network_interface") {
                    Lookup::Found(a) => a.items(),
                    Lookup::Unknown(_) => return unknown("network_interface", "not known"),
                    Lookup::Absent => return Verdict::Pass,
                };
                let mut out = Vec::new();
                for (i, n) in nics.into_iter().enumerate() {
                    if let Lookup::Found(a) = n.lookup("access_config") {
                        if !a.items().is_empty() {
                            out.push(Violation::at(
                                a,
                                &format!("network_interface.{i}.access_config"),
                                "the VM has an external IP address",
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
                slug: "gcp/compute-disk-cmek",
                title: "Disk encrypted with a Google-managed key",
                severity: Severity::Low,
                cwe: &[311],
                tags: &["encryption-at-rest", "crypto", "gcp"],
                types: &["google_compute_disk", "google_compute_instance"],
                finds: "A `google_compute_disk` with no `disk_encryption_key` (KMS key or customer-supplied key), or an instance whose `boot_disk` has neither `kms_key_self_link` nor `disk_encryption_key_raw`.",
                why: "With Google-managed keys the bank cannot revoke access to the disk contents or show its own key custody, which PCI DSS requirement 3 key management and outsourcing guidance expect for servers holding sensitive data.",
                fix: "Set `disk_encryption_key { kms_key_self_link = … }` on disks and `boot_disk { kms_key_self_link = … }` on instances.",
                references: &["https://cloud.google.com/compute/docs/disks/customer-managed-encryption"],
                aliases: &["CKV_GCP_37", "CKV_GCP_38"],
            },
            check: |r, _| {
                let keyed = if r.resource_type == "google_compute_disk" {
                    written(r, "disk_encryption_key")
                } else {
                    written(r, "boot_disk.kms_key_self_link")
                        || written(r, "boot_disk.disk_encryption_key_raw")
                        || written(r, "boot_disk.disk_encryption_key_rsa")
                };
                if keyed {
                    Verdict::Pass
                } else {
                    Verdict::fail(Violation::missing(
                        if r.resource_type == "google_compute_disk" {
                            "disk_encryption_key"
                        } else {
                            "boot_disk.kms_key_self_link"
                        },
                        "the disk is encrypted with a Google-managed key",
                    ))
                }
            },
        },
    ]
}

/// A metadata value as a boolean (`TRUE`, `true`, `1`, `false`, `0`).
fn meta_bool(a: &Attr) -> Option<bool> {
    if let Some(b) = a.as_bool() {
        return Some(b);
    }
    match a.as_f64() {
        Some(1.0) => Some(true),
        Some(0.0) => Some(false),
        _ => None,
    }
}

/// A metadata key must be `want` (`default` when missing): instance and template
/// `metadata`, project `metadata`, or a `google_compute_project_metadata_item`.
fn metadata_flag(r: &Resource, key: &str, want: bool, default: bool, msg: &str) -> Verdict {
    let (path, lookup) = if r.resource_type == "google_compute_project_metadata_item" {
        match r.get("key") {
            Lookup::Found(k) if k.as_str() == Some(key) => ("value".to_string(), r.get("value")),
            Lookup::Unknown(_) => return unknown("key", "the metadata key is not known"),
            _ => return Verdict::Pass,
        }
    } else {
        let p = format!("metadata.{key}");
        let l = r.get(&p);
        (p, l)
    };
    Verdict::from_lookup(&path, lookup, |a| match a {
        None if default == want => Verdict::Pass,
        None => Verdict::fail(Violation::missing(
            &path,
            format!("{msg} (`{key}` is not set)"),
        )),
        Some(a) => match meta_bool(a) {
            Some(b) if b == want => Verdict::Pass,
            Some(_) => Verdict::fail(Violation::at(a, &path, msg)),
            None => unknown(&path, "not a boolean"),
        },
    })
}

fn default_sa(r: &Resource, _: &Context<'_>) -> Verdict {
    let sas = match r.get("service_account") {
        Lookup::Found(a) => a.items(),
        Lookup::Unknown(_) => return unknown("service_account", "not known"),
        Lookup::Absent => return Verdict::Pass,
    };
    for sa in sas {
        let default = match sa.lookup("email") {
            Lookup::Absent => true,
            Lookup::Found(e) => match e.as_str() {
                Some(e) => e.ends_with("-compute@developer.gserviceaccount.com") || e == "default",
                None => false,
            },
            Lookup::Unknown(_) => continue,
        };
        if !default {
            continue;
        }
        let scopes = match sa.lookup("scopes") {
            Lookup::Found(s) => s,
            Lookup::Unknown(_) => return unknown("service_account.scopes", "not known"),
            Lookup::Absent => continue,
        };
        let Some(list) = strings(scopes) else {
            return unknown("service_account.scopes", "a scope is not known");
        };
        if list
            .iter()
            .any(|s| *s == "cloud-platform" || s.ends_with("/auth/cloud-platform"))
        {
            return Verdict::fail(Violation::at(
                scopes,
                "service_account.scopes",
                "the default service account runs with the full cloud-platform scope",
            ));
        }
    }
    Verdict::Pass
}
