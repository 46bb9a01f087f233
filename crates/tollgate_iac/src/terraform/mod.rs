//! The Terraform adapter: `.tf` files of each directory (a root module) become resources
//! of the model.
//!
//! This first version reads literal values only: anything computed (a variable, a
//! function call, a reference) is an unknown value with the reason, so rules report
//! "not checked" rather than guess. References to other resources are recorded as
//! relations.

use crate::model::{AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Span, Value};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::Span as _;
use std::collections::BTreeMap;
use tollgate_core::scanner::ProjectFile;

/// Lines of a file, to turn byte offsets into line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let i = self.starts.partition_point(|&s| s <= offset);
        i as u32
    }

    pub(crate) fn span(&self, path: &str, range: Option<std::ops::Range<usize>>) -> Span {
        match range {
            Some(r) => {
                let line = self.line(r.start);
                let col = (r.start - self.starts[line as usize - 1]) as u32 + 1;
                Span::new(
                    path,
                    line,
                    col,
                    self.line(r.end.saturating_sub(1).max(r.start)),
                )
            }
            None => Span::default(),
        }
    }
}

/// Whether a lowercase file name is a Terraform file this adapter reads.
pub fn is_terraform(name: &str) -> bool {
    name.ends_with(".tf")
}

/// Every `.tf` file kept for the project phase, grouped by directory.
pub fn load(files: &[ProjectFile]) -> Model {
    let mut model = Model::default();
    for f in files {
        let name = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&f.path)
            .to_ascii_lowercase();
        if !is_terraform(&name) {
            continue;
        }
        model.extend(load_file(&f.path, &f.content));
    }
    model
}

/// One `.tf` file.
pub fn load_file(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    let Ok(text) = std::str::from_utf8(content) else {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: None,
            kind: IssueSeverity::Error,
            message: "not valid UTF-8: Terraform files must be UTF-8".into(),
        });
        return model;
    };
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            model.issues.push(AdapterIssue {
                path: path.into(),
                line: Some(e.location().line() as u32),
                kind: IssueSeverity::Error,
                message: format!(
                    "HCL syntax error at line {}, column {}: {}",
                    e.location().line(),
                    e.location().column(),
                    tollgate_core::redact::scrub(e.message())
                ),
            });
            return model;
        }
    };
    let lines = Lines::new(text);
    for s in body.iter() {
        let Structure::Block(b) = s else { continue };
        if b.ident.as_str() != "resource" {
            continue;
        }
        let labels: Vec<&str> = b.labels.iter().map(label).collect();
        let [rtype, rname] = labels[..] else { continue };
        let mut refs = Vec::new();
        let attrs = body_attr(&b.body, path, &lines, &mut refs, b);
        refs.sort();
        refs.dedup();
        model.resources.push(Resource {
            source: SourceKind::Terraform,
            resource_type: rtype.to_string(),
            native_type: rtype.to_string(),
            address: format!("{rtype}.{rname}"),
            provider: rtype.split('_').next().unwrap_or("").to_string(),
            span: lines.span(path, b.span()),
            attrs,
            references: refs,
        });
    }
    model
}

fn label(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

fn body_attr(
    body: &Body,
    path: &str,
    lines: &Lines,
    refs: &mut Vec<String>,
    owner: &Block,
) -> Attr {
    let mut map: BTreeMap<String, Attr> = BTreeMap::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let v = expr(&a.value, path, lines, refs);
                map.insert(
                    a.key.as_str().to_string(),
                    Attr {
                        span: lines.span(path, a.span()),
                        ..v
                    },
                );
            }
            Structure::Block(b) => {
                let inner = body_attr(&b.body, path, lines, refs, b);
                let entry = map.entry(b.ident.as_str().to_string()).or_insert_with(|| {
                    Attr::new(Value::List(Vec::new()), lines.span(path, b.span()))
                });
                if let Value::List(items) = &mut entry.value {
                    items.push(inner);
                }
            }
        }
    }
    Attr::new(Value::Map(map), lines.span(path, owner.span()))
}

fn expr(e: &Expression, path: &str, lines: &Lines, refs: &mut Vec<String>) -> Attr {
    let span = lines.span(path, e.span());
    let value = match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n.value().as_f64().map_or(Value::Null, Value::Number),
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Array(a) => Value::List(a.iter().map(|x| expr(x, path, lines, refs)).collect()),
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                    ObjectKey::Expression(_) => continue,
                };
                m.insert(key, expr(v.expr(), path, lines, refs));
            }
            Value::Map(m)
        }
        Expression::Parenthesis(p) => return expr(p.inner(), path, lines, refs),
        Expression::Traversal(t) => {
            if let (Expression::Variable(root), Some(first)) = (&t.expr, t.operators.first()) {
                if let TraversalOperator::GetAttr(name) = first.value() {
                    let root = root.as_str();
                    if !matches!(
                        root,
                        "var"
                            | "local"
                            | "module"
                            | "data"
                            | "each"
                            | "count"
                            | "path"
                            | "self"
                            | "terraform"
                    ) {
                        refs.push(format!("{root}.{}", name.as_str()));
                    }
                }
            }
            Value::Unknown(crate::model::Unknown {
                reason: "a reference, not evaluated by this adapter".into(),
            })
        }
        _ => Value::Unknown(crate::model::Unknown {
            reason: "an expression this adapter does not evaluate".into(),
        }),
    };
    Attr::new(value, span)
}
