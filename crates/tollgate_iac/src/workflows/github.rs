//! GitHub Actions workflows. One `github/workflow` resource per file (attributes `on`,
//! `permissions`, `env`, `concurrency`, `name`) and one `github/job` per job, whose
//! attributes are the job as written plus the workflow's `on` and top-level
//! `permissions` as `workflow_on` / `workflow_permissions`, so a job rule needs no second
//! lookup. Steps stay in the job's `steps` list with their lines.

use crate::model::{Attr, Model, Resource, SourceKind, Value};
use std::collections::BTreeMap;

/// The resources of one workflow file.
pub fn load_file(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let Some(root) = super::root(path, content, "GitHub Actions workflow", &mut model) else {
        return model;
    };
    let Some(map) = root.as_map() else {
        return model;
    };
    let mut wf = BTreeMap::new();
    for k in ["on", "permissions", "env", "concurrency", "name"] {
        if let Some(v) = map.get(k) {
            wf.insert(k.to_string(), v.clone());
        }
    }
    // `on: true` is what a YAML 1.1 reader would make of it; the loader keeps `on`, but
    // a quoted `true:` key is read the same way GitHub reads it.
    if !wf.contains_key("on") {
        if let Some(v) = map.get("true") {
            wf.insert("on".into(), v.clone());
        }
    }
    let on = wf.get("on").cloned();
    let perms = wf.get("permissions").cloned();
    model.resources.push(Resource {
        source: SourceKind::GithubActions,
        resource_type: "github/workflow".into(),
        native_type: "workflow".into(),
        address: path.to_string(),
        provider: "github".into(),
        span: root.span.clone(),
        attrs: Attr::new(Value::Map(wf), root.span.clone()),
        references: Vec::new(),
    });
    let Some(jobs) = map.get("jobs").and_then(Attr::as_map) else {
        return model;
    };
    let lines: Vec<&str> = std::str::from_utf8(content)
        .unwrap_or_default()
        .lines()
        .collect();
    for (id, job) in jobs {
        let Value::Map(m) = &job.value else {
            continue;
        };
        let span = super::keyed_span(&lines, id, job);
        let mut attrs = m.clone();
        if let Some(on) = &on {
            attrs.insert("workflow_on".into(), on.clone());
        }
        if let Some(p) = &perms {
            attrs.insert("workflow_permissions".into(), p.clone());
        }
        model.resources.push(Resource {
            source: SourceKind::GithubActions,
            resource_type: "github/job".into(),
            native_type: "job".into(),
            address: format!("{path}:jobs.{id}"),
            provider: "github".into(),
            span: span.clone(),
            attrs: Attr::new(Value::Map(attrs), span),
            references: Vec::new(),
        });
    }
    model
}

/// A composite action (`action.yml` with `runs.using: composite`): one `github/job`
/// resource, `<file>:runs`, whose `steps` are the action's, so the step rules (pinning,
/// injection, downloads piped into a shell) apply. Other actions (JavaScript, Docker) and
/// files that are not actions give nothing.
pub fn load_action(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let Some(root) = super::root(path, content, "GitHub action", &mut model) else {
        return model;
    };
    let Some(runs) = root.as_map().and_then(|m| m.get("runs")) else {
        return model;
    };
    let composite = runs
        .as_map()
        .and_then(|m| m.get("using"))
        .and_then(Attr::as_str)
        == Some("composite");
    let Some(steps) = runs.as_map().and_then(|m| m.get("steps")) else {
        return model;
    };
    if !composite {
        return model;
    }
    let mut attrs = BTreeMap::new();
    attrs.insert("steps".to_string(), steps.clone());
    model.resources.push(Resource {
        source: SourceKind::GithubActions,
        resource_type: "github/job".into(),
        native_type: "composite-action".into(),
        address: format!("{path}:runs"),
        provider: "github".into(),
        span: runs.span.clone(),
        attrs: Attr::new(Value::Map(attrs), runs.span.clone()),
        references: Vec::new(),
    });
    model
}
