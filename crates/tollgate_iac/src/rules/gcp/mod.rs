//! GCP rules, written against the `google` Terraform provider's types. Where an
//! attribute is missing the provider's (or the API's) default decides, and the message
//! says so.

mod bigquery;
mod compute;
mod gke;
mod iam;
mod network;
mod sql;
mod storage;

use crate::rule::Rule;

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(storage::rules());
    v.extend(network::rules());
    v.extend(sql::rules());
    v.extend(iam::rules());
    v.extend(compute::rules());
    v.extend(gke::rules());
    v.extend(bigquery::rules());
    v
}

#[cfg(test)]
mod tests {
    //! A rule never decides on an unknown value: each Azure and GCP `fail` fixture is
    //! rewritten with every attribute value replaced by a variable (unknown to the
    //! adapter); a rule may then still report a missing attribute (at the resource), but
    //! never a violation pointing at a value it could not know.

    use crate::model::Model;
    use crate::rule::{Context, RuleConfig, Verdict};
    use std::path::Path;

    /// `key = value` with a one-line value (not a comment, an object or a multi-line list).
    fn is_value_line(line: &str, key: &str, value: &str) -> bool {
        let key_ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-\"".contains(c));
        let one_line = !value.starts_with('{') && (!value.starts_with('[') || value.ends_with(']'));
        !line.starts_with('#') && key_ok && one_line
    }

    /// Every `key = value` line gets `key = var.unknown`; block and object openers stay.
    fn unknowns(text: &str) -> String {
        let mut out = String::new();
        for line in text.lines() {
            let t = line.trim_start();
            let replaced = match t.split_once('=') {
                Some((k, v)) if is_value_line(t, k.trim(), v.trim()) => {
                    let indent = &line[..line.len() - t.len()];
                    format!("{indent}{} = var.unknown", k.trim())
                }
                _ => line.to_string(),
            };
            out.push_str(&replaced);
            out.push('\n');
        }
        out
    }

    #[test]
    fn no_azure_or_gcp_rule_decides_on_an_unknown_value() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures/rules");
        let config = RuleConfig {
            required_tags: vec!["owner".into()],
        };
        let mut problems = Vec::new();
        let mut checked = 0;
        let mut undecided = 0;
        for rule in crate::rules::all()
            .iter()
            .filter(|r| r.def.slug.starts_with("azure/") || r.def.slug.starts_with("gcp/"))
        {
            let dir = root.join(rule.def.slug);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if !name.starts_with("fail") || !name.ends_with(".tf") {
                    continue;
                }
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                let rewritten = unknowns(&text);
                let model: Model = crate::terraform::load_file(&name, rewritten.as_bytes());
                assert!(
                    model.issues.is_empty(),
                    "{}: {:?}",
                    rule.def.slug,
                    model.issues
                );
                let ctx = Context {
                    model: &model,
                    config: &config,
                };
                let lines: Vec<&str> = rewritten.lines().collect();
                for r in model.resources.iter().filter(|r| rule.applies(r)) {
                    checked += 1;
                    let verdict = (rule.check)(r, &ctx);
                    if matches!(verdict, Verdict::Unknown { .. }) {
                        undecided += 1;
                    }
                    if let Verdict::Fail(vs) = verdict {
                        for v in vs {
                            let Some(span) = &v.span else { continue };
                            let line = lines
                                .get(span.line.saturating_sub(1) as usize)
                                .copied()
                                .unwrap_or("");
                            if line.contains("var.unknown") {
                                problems.push(format!(
                                    "{} on {}: decided on unknown `{}` ({})",
                                    rule.def.slug, r.address, v.path, v.message
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} resources checked");
        // Most verdicts must have become "not checked" (the rewrite worked).
        assert!(
            undecided * 2 > checked,
            "{undecided} of {checked} undecided"
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Odd values (wrong types, out-of-range numbers, empty blocks) never panic a rule.
    #[test]
    fn odd_values_do_not_panic() {
        let text = r#"
resource "azurerm_network_security_rule" "a" {
  direction = "Inbound"
  access = "Allow"
  source_address_prefix = ["*"]
  destination_port_range = "99999999999-1"
  destination_port_ranges = [22, null, "x-y", "65535-0", "-", ""]
}
resource "azurerm_network_security_group" "b" {
  security_rule = "nope"
}
resource "azurerm_mssql_firewall_rule" "c" {
  start_ip_address = "255.255.255.255"
  end_ip_address = "1.2.3"
}
resource "azurerm_storage_account" "d" {
  min_tls_version = 12
  network_rules = []
  blob_properties = {}
  tags = "owner"
}
resource "google_compute_firewall" "e" {
  source_ranges = "0.0.0.0/0"
  allow = [{ protocol = "tcp", ports = [22.5, "1-", "99999"] }, "x"]
}
resource "google_kms_crypto_key" "f" {
  rotation_period = "abcs"
}
resource "google_sql_database_instance" "g" {
  database_version = 5
  settings { database_flags = "x" }
}
resource "google_project_iam_audit_config" "h" {
  service = "allServices"
  audit_log_config = "DATA_READ"
}
resource "google_compute_instance" "i" {
  metadata = ["x"]
  service_account { scopes = "cloud-platform" }
  network_interface = [1, 2]
}
"#;
        let model = crate::terraform::load_file("odd.tf", text.as_bytes());
        let config = RuleConfig {
            required_tags: vec!["owner".into()],
        };
        let ctx = Context {
            model: &model,
            config: &config,
        };
        let mut ran = 0;
        for rule in crate::rules::all() {
            for r in model.resources.iter().filter(|r| rule.applies(r)) {
                let _ = (rule.check)(r, &ctx);
                ran += 1;
            }
        }
        assert!(ran > 20, "{ran}");
    }
}
