//! The HTTP API. Every route under a product checks the caller's token against that
//! product first; a product, finding or import the token may not see is answered exactly
//! as one that does not exist (404), so no token learns what another product holds.

use crate::auth::{Principal, Role, Tokens};
use crate::config::ServerConfig;
use crate::imports::Imports;
use crate::store::{FindingFilter, NewProduct, Product, Store, StoreError, Triage};
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Everything a request may need.
pub struct App {
    pub store: Arc<Store>,
    pub tokens: Tokens,
    pub config: ServerConfig,
    pub imports: Imports,
    pub ledgers: Arc<crate::ledger::Ledgers>,
    /// Sign-in through the configured OpenID Connect provider, if there is one.
    pub oidc: Option<Arc<crate::oidc::Oidc>>,
    limiter: Limiter,
}

impl App {
    pub fn new(
        store: Arc<Store>,
        config: ServerConfig,
        imports: Imports,
        ledgers: Arc<crate::ledger::Ledgers>,
    ) -> App {
        App {
            store,
            ledgers,
            tokens: Tokens::default(),
            oidc: None,
            limiter: Limiter::new(config.rate_limit, config.rate_burst),
            config,
            imports,
        }
    }
}

/// An error as the API answers it: a status and `{"error": "..."}`.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl ApiError {
    fn not_found() -> ApiError {
        ApiError(StatusCode::NOT_FOUND, "not found".into())
    }
    fn forbidden(what: &str) -> ApiError {
        ApiError(StatusCode::FORBIDDEN, format!("this token may not {what}"))
    }
    fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.0, Json(json!({ "error": self.1 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"tollgate\""),
            );
        }
        r
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Invalid(m) => ApiError(StatusCode::BAD_REQUEST, m),
            StoreError::Conflict(m) => ApiError(StatusCode::CONFLICT, m),
            StoreError::Ledger(e) => {
                eprintln!("tollgate serve: ledger error: {e}");
                ApiError(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the evidence ledger could not record this; nothing was changed".into(),
                )
            }
            StoreError::Db(e) => {
                // The database's words stay in the server's log; the caller learns only
                // that the server failed.
                eprintln!("tollgate serve: database error: {e}");
                ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::bad(format!("query: {}", e.body_text()))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        // The rejection's own status: 413 over the limit, 415 not JSON, 400/422 bad JSON.
        ApiError(e.status(), format!("body: {}", e.body_text()))
    }
}

type Result<T> = std::result::Result<T, ApiError>;

/// Runs store work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        eprintln!("tollgate serve: worker failed: {e}");
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
    })?
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The caller, or 401.
pub(crate) async fn caller(app: &Arc<App>, headers: &HeaderMap) -> Result<Principal> {
    let Some(token) = bearer(headers) else {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "an API token is required (Authorization: Bearer …)".into(),
        ));
    };
    let app = app.clone();
    blocking(move || {
        app.tokens
            .verify(&app.store, &token)?
            .ok_or_else(|| ApiError(StatusCode::UNAUTHORIZED, "invalid or revoked token".into()))
    })
    .await
}

/// The product by name if the caller may see it; otherwise 404, as for a missing one.
async fn visible_product(app: &Arc<App>, who: &Principal, name: String) -> Result<Product> {
    let app2 = app.clone();
    let p = blocking(move || Ok(app2.store.product(&name)?)).await?;
    match p {
        Some(p) if who.sees(p.id) => Ok(p),
        _ => Err(ApiError::not_found()),
    }
}

