//! ECS task definitions: the containers of `container_definitions` (a JSON string in
//! Terraform, a list in CloudFormation).

use super::common::{jget, policy};
use crate::rule::{Rule, RuleDef, Verdict, Violation};
use serde_json::Value as J;
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![PRIVILEGED, ENV_SECRETS]
}

/// The containers of a task definition, or the verdict when they cannot be read.
fn containers(r: &crate::model::Resource) -> Result<(Vec<J>, &crate::model::Attr), Verdict> {
    let path = "container_definitions";
    match r.get(path) {
        crate::model::Lookup::Absent => Err(Verdict::Pass),
        crate::model::Lookup::Found(a) | crate::model::Lookup::Unknown(a) => {
            let doc = policy(a, path)?;
            let list = match doc {
                J::Array(l) => l,
                other @ J::Object(_) => vec![other],
                _ => Vec::new(),
            };
            Ok((list, a))
        }
    }
}

fn name(c: &J, i: usize) -> String {
    match jget(c, "name").and_then(J::as_str) {
        Some(n) => format!("`{}`", n.chars().take(60).collect::<String>()),
        None => format!("#{}", i + 1),
    }
}

const PRIVILEGED: Rule = Rule {
    def: RuleDef {
        slug: "aws/ecs-task-privileged",
        title: "ECS container runs privileged",
        severity: Severity::High,
        cwe: &[250],
        tags: &["container-hardening", "aws"],
        types: &["aws_ecs_task_definition"],
        finds: "An ECS task definition with a container whose `privileged` is true (EC2 launch type; Fargate refuses it).",
        why: "A privileged container has every capability and the host's devices: escaping to the instance, and from there to other tasks and the instance role, is trivial. PCI DSS 2.2 requires system components configured with only the needed functions.",
        fix: "Remove `privileged`; add only the Linux capabilities the container needs under `linuxParameters.capabilities.add`.",
        references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security"],
        aliases: &[],
    },
    check: |r, _| match containers(r) {
        Err(v) => v,
        Ok((list, a)) => {
            let hits: Vec<Violation> = list
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(jget(c, "privileged"), Some(J::Bool(true))) || jget(c, "privileged").and_then(J::as_str) == Some("true"))
                .map(|(i, c)| Violation::at(a, "container_definitions", format!("container {} runs privileged", name(c, i))))
                .collect();
            if hits.is_empty() { Verdict::Pass } else { Verdict::Fail(hits) }
        }
    },
};

const ENV_SECRETS: Rule = Rule {
    def: RuleDef {
        slug: "aws/ecs-task-env-secrets",
        title: "ECS container with a credential in its environment",
        severity: Severity::High,
        cwe: &[798, 312],
        tags: &["secret", "aws"],
        types: &["aws_ecs_task_definition"],
        finds: "An ECS container whose `environment` has a variable named like a credential (as for `aws/lambda-env-secrets`) with a literal value. Values passed through `secrets` (Secrets Manager, SSM) are the fix and are not reported. The message names the variable, never its value.",
        why: "Literal credentials in a task definition are stored in every revision, visible to anyone who can describe task definitions, and in source control and state; PCI DSS 8.3.2 and 8.6.2 forbid hard-coded passwords for system accounts.",
        fix: "Move the value to Secrets Manager or SSM Parameter Store and reference it under the container's `secrets` (`valueFrom`).",
        references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html"],
        aliases: &[],
    },
    check: |r, _| match containers(r) {
        Err(v) => v,
        Ok((list, a)) => {
            let mut hits = Vec::new();
            for (i, c) in list.iter().enumerate() {
                let Some(J::Array(env)) = jget(c, "environment") else { continue };
                for e in env {
                    let (Some(k), Some(v)) = (jget(e, "name").and_then(J::as_str), jget(e, "value").and_then(J::as_str)) else { continue };
                    if super::lambda::secret_name(k) && super::lambda::literal_secret(v) {
                        let k: String = k.chars().take(64).collect();
                        hits.push(Violation::at(a, "container_definitions", format!("container {}: environment variable `{k}` holds a literal credential", name(c, i))));
                    }
                }
            }
            if hits.is_empty() { Verdict::Pass } else { Verdict::Fail(hits) }
        }
    },
};
