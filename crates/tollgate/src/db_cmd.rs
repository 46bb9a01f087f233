//! `tollgate db update|import|status`: the offline advisory database.

use crate::cli::{DbAction, DbArgs};
use crate::EXIT_PASS;
use anyhow::{anyhow, bail, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use tollgate_deps::store::{default_dir, Store};
use tollgate_deps::Ecosystem;

/// Days after which `db status` and scans call the data old.
const STALE_DAYS: i64 = 7;

pub fn run(args: DbArgs) -> Result<u8> {
    let dir = args.db.clone().unwrap_or_else(default_dir);
    let now = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    match args.action {
        DbAction::Import { path } => {
            Store::import(&dir, &path, &now)
                .with_context(|| format!("importing {}", path.display()))?;
            print_status(&dir, &Store::open(&dir)?);
            Ok(EXIT_PASS)
        }
        DbAction::Status => {
            let store = Store::open(&dir)?;
            // A damaged store is said to be damaged, not listed as if it were sound.
            store.verify()?;
            print_status(&dir, &store);
            Ok(EXIT_PASS)
        }
        DbAction::Update {
            base_url,
            ecosystems,
        } => {
            let ecos: Vec<Ecosystem> = if ecosystems.is_empty() {
                Ecosystem::ALL.to_vec()
            } else {
                ecosystems
                    .iter()
                    .map(|e| {
                        Ecosystem::from_osv(e).ok_or_else(|| anyhow!("unknown ecosystem '{e}'"))
                    })
                    .collect::<Result<_>>()?
            };
            let tmp = dir.with_extension("download");
            std::fs::create_dir_all(&tmp)
                .with_context(|| format!("{}: cannot create", tmp.display()))?;
            for eco in ecos {
                let url = format!(
                    "{}/{}/all.zip",
                    base_url.trim_end_matches('/'),
                    eco.osv_name()
                );
                let file = tmp.join(format!("{}.zip", eco.osv_name()));
                eprint!("downloading {url} ... ");
                let bytes = download(&url, &file).map_err(|e| {
                    anyhow!("cannot download {url}: {e:#}\nIf this machine is offline, download the file elsewhere and run `tollgate db import FILE`.")
                })?;
                eprintln!("{:.1} MiB", bytes as f64 / 1048576.0);
                Store::import(&dir, &file, &now).with_context(|| format!("importing {url}"))?;
                let _ = std::fs::remove_file(&file);
            }
            let _ = std::fs::remove_dir(&tmp);
            print_status(&dir, &Store::open(&dir)?);
            Ok(EXIT_PASS)
        }
    }
}

fn print_status(dir: &Path, store: &Store) {
    let meta = &store.meta;
    let today = tollgate_core::time::now_unix().div_euclid(86_400);
    println!("advisory database {}", dir.display());
    println!(
        "{:<12} {:>10} {:>9} {:>14} {:>10}  {:<22} imported",
        "ecosystem", "advisories", "packages", "informational", "withdrawn", "snapshot"
    );
    for (name, m) in &meta.ecosystems {
        println!(
            "{:<12} {:>10} {:>9} {:>14} {:>10}  {:<22} {}",
            name,
            m.advisories,
            m.packages,
            m.informational,
            m.withdrawn_skipped,
            m.snapshot,
            m.imported_at
        );
        // The data's own age: an old snapshot imported today is still old.
        match Ecosystem::from_osv(name).and_then(|e| store.snapshot_age_days(e, today)) {
            Some(d) if d > STALE_DAYS => println!("  warning: {name} advisories are {d} days old (newest record {}); run `tollgate db update`", m.snapshot),
            Some(_) => {}
            None => println!("  warning: {name} records carry no date: the age of this data is unknown"),
        }
    }
}

/// A progress display only for a person at a terminal, never in CI.
fn show_progress() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false")
}

