//! Expressions: literals, templates, operators, conditionals, `for`, splats, traversals
//! of variables, locals, resources, modules and data sources, and nested blocks
//! (including `dynamic`). Unknowns propagate; a value is never guessed.

use super::module::{plain, Inst, Key, ModuleDef, ParsedFile, Shape, Val};
use super::{limits, Lines, Options};
use crate::model::{AdapterIssue, Attr, Span, Trace, Unknown, Value};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use tollgate_core::scanner::ProjectFile;

/// The reasons of unknowns that are evaluation errors (what `try` and `can` catch), as
/// opposed to values that are only known later.
pub(crate) const ERROR: &str = "evaluation error: ";

pub(crate) fn error(msg: impl std::fmt::Display, span: Span) -> Attr {
    Attr::unknown(format!("{ERROR}{msg}"), span)
}

pub(crate) fn is_error(a: &Attr) -> bool {
    matches!(&a.value, Value::Unknown(u) if u.reason.starts_with(ERROR))
}

/// The evaluator of one load: the modules, the kept files, the budget.
pub(crate) struct Ev<'f> {
    pub defs: &'f BTreeMap<String, ModuleDef<'f>>,
    pub kept: BTreeMap<&'f str, &'f [u8]>,
    pub opts: &'f Options,
    pub issues: RefCell<Vec<AdapterIssue>>,
    steps: Cell<u64>,
    depth: Cell<u32>,
    /// One collector per value being computed: the resource addresses it reads.
    pub refs: RefCell<Vec<Vec<String>>>,
    pub resources: Cell<usize>,
}

/// Where an expression is evaluated: its module instance (none in tfvars and templates),
/// its file, and the names bound by `count`, `each`, `for`, `dynamic` and templates.
pub(crate) struct Scope<'s, 'f> {
    pub inst: Option<&'s Rc<Inst<'f>>>,
    pub path: &'s str,
    pub lines: &'s Lines,
    pub env: Vec<(String, Attr)>,
}

impl<'s, 'f> Scope<'s, 'f> {
    pub(crate) fn new(inst: Option<&'s Rc<Inst<'f>>>, pf: &'s ParsedFile) -> Scope<'s, 'f> {
        Scope {
            inst,
            path: &pf.path,
            lines: &pf.lines,
            env: Vec::new(),
        }
    }

    pub(crate) fn span(&self, r: Option<std::ops::Range<usize>>) -> Span {
        self.lines.span(self.path, r)
    }

