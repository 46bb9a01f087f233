//! Static analysis of application code (the `sast` scanner).
//!
//! - [`lower`]: tree-sitter front ends for Java, Python, JavaScript/TypeScript and Go,
//!   each file parsed once and lowered to the one [`model`].
//! - [`flow`]: constants folded, dead branches pruned, lists and maps tracked element by
//!   element, and taint carried from [`sources`] through assignments, string building,
//!   collections, fields and the file's own functions.
//! - [`rule`] and [`rules`]: each rule's metadata and fixtures beside its check.

pub mod callgraph;
pub mod cbom;
pub mod flow;
pub mod lower;
pub mod model;
pub mod rule;
pub mod rules;
pub mod settings;
pub mod sources;

use flow::{AssignSite, CallSite, DictSite, Fact, Reach, Resolve, Step, Visitor, Walk};
use model::{Expr, Function, Lang, Module, Span, Stmt};
use rule::{Check, Rule, SinkArg};
use std::collections::BTreeMap;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
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
    /// The file of `span`, when the sink is in another file of the project than the
    /// module analysed (a call into that file's function).
    pub file: Option<Arc<str>>,
}

struct Collect<'r> {
    rules: &'r [&'r Rule],
    hits: Vec<Hit>,
    seen: BTreeSet<(usize, Option<Arc<str>>, Span)>,
}

impl Collect<'_> {
    fn push(&mut self, rule: usize, span: Span, message: String, flow: Vec<Step>) {
        self.push_in(rule, None, span, message, flow);
    }
    fn push_in(
        &mut self,
        rule: usize,
        file: Option<Arc<str>>,
        span: Span,
        message: String,
        flow: Vec<Step>,
    ) {
        if self.seen.insert((rule, file.clone(), span)) {
            self.hits.push(Hit {
                rule,
                span,
                message,
                flow,
                file,
            });
        }
    }
}

/// The flow of untrusted data passed at `site` into a function whose parameter reaches
/// a sink: the caller's steps, the call, then the callee's.
fn through(taint: &[Step], site: &CallSite<'_>, reach: &Reach) -> Vec<Step> {
    let mut v: Vec<Step> = taint.iter().take(12).cloned().collect();
    v.push(Step::at(
        site.call.span,
        format!("passed to `{}`", site.method()),
    ));
    v.extend(reach.flow.iter().take(12).cloned());
    v
}

/// Records, in a walk seeded with one tainted parameter, the sinks that parameter
/// reaches: the function's sink summary.
struct SinkCollect<'r> {
    rules: &'r [&'r Rule],
    param: usize,
    at: Span,
    out: Vec<Reach>,
}

impl SinkCollect<'_> {
    fn starts_at_param(&self, flow: &[Step]) -> bool {
        flow.first()
            .is_some_and(|s| s.span == self.at && s.file.is_none())
    }
}

