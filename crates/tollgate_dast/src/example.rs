//! Example values from JSON schemas, deterministically: the schema's own `example`,
//! `examples`, `default`, `const` or first `enum` value first, then a value of its type
//! (formats respected). Recursive schemas stop where they recurse; every node visited is
//! paid from one [`Budget`] per document, so exponential expansion through references is an
//! error, not a hang.

use crate::error::DastError;
use crate::openapi::Api;
use serde_json::{Map, Value};

/// How many schema nodes example generation may still visit.
pub struct Budget {
    left: usize,
    max: usize,
}

impl Budget {
    pub fn new(max: usize) -> Budget {
        Budget { left: max, max }
    }

    fn spend(&mut self, api: &Api, n: usize, at: &str) -> Result<(), DastError> {
        if n > self.left {
            return Err(DastError::doc(
                &api.source,
                Some(at),
                format!(
                    "generating examples would expand more than {} schema nodes (references nested to expand exponentially?)",
                    self.max
                ),
            ));
        }
        self.left -= n;
        Ok(())
    }
}

/// An example of `schema`; `at` is the pointer of what it belongs to, for errors.
pub fn generate(
    api: &Api,
    schema: &Value,
    budget: &mut Budget,
    at: &str,
) -> Result<Value, DastError> {
    let mut g = Gen {
        api,
        budget,
        at,
        refs: Vec::new(),
    };
    g.value(schema, 0)
}

/// Whether `schema` is a string schema (references followed).
pub fn is_string(api: &Api, schema: &Value) -> bool {
    let Ok(s) = api.deref(schema) else {
        return false;
    };
    match s.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        None => s.get("enum").is_none() && s.get("properties").is_none(),
        _ => false,
    }
}

