//! Passive checks: what a response says about the application, without sending anything
//! more. Each rule's metadata stands beside its check.
//!
//! Header, cookie, CORS, banner and schema checks look at each operation's first
//! (baseline) response; leak checks (stack traces, internal addresses, secrets, card
//! numbers, verbose errors) at every response, probes' included.

use crate::client::Exchange;
use crate::openapi::{Api, Operation};
use crate::rule::Rule;
use crate::safe;
use regex::Regex;
use std::sync::OnceLock;
use tollgate_core::{Confidence, Finding, Severity};

/// The `Origin` every baseline request carries, so CORS answers can be judged.
pub const PROBE_ORIGIN: &str = "http://cors-probe.tollgate.invalid";

/// What a check knows about the exchange it looks at.
pub struct Ctx<'a> {
    pub api: &'a Api,
    pub op: &'a Operation,
    /// `GET /accounts/{id}`.
    pub label: &'a str,
    /// The request carried credentials.
    pub authenticated: bool,
    /// The target's host, so its own address is no "internal address" leak.
    pub target_host: &'a str,
}

const REFS_HEADERS: &[&str] = &[
    "OWASP Secure Headers Project: https://owasp.org/www-project-secure-headers/",
    "PCI DSS v4.0 requirement 6.4 (public-facing web applications are protected)",
];

pub const MISSING_CSP: Rule = Rule {
    slug: "missing-content-security-policy",
    title: "Response without a Content-Security-Policy, or with a weak one",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[693],
    tags: &["headers", "owasp-a05"],
    what: "The response carries no `Content-Security-Policy` header, or one that allows inline or evaluated script or any source (`'unsafe-inline'`, `'unsafe-eval'`, `*`).",
    why: "A content security policy is the second line of defence when an injection slips through: without it, one reflected script in an online-banking page can read balances and initiate payments in the customer's session.",
    fix: "Send `Content-Security-Policy` on every response; for JSON APIs `default-src 'none'; frame-ancestors 'none'`, for pages an allow-list of script sources without 'unsafe-inline' or 'unsafe-eval'.",
    references: REFS_HEADERS,
};

pub const MISSING_NOSNIFF: Rule = Rule {
    slug: "missing-x-content-type-options",
    title: "Response without X-Content-Type-Options: nosniff",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[693],
    tags: &["headers", "owasp-a05"],
    what: "The response lacks `X-Content-Type-Options: nosniff`.",
    why: "Without it a browser may sniff an uploaded statement or a JSON answer as HTML or script and run it in the bank's origin.",
    fix: "Send `X-Content-Type-Options: nosniff` on every response.",
    references: REFS_HEADERS,
};

pub const MISSING_FRAME: Rule = Rule {
    slug: "missing-frame-protection",
    title: "Response that any site may frame (no X-Frame-Options or frame-ancestors)",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[1021],
    tags: &["headers", "clickjacking", "owasp-a05"],
    what: "The response has neither `X-Frame-Options: DENY|SAMEORIGIN` nor a CSP `frame-ancestors` directive.",
    why: "Framed payment or consent pages can be overlaid by a hostile site that tricks the customer into clicking \"confirm\" (clickjacking), a known route to unauthorised transfers and PSD2 consents.",
    fix: "Send `X-Frame-Options: DENY` (or SAMEORIGIN) and `Content-Security-Policy: frame-ancestors 'none'`.",
    references: REFS_HEADERS,
};

pub const REFERRER: Rule = Rule {
    slug: "missing-referrer-policy",
    title: "Response without a strict Referrer-Policy",
    severity: Severity::Info,
    confidence: Confidence::High,
    cwe: &[200],
    tags: &["headers", "privacy"],
    what: "The response has no `Referrer-Policy`, or one that sends full URLs to other sites (`unsafe-url`, `no-referrer-when-downgrade`).",
    why: "URLs of financial applications carry account numbers, references and tokens; a permissive referrer policy hands them to every third-party script, image or link target (a GDPR and PCI DSS exposure).",
    fix: "Send `Referrer-Policy: no-referrer` or `strict-origin-when-cross-origin`.",
    references: REFS_HEADERS,
};