    fn lookup_env(&self, name: &str) -> Option<&Attr> {
        self.env
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

impl<'f> Ev<'f> {
    pub(crate) fn new(
        defs: &'f BTreeMap<String, ModuleDef<'f>>,
        files: &'f [ProjectFile],
        opts: &'f Options,
        issues: Vec<AdapterIssue>,
    ) -> Ev<'f> {
        Ev {
            defs,
            kept: super::file_index(files),
            opts,
            issues: RefCell::new(issues),
            steps: Cell::new(0),
            depth: Cell::new(0),
            refs: RefCell::new(Vec::new()),
            resources: Cell::new(0),
        }
    }

    /// Charges `n` steps; false when the budget is spent.
    /// Whether the budget ran out at some point.
    pub(crate) fn exhausted(&self) -> bool {
        self.steps.get() > limits::STEPS
    }

    pub(crate) fn steps(&self) -> u64 {
        self.steps.get()
    }

    pub(crate) fn charge(&self, n: u64) -> bool {
        let s = self.steps.get().saturating_add(n);
        self.steps.set(s);
        s <= limits::STEPS
    }

    fn add_refs(&self, refs: &[String]) {
        if refs.is_empty() {
            return;
        }
        if let Some(top) = self.refs.borrow_mut().last_mut() {
            top.extend(refs.iter().cloned());
        }
    }

    pub(crate) fn add_ref(&self, r: String) {
        if let Some(top) = self.refs.borrow_mut().last_mut() {
            top.push(r);
        }
    }

    /// A value with the resources it was computed from.
    pub(crate) fn expr_val(&self, sc: &mut Scope<'_, 'f>, e: &Expression) -> Val {
        self.refs.borrow_mut().push(Vec::new());
        let attr = self.expr(sc, e);
        let mut refs = self.refs.borrow_mut().pop().unwrap_or_default();
        refs.sort();
        refs.dedup();
        // Readers take the references when they read the value (see `read`).
        Val {
            attr,
            refs: Rc::new(refs),
        }
    }

    /// Reads a stored value into the current computation (its references and its cost).
    fn read(&self, v: Val) -> Attr {
        self.add_refs(&v.refs);
        let (w, depth) = weight_depth(&v.attr, limits::VALUE_NODES);
        if w >= limits::VALUE_NODES || depth > limits::VALUE_DEPTH {
            return Attr::unknown(
                "value too large or too deeply nested to evaluate",
                v.attr.span.clone(),
            );
        }
        if !self.charge(w as u64) {
            return Attr::unknown("evaluation budget exhausted", v.attr.span.clone());
        }
        v.attr
    }

    pub(crate) fn expr(&self, sc: &mut Scope<'_, 'f>, e: &Expression) -> Attr {
        let span = sc.span(e.span());
        if !self.charge(1) {
            return Attr::unknown(
                "evaluation budget exhausted: the configuration is too large to evaluate",
                span,
            );
        }
        if self.depth.get() >= limits::EVAL_DEPTH {
            return Attr::unknown("expressions nested too deep to evaluate", span);
        }
        self.depth.set(self.depth.get() + 1);
        let out = self.expr_inner(sc, e, span);
        self.depth.set(self.depth.get() - 1);
        out
    }

    fn expr_inner(&self, sc: &mut Scope<'_, 'f>, e: &Expression, span: Span) -> Attr {
        let value = match e {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Value::Null, Value::Number),
            Expression::String(s) => Value::String(s.value().to_string()),
            Expression::Array(a) => {
                let items: Vec<Attr> = a.iter().map(|x| self.expr(sc, x)).collect();
                Value::List(items)
            }
            Expression::Object(o) => {
                let mut m = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            let kv = match ke {
                                // `{ (var.x) = 1 }` and `{ foo = 1 }` written as an expression.
                                Expression::Variable(v) if sc.lookup_env(v.as_str()).is_none() => {
                                    Attr::new(Value::String(v.as_str().to_string()), span.clone())
                                }
                                _ => self.expr(sc, ke),
                            };
                            match to_str(&kv) {
                                Ok(s) => s,
                                Err(u) => return u,
                            }
                        }
                    };
                    let val = self.expr(sc, v.expr());
                    m.insert(key, val);
                }
                Value::Map(m)
            }
            Expression::StringTemplate(t) => return self.template(sc, t, span),
            Expression::HeredocTemplate(h) => return self.template(sc, &h.template, span),
            Expression::Parenthesis(p) => return self.expr(sc, p.inner()),
            Expression::Variable(v) => return self.variable(sc, v.as_str(), &[], span),
            Expression::Traversal(t) => {
                if let Expression::Variable(v) = &t.expr {
                    return self.variable(sc, v.as_str(), &t.operators, span);
                }
                let base = self.expr(sc, &t.expr);
                return self.apply_ops(sc, base, &t.operators, span);
            }
            Expression::Conditional(c) => {
                let cond = self.expr(sc, &c.cond_expr);
                return match to_bool(&cond) {
                    Ok(true) => with_origin(self.expr(sc, &c.true_expr), &cond),
                    Ok(false) => with_origin(self.expr(sc, &c.false_expr), &cond),
                    Err(u) => u,
                };
            }
            Expression::FuncCall(f) => return super::functions::call(self, sc, f, span),
            Expression::UnaryOp(u) => {
                let v = self.expr(sc, &u.expr);
                if v.is_unknown() {
                    return v;
                }
                let out = match u.operator.value() {
                    UnaryOperator::Neg => v.as_f64().map(|n| Value::Number(-n)),
                    UnaryOperator::Not => to_bool(&v).ok().map(|b| Value::Bool(!b)),
                };
                return match out {
                    Some(x) => Attr {
                        value: x,
                        span,
                        origin: v.origin,
                    },
                    None => error("operand of the wrong type", span),
                };
            }
            Expression::BinaryOp(b) => {
                return self.binary(sc, b.operator.value(), &b.lhs_expr, &b.rhs_expr, span)
            }
            Expression::ForExpr(f) => return self.for_expr(sc, f, span),
        };
        Attr::new(value, span)
    }

    fn binary(
        &self,
        sc: &mut Scope<'_, 'f>,
        op: &BinaryOperator,
        l: &Expression,
        r: &Expression,
        span: Span,
    ) -> Attr {
        let a = self.expr(sc, l);
        // `false && x`, `true || x` are decided by their left side.
        match (op, to_bool(&a)) {
            (BinaryOperator::And, Ok(false)) => {
                return Attr {
                    value: Value::Bool(false),
                    span,
                    origin: a.origin,
                }
            }
            (BinaryOperator::Or, Ok(true)) => {
                return Attr {
                    value: Value::Bool(true),
                    span,
                    origin: a.origin,
                }
            }
            _ => {}
        }
        let b = self.expr(sc, r);
        let origin = merge_origins(&[&a, &b]);
        let mk = |v: Value| Attr {
            value: v,
            span: span.clone(),
            origin: origin.clone(),
        };
        if matches!(op, BinaryOperator::Eq | BinaryOperator::NotEq) {
            let Some(eq) = equal3(&a, &b) else {
                return first_unknown(&a)
                    .or_else(|| first_unknown(&b))
                    .cloned()
                    .unwrap_or_else(|| {
                        Attr::unknown("comparison of unknown values", span.clone())
                    });
            };
            return mk(Value::Bool(if *op == BinaryOperator::Eq {
                eq
            } else {
                !eq
            }));
        }
        if a.is_unknown() {
            return a;
        }
        if b.is_unknown() {
            return b;
        }
        match op {
            BinaryOperator::And | BinaryOperator::Or => match (to_bool(&a), to_bool(&b)) {
                (Ok(x), Ok(y)) => mk(Value::Bool(if *op == BinaryOperator::And {
                    x && y
                } else {
                    x || y
                })),
                (Err(u), _) | (_, Err(u)) => u,
            },
            _ => {
                let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                    return error(
                        "arithmetic or comparison on a value that is not a number",
                        span,
                    );
                };
                let v = match op {
                    BinaryOperator::Plus => Value::Number(x + y),
                    BinaryOperator::Minus => Value::Number(x - y),
                    BinaryOperator::Mul => Value::Number(x * y),
                    BinaryOperator::Div if y == 0.0 => return error("division by zero", span),
                    BinaryOperator::Div => Value::Number(x / y),
                    BinaryOperator::Mod if y == 0.0 => return error("modulo by zero", span),
                    BinaryOperator::Mod => Value::Number(x % y),
                    BinaryOperator::Less => Value::Bool(x < y),
                    BinaryOperator::LessEq => Value::Bool(x <= y),
                    BinaryOperator::Greater => Value::Bool(x > y),
                    BinaryOperator::GreaterEq => Value::Bool(x >= y),
                    _ => return error("unsupported operator", span),
                };
                mk(v)
            }
        }
    }

    fn for_expr(&self, sc: &mut Scope<'_, 'f>, f: &hcl_edit::expr::ForExpr, span: Span) -> Attr {
        let coll = self.expr(sc, &f.intro.collection_expr);
        let items: Vec<(Attr, Attr)> = match &coll.value {
            Value::Unknown(_) => return coll,
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    (
                        Attr::new(Value::Number(i as f64), x.span.clone()),
                        x.clone(),
                    )
                })
                .collect(),
            Value::Map(m) => m
                .iter()
                .map(|(k, x)| {
                    (
                        Attr::new(Value::String(k.clone()), x.span.clone()),
                        x.clone(),
                    )
                })
                .collect(),
            Value::Null => return error("`for` over null", span),
            _ => return error("`for` over a value that is not a collection", span),
        };
        if items.len() > limits::ELEMENTS {
            return Attr::unknown("`for` over too many elements", span);
        }
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vname = f.intro.value_var.as_str().to_string();
        let base = sc.env.len();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Attr> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Attr>> = BTreeMap::new();
        let mut result = None;
        for (k, v) in items {
            sc.env.truncate(base);
            if let Some(kn) = &kname {
                sc.env.push((kn.clone(), k));
            }
            sc.env.push((vname.clone(), v));
            if let Some(c) = &f.cond {
                let cv = self.expr(sc, &c.expr);
                match to_bool(&cv) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(u) => {
                        result = Some(u);
                        break;
                    }
                }
            }
            let val = self.expr(sc, &f.value_expr);
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let kv = self.expr(sc, ke);
                    let key = match to_str(&kv) {
                        Ok(s) => s,
                        Err(u) => {
                            result = Some(u);
                            break;
                        }
                    };
                    if f.grouping {
                        groups.entry(key).or_default().push(val);
                    } else {
                        match map.entry(key) {
                            std::collections::btree_map::Entry::Occupied(o) => {
                                result = Some(error(format!("duplicate key \"{}\" in a `for` expression (use `...` to group)", o.key()), span.clone()));
                                break;
                            }
                            std::collections::btree_map::Entry::Vacant(v) => {
                                v.insert(val);
                            }
                        }
                    }
                }
            }
        }
        sc.env.truncate(base);
        if let Some(r) = result {
            return r;
        }
        let value = if f.key_expr.is_none() {
            Value::List(list)
        } else if f.grouping {
            Value::Map(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Attr::new(Value::List(v), span.clone())))
                    .collect(),
            )
        } else {
            Value::Map(map)
        };
        Attr {
            value,
            span,
            origin: coll.origin,
        }
    }

    pub(crate) fn template(&self, sc: &mut Scope<'_, 'f>, t: &Template, span: Span) -> Attr {
        // A template of one interpolation is the interpolated value itself, of any type.
        if let Some(Element::Interpolation(i)) = t.as_single_element() {
            return self.expr(sc, &i.expr);
        }
        let mut out = String::new();
        let mut origin = Vec::new();
        if let Err(u) = self.template_into(sc, t, &mut out, &mut origin, &span, (false, false)) {
            return u;
        }
        Attr {
            value: Value::String(out),
            span,
            origin,
        }
    }

    fn template_into(
        &self,
        sc: &mut Scope<'_, 'f>,
        t: &Template,
        out: &mut String,
        origin: &mut Vec<Trace>,
        span: &Span,
        // Whether the directive around this body strips the whitespace at its start / end.
        trim: (bool, bool),
    ) -> Result<(), Attr> {
        let elems: Vec<&Element> = t.iter().collect();
        for (i, el) in elems.iter().enumerate() {
            match el {
                Element::Literal(l) => {
                    let mut s: &str = l.value();
                    // `~` strip markers on the neighbours trim this literal's whitespace.
                    if (i > 0 && strips_after(elems[i - 1])) || (i == 0 && trim.0) {
                        s = s.trim_start();
                    }
                    if (i + 1 < elems.len() && strips_before(elems[i + 1]))
                        || (i + 1 == elems.len() && trim.1)
                    {
                        s = s.trim_end();
                    }
                    out.push_str(s);
                }
                Element::Interpolation(x) => {
                    let v = self.expr(sc, &x.expr);
                    let s = to_str(&v)?;
                    origin.extend(v.origin.iter().cloned());
                    out.push_str(&s);
                }
                Element::Directive(d) => match &**d {
                    Directive::If(ifd) => {
                        let c = self.expr(sc, &ifd.if_expr.cond_expr);
                        if to_bool(&c)? {
                            let end = match &ifd.else_expr {
                                Some(e) => e.strip.strip_start(),
                                None => ifd.endif_expr.strip.strip_start(),
                            };
                            let trim = (ifd.if_expr.strip.strip_end(), end);
                            self.template_into(sc, &ifd.if_expr.template, out, origin, span, trim)?;
                        } else if let Some(e) = &ifd.else_expr {
                            let trim = (e.strip.strip_end(), ifd.endif_expr.strip.strip_start());
                            self.template_into(sc, &e.template, out, origin, span, trim)?;
                        }
                    }
                    Directive::For(fd) => {
                        let fe = &fd.for_expr;
                        let coll = self.expr(sc, &fe.collection_expr);
                        let items: Vec<(Attr, Attr)> = match &coll.value {
                            Value::Unknown(_) => return Err(coll),
                            Value::List(l) => l
                                .iter()
                                .enumerate()
                                .map(|(i, x)| (num(i as f64, span), x.clone()))
                                .collect(),
                            Value::Map(m) => m
                                .iter()
                                .map(|(k, x)| (string(k, span), x.clone()))
                                .collect(),
                            _ => {
                                return Err(error(
                                    "template `for` over a value that is not a collection",
                                    span.clone(),
                                ))
                            }
                        };
                        let base = sc.env.len();
                        for (k, v) in items {
                            sc.env.truncate(base);
                            if let Some(kn) = &fe.key_var {
                                sc.env.push((kn.as_str().to_string(), k));
                            }
                            sc.env.push((fe.value_var.as_str().to_string(), v));
                            let trim = (fe.strip.strip_end(), fd.endfor_expr.strip.strip_start());
                            let r = self.template_into(sc, &fe.template, out, origin, span, trim);
                            if r.is_err() {
                                sc.env.truncate(base);
                                return r;
                            }
                        }
                        sc.env.truncate(base);
                    }
                },
            }
            if out.len() > limits::STRING {
                return Err(Attr::unknown("template result is too long", span.clone()));
            }
        }
        Ok(())
    }

    /// A name at the root of a traversal, with the operators after it.
    fn variable(
        &self,
        sc: &mut Scope<'_, 'f>,
        name: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Attr {
        if let Some(v) = sc.lookup_env(name) {
            let v = v.clone();
            return self.apply_ops(sc, v, ops, span);
        }
        let first = match ops.first().map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        let rest = if ops.is_empty() { ops } else { &ops[1..] };
        match (name, first) {
            ("var" | "local", Some(n)) => {
                let Some(inst) = sc.inst else {
                    return Attr::unknown(format!("`{name}.{n}` is not available here"), span);
                };
                let v = if name == "var" {
                    self.var(inst, n, &span)
                } else {
                    self.local(inst, n, &span)
                };
                let v = self.read(v);
                self.apply_ops(sc, v, rest, span)
            }
            ("path", Some(n)) => {
                let Some(inst) = sc.inst else {
                    return Attr::unknown(format!("`path.{n}` is not available here"), span);
                };
                let v = match n {
                    "module" => dot(&inst.def.dir),
                    "root" => dot(&inst.root_dir),
                    "cwd" => ".".to_string(),
                    _ => return error(format!("no `path.{n}`"), span),
                };
                Attr::new(Value::String(v), span)
            }
            ("terraform", Some("workspace")) => Attr::new(Value::String("default".into()), span),
            ("data", Some(t)) => {
                let n = match ops.get(1).map(|o| o.value()) {
                    Some(TraversalOperator::GetAttr(a)) => a.as_str(),
                    _ => "",
                };
                // The relation is kept; the value is unknown unless the evaluator can
                // compute the data source offline.
                if let Some(inst) = sc.inst {
                    self.add_ref(format!("{}data.{t}.{n}", inst.prefix));
                }
                if super::policy::is_offline(t) && !n.is_empty() {
                    let rest = ops.get(2..).unwrap_or(&[]);
                    if let Some(v) = self.data_ref(sc, &format!("{t}.{n}"), rest, span.clone()) {
                        return v;
                    }
                }
                Attr::unknown(
                    format!("data source `data.{t}.{n}` is read when planning, not known offline"),
                    span,
                )
            }
            ("module", Some(m)) => self.module_ref(sc, m, rest, span),
            ("self", _) => Attr::unknown("`self` is only known after apply", span),
            ("count", _) => Attr::unknown("`count.index` used outside a block with `count`", span),
            ("each", _) => Attr::unknown("`each` used outside a block with `for_each`", span),
            (_, Some(rname)) if sc.inst.is_some() => self.resource_ref(sc, name, rname, rest, span),
            _ => error(format!("unknown name `{name}`"), span),
        }
    }

    fn resource_ref(
        &self,
        sc: &mut Scope<'_, 'f>,
        rtype: &str,
        rname: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Attr {
        let inst = sc.inst.expect("checked by the caller");
        let key = format!("{rtype}.{rname}");
        let addr = format!("{}{key}", inst.prefix);
        let Some(set) = self.resource_set(inst, &key) else {
            self.add_ref(addr.clone());
            let why = if inst.def.resource_index.contains_key(&key) {
                "refers to itself"
            } else {
                "is not declared in this module"
            };
            return Attr::unknown(format!("resource `{addr}` {why}"), span);
        };
        self.set_ref(sc, &set, &addr, ops, span, false)
    }

    /// A data source the evaluator computes offline (`aws_iam_policy_document`); other
    /// data sources, and one not declared in the module, are unknown.
    fn data_ref(
        &self,
        sc: &mut Scope<'_, 'f>,
        key: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Option<Attr> {
        let inst = sc.inst?;
        if !inst.def.data_index.contains_key(key) {
            return None;
        }
        let addr = format!("{}data.{key}", inst.prefix);
        let Some(set) = self.data_set(inst, key) else {
            return Some(Attr::unknown(
                format!("data source `{addr}` refers to itself"),
                span,
            ));
        };
        Some(self.set_ref(sc, &set, &addr, ops, span, true))
    }

    /// An attribute of one instance, all instances or the whole of a resource or data
    /// source set. `data` reads a data source: no relations besides the one its caller
    /// records, and attributes it has not computed are unknown offline.
    fn set_ref(
        &self,
        sc: &mut Scope<'_, 'f>,
        set: &super::module::ResSet,
        addr: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
        data: bool,
    ) -> Attr {
        let addr = addr.to_string();
        let add_ref = |ev: &Self, r: String| {
            if !data {
                ev.add_ref(r);
            }
        };
        let after_apply = |a: &str| {
            if data {
                format!("`{addr}.{a}` of a data source is read when planning, not known offline")
            } else {
                format!("`{addr}.{a}` is only known after apply")
            }
        };
        let attr_of = |ev: &Self,
                       sc: &mut Scope<'_, 'f>,
                       a: &Attr,
                       ops: &[hcl_edit::Decorated<TraversalOperator>],
                       addr: &str|
         -> Attr {
            match ops.first().map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(n)) => {
                    match a.as_map().and_then(|m| m.get(n.as_str())) {
                        Some(v) => {
                            let (w, depth) = weight_depth(v, limits::VALUE_NODES);
                            if w >= limits::VALUE_NODES
                                || depth > limits::VALUE_DEPTH
                                || !ev.charge(w as u64)
                            {
                                return Attr::unknown(
                                    "value too large or too deeply nested to evaluate",
                                    span.clone(),
                                );
                            }
                            let mut v = v.clone();
                            v.span = span.clone();
                            ev.apply_ops(sc, v, &ops[1..], span.clone())
                        }
                        None => Attr::unknown(
                            if data {
                                format!(
                                    "`{addr}.{}` of a data source is read when planning, not known offline",
                                    n.as_str()
                                )
                            } else {
                                format!("`{addr}.{}` is only known after apply", n.as_str())
                            },
                            span.clone(),
                        ),
                    }
                }
                _ => ev.apply_ops(sc, a.clone(), ops, span.clone()),
            }
        };
        match set.shape {
            Shape::Single => {
                add_ref(self, addr.clone());
                match set.instances.first() {
                    Some(ri) => attr_of(self, sc, &ri.attrs, ops, &addr),
                    None => Attr::unknown(after_apply("?"), span),
                }
            }
            Shape::Star => {
                add_ref(self, format!("{addr}[*]"));
                Attr::unknown(
                    format!("`{addr}` has instances that could not be expanded"),
                    span,
                )
            }
            Shape::Count | Shape::ForEach => match ops.first().map(|o| o.value()) {
                Some(TraversalOperator::Index(ix)) => {
                    let k = self.expr(sc, ix);
                    if k.is_unknown() {
                        for ri in &set.instances {
                            add_ref(self, format!("{addr}{}", ri.key.suffix()));
                        }
                        return k;
                    }
                    let want = match (&set.shape, &k.value) {
                        (Shape::Count, _) => k.as_f64().map(|n| Key::Index(n as usize)),
                        (_, Value::String(s)) => Some(Key::Name(s.clone())),
                        _ => None,
                    };
                    let Some(want) = want else {
                        return error(format!("bad index into `{addr}`"), span);
                    };
                    add_ref(self, format!("{addr}{}", want.suffix()));
                    match set.instances.iter().find(|ri| ri.key == want) {
                        Some(ri) => {
                            let a = format!("{addr}{}", want.suffix());
                            attr_of(self, sc, &ri.attrs, &ops[1..], &a)
                        }
                        None => error(format!("`{addr}{}` does not exist", want.suffix()), span),
                    }
                }
                Some(TraversalOperator::LegacyIndex(i)) => {
                    let want = Key::Index(*i.value() as usize);
                    add_ref(self, format!("{addr}{}", want.suffix()));
                    match set.instances.iter().find(|ri| ri.key == want) {
                        Some(ri) => attr_of(self, sc, &ri.attrs, &ops[1..], &addr),
                        None => error(format!("`{addr}{}` does not exist", want.suffix()), span),
                    }
                }
                Some(TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_)) => {
                    let mut items = Vec::new();
                    for ri in &set.instances {
                        add_ref(self, format!("{addr}{}", ri.key.suffix()));
                        items.push(attr_of(self, sc, &ri.attrs, &ops[1..], &addr));
                    }
                    Attr::new(Value::List(items), span)
                }
                _ => {
                    for ri in &set.instances {
                        add_ref(self, format!("{addr}{}", ri.key.suffix()));
                    }
                    let whole = if set.shape == Shape::Count {
                        Value::List(set.instances.iter().map(|ri| ri.attrs.clone()).collect())
                    } else {
                        Value::Map(
                            set.instances
                                .iter()
                                .map(|ri| {
                                    (
                                        match &ri.key {
                                            Key::Name(n) => n.clone(),
                                            _ => String::new(),
                                        },
                                        ri.attrs.clone(),
                                    )
                                })
                                .collect(),
                        )
                    };
                    self.apply_ops(sc, Attr::new(whole, span.clone()), ops, span)
                }
            },
        }
    }

    fn module_ref(
        &self,
        sc: &mut Scope<'_, 'f>,
        name: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Attr {
        let Some(inst) = sc.inst else {
            return Attr::unknown("`module` is not available here", span);
        };
        let Some(set) = self.call_set(inst, name) else {
            if inst.def.call_index.contains_key(name) {
                return Attr::unknown(format!("module `{name}` depends on itself"), span);
            }
            return error(format!("no module `{name}` in {}", inst.name()), span);
        };
        if let Some(u) = &set.unknown {
            return Attr::unknown(u.clone(), span);
        }
        let out_of = |ev: &Self,
                      sc: &mut Scope<'_, 'f>,
                      child: &Rc<Inst<'f>>,
                      ops: &[hcl_edit::Decorated<TraversalOperator>]|
         -> Attr {
            match ops.first().map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(o)) => {
                    let v = ev.output(child, o.as_str(), &span);
                    let v = ev.read(v);
                    ev.apply_ops(sc, v, &ops[1..], span.clone())
                }
                _ => {
                    let mut m = BTreeMap::new();
                    for o in child.def.outputs.keys() {
                        let v = ev.output(child, o, &span);
                        m.insert(o.to_string(), ev.read(v));
                    }
                    ev.apply_ops(
                        sc,
                        Attr::new(Value::Map(m), span.clone()),
                        ops,
                        span.clone(),
                    )
                }
            }
        };
        match set.shape {
            Shape::Single => match set.instances.first() {
                Some((_, c)) => out_of(self, sc, c, ops),
                None => Attr::unknown(format!("module `{name}` has no instance"), span),
            },
            Shape::Star => Attr::unknown(
                format!("module `{name}` has instances that could not be expanded"),
                span,
            ),
            Shape::Count | Shape::ForEach => {
                let want = match ops.first().map(|o| o.value()) {
                    Some(TraversalOperator::Index(ix)) => {
                        let k = self.expr(sc, ix);
                        if k.is_unknown() {
                            return k;
                        }
                        match (&set.shape, &k.value) {
                            (Shape::Count, _) => k.as_f64().map(|n| Key::Index(n as usize)),
                            (_, Value::String(s)) => Some(Key::Name(s.clone())),
                            _ => None,
                        }
                    }
                    Some(TraversalOperator::LegacyIndex(i)) => {
                        Some(Key::Index(*i.value() as usize))
                    }
                    Some(TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_)) => {
                        let items = set
                            .instances
                            .iter()
                            .map(|(_, c)| out_of(self, sc, c, &ops[1..]))
                            .collect();
                        return Attr::new(Value::List(items), span);
                    }
                    _ => {
                        let whole = if set.shape == Shape::Count {
                            Value::List(
                                set.instances
                                    .iter()
                                    .map(|(_, c)| out_of(self, sc, c, &[]))
                                    .collect(),
                            )
                        } else {
                            Value::Map(
                                set.instances
                                    .iter()
                                    .map(|(k, c)| {
                                        (
                                            match k {
                                                Key::Name(n) => n.clone(),
                                                _ => String::new(),
                                            },
                                            out_of(self, sc, c, &[]),
                                        )
                                    })
                                    .collect(),
                            )
                        };
                        return self.apply_ops(sc, Attr::new(whole, span.clone()), ops, span);
                    }
                };
                match want.and_then(|w| set.instances.iter().find(|(k, _)| *k == w)) {
                    Some((_, c)) => out_of(self, sc, c, &ops[1..]),
                    None => error(format!("no such instance of module `{name}`"), span),
                }
            }
        }
    }

    /// Attribute access, indexing and splats on a value.
    pub(crate) fn apply_ops(
        &self,
        sc: &mut Scope<'_, 'f>,
        base: Attr,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Attr {
        let mut cur = base;
        for (i, op) in ops.iter().enumerate() {
            if cur.is_unknown() {
                return cur;
            }
            match op.value() {
                TraversalOperator::GetAttr(n) => {
                    cur = match &cur.value {
                        Value::Map(m) => match m.get(n.as_str()) {
                            Some(v) => keep_origin(v.clone(), &cur),
                            None => return error(format!("no attribute `{}`", n.as_str()), span),
                        },
                        Value::Null => {
                            return error(format!("attribute `{}` of null", n.as_str()), span)
                        }
                        _ => {
                            return error(
                                format!(
                                    "attribute `{}` of a value that is not an object",
                                    n.as_str()
                                ),
                                span,
                            )
                        }
                    }
                }
                TraversalOperator::Index(ix) => {
                    let k = self.expr(sc, ix);
                    cur = index(&cur, &k, &span);
                }
                TraversalOperator::LegacyIndex(ix) => {
                    cur = index(&cur, &num(*ix.value() as f64, &span), &span);
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items: Vec<Attr> = match &cur.value {
                        Value::List(l) => l.clone(),
                        Value::Null => Vec::new(),
                        _ => vec![cur.clone()],
                    };
                    let rest = &ops[i + 1..];
                    let out = items
                        .into_iter()
                        .map(|x| self.apply_ops(sc, x, rest, span.clone()))
                        .collect();
                    return Attr::new(Value::List(out), span);
                }
            }
        }
        cur
    }

    /// A block body: attributes, nested blocks (lists of maps) and `dynamic` blocks.
    /// `top` drops the meta-arguments of a resource.
    pub(crate) fn body(&self, sc: &mut Scope<'_, 'f>, body: &Body, span: Span, top: bool) -> Attr {
        let mut map: BTreeMap<String, Attr> = BTreeMap::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let key = a.key.as_str();
                    if top && matches!(key, "count" | "for_each" | "provider" | "depends_on") {
                        continue;
                    }
                    let mut v = self.expr(sc, &a.value);
                    v.span = sc.span(a.span());
                    map.insert(key.to_string(), v);
                }
                Structure::Block(b) if b.ident.as_str() == "dynamic" => {
                    let Some(name) = b.labels.first().map(super::module::label) else {
                        continue;
                    };
                    let bspan = sc.span(b.span());
                    let entry = map
                        .entry(name.to_string())
                        .or_insert_with(|| Attr::new(Value::List(Vec::new()), bspan.clone()));
                    if entry.is_unknown() {
                        continue;
                    }
                    match self.dynamic(sc, b, name, bspan) {
                        Ok(items) => {
                            if let Value::List(l) = &mut entry.value {
                                l.extend(items);
                            }
                        }
                        Err(u) => *entry = u,
                    }
                }
                Structure::Block(b) => {
                    let bspan = sc.span(b.span());
                    let inner = self.body(sc, &b.body, bspan.clone(), false);
                    let entry = map
                        .entry(b.ident.as_str().to_string())
                        .or_insert_with(|| Attr::new(Value::List(Vec::new()), bspan));
                    if let Value::List(items) = &mut entry.value {
                        items.push(inner);
                    }
                }
            }
        }
        Attr::new(Value::Map(map), span)
    }

    fn dynamic(
        &self,
        sc: &mut Scope<'_, 'f>,
        b: &hcl_edit::structure::Block,
        name: &str,
        span: Span,
    ) -> Result<Vec<Attr>, Attr> {
        let Some(fe) = b.body.get_attribute("for_each") else {
            return Err(error(format!("dynamic \"{name}\" has no for_each"), span));
        };
        let coll = self.expr(sc, &fe.value);
        let items: Vec<(Attr, Attr)> = match &coll.value {
            Value::Unknown(u) => {
                return Err(Attr::unknown(
                    format!(
                        "the `{name}` blocks are unknown: their dynamic for_each is unknown ({})",
                        u.reason
                    ),
                    span,
                ))
            }
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, x)| (num(i as f64, &span), x.clone()))
                .collect(),
            Value::Map(m) => m
                .iter()
                .map(|(k, x)| (string(k, &span), x.clone()))
                .collect(),
            Value::Null => Vec::new(),
            _ => {
                return Err(error(
                    format!("dynamic \"{name}\": for_each is not a collection"),
                    span,
                ))
            }
        };
        if items.len() > limits::INSTANCES {
            return Err(Attr::unknown(
                format!("dynamic \"{name}\": too many blocks"),
                span,
            ));
        }
        let iter = match b.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            _ => name.to_string(),
        };
        let Some(content) = b.body.get_blocks("content").next() else {
            return Err(error(
                format!("dynamic \"{name}\" has no content block"),
                span,
            ));
        };
        let cspan = sc.span(content.span());
        let mut out = Vec::new();
        for (k, v) in items {
            let mut m = BTreeMap::new();
            m.insert("key".to_string(), k);
            m.insert("value".to_string(), v);
            sc.env
                .push((iter.clone(), Attr::new(Value::Map(m), span.clone())));
            let inner = self.body(sc, &content.body, cspan.clone(), false);
            sc.env.pop();
            out.push(inner);
        }
        Ok(out)
    }
}

