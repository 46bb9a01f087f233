//! GitLab CI. One `gitlab/pipeline` resource per file (top-level `variables`, `include`,
//! `workflow`, `default`, `image`, `services`) and one `gitlab/job` per job, with
//! `extends:` resolved within the file (chained, cycle-safe, depth-capped) and `default:`
//! (and the old top-level `image`, `services`, … ) applied. Hidden `.template` jobs are
//! templates only. Includes are never fetched: remote, project, template and component
//! includes are reported as not followed; local ones are scanned as their own files when
//! they are in the tree.

use crate::model::{AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Value};
use std::collections::BTreeMap;

/// Top-level keys that are not jobs.
const KEYWORDS: &[&str] = &[
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "types",
    "spec",
    "pages:deploy",
];

/// Keys `default:` (and the deprecated top-level globals) give a job that lacks them.
const DEFAULTABLE: &[&str] = &[
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "tags",
    "retry",
    "timeout",
    "interruptible",
    "artifacts",
    "hooks",
    "id_tokens",
];

/// Deepest `extends:` chain followed.
const MAX_EXTENDS: usize = 11;
/// Most templates merged for one file (`extends:` lists can fan out).
const MAX_RESOLVES: usize = 4096;
/// Deepest nesting a merge goes into.
const MAX_MERGE_DEPTH: usize = 32;

/// The resources of one GitLab CI file.
pub fn load_file(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let Some(root) = super::root(path, content, "GitLab CI file", &mut model) else {
        return model;
    };
    let Some(map) = root.as_map() else {
        return model;
    };
    let mut pipe = BTreeMap::new();
    for k in [
        "variables",
        "include",
        "workflow",
        "default",
        "image",
        "services",
    ] {
        if let Some(v) = map.get(k) {
            pipe.insert(k.to_string(), v.clone());
        }
    }
    if let Some(inc) = map.get("include") {
        includes(path, inc, &mut model);
    }
    model.resources.push(Resource {
        source: SourceKind::GitlabCi,
        resource_type: "gitlab/pipeline".into(),
        native_type: "pipeline".into(),
        address: path.to_string(),
        provider: "gitlab".into(),
        span: root.span.clone(),
        attrs: Attr::new(Value::Map(pipe), root.span.clone()),
        references: Vec::new(),
    });
    // Defaults: `default:` first, then the deprecated top-level globals.
    let mut defaults: BTreeMap<String, Attr> = BTreeMap::new();
    if let Some(d) = map.get("default").and_then(Attr::as_map) {
        for (k, v) in d {
            if DEFAULTABLE.contains(&k.as_str()) {
                defaults.insert(k.clone(), v.clone());
            }
        }
    }
    for k in DEFAULTABLE {
        if let Some(v) = map.get(*k) {
            defaults.entry(k.to_string()).or_insert_with(|| v.clone());
        }
    }
    let mut budget = MAX_RESOLVES;
    let lines: Vec<&str> = std::str::from_utf8(content)
        .unwrap_or_default()
        .lines()
        .collect();
    for (name, job) in map {
        if KEYWORDS.contains(&name.as_str()) || name.starts_with('.') {
            continue;
        }
        if !matches!(job.value, Value::Map(_)) {
            continue;
        }
        let mut issues = Vec::new();
        let mut resolved = resolve(map, name, job, 0, &mut Vec::new(), &mut budget, &mut issues);
        for msg in issues {
            model.issues.push(AdapterIssue {
                path: path.into(),
                line: Some(job.span.line),
                kind: IssueSeverity::Warning,
                message: format!("job `{name}`: {msg}"),
            });
        }
        // `inherit: default: false` turns the defaults off.
        let inherit_off = matches!(
            resolved.lookup("inherit.default"),
            crate::Lookup::Found(a) if a.as_bool() == Some(false)
        );
        if let (false, Value::Map(m)) = (inherit_off, &mut resolved.value) {
            for (k, v) in &defaults {
                m.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        model.resources.push(Resource {
            source: SourceKind::GitlabCi,
            resource_type: "gitlab/job".into(),
            native_type: "job".into(),
            address: format!("{path}:{name}"),
            provider: "gitlab".into(),
            span: super::keyed_span(&lines, name, job),
            attrs: resolved,
            references: Vec::new(),
        });
    }
    model
}

/// A job with its `extends:` chain merged under it (its own keys win; maps merge
/// deeply, everything else is replaced, as GitLab does).
fn resolve(
    all: &BTreeMap<String, Attr>,
    name: &str,
    job: &Attr,
    depth: usize,
    stack: &mut Vec<String>,
    budget: &mut usize,
    issues: &mut Vec<String>,
) -> Attr {
    let parents: Vec<String> = match job.lookup("extends") {
        crate::Lookup::Found(a) => match &a.value {
            Value::String(s) => vec![s.clone()],
            Value::List(l) => l
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    if parents.is_empty() {
        return job.clone();
    }
    if depth >= MAX_EXTENDS {
        issues.push(format!(
            "`extends` deeper than {MAX_EXTENDS} levels is not followed"
        ));
        return job.clone();
    }
    stack.push(name.to_string());
    let mut base = Attr::new(Value::Map(BTreeMap::new()), job.span.clone());
    for p in parents {
        if stack.contains(&p) {
            issues.push(format!("`extends: {p}` is a cycle"));
            continue;
        }
        let Some(parent) = all.get(&p) else {
            issues.push(format!(
                "`extends: {p}` is not in this file (an include?): not followed"
            ));
            continue;
        };
        if *budget == 0 {
            issues.push(format!(
                "more than {MAX_RESOLVES} templates through `extends`: the rest are not merged"
            ));
            break;
        }
        *budget -= 1;
        let resolved = resolve(all, &p, parent, depth + 1, stack, budget, issues);
        merge(&mut base, &resolved, 0);
    }
    stack.pop();
    merge(&mut base, job, 0);
    base.span = job.span.clone();
    base
}

/// `over` onto `base`: maps merge key by key, other values replace.
fn merge(base: &mut Attr, over: &Attr, depth: usize) {
    match (&mut base.value, &over.value) {
        (Value::Map(b), Value::Map(o)) if depth < MAX_MERGE_DEPTH => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) => merge(existing, v, depth + 1),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        _ => *base = over.clone(),
    }
}

/// Reports the includes that are not followed.
fn includes(path: &str, inc: &Attr, model: &mut Model) {
    let mut note = |line: u32, what: String| {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: Some(line),
            kind: IssueSeverity::NotFollowed,
            message: format!("include not followed (never fetched): {what}"),
        });
    };
    // A local include is scanned as a file of its own when it is named `*.gitlab-ci.yml`;
    // either way its templates are not merged into this file's jobs.
    let mut locals = Vec::new();
    let mut local = |line: u32, l: &str| locals.push((line, l.to_string()));
    for item in inc.items() {
        match &item.value {
            Value::String(s) if s.contains("://") => note(item.span.line, format!("remote `{s}`")),
            Value::String(s) => local(item.span.line, s),
            Value::Map(m) => {
                if let Some(l) = m.get("local").and_then(Attr::as_str) {
                    local(item.span.line, l);
                }
                for k in ["remote", "project", "template", "component"] {
                    if let Some(v) = m.get(k) {
                        note(v.span.line, format!("{k} `{}`", v.as_str().unwrap_or("?")));
                    }
                }
            }
            _ => {}
        }
    }
    for (line, l) in locals {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: Some(line),
            kind: IssueSeverity::NotFollowed,
            message: format!(
                "local include `{l}` is not merged into this file's jobs (`extends:` of its templates is not resolved)"
            ),
        });
    }
}