pub const CACHEABLE: Rule = Rule {
    slug: "cacheable-authenticated-response",
    title: "Authenticated response that caches may store",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[524, 525],
    tags: &["headers", "caching", "pci-dss"],
    what: "A successful response to a request with credentials carries no `Cache-Control: no-store`.",
    why: "Balances, statements and personal data left in a shared proxy or a browser cache can be read by the next user of a branch terminal or a shared device.",
    fix: "Send `Cache-Control: no-store` (and `Pragma: no-cache` for old proxies) on every response that depends on the caller's identity.",
    references: &[
        "RFC 9111 section 5.2.2.5 (no-store)",
        "OWASP ASVS 4.0 V8.2.1",
    ],
};

fn header_checks(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    if r.status < 200 || (300..400).contains(&r.status) || r.status == 204 {
        return;
    }
    let csp = r.header("content-security-policy").unwrap_or("");
    let csp_l = csp.to_ascii_lowercase();
    if csp.is_empty() {
        out.push(MISSING_CSP.finding(
            ctx.label,
            ex,
            Some("Content-Security-Policy"),
            "",
            format!(
                "{} answers without a Content-Security-Policy header",
                ctx.label
            ),
        ));
    } else if let Some(weak) = weak_csp(&csp_l) {
        out.push(MISSING_CSP.finding(
            ctx.label,
            ex,
            Some("Content-Security-Policy"),
            "weak",
            format!("{}: the Content-Security-Policy allows {weak}", ctx.label),
        ));
    }
    if !r
        .header("x-content-type-options")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
    {
        out.push(MISSING_NOSNIFF.finding(
            ctx.label,
            ex,
            Some("X-Content-Type-Options"),
            "",
            format!(
                "{} answers without X-Content-Type-Options: nosniff",
                ctx.label
            ),
        ));
    }
    let xfo = r
        .header("x-frame-options")
        .map(|v| v.trim().to_ascii_lowercase());
    let framed_ok = matches!(xfo.as_deref(), Some("deny") | Some("sameorigin"))
        || csp_l.contains("frame-ancestors");
    if !framed_ok {
        out.push(MISSING_FRAME.finding(
            ctx.label,
            ex,
            Some("X-Frame-Options"),
            "",
            format!(
                "{} answers without X-Frame-Options or a frame-ancestors directive",
                ctx.label
            ),
        ));
    }
    let rp = r
        .header("referrer-policy")
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    let last = rp.rsplit(',').next().unwrap_or("").trim().to_string();
    if last.is_empty() || last == "unsafe-url" || last == "no-referrer-when-downgrade" {
        out.push(REFERRER.finding(
            ctx.label,
            ex,
            Some("Referrer-Policy"),
            "",
            if last.is_empty() {
                format!("{} answers without a Referrer-Policy", ctx.label)
            } else {
                format!("{}: Referrer-Policy {last} sends full URLs away", ctx.label)
            },
        ));
    }
    if ctx.authenticated && r.is_success() {
        let cc = r
            .header("cache-control")
            .map(|v| v.to_ascii_lowercase())
            .unwrap_or_default();
        if !cc.contains("no-store") {
            out.push(CACHEABLE.finding(
                ctx.label,
                ex,
                Some("Cache-Control"),
                "",
                format!(
                    "{} answers an authenticated request without Cache-Control: no-store{}",
                    ctx.label,
                    if cc.is_empty() {
                        String::new()
                    } else {
                        format!(" (it says {})", safe::text(&cc))
                    }
                ),
            ));
        }
    }
}

fn weak_csp(csp: &str) -> Option<&'static str> {
    for d in csp.split(';') {
        let mut words = d.split_whitespace();
        let name = words.next().unwrap_or("");
        if name != "default-src" && name != "script-src" {
            continue;
        }
        for w in words {
            match w {
                "'unsafe-inline'" => return Some("'unsafe-inline' script"),
                "'unsafe-eval'" => return Some("'unsafe-eval'"),
                "*" | "http:" | "https:" => return Some("script from any source"),
                _ => {}
            }
        }
    }
    None
}

const REFS_COOKIES: &[&str] = &[
    "RFC 6265bis (cookie attributes)",
    "OWASP Session Management Cheat Sheet",
];

pub const COOKIE_SECURE: Rule = Rule {
    slug: "cookie-without-secure",
    title: "Cookie set without the Secure attribute",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[614],
    tags: &["cookies", "session"],
    what: "A `Set-Cookie` header lacks the `Secure` attribute.",
    why: "A session cookie sent over plain HTTP once (a captive portal, a downgraded link) is enough to take over a customer's banking session.",
    fix: "Set `Secure` on every cookie (and serve the application only over HTTPS).",
    references: REFS_COOKIES,
};

