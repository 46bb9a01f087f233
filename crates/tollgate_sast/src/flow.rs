//! What is known about each value as a function runs: its constant value where it has
//! one (folded through strings, arithmetic and comparisons, so `if (1 > 2)` is dead and a
//! `switch` on a constant takes one case), its declared or constructed type, whether it
//! carries untrusted data (taint) and from where, and for lists and maps what each
//! element carries (`list.add(safe); list.remove(0)`, `map.get("safe-key")`).
//!
//! The walk hands every call, assignment and literal object it meets to the rules as a
//! site, with these facts attached.

use crate::model::*;
use crate::sources;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A constant, as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Val>),
    /// A library's named constant whose value is not known but whose name is
    /// (`AES.MODE_ECB`), so it can be recognised where it arrives.
    Sym(String),
    Unknown,
}

impl Val {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// A value known exactly (a named constant's value is not).
    pub fn is_known(&self) -> bool {
        !matches!(self, Val::Unknown | Val::Sym(_))
    }
    /// The name of a library constant (`AES.MODE_ECB`).
    pub fn as_sym(&self) -> Option<&str> {
        match self {
            Val::Sym(s) => Some(s),
            _ => None,
        }
    }
}

/// One step of a data flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub span: Span,
    pub what: String,
    /// The file, when it is not the one being analysed (a flow into another file's
    /// function).
    pub file: Option<Arc<str>>,
}

impl Step {
    pub fn at(span: Span, what: impl Into<String>) -> Step {
        Step {
            span,
            what: what.into(),
            file: None,
        }
    }
}

/// Where untrusted data came from and how it got here; `None` when the value is clean.
pub type Taint = Option<Arc<Vec<Step>>>;

fn join_taint(a: &Taint, b: &Taint) -> Taint {
    match (a, b) {
        (Some(x), Some(y)) => Some(if x.len() <= y.len() {
            x.clone()
        } else {
            y.clone()
        }),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

fn extend(t: &Taint, span: Span, what: &str) -> Taint {
    let t = t.as_ref()?;
    if t.len() >= 12 || t.last().is_some_and(|s| s.span == span) {
        return Some(t.clone());
    }
    let mut v = (**t).clone();
    v.push(Step::at(span, what));
    Some(Arc::new(v))
}

/// Elements of a list or map whose contents are tracked one by one.
#[derive(Clone, Debug, PartialEq)]
pub enum Elems {
    List(Vec<Fact>),
    Map(BTreeMap<String, Fact>),
}

/// What is known about a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub val: Val,
    pub taint: Taint,
    /// The declared or constructed type (`Random`, `java.util.Random`, `BigDecimal`).
    pub ty: Option<String>,
    pub elems: Option<Elems>,
}

impl Fact {
    pub fn unknown() -> Fact {
        Fact {
            val: Val::Unknown,
            taint: None,
            ty: None,
            elems: None,
        }
    }
    pub fn of(val: Val) -> Fact {
        Fact {
            val,
            ..Fact::unknown()
        }
    }
    fn tainted(t: Taint) -> Fact {
        Fact {
            taint: t,
            ..Fact::unknown()
        }
    }
    pub fn is_tainted(&self) -> bool {
        self.taint.is_some()
    }
    /// The element under `key` of a map whose entries are tracked.
    pub fn get_elem(&self, key: &str) -> Option<&Fact> {
        match &self.elems {
            Some(Elems::Map(m)) => m.get(key),
            _ => None,
        }
    }
    /// A string whose value is entirely known.
    pub fn str(&self) -> Option<&str> {
        self.val.as_str()
    }

    fn join(&self, o: &Fact) -> Fact {
        Fact {
            val: if self.val == o.val {
                self.val.clone()
            } else {
                Val::Unknown
            },
            taint: join_taint(&self.taint, &o.taint),
            ty: if self.ty == o.ty {
                self.ty.clone()
            } else {
                self.ty.clone().or(o.ty.clone())
            },
            elems: if self.elems == o.elems {
                self.elems.clone()
            } else {
                None
            },
        }
    }

    /// Whether anything in it (itself or any element) is tainted.
    pub fn any_taint(&self) -> Taint {
        let mut t = self.taint.clone();
        match &self.elems {
            Some(Elems::List(l)) => {
                for e in l {
                    t = join_taint(&t, &e.any_taint());
                }
            }
            Some(Elems::Map(m)) => {
                for e in m.values() {
                    t = join_taint(&t, &e.any_taint());
                }
            }
            None => {}
        }
        t
    }
}

type Env = HashMap<String, Fact>;

fn join_env(a: &Env, b: &Env) -> Env {
    let mut out = a.clone();
    for (k, v) in b {
        match out.get(k) {
            Some(x) => {
                let j = x.join(v);
                out.insert(k.clone(), j);
            }
            None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    // A name bound on one branch only may be unbound on the other: its value is unknown.
    for (k, v) in out.iter_mut() {
        if !a.contains_key(k) || !b.contains_key(k) {
            v.val = Val::Unknown;
        }
    }
    out
}

/// A call as a rule sees it.
pub struct CallSite<'a> {
    pub call: &'a Call,
    /// The callee's names, most qualified first: through the imports
    /// (`java.security.MessageDigest.getInstance`, `hashlib.md5`), through the receiver's
    /// type (`Random.nextInt`), and as written.
    pub names: Vec<String>,
    pub recv: Option<Fact>,
    /// Facts of the arguments, in order (keyword arguments included).
    pub args: Vec<Fact>,
    pub func: Option<&'a Function>,
    pub module: &'a Module,
    /// The name a call's result is assigned to, when it is.
    pub assigned_to: Option<String>,
}

impl CallSite<'_> {
    /// Whether one of the callee's names is `pattern` or ends in `.pattern`.
    pub fn is(&self, pattern: &str) -> bool {
        self.names.iter().any(|n| {
            n == pattern
                || (n.len() > pattern.len()
                    && n.ends_with(pattern)
                    && matches!(n.as_bytes()[n.len() - pattern.len() - 1], b'.' | b'/'))
        })
    }
    pub fn is_any(&self, patterns: &[&str]) -> bool {
        patterns.iter().any(|p| self.is(p))
    }
    pub fn method(&self) -> &str {
        self.call.method()
    }
    /// The fact of the `i`-th positional argument.
    pub fn arg(&self, i: usize) -> Option<&Fact> {
        let pos = self
            .call
            .args
            .iter()
            .enumerate()
            .filter(|(_, a)| a.name.is_none())
            .nth(i)?
            .0;
        self.args.get(pos)
    }
    /// The fact of keyword argument `name`.
    pub fn kwarg(&self, name: &str) -> Option<&Fact> {
        let pos = self
            .call
            .args
            .iter()
            .position(|a| a.name.as_deref() == Some(name))?;
        self.args.get(pos)
    }
    pub fn arg_str(&self, i: usize) -> Option<&str> {
        self.arg(i).and_then(Fact::str)
    }
}

/// An assignment or declaration as a rule sees it.
pub struct AssignSite<'a> {
    pub target: &'a Expr,
    /// The target's dotted name (`DEBUG`, `app.debug`, `el.innerHTML`).
    pub name: Option<String>,
    pub ty: Option<&'a str>,
    pub value: Option<&'a Expr>,
    pub fact: Fact,
    pub span: Span,
    pub func: Option<&'a Function>,
    pub module: &'a Module,
    /// In a class body (a field).
    pub field: bool,
}

