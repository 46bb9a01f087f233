//! Quiet by design: what is never a real secret. Placeholders, template variables,
//! environment lookups, published documentation examples, and values too uniform to
//! be random.

/// Shannon entropy in bits per byte.
pub fn entropy(value: &[u8]) -> f32 {
    if value.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in value {
        counts[b as usize] += 1;
    }
    let n = value.len() as f32;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f32 / n;
            -p * p.log2()
        })
        .sum()
}

/// Example credentials published in vendor documentation; they appear in countless
/// READMEs and tests and grant nothing.
const KNOWN_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    // Azure Storage emulator (Azurite) account key, public by design.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    // Stripe's documentation test keys.
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    "rk_test_4eC39HqLyjWDarjtT1zdp7dc",
    // Signature of the jwt.io sample token.
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    // Twilio's documented test credentials pattern values.
    "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
];

/// Substrings that mark a value as a placeholder (compared ASCII case-insensitively).
const PLACEHOLDER_MARKERS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpass",
    "dummy",
    "redacted",
    "replace",
    "insert_",
    "insert-",
    "sample",
    "fake",
    "xxxx",
    "****",
    "....",
    "…",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "%(",
    "$(",
    "#{",
    "12345678",
    "abcdefgh",
    "qwerty",
    "lorem",
    "notasecret",
    "not_a_secret",
    "not-a-secret",
    "secretkey",
    "mysecret",
    "my_secret",
    "supersecret",
    "todo",
    "fixme",
];

/// Whole values that are common defaults, never worth an alert on their own.
const TRIVIAL_VALUES: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "secret",
    "token",
    "admin",
    "root",
    "guest",
    "test",
    "testing",
    "postgres",
    "mysql",
    "redis",
    "user",
    "username",
    "changeit",
    "default",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "empty",
    "demo",
    "letmein",
    "welcome",
    "example",
    "sa",
    "oracle",
];

/// True when the value is a placeholder, template, environment lookup or known example.
pub fn is_placeholder(value: &[u8]) -> bool {
    is_placeholder_with(value, true)
}

/// As [`is_placeholder`]; `check_runs` also rejects values with six equal characters in a
/// row (fillers), which real key blocks and long binary encodings may legitimately contain.
pub fn is_placeholder_with(value: &[u8], check_runs: bool) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let t = text.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '\\'));
    if t.is_empty() {
        return true;
    }
    if KNOWN_EXAMPLES.iter().any(|k| t.contains(k)) {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if TRIVIAL_VALUES.contains(&lower.as_str()) {
        return true;
    }
    if PLACEHOLDER_MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    // Environment and template lookups: $VAR, %VAR%, env:VAR, process.env.X, os.environ[...]
    if t.starts_with('$')
        || (t.starts_with('%') && t.ends_with('%'))
        || lower.starts_with("env:")
        || lower.starts_with("env.")
        || lower.contains("process.env")
        || lower.contains("os.environ")
        || lower.contains("getenv")
        || lower.starts_with("@env:")
        || lower.starts_with("@keychain:")
        || lower.starts_with("secret:")
        || lower.starts_with("vault:")
        || lower.starts_with("arn:aws:secretsmanager")
    {
        return true;
    }
    (check_runs && has_long_run(value, 6)) || is_masked(t)
}

/// A value that is its own key's name in another case or spelling (`SMTP_PASSWORD =
/// "SMTP_PASSWORD"`, `S3_SECRET_KEY = "s3_secret_key"`, `apiToken: "api-token"`), or the
/// key's trailing words (`APP_DB_PASSWORD = "db_password"`): a constant, a lookup key or
/// an environment variable's name, not a credential. Only values made of name characters
/// qualify; the trailing words must be 8 characters or more once separators are dropped.
pub fn is_own_name(key: &[u8], value: &[u8]) -> bool {
    if !value
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return false;
    }
    let squash = |s: &[u8]| -> Vec<u8> {
        s.iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase)
            .collect()
    };
    let (k, v) = (squash(key), squash(value));
    !v.is_empty() && (k == v || (v.len() >= 8 && k.ends_with(&v)))
}

