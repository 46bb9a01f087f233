//! Sign-in, password-reset and one-time-code operations: user enumeration (a known user
//! name answered differently from two unknown ones) and missing rate limiting (a burst of
//! wrong attempts all answered alike, without 429 or a lockout). Both send wrong
//! credentials, so a POST is only probed with `--allow-unsafe-methods`, and the burst
//! always needs it: it can lock the account it names.

use crate::client::Exchange;
use crate::openapi::{In, Operation};
use crate::rule::Rule;
use crate::run::{Call, Runner};
use serde_json::Value;
use tollgate_core::{Confidence, Finding, Severity, Unchecked};

pub const USER_ENUM: Rule = Rule {
    slug: "user-enumeration",
    title: "User enumeration: a known user name is answered differently",
    severity: Severity::Medium,
    confidence: Confidence::Medium,
    cwe: &[204],
    tags: &["authentication", "enumeration"],
    what: "A sign-in or password-reset operation answered a known user name (with a wrong password) with a different status or body than two unknown user names, which it answered alike.",
    why: "A list of valid customer user names is the first step of credential stuffing and targeted phishing against a bank's customers.",
    fix: "Answer every failed sign-in and every reset request with the same status and body, whether or not the user exists.",
    references: &["OWASP Authentication Cheat Sheet, Authentication and Error Messages", "CWE-204"],
};

pub const NO_RATE_LIMIT: Rule = Rule {
    slug: "login-rate-limit-missing",
    title: "No rate limiting or lockout on a sign-in or one-time-code operation",
    severity: Severity::High,
    confidence: Confidence::Medium,
    cwe: &[307],
    tags: &["authentication", "brute-force", "owasp-api4"],
    what: "A burst of wrong attempts at a sign-in or one-time-code operation was answered alike every time: no 429, no Retry-After, no lockout.",
    why: "Without a limit, passwords and six-digit one-time codes fall to guessing; PCI DSS 8.3.4 requires locking an account after at most ten failed attempts.",
    fix: "Limit failed attempts per account and per client (429 with Retry-After, or a temporary lockout) and alert on bursts.",
    references: &["OWASP API Security Top 10 2023, API4", "PCI DSS v4.0 requirement 8.3.4", "CWE-307"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![&USER_ENUM, &NO_RATE_LIMIT]
}

/// What kind of credential operation this is, from its path, operationId and tags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SignIn,
    Reset,
    Otp,
}

fn kind(op: &Operation) -> Option<Kind> {
    let mut words = format!("{} {} {}", op.path, op.id, op.tags.join(" ")).to_ascii_lowercase();
    words.retain(|c| c != '-' && c != '_');
    if ["passwordreset", "resetpassword", "forgot", "recover"]
        .iter()
        .any(|w| words.contains(w))
    {
        Some(Kind::Reset)
    } else if ["otp", "2fa", "mfa", "totp", "verifycode"]
        .iter()
        .any(|w| words.contains(w))
    {
        Some(Kind::Otp)
    } else if ["login", "signin", "session", "authenticate", "logon"]
        .iter()
        .any(|w| words.contains(w))
    {
        Some(Kind::SignIn)
    } else {
        None
    }
}

fn user_field(n: &str) -> bool {
    matches!(
        n.to_ascii_lowercase().as_str(),
        "username" | "user" | "user_name" | "login" | "email" | "userid" | "user_id"
    )
}

fn secret_field(n: &str) -> bool {
    matches!(
        n.to_ascii_lowercase().as_str(),
        "password" | "pass" | "passwd" | "pin" | "otp" | "code" | "totp"
    )
}

/// Where an operation takes its user name and secret.
enum Fields {
    Body(serde_json::Map<String, Value>),
    Query,
}

struct Target<'a> {
    op: &'a Operation,
    fields: Fields,
    user: Option<String>,
    secret: Option<String>,
}

impl Target<'_> {
    fn call(&self, user: Option<&str>, secret: &str) -> Call<'static> {
        match &self.fields {
            Fields::Body(example) => {
                let mut b = example.clone();
                if let (Some(f), Some(u)) = (&self.user, user) {
                    b.insert(f.clone(), Value::from(u));
                }
                if let Some(f) = &self.secret {
                    b.insert(f.clone(), Value::from(secret));
                }
                Call {
                    body: Some(Value::Object(b)),
                    ..Call::default()
                }
            }
            Fields::Query => {
                let mut set = Vec::new();
                if let (Some(f), Some(u)) = (&self.user, user) {
                    set.push((In::Query, f.clone(), u.to_string()));
                }
                if let Some(f) = &self.secret {
                    set.push((In::Query, f.clone(), secret.to_string()));
                }
                Call {
                    set,
                    ..Call::default()
                }
            }
        }
    }
}

