//! Authorisation with two or more identities: objects one identity owns requested by
//! another (broken object-level authorisation), and admin operations called by identities
//! that are not administrators (broken function-level authorisation).
//!
//! Who owns what is learned from the API itself: the collection operation (`GET /accounts`
//! for `GET /accounts/{id}`) lists what each identity sees; an object that one identity's
//! list holds and the other's does not is the other's to be refused. With
//! `--allow-unsafe-methods` and no list operation, the owner creates one (`POST /accounts`).

use crate::identity::Identity;
use crate::openapi::{In, Operation};
use crate::rule::Rule;
use crate::run::{Call, Runner};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use tollgate_core::{Confidence, Finding, Severity, Unchecked};

pub const BOLA: Rule = Rule {
    slug: "broken-object-level-authorization",
    title: "One identity reads another identity's object (BOLA)",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[639, 285],
    tags: &["authorisation", "owasp-api1", "bola"],
    what: "An object that one identity's listing holds, and another identity's listing does not, was returned to that other identity when it asked for the object by its id.",
    why: "Broken object-level authorisation is the first risk of the OWASP API Security Top 10: in a bank it means reading or acting on other customers' accounts, statements and payments by changing a number in the URL.",
    fix: "Check on every request that the caller may access the object named by the id (owner, mandate, delegation), in one authorisation layer, not in each handler; prefer unguessable ids as defence in depth only.",
    references: &["OWASP API Security Top 10 2023, API1", "CWE-639"],
};

pub const BFLA: Rule = Rule {
    slug: "broken-function-level-authorization",
    title: "Admin operation answers a non-admin identity",
    severity: Severity::High,
    confidence: Confidence::Medium,
    cwe: &[285, 269],
    tags: &["authorisation", "owasp-api5"],
    what: "An operation meant for administrators (tagged admin, under an /admin path, or needing an admin scope) answered 2xx to an identity not declared an administrator (`--admin-identity`).",
    why: "Customers or clerks who reach administrative functions change limits, unlock accounts, read all customers' data or approve their own payments, breaking segregation of duties that SOX and PSD2 require.",
    fix: "Enforce roles or scopes on every administrative operation in a central authorisation layer; deny by default.",
    references: &["OWASP API Security Top 10 2023, API5", "CWE-285"],
};

pub fn rules() -> Vec<&'static Rule> {
    vec![&BOLA, &BFLA]
}

/// Ids in a listing answer: the `key` (or `id`) of each object in the top-level array, or
/// in the first array-valued property of a top-level object.
fn ids_in(body: &[u8], key: &str) -> BTreeSet<String> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return BTreeSet::new();
    };
    let items = match &v {
        Value::Array(a) => a.as_slice(),
        Value::Object(m) => m
            .values()
            .find_map(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
        _ => &[],
    };
    items
        .iter()
        .take(1000)
        .filter_map(|i| i.get(key).or_else(|| i.get("id")))
        .filter(|v| v.is_string() || v.is_number())
        .map(crate::example::wire)
        .collect()
}

fn collection_of(path: &str) -> Option<(&str, &str)> {
    let (parent, last) = path.rsplit_once('/')?;
    let name = last.strip_prefix('{')?.strip_suffix('}')?;
    (!parent.is_empty()).then_some((parent, name))
}

