//! The providers a found credential can be checked at: for each, the rules whose values
//! it checks, what it needs besides the value (the other half of a pair, a domain), the
//! one read-only request it makes, and how its answer reads.

use crate::http::Request;
use regex::bytes::Regex;
use std::sync::OnceLock;
use tollgate_core::ValidationState as State;
use tollgate_secrets::Seen;

/// What one check needs, kept in memory only until the check is done.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Material {
    /// The credential (or, for pairs, its identifier half: the AWS key id, the Twilio
    /// account SID).
    pub token: String,
    /// The other half of a pair (the AWS secret key, the Twilio auth token).
    pub second: Option<String>,
    /// A fact from the same file the request needs: a domain, a region, an account name.
    pub place: Option<String>,
    /// A third value (an AWS session token).
    pub third: Option<String>,
}

impl Material {
    fn of(token: &str) -> Material {
        Material {
            token: token.to_string(),
            second: None,
            place: None,
            third: None,
        }
    }
}

/// A reading of an answer: the state and a few words why.
pub type Reading = (State, &'static str);

/// A provider a credential can be checked at.
pub struct Provider {
    pub name: &'static str,
    /// Rule slugs (`crates/tollgate_secrets/src/rules`) whose values it checks.
    pub rules: &'static [&'static str],
    /// Method and endpoint, for documentation (`{...}`: taken from the file).
    pub endpoint: &'static str,
    /// What the value needs besides itself; `Err` says what is missing.
    prepare: fn(&Seen<'_>) -> Result<Material, &'static str>,
    /// The one request; `now` is the real clock (for signatures).
    request: fn(&Material, i64) -> Option<Request>,
    /// The provider's own reading of an answer, before the common one.
    judge: fn(u16, &[u8]) -> Option<Reading>,
}

impl Provider {
    pub fn prepare(&self, seen: &Seen<'_>) -> Result<Material, &'static str> {
        (self.prepare)(seen)
    }

    pub fn request(&self, m: &Material, now: i64) -> Option<Request> {
        (self.request)(m, now)
    }

    /// How an answer reads: the provider's own reading, else 2xx live, 401 and 403
    /// refused, anything else unknown.
    pub fn judge(&self, status: u16, body: &[u8]) -> Reading {
        if let Some(j) = (self.judge)(status, body) {
            return j;
        }
        match status {
            200..=299 => (State::Live, "the provider accepted it"),
            401 => (State::Invalid, "the provider refused it"),
            403 => (State::Invalid, "the provider refused it"),
            429 => (State::Unknown, "rate limited"),
            500..=599 => (State::Unknown, "the provider's server failed"),
            _ => (State::Unknown, "an answer that does not tell"),
        }
    }
}

fn none(_: u16, _: &[u8]) -> Option<Reading> {
    None
}

/// 403 is "authenticated, but not allowed this read": the credential works.
fn forbidden_is_live(status: u16, _: &[u8]) -> Option<Reading> {
    (status == 403).then_some((
        State::Live,
        "accepted, though not allowed this particular read",
    ))
}

fn token_only(seen: &Seen<'_>) -> Result<Material, &'static str> {
    Ok(Material::of(text(seen.value)?))
}

fn text(v: &[u8]) -> Result<&str, &'static str> {
    let s = std::str::from_utf8(v).map_err(|_| "the value is not text")?;
    if s.is_empty() || s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("the value holds spaces or control characters");
    }
    Ok(s)
}

fn contains(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Of the `others` of rule `slugs` (not equal to the value), the one written nearest to it.
fn nearest<'a>(seen: &Seen<'a>, slugs: &[&str]) -> Option<&'a str> {
    let at = contains(seen.content, seen.value).unwrap_or(0) as i64;
    seen.others
        .iter()
        .filter(|(r, v)| slugs.contains(r) && *v != seen.value)
        .filter_map(|(_, v)| {
            let s = text(v).ok()?;
            let p = contains(seen.content, v)? as i64;
            Some(((p - at).abs(), s))
        })
        .min()
        .map(|(_, s)| s)
}

