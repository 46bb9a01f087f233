//! NoSQL operator injection: a query parameter sent as `name[$ne]=` (the bracket syntax
//! Express-style parsers turn into `{"name": {"$ne": ""}}`) or a JSON body field replaced
//! by `{"$ne": null}`. A finding needs three answers: the baseline denied or empty, the
//! operator's answer a success with content, and a control with an operator no database
//! knows (`$tgx`) not a success with content, so that dropping or mangling the value alone
//! does not explain the change. Nothing is written beyond what the baseline wrote: body
//! probes run only on writes, and only with `--allow-unsafe-methods`.

use crate::client::Exchange;
use crate::openapi::{In, Operation};
use crate::rule::Rule;
use crate::run::{Call, Runner};
use serde_json::{json, Value};
use tollgate_core::{Confidence, Finding, Severity, Unchecked};

pub const NOSQL: Rule = Rule {
    slug: "nosql-operator-injection",
    title: "NoSQL operator injection changes an authentication or lookup answer",
    severity: Severity::Critical,
    confidence: Confidence::Medium,
    cwe: &[943],
    tags: &["injection", "nosql", "owasp-a03"],
    what: "A parameter or body field sent as a query operator (`param[$ne]=`, `{\"$ne\": null}`) turned a denied or empty answer into a success with content, while an unknown operator did not.",
    why: "An operator that matches every value signs in without a password or lists other customers' records: an authentication bypass and a data breach in one request.",
    fix: "Validate that each value has the declared type (a string is not an object) before it reaches the query; use the driver's typed query builders and strip keys starting with `$` from user input.",
    references: &["OWASP Testing Guide, Testing for NoSQL Injection", "CWE-943"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![&NOSQL]
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    /// 401, 403 or 404.
    Denied,
    /// 2xx with no element in any array of the JSON answer.
    Empty,
    /// 2xx with content.
    Content,
    /// Anything else (400, 429, 5xx, 3xx): not comparable.
    Other,
}

fn elements(v: &Value) -> (bool, usize) {
    match v {
        Value::Array(a) => (true, a.len()),
        Value::Object(m) => m.values().fold((false, 0), |(has, n), v| {
            let (h, k) = elements(v);
            (has || h, n + k)
        }),
        _ => (false, 0),
    }
}

fn answer(ex: &Exchange) -> Answer {
    let Some(r) = ex.ok() else {
        return Answer::Other;
    };
    match r.status {
        401 | 403 | 404 => Answer::Denied,
        200..=299 => match serde_json::from_slice::<Value>(&r.body) {
            Ok(v) => match elements(&v) {
                (true, 0) => Answer::Empty,
                _ => Answer::Content,
            },
            Err(_) if r.body.is_empty() => Answer::Empty,
            Err(_) => Answer::Content,
        },
        _ => Answer::Other,
    }
}

pub(crate) fn probe(
    r: &Runner<'_>,
    op: &Operation,
    base: &Exchange,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let before = answer(base);
    if !matches!(before, Answer::Denied | Answer::Empty) {
        return;
    }
    let label = op.label();
    let mut judge = |parameter: String,
                     probe: Call<'_>,
                     control: Call<'_>,
                     unchecked: &mut Vec<Unchecked>| {
        let Some(ex) = r.call(
            op,
            &format!("nosql operator in {parameter}"),
            &probe,
            unchecked,
        ) else {
            return;
        };
        if answer(&ex) != Answer::Content {
            return;
        }
        let Some(ctl) = r.call(
            op,
            &format!("nosql control in {parameter}"),
            &control,
            unchecked,
        ) else {
            return;
        };
        if answer(&ctl) == Answer::Content {
            return;
        }
        let was = if before == Answer::Denied {
            "denied"
        } else {
            "empty"
        };
        out.push(NOSQL.finding(
            &label,
            &ex,
            Some(&parameter),
            "",
            format!(
                "{label}: {parameter} sent as a $ne operator turned a {was} answer into HTTP {} with content; an unknown operator did not",
                ex.ok().map_or(0, |x| x.status)
            ),
        ));
    };
    if op.is_safe() {
        for p in op
            .params
            .iter()
            .filter(|p| p.is_string && p.location == In::Query)
        {
            let call = |op_name: &str| Call {
                set: vec![(In::Query, p.name.clone(), String::new())],
                rename: vec![(p.name.clone(), format!("{}[{op_name}]", p.name))],
                ..Call::default()
            };
            judge(
                format!("query {}", p.name),
                call("$ne"),
                call("$tgx"),
                unchecked,
            );
        }
        return;
    }
    if !r.opts.allow_unsafe_methods || !matches!(op.method.as_str(), "POST" | "PUT" | "PATCH") {
        return;
    }
    let Some(body) = op.body.as_ref().filter(|b| b.content_type.contains("json")) else {
        return;
    };
    let Value::Object(example) = &body.example else {
        return;
    };
    let strings: Vec<&String> = example
        .iter()
        .filter(|(_, v)| v.is_string())
        .map(|(k, _)| k)
        .collect();
    let with = |fields: &[&String], operator: Value| {
        let mut b = example.clone();
        for k in fields {
            b.insert((*k).clone(), operator.clone());
        }
        Call {
            body: Some(Value::Object(b)),
            ..Call::default()
        }
    };
    // Each field alone, then every string field at once (a sign-in bypass needs both the
    // user name and the password to match anything).
    for k in &strings {
        judge(
            format!("body {k}"),
            with(&[k], json!({"$ne": null})),
            with(&[k], json!({"$tgx": null})),
            unchecked,
        );
    }
    if strings.len() > 1 {
        judge(
            "every string field of the body".into(),
            with(&strings, json!({"$ne": null})),
            with(&strings, json!({"$tgx": null})),
            unchecked,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_anywhere() {
        assert_eq!(elements(&json!([])), (true, 0));
        assert_eq!(elements(&json!({"results": [], "q": "x"})), (true, 0));
        assert_eq!(elements(&json!({"a": {"b": [1]}})), (true, 1));
        assert_eq!(elements(&json!({"status": "ok"})), (false, 0));
    }
}
