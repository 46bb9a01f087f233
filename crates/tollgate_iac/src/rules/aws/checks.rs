//! Whole-set checks of the AWS rules: none decides on a value it cannot know, and odd
//! values never panic one.

#[cfg(test)]
mod tests {
    use crate::model::{IssueSeverity, Model};
    use crate::rule::{Context, RuleConfig, Verdict};
    use std::path::{Path, PathBuf};
    use tollgate_core::scanner::ProjectFile;

    /// The Terraform `fail` fixtures of the AWS rules (files and files in fail dirs).
    fn fail_fixtures() -> Vec<(String, PathBuf)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures/rules");
        let mut out = Vec::new();
        for rule in crate::rules::all()
            .iter()
            .filter(|r| r.def.slug.starts_with("aws/"))
        {
            let Ok(entries) = std::fs::read_dir(root.join(rule.def.slug)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if !name.starts_with("fail") {
                    continue;
                }
                let p = e.path();
                if p.is_dir() {
                    for f in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                        if f.path().extension().is_some_and(|x| x == "tf") {
                            out.push((rule.def.slug.to_string(), f.path()));
                        }
                    }
                } else if name.ends_with(".tf") {
                    out.push((rule.def.slug.to_string(), p));
                }
            }
        }
        out
    }

    /// One Terraform file through the adapter's public entry point.
    fn load(name: &str, text: &str) -> Model {
        crate::terraform::load(&[ProjectFile {
            path: name.into(),
            content: text.as_bytes().to_vec(),
            class: tollgate_core::classify::classify(name),
        }])
    }

    /// Each one-line `name = value` becomes `name = var.hidden`; blocks, objects and
    /// multi-line lists keep their shape, so only missing attributes can still decide.
    fn hide_values(text: &str) -> String {
        text.lines()
            .map(|line| {
                let body = line.trim_start();
                let indent = &line[..line.len() - body.len()];
                match body.split_once('=') {
                    Some((k, v))
                        if !body.starts_with('#')
                            && !k.trim().is_empty()
                            && k.trim().chars().all(|c| {
                                c.is_ascii_alphanumeric() || c == '_' || c == '"' || c == '-'
                            })
                            && !v.trim().starts_with('{')
                            && !v.trim().starts_with("<<")
                            && balanced(v) =>
                    {
                        format!("{indent}{} = var.hidden\n", k.trim())
                    }
                    _ => format!("{line}\n"),
                }
            })
            .collect()
    }

    /// Whether a value closes every bracket it opens on its own line (not the start of a
    /// multi-line list, object or function call).
    fn balanced(v: &str) -> bool {
        let mut depth = 0i32;
        for c in v.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        depth == 0
    }

    #[test]
    fn no_aws_rule_decides_on_an_unknown_value() {
        let config = RuleConfig {
            required_tags: vec!["owner".into()],
        };
        let (mut checked, mut undecided, mut problems) = (0, 0, Vec::new());
        for (slug, path) in fail_fixtures() {
            // The variable is declared without a value, so any evaluator leaves it unknown.
            let text = format!(
                "variable \"hidden\" {{}}\n{}",
                hide_values(&std::fs::read_to_string(&path).unwrap_or_default())
            );
            let model = load("hidden.tf", &text);
            let errors: Vec<_> = model
                .issues
                .iter()
                .filter(|i| i.kind == IssueSeverity::Error)
                .collect();
            assert!(errors.is_empty(), "{slug}: {errors:?}");
            let ctx = Context {
                model: &model,
                config: &config,
            };
            let lines: Vec<&str> = text.lines().collect();
            let rule = crate::rules::all()
                .iter()
                .find(|r| r.def.slug == slug)
                .unwrap();
            for r in model.resources.iter().filter(|r| rule.applies(r)) {
                checked += 1;
                match (rule.check)(r, &ctx) {
                    Verdict::Unknown { .. } => undecided += 1,
                    Verdict::Fail(vs) => {
                        for v in vs.iter().filter_map(|v| v.span.as_ref().map(|s| (v, s))) {
                            let line = lines
                                .get(v.1.line.saturating_sub(1) as usize)
                                .copied()
                                .unwrap_or("");
                            if line.contains("var.hidden") {
                                problems.push(format!(
                                    "{slug} on {}: decided on unknown `{}` ({})",
                                    r.address, v.0.path, v.0.message
                                ));
                            }
                        }
                    }
                    Verdict::Pass => {}
                }
            }
        }
        assert!(checked > 150, "only {checked} resources checked");
        assert!(
            undecided * 2 > checked,
            "only {undecided} of {checked} not checked: the rewrite did not hide values"
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn odd_values_never_panic_an_aws_rule() {
        let text = r#"
resource "aws_security_group" "a" {
  ingress = "nope"
  egress = [1, null, "x"]
}
resource "aws_security_group_rule" "b" {
  type = "ingress"
  from_port = "x"
  to_port = -99999999999
  protocol = 6
  cidr_blocks = "0.0.0.0/0"
}
resource "aws_vpc_security_group_ingress_rule" "c" {
  ip_protocol = null
  cidr_ipv4 = ["::/0", 5]
}
resource "aws_iam_policy" "d" {
  policy = "{\"Statement\": [1, \"x\", {\"Effect\": [\"Allow\"], \"Action\": {\"a\": 1}, \"Resource\": null}]}"
}
resource "aws_iam_role" "e" {
  assume_role_policy = "[]"
  inline_policy = "x"
}
resource "aws_kms_key" "f" {
  policy = 17
  deletion_window_in_days = "soon"
}
resource "aws_s3_bucket" "g" {
  bucket = 5
  tags = ["owner"]
  versioning = "on"
  server_side_encryption_configuration = []
  policy = "{\"Statement\": {\"Effect\": \"Deny\", \"Condition\": \"x\"}}"
}
resource "aws_db_instance" "h" {
  backup_retention_period = "seven"
  engine = 5
  shared_accounts = "all"
}
resource "aws_lb_listener" "i" {
  protocol = ["HTTP"]
  default_action = "redirect"
}
resource "aws_ecs_task_definition" "j" {
  container_definitions = "{\"privileged\": \"yes\", \"environment\": \"x\"}"
}
resource "aws_lambda_function" "k" {
  environment {
    variables = ["PASSWORD"]
  }
}
resource "aws_eks_cluster" "l" {
  vpc_config = "x"
  enabled_cluster_log_types = "audit"
}
resource "aws_backup_plan" "m" {
  rule = 3
}
"#;
        let model = load("odd.tf", text);
        let config = RuleConfig {
            required_tags: vec!["owner".into()],
        };
        let ctx = Context {
            model: &model,
            config: &config,
        };
        let mut ran = 0;
        for rule in crate::rules::all()
            .iter()
            .filter(|r| r.def.slug.starts_with("aws/"))
        {
            for r in model.resources.iter().filter(|r| rule.applies(r)) {
                let _ = (rule.check)(r, &ctx);
                ran += 1;
            }
        }
        assert!(ran > 40, "{ran}");
    }
}
