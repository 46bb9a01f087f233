//! Variable values: defaults, tfvars files, `--var-file`, `--var`, module inputs; with
//! types applied and the origin of each value recorded.

use super::eval::{error, Ev, Scope};
use super::module::{parse_file, plain, Input, InputSrc, Inst, ModuleDef, Val};
use super::{is_tfvars, read_disk, Options};
use crate::model::{Attr, IssueSeverity, Span, Trace, Value};
use hcl_edit::Span as _;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use tollgate_core::scanner::ProjectFile;

/// The values a root module's variables are set to, later sources winning.
pub(crate) fn root_inputs<'f>(
    ev: &Ev<'f>,
    def: &ModuleDef<'f>,
    files: &[ProjectFile],
    opts: &Options,
    roots: &[&str],
) -> HashMap<String, Input<'f>> {
    let mut out = HashMap::new();
    // terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical order.
    let mut auto: Vec<&ProjectFile> = Vec::new();
    let mut fixed: Vec<(u8, &ProjectFile)> = Vec::new();
    for f in files {
        if super::dir_of(&f.path) != def.dir {
            continue;
        }
        let name = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&f.path)
            .to_ascii_lowercase();
        match name.as_str() {
            "terraform.tfvars" => fixed.push((0, f)),
            "terraform.tfvars.json" => fixed.push((1, f)),
            n if n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json") => auto.push(f),
            _ => {}
        }
    }
    fixed.sort_by_key(|x| x.0);
    auto.sort_by(|a, b| a.path.cmp(&b.path));
    for f in fixed.iter().map(|x| x.1).chain(auto) {
        apply_file(ev, &f.path, &f.content, &mut out);
    }
    for vf in &opts.var_files {
        let rel = vf.trim_start_matches("./");
        if !var_file_applies(rel, &def.dir, roots) {
            continue;
        }
        if let Some(content) = ev.kept.get(rel) {
            apply_file(ev, rel, content, &mut out);
        } else if let Some(content) = read_disk(opts, rel) {
            apply_file(ev, rel, &content, &mut out);
        } else {
            ev.issues.borrow_mut().push(super::issue(
                rel,
                None,
                IssueSeverity::Error,
                format!("variable file {rel} could not be read"),
            ));
        }
    }
    for (i, kv) in opts.vars.iter().enumerate() {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let k = k.trim();
        let span = Span::line("--var", i as u32 + 1);
        let attr = match hcl_edit::parser::parse_expr(v)
            .ok()
            .filter(|_| super::nesting_ok(v).is_ok())
        {
            Some(e) => {
                let pf = super::module::ParsedFile {
                    path: "--var".into(),
                    lines: super::Lines::new(v),
                    body: Default::default(),
                };
                let mut sc = Scope::new(None, &pf);
                let a = ev.expr(&mut sc, &e);
                if super::eval::is_error(&a) {
                    Attr::new(Value::String(v.to_string()), span.clone())
                } else {
                    Attr {
                        span: span.clone(),
                        ..a
                    }
                }
            }
            None => Attr::new(Value::String(v.to_string()), span.clone()),
        };
        out.insert(
            k.to_string(),
            Input {
                src: InputSrc::Value(plain(attr)),
                trace: Trace {
                    what: format!("variable `{k}` set by --var"),
                    span,
                },
            },
        );
    }
    out
}

/// A var file inside a root module's directory tree is that root's (the deepest such
/// root); one outside every root applies to all of them.
fn var_file_applies(file: &str, root: &str, roots: &[&str]) -> bool {
    let dir = super::dir_of(file);
    let inside = |r: &str| r.is_empty() || dir == r || dir.starts_with(&format!("{r}/"));
    match roots.iter().filter(|r| inside(r)).max_by_key(|r| r.len()) {
        Some(owner) => *owner == root,
        None => true,
    }
}

