//! Front ends: each file parsed once by its tree-sitter grammar and lowered to the
//! [`crate::model`]. One lowering serves every language; where the grammars name the same
//! idea differently, the arms below list each name.

use crate::model::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tree_sitter::{Node, Parser};

/// Files larger than this are not analysed (and are reported as not checked).
pub const MAX_FILE_BYTES: usize = 2 << 20;
/// Nesting deeper than this is not lowered further (the rest of that expression is
/// unknown), so a hostile file cannot exhaust the stack.
const MAX_DEPTH: usize = 200;
/// A parse that takes longer than this is abandoned.
const PARSE_TIME: Duration = Duration::from_secs(10);

/// Why a file could not be analysed at all.
#[derive(Debug, Clone, PartialEq)]
pub enum LowerError {
    TooLarge(usize, usize),
    NotUtf8,
    Timeout,
    Grammar(String),
}

impl std::fmt::Display for LowerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LowerError::TooLarge(n, max) => {
                write!(
                    f,
                    "{n} bytes: larger than the {max} bytes analysed per file"
                )
            }
            LowerError::NotUtf8 => write!(f, "not UTF-8 text"),
            LowerError::Timeout => write!(f, "parsing took longer than {} s", PARSE_TIME.as_secs()),
            LowerError::Grammar(e) => write!(f, "grammar: {e}"),
        }
    }
}

fn grammar(lang: Lang, path: &str) -> tree_sitter::Language {
    match lang {
        Lang::Java => tree_sitter_java::LANGUAGE.into(),
        Lang::Python => tree_sitter_python::LANGUAGE.into(),
        Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Lang::TypeScript if path.to_ascii_lowercase().ends_with(".tsx") => {
            tree_sitter_typescript::LANGUAGE_TSX.into()
        }
        Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Lang::Go => tree_sitter_go::LANGUAGE.into(),
    }
}

/// Parses and lowers one file (at most [`MAX_FILE_BYTES`]).
pub fn lower(lang: Lang, path: &str, content: &[u8]) -> Result<Module, LowerError> {
    lower_bounded(lang, path, content, MAX_FILE_BYTES)
}

/// Parses and lowers one file of at most `max_bytes`.
pub fn lower_bounded(
    lang: Lang,
    path: &str,
    content: &[u8],
    max_bytes: usize,
) -> Result<Module, LowerError> {
    if content.len() > max_bytes {
        return Err(LowerError::TooLarge(content.len(), max_bytes));
    }
    let text = std::str::from_utf8(content).map_err(|_| LowerError::NotUtf8)?;
    let mut parser = Parser::new();
    parser
        .set_language(&grammar(lang, path))
        .map_err(|e| LowerError::Grammar(e.to_string()))?;
    let start = Instant::now();
    let mut timed_out = false;
    let mut progress = |_: &tree_sitter::ParseState| {
        timed_out = start.elapsed() > PARSE_TIME;
        timed_out
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
    let bytes = text.as_bytes();
    let tree = parser.parse_with_options(
        &mut |i, _| if i < bytes.len() { &bytes[i..] } else { &[] },
        None,
        Some(options),
    );
    let Some(tree) = tree else {
        return Err(if timed_out {
            LowerError::Timeout
        } else {
            LowerError::Grammar("no tree".into())
        });
    };
    let mut l = Lowerer {
        src: text,
        lang,
        imports: BTreeMap::new(),
        errors: Vec::new(),
        depth: 0,
    };
    let mut m = Module {
        lang,
        path: path.to_string(),
        imports: BTreeMap::new(),
        functions: Vec::new(),
        classes: Vec::new(),
        top: Vec::new(),
        errors: Vec::new(),
        config: Default::default(),
    };
    l.collect_errors(tree.root_node());
    l.items(tree.root_node(), None, &mut m);
    m.imports = std::mem::take(&mut l.imports);
    m.errors = l.errors;
    Ok(m)
}

struct Lowerer<'s> {
    src: &'s str,
    lang: Lang,
    imports: BTreeMap<String, String>,
    errors: Vec<Span>,
    depth: usize,
}

fn span(n: Node) -> Span {
    let s = n.start_position();
    let e = n.end_position();
    Span {
        line: s.row as u32 + 1,
        col: s.column as u32 + 1,
        end_line: e.row as u32 + 1,
        end_col: e.column as u32 + 1,
    }
}

fn named_children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|c| {
            c.kind() != "comment" && c.kind() != "line_comment" && c.kind() != "block_comment"
        })
        .collect()
}

