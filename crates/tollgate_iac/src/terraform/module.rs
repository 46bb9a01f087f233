//! Modules: the files of a directory, which directories are roots, and the evaluation of
//! one module instance (its variables, locals, resources, module calls and outputs), each
//! value computed once, on demand, with cycles turned into unknowns.

use super::eval::{Ev, Scope};
use super::{dir_of, issue, join_path, limits, Lines, Options};
use crate::model::{AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Trace, Value};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body, Structure};
use hcl_edit::Span as _;
use regex::Regex;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::OnceLock;
use tollgate_core::scanner::ProjectFile;

/// One parsed `.tf` file.
pub(crate) struct ParsedFile {
    pub path: String,
    pub lines: Lines,
    pub body: Body,
}

/// Where a declaration is: its file and block.
pub(crate) type Decl<'f> = (&'f ParsedFile, &'f Block);

/// The declarations of one directory.
pub(crate) struct ModuleDef<'f> {
    pub dir: String,
    pub variables: BTreeMap<&'f str, Decl<'f>>,
    pub locals: BTreeMap<&'f str, (&'f ParsedFile, &'f Attribute)>,
    pub outputs: BTreeMap<&'f str, Decl<'f>>,
    /// `type.name` in declaration order.
    pub resources: Vec<(String, Decl<'f>)>,
    pub resource_index: HashMap<String, usize>,
    /// Data sources, `type.name` in declaration order.
    pub data: Vec<(String, Decl<'f>)>,
    pub data_index: HashMap<String, usize>,
    pub calls: Vec<(&'f str, Decl<'f>)>,
    pub call_index: HashMap<&'f str, usize>,
}

pub(crate) fn label(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

/// Parses every `.tf` file; a file that does not parse is an issue and is left out.
pub(crate) fn parse_files(
    files: &[ProjectFile],
    issues: &mut Vec<AdapterIssue>,
) -> Vec<ParsedFile> {
    let mut out = Vec::new();
    for f in files {
        let name = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&f.path)
            .to_ascii_lowercase();
        if !super::is_terraform(&name) {
            continue;
        }
        if let Some(p) = parse_file(&f.path, &f.content, issues) {
            out.push(p);
        }
    }
    out
}

pub(crate) fn parse_file(
    path: &str,
    content: &[u8],
    issues: &mut Vec<AdapterIssue>,
) -> Option<ParsedFile> {
    let Ok(text) = std::str::from_utf8(content) else {
        issues.push(issue(
            path,
            None,
            IssueSeverity::Error,
            "not valid UTF-8: Terraform files must be UTF-8".into(),
        ));
        return None;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Err(line) = super::nesting_ok(text) {
        issues.push(issue(
            path,
            Some(line),
            IssueSeverity::Error,
            format!(
                "brackets nested deeper than {}: not parsed",
                limits::SYNTAX_DEPTH
            ),
        ));
        return None;
    }
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => Some(ParsedFile {
            path: path.to_string(),
            lines: Lines::new(text),
            body,
        }),
        Err(e) => {
            issues.push(issue(
                path,
                Some(e.location().line() as u32),
                IssueSeverity::Error,
                format!(
                    "HCL syntax error at line {}, column {}: {}",
                    e.location().line(),
                    e.location().column(),
                    tollgate_core::redact::scrub(e.message())
                ),
            ));
            None
        }
    }
}

/// The declarations of every directory, by directory.
pub(crate) fn build_defs(parsed: &[ParsedFile]) -> BTreeMap<String, ModuleDef<'_>> {
    let mut defs: BTreeMap<String, ModuleDef<'_>> = BTreeMap::new();
    for pf in parsed {
        let dir = dir_of(&pf.path).to_string();
        let def = defs.entry(dir.clone()).or_insert_with(|| ModuleDef {
            dir,
            variables: BTreeMap::new(),
            locals: BTreeMap::new(),
            outputs: BTreeMap::new(),
            resources: Vec::new(),
            resource_index: HashMap::new(),
            data: Vec::new(),
            data_index: HashMap::new(),
            calls: Vec::new(),
            call_index: HashMap::new(),
        });
        for s in pf.body.iter() {
            let Structure::Block(b) = s else { continue };
            let labels: Vec<&str> = b.labels.iter().map(label).collect();
            match (b.ident.as_str(), &labels[..]) {
                ("variable", [name]) => {
                    def.variables.insert(name, (pf, b));
                }
                ("output", [name]) => {
                    def.outputs.insert(name, (pf, b));
                }
                ("locals", []) => {
                    for a in b.body.attributes() {
                        def.locals.insert(a.key.as_str(), (pf, a));
                    }
                }
                ("resource", [t, n]) => {
                    let key = format!("{t}.{n}");
                    match def.resource_index.get(&key) {
                        Some(&i) => def.resources[i].1 = (pf, b),
                        None => {
                            def.resource_index.insert(key.clone(), def.resources.len());
                            def.resources.push((key, (pf, b)));
                        }
                    }
                }
                ("data", [t, n]) => {
                    let key = format!("{t}.{n}");
                    match def.data_index.get(&key) {
                        Some(&i) => def.data[i].1 = (pf, b),
                        None => {
                            def.data_index.insert(key.clone(), def.data.len());
                            def.data.push((key, (pf, b)));
                        }
                    }
                }
                ("module", [name]) => match def.call_index.get(name) {
                    Some(&i) => def.calls[i].1 = (pf, b),
                    None => {
                        def.call_index.insert(name, def.calls.len());
                        def.calls.push((name, (pf, b)));
                    }
                },
                _ => {}
            }
        }
    }
    defs
}

