//! Lockfiles of the other ecosystems, read line by line (their formats are line-oriented or
//! small JSON): `Gemfile.lock`, `gradle.lockfile`, `composer.lock`, NuGet
//! `packages.lock.json`, `yarn.lock` (classic and berry), `pnpm-lock.yaml` (5.x, 6.0, 9.0)
//! and `bun.lock`.

use super::{Package, ParseError};
use crate::ecosystem::Ecosystem;
use serde_json::Value;

fn pkg(eco: Ecosystem, name: &str, version: &str, line: u32) -> Package {
    Package {
        ecosystem: eco,
        name: name.to_string(),
        version: version.to_string(),
        line,
        direct: None,
        dev: None,
        checksum: None,
        registry: true,
        dependencies: Vec::new(),
        license: None,
    }
}

/// 1-based line of the first occurrence of `needle` at or after byte `from`.
fn line_of_text(text: &str, needle: &str, from: usize) -> (u32, usize) {
    match text[from.min(text.len())..].find(needle) {
        Some(i) => (super::line_of(text, from + i), from + i + needle.len()),
        None => (1, from),
    }
}

/// `Gemfile.lock`: specs of the `GEM` section (`    name (version)`); platform suffixes
/// such as `-x86_64-linux` are not part of the version.
pub fn gemfile_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out = Vec::new();
    let mut section = "";
    let mut direct: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.is_empty() {
            section = line.trim();
            continue;
        }
        if section == "DEPENDENCIES" {
            if let Some(n) = line.split_whitespace().next() {
                direct.push(n.trim_end_matches('!').to_string());
            }
        }
        if section != "GEM" || !line.starts_with("    ") || line.starts_with("     ") {
            continue;
        }
        let t = line.trim();
        let Some((name, rest)) = t.split_once(" (") else {
            continue;
        };
        let version = rest.trim_end_matches(')');
        if version.is_empty() {
            return Err(ParseError {
                line: i as u32 + 1,
                message: format!("gem '{name}' has no version"),
            });
        }
        out.push(pkg(
            Ecosystem::RubyGems,
            name,
            crate::version::ruby::strip_platform(version),
            i as u32 + 1,
        ));
    }
    for p in &mut out {
        p.direct = Some(direct.contains(&p.name));
    }
    Ok(out)
}

/// `gradle.lockfile`: `group:artifact:version=configurations`.
pub fn gradle_lockfile(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("empty=") {
            continue;
        }
        let coords = t.split('=').next().unwrap_or(t);
        let parts: Vec<&str> = coords.split(':').collect();
        if parts.len() != 3 {
            return Err(ParseError {
                line: i as u32 + 1,
                message: format!("'{coords}' is not group:artifact:version"),
            });
        }
        let mut p = pkg(
            Ecosystem::Maven,
            &format!("{}:{}", parts[0], parts[1]),
            parts[2],
            i as u32 + 1,
        );
        let confs = t.split_once('=').map(|(_, c)| c).unwrap_or("");
        p.dev = Some(!confs.split(',').any(|c| {
            c.to_ascii_lowercase().contains("runtime")
                || c.to_ascii_lowercase().contains("compileclasspath")
                    && !c.to_ascii_lowercase().contains("test")
        }));
        out.push(p);
    }
    Ok(out)
}

fn json(text: &str) -> Result<Value, ParseError> {
    serde_json::from_str(text).map_err(|e| ParseError {
        line: e.line() as u32,
        message: format!("not valid JSON: {e}"),
    })
}

/// `composer.lock`: `packages` and `packages-dev`.
pub fn composer_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = json(text)?;
    let mut out = Vec::new();
    let mut cursor = 0;
    for (section, dev) in [("packages", false), ("packages-dev", true)] {
        for p in doc
            .get(section)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(version)) = (
                p.get("name").and_then(Value::as_str),
                p.get("version").and_then(Value::as_str),
            ) else {
                continue;
            };
            let (line, next) = line_of_text(text, &format!("\"{name}\""), cursor);
            cursor = next;
            let mut k = pkg(
                Ecosystem::Packagist,
                name,
                version.trim_start_matches('v'),
                line,
            );
            k.dev = Some(dev);
            k.license = p
                .get("license")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" OR ")
                })
                .filter(|l| !l.is_empty());
            out.push(k);
        }
    }
    Ok(out)
}

