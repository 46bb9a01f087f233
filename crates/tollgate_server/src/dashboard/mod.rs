//! The web dashboard for people: server-rendered HTML with no script at all, charts as
//! inline SVG, under `/ui/`.
//!
//! A person signs in with an API token or through the configured OpenID Connect provider
//! ([`crate::oidc`]); either way [`Dashboard::create_session`] begins the session, and the
//! browser then holds only a session cookie.
//! Every page applies the session's principal exactly as the API applies a token: a
//! product or finding it may not see is the same 404 page as one that does not exist.
//! Every form that changes something carries the session's CSRF token, and a POST whose
//! `Origin` or `Sec-Fetch-Site` says it came from another site is refused as well.

pub mod charts;
pub mod html;
pub mod pages;
pub mod session;

use crate::api::{apply_triage, blocking, findings_csv_body, parse_id, ApiError, App};
use crate::auth::Principal;
use crate::store::{FindingFilter, Product, StoreError};
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use html::Header;
use serde::Deserialize;
use session::{Session, Sessions};
use std::sync::Arc;

/// The stylesheet, the only thing a page loads besides itself.
const STYLE: &str = include_str!("style.css");

/// What the dashboard's handlers share: the server and the browser sessions.
#[derive(Clone)]
pub struct Dashboard {
    pub app: Arc<App>,
    pub sessions: Arc<Sessions>,
}

impl Dashboard {
    /// Starts a session for a person whose identity the caller has established (a
    /// verified API token, or an OIDC callback) and returns the `Set-Cookie`
    /// value that hands it to the browser.
    pub fn create_session(
        &self,
        principal: Principal,
        headers: &HeaderMap,
    ) -> Result<String, session::NoRandomness> {
        let id = self.sessions.create_session(principal)?;
        Ok(session::cookie(&id, secure(self, headers)))
    }
}

/// The dashboard's routes, to merge into the server's router.
pub fn routes<S>(app: Arc<App>) -> Router<S> {
    let d = Dashboard {
        app,
        sessions: Arc::new(Sessions::default()),
    };
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/") }))
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/", get(portfolio))
        .route("/ui/style.css", get(style))
        .route("/ui/login", get(login_form).post(login))
        .route("/ui/logout", post(logout))
        .route("/ui/oidc/login", get(oidc_login))
        .route("/ui/oidc/callback", get(oidc_callback))
        .route("/ui/products/{product}", get(product))
        .route("/ui/products/{product}/findings.csv", get(findings_csv))
        .route("/ui/findings/{id}", get(finding))
        .route("/ui/findings/{id}/triage", post(triage))
        .route("/ui/{*rest}", get(unknown))
        .with_state(d)
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// Whether the session cookie must be `Secure`: the setting, or a proxy saying the
/// browser spoke HTTPS to it.
fn secure(d: &Dashboard, headers: &HeaderMap) -> bool {
    d.app.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().eq_ignore_ascii_case("https"))
            .unwrap_or(false)
}

fn cookie_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::id_from_cookies)
        .map(str::to_string)
}

fn with_cookie(mut r: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// A signed-in person on this request.
struct Me {
    who: Principal,
    csrf: String,
    /// The name of the one product the session is scoped to.
    scope: Option<String>,
}

impl Me {
    fn header(&self) -> Header<'_> {
        Header {
            name: &self.who.name,
            role: self.who.role.as_str(),
            scope: self.scope.as_deref(),
            csrf: &self.csrf,
        }
    }

    /// The page for an error, by its status: a 404 is always the same page.
    fn error(&self, e: ApiError) -> Response {
        let h = self.header();
        let body = match e.0 {
            StatusCode::NOT_FOUND => pages::not_found(Some(&h)),
            StatusCode::FORBIDDEN => pages::message(Some(&h), "Not allowed", &e.1),
            s if s.is_server_error() => {
                pages::message(Some(&h), "Something went wrong", "internal error")
            }
            _ => pages::message(Some(&h), "Cannot do that", &e.1),
        };
        html(e.0, body)
    }
}

