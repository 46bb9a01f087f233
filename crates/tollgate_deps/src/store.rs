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
use tollgate_core::redact::{quote, scrub};

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
    /// A file of the store does not match the integrity manifest, or cannot be read.
    #[error("{path}: {message}: the advisory database is damaged (run `tollgate db update`, or remove the directory and `tollgate db import` again)")]
    Damaged { path: PathBuf, message: String },
    /// An update would replace an ecosystem with far fewer packages than it has.
    #[error("refusing to replace {ecosystem}: the new data has {new} packages where the database has {old} (a truncated or wrong download?); use --force to accept it")]
    Shrink {
        ecosystem: Ecosystem,
        old: u64,
        new: u64,
    },
    #[error(transparent)]
    Import(#[from] osv::ImportError),
}

/// The integrity manifest: the SHA-256 of every file of the store, written last.
pub const MANIFEST: &str = "manifest.json";
const MANIFEST_FORMAT: &str = "tollgate-osv-manifest/v1";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: String,
    /// Path relative to the store (`meta.json`, `crates.io/index`, …) → SHA-256 hex.
    sha256: BTreeMap<String, String>,
}

/// Options of [`Store::import_with`].
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Refuse to replace an ecosystem with fewer than half the packages it has now.
    pub refuse_shrink: bool,
    /// Bounds on the expansion of the source.
    pub limits: osv::Limits,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn damaged(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Write `bytes` to `path` through a temporary file and a rename, so a reader sees the old
/// file or the new one, never half of one.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

fn sha256(bytes: &[u8]) -> String {
    tollgate_core::fingerprint::sha256_hex(bytes)
}

use tollgate_core::time::days_of as days_since_epoch;

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
    /// The data file's SHA-256 as the manifest records it.
    data_sha256: String,
    /// The advisories, read and checked on first use; a failure is kept as its message.
    data: OnceLock<Result<Vec<u8>, String>>,
    /// Why this ecosystem's index cannot be trusted, found on open.
    damage: Option<(PathBuf, String)>,
}

