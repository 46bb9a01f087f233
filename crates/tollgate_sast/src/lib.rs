//! Static analysis of application code (the `sast` scanner).
//!
//! - [`lower`]: tree-sitter front ends for Java, Python, JavaScript/TypeScript and Go,
//!   each file parsed once and lowered to the one [`model`].
//! - [`flow`]: constants folded, dead branches pruned, lists and maps tracked element by
//!   element, and taint carried from [`sources`] through assignments, string building,
//!   collections, fields and the file's own functions.
//! - [`rule`] and [`rules`]: each rule's metadata and fixtures beside its check.

pub mod cbom;
pub mod flow;
pub mod lower;
pub mod model;
pub mod rule;
pub mod rules;
pub mod sources;

use flow::{AssignSite, CallSite, DictSite, Fact, Step, Visitor, Walk};
use model::{Expr, Function, Lang, Module, Span, Stmt};
use rule::{Check, Rule, SinkArg};
use std::collections::BTreeMap;
use std::collections::{BTreeSet, HashMap};
use tollgate_core::finding::{FlowRole, FlowStep};
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::scanner::{FileOutcome, Project, ProjectFile, Selection, SourceFile};
use tollgate_core::{Finding, Location, RuleMeta, Scanner, Suppression, SuppressionKind};

/// One thing a rule found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into the rules the analysis ran.
    pub rule: usize,
    pub span: Span,
    pub message: String,
    /// For data-flow findings: from the source to the sink.
    pub flow: Vec<Step>,
}

struct Collect<'r> {
    rules: &'r [&'r Rule],
    hits: Vec<Hit>,
    seen: BTreeSet<(usize, Span)>,
}

impl Collect<'_> {
    fn push(&mut self, rule: usize, span: Span, message: String, flow: Vec<Step>) {
        if self.seen.insert((rule, span)) {
            self.hits.push(Hit {
                rule,
                span,
                message,
                flow,
            });
        }
    }
}

impl Visitor for Collect<'_> {
    fn call(&mut self, site: &CallSite<'_>) {
        for (i, r) in self.rules.iter().enumerate() {
            match r.check {
                Check::Call(f) => {
                    if let Some(msg) = f(site) {
                        self.push(i, site.call.span, msg, Vec::new());
                    }
                }
                Check::Taint(sink) => {
                    if let Some((flow, msg)) = sink_hit(site, sink) {
                        self.push(i, site.call.span, msg, flow);
                    }
                }
                _ => {}
            }
        }
    }
    fn assign(&mut self, site: &AssignSite<'_>) {
        for (i, r) in self.rules.iter().enumerate() {
            if let Check::Assign(f) = r.check {
                if let Some(msg) = f(site) {
                    self.push(i, site.span, msg, Vec::new());
                }
            }
        }
    }
    fn dict(&mut self, site: &DictSite<'_>) {
        for (i, r) in self.rules.iter().enumerate() {
            if let Check::Dict(f) = r.check {
                if let Some(msg) = f(site) {
                    self.push(i, site.span, msg, Vec::new());
                }
            }
        }
    }
}

