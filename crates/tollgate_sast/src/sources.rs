//! Where untrusted data enters, per framework: request parameters, headers, bodies,
//! cookies and path variables (Spring MVC/Boot, JAX-RS, Jakarta Servlets, Flask, Django,
//! FastAPI, Express, NestJS, Go net/http, gin, echo), the environment and input read.
//! Command-line arguments are not sources: whoever runs a program may already do what
//! its arguments let them.

use crate::flow::CallSite;
use crate::model::*;

/// Annotations of handler parameters bound from the request.
const JAVA_PARAM_ANNOTATIONS: &[&str] = &[
    "RequestParam",
    "PathVariable",
    "RequestBody",
    "RequestHeader",
    "CookieValue",
    "ModelAttribute",
    "MatrixVariable",
    "RequestPart",
    "QueryParam",
    "PathParam",
    "FormParam",
    "HeaderParam",
    "CookieParam",
    "BeanParam",
];

/// Types whose values are the request itself.
const REQUEST_TYPES: &[&str] = &[
    "HttpServletRequest",
    "ServletRequest",
    "HttpServletRequestWrapper",
    "HttpRequest",
    "*http.Request",
    "http.Request",
    "*gin.Context",
    "gin.Context",
    "echo.Context",
    "*fiber.Ctx",
    "Request",
    "express.Request",
    "ServerHttpRequest",
    "WebRequest",
    "NativeWebRequest",
    "MultipartHttpServletRequest",
];

const NEST_DECORATORS: &[&str] = &[
    "Query", "Param", "Body", "Headers", "Req", "Request", "Cookies",
];

fn route_decorator(e: &Expr) -> bool {
    let callee = match e {
        Expr::Call(c) => &c.callee,
        other => other,
    };
    let Some(d) = callee.dotted() else {
        return false;
    };
    let last = d.rsplit('.').next().unwrap_or(&d);
    d.contains('.')
        && matches!(
            last,
            "route" | "get" | "post" | "put" | "delete" | "patch" | "api_route" | "websocket"
        )
        || matches!(
            last,
            "api_view" | "require_http_methods" | "require_POST" | "require_GET"
        )
}

/// Declared types a framework converts request text into before the handler runs (it
/// rejects the request when the text is not one): no injection can ride on them.
const CONVERTED_TYPES: &[&str] = &[
    "int",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "boolean",
    "Integer",
    "Long",
    "Short",
    "Byte",
    "Double",
    "Float",
    "Boolean",
    "BigDecimal",
    "BigInteger",
    "UUID",
    "LocalDate",
    "LocalDateTime",
    "LocalTime",
    "Instant",
    "OffsetDateTime",
    "ZonedDateTime",
    "number",
    "bool",
    "uuid.UUID",
    "date",
    "datetime",
    "datetime.date",
    "datetime.datetime",
];

/// Whether a parameter is bound from the request, and how it is described.
pub fn param(m: &Module, f: &Function, p: &Param) -> Option<String> {
    let ty = p.ty.as_deref().unwrap_or("").trim();
    let ty_last = ty.rsplit('.').next().unwrap_or(ty);
    if CONVERTED_TYPES.contains(&ty) || CONVERTED_TYPES.contains(&ty_last) {
        return None;
    }
    match m.lang {
        Lang::Java => {
            for a in &p.annotations {
                let name = a
                    .split('(')
                    .next()
                    .unwrap_or(a)
                    .rsplit('.')
                    .next()
                    .unwrap_or(a);
                if JAVA_PARAM_ANNOTATIONS.contains(&name) {
                    return Some(format!("request input `@{name} {}`", p.name));
                }
            }
            if REQUEST_TYPES.contains(&ty_last) || REQUEST_TYPES.contains(&ty) {
                return Some(format!("the request `{}`", p.name));
            }
            None
        }
        Lang::Python => {
            if p.name == "self" || p.name == "cls" {
                return None;
            }
            if f.annotations.iter().any(route_decorator) {
                return Some(format!("request input `{}`", p.name));
            }
            // Django views and DRF: the first parameter is the request.
            if p.name == "request"
                && f.params
                    .first()
                    .is_some_and(|x| x.name == p.name || x.name == "self")
            {
                return Some("the request `request`".into());
            }
            None
        }
        Lang::JavaScript | Lang::TypeScript => {
            for a in &p.annotations {
                let name = a.split('(').next().unwrap_or(a);
                if NEST_DECORATORS.contains(&name) {
                    return Some(format!("request input `@{name}() {}`", p.name));
                }
            }
            if (p.name == "req" || p.name == "request")
                && f.params.first().is_some_and(|x| x.name == p.name)
                && f.params.len() >= 2
            {
                return Some(format!("the request `{}`", p.name));
            }
            if ty_last == "Request" && ty.contains("express") {
                return Some(format!("the request `{}`", p.name));
            }
            None
        }
        Lang::Go => {
            if REQUEST_TYPES.contains(&ty) {
                return Some(format!("the request `{}`", p.name));
            }
            None
        }
    }
}

/// Request values that are always strings: Express route parameters and headers
/// (`req.params.id`), where a JSON body or a `qs`-parsed query may hold objects.
pub fn string_valued(m: &Module, e: &Expr) -> bool {
    if !matches!(m.lang, Lang::JavaScript | Lang::TypeScript) {
        return false;
    }
    let Expr::Field(obj, _, _) = e else {
        return false;
    };
    matches!(
        obj.dotted().as_deref(),
        Some("req.params" | "request.params" | "req.headers" | "request.headers")
    )
}

/// A bare name that is untrusted wherever it is read (Flask's global `request`).
pub fn name(m: &Module, n: &str) -> Option<String> {
    match (m.lang, n) {
        (Lang::Python, "request")
            if m.imports
                .get("request")
                .is_some_and(|i| i.ends_with("flask.request") || i == "flask.request") =>
        {
            Some("the Flask request".into())
        }
        _ => None,
    }
}

/// A field read that is untrusted (`os.environ`, `process.env`, `sys.argv`).
pub fn field(m: &Module, dotted: &str) -> Option<String> {
    let what = match (m.lang, dotted) {
        (Lang::Python, "os.environ") => "the environment",
        (Lang::Python, d) if d.starts_with("request.") && name(m, "request").is_some() => {
            "the Flask request"
        }
        (Lang::JavaScript | Lang::TypeScript, d) if d.starts_with("process.env") => {
            "the environment"
        }
        (Lang::JavaScript | Lang::TypeScript, d)
            if d.starts_with("location.")
                || d == "document.cookie"
                || d == "document.URL"
                || d == "window.location" =>
        {
            "the page's address or cookies"
        }
        _ => return None,
    };
    Some(what.to_string())
}

/// A call that returns untrusted data.
pub fn call(m: &Module, site: &CallSite<'_>) -> Option<String> {
    let what = match m.lang {
        // JVM system properties are the operator's settings, not input.
        Lang::Java if site.is("System.getenv") => "the environment",
        Lang::Java
            if site.is_any(&[
                "Scanner.nextLine",
                "BufferedReader.readLine",
                "Console.readLine",
            ]) =>
        {
            "input read"
        }
        Lang::Python
            if site.is_any(&[
                "os.getenv",
                "os.environ.get",
                "input",
                "sys.stdin.read",
                "sys.stdin.readline",
            ]) =>
        {
            "the environment or input"
        }
        Lang::Go if site.is_any(&["os.Getenv", "os.LookupEnv", "mux.Vars", "chi.URLParam"]) => {
            "the environment or a path variable"
        }
        _ => return None,
    };
    Some(what.to_string())
}