/// An opened store. Damage found on open (a missing manifest, a file that does not match
/// it) does not fail the open: every look-up answers with the error instead, so a scan
/// reports it on each lockfile rather than passing anything as clean.
pub struct Store {
    pub dir: PathBuf,
    pub meta: Meta,
    ecosystems: BTreeMap<Ecosystem, EcoIndex>,
    /// Damage of the whole store (manifest or meta), found on open.
    damage: Option<(PathBuf, String)>,
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
        Store::import_with(dir, source, now, &ImportOptions::default())
    }

    /// [`Store::import`] with options: bounds on the source, a guard against shrinking.
    pub fn import_with(
        dir: &Path,
        source: &Path,
        now: &str,
        opts: &ImportOptions,
    ) -> Result<Meta, StoreError> {
        // The store as it is: an unreadable one is an error, never silently reset.
        let meta_path = dir.join("meta.json");
        let manifest_path = dir.join(MANIFEST);
        let (mut meta, old_manifest) = match std::fs::read(&meta_path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Meta::default(), None),
            Err(e) => return Err(damaged(&meta_path, e.to_string())),
            Ok(bytes) => {
                let meta: Meta = serde_json::from_slice(&bytes).map_err(|e| {
                    damaged(
                        &meta_path,
                        format!("does not parse ({e}); remove the directory to start afresh"),
                    )
                })?;
                let manifest = read_manifest(&manifest_path)?;
                if manifest.sha256.get("meta.json") != Some(&sha256(&bytes)) {
                    return Err(damaged(&meta_path, "does not match the integrity manifest"));
                }
                (meta, Some(manifest))
            }
        };
        let records = osv::read_all_with(source, &opts.limits)?;
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
        if opts.refuse_shrink {
            for (eco, packages) in &by_eco {
                let old = meta
                    .ecosystems
                    .get(eco.osv_name())
                    .map_or(0, |m| m.packages);
                let new = packages.len() as u64;
                if new < old / 2 {
                    return Err(StoreError::Shrink {
                        ecosystem: *eco,
                        old,
                        new,
                    });
                }
            }
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        // Kept ecosystems keep the digests they had: a damaged one stays detectable.
        let mut manifest = Manifest {
            format: MANIFEST_FORMAT.into(),
            sha256: BTreeMap::new(),
        };
        if let Some(old) = old_manifest {
            for name in meta.ecosystems.keys() {
                let eco = Ecosystem::from_osv(name);
                if eco.is_some_and(|e| by_eco.contains_key(&e)) {
                    continue;
                }
                for file in ["index", "data"] {
                    let key = format!("{name}/{file}");
                    if let Some(h) = old.sha256.get(&key) {
                        manifest.sha256.insert(key, h.clone());
                    }
                }
            }
        }
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
            manifest.sha256.insert(
                format!("{}/index", eco.osv_name()),
                sha256(index.as_bytes()),
            );
            manifest
                .sha256
                .insert(format!("{}/data", eco.osv_name()), sha256(&data));
            let mut s = stats.remove(&eco).unwrap_or_default();
            s.packages = index.lines().count() as u64;
            s.imported_at = now.to_string();
            s.source = source.display().to_string();
            meta.ecosystems.insert(eco.osv_name().to_string(), s);
        }
        let text = serde_json::to_string_pretty(&meta).expect("meta serialises") + "\n";
        write_atomic(&meta_path, text.as_bytes())?;
        manifest
            .sha256
            .insert("meta.json".into(), sha256(text.as_bytes()));
        // Last: until the manifest names the new files, the store reads as damaged.
        let m = serde_json::to_string_pretty(&manifest).expect("manifest serialises") + "\n";
        write_atomic(&manifest_path, m.as_bytes())?;
        Ok(meta)
    }

    /// Open the store, reading and checking only the manifest, meta and package indexes.
    /// `Err` only when there is no store at all; damage is kept and reported by every
    /// look-up (see [`Store::advisories`]) and by [`Store::verify`].
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let meta_path = dir.join("meta.json");
        let bytes = match std::fs::read(&meta_path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing(dir.to_path_buf()))
            }
            Err(e) => return Err(damaged(&meta_path, e.to_string())),
        };
        let mut store = Store {
            dir: dir.to_path_buf(),
            meta: Meta::default(),
            ecosystems: BTreeMap::new(),
            damage: None,
        };
        let manifest = match read_manifest(&dir.join(MANIFEST)) {
            Ok(m) => m,
            Err(e) => {
                store.damage = Some(damage_of(e));
                return Ok(store);
            }
        };
        if manifest.sha256.get("meta.json") != Some(&sha256(&bytes)) {
            store.damage = Some((meta_path, "does not match the integrity manifest".into()));
            return Ok(store);
        }
        store.meta = match serde_json::from_slice(&bytes) {
            Ok(m) => m,
            Err(e) => {
                store.damage = Some((meta_path, format!("does not parse ({e})")));
                return Ok(store);
            }
        };
        for (name, m) in &store.meta.ecosystems {
            let Some(eco) = Ecosystem::from_osv(name) else {
                continue;
            };
            let edir = dir.join(name);
            let digest_of = |file: &str| manifest.sha256.get(&format!("{name}/{file}")).cloned();
            let mut e = EcoIndex {
                dir: edir.clone(),
                index: HashMap::new(),
                data_sha256: digest_of("data").unwrap_or_default(),
                data: OnceLock::new(),
                damage: None,
            };
            match read_index(&edir.join("index"), digest_of("index"), m.packages) {
                Ok(index) => e.index = index,
                Err(err) => e.damage = Some(damage_of(err)),
            }
            if e.damage.is_none() && e.data_sha256.is_empty() {
                e.damage = Some((edir.join("data"), "not in the integrity manifest".into()));
            }
            store.ecosystems.insert(eco, e);
        }
        Ok(store)
    }

    /// Check every file of the store against the manifest (the data files too, which
    /// look-ups otherwise read only when first needed).
    pub fn verify(&self) -> Result<(), StoreError> {
        if let Some((path, message)) = &self.damage {
            return Err(damaged(path, message.clone()));
        }
        for e in self.ecosystems.values() {
            self.data_of(e)?;
        }
        Ok(())
    }

    pub fn has(&self, eco: Ecosystem) -> bool {
        // A damaged store "has" every ecosystem, so that each look-up reports the damage.
        self.damage.is_some() || self.ecosystems.contains_key(&eco)
    }

    /// Days from the newest `modified` date in an ecosystem's data to `today` (days since
    /// 1970-01-01): how old the advisories are, whenever they were imported. `None` when
    /// the ecosystem is not in the store or its records carry no date.
    pub fn snapshot_age_days(&self, eco: Ecosystem, today: i64) -> Option<i64> {
        let m = self.meta.ecosystems.get(eco.osv_name())?;
        Some(today - days_since_epoch(&m.snapshot)?)
    }

    fn data_of<'a>(&self, e: &'a EcoIndex) -> Result<&'a [u8], StoreError> {
        if let Some((path, message)) = &e.damage {
            return Err(damaged(path, message.clone()));
        }
        let path = e.dir.join("data");
        let data = e.data.get_or_init(|| {
            let bytes = std::fs::read(&path).map_err(|err| err.to_string())?;
            if sha256(&bytes) != e.data_sha256 {
                return Err("does not match the integrity manifest".into());
            }
            Ok(bytes)
        });
        data.as_deref()
            .map_err(|message| damaged(&path, message.clone()))
    }

    /// Advisories for a package (name as the lockfile writes it). A damaged store is an
    /// error, never an empty answer: that would pass vulnerable packages as clean.
    pub fn advisories(&self, eco: Ecosystem, name: &str) -> Result<Vec<Advisory>, StoreError> {
        if let Some((path, message)) = &self.damage {
            return Err(damaged(path, message.clone()));
        }
        let Some(e) = self.ecosystems.get(&eco) else {
            return Ok(Vec::new());
        };
        if let Some((path, message)) = &e.damage {
            return Err(damaged(path, message.clone()));
        }
        // The index was checked on open, so "not listed" can be trusted without the data.
        let Some(&(start, len)) = e.index.get(&eco.normalise(name)) else {
            return Ok(Vec::new());
        };
        let data = self.data_of(e)?;
        let path = e.dir.join("data");
        let bytes = data.get(start..start.saturating_add(len)).ok_or_else(|| {
            damaged(
                &path,
                format!("the index points past the end for {}", quote(name)),
            )
        })?;
        serde_json::from_slice(bytes).map_err(|err| {
            damaged(
                &path,
                format!(
                    "the advisories of {} do not parse ({})",
                    quote(name),
                    scrub(&err.to_string())
                ),
            )
        })
    }
}