/// Collects one `Check::Derived` rule's findings.
struct Derived<'c, 'r> {
    rule: usize,
    sink: fn(&CallSite<'_>) -> Option<SinkArg>,
    into: fn(&str) -> bool,
    out: &'c mut Collect<'r>,
}

fn flow_hit(t: &flow::Taint, span: Span, what: String) -> Option<(Vec<Step>, String)> {
    let t = t.as_ref()?;
    let mut flow = (**t).clone();
    let source = flow.first().map(|s| s.what.clone()).unwrap_or_default();
    flow.push(Step {
        span,
        what: what.clone(),
    });
    Some((flow, format!("{source} {what} (line {})", span.line)))
}

impl Visitor for Derived<'_, '_> {
    fn call(&mut self, site: &CallSite<'_>) {
        if let Some((flow, msg)) = sink_hit(site, self.sink) {
            self.out.push(self.rule, site.call.span, msg, flow);
        }
    }
    fn assign(&mut self, site: &AssignSite<'_>) {
        let Some(name) = site.name.as_deref() else {
            return;
        };
        let last = name.rsplit('.').next().unwrap_or(name);
        if (self.into)(last) {
            if let Some((flow, msg)) = flow_hit(
                &site.fact.any_taint(),
                site.span,
                format!("becomes `{last}`"),
            ) {
                self.out.push(self.rule, site.span, msg, flow);
            }
        }
    }
    fn dict(&mut self, _: &DictSite<'_>) {}
}

/// When `site` is a sink whose argument carries tainted data: the flow to it and the
/// finding's message.
fn sink_hit(
    site: &CallSite<'_>,
    sink: fn(&CallSite<'_>) -> Option<SinkArg>,
) -> Option<(Vec<Step>, String)> {
    let arg = sink(site)?;
    rule::sink_fact(site, arg).into_iter().find_map(|fact| {
        flow_hit(
            &fact.any_taint(),
            site.call.span,
            format!("reaches `{}`", site.method()),
        )
    })
}

struct Quiet;

impl Visitor for Quiet {
    fn call(&mut self, _: &CallSite<'_>) {}
    fn assign(&mut self, _: &AssignSite<'_>) {}
    fn dict(&mut self, _: &DictSite<'_>) {}
}

/// Inline functions (lambdas, arrow functions, closures) anywhere in `stmts`.
pub(crate) fn lambdas<'a>(stmts: &'a [Stmt], out: &mut Vec<&'a Function>) {
    fn expr<'a>(e: &'a Expr, out: &mut Vec<&'a Function>) {
        match e {
            Expr::Lambda(f) => {
                out.push(f);
                lambdas(&f.body, out);
            }
            Expr::Call(c) => {
                expr(&c.callee, out);
                for a in &c.args {
                    expr(&a.value, out);
                }
            }
            Expr::Field(o, _, _) | Expr::Unary(_, o, _) => expr(o, out),
            Expr::Index(a, b, _) | Expr::Binary(_, a, b, _) => {
                expr(a, out);
                expr(b, out);
            }
            Expr::Template(v, _) | Expr::List(v, _) => {
                for x in v {
                    expr(x, out);
                }
            }
            Expr::Cond(c, a, b, _) => {
                expr(c, out);
                expr(a, out);
                expr(b, out);
            }
            Expr::Dict { entries, .. } => {
                for (k, v) in entries {
                    expr(k, out);
                    expr(v, out);
                }
            }
            _ => {}
        }
    }
    for s in stmts {
        match s {
            Stmt::Assign { value: Some(v), .. } => expr(v, out),
            Stmt::Expr(e) | Stmt::Return(Some(e), _) => expr(e, out),
            Stmt::If { cond, then, els } => {
                expr(cond, out);
                lambdas(then, out);
                lambdas(els, out);
            }
            Stmt::Switch { cases, .. } => {
                for (_, b) in cases {
                    lambdas(b, out);
                }
            }
            Stmt::Loop { body, .. } | Stmt::Block(body) => lambdas(body, out),
            _ => {}
        }
    }
}

/// Runs `rules` over one module.
pub fn analyse(m: &Module, rules: &[&Rule]) -> Vec<Hit> {
    let globals = flow::globals(m);
    let mut units: Vec<&Function> = Vec::new();
    for f in &m.functions {
        units.push(f);
        lambdas(&f.body, &mut units);
    }
    let mut top_lambdas = Vec::new();
    lambdas(&m.top, &mut top_lambdas);
    // Lambdas assigned at module level are already functions of the module.
    for l in top_lambdas {
        if !m.functions.iter().any(|f| f.span == l.span) {
            units.push(l);
        }
    }
    // Which parameters of each function of the file reach its result: two rounds, so a
    // function calling another of the file sees that one's summary.
    let mut summaries: HashMap<String, flow::Summary> = HashMap::new();
    for _ in 0..2 {
        let mut next: HashMap<String, flow::Summary> = HashMap::new();
        for f in &m.functions {
            let mut q = Quiet;
            let own = Walk::new(m, Some(f), &mut q, &globals, &summaries)
                .summarising()
                .run(None)
                .is_some();
            let flows: Vec<bool> = f
                .params
                .iter()
                .take(8)
                .enumerate()
                .map(|(i, p)| {
                    let mut q = Quiet;
                    Walk::new(m, Some(f), &mut q, &globals, &summaries)
                        .summarising()
                        .run(Some(i))
                        .is_some_and(|t| t.first().is_some_and(|s| s.span == p.span))
                })
                .collect();
            let e = next.entry(f.name.clone()).or_default();
            e.own |= own;
            if e.params.len() < flows.len() {
                e.params.resize(flows.len(), false);
            }
            for (i, b) in flows.into_iter().enumerate() {
                e.params[i] |= b;
            }
        }
        summaries = next;
    }
    let mut c = Collect {
        rules,
        hits: Vec::new(),
        seen: BTreeSet::new(),
    };
    Walk::new(m, None, &mut c, &globals, &summaries).run(None);
    // Annotations and decorators are calls too (`@CrossOrigin(...)`, `@app.route(...)`).
    let annotations: Vec<&Expr> = m
        .classes
        .iter()
        .flat_map(|c| c.annotations.iter())
        .chain(m.functions.iter().flat_map(|f| f.annotations.iter()))
        .collect();
    {
        let mut w = Walk::new(m, None, &mut c, &globals, &summaries);
        for a in annotations {
            w.eval(a);
        }
    }
    for f in &units {
        Walk::new(m, Some(f), &mut c, &globals, &summaries).run(None);
    }
    for (i, r) in rules.iter().enumerate() {
        let Check::Derived { source, sink, into } = r.check else {
            continue;
        };
        for f in &units {
            let mut d = Derived {
                rule: i,
                sink,
                into,
                out: &mut c,
            };
            let returned = Walk::new(m, Some(f), &mut d, &globals, &summaries)
                .with_source(source)
                .run(None);
            if into(&f.name) {
                if let Some((flow, msg)) =
                    flow_hit(&returned, f.span, format!("is returned by `{}`", f.name))
                {
                    let span = flow.iter().rev().nth(1).map(|s| s.span).unwrap_or(f.span);
                    c.push(i, span, msg, flow);
                }
            }
        }
    }
    // Fields of classes, as declared.
    for class in &m.classes {
        for s in &class.fields {
            if let Stmt::Assign {
                target,
                value,
                ty,
                span,
            } = s
            {
                let fact = Fact {
                    ty: ty.clone(),
                    ..Fact::of(
                        value
                            .as_ref()
                            .map(flow::const_of)
                            .unwrap_or(flow::Val::Unknown),
                    )
                };
                let site = AssignSite {
                    target,
                    name: target.dotted(),
                    ty: ty.as_deref(),
                    value: value.as_ref(),
                    fact,
                    span: *span,
                    func: None,
                    module: m,
                    field: true,
                };
                c.assign(&site);
            }
        }
    }
    for (i, r) in rules.iter().enumerate() {
        if let Check::Module(f) = r.check {
            for (span, msg) in f(m) {
                c.push(i, span, msg, Vec::new());
            }
        }
    }
    let mut hits = c.hits;
    hits.sort_by_key(|h| (h.span, h.rule));
    hits
}

/// Extensions the scanner reads.
const GLOBS: &[&str] = &[
    "**/*.java",
    "**/*.py",
    "**/*.js",
    "**/*.mjs",
    "**/*.cjs",
    "**/*.jsx",
    "**/*.ts",
    "**/*.mts",
    "**/*.cts",
    "**/*.tsx",
    "**/*.go",
    "**/*.properties",
];

/// Minified bundles and type declarations are generated code, not what a team wrote:
/// why a file is not analysed, if it is one.
fn generated(lang: Lang, path: &str, content: &[u8]) -> Option<&'static str> {
    let p = path.to_ascii_lowercase();
    if p.contains("/node_modules/") || p.starts_with("node_modules/") {
        return Some("a dependency under node_modules");
    }
    if p.ends_with(".d.ts") {
        return Some("a TypeScript declaration file");
    }
    let js = matches!(lang, Lang::JavaScript | Lang::TypeScript);
    // One very long first line is a bundle.
    if js
        && (p.ends_with(".min.js") || content.len() > 20_000 && !content[..20_000].contains(&b'\n'))
    {
        return Some("a minified bundle");
    }
    None
}
/// `[sast]` in `tollgate.toml`.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SastConfig {
    /// Source files larger than this are not analysed (and are reported as not checked).
    #[serde(deserialize_with = "size")]
    pub max_file_size: u64,
}

impl Default for SastConfig {
    fn default() -> Self {
        SastConfig {
            max_file_size: lower::MAX_FILE_BYTES as u64,
        }
    }
}

fn size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Size {
        N(u64),
        S(String),
    }
    match <Size as serde::Deserialize>::deserialize(d)? {
        Size::N(n) => Ok(n),
        Size::S(s) => tollgate_core::config::parse_size(&s).map_err(serde::de::Error::custom),
    }
}

/// The commented `[sast]` section of the default `tollgate.toml`.
pub const DEFAULT_TOML: &str = r#"
[sast]
# Java, Python, JavaScript/TypeScript and Go source files larger than this are not
# analysed; they are listed as not checked.
# max_file_size = "2MiB"
"#;

/// The code scanner.
pub struct SastScanner {
    rules: Vec<Rule>,
    metas: Vec<RuleMeta>,
    selection: Selection,
    max_file_size: usize,
    /// Set for the cryptography inventory: the algorithm uses found, instead of findings.
    crypto: Option<std::sync::Mutex<Vec<cbom::CryptoUse>>>,
}

impl Default for SastScanner {
    fn default() -> Self {
        SastScanner::new()
    }
}

impl SastScanner {
    pub fn new() -> SastScanner {
        let rules = rules::all();
        let metas = rules.iter().map(Rule::meta).collect();
        SastScanner {
            rules,
            metas,
            selection: Selection::names(&[])
                .globs(GLOBS)
                .keep_for_project_only(|name| {
                    name.ends_with(".java") || name.ends_with(".properties")
                }),
            max_file_size: lower::MAX_FILE_BYTES,
            crypto: None,
        }
    }

