//! Identity providers and single sign-on: Okta, Auth0, Ping, OneLogin, Keycloak, Duo and
//! the authentication platforms applications embed.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "okta-sdk-client-token",
        "Okta API token in Okta SDK configuration",
        Category::Identity,
        Severity::Critical,
        &["okta"],
        r#"(?i)okta[_.\-]?client[_.\-]?token\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:00[A-Za-z0-9_\-]{40}))(?:[^\w\-]|$)"#,
    )
    .about("An Okta API token under the names the Okta SDKs read (`okta.client.token`, `OKTA_CLIENT_TOKEN`). It acts as the admin who created it.")
    .confidence(Confidence::Medium)
    .revoke("https://developer.okta.com/docs/guides/create-an-api-token/main/"),
    SecretRule::new(
        "okta-client-secret",
        "Okta OAuth client secret",
        Category::Identity,
        Severity::High,
        &["okta"],
        r#"(?i)(?:okta)[\w.\-]{0,30}?(?:(?:client|oauth2?|oidc)[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{40}|[A-Za-z0-9_\-]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://help.okta.com/en-us/content/topics/apps/oauth-client-cred-mgmt.htm"),
    SecretRule::new(
        "auth0-management-api-token",
        "Auth0 Management API token",
        Category::Identity,
        Severity::Critical,
        &["auth0"],
        r#"(?i)auth0[\w.\-]{0,30}?(?:management|mgmt|api)[\w.\-]{0,20}?token[\w.\-]{0,10}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>eyJ[A-Za-z0-9_\-]{10,2000}\.eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{20,1000})"#,
    )
    .about("An Auth0 Management API access token (a JWT), recognised by its name. Within its scopes it reads and changes users, connections, applications and tenant settings.")
    .confidence(Confidence::Medium)
    .check(Check::Jwt)
    .priority(3)
    .revoke("https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens"),
    SecretRule::new(
        "ping-identity-client-secret",
        "Ping Identity (PingOne / PingFederate) client secret",
        Category::Identity,
        Severity::High,
        &["pingone", "pingidentity", "ping_identity", "ping-identity", "pingfed"],
        r#"(?i)(?:pingone|ping[_.\-]?identity|pingfed(?:erate)?)[\w.\-]{0,30}?(?:(?:client[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9~_.\-]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://docs.pingidentity.com/pingone/applications/p1_applications.html"),
    SecretRule::new(
        "onelogin-client-secret",
        "OneLogin API client secret",
        Category::Identity,
        Severity::High,
        &["onelogin"],
        r#"(?i)(?:onelogin)[\w.\-]{0,30}?(?:(?:client[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.onelogin.com/api-docs/2/getting-started/working-with-api-credentials"),
    SecretRule::new(
        "keycloak-client-secret",
        "Keycloak client secret",
        Category::Identity,
        Severity::High,
        &["keycloak"],
        r#"(?i)(?:keycloak)[\w.\-]{0,30}?(?:(?:client[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.keycloak.org/docs/latest/server_admin/index.html#_client-credentials"),
    SecretRule::new(
        "keycloak-adapter-secret",
        "Keycloak client secret in an adapter configuration",
        Category::Identity,
        Severity::High,
        &["\"credentials\""],
        r#""credentials"\s*:\s*\{\s*"secret"\s*:\s*"(?P<s>[A-Za-z0-9]{32})""#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .check(Check::Context(&["auth-server-url"]))
    .revoke("https://www.keycloak.org/docs/latest/server_admin/index.html#_client-credentials"),
    SecretRule::new(
        "duo-secret-key",
        "Duo Security secret key",
        Category::Identity,
        Severity::Critical,
        &["duo_", "duo-", "duo.", "duosecurity", "skey"],
        r#"(?im)(?:duo[\w.\-]{0,30}?(?:skey|secret[_.\-]?key|client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^\w\-]|$)|^\s*skey\s*=\s*(?P<t>(?-i:[A-Za-z0-9]{40}))\s*$)"#,
    )
    .about("The secret key of a Duo application (40 characters, with its `DI...` integration key). With it an attacker can forge Duo responses or, for Admin API apps, manage users, phones and bypass codes.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://duo.com/docs/adminapi"),
    SecretRule::new(
        "jumpcloud-api-key",
        "JumpCloud API key",
        Category::Identity,
        Severity::Critical,
        &["jumpcloud"],
        r#"(?i)(?:jumpcloud)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://jumpcloud.com/support/jumpcloud-apis"),
    SecretRule::new(
        "clerk-secret-key",
        "Clerk secret key",
        Category::Identity,
        Severity::High,
        &["clerk"],
        r#"(?i)(?:clerk)[\w.\-]{0,30}?(?:secret[_.\-]?key|api[_.\-]?key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk_(?:live|test)_[A-Za-z0-9]{40,60}))(?:[^\w\-]|$)"#,
    )
    .about("A Clerk secret key (`sk_live_`/`sk_test_` under a Clerk name). It manages users, sessions and organisations of the Clerk instance through the Backend API.")
    .confidence(Confidence::Medium)
    .priority(3)
    .revoke("https://dashboard.clerk.com/last-active?path=api-keys"),
    SecretRule::new(
        "stytch-secret",
        "Stytch project secret",
        Category::Identity,
        Severity::High,
        &["secret-live-", "secret-test-"],
        r#"\b(?P<s>secret-(?:live|test)-[A-Za-z0-9_\-=]{30,44})(?:[^A-Za-z0-9_\-=]|$)"#,
    )
    .prefixed()
    .revoke("https://stytch.com/dashboard/api-keys"),
    SecretRule::new(
        "workos-api-key",
        "WorkOS API key",
        Category::Identity,
        Severity::High,
        &["workos"],
        r#"(?i)(?:workos)[\w.\-]{0,30}?(?:api[_.\-]?key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk_(?:live|test)_[A-Za-z0-9]{40,120}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .priority(3)
    .revoke("https://dashboard.workos.com/api-keys"),
    SecretRule::new(
        "descope-management-key",
        "Descope management or access key",
        Category::Identity,
        Severity::High,
        &["descope"],
        r#"(?i)(?:descope)[\w.\-]{0,30}?(?:management[_.\-]?key|access[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{40,120})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://docs.descope.com/management/"),
    SecretRule::new(
        "fusionauth-api-key",
        "FusionAuth API key",
        Category::Identity,
        Severity::High,
        &["fusionauth"],
        r#"(?i)(?:fusionauth)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://fusionauth.io/docs/apis/authentication"),
    SecretRule::new(
        "ory-access-token",
        "Ory Network API key or personal access token",
        Category::Identity,
        Severity::High,
        &["ory_pat_", "ory_apikey_"],
        r#"\b(?P<s>ory_(?:pat|apikey)_[A-Za-z0-9]{20,64})\b"#,
    )
    .prefixed()
    .revoke("https://www.ory.sh/docs/concepts/personal-access-token"),
];