/// Download `url` to `to`, returning the size. `http://` is fetched here (loopback
/// mirrors, tests); `https://` through the system's `curl`.
fn download(url: &str, to: &Path) -> Result<u64> {
    if let Some(rest) = url.strip_prefix("http://") {
        return http_get(rest, to);
    }
    if !url.starts_with("https://") {
        bail!("only http:// and https:// URLs are supported");
    }
    let quiet = if show_progress() { "-fL" } else { "-fsSL" };
    let mut curl = std::process::Command::new("curl");
    curl.arg(quiet);
    if show_progress() {
        curl.arg("--progress-bar");
    }
    let status = curl
        .args(["--retry", "2", "--connect-timeout", "20", "-o"])
        .arg(to)
        .arg(url)
        .status()
        .map_err(|e| anyhow!("cannot run curl: {e}"))?;
    if !status.success() {
        bail!("curl exited with {status}");
    }
    Ok(std::fs::metadata(to)?.len())
}

fn http_get(host_and_path: &str, to: &Path) -> Result<u64> {
    let (host, path) = host_and_path
        .split_once('/')
        .map_or((host_and_path, "/".to_string()), |(h, p)| {
            (h, format!("/{p}"))
        });
    let addr = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let mut stream =
        std::net::TcpStream::connect(&addr).with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tollgate/{}\r\nConnection: close\r\n\r\n", tollgate_core::TOOL_VERSION);
    stream.write_all(request.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| anyhow!("not an HTTP response"))?;
    let mut length: Option<u64> = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse().ok(),
                "transfer-encoding" => chunked = v.trim().eq_ignore_ascii_case("chunked"),
                _ => {}
            }
        }
    }
    if code != 200 {
        bail!("HTTP {code}");
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|_| anyhow!("bad chunk"))?;
            if n == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + n, 0);
            reader.read_exact(&mut body[start..])?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf)?;
        }
    } else {
        let mut chunk = vec![0u8; 1 << 16];
        let progress = show_progress();
        loop {
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
            if progress {
                match length {
                    Some(l) => eprint!(
                        "\r  {:5.1} / {:.1} MiB \x1b[K",
                        body.len() as f64 / 1048576.0,
                        l as f64 / 1048576.0
                    ),
                    None => eprint!("\r  {:5.1} MiB \x1b[K", body.len() as f64 / 1048576.0),
                }
            }
        }
        if progress {
            eprint!("\r\x1b[K");
        }
        if let Some(l) = length {
            if body.len() as u64 != l {
                bail!("connection closed after {} of {l} bytes", body.len());
            }
        }
    }
    std::fs::write(to, &body).with_context(|| format!("{}: cannot write", to.display()))?;
    Ok(body.len() as u64)
}

pub fn sbom(path: &Path, format: &str, output: Option<&Path>, config: Option<&Path>) -> Result<u8> {
    if !matches!(format, "cyclonedx" | "spdx") {
        bail!("unknown SBOM format '{format}' (expected cyclonedx or spdx)");
    }
    let (config, _) = crate::scan::load_config_from(config, path)?;
    let collector = tollgate_deps::sbom::Collector::new(&crate::scan::dir_of(path));
    let opts = tollgate_core::walk::WalkOptions::new(path, &config.scan, 0);
    let scanners: Vec<&dyn tollgate_core::Scanner> = vec![&collector];
    tollgate_core::walk::walk(&opts, &scanners, None)?;
    let (inventory, errors, unsupported) = collector.finish();
    for u in &unsupported {
        eprintln!("note: {u} is not supported yet and is not in the SBOM");
    }
    if !errors.is_empty() {
        // An SBOM that silently leaves out a lockfile would misstate the inventory.
        bail!(
            "lockfiles that could not be read:\n  {}",
            errors.join("\n  ")
        );
    }
    let root = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let time = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let body = match format {
        "cyclonedx" => tollgate_deps::sbom::cyclonedx(&root, &inventory, &time),
        _ => tollgate_deps::sbom::spdx(&root, &inventory, &time),
    };
    match output {
        Some(p) => {
            std::fs::write(p, body).with_context(|| format!("{}: cannot write", p.display()))?
        }
        None => print!("{body}"),
    }
    Ok(EXIT_PASS)
}
