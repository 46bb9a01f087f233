//! Weak cryptography: broken hashes and ciphers, ECB, short RSA keys, fixed IVs,
//! hard-coded keys and predictable random numbers. Algorithm names are folded from
//! constants, so `MessageDigest.getInstance(ALG)` with `ALG = "MD5"` is found too.

use super::{security_name, upper};
use crate::flow::{CallSite, Fact, Val};
use crate::rule::{Check, Rule, SinkArg, Text};
use tollgate_core::Severity;

static HASH: Text = Text {
    title: "Weak hash function (MD5, SHA-1)",
    severity: Severity::High,
    cwe: &[328],
    tags: &["crypto", "weak-hashing"],
    why: "MD5 and SHA-1 collide in practice: a signature, a password hash or an integrity check made with them can be forged. PCI DSS requirement 3.5 and 8.3.2 require strong cryptography for stored account data and credentials.",
    fix: "Use SHA-256 or better (SHA-3, BLAKE2) for integrity, and a password hash (Argon2id, bcrypt, scrypt, PBKDF2) for passwords. Mark non-security uses explicitly (`usedforsecurity=False`).",
    references: &["https://cwe.mitre.org/data/definitions/328.html", "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final"],
};

static CIPHER: Text = Text {
    title: "Weak cipher (DES, 3DES, RC4, Blowfish, RC2)",
    severity: Severity::High,
    cwe: &[327],
    tags: &["crypto", "weak-encryption"],
    why: "DES falls to brute force, RC4 leaks its plaintext, 3DES was withdrawn by NIST (SP 800-131A) and is open to Sweet32; data encrypted with them is as good as clear text to a determined attacker. PCI DSS requirements 3.5 and 4.2 demand strong cryptography.",
    fix: "Use AES-GCM (or ChaCha20-Poly1305) with a 256-bit key from a key-management service.",
    references: &["https://cwe.mitre.org/data/definitions/327.html", "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final"],
};

static ECB: Text = Text {
    title: "Block cipher in ECB mode",
    severity: Severity::High,
    cwe: &[327],
    tags: &["crypto", "weak-encryption"],
    why: "ECB encrypts equal blocks to equal ciphertext: account numbers and amounts show their patterns, and blocks can be swapped undetected. Java's `Cipher.getInstance(\"AES\")` means ECB.",
    fix: "Use an authenticated mode: `AES/GCM/NoPadding` with a fresh 12-byte nonce per message.",
    references: &["https://cwe.mitre.org/data/definitions/327.html"],
};

static RSA: Text = Text {
    title: "RSA key shorter than 2048 bits",
    severity: Severity::High,
    cwe: &[326],
    tags: &["crypto", "weak-encryption"],
    why: "RSA keys below 2048 bits are below NIST's minimum (SP 800-131A) and within reach of well-funded attackers; signatures and key exchange made with them protect nothing for long.",
    fix: "Generate RSA keys of at least 3072 bits (2048 only where a counterpart requires it), or use ECDSA P-256 / Ed25519; plan the move to post-quantum algorithms (NIST IR 8547).",
    references: &["https://cwe.mitre.org/data/definitions/326.html"],
};

static IV: Text = Text {
    title: "Fixed initialisation vector or nonce",
    severity: Severity::High,
    cwe: &[329],
    tags: &["crypto", "weak-encryption"],
    why: "A constant IV makes CBC leak which messages start alike, and a repeated GCM nonce lets an attacker forge messages and recover the authentication key.",
    fix: "Generate a fresh random IV or nonce for every message (`SecureRandom`, `os.urandom`, `crypto.randomBytes`, `crypto/rand`) and send it with the ciphertext.",
    references: &["https://cwe.mitre.org/data/definitions/329.html"],
};

static KEY: Text = Text {
    title: "Hard-coded cryptographic key",
    severity: Severity::Critical,
    cwe: &[321, 798],
    tags: &["crypto", "secrets"],
    why: "A key in the source is in every clone, build log and backup of the repository: anyone who has it decrypts the data or forges MACs and tokens. PCI DSS requirement 3.6 requires keys to be protected and managed.",
    fix: "Load keys from a key-management service or HSM (or at least a secret store injected at run time), and rotate the exposed key.",
    references: &["https://cwe.mitre.org/data/definitions/321.html"],
};

