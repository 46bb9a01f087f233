//! Type constraints of variables (`type = object({ a = optional(string, "x") })`): the
//! conversions Terraform applies to a value, chiefly filling `optional()` defaults.

use super::eval::{Ev, Scope};
use crate::model::{Attr, Value};
use hcl_edit::expr::{Expression, ObjectKey};
use std::collections::BTreeMap;

pub(crate) enum Ty {
    Any,
    String,
    Number,
    Bool,
    List(Box<Ty>),
    Set(Box<Ty>),
    Map(Box<Ty>),
    Tuple(Vec<Ty>),
    /// Attribute types; `Some(default)` for optional ones (`None` inside: default null).
    Object(BTreeMap<String, (Ty, Option<Option<Attr>>)>),
}

/// The type a `type` expression denotes; `any` for what is not understood.
pub(crate) fn parse<'f>(ev: &Ev<'f>, sc: &mut Scope<'_, 'f>, e: &Expression, depth: usize) -> Ty {
    if depth > 32 {
        return Ty::Any;
    }
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        },
        Expression::Parenthesis(p) => parse(ev, sc, p.inner(), depth + 1),
        Expression::FuncCall(f) if !f.name.is_namespaced() => {
            let arg = |i: usize| f.args.iter().nth(i);
            match f.name.name.as_str() {
                "list" => Ty::List(Box::new(
                    arg(0).map_or(Ty::Any, |a| parse(ev, sc, a, depth + 1)),
                )),
                "set" => Ty::Set(Box::new(
                    arg(0).map_or(Ty::Any, |a| parse(ev, sc, a, depth + 1)),
                )),
                "map" => Ty::Map(Box::new(
                    arg(0).map_or(Ty::Any, |a| parse(ev, sc, a, depth + 1)),
                )),
                "tuple" => match arg(0) {
                    Some(Expression::Array(a)) => {
                        Ty::Tuple(a.iter().map(|x| parse(ev, sc, x, depth + 1)).collect())
                    }
                    _ => Ty::Any,
                },
                "object" => match arg(0) {
                    Some(Expression::Object(o)) => {
                        let mut m = BTreeMap::new();
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => {
                                    s.value().to_string()
                                }
                                ObjectKey::Expression(Expression::Variable(s)) => {
                                    s.as_str().to_string()
                                }
                                _ => continue,
                            };
                            let ve = v.expr();
                            let field = match ve {
                                Expression::FuncCall(of)
                                    if of.name.name.as_str() == "optional"
                                        && !of.name.is_namespaced() =>
                                {
                                    let t = of
                                        .args
                                        .iter()
                                        .next()
                                        .map_or(Ty::Any, |a| parse(ev, sc, a, depth + 1));
                                    let default = of.args.iter().nth(1).map(|d| {
                                        let raw = ev.expr(sc, d);
                                        convert(&t, raw)
                                    });
                                    (t, Some(default))
                                }
                                _ => (parse(ev, sc, ve, depth + 1), None),
                            };
                            m.insert(key, field);
                        }
                        Ty::Object(m)
                    }
                    _ => Ty::Any,
                },
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

/// `a` converted to `ty`: primitives converted where Terraform converts them, missing
/// optional attributes filled with their defaults, attributes not in an object type
/// dropped. Unknowns and null stay as they are.
pub(crate) fn convert(ty: &Ty, a: Attr) -> Attr {
    let Attr {
        value,
        span,
        origin,
    } = a;
    let value = match (ty, value) {
        (_, v @ (Value::Unknown(_) | Value::Null)) => v,
        (Ty::Any, v) => v,
        (Ty::String, Value::Number(n)) => Value::String(super::eval::fmt_num(n)),
        (Ty::String, Value::Bool(b)) => Value::String(b.to_string()),
        (Ty::Number, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::String(s),
        },
        (Ty::Bool, Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
        (Ty::List(t), Value::List(l)) => {
            Value::List(l.into_iter().map(|x| convert(t, x)).collect())
        }
        (Ty::Set(t), Value::List(l)) => {
            let mut items: Vec<Attr> = l.into_iter().map(|x| convert(t, x)).collect();
            if items.iter().all(|x| matches!(x.value, Value::String(_))) {
                items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                items.dedup_by(|a, b| a.as_str() == b.as_str());
            }
            Value::List(items)
        }
        (Ty::Map(t), Value::Map(m)) => {
            Value::Map(m.into_iter().map(|(k, x)| (k, convert(t, x))).collect())
        }
        (Ty::Tuple(ts), Value::List(l)) => Value::List(
            l.into_iter()
                .enumerate()
                .map(|(i, x)| match ts.get(i) {
                    Some(t) => convert(t, x),
                    None => x,
                })
                .collect(),
        ),
        (Ty::Object(fields), Value::Map(mut m)) => {
            let mut out = BTreeMap::new();
            for (k, (t, opt)) in fields {
                match m.remove(k) {
                    Some(x)
                        if !(matches!(x.value, Value::Null) && matches!(opt, Some(Some(_)))) =>
                    {
                        out.insert(k.clone(), convert(t, x));
                    }
                    _ => match opt {
                        Some(Some(d)) => {
                            out.insert(k.clone(), d.clone());
                        }
                        Some(None) => {
                            out.insert(k.clone(), Attr::new(Value::Null, span.clone()));
                        }
                        None => {}
                    },
                }
            }
            Value::Map(out)
        }
        (_, v) => v,
    };
    Attr {
        value,
        span,
        origin,
    }
}
