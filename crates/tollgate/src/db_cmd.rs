//! `tollgate db update|import|status`: the offline advisory database.

use crate::cli::{DbAction, DbArgs};
use crate::EXIT_PASS;
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;
use tollgate_deps::fetch;
use tollgate_deps::store::{default_dir, Store};

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
            timeout,
            max_size,
            force,
        } => {
            if !(timeout.is_finite() && timeout > 0.0) {
                bail!("--timeout must be a positive number of seconds");
            }
            let update = tollgate_engine::advisories::Update {
                base_url: &base_url,
                ecosystems: &ecosystems,
                fetch: fetch::Options {
                    max_bytes: tollgate_core::config::parse_size(&max_size)
                        .map_err(|e| anyhow!("--max-size: {e}"))?,
                    timeout: std::time::Duration::from_secs_f64(timeout.min(86_400.0)),
                    progress: show_progress(),
                },
                force,
            };
            let store = tollgate_engine::advisories::update(
                &dir,
                &update,
                &now,
                &mut |url, done| match done {
                    None => eprint!("downloading {url} ... "),
                    Some(bytes) => eprintln!("{:.1} MiB", bytes as f64 / 1048576.0),
                },
            )?;
            print_status(&dir, &store);
            Ok(EXIT_PASS)
        }
    }
}

fn print_status(dir: &Path, store: &Store) {
    let today = tollgate_core::time::now_unix().div_euclid(86_400);
    for line in tollgate_engine::advisories::status_lines(dir, store, today) {
        println!("{line}");
    }
}

/// A progress display only for a person at a terminal, never in CI.
fn show_progress() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false")
}

/// `tollgate cbom`: exits 1 (after writing the CBOM) when some files could not be analysed,
/// since the inventory then misses what they use.
pub fn cbom(path: &Path, output: Option<&Path>, config: Option<&Path>) -> Result<u8> {
    let config = match config {
        Some(p) => tollgate_engine::ConfigSource::File(p.to_path_buf()),
        None => tollgate_engine::ConfigSource::Discover,
    };
    let (body, missing) = tollgate_engine::sbom::cbom(path, &config)?;
    let code = crate::write_or_print(output, &body)?;
    if missing.is_empty() {
        return Ok(code);
    }
    eprintln!(
        "error: {} file(s) could not be analysed; the inventory misses what they use:",
        missing.len()
    );
    for m in &missing {
        eprintln!("  {m}");
    }
    Ok(1)
}

pub fn sbom(path: &Path, format: &str, output: Option<&Path>, config: Option<&Path>) -> Result<u8> {
    let config = match config {
        Some(p) => tollgate_engine::ConfigSource::File(p.to_path_buf()),
        None => tollgate_engine::ConfigSource::Discover,
    };
    let (body, notes) = tollgate_engine::sbom::render(path, format, &config)?;
    for n in notes {
        eprintln!("{n}");
    }
    crate::write_or_print(output, &body)
}