fn dot(dir: &str) -> String {
    if dir.is_empty() {
        ".".into()
    } else {
        dir.to_string()
    }
}

pub(crate) fn num(n: f64, span: &Span) -> Attr {
    Attr::new(Value::Number(n), span.clone())
}

pub(crate) fn string(s: &str, span: &Span) -> Attr {
    Attr::new(Value::String(s.to_string()), span.clone())
}

/// A value read out of a larger one keeps the larger one's origin when it has none.
pub(crate) fn keep_origin(mut v: Attr, parent: &Attr) -> Attr {
    if v.origin.is_empty() {
        v.origin = parent.origin.clone();
    }
    v
}

fn with_origin(mut v: Attr, cond: &Attr) -> Attr {
    for t in &cond.origin {
        if !v.origin.contains(t) && v.origin.len() < 8 {
            v.origin.push(t.clone());
        }
    }
    v
}

pub(crate) fn merge_origins(attrs: &[&Attr]) -> Vec<Trace> {
    let mut out: Vec<Trace> = Vec::new();
    for a in attrs {
        for t in &a.origin {
            if !out.contains(t) && out.len() < 8 {
                out.push(t.clone());
            }
        }
    }
    out
}

pub(crate) fn index(cur: &Attr, k: &Attr, span: &Span) -> Attr {
    if k.is_unknown() {
        return k.clone();
    }
    match &cur.value {
        Value::List(l) => match k.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => match l.get(n as usize) {
                Some(v) => keep_origin(v.clone(), cur),
                None => error(
                    format!("index {n} out of range (length {})", l.len()),
                    span.clone(),
                ),
            },
            _ => error("list index is not a whole number", span.clone()),
        },
        Value::Map(m) => match to_str(k) {
            Ok(s) => match m.get(&s) {
                Some(v) => keep_origin(v.clone(), cur),
                None => error(format!("no key \"{s}\""), span.clone()),
            },
            Err(u) => u,
        },
        Value::Unknown(_) => cur.clone(),
        _ => error("index into a value that is not a collection", span.clone()),
    }
}

