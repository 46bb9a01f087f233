//! `pom.xml`: direct dependencies with `${property}` interpolation (own and parent
//! properties, `project.*`), versions from `dependencyManagement`, and a parent POM in the
//! same repository (`relativePath`, default `../pom.xml`). Versions that cannot be resolved
//! (an imported BOM, a parent outside the repository) are reported with an empty version.

use super::{Package, ParseError};
use crate::ecosystem::Ecosystem;
use std::collections::BTreeMap;
use std::path::Path;

/// One element: its tag path and text, with the line where it starts.
struct Element {
    path: String,
    text: String,
    line: u32,
}

/// A deliberately small XML reader: elements with their path and text; comments,
/// declarations and CDATA skipped. Enough for POMs, which use no attributes that matter.
fn elements(xml: &str) -> Result<Vec<Element>, ParseError> {
    let b = xml.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<(String, usize, u32)> = Vec::new(); // (name, text start, line)
    let (mut i, mut line) = (0usize, 1u32);
    while i < b.len() {
        if b[i] == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &xml[i..];
        let skip_to = |end: &str| rest.find(end).map(|p| p + end.len());
        let consumed = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            skip_to(">")
        } else {
            let close = rest.find('>').ok_or_else(|| ParseError {
                line,
                message: "unterminated tag".into(),
            })?;
            let inner = &rest[1..close];
            if let Some(name) = inner.strip_prefix('/') {
                let name = name.trim();
                let (open, text_start, open_line) = stack.pop().ok_or_else(|| ParseError {
                    line,
                    message: format!("closing tag </{name}> without an opening one"),
                })?;
                if open != name {
                    return Err(ParseError {
                        line,
                        message: format!("</{name}> closes <{open}>"),
                    });
                }
                let mut path: Vec<&str> = stack.iter().map(|(n, _, _)| n.as_str()).collect();
                path.push(name);
                out.push(Element {
                    path: path.join("/"),
                    text: xml[text_start..i].trim().to_string(),
                    line: open_line,
                });
            } else if !inner.ends_with('/') {
                let name = inner.split_whitespace().next().unwrap_or("").to_string();
                stack.push((name, i + close + 1, line));
            }
            Some(close + 1)
        };
        let n = consumed.ok_or_else(|| ParseError {
            line,
            message: "unterminated comment or declaration".into(),
        })?;
        line += rest[..n].bytes().filter(|&c| c == b'\n').count() as u32;
        i += n;
    }
    if let Some((name, _, l)) = stack.pop() {
        return Err(ParseError {
            line: l,
            message: format!("<{name}> is never closed"),
        });
    }
    Ok(out)
}

/// A `<dependency>` as written.
struct Dep {
    group: String,
    artifact: String,
    version: Option<String>,
    scope: Option<String>,
    line: u32,
}

#[derive(Default)]
struct Pom {
    props: BTreeMap<String, String>,
    managed: BTreeMap<String, String>,
    deps: Vec<Dep>,
    parent: Option<(String, String, String, String)>, // group, artifact, version, relativePath
}

fn read(xml: &str) -> Result<Pom, ParseError> {
    let els = elements(xml)?;
    let mut pom = Pom::default();
    let mut cur: BTreeMap<&str, String> = BTreeMap::new();
    let mut parent: BTreeMap<&str, String> = BTreeMap::new();
    for e in &els {
        let p = e.path.as_str();
        if let Some(k) = p.strip_prefix("project/properties/") {
            pom.props.insert(k.to_string(), e.text.clone());
        }
        for (prefix, key) in [
            ("project/groupId", "project.groupId"),
            ("project/artifactId", "project.artifactId"),
            ("project/version", "project.version"),
        ] {
            if p == prefix {
                pom.props.insert(key.to_string(), e.text.clone());
            }
        }
        if let Some(k) = p.strip_prefix("project/parent/") {
            parent.insert(k.split('/').next().unwrap_or(k), e.text.clone());
        }
        let (dep_scope, base) =
            if p.starts_with("project/dependencyManagement/dependencies/dependency") {
                (true, "project/dependencyManagement/dependencies/dependency")
            } else if p.starts_with("project/dependencies/dependency") {
                (false, "project/dependencies/dependency")
            } else {
                continue;
            };
        if let Some(field) = p.strip_prefix(base).and_then(|f| f.strip_prefix('/')) {
            if !field.contains('/') {
                cur.insert(
                    match field {
                        "groupId" => "groupId",
                        "artifactId" => "artifactId",
                        "version" => "version",
                        "scope" => "scope",
                        _ => "other",
                    },
                    e.text.clone(),
                );
            }
        } else if p == base {
            let g = cur.remove("groupId").unwrap_or_default();
            let a = cur.remove("artifactId").unwrap_or_default();
            let v = cur.remove("version");
            let s = cur.remove("scope");
            cur.clear();
            if dep_scope {
                if let Some(v) = v {
                    pom.managed.insert(format!("{g}:{a}"), v);
                }
            } else {
                pom.deps.push(Dep {
                    group: g,
                    artifact: a,
                    version: v,
                    scope: s,
                    line: e.line,
                });
            }
        }
    }
    if let (Some(g), Some(a), Some(v)) = (
        parent.get("groupId"),
        parent.get("artifactId"),
        parent.get("version"),
    ) {
        pom.parent = Some((
            g.clone(),
            a.clone(),
            v.clone(),
            parent
                .get("relativePath")
                .cloned()
                .unwrap_or_else(|| "../pom.xml".into()),
        ));
        pom.props
            .entry("project.parent.version".into())
            .or_insert_with(|| v.clone());
        pom.props
            .entry("project.version".into())
            .or_insert_with(|| v.clone());
        pom.props
            .entry("project.groupId".into())
            .or_insert_with(|| g.clone());
    }
    Ok(pom)
}

