//! The OpenAPI reader: OpenAPI 3.0 and 3.1 and Swagger 2.0, in JSON or YAML, into the list
//! of operations a run calls, each with example values for its parameters and body.
//!
//! Only local references (`#/components/schemas/X`) are followed. The reader is bounded on
//! hostile input: the document's size, the nesting depth (JSON and YAML parsers refuse
//! deeper documents), the length of a chain of references (a reference that leads back to
//! itself is an error naming its pointer), and the number of schema nodes example
//! generation may visit over the whole document, so a document built to expand
//! exponentially through references ("billion laughs") is an error, not an exhausted
//! machine. Every error names the file, and the JSON pointer or line where known.

use crate::error::DastError;
use crate::example;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Bounds on what a document may cost.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
    /// Most references one chain of `$ref` to `$ref` may follow.
    pub max_ref_chain: usize,
    /// Deepest schema nesting example generation descends into.
    pub max_depth: usize,
    /// Most schema nodes example generation visits over the whole document.
    pub max_expansion: usize,
    /// Most operations read.
    pub max_operations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 << 20,
            max_ref_chain: 32,
            max_depth: 24,
            max_expansion: 200_000,
            max_operations: 5_000,
        }
    }
}

/// Which specification the document follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spec {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum In {
    Path,
    Query,
    Header,
    Cookie,
}

impl In {
    fn parse(s: &str) -> Option<In> {
        Some(match s {
            "path" => In::Path,
            "query" => In::Query,
            "header" => In::Header,
            "cookie" => In::Cookie,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

/// One parameter of an operation, with the value a call sends.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub location: In,
    pub required: bool,
    /// The declared schema (references unresolved; see [`Api::deref`]).
    pub schema: Value,
    /// The value sent, as it goes on the wire (before percent-encoding).
    pub value: String,
    /// Whether the schema says it is a string (injection probes only use those).
    pub is_string: bool,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub content_type: String,
    pub schema: Value,
    pub example: Value,
}

/// One operation: a method on a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// Upper case: `GET`.
    pub method: String,
    /// The path template as declared: `/accounts/{id}`.
    pub path: String,
    /// `operationId`, or `METHOD path`.
    pub id: String,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Declared responses: status (`200`, `2XX`, `default`) to the JSON schema, if any.
    pub responses: BTreeMap<String, Option<Value>>,
    /// Whether the operation requires credentials (a security requirement applies and
    /// none of its alternatives is empty).
    pub secured: bool,
    /// Every scope its security requirements name.
    pub scopes: Vec<String>,
}

impl Operation {
    /// `GET /accounts/{id}`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// GET, HEAD and OPTIONS change nothing on a well-behaved server.
    pub fn is_safe(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS")
    }

    /// Meant for administrators: tagged `admin`, under an `/admin` path segment, or needing
    /// a scope that names admin.
    pub fn is_admin(&self) -> bool {
        let admin = |s: &str| s.to_ascii_lowercase().contains("admin");
        self.tags.iter().any(|t| admin(t))
            || self
                .path
                .split('/')
                .any(|seg| seg.eq_ignore_ascii_case("admin"))
            || self.scopes.iter().any(|s| admin(s))
    }

    /// The schema of the response declared for `status`: the exact code, then `2XX`, then
    /// `default`.
    pub fn response_schema(&self, status: u16) -> Option<&Value> {
        let exact = status.to_string();
        let class = format!("{}XX", status / 100);
        self.responses
            .get(&exact)
            .or_else(|| {
                self.responses
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&class))
                    .map(|(_, v)| v)
            })
            .or_else(|| self.responses.get("default"))
            .and_then(Option::as_ref)
    }
}