    /// A scanner that reports no findings but collects every use of a cryptographic
    /// algorithm (see [`SastScanner::take_crypto`]).
    pub fn inventory() -> SastScanner {
        SastScanner {
            rules: Vec::new(),
            metas: Vec::new(),
            crypto: Some(std::sync::Mutex::new(Vec::new())),
            ..SastScanner::new()
        }
    }

    /// The algorithm uses an inventory scanner collected, sorted.
    pub fn take_crypto(&self) -> Vec<cbom::CryptoUse> {
        let mut v = self
            .crypto
            .as_ref()
            .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default();
        v.sort();
        v
    }

    pub fn with_config(cfg: &SastConfig) -> SastScanner {
        SastScanner {
            max_file_size: usize::try_from(cfg.max_file_size).unwrap_or(usize::MAX),
            ..SastScanner::new()
        }
    }

    /// Analyses one file's text as the walk would hand it over.
    pub fn scan_text(&self, path: &str, content: &[u8]) -> FileOutcome {
        let mut out = FileOutcome::default();
        let class = tollgate_core::classify::classify(path);
        self.analyse_file(path, content, class, &Default::default(), &mut out);
        out
    }

    /// Analyses files as the walk and the project phase would (Java with the files'
    /// properties): for tests, fuzzing and library users.
    pub fn scan_files(&self, files: &[ProjectFile]) -> FileOutcome {
        let mut out = FileOutcome::default();
        let mut kept: Vec<ProjectFile> = Vec::new();
        for f in files {
            let name = f
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&f.path)
                .to_ascii_lowercase();
            // As the walk: only files the selection wants.
            if self.selection.by_path(&f.path, &name) == tollgate_core::scanner::PathMatch::No {
                continue;
            }
            self.scan_file(
                &SourceFile {
                    path: &f.path,
                    content: &f.content,
                    class: f.class,
                },
                &mut out,
            );
            if self.selection.keeps_file(&name) {
                kept.push(f.clone());
            }
        }
        kept.sort_by(|a, b| a.path.cmp(&b.path));
        self.scan_project(
            &Project {
                files: &kept,
                history: false,
            },
            &mut out,
        );
        out
    }