static RANDOM: Text = Text {
    title: "Predictable random numbers for a security value",
    severity: Severity::High,
    cwe: &[330, 338],
    tags: &["crypto", "weak-randomness"],
    why: "`java.util.Random`, `Math.random`, Python's `random` and Go's `math/rand` are predictable from a few outputs: one-time passwords, reset codes, session ids and tokens made with them can be guessed.",
    fix: "Use the platform's cryptographic generator: `SecureRandom`, `secrets`, `crypto.randomBytes`/`crypto.randomInt`, `crypto/rand`.",
    references: &["https://cwe.mitre.org/data/definitions/330.html"],
};

fn weak_hash_name(s: &str) -> bool {
    matches!(
        s.to_ascii_uppercase().replace(['-', '_'], "").as_str(),
        "MD5" | "MD4" | "MD2" | "SHA1" | "SHA" | "RIPEMD160"
    )
}

fn java_hash(s: &CallSite<'_>) -> Option<String> {
    if s.is("MessageDigest.getInstance") || s.is("DigestUtils.getDigest") {
        let alg = s.arg_str(0)?;
        return weak_hash_name(alg).then(|| format!("`MessageDigest.getInstance(\"{alg}\")`"));
    }
    if s.is_any(&[
        "DigestUtils.md5Hex",
        "DigestUtils.md5",
        "DigestUtils.sha1Hex",
        "DigestUtils.sha1",
        "DigestUtils.shaHex",
        "Hashing.md5",
        "Hashing.sha1",
    ]) {
        return Some(format!("`{}`", s.method()));
    }
    None
}

fn python_hash(s: &CallSite<'_>) -> Option<String> {
    if super::kw_is(s, "usedforsecurity", false) {
        return None;
    }
    if s.is_any(&[
        "hashlib.md5",
        "hashlib.sha1",
        "Crypto.Hash.MD5.new",
        "Crypto.Hash.SHA1.new",
        "Cryptodome.Hash.MD5.new",
    ]) {
        return Some(format!(
            "`{}`",
            s.names.first().cloned().unwrap_or_default()
        ));
    }
    if s.is("hashlib.new") {
        let alg = s.arg_str(0)?;
        return weak_hash_name(alg).then(|| format!("`hashlib.new(\"{alg}\")`"));
    }
    if s.is_any(&[
        "cryptography.hazmat.primitives.hashes.MD5",
        "cryptography.hazmat.primitives.hashes.SHA1",
        "hashes.MD5",
        "hashes.SHA1",
    ]) {
        return Some(format!("`hashes.{}`", s.method()));
    }
    None
}

fn js_hash(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto.createHash",
        "crypto.createHmac",
        "createHash",
        "createHmac",
    ]) {
        let alg = s.arg_str(0)?;
        return weak_hash_name(alg).then(|| format!("`{}('{alg}')`", s.method()));
    }
    None
}

fn go_hash(s: &CallSite<'_>) -> Option<String> {
    s.is_any(&[
        "crypto/md5.New",
        "crypto/md5.Sum",
        "crypto/sha1.New",
        "crypto/sha1.Sum",
    ])
    .then(|| format!("`{}`", s.names.first().cloned().unwrap_or_default()))
}

fn weak_cipher_name(t: &str) -> bool {
    let u = t.to_ascii_uppercase();
    let alg = u.split(['/', '-']).next().unwrap_or("");
    matches!(
        alg,
        "DES" | "DESEDE" | "TRIPLEDES" | "3DES" | "RC4" | "ARCFOUR" | "RC2" | "BLOWFISH" | "BF"
    ) || u.starts_with("DES-EDE")
}

fn java_cipher(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "Cipher.getInstance",
        "KeyGenerator.getInstance",
        "SecretKeyFactory.getInstance",
    ]) {
        let alg = s.arg_str(0)?;
        return weak_cipher_name(alg).then(|| format!("`{}(\"{alg}\")`", s.method()));
    }
    None
}

fn python_cipher(s: &CallSite<'_>) -> Option<String> {
    let names = [
        "Crypto.Cipher.DES.new",
        "Crypto.Cipher.DES3.new",
        "Crypto.Cipher.ARC4.new",
        "Crypto.Cipher.ARC2.new",
        "Crypto.Cipher.Blowfish.new",
        "Cryptodome.Cipher.DES.new",
        "Cryptodome.Cipher.DES3.new",
        "DES.new",
        "DES3.new",
        "ARC4.new",
        "Blowfish.new",
        "algorithms.TripleDES",
        "algorithms.ARC4",
        "algorithms.Blowfish",
        "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES",
        "cryptography.hazmat.primitives.ciphers.algorithms.ARC4",
    ];
    s.is_any(&names)
        .then(|| format!("`{}`", s.call.callee.chain().unwrap_or_default()))
}