/// A read document.
#[derive(Debug)]
pub struct Api {
    /// The file (or URL) it was read from, for messages.
    pub source: String,
    pub spec: Spec,
    pub title: String,
    /// The path every operation's path is under (`servers[0].url`'s path, `basePath`).
    pub base_path: String,
    pub operations: Vec<Operation>,
    root: Value,
    limits: Limits,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Api {
    /// Read a document from a file.
    pub fn load_file(path: &std::path::Path, limits: Limits) -> Result<Api, DastError> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path)
            .map_err(|e| DastError::doc(&name, None, format!("cannot read: {e}")))?;
        if meta.len() > limits.max_bytes as u64 {
            return Err(DastError::doc(
                &name,
                None,
                format!(
                    "the document is {} bytes, more than the {} accepted",
                    meta.len(),
                    limits.max_bytes
                ),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| DastError::doc(&name, None, format!("cannot read: {e}")))?;
        Api::parse(&name, &bytes, limits)
    }

    /// Read a document from its bytes; `source` names it in messages.
    pub fn parse(source: &str, bytes: &[u8], limits: Limits) -> Result<Api, DastError> {
        if bytes.len() > limits.max_bytes {
            return Err(DastError::doc(
                source,
                None,
                format!(
                    "the document is {} bytes, more than the {} accepted",
                    bytes.len(),
                    limits.max_bytes
                ),
            ));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| DastError::doc(source, None, format!("not UTF-8 text: {e}")))?;
        let root = parse_value(source, text)?;
        Api::from_value(source, root, limits)
    }

    fn from_value(source: &str, root: Value, limits: Limits) -> Result<Api, DastError> {
        let obj = root.as_object().ok_or_else(|| {
            DastError::doc(
                source,
                Some(""),
                "the document is not a JSON or YAML object",
            )
        })?;
        let version = |k: &str| obj.get(k).and_then(version_text);
        let spec =
            match (version("openapi"), version("swagger")) {
                (Some(v), _) if v.starts_with("3.0") => Spec::OpenApi30,
                (Some(v), _) if v.starts_with("3.1") => Spec::OpenApi31,
                (None, Some(v)) if v.starts_with("2.") => Spec::Swagger2,
                (Some(v), _) | (None, Some(v)) => {
                    return Err(DastError::doc(
                        source,
                        Some("/openapi"),
                        format!(
                            "version {} is not supported (OpenAPI 3.0, 3.1 and Swagger 2.0 are)",
                            tollgate_core::redact::quote(&v)
                        ),
                    ))
                }
                (None, None) => return Err(DastError::doc(
                    source,
                    Some(""),
                    "not an OpenAPI or Swagger document: it has no `openapi` or `swagger` field",
                )),
            };
        check_refs(source, &root, &limits)?;
        let title = obj
            .get("info")
            .and_then(|i| i.get("title"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let base_path = match spec {
            Spec::Swagger2 => obj
                .get("basePath")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            _ => obj
                .get("servers")
                .and_then(|s| s.get(0))
                .and_then(|s| s.get("url"))
                .and_then(Value::as_str)
                .map(server_path)
                .unwrap_or_default(),
        };
        let mut api = Api {
            source: source.to_string(),
            spec,
            title,
            base_path: base_path.trim_end_matches('/').to_string(),
            operations: Vec::new(),
            root,
            limits,
        };
        api.operations = api.read_operations()?;
        Ok(api)
    }

    fn err(&self, pointer: &str, message: impl Into<String>) -> DastError {
        DastError::doc(&self.source, Some(pointer), message)
    }

    /// `v` with its chain of references followed (a value without `$ref` is itself).
    pub fn deref<'a>(&'a self, v: &'a Value) -> Result<&'a Value, DastError> {
        deref_in(&self.source, &self.root, v, &self.limits)
    }

    fn read_operations(&self) -> Result<Vec<Operation>, DastError> {
        let mut budget = example::Budget::new(self.limits.max_expansion);
        let paths = match self.root.get("paths") {
            None => return Ok(Vec::new()),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(self.err("/paths", "`paths` is not an object")),
        };
        let global_security = self.root.get("security");
        let mut out = Vec::new();
        for (path, item) in paths {
            let at = format!("/paths/{}", escape_pointer(path));
            if !path.starts_with('/') {
                return Err(self.err(&at, "a path must start with `/`"));
            }
            let item = self.deref(item)?;
            let Some(item) = item.as_object() else {
                return Err(self.err(&at, "a path item is not an object"));
            };
            let shared = item.get("parameters");
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                let op_at = format!("{at}/{m}");
                let op = self.deref(op)?;
                let Some(op) = op.as_object() else {
                    return Err(self.err(&op_at, "an operation is not an object"));
                };
                if out.len() >= self.limits.max_operations {
                    return Err(self.err(
                        &op_at,
                        format!(
                            "more than {} operations: refusing the document",
                            self.limits.max_operations
                        ),
                    ));
                }
                out.push(self.operation(
                    path,
                    m,
                    op,
                    shared,
                    global_security,
                    &op_at,
                    &mut budget,
                )?);
            }
        }
        out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &Map<String, Value>,
        shared: Option<&Value>,
        global_security: Option<&Value>,
        at: &str,
        budget: &mut example::Budget,
    ) -> Result<Operation, DastError> {
        let mut params: Vec<Param> = Vec::new();
        let mut body = None;
        for (list, list_at) in [
            (
                shared,
                format!("{}/parameters", at.rsplit_once('/').map_or(at, |(a, _)| a)),
            ),
            (op.get("parameters"), format!("{at}/parameters")),
        ] {
            let Some(list) = list else { continue };
            let list = self.deref(list)?;
            let Some(list) = list.as_array() else {
                return Err(self.err(&list_at, "`parameters` is not a list"));
            };
            for (i, p) in list.iter().enumerate() {
                let p_at = format!("{list_at}/{i}");
                let p = self.deref(p)?;
                let name = p
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| self.err(&p_at, "a parameter has no `name`"))?;
                let location = p.get("in").and_then(Value::as_str).unwrap_or("");
                if self.spec == Spec::Swagger2 && (location == "body" || location == "formData") {
                    let schema = if location == "body" {
                        p.get("schema").cloned().unwrap_or(Value::Null)
                    } else {
                        // Form fields become one object schema.
                        serde_json::json!({"type": "object", "properties": {name: p}})
                    };
                    let ex = example::generate(self, &schema, budget, &p_at)?;
                    let content_type = if location == "body" {
                        "application/json"
                    } else {
                        "application/x-www-form-urlencoded"
                    };
                    match (&mut body, location) {
                        (
                            Some(Body {
                                example: Value::Object(m),
                                ..
                            }),
                            "formData",
                        ) => {
                            if let Value::Object(add) = ex {
                                m.extend(add);
                            }
                        }
                        _ => {
                            body = Some(Body {
                                content_type: content_type.into(),
                                schema,
                                example: ex,
                            })
                        }
                    }
                    continue;
                }
                let Some(location) = In::parse(location) else {
                    return Err(self.err(
                        &p_at,
                        format!(
                            "parameter {} is `in` {}, not path, query, header or cookie",
                            tollgate_core::redact::quote(name),
                            tollgate_core::redact::quote(location)
                        ),
                    ));
                };
                // Swagger 2 puts the type on the parameter itself.
                let schema = match p.get("schema") {
                    Some(s) => s.clone(),
                    None if self.spec == Spec::Swagger2 => p.clone(),
                    None => p
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema"))
                        .cloned()
                        .unwrap_or(Value::Null),
                };
                let value = match p.get("example") {
                    Some(v) => v.clone(),
                    None => example::generate(self, &schema, budget, &p_at)?,
                };
                let is_string = example::is_string(self, &schema);
                let param = Param {
                    name: name.to_string(),
                    location,
                    required: location == In::Path
                        || p.get("required").and_then(Value::as_bool).unwrap_or(false),
                    schema,
                    value: example::wire(&value),
                    is_string,
                };
                // An operation's parameter replaces the path item's of the same name and place.
                params.retain(|x| !(x.name == param.name && x.location == param.location));
                params.push(param);
            }
        }
        if let Some(rb) = op.get("requestBody") {
            let rb_at = format!("{at}/requestBody");
            let rb = self.deref(rb)?;
            if let Some(content) = rb.get("content").and_then(Value::as_object) {
                let chosen = content
                    .iter()
                    .find(|(k, _)| k.contains("json"))
                    .or_else(|| content.iter().next());
                if let Some((ct, media)) = chosen {
                    let schema = media.get("schema").cloned().unwrap_or(Value::Null);
                    let ex = match media.get("example") {
                        Some(v) => v.clone(),
                        None => example::generate(self, &schema, budget, &rb_at)?,
                    };
                    body = Some(Body {
                        content_type: ct.clone(),
                        schema,
                        example: ex,
                    });
                }
            }
        }
        let mut responses = BTreeMap::new();
        if let Some(rs) = op.get("responses").and_then(Value::as_object) {
            for (status, r) in rs {
                let r = self.deref(r)?;
                let schema = match self.spec {
                    Spec::Swagger2 => r.get("schema").cloned(),
                    _ => r
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.iter().find(|(k, _)| k.contains("json")).map(|(_, m)| m))
                        .and_then(|m| m.get("schema"))
                        .cloned(),
                };
                responses.insert(status.clone(), schema);
            }
        }
        let security = op.get("security").or(global_security);
        let (secured, scopes) = match security.and_then(Value::as_array) {
            Some(reqs) if !reqs.is_empty() => {
                let optional = reqs
                    .iter()
                    .any(|r| r.as_object().is_some_and(Map::is_empty));
                let mut scopes = BTreeSet::new();
                for r in reqs.iter().filter_map(Value::as_object) {
                    for v in r.values().filter_map(Value::as_array) {
                        scopes.extend(v.iter().filter_map(Value::as_str).map(str::to_string));
                    }
                }
                (!optional, scopes.into_iter().collect())
            }
            _ => (false, Vec::new()),
        };
        let tags = op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let upper = method.to_ascii_uppercase();
        Ok(Operation {
            id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{upper} {path}"), str::to_string),
            method: upper,
            path: path.to_string(),
            tags,
            params,
            body,
            responses,
            secured,
            scopes,
        })
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// The version field as text (YAML may read `2.0` as a number).
fn version_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The path part of a server URL: `/v1` for `https://api.example.com/v1` and for `/v1`.
fn server_path(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or_else(String::new, |i| rest[i..].to_string()),
        None => url.to_string(),
    }
}

/// A JSON pointer token for `s` (`~` and `/` escaped).
pub fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// JSON or YAML text as a JSON value. JSON is tried when the text starts with `{`.
fn parse_value(source: &str, text: &str) -> Result<Value, DastError> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| DastError::OpenApi {
            file: source.to_string(),
            pointer: None,
            line: Some(e.line() as u32),
            message: format!(
                "not valid JSON: {}",
                tollgate_core::redact::scrub(&e.to_string())
            ),
        });
    }
    let docs = tollgate_iac::yaml::load(text, source).map_err(|e| DastError::OpenApi {
        file: source.to_string(),
        pointer: None,
        line: Some(e.line),
        message: format!("not valid YAML: {}", e.message),
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Err(DastError::doc(source, None, "the document is empty"));
    };
    Ok(to_json(doc.root.value))
}

