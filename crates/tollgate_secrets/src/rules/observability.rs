//! Logging, metrics, tracing and incident tools.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "datadog-api-key",
        "Datadog API key",
        Category::Observability,
        Severity::High,
        &["datadog", "dd_api", "dd-api", "ddapi"],
        r#"(?i)(?:datadog|dd)[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "datadog-app-key",
        "Datadog application key",
        Category::Observability,
        Severity::High,
        &["datadog", "dd_app", "dd-app", "ddapp"],
        r#"(?i)(?:datadog|dd)[_.\-]?app(?:lication)?[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "new-relic-user-api-key",
        "New Relic user API key",
        Category::Observability,
        Severity::High,
        &["nrak-"],
        r#"\b(?P<s>NRAK-[A-Z0-9]{27})\b"#,
    ),
    SecretRule::new(
        "new-relic-insert-key",
        "New Relic insert key",
        Category::Observability,
        Severity::High,
        &["nrii-"],
        r#"\b(?P<s>NRII-[A-Za-z0-9_\-]{32})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "new-relic-license-key",
        "New Relic ingest licence key",
        Category::Observability,
        Severity::High,
        &["nral"],
        r#"\b(?P<s>[a-f0-9]{36}NRAL)\b"#,
    ),
    SecretRule::new(
        "new-relic-browser-key",
        "New Relic browser API token",
        Category::Observability,
        Severity::Low,
        &["nrjs-"],
        r#"\b(?P<s>NRJS-[a-f0-9]{19})\b"#,
    ),
    SecretRule::new(
        "sentry-auth-token",
        "Sentry auth token",
        Category::Observability,
        Severity::High,
        &["sntrys_", "sntryu_"],
        r#"\b(?P<s>sntrys_eyJ[A-Za-z0-9+/=_\-]{60,}|sntryu_[a-f0-9]{64})"#,
    ),
    SecretRule::new(
        "grafana-cloud-token",
        "Grafana Cloud access token",
        Category::Observability,
        Severity::High,
        &["glc_"],
        r#"\b(?P<s>glc_[A-Za-z0-9+/]{32,400}={0,2})"#,
    ),
    SecretRule::new(
        "grafana-service-account-token",
        "Grafana service account token",
        Category::Observability,
        Severity::High,
        &["glsa_"],
        r#"\b(?P<s>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b"#,
    ),
    SecretRule::new(
        "dynatrace-api-token",
        "Dynatrace API token",
        Category::Observability,
        Severity::High,
        &["dt0c01."],
        r#"\b(?P<s>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b"#,
    ),
    SecretRule::new(
        "splunk-hec-token",
        "Splunk HTTP Event Collector token",
        Category::Observability,
        Severity::Medium,
        &["splunk"],
        r#"(?i)splunk[_.\-]?(?:hec[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "pagerduty-api-key",
        "PagerDuty API key",
        Category::Observability,
        Severity::Medium,
        &["pagerduty"],
        r#"(?i)pagerduty[_.\-]?(?:api[_.\-]?)?(?:key|token)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_+\-]{20})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5),
    SecretRule::new(
        "honeycomb-api-key",
        "Honeycomb API key",
        Category::Observability,
        Severity::Medium,
        &["honeycomb"],
        r#"(?i)honeycomb[_.\-]?(?:api[_.\-]?)?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{22}|[a-f0-9]{32}|hc[a-z]{2}[a-z]_[A-Za-z0-9]{58})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5),
];
