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
    .confidence(Confidence::Medium)
    .revoke("https://app.datadoghq.com/organization-settings/api-keys"),
    SecretRule::new(
        "datadog-app-key",
        "Datadog application key",
        Category::Observability,
        Severity::High,
        &["datadog", "dd_app", "dd-app", "ddapp"],
        r#"(?i)(?:datadog|dd)[_.\-]?app(?:lication)?[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.datadoghq.com/organization-settings/application-keys"),
    SecretRule::new(
        "new-relic-user-api-key",
        "New Relic user API key",
        Category::Observability,
        Severity::High,
        &["nrak-"],
        r#"\b(?P<s>NRAK-[A-Z0-9]{27})\b"#,
    )
    .prefixed()
    .revoke("https://one.newrelic.com/api-keys"),
    SecretRule::new(
        "new-relic-insert-key",
        "New Relic insert key",
        Category::Observability,
        Severity::High,
        &["nrii-"],
        r#"\b(?P<s>NRII-[A-Za-z0-9_\-]{32})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://one.newrelic.com/api-keys"),
    SecretRule::new(
        "new-relic-license-key",
        "New Relic ingest licence key",
        Category::Observability,
        Severity::High,
        &["nral"],
        r#"\b(?P<s>[a-f0-9]{36}NRAL)\b"#,
    )
    .prefixed()
    .revoke("https://one.newrelic.com/api-keys"),
    SecretRule::new(
        "new-relic-browser-key",
        "New Relic browser API token",
        Category::Observability,
        Severity::Low,
        &["nrjs-"],
        r#"\b(?P<s>NRJS-[a-f0-9]{19})\b"#,
    )
    .prefixed()
    .revoke("https://one.newrelic.com/api-keys"),
    SecretRule::new(
        "sentry-auth-token",
        "Sentry auth token",
        Category::Observability,
        Severity::High,
        &["sntrys_", "sntryu_"],
        r#"\b(?P<s>sntrys_eyJ[A-Za-z0-9+/=_\-]{60,600}|sntryu_[a-f0-9]{64})"#,
    )
    .prefixed()
    .revoke("https://sentry.io/settings/account/api/auth-tokens/"),
    SecretRule::new(
        "grafana-cloud-token",
        "Grafana Cloud access token",
        Category::Observability,
        Severity::High,
        &["glc_"],
        r#"\b(?P<s>glc_[A-Za-z0-9+/]{32,400}={0,2})"#,
    )
    .prefixed()
    .revoke("https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/"),
    SecretRule::new(
        "grafana-service-account-token",
        "Grafana service account token",
        Category::Observability,
        Severity::High,
        &["glsa_"],
        r#"\b(?P<s>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b"#,
    )
    .prefixed()
    .revoke("https://grafana.com/docs/grafana/latest/administration/service-accounts/"),
    SecretRule::new(
        "dynatrace-api-token",
        "Dynatrace API token",
        Category::Observability,
        Severity::High,
        &["dt0c01."],
        r#"\b(?P<s>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b"#,
    )
    .prefixed()
    .revoke("https://docs.dynatrace.com/docs/manage/access-control/access-tokens"),
    SecretRule::new(
        "splunk-hec-token",
        "Splunk HTTP Event Collector token",
        Category::Observability,
        Severity::Medium,
        &["splunk"],
        r#"(?i)splunk[_.\-]?(?:hec[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector"),
    SecretRule::new(
        "pagerduty-api-key",
        "PagerDuty API key",
        Category::Observability,
        Severity::Medium,
        &["pagerduty"],
        r#"(?i)pagerduty[_.\-]?(?:api[_.\-]?)?(?:key|token)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_+\-]{20})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://support.pagerduty.com/main/docs/api-access-keys"),
    SecretRule::new(
        "honeycomb-api-key",
        "Honeycomb API key",
        Category::Observability,
        Severity::Medium,
        &["honeycomb"],
        r#"(?i)honeycomb[_.\-]?(?:api[_.\-]?)?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{22}|[a-f0-9]{32}|hc[a-z]{2}[a-z]_[A-Za-z0-9]{58})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.honeycomb.io/configure/environments/manage-api-keys/"),
    SecretRule::new(
        "grafana-api-key",
        "Grafana legacy API key",
        Category::Observability,
        Severity::High,
        &["eyjrijoi"],
        r#"\b(?P<s>eyJrIjoi[A-Za-z0-9+/]{50,150}={0,2})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("A Grafana legacy API key: base64 of a JSON object whose first field is the key (`{\"k\":...`). Depending on its role it reads every dashboard and data source of the organisation or administers it. Grafana replaced these keys by service-account tokens; migrate and delete them.")
    .entropy(4.0)
    .prefixed()
    .revoke("https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/"),
    SecretRule::new(
        "sentry-legacy-auth-token",
        "Sentry legacy auth token",
        Category::Observability,
        Severity::High,
        &["sentry"],
        r#"(?i)sentry[\w.\-]{0,30}?(?:auth[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://sentry.io/settings/account/api/auth-tokens/"),
    SecretRule::new(
        "elastic-api-key",
        "Elasticsearch / Elastic Cloud API key",
        Category::Observability,
        Severity::High,
        &["elastic"],
        r#"(?i)elastic(?:search)?(?:[_.\-]?cloud)?[\w.\-]{0,30}?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/_\-]{40,120}={0,2}))(?:[^\w\-]|$)"#,
    )
    .about("An Elasticsearch or Elastic Cloud API key (base64 of `id:key`). It reads and writes the indices its role allows, often logs holding personal and transaction data.")
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://cloud.elastic.co/account/keys"),
    SecretRule::new(
        "logzio-token",
        "Logz.io shipping or API token",
        Category::Observability,
        Severity::High,
        &["logz"],
        r#"(?i)logz(?:[_.\-]?io)?[\w.\-]{0,30}?(?:shipping[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z]{32}|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.logz.io/#/dashboard/settings/manage-tokens"),
    SecretRule::new(
        "loggly-token",
        "Loggly customer or API token",
        Category::Observability,
        Severity::Medium,
        &["loggly"],
        r#"(?i)loggly[\w.\-]{0,30}?(?:customer[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://documentation.solarwinds.com/en/success_center/loggly/content/admin/customer-token-authentication-token.htm"),
    SecretRule::new(
        "sumologic-access-key",
        "Sumo Logic access key",
        Category::Observability,
        Severity::High,
        &["sumologic", "sumo_logic", "sumo-logic", "sumo_access", "sumo-access"],
        r#"(?i)sumo(?:[_.\-]?logic)?[\w.\-]{0,30}?access[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://help.sumologic.com/docs/manage/security/access-keys/"),
    SecretRule::new(
        "mezmo-ingestion-key",
        "Mezmo (LogDNA) ingestion or service key",
        Category::Observability,
        Severity::High,
        &["mezmo", "logdna"],
        r#"(?i)(?:mezmo|logdna)[\w.\-]{0,30}?(?:ingestion[_.\-]?|service[_.\-]?|api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.mezmo.com/manage/api-keys"),
    SecretRule::new(
        "bugsnag-api-key",
        "Bugsnag API key or auth token",
        Category::Observability,
        Severity::Medium,
        &["bugsnag"],
        r#"(?i)bugsnag[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.bugsnag.com/settings/"),
    SecretRule::new(
        "rollbar-access-token",
        "Rollbar access token",
        Category::Observability,
        Severity::Medium,
        &["rollbar"],
        r#"(?i)rollbar[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.rollbar.com/docs/access-tokens"),
    SecretRule::new(
        "raygun-api-key",
        "Raygun API key or personal access token",
        Category::Observability,
        Severity::Medium,
        &["raygun"],
        r#"(?i)raygun[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20,24}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.raygun.com/"),
    SecretRule::new(
        "instana-api-token",
        "Instana API token or agent key",
        Category::Observability,
        Severity::High,
        &["instana"],
        r#"(?i)instana[\w.\-]{0,30}?(?:api[_.\-]?|agent[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{22}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.ibm.com/docs/en/instana-observability/current?topic=apis-instana-rest-api"),
    SecretRule::new(
        "appdynamics-api-secret",
        "AppDynamics API client secret or access key",
        Category::Observability,
        Severity::High,
        &["appdynamics", "appd_"],
        r#"(?i)appd(?:ynamics)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:client[_.\-]?secret|access[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{20,64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://docs.appdynamics.com/"),
    SecretRule::new(
        "lightstep-access-token",
        "Lightstep (ServiceNow Cloud Observability) access token",
        Category::Observability,
        Severity::Medium,
        &["lightstep"],
        r#"(?i)lightstep[\w.\-]{0,30}?(?:access[_.\-]?|api[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{32,200}={0,2}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://docs.lightstep.com/docs/create-and-manage-access-tokens"),
    SecretRule::new(
        "opsgenie-api-key",
        "Opsgenie API key",
        Category::Observability,
        Severity::High,
        &["opsgenie"],
        r#"(?i)opsgenie[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://support.atlassian.com/opsgenie/docs/api-key-management/"),
    SecretRule::new(
        "statuspage-api-key",
        "Atlassian Statuspage API key",
        Category::Observability,
        Severity::High,
        &["statuspage"],
        r#"(?i)statuspage[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://support.atlassian.com/statuspage/docs/create-and-manage-api-keys/"),
    SecretRule::new(
        "checkly-api-key",
        "Checkly API key",
        Category::Observability,
        Severity::Medium,
        &["checkly"],
        r#"(?i)checkly[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:cu_[a-f0-9]{32}|[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.checklyhq.com/settings/user/api-keys"),
    SecretRule::new(
        "uptimerobot-api-key",
        "UptimeRobot API key",
        Category::Observability,
        Severity::Medium,
        &["uptimerobot", "uptime_robot", "uptime-robot"],
        r#"(?i)uptime[_.\-]?robot[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:ur?|m)[0-9]{5,10}-[a-f0-9]{24}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://dashboard.uptimerobot.com/integrations"),
    SecretRule::new(
        "betterstack-token",
        "Better Stack (Logtail, Better Uptime) token",
        Category::Observability,
        Severity::Medium,
        &["betterstack", "better_stack", "better-stack", "logtail", "betteruptime", "better_uptime"],
        r#"(?i)(?:better[_.\-]?stack|logtail|better[_.\-]?uptime)[\w.\-]{0,30}?(?:source[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{24,32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://betterstack.com/settings/api-tokens"),
    SecretRule::new(
        "coralogix-api-key",
        "Coralogix API or Send-Your-Data key",
        Category::Observability,
        Severity::High,
        &["coralogix"],
        r#"(?i)coralogix[\w.\-]{0,30}?(?:private[_.\-]?|send[_.\-]?your[_.\-]?data[_.\-]?|api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:cx[tu]p_[A-Za-z0-9]{20,40}|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://coralogix.com/docs/user-guides/account-management/api-keys/api-keys/"),
    SecretRule::new(
        "axiom-token",
        "Axiom API or personal token",
        Category::Observability,
        Severity::High,
        &["xaat-", "xapt-"],
        r#"\b(?P<s>xaa[tp]-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .about("An Axiom API token (`xaat-`) or personal token (`xapt-`). It ingests into and queries the organisation's datasets.")
    .prefixed()
    .revoke("https://app.axiom.co/settings/api-tokens"),
    SecretRule::new(
        "posthog-personal-api-key",
        "PostHog personal API key",
        Category::Observability,
        Severity::High,
        &["phx_"],
        r#"\b(?P<s>phx_[A-Za-z0-9]{40,50})\b"#,
    )
    .about("A PostHog personal API key (`phx_`). It reads events, persons and recordings of every project the user can see. Project keys (`phc_`) are public by design and are not reported.")
    .entropy(3.8)
    .prefixed()
    .revoke("https://app.posthog.com/settings/user-api-keys"),
    SecretRule::new(
        "mixpanel-api-secret",
        "Mixpanel API or service-account secret",
        Category::Observability,
        Severity::High,
        &["mixpanel"],
        r#"(?i)mixpanel[\w.\-]{0,30}?(?:api[_.\-]?|service[_.\-]?account[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}|[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://mixpanel.com/settings/project"),
    SecretRule::new(
        "amplitude-secret-key",
        "Amplitude secret key",
        Category::Observability,
        Severity::High,
        &["amplitude"],
        r#"(?i)amplitude[\w.\-]{0,30}?(?:api[_.\-]?)?secret(?:[_.\-]?key)?[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .about("An Amplitude project secret key. With the (public) API key it exports raw event data and changes the project through the management APIs.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.amplitude.com/analytics/settings/projects"),
    SecretRule::new(
        "cronitor-api-key",
        "Cronitor API key",
        Category::Observability,
        Severity::Medium,
        &["cronitor"],
        r#"(?i)cronitor[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://cronitor.io/app/settings/api"),
    SecretRule::new(
        "pingdom-api-token",
        "Pingdom API token",
        Category::Observability,
        Severity::Medium,
        &["pingdom"],
        r#"(?i)pingdom[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{64,72}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://my.pingdom.com/app/api-tokens"),
    SecretRule::new(
        "signalfx-access-token",
        "Splunk Observability (SignalFx) access token",
        Category::Observability,
        Severity::High,
        &["signalfx", "sfx_", "splunk_o11y", "splunk-o11y"],
        r#"(?i)(?:signalfx|sfx|splunk[_.\-]?o11y)[\w.\-]{0,30}?(?:access[_.\-]?|api[_.\-]?|ingest[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{22}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.splunk.com/observability/en/admin/authentication/authentication-tokens/org-tokens.html"),
    SecretRule::new(
        "airbrake-project-key",
        "Airbrake project or user key",
        Category::Observability,
        Severity::Medium,
        &["airbrake"],
        r#"(?i)airbrake[\w.\-]{0,30}?(?:project[_.\-]?|user[_.\-]?|api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://airbrake.io/users/edit"),
    SecretRule::new(
        "pagerduty-integration-key",
        "PagerDuty integration (routing) key",
        Category::Observability,
        Severity::Medium,
        &["pagerduty"],
        r#"(?i)pagerduty[\w.\-]{0,30}?(?:integration|routing|service|events?)[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .about("A PagerDuty Events API integration (routing) key. It triggers and resolves incidents on the service: an attacker can page on-call staff at will or resolve real alerts.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://support.pagerduty.com/main/docs/services-and-integrations"),
    SecretRule::new(
        "honeybadger-api-key",
        "Honeybadger API key or personal auth token",
        Category::Observability,
        Severity::Medium,
        &["honeybadger"],
        r#"(?i)honeybadger[\w.\-]{0,30}?(?:api[_.\-]?|auth[_.\-]?|personal[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:hbp_)?[A-Za-z0-9]{20,40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.honeybadger.io/users/edit"),
    SecretRule::new(
        "papertrail-api-token",
        "Papertrail API token",
        Category::Observability,
        Severity::Medium,
        &["papertrail"],
        r#"(?i)papertrail[\w.\-]{0,30}?(?:api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://papertrailapp.com/account/profile"),
    SecretRule::new(
        "rootly-api-key",
        "Rootly API key",
        Category::Observability,
        Severity::Medium,
        &["rootly"],
        r#"(?i)rootly[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:rootly_[a-f0-9]{64}|[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://rootly.com/account/api_keys"),
];
