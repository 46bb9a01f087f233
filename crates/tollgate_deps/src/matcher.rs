//! OSV matching, exactly as the specification defines it: `introduced`, `fixed`,
//! `last_affected` and `limit` events per range, explicit `versions` lists, several ranges
//! per advisory; advisories that are aliases of each other reported once.

use crate::ecosystem::Ecosystem;
use crate::osv::Range;
use crate::store::Advisory;
use crate::version::compare;
use std::cmp::Ordering;

/// An advisory that applies to an installed version.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub advisory: Advisory,
    /// Other ids of the same vulnerability (aliases and merged advisories), sorted.
    pub aliases: Vec<String>,
    /// The lowest fixed version above the installed one, if any.
    pub fixed: Option<String>,
}

fn lt(eco: Ecosystem, a: &str, b: &str) -> Option<bool> {
    Some(compare(eco, a, b)? == Ordering::Less)
}

/// The version an event names, whichever kind it is.
fn event_version(e: &crate::osv::Event) -> &str {
    [&e.introduced, &e.fixed, &e.last_affected, &e.limit]
        .into_iter()
        .find_map(|v| v.as_deref())
        .unwrap_or_default()
}

/// Whether `version` is in `range`. `None` when a version does not parse.
pub fn in_range(eco: Ecosystem, version: &str, range: &Range) -> Option<bool> {
    if range.kind != "SEMVER" && range.kind != "ECOSYSTEM" {
        return Some(false);
    }
    // An installed version that does not parse matches nothing.
    compare(eco, version, version)?;
    // Events sorted by version; "0" as introduced means from the very first version.
    let mut events: Vec<&crate::osv::Event> = range.events.iter().collect();
    let mut bad = false;
    events.sort_by(|a, b| {
        let (ka, kb) = (event_version(a), event_version(b));
        if ka == "0" {
            return if kb == "0" {
                Ordering::Equal
            } else {
                Ordering::Less
            };
        }
        if kb == "0" {
            return Ordering::Greater;
        }
        compare(eco, ka, kb).unwrap_or_else(|| {
            bad = true;
            Ordering::Equal
        })
    });
    if bad {
        return None;
    }
    let mut affected = false;
    for e in events {
        if let Some(i) = &e.introduced {
            if i == "0" || !lt(eco, version, i)? {
                affected = true;
            }
        } else if let Some(f) = &e.fixed {
            if !lt(eco, version, f)? {
                affected = false;
            }
        } else if let Some(l) = &e.last_affected {
            if lt(eco, l, version)? {
                affected = false;
            }
        } else if let Some(l) = &e.limit {
            if !lt(eco, version, l)? {
                affected = false;
            }
        }
    }
    Some(affected)
}

/// Whether an advisory applies to `version`.
pub fn affects(eco: Ecosystem, version: &str, adv: &Advisory) -> bool {
    adv.versions.iter().any(|v| v == version)
        || adv
            .ranges
            .iter()
            .any(|r| in_range(eco, version, r) == Some(true))
}

fn lowest_fix(eco: Ecosystem, version: &str, adv: &Advisory) -> Option<String> {
    adv.ranges
        .iter()
        .flat_map(|r| r.events.iter().filter_map(|e| e.fixed.clone()))
        .filter(|f| lt(eco, version, f) == Some(true))
        .min_by(|a, b| compare(eco, a, b).unwrap_or(Ordering::Equal))
}

