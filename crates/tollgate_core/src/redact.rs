//! Redaction: a secret never leaves the process in full. At most a short prefix and
//! the length are shown, and short values show no characters at all.

use std::ops::Range;

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

/// Characters a snippet shows on each side of its value.
const SHOWN: usize = 80;
/// Bytes read beyond what is shown, so a token crossing the edge is judged whole.
const MARGIN: usize = 64;

/// How many bytes either side of a value [`snippet`] reads at most: the characters it
/// shows (up to 4 bytes each) and a margin beyond them.
pub const SNIPPET_REACH: usize = SHOWN * 4 + MARGIN;

/// The part of the line holding `span` that [`snippet`] needs: from the line's start, or
/// one byte more than [`SNIPPET_REACH`] before `span`, to the line's end, or as far past
/// `span`. Its cost does not grow with the length of the line.
pub fn snippet_window(content: &[u8], span: Range<usize>) -> Range<usize> {
    let start = span.start.min(content.len());
    let back = start.saturating_sub(SNIPPET_REACH + 1);
    let line_start = memchr::memrchr(b'\n', &content[back..start]).map_or(back, |i| back + i + 1);
    let limit = content
        .len()
        .min(span.end.max(start).saturating_add(SNIPPET_REACH + 1));
    let line_end = memchr::memchr(b'\n', &content[start..limit]).map_or(limit, |i| start + i);
    line_start..line_end
}

/// A one-line snippet of `line` around the value at `focus` (byte ranges relative to the
/// line): up to 80 characters either side, trimmed, `…` where the line goes on. The focus
/// is shown as its redaction, and so is everything else in the shown text that may be a
/// secret: the ranges in `masked` (the other secrets a scanner found there) and every
/// token that looks like a credential (see [`mask`]). At most [`SNIPPET_REACH`] bytes either
/// side of the focus are read, so for a long line a caller may pass just its
/// [`snippet_window`]; `masked` may hold ranges anywhere, those outside are ignored.
pub fn snippet(line: &[u8], focus: Range<usize>, masked: &[Range<usize>]) -> String {
    let start = char_start(line, focus.start.min(line.len()), false);
    let end = focus.end.clamp(start, line.len());
    let show_lo = chars_back(line, start, SHOWN);
    let show_hi = chars_forward(line, end, SHOWN);
    let lo = char_start(line, show_lo.saturating_sub(MARGIN), true);
    let hi = char_start(line, show_hi.saturating_add(MARGIN).min(line.len()), false);
    // Only text, not indentation or trailing blanks, makes an edge worth marking.
    let cut_before = line[..show_lo]
        .iter()
        .rev()
        .any(|b| !b.is_ascii_whitespace());
    let cut_after = line[show_hi..].iter().any(|b| !b.is_ascii_whitespace());
    // A secret shown twice on a line is masked wherever it stands, not only where found.
    let mut spans: Vec<Range<usize>> = masked.to_vec();
    for pat in std::iter::once(start..end).chain(masked.iter().cloned()) {
        let pat = &line[pat.start.min(line.len())..pat.end.min(line.len())];
        if pat.len() < 6 {
            continue;
        }
        spans.extend(
            memchr::memmem::find_iter(&line[lo..hi], pat).map(|i| lo + i..lo + i + pat.len()),
        );
    }
    spans.sort_by_key(|r| (r.start, r.end));
    let masks = masks_within(line, lo..hi, show_lo..show_hi, &spans, start..end);
    let before = render(line, show_lo..start, &masks);
    let after = render(line, end..show_hi, &masks);
    let before = tail_chars(before.trim_start(), SHOWN, cut_before);
    let after = head_chars(after.trim_end(), SHOWN, cut_after);
    format!("{before}{}{after}", redact(&line[start..end])).replace(['\t', '\r'], " ")
}

/// `text` with the byte ranges in `masked`, every token that looks random (16 or more
/// letters, digits and `+/_-.~`, mixing character classes with high entropy) and every value
/// assigned to a credential-like name (`password=`, `"api_key":`, `Authorization: Bearer`)
/// replaced by its redaction. For text from scanned input that a report shows, such as
/// the reason of an inline suppression.
pub fn mask(text: &[u8], masked: &[Range<usize>]) -> String {
    let masks = masks_within(text, 0..text.len(), 0..text.len(), masked, 0..0);
    render(text, 0..text.len(), &masks)
}

