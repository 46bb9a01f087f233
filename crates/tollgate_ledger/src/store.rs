//! The ledger on disk: an append-only file of records, signed checkpoints beside it.
//!
//! ```text
//! <dir>/ledger.json          format (tollgate-ledger/v2) and origin (the log's name)
//! <dir>/entries              records: header ‖ entry ‖ SHA-256(0x00 ‖ entry)
//! <dir>/checkpoints/<size>   a signed checkpoint per tree size signed (20-digit names)
//! <dir>/checkpoint           the latest signed checkpoint
//! <dir>/lock                 serialises creation and appends between processes
//! ```
//!
//! A record header is 16 bytes: the marker `TGLR`, a flags byte (bit 0: last record of its
//! batch), three zero bytes, the entry length (u32 LE) and a CRC-32 of those 12 bytes. The
//! entry is what [`crate::entry`] describes: the body sealed with its index, the root
//! before it and, when appended with a key, a signature.
//!
//! An append is durable when it returns: its records are written with one `write` on an
//! `O_APPEND` descriptor and `fsync`ed before the index is handed back. A crash can only
//! leave an incomplete last batch (never acknowledged): a prefix of its bytes, or zeros.
//! Opening the log sets it aside, and the next append, under the lock, cuts it off.
//! Anything else after the last good record (a header whose marker or checksum is wrong,
//! an entry that does not match its stored hash) is corruption: it is reported and never
//! cut off, and the log cannot be opened for appending until someone looks.
//! The leaf hashes stored with the records are what the C2SP tlog-tiles layout serves,
//! so a server can publish tiles from this file without rehashing.

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::entry::{self, EntryProblem, Sealed, ENTRY_OVERHEAD};
use crate::merkle::{self, Frontier, Hash};
use crate::note::{NoteSigner, NoteVerifier};
use crate::proof::{ConsistencyBundle, InclusionBundle, CONSISTENCY_FORMAT, INCLUSION_FORMAT};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The on-disk format this version reads and writes.
pub const FORMAT: &str = "tollgate-ledger/v2";
/// Largest entry (sealed body) accepted; a record claiming more is damaged.
pub const MAX_ENTRY: usize = 16 << 20;
/// Largest body accepted by [`Ledger::append_all`].
pub const MAX_BODY: usize = MAX_ENTRY - ENTRY_OVERHEAD;
/// The first bytes of every record.
pub const RECORD_MARKER: [u8; 4] = *b"TGLR";
/// Bytes of a record header.
pub const HEADER: usize = 16;
const TRAILER: usize = 32;
const BATCH_END: u8 = 1;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: entry {index} (byte offset {offset}) is corrupt: {reason}")]
    Corrupt {
        path: PathBuf,
        index: u64,
        offset: u64,
        reason: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// The log holds something a signer must not vouch for; nothing was written.
    #[error("{path}: refusing to sign: {message}; run `tollgate ledger verify`")]
    Refused { path: PathBuf, message: String },
    #[error("{0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("{0}")]
    Usage(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LedgerError + '_ {
    move |source| LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Settings stored with the log.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LedgerConfig {
    pub format: String,
    /// The log's name, the first line of every checkpoint and part of every entry signature.
    pub origin: String,
}

fn check_origin(origin: &str) -> Result<(), String> {
    if origin.is_empty() || origin.chars().any(|c| c.is_control()) {
        return Err("the ledger origin must be one non-empty line".into());
    }
    Ok(())
}

/// CRC-32 (IEEE): every single-bit and every burst error up to 32 bits in a header is caught.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn record_header(len: usize, flags: u8) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[..4].copy_from_slice(&RECORD_MARKER);
    h[4] = flags;
    h[8..12].copy_from_slice(&(len as u32).to_le_bytes());
    let crc = crc32(&h[..12]);
    h[12..].copy_from_slice(&crc.to_le_bytes());
    h
}

/// Length and flags of a sound header; `None` when it is damaged.
fn parse_header(h: &[u8]) -> Option<(usize, u8)> {
    let sound = h[..4] == RECORD_MARKER
        && h[4] & !BATCH_END == 0
        && h[5..8] == [0, 0, 0]
        && u32::from_le_bytes(h[12..16].try_into().expect("4 bytes")) == crc32(&h[..12]);
    sound.then(|| {
        (
            u32::from_le_bytes(h[8..12].try_into().expect("4 bytes")) as usize,
            h[4],
        )
    })
}

/// What an appender about to sign has already checked in this process: entries below
/// `upto` are signed by `key`, and `checkpoint` (size, note) was valid.
struct Vouched {
    key: NoteVerifier,
    upto: u64,
    checkpoint: Option<(u64, String)>,
}

/// An open ledger. Cheap to keep open; every mutation takes the inter-process lock and
/// first catches up with records other processes appended.
pub struct Ledger {
    dir: PathBuf,
    entries_path: PathBuf,
    config: LedgerConfig,
    file: File,
    /// Bytes of complete, verified batches.
    valid_len: u64,
    offsets: Vec<u64>,
    leaves: Vec<Hash>,
    frontier: Frontier,
    torn_bytes: u64,
    vouched: Option<Vouched>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Ledger({}, {} entries)",
            self.dir.display(),
            self.leaves.len()
        )
    }
}

