//! The one model every language is lowered to: modules of functions made of statements
//! and expressions (calls, assignments, literals, field and element accesses). Rules and
//! the data-flow analysis are written once against it.

use std::collections::BTreeMap;

/// A language with a front end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Java,
    Python,
    JavaScript,
    TypeScript,
    Go,
}

impl Lang {
    /// The language of a file, by its extension.
    pub fn of_path(path: &str) -> Option<Lang> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "java" => Lang::Java,
            "py" => Lang::Python,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "ts" | "mts" | "cts" | "tsx" => Lang::TypeScript,
            "go" => Lang::Go,
            _ => return None,
        })
    }

    /// The part of rule ids naming the language (`sast/<id>/…`); TypeScript shares
    /// JavaScript's rules.
    pub fn id(self) -> &'static str {
        match self {
            Lang::Java => "java",
            Lang::Python => "python",
            Lang::JavaScript | Lang::TypeScript => "javascript",
            Lang::Go => "go",
        }
    }
}

/// Where something is written: 1-based lines and columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String, Span),
    /// A number as written (`1024`, `0.1`, `10L`).
    Num(String, Span),
    Bool(bool, Span),
    Null(Span),
    Name(String, Span),
    /// `object.field` (also Python attributes, Go selectors, `this.x`).
    Field(Box<Expr>, String, Span),
    /// `object[index]`.
    Index(Box<Expr>, Box<Expr>, Span),
    Call(Box<Call>),
    /// `left op right`; `op` as written (`+`, `==`, `and`, `&&`, `%`).
    Binary(String, Box<Expr>, Box<Expr>, Span),
    /// `op operand` (`!`, `not`, `-`, `&`).
    Unary(String, Box<Expr>, Span),
    /// A string with holes: an f-string, a template literal.
    Template(Vec<Expr>, Span),
    /// A list, tuple, array or set literal.
    List(Vec<Expr>, Span),
    /// A dictionary, object or struct literal (`type` names a Go struct type).
    Dict {
        ty: Option<String>,
        entries: Vec<(Expr, Expr)>,
        span: Span,
    },
    /// `cond ? a : b` (and Python's `a if cond else b`): the condition and both values.
    Cond(Box<Expr>, Box<Expr>, Box<Expr>, Span),
    /// A function written inline (lambda, arrow function, closure).
    Lambda(Box<Function>),
    /// Anything the model does not describe.
    Unknown(Span),
}

/// A call, or a constructor (`new X(...)`, a Go conversion).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub callee: Expr,
    pub args: Vec<Arg>,
    /// `new X(...)` in Java and JavaScript.
    pub new: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The keyword of a Python keyword argument.
    pub name: Option<String>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// An assignment or a declaration with a value. `ty` is the declared type, if any.
    Assign {
        target: Expr,
        value: Option<Expr>,
        ty: Option<String>,
        span: Span,
    },
    Expr(Expr),
    If {
        cond: Expr,
        then: Vec<Stmt>,
        els: Vec<Stmt>,
    },
    /// A `switch` on a value: each case's labels and body (an empty label list is the
    /// default). Bodies fall through only where the language says so; the model treats
    /// each case as its own branch.
    Switch {
        on: Expr,
        cases: Vec<(Vec<Expr>, Vec<Stmt>)>,
    },
    /// A loop body (which may run any number of times), with what it binds each time.
    Loop {
        bind: Option<(Expr, Expr)>,
        body: Vec<Stmt>,
    },
    Return(Option<Expr>, Span),
    /// `try` bodies, `with` blocks and plain blocks: run in order.
    Block(Vec<Stmt>),
}

/// A parameter: its name, declared type and annotations or decorators (as written,
/// without `@`: `RequestParam`, `Query('id')`).
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub ty: Option<String>,
    pub annotations: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    /// The enclosing class (or Go receiver type).
    pub class: Option<String>,
    pub params: Vec<Param>,
    /// Annotations and decorators, lowered as expressions (`app.route("/x")` is a call).
    pub annotations: Vec<Expr>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// A class or struct: its fields and what it extends or implements.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Class {
    pub name: String,
    pub supers: Vec<String>,
    pub annotations: Vec<Expr>,
    pub fields: Vec<Stmt>,
    pub span: Span,
}

/// One source file in the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub lang: Lang,
    pub path: String,
    /// Local name → what it stands for (`md5` → `hashlib.md5`, `MessageDigest` →
    /// `java.security.MessageDigest`, `crypto` → `crypto`, `sq` → `database/sql`).
    pub imports: BTreeMap<String, String>,
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    /// Statements outside any function (module level, Python scripts, Go globals).
    pub top: Vec<Stmt>,
    /// Where the parser found syntax it could not read.
    pub errors: Vec<Span>,
    /// The project's properties (`key` → value), for `getProperty("key")`.
    pub config: std::sync::Arc<BTreeMap<String, String>>,
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Str(_, s)
            | Expr::Num(_, s)
            | Expr::Bool(_, s)
            | Expr::Null(s)
            | Expr::Name(_, s)
            | Expr::Field(_, _, s)
            | Expr::Index(_, _, s)
            | Expr::Binary(_, _, _, s)
            | Expr::Unary(_, _, s)
            | Expr::Template(_, s)
            | Expr::List(_, s)
            | Expr::Cond(_, _, _, s)
            | Expr::Unknown(s) => *s,
            Expr::Dict { span, .. } => *span,
            Expr::Call(c) => c.span,
            Expr::Lambda(f) => f.span,
        }
    }

    /// The dotted name of a name or field chain (`a.b.c`), if it is one.
    pub fn dotted(&self) -> Option<String> {
        match self {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Field(o, f, _) => Some(format!("{}.{f}", o.dotted()?)),
            _ => None,
        }
    }

    /// The path of a chain that may hold calls (`Runtime.getRuntime().exec`).
    pub fn chain(&self) -> Option<String> {
        match self {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Field(o, f, _) => Some(format!("{}.{f}", o.chain()?)),
            Expr::Call(c) => Some(format!("{}()", c.callee.chain()?)),
            _ => None,
        }
    }

    /// The last identifier of a name, field or call (`c` for `a.b.c`, `get` for `x.get()`).
    pub fn last_name(&self) -> Option<&str> {
        match self {
            Expr::Name(n, _) | Expr::Field(_, n, _) => Some(n),
            Expr::Call(c) => c.callee.last_name(),
            Expr::Index(o, _, _) => o.last_name(),
            _ => None,
        }
    }
}

impl Call {
    /// The receiver of a method call (`a.b` for `a.b.c()`).
    pub fn receiver(&self) -> Option<&Expr> {
        match &self.callee {
            Expr::Field(o, _, _) => Some(o),
            _ => None,
        }
    }

    /// The method or function name (`c` for `a.b.c()`).
    pub fn method(&self) -> &str {
        match &self.callee {
            // `bodyParser.raw(opts)(req, res)` calls what `raw` returned, not `raw`.
            Expr::Call(_) => "",
            c => c.last_name().unwrap_or(""),
        }
    }

    /// The keyword argument `name`.
    pub fn kwarg(&self, name: &str) -> Option<&Expr> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| &a.value)
    }

    /// The `i`-th positional argument.
    pub fn arg(&self, i: usize) -> Option<&Expr> {
        self.args
            .iter()
            .filter(|a| a.name.is_none())
            .nth(i)
            .map(|a| &a.value)
    }
}
