//! The CLI's side of an upload: `tollgate upload` and `tollgate scan --upload`.
//!
//! The token comes from `TOLLGATE_TOKEN` or a file, never from a command-line argument
//! (other users of the machine can read those). Reports are gzip-compressed on the way.

use std::io::Write;
use std::time::Duration;
use tollgate_dast::http::{self, Limits, Request, Url};
use tollgate_dast::tls::{Tls, TlsOptions};

/// Where and as what to upload.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The server's base URL (`http://tollgate.internal:8080`).
    pub server: String,
    pub product: String,
    pub branch: String,
    /// `tollgate` or `sarif`; recognised by the server when absent.
    pub format: Option<String>,
    pub token: String,
    /// Wait for the import to be applied, up to this long.
    pub wait: Option<Duration>,
    /// PEM files of CAs to trust beside the bundled roots, for an `https://` server with
    /// a private CA. The certificate is always verified.
    pub ca_certs: Vec<std::path::PathBuf>,
}

/// The token from `TOLLGATE_TOKEN`, or the first line of `file`.
pub fn token(file: Option<&std::path::Path>) -> Result<String, String> {
    if let Some(f) = file {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let t = text.lines().next().unwrap_or("").trim().to_string();
        if t.is_empty() {
            return Err(format!("{}: empty token file", f.display()));
        }
        return Ok(t);
    }
    match std::env::var("TOLLGATE_TOKEN") {
        Ok(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
        _ => Err("an API token is needed: set TOLLGATE_TOKEN or pass --token-file FILE".into()),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn limits() -> Limits {
    Limits {
        max_body_bytes: 16 << 20,
        ..Limits::default()
    }
}

/// The server's answer as `(status, JSON)`; an error names the server, never the token.
fn call(req: &Request, tls: Option<&Tls>) -> Result<(u16, serde_json::Value), String> {
    let r = http::send(req, Duration::from_secs(120), &limits(), tls)
        .map_err(|e| format!("{}: {e}", req.url))?;
    let v = serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
    Ok((r.status, v))
}

/// The TLS settings for `base` when it is an `https://` URL: the bundled roots and
/// `ca_certs`; the certificate is always verified.
fn tls_for(base: &str, ca_certs: &[std::path::PathBuf]) -> Result<Option<Tls>, String> {
    if !base.to_ascii_lowercase().starts_with("https://") {
        return Ok(None);
    }
    let roots = tollgate_dast::tls::roots(&TlsOptions {
        ca_certs: ca_certs.to_vec(),
        insecure: false,
    })
    .map_err(|e| e.to_string())?;
    Ok(Some(Tls::new(&roots, false).map_err(|e| e.to_string())?))
}

/// A log's C2SP tiles over HTTP: `base` is a server's `…/api/v1/products/<p>/ledger` or
/// the root of any static copy (`export-tiles` output on a web server). Each response is
/// bounded by what the layout allows and by a timeout; redirects are not followed, so
/// the token goes nowhere but `base`'s host.
pub struct HttpTiles {
    base: String,
    token: Option<String>,
    tls: Option<Tls>,
    timeout: Duration,
}

impl HttpTiles {
    pub fn new(
        base: &str,
        token: Option<String>,
        ca_certs: &[std::path::PathBuf],
    ) -> Result<HttpTiles, String> {
        let base = base.trim_end_matches('/').to_string();
        Url::parse(&base).map_err(|e| e.to_string())?;
        Ok(HttpTiles {
            tls: tls_for(&base, ca_certs)?,
            base,
            token,
            timeout: Duration::from_secs(30),
        })
    }
}

impl tollgate_ledger::remote::TileSource for HttpTiles {
    fn fetch(&self, path: &str, max: usize) -> Result<Option<Vec<u8>>, String> {
        let at = self.locate(path);
        let url = Url::parse(&at).map_err(|e| e.to_string())?;
        let mut req = Request::new("GET", url);
        if let Some(t) = &self.token {
            req.headers
                .push(("Authorization".into(), format!("Bearer {t}")));
        }
        let limits = Limits {
            max_body_bytes: max,
            ..Limits::default()
        };
        let r = http::send(&req, self.timeout, &limits, self.tls.as_ref())
            .map_err(|e| format!("{at}: {e}"))?;
        match r.status {
            200 if r.truncated => Err(format!("{at}: larger than {max} bytes")),
            200 => Ok(Some(r.body)),
            404 => Ok(None),
            401 | 403 => Err(format!(
                "{at}: the server refused the request ({}): give a token of this product in --token-file or TOLLGATE_TOKEN",
                r.status
            )),
            s => Err(format!("{at}: the server answered {s}")),
        }
    }

    fn locate(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }
}

/// The origin of the ledger a server URL (`…/api/v1/products/<p>/ledger`) names.
pub fn server_ledger_origin(url: &str) -> Option<String> {
    let path = Url::parse(url.trim_end_matches('/'))
        .ok()?
        .path()
        .to_string();
    let (_, rest) = path.rsplit_once("/api/v1/products/")?;
    let product = rest.strip_suffix("/ledger")?;
    (!product.is_empty() && !product.contains('/')).then(|| crate::ledger::Ledgers::origin(product))
}

/// Sends `report` and returns the server's import record (after waiting, if asked).
pub fn upload(u: &Upload, report: &[u8]) -> Result<serde_json::Value, String> {
    let base = u.server.trim_end_matches('/');
    let mut target = format!(
        "{base}/api/v1/products/{}/imports?branch={}",
        http::encode(&u.product),
        http::encode(&u.branch)
    );
    if let Some(f) = &u.format {
        target.push_str(&format!("&format={}", http::encode(f)));
    }
    let url = Url::parse(&target).map_err(|e| format!("--upload {base}: {e}"))?;
    let tls = tls_for(base, &u.ca_certs)?;
    let mut req = Request::new("POST", url);
    req.headers
        .push(("Authorization".into(), format!("Bearer {}", u.token)));
    req.headers
        .push(("Content-Type".into(), "application/json".into()));
    req.headers.push(("Content-Encoding".into(), "gzip".into()));
    req.body = gzip(report);
    let (status, v) = call(&req, tls.as_ref())?;
    if !(200..300).contains(&status) {
        let why = v["error"].as_str().unwrap_or("no reason given");
        return Err(format!("the server refused the upload ({status}): {why}"));
    }
    let Some(wait) = u.wait else {
        return Ok(v);
    };
    let id = v["id"]
        .as_i64()
        .ok_or("the server's answer has no import id")?;
    let start = std::time::Instant::now();
    loop {
        let url = Url::parse(&format!("{base}/api/v1/imports/{id}")).map_err(|e| e.to_string())?;
        let mut req = Request::new("GET", url);
        req.headers
            .push(("Authorization".into(), format!("Bearer {}", u.token)));
        let (status, v) = call(&req, tls.as_ref())?;
        if status != 200 {
            return Err(format!("import {id}: the server answered {status}"));
        }
        match v["status"].as_str() {
            Some("done") | Some("failed") => return Ok(v),
            _ if start.elapsed() > wait => {
                return Err(format!(
                    "import {id} was not applied within {} s",
                    wait.as_secs()
                ))
            }
            _ => std::thread::sleep(Duration::from_millis(250)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_ledger_url_names_its_origin() {
        for (url, want) in [
            (
                "http://127.0.0.1:8080/api/v1/products/payments/ledger",
                Some("tollgate-server/payments"),
            ),
            (
                "https://tg.bank.example/base/api/v1/products/p-1/ledger/",
                Some("tollgate-server/p-1"),
            ),
            ("https://mirror.example/tiles", None),
            ("http://h/api/v1/products//ledger", None),
            ("http://h/api/v1/products/a/b/ledger", None),
            ("not a url", None),
        ] {
            assert_eq!(server_ledger_origin(url).as_deref(), want, "{url}");
        }
    }
}