pub const COOKIE_HTTPONLY: Rule = Rule {
    slug: "cookie-without-httponly",
    title: "Cookie set without the HttpOnly attribute",
    severity: Severity::Medium,
    confidence: Confidence::Medium,
    cwe: &[1004],
    tags: &["cookies", "session"],
    what: "A `Set-Cookie` header lacks the `HttpOnly` attribute.",
    why: "Script can read such a cookie: one injected script exfiltrates the session of every customer who views the page.",
    fix: "Set `HttpOnly` on session and authentication cookies.",
    references: REFS_COOKIES,
};

pub const COOKIE_SAMESITE: Rule = Rule {
    slug: "cookie-without-samesite",
    title: "Cookie set without a SameSite attribute (or SameSite=None)",
    severity: Severity::Low,
    confidence: Confidence::Medium,
    cwe: &[1275],
    tags: &["cookies", "csrf"],
    what: "A `Set-Cookie` header has no `SameSite` attribute, or `SameSite=None`.",
    why: "Cookies sent on cross-site requests enable cross-site request forgery against state-changing banking operations (transfers, payee changes).",
    fix: "Set `SameSite=Lax` or `Strict` on session cookies; use `None` only where cross-site use is required, with `Secure`.",
    references: REFS_COOKIES,
};

fn cookie_checks(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    for c in r.headers_named("set-cookie") {
        let mut parts = c.split(';');
        let name = parts
            .next()
            .and_then(|nv| nv.split_once('=').map(|(n, _)| n.trim().to_string()))
            .unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        let attrs: Vec<String> = parts.map(|p| p.trim().to_ascii_lowercase()).collect();
        let has = |a: &str| {
            attrs
                .iter()
                .any(|x| x == a || x.starts_with(&format!("{a}=")))
        };
        let samesite = attrs
            .iter()
            .find_map(|x| x.strip_prefix("samesite="))
            .map(str::trim);
        let shown_name = tollgate_core::redact::quote(&name);
        let param = format!("cookie {name}");
        if !has("secure") {
            out.push(COOKIE_SECURE.finding(
                ctx.label,
                ex,
                Some(&param),
                &name,
                format!("{}: cookie {shown_name} is set without Secure", ctx.label),
            ));
        }
        if !has("httponly") {
            out.push(COOKIE_HTTPONLY.finding(
                ctx.label,
                ex,
                Some(&param),
                &name,
                format!("{}: cookie {shown_name} is set without HttpOnly", ctx.label),
            ));
        }
        if samesite.is_none() || samesite == Some("none") {
            out.push(COOKIE_SAMESITE.finding(
                ctx.label,
                ex,
                Some(&param),
                &name,
                format!(
                    "{}: cookie {shown_name} is set {}",
                    ctx.label,
                    if samesite.is_none() {
                        "without SameSite"
                    } else {
                        "with SameSite=None"
                    }
                ),
            ));
        }
    }
}

pub const CORS_REFLECTED: Rule = Rule {
    slug: "cors-reflects-origin",
    title: "CORS allows any origin by reflecting it",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[942],
    tags: &["cors", "owasp-a05"],
    what: "The response's `Access-Control-Allow-Origin` echoes an arbitrary `Origin` the request sent (or `null`).",
    why: "Any web site a customer visits can then read the API's answers in the customer's session: balances, transactions, personal data. With credentials allowed it is a full account-data breach.",
    fix: "Compare the Origin against a fixed allow-list of the bank's own front ends; never echo it, never allow `null`.",
    references: &[
        "Fetch standard, CORS protocol: https://fetch.spec.whatwg.org/#http-cors-protocol",
        "OWASP Web Security Testing Guide WSTG-CLNT-07",
    ],
};

pub const CORS_WILDCARD_CREDENTIALS: Rule = Rule {
    slug: "cors-wildcard-with-credentials",
    title: "CORS allows any origin together with credentials",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[942],
    tags: &["cors", "owasp-a05"],
    what: "The response says `Access-Control-Allow-Origin: *` and `Access-Control-Allow-Credentials: true`.",
    why: "Browsers refuse the combination today, but it shows the CORS policy is not thought through; a proxy or a framework change that reflects the origin instead turns it into a data breach.",
    fix: "Allow credentials only for an explicit allow-list of origins.",
    references: &["Fetch standard, CORS protocol: https://fetch.spec.whatwg.org/#http-cors-protocol"],
};