/// A one-line snippet of `line` with the byte range `secret` redacted: [`snippet`] with no
/// other ranges known.
pub fn redacted_snippet(line: &[u8], secret: Range<usize>) -> String {
    snippet(line, secret, &[])
}

fn is_char_start(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

/// Where the `n`th character before `from` starts (or the start of `text`).
fn chars_back(text: &[u8], from: usize, n: usize) -> usize {
    let (mut at, mut count) = (from, 0);
    while at > 0 && count < n {
        at -= 1;
        if is_char_start(text[at]) {
            count += 1;
        }
    }
    at
}

/// Where the `n` characters from `from` end (or the end of `text`).
fn chars_forward(text: &[u8], from: usize, n: usize) -> usize {
    let (mut at, mut count) = (from, 0);
    while at < text.len() {
        if is_char_start(text[at]) {
            if count == n {
                break;
            }
            count += 1;
        }
        at += 1;
    }
    at
}

/// The nearest start of a UTF-8 character at or after (`forward`) or before `at`.
fn char_start(text: &[u8], mut at: usize, forward: bool) -> usize {
    while at > 0 && at < text.len() && !is_char_start(text[at]) {
        if forward {
            at += 1;
        } else {
            at -= 1;
        }
    }
    at
}

/// Sorted, disjoint ranges to redact in `shown`, judged on the text in `read` (which holds
/// it), none overlapping `keep` (the focus, which the caller redacts itself).
fn masks_within(
    text: &[u8],
    read: Range<usize>,
    shown: Range<usize>,
    given: &[Range<usize>],
    keep: Range<usize>,
) -> Vec<Range<usize>> {
    let (lo, hi) = (read.start, read.end);
    let known = disjoint(
        given
            .iter()
            .map(|r| r.start.max(lo)..r.end.min(hi))
            .filter(|r| r.start < r.end)
            .chain([keep.clone()].into_iter().filter(|k| !k.is_empty()))
            .collect(),
    );
    let mut found = Vec::new();
    random_tokens(text, read, shown, &known, &mut found);
    assigned_values(text, lo, hi, &mut found);
    found.extend(known.into_iter().filter(|k| *k != keep));
    let merged = disjoint(found);
    let mut out = Vec::with_capacity(merged.len());
    // What is left of a mask around the focus (the `//` before a webhook URL's host) stays
    // readable when it is too short or holds no letter or digit to be secret material.
    let worth_masking =
        |r: &Range<usize>| r.len() >= 4 && text[r.clone()].iter().any(u8::is_ascii_alphanumeric);
    for r in merged {
        if r.end <= keep.start || r.start >= keep.end || keep.is_empty() {
            out.push(r);
            continue;
        }
        out.extend(
            [r.start..keep.start, keep.end..r.end]
                .into_iter()
                .filter(|part| part.start < part.end && worth_masking(part)),
        );
    }
    out
}

/// `ranges` sorted, with overlapping ones joined.
fn disjoint(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(m) if r.start < m.end => m.end = m.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The text of `range` with the masks in it redacted. A mask reaching beyond `range` (a
/// token cut off by the edge of what is shown) shows none of its characters.
fn render(text: &[u8], range: Range<usize>, masks: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    let first = masks.partition_point(|m| m.end <= range.start);
    for m in &masks[first..] {
        if m.start >= range.end {
            break;
        }
        let (s, e) = (m.start.max(at), m.end.min(range.end));
        out.push_str(&String::from_utf8_lossy(&text[at..s]));
        if m.start < range.start || m.end > range.end {
            out.push('…');
        } else {
            out.push_str(&redact(&text[s..e]));
        }
        at = e;
    }
    out.push_str(&String::from_utf8_lossy(&text[at..range.end]));
    out
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'_' | b'-' | b'.' | b'~')
}

/// Tokens in `read` that look like random credentials and reach into `shown`.
fn random_tokens(
    text: &[u8],
    read: Range<usize>,
    shown: Range<usize>,
    known: &[Range<usize>],
    out: &mut Vec<Range<usize>>,
) {
    // Known secrets (sorted, disjoint) are masked already: their tokens need no judging.
    let is_known = |t: &Range<usize>| {
        let i = known.partition_point(|k| k.start <= t.start);
        i > 0 && known[i - 1].end >= t.end
    };
    let (mut i, hi) = (read.start, read.end);
    while i < hi {
        if !is_token_byte(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < hi && is_token_byte(text[i]) {
            i += 1;
        }
        if i > shown.start
            && start < shown.end
            && !is_known(&(start..i))
            && looks_random(&text[start..i])
        {
            out.push(start..i);
        }
    }
}

/// Whether a token (ASCII letters, digits and `+/_-.~`) looks like a random credential
/// rather than a word, identifier, host name, path or version. Random strings of 16 or
/// more characters switch between letters and digits often (every fifth character or
/// more), or break their lowercase letters into short runs between capitals; identifiers
/// do neither.
pub fn looks_random(token: &[u8]) -> bool {
    if token.len() < 16 {
        return false;
    }
    let (mut lower, mut upper, mut digit, mut alnum_only) = (false, false, false, true);
    let mut hex_only = true;
    let (mut switches, mut lower_runs, mut lower_len, mut upper_runs) = (0, 0, 0, 0);
    let mut prev = 0u8;
    for &b in token {
        if b.is_ascii_lowercase() {
            lower = true;
            lower_len += 1;
            lower_runs += usize::from(!prev.is_ascii_lowercase());
        } else if b.is_ascii_uppercase() {
            upper = true;
            upper_runs += usize::from(!prev.is_ascii_uppercase());
        } else if b.is_ascii_digit() {
            digit = true;
        } else {
            alnum_only = false;
        }
        hex_only &= b.is_ascii_hexdigit() || b == b'-';
        if (b.is_ascii_digit() && prev.is_ascii_alphabetic())
            || (b.is_ascii_alphabetic() && prev.is_ascii_digit())
        {
            switches += 1;
        }
        prev = b;
    }
    let shaped =
        // Letters and digits interleaved, as in keys, hex digests and base64.
        (digit && (lower || upper) && switches >= 4 && switches * 5 >= token.len())
        // Hex with dashes: digests, UUIDs and the credentials shaped like them.
        || (hex_only && digit && (lower || upper) && switches >= 4)
        // Capitals and digits only, in one piece: base32 and key ids, not constant names.
        || (digit && upper && !lower && alnum_only)
        // camelCase keeps several lowercase letters after each capital; random text does not.
        || (lower && upper && upper_runs >= 3 && lower_len * 2 < lower_runs * 5);
    shaped && byte_entropy(token) >= 3.0
}

/// Shannon entropy in bits per byte. Touches only the bytes present: it runs for many
/// short tokens.
fn byte_entropy(v: &[u8]) -> f32 {
    let mut counts = [0u32; 256];
    for &b in v {
        counts[b as usize] += 1;
    }
    let n = v.len() as f32;
    let mut sum = 0.0;
    for &b in v {
        let c = std::mem::take(&mut counts[b as usize]);
        if c > 0 {
            let p = c as f32 / n;
            sum -= p * p.log2();
        }
    }
    sum
}

/// Values assigned to credential-like names in `lo..hi`: `key = value`, `key: value`,
/// `"key": "value"`, `key := value`, `key => value`, `key == value`.
fn assigned_values(text: &[u8], lo: usize, hi: usize, out: &mut Vec<Range<usize>>) {
    let mut i = lo;
    while i < hi {
        if !matches!(text[i], b'=' | b':') {
            i += 1;
            continue;
        }
        let op_start = i;
        while i < hi && matches!(text[i], b'=' | b':' | b'>') {
            i += 1;
        }
        let op = &text[op_start..i];
        if !matches!(op, b"=" | b":" | b":=" | b"=>" | b"==" | b"===")
            || (op == b":" && text[i..hi].starts_with(b"//"))
        {
            continue;
        }
        let mut key_end = op_start;
        while key_end > lo && matches!(text[key_end - 1], b' ' | b'\t') {
            key_end -= 1;
        }
        if key_end > lo && matches!(text[key_end - 1], b'"' | b'\'' | b'`') {
            key_end -= 1;
        }
        let mut key_start = key_end;
        while key_start > lo
            && key_end - key_start < 64
            && (text[key_start - 1].is_ascii_alphanumeric()
                || matches!(text[key_start - 1], b'_' | b'-' | b'.'))
        {
            key_start -= 1;
        }
        if key_start == key_end || !names_credential(&text[key_start..key_end]) {
            continue;
        }
        let mut v = i;
        while v < hi && matches!(text[v], b' ' | b'\t') {
            v += 1;
        }
        if let Some(value) = value_at(text, v, hi) {
            out.push(value);
        }
    }
}

/// The value starting at `at` (quoted or bare), unless it is a reference, a template, a
/// call or a literal keyword rather than a secret.
fn value_at(text: &[u8], mut at: usize, hi: usize) -> Option<Range<usize>> {
    // An escaped quote (`\"` inside a JSON string) opens the value as a quote does.
    if text.get(at) == Some(&b'\\') && matches!(text.get(at + 1), Some(b'"' | b'\'')) {
        at += 1;
    }
    let first = *text.get(at).filter(|_| at < hi)?;
    let quoted = matches!(first, b'"' | b'\'' | b'`');
    let (mut start, mut end) = if quoted {
        let s = at + 1;
        let e = memchr::memchr(first, &text[s.min(hi)..hi]).map_or(hi, |i| s + i);
        (s, e.max(s))
    } else {
        let e = text[at..hi]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b",;&()[]{}<>\"'`".contains(&b))
            .map_or(hi, |i| at + i);
        (at, e)
    };
    while end > start && text[end - 1] == b'\\' {
        end -= 1;
    }
    // `Authorization: Bearer <token>`: the scheme is not the secret, what follows is.
    let scheme = text[start..end]
        .iter()
        .position(|&b| b == b' ')
        .filter(|&sp| {
            let word = text[start..start + sp].to_ascii_lowercase();
            matches!(word.as_slice(), b"bearer" | b"basic" | b"token" | b"digest")
        });
    if let Some(sp) = scheme {
        start += sp + 1;
    } else if !quoted
        && end < hi
        && text[end] == b' '
        && matches!(
            text[start..end].to_ascii_lowercase().as_slice(),
            b"bearer" | b"basic" | b"token" | b"digest"
        )
    {
        return value_at(text, end + 1, hi);
    }
    let value = &text[start..end];
    if value.is_empty()
        || matches!(
            value[0],
            b'$' | b'%'
                | b'{'
                | b'['
                | b'('
                | b'<'
                | b'&'
                | b'*'
                | b'|'
                | b'>'
                | b'!'
                | b'#'
                | b'@'
        )
    {
        return None;
    }
    if !quoted {
        if matches!(text.get(end), Some(b'(' | b'[')) {
            return None; // a call or a lookup
        }
        // References to other names (`settings.DB_PASSWORD`, `String`, `SecretStr`).
        let name_like = value
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'.'));
        if name_like && (value.contains(&b'.') || value[0].is_ascii_uppercase()) {
            return None;
        }
    }
    #[rustfmt::skip]
    const LITERALS: &[&str] = &[
        "null", "none", "nil", "true", "false", "undefined", "str", "string", "bytes",
        "required", "optional",
    ];
    let lower = String::from_utf8_lossy(value).to_ascii_lowercase();
    if LITERALS.contains(&lower.as_str()) {
        return None;
    }
    Some(start..end)
}