/// What a module's `source` is.
pub(crate) enum Source {
    Local(String),
    Remote(&'static str, String),
}

/// The one reading of a module source, shared by module loading and the pinning rule.
/// What kind of place a module source names.
#[derive(Debug, PartialEq, Clone, Copy)]
pub(crate) enum ModuleSource {
    Local,
    /// `ns/name/provider`, optionally behind a registry host.
    Registry,
    /// `git::…`, `git@…`, `github.com/…`, `bitbucket.org/…`.
    Git,
    /// An `http(s)://` URL fetched as an archive (or redirected by `X-Terraform-Get`).
    Archive,
    /// Buckets, Mercurial, absolute paths and anything else: not judged here.
    Other,
}

fn registry_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?/)?[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9]+(?://.*)?$",
        )
        .expect("valid regex")
    })
}

pub(crate) fn source_kind(src: &str) -> ModuleSource {
    let lower = src.to_ascii_lowercase();
    if src.starts_with("./") || src.starts_with("../") || src == "." || src == ".." {
        ModuleSource::Local
    } else if lower.starts_with("git::")
        || lower.starts_with("git@")
        || lower.starts_with("github.com/")
        || lower.starts_with("bitbucket.org/")
    {
        ModuleSource::Git
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        ModuleSource::Archive
    } else if registry_re().is_match(src) {
        ModuleSource::Registry
    } else {
        ModuleSource::Other
    }
}

pub(crate) fn classify_source(s: &str) -> Source {
    let kind = match source_kind(s) {
        ModuleSource::Local => return Source::Local(s.to_string()),
        ModuleSource::Registry => "registry",
        ModuleSource::Git => "git",
        ModuleSource::Archive => "http",
        ModuleSource::Other if s.starts_with("s3::") || s.starts_with("gcs::") => "bucket",
        ModuleSource::Other if s.starts_with('/') => "absolute path",
        ModuleSource::Other => "unrecognised",
    };
    Source::Remote(kind, public_source(s))
}

/// A source with any `user:password@` of a URL removed (never print a credential).
fn without_userinfo(s: &str) -> String {
    if let Some(i) = s.find("://") {
        let rest = &s[i + 3..];
        let host_end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..host_end].rfind('@') {
            return format!("{}://{}", &s[..i], &rest[at + 1..]);
        }
    }
    s.to_string()
}

/// A source as it may be shown and kept: no `user:password@` and no `sshkey=` (a
/// private key go-getter accepts in the query).
pub(crate) fn public_source(s: &str) -> String {
    let s = without_userinfo(s);
    let Some(q) = s.find('?') else { return s };
    let kept: Vec<&str> = s[q + 1..]
        .split('&')
        .filter(|p| !p.to_ascii_lowercase().starts_with("sshkey="))
        .collect();
    if kept.is_empty() {
        s[..q].to_string()
    } else {
        format!("{}?{}", &s[..q], kept.join("&"))
    }
}

