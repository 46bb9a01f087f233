//! `tollgate scan --validate`: each found credential of a supported provider checked by
//! one read-only request, here against servers this test starts on 127.0.0.1 (the base
//! URL override), or a local proxy (the proxy test). Nothing reaches the internet.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod common;
use common::*;

/// One request the fake provider received.
#[derive(Clone, Debug)]
struct Hit {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Hit {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Everything a credential can travel in: target, headers (Basic decoded), body.
    fn material(&self) -> String {
        use base64::Engine;
        let mut m = format!("{} {}\n{}", self.target, self.body, "");
        for (k, v) in &self.headers {
            m.push_str(&format!("{k}: {v}\n"));
            if let Some(b) = v.strip_prefix("Basic ") {
                if let Ok(d) = base64::engine::general_purpose::STANDARD.decode(b) {
                    m.push_str(&String::from_utf8_lossy(&d));
                    m.push('\n');
                }
            }
        }
        m
    }
}

enum Reply {
    Answer(u16, String),
    Hang,
}

/// A fake provider (or proxy) on 127.0.0.1 that records every request.
struct Fake {
    base: String,
    port: u16,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Fake {
    fn start(reply: impl Fn(&Hit) -> Reply + Send + Sync + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (h, reply) = (hits.clone(), Arc::new(reply));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let (h, reply) = (h.clone(), reply.clone());
                std::thread::spawn(move || {
                    let mut r = BufReader::new(s.try_clone().unwrap());
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut parts = line.split_whitespace();
                    let method = parts.next().unwrap_or("").to_string();
                    let target = parts.next().unwrap_or("").to_string();
                    let mut headers = Vec::new();
                    loop {
                        let mut l = String::new();
                        if r.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = l.trim_end().split_once(':') {
                            headers.push((k.trim().to_string(), v.trim().to_string()));
                        }
                    }
                    let len: usize = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; len];
                    let _ = r.read_exact(&mut body);
                    let hit = Hit {
                        method,
                        target,
                        headers,
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    h.lock().unwrap().push(hit.clone());
                    match reply(&hit) {
                        Reply::Hang => std::thread::sleep(Duration::from_secs(30)),
                        Reply::Answer(code, body) => {
                            let _ = write!(
                                s,
                                "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                        }
                    }
                });
            }
        });
        Fake {
            base: format!("http://{addr}"),
            port: addr.port(),
            hits,
        }
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

/// A body every provider's reading takes as success.
const OK_BODY: &str = r#"{"ok":true,"status":"active","data":{"viewer":{"id":"u1"}},"GetCallerIdentityResult":{"Account":"1"}}"#;

/// Random text from `alphabet`, from a generator seeded per call (no value is written
/// in this file).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn of(&mut self, alphabet: &str, n: usize) -> String {
        let a: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize])
            .collect()
    }
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const UPPER32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";

