//! Terraform plan JSON (`terraform show -json plan.out`): the planned resources with the
//! values Terraform computed, unknowns where the plan says "known after apply".

use crate::model::{AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Span, Value};
use serde_json::Value as J;
use std::collections::BTreeMap;

/// Whether a lowercase file name may be a plan (a `.json` that is not a tfvars file).
pub fn candidate(name: &str) -> bool {
    name.ends_with(".json") && !name.ends_with(".tfvars.json")
}

/// Whether the first bytes of a JSON file look like a plan.
pub fn sniff(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    has(b"\"format_version\"") && (has(b"\"planned_values\"") || has(b"\"resource_changes\""))
}

/// Whether a file is a plan, by name and content.
pub fn is_plan(path: &str, content: &[u8]) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    candidate(&name) && sniff(content)
}

/// The resources of a plan.
pub fn load(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let err = |line: Option<u32>, message: String| AdapterIssue {
        path: path.into(),
        line,
        kind: IssueSeverity::Error,
        message,
    };
    let Ok(text) = std::str::from_utf8(content) else {
        model
            .issues
            .push(err(None, "plan JSON is not valid UTF-8".into()));
        return model;
    };
    let doc: J = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            model.issues.push(err(
                Some(e.line() as u32),
                format!("plan JSON syntax error: {e}"),
            ));
            return model;
        }
    };
    let version = doc.get("format_version").and_then(J::as_str).unwrap_or("");
    if !version.starts_with("1.") && !version.starts_with("0.") {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: Some(1),
            kind: IssueSeverity::Warning,
            message: format!("plan format_version {version} is not 1.x: read as if it were"),
        });
    }
    let lines = super::Lines::new(text);
    let line_of = |addr: &str| -> u32 {
        let needle = format!(
            "\"address\": {}",
            serde_json::Value::String(addr.to_string())
        );
        let compact = format!(
            "\"address\":{}",
            serde_json::Value::String(addr.to_string())
        );
        text.find(&needle)
            .or_else(|| text.find(&compact))
            .map_or(1, |i| lines.line(i))
    };
    if let Some(changes) = doc.get("resource_changes").and_then(J::as_array) {
        for rc in changes.iter().take(super::limits::RESOURCES) {
            if rc.get("mode").and_then(J::as_str) == Some("data") {
                continue;
            }
            let Some(change) = rc.get("change") else {
                continue;
            };
            let actions: Vec<&str> = change
                .get("actions")
                .and_then(J::as_array)
                .map(|a| a.iter().filter_map(J::as_str).collect())
                .unwrap_or_default();
            if actions == ["delete"] {
                continue;
            }
            let Some(addr) = rc.get("address").and_then(J::as_str) else {
                continue;
            };
            let rtype = rc.get("type").and_then(J::as_str).unwrap_or("");
            let span = Span::line(path, line_of(addr));
            let after = change.get("after").unwrap_or(&J::Null);
            let unknown = change.get("after_unknown").unwrap_or(&J::Null);
            let attrs = value(after, unknown, &span, addr, 0);
            model.resources.push(resource(
                rtype,
                addr,
                rc.get("provider_name").and_then(J::as_str),
                span,
                attrs,
            ));
        }
        return model;
    }
    if let Some(root) = doc.pointer("/planned_values/root_module") {
        walk_module(root, path, &line_of, &mut model, 0);
    }
    model
}

fn walk_module(m: &J, path: &str, line_of: &dyn Fn(&str) -> u32, model: &mut Model, depth: usize) {
    if depth > super::limits::MODULE_DEPTH {
        return;
    }
    for r in m
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(J::as_str) == Some("data")
            || model.resources.len() >= super::limits::RESOURCES
        {
            continue;
        }
        let Some(addr) = r.get("address").and_then(J::as_str) else {
            continue;
        };
        let rtype = r.get("type").and_then(J::as_str).unwrap_or("");
        let span = Span::line(path, line_of(addr));
        let attrs = value(
            r.get("values").unwrap_or(&J::Null),
            &J::Null,
            &span,
            addr,
            0,
        );
        model.resources.push(resource(
            rtype,
            addr,
            r.get("provider_name").and_then(J::as_str),
            span,
            attrs,
        ));
    }
    for c in m
        .get("child_modules")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        walk_module(c, path, line_of, model, depth + 1);
    }
}

fn resource(rtype: &str, addr: &str, provider: Option<&str>, span: Span, attrs: Attr) -> Resource {
    let provider = provider
        .and_then(|p| p.rsplit('/').next())
        .map(str::to_string)
        .unwrap_or_else(|| rtype.split('_').next().unwrap_or("").to_string());
    let attrs = match attrs.value {
        Value::Map(_) => attrs,
        _ => Attr::new(Value::Map(BTreeMap::new()), span.clone()),
    };
    Resource {
        source: SourceKind::TerraformPlan,
        resource_type: rtype.to_string(),
        native_type: rtype.to_string(),
        address: addr.to_string(),
        provider,
        span,
        attrs,
        references: Vec::new(),
    }
}

/// A planned value; where `unknown` (the matching part of `after_unknown`) is `true`, the
/// value is only known after apply.
fn value(v: &J, unknown: &J, span: &Span, addr: &str, depth: usize) -> Attr {
    if unknown == &J::Bool(true) {
        return Attr::unknown(
            format!("known only after `{addr}` is applied (plan)"),
            span.clone(),
        );
    }
    if depth > 64 {
        return Attr::unknown("plan value nested too deep", span.clone());
    }
    let value = match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
        J::String(s) => Value::String(s.clone()),
        J::Array(a) => Value::List(
            a.iter()
                .enumerate()
                .map(|(i, x)| value(x, unknown.get(i).unwrap_or(&J::Null), span, addr, depth + 1))
                .collect(),
        ),
        J::Object(m) => {
            let mut out: BTreeMap<String, Attr> = m
                .iter()
                .map(|(k, x)| {
                    (
                        k.clone(),
                        value(x, unknown.get(k).unwrap_or(&J::Null), span, addr, depth + 1),
                    )
                })
                .collect();
            // Attributes absent from `after` but marked unknown are computed ones.
            if let J::Object(u) = unknown {
                for (k, x) in u {
                    if x == &J::Bool(true) && !out.contains_key(k) {
                        out.insert(
                            k.clone(),
                            Attr::unknown(
                                format!("known only after `{addr}` is applied (plan)"),
                                span.clone(),
                            ),
                        );
                    }
                }
            }
            Value::Map(out)
        }
    };
    Attr::new(value, span.clone())
}
