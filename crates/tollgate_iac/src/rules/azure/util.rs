//! Checks the Azure and GCP rules share: attributes renamed across provider versions,
//! provider defaults when an attribute is missing, resources that configure another one
//! by reference, port ranges and "anywhere" address ranges.

use crate::model::{Attr, Lookup, Resource, Value};
use crate::rule::{Context, Verdict, Violation};

/// The first spelling of an attribute that is present (providers rename attributes across
/// major versions: `enable_https_traffic_only` became `https_traffic_only_enabled`). A
/// `null` counts as missing: Terraform then uses the provider's default.
pub(crate) fn first_of<'a, 'p>(r: &'a Resource, paths: &[&'p str]) -> (&'p str, Lookup<'a>) {
    for p in paths {
        match r.get(p) {
            Lookup::Absent => continue,
            Lookup::Found(a) if matches!(a.value, Value::Null) => continue,
            l => return (p, l),
        }
    }
    (paths.first().copied().unwrap_or(""), Lookup::Absent)
}

fn not_readable(path: &str, what: &str) -> Verdict {
    Verdict::Unknown {
        path: path.to_string(),
        reason: format!("not a {what}"),
    }
}

/// A boolean that must be `want`. When missing, the provider's `default` decides, and the
/// message says so.
pub(crate) fn bool_is(
    r: &Resource,
    paths: &[&str],
    want: bool,
    default: bool,
    msg: &str,
) -> Verdict {
    let (path, l) = first_of(r, paths);
    Verdict::from_lookup(path, l, |a| match a {
        None if default == want => Verdict::Pass,
        None => Verdict::fail(Violation::missing(
            path,
            format!("{msg} (`{path}` is not set; the provider default is {default})"),
        )),
        Some(a) => match a.as_bool() {
            Some(b) if b == want => Verdict::Pass,
            Some(_) => Verdict::fail(Violation::at(a, path, msg)),
            None => not_readable(path, "boolean"),
        },
    })
}

/// A string that `ok` must accept (compared as written). When missing, `default` (the
/// provider's value, if it has one) is judged instead.
pub(crate) fn str_ok(
    r: &Resource,
    paths: &[&str],
    ok: impl Fn(&str) -> bool,
    default: Option<&str>,
    msg: &str,
) -> Verdict {
    let (path, l) = first_of(r, paths);
    Verdict::from_lookup(path, l, |a| match a {
        None => match default {
            Some(d) if ok(d) => Verdict::Pass,
            Some(d) => Verdict::fail(Violation::missing(
                path,
                format!("{msg} (`{path}` is not set; the provider default is `{d}`)"),
            )),
            None => Verdict::fail(Violation::missing(
                path,
                format!("{msg} (`{path}` is not set)"),
            )),
        },
        Some(a) => match a.as_str() {
            Some(s) if ok(s) => Verdict::Pass,
            Some(s) => Verdict::fail(Violation::at(a, path, format!("{msg} (`{path}` is `{s}`)"))),
            None => not_readable(path, "string"),
        },
    })
}

/// A number that `ok` must accept; `default` as for [`str_ok`].
pub(crate) fn num_ok(
    r: &Resource,
    paths: &[&str],
    ok: impl Fn(f64) -> bool,
    default: Option<f64>,
    msg: &str,
) -> Verdict {
    let (path, l) = first_of(r, paths);
    Verdict::from_lookup(path, l, |a| match a {
        None => match default {
            Some(d) if ok(d) => Verdict::Pass,
            Some(d) => Verdict::fail(Violation::missing(
                path,
                format!("{msg} (`{path}` is not set; the provider default is {d})"),
            )),
            None => Verdict::fail(Violation::missing(
                path,
                format!("{msg} (`{path}` is not set)"),
            )),
        },
        Some(a) => match a.as_f64() {
            Some(n) if ok(n) => Verdict::Pass,
            Some(n) => Verdict::fail(Violation::at(a, path, format!("{msg} (`{path}` is {n})"))),
            None => not_readable(path, "number"),
        },
    })
}