fn js_cipher(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto.createCipheriv",
        "crypto.createDecipheriv",
        "crypto.createCipher",
        "createCipheriv",
        "createDecipheriv",
    ]) {
        let alg = s.arg_str(0)?;
        return weak_cipher_name(alg).then(|| format!("`{}('{alg}')`", s.method()));
    }
    None
}

fn go_cipher(s: &CallSite<'_>) -> Option<String> {
    s.is_any(&[
        "crypto/des.NewCipher",
        "crypto/des.NewTripleDESCipher",
        "crypto/rc4.NewCipher",
        "golang.org/x/crypto/blowfish.NewCipher",
    ])
    .then(|| format!("`{}`", s.names.first().cloned().unwrap_or_default()))
}

fn java_ecb(s: &CallSite<'_>) -> Option<String> {
    if !s.is("Cipher.getInstance") {
        return None;
    }
    let alg = upper(s.arg(0))?;
    let parts: Vec<&str> = alg.split('/').collect();
    // "AES" alone is AES/ECB/PKCS5Padding in every JCE provider.
    let ecb = match parts.as_slice() {
        [a] => matches!(*a, "AES" | "DES" | "DESEDE" | "BLOWFISH"),
        [_, mode, ..] => *mode == "ECB",
        _ => false,
    };
    ecb.then(|| {
        format!(
            "`Cipher.getInstance(\"{}\")` uses ECB",
            s.arg_str(0).unwrap_or_default()
        )
    })
}

fn python_ecb(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "modes.ECB",
        "cryptography.hazmat.primitives.ciphers.modes.ECB",
    ]) {
        return Some("`modes.ECB()`".into());
    }
    // The mode as written, or held in a variable (`mode = AES.MODE_ECB`).
    let ecb = |c: &str| c.ends_with("MODE_ECB");
    if s.method() == "new"
        && (s
            .call
            .args
            .iter()
            .any(|a| a.value.chain().is_some_and(|c| ecb(&c)))
            || s.args.iter().any(|f| f.val.as_sym().is_some_and(ecb)))
    {
        return Some("`MODE_ECB`".into());
    }
    None
}

fn js_ecb(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto.createCipheriv",
        "crypto.createDecipheriv",
        "createCipheriv",
    ]) {
        let alg = s.arg_str(0)?;
        return alg
            .to_ascii_lowercase()
            .ends_with("-ecb")
            .then(|| format!("`{alg}`"));
    }
    None
}

fn short_rsa(bits: Option<f64>) -> Option<f64> {
    bits.filter(|b| *b > 0.0 && *b < 2048.0)
}

fn java_rsa(s: &CallSite<'_>) -> Option<String> {
    // `initialize(1024)` on a generator for RSA (or a generator of unknown algorithm
    // whose variable says RSA).
    if s.method() == "initialize" {
        let bits = short_rsa(s.arg(0).and_then(|f| f.val.as_num()))?;
        let rsa = s
            .recv
            .as_ref()
            .and_then(|r| r.val.as_str())
            .is_some_and(|a| a.eq_ignore_ascii_case("RSA"))
            || super::receiver_like(s, &["rsa", "keypairgen", "kpg", "generator"]);
        return rsa.then(|| format!("RSA key of {bits} bits"));
    }
    if s.call.new && s.is("RSAKeyGenParameterSpec") {
        let bits = short_rsa(s.arg(0).and_then(|f| f.val.as_num()))?;
        return Some(format!("RSA key of {bits} bits"));
    }
    None
}

fn python_rsa(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "rsa.generate_private_key",
        "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
    ]) {
        let bits = short_rsa(
            s.kwarg("key_size")
                .or(s.arg(1))
                .and_then(|f| f.val.as_num()),
        )?;
        return Some(format!("RSA key of {bits} bits"));
    }
    if s.is_any(&[
        "Crypto.PublicKey.RSA.generate",
        "Cryptodome.PublicKey.RSA.generate",
        "RSA.generate",
        "rsa.newkeys",
    ]) {
        let bits = short_rsa(s.arg(0).and_then(|f| f.val.as_num()))?;
        return Some(format!("RSA key of {bits} bits"));
    }
    None
}

fn js_rsa(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto.generateKeyPairSync",
        "crypto.generateKeyPair",
        "generateKeyPairSync",
        "generateKeyPair",
    ]) && s.arg_str(0).is_some_and(|a| a.eq_ignore_ascii_case("rsa"))
    {
        let bits = short_rsa(super::option(s, "modulusLength").and_then(|f| f.val.as_num()))?;
        return Some(format!("RSA key of {bits} bits"));
    }
    None
}

