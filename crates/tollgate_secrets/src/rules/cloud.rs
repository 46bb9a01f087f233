//! Cloud providers and platforms: AWS, Google Cloud, Azure and the platforms banks deploy on.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "aws-access-key-id",
        "AWS access key ID",
        Category::Cloud,
        Severity::High,
        &["akia", "abia", "acca", "a3t"],
        r#"\b(?P<s>(?:AKIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b"#,
    )
    .about("An AWS IAM access key ID (AKIA...). On its own it identifies a long-lived key; together with its secret it signs requests as the IAM user."),
    SecretRule::new(
        "aws-temporary-access-key-id",
        "AWS temporary access key ID (STS)",
        Category::Cloud,
        Severity::Medium,
        &["asia"],
        r#"\b(?P<s>ASIA[A-Z2-7]{16})\b"#,
    )
    .about("An AWS STS session access key ID (ASIA...). It expires, but a committed set of session credentials is usable until then and shows credentials being copied by hand."),
    SecretRule::new(
        "aws-secret-access-key",
        "AWS secret access key",
        Category::Cloud,
        Severity::Critical,
        &["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret", "awssecret", "aws-secret"],
        r#"(?i)(?:secret[_\-]?access[_\-]?key|aws[_\-]?secret(?:[_\-]?key)?)["\']?\s*(?:[:=]|:=|=>)\s*["\']?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    )
    .about("An AWS secret access key, found by its name in an assignment. With the matching key ID it signs any API request the IAM identity is allowed.")
    .entropy(3.5),
    SecretRule::new(
        "aws-session-token",
        "AWS session token",
        Category::Cloud,
        Severity::High,
        &["session_token", "sessiontoken", "security_token", "securitytoken"],
        r#"(?i)(?:aws[_\-]?)?(?:session|security)[_\-]?token["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>[A-Za-z0-9/+=]{100,})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "aws-mws-auth-token",
        "Amazon Marketplace Web Service auth token",
        Category::Cloud,
        Severity::High,
        &["amzn.mws."],
        r#"\b(?P<s>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
    ),
    SecretRule::new(
        "gcp-service-account-key",
        "Google Cloud service account key (JSON)",
        Category::Cloud,
        Severity::Critical,
        &["\"private_key\""],
        r#""private_key"\s*:\s*"(?P<s>-----BEGIN (?:RSA )?PRIVATE KEY-----\\n[A-Za-z0-9+/=\\n]{64,}?-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)""#,
    )
    .about("The private key of a Google Cloud service account in its JSON key file. It authenticates as the service account with all of its IAM roles until the key is deleted.")
    .check(Check::Context(&["service_account"]))
    .block(16384)
    .priority(4),
    SecretRule::new(
        "gcp-api-key",
        "Google API key",
        Category::Cloud,
        Severity::Medium,
        &["aiza"],
        r#"\b(?P<s>AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)"#,
    )
    .about("A Google API key (AIza...). Keys restricted to public client use (Firebase web config) are not secret, which is why confidence is medium; unrestricted keys bill and reach Google APIs.")
    .confidence(Confidence::Medium),
    SecretRule::new(
        "gcp-oauth-client-secret",
        "Google OAuth client secret",
        Category::Cloud,
        Severity::High,
        &["gocspx-"],
        r#"\b(?P<s>GOCSPX-[A-Za-z0-9_\-]{28})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "gcp-oauth-access-token",
        "Google OAuth access token",
        Category::Cloud,
        Severity::High,
        &["ya29."],
        r#"\b(?P<s>ya29\.[0-9A-Za-z_\-]{30,})"#,
    )
    .entropy(3.5),
    SecretRule::new(
        "azure-storage-account-key",
        "Azure storage or Cosmos DB account key",
        Category::Cloud,
        Severity::Critical,
        &["accountkey="],
        r#"(?i)AccountKey=(?P<s>[A-Za-z0-9+/]{86}==)"#,
    )
    .about("The account key of an Azure storage or Cosmos DB account, usually inside a connection string. It grants full control of every container, table, queue and document in the account."),
    SecretRule::new(
        "azure-shared-access-key",
        "Azure Service Bus / Event Hubs shared access key",
        Category::Cloud,
        Severity::High,
        &["sharedaccesskey="],
        r#"(?i)SharedAccessKey=(?P<s>[A-Za-z0-9+/]{43}=)"#,
    ),
    SecretRule::new(
        "azure-sas-token",
        "Azure shared access signature (SAS) token",
        Category::Cloud,
        Severity::High,
        &["sig="],
        r#"(?i)[?&]sig=(?P<s>[A-Za-z0-9%+/]{40,100}(?:=|%3D){0,2})"#,
    )
    .entropy(3.5)
    .check(Check::Context(&["sv=20"])),
    SecretRule::new(
        "azure-entra-client-secret",
        "Microsoft Entra ID (Azure AD) client secret",
        Category::Cloud,
        Severity::High,
        &["q~"],
        r#"(?:^|[^A-Za-z0-9_~.\-])(?P<s>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)"#,
    )
    .about("A client secret of a Microsoft Entra ID application registration. It signs in as the application to Microsoft Graph and every API the app is consented for."),
    SecretRule::new(
        "azure-devops-pat",
        "Azure DevOps personal access token",
        Category::SourceControl,
        Severity::High,
        &["azdo"],
        r#"\b(?P<s>[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})\b"#,
    ),
    SecretRule::new(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID",
        Category::Cloud,
        Severity::High,
        &["ltai"],
        r#"\b(?P<s>LTAI[A-Za-z0-9]{12,20})\b"#,
    ),
    SecretRule::new(
        "tencent-secret-id",
        "Tencent Cloud SecretId",
        Category::Cloud,
        Severity::High,
        &["akid"],
        r#"\b(?P<s>AKID[A-Za-z0-9]{32})\b"#,
    ),
    SecretRule::new(
        "digitalocean-token",
        "DigitalOcean access token",
        Category::Cloud,
        Severity::High,
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        r#"\b(?P<s>do[opr]_v1_[a-f0-9]{64})\b"#,
    ),
    SecretRule::new(
        "heroku-api-key",
        "Heroku API key",
        Category::Cloud,
        Severity::High,
        &["hrku-"],
        r#"\b(?P<s>HRKU-[A-Za-z0-9_\-]{60})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        Category::Cloud,
        Severity::High,
        &["v1.0-"],
        r#"\b(?P<s>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b"#,
    ),
    SecretRule::new(
        "cloudflare-api-token",
        "Cloudflare API token",
        Category::Cloud,
        Severity::High,
        &["cloudflare", "cf_api"],
        r#"(?i)(?:cloudflare|cf)[_.\-]?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8),
    SecretRule::new(
        "scaleway-secret-key",
        "Scaleway secret key",
        Category::Cloud,
        Severity::High,
        &["scw_secret", "scaleway"],
        r#"(?i)(?:scw|scaleway)[_.\-]?secret[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "ibm-cloud-api-key",
        "IBM Cloud API key",
        Category::Cloud,
        Severity::High,
        &["ibm"],
        r#"(?i)ibm[_.\-]?(?:cloud[_.\-]?)?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{44})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "fly-io-token",
        "Fly.io access token",
        Category::Cloud,
        Severity::High,
        &["fm2_", "fo1_"],
        r#"(?P<s>(?:FlyV1 )?f[mo][12]_[A-Za-z0-9+/=_\-]{100,})"#,
    ),
    SecretRule::new(
        "netlify-token",
        "Netlify personal access token",
        Category::Cloud,
        Severity::High,
        &["nfp_"],
        r#"\b(?P<s>nfp_[A-Za-z0-9]{36})\b"#,
    ),
    SecretRule::new(
        "render-api-key",
        "Render API key",
        Category::Cloud,
        Severity::High,
        &["rnd_"],
        r#"\b(?P<s>rnd_[A-Za-z0-9]{32})\b"#,
    ),
    SecretRule::new(
        "databricks-token",
        "Databricks personal access token",
        Category::Cloud,
        Severity::High,
        &["dapi"],
        r#"\b(?P<s>dapi[a-f0-9]{32}(?:-\d)?)\b"#,
    ),
    SecretRule::new(
        "terraform-cloud-token",
        "Terraform Cloud / Enterprise API token",
        Category::Cloud,
        Severity::Critical,
        &["atlasv1"],
        r#"\b(?P<s>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70})"#,
    ),
    SecretRule::new(
        "pulumi-access-token",
        "Pulumi access token",
        Category::Cloud,
        Severity::High,
        &["pul-"],
        r#"\b(?P<s>pul-[a-f0-9]{40})\b"#,
    ),
    SecretRule::new(
        "planetscale-token",
        "PlanetScale token or password",
        Category::Database,
        Severity::High,
        &["pscale_"],
        r#"\b(?P<s>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\-.=]{32,64})"#,
    ),
    SecretRule::new(
        "supabase-access-token",
        "Supabase access token",
        Category::Database,
        Severity::High,
        &["sbp_"],
        r#"\b(?P<s>sbp_[a-f0-9]{40})\b"#,
    ),
];
