//! Safe active probes: requests that show a weakness without doing harm. Injection probes
//! send canaries whose echo proves evaluation (a database error only a broken quote causes,
//! an arithmetic result only a shell computes, a fake password-file line, unescaped markup,
//! a redirect to a host that does not exist, a header the server was made to write); they
//! read nothing and change nothing. Authentication probes repeat the baseline without
//! credentials or with an unsigned token. Mass assignment writes, so it runs only with
//! `--allow-unsafe-methods`.

use crate::client::Exchange;
use crate::identity;
use crate::jwt;
use crate::openapi::{In, Operation};
use crate::passive::{self, sql_error};
use crate::rule::Rule;
use crate::run::{Call, Runner};
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;
use tollgate_core::{Confidence, Finding, Severity, Unchecked};

pub const AUTH_GAP: Rule = Rule {
    slug: "auth-not-enforced",
    title: "Operation declared secured answers without credentials",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[306],
    tags: &["authentication", "owasp-api2"],
    what: "An operation whose OpenAPI document requires a security scheme answered a request without any credentials with a 2xx status.",
    why: "Account information, payment initiation and customer data behind an operation that does not check credentials are open to anyone on the network (PSD2 RTS article 4 requires strong customer authentication for such access).",
    fix: "Enforce authentication in a shared middleware for every operation the document marks secured; test that each answers 401 without credentials.",
    references: &["OWASP API Security Top 10 2023, API2", "CWE-306"],
};

pub const JWT_NONE: Rule = Rule {
    slug: "jwt-alg-none-accepted",
    title: "JWT with alg none accepted",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[347, 287],
    tags: &["authentication", "jwt", "owasp-api2"],
    what: "The operation refused a request without credentials but accepted the caller's token rewritten to `alg: none` with its signature removed.",
    why: "Anyone can then forge a token for any customer or administrator: a complete authentication bypass of the banking API.",
    fix: "Verify JWTs with an explicit allow-list of algorithms (never `none`) and the expected key; reject unsigned tokens.",
    references: &["RFC 8725 (JWT best current practices), section 3.1", "CWE-347"],
};

pub const SQLI: Rule = Rule {
    slug: "sql-injection",
    title: "SQL injection: a quote in a parameter causes a database error",
    severity: Severity::Critical,
    confidence: Confidence::Medium,
    cwe: &[89],
    tags: &["injection", "owasp-a03"],
    what: "A single quote appended to a parameter made the response show a database syntax error that the example value did not cause.",
    why: "SQL injection in a financial back end reads or changes balances, transactions and customer records directly in the database.",
    fix: "Use parameterised queries (prepared statements) for every value; never build SQL by string concatenation.",
    references: &["OWASP SQL Injection Prevention Cheat Sheet", "CWE-89"],
};

pub const TRAVERSAL: Rule = Rule {
    slug: "path-traversal",
    title: "Path traversal: a parameter reads files outside its directory",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[22],
    tags: &["injection", "owasp-a01"],
    what: "A parameter set to `../../../../etc/passwd` (or the Windows equivalent) returned the file's content.",
    why: "The same request reads configuration files with database passwords, signing keys and customer exports from the server.",
    fix: "Map identifiers to files through a lookup, or canonicalise the path and check it stays under the intended directory.",
    references: &["OWASP Path Traversal", "CWE-22"],
};

pub const COMMAND: Rule = Rule {
    slug: "command-injection",
    title: "Command injection: a parameter is run by a shell",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[78],
    tags: &["injection", "owasp-a03"],
    what: "A parameter ending in `;echo` of an arithmetic expression came back with the computed result: a shell evaluated it.",
    why: "Remote command execution on an application server of a bank is a full compromise of the server and a foothold in the internal network.",
    fix: "Never pass request values to a shell; call programs with an argument vector and validate values against a strict pattern.",
    references: &["OWASP OS Command Injection Defense Cheat Sheet", "CWE-78"],
};

pub const XSS: Rule = Rule {
    slug: "reflected-xss",
    title: "Reflected cross-site scripting",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[79],
    tags: &["injection", "owasp-a03"],
    what: "Markup sent in a parameter came back unescaped in an HTML response.",
    why: "A link with the payload runs script in the bank's origin in the victim's session: reading account data, initiating transfers, phishing credentials on the real domain.",
    fix: "Encode output for its context (HTML, attribute, script) with the template engine's auto-escaping; add a strict Content-Security-Policy.",
    references: &["OWASP Cross Site Scripting Prevention Cheat Sheet", "CWE-79"],
};