/// Key names that describe a secret rather than hold one: `password_hint`,
/// `token_url`, `secretName` (a Kubernetes reference), `password_min_length`.
/// Compared word by word (snake, kebab, dotted and camel case), so `admin_password`
/// is not mistaken for a `min` setting; only words after the credential's own word count,
/// so `javax.net.ssl.keyStorePassword` is a password, not a store.
pub fn key_is_descriptive(key: &[u8]) -> bool {
    const WORDS: &[&str] = &[
        "name",
        "names",
        "ref",
        "url",
        "uri",
        "endpoint",
        "path",
        "file",
        "field",
        "label",
        "type",
        "regex",
        "pattern",
        "policy",
        "length",
        "len",
        "min",
        "max",
        "hash",
        "hashed",
        "ttl",
        "timeout",
        "header",
        "param",
        "prefix",
        "format",
        "version",
        "count",
        "arn",
        "mode",
        "template",
        "placeholder",
        "hint",
        "message",
        "msg",
        "error",
        "prompt",
        "text",
        "title",
        "description",
        "help",
        "input",
        "button",
        "reset",
        "confirm",
        "forgot",
        "changed",
        "store",
        "manager",
        "provider",
        "class",
        "method",
        "handler",
        "validator",
        "strength",
        "rule",
        "limit",
        "size",
        "attempts",
        "encoding",
        "algorithm",
        "digest",
        "location",
        "dir",
        "env",
        "variable",
        "var",
        "source",
        "kind",
        "lifetime",
        "duration",
        "renew",
        "rotation",
        "enabled",
        "required",
        "usage",
        "tokenizer",
        "bucket",
        "parameter",
        "selector",
        "id",
        "ids",
        "key_id",
        "length",
        "generator",
        "factory",
        "callback",
    ];
    let text = String::from_utf8_lossy(key);
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // Words before the credential say whose it is (`keyStorePassword`, `managerPassword`
    // hold passwords); only words after it describe it (`password_hint`, `tokenUrl`).
    const CREDENTIAL: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "token",
        "key",
        "apikey",
        "credential",
        "credentials",
    ];
    let after = words
        .iter()
        .rposition(|w| CREDENTIAL.contains(&w.as_str()))
        .map_or(0, |i| i + 1);
    let describes = |w: &String| WORDS.contains(&w.as_str()) || w.starts_with("expir");
    words[after..].iter().any(describes)
}