pub fn router(app: Arc<App>) -> Router {
    let upload_limit = app.config.max_upload as usize;
    let body_limit = app.config.max_body as usize;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/api/v1/products", get(list_products).post(create_product))
        .route("/api/v1/products/{product}", get(get_product))
        .route("/api/v1/products/{product}/branches", get(list_branches))
        .route("/api/v1/products/{product}/scans", get(list_scans))
        .route("/api/v1/products/{product}/findings", get(list_findings))
        .route("/api/v1/products/{product}/findings.csv", get(findings_csv))
        .route("/api/v1/products/{product}/kpis", get(product_kpis))
        .route(
            "/api/v1/products/{product}/imports",
            post(create_import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/products/{product}/ledger/checkpoint",
            get(ledger_checkpoint),
        )
        .route(
            "/api/v1/products/{product}/ledger/tile/{*tile}",
            get(ledger_tile),
        )
        .route("/api/v1/imports/{id}", get(get_import))
        .route("/api/v1/findings/{id}", get(get_finding))
        .route("/api/v1/findings/{id}/triage", post(triage))
        .route("/api/v1/tokens", get(list_tokens).post(create_token))
        .route(
            "/api/v1/tokens/{key_id}",
            axum::routing::delete(revoke_token),
        )
        .merge(crate::dashboard::routes(app.clone()))
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Rate limit, then the headers every response carries.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    // Per client address: a key from the (not yet verified) token could be varied at
    // will to get a fresh bucket each time.
    let key = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    if let Err(wait) = app.limiter.take(&key) {
        let mut r =
            ApiError(StatusCode::TOO_MANY_REQUESTS, "rate limit exceeded".into()).into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.ceil().max(1.0).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return security_headers(r);
    }
    security_headers(next.run(req).await)
}

fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
    ));
    r
}

/// A token bucket per key.
struct Limiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Limiter {
    fn new(rate: f64, burst: f64) -> Limiter {
        Limiter {
            rate,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request's worth, or says how many seconds until one is there.
    fn take(&self, key: &str) -> std::result::Result<(), f64> {
        let now = Instant::now();
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if b.len() > 100_000 {
            // Forget full buckets rather than grow without bound.
            b.retain(|_, (_, at)| now.duration_since(*at).as_secs_f64() * self.rate < self.burst);
        }
        let (tokens, at) = b.entry(key.to_string()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / self.rate)
        }
    }
}

async fn healthz(State(app): State<Arc<App>>) -> Result<Json<serde_json::Value>> {
    let app = app.clone();
    blocking(move || {
        app.store.pool.with(|c| {
            c.query_one("SELECT 1", &[])?;
            Ok::<_, StoreError>(())
        })?;
        Ok(Json(
            json!({ "status": "ok", "schema_version": crate::schema::latest_version() }),
        ))
    })
    .await
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::DOCUMENT,
    )
        .into_response()
}

async fn list_products(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    let app = app.clone();
    blocking(move || {
        Ok(Json(
            json!({ "products": app.store.products(who.product)? }),
        ))
    })
    .await
}

async fn create_product(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: std::result::Result<Json<NewProduct>, JsonRejection>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    if !who.is_global_admin() {
        return Err(ApiError::forbidden("create products"));
    }
    let Json(p) = body?;
    let app = app.clone();
    let created = blocking(move || {
        Ok(app
            .store
            .create_product(&p, tollgate_core::time::now_unix())?)
    })
    .await?;
    let location = format!("/api/v1/products/{}", created.name);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(created),
    )
        .into_response())
}