/// NuGet `packages.lock.json`: per target framework, `Direct` and `Transitive` packages.
pub fn nuget_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = json(text)?;
    let mut out: Vec<Package> = Vec::new();
    for (_framework, deps) in doc
        .get("dependencies")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (name, d) in deps.as_object().into_iter().flatten() {
            let Some(version) = d.get("resolved").and_then(Value::as_str) else {
                continue;
            };
            if d.get("type").and_then(Value::as_str) == Some("Project")
                || out.iter().any(|p| p.name == *name && p.version == version)
            {
                continue;
            }
            let (line, _) = line_of_text(text, &format!("\"{name}\""), 0);
            let mut k = pkg(Ecosystem::NuGet, name, version, line);
            k.direct = Some(d.get("type").and_then(Value::as_str) == Some("Direct"));
            k.checksum = d.get("contentHash").and_then(Value::as_str).and_then(|h| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(h)
                    .ok()
                    .map(|b| format!("sha512:{}", tollgate_core::fingerprint::hex(&b)))
            });
            out.push(k);
        }
    }
    Ok(out)
}

/// Name of an npm specifier: `@scope/name@^1.0.0` → `@scope/name`, `name@npm:^1` → `name`.
fn spec_name(spec: &str) -> &str {
    let s = spec.trim().trim_matches('"');
    match s[1.min(s.len())..].find('@') {
        Some(i) => &s[..i + 1],
        None => s,
    }
}

/// `yarn.lock`, classic (v1) and berry (YAML-like, `__metadata`).
pub fn yarn_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out = Vec::new();
    let mut current: Option<(String, u32, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            let header = line.trim_end_matches(':');
            let first = header.split(", ").next().unwrap_or(header);
            let name = spec_name(first).to_string();
            let local = header.contains("@workspace:")
                || header.contains("@link:")
                || header.contains("@file:")
                || header.contains("@portal:");
            current = (!header.starts_with("__metadata")).then_some((name, i as u32 + 1, !local));
            continue;
        }
        let t = line.trim();
        if let Some((name, at, registry)) = &current {
            let version = t
                .strip_prefix("version ")
                .or_else(|| t.strip_prefix("version: "))
                .map(|v| v.trim().trim_matches('"'));
            if let Some(v) = version {
                if line.starts_with("  ") && !line.starts_with("    ") {
                    let mut k = pkg(Ecosystem::Npm, name, v, *at);
                    k.registry = *registry && !v.contains(':');
                    out.push(k);
                }
            }
        }
    }
    Ok(out)
}

/// `pnpm-lock.yaml`: keys of the top-level `packages:` map — `/name/1.0.0` (5.x),
/// `/name@1.0.0` (6.0), `name@1.0.0` (9.0); peer suffixes `(…)` / `_…` dropped.
pub fn pnpm_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out: Vec<Package> = Vec::new();
    let mut in_packages = false;
    let mut last: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            in_packages = line.trim_end() == "packages:";
            last = None;
            continue;
        }
        if !in_packages {
            continue;
        }
        if line.starts_with("  ") && !line.starts_with("   ") && line.trim_end().ends_with(':') {
            let key = line.trim().trim_end_matches(':').trim_matches(['\'', '"']);
            let key = key.strip_prefix('/').unwrap_or(key);
            let key = key.split('(').next().unwrap_or(key);
            let (name, version) = if let Some(i) = key[1.min(key.len())..].find('@') {
                (&key[..i + 1], &key[i + 2..])
            } else if let Some(i) = key.rfind('/') {
                (&key[..i], &key[i + 1..])
            } else {
                return Err(ParseError {
                    line: i as u32 + 1,
                    message: format!("cannot read package key '{key}'"),
                });
            };
            let version = version.split('_').next().unwrap_or(version);
            out.push(pkg(Ecosystem::Npm, name, version, i as u32 + 1));
            last = Some(out.len() - 1);
        } else if let (Some(l), true) = (last, line.trim() == "dev: true") {
            out[l].dev = Some(true);
        }
    }
    Ok(out)
}

