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
    .about("An AWS IAM access key ID (AKIA...). On its own it identifies a long-lived key; together with its secret it signs requests as the IAM user.")
    .prefixed()
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"),

    SecretRule::new(
        "aws-temporary-access-key-id",
        "AWS temporary access key ID (STS)",
        Category::Cloud,
        Severity::Medium,
        &["asia"],
        r#"\b(?P<s>ASIA[A-Z2-7]{16})\b"#,
    )
    .about("An AWS STS session access key ID (ASIA...). It expires, but a committed set of session credentials is usable until then and shows credentials being copied by hand.")
    .prefixed()
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html"),

    SecretRule::new(
        "aws-secret-access-key",
        "AWS secret access key",
        Category::Cloud,
        Severity::Critical,
        &["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret", "awssecret", "aws-secret"],
        r#"(?i)(?:secret[_\-]?access[_\-]?key|aws[_\-]?secret(?:[_\-]?key)?)["\']?\s*(?:[:=]|:=|=>)\s*["\']?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    )
    .about("An AWS secret access key, found by its name in an assignment. With the matching key ID it signs any API request the IAM identity is allowed.")
    .entropy(3.5)
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"),

    SecretRule::new(
        "aws-session-token",
        "AWS session token",
        Category::Cloud,
        Severity::High,
        &["session_token", "sessiontoken", "security_token", "securitytoken"],
        r#"(?i)(?:aws[_\-]?)?(?:session|security)[_\-]?token["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>[A-Za-z0-9/+=]{100,})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html"),

    SecretRule::new(
        "aws-mws-auth-token",
        "Amazon Marketplace Web Service auth token",
        Category::Cloud,
        Severity::High,
        &["amzn.mws."],
        r#"\b(?P<s>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
    )
    .prefixed()
    .revoke("https://sellercentral.amazon.com/apps/manage"),

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
    .priority(4)
    .revoke("https://cloud.google.com/iam/docs/keys-create-delete"),

    SecretRule::new(
        "gcp-api-key",
        "Google API key",
        Category::Cloud,
        Severity::Medium,
        &["aiza"],
        r#"\b(?P<s>AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)"#,
    )
    .about("A Google API key (AIza...). Keys restricted to public client use (Firebase web config) are not secret, which is why confidence is medium; unrestricted keys bill and reach Google APIs.")
    .confidence(Confidence::Medium)
    .prefixed()
    .revoke("https://cloud.google.com/docs/authentication/api-keys"),

    SecretRule::new(
        "gcp-oauth-client-secret",
        "Google OAuth client secret",
        Category::Cloud,
        Severity::High,
        &["gocspx-"],
        r#"\b(?P<s>GOCSPX-[A-Za-z0-9_\-]{28})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://console.cloud.google.com/apis/credentials"),

    SecretRule::new(
        "gcp-oauth-access-token",
        "Google OAuth access token",
        Category::Cloud,
        Severity::High,
        &["ya29."],
        r#"\b(?P<s>ya29\.[0-9A-Za-z_\-]{30,})"#,
    )
    .entropy(3.5)
    .prefixed()
    .revoke("https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke"),

    SecretRule::new(
        "azure-storage-account-key",
        "Azure storage or Cosmos DB account key",
        Category::Cloud,
        Severity::Critical,
        &["accountkey="],
        r#"(?i)AccountKey=(?P<s>[A-Za-z0-9+/]{86}==)"#,
    )
    .about("The account key of an Azure storage or Cosmos DB account, usually inside a connection string. It grants full control of every container, table, queue and document in the account.")
    .revoke("https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage"),

    SecretRule::new(
        "azure-shared-access-key",
        "Azure Service Bus / Event Hubs shared access key",
        Category::Cloud,
        Severity::High,
        &["sharedaccesskey="],
        r#"(?i)SharedAccessKey=(?P<s>[A-Za-z0-9+/]{43}=)"#,
    )
    .revoke("https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas"),

    SecretRule::new(
        "azure-sas-token",
        "Azure shared access signature (SAS) token",
        Category::Cloud,
        Severity::High,
        &["sig="],
        r#"(?i)[?&]sig=(?P<s>[A-Za-z0-9%+/]{40,100}(?:=|%3D){0,2})"#,
    )
    .entropy(3.5)
    .check(Check::Context(&["sv=20"]))
    .revoke("https://learn.microsoft.com/azure/storage/common/storage-sas-overview"),

    SecretRule::new(
        "azure-entra-client-secret",
        "Microsoft Entra ID (Azure AD) client secret",
        Category::Cloud,
        Severity::High,
        &["q~"],
        r#"(?:^|[^A-Za-z0-9_~.\-])(?P<s>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)"#,
    )
    .about("A client secret of a Microsoft Entra ID application registration. It signs in as the application to Microsoft Graph and every API the app is consented for.")
    .prefixed()
    .revoke("https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal"),

    SecretRule::new(
        "azure-devops-pat",
        "Azure DevOps personal access token",
        Category::SourceControl,
        Severity::High,
        &["azdo"],
        r#"\b(?P<s>[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})\b"#,
    )
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate"),

    SecretRule::new(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID",
        Category::Cloud,
        Severity::High,
        &["ltai"],
        r#"\b(?P<s>LTAI[A-Za-z0-9]{12,20})\b"#,
    )
    .prefixed()
    .revoke("https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair"),

    SecretRule::new(
        "tencent-secret-id",
        "Tencent Cloud SecretId",
        Category::Cloud,
        Severity::High,
        &["akid"],
        r#"\b(?P<s>AKID[A-Za-z0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://console.cloud.tencent.com/cam/capi"),

    SecretRule::new(
        "digitalocean-token",
        "DigitalOcean access token",
        Category::Cloud,
        Severity::High,
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        r#"\b(?P<s>do[opr]_v1_[a-f0-9]{64})\b"#,
    )
    .prefixed()
    .revoke("https://docs.digitalocean.com/reference/api/create-personal-access-token/"),

    SecretRule::new(
        "heroku-api-key",
        "Heroku API key",
        Category::Cloud,
        Severity::High,
        &["hrku-"],
        r#"\b(?P<s>HRKU-[A-Za-z0-9_\-]{60})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://devcenter.heroku.com/articles/authentication"),

    SecretRule::new(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        Category::Cloud,
        Severity::High,
        &["v1.0-"],
        r#"\b(?P<s>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b"#,
    )
    .prefixed()
    .revoke("https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/"),

    SecretRule::new(
        "cloudflare-api-token",
        "Cloudflare API token",
        Category::Cloud,
        Severity::High,
        &["cloudflare", "cf_api"],
        r#"(?i)(?:cloudflare|cf)[_.\-]?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/"),

    SecretRule::new(
        "scaleway-secret-key",
        "Scaleway secret key",
        Category::Cloud,
        Severity::High,
        &["scw_secret", "scaleway"],
        r#"(?i)(?:scw|scaleway)[_.\-]?secret[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/"),

    SecretRule::new(
        "ibm-cloud-api-key",
        "IBM Cloud API key",
        Category::Cloud,
        Severity::High,
        &["ibm"],
        r#"(?i)ibm[_.\-]?(?:cloud[_.\-]?)?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{44})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://cloud.ibm.com/docs/account?topic=account-userapikey"),

    SecretRule::new(
        "fly-io-token",
        "Fly.io access token",
        Category::Cloud,
        Severity::High,
        &["fm2_", "fo1_"],
        r#"(?P<s>(?:FlyV1 )?f[mo][12]_[A-Za-z0-9+/=_\-]{100,})"#,
    )
    .prefixed()
    .revoke("https://fly.io/docs/security/tokens/"),

    SecretRule::new(
        "netlify-token",
        "Netlify personal access token",
        Category::Cloud,
        Severity::High,
        &["nfp_"],
        r#"\b(?P<s>nfp_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://app.netlify.com/user/applications"),

    SecretRule::new(
        "render-api-key",
        "Render API key",
        Category::Cloud,
        Severity::High,
        &["rnd_"],
        r#"\b(?P<s>rnd_[A-Za-z0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://render.com/docs/api"),

    SecretRule::new(
        "databricks-token",
        "Databricks personal access token",
        Category::Cloud,
        Severity::High,
        &["dapi"],
        r#"\b(?P<s>dapi[a-f0-9]{32}(?:-\d)?)\b"#,
    )
    .prefixed()
    .revoke("https://docs.databricks.com/en/dev-tools/auth/pat.html"),

    SecretRule::new(
        "terraform-cloud-token",
        "Terraform Cloud / Enterprise API token",
        Category::Cloud,
        Severity::Critical,
        &["atlasv1"],
        r#"\b(?P<s>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70})"#,
    )
    .prefixed()
    .revoke("https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens"),

    SecretRule::new(
        "pulumi-access-token",
        "Pulumi access token",
        Category::Cloud,
        Severity::High,
        &["pul-"],
        r#"\b(?P<s>pul-[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/"),

    SecretRule::new(
        "planetscale-token",
        "PlanetScale token or password",
        Category::Database,
        Severity::High,
        &["pscale_"],
        r#"\b(?P<s>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\-.=]{32,64})"#,
    )
    .prefixed()
    .revoke("https://planetscale.com/docs/concepts/service-tokens"),

    SecretRule::new(
        "supabase-access-token",
        "Supabase access token",
        Category::Database,
        Severity::High,
        &["sbp_"],
        r#"\b(?P<s>sbp_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://supabase.com/dashboard/account/tokens"),
    // Azure identifiable keys, connection strings and context rules; AWS AppSync;
    // Google's legacy OAuth client secret; Huawei, Yandex, Alibaba and Tencent secrets.
    SecretRule::new(
        "azure-event-hubs-identifiable-key",
        "Azure Event Hubs identifiable shared access key",
        Category::Cloud,
        Severity::High,
        &["+aeh"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{33}\+AEh[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure Event Hubs shared access key in Microsoft's identifiable format (the `+AEh` signature). It sends, listens to or manages the event hubs of its namespace.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature"),
    SecretRule::new(
        "azure-service-bus-identifiable-key",
        "Azure Service Bus identifiable shared access key",
        Category::Cloud,
        Severity::High,
        &["+asb"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{33}\+ASb[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure Service Bus shared access key in Microsoft's identifiable format (the `+ASb` signature). It sends, receives or manages the queues and topics of its namespace.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas"),
    SecretRule::new(
        "azure-relay-identifiable-key",
        "Azure Relay identifiable shared access key",
        Category::Cloud,
        Severity::High,
        &["+arm"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{33}\+ARm[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-relay/relay-authentication-and-authorization"),
    SecretRule::new(
        "azure-cache-redis-identifiable-key",
        "Azure Cache for Redis identifiable access key",
        Category::Cloud,
        Severity::High,
        &["azca"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{33}AzCa[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure Cache for Redis access key in Microsoft's identifiable format (the `AzCa` signature). It reads and writes every cached value, often sessions and tokens.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure"),
    SecretRule::new(
        "azure-iot-identifiable-key",
        "Azure IoT Hub or Device Provisioning identifiable key",
        Category::Cloud,
        Severity::High,
        &["aiot"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{33}AIoT[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/iot-hub/authenticate-authorize-sas"),
    SecretRule::new(
        "azure-storage-identifiable-key",
        "Azure Storage identifiable account key",
        Category::Cloud,
        Severity::Critical,
        &["+ast"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure storage account key in Microsoft's identifiable format (the `+ASt` signature). It grants full control of every blob, file, queue and table of the account.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage"),
    SecretRule::new(
        "azure-cosmos-db-identifiable-key",
        "Azure Cosmos DB identifiable account key",
        Category::Cloud,
        Severity::Critical,
        &["acdb"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure Cosmos DB account key in Microsoft's identifiable format (the `ACDb` signature). A read-write key reads and changes every document of the account.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/cosmos-db/secure-access-to-data"),
    SecretRule::new(
        "azure-batch-identifiable-key",
        "Azure Batch identifiable account key",
        Category::Cloud,
        Severity::High,
        &["+aba"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{76}\+ABa[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/batch/batch-account-create-portal"),
    SecretRule::new(
        "azure-function-identifiable-key",
        "Azure Functions identifiable function, host or master key",
        Category::Cloud,
        Severity::High,
        &["azfu"],
        r#"(?:^|[^A-Za-z0-9_\-])(?P<s>[A-Za-z0-9_\-]{44}AzFu[A-Za-z0-9_\-]{5}[AQgw]==)(?:[^A-Za-z0-9_\-=]|$)"#,
    )
    .about("An Azure Functions key in Microsoft's identifiable format (the `AzFu` signature). A function key calls its function; a host or master key calls every function of the app and, for the master key, its admin endpoints.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-functions/function-keys-how-to"),
    SecretRule::new(
        "azure-search-identifiable-key",
        "Azure AI Search identifiable admin or query key",
        Category::Cloud,
        Severity::High,
        &["azse"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{42}AzSe[A-D][A-Za-z0-9+/]{5})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure AI Search key in Microsoft's identifiable format (the `AzSe` signature). An admin key creates, changes and deletes indexes and every document in them.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/search/search-security-api-keys"),
    SecretRule::new(
        "azure-container-registry-identifiable-key",
        "Azure Container Registry identifiable password",
        Category::Cloud,
        Severity::High,
        &["+acr"],
        r#"(?:^|[^A-Za-z0-9+/])(?P<s>[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure Container Registry admin or token password in Microsoft's identifiable format (the `+ACR` signature). It pulls and pushes images, including production images.")
    .priority(4)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/container-registry/container-registry-authentication"),
    SecretRule::new(
        "azure-app-configuration-connection-string",
        "Azure App Configuration connection string",
        Category::Cloud,
        Severity::High,
        &["azconfig.io"],
        r#"(?i)Endpoint=https://[a-z0-9\-]{1,60}\.azconfig\.io/?;\s?Id=[A-Za-z0-9+/=:\-]{1,80};\s?Secret=(?P<s>[A-Za-z0-9+/]{40,88}={0,2})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("An Azure App Configuration connection string with its access key secret. A read-write key changes the feature flags and settings every connected application loads at start-up.")
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-app-configuration/howto-disable-access-key-authentication"),
    SecretRule::new(
        "azure-signalr-connection-string",
        "Azure SignalR Service connection string",
        Category::Cloud,
        Severity::High,
        &[".service.signalr.net"],
        r#"(?i)Endpoint=https://[a-z0-9\-]{1,63}\.service\.signalr\.net;\s?AccessKey=(?P<s>[A-Za-z0-9+/]{43}=)"#,
    )
    .about("An Azure SignalR Service connection string with its access key. It mints client tokens and sends messages to every connected client as the application.")
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-signalr/signalr-howto-key-rotation"),
    SecretRule::new(
        "azure-web-pubsub-connection-string",
        "Azure Web PubSub connection string",
        Category::Cloud,
        Severity::High,
        &["webpubsub.azure.com"],
        r#"(?i)Endpoint=https://[a-z0-9\-]{1,63}\.webpubsub\.azure\.com;\s?AccessKey=(?P<s>[A-Za-z0-9+/]{43}=)"#,
    )
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-web-pubsub/howto-disable-local-auth"),
    SecretRule::new(
        "azure-cosmos-db-connection-string",
        "Azure Cosmos DB connection string",
        Category::Cloud,
        Severity::Critical,
        &["documents.azure.com"],
        r#"(?i)AccountEndpoint=https://[a-z0-9\-]{3,50}\.documents\.azure\.com(?::443)?/?;\s?AccountKey=(?P<s>[A-Za-z0-9+/]{86}==)"#,
    )
    .about("An Azure Cosmos DB connection string with its account key. A primary key reads, changes and deletes every database, container and document of the account.")
    .priority(3)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/cosmos-db/secure-access-to-data"),
    SecretRule::new(
        "azure-cosmos-db-key",
        "Azure Cosmos DB account key",
        Category::Cloud,
        Severity::Critical,
        &["cosmos"],
        r#"(?i)(?:cosmos(?:[_.\-]?db)?)[\w.\-]{0,30}?(?:key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{86}==)(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://learn.microsoft.com/azure/cosmos-db/secure-access-to-data"),
    SecretRule::new(
        "azure-service-bus-sas-token",
        "Azure Service Bus / Event Hubs / IoT Hub SAS token",
        Category::Cloud,
        Severity::High,
        &["sharedaccesssignature "],
        r#"SharedAccessSignature (?:[a-z]{2,3}=[^\s&\"']{1,300}&){0,3}sig=(?P<s>[A-Za-z0-9%+/]{40,100}(?:%3[Dd]|=){0,2})"#,
    )
    .about("A shared access signature token for Service Bus, Event Hubs or IoT Hub (`SharedAccessSignature sr=...&sig=...`). Until it expires it sends or receives as the policy that signed it.")
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas"),
    SecretRule::new(
        "azure-cache-redis-connection-string",
        "Azure Cache for Redis connection string",
        Category::Cloud,
        Severity::High,
        &["redis.cache.windows.net"],
        r#"(?i)[a-z0-9\-]{1,63}\.redis\.cache\.windows\.net(?::\d{2,5})?,\s?password=(?P<s>[A-Za-z0-9+/]{43}=)"#,
    )
    .priority(3)
    .prefixed()
    .revoke("https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure"),
    SecretRule::new(
        "azure-function-key",
        "Azure Functions key",
        Category::Cloud,
        Severity::High,
        &["x-functions-key", "azurewebsites.net"],
        r#"(?i)(?:x-functions-key[\"']?\s*[:=,]\s*[\"']?(?P<s>[A-Za-z0-9_\-/+]{40,60}={0,2})|\.azurewebsites\.net/api/[A-Za-z0-9_\-/]{1,100}\?(?:[^\s\"'#&]{1,100}&){0,4}code=(?P<t>[A-Za-z0-9_\-/+%]{40,100}))(?:[^A-Za-z0-9_\-/+=%]|$)"#,
    )
    .about("An Azure Functions key in a `code=` query parameter or `x-functions-key` header. It calls the function (or, for a host or master key, every function of the app).")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://learn.microsoft.com/azure/azure-functions/function-keys-how-to"),
    SecretRule::new(
        "azure-search-admin-key",
        "Azure AI Search admin key",
        Category::Cloud,
        Severity::High,
        &["azure_search", "azure-search", "azuresearch", "azure_ai_search", "azure-ai-search", "azure_cognitive_search"],
        r#"(?i)(?:azure[_.\-]?(?:ai[_.\-]?|cognitive[_.\-]?)?search)[\w.\-]{0,30}?(?:key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://learn.microsoft.com/azure/search/search-security-api-keys"),
    SecretRule::new(
        "azure-container-registry-password",
        "Azure Container Registry password",
        Category::Cloud,
        Severity::High,
        &["docker login", "az acr", "acr_password", "acr-password", "acrpassword", "acr_admin_password"],
        r#"(?i)(?:(?:docker\s+login|az\s+acr\s+login)[^\n]{0,200}?(?:-p|--password)[ =]\s*[\"']?|acr[_.\-]?(?:admin[_.\-]?)?password\\?[\"']?\s*(?:[:=]|:=|=>)\s*\\?[\"']?)(?P<s>[A-Za-z0-9+/=]{32})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .check(Check::Context(&["azurecr.io"]))
    .revoke("https://learn.microsoft.com/azure/container-registry/container-registry-authentication"),
    SecretRule::new(
        "azure-batch-account-key",
        "Azure Batch account key",
        Category::Cloud,
        Severity::High,
        &["batch_account_key", "batch-account-key", "batchaccountkey", "azure_batch", "azure-batch", "batch.azure.com"],
        r#"(?i)(?:(?:azure[_.\-]?)?batch)[\w.\-]{0,30}?(?:(?:account[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{86}==)(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://learn.microsoft.com/azure/batch/batch-account-create-portal"),
    SecretRule::new(
        "azure-devops-pat-legacy",
        "Azure DevOps personal access token (legacy 52-character)",
        Category::SourceControl,
        Severity::High,
        &["azure_devops", "azure-devops", "azuredevops", "ado_pat", "ado-pat", "ado_token", "azdo_", "vsts", "@dev.azure.com", ".visualstudio.com"],
        r#"(?i)(?:(?:azure[_.\-]?devops|ado|azdo|vsts)[\w.\-]{0,30}?(?:pat|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z2-7]{52}))|https?://[^\s:/@\"']{0,60}:(?P<t>(?-i:[a-z2-7]{52}))@(?:dev\.azure\.com|[a-z0-9\-]{1,60}\.visualstudio\.com))(?:[^\w\-]|$)"#,
    )
    .about("An Azure DevOps personal access token in the older 52-character base32 format, recognised by its name or in a clone URL. It acts as the user on repositories, pipelines and artifact feeds within its scopes.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate"),
    SecretRule::new(
        "azure-ai-services-key",
        "Azure AI service (Speech, Translator, Vision, Language...) or API Management subscription key",
        Category::Cloud,
        Severity::High,
        &["cognitive_service", "cognitive-service", "cognitiveservice", "ocp-apim-subscription-key", "azure_speech", "azure-speech", "azure_translator", "azure_vision", "azure_computer_vision", "azure_language", "azure_document_intelligence", "azure_form_recognizer", "azure_content_safety"],
        r#"(?i)(?:ocp-apim-subscription-|(?:azure[_.\-]?(?:speech|translator|vision|language|computer[_.\-]?vision|form[_.\-]?recognizer|document[_.\-]?intelligence|content[_.\-]?safety)|(?:^|[^A-Za-z0-9_])cognitive[_.\-]?services?)[\w.\-]{0,30}?)key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32}|[A-Za-z0-9]{84})(?:[^\w\-]|$)"#,
    )
    .about("A key of an Azure AI service resource (Speech, Translator, Vision, Language, Document Intelligence, Content Safety, a multi-service Cognitive Services account) or an `Ocp-Apim-Subscription-Key` header value. It calls the service, billed to the subscription. Keys named `azure_openai`/`azure_ai_*` are the Azure OpenAI rule's.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://learn.microsoft.com/azure/ai-services/rotate-keys"),
    SecretRule::new(
        "aws-appsync-api-key",
        "AWS AppSync API key",
        Category::Cloud,
        Severity::Medium,
        &["da2-"],
        r#"\b(?P<s>da2-[a-z0-9]{26})\b"#,
    )
    .about("An AWS AppSync API key (`da2-`). It runs the GraphQL queries and mutations the API allows for API-key callers until it expires.")
    .prefixed()
    .revoke("https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html"),
    SecretRule::new(
        "gcp-oauth-client-secret-legacy",
        "Google OAuth client secret (legacy format)",
        Category::Cloud,
        Severity::High,
        &["client_secret", "clientsecret", "client-secret"],
        r#"(?i)client[_.\-]?secret\\?[\"']?\s*(?:[:=]|:=|=>)\s*\\?[\"']?(?P<s>[A-Za-z0-9_\-]{24})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Google OAuth client secret in the older 24-character format (before `GOCSPX-`), in a file that holds a `*.apps.googleusercontent.com` client ID. With the ID it completes OAuth flows as the application.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .check(Check::Context(&[".apps.googleusercontent.com"]))
    .revoke("https://console.cloud.google.com/apis/credentials"),
    SecretRule::new(
        "huawei-cloud-secret-access-key",
        "Huawei Cloud secret access key",
        Category::Cloud,
        Severity::High,
        &["huawei", "hwcloud", "hw_secret", "hw_sk"],
        r#"(?i)(?:huawei(?:[_.\-]?cloud)?|hwcloud|hw)[\w.\-]{0,30}?(?:secret[_.\-]?(?:access[_.\-]?)?key|sk)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://support.huaweicloud.com/intl/en-us/usermanual-iam/iam_02_0003.html"),
    SecretRule::new(
        "yandex-cloud-api-key",
        "Yandex Cloud API key",
        Category::Cloud,
        Severity::High,
        &["aqvn"],
        r#"\b(?P<s>AQVN[A-Za-z0-9_\-]{35,38})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Yandex Cloud service-account API key (`AQVN`). It calls the cloud APIs the service account's roles allow.")
    .prefixed()
    .revoke("https://yandex.cloud/en/docs/iam/concepts/authorization/api-key"),
    SecretRule::new(
        "yandex-cloud-iam-token",
        "Yandex Cloud IAM token",
        Category::Cloud,
        Severity::Medium,
        &["t1.9eu"],
        r#"\b(?P<s>t1\.9eu[A-Za-z0-9_\-]{40,300}={0,2}\.[A-Za-z0-9_\-]{86}={0,2})(?:[^A-Za-z0-9_\-=.]|$)"#,
    )
    .prefixed()
    .revoke("https://yandex.cloud/en/docs/iam/operations/iam-token/revoke-iam-token"),
    SecretRule::new(
        "yandex-cloud-access-key-id",
        "Yandex Cloud static access key ID",
        Category::Cloud,
        Severity::Medium,
        &["ycaj"],
        r#"\b(?P<s>YCAJ[A-Za-z0-9_\-]{21})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("The ID of a Yandex Cloud static access key (`YCAJ`), used with Object Storage's S3-compatible API. With its secret it reads and writes the service account's buckets.")
    .prefixed()
    .revoke("https://yandex.cloud/en/docs/iam/operations/sa/delete-access-key"),
    SecretRule::new(
        "yandex-cloud-secret-key",
        "Yandex Cloud static access key secret",
        Category::Cloud,
        Severity::High,
        &["yandex", "yc_secret", "yc-secret", "ycsecret"],
        r#"(?i)(?:yandex|yc)[\w.\-]{0,30}?(?:secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>YC[A-Za-z0-9_\-]{38})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://yandex.cloud/en/docs/iam/operations/sa/delete-access-key"),
    SecretRule::new(
        "yandex-oauth-token",
        "Yandex OAuth token",
        Category::Cloud,
        Severity::High,
        &["y0_", "y1_", "y2_", "y3_"],
        r#"\b(?P<s>y[0-3]_[A-Za-z0-9_\-]{55})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Yandex OAuth token (`y0_`). It exchanges for IAM tokens of the user who issued it, with all of that user's cloud roles.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://yandex.cloud/en/docs/iam/concepts/authorization/oauth-token"),
    SecretRule::new(
        "alibaba-access-key-secret",
        "Alibaba Cloud AccessKey secret",
        Category::Cloud,
        Severity::Critical,
        &["alibaba", "aliyun", "alicloud"],
        r#"(?i)(?:alibaba(?:[_.\-]?cloud)?|aliyun|alicloud)[\w.\-]{0,30}?(?:access[_.\-]?key[_.\-]?secret|secret[_.\-]?key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{30})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair"),
    SecretRule::new(
        "tencent-secret-key",
        "Tencent Cloud SecretKey",
        Category::Cloud,
        Severity::Critical,
        &["tencent", "tccli", "qcloud"],
        r#"(?i)(?:tencent(?:[_.\-]?cloud)?|tccli|qcloud)[\w.\-]{0,30}?(?:secret[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://console.cloud.tencent.com/cam/capi"),
    SecretRule::new(
        "gcp-oauth-refresh-token",
        "Google OAuth refresh token",
        Category::Cloud,
        Severity::High,
        &["1//0"],
        r#"(?:^|[^A-Za-z0-9_\-/])(?P<s>1//0[A-Za-z0-9_\-]{60,200})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Google OAuth refresh token (`1//0`). It mints new access tokens for the user or application that granted it, with the scopes granted, until it is revoked.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://myaccount.google.com/permissions"),
    SecretRule::new(
        "gcp-storage-hmac-access-id",
        "Google Cloud Storage HMAC access ID",
        Category::Cloud,
        Severity::Medium,
        &["goog1"],
        r#"\b(?P<s>GOOG1[A-Z0-9]{56})\b"#,
    )
    .about("The access ID of a Cloud Storage HMAC key for a service account (`GOOG1`), used with the S3-compatible XML API. With its secret it reads and writes the service account's buckets.")
    .prefixed()
    .revoke("https://cloud.google.com/storage/docs/authentication/managing-hmackeys"),
    SecretRule::new(
        "azure-client-secret-legacy",
        "Microsoft Entra ID client secret (legacy format)",
        Category::Cloud,
        Severity::High,
        &["arm_client_secret", "azure_client_secret", "azure-client-secret", "azureclientsecret", "aad_client_secret", "entra_client_secret"],
        r#"(?i)(?:arm|azure(?:[_.\-]?ad)?|aad|entra)[\w.\-]{0,30}?(?:client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_~.\-+/=@:]{32,34})(?:[^\w\-]|$)"#,
    )
    .about("A client secret of a Microsoft Entra ID application in the older 32/34-character format (before the `Q~` signature), recognised by its name (`ARM_CLIENT_SECRET`, `AZURE_CLIENT_SECRET`). It signs in as the application.")
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal"),
    SecretRule::new(
        "scaleway-access-key-id",
        "Scaleway access key ID",
        Category::Cloud,
        Severity::Medium,
        &["scw"],
        r#"\b(?P<s>SCW[A-Z0-9]{17})\b"#,
    )
    .about("The access key ID of a Scaleway API key (`SCW`). It identifies the key; with its secret key it manages the project's resources.")
    .prefixed()
    .revoke("https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/"),
];
