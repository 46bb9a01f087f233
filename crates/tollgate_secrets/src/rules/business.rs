//! Business applications: accounting, ERP, CRM, e-signature, HR, support and collaboration.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "airtable-personal-access-token",
        "Airtable personal access token",
        Category::Saas,
        Severity::High,
        // `pat` alone starts too many words (path, pattern, patch) to prefilter on.
        &["airtable"],
        r#"\b(?P<s>pat[A-Za-z0-9]{14}\.[0-9a-f]{64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Airtable personal access token (pat... with a 64-hex secret). It reads and writes the bases and records in its scopes.")
    .prefixed()
    .revoke("https://airtable.com/create/tokens"),
    SecretRule::new(
        "xero-client-secret",
        "Xero OAuth client secret",
        Category::Saas,
        Severity::Critical,
        &["xero"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:xero)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{48}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.xero.com/app/manage"),
    SecretRule::new(
        "intuit-client-secret",
        "Intuit QuickBooks client secret",
        Category::Saas,
        Severity::Critical,
        &["intuit", "quickbooks", "qbo_"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:intuit|quickbooks|qbo)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.intuit.com/app/developer/dashboard"),
    SecretRule::new(
        "freshbooks-client-secret",
        "FreshBooks client secret",
        Category::Saas,
        Severity::Critical,
        &["freshbooks"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:freshbooks)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://my.freshbooks.com/#/developer"),
    SecretRule::new(
        "netsuite-tba-secret",
        "NetSuite token-based authentication secret",
        Category::Saas,
        Severity::Critical,
        &["netsuite"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:netsuite|ns)[\w.\-]{0,30}?(?:(?:consumer|token)[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A NetSuite token-based authentication consumer or token secret (64 hex). With its key pair it signs requests that act as the integration user in the ERP.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4247337262.html"),
    SecretRule::new(
        "zoho-refresh-token",
        "Zoho OAuth refresh token",
        Category::Saas,
        Severity::Critical,
        &["zoho"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:zoho)[\w.\-]{0,30}?(?:(?:refresh|access|grant)[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:1000\.[0-9a-f]{32}\.[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://api-console.zoho.com/"),
    SecretRule::new(
        "zoho-client-secret",
        "Zoho OAuth client secret",
        Category::Saas,
        Severity::Critical,
        &["zoho"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:zoho)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{42}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://api-console.zoho.com/"),
    SecretRule::new(
        "dropbox-sign-api-key",
        "Dropbox Sign (HelloSign) API key",
        Category::Saas,
        Severity::High,
        &["hellosign", "dropbox_sign", "dropbox-sign", "dropboxsign"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:hellosign|dropbox[_.\-]?sign)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.hellosign.com/home/myAccount#api"),
    SecretRule::new(
        "pandadoc-api-key",
        "PandaDoc API key",
        Category::Saas,
        Severity::High,
        &["pandadoc"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:pandadoc)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.pandadoc.com/a/#/settings/api-dashboard/configuration"),
    SecretRule::new(
        "bamboohr-api-key",
        "BambooHR API key",
        Category::Saas,
        Severity::High,
        &["bamboohr", "bamboo_hr", "bamboo-hr"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bamboo[_.\-]?hr)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://documentation.bamboohr.com/docs/getting-started"),
    SecretRule::new(
        "gusto-client-secret",
        "Gusto API client secret",
        Category::Saas,
        Severity::Critical,
        &["gusto"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:gusto)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{43}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dev.gusto.com/"),
    SecretRule::new(
        "rippling-api-token",
        "Rippling API token",
        Category::Saas,
        Severity::Critical,
        &["rippling"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:rippling)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token)|client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{30,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.rippling.com/api-tokens"),
    SecretRule::new(
        "deel-api-token",
        "Deel API token",
        Category::Saas,
        Severity::Critical,
        &["deel_api", "deel-api", "deelapi", "deel_token", "deel-token", "deel_access"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:deel)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?)?(?:token|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,128}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.deel.com/developer-center"),
    SecretRule::new(
        "servicenow-client-secret",
        "ServiceNow OAuth client secret or password",
        Category::Saas,
        Severity::Critical,
        &["servicenow"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:servicenow|snow)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?|password)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{12,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.servicenow.com/"),
    SecretRule::new(
        "workday-client-secret",
        "Workday API client secret",
        Category::Saas,
        Severity::Critical,
        &["workday"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:workday)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?|refresh[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{40,128}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://doc.workday.com/"),
    SecretRule::new(
        "expensify-partner-secret",
        "Expensify partner user secret",
        Category::Saas,
        Severity::High,
        &["expensify"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:expensify)[\w.\-]{0,30}?(?:(?:partner[_.\-]?)?(?:user[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.expensify.com/tools/integrations/"),
    SecretRule::new(
        "harvest-access-token",
        "Harvest personal access token",
        Category::Saas,
        Severity::High,
        &["harvest"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:harvest)[\w.\-]{0,30}?(?:(?:personal[_.\-]?)?(?:access[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9]{6,8}\.pt\.[A-Za-z0-9_\-]{86}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://id.getharvest.com/developers"),
    SecretRule::new(
        "greenhouse-api-key",
        "Greenhouse Harvest API key",
        Category::Saas,
        Severity::High,
        &["greenhouse"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:greenhouse)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.greenhouse.io/configure/dev_center/credentials"),
    SecretRule::new(
        "gong-access-key-secret",
        "Gong access key secret",
        Category::Saas,
        Severity::High,
        &["gong_access", "gong-access", "gongaccess", "gong_api", "gong-api", "gongapi", "gong_secret", "gong-secret"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:gong)[\w.\-]{0,30}?(?:(?:access[_.\-]?key[_.\-]?|api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{40,80}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.gong.io/company/api"),
];