pub const OPEN_REDIRECT: Rule = Rule {
    slug: "open-redirect",
    title: "Open redirect to a host named in a parameter",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[601],
    tags: &["redirect", "phishing"],
    what: "The operation redirected to the other host a parameter named (the redirect was recorded, not followed).",
    why: "Links on the bank's own domain that forward to a phishing site defeat customers' checks of the address, and can leak OAuth codes or tokens in redirect flows (PSD2 consent).",
    fix: "Redirect only to relative paths or an allow-list of hosts; map targets to identifiers instead of taking URLs.",
    references: &["OWASP Unvalidated Redirects and Forwards Cheat Sheet", "CWE-601"],
};

pub const CRLF: Rule = Rule {
    slug: "header-injection",
    title: "HTTP header injection (CRLF) through a parameter",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[113, 93],
    tags: &["injection"],
    what: "A carriage return and line feed in a parameter let the request add its own header to the response.",
    why: "Injected headers set cookies (session fixation), poison caches or split responses, serving attacker content from the bank's domain.",
    fix: "Reject or encode CR and LF in any value written into a header; use the framework's header API, which refuses them.",
    references: &["CWE-113"],
};

pub const MASS_ASSIGNMENT: Rule = Rule {
    slug: "mass-assignment",
    title: "Mass assignment: an undeclared privileged field was accepted",
    severity: Severity::High,
    confidence: Confidence::Medium,
    cwe: &[915],
    tags: &["owasp-api3", "authorisation"],
    what: "A write with an undeclared `role`, `admin` or `is_admin` field succeeded and the answer holds the value sent.",
    why: "Customers who can set their own role or limits through an API grant themselves administrator rights, overdrafts or fee waivers.",
    fix: "Bind request bodies to explicit input models that list writable fields; reject unknown fields.",
    references: &["OWASP API Security Top 10 2023, API3", "CWE-915"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![
        &AUTH_GAP,
        &JWT_NONE,
        &SQLI,
        &TRAVERSAL,
        &COMMAND,
        &XSS,
        &OPEN_REDIRECT,
        &CRLF,
        &MASS_ASSIGNMENT,
    ]
}

/// The host the open-redirect probe names; `.invalid` never resolves.
pub const REDIRECT_HOST: &str = "redirect-probe.tollgate.invalid";
const XSS_MARK: &str = "<tgxss id=tg7>";
const CMD_MARK: &str = "tgcmd1337";
const CRLF_HEADER: &str = "x-tollgate-probe";

fn passwd(body: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?m)^root:[^:\n]*:0:0:|\[(?:boot loader|fonts|extensions)\]").ok()
    })
    .as_ref()
    .is_some_and(|r| r.is_match(body))
}

fn redirects_to_probe(ex: &Exchange) -> bool {
    let Some(r) = ex.ok() else { return false };
    if !(300..400).contains(&r.status) {
        return false;
    }
    let loc = r
        .header("location")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let rest = loc
        .strip_prefix("http://")
        .or_else(|| loc.strip_prefix("https://"))
        .or_else(|| loc.strip_prefix("//"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#', ':']).next().unwrap_or("");
        host == REDIRECT_HOST
    })
}

fn redirect_param(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "url", "redirect", "next", "return", "continue", "dest", "target", "goto", "callback",
        "forward", "to",
    ]
    .iter()
    .any(|w| n == *w || n.contains(w) && *w != "to")
        || value.starts_with("http://")
        || value.starts_with("https://")
}

