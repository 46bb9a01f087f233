//! `go.mod`: the module's requirements (Go 1.17+ lists indirect ones too, marked
//! `// indirect`). `replace` directives are applied: a module replaced by a local path is
//! not a registry package; one replaced by another module version becomes that version.
//! (`go.sum` records hashes of every module version ever in the graph, not the selected
//! versions, so it is not read as a list of dependencies.)

use super::{Package, ParseError};
use crate::ecosystem::Ecosystem;
use std::collections::BTreeMap;
use tollgate_core::redact::quote;

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('`')
}

pub fn parse(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut requires: Vec<(String, String, u32, bool)> = Vec::new();
    let mut replaces: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut block: Option<&str> = None;
    let mut saw_module = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let (code, comment) = match raw.find("//") {
            Some(p) => (&raw[..p], &raw[p + 2..]),
            None => (raw, ""),
        };
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let (directive, rest) = match block {
            Some(d) if code == ")" => {
                let _ = d;
                block = None;
                continue;
            }
            Some(d) => (d, code),
            None => {
                let (d, r) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
                if r.trim() == "(" {
                    block = Some(match d {
                        "require" => "require",
                        "replace" => "replace",
                        "exclude" => "exclude",
                        "retract" => "retract",
                        "tool" => "tool",
                        "godebug" => "godebug",
                        _ => {
                            return Err(ParseError {
                                line: line_no,
                                message: format!("unknown block {}", quote(d)),
                            })
                        }
                    });
                    continue;
                }
                (d, r.trim())
            }
        };
        match directive {
            "module" => saw_module = true,
            "require" => {
                let mut f = rest.split_whitespace();
                let (Some(path), Some(version)) = (f.next(), f.next()) else {
                    return Err(ParseError {
                        line: line_no,
                        message: "a requirement needs a module path and a version".into(),
                    });
                };
                if !version.starts_with('v') {
                    return Err(ParseError {
                        line: line_no,
                        message: format!("{} is not a Go module version", quote(version)),
                    });
                }
                let indirect = comment
                    .split_whitespace()
                    .any(|w| w.trim_end_matches(';') == "indirect");
                requires.push((
                    unquote(path).to_string(),
                    version.to_string(),
                    line_no,
                    !indirect,
                ));
            }
            "replace" => {
                let Some((old, new)) = rest.split_once("=>") else {
                    return Err(ParseError {
                        line: line_no,
                        message: "a replace directive needs '=>'".into(),
                    });
                };
                let old_path = unquote(old.split_whitespace().next().unwrap_or("")).to_string();
                let mut nf = new.split_whitespace();
                let new_path = unquote(nf.next().unwrap_or("")).to_string();
                replaces.insert(old_path, (new_path, nf.next().map(str::to_string)));
            }
            _ => {}
        }
    }
    if !saw_module && !requires.is_empty() {
        return Err(ParseError {
            line: 1,
            message: "no module directive: not a go.mod file".into(),
        });
    }
    Ok(requires
        .into_iter()
        .map(|(path, version, line, direct)| {
            let (name, version, registry) = match replaces.get(&path) {
                Some((new, Some(v))) => (new.clone(), v.clone(), true),
                Some((new, None)) if new.starts_with('.') || new.starts_with('/') => {
                    (path.clone(), version, false)
                }
                _ => (path, version, true),
            };
            Package {
                ecosystem: Ecosystem::Go,
                name,
                version,
                line,
                direct: Some(direct),
                dev: None,
                checksum: None,
                registry,
                dependencies: Vec::new(),
                license: None,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_replaces_and_errors() {
        let text = "module example.com/bank/ledger\n\ngo 1.21\n\nrequire github.com/google/uuid v1.3.0\n\nrequire (\n\tgolang.org/x/net v0.7.0 // indirect\n\tgithub.com/docker/docker v0.0.0-20180924202107-a9c061deec0f+incompatible\n\texample.com/local v1.0.0\n)\n\nreplace example.com/local => ../local\nreplace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0\n";
        let p = parse(text).unwrap();
        let got: Vec<(&str, &str, u32, Option<bool>, bool)> = p
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_str(),
                    p.line,
                    p.direct,
                    p.registry,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("github.com/google/uuid", "v1.3.0", 5, Some(true), true),
                ("golang.org/x/net", "v0.17.0", 8, Some(false), true),
                (
                    "github.com/docker/docker",
                    "v0.0.0-20180924202107-a9c061deec0f+incompatible",
                    9,
                    Some(true),
                    true
                ),
                ("example.com/local", "v1.0.0", 10, Some(true), false),
            ]
        );
        assert_eq!(parse("module m\nrequire x 1.0.0\n").unwrap_err().line, 2);
        assert_eq!(parse("module m\nrequire (\n  x\n)\n").unwrap_err().line, 3);
    }
}
