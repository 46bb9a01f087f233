//! Data sources whose result depends only on their own arguments, computed offline:
//! `aws_iam_policy_document` gives the IAM JSON document the AWS provider would write.
//!
//! The provider's conventions are followed so a policy built here reads as the one
//! Terraform would send: `Version` (default `2012-10-17`), `Id`, then `Statement` with
//! `Sid`, `Effect` (default `Allow`), `Action`, `NotAction`, `Resource`, `NotResource`,
//! `Principal`, `NotPrincipal`, `Condition` in that order, empty fields left out. Set
//! arguments (actions, resources, principal identifiers) are deduplicated and sorted in
//! reverse, a single element is written as a string, `&{…}` becomes `${…}`.
//! `source_policy_documents` come first, then the document's own statements, then
//! `override_policy_documents`; a statement with a `Sid` replaces an earlier one with the
//! same `Sid`, one without is appended. Any unknown argument makes the whole document
//! unknown: a rule never sees a half-known policy.

use super::eval::{error, first_unknown, to_str};
use super::limits;
use crate::model::{Attr, Span, Value};
use std::collections::BTreeMap;

/// Whether data sources of this type are computed offline.
pub(crate) fn is_offline(rtype: &str) -> bool {
    rtype == "aws_iam_policy_document"
}

/// Adds the computed attributes of a data source to its evaluated arguments.
pub(crate) fn compute(rtype: &str, attrs: &mut Attr, span: &Span) {
    if rtype != "aws_iam_policy_document" {
        return;
    }
    let (json, minified) = match document(attrs, span) {
        Ok((p, m)) => (
            Attr::new(Value::String(p), span.clone()),
            Attr::new(Value::String(m), span.clone()),
        ),
        Err(u) => (u.clone(), u),
    };
    if let Value::Map(m) = &mut attrs.value {
        m.insert("json".into(), json);
        m.insert("minified_json".into(), minified);
    }
}