/// Whether a key names a credential (`db_password`, `apiKey`, `AWS_SECRET_ACCESS_KEY`,
/// `Authorization`) rather than describing one (`password_hint`, `token_url`, `key_id`).
pub fn names_credential(key: &[u8]) -> bool {
    #[rustfmt::skip]
    const WHOLE: &[&str] = &[
        "password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "secrets",
        "token", "credential", "credentials", "creds", "auth", "authorization", "bearer",
    ];
    // `<kind>_key` and `<kind>key` name keys that are secrets; `primary_key` does not.
    #[rustfmt::skip]
    const KEY_KINDS: &[&str] = &[
        "api", "access", "secret", "private", "signing", "encryption", "master", "client",
        "app", "account", "license", "service", "auth", "shared", "consumer", "subscription",
        "deploy", "ssh", "gpg", "pgp", "aes", "hmac", "jwt", "webhook", "sas", "storage",
    ];
    #[rustfmt::skip]
    const DESCRIPTIVE: &[&str] = &[
        "name", "names", "id", "ids", "url", "uri", "endpoint", "host", "path", "file", "dir",
        "hint", "label", "length", "len", "min", "max", "type", "field", "header", "prefix",
        "suffix", "policy", "ttl", "timeout", "expiry", "expires", "expiration", "format",
        "version", "count", "size", "limit", "mode", "hash", "hashed", "env", "var", "ref",
        "arn", "kind", "rule", "regex", "pattern", "prompt", "message", "msg", "error", "text",
        "title", "description", "placeholder", "help", "enabled", "required", "validator",
        "provider", "manager", "generator", "class", "method", "handler", "location", "source",
        "usage", "reset", "confirm", "forgot", "changed", "strength", "rotation",
    ];
    let is_in = |list: &[&str], w: &str| list.contains(&w);
    let words = key_words(key);
    if words.iter().any(|w| is_in(DESCRIPTIVE, w)) {
        return false;
    }
    words.iter().enumerate().any(|(i, w)| {
        is_in(WHOLE, w)
            || ["password", "passwd", "secret", "token"]
                .iter()
                .any(|s| w.len() > s.len() && w.ends_with(s))
            || (w == "key" && i > 0 && is_in(KEY_KINDS, &words[i - 1]))
            || w.strip_suffix("key")
                .is_some_and(|kind| !kind.is_empty() && is_in(KEY_KINDS, kind))
    })
}

