//! Calls across the files of a project: each function's summary (which parameters reach
//! its result or a sink inside it) filed under the names a caller in another file can
//! use for it, and a call resolved to those summaries by its receiver's type, the
//! caller's imports or, in Go, the caller's own package.

use crate::flow::{Fact, Resolve, Summary};
use crate::model::{Call, Expr, Lang, Module};
use std::collections::HashMap;
use std::sync::Arc;

/// The project's function summaries by the names callers use.
#[derive(Default)]
pub struct Table {
    keys: HashMap<String, Vec<usize>>,
    entries: Vec<(Arc<str>, Summary)>,
}

/// A file's module path as callers name it, most qualified first: `src/app/db.py` →
/// `src.app.db`, `app.db`, `db`. Go names a package by its directory; an `index.js` or an
/// `__init__.py` stands for its directory.
fn module_keys(m: &Module) -> Vec<String> {
    let path = m.path.trim_start_matches("./");
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.split('.').next().unwrap_or(file);
    let full = if m.lang == Lang::Go || matches!(stem, "index" | "__init__") {
        dir.to_string()
    } else if dir.is_empty() {
        stem.to_string()
    } else {
        format!("{dir}/{stem}")
    };
    let segs: Vec<&str> = full.split('/').filter(|s| !s.is_empty()).collect();
    let from = segs.len().saturating_sub(8);
    (from..segs.len()).map(|i| segs[i..].join(".")).collect()
}