fn sync_dir(dir: &Path) -> Result<(), LedgerError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

/// Write a file atomically and durably: temp file, fsync, rename, fsync the directory.
/// Callers hold the ledger lock, so the temporary name is theirs alone.
fn write_atomic(path: &Path, data: &[u8]) -> Result<(), LedgerError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    let mut f = File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(data).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
    sync_dir(dir)
}

/// Holds the exclusive inter-process lock while alive.
struct LockGuard(File);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn lock_dir(dir: &Path) -> Result<LockGuard, LedgerError> {
    let path = dir.join("lock");
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    f.lock().map_err(io(&path))?;
    Ok(LockGuard(f))
}

/// Options of [`Ledger::verify`].
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Accept unsigned entries after the last valid checkpoint (reported, not failed).
    pub accept_unsigned_tail: bool,
    /// Checkpoints the verifier trusts from earlier: the log must extend each of them.
    pub trusted: Vec<Trusted>,
}

/// A checkpoint note the verifier trusts, and where it came from (for messages).
#[derive(Clone, Debug)]
pub struct Trusted {
    pub source: String,
    pub note: String,
}

impl Ledger {
    /// Open the ledger in `dir`, creating it (with `origin`) when `create` is set and
    /// there is none yet.
    pub fn open(dir: &Path, create: Option<&str>) -> Result<Ledger, LedgerError> {
        let config_path = dir.join("ledger.json");
        let entries_path = dir.join("entries");
        if let Some(origin) = create {
            if !config_path.exists() {
                Self::create(dir, origin)?;
            }
        }
        let text = match std::fs::read_to_string(&config_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(LedgerError::Invalid {
                    path: dir.to_path_buf(),
                    message: "no ledger here (ledger.json is missing)".into(),
                })
            }
            Err(e) => return Err(io(&config_path)(e)),
        };
        let config = Self::parse_config(&config_path, &text)?;
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(&entries_path)
            .map_err(io(&entries_path))?;
        let mut ledger = Ledger {
            dir: dir.to_path_buf(),
            entries_path,
            config,
            file,
            valid_len: 0,
            offsets: Vec::new(),
            leaves: Vec::new(),
            frontier: Frontier::default(),
            torn_bytes: 0,
            vouched: None,
        };
        ledger.catch_up()?;
        Ok(ledger)
    }

    fn parse_config(path: &Path, text: &str) -> Result<LedgerConfig, LedgerError> {
        let invalid = |message: String| LedgerError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "line {}: {}",
                e.line(),
                tollgate_core::redact::scrub(&e.to_string())
            ))
        })?;
        // The format decides how the rest is read, so it is checked first.
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some("tollgate-ledger/v1") => return Err(invalid(format!(
                "this ledger is in the older format tollgate-ledger/v1 (entries without signatures), which this Tollgate does not read; it writes {FORMAT}. Keep the old ledger for its history and start a new one in another directory"
            ))),
            Some(other) => return Err(invalid(format!(
                "unknown ledger format {} (this Tollgate reads {FORMAT})",
                tollgate_core::redact::quote(other)
            ))),
            None => return Err(invalid("no \"format\" field".into())),
        }
        let config: LedgerConfig = serde_json::from_value(value)
            .map_err(|e| invalid(tollgate_core::redact::scrub(&e.to_string())))?;
        check_origin(&config.origin).map_err(invalid)?;
        Ok(config)
    }

    /// Create an empty ledger under the lock, unless another process got there first.
    fn create(dir: &Path, origin: &str) -> Result<(), LedgerError> {
        check_origin(origin).map_err(LedgerError::Usage)?;
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let _guard = lock_dir(dir)?;
        let config_path = dir.join("ledger.json");
        if config_path.exists() {
            return Ok(());
        }
        let entries_path = dir.join("entries");
        if std::fs::metadata(&entries_path).is_ok_and(|m| m.len() > 0) {
            return Err(LedgerError::Invalid {
                path: dir.to_path_buf(),
                message:
                    "entries exist but ledger.json is missing: not creating a ledger over them"
                        .into(),
            });
        }
        let checkpoints = dir.join("checkpoints");
        std::fs::create_dir_all(&checkpoints).map_err(io(&checkpoints))?;
        let config = LedgerConfig {
            format: FORMAT.into(),
            origin: origin.to_string(),
        };
        let mut text = serde_json::to_string_pretty(&config).expect("config serialises");
        text.push('\n');
        // The (empty) entries file first, so a half-created ledger is never taken for one.
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&entries_path)
            .and_then(|f| f.sync_all())
            .map_err(io(&entries_path))?;
        write_atomic(&config_path, text.as_bytes())
    }

    /// Read records appended since we last looked (by us or another process).
    fn catch_up(&mut self) -> Result<(), LedgerError> {
        let path = self.entries_path.clone();
        let end = self.file.metadata().map_err(io(&path))?.len();
        if end < self.valid_len {
            return Err(LedgerError::Invalid {
                path,
                message: format!(
                    "the file shrank from {} to {end} bytes: entries were removed",
                    self.valid_len
                ),
            });
        }
        let mut buf = Vec::with_capacity((end - self.valid_len) as usize);
        self.file
            .seek(SeekFrom::Start(self.valid_len))
            .map_err(io(&path))?;
        (&self.file)
            .take(end - self.valid_len)
            .read_to_end(&mut buf)
            .map_err(io(&path))?;
        let mut pos = 0usize;
        let mut committed = 0usize;
        let mut batch: Vec<(u64, Hash)> = Vec::new();
        while pos < buf.len() {
            let rest = &buf[pos..];
            let index = (self.leaves.len() + batch.len()) as u64;
            let offset = self.valid_len + pos as u64;
            let corrupt = |reason: String| LedgerError::Corrupt {
                path: path.clone(),
                index,
                offset,
                reason,
            };
            if rest.iter().all(|&b| b == 0) {
                break; // an interrupted append whose blocks were never filled: torn
            }
            if rest.len() < HEADER {
                let n = rest.len().min(RECORD_MARKER.len());
                if rest[..n] == RECORD_MARKER[..n] {
                    break; // the start of a header: torn
                }
                return Err(corrupt(
                    "the bytes after the last record do not start a record".into(),
                ));
            }
            let Some((len, flags)) = parse_header(&rest[..HEADER]) else {
                return Err(corrupt(
                    "its record header is damaged (wrong marker or checksum)".into(),
                ));
            };
            if len > MAX_ENTRY {
                return Err(corrupt(format!("record length {len} exceeds the limit")));
            }
            if rest.len() < HEADER + len + TRAILER {
                break; // a sound header whose record was not completely written: torn
            }
            let entry = &rest[HEADER..HEADER + len];
            let stored: Hash = rest[HEADER + len..HEADER + len + TRAILER]
                .try_into()
                .expect("32 bytes");
            let leaf = merkle::leaf_hash(entry);
            if leaf != stored {
                return Err(corrupt(
                    "its content does not match its recorded hash".into(),
                ));
            }
            batch.push((offset, leaf));
            pos += HEADER + len + TRAILER;
            if flags & BATCH_END != 0 {
                for (offset, leaf) in batch.drain(..) {
                    self.offsets.push(offset);
                    self.leaves.push(leaf);
                    self.frontier.push(leaf);
                }
                committed = pos;
            }
        }
        self.valid_len += committed as u64;
        self.torn_bytes = end - self.valid_len;
        Ok(())
    }

    fn lock(&self) -> Result<LockGuard, LedgerError> {
        lock_dir(&self.dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn origin(&self) -> &str {
        &self.config.origin
    }

    pub fn size(&self) -> u64 {
        self.leaves.len() as u64
    }

    pub fn root(&self) -> Hash {
        self.frontier.root()
    }

    pub fn leaf_hashes(&self) -> &[Hash] {
        &self.leaves
    }

    /// Bytes of an interrupted append after the last complete batch (0 when clean).
    pub fn torn_bytes(&self) -> u64 {
        self.torn_bytes
    }

    /// Append `bodies` (canonical JSON, by convention) as one durable batch: each is sealed
    /// with its index and the root before it, and signed when `signer` is given. Before
    /// signing, the entries since the last checkpoint must all be signed by the same key.
    /// Returns the index of the first.
    pub fn append_all(
        &mut self,
        bodies: &[Vec<u8>],
        signer: Option<&NoteSigner>,
    ) -> Result<u64, LedgerError> {
        if let Some(b) = bodies.iter().find(|b| b.len() > MAX_BODY) {
            return Err(LedgerError::Usage(format!(
                "an entry of {} bytes exceeds the limit of {MAX_BODY}",
                b.len()
            )));
        }
        if bodies.is_empty() {
            return Ok(self.size());
        }
        let _guard = self.lock()?;
        self.catch_up()?;
        self.refuse_behind_checkpoint("append")?;
        if let Some(s) = signer {
            self.vouch_tail(&s.verifier())?;
        }
        let path = self.entries_path.clone();
        if self.torn_bytes > 0 {
            // Never acknowledged: an append that crashed before its fsync returned.
            self.file.set_len(self.valid_len).map_err(io(&path))?;
            self.file.sync_all().map_err(io(&path))?;
            self.torn_bytes = 0;
        }
        let first = self.size();
        let mut frontier = self.frontier.clone();
        let mut records = Vec::new();
        let mut added = Vec::with_capacity(bodies.len());
        for (k, body) in bodies.iter().enumerate() {
            let e = entry::seal(
                &self.config.origin,
                first + k as u64,
                &frontier.root(),
                body,
                signer,
            );
            let leaf = merkle::leaf_hash(&e);
            let flags = if k + 1 == bodies.len() { BATCH_END } else { 0 };
            records.extend_from_slice(&record_header(e.len(), flags));
            records.extend_from_slice(&e);
            records.extend_from_slice(&leaf);
            frontier.push(leaf);
            added.push((leaf, HEADER + e.len() + TRAILER));
        }
        self.file.write_all(&records).map_err(io(&path))?;
        self.file.sync_data().map_err(io(&path))?;
        let mut offset = self.valid_len;
        for (leaf, len) in added {
            self.offsets.push(offset);
            self.leaves.push(leaf);
            offset += len as u64;
        }
        self.frontier = frontier;
        self.valid_len = offset;
        // What this process just signed needs no second look before its next signature.
        let size = self.size();
        if let (Some(s), Some(v)) = (signer, self.vouched.as_mut()) {
            if v.upto == first && v.key == s.verifier() {
                v.upto = size;
            }
        }
        Ok(first)
    }

    /// Append one body durably; returns its index.
    pub fn append(&mut self, body: &[u8], signer: Option<&NoteSigner>) -> Result<u64, LedgerError> {
        self.append_all(&[body.to_vec()], signer)
    }

    /// Acknowledged entries are never cut off or appended after: if a checkpoint covers
    /// more entries than the file holds, something other than a crash damaged it.
    fn refuse_behind_checkpoint(&self, what: &str) -> Result<(), LedgerError> {
        if let Some((latest, _)) = self.newest_checkpoint_file()? {
            if latest > self.size() {
                return Err(LedgerError::Invalid {
                    path: self.entries_path.clone(),
                    message: format!(
                        "the log holds {} complete entries but a checkpoint covers {latest}: refusing to {what}; run `tollgate ledger verify`",
                        self.size()
                    ),
                });
            }
        }
        Ok(())
    }

    /// The newest stored checkpoint file by size (its content is not checked here).
    fn newest_checkpoint_file(&self) -> Result<Option<(u64, PathBuf)>, LedgerError> {
        let dir = self.dir.join("checkpoints");
        let mut newest: Option<(u64, PathBuf)> = None;
        for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let e = e.map_err(io(&dir))?;
            if let Ok(size) = e.file_name().to_string_lossy().parse::<u64>() {
                if newest.as_ref().is_none_or(|(s, _)| size > *s) {
                    newest = Some((size, e.path()));
                }
            }
        }
        Ok(newest)
    }

    fn frontier_at(&self, size: u64) -> Frontier {
        if size == self.size() {
            return self.frontier.clone();
        }
        let mut f = Frontier::default();
        for l in &self.leaves[..size as usize] {
            f.push(*l);
        }
        f
    }

    /// Before signing with `key`: the newest checkpoint must be valid (this key, this
    /// origin, matching the log), and every entry after it must be signed by `key` in its
    /// place. Otherwise a signature now would vouch for what the key holder never wrote.
    fn vouch_tail(&mut self, key: &NoteVerifier) -> Result<(), LedgerError> {
        let refuse = |message: String| LedgerError::Refused {
            path: self.dir.clone(),
            message,
        };
        let n = self.size();
        let mine = self
            .vouched
            .as_ref()
            .filter(|v| v.key == *key && v.upto <= n);
        let mut start = 0;
        let mut checkpoint = None;
        if let Some((size, path)) = self.newest_checkpoint_file()? {
            let note = std::fs::read_to_string(&path).map_err(io(&path))?;
            let known = mine.is_some_and(|v| {
                v.checkpoint
                    .as_ref()
                    .is_some_and(|(s, n)| *s == size && *n == note)
            });
            if !known {
                let cp = Checkpoint::open(&note, key)
                    .map_err(|e| refuse(format!("checkpoint {size}: {e}")))?;
                if cp.size != size || cp.origin != self.config.origin {
                    return Err(refuse(format!(
                        "checkpoint file {size} holds a checkpoint of size {} for log '{}'",
                        cp.size, cp.origin
                    )));
                }
                if self.frontier_at(size).root() != cp.root {
                    return Err(refuse(format!(
                        "checkpoint {size} does not match the log: an entry it covers was changed"
                    )));
                }
            }
            start = size;
            checkpoint = Some((size, note));
        }
        if let Some(v) = mine {
            start = start.max(v.upto);
        }
        if start < n {
            let mut frontier = self.frontier_at(start);
            let mut f = File::open(&self.entries_path).map_err(io(&self.entries_path))?;
            for i in start..n {
                let bytes = self.read_entry(&mut f, i)?;
                let problem = match Sealed::parse(&bytes) {
                    Ok(e) => e.check(&self.config.origin, i, &frontier.root(), key).err(),
                    Err(p) => Some(p),
                };
                if let Some(p) = problem {
                    return Err(refuse(format!(
                        "entry {i} {p}, and no valid checkpoint covers it"
                    )));
                }
                frontier.push(self.leaves[i as usize]);
            }
        }
        self.vouched = Some(Vouched {
            key: key.clone(),
            upto: n,
            checkpoint,
        });
        Ok(())
    }

    fn read_entry(&self, f: &mut File, index: u64) -> Result<Vec<u8>, LedgerError> {
        let i = index as usize;
        let path = &self.entries_path;
        f.seek(SeekFrom::Start(self.offsets[i])).map_err(io(path))?;
        let mut header = [0u8; HEADER];
        f.read_exact(&mut header).map_err(io(path))?;
        let changed = || LedgerError::Corrupt {
            path: path.clone(),
            index,
            offset: self.offsets[i],
            reason: "changed since the ledger was opened".into(),
        };
        let (len, _) = parse_header(&header).ok_or_else(changed)?;
        let mut entry = vec![0u8; len.min(MAX_ENTRY)];
        f.read_exact(&mut entry).map_err(io(path))?;
        if merkle::leaf_hash(&entry) != self.leaves[i] {
            return Err(changed());
        }
        Ok(entry)
    }

    fn check_index(&self, index: u64) -> Result<(), LedgerError> {
        if index < self.size() {
            Ok(())
        } else {
            Err(LedgerError::Usage(format!(
                "no entry {index}: the ledger has {} entries",
                self.size()
            )))
        }
    }

    /// The bytes of entry `index` as the tree hashes them (the sealed body).
    pub fn entry(&self, index: u64) -> Result<Vec<u8>, LedgerError> {
        self.check_index(index)?;
        let mut f = File::open(&self.entries_path).map_err(io(&self.entries_path))?;
        self.read_entry(&mut f, index)
    }

    /// The bytes of entries `start` to `end` (exclusive), read with one open file.
    pub fn entries(&self, start: u64, end: u64) -> Result<Vec<Vec<u8>>, LedgerError> {
        if start > end || end > self.size() {
            return Err(LedgerError::Usage(format!(
                "no entries {start} to {end}: the ledger has {} entries",
                self.size()
            )));
        }
        let mut f = File::open(&self.entries_path).map_err(io(&self.entries_path))?;
        (start..end).map(|i| self.read_entry(&mut f, i)).collect()
    }

    /// The root of the tree of the first `size` entries (at most the log's size): at once
    /// for the whole log, else in one pass over the leaf hashes.
    pub fn root_at(&self, size: u64) -> Hash {
        self.frontier_at(size.min(self.size())).root()
    }

    /// The body (JSON) of entry `index`, as given to [`Ledger::append_all`].
    pub fn entry_body(&self, index: u64) -> Result<Vec<u8>, LedgerError> {
        let e = self.entry(index)?;
        Ok(self.sealed(index, &e)?.body.to_vec())
    }

    fn sealed<'a>(&self, index: u64, bytes: &'a [u8]) -> Result<Sealed<'a>, LedgerError> {
        Sealed::parse(bytes).map_err(|p| LedgerError::Corrupt {
            path: self.entries_path.clone(),
            index,
            offset: self.offsets[index as usize],
            reason: p.to_string(),
        })
    }

    /// Every entry's index and body, in order, read in one pass.
    pub fn bodies(&self) -> Result<Vec<(u64, Vec<u8>)>, LedgerError> {
        let mut f = File::open(&self.entries_path).map_err(io(&self.entries_path))?;
        let mut out = Vec::with_capacity(self.leaves.len());
        for i in 0..self.size() {
            let e = self.read_entry(&mut f, i)?;
            out.push((i, self.sealed(i, &e)?.body.to_vec()));
        }
        Ok(out)
    }

    fn checkpoint_path(&self, size: u64) -> PathBuf {
        self.dir.join("checkpoints").join(format!("{size:020}"))
    }

    /// Sign a checkpoint of the current tree, store it, and return the signed note. Refuses
    /// (naming the entry) when the entries since the last checkpoint are not all signed by
    /// this key, or that checkpoint is not valid.
    pub fn checkpoint(&mut self, signer: &NoteSigner) -> Result<String, LedgerError> {
        let _guard = self.lock()?;
        self.catch_up()?;
        self.refuse_behind_checkpoint("sign a checkpoint")?;
        let key = signer.verifier();
        self.vouch_tail(&key)?;
        let cp = Checkpoint {
            origin: self.config.origin.clone(),
            size: self.size(),
            root: self.root(),
        };
        let note = cp.sign(signer)?;
        write_atomic(&self.checkpoint_path(cp.size), note.as_bytes())?;
        write_atomic(&self.dir.join("checkpoint"), note.as_bytes())?;
        if let Some(v) = self.vouched.as_mut() {
            v.checkpoint = Some((cp.size, note.clone()));
        }
        Ok(note)
    }

    /// The latest signed checkpoint note, if one was written.
    pub fn latest_checkpoint(&self) -> Result<Option<String>, LedgerError> {
        let path = self.dir.join("checkpoint");
        match std::fs::read_to_string(&path) {
            Ok(note) => Ok(Some(note)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// Stored checkpoint notes, by tree size.
    pub fn checkpoints(&self) -> Result<Vec<(u64, String)>, LedgerError> {
        let dir = self.dir.join("checkpoints");
        let mut out = Vec::new();
        for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let e = e.map_err(io(&dir))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // an interrupted atomic write
            }
            let size: u64 = name.parse().map_err(|_| LedgerError::Invalid {
                path: e.path(),
                message: "not a checkpoint file name".into(),
            })?;
            let text = std::fs::read_to_string(e.path()).map_err(io(&e.path()))?;
            out.push((size, text));
        }
        out.sort_by_key(|(s, _)| *s);
        Ok(out)
    }

    /// The latest checkpoint whose tree includes entry `index`.
    fn covering_checkpoint(
        &self,
        index: u64,
        verifier: &NoteVerifier,
    ) -> Result<(Checkpoint, String), LedgerError> {
        let (_, note) = self
            .checkpoints()?
            .into_iter()
            .rev()
            .find(|(s, _)| *s > index)
            .ok_or_else(|| {
                LedgerError::Usage(format!(
                    "no checkpoint covers entry {index} yet: run `tollgate ledger checkpoint`"
                ))
            })?;
        let cp = Checkpoint::open(&note, verifier)?;
        Ok((cp, note))
    }

    /// An inclusion-proof bundle for entry `index` against the latest checkpoint covering
    /// it. Refused when the entry is not signed by the key in its place, since such a
    /// proof would not verify.
    pub fn prove(
        &self,
        index: u64,
        verifier: &NoteVerifier,
    ) -> Result<InclusionBundle, LedgerError> {
        let entry = self.entry(index)?;
        let (cp, note) = self.covering_checkpoint(index, verifier)?;
        let size = cp.size as usize;
        if size > self.leaves.len() || merkle::root(&self.leaves[..size]) != cp.root {
            return Err(LedgerError::Usage(format!("the ledger does not match its checkpoint of size {size}: run `tollgate ledger verify`")));
        }
        self.sealed(index, &entry)?
            .check(
                &self.config.origin,
                index,
                &self.frontier_at(index).root(),
                verifier,
            )
            .map_err(|p| {
                LedgerError::Usage(format!(
                    "entry {index} {p}: no proof of it would verify; run `tollgate ledger verify`"
                ))
            })?;
        let proof =
            merkle::inclusion_proof(index as usize, &self.leaves[..size]).expect("index < size");
        Ok(InclusionBundle {
            format: INCLUSION_FORMAT.into(),
            checkpoint: note,
            index,
            entry: STANDARD.encode(entry),
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }

    /// A consistency bundle from an older signed checkpoint to the latest one.
    pub fn consistency(
        &self,
        old_note: &str,
        verifier: &NoteVerifier,
    ) -> Result<ConsistencyBundle, LedgerError> {
        let old = Checkpoint::open(old_note, verifier)?;
        let new_note = self.latest_checkpoint()?.ok_or_else(|| {
            LedgerError::Usage("no signed checkpoint yet: run `tollgate ledger checkpoint`".into())
        })?;
        let new = Checkpoint::open(&new_note, verifier)?;
        if old.size == 0 || old.size > new.size || new.size > self.size() {
            return Err(LedgerError::Usage(format!(
                "cannot prove {} -> {}: sizes out of order",
                old.size, new.size
            )));
        }
        let proof = merkle::consistency_proof(old.size as usize, &self.leaves[..new.size as usize])
            .expect("sizes checked");
        Ok(ConsistencyBundle {
            format: CONSISTENCY_FORMAT.into(),
            old_checkpoint: old_note.to_string(),
            new_checkpoint: new_note,
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }

    /// Check the whole log with `verifier`: every entry's signature in its place, every
    /// checkpoint against the tree, that nothing follows the last checkpoint (unless an
    /// unsigned tail is accepted), and that the log extends every trusted checkpoint.
    /// Records were already checked against their hashes when the log was opened.
    pub fn verify(
        &self,
        verifier: &NoteVerifier,
        options: &VerifyOptions,
    ) -> Result<VerifyReport, LedgerError> {
        let n = self.size();
        let origin = self.config.origin.as_str();
        let mut report = VerifyReport {
            size: n,
            root: self.root(),
            torn_bytes: self.torn_bytes,
            checkpoints: 0,
            last_checkpoint: 0,
            signed: 0,
            tail: 0,
            tail_unsigned: 0,
            trusted: Vec::new(),
            keep: None,
            problems: Vec::new(),
        };
        // roots[i]: the tree of the first i entries, what entry i was signed after.
        let mut roots = Vec::with_capacity(self.leaves.len() + 1);
        let mut frontier = Frontier::default();
        roots.push(frontier.root());
        for l in &self.leaves {
            frontier.push(*l);
            roots.push(frontier.root());
        }

        let checkpoints = self.checkpoints()?;
        let mut last_valid: Option<(u64, &String)> = None;
        for (size, note) in &checkpoints {
            if *size > n {
                report.problems.push(format!(
                    "checkpoint {size} covers more entries than the log holds ({n}): entries {n} and later are missing"
                ));
                continue;
            }
            let last_good = last_valid.map_or(0, |(s, _)| s);
            match Checkpoint::open(note, verifier) {
                Err(e) => report.problems.push(format!("checkpoint {size}: {e}")),
                Ok(cp) if cp.size != *size => report.problems.push(format!(
                    "checkpoint file {size} holds a checkpoint of size {}",
                    cp.size
                )),
                Ok(cp) if cp.origin != origin => report.problems.push(format!(
                    "checkpoint {size} is for origin {}, not '{origin}'",
                    tollgate_core::redact::quote(&cp.origin)
                )),
                Ok(cp) if cp.root != roots[*size as usize] => report.problems.push(format!(
                    "checkpoint {size} does not match the log: an entry between {last_good} and {} was changed",
                    size.saturating_sub(1)
                )),
                Ok(_) => {
                    report.checkpoints += 1;
                    last_valid = Some((*size, note));
                }
            }
        }
        if let Some(note) = self.latest_checkpoint()? {
            match Checkpoint::open(&note, verifier) {
                Ok(cp) if checkpoints.iter().any(|(s, n)| *s == cp.size && *n == note) => {}
                Ok(cp) => report.problems.push(format!(
                    "the latest checkpoint (size {}) is not among the stored checkpoints",
                    cp.size
                )),
                Err(e) => report.problems.push(format!("latest checkpoint: {e}")),
            }
        }
        let covered = last_valid.map_or(0, |(s, _)| s);
        report.last_checkpoint = covered;

        // Entries: signature, key and place of each.
        let entry_problems = self.check_entries(verifier, &roots)?;
        report.signed = n - entry_problems.len() as u64;
        let mut bad: Vec<(u64, EntryProblem)> = Vec::new();
        let mut tail_unsigned = 0u64;
        for (i, p) in entry_problems {
            if i >= covered && p == EntryProblem::Unsigned {
                tail_unsigned += 1;
                if options.accept_unsigned_tail {
                    continue;
                }
            }
            bad.push((i, p));
        }
        report.problems.extend(group_entry_problems(&bad));
        report.tail = n - covered;
        report.tail_unsigned = tail_unsigned;
        if covered < n && !options.accept_unsigned_tail {
            let what = if tail_unsigned == 0 {
                "they are signed, but no checkpoint commits to them"
            } else {
                "no checkpoint commits to them"
            };
            report.problems.push(format!(
                "entries {covered} to {} follow the last valid checkpoint (size {covered}): {what}; sign one with `tollgate ledger checkpoint`, or pass --accept-unsigned-tail to accept them unverified",
                n - 1
            ));
        }

        // Trusted checkpoints from earlier runs: the log must extend every one of them.
        let mut keep = last_valid.map(|(s, n)| (s, n.clone()));
        for t in &options.trusted {
            match Checkpoint::open(&t.note, verifier) {
                Err(e) => report.problems.push(format!(
                    "the trusted checkpoint ({}) does not verify with key '{}': {e}",
                    t.source,
                    verifier.name()
                )),
                Ok(cp) if cp.origin != origin => report.problems.push(format!(
                    "the trusted checkpoint ({}) is of log '{}', not '{origin}'",
                    t.source,
                    tollgate_core::redact::quote(&cp.origin)
                )),
                Ok(cp) if cp.size > n => report.problems.push(format!(
                    "rollback: the log holds {n} entries but the trusted checkpoint ({}) covers {}: entries were removed, or an older copy of the log was put back",
                    t.source, cp.size
                )),
                Ok(cp) if roots[cp.size as usize] != cp.root => report.problems.push(format!(
                    "fork: the first {} entries are not those the trusted checkpoint ({}) signed: the log was rewritten",
                    cp.size, t.source
                )),
                Ok(cp) => {
                    report.trusted.push((t.source.clone(), cp.size));
                    if keep.as_ref().is_none_or(|(s, _)| cp.size > *s) {
                        keep = Some((cp.size, t.note.clone()));
                    }
                }
            }
        }
        report.keep = keep.map(|(_, note)| note);
        Ok(report)
    }

    /// Each entry's problem, if any, in index order. The signatures are checked on every
    /// core: with the roots known in advance, the entries are independent.
    fn check_entries(
        &self,
        verifier: &NoteVerifier,
        roots: &[Hash],
    ) -> Result<Vec<(u64, EntryProblem)>, LedgerError> {
        let path = &self.entries_path;
        let mut buf = Vec::with_capacity(self.valid_len as usize);
        File::open(path)
            .map_err(io(path))?
            .take(self.valid_len)
            .read_to_end(&mut buf)
            .map_err(io(path))?;
        if buf.len() as u64 != self.valid_len {
            return Err(LedgerError::Invalid {
                path: path.clone(),
                message: "the file shrank since it was opened".into(),
            });
        }
        let origin = self.config.origin.as_str();
        let check = |i: usize| -> Option<EntryProblem> {
            let off = self.offsets[i] as usize;
            let Some((len, _)) = parse_header(&buf[off..off + HEADER]) else {
                return Some(EntryProblem::Malformed(
                    "changed since the ledger was opened".into(),
                ));
            };
            let Some(bytes) = buf.get(off + HEADER..off + HEADER + len) else {
                return Some(EntryProblem::Malformed(
                    "changed since the ledger was opened".into(),
                ));
            };
            if merkle::leaf_hash(bytes) != self.leaves[i] {
                return Some(EntryProblem::Malformed(
                    "changed since the ledger was opened".into(),
                ));
            }
            match Sealed::parse(bytes) {
                Ok(e) => e.check(origin, i as u64, &roots[i], verifier).err(),
                Err(p) => Some(p),
            }
        };
        let n = self.leaves.len();
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, 8);
        let chunk = n.div_ceil(threads).max(512);
        let mut out: Vec<(u64, EntryProblem)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    let check = &check;
                    s.spawn(move || {
                        (start..(start + chunk).min(n))
                            .filter_map(|i| check(i).map(|p| (i as u64, p)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("entry checks do not panic"))
                .collect()
        });
        out.sort_by_key(|(i, _)| *i);
        Ok(out)
    }
}

/// One line per run of consecutive entries with the same kind of problem.
pub(crate) fn group_entry_problems(bad: &[(u64, EntryProblem)]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < bad.len() {
        let (first, ref p) = bad[i];
        let mut j = i + 1;
        while j < bad.len()
            && bad[j].0 == bad[j - 1].0 + 1
            && std::mem::discriminant(&bad[j].1) == std::mem::discriminant(p)
        {
            j += 1;
        }
        let last = bad[j - 1].0;
        lines.push(if first == last {
            format!("entry {first} {p}")
        } else {
            format!(
                "entries {first} to {last} ({} entries) do not check out; the first, entry {first}, {p}",
                last - first + 1
            )
        });
        i = j;
    }
    lines
}

/// The outcome of [`Ledger::verify`].
#[derive(Debug)]
pub struct VerifyReport {
    pub size: u64,
    pub root: Hash,
    pub torn_bytes: u64,
    /// Valid checkpoints.
    pub checkpoints: u64,
    /// Size of the last valid checkpoint (0 when none).
    pub last_checkpoint: u64,
    /// Entries signed by the key in their place.
    pub signed: u64,
    /// Entries after the last valid checkpoint (a problem unless
    /// [`VerifyOptions::accept_unsigned_tail`] is set).
    pub tail: u64,
    /// Of those, the entries without a signature.
    pub tail_unsigned: u64,
    /// Trusted checkpoints the log extends: (source, size).
    pub trusted: Vec<(String, u64)>,
    /// The largest valid checkpoint seen (the log's or a trusted one): what a verifier
    /// should trust next time, when the report is OK.
    pub keep: Option<String>,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_answer() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn every_single_bit_flip_of_a_header_is_caught() {
        let h = record_header(1234, BATCH_END);
        assert_eq!(parse_header(&h), Some((1234, BATCH_END)));
        for byte in 0..HEADER {
            for bit in 0..8 {
                let mut d = h;
                d[byte] ^= 1 << bit;
                assert_eq!(parse_header(&d), None, "bit {bit} of byte {byte}");
            }
        }
    }
}