/// A dictionary, object or struct literal with its entries' keys and facts.
pub struct DictSite<'a> {
    pub ty: Option<&'a str>,
    pub entries: Vec<(Option<String>, Fact, &'a Expr)>,
    pub span: Span,
    pub module: &'a Module,
}

impl DictSite<'_> {
    pub fn get(&self, key: &str) -> Option<&Fact> {
        self.entries
            .iter()
            .find(|(k, _, _)| k.as_deref() == Some(key))
            .map(|(_, f, _)| f)
    }
}

/// Who receives the sites of a walk.
pub trait Visitor {
    fn call(&mut self, site: &CallSite<'_>);
    fn assign(&mut self, site: &AssignSite<'_>);
    fn dict(&mut self, site: &DictSite<'_>);
    /// Untrusted data (`taint`) passed at `site` to a function whose parameter reaches a
    /// sink inside it (`reach`).
    fn reach(&mut self, _site: &CallSite<'_>, _taint: &Arc<Vec<Step>>, _reach: &Reach) {}
}

/// What is known about the module before any function runs: constants assigned once at
/// module level or as class fields (`static final String ALG = "MD5"`).
pub fn globals(m: &Module) -> Env {
    let mut env = Env::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut consider = |s: &Stmt, prefix: Option<&str>, env: &mut Env| {
        if let Stmt::Assign {
            target: Expr::Name(n, _),
            value,
            ty,
            ..
        } = s
        {
            *counts.entry(n.clone()).or_default() += 1;
            let val = value
                .as_ref()
                .map(|v| setting_of(m, v).unwrap_or_else(|| const_of(v)))
                .unwrap_or(Val::Unknown);
            let fact = Fact {
                val,
                taint: None,
                ty: ty.clone(),
                elems: None,
            };
            if let Some(p) = prefix {
                env.insert(format!("{p}.{n}"), fact.clone());
                env.insert(format!("this.{n}"), fact.clone());
            }
            env.insert(n.clone(), fact);
        }
    };
    for s in &m.top {
        consider(s, None, &mut env);
    }
    for c in &m.classes {
        for s in &c.fields {
            consider(s, Some(&c.name), &mut env);
        }
    }
    // A name assigned more than once at module level has no one value.
    for (n, c) in counts {
        if c > 1 {
            if let Some(f) = env.get_mut(&n) {
                f.val = Val::Unknown;
            }
        }
    }
    env
}

/// A field annotated `@Value("${key:default}")` (lowered as `@Value.getProperty(key,
/// default)`): the project's setting, else the default.
pub fn setting_of(m: &Module, e: &Expr) -> Option<Val> {
    let Expr::Call(c) = e else {
        return None;
    };
    if c.callee.dotted().as_deref() != Some("@Value.getProperty") {
        return None;
    }
    let key = match c.args.first().map(|a| &a.value) {
        Some(Expr::Str(k, _)) => k,
        _ => return Some(Val::Unknown),
    };
    Some(match (m.config.get(key), c.args.get(1).map(|a| &a.value)) {
        (Some(v), _) => Val::Str(v.clone()),
        (None, Some(d)) => const_of(d),
        (None, None) => Val::Unknown,
    })
}

/// The constant value of an expression on its own (no variables).
pub fn const_of(e: &Expr) -> Val {
    match e {
        Expr::Str(s, _) => Val::Str(s.clone()),
        Expr::Num(n, _) => parse_num(n).map(Val::Num).unwrap_or(Val::Unknown),
        Expr::Bool(b, _) => Val::Bool(*b),
        Expr::Null(_) => Val::Null,
        Expr::Binary(op, l, r, _) => fold(op, &const_of(l), &const_of(r)),
        Expr::List(items, _) => Val::List(items.iter().map(const_of).collect()),
        _ => Val::Unknown,
    }
}

pub fn parse_num(t: &str) -> Option<f64> {
    let t = t.replace('_', "");
    let t = t.trim_end_matches(['L', 'l', 'f', 'F', 'd', 'D']);
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok().map(|v| v as f64);
    }
    t.parse::<f64>().ok()
}

/// Whether a block always leaves the function (its last statement returns or throws).
fn ends(b: &[Stmt]) -> bool {
    matches!(b.last(), Some(Stmt::Return(..)))
}

fn truthy(v: &Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Num(n) => Some(*n != 0.0),
        Val::Str(s) => Some(!s.is_empty()),
        Val::Null => Some(false),
        _ => None,
    }
}

fn fold(op: &str, l: &Val, r: &Val) -> Val {
    use Val::*;
    match (op, l, r) {
        ("+", Str(a), Str(b)) => Str(format!("{a}{b}")),
        ("+", Str(a), Num(b)) => Str(format!("{a}{}", fmt_num(*b))),
        ("+", Num(a), Str(b)) => Str(format!("{}{b}", fmt_num(*a))),
        ("+", Num(a), Num(b)) => Num(a + b),
        ("-", Num(a), Num(b)) => Num(a - b),
        ("*", Num(a), Num(b)) => Num(a * b),
        ("/", Num(a), Num(b)) if *b != 0.0 => Num(a / b),
        ("%", Num(a), Num(b)) if *b != 0.0 => Num(a % b),
        ("==" | "===" | "is", a, b) if a.is_known() && b.is_known() => Bool(a == b),
        ("!=" | "!==" | "is not", a, b) if a.is_known() && b.is_known() => Bool(a != b),
        ("<", Num(a), Num(b)) => Bool(a < b),
        (">", Num(a), Num(b)) => Bool(a > b),
        ("<=", Num(a), Num(b)) => Bool(a <= b),
        (">=", Num(a), Num(b)) => Bool(a >= b),
        ("&&" | "and", a, b) => match (truthy(a), truthy(b)) {
            (Some(false), _) | (_, Some(false)) => Bool(false),
            (Some(true), Some(true)) => Bool(true),
            _ => Unknown,
        },
        ("||" | "or", a, b) => match (truthy(a), truthy(b)) {
            (Some(true), _) | (_, Some(true)) => Bool(true),
            (Some(false), Some(false)) => Bool(false),
            _ => Unknown,
        },
        _ => Unknown,
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Calls whose result is a number, a boolean or a fixed-format value: untrusted input
/// goes no further through them (an integer cannot carry SQL).
const NUMERIC: &[&str] = &[
    "Integer.parseInt",
    "Integer.valueOf",
    "Long.parseLong",
    "Long.valueOf",
    "Double.parseDouble",
    "Short.parseShort",
    "Boolean.parseBoolean",
    "UUID.fromString",
    "int",
    "float",
    "bool",
    "len",
    "parseInt",
    "parseFloat",
    "Number",
    "strconv.Atoi",
    "strconv.ParseInt",
    "strconv.ParseFloat",
    "strconv.ParseBool",
    "uuid.Parse",
    "uuid.UUID",
    "Boolean",
    // A MongoDB id is 24 hex digits or an error.
    "ObjectId",
    "ObjectId.createFromHexString",
    "isNaN",
    "Math.abs",
];

/// Methods whose result is a number or a boolean whatever the receiver.
const NUMERIC_METHODS: &[&str] = &[
    "length",
    "size",
    "isEmpty",
    "equals",
    "equalsIgnoreCase",
    "startsWith",
    "endsWith",
    "contains",
    "hashCode",
    "indexOf",
    "compareTo",
    "matches",
    "count",
    "isdigit",
    "isnumeric",
    "isalnum",
    "hasNext",
    "test",
    "includes",
];

/// Calls that make a value safe for any sink they sit in front of (encoders, escapers,
/// basename). Sink-specific sanitisers are declared with the sink.
pub const SANITIZERS: &[&str] = &[
    "html.escape",
    "markupsafe.escape",
    "escape",
    "bleach.clean",
    "ESAPI.encoder",
    "StringEscapeUtils.escapeHtml4",
    "StringEscapeUtils.escapeHtml",
    "HtmlUtils.htmlEscape",
    "Encode.forHtml",
    "encodeForHTML",
    "encodeForSQL",
    "encodeForLDAP",
    "encodeForXPath",
    "encodeURIComponent",
    "escapeHtml",
    "html.EscapeString",
    "template.HTMLEscapeString",
    "url.QueryEscape",
    "shlex.quote",
    "pipes.quote",
    "os.path.basename",
    "filepath.Base",
    "path.basename",
    "FilenameUtils.getName",
    "secure_filename",
    "werkzeug.utils.secure_filename",
    "validator.escape",
    "sqlstring.escape",
    "mysql.escape",
    "pg.escapeLiteral",
    "escape_filter_chars",
    "Encode.forLdap",
    "LdapEncoder.filterEncode",
    "escape-html",
];

/// What a function does with untrusted data: whether its result carries some of its own
/// (read from a request inside it), which parameters reach its result, and which reach a
/// sink inside it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub own: bool,
    pub params: Vec<bool>,
    /// Whether the object's own fields reach the result (a wrapper around a request
    /// returns what it holds; a getter of a constant does not).
    pub recv: bool,
    pub sinks: Vec<Reach>,
}

impl Summary {
    /// Both functions' behaviour (two definitions a call may reach).
    pub fn merge(&mut self, o: &Summary) {
        self.own |= o.own;
        self.recv |= o.recv;
        if self.params.len() < o.params.len() {
            self.params.resize(o.params.len(), false);
        }
        for (i, b) in o.params.iter().enumerate() {
            self.params[i] |= b;
        }
        for r in &o.sinks {
            let known = self.sinks.iter().any(|x| {
                x.param == r.param && x.rule == r.rule && x.span == r.span && x.file == r.file
            });
            if !known && self.sinks.len() < 32 {
                self.sinks.push(r.clone());
            }
        }
    }
}

/// A parameter that reaches a sink inside the function.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    pub param: usize,
    /// The data-flow rule's slug (`sql-injection`); a summary is used only by callers of
    /// the same language, whose rules share slugs.
    pub rule: &'static str,
    /// From the parameter to the sink, the sink last.
    pub flow: Arc<Vec<Step>>,
    /// The sink's file, when it is not the caller's.
    pub file: Option<Arc<str>>,
    pub span: Span,
}

/// Functions of the other files of the project, for calls a file's own functions do not
/// answer (see [`crate::callgraph`]).
pub trait Resolve: Sync {
    fn resolve(&self, m: &Module, c: &Call, recv: Option<&Fact>) -> Option<Summary>;
}

/// The walk over one function (or the module's top level).
pub struct Walk<'a, V: Visitor> {
    pub module: &'a Module,
    pub func: Option<&'a Function>,
    pub visitor: &'a mut V,
    env: Env,
    /// Functions of the module by name, with which parameters reach their return value.
    summaries: &'a HashMap<String, Summary>,
    /// Summarising: parameters are not sources by their type or annotation (the caller
    /// says what it passes).
    summarising: bool,
    /// When set, the only place untrusted (here: "derived") data comes from: a rule's own
    /// source, such as a predictable random generator.
    only_source: Option<fn(&CallSite<'_>) -> Option<String>>,
    /// Taint that reached a `return`.
    returned: Taint,
    /// Steps walked, so a pathological function cannot take unbounded time.
    budget: usize,
    /// The project's other files.
    project: Option<&'a dyn Resolve>,
    /// Summarising whether the object's fields reach the result: they start tainted.
    fields_seeded: bool,
}

/// The first step of a flow that starts at a field of the object (see
/// [`Walk::seeding_fields`]).
pub const FIELD_SEED: &str = "a field of the object";

const BUDGET: usize = 200_000;

impl<'a, V: Visitor> Walk<'a, V> {
    pub fn new(
        module: &'a Module,
        func: Option<&'a Function>,
        visitor: &'a mut V,
        globals: &Env,
        summaries: &'a HashMap<String, Summary>,
    ) -> Self {
        Walk {
            module,
            func,
            visitor,
            env: globals.clone(),
            summaries,
            returned: None,
            budget: BUDGET,
            summarising: false,
            only_source: None,
            project: None,
            fields_seeded: false,
        }
    }

    /// A summarising walk in which the fields of the function's class hold untrusted data.
    pub fn seeding_fields(mut self) -> Self {
        self.fields_seeded = true;
        self.summarising = true;
        self
    }

    /// A walk that also follows calls into the project's other files.
    pub fn with_project(mut self, project: Option<&'a dyn Resolve>) -> Self {
        self.project = project;
        self
    }

    /// A walk in which only `source` makes data tainted (requests do not).
    pub fn with_source(mut self, source: fn(&CallSite<'_>) -> Option<String>) -> Self {
        self.only_source = Some(source);
        self
    }

    /// A walk that computes a summary: no parameter is a source unless seeded.
    pub fn summarising(mut self) -> Self {
        self.summarising = true;
        self
    }

    /// Walks a function with its parameters bound: sources where the framework says so,
    /// and `seeded` parameters tainted (for summaries).
    pub fn run(mut self, seeded: Option<usize>) -> Taint {
        if let (true, Some(f)) = (self.fields_seeded, self.func) {
            let fields = self
                .module
                .classes
                .iter()
                .filter(|c| Some(&c.name) == f.class.as_ref())
                .flat_map(|c| c.fields.iter());
            for s in fields {
                if let Stmt::Assign {
                    target: Expr::Name(n, _),
                    span,
                    ..
                } = s
                {
                    let t = Some(Arc::new(vec![Step::at(*span, FIELD_SEED)]));
                    for key in [n.clone(), format!("this.{n}"), format!("self.{n}")] {
                        self.env.entry(key).or_insert_with(Fact::unknown).taint = t.clone();
                    }
                }
            }
        }
        if let Some(f) = self.func {
            for (i, p) in f.params.iter().enumerate() {
                let mut fact = Fact {
                    ty: p.ty.clone(),
                    ..Fact::unknown()
                };
                if let Some(why) = sources::param(self.module, f, p)
                    .filter(|_| !self.summarising && self.only_source.is_none())
                {
                    fact.taint = Some(Arc::new(vec![Step::at(p.span, why)]));
                }
                if seeded == Some(i) {
                    fact.taint = Some(Arc::new(vec![Step::at(
                        p.span,
                        format!("parameter `{}`", p.name),
                    )]));
                }
                self.env.insert(p.name.clone(), fact);
            }
            let body = &f.body;
            self.stmts(body);
        } else {
            let top = &self.module.top;
            self.stmts(top);
        }
        self.returned
    }

    fn stmts(&mut self, ss: &'a [Stmt]) {
        for s in ss {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Assign {
                target,
                value,
                ty,
                span,
            } => {
                let assigned = target.dotted();
                let mut fact = match value {
                    Some(v) => self.eval_as(v, assigned.clone()),
                    None => Fact::unknown(),
                };
                if fact.ty.is_none() {
                    fact.ty = ty
                        .clone()
                        .filter(|t| t != "var" && t != "let" && t != "const");
                }
                self.visitor.assign(&AssignSite {
                    target,
                    name: assigned,
                    ty: ty.as_deref(),
                    value: value.as_ref(),
                    fact: fact.clone(),
                    span: *span,
                    func: self.func,
                    module: self.module,
                    field: false,
                });
                self.bind(target, fact);
            }
            Stmt::Expr(e) => {
                self.eval(e);
            }
            Stmt::If { cond, then, els } => {
                let c = self.eval(cond);
                match truthy(&c.val) {
                    Some(true) => self.stmts(then),
                    Some(false) => self.stmts(els),
                    None => {
                        // `if (ALLOWED.contains(x))`: `x` is one of the allowed values
                        // on the branch where the check holds.
                        let check = self.allow_listed(cond);
                        let before = self.env.clone();
                        if let Some((n, true)) = &check {
                            self.clean(n);
                        }
                        self.stmts(then);
                        let after_then = std::mem::replace(&mut self.env, before);
                        if let Some((n, false)) = &check {
                            self.clean(n);
                        }
                        self.stmts(els);
                        // A branch that returns or throws does not go on after the `if`.
                        self.env = match (ends(then), ends(els)) {
                            (true, false) => std::mem::take(&mut self.env),
                            (false, true) => after_then,
                            _ => join_env(&after_then, &self.env),
                        };
                    }
                }
            }
            Stmt::Switch { on, cases } => {
                let v = self.eval(on);
                // A constant subject takes the one case it matches (or the default).
                if v.val.is_known() {
                    let pick = cases
                        .iter()
                        .find(|(labels, _)| labels.iter().any(|l| const_of(l) == v.val))
                        .or_else(|| cases.iter().find(|(labels, _)| labels.is_empty()));
                    if let Some((_, body)) = pick {
                        self.stmts(body);
                    }
                    return;
                }
                let before = self.env.clone();
                let mut acc: Option<Env> = None;
                for (_, body) in cases {
                    self.env = before.clone();
                    self.stmts(body);
                    acc = Some(match acc {
                        Some(a) => join_env(&a, &self.env),
                        None => self.env.clone(),
                    });
                }
                let has_default = cases.iter().any(|(l, _)| l.is_empty());
                let mut out = acc.unwrap_or_else(|| before.clone());
                if !has_default {
                    out = join_env(&out, &before);
                }
                self.env = out;
            }
            Stmt::Loop { bind, body } => {
                let before = self.env.clone();
                for _ in 0..2 {
                    if let Some((target, iter)) = bind {
                        let it = self.eval(iter);
                        let mut elem = Fact::tainted(it.any_taint());
                        if let Some(Elems::List(l)) = &it.elems {
                            if let Some(first) = l.first() {
                                elem.ty = first.ty.clone();
                            }
                        }
                        self.bind(target, elem);
                    }
                    self.stmts(body);
                }
                self.env = join_env(&before, &self.env);
            }
            Stmt::Return(v, span) => {
                if let Some(v) = v {
                    let f = self.eval(v);
                    let t = extend(&f.any_taint(), *span, "returned");
                    self.returned = join_taint(&self.returned, &t);
                }
            }
            Stmt::Block(b) => self.stmts(b),
        }
    }

    /// When `cond` checks a variable against a collection that carries no untrusted
    /// data (`ALLOWED.contains(x)`, `x in ALLOWED`, `slices.Contains(ALLOWED, x)`): the
    /// variable, and whether the check holding means it is in the collection.
    fn allow_listed(&self, cond: &Expr) -> Option<(String, bool)> {
        match cond {
            Expr::Unary(op, inner, _) if op == "!" => {
                self.allow_listed(inner).map(|(n, b)| (n, !b))
            }
            Expr::Binary(op, a, b, _) if op == "&&" || op == "and" => self
                .allow_listed(a)
                .filter(|(_, t)| *t)
                .or_else(|| self.allow_listed(b).filter(|(_, t)| *t)),
            // Python: `x in ALLOWED` and `x not in ALLOWED`.
            Expr::Binary(op, x, set, _) if op == "in" || op == "not in" || op == "not" => {
                let n = x.dotted()?;
                let clean = self.eval_quiet(set).any_taint().is_none();
                clean.then_some((n, op == "in"))
            }
            Expr::Call(c) => {
                let (set, x) = match (c.method(), c.receiver(), c.args.as_slice()) {
                    (
                        "contains" | "includes" | "has" | "containsKey" | "__contains__",
                        Some(r),
                        [a],
                    ) => (r, &a.value),
                    ("Contains", Some(Expr::Name(p, _)), [s, a]) if p == "slices" => {
                        (&s.value, &a.value)
                    }
                    _ => return None,
                };
                let n = x.dotted()?;
                if set.dotted().as_deref() == Some(n.as_str()) {
                    return None;
                }
                let clean = self.eval_quiet(set).any_taint().is_none();
                clean.then_some((n, true))
            }
            _ => None,
        }
    }

    /// A value's fact without reporting its sites again (a condition already walked).
    fn eval_quiet(&self, e: &Expr) -> Fact {
        if let Some(d) = e.dotted() {
            return self.lookup(&d).cloned().unwrap_or_else(Fact::unknown);
        }
        let parts: Vec<&Expr> = match e {
            Expr::Str(..) | Expr::Num(..) | Expr::Bool(..) | Expr::Null(_) => Vec::new(),
            Expr::List(items, _) => items.iter().collect(),
            // `Set.of("a", "b")`, `new HashSet<>(List.of(...))`, `frozenset({...})`.
            Expr::Call(c) => c.args.iter().map(|a| &a.value).collect(),
            // Anything else may hold anything: not an allow-list.
            _ => return Fact::tainted(Some(Arc::new(vec![Step::at(e.span(), "a value")]))),
        };
        let mut t = None;
        for p in parts {
            t = join_taint(&t, &self.eval_quiet(p).any_taint());
        }
        Fact::tainted(t)
    }

    /// The variable `n` carries no untrusted data from here on this path.
    fn clean(&mut self, n: &str) {
        if let Some(f) = self.env.get_mut(n) {
            f.taint = None;
        }
    }

    fn bind(&mut self, target: &'a Expr, fact: Fact) {
        match target {
            Expr::Name(n, _) => {
                self.env.insert(n.clone(), fact);
            }
            Expr::Field(obj, f, _) => {
                if let Some(d) = obj.dotted() {
                    self.env.insert(format!("{d}.{f}"), fact.clone());
                    // The object now holds the value too.
                    if fact.is_tainted() {
                        let e = self.env.entry(d).or_insert_with(Fact::unknown);
                        e.taint = join_taint(&e.taint, &fact.taint);
                    }
                }
            }
            Expr::Index(obj, idx, _) => {
                let key = self.eval(idx);
                if let Some(d) = obj.dotted() {
                    let e = self.env.entry(d).or_insert_with(Fact::unknown);
                    match (key.val.as_str(), &mut e.elems) {
                        (Some(k), Some(Elems::Map(m))) => {
                            m.insert(k.to_string(), fact);
                        }
                        (Some(k), None) => {
                            let mut m = BTreeMap::new();
                            m.insert(k.to_string(), fact);
                            e.elems = Some(Elems::Map(m));
                        }
                        _ => {
                            e.taint = join_taint(&e.taint, &fact.any_taint());
                        }
                    }
                }
            }
            Expr::List(items, _) => {
                for t in items {
                    self.bind(t, Fact::tainted(fact.any_taint()));
                }
            }
            _ => {}
        }
    }

    fn lookup(&self, name: &str) -> Option<&Fact> {
        self.env.get(name)
    }

    pub fn eval(&mut self, e: &'a Expr) -> Fact {
        self.eval_as(e, None)
    }

    fn eval_as(&mut self, e: &'a Expr, assigned_to: Option<String>) -> Fact {
        if self.budget == 0 {
            return Fact::unknown();
        }
        self.budget -= 1;
        match e {
            Expr::Str(s, _) => Fact {
                ty: Some("String".into()),
                ..Fact::of(Val::Str(s.clone()))
            },
            Expr::Num(n, _) => Fact::of(parse_num(n).map(Val::Num).unwrap_or(Val::Unknown)),
            Expr::Bool(b, _) => Fact::of(Val::Bool(*b)),
            Expr::Null(_) => Fact::of(Val::Null),
            Expr::Name(n, span) => {
                if let Some(f) = self.lookup(n) {
                    return f.clone();
                }
                if let Some(why) =
                    sources::name(self.module, n).filter(|_| self.only_source.is_none())
                {
                    return Fact::tainted(Some(Arc::new(vec![Step::at(*span, why)])));
                }
                Fact::unknown()
            }
            Expr::Field(obj, _, span) => {
                if let Some(d) = e.dotted() {
                    if let Some(f) = self.lookup(&d) {
                        return f.clone();
                    }
                    if let Some(why) =
                        sources::field(self.module, &d).filter(|_| self.only_source.is_none())
                    {
                        return Fact::tainted(Some(Arc::new(vec![Step::at(*span, why)])));
                    }
                }
                let o = self.eval(obj);
                // `AES.MODE_ECB` on an imported module or class: a named constant.
                let constant = match &**obj {
                    Expr::Name(n, _) => self.module.imports.contains_key(n) && !o.is_tainted(),
                    _ => false,
                };
                let t = extend(&o.any_taint(), *span, "field of untrusted value");
                Fact {
                    val: match (constant, e.dotted()) {
                        (true, Some(d)) => Val::Sym(d),
                        _ => Val::Unknown,
                    },
                    // A route parameter or header is text, whatever the client sends.
                    ty: (t.is_some() && sources::string_valued(self.module, e))
                        .then(|| "String".to_string()),
                    ..Fact::tainted(t)
                }
            }
            Expr::Index(obj, idx, span) => {
                let o = self.eval(obj);
                let k = self.eval(idx);
                match (&o.elems, &k.val) {
                    (Some(Elems::Map(m)), Val::Str(key)) => {
                        if let Some(f) = m.get(key) {
                            return f.clone();
                        }
                        Fact::tainted(o.taint.clone())
                    }
                    (Some(Elems::List(l)), Val::Num(i)) if *i >= 0.0 => match l.get(*i as usize) {
                        Some(f) => f.clone(),
                        None => Fact::tainted(o.taint.clone()),
                    },
                    (None, Val::Num(i)) if *i >= 0.0 && o.val.as_str().is_some() => Fact::of(
                        o.val
                            .as_str()
                            .and_then(|s| s.chars().nth(*i as usize))
                            .map(|c| Val::Str(c.to_string()))
                            .unwrap_or(Val::Unknown),
                    ),
                    _ => Fact::tainted(extend(&o.any_taint(), *span, "element of untrusted value")),
                }
            }
            Expr::Binary(op, l, r, span) => {
                let a = self.eval(l);
                let b = self.eval(r);
                let val = fold(op, &a.val, &b.val);
                let comparison = matches!(
                    op.as_str(),
                    "==" | "!="
                        | "==="
                        | "!=="
                        | "<"
                        | ">"
                        | "<="
                        | ">="
                        | "in"
                        | "not in"
                        | "is"
                        | "is not"
                        | "instanceof"
                );
                let taint = if comparison {
                    None
                } else {
                    extend(
                        &join_taint(&a.any_taint(), &b.any_taint()),
                        *span,
                        "joined into a string",
                    )
                };
                let ty = if a.ty.as_deref() == Some("String") || b.ty.as_deref() == Some("String") {
                    Some("String".to_string())
                } else {
                    None
                };
                Fact {
                    val,
                    taint,
                    ty,
                    elems: None,
                }
            }
            Expr::Unary(op, x, _) => {
                let f = self.eval(x);
                let val = match (op.as_str(), &f.val) {
                    ("!", v) => truthy(v).map(|b| Val::Bool(!b)).unwrap_or(Val::Unknown),
                    ("-", Val::Num(n)) => Val::Num(-n),
                    ("&" | "*", v) => v.clone(),
                    _ => Val::Unknown,
                };
                Fact {
                    val,
                    taint: if op == "!" { None } else { f.taint },
                    ty: f.ty,
                    elems: f.elems,
                }
            }
            Expr::Template(parts, span) => {
                let mut s = Some(String::new());
                let mut t: Taint = None;
                for p in parts {
                    let f = self.eval(p);
                    t = join_taint(&t, &f.any_taint());
                    match (&mut s, &f.val) {
                        (Some(acc), Val::Str(x)) => acc.push_str(x),
                        (Some(acc), Val::Num(n)) => acc.push_str(&fmt_num(*n)),
                        _ => s = None,
                    }
                }
                Fact {
                    val: s.map(Val::Str).unwrap_or(Val::Unknown),
                    taint: extend(&t, *span, "formatted into a string"),
                    ty: Some("String".into()),
                    elems: None,
                }
            }
            Expr::List(items, _) => {
                let facts: Vec<Fact> = items.iter().map(|i| self.eval(i)).collect();
                Fact {
                    val: Val::List(facts.iter().map(|f| f.val.clone()).collect()),
                    taint: None,
                    ty: None,
                    elems: Some(Elems::List(facts)),
                }
            }
            Expr::Dict { ty, entries, span } => {
                let mut keyed = Vec::new();
                let mut map = BTreeMap::new();
                let mut t: Taint = None;
                for (k, v) in entries {
                    let kf = self.eval(k);
                    let vf = self.eval(v);
                    if let Some(ks) = kf.str() {
                        map.insert(ks.to_string(), vf.clone());
                    } else {
                        t = join_taint(&t, &vf.any_taint());
                    }
                    keyed.push((kf.str().map(str::to_string), vf, v));
                }
                self.visitor.dict(&DictSite {
                    ty: ty.as_deref(),
                    entries: keyed,
                    span: *span,
                    module: self.module,
                });
                Fact {
                    val: Val::Unknown,
                    taint: t,
                    ty: ty.clone(),
                    elems: Some(Elems::Map(map)),
                }
            }
            Expr::Cond(c, a, b, _) => {
                let cond = self.eval(c);
                match truthy(&cond.val) {
                    Some(true) => self.eval(a),
                    Some(false) => self.eval(b),
                    None => {
                        let check = self.allow_listed(c);
                        let saved = self.env.clone();
                        if let Some((n, true)) = &check {
                            self.clean(n);
                        }
                        let x = self.eval(a);
                        self.env.clone_from(&saved);
                        if let Some((n, false)) = &check {
                            self.clean(n);
                        }
                        let y = self.eval(b);
                        self.env = saved;
                        x.join(&y)
                    }
                }
            }
            Expr::Lambda(_) => Fact::unknown(),
            Expr::Call(c) => self.call(c, assigned_to),
            Expr::Unknown(_) => Fact::unknown(),
        }
    }

    /// The callee's names: qualified through imports, through the receiver's type, and
    /// as written.
    fn names(&self, c: &Call, recv: Option<&Fact>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = c.callee.dotted() {
            let (head, rest) = match d.split_once('.') {
                Some((h, r)) => (h.to_string(), Some(r.to_string())),
                None => (d.clone(), None),
            };
            if let Some(full) = self.module.imports.get(&head) {
                out.push(match &rest {
                    Some(r) => format!("{full}.{r}"),
                    None => full.clone(),
                });
            }
            if let (Some(ty), Some(_)) = (recv.and_then(|r| r.ty.as_deref()), &rest) {
                let ty = ty.split('<').next().unwrap_or(ty).trim_start_matches('*');
                let ty_full = self
                    .module
                    .imports
                    .get(ty)
                    .cloned()
                    .unwrap_or_else(|| ty.to_string());
                out.push(format!("{ty_full}.{}", c.method()));
            }
            out.push(d);
        } else if let Some(ty) = recv.and_then(|r| r.ty.as_deref()) {
            out.push(format!("{ty}.{}", c.method()));
            if let Some(ch) = c.callee.chain() {
                out.push(ch);
            }
            out.push(c.method().to_string());
        } else if let Some(ch) = c.callee.chain() {
            let (head, rest) = ch.split_once('.').unwrap_or((&ch, ""));
            if let Some(full) = self.module.imports.get(head) {
                out.push(if rest.is_empty() {
                    full.clone()
                } else {
                    format!("{full}.{rest}")
                });
            }
            out.push(ch.clone());
            out.push(c.method().to_string());
        } else {
            out.push(c.method().to_string());
        }
        out
    }

    fn call(&mut self, c: &'a Call, assigned_to: Option<String>) -> Fact {
        let recv = c.receiver().map(|r| self.eval(r));
        let args: Vec<Fact> = c.args.iter().map(|a| self.eval(&a.value)).collect();
        // Lambdas passed as arguments run with what they close over; they are walked on
        // their own (see `crate::scan`), their bodies here only as far as calls go.
        let names = self.names(c, recv.as_ref());
        let site = CallSite {
            call: c,
            names,
            recv: recv.clone(),
            args: args.clone(),
            func: self.func,
            module: self.module,
            assigned_to,
        };
        self.visitor.call(&site);
        self.result(&site, c)
    }

    /// What a call gives back, and what it does to its receiver.
    fn result(&mut self, site: &CallSite<'a>, c: &'a Call) -> Fact {
        let span = c.span;
        let method = c.method();
        let recv_name = c.receiver().and_then(Expr::dotted);
        let source = match self.only_source {
            Some(own) => own(site),
            None => sources::call(self.module, site),
        };
        if let Some(why) = source {
            return Fact::tainted(Some(Arc::new(vec![Step::at(span, why)])));
        }
        if site.is_any(SANITIZERS) {
            return Fact::unknown();
        }
        // A call that makes its receiver safe from here on: a deserialising stream given
        // an allow-list filter.
        if method == "setObjectInputFilter" {
            if let Some(r) = &recv_name {
                self.clean(r);
            }
            return Fact::unknown();
        }
        if site.is_any(NUMERIC) || NUMERIC_METHODS.contains(&method) {
            return Fact::unknown();
        }
        let recv = site.recv.clone().unwrap_or_else(Fact::unknown);
        // Collections tracked element by element.
        match (method, recv_name.as_deref()) {
            ("add" | "append" | "push" | "addLast" | "offer", Some(r)) if site.args.len() == 1 => {
                let v = site.args[0].clone();
                let e = self.env.entry(r.to_string()).or_insert_with(Fact::unknown);
                match &mut e.elems {
                    Some(Elems::List(l)) if l.len() < 64 => l.push(v),
                    Some(Elems::List(_)) => e.taint = join_taint(&e.taint, &v.any_taint()),
                    None if e.taint.is_none() => e.elems = Some(Elems::List(vec![v])),
                    _ => e.taint = join_taint(&e.taint, &v.any_taint()),
                }
                return Fact::unknown();
            }
            ("remove" | "pop" | "poll" | "removeFirst" | "shift", Some(r)) => {
                let at = match site.args.first().map(|a| &a.val) {
                    Some(Val::Num(i)) if *i >= 0.0 => Some(*i as usize),
                    None if matches!(method, "poll" | "removeFirst" | "shift") => Some(0),
                    None if method == "pop" && self.module.lang != Lang::Java => None,
                    _ => None,
                };
                let e = self.env.entry(r.to_string()).or_insert_with(Fact::unknown);
                if let Some(Elems::List(l)) = &mut e.elems {
                    let idx = match (at, method) {
                        (Some(i), _) => Some(i),
                        (None, "pop") => l.len().checked_sub(1),
                        _ => None,
                    };
                    if let Some(i) = idx.filter(|i| *i < l.len()) {
                        return l.remove(i);
                    }
                }
                return Fact::tainted(e.any_taint());
            }
            ("get" | "getOrDefault" | "elementAt", Some(r)) if !recv.is_tainted() => {
                if let Some(k) = site.args.first() {
                    if let Some(e) = self.env.get(r) {
                        match (&e.elems, &k.val) {
                            (Some(Elems::List(l)), Val::Num(i)) if *i >= 0.0 => {
                                if let Some(f) = l.get(*i as usize) {
                                    return f.clone();
                                }
                            }
                            (Some(Elems::Map(m)), Val::Str(key)) => {
                                if let Some(f) = m.get(key) {
                                    return f.clone();
                                }
                                // A key that was never put: the default, if one is given
                                // (`getOrDefault(k, d)`, Python's `get(k, d)`).
                                if let Some(d) = site.args.get(1) {
                                    return d.clone();
                                }
                                return Fact::tainted(e.taint.clone());
                            }
                            _ => {}
                        }
                        // Any element, or the default.
                        let default = site.args.get(1).map(Fact::any_taint).unwrap_or_default();
                        return Fact::tainted(join_taint(&e.any_taint(), &default));
                    }
                }
            }
            ("put" | "setdefault" | "set", Some(r)) if site.args.len() == 2 => {
                let k = site.args[0].clone();
                let v = site.args[1].clone();
                let e = self.env.entry(r.to_string()).or_insert_with(Fact::unknown);
                match (k.val.as_str(), &mut e.elems) {
                    (Some(key), Some(Elems::Map(m))) => {
                        m.insert(key.to_string(), v);
                    }
                    (Some(key), None) if e.taint.is_none() => {
                        let mut m = BTreeMap::new();
                        m.insert(key.to_string(), v);
                        e.elems = Some(Elems::Map(m));
                    }
                    _ => e.taint = join_taint(&e.taint, &v.any_taint()),
                }
                return Fact::unknown();
            }
            _ => {}
        }
        // A function of this file: its summary says which arguments reach its result.
        let own_class = |name: &str| {
            let n = name.rsplit('.').next().unwrap_or(name);
            self.module.classes.iter().any(|k| k.name == n)
        };
        let local = match c.receiver() {
            None => true,
            Some(Expr::Name(n, _)) if n == "this" || n == "self" || own_class(n) => true,
            Some(Expr::Call(r)) if r.new => r.callee.dotted().is_some_and(|d| own_class(&d)),
            Some(_) => recv.ty.as_deref().is_some_and(own_class),
        };
        // A constructor's result is the object, which holds what it was given: the
        // constructor's own summary (it returns nothing) does not describe it.
        let constructor =
            c.new || matches!(&c.callee, Expr::Name(n, _) if own_class(n) && n == method);
        let own = if local && !constructor {
            self.summaries.get(method)
        } else {
            None
        };
        // Not a function of this file: perhaps one of another file of the project.
        let remote = match own {
            Some(_) => None,
            None if constructor => None,
            None => self
                .project
                .and_then(|p| p.resolve(self.module, c, site.recv.as_ref())),
        };
        let summary = own.or(remote.as_ref());
        {
            if let Some(summary) = summary {
                if self.only_source.is_none() {
                    for r in &summary.sinks {
                        if let Some(t) = site.arg(r.param).and_then(|a| a.any_taint()) {
                            self.visitor.reach(site, &t, r);
                        }
                    }
                }
                let mut t: Taint = if summary.own && self.only_source.is_none() {
                    Some(Arc::new(vec![Step::at(
                        span,
                        format!("untrusted data returned by `{method}`"),
                    )]))
                } else {
                    None
                };
                // An object built from untrusted data gives it back where the method
                // returns what the object holds.
                if summary.recv {
                    t = join_taint(&t, &recv.any_taint());
                }
                for (i, reaches) in summary.params.iter().enumerate() {
                    if *reaches {
                        if let Some(a) = site.arg(i) {
                            t = join_taint(&t, &a.any_taint());
                        }
                    }
                }
                return Fact::tainted(extend(&t, span, &format!("through `{method}`")));
            }
        }
        // Anything else passes its receiver's and arguments' taint on (string building,
        // wrappers, readers), and a builder that is appended to holds what was appended.
        let mut t = recv.any_taint();
        for a in &site.args {
            t = join_taint(&t, &a.any_taint());
        }
        if matches!(
            method,
            "append" | "insert" | "concat" | "write" | "update" | "WriteString" | "Write"
        ) {
            // `sb.append(a).append(b)`: the builder is the chain's first receiver.
            let mut root = c.receiver();
            while let Some(Expr::Call(inner)) = root {
                if !matches!(inner.method(), "append" | "insert") {
                    break;
                }
                root = inner.receiver();
            }
            if let Some(r) = recv_name.or_else(|| root.and_then(Expr::dotted)) {
                if let Some(e) = self.env.get_mut(&r) {
                    e.taint = join_taint(&e.taint, &t);
                }
            }
        }
        let ty = if c.new {
            c.callee.dotted()
        } else if matches!(
            c.callee.dotted().as_deref(),
            Some("String" | "String.valueOf" | "str")
        ) || c.receiver().is_some()
            && matches!(method, "toString" | "toLowerCase" | "toUpperCase" | "trim")
        {
            // Whatever went in, a string came out (no object shape survives: NoSQL filters).
            Some("String".to_string())
        } else {
            None
        };
        // A constant receiver's string methods keep it constant.
        let val = match (&recv.val, method) {
            (Val::Str(s), "toUpperCase" | "upper") => Val::Str(s.to_uppercase()),
            (Val::Str(s), "toLowerCase" | "lower") => Val::Str(s.to_lowercase()),
            (Val::Str(s), "trim" | "strip") => Val::Str(s.trim().to_string()),
            (Val::Str(s), "getBytes" | "encode" | "toString" | "intern") => Val::Str(s.clone()),
            (Val::Str(s), "charAt") => match site.arg(0).and_then(|a| a.val.as_num()) {
                Some(i) if i >= 0.0 => s
                    .chars()
                    .nth(i as usize)
                    .map(|c| Val::Str(c.to_string()))
                    .unwrap_or(Val::Unknown),
                _ => Val::Unknown,
            },
            (Val::Str(s), "substring") => {
                let from = site.arg(0).and_then(|a| a.val.as_num()).map(|n| n as usize);
                let to = site.arg(1).and_then(|a| a.val.as_num()).map(|n| n as usize);
                let chars: Vec<char> = s.chars().collect();
                match (from, to) {
                    (Some(a), None) if a <= chars.len() => Val::Str(chars[a..].iter().collect()),
                    (Some(a), Some(b)) if a <= b && b <= chars.len() => {
                        Val::Str(chars[a..b].iter().collect())
                    }
                    _ => Val::Unknown,
                }
            }
            // A properties lookup the project's properties files answer (or its default).
            (_, "getProperty" | "getString") if site.arg_str(0).is_some() && !recv.is_tainted() => {
                let key = site.arg_str(0).unwrap_or_default();
                match self.module.config.get(key) {
                    Some(v) => Val::Str(v.clone()),
                    None => site.arg(1).map(|d| d.val.clone()).unwrap_or(Val::Unknown),
                }
            }
            _ => match (
                c.callee.dotted().as_deref(),
                site.args.first().map(|a| &a.val),
            ) {
                (
                    Some(
                        "String.valueOf" | "str" | "String" | "string" | "[]byte" | "bytes"
                        | "Buffer.from",
                    ),
                    Some(Val::Str(s)),
                ) => Val::Str(s.clone()),
                _ => Val::Unknown,
            },
        };
        Fact {
            val,
            taint: extend(&t, span, &format!("through `{method}`")),
            ty,
            elems: None,
        }
    }
}
