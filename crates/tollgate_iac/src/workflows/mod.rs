//! CI workflows: GitHub Actions and GitLab CI files become resources (a workflow and its
//! jobs, a pipeline and its jobs) whose attributes are the YAML as written, with lines.

pub mod github;
pub mod gitlab;

use crate::model::{AdapterIssue, Attr, IssueSeverity, Model};
use crate::yaml;

/// Whether a relative path is a GitHub Actions workflow (`.github/workflows/*.yml`).
pub fn is_github_workflow(rel_path: &str) -> bool {
    let p = rel_path.to_ascii_lowercase();
    let Some((dir, name)) = p.rsplit_once('/') else {
        return false;
    };
    (dir == ".github/workflows" || dir.ends_with("/.github/workflows"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Whether a lowercase file name is a GitHub action's metadata (`action.yml`).
pub fn is_github_action(name: &str) -> bool {
    name == "action.yml" || name == "action.yaml"
}

/// Whether a lowercase file name is a GitLab CI file (`.gitlab-ci.yml`, `x.gitlab-ci.yml`).
pub fn is_gitlab_ci(name: &str) -> bool {
    name == ".gitlab-ci.yml"
        || name == ".gitlab-ci.yaml"
        || name.ends_with(".gitlab-ci.yml")
        || name.ends_with(".gitlab-ci.yaml")
}

/// The first document of a workflow file as a map, or the issue saying why not.
pub(crate) fn root(path: &str, content: &[u8], what: &str, model: &mut Model) -> Option<Attr> {
    let Ok(text) = std::str::from_utf8(content) else {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: None,
            kind: IssueSeverity::Error,
            message: format!("not valid UTF-8: {what} files must be UTF-8"),
        });
        return None;
    };
    match yaml::load(text, path) {
        Ok(docs) => {
            let root = docs.into_iter().next()?.root;
            if root.as_map().is_none() {
                model.issues.push(AdapterIssue {
                    path: path.into(),
                    line: Some(root.span.line.max(1)),
                    kind: IssueSeverity::Error,
                    message: format!("{what}: the file is not a map of keys"),
                });
                return None;
            }
            Some(root)
        }
        Err(e) => {
            model.issues.push(AdapterIssue {
                path: path.into(),
                line: Some(e.line),
                kind: IssueSeverity::Error,
                message: format!("{what}: {e}"),
            });
            None
        }
    }
}

/// The last line any value of `a` is written on (a map's own end marker can sit on the
/// next sibling's line, which would stretch a resource over its neighbour).
pub(crate) fn last_line(a: &Attr) -> u32 {
    use crate::model::Value;
    let own = a.span.line;
    match &a.value {
        Value::List(l) => l.iter().map(last_line).max().unwrap_or(own).max(own),
        Value::Map(m) => m.values().map(last_line).max().unwrap_or(own).max(own),
        _ => own,
    }
}

/// The span of a job or other keyed block: from the line of its key (`build:`), when
/// that is the line above its first value, to its last value, so a suppression comment
/// above the key covers it and one above the next key does not.
pub(crate) fn keyed_span(lines: &[&str], key: &str, a: &Attr) -> crate::model::Span {
    let mut span = a.span.clone();
    if span.line > 1 {
        let above = lines.get(span.line as usize - 2).map_or("", |l| l.trim());
        let written_key = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        if written_key.iter().any(|k| above.starts_with(k.as_str())) {
            span.line -= 1;
        }
    }
    span.end_line = last_line(a).max(span.line);
    span
}