fn damage_of(e: StoreError) -> (PathBuf, String) {
    match e {
        StoreError::Damaged { path, message } | StoreError::Io { path, message } => (path, message),
        other => (PathBuf::new(), other.to_string()),
    }
}

fn read_manifest(path: &Path) -> Result<Manifest, StoreError> {
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            damaged(path, "the integrity manifest is missing")
        } else {
            damaged(path, e.to_string())
        }
    })?;
    let m: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| damaged(path, format!("does not parse ({e})")))?;
    if m.format != MANIFEST_FORMAT {
        return Err(damaged(
            path,
            format!("unknown format {}", quote(&m.format)),
        ));
    }
    Ok(m)
}

/// An ecosystem's index, checked against its digest and its package count in meta.
fn read_index(
    path: &Path,
    expected: Option<String>,
    packages: u64,
) -> Result<HashMap<String, (usize, usize)>, StoreError> {
    let bytes = std::fs::read(path).map_err(|e| damaged(path, e.to_string()))?;
    match expected {
        None => return Err(damaged(path, "not in the integrity manifest")),
        Some(h) if h != sha256(&bytes) => {
            return Err(damaged(path, "does not match the integrity manifest"))
        }
        Some(_) => {}
    }
    let text = String::from_utf8(bytes).map_err(|_| damaged(path, "not UTF-8"))?;
    let mut index = HashMap::with_capacity(text.len() / 24);
    for (i, line) in text.lines().enumerate() {
        let mut f = line.split('\t');
        let parsed = match (f.next(), f.next(), f.next(), f.next()) {
            (Some(n), Some(s), Some(l), None) => {
                s.parse().ok().zip(l.parse().ok()).map(|sl| (n, sl))
            }
            _ => None,
        };
        let Some((n, sl)) = parsed else {
            return Err(damaged(
                path,
                format!("line {} is not name, offset, length", i + 1),
            ));
        };
        index.insert(n.to_string(), sl);
    }
    if index.len() as u64 != packages {
        return Err(damaged(
            path,
            format!("{} packages where meta.json counts {packages}", index.len()),
        ));
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, eco: &str, name: &str, modified: &str) -> String {
        format!(
            r#"{{"id":"{id}","modified":"{modified}","affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.0.0"}}]}}]}}]}}"#
        )
    }

    fn import(db: &Path, records: &[String]) -> Result<Meta, StoreError> {
        let src = tempfile::tempdir().unwrap();
        for (i, r) in records.iter().enumerate() {
            std::fs::write(src.path().join(format!("{i}.json")), r).unwrap();
        }
        Store::import(db, src.path(), "2026-01-01T00:00:00Z")
    }

    #[test]
    fn dates_and_snapshot_age() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01T00:00:00Z"), Some(11_017));
        assert_eq!(days_since_epoch("2024-02-29"), Some(19_782));
        for bad in ["", "2024-13-01", "20x4-01-01", "2024/01/01", "é2024-01-01"] {
            assert_eq!(days_since_epoch(bad), None, "{bad}");
        }
        let d = tempfile::tempdir().unwrap();
        import(
            d.path(),
            &[record("GO-1", "Go", "x", "2022-03-01T00:00:00Z")],
        )
        .unwrap();
        let s = Store::open(d.path()).unwrap();
        let today = days_since_epoch("2026-01-01").unwrap();
        assert_eq!(s.snapshot_age_days(Ecosystem::Go, today), Some(1402));
        assert_eq!(s.snapshot_age_days(Ecosystem::Npm, today), None);
    }

    /// Importing one ecosystem re-signs the manifest but keeps the other ecosystems'
    /// recorded digests: damage to them stays visible instead of being blessed.
    #[test]
    fn a_later_import_does_not_bless_damage() {
        let d = tempfile::tempdir().unwrap();
        import(
            d.path(),
            &[record("GO-1", "Go", "x", "2026-01-01T00:00:00Z")],
        )
        .unwrap();
        std::fs::write(d.path().join("Go/data"), "[]").unwrap();
        import(
            d.path(),
            &[record("PYSEC-1", "PyPI", "y", "2026-01-01T00:00:00Z")],
        )
        .unwrap();
        let s = Store::open(d.path()).unwrap();
        assert!(s.advisories(Ecosystem::PyPI, "y").unwrap().len() == 1);
        let e = s.advisories(Ecosystem::Go, "x").unwrap_err().to_string();
        assert!(e.contains("Go/data") && e.contains("manifest"), "{e}");
        assert!(s.verify().is_err());
    }

    #[test]
    fn refuses_to_shrink_an_ecosystem_unless_told() {
        let d = tempfile::tempdir().unwrap();
        let many: Vec<String> = (0..10)
            .map(|i| {
                record(
                    &format!("GO-{i}"),
                    "Go",
                    &format!("m{i}"),
                    "2026-01-01T00:00:00Z",
                )
            })
            .collect();
        import(d.path(), &many).unwrap();
        let src = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("a.json"), &many[0]).unwrap();
        let guard = ImportOptions {
            refuse_shrink: true,
            ..Default::default()
        };
        let e = Store::import_with(d.path(), src.path(), "now", &guard).unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::Shrink {
                    old: 10,
                    new: 1,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(
            Store::open(d.path()).unwrap().meta.ecosystems["Go"].packages,
            10
        );
        Store::import_with(d.path(), src.path(), "now", &ImportOptions::default()).unwrap();
        assert_eq!(
            Store::open(d.path()).unwrap().meta.ecosystems["Go"].packages,
            1
        );
    }
}
