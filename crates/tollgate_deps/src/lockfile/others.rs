//! Lockfiles of the other ecosystems, read line by line (their formats are line-oriented or
//! small JSON): `Gemfile.lock`, `gradle.lockfile`, `composer.lock`, NuGet
//! `packages.lock.json`, `yarn.lock` (classic and berry), `pnpm-lock.yaml` (5.x, 6.0, 9.0)
//! and `bun.lock`.

use super::json_lines::key_lines;
use super::{Package, ParseError};
use crate::ecosystem::Ecosystem;
use serde_json::Value;
use tollgate_core::redact::{quote, scrub};

fn err(line: usize, message: String) -> ParseError {
    ParseError {
        line: line as u32 + 1,
        message,
    }
}

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
                message: format!("gem {} has no version", quote(name)),
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
                message: format!("{} is not group:artifact:version", quote(coords)),
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
        message: format!("not valid JSON: {}", scrub(&e.to_string())),
    })
}

/// A JSON document whose top level must be an object (every JSON lockfile's is).
fn json_object(text: &str, what: &str) -> Result<Value, ParseError> {
    let doc = json(text)?;
    if !doc.is_object() {
        return Err(err(
            0,
            format!("the top level is not an object: not a {what}"),
        ));
    }
    Ok(doc)
}

/// `composer.lock`: `packages` and `packages-dev`.
pub fn composer_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = json_object(text, "composer.lock")?;
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
    let doc = json_object(text, "packages.lock.json")?;
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

/// An npm specifier split at the `@` after its name: `@scope/name@^1.0.0` →
/// (`@scope/name`, `^1.0.0`), `name@npm:^1` → (`name`, `npm:^1`); no `@`: the whole.
fn split_spec(spec: &str) -> (&str, Option<&str>) {
    let s = spec.trim().trim_matches('"');
    // A scope's leading `@` is part of the name (and one byte: the slice below is sound).
    let from = usize::from(s.starts_with('@'));
    match s[from..].find('@') {
        Some(i) => (&s[..from + i], Some(&s[from + i + 1..])),
        None => (s, None),
    }
}

/// `yarn.lock`, classic (v1) and berry (YAML-like, `__metadata`). Every entry is a header
/// `specifiers:` at the margin and indented fields, among them its version.
pub fn yarn_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    struct Entry {
        name: String,
        line: usize,
        registry: bool,
        version: Option<String>,
    }
    let finish = |e: Option<Entry>, out: &mut Vec<Package>| -> Result<(), ParseError> {
        let Some(e) = e else { return Ok(()) };
        let Some(v) = e.version else {
            return Err(err(
                e.line,
                format!("entry {} has no version", quote(&e.name)),
            ));
        };
        let mut k = pkg(Ecosystem::Npm, &e.name, &v, e.line as u32 + 1);
        k.registry = e.registry && !v.contains(':');
        out.push(k);
        Ok(())
    };
    let mut out = Vec::new();
    let mut current: Option<Entry> = None;
    let mut in_metadata = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            finish(current.take(), &mut out)?;
            let Some(header) = line.trim_end().strip_suffix(':') else {
                return Err(err(
                    i,
                    "not a yarn.lock entry (expected a header `name@range:`)".into(),
                ));
            };
            in_metadata = header.starts_with("__metadata");
            if in_metadata {
                continue;
            }
            let first = header.split(", ").next().unwrap_or(header);
            let (name, _) = split_spec(first);
            let local = ["@workspace:", "@link:", "@file:", "@portal:"]
                .iter()
                .any(|m| header.contains(m));
            current = Some(Entry {
                name: name.to_string(),
                line: i,
                registry: !local,
                version: None,
            });
            continue;
        }
        let Some(entry) = current.as_mut() else {
            if in_metadata {
                continue;
            }
            return Err(err(
                i,
                "an indented line outside any entry: not a yarn.lock".into(),
            ));
        };
        // Only the entry's own fields (two spaces), not those of its dependency lists.
        if line.starts_with("  ") && !line.starts_with("   ") {
            let t = line.trim();
            let version = t
                .strip_prefix("version ")
                .or_else(|| t.strip_prefix("version: "))
                .map(|v| v.trim().trim_matches('"'));
            if let Some(v) = version {
                entry.version = Some(v.to_string());
            }
        }
    }
    finish(current, &mut out)?;
    Ok(out)
}