/// One credential of `rule` in a file: (file content, the values that must reach the
/// provider, the provider's name). `marker` goes where a file names a place.
fn credential(rule: &str, g: &mut Gen, marker: &str) -> (String, Vec<String>, &'static str) {
    match rule {
        "aws-access-key-id" => {
            let id = format!("AKIA{}", g.of(UPPER32, 16));
            let secret = g.of(&format!("{ALNUM}/+"), 40);
            (
                format!("aws_access_key_id = {id}\naws_secret_access_key = {secret}\n"),
                vec![id, secret],
                "AWS STS",
            )
        }
        "azure-storage-account-key" => {
            let bytes: Vec<u8> = (0..64).map(|_| g.next() as u8).collect();
            let key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes);
            let acct = format!("{marker}acct");
            (
                format!("AZ=DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net\n"),
                vec![acct, key],
                "Azure Storage",
            )
        }
        "gcp-oauth-access-token" => one(
            format!("ya29.{}", g.of(ALNUM, 60)),
            "token = ",
            "Google OAuth",
        ),
        "github-personal-access-token" => {
            one(format!("ghp_{}", g.of(ALNUM, 36)), "GH = ", "GitHub")
        }
        "gitlab-personal-access-token" => {
            one(format!("glpat-{}", g.of(ALNUM, 20)), "GL = ", "GitLab")
        }
        "slack-bot-token" => one(
            format!(
                "xoxb-{}-{}-{}",
                g.of(DIGITS, 11),
                g.of(DIGITS, 12),
                g.of(ALNUM, 24)
            ),
            "SLACK = ",
            "Slack",
        ),
        "stripe-secret-key" => one(
            format!("sk_{}_{}", "live", g.of(ALNUM, 30)),
            "STRIPE = ",
            "Stripe",
        ),
        "adyen-api-key" => one(
            format!("AQE{}", g.of(ALNUM, 80)),
            "adyen_api_key = ",
            "Adyen",
        ),
        "twilio-auth-token" => {
            let sid = format!("AC{}", g.of(HEX, 32));
            let token = g.of(HEX, 32);
            (
                format!("twilio_account_sid = {sid}\ntwilio_auth_token = {token}\n"),
                vec![sid, token],
                "Twilio",
            )
        }
        "sendgrid-api-key" => one(
            format!("SG.{}.{}", g.of(ALNUM, 22), g.of(ALNUM, 43)),
            "SG = ",
            "SendGrid",
        ),
        "datadog-api-key" => one(g.of(HEX, 32), "datadog_api_key = ", "Datadog"),
        "npm-access-token" => one(format!("npm_{}", g.of(ALNUM, 36)), "NPM = ", "npm"),
        "okta-api-token" => {
            let t = format!("00{}", g.of(ALNUM, 40));
            (
                format!("okta_org = {marker}.okta.com\nokta_api_token = {t}\n"),
                vec![t],
                "Okta",
            )
        }
        "mailgun-api-key" => one(format!("key-{}", g.of(HEX, 32)), "MG = ", "Mailgun"),
        "mailchimp-api-key" => one(format!("{}-us6", g.of(HEX, 32)), "MC = ", "Mailchimp"),
        "openai-api-key" => one(
            format!("sk-proj-{}T3BlbkFJ{}", g.of(ALNUM, 24), g.of(ALNUM, 24)),
            "OPENAI = ",
            "OpenAI",
        ),
        "anthropic-api-key" => one(
            format!("sk-ant-api03-{}AA", g.of(ALNUM, 93)),
            "ANTHROPIC = ",
            "Anthropic",
        ),
        "huggingface-token" => one(format!("hf_{}", g.of(LETTERS, 34)), "HF = ", "Hugging Face"),
        "digitalocean-token" => one(format!("dop_v1_{}", g.of(HEX, 64)), "DO = ", "DigitalOcean"),
        "heroku-api-key" => one(format!("HRKU-{}", g.of(ALNUM, 60)), "HEROKU = ", "Heroku"),
        "cloudflare-api-token" => one(g.of(ALNUM, 40), "cloudflare_api_token = ", "Cloudflare"),
        "discord-bot-token" => one(
            format!(
                "M{}.{}.{}",
                g.of(ALNUM, 23),
                g.of(ALNUM, 6),
                g.of(ALNUM, 30)
            ),
            "discord_bot_token = ",
            "Discord",
        ),
        "telegram-bot-token" => one(
            format!("{}:AA{}", g.of(DIGITS, 9), g.of(ALNUM, 33)),
            "TG = ",
            "Telegram",
        ),
        "sentry-auth-token" => one(format!("sntryu_{}", g.of(HEX, 64)), "SENTRY = ", "Sentry"),
        "pagerduty-api-key" => one(g.of(ALNUM, 20), "pagerduty_api_key = ", "PagerDuty"),
        "notion-integration-token" => one(
            format!("ntn_{}{}", g.of(DIGITS, 11), g.of(ALNUM, 35)),
            "NOTION = ",
            "Notion",
        ),
        "postman-api-key" => one(
            format!("PMAK-{}-{}", g.of(HEX, 24), g.of(HEX, 34)),
            "PM = ",
            "Postman",
        ),
        "square-access-token" => one(format!("EAAA{}", g.of(ALNUM, 60)), "SQUARE = ", "Square"),
        "shopify-access-token" => {
            let t = format!("shpat_{}", g.of(HEX, 32));
            (
                format!("shop = {marker}.myshopify.com\nSHOPIFY = {t}\n"),
                vec![t],
                "Shopify",
            )
        }
        "linear-api-key" => one(
            format!("lin_api_{}", g.of(ALNUM, 40)),
            "LINEAR = ",
            "Linear",
        ),
        other => panic!("no case for {other}"),
    }
}