/// `bun.lock` (JSON with trailing commas): `packages` maps a name to `["name@version", …]`.
pub fn bun_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    // Remove trailing commas before `}` or `]` (JSONC), keeping line breaks.
    let mut clean = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut in_str = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' && (i == 0 || b[i - 1] != b'\\') {
            in_str = !in_str;
        }
        if c == b',' && !in_str {
            let next = b[i + 1..].iter().find(|x| !x.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                clean.push(' ');
                continue;
            }
        }
        clean.push(c as char);
    }
    let doc = json(&clean)?;
    let mut out = Vec::new();
    for (key, v) in doc
        .get("packages")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(spec) = v.get(0).and_then(Value::as_str) else {
            continue;
        };
        let name = spec_name(spec);
        let version = &spec[name.len() + 1.min(spec.len() - name.len())..];
        let (line, _) = line_of_text(text, &format!("\"{key}\""), 0);
        let mut k = pkg(Ecosystem::Npm, name, version, line);
        k.registry = !version.contains(':');
        out.push(k);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_oriented_formats() {
        let gem = "GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.14.1-x86_64-linux)\n      racc (~> 1.4)\n    rexml (3.2.5)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  rexml\n";
        let p = gemfile_lock(gem).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.direct))
                .collect::<Vec<_>>(),
            vec![
                ("nokogiri", "1.14.1", 4, Some(false)),
                ("rexml", "3.2.5", 6, Some(true))
            ]
        );
        let g = "# comment\ncom.fasterxml.jackson.core:jackson-databind:2.13.0=compileClasspath,runtimeClasspath\njunit:junit:4.13.2=testCompileClasspath\nempty=annotationProcessor\n";
        let p = gradle_lockfile(g).unwrap();
        assert_eq!(
            (p[0].name.as_str(), p[0].line, p[0].dev, p[1].dev),
            (
                "com.fasterxml.jackson.core:jackson-databind",
                2,
                Some(false),
                Some(true)
            )
        );
        assert_eq!(gradle_lockfile("a:b\n").unwrap_err().line, 1);
        let y1 = "# yarn lockfile v1\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n  version \"7.10.4\"\n  dependencies:\n    \"@babel/highlight\" \"^7.10.4\"\n\nlodash@^4.17.0:\n  version \"4.17.20\"\n";
        let p = yarn_lock(y1).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
                .collect::<Vec<_>>(),
            vec![("@babel/code-frame", "7.10.4", 3), ("lodash", "4.17.20", 8)]
        );
        let berry = "__metadata:\n  version: 6\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n\n\"lodash@npm:^4.17.0\":\n  version: 4.17.21\n  resolution: \"lodash@npm:4.17.21\"\n";
        let p = yarn_lock(berry).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.version.as_str(), p.registry))
                .collect::<Vec<_>>(),
            vec![
                ("app", "0.0.0-use.local", false),
                ("lodash", "4.17.21", true)
            ]
        );
        for (text, want) in [
            ("lockfileVersion: 5.4\npackages:\n  /lodash/4.17.20:\n    dev: true\n  /@types/node/18.0.0_abc:\n    dev: false\n", vec![("lodash", "4.17.20"), ("@types/node", "18.0.0")]),
            ("lockfileVersion: '6.0'\npackages:\n  /lodash@4.17.20:\n    dev: false\n  /@s/p@1.0.0(react@18.0.0):\n    dev: false\n", vec![("lodash", "4.17.20"), ("@s/p", "1.0.0")]),
            ("lockfileVersion: '9.0'\npackages:\n  lodash@4.17.21:\n    resolution: {integrity: sha512-x}\n  '@s/p@1.0.0':\n    resolution: {}\nsnapshots:\n  lodash@4.17.21: {}\n", vec![("lodash", "4.17.21"), ("@s/p", "1.0.0")]),
        ] {
            let p = pnpm_lock(text).unwrap();
            assert_eq!(p.iter().map(|p| (p.name.as_str(), p.version.as_str())).collect::<Vec<_>>(), want, "{text}");
        }
        let bun = "{\n  \"lockfileVersion\": 0,\n  \"packages\": {\n    \"lodash\": [\"lodash@4.17.21\", \"\", {}, \"sha512-x\"],\n    \"@s/p\": [\"@s/p@1.0.0\", \"\", {},],\n  },\n}\n";
        let p = bun_lock(bun).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
                .collect::<Vec<_>>(),
            vec![("@s/p", "1.0.0", 5), ("lodash", "4.17.21", 4)]
        );
    }

    #[test]
    fn json_formats() {
        let c = "{\n  \"packages\": [\n    {\"name\": \"guzzlehttp/guzzle\", \"version\": \"7.4.0\", \"license\": [\"MIT\"]}\n  ],\n  \"packages-dev\": [\n    {\"name\": \"phpunit/phpunit\", \"version\": \"v9.5.0\"}\n  ]\n}\n";
        let p = composer_lock(c).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.dev))
                .collect::<Vec<_>>(),
            vec![
                ("guzzlehttp/guzzle", "7.4.0", 3, Some(false)),
                ("phpunit/phpunit", "9.5.0", 6, Some(true))
            ]
        );
        let n = "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net6.0\": {\n      \"Newtonsoft.Json\": {\"type\": \"Direct\", \"resolved\": \"12.0.1\"},\n      \"System.Text.Json\": {\"type\": \"Transitive\", \"resolved\": \"6.0.0\"}\n    }\n  }\n}\n";
        let p = nuget_lock(n).unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.name.as_str(), p.line, p.direct))
                .collect::<Vec<_>>(),
            vec![
                ("Newtonsoft.Json", 5, Some(true)),
                ("System.Text.Json", 6, Some(false))
            ]
        );
    }
}
