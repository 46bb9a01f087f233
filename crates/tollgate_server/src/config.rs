//! The server's settings: `[server]` in `tollgate.toml`, then environment variables, then
//! flags, each overriding the one before.

use crate::store::Sla;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: String,
    /// `postgres://…`, or a SQLite file (default: `tollgate.db` in the data directory).
    pub database: Option<String>,
    /// Where the SQLite file, the upload spool and the first admin token live.
    pub data_dir: PathBuf,
    /// Largest upload, after decompression (bytes; `256MiB` style in the file).
    #[serde(deserialize_with = "size")]
    pub max_upload: u64,
    /// Largest body of any other request.
    #[serde(deserialize_with = "size")]
    pub max_body: u64,
    /// Requests per second allowed per token (or per address without one), and the burst.
    pub rate_limit: f64,
    pub rate_burst: f64,
    /// Database connections.
    pub connections: usize,
    /// SLA days per severity for products without a tier of their own here.
    pub sla: Sla,
    /// SLA days per risk tier (`[server.sla_tiers.critical]`), overriding `sla`.
    pub sla_tiers: BTreeMap<String, Sla>,
    /// Mark the dashboard's session cookie `Secure` on every response, for a server behind
    /// a TLS-terminating proxy that does not send `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// Sign-in for people through an OpenID Connect provider (`[server.oidc]`).
    pub oidc: Option<crate::oidc::OidcConfig>,
    /// The advisory database uploaded CycloneDX BOMs are matched against (the directory
    /// `tollgate db update` writes); default: the one `tollgate scan` uses (`$TOLLGATE_DB`,
    /// else the user's cache directory).
    pub advisory_db: Option<PathBuf>,
}

fn size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        N(u64),
        S(String),
    }
    match Size::deserialize(d)? {
        Size::N(n) => Ok(n),
        Size::S(s) => tollgate_core::config::parse_size(&s).map_err(serde::de::Error::custom),
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8080".into(),
            database: None,
            data_dir: PathBuf::from("tollgate-server"),
            max_upload: 256 << 20,
            max_body: 1 << 20,
            rate_limit: 50.0,
            rate_burst: 500.0,
            connections: 8,
            sla: Sla::default(),
            sla_tiers: BTreeMap::new(),
            secure_cookies: false,
            oidc: None,
            advisory_db: None,
        }
    }
}

impl ServerConfig {
    /// Environment variables over the file's values.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        if let Some(v) = get("TOLLGATE_SERVER_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = get("TOLLGATE_DATABASE_URL") {
            self.database = Some(v);
        }
        if let Some(v) = get("TOLLGATE_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("TOLLGATE_MAX_UPLOAD") {
            self.max_upload = tollgate_core::config::parse_size(&v)
                .map_err(|e| format!("TOLLGATE_MAX_UPLOAD: {e}"))?;
        }
        if let Some(v) = get("TOLLGATE_RATE_LIMIT") {
            self.rate_limit = v
                .parse()
                .map_err(|_| format!("TOLLGATE_RATE_LIMIT: `{v}` is not a number"))?;
        }
        Ok(())
    }

    /// The advisory database BOMs are checked against.
    pub fn advisory_dir(&self) -> PathBuf {
        self.advisory_db
            .clone()
            .unwrap_or_else(tollgate_deps::store::default_dir)
    }

    /// The SLA of a risk tier.
    pub fn sla_for(&self, tier: &str) -> Sla {
        self.sla_tiers.get(tier).copied().unwrap_or(self.sla)
    }

    /// The database location: the URL given, or the SQLite file in the data directory.
    pub fn database_location(&self) -> crate::db::Location {
        match &self.database {
            Some(d) => crate::db::Location::parse(d),
            None => crate::db::Location::Sqlite(
                self.data_dir
                    .join("tollgate.db")
                    .to_string_lossy()
                    .into_owned(),
            ),
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(self.rate_limit > 0.0 && self.rate_burst >= 1.0) {
            return Err("server.rate_limit must be above 0 and rate_burst at least 1".into());
        }
        for (tier, sla) in std::iter::once(("default", &self.sla))
            .chain(self.sla_tiers.iter().map(|(k, v)| (k.as_str(), v)))
        {
            if [sla.critical, sla.high, sla.medium, sla.low]
                .iter()
                .any(|d| *d < 1 || *d > 3650)
            {
                return Err(format!("server SLA for `{tier}`: days must be 1 to 3650"));
            }
        }
        if let Some(o) = &self.oidc {
            o.validate()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        let mut c: ServerConfig = toml::from_str(
            "listen = '0.0.0.0:9000'\nmax_upload = '64MiB'\n[sla_tiers.critical]\ncritical = 3\nhigh = 14\nmedium = 30\nlow = 90\n",
        )
        .unwrap();
        assert_eq!(c.max_upload, 64 << 20);
        assert_eq!(c.sla_for("critical").critical, 3);
        assert_eq!(c.sla_for("standard"), Sla::default());
        c.apply_env(|k| (k == "TOLLGATE_SERVER_LISTEN").then(|| "127.0.0.1:1".to_string()))
            .unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
        assert!(c.validate().is_ok());
        assert!(toml::from_str::<ServerConfig>("listn = 'x'").is_err());
    }
}
