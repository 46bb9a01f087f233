//! Transport, session and web-framework settings in code: TLS verification turned off,
//! cookies without `Secure`/`HttpOnly`, CSRF protection off, CORS that trusts every
//! origin with credentials, debug mode, JWTs accepted unverified, and secrets compared
//! in variable time.

use super::{option, option_is};
use crate::flow::{AssignSite, CallSite, DictSite, Val};
use crate::model::{Expr, Module, Span, Stmt};
use crate::rule::{Check, Rule, Text};
use tollgate_core::Severity;

static TLS: Text = Text {
    title: "TLS certificate or host name verification turned off",
    severity: Severity::Critical,
    cwe: &[295],
    tags: &["tls"],
    why: "Without certificate checks anyone on the network path — a proxy, a compromised Wi-Fi, a hijacked DNS answer — reads and changes what the service sends to a payment processor or core-banking API. PCI DSS requirement 4.2.1 requires trusted certificates for cardholder data in transit.",
    fix: "Remove the override; trust the private CA explicitly (a trust store, `verify=\"/path/ca.pem\"`, `NODE_EXTRA_CA_CERTS`, `RootCAs`) instead.",
    references: &["https://cwe.mitre.org/data/definitions/295.html"],
};

static COOKIE: Text = Text {
    title: "Cookie without Secure or HttpOnly",
    severity: Severity::Medium,
    cwe: &[614, 1004],
    tags: &["session", "cookies"],
    why: "A session cookie without `Secure` travels over plain HTTP and can be read on the network; without `HttpOnly` any injected script steals it. Either hands over a customer's authenticated session.",
    fix: "Set `Secure` and `HttpOnly` (and `SameSite=Lax` or `Strict`) on every cookie that identifies a session or carries state.",
    references: &["https://cwe.mitre.org/data/definitions/614.html", "https://cwe.mitre.org/data/definitions/1004.html"],
};

static CSRF: Text = Text {
    title: "CSRF protection turned off",
    severity: Severity::High,
    cwe: &[352],
    tags: &["session", "csrf"],
    why: "With CSRF protection off, any web page a signed-in customer visits can submit transfers, payee changes and settings in their name.",
    fix: "Keep the framework's CSRF protection on for browser sessions; exempt only endpoints authenticated by tokens in headers, never by cookies.",
    references: &["https://cwe.mitre.org/data/definitions/352.html"],
};

static CORS: Text = Text {
    title: "CORS allows any origin with credentials",
    severity: Severity::High,
    cwe: &[942],
    tags: &["cors"],
    why: "Reflecting or wildcarding the origin while allowing credentials lets any site read authenticated API responses — balances, statements, personal data — from a customer's browser.",
    fix: "List the allowed origins explicitly; never combine `*` or a reflected origin with credentials.",
    references: &["https://cwe.mitre.org/data/definitions/942.html"],
};

static DEBUG: Text = Text {
    title: "Debug mode switched on",
    severity: Severity::High,
    cwe: &[489, 215],
    tags: &["configuration"],
    why: "Debug mode shows stack traces, settings and sometimes an interactive console to anyone who triggers an error: Werkzeug's debugger runs code, Django's error pages list settings.",
    fix: "Take debug from the environment and default it to off; never ship `debug=True` or `DEBUG = True`.",
    references: &["https://cwe.mitre.org/data/definitions/489.html"],
};

static JWT: Text = Text {
    title: "JWT accepted without verifying its signature",
    severity: Severity::Critical,
    cwe: &[347],
    tags: &["authentication", "jwt"],
    why: "A token whose signature is not checked (or whose algorithm may be `none`) can be written by anyone: any user id, any role, any account.",
    fix: "Verify every token with the expected key and an explicit list of algorithms (`jwt.decode(t, key, algorithms=[\"RS256\"])`, `jwt.verify(t, key, { algorithms: ['RS256'] })`, `parseClaimsJws`/`parseSignedClaims`).",
    references: &["https://cwe.mitre.org/data/definitions/347.html"],
};

static TIMING: Text = Text {
    title: "Secret compared in variable time",
    severity: Severity::Medium,
    cwe: &[208],
    tags: &["crypto", "timing"],
    why: "`==` on a MAC, webhook signature or API key returns as soon as a byte differs: timing the answers reveals the expected value byte by byte and lets an attacker forge a payment-provider webhook.",
    fix: "Compare with a constant-time function: `hmac.compare_digest`, `MessageDigest.isEqual`, `crypto.timingSafeEqual`, `subtle.ConstantTimeCompare`.",
    references: &["https://cwe.mitre.org/data/definitions/208.html"],
};

// ---- TLS ------------------------------------------------------------------------------------

fn python_tls(s: &CallSite<'_>) -> Option<String> {
    if s.kwarg("verify").is_some_and(|f| f.val == Val::Bool(false)) {
        return Some(format!("`{}(verify=False)`", s.method()));
    }
    if s.is_any(&[
        "ssl._create_unverified_context",
        "ssl._create_stdlib_context",
    ]) {
        return Some(format!("`{}`", s.method()));
    }
    None
}

fn python_tls_assign(a: &AssignSite<'_>) -> Option<String> {
    let name = a.name.as_deref()?;
    if name.ends_with(".check_hostname") && a.fact.val == Val::Bool(false) {
        return Some("`check_hostname = False`".into());
    }
    if name.ends_with(".verify_mode")
        && a.value
            .and_then(Expr::chain)
            .is_some_and(|c| c.ends_with("CERT_NONE"))
    {
        return Some("`verify_mode = ssl.CERT_NONE`".into());
    }
    if name.ends_with(".verify") && a.fact.val == Val::Bool(false) {
        return Some("a session with `verify = False`".into());
    }
    None
}

fn js_tls(d: &DictSite<'_>) -> Option<String> {
    d.get("rejectUnauthorized")
        .filter(|f| matches!(f.val, Val::Bool(false) | Val::Num(_)) && f.val != Val::Num(1.0))
        .map(|_| "`rejectUnauthorized: false`".into())
}

