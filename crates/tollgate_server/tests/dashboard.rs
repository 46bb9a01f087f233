//! The dashboard over real HTTP: a server on a loopback port, a browser's requests made by
//! hand (cookies, forms, `Origin`), and what the pages say.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use support::{report, F};
use tollgate_core::Severity::{Critical, High, Low, Medium};
use tollgate_server::api::App;
use tollgate_server::auth::Role;
use tollgate_server::ingest::from_tollgate;
use tollgate_server::store::{NewProduct, Sla};
use tollgate_server::ServerConfig;

const DAY: i64 = 86_400;
const EVIL: &str = "<script>alert(1)</script>";

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The session id a `Set-Cookie` gave, if any (empty when it was cleared).
    fn session_cookie(&self) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| v.strip_prefix("tollgate_session="))
            .map(|v| v.split(';').next().unwrap_or("").to_string())
    }
    /// The first CSRF token in the page's forms.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field in {}", self.body));
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A running server with two products: `payments` (four findings on `main`, one with a
/// script in its title, one on `feature/x`) and `ledger` (one finding).
struct Fixture {
    addr: SocketAddr,
    app: Arc<App>,
    /// The server; it stops when the fixture goes.
    _running: support::Running,
    payments_finding: i64,
    ledger_finding: i64,
}

impl Fixture {
    fn start() -> Fixture {
        Fixture::start_with(|_| {})
    }

    fn start_with(configure: impl FnOnce(&mut ServerConfig)) -> Fixture {
        let running = support::Running::start(configure);
        let app = running.app.clone();
        let now = tollgate_core::time::now_unix();
        let mut ids = Vec::new();
        for name in ["payments", "ledger"] {
            ids.push(
                app.store
                    .create_product(
                        &NewProduct {
                            name: name.into(),
                            risk_tier: Some("critical".into()),
                            owner_team: Some("payments-platform".into()),
                            regulatory_scope: vec!["pci-dss".into()],
                        },
                        now - 30 * DAY,
                    )
                    .unwrap()
                    .id,
            );
        }
        let apply = |p: i64, branch: &str, r: &tollgate_core::ScanReport, at: i64| {
            let digest = tollgate_core::fingerprint::sha256_hex(&support::json(r));
            app.store
                .apply_scan(p, branch, &digest, &from_tollgate(r.clone()).unwrap(), at)
                .unwrap();
        };
        let mut r = report(
            &["secrets", "deps"],
            &[
                F(
                    "secrets/aws-access-key-id",
                    "config/prod.env",
                    "k1",
                    Critical,
                ),
                F("deps/vulnerable-package", "Cargo.lock", "v1", High),
                F("secrets/generic-api-key", "src/client.rs", "k2", Medium),
                F("secrets/slack-webhook", "docs/setup.md", "k3", Low),
            ],
            now - 20 * DAY,
            &[],
        );
        r.findings[2].title = format!("API key in {EVIL} & \"quotes\"");
        apply(ids[0], "main", &r, now - 20 * DAY);
        let fx = report(
            &["secrets"],
            &[F("secrets/aws-access-key-id", "feature.env", "k9", High)],
            now - 2 * DAY,
            &[],
        );
        apply(ids[0], "feature/x", &fx, now - 2 * DAY);
        let l = report(
            &["secrets"],
            &[F("secrets/aws-access-key-id", "ledger.env", "l1", High)],
            now - DAY,
            &[],
        );
        apply(ids[1], "main", &l, now - DAY);
        let id_of = |p: i64, path: &str| {
            let (fs, _) = app
                .store
                .findings(
                    p,
                    &tollgate_server::store::FindingFilter {
                        status: Some("all".into()),
                        ..Default::default()
                    },
                    &|_| Sla::default(),
                )
                .unwrap();
            fs.into_iter().find(|f| f.path == path).unwrap().id
        };
        let payments_finding = id_of(ids[0], "src/client.rs");
        let ledger_finding = id_of(ids[1], "ledger.env");

        Fixture {
            addr: running.addr,
            app,
            _running: running,
            payments_finding,
            ledger_finding,
        }
    }

    fn token(&self, name: &str, role: Role, product: Option<&str>) -> String {
        let product = product.map(|p| self.app.store.product(p).unwrap().unwrap().id);
        self.app
            .tokens
            .create(&self.app.store, name, role, product, 0)
            .unwrap()
    }

    fn get(&self, path: &str, session: &str) -> Reply {
        let cookie = format!("tollgate_session={session}");
        request(self.addr, "GET", path, &[("Cookie", &cookie)], "")
    }

    fn post(&self, path: &str, session: &str, body: &str, extra: &[(&str, &str)]) -> Reply {
        let cookie = format!("tollgate_session={session}");
        let mut h = vec![
            ("Cookie", cookie.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        h.extend_from_slice(extra);
        request(self.addr, "POST", path, &h, body)
    }

    /// Signs in as a browser would: the form (with its pending session), then the POST.
    /// Returns the new session id and its CSRF token.
    fn login(&self, token: &str) -> (String, String) {
        let page = request(self.addr, "GET", "/ui/login", &[], "");
        assert_eq!(page.status, 200);
        let pending = page
            .session_cookie()
            .expect("the login form starts a session");
        let r = self.post(
            "/ui/login",
            &pending,
            &form(&[("csrf", &page.csrf()), ("token", token)]),
            &[],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location"), Some("/ui/"));
        let session = r.session_cookie().unwrap();
        assert_ne!(session, pending, "signing in gives a new session id");
        assert!(
            self.get("/ui/", &pending).status == 303,
            "the pending id is over"
        );
        let home = self.get("/ui/", &session);
        assert_eq!(home.status, 200, "{}", home.body);
        let csrf = home.csrf();
        (session, csrf)
    }

    fn status_of(&self, id: i64) -> String {
        self.app
            .store
            .finding(id, &|_| Sla::default())
            .unwrap()
            .unwrap()
            .0
            .status
    }

    fn ledger_size(&self, product: &str) -> u64 {
        let dir = self.app.ledgers.product_dir(product);
        match tollgate_ledger::Ledger::open(&dir, None) {
            Ok(l) => l.size(),
            Err(_) => 0,
        }
    }
}

#[test]
fn signing_in_shows_the_pages_and_signing_out_ends_the_session() {
    let fx = Fixture::start();
    // Without a session, pages send the browser to the login form.
    let r = request(fx.addr, "GET", "/ui/", &[], "");
    assert_eq!((r.status, r.header("location")), (303, Some("/ui/login")));
    let r = request(fx.addr, "GET", "/", &[], "");
    assert_eq!((r.status, r.header("location")), (303, Some("/ui/")));

    let login = request(fx.addr, "GET", "/ui/login", &[], "");
    let cookie = login
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("tollgate_session="))
        .map(|(_, v)| v.clone())
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP without the setting");
    let csp = login.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    // Behind a TLS proxy the cookie is Secure.
    let tls = request(
        fx.addr,
        "GET",
        "/ui/login",
        &[("X-Forwarded-Proto", "https")],
        "",
    );
    assert!(tls
        .header("set-cookie")
        .is_some_and(|c| c.contains("; Secure")));

    let token = fx.token("ana", Role::Admin, None);
    let (session, csrf) = fx.login(&token);
    let home = fx.get("/ui/", &session);
    for text in [
        "Portfolio",
        "payments",
        "ledger",
        "payments-platform",
        "SLA breached",
        "MTTR",
        "All 2 products",
    ] {
        assert!(home.body.contains(text), "{text} missing: {}", home.body);
    }
    assert!(
        !home.body.contains(&token),
        "the token never appears in a page"
    );
    let p = fx.get("/ui/products/payments", &session);
    assert_eq!(p.status, 200);
    for text in [
        "Open findings by severity",
        "Compliance readiness",
        "Open findings over time",
        "New and fixed per week",
        "feature/x",
        "config/prod.env:3",
        "secrets/aws-access-key-id",
        "Export CSV",
        "5 findings",
        "<svg class=\"chart\"",
    ] {
        assert!(p.body.contains(text), "{text} missing");
    }
    // The filter form narrows the list.
    let high = fx.get("/ui/products/payments?severity=high&branch=main", &session);
    assert!(high.body.contains("1 finding,") && high.body.contains("Cargo.lock"));
    assert!(!high.body.contains("config/prod.env:3"));
    let bad = fx.get("/ui/products/payments?status=gone", &session);
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("unknown status"));
    let css = fx.get("/ui/style.css", &session);
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    for page in [&home, &p] {
        assert!(!page.body.contains("<script"), "no script in any page");
    }

    // Signing out needs the form's token too.
    let r = fx.post("/ui/logout", &session, "csrf=wrong", &[]);
    assert_eq!(r.status, 403);
    assert_eq!(fx.get("/ui/", &session).status, 200);
    let r = fx.post("/ui/logout", &session, &form(&[("csrf", &csrf)]), &[]);
    assert_eq!((r.status, r.header("location")), (303, Some("/ui/login")));
    assert_eq!(
        r.session_cookie().as_deref(),
        Some(""),
        "the cookie is cleared"
    );
    let after = fx.get("/ui/", &session);
    assert_eq!(
        (after.status, after.header("location")),
        (303, Some("/ui/login"))
    );
}

#[test]
fn a_bad_token_or_a_forged_login_signs_nobody_in() {
    let fx = Fixture::start();
    let page = request(fx.addr, "GET", "/ui/login", &[], "");
    let pending = page.session_cookie().unwrap();
    let wrong = format!("tgk_{}_{}", "a".repeat(16), "b".repeat(64));
    let r = fx.post(
        "/ui/login",
        &pending,
        &form(&[("csrf", &page.csrf()), ("token", &wrong)]),
        &[],
    );
    assert_eq!(r.status, 401);
    assert!(r.body.contains("not valid"));
    assert!(!r.body.contains(&wrong), "a pasted token is not echoed");
    assert_eq!(r.session_cookie(), None);
    // A valid token, but no login form behind it (no pending session, or its token
    // missing, or sent from another site): refused.
    let token = fx.token("ana", Role::Viewer, None);
    let none = request(
        fx.addr,
        "POST",
        "/ui/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form(&[("csrf", &page.csrf()), ("token", &token)]),
    );
    assert_eq!(none.status, 403);
    let missing = fx.post("/ui/login", &pending, &form(&[("token", &token)]), &[]);
    assert_eq!(missing.status, 403);
    let cross = fx.post(
        "/ui/login",
        &pending,
        &form(&[("csrf", &page.csrf()), ("token", &token)]),
        &[
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(cross.status, 403);
    assert_eq!(fx.app.store.products(None).unwrap().len(), 2);

    // A revoked token's session ends at the next request.
    let (session, _) = fx.login(&token);
    let key_id = &token[4..20];
    assert!(fx.app.tokens.revoke(&fx.app.store, key_id, 1).unwrap());
    let r = fx.get("/ui/", &session);
    assert_eq!((r.status, r.header("location")), (303, Some("/ui/login")));
}

#[test]
fn a_product_scoped_session_finds_other_products_missing() {
    let fx = Fixture::start();
    let token = fx.token("pat", Role::Triager, Some("payments"));
    let (session, csrf) = fx.login(&token);
    let home = fx.get("/ui/", &session);
    assert!(home.body.contains("payments") && !home.body.contains("/ui/products/ledger"));
    assert!(
        home.body.contains("triager · payments"),
        "the header shows the scope"
    );

    let hidden = fx.get("/ui/products/ledger", &session);
    let missing = fx.get("/ui/products/no-such-product", &session);
    assert_eq!((hidden.status, missing.status), (404, 404));
    assert_eq!(hidden.body, missing.body, "hidden reads as missing");
    assert!(!hidden.body.contains("ledger.env"));

    let hidden_csv = fx.get("/ui/products/ledger/findings.csv", &session);
    assert_eq!(hidden_csv.status, 404);
    assert_eq!(hidden_csv.body, missing.body);

    let hidden = fx.get(&format!("/ui/findings/{}", fx.ledger_finding), &session);
    let missing = fx.get("/ui/findings/987654", &session);
    let garbage = fx.get("/ui/findings/abc", &session);
    assert_eq!(
        (hidden.status, missing.status, garbage.status),
        (404, 404, 404)
    );
    assert_eq!(hidden.body, missing.body);
    assert_eq!(hidden.body, garbage.body);
    assert_eq!(fx.get("/ui/nothing/here", &session).body, missing.body);

    // Triage of a finding it may not see: the same 404, and nothing changes.
    let r = fx.post(
        &format!("/ui/findings/{}/triage", fx.ledger_finding),
        &session,
        &form(&[
            ("csrf", &csrf),
            ("action", "false_positive"),
            ("reason", "test"),
        ]),
        &[],
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.body, missing.body);
    assert_eq!(fx.status_of(fx.ledger_finding), "new");
    assert_eq!(fx.ledger_size("ledger"), 0);
}

#[test]
fn triage_needs_the_csrf_token_and_lands_in_the_ledger() {
    let fx = Fixture::start();
    let token = fx.token("pat", Role::Triager, Some("payments"));
    let (session, csrf) = fx.login(&token);
    let id = fx.payments_finding;
    let path = format!("/ui/findings/{id}/triage");
    let page = fx.get(&format!("/ui/findings/{id}"), &session);
    assert_eq!(page.status, 200);
    for text in [
        "Accept the risk",
        "Mark false positive",
        "History",
        "Evidence",
        "CWE-798",
        "pci-dss-4.0.1:8.6.2",
        "src/client.rs:3",
        "SLA due",
    ] {
        assert!(page.body.contains(text), "{text} missing");
    }
    let fp = form(&[
        ("action", "false_positive"),
        ("reason", "test fixture, not a key"),
    ]);
    for (body, extra) in [
        (fp.clone(), vec![]),
        (format!("{fp}&csrf={}", "0".repeat(64)), vec![]),
        (format!("{fp}&csrf="), vec![]),
        // The right token from another site.
        (
            format!("{fp}&csrf={csrf}"),
            vec![("Origin", "http://evil.example")],
        ),
        (
            format!("{fp}&csrf={csrf}"),
            vec![("Sec-Fetch-Site", "cross-site")],
        ),
    ] {
        let r = fx.post(&path, &session, &body, &extra);
        assert_eq!(r.status, 403, "{body} {extra:?}");
    }
    // Another session's token does not do either.
    let (other, other_csrf) = fx.login(&fx.token("kim", Role::Triager, Some("payments")));
    assert_ne!(other_csrf, csrf);
    let r = fx.post(&path, &other, &format!("{fp}&csrf={csrf}"), &[]);
    assert_eq!(r.status, 403);
    assert_eq!(fx.status_of(id), "new");
    assert_eq!(fx.ledger_size("payments"), 0);

    // A refused decision shows the page again with the reason.
    let r = fx.post(
        &path,
        &session,
        &form(&[
            ("csrf", &csrf),
            ("action", "accept"),
            ("reason", "later"),
            ("expires", "not-a-date"),
        ]),
        &[],
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("is not a date") && r.body.contains("Accept the risk"));
    assert_eq!(fx.status_of(id), "new");

    let origin = format!("http://{}", fx.addr);
    let r = fx.post(
        &path,
        &session,
        &format!("{fp}&csrf={csrf}"),
        &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("/ui/findings/{id}").as_str())
    );
    assert_eq!(fx.status_of(id), "false_positive");
    assert_eq!(fx.ledger_size("payments"), 1);
    let page = fx.get(&format!("/ui/findings/{id}"), &session);
    assert!(page.body.contains("test fixture, not a key — pat"));
    assert!(page.body.contains("false positive"));
    assert!(page.body.contains(">Reopen</button>"));

    // Accept with a date, as the date field sends it.
    let until = &tollgate_core::time::rfc3339(tollgate_core::time::now_unix() + 30 * DAY)[..10];
    let r = fx.post(
        &path,
        &session,
        &form(&[
            ("csrf", &csrf),
            ("action", "accept"),
            ("reason", "compensating control"),
            ("expires", until),
        ]),
        &[],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(fx.status_of(id), "accepted");
    assert_eq!(fx.ledger_size("payments"), 2);

    // A viewer sees no triage forms, and its POST is refused by role.
    let (viewer, viewer_csrf) = fx.login(&fx.token("vic", Role::Viewer, Some("payments")));
    let page = fx.get(&format!("/ui/findings/{id}"), &viewer);
    assert!(!page.body.contains("/triage\""));
    let r = fx.post(
        &path,
        &viewer,
        &form(&[
            ("csrf", &viewer_csrf),
            ("action", "reopen"),
            ("reason", "x"),
        ]),
        &[],
    );
    assert_eq!(r.status, 403);
    assert!(r.body.contains("may not triage"));
    assert_eq!(fx.status_of(id), "accepted");
}

#[test]
fn a_script_in_a_title_is_shown_as_text() {
    let fx = Fixture::start();
    let (session, _) = fx.login(&fx.token("ana", Role::Admin, None));
    let escaped = "API key in &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;";
    for path in [
        "/ui/products/payments".to_string(),
        format!("/ui/findings/{}", fx.payments_finding),
        "/ui/products/payments?q=API".to_string(),
    ] {
        let r = fx.get(&path, &session);
        assert_eq!(r.status, 200, "{path}");
        assert!(!r.body.contains(EVIL), "{path} holds the raw script");
        assert!(!r.body.contains("<script"), "{path}");
        assert!(r.body.contains(escaped), "{path}: {}", r.body);
    }
    // The text search field echoes what was typed, escaped.
    let r = fx.get("/ui/products/payments?q=%3Cscript%3E%22", &session);
    assert!(!r.body.contains("<script>\""));
    assert!(r.body.contains("value=\"&lt;script&gt;&quot;\""));
}

#[test]
fn the_csv_export_is_the_apis() {
    let fx = Fixture::start();
    let token = fx.token("ana", Role::Admin, None);
    let (session, _) = fx.login(&token);
    let auth = format!("Bearer {token}");
    for q in [
        "",
        "?severity=high",
        "?branch=feature%2Fx",
        "?q=API&status=all",
    ] {
        let ui = fx.get(&format!("/ui/products/payments/findings.csv{q}"), &session);
        let api = request(
            fx.addr,
            "GET",
            &format!("/api/v1/products/payments/findings.csv{q}"),
            &[("Authorization", &auth)],
            "",
        );
        assert_eq!((ui.status, api.status), (200, 200), "{q}");
        assert!(ui.header("content-type").unwrap().starts_with("text/csv"));
        assert!(ui
            .header("content-disposition")
            .unwrap()
            .contains("payments-findings.csv"));
        assert_eq!(ui.body, api.body, "{q}");
        assert!(ui
            .body
            .starts_with("id,product,branch,severity,status,rule_id,title"));
    }
    let high = fx.get("/ui/products/payments/findings.csv?severity=high", &session);
    assert_eq!(high.body.lines().count(), 3, "header, main and feature/x");
    // The page links to the export with its own filter.
    let page = fx.get(
        "/ui/products/payments?severity=high&branch=feature%2Fx",
        &session,
    );
    assert!(page
        .body
        .contains("/ui/products/payments/findings.csv?branch=feature%2Fx&amp;severity=high"));
}

#[test]
fn the_secure_cookies_setting_marks_every_session_cookie_secure() {
    let fx = Fixture::start_with(|c| c.secure_cookies = true);
    let page = request(fx.addr, "GET", "/ui/login", &[], "");
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.starts_with("tollgate_session=") && cookie.ends_with("; Secure"));
    let token = fx.token("ana", Role::Viewer, None);
    let pending = page.session_cookie().unwrap();
    let r = fx.post(
        "/ui/login",
        &pending,
        &form(&[("csrf", &page.csrf()), ("token", &token)]),
        &[],
    );
    assert_eq!(r.status, 303);
    assert!(r.header("set-cookie").unwrap().ends_with("; Secure"));
}