/// The caller's directory joined with a relative path (`./db`, `../lib/db`), as a
/// dotted module path.
fn join_relative(caller: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = caller
        .trim_start_matches("./")
        .rsplit_once('/')
        .map(|(d, _)| d.split('/').collect())
        .unwrap_or_default();
    for p in rel.split('/') {
        match p {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join(".")
}

/// What an import names, as a dotted path a summary may be filed under.
fn import_path(m: &Module, full: &str) -> String {
    match m.lang {
        Lang::JavaScript | Lang::TypeScript => {
            // `./db.findUser`, `../lib/db.js.findUser`, `@/lib/db`: a path, then the
            // imported name.
            let (dir, tail) = full.rsplit_once('/').unwrap_or(("", full));
            let mut tokens = tail.split('.');
            let stem = tokens.next().unwrap_or("");
            let rest: Vec<&str> = tokens
                .skip_while(|t| matches!(*t, "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "tsx"))
                .collect();
            let module = if dir.starts_with('.') || full.starts_with('.') {
                join_relative(&m.path, &format!("{dir}/{stem}"))
            } else {
                format!("{dir}/{stem}")
                    .trim_start_matches('/')
                    .replace('/', ".")
            };
            let module = module.trim_end_matches(".index").to_string();
            if rest.is_empty() {
                module
            } else {
                format!("{module}.{}", rest.join("."))
            }
        }
        Lang::Python if full.starts_with('.') => {
            // `from .db import x` (one dot: this package; two: its parent).
            let dots = full.chars().take_while(|c| *c == '.').count();
            let mut up = String::from(".");
            for _ in 1..dots {
                up.push_str("/..");
            }
            let base = join_relative(&m.path, &up);
            let rest = &full[dots..];
            match (base.is_empty(), rest.is_empty()) {
                (true, _) => rest.to_string(),
                (false, true) => base,
                (false, false) => format!("{base}.{rest}"),
            }
        }
        Lang::Go => full.replace('/', "."),
        _ => full.to_string(),
    }
}

/// A type as written (`*Repo`, `List<String>`, `com.acme.UserDao`): its simple name.
fn simple_type(ty: &str) -> &str {
    let t = ty.split('<').next().unwrap_or(ty);
    let t = t.trim_start_matches(['*', '&']).trim();
    t.rsplit('.').next().unwrap_or(t)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// One function's summary, its file and the names it is filed under.
pub struct Entry {
    keys: Vec<String>,
    file: Arc<str>,
    summary: Summary,
}

impl Table {
    /// The summaries of `m`'s functions, with the names callers use; steps inside them
    /// are marked as `m`'s.
    pub fn entries(m: &Module, summaries: &HashMap<String, Summary>) -> Vec<Entry> {
        let file: Arc<str> = Arc::from(m.path.as_str());
        let modules = module_keys(m);
        let lang = m.lang.id();
        let mut out = Vec::new();
        for f in &m.functions {
            let Some(s) = summaries.get(&f.name) else {
                continue;
            };
            // A function that passes nothing on is filed too: its callers' results are
            // clean, where an unknown call would pass its arguments' taint on. A method
            // without a body (an interface's, an abstract one) says nothing.
            if f.body.is_empty() {
                continue;
            }
            let mut s = s.clone();
            for r in &mut s.sinks {
                if r.file.is_none() {
                    r.file = Some(file.clone());
                }
                if r.flow.iter().any(|st| st.file.is_none()) {
                    let mut v = (*r.flow).clone();
                    for st in &mut v {
                        if st.file.is_none() {
                            st.file = Some(file.clone());
                        }
                    }
                    r.flow = Arc::new(v);
                }
            }
            let name = f
                .name
                .trim_start_matches("module.exports.")
                .trim_start_matches("exports.");
            let mut keys = Vec::new();
            match &f.class {
                Some(c) => {
                    keys.push(format!("{c}.{name}"));
                    // A call through an interface or base class (`UserService svc`)
                    // reaches its implementations.
                    for k in m.classes.iter().filter(|k| &k.name == c) {
                        for sup in &k.supers {
                            keys.push(format!("{}.{name}", simple_type(sup)));
                        }
                    }
                    if m.lang != Lang::Go {
                        keys.extend(modules.iter().map(|mk| format!("{mk}.{c}.{name}")));
                    }
                }
                None => keys.extend(modules.iter().map(|mk| format!("{mk}.{name}"))),
            }
            out.push(Entry {
                keys: keys.into_iter().map(|k| format!("{lang}:{k}")).collect(),
                file: file.clone(),
                summary: s,
            });
        }
        out
    }

    pub fn insert(&mut self, e: Entry) {
        let at = self.entries.len();
        for k in e.keys {
            let v = self.keys.entry(k).or_default();
            if !v.contains(&at) {
                v.push(at);
            }
        }
        self.entries.push((e.file, e.summary));
    }

    /// The summaries filed under `name` or, failing that, under its shorter suffixes
    /// (`src.app.db.find` → `app.db.find` → `db.find`); all that match are merged.
    fn lookup(&self, lang: &str, name: &str) -> Option<Summary> {
        let segs: Vec<&str> = name.split('.').filter(|s| !s.is_empty()).collect();
        for i in 0..segs.len().saturating_sub(1) {
            let key = format!("{lang}:{}", segs[i..].join("."));
            if let Some(ids) = self.keys.get(&key) {
                let mut out = Summary::default();
                for &id in ids {
                    out.merge(&self.entries[id].1);
                }
                return Some(out);
            }
        }
        None
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Resolve for Table {
    fn resolve(&self, m: &Module, c: &Call, recv: Option<&Fact>) -> Option<Summary> {
        let lang = m.lang.id();
        let method = c.method();
        let mut names: Vec<String> = Vec::new();
        match c.receiver() {
            Some(r) => {
                if let Some(ty) = recv.and_then(|f| f.ty.as_deref()) {
                    names.push(format!("{}.{method}", simple_type(ty)));
                }
                if let Expr::Name(n, _) = r {
                    if let Some(full) = m.imports.get(n) {
                        let p = import_path(m, full);
                        names.push(if m.lang == Lang::Java {
                            format!("{}.{method}", simple_type(&p))
                        } else {
                            format!("{p}.{method}")
                        });
                    } else if starts_upper(n) {
                        // A static call on a class of another file.
                        names.push(format!("{n}.{method}"));
                    }
                }
            }
            None => {
                if let Expr::Name(n, _) = &c.callee {
                    if let Some(full) = m.imports.get(n) {
                        let p = import_path(m, full);
                        if m.lang == Lang::Java {
                            // `import static com.acme.Sql.run`: the last two names.
                            let segs: Vec<&str> = p.rsplitn(3, '.').collect();
                            if segs.len() >= 2 {
                                names.push(format!("{}.{}", segs[1], segs[0]));
                            }
                        } else {
                            names.push(p);
                        }
                    } else if m.lang == Lang::Go {
                        // A function of the same package, in another file of the
                        // directory.
                        if let Some(dir) = module_keys(m).into_iter().next() {
                            names.push(format!("{dir}.{n}"));
                        }
                    }
                }
            }
        }
        names.iter().find_map(|n| self.lookup(lang, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(lang: Lang, path: &str) -> Module {
        crate::lower::lower(lang, path, b"").unwrap()
    }

    #[test]
    fn module_paths_as_callers_name_them() {
        assert_eq!(
            module_keys(&module(Lang::Python, "src/app/db.py")),
            ["src.app.db", "app.db", "db"]
        );
        assert_eq!(
            module_keys(&module(Lang::Go, "internal/repo/user.go")),
            ["internal.repo", "repo"]
        );
        assert_eq!(
            module_keys(&module(Lang::JavaScript, "lib/db/index.js")),
            ["lib.db", "db"]
        );
        let js = module(Lang::TypeScript, "src/routes/user.ts");
        assert_eq!(import_path(&js, "../db.findUser"), "src.db.findUser");
        assert_eq!(import_path(&js, "./svc.js.charge"), "src.routes.svc.charge");
        assert_eq!(import_path(&js, "@/lib/db"), "@.lib.db");
        let py = module(Lang::Python, "app/views/pay.py");
        assert_eq!(import_path(&py, ".db.find"), "app.views.db.find");
        assert_eq!(import_path(&py, "..db.find"), "app.db.find");
        assert_eq!(simple_type("*repo.Store"), "Store");
        assert_eq!(simple_type("List<String>"), "List");
    }
}