/// The first capture of `re` written nearest to the value.
fn nearest_match(seen: &Seen<'_>, re: &Regex) -> Option<String> {
    let at = contains(seen.content, seen.value).unwrap_or(0) as i64;
    re.captures_iter(seen.content)
        .filter_map(|c| {
            let m = c.get(1)?;
            let s = std::str::from_utf8(m.as_bytes()).ok()?;
            Some(((m.start() as i64 - at).abs(), s.to_ascii_lowercase()))
        })
        .min()
        .map(|(_, s)| s)
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static R: OnceLock<Regex> = OnceLock::new();
            R.get_or_init(|| Regex::new($pat).expect("a valid pattern"))
        }
    };
}

re!(
    okta_domain,
    r"(?i)\b([a-z0-9][a-z0-9-]{0,62}\.(?:okta|oktapreview|okta-emea)\.com)\b"
);
re!(
    shop_domain,
    r"(?i)\b([a-z0-9][a-z0-9-]{0,62}\.myshopify\.com)\b"
);
re!(twilio_sid, r"\b(AC[0-9a-f]{32})\b");
re!(azure_account, r"(?i)AccountName=([a-z0-9]{3,24})(?:;|\b)");
re!(azure_suffix, r"(?i)EndpointSuffix=([a-z0-9.-]+)");
re!(
    datadog_site,
    r"(?i)\b((?:us3\.|us5\.|ap1\.|ap2\.)?datadoghq\.(?:com|eu)|ddog-gov\.com)\b"
);
re!(gitlab_host, r"(?i)https?://(gitlab\.[a-z0-9.-]+[a-z])\b");

// --- AWS -------------------------------------------------------------------------------

const AWS_KEY_IDS: &[&str] = &["aws-access-key-id", "aws-temporary-access-key-id"];

fn aws_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let v = text(seen.value)?;
    let (id, secret) = if seen.rule == "aws-secret-access-key" {
        let id = nearest(seen, AWS_KEY_IDS).ok_or("no AWS access key id in the same file")?;
        (id, v)
    } else {
        let s = nearest(seen, &["aws-secret-access-key"])
            .ok_or("no AWS secret access key in the same file")?;
        (v, s)
    };
    let third = if id.starts_with("ASIA") {
        Some(
            nearest(seen, &["aws-session-token"])
                .ok_or("a temporary key id without its session token in the same file")?
                .to_string(),
        )
    } else {
        None
    };
    Ok(Material {
        token: id.to_string(),
        second: Some(secret.to_string()),
        place: None,
        third,
    })
}

fn aws_request(m: &Material, now: i64) -> Option<Request> {
    let secret = m.second.as_deref()?;
    let host = "sts.amazonaws.com";
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let date = crate::sign::amz_date(now);
    let ctype = "application/x-www-form-urlencoded; charset=utf-8";
    let mut headers: Vec<(&str, &str)> = vec![
        ("content-type", ctype),
        ("host", host),
        ("x-amz-date", &date),
    ];
    if let Some(t) = &m.third {
        headers.push(("x-amz-security-token", t));
    }
    let sig = crate::sign::SigV4 {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        payload: body.as_bytes(),
        region: "us-east-1",
        service: "sts",
        amz_date: &date,
    };
    let mut r = Request::post(format!("https://{host}/"), body)
        .header("Content-Type", ctype)
        .header("X-Amz-Date", date.clone())
        .header("Authorization", sig.authorization(&m.token, secret));
    if let Some(t) = &m.third {
        r = r.header("X-Amz-Security-Token", t.clone());
    }
    Some(r)
}

fn aws_judge(status: u16, body: &[u8]) -> Option<Reading> {
    let has = |s: &[u8]| contains(body, s).is_some();
    match status {
        200 if has(b"GetCallerIdentityResult") => Some((State::Live, "STS named the caller")),
        200 => Some((State::Unknown, "an answer that does not tell")),
        403 if has(b"SignatureDoesNotMatch") => Some((
            State::Invalid,
            "the key id exists but the secret does not match it",
        )),
        403 if has(b"InvalidClientTokenId") => Some((State::Invalid, "no such key id")),
        403 if has(b"ExpiredToken") => Some((State::Invalid, "the session has expired")),
        // A clock far off also gives 403; say so rather than call the key dead.
        403 if has(b"RequestExpired") || has(b"Signature expired") => Some((
            State::Unknown,
            "the request's time was refused (check the clock)",
        )),
        _ => None,
    }
}

// --- Azure Storage -----------------------------------------------------------------------

