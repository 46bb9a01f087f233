//! The cryptography inventory: every place the code picks a cryptographic algorithm,
//! found by the same front ends and facts as the rules (so `getInstance(ALG)` with a
//! constant or a properties value is named), written as a CycloneDX 1.6 CBOM.
//!
//! Algorithms that a cryptographically relevant quantum computer breaks (RSA, DSA, DH,
//! ECDSA, ECDH, EdDSA, X25519) are marked with the dates of NIST IR 8547 (initial public
//! draft, 2024): deprecated after 2030, disallowed after 2035.
//!
//! Besides the code, the inventory lists the certificates, keys and TLS settings of the
//! tree ([`MaterialScanner`]): [`material`] reads PEM and DER certificates and keys (their
//! algorithms and sizes, never their contents), [`tls`] the protocols and cipher suites
//! that nginx, Apache httpd and Spring Boot configuration names.

pub mod material;
pub mod tls;

use crate::flow::{AssignSite, CallSite, DictSite, Visitor, Walk};
use crate::model::Module;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::scanner::{FileOutcome, Selection, Sniff, SourceFile};
use tollgate_core::{RuleMeta, Scanner};

/// One use of an algorithm.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CryptoUse {
    /// Normalised name: `AES`, `SHA-256`, `RSA`, `ECDSA`, `HMAC-SHA256`.
    pub algorithm: String,
    /// A CycloneDX primitive (`hash`, `block-cipher`, `signature`, `pke`, `mac`, …).
    pub primitive: &'static str,
    pub mode: Option<String>,
    pub padding: Option<String>,
    /// Key or output size in bits, where the code says.
    pub size: Option<u32>,
    /// The elliptic curve (`nist/P-256`), where a key names it.
    pub curve: Option<String>,
    /// A CycloneDX crypto function (`digest`, `encrypt`, `keygen`, `sign`, `tag`, …).
    pub function: &'static str,
    pub path: String,
    pub line: u32,
    /// The API as written (`MessageDigest.getInstance`).
    pub api: String,
}

/// What one algorithm component is: algorithm, primitive, mode, padding, size, curve.
pub type AlgKey = (
    String,
    &'static str,
    Option<String>,
    Option<String>,
    Option<u32>,
    Option<String>,
);

impl CryptoUse {
    /// The component this use belongs to.
    pub fn key(&self) -> AlgKey {
        (
            self.algorithm.clone(),
            self.primitive,
            self.mode.clone(),
            self.padding.clone(),
            self.size,
            self.curve.clone(),
        )
    }
}

/// A certificate found in the tree.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Certificate {
    pub path: String,
    pub line: u32,
    pub subject: String,
    pub issuer: String,
    /// RFC 3339.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// `sha256WithRSAEncryption`, or the OID when it is not known.
    pub signature_name: String,
    pub signature: Option<AlgKey>,
    /// The subject public key's algorithm OID.
    pub key_oid: String,
    /// The subject public key's algorithm and size, when the algorithm is known.
    pub public_key: Option<(AlgKey, Option<u32>)>,
    /// The file's extension (`crt`).
    pub extension: String,
    /// Why it is weak (`signed with SHA-1`), if it is.
    pub weak: Vec<String>,
}

/// A private or public key found in the tree: never its value, only what it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub path: String,
    pub line: u32,
    pub private: bool,
    /// `PEM (PKCS#8)`, `OpenSSH`.
    pub format: &'static str,
    pub size: Option<u32>,
    /// The key's algorithm, when the file says.
    pub algorithm: Option<AlgKey>,
}

/// A cipher suite a configuration enables, with its parts where they are known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Suite {
    pub name: String,
    pub algorithms: Vec<AlgKey>,
}

/// A protocol a configuration enables, with the suites configured in the same file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Protocol {
    pub path: String,
    pub line: u32,
    /// `TLSv1.2`; `TLS` when the setting fixes no version.
    pub name: String,
    pub version: Option<String>,
    pub suites: Vec<Suite>,
    /// The setting (`ssl_protocols`, `server.ssl.enabled-protocols`).
    pub directive: String,
}

/// Cryptographic assets other than algorithms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Asset {
    Certificate(Box<Certificate>),
    Key(Key),
    Protocol(Protocol),
}

/// Why an algorithm at this size is weak today (apart from quantum computers), if it is.
pub fn weakness(algorithm: &str, primitive: &str, size: Option<u32>) -> Option<String> {
    match (algorithm, size) {
        ("MD2" | "MD4" | "MD5" | "SHA-1", _) if primitive == "hash" => {
            Some(format!("{algorithm} has practical collisions"))
        }
        ("DES" | "RC2" | "RC4" | "3DES", _) => {
            Some(format!("{algorithm} is broken or withdrawn by NIST"))
        }
        ("RSA" | "DSA" | "DH", Some(n)) if n < 2048 => Some(format!(
            "{algorithm} key of {n} bits, below the 2048 bits of NIST SP 800-131A"
        )),
        ("ECDSA" | "ECDH", Some(n)) if n < 224 => Some(format!(
            "{algorithm} curve of {n} bits, below the 224 bits of NIST SP 800-131A"
        )),
        _ => None,
    }
}

/// Why a protocol version is weak, if it is.
fn protocol_weakness(name: &str) -> Option<&'static str> {
    match name {
        "SSLv2" | "SSLv3" => Some("SSL is broken and prohibited (RFC 6176, RFC 7568)"),
        "TLSv1.0" | "TLSv1.1" => Some("TLS 1.0 and 1.1 are deprecated (RFC 8996)"),
        _ => None,
    }
}

