//! Bearer tokens, JWTs, HTTP credentials and identity providers.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "jwt",
        "JSON Web Token",
        Category::Token,
        Severity::Medium,
        &["eyj"],
        r#"\b(?P<s>eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{20,})"#,
    )
    .about("A signed JSON Web Token. Tokens issued by a real identity provider act as a session or API credential until they expire; tokens with long lifetimes are common in service-to-service configuration.")
    .confidence(Confidence::Medium)
    .check(Check::Jwt)
    .priority(1),
    SecretRule::new(
        "bearer-token",
        "Hard-coded HTTP bearer token",
        Category::Token,
        Severity::High,
        &["bearer"],
        r#"(?i)authorization["\']?\s*[:=,]\s*["\']?bearer\s+(?P<s>[A-Za-z0-9_\-.=+/~]{20,})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .priority(1),
    SecretRule::new(
        "basic-auth-header",
        "Hard-coded HTTP Basic credentials",
        Category::Token,
        Severity::High,
        &["basic "],
        r#"(?i)authorization["\']?\s*[:=,]\s*["\']?basic\s+(?P<s>[A-Za-z0-9+/]{8,}={0,2})"#,
    )
    .check(Check::BasicCredentials),
    SecretRule::new(
        "curl-basic-auth",
        "Credentials passed to curl on the command line",
        Category::Token,
        Severity::High,
        &["curl"],
        r#"(?i)\bcurl\b[^\n]*?\s(?:-u|--user)\s*["\']?[^:\s"\']+:(?P<s>[^\s"\'@]{6,})"#,
    )
    .confidence(Confidence::Medium)
    .check(Check::GenericValue),
    SecretRule::new(
        "netrc-password",
        "Password in a .netrc entry",
        Category::Token,
        Severity::High,
        &["passw"],
        r#"(?i)\bmachine\s+\S+\s+login\s+\S+\s+password\s+(?P<s>\S{6,})"#,
    )
    .check(Check::GenericValue),
    SecretRule::new(
        "mapbox-secret-token",
        "Mapbox secret access token",
        Category::Saas,
        Severity::Medium,
        &["sk.eyj"],
        r#"\b(?P<s>sk\.eyJ[A-Za-z0-9_\-]{50,}\.[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://account.mapbox.com/access-tokens/"),
    SecretRule::new(
        "twitter-bearer-token",
        "X (Twitter) API bearer token",
        Category::Saas,
        Severity::Medium,
        &["aaaaaaaaaaaaaaaaaaaaa"],
        r#"\b(?P<s>A{21,22}[A-Za-z0-9%]{60,120})"#,
    )
    .prefixed()
    .revoke("https://developer.x.com/en/portal/dashboard"),
    SecretRule::new(
        "facebook-access-token",
        "Facebook / Meta access token",
        Category::Saas,
        Severity::Medium,
        &["eaacedeose0cba"],
        r#"\b(?P<s>EAACEdEose0cBA[0-9A-Za-z]{20,})"#,
    )
    .prefixed()
    .revoke("https://developers.facebook.com/docs/facebook-login/guides/access-tokens/"),
    SecretRule::new(
        "salesforce-access-token",
        "Salesforce access token",
        Category::Saas,
        Severity::High,
        &["00d"],
        r#"\b(?P<s>00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{96})"#,
    )
    .prefixed()
    .revoke("https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm"),
    SecretRule::new(
        "okta-api-token",
        "Okta API token",
        Category::Identity,
        Severity::High,
        &["okta"],
        r#"(?i)okta[_.\-]?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>00[A-Za-z0-9_\-]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://help.okta.com/en-us/content/topics/security/api.htm"),
    SecretRule::new(
        "auth0-client-secret",
        "Auth0 client secret",
        Category::Identity,
        Severity::High,
        &["auth0"],
        r#"(?i)auth0[_.\-]?client[_.\-]?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://auth0.com/docs/get-started/applications/rotate-client-secret"),
    SecretRule::new(
        "okta-ssws-token",
        "Okta API token in an SSWS authorization header",
        Category::Identity,
        Severity::High,
        &["ssws"],
        r#"\bSSWS\s+(?P<s>00[A-Za-z0-9_\-]{40})(?:[^\w\-]|$)"#,
    )
    .about("An Okta API token written with Okta's own `SSWS` authorization scheme (`Authorization: SSWS 00…`), as in scripts, Postman collections and HTTP client configuration. It acts with the permissions of the administrator who created it.")
    .prefixed()
    .revoke("https://help.okta.com/en-us/content/topics/security/api.htm"),
];
