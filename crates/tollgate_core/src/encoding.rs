//! Text encodings of files as they are found in repositories: UTF-8 (with or without a
//! byte-order mark) and UTF-16 (PowerShell's `>` writes it: `pip freeze > requirements.txt`).
//! Everything scanners see is UTF-8 without a BOM; lines are the same as in the file.

/// How far into a file to look for a NUL byte when deciding it is binary.
pub const PROBE: usize = 8 * 1024;

/// A file's content as scanners should see it.
#[derive(Debug, PartialEq, Eq)]
pub enum Text<'a> {
    /// UTF-8 or another ASCII-compatible encoding, as it is (a UTF-8 BOM removed).
    Plain(&'a [u8]),
    /// Decoded from the named encoding into UTF-8.
    Decoded(Vec<u8>, &'static str),
    /// Not text: a NUL byte in the first 8 KiB that is not UTF-16.
    Binary,
}

impl Text<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Text::Plain(b) => b,
            Text::Decoded(v, _) => v,
            Text::Binary => &[],
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether a head of bytes holds a NUL and is not UTF-16 text.
pub fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(PROBE)];
    memchr::memchr(0, head).is_some() && utf16_order(head).is_none()
}

/// `Some(true)` for little-endian UTF-16, `Some(false)` for big-endian, by BOM or, without
/// one, by the shape of text that is mostly ASCII: one byte of each pair is zero.
fn utf16_order(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] => return Some(true),
        [0xFE, 0xFF, ..] => return Some(false),
        _ => {}
    }
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut low_zero, mut high_zero) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        match (p[0], p[1]) {
            (0, 0) => return None, // NUL characters: not text
            (0, _) => low_zero += 1,
            (_, 0) => high_zero += 1,
            _ => {}
        }
    }
    // Nine in ten characters ASCII-range, the same byte of each pair zero.
    if high_zero * 10 >= pairs * 9 {
        Some(true)
    } else if low_zero * 10 >= pairs * 9 {
        Some(false)
    } else {
        None
    }
}

/// The text of a file's bytes.
pub fn decode(bytes: &[u8]) -> Text<'_> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Text::Plain(rest);
    }
    let head = &bytes[..bytes.len().min(PROBE)];
    let has_bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !has_bom && memchr::memchr(0, head).is_none() {
        return Text::Plain(bytes);
    }
    let Some(little) = utf16_order(head) else {
        return Text::Binary;
    };
    let body = if has_bom { &bytes[2..] } else { bytes };
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        if c == '\0' {
            return Text::Binary;
        }
        out.push(c);
    }
    let name = if little { "UTF-16LE" } else { "UTF-16BE" };
    Text::Decoded(out.into_bytes(), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            out.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "requests==2.25.1\r\nurllib3==1.26.4\r\nnaïve==1.0\r\n";
        for little in [true, false] {
            for bom in [true, false] {
                let bytes = utf16(text, little, bom);
                match decode(&bytes) {
                    Text::Decoded(v, _) => assert_eq!(v, text.as_bytes()),
                    other => panic!("{little} {bom}: {other:?}"),
                }
                assert!(!looks_binary(&bytes));
            }
        }
    }

    #[test]
    fn utf8_bom_is_removed_and_binaries_stay_binary() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF[[package]]"),
            Text::Plain(b"[[package]]")
        );
        assert_eq!(decode(b"plain"), Text::Plain(b"plain"));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert_eq!(decode(png), Text::Binary);
        assert!(looks_binary(png));
        // A BOM followed by NUL characters is not text either.
        assert_eq!(decode(&[0xFF, 0xFE, 0, 0, 0, 0]), Text::Binary);
        assert_eq!(decode(&[0xFF, 0xFE]), Text::Decoded(Vec::new(), "UTF-16LE"));
    }
}
