//! Certificates and keys for the CBOM: PEM blocks and DER files read for their
//! algorithms and sizes only.
//!
//! Key material never leaves this module: what is kept of a key is its kind, algorithm
//! and size, and every error is one of a few fixed sentences (never a decoder's message,
//! which could quote the input).

use super::{Asset, Certificate, CryptoUse, Key};

/// What one file holds, and what could not be read (line, reason).
#[derive(Debug, Default)]
pub struct Read {
    pub uses: Vec<CryptoUse>,
    pub assets: Vec<Asset>,
    pub errors: Vec<(Option<u32>, String)>,
}

/// More PEM blocks than this in one file are not read (a CA bundle has a few hundred).
const MAX_BLOCKS: usize = 4096;

/// One `-----BEGIN label-----` … `-----END label-----` block: its label, the line of
/// its BEGIN, and its decoded body (`None` when the base64 or the END line is broken).
struct Block {
    label: String,
    line: u32,
    der: Option<Vec<u8>>,
}

impl Drop for Block {
    fn drop(&mut self) {
        // The body of a private key: overwritten before the memory is given back.
        if let Some(d) = self.der.as_mut() {
            d.iter_mut().for_each(|b| *b = 0);
            std::hint::black_box(d);
        }
    }
}

fn pem_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, l)) = lines.next() {
        let l = l.trim();
        let Some(label) = l
            .strip_prefix("-----BEGIN ")
            .and_then(|r| r.strip_suffix("-----"))
        else {
            continue;
        };
        if out.len() >= MAX_BLOCKS {
            break;
        }
        let label = label.trim().to_string();
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut closed = false;
        for (_, l) in lines.by_ref() {
            let l = l.trim();
            if l == end {
                closed = true;
                break;
            }
            if l.starts_with("-----") {
                break;
            }
            // RFC 1421 headers of legacy encrypted keys (`Proc-Type: 4,ENCRYPTED`).
            if l.contains(':') {
                continue;
            }
            body.push_str(l);
            if body.len() > 1 << 20 {
                break;
            }
        }
        let der = if closed { base64(&body) } else { None };
        body.iter_mut_zero();
        out.push(Block {
            label,
            line: i as u32 + 1,
            der,
        });
    }
    out
}

trait Zero {
    fn iter_mut_zero(&mut self);
}

impl Zero for String {
    /// Clears the base64 of a key before the memory is given back.
    fn iter_mut_zero(&mut self) {
        let mut v = std::mem::take(self).into_bytes();
        v.iter_mut().for_each(|b| *b = 0);
        std::hint::black_box(&v);
    }
}

/// Standard base64, padding optional; `None` on any other character.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut n = 0;
    let mut pad = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => return None,
    }
    (pad <= 2).then_some(out)
}

/// A DER element: its tag byte and contents.
#[derive(Clone, Copy)]
struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
}

/// The first element of `d` and what follows it. Definite lengths only (DER).
fn tlv(d: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = d.split_first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags do not occur in what is read here
    }
    let (&l0, rest) = rest.split_first()?;
    let (len, rest) = if l0 < 0x80 {
        (usize::from(l0), rest)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Tlv {
            tag,
            body: &rest[..len],
        },
        &rest[len..],
    ))
}

/// The elements of a constructed element's contents, in order.
fn children(d: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = d;
    while !rest.is_empty() {
        let (t, r) = tlv(rest)?;
        out.push(t);
        rest = r;
        if out.len() > 64 {
            return None;
        }
    }
    Some(out)
}

fn seq(d: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let (t, _) = tlv(d)?;
    (t.tag == 0x30).then_some(())?;
    children(t.body)
}