/// The session's person, after checking that the token it was made from still stands;
/// `None` when nobody is signed in.
async fn me(d: &Dashboard, headers: &HeaderMap) -> Result<Option<Me>, ApiError> {
    let Some(id) = cookie_id(headers) else {
        return Ok(None);
    };
    let Some(Session {
        principal: Some(who),
        csrf,
    }) = d.sessions.get(&id)
    else {
        return Ok(None);
    };
    let app = d.app.clone();
    let key_id = who.key_id.clone();
    let product = who.product;
    let (live, scope) = blocking(move || {
        let live = token_live(&app, &key_id)?;
        let scope = match product {
            Some(p) => app.store.product_by_id(p)?.map(|p| p.name),
            None => None,
        };
        Ok((live, scope))
    })
    .await?;
    if !live {
        d.sessions.end(&id);
        return Ok(None);
    }
    Ok(Some(Me { who, csrf, scope }))
}

/// The person for a page; without one, the browser goes to the login form.
async fn page_me(d: &Dashboard, headers: &HeaderMap) -> Result<Me, Response> {
    match me(d, headers).await {
        Ok(Some(me)) => Ok(me),
        Ok(None) => Err(to_login()),
        Err(_) => Err(failed()),
    }
}

/// The person for a form post; without one, the post is refused.
async fn post_me(d: &Dashboard, headers: &HeaderMap) -> Result<Me, Response> {
    match me(d, headers).await {
        Ok(Some(me)) => Ok(me),
        Ok(None) => Err(refused()),
        Err(_) => Err(failed()),
    }
}

/// The server could not answer (its log says why).
fn failed() -> Response {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(None, "Something went wrong", "internal error"),
    )
}

/// Whether the API token behind a session is still unrevoked. A session whose principal
/// came from elsewhere (no token row) stands on its own.
fn token_live(app: &App, key_id: &str) -> Result<bool, ApiError> {
    let row = app.store.pool.with(|c| {
        Ok::<_, StoreError>(c.query_one(
            "SELECT revoked_at FROM tokens WHERE key_id = $1",
            &[key_id.into()],
        )?)
    })?;
    Ok(match row {
        Some(r) => r[0].int().is_none(),
        None => true,
    })
}

fn to_login() -> Response {
    Redirect::to("/ui/login").into_response()
}

fn refused() -> Response {
    html(
        StatusCode::FORBIDDEN,
        pages::message(
            None,
            "Form refused",
            "This form has expired or did not come from this site. Reload the page and try again.",
        ),
    )
}