fn target(op: &Operation) -> Option<Target<'_>> {
    let (fields, names): (Fields, Vec<String>) = match &op.body {
        Some(b) if b.content_type.contains("json") || b.content_type.contains("form") => {
            let Value::Object(m) = &b.example else {
                return None;
            };
            (Fields::Body(m.clone()), m.keys().cloned().collect())
        }
        _ => (
            Fields::Query,
            op.params
                .iter()
                .filter(|p| p.location == In::Query)
                .map(|p| p.name.clone())
                .collect(),
        ),
    };
    let user = names.iter().find(|n| user_field(n)).cloned();
    let secret = names.iter().find(|n| secret_field(n)).cloned();
    (user.is_some() || secret.is_some()).then_some(Target {
        op,
        fields,
        user,
        secret,
    })
}

/// Status, content type and body with the user name sent replaced: what an observer can
/// tell apart.
fn shape(ex: &Exchange, user: &str) -> Option<(u16, String, String)> {
    let r = ex.ok()?;
    let body = r.text();
    let body = if user.is_empty() {
        body.to_string()
    } else {
        body.replace(user, "{user}")
    };
    Some((r.status, r.content_type().to_string(), body))
}

const WRONG: &str = "tg-Wrong-passw0rd";
const UNKNOWN: [&str; 2] = ["tg-nouser-7f3a", "tg-nouser-c21e"];

pub(crate) fn probe(
    r: &Runner<'_>,
    op: &Operation,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let Some(kind) = kind(op) else { return };
    let Some(t) = target(op) else { return };
    let label = op.label();
    let may_write = op.is_safe() || r.opts.allow_unsafe_methods;
    // User enumeration.
    if t.user.is_some() && kind != Kind::Otp && may_write {
        match r.opts.known_user.as_deref() {
            None => unchecked.push(Unchecked {
                path: label.clone(),
                reason: "user enumeration: not tested, no known user name (--known-user)".into(),
            }),
            Some(known) => enumeration(r, &t, known, out, unchecked),
        }
    }
    // Missing rate limiting: a burst of wrong attempts.
    if t.secret.is_some() && kind != Kind::Reset {
        if !r.opts.allow_unsafe_methods {
            unchecked.push(Unchecked {
                path: label,
                reason: "missing rate limiting: not tested, the burst of wrong attempts needs --allow-unsafe-methods (it can lock the account)".into(),
            });
        } else {
            burst(r, &t, out, unchecked);
        }
    }
}

fn enumeration(
    r: &Runner<'_>,
    t: &Target<'_>,
    known: &str,
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let label = t.op.label();
    let mut shapes = Vec::new();
    let mut exchanges = Vec::new();
    for u in [UNKNOWN[0], UNKNOWN[1], known] {
        let Some(ex) = r.call(t.op, "user enumeration", &t.call(Some(u), WRONG), unchecked) else {
            return;
        };
        let Some(s) = shape(&ex, u) else { return };
        shapes.push(s);
        exchanges.push(ex);
    }
    if shapes[0] == shapes[1] && shapes[2] != shapes[0] {
        let how = if shapes[2].0 != shapes[0].0 {
            format!("HTTP {} against HTTP {}", shapes[2].0, shapes[0].0)
        } else {
            "a different body".to_string()
        };
        out.push(USER_ENUM.finding(
            &label,
            &exchanges[2],
            t.user.as_deref(),
            "",
            format!(
                "{label}: a known user name is answered with {how} for two unknown ones, which are answered alike"
            ),
        ));
    }
}

fn burst(r: &Runner<'_>, t: &Target<'_>, out: &mut Vec<Finding>, unchecked: &mut Vec<Unchecked>) {
    let label = t.op.label();
    let n = r.opts.login_attempts.clamp(2, MAX_ATTEMPTS);
    let user = r.opts.known_user.as_deref();
    let mut first = None;
    let mut last = None;
    for i in 0..n {
        let Some(ex) = r.call(
            t.op,
            &format!("rate limit attempt {}", i + 1),
            &t.call(user, WRONG),
            unchecked,
        ) else {
            return;
        };
        let Some(resp) = ex.ok() else { return };
        if resp.status == 429 || resp.status == 423 || resp.header("retry-after").is_some() {
            return;
        }
        let s = shape(&ex, user.unwrap_or(""));
        match &first {
            None => first = s,
            // Any change (a lockout message, a captcha) counts as a reaction.
            Some(f) if Some(f) != s.as_ref() => return,
            Some(_) => {}
        }
        last = Some(ex);
    }
    let (Some((status, _, _)), Some(ex)) = (first, last) else {
        return;
    };
    if (200..300).contains(&status) {
        // Wrong credentials accepted: not this rule's question.
        return;
    }
    out.push(NO_RATE_LIMIT.finding(
        &label,
        &ex,
        t.secret.as_deref(),
        "",
        format!(
            "{label}: {n} wrong attempts were all answered HTTP {status} alike, without 429, Retry-After or a lockout"
        ),
    ));
}

/// Most attempts a burst sends, whatever `--login-attempts` says.
pub const MAX_ATTEMPTS: usize = 100;