fn one(v: String, prefix: &str, provider: &'static str) -> (String, Vec<String>, &'static str) {
    (format!("{prefix}{v}\n"), vec![v], provider)
}

/// One rule per provider.
const RULES: &[&str] = &[
    "aws-access-key-id",
    "azure-storage-account-key",
    "gcp-oauth-access-token",
    "github-personal-access-token",
    "gitlab-personal-access-token",
    "slack-bot-token",
    "stripe-secret-key",
    "adyen-api-key",
    "twilio-auth-token",
    "sendgrid-api-key",
    "datadog-api-key",
    "npm-access-token",
    "okta-api-token",
    "mailgun-api-key",
    "mailchimp-api-key",
    "openai-api-key",
    "anthropic-api-key",
    "huggingface-token",
    "digitalocean-token",
    "heroku-api-key",
    "cloudflare-api-token",
    "discord-bot-token",
    "telegram-bot-token",
    "sentry-auth-token",
    "pagerduty-api-key",
    "notion-integration-token",
    "postman-api-key",
    "square-access-token",
    "shopify-access-token",
    "linear-api-key",
];

/// The binary with validation pointed at `base` and no proxy from the caller.
fn validate_cmd(dir: &Path, base: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut c = command(dir);
    for v in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        c.env_remove(v);
    }
    match base {
        Some(b) => c.env("TOLLGATE_VALIDATE_BASE_URL", b),
        None => c.env_remove("TOLLGATE_VALIDATE_BASE_URL"),
    };
    c.args(["scan", ".", "--no-progress"])
        .args(args)
        .output()
        .unwrap()
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

fn validation_of<'a>(
    report: &'a serde_json::Value,
    path: &str,
    rule: &str,
) -> Option<&'a serde_json::Value> {
    report["findings"]
        .as_array()?
        .iter()
        .find(|f| f["location"]["path"] == path && f["rule_id"] == format!("secrets/{rule}"))
        .map(|f| &f["subject"]["validation"])
}

fn tree_of(files: &[(String, String)]) -> tempfile::TempDir {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    tree(&borrowed)
}

/// Good and bad credentials for every provider: (tree files, good values, every value).
fn provider_tree() -> (Vec<(String, String)>, Vec<String>, Vec<String>) {
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let (mut files, mut good, mut all) = (Vec::new(), Vec::new(), Vec::new());
    for rule in RULES {
        let (content, values, _) = credential(rule, &mut g, "goodco");
        files.push((format!("good/{rule}.env"), content));
        // The first value names the credential (the AWS key id, the Azure account).
        good.push(values[0].clone());
        all.extend(values);
        let (content, values, _) = credential(rule, &mut g, "badco");
        files.push((format!("bad/{rule}.env"), content));
        all.extend(values);
    }
    (files, good, all)
}

