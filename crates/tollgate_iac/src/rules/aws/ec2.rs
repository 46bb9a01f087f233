//! EC2 and VPC: security groups, EBS, instances and launch templates, flow logs.

use super::common::{bool_is, fail, ingress, is_cfn, split, str_in};
use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        SG_ADMIN,
        SG_DATABASE,
        SG_ALL,
        DEFAULT_SG,
        EBS_VOLUME,
        EBS_DEFAULT,
        BLOCK_DEVICES,
        IMDSV2,
        IMDS_HOP_LIMIT,
        PUBLIC_IP,
        FLOW_LOGS,
        AMI_PUBLIC,
    ]
}

const SG_TYPES: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];
const SG_DOC: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html";

/// Ingress open to the internet on one of `ports` (all-port rules are left to
/// `aws/ec2-sg-all-ports-public`).
fn open_ports(r: &Resource, ports: &[(u16, &str)]) -> Verdict {
    let mut verdicts = Vec::new();
    for rule in ingress(r) {
        match rule {
            Err(v) => verdicts.push(v),
            Ok(i) if i.world.is_empty() || i.all_ports() || !i.is_tcp() => {}
            Ok(i) => {
                let hits: Vec<String> = ports
                    .iter()
                    .filter(|(p, _)| i.covers(f64::from(*p)))
                    .map(|(p, n)| format!("{p} ({n})"))
                    .collect();
                if !hits.is_empty() {
                    verdicts.push(Verdict::fail(Violation::at(
                        i.attr,
                        &i.path,
                        format!("port {} open to {}", hits.join(", "), i.world.join(", ")),
                    )));
                }
            }
        }
    }
    Verdict::all(verdicts)
}

const SG_ADMIN: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-sg-admin-ports-public",
        title: "Security group opens a remote administration port to the internet",
        severity: Severity::Critical,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: SG_TYPES,
        finds: "An ingress rule (inline `ingress`, `aws_security_group_rule` of type `ingress`, `aws_vpc_security_group_ingress_rule`, CloudFormation `SecurityGroupIngress`) open to `0.0.0.0/0` or `::/0` on SSH (22), Telnet (23), RDP (3389) or WinRM (5985/5986), alone or within a port range. Port 443 or 80 to the world is not reported; private ranges such as `10.0.0.0/8` are not reported.",
        why: "Internet-facing SSH and RDP are brute-forced within minutes of exposure and are a leading entry point for ransomware; PCI DSS 1.3 forbids inbound traffic to the cardholder data environment that is not needed, and administrative access must go through controlled, logged paths (SSM, a bastion, VPN).",
        fix: "Restrict the source to the corporate VPN or bastion CIDR, or remove the rule and use AWS Systems Manager Session Manager.",
        references: &[SG_DOC],
        aliases: &["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107"],
    },
    check: |r, _| open_ports(r, &[(22, "SSH"), (23, "Telnet"), (3389, "RDP"), (5985, "WinRM"), (5986, "WinRM")]),
};

const SG_DATABASE: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-sg-database-ports-public",
        title: "Security group opens a database port to the internet",
        severity: Severity::Critical,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: SG_TYPES,
        finds: "An ingress rule open to `0.0.0.0/0` or `::/0` on a database or data-store port: SQL Server 1433, Oracle 1521, MySQL 3306, PostgreSQL 5432, Redshift 5439, Redis 6379, Cassandra 9042, Elasticsearch/OpenSearch 9200/9300, Memcached 11211, MongoDB 27017.",
        why: "Databases exposed to the internet are scanned for continuously; one default credential or engine flaw then gives an attacker the cardholder and customer data directly. PCI DSS 1.3/1.4 require the data tier to be unreachable from untrusted networks.",
        fix: "Allow the port only from the application tier's security group (`source_security_group_id` / `referenced_security_group_id`) or private CIDRs.",
        references: &[SG_DOC],
        aliases: &["AVD-AWS-0107"],
    },
    check: |r, _| {
        open_ports(
            r,
            &[
                (1433, "SQL Server"),
                (1521, "Oracle"),
                (3306, "MySQL"),
                (5432, "PostgreSQL"),
                (5439, "Redshift"),
                (6379, "Redis"),
                (9042, "Cassandra"),
                (9200, "Elasticsearch"),
                (9300, "Elasticsearch"),
                (11211, "Memcached"),
                (27017, "MongoDB"),
            ],
        )
    },
};

