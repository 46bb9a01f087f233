//! Terraform's built-in functions, as far as they can be computed offline. A function
//! this evaluator lacks, a provider function, or one whose result depends on the moment
//! (`timestamp`, `uuid`) gives an unknown value naming it.

use super::eval::{
    equal, error, first_unknown, fmt_num, is_error, merge_origins, num, string, to_bool, to_str,
    Ev, Scope,
};
use super::limits;
use crate::model::{Attr, Span, Value};
use hcl_edit::expr::{Expression, FuncCall};
use std::collections::BTreeMap;

pub(crate) fn call<'f>(ev: &Ev<'f>, sc: &mut Scope<'_, 'f>, f: &FuncCall, span: Span) -> Attr {
    let name = f.name.name.as_str();
    if f.name.is_namespaced() {
        let ns: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).collect();
        return Attr::unknown(
            format!(
                "function `{}::{name}` (a provider function) is not evaluated",
                ns.join("::")
            ),
            span,
        );
    }
    // try and can see their arguments' failures, so they evaluate them themselves.
    if name == "try" {
        let mut last = None;
        for a in f.args.iter() {
            let v = ev.expr(sc, a);
            if is_error(&v) {
                last = Some(v);
                continue;
            }
            return v;
        }
        return last.unwrap_or_else(|| error("try() with no arguments", span));
    }
    if name == "can" {
        let Some(a) = f.args.iter().next() else {
            return error("can() needs an argument", span);
        };
        let v = ev.expr(sc, a);
        if is_error(&v) {
            return Attr::new(Value::Bool(false), span);
        }
        if let Some(u) = first_unknown(&v) {
            return u.clone();
        }
        return Attr::new(Value::Bool(true), span);
    }
    let mut args: Vec<Attr> = f.args.iter().map(|a| ev.expr(sc, a)).collect();
    if f.args.expand_final() {
        if let Some(last) = args.pop() {
            match last.value {
                Value::List(l) => args.extend(l),
                Value::Unknown(_) => return last,
                _ => {
                    return error(
                        format!("`...` after a value that is not a list in {name}()"),
                        span,
                    )
                }
            }
        }
    }
    let origin = merge_origins(&args.iter().collect::<Vec<_>>());
    let mut out = match builtin(ev, sc, name, &args, &span) {
        Ok(a) => a,
        Err(u) => u,
    };
    if out.origin.is_empty() {
        out.origin = origin;
    }
    out
}

type R = Result<Attr, Attr>;

/// Functions that need every argument fully known.
const STRICT: &[&str] = &[
    "format",
    "formatlist",
    "join",
    "split",
    "contains",
    "distinct",
    "compact",
    "toset",
    "tostring",
    "tonumber",
    "tobool",
    "jsonencode",
    "jsondecode",
    "yamlencode",
    "replace",
    "lower",
    "upper",
    "title",
    "trimspace",
    "trim",
    "trimprefix",
    "trimsuffix",
    "substr",
    "startswith",
    "endswith",
    "regex",
    "regexall",
    "range",
    "min",
    "max",
    "abs",
    "ceil",
    "floor",
    "sum",
    "setunion",
    "setintersection",
    "setsubtract",
    "cidrsubnet",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnets",
    "base64encode",
    "base64decode",
    "templatefile",
    "file",
    "fileexists",
    "strrev",
    "chomp",
    "indent",
    "sort",
    "index",
    "alltrue",
    "anytrue",
    "parseint",
    "pow",
    "signum",
    "basename",
    "dirname",
    "zipmap",
    "chunklist",
    "reverse",
    "one",
    "matchkeys",
    "transpose",
    "abspath",
    "urlencode",
    "textencodebase64",
];

