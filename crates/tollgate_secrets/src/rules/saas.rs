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
    )
    .revoke("https://app.asana.com/0/my-apps"),
    SecretRule::new(
        "clickup-api-token",
        "ClickUp personal API token",
        Category::Saas,
        Severity::Medium,
        &["pk_"],
        r#"\b(?P<s>pk_[0-9]{6,10}_[A-Z0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://app.clickup.com/settings/apps"),
    SecretRule::new(
        "contentful-token",
        "Contentful personal access token",
        Category::Saas,
        Severity::Medium,
        &["cfpat-"],
        r#"\b(?P<s>CFPAT-[A-Za-z0-9_\-]{43})"#,
    )
    .prefixed()
    .revoke("https://app.contentful.com/account/profile/cma_tokens"),
    SecretRule::new(
        "dropbox-access-token",
        "Dropbox access token",
        Category::Saas,
        Severity::High,
        &["sl."],
        r#"\b(?P<s>sl\.[A-Za-z0-9_\-]{130,160})"#,
    )
    .entropy(4.0)
    .prefixed()
    .revoke("https://www.dropbox.com/account/connected_apps"),
    SecretRule::new(
        "figma-token",
        "Figma personal access token",
        Category::Saas,
        Severity::Low,
        &["figd_"],
        r#"\b(?P<s>figd_[A-Za-z0-9_\-]{40})"#,
    )
    .prefixed()
    .revoke("https://help.figma.com/hc/en-us/articles/8085703771159-Manage-personal-access-tokens"),
    SecretRule::new(
        "hubspot-private-app-token",
        "HubSpot private app token",
        Category::Saas,
        Severity::High,
        &["pat-na1-", "pat-eu1-"],
        r#"\b(?P<s>pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .prefixed()
    .revoke("https://developers.hubspot.com/docs/api/private-apps"),
    SecretRule::new(
        "launchdarkly-access-token",
        "LaunchDarkly access token",
        Category::Saas,
        Severity::Medium,
        &["api-"],
        r#"\b(?P<s>api-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.launchdarkly.com/settings/authorization"),
    SecretRule::new(
        "linear-api-key",
        "Linear API key",
        Category::Saas,
        Severity::Medium,
        &["lin_api_"],
        r#"\b(?P<s>lin_api_[A-Za-z0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://linear.app/settings/api"),
    SecretRule::new(
        "notion-integration-token",
        "Notion integration token",
        Category::Saas,
        Severity::Medium,
        &["ntn_", "secret_"],
        r#"\b(?P<s>ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})\b"#,
    )
    .prefixed()
    .revoke("https://www.notion.so/my-integrations"),
    SecretRule::new(
        "postman-api-key",
        "Postman API key",
        Category::Saas,
        Severity::Medium,
        &["pmak-"],
        r#"\b(?P<s>PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b"#,
    )
    .prefixed()
    .revoke("https://go.postman.co/settings/me/api-keys"),
    SecretRule::new(
        "prefect-api-key",
        "Prefect API key",
        Category::Saas,
        Severity::Medium,
        &["pnu_"],
        r#"\b(?P<s>pnu_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://app.prefect.cloud/my/api-keys"),
    SecretRule::new(
        "readme-api-key",
        "ReadMe API key",
        Category::Saas,
        Severity::Low,
        &["rdme_"],
        r#"\b(?P<s>rdme_[a-z0-9]{70})\b"#,
    )
    .prefixed()
    .revoke("https://dash.readme.com/"),
    SecretRule::new(
        "typeform-token",
        "Typeform personal access token",
        Category::Saas,
        Severity::Medium,
        &["tfp_"],
        r#"\b(?P<s>tfp_[A-Za-z0-9_\-.=]{59})"#,
    )
    .prefixed()
    .revoke("https://admin.typeform.com/account#/section/tokens"),
    SecretRule::new(
        "algolia-admin-key",
        "Algolia admin API key",
        Category::Saas,
        Severity::High,
        &["algolia"],
        r#"(?i)algolia[_.\-]?(?:admin[_.\-]?)?(?:api[_.\-]?)?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://dashboard.algolia.com/account/api-keys"),
    SecretRule::new(
        "zendesk-api-token",
        "Zendesk API token",
        Category::Saas,
        Severity::Medium,
        &["zendesk"],
        r#"(?i)zendesk[_.\-]?(?:api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://support.zendesk.com/hc/en-us/articles/4408889192858-Managing-access-to-the-Zendesk-API"),
    SecretRule::new(
        "intercom-access-token",
        "Intercom access token",
        Category::Saas,
        Severity::Medium,
        &["intercom"],
        r#"(?i)intercom[_.\-]?(?:access[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9=_\-]{60})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://app.intercom.com/a/apps/_/developer-hub"),
    SecretRule::new(
        "segment-write-key",
        "Segment write key",
        Category::Saas,
        Severity::Low,
        &["segment_write", "segment-write", "segmentwrite"],
        r#"(?i)segment[_.\-]?write[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://app.segment.com/"),
    SecretRule::new(
        "mailjet-api-secret",
        "Mailjet API secret",
        Category::Messaging,
        Severity::High,
        &["mailjet", "mj_apikey"],
        r#"(?i)(?:mailjet|mj)[_.\-]?(?:api[_.\-]?)?(?:secret|key[_.\-]?private)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.mailjet.com/account/apikeys"),
    SecretRule::new(
        "confluent-api-secret",
        "Confluent Cloud API secret",
        Category::Saas,
        Severity::High,
        &["confluent"],
        r#"(?i)confluent[_.\-]?(?:cloud[_.\-]?)?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://confluent.cloud/settings/api-keys"),
    SecretRule::new(
        "snowflake-password",
        "Snowflake account password",
        Category::Database,
        Severity::Critical,
        &["snowflake"],
        r#"(?i)snowflake[_.\-]?(?:user[_.\-]?)?password[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[^\s"\'`\\]{8,64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .check(Check::GenericValue)
    .revoke("https://docs.snowflake.com/en/user-guide/admin-user-management"),
    SecretRule::new(
        "shortcut-api-token",
        "Shortcut API token",
        Category::Saas,
        Severity::Low,
        &["shortcut_api", "shortcut-api", "shortcut_token", "shortcut-token", "clubhouse"],
        r#"(?i)(?:shortcut|clubhouse)[_.\-]?(?:api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.shortcut.com/settings/account/api-tokens"),
    SecretRule::new(
        "mapbox-download-token",
        "Mapbox secret or downloads token",
        Category::Saas,
        Severity::Medium,
        &["mapbox"],
        r#"(?i)mapbox[_.\-]?(?:secret|downloads?)[_.\-]?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>sk\.[A-Za-z0-9_\-.]{80,400})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://account.mapbox.com/access-tokens/"),
    SecretRule::new(
        "jira-api-token",
        "Jira / Confluence Cloud legacy API token",
        Category::Saas,
        Severity::High,
        &["jira", "confluence"],
        r#"(?i)(?:jira|confluence)[\w.\-]{0,30}?(?:api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{24}))(?:[^\w\-]|$)"#,
    )
    .about("An Atlassian Cloud API token of the older 24-character form, configured for Jira or Confluence. With the owner's e-mail it acts as that user on every site they can reach. Current tokens (`ATATT...`) are found by the Atlassian API token rule.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://id.atlassian.com/manage-profile/security/api-tokens"),
    SecretRule::new(
        "jira-datacenter-pat",
        "Jira / Confluence / Bitbucket Data Center personal access token",
        Category::Saas,
        Severity::High,
        &["jira", "confluence", "bitbucket"],
        r#"(?i)(?:jira|confluence|bitbucket)[\w.\-]{0,30}?(?:pat|personal[_.\-]?access[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{44}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html"),
    SecretRule::new(
        "monday-api-token",
        "monday.com API token",
        Category::Saas,
        Severity::High,
        &["monday"],
        r#"(?i)monday(?:[_.\-]?com)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://developer.monday.com/api-reference/docs/authentication"),
    SecretRule::new(
        "miro-access-token",
        "Miro access token",
        Category::Saas,
        Severity::Medium,
        &["eyjtaxjvlm9yawdpbii6i"],
        r#"\b(?P<s>eyJtaXJvLm9yaWdpbiI6I[A-Za-z0-9]{6,20}_[A-Za-z0-9_\-]{20,100})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Miro REST API access token; it starts with base64 of `{\"miro.origin\":...}`. It reads and edits the boards the app was installed on.")
    .prefixed()
    .revoke("https://miro.com/app/settings/user-profile/apps"),
    SecretRule::new(
        "webflow-api-token",
        "Webflow API token",
        Category::Saas,
        Severity::High,
        &["webflow"],
        r#"(?i)webflow[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.webflow.com/data/reference/authentication"),
    SecretRule::new(
        "contentstack-token",
        "Contentstack management or delivery token",
        Category::Saas,
        Severity::High,
        &["contentstack"],
        r#"(?i)contentstack[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:cs[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.contentstack.com/docs/developers/create-tokens"),
    SecretRule::new(
        "sanity-api-token",
        "Sanity API token",
        Category::Saas,
        Severity::High,
        &["sanity"],
        r#"(?i)sanity[\w.\-]{0,30}?(?:api[_.\-]?|auth[_.\-]?|write[_.\-]?|read[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk[A-Za-z0-9]{70,190}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://www.sanity.io/manage"),
    SecretRule::new(
        "storyblok-token",
        "Storyblok access or management token",
        Category::Saas,
        Severity::Medium,
        &["storyblok"],
        r#"(?i)storyblok[\w.\-]{0,30}?(?:management[_.\-]?|preview[_.\-]?|public[_.\-]?|access[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9\-]{22,60}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://app.storyblok.com/#/me/account?tab=token"),
    SecretRule::new(
        "prismic-access-token",
        "Prismic access or write token",
        Category::Saas,
        Severity::Medium,
        &["prismic"],
        r#"(?i)prismic[\w.\-]{0,30}?(?:access[_.\-]?|write[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9._\-]{40,600}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://prismic.io/dashboard"),
    SecretRule::new(
        "twitch-client-secret",
        "Twitch client secret or OAuth token",
        Category::Saas,
        Severity::Medium,
        &["twitch"],
        r#"(?i)twitch[\w.\-]{0,30}?(?:client[_.\-]?secret|(?:access|oauth)[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{30}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dev.twitch.tv/console/apps"),
    SecretRule::new(
        "spotify-client-secret",
        "Spotify client secret",
        Category::Saas,
        Severity::Medium,
        &["spotify"],
        r#"(?i)spotify[\w.\-]{0,30}?client[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.spotify.com/dashboard"),
    SecretRule::new(
        "zapier-webhook-url",
        "Zapier catch-hook URL",
        Category::Saas,
        Severity::Medium,
        &["hooks.zapier.com"],
        r#"(?P<s>hooks\.zapier\.com/hooks/catch/[0-9]{4,12}/[a-z0-9]{5,12})(?:[^a-z0-9]|$)"#,
    )
    .about("A Zapier catch-hook URL. Anyone holding it can trigger the Zap with arbitrary data, which then runs its actions (e-mails, CRM updates, payments) as the firm.")
    .prefixed()
    .revoke("https://zapier.com/app/zaps"),
    SecretRule::new(
        "make-webhook-url",
        "Make (Integromat) webhook URL",
        Category::Saas,
        Severity::Medium,
        &[".make.com/", "hook.integromat.com"],
        r#"(?P<s>hook\.(?:(?:eu|us)[0-9]\.make|integromat)\.com/[a-z0-9]{32})\b"#,
    )
    .about("A Make (formerly Integromat) custom webhook URL. Anyone holding it can start the scenario with arbitrary data.")
    .prefixed()
    .revoke("https://www.make.com/en/help/tools/webhooks"),
    SecretRule::new(
        "ifttt-webhook-key",
        "IFTTT Webhooks key",
        Category::Saas,
        Severity::Medium,
        &["maker.ifttt.com"],
        r#"maker\.ifttt\.com/(?:trigger/[A-Za-z0-9_\-]{1,60}/(?:json/)?with/key|use)/(?P<s>[A-Za-z0-9_\-]{22})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://ifttt.com/maker_webhooks/settings"),
    SecretRule::new(
        "cloudinary-url",
        "Cloudinary URL with API secret",
        Category::Saas,
        Severity::High,
        &["cloudinary://"],
        r#"cloudinary://[0-9]{12,16}:(?P<s>[A-Za-z0-9_\-]{27})@[A-Za-z0-9_\-]{1,64}"#,
    )
    .about("A `CLOUDINARY_URL` with the account's API key and secret. It uploads, replaces and deletes every media asset of the product environment.")
    .prefixed()
    .revoke("https://console.cloudinary.com/settings/api-keys"),
    SecretRule::new(
        "cloudinary-api-secret",
        "Cloudinary API secret",
        Category::Saas,
        Severity::High,
        &["cloudinary"],
        r#"(?i)cloudinary[\w.\-]{0,30}?(?:api[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{27}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://console.cloudinary.com/settings/api-keys"),
    SecretRule::new(
        "imgix-api-key",
        "imgix API key or signing token",
        Category::Saas,
        Severity::Medium,
        &["imgix"],
        r#"(?i)imgix[\w.\-]{0,30}?(?:api[_.\-]?key|(?:secure[_.\-]?url[_.\-]?|signing[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_]{16,80}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dashboard.imgix.com/api-keys"),
    SecretRule::new(
        "uploadcare-secret-key",
        "Uploadcare secret key",
        Category::Saas,
        Severity::High,
        &["uploadcare"],
        r#"(?i)uploadcare[\w.\-]{0,30}?secret(?:[_.\-]?key)?[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.uploadcare.com/projects/-/api-keys/"),
    SecretRule::new(
        "trello-api-token",
        "Trello API token",
        Category::Saas,
        Severity::High,
        &["trello"],
        r#"(?i)trello[\w.\-]{0,30}?(?:api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:ATTA[A-Fa-f0-9]{60,72}|[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://trello.com/my/account"),
    SecretRule::new(
        "airtable-token",
        "Airtable personal access token or API key",
        Category::Saas,
        Severity::High,
        &["airtable"],
        r#"(?i)airtable[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:pat[A-Za-z0-9]{14}\.[a-f0-9]{64}|key[A-Za-z0-9]{14}))(?:[^\w\-]|$)"#,
    )
    .about("An Airtable personal access token (`pat...` with a 64-hex secret) or a legacy API key (`key...`). It reads and writes the bases its scopes allow.")
    .confidence(Confidence::Medium)
    .revoke("https://airtable.com/create/tokens"),
    SecretRule::new(
        "freshdesk-api-key",
        "Freshdesk API key",
        Category::Saas,
        Severity::Medium,
        &["freshdesk"],
        r#"(?i)freshdesk[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://support.freshdesk.com/support/solutions/articles/215517"),
    SecretRule::new(
        "pipedrive-api-token",
        "Pipedrive API token",
        Category::Saas,
        Severity::High,
        &["pipedrive"],
        r#"(?i)pipedrive[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.pipedrive.com/settings/api"),
    SecretRule::new(
        "smartsheet-access-token",
        "Smartsheet API access token",
        Category::Saas,
        Severity::High,
        &["smartsheet"],
        r#"(?i)smartsheet[\w.\-]{0,30}?(?:access[_.\-]?|api[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{37}|[A-Za-z0-9]{26}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.smartsheet.com/"),
    SecretRule::new(
        "frameio-developer-token",
        "Frame.io developer token",
        Category::Saas,
        Severity::Medium,
        &["fio-u-"],
        r#"\b(?P<s>fio-u-[A-Za-z0-9_\-]{64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .entropy(4.0)
    .prefixed()
    .revoke("https://developer.frame.io/app/tokens"),
    SecretRule::new(
        "calendly-token",
        "Calendly personal access token",
        Category::Saas,
        Severity::Medium,
        &["calendly"],
        r#"(?i)calendly[\w.\-]{0,30}?(?:api[_.\-]?|access[_.\-]?|personal[_.\-]?access[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://calendly.com/integrations/api_webhooks"),
    SecretRule::new(
        "docusign-secret-key",
        "DocuSign app secret key",
        Category::Saas,
        Severity::Critical,
        &["docusign"],
        r#"(?i)docusign[\w.\-]{0,30}?(?:secret[_.\-]?key|client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .about("A DocuSign integration's secret key. With the integration key it obtains tokens that send, read and void envelopes (contracts, account-opening forms) of the account.")
    .confidence(Confidence::Medium)
    .revoke("https://admin.docusign.com/apps-and-keys"),
    SecretRule::new(
        "box-client-secret",
        "Box app client secret or developer token",
        Category::Saas,
        Severity::High,
        &["box_client_secret", "box-client-secret", "boxclientsecret", "box_developer_token"],
        r#"(?i)\bbox[\w.\-]{0,30}?[_.\-]?(?:client[_.\-]?secret|developer[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.box.com/developers/console"),
    SecretRule::new(
        "lokalise-api-token",
        "Lokalise API token",
        Category::Saas,
        Severity::Medium,
        &["lokalise"],
        r#"(?i)lokalise[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.lokalise.com/profile#apitokens"),
    SecretRule::new(
        "crowdin-api-token",
        "Crowdin personal access token",
        Category::Saas,
        Severity::Medium,
        &["crowdin"],
        r#"(?i)crowdin[\w.\-]{0,30}?(?:personal[_.\-]?|api[_.\-]?|access[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{80}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://crowdin.com/settings#api-key"),
    SecretRule::new(
        "bitly-access-token",
        "Bitly access token",
        Category::Saas,
        Severity::Low,
        &["bitly"],
        r#"(?i)bitly[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.bitly.com/settings/api/"),
    SecretRule::new(
        "todoist-api-token",
        "Todoist API token",
        Category::Saas,
        Severity::Low,
        &["todoist"],
        r#"(?i)todoist[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.todoist.com/app/settings/integrations/developer"),
    SecretRule::new(
        "contentful-delivery-token",
        "Contentful delivery or preview token",
        Category::Saas,
        Severity::Low,
        &["contentful"],
        r#"(?i)contentful[\w.\-]{0,30}?(?:delivery|preview|access)[_.\-]?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{43}))(?:[^\w\-]|$)"#,
    )
    .about("A Contentful Content Delivery or Preview API token. It reads the published (or draft) content of the space, including entries not yet meant to be public.")
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://app.contentful.com/"),
    SecretRule::new(
        "strapi-api-token",
        "Strapi API token",
        Category::Saas,
        Severity::High,
        &["strapi"],
        r#"(?i)strapi[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{256}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.strapi.io/cms/features/api-tokens"),
    SecretRule::new(
        "eventbrite-private-token",
        "Eventbrite private token",
        Category::Saas,
        Severity::Low,
        &["eventbrite"],
        r#"(?i)eventbrite[\w.\-]{0,30}?(?:private[_.\-]?|oauth[_.\-]?|api[_.\-]?)?(?:token|key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Z0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.eventbrite.com/platform/api-keys"),
    SecretRule::new(
        "wix-api-key",
        "Wix API key",
        Category::Saas,
        Severity::High,
        &["ist.eyj"],
        r#"\b(?P<s>IST\.eyJ[A-Za-z0-9_\-]{10,1000}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000})"#,
    )
    .prefixed()
    .revoke("https://manage.wix.com/account/api-keys"),
    SecretRule::new(
        "ghost-admin-api-key",
        "Ghost Admin API key",
        Category::Saas,
        Severity::High,
        &["ghost"],
        r#"(?i)ghost[\w.\-]{0,30}?(?:admin[_.\-]?)?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{24}:[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .about("A Ghost Admin API key (`id:secret`, 24 and 64 hex characters). It signs tokens that publish, edit and delete posts and manage members of the site.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://ghost.org/docs/admin-api/"),
    SecretRule::new(
        "wordpress-application-password",
        "WordPress application password",
        Category::Saas,
        Severity::High,
        &["wordpress", "wp_app", "wp-app", "wp_application"],
        r#"(?i)(?:wordpress|wp)[\w.\-]{0,30}?[_.\-]?app(?:lication)?[_.\-]?pass(?:word)?[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://developer.wordpress.org/rest-api/using-the-rest-api/authentication/"),
    SecretRule::new(
        "builderio-private-key",
        "Builder.io private API key",
        Category::Saas,
        Severity::High,
        &["bpk-"],
        r#"\b(?P<s>bpk-[a-f0-9]{32})\b"#,
    )
    .entropy(3.0)
    .prefixed()
    .revoke("https://builder.io/account/space"),
    SecretRule::new(
        "n8n-api-key",
        "n8n API key",
        Category::Saas,
        Severity::High,
        &["n8n"],
        r#"(?i)n8n[\w.\-]{0,30}?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .about("An n8n public API key. It reads, changes and runs every workflow of the instance, and workflows hold the credentials of every system they connect.")
    .confidence(Confidence::Medium)
    .revoke("https://docs.n8n.io/api/authentication/"),
    SecretRule::new(
        "calcom-api-key",
        "Cal.com API key",
        Category::Saas,
        Severity::Medium,
        &["cal_live_", "cal_test_"],
        r#"\b(?P<s>cal_(?:live|test)_[a-f0-9]{32})\b"#,
    )
    .entropy(3.0)
    .prefixed()
    .revoke("https://app.cal.com/settings/developer/api-keys"),
    SecretRule::new(
        "launchdarkly-sdk-key",
        "LaunchDarkly server-side SDK key",
        Category::Saas,
        Severity::Medium,
        &["sdk-"],
        r#"\b(?P<s>sdk-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .about("A LaunchDarkly server-side SDK key (`sdk-` and a UUID). It downloads every flag and segment rule of the environment, including targeting lists of customer identifiers.")
    .confidence(Confidence::Medium)
    .revoke("https://app.launchdarkly.com/settings/projects"),
    SecretRule::new(
        "statsig-server-secret",
        "Statsig server secret key",
        Category::Saas,
        Severity::Medium,
        &["statsig"],
        r#"(?i)statsig[\w.\-]{0,30}?(?:server[_.\-]?)?(?:secret|key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:secret-[A-Za-z0-9]{30,50}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://console.statsig.com/"),
    SecretRule::new(
        "flagsmith-server-key",
        "Flagsmith server-side environment key",
        Category::Saas,
        Severity::Medium,
        &["flagsmith"],
        r#"(?i)flagsmith[\w.\-]{0,30}?(?:server[_.\-]?|environment[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:ser\.[A-Za-z0-9]{20,30}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.flagsmith.com/"),
    SecretRule::new(
        "configcat-sdk-key",
        "ConfigCat SDK key",
        Category::Saas,
        Severity::Low,
        &["configcat-sdk-1/"],
        r#"\b(?P<s>configcat-sdk-1/[A-Za-z0-9_\-]{22}/[A-Za-z0-9_\-]{22})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .entropy(3.5)
    .prefixed()
    .revoke("https://app.configcat.com/sdkkey"),
    SecretRule::new(
        "unleash-api-token",
        "Unleash API token",
        Category::Saas,
        Severity::Medium,
        &["unleash"],
        r#"(?i)unleash[\w.\-]{0,30}?(?:api[_.\-]?|client[_.\-]?|admin[_.\-]?|server[_.\-]?|frontend[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9*_\-]{1,40}:[a-z0-9_\-]{1,40}\.[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.getunleash.io/reference/api-tokens-and-client-keys"),
    SecretRule::new(
        "jotform-api-key",
        "Jotform API key",
        Category::Saas,
        Severity::Medium,
        &["jotform"],
        r#"(?i)jotform[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.jotform.com/myaccount/api"),
];