fn azure_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let key = text(seen.value)?;
    let account = nearest_match(seen, azure_account())
        .ok_or("no AccountName= in the same connection string or file")?;
    let suffix = nearest_match(seen, azure_suffix()).unwrap_or_else(|| "core.windows.net".into());
    if !suffix.ends_with("core.windows.net")
        && !suffix.ends_with("core.chinacloudapi.cn")
        && !suffix.ends_with("core.usgovcloudapi.net")
    {
        return Err("a storage endpoint outside Azure's public clouds");
    }
    Ok(Material {
        token: key.to_string(),
        second: None,
        place: Some(format!("{account}.blob.{suffix}")),
        third: None,
    })
}

fn azure_request(m: &Material, now: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    let account = host.split('.').next()?;
    let date = crate::sign::rfc1123(now);
    let version = "2021-08-06";
    let auth = crate::sign::azure_shared_key(
        account,
        &m.token,
        "/",
        &[("x-ms-date", &date), ("x-ms-version", version)],
        &[("comp", "properties"), ("restype", "service")],
    )?;
    Some(
        Request::get(format!("https://{host}/?restype=service&comp=properties"))
            .header("x-ms-date", date)
            .header("x-ms-version", version)
            .header("Authorization", auth),
    )
}

// --- Simple token providers ----------------------------------------------------------------

fn gcp_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get(format!(
        "https://oauth2.googleapis.com/tokeninfo?access_token={}",
        m.token
    )))
}

fn gcp_judge(status: u16, body: &[u8]) -> Option<Reading> {
    (status == 400
        && (contains(body, b"invalid_token").is_some()
            || contains(body, b"invalid_request").is_some()))
    .then_some((
        State::Invalid,
        "Google does not know the token (expired or revoked)",
    ))
}

fn github_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://api.github.com/user")
            .bearer(&m.token)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "tollgate-validate"),
    )
}

fn github_judge(status: u16, _: &[u8]) -> Option<Reading> {
    // 403 from GitHub is a rate limit or a policy, not a bad token (that is 401).
    (status == 403).then_some((
        State::Unknown,
        "refused for rate or policy, not for the token",
    ))
}

fn gitlab_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    // A self-managed instance named in the file is where its token belongs; gitlab.com
    // otherwise.
    m.place = nearest_match(seen, gitlab_host());
    Ok(m)
}

fn gitlab_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref().unwrap_or("gitlab.com");
    Some(
        Request::get(format!("https://{host}/api/v4/personal_access_tokens/self"))
            .header("PRIVATE-TOKEN", m.token.clone()),
    )
}

fn slack_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::post("https://slack.com/api/auth.test", "").bearer(&m.token))
}

fn slack_judge(status: u16, body: &[u8]) -> Option<Reading> {
    if status != 200 {
        return None;
    }
    let has = |s: &[u8]| contains(body, s).is_some();
    if has(b"\"ok\":true") || has(b"\"ok\": true") {
        return Some((State::Live, "auth.test accepted it"));
    }
    for e in [
        &b"invalid_auth"[..],
        b"not_authed",
        b"account_inactive",
        b"token_revoked",
        b"token_expired",
    ] {
        if has(e) {
            return Some((State::Invalid, "auth.test refused it"));
        }
    }
    Some((State::Unknown, "an answer that does not tell"))
}

fn stripe_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.stripe.com/v1/balance").bearer(&m.token))
}

fn adyen_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    let test = contains(seen.content, b"-test.adyen.com").is_some()
        || contains(seen.content, b"Environment.TEST").is_some();
    m.place = Some(
        if test {
            "management-test.adyen.com"
        } else {
            "management-live.adyen.com"
        }
        .into(),
    );
    Ok(m)
}

fn adyen_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    Some(Request::get(format!("https://{host}/v3/me")).header("X-API-Key", m.token.clone()))
}

fn twilio_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let token = text(seen.value)?;
    let sid = nearest_match(seen, twilio_sid())
        .ok_or("no Twilio account SID (AC...) in the same file")?;
    Ok(Material {
        token: sid,
        second: Some(token.to_string()),
        place: None,
        third: None,
    })
}

fn twilio_request(m: &Material, _: i64) -> Option<Request> {
    // The SID's hex is lower case; its prefix is `AC`.
    let sid = format!("AC{}", m.token.get(2..)?.to_ascii_lowercase());
    Some(
        Request::get(format!(
            "https://api.twilio.com/2010-04-01/Accounts/{sid}.json"
        ))
        .basic(&sid, m.second.as_deref()?),
    )
}