/// The first unknown anywhere in a value.
pub(crate) fn first_unknown(a: &Attr) -> Option<&Attr> {
    match &a.value {
        Value::Unknown(_) => Some(a),
        Value::List(l) => l.iter().find_map(first_unknown),
        Value::Map(m) => m.values().find_map(first_unknown),
        _ => None,
    }
}

/// How many nodes a value has (counting up to `cap`) and how deep it nests (counting up
/// to one past [`limits::VALUE_DEPTH`]).
pub(crate) fn weight_depth(a: &Attr, cap: usize) -> (usize, usize) {
    fn go(a: &Attr, n: &mut usize, d: usize, max: &mut usize, cap: usize) {
        *n += 1;
        *max = (*max).max(d);
        if *n >= cap || d > limits::VALUE_DEPTH {
            return;
        }
        match &a.value {
            Value::List(l) => l.iter().for_each(|x| go(x, n, d + 1, max, cap)),
            Value::Map(m) => m.values().for_each(|x| go(x, n, d + 1, max, cap)),
            _ => {}
        }
    }
    let (mut n, mut max) = (0, 0);
    go(a, &mut n, 0, &mut max, cap);
    (n, max)
}

/// Deep equality of values (spans and origins aside).
pub(crate) fn equal(a: &Attr, b: &Attr) -> bool {
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && equal(v1, v2))
        }
        _ => false,
    }
}