/// `pnpm-lock.yaml`: keys of the top-level `packages:` map — `/name/1.0.0` (5.x),
/// `/name@1.0.0` (6.0), `name@1.0.0` (9.0); peer suffixes `(…)` / `_…` dropped. The file
/// starts with `lockfileVersion`, and every line at the margin is a YAML key.
pub fn pnpm_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out: Vec<Package> = Vec::new();
    let mut in_packages = false;
    let mut saw_version = false;
    let mut last: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            if t == "---" {
                continue;
            }
            let key = t.split_once(':').map(|(k, _)| k.trim());
            let is_key = key.is_some_and(|k| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || "_-.'\"".contains(c))
            });
            if !is_key {
                return Err(err(
                    i,
                    "not a YAML key at the margin: not a pnpm-lock.yaml".into(),
                ));
            }
            if !saw_version && key != Some("lockfileVersion") {
                return Err(err(
                    i,
                    "does not start with lockfileVersion: not a pnpm-lock.yaml".into(),
                ));
            }
            saw_version = true;
            in_packages = t == "packages:";
            last = None;
            continue;
        }
        if !saw_version {
            return Err(err(
                i,
                "does not start with lockfileVersion: not a pnpm-lock.yaml".into(),
            ));
        }
        if !in_packages {
            continue;
        }
        if line.starts_with("  ") && !line.starts_with("   ") && line.trim_end().ends_with(':') {
            let key = t.trim_end_matches(':').trim_matches(['\'', '"']);
            let key = key.strip_prefix('/').unwrap_or(key);
            let key = key.split('(').next().unwrap_or(key);
            let (name, version) = match split_spec(key) {
                (name, Some(version)) => (name, version),
                _ => match key.rfind('/') {
                    Some(at) => (&key[..at], &key[at + 1..]),
                    None => ("", ""),
                },
            };
            let version = version.split('_').next().unwrap_or(version);
            if name.is_empty() || version.is_empty() {
                return Err(err(i, format!("cannot read package key {}", quote(key))));
            }
            out.push(pkg(Ecosystem::Npm, name, version, i as u32 + 1));
            last = Some(out.len() - 1);
        } else if let (Some(l), true) = (last, t == "dev: true") {
            out[l].dev = Some(true);
        }
    }
    Ok(out)
}

/// JSON with trailing commas (JSONC as bun writes it) made plain JSON: each comma before a
/// `}` or `]`, outside strings, becomes a space, so lines and columns stay where they were.
fn without_trailing_commas(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let (mut in_str, mut escaped) = (false, false);
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
        } else if c == b'"' {
            in_str = true;
        } else if c == b',' {
            let next = b[i + 1..].iter().find(|x| !x.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                out[i] = b' ';
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still the same valid UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `bun.lock` (JSON with trailing commas): `packages` maps a name to `["name@version", …]`.
pub fn bun_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = json_object(&without_trailing_commas(text), "bun.lock")?;
    if doc.get("lockfileVersion").is_none() {
        return Err(err(0, "no lockfileVersion: not a bun.lock".into()));
    }
    let lines = key_lines(text, |p| p == "packages");
    let line_of = |key: &str| {
        lines
            .get(&format!("packages\u{1}{key}"))
            .copied()
            .unwrap_or(1)
    };
    let packages = match doc.get("packages") {
        None => return Ok(Vec::new()),
        Some(Value::Object(m)) => m,
        Some(_) => {
            let (line, _) = line_of_text(text, "\"packages\"", 0);
            return Err(ParseError {
                line,
                message: "packages is not an object: not a bun.lock".into(),
            });
        }
    };
    let mut out = Vec::new();
    for (key, v) in packages {
        let line = line_of(key);
        let spec = v.get(0).and_then(Value::as_str).unwrap_or("");
        let (name, version) = split_spec(spec);
        let Some(version) = version.filter(|v| !name.is_empty() && !v.is_empty()) else {
            return Err(ParseError {
                line,
                message: format!("package {} is not [\"name@version\", …]", quote(key)),
            });
        };
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