/// A fake that accepts exactly the good values, and checks the AWS and Azure signatures' shape.
fn provider_fake(good: Vec<String>) -> Fake {
    let aws = regex::Regex::new(
        r"^AWS4-HMAC-SHA256 Credential=(AKIA[A-Z2-7]{16})/\d{8}/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$",
    )
    .unwrap();
    let azure = regex::Regex::new(r"^SharedKey ([a-z0-9]+):[A-Za-z0-9+/]{43}=$").unwrap();
    Fake::start(move |h| {
        let auth = h.header("Authorization").unwrap_or("");
        if auth.starts_with("AWS4") {
            let Some(c) = aws.captures(auth) else {
                return Reply::Answer(400, "bad shape".into());
            };
            let signed = h.header("X-Amz-Date").is_some_and(|d| d.len() == 16)
                && h.body == "Action=GetCallerIdentity&Version=2011-06-15"
                && h.method == "POST";
            if !signed {
                return Reply::Answer(400, "bad request".into());
            }
            return if good.iter().any(|g| g == &c[1]) {
                Reply::Answer(200, OK_BODY.into())
            } else {
                Reply::Answer(403, "<Code>InvalidClientTokenId</Code>".into())
            };
        }
        if auth.starts_with("SharedKey") {
            let ok = azure
                .captures(auth)
                .is_some_and(|c| good.iter().any(|g| g == &c[1]))
                && h.header("x-ms-date").is_some()
                && h.target == "/?restype=service&comp=properties";
            return if ok {
                Reply::Answer(200, "<StorageServiceProperties/>".into())
            } else {
                Reply::Answer(403, "AuthenticationFailed".into())
            };
        }
        let m = h.material();
        if good.iter().any(|g| m.contains(g.as_str())) {
            Reply::Answer(200, OK_BODY.into())
        } else {
            Reply::Answer(401, r#"{"ok":false,"error":"invalid_auth"}"#.into())
        }
    })
}

#[test]
fn each_provider_live_for_a_good_value_and_invalid_for_a_bad_one() {
    let (files, good, all) = provider_tree();
    let d = tree_of(&files);
    let fake = provider_fake(good);
    let o = validate_cmd(d.path(), Some(&fake.base), &["--validate", "-f", "json"]);
    let report = json_of(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("TOLLGATE_VALIDATE_BASE_URL is set"),
        "{stderr}"
    );
    let mut g = Gen(1);
    for rule in RULES {
        let (_, _, provider) = credential(rule, &mut g, "x");
        for (dir, want) in [("good", "live"), ("bad", "invalid")] {
            let path = format!("{dir}/{rule}.env");
            let v = validation_of(&report, &path, rule)
                .unwrap_or_else(|| panic!("no {rule} finding in {path}: {}", text(&o)));
            assert_eq!(v["state"], want, "{path}: {v}");
            assert_eq!(v["provider"], provider, "{path}: {v}");
            assert_eq!(
                v["checked_at"], "2026-11-21T00:00:00Z",
                "SOURCE_DATE_EPOCH pins it"
            );
            assert!(v["status"].is_u64(), "{path}: {v}");
        }
        let f = findings(&report)
            .into_iter()
            .find(|f| {
                f["location"]["path"] == format!("good/{rule}.env")
                    && f["rule_id"] == format!("secrets/{rule}")
            })
            .unwrap();
        assert_eq!(
            f["confidence"], "high",
            "a live credential is high confidence"
        );
    }
    // Each provider was asked for both: one request per distinct credential.
    assert_eq!(fake.hits().len(), RULES.len() * 2, "{:#?}", fake.hits());
    // Nothing the binary printed shows a test secret beyond its first 4 characters.
    assert_hidden("stderr", &o.stderr, &all);
    assert_hidden("json", &o.stdout, &all);
    // The AWS key id and its secret are two findings of one credential: one request.
    assert!(
        stderr.contains("validation: 31 live, 31 invalid, 0 unknown (60 requests sent)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("validated against {} instead", fake.base)),
        "{stderr}"
    );
}

/// Fails when anything after a secret's first four characters is in `bytes`.
fn assert_hidden(what: &str, bytes: &[u8], secrets: &[String]) {
    let text = String::from_utf8_lossy(bytes);
    for s in secrets.iter().filter(|s| s.len() > 12) {
        assert!(
            !text.contains(&s[4..]),
            "{what} shows a secret ({}…):\n{text}",
            &s[..4]
        );
    }
}

#[test]
fn no_report_format_or_stderr_shows_a_validated_secret() {
    let (files, good, all) = provider_tree();
    let d = tree_of(&files);
    let fake = provider_fake(good);
    for &format in tollgate_report::Format::NAMES {
        let o = validate_cmd(d.path(), Some(&fake.base), &["--validate", "-f", format]);
        assert_hidden(&format!("-f {format} stdout"), &o.stdout, &all);
        assert_hidden(&format!("-f {format} stderr"), &o.stderr, &all);
    }
    // The formats that show secret findings show the validation and the revoke page.
    for format in [
        "text",
        "sarif",
        "junit",
        "markdown",
        "defectdojo",
        "gitlab-secret-detection",
    ] {
        let o = validate_cmd(d.path(), Some(&fake.base), &["--validate", "-f", format]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains("validation: live (GitHub"),
            "-f {format}:\n{out}"
        );
        assert!(
            out.contains("validation: invalid (Stripe"),
            "-f {format}:\n{out}"
        );
        assert!(out.contains("still a leak"), "-f {format}:\n{out}");
    }
}

#[test]
fn without_the_flag_nothing_is_sent() {
    let (files, good, _) = provider_tree();
    let d = tree_of(&files);
    let fake = provider_fake(good);
    let o = validate_cmd(d.path(), Some(&fake.base), &["-f", "json"]);
    let report = json_of(&o);
    assert!(!findings(&report).is_empty());
    assert!(findings(&report)
        .iter()
        .all(|f| f["subject"].get("validation").is_none()));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"validation\""));
    // A configuration file cannot turn it on: `validate` is no setting.
    std::fs::write(
        d.path().join("tollgate.toml"),
        "[secrets]\nvalidate = true\n",
    )
    .unwrap();
    let _ = validate_cmd(d.path(), Some(&fake.base), &["-f", "json"]);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(fake.hits().len(), 0, "{:#?}", fake.hits());
}