pub(crate) fn run(
    r: &Runner<'_>,
    ops: &[Operation],
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let ids = &r.opts.identities;
    function_level(r, ops, ids, out, unchecked);
    let items: Vec<&Operation> = ops
        .iter()
        .filter(|o| o.method == "GET")
        .filter(|o| {
            o.params.iter().filter(|p| p.location == In::Path).count() == 1
                && collection_of(&o.path).is_some()
        })
        .collect();
    if items.is_empty() {
        return;
    }
    if ids.len() < 2 {
        for op in items {
            unchecked.push(Unchecked {
                path: op.label(),
                reason: "object-level authorisation (BOLA) not tested: it needs two identities (--auth NAME=... twice)".into(),
            });
        }
        return;
    }
    let mut listings: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for op in items {
        let Some((parent, key)) = collection_of(&op.path) else {
            continue;
        };
        let list = ops.iter().find(|o| o.method == "GET" && o.path == parent);
        let create = ops.iter().find(|o| o.method == "POST" && o.path == parent);
        let label = op.label();
        let mut owned = |who: &Identity, unchecked: &mut Vec<Unchecked>| -> BTreeSet<String> {
            let k = (parent.to_string(), who.name.clone());
            if let Some(s) = listings.get(&k) {
                return s.clone();
            }
            let mut found = BTreeSet::new();
            if let Some(l) = list {
                if let Some(ex) = r.call(
                    l,
                    &format!("list as {}", who.name),
                    &Call {
                        identity: Some(Some(who)),
                        ..Call::default()
                    },
                    unchecked,
                ) {
                    if let Some(resp) = ex.ok().filter(|x| x.is_success()) {
                        found = ids_in(&resp.body, key);
                    }
                }
            } else if let (Some(c), true) = (create, r.opts.allow_unsafe_methods) {
                if let Some(ex) = r.call(
                    c,
                    &format!("create as {}", who.name),
                    &Call {
                        identity: Some(Some(who)),
                        ..Call::default()
                    },
                    unchecked,
                ) {
                    if let Some(resp) = ex.ok().filter(|x| x.is_success()) {
                        let wrapped = format!("[{}]", resp.text());
                        found = ids_in(wrapped.as_bytes(), key);
                    }
                }
            }
            listings.insert(k, found.clone());
            found
        };
        if list.is_none() && !(create.is_some() && r.opts.allow_unsafe_methods) {
            unchecked.push(Unchecked {
                path: label.clone(),
                reason: format!(
                    "object-level authorisation (BOLA) not tested: no GET {parent} lists the objects{}",
                    if create.is_some() {
                        " (POST could create one with --allow-unsafe-methods)"
                    } else {
                        ""
                    }
                ),
            });
            continue;
        }
        let mut tested = false;
        for owner in ids {
            let mine = owned(owner, unchecked);
            for other in ids.iter().filter(|o| o.name != owner.name) {
                let theirs = owned(other, unchecked);
                let Some(object) = mine.difference(&theirs).next().cloned() else {
                    continue;
                };
                tested = true;
                let set = vec![(In::Path, key.to_string(), object.clone())];
                let as_owner = r.call(
                    op,
                    &format!("object {object} as owner {}", owner.name),
                    &Call {
                        set: set.clone(),
                        identity: Some(Some(owner)),
                        ..Call::default()
                    },
                    unchecked,
                );
                if !as_owner
                    .as_ref()
                    .and_then(|e| e.ok())
                    .is_some_and(|x| x.is_success())
                {
                    continue;
                }
                let Some(ex) = r.call(
                    op,
                    &format!("object {object} of {} as {}", owner.name, other.name),
                    &Call {
                        set,
                        identity: Some(Some(other)),
                        ..Call::default()
                    },
                    unchecked,
                ) else {
                    continue;
                };
                if ex.ok().is_some_and(|x| x.is_success()) {
                    out.push(BOLA.finding(
                        &label,
                        &ex,
                        Some(key),
                        &format!("{} {}", owner.name, other.name),
                        format!(
                            "{label}: {} read object {key}={object}, which belongs to {} (listed for {}, not for {}); HTTP {}",
                            other.name,
                            owner.name,
                            owner.name,
                            other.name,
                            ex.ok().map_or(0, |x| x.status)
                        ),
                    ));
                }
            }
        }
        if !tested {
            unchecked.push(Unchecked {
                path: label,
                reason: "object-level authorisation (BOLA) not tested: no object was found that one identity sees and another does not".into(),
            });
        }
    }
}

fn function_level(
    r: &Runner<'_>,
    ops: &[Operation],
    ids: &[Identity],
    out: &mut Vec<Finding>,
    unchecked: &mut Vec<Unchecked>,
) {
    let admin_ops: Vec<&Operation> = ops
        .iter()
        .filter(|o| o.is_admin() && (o.is_safe() || r.opts.allow_unsafe_methods))
        .collect();
    let users: Vec<&Identity> = ids.iter().filter(|i| !i.admin).collect();
    for op in admin_ops {
        if users.is_empty() {
            unchecked.push(Unchecked {
                path: op.label(),
                reason: "function-level authorisation not tested: no non-admin identity (--auth)"
                    .into(),
            });
            continue;
        }
        let label = op.label();
        for u in &users {
            let Some(ex) = r.call(
                op,
                &format!("admin operation as {}", u.name),
                &Call {
                    identity: Some(Some(u)),
                    ..Call::default()
                },
                unchecked,
            ) else {
                continue;
            };
            if ex.ok().is_some_and(|x| x.is_success()) {
                out.push(BFLA.finding(
                    &label,
                    &ex,
                    None,
                    &u.name,
                    format!(
                        "{label} is an admin operation ({}) and answered HTTP {} to {}, who is not an admin identity",
                        why_admin(op),
                        ex.ok().map_or(0, |x| x.status),
                        u.name
                    ),
                ));
            }
        }
    }
}

fn why_admin(op: &Operation) -> String {
    if op
        .tags
        .iter()
        .any(|t| t.to_ascii_lowercase().contains("admin"))
    {
        "tagged admin".into()
    } else if op.path.split('/').any(|s| s.eq_ignore_ascii_case("admin")) {
        "under /admin".into()
    } else {
        "needs an admin scope".into()
    }
}