fn sendgrid_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.sendgrid.com/v3/scopes").bearer(&m.token))
}

fn datadog_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    m.place = Some(nearest_match(seen, datadog_site()).unwrap_or_else(|| "datadoghq.com".into()));
    Ok(m)
}

fn datadog_request(m: &Material, _: i64) -> Option<Request> {
    let site = m.place.as_deref()?;
    Some(
        Request::get(format!("https://api.{site}/api/v1/validate"))
            .header("DD-API-KEY", m.token.clone()),
    )
}

fn npm_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://registry.npmjs.org/-/whoami").bearer(&m.token))
}

fn okta_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    m.place = Some(
        nearest_match(seen, okta_domain()).ok_or("no Okta domain (*.okta.com) in the same file")?,
    );
    Ok(m)
}

fn okta_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    Some(
        Request::get(format!("https://{host}/api/v1/users/me"))
            .header("Authorization", format!("SSWS {}", m.token))
            .header("Accept", "application/json"),
    )
}

fn mailgun_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    let eu = contains(seen.content, b"api.eu.mailgun.net").is_some();
    m.place = Some(
        if eu {
            "api.eu.mailgun.net"
        } else {
            "api.mailgun.net"
        }
        .into(),
    );
    Ok(m)
}

fn mailgun_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    Some(Request::get(format!("https://{host}/v3/domains?limit=1")).basic("api", &m.token))
}

fn mailchimp_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let v = text(seen.value)?;
    let dc = v.rsplit_once('-').map(|(_, dc)| dc).unwrap_or("");
    if dc.len() < 3 || !dc.starts_with("us") || !dc[2..].bytes().all(|b| b.is_ascii_digit()) {
        return Err("no data centre suffix (-usN) on the key");
    }
    let mut m = Material::of(v);
    m.place = Some(dc.to_string());
    Ok(m)
}

fn mailchimp_request(m: &Material, _: i64) -> Option<Request> {
    let dc = m.place.as_deref()?;
    Some(
        Request::get(format!("https://{dc}.api.mailchimp.com/3.0/ping"))
            .basic("tollgate", &m.token),
    )
}

fn openai_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.openai.com/v1/models").bearer(&m.token))
}

fn anthropic_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://api.anthropic.com/v1/models")
            .header("x-api-key", m.token.clone())
            .header("anthropic-version", "2023-06-01"),
    )
}

fn huggingface_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://huggingface.co/api/whoami-v2").bearer(&m.token))
}

fn digitalocean_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.digitalocean.com/v2/account").bearer(&m.token))
}

fn heroku_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://api.heroku.com/account")
            .bearer(&m.token)
            .header("Accept", "application/vnd.heroku+json; version=3"),
    )
}

fn cloudflare_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.cloudflare.com/client/v4/user/tokens/verify").bearer(&m.token))
}

fn cloudflare_judge(status: u16, body: &[u8]) -> Option<Reading> {
    (status == 200 && contains(body, b"\"active\"").is_none())
        .then_some((State::Invalid, "the token exists but is not active"))
}

fn discord_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://discord.com/api/v10/users/@me")
            .header("Authorization", format!("Bot {}", m.token))
            .header(
                "User-Agent",
                "DiscordBot (https://github.com/tollgate, 1) tollgate-validate",
            ),
    )
}

fn telegram_request(m: &Material, _: i64) -> Option<Request> {
    // Telegram takes the token only in the path; the URL reaches curl on its standard input.
    Some(Request::get(format!(
        "https://api.telegram.org/bot{}/getMe",
        m.token
    )))
}

fn telegram_judge(status: u16, _: &[u8]) -> Option<Reading> {
    (status == 404).then_some((State::Invalid, "Telegram knows no bot by this token"))
}

fn sentry_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let v = text(seen.value)?;
    let mut m = Material::of(v);
    // An organization token carries its instance's URL; a self-hosted one is checked there.
    if let Some(payload) = v.strip_prefix("sntrys_") {
        use base64::Engine;
        let body = payload.split('_').next().unwrap_or("");
        let json = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(body.trim_end_matches('='))
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let url = json
            .split("\"url\":\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("https://sentry.io");
        let host = url
            .strip_prefix("https://")
            .ok_or("the token names an instance that is not https")?
            .trim_end_matches('/');
        if host.is_empty() || host.contains(['/', '@', '?', '#', ' ']) {
            return Err("the token names an instance that is not a host");
        }
        m.place = Some(host.to_string());
    }
    Ok(m)
}

