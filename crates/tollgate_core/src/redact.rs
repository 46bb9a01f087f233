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
}