fn js_tls_assign(a: &AssignSite<'_>) -> Option<String> {
    let n = a.name.as_deref()?;
    (n.ends_with("NODE_TLS_REJECT_UNAUTHORIZED") && a.fact.str() == Some("0"))
        .then(|| "`NODE_TLS_REJECT_UNAUTHORIZED = '0'`".into())
}

fn go_tls(d: &DictSite<'_>) -> Option<String> {
    (d.get("InsecureSkipVerify").map(|f| &f.val) == Some(&Val::Bool(true)))
        .then(|| "`InsecureSkipVerify: true`".into())
}

fn go_tls_assign(a: &AssignSite<'_>) -> Option<String> {
    (a.name
        .as_deref()
        .is_some_and(|n| n.ends_with(".InsecureSkipVerify"))
        && a.fact.val == Val::Bool(true))
    .then(|| "`InsecureSkipVerify = true`".into())
}

/// A method body that does nothing or only returns `true`/`null`.
fn accepts_everything(body: &[Stmt]) -> bool {
    body.iter().all(|s| match s {
        Stmt::Return(Some(Expr::Bool(true, _)), _)
        | Stmt::Return(Some(Expr::Null(_)), _)
        | Stmt::Return(None, _) => true,
        Stmt::Return(Some(Expr::List(v, _)), _) => v.is_empty(),
        Stmt::Return(Some(Expr::Call(c)), _) => c.new && c.args.is_empty(),
        _ => false,
    })
}

fn java_tls(m: &Module) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for f in &m.functions {
        let checks = matches!(f.name.as_str(), "checkServerTrusted" | "checkClientTrusted")
            && f.body.is_empty();
        let verifies = f.name == "verify"
            && f.params.len() == 2
            && f.params
                .iter()
                .any(|p| p.ty.as_deref().is_some_and(|t| t.ends_with("SSLSession")))
            && accepts_everything(&f.body);
        if checks {
            out.push((
                f.span,
                format!("`{}` that accepts every certificate", f.name),
            ));
        }
        if verifies {
            out.push((
                f.span,
                "a `HostnameVerifier` that accepts every host".into(),
            ));
        }
        // Lambdas passed as host name verifiers: `(h, s) -> true`.
    }
    out
}

fn java_tls_call(s: &CallSite<'_>) -> Option<String> {
    if matches!(
        s.method(),
        "setHostnameVerifier" | "setDefaultHostnameVerifier" | "hostnameVerifier"
    ) {
        let arg = s.call.args.first().map(|a| &a.value)?;
        let allow_all = arg.chain().is_some_and(|c| {
            c.ends_with("NoopHostnameVerifier.INSTANCE")
                || c.ends_with("ALLOW_ALL_HOSTNAME_VERIFIER")
        }) || matches!(arg, Expr::Lambda(f) if accepts_everything(&f.body) && !f.body.is_empty());
        return allow_all
            .then(|| format!("`{}` with a verifier that accepts every host", s.method()));
    }
    if s.method() == "setValidateTLSCertificate"
        || s.is("TrustAllStrategy.INSTANCE")
        || s.is("InsecureTrustManagerFactory.INSTANCE")
    {
        return Some("trust-all TLS settings".into());
    }
    if s.method() == "loadTrustMaterial"
        && s.call.args.iter().any(|a| {
            a.value.chain().is_some_and(|c| {
                c.ends_with("TrustAllStrategy") || c.ends_with("TrustSelfSignedStrategy")
            })
        })
    {
        return Some("`loadTrustMaterial` with a strategy that trusts every certificate".into());
    }
    None
}

// ---- cookies --------------------------------------------------------------------------------

fn java_cookie(m: &Module) -> Vec<(Span, String)> {
    // A `new Cookie(...)` assigned to a variable on which `setSecure(true)` and
    // `setHttpOnly(true)` are not both called in the same method.
    let mut out = Vec::new();
    for f in &m.functions {
        let mut made: Vec<(String, Span)> = Vec::new();
        let mut secure: Vec<String> = Vec::new();
        let mut http_only: Vec<String> = Vec::new();
        visit_stmts(&f.body, &mut |s| {
            if let Stmt::Assign {
                target: Expr::Name(n, _),
                value: Some(Expr::Call(c)),
                span,
                ..
            } = s
            {
                if c.new && c.callee.last_name() == Some("Cookie") {
                    made.push((n.clone(), *span));
                }
            }
            if let Stmt::Expr(Expr::Call(c)) = s {
                let on = c.receiver().and_then(Expr::dotted).unwrap_or_default();
                let yes = matches!(c.arg(0), Some(Expr::Bool(true, _)));
                match c.method() {
                    "setSecure" if yes => secure.push(on),
                    "setHttpOnly" if yes => http_only.push(on),
                    _ => {}
                }
            }
        });
        for (n, span) in made {
            let missing: Vec<&str> = [
                ("Secure", secure.contains(&n)),
                ("HttpOnly", http_only.contains(&n)),
            ]
            .iter()
            .filter(|(_, set)| !set)
            .map(|(w, _)| *w)
            .collect();
            if !missing.is_empty() {
                out.push((
                    span,
                    format!("cookie `{n}` without {}", missing.join(" and ")),
                ));
            }
        }
    }
    out
}

pub(crate) fn visit_stmts(ss: &[Stmt], f: &mut dyn FnMut(&Stmt)) {
    for s in ss {
        f(s);
        match s {
            Stmt::If { then, els, .. } => {
                visit_stmts(then, f);
                visit_stmts(els, f);
            }
            Stmt::Switch { cases, .. } => {
                for (_, b) in cases {
                    visit_stmts(b, f);
                }
            }
            Stmt::Loop { body, .. } | Stmt::Block(body) => visit_stmts(body, f),
            _ => {}
        }
    }
}

fn python_cookie(s: &CallSite<'_>) -> Option<String> {
    if s.method() != "set_cookie" {
        return None;
    }
    let secure = s.kwarg("secure").map(|f| f.val.clone());
    let http_only = s.kwarg("httponly").map(|f| f.val.clone());
    let mut missing = Vec::new();
    if !matches!(secure, Some(Val::Bool(true)) | Some(Val::Unknown)) {
        missing.push("secure=True");
    }
    if !matches!(http_only, Some(Val::Bool(true)) | Some(Val::Unknown)) {
        missing.push("httponly=True");
    }
    (!missing.is_empty()).then(|| format!("`set_cookie` without {}", missing.join(" and ")))
}