/// CORS answers to a request that sent `Origin: origin`.
pub fn cors_check(ctx: &Ctx<'_>, ex: &Exchange, origin: &str, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    let acao = r.header("access-control-allow-origin").unwrap_or("").trim();
    let creds = r
        .header("access-control-allow-credentials")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !acao.is_empty() && acao == origin {
        out.push(CORS_REFLECTED.finding(
            ctx.label,
            ex,
            Some("Origin"),
            origin,
            format!(
                "{} answers Origin {} with Access-Control-Allow-Origin: {}{}",
                ctx.label,
                origin,
                acao,
                if creds { " and allows credentials" } else { "" }
            ),
        ));
    } else if acao == "*" && creds {
        out.push(CORS_WILDCARD_CREDENTIALS.finding(
            ctx.label,
            ex,
            Some("Access-Control-Allow-Origin"),
            "",
            format!(
                "{} answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true",
                ctx.label
            ),
        ));
    }
}

pub const STACK_TRACE: Rule = Rule {
    slug: "stack-trace-disclosure",
    title: "Stack trace in a response",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[209],
    tags: &["information-disclosure", "errors"],
    what: "The response body holds a stack trace (Java, .NET, Python, Node.js, Go, PHP or Ruby).",
    why: "Stack traces name frameworks, versions, internal paths and code structure: a map for an attacker of a payment system, and often a sign that error handling leaks more (queries, data).",
    fix: "Return a generic error body with a correlation id; log the details server side only.",
    references: &["OWASP Error Handling Cheat Sheet", "CWE-209"],
};

pub const VERBOSE_ERROR: Rule = Rule {
    slug: "verbose-error",
    title: "Error response with internal details",
    severity: Severity::Low,
    confidence: Confidence::Medium,
    cwe: &[209],
    tags: &["information-disclosure", "errors"],
    what: "An error response (4xx or 5xx) names an exception class, a server-side file path or a database error.",
    why: "Internal error details help an attacker tune injections against a core-banking or payment back end and may disclose data.",
    fix: "Map exceptions to generic problem responses (RFC 9457) without internals; log the details.",
    references: &["RFC 9457 (problem details)", "OWASP Error Handling Cheat Sheet"],
};

pub const BANNER: Rule = Rule {
    slug: "server-version-disclosure",
    title: "Server or framework version in a response header",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[200],
    tags: &["information-disclosure", "headers"],
    what: "A `Server`, `X-Powered-By`, `X-AspNet-Version` or similar header names a product with its version.",
    why: "A version number lets an attacker pick known exploits for exactly that release of the web server or framework in front of the bank's API.",
    fix: "Remove version details from `Server` and drop `X-Powered-By`-style headers at the application and the proxy.",
    references: &["OWASP WSTG-INFO-02 (fingerprint web server)"],
};

pub const INTERNAL_IP: Rule = Rule {
    slug: "internal-address-disclosure",
    title: "Private network address in a response",
    severity: Severity::Low,
    confidence: Confidence::Medium,
    cwe: &[200],
    tags: &["information-disclosure"],
    what: "A response header or body holds a private IPv4 address (10/8, 172.16/12, 192.168/16) other than the target's own.",
    why: "Internal addresses reveal the network layout behind the perimeter (database, core-banking hosts) and help server-side request forgery reach them.",
    fix: "Strip internal host names and addresses from responses, including headers added by proxies and load balancers.",
    references: &["RFC 1918", "OWASP WSTG-INFO-05"],
};

pub const SECRET: Rule = Rule {
    slug: "secret-in-response",
    title: "Credential in a response",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[200, 522],
    tags: &["information-disclosure", "secrets"],
    what: "A response holds a credential the secrets engine recognises (cloud keys, payment-provider keys, tokens, private keys, connection strings).",
    why: "Anyone who can call the endpoint gets the credential: payment-provider keys move money, cloud keys reach customer data.",
    fix: "Remove the credential from the response, revoke and rotate it, and find how it got there (configuration echoed, debug endpoint).",
    references: &["PCI DSS v4.0 requirement 8.3", "CWE-200"],
};

pub const CARD: Rule = Rule {
    slug: "card-number-in-response",
    title: "Payment card number (PAN) in a response",
    severity: Severity::High,
    confidence: Confidence::Medium,
    cwe: &[359, 312],
    tags: &["pci-dss", "pan", "information-disclosure"],
    what: "A response holds a 13–19 digit number with a card-scheme prefix that passes the Luhn check.",
    why: "PCI DSS requirement 3.4 forbids displaying the full PAN beyond the first six and last four digits; an API that returns it puts every consumer of the API in PCI scope.",
    fix: "Return masked PANs (first six, last four) or tokens; keep the full PAN inside the cardholder-data environment.",
    references: &["PCI DSS v4.0 requirement 3.4.1"],
};

