//! Python: `requirements.txt` (exact `==` pins; hashes, extras, environment markers,
//! comments, line continuations; `-r`/`-c` includes are scanned as files of their own),
//! `Pipfile.lock` (default and develop), `poetry.lock`, `uv.lock` and `pylock.toml`.

use super::json_lines::key_lines;
use super::{line_of, Package, ParseError};
use crate::ecosystem::Ecosystem;
use serde::Deserialize;
use serde_json::Value;
use tollgate_core::redact::{quote, scrub};

fn pkg(
    name: &str,
    version: &str,
    line: u32,
    direct: Option<bool>,
    dev: Option<bool>,
    checksum: Option<String>,
) -> Package {
    Package {
        ecosystem: Ecosystem::PyPI,
        name: Ecosystem::PyPI.normalise(name),
        version: version.to_string(),
        line,
        direct,
        dev,
        checksum,
        registry: true,
        dependencies: Vec::new(),
        license: None,
    }
}

fn sha256(hashes: impl IntoIterator<Item = String>) -> Option<String> {
    hashes
        .into_iter()
        .find_map(|h| h.strip_prefix("sha256:").map(|x| format!("sha256:{x}")))
}

/// `requirements.txt`: only exact pins (`==`, `===`) say which version is installed;
/// ranges and unpinned names are not guessed at.
pub fn requirements(text: &str) -> Result<Vec<Package>, ParseError> {
    let mut out = Vec::new();
    let mut logical = String::new();
    let mut start_line = 0u32;
    for (i, raw) in text.lines().enumerate() {
        if logical.is_empty() {
            start_line = i as u32 + 1;
        }
        let line = raw.split(" #").next().unwrap_or(raw);
        if let Some(cont) = line.trim_end().strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        let entry = entry.trim();
        if entry.is_empty() || entry.starts_with('#') || entry.starts_with('-') {
            continue; // comments, options, -r/-c includes, -e editable installs
        }
        let spec = entry.split(';').next().unwrap_or(entry); // environment markers
        let spec = spec.split(" --hash").next().unwrap_or(spec).trim();
        if spec.contains("://")
            || spec.starts_with('.')
            || spec.starts_with('/')
            || spec.contains(" @ ")
        {
            continue; // URLs and paths are not registry releases
        }
        let Some((name_part, version)) = spec.split_once("===").or_else(|| spec.split_once("=="))
        else {
            continue;
        };
        let name = name_part.split('[').next().unwrap_or(name_part).trim();
        let version = version.split(',').next().unwrap_or(version).trim();
        if name.is_empty() || version.is_empty() || version.contains('*') {
            continue;
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err(ParseError {
                line: start_line,
                message: format!("{} is not a package name", quote(name)),
            });
        }
        let hashes = entry
            .split_whitespace()
            .filter_map(|t| t.strip_prefix("--hash="))
            .map(str::to_string);
        out.push(pkg(name, version, start_line, None, None, sha256(hashes)));
    }
    Ok(out)
}

/// `Pipfile.lock`: JSON with `default` and `develop` sections; versions as `==x`.
pub fn pipfile_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ParseError {
        line: e.line() as u32,
        message: format!("not valid JSON: {}", scrub(&e.to_string())),
    })?;
    let lines = key_lines(text, |p| p == "default" || p == "develop");
    let mut out = Vec::new();
    for (section, dev) in [("default", false), ("develop", true)] {
        let Some(m) = doc.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, v) in m {
            let Some(version) = v
                .get("version")
                .and_then(Value::as_str)
                .and_then(|s| s.strip_prefix("=="))
            else {
                continue;
            };
            let line = lines
                .get(&format!("{section}\u{1}{name}"))
                .copied()
                .unwrap_or(1);
            let hashes = v
                .get("hashes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|h| h.as_str().map(str::to_string))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            out.push(pkg(name, version, line, None, Some(dev), sha256(hashes)));
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct TomlLock {
    #[serde(default, alias = "packages")]
    package: Vec<toml::Spanned<TomlPkg>>,
}

#[derive(Deserialize)]
struct TomlPkg {
    name: String,
    version: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    source: Option<toml::Value>,
    #[serde(default)]
    optional: Option<bool>,
}

/// `poetry.lock`, `uv.lock` and `pylock.toml`: TOML arrays of packages.
pub fn toml_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let lock: TomlLock = toml::from_str(text).map_err(|e| ParseError {
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: format!("not a valid lockfile: {}", scrub(e.message())),
    })?;
    let mut out = Vec::new();
    for sp in &lock.package {
        let start = sp.span().start;
        let name_at = text[start..sp.span().end.min(text.len())]
            .find("name")
            .map_or(start, |i| start + i);
        let p = sp.get_ref();
        let Some(version) = &p.version else { continue }; // uv's editable/virtual root
                                                          // uv: `source = { registry = ... }` for index packages; poetry: a `[package.source]` of type git/directory.
        let registry = match &p.source {
            None => true,
            Some(toml::Value::Table(t)) => {
                t.contains_key("registry")
                    || t.get("type")
                        .and_then(|v| v.as_str())
                        .is_some_and(|t| t == "legacy")
            }
            _ => true,
        };
        let mut k = pkg(
            &p.name,
            version,
            line_of(text, name_at),
            None,
            p.category
                .as_deref()
                .map(|c| c == "dev")
                .or(p.optional.filter(|o| *o)),
            None,
        );
        k.registry = registry;
        out.push(k);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_pins_only() {
        let text = "# production\nDjango==3.2.4 \\\n    --hash=sha256:aaaa\nrequests[socks]==2.25.1 ; python_version >= \"3.6\"  # http\nflask>=2.0\n-r base.txt\n-e git+https://github.com/x/y.git#egg=y\nurllib3===1.26.4\nPyYAML==5.*\n";
        let p = requirements(text).unwrap();
        let got: Vec<(&str, &str, u32)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("django", "3.2.4", 2),
                ("requests", "2.25.1", 4),
                ("urllib3", "1.26.4", 8)
            ]
        );
        assert_eq!(p[0].checksum.as_deref(), Some("sha256:aaaa"));
        assert_eq!(requirements("b@d==1.0\n").unwrap_err().line, 1);
    }

    #[test]
    fn pipfile_and_toml_locks() {
        let pip = "{\n  \"_meta\": {},\n  \"default\": {\n    \"urllib3\": {\n      \"hashes\": [\"sha256:bb\"],\n      \"version\": \"==1.26.4\"\n    }\n  },\n  \"develop\": {\n    \"py\": {\"version\": \"==1.10.0\"}\n  }\n}\n";
        let p = pipfile_lock(pip).unwrap();
        assert_eq!(
            (p[0].name.as_str(), p[0].line, p[0].dev),
            ("urllib3", 4, Some(false))
        );
        assert_eq!(
            (p[1].name.as_str(), p[1].line, p[1].dev),
            ("py", 10, Some(true))
        );
        let poetry = "[[package]]\nname = \"Jinja2\"\nversion = \"3.1.1\"\ncategory = \"main\"\n\n[[package]]\nname = \"mylib\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"directory\"\nurl = \"../mylib\"\n";
        let p = toml_lock(poetry).unwrap();
        assert_eq!(
            (p[0].name.as_str(), p[0].line, p[0].registry),
            ("jinja2", 2, true)
        );
        assert!(!p[1].registry);
        let uv = "version = 1\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n\n[[package]]\nname = \"pygments\"\nversion = \"2.11.2\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let p = toml_lock(uv).unwrap();
        assert_eq!(
            (p[1].name.as_str(), p[1].registry, p[0].registry),
            ("pygments", true, false)
        );
    }
}
