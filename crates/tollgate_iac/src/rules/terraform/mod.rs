//! Terraform itself: where the modules a configuration calls come from.
//!
//! The Terraform adapter turns each module call with a non-local `source` into a
//! `terraform_module_call` resource with its `source` (credentials removed) and `version`.

use crate::model::{Attr, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::terraform::module::{source_kind as kind, ModuleSource as Kind};
use regex::Regex;
use std::sync::OnceLock;
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![RULE_NOT_PINNED, RULE_ARCHIVE]
}

/// One exact version (`6.1.2`, `= 6.1.2`, `v1.0.0-rc1`); a range (`~> 6.0`, `>= 5`,
/// `5.x`, `>= 1, < 2`) is not. Missing parts of a bare version are zeros in
/// Terraform's reading (`= 6.1` is 6.1.0 only), so they are exact too.
fn exact_version(v: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:=\s*)?v?[0-9]+(?:\.[0-9]+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
            .expect("valid regex")
    });
    re.is_match(v.trim())
}

/// The `ref=` of a git source's query, if any.
fn git_ref(src: &str) -> Option<&str> {
    let q = &src[src.find('?')? + 1..];
    q.split('&').find_map(|p| p.strip_prefix("ref="))
}

fn is_commit(r: &str) -> bool {
    (r.len() == 40 || r.len() == 64) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The source as it may be printed: no `user:password@`.
fn shown(src: &str) -> String {
    crate::terraform::public_source(src)
}

fn not_pinned(r: &Resource, _ctx: &Context<'_>) -> Verdict {
    Verdict::from_lookup("source", r.get("source"), |a| {
        let Some(src_attr) = a else {
            return Verdict::Pass;
        };
        let Some(src) = src_attr.as_str() else {
            return Verdict::Pass;
        };
        let name = &r.address;
        match kind(src) {
            Kind::Registry => {
                Verdict::from_lookup("version", r.get("version"), |v| match v {
                    None => Verdict::fail(Violation::at(
                        src_attr,
                        "version",
                        format!(
                            "{name} calls the registry module {} without a `version`: every `terraform init` takes the newest release",
                            shown(src)
                        ),
                    )),
                    Some(v) => version_verdict(name, src, v),
                })
            }
            Kind::Git => match git_ref(src) {
                None => Verdict::fail(Violation::at(
                    src_attr,
                    "source",
                    format!(
                        "{name} takes the git module {} from the default branch (no `?ref=`)",
                        shown(src)
                    ),
                )),
                Some(rf) if is_commit(rf) => Verdict::Pass,
                Some(_) => Verdict::fail(Violation::at(
                    src_attr,
                    "source",
                    format!(
                        "{name} takes the git module {} at a branch or tag, which can be moved: pin a full commit SHA",
                        shown(src)
                    ),
                )),
            },
            _ => Verdict::Pass,
        }
    })
}

fn version_verdict(name: &str, src: &str, v: &Attr) -> Verdict {
    match v.as_str() {
        Some(s) if exact_version(s) => Verdict::Pass,
        Some(s) => Verdict::fail(Violation::at(
            v,
            "version",
            format!(
                "{name} calls the registry module {} with the version constraint {s:?}, which admits more than one release",
                shown(src)
            ),
        )),
        None => Verdict::fail(Violation::at(
            v,
            "version",
            format!(
                "{name} calls the registry module {} with a `version` that is not a string",
                shown(src)
            ),
        )),
    }
}

fn archive(r: &Resource, _ctx: &Context<'_>) -> Verdict {
    Verdict::from_lookup("source", r.get("source"), |a| match a {
        Some(a) => match a.as_str() {
            Some(src) if kind(src) == Kind::Archive => {
                let clear = if src.to_ascii_lowercase().starts_with("http://") {
                    ", in cleartext,"
                } else {
                    ""
                };
                Verdict::fail(Violation::at(
                    a,
                    "source",
                    format!(
                        "{} downloads its module from {}{clear} as an archive whose content nothing pins or verifies",
                        r.address,
                        shown(src)
                    ),
                ))
            }
            _ => Verdict::Pass,
        },
        None => Verdict::Pass,
    })
}

const RULE_NOT_PINNED: Rule = Rule {
    def: RuleDef {
        slug: "terraform/module-source-not-pinned",
        title: "Terraform module source not pinned to one version or commit",
        severity: Severity::Medium,
        cwe: &[829, 1104],
        tags: &["supply-chain", "ci-hardening"],
        types: &["terraform_module_call"],
        finds: "A module call whose code comes from outside the repository and is not fixed: a registry module (`namespace/name/provider`, with or without a registry host) with no `version` or with a constraint that admits several releases (`~> 6.0`, `>= 5`, `5.x`; `6.1.2` and `= 6.1.2` are exact), or a git module (`git::…`, `git@…`, `github.com/…`, `bitbucket.org/…`) with no `?ref=` or with a ref that is a branch or tag rather than a full commit SHA. Local modules (`./`, `../`) are part of the reviewed code and are not reported.",
        why: "A module runs with the deployment's cloud credentials and decides what the infrastructure is. If it is not pinned, the next `terraform init` can pull code nobody at the firm has reviewed — a compromised upstream release or a moved tag changes security groups, IAM policies or encryption of payment systems without a change in the firm's repository. PCI DSS 6.3.2 and 6.4 expect an inventory and control of third-party software components, DORA (Articles 28 and 9) requires managing ICT third-party and change risk, and SOX change management requires that what is deployed is what was approved.",
        fix: "Pin registry modules to one release (`version = \"6.1.2\"`) and git modules to a full commit SHA (`?ref=0123…` with all 40 hex digits); update them deliberately through review (Dependabot or Renovate can propose the bumps). Better still, mirror the modules in an internal registry or repository.",
        references: &[
            "https://developer.hashicorp.com/terraform/language/modules/sources",
            "https://developer.hashicorp.com/terraform/language/expressions/version-constraints",
        ],
        aliases: &["CKV_TF_1"],
    },
    check: not_pinned,
};

const RULE_ARCHIVE: Rule = Rule {
    def: RuleDef {
        slug: "terraform/module-source-archive",
        title: "Terraform module downloaded as an unverifiable archive",
        severity: Severity::High,
        cwe: &[829, 494],
        tags: &["supply-chain", "ci-hardening"],
        types: &["terraform_module_call"],
        finds: "A module call whose `source` is an `http://` or `https://` URL (an archive, or a page that redirects Terraform elsewhere with `X-Terraform-Get`). Terraform has no checksum syntax for module sources, so such a module cannot be pinned at all; over `http://` it also travels in cleartext.",
        why: "Whoever controls the web server — or, over plain HTTP, anyone on the network path — decides the code that runs with the deployment's cloud credentials, and nothing in the configuration would show the change. For systems in PCI DSS scope or critical to a payment service this is uncontrolled third-party code in the change path (PCI DSS 6.3.2, DORA Article 28, SOX change management).",
        fix: "Publish the module to a registry and pin its `version`, or reference a git repository at a full commit SHA (`git::https://…?ref=<40-hex SHA>`); keep a vendored copy in the repository when neither is possible.",
        references: &["https://developer.hashicorp.com/terraform/language/modules/sources#http-urls"],
        aliases: &[],
    },
    check: archive,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_versions_and_refs() {
        assert_eq!(kind("terraform-aws-modules/vpc/aws"), Kind::Registry);
        assert_eq!(kind("app.terraform.io/acme/vpc/aws"), Kind::Registry);
        assert_eq!(
            kind("registry.example.com:8443/acme/vpc/aws//modules/x"),
            Kind::Registry
        );
        assert_eq!(kind("git::https://example.com/x.git?ref=v1"), Kind::Git);
        assert_eq!(kind("git@github.com:acme/x.git"), Kind::Git);
        assert_eq!(kind("github.com/acme/x"), Kind::Git);
        assert_eq!(kind("https://example.com/x.zip"), Kind::Archive);
        assert_eq!(kind("s3::https://s3.amazonaws.com/b/x.zip"), Kind::Other);
        assert_eq!(kind("./modules/x"), Kind::Local);
        for v in [
            "6.1.2",
            "= 6.1.2",
            "=6.1.2",
            " 1.0.0-rc.1 ",
            "v2.3.4",
            "6.1",
        ] {
            assert!(exact_version(v), "{v}");
        }
        for v in [
            "~> 6.0",
            ">= 5",
            "5.x",
            ">= 1.0, < 2.0",
            "!= 1.0.0",
            "",
            "latest",
        ] {
            assert!(!exact_version(v), "{v}");
        }
        assert_eq!(
            git_ref("git::https://h/x.git//sub?ref=abc&depth=1"),
            Some("abc")
        );
        assert!(is_commit("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_commit("0123456"));
        assert_eq!(
            shown("git::https://deploy:hunter2@git.example.com/x.git?ref=main&sshkey=AAAA"),
            "git::https://git.example.com/x.git?ref=main"
        );
    }
}
