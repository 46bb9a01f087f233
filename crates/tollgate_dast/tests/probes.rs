//! The probes added after the first slice, each against its switch and its near miss: SSRF
//! (the URL stored, never fetched), JWT re-signing, expiry and weak secrets, NoSQL
//! operators (ignored by the clean API), user enumeration and rate limiting (the clean API
//! answers 429 after five failures).

mod support;
use support::{VulnApi, WEAK_KEY};
use tollgate_dast::{DastRun, Options};

fn run(api: &VulnApi, tweak: impl FnOnce(&mut Options)) -> DastRun {
    let mut o = matrix_options(api);
    tweak(&mut o);
    tollgate_dast::run(&o).expect("run")
}

fn matrix_options(api: &VulnApi) -> Options {
    let mut o = Options::new(&api.base());
    o.identities = vec![
        tollgate_dast::Identity::parse(&format!("alice=Bearer:{}", api.token("alice"))).unwrap(),
        tollgate_dast::Identity::parse(&format!("bob=Bearer:{}", api.token("bob"))).unwrap(),
    ];
    o.allow_unsafe_methods = true;
    o.known_user = Some("alice".into());
    o.rate = 2000.0;
    o
}

fn of<'a>(r: &'a DastRun, rule: &str) -> Vec<&'a tollgate_core::Finding> {
    r.findings
        .iter()
        .filter(|f| f.rule_id.as_str() == rule)
        .collect()
}

#[test]
fn ssrf_needs_the_canary_hit_not_just_an_accepted_url() {
    let api = VulnApi::with(&["ssrf"]);
    let r = run(&api, |_| {});
    let f = of(&r, "dast/server-side-request-forgery");
    assert_eq!(f.len(), 1, "{:?}", r.findings);
    assert!(
        f[0].message.contains("body callback_url"),
        "{}",
        f[0].message
    );
    let canary = r.canary.clone().expect("canary");
    assert!(canary.starts_with("127.0.0.1:"));
    assert!(!r.target.contains(&canary));
    // The near miss: the URL is accepted (201) and stored, never fetched.
    let api = VulnApi::with(&[]);
    let r = run(&api, |_| {});
    assert!(of(&r, "dast/server-side-request-forgery").is_empty());
    let canary = r.canary.clone().unwrap();
    assert!(api
        .hits()
        .iter()
        .any(|h| h.target == "/api/webhooks" && h.raw.contains(&canary)));
    // The client never sends to the canary itself.
    assert!(r
        .exchanges
        .iter()
        .all(|e| e.request.url.authority() != canary));
}

#[test]
fn passive_only_starts_no_canary() {
    let api = VulnApi::with(&["ssrf"]);
    let r = run(&api, |o| o.active = false);
    assert!(r.canary.is_none());
    assert!(of(&r, "dast/server-side-request-forgery").is_empty());
}

#[test]
fn weak_jwt_secret_is_found_offline_and_never_printed() {
    let api = VulnApi::with(&["jwt_weak"]);
    let r = run(&api, |_| {});
    let f = of(&r, "dast/jwt-weak-hmac-secret");
    // One per identity, on one operation.
    assert_eq!(f.len(), 2, "{:?}", r.findings);
    let all = serde_json::to_string(&r.findings).unwrap();
    assert!(!all.contains(WEAK_KEY), "{all}");
    // Expiry is enforced by this server: the expired copy signed with the found key fails.
    assert!(of(&r, "dast/jwt-expired-accepted").is_empty());
    // With a strong key no expired copy can be signed: none is sent.
    let api = VulnApi::with(&["jwt_expired"]);
    let r = run(&api, |_| {});
    assert!(!of(&r, "dast/jwt-expired-accepted").is_empty());
    assert!(sent_expired(&api));
    let api = VulnApi::with(&[]);
    let _ = run(&api, |_| {});
    assert!(!sent_expired(&api));
}

/// Whether the server received a token with `exp` in the past.
fn sent_expired(api: &VulnApi) -> bool {
    api.hits().iter().any(|h| {
        h.raw.lines().any(|l| {
            l.strip_prefix("Authorization: Bearer ")
                .and_then(tollgate_dast::jwt::Jwt::parse)
                .is_some_and(|t| t.payload.get("exp") == Some(&1_000_000_000u64.into()))
        })
    })
}

#[test]
fn resigned_token_needs_a_server_that_skips_verification() {
    let api = VulnApi::with(&["jwt_resign"]);
    let r = run(&api, |_| {});
    assert!(!of(&r, "dast/jwt-signature-not-verified").is_empty());
    let api = VulnApi::with(&[]);
    let r = run(&api, |_| {});
    assert!(of(&r, "dast/jwt-signature-not-verified").is_empty());
    assert!(api.hits().iter().any(|h| h.raw.contains("Bearer ")));
}

#[test]
fn nosql_operators_that_the_clean_api_ignores_are_not_findings() {
    let api = VulnApi::with(&["nosql"]);
    let r = run(&api, |_| {});
    let f = of(&r, "dast/nosql-operator-injection");
    let params: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert!(
        params.iter().any(|m| m.contains("query email")),
        "{params:?}"
    );
    assert!(
        params
            .iter()
            .any(|m| m.contains("every string field of the body")),
        "{params:?}"
    );
    let api = VulnApi::with(&[]);
    let r = run(&api, |_| {});
    assert!(of(&r, "dast/nosql-operator-injection").is_empty());
    assert!(api
        .hits()
        .iter()
        .any(|h| h.raw.contains("email%5B%24ne%5D=")));
}

#[test]
fn user_enumeration_needs_a_known_user() {
    let api = VulnApi::with(&["user_enum"]);
    let r = run(&api, |o| o.known_user = None);
    assert!(of(&r, "dast/user-enumeration").is_empty());
    assert!(r
        .unchecked
        .iter()
        .any(|u| u.reason.contains("no known user name")));
    let r = run(&VulnApi::with(&["user_enum"]), |_| {});
    assert_eq!(of(&r, "dast/user-enumeration").len(), 1);
}

#[test]
fn rate_limit_burst_is_bounded_and_needs_unsafe_methods() {
    let api = VulnApi::with(&["no_rate_limit"]);
    let r = run(&api, |o| o.login_attempts = 1_000_000);
    let f = of(&r, "dast/login-rate-limit-missing");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("100 wrong attempts"),
        "{}",
        f[0].message
    );
    let sent = api
        .hits()
        .iter()
        .filter(|h| h.raw.contains("tg-Wrong-passw0rd"))
        .count();
    assert!(sent <= 100 + 3, "{sent}");
    // The near miss: 429 after five failures.
    let api = VulnApi::with(&[]);
    let r = run(&api, |_| {});
    assert!(of(&r, "dast/login-rate-limit-missing").is_empty());
    // Without unsafe methods nothing is sent to the sign-in operation.
    let api = VulnApi::with(&["no_rate_limit"]);
    let r = run(&api, |o| o.allow_unsafe_methods = false);
    assert!(of(&r, "dast/login-rate-limit-missing").is_empty());
    assert!(!api.hits().iter().any(|h| h.target == "/api/session"));
    assert!(r
        .unchecked
        .iter()
        .any(|u| u.path == "POST /session" && u.reason.contains("--allow-unsafe-methods")));
}