/// An OBJECT IDENTIFIER's dotted form.
fn oid(t: Tlv<'_>) -> Option<String> {
    if t.tag != 0x06 || t.body.is_empty() || t.body.len() > 64 {
        return None;
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for (i, b) in t.body.iter().enumerate() {
        if v > u64::MAX >> 8 {
            return None;
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        } else if i + 1 == t.body.len() {
            return None;
        }
    }
    Some(
        arcs.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// The bit length of an INTEGER (a modulus), leading zero bytes left out.
fn int_bits(t: Tlv<'_>) -> Option<u32> {
    if t.tag != 0x02 {
        return None;
    }
    let b = t.body;
    let first = b.iter().position(|x| *x != 0)?;
    let len = u32::try_from(b.len() - first).ok()?;
    Some((len - 1) * 8 + (8 - b[first].leading_zeros()))
}

/// A key algorithm as the inventory names it.
#[derive(Clone, Debug, PartialEq)]
struct KeyAlg {
    algorithm: &'static str,
    primitive: &'static str,
    size: Option<u32>,
    curve: Option<&'static str>,
}

/// Named curves: OID, CycloneDX curve name, size in bits.
const CURVES: &[(&str, &str, u32)] = &[
    ("1.2.840.10045.3.1.7", "nist/P-256", 256),
    ("1.3.132.0.34", "nist/P-384", 384),
    ("1.3.132.0.35", "nist/P-521", 521),
    ("1.3.132.0.33", "nist/P-224", 224),
    ("1.2.840.10045.3.1.1", "nist/P-192", 192),
    ("1.3.132.0.10", "secg/secp256k1", 256),
    ("1.3.36.3.3.2.8.1.1.7", "brainpool/brainpoolP256r1", 256),
    ("1.3.36.3.3.2.8.1.1.11", "brainpool/brainpoolP384r1", 384),
    ("1.3.36.3.3.2.8.1.1.13", "brainpool/brainpoolP512r1", 512),
];

fn curve(oid: &str) -> Option<(&'static str, u32)> {
    CURVES
        .iter()
        .find(|c| c.0 == oid)
        .map(|&(_, name, bits)| (name, bits))
}

fn rsa(size: Option<u32>) -> KeyAlg {
    KeyAlg {
        algorithm: "RSA",
        primitive: "pke",
        size,
        curve: None,
    }
}

fn ec(curve_oid: Option<String>) -> KeyAlg {
    let c = curve_oid.as_deref().and_then(curve);
    KeyAlg {
        algorithm: "ECDSA",
        primitive: "signature",
        size: c.map(|c| c.1),
        curve: c.map(|c| c.0),
    }
}

/// A key algorithm from an AlgorithmIdentifier's OID and parameters; `rsa_key` holds
/// what the RSA modulus is read from (an RSAPublicKey or RSAPrivateKey).
fn key_alg(alg: &str, params: Option<Tlv<'_>>, rsa_key: Option<&[u8]>) -> Option<KeyAlg> {
    let fixed = |algorithm, primitive, size| KeyAlg {
        algorithm,
        primitive,
        size: Some(size),
        curve: None,
    };
    Some(match alg {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => rsa(rsa_key.and_then(rsa_modulus_bits)),
        "1.2.840.10045.2.1" => ec(params.and_then(oid)),
        "1.3.101.112" => KeyAlg {
            curve: Some("Ed25519"),
            ..fixed("EdDSA", "signature", 256)
        },
        "1.3.101.113" => KeyAlg {
            curve: Some("Ed448"),
            ..fixed("EdDSA", "signature", 456)
        },
        "1.3.101.110" => fixed("X25519", "key-agree", 256),
        "1.3.101.111" => fixed("X448", "key-agree", 448),
        "1.2.840.10040.4.1" => KeyAlg {
            algorithm: "DSA",
            primitive: "signature",
            size: params
                .and_then(|p| children(p.body))
                .and_then(|c| c.first().copied())
                .and_then(int_bits),
            curve: None,
        },
        "1.2.840.113549.1.3.1" | "1.2.840.10046.2.1" => KeyAlg {
            algorithm: "DH",
            primitive: "key-agree",
            size: params
                .and_then(|p| children(p.body))
                .and_then(|c| c.first().copied())
                .and_then(int_bits),
            curve: None,
        },
        "2.16.840.1.101.3.4.3.17" => fixed("ML-DSA", "signature", 44),
        "2.16.840.1.101.3.4.3.18" => fixed("ML-DSA", "signature", 65),
        "2.16.840.1.101.3.4.3.19" => fixed("ML-DSA", "signature", 87),
        "2.16.840.1.101.3.4.4.1" => fixed("ML-KEM", "kem", 512),
        "2.16.840.1.101.3.4.4.2" => fixed("ML-KEM", "kem", 768),
        "2.16.840.1.101.3.4.4.3" => fixed("ML-KEM", "kem", 1024),
        _ => return None,
    })
}

/// RSAPublicKey ::= SEQUENCE { modulus, publicExponent } or RSAPrivateKey ::= SEQUENCE
/// { version, modulus, … }: the modulus's bit length.
fn rsa_modulus_bits(d: &[u8]) -> Option<u32> {
    let c = seq(d)?;
    let first = *c.first()?;
    // A private key starts with its version (0 or 1); a public key with the modulus.
    let modulus = if c.len() > 2 && first.tag == 0x02 && first.body.len() == 1 {
        *c.get(1)?
    } else {
        first
    };
    int_bits(modulus)
}

/// SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }.
fn spki(d: &[u8]) -> Option<(String, Option<KeyAlg>)> {
    let c = seq(d)?;
    let alg = children(c.first().filter(|t| t.tag == 0x30)?.body)?;
    let id = oid(*alg.first()?)?;
    let bits = c.get(1).filter(|t| t.tag == 0x03)?.body;
    let key = bits.get(1..).unwrap_or(&[]);
    let k = key_alg(&id, alg.get(1).copied(), Some(key));
    Some((id, k))
}

/// A certificate's signature algorithm: OID, name, algorithm, padding, hash.
type Signature = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// The signature algorithms of certificates that are named.
const SIGNATURES: &[Signature] = &[
    (
        "1.2.840.113549.1.1.2",
        "md2WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("MD2"),
    ),
    (
        "1.2.840.113549.1.1.4",
        "md5WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("MD5"),
    ),
    (
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("SHA-1"),
    ),
    (
        "1.2.840.113549.1.1.14",
        "sha224WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("SHA-224"),
    ),
    (
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("SHA-256"),
    ),
    (
        "1.2.840.113549.1.1.12",
        "sha384WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("SHA-384"),
    ),
    (
        "1.2.840.113549.1.1.13",
        "sha512WithRSAEncryption",
        "RSA",
        Some("pkcs1v15"),
        Some("SHA-512"),
    ),
    // The hash of RSASSA-PSS is in its parameters, which are not read: none is named.
    (
        "1.2.840.113549.1.1.10",
        "RSASSA-PSS",
        "RSA",
        Some("other"),
        None,
    ),
    (
        "1.2.840.10045.4.1",
        "ecdsa-with-SHA1",
        "ECDSA",
        None,
        Some("SHA-1"),
    ),
    (
        "1.2.840.10045.4.3.1",
        "ecdsa-with-SHA224",
        "ECDSA",
        None,
        Some("SHA-224"),
    ),
    (
        "1.2.840.10045.4.3.2",
        "ecdsa-with-SHA256",
        "ECDSA",
        None,
        Some("SHA-256"),
    ),
    (
        "1.2.840.10045.4.3.3",
        "ecdsa-with-SHA384",
        "ECDSA",
        None,
        Some("SHA-384"),
    ),
    (
        "1.2.840.10045.4.3.4",
        "ecdsa-with-SHA512",
        "ECDSA",
        None,
        Some("SHA-512"),
    ),
    (
        "1.2.840.10040.4.3",
        "dsa-with-sha1",
        "DSA",
        None,
        Some("SHA-1"),
    ),
    (
        "2.16.840.1.101.3.4.3.2",
        "dsa-with-sha256",
        "DSA",
        None,
        Some("SHA-256"),
    ),
    ("1.3.101.112", "Ed25519", "EdDSA", None, None),
    ("1.3.101.113", "Ed448", "EdDSA", None, None),
    ("2.16.840.1.101.3.4.3.17", "ML-DSA-44", "ML-DSA", None, None),
    ("2.16.840.1.101.3.4.3.18", "ML-DSA-65", "ML-DSA", None, None),
    ("2.16.840.1.101.3.4.3.19", "ML-DSA-87", "ML-DSA", None, None),
];

fn hash_bits(h: &str) -> Option<u32> {
    super::norm_hash(h).and_then(|x| x.1)
}

/// One place, for the uses found there.
struct At<'a> {
    path: &'a str,
    line: u32,
}

impl At<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        r: &mut Read,
        algorithm: &str,
        primitive: &'static str,
        padding: Option<&str>,
        size: Option<u32>,
        curve: Option<&str>,
        function: &'static str,
        api: String,
    ) -> super::AlgKey {
        let u = CryptoUse {
            algorithm: algorithm.to_string(),
            primitive,
            mode: None,
            padding: padding.map(str::to_string),
            size,
            curve: curve.map(str::to_string),
            function,
            path: self.path.to_string(),
            line: self.line,
            api,
        };
        let k = u.key();
        r.uses.push(u);
        k
    }

    fn key(&self, r: &mut Read, k: &KeyAlg, private: bool, api: &str) -> super::AlgKey {
        let f = match (k.primitive, private) {
            ("key-agree", _) => "keyderive",
            ("kem", true) => "decapsulate",
            ("kem", false) => "encapsulate",
            (_, true) => "sign",
            (_, false) => "verify",
        };
        self.add(
            r,
            k.algorithm,
            k.primitive,
            None,
            k.size,
            k.curve,
            f,
            api.to_string(),
        )
    }
}

