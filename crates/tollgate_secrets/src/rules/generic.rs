//! Generic assignments of passwords, secrets, keys and tokens, with entropy and placeholder checks.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "generic-password",
        "Hard-coded password",
        Category::Generic,
        Severity::High,
        &["passw", "pwd", "passphrase"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:passw(?:or)?d|passwd|pwd|passphrase)[A-Za-z0-9_.\-]{0,20})\\?["\']?\s*(?::=|=>|[:=]|==)\s*(?:[A-Za-z]?\\?["\'`])(?P<s>[^"\'`\s\\]{8,200})\\?["\'`]"#,
    )
    .confidence(Confidence::Medium)
    .entropy(2.8)
    .check(Check::GenericValue)
    .priority(0),
    SecretRule::new(
        "generic-secret",
        "Hard-coded secret",
        Category::Generic,
        Severity::High,
        &["secret"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:secret)[A-Za-z0-9_.\-]{0,20})\\?["\']?\s*(?::=|=>|[:=]|==)\s*(?:[A-Za-z]?\\?["\'`])(?P<s>[^"\'`\s\\]{8,200})\\?["\'`]"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .priority(0),
    SecretRule::new(
        "generic-api-key",
        "Hard-coded API key",
        Category::Generic,
        Severity::High,
        &["api_key", "apikey", "api-key", "access_key", "accesskey", "auth_key", "authkey", "private_key", "signing_key", "encryption_key", "master_key"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:api[_.\-]?key|access[_.\-]?key|auth[_.\-]?key|private[_.\-]?key|signing[_.\-]?key|encryption[_.\-]?key|master[_.\-]?key)[A-Za-z0-9_.\-]{0,20})\\?["\']?\s*(?::=|=>|[:=]|==)\s*(?:[A-Za-z]?\\?["\'`])(?P<s>[^"\'`\s\\]{8,200})\\?["\'`]"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.2)
    .check(Check::GenericValue)
    .priority(0),
    SecretRule::new(
        "generic-token",
        "Hard-coded token",
        Category::Generic,
        Severity::High,
        &["token"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:token)[A-Za-z0-9_.\-]{0,20})\\?["\']?\s*(?::=|=>|[:=]|==)\s*(?:[A-Za-z]?\\?["\'`])(?P<s>[^"\'`\s\\]{8,200})\\?["\'`]"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.2)
    .check(Check::GenericValue)
    .priority(0),
    SecretRule::new(
        "generic-credential-argument",
        "Credential passed as a key-value argument",
        Category::Generic,
        Severity::High,
        &["passw", "pwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key", "api.key"],
        // A call with exactly a quoted name and a quoted value: `props.put("db.password",
        // "…")`, `System.setProperty("…Password", "…")`, Gradle's `property "sonar.login",
        // "…"`. The name must be the whole first argument, so a list of strings is not a
        // pair.
        r#"(?i)(?:\(|\bproperty\s+)\s*["'](?P<k>[A-Za-z0-9_.\-]{0,40}?(?:passw(?:or)?d|passwd|pwd|passphrase|secret|token|api[_.\-]?key)[A-Za-z0-9_.\-]{0,20})["']\s*,\s*["'](?P<s>[^"'`\s\\]{8,200})["']\s*(?:\)|$)"#,
    )
    .about("A password, secret, token or API key written as the value of a named setting passed to a call, as Java `Properties.put`/`System.setProperty`, Gradle `property` and map-building calls in many languages do.")
    .confidence(Confidence::Medium)
    .entropy(3.2)
    .check(Check::GenericValue)
    .priority(0),
    SecretRule::new(
        "generic-config-password",
        "Password in a configuration file",
        Category::Generic,
        Severity::High,
        &["passw", "pwd", "secret", "token", "api_key", "apikey", "credential"],
        r#"(?im)^\s*(?:export\s+)?(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:passw(?:or)?d|passwd|pwd|secret|token|api[_.\-]?key|credentials?)[A-Za-z0-9_.\-]{0,20})\s*[:=]\s*(?P<s>[^\s"\'#;]{8,200})\s*$"#,
    )
    .confidence(Confidence::Medium)
    .entropy(2.8)
    .check(Check::GenericValue)
    .priority(0)
    .config_only(),
    SecretRule::new(
        "generic-config-key",
        "Cryptographic key in a configuration file",
        Category::Generic,
        Severity::High,
        &["hmac", "_key=", "_key:", "_key =", "_key :", "-key=", "-key:", ".key=", ".key:"],
        r#"(?im)^\s*(?:export\s+)?(?P<k>[A-Za-z0-9_.\-]{0,40}?(?:hmac|signing|signature|encryption|encrypt|crypto|cipher|aes|jwt|app|session|cookie|master|shared|webhook)[_.\-]?key)\s*[:=]\s*["']?(?P<s>[^\s"'#;]{16,200})["']?\s*$"#,
    )
    .about("A key that signs or encrypts (`HMAC_KEY=`, `JWT_KEY=`, `APP_KEY=`, `SESSION_KEY=`) assigned in a `.env`, properties or YAML file. Whoever holds it can forge signed messages, sessions and tokens, or decrypt what it protects.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .priority(0)
    .config_only(),
];