fn to_json(v: tollgate_iac::Value) -> Value {
    use tollgate_iac::Value as Y;
    match v {
        Y::Null | Y::Unknown(_) => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::from(n as i64)
            } else {
                serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::List(items) => Value::Array(items.into_iter().map(|a| to_json(a.value)).collect()),
        Y::Map(m) => Value::Object(m.into_iter().map(|(k, a)| (k, to_json(a.value))).collect()),
    }
}

/// The value a local reference points to.
fn pointer_target<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let frag = reference.strip_prefix('#')?;
    if frag.is_empty() {
        return Some(root);
    }
    let decoded = percent_decode(frag);
    let mut cur = root;
    for raw in decoded.strip_prefix('/')?.split('/') {
        let tok = raw.replace("~1", "/").replace("~0", "~");
        cur = match cur {
            Value::Object(m) => m.get(&tok)?,
            Value::Array(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                b.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `v` with its chain of `$ref`s followed, each checked: local, resolvable, no cycle, no
/// longer than the limit.
fn deref_in<'a>(
    source: &str,
    root: &'a Value,
    mut v: &'a Value,
    limits: &Limits,
) -> Result<&'a Value, DastError> {
    let mut seen: Vec<&str> = Vec::new();
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        if seen.contains(&r) {
            return Err(DastError::doc(
                source,
                Some(r.trim_start_matches('#')),
                format!(
                    "the reference {} leads back to itself ({})",
                    tollgate_core::redact::quote(r),
                    seen.join(" -> ")
                ),
            ));
        }
        if seen.len() >= limits.max_ref_chain {
            return Err(DastError::doc(
                source,
                Some(r.trim_start_matches('#')),
                format!(
                    "a chain of more than {} references to references",
                    limits.max_ref_chain
                ),
            ));
        }
        seen.push(r);
        v = resolve_one(source, root, r)?;
    }
    Ok(v)
}

