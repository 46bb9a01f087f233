//! Hosting, PaaS, CDN, edge and networking platforms: Vercel, Railway, Tailscale, ngrok,
//! OpenShift, Rancher, VPS and object-storage providers, Cloudflare, Fastly, Akamai.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "heroku-api-key-legacy",
        "Heroku API key (legacy UUID format)",
        Category::Cloud,
        Severity::High,
        &["heroku"],
        r#"(?i)(?:heroku)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .about("A Heroku API key in the older UUID format, recognised by its name. It deploys, scales and reads the config vars (often database URLs and other secrets) of every app the user can reach.")
    .confidence(Confidence::Medium)
    .revoke("https://devcenter.heroku.com/articles/authentication"),
    SecretRule::new(
        "vercel-token",
        "Vercel access token",
        Category::Cloud,
        Severity::High,
        &["vercel"],
        r#"(?i)(?:vercel)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?|auth[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{24})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://vercel.com/account/settings/tokens"),
    SecretRule::new(
        "vercel-blob-token",
        "Vercel Blob read-write token",
        Category::Cloud,
        Severity::High,
        &["vercel_blob_rw_"],
        r#"\b(?P<s>vercel_blob_rw_[A-Za-z0-9]{10,30}_[A-Za-z0-9]{20,40})\b"#,
    )
    .about("A Vercel Blob read-write token (`vercel_blob_rw_`). It uploads, overwrites and deletes every file of the blob store.")
    .prefixed()
    .revoke("https://vercel.com/docs/vercel-blob"),
    SecretRule::new(
        "railway-token",
        "Railway API or project token",
        Category::Cloud,
        Severity::High,
        &["railway"],
        r#"(?i)(?:railway)[\w.\-]{0,30}?(?:(?:api[_.\-]?|project[_.\-]?|account[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://docs.railway.com/guides/public-api"),
    SecretRule::new(
        "deno-deploy-token",
        "Deno Deploy access token",
        Category::Cloud,
        Severity::High,
        &["ddp_", "ddo_"],
        r#"\b(?P<s>dd[po]_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://dash.deno.com/account#access-tokens"),
    SecretRule::new(
        "tailscale-api-key",
        "Tailscale API access token",
        Category::Cloud,
        Severity::High,
        &["tskey-api-"],
        r#"\b(?P<s>tskey-api-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,40})\b"#,
    )
    .about("A Tailscale API access token (`tskey-api-`). It manages the tailnet: devices, ACL policy, DNS and keys.")
    .prefixed()
    .revoke("https://tailscale.com/kb/1101/api"),
    SecretRule::new(
        "tailscale-auth-key",
        "Tailscale auth key",
        Category::Cloud,
        Severity::High,
        &["tskey-auth-"],
        r#"\b(?P<s>tskey-auth-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,40})\b"#,
    )
    .about("A Tailscale auth key (`tskey-auth-`). It joins new machines to the tailnet, inside the private network.")
    .prefixed()
    .revoke("https://tailscale.com/kb/1085/auth-keys"),
    SecretRule::new(
        "tailscale-oauth-client-secret",
        "Tailscale OAuth client secret",
        Category::Cloud,
        Severity::High,
        &["tskey-client-"],
        r#"\b(?P<s>tskey-client-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,40})\b"#,
    )
    .prefixed()
    .revoke("https://tailscale.com/kb/1215/oauth-clients"),
    SecretRule::new(
        "ngrok-authtoken",
        "ngrok authtoken or API key",
        Category::Cloud,
        Severity::Medium,
        &["ngrok", "authtoken"],
        r#"(?i)(?:ngrok[\w.\-]{0,30}?(?:auth[_.\-]?token|api[_.\-]?key)|\bauthtoken)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{26,28}_[A-Za-z0-9]{20,22}))(?:[^\w\-]|$)"#,
    )
    .about("An ngrok authtoken or API key. It opens tunnels on the account, exposing internal services to the internet under the firm's ngrok domains.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dashboard.ngrok.com/get-started/your-authtoken"),
    SecretRule::new(
        "openshift-user-token",
        "OpenShift OAuth access token",
        Category::Cloud,
        Severity::High,
        &["sha256~"],
        r#"(?:^|[^A-Za-z0-9_\-])(?P<s>sha256~[A-Za-z0-9_\-]{43})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An OpenShift OAuth access token (`sha256~`). It acts as the user on the cluster, with every role the user holds.")
    .prefixed()
    .revoke("https://docs.openshift.com/container-platform/latest/authentication/managing-oauth-access-tokens.html"),
    SecretRule::new(
        "rancher-api-token",
        "Rancher API token",
        Category::Cloud,
        Severity::High,
        &["token-"],
        r#"\b(?P<s>token-[a-z0-9]{5}:[a-z0-9]{54})\b"#,
    )
    .about("A Rancher API token (`token-xxxxx:` and its secret). It manages the clusters the user can reach through Rancher, often with cluster-admin rights.")
    .entropy(3.0)
    .revoke("https://ranchermanager.docs.rancher.com/reference-guides/user-settings/api-keys"),
    SecretRule::new(
        "linode-api-token",
        "Linode (Akamai Cloud) personal access token",
        Category::Cloud,
        Severity::High,
        &["linode"],
        r#"(?i)(?:linode)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?|cli[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://cloud.linode.com/profile/tokens"),
    SecretRule::new(
        "vultr-api-key",
        "Vultr API key",
        Category::Cloud,
        Severity::High,
        &["vultr"],
        r#"(?i)(?:vultr)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Z0-9]{36}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://my.vultr.com/settings/#settingsapi"),
    SecretRule::new(
        "hetzner-cloud-token",
        "Hetzner Cloud API token",
        Category::Cloud,
        Severity::High,
        &["hetzner", "hcloud"],
        r#"(?i)(?:hetzner|hcloud)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.hetzner.com/cloud/api/getting-started/generating-api-token/"),
    SecretRule::new(
        "ovh-api-secret",
        "OVHcloud application secret or consumer key",
        Category::Cloud,
        Severity::High,
        &["ovh"],
        r#"(?i)(?:ovh)[\w.\-]{0,30}?(?:application[_.\-]?secret|consumer[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api?id=kb_article_view&sysparm_article=KB0042784"),
    SecretRule::new(
        "exoscale-api-key",
        "Exoscale API key",
        Category::Cloud,
        Severity::Medium,
        &["exo"],
        r#"\b(?P<s>EXO[a-f0-9]{24})\b"#,
    )
    .about("An Exoscale API key (`EXO` and 24 hex). With its secret it manages the organisation's compute, storage and DNS.")
    .prefixed()
    .revoke("https://community.exoscale.com/documentation/iam/quick-start/"),
    SecretRule::new(
        "exoscale-api-secret",
        "Exoscale API secret",
        Category::Cloud,
        Severity::High,
        &["exoscale"],
        r#"(?i)(?:exoscale)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{43})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://community.exoscale.com/documentation/iam/quick-start/"),
    SecretRule::new(
        "backblaze-b2-application-key",
        "Backblaze B2 application key",
        Category::Cloud,
        Severity::High,
        &["backblaze", "b2_app", "b2-app", "b2_application", "b2appkey", "b2applicationkey"],
        r#"(?i)(?:backblaze[\w.\-]{0,20}?|b2[_.\-]?)[\w.\-]{0,30}?(?:app(?:lication)?[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:K[0-9]{3}[A-Za-z0-9+/]{27}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.backblaze.com/docs/cloud-storage-application-keys"),
    SecretRule::new(
        "wasabi-secret-key",
        "Wasabi secret access key",
        Category::Cloud,
        Severity::High,
        &["wasabi"],
        r#"(?i)(?:wasabi)[\w.\-]{0,30}?(?:secret(?:[_.\-]?access)?[_.\-]?key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9/+]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .priority(3)
    .revoke("https://docs.wasabi.com/docs/creating-a-user-account-and-access-key"),
    SecretRule::new(
        "minio-secret-key",
        "MinIO root password or secret key",
        Category::Cloud,
        Severity::High,
        &["minio"],
        r#"(?i)minio[_.\-]?(?:root[_.\-]?password|secret[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9/+=_\-]{8,64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .revoke("https://min.io/docs/minio/linux/administration/identity-access-management/minio-user-management.html"),
    SecretRule::new(
        "cloudflare-global-api-key",
        "Cloudflare global API key",
        Category::Cloud,
        Severity::Critical,
        &["cloudflare", "cf_api", "cf-api", "cf_global", "cf-global", "x-auth-key"],
        r#"(?i)(?:(?:cloudflare|cf)[_.\-]?(?:global[_.\-]?)?api[_.\-]?key|cloudflare[\w.\-]{0,30}?global[_.\-]?(?:api[_.\-]?)?key|x-auth-key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{37})(?:[^\w\-]|$)"#,
    )
    .about("A Cloudflare global API key (37 hex), used with the account e-mail. It has every permission of the user on every zone: DNS, WAF, TLS and Workers.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.cloudflare.com/fundamentals/api/get-started/keys/"),
    SecretRule::new(
        "fastly-api-token",
        "Fastly API token",
        Category::Cloud,
        Severity::High,
        &["fastly"],
        r#"(?i)(?:fastly)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:token|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.fastly.com/en/guides/using-api-tokens"),
    SecretRule::new(
        "akamai-edgegrid-token",
        "Akamai EdgeGrid client or access token",
        Category::Cloud,
        Severity::High,
        &["akab-"],
        r#"\b(?P<s>akab-[a-z0-9]{16}-[a-z0-9]{16})(?:[^A-Za-z0-9_.\-]|$)"#,
    )
    .about("An Akamai EdgeGrid client or access token (`akab-`) from an `.edgerc` file. With the client secret it calls Akamai APIs: CDN configuration, purges and security policies.")
    .prefixed()
    .revoke("https://techdocs.akamai.com/developer/docs/set-up-authentication-credentials"),
    SecretRule::new(
        "akamai-edgegrid-client-secret",
        "Akamai EdgeGrid client secret",
        Category::Cloud,
        Severity::High,
        &["client_secret"],
        r#"(?i)client_secret\s*=\s*(?P<s>[A-Za-z0-9+/]{43}=)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .check(Check::Context(&["akab-"]))
    .revoke("https://techdocs.akamai.com/developer/docs/set-up-authentication-credentials"),
    SecretRule::new(
        "scalingo-api-token",
        "Scalingo API token",
        Category::Cloud,
        Severity::High,
        &["tk-us-"],
        r#"\b(?P<s>tk-us-[A-Za-z0-9_\-]{48})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://doc.scalingo.com/platform/cli/login"),
];