/// All advisories that apply to `version`, aliases merged into one hit each.
pub fn hits(eco: Ecosystem, version: &str, advisories: Vec<Advisory>) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    for adv in advisories.into_iter().filter(|a| affects(eco, version, a)) {
        let fixed = lowest_fix(eco, version, &adv);
        let ids: Vec<String> = std::iter::once(adv.id.clone())
            .chain(adv.aliases.iter().cloned())
            .collect();
        // Same vulnerability: one names the other (sharing a third alias is not enough:
        // RustSec files an "unsound" and an "unmaintained" notice under the same CVE).
        let same = |h: &Hit| {
            h.advisory.informational == adv.informational
                && (adv.aliases.contains(&h.advisory.id)
                    || h.advisory.aliases.contains(&adv.id)
                    || h.aliases.contains(&adv.id))
        };
        if let Some(h) = out.iter_mut().find(|h| same(h)) {
            for i in ids {
                if i != h.advisory.id && !h.aliases.contains(&i) {
                    h.aliases.push(i);
                }
            }
            h.aliases.sort();
            if h.fixed.is_none() {
                h.fixed = fixed;
            }
            continue;
        }
        let mut aliases = adv.aliases.clone();
        aliases.sort();
        out.push(Hit {
            advisory: adv,
            aliases,
            fixed,
        });
    }
    out.sort_by(|a, b| a.advisory.id.cmp(&b.advisory.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osv::Event;

    fn ev(kind: &str, v: &str) -> Event {
        let mut e = Event {
            introduced: None,
            fixed: None,
            last_affected: None,
            limit: None,
        };
        match kind {
            "i" => e.introduced = Some(v.into()),
            "f" => e.fixed = Some(v.into()),
            "l" => e.last_affected = Some(v.into()),
            _ => e.limit = Some(v.into()),
        }
        e
    }

    fn adv(ranges: Vec<Vec<Event>>, versions: &[&str]) -> Advisory {
        Advisory {
            id: "RUSTSEC-0".into(),
            aliases: vec![],
            summary: String::new(),
            cvss_v3: None,
            cvss_v4: None,
            informational: None,
            ranges: ranges
                .into_iter()
                .map(|events| Range {
                    kind: "SEMVER".into(),
                    events,
                })
                .collect(),
            versions: versions.iter().map(|s| s.to_string()).collect(),
            url: None,
        }
    }

    #[test]
    fn osv_event_semantics() {
        let e = Ecosystem::CratesIo;
        let a = adv(vec![vec![ev("i", "0.0.0-0"), ev("f", "0.4.20")]], &[]);
        assert!(
            affects(e, "0.4.19", &a) && affects(e, "0.1.0", &a) && affects(e, "0.4.20-rc.1", &a)
        );
        assert!(!affects(e, "0.4.20", &a) && !affects(e, "1.0.0", &a));
        // Two ranges: 1.0.0 ≤ v < 1.2.3 and 2.0.0 ≤ v < 2.1.0
        let a = adv(
            vec![
                vec![ev("i", "1.0.0"), ev("f", "1.2.3")],
                vec![ev("i", "2.0.0"), ev("f", "2.1.0")],
            ],
            &[],
        );
        assert!(
            !affects(e, "0.9.0", &a)
                && affects(e, "1.2.2", &a)
                && !affects(e, "1.5.0", &a)
                && affects(e, "2.0.5", &a)
        );
        assert_eq!(lowest_fix(e, "1.0.0", &a).as_deref(), Some("1.2.3"));
        assert_eq!(lowest_fix(e, "2.0.0", &a).as_deref(), Some("2.1.0"));
        // last_affected is inclusive, limit exclusive.
        let a = adv(vec![vec![ev("i", "0"), ev("l", "1.4.0")]], &[]);
        assert!(affects(e, "1.4.0", &a) && !affects(e, "1.4.1", &a));
        let a = adv(vec![vec![ev("i", "0"), ev("x", "2.0.0")]], &[]);
        assert!(affects(e, "1.9.9", &a) && !affects(e, "2.0.0", &a));
        // Events out of order in the record are sorted first.
        let a = adv(vec![vec![ev("f", "1.5.0"), ev("i", "1.0.0")]], &[]);
        assert!(affects(e, "1.2.0", &a) && !affects(e, "1.5.0", &a) && !affects(e, "0.5.0", &a));
        // Explicit versions list.
        let a = adv(vec![], &["3.1.4"]);
        assert!(affects(e, "3.1.4", &a) && !affects(e, "3.1.5", &a));
        // Unparseable versions never match a range.
        let a = adv(vec![vec![ev("i", "0")]], &[]);
        assert!(!affects(e, "not-a-version", &a));
    }

    #[test]
    fn aliases_merge_into_one_hit() {
        let e = Ecosystem::CratesIo;
        let mut a = adv(vec![vec![ev("i", "0"), ev("f", "1.0.0")]], &[]);
        a.id = "RUSTSEC-2021-0001".into();
        a.aliases = vec!["CVE-2021-1".into(), "GHSA-xxxx".into()];
        let mut b = a.clone();
        b.id = "GHSA-xxxx".into();
        b.aliases = vec!["CVE-2021-1".into()];
        let h = hits(e, "0.5.0", vec![a, b]);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].aliases, vec!["CVE-2021-1", "GHSA-xxxx"]);
        assert_eq!(h[0].fixed.as_deref(), Some("1.0.0"));
        // Sharing only a CVE, or differing in kind, keeps them apart.
        let mut c = adv(vec![vec![ev("i", "0")]], &[]);
        c.id = "RUSTSEC-2021-0002".into();
        c.aliases = vec!["CVE-2021-1".into()];
        c.informational = Some("unmaintained".into());
        let h = hits(e, "0.5.0", vec![h[0].advisory.clone(), c]);
        assert_eq!(h.len(), 2);
    }
}