fn builtin<'f>(ev: &Ev<'f>, sc: &mut Scope<'_, 'f>, name: &str, a: &[Attr], span: &Span) -> R {
    let shallow = !STRICT.contains(&name);
    for x in a {
        let u = if shallow {
            x.is_unknown().then_some(x)
        } else {
            first_unknown(x)
        };
        if let Some(u) = u {
            return Err(u.clone());
        }
    }
    let s = |i: usize| -> Result<String, Attr> {
        match a.get(i) {
            Some(x) => to_str(x),
            None => Err(error(
                format!("{name}() needs argument {}", i + 1),
                span.clone(),
            )),
        }
    };
    let n = |i: usize| -> Result<f64, Attr> {
        a.get(i).and_then(Attr::as_f64).ok_or_else(|| {
            error(
                format!("{name}() argument {} is not a number", i + 1),
                span.clone(),
            )
        })
    };
    let list = |i: usize| -> Result<&Vec<Attr>, Attr> {
        match a.get(i).map(|x| &x.value) {
            Some(Value::List(l)) => Ok(l),
            _ => Err(error(
                format!("{name}() argument {} is not a list", i + 1),
                span.clone(),
            )),
        }
    };
    let map = |i: usize| -> Result<&BTreeMap<String, Attr>, Attr> {
        match a.get(i).map(|x| &x.value) {
            Some(Value::Map(m)) => Ok(m),
            _ => Err(error(
                format!("{name}() argument {} is not a map", i + 1),
                span.clone(),
            )),
        }
    };
    let st = |v: String| -> R {
        if v.len() > limits::STRING {
            Err(Attr::unknown(
                format!("{name}() result is too long"),
                span.clone(),
            ))
        } else {
            Ok(Attr::new(Value::String(v), span.clone()))
        }
    };
    let ls = |v: Vec<Attr>| -> R {
        if v.len() > limits::ELEMENTS {
            Err(Attr::unknown(
                format!("{name}() result is too long"),
                span.clone(),
            ))
        } else {
            Ok(Attr::new(Value::List(v), span.clone()))
        }
    };
    let b = |v: bool| -> R { Ok(Attr::new(Value::Bool(v), span.clone())) };
    let nm = |v: f64| -> R { Ok(num(v, span)) };
    match name {
        "merge" => {
            let mut m = BTreeMap::new();
            for x in a {
                match &x.value {
                    Value::Map(xm) => m.extend(xm.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Value::Null => {}
                    _ => return Err(error("merge() of a value that is not a map", span.clone())),
                }
            }
            Ok(Attr::new(Value::Map(m), span.clone()))
        }
        "lookup" => {
            let m = map(0)?;
            let k = s(1)?;
            match (m.get(&k), a.get(2)) {
                (Some(v), _) => Ok(v.clone()),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(error(
                    format!("lookup(): no key \"{k}\" and no default"),
                    span.clone(),
                )),
            }
        }
        "coalesce" => {
            for x in a {
                match &x.value {
                    Value::Null => continue,
                    Value::String(s) if s.is_empty() => continue,
                    _ => {}
                }
                if let Some(u) = first_unknown(x) {
                    return Err(u.clone());
                }
                return Ok(x.clone());
            }
            Err(error(
                "coalesce(): every argument is null or empty",
                span.clone(),
            ))
        }
        "coalescelist" => {
            for x in a {
                match &x.value {
                    Value::List(l) if l.is_empty() => continue,
                    Value::List(_) => return Ok(x.clone()),
                    _ => {
                        return Err(error(
                            "coalescelist() of a value that is not a list",
                            span.clone(),
                        ))
                    }
                }
            }
            ls(Vec::new())
        }
        "format" => st(format(&s(0)?, &a[1..], span)?),
        "formatlist" => {
            let fmt = s(0)?;
            let mut len = None;
            for x in &a[1..] {
                if let Value::List(l) = &x.value {
                    if len.is_some_and(|n| n != l.len()) {
                        return Err(error(
                            "formatlist(): lists of different lengths",
                            span.clone(),
                        ));
                    }
                    len = Some(l.len());
                }
            }
            let len = len.unwrap_or(1);
            if len > limits::ELEMENTS {
                return Err(Attr::unknown(
                    "formatlist() result is too long",
                    span.clone(),
                ));
            }
            let mut out = Vec::new();
            for i in 0..len {
                let row: Vec<Attr> = a[1..]
                    .iter()
                    .map(|x| match &x.value {
                        Value::List(l) => l[i].clone(),
                        _ => x.clone(),
                    })
                    .collect();
                out.push(string(&format(&fmt, &row, span)?, span));
            }
            ls(out)
        }
        "join" => {
            let sep = s(0)?;
            let mut parts = Vec::new();
            let mut len = 0;
            for x in &a[1..] {
                for y in list_of(x, span)? {
                    let p = to_str(y)?;
                    len += p.len() + sep.len();
                    if len > limits::STRING {
                        return Err(Attr::unknown("join() result is too long", span.clone()));
                    }
                    parts.push(p);
                }
            }
            st(parts.join(&sep))
        }
        "split" => {
            let sep = s(0)?;
            let text = s(1)?;
            if sep.is_empty() {
                return ls(text.chars().map(|c| string(&c.to_string(), span)).collect());
            }
            ls(text.split(sep.as_str()).map(|p| string(p, span)).collect())
        }
        "concat" => {
            let mut out = Vec::new();
            for x in a {
                match &x.value {
                    Value::List(l) => out.extend(l.iter().cloned()),
                    _ => {
                        return Err(error(
                            "concat() of a value that is not a list",
                            span.clone(),
                        ))
                    }
                }
                if out.len() > limits::ELEMENTS {
                    return Err(Attr::unknown("concat() result is too long", span.clone()));
                }
            }
            ls(out)
        }
        "contains" => {
            let l = list(0)?;
            let v = a
                .get(1)
                .ok_or_else(|| error("contains() needs 2 arguments", span.clone()))?;
            b(l.iter().any(|x| equal(x, v)))
        }
        "length" => match a.first().map(|x| &x.value) {
            Some(Value::String(s)) => nm(s.chars().count() as f64),
            Some(Value::List(l)) => nm(l.len() as f64),
            Some(Value::Map(m)) => nm(m.len() as f64),
            _ => Err(error("length() of a value that has none", span.clone())),
        },
        "element" => {
            let l = list(0)?;
            let i = n(1)?;
            if l.is_empty() {
                return Err(error("element() of an empty list", span.clone()));
            }
            if i < 0.0 {
                return Err(error("element() with a negative index", span.clone()));
            }
            let v = &l[(i as usize) % l.len()];
            if v.is_unknown() {
                return Err(v.clone());
            }
            Ok(v.clone())
        }
        "keys" => ls(map(0)?.keys().map(|k| string(k, span)).collect()),
        "values" => ls(map(0)?.values().cloned().collect()),
        "flatten" => {
            let mut out = Vec::new();
            flatten(list(0)?, &mut out, 0, span)?;
            ls(out)
        }
        "distinct" => ls(dedup(list(0)?.iter().cloned())),
        "compact" => ls(list(0)?
            .iter()
            .filter(|x| !matches!(&x.value, Value::Null) && x.as_str() != Some(""))
            .cloned()
            .collect()),
        "toset" => {
            let l = list_of(&a[0], span)?;
            let mut out: Vec<Attr> = Vec::with_capacity(l.len());
            for x in l {
                out.push(match &x.value {
                    Value::Number(_) | Value::Bool(_) => string(&to_str(x)?, &x.span),
                    _ => x.clone(),
                });
            }
            let mut out = dedup(out);
            if out.iter().all(|x| x.as_str().is_some()) {
                out.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
            }
            ls(out)
        }
        "tolist" => match a.first().map(|x| &x.value) {
            Some(Value::List(_)) => Ok(a[0].clone()),
            _ => Err(error(
                "tolist() of a value that is not a list or set",
                span.clone(),
            )),
        },
        "tomap" => match a.first().map(|x| &x.value) {
            Some(Value::Map(_)) => Ok(a[0].clone()),
            _ => Err(error(
                "tomap() of a value that is not an object",
                span.clone(),
            )),
        },
        "tostring" => match a.first().map(|x| &x.value) {
            Some(Value::Null) => Ok(a[0].clone()),
            _ => st(s(0)?),
        },
        "tonumber" => {
            match a.first().map(|x| &x.value) {
                Some(Value::Null) => Ok(a[0].clone()),
                Some(Value::Number(_)) => Ok(a[0].clone()),
                Some(Value::String(x)) => x.trim().parse().map(|v| num(v, span)).map_err(|_| {
                    error(format!("tonumber(): \"{x}\" is not a number"), span.clone())
                }),
                _ => Err(error(
                    "tonumber() of a value that is not a number",
                    span.clone(),
                )),
            }
        }
        "tobool" => match a.first().map(|x| &x.value) {
            Some(Value::Null) => Ok(a[0].clone()),
            _ => b(to_bool(&a[0])?),
        },
        "jsonencode" => {
            let j = a.first().map(Attr::to_json).unwrap_or_default();
            let text = serde_json::to_string(&j).unwrap_or_default();
            st(text
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"))
        }
        "jsondecode" => {
            let text = s(0)?;
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(v) => Ok(super::vars::from_json(&v, span, 0)),
                Err(e) => Err(error(format!("jsondecode(): {e}"), span.clone())),
            }
        }
        "yamlencode" => {
            let mut out = String::new();
            yaml(&a[0], 0, &mut out, false);
            st(out)
        }
        "replace" => {
            let (text, sub, rep) = (s(0)?, s(1)?, s(2)?);
            if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') {
                let re = regex(&sub[1..sub.len() - 1], span)?;
                st(re.replace_all(&text, rep.as_str()).into_owned())
            } else if sub.is_empty() {
                st(text)
            } else if rep.len() > sub.len()
                && text
                    .matches(sub.as_str())
                    .count()
                    .saturating_mul(rep.len() - sub.len())
                    > limits::STRING
            {
                Err(Attr::unknown("replace() result is too long", span.clone()))
            } else {
                st(text.replace(&sub, &rep))
            }
        }
        "lower" => st(s(0)?.to_lowercase()),
        "upper" => st(s(0)?.to_uppercase()),
        "title" => {
            let text = s(0)?;
            let mut out = String::new();
            let mut start = true;
            for c in text.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = !c.is_alphanumeric();
            }
            st(out)
        }
        "trimspace" => st(s(0)?.trim().to_string()),
        "chomp" => st(s(0)?.trim_end_matches(['\n', '\r']).to_string()),
        "trim" => {
            let cut: Vec<char> = s(1)?.chars().collect();
            st(s(0)?.trim_matches(|c| cut.contains(&c)).to_string())
        }
        "trimprefix" => {
            let (text, p) = (s(0)?, s(1)?);
            st(text.strip_prefix(p.as_str()).unwrap_or(&text).to_string())
        }
        "trimsuffix" => {
            let (text, p) = (s(0)?, s(1)?);
            st(text.strip_suffix(p.as_str()).unwrap_or(&text).to_string())
        }
        "strrev" => st(s(0)?.chars().rev().collect()),
        "indent" => {
            let pad = " ".repeat((n(0)? as usize).min(1000));
            let text = s(1)?;
            if text.matches('\n').count().saturating_mul(pad.len()) > limits::STRING {
                return Err(Attr::unknown("indent() result is too long", span.clone()));
            }
            st(text.replace('\n', &format!("\n{pad}")))
        }
        "substr" => {
            let text: Vec<char> = s(0)?.chars().collect();
            let off = n(1)?;
            let len = n(2)?;
            let start = if off < 0.0 {
                text.len().saturating_sub((-off) as usize)
            } else {
                (off as usize).min(text.len())
            };
            let end = if len < 0.0 {
                text.len()
            } else {
                start.saturating_add(len as usize).min(text.len())
            };
            st(text[start..end].iter().collect())
        }
        "startswith" => b(s(0)?.starts_with(&s(1)?)),
        "strcontains" => b(s(0)?.contains(&s(1)?)),
        "endswith" => b(s(0)?.ends_with(&s(1)?)),
        "regex" | "regexall" => {
            let re = regex(&s(0)?, span)?;
            let text = s(1)?;
            let one = |c: regex::Captures<'_>| -> Attr {
                let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
                if names.is_empty() {
                    string(c.get(0).map_or("", |m| m.as_str()), span)
                } else if names.iter().all(Option::is_some) {
                    Attr::new(
                        Value::Map(
                            names
                                .iter()
                                .flatten()
                                .map(|k| {
                                    (
                                        k.to_string(),
                                        string(c.name(k).map_or("", |m| m.as_str()), span),
                                    )
                                })
                                .collect(),
                        ),
                        span.clone(),
                    )
                } else {
                    Attr::new(
                        Value::List(
                            (1..c.len())
                                .map(|i| string(c.get(i).map_or("", |m| m.as_str()), span))
                                .collect(),
                        ),
                        span.clone(),
                    )
                }
            };
            if name == "regex" {
                match re.captures(&text) {
                    Some(c) => Ok(one(c)),
                    None => Err(error("regex(): no match", span.clone())),
                }
            } else {
                ls(re
                    .captures_iter(&text)
                    .take(limits::ELEMENTS)
                    .map(one)
                    .collect())
            }
        }
        "zipmap" => {
            let (k, v) = (list(0)?, list(1)?);
            if k.len() != v.len() {
                return Err(error("zipmap(): lists of different lengths", span.clone()));
            }
            let mut m = BTreeMap::new();
            for (x, y) in k.iter().zip(v) {
                m.insert(to_str(x)?, y.clone());
            }
            Ok(Attr::new(Value::Map(m), span.clone()))
        }
        "range" => {
            let (start, end, step) = match a.len() {
                1 => (0.0, n(0)?, 1.0),
                2 => (n(0)?, n(1)?, 1.0),
                3 => (n(0)?, n(1)?, n(2)?),
                _ => return Err(error("range() takes 1 to 3 arguments", span.clone())),
            };
            if step == 0.0 || (end - start) / step > limits::ELEMENTS as f64 {
                return Err(Attr::unknown("range() too long", span.clone()));
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(num(x, span));
                x += step;
            }
            ls(out)
        }
        "min" | "max" | "sum" => {
            let nums: Vec<f64> = if name == "sum" {
                list(0)?
                    .iter()
                    .map(|x| {
                        x.as_f64()
                            .ok_or_else(|| error("sum() of a non-number", span.clone()))
                    })
                    .collect::<Result<_, _>>()?
            } else {
                (0..a.len()).map(n).collect::<Result<_, _>>()?
            };
            if nums.is_empty() && name != "sum" {
                return Err(error(format!("{name}() needs arguments"), span.clone()));
            }
            nm(match name {
                "min" => nums.iter().cloned().fold(f64::INFINITY, f64::min),
                "max" => nums.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
                _ => nums.iter().sum(),
            })
        }
        "abs" => nm(n(0)?.abs()),
        "ceil" => nm(n(0)?.ceil()),
        "floor" => nm(n(0)?.floor()),
        "signum" => nm(n(0)?.signum()),
        "pow" => nm(n(0)?.powf(n(1)?)),
        "parseint" => {
            let base = n(1)? as u32;
            if !(2..=36).contains(&base) {
                return Err(error("parseint(): base out of range", span.clone()));
            }
            i64::from_str_radix(&s(0)?, base)
                .map(|v| num(v as f64, span))
                .map_err(|_| error("parseint(): not a number", span.clone()))
        }
        "one" => {
            let l = list(0)?;
            match l.len() {
                0 => Ok(Attr::new(Value::Null, span.clone())),
                1 => Ok(l[0].clone()),
                _ => Err(error(
                    "one() of a list with more than one element",
                    span.clone(),
                )),
            }
        }
        "setunion" | "setintersection" | "setsubtract" => {
            let mut out: Vec<Attr> = list(0)?.clone();
            for i in 1..a.len() {
                let other = list(i)?;
                match name {
                    "setunion" => out.extend(other.iter().cloned()),
                    _ => {
                        let keys: std::collections::HashSet<String> =
                            other.iter().map(key_of).collect();
                        let keep = name == "setintersection";
                        out.retain(|x| keys.contains(&key_of(x)) == keep);
                    }
                }
                if out.len() > limits::ELEMENTS {
                    return Err(Attr::unknown(
                        format!("{name}() result is too long"),
                        span.clone(),
                    ));
                }
            }
            let mut dedup = dedup(out);
            if dedup.iter().all(|x| x.as_str().is_some()) {
                dedup.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
            }
            ls(dedup)
        }
        "alltrue" => b(list(0)?
            .iter()
            .map(to_bool)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .all(|x| x)),
        "anytrue" => b(list(0)?
            .iter()
            .map(to_bool)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .any(|x| x)),
        "reverse" => ls(list(0)?.iter().rev().cloned().collect()),
        "sort" => {
            let mut v: Vec<String> = list(0)?.iter().map(to_str).collect::<Result<_, _>>()?;
            v.sort();
            ls(v.iter().map(|x| string(x, span)).collect())
        }
        "slice" => {
            let l = list(0)?;
            let (from, to) = (n(1)? as usize, n(2)? as usize);
            if from > to || to > l.len() {
                return Err(error("slice(): indices out of range", span.clone()));
            }
            ls(l[from..to].to_vec())
        }
        "index" => {
            let l = list(0)?;
            match l.iter().position(|x| equal(x, &a[1])) {
                Some(i) => nm(i as f64),
                None => Err(error("index(): value not in the list", span.clone())),
            }
        }
        "chunklist" => {
            let l = list(0)?;
            let size = n(1)? as usize;
            if size == 0 {
                return ls(vec![Attr::new(Value::List(l.clone()), span.clone())]);
            }
            ls(l.chunks(size)
                .map(|c| Attr::new(Value::List(c.to_vec()), span.clone()))
                .collect())
        }
        "cidrsubnet" => st(cidr::subnet(&s(0)?, n(1)?, n(2)?)
            .map_err(|m| error(format!("cidrsubnet(): {m}"), span.clone()))?),
        "cidrhost" => st(cidr::host(&s(0)?, n(1)?)
            .map_err(|m| error(format!("cidrhost(): {m}"), span.clone()))?),
        "cidrnetmask" => st(cidr::netmask(&s(0)?)
            .map_err(|m| error(format!("cidrnetmask(): {m}"), span.clone()))?),
        "cidrsubnets" => {
            let prefix = s(0)?;
            let mut out = Vec::new();
            let mut next: Option<(u128, u32)> = None;
            for i in 1..a.len() {
                let bits = n(i)?;
                let (text, after) = cidr::subnets_next(&prefix, bits, next)
                    .map_err(|m| error(format!("cidrsubnets(): {m}"), span.clone()))?;
                next = Some(after);
                out.push(string(&text, span));
            }
            ls(out)
        }
        "base64encode" => st(base64(s(0)?.as_bytes())),
        "textencodebase64" => st(base64(s(0)?.as_bytes())),
        "base64decode" => {
            let bytes = unbase64(&s(0)?)
                .ok_or_else(|| error("base64decode(): not base64", span.clone()))?;
            st(String::from_utf8(bytes)
                .map_err(|_| error("base64decode(): not UTF-8", span.clone()))?)
        }
        "basename" => st(s(0)?.rsplit('/').next().unwrap_or("").to_string()),
        "dirname" => {
            let p = s(0)?;
            st(p.rfind('/').map_or(".".to_string(), |i| p[..i].to_string()))
        }
        "abspath" => Err(Attr::unknown(
            "abspath() depends on where Terraform runs",
            span.clone(),
        )),
        "file" | "fileexists" | "templatefile" => {
            let p = s(0)?;
            let content = read_file(ev, sc, &p);
            match (name, content) {
                ("fileexists", c) => b(c.is_some()),
                (_, None) => Err(Attr::unknown(
                    format!("{name}(): file {p} is not among the scanned files"),
                    span.clone(),
                )),
                ("file", Some(bytes)) => match String::from_utf8(bytes) {
                    Ok(t) => st(t),
                    Err(_) => Err(error(format!("file(): {p} is not UTF-8"), span.clone())),
                },
                (_, Some(bytes)) => {
                    let Ok(text) = String::from_utf8(bytes) else {
                        return Err(error(
                            format!("templatefile(): {p} is not UTF-8"),
                            span.clone(),
                        ));
                    };
                    let vars = match a.get(1).map(|x| &x.value) {
                        Some(Value::Map(m)) => m.clone(),
                        None => BTreeMap::new(),
                        _ => {
                            return Err(error(
                                "templatefile(): the variables are not a map",
                                span.clone(),
                            ))
                        }
                    };
                    if super::nesting_ok(&text).is_err() {
                        return Err(Attr::unknown(
                            format!("templatefile(): {p} is nested too deep"),
                            span.clone(),
                        ));
                    }
                    let t = hcl_edit::parser::parse_template(&text).map_err(|e| {
                        error(
                            format!("templatefile(): {p}: {}", e.message()),
                            span.clone(),
                        )
                    })?;
                    let pf = super::module::ParsedFile {
                        path: p.clone(),
                        lines: super::Lines::new(&text),
                        body: Default::default(),
                    };
                    let mut tsc = Scope::new(None, &pf);
                    tsc.env = vars.into_iter().collect();
                    let mut out = ev.template(&mut tsc, &t, span.clone());
                    out.span = span.clone();
                    if !out.is_unknown() && out.as_str().is_none() {
                        out = string(&to_str(&out)?, span);
                    }
                    Ok(out)
                }
            }
        }
        "sensitive" | "nonsensitive" => a
            .first()
            .cloned()
            .ok_or_else(|| error("needs an argument", span.clone())),
        "timestamp" | "uuid" | "uuidv5" | "bcrypt" | "plantimestamp" => Err(Attr::unknown(
            format!("{name}() changes on every run"),
            span.clone(),
        )),
        _ => Err(Attr::unknown(
            format!("function `{name}` is not evaluated by this scanner"),
            span.clone(),
        )),
    }
}