fn interpolate(v: &str, props: &BTreeMap<String, String>) -> Option<String> {
    let mut s = v.to_string();
    for _ in 0..8 {
        let Some(start) = s.find("${") else {
            return Some(s);
        };
        let end = s[start..].find('}')? + start;
        let key = &s[start + 2..end];
        let val = props
            .get(key)
            .or_else(|| props.get(key.strip_prefix("pom.").unwrap_or(key)))?
            .clone();
        s.replace_range(start..=end, &val);
    }
    None
}

/// Parse a POM; `dir` is its directory on disk, for a parent POM in the repository.
pub fn parse(text: &str, dir: Option<&Path>) -> Result<Vec<Package>, ParseError> {
    let mut pom = read(text)?;
    // Parent chain within the repository: properties and managed versions flow down.
    let mut next = pom.parent.clone().zip(dir.map(Path::to_path_buf));
    for _ in 0..5 {
        let Some(((_, _, _, rel), d)) = next.take() else {
            break;
        };
        let path = d.join(&rel);
        let path = if path.is_dir() {
            path.join("pom.xml")
        } else {
            path
        };
        let Ok(ptext) = std::fs::read_to_string(&path) else {
            break;
        };
        let Ok(parent) = read(&ptext) else { break };
        for (k, v) in parent.props {
            pom.props.entry(k).or_insert(v);
        }
        for (k, v) in parent.managed {
            pom.managed.entry(k).or_insert(v);
        }
        next = parent
            .parent
            .clone()
            .zip(path.parent().map(Path::to_path_buf));
    }
    let mut out = Vec::new();
    for Dep {
        group: g,
        artifact: a,
        version: v,
        scope,
        line,
    } in &pom.deps
    {
        let g = interpolate(g, &pom.props).unwrap_or_else(|| g.clone());
        let a = interpolate(a, &pom.props).unwrap_or_else(|| a.clone());
        let name = format!("{g}:{a}");
        let version = v
            .clone()
            .or_else(|| pom.managed.get(&name).cloned())
            .and_then(|v| interpolate(&v, &pom.props))
            .unwrap_or_default();
        out.push(Package {
            ecosystem: Ecosystem::Maven,
            name,
            registry: !version.is_empty() && scope.as_deref() != Some("system"),
            version,
            line: *line,
            direct: Some(true),
            dev: Some(matches!(scope.as_deref(), Some("test") | Some("provided"))),
            checksum: None,
            dependencies: Vec::new(),
            license: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_management_and_parent() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("pom.xml"),
            "<project><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version>\n<properties><log4j.version>2.3</log4j.version></properties>\n<dependencyManagement><dependencies><dependency><groupId>org.hibernate</groupId><artifactId>hibernate-core</artifactId><version>3.3.1.GA</version></dependency></dependencies></dependencyManagement></project>\n",
        )
        .unwrap();
        std::fs::create_dir(d.path().join("app")).unwrap();
        let child = "<?xml version=\"1.0\"?>\n<project>\n  <parent><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version></parent>\n  <artifactId>app</artifactId>\n  <properties><spring.version>3.0.5.RELEASE</spring.version></properties>\n  <!-- <dependency><groupId>x</groupId></dependency> -->\n  <dependencies>\n    <dependency>\n      <groupId>org.apache.logging.log4j</groupId>\n      <artifactId>log4j-core</artifactId>\n      <version>${log4j.version}</version>\n    </dependency>\n    <dependency><groupId>org.springframework</groupId><artifactId>spring-core</artifactId><version>${spring.version}</version></dependency>\n    <dependency><groupId>org.hibernate</groupId><artifactId>hibernate-core</artifactId></dependency>\n    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>${missing}</version><scope>test</scope></dependency>\n    <dependency><groupId>com.bank</groupId><artifactId>lib</artifactId><version>${project.version}</version></dependency>\n  </dependencies>\n</project>\n";
        let p = parse(child, Some(&d.path().join("app"))).unwrap();
        let got: Vec<(&str, &str, u32, bool)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.registry))
            .collect();
        assert_eq!(
            got,
            vec![
                ("org.apache.logging.log4j:log4j-core", "2.3", 8, true),
                ("org.springframework:spring-core", "3.0.5.RELEASE", 13, true),
                ("org.hibernate:hibernate-core", "3.3.1.GA", 14, true),
                ("junit:junit", "", 15, false),
                ("com.bank:lib", "1.0", 16, true),
            ]
        );
        assert_eq!(
            parse("<project><dependencies></project>", None)
                .unwrap_err()
                .line,
            1
        );
    }
}
