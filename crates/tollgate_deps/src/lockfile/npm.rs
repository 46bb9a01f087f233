//! `package-lock.json` (lockfileVersion 1, 2 and 3) and `npm-shrinkwrap.json`. Versions 2
//! and 3 list every installed package under `packages` by its `node_modules/` path; version
//! 1 nests `dependencies`. Direct dependencies are the root's, installed at the top level.

use super::json_lines::key_lines;
use super::{Package, ParseError};
use crate::ecosystem::Ecosystem;
use base64::Engine as _;
use serde_json::Value;
use std::collections::BTreeSet;

const SEP: &str = "\u{1}";

fn checksum(integrity: Option<&str>) -> Option<String> {
    // "sha512-<base64>": keep the strongest hash as alg:hex.
    let best = integrity?
        .split_whitespace()
        .filter_map(|h| h.split_once('-'))
        .max_by_key(|(alg, _)| match *alg {
            "sha512" => 3,
            "sha384" => 2,
            "sha256" => 1,
            _ => 0,
        })?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(best.1)
        .ok()?;
    Some(format!(
        "{}:{}",
        best.0,
        tollgate_core::fingerprint::hex(&bytes)
    ))
}

fn registry_version(v: &str) -> bool {
    // Git, file, link and URL "versions" are not registry releases.
    !v.contains(':') && !v.contains('/')
}

pub fn parse(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ParseError {
        line: e.line() as u32,
        message: format!(
            "not valid JSON: {}",
            tollgate_core::redact::scrub(&e.to_string())
        ),
    })?;
    let version = doc
        .get("lockfileVersion")
        .and_then(Value::as_u64)
        .ok_or_else(|| ParseError {
            line: 1,
            message: "no lockfileVersion: not an npm lockfile".into(),
        })?;
    let lines = key_lines(text, |p| p == "packages" || p == "dependencies");
    let mut out = Vec::new();
    if let Some(packages) = doc
        .get("packages")
        .and_then(Value::as_object)
        .filter(|_| version >= 2)
    {
        let root = packages.get("").cloned().unwrap_or(Value::Null);
        let mut direct: BTreeSet<String> = BTreeSet::new();
        for k in [
            "dependencies",
            "devDependencies",
            "optionalDependencies",
            "peerDependencies",
        ] {
            if let Some(m) = root.get(k).and_then(Value::as_object) {
                direct.extend(m.keys().cloned());
            }
        }
        for (path, p) in packages {
            let Some(idx) = path.rfind("node_modules/") else {
                continue;
            }; // the root and workspace folders
            if p.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&path[idx + "node_modules/".len()..])
                .to_string();
            let Some(ver) = p.get("version").and_then(Value::as_str) else {
                continue;
            };
            let line = lines
                .get(&format!("packages{SEP}{path}"))
                .copied()
                .unwrap_or(1);
            let top = !path[..idx].contains("node_modules/") && idx == 0;
            out.push(Package {
                ecosystem: Ecosystem::Npm,
                name: name.clone(),
                version: ver.to_string(),
                line,
                direct: Some(top && direct.contains(&name)),
                dev: Some(
                    p.get("dev").and_then(Value::as_bool) == Some(true)
                        || p.get("devOptional").and_then(Value::as_bool) == Some(true),
                ),
                checksum: checksum(p.get("integrity").and_then(Value::as_str)),
                registry: registry_version(ver)
                    && p.get("resolved")
                        .and_then(Value::as_str)
                        .is_none_or(|r| r.starts_with("http")),
                dependencies: p
                    .get("dependencies")
                    .and_then(Value::as_object)
                    .map(|m| m.keys().map(|k| format!("{k}@")).collect())
                    .unwrap_or_default(),
                license: p.get("license").and_then(Value::as_str).map(str::to_string),
            });
        }
    } else if let Some(deps) = doc.get("dependencies").and_then(Value::as_object) {
        fn walk(
            deps: &serde_json::Map<String, Value>,
            prefix: &str,
            lines: &std::collections::HashMap<String, u32>,
            out: &mut Vec<Package>,
        ) {
            for (name, d) in deps {
                let key = format!("{prefix}{SEP}{name}");
                if let Some(ver) = d.get("version").and_then(Value::as_str) {
                    out.push(Package {
                        ecosystem: Ecosystem::Npm,
                        name: name.clone(),
                        version: ver.to_string(),
                        line: lines.get(&key).copied().unwrap_or(1),
                        direct: None,
                        dev: Some(d.get("dev").and_then(Value::as_bool) == Some(true)),
                        checksum: checksum(d.get("integrity").and_then(Value::as_str)),
                        registry: registry_version(ver),
                        dependencies: d
                            .get("requires")
                            .and_then(Value::as_object)
                            .map(|m| m.keys().map(|k| format!("{k}@")).collect())
                            .unwrap_or_default(),
                        license: None,
                    });
                }
                if let Some(nested) = d.get("dependencies").and_then(Value::as_object) {
                    walk(nested, &format!("{key}{SEP}dependencies"), lines, out);
                }
            }
        }
        walk(deps, "dependencies", &lines, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_and_v1() {
        let v3 = "{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"web\", \"dependencies\": {\"lodash\": \"^4.17.0\"}},\n    \"node_modules/lodash\": {\n      \"version\": \"4.17.20\",\n      \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz\",\n      \"integrity\": \"sha512-AA==\",\n      \"license\": \"MIT\"\n    },\n    \"node_modules/a/node_modules/lodash\": {\"version\": \"3.0.0\", \"dev\": true}\n  }\n}\n";
        let p = parse(v3).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            (
                p[0].name.as_str(),
                p[0].version.as_str(),
                p[0].line,
                p[0].direct,
                p[0].license.as_deref()
            ),
            ("lodash", "3.0.0", 12, Some(false), None)
        );
        assert_eq!(
            (
                p[1].line,
                p[1].direct,
                p[1].checksum.as_deref(),
                p[1].license.as_deref()
            ),
            (6, Some(true), Some("sha512:00"), Some("MIT"))
        );
        assert_eq!(p[0].dev, Some(true));
        let v1 = "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\n    \"minimist\": {\n      \"version\": \"0.0.8\",\n      \"dependencies\": {\n        \"x\": {\"version\": \"git+https://github.com/a/x.git\"}\n      }\n    }\n  }\n}\n";
        let p = parse(v1).unwrap();
        assert_eq!(
            (p[0].name.as_str(), p[0].line, p[0].registry),
            ("minimist", 4, true)
        );
        assert_eq!(
            (p[1].name.as_str(), p[1].line, p[1].registry),
            ("x", 7, false)
        );
        assert_eq!(
            parse("{\"name\": 1}").unwrap_err().message,
            "no lockfileVersion: not an npm lockfile"
        );
        assert_eq!(parse("{\n\n  oops\n}").unwrap_err().line, 3);
    }
}