/// A known value's identity, for set operations in linear time.
fn key_of(a: &Attr) -> String {
    serde_json::to_string(&a.to_json()).unwrap_or_default()
}

/// The values without repeats, first occurrences kept.
fn dedup(items: impl IntoIterator<Item = Attr>) -> Vec<Attr> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|x| seen.insert(key_of(x)))
        .collect()
}

fn list_of<'a>(x: &'a Attr, span: &Span) -> Result<&'a Vec<Attr>, Attr> {
    match &x.value {
        Value::List(l) => Ok(l),
        _ => Err(error("not a list", span.clone())),
    }
}

fn flatten(l: &[Attr], out: &mut Vec<Attr>, depth: usize, span: &Span) -> Result<(), Attr> {
    if depth > 64 {
        return Err(error("flatten(): nested too deep", span.clone()));
    }
    for x in l {
        match &x.value {
            Value::List(inner) => flatten(inner, out, depth + 1, span)?,
            Value::Unknown(_) => return Err(x.clone()),
            _ => out.push(x.clone()),
        }
        if out.len() > limits::ELEMENTS {
            return Err(Attr::unknown("flatten() result is too long", span.clone()));
        }
    }
    Ok(())
}

fn regex(p: &str, span: &Span) -> Result<regex::Regex, Attr> {
    regex::RegexBuilder::new(p)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| error(format!("invalid regular expression: {e}"), span.clone()))
}