fn sentry_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref().unwrap_or("sentry.io");
    Some(Request::get(format!("https://{host}/api/0/organizations/")).bearer(&m.token))
}

fn pagerduty_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://api.pagerduty.com/abilities")
            .header("Authorization", format!("Token token={}", m.token))
            .header("Accept", "application/vnd.pagerduty+json;version=2"),
    )
}

fn notion_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::get("https://api.notion.com/v1/users/me")
            .bearer(&m.token)
            .header("Notion-Version", "2022-06-28"),
    )
}

fn postman_request(m: &Material, _: i64) -> Option<Request> {
    Some(Request::get("https://api.getpostman.com/me").header("X-Api-Key", m.token.clone()))
}

fn square_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    let sandbox = contains(seen.content, b"squareupsandbox").is_some();
    m.place = Some(
        if sandbox {
            "connect.squareupsandbox.com"
        } else {
            "connect.squareup.com"
        }
        .into(),
    );
    Ok(m)
}

fn square_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    Some(
        Request::get(format!("https://{host}/v2/locations"))
            .bearer(&m.token)
            .header("Square-Version", "2024-01-18"),
    )
}

fn shopify_prepare(seen: &Seen<'_>) -> Result<Material, &'static str> {
    let mut m = Material::of(text(seen.value)?);
    m.place = Some(
        nearest_match(seen, shop_domain())
            .ok_or("no shop domain (*.myshopify.com) in the same file")?,
    );
    Ok(m)
}

fn shopify_request(m: &Material, _: i64) -> Option<Request> {
    let host = m.place.as_deref()?;
    Some(
        Request::get(format!("https://{host}/admin/api/2024-01/shop.json"))
            .header("X-Shopify-Access-Token", m.token.clone()),
    )
}

fn linear_request(m: &Material, _: i64) -> Option<Request> {
    Some(
        Request::post(
            "https://api.linear.app/graphql",
            r#"{"query":"{ viewer { id } }"}"#,
        )
        .header("Authorization", m.token.clone())
        .header("Content-Type", "application/json"),
    )
}

fn linear_judge(status: u16, body: &[u8]) -> Option<Reading> {
    let has = |s: &[u8]| contains(body, s).is_some();
    if has(b"AUTHENTICATION_ERROR") || has(b"Authentication required") {
        return Some((State::Invalid, "Linear refused it"));
    }
    match status {
        200 if has(b"\"viewer\"") => Some((State::Live, "Linear named the viewer")),
        200 => Some((State::Unknown, "an answer that does not tell")),
        _ => None,
    }
}

macro_rules! provider {
    ($name:expr, $rules:expr, $endpoint:expr, $prepare:expr, $request:expr, $judge:expr) => {
        Provider {
            name: $name,
            rules: $rules,
            endpoint: $endpoint,
            prepare: $prepare,
            request: $request,
            judge: $judge,
        }
    };
}

/// Every provider, each with the rules it checks.
pub const PROVIDERS: &[Provider] = &[
    provider!("AWS STS", &["aws-access-key-id", "aws-temporary-access-key-id", "aws-secret-access-key"],
        "POST https://sts.amazonaws.com/ (GetCallerIdentity, SigV4-signed)", aws_prepare, aws_request, aws_judge),
    provider!("Azure Storage", &["azure-storage-account-key"],
        "GET https://{account}.blob.core.windows.net/?restype=service&comp=properties (Shared Key)", azure_prepare, azure_request, none),
    provider!("Google OAuth", &["gcp-oauth-access-token"],
        "GET https://oauth2.googleapis.com/tokeninfo?access_token=...", token_only, gcp_request, gcp_judge),
    provider!("GitHub", &["github-personal-access-token", "github-fine-grained-token", "github-oauth-token", "github-app-user-token"],
        "GET https://api.github.com/user", token_only, github_request, github_judge),
    provider!("GitLab", &["gitlab-personal-access-token"],
        "GET https://gitlab.com/api/v4/personal_access_tokens/self (or the GitLab host named in the file)", gitlab_prepare, gitlab_request, none),
    provider!("Slack", &["slack-bot-token", "slack-user-token"],
        "POST https://slack.com/api/auth.test", token_only, slack_request, slack_judge),
    provider!("Stripe", &["stripe-secret-key", "stripe-restricted-key", "stripe-test-secret-key"],
        "GET https://api.stripe.com/v1/balance", token_only, stripe_request, forbidden_is_live),
    provider!("Adyen", &["adyen-api-key"],
        "GET https://management-live.adyen.com/v3/me (management-test when the file names Adyen's test environment)", adyen_prepare, adyen_request, none),
    provider!("Twilio", &["twilio-auth-token"],
        "GET https://api.twilio.com/2010-04-01/Accounts/{AC...}.json", twilio_prepare, twilio_request, none),
    provider!("SendGrid", &["sendgrid-api-key"],
        "GET https://api.sendgrid.com/v3/scopes", token_only, sendgrid_request, none),
    provider!("Datadog", &["datadog-api-key"],
        "GET https://api.datadoghq.com/api/v1/validate (or the Datadog site named in the file)", datadog_prepare, datadog_request, none),
    provider!("npm", &["npm-access-token"],
        "GET https://registry.npmjs.org/-/whoami", token_only, npm_request, none),
    provider!("Okta", &["okta-api-token"],
        "GET https://{org}.okta.com/api/v1/users/me", okta_prepare, okta_request, none),
    provider!("Mailgun", &["mailgun-api-key"],
        "GET https://api.mailgun.net/v3/domains?limit=1 (api.eu.mailgun.net when the file names it)", mailgun_prepare, mailgun_request, none),
    provider!("Mailchimp", &["mailchimp-api-key"],
        "GET https://{dc}.api.mailchimp.com/3.0/ping", mailchimp_prepare, mailchimp_request, none),
    provider!("OpenAI", &["openai-api-key"],
        "GET https://api.openai.com/v1/models", token_only, openai_request, none),
    provider!("Anthropic", &["anthropic-api-key"],
        "GET https://api.anthropic.com/v1/models", token_only, anthropic_request, none),
    provider!("Hugging Face", &["huggingface-token", "huggingface-org-token"],
        "GET https://huggingface.co/api/whoami-v2", token_only, huggingface_request, none),
    provider!("DigitalOcean", &["digitalocean-token"],
        "GET https://api.digitalocean.com/v2/account", token_only, digitalocean_request, none),
    provider!("Heroku", &["heroku-api-key"],
        "GET https://api.heroku.com/account", token_only, heroku_request, none),
    provider!("Cloudflare", &["cloudflare-api-token"],
        "GET https://api.cloudflare.com/client/v4/user/tokens/verify", token_only, cloudflare_request, cloudflare_judge),
    provider!("Discord", &["discord-bot-token"],
        "GET https://discord.com/api/v10/users/@me", token_only, discord_request, none),
    provider!("Telegram", &["telegram-bot-token"],
        "GET https://api.telegram.org/bot{token}/getMe", token_only, telegram_request, telegram_judge),
    provider!("Sentry", &["sentry-auth-token"],
        "GET https://sentry.io/api/0/organizations/ (or the instance an organization token names)", sentry_prepare, sentry_request, forbidden_is_live),
    provider!("PagerDuty", &["pagerduty-api-key"],
        "GET https://api.pagerduty.com/abilities", token_only, pagerduty_request, none),
    provider!("Notion", &["notion-integration-token"],
        "GET https://api.notion.com/v1/users/me", token_only, notion_request, none),
    provider!("Postman", &["postman-api-key"],
        "GET https://api.getpostman.com/me", token_only, postman_request, none),
    provider!("Square", &["square-access-token"],
        "GET https://connect.squareup.com/v2/locations (the sandbox host when the file names it)", square_prepare, square_request, none),
    provider!("Shopify", &["shopify-access-token"],
        "GET https://{shop}.myshopify.com/admin/api/2024-01/shop.json", shopify_prepare, shopify_request, none),
    provider!("Linear", &["linear-api-key"],
        "POST https://api.linear.app/graphql ({ viewer { id } }, a read)", token_only, linear_request, linear_judge),
];

/// The provider that checks rule `slug`.
pub fn for_rule(slug: &str) -> Option<(usize, &'static Provider)> {
    PROVIDERS
        .iter()
        .enumerate()
        .find(|(_, p)| p.rules.contains(&slug))
}