    fn finding(
        &self,
        rule: &Rule,
        meta: &RuleMeta,
        path: &str,
        text: &str,
        hit: &Hit,
        class: tollgate_core::FileClass,
    ) -> Finding {
        let lines: Vec<&str> = text.lines().collect();
        let s = hit.span;
        let code: String = lines
            .get(s.line.saturating_sub(1) as usize..(s.end_line as usize).min(lines.len()))
            .map(|l| l.join("\n"))
            .unwrap_or_default();
        let fp = tollgate_core::fingerprint::fingerprint(
            meta.id.as_str(),
            path,
            format!(
                "{code}\0{}",
                hit.flow.first().map(|f| f.what.as_str()).unwrap_or("")
            )
            .as_bytes(),
        );
        let mut f = Finding::of_rule(
            meta,
            Location::file(path, (s.line, s.col), (s.end_line, s.end_col)),
            fp,
        );
        // Messages name identifiers and APIs, never a literal's value.
        f.message = hit.message.clone();
        // Test and example code does not run in production: still reported, with less
        // weight (a gate can leave low-confidence findings out).
        if class.test_or_example {
            f.confidence = tollgate_core::Confidence::Low;
            f.data
                .insert("confidence_reason".into(), "in test or example code".into());
        }
        let last = hit.flow.len().saturating_sub(1);
        f.flow = hit
            .flow
            .iter()
            .enumerate()
            .map(|(i, st)| FlowStep {
                role: if i == 0 {
                    FlowRole::Source
                } else if i == last {
                    FlowRole::Sink
                } else {
                    FlowRole::Step
                },
                location: Location::file(
                    path,
                    (st.span.line, st.span.col),
                    (st.span.end_line, st.span.end_col),
                ),
                message: st.what.clone(),
            })
            .collect();
        let id = rule.id();
        let here = s.line.saturating_sub(1) as usize;
        for l in [here, here.saturating_sub(1)] {
            if let Some(reason) = lines
                .get(l)
                .and_then(|line| tollgate_core::allow::ignore_comment(line, &id))
            {
                f.suppression = Some(Suppression::simple(SuppressionKind::Inline, reason));
                break;
            }
        }
        f
    }
}

