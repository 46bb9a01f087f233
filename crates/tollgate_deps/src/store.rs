//! The offline advisory store: one directory per ecosystem with an index of package names
//! (name, byte offset, length) and a data file of pre-digested advisories per package.
//! Opening reads only the small indexes; a package's advisories are parsed when asked for.
//!
//! ```text
//! <db>/meta.json             per ecosystem: counts, snapshot date, import time, source
//! <db>/<ecosystem>/index     "name<TAB>offset<TAB>length" lines, sorted by name
//! <db>/<ecosystem>/data      a JSON array of advisories per package, back to back
//! ```

use crate::ecosystem::Ecosystem;
use crate::osv::{self, Range, Vulnerability};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What matching needs of one advisory for one package.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Advisory {
    pub id: String,
    pub aliases: Vec<String>,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss_v3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss_v4: Option<String>,
    /// RustSec notices: `unmaintained`, `unsound`, `notice`. Not vulnerabilities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informational: Option<String>,
    pub ranges: Vec<Range>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct EcosystemMeta {
    pub advisories: u64,
    pub packages: u64,
    pub withdrawn_skipped: u64,
    pub informational: u64,
    /// Latest `modified` date among the records: the snapshot's age.
    pub snapshot: String,
    pub imported_at: String,
    pub source: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    pub format: String,
    pub ecosystems: BTreeMap<String, EcosystemMeta>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no advisory database at {0}: run `tollgate db update` (downloads OSV data) or `tollgate db import PATH` (an OSV all.zip or directory)")]
    Missing(PathBuf),
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error(transparent)]
    Import(#[from] osv::ImportError),
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The default location: `$TOLLGATE_DB`, else the user's cache directory.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("TOLLGATE_DB") {
        return PathBuf::from(d);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("tollgate").join("osv")
}

struct EcoIndex {
    dir: PathBuf,
    index: HashMap<String, (usize, usize)>,
    /// The advisories, read on first use; an unreadable file is kept as its error.
    data: OnceLock<Result<Vec<u8>, String>>,
}

/// An opened store.
pub struct Store {
    pub dir: PathBuf,
    pub meta: Meta,
    ecosystems: BTreeMap<Ecosystem, EcoIndex>,
}

fn digest(v: &Vulnerability, eco: Ecosystem, name: &str) -> Advisory {
    let cvss = |prefix: &str| {
        v.severity
            .iter()
            .find(|s| s.score.starts_with(prefix))
            .map(|s| s.score.clone())
    };
    let mut ranges = Vec::new();
    let mut versions = Vec::new();
    let mut informational = None;
    for a in &v.affected {
        let Some(p) = &a.package else { continue };
        if Ecosystem::from_osv(&p.ecosystem) != Some(eco) || eco.normalise(&p.name) != name {
            continue;
        }
        ranges.extend(a.ranges.iter().filter(|r| r.kind != "GIT").cloned());
        versions.extend(a.versions.iter().cloned());
        if let Some(i) = a
            .database_specific
            .as_ref()
            .and_then(|d| d.get("informational"))
            .and_then(|i| i.as_str())
        {
            informational = Some(i.to_string());
        }
    }
    let url = v
        .references
        .iter()
        .find(|r| r.kind == "ADVISORY")
        .or_else(|| v.references.first())
        .map(|r| r.url.clone());
    Advisory {
        id: v.id.clone(),
        aliases: v.aliases.clone(),
        summary: v.summary.clone().unwrap_or_default(),
        cvss_v3: cvss("CVSS:3"),
        cvss_v4: cvss("CVSS:4"),
        informational,
        ranges,
        versions,
        url,
    }
}

impl Store {
    /// Import OSV records from a zip or directory into the store at `dir`, replacing the
    /// ecosystems the import contains and keeping the others.
    pub fn import(dir: &Path, source: &Path, now: &str) -> Result<Meta, StoreError> {
        let records = osv::read_all(source)?;
        let mut by_eco: BTreeMap<Ecosystem, BTreeMap<String, Vec<Advisory>>> = BTreeMap::new();
        let mut stats: BTreeMap<Ecosystem, EcosystemMeta> = BTreeMap::new();
        for (_, v) in &records {
            let ecos: std::collections::BTreeSet<(Ecosystem, String)> = v
                .affected
                .iter()
                .filter_map(|a| a.package.as_ref())
                .filter_map(|p| {
                    Ecosystem::from_osv(&p.ecosystem).map(|e| (e, e.normalise(&p.name)))
                })
                .collect();
            // Counted once per record and ecosystem, however many packages it names.
            let eco_set: std::collections::BTreeSet<Ecosystem> =
                ecos.iter().map(|(e, _)| *e).collect();
            // Some databases leave `modified` at the zero date; `published` still dates them.
            let dated = [Some(&v.modified), v.published.as_ref()]
                .into_iter()
                .flatten()
                .filter(|d| !d.starts_with("0001-"))
                .max()
                .cloned();
            for eco in &eco_set {
                let s = stats.entry(*eco).or_default();
                if v.withdrawn.is_some() {
                    s.withdrawn_skipped += 1;
                    continue;
                }
                s.advisories += 1;
                if let Some(d) = &dated {
                    if *d > s.snapshot {
                        s.snapshot = d.clone();
                    }
                }
            }
            if v.withdrawn.is_some() {
                continue;
            }
            let informational = v.affected.iter().any(|a| {
                a.database_specific
                    .as_ref()
                    .and_then(|d| d.get("informational"))
                    .is_some_and(|i| i.is_string())
            });
            if informational {
                for eco in &eco_set {
                    stats.entry(*eco).or_default().informational += 1;
                }
            }
            for (eco, name) in ecos {
                let adv = digest(v, eco, &name);
                by_eco
                    .entry(eco)
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(adv);
            }
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let meta_path = dir.join("meta.json");
        let mut meta: Meta = std::fs::read(&meta_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        meta.format = "tollgate-osv/v1".into();
        for (eco, packages) in by_eco {
            let tmp = dir.join(format!(".{}.tmp", eco.osv_name()));
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
            let mut data = Vec::new();
            let mut index = String::new();
            for (name, mut advs) in packages {
                advs.sort_by(|a, b| a.id.cmp(&b.id));
                let start = data.len();
                serde_json::to_writer(&mut data, &advs).expect("advisories serialise");
                index.push_str(&format!("{name}\t{start}\t{}\n", data.len() - start));
            }
            std::fs::write(tmp.join("data"), &data).map_err(io(&tmp))?;
            std::fs::write(tmp.join("index"), &index).map_err(io(&tmp))?;
            let target = dir.join(eco.osv_name());
            let _ = std::fs::remove_dir_all(&target);
            std::fs::rename(&tmp, &target).map_err(io(&target))?;
            let mut s = stats.remove(&eco).unwrap_or_default();
            s.packages = index.lines().count() as u64;
            s.imported_at = now.to_string();
            s.source = source.display().to_string();
            meta.ecosystems.insert(eco.osv_name().to_string(), s);
        }
        let text = serde_json::to_string_pretty(&meta).expect("meta serialises");
        std::fs::write(&meta_path, text + "\n").map_err(io(&meta_path))?;
        Ok(meta)
    }

    /// Open the store, reading only the package indexes.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let meta_path = dir.join("meta.json");
        let bytes =
            std::fs::read(&meta_path).map_err(|_| StoreError::Missing(dir.to_path_buf()))?;
        let meta: Meta = serde_json::from_slice(&bytes).map_err(|e| StoreError::Io {
            path: meta_path.clone(),
            message: e.to_string(),
        })?;
        let mut ecosystems = BTreeMap::new();
        for name in meta.ecosystems.keys() {
            let Some(eco) = Ecosystem::from_osv(name) else {
                continue;
            };
            let edir = dir.join(name);
            let text = std::fs::read_to_string(edir.join("index")).map_err(io(&edir))?;
            let mut index = HashMap::with_capacity(text.len() / 24);
            for line in text.lines() {
                let mut f = line.split('\t');
                if let (Some(n), Some(s), Some(l)) = (f.next(), f.next(), f.next()) {
                    if let (Ok(s), Ok(l)) = (s.parse(), l.parse()) {
                        index.insert(n.to_string(), (s, l));
                    }
                }
            }
            ecosystems.insert(
                eco,
                EcoIndex {
                    dir: edir,
                    index,
                    data: OnceLock::new(),
                },
            );
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            meta,
            ecosystems,
        })
    }

    pub fn has(&self, eco: Ecosystem) -> bool {
        self.ecosystems.contains_key(&eco)
    }

    /// Advisories for a package (name as the lockfile writes it). A damaged store is an
    /// error, never an empty answer: that would pass vulnerable packages as clean.
    pub fn advisories(&self, eco: Ecosystem, name: &str) -> Result<Vec<Advisory>, StoreError> {
        let Some(e) = self.ecosystems.get(&eco) else {
            return Ok(Vec::new());
        };
        let Some(&(start, len)) = e.index.get(&eco.normalise(name)) else {
            return Ok(Vec::new());
        };
        let path = e.dir.join("data");
        let damaged = |message: String| StoreError::Io {
            path: path.clone(),
            message: format!("{message}: the advisory database is damaged (tollgate db update)"),
        };
        let data = e
            .data
            .get_or_init(|| std::fs::read(&path).map_err(|err| err.to_string()))
            .as_ref()
            .map_err(|err| damaged(err.clone()))?;
        let bytes = data
            .get(start..start.saturating_add(len))
            .ok_or_else(|| damaged(format!("the index points past the end for {name}")))?;
        serde_json::from_slice(bytes)
            .map_err(|err| damaged(format!("the advisories of {name} do not parse ({err})")))
    }
}