/// A value as a parameter carries it: strings as they are, arrays comma-separated,
/// anything else as JSON.
pub fn wire(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(a) => a.iter().map(wire).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

struct Gen<'a, 'b> {
    api: &'a Api,
    budget: &'b mut Budget,
    at: &'b str,
    /// References being expanded, outermost first: a schema that refers to one of them
    /// recurses.
    refs: Vec<String>,
}

fn nodes(v: &Value) -> usize {
    let mut n = 0;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Array(a) => stack.extend(a),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    n
}

impl Gen<'_, '_> {
    fn value(&mut self, schema: &Value, depth: usize) -> Result<Value, DastError> {
        self.budget.spend(self.api, 1, self.at)?;
        if depth > self.api.limits().max_depth {
            return Ok(Value::Null);
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            if self.refs.iter().any(|x| x == r) {
                return Ok(Value::Null);
            }
            let target = self.api.deref(schema)?;
            self.refs.push(r.to_string());
            let v = self.value(target, depth + 1);
            self.refs.pop();
            return v;
        }
        let Some(s) = schema.as_object() else {
            return Ok(Value::String("string".into()));
        };
        for key in ["example", "default", "const"] {
            if let Some(v) = s.get(key) {
                self.budget.spend(self.api, nodes(v), self.at)?;
                return Ok(v.clone());
            }
        }
        for key in ["examples", "enum"] {
            if let Some(v) = s.get(key).and_then(|e| e.get(0)) {
                self.budget.spend(self.api, nodes(v), self.at)?;
                return Ok(v.clone());
            }
        }
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            let mut last = Value::Null;
            for part in all {
                match self.value(part, depth + 1)? {
                    Value::Object(m) => merged.extend(m),
                    other => last = other,
                }
            }
            return Ok(if merged.is_empty() {
                last
            } else {
                Value::Object(merged)
            });
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = s.get(key).and_then(|a| a.get(0)) {
                return self.value(first, depth + 1);
            }
        }
        let ty = match s.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ if s.contains_key("properties") => "object",
            _ if s.contains_key("items") => "array",
            _ => "string",
        };
        Ok(match ty {
            "object" => {
                let mut m = Map::new();
                if let Some(props) = s.get("properties").and_then(Value::as_object) {
                    for (k, p) in props {
                        if p.get("readOnly").and_then(Value::as_bool) == Some(true) {
                            continue;
                        }
                        let v = self.value(p, depth + 1)?;
                        m.insert(k.clone(), v);
                    }
                }
                Value::Object(m)
            }
            "array" => match s.get("items") {
                Some(items) => match self.value(items, depth + 1)? {
                    Value::Null => Value::Array(Vec::new()),
                    v => Value::Array(vec![v]),
                },
                None => Value::Array(Vec::new()),
            },
            "integer" => {
                let min = s.get("minimum").and_then(Value::as_i64);
                let max = s.get("maximum").and_then(Value::as_i64);
                Value::from(match (min, max) {
                    (Some(lo), _) => lo.max(1).min(max.unwrap_or(i64::MAX)),
                    (None, Some(hi)) => hi.min(1),
                    (None, None) => 1,
                })
            }
            "number" => {
                let min = s.get("minimum").and_then(Value::as_f64).unwrap_or(1.5);
                serde_json::Number::from_f64(min.max(1.5)).map_or(Value::Null, Value::Number)
            }
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => Value::String(self.string(s)),
        })
    }

    fn string(&self, s: &Map<String, Value>) -> String {
        let format = s.get("format").and_then(Value::as_str).unwrap_or("");
        let base = match format {
            "date-time" => "2024-01-31T12:00:00Z",
            "date" => "2024-01-31",
            "time" => "12:00:00Z",
            "email" => "user@example.com",
            "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "uri" | "url" => "http://example.invalid/",
            "hostname" => "example.invalid",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "byte" => "dG9sbGdhdGU=",
            "password" => "example-password",
            _ => "string",
        };
        let mut out = base.to_string();
        let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        while out.len() < min.min(4096) {
            out.push('x');
        }
        if let Some(m) = max {
            out.truncate(m.max(min.min(4096)).min(out.len()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::openapi::{Api, Limits};

    #[test]
    fn examples_first_then_types_and_recursion_stops() {
        let a = Api::parse(
            "t.json",
            br##"{"openapi": "3.1.0", "paths": {"/n": {"post": {"requestBody": {"content":
            {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}},
            "responses": {}}}}, "components": {"schemas": {"Node": {"type": "object",
            "properties": {"name": {"type": ["string", "null"], "default": "root"},
            "when": {"type": "string", "format": "date-time"},
            "kind": {"enum": ["a", "b"]}, "n": {"type": "integer", "minimum": 5},
            "child": {"$ref": "#/components/schemas/Node"}}}}}}"##,
            Limits::default(),
        )
        .unwrap();
        let ex = &a.operations[0].body.as_ref().unwrap().example;
        assert_eq!(ex["name"], "root");
        assert_eq!(ex["when"], "2024-01-31T12:00:00Z");
        assert_eq!(ex["kind"], "a");
        assert_eq!(ex["n"], 5);
        // The schema recurses at `child`: generation stops there.
        assert!(ex["child"].is_null());
    }

    #[test]
    fn exponential_expansion_is_refused() {
        // Each level refers to the next ten times: 10^12 nodes if expanded.
        let mut schemas = String::new();
        for i in 0..12 {
            let props: Vec<String> = (0..10)
                .map(|j| {
                    format!(
                        "\"p{j}\": {{\"$ref\": \"#/components/schemas/L{}\"}}",
                        i + 1
                    )
                })
                .collect();
            schemas.push_str(&format!(
                "\"L{i}\": {{\"type\": \"object\", \"properties\": {{{}}}}},",
                props.join(",")
            ));
        }
        schemas.push_str("\"L12\": {\"type\": \"string\"}");
        let doc = format!(
            "{{\"openapi\": \"3.0.0\", \"paths\": {{\"/x\": {{\"post\": {{\"requestBody\": {{\"content\": {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/L0\"}}}}}}}}, \"responses\": {{}}}}}}}}, \"components\": {{\"schemas\": {{{schemas}}}}}}}"
        );
        let e = Api::parse("laughs.json", doc.as_bytes(), Limits::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("laughs.json"), "{e}");
        assert!(e.contains("expand more than"), "{e}");
    }
}
