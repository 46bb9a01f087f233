//! Business SaaS tools.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "asana-personal-access-token",
        "Asana personal access token",
        Category::Saas,
        Severity::Medium,
        &["asana"],
        r#"(?i)asana[_.\-]?(?:pat|token|access[_.\-]?token)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9]/[0-9]{16}:[a-f0-9]{32}|2/[0-9]{16}/[0-9]{16}:[a-f0-9]{32})(?:[^\w\-]|$)"#,
    ),
    SecretRule::new(
        "clickup-api-token",
        "ClickUp personal API token",
        Category::Saas,
        Severity::Medium,
        &["pk_"],
        r#"\b(?P<s>pk_[0-9]{6,10}_[A-Z0-9]{32})\b"#,
    ),
    SecretRule::new(
        "contentful-token",
        "Contentful personal access token",
        Category::Saas,
        Severity::Medium,
        &["cfpat-"],
        r#"\b(?P<s>CFPAT-[A-Za-z0-9_\-]{43})"#,
    ),
    SecretRule::new(
        "dropbox-access-token",
        "Dropbox access token",
        Category::Saas,
        Severity::High,
        &["sl."],
        r#"\b(?P<s>sl\.[A-Za-z0-9_\-]{130,160})"#,
    )
    .entropy(4.0),
    SecretRule::new(
        "figma-token",
        "Figma personal access token",
        Category::Saas,
        Severity::Low,
        &["figd_"],
        r#"\b(?P<s>figd_[A-Za-z0-9_\-]{40})"#,
    ),
    SecretRule::new(
        "hubspot-private-app-token",
        "HubSpot private app token",
        Category::Saas,
        Severity::High,
        &["pat-na1-", "pat-eu1-"],
        r#"\b(?P<s>pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    ),
    SecretRule::new(
        "launchdarkly-access-token",
        "LaunchDarkly access token",
        Category::Saas,
        Severity::Medium,
        &["api-"],
        r#"\b(?P<s>api-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "linear-api-key",
        "Linear API key",
        Category::Saas,
        Severity::Medium,
        &["lin_api_"],
        r#"\b(?P<s>lin_api_[A-Za-z0-9]{40})\b"#,
    ),
    SecretRule::new(
        "notion-integration-token",
        "Notion integration token",
        Category::Saas,
        Severity::Medium,
        &["ntn_", "secret_"],
        r#"\b(?P<s>ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})\b"#,
    ),
    SecretRule::new(
        "postman-api-key",
        "Postman API key",
        Category::Saas,
        Severity::Medium,
        &["pmak-"],
        r#"\b(?P<s>PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b"#,
    ),
    SecretRule::new(
        "prefect-api-key",
        "Prefect API key",
        Category::Saas,
        Severity::Medium,
        &["pnu_"],
        r#"\b(?P<s>pnu_[A-Za-z0-9]{36})\b"#,
    ),
    SecretRule::new(
        "readme-api-key",
        "ReadMe API key",
        Category::Saas,
        Severity::Low,
        &["rdme_"],
        r#"\b(?P<s>rdme_[a-z0-9]{70})\b"#,
    ),
    SecretRule::new(
        "typeform-token",
        "Typeform personal access token",
        Category::Saas,
        Severity::Medium,
        &["tfp_"],
        r#"\b(?P<s>tfp_[A-Za-z0-9_\-.=]{59})"#,
    ),
    SecretRule::new(
        "algolia-admin-key",
        "Algolia admin API key",
        Category::Saas,
        Severity::High,
        &["algolia"],
        r#"(?i)algolia[_.\-]?(?:admin[_.\-]?)?(?:api[_.\-]?)?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "zendesk-api-token",
        "Zendesk API token",
        Category::Saas,
        Severity::Medium,
        &["zendesk"],
        r#"(?i)zendesk[_.\-]?(?:api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8),
    SecretRule::new(
        "intercom-access-token",
        "Intercom access token",
        Category::Saas,
        Severity::Medium,
        &["intercom"],
        r#"(?i)intercom[_.\-]?(?:access[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9=_\-]{60})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "segment-write-key",
        "Segment write key",
        Category::Saas,
        Severity::Low,
        &["segment_write", "segment-write", "segmentwrite"],
        r#"(?i)segment[_.\-]?write[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8),
    SecretRule::new(
        "mailjet-api-secret",
        "Mailjet API secret",
        Category::Messaging,
        Severity::High,
        &["mailjet", "mj_apikey"],
        r#"(?i)(?:mailjet|mj)[_.\-]?(?:api[_.\-]?)?(?:secret|key[_.\-]?private)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "confluent-api-secret",
        "Confluent Cloud API secret",
        Category::Saas,
        Severity::High,
        &["confluent"],
        r#"(?i)confluent[_.\-]?(?:cloud[_.\-]?)?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "snowflake-password",
        "Snowflake account password",
        Category::Database,
        Severity::Critical,
        &["snowflake"],
        r#"(?i)snowflake[_.\-]?(?:user[_.\-]?)?password[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[^\s"\'`\\]{8,64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .check(Check::GenericValue),
    SecretRule::new(
        "shortcut-api-token",
        "Shortcut API token",
        Category::Saas,
        Severity::Low,
        &["shortcut_api", "shortcut-api", "shortcut_token", "shortcut-token", "clubhouse"],
        r#"(?i)(?:shortcut|clubhouse)[_.\-]?(?:api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "mapbox-download-token",
        "Mapbox secret or downloads token",
        Category::Saas,
        Severity::Medium,
        &["mapbox"],
        r#"(?i)mapbox[_.\-]?(?:secret|downloads?)[_.\-]?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>sk\.[A-Za-z0-9_\-.]{80,})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
];
