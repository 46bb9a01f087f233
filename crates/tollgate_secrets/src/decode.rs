//! Values that hide a secret in base64: Kubernetes `Secret` data and base64-encoded PEM
//! blocks (kubeconfig `client-key-data`, Helm values). They are decoded and scanned again.

use crate::engine::decode_base64;
use std::ops::Range;

/// A decoded value and where its encoded form sits in the file.
pub struct Decoded {
    /// Byte range of the value as written in the file.
    pub span: Range<usize>,
    pub bytes: Vec<u8>,
    /// The key of a Kubernetes Secret entry, when it came from one.
    pub secret_key: Option<String>,
    /// Whether the value was base64 (false for `stringData`).
    pub was_base64: bool,
}

/// Every decodable value of interest in `content`.
pub fn candidates(content: &[u8]) -> Vec<Decoded> {
    let mut out = Vec::new();
    if memchr::memmem::find(content, b"Secret").is_some() {
        kubernetes_secret_values(content, &mut out);
    }
    base64_pem_blocks(content, &mut out);
    out
}

/// `data:` and `stringData:` entries of YAML documents whose top-level `kind` is `Secret`.
fn kubernetes_secret_values(content: &[u8], out: &mut Vec<Decoded>) {
    crate::engine::spend(content.len());
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    while pos < content.len() {
        let end = memchr::memchr(b'\n', &content[pos..]).map_or(content.len(), |i| pos + i);
        lines.push(pos..end);
        pos = end + 1;
    }
    let text = |r: &Range<usize>| &content[r.clone()];
    let mut doc_start = 0;
    for i in 0..=lines.len() {
        let boundary = i == lines.len() || text(&lines[i]).starts_with(b"---");
        if !boundary {
            continue;
        }
        let doc = &lines[doc_start..i];
        doc_start = i + 1;
        let is_secret = doc.iter().any(|l| {
            let t = text(l);
            t.strip_prefix(b"kind:").is_some_and(|v| {
                v.trim_ascii().trim_ascii_end() == b"Secret"
                    || v.trim_ascii() == b"\"Secret\""
                    || v.trim_ascii() == b"'Secret'"
            })
        });
        if !is_secret {
            continue;
        }
        let mut section: Option<bool> = None; // Some(true) = data (base64), Some(false) = stringData
        for l in doc {
            let t = text(l);
            let trimmed = t.trim_ascii();
            if trimmed.is_empty() || trimmed.starts_with(b"#") {
                continue;
            }
            if !t[0].is_ascii_whitespace() {
                section = match trimmed.trim_ascii_end() {
                    b"data:" => Some(true),
                    b"stringData:" => Some(false),
                    _ => None,
                };
                continue;
            }
            let Some(base64) = section else { continue };
            let Some(colon) = memchr::memchr(b':', t) else {
                continue;
            };
            let key = t[..colon].trim_ascii();
            let raw = &t[colon + 1..];
            let lead = raw.len() - raw.trim_ascii_start().len();
            let value = raw.trim_ascii();
            let (value, quote) = match value.first() {
                Some(b'"') | Some(b'\'') if value.len() >= 2 && value.last() == value.first() => {
                    (&value[1..value.len() - 1], 1)
                }
                _ => (value, 0),
            };
            if value.is_empty() || value == b"|" || value == b">" {
                continue;
            }
            let start = l.start + colon + 1 + lead + quote;
            let span = start..start + value.len();
            let bytes = if base64 {
                match decode_base64(value) {
                    Some(b) if !b.is_empty() => b,
                    _ => continue,
                }
            } else {
                value.to_vec()
            };
            out.push(Decoded {
                span,
                bytes,
                secret_key: Some(String::from_utf8_lossy(key).into_owned()),
                was_base64: base64,
            });
        }
    }
}

/// `LS0tLS1CRUdJTi` is base64 of `-----BEGIN`: PEM blocks stored base64-encoded.
/// Each run of base64 is measured and decoded once, however many times the marker
/// occurs in it.
fn base64_pem_blocks(content: &[u8], out: &mut Vec<Decoded>) {
    // Kubernetes values found before, in file order: a PEM inside one is decoded there.
    let known: Vec<Range<usize>> = out.iter().map(|d| d.span.clone()).collect();
    let mut tried_to = 0;
    for start in memchr::memmem::find_iter(content, b"LS0tLS1CRUdJTi") {
        if start < tried_to {
            continue;
        }
        let i = known.partition_point(|s| s.end <= start);
        if known.get(i).is_some_and(|s| s.start <= start) {
            continue;
        }
        let body = content[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
            .count();
        let padding = content[start + body..]
            .iter()
            .take(2)
            .take_while(|&&b| b == b'=')
            .count();
        let len = body + padding;
        tried_to = start + len;
        crate::engine::spend(len);
        if len < 64 {
            continue;
        }
        let span = start..start + len;
        if let Some(bytes) = decode_base64(&content[span.clone()]) {
            if bytes.starts_with(b"-----BEGIN") {
                out.push(Decoded {
                    span,
                    bytes,
                    secret_key: None,
                    was_base64: true,
                });
            }
        }
    }
}

/// Whether a Secret's key names a credential (`password`, `api-key`, `tls.key`, `DSN`).
pub fn names_credential(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "pass",
        "pwd",
        "secret",
        "token",
        "key",
        "credential",
        "auth",
        "dsn",
        "connection",
        "private",
    ]
    .iter()
    .any(|w| k.contains(w))
        && !crate::filter::key_is_descriptive(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secret_data_and_skips_other_kinds() {
        // tollgate:ignore[generic-password] synthetic Secret manifest for the decoder test
        let yaml = b"apiVersion: v1\nkind: ConfigMap\ndata:\n  password: c2VjcmV0\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: \"UzNjcjN0UEBzcw==\"\nstringData:\n  token: plain-Value-9\ntype: Opaque\n";
        let found = candidates(yaml);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].bytes, b"S3cr3tP@ss");
        assert_eq!(&yaml[found[0].span.clone()], b"UzNjcjN0UEBzcw==");
        assert_eq!(found[0].secret_key.as_deref(), Some("password"));
        assert!(!found[1].was_base64);
        assert_eq!(found[1].bytes, b"plain-Value-9");
    }

    #[test]
    fn base64_pem() {
        let pem =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
        let enc = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pem);
        let text = format!("users:\n- name: a\n  user:\n    client-key-data: {enc}\n");
        let found = candidates(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert!(found[0].bytes.starts_with(b"-----BEGIN RSA"));
    }

    #[test]
    fn credential_key_names() {
        assert!(names_credential("DB_PASSWORD"));
        assert!(names_credential("tls.key"));
        assert!(!names_credential("username"));
        assert!(!names_credential("ca.crt"));
        assert!(!names_credential("password-min-length"));
    }
}