#[test]
fn a_server_that_hangs_gives_unknown_after_the_timeout() {
    let mut g = Gen(7);
    let (content, values, _) = credential("github-personal-access-token", &mut g, "x");
    let d = tree(&[("app.env", content)]);
    let fake = Fake::start(|_| Reply::Hang);
    let started = std::time::Instant::now();
    let o = validate_cmd(
        d.path(),
        Some(&fake.base),
        &["--validate", "--validate-timeout", "2", "-f", "json"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let report = json_of(&o);
    let v = validation_of(&report, "app.env", "github-personal-access-token").unwrap();
    assert_eq!(v["state"], "unknown", "{v}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("no answer within 2 s"),
        "{v}"
    );
    assert_eq!(fake.hits().len(), 1);
    assert_hidden("stderr", &o.stderr, &values);
}

#[test]
fn server_errors_and_rate_limits_give_unknown() {
    for code in [500u16, 429, 503] {
        let mut g = Gen(11);
        let (content, _, _) = credential("stripe-secret-key", &mut g, "x");
        let d = tree(&[("pay.env", content)]);
        let fake = Fake::start(move |_| Reply::Answer(code, "{}".into()));
        let report = json_of(&validate_cmd(
            d.path(),
            Some(&fake.base),
            &["--validate", "-f", "json"],
        ));
        let v = validation_of(&report, "pay.env", "stripe-secret-key").unwrap();
        assert_eq!(v["state"], "unknown", "{code}: {v}");
        assert_eq!(v["status"], code, "{v}");
        assert_eq!(fake.hits().len(), 1, "no retry after {code}");
    }
}

#[test]
fn suppressed_findings_are_never_sent() {
    let mut g = Gen(13);
    let (_, ignored, _) = credential("github-personal-access-token", &mut g, "x");
    let (_, allowed, _) = credential("github-personal-access-token", &mut g, "x");
    let (_, sent, _) = credential("github-personal-access-token", &mut g, "x");
    let d = tree(&[
        ("a.env", format!("GH = {} # tollgate:ignore[secrets/github-personal-access-token] rotated test fixture\n", ignored[0])),
        ("b.env", format!("GH = {}\n", allowed[0])),
        ("c.env", format!("GH = {}\n", sent[0])),
        (
            "tollgate.toml",
            "[[rules.allowlist]]\nrules = [\"secrets/github-personal-access-token\"]\npaths = [\"b.env\"]\nreason = \"a canary token\"\n".to_string(),
        ),
    ]);
    let fake = Fake::start(|_| Reply::Answer(200, OK_BODY.into()));
    let o = validate_cmd(d.path(), Some(&fake.base), &["--validate", "-f", "json"]);
    let report = json_of(&o);
    let hits = fake.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}\n{}", text(&o));
    assert!(hits[0].material().contains(&sent[0]));
    for h in &hits {
        assert!(!h.material().contains(&ignored[0]) && !h.material().contains(&allowed[0]));
    }
    for p in ["a.env", "b.env"] {
        let f = findings(&report)
            .into_iter()
            .find(|f| f["location"]["path"] == p)
            .unwrap();
        assert!(f["suppression"].is_object(), "{f}");
        assert!(f["subject"].get("validation").is_none(), "{f}");
    }
    assert_eq!(
        validation_of(&report, "c.env", "github-personal-access-token").unwrap()["state"],
        "live"
    );
}

#[test]
fn the_same_value_in_two_files_is_sent_once() {
    let mut g = Gen(17);
    let (content, values, _) = credential("slack-bot-token", &mut g, "x");
    let d = tree(&[("one.env", content.clone()), ("two/other.env", content)]);
    let fake = Fake::start(|_| Reply::Answer(200, OK_BODY.into()));
    let report = json_of(&validate_cmd(
        d.path(),
        Some(&fake.base),
        &["--validate", "-f", "json"],
    ));
    assert_eq!(fake.hits().len(), 1, "{:#?}", fake.hits());
    assert!(fake.hits()[0].material().contains(&values[0]));
    for p in ["one.env", "two/other.env"] {
        assert_eq!(
            validation_of(&report, p, "slack-bot-token").unwrap()["state"],
            "live",
            "{p}"
        );
    }
}

#[test]
fn https_proxy_is_honoured_and_a_refused_tunnel_is_unknown() {
    let mut g = Gen(19);
    let (content, values, _) = credential("github-personal-access-token", &mut g, "x");
    let d = tree(&[("app.env", content)]);
    let proxy = Fake::start(|_| Reply::Answer(403, String::new()));
    let o = command(d.path())
        .env_remove("TOLLGATE_VALIDATE_BASE_URL")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{}", proxy.port))
        .env("https_proxy", format!("http://127.0.0.1:{}", proxy.port))
        .args(["scan", ".", "--no-progress", "--validate", "-f", "json"])
        .output()
        .unwrap();
    let report = json_of(&o);
    let hits = proxy.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].method, "CONNECT");
    assert_eq!(hits[0].target, "api.github.com:443");
    // The tunnel was refused: the token never left, in clear or otherwise.
    assert!(!hits[0].material().contains(&values[0]));
    let v = validation_of(&report, "app.env", "github-personal-access-token").unwrap();
    assert_eq!(v["state"], "unknown", "{v}");
    assert!(v.get("status").is_none(), "{v}");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("TOLLGATE_VALIDATE_BASE_URL"));
}