impl Scanner for SastScanner {
    fn name(&self) -> &'static str {
        "sast"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn selection(&self) -> &Selection {
        &self.selection
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        // Java is analysed in the project phase, with the project's properties files.
        if file.path.to_ascii_lowercase().ends_with(".java") || Lang::of_path(file.path).is_none() {
            return;
        }
        self.analyse_file(
            file.path,
            file.content,
            file.class,
            &Default::default(),
            out,
        );
    }

    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        // Properties of the tree (`benchmark.properties`, `application.properties`): a
        // key set to one value everywhere resolves `getProperty("key")`. In git history
        // blobs of different commits share paths, so nothing is resolved there.
        let config = if project.history {
            BTreeMap::new()
        } else {
            properties(project.files)
        };
        let config = std::sync::Arc::new(config);
        let java: Vec<&ProjectFile> = project
            .files
            .iter()
            .filter(|f| f.path.to_ascii_lowercase().ends_with(".java"))
            .collect();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let chunk = java.len().div_ceil(threads).max(1);
        let stopped = |f: &ProjectFile| FileIssue {
            path: f.path.clone(),
            kind: IssueKind::Error,
            line: None,
            source: "sast".into(),
            message: "not analysed: the analysis stopped on this file".into(),
        };
        let outcomes: Vec<FileOutcome> = std::thread::scope(|scope| {
            let handles: Vec<_> = java
                .chunks(chunk)
                .map(|files| {
                    let config = config.clone();
                    let handle = scope.spawn(move || {
                        let mut o = FileOutcome::default();
                        for f in files {
                            // One file that breaks the analysis never stops the others.
                            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                let mut one = FileOutcome::default();
                                self.analyse_file(&f.path, &f.content, f.class, &config, &mut one);
                                one
                            }));
                            match r {
                                Ok(mut one) => {
                                    o.findings.append(&mut one.findings);
                                    o.issues.append(&mut one.issues);
                                }
                                Err(_) => o.issues.push(stopped(f)),
                            }
                        }
                        o
                    });
                    (files, handle)
                })
                .collect();
            // A thread that did not come back leaves its files unchecked, and says so.
            handles
                .into_iter()
                .map(|(files, h)| {
                    h.join().unwrap_or_else(|_| FileOutcome {
                        findings: Vec::new(),
                        issues: files.iter().map(|f| stopped(f)).collect(),
                    })
                })
                .collect()
        });
        for mut o in outcomes {
            out.findings.append(&mut o.findings);
            out.issues.append(&mut o.issues);
        }
    }
}

