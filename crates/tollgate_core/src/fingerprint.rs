//! Stable finding identities: independent of line numbers, so a finding keeps its
//! identity when the code around it moves.

use sha2::{Digest, Sha256};

/// Lowercase hex of SHA-256 over the parts, each followed by a NUL separator.
pub fn digest_parts(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
        h.update([0u8]);
    }
    hex(&h.finalize())
}

/// Fingerprint of a finding: rule, path and normalised content (whitespace collapsed).
/// 32 hex characters (128 bits) is plenty for identity and keeps reports short.
pub fn fingerprint(rule_id: &str, path: &str, content: &[u8]) -> String {
    let normalised: Vec<u8> = content
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(&b' ');
    let mut d = digest_parts(&[rule_id.as_bytes(), path.as_bytes(), &normalised]);
    d.truncate(32);
    d
}

/// Lowercase hex encoding.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256 of some bytes in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`: request signatures of credential
/// validation, JWT signatures of dynamic tests. A few lines over `sha2`, no crate.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_does_not_change_identity() {
        let a = fingerprint("secrets/x", "a.py", b"key =  'abc'");
        let b = fingerprint("secrets/x", "a.py", b"key = 'abc'\n");
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("secrets/x", "b.py", b"key = 'abc'"));
        assert_ne!(a, fingerprint("secrets/y", "a.py", b"key = 'abc'"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn sha256_known_answer() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