fn js_cookie(s: &CallSite<'_>) -> Option<String> {
    if !(s.method() == "cookie" && super::receiver_like(s, &["res", "response", "reply"])) {
        return None;
    }
    let secure = option(s, "secure").map(|f| f.val.clone());
    let http_only = option(s, "httpOnly").map(|f| f.val.clone());
    let mut missing = Vec::new();
    if !matches!(secure, Some(Val::Bool(true)) | Some(Val::Unknown)) {
        missing.push("secure: true");
    }
    if !matches!(http_only, Some(Val::Bool(true)) | Some(Val::Unknown)) {
        missing.push("httpOnly: true");
    }
    (!missing.is_empty()).then(|| format!("`res.cookie` without {}", missing.join(" and ")))
}

fn go_cookie(d: &DictSite<'_>) -> Option<String> {
    if !d
        .ty
        .is_some_and(|t| t.trim_start_matches('&').ends_with("http.Cookie"))
    {
        return None;
    }
    let mut missing = Vec::new();
    for k in ["Secure", "HttpOnly"] {
        if !matches!(
            d.get(k).map(|f| &f.val),
            Some(Val::Bool(true)) | Some(Val::Unknown)
        ) {
            missing.push(k);
        }
    }
    (!missing.is_empty()).then(|| format!("`http.Cookie` without {}", missing.join(" and ")))
}

// ---- CSRF, CORS, debug --------------------------------------------------------------------

fn java_csrf(s: &CallSite<'_>) -> Option<String> {
    if s.method() == "disable"
        && s.call
            .receiver()
            .and_then(Expr::chain)
            .is_some_and(|c| c.ends_with("csrf()"))
    {
        return Some("`csrf().disable()`".into());
    }
    if s.method() == "csrf" {
        let arg = s.call.args.first().map(|a| &a.value)?;
        let off = arg.chain().is_some_and(|c| {
            c.ends_with("::disable") || c.ends_with("AbstractHttpConfigurer::disable")
        }) || matches!(arg, Expr::Lambda(f) if f.body.iter().any(|st| matches!(st, Stmt::Return(Some(Expr::Call(c)), _) if c.method() == "disable")));
        return off.then(|| "`csrf(...disable)`".into());
    }
    None
}

fn python_csrf(m: &Module) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for f in &m.functions {
        for a in &f.annotations {
            if a.chain()
                .is_some_and(|c| c == "csrf_exempt" || c.ends_with(".csrf_exempt"))
            {
                out.push((f.span, format!("`@csrf_exempt` on `{}`", f.name)));
            }
        }
    }
    out
}

fn python_csrf_assign(a: &AssignSite<'_>) -> Option<String> {
    let n = a.name.as_deref()?;
    (n.ends_with("WTF_CSRF_ENABLED") && a.fact.val == Val::Bool(false))
        .then(|| "`WTF_CSRF_ENABLED = False`".into())
}

fn python_csrf_dict(d: &DictSite<'_>) -> Option<String> {
    (d.get("WTF_CSRF_ENABLED").map(|f| &f.val) == Some(&Val::Bool(false)))
        .then(|| "`WTF_CSRF_ENABLED: False`".into())
}

fn java_cors(s: &CallSite<'_>) -> Option<String> {
    // `@CrossOrigin(origins = "*", allowCredentials = "true")`
    if s.method() == "CrossOrigin" {
        let any = s
            .kwarg("origins")
            .or(s.kwarg("value"))
            .or(s.arg(0))
            .and_then(|f| f.str())
            == Some("*")
            || s.kwarg("originPatterns").and_then(|f| f.str()) == Some("*");
        let creds = s.kwarg("allowCredentials").and_then(|f| f.str()) == Some("true");
        return (any && creds).then(|| "`@CrossOrigin` for every origin with credentials".into());
    }
    None
}

fn java_cors_module(m: &Module) -> Vec<(Span, String)> {
    // `addAllowedOrigin("*")`/`addAllowedOriginPattern("*")`/`allowedOriginPatterns("*")`
    // together with `setAllowCredentials(true)`/`allowCredentials(true)` in one method.
    let mut out = Vec::new();
    for f in &m.functions {
        let mut any = None;
        let mut creds = false;
        visit_calls(&f.body, &mut |c| match c.method() {
            "addAllowedOrigin"
            | "addAllowedOriginPattern"
            | "allowedOrigins"
            | "allowedOriginPatterns"
            | "setAllowedOrigins"
            | "setAllowedOriginPatterns"
                if c.args
                    .iter()
                    .any(|a| matches!(&a.value, Expr::Str(s, _) if s == "*")) =>
            {
                any = Some(c.span);
            }
            "setAllowCredentials" | "allowCredentials" => {
                if matches!(c.arg(0), Some(Expr::Bool(true, _))) {
                    creds = true;
                }
            }
            _ => {}
        });
        if let (Some(span), true) = (any, creds) {
            out.push((span, "CORS for every origin with credentials".into()));
        }
    }
    out
}

fn visit_calls(ss: &[Stmt], f: &mut dyn FnMut(&crate::model::Call)) {
    fn expr(e: &Expr, f: &mut dyn FnMut(&crate::model::Call)) {
        match e {
            Expr::Call(c) => {
                f(c);
                expr(&c.callee, f);
                for a in &c.args {
                    expr(&a.value, f);
                }
            }
            Expr::Field(o, _, _) => expr(o, f),
            Expr::Lambda(l) => visit_calls(&l.body, f),
            _ => {}
        }
    }
    visit_stmts(ss, &mut |s| match s {
        Stmt::Expr(e) | Stmt::Return(Some(e), _) => expr(e, f),
        Stmt::Assign { value: Some(e), .. } => expr(e, f),
        _ => {}
    });
}