fn read_file(ev: &Ev<'_>, sc: &Scope<'_, '_>, p: &str) -> Option<Vec<u8>> {
    if p.starts_with('/') || p.contains('\0') {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(x) = super::join_path("", p) {
        candidates.push(x);
    }
    if let Some(inst) = sc.inst {
        if let Some(x) = super::join_path(&inst.root_dir, p) {
            candidates.push(x);
        }
    }
    for c in &candidates {
        if let Some(b) = ev.kept.get(c.as_str()) {
            return Some(b.to_vec());
        }
    }
    candidates.iter().find_map(|c| super::read_disk(ev.opts, c))
}

/// Terraform's `format` verbs: `%s %d %f %v %q %t %x %%`, with width, `-`, `0` and precision.
fn format(fmt: &str, args: &[Attr], span: &Span) -> Result<String, Attr> {
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if it.peek() == Some(&'%') {
            it.next();
            out.push('%');
            continue;
        }
        let mut left = false;
        let mut zero = false;
        let mut plus = false;
        while let Some(&f) = it.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '+' => plus = true,
                ' ' | '#' => {}
                _ => break,
            }
            it.next();
        }
        let mut width = 0usize;
        while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
            width = (width * 10 + d as usize).min(1000);
            it.next();
        }
        let mut prec = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = 0usize;
            while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
                p = (p * 10 + d as usize).min(100);
                it.next();
            }
            prec = Some(p);
        }
        let Some(verb) = it.next() else {
            return Err(error(
                "format(): a verb is missing at the end",
                span.clone(),
            ));
        };
        let Some(arg) = args.get(next) else {
            return Err(error("format(): not enough arguments", span.clone()));
        };
        next += 1;
        let text = match verb {
            's' => to_str(arg)?,
            'v' => match &arg.value {
                Value::List(_) | Value::Map(_) => {
                    serde_json::to_string(&arg.to_json()).unwrap_or_default()
                }
                _ => to_str(arg)?,
            },
            'q' => serde_json::to_string(&to_str(arg)?).unwrap_or_default(),
            't' => to_bool(arg)?.to_string(),
            'd' => {
                let n = arg
                    .as_f64()
                    .ok_or_else(|| error("format(): %d of a non-number", span.clone()))?;
                let s = format!("{}", n.trunc() as i64);
                if plus && n >= 0.0 {
                    format!("+{s}")
                } else {
                    s
                }
            }
            'f' | 'e' | 'g' => {
                let n = arg
                    .as_f64()
                    .ok_or_else(|| error("format(): %f of a non-number", span.clone()))?;
                match verb {
                    'f' => format!("{:.*}", prec.unwrap_or(6), n),
                    'e' => format!("{:.*e}", prec.unwrap_or(6), n),
                    _ => fmt_num(n),
                }
            }
            'x' | 'X' | 'o' | 'b' => {
                let n = arg
                    .as_f64()
                    .ok_or_else(|| error("format(): a number is needed", span.clone()))?
                    as i64;
                match verb {
                    'x' => format!("{n:x}"),
                    'X' => format!("{n:X}"),
                    'o' => format!("{n:o}"),
                    _ => format!("{n:b}"),
                }
            }
            _ => {
                return Err(error(
                    format!("format(): unsupported verb %{verb}"),
                    span.clone(),
                ))
            }
        };
        let text = match (verb, prec) {
            ('s', Some(p)) => text.chars().take(p).collect(),
            _ => text,
        };
        let len = text.chars().count();
        if len < width {
            let pad = width - len;
            if left {
                out.push_str(&text);
                out.extend(std::iter::repeat_n(' ', pad));
            } else if zero && matches!(verb, 'd' | 'f') {
                let (sign, digits) = if let Some(d) = text.strip_prefix('-') {
                    ("-", d)
                } else {
                    ("", text.as_str())
                };
                out.push_str(sign);
                out.extend(std::iter::repeat_n('0', pad));
                out.push_str(digits);
            } else {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
        if out.len() > limits::STRING {
            return Err(Attr::unknown("format() result is too long", span.clone()));
        }
    }
    Ok(out)
}

