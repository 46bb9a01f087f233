//! Secret managers and encryption-key tools.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "hashicorp-vault-token",
        "HashiCorp Vault service token",
        Category::SecretManager,
        Severity::Critical,
        &["hvs."],
        r#"\b(?P<s>hvs\.[A-Za-z0-9_\-]{90,120})"#,
    ),
    SecretRule::new(
        "hashicorp-vault-batch-token",
        "HashiCorp Vault batch token",
        Category::SecretManager,
        Severity::High,
        &["hvb."],
        r#"\b(?P<s>hvb\.[A-Za-z0-9_\-]{138,300})"#,
    ),
    SecretRule::new(
        "hashicorp-vault-legacy-token",
        "HashiCorp Vault legacy token",
        Category::SecretManager,
        Severity::High,
        &["vault"],
        r#"(?i)vault[\w.\-]{0,30}?token["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>[sb]\.[A-Za-z0-9]{24})\b"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "doppler-token",
        "Doppler token",
        Category::SecretManager,
        Severity::Critical,
        &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
        r#"\b(?P<s>dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})\b"#,
    ),
    SecretRule::new(
        "onepassword-service-account-token",
        "1Password service account token",
        Category::SecretManager,
        Severity::Critical,
        &["ops_eyj"],
        r#"\b(?P<s>ops_eyJ[A-Za-z0-9+/=]{100,})"#,
    ),
    SecretRule::new(
        "onepassword-secret-key",
        "1Password account secret key",
        Category::SecretManager,
        Severity::Critical,
        &["a3-"],
        r#"\b(?P<s>A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b"#,
    ),
    SecretRule::new(
        "age-secret-key",
        "age encryption secret key",
        Category::PrivateKey,
        Severity::Critical,
        &["age-secret-key-1"],
        r#"\b(?P<s>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b"#,
    ),
    SecretRule::new(
        "infisical-token",
        "Infisical service token",
        Category::SecretManager,
        Severity::High,
        &["st."],
        r#"\b(?P<s>st\.[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}\.[a-f0-9]{32}\.[a-f0-9]{32})\b"#,
    ),
    SecretRule::new(
        "akeyless-access-key",
        "Akeyless access key",
        Category::SecretManager,
        Severity::High,
        &["akeyless"],
        r#"(?i)akeyless[_.\-]?access[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{43}=)(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
];