/// Named patterns, compiled on first use; [`PatternSet::first`] gives the name of the first
/// that matches.
struct PatternSet {
    patterns: &'static [(&'static str, &'static str)],
    compiled: OnceLock<Vec<(Regex, &'static str)>>,
}

impl PatternSet {
    const fn new(patterns: &'static [(&'static str, &'static str)]) -> PatternSet {
        PatternSet {
            patterns,
            compiled: OnceLock::new(),
        }
    }

    /// Every pattern that compiles (all of them: `patterns_compile` tests it).
    fn compiled(&self) -> &[(Regex, &'static str)] {
        self.compiled.get_or_init(|| {
            self.patterns
                .iter()
                .filter_map(|&(p, n)| Regex::new(p).ok().map(|r| (r, n)))
                .collect()
        })
    }

    fn first(&self, text: &str) -> Option<&'static str> {
        self.compiled()
            .iter()
            .find(|(r, _)| r.is_match(text))
            .map(|(_, n)| *n)
    }
}

static STACK_TRACES: PatternSet = PatternSet::new(&[
    (
        r"(?m)^\s*at [\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)",
        "Java",
    ),
    (r"Traceback \(most recent call last\):", "Python"),
    (r"(?m)^\s*at [\w.]+\.\w+\(.*\) in .+:line \d+", ".NET"),
    (
        r"(?m)^\s*at (?:[\w.<>]+ )?\(?/[^\s)]+\.js:\d+:\d+\)?",
        "Node.js",
    ),
    (r"goroutine \d+ \[running\]:", "Go"),
    (
        r"(?:Fatal error|Stack trace):.*\.php(?: on line \d+|:\d+)",
        "PHP",
    ),
    (r"\.rb:\d+:in `", "Ruby"),
]);

fn stack_trace(body: &str) -> Option<&'static str> {
    STACK_TRACES.first(body)
}

static SQL_ERRORS: PatternSet = PatternSet::new(&[
    (r"(?i)you have an error in your sql syntax", "MySQL"),
    (
        r"(?i)unclosed quotation mark after the character string",
        "SQL Server",
    ),
    (r"\bORA-\d{5}\b", "Oracle"),
    (r"(?i)\bSQLSTATE\[\w+\]", "PDO"),
    (r#"(?i)syntax error at or near "#, "PostgreSQL"),
    (r"(?i)unterminated quoted string", "PostgreSQL"),
    (
        r"(?i)sqlite3?\.OperationalError|SQLITE_ERROR|near \S+: syntax error",
        "SQLite",
    ),
    (r"(?i)quoted string not properly terminated", "Oracle"),
]);

/// Database error messages (also the SQL injection probe's evidence).
pub fn sql_error(body: &str) -> Option<&'static str> {
    SQL_ERRORS.first(body)
}

static INTERNAL_DETAILS: PatternSet = PatternSet::new(&[
    (
        r"\b(?:[a-z][\w]*\.){2,}[A-Z]\w*(?:Exception|Error)\b",
        "an exception class",
    ),
    (r"\b[A-Z]\w*(?:Exception|Error): ", "an exception message"),
    (
        r#"(?:^|[\s"'=(])/(?:usr|var|opt|srv|home|app)/[\w./-]+\.\w{1,5}\b"#,
        "a server-side file path",
    ),
    (
        r"\b[A-Z]:\\(?:[\w .-]+\\)+[\w .-]+\.\w{1,5}\b",
        "a server-side file path",
    ),
]);

fn internal_detail(body: &str) -> Option<&'static str> {
    if sql_error(body).is_some() {
        return Some("a database error");
    }
    INTERNAL_DETAILS.first(body)
}

fn banner(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = RE.get_or_init(|| Regex::new(r"[A-Za-z][\w.-]*[/ ]v?\d+(?:\.\d+)+").ok()) else {
        return;
    };
    for h in [
        "server",
        "x-powered-by",
        "x-aspnet-version",
        "x-aspnetmvc-version",
        "x-generator",
    ] {
        if let Some(v) = r.header(h) {
            let versioned = if h.starts_with("x-aspnet") {
                v.chars().any(|c| c.is_ascii_digit())
            } else {
                re.is_match(v)
            };
            if versioned {
                out.push(BANNER.finding(
                    ctx.label,
                    ex,
                    Some(h),
                    h,
                    format!(
                        "{}: header {h} names a version: {}",
                        ctx.label,
                        safe::text(v)
                    ),
                ));
            }
        }
    }
}

