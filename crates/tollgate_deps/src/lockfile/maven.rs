//! `pom.xml`: direct dependencies with `${property}` interpolation (own and parent
//! properties, `project.*`), versions from `dependencyManagement`, and a parent POM in the
//! same scan (`relativePath`, default `../pom.xml`). Versions that cannot be resolved
//! (an imported BOM, a parent outside the scan) are reported with an empty version. The
//! parser never reads the disk: parents come from a lookup given paths inside the scan root.

use super::{Lookup, Package, ParseError};
use crate::ecosystem::Ecosystem;
use std::collections::BTreeMap;
use tollgate_core::redact::quote;

/// Largest POM read: real ones are a few kilobytes.
pub const MAX_POM_BYTES: usize = 8 << 20;
/// Deepest element nesting accepted (real POMs nest about six deep).
pub const MAX_DEPTH: usize = 256;
/// Elements deeper than this carry nothing the dependency model reads, so they are only
/// matched, never copied (copying every ancestor path made deep nesting quadratic).
const KEPT_DEPTH: usize = 6;
/// Longest interpolated value: versions and coordinates are short.
const MAX_VALUE: usize = 1024;
/// Parents followed at most.
const MAX_PARENTS: usize = 5;

/// One element: its tag path and text, with the line where it starts.
struct Element {
    path: String,
    text: String,
    line: u32,
}

/// A deliberately small XML reader: elements with their path and text; comments,
/// declarations and CDATA skipped. Enough for POMs, which use no attributes that matter.
fn elements(xml: &str) -> Result<Vec<Element>, ParseError> {
    if xml.len() > MAX_POM_BYTES {
        return Err(ParseError {
            line: 1,
            message: format!("larger than {MAX_POM_BYTES} bytes: not a POM"),
        });
    }
    let b = xml.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<(&str, usize, u32)> = Vec::new(); // (name, text start, line)
    let path_of = |stack: &[(&str, usize, u32)], last: &str| {
        let mut path: Vec<&str> = stack.iter().map(|(n, _, _)| *n).collect();
        path.push(last);
        path.join("/")
    };
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
                    message: format!("closing tag {} without an opening one", quote(name)),
                })?;
                if open != name {
                    return Err(ParseError {
                        line,
                        message: format!("closing tag {} closes {}", quote(name), quote(open)),
                    });
                }
                if stack.len() < KEPT_DEPTH {
                    out.push(Element {
                        path: path_of(&stack, name),
                        text: xml[text_start..i].trim().to_string(),
                        line: open_line,
                    });
                }
            } else {
                let name = inner
                    .trim_end_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if inner.ends_with('/') {
                    // `<relativePath/>`: an element with no text.
                    if stack.len() < KEPT_DEPTH {
                        out.push(Element {
                            path: path_of(&stack, name),
                            text: String::new(),
                            line,
                        });
                    }
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return Err(ParseError {
                            line,
                            message: format!("elements nested deeper than {MAX_DEPTH}: not a POM"),
                        });
                    }
                    stack.push((name, i + close + 1, line));
                }
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
            message: format!("element {} is never closed", quote(name)),
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
            if !field.contains('/') && !e.text.is_empty() {
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
        if s.len() > MAX_VALUE {
            return None;
        }
    }
    None
}