impl<'s> Lowerer<'s> {
    fn text(&self, n: Node) -> &'s str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn collect_errors(&mut self, root: Node) {
        // Walk iteratively: error nodes can sit anywhere, however deep.
        let mut cursor = root.walk();
        let mut seen = 0usize;
        loop {
            let n = cursor.node();
            if (n.is_error() || n.is_missing()) && seen < 100 {
                self.errors.push(span(n));
                seen += 1;
            }
            if n.has_error() && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    // ---- declarations -------------------------------------------------------------------

    /// Top-level items and class bodies: imports, classes, functions, other statements.
    fn items(&mut self, n: Node, class: Option<&str>, m: &mut Module) {
        for c in named_children(n) {
            self.item(c, class, m, &[]);
        }
    }

    fn item(&mut self, c: Node, class: Option<&str>, m: &mut Module, decorators: &[Expr]) {
        match c.kind() {
            // Imports of every language.
            "import_statement"
            | "import_from_statement"
            | "import_declaration"
            | "import_spec"
            | "import_spec_list" => self.import(c),
            "decorated_definition" => {
                let decs: Vec<Expr> = named_children(c)
                    .into_iter()
                    .filter(|d| d.kind() == "decorator")
                    .filter_map(|d| named_children(d).first().map(|e| self.expr(*e)))
                    .collect();
                if let Some(def) = c.child_by_field_name("definition") {
                    self.item(def, class, m, &decs);
                }
            }
            "class_declaration"
            | "class_definition"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "class"
            | "abstract_class_declaration" => self.class(c, m, decorators),
            "type_declaration" => self.go_types(c, m),
            "function_definition"
            | "function_declaration"
            | "method_declaration"
            | "constructor_declaration"
            | "method_definition"
            | "generator_function_declaration" => {
                let f = self.function(c, class, decorators);
                m.functions.push(f);
            }
            "export_statement" => {
                for d in named_children(c) {
                    self.item(d, class, m, decorators);
                }
            }
            "package_clause" | "package_declaration" => {}
            _ => {
                let s = self.stmt(c);
                // Functions assigned at module level (`const h = (req, res) => {}`)
                // are functions too.
                for st in &s {
                    if let Stmt::Assign {
                        target,
                        value: Some(Expr::Lambda(f)),
                        ..
                    } = st
                    {
                        let mut f = (**f).clone();
                        if let Some(n) = target.dotted() {
                            f.name = n;
                        }
                        m.functions.push(f);
                    }
                }
                m.top.extend(s);
            }
        }
    }

    fn import(&mut self, n: Node) {
        match (self.lang, n.kind()) {
            (Lang::Python, "import_statement") => {
                for c in named_children(n) {
                    match c.kind() {
                        "dotted_name" => {
                            let full = self.text(c).to_string();
                            let first = full.split('.').next().unwrap_or("").to_string();
                            self.imports.insert(first.clone(), first);
                        }
                        "aliased_import" => {
                            if let (Some(name), Some(alias)) = (
                                c.child_by_field_name("name"),
                                c.child_by_field_name("alias"),
                            ) {
                                let full = self.text(name).to_string();
                                self.imports.insert(self.text(alias).to_string(), full);
                            }
                        }
                        _ => {}
                    }
                }
            }
            (Lang::Python, "import_from_statement") => {
                let module = n
                    .child_by_field_name("module_name")
                    .map(|m| self.text(m).to_string())
                    .unwrap_or_default();
                let mut c = n.walk();
                let names: Vec<Node> = n.children_by_field_name("name", &mut c).collect();
                for name in names {
                    match name.kind() {
                        "aliased_import" => {
                            if let (Some(orig), Some(alias)) = (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ) {
                                self.imports.insert(
                                    self.text(alias).to_string(),
                                    format!("{module}.{}", self.text(orig)),
                                );
                            }
                        }
                        _ => {
                            let t = self.text(name).to_string();
                            self.imports.insert(t.clone(), format!("{module}.{t}"));
                        }
                    }
                }
            }
            (Lang::Java, "import_declaration") => {
                let t = self
                    .text(n)
                    .trim_start_matches("import")
                    .trim()
                    .trim_start_matches("static")
                    .trim()
                    .trim_end_matches(';')
                    .trim()
                    .to_string();
                if let Some(last) = t.rsplit('.').next() {
                    if last != "*" {
                        self.imports.insert(last.to_string(), t.clone());
                    }
                }
            }
            (Lang::JavaScript | Lang::TypeScript, "import_statement") => {
                let Some(source) = n.child_by_field_name("source") else {
                    return;
                };
                let module = self.string_value(source);
                let mut stack = vec![n];
                while let Some(x) = stack.pop() {
                    for c in named_children(x) {
                        match c.kind() {
                            "import_clause" | "named_imports" => stack.push(c),
                            "identifier" => {
                                self.imports
                                    .insert(self.text(c).to_string(), module.clone());
                            }
                            "namespace_import" => {
                                if let Some(id) = named_children(c).first() {
                                    self.imports
                                        .insert(self.text(*id).to_string(), module.clone());
                                }
                            }
                            "import_specifier" => {
                                let name = c.child_by_field_name("name").map(|x| self.text(x));
                                let alias = c.child_by_field_name("alias").map(|x| self.text(x));
                                if let Some(name) = name {
                                    self.imports.insert(
                                        alias.unwrap_or(name).to_string(),
                                        format!("{module}.{name}"),
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            (Lang::Go, "import_declaration" | "import_spec_list") => {
                for c in named_children(n) {
                    self.import(c);
                }
            }
            (Lang::Go, "import_spec") => {
                let Some(path) = n.child_by_field_name("path") else {
                    return;
                };
                let p = self.string_value(path);
                let local = match n.child_by_field_name("name") {
                    Some(a) => self.text(a).to_string(),
                    None => go_package_name(&p),
                };
                self.imports.insert(local, p);
            }
            _ => {}
        }
    }

    /// `const x = require('m')` and `const { a, b: c } = require('m')` are imports.
    fn require(&mut self, d: Node) {
        let (Some(name), Some(value)) = (
            d.child_by_field_name("name"),
            d.child_by_field_name("value"),
        ) else {
            return;
        };
        if value.kind() != "call_expression"
            || value.child_by_field_name("function").map(|f| self.text(f)) != Some("require")
        {
            return;
        }
        let Some(arg) = value
            .child_by_field_name("arguments")
            .and_then(|a| named_children(a).into_iter().next())
        else {
            return;
        };
        if arg.kind() != "string" {
            return;
        }
        let module = self.string_value(arg);
        match name.kind() {
            "identifier" => {
                self.imports.insert(self.text(name).to_string(), module);
            }
            "object_pattern" => {
                for p in named_children(name) {
                    match p.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let t = self.text(p).to_string();
                            self.imports.insert(t.clone(), format!("{module}.{t}"));
                        }
                        "pair_pattern" => {
                            if let (Some(k), Some(v)) =
                                (p.child_by_field_name("key"), p.child_by_field_name("value"))
                            {
                                self.imports.insert(
                                    self.text(v).to_string(),
                                    format!("{module}.{}", self.text(k)),
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// `const { id, name: owner, ...rest } = req.query` and `const [a, b] = pair`: one
    /// assignment per name, from the field or element it takes. A value that is not a
    /// plain name is held in a temporary first, so it is evaluated once.
    fn destructure(&mut self, pattern: Node, value: Expr, sp: Span, out: &mut Vec<Stmt>) {
        let value = match value {
            v @ (Expr::Name(..) | Expr::Field(..)) => v,
            other => {
                let tmp = Expr::Name(format!("$destructured{}", sp.line), sp);
                out.push(Stmt::Assign {
                    target: tmp.clone(),
                    value: Some(other),
                    ty: None,
                    span: sp,
                });
                tmp
            }
        };
        let field = |k: &str| Expr::Field(Box::new(value.clone()), k.to_string(), sp);
        let element = |i: usize| {
            Expr::Index(
                Box::new(value.clone()),
                Box::new(Expr::Num(i.to_string(), sp)),
                sp,
            )
        };
        let assign = |out: &mut Vec<Stmt>, name: &str, from: Expr| {
            out.push(Stmt::Assign {
                target: Expr::Name(name.to_string(), sp),
                value: Some(from),
                ty: None,
                span: sp,
            });
        };
        for (i, p) in named_children(pattern).into_iter().enumerate() {
            match p.kind() {
                "shorthand_property_identifier_pattern" | "shorthand_property_identifier" => {
                    let k = self.text(p);
                    assign(out, k, field(k));
                }
                // `{ id = 0 }`: the default is used only when the field is missing.
                "object_assignment_pattern" | "assignment_pattern" => {
                    if let Some(left) = p.child_by_field_name("left") {
                        let k = self.text(left);
                        if left.kind().contains("identifier") {
                            let from = if pattern.kind() == "array_pattern" {
                                element(i)
                            } else {
                                field(k)
                            };
                            assign(out, k, from);
                        }
                    }
                }
                "pair_pattern" => {
                    if let (Some(k), Some(v)) =
                        (p.child_by_field_name("key"), p.child_by_field_name("value"))
                    {
                        let from = field(self.text(k).trim_matches(['"', '\'', '`']));
                        if v.kind() == "identifier" {
                            assign(out, self.text(v), from);
                        } else if matches!(v.kind(), "object_pattern" | "array_pattern")
                            && self.depth <= MAX_DEPTH
                        {
                            // Nested patterns: bounded like every other recursion here.
                            self.depth += 1;
                            self.destructure(v, from, sp, out);
                            self.depth -= 1;
                        }
                    }
                }
                "identifier" if pattern.kind() == "array_pattern" => {
                    assign(out, self.text(p), element(i));
                }
                // `...rest` holds what is left: all of it, as far as taint goes.
                "rest_pattern" => {
                    if let Some(id) = named_children(p).into_iter().next() {
                        assign(out, self.text(id), value.clone());
                    }
                }
                _ => {}
            }
        }
    }

    fn class(&mut self, n: Node, m: &mut Module, decorators: &[Expr]) {
        let name = n
            .child_by_field_name("name")
            .map(|x| self.text(x).to_string())
            .unwrap_or_default();
        let mut class = Class {
            name: name.clone(),
            annotations: decorators.to_vec(),
            span: span(n),
            ..Class::default()
        };
        for c in named_children(n) {
            match c.kind() {
                "modifiers" => class.annotations.extend(self.annotations(c)),
                "superclass" | "super_interfaces" | "extends_interfaces" | "class_heritage"
                | "argument_list" | "extends_clause" | "implements_clause" => {
                    let mut stack = vec![c];
                    while let Some(x) = stack.pop() {
                        for t in named_children(x) {
                            if matches!(
                                t.kind(),
                                "type_identifier"
                                    | "identifier"
                                    | "scoped_type_identifier"
                                    | "attribute"
                                    | "member_expression"
                            ) {
                                class.supers.push(self.text(t).to_string());
                            } else {
                                stack.push(t);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(body) = n.child_by_field_name("body") {
            for c in named_children(body) {
                match c.kind() {
                    "field_declaration" | "public_field_definition" | "field_definition" => {
                        class.fields.extend(self.stmt(c))
                    }
                    "expression_statement" if self.lang == Lang::Python => {
                        class.fields.extend(self.stmt(c))
                    }
                    _ => self.item(c, Some(&name), m, &[]),
                }
            }
        }
        m.classes.push(class);
    }

    /// Go `type X struct {...}`: a class with its fields.
    fn go_types(&mut self, n: Node, m: &mut Module) {
        for spec in named_children(n) {
            if spec.kind() != "type_spec" {
                continue;
            }
            let name = spec
                .child_by_field_name("name")
                .map(|x| self.text(x).to_string())
                .unwrap_or_default();
            let mut class = Class {
                name,
                span: span(spec),
                ..Class::default()
            };
            if let Some(t) = spec.child_by_field_name("type") {
                if t.kind() == "struct_type" {
                    for list in named_children(t) {
                        for f in named_children(list) {
                            if f.kind() != "field_declaration" {
                                continue;
                            }
                            let ty = f
                                .child_by_field_name("type")
                                .map(|x| self.text(x).to_string());
                            let mut c = f.walk();
                            let names: Vec<Node> =
                                f.children_by_field_name("name", &mut c).collect();
                            for nm in names {
                                class.fields.push(Stmt::Assign {
                                    target: Expr::Name(self.text(nm).to_string(), span(nm)),
                                    value: None,
                                    ty: ty.clone(),
                                    span: span(f),
                                });
                            }
                        }
                    }
                }
            }
            m.classes.push(class);
        }
    }

    /// A Spring field `@Value("${key:default}") String f;`: its value is the setting,
    /// lowered as the call `@Value.getProperty("key", "default")`.
    fn spring_value(&mut self, field: Node) -> Option<Expr> {
        let modifiers = named_children(field)
            .into_iter()
            .find(|c| c.kind() == "modifiers")?;
        let a = named_children(modifiers).into_iter().find(|a| {
            a.kind() == "annotation"
                && a.child_by_field_name("name").map(|x| self.text(x)) == Some("Value")
        })?;
        let lit = named_children(a.child_by_field_name("arguments")?)
            .into_iter()
            .find(|x| x.kind() == "string_literal")?;
        let text = self.string_value(lit);
        let (key, default) = crate::settings::placeholder(&text)?;
        let sp = span(a);
        let mut args = vec![Arg {
            name: None,
            value: Expr::Str(key.to_string(), sp),
        }];
        if let Some(d) = default {
            args.push(Arg {
                name: None,
                value: Expr::Str(d.to_string(), sp),
            });
        }
        Some(Expr::Call(Box::new(Call {
            callee: Expr::Field(
                Box::new(Expr::Name("@Value".into(), sp)),
                "getProperty".into(),
                sp,
            ),
            args,
            new: false,
            span: sp,
        })))
    }

    fn annotations(&mut self, modifiers: Node) -> Vec<Expr> {
        named_children(modifiers)
            .into_iter()
            .filter(|a| matches!(a.kind(), "annotation" | "marker_annotation" | "decorator"))
            .map(|a| self.annotation(a))
            .collect()
    }

    /// A Java annotation or a decorator as an expression: `@A` a name, `@A(x = 1)` a call
    /// with keyword arguments.
    fn annotation(&mut self, a: Node) -> Expr {
        if a.kind() == "decorator" {
            return named_children(a)
                .first()
                .map(|e| self.expr(*e))
                .unwrap_or(Expr::Unknown(span(a)));
        }
        let name = a
            .child_by_field_name("name")
            .map(|x| self.text(x).to_string())
            .unwrap_or_default();
        let callee = Expr::Name(name, span(a));
        match a.child_by_field_name("arguments") {
            None => callee,
            Some(args) => {
                let mut out = Vec::new();
                for x in named_children(args) {
                    if x.kind() == "element_value_pair" {
                        let k = x
                            .child_by_field_name("key")
                            .map(|k| self.text(k).to_string());
                        let v = x
                            .child_by_field_name("value")
                            .map(|v| self.expr(v))
                            .unwrap_or(Expr::Unknown(span(x)));
                        out.push(Arg { name: k, value: v });
                    } else {
                        out.push(Arg {
                            name: None,
                            value: self.expr(x),
                        });
                    }
                }
                Expr::Call(Box::new(Call {
                    callee,
                    args: out,
                    new: false,
                    span: span(a),
                }))
            }
        }
    }

    fn function(&mut self, n: Node, class: Option<&str>, decorators: &[Expr]) -> Function {
        let mut name = n
            .child_by_field_name("name")
            .map(|x| self.text(x).to_string())
            .unwrap_or_default();
        if n.kind() == "constructor_declaration" && name.is_empty() {
            name = "<init>".into();
        }
        let mut annotations = decorators.to_vec();
        let mut class = class.map(str::to_string);
        for c in named_children(n) {
            if c.kind() == "modifiers" {
                annotations.extend(self.annotations(c));
            }
            if c.kind() == "decorator" {
                annotations.push(self.annotation(c));
            }
        }
        // A Go method's receiver names its type.
        if let Some(r) = n.child_by_field_name("receiver") {
            let t = self.text(r);
            let ty = t
                .trim_matches(|c| c == '(' || c == ')')
                .split_whitespace()
                .last()
                .unwrap_or("")
                .trim_start_matches('*');
            class = Some(ty.to_string());
        }
        let params = n
            .child_by_field_name("parameters")
            .or_else(|| n.child_by_field_name("parameter"))
            .map(|p| self.params(p))
            .unwrap_or_default();
        let body = match n.child_by_field_name("body") {
            Some(b) if matches!(b.kind(), "block" | "statement_block" | "constructor_body") => {
                self.block(b)
            }
            // An arrow function or lambda whose body is an expression returns it.
            Some(b) => vec![Stmt::Return(Some(self.expr(b)), span(b))],
            None => Vec::new(),
        };
        Function {
            name,
            class,
            params,
            annotations,
            body,
            span: span(n),
        }
    }

    fn params(&mut self, p: Node) -> Vec<Param> {
        if p.kind() == "identifier" {
            // `x => ...`
            return vec![Param {
                name: self.text(p).to_string(),
                ty: None,
                annotations: vec![],
                span: span(p),
            }];
        }
        let mut out = Vec::new();
        for c in named_children(p) {
            let mut annotations = Vec::new();
            for m in named_children(c) {
                if m.kind() == "modifiers" {
                    for a in named_children(m) {
                        annotations.push(self.text(a).trim_start_matches('@').to_string());
                    }
                }
                if m.kind() == "decorator" {
                    annotations.push(self.text(m).trim_start_matches('@').to_string());
                }
            }
            let ty = c
                .child_by_field_name("type")
                .map(|t| self.text(t).trim_start_matches(':').trim().to_string());
            let names: Vec<String> = match c.kind() {
                "identifier" => vec![self.text(c).to_string()],
                "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                    named_children(c)
                        .first()
                        .map(|x| vec![self.text(*x).to_string()])
                        .unwrap_or_default()
                }
                "parameter_declaration" | "variadic_parameter_declaration" => {
                    let mut w = c.walk();
                    let v: Vec<String> = c
                        .children_by_field_name("name", &mut w)
                        .map(|x| self.text(x).to_string())
                        .collect();
                    v
                }
                _ => c
                    .child_by_field_name("name")
                    .or_else(|| c.child_by_field_name("pattern"))
                    .map(|x| vec![self.text(x).to_string()])
                    .unwrap_or_default(),
            };
            for name in names {
                out.push(Param {
                    name,
                    ty: ty.clone(),
                    annotations: annotations.clone(),
                    span: span(c),
                });
            }
        }
        out
    }

    // ---- statements ---------------------------------------------------------------------

    fn block(&mut self, n: Node) -> Vec<Stmt> {
        let mut out = Vec::new();
        for c in named_children(n) {
            out.extend(self.stmt(c));
        }
        out
    }

    fn body_of(&mut self, n: Option<Node>) -> Vec<Stmt> {
        match n {
            None => Vec::new(),
            Some(b) => match b.kind() {
                "block" | "statement_block" | "statement_list" | "else_clause" | "switch_block"
                | "finally_clause" => self.block(b),
                _ => self.stmt(b),
            },
        }
    }

    fn stmt(&mut self, n: Node) -> Vec<Stmt> {
        if self.depth > MAX_DEPTH {
            return Vec::new();
        }
        self.depth += 1;
        let out = self.stmt_inner(n);
        self.depth -= 1;
        out
    }

    fn stmt_inner(&mut self, n: Node) -> Vec<Stmt> {
        let s = span(n);
        match n.kind() {
            "expression_statement" => named_children(n)
                .into_iter()
                .flat_map(|c| self.expr_stmt(c))
                .collect(),
            "local_variable_declaration"
            | "field_declaration"
            | "lexical_declaration"
            | "variable_declaration" => {
                let ty = n
                    .child_by_field_name("type")
                    .map(|t| self.text(t).to_string());
                let mut out = Vec::new();
                let setting = if n.kind() == "field_declaration" && self.lang == Lang::Java {
                    self.spring_value(n)
                } else {
                    None
                };
                for d in named_children(n) {
                    if d.kind() == "variable_declarator" {
                        self.require(d);
                        if let (Some(pattern), Some(value)) = (
                            d.child_by_field_name("name"),
                            d.child_by_field_name("value"),
                        ) {
                            if matches!(pattern.kind(), "object_pattern" | "array_pattern") {
                                let value = self.expr(value);
                                self.destructure(pattern, value, span(d), &mut out);
                                continue;
                            }
                        }
                        let target = d
                            .child_by_field_name("name")
                            .map(|x| self.expr(x))
                            .unwrap_or(Expr::Unknown(span(d)));
                        let value = d
                            .child_by_field_name("value")
                            .map(|v| self.expr(v))
                            .or_else(|| setting.clone());
                        let ty = ty.clone().or_else(|| {
                            d.child_by_field_name("type")
                                .map(|t| self.text(t).trim_start_matches(':').trim().to_string())
                        });
                        out.push(Stmt::Assign {
                            target,
                            value,
                            ty,
                            span: span(d),
                        });
                    }
                }
                out
            }
            "public_field_definition" | "field_definition" => {
                let target = n
                    .child_by_field_name("name")
                    .or_else(|| n.child_by_field_name("property"))
                    .map(|x| self.expr(x))
                    .unwrap_or(Expr::Unknown(s));
                let value = n.child_by_field_name("value").map(|v| self.expr(v));
                let ty = n
                    .child_by_field_name("type")
                    .map(|t| self.text(t).trim_start_matches(':').trim().to_string());
                vec![Stmt::Assign {
                    target,
                    value,
                    ty,
                    span: s,
                }]
            }
            // Go declarations and assignments: lists on both sides.
            "short_var_declaration" | "assignment_statement" => {
                let left = n.child_by_field_name("left");
                let right = n.child_by_field_name("right");
                let ls: Vec<Expr> = left
                    .map(|l| {
                        named_children(l)
                            .into_iter()
                            .map(|x| self.expr(x))
                            .collect()
                    })
                    .unwrap_or_default();
                let rs: Vec<Expr> = right
                    .map(|r| {
                        named_children(r)
                            .into_iter()
                            .map(|x| self.expr(x))
                            .collect()
                    })
                    .unwrap_or_default();
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .unwrap_or_default();
                self.pairs(ls, rs, &op, s)
            }
            "var_declaration" | "const_declaration" => {
                let mut out = Vec::new();
                for spec in named_children(n) {
                    if !matches!(spec.kind(), "var_spec" | "const_spec") {
                        continue;
                    }
                    let ty = spec
                        .child_by_field_name("type")
                        .map(|t| self.text(t).to_string());
                    let mut w = spec.walk();
                    let names: Vec<Expr> = spec
                        .children_by_field_name("name", &mut w)
                        .map(|x| Expr::Name(self.text(x).to_string(), span(x)))
                        .collect();
                    let values: Vec<Expr> = spec
                        .child_by_field_name("value")
                        .map(|v| {
                            named_children(v)
                                .into_iter()
                                .map(|x| self.expr(x))
                                .collect()
                        })
                        .unwrap_or_default();
                    for (i, t) in names.into_iter().enumerate() {
                        out.push(Stmt::Assign {
                            target: t,
                            value: values.get(i).cloned(),
                            ty: ty.clone(),
                            span: span(spec),
                        });
                    }
                }
                out
            }
            "if_statement" => {
                let cond = n
                    .child_by_field_name("condition")
                    .map(|c| self.expr(c))
                    .unwrap_or(Expr::Unknown(s));
                let then = self.body_of(n.child_by_field_name("consequence"));
                // Python: several `alternative` fields (elif clauses, then else).
                let mut w = n.walk();
                let alts: Vec<Node> = n.children_by_field_name("alternative", &mut w).collect();
                let els = self.alternatives(&alts);
                let mut out = Vec::new();
                if let Some(init) = n.child_by_field_name("initializer") {
                    out.extend(self.stmt(init));
                }
                out.push(Stmt::If { cond, then, els });
                out
            }
            "return_statement" => {
                let v = named_children(n).first().map(|e| {
                    if e.kind() == "expression_list" {
                        let items: Vec<Expr> = named_children(*e)
                            .into_iter()
                            .map(|x| self.expr(x))
                            .collect();
                        if items.len() == 1 {
                            items.into_iter().next().unwrap_or(Expr::Unknown(s))
                        } else {
                            Expr::List(items, s)
                        }
                    } else {
                        self.expr(*e)
                    }
                });
                vec![Stmt::Return(v, s)]
            }
            "for_statement"
            | "enhanced_for_statement"
            | "for_in_statement"
            | "while_statement"
            | "do_statement"
            | "for_range_loop" => {
                let mut pre = Vec::new();
                let bind = match n.kind() {
                    "enhanced_for_statement" => Some((
                        n.child_by_field_name("name").map(|x| self.expr(x)),
                        n.child_by_field_name("value").map(|x| self.expr(x)),
                    )),
                    "for_in_statement" => Some((
                        n.child_by_field_name("left").map(|x| self.expr(x)),
                        n.child_by_field_name("right").map(|x| self.expr(x)),
                    )),
                    "for_statement" if self.lang == Lang::Python => Some((
                        n.child_by_field_name("left").map(|x| self.expr(x)),
                        n.child_by_field_name("right").map(|x| self.expr(x)),
                    )),
                    _ => None,
                };
                let bind = bind.and_then(|(a, b)| Some((a?, b?)));
                for c in named_children(n) {
                    match c.kind() {
                        "for_clause" => {
                            if let Some(i) = c.child_by_field_name("initializer") {
                                pre.extend(self.stmt(i));
                            }
                        }
                        "range_clause" => {
                            let l = c.child_by_field_name("left");
                            let r = c.child_by_field_name("right").map(|x| self.expr(x));
                            if let (Some(l), Some(r)) = (l, r) {
                                for t in named_children(l) {
                                    let t = self.expr(t);
                                    pre.push(Stmt::Assign {
                                        target: t,
                                        value: Some(r.clone()),
                                        ty: None,
                                        span: span(c),
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(init) = n.child_by_field_name("init") {
                    pre.extend(self.stmt(init));
                }
                let body = self.body_of(n.child_by_field_name("body"));
                pre.push(Stmt::Loop { bind, body });
                pre
            }
            "switch_expression"
            | "switch_statement"
            | "expression_switch_statement"
            | "match_statement" => {
                let on = n
                    .child_by_field_name("condition")
                    .or_else(|| n.child_by_field_name("value"))
                    .or_else(|| n.child_by_field_name("subject"))
                    .map(|c| self.expr(c))
                    .unwrap_or(Expr::Unknown(s));
                let mut cases = Vec::new();
                // Whether each case's body falls through into the next (C-style switches
                // whose body does not end in `break`, `return`, `throw` or `continue`).
                let mut falls: Vec<bool> = Vec::new();
                let ends = |c: Node| {
                    named_children(c).last().is_some_and(|l| {
                        matches!(
                            l.kind(),
                            "break_statement"
                                | "return_statement"
                                | "throw_statement"
                                | "continue_statement"
                                | "yield_statement"
                        )
                    })
                };
                let c_style = matches!(self.lang, Lang::Java | Lang::JavaScript | Lang::TypeScript);
                let holder = n.child_by_field_name("body").unwrap_or(n);
                for c in named_children(holder) {
                    match c.kind() {
                        "switch_block_statement_group" | "switch_rule" => {
                            let mut labels = Vec::new();
                            let mut body = Vec::new();
                            for x in named_children(c) {
                                if x.kind() == "switch_label" {
                                    labels.extend(
                                        named_children(x).into_iter().map(|e| self.expr(e)),
                                    );
                                } else {
                                    body.extend(self.stmt(x));
                                }
                            }
                            falls.push(
                                c_style && c.kind() == "switch_block_statement_group" && !ends(c),
                            );
                            cases.push((labels, body));
                        }
                        "switch_case" | "expression_case" | "case_clause" => {
                            let labels: Vec<Expr> = c
                                .child_by_field_name("value")
                                .map(|v| {
                                    if v.kind() == "expression_list" {
                                        named_children(v)
                                            .into_iter()
                                            .map(|e| self.expr(e))
                                            .collect()
                                    } else {
                                        vec![self.expr(v)]
                                    }
                                })
                                .unwrap_or_default();
                            let mut body = Vec::new();
                            for x in named_children(c) {
                                if Some(x) != c.child_by_field_name("value") {
                                    body.extend(self.stmt(x));
                                }
                            }
                            falls.push(c_style && c.kind() == "switch_case" && !ends(c));
                            cases.push((labels, body));
                        }
                        "switch_default" | "default_case" => {
                            falls.push(c_style && !ends(c));
                            cases.push((Vec::new(), self.block(c)));
                        }
                        _ => {}
                    }
                }
                // A case that falls through runs the next case's body too.
                for i in (0..cases.len().saturating_sub(1)).rev() {
                    if falls.get(i).copied().unwrap_or(false) {
                        let next = cases[i + 1].1.clone();
                        cases[i].1.extend(next);
                    }
                }
                vec![Stmt::Switch { on, cases }]
            }
            "block"
            | "statement_block"
            | "statement_list"
            | "try_statement"
            | "with_statement"
            | "finally_clause"
            | "catch_clause"
            | "except_clause"
            | "else_clause"
            | "try_with_resources_statement"
            | "labeled_statement"
            | "synchronized_statement" => {
                let mut out = Vec::new();
                for c in named_children(n) {
                    match c.kind() {
                        "with_clause" => {
                            for item in named_children(c) {
                                out.extend(self.with_item(item));
                            }
                        }
                        "resource_specification" => {
                            for r in named_children(c) {
                                let target = r.child_by_field_name("name").map(|x| self.expr(x));
                                let value = r.child_by_field_name("value").map(|x| self.expr(x));
                                if let Some(t) = target {
                                    out.push(Stmt::Assign {
                                        target: t,
                                        value,
                                        ty: r
                                            .child_by_field_name("type")
                                            .map(|t| self.text(t).to_string()),
                                        span: span(r),
                                    });
                                }
                            }
                        }
                        _ => out.extend(self.stmt(c)),
                    }
                }
                vec![Stmt::Block(out)]
            }
            "function_definition"
            | "function_declaration"
            | "method_declaration"
            | "class_definition"
            | "class_declaration"
            | "decorated_definition" => {
                // A nested definition is analysed where modules collect functions; here
                // it is only a name bound.
                Vec::new()
            }
            "comment" | "line_comment" | "block_comment" | "pass_statement" | "break_statement"
            | "continue_statement" | "empty_statement" => Vec::new(),
            // Nothing after a `throw` or `raise` runs: the path ends there (without a
            // value).
            "throw_statement" | "raise_statement" => {
                let mut out: Vec<Stmt> = named_children(n)
                    .into_iter()
                    .map(|c| Stmt::Expr(self.expr(c)))
                    .collect();
                out.push(Stmt::Return(None, s));
                out
            }
            "defer_statement" | "go_statement" | "assert_statement" | "delete_statement"
            | "print_statement" | "yield_statement" => named_children(n)
                .into_iter()
                .map(|c| Stmt::Expr(self.expr(c)))
                .collect(),
            _ => self.expr_stmt(n),
        }
    }

    fn alternatives(&mut self, alts: &[Node]) -> Vec<Stmt> {
        let Some((first, rest)) = alts.split_first() else {
            return Vec::new();
        };
        match first.kind() {
            "elif_clause" => {
                let cond = first
                    .child_by_field_name("condition")
                    .map(|c| self.expr(c))
                    .unwrap_or(Expr::Unknown(span(*first)));
                let then = self.body_of(first.child_by_field_name("consequence"));
                let els = self.alternatives(rest);
                vec![Stmt::If { cond, then, els }]
            }
            "else_clause" => {
                let body = first
                    .child_by_field_name("body")
                    .or_else(|| named_children(*first).into_iter().next());
                match body {
                    Some(b) if b.kind() == "if_statement" => self.stmt(b),
                    Some(b) => self.body_of(Some(b)),
                    None => Vec::new(),
                }
            }
            _ => self.body_of(Some(*first)),
        }
    }

    fn with_item(&mut self, item: Node) -> Vec<Stmt> {
        let Some(v) = item.child_by_field_name("value") else {
            return Vec::new();
        };
        if v.kind() == "as_pattern" {
            let value = named_children(v).first().map(|x| self.expr(*x));
            let target = v
                .child_by_field_name("alias")
                .and_then(|a| named_children(a).first().map(|x| self.expr(*x)));
            if let (Some(t), Some(val)) = (target, value) {
                return vec![Stmt::Assign {
                    target: t,
                    value: Some(val),
                    ty: None,
                    span: span(item),
                }];
            }
        }
        vec![Stmt::Expr(self.expr(v))]
    }

    /// Targets and values in pairs; `a, b = f()` gives every target the whole value.
    fn pairs(&mut self, ls: Vec<Expr>, rs: Vec<Expr>, op: &str, s: Span) -> Vec<Stmt> {
        let mut out = Vec::new();
        let n = ls.len();
        for (i, t) in ls.into_iter().enumerate() {
            let v = if rs.len() == n {
                rs.get(i).cloned()
            } else {
                rs.first().cloned()
            };
            let v = match (op, v) {
                ("+=", Some(v)) => Some(Expr::Binary(
                    "+".into(),
                    Box::new(t.clone()),
                    Box::new(v),
                    s,
                )),
                (_, v) => v,
            };
            out.push(Stmt::Assign {
                target: t,
                value: v,
                ty: None,
                span: s,
            });
        }
        out
    }

    /// An expression in statement position: assignments become statements.
    fn expr_stmt(&mut self, n: Node) -> Vec<Stmt> {
        let s = span(n);
        match n.kind() {
            "assignment"
            | "assignment_expression"
            | "augmented_assignment"
            | "augmented_assignment_expression" => {
                let left = n.child_by_field_name("left");
                let right = n.child_by_field_name("right");
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .unwrap_or_else(|| "=".into());
                let ty = n
                    .child_by_field_name("type")
                    .map(|t| self.text(t).to_string());
                let target = left.map(|l| self.expr(l)).unwrap_or(Expr::Unknown(s));
                // `a = b = c` and `a, b = x, y`.
                let value = right.map(|r| {
                    if matches!(r.kind(), "assignment" | "assignment_expression") {
                        let inner = self.expr_stmt(r);
                        match inner.last() {
                            Some(Stmt::Assign { value: Some(v), .. }) => v.clone(),
                            _ => Expr::Unknown(span(r)),
                        }
                    } else {
                        self.expr(r)
                    }
                });
                let value = match (op.as_str(), value) {
                    ("=", v) | (":=", v) => v,
                    (o, Some(v)) => Some(Expr::Binary(
                        o.trim_end_matches('=').to_string(),
                        Box::new(target.clone()),
                        Box::new(v),
                        s,
                    )),
                    (_, None) => None,
                };
                if let (Expr::List(ts, _), Some(Expr::List(vs, _))) = (&target, &value) {
                    if ts.len() == vs.len() {
                        return self.pairs(ts.clone(), vs.clone(), "=", s);
                    }
                }
                vec![Stmt::Assign {
                    target,
                    value,
                    ty,
                    span: s,
                }]
            }
            _ => vec![Stmt::Expr(self.expr(n))],
        }
    }

    // ---- expressions --------------------------------------------------------------------

    fn string_value(&self, n: Node) -> String {
        // The content of a string literal without quotes or prefixes.
        let mut out = String::new();
        let kids = named_children(n);
        let mut any = false;
        for c in &kids {
            match c.kind() {
                "string_fragment"
                | "string_content"
                | "interpreted_string_literal_content"
                | "escape_sequence"
                | "raw_string_literal_content"
                | "multiline_string_fragment" => {
                    out.push_str(&unescape(self.text(*c), c.kind() == "escape_sequence"));
                    any = true;
                }
                _ => {}
            }
        }
        if any
            || kids
                .iter()
                .all(|c| matches!(c.kind(), "string_start" | "string_end"))
                && !kids.is_empty()
        {
            return out;
        }
        let t = self.text(n);
        let t = t.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let q = ["\"\"\"", "'''", "\"", "'", "`"];
        for quote in q {
            if t.len() >= 2 * quote.len() && t.starts_with(quote) && t.ends_with(quote) {
                return t[quote.len()..t.len() - quote.len()].to_string();
            }
        }
        t.to_string()
    }

    pub(crate) fn expr(&mut self, n: Node) -> Expr {
        if self.depth > MAX_DEPTH {
            return Expr::Unknown(span(n));
        }
        self.depth += 1;
        let e = self.expr_inner(n);
        self.depth -= 1;
        e
    }

    fn args(&mut self, n: Option<Node>) -> Vec<Arg> {
        let Some(n) = n else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in named_children(n) {
            match c.kind() {
                "keyword_argument" => {
                    let name = c
                        .child_by_field_name("name")
                        .map(|x| self.text(x).to_string());
                    let value = c
                        .child_by_field_name("value")
                        .map(|v| self.expr(v))
                        .unwrap_or(Expr::Unknown(span(c)));
                    out.push(Arg { name, value });
                }
                _ => out.push(Arg {
                    name: None,
                    value: self.expr(c),
                }),
            }
        }
        out
    }

    fn expr_inner(&mut self, n: Node) -> Expr {
        let s = span(n);
        match n.kind() {
            "identifier"
            | "type_identifier"
            | "property_identifier"
            | "field_identifier"
            | "package_identifier"
            | "shorthand_property_identifier"
            | "this"
            | "self"
            | "super" => Expr::Name(self.text(n).to_string(), s),
            "string"
            | "string_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "character_literal"
            | "text_block"
            | "concatenated_string"
            | "rune_literal" => {
                // f-strings and interpolations are templates.
                let holes: Vec<Node> = named_children(n)
                    .into_iter()
                    .filter(|c| c.kind() == "interpolation")
                    .collect();
                if n.kind() == "concatenated_string" {
                    let parts: Vec<Expr> = named_children(n)
                        .into_iter()
                        .map(|c| self.expr(c))
                        .collect();
                    return fold_concat(parts, s);
                }
                if holes.is_empty() {
                    Expr::Str(self.string_value(n), s)
                } else {
                    let mut parts = Vec::new();
                    for c in named_children(n) {
                        match c.kind() {
                            "string_content" => {
                                parts.push(Expr::Str(self.text(c).to_string(), span(c)))
                            }
                            "interpolation" => {
                                if let Some(e) = c.child_by_field_name("expression") {
                                    parts.push(self.expr(e));
                                }
                            }
                            _ => {}
                        }
                    }
                    Expr::Template(parts, s)
                }
            }
            "template_string" => {
                let mut parts = Vec::new();
                for c in named_children(n) {
                    match c.kind() {
                        "string_fragment" => {
                            parts.push(Expr::Str(self.text(c).to_string(), span(c)))
                        }
                        "template_substitution" => {
                            if let Some(e) = named_children(c).first() {
                                parts.push(self.expr(*e));
                            }
                        }
                        _ => {}
                    }
                }
                if parts.iter().all(|p| matches!(p, Expr::Str(..))) {
                    Expr::Str(
                        parts
                            .iter()
                            .map(|p| match p {
                                Expr::Str(t, _) => t.as_str(),
                                _ => "",
                            })
                            .collect(),
                        s,
                    )
                } else {
                    Expr::Template(parts, s)
                }
            }
            "integer"
            | "float"
            | "number"
            | "decimal_integer_literal"
            | "hex_integer_literal"
            | "octal_integer_literal"
            | "binary_integer_literal"
            | "decimal_floating_point_literal"
            | "hex_floating_point_literal"
            | "int_literal"
            | "float_literal"
            | "imaginary_literal" => Expr::Num(self.text(n).to_string(), s),
            "true" => Expr::Bool(true, s),
            "false" => Expr::Bool(false, s),
            "none" | "null_literal" | "null" | "nil" | "undefined" => Expr::Null(s),
            "parenthesized_expression"
            | "expression_statement"
            | "literal_element"
            | "non_null_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "type_assertion" => match named_children(n).first() {
                Some(c) => self.expr(*c),
                None => Expr::Unknown(s),
            },
            "cast_expression" => match n.child_by_field_name("value") {
                Some(v) => self.expr(v),
                None => Expr::Unknown(s),
            },
            "attribute"
            | "member_expression"
            | "selector_expression"
            | "field_access"
            | "scoped_identifier"
            | "optional_chain" => {
                let obj = n
                    .child_by_field_name("object")
                    .or_else(|| n.child_by_field_name("operand"))
                    .or_else(|| n.child_by_field_name("scope"));
                let field = n
                    .child_by_field_name("attribute")
                    .or_else(|| n.child_by_field_name("property"))
                    .or_else(|| n.child_by_field_name("field"))
                    .or_else(|| n.child_by_field_name("name"));
                match (obj, field) {
                    (Some(o), Some(f)) => {
                        Expr::Field(Box::new(self.expr(o)), self.text(f).to_string(), s)
                    }
                    _ => Expr::Unknown(s),
                }
            }
            "subscript"
            | "subscript_expression"
            | "array_access"
            | "index_expression"
            | "element_reference" => {
                let obj = n
                    .child_by_field_name("value")
                    .or_else(|| n.child_by_field_name("object"))
                    .or_else(|| n.child_by_field_name("array"))
                    .or_else(|| n.child_by_field_name("operand"));
                let idx = n
                    .child_by_field_name("subscript")
                    .or_else(|| n.child_by_field_name("index"));
                match (obj, idx) {
                    (Some(o), Some(i)) => {
                        Expr::Index(Box::new(self.expr(o)), Box::new(self.expr(i)), s)
                    }
                    (Some(o), None) => self.expr(o),
                    _ => Expr::Unknown(s),
                }
            }
            "call" | "call_expression" => {
                let callee = n
                    .child_by_field_name("function")
                    .map(|f| self.expr(f))
                    .unwrap_or(Expr::Unknown(s));
                let args_node = n.child_by_field_name("arguments");
                // A tagged template or generator argument: one argument.
                let args = match args_node {
                    Some(a) if matches!(a.kind(), "arguments" | "argument_list") => {
                        self.args(Some(a))
                    }
                    Some(a) => vec![Arg {
                        name: None,
                        value: self.expr(a),
                    }],
                    None => Vec::new(),
                };
                Expr::Call(Box::new(Call {
                    callee,
                    args,
                    new: false,
                    span: s,
                }))
            }
            "method_invocation" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|x| self.text(x).to_string())
                    .unwrap_or_default();
                let callee = match n.child_by_field_name("object") {
                    Some(o) => Expr::Field(Box::new(self.expr(o)), name, s),
                    None => Expr::Name(name, s),
                };
                let args = self.args(n.child_by_field_name("arguments"));
                Expr::Call(Box::new(Call {
                    callee,
                    args,
                    new: false,
                    span: s,
                }))
            }
            "object_creation_expression" | "new_expression" => {
                let ty = n
                    .child_by_field_name("type")
                    .or_else(|| n.child_by_field_name("constructor"));
                let callee = match ty {
                    Some(t) => {
                        // Generic arguments are not part of the name.
                        let text = self.text(t);
                        let name = text.split('<').next().unwrap_or(text).trim();
                        name_chain(name, span(t))
                    }
                    None => Expr::Unknown(s),
                };
                let args = self.args(n.child_by_field_name("arguments"));
                Expr::Call(Box::new(Call {
                    callee,
                    args,
                    new: true,
                    span: s,
                }))
            }
            "type_conversion_expression" => {
                // Go `[]byte(x)`, `string(x)`: a call of the type.
                let callee = n
                    .child_by_field_name("type")
                    .map(|t| Expr::Name(self.text(t).to_string(), span(t)))
                    .unwrap_or(Expr::Unknown(s));
                let arg = n
                    .child_by_field_name("operand")
                    .map(|o| self.expr(o))
                    .unwrap_or(Expr::Unknown(s));
                Expr::Call(Box::new(Call {
                    callee,
                    args: vec![Arg {
                        name: None,
                        value: arg,
                    }],
                    new: false,
                    span: s,
                }))
            }
            "binary_expression"
            | "binary_operator"
            | "boolean_operator"
            | "comparison_operator" => {
                let l = n.child_by_field_name("left");
                let r = n.child_by_field_name("right");
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .or_else(|| {
                        // Python comparisons keep their operators unnamed.
                        let mut c = n.walk();
                        let found = n
                            .children(&mut c)
                            .find(|x| !x.is_named())
                            .map(|x| self.text(x).to_string());
                        found
                    })
                    .unwrap_or_default();
                match (l, r) {
                    (Some(l), Some(r)) => {
                        let (l, r) = (self.expr(l), self.expr(r));
                        Expr::Binary(op, Box::new(l), Box::new(r), s)
                    }
                    _ => {
                        let kids = named_children(n);
                        if kids.len() == 2 {
                            let (l, r) = (self.expr(kids[0]), self.expr(kids[1]));
                            Expr::Binary(op, Box::new(l), Box::new(r), s)
                        } else {
                            Expr::Unknown(s)
                        }
                    }
                }
            }
            "unary_expression" | "not_operator" | "unary_operator" | "pointer_expression" => {
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .unwrap_or_else(|| {
                        if n.kind() == "not_operator" {
                            "!".into()
                        } else {
                            self.text(n)
                                .chars()
                                .next()
                                .map(String::from)
                                .unwrap_or_default()
                        }
                    });
                let op = if op == "not" { "!".to_string() } else { op };
                let arg = n
                    .child_by_field_name("argument")
                    .or_else(|| n.child_by_field_name("operand"))
                    .or_else(|| named_children(n).into_iter().next());
                match arg {
                    Some(a) => Expr::Unary(op, Box::new(self.expr(a)), s),
                    None => Expr::Unknown(s),
                }
            }
            "ternary_expression" | "conditional_expression" => {
                let kids = named_children(n);
                let cond = n.child_by_field_name("condition").map(|c| self.expr(c));
                let a = n.child_by_field_name("consequence").map(|c| self.expr(c));
                let b = n.child_by_field_name("alternative").map(|c| self.expr(c));
                match (cond, a, b) {
                    (Some(c), Some(a), Some(b)) => fold_choice(c, a, b, s),
                    _ if kids.len() == 3 && self.lang == Lang::Python => {
                        // `a if cond else b`
                        let a = self.expr(kids[0]);
                        let c = self.expr(kids[1]);
                        let b = self.expr(kids[2]);
                        fold_choice(c, a, b, s)
                    }
                    _ => Expr::Unknown(s),
                }
            }
            "list"
            | "tuple"
            | "array"
            | "set"
            | "array_initializer"
            | "expression_list"
            | "array_creation_expression"
            | "list_comprehension"
            | "generator_expression" => {
                let kids = named_children(n);
                let items: Vec<Expr> = kids
                    .into_iter()
                    .filter(|c| {
                        !matches!(
                            c.kind(),
                            "dimensions"
                                | "dimensions_expr"
                                | "integral_type"
                                | "type_identifier"
                                | "for_in_clause"
                                | "if_clause"
                        )
                    })
                    .map(|c| self.expr(c))
                    .collect();
                // `new byte[]{...}`: the initializer's items.
                if n.kind() == "array_creation_expression" {
                    if let Some(Expr::List(inner, _)) =
                        items.iter().find(|e| matches!(e, Expr::List(..)))
                    {
                        return Expr::List(inner.clone(), s);
                    }
                    return Expr::List(Vec::new(), s);
                }
                Expr::List(items, s)
            }
            "dictionary" | "object" | "composite_literal" | "literal_value" => {
                let ty = n
                    .child_by_field_name("type")
                    .map(|t| self.text(t).to_string());
                let body = n.child_by_field_name("body").unwrap_or(n);
                let mut entries = Vec::new();
                let mut items = Vec::new();
                for c in named_children(body) {
                    match c.kind() {
                        "pair" | "keyed_element" => {
                            let k = c.child_by_field_name("key");
                            let v = c.child_by_field_name("value");
                            let (k, v) = match (k, v) {
                                (Some(k), Some(v)) => (k, v),
                                _ => {
                                    let kids = named_children(c);
                                    if kids.len() != 2 {
                                        continue;
                                    }
                                    (kids[0], kids[1])
                                }
                            };
                            let key = match k.kind() {
                                "property_identifier" | "identifier" | "field_identifier" => {
                                    Expr::Str(self.text(k).to_string(), span(k))
                                }
                                "literal_element" => match named_children(k).first() {
                                    Some(x) if x.kind() == "identifier" => {
                                        Expr::Str(self.text(*x).to_string(), span(*x))
                                    }
                                    Some(x) => self.expr(*x),
                                    None => Expr::Unknown(span(k)),
                                },
                                _ => self.expr(k),
                            };
                            entries.push((key, self.expr(v)));
                        }
                        "shorthand_property_identifier" => {
                            let t = self.text(c).to_string();
                            entries.push((Expr::Str(t.clone(), span(c)), Expr::Name(t, span(c))));
                        }
                        _ => items.push(self.expr(c)),
                    }
                }
                if entries.is_empty()
                    && !items.is_empty()
                    && n.kind() != "dictionary"
                    && n.kind() != "object"
                {
                    return Expr::List(items, s);
                }
                Expr::Dict {
                    ty,
                    entries,
                    span: s,
                }
            }
            "lambda"
            | "lambda_expression"
            | "arrow_function"
            | "function_expression"
            | "function"
            | "func_literal"
            | "generator_function" => {
                let f = self.function(n, None, &[]);
                Expr::Lambda(Box::new(f))
            }
            "method_reference" => Expr::Name(self.text(n).to_string(), s),
            "class_literal" => Expr::Str(self.text(n).to_string(), s),
            "argument_list" | "arguments" => {
                let items: Vec<Expr> = named_children(n)
                    .into_iter()
                    .map(|c| self.expr(c))
                    .collect();
                Expr::List(items, s)
            }
            "spread_element" | "list_splat" | "dictionary_splat" | "variadic_argument" => {
                match named_children(n).first() {
                    Some(c) => self.expr(*c),
                    None => Expr::Unknown(s),
                }
            }
            "keyword_argument" => match n.child_by_field_name("value") {
                Some(v) => self.expr(v),
                None => Expr::Unknown(s),
            },
            "instanceof_expression" => Expr::Unknown(s),
            _ => Expr::Unknown(s),
        }
    }
}

/// `a.b.c` written as text (a type in `new a.b.C()`) as a field chain.
fn name_chain(text: &str, s: Span) -> Expr {
    let mut parts = text.split('.');
    let first = parts.next().unwrap_or("").trim().to_string();
    let mut e = Expr::Name(first, s);
    for p in parts {
        e = Expr::Field(Box::new(e), p.trim().to_string(), s);
    }
    e
}

fn fold_concat(parts: Vec<Expr>, s: Span) -> Expr {
    let mut it = parts.into_iter();
    let Some(first) = it.next() else {
        return Expr::Str(String::new(), s);
    };
    it.fold(first, |acc, p| {
        Expr::Binary("+".into(), Box::new(acc), Box::new(p), s)
    })
}

/// A conditional expression whose condition is a literal is its one branch.
fn fold_choice(cond: Expr, a: Expr, b: Expr, s: Span) -> Expr {
    match cond {
        Expr::Bool(true, _) => a,
        Expr::Bool(false, _) => b,
        c => Expr::Cond(Box::new(c), Box::new(a), Box::new(b), s),
    }
}

fn unescape(t: &str, escape: bool) -> String {
    if !escape {
        return t.to_string();
    }
    match t {
        "\\n" => "\n".into(),
        "\\t" => "\t".into(),
        "\\r" => "\r".into(),
        "\\\"" => "\"".into(),
        "\\'" => "'".into(),
        "\\\\" => "\\".into(),
        "\\0" => "\0".into(),
        other => other.to_string(),
    }
}

/// The name a Go import path binds: its last element, without a major-version element
/// (`github.com/golang-jwt/jwt/v5` → `jwt`) or a `.vN` suffix (`gopkg.in/yaml.v3` → `yaml`).
fn go_package_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    let is_version =
        |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit());
    if parts.len() > 1 && parts.last().is_some_and(|l| is_version(l)) {
        parts.pop();
    }
    let last = parts.last().copied().unwrap_or(path);
    let last = match last.rsplit_once(".v") {
        Some((head, v)) if v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty() => head,
        _ => last,
    };
    last.trim_start_matches("go-").to_string()
}
