//! CycloneDX bills of materials (JSON 1.4–1.6) as a scan of the dependency scanner.
//!
//! Every component (nested ones too) becomes part of the branch's inventory for the scan
//! and is matched against the server's advisory database with the dependency scanner's
//! own code, so a finding from a BOM has the rule id, severity and fingerprint that
//! `tollgate scan` gives the same package. The fingerprint includes the lockfile path:
//! a BOM written by `tollgate sbom` names each component's lockfile
//! (`tollgate:lockfile`), so its findings and a scan's of the same tree are one finding;
//! a component that names no lockfile is fingerprinted at [`BOM_PATH`].
//!
//! Fail closed: a component that cannot be checked (no purl, an ecosystem without
//! advisories, a version that does not parse, no database) is listed as unchecked and
//! keeps whatever findings its lockfile had; it never counts as clean.

use crate::ingest::{Incoming, IncomingFinding, IngestError};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tollgate_deps::{Ecosystem, Package};

/// Where findings of components that name no lockfile are placed.
pub const BOM_PATH: &str = "sbom";

/// Most components one BOM may carry (nested ones included).
pub const MAX_COMPONENTS: usize = 100_000;

/// Deepest nesting of `components` inside components.
pub const MAX_DEPTH: usize = 32;

/// One component of the inventory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Component {
    /// The purl as the BOM gives it (empty when it has none).
    pub purl: String,
    pub name: String,
    pub version: String,
    /// Licence ids or expressions, in the BOM's order.
    pub licenses: Vec<String>,
}

/// A component that could not be checked, and why.
fn unchecked(c: &Component, why: &str) -> String {
    let who = if c.purl.is_empty() {
        format!("{} {}", c.name, c.version).trim().to_string()
    } else {
        c.purl.clone()
    };
    format!("{who}: {why}")
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string()
}

fn licenses_of(v: &Value) -> Vec<String> {
    let Some(list) = v.get("licenses").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|l| {
            l.get("expression")
                .and_then(Value::as_str)
                .or_else(|| l.pointer("/license/id").and_then(Value::as_str))
                .or_else(|| l.pointer("/license/name").and_then(Value::as_str))
                .map(str::to_string)
        })
        .collect()
}

/// Whether the BOM says the component is not a registry release: `tollgate sbom`'s
/// `tollgate:registry = false`, or a purl naming its version control (`vcs_url`).
fn outside_registry(v: &Value) -> bool {
    let property = v
        .get("properties")
        .and_then(Value::as_array)
        .is_some_and(|ps| {
            ps.iter().any(|p| {
                p.get("name").and_then(Value::as_str) == Some("tollgate:registry")
                    && p.get("value").and_then(Value::as_str) == Some("false")
            })
        });
    let purl = text(v, "purl");
    let qualifiers = purl.split_once('?').map(|(_, q)| q).unwrap_or("");
    property
        || qualifiers
            .split(['&', '#'])
            .any(|q| q.starts_with("vcs_url="))
}

fn lockfiles_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .get("properties")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter(|p| p.get("name").and_then(Value::as_str) == Some("tollgate:lockfile"))
                .filter_map(|p| p.get("value").and_then(Value::as_str))
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(n) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(n);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `pkg:type/namespace/name@version?qualifiers#subpath` as (purl type, name the way the
/// advisory database names it, version). `None` when it is not a purl.
fn parse_purl(purl: &str) -> Option<(String, String, String)> {
    let rest = purl.strip_prefix("pkg:")?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let (kind, path) = rest.split_once('/')?;
    let path = path.trim_start_matches('/');
    let (path, version) = match path.rsplit_once('@') {
        Some((p, v)) => (p, percent_decode(v)),
        None => (path, String::new()),
    };
    let kind = kind.to_ascii_lowercase();
    let parts: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let name = match kind.as_str() {
        // Tollgate and OSV name Maven packages `group:artifact`.
        "maven" => parts.join(":"),
        _ => parts.join("/"),
    };
    Some((kind, name, version))
}

fn ecosystem_of(purl_type: &str) -> Option<Ecosystem> {
    Ecosystem::ALL
        .into_iter()
        .find(|e| e.purl_type() == purl_type)
}

/// A component with its lockfiles, its `bom-ref` and whether it is outside the registry.
type Walked = (Component, Vec<String>, String, bool);

/// Every component of the document with its lockfiles, depth first in document order.
fn walk(doc: &Value) -> Result<Vec<Walked>, IngestError> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, usize, String)> = Vec::new();
    if let Some(list) = doc.get("components") {
        stack.push((list, 0, "components".into()));
    }
    while let Some((list, depth, at)) = stack.pop() {
        let Some(items) = list.as_array() else {
            return Err(IngestError::Format(format!("{at} is not a list")));
        };
        if depth >= MAX_DEPTH {
            return Err(IngestError::Format(format!(
                "{at}: components nested deeper than {MAX_DEPTH} levels"
            )));
        }
        // Pushed in reverse so they are taken in document order.
        for (i, c) in items.iter().enumerate().rev() {
            if let Some(inner) = c.get("components") {
                stack.push((inner, depth + 1, format!("{at}[{i}].components")));
            }
        }
        for (i, c) in items.iter().enumerate() {
            if !c.is_object() {
                return Err(IngestError::Format(format!("{at}[{i}] is not an object")));
            }
            if out.len() >= MAX_COMPONENTS {
                return Err(IngestError::Format(format!(
                    "the BOM has more than {MAX_COMPONENTS} components"
                )));
            }
            out.push((
                Component {
                    purl: text(c, "purl"),
                    name: text(c, "name"),
                    version: text(c, "version"),
                    licenses: licenses_of(c),
                },
                lockfiles_of(c),
                text(c, "bom-ref"),
                outside_registry(c),
            ));
        }
    }
    Ok(out)
}