/// `key=value` lines of the project's `.properties` files; a key given different values
/// in different places is left out (which one applies is not known).
fn properties(files: &[ProjectFile]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    for f in files
        .iter()
        .filter(|f| f.path.to_ascii_lowercase().ends_with(".properties"))
    {
        let Ok(text) = std::str::from_utf8(&f.content) else {
            continue;
        };
        for line in text.lines().take(10_000) {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') || l.starts_with('!') {
                continue;
            }
            let Some(at) = l.find(['=', ':']) else {
                continue;
            };
            let (k, v) = (l[..at].trim(), l[at + 1..].trim());
            if k.is_empty() || k.len() > 200 || v.len() > 1000 {
                continue;
            }
            match out.get(k) {
                Some(Some(old)) if old != v => {
                    out.insert(k.to_string(), None);
                }
                Some(_) => {}
                None => {
                    out.insert(k.to_string(), Some(v.to_string()));
                }
            }
        }
    }
    out.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
}

impl SastScanner {
    /// Lowers and analyses one file; `config` resolves properties lookups.
    fn analyse_file(
        &self,
        path: &str,
        content: &[u8],
        class: tollgate_core::FileClass,
        config: &std::sync::Arc<BTreeMap<String, String>>,
        out: &mut FileOutcome,
    ) {
        let file = SourceFile {
            path,
            content,
            class,
        };
        let Some(lang) = Lang::of_path(file.path) else {
            return;
        };
        if file.content.len() <= self.max_file_size {
            if let Some(why) = generated(lang, file.path, file.content) {
                out.issues.push(FileIssue {
                    path: file.path.to_string(),
                    kind: IssueKind::Skipped,
                    line: None,
                    source: "sast".into(),
                    message: format!("not analysed: {why}"),
                });
                return;
            }
        }
        let module = match lower::lower_bounded(lang, file.path, file.content, self.max_file_size) {
            Ok(mut m) => {
                m.config = config.clone();
                m
            }
            Err(e) => {
                out.issues.push(FileIssue {
                    path: file.path.to_string(),
                    kind: IssueKind::Error,
                    line: None,
                    source: "sast".into(),
                    message: format!("not analysed: {e}"),
                });
                return;
            }
        };
        if let Some(first) = module.errors.first() {
            // The parser recovers and the rest of the file is analysed, but what it could
            // not read was not checked.
            out.issues.push(FileIssue {
                path: file.path.to_string(),
                kind: IssueKind::Error,
                line: Some(first.line),
                source: "sast".into(),
                message: format!(
                    "{} place(s) the {} parser could not read, from line {}; the rest was analysed",
                    module.errors.len(),
                    lang.id(),
                    first.line
                ),
            });
        }
        if let Some(c) = &self.crypto {
            let found = cbom::collect(&module);
            c.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
            return;
        }
        let applicable: Vec<(usize, &Rule)> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.applies(lang))
            .collect();
        let refs: Vec<&Rule> = applicable.iter().map(|(_, r)| *r).collect();
        let text = std::str::from_utf8(file.content).unwrap_or("");
        for hit in analyse(&module, &refs) {
            let (idx, rule) = applicable[hit.rule];
            out.findings
                .push(self.finding(rule, &self.metas[idx], file.path, text, &hit, class));
        }
    }
}