const SG_ALL: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-sg-all-ports-public",
        title: "Security group allows every port from the internet",
        severity: Severity::Critical,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: SG_TYPES,
        finds: "An ingress rule open to `0.0.0.0/0` or `::/0` for every protocol (`-1`) or every TCP port (0–65535).",
        why: "Every service on the instances, including ones nobody meant to publish, becomes reachable from the internet; this defeats network segmentation, the control PCI DSS 1.2–1.4 rests on.",
        fix: "Open only the ports the service needs, to the sources that need them.",
        references: &[SG_DOC],
        aliases: &["AVD-AWS-0107"],
    },
    check: |r, _| {
        Verdict::all(ingress(r).into_iter().map(|i| match i {
            Err(v) => v,
            Ok(i) if !i.world.is_empty() && i.all_ports() => Verdict::fail(Violation::at(
                i.attr,
                &i.path,
                format!("every port is open to {}", i.world.join(", ")),
            )),
            Ok(_) => Verdict::Pass,
        }))
    },
};

const DEFAULT_SG: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-default-sg-allows-traffic",
        title: "Default security group allows traffic",
        severity: Severity::Medium,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_default_security_group"],
        finds: "An `aws_default_security_group` with any `ingress` or `egress` rule. Managing the default group with no rules removes AWS's default allow-all rules; any rule written keeps traffic flowing for resources that fell into it.",
        why: "Resources launched without an explicit group land in the default one; when it allows traffic they are reachable and can reach out unnoticed. CIS AWS 5.4 and PCI DSS 1.2 expect the default group to deny everything.",
        fix: "Declare `aws_default_security_group` for each VPC with no `ingress` and no `egress` blocks, and give every resource its own group.",
        references: &["https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"],
        aliases: &["CKV2_AWS_12"],
    },
    check: |r, _| {
        Verdict::all(["ingress", "egress"].into_iter().map(|k| {
            Verdict::from_lookup(k, r.get(k), |a| match a {
                Some(a) if !a.items().is_empty() => Verdict::fail(Violation::at(a, k, format!("the default security group has {k} rules"))),
                _ => Verdict::Pass,
            })
        }))
    },
};

/// An instance launched from a launch template takes metadata options and block devices
/// from it when it does not set them (the template is checked on its own).
fn from_template(r: &Resource) -> bool {
    r.resource_type == "aws_instance" && !matches!(r.get("launch_template"), Lookup::Absent)
}

/// Whether the model turns on EBS encryption by default for the account (region).
fn account_default_encryption(ctx: &Context<'_>) -> bool {
    ctx.model.of_type("aws_ebs_encryption_by_default").any(|r| {
        matches!(r.get("enabled"), Lookup::Absent)
            || matches!(r.get("enabled"), Lookup::Found(a) if a.as_bool() == Some(true))
    })
}

const EBS_VOLUME: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-ebs-volume-encrypted",
        title: "EBS volume not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_ebs_volume"],
        finds: "An `aws_ebs_volume` (CloudFormation `AWS::EC2::Volume`) whose `encrypted` is false or not set (the default is false unless the account's EBS encryption by default is on). Not reported when the same configuration enables `aws_ebs_encryption_by_default`.",
        why: "Volumes hold databases, logs and application data; unencrypted volumes and their snapshots expose that data to anyone who obtains a copy, against PCI DSS 3.5 and GDPR art. 32.",
        fix: "Set `encrypted = true` with `kms_key_id`, or enable `aws_ebs_encryption_by_default` in every region.",
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        aliases: &["CKV_AWS_3", "AVD-AWS-0026"],
    },
    check: |r, ctx| {
        if account_default_encryption(ctx) {
            return Verdict::Pass;
        }
        bool_is(r, "encrypted", true, false, "the volume is not encrypted")
    },
};