fn python_cors(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&["flask_cors.CORS", "CORS"]) && super::kw_is(s, "supports_credentials", true) {
        let origins = s.kwarg("origins").map(|f| f.val.clone());
        let any = match origins {
            None => true,
            Some(Val::Str(o)) => o == "*",
            Some(Val::List(l)) => l.iter().any(|v| v.as_str() == Some("*")),
            _ => false,
        };
        return any.then(|| "`CORS(..., supports_credentials=True)` for every origin".into());
    }
    None
}

fn python_cors_module(m: &Module) -> Vec<(Span, String)> {
    // Django settings: CORS_ALLOW_ALL_ORIGINS (or CORS_ORIGIN_ALLOW_ALL) with
    // CORS_ALLOW_CREDENTIALS.
    let mut all = None;
    let mut creds = false;
    for s in &m.top {
        if let Stmt::Assign {
            target: Expr::Name(n, _),
            value: Some(Expr::Bool(true, _)),
            span,
            ..
        } = s
        {
            match n.as_str() {
                "CORS_ALLOW_ALL_ORIGINS" | "CORS_ORIGIN_ALLOW_ALL" => all = Some(*span),
                "CORS_ALLOW_CREDENTIALS" => creds = true,
                _ => {}
            }
        }
    }
    match (all, creds) {
        (Some(span), true) => vec![(
            span,
            "`CORS_ALLOW_ALL_ORIGINS` with `CORS_ALLOW_CREDENTIALS`".into(),
        )],
        _ => vec![],
    }
}

fn js_cors(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&["cors"]) && option_is(s, "credentials", true) {
        let origin = option(s, "origin").map(|f| f.val.clone());
        let any = matches!(origin, Some(Val::Bool(true)))
            || matches!(&origin, Some(Val::Str(o)) if o == "*");
        return any.then(|| "`cors({ origin: true|'*', credentials: true })`".into());
    }
    None
}

/// The functions of a module and the inline functions at its top level (handlers
/// registered with `app.use((req, res) => …)`).
pub(crate) fn units(m: &Module) -> Vec<&crate::model::Function> {
    let mut units: Vec<&crate::model::Function> = m.functions.iter().collect();
    crate::lambdas(&m.top, &mut units);
    units
}

/// `Access-Control-Allow-Origin` set (by a method in `setters`) to a value `reflects`
/// accepts as the request's own `Origin`, in a function that also sets
/// `Access-Control-Allow-Credentials: true`.
fn reflected_origin(
    m: &Module,
    setters: &[&str],
    reflects: fn(&Expr) -> bool,
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for f in units(m) {
        let mut reflect = None;
        let mut creds = false;
        visit_calls(&f.body, &mut |c| {
            if !setters.contains(&c.method()) {
                return;
            }
            let name = match c.arg(0) {
                Some(Expr::Str(s, _)) => s.to_ascii_lowercase(),
                _ => return,
            };
            let value = c.arg(1);
            if name == "access-control-allow-origin" && value.is_some_and(reflects) {
                reflect = Some(c.span);
            }
            if name == "access-control-allow-credentials"
                && matches!(value, Some(Expr::Str(v, _)) if v == "true")
            {
                creds = true;
            }
        });
        if let (Some(span), true) = (reflect, creds) {
            out.push((
                span,
                "the request's `Origin` reflected with credentials allowed".into(),
            ));
        }
    }
    out
}

fn js_cors_reflect(m: &Module) -> Vec<(Span, String)> {
    // `res.setHeader('Access-Control-Allow-Origin', req.headers.origin)`.
    reflected_origin(m, &["setHeader", "header", "set"], |v| {
        v.chain().is_some_and(|v| {
            v.ends_with("headers.origin") || v.ends_with("get('origin')") || v.ends_with("header()")
        })
    })
}

fn go_cors(m: &Module) -> Vec<(Span, String)> {
    // `w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))`.
    reflected_origin(m, &["Set", "Add"], |v| {
        matches!(v, Expr::Call(g) if g.method() == "Get"
            && matches!(g.arg(0), Some(Expr::Str(o, _)) if o.eq_ignore_ascii_case("origin")))
    })
}

fn python_debug(s: &CallSite<'_>) -> Option<String> {
    (s.method() == "run"
        && super::kw_is(s, "debug", true)
        && super::receiver_like(s, &["app", "flask", "application"]))
    .then(|| "`app.run(debug=True)`".into())
}

fn python_debug_assign(a: &AssignSite<'_>) -> Option<String> {
    let n = a.name.as_deref()?;
    let settings = a.module.path.rsplit('/').next().is_some_and(|f| {
        f.starts_with("settings") || f == "config.py" || f == "production.py" || f == "prod.py"
    });
    ((n == "DEBUG" && settings || n.ends_with(".debug") && n.starts_with("app"))
        && a.fact.val == Val::Bool(true)
        && a.func.is_none())
    .then(|| format!("`{n} = True`"))
}

fn go_debug(s: &CallSite<'_>) -> Option<String> {
    (s.is("gin.SetMode")
        && s.call
            .args
            .first()
            .and_then(|a| a.value.chain())
            .is_some_and(|c| c.ends_with("DebugMode")))
    .then(|| "`gin.SetMode(gin.DebugMode)`".into())
}

// ---- JWT and comparisons ------------------------------------------------------------------

fn python_jwt(s: &CallSite<'_>) -> Option<String> {
    if !s.is_any(&["jwt.decode", "jose.jwt.decode"]) {
        return None;
    }
    if let Some(o) = s.kwarg("options") {
        if let Some(crate::flow::Elems::Map(m)) = &o.elems {
            if m.get("verify_signature").map(|f| &f.val) == Some(&Val::Bool(false)) {
                return Some("`jwt.decode` with `verify_signature: False`".into());
            }
        }
    }
    if super::kw_is(s, "verify", false) {
        return Some("`jwt.decode(..., verify=False)`".into());
    }
    if let Some(Val::List(l)) = s.kwarg("algorithms").map(|f| &f.val) {
        if l.iter()
            .any(|a| a.as_str().is_some_and(|x| x.eq_ignore_ascii_case("none")))
        {
            return Some("`jwt.decode` accepting `none`".into());
        }
    }
    None
}

