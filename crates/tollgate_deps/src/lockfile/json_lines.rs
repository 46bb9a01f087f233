//! Line numbers for JSON lockfiles: serde does not keep positions, so a small tokenizer
//! records where each object key starts, by its path of keys (`packages` → `node_modules/x`).

use std::collections::HashMap;

/// Lines of object keys whose parent key satisfies `keep_parent`, by their full key path
/// joined with `/`-free separators (`\u{1}`).
pub fn key_lines(text: &str, keep_parent: impl Fn(&str) -> bool) -> HashMap<String, u32> {
    #[derive(PartialEq)]
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array,
    }
    let b = text.as_bytes();
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new(); // keys of the enclosing objects' current members
    let (mut i, mut line) = (0usize, 1u32);
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'{' => {
                stack.push(Frame::Object {
                    key: None,
                    expecting_key: true,
                });
            }
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                // The closing object's last member key leaves the path with it; the
                // parent's member key leaves at the parent's next ',' or '}'.
                if let Some(Frame::Object { key: Some(_), .. }) = stack.pop() {
                    path.pop();
                }
            }
            b',' => {
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if key.take().is_some() {
                        path.pop();
                    }
                    *expecting_key = true;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut s = String::new();
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        s.push(b[j + 1] as char);
                        j += 2;
                        continue;
                    }
                    j += 1;
                }
                let raw = &text[start..j.min(b.len())];
                let value = if s.is_empty() {
                    raw.to_string()
                } else {
                    raw.replace("\\\"", "\"").replace("\\\\", "\\")
                };
                let line_here = line;
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        if path.last().is_some_and(|p| keep_parent(p)) {
                            let mut full = path.clone();
                            full.push(value.clone());
                            out.insert(full.join("\u{1}"), line_here);
                        }
                        *key = Some(value.clone());
                        *expecting_key = false;
                        path.push(value);
                    }
                }
                i = j;
            }
            b':' => {}
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_with_lines() {
        let text = "{\n  \"packages\": {\n    \"\": {\"name\": \"app\"},\n    \"node_modules/a\": {\n      \"version\": \"1.0.0\",\n      \"x\": [1, {\"k\": \"v\"}]\n    },\n    \"node_modules/@s/b\": {\"version\": \"2.0.0\"}\n  },\n  \"dependencies\": {\"c\": {\"dependencies\": {\"d\": {}}}}\n}\n";
        let lines = key_lines(text, |p| p == "packages" || p == "dependencies");
        assert_eq!(lines.get("packages\u{1}node_modules/a"), Some(&4));
        assert_eq!(lines.get("packages\u{1}node_modules/@s/b"), Some(&8));
        assert_eq!(lines.get("packages\u{1}"), Some(&3));
        assert_eq!(
            lines.get("dependencies\u{1}c\u{1}dependencies\u{1}d"),
            Some(&10)
        );
        assert!(!lines.contains_key("packages\u{1}node_modules/a\u{1}version"));
    }
}