fn private_ipv4(text: &str, own: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(r"\b(?:10(?:\.\d{1,3}){3}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|192\.168(?:\.\d{1,3}){2})\b").ok()
        })
        .as_ref()?;
    re.find_iter(text)
        .map(|m| m.as_str())
        .find(|a| *a != own && a.split('.').all(|o| o.parse::<u8>().is_ok()))
        .map(str::to_string)
}

/// Leak checks, for every response. `provoked`: the response answers a probe, whose own
/// rule judges the error it provoked (no verbose-error finding for it).
pub fn leak_checks(ctx: &Ctx<'_>, ex: &Exchange, provoked: bool, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    let body = r.text();
    if let Some(lang) = stack_trace(&body) {
        out.push(STACK_TRACE.finding(
            ctx.label,
            ex,
            None,
            lang,
            format!(
                "{} answered with a {lang} stack trace (HTTP {})",
                ctx.label, r.status
            ),
        ));
    } else if r.status >= 400 && !provoked {
        if let Some(what) = internal_detail(&body) {
            out.push(VERBOSE_ERROR.finding(
                ctx.label,
                ex,
                None,
                what,
                format!(
                    "{} answered HTTP {} with {what} in the body",
                    ctx.label, r.status
                ),
            ));
        }
    }
    let mut heads = String::new();
    for (k, v) in &r.headers {
        heads.push_str(&format!("{k}: {v}\n"));
    }
    if let Some(ip) =
        private_ipv4(&heads, ctx.target_host).or_else(|| private_ipv4(&body, ctx.target_host))
    {
        out.push(INTERNAL_IP.finding(
            ctx.label,
            ex,
            None,
            &ip,
            format!("{} discloses the private address {ip}", ctx.label),
        ));
    }
    let is_json = r.content_type().contains("json");
    let class = tollgate_core::classify::classify(if is_json {
        "response.json"
    } else {
        "response.txt"
    });
    for f in safe::secrets().scan_bytes("response", &r.body, &class) {
        let Some(s) = tollgate_core::SecretSubject::of(&f) else {
            continue;
        };
        let mut x = SECRET.finding(
            ctx.label,
            ex,
            None,
            &format!("{} {}", f.rule_id, f.fingerprint),
            format!(
                "{} returns a {} ({}) in its body",
                ctx.label, f.title, s.redacted
            ),
        );
        x.data.insert("secret_rule".into(), f.rule_id.to_string());
        x.subject = Some(tollgate_core::Subject::Secret(s.clone()));
        out.push(x);
    }
    if let Some((_, digits)) = safe::card_numbers(&r.body).into_iter().next() {
        let masked = format!(
            "{}…{}",
            &digits[..6.min(digits.len())],
            &digits[digits.len().saturating_sub(4)..]
        );
        out.push(CARD.finding(
            ctx.label,
            ex,
            None,
            &tollgate_core::fingerprint::sha256_hex(digits.as_bytes()),
            format!(
                "{} returns a full card number ({masked}, {} digits, Luhn-valid)",
                ctx.label,
                digits.len()
            ),
        ));
    }
}

pub const SCHEMA: Rule = Rule {
    slug: "response-schema-violation",
    title: "Response that breaks the operation's declared schema",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[20],
    tags: &["api-contract", "openapi"],
    what: "A JSON response does not match the schema the OpenAPI document declares for its status code (wrong type, missing required property, value outside the enum, forbidden property).",
    why: "Clients of open-banking and payment APIs rely on the contract; a response that breaks it is a bug that can turn into a wrong amount, a wrong account or a crash downstream, and a sign the document no longer describes what runs.",
    fix: "Fix the implementation or the document so they agree; validate responses against the schema in the API's own tests.",
    references: &["OpenAPI Specification 3.1, Response Object", "JSON Schema 2020-12"],
};