/// The words of a key in snake, kebab, dotted or camel case, lowercased.
fn key_words(key: &[u8]) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for &b in key {
        if !b.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if b.is_ascii_uppercase() && prev_lower {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
        cur.push(b.to_ascii_lowercase() as char);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn tail_chars(s: &str, n: usize, cut: bool) -> String {
    let count = s.chars().count();
    if count > n {
        format!("…{}", s.chars().skip(count - n).collect::<String>())
    } else if cut && !s.starts_with('…') {
        format!("…{s}")
    } else {
        s.to_string()
    }
}

fn head_chars(s: &str, n: usize, cut: bool) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else if cut && !s.ends_with('…') {
        format!("{s}…")
    } else {
        s.to_string()
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
/// Short lowercase names (package names, tier and severity words, simple globs) are shown as
/// they are; anything else — mixed case, other symbols, long or random-looking — only as its
/// redacted form, because it may be a credential.
pub fn quote(value: &str) -> String {
    let n = value.chars().count();
    let plain = n <= 32
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-:/@+*?[]{}!,".contains(c))
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
    let first = out.lines().next().unwrap_or("");
    // Input can hold quote characters of its own, so pairing quotes may go wrong; every
    // token that could be a credential is masked whatever stands around it.
    mask_tokens(first)
}

/// Characters of a token for [`mask_tokens`].
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-+/=.~:@".contains(c)
}

/// Whether a token from a foreign message may be shown: short, a plain lowercase name, or
/// a CamelCase type name without digits.
fn plain_token(t: &str) -> bool {
    let n = t.chars().count();
    if n < 8 || quote(t) == format!("'{t}'") {
        return true;
    }
    let upper = t.chars().filter(char::is_ascii_uppercase).count();
    n <= 40
        && t.chars().all(|c| c.is_ascii_alphabetic())
        && upper * 3 <= n
        && !t
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
}

/// `text` with every token that is not plainly a word replaced by its redaction.
fn mask_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if plain_token(token) {
            out.push_str(token);
        } else {
            out.push_str(&redact(token.as_bytes()));
        }
        token.clear();
    };
    for c in text.chars() {
        if token_char(c) {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
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

    /// A deterministic token of `n` characters from `alphabet`.
    fn token(seed: u64, n: usize, alphabet: &[u8]) -> String {
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize] as char
            })
            .collect()
    }

    const BASE62: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// Everything after the first four characters: what must never be shown.
    fn tail(secret: &str) -> &str {
        &secret[4..]
    }

    fn span_of(line: &str, part: &str) -> Range<usize> {
        let at = line.find(part).expect("part of the line");
        at..at + part.len()
    }

    #[test]
    fn a_snippet_masks_every_secret_on_its_line() {
        // Built at run time so that no scan of this repository reports them.
        let key_id = ["AKIA", "QYLPMN5TRW2XHB7K"].concat();
        let secret = ["wK3pQ9zR7mT2xB5n", "L8vC4hJ6/dF1sG0aY+eU3iO5"].concat();
        let line =
            format!("aws_access_key_id={key_id} aws_secret_access_key={secret} region=eu-west-1");
        let (id, sk) = (span_of(&line, &key_id), span_of(&line, &secret));
        let want = "aws_access_key_id=AKIA…(20 chars) aws_secret_access_key=wK3p…(40 chars) region=eu-west-1";
        assert_eq!(
            snippet(line.as_bytes(), id.clone(), std::slice::from_ref(&sk)),
            want
        );
        assert_eq!(
            snippet(line.as_bytes(), sk.clone(), std::slice::from_ref(&id)),
            want
        );
        // Without the other span too: the value looks random and its key names a credential.
        assert_eq!(snippet(line.as_bytes(), id, &[]), want);
        assert_eq!(snippet(line.as_bytes(), sk, &[]), want);
    }

    #[test]
    fn given_spans_are_masked_even_when_they_look_harmless() {
        let line = "user=alice pin=plain-looking note=fine";
        let s = snippet(
            line.as_bytes(),
            span_of(line, "alice"),
            &[span_of(line, "plain-looking")],
        );
        assert_eq!(s, "user=…(5 chars) pin=pl…(13 chars) note=fine");
    }

    #[test]
    fn random_tokens_are_masked_wherever_they_stand() {
        let hex = token(1, 32, b"0123456789abcdef");
        let b62 = token(2, 24, BASE62);
        let b64 = format!(
            "{}+{}/{}",
            token(3, 14, BASE62),
            token(4, 12, BASE62),
            token(5, 14, BASE62)
        );
        let base32 = token(6, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        let uuid = format!(
            "{}-{}-4{}-a{}-{}",
            token(7, 8, b"0123456789abcdef"),
            token(8, 4, b"0123456789abcdef"),
            token(9, 3, b"0123456789abcdef"),
            token(10, 3, b"0123456789abcdef"),
            token(11, 12, b"0123456789abcdef")
        );
        for t in [&hex, &b62, &b64, &base32, &uuid] {
            assert!(looks_random(t.as_bytes()), "{t}");
            let line = format!("    retry(3); // fallback {t}, see ticket PAY-1234");
            let m = mask(line.as_bytes(), &[]);
            assert!(!m.contains(tail(t)), "{m}");
            assert!(
                m.starts_with("    retry(3); // fallback ") && m.ends_with(", see ticket PAY-1234"),
                "{m}"
            );
        }
    }

    #[test]
    fn values_of_credential_names_are_masked_however_plain() {
        for (line, value) in [
            ("db_password = \"hunter22\"", "hunter22"),
            (
                "{\"api_key\": \"plainvalue\", \"user\": \"bob\"}",
                "plainvalue",
            ),
            ("DB_PASSWORD=letmein", "letmein"),
            ("export GITHUB_TOKEN=abcdefgh1", "abcdefgh1"),
            (
                "headers = {'Authorization': 'Bearer opaque.value'}",
                "opaque.value",
            ),
            ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
            (
                // tollgate:ignore synthetic value for a test
                "conn = \"Server=db;Password=Winter2024;Encrypt=true\"",
                "Winter2024",
            ),
            ("secret := `correct horse battery`", "correct horse battery"),
            // tollgate:ignore synthetic value for a test
            ("if (clientSecret == \"abc123xyz\") {", "abc123xyz"),
            (
                "url = \"https://pay.example/cb?token=tk9abc&x=1\"",
                "tk9abc",
            ),
            (
                "\"client = Api(api_key=\\\"plainvalue\\\")\\n\",",
                "plainvalue",
            ),
        ] {
            let m = mask(line.as_bytes(), &[]);
            assert!(!m.contains(value), "{line} -> {m}");
        }
    }

    #[test]
    fn credential_names_and_descriptive_ones() {
        for k in [
            "db_password",
            "apiKey",
            "AWS_SECRET_ACCESS_KEY",
            "Authorization",
            "clientSecret",
            "privatekey",
            "stripe.api_key",
            "--password",
            "SIGNING_KEY",
            "authToken",
        ] {
            assert!(names_credential(k.as_bytes()), "{k}");
        }
        for k in [
            "password_hint",
            "token_url",
            "api_key_id",
            "primary_key",
            "sort_key",
            "monkey",
            "keyboard",
            "bypass",
            "max_tokens",
            "user",
            "passwordMinLength",
        ] {
            assert!(!names_credential(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn near_misses_stay_readable() {
        for line in [
            "let total = compute_total(batch.items, settlement_batch_total_amount);",
            "fn getUserAccountBalanceForSettlement(account: &AccountNumberValidator) -> PaymentGatewayClient {",
            "include!(\"src/main/java/com/bank/PaymentGateway.java\"); // see /usr/local/lib/python3.11/site-packages",
            "dependency log4j-core-2.17.1.jar uses sha256WithRSAEncryption and utf8mb4_unicode_ci",
            "XMLHttpRequestFactory.newInstance(com.fasterxml.jackson.databind.ObjectMapper)",
            "image: registry.bank.internal/payments/settlement-worker:v2.14.3-alpine3.19",
            "url = \"https://cluster0.a1b2c.mongodb.net/kyc\" # replica set rs0",
            "password_hint = \"Use at least 12 characters\"",
            "token_url = \"https://auth.bank.example/oauth2/token\"",
            "password = os.environ[\"DB_PASSWORD\"]",
            "secret = settings.SECRET_KEY",
            "api_key: ${API_KEY}",
            "password: {{ .Values.db.password }}",
            "token = generate_token(user, ttl=3600)",
            "fn login(user: &str, password: &str, token: String) -> Result<Session, AuthError>",
            "max_tokens: 4096, passwordMinLength: 12, api_key_id: 7",
            "cargo run -q -- rules --format markdown > docs/rules.md",
        ] {
            assert_eq!(mask(line.as_bytes(), &[]), line);
        }
    }

    #[test]
    fn snippets_of_long_lines_read_only_near_the_value() {
        let tokens: Vec<String> = (0..25_000).map(|i| token(i, 36, BASE62)).collect();
        let line = tokens
            .iter()
            .map(|t| format!("ghp_{t}"))
            .collect::<Vec<_>>()
            .join(" ");
        let focus = span_of(&line, &tokens[12_000]);
        let s = snippet(line.as_bytes(), focus.clone(), &[]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() < 3 * SHOWN, "{s}");
        for t in &tokens[11_990..12_010] {
            assert!(!s.contains(&t[4..]), "{t} in {s}");
        }
        // The window is all a snippet reads: the same text from it, at a bounded size.
        let w = snippet_window(line.as_bytes(), focus.clone());
        assert!(w.len() <= 2 * (SNIPPET_REACH + 1) + focus.len());
        let inner = focus.start - w.start..focus.end - w.start;
        assert_eq!(snippet(&line.as_bytes()[w], inner, &[]), s);
    }

    #[test]
    fn short_lines_keep_their_edges() {
        // tollgate:ignore synthetic value for a test
        let line = "\t  token = \"Zx9!vQ2#mP7@kL4$\"   ";
        let s = snippet(line.as_bytes(), span_of(line, "Zx9!vQ2#mP7@kL4$"), &[]);
        assert_eq!(s, "token = \"Zx9!…(16 chars)\"");
        // Multi-byte text on both sides is cut on character boundaries.
        let line = format!(
            "{}key=\"Zx9!vQ2#mP7@kL4$\"{}",
            "é".repeat(200),
            "ü".repeat(200)
        );
        let s = snippet(line.as_bytes(), span_of(&line, "Zx9!vQ2#mP7@kL4$"), &[]);
        assert_eq!(
            s,
            format!(
                "…{}key=\"Zx9!…(16 chars)\"{}…",
                "é".repeat(75),
                "ü".repeat(79)
            )
        );
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

    #[test]
    fn scrub_masks_tokens_even_when_the_input_holds_quotes() {
        // From the fuzzer: quote characters inside the value misalign quote pairing.
        let m = scrub(
            "unknown field `'V2v6KKZH7OVs1oleXo82i7IEsV1mXRpcPy', expected `format` or `proof`",
        );
        assert!(!m.contains("V2v6KKZH7OVs"), "{m}");
        assert!(m.starts_with("unknown field"), "{m}");
        let m = scrub("invalid type: string \"'L5pD3sF6hJ11\\'L5pD3sF6hJ11L5pD\", expected u32");
        assert!(!m.contains("L5pD3sF6hJ11"), "{m}");
        // A token whose redaction happens to be as long as itself plus quotes.
        let m = scrub("unknown field …6KKZ'sV1mXRpcP0xaD0s76', expected");
        assert!(!m.contains("sV1mXRpcP0xa"), "{m}");
        // Type names and plain words stay readable.
        assert_eq!(
            scrub("invalid type: map, expected ScanReport"),
            "invalid type: map, expected ScanReport"
        );
    }

    #[test]
    fn a_secret_shown_twice_on_a_line_is_masked_twice() {
        // tollgate:ignore synthetic value for a test
        let line = b"curl -u bot:sgk-Lb9sRg4SZIvet https://nexus/ && echo bot:sgk-Lb9sRg4SZIvet";
        let at = 8..29;
        let s = snippet(line, at, &[]);
        assert!(!s.contains("Lb9sRg4SZ"), "{s}");
    }
}
