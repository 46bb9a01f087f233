//! Kubernetes manifests: plain YAML or JSON, multi-document streams, `kind: List`
//! objects, Helm-rendered output (`# Source: chart/templates/x.yaml` comments) and
//! kustomize build output. One [`Resource`] per object; a document that is not an object
//! with `apiVersion` and `kind` is not a manifest and is skipped without complaint.

use crate::model::{AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Value};
use crate::yaml;
use std::collections::HashMap;

/// Most objects read from one file (a `List` counts each item).
const MAX_OBJECTS: usize = 10_000;

/// Whether a lowercase file name may hold a manifest (the content decides).
pub fn is_candidate(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

/// Whether the head of a file looks like a Kubernetes manifest: `apiVersion:` and
/// `kind:` at the start of a line (or the JSON keys), and nothing of CloudFormation.
pub fn looks_like_manifest(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(8192)]);
    if text.contains("AWSTemplateFormatVersion") {
        return false;
    }
    let mut api = false;
    let mut kind = false;
    let mut resources = false;
    let mut aws_type = false;
    for line in text.lines() {
        let t = line.trim_start_matches(['-', ' ', '{']).trim_start();
        if line.starts_with("apiVersion:") || t.starts_with("\"apiVersion\"") {
            api = true;
        }
        if line.starts_with("kind:") || t.starts_with("\"kind\"") {
            kind = true;
        }
        if line.starts_with("Resources:") || t.starts_with("\"Resources\"") {
            resources = true;
        }
        let lt = line.trim_start();
        if (lt.starts_with("Type:") || lt.starts_with("\"Type\"")) && lt.contains("AWS::") {
            aws_type = true;
        }
    }
    api && kind && !(resources && aws_type)
}

/// The `# Source: …` comments of Helm output, by line.
fn helm_sources(text: &str) -> Vec<(u32, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            l.trim_start()
                .strip_prefix("# Source:")
                .map(|s| (i as u32 + 1, s.trim().chars().take(200).collect()))
        })
        .collect()
}

/// Every object of one manifest file.
pub fn load_file(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let Ok(text) = std::str::from_utf8(content) else {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: None,
            kind: IssueSeverity::Error,
            message: "not valid UTF-8: Kubernetes manifests must be UTF-8".into(),
        });
        return model;
    };
    let docs = match yaml::load(text, path) {
        Ok(d) => d,
        Err(e) => {
            model.issues.push(AdapterIssue {
                path: path.into(),
                line: Some(e.line),
                kind: IssueSeverity::Error,
                message: format!("Kubernetes manifest: {e}"),
            });
            return model;
        }
    };
    let sources = helm_sources(text);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut prev_line = 0;
    for doc in docs {
        // Helm output names the template each document was rendered from.
        let source = sources
            .iter()
            .rev()
            .find(|(l, _)| *l <= doc.line && *l > prev_line)
            .map(|(_, s)| s.clone());
        prev_line = doc.line;
        let mut objects = Vec::new();
        collect(&doc.root, &mut objects, 0);
        for obj in objects {
            if model.resources.len() >= MAX_OBJECTS {
                model.issues.push(AdapterIssue {
                    path: path.into(),
                    line: Some(obj.span.line),
                    kind: IssueSeverity::Warning,
                    message: format!("more than {MAX_OBJECTS} objects: the rest are not read"),
                });
                return model;
            }
            model
                .resources
                .push(resource(obj, source.as_deref(), &mut seen));
        }
    }
    model
}

fn str_at<'a>(a: &'a Attr, path: &str) -> Option<&'a str> {
    match a.lookup(path) {
        crate::Lookup::Found(x) => x.as_str(),
        _ => None,
    }
}

/// The objects of a document: itself, or the items of a `List`.
fn collect<'a>(a: &'a Attr, out: &mut Vec<&'a Attr>, depth: usize) {
    if depth > 4 || !matches!(a.value, Value::Map(_)) {
        return;
    }
    let (Some(_), Some(kind)) = (str_at(a, "apiVersion"), str_at(a, "kind")) else {
        return;
    };
    if kind == "List" || kind.ends_with("List") {
        if let crate::Lookup::Found(items) = a.lookup("items") {
            if let Value::List(items) = &items.value {
                for i in items {
                    collect(i, out, depth + 1);
                }
                return;
            }
        }
    }
    out.push(a);
}

fn resource(obj: &Attr, source: Option<&str>, seen: &mut HashMap<String, usize>) -> Resource {
    let api = str_at(obj, "apiVersion").unwrap_or_default();
    let kind = str_at(obj, "kind").unwrap_or_default();
    let ns = str_at(obj, "metadata.namespace").unwrap_or("default");
    let name = str_at(obj, "metadata.name")
        .or_else(|| str_at(obj, "metadata.generateName"))
        .unwrap_or("?");
    let mut address = format!("{kind}/{ns}/{name}");
    let n = seen.entry(address.clone()).or_insert(0);
    *n += 1;
    if *n > 1 {
        address = format!("{address}#{n}");
    }
    // The model has no field for the Helm template a document came from; it is read (so
    // a later field can carry it) but not yet shown.
    let _ = source;
    let native_type = format!("{api}/{kind}");
    Resource {
        source: SourceKind::Kubernetes,
        resource_type: format!("k8s/{kind}"),
        native_type,
        address,
        provider: "kubernetes".into(),
        span: {
            let mut s = obj.span.clone();
            s.end_line = crate::workflows::last_line(obj).max(s.line);
            s
        },
        attrs: obj.clone(),
        references: Vec::new(),
    }
}
