//! YAML as the model's values, with the line of every node: the loader behind the
//! CloudFormation, Kubernetes and CI-workflow adapters.
//!
//! Scalars follow the YAML 1.2 core schema (`on:` stays a string, as GitHub reads it).
//! A node with a local tag (`!Ref x`) becomes a one-key map `{"!Ref": x}` for the adapter
//! to interpret. Anchors, aliases and merge keys (`<<: *defaults`, common in GitLab CI) are
//! resolved, with a cap on the nodes aliases may produce, so a "billion laughs" file is an
//! error, not an exhausted machine.

use crate::model::{Attr, Span, Value};
use std::collections::{BTreeMap, HashMap};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 128;
/// Most nodes a file may produce, aliases expanded.
const MAX_NODES: usize = 2_000_000;

/// Why a YAML text could not be read: with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("YAML error at line {line}, column {column}: {message}")]
pub struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// One document of a YAML stream.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Attr,
    /// The line the document starts at.
    pub line: u32,
}

/// Every document of `text`; `path` goes into the spans.
pub fn load(text: &str, path: &str) -> Result<Vec<Document>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    // YAML also breaks lines at a lone carriage return; reports count `\n` lines, as
    // editors and the snippet code do, so every line is kept within the file's.
    let last = text.matches('\n').count() as u32 + 1;
    let mut b = Builder {
        last,
        path,
        stack: Vec::new(),
        anchors: HashMap::new(),
        docs: Vec::new(),
        nodes: 0,
    };
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| YamlError {
            line: (e.marker().line() as u32).clamp(1, last),
            column: e.marker().col() as u32 + 1,
            message: tollgate_core::redact::scrub(e.info()),
        })?;
        if matches!(ev, Event::StreamEnd) {
            break;
        }
        b.event(ev, mark)?;
    }
    Ok(b.docs)
}

enum Frame {
    Seq {
        items: Vec<Attr>,
        span: Span,
        anchor: usize,
        tag: Option<Tag>,
    },
    Map {
        entries: BTreeMap<String, Attr>,
        merged: Vec<Attr>,
        key: Option<String>,
        span: Span,
        anchor: usize,
        tag: Option<Tag>,
    },
}

struct Builder<'a> {
    /// The file's last line.
    last: u32,
    path: &'a str,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Attr>,
    docs: Vec<Document>,
    nodes: usize,
}

impl Builder<'_> {
    fn line(&self, m: Marker) -> u32 {
        (m.line() as u32).clamp(1, self.last)
    }

    fn span(&self, m: Marker) -> Span {
        Span::new(self.path, self.line(m), m.col() as u32 + 1, self.line(m))
    }

    fn err(&self, m: Marker, message: &str) -> YamlError {
        YamlError {
            line: self.line(m),
            column: m.col() as u32 + 1,
            message: message.into(),
        }
    }

    fn count(&mut self, n: usize, m: Marker) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(self.err(m, "too many nodes (aliases expand beyond the limit)"));
        }
        Ok(())
    }

    fn event(&mut self, ev: Event, mark: Marker) -> Result<(), YamlError> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, mark)?;
                let span = self.span(mark);
                // A scalar in key position of a map is a key, not a value.
                if let Some(Frame::Map { key: k @ None, .. }) = self.stack.last_mut() {
                    *k = Some(text);
                    return Ok(());
                }
                let value = scalar(text, style, tag.as_ref());
                let node = tagged(Attr::new(value, span), tag);
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node, mark)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(mark)?;
                let span = self.span(mark);
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    span,
                    anchor,
                    tag,
                });
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                self.open(mark)?;
                let span = self.span(mark);
                self.stack.push(Frame::Map {
                    entries: BTreeMap::new(),
                    merged: Vec::new(),
                    key: None,
                    span,
                    anchor,
                    tag,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(self.err(mark, "unbalanced collection"));
                };
                let end = self.line(mark);
                let (node, anchor) = match frame {
                    Frame::Seq {
                        items,
                        mut span,
                        anchor,
                        tag,
                    } => {
                        span.end_line = end.max(span.line);
                        (tagged(Attr::new(Value::List(items), span), tag), anchor)
                    }
                    Frame::Map {
                        mut entries,
                        merged,
                        mut span,
                        anchor,
                        tag,
                        ..
                    } => {
                        // Merge keys: entries written in the map win over merged ones.
                        for m in merged {
                            for src in m.items() {
                                if let Value::Map(other) = &src.value {
                                    for (k, v) in other {
                                        entries.entry(k.clone()).or_insert_with(|| v.clone());
                                    }
                                }
                            }
                        }
                        span.end_line = end.max(span.line);
                        (tagged(Attr::new(Value::Map(entries), span), tag), anchor)
                    }
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node, mark)
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(self.err(mark, "alias to an unknown anchor"));
                };
                self.count(size(&node), mark)?;
                if let Some(Frame::Map { key: k @ None, .. }) = self.stack.last_mut() {
                    *k = Some(node.as_str().unwrap_or("").to_string());
                    return Ok(());
                }
                self.push(node, mark)
            }
            Event::DocumentStart
            | Event::DocumentEnd
            | Event::StreamStart
            | Event::StreamEnd
            | Event::Nothing => Ok(()),
        }
    }

    /// A collection starts: a map in key position is not supported (no format here uses
    /// one); it is read as the key "?".
    fn open(&mut self, mark: Marker) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.err(mark, "nesting too deep"));
        }
        self.count(1, mark)?;
        if let Some(Frame::Map { key: k @ None, .. }) = self.stack.last_mut() {
            *k = Some("?".into());
        }
        Ok(())
    }

    fn push(&mut self, node: Attr, mark: Marker) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => self.docs.push(Document {
                line: node.span.line.max(1),
                root: node,
            }),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merged,
                key,
                ..
            }) => {
                let k = key.take().unwrap_or_default();
                if k == "<<" {
                    merged.push(node);
                } else {
                    entries.insert(k, node);
                }
            }
        }
        let _ = mark;
        Ok(())
    }
}

