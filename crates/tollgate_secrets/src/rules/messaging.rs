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
        r#"\b(?P<s>xoxb-[0-9]{10,13}-[0-9]{10,13}[A-Za-z0-9\-]*)"#,
    )
    .entropy(3.0),
    SecretRule::new(
        "slack-user-token",
        "Slack user token",
        Category::Messaging,
        Severity::High,
        &["xoxp-"],
        r#"\b(?P<s>xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})\b"#,
    ),
    SecretRule::new(
        "slack-app-token",
        "Slack app-level token",
        Category::Messaging,
        Severity::High,
        &["xapp-"],
        r#"\b(?P<s>xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{64})\b"#,
    ),
    SecretRule::new(
        "slack-config-token",
        "Slack configuration token",
        Category::Messaging,
        Severity::High,
        &["xoxe."],
        r#"\b(?P<s>xoxe\.xox[bp]-\d-[A-Z0-9]{163,166})\b"#,
    ),
    SecretRule::new(
        "slack-legacy-token",
        "Slack legacy or workspace token",
        Category::Messaging,
        Severity::High,
        &["xoxa-", "xoxo-", "xoxs-", "xoxr-"],
        r#"\b(?P<s>xox[aors]-(?:\d+-)+[a-zA-Z0-9]{10,48})"#,
    ),
    SecretRule::new(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["hooks.slack.com"],
        r#"(?P<s>hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})"#,
    ),
    SecretRule::new(
        "teams-webhook-url",
        "Microsoft Teams incoming webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["webhook.office.com"],
        r#"(?P<s>[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36}(?:/[A-Za-z0-9_\-]+)?)"#,
    ),
    SecretRule::new(
        "discord-webhook-url",
        "Discord webhook URL",
        Category::Messaging,
        Severity::Medium,
        &["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
        r#"(?P<s>discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,68})"#,
    ),
    SecretRule::new(
        "discord-bot-token",
        "Discord bot token",
        Category::Messaging,
        Severity::High,
        &["discord"],
        r#"(?i)discord[^\n]{0,40}?(?P<s>[MN][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "telegram-bot-token",
        "Telegram bot token",
        Category::Messaging,
        Severity::High,
        &[":aa"],
        r#"\b(?P<s>\d{8,10}:AA[A-Za-z0-9_\-]{33})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "twilio-api-key",
        "Twilio API key SID",
        Category::Messaging,
        Severity::Medium,
        &["twilio"],
        r#"(?i)twilio[^\n]{0,40}?\b(?P<s>SK[0-9a-fA-F]{32})\b"#,
    ),
    SecretRule::new(
        "twilio-auth-token",
        "Twilio auth token or API secret",
        Category::Messaging,
        Severity::Critical,
        &["twilio"],
        r#"(?i)twilio[_.\-]?(?:auth[_.\-]?token|api[_.\-]?secret|secret)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32}|[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0),
    SecretRule::new(
        "sendgrid-api-key",
        "SendGrid API key",
        Category::Messaging,
        Severity::High,
        &["sg."],
        r#"\b(?P<s>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "mailgun-api-key",
        "Mailgun API key",
        Category::Messaging,
        Severity::High,
        &["key-"],
        r#"\b(?P<s>key-[0-9a-f]{32})\b"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "mailchimp-api-key",
        "Mailchimp API key",
        Category::Messaging,
        Severity::High,
        &["-us"],
        r#"\b(?P<s>[0-9a-f]{32}-us\d{1,2})\b"#,
    ),
    SecretRule::new(
        "brevo-api-key",
        "Brevo (Sendinblue) API key",
        Category::Messaging,
        Severity::High,
        &["xkeysib-", "xsmtpsib-"],
        r#"\b(?P<s>x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b"#,
    ),
    SecretRule::new(
        "postmark-server-token",
        "Postmark server token",
        Category::Messaging,
        Severity::High,
        &["postmark"],
        r#"(?i)postmark[_.\-]?(?:server[_.\-]?|api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "firebase-cloud-messaging-key",
        "Firebase Cloud Messaging server key",
        Category::Messaging,
        Severity::High,
        &[":apa91b"],
        r#"\b(?P<s>AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})"#,
    ),
];