fn go_rsa(s: &CallSite<'_>) -> Option<String> {
    if s.is("crypto/rsa.GenerateKey") {
        let bits = short_rsa(s.arg(1).and_then(|f| f.val.as_num()))?;
        return Some(format!("RSA key of {bits} bits"));
    }
    None
}

/// A value written in the source: a string or byte literal, or a list of number literals.
fn literal(f: Option<&Fact>) -> bool {
    match f.map(|f| &f.val) {
        Some(Val::Str(s)) => !s.is_empty(),
        Some(Val::List(items)) => {
            !items.is_empty() && items.iter().all(|i| matches!(i, Val::Num(_)))
        }
        _ => false,
    }
}

fn java_iv(s: &CallSite<'_>) -> Option<String> {
    (s.call.new && s.is_any(&["IvParameterSpec", "GCMParameterSpec"])).then_some(())?;
    let arg = if s.is("GCMParameterSpec") {
        s.arg(1)
    } else {
        s.arg(0)
    };
    literal(arg).then(|| format!("`new {}` with a constant", s.method()))
}

fn python_iv(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "modes.CBC",
        "modes.GCM",
        "modes.CTR",
        "modes.CFB",
        "modes.OFB",
    ]) && literal(s.arg(0))
    {
        return Some(format!("`modes.{}` with a constant", s.method()));
    }
    if s.method() == "new" && (literal(s.kwarg("iv")) || literal(s.kwarg("nonce"))) {
        return Some("a cipher with a constant `iv`/`nonce`".into());
    }
    None
}

fn js_iv(s: &CallSite<'_>) -> Option<String> {
    (s.is_any(&["crypto.createCipheriv", "createCipheriv"]) && literal(s.arg(2)))
        .then(|| "`createCipheriv` with a constant IV".into())
}

fn go_iv(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto/cipher.NewCBCEncrypter",
        "crypto/cipher.NewCBCDecrypter",
        "crypto/cipher.NewCFBEncrypter",
        "crypto/cipher.NewCTR",
        "crypto/cipher.NewOFB",
    ]) && literal(s.arg(1))
    {
        return Some(format!("`{}` with a constant IV", s.method()));
    }
    if s.method() == "Seal" && literal(s.arg(1)) {
        return Some("`Seal` with a constant nonce".into());
    }
    None
}

fn java_key(s: &CallSite<'_>) -> Option<String> {
    (s.call.new && s.is("SecretKeySpec") && literal(s.arg(0)))
        .then(|| "`new SecretKeySpec` with a key written in the source".into())
}

fn python_key(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&["hmac.new", "jwt.encode"])
        && literal(s.arg(if s.method() == "encode" { 1 } else { 0 }))
    {
        return Some(format!(
            "`{}` with a key written in the source",
            s.names.first().cloned().unwrap_or_default()
        ));
    }
    if s.method() == "new"
        && s.is_any(&[
            "AES.new",
            "Crypto.Cipher.AES.new",
            "Cryptodome.Cipher.AES.new",
        ])
        && literal(s.arg(0))
    {
        return Some("`AES.new` with a key written in the source".into());
    }
    if s.is_any(&["algorithms.AES", "Fernet"]) && literal(s.arg(0)) {
        return Some(format!("`{}` with a key written in the source", s.method()));
    }
    None
}

fn js_key(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&[
        "crypto.createCipheriv",
        "createCipheriv",
        "crypto.createDecipheriv",
    ]) && literal(s.arg(1))
    {
        return Some("`createCipheriv` with a key written in the source".into());
    }
    if s.is_any(&["crypto.createHmac", "createHmac"]) && literal(s.arg(1)) {
        return Some("`createHmac` with a key written in the source".into());
    }
    if s.is_any(&[
        "jsonwebtoken.sign",
        "jwt.sign",
        "jsonwebtoken.verify",
        "jwt.verify",
    ]) && literal(s.arg(1))
    {
        return Some(format!(
            "`jwt.{}` with a key written in the source",
            s.method()
        ));
    }
    None
}

fn go_key(s: &CallSite<'_>) -> Option<String> {
    if s.is_any(&["crypto/aes.NewCipher"]) && literal(s.arg(0)) {
        return Some("`aes.NewCipher` with a key written in the source".into());
    }
    if s.is("crypto/hmac.New") && literal(s.arg(1)) {
        return Some("`hmac.New` with a key written in the source".into());
    }
    None
}

