//! Chat, e-mail, SMS and push messaging services.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "slack-bot-token",
        "Slack bot token",
        Category::Messaging,
        Severity::High,
        &["xoxb-"],
        r#"\b(?P<s>xoxb-[0-9]{10,13}-[0-9]{10,13}[A-Za-z0-9\-]{0,80})"#,
    )
    .entropy(3.0)
    .prefixed()
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "slack-user-token",
        "Slack user token",
        Category::Messaging,
        Severity::High,
        &["xoxp-"],
        r#"\b(?P<s>xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "slack-app-token",
        "Slack app-level token",
        Category::Messaging,
        Severity::High,
        &["xapp-"],
        r#"\b(?P<s>xapp-\d-[A-Z0-9]{1,20}-\d{1,20}-[a-f0-9]{64})\b"#,
    )
    .prefixed()
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "slack-config-token",
        "Slack configuration token",
        Category::Messaging,
        Severity::High,
        &["xoxe."],
        r#"\b(?P<s>xoxe\.xox[bp]-\d-[A-Z0-9]{163,166})\b"#,
    )
    .prefixed()
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "slack-legacy-token",
        "Slack legacy or workspace token",
        Category::Messaging,
        Severity::High,
        &["xoxa-", "xoxo-", "xoxs-", "xoxr-"],
        r#"\b(?P<s>xox[aors]-(?:\d+-)+[a-zA-Z0-9]{10,48})"#,
    )
    .prefixed()
    .revoke("https://api.slack.com/authentication/token-types"),
    SecretRule::new(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["hooks.slack.com"],
        r#"(?P<s>hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})"#,
    )
    .prefixed()
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "teams-webhook-url",
        "Microsoft Teams incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["webhook.office.com"],
        r#"(?P<s>[a-z0-9\-]{1,63}\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36}(?:/[A-Za-z0-9_\-]{1,80})?)"#,
    )
    .prefixed()
    .revoke("https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook"),
    SecretRule::new(
        "discord-webhook-url",
        "Discord webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
        r#"(?P<s>discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,68})"#,
    )
    .prefixed()
    .revoke("https://support.discord.com/hc/en-us/articles/228383668-Intro-to-Webhooks"),
    SecretRule::new(
        "discord-bot-token",
        "Discord bot token",
        Category::Messaging,
        Severity::High,
        &["discord"],
        r#"(?i)discord[^\n]{0,40}?(?P<s>[MN][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://discord.com/developers/applications"),
    SecretRule::new(
        "telegram-bot-token",
        "Telegram bot token",
        Category::Messaging,
        Severity::High,
        &[":aa"],
        r#"\b(?P<s>\d{8,10}:AA[A-Za-z0-9_\-]{33})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://core.telegram.org/bots/features#botfather"),
    SecretRule::new(
        "twilio-api-key",
        "Twilio API key SID",
        Category::Messaging,
        Severity::Medium,
        &["twilio"],
        r#"(?i)twilio[^\n]{0,40}?\b(?P<s>SK[0-9a-fA-F]{32})\b"#,
    )
    .revoke("https://console.twilio.com/us1/account/keys-credentials/api-keys"),
    SecretRule::new(
        "twilio-auth-token",
        "Twilio auth token or API secret",
        Category::Messaging,
        Severity::Critical,
        &["twilio"],
        r#"(?i)twilio[_.\-]?(?:auth[_.\-]?token|api[_.\-]?secret|secret)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32}|[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.twilio.com/"),
    SecretRule::new(
        "sendgrid-api-key",
        "SendGrid API key",
        Category::Messaging,
        Severity::High,
        &["sg."],
        r#"\b(?P<s>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://app.sendgrid.com/settings/api_keys"),
    SecretRule::new(
        "mailgun-api-key",
        "Mailgun API key",
        Category::Messaging,
        Severity::High,
        &["key-"],
        r#"\b(?P<s>key-[0-9a-f]{32})\b"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.mailgun.com/settings/api_security"),
    SecretRule::new(
        "mailchimp-api-key",
        "Mailchimp API key",
        Category::Messaging,
        Severity::High,
        &["-us"],
        r#"\b(?P<s>[0-9a-f]{32}-us\d{1,2})\b"#,
    )
    .prefixed()
    .revoke("https://admin.mailchimp.com/account/api/"),
    SecretRule::new(
        "brevo-api-key",
        "Brevo (Sendinblue) API key",
        Category::Messaging,
        Severity::High,
        &["xkeysib-", "xsmtpsib-"],
        r#"\b(?P<s>x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b"#,
    )
    .prefixed()
    .revoke("https://app.brevo.com/settings/keys/api"),
    SecretRule::new(
        "postmark-server-token",
        "Postmark server token",
        Category::Messaging,
        Severity::High,
        &["postmark"],
        r#"(?i)postmark[_.\-]?(?:server[_.\-]?|api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://account.postmarkapp.com/servers"),
    SecretRule::new(
        "firebase-cloud-messaging-key",
        "Firebase Cloud Messaging server key",
        Category::Messaging,
        Severity::High,
        &[":apa91b"],
        r#"\b(?P<s>AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})"#,
    )
    .prefixed()
    .revoke("https://console.firebase.google.com/"),
    SecretRule::new(
        "vonage-api-secret",
        "Vonage (Nexmo) API secret",
        Category::Messaging,
        Severity::High,
        &["vonage", "nexmo"],
        r#"(?i)(?:vonage|nexmo)[\w.\-]{0,30}?(?:api[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16}))(?:[^\w\-]|$)"#,
    )
    .about("A Vonage (formerly Nexmo) API secret. With the API key it sends SMS and voice calls billed to the account and reads message logs.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.nexmo.com/settings"),
    SecretRule::new(
        "messagebird-access-key",
        "MessageBird (Bird) access key",
        Category::Messaging,
        Severity::High,
        &["messagebird"],
        r#"(?i)messagebird[\w.\-]{0,30}?(?:access[_.\-]?|api[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{25}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dashboard.messagebird.com/en/developers/access"),
    SecretRule::new(
        "plivo-auth-token",
        "Plivo auth token",
        Category::Messaging,
        Severity::High,
        &["plivo"],
        r#"(?i)plivo[\w.\-]{0,30}?(?:auth[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .about("A Plivo auth token. With the auth ID it sends SMS and places calls billed to the account.")
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://console.plivo.com/dashboard/"),
    SecretRule::new(
        "sinch-api-token",
        "Sinch API token or secret",
        Category::Messaging,
        Severity::High,
        &["sinch"],
        r#"(?i)sinch[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.sinch.com/settings/access-keys"),
    SecretRule::new(
        "infobip-api-key",
        "Infobip API key",
        Category::Messaging,
        Severity::High,
        &["infobip"],
        r#"(?i)infobip[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .about("An Infobip API key (32 hex characters and a UUID). It sends SMS, WhatsApp, voice and e-mail messages billed to the account.")
    .confidence(Confidence::Medium)
    .revoke("https://portal.infobip.com/dev/api-keys"),
    SecretRule::new(
        "telnyx-api-key",
        "Telnyx API v2 key",
        Category::Messaging,
        Severity::High,
        &["telnyx"],
        r#"(?i)telnyx[^\n]{0,60}?\b(?P<s>(?-i:KEY[0-9A-F]{32}_[A-Za-z0-9]{20,30}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Telnyx API v2 key (`KEY` followed by 32 upper-case hex characters, `_` and a secret part). It controls numbers, messaging and calls of the account.")
    .confidence(Confidence::Medium)
    .revoke("https://portal.telnyx.com/#/app/api-keys"),
    SecretRule::new(
        "mandrill-api-key",
        "Mandrill (Mailchimp Transactional) API key",
        Category::Messaging,
        Severity::High,
        &["mandrill"],
        r#"(?i)mandrill[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:md-)?[A-Za-z0-9_\-]{22}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://mandrillapp.com/settings"),
    SecretRule::new(
        "sparkpost-api-key",
        "SparkPost API key",
        Category::Messaging,
        Severity::High,
        &["sparkpost"],
        r#"(?i)sparkpost[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.sparkpost.com/account/api-keys"),
    SecretRule::new(
        "mailersend-api-token",
        "MailerSend API token",
        Category::Messaging,
        Severity::High,
        &["mlsn."],
        r#"\b(?P<s>mlsn\.[a-f0-9]{64})\b"#,
    )
    .about("A MailerSend API token (`mlsn.` and 64 hex characters). It sends e-mail from the account's verified domains and reads its activity.")
    .prefixed()
    .revoke("https://app.mailersend.com/api-tokens"),
    SecretRule::new(
        "resend-api-key",
        "Resend API key",
        Category::Messaging,
        Severity::High,
        // `re_` ends too many identifiers (are_, pre_, score_) to prefilter on.
        &["resend"],
        r#"\b(?P<s>re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})\b"#,
    )
    .about("A Resend API key (`re_`, an 8-character id, `_` and a 24-character secret). It sends e-mail from the account's domains.")
    .entropy(3.5)
    .prefixed()
    .revoke("https://resend.com/api-keys"),
    SecretRule::new(
        "customerio-api-key",
        "Customer.io API key",
        Category::Messaging,
        Severity::High,
        &["customerio", "customer_io", "customer-io", "customer.io"],
        r#"(?i)customer[_.\-]?io[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}|[a-f0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://fly.customer.io/settings/api_credentials"),
    SecretRule::new(
        "iterable-api-key",
        "Iterable API key",
        Category::Messaging,
        Severity::High,
        // The bare word is everyday Python (`Iterable[...]`).
        &["iterable_", "iterable-", "iterable."],
        r#"(?i)iterable[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.iterable.com/settings/apiKeys"),
    SecretRule::new(
        "braze-api-key",
        "Braze REST API key",
        Category::Messaging,
        Severity::High,
        &["braze"],
        r#"(?i)braze[\w.\-]{0,30}?(?:rest[_.\-]?)?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://www.braze.com/docs/api/basics/#rest-api-key"),
    SecretRule::new(
        "onesignal-api-key",
        "OneSignal app or organisation API key",
        Category::Messaging,
        Severity::High,
        &["os_v2_"],
        r#"\b(?P<s>os_v2_(?:app|org)_[a-z0-9]{40,120})\b"#,
    )
    .about("A OneSignal app or organisation API key (`os_v2_app_` or `os_v2_org_`). It sends push, e-mail and SMS messages to every subscriber of the app and manages its users.")
    .entropy(3.5)
    .prefixed()
    .revoke("https://documentation.onesignal.com/docs/keys-and-ids"),
    SecretRule::new(
        "onesignal-legacy-api-key",
        "OneSignal legacy REST API key",
        Category::Messaging,
        Severity::High,
        &["onesignal"],
        r#"(?i)onesignal[\w.\-]{0,30}?(?:rest[_.\-]?|user[_.\-]?auth[_.\-]?)?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{48}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://documentation.onesignal.com/docs/keys-and-ids"),
    SecretRule::new(
        "pusher-app-secret",
        "Pusher Channels app secret",
        Category::Messaging,
        Severity::High,
        &["pusher"],
        r#"(?i)pusher[\w.\-]{0,30}?(?:app[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.pusher.com/"),
    SecretRule::new(
        "ably-api-key",
        "Ably API key",
        Category::Messaging,
        Severity::High,
        &["ably_", "ably-"],
        r#"(?i)\bably[_\-][^\n]{0,40}?(?P<s>(?-i:[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{6}:[A-Za-z0-9_\-]{30,50}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Ably API key (`appId.keyId:secret`). Depending on its capabilities it publishes to and subscribes on every channel of the app.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://ably.com/accounts"),
    SecretRule::new(
        "pubnub-secret-key",
        "PubNub secret key",
        Category::Messaging,
        Severity::High,
        &["sec-c-"],
        r#"\b(?P<s>sec-c-[A-Za-z0-9]{48})\b"#,
    )
    .about("A PubNub secret key (`sec-c-`). It signs access-manager grants, so its holder can give itself read and write access to every channel of the keyset.")
    .entropy(3.8)
    .prefixed()
    .revoke("https://admin.pubnub.com/"),
    SecretRule::new(
        "pubnub-publish-key",
        "PubNub publish key",
        Category::Messaging,
        Severity::Medium,
        &["pub-c-"],
        r#"\b(?P<s>pub-c-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .about("A PubNub publish key (`pub-c-` and a UUID). Without access manager it lets anyone publish messages to the keyset's channels. Subscribe keys (`sub-c-`) ship in client apps and are not reported.")
    .prefixed()
    .revoke("https://admin.pubnub.com/"),
    SecretRule::new(
        "stream-api-secret",
        "Stream (getstream.io) API secret",
        Category::Messaging,
        Severity::High,
        &["getstream", "stream_api_secret", "stream-api-secret", "stream_secret"],
        r#"(?i)(?:getstream|stream)[\w.\-]{0,30}?(?:api[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dashboard.getstream.io/"),
    SecretRule::new(
        "sendbird-api-token",
        "Sendbird API token",
        Category::Messaging,
        Severity::High,
        &["sendbird"],
        r#"(?i)sendbird[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.sendbird.com/"),
    SecretRule::new(
        "mattermost-access-token",
        "Mattermost personal access or bot token",
        Category::Messaging,
        Severity::High,
        &["mattermost"],
        r#"(?i)mattermost[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{26}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://developers.mattermost.com/integrate/reference/personal-access-token/"),
    SecretRule::new(
        "line-channel-access-token",
        "LINE Messaging API channel access token",
        Category::Messaging,
        Severity::High,
        &["line_channel", "line-channel", "linechannel", "line_messaging", "line_bot"],
        r#"(?i)line[_.\-]?(?:channel|messaging|bot)[\w.\-]{0,30}?(?:access[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{150,200}={0,2}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.5)
    .revoke("https://developers.line.biz/console/"),
    SecretRule::new(
        "line-channel-secret",
        "LINE channel secret",
        Category::Messaging,
        Severity::High,
        &["line_channel", "line-channel", "linechannel", "line_messaging", "line_bot"],
        r#"(?i)line[_.\-]?(?:channel|messaging|bot)[\w.\-]{0,30}?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.line.biz/console/"),
    SecretRule::new(
        "whatsapp-access-token",
        "WhatsApp Cloud API access token",
        Category::Messaging,
        Severity::High,
        &["whatsapp"],
        r#"(?i)whatsapp[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:EAA[A-Za-z0-9]{100,400}))(?:[^\w\-]|$)"#,
    )
    .about("A Meta access token (`EAA...`) configured for the WhatsApp Cloud API. It sends WhatsApp messages as the firm's business number and reads conversations.")
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://business.facebook.com/settings/system-users"),
    SecretRule::new(
        "zulip-api-key",
        "Zulip API key",
        Category::Messaging,
        Severity::High,
        &["zulip"],
        r#"(?i)zulip[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://zulip.com/api/api-keys"),
    SecretRule::new(
        "mailtrap-api-token",
        "Mailtrap API token",
        Category::Messaging,
        Severity::Medium,
        &["mailtrap"],
        r#"(?i)mailtrap[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://mailtrap.io/api-tokens"),
    SecretRule::new(
        "pushover-app-token",
        "Pushover application or user key",
        Category::Messaging,
        Severity::Medium,
        &["pushover"],
        r#"(?i)pushover[\w.\-]{0,30}?(?:app[_.\-]?|api[_.\-]?|user[_.\-]?)?(?:key|token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{30}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://pushover.net/apps"),
    SecretRule::new(
        "webex-access-token",
        "Webex access or bot token",
        Category::Messaging,
        Severity::High,
        &["webex"],
        r#"(?i)webex[\w.\-]{0,30}?(?:bot[_.\-]?|access[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}_[A-Za-z0-9]{4}_[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://developer.webex.com/my-apps"),
    SecretRule::new(
        "zoom-client-secret",
        "Zoom app client secret",
        Category::Messaging,
        Severity::High,
        &["zoom_client", "zoom-client", "zoom_api", "zoom_sdk", "zoom_secret"],
        r#"(?i)zoom[\w.\-]{0,30}?(?:client|api|sdk)?[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://marketplace.zoom.us/user/build"),
    SecretRule::new(
        "ntfy-access-token",
        "ntfy access token",
        Category::Messaging,
        Severity::Low,
        &["ntfy"],
        r#"(?i)ntfy[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:tk_[a-z0-9]{29}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.ntfy.sh/config/#access-tokens"),
    SecretRule::new(
        "mailgun-private-api-key",
        "Mailgun private API key",
        Category::Messaging,
        Severity::High,
        &["mailgun"],
        r#"(?i)mailgun[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}))(?:[^\w\-]|$)"#,
    )
    .about("A Mailgun private API key of the current form (32 hex characters and two 8-character groups). It sends e-mail from every domain of the account and reads its logs and stored messages.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.mailgun.com/settings/api_security"),
    SecretRule::new(
        "slack-signing-secret",
        "Slack app signing or client secret",
        Category::Messaging,
        Severity::High,
        &["slack"],
        r#"(?i)slack[\w.\-]{0,30}?(?:signing|client)[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .about("A Slack app's signing secret or OAuth client secret. The signing secret lets an attacker forge requests that the app accepts as coming from Slack; the client secret completes OAuth installs as the app.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://api.slack.com/apps"),
    SecretRule::new(
        "teams-workflow-webhook-url",
        "Microsoft Teams / Power Automate workflow webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["logic.azure.com", "api.powerplatform.com"],
        r#"(?P<s>(?:[a-z0-9\-]{1,40}\.[a-z0-9]{1,40}\.logic\.azure\.com(?::443)?/workflows/[a-f0-9]{32}/triggers/[A-Za-z0-9_]{1,40}|[a-z0-9\-.]{3,80}\.environment\.api\.powerplatform\.com(?::443)?/powerautomate/automations/direct/workflows/[a-f0-9]{32}/triggers/[A-Za-z0-9_]{1,40})/paths/invoke\?[^\s"'<>]{0,300}?\bsig=[A-Za-z0-9_\-%]{40,90})"#,
    )
    .about("A Teams Workflows (Power Automate or Logic Apps) HTTP trigger URL with its `sig` signature, the replacement for Office 365 connector webhooks. Anyone holding it can post messages into the channel and run the flow.")
    .prefixed()
    .revoke("https://learn.microsoft.com/en-us/power-automate/"),
    SecretRule::new(
        "google-chat-webhook-url",
        "Google Chat incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["chat.googleapis.com"],
        r#"(?P<s>chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_\-]{8,20}/messages\?key=[A-Za-z0-9_\-]{39}&token=[A-Za-z0-9_\-%]{40,60})"#,
    )
    .about("A Google Chat incoming webhook URL (space, key and token). Anyone holding it can post messages into the space as the webhook.")
    .prefixed()
    .revoke("https://developers.google.com/workspace/chat/quickstart/webhooks"),
    SecretRule::new(
        "mattermost-webhook-url",
        "Mattermost incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["mattermost"],
        r#"(?i)mattermost[^\n]{0,80}?(?P<s>https?://[A-Za-z0-9.\-]{3,100}(?::[0-9]{2,5})?/hooks/(?-i:[a-z0-9]{26}))\b"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://developers.mattermost.com/integrate/webhooks/incoming/"),
];
