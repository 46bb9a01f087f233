//! Hand-made TLS handshakes for what rustls will not speak: a ClientHello at TLS 1.0 or
//! 1.1, or at TLS 1.2 offering only broken cipher suites, and a reader for the first thing
//! the server answers (a ServerHello, an alert, or something else). Nothing past the
//! ServerHello is ever parsed or sent: the probe learns which version and suite the server
//! picked, then hangs up, so no key exchange takes place.
//!
//! The reader is total: any bytes give an answer or a request for more, never a panic, and
//! it never asks for more than [`MAX_ANSWER`] bytes.

/// Record and hello version numbers.
pub const TLS10: u16 = 0x0301;
pub const TLS11: u16 = 0x0302;
pub const TLS12: u16 = 0x0303;

/// Most bytes of the server's answer the reader looks at before it gives up.
pub const MAX_ANSWER: usize = 32 << 10;

/// A suite a probe may offer, with the name the registry gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite {
    pub id: u16,
    pub name: &'static str,
}

const fn s(id: u16, name: &'static str) -> Suite {
    Suite { id, name }
}

/// What a TLS 1.0 or 1.1 server would pick: the CBC suites of that era, plus 3DES and RC4,
/// so a legacy server finds something it knows.
pub const LEGACY_SUITES: &[Suite] = &[
    s(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    s(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    s(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    s(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    s(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    s(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    s(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    s(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    s(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
    s(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
];

/// Suites no server should ever choose: RC4, 3DES (Sweet32), export grade, NULL
/// encryption, and anonymous key exchange (no server authentication at all).
pub const WEAK_SUITES: &[Suite] = &[
    s(0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
    s(0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
    s(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
    s(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
    s(0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
    s(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"),
    s(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"),
    s(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    s(0x0001, "TLS_RSA_WITH_NULL_MD5"),
    s(0x0002, "TLS_RSA_WITH_NULL_SHA"),
    s(0x003B, "TLS_RSA_WITH_NULL_SHA256"),
    s(0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA"),
    s(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"),
    s(0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"),
    s(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
    s(0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"),
    s(0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"),
];

/// The name of a suite from either list, or its number.
pub fn suite_name(id: u16) -> String {
    LEGACY_SUITES
        .iter()
        .chain(WEAK_SUITES)
        .find(|s| s.id == id)
        .map_or_else(|| format!("0x{id:04X}"), |s| s.name.to_string())
}

/// `TLS 1.0` for 0x0301 and so on.
pub fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSL 3.0".into(),
        TLS10 => "TLS 1.0".into(),
        TLS11 => "TLS 1.1".into(),
        TLS12 => "TLS 1.2".into(),
        0x0304 => "TLS 1.3".into(),
        other => format!("version 0x{other:04X}"),
    }
}

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// `body` with its length in front, in `width` bytes (at most 3).
fn with_len(width: usize, body: &[u8]) -> Vec<u8> {
    let len = (body.len() as u32).to_be_bytes();
    let mut out = len[4 - width..].to_vec();
    out.extend_from_slice(body);
    out
}

fn extension(kind: u16, body: &[u8]) -> Vec<u8> {
    let mut out = kind.to_be_bytes().to_vec();
    out.extend(with_len(2, body));
    out
}

/// A whole ClientHello record: record-layer version `record_version`, hello version
/// `client_version`, the `suites` (and the renegotiation SCSV), no compression, and the
/// extensions a server of any era expects: server name (when `sni` is a DNS name, never an
/// address, as RFC 6066 says), elliptic curves and point formats, and for TLS 1.2 the
/// signature algorithms.
pub fn client_hello(
    record_version: u16,
    client_version: u16,
    suites: &[u16],
    sni: Option<&str>,
    random: [u8; 32],
) -> Vec<u8> {
    let mut hello = Vec::with_capacity(256);
    put_u16(&mut hello, client_version);
    hello.extend_from_slice(&random);
    hello.push(0); // no session to resume
    let mut list = Vec::new();
    // At most what fits the two-byte length; the probes offer a few dozen.
    for id in suites.iter().take(1000) {
        put_u16(&mut list, *id);
    }
    put_u16(&mut list, 0x00FF); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
    hello.extend(with_len(2, &list));
    hello.extend_from_slice(&[1, 0]); // compression: null only
    let mut ext = Vec::new();
    if let Some(name) = sni.filter(|h| is_dns_name(h)) {
        let name = &name.as_bytes()[..name.len().min(255)];
        let mut entry = vec![0u8]; // host_name
        entry.extend(with_len(2, name));
        ext.extend(extension(0x0000, &with_len(2, &entry)));
    }
    // x25519, secp256r1, secp384r1
    ext.extend(extension(
        0x000A,
        &with_len(2, &[0x00, 0x1D, 0x00, 0x17, 0x00, 0x18]),
    ));
    ext.extend(extension(0x000B, &with_len(1, &[0]))); // uncompressed points
    if client_version >= TLS12 {
        // rsa_pkcs1_sha256/384, ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha1
        let algs = [0x04, 0x01, 0x05, 0x01, 0x04, 0x03, 0x08, 0x04, 0x02, 0x01];
        ext.extend(extension(0x000D, &with_len(2, &algs)));
    }
    hello.extend(with_len(2, &ext));
    let mut handshake = vec![1u8]; // client_hello
    handshake.extend(with_len(3, &hello));
    let mut record = vec![22u8]; // handshake
    put_u16(&mut record, record_version);
    record.extend(with_len(2, &handshake));
    record
}

/// A name SNI may carry: letters, digits, `-` and `.`, not an IP address.
fn is_dns_name(h: &str) -> bool {
    !h.is_empty()
        && h.parse::<std::net::IpAddr>().is_err()
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// What the server answered a hand-made ClientHello with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It agreed to a handshake at `version` with `suite`.
    ServerHello { version: u16, suite: u16 },
    /// It refused with an alert (`description` 70 is protocol_version, 40 handshake_failure).
    Alert { level: u8, description: u8 },
    /// It closed the connection without answering (a refusal, for most servers).
    Closed,
    /// It answered with something that is not a TLS handshake: why, in words.
    NotTls(String),
}

/// The server's answer in `buf`, or `None` while more bytes could complete it. `eof` says
/// the server closed the connection; then an incomplete answer is [`Answer::NotTls`], and
/// no answer at all is [`Answer::Closed`].
pub fn read_answer(buf: &[u8], eof: bool) -> Option<Answer> {
    let buf = &buf[..buf.len().min(MAX_ANSWER)];
    let more = |why: &str| {
        if eof || buf.len() >= MAX_ANSWER {
            Some(Answer::NotTls(why.to_string()))
        } else {
            None
        }
    };
    // The handshake bytes of consecutive handshake records: a ServerHello may be split.
    let mut handshake: Vec<u8> = Vec::new();
    let mut rest = buf;
    loop {
        let Some(header) = rest.get(..5) else {
            return if buf.is_empty() && eof {
                Some(Answer::Closed)
            } else {
                more("the answer stops inside a record")
            };
        };
        let kind = header[0];
        let major = header[1];
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        if major != 3 || !matches!(kind, 20..=23) {
            return Some(Answer::NotTls(describe(buf)));
        }
        // RFC 8446: a record is at most 2^14 bytes of plaintext (plus 2048 of expansion).
        if len == 0 || len > (1 << 14) + 2048 {
            return Some(Answer::NotTls(format!(
                "a TLS record of impossible length {len}"
            )));
        }
        let Some(fragment) = rest.get(5..5 + len) else {
            return more("the answer stops inside a record");
        };
        rest = &rest[5 + len..];
        match kind {
            21 if handshake.is_empty() => {
                return Some(match fragment {
                    [level, description] => Answer::Alert {
                        level: *level,
                        description: *description,
                    },
                    _ => Answer::NotTls("an alert record that is not two bytes".into()),
                });
            }
            22 => {
                handshake.extend_from_slice(fragment);
                if let Some(answer) = server_hello(&handshake) {
                    return Some(answer);
                }
            }
            _ => {
                return Some(Answer::NotTls(format!(
                    "a TLS record of type {kind} before any ServerHello"
                )))
            }
        }
    }
}

/// The version and suite of the ServerHello at the start of `hs`, `None` while it is cut.
fn server_hello(hs: &[u8]) -> Option<Answer> {
    let kind = *hs.first()?;
    if kind != 2 {
        return Some(Answer::NotTls(format!(
            "handshake message {kind} where a ServerHello (2) belongs"
        )));
    }
    let len = u32::from_be_bytes([0, *hs.get(1)?, *hs.get(2)?, *hs.get(3)?]) as usize;
    // version (2), random (32), session id length (1)
    if len < 38 {
        return Some(Answer::NotTls(
            "a ServerHello too short to hold its fields".into(),
        ));
    }
    let body = hs.get(4..)?;
    let version = u16::from_be_bytes([*body.first()?, *body.get(1)?]);
    let sid = usize::from(*body.get(34)?);
    if sid > 32 || len < 35 + sid + 3 {
        return Some(Answer::NotTls("a ServerHello with a bad session id".into()));
    }
    let at = 35 + sid;
    let suite = u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]);
    Some(Answer::ServerHello { version, suite })
}

/// A short, printable picture of an answer that is not TLS.
fn describe(buf: &[u8]) -> String {
    let shown: String = buf
        .iter()
        .take(24)
        .map(|b| {
            if b.is_ascii_graphic() || *b == b' ' {
                char::from(*b)
            } else {
                '.'
            }
        })
        .collect();
    format!("the answer is not TLS (it begins `{shown}`)")
}

/// The name of an alert description, for messages.
pub fn alert_name(description: u8) -> String {
    match description {
        0 => "close_notify".into(),
        10 => "unexpected_message".into(),
        40 => "handshake_failure".into(),
        47 => "illegal_parameter".into(),
        50 => "decode_error".into(),
        70 => "protocol_version".into(),
        71 => "insufficient_security".into(),
        80 => "internal_error".into(),
        86 => "inappropriate_fallback".into(),
        112 => "unrecognized_name".into(),
        other => format!("alert {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ServerHello record as a server would send it.
    fn server_hello_record(version: u16, suite: u16, sid: usize) -> Vec<u8> {
        let mut body = version.to_be_bytes().to_vec();
        body.extend_from_slice(&[7; 32]);
        body.push(sid as u8);
        body.extend(vec![1u8; sid]);
        body.extend_from_slice(&suite.to_be_bytes());
        body.push(0);
        let mut hs = vec![2u8];
        hs.extend(with_len(3, &body));
        let mut rec = vec![22, 3, 1];
        rec.extend(with_len(2, &hs));
        rec
    }

    #[test]
    fn the_hello_is_well_formed() {
        let h = client_hello(
            TLS10,
            TLS11,
            &[0x002F, 0x000A],
            Some("bank.example"),
            [9; 32],
        );
        assert_eq!(&h[..3], &[22, 3, 1]);
        let record_len = usize::from(u16::from_be_bytes([h[3], h[4]]));
        assert_eq!(record_len, h.len() - 5);
        assert_eq!(h[5], 1);
        let hs_len = u32::from_be_bytes([0, h[6], h[7], h[8]]) as usize;
        assert_eq!(hs_len, h.len() - 9);
        assert_eq!(&h[9..11], &[3, 2]);
        // suites: two offered, then the SCSV
        assert_eq!(&h[44..52], &[0, 6, 0x00, 0x2F, 0x00, 0x0A, 0x00, 0xFF]);
        assert!(h.windows(12).any(|w| w == b"bank.example"));
        // no server name for an address, no signature algorithms before TLS 1.2
        let ip = client_hello(TLS10, TLS10, &[0x002F], Some("127.0.0.1"), [0; 32]);
        assert!(!ip.windows(9).any(|w| w == b"127.0.0.1"));
        assert!(!ip.windows(2).any(|w| w == [0x00, 0x0D]));
    }

    #[test]
    fn answers_are_read_whole_split_or_cut() {
        let rec = server_hello_record(TLS10, 0x002F, 32);
        let want = Answer::ServerHello {
            version: TLS10,
            suite: 0x002F,
        };
        assert_eq!(read_answer(&rec, false), Some(want.clone()));
        for cut in 0..rec.len() {
            assert_eq!(read_answer(&rec[..cut], false), None, "cut at {cut}");
            let want = if cut == 0 {
                Answer::Closed
            } else {
                Answer::NotTls("the answer stops inside a record".into())
            };
            assert_eq!(read_answer(&rec[..cut], true), Some(want), "cut at {cut}");
        }
        // The same handshake bytes in two records.
        let hs = &rec[5..];
        let mut split = vec![22, 3, 1, 0, 10];
        split.extend_from_slice(&hs[..10]);
        split.extend_from_slice(&[22, 3, 1]);
        split.extend(with_len(2, &hs[10..]));
        assert_eq!(read_answer(&split, false), Some(want));
        assert_eq!(
            read_answer(&[21, 3, 3, 0, 2, 2, 70], false),
            Some(Answer::Alert {
                level: 2,
                description: 70
            })
        );
        assert!(matches!(
            read_answer(b"HTTP/1.1 400 Bad Request\r\n", false),
            Some(Answer::NotTls(m)) if m.contains("HTTP/1.1 400")
        ));
        assert!(matches!(
            read_answer(&[22, 3, 1, 0xFF, 0xFF], false),
            Some(Answer::NotTls(_))
        ));
        assert!(matches!(
            read_answer(&[22, 3, 1, 0, 4, 11, 0, 0, 0], false),
            Some(Answer::NotTls(_))
        ));
        assert_eq!(read_answer(&[], true), Some(Answer::Closed));
        assert_eq!(read_answer(&[], false), None);
    }

    #[test]
    fn the_reader_never_panics_on_mutated_answers() {
        let base = server_hello_record(TLS12, 0x000A, 4);
        for i in 0..base.len() {
            for v in [0u8, 1, 2, 0x7F, 0x80, 0xFF] {
                let mut m = base.clone();
                m[i] = v;
                for eof in [false, true] {
                    let _ = read_answer(&m, eof);
                    let _ = read_answer(&m[..i], eof);
                }
            }
        }
        // A stream of empty-looking records stops at the size bound.
        let many: Vec<u8> = [22u8, 3, 1, 0, 1, 2].repeat(MAX_ANSWER);
        assert!(read_answer(&many, false).is_some());
    }
}