#[cfg(test)]
mod project_tests {
    use super::*;

    fn file(path: &str, text: &str) -> ProjectFile {
        ProjectFile {
            path: path.into(),
            content: text.as_bytes().to_vec(),
            class: Default::default(),
        }
    }

    const JAVA: &str = r#"class A { byte[] f(byte[] d) throws Exception {
  java.util.Properties props = new java.util.Properties();
  String alg = props.getProperty("hashAlg1", "SHA512");
  return java.security.MessageDigest.getInstance(alg).digest(d);
} }"#;

    fn rules_of(out: &FileOutcome) -> Vec<String> {
        out.findings.iter().map(|f| f.rule_id.to_string()).collect()
    }

    #[test]
    fn an_algorithm_named_in_a_properties_file_is_resolved() {
        let s = SastScanner::new();
        let weak = s.scan_files(&[
            file("src/A.java", JAVA),
            file("src/main/resources/app.properties", "# x\nhashAlg1=MD5\n"),
        ]);
        assert_eq!(rules_of(&weak), ["sast/java/weak-hash"]);
        // Without the file, the default in the code (SHA512) applies.
        assert!(rules_of(&s.scan_files(&[file("src/A.java", JAVA)])).is_empty());
        // Two files disagreeing: which applies is not known, so the default stands.
        let two = s.scan_files(&[
            file("src/A.java", JAVA),
            file("a.properties", "hashAlg1=MD5\n"),
            file("b.properties", "hashAlg1=SHA-256\n"),
        ]);
        assert!(rules_of(&two).is_empty());
    }

    #[test]
    fn findings_in_test_code_carry_low_confidence() {
        let s = SastScanner::new();
        let code = b"import hashlib\ndef sign(d):\n    return hashlib.md5(d).hexdigest()\n";
        let prod = s.scan_text("app/sign.py", code);
        let test = s.scan_text("tests/test_sign.py", code);
        assert_eq!(prod.findings[0].confidence, tollgate_core::Confidence::High);
        assert_eq!(test.findings[0].confidence, tollgate_core::Confidence::Low);
        assert_eq!(
            test.findings[0]
                .data
                .get("confidence_reason")
                .map(String::as_str),
            Some("in test or example code")
        );
    }

    #[test]
    fn one_file_that_does_not_parse_is_reported_and_the_others_are_analysed() {
        let s = SastScanner::new();
        let out = s.scan_files(&[
            file("bad.py", "def f(:\n    return hashlib.md5(x)\n"),
            file(
                "good.py",
                "import hashlib\ndef sign(d):\n    return hashlib.md5(d).hexdigest()\n",
            ),
            file("Bad.java", "class { void ( }"),
            file("big.go", &"x".repeat(3 << 20)),
        ]);
        assert!(rules_of(&out).contains(&"sast/python/weak-hash".to_string()));
        let bad: Vec<&str> = out.issues.iter().map(|i| i.path.as_str()).collect();
        assert!(
            bad.contains(&"bad.py") && bad.contains(&"Bad.java") && bad.contains(&"big.go"),
            "{:?}",
            out.issues
        );
        assert!(out
            .issues
            .iter()
            .all(|i| i.kind == IssueKind::Error && i.source == "sast"));
        let big = out.issues.iter().find(|i| i.path == "big.go").unwrap();
        assert!(big.message.contains("larger than"), "{}", big.message);
    }
}