/// A CycloneDX JSON BOM as a scan of the `deps` scanner. `advisories` is the advisory
/// database; `None` (or one that will not open) leaves every component unchecked.
pub fn from_cyclonedx(bytes: &[u8], advisories: Option<&Path>) -> Result<Incoming, IngestError> {
    let doc: Value = serde_json::from_slice(bytes)?;
    if doc.get("bomFormat").and_then(Value::as_str) != Some("CycloneDX") {
        return Err(IngestError::Format(
            "not a CycloneDX BOM: `bomFormat` must be \"CycloneDX\"".into(),
        ));
    }
    let spec = text(&doc, "specVersion");
    if !matches!(spec.as_str(), "1.4" | "1.5" | "1.6") {
        return Err(IngestError::Format(format!(
            "CycloneDX specVersion {} is not supported (1.4, 1.5 or 1.6)",
            tollgate_core::redact::quote(&spec)
        )));
    }
    let components = walk(&doc)?;
    let tool = doc
        .pointer("/metadata/tools/components/0")
        .or_else(|| doc.pointer("/metadata/tools/0"))
        .map(|t| format!("{} {}", text(t, "name"), text(t, "version")))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "CycloneDX".into());
    let mut inc = Incoming {
        format: "cyclonedx".into(),
        tool: tollgate_dast::safe::text(&tool),
        started_at: doc
            .pointer("/metadata/timestamp")
            .and_then(Value::as_str)
            .and_then(tollgate_core::time::parse_rfc3339),
        ..Incoming::default()
    };
    inc.scanners.insert("deps".into());

    let store = match advisories.map(tollgate_deps::Store::open) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            eprintln!("tollgate serve: advisory database: {e}");
            None
        }
        None => None,
    };
    let mut inventory = BTreeSet::new();
    let mut by_path: BTreeMap<String, Vec<Package>> = BTreeMap::new();
    let mut unchecked_list = BTreeSet::new();
    let mut by_ref: BTreeMap<String, (Component, Vec<String>)> = BTreeMap::new();
    for (c, lockfiles, bom_ref, outside) in components {
        if !bom_ref.is_empty() {
            by_ref.insert(bom_ref, (c.clone(), lockfiles.clone()));
        }
        if outside {
            // As `tollgate scan`: a git or path dependency is not matched by version. It
            // is listed, but does not keep its lockfile's findings open (a scan would not).
            inventory.insert(c.clone());
            unchecked_list.insert(unchecked(
                &c,
                "not a registry release (git or path): advisories are not matched by version",
            ));
            continue;
        }
        inventory.insert(c.clone());
        let paths = if lockfiles.is_empty() {
            vec![BOM_PATH.to_string()]
        } else {
            lockfiles
        };
        let mut skip = |why: &str, inc: &mut Incoming| {
            unchecked_list.insert(unchecked(&c, why));
            for p in &paths {
                inc.unchecked.insert(("deps".into(), p.clone()));
            }
        };
        if c.purl.is_empty() {
            skip("no purl", &mut inc);
            continue;
        }
        let Some((kind, name, version)) = parse_purl(&c.purl) else {
            skip("the purl does not parse", &mut inc);
            continue;
        };
        let Some(eco) = ecosystem_of(&kind) else {
            skip(&format!("no advisories for purl type `{kind}`"), &mut inc);
            continue;
        };
        let version = if version.is_empty() {
            c.version.clone()
        } else {
            version
        };
        if version.is_empty() {
            skip("no version", &mut inc);
            continue;
        }
        if tollgate_deps::version::compare(eco, &version, &version).is_none() {
            skip(&format!("version does not parse as {eco}"), &mut inc);
            continue;
        }
        let Some(store) = &store else {
            skip("the server has no advisory database", &mut inc);
            continue;
        };
        if !store.has(eco) {
            skip(
                &format!("the advisory database has no {eco} advisories"),
                &mut inc,
            );
            continue;
        }
        let pkg = Package {
            ecosystem: eco,
            name: eco.normalise(&name),
            version,
            line: 0,
            direct: None,
            dev: None,
            checksum: None,
            registry: true,
            dependencies: Vec::new(),
            license: (!c.licenses.is_empty()).then(|| c.licenses.join(" AND ")),
        };
        for p in paths {
            by_path.entry(p).or_default().push(pkg.clone());
        }
    }
    if let Some(store) = store {
        let scanner = tollgate_deps::DepsScanner::new(tollgate_deps::Mode::Check(store));
        let mapper = tollgate_compliance::Mapper::new();
        for (path, pkgs) in &by_path {
            let (found, err) = scanner.check(path, pkgs);
            if let Some(e) = err {
                // A damaged database: what it could not answer stays unchecked.
                inc.unchecked.insert(("deps".into(), path.clone()));
                unchecked_list.insert(format!("{path}: the advisory database failed: {e}"));
            }
            for mut f in found {
                f.controls = mapper.controls_for(&f.cwe, &f.tags);
                inc.findings.push(IncomingFinding::of(f)?);
            }
        }
    }
    let tool = inc.tool.clone();
    vulnerabilities(&doc, &by_ref, &tool, &mut inc)?;
    inc.findings
        .sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    inc.components = inventory.into_iter().collect();
    inc.unchecked_components = unchecked_list.into_iter().collect();
    Ok(inc)
}