/// A certificate's DER: its asset and the algorithms it names.
fn certificate(at: &At<'_>, der: &[u8], ext: &str, r: &mut Read) -> Result<(), &'static str> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|_| "not analysed: a certificate that could not be parsed as X.509")?;
    let sig_oid = cert.signature_algorithm.algorithm.to_id_string();
    let sig = SIGNATURES.iter().find(|s| s.0 == sig_oid);
    let signature_name = sig.map(|s| s.1.to_string()).unwrap_or(sig_oid.clone());
    let mut signature = None;
    let mut weak = Vec::new();
    if let Some(&(_, name, alg, padding, hash)) = sig {
        let api = format!("X.509 certificate signature ({name})");
        signature = Some(at.add(
            r,
            alg,
            "signature",
            padding,
            None,
            None,
            "sign",
            api.clone(),
        ));
        if let Some(h) = hash {
            at.add(r, h, "hash", None, hash_bits(h), None, "digest", api);
            if matches!(h, "MD2" | "MD5" | "SHA-1") {
                weak.push(format!("signed with {h}"));
            }
        }
    }
    let (key_oid, key) = spki(cert.public_key().raw).unwrap_or_default();
    let public_key = key.as_ref().map(|k| {
        if let Some(w) = super::weakness(k.algorithm, k.primitive, k.size) {
            weak.push(format!("public key: {w}"));
        }
        (
            at.key(r, k, false, "X.509 certificate subject public key"),
            k.size,
        )
    });
    let time = |t: &x509_parser::time::ASN1Time| {
        let s = t.timestamp();
        (-62_135_596_800..=253_402_300_799)
            .contains(&s)
            .then(|| tollgate_core::time::rfc3339(s))
    };
    r.assets.push(Asset::Certificate(Box::new(Certificate {
        path: at.path.to_string(),
        line: at.line,
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: time(&cert.validity().not_before),
        not_after: time(&cert.validity().not_after),
        signature_name,
        signature,
        key_oid,
        public_key,
        extension: ext.to_string(),
        weak,
    })));
    Ok(())
}