/// Six or more of the same character in a row: a filler, not a random key.
fn has_long_run(value: &[u8], n: usize) -> bool {
    let mut run = 1;
    for w in value.windows(2) {
        if w[0] == w[1] {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// Values made only of masking characters.
fn is_masked(t: &str) -> bool {
    t.chars()
        .all(|c| matches!(c, '*' | 'x' | 'X' | '#' | '-' | '_' | '.' | '•'))
}

/// Generic assignments: reject values that look like identifiers, paths, URLs,
/// sentences or code rather than a credential.
pub fn looks_like_credential(value: &[u8]) -> bool {
    let Ok(v) = std::str::from_utf8(value) else {
        return false;
    };
    if v.len() < 8 || v.chars().any(char::is_whitespace) {
        return false;
    }
    // Escape sequences (`\xa1\xa2`, `\u00e9`, `\"`) are string-literal syntax, not a password.
    if v.bytes().filter(|&b| b == b'\\').count() >= 2 {
        return false;
    }
    let has_lower = v.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = v.bytes().any(|b| b.is_ascii_uppercase());
    let has_digit = v.bytes().any(|b| b.is_ascii_digit());
    let has_symbol = v.bytes().any(|b| b.is_ascii_punctuation());
    let letters = has_lower || has_upper;
    // Need a letter and (a digit or a symbol): plain words and camelCase names are labels.
    if !(letters && (has_digit || has_symbol)) {
        return false;
    }
    // Dotted, slashed or snake-case lowercase identifiers: config keys, i18n keys, paths.
    let identifier_like = v.bytes().all(|b| {
        b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b'_' | b'.' | b'-' | b'/' | b':')
    });
    if identifier_like
        && v.bytes()
            .any(|b| matches!(b, b'_' | b'.' | b'/' | b':' | b'-'))
        && !has_digit
    {
        return false;
    }
    if v.contains("://") || v.starts_with('/') || v.starts_with("./") || v.starts_with("../") {
        return false;
    }
    if is_public_address(v)
        || is_ui_text(v)
        || is_message_key(v)
        || is_constant_name(v)
        || is_ulid(v)
    {
        return false;
    }
    // A match that begins at a closing delimiter, or spans `),`, is minified code
    // (`"Password:"),p?"code"…`), not a quoted value.
    if v.starts_with([')', '(', ',', ';', ']', '}']) || v.contains("),") {
        return false;
    }
    // Code, not a literal: calls, member access chains, interpolation.
    if (v.contains('{') && v.contains('}'))
        || v.contains("%s")
        || v.contains("%v")
        || v.contains("%d")
    {
        return false;
    }
    if v.contains("()")
        || v.contains("=>")
        || v.contains("->")
        || v.contains("::")
        || v.ends_with(')')
    {
        return false;
    }
    // Hex digests and UUIDs are checksums and ids, not passwords.
    if is_hex(v) && matches!(v.len(), 32 | 40 | 56 | 64 | 96 | 128) || is_uuid(v) {
        return false;
    }
    // Integrity strings (sha512-...), hashed passwords ($2b$..., {SHA}...).
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("sha1-")
        || lower.starts_with("sha256-")
        || lower.starts_with("sha384-")
        || lower.starts_with("sha512-")
        || lower.starts_with("$2a$")
        || lower.starts_with("$2b$")
        || lower.starts_with("$2y$")
        || lower.starts_with("$argon2")
        || lower.starts_with("{sha")
        || lower.starts_with("{ssha")
        || lower.starts_with("{bcrypt")
        // Django's password hashes: `pbkdf2_sha256$<iterations>$<salt>$<hash>`.
        || lower.starts_with("pbkdf2_")
        || lower.starts_with("sha1$")
        || lower.starts_with("md5$")
    {
        return false;
    }
    true
}

/// A blockchain address (`0x` and 40 hex digits, an Ethereum-style account or contract;
/// `bc1`/`tb1` bech32 Bitcoin addresses): published by design, not a credential. A 64-digit
/// `0x` value may be a private key and is not one of these.
pub fn is_public_address(v: &str) -> bool {
    if let Some(hex) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        return hex.len() == 40 && is_hex(hex);
    }
    let lower = v.to_ascii_lowercase();
    (lower.starts_with("bc1q") || lower.starts_with("bc1p") || lower.starts_with("tb1q"))
        && (42..=62).contains(&v.len())
        && lower[4..]
            .bytes()
            .all(|b| b"qpzry9x8gf2tvdw0s3jn54khce6mua7l".contains(&b))
}

/// Words shown to a user: letters (any script) and inner `-`/`'`, ending in one piece of
/// punctuation such as `Password:` or `Passwort?`. A label, not a password.
pub fn is_ui_text(v: &str) -> bool {
    let Some(last) = v.chars().last() else {
        return false;
    };
    if !matches!(last, ':' | '?' | '!' | '.' | '…') {
        return false;
    }
    let body = v[..v.len() - last.len_utf8()].trim_end_matches('.');
    !body.is_empty()
        && body.chars().next().is_some_and(char::is_alphabetic)
        && body
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
}

/// A message or property key: dotted words such as `auth.passwordReset.title` or
/// `errors.invalid_token`, each segment a word with at most two trailing digits. Keys of
/// translation catalogues and configuration, not secrets (JWTs and keys have long, mixed
/// segments and fail this).
pub fn is_message_key(v: &str) -> bool {
    let segments: Vec<&str> = v.split('.').collect();
    segments.len() >= 2
        && segments.iter().all(|seg| {
            let word = seg.trim_end_matches(|c: char| c.is_ascii_digit());
            seg.len() - word.len() <= 2
                && (2..=40).contains(&word.len())
                && word.starts_with(|c: char| c.is_ascii_alphabetic())
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-'))
                // camelCase at most: a random mix of cases is key material.
                && case_changes(word) <= 3
        })
}

fn case_changes(word: &str) -> usize {
    word.as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count()
}

/// The checksum of GitHub's prefixed tokens (`ghp_`, `gho_`, `ghu_`, `ghs_` and 36 more
/// characters): the last six characters are the CRC-32 of the 30 before them, in base 62.
/// `None` when the value is not such a token.
pub fn github_checksum_ok(v: &[u8]) -> Option<bool> {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let prefixed = v.len() == 40
        && v.starts_with(b"gh")
        && matches!(v[2], b'p' | b'o' | b'u' | b's')
        && v[3] == b'_';
    if !prefixed || !v[4..].iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut n = crc32fast::hash(&v[4..34]);
    let mut want = [b'0'; 6];
    for slot in want.iter_mut().rev() {
        *slot = DIGITS[(n % 62) as usize];
        n /= 62;
    }
    Some(v[34..] == want)
}

/// An upper-case constant or environment variable's name (`FINERACT_DEFAULT_TENANT_PASSWORD`):
/// letters, digits and underscores, at least two words. A name, not a password.
pub fn is_constant_name(v: &str) -> bool {
    v.contains('_')
        && v.starts_with(|c: char| c.is_ascii_uppercase())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && v.split('_').filter(|w| w.len() >= 3).count() >= 2
}

/// A ULID (26 characters of Crockford base 32, a timestamp first): an identifier.
pub fn is_ulid(v: &str) -> bool {
    v.len() == 26
        && v.starts_with(|c: char| ('0'..='7').contains(&c))
        && v.bytes().all(|b| {
            b.is_ascii_digit()
                || (b.is_ascii_uppercase() && !matches!(b, b'I' | b'L' | b'O' | b'U'))
        })
}

pub fn is_hex(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_bounds() {
        assert_eq!(entropy(b""), 0.0);
        assert_eq!(entropy(b"aaaa"), 0.0);
        assert!((entropy(b"abcd") - 2.0).abs() < 1e-6);
        assert!(entropy(b"Zx9vQ2mP7kL4bN8cR3tW") > 4.0);
    }

    #[test]
    fn placeholders() {
        for v in [
            "AKIAIOSFODNN7EXAMPLE",
            "${DB_PASSWORD}",
            "{{ .Values.token }}",
            "<your-api-key>",
            "changeme",
            "xxxxxxxxxxxxxxxx",
            "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
            "$SECRET",
            "%API_KEY%",
            "password",
            "your_token_here",
            "@env:AC_PASSWORD",
            "000000000000000000",
            "********",
            "process.env.STRIPE_KEY",
        ] {
            assert!(is_placeholder(v.as_bytes()), "{v}");
        }
        for v in [
            // tollgate:ignore[stripe-secret-key] synthetic value for the filter test
            "sk_live_51Hx9Kd2eZvKYlo2C0mQ8vT4w",
            "Zx9!vQ2#mP7@kL4$",
            // tollgate:ignore[github-personal-access-token] synthetic value for the filter test
            "ghp_R2d7kQ9mX4vB8nL3pW6tY1cF5hJ0sA7eU2iO",
        ] {
            assert!(!is_placeholder(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn values_that_are_their_own_names() {
        for (k, v) in [
            ("SMTP_PASSWORD", "SMTP_PASSWORD"),
            ("S3_SECRET_KEY", "s3_secret_key"),
            ("apiToken", "api-token"),
            ("settings.APP_DB_PASSWORD", "db_password"),
            ("client_secret", "CLIENT.SECRET"),
        ] {
            assert!(is_own_name(k.as_bytes(), v.as_bytes()), "{k} = {v}");
        }
        // Near misses: a value with other characters, another name, a short tail.
        // The pairs read as credentials passed by name, which they are meant to be.
        for (k, v) in [
            // tollgate:ignore[generic-credential-argument] synthetic pair for the filter test
            ("SMTP_PASSWORD", "SMTP_PASSWORD!"),
            // tollgate:ignore[generic-credential-argument] synthetic pair for the filter test
            ("SMTP_PASSWORD", "smtp_password_2024x"),
            // tollgate:ignore[generic-credential-argument] synthetic pair for the filter test
            ("DB_PASSWORD", "Xk9pQ2mVt7Lw"),
            ("ADMIN_PASSWORD", "word"),
            ("api_token", "token_api"),
            ("SECRET", ""),
        ] {
            assert!(!is_own_name(k.as_bytes(), v.as_bytes()), "{k} = {v}");
        }
    }

    #[test]
    fn descriptive_keys() {
        for k in [
            "password_hint",
            "tokenUrl",
            "secretName",
            "PASSWORD_MIN_LENGTH",
            "token-type",
            "api_key_id",
            "tokenExpiresAt",
            "max_password_length",
            "passwordStore",
            "tokenizer",
        ] {
            assert!(key_is_descriptive(k.as_bytes()), "{k}");
        }
        for k in [
            "admin_password",
            "DB_PASSWORD",
            "clientSecret",
            "api_key",
            "settlementToken",
            "STRIPE_SECRET",
            "javax.net.ssl.keyStorePassword",
            "storePassword",
            "secret_manager_token",
        ] {
            assert!(!key_is_descriptive(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn public_addresses_ui_text_and_message_keys() {
        for v in [
            "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
            "0x000000000000000000000000000000000000dEaD",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ] {
            assert!(is_public_address(v), "{v}");
            assert!(!looks_like_credential(v.as_bytes()), "{v}");
        }
        for v in [
            // A 32-byte value is what a private key looks like.
            "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
            "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb",
        ] {
            assert!(!is_public_address(v), "{v}");
        }
        for v in [
            "Password:",
            "Passwort?",
            "Mot-de-passe:",
            "Kennwörter…",
            "Contraseña:",
        ] {
            assert!(is_ui_text(v), "{v}");
            assert!(!looks_like_credential(v.as_bytes()), "{v}");
        }
        for v in ["Pa55word:", "hunter2!", "S3cr3t-Value!", ":", "Tr0ub4dor&3"] {
            assert!(!is_ui_text(v), "{v}");
        }
        for v in [
            "auth.passwordReset.title",
            "errors.invalid_token",
            "settings.apiKey.label2",
            "login.Password",
        ] {
            assert!(is_message_key(v), "{v}");
            assert!(!looks_like_credential(v.as_bytes()), "{v}");
        }
        for v in [
            "kX9vQ2.mP7kL4bN8cR3tW",
            "AbCdEfGhIj.KlMnOpQrSt",
            "prod.db-9f8e7d6c5b4a",
        ] {
            assert!(!is_message_key(v), "{v}");
        }
        // A JWT (assembled here, so this file holds none) is no message key either.
        let jwt = [
            "eyJhbGciOiJIUzI1NiJ9",
            "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
            "dozjgNryP4J3jVmNHl0w5N",
        ]
        .join(".");
        assert!(!is_message_key(&jwt));
    }

    #[test]
    fn names_ids_hashes_and_code_are_not_credentials() {
        for v in [
            "FINERACT_DEFAULT_TENANT_RO_PASSWORD",
            "DB_PASSWORD_PROD",
            "01GNBZ3W5YV8QK2T9X4M6R7PHC",
            "pbkdf2_sha256$260000$Qx3v$Zk9dLm2pQ8rT5wY1",
            "),p?c.default.createElement(",
            "),w?c.default",
        ] {
            assert!(!looks_like_credential(v.as_bytes()), "{v}");
        }
        // Near misses: a password in capitals with a symbol, a random 26-character value
        // with lower case, a password that merely contains a parenthesis.
        for v in [
            "S3CR3T_P4SS!",
            "01gnbz3w5yv8qk2t9x4m6r7phc",
            "Pa(ss)w0rd-91x",
        ] {
            assert!(looks_like_credential(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn github_checksums() {
        // A published, expired example token, split so this file holds no token.
        let token =
            |prefix: &str, tail: &str| format!("{prefix}_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ{tail}");
        assert_eq!(
            github_checksum_ok(token("ghp", "0mLq17").as_bytes()),
            Some(true)
        );
        assert_eq!(
            github_checksum_ok(token("gho", "0mLq17").as_bytes()),
            Some(true)
        );
        assert_eq!(
            github_checksum_ok(token("ghp", "0mLq18").as_bytes()),
            Some(false)
        );
        assert_eq!(github_checksum_ok(token("ghz", "0mLq17").as_bytes()), None);
        assert_eq!(github_checksum_ok(b"ghp_short"), None);
    }

    #[test]
    fn generic_values() {
        for v in ["S3cr3tP@ssw0rd!", "q8W#e2R$t6Y", "Tr0ub4dor&3x"] {
            assert!(looks_like_credential(v.as_bytes()), "{v}");
        }
        for v in [
            "Enter your password",
            "passwordLabel",
            "\\xa1\\xa2\\xa3",
            "auth.password.label",
            "PasswordReset",
            "short1",
            "https://host/x",
            "../secrets/key.pem",
            "getPassword()",
            "d41d8cd98f00b204e9800998ecf8427e",
            "123e4567-e89b-12d3-a456-426614174000",
            "sha512-abc123+/=",
            "$2b$12$abcdefghijk",
            "user_password_hash",
        ] {
            assert!(!looks_like_credential(v.as_bytes()), "{v}");
        }
    }
}