/// A module call whose source is not a local directory, as a resource
/// (`terraform_module_call`) with its `source` and `version`, so rules can judge where
/// the code comes from.
fn remote_call(inst: &Inst<'_>, name: &str, pf: &ParsedFile, b: &Block) -> Option<Resource> {
    let src = literal_source(b)?;
    if matches!(classify_source(src), Source::Local(_)) {
        return None;
    }
    let span = pf.lines.span(&pf.path, b.span());
    let mut attrs = BTreeMap::new();
    if let Some(a) = b.body.get_attribute("source") {
        attrs.insert(
            "source".to_string(),
            Attr::new(
                Value::String(public_source(src)),
                pf.lines.span(&pf.path, a.span()),
            ),
        );
    }
    if let Some(a) = b.body.get_attribute("version") {
        let aspan = pf.lines.span(&pf.path, a.span());
        let v = match &a.value {
            Expression::String(s) => Attr::new(Value::String(s.value().to_string()), aspan),
            _ => Attr::unknown(
                format!("`version` of module \"{name}\" is not a literal string"),
                aspan,
            ),
        };
        attrs.insert("version".to_string(), v);
    }
    Some(Resource {
        source: SourceKind::Terraform,
        resource_type: "terraform_module_call".into(),
        native_type: "module".into(),
        address: format!("{}module.{name}", inst.prefix),
        provider: "terraform".into(),
        span: span.clone(),
        attrs: Attr::new(Value::Map(attrs), span),
        references: Vec::new(),
    })
}

/// The literal `source` of a module block.
pub(crate) fn literal_source(b: &Block) -> Option<&str> {
    match &b.body.get_attribute("source")?.value {
        Expression::String(s) => Some(s.value().as_str()),
        _ => None,
    }
}

/// Directories called as local modules by some other directory.
fn called_dirs(defs: &BTreeMap<String, ModuleDef<'_>>) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for def in defs.values() {
        for (_, (_, b)) in &def.calls {
            if let Some(Source::Local(rel)) = literal_source(b).map(classify_source) {
                if let Some(d) = join_path(&def.dir, &rel) {
                    if d != def.dir {
                        out.insert(d);
                    }
                }
            }
        }
    }
    out
}

/// An instance key: none (single), `[0]`, `["eu"]`, or `[*]` (not expandable).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Key {
    None,
    Index(usize),
    Name(String),
    Star,
}

impl Key {
    pub(crate) fn suffix(&self) -> String {
        match self {
            Key::None => String::new(),
            Key::Index(i) => format!("[{i}]"),
            Key::Name(s) => format!("[{}]", serde_json::Value::String(s.clone())),
            Key::Star => "[*]".into(),
        }
    }
}

/// The names an instance is evaluated with (`count`, `each`).
pub(crate) type Bindings = Vec<(String, Attr)>;

/// How a block expands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Shape {
    Single,
    Count,
    ForEach,
    Star,
}

pub(crate) struct ResInst {
    pub key: Key,
    pub attrs: Attr,
    pub refs: Vec<String>,
}

pub(crate) struct ResSet {
    pub shape: Shape,
    pub instances: Vec<ResInst>,
}

pub(crate) struct CallSet<'f> {
    pub shape: Shape,
    /// Why the outputs are unknown (a remote or missing module, too deep).
    pub unknown: Option<String>,
    pub instances: Vec<(Key, Rc<Inst<'f>>)>,
}

pub(crate) enum Slot<T> {
    Busy,
    Done(T),
}

/// A value with the addresses of the resources it was computed from.
#[derive(Clone)]
pub(crate) struct Val {
    pub attr: Attr,
    pub refs: Rc<Vec<String>>,
}

/// A value handed to a variable: by the caller, a tfvars file or `--var`.
pub(crate) struct Input<'f> {
    pub src: InputSrc<'f>,
    pub trace: Trace,
}

