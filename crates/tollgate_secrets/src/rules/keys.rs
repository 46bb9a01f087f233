//! Private keys in PEM, OpenSSH, PGP, PuTTY and JWK form.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "private-key",
        "Private key (PEM)",
        Category::PrivateKey,
        Severity::Critical,
        &["-----begin"],
        r#"(?P<s>-----BEGIN (?:RSA |EC |DSA |)PRIVATE KEY-----(?:\\r\\n|\\\\n|\\n|\r?\n|["'`])[\s\S]{64,}?-----END (?:RSA |EC |DSA |)PRIVATE KEY-----)"#,
    )
    .about("An unencrypted RSA, EC or DSA private key, or a PKCS#8 private key, in PEM form.")
    .check(Check::KeyBody)
    .block(16384)
    .priority(1),
    SecretRule::new(
        "encrypted-private-key",
        "Encrypted private key (PEM)",
        Category::PrivateKey,
        Severity::Medium,
        &["-----begin encrypted"],
        r#"(?P<s>-----BEGIN ENCRYPTED PRIVATE KEY-----(?:\\r\\n|\\\\n|\\n|\r?\n|["'`])[\s\S]{64,}?-----END ENCRYPTED PRIVATE KEY-----)"#,
    )
    .about("A passphrase-protected PKCS#8 private key. Its passphrase is often nearby or weak; keys belong in a KMS or HSM, not in the repository.")
    .confidence(Confidence::Medium)
    .check(Check::KeyBody)
    .block(16384),
    SecretRule::new(
        "legacy-encrypted-private-key",
        "Encrypted private key (legacy PEM)",
        Category::PrivateKey,
        Severity::Medium,
        &["-----begin"],
        r#"(?P<s>-----BEGIN (?:RSA |EC |DSA |)PRIVATE KEY-----(?:\\r\\n|\\\\n|\\n|\r?\n|["'`])\s*Proc-Type: 4,ENCRYPTED[\s\S]{64,}?-----END (?:RSA |EC |DSA |)PRIVATE KEY-----)"#,
    )
    .about("An RSA, EC or DSA private key in OpenSSL's traditional encrypted PEM form (`Proc-Type: 4,ENCRYPTED` with a `DEK-Info` cipher line). Its passphrase is often weak or nearby; the older ciphers it uses (DES-EDE3-CBC, MD5-based key derivation) make guessing cheap.")
    .confidence(Confidence::Medium)
    .check(Check::KeyBody)
    .block(16384)
    // Wins over the clear PEM rule, which also matches the same block.
    .priority(3)
    .prefixed(),
    SecretRule::new(
        "openssh-private-key",
        "OpenSSH private key",
        Category::PrivateKey,
        Severity::Critical,
        &["-----begin openssh"],
        r#"(?P<s>-----BEGIN OPENSSH PRIVATE KEY-----(?:\\r\\n|\\\\n|\\n|\r?\n|["'`])[\s\S]{64,}?-----END OPENSSH PRIVATE KEY-----)"#,
    )
    .check(Check::KeyBody)
    .block(16384),
    SecretRule::new(
        "pgp-private-key",
        "PGP private key block",
        Category::PrivateKey,
        Severity::Critical,
        &["-----begin pgp private"],
        r#"(?P<s>-----BEGIN PGP PRIVATE KEY BLOCK-----(?:\\r\\n|\\\\n|\\n|\r?\n|["'`])[\s\S]{64,}?-----END PGP PRIVATE KEY BLOCK-----)"#,
    )
    .check(Check::KeyBody)
    .block(65536),
    SecretRule::new(
        "putty-private-key",
        "PuTTY private key",
        Category::PrivateKey,
        Severity::Critical,
        &["putty-user-key-file-"],
        r#"(?P<s>PuTTY-User-Key-File-[23]: [^\r\n]+\r?\n[\s\S]{0,2048}?Private-Lines: \d+\r?\n[A-Za-z0-9+/=\r\n]{64,})"#,
    )
    .check(Check::KeyBody)
    .block(16384),
    SecretRule::new(
        "jwk-private-key",
        "JSON Web Key with private part",
        Category::PrivateKey,
        Severity::Critical,
        &["\"kty\""],
        r#"(?P<s>\{[^{}]{0,2000}?"kty"\s*:\s*"(?:RSA|EC|OKP)"[^{}]{0,4000}?"d"\s*:\s*"[A-Za-z0-9_\-]{32,}"[^{}]{0,4000}?\})"#,
    )
    .about("A JSON Web Key (JWK) that contains the private component `d`: a signing or decryption key in JSON form, typically for OAuth, OpenID Connect or open-banking (PSD2) message signing.")
    .block(16384),
];