fn norm_hash(s: &str) -> Option<(String, Option<u32>)> {
    let u = s.to_ascii_uppercase().replace('_', "-");
    let compact = u.replace('-', "");
    let (name, bits) = match compact.as_str() {
        "MD5" => ("MD5", 128),
        "MD4" => ("MD4", 128),
        "MD2" => ("MD2", 128),
        "SHA" | "SHA1" => ("SHA-1", 160),
        "SHA224" => ("SHA-224", 224),
        "SHA256" => ("SHA-256", 256),
        "SHA384" => ("SHA-384", 384),
        "SHA512" => ("SHA-512", 512),
        "SHA3224" => ("SHA3-224", 224),
        "SHA3256" => ("SHA3-256", 256),
        "SHA3384" => ("SHA3-384", 384),
        "SHA3512" => ("SHA3-512", 512),
        "BLAKE2B" | "BLAKE2B512" => ("BLAKE2b", 512),
        "BLAKE2S" | "BLAKE2S256" => ("BLAKE2s", 256),
        "RIPEMD160" => ("RIPEMD-160", 160),
        _ => return None,
    };
    Some((name.to_string(), Some(bits)))
}

/// A cipher's name, mode, padding and key size.
type Cipher = (String, Option<String>, Option<String>, Option<u32>);

/// `AES/GCM/NoPadding`, `aes-256-cbc`, `DESede`: name, mode, padding, key size.
fn norm_cipher(s: &str) -> Option<Cipher> {
    let u = s.to_ascii_uppercase();
    let parts: Vec<&str> = u.split(['/', '-']).collect();
    let name = match parts.first().copied()? {
        "AES" => "AES",
        "DES" if parts.get(1) == Some(&"EDE3") || parts.get(1) == Some(&"EDE") => "3DES",
        "DES" => "DES",
        "DESEDE" | "TRIPLEDES" | "3DES" => "3DES",
        "RC4" | "ARCFOUR" => "RC4",
        "RC2" => "RC2",
        "BLOWFISH" | "BF" => "Blowfish",
        "CHACHA20" => "ChaCha20",
        "CAMELLIA" => "Camellia",
        "SM4" => "SM4",
        _ => return None,
    };
    let mut size = None;
    let mut mode = None;
    let mut padding = None;
    for p in &parts[1..] {
        match *p {
            "128" | "192" | "256" => size = p.parse().ok(),
            "ECB" | "CBC" | "GCM" | "CCM" | "CFB" | "OFB" | "CTR" => {
                mode = Some(p.to_ascii_lowercase())
            }
            "PKCS5PADDING" => padding = Some("pkcs5".to_string()),
            "PKCS7PADDING" => padding = Some("pkcs7".to_string()),
            "NOPADDING" => padding = Some("raw".to_string()),
            _ => {}
        }
    }
    // Java's bare "AES" is ECB with PKCS#5 padding.
    if parts.len() == 1
        && matches!(name, "AES" | "DES" | "3DES" | "Blowfish")
        && s.chars().all(|c| c.is_ascii_alphanumeric())
    {
        mode = Some("ecb".into());
        padding = Some("pkcs5".into());
    }
    Some((name.to_string(), mode, padding, size))
}

fn asymmetric(s: &str) -> Option<(&'static str, &'static str)> {
    let u = s.to_ascii_uppercase();
    let base = u.split(['/', '-']).next().unwrap_or("");
    Some(match base {
        "RSA" => ("RSA", "pke"),
        "DSA" => ("DSA", "signature"),
        "EC" | "ECDSA" => ("ECDSA", "signature"),
        "ECDH" => ("ECDH", "key-agree"),
        "DH" | "DIFFIEHELLMAN" => ("DH", "key-agree"),
        "ED25519" | "EDDSA" | "ED448" => ("EdDSA", "signature"),
        "X25519" | "X448" | "XDH" => ("X25519", "key-agree"),
        _ if u.contains("WITHRSA") => ("RSA", "signature"),
        _ if u.contains("WITHECDSA") => ("ECDSA", "signature"),
        _ if u.contains("WITHDSA") => ("DSA", "signature"),
        _ => return None,
    })
}

/// Whether a quantum computer breaks it (Shor's algorithm).
pub fn quantum_vulnerable(algorithm: &str) -> bool {
    matches!(
        algorithm,
        "RSA" | "DSA" | "DH" | "ECDSA" | "ECDH" | "EdDSA" | "X25519"
    )
}

struct Collect {
    path: String,
    uses: Vec<CryptoUse>,
}

impl Collect {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        s: &CallSite<'_>,
        algorithm: String,
        primitive: &'static str,
        mode: Option<String>,
        padding: Option<String>,
        size: Option<u32>,
        function: &'static str,
    ) {
        self.uses.push(CryptoUse {
            algorithm,
            primitive,
            mode,
            padding,
            size,
            curve: None,
            function,
            path: self.path.clone(),
            line: s.call.span.line,
            api: s
                .call
                .callee
                .chain()
                .unwrap_or_else(|| s.method().to_string()),
        });
    }
}

fn bits(s: &CallSite<'_>, i: usize) -> Option<u32> {
    s.arg(i)
        .and_then(|f| f.val.as_num())
        .filter(|n| *n > 0.0 && *n < 100_000.0)
        .map(|n| n as u32)
}