/// Whether `s` looks like an advisory id: letters, digits and `-_.:`, at most 128.
fn advisory_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Most entries of `vulnerabilities` one BOM may carry.
pub const MAX_VULNERABILITIES: usize = 100_000;

fn severity_of(v: &Value) -> tollgate_core::Severity {
    use tollgate_core::Severity;
    let ratings = v.get("ratings").and_then(Value::as_array);
    let named = ratings.into_iter().flatten().find_map(|r| {
        match r.get("severity").and_then(Value::as_str)? {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            "info" | "none" => Some(Severity::Info),
            _ => None,
        }
    });
    let scored = || {
        ratings
            .into_iter()
            .flatten()
            .find_map(|r| r.get("score").and_then(Value::as_f64))
            .map(tollgate_deps::cvss::severity)
    };
    // As the dependency scanner: an advisory without a severity counts as high.
    named.or_else(scored).unwrap_or(Severity::High)
}

/// A BOM's `vulnerabilities` (a VDR or VEX from another tool): each affected component is
/// a `deps/vulnerable-package` finding fingerprinted as the dependency scanner would for
/// that advisory id, and each `analysis.state` a VEX statement of the BOM's tool.
fn vulnerabilities(
    doc: &Value,
    by_ref: &BTreeMap<String, (Component, Vec<String>)>,
    tool: &str,
    inc: &mut Incoming,
) -> Result<(), IngestError> {
    let Some(list) = doc.get("vulnerabilities") else {
        return Ok(());
    };
    let list = list
        .as_array()
        .ok_or_else(|| IngestError::Format("vulnerabilities is not a list".into()))?;
    if list.len() > MAX_VULNERABILITIES {
        return Err(IngestError::Format(format!(
            "the BOM has more than {MAX_VULNERABILITIES} vulnerabilities"
        )));
    }
    let rules = tollgate_deps::scanner::rules();
    let meta = rules
        .iter()
        .find(|r| r.slug() == tollgate_deps::scanner::VULNERABLE)
        .ok_or_else(|| IngestError::Format("the dependency rule is missing".into()))?;
    let mapper = tollgate_compliance::Mapper::new();
    let bom_time = inc.started_at;
    for (i, v) in list.iter().enumerate() {
        let id = text(v, "id");
        if id.is_empty() {
            return Err(IngestError::Format(format!(
                "vulnerabilities[{i}] has no id"
            )));
        }
        // Advisory ids are short words (`CVE-2021-44228`, `GHSA-…`): anything else is
        // refused rather than echoed (the redactor would mistake some ids for secrets).
        if !advisory_id(&id) {
            return Err(IngestError::Format(format!(
                "vulnerabilities[{i}].id is not an advisory id"
            )));
        }
        let refs: Vec<String> = v
            .get("affects")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|x| text(x, "ref")).collect())
            .unwrap_or_default();
        let aliases: Vec<String> = v
            .get("references")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|x| text(x, "id"))
                    .filter(|x| advisory_id(x) && *x != id)
                    .collect()
            })
            .unwrap_or_default();
        let severity = severity_of(v);
        let summary = tollgate_dast::safe::text(&text(v, "description"));
        let analysis = v.get("analysis");
        for r in refs {
            let Some((c, lockfiles)) = by_ref.get(&r) else {
                continue;
            };
            let Some((kind, name, version)) = parse_purl(&c.purl) else {
                continue;
            };
            let Some(eco) = ecosystem_of(&kind) else {
                continue;
            };
            let version = if version.is_empty() {
                c.version.clone()
            } else {
                version
            };
            let paths = if lockfiles.is_empty() {
                vec![BOM_PATH.to_string()]
            } else {
                lockfiles.clone()
            };
            let name = eco.normalise(&name);
            for path in paths {
                let mut f = tollgate_core::Finding::of_rule(
                    meta,
                    tollgate_core::Location::line(&path, 0)
                        .with_snippet(format!("{name} {version}")),
                    tollgate_core::fingerprint::fingerprint(
                        meta.id.as_str(),
                        &path,
                        format!("{name}@{version} {id}").as_bytes(),
                    ),
                );
                f.severity = severity;
                f.tags.push(eco.purl_type().into());
                f.message = if summary.is_empty() {
                    format!("{name} {version}: {id} (reported by {tool})")
                } else {
                    format!("{name} {version}: {id} — {summary} (reported by {tool})")
                };
                f.subject = Some(tollgate_core::Subject::Package(
                    tollgate_core::PackageSubject {
                        ecosystem: eco.to_string(),
                        name: name.clone(),
                        version: version.clone(),
                        purl: c.purl.clone(),
                        advisory: Some(id.clone()),
                        aliases: aliases.clone(),
                        ..Default::default()
                    },
                ));
                f.controls = mapper.controls_for(&f.cwe, &f.tags);
                inc.findings.push(IncomingFinding::of(f)?);
            }
            if let Some(a) = analysis {
                let state = text(a, "state");
                let status = match state.as_str() {
                    "" => continue,
                    "not_affected" | "false_positive" => "not_affected",
                    "resolved" | "resolved_with_pedigree" => "fixed",
                    "exploitable" => "affected",
                    _ => "under_investigation",
                };
                let issued_at = ["lastUpdated", "firstIssued"]
                    .iter()
                    .find_map(|k| a.get(*k).and_then(Value::as_str))
                    .and_then(tollgate_core::time::parse_rfc3339)
                    .or(bom_time)
                    .unwrap_or(0);
                let opt = |k: &str| {
                    a.get(k)
                        .and_then(Value::as_str)
                        .map(tollgate_dast::safe::text)
                };
                inc.vex.push(crate::vex::Statement {
                    index: i,
                    vulnerability: id.clone(),
                    purl: c.purl.clone(),
                    status: status.into(),
                    justification: opt("justification"),
                    detail: opt("detail"),
                    author: format!("cyclonedx:{tool}"),
                    issued_at,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_name_packages_the_way_advisories_do() {
        assert_eq!(
            parse_purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"),
            Some((
                "maven".into(),
                "org.apache.logging.log4j:log4j-core".into(),
                "2.14.1".into()
            ))
        );
        assert_eq!(
            parse_purl("pkg:npm/%40babel/core@7.0.0"),
            Some(("npm".into(), "@babel/core".into(), "7.0.0".into()))
        );
        assert_eq!(
            parse_purl("pkg:golang/golang.org/x/net@v0.1.0#sub"),
            Some(("golang".into(), "golang.org/x/net".into(), "v0.1.0".into()))
        );
        assert_eq!(parse_purl("pkg:cargo"), None);
        assert_eq!(parse_purl("cargo/x@1"), None);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
    }
}