fn key_asset(at: &At<'_>, r: &mut Read, private: bool, format: &'static str, k: Option<KeyAlg>) {
    let what = if private { "private key" } else { "public key" };
    let alg = k
        .as_ref()
        .map(|k| at.key(r, k, private, &format!("{what} ({format})")));
    r.assets.push(Asset::Key(Key {
        path: at.path.to_string(),
        line: at.line,
        private,
        format,
        size: k.as_ref().and_then(|k| k.size),
        algorithm: alg,
    }));
}

/// PKCS#8 PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, … }.
fn pkcs8(d: &[u8]) -> Option<KeyAlg> {
    let c = seq(d)?;
    let alg = children(c.get(1).filter(|t| t.tag == 0x30)?.body)?;
    let id = oid(*alg.first()?)?;
    let inner = c.get(2).filter(|t| t.tag == 0x04)?.body;
    key_alg(&id, alg.get(1).copied(), Some(inner))
}

/// SEC 1 ECPrivateKey ::= SEQUENCE { version, OCTET STRING, [0] curve OID, [1] key }.
fn sec1(d: &[u8]) -> Option<KeyAlg> {
    let c = seq(d)?;
    let curve = c
        .iter()
        .find(|t| t.tag == 0xa0)
        .and_then(|t| tlv(t.body))
        .and_then(|(t, _)| oid(t));
    Some(ec(curve))
}