impl Visitor for Collect {
    fn call(&mut self, s: &CallSite<'_>) {
        // Java: the JCA factories, with the algorithm as a (folded) string.
        if s.is_any(&[
            "MessageDigest.getInstance",
            "Mac.getInstance",
            "Cipher.getInstance",
            "KeyGenerator.getInstance",
            "KeyPairGenerator.getInstance",
            "Signature.getInstance",
            "KeyAgreement.getInstance",
            "SecretKeyFactory.getInstance",
        ]) {
            let Some(alg) = s.arg_str(0) else {
                self.add(s, "unknown".into(), "unknown", None, None, None, "unknown");
                return;
            };
            let factory = s.call.receiver().and_then(|r| r.last_name()).unwrap_or("");
            match factory {
                "MessageDigest" => {
                    if let Some((n, b)) = norm_hash(alg) {
                        self.add(s, n, "hash", None, None, b, "digest");
                    }
                }
                "Mac" => {
                    let h = alg
                        .to_ascii_uppercase()
                        .trim_start_matches("HMAC")
                        .to_string();
                    let name = norm_hash(&h)
                        .map(|(n, _)| format!("HMAC-{n}"))
                        .unwrap_or_else(|| alg.to_string());
                    self.add(s, name, "mac", None, None, None, "tag");
                }
                "Cipher" | "KeyGenerator" | "SecretKeyFactory" => {
                    if let Some((n, mode, pad, size)) = norm_cipher(alg) {
                        let prim = if n == "RC4" || n == "ChaCha20" {
                            "stream-cipher"
                        } else if mode.as_deref() == Some("gcm") || mode.as_deref() == Some("ccm") {
                            "ae"
                        } else {
                            "block-cipher"
                        };
                        let f = if factory == "Cipher" {
                            "encrypt"
                        } else {
                            "keygen"
                        };
                        self.add(s, n, prim, mode, pad, size, f);
                    } else if let Some((n, prim)) = asymmetric(alg) {
                        self.add(s, n.into(), prim, None, None, None, "encrypt");
                    }
                }
                _ => {
                    if let Some((n, prim)) = asymmetric(alg) {
                        let f = match factory {
                            "KeyPairGenerator" => "keygen",
                            "Signature" => "sign",
                            _ => "keyderive",
                        };
                        self.add(s, n.into(), prim, None, None, None, f);
                    }
                }
            }
            return;
        }
        // Python: hashlib, hmac, cryptography, PyCryptodome.
        if s.is("hashlib.new") {
            if let Some((n, b)) = s.arg_str(0).and_then(norm_hash) {
                self.add(s, n, "hash", None, None, b, "digest");
            }
            return;
        }
        for (api, name) in [
            ("hashlib.md5", "MD5"),
            ("hashlib.sha1", "SHA-1"),
            ("hashlib.sha224", "SHA-224"),
            ("hashlib.sha256", "SHA-256"),
            ("hashlib.sha384", "SHA-384"),
            ("hashlib.sha512", "SHA-512"),
            ("hashlib.sha3_256", "SHA3-256"),
            ("hashlib.blake2b", "BLAKE2b"),
        ] {
            if s.is(api) {
                self.add(
                    s,
                    name.into(),
                    "hash",
                    None,
                    None,
                    norm_hash(name).and_then(|x| x.1),
                    "digest",
                );
                return;
            }
        }
        if s.is_any(&[
            "rsa.generate_private_key",
            "Crypto.PublicKey.RSA.generate",
            "Cryptodome.PublicKey.RSA.generate",
            "RSA.generate",
        ]) {
            let size = s
                .kwarg("key_size")
                .and_then(|f| f.val.as_num())
                .map(|n| n as u32)
                .or_else(|| bits(s, if s.method() == "generate" { 0 } else { 1 }));
            self.add(s, "RSA".into(), "pke", None, None, size, "keygen");
            return;
        }
        if s.is_any(&[
            "ec.generate_private_key",
            "ed25519.Ed25519PrivateKey.generate",
            "x25519.X25519PrivateKey.generate",
            "dsa.generate_private_key",
            "dh.generate_parameters",
        ]) {
            let (n, p) = match s
                .names
                .iter()
                .find(|n| n.contains('.'))
                .map(String::as_str)
                .unwrap_or("")
            {
                x if x.contains("ed25519") => ("EdDSA", "signature"),
                x if x.contains("x25519") => ("X25519", "key-agree"),
                x if x.contains("dsa.") && !x.contains("ec.") => ("DSA", "signature"),
                x if x.contains("dh.") => ("DH", "key-agree"),
                _ => ("ECDSA", "signature"),
            };
            self.add(s, n.into(), p, None, None, None, "keygen");
            return;
        }
        if s.is_any(&[
            "algorithms.AES",
            "algorithms.TripleDES",
            "algorithms.ARC4",
            "algorithms.Blowfish",
            "algorithms.ChaCha20",
            "AES.new",
            "DES.new",
            "DES3.new",
            "ARC4.new",
            "Blowfish.new",
            "ChaCha20.new",
            "AESGCM",
            "ChaCha20Poly1305",
            "Fernet",
        ]) {
            let raw = s.call.callee.chain().unwrap_or_default();
            let tail = raw
                .rsplit('.')
                .find(|p| *p != "new")
                .unwrap_or("")
                .to_string();
            let (n, prim) = match tail.as_str() {
                "Fernet" => ("AES".to_string(), "ae"),
                "AESGCM" => ("AES".to_string(), "ae"),
                "ChaCha20Poly1305" => ("ChaCha20".to_string(), "ae"),
                other => (
                    norm_cipher(other)
                        .map(|c| c.0)
                        .unwrap_or_else(|| other.to_string()),
                    if other.contains("ARC4") || other.contains("ChaCha") {
                        "stream-cipher"
                    } else {
                        "block-cipher"
                    },
                ),
            };
            let mode = s.call.args.iter().find_map(|a| {
                a.value
                    .chain()
                    .and_then(|c| c.rsplit_once("MODE_").map(|(_, m)| m.to_ascii_lowercase()))
            });
            self.add(s, n, prim, mode, None, None, "encrypt");
            return;
        }
        if s.is("hmac.new") {
            self.add(s, "HMAC".into(), "mac", None, None, None, "tag");
            return;
        }
        // JavaScript: node's crypto.
        if s.is_any(&[
            "crypto.createHash",
            "crypto.createHmac",
            "createHash",
            "createHmac",
        ]) {
            if let Some((n, b)) = s.arg_str(0).and_then(norm_hash) {
                if s.method().ends_with("Hmac") {
                    self.add(s, format!("HMAC-{n}"), "mac", None, None, None, "tag");
                } else {
                    self.add(s, n, "hash", None, None, b, "digest");
                }
            }
            return;
        }
        if s.is_any(&[
            "crypto.createCipheriv",
            "crypto.createDecipheriv",
            "createCipheriv",
            "createDecipheriv",
        ]) {
            if let Some((n, mode, pad, size)) = s.arg_str(0).and_then(norm_cipher) {
                let prim = if mode.as_deref() == Some("gcm") {
                    "ae"
                } else {
                    "block-cipher"
                };
                self.add(
                    s,
                    n,
                    prim,
                    mode,
                    pad,
                    size,
                    if s.method().contains("Decipher") {
                        "decrypt"
                    } else {
                        "encrypt"
                    },
                );
            }
            return;
        }
        if s.is_any(&[
            "crypto.generateKeyPairSync",
            "crypto.generateKeyPair",
            "generateKeyPairSync",
            "generateKeyPair",
        ]) {
            if let Some((n, p)) = s.arg_str(0).and_then(asymmetric) {
                let size = crate::rules::option(s, "modulusLength")
                    .and_then(|f| f.val.as_num())
                    .map(|n| n as u32);
                self.add(s, n.into(), p, None, None, size, "keygen");
            }
            return;
        }
        if s.is_any(&["crypto.createSign", "createSign", "crypto.sign"]) {
            let alg = s.arg_str(0).unwrap_or("");
            let n = if alg.to_ascii_uppercase().contains("RSA")
                || alg.to_ascii_uppercase().starts_with("SHA")
            {
                "RSA"
            } else {
                "ECDSA"
            };
            self.add(s, n.into(), "signature", None, None, None, "sign");
            return;
        }
        // Go: the standard library's packages.
        for (api, name, prim, f) in [
            ("crypto/md5.New", "MD5", "hash", "digest"),
            ("crypto/md5.Sum", "MD5", "hash", "digest"),
            ("crypto/sha1.New", "SHA-1", "hash", "digest"),
            ("crypto/sha1.Sum", "SHA-1", "hash", "digest"),
            ("crypto/sha256.New", "SHA-256", "hash", "digest"),
            ("crypto/sha256.Sum256", "SHA-256", "hash", "digest"),
            ("crypto/sha512.New", "SHA-512", "hash", "digest"),
            ("crypto/sha512.Sum512", "SHA-512", "hash", "digest"),
            ("crypto/aes.NewCipher", "AES", "block-cipher", "encrypt"),
            ("crypto/des.NewCipher", "DES", "block-cipher", "encrypt"),
            (
                "crypto/des.NewTripleDESCipher",
                "3DES",
                "block-cipher",
                "encrypt",
            ),
            ("crypto/rc4.NewCipher", "RC4", "stream-cipher", "encrypt"),
            ("crypto/rsa.GenerateKey", "RSA", "pke", "keygen"),
            ("crypto/ecdsa.GenerateKey", "ECDSA", "signature", "keygen"),
            ("crypto/ed25519.GenerateKey", "EdDSA", "signature", "keygen"),
            ("crypto/hmac.New", "HMAC", "mac", "tag"),
            ("crypto/rsa.SignPKCS1v15", "RSA", "signature", "sign"),
            ("crypto/rsa.SignPSS", "RSA", "signature", "sign"),
            ("crypto/rsa.EncryptOAEP", "RSA", "pke", "encrypt"),
            ("crypto/ecdh.P256", "ECDH", "key-agree", "keyderive"),
            ("crypto/ecdh.X25519", "X25519", "key-agree", "keyderive"),
        ] {
            if s.is(api) {
                let size = if name == "RSA" && f == "keygen" {
                    bits(s, 1)
                } else {
                    norm_hash(name).and_then(|x| x.1)
                };
                self.add(s, name.into(), prim, None, None, size, f);
                return;
            }
        }
        if s.is_any(&["crypto/cipher.NewGCM"]) {
            self.add(
                s,
                "AES".into(),
                "ae",
                Some("gcm".into()),
                None,
                None,
                "encrypt",
            );
        }
    }
    fn assign(&mut self, _: &AssignSite<'_>) {}
    fn dict(&mut self, _: &DictSite<'_>) {}
}

/// The algorithm uses in one module.
pub fn collect(m: &Module) -> Vec<CryptoUse> {
    let globals = crate::flow::globals(m);
    let summaries = Default::default();
    let mut c = Collect {
        path: m.path.clone(),
        uses: Vec::new(),
    };
    Walk::new(m, None, &mut c, &globals, &summaries).run(None);
    let mut units = Vec::new();
    for f in &m.functions {
        units.push(f);
        crate::lambdas(&f.body, &mut units);
    }
    for f in units {
        Walk::new(m, Some(f), &mut c, &globals, &summaries).run(None);
    }
    let mut uses = c.uses;
    uses.sort();
    uses.dedup();
    uses
}

/// A CycloneDX 1.6 CBOM of `uses`: one component per algorithm (with its mode, padding
/// and size), every place it is used as evidence. Deterministic: sorted, content-derived
/// serial number; the one timestamp is `time`.
pub fn cyclonedx(root: &str, uses: &[CryptoUse], time: &str) -> String {
    cyclonedx_with(root, uses, &[], time)
}

const NIST_IR_8547: &str = "deprecated after 2030, disallowed after 2035";

fn flags(quantum: bool, weak: &[String]) -> Vec<Value> {
    let mut p = vec![json!({"name": "tollgate:quantum-vulnerable", "value": quantum.to_string()})];
    if quantum {
        p.push(json!({"name": "tollgate:nist-ir-8547", "value": NIST_IR_8547}));
    }
    for w in weak {
        p.push(json!({"name": "tollgate:weak", "value": w}));
    }
    p
}

fn algorithm_name(k: &AlgKey) -> String {
    let (alg, prim, mode, _, size, curve) = k;
    let mut name = alg.clone();
    if let Some(c) = curve {
        name = format!("{name}-{}", c.rsplit('/').next().unwrap_or(c));
    } else if let Some(s) = size {
        if !matches!(*prim, "hash") && !matches!(alg.as_str(), "X25519" | "X448") {
            name = format!("{name}-{s}");
        }
    }
    if let Some(m) = mode {
        name = format!("{name}-{}", m.to_ascii_uppercase());
    }
    name
}

/// One bom-ref per algorithm component: its name, with the primitive (and then a
/// number) added only where two components would share one.
fn algorithm_refs<'k>(keys: impl Iterator<Item = &'k AlgKey>) -> BTreeMap<AlgKey, String> {
    let keys: Vec<&AlgKey> = keys.collect();
    let base = |k: &AlgKey| format!("crypto:{}", algorithm_name(k).to_ascii_lowercase());
    let mut count: HashMap<String, usize> = HashMap::new();
    for k in &keys {
        *count.entry(base(k)).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for k in keys {
        let mut r = base(k);
        if count[&r] > 1 {
            r = format!("{r}:{}", k.1);
            if let Some(p) = &k.3 {
                r = format!("{r}:{p}");
            }
        }
        let mut unique = r.clone();
        let mut n = 2;
        while !taken.insert(unique.clone()) {
            unique = format!("{r}:{n}");
            n += 1;
        }
        out.insert(k.clone(), unique);
    }
    out
}

fn occurrence(path: &str, line: u32, context: &str) -> Value {
    json!({"location": path, "line": line, "additionalContext": context})
}

/// The CBOM of the algorithm uses and of the certificates, keys and protocols found
/// (see [`cyclonedx`]); assets refer to their algorithms' components by bom-ref.
pub fn cyclonedx_with(root: &str, uses: &[CryptoUse], assets: &[Asset], time: &str) -> String {
    type Places = BTreeSet<(String, u32, String)>;
    let mut by: BTreeMap<AlgKey, (BTreeSet<&'static str>, Places)> = BTreeMap::new();
    for u in uses {
        let e = by.entry(u.key()).or_default();
        e.0.insert(u.function);
        e.1.insert((u.path.clone(), u.line, u.api.clone()));
    }
    let refs = algorithm_refs(by.keys());
    let mut components = Vec::new();
    for (key, (functions, places)) in &by {
        let (alg, prim, mode, padding, size, curve) = key;
        let name = algorithm_name(key);
        let quantum = quantum_vulnerable(alg);
        let weak: Vec<String> = weakness(alg, prim, *size).into_iter().collect();
        let mut props = json!({
            "primitive": prim,
            "cryptoFunctions": functions.iter().collect::<Vec<_>>(),
            "executionEnvironment": "software-plain-ram",
            "implementationPlatform": "generic",
            "nistQuantumSecurityLevel": if quantum || !weak.is_empty() || matches!(alg.as_str(), "MD5" | "MD4" | "MD2" | "SHA-1" | "DES" | "RC4" | "RC2") { 0 } else { 1 },
        });
        if let Some(m) = mode {
            props["mode"] = json!(m);
        }
        if let Some(p) = padding {
            props["padding"] = json!(p);
        }
        if let Some(s) = size {
            props["parameterSetIdentifier"] = json!(s.to_string());
        }
        if let Some(c) = curve {
            props["curve"] = json!(c);
        }
        components.push(json!({
            "type": "cryptographic-asset",
            "bom-ref": refs[key],
            "name": name,
            "cryptoProperties": {"assetType": "algorithm", "algorithmProperties": props},
            "evidence": {"occurrences": places.iter().map(|(p, l, api)| occurrence(p, *l, api)).collect::<Vec<Value>>()},
            "properties": flags(quantum, &weak),
        }));
    }
    let algorithm_ref = |k: &AlgKey| refs.get(k).cloned();
    let mut sorted: Vec<&Asset> = assets.iter().collect();
    sorted.sort();
    sorted.dedup();
    // Protocols: one component per protocol version, every place that enables it, the
    // suites configured beside it.
    type Suites = BTreeMap<String, Vec<String>>;
    let mut protocols: BTreeMap<&str, (Option<&str>, Places, Suites)> = BTreeMap::new();
    for a in &sorted {
        match a {
            Asset::Certificate(c) => {
                let at = format!("crypto:certificate:{}:{}", c.path, c.line);
                let mut cp = json!({
                    "subjectName": c.subject,
                    "issuerName": c.issuer,
                    "certificateFormat": "X.509",
                });
                if let Some(t) = &c.not_before {
                    cp["notValidBefore"] = json!(t);
                }
                if let Some(t) = &c.not_after {
                    cp["notValidAfter"] = json!(t);
                }
                if !c.extension.is_empty() {
                    cp["certificateExtension"] = json!(c.extension);
                }
                if let Some(r) = c.signature.as_ref().and_then(algorithm_ref) {
                    cp["signatureAlgorithmRef"] = json!(r);
                }
                let mut quantum = c
                    .signature
                    .as_ref()
                    .is_some_and(|k| quantum_vulnerable(&k.0));
                let mut props = Vec::new();
                if let Some((k, size)) = &c.public_key {
                    quantum |= quantum_vulnerable(&k.0);
                    let key_ref = format!("{at}:public-key");
                    cp["subjectPublicKeyRef"] = json!(key_ref);
                    let mut rp =
                        json!({"type": "public-key", "format": "X.509 SubjectPublicKeyInfo"});
                    if let Some(r) = algorithm_ref(k) {
                        rp["algorithmRef"] = json!(r);
                    }
                    if let Some(s) = size {
                        rp["size"] = json!(s);
                    }
                    components.push(json!({
                        "type": "cryptographic-asset",
                        "bom-ref": key_ref,
                        "name": format!("{} public key", algorithm_name(k)),
                        "cryptoProperties": {"assetType": "related-crypto-material", "relatedCryptoMaterialProperties": rp},
                        "evidence": {"occurrences": [occurrence(&c.path, c.line, "X.509 certificate subject public key")]},
                        "properties": flags(quantum_vulnerable(&k.0), &weakness(&k.0, k.1, k.4).into_iter().collect::<Vec<_>>()),
                    }));
                } else {
                    props
                        .push(json!({"name": "tollgate:public-key-algorithm", "value": c.key_oid}));
                }
                props.push(
                    json!({"name": "tollgate:signature-algorithm", "value": c.signature_name}),
                );
                props.extend(flags(quantum, &c.weak));
                components.push(json!({
                    "type": "cryptographic-asset",
                    "bom-ref": at,
                    "name": if c.subject.is_empty() { "certificate".to_string() } else { c.subject.clone() },
                    "cryptoProperties": {"assetType": "certificate", "certificateProperties": cp},
                    "evidence": {"occurrences": [occurrence(&c.path, c.line, "X.509 certificate")]},
                    "properties": props,
                }));
            }
            Asset::Key(k) => {
                let what = if k.private {
                    "private-key"
                } else {
                    "public-key"
                };
                let mut rp = json!({"type": what, "format": k.format});
                if let Some(r) = k.algorithm.as_ref().and_then(algorithm_ref) {
                    rp["algorithmRef"] = json!(r);
                }
                if let Some(s) = k.size {
                    rp["size"] = json!(s);
                }
                let name = match &k.algorithm {
                    Some(a) => format!("{} {}", algorithm_name(a), what.replace('-', " ")),
                    None => what.replace('-', " "),
                };
                let (quantum, weak) = match &k.algorithm {
                    Some(a) => (
                        quantum_vulnerable(&a.0),
                        weakness(&a.0, a.1, a.4).into_iter().collect(),
                    ),
                    None => (false, Vec::new()),
                };
                components.push(json!({
                    "type": "cryptographic-asset",
                    "bom-ref": format!("crypto:key:{}:{}", k.path, k.line),
                    "name": name,
                    "cryptoProperties": {"assetType": "related-crypto-material", "relatedCryptoMaterialProperties": rp},
                    "evidence": {"occurrences": [occurrence(&k.path, k.line, &format!("{} ({})", what.replace('-', " "), k.format))]},
                    "properties": flags(quantum, &weak),
                }));
            }
            Asset::Protocol(p) => {
                let e = protocols.entry(p.name.as_str()).or_default();
                e.0 = p.version.as_deref();
                e.1.insert((p.path.clone(), p.line, p.directive.clone()));
                // A suite's parts in their order: key exchange, authentication, cipher, hash.
                for s in &p.suites {
                    let parts = e.2.entry(s.name.clone()).or_default();
                    for r in s.algorithms.iter().filter_map(algorithm_ref) {
                        if !parts.contains(&r) {
                            parts.push(r);
                        }
                    }
                }
            }
        }
    }
    for (name, (version, places, suites)) in &protocols {
        let mut pp = json!({"type": "tls"});
        if let Some(v) = version {
            pp["version"] = json!(v);
        }
        if !suites.is_empty() {
            pp["cipherSuites"] = suites
                .iter()
                .map(|(n, algs)| {
                    let mut s = json!({"name": n});
                    if !algs.is_empty() {
                        s["algorithms"] = json!(algs);
                    }
                    s
                })
                .collect();
        }
        let weak: Vec<String> = protocol_weakness(name)
            .map(str::to_string)
            .into_iter()
            .collect();
        let mut props = Vec::new();
        for w in &weak {
            props.push(json!({"name": "tollgate:weak", "value": w}));
        }
        let mut c = json!({
            "type": "cryptographic-asset",
            "bom-ref": format!("crypto:protocol:{}", name.to_ascii_lowercase()),
            "name": name,
            "cryptoProperties": {"assetType": "protocol", "protocolProperties": pp},
            "evidence": {"occurrences": places.iter().map(|(p, l, d)| occurrence(p, *l, d)).collect::<Vec<Value>>()},
        });
        if !props.is_empty() {
            c["properties"] = json!(props);
        }
        components.push(c);
    }
    let body = serde_json::to_string(&components).unwrap_or_default();
    let digest = tollgate_core::fingerprint::sha256_hex(body.as_bytes());
    let serial = format!(
        "urn:uuid:{}-{}-4{}-8{}-{}",
        &digest[0..8],
        &digest[8..12],
        &digest[13..16],
        &digest[17..20],
        &digest[20..32]
    );
    let doc = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": {
            "timestamp": time,
            "tools": {"components": [{"type": "application", "name": "tollgate", "version": env!("CARGO_PKG_VERSION")}]},
            "component": {"type": "application", "bom-ref": "root", "name": root},
        },
        "components": components,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The certificate, key and configuration files of the inventory (never part of the
/// `sast` scan: the secrets scanner owns key files there). Certificates and keys by
/// extension, text or binary (DER); TLS settings in nginx and Apache httpd `.conf` files
/// and Spring Boot `application*`/`bootstrap*` properties and YAML.
pub struct MaterialScanner {
    selection: Selection,
    found: std::sync::Mutex<(Vec<CryptoUse>, Vec<Asset>)>,
}

const MATERIAL_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
const MATERIAL_GLOBS: &[&str] = &[
    "**/sites-available/*",
    "**/sites-enabled/*",
    "**/application*.properties",
    "**/application*.yml",
    "**/application*.yaml",
    "**/bootstrap*.properties",
    "**/bootstrap*.yml",
    "**/bootstrap*.yaml",
];

/// Certificate and key files, by their lowercase name: chosen by extension and then
/// read as text or binary, whichever they are (a DER file is binary).
fn key_or_certificate(name: &str) -> bool {
    [".pem", ".crt", ".cer", ".der", ".key", ".p8", ".pk8"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// What the inventory reads besides its named files. `.conf` is every tool's extension
/// (fontconfig, supervisord, compiled caches): a text one is read for nginx and Apache
/// settings, a binary one is not a web server's configuration and is no failure.
fn candidate(name: &str) -> bool {
    key_or_certificate(name) || name.ends_with(".conf")
}

impl Default for MaterialScanner {
    fn default() -> Self {
        MaterialScanner::new()
    }
}

impl MaterialScanner {
    pub fn new() -> MaterialScanner {
        MaterialScanner {
            selection: Selection::names(MATERIAL_NAMES)
                .globs(MATERIAL_GLOBS)
                .sniff(Sniff {
                    candidate,
                    content: |_| true,
                })
                .binary_heads(),
            found: Default::default(),
        }
    }

    /// The algorithm uses and assets found, sorted.
    pub fn take(&self) -> (Vec<CryptoUse>, Vec<Asset>) {
        let mut g = self.found.lock().unwrap_or_else(|e| e.into_inner());
        let (mut uses, mut assets) = std::mem::take(&mut *g);
        uses.sort();
        assets.sort();
        (uses, assets)
    }

    /// What one file holds (for tests, fuzzing and library users): `binary` as the walk
    /// would decide it.
    pub fn read(path: &str, content: &[u8], binary: bool) -> material::Read {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        if binary {
            if key_or_certificate(&name) {
                return material::read_der(path, content, 8 * 1024);
            }
            return material::Read::default();
        }
        let text = String::from_utf8_lossy(content);
        if key_or_certificate(&name) || MATERIAL_NAMES.contains(&name.as_str()) {
            material::read_pem(path, &text)
        } else {
            tls::read_config(path, &text)
        }
    }

    fn keep(&self, path: &str, r: material::Read, out: &mut FileOutcome) {
        for (line, message) in r.errors {
            out.issues.push(FileIssue {
                path: path.to_string(),
                kind: IssueKind::Error,
                line,
                source: "cbom".into(),
                message,
            });
        }
        let mut g = self.found.lock().unwrap_or_else(|e| e.into_inner());
        g.0.extend(r.uses);
        g.1.extend(r.assets);
    }
}

impl Scanner for MaterialScanner {
    fn name(&self) -> &'static str {
        "cbom"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        Vec::new()
    }

    fn selection(&self) -> &Selection {
        &self.selection
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        let r = MaterialScanner::read(file.path, file.content, false);
        self.keep(file.path, r, out);
    }

    fn scan_binary(&self, path: &str, head: &[u8], out: &mut FileOutcome) {
        let r = MaterialScanner::read(path, head, true);
        self.keep(path, r, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_are_normalised_the_way_each_platform_writes_them() {
        assert_eq!(norm_hash("SHA1").unwrap().0, "SHA-1");
        assert_eq!(norm_hash("sha-256").unwrap(), ("SHA-256".into(), Some(256)));
        assert!(norm_hash("AES").is_none());
        let c = norm_cipher("AES").unwrap();
        assert_eq!(
            (c.1.as_deref(), c.2.as_deref()),
            (Some("ecb"), Some("pkcs5")),
            "Java's bare AES is ECB"
        );
        assert_eq!(norm_cipher("des-ede3-cbc").unwrap().0, "3DES");
        assert_eq!(norm_cipher("aes-256-gcm").unwrap().3, Some(256));
        assert_eq!(
            norm_cipher("AES/CBC/PKCS5Padding").unwrap().1.as_deref(),
            Some("cbc")
        );
        assert_eq!(asymmetric("SHA256withRSA"), Some(("RSA", "signature")));
        assert_eq!(asymmetric("EC"), Some(("ECDSA", "signature")));
        assert!(quantum_vulnerable("ECDH") && !quantum_vulnerable("AES"));
    }

    #[test]
    fn uses_are_found_through_constants_and_unknown_names_are_listed_as_unknown() {
        let code =
            br#"class A { static final String H = "MD5"; void f(String alg) throws Exception {
  java.security.MessageDigest.getInstance(H);
  java.security.MessageDigest.getInstance(alg);
} }"#;
        let m = crate::lower::lower(crate::model::Lang::Java, "A.java", code).unwrap();
        let uses = collect(&m);
        let names: Vec<&str> = uses.iter().map(|u| u.algorithm.as_str()).collect();
        assert_eq!(names, ["MD5", "unknown"]);
        let doc = cyclonedx("a", &uses, "2026-01-01T00:00:00Z");
        assert_eq!(doc, cyclonedx("a", &uses, "2026-01-01T00:00:00Z"));
        assert!(doc.contains("\"specVersion\": \"1.6\""));
    }

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/resources/test/fixtures/cbom");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
    }

    /// What the inventory scanner makes of the fixtures, as the walk would hand them over.
    fn read_all(names: &[&str]) -> (Vec<CryptoUse>, Vec<Asset>, Vec<String>) {
        let s = MaterialScanner::new();
        let mut out = FileOutcome::default();
        for n in names {
            let content = fixture(n);
            let path = format!("certs/{n}");
            if tollgate_core::walk::looks_binary(&content) {
                s.scan_binary(&path, &content, &mut out);
            } else {
                let file = SourceFile {
                    path: &path,
                    content: &content,
                    class: Default::default(),
                };
                s.scan_file(&file, &mut out);
            }
        }
        let (uses, assets) = s.take();
        let errors = out
            .issues
            .iter()
            .map(|i| format!("{}:{:?}: {}", i.path, i.line, i.message))
            .collect();
        (uses, assets, errors)
    }

    fn component<'a>(doc: &'a Value, name: &str) -> &'a Value {
        doc["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {doc:#}"))
    }

    fn has(c: &Value, property: &str) -> bool {
        c["properties"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["name"] == property))
    }