fn apply_file<'f>(ev: &Ev<'f>, path: &str, content: &[u8], out: &mut HashMap<String, Input<'f>>) {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !is_tfvars(&name.to_ascii_lowercase()) && !name.ends_with(".json") && !name.ends_with(".hcl")
    {
        // A var file by another name is still HCL.
    }
    if name.to_ascii_lowercase().ends_with(".json") {
        let Ok(text) = std::str::from_utf8(content) else {
            return;
        };
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(m)) => {
                for (k, v) in m {
                    let line = text
                        .find(&format!("\"{k}\""))
                        .map_or(1, |i| super::Lines::new(text).line(i));
                    let span = Span::line(path, line);
                    out.insert(
                        k.clone(),
                        Input {
                            src: InputSrc::Value(plain(from_json(&v, &span, 0))),
                            trace: Trace {
                                what: format!("variable `{k}` set in {name}"),
                                span,
                            },
                        },
                    );
                }
            }
            Ok(_) => ev.issues.borrow_mut().push(super::issue(
                path,
                Some(1),
                IssueSeverity::Error,
                "a .tfvars.json file must hold one JSON object".into(),
            )),
            Err(e) => ev.issues.borrow_mut().push(super::issue(
                path,
                Some(e.line() as u32),
                IssueSeverity::Error,
                format!("JSON syntax error: {e}"),
            )),
        }
        return;
    }
    let mut issues = Vec::new();
    let Some(pf) = parse_file(path, content, &mut issues) else {
        ev.issues.borrow_mut().extend(issues);
        return;
    };
    let mut sc = Scope::new(None, &pf);
    for a in pf.body.attributes() {
        let k = a.key.as_str();
        let span = pf.lines.span(path, a.span());
        let v = ev.expr(&mut sc, &a.value);
        out.insert(
            k.to_string(),
            Input {
                src: InputSrc::Value(plain(v)),
                trace: Trace {
                    what: format!("variable `{k}` set in {name}"),
                    span,
                },
            },
        );
    }
}

pub(crate) fn from_json(v: &serde_json::Value, span: &Span, depth: usize) -> Attr {
    use serde_json::Value as J;
    if depth > 64 {
        return Attr::unknown("JSON nested too deep", span.clone());
    }
    let value = match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
        J::String(s) => Value::String(s.clone()),
        J::Array(a) => Value::List(a.iter().map(|x| from_json(x, span, depth + 1)).collect()),
        J::Object(m) => Value::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), from_json(x, span, depth + 1)))
                .collect::<BTreeMap<_, _>>(),
        ),
    };
    Attr::new(value, span.clone())
}

/// The value of variable `name` in a module instance.
pub(crate) fn variable<'f>(ev: &Ev<'f>, inst: &Rc<Inst<'f>>, name: &str, span: &Span) -> Val {
    let Some(&(pf, b)) = inst.def.variables.get(name) else {
        return plain(error(
            format!("no variable `{name}` declared in {}", inst.name()),
            span.clone(),
        ));
    };
    let mut sc = Scope::new(None, pf);
    let ty = b
        .body
        .get_attribute("type")
        .map(|t| super::types::parse(ev, &mut sc, &t.value, 0));
    let nullable = !matches!(b.body.get_attribute("nullable").map(|a| &a.value), Some(hcl_edit::expr::Expression::Bool(x)) if !*x.value());
    let default = b.body.get_attribute("default").map(|d| {
        let mut v = ev.expr(&mut sc, &d.value);
        let dspan = pf.lines.span(&pf.path, d.span());
        v.origin.insert(
            0,
            Trace {
                what: format!("variable `{name}` (default)"),
                span: dspan.clone(),
            },
        );
        v.span = dspan;
        v
    });
    let given = inst.inputs.get(name).map(|i| {
        let val = match &i.src {
            InputSrc::Value(v) => v.clone(),
            InputSrc::Caller {
                expr,
                env,
                pf,
                caller,
            } => match caller.upgrade() {
                Some(caller) => {
                    let mut csc = Scope::new(Some(&caller), pf);
                    csc.env = env.clone();
                    ev.expr_val(&mut csc, expr)
                }
                None => plain(Attr::unknown("the calling module is gone", span.clone())),
            },
        };
        (val, &i.trace)
    });
    let (mut attr, refs) = match (given, default) {
        (Some((v, trace)), d)
            if !(matches!(v.attr.value, Value::Null) && !nullable && d.is_some()) =>
        {
            let mut a = v.attr;
            a.origin.insert(0, trace.clone());
            a.origin.truncate(8);
            (a, v.refs)
        }
        (_, Some(d)) => (d, Rc::new(Vec::new())),
        (_, None) => {
            let why = if inst.is_root {
                "not set in tfvars".to_string()
            } else {
                format!("not passed by {}", inst.name())
            };
            let vspan = pf.lines.span(&pf.path, b.span());
            return plain(Attr::unknown(
                format!("variable `{name}` has no value: no default, {why}"),
                vspan,
            ));
        }
    };
    if let Some(ty) = ty {
        attr = super::types::convert(&ty, attr);
    }
    Val { attr, refs }
}