impl Visitor for SinkCollect<'_> {
    fn call(&mut self, site: &CallSite<'_>) {
        for r in self.rules {
            if let Check::Taint(sink) = r.check {
                if let Some((flow, _)) = sink_hit(site, sink) {
                    if self.starts_at_param(&flow) && self.out.len() < 16 {
                        self.out.push(Reach {
                            param: self.param,
                            rule: r.slug,
                            flow: Arc::new(flow),
                            file: None,
                            span: site.call.span,
                        });
                    }
                }
            }
        }
    }
    fn assign(&mut self, _: &AssignSite<'_>) {}
    fn dict(&mut self, _: &DictSite<'_>) {}
    fn reach(&mut self, site: &CallSite<'_>, taint: &Arc<Vec<Step>>, reach: &Reach) {
        if self.starts_at_param(taint) && self.out.len() < 16 {
            self.out.push(Reach {
                param: self.param,
                rule: reach.rule,
                flow: Arc::new(through(taint, site, reach)),
                file: reach.file.clone(),
                span: reach.span,
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
    fn reach(&mut self, site: &CallSite<'_>, taint: &Arc<Vec<Step>>, reach: &Reach) {
        let Some(i) = self
            .rules
            .iter()
            .position(|r| r.slug == reach.rule && matches!(r.check, Check::Taint(_)))
        else {
            return;
        };
        let flow = through(taint, site, reach);
        let source = flow.first().map(|s| s.what.clone()).unwrap_or_default();
        let sink = reach.flow.last().map(|s| s.what.as_str()).unwrap_or("");
        let place = match &reach.file {
            Some(f) => format!(
                "{}, line {}",
                f.rsplit('/').next().unwrap_or(f),
                reach.span.line
            ),
            None => format!("line {}", reach.span.line),
        };
        let msg = format!("{source} {sink} ({place}) through `{}`", site.method());
        self.push_in(i, reach.file.clone(), reach.span, msg, flow);
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
    flow.push(Step::at(span, what.clone()));
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

/// What each function of `m` does with untrusted data (see [`flow::Summary`]): two
/// rounds, so a function calling another of the file sees that one's summary; calls into
/// other files are answered by `project`.
pub fn summarise(
    m: &Module,
    rules: &[&Rule],
    project: Option<&dyn Resolve>,
) -> HashMap<String, flow::Summary> {
    summarise_from(m, rules, project, HashMap::new(), 2)
}

/// `rounds` more rounds of [`summarise`], starting from `start` (an earlier round's).
fn summarise_from(
    m: &Module,
    rules: &[&Rule],
    project: Option<&dyn Resolve>,
    start: HashMap<String, flow::Summary>,
    rounds: usize,
) -> HashMap<String, flow::Summary> {
    let globals = flow::globals(m);
    let taint_rules: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| matches!(r.check, Check::Taint(_)))
        .collect();
    let mut summaries = start;
    for _ in 0..rounds {
        let mut next: HashMap<String, flow::Summary> = HashMap::new();
        for f in &m.functions {
            let mut q = Quiet;
            let own = Walk::new(m, Some(f), &mut q, &globals, &summaries)
                .with_project(project)
                .summarising()
                .run(None)
                .is_some();
            let recv = f.class.is_some()
                && Walk::new(m, Some(f), &mut Quiet, &globals, &summaries)
                    .with_project(project)
                    .seeding_fields()
                    .run(None)
                    .is_some_and(|t| t.first().is_some_and(|s| s.what == flow::FIELD_SEED));
            let mut one = flow::Summary {
                own,
                recv,
                ..Default::default()
            };
            for (i, p) in f.params.iter().take(8).enumerate() {
                let mut sinks = SinkCollect {
                    rules: &taint_rules,
                    param: i,
                    at: p.span,
                    out: Vec::new(),
                };
                let returned = Walk::new(m, Some(f), &mut sinks, &globals, &summaries)
                    .with_project(project)
                    .summarising()
                    .run(Some(i));
                one.params
                    .push(returned.is_some_and(|t| t.first().is_some_and(|s| s.span == p.span)));
                one.sinks.append(&mut sinks.out);
            }
            next.entry(f.name.clone()).or_default().merge(&one);
        }
        summaries = next;
    }
    summaries
}

/// Runs `rules` over one module.
pub fn analyse(m: &Module, rules: &[&Rule]) -> Vec<Hit> {
    analyse_with(m, rules, None)
}

/// Runs `rules` over one module of a project whose other files `project` describes.
pub fn analyse_with(m: &Module, rules: &[&Rule], project: Option<&dyn Resolve>) -> Vec<Hit> {
    analyse_summarised(m, rules, project, &summarise(m, rules, project))
}

/// [`analyse_with`] with the module's function summaries already made.
fn analyse_summarised(
    m: &Module,
    rules: &[&Rule],
    project: Option<&dyn Resolve>,
    summaries: &HashMap<String, flow::Summary>,
) -> Vec<Hit> {
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
    let mut c = Collect {
        rules,
        hits: Vec::new(),
        seen: BTreeSet::new(),
    };
    Walk::new(m, None, &mut c, &globals, summaries)
        .with_project(project)
        .run(None);
    // Annotations and decorators are calls too (`@CrossOrigin(...)`, `@app.route(...)`).
    let annotations: Vec<&Expr> = m
        .classes
        .iter()
        .flat_map(|c| c.annotations.iter())
        .chain(m.functions.iter().flat_map(|f| f.annotations.iter()))
        .collect();
    {
        let mut w = Walk::new(m, None, &mut c, &globals, summaries);
        for a in annotations {
            w.eval(a);
        }
    }
    for f in &units {
        Walk::new(m, Some(f), &mut c, &globals, summaries)
            .with_project(project)
            .run(None);
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
            let returned = Walk::new(m, Some(f), &mut d, &globals, summaries)
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
    "**/application*.yml",
    "**/application*.yaml",
    "**/bootstrap*.yml",
    "**/bootstrap*.yaml",
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
                // Every file is analysed in the project phase, which follows calls from
                // one file into another.
                .keep_for_project(),
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
        let file = ProjectFile {
            path: path.to_string(),
            content: content.to_vec(),
            class: tollgate_core::classify::classify(path),
        };
        self.scan_files(std::slice::from_ref(&file))
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
        at: &ProjectFile,
        hit: &Hit,
        origin: &str,
    ) -> Finding {
        // The file of the finding (a sink in another file than `origin`, the analysed one).
        let (path, class) = (at.path.as_str(), at.class);
        let text = std::str::from_utf8(&at.content).unwrap_or("");
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
                    st.file.as_deref().unwrap_or(origin),
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

    fn scan_file(&self, _file: &SourceFile<'_>, _out: &mut FileOutcome) {
        // Everything is analysed in the project phase (see `scan_project`).
    }

    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        // Settings of the tree (`benchmark.properties`, `application.yml`): a key set to
        // one value everywhere resolves `getProperty("key")` and `@Value("${key}")`. In git history
        // blobs of different commits share paths, so nothing is resolved there and no
        // call is followed from one file into another.
        let config = if project.history {
            BTreeMap::new()
        } else {
            settings::collect(project.files)
        };
        let config = Arc::new(config);
        let code: Vec<&ProjectFile> = project
            .files
            .iter()
            .filter(|f| Lang::of_path(&f.path).is_some())
            .collect();
        let by_path: HashMap<&str, &ProjectFile> =
            code.iter().map(|f| (f.path.as_str(), *f)).collect();
        // The call graph in two rounds: first what each function does within its file,
        // then with the first round's answers for calls into other files (a controller
        // calling a service calling a repository). A file that breaks a round is left
        // out of the table; the analysis below reports it.
        // Each file's summaries are kept from round to round; so are its lowered modules
        // when the project's code is small enough (a large one is lowered again).
        let mut table = callgraph::Table::default();
        let mut kept: Vec<Option<HashMap<String, flow::Summary>>> = Vec::new();
        let mut modules: Vec<Option<Module>> = Vec::new();
        let small = code.iter().map(|f| f.content.len()).sum::<usize>() <= KEEP_MODULES;
        if !project.history && code.len() > 1 && self.crypto.is_none() {
            for round in 0..2 {
                let done = par_map(&code, |i, f| {
                    let lowered;
                    let m = match modules.get(i).and_then(Option::as_ref) {
                        Some(m) => m,
                        None => {
                            lowered = self.module(f, &config).ok()?;
                            &lowered
                        }
                    };
                    let rules = self.rules_for(m.lang);
                    let refs: Vec<&Rule> = rules.iter().map(|(_, r)| *r).collect();
                    let project = (!table.is_empty()).then_some(&table as &dyn Resolve);
                    let start = kept.get(i).cloned().flatten().unwrap_or_default();
                    let summaries =
                        summarise_from(m, &refs, project, start, if round == 0 { 2 } else { 1 });
                    let entries = callgraph::Table::entries(m, &summaries);
                    let keep = (round == 0 && small).then(|| m.clone());
                    Some((entries, summaries, keep))
                });
                let mut next = callgraph::Table::default();
                let mut lowered = Vec::new();
                kept = done
                    .into_iter()
                    .map(|d| {
                        let Some((entries, summaries, m)) = d.flatten() else {
                            lowered.push(None);
                            return None;
                        };
                        for e in entries {
                            next.insert(e);
                        }
                        lowered.push(m);
                        Some(summaries)
                    })
                    .collect();
                if round == 0 {
                    modules = lowered;
                }
                table = next;
            }
        }
        let ctx = Context {
            config: &config,
            project: (!table.is_empty()).then_some(&table as &dyn Resolve),
            files: &by_path,
        };
        let outcomes = par_map(&code, |i, f| {
            let mut one = FileOutcome::default();
            let done = Done {
                module: modules.get(i).and_then(Option::as_ref),
                summaries: kept.get(i).and_then(Option::as_ref),
            };
            self.analyse_file(f, done, &ctx, &mut one);
            one
        });
        let mut seen = BTreeSet::new();
        for (f, o) in code.iter().zip(outcomes) {
            match o {
                Some(mut o) => {
                    // A sink in one file reached from several callers is one finding.
                    o.findings.retain(|x| {
                        seen.insert((
                            x.rule_id.to_string(),
                            x.location.path.clone(),
                            x.location.start_line,
                            x.location.start_column,
                            x.location.end_line,
                            x.location.end_column,
                        ))
                    });
                    out.findings.append(&mut o.findings);
                    out.issues.append(&mut o.issues);
                }
                None => out.issues.push(FileIssue {
                    path: f.path.clone(),
                    kind: IssueKind::Error,
                    line: None,
                    source: "sast".into(),
                    message: "not analysed: the analysis stopped on this file".into(),
                }),
            }
        }
    }
}

/// What the analysis of one file needs of the project.
struct Context<'a> {
    /// Settings (`getProperty("key")`).
    config: &'a Arc<BTreeMap<String, String>>,
    /// The call graph's summaries, for calls into other files.
    project: Option<&'a dyn Resolve>,
    /// The project's files by path (a sink found in another file is reported there).
    files: &'a HashMap<&'a str, &'a ProjectFile>,
}

/// What the call-graph rounds already made of one file.
#[derive(Clone, Copy, Default)]
struct Done<'a> {
    module: Option<&'a Module>,
    summaries: Option<&'a HashMap<String, flow::Summary>>,
}

/// Source bytes up to which the project phase keeps lowered modules between rounds.
const KEEP_MODULES: usize = 64 << 20;

/// `f` applied to every file on up to eight threads, in order; `None` for a file on
/// which it panicked (or whose thread did not return), so one file never stops the rest.
fn par_map<T: Send>(
    files: &[&ProjectFile],
    f: impl Fn(usize, &ProjectFile) -> T + Sync,
) -> Vec<Option<T>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                let handle = scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(j, file)| {
                            let i = c * chunk + j;
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(i, file)))
                                .ok()
                        })
                        .collect::<Vec<_>>()
                });
                (part.len(), handle)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(n, h)| h.join().unwrap_or_else(|_| (0..n).map(|_| None).collect()))
            .collect()
    })
}