const EBS_DEFAULT: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-ebs-encryption-by-default-disabled",
        title: "EBS encryption by default turned off",
        severity: Severity::Medium,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_ebs_encryption_by_default"],
        finds: "An `aws_ebs_encryption_by_default` with `enabled = false` (the resource's default is true).",
        why: "Account-level default encryption is the backstop that keeps every new volume and snapshot encrypted even when a template forgets; turning it off reopens PCI DSS 3.5 gaps across the account.",
        fix: "Set `enabled = true` (or remove the attribute).",
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
        aliases: &["CKV_AWS_106"],
    },
    check: |r, _| bool_is(r, "enabled", true, true, "EBS encryption by default is off"),
};

/// The block devices of an instance or launch template, with their `encrypted` lookup
/// paths: TF `root_block_device`, `ebs_block_device`, launch template
/// `block_device_mappings[].ebs`; CFN `block_device_mappings[].ebs` (instance) and
/// `launch_template_data.block_device_mappings[].ebs`.
fn devices(r: &Resource) -> Vec<(String, Option<&Attr>)> {
    let mut out = Vec::new();
    let lists: &[&str] = match (r.resource_type.as_str(), is_cfn(r)) {
        ("aws_instance", false) => &["root_block_device", "ebs_block_device"],
        ("aws_launch_template", true) => &["launch_template_data.block_device_mappings"],
        _ => &["block_device_mappings"],
    };
    for list in lists {
        if let Lookup::Found(a) = r.get(list) {
            for (i, d) in a.items().into_iter().enumerate() {
                let ebs = if *list == "root_block_device" || *list == "ebs_block_device" {
                    Some(d)
                } else {
                    match d.lookup("ebs") {
                        Lookup::Found(e) => Some(e),
                        _ => None,
                    }
                };
                if let Some(e) = ebs {
                    out.push((format!("{list}.{i}"), Some(e)));
                }
            }
        }
    }
    if out.is_empty() && r.resource_type == "aws_instance" && !from_template(r) {
        out.push(("root_block_device".into(), None));
    }
    out
}

const BLOCK_DEVICES: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-instance-volumes-encrypted",
        title: "EC2 instance or launch template volume not encrypted",
        severity: Severity::High,
        cwe: &[311],
        tags: &["encryption-at-rest", "crypto", "aws"],
        types: &["aws_instance", "aws_launch_template"],
        finds: "An instance's root or EBS block device, or a launch template's block device mapping, whose `encrypted` is false or not set (the default follows the AMI's snapshot and is unencrypted for most public AMIs). An instance with no `root_block_device` is reported for its root volume. Not reported when the configuration enables `aws_ebs_encryption_by_default`.",
        why: "Instance volumes hold the application, its logs and often cached customer data; an unencrypted volume or its snapshot can be read by anyone who gets a copy (PCI DSS 3.5, GDPR art. 32).",
        fix: "Set `encrypted = true` on `root_block_device` and each `ebs_block_device` (launch templates: `block_device_mappings { ebs { encrypted = true } }`), or enable EBS encryption by default.",
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        aliases: &["CKV_AWS_8", "AVD-AWS-0131"],
    },
    check: |r, ctx| {
        if account_default_encryption(ctx) {
            return Verdict::Pass;
        }
        Verdict::all(devices(r).into_iter().map(|(path, d)| match d {
            None => fail(None, &path, "the root volume's encryption is not set; it follows the AMI, usually unencrypted"),
            Some(d) => {
                let p = format!("{path}.encrypted");
                Verdict::from_lookup(&p, d.lookup("encrypted"), |a| match a.and_then(|a| a.as_bool()) {
                    Some(true) => Verdict::Pass,
                    Some(false) => fail(a, &p, "the volume is not encrypted"),
                    None => fail(a.or(Some(d)), &p, "`encrypted` is not set; the default follows the AMI, usually unencrypted"),
                })
            }
        }))
    },
};