/// The file extension, lowercase (`crt`), or empty.
fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Every certificate and key in the PEM text of `path`. A file that holds none is
/// reported when its name says it is a certificate.
pub fn read_pem(path: &str, text: &str) -> Read {
    let mut r = Read::default();
    let ext = extension(path);
    let blocks = pem_blocks(text);
    if blocks.is_empty() && matches!(ext.as_str(), "crt" | "cer" | "der") {
        r.errors.push((
            None,
            "not analysed: neither a PEM nor a DER certificate".into(),
        ));
    }
    for b in &blocks {
        let at = At { path, line: b.line };
        let broken = |r: &mut Read, what: &str| {
            r.errors.push((
                Some(b.line),
                format!("not analysed: {what} that could not be read"),
            ));
        };
        let label = b.label.as_str();
        // OpenSSH keys: only the header is read; the blob holds the key and is left alone.
        if label == "OPENSSH PRIVATE KEY" {
            key_asset(&at, &mut r, true, "OpenSSH", None);
            continue;
        }
        let Some(der) = b.der.as_deref() else {
            broken(&mut r, &format!("a PEM block ({})", kind(label)));
            continue;
        };
        match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                if let Err(e) = certificate(&at, der, &ext, &mut r) {
                    r.errors.push((Some(b.line), e.into()));
                }
            }
            "RSA PRIVATE KEY" => match rsa_modulus_bits(der) {
                Some(bits) => key_asset(&at, &mut r, true, "PEM (PKCS#1)", Some(rsa(Some(bits)))),
                // Legacy encrypted PEM: the body is ciphertext; the algorithm is the label's.
                None if text_has_encrypted_header(text, b.line) => key_asset(
                    &at,
                    &mut r,
                    true,
                    "PEM (PKCS#1, encrypted)",
                    Some(rsa(None)),
                ),
                None => broken(&mut r, "an RSA private key"),
            },
            "EC PRIVATE KEY" => match sec1(der) {
                Some(k) => key_asset(&at, &mut r, true, "PEM (SEC1)", Some(k)),
                None if text_has_encrypted_header(text, b.line) => {
                    key_asset(&at, &mut r, true, "PEM (SEC1, encrypted)", Some(ec(None)))
                }
                None => broken(&mut r, "an EC private key"),
            },
            "PRIVATE KEY" => match seq(der) {
                Some(_) => key_asset(&at, &mut r, true, "PEM (PKCS#8)", pkcs8(der)),
                None => broken(&mut r, "a PKCS#8 private key"),
            },
            "ENCRYPTED PRIVATE KEY" => {
                key_asset(&at, &mut r, true, "PEM (PKCS#8, encrypted)", None)
            }
            "PUBLIC KEY" => match spki(der) {
                Some((_, k)) => key_asset(&at, &mut r, false, "PEM (SubjectPublicKeyInfo)", k),
                None => broken(&mut r, "a public key"),
            },
            "RSA PUBLIC KEY" => match rsa_modulus_bits(der) {
                Some(bits) => key_asset(&at, &mut r, false, "PEM (PKCS#1)", Some(rsa(Some(bits)))),
                None => broken(&mut r, "an RSA public key"),
            },
            _ => {}
        }
    }
    r
}

/// Whether the block at `line` has RFC 1421 headers saying it is encrypted.
fn text_has_encrypted_header(text: &str, line: u32) -> bool {
    text.lines()
        .skip(line as usize)
        .take(3)
        .any(|l| l.trim_start().starts_with("Proc-Type:") && l.contains("ENCRYPTED"))
}

/// What a PEM label is, for an error (never the block itself).
fn kind(label: &str) -> &'static str {
    if label.contains("CERTIFICATE") {
        "certificate"
    } else if label.contains("PRIVATE KEY") {
        "private key"
    } else if label.contains("PUBLIC KEY") {
        "public key"
    } else {
        "other"
    }
}

/// A binary (DER) file: a certificate, else a PKCS#8 private key. `head` is what the walk
/// read of it (its first 8 KiB).
pub fn read_der(path: &str, head: &[u8], head_limit: usize) -> Read {
    let mut r = Read::default();
    let at = At { path, line: 1 };
    let ext = extension(path);
    if tlv(head).is_none() && head.len() >= head_limit {
        r.errors.push((
            None,
            format!(
                "not analysed: a binary file larger than the {} KiB read of binary files",
                head_limit / 1024
            ),
        ));
        return r;
    }
    if certificate(&at, head, &ext, &mut r).is_ok() {
        return r;
    }
    if let Some(k) = seq(head).and_then(|_| pkcs8(head)) {
        key_asset(&at, &mut r, true, "DER (PKCS#8)", Some(k));
        return r;
    }
    r.errors.push((
        None,
        "not analysed: a binary file that is neither a DER certificate nor a DER private key"
            .into(),
    ));
    r
}

/// The base64 decoder, for tests that look for a key's bytes in the output.
#[cfg(test)]
pub(crate) fn tests_decode(s: &str) -> Vec<u8> {
    base64(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_der_readers_reject_what_they_do_not_understand() {
        assert_eq!(base64("TWFu").unwrap(), b"Man");
        assert_eq!(base64("TWE=").unwrap(), b"Ma");
        assert_eq!(base64("TQ==").unwrap(), b"M");
        assert!(base64("TQ=a").is_none() && base64("T").is_none() && base64("a*").is_none());
        assert!(tlv(&[0x30, 0x82, 0xff]).is_none());
        assert!(tlv(&[0x30, 0x05, 1]).is_none());
        let o = tlv(&[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07])
            .unwrap()
            .0;
        assert_eq!(oid(o).unwrap(), "1.2.840.10045.3.1.7");
        assert_eq!(
            int_bits(tlv(&[0x02, 0x03, 0x00, 0x80, 0x01]).unwrap().0),
            Some(16)
        );
    }
}