fn java_weak_random(s: &CallSite<'_>) -> Option<String> {
    let weak_type =
        |t: &str| t == "Random" || t == "java.util.Random" || t.ends_with("ThreadLocalRandom");
    let weak = s.is("Math.random")
        || matches!(
            s.method(),
            "nextInt"
                | "nextLong"
                | "nextDouble"
                | "nextBytes"
                | "nextFloat"
                | "nextGaussian"
                | "nextBoolean"
                | "ints"
        ) && s
            .recv
            .as_ref()
            .and_then(|r| r.ty.as_deref())
            .is_some_and(weak_type)
        || s.is("ThreadLocalRandom.current().nextInt")
        || s.is("RandomStringUtils.randomAlphanumeric")
        || s.is("RandomStringUtils.random");
    weak.then(|| format!("a predictable random number (`{}`)", s.method()))
}

fn python_weak_random(s: &CallSite<'_>) -> Option<String> {
    s.is_any(&[
        "random.random",
        "random.randint",
        "random.randrange",
        "random.choice",
        "random.choices",
        "random.getrandbits",
        "random.sample",
        "random.uniform",
        "random.shuffle",
    ])
    .then(|| format!("a predictable random number (`random.{}`)", s.method()))
}

fn js_weak_random(s: &CallSite<'_>) -> Option<String> {
    s.is("Math.random")
        .then(|| "a predictable random number (`Math.random()`)".into())
}

fn go_weak_random(s: &CallSite<'_>) -> Option<String> {
    s.names
        .iter()
        .any(|n| n.starts_with("math/rand.") || n.starts_with("math/rand/v2."))
        .then(|| format!("a predictable random number (`math/rand.{}`)", s.method()))
}

/// Where a random value must not go: cookies, the session, and the usual token setters.
fn random_sink(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.call.new && s.is_any(&["Cookie", "http.Cookie"]) {
        return Some(SinkArg::Any);
    }
    match s.method() {
        "setAttribute" | "putValue" if super::receiver_like(s, &["session"]) => Some(SinkArg::Any),
        "set_cookie" | "cookie" | "SetCookie" => Some(SinkArg::Any),
        _ => None,
    }
}