#[test]
fn without_curl_every_validation_is_unknown() {
    let mut g = Gen(23);
    let (content, _, _) = credential("npm-access-token", &mut g, "x");
    let d = tree(&[("app.env", content)]);
    let empty = tempfile::tempdir().unwrap();
    let o = command(d.path())
        .env("PATH", empty.path())
        .env("TOLLGATE_VALIDATE_BASE_URL", "http://127.0.0.1:9")
        .args(["scan", ".", "--no-progress", "--validate", "-f", "json"])
        .output()
        .unwrap();
    let report = json_of(&o);
    let v = validation_of(&report, "app.env", "npm-access-token").unwrap();
    assert_eq!(v["state"], "unknown", "{v}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("curl is not installed"),
        "{v}"
    );
}

#[test]
fn a_key_without_its_pair_is_unknown_and_nothing_is_sent() {
    let mut g = Gen(29);
    let id = format!("AKIA{}", g.of(UPPER32, 16));
    let d = tree(&[("keys.env", format!("aws_access_key_id = {id}\n"))]);
    let fake = Fake::start(|_| Reply::Answer(200, OK_BODY.into()));
    let report = json_of(&validate_cmd(
        d.path(),
        Some(&fake.base),
        &["--validate", "-f", "json"],
    ));
    let v = validation_of(&report, "keys.env", "aws-access-key-id").unwrap();
    assert_eq!(v["state"], "unknown");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("no AWS secret access key"),
        "{v}"
    );
    assert_eq!(fake.hits().len(), 0);
}