fn yaml(a: &Attr, indent: usize, out: &mut String, in_list: bool) {
    let pad = "  ".repeat(indent);
    match &a.value {
        Value::Map(m) if !m.is_empty() => {
            for (i, (k, v)) in m.iter().enumerate() {
                if !(in_list && i == 0) {
                    out.push_str(&pad);
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                nested(v, indent, out);
            }
        }
        Value::List(l) if !l.is_empty() => {
            for (i, v) in l.iter().enumerate() {
                if !(in_list && i == 0) {
                    out.push_str(&pad);
                }
                out.push('-');
                match &v.value {
                    Value::Map(m) if !m.is_empty() => {
                        out.push(' ');
                        yaml(v, indent + 1, out, true);
                    }
                    Value::List(l) if !l.is_empty() => {
                        out.push(' ');
                        yaml(v, indent + 1, out, true);
                    }
                    _ => {
                        out.push(' ');
                        scalar(v, out);
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            scalar(a, out);
            out.push('\n');
        }
    }
}

fn nested(v: &Attr, indent: usize, out: &mut String) {
    match &v.value {
        Value::Map(m) if !m.is_empty() => {
            out.push('\n');
            yaml(v, indent + 1, out, false);
        }
        Value::List(l) if !l.is_empty() => {
            out.push('\n');
            yaml(v, indent, out, false);
        }
        _ => {
            out.push(' ');
            scalar(v, out);
            out.push('\n');
        }
    }
}

fn scalar(v: &Attr, out: &mut String) {
    match &v.value {
        Value::Null | Value::Unknown(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&fmt_num(*n)),
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Map(_) => out.push_str("{}"),
        Value::List(_) => out.push_str("[]"),
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unbase64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            break;
        }
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// IPv4 and IPv6 prefix arithmetic.
mod cidr {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    fn parse(prefix: &str) -> Result<(u128, u32, u32), String> {
        let (ip, len) = prefix.split_once('/').ok_or("not a CIDR prefix")?;
        let len: u32 = len.parse().map_err(|_| "bad prefix length")?;
        let ip: IpAddr = ip.parse().map_err(|_| "bad IP address")?;
        let (v, bits) = match ip {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        };
        if len > bits {
            return Err("prefix length too long".into());
        }
        Ok((v & mask(len, bits), len, bits))
    }

    fn mask(len: u32, bits: u32) -> u128 {
        if len == 0 {
            0
        } else {
            let all: u128 = if bits == 128 {
                u128::MAX
            } else {
                (1u128 << bits) - 1
            };
            all & !((1u128 << (bits - len)).wrapping_sub(1)
                & if bits - len == 128 { 0 } else { u128::MAX })
        }
    }

    fn show(v: u128, bits: u32) -> String {
        if bits == 32 {
            Ipv4Addr::from(v as u32).to_string()
        } else {
            Ipv6Addr::from(v).to_string()
        }
    }

    pub fn subnet(prefix: &str, newbits: f64, netnum: f64) -> Result<String, String> {
        let (net, len, bits) = parse(prefix)?;
        if newbits < 0.0 || netnum < 0.0 || newbits.fract() != 0.0 || netnum.fract() != 0.0 {
            return Err("newbits and netnum must be whole non-negative numbers".into());
        }
        let new = len.saturating_add(newbits as u32);
        if new > bits {
            return Err(format!(
                "not enough bits: /{len} plus {newbits} is over {bits}"
            ));
        }
        let nb = newbits as u32;
        if nb < 64 && netnum >= (1u128 << nb) as f64 {
            return Err(format!("netnum {netnum} does not fit in {nb} bits"));
        }
        let v = net
            | (netnum as u128)
                .checked_shl(bits - new)
                .filter(|_| bits - new < 128)
                .unwrap_or(0);
        Ok(format!("{}/{new}", show(v, bits)))
    }

    pub fn host(prefix: &str, hostnum: f64) -> Result<String, String> {
        let (net, len, bits) = parse(prefix)?;
        let size: u128 = if bits - len >= 128 {
            u128::MAX
        } else {
            1u128 << (bits - len)
        };
        let h = if hostnum < 0.0 {
            let back = (-hostnum) as u128;
            if back > size {
                return Err("host number out of range".into());
            }
            size - back
        } else {
            let h = hostnum as u128;
            if h >= size {
                return Err("host number out of range".into());
            }
            h
        };
        Ok(show(net | h, bits))
    }

    pub fn netmask(prefix: &str) -> Result<String, String> {
        let (_, len, bits) = parse(prefix)?;
        if bits != 32 {
            return Err("only IPv4 prefixes have a netmask".into());
        }
        Ok(show(mask(len, 32), 32))
    }

    /// The next subnet of `newbits` after `prev` (cidrsubnets allocates consecutively).
    pub fn subnets_next(
        prefix: &str,
        newbits: f64,
        prev: Option<(u128, u32)>,
    ) -> Result<(String, (u128, u32)), String> {
        let (net, len, bits) = parse(prefix)?;
        let new = len.saturating_add(newbits as u32);
        if newbits < 1.0 || new > bits {
            return Err("bad newbits".into());
        }
        let step = 1u128 << (bits - new);
        let start = match prev {
            None => net,
            Some((end, _)) => end
                .div_ceil(step)
                .checked_mul(step)
                .ok_or("not enough address space")?,
        };
        let end = start.checked_add(step).ok_or("not enough address space")?;
        let limit = net.saturating_add(if bits - len >= 128 {
            u128::MAX
        } else {
            1u128 << (bits - len)
        });
        if end > limit {
            return Err("not enough address space".into());
        }
        Ok((format!("{}/{new}", show(start, bits)), (end, new)))
    }
}

#[allow(dead_code)]
fn unused(_: &Expression) {}
