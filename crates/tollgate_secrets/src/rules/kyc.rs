//! Identity verification (KYC), fraud, AML screening and credit-bureau services.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "onfido-api-token",
        "Onfido live API token",
        Category::Kyc,
        Severity::Critical,
        &["api_live"],
        r#"\b(?P<s>(?:api_live|api_live_us|api_live_ca)\.[A-Za-z0-9_\-]{8,16}\.[A-Za-z0-9_\-]{24,48})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Onfido live API token (api_live.). It creates applicants and checks and downloads their identity documents, selfies and reports.")
    .prefixed()
    .revoke("https://dashboard.onfido.com/api/tokens"),
    SecretRule::new(
        "onfido-sandbox-api-token",
        "Onfido sandbox API token",
        Category::Kyc,
        Severity::Low,
        &["api_sandbox"],
        r#"\b(?P<s>(?:api_sandbox|api_sandbox_us|api_sandbox_ca)\.[A-Za-z0-9_\-]{8,16}\.[A-Za-z0-9_\-]{24,48})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://dashboard.onfido.com/api/tokens"),
    SecretRule::new(
        "sumsub-app-token",
        "Sumsub production app token",
        Category::Kyc,
        Severity::Critical,
        &["prd:"],
        r#"\b(?P<s>prd:[A-Za-z0-9]{20,40}\.[A-Za-z0-9]{20,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Sumsub production app token (prd:). With its secret key it signs API calls that read applicants, their identity documents and screening results.")
    .prefixed()
    .revoke("https://cockpit.sumsub.com/checkus#/devSpace/appTokens"),
    SecretRule::new(
        "sumsub-sandbox-app-token",
        "Sumsub sandbox app token",
        Category::Kyc,
        Severity::Low,
        &["sbx:"],
        r#"\b(?P<s>sbx:[A-Za-z0-9]{20,40}\.[A-Za-z0-9]{20,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://cockpit.sumsub.com/checkus#/devSpace/appTokens"),
    SecretRule::new(
        "sumsub-secret-key",
        "Sumsub app token secret key",
        Category::Kyc,
        Severity::Critical,
        &["sumsub"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:sumsub)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://cockpit.sumsub.com/checkus#/devSpace/appTokens"),
    SecretRule::new(
        "persona-api-key",
        "Persona production API key",
        Category::Kyc,
        Severity::Critical,
        &["persona_production_"],
        r#"\b(?P<s>persona_production_[A-Za-z0-9_\-]{30,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Persona production API key (persona_production_). It reads inquiries, verifications and the government IDs and selfies collected for them.")
    .prefixed()
    .revoke("https://app.withpersona.com/dashboard/api-keys"),
    SecretRule::new(
        "persona-sandbox-api-key",
        "Persona sandbox API key",
        Category::Kyc,
        Severity::Low,
        &["persona_sandbox_"],
        r#"\b(?P<s>persona_sandbox_[A-Za-z0-9_\-]{30,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://app.withpersona.com/dashboard/api-keys"),
    SecretRule::new(
        "veriff-api-key",
        "Veriff API key",
        Category::Kyc,
        Severity::High,
        &["veriff"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:veriff)[\w.\-]{0,30}?(?:(?:api[_.\-]?|publishable[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://station.veriff.com/integrations"),
    SecretRule::new(
        "veriff-shared-secret",
        "Veriff shared secret key",
        Category::Kyc,
        Severity::Critical,
        &["veriff"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:veriff)[\w.\-]{0,30}?(?:(?:shared[_.\-]?|master[_.\-]?|api[_.\-]?)?(?:secret|signature)(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://station.veriff.com/integrations"),
    SecretRule::new(
        "jumio-api-secret",
        "Jumio API secret",
        Category::Kyc,
        Severity::Critical,
        &["jumio"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:jumio)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://support.jumio.com/"),
    SecretRule::new(
        "sardine-client-secret",
        "Sardine client secret",
        Category::Kyc,
        Severity::Critical,
        &["sardine"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:sardine)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.sardine.ai/"),
    SecretRule::new(
        "sift-api-key",
        "Sift REST API key",
        Category::Kyc,
        Severity::High,
        &["sift_api", "sift-api", "siftapi", "sift_science", "sift-science", "siftscience", "sift_rest", "sift-rest", "sift_key"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:sift(?:[_.\-]?science)?)[\w.\-]{0,30}?(?:(?:rest[_.\-]?)?(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{16,40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.sift.com/developer/api-keys"),
    SecretRule::new(
        "socure-api-key",
        "Socure API key",
        Category::Kyc,
        Severity::Critical,
        &["socure"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:socure)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.socure.com/"),
    SecretRule::new(
        "alloy-api-secret",
        "Alloy API secret",
        Category::Kyc,
        Severity::Critical,
        &["alloy"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:alloy)[\w.\-]{0,30}?(?:(?:api[_.\-]?|workflow[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.alloy.co/settings/api"),
    SecretRule::new(
        "complyadvantage-api-key",
        "ComplyAdvantage API key",
        Category::Kyc,
        Severity::High,
        &["complyadvantage", "comply_advantage", "comply-advantage"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:comply[_.\-]?advantage)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.complyadvantage.com/"),
    SecretRule::new(
        "trulioo-api-key",
        "Trulioo API key",
        Category::Kyc,
        Severity::High,
        &["trulioo"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:trulioo)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token)|client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.trulioo.com/"),
    SecretRule::new(
        "seon-api-key",
        "SEON license / API key",
        Category::Kyc,
        Severity::High,
        &["seon"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:seon)[\w.\-]{0,30}?(?:(?:api[_.\-]?|license[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://admin.seon.io/settings/api"),
    SecretRule::new(
        "shufti-pro-secret-key",
        "Shufti Pro secret key",
        Category::Kyc,
        Severity::Critical,
        &["shufti"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:shufti(?:[_.\-]?pro)?)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://backoffice.shuftipro.com/settings"),
    SecretRule::new(
        "middesk-api-key",
        "Middesk API key",
        Category::Kyc,
        Severity::High,
        &["middesk"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:middesk)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.middesk.com/settings/api"),
    SecretRule::new(
        "prove-client-secret",
        "Prove API client secret",
        Category::Kyc,
        Severity::Critical,
        &["prove_client", "prove-client", "proveclient", "prove_api", "prove-api", "proveapi"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:prove)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{24,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.prove.com/"),
    SecretRule::new(
        "maxmind-license-key",
        "MaxMind license key",
        Category::Kyc,
        Severity::High,
        &["_mmk"],
        r#"\b(?P<s>[A-Za-z0-9]{6}_[A-Za-z0-9_]{29}_mmk)(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A MaxMind license key (40 characters ending in _mmk). It queries minFraud and GeoIP web services billed to the account and downloads licensed databases.")
    .prefixed()
    .revoke("https://www.maxmind.com/en/accounts/current/license-key"),
    SecretRule::new(
        "maxmind-legacy-license-key",
        "MaxMind legacy license key",
        Category::Kyc,
        Severity::High,
        &["maxmind", "geoip"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:maxmind|geoip)[\w.\-]{0,30}?(?:license[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{12,16}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(2.8)
    .revoke("https://www.maxmind.com/en/accounts/current/license-key"),
    SecretRule::new(
        "castle-api-secret",
        "Castle API secret",
        Category::Kyc,
        Severity::High,
        &["castle_api", "castle-api", "castleapi", "castle_secret", "castle-secret", "castlesecret"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:castle)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.castle.io/settings/general"),
    SecretRule::new(
        "fingerprint-secret-api-key",
        "Fingerprint secret API key",
        Category::Kyc,
        Severity::High,
        &["fingerprint", "fpjs"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:fingerprint(?:[_.\-]?(?:js|pro))?|fpjs)[\w.\-]{0,30}?(?:(?:secret|server)[_.\-]?(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.fingerprint.com/api-keys"),
    SecretRule::new(
        "ipqualityscore-api-key",
        "IPQualityScore API key",
        Category::Kyc,
        Severity::High,
        &["ipqualityscore", "ipqs"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:ipqualityscore|ipqs)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.ipqualityscore.com/user/settings"),
    SecretRule::new(
        "experian-client-secret",
        "Experian API client secret",
        Category::Kyc,
        Severity::Critical,
        &["experian"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:experian)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.experian.com/user/me/apps"),
    SecretRule::new(
        "equifax-client-secret",
        "Equifax API client secret",
        Category::Kyc,
        Severity::Critical,
        &["equifax"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:equifax)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.equifax.com/user/me/apps"),
    SecretRule::new(
        "transunion-client-secret",
        "TransUnion API client secret or password",
        Category::Kyc,
        Severity::Critical,
        &["transunion", "trans_union", "trans-union"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:transunion|trans[_.\-]?union)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?|password)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.transunion.com/"),
    SecretRule::new(
        "telesign-api-key",
        "Telesign API key",
        Category::Kyc,
        Severity::High,
        &["telesign"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:telesign)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{86}==))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://portal.telesign.com/"),
    SecretRule::new(
        "signifyd-api-key",
        "Signifyd API key",
        Category::Kyc,
        Severity::High,
        &["signifyd"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:signifyd)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.signifyd.com/settings/teams"),
];