/// Whether an attribute is written at all (even with a value only known after apply):
/// for settings whose presence is what counts (`delegated_subnet_id`, a key id).
pub(crate) fn written(r: &Resource, path: &str) -> bool {
    match r.get(path) {
        Lookup::Absent => false,
        Lookup::Found(a) => crate::rule::check::is_set(a),
        Lookup::Unknown(_) => true,
    }
}

/// Resources of the given types that refer to `r` (its separate policy, rule or setting).
pub(crate) fn related<'a>(
    ctx: &'a Context<'_>,
    r: &'a Resource,
    types: &'a [&'a str],
) -> impl Iterator<Item = &'a Resource> + 'a {
    ctx.model
        .referring_to(&r.address)
        .filter(move |o| types.contains(&o.resource_type.as_str()))
}

/// Every known string of a value that is a string or a list of strings. `None` when any
/// part is unknown (the caller then does not decide on it).
pub(crate) fn strings(a: &Attr) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for x in a.items() {
        match &x.value {
            Value::String(s) => out.push(s.as_str()),
            Value::Unknown(_) => return None,
            _ => {}
        }
    }
    Some(out)
}

pub(crate) fn unknown(path: &str, reason: &str) -> Verdict {
    Verdict::Unknown {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

/// An address range that means "anyone on the internet".
pub(crate) fn is_anywhere(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "*" | "0.0.0.0/0" | "0.0.0.0" | "::/0" | "internet" | "any" | "0/0"
    )
}

/// Ports where an internet-reachable listener is an incident for a bank: remote
/// administration and databases.
pub(crate) const SENSITIVE_PORTS: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (3389, "RDP"),
    (5985, "WinRM"),
    (5986, "WinRM over TLS"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (27017, "MongoDB"),
];

/// The sensitive ports a port spec (`22`, `1000-2000`, `*`) opens. `None` when the spec
/// is not a port or a range (the caller treats that as not deciding).
pub(crate) fn sensitive_in(spec: &str) -> Option<Vec<u16>> {
    let s = spec.trim();
    let (lo, hi) = if s == "*" || s.is_empty() {
        (0u32, 65535u32)
    } else if let Some((a, b)) = s.split_once('-') {
        (a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else {
        let p: u32 = s.parse().ok()?;
        (p, p)
    };
    Some(
        SENSITIVE_PORTS
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| (lo..=hi).contains(&u32::from(*p)))
            .collect(),
    )
}

/// `22 (SSH), 3389 (RDP)`.
pub(crate) fn port_names(ports: &[u16]) -> String {
    let mut ports = ports.to_vec();
    ports.sort_unstable();
    ports.dedup();
    ports
        .iter()
        .map(|p| {
            let name = SENSITIVE_PORTS
                .iter()
                .find(|(q, _)| q == p)
                .map_or("", |(_, n)| n);
            format!("{p} ({name})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tags (Azure) or labels (GCP) `ctx.config.required_tags` asks for that `r` lacks
/// at `path`. Passes when nothing is configured.
pub(crate) fn required_keys(r: &Resource, ctx: &Context<'_>, path: &str, what: &str) -> Verdict {
    let wanted = &ctx.config.required_tags;
    if wanted.is_empty() {
        return Verdict::Pass;
    }
    Verdict::from_lookup(path, r.get(path), |a| {
        let have: Vec<&str> = match a.map(|a| &a.value) {
            // A key whose value is unknown is still present.
            Some(Value::Map(m)) => m.keys().map(String::as_str).collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return not_readable(path, "map"),
        };
        let missing: Vec<&str> = wanted
            .iter()
            .map(String::as_str)
            .filter(|w| !have.contains(w))
            .collect();
        if missing.is_empty() {
            return Verdict::Pass;
        }
        let msg = format!("required {what} missing: {}", missing.join(", "));
        Verdict::fail(match a {
            Some(a) => Violation::at(a, path, msg),
            None => Violation::missing(path, msg),
        })
    })
}