const IMDSV2: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-imdsv2-required",
        title: "EC2 instance metadata service allows IMDSv1",
        severity: Severity::High,
        cwe: &[918, 522],
        tags: &["network-exposure", "least-privilege", "aws"],
        types: &["aws_instance", "aws_launch_template"],
        finds: "An instance or launch template whose `metadata_options.http_tokens` is not `required` (CloudFormation `LaunchTemplateData.MetadataOptions.HttpTokens`). Not set means `optional` in the provider and for AMIs not flagged for IMDSv2. A metadata endpoint turned off (`http_endpoint = \"disabled\"`) is fine.",
        why: "IMDSv1 answers any request from the instance, so a server-side request forgery bug hands out the instance role's credentials — the path of the 2019 Capital One breach of 100 million customers' data.",
        fix: "Set `metadata_options { http_tokens = \"required\" }` (and `http_put_response_hop_limit = 1` for non-container hosts).",
        references: &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html"],
        aliases: &["CKV_AWS_79", "AVD-AWS-0028", "AVD-AWS-0130"],
    },
    check: |r, _| {
        if from_template(r) && !matches!(r.get("metadata_options"), Lookup::Found(_)) {
            return Verdict::Pass;
        }
        let base = if is_cfn(r) && r.resource_type == "aws_launch_template" {
            "launch_template_data.metadata_options"
        } else {
            "metadata_options"
        };
        let endpoint = format!("{base}.http_endpoint");
        if let Lookup::Found(a) = r.get(&endpoint) {
            if str_in(a, &["disabled"]) {
                return Verdict::Pass;
            }
        }
        let path = format!("{base}.http_tokens");
        Verdict::from_lookup(&path, r.get(&path), |a| match a {
            Some(a) if str_in(a, &["required"]) => Verdict::Pass,
            Some(a) => fail(Some(a), &path, format!("the metadata service accepts IMDSv1 (`http_tokens` = {})", super::common::show(a))),
            None => fail(None, &path, "`http_tokens` is not set; the provider's default is \"optional\" (IMDSv1 allowed)"),
        })
    },
};

const IMDS_HOP_LIMIT: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-imds-hop-limit",
        title: "EC2 metadata responses travel more than one network hop",
        severity: Severity::Medium,
        cwe: &[284, 522],
        tags: &["least-privilege", "container-hardening", "aws"],
        types: &["aws_instance", "aws_launch_template"],
        finds: "An instance or launch template whose `metadata_options.http_put_response_hop_limit` is above 1 (CloudFormation `LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit`). Not set means 1, which is fine; so is a metadata endpoint turned off.",
        why: "With a hop limit of 2 or more, every container on the host — not only the host — can fetch the instance role's credentials from the metadata service, so one compromised pod on a Kubernetes node acts with the node's permissions (pulling images, reading other workloads' data, attaching network interfaces). Least privilege per workload is what PCI DSS 7.2 and DORA's access-control requirements expect.",
        fix: "Set `metadata_options { http_put_response_hop_limit = 1 }` and give workloads their own credentials (EKS Pod Identity or IAM roles for service accounts).",
        references: &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html", "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html"],
        aliases: &["CKV_AWS_341"],
    },
    check: |r, _| {
        let base = if is_cfn(r) && r.resource_type == "aws_launch_template" {
            "launch_template_data.metadata_options"
        } else {
            "metadata_options"
        };
        if let Lookup::Found(a) = r.get(&format!("{base}.http_endpoint")) {
            if str_in(a, &["disabled"]) {
                return Verdict::Pass;
            }
        }
        let path = format!("{base}.http_put_response_hop_limit");
        Verdict::from_lookup(&path, r.get(&path), |a| match a.and_then(Attr::as_f64) {
            Some(n) if n > 1.0 => fail(a, &path, format!("metadata responses reach {n} hops, so containers on the host can take the instance role's credentials")),
            _ => Verdict::Pass,
        })
    },
};