/// Every probe for one operation, given its baseline exchange.
pub(crate) fn probe(
    r: &Runner<'_>,
    op: &Operation,
    base: &Exchange,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let label = op.label();
    let Some(base_resp) = base.ok() else { return };
    // Authentication: without credentials, then with an unsigned token.
    if op.secured {
        let anon_ex = if r.default_identity(op).is_some() {
            r.call(
                op,
                "no credentials",
                &Call {
                    identity: Some(None),
                    ..Call::default()
                },
                unchecked,
            )
        } else {
            Some(base.clone())
        };
        if let Some(anon) = &anon_ex {
            passive::leak_checks(&r.ctx(op, &label, anon), anon, false, out);
            let anon_resp = anon.ok();
            if anon_resp.is_some_and(|a| a.is_success()) {
                out.push(AUTH_GAP.finding(
                    &label,
                    anon,
                    None,
                    "",
                    format!(
                        "{label} is declared secured but answered HTTP {} to a request without credentials",
                        anon_resp.map_or(0, |a| a.status)
                    ),
                ));
            } else if let Some(id) = r.default_identity(op) {
                let refused = anon_resp.is_some_and(|a| matches!(a.status, 401 | 403));
                if refused && base_resp.is_success() {
                    if let Some(token) = id.bearer() {
                        jwt_probes(r, op, id, token, out, unchecked);
                    }
                }
            }
        }
    }
    if op.secured {
        weak_secrets(r, op, base, out);
    }
    // Injection canaries, on the string parameters in the path and the query, of safe
    // operations only: a canary in a write would be stored or acted on.
    if op.is_safe() {
        let base_body = base_resp.text();
        // What the baseline already shows does not count as the probe's effect.
        let base_sql_error = sql_error(&base_body).is_some();
        let base_passwd = passwd(&base_body);
        for p in op
            .params
            .iter()
            .filter(|p| p.is_string && matches!(p.location, In::Path | In::Query))
        {
            let name = p.name.as_str();
            let param = format!("{} {}", p.location.as_str(), name);
            let send = |purpose: &str, value: String, unchecked: &mut Vec<Unchecked>| {
                r.call(
                    op,
                    &format!("{purpose} in {param}"),
                    &Call {
                        set: vec![(p.location, p.name.clone(), value)],
                        ..Call::default()
                    },
                    unchecked,
                )
            };
            let seen = |ex: &Exchange, out: &mut Vec<Finding>| {
                passive::leak_checks(&r.ctx(op, &label, ex), ex, true, out);
            };
            if let Some(ex) = send("sql quote", format!("{}'", p.value), unchecked) {
                seen(&ex, out);
                if let Some(db) = ex.ok().and_then(|x| sql_error(&x.text())) {
                    if !base_sql_error {
                        out.push(SQLI.finding(
                            &label,
                            &ex,
                            Some(&param),
                            "",
                            format!(
                                "{label}: a quote in {param} caused a {db} syntax error in the response"
                            ),
                        ));
                    }
                }
            }
            // The request builder percent-encodes it; the server decodes it back.
            let trav_value = "../../../../../../etc/passwd".to_string();
            if let Some(ex) = send("path traversal", trav_value, unchecked) {
                seen(&ex, out);
                if ex.ok().is_some_and(|x| passwd(&x.text())) && !base_passwd {
                    out.push(TRAVERSAL.finding(
                        &label,
                        &ex,
                        Some(&param),
                        "",
                        format!(
                            "{label}: {param} set to ../../etc/passwd returned the password file"
                        ),
                    ));
                }
            }
            if let Some(ex) = send(
                "command",
                format!("{};echo tgcmd$((1000+337))", p.value),
                unchecked,
            ) {
                seen(&ex, out);
                if ex.ok().is_some_and(|x| x.text().contains(CMD_MARK))
                    && !base_body.contains(CMD_MARK)
                {
                    out.push(COMMAND.finding(
                        &label,
                        &ex,
                        Some(&param),
                        "",
                        format!("{label}: `;echo` of an arithmetic expression in {param} came back computed"),
                    ));
                }
            }
            if let Some(ex) = send("xss", format!("{}{XSS_MARK}", p.value), unchecked) {
                seen(&ex, out);
                if ex.ok().is_some_and(|x| {
                    x.content_type().contains("html") && x.text().contains(XSS_MARK)
                }) {
                    out.push(XSS.finding(
                        &label,
                        &ex,
                        Some(&param),
                        "",
                        format!(
                            "{label}: markup in {param} is reflected unescaped in an HTML response"
                        ),
                    ));
                }
            }
            if redirect_param(name, &p.value) {
                if let Some(ex) = send(
                    "open redirect",
                    format!("http://{REDIRECT_HOST}/"),
                    unchecked,
                ) {
                    seen(&ex, out);
                    if redirects_to_probe(&ex) {
                        out.push(OPEN_REDIRECT.finding(
                            &label,
                            &ex,
                            Some(&param),
                            "",
                            format!(
                                "{label}: {param} redirects to any host it names (not followed)"
                            ),
                        ));
                    }
                }
            }
            if let Some(ex) = send(
                "crlf",
                format!("{}\r\nX-Tollgate-Probe: injected", p.value),
                unchecked,
            ) {
                seen(&ex, out);
                if ex.ok().is_some_and(|x| x.header(CRLF_HEADER).is_some())
                    && base_resp.header(CRLF_HEADER).is_none()
                {
                    out.push(CRLF.finding(
                        &label,
                        &ex,
                        Some(&param),
                        "",
                        format!("{label}: CR LF in {param} added a header to the response"),
                    ));
                }
            }
        }
    }
    // CORS with Origin: null (safe operations: a repeat of a write is another write).
    if !op.is_safe() {
        if r.opts.allow_unsafe_methods {
            mass_assignment(r, op, out, unchecked);
        }
        return;
    }
    if let Some(ex) = r.call(
        op,
        "cors null origin",
        &Call {
            origin: Some("null"),
            ..Call::default()
        },
        unchecked,
    ) {
        passive::cors_check(&r.ctx(op, &label, &ex), &ex, "null", out);
    }
}