/// Ordered JSON (the provider's field order is not alphabetical).
#[derive(Clone, Debug)]
enum J {
    Str(String),
    /// A number, boolean or null as written.
    Raw(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

#[derive(Default)]
struct Doc {
    version: String,
    id: String,
    /// Each statement with its `Sid` ("" when it has none).
    statements: Vec<(String, J)>,
}

impl Doc {
    /// The provider's merge: a later document's `Id` and a higher `Version` win; its
    /// statements replace those with the same `Sid` or are appended.
    fn merge(&mut self, other: Doc) {
        if !other.id.is_empty() {
            self.id = other.id;
        }
        if other.version > self.version {
            self.version = other.version;
        }
        for (sid, st) in other.statements {
            if !sid.is_empty() {
                if let Some(slot) = self.statements.iter_mut().find(|(s, _)| *s == sid) {
                    slot.1 = st;
                    continue;
                }
            }
            self.statements.push((sid, st));
        }
    }

    fn to_json(&self) -> J {
        let mut o = Vec::new();
        if !self.version.is_empty() {
            o.push(("Version".into(), J::Str(self.version.clone())));
        }
        if !self.id.is_empty() {
            o.push(("Id".into(), J::Str(self.id.clone())));
        }
        if !self.statements.is_empty() {
            o.push((
                "Statement".into(),
                J::Arr(self.statements.iter().map(|(_, s)| s.clone()).collect()),
            ));
        }
        J::Obj(o)
    }
}

/// The document as the provider's `json` (indented) and `minified_json`, or the unknown
/// (or evaluation error) that keeps it from being known.
fn document(attrs: &Attr, span: &Span) -> Result<(String, String), Attr> {
    if let Some(u) = first_unknown(attrs) {
        let reason = match &u.value {
            Value::Unknown(x) => x.reason.clone(),
            _ => String::new(),
        };
        if super::eval::is_error(u) {
            return Err(u.clone());
        }
        return Err(Attr::unknown(
            format!("the IAM policy document is unknown: {reason}"),
            u.span.clone(),
        ));
    }
    let Some(m) = attrs.as_map() else {
        return Err(error(
            "the policy document's arguments are not an object",
            span.clone(),
        ));
    };
    let get = |k: &str| m.get(k).filter(|a| !matches!(a.value, Value::Null));
    let version = match get("version") {
        Some(a) => to_str(a)?,
        None => "2012-10-17".to_string(),
    };
    if version != "2012-10-17" && version != "2008-10-17" {
        return Err(error(
            format!("policy document version {version:?} is not 2012-10-17 or 2008-10-17"),
            span.clone(),
        ));
    }
    let mut merged = Doc::default();
    let mut source_sids: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    if let Some(a) = get("source_json") {
        sources.push(a);
    }
    if let Some(a) = get("source_policy_documents") {
        sources.extend(a.items());
    }
    for a in sources {
        // An empty or null document adds nothing (the provider skips it).
        let Some(text) = doc_text(a)? else { continue };
        let doc = parse_doc(&text, &a.span)?;
        for (sid, _) in &doc.statements {
            if !sid.is_empty() {
                if source_sids.contains(sid) {
                    return Err(error(
                        format!("duplicate Sid {sid:?} in the source policy documents"),
                        a.span.clone(),
                    ));
                }
                source_sids.push(sid.clone());
            }
        }
        merged.merge(doc);
    }
    let mut own = Doc {
        version: version.clone(),
        id: match get("policy_id") {
            Some(a) => to_str(a)?,
            None => String::new(),
        },
        statements: Vec::new(),
    };
    if let Some(list) = get("statement") {
        for st in list.items() {
            let (sid, j) = statement(st, &version)?;
            if !sid.is_empty() && own.statements.iter().any(|(s, _)| *s == sid) {
                return Err(error(
                    format!("duplicate Sid {sid:?} in the policy document"),
                    st.span.clone(),
                ));
            }
            own.statements.push((sid, j));
        }
    }
    merged.merge(own);
    let mut overrides = Vec::new();
    if let Some(a) = get("override_policy_documents") {
        overrides.extend(a.items());
    }
    if let Some(a) = get("override_json") {
        overrides.push(a);
    }
    for a in overrides {
        if let Some(text) = doc_text(a)? {
            merged.merge(parse_doc(&text, &a.span)?);
        }
    }
    let j = merged.to_json();
    let mut pretty = String::new();
    write(&j, &mut pretty, Some(0));
    let mut compact = String::new();
    write(&j, &mut compact, None);
    if pretty.len() > limits::STRING {
        return Err(Attr::unknown(
            "the IAM policy document is too long to build",
            span.clone(),
        ));
    }
    Ok((pretty, compact))
}

/// The text of a source or override document; `None` when null or empty.
fn doc_text(a: &Attr) -> Result<Option<String>, Attr> {
    if matches!(a.value, Value::Null) {
        return Ok(None);
    }
    let t = to_str(a)?;
    Ok((!t.trim().is_empty()).then_some(t))
}

/// One `statement` block: its `Sid` and JSON.
fn statement(st: &Attr, version: &str) -> Result<(String, J), Attr> {
    let Some(m) = st.as_map() else {
        return Err(error("a `statement` that is not a block", st.span.clone()));
    };
    let get = |k: &str| m.get(k).filter(|a| !matches!(a.value, Value::Null));
    let mut o = Vec::new();
    let sid = match get("sid") {
        Some(a) => to_str(a)?,
        None => String::new(),
    };
    if !sid.is_empty() {
        o.push(("Sid".into(), J::Str(sid.clone())));
    }
    let effect = match get("effect") {
        Some(a) => to_str(a)?,
        None => "Allow".to_string(),
    };
    if effect != "Allow" && effect != "Deny" {
        return Err(error(
            format!("statement effect {effect:?} is not Allow or Deny"),
            st.span.clone(),
        ));
    }
    o.push(("Effect".into(), J::Str(effect)));
    for (arg, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(a) = get(arg) {
            let list = string_set(a, version)?;
            if !list.is_empty() {
                o.push((key.into(), set_json(list)));
            }
        }
    }
    for (arg, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(a) = get(arg) {
            if let Some(j) = principals(a, version)? {
                o.push((key.into(), j));
            }
        }
    }
    if let Some(a) = get("condition") {
        if let Some(j) = conditions(a, version)? {
            o.push(("Condition".into(), j));
        }
    }
    Ok((sid, J::Obj(o)))
}

/// `&{aws:username}` is how HCL writes the policy variable `${aws:username}`.
fn policy_vars(s: String, version: &str, span: &Span) -> Result<String, Attr> {
    if !s.contains("&{") {
        return Ok(s);
    }
    if version == "2008-10-17" {
        return Err(error(
            "policy variables (`&{…}`) need policy version 2012-10-17",
            span.clone(),
        ));
    }
    Ok(s.replace("&{", "${"))
}

/// The strings of a list argument, in order.
fn strings(a: &Attr, version: &str) -> Result<Vec<String>, Attr> {
    a.items()
        .into_iter()
        .map(|x| policy_vars(to_str(x)?, version, &x.span))
        .collect()
}

/// A set argument: deduplicated and in the provider's (reverse) order.
fn string_set(a: &Attr, version: &str) -> Result<Vec<String>, Attr> {
    let mut v = strings(a, version)?;
    v.sort();
    v.dedup();
    v.reverse();
    Ok(v)
}

/// One element as a string, several as a list.
fn set_json(mut v: Vec<String>) -> J {
    if v.len() == 1 {
        J::Str(v.remove(0))
    } else {
        J::Arr(v.into_iter().map(J::Str).collect())
    }
}

/// Identifiers of one type, as the provider collects them (a string stays a string until
/// a second identifier of the type joins it).
enum Ids {
    One(String),
    Many(Vec<String>),
}

impl Ids {
    fn push(self, more: Ids) -> Ids {
        let mut v = match self {
            Ids::One(s) => vec![s],
            Ids::Many(v) => v,
        };
        match more {
            Ids::One(s) => v.push(s),
            Ids::Many(m) => v.extend(m),
        }
        Ids::Many(v)
    }

    fn json(self) -> J {
        match self {
            Ids::One(s) => J::Str(s),
            // The provider writes a list of one as its element.
            Ids::Many(mut v) if v.len() == 1 => J::Str(v.remove(0)),
            Ids::Many(v) => J::Arr(v.into_iter().map(J::Str).collect()),
        }
    }
}

fn add_ids(raw: &mut BTreeMap<String, Ids>, ty: String, ids: Ids) {
    let ids = match raw.remove(&ty) {
        None => match ids {
            // A list starts a list, even of one.
            Ids::Many(v) => Ids::Many(v),
            one => one,
        },
        Some(prev) => prev.push(ids),
    };
    raw.insert(ty, ids);
}

fn principal_set(pairs: Vec<(String, Ids)>) -> Option<J> {
    if pairs.is_empty() {
        return None;
    }
    if pairs.len() == 1 && pairs[0].0 == "*" {
        return Some(J::Str("*".into()));
    }
    let mut raw = BTreeMap::new();
    for (t, ids) in pairs {
        add_ids(&mut raw, t, ids);
    }
    Some(J::Obj(
        raw.into_iter().map(|(k, v)| (k, v.json())).collect(),
    ))
}

/// `principals { type identifiers }` blocks as `Principal`.
fn principals(a: &Attr, version: &str) -> Result<Option<J>, Attr> {
    let mut pairs = Vec::new();
    for b in a.items() {
        let Some(m) = b.as_map() else {
            return Err(error("a `principals` that is not a block", b.span.clone()));
        };
        let ty = match m.get("type") {
            Some(t) => to_str(t)?,
            None => return Err(error("`principals` without `type`", b.span.clone())),
        };
        let ids = match m.get("identifiers") {
            Some(i) => string_set(i, version)?,
            None => Vec::new(),
        };
        let ids = if ids.len() == 1 {
            Ids::One(ids.into_iter().next().unwrap_or_default())
        } else {
            Ids::Many(ids)
        };
        pairs.push((ty, ids));
    }
    Ok(principal_set(pairs))
}

/// `condition { test variable values }` blocks as `Condition: {test: {variable: values}}`.
fn conditions(a: &Attr, version: &str) -> Result<Option<J>, Attr> {
    let mut raw: BTreeMap<String, BTreeMap<String, Ids>> = BTreeMap::new();
    for b in a.items() {
        let Some(m) = b.as_map() else {
            return Err(error("a `condition` that is not a block", b.span.clone()));
        };
        let field = |k: &str| match m.get(k) {
            Some(x) => to_str(x),
            None => Err(error(format!("`condition` without `{k}`"), b.span.clone())),
        };
        let (test, var) = (field("test")?, field("variable")?);
        // Values are a list: their order is kept.
        let mut values = match m.get("values") {
            Some(v) => strings(v, version)?,
            None => Vec::new(),
        };
        let ids = if values.len() == 1 {
            Ids::One(values.remove(0))
        } else {
            Ids::Many(values)
        };
        add_ids(raw.entry(test).or_default(), var, ids);
    }
    if raw.is_empty() {
        return Ok(None);
    }
    Ok(Some(J::Obj(
        raw.into_iter()
            .map(|(t, vars)| {
                (
                    t,
                    J::Obj(vars.into_iter().map(|(k, v)| (k, v.json())).collect()),
                )
            })
            .collect(),
    )))
}

/// A known JSON policy string (a source or override document) read as the provider
/// reads it.
fn parse_doc(text: &str, span: &Span) -> Result<Doc, Attr> {
    let bad = |why: &str| {
        error(
            format!("a source or override policy document {why}"),
            span.clone(),
        )
    };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| bad("is not valid JSON"))?;
    let Some(o) = v.as_object() else {
        return Err(bad("is not a JSON object"));
    };
    let text_of = |k: &str| -> Result<String, Attr> {
        match o.get(k) {
            None | Some(serde_json::Value::Null) => Ok(String::new()),
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(bad(&format!("has a `{k}` that is not a string"))),
        }
    };
    let mut doc = Doc {
        version: text_of("Version")?,
        id: text_of("Id")?,
        statements: Vec::new(),
    };
    let list: Vec<&serde_json::Value> = match o.get("Statement") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(x @ serde_json::Value::Object(_)) => vec![x],
        Some(_) => return Err(bad("has a `Statement` that is not a list")),
    };
    for st in list {
        let Some(so) = st.as_object() else {
            return Err(bad("has a statement that is not an object"));
        };
        let mut out = Vec::new();
        let mut sid = String::new();
        for key in [
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
        ] {
            match so.get(key) {
                None | Some(serde_json::Value::Null) => {}
                Some(serde_json::Value::String(s)) if s.is_empty() => {}
                Some(x) => {
                    if key == "Sid" {
                        sid = x.as_str().unwrap_or_default().to_string();
                    }
                    out.push((key.to_string(), from_json(x)));
                }
            }
        }
        for key in ["Principal", "NotPrincipal"] {
            match so.get(key) {
                None | Some(serde_json::Value::Null) => {}
                Some(serde_json::Value::String(_)) => {
                    out.push((key.to_string(), J::Str("*".into())));
                }
                Some(serde_json::Value::Object(p)) => {
                    let mut pairs = Vec::new();
                    for (t, ids) in p {
                        let ids = match ids {
                            serde_json::Value::String(s) => Ids::One(s.clone()),
                            serde_json::Value::Array(a) => {
                                let mut v: Vec<String> = a
                                    .iter()
                                    .map(|x| x.as_str().map(str::to_string))
                                    .collect::<Option<_>>()
                                    .ok_or_else(|| bad("has a principal that is not a string"))?;
                                v.sort();
                                v.reverse();
                                Ids::Many(v)
                            }
                            _ => return Err(bad("has a principal that is not a string")),
                        };
                        pairs.push((t.clone(), ids));
                    }
                    // `{"*": "*"}` read back is the wildcard principal.
                    if let Some(j) = principal_set(pairs) {
                        out.push((key.to_string(), j));
                    }
                }
                Some(_) => return Err(bad("has a principal that is not an object")),
            }
        }
        if let Some(c) = so.get("Condition").filter(|c| !c.is_null()) {
            out.push(("Condition".into(), from_json(c)));
        }
        doc.statements.push((sid, J::Obj(out)));
    }
    Ok(doc)
}

fn from_json(v: &serde_json::Value) -> J {
    match v {
        serde_json::Value::String(s) => J::Str(s.clone()),
        serde_json::Value::Array(a) => J::Arr(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            J::Obj(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
        other => J::Raw(other.to_string()),
    }
}

/// Writes JSON as Go's encoder does: indented by two spaces when `indent` is given,
/// compact otherwise, with `<`, `>` and `&` escaped.
fn write(j: &J, out: &mut String, indent: Option<usize>) {
    let nl = |out: &mut String, n: usize| {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    };
    match j {
        J::Str(s) => quote(s, out),
        J::Raw(r) => out.push_str(r),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Obj(items) if items.is_empty() => out.push_str("{}"),
        J::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = indent {
                    nl(out, n + 1);
                }
                write(x, out, indent.map(|n| n + 1));
            }
            if let Some(n) = indent {
                nl(out, n);
            }
            out.push(']');
        }
        J::Obj(items) => {
            out.push('{');
            for (i, (k, x)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = indent {
                    nl(out, n + 1);
                }
                quote(k, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(x, out, indent.map(|n| n + 1));
            }
            if let Some(n) = indent {
                nl(out, n);
            }
            out.push('}');
        }
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
