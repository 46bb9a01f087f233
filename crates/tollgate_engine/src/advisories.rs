//! Keeping the offline advisory database current: download each ecosystem's `all.zip`
//! from an OSV-layout base URL (bounded in size and time) and import it, refusing an
//! update that would drop most of an ecosystem unless forced.

use crate::EngineError;
use std::path::{Path, PathBuf};
use tollgate_deps::fetch;
use tollgate_deps::store::{ImportOptions, Store};
use tollgate_deps::Ecosystem;

/// What to fetch and how.
pub struct Update<'a> {
    pub base_url: &'a str,
    /// OSV ecosystem names; empty: every ecosystem Tollgate knows.
    pub ecosystems: &'a [String],
    pub fetch: fetch::Options,
    /// Accept an update that shrinks an ecosystem to under half its packages.
    pub force: bool,
}

/// The download directory, removed however the update ends.
struct Download(PathBuf);

impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Update the store at `dir`; `progress` hears about each download (url, then bytes).
pub fn update(
    dir: &Path,
    u: &Update<'_>,
    now: &str,
    progress: &mut dyn FnMut(&str, Option<u64>),
) -> Result<Store, EngineError> {
    let ecos: Vec<Ecosystem> = if u.ecosystems.is_empty() {
        Ecosystem::ALL.to_vec()
    } else {
        u.ecosystems
            .iter()
            .map(|e| {
                Ecosystem::from_osv(e).ok_or_else(|| {
                    EngineError::Usage(format!(
                        "unknown ecosystem {}",
                        tollgate_core::redact::quote(e)
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let tmp = Download(dir.with_extension("download"));
    std::fs::create_dir_all(&tmp.0)
        .map_err(|e| EngineError::Io(format!("{}: cannot create: {e}", tmp.0.display())))?;
    let import = ImportOptions {
        refuse_shrink: !u.force,
        ..Default::default()
    };
    for eco in ecos {
        let url = format!(
            "{}/{}/all.zip",
            u.base_url.trim_end_matches('/'),
            eco.osv_name()
        );
        let file = tmp.0.join(format!("{}.zip", eco.osv_name()));
        progress(&url, None);
        let bytes = fetch::download(&url, &file, &u.fetch).map_err(|e| {
            EngineError::Unavailable(format!("cannot download {url}: {e}\nIf this machine is offline, download the file elsewhere and run `tollgate db import FILE`."))
        })?;
        progress(&url, Some(bytes));
        Store::import_with(dir, &file, now, &import)
            .map_err(|e| EngineError::Unavailable(format!("importing {url}: {e}")))?;
        let _ = std::fs::remove_file(&file);
    }
    drop(tmp);
    Store::open(dir).map_err(|e| EngineError::Unavailable(e.to_string()))
}

/// Days after which `db status` and scans call advisory data old, unless configured.
pub const STALE_DAYS: i64 = tollgate_deps::config::DEFAULT_MAX_ADVISORY_AGE_DAYS as i64;

/// `db status`: per ecosystem, counts and the data's own age, with a warning where the
/// newest record is older than `STALE_DAYS` or the records carry no date.
pub fn status_lines(dir: &Path, store: &Store, today: i64) -> Vec<String> {
    let mut out = vec![
        format!("advisory database {}", dir.display()),
        format!(
            "{:<12} {:>10} {:>9} {:>14} {:>10}  {:<22} imported",
            "ecosystem", "advisories", "packages", "informational", "withdrawn", "snapshot"
        ),
    ];
    for (name, m) in &store.meta.ecosystems {
        out.push(format!(
            "{:<12} {:>10} {:>9} {:>14} {:>10}  {:<22} {}",
            name,
            m.advisories,
            m.packages,
            m.informational,
            m.withdrawn_skipped,
            m.snapshot,
            m.imported_at
        ));
        // The data's own age: an old snapshot imported today is still old.
        match Ecosystem::from_osv(name).and_then(|e| store.snapshot_age_days(e, today)) {
            Some(d) if d > STALE_DAYS => out.push(format!("  warning: {name} advisories are {d} days old (newest record {}); run `tollgate db update`", m.snapshot)),
            Some(_) => {}
            None => out.push(format!("  warning: {name} records carry no date: the age of this data is unknown")),
        }
    }
    out
}