    #[test]
    fn certificates_are_listed_with_their_signature_and_key_algorithms_and_sizes() {
        let (uses, assets, errors) = read_all(&[
            "rsa2048-sha256.crt",
            "legacy-rsa1024-sha1.pem",
            "ec-p384.der",
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        let doc: Value =
            serde_json::from_str(&cyclonedx_with("t", &uses, &assets, "2026-01-01T00:00:00Z"))
                .unwrap();
        let rsa = component(
            &doc,
            "CN=rsa2048.tollgate-test.invalid, O=Tollgate synthetic test fixture",
        );
        let cp = &rsa["cryptoProperties"]["certificateProperties"];
        assert_eq!(rsa["cryptoProperties"]["assetType"], "certificate");
        assert_eq!(cp["certificateFormat"], "X.509");
        assert_eq!(cp["certificateExtension"], "crt");
        assert_eq!(cp["issuerName"], cp["subjectName"], "self-signed");
        assert!(cp["notValidBefore"].as_str().unwrap().ends_with('Z'));
        assert!(has(rsa, "tollgate:nist-ir-8547") && !has(rsa, "tollgate:weak"));
        // The references lead to the signature algorithm and to the public key, which
        // leads to its algorithm.
        let by_ref = |r: &Value| {
            doc["components"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["bom-ref"] == *r)
                .unwrap_or_else(|| panic!("nothing is {r}"))
                .clone()
        };
        let sig = by_ref(&cp["signatureAlgorithmRef"]);
        assert_eq!(sig["name"], "RSA");
        assert_eq!(
            sig["cryptoProperties"]["algorithmProperties"]["primitive"],
            "signature"
        );
        let key = by_ref(&cp["subjectPublicKeyRef"]);
        let rp = &key["cryptoProperties"]["relatedCryptoMaterialProperties"];
        assert_eq!(
            (rp["type"].as_str(), rp["size"].as_u64()),
            (Some("public-key"), Some(2048))
        );
        assert_eq!(by_ref(&rp["algorithmRef"])["name"], "RSA-2048");
        component(&doc, "SHA-256");

        let legacy = component(
            &doc,
            "CN=legacy.tollgate-test.invalid, O=Tollgate synthetic test fixture",
        );
        let weak: Vec<&str> = legacy["properties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == "tollgate:weak")
            .map(|p| p["value"].as_str().unwrap())
            .collect();
        assert_eq!(weak.len(), 2, "{weak:?}");
        assert!(
            weak[0].contains("SHA-1") && weak[1].contains("1024 bits"),
            "{weak:?}"
        );
        assert!(has(component(&doc, "RSA-1024"), "tollgate:weak"));
        assert!(has(component(&doc, "SHA-1"), "tollgate:weak"));

        // DER, read from the binary file's head.
        let ec = component(
            &doc,
            "CN=ec384.tollgate-test.invalid, O=Tollgate synthetic test fixture",
        );
        assert_eq!(
            ec["cryptoProperties"]["certificateProperties"]["certificateExtension"],
            "der"
        );
        let p384 = component(&doc, "ECDSA-P-384");
        assert_eq!(
            p384["cryptoProperties"]["algorithmProperties"]["curve"],
            "nist/P-384"
        );
        component(&doc, "SHA-384");
    }

    #[test]
    fn keys_are_listed_by_algorithm_and_size_and_their_material_never_appears() {
        let names = [
            "rsa3072-pkcs1.key",
            "ec-p256-pkcs8.key",
            "ed25519-public.pem",
            "id_ed25519",
        ];
        let (uses, assets, errors) = read_all(&names);
        assert!(errors.is_empty(), "{errors:?}");
        let text = cyclonedx_with("t", &uses, &assets, "2026-01-01T00:00:00Z");
        let doc: Value = serde_json::from_str(&text).unwrap();
        for (name, kind, size, format) in [
            (
                "RSA-3072 private key",
                "private-key",
                Some(3072),
                "PEM (PKCS#1)",
            ),
            (
                "ECDSA-P-256 private key",
                "private-key",
                Some(256),
                "PEM (PKCS#8)",
            ),
            (
                "EdDSA-Ed25519 public key",
                "public-key",
                Some(256),
                "PEM (SubjectPublicKeyInfo)",
            ),
            ("private key", "private-key", None, "OpenSSH"),
        ] {
            let c = component(&doc, name);
            let rp = &c["cryptoProperties"]["relatedCryptoMaterialProperties"];
            assert_eq!(
                c["cryptoProperties"]["assetType"],
                "related-crypto-material"
            );
            assert_eq!(
                (
                    rp["type"].as_str(),
                    rp["size"].as_u64(),
                    rp["format"].as_str()
                ),
                (Some(kind), size, Some(format)),
                "{name}"
            );
            assert!(rp.get("value").is_none());
        }
        assert!(has(
            component(&doc, "RSA-3072 private key"),
            "tollgate:nist-ir-8547"
        ));
        // No 16 characters in a row of any key's base64, nor of its decoded bytes as hex.
        let mut bodies = Vec::new();
        for n in names {
            let t = String::from_utf8(fixture(n)).unwrap();
            let body: String = t
                .lines()
                .filter(|l| !l.starts_with("-----") && !l.contains(':'))
                .collect();
            bodies.push(body.clone());
            let hex: String = material::tests_decode(&body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            bodies.push(hex);
        }
        // A broken key: its error must not quote it either.
        let broken = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0123456789abcdefABCDEF\n-----END PRIVATE KEY-----\n";
        let r = MaterialScanner::read("k/broken.key", broken.as_bytes(), false);
        let errors = format!("{:?}", r.errors);
        assert_eq!(r.errors.len(), 1, "{errors}");
        bodies.push(broken.lines().nth(1).unwrap().to_string());
        for b in &bodies {
            let chars: Vec<char> = b.chars().collect();
            for w in chars.windows(16) {
                let run: String = w.iter().collect();
                assert!(!text.contains(&run), "the CBOM holds key material: {run}");
                assert!(!errors.contains(&run), "an error holds key material: {run}");
            }
        }
    }

    #[test]
    fn a_file_that_does_not_parse_is_an_error_and_the_others_are_read() {
        let (_, assets, errors) = read_all(&["broken.crt", "rsa2048-sha256.crt"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("certs/broken.crt:Some(1): not analysed"),
            "{errors:?}"
        );
        assert_eq!(assets.len(), 1);
        // Cut DER and a binary file of another kind: errors, never panics.
        let der = fixture("ec-p384.der");
        for cut in [
            &der[..40],
            &der[..der.len() - 1],
            b"\x00\x01\x02".as_slice(),
        ] {
            let r = MaterialScanner::read("a.der", cut, true);
            assert_eq!(r.errors.len(), 1);
        }
    }

    #[test]
    fn only_the_inventory_reads_certificates_keys_and_server_configuration() {
        use tollgate_core::scanner::PathMatch;
        let sast = crate::SastScanner::new();
        let material = MaterialScanner::new();
        for path in [
            "certs/server.pem",
            "certs/server.crt",
            "certs/ca.der",
            "keys/server.key",
            "home/.ssh/id_rsa",
            "etc/nginx/nginx.conf",
            "etc/nginx/sites-enabled/default",
            "src/main/resources/application.yml",
            "config/application-prod.yaml",
        ] {
            let name = path.rsplit('/').next().unwrap();
            // Spring's settings files are the code scanner's too (they resolve `@Value`).
            let settings = name.starts_with("application");
            assert_eq!(
                sast.selection().by_path(path, name) == PathMatch::No,
                !settings,
                "{path}"
            );
            assert_ne!(
                material.selection().by_path(path, name),
                PathMatch::No,
                "{path}"
            );
        }
        // Other YAML (CI, Kubernetes) is not read.
        assert_eq!(
            material
                .selection()
                .by_path(".github/workflows/ci.yml", "ci.yml"),
            PathMatch::No
        );
    }
}