#[test]
fn git_history_validation_keeps_an_invalid_leak() {
    let mut g = Gen(31);
    let (content, values, _) = credential("github-personal-access-token", &mut g, "x");
    let d = tree(&[("README.md", "app\n".to_string())]);
    let root = d.path();
    common::git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("app.env"), content).unwrap();
    common::git(root, &["add", "."]);
    common::git(root, &["commit", "-qm", "add"]);
    common::git(root, &["rm", "-q", "app.env"]);
    common::git(root, &["commit", "-qm", "remove"]);
    let fake = Fake::start(|_| Reply::Answer(401, "{}".into()));
    let o = validate_cmd(
        root,
        Some(&fake.base),
        &["--git-history", "--validate", "-f", "json"],
    );
    let report = json_of(&o);
    let v = validation_of(&report, "app.env", "github-personal-access-token")
        .unwrap_or_else(|| panic!("{}", text(&o)));
    assert_eq!(v["state"], "invalid");
    assert_eq!(fake.hits().len(), 1);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a revoked key in history still fails the gate"
    );
    assert_hidden("stdout", &o.stdout, &values);
}

/// curl is given `-q --config -` and nothing else: the URL, headers and credential reach
/// it on standard input, never in its arguments (visible in `ps`).
#[test]
fn no_secret_is_on_curls_command_line() {
    let mut g = Gen(37);
    let (content, values, _) = credential("github-personal-access-token", &mut g, "x");
    let d = tree(&[("app.env", content)]);
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("log");
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{log}'; done\necho ---- >> '{log}'\n[ \"$1\" = --version ] && exit 0\ncat >> '{log}.stdin'\nprintf '{{}}\\n200'\n",
        log = log.display()
    );
    let curl = bin.path().join("curl");
    std::fs::write(&curl, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = command(d.path())
        .env("PATH", path)
        .env_remove("TOLLGATE_VALIDATE_BASE_URL")
        .args(["scan", ".", "--no-progress", "--validate", "-f", "json"])
        .output()
        .unwrap();
    let report = json_of(&o);
    let v = validation_of(&report, "app.env", "github-personal-access-token").unwrap();
    assert_eq!(v["state"], "live", "{v}");
    let args = std::fs::read_to_string(&log).unwrap();
    assert_eq!(args, "--version\n----\n-q\n--config\n-\n----\n");
    assert_hidden("curl's arguments", args.as_bytes(), &values);
    // What it read on standard input held the request.
    let stdin = std::fs::read_to_string(format!("{}.stdin", log.display())).unwrap();
    assert!(
        stdin.contains("url = \"https://api.github.com/user\""),
        "{stdin}"
    );
    assert!(stdin.contains(&format!("Authorization: Bearer {}", values[0])));
    assert!(stdin.contains("proto = \"=https\""));
}