fn js_jwt(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&["jsonwebtoken.verify", "jwt.verify"]) {
        if let Some(Val::List(l)) = option(s, "algorithms").map(|f| &f.val) {
            if l.iter()
                .any(|a| a.as_str().is_some_and(|x| x.eq_ignore_ascii_case("none")))
            {
                return Some("`jwt.verify` accepting `none`".into());
            }
        }
    }
    if s.is_any(&["jsonwebtoken.decode", "jwt-decode"])
        && s.assigned_to.as_deref().is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("user")
                || n.contains("claims")
                || n.contains("payload")
                || n.contains("principal")
        })
    {
        return Some("`jwt.decode` (no verification) used for the user's claims".into());
    }
    None
}

fn java_jwt(s: &CallSite<'_>) -> Option<String> {
    // jjwt: `parser().parse(token)` and `parseClaimsJwt` accept unsigned tokens.
    if matches!(
        s.method(),
        "parse" | "parseClaimsJwt" | "parseUnsecuredClaims"
    ) && s
        .call
        .receiver()
        .and_then(Expr::chain)
        .is_some_and(|c| c.contains("Jwts.parser") || c.contains("parserBuilder"))
    {
        return Some(format!(
            "`{}` accepts tokens without a signature",
            s.method()
        ));
    }
    if s.is("JWT.decode")
        && s.names
            .iter()
            .any(|n| n.contains("auth0") || n == "JWT.decode")
        && s.assigned_to.as_deref().is_some_and(|n| {
            n.to_ascii_lowercase().contains("user") || n.to_ascii_lowercase().contains("claims")
        })
    {
        return Some("`JWT.decode` (no verification) used for the user's claims".into());
    }
    None
}

fn go_jwt(s: &CallSite<'_>) -> Option<String> {
    (s.method() == "ParseUnverified" && s.names.iter().any(|n| n.contains("jwt")))
        .then(|| "`ParseUnverified`".into())
}

fn secret_name(e: &Expr) -> bool {
    // A digest is secret only when it is a MAC: a plain hash of public data is not.
    if let Expr::Call(c) = e {
        if matches!(c.method(), "digest" | "hexdigest" | "doFinal" | "Sum") {
            return c.callee.chain().is_some_and(|ch| {
                let ch = ch.to_ascii_lowercase();
                ch.contains("hmac") || ch.contains("mac.")
            });
        }
    }
    let n = match e {
        Expr::Call(c) => c.method().to_ascii_lowercase(),
        other => other.last_name().unwrap_or("").to_ascii_lowercase(),
    };
    [
        "signature",
        "hmac",
        "mac",
        "apikey",
        "api_key",
        "secret",
        "token",
        "webhook",
    ]
    .iter()
    .any(|w| n == *w || n.ends_with(w) || n.starts_with(w))
        && !n.contains("length")
        && !n.contains("type")
        && !n.contains("name")
}

/// `a.signature() == b.signature()`: two records of one kind compared (a merge, a
/// duplicate check), not a received value checked against the expected one.
fn same_accessor(l: &Expr, r: &Expr) -> bool {
    match (l, r) {
        (Expr::Call(a), Expr::Call(b)) => {
            a.receiver().is_some() && b.receiver().is_some() && a.method() == b.method()
        }
        (Expr::Field(_, a, _), Expr::Field(_, b, _)) => a == b,
        _ => false,
    }
}

fn not_a_constant(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::Str(..) | Expr::Null(_) | Expr::Num(..) | Expr::Bool(..)
    )
}

fn timing(m: &Module, ops: &[&str], method_eq: bool) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    fn walk(e: &Expr, ops: &[&str], method_eq: bool, out: &mut Vec<(Span, String)>) {
        match e {
            Expr::Binary(op, l, r, span)
                if ops.contains(&op.as_str())
                    && (secret_name(l) || secret_name(r))
                    && not_a_constant(l)
                    && not_a_constant(r)
                    && !same_accessor(l, r) =>
            {
                out.push((*span, format!("`{op}` on a MAC, signature or secret")));
            }
            Expr::Call(c) if method_eq && c.method() == "equals" => {
                if let (Some(recv), Some(arg)) = (c.receiver(), c.arg(0)) {
                    if (secret_name(recv) || secret_name(arg))
                        && not_a_constant(recv)
                        && not_a_constant(arg)
                    {
                        out.push((c.span, "`equals` on a MAC, signature or secret".into()));
                    }
                }
            }
            _ => {}
        }
        match e {
            Expr::Binary(_, l, r, _) => {
                walk(l, ops, method_eq, out);
                walk(r, ops, method_eq, out);
            }
            Expr::Unary(_, x, _) => walk(x, ops, method_eq, out),
            Expr::Call(c) => {
                for a in &c.args {
                    walk(&a.value, ops, method_eq, out);
                }
            }
            _ => {}
        }
    }
    for f in units(m) {
        visit_stmts(&f.body, &mut |s| match s {
            Stmt::If { cond, .. } => walk(cond, ops, method_eq, &mut out),
            Stmt::Return(Some(e), _) | Stmt::Expr(e) => walk(e, ops, method_eq, &mut out),
            Stmt::Assign { value: Some(e), .. } => walk(e, ops, method_eq, &mut out),
            _ => {}
        });
    }
    out
}

fn java_timing(m: &Module) -> Vec<(Span, String)> {
    let mut v = timing(m, &[], true);
    // `Arrays.equals` on byte arrays of a MAC.
    for f in &m.functions {
        visit_calls(&f.body, &mut |c| {
            if c.callee.chain().as_deref() == Some("Arrays.equals")
                && c.args.iter().any(|a| secret_name(&a.value))
            {
                v.push((c.span, "`Arrays.equals` on a MAC or signature".into()));
            }
        });
    }
    v
}

fn python_timing(m: &Module) -> Vec<(Span, String)> {
    timing(m, &["==", "!="], false)
}