fn size(a: &Attr) -> usize {
    match &a.value {
        Value::List(l) => 1 + l.iter().map(size).sum::<usize>(),
        Value::Map(m) => 1 + m.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// A local tag (`!Ref`) wraps the node; the core schema's own (`!!str`) was applied to the
/// scalar already.
fn tagged(node: Attr, tag: Option<Tag>) -> Attr {
    match tag {
        Some(t) if t.handle == "!" => {
            let span = node.span.clone();
            let mut m = BTreeMap::new();
            m.insert(format!("!{}", t.suffix), node);
            Attr::new(Value::Map(m), span)
        }
        _ => node,
    }
}

/// The YAML 1.2 core schema for plain scalars; quoted ones are strings.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(t) = tag {
        if t.handle == "!!" || t.handle == "tag:yaml.org,2002:" {
            return match t.suffix.as_str() {
                "str" | "binary" => Value::String(text),
                "null" => Value::Null,
                _ => scalar(text, style, None),
            };
        }
    }
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let t = text.as_str();
    let numeric = t
        .strip_prefix(['-', '+'])
        .unwrap_or(t)
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if numeric {
        if let Some(hex) = t.strip_prefix("0x") {
            if let Ok(n) = i64::from_str_radix(hex, 16) {
                return Value::Number(n as f64);
            }
        } else if let Some(oct) = t.strip_prefix("0o") {
            if let Ok(n) = i64::from_str_radix(oct, 8) {
                return Value::Number(n as f64);
            }
        } else if t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        {
            if let Ok(n) = t.parse::<f64>() {
                if n.is_finite() {
                    return Value::Number(n);
                }
            }
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_lines_tags_and_merge_keys() {
        let text = "a: 1\nb: [x, 'y']\n---\ndefaults: &d\n  image: alpine\n  retry: 2\njob:\n  <<: *d\n  retry: 0\n  on: push\nref: !Ref Bucket\n";
        let docs = load(text, "f.yml").unwrap();
        assert_eq!(docs.len(), 2);
        let d0 = &docs[0].root;
        assert!(matches!(d0.lookup("a"), crate::Lookup::Found(a) if a.as_f64() == Some(1.0)));
        let d1 = &docs[1].root;
        let crate::Lookup::Found(image) = d1.lookup("job.image") else {
            panic!()
        };
        assert_eq!(image.as_str(), Some("alpine"));
        assert_eq!(image.span.line, 5);
        let crate::Lookup::Found(retry) = d1.lookup("job.retry") else {
            panic!()
        };
        assert_eq!(retry.as_f64(), Some(0.0));
        let crate::Lookup::Found(on) = d1.lookup("job.on") else {
            panic!()
        };
        assert_eq!(on.as_str(), Some("push"));
        let crate::Lookup::Found(r) = d1.lookup("ref.!Ref") else {
            panic!()
        };
        assert_eq!(r.as_str(), Some("Bucket"));
        assert_eq!(r.span.line, 11);
    }

    #[test]
    fn lines_stay_within_the_file_when_a_lone_carriage_return_breaks_lines() {
        // YAML breaks at "\r"; the file has one "\n" line. Found by the fuzzer.
        let e = load("\r[e", "f.yml").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        let docs = load("a: 1\rb: 2\r", "f.yml").unwrap();
        let crate::Lookup::Found(b) = docs[0].root.lookup("b") else {
            panic!()
        };
        assert_eq!(b.span.line, 1);
    }

    #[test]
    fn errors_name_the_line_and_bombs_are_refused() {
        let e = load("a: 1\nb: [unclosed\nc: 2\n", "f.yml").unwrap_err();
        assert!(e.line >= 2, "{e}");
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = load(&bomb, "f.yml").unwrap_err();
        assert!(e.message.contains("too many nodes"), "{e}");
        let deep = "[".repeat(10_000);
        assert!(load(&deep, "f.yml").is_err());
    }
}