/// Equality that is decided wherever the known parts decide it (`x != null` of an
/// object with unknown attributes is true); `None` when an unknown decides it.
pub(crate) fn equal3(a: &Attr, b: &Attr) -> Option<bool> {
    match (&a.value, &b.value) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut undecided = false;
            for (p, q) in x.iter().zip(y) {
                match equal3(p, q) {
                    Some(false) => return Some(false),
                    None => undecided = true,
                    Some(true) => {}
                }
            }
            (!undecided).then_some(true)
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().zip(y.keys()).any(|(k1, k2)| k1 != k2) {
                return Some(false);
            }
            let mut undecided = false;
            for (p, q) in x.values().zip(y.values()) {
                match equal3(p, q) {
                    Some(false) => return Some(false),
                    None => undecided = true,
                    Some(true) => {}
                }
            }
            (!undecided).then_some(true)
        }
        _ => Some(equal(a, b)),
    }
}

/// A number as Terraform prints it.
pub(crate) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A primitive value as a string (Terraform's conversion); unknown or an error otherwise.
pub(crate) fn to_str(a: &Attr) -> Result<String, Attr> {
    match &a.value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(fmt_num(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Unknown(_) => Err(a.clone()),
        Value::Null => Err(error("null where a string is needed", a.span.clone())),
        _ => Err(error(
            "a collection where a string is needed",
            a.span.clone(),
        )),
    }
}

pub(crate) fn to_bool(a: &Attr) -> Result<bool, Attr> {
    match &a.value {
        Value::Unknown(_) => Err(a.clone()),
        _ => a
            .as_bool()
            .ok_or_else(|| error("not a bool", a.span.clone())),
    }
}

#[allow(dead_code)]
pub(crate) fn unknown_attr(reason: &str, span: Span) -> Attr {
    Attr {
        value: Value::Unknown(Unknown {
            reason: reason.into(),
        }),
        span,
        origin: Vec::new(),
    }
}

#[allow(dead_code)]
pub(crate) fn val(attr: Attr) -> Val {
    plain(attr)
}

/// Whether an element strips the whitespace of the literal after it (`~}`).
fn strips_after(el: &Element) -> bool {
    match el {
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match &**d {
            Directive::If(x) => x.endif_expr.strip.strip_end(),
            Directive::For(x) => x.endfor_expr.strip.strip_end(),
        },
        Element::Literal(_) => false,
    }
}

/// Whether an element strips the whitespace of the literal before it (`${~`).
fn strips_before(el: &Element) -> bool {
    match el {
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match &**d {
            Directive::If(x) => x.if_expr.strip.strip_start(),
            Directive::For(x) => x.for_expr.strip.strip_start(),
        },
        Element::Literal(_) => false,
    }
}
