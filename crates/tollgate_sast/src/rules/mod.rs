//! The code rules, by family. Each family writes one rule per language it covers, with
//! the APIs it knows and the fixtures it is tested on.

mod crypto;
mod data;
mod finance;
mod injection;
mod nosql;
mod web;

use crate::flow::{CallSite, Fact};
use crate::rule::Rule;

/// Every rule, sorted by id.
pub fn all() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(injection::rules());
    v.extend(data::rules());
    v.extend(nosql::rules());
    v.extend(crypto::rules());
    v.extend(web::rules());
    v.extend(finance::rules());
    v.sort_by(|a, b| a.id().as_str().cmp(b.id().as_str()));
    v
}

/// The `i`-th positional argument as written.
pub(crate) fn arg_expr<'a>(s: &'a CallSite<'_>, i: usize) -> Option<&'a crate::model::Expr> {
    s.call
        .args
        .iter()
        .filter(|a| a.name.is_none())
        .nth(i)
        .map(|a| &a.value)
}

/// Whether the receiver's name or type suggests one of `hints` (case-insensitive).
pub(crate) fn receiver_like(site: &CallSite<'_>, hints: &[&str]) -> bool {
    let name = site
        .call
        .receiver()
        .and_then(|r| r.chain())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let ty = site
        .recv
        .as_ref()
        .and_then(|r| r.ty.clone())
        .unwrap_or_default()
        .to_ascii_lowercase();
    hints.iter().any(|h| name.contains(h) || ty.contains(h))
}

/// The string value of a fact, upper-cased, when it is known.
pub(crate) fn upper(f: Option<&Fact>) -> Option<String> {
    f.and_then(Fact::str).map(|s| s.to_ascii_uppercase())
}

/// Whether a keyword argument (or an entry of an options object) is the constant `b`.
pub(crate) fn kw_is(site: &CallSite<'_>, name: &str, b: bool) -> bool {
    site.kwarg(name).and_then(|f| f.val.as_bool()) == Some(b)
}

/// An options object among the arguments with `key` set to the constant `b`.
pub(crate) fn option_is(site: &CallSite<'_>, key: &str, b: bool) -> bool {
    site.args.iter().any(|a| match &a.elems {
        Some(crate::flow::Elems::Map(m)) => m.get(key).and_then(|f| f.val.as_bool()) == Some(b),
        _ => false,
    })
}

/// An options object's entry, if the object is among the arguments.
pub(crate) fn option<'s>(site: &'s CallSite<'_>, key: &str) -> Option<&'s Fact> {
    site.args.iter().find_map(|a| match &a.elems {
        Some(crate::flow::Elems::Map(m)) => m.get(key),
        _ => None,
    })
}

/// The words of an identifier, lower-cased: `rememberMeKey` → remember, me, key;
/// `reset_code` → reset, code.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a name reads like a credential, token or identifier people must not guess.
pub(crate) fn security_name(name: &str) -> bool {
    let w = words(name);
    let has = |x: &str| w.iter().any(|y| y == x);
    const ALONE: &[&str] = &[
        "token",
        "tokens",
        "secret",
        "password",
        "passwd",
        "pwd",
        "otp",
        "totp",
        "nonce",
        "salt",
        "pin",
        "key",
        "iv",
        "csrf",
        "xsrf",
        "apikey",
        "passcode",
        "passphrase",
    ];
    ALONE.iter().any(|x| has(x))
        || has("session") && (has("id") || has("key"))
        || has("code")
            && [
                "reset",
                "auth",
                "verification",
                "verify",
                "confirmation",
                "otp",
                "mfa",
                "login",
            ]
            .iter()
            .any(|x| has(x))
}

#[cfg(test)]
mod tests;
