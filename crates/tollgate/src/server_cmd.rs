//! `tollgate serve`, `tollgate server …` (administration on the database directly) and
//! `tollgate upload`.

use crate::cli::{ServeArgs, ServerArgs, ServerCommand, StorageArgs, TokenCommand, UploadArgs};
use crate::{EXIT_ERROR, EXIT_PASS};
use anyhow::{anyhow, bail, Context, Result};
use std::time::Duration;
use tollgate_server::auth::Role;
use tollgate_server::{Server, ServerConfig};

/// `[server]` from the configuration file (when there is one), the environment, then the
/// flags.
fn config(storage: &StorageArgs) -> Result<ServerConfig> {
    let path = storage
        .config
        .clone()
        .or_else(|| Some(std::path::PathBuf::from("tollgate.toml")).filter(|p| p.exists()));
    // The same reader as every command's: the whole file is checked, and an error in
    // `[server]` names its line and column.
    let mut cfg = match &path {
        Some(p) => tollgate_core::config::Config::load(p, &tollgate_engine::registry::names())?
            .section::<ServerConfig>("server")?,
        None => ServerConfig::default(),
    };
    cfg.apply_env(|k| std::env::var(k).ok())
        .map_err(|e| anyhow!(e))?;
    if let Some(d) = &storage.database {
        cfg.database = Some(d.clone());
    }
    if let Some(d) = &storage.data_dir {
        cfg.data_dir = d.clone();
    }
    cfg.validate().map_err(|e| anyhow!(e))?;
    Ok(cfg)
}

pub fn serve(args: ServeArgs) -> Result<u8> {
    let mut cfg = config(&args.storage)?;
    if let Some(l) = &args.listen {
        cfg.listen = l.clone();
    }
    let listen = cfg.listen.clone();
    let shown = cfg.database_location().display();
    let server = Server::open(cfg).map_err(|e| anyhow!("{e}"))?;
    if let Some(path) = server.bootstrap_admin().map_err(|e| anyhow!("{e}"))? {
        eprintln!(
            "tollgate serve: no API tokens yet; the first administrator token is in {} (mode 0600)",
            path.display()
        );
    }
    server
        .run(&listen, |addr| {
            eprintln!("tollgate serve: listening on http://{addr} (database {shown})");
        })
        .with_context(|| format!("serving on {listen}"))?;
    Ok(EXIT_PASS)
}

pub fn server(args: ServerArgs) -> Result<u8> {
    match args.command {
        ServerCommand::Token(t) => match t {
            TokenCommand::Create {
                name,
                role,
                product,
                storage,
            } => {
                let role = Role::parse(&role)
                    .ok_or_else(|| anyhow!("--role: viewer, uploader, triager or admin"))?;
                let server = Server::open(config(&storage)?).map_err(|e| anyhow!("{e}"))?;
                let store = &server.app.store;
                let product = match &product {
                    Some(p) => Some(
                        store
                            .product(p)
                            .map_err(|e| anyhow!("{e}"))?
                            .ok_or_else(|| anyhow!("--product: no product `{p}`"))?
                            .id,
                    ),
                    None => None,
                };
                let token = server
                    .app
                    .tokens
                    .create(store, &name, role, product, tollgate_core::time::now_unix())
                    .map_err(|e| anyhow!("{e}"))?;
                // The one place a token is shown: to the administrator who asked for it,
                // on standard output only.
                println!("{token}");
                eprintln!(
                    "token `{name}` ({}) created; it is not shown again",
                    role.as_str()
                );
                Ok(EXIT_PASS)
            }
            TokenCommand::List { storage } => {
                let server = Server::open(config(&storage)?).map_err(|e| anyhow!("{e}"))?;
                for t in server
                    .app
                    .tokens
                    .list(&server.app.store, None)
                    .map_err(|e| anyhow!("{e}"))?
                {
                    println!(
                        "{}  {:<8}  {:<20}  {}{}",
                        t.key_id,
                        t.role.as_str(),
                        t.product.as_deref().unwrap_or("(all products)"),
                        t.name,
                        t.revoked_at
                            .map(|r| format!("  revoked {r}"))
                            .unwrap_or_default()
                    );
                }
                Ok(EXIT_PASS)
            }
            TokenCommand::Revoke { key_id, storage } => {
                let server = Server::open(config(&storage)?).map_err(|e| anyhow!("{e}"))?;
                if server
                    .app
                    .tokens
                    .revoke(&server.app.store, &key_id, tollgate_core::time::now_unix())
                    .map_err(|e| anyhow!("{e}"))?
                {
                    eprintln!("token {key_id} revoked");
                    Ok(EXIT_PASS)
                } else {
                    bail!("no live token with key id {key_id}")
                }
            }
        },
        ServerCommand::Product {
            name,
            tier,
            owner,
            scope,
            storage,
        } => {
            let server = Server::open(config(&storage)?).map_err(|e| anyhow!("{e}"))?;
            let p = server
                .app
                .store
                .create_product(
                    &tollgate_server::store::NewProduct {
                        name,
                        risk_tier: tier,
                        owner_team: owner,
                        regulatory_scope: scope,
                    },
                    tollgate_core::time::now_unix(),
                )
                .map_err(|e| anyhow!("{e}"))?;
            eprintln!("product `{}` created (tier {})", p.name, p.risk_tier);
            Ok(EXIT_PASS)
        }
    }
}

/// The upload settings of `tollgate upload` and `tollgate scan --upload`.
pub fn upload_settings(
    server: &str,
    product: Option<&str>,
    branch: Option<&str>,
    format: Option<&str>,
    token_file: Option<&std::path::Path>,
    wait: bool,
) -> Result<tollgate_server::client::Upload> {
    let product = product.ok_or_else(|| anyhow!("uploading needs --product NAME"))?;
    Ok(tollgate_server::client::Upload {
        server: server.to_string(),
        product: product.to_string(),
        branch: branch.unwrap_or("main").to_string(),
        format: format.map(str::to_string),
        token: tollgate_server::client::token(token_file).map_err(|e| anyhow!(e))?,
        wait: wait.then_some(Duration::from_secs(600)),
        ca_certs: std::env::var_os("TOLLGATE_CA_CERT")
            .map(|p| vec![std::path::PathBuf::from(p)])
            .unwrap_or_default(),
    })
}

/// Reports what the server said of an upload; an import that failed is a run error.
pub fn report_upload(result: &serde_json::Value) -> u8 {
    let id = result["id"].as_i64().unwrap_or(0);
    let status = result["status"].as_str().unwrap_or("?");
    let message = result["message"].as_str().unwrap_or("");
    eprintln!(
        "upload: import {id} {status}{}",
        if message.is_empty() {
            String::new()
        } else {
            format!(": {message}")
        }
    );
    // A BOM's components the server could not check: not clean, so they are named.
    if let Some(list) = result["unchecked"].as_array() {
        for u in list.iter().filter_map(|u| u.as_str()) {
            eprintln!("  not checked: {u}");
        }
    }
    if status == "failed" {
        EXIT_ERROR
    } else {
        EXIT_PASS
    }
}

pub fn upload(args: UploadArgs) -> Result<u8> {
    let bytes =
        std::fs::read(&args.report).with_context(|| format!("{}", args.report.display()))?;
    let u = upload_settings(
        &args.server,
        Some(&args.product),
        args.branch.as_deref(),
        args.format.as_deref(),
        args.token_file.as_deref(),
        args.wait,
    )?;
    let result = tollgate_server::client::upload(&u, &bytes).map_err(|e| anyhow!(e))?;
    Ok(report_upload(&result))
}