/// The weak-secret test is offline and about the tokens, not the operation: reported
/// once, on the first secured operation the run calls.
fn weak_secrets(r: &Runner<'_>, op: &Operation, base: &Exchange, out: &mut Vec<Finding>) {
    let label = op.label();
    if r.first_secured.as_deref() == Some(label.as_str()) {
        for other in &r.opts.identities {
            let Some(secret) = other.bearer().and_then(jwt::weak_secret) else {
                continue;
            };
            out.push(jwt::JWT_WEAK_SECRET.finding(
                &label,
                base,
                Some("Authorization"),
                &other.name,
                format!(
                    "{}'s HS256 token verifies with a well-known weak secret ({}), found offline from the token alone",
                    other.name,
                    tollgate_core::redact::redact(secret.as_bytes())
                ),
            ));
        }
    }
}

/// Forged tokens, on an operation that refuses anonymous callers and accepts `id`.
fn jwt_probes(
    r: &Runner<'_>,
    op: &Operation,
    id: &crate::Identity,
    token: &str,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let label = op.label();
    let accepted = |purpose: &str, forged: String, unchecked: &mut Vec<Unchecked>| {
        r.call(
            op,
            purpose,
            &Call {
                auth_value: Some((id.header.clone(), format!("Bearer {forged}"))),
                ..Call::default()
            },
            unchecked,
        )
        .filter(|ex| ex.ok().is_some_and(|x| x.is_success()))
    };
    if let Some(forged) = identity::alg_none(token) {
        if let Some(ex) = accepted("jwt alg none", forged, unchecked) {
            out.push(JWT_NONE.finding(
                &label,
                &ex,
                Some("Authorization"),
                &id.name,
                format!(
                    "{label} refused a request without credentials but accepted {}'s token rewritten to alg none without a signature",
                    id.name
                ),
            ));
        }
    }
    if let Some(forged) = jwt::resigned(token) {
        if let Some(ex) = accepted("jwt re-signed", forged, unchecked) {
            out.push(jwt::JWT_RESIGNED.finding(
                &label,
                &ex,
                Some("Authorization"),
                &id.name,
                format!(
                    "{label} refused a request without credentials but accepted {}'s token re-signed with a key the server never issued",
                    id.name
                ),
            ));
        }
    }
    // A correctly signed expired token needs the signing key: only when it is a weak one
    // (a strong key is not a gap in coverage, there is nothing to test with).
    if let Some(secret) = jwt::weak_secret(token) {
        if let Some(forged) = jwt::expired(token, secret.as_bytes()) {
            if let Some(ex) = accepted("jwt expired", forged, unchecked) {
                out.push(jwt::JWT_EXPIRED.finding(
                    &label,
                    &ex,
                    Some("Authorization"),
                    &id.name,
                    format!(
                        "{label} accepted a copy of {}'s token with exp in 2001, signed with the server's own (weak) key",
                        id.name
                    ),
                ));
            }
        }
    }
}

fn mass_assignment(
    r: &Runner<'_>,
    op: &Operation,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    if !matches!(op.method.as_str(), "POST" | "PUT" | "PATCH") {
        return;
    }
    let Some(body) = &op.body else { return };
    let Value::Object(example) = &body.example else {
        return;
    };
    let declared: Vec<String> = r
        .api
        .deref(&body.schema)
        .ok()
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let extra: Vec<(&str, Value)> = [
        ("role", Value::from("admin")),
        ("admin", Value::Bool(true)),
        ("is_admin", Value::Bool(true)),
    ]
    .into_iter()
    .filter(|(k, _)| !declared.iter().any(|d| d == k))
    .collect();
    if extra.is_empty() {
        return;
    }
    let mut sent = example.clone();
    for (k, v) in &extra {
        sent.insert(k.to_string(), v.clone());
    }
    let label = op.label();
    let Some(ex) = r.call(
        op,
        "mass assignment",
        &Call {
            body: Some(Value::Object(sent)),
            ..Call::default()
        },
        unchecked,
    ) else {
        return;
    };
    let Some(resp) = ex.ok().filter(|x| x.is_success()) else {
        return;
    };
    let Ok(Value::Object(got)) = serde_json::from_slice::<Value>(&resp.body) else {
        return;
    };
    let accepted: Vec<&str> = extra
        .iter()
        .filter(|(k, v)| got.get(*k) == Some(v))
        .map(|(k, _)| *k)
        .collect();
    if !accepted.is_empty() {
        out.push(MASS_ASSIGNMENT.finding(
            &label,
            &ex,
            Some(accepted[0]),
            &accepted.join(","),
            format!(
                "{label} accepted the undeclared field(s) {} and returned them as sent",
                accepted.join(", ")
            ),
        ));
    }
}
