//! The cryptography inventory: every place the code picks a cryptographic algorithm,
//! found by the same front ends and facts as the rules (so `getInstance(ALG)` with a
//! constant or a properties value is named), written as a CycloneDX 1.6 CBOM.
//!
//! Algorithms that a cryptographically relevant quantum computer breaks (RSA, DSA, DH,
//! ECDSA, ECDH, EdDSA, X25519) are marked with the dates of NIST IR 8547 (initial public
//! draft, 2024): deprecated after 2030, disallowed after 2035.

use crate::flow::{AssignSite, CallSite, DictSite, Visitor, Walk};
use crate::model::Module;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

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
    /// A CycloneDX crypto function (`digest`, `encrypt`, `keygen`, `sign`, `tag`, …).
    pub function: &'static str,
    pub path: String,
    pub line: u32,
    /// The API as written (`MessageDigest.getInstance`).
    pub api: String,
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
    type Key = (
        String,
        &'static str,
        Option<String>,
        Option<String>,
        Option<u32>,
    );
    type Places = BTreeSet<(String, u32, String)>;
    let mut by: BTreeMap<Key, (BTreeSet<&'static str>, Places)> = BTreeMap::new();
    for u in uses {
        let e = by
            .entry((
                u.algorithm.clone(),
                u.primitive,
                u.mode.clone(),
                u.padding.clone(),
                u.size,
            ))
            .or_default();
        e.0.insert(u.function);
        e.1.insert((u.path.clone(), u.line, u.api.clone()));
    }
    let mut components = Vec::new();
    for ((alg, prim, mode, padding, size), (functions, places)) in &by {
        let mut name = alg.clone();
        if let Some(s) = size {
            if !matches!(prim, &"hash") {
                name = format!("{name}-{s}");
            }
        }
        if let Some(m) = mode {
            name = format!("{name}-{}", m.to_ascii_uppercase());
        }
        let quantum = quantum_vulnerable(alg);
        let mut props = json!({
            "primitive": prim,
            "cryptoFunctions": functions.iter().collect::<Vec<_>>(),
            "executionEnvironment": "software-plain-ram",
            "implementationPlatform": "generic",
            "nistQuantumSecurityLevel": if quantum || matches!(alg.as_str(), "MD5" | "MD4" | "MD2" | "SHA-1" | "DES" | "RC4" | "RC2") { 0 } else { 1 },
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
        let mut properties =
            vec![json!({"name": "tollgate:quantum-vulnerable", "value": quantum.to_string()})];
        if quantum {
            properties.push(json!({"name": "tollgate:nist-ir-8547", "value": "deprecated after 2030, disallowed after 2035"}));
        }
        let bom_ref = format!("crypto:{}", name.to_ascii_lowercase());
        components.push(json!({
            "type": "cryptographic-asset",
            "bom-ref": bom_ref,
            "name": name,
            "cryptoProperties": {"assetType": "algorithm", "algorithmProperties": props},
            "evidence": {"occurrences": places.iter().map(|(p, l, api)| json!({"location": p, "line": l, "additionalContext": api})).collect::<Vec<Value>>()},
            "properties": properties,
        }));
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
}
