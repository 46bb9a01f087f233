//! `tollgate db update|import|status`: the offline advisory database.

use crate::cli::{DbAction, DbArgs};
use crate::EXIT_PASS;
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};
use tollgate_deps::fetch;
use tollgate_deps::store::{default_dir, ImportOptions, Store};
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
            timeout,
            max_size,
            force,
        } => {
            let ecos: Vec<Ecosystem> = if ecosystems.is_empty() {
                Ecosystem::ALL.to_vec()
            } else {
                ecosystems
                    .iter()
                    .map(|e| {
                        Ecosystem::from_osv(e).ok_or_else(|| {
                            anyhow!("unknown ecosystem {}", tollgate_core::redact::quote(e))
                        })
                    })
                    .collect::<Result<_>>()?
            };
            if !(timeout.is_finite() && timeout > 0.0) {
                bail!("--timeout must be a positive number of seconds");
            }
            let opts = fetch::Options {
                max_bytes: parse_size(&max_size)?,
                timeout: std::time::Duration::from_secs_f64(timeout.min(86_400.0)),
                progress: show_progress(),
            };
            let tmp = Download::create(dir.with_extension("download"))?;
            let import = ImportOptions {
                refuse_shrink: !force,
                ..Default::default()
            };
            for eco in ecos {
                let url = format!(
                    "{}/{}/all.zip",
                    base_url.trim_end_matches('/'),
                    eco.osv_name()
                );
                let file = tmp.0.join(format!("{}.zip", eco.osv_name()));
                eprint!("downloading {url} ... ");
                let bytes = fetch::download(&url, &file, &opts).map_err(|e| {
                    anyhow!("cannot download {url}: {e}\nIf this machine is offline, download the file elsewhere and run `tollgate db import FILE`.")
                })?;
                eprintln!("{:.1} MiB", bytes as f64 / 1048576.0);
                Store::import_with(&dir, &file, &now, &import)
                    .with_context(|| format!("importing {url}"))?;
                let _ = std::fs::remove_file(&file);
            }
            drop(tmp);
            print_status(&dir, &Store::open(&dir)?);
            Ok(EXIT_PASS)
        }
    }
}

/// The download directory, removed however the update ends.
struct Download(PathBuf);

impl Download {
    fn create(path: PathBuf) -> Result<Download> {
        std::fs::create_dir_all(&path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        Ok(Download(path))
    }
}

impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `1073741824`, `512M`, `1G`, `64K` (units of 1024).
fn parse_size(s: &str) -> Result<u64> {
    let t = s
        .trim()
        .trim_end_matches(['B', 'b'])
        .trim_end_matches(['i', 'I']);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, ' '),
    };
    let shift = match unit {
        ' ' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        'T' => 40,
        _ => bail!(
            "--max-size: unknown unit in {}",
            tollgate_core::redact::quote(s)
        ),
    };
    let n: u64 = digits.trim().parse().map_err(|_| {
        anyhow!(
            "--max-size: {} is not a size",
            tollgate_core::redact::quote(s)
        )
    })?;
    n.checked_mul(1u64 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            anyhow!(
                "--max-size: {} is out of range",
                tollgate_core::redact::quote(s)
            )
        })
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

pub fn sbom(path: &Path, format: &str, output: Option<&Path>, config: Option<&Path>) -> Result<u8> {
    if !matches!(format, "cyclonedx" | "spdx") {
        bail!("unknown SBOM format '{format}' (expected cyclonedx or spdx)");
    }
    let config = match config {
        Some(p) => tollgate_engine::ConfigSource::File(p.to_path_buf()),
        None => tollgate_engine::ConfigSource::Discover,
    };
    let (inventory, unsupported) = tollgate_engine::sbom::inventory(path, &config)?;
    for u in &unsupported {
        eprintln!("note: {u} is not supported yet and is not in the SBOM");
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