/// The authority (`host[:port]`) of an origin such as `https://host:8443`.
fn origin_authority(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// Whether a state-changing request may go ahead: the session's synchronizer token
/// matches, and where the browser says where the request came from, it was this site.
fn form_allowed(headers: &HeaderMap, session_csrf: &str, form_csrf: &str) -> bool {
    let site = headers
        .get("sec-fetch-site")
        .map(|v| v.to_str().ok().map(str::trim));
    if let Some(site) = site {
        if site != Some("same-origin") {
            return false;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().ok().map(str::trim);
        // A browser sends `Origin: null` for a form whose page's referrer policy is
        // `no-referrer`; with `Sec-Fetch-Site: same-origin` beside it, it says nothing
        // against the request.
        let null_from_here = origin == Some("null") && site == Some(Some("same-origin"));
        if !null_from_here {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            match (origin.and_then(origin_authority), host) {
                (Some(a), Some(h)) if a.eq_ignore_ascii_case(h.trim()) => {}
                _ => return false,
            }
        }
    }
    !session_csrf.is_empty()
        && session::constant_time_eq(session_csrf.as_bytes(), form_csrf.as_bytes())
}

// ---- login and logout ----------------------------------------------------------------

async fn login_form(State(d): State<Dashboard>, headers: HeaderMap) -> Response {
    match me(&d, &headers).await {
        Ok(Some(_)) => return Redirect::to("/ui/").into_response(),
        Ok(None) => {}
        Err(_) => return failed(),
    }
    // A pending session already held is reused, so reloading the form keeps one entry.
    if let Some(id) = cookie_id(&headers) {
        if let Some(s) = d.sessions.get(&id) {
            if s.principal.is_none() {
                return html(
                    StatusCode::OK,
                    pages::login(&s.csrf, None, sso(&d).as_deref()),
                );
            }
        }
    }
    let Ok(id) = d.sessions.create_pending() else {
        return failed();
    };
    let csrf = d.sessions.get(&id).map(|s| s.csrf).unwrap_or_default();
    with_cookie(
        html(
            StatusCode::OK,
            pages::login(&csrf, None, sso(&d).as_deref()),
        ),
        &session::cookie(&id, secure(&d, &headers)),
    )
}

#[derive(Debug, Default, Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

async fn login(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return refused();
    };
    let Some(id) = cookie_id(&headers) else {
        return refused();
    };
    let Some(s) = d.sessions.get(&id) else {
        return refused();
    };
    if !form_allowed(&headers, &s.csrf, &form.csrf) {
        return refused();
    }
    let app = d.app.clone();
    let token = form.token.trim().to_string();
    let verified = blocking(move || Ok(app.tokens.verify(&app.store, &token)?)).await;
    let principal = match verified {
        Ok(Some(p)) => p,
        Ok(None) => {
            return html(
                StatusCode::UNAUTHORIZED,
                pages::login(
                    &s.csrf,
                    Some("That token is not valid, or it was revoked."),
                    sso(&d).as_deref(),
                ),
            )
        }
        Err(_) => {
            return html(
                StatusCode::INTERNAL_SERVER_ERROR,
                pages::login(
                    &s.csrf,
                    Some("The server could not check the token."),
                    sso(&d).as_deref(),
                ),
            )
        }
    };
    // A new id on sign-in: an id known before (planted, or seen on the login form) is
    // worth nothing after it.
    d.sessions.end(&id);
    match d.create_session(principal, &headers) {
        Ok(cookie) => with_cookie(Redirect::to("/ui/").into_response(), &cookie),
        Err(_) => failed(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return refused();
    };
    let Some(id) = cookie_id(&headers) else {
        return refused();
    };
    let Some(s) = d.sessions.get(&id) else {
        // Already over (expired or ended elsewhere): nothing to end.
        return to_login();
    };
    if !form_allowed(&headers, &s.csrf, &form.csrf) {
        return refused();
    }
    d.sessions.end(&id);
    with_cookie(to_login(), &session::cleared_cookie(secure(&d, &headers)))
}

// ---- single sign-on (OIDC) -------------------------------------------------------------

/// The label of the single sign-on button, when a provider is configured.
fn sso(d: &Dashboard) -> Option<String> {
    d.app.oidc.as_ref().map(|o| o.label())
}

/// The cookie binding a sign-in to the browser that began it. `Lax`, because it must come
/// back on the provider's redirect (a navigation from another site).
const OIDC_COOKIE: &str = "tollgate_oidc";

fn oidc_cookie(value: &str, max_age: u64, secure: bool) -> String {
    format!(
        "{OIDC_COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/ui/oidc/; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

fn oidc_binding(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == OIDC_COOKIE).then(|| value.trim().to_string())
        })
}

fn sign_in_failed(status: StatusCode, text: &str) -> Response {
    html(status, pages::sign_in_failed(text))
}

async fn oidc_login(State(d): State<Dashboard>, headers: HeaderMap) -> Response {
    let Some(oidc) = d.app.oidc.clone() else {
        return html(StatusCode::NOT_FOUND, pages::not_found(None));
    };
    match tokio::task::spawn_blocking(move || oidc.begin()).await {
        Ok(Ok((url, binding))) => with_cookie(
            Redirect::to(&url).into_response(),
            &oidc_cookie(
                &binding,
                crate::oidc::PENDING_FOR.as_secs(),
                secure(&d, &headers),
            ),
        ),
        Ok(Err(e)) => sign_in_failed(StatusCode::BAD_GATEWAY, &e.to_string()),
        Err(_) => failed(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Why an identity that the provider vouched for still gets no session.
enum Outcome {
    In(Principal),
    NoGrant(String),
}

async fn oidc_callback(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    query: Result<Query<Callback>, QueryRejection>,
) -> Response {
    let Some(oidc) = d.app.oidc.clone() else {
        return html(StatusCode::NOT_FOUND, pages::not_found(None));
    };
    let Ok(Query(q)) = query else {
        return sign_in_failed(StatusCode::BAD_REQUEST, "The sign-in answer is malformed.");
    };
    let secure = secure(&d, &headers);
    let cleared = oidc_cookie("", 0, secure);
    if let Some(code) = q.error {
        // Only the OAuth error code: a description is whatever the link said.
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        return with_cookie(
            sign_in_failed(
                StatusCode::UNAUTHORIZED,
                &format!("The identity provider did not sign you in ({code})."),
            ),
            &cleared,
        );
    }
    let (Some(code), Some(state)) = (q.code, q.state) else {
        return sign_in_failed(
            StatusCode::BAD_REQUEST,
            "The sign-in answer has no code or state.",
        );
    };
    let binding = oidc_binding(&headers);
    let app = d.app.clone();
    let outcome = tokio::task::spawn_blocking(move || -> Result<Outcome, String> {
        let who = oidc
            .finish(&state, &code, binding.as_deref())
            .map_err(|e| e.to_string())?;
        let Some((role, product)) = oidc.grant(&who) else {
            return Ok(Outcome::NoGrant(who.name));
        };
        let product = match product {
            Some(name) => match app.store.product(&name) {
                Ok(Some(p)) => Some(p.id),
                Ok(None) => return Ok(Outcome::NoGrant(who.name)),
                Err(e) => return Err(format!("the server could not look up a product: {e}")),
            },
            None => None,
        };
        Ok(Outcome::In(Principal {
            key_id: who.key_id(),
            name: who.name,
            role,
            product,
        }))
    })
    .await;
    let principal = match outcome {
        Ok(Ok(Outcome::In(p))) => p,
        Ok(Ok(Outcome::NoGrant(name))) => {
            return with_cookie(
                sign_in_failed(
                    StatusCode::FORBIDDEN,
                    &format!(
                        "You are signed in at the identity provider as {name}, but no grant in this server's configuration gives you access."
                    ),
                ),
                &cleared,
            )
        }
        Ok(Err(why)) => {
            return with_cookie(
                sign_in_failed(StatusCode::UNAUTHORIZED, &why),
                &cleared,
            )
        }
        Err(_) => return failed(),
    };
    let name = principal.name.clone();
    match d.create_session(principal, &headers) {
        // A page of this site moves on to the portfolio: the session cookie is
        // `SameSite=Strict`, so a redirect that is still part of the provider's
        // cross-site navigation would arrive without it.
        Ok(cookie) => {
            let mut r = html(StatusCode::OK, pages::signed_in(&name));
            r.headers_mut()
                .insert("refresh", HeaderValue::from_static("0; url=/ui/"));
            with_cookie(with_cookie(r, &cookie), &cleared)
        }
        Err(_) => failed(),
    }
}

// ---- pages -----------------------------------------------------------------------------

async fn unknown(State(d): State<Dashboard>, headers: HeaderMap) -> Response {
    match page_me(&d, &headers).await {
        Ok(me) => html(StatusCode::NOT_FOUND, pages::not_found(Some(&me.header()))),
        Err(r) => r,
    }
}

async fn portfolio(State(d): State<Dashboard>, headers: HeaderMap) -> Response {
    let me = match page_me(&d, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let app = d.app.clone();
    let scope = me.who.product;
    let rows = blocking(move || {
        let now = tollgate_core::time::now_unix();
        let mut rows = Vec::new();
        for p in app.store.products(scope)? {
            let k = app
                .store
                .kpis(p.id, app.config.sla_for(&p.risk_tier), now, 1)?;
            let severities = charts::SEVERITIES
                .iter()
                .map(|s| (*s, k.severities.get(*s).cloned().unwrap_or_default()))
                .collect();
            rows.push(pages::PortfolioRow {
                product: p,
                severities,
            });
        }
        Ok(rows)
    })
    .await;
    match rows {
        Ok(rows) => html(StatusCode::OK, pages::portfolio(&me.header(), &rows)),
        Err(e) => me.error(e),
    }
}

/// The product by name when the session may see it; otherwise not found, as for a
/// missing one.
fn visible(app: &App, who: &Principal, name: &str) -> Result<Product, ApiError> {
    match app.store.product(name)? {
        Some(p) if who.sees(p.id) => Ok(p),
        _ => Err(ApiError(StatusCode::NOT_FOUND, "not found".into())),
    }
}

/// The findings filter as a form sends it: every field text, empty meaning unset.
#[derive(Debug, Default, Deserialize)]
struct FilterQuery {
    branch: Option<String>,
    status: Option<String>,
    severity: Option<String>,
    scanner: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

impl FilterQuery {
    fn filter(self) -> pages::Filter {
        let t = |v: Option<String>| v.map(|s| s.trim().to_string()).unwrap_or_default();
        pages::Filter {
            page: self
                .page
                .as_deref()
                .and_then(|p| p.trim().parse::<i64>().ok())
                .unwrap_or(1)
                .clamp(1, 1_000_000),
            branch: t(self.branch),
            status: t(self.status),
            severity: t(self.severity),
            scanner: t(self.scanner),
            q: t(self.q),
        }
    }
}

fn store_filter(f: &pages::Filter) -> FindingFilter {
    let o = |s: &str| (!s.is_empty()).then(|| s.to_string());
    FindingFilter {
        branch: o(&f.branch),
        status: o(&f.status),
        severity: o(&f.severity),
        scanner: o(&f.scanner),
        q: o(&f.q),
        limit: Some(pages::PAGE_SIZE),
        offset: Some((f.page - 1) * pages::PAGE_SIZE),
    }
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, format!("query: {}", e.body_text()))
}

async fn product(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: Result<Query<FilterQuery>, QueryRejection>,
) -> Response {
    let me = match page_me(&d, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let filter = match q {
        Ok(Query(q)) => q.filter(),
        Err(e) => return me.error(bad_query(e)),
    };
    let app = d.app.clone();
    let who = me.who.clone();
    let f2 = filter.clone();
    let data = blocking(move || {
        let p = visible(&app, &who, &name)?;
        let now = tollgate_core::time::now_unix();
        let sla = app.config.sla_for(&p.risk_tier);
        let kpis = app.store.kpis(p.id, sla, now, 12)?;
        let branches = app.store.branches(p.id)?;
        let scans = app.store.scans(p.id, 10)?;
        let cfg = app.config.clone();
        let (findings, total) = app
            .store
            .findings(p.id, &store_filter(&f2), &|t| cfg.sla_for(t))?;
        Ok(pages::ProductData {
            product: p,
            kpis,
            branches,
            scans,
            findings,
            total,
            now: tollgate_core::time::rfc3339(now),
        })
    })
    .await;
    match data {
        Ok(data) => html(StatusCode::OK, pages::product(&me.header(), &data, &filter)),
        Err(e) => me.error(e),
    }
}

async fn findings_csv(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: Result<Query<FilterQuery>, QueryRejection>,
) -> Response {
    let me = match page_me(&d, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let filter = match q {
        Ok(Query(q)) => q.filter(),
        Err(e) => return me.error(bad_query(e)),
    };
    let app = d.app.clone();
    let who = me.who.clone();
    let body = blocking(move || {
        let p = visible(&app, &who, &name)?;
        let mut f = store_filter(&filter);
        // The whole list, as the API's export gives it, not one page.
        f.limit = Some(10_000);
        f.offset = None;
        let cfg = app.config.clone();
        let (findings, _) = app.store.findings(p.id, &f, &|t| cfg.sla_for(t))?;
        Ok((p.name, findings_csv_body(findings)))
    })
    .await;
    match body {
        Ok((product, csv)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    // Product names are letters, digits, `-`, `_` and `.` only.
                    format!("attachment; filename=\"{product}-findings.csv\""),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(e) => me.error(e),
    }
}

/// Loads a finding for its page, or not found when the session may not see it.
async fn load_finding(
    d: &Dashboard,
    who: &Principal,
    id: i64,
) -> Result<pages::FindingData, ApiError> {
    let app = d.app.clone();
    let who = who.clone();
    blocking(move || {
        match app.store.finding_product(id)? {
            Some(p) if who.sees(p) => {}
            _ => return Err(ApiError(StatusCode::NOT_FOUND, "not found".into())),
        }
        let cfg = app.config.clone();
        let (finding, detail, events) = app
            .store
            .finding(id, &|t| cfg.sla_for(t))?
            .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "not found".into()))?;
        let now = tollgate_core::time::now_unix();
        Ok(pages::FindingData {
            finding,
            detail,
            events,
            today: html::day(&tollgate_core::time::rfc3339(now + 86_400)).to_string(),
            latest_expiry: html::day(&tollgate_core::time::rfc3339(now + 365 * 86_400)).to_string(),
        })
    })
    .await
}

async fn finding(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = match page_me(&d, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return me.error(e),
    };
    match load_finding(&d, &me.who, id).await {
        Ok(data) => html(
            StatusCode::OK,
            pages::finding(&me.header(), &me.who, &data, None),
        ),
        Err(e) => me.error(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct TriageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    expires: String,
}

async fn triage(
    State(d): State<Dashboard>,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<TriageForm>, FormRejection>,
) -> Response {
    // No session, no token, or the wrong one: refused before anything is looked up.
    let Ok(Form(form)) = form else {
        return refused();
    };
    let me = match post_me(&d, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    if !form_allowed(&headers, &me.csrf, &form.csrf) {
        return refused();
    }
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return me.error(e),
    };
    let app = d.app.clone();
    let who = me.who.clone();
    let done = blocking(move || {
        let expires = Some(form.expires.trim()).filter(|e| !e.is_empty());
        apply_triage(&app, &who, id, &form.action, &form.reason, expires)
    })
    .await;
    match done {
        Ok(()) => Redirect::to(&format!("/ui/findings/{id}")).into_response(),
        // Refused by the rules (a bad date, a fixed finding): the page again, saying why.
        Err(e) if e.0 != StatusCode::NOT_FOUND && !e.0.is_server_error() => {
            match load_finding(&d, &me.who, id).await {
                Ok(data) => html(
                    e.0,
                    pages::finding(&me.header(), &me.who, &data, Some(&e.1)),
                ),
                Err(e2) => me.error(e2),
            }
        }
        Err(e) => me.error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn forms_need_the_token_and_this_site() {
        let t = "a".repeat(64);
        assert!(form_allowed(&headers(&[]), &t, &t));
        assert!(!form_allowed(&headers(&[]), &t, ""));
        assert!(!form_allowed(&headers(&[]), &t, &"b".repeat(64)));
        assert!(!form_allowed(&headers(&[]), "", ""));
        let same = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(form_allowed(&same, &t, &t));
        let null_same = headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert!(form_allowed(&null_same, &t, &t));
        assert!(!form_allowed(&null_same, &t, "x"));
        for bad in [
            headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://evil.example"),
            ]),
            headers(&[("host", "127.0.0.1:8080"), ("origin", "null")]),
            headers(&[("origin", "http://127.0.0.1:8080")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
        ] {
            assert!(!form_allowed(&bad, &t, &t), "{bad:?}");
        }
    }

    #[test]
    fn origins_name_their_authority() {
        assert_eq!(
            origin_authority("https://a.example:8443"),
            Some("a.example:8443")
        );
        assert_eq!(origin_authority("http://a"), Some("a"));
        assert_eq!(origin_authority("null"), None);
        assert_eq!(origin_authority("http://"), None);
        assert_eq!(origin_authority("http://a/b"), None);
    }

    #[test]
    fn empty_filter_fields_are_unset_and_pages_are_bounded() {
        let f = FilterQuery {
            branch: Some("".into()),
            severity: Some(" high ".into()),
            page: Some("-3".into()),
            ..Default::default()
        }
        .filter();
        let s = store_filter(&f);
        assert_eq!(s.branch, None);
        assert_eq!(s.severity.as_deref(), Some("high"));
        assert_eq!((f.page, s.offset), (1, Some(0)));
        let f = FilterQuery {
            page: Some("3".into()),
            ..Default::default()
        }
        .filter();
        assert_eq!(store_filter(&f).offset, Some(2 * pages::PAGE_SIZE));
    }
}
