//! `Cargo.lock`, versions 1 to 4. Version 1 keeps checksums in `[metadata]`; 3 and 4 keep
//! them per package. Workspace members have no `source`; their dependencies are the direct ones.

use super::{line_of, Package, ParseError};
use crate::ecosystem::Ecosystem;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<toml::Spanned<Pkg>>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Pkg {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

pub fn parse(text: &str) -> Result<Vec<Package>, ParseError> {
    let lock: Lock = toml::from_str(text).map_err(|e| ParseError {
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: format!(
            "not a valid Cargo.lock: {}",
            tollgate_core::redact::scrub(e.message())
        ),
    })?;
    // A dependency entry is "name", "name version" or "name version (source)".
    let dep_key = |d: &str| -> (String, Option<String>) {
        let mut it = d.split_whitespace();
        (
            it.next().unwrap_or("").to_string(),
            it.next().map(str::to_string),
        )
    };
    let versions_of: BTreeMap<&str, Vec<&str>> =
        lock.package.iter().fold(BTreeMap::new(), |mut m, p| {
            m.entry(p.get_ref().name.as_str())
                .or_default()
                .push(p.get_ref().version.as_str());
            m
        });
    let resolve = |d: &str| -> String {
        let (name, version) = dep_key(d);
        let v = version
            .or_else(|| {
                versions_of
                    .get(name.as_str())
                    .and_then(|v| v.first())
                    .map(|s| s.to_string())
            })
            .unwrap_or_default();
        format!("{name}@{v}")
    };
    let mut direct: BTreeSet<String> = BTreeSet::new();
    for p in &lock.package {
        let p = p.get_ref();
        if p.source.is_none() {
            direct.extend(p.dependencies.iter().map(|d| resolve(d)));
        }
    }
    let mut out = Vec::with_capacity(lock.package.len());
    // Packages come in file order: count newlines incrementally, not from the start each time.
    let (mut counted_to, mut line_at) = (0usize, 1u32);
    for sp in &lock.package {
        // Point at the `name = ` line of the table rather than its `[[package]]` header.
        let start = sp.span().start;
        let name_at = text[start..sp.span().end.min(text.len())]
            .find("name")
            .map_or(start, |i| start + i);
        if name_at >= counted_to {
            line_at += text.as_bytes()[counted_to..name_at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
        } else {
            line_at = line_of(text, name_at);
        }
        counted_to = name_at;
        let line = line_at;
        let p = sp.get_ref();
        if p.name.is_empty() || p.version.is_empty() {
            return Err(ParseError {
                line,
                message: "a package needs a name and a version".into(),
            });
        }
        let registry = p
            .source
            .as_deref()
            .is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"));
        let checksum = p.checksum.clone().or_else(|| {
            p.source.as_ref().and_then(|s| {
                lock.metadata
                    .get(&format!("checksum {} {} ({s})", p.name, p.version))
                    .cloned()
            })
        });
        let key = format!("{}@{}", p.name, p.version);
        out.push(Package {
            ecosystem: Ecosystem::CratesIo,
            name: p.name.clone(),
            version: p.version.clone(),
            line,
            direct: Some(p.source.is_none() || direct.contains(&key)),
            dev: None,
            checksum: checksum
                .filter(|c| c.len() == 64)
                .map(|c| format!("sha256:{c}")),
            registry,
            dependencies: p.dependencies.iter().map(|d| resolve(d)).collect(),
            license: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_packages_lines_and_direct_dependencies() {
        let text = "# generated\nversion = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.100\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\ndependencies = [\"itoa\"]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let p = parse(text).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(
            (p[1].name.as_str(), p[1].line, p[1].direct, p[1].registry),
            ("serde", 12, Some(true), true)
        );
        assert_eq!((p[2].name.as_str(), p[2].direct), ("itoa", Some(false)));
        assert!(!p[0].registry);
        assert_eq!(p[1].dependencies, vec!["itoa@1.0.0"]);
        assert_eq!(p[1].purl(), "pkg:cargo/serde@1.0.100");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[[package]]\nname = \"x\"\nversion = 1\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse("[[package]]\nname = \"x\"\n").unwrap_err();
        assert!(e.message.contains("version"), "{e}");
    }
}
