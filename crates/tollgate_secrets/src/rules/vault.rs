//! Secret managers and encryption-key tools.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "hashicorp-vault-token",
        "HashiCorp Vault service token",
        Category::SecretManager,
        Severity::Critical,
        &["hvs."],
        r#"\b(?P<s>hvs\.[A-Za-z0-9_\-]{90,120})"#,
    )
    .prefixed()
    .revoke("https://developer.hashicorp.com/vault/docs/commands/token/revoke"),
    SecretRule::new(
        "hashicorp-vault-batch-token",
        "HashiCorp Vault batch token",
        Category::SecretManager,
        Severity::High,
        &["hvb."],
        r#"\b(?P<s>hvb\.[A-Za-z0-9_\-]{138,300})"#,
    )
    .prefixed()
    .revoke("https://developer.hashicorp.com/vault/docs/commands/token/revoke"),
    SecretRule::new(
        "hashicorp-vault-legacy-token",
        "HashiCorp Vault legacy token",
        Category::SecretManager,
        Severity::High,
        &["vault"],
        r#"(?i)vault[\w.\-]{0,30}?token["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>[sb]\.[A-Za-z0-9]{24})\b"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://developer.hashicorp.com/vault/docs/commands/token/revoke"),
    SecretRule::new(
        "doppler-token",
        "Doppler token",
        Category::SecretManager,
        Severity::Critical,
        &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
        r#"\b(?P<s>dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})\b"#,
    )
    .prefixed()
    .revoke("https://dashboard.doppler.com/"),
    SecretRule::new(
        "onepassword-service-account-token",
        "1Password service account token",
        Category::SecretManager,
        Severity::Critical,
        &["ops_eyj"],
        r#"\b(?P<s>ops_eyJ[A-Za-z0-9+/=]{100,4000})"#,
    )
    .prefixed()
    .revoke("https://developer.1password.com/docs/service-accounts/manage-service-accounts/"),
    SecretRule::new(
        "onepassword-secret-key",
        "1Password account secret key",
        Category::SecretManager,
        Severity::Critical,
        &["a3-"],
        r#"\b(?P<s>A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b"#,
    )
    .prefixed()
    .revoke("https://support.1password.com/secret-key/"),
    SecretRule::new(
        "age-secret-key",
        "age encryption secret key",
        Category::PrivateKey,
        Severity::Critical,
        &["age-secret-key-1"],
        r#"\b(?P<s>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b"#,
    )
    .prefixed(),
    SecretRule::new(
        "infisical-token",
        "Infisical service token",
        Category::SecretManager,
        Severity::High,
        // `st.` is in every `test.`, `list.`, `first.`: the issuer's name prefilters.
        &["infisical"],
        r#"\b(?P<s>st\.[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}\.[a-f0-9]{32}\.[a-f0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://app.infisical.com/"),
    SecretRule::new(
        "akeyless-access-key",
        "Akeyless access key",
        Category::SecretManager,
        Severity::High,
        &["akeyless"],
        r#"(?i)akeyless[_.\-]?access[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{43}=)(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://console.akeyless.io/"),
    SecretRule::new(
        "cyberark-conjur-api-key",
        "CyberArk Conjur API key",
        Category::SecretManager,
        Severity::Critical,
        &["conjur"],
        r#"(?i)conjur[\w.\-]{0,30}?(?:authn[_.\-]?)?api[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{50,60}))(?:[^\w\-]|$)"#,
    )
    .about("A CyberArk Conjur API key of a user or host. It authenticates as that identity and reads every secret its policy grants.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.cyberark.com/"),
    SecretRule::new(
        "delinea-secret-server-credential",
        "Delinea (Thycotic) Secret Server password or client secret",
        Category::SecretManager,
        Severity::Critical,
        &["thycotic", "delinea", "secretserver", "secret_server"],
        r#"(?i)(?:thycotic|delinea|secret[_.\-]?server)[\w.\-]{0,30}?(?:password|client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[^\s"'`\\]{8,64}))(?:[^\w\-]|$)"#,
    )
    .about("A password or client secret for Delinea (Thycotic) Secret Server or DevOps Secrets Vault. It reads the privileged credentials stored there.")
    .confidence(Confidence::Medium)
    .check(Check::GenericValue)
    .revoke("https://docs.delinea.com/"),
    SecretRule::new(
        "keeper-secrets-manager-token",
        "Keeper Secrets Manager one-time access token",
        Category::SecretManager,
        Severity::Critical,
        &["keeper", "ksm_"],
        r#"(?i)(?:keeper|ksm)[\w.\-]{0,30}?(?:one[_.\-]?time[_.\-]?)?(?:access[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:US|EU|AU|GOV|JP|CA):[A-Za-z0-9_\-]{40,50}))(?:[^\w\-]|$)"#,
    )
    .about("A Keeper Secrets Manager one-time access token (region, `:` and a random part). It binds a new device to the application and then reads every record shared with it.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.keeper.io/en/secrets-manager/secrets-manager/about/one-time-token"),
    SecretRule::new(
        "bitwarden-secrets-manager-token",
        "Bitwarden Secrets Manager access token",
        Category::SecretManager,
        Severity::Critical,
        &["bws_", "bitwarden"],
        r#"(?i)(?:bws|bitwarden)[^\n]{0,40}?(?P<s>(?-i:0\.[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}\.[A-Za-z0-9]{30}:[A-Za-z0-9+/]{22}==))"#,
    )
    .about("A Bitwarden Secrets Manager machine-account access token (`0.`, the token id, its client secret and its encryption key). It decrypts every secret of the projects the machine account can read.")
    .revoke("https://bitwarden.com/help/access-tokens/"),
    SecretRule::new(
        "bitwarden-api-client-secret",
        "Bitwarden personal API key client secret",
        Category::SecretManager,
        Severity::High,
        &["bitwarden", "bw_client"],
        r#"(?i)(?:bitwarden|bw)[\w.\-]{0,30}?client[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{30}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://bitwarden.com/help/personal-api-key/"),
    SecretRule::new(
        "hcp-client-secret",
        "HashiCorp Cloud Platform service principal secret",
        Category::SecretManager,
        Severity::Critical,
        &["hcp_client", "hcp-client"],
        r#"(?i)hcp[\w.\-]{0,30}?client[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{64}))(?:[^\w\-]|$)"#,
    )
    .about("A HashiCorp Cloud Platform service principal client secret. It manages HCP Vault clusters, Vault Secrets apps and Terraform resources of the organisation.")
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://portal.cloud.hashicorp.com/"),
    SecretRule::new(
        "vault-approle-secret-id",
        "HashiCorp Vault AppRole secret ID",
        Category::SecretManager,
        Severity::High,
        &["vault", "approle"],
        r#"(?i)(?:vault|approle)[\w.\-]{0,30}?(?:approle[_.\-]?)?secret[_.\-]?id[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .about("A Vault AppRole secret ID. With the role ID (often in the same file) it logs in to Vault and receives a token with the role's policies.")
    .confidence(Confidence::Medium)
    .revoke("https://developer.hashicorp.com/vault/docs/auth/approle"),
    SecretRule::new(
        "infisical-client-secret",
        "Infisical machine identity client secret",
        Category::SecretManager,
        Severity::Critical,
        &["infisical"],
        r#"(?i)infisical[\w.\-]{0,30}?(?:universal[_.\-]?auth[_.\-]?)?client[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.infisical.com/"),
    SecretRule::new(
        "onepassword-connect-token",
        "1Password Connect server token",
        Category::SecretManager,
        Severity::Critical,
        &["op_connect", "op-connect", "onepassword_connect"],
        r#"(?i)(?:op|onepassword)[_.\-]connect[\w.\-]{0,30}?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://developer.1password.com/docs/connect/manage-connect/"),
    SecretRule::new(
        "dotenv-vault-key",
        "dotenv-vault decryption key (DOTENV_KEY)",
        Category::SecretManager,
        Severity::Critical,
        &["dotenv://"],
        r#"(?P<s>dotenv://:key_[a-f0-9]{64}@dotenv\.(?:org|local)/vault/\.env\.vault\?environment=[a-z0-9_\-]{1,40})"#,
    )
    .about("A dotenv-vault `DOTENV_KEY` (`dotenv://:key_...@dotenv.org/vault/...`). It decrypts the committed `.env.vault` file for its environment, so with the repository it gives every secret of that environment.")
    .prefixed()
    .revoke("https://www.dotenv.org/docs/security/env-vault"),
];
