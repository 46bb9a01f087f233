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
    let mut refs_by_config = BTreeMap::new();
    if let Some(root) = doc.pointer("/configuration/root_module") {
        config_refs(root, "", &mut refs_by_config, 0);
    }
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
        link(&mut model, &refs_by_config);
        return model;
    }
    if let Some(root) = doc.pointer("/planned_values/root_module") {
        walk_module(root, path, &line_of, &mut model, 0);
    }
    link(&mut model, &refs_by_config);
    model
}

/// The resources each configured resource refers to, by configuration address
/// (`module.logs.aws_s3_bucket_versioning.v`), as module-relative addresses
/// (`aws_s3_bucket.this`), from the plan's `configuration` section.
fn config_refs(m: &J, prefix: &str, out: &mut BTreeMap<String, Vec<String>>, depth: usize) {
    if depth > super::limits::MODULE_DEPTH {
        return;
    }
    for r in m
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let Some(addr) = r.get("address").and_then(J::as_str) else {
            continue;
        };
        let mut refs = Vec::new();
        collect_refs(r.get("expressions").unwrap_or(&J::Null), &mut refs, 0);
        refs.sort();
        refs.dedup();
        out.insert(format!("{prefix}{addr}"), refs);
    }
    if let Some(calls) = m.get("module_calls").and_then(J::as_object) {
        for (name, call) in calls {
            if let Some(child) = call.get("module") {
                config_refs(child, &format!("{prefix}module.{name}."), out, depth + 1);
            }
        }
    }
}

fn collect_refs(e: &J, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match e {
        J::Object(m) => {
            for (k, v) in m {
                if k == "references" {
                    for r in v.as_array().into_iter().flatten().filter_map(J::as_str) {
                        // `aws_s3_bucket.b.id` and `aws_s3_bucket.b` both name the resource.
                        let parts: Vec<&str> = r.split('.').collect();
                        if parts.len() >= 2
                            && !matches!(
                                parts[0],
                                "var"
                                    | "local"
                                    | "module"
                                    | "data"
                                    | "each"
                                    | "count"
                                    | "path"
                                    | "self"
                                    | "terraform"
                            )
                        {
                            let name = parts[1].split('[').next().unwrap_or(parts[1]);
                            out.push(format!("{}.{name}", parts[0]));
                        }
                    }
                } else {
                    collect_refs(v, out, depth + 1);
                }
            }
        }
        J::Array(a) => a.iter().for_each(|x| collect_refs(x, out, depth + 1)),
        _ => {}
    }
}

/// Strips instance keys from an address: `module.a["x"].aws_s3_bucket.b[0]` →
/// `module.a.aws_s3_bucket.b`.
fn unkeyed(addr: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut quoted = false;
    for c in addr.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Fills each planned resource's references from the configuration: a reference to
/// `aws_s3_bucket.b` in module instance `module.a["x"]` is every instance of
/// `module.a["x"].aws_s3_bucket.b`, or the one with the referrer's own key when there is one.
fn link(model: &mut Model, refs_by_config: &BTreeMap<String, Vec<String>>) {
    if refs_by_config.is_empty() {
        return;
    }
    let addrs: Vec<String> = model.resources.iter().map(|r| r.address.clone()).collect();
    for r in &mut model.resources {
        let Some(refs) = refs_by_config.get(&unkeyed(&r.address)) else {
            continue;
        };
        // The module instance part of the address and the resource's own key.
        let (module_part, own) = split_address(&r.address);
        let own_key = own.find('[').map(|i| &own[i..]).unwrap_or("");
        let mut out = Vec::new();
        for target in refs {
            let base = format!("{module_part}{target}");
            let matches: Vec<&String> = addrs
                .iter()
                .filter(|a| {
                    a.as_str() == base || (a.starts_with(&base) && a[base.len()..].starts_with('['))
                })
                .collect();
            let same_key: Vec<&String> = matches
                .iter()
                .copied()
                .filter(|a| {
                    !own_key.is_empty()
                        && a.ends_with(own_key)
                        && a.len() == base.len() + own_key.len()
                })
                .collect();
            let chosen = if same_key.is_empty() {
                matches
            } else {
                same_key
            };
            out.extend(chosen.into_iter().filter(|a| **a != r.address).cloned());
        }
        out.sort();
        out.dedup();
        r.references = out;
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` → (`module.a["x"].`, `aws_s3_bucket.b[0]`).
fn split_address(addr: &str) -> (&str, &str) {
    let mut i = 0;
    let mut last = 0;
    let bytes = addr.as_bytes();
    while addr[i..].starts_with("module.") {
        // Skip `module.NAME` and an optional `[...]`, then the dot.
        let mut j = i + "module.".len();
        while j < bytes.len() && bytes[j] != b'.' && bytes[j] != b'[' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'[' {
            let mut quoted = false;
            while j < bytes.len() {
                match bytes[j] {
                    b'"' => quoted = !quoted,
                    b']' if !quoted => {
                        j += 1;
                        break;
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        if j < bytes.len() && bytes[j] == b'.' {
            i = j + 1;
            last = i;
        } else {
            break;
        }
    }
    (&addr[..last], &addr[last..])
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