/// Where a parent's `relativePath` leads, relative to the scan root, from the POM at
/// `pom` (itself relative to the root). `None` for an absolute path or one that climbs
/// above the root: such a parent is not part of the scan.
fn parent_path(pom: &str, rel: &str) -> Option<String> {
    let rel = rel.trim();
    if rel.starts_with(['/', '\\']) || rel.as_bytes().get(1) == Some(&b':') {
        return None;
    }
    let mut parts: Vec<&str> = pom
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    parts.pop()?; // the POM's own name
    for c in rel.split(['/', '\\']) {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// Parse a POM at `path` (relative to the scan root); `lookup` gives other files of the
/// scan, for parent POMs.
pub fn parse(text: &str, path: &str, lookup: Lookup<'_>) -> Result<Vec<Package>, ParseError> {
    let mut pom = read(text)?;
    // Parent chain within the scan: properties and managed versions flow down.
    let mut seen = vec![path.to_string()];
    let mut next = pom
        .parent
        .clone()
        .map(|(_, _, _, rel)| (path.to_string(), rel));
    for _ in 0..MAX_PARENTS {
        let Some((child, rel)) = next.take() else {
            break;
        };
        // An empty relativePath tells Maven not to look in the repository.
        if rel.trim().is_empty() {
            break;
        }
        let Some(target) = parent_path(&child, &rel) else {
            break;
        };
        let dir_pom = if target.is_empty() {
            "pom.xml".to_string()
        } else {
            format!("{target}/pom.xml")
        };
        let found = [target.clone(), dir_pom]
            .into_iter()
            .filter(|p| !p.is_empty() && !seen.contains(p))
            .find_map(|p| lookup(&p).map(|t| (p, t)));
        let Some((ppath, ptext)) = found else {
            break;
        };
        let Ok(parent) = read(&ptext) else { break };
        for (k, v) in parent.props {
            pom.props.entry(k).or_insert(v);
        }
        for (k, v) in parent.managed {
            pom.managed.entry(k).or_insert(v);
        }
        next = parent.parent.map(|(_, _, _, rel)| (ppath.clone(), rel));
        seen.push(ppath);
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

    const PARENT: &str = "<project><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version>\n<properties><log4j.version>2.3</log4j.version></properties>\n<dependencyManagement><dependencies><dependency><groupId>org.hibernate</groupId><artifactId>hibernate-core</artifactId><version>3.3.1.GA</version></dependency></dependencies></dependencyManagement></project>\n";

    fn files<'a>(list: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |p: &str| {
            list.iter()
                .find(|(n, _)| *n == p)
                .map(|(_, t)| t.to_string())
        }
    }

    #[test]
    fn properties_management_and_parent() {
        let child = "<?xml version=\"1.0\"?>\n<project>\n  <parent><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version></parent>\n  <artifactId>app</artifactId>\n  <properties><spring.version>3.0.5.RELEASE</spring.version></properties>\n  <!-- <dependency><groupId>x</groupId></dependency> -->\n  <dependencies>\n    <dependency>\n      <groupId>org.apache.logging.log4j</groupId>\n      <artifactId>log4j-core</artifactId>\n      <version>${log4j.version}</version>\n    </dependency>\n    <dependency><groupId>org.springframework</groupId><artifactId>spring-core</artifactId><version>${spring.version}</version></dependency>\n    <dependency><groupId>org.hibernate</groupId><artifactId>hibernate-core</artifactId></dependency>\n    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>${missing}</version><scope>test</scope></dependency>\n    <dependency><groupId>com.bank</groupId><artifactId>lib</artifactId><version>${project.version}</version></dependency>\n  </dependencies>\n</project>\n";
        let scan = [("pom.xml", PARENT)];
        let p = parse(child, "app/pom.xml", &files(&scan)).unwrap();
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
            parse("<project><dependencies></project>", "pom.xml", &|_| None)
                .unwrap_err()
                .line,
            1
        );
    }

    fn with_parent(rel: &str) -> String {
        format!("<project>\n<parent><groupId>com.bank</groupId><artifactId>parent</artifactId><version>1.0</version><relativePath>{rel}</relativePath></parent>\n<dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${{log4j.version}}</version></dependency></dependencies>\n</project>\n")
    }

    /// The lookup is asked only for normalised paths inside the scan root: absolute paths
    /// and paths above the root are unresolvable parents, never read.
    #[test]
    fn parents_are_looked_up_only_inside_the_root() {
        let asked = std::cell::RefCell::new(Vec::new());
        let lookup = |p: &str| {
            asked.borrow_mut().push(p.to_string());
            (p == "parent/pom.xml" || p == "pom.xml").then(|| PARENT.to_string())
        };
        let version = |rel: &str, at: &str| {
            parse(&with_parent(rel), at, &lookup).unwrap()[0]
                .version
                .clone()
        };
        assert_eq!(version("../parent/pom.xml", "app/pom.xml"), "2.3");
        assert_eq!(version("../parent", "app/pom.xml"), "2.3");
        assert_eq!(version("./../parent/./", "app/pom.xml"), "2.3");
        assert_eq!(version("..\\parent\\pom.xml", "app/pom.xml"), "2.3");
        assert_eq!(version("../pom.xml", "app/pom.xml"), "2.3");
        assert_eq!(version("..", "app/pom.xml"), "2.3");
        asked.borrow_mut().clear();
        for rel in [
            "/dev/zero",
            "/etc/passwd",
            "\\\\server\\share\\pom.xml",
            "C:\\pom.xml",
            "../../pom.xml",
            "../../../../../../etc/pom.xml",
            "",
        ] {
            assert_eq!(version(rel, "app/pom.xml"), "", "{rel}");
        }
        // The POM at the root has no parent directory in the scan.
        assert_eq!(version("../pom.xml", "pom.xml"), "");
        assert!(asked.borrow().is_empty(), "{:?}", asked.borrow());
        // A POM that names itself as its parent is not read twice.
        assert_eq!(version("pom.xml", "pom.xml"), "");
    }

    /// Deep nesting is refused in linear time and memory; nesting that is kept within the
    /// limit is matched without copying every ancestor path.
    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!(
            "<project>{}{}</project>",
            "<a>".repeat(70_000),
            "</a>".repeat(70_000)
        );
        let e = parse(&deep, "pom.xml", &|_| None).unwrap_err();
        assert!(e.message.contains("deeper"), "{e}");
        let ok = format!(
            "<project>{}{}<dependencies></dependencies></project>",
            "<a>".repeat(200),
            "</a>".repeat(200)
        );
        assert_eq!(parse(&ok, "pom.xml", &|_| None).unwrap(), vec![]);
        let big = format!("<project>{}</project>", " ".repeat(MAX_POM_BYTES));
        assert!(parse(&big, "pom.xml", &|_| None).is_err());
    }
}