/// An input's value: known already (tfvars, `--var`), or the caller's expression,
/// evaluated when the module first reads the variable (so an output of a module can feed
/// another of its inputs, as Terraform allows, without a false cycle).
pub(crate) enum InputSrc<'f> {
    Value(Val),
    Caller {
        expr: &'f Expression,
        env: Bindings,
        pf: &'f ParsedFile,
        caller: std::rc::Weak<Inst<'f>>,
    },
}

/// One instance of a module.
pub(crate) struct Inst<'f> {
    pub def: &'f ModuleDef<'f>,
    /// `""` for a root, `module.x.` / `module.x["a"].module.y.` below.
    pub prefix: String,
    pub depth: usize,
    pub root_dir: String,
    pub inputs: HashMap<String, Input<'f>>,
    /// Whether missing inputs are "not passed by the caller" or "not set in tfvars".
    pub is_root: bool,
    pub vars: RefCell<HashMap<String, Slot<Val>>>,
    pub locals: RefCell<HashMap<String, Slot<Val>>>,
    pub outputs: RefCell<HashMap<String, Slot<Val>>>,
    pub resources: RefCell<HashMap<String, Slot<Rc<ResSet>>>>,
    pub data: RefCell<HashMap<String, Slot<Rc<ResSet>>>>,
    pub calls: RefCell<HashMap<String, Slot<Rc<CallSet<'f>>>>>,
}

impl<'f> Inst<'f> {
    pub(crate) fn new(
        def: &'f ModuleDef<'f>,
        prefix: String,
        depth: usize,
        root_dir: String,
        inputs: HashMap<String, Input<'f>>,
        is_root: bool,
    ) -> Inst<'f> {
        Inst {
            def,
            prefix,
            depth,
            root_dir,
            inputs,
            is_root,
            vars: RefCell::default(),
            locals: RefCell::default(),
            outputs: RefCell::default(),
            resources: RefCell::default(),
            data: RefCell::default(),
            calls: RefCell::default(),
        }
    }

    /// `module.x` of `module.x.` (for messages), or "the root module".
    pub(crate) fn name(&self) -> String {
        if self.is_root {
            if self.def.dir.is_empty() {
                "the root module".into()
            } else {
                format!("root module {}", self.def.dir)
            }
        } else {
            self.prefix.trim_end_matches('.').to_string()
        }
    }
}

/// Evaluates every root module and returns the resources of all instances.
pub(crate) fn evaluate(
    parsed: &[ParsedFile],
    files: &[ProjectFile],
    opts: &Options,
    issues: Vec<AdapterIssue>,
) -> Model {
    let defs = build_defs(parsed);
    let called = called_dirs(&defs);
    let ev = Ev::new(&defs, files, opts, issues);
    let mut resources = Vec::new();
    let roots: Vec<&str> = defs
        .keys()
        .filter(|d| !called.contains(*d))
        .map(String::as_str)
        .collect();
    for (dir, def) in &defs {
        if called.contains(dir) {
            continue;
        }
        let inputs = super::vars::root_inputs(&ev, def, files, opts, &roots);
        // Addresses are unique in a scan: those of a root below the scan root start with
        // its directory (`examples/complete/module.eks.aws_eks_cluster.this[0]`).
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let inst = Rc::new(Inst::new(def, prefix, 0, dir.clone(), inputs, true));
        ev.emit(&inst, &mut resources);
    }
    if ev.exhausted() {
        let path = parsed.first().map_or("", |p| p.path.as_str());
        ev.issues.borrow_mut().push(issue(
            path,
            None,
            IssueSeverity::Warning,
            format!("the Terraform configuration is too large to evaluate fully ({} steps): values past the limit are unknown", limits::STEPS),
        ));
    }
    if std::env::var_os("TOLLGATE_TF_STEPS").is_some() {
        eprintln!("terraform: {} evaluation steps", ev.steps());
    }
    Model {
        resources,
        issues: ev.issues.into_inner(),
    }
}

