//! Checking a JSON response against the operation's declared schema: the subset of JSON
//! Schema that API documents use (type, nullable, required, properties, items, enum,
//! allOf/anyOf/oneOf, local references), bounded in the nodes it visits.

use crate::openapi::Api;
use serde_json::Value;

/// Most schema nodes one check visits.
const BUDGET: usize = 20_000;

/// The first place `value` breaks `schema`, as `(JSON pointer, what is wrong)`.
pub fn violation(api: &Api, schema: &Value, value: &Value) -> Option<(String, String)> {
    let mut budget = BUDGET;
    check(api, schema, value, "", 0, &mut budget)
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(want: &str, v: &Value) -> bool {
    let have = type_of(v);
    want == have || (want == "number" && have == "integer")
}

fn check(
    api: &Api,
    schema: &Value,
    v: &Value,
    at: &str,
    depth: usize,
    budget: &mut usize,
) -> Option<(String, String)> {
    if *budget == 0 || depth > 64 {
        return None;
    }
    *budget -= 1;
    let schema = api.deref(schema).ok()?;
    let s = schema.as_object()?;
    let nullable = s.get("nullable").and_then(Value::as_bool) == Some(true);
    if v.is_null() && nullable {
        return None;
    }
    match s.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => {
            return Some((at.into(), format!("is {}, the schema says {t}", type_of(v))))
        }
        Some(Value::Array(ts)) if !ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)) => {
            return Some((
                at.into(),
                format!("is {}, not a type the schema allows", type_of(v)),
            ))
        }
        _ => {}
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Some((at.into(), "is not one of the schema's enum values".into()));
        }
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for part in all {
            if let Some(x) = check(api, part, v, at, depth + 1, budget) {
                return Some(x);
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = s.get(key).and_then(Value::as_array) {
            if !alts.is_empty()
                && alts
                    .iter()
                    .all(|a| check(api, a, v, at, depth + 1, budget).is_some())
            {
                return Some((at.into(), format!("matches none of the {key} alternatives")));
            }
        }
    }
    match v {
        Value::Object(m) => {
            if let Some(req) = s.get("required").and_then(Value::as_array) {
                for r in req.iter().filter_map(Value::as_str) {
                    if !m.contains_key(r) {
                        return Some((at.into(), format!("lacks the required property `{r}`")));
                    }
                }
            }
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, pv) in m {
                    if let Some(ps) = props.get(k) {
                        let child = format!("{at}/{}", crate::openapi::escape_pointer(k));
                        if let Some(x) = check(api, ps, pv, &child, depth + 1, budget) {
                            return Some(x);
                        }
                    } else if s.get("additionalProperties") == Some(&Value::Bool(false)) {
                        return Some((
                            at.into(),
                            format!("has the property `{k}`, which the schema forbids"),
                        ));
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                for (i, item) in items.iter().enumerate().take(200) {
                    if let Some(x) = check(api, is, item, &format!("{at}/{i}"), depth + 1, budget) {
                        return Some(x);
                    }
                }
            }
        }
        _ => {}
    }
    None
}

/// Properties the response holds that its schema does not declare, by JSON pointer: only
/// in objects whose schema lists its properties and does not allow others by a schema.
pub fn undeclared(api: &Api, schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut budget = BUDGET;
    walk(api, schema, value, "", 0, &mut budget, &mut out);
    out
}

fn walk(
    api: &Api,
    schema: &Value,
    v: &Value,
    at: &str,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<String>,
) {
    if *budget == 0 || depth > 64 || out.len() > 50 {
        return;
    }
    *budget -= 1;
    let Ok(schema) = api.deref(schema) else {
        return;
    };
    // Properties declared directly or through allOf.
    let mut props = serde_json::Map::new();
    let mut open = false;
    let mut parts = vec![schema];
    let mut i = 0;
    while i < parts.len() && i < 32 {
        let p = parts[i];
        if let Some(m) = p.get("properties").and_then(Value::as_object) {
            props.extend(m.clone());
        }
        if matches!(
            p.get("additionalProperties"),
            Some(Value::Object(_)) | Some(Value::Bool(true))
        ) || p.get("anyOf").is_some()
            || p.get("oneOf").is_some()
        {
            open = true;
        }
        if let Some(all) = p.get("allOf").and_then(Value::as_array) {
            for a in all {
                if let Ok(a) = api.deref(a) {
                    parts.push(a);
                }
            }
        }
        i += 1;
    }
    match v {
        Value::Object(m) if !props.is_empty() => {
            for (k, pv) in m {
                let child = format!("{at}/{}", crate::openapi::escape_pointer(k));
                match props.get(k) {
                    Some(ps) => walk(api, ps, pv, &child, depth + 1, budget, out),
                    None if !open => out.push(child),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = schema.get("items") {
                for (i, item) in items.iter().enumerate().take(50) {
                    walk(api, is, item, &format!("{at}/{i}"), depth + 1, budget, out);
                }
            }
        }
        _ => {}
    }
}
