//! Text as DAST output shows it: every secret the secrets engine finds, every card number
//! (Luhn-valid), every random-looking token and every value of a credential-like name
//! redacted (the project's [`tollgate_core::redact`] helpers). Reports, the HAR file,
//! evidence and messages all go through here.

use std::ops::Range;
use std::sync::OnceLock;
use tollgate_secrets::{SecretsConfig, SecretsScanner};

/// The secrets scanner with its default rules, built once.
pub fn secrets() -> &'static SecretsScanner {
    static S: OnceLock<SecretsScanner> = OnceLock::new();
    S.get_or_init(|| {
        SecretsScanner::new(&SecretsConfig::default()).expect("the built-in secret rules compile")
    })
}

/// Headers whose values are credentials: always shown redacted.
pub fn is_credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || tollgate_core::redact::names_credential(n.as_bytes())
}

/// A header value as output shows it.
pub fn header(name: &str, value: &str) -> String {
    if !is_credential_header(name) {
        return text(value);
    }
    let lower = name.to_ascii_lowercase();
    if lower == "set-cookie" || lower == "cookie" {
        // Names and attributes stay readable; values do not.
        return value
            .split(';')
            .map(|part| match part.split_once('=') {
                Some((k, v)) if !is_attribute(k) => {
                    format!(
                        "{}={}",
                        k,
                        tollgate_core::redact::redact(v.trim().as_bytes())
                    )
                }
                _ => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";");
    }
    match value.split_once(' ') {
        Some((scheme, cred)) if scheme.len() < 16 => format!(
            "{scheme} {}",
            tollgate_core::redact::redact(cred.trim().as_bytes())
        ),
        _ => tollgate_core::redact::redact(value.as_bytes()),
    }
}

fn is_attribute(k: &str) -> bool {
    matches!(
        k.trim().to_ascii_lowercase().as_str(),
        "path" | "domain" | "expires" | "max-age" | "samesite"
    )
}

/// `s` with secrets, card numbers and credential-like tokens redacted.
pub fn text(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut ranges: Vec<Range<usize>> = secrets()
        .engine()
        .detect(bytes, true)
        .into_iter()
        .map(|d| d.secret)
        .collect();
    ranges.extend(card_numbers(bytes).into_iter().map(|(r, _)| r));
    tollgate_core::redact::mask(bytes, &ranges)
}

/// Luhn-valid runs of 13 to 19 digits (single spaces or dashes allowed between groups) with
/// a card-scheme prefix: each span and its digits.
pub fn card_numbers(b: &[u8]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut j = i;
        let mut end = i;
        while j < b.len() && digits.len() < 20 {
            if b[j].is_ascii_digit() {
                digits.push(b[j] as char);
                j += 1;
                end = j;
            } else if (b[j] == b' ' || b[j] == b'-') && j + 1 < b.len() && b[j + 1].is_ascii_digit()
            {
                j += 1;
            } else {
                break;
            }
        }
        let followed_by_digit = b.get(end).is_some_and(u8::is_ascii_digit);
        if (13..=19).contains(&digits.len())
            && !followed_by_digit
            && card_prefix(&digits)
            && luhn(&digits)
        {
            out.push((start..end, digits));
        }
        i = end.max(i + 1);
    }
    out
}

fn card_prefix(d: &str) -> bool {
    let p2: u32 = d[..2].parse().unwrap_or(0);
    let p4: u32 = d[..4].parse().unwrap_or(0);
    d.starts_with('4')
        || (51..=55).contains(&p2)
        || (2221..=2720).contains(&p4)
        || p2 == 34
        || p2 == 37
        || d.starts_with("6011")
        || p2 == 65
        || p2 == 35
}

/// The Luhn checksum.
pub fn luhn(d: &str) -> bool {
    let mut sum = 0;
    for (i, c) in d.bytes().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_need_luhn_and_a_prefix() {
        let found = card_numbers(b"pan 4111 1111 1111 1111, id 4111111111111112, 1234567890123456");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "4111111111111111");
        assert!(
            text("card 4111-1111-1111-1111").contains('…')
                || !text("card 4111-1111-1111-1111").contains("1111-1111-1111")
        );
    }

    #[test]
    fn credential_headers_are_redacted() {
        let h = header(
            "Authorization",
            "Bearer abcdefghijklmnopqrstuvwxyz0123456789",
        );
        assert!(h.starts_with("Bearer "));
        assert!(!h.contains("qrstuvwxyz"));
        let c = header(
            "Set-Cookie",
            "session=0123456789abcdefXYZ; Path=/; HttpOnly",
        );
        assert!(c.contains("session="));
        assert!(c.contains("Path=/"));
        assert!(!c.contains("0123456789abcdefXYZ"));
    }
}