impl<'f> Ev<'f> {
    fn emit(&self, inst: &Rc<Inst<'f>>, out: &mut Vec<Resource>) {
        for (key, (pf, b)) in &inst.def.resources {
            let Some(set) = self.resource_set(inst, key) else {
                continue;
            };
            let (rtype, _) = key.split_once('.').unwrap_or((key, ""));
            for ri in &set.instances {
                out.push(Resource {
                    source: SourceKind::Terraform,
                    resource_type: rtype.to_string(),
                    native_type: rtype.to_string(),
                    address: format!("{}{key}{}", inst.prefix, ri.key.suffix()),
                    provider: rtype.split('_').next().unwrap_or("").to_string(),
                    span: pf.lines.span(&pf.path, b.span()),
                    attrs: ri.attrs.clone(),
                    references: ri.refs.clone(),
                });
            }
        }
        for (name, (pf, b)) in &inst.def.calls {
            if let Some(r) = remote_call(inst, name, pf, b) {
                out.push(r);
            }
            let Some(set) = self.call_set(inst, name) else {
                continue;
            };
            for (_, child) in &set.instances {
                self.emit(child, out);
            }
        }
    }

    /// Instances of a `count`/`for_each` block, with the bindings (`count`, `each`) each
    /// is evaluated with. `what` names the block for messages.
    pub(crate) fn expand(
        &self,
        sc: &mut Scope<'_, 'f>,
        body: &Body,
        what: &str,
    ) -> (Shape, Vec<(Key, Bindings)>) {
        let span_of = |a: &Attribute, pf_path: &str, lines: &Lines| lines.span(pf_path, a.span());
        if let Some(a) = body.get_attribute("count") {
            let v = self.expr(sc, &a.value);
            let span = span_of(a, sc.path, sc.lines);
            match v.as_f64() {
                _ if v.is_unknown() => {
                    let reason = unknown_reason(&v);
                    self.warn(&span, format!("{what}: `count` is unknown ({reason}): its instances could not be expanded; evaluated once as {what}[*] with `count.index` unknown"));
                    let idx = Attr::unknown(
                        format!("`count.index` of {what} is unknown: `count` is unknown"),
                        span.clone(),
                    );
                    return (
                        Shape::Star,
                        vec![(Key::Star, vec![("count".into(), map1("index", idx, &span))])],
                    );
                }
                Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                    let n = n as usize;
                    if n > limits::INSTANCES {
                        self.warn(&span, format!("{what}: count {n} is over the limit of {}: evaluated once as {what}[*]", limits::INSTANCES));
                        let idx = Attr::unknown(
                            "`count.index` of a block with too many instances",
                            span.clone(),
                        );
                        return (
                            Shape::Star,
                            vec![(Key::Star, vec![("count".into(), map1("index", idx, &span))])],
                        );
                    }
                    let out = (0..n)
                        .map(|i| {
                            (
                                Key::Index(i),
                                vec![(
                                    "count".into(),
                                    map1(
                                        "index",
                                        Attr::new(Value::Number(i as f64), span.clone()),
                                        &span,
                                    ),
                                )],
                            )
                        })
                        .collect();
                    return (Shape::Count, out);
                }
                _ => {
                    self.warn(
                        &span,
                        format!("{what}: `count` is not a whole non-negative number: no instances"),
                    );
                    return (Shape::Count, Vec::new());
                }
            }
        }
        if let Some(a) = body.get_attribute("for_each") {
            let v = self.expr(sc, &a.value);
            let span = span_of(a, sc.path, sc.lines);
            let star = |ev: &Self, reason: String| {
                ev.warn(&span, format!("{what}: `for_each` is unknown ({reason}): its instances could not be expanded; evaluated once as {what}[*] with `each` unknown"));
                let k = Attr::unknown(
                    format!("`each.key` of {what} is unknown: `for_each` is unknown"),
                    span.clone(),
                );
                let val = Attr::unknown(
                    format!("`each.value` of {what} is unknown: `for_each` is unknown"),
                    span.clone(),
                );
                let mut m = BTreeMap::new();
                m.insert("key".to_string(), k);
                m.insert("value".to_string(), val);
                (
                    Shape::Star,
                    vec![(
                        Key::Star,
                        vec![("each".into(), Attr::new(Value::Map(m), span.clone()))],
                    )],
                )
            };
            let items: Vec<(String, Attr)> = match &v.value {
                Value::Unknown(u) => return star(self, u.reason.clone()),
                Value::Map(m) => m
                    .iter()
                    .map(|(k, x)| (k.clone(), super::eval::keep_origin(x.clone(), &v)))
                    .collect(),
                Value::List(l) => {
                    let mut keys = Vec::new();
                    for x in l {
                        match &x.value {
                            Value::String(s) => {
                                keys.push((s.clone(), super::eval::keep_origin(x.clone(), &v)))
                            }
                            Value::Unknown(u) => return star(self, u.reason.clone()),
                            _ => {
                                self.warn(&span, format!("{what}: `for_each` over a list of non-strings is not valid Terraform: no instances"));
                                return (Shape::ForEach, Vec::new());
                            }
                        }
                    }
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    keys.dedup_by(|a, b| a.0 == b.0);
                    keys
                }
                Value::Null => {
                    self.warn(&span, format!("{what}: `for_each` is null: no instances"));
                    return (Shape::ForEach, Vec::new());
                }
                _ => {
                    self.warn(
                        &span,
                        format!(
                            "{what}: `for_each` must be a map or a set of strings: no instances"
                        ),
                    );
                    return (Shape::ForEach, Vec::new());
                }
            };
            if items.len() > limits::INSTANCES {
                return star(self, format!("more than {} instances", limits::INSTANCES));
            }
            let out = items
                .into_iter()
                .map(|(k, x)| {
                    let mut m = BTreeMap::new();
                    m.insert(
                        "key".to_string(),
                        Attr::new(Value::String(k.clone()), span.clone()),
                    );
                    m.insert("value".to_string(), x);
                    (
                        Key::Name(k),
                        vec![("each".into(), Attr::new(Value::Map(m), span.clone()))],
                    )
                })
                .collect();
            return (Shape::ForEach, out);
        }
        (Shape::Single, vec![(Key::None, Vec::new())])
    }

    pub(crate) fn warn(&self, span: &crate::model::Span, message: String) {
        // Inside an instance that could not be expanded, its own warning says it all.
        if message.contains("[*].") && message.contains("could not be expanded") {
            return;
        }
        self.issues.borrow_mut().push(issue(
            &span.path,
            Some(span.line),
            IssueSeverity::Warning,
            message,
        ));
    }

    /// The instances of resource `key` (`type.name`) of a module instance, evaluated once;
    /// `None` when undeclared or while it is being evaluated (a cycle).
    pub(crate) fn resource_set(&self, inst: &Rc<Inst<'f>>, key: &str) -> Option<Rc<ResSet>> {
        match inst.resources.borrow().get(key) {
            Some(Slot::Done(s)) => return Some(s.clone()),
            Some(Slot::Busy) => return None,
            None => {}
        }
        let &i = inst.def.resource_index.get(key)?;
        let (_, (pf, b)) = &inst.def.resources[i];
        inst.resources
            .borrow_mut()
            .insert(key.to_string(), Slot::Busy);
        let what = format!("{}{key}", inst.prefix);
        let mut sc = Scope::new(Some(inst), pf);
        // What `count`/`for_each` refer to is not a relation of the instances.
        self.refs.borrow_mut().push(Vec::new());
        let (shape, list) = self.expand(&mut sc, &b.body, &what);
        self.refs.borrow_mut().pop();
        let mut instances = Vec::new();
        for (k, env) in list {
            if self.resources.get() >= limits::RESOURCES {
                self.warn(
                    &pf.lines.span(&pf.path, b.span()),
                    format!(
                        "more than {} resources: the rest are not evaluated",
                        limits::RESOURCES
                    ),
                );
                break;
            }
            self.resources.set(self.resources.get() + 1);
            sc.env = env;
            self.refs.borrow_mut().push(Vec::new());
            let attrs = self.body(&mut sc, &b.body, pf.lines.span(&pf.path, b.span()), true);
            let mut refs = self.refs.borrow_mut().pop().unwrap_or_default();
            refs.sort();
            refs.dedup();
            let own = format!("{what}{}", k.suffix());
            refs.retain(|r| *r != own);
            instances.push(ResInst {
                key: k,
                attrs,
                refs,
            });
        }
        let set = Rc::new(ResSet { shape, instances });
        inst.resources
            .borrow_mut()
            .insert(key.to_string(), Slot::Done(set.clone()));
        Some(set)
    }

    /// The instances of data source `key` (`type.name`) of a module instance that the
    /// evaluator computes offline, evaluated once; `None` when undeclared or in a cycle.
    pub(crate) fn data_set(&self, inst: &Rc<Inst<'f>>, key: &str) -> Option<Rc<ResSet>> {
        match inst.data.borrow().get(key) {
            Some(Slot::Done(s)) => return Some(s.clone()),
            Some(Slot::Busy) => return None,
            None => {}
        }
        let &i = inst.def.data_index.get(key)?;
        let (_, (pf, b)) = &inst.def.data[i];
        inst.data.borrow_mut().insert(key.to_string(), Slot::Busy);
        let what = format!("{}data.{key}", inst.prefix);
        let (rtype, _) = key.split_once('.').unwrap_or((key, ""));
        let mut sc = Scope::new(Some(inst), pf);
        // Relations of a data source's arguments are not relations of its readers.
        self.refs.borrow_mut().push(Vec::new());
        let (shape, list) = self.expand(&mut sc, &b.body, &what);
        let mut instances = Vec::new();
        for (k, env) in list {
            sc.env = env;
            let span = pf.lines.span(&pf.path, b.span());
            let mut attrs = self.body(&mut sc, &b.body, span.clone(), true);
            super::policy::compute(rtype, &mut attrs, &span);
            instances.push(ResInst {
                key: k,
                attrs,
                refs: Vec::new(),
            });
        }
        self.refs.borrow_mut().pop();
        let set = Rc::new(ResSet { shape, instances });
        inst.data
            .borrow_mut()
            .insert(key.to_string(), Slot::Done(set.clone()));
        Some(set)
    }

    /// The instances of module call `name`, evaluated once.
    pub(crate) fn call_set(&self, inst: &Rc<Inst<'f>>, name: &str) -> Option<Rc<CallSet<'f>>> {
        match inst.calls.borrow().get(name) {
            Some(Slot::Done(s)) => return Some(s.clone()),
            Some(Slot::Busy) => return None,
            None => {}
        }
        let &i = inst.def.call_index.get(name)?;
        let (_, (pf, b)) = &inst.def.calls[i];
        inst.calls.borrow_mut().insert(name.to_string(), Slot::Busy);
        let set = Rc::new(self.make_calls(inst, name, pf, b));
        inst.calls
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(set.clone()));
        Some(set)
    }

    fn make_calls(
        &self,
        inst: &Rc<Inst<'f>>,
        name: &str,
        pf: &'f ParsedFile,
        b: &'f Block,
    ) -> CallSet<'f> {
        let span = pf.lines.span(&pf.path, b.span());
        let what = format!("{}module.{name}", inst.prefix);
        let unknown = |reason: String| CallSet {
            shape: Shape::Single,
            unknown: Some(reason),
            instances: Vec::new(),
        };
        let Some(src) = literal_source(b) else {
            self.warn(
                &span,
                format!("module \"{name}\": `source` is not a literal string: not followed"),
            );
            return unknown(format!("module `{what}` has no literal source"));
        };
        let dir = match classify_source(src) {
            Source::Remote(kind, s) => {
                self.issues.borrow_mut().push(issue(
                    &span.path,
                    Some(span.line),
                    IssueSeverity::NotFollowed,
                    format!("module \"{name}\" from {kind} source {s} not followed: remote modules are never downloaded"),
                ));
                return unknown(format!(
                    "outputs of module `{what}` are unknown: its {kind} source {s} is not followed"
                ));
            }
            Source::Local(rel) => join_path(&inst.def.dir, &rel),
        };
        let Some(def) = dir.as_ref().and_then(|d| self.defs.get(d)) else {
            self.warn(
                &span,
                format!(
                    "module \"{name}\": source {src} is not among the scanned files: not followed"
                ),
            );
            return unknown(format!(
                "outputs of module `{what}` are unknown: its source {src} was not found"
            ));
        };
        if inst.depth + 1 > limits::MODULE_DEPTH {
            self.warn(
                &span,
                format!(
                    "module \"{name}\": modules nested deeper than {}: not followed",
                    limits::MODULE_DEPTH
                ),
            );
            return unknown(format!("module `{what}` is nested too deep"));
        }
        let mut sc = Scope::new(Some(inst), pf);
        // What `count`/`for_each` refer to is not a relation of the instances.
        self.refs.borrow_mut().push(Vec::new());
        let (shape, list) = self.expand(&mut sc, &b.body, &what);
        self.refs.borrow_mut().pop();
        let mut instances = Vec::new();
        for (k, env) in list {
            sc.env = env;
            let prefix = format!("{what}{}.", k.suffix());
            let mut inputs = HashMap::new();
            for a in b.body.attributes() {
                let key = a.key.as_str();
                if matches!(
                    key,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                inputs.insert(
                    key.to_string(),
                    Input {
                        src: InputSrc::Caller {
                            expr: &a.value,
                            env: sc.env.clone(),
                            pf,
                            caller: Rc::downgrade(inst),
                        },
                        trace: Trace {
                            what: format!(
                                "module input `{key}` of {}",
                                prefix.trim_end_matches('.')
                            ),
                            span: pf.lines.span(&pf.path, a.span()),
                        },
                    },
                );
            }
            let child = Inst::new(
                def,
                prefix,
                inst.depth + 1,
                inst.root_dir.clone(),
                inputs,
                false,
            );
            instances.push((k, Rc::new(child)));
        }
        CallSet {
            shape,
            unknown: None,
            instances,
        }
    }

    /// Variable `name` of a module instance, with its origin.
    pub(crate) fn var(&self, inst: &Rc<Inst<'f>>, name: &str, span: &crate::model::Span) -> Val {
        match inst.vars.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return plain(Attr::unknown(
                    format!("variable `{name}` depends on itself"),
                    span.clone(),
                ))
            }
            None => {}
        }
        inst.vars.borrow_mut().insert(name.to_string(), Slot::Busy);
        let v = super::vars::variable(self, inst, name, span);
        inst.vars
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    /// Local `name` of a module instance.
    pub(crate) fn local(&self, inst: &Rc<Inst<'f>>, name: &str, span: &crate::model::Span) -> Val {
        match inst.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return plain(Attr::unknown(
                    format!("local `{name}` refers to itself (a cycle)"),
                    span.clone(),
                ))
            }
            None => {}
        }
        let Some(&(pf, a)) = inst.def.locals.get(name) else {
            return plain(super::eval::error(
                format!("no local `{name}` in {}", inst.name()),
                span.clone(),
            ));
        };
        inst.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let mut sc = Scope::new(Some(inst), pf);
        let mut v = self.expr_val(&mut sc, &a.value);
        v.attr.span = pf.lines.span(&pf.path, a.span());
        inst.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    /// Output `name` of a module instance.
    pub(crate) fn output(&self, inst: &Rc<Inst<'f>>, name: &str, span: &crate::model::Span) -> Val {
        match inst.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return plain(Attr::unknown(
                    format!("output `{name}` of {} depends on itself", inst.name()),
                    span.clone(),
                ))
            }
            None => {}
        }
        let Some(&(pf, b)) = inst.def.outputs.get(name) else {
            return plain(super::eval::error(
                format!("{} has no output `{name}`", inst.name()),
                span.clone(),
            ));
        };
        inst.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let mut sc = Scope::new(Some(inst), pf);
        let v = match b.body.get_attribute("value") {
            Some(a) => self.expr_val(&mut sc, &a.value),
            None => plain(Attr::new(Value::Null, pf.lines.span(&pf.path, b.span()))),
        };
        inst.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }
}

pub(crate) fn plain(attr: Attr) -> Val {
    Val {
        attr,
        refs: Rc::new(Vec::new()),
    }
}

pub(crate) fn unknown_reason(a: &Attr) -> String {
    match &a.value {
        Value::Unknown(u) => u.reason.clone(),
        _ => String::new(),
    }
}

fn map1(k: &str, v: Attr, span: &crate::model::Span) -> Attr {
    let mut m = BTreeMap::new();
    m.insert(k.to_string(), v);
    Attr::new(Value::Map(m), span.clone())
}
