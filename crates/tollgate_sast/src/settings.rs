//! The project's own settings, so a lookup in the code resolves to the value the project
//! configures: `.properties` files and Spring's `application*.yml`/`bootstrap*.yml`
//! (flattened to dotted keys, `spring.datasource.url`, lists as `key[0]`), read by
//! `getProperty("key")`, `getString("key")` and fields annotated `@Value("${key:default}")`.

use std::collections::BTreeMap;
use tollgate_core::scanner::ProjectFile;
use yaml_rust2::parser::{Event, Parser};

/// Settings files the scanner reads, by lowercase file name.
pub fn is_settings_file(name: &str) -> bool {
    name.ends_with(".properties")
        || (name.starts_with("application") || name.starts_with("bootstrap"))
            && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Every key of the project's settings files with its value; a key given different values
/// in different places is left out (which one applies is not known).
pub fn collect(files: &[ProjectFile]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut add = |k: String, v: String| {
        if k.is_empty() || k.len() > 200 || v.len() > 1000 {
            return;
        }
        match out.get(&k) {
            Some(Some(old)) if *old != v => {
                out.insert(k, None);
            }
            Some(_) => {}
            None => {
                out.insert(k, Some(v));
            }
        }
    };
    for f in files {
        let name = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&f.path)
            .to_ascii_lowercase();
        if !is_settings_file(&name) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(&f.content) else {
            continue;
        };
        // A file that is not YAML resolves nothing; the code's defaults stand.
        for (k, v, _) in read(&name, text).unwrap_or_default() {
            add(k, v);
        }
    }
    out.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
}

/// One setting as written: its dotted key, its value and the line it is on.
pub type Entry = (String, String, u32);

/// The settings of one `.properties` or YAML file (by its lowercase name); for YAML that
/// does not parse, the line where it broke.
pub fn read(name: &str, text: &str) -> Result<Vec<Entry>, u32> {
    if name.ends_with(".properties") {
        Ok(properties(text))
    } else {
        yaml(text)
    }
}

/// `key=value` and `key: value` lines (a trailing backslash continues a value).
fn properties(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().take(100_000);
    while let Some((i, l)) = lines.next() {
        let l = l.trim_start();
        if l.is_empty() || l.starts_with('#') || l.starts_with('!') {
            continue;
        }
        let mut logical = l.to_string();
        while logical.ends_with('\\') && logical.len() < 100_000 {
            logical.pop();
            match lines.next() {
                Some((_, next)) => logical.push_str(next.trim_start()),
                None => break,
            }
        }
        let Some(at) = logical.find(['=', ':']) else {
            continue;
        };
        out.push((
            logical[..at].trim().to_string(),
            logical[at + 1..].trim().to_string(),
            i as u32 + 1,
        ));
    }
    out
}

/// Events read from one YAML file at most, and how deep it may nest: settings files are
/// small, and this bounds the time and memory of a hostile one.
const MAX_EVENTS: usize = 1_000_000;
const MAX_DEPTH: usize = 256;

enum Frame {
    Map { prefix: String, key: Option<String> },
    Seq { prefix: String, next: usize },
}

/// A YAML file's scalars under their dotted paths, lists as `key[0]`, with their lines.
/// Aliases are not followed (their value is unknown); all documents (Spring profiles)
/// count, so a key set differently in two profiles is left unresolved by [`collect`].
fn yaml(text: &str) -> Result<Vec<Entry>, u32> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let last = text.matches('\n').count() as u32 + 1;
    // The path of the value that comes next, and what it does to its parent.
    fn place(stack: &mut [Frame]) -> Option<String> {
        match stack.last_mut()? {
            Frame::Map { prefix, key } => {
                let k = key.take()?;
                Some(if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                })
            }
            Frame::Seq { prefix, next } => {
                *next += 1;
                Some(format!("{prefix}[{}]", *next - 1))
            }
        }
    }
    for _ in 0..MAX_EVENTS {
        let (ev, mark) = parser
            .next_token()
            .map_err(|e| (e.marker().line() as u32).clamp(1, last))?;
        let line = (mark.line() as u32).clamp(1, last);
        match ev {
            Event::StreamEnd => return Ok(out),
            Event::Scalar(v, ..) => {
                if let Some(Frame::Map { key: k @ None, .. }) = stack.last_mut() {
                    *k = Some(v);
                } else if let Some(p) = place(&mut stack) {
                    out.push((p, v, line));
                }
            }
            Event::Alias(_) => {
                place(&mut stack);
            }
            Event::MappingStart(..) => {
                let prefix = place(&mut stack).unwrap_or_default();
                stack.push(Frame::Map { prefix, key: None });
            }
            Event::SequenceStart(..) => {
                let prefix = place(&mut stack).unwrap_or_default();
                stack.push(Frame::Seq { prefix, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
        if stack.len() > MAX_DEPTH {
            return Err(line);
        }
    }
    Err(last)
}

/// `${key:default}` or `${key}`, as Spring's `@Value` writes a setting: the key and the
/// default.
pub fn placeholder(s: &str) -> Option<(&str, Option<&str>)> {
    let inner = s.trim().strip_prefix("${")?.strip_suffix('}')?;
    Some(match inner.split_once(':') {
        Some((k, d)) => (k.trim(), Some(d)),
        None => (inner.trim(), None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_yaml_is_flattened_to_dotted_keys() {
        let text = "app:\n  crypto:\n    cipher: DES/ECB/PKCS5Padding\n    sizes: [1024, 2048]\n  name: pay\n---\nspring:\n  profiles: prod\n";
        let got: Vec<(String, String)> = yaml(text)
            .unwrap()
            .into_iter()
            .map(|(k, v, _)| (k, v))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "app.crypto.cipher".to_string(),
                    "DES/ECB/PKCS5Padding".to_string()
                ),
                ("app.crypto.sizes[0]".into(), "1024".into()),
                ("app.crypto.sizes[1]".into(), "2048".into()),
                ("app.name".into(), "pay".into()),
                ("spring.profiles".into(), "prod".into()),
            ]
        );
        assert!(yaml("a: [1, 2\n").is_err());
        assert_eq!(
            placeholder("${app.cipher:AES/GCM/NoPadding}"),
            Some(("app.cipher", Some("AES/GCM/NoPadding")))
        );
        assert_eq!(placeholder("${app.cipher}"), Some(("app.cipher", None)));
        assert_eq!(placeholder("AES"), None);
    }
}