fn js_timing(m: &Module) -> Vec<(Span, String)> {
    timing(m, &["==", "===", "!=", "!=="], false)
}

fn go_timing(m: &Module) -> Vec<(Span, String)> {
    let mut v = timing(m, &["==", "!="], false);
    for f in &m.functions {
        visit_calls(&f.body, &mut |c| {
            if c.callee.chain().as_deref() == Some("bytes.Equal")
                && c.args.iter().any(|a| secret_name(&a.value))
            {
                v.push((c.span, "`bytes.Equal` on a MAC or signature".into()));
            }
        });
    }
    v
}

pub fn rules() -> Vec<Rule> {
    vec![
        Rule { lang: "python", slug: "tls-verification-disabled", text: &TLS, check: Check::Call(python_tls),
            finds: "`verify=False` on requests/httpx calls, and `ssl._create_unverified_context()`.",
            positive: &["import requests\ndef rates():\n    return requests.get('https://rates.bank.example', verify=False).json()\n"],
            negative: &["import requests\ndef rates():\n    return requests.get('https://rates.bank.example', verify='/etc/ssl/bank-ca.pem').json()\n"] },
        Rule { lang: "python", slug: "tls-verification-disabled-setting", text: &TLS, check: Check::Assign(python_tls_assign),
            finds: "`ctx.check_hostname = False`, `ctx.verify_mode = ssl.CERT_NONE` and `session.verify = False`.",
            positive: &["import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n"],
            negative: &["import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = True\nctx.verify_mode = ssl.CERT_REQUIRED\n"] },
        Rule { lang: "javascript", slug: "tls-verification-disabled", text: &TLS, check: Check::Dict(js_tls),
            finds: "`rejectUnauthorized: false` in `https`, `tls` or HTTP-client options.",
            positive: &["const https = require('https');\nconst agent = new https.Agent({ rejectUnauthorized: false });\n"],
            negative: &["const https = require('https');\nconst agent = new https.Agent({ rejectUnauthorized: true, ca: caPem });\n"] },
        Rule { lang: "javascript", slug: "tls-verification-disabled-env", text: &TLS, check: Check::Assign(js_tls_assign),
            finds: "`process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'`, which turns off verification for the whole process.",
            positive: &["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n"],
            negative: &["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n"] },
        Rule { lang: "go", slug: "tls-verification-disabled", text: &TLS, check: Check::Dict(go_tls),
            finds: "`tls.Config{InsecureSkipVerify: true}`.",
            positive: &["package p\nimport \"crypto/tls\"\nvar c = &tls.Config{InsecureSkipVerify: true}\n"],
            negative: &["package p\nimport \"crypto/tls\"\nvar c = &tls.Config{MinVersion: tls.VersionTLS12}\n"] },
        Rule { lang: "go", slug: "tls-verification-disabled-setting", text: &TLS, check: Check::Assign(go_tls_assign),
            finds: "`cfg.InsecureSkipVerify = true`.",
            positive: &["package p\nimport \"crypto/tls\"\nfunc f(c *tls.Config) { c.InsecureSkipVerify = true }\n"],
            negative: &["package p\nimport \"crypto/tls\"\nfunc f(c *tls.Config) { c.InsecureSkipVerify = false }\n"] },
        Rule { lang: "java", slug: "trust-all-certificates", text: &TLS, check: Check::Module(java_tls),
            finds: "An `X509TrustManager` whose `checkServerTrusted`/`checkClientTrusted` is empty, or a `HostnameVerifier.verify` that returns `true`.",
            positive: &[r#"class TrustAll implements javax.net.ssl.X509TrustManager {
  public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}
  public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}
  public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
}"#, r#"class AnyHost implements javax.net.ssl.HostnameVerifier { public boolean verify(String h, javax.net.ssl.SSLSession s) { return true; } }"#],
            negative: &[r#"class Pinned implements javax.net.ssl.X509TrustManager {
  public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) throws java.security.cert.CertificateException { delegate.checkServerTrusted(c, a); }
}"#] },
        Rule { lang: "java", slug: "hostname-verification-disabled", text: &TLS, check: Check::Call(java_tls_call),
            finds: "`setHostnameVerifier` with `NoopHostnameVerifier.INSTANCE`, `ALLOW_ALL_HOSTNAME_VERIFIER` or `(h, s) -> true`, and Apache HttpClient's `TrustAllStrategy`.",
            positive: &[r#"class A { void f(javax.net.ssl.HttpsURLConnection c) { c.setHostnameVerifier((h, s) -> true); } }"#, r#"class A { void f(HttpClientBuilder b) { b.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE); b.setHostnameVerifier(NoopHostnameVerifier.INSTANCE); } }"#],
            negative: &[r#"class A { void f(javax.net.ssl.HttpsURLConnection c) { c.setHostnameVerifier(new DefaultHostnameVerifier()); } }"#] },
        Rule { lang: "java", slug: "insecure-cookie", text: &COOKIE, check: Check::Module(java_cookie),
            finds: "A `new Cookie(...)` on which the same method does not call both `setSecure(true)` and `setHttpOnly(true)`.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletResponse r, String id) { javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("SESSION", id); r.addCookie(c); } }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletResponse r, String id) { javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("SESSION", id); c.setSecure(true); c.setHttpOnly(true); r.addCookie(c); } }"#] },
        Rule { lang: "python", slug: "insecure-cookie", text: &COOKIE, check: Check::Call(python_cookie),
            finds: "`response.set_cookie` without `secure=True` and `httponly=True` (Flask and Django default both to off).",
            positive: &["def login(resp, sid):\n    resp.set_cookie('session', sid)\n"],
            negative: &["def login(resp, sid):\n    resp.set_cookie('session', sid, secure=True, httponly=True, samesite='Lax')\n"] },
        Rule { lang: "javascript", slug: "insecure-cookie", text: &COOKIE, check: Check::Call(js_cookie),
            finds: "Express `res.cookie` without `secure: true` and `httpOnly: true`.",
            positive: &["app.post('/login', (req, res) => { res.cookie('session', sid); });\n"],
            negative: &["app.post('/login', (req, res) => { res.cookie('session', sid, { secure: true, httpOnly: true, sameSite: 'lax' }); });\n"] },
        Rule { lang: "go", slug: "insecure-cookie", text: &COOKIE, check: Check::Dict(go_cookie),
            finds: "An `http.Cookie` literal without `Secure: true` and `HttpOnly: true`.",
            positive: &["package p\nimport \"net/http\"\nfunc f(w http.ResponseWriter, v string) { http.SetCookie(w, &http.Cookie{Name: \"session\", Value: v}) }\n"],
            negative: &["package p\nimport \"net/http\"\nfunc f(w http.ResponseWriter, v string) { http.SetCookie(w, &http.Cookie{Name: \"session\", Value: v, Secure: true, HttpOnly: true}) }\n"] },
        Rule { lang: "java", slug: "csrf-disabled", text: &CSRF, check: Check::Call(java_csrf),
            finds: "Spring Security's `csrf().disable()`, `csrf(AbstractHttpConfigurer::disable)` and `csrf(c -> c.disable())`.",
            positive: &[r#"class S { SecurityFilterChain f(HttpSecurity http) throws Exception { http.csrf().disable(); return http.build(); } }"#, r#"class S { SecurityFilterChain f(HttpSecurity http) throws Exception { http.csrf(AbstractHttpConfigurer::disable); return http.build(); } }"#],
            negative: &[r#"class S { SecurityFilterChain f(HttpSecurity http) throws Exception { http.csrf(c -> c.ignoringRequestMatchers("/webhooks/**")); return http.build(); } }"#] },
        Rule { lang: "python", slug: "csrf-disabled", text: &CSRF, check: Check::Module(python_csrf),
            finds: "Django views decorated with `@csrf_exempt`.",
            positive: &["from django.views.decorators.csrf import csrf_exempt\n@csrf_exempt\ndef transfer(request):\n    pass\n"],
            negative: &["from django.views.decorators.csrf import csrf_protect\n@csrf_protect\ndef transfer(request):\n    pass\n"] },
        Rule { lang: "python", slug: "csrf-disabled-setting", text: &CSRF, check: Check::Assign(python_csrf_assign),
            finds: "Flask-WTF's `WTF_CSRF_ENABLED = False` (as a setting or `app.config[...]`).",
            positive: &["WTF_CSRF_ENABLED = False\n"],
            negative: &["WTF_CSRF_ENABLED = True\n"] },
        Rule { lang: "python", slug: "csrf-disabled-config", text: &CSRF, check: Check::Dict(python_csrf_dict),
            finds: "`WTF_CSRF_ENABLED: False` in a configuration mapping (`app.config.update({...})`).",
            positive: &["app.config.update({'WTF_CSRF_ENABLED': False})\n"],
            negative: &["app.config.update({'WTF_CSRF_ENABLED': True})\n"] },
        Rule { lang: "java", slug: "cors-any-origin-with-credentials", text: &CORS, check: Check::Call(java_cors),
            finds: "`@CrossOrigin(origins = \"*\", allowCredentials = \"true\")`.",
            positive: &[r#"@CrossOrigin(origins = "*", allowCredentials = "true") class A { }"#],
            negative: &[r#"@CrossOrigin(origins = "https://app.bank.example", allowCredentials = "true") class A { }"#] },
        Rule { lang: "java", slug: "cors-config-any-origin-with-credentials", text: &CORS, check: Check::Module(java_cors_module),
            finds: "A `CorsConfiguration` or `CorsRegistry` given the origin `*` and credentials in the same method.",
            positive: &[r#"class C { CorsConfiguration f() { CorsConfiguration c = new CorsConfiguration(); c.addAllowedOriginPattern("*"); c.setAllowCredentials(true); return c; } }"#],
            negative: &[r#"class C { CorsConfiguration f() { CorsConfiguration c = new CorsConfiguration(); c.addAllowedOrigin("https://app.bank.example"); c.setAllowCredentials(true); return c; } }"#] },
        Rule { lang: "python", slug: "cors-any-origin-with-credentials", text: &CORS, check: Check::Call(python_cors),
            finds: "flask-cors `CORS(app, supports_credentials=True)` without `origins` (or with `*`).",
            positive: &["from flask_cors import CORS\nCORS(app, supports_credentials=True)\n"],
            negative: &["from flask_cors import CORS\nCORS(app, origins=['https://app.bank.example'], supports_credentials=True)\n"] },
        Rule { lang: "python", slug: "cors-settings-any-origin-with-credentials", text: &CORS, check: Check::Module(python_cors_module),
            finds: "django-cors-headers settings `CORS_ALLOW_ALL_ORIGINS = True` with `CORS_ALLOW_CREDENTIALS = True`.",
            positive: &["CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n"],
            negative: &["CORS_ALLOWED_ORIGINS = ['https://app.bank.example']\nCORS_ALLOW_CREDENTIALS = True\n"] },
        Rule { lang: "javascript", slug: "cors-any-origin-with-credentials", text: &CORS, check: Check::Call(js_cors),
            finds: "The `cors` middleware with `origin: true` or `'*'` and `credentials: true`.",
            positive: &["const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n"],
            negative: &["const cors = require('cors');\napp.use(cors({ origin: ['https://app.bank.example'], credentials: true }));\n"] },
        Rule { lang: "javascript", slug: "cors-origin-reflected", text: &CORS, check: Check::Module(js_cors_reflect),
            finds: "`Access-Control-Allow-Origin` set from the request's `Origin` header next to `Access-Control-Allow-Credentials: true`.",
            positive: &["app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n"],
            negative: &["app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', 'https://app.bank.example');\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n"] },
        Rule { lang: "go", slug: "cors-origin-reflected", text: &CORS, check: Check::Module(go_cors),
            finds: "`Access-Control-Allow-Origin` set from `r.Header.Get(\"Origin\")` next to `Access-Control-Allow-Credentials: true`.",
            positive: &["package p\nimport \"net/http\"\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set(\"Access-Control-Allow-Origin\", r.Header.Get(\"Origin\"))\n\tw.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")\n}\n"],
            negative: &["package p\nimport \"net/http\"\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set(\"Access-Control-Allow-Origin\", \"https://app.bank.example\")\n\tw.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")\n}\n"] },
        Rule { lang: "python", slug: "debug-mode", text: &DEBUG, check: Check::Call(python_debug),
            finds: "Flask's `app.run(debug=True)`.",
            positive: &["from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n"],
            negative: &["import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get('FLASK_DEBUG') == '1')\n"] },
        Rule { lang: "python", slug: "debug-setting", text: &DEBUG, check: Check::Assign(python_debug_assign),
            finds: "`DEBUG = True` in a Django settings module (`settings*.py`, `production.py`, `config.py`) and `app.debug = True`.",
            positive: &["app.debug = True\n"],
            negative: &["import os\napp.debug = os.environ.get('DEBUG') == '1'\n"] },
        Rule { lang: "go", slug: "debug-mode", text: &DEBUG, check: Check::Call(go_debug),
            finds: "`gin.SetMode(gin.DebugMode)`.",
            positive: &["package p\nimport \"github.com/gin-gonic/gin\"\nfunc init() { gin.SetMode(gin.DebugMode) }\n"],
            negative: &["package p\nimport \"github.com/gin-gonic/gin\"\nfunc init() { gin.SetMode(gin.ReleaseMode) }\n"] },
        Rule { lang: "python", slug: "jwt-not-verified", text: &JWT, check: Check::Call(python_jwt),
            finds: "PyJWT/python-jose `jwt.decode` with `options={\"verify_signature\": False}`, `verify=False` or `none` among the algorithms.",
            positive: &["import jwt\ndef user(t):\n    return jwt.decode(t, options={'verify_signature': False})['sub']\n"],
            negative: &["import jwt\ndef user(t, key):\n    return jwt.decode(t, key, algorithms=['RS256'])['sub']\n"] },
        Rule { lang: "javascript", slug: "jwt-not-verified", text: &JWT, check: Check::Call(js_jwt),
            finds: "`jsonwebtoken.verify` accepting `none`, and `jwt.decode` (which does not verify) used for a user's claims.",
            positive: &["const jwt = require('jsonwebtoken');\nfunction who(t) { const claims = jwt.decode(t); return claims.sub; }\n"],
            negative: &["const jwt = require('jsonwebtoken');\nfunction who(t, key) { const claims = jwt.verify(t, key, { algorithms: ['RS256'] }); return claims.sub; }\n"] },
        Rule { lang: "java", slug: "jwt-not-verified", text: &JWT, check: Check::Call(java_jwt),
            finds: "jjwt `parser().parse(token)`/`parseClaimsJwt` (which accept unsigned tokens) and auth0 `JWT.decode` used for a user's claims.",
            positive: &[r#"class A { Object f(String t) { return Jwts.parser().setSigningKey(k).parse(t); } }"#],
            negative: &[r#"class A { Object f(String t) { return Jwts.parser().setSigningKey(k).parseClaimsJws(t); } }"#] },
        Rule { lang: "go", slug: "jwt-not-verified", text: &JWT, check: Check::Call(go_jwt),
            finds: "golang-jwt `ParseUnverified`.",
            positive: &["package p\nimport \"github.com/golang-jwt/jwt/v5\"\nfunc f(t string) { jwt.NewParser().ParseUnverified(t, jwt.MapClaims{}) }\n"],
            negative: &["package p\nimport \"github.com/golang-jwt/jwt/v5\"\nfunc f(t string, k jwt.Keyfunc) { jwt.Parse(t, k) }\n"] },
        Rule { lang: "python", slug: "timing-unsafe-comparison", text: &TIMING, check: Check::Module(python_timing),
            finds: "`==`/`!=` between a value named like a signature, MAC, digest, token or secret and another non-constant value.",
            positive: &["import hmac, hashlib\ndef ok(body, sig, key):\n    return hmac.new(key, body, hashlib.sha256).hexdigest() == sig\n"],
            negative: &["import hmac, hashlib\ndef ok(body, sig, key):\n    return hmac.compare_digest(hmac.new(key, body, hashlib.sha256).hexdigest(), sig)\n", "def ok(token):\n    return token == None\n", "import hashlib\ndef intact(data, leaf):\n    return hashlib.sha256(data).digest() == leaf\n"] },
        Rule { lang: "javascript", slug: "timing-unsafe-comparison", text: &TIMING, check: Check::Module(js_timing),
            finds: "`==`/`===` between a value named like a signature, MAC, digest, token or secret and another non-constant value.",
            positive: &["function ok(req, expectedSignature) { return req.headers['x-signature'] === expectedSignature; }\n"],
            negative: &["const crypto = require('crypto');\nfunction ok(a, expectedSignature) { return crypto.timingSafeEqual(Buffer.from(a), Buffer.from(expectedSignature)); }\n", "function ok(signature) { return signature === undefined; }\n"] },
        Rule { lang: "java", slug: "timing-unsafe-comparison", text: &TIMING, check: Check::Module(java_timing),
            finds: "`equals` or `Arrays.equals` between a value named like a signature, MAC, digest, token or secret and another non-constant value.",
            positive: &[r#"class A { boolean ok(String signature, String expected) { return signature.equals(expected); } }"#],
            negative: &[r#"class A { boolean ok(byte[] signature, byte[] expected) { return java.security.MessageDigest.isEqual(signature, expected); } }"#] },
        Rule { lang: "go", slug: "timing-unsafe-comparison", text: &TIMING, check: Check::Module(go_timing),
            finds: "`==` or `bytes.Equal` between a value named like a signature, MAC, digest, token or secret and another non-constant value.",
            positive: &["package p\nimport \"bytes\"\nfunc ok(mac, expected []byte) bool { return bytes.Equal(mac, expected) }\n"],
            negative: &["package p\nimport \"crypto/hmac\"\nfunc ok(mac, expected []byte) bool { return hmac.Equal(mac, expected) }\n", "package p\nfunc same(a, b *File) bool { return a.HeaderSignature() == b.HeaderSignature() }\n"] },
    ]
}