const PUBLIC_IP: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-instance-public-ip",
        title: "EC2 instance gets a public IP address",
        severity: Severity::Low,
        cwe: &[284],
        tags: &["network-exposure", "aws"],
        types: &["aws_instance", "aws_launch_template"],
        finds: "An instance with `associate_public_ip_address = true`, or a launch template or CloudFormation instance whose network interface sets it. Not set follows the subnet's setting and is not reported.",
        why: "A public address makes the instance reachable from the internet as soon as a security group allows it; firms keep workloads in private subnets behind load balancers (PCI DSS 1.4.4).",
        fix: "Set `associate_public_ip_address = false` and place the instance in a private subnet behind a load balancer or NAT.",
        references: &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses"],
        aliases: &["CKV_AWS_88", "AVD-AWS-0009"],
    },
    check: |r, _| {
        let mut verdicts = vec![super::common::bool_is(r, "associate_public_ip_address", false, false, "the instance gets a public IP address")];
        let nics = if is_cfn(r) && r.resource_type == "aws_launch_template" {
            "launch_template_data.network_interfaces"
        } else {
            "network_interfaces"
        };
        if let Lookup::Found(list) = r.get(nics) {
            for (i, n) in list.items().into_iter().enumerate() {
                let p = format!("{nics}.{i}.associate_public_ip_address");
                verdicts.push(super::common::bool_attr(n.lookup("associate_public_ip_address"), &p, false, false, "the network interface gets a public IP address"));
            }
        }
        Verdict::all(verdicts)
    },
};

const FLOW_LOGS: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-vpc-flow-logs",
        title: "VPC without flow logs",
        severity: Severity::Medium,
        cwe: &[778],
        tags: &["audit-logging", "aws"],
        types: &["aws_vpc"],
        finds: "An `aws_vpc` (CloudFormation `AWS::EC2::VPC`) that no `aws_flow_log` (`AWS::EC2::FlowLog`) in the same configuration refers to.",
        why: "Flow logs are the record of which hosts talked to which; without them a firm cannot scope an intrusion or show PCI DSS 10.2 network monitoring of the cardholder data environment.",
        fix: "Add `aws_flow_log` with `vpc_id` naming the VPC, `traffic_type = \"ALL\"`, to CloudWatch Logs or S3.",
        references: &["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
        aliases: &["CKV2_AWS_11", "AVD-AWS-0178"],
    },
    check: |r, ctx| {
        if split(ctx, r, &["aws_flow_log"]).is_empty() {
            fail(None, "aws_flow_log", "no aws_flow_log refers to the VPC")
        } else {
            Verdict::Pass
        }
    },
};

const AMI_PUBLIC: Rule = Rule {
    def: RuleDef {
        slug: "aws/ec2-ami-public",
        title: "AMI shared with every AWS account",
        severity: Severity::High,
        cwe: &[284, 732],
        tags: &["network-exposure", "aws"],
        types: &["aws_ami_launch_permission"],
        finds: "An `aws_ami_launch_permission` with `group = \"all\"`: anyone can launch the image and read its disks.",
        why: "Images carry application code, configuration and often credentials baked in at build time; a public AMI hands them to anyone, a data leak under GDPR art. 33 and PCI DSS 12.10.",
        fix: "Share with named `account_id`s or an `organization_arn` instead.",
        references: &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html"],
        aliases: &[],
    },
    check: |r, _| {
        Verdict::from_lookup("group", r.get("group"), |a| match a {
            Some(a) if str_in(a, &["all"]) => fail(Some(a), "group", "the image is public (`group = \"all\"`)"),
            _ => Verdict::Pass,
        })
    },
};