fn resolve_one<'a>(source: &str, root: &'a Value, r: &str) -> Result<&'a Value, DastError> {
    if !r.starts_with('#') {
        return Err(DastError::doc(
            source,
            None,
            format!(
                "the reference {} is not local to the document (only `#/...` references are followed)",
                tollgate_core::redact::quote(r)
            ),
        ));
    }
    pointer_target(root, r).ok_or_else(|| {
        DastError::doc(
            source,
            Some(r.trim_start_matches('#')),
            format!(
                "the reference {} points to nothing in the document",
                tollgate_core::redact::quote(r)
            ),
        )
    })
}

/// Every `$ref` in the document is local, resolves, and does not lead back to itself
/// through other references alone. Iterative: no recursion on the input.
fn check_refs(source: &str, root: &Value, limits: &Limits) -> Result<(), DastError> {
    let mut stack: Vec<(&Value, String)> = vec![(root, String::new())];
    while let Some((v, at)) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    if !r.starts_with('#') {
                        return Err(DastError::doc(
                            source,
                            Some(&format!("{at}/$ref")),
                            format!(
                                "the reference {} is not local to the document (only `#/...` references are followed)",
                                tollgate_core::redact::quote(r)
                            ),
                        ));
                    }
                    if pointer_target(root, r).is_none() {
                        return Err(DastError::doc(
                            source,
                            Some(&format!("{at}/$ref")),
                            format!(
                                "the reference {} points to nothing in the document",
                                tollgate_core::redact::quote(r)
                            ),
                        ));
                    }
                    deref_in(source, root, v, limits)?;
                }
                for (k, c) in m {
                    if c.is_object() || c.is_array() {
                        stack.push((c, format!("{at}/{}", escape_pointer(k))));
                    }
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    if c.is_object() || c.is_array() {
                        stack.push((c, format!("{at}/{i}")));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(text: &str) -> Result<Api, DastError> {
        Api::parse("t.yaml", text.as_bytes(), Limits::default())
    }

    #[test]
    fn reads_openapi_3_yaml_with_refs() {
        let a = api(r#"
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "http://x.example/api/"}]
paths:
  /accounts/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      operationId: getAccount
      security: [{bearer: [read]}]
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Account'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer, example: 7}}
  schemas:
    Account:
      type: object
      properties:
        id: {type: integer}
        owner: {type: string, enum: [alice, bob]}
"#)
        .unwrap();
        assert_eq!(a.spec, Spec::OpenApi30);
        assert_eq!(a.base_path, "/api");
        let op = &a.operations[0];
        assert_eq!(op.label(), "GET /accounts/{id}");
        assert_eq!(op.params[0].value, "7");
        assert!(op.secured);
        assert!(op.response_schema(200).is_some());
    }

    #[test]
    fn swagger_2_body_and_types_on_parameters() {
        let a = api(
            r#"{"swagger": "2.0", "basePath": "/v2", "paths": {"/pets": {"post": {
            "parameters": [{"in": "body", "name": "b", "schema": {"type": "object",
              "required": ["name"], "properties": {"name": {"type": "string"}}}},
              {"in": "query", "name": "n", "type": "integer", "minimum": 3}],
            "responses": {"200": {"schema": {"type": "object"}}}}}}}"#,
        )
        .unwrap();
        assert_eq!(a.spec, Spec::Swagger2);
        let op = &a.operations[0];
        assert_eq!(op.body.as_ref().unwrap().example["name"], "string");
        assert_eq!(op.params[0].value, "3");
    }

    #[test]
    fn self_reference_is_an_error_naming_the_pointer() {
        let e = api(
            r##"{"openapi": "3.1.0", "paths": {}, "components": {"schemas":
            {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}}"##,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("t.yaml"), "{e}");
        assert!(e.contains("leads back to itself"), "{e}");
        assert!(e.contains("/components/schemas/"), "{e}");
    }

    #[test]
    fn dangling_and_external_refs_are_errors() {
        let e = api(
            r##"{"openapi": "3.0.0", "paths": {"/a": {"get": {"responses": {"200":
            {"$ref": "#/nope"}}}}}}"##,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("points to nothing"), "{e}");
        let e = api(r#"{"openapi": "3.0.0", "x": {"$ref": "other.yaml#/a"}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not local"), "{e}");
    }

    #[test]
    fn not_a_document() {
        for (t, want) in [
            ("[1, 2]", "not a JSON or YAML object"),
            ("{\"a\": 1}", "no `openapi` or `swagger`"),
            ("{\"openapi\": \"4.0\"}", "not supported"),
            ("{\"openapi\": ", "not valid JSON"),
            ("a: [b\n", "not valid YAML"),
        ] {
            let e = api(t).unwrap_err().to_string();
            assert!(e.contains(want), "{t}: {e}");
        }
    }
}