async fn get_product(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<Product>> {
    let who = caller(&app, &headers).await?;
    Ok(Json(visible_product(&app, &who, name).await?))
}

async fn list_branches(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    blocking(move || {
        let branches: Vec<_> = app
            .store
            .branches(p.id)?
            .into_iter()
            .map(|(name, latest)| json!({ "name": name, "latest_scan_at": latest }))
            .collect();
        Ok(Json(json!({ "branches": branches })))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
struct Limit {
    limit: Option<i64>,
}

async fn list_scans(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: std::result::Result<Query<Limit>, QueryRejection>,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    let Query(q) = q?;
    in_range("limit", q.limit, 1, 1000)?;
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    blocking(move || {
        Ok(Json(
            json!({ "scans": app.store.scans(p.id, q.limit.unwrap_or(100))? }),
        ))
    })
    .await
}

async fn list_findings(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: std::result::Result<Query<FindingFilter>, QueryRejection>,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    let Query(filter) = q?;
    check_filter(&filter)?;
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    blocking(move || {
        let cfg = app.config.clone();
        let (findings, total) = app.store.findings(p.id, &filter, &|t| cfg.sla_for(t))?;
        Ok(Json(json!({ "total": total, "findings": findings })))
    })
    .await
}

/// A CSV field: quoted when needed, and never a formula when a spreadsheet opens it.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The findings export, one row per finding; the API and the dashboard both serve it.
pub(crate) fn findings_csv_body(findings: Vec<crate::store::FindingView>) -> String {
    let mut out = String::from(
        "id,product,branch,severity,status,rule_id,title,path,line,first_seen,last_seen,sla_due,cwe\n",
    );
    for f in findings {
        let row = [
            f.id.to_string(),
            f.product,
            f.branch,
            f.severity,
            f.status,
            f.rule_id,
            f.title,
            f.path,
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            f.first_seen,
            f.last_seen,
            f.sla_due.unwrap_or_default(),
            f.cwe
                .iter()
                .map(|c| format!("CWE-{c}"))
                .collect::<Vec<_>>()
                .join(" "),
        ];
        out.push_str(
            &row.iter()
                .map(|s| csv_field(s))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

async fn findings_csv(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: std::result::Result<Query<FindingFilter>, QueryRejection>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    let Query(mut filter) = q?;
    check_filter(&filter)?;
    filter.limit = Some(filter.limit.unwrap_or(10_000));
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    let body = blocking(move || {
        let cfg = app.config.clone();
        let (findings, _) = app.store.findings(p.id, &filter, &|t| cfg.sla_for(t))?;
        Ok(findings_csv_body(findings))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct KpiQuery {
    weeks: Option<i64>,
}

async fn product_kpis(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: std::result::Result<Query<KpiQuery>, QueryRejection>,
) -> Result<Json<crate::kpi::ProductKpis>> {
    let who = caller(&app, &headers).await?;
    let Query(q) = q?;
    in_range("weeks", q.weeks, 1, 520)?;
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    blocking(move || {
        let sla = app.config.sla_for(&p.risk_tier);
        Ok(Json(app.store.kpis(
            p.id,
            sla,
            tollgate_core::time::now_unix(),
            q.weeks.unwrap_or(12),
        )?))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
struct ImportQuery {
    branch: Option<String>,
    format: Option<String>,
}

async fn create_import(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    q: std::result::Result<Query<ImportQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    let Query(q) = q?;
    let p = visible_product(&app, &who, name).await?;
    if !who.role.may_upload() {
        return Err(ApiError::forbidden("upload scans"));
    }
    if let Some(f) = &q.format {
        if !["tollgate", "sarif", "cyclonedx", "openvex"].contains(&f.as_str()) {
            return Err(ApiError::bad(format!(
                "unknown format `{f}` (tollgate, sarif, cyclonedx, openvex)"
            )));
        }
    }
    let branch = q.branch.unwrap_or_else(|| "main".into());
    if !crate::store::valid_name(&branch, true) {
        return Err(ApiError::bad(format!("invalid branch name `{branch}`")));
    }
    let gzip = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().eq_ignore_ascii_case("gzip"))
        .unwrap_or(false);
    let app2 = app.clone();
    let (status, import) = blocking(move || {
        let bytes = if gzip {
            crate::imports::gunzip(&body, app2.config.max_upload).map_err(ApiError::bad)?
        } else {
            body.to_vec()
        };
        // Broken JSON is refused at once, with its line; the format is recognised once,
        // here, and kept with the import. A JSON object that is no report the import tells.
        if !bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{')
        {
            return Err(ApiError::bad(
                "the body is not a JSON object: send a Tollgate report, a SARIF log, a CycloneDX BOM or an OpenVEX document",
            ));
        }
        let detected =
            crate::ingest::detect(&bytes).map_err(|e| ApiError::bad(format!("the body is {e}")))?;
        let detected = q.format.as_deref().or(detected);
        let (import, fresh) =
            app2.imports
                .submit(&app2.store, p.id, &branch, detected, &bytes, &who.name)?;
        Ok((
            if fresh {
                StatusCode::ACCEPTED
            } else {
                StatusCode::OK
            },
            import,
        ))
    })
    .await?;
    Ok((status, Json(import)).into_response())
}

/// The ledger's words stay in the server's log.
fn ledger_failure(e: String) -> ApiError {
    eprintln!("tollgate serve: ledger error: {e}");
    ApiError(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the evidence ledger could not be read".into(),
    )
}

/// The latest signed checkpoint of the product's ledger (C2SP tlog-checkpoint).
async fn ledger_checkpoint(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    let p = visible_product(&app, &who, name).await?;
    let app = app.clone();
    let note = blocking(move || app.ledgers.checkpoint(&p.name).map_err(ledger_failure)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        note,
    )
        .into_response())
}

/// A hash tile or entry bundle of the tree of the latest checkpoint (C2SP tlog-tiles).
/// A full tile never changes; a partial one is a prefix of what its full tile will hold.
async fn ledger_tile(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((name, tile)): Path<(String, String)>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    let p = visible_product(&app, &who, name).await?;
    let id = tollgate_ledger::tiles::TileId::parse(&tile).ok_or_else(ApiError::not_found)?;
    let app = app.clone();
    let bytes = blocking(move || app.ledgers.tile(&p.name, id).map_err(ledger_failure))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let cache = if id.width == tollgate_ledger::tiles::TILE_WIDTH {
        "private, max-age=31536000, immutable"
    } else {
        "private, no-cache"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// A query number within the bounds the OpenAPI document gives it.
fn in_range(name: &str, v: Option<i64>, lo: i64, hi: i64) -> Result<()> {
    match v {
        Some(n) if n < lo || n > hi => Err(ApiError::bad(format!("`{name}` must be {lo} to {hi}"))),
        _ => Ok(()),
    }
}

fn check_filter(f: &FindingFilter) -> Result<()> {
    in_range("limit", f.limit, 1, 10_000)?;
    in_range("offset", f.offset, 0, 1_000_000_000)
}

pub(crate) fn parse_id(s: &str) -> Result<i64> {
    s.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(ApiError::not_found)
}

async fn get_import(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<crate::imports::ImportView>> {
    let who = caller(&app, &headers).await?;
    let id = parse_id(&id)?;
    let app = app.clone();
    blocking(move || match app.imports.get(&app.store, id)? {
        Some((product, view)) if who.sees(product) => Ok(Json(view)),
        _ => Err(ApiError::not_found()),
    })
    .await
}

async fn get_finding(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    let id = parse_id(&id)?;
    let app = app.clone();
    blocking(move || {
        match app.store.finding_product(id)? {
            Some(p) if who.sees(p) => {}
            _ => return Err(ApiError::not_found()),
        }
        let cfg = app.config.clone();
        let (finding, detail, events) = app
            .store
            .finding(id, &|t| cfg.sla_for(t))?
            .ok_or_else(ApiError::not_found)?;
        let detail: serde_json::Value =
            serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null);
        Ok(Json(
            json!({ "finding": finding, "detail": detail, "history": events }),
        ))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriageBody {
    action: String,
    reason: String,
    /// For `accept`: when the acceptance ends (RFC 3339 or `YYYY-MM-DD`).
    #[serde(default)]
    expires: Option<String>,
}

/// Longest acceptance: a year, as exception processes at banks usually allow.
const MAX_ACCEPT_DAYS: i64 = 366;

/// Checks and records one triage decision of `who` on finding `id`, with its ledger
/// entry; the API and the dashboard's form both come through here. A finding `who` may
/// not see is not found.
pub(crate) fn apply_triage(
    app: &App,
    who: &Principal,
    id: i64,
    action: &str,
    reason: &str,
    expires: Option<&str>,
) -> Result<()> {
    match app.store.finding_product(id)? {
        Some(p) if who.sees(p) => {}
        _ => return Err(ApiError::not_found()),
    }
    if !who.role.may_triage() {
        return Err(ApiError::forbidden("triage findings"));
    }
    if reason.trim().is_empty() || reason.chars().count() > 2000 {
        return Err(ApiError::bad("a reason (1-2000 characters) is required"));
    }
    // People paste things into reasons; a secret pasted there is not kept.
    let reason = tollgate_dast::safe::text(reason.trim());
    let now = tollgate_core::time::now_unix();
    let action = match action {
        "accept" => {
            let e = expires.ok_or_else(|| ApiError::bad("an acceptance needs `expires`"))?;
            let until = tollgate_core::time::parse_rfc3339(e)
                .or_else(|| tollgate_core::time::parse_date(e).map(|d| d * 86_400))
                .ok_or_else(|| ApiError::bad(format!("`expires`: `{e}` is not a date")))?;
            if until > now + MAX_ACCEPT_DAYS * 86_400 {
                return Err(ApiError::bad("an acceptance may last at most 366 days"));
            }
            Triage::Accept { reason, until }
        }
        "false_positive" => Triage::FalsePositive { reason },
        "reopen" => Triage::Reopen { reason },
        other => {
            return Err(ApiError::bad(format!(
                "unknown action `{other}` (accept, false_positive, reopen)"
            )))
        }
    };
    let ledgers = app.ledgers.clone();
    app.store
        .triage(id, &action, &who.name, now, &|product, record| {
            ledgers.append(product, record).map(|_| ())
        })?;
    Ok(())
}

async fn triage(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: std::result::Result<Json<TriageBody>, JsonRejection>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    let id = parse_id(&id)?;
    let Json(b) = body?;
    let app = app.clone();
    blocking(move || {
        apply_triage(&app, &who, id, &b.action, &b.reason, b.expires.as_deref())?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewToken {
    name: String,
    role: String,
    #[serde(default)]
    product: Option<String>,
}

async fn create_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: std::result::Result<Json<NewToken>, JsonRejection>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    if !who.is_global_admin() {
        return Err(ApiError::forbidden("create tokens"));
    }
    let Json(b) = body?;
    let role = Role::parse(&b.role)
        .ok_or_else(|| ApiError::bad("role: viewer, uploader, triager or admin"))?;
    let app = app.clone();
    let (token, key_id) = blocking(move || {
        let product = match &b.product {
            Some(name) => Some(app.store.product(name)?.ok_or_else(ApiError::not_found)?.id),
            None => None,
        };
        let token = app.tokens.create(
            &app.store,
            &b.name,
            role,
            product,
            tollgate_core::time::now_unix(),
        )?;
        let key_id = crate::auth::key_id_of(&token)
            .unwrap_or_default()
            .to_string();
        Ok((token, key_id))
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "key_id": key_id })),
    )
        .into_response())
}

async fn list_tokens(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>> {
    let who = caller(&app, &headers).await?;
    if who.role != Role::Admin {
        return Err(ApiError::forbidden("list tokens"));
    }
    let app = app.clone();
    blocking(move || {
        Ok(Json(
            json!({ "tokens": app.tokens.list(&app.store, who.product)? }),
        ))
    })
    .await
}

async fn revoke_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(key_id): Path<String>,
) -> Result<Response> {
    let who = caller(&app, &headers).await?;
    if !who.is_global_admin() {
        return Err(ApiError::forbidden("revoke tokens"));
    }
    let app = app.clone();
    blocking(move || {
        if app
            .tokens
            .revoke(&app.store, &key_id, tollgate_core::time::now_unix())?
        {
            Ok(StatusCode::NO_CONTENT.into_response())
        } else {
            Err(ApiError::not_found())
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn the_bucket_empties_and_refills() {
        let l = Limiter::new(1000.0, 3.0);
        assert!(l.take("a").is_ok() && l.take("a").is_ok() && l.take("a").is_ok());
        assert!(l.take("a").is_err());
        assert!(l.take("b").is_ok(), "buckets are per key");
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(l.take("a").is_ok());
    }
}