pub const EXPOSURE: Rule = Rule {
    slug: "excessive-data-exposure",
    title: "Response with sensitive fields the schema does not declare",
    severity: Severity::High,
    confidence: Confidence::Medium,
    cwe: &[213, 359],
    tags: &["owasp-api3", "information-disclosure"],
    what: "A JSON response holds properties its declared schema does not list, with names of sensitive data (password hashes, secrets, tokens, PINs, CVVs, national ids).",
    why: "Returning whole database records and leaving the client to filter them is how password hashes and card data leak from banking APIs (OWASP API Security Top 10: broken object property level authorisation).",
    fix: "Serialise responses from explicit response models that list only declared fields; never return internal records.",
    references: &["OWASP API Security Top 10 2023, API3"],
};

fn sensitive_name(k: &str) -> bool {
    let words: Vec<String> = k
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(split_camel)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let joined = words.join("");
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "password"
                | "passwd"
                | "pwd"
                | "secret"
                | "token"
                | "hash"
                | "salt"
                | "ssn"
                | "pin"
                | "cvv"
                | "cvc"
                | "otp"
                | "apikey"
                | "private"
        )
    }) || joined.contains("password")
        || joined.contains("apikey")
}

fn split_camel(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn schema_checks(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    if r.truncated || !r.content_type().contains("json") {
        return;
    }
    let Some(schema) = ctx.op.response_schema(r.status) else {
        return;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&r.body) else {
        out.push(SCHEMA.finding(
            ctx.label,
            ex,
            None,
            "json",
            format!(
                "{}: HTTP {} says it is JSON but the body does not parse",
                ctx.label, r.status
            ),
        ));
        return;
    };
    if let Some((at, what)) = crate::schema::violation(ctx.api, schema, &v) {
        out.push(SCHEMA.finding(
            ctx.label,
            ex,
            None,
            &at,
            format!(
                "{}: the HTTP {} body at {} {}",
                ctx.label,
                r.status,
                if at.is_empty() { "/" } else { &at },
                what
            ),
        ));
    }
    let sensitive: Vec<String> = crate::schema::undeclared(ctx.api, schema, &v)
        .into_iter()
        .filter(|p| sensitive_name(p.rsplit('/').next().unwrap_or("")))
        .collect();
    if !sensitive.is_empty() {
        let names: std::collections::BTreeSet<&str> = sensitive
            .iter()
            .map(|p| p.rsplit('/').next().unwrap_or(""))
            .collect();
        out.push(EXPOSURE.finding(
            ctx.label,
            ex,
            None,
            &names.iter().copied().collect::<Vec<_>>().join(","),
            format!(
                "{} returns undeclared sensitive fields: {} (at {})",
                ctx.label,
                names.iter().copied().collect::<Vec<_>>().join(", "),
                sensitive.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

pub const HSTS: Rule = Rule {
    slug: "hsts-missing-or-weak",
    title: "HTTPS response without Strict-Transport-Security, or with a max-age under a year",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[319, 523],
    tags: &["headers", "tls", "transport", "owasp-a05"],
    what: "An `https://` response carries no `Strict-Transport-Security` header, or one whose `max-age` is missing, unreadable or below one year (31536000 seconds). Reported once per host, on the first operation that shows it.",
    why: "Without HSTS a browser that is sent to `http://` (a typed address, an old link, an attacker on the café network) talks in clear text first: the attacker can strip TLS and read the customer's online-banking session. A short max-age lets the protection lapse between visits.",
    fix: "Send `Strict-Transport-Security: max-age=63072000; includeSubDomains` (two years) on every HTTPS response, after checking every subdomain serves HTTPS; consider the preload list.",
    references: &[
        "RFC 6797: HTTP Strict Transport Security",
        "OWASP HTTP Strict Transport Security Cheat Sheet",
        "PCI DSS v4.0 requirement 4.2.1",
    ],
};

/// Shortest `max-age` accepted: one year, as preload lists and most bank policies ask.
pub const HSTS_MIN_MAX_AGE: u64 = 31_536_000;

/// What is wrong with a `Strict-Transport-Security` value, `None` when nothing is.
fn hsts_problem(value: Option<&str>) -> Option<String> {
    let Some(v) = value else {
        return Some("without Strict-Transport-Security".into());
    };
    let max_age = v.split(';').find_map(|d| {
        let (k, val) = d.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| val.trim().trim_matches('"').to_string())
    });
    match max_age.as_deref().map(str::parse::<u64>) {
        None => Some(format!(
            "with a Strict-Transport-Security that has no max-age ({})",
            safe::text(v)
        )),
        Some(Err(_)) => Some(format!(
            "with a Strict-Transport-Security whose max-age cannot be read ({})",
            safe::text(v)
        )),
        Some(Ok(n)) if n < HSTS_MIN_MAX_AGE => Some(format!(
            "with Strict-Transport-Security max-age={n}, under a year ({HSTS_MIN_MAX_AGE})"
        )),
        Some(Ok(_)) => None,
    }
}

/// HSTS on an `https://` response; one finding per host (the run keeps the first).
fn hsts_check(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(r) = ex.ok() else { return };
    if !ex.request.url.https || r.status < 200 {
        return;
    }
    // RFC 6797 section 8.1: only the first header is processed.
    let Some(problem) = hsts_problem(r.header("strict-transport-security")) else {
        return;
    };
    let origin = ex.request.url.origin();
    let mut f = HSTS.finding(
        ctx.label,
        ex,
        Some("Strict-Transport-Security"),
        "",
        format!("{} answers {problem} (seen on {})", origin, ctx.label),
    );
    f.fingerprint = tollgate_core::fingerprint::fingerprint(HSTS.id().as_str(), &origin, b"host");
    f.location = tollgate_core::Location::url(
        &ex.request.method,
        &safe::text(&origin),
        Some("Strict-Transport-Security"),
    );
    out.push(f);
}

/// Every check that looks at an operation's baseline response.
pub fn baseline_checks(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    header_checks(ctx, ex, out);
    hsts_check(ctx, ex, out);
    cookie_checks(ctx, ex, out);
    cors_check(ctx, ex, PROBE_ORIGIN, out);
    banner(ctx, ex, out);
    schema_checks(ctx, ex, out);
    leak_checks(ctx, ex, false, out);
}

/// The passive rules.
pub fn rules() -> Vec<&'static Rule> {
    vec![
        &MISSING_CSP,
        &MISSING_NOSNIFF,
        &MISSING_FRAME,
        &REFERRER,
        &CACHEABLE,
        &COOKIE_SECURE,
        &COOKIE_HTTPONLY,
        &COOKIE_SAMESITE,
        &CORS_REFLECTED,
        &CORS_WILDCARD_CREDENTIALS,
        &STACK_TRACE,
        &VERBOSE_ERROR,
        &BANNER,
        &INTERNAL_IP,
        &SECRET,
        &CARD,
        &SCHEMA,
        &EXPOSURE,
        &HSTS,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_values() {
        assert!(hsts_problem(None).is_some());
        assert!(hsts_problem(Some("max-age=63072000; includeSubDomains")).is_none());
        assert!(hsts_problem(Some("includeSubDomains; MAX-AGE=\"31536000\"")).is_none());
        assert!(hsts_problem(Some("max-age=86400"))
            .unwrap()
            .contains("86400"));
        assert!(hsts_problem(Some("max-age=1y"))
            .unwrap()
            .contains("cannot be read"));
        assert!(hsts_problem(Some("includeSubDomains"))
            .unwrap()
            .contains("no max-age"));
        assert!(hsts_problem(Some("max-age=-5")).is_some());
    }

    #[test]
    fn patterns_compile() {
        for set in [&STACK_TRACES, &SQL_ERRORS, &INTERNAL_DETAILS] {
            assert_eq!(set.compiled().len(), set.patterns.len());
        }
    }

    #[test]
    fn detectors() {
        assert_eq!(
            stack_trace("java.lang.NullPointerException\n\tat com.bank.Pay.run(Pay.java:42)"),
            Some("Java")
        );
        assert_eq!(
            stack_trace("Traceback (most recent call last):\n  File"),
            Some("Python")
        );
        assert_eq!(stack_trace("{\"error\": \"not found\"}"), None);
        assert_eq!(
            sql_error("You have an error in your SQL syntax near ''"),
            Some("MySQL")
        );
        assert_eq!(
            private_ipv4("upstream 10.0.3.7:8080", "127.0.0.1"),
            Some("10.0.3.7".into())
        );
        assert_eq!(private_ipv4("version 10.2.3.400", "127.0.0.1"), None);
        assert!(sensitive_name("passwordHash"));
        assert!(sensitive_name("pin"));
        assert!(!sensitive_name("pinned"));
        assert!(!sensitive_name("owner"));
        assert_eq!(
            weak_csp("default-src 'self'; script-src 'unsafe-inline'"),
            Some("'unsafe-inline' script")
        );
        assert_eq!(weak_csp("default-src 'none'; frame-ancestors 'none'"), None);
    }
}
