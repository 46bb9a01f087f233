//! What the ledger records: scans, gate decisions and risk acceptances, each with who and
//! what produced it. Entries are canonical JSON (keys sorted, no spaces), so an entry's
//! bytes, and hence its leaf hash, depend only on its content.

use serde_json::{json, Map, Value};

/// Where an entry came from: tool, source revision, CI run and actor, as far as the
/// environment tells.
pub fn producer(tool_version: &str, git_commit: Option<&str>, git_branch: Option<&str>) -> Value {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let ci: Option<(&str, Option<String>, Option<String>)> = if env("GITHUB_ACTIONS").is_some() {
        Some((
            "github-actions",
            env("GITHUB_RUN_ID"),
            env("GITHUB_REPOSITORY"),
        ))
    } else if env("GITLAB_CI").is_some() {
        Some((
            "gitlab-ci",
            env("CI_PIPELINE_ID").or(env("CI_JOB_ID")),
            env("CI_PROJECT_PATH"),
        ))
    } else if env("JENKINS_URL").is_some() {
        Some(("jenkins", env("BUILD_TAG"), env("JOB_NAME")))
    } else if env("TF_BUILD").is_some() {
        Some((
            "azure-pipelines",
            env("BUILD_BUILDID"),
            env("BUILD_REPOSITORY_NAME"),
        ))
    } else if env("CIRCLECI").is_some() {
        Some((
            "circleci",
            env("CIRCLE_WORKFLOW_ID"),
            env("CIRCLE_PROJECT_REPONAME"),
        ))
    } else if env("BUILDKITE").is_some() {
        Some((
            "buildkite",
            env("BUILDKITE_BUILD_ID"),
            env("BUILDKITE_PIPELINE_SLUG"),
        ))
    } else {
        None
    };
    let actor = env("GITHUB_ACTOR")
        .or(env("GITLAB_USER_LOGIN"))
        .or(env("BUILD_REQUESTEDFOR"))
        .or(env("USER"));
    let mut p = Map::new();
    p.insert("tool".into(), json!("tollgate"));
    p.insert("version".into(), json!(tool_version));
    if let Some(c) = git_commit {
        p.insert("git_commit".into(), json!(c));
    }
    if let Some(b) = git_branch {
        p.insert("git_branch".into(), json!(b));
    }
    if let Some((system, run, project)) = ci {
        p.insert(
            "ci".into(),
            json!({"system": system, "run_id": run, "project": project}),
        );
    }
    if let Some(a) = actor {
        p.insert("actor".into(), json!(a));
    }
    Value::Object(p)
}

/// Canonical bytes of an entry: the kind, the time, the producer and the body's fields.
pub fn encode(kind: &str, time: &str, producer: &Value, body: Value) -> Vec<u8> {
    let mut m = match body {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("value".into(), other);
            m
        }
    };
    m.insert("kind".into(), json!(kind));
    m.insert("time".into(), json!(time));
    m.insert("producer".into(), producer.clone());
    m.insert("v".into(), json!(1));
    // serde_json's map is ordered by key, so this is canonical.
    serde_json::to_vec(&Value::Object(m)).expect("JSON values serialise")
}