pub fn rules() -> Vec<Rule> {
    vec![
        Rule { lang: "java", slug: "weak-hash", text: &HASH, check: Check::Call(java_hash),
            finds: "`MessageDigest.getInstance` with MD5, MD4, MD2 or SHA-1 (the name folded from constants), and Commons Codec/Guava MD5 and SHA-1 helpers.",
            positive: &[r#"class A { static final String ALG = "MD5"; byte[] f(byte[] d) throws Exception { return java.security.MessageDigest.getInstance(ALG).digest(d); } }"#],
            negative: &[r#"class A { byte[] f(byte[] d) throws Exception { return java.security.MessageDigest.getInstance("SHA-256").digest(d); } }"#] },
        Rule { lang: "python", slug: "weak-hash", text: &HASH, check: Check::Call(python_hash),
            finds: "`hashlib.md5`/`sha1`, `hashlib.new` with a weak name, PyCryptodome `MD5`/`SHA1`, `cryptography` `hashes.MD5`/`SHA1` — unless `usedforsecurity=False` says it is not for security.",
            positive: &["import hashlib\ndef sign(data):\n    return hashlib.md5(data).hexdigest()\n"],
            negative: &["import hashlib\ndef etag(data):\n    return hashlib.md5(data, usedforsecurity=False).hexdigest()\n", "import hashlib\ndef sign(data):\n    return hashlib.sha256(data).hexdigest()\n"] },
        Rule { lang: "javascript", slug: "weak-hash", text: &HASH, check: Check::Call(js_hash),
            finds: "`crypto.createHash`/`createHmac` with `md5` or `sha1`.",
            positive: &["const crypto = require('crypto');\nfunction sign(d) { return crypto.createHash('md5').update(d).digest('hex'); }\n"],
            negative: &["const crypto = require('crypto');\nfunction sign(d) { return crypto.createHash('sha256').update(d).digest('hex'); }\n"] },
        Rule { lang: "go", slug: "weak-hash", text: &HASH, check: Check::Call(go_hash),
            finds: "`crypto/md5` and `crypto/sha1` (`New`, `Sum`).",
            positive: &["package p\nimport \"crypto/md5\"\nfunc f(b []byte) [16]byte { return md5.Sum(b) }\n"],
            negative: &["package p\nimport \"crypto/sha256\"\nfunc f(b []byte) [32]byte { return sha256.Sum256(b) }\n"] },
        Rule { lang: "java", slug: "weak-cipher", text: &CIPHER, check: Check::Call(java_cipher),
            finds: "`Cipher`, `KeyGenerator` or `SecretKeyFactory.getInstance` with DES, DESede, RC4/ARCFOUR, RC2 or Blowfish.",
            positive: &[r#"class A { void f() throws Exception { javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("DESede/CBC/PKCS5Padding"); } }"#],
            negative: &[r#"class A { void f() throws Exception { javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding"); } }"#] },
        Rule { lang: "python", slug: "weak-cipher", text: &CIPHER, check: Check::Call(python_cipher),
            finds: "PyCryptodome `DES`, `DES3`, `ARC4`, `ARC2`, `Blowfish` and `cryptography`'s `TripleDES`, `ARC4`, `Blowfish`.",
            positive: &["from Crypto.Cipher import DES3\ndef enc(k, d):\n    return DES3.new(k, DES3.MODE_CBC).encrypt(d)\n"],
            negative: &["from Crypto.Cipher import AES\ndef enc(k, d):\n    return AES.new(k, AES.MODE_GCM).encrypt(d)\n"] },
        Rule { lang: "javascript", slug: "weak-cipher", text: &CIPHER, check: Check::Call(js_cipher),
            finds: "`crypto.createCipheriv`/`createDecipheriv` with a DES, 3DES, RC4, RC2 or Blowfish algorithm name.",
            positive: &["const crypto = require('crypto');\nfunction enc(k, iv) { return crypto.createCipheriv('des-ede3-cbc', k, iv); }\n"],
            negative: &["const crypto = require('crypto');\nfunction enc(k, iv) { return crypto.createCipheriv('aes-256-gcm', k, iv); }\n"] },
        Rule { lang: "go", slug: "weak-cipher", text: &CIPHER, check: Check::Call(go_cipher),
            finds: "`crypto/des.NewCipher`, `NewTripleDESCipher`, `crypto/rc4.NewCipher` and `x/crypto/blowfish`.",
            positive: &["package p\nimport \"crypto/des\"\nfunc f(k []byte) { des.NewTripleDESCipher(k) }\n"],
            negative: &["package p\nimport \"crypto/aes\"\nfunc f(k []byte) { aes.NewCipher(k) }\n"] },
        Rule { lang: "java", slug: "ecb-mode", text: &ECB, check: Check::Call(java_ecb),
            finds: "`Cipher.getInstance` with `/ECB/` or with a bare algorithm (`\"AES\"`), which the JCE runs in ECB.",
            positive: &[r#"class A { void f() throws Exception { javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES"); } }"#],
            negative: &[r#"class A { void f() throws Exception { javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding"); } }"#] },
        Rule { lang: "python", slug: "ecb-mode", text: &ECB, check: Check::Call(python_ecb),
            finds: "`cryptography`'s `modes.ECB()` and PyCryptodome ciphers created with `MODE_ECB`.",
            positive: &["from Crypto.Cipher import AES\ndef enc(k, d):\n    return AES.new(k, AES.MODE_ECB).encrypt(d)\n",
                "from Crypto.Cipher import AES\ndef enc(k, d, fast):\n    mode = AES.MODE_ECB\n    return AES.new(k, mode).encrypt(d)\n"],
            negative: &["from Crypto.Cipher import AES\ndef enc(k, d):\n    return AES.new(k, AES.MODE_GCM).encrypt(d)\n",
                "from Crypto.Cipher import AES\ndef enc(k, d):\n    mode = AES.MODE_ECB\n    if 7 * 6 > 40:\n        mode = AES.MODE_GCM\n    return AES.new(k, mode).encrypt(d)\n"] },
        Rule { lang: "javascript", slug: "ecb-mode", text: &ECB, check: Check::Call(js_ecb),
            finds: "`crypto.createCipheriv` with an `-ecb` algorithm.",
            positive: &["const crypto = require('crypto');\nfunction enc(k) { return crypto.createCipheriv('aes-128-ecb', k, null); }\n"],
            negative: &["const crypto = require('crypto');\nfunction enc(k, iv) { return crypto.createCipheriv('aes-128-gcm', k, iv); }\n"] },
        Rule { lang: "java", slug: "rsa-key-too-short", text: &RSA, check: Check::Call(java_rsa),
            finds: "`KeyPairGenerator.initialize` of an RSA generator, or `RSAKeyGenParameterSpec`, with fewer than 2048 bits.",
            positive: &[r#"class A { void f() throws Exception { java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("RSA"); kpg.initialize(1024); } }"#],
            negative: &[r#"class A { void f() throws Exception { java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("RSA"); kpg.initialize(3072); } }"#] },
        Rule { lang: "python", slug: "rsa-key-too-short", text: &RSA, check: Check::Call(python_rsa),
            finds: "`cryptography`'s `rsa.generate_private_key`, PyCryptodome `RSA.generate` or `rsa.newkeys` with fewer than 2048 bits.",
            positive: &["from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=1024)\n"],
            negative: &["from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=3072)\n"] },
        Rule { lang: "javascript", slug: "rsa-key-too-short", text: &RSA, check: Check::Call(js_rsa),
            finds: "`crypto.generateKeyPair(Sync)('rsa', { modulusLength })` below 2048.",
            positive: &["const crypto = require('crypto');\nconst k = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });\n"],
            negative: &["const crypto = require('crypto');\nconst k = crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });\n"] },
        Rule { lang: "go", slug: "rsa-key-too-short", text: &RSA, check: Check::Call(go_rsa),
            finds: "`rsa.GenerateKey` with fewer than 2048 bits.",
            positive: &["package p\nimport (\"crypto/rand\"; \"crypto/rsa\")\nfunc f() { rsa.GenerateKey(rand.Reader, 1024) }\n"],
            negative: &["package p\nimport (\"crypto/rand\"; \"crypto/rsa\")\nconst bits = 3072\nfunc f() { rsa.GenerateKey(rand.Reader, bits) }\n"] },
        Rule { lang: "java", slug: "static-iv", text: &IV, check: Check::Call(java_iv),
            finds: "`new IvParameterSpec` or `new GCMParameterSpec` with bytes written in the source.",
            positive: &[r#"class A { void f() { javax.crypto.spec.IvParameterSpec iv = new javax.crypto.spec.IvParameterSpec("0123456789abcdef".getBytes()); } }"#],
            negative: &[r#"class A { void f(byte[] iv) { javax.crypto.spec.IvParameterSpec spec = new javax.crypto.spec.IvParameterSpec(iv); } }"#] },
        Rule { lang: "python", slug: "static-iv", text: &IV, check: Check::Call(python_iv),
            finds: "`cryptography` modes (`CBC`, `GCM`, `CTR`…) or PyCryptodome ciphers given an IV or nonce written in the source.",
            positive: &["from cryptography.hazmat.primitives.ciphers import modes\nm = modes.CBC(b\"0123456789abcdef\")\n"],
            negative: &["import os\nfrom cryptography.hazmat.primitives.ciphers import modes\nm = modes.CBC(os.urandom(16))\n"] },
        Rule { lang: "javascript", slug: "static-iv", text: &IV, check: Check::Call(js_iv),
            finds: "`crypto.createCipheriv` with an IV written in the source.",
            positive: &["const crypto = require('crypto');\nfunction enc(k) { return crypto.createCipheriv('aes-256-cbc', k, '0123456789abcdef'); }\n"],
            negative: &["const crypto = require('crypto');\nfunction enc(k) { return crypto.createCipheriv('aes-256-cbc', k, crypto.randomBytes(16)); }\n"] },
        Rule { lang: "go", slug: "static-iv", text: &IV, check: Check::Call(go_iv),
            finds: "`cipher.NewCBCEncrypter`/`NewCTR`/`NewOFB`/`NewCFBEncrypter` or an AEAD's `Seal` with an IV or nonce written in the source.",
            positive: &["package p\nimport \"crypto/cipher\"\nfunc f(b cipher.Block) { cipher.NewCBCEncrypter(b, []byte(\"0123456789abcdef\")) }\n"],
            negative: &["package p\nimport \"crypto/cipher\"\nfunc f(b cipher.Block, iv []byte) { cipher.NewCBCEncrypter(b, iv) }\n"] },
        Rule { lang: "java", slug: "hard-coded-key", text: &KEY, check: Check::Call(java_key),
            finds: "`new SecretKeySpec` whose key bytes are written in the source.",
            positive: &[r#"class A { void f() { javax.crypto.spec.SecretKeySpec k = new javax.crypto.spec.SecretKeySpec("not-a-real-key-16".getBytes(), "AES"); } }"#],
            negative: &[r#"class A { void f(byte[] key) { javax.crypto.spec.SecretKeySpec k = new javax.crypto.spec.SecretKeySpec(key, "AES"); } }"#] },
        Rule { lang: "python", slug: "hard-coded-key", text: &KEY, check: Check::Call(python_key),
            finds: "`hmac.new`, `jwt.encode`, PyCryptodome `AES.new`, `cryptography`'s `algorithms.AES` or `Fernet` with a key written in the source.",
            positive: &["import hmac, hashlib\ndef mac(d):\n    return hmac.new(b\"not-a-real-key\", d, hashlib.sha256).hexdigest()\n"],
            negative: &["import hmac, hashlib, os\ndef mac(d):\n    return hmac.new(os.environ[\"MAC_KEY\"].encode(), d, hashlib.sha256).hexdigest()\n"] },
        Rule { lang: "javascript", slug: "hard-coded-key", text: &KEY, check: Check::Call(js_key),
            finds: "`crypto.createCipheriv`/`createHmac` and `jsonwebtoken` `sign`/`verify` with a key written in the source.",
            positive: &["const jwt = require('jsonwebtoken');\nfunction issue(u) { return jwt.sign({ sub: u }, 'not-a-real-key'); }\n"],
            negative: &["const jwt = require('jsonwebtoken');\nfunction issue(u) { return jwt.sign({ sub: u }, process.env.JWT_KEY); }\n"] },
        Rule { lang: "go", slug: "hard-coded-key", text: &KEY, check: Check::Call(go_key),
            finds: "`aes.NewCipher` or `hmac.New` with a key written in the source.",
            positive: &["package p\nimport (\"crypto/hmac\"; \"crypto/sha256\")\nfunc f() { hmac.New(sha256.New, []byte(\"not-a-real-key\")) }\n"],
            negative: &["package p\nimport (\"crypto/hmac\"; \"crypto/sha256\")\nfunc f(k []byte) { hmac.New(sha256.New, k) }\n"] },
        Rule { lang: "java", slug: "insecure-random", text: &RANDOM, check: Check::Derived { source: java_weak_random, sink: random_sink, into: security_name },
            finds: "A value from `java.util.Random`, `ThreadLocalRandom`, `Math.random` or Commons `RandomStringUtils` that flows into a variable named like a token, password, OTP, nonce, salt or key, into a cookie or the session, or out of a method so named.",
            positive: &["class A { String otp() { java.util.Random r = new java.util.Random(); int code = r.nextInt(1000000); return String.valueOf(code); } }", "class A { void f() { double token = Math.random(); } }"],
            negative: &["class A { int shuffle() { java.util.Random r = new java.util.Random(); int slot = r.nextInt(10); return slot; } }", "class A { String otp() { java.security.SecureRandom r = new java.security.SecureRandom(); int code = r.nextInt(1000000); return String.valueOf(code); } }"] },
        Rule { lang: "python", slug: "insecure-random", text: &RANDOM, check: Check::Derived { source: python_weak_random, sink: random_sink, into: security_name },
            finds: "A value from Python's `random` module that flows into a variable named like a token, password, OTP, nonce, salt or key, into a cookie, or out of a function so named.",
            positive: &["import random\ndef reset_token():\n    return ''.join(random.choice('0123456789') for _ in range(6))\n"],
            negative: &["import secrets\ndef reset_token():\n    return secrets.token_urlsafe(32)\n", "import random\ndef pick_colour():\n    return random.choice(['red', 'blue'])\n"] },
        Rule { lang: "javascript", slug: "insecure-random", text: &RANDOM, check: Check::Derived { source: js_weak_random, sink: random_sink, into: security_name },
            finds: "A value from `Math.random()` that flows into a variable named like a token, password, OTP, nonce, salt or key, into a cookie, or out of a function so named.",
            positive: &["function makeToken() { return Math.random().toString(36).slice(2); }\n"],
            negative: &["function jitter() { return Math.random() * 100; }\n", "const crypto = require('crypto');\nfunction makeToken() { return crypto.randomBytes(32).toString('hex'); }\n"] },
        Rule { lang: "go", slug: "insecure-random", text: &RANDOM, check: Check::Derived { source: go_weak_random, sink: random_sink, into: security_name },
            finds: "A value from `math/rand` that flows into a variable named like a token, password, OTP, nonce, salt or key, into a cookie, or out of a function so named.",
            positive: &["package p\nimport \"math/rand\"\nfunc otp() int { code := rand.Intn(1000000); return code }\n"],
            negative: &["package p\nimport \"math/rand\"\nfunc backoff() int { return rand.Intn(100) }\n"] },
    ]
}
