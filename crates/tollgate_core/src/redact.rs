//! Redaction: a secret never leaves the process in full. At most a short prefix and
//! the length are shown, and short values show no characters at all.

/// `"sk_l…(32 chars)"`: up to 4 leading characters for values of 16+ characters,
/// 2 for 10–15, none below that.
pub fn redact(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let n = text.chars().count();
    let shown = match n {
        0..=9 => 0,
        10..=15 => 2,
        _ => 4,
    };
    let prefix: String = text.chars().take(shown).collect();
    format!("{prefix}…({n} chars)")
}

/// A one-line snippet of `line` with the byte range `secret` (relative to the line)
/// replaced by its redaction, trimmed and capped to about 160 characters around it.
pub fn redacted_snippet(line: &[u8], secret: std::ops::Range<usize>) -> String {
    let start = secret.start.min(line.len());
    let end = secret.end.clamp(start, line.len());
    let before = String::from_utf8_lossy(&line[..start]);
    let after = String::from_utf8_lossy(&line[end..]);
    let before = tail_chars(before.trim_start(), 80);
    let after = head_chars(after.trim_end(), 80);
    format!("{before}{}{after}", redact(&line[start..end])).replace(['\t', '\r'], " ")
}

fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        format!("…{}", s.chars().skip(count - n).collect::<String>())
    }
}

fn head_chars(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f32 {
    let n = s.chars().count();
    if n == 0 {
        return 0.0;
    }
    let mut counts = std::collections::HashMap::new();
    for c in s.chars() {
        *counts.entry(c).or_insert(0u32) += 1;
    }
    counts
        .values()
        .map(|&c| {
            let p = c as f32 / n as f32;
            -p * p.log2()
        })
        .sum()
}

/// A value from the scanned input or the configuration, as an error message may quote it.
/// Short lowercase names (package names, tier and severity words) are shown as they are;
/// anything else — mixed case, symbols, long or random-looking — only as its redacted form,
/// because it may be a credential.
pub fn quote(value: &str) -> String {
    let n = value.chars().count();
    let plain = n <= 32
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-:/@+".contains(c))
        && (n < 16 || entropy(value) < 3.3);
    if plain {
        format!("'{value}'")
    } else {
        format!("'{}'", redact(value.as_bytes()))
    }
}

/// An error message from a parser we do not control (serde, toml, regex, XML), with every
/// quoted or back-ticked value in it passed through [`quote`]. Such messages echo input
/// ("invalid type: string \"ghp_...\"").
pub fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(['"', '\'', '`']) {
        let q = rest[i..].chars().next().expect("found");
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(q) {
            // An apostrophe inside a word ("can't") is not a quotation.
            Some(j) if !(q == '\'' && i > 0 && rest[..i].ends_with(char::is_alphanumeric)) => {
                out.push_str(&quote(&after[..j]));
                rest = &after[j + 1..];
            }
            _ => {
                out.push(q);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // Parsers also print the offending source line (regex, toml): never keep raw lines.
    out.lines().next().unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_show_nothing() {
        assert_eq!(redact(b"hunter2"), "…(7 chars)");
        assert_eq!(redact(b"abcdefghijkl"), "ab…(12 chars)");
        assert_eq!(redact(b"sk_live_0123456789abcdef"), "sk_l…(24 chars)");
    }

    #[test]
    fn snippet_never_contains_the_secret() {
        // tollgate:ignore[generic-password] synthetic value for the redaction test
        let line = b"  password = \"Zx9!vQ2#mP7@kL4$\" # db";
        let s = redacted_snippet(line, 14..30);
        assert!(!s.contains("Zx9!vQ2#mP7@kL4$"), "{s}");
        assert!(s.starts_with("password = \"Zx9!…(16 chars)\""), "{s}");
    }

    #[test]
    fn quoting_shows_names_and_hides_credentials() {
        assert_eq!(quote("log4j-core"), "'log4j-core'");
        assert_eq!(quote("critical"), "'critical'");
        // tollgate:ignore[github-personal-access-token] synthetic value for the redaction test
        let token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A";
        assert_eq!(quote(token), "'ghp_…(40 chars)'");
        assert!(!quote(&format!("api_token={token}")).contains(&token[4..]));
        assert!(!quote("0123456789abcdef0123456789abcdef").contains("6789"));
        assert_eq!(quote("Hunter2!"), "'…(8 chars)'");
    }

    #[test]
    fn scrubbed_messages_keep_no_quoted_value() {
        // tollgate:ignore[github-personal-access-token] synthetic value for the redaction test
        let token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A";
        let m = scrub(&format!("invalid type: string \"{token}\", expected a map"));
        assert!(!m.contains(&token[4..]), "{m}");
        assert!(
            m.starts_with("invalid type: string 'ghp_…(40 chars)', expected"),
            "{m}"
        );
        assert_eq!(scrub("can't read `name`"), "can't read 'name'");
        assert_eq!(
            scrub("regex parse error:\n    sk_live_abc\n    ^"),
            "regex parse error:"
        );
    }
}