impl SastScanner {
    /// The rules for one language, with their indices.
    fn rules_for(&self, lang: Lang) -> Vec<(usize, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.applies(lang))
            .collect()
    }

    /// One file lowered, with the project's properties; why not, as the issue to report.
    fn module(
        &self,
        f: &ProjectFile,
        config: &Arc<BTreeMap<String, String>>,
    ) -> Result<Module, FileIssue> {
        let issue = |kind, message: String| FileIssue {
            path: f.path.clone(),
            kind,
            line: None,
            source: "sast".into(),
            message,
        };
        let Some(lang) = Lang::of_path(&f.path) else {
            return Err(issue(
                IssueKind::Skipped,
                "not analysed: no front end".into(),
            ));
        };
        if f.content.len() <= self.max_file_size {
            if let Some(why) = generated(lang, &f.path, &f.content) {
                return Err(issue(IssueKind::Skipped, format!("not analysed: {why}")));
            }
        }
        match lower::lower_bounded(lang, &f.path, &f.content, self.max_file_size) {
            Ok(mut m) => {
                m.config = config.clone();
                Ok(m)
            }
            Err(e) => Err(issue(IssueKind::Error, format!("not analysed: {e}"))),
        }
    }

    /// Lowers and analyses one file; `config` resolves properties lookups and `project`
    /// calls into the other files (`files`, by path).
    fn analyse_file(
        &self,
        file: &ProjectFile,
        done: Done<'_>,
        ctx: &Context<'_>,
        out: &mut FileOutcome,
    ) {
        let (project, files) = (ctx.project, ctx.files);
        let lowered;
        let module = match done.module {
            Some(m) => m,
            None => match self.module(file, ctx.config) {
                Ok(m) => {
                    lowered = m;
                    &lowered
                }
                Err(issue) => {
                    out.issues.push(issue);
                    return;
                }
            },
        };
        let lang = module.lang;
        if let Some(first) = module.errors.first() {
            // The parser recovers and the rest of the file is analysed, but what it could
            // not read was not checked.
            out.issues.push(FileIssue {
                path: file.path.clone(),
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
            let found = cbom::collect(module);
            c.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
            return;
        }
        let applicable = self.rules_for(lang);
        let refs: Vec<&Rule> = applicable.iter().map(|(_, r)| *r).collect();
        let hits = match done.summaries {
            Some(s) => analyse_summarised(module, &refs, project, s),
            None => analyse_with(module, &refs, project),
        };
        for hit in hits {
            let (idx, rule) = applicable[hit.rule];
            // A sink in another file: that file's text and class.
            let at = match &hit.file {
                Some(p) => match files.get(&**p) {
                    Some(f) => *f,
                    None => continue,
                },
                None => file,
            };
            out.findings
                .push(self.finding(rule, &self.metas[idx], at, &hit, &file.path));
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
    fn destructuring_is_followed_and_deep_nesting_does_not_exhaust_the_stack() {
        let s = SastScanner::new();
        let flat = s.scan_files(&[file(
            "a.js",
            "app.post('/in', async (req, res) => {\n  const { email, pass: password } = req.body;\n  res.json(await User.findOne({ email, password }));\n});\n",
        )]);
        assert_eq!(rules_of(&flat), ["sast/javascript/nosql-injection"]);
        // Thousands of nested patterns, one per line: lowered to a bounded depth, the
        // scan finishes (it overflowed the stack before the bound).
        let depth = 5000;
        let deep = format!(
            "const {}b{} = req.query;\n",
            "{a:\n".repeat(depth),
            "\n}".repeat(depth)
        );
        let out = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                SastScanner::new()
                    .scan_files(&[file("deep.js", &deep)])
                    .findings
                    .len()
            })
            .unwrap()
            .join();
        assert!(out.is_ok(), "the scan of deeply nested patterns panicked");
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
    fn a_spring_value_field_is_resolved_from_application_yaml() {
        let s = SastScanner::new();
        let code = r#"import org.springframework.beans.factory.annotation.Value;
import java.security.MessageDigest;
class Signer {
  @Value("${app.crypto.digest:SHA-256}")
  private String digest;
  byte[] sign(byte[] d) throws Exception {
    return MessageDigest.getInstance(digest).digest(d);
  }
}"#;
        let yml = |alg: &str| format!("app:\n  crypto:\n    digest: {alg}\n");
        let weak = s.scan_files(&[
            file("src/main/java/Signer.java", code),
            file("src/main/resources/application.yml", &yml("MD5")),
        ]);
        assert_eq!(rules_of(&weak), ["sast/java/weak-hash"]);
        let strong = s.scan_files(&[
            file("src/main/java/Signer.java", code),
            file("src/main/resources/application.yml", &yml("SHA-512")),
        ]);
        assert!(rules_of(&strong).is_empty());
        // No setting: the default in the annotation applies.
        assert!(rules_of(&s.scan_files(&[file("Signer.java", code)])).is_empty());
        let md5 = code.replace("SHA-256", "MD5");
        assert_eq!(
            rules_of(&s.scan_files(&[file("Signer.java", &md5)])),
            ["sast/java/weak-hash"]
        );
    }

    /// (rule, path, line) of each finding, and the files its flow passes through.
    fn located(out: &FileOutcome) -> Vec<(String, String, u32, Vec<String>)> {
        let mut v: Vec<_> = out
            .findings
            .iter()
            .map(|f| {
                let mut files: Vec<String> =
                    f.flow.iter().map(|s| s.location.path.clone()).collect();
                files.dedup();
                (
                    f.rule_id.to_string(),
                    f.location.path.clone(),
                    f.location.start_line,
                    files,
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn taint_follows_calls_across_files_through_a_service_to_a_repository() {
        let s = SastScanner::new();
        let controller = r#"import javax.servlet.http.HttpServletRequest;
class PaymentController {
  private PaymentService payments;
  void lookup(HttpServletRequest req) throws Exception {
    String ref = req.getParameter("ref");
    payments.byReference(ref);
  }
}"#;
        let service = |body: &str| {
            format!(
                "class PaymentService {{\n  private PaymentRepository repo = new PaymentRepository();\n  void byReference(String r) throws Exception {{\n    {body}\n  }}\n}}"
            )
        };
        let repo = r#"import java.sql.Statement;
class PaymentRepository {
  Statement st;
  void find(String r) throws Exception {
    st.executeQuery("select * from payment where ref = '" + r + "'");
  }
}"#;
        let out = s.scan_files(&[
            file("src/PaymentController.java", controller),
            file("src/PaymentService.java", &service("repo.find(r.trim());")),
            file("src/PaymentRepository.java", repo),
        ]);
        assert_eq!(
            located(&out),
            [(
                "sast/java/sql-injection".to_string(),
                "src/PaymentRepository.java".to_string(),
                5,
                vec![
                    "src/PaymentController.java".to_string(),
                    "src/PaymentService.java".to_string(),
                    "src/PaymentRepository.java".to_string()
                ]
            )]
        );
        // Near misses: the service passes a number, or a constant, on.
        for safe in [
            "repo.find(String.valueOf(Integer.parseInt(r)));",
            "String k = r; k = \"ALL\"; repo.find(k);",
        ] {
            let out = s.scan_files(&[
                file("src/PaymentController.java", controller),
                file("src/PaymentService.java", &service(safe)),
                file("src/PaymentRepository.java", repo),
            ]);
            assert!(out.findings.is_empty(), "{safe}: {:?}", located(&out));
        }
    }

    #[test]
    fn a_call_through_an_interface_reaches_its_implementation_in_another_file() {
        let s = SastScanner::new();
        let out = s.scan_files(&[
            file(
                "web/Accounts.java",
                r#"import org.springframework.web.bind.annotation.*;
@RestController
class Accounts {
  @Autowired private AccountService service;
  @GetMapping("/a")
  String show(@RequestParam String iban) { return service.owner(iban); }
}"#,
            ),
            file("svc/AccountService.java", "interface AccountService { String owner(String iban); }"),
            file(
                "svc/AccountServiceImpl.java",
                r#"class AccountServiceImpl implements AccountService {
  javax.persistence.EntityManager em;
  public String owner(String iban) {
    return (String) em.createNativeQuery("select owner from account where iban = '" + iban + "'").getSingleResult();
  }
}"#,
            ),
        ]);
        let found = located(&out);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "sast/java/sql-injection");
        assert_eq!(found[0].1, "svc/AccountServiceImpl.java");
        assert_eq!(
            found[0].3.first().map(String::as_str),
            Some("web/Accounts.java")
        );
    }

    #[test]
    fn taint_follows_imports_in_python_typescript_and_go_packages() {
        let s = SastScanner::new();
        let view = "from flask import request\nfrom .db import find_user\n\ndef show():\n    return find_user(request.args.get('id'))\n";
        let db = |q: &str| {
            format!("def find_user(uid):\n    cur = conn.cursor()\n    {q}\n    return cur.fetchone()\n")
        };
        let py = |q: &str| s.scan_files(&[file("app/views.py", view), file("app/db.py", &db(q))]);
        let found = py("cur.execute(f\"select * from users where id = {uid}\")");
        assert_eq!(located(&found).len(), 1, "{:?}", located(&found));
        assert_eq!(located(&found)[0].1, "app/db.py");
        assert!(
            py("cur.execute(\"select * from users where id = %s\", (uid,))")
                .findings
                .is_empty()
        );

        let route = "import { Request, Response } from 'express';\nimport { findUser } from '../db';\nexport function show(req: Request, res: Response) {\n  findUser(req.query.id);\n}\n";
        let repo = |q: &str| {
            format!("export function findUser(id: string) {{\n  return pool.query({q});\n}}\n")
        };
        let ts = |q: &str| {
            s.scan_files(&[
                file("src/routes/user.ts", route),
                file("src/db.ts", &repo(q)),
            ])
        };
        let found = ts("\"select * from users where id = \" + id");
        assert_eq!(located(&found).len(), 1, "{:?}", located(&found));
        assert_eq!(located(&found)[0].1, "src/db.ts");
        assert!(ts("\"select * from users where id = $1\", [id]")
            .findings
            .is_empty());

        let handler = "package api\n\nimport \"net/http\"\n\nfunc Show(w http.ResponseWriter, r *http.Request) {\n\tlookup(r.URL.Query().Get(\"id\"))\n}\n";
        let store =
            |q: &str| format!("package api\n\nfunc lookup(id string) {{\n\tdb.Query({q})\n}}\n");
        let go = |q: &str| {
            s.scan_files(&[
                file("api/handler.go", handler),
                file("api/store.go", &store(q)),
            ])
        };
        let found = go("\"select * from users where id = \" + id");
        assert_eq!(located(&found).len(), 1, "{:?}", located(&found));
        assert_eq!(located(&found)[0].1, "api/store.go");
        assert!(go("\"select * from users where id = $1\", id")
            .findings
            .is_empty());
        // Another package's function of the same name is not this one.
        let other = s.scan_files(&[
            file("api/handler.go", handler),
            file(
                "other/store.go",
                &store("\"select \" + id").replace("package api", "package other"),
            ),
        ]);
        assert!(other.findings.is_empty(), "{:?}", located(&other));
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
