//! The Tollgate server: every product's findings over time, across branches and
//! pipelines, with their lifecycle, SLAs and key figures, behind an HTTP API.
//!
//! - [`db`]: one SQL interface over SQLite (the default) and PostgreSQL.
//! - [`schema`]: versioned migrations applied on start.
//! - [`store`]: products, branches, scans, findings and the lifecycle.
//! - [`ingest`]: Tollgate reports, SARIF and CycloneDX BOMs ([`bom`]) as one incoming
//!   scan.
//! - [`imports`]: uploads taken at once and applied in the background.
//! - [`vex`]: OpenVEX statements kept per product and applied to its findings.
//! - [`auth`]: hashed, scoped API tokens; [`oidc`]: sign-in for people.
//! - [`api`]: the routes; [`openapi`]: their document.
//! - [`kpi`] and [`metrics`]: the figures.
//! - [`ledger`]: each product's evidence log.

pub mod api;
pub mod auth;
pub mod bom;
pub mod client;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod imports;
pub mod ingest;
pub mod kpi;
pub mod ledger;
pub mod metrics;
pub mod oidc;
pub mod openapi;
pub mod schema;
pub mod store;
pub mod vex;

use std::sync::Arc;

pub use config::ServerConfig;

/// A server ready to listen: storage opened and migrated, the import worker running.
pub struct Server {
    pub app: Arc<api::App>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Setup(String),
    #[error("{0}: {1}")]
    Database(String, store::StoreError),
}

impl Server {
    /// Opens storage (creating the data directory and applying migrations) and starts
    /// the import worker.
    pub fn open(config: ServerConfig) -> Result<Server, ServerError> {
        config.validate().map_err(ServerError::Setup)?;
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| ServerError::Setup(format!("{}: {e}", config.data_dir.display())))?;
        let location = config.database_location();
        let shown = location.display();
        let pool = db::Pool::new(location, config.connections)
            .map_err(|e| ServerError::Database(shown.clone(), e.into()))?;
        let store = Arc::new(
            store::Store::open(pool).map_err(|e| ServerError::Database(shown.clone(), e))?,
        );
        let ledgers =
            Arc::new(ledger::Ledgers::open(&config.data_dir).map_err(ServerError::Setup)?);
        let imports = imports::Imports::new(config.data_dir.join("spool"))
            .with_advisories(config.advisory_dir());
        imports
            .start(store.clone(), ledgers.clone())
            .map_err(|e| ServerError::Database(shown.clone(), e))?;
        let oidc = match &config.oidc {
            Some(o) => Some(Arc::new(
                oidc::Oidc::new(o.clone(), |k| std::env::var(k).ok())
                    .map_err(ServerError::Setup)?,
            )),
            None => None,
        };
        let mut app = api::App::new(store, config, imports, ledgers);
        app.oidc = oidc;
        let app = Arc::new(app);
        Ok(Server { app })
    }

    /// On a database without tokens, makes the first administrator token and writes it to
    /// `admin-token` (mode 0600) in the data directory; the path is returned, never the
    /// token.
    pub fn bootstrap_admin(&self) -> Result<Option<std::path::PathBuf>, ServerError> {
        let store = &self.app.store;
        let count = store
            .pool
            .with(|c| Ok::<_, store::StoreError>(c.query_int("SELECT COUNT(*) FROM tokens", &[])?))
            .map_err(|e| ServerError::Database("tokens".into(), e))?
            .unwrap_or(0);
        if count > 0 {
            return Ok(None);
        }
        let token = self
            .app
            .tokens
            .create(
                store,
                "first administrator",
                auth::Role::Admin,
                None,
                tollgate_core::time::now_unix(),
            )
            .map_err(|e| ServerError::Database("tokens".into(), e))?;
        let path = self.app.config.data_dir.join("admin-token");
        write_private(&path, &token).map_err(ServerError::Setup)?;
        Ok(Some(path))
    }

    /// Serves until ctrl-c (or `shutdown` resolves).
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = self.app.clone();
        // Acceptances expire even when no scan arrives.
        let sweeper = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                let s = sweeper.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    s.store.sweep(tollgate_core::time::now_unix())
                })
                .await;
            }
        });
        let router = api::router(app);
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

impl Server {
    /// Binds `listen` and serves until interrupted (ctrl-c or SIGTERM), on a runtime of its
    /// own; `ready` is told the bound address first.
    pub fn run(
        self,
        listen: &str,
        ready: impl FnOnce(std::net::SocketAddr),
    ) -> std::io::Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("tollgate-serve")
            .build()?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind(listen).await?;
            ready(listener.local_addr()?);
            self.serve(listener, shutdown_signal()).await
        })
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Writes a secret to a new file only its owner may read.
fn write_private(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(format!("{text}\n").as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}
