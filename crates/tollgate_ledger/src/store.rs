//! The ledger on disk: an append-only file of records, signed checkpoints beside it.
//!
//! ```text
//! <dir>/ledger.json          origin (the log's name in checkpoints)
//! <dir>/entries              records: u32 LE length ‖ entry ‖ SHA-256(0x00 ‖ entry)
//! <dir>/checkpoints/<size>   a signed checkpoint per tree size signed (20-digit names)
//! <dir>/checkpoint           the latest signed checkpoint
//! <dir>/lock                 serialises appends between processes
//! ```
//!
//! An append is durable when it returns: the record is written with one `write` on an
//! `O_APPEND` descriptor and `fsync`ed before the index is handed back. A crash can only
//! leave an incomplete last record (never acknowledged); opening the log detects it, and
//! the next append, under the lock, cuts it off. A complete record whose stored hash does
//! not match its content is never cut off: it is corruption and is reported.
//! The leaf hashes stored with the records are what the C2SP tlog-tiles layout serves,
//! so a server can publish tiles from this file without rehashing.

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::merkle::{self, Frontier, Hash};
use crate::note::{NoteSigner, NoteVerifier};
use crate::proof::{ConsistencyBundle, InclusionBundle, CONSISTENCY_FORMAT, INCLUSION_FORMAT};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Largest entry accepted; a record claiming more is treated as damaged framing.
pub const MAX_ENTRY: usize = 16 << 20;
const HEADER: usize = 4;
const TRAILER: usize = 32;

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
    /// The log's name, the first line of every checkpoint.
    pub origin: String,
}

/// An open ledger. Cheap to keep open; every mutation takes the inter-process lock and
/// first catches up with records other processes appended.
pub struct Ledger {
    dir: PathBuf,
    entries_path: PathBuf,
    config: LedgerConfig,
    file: File,
    /// Bytes of complete, verified records.
    valid_len: u64,
    offsets: Vec<u64>,
    leaves: Vec<Hash>,
    frontier: Frontier,
    torn_bytes: u64,
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

impl Ledger {
    /// Open the ledger in `dir`, creating it (with `origin`) when `create` is set.
    pub fn open(dir: &Path, create: Option<&str>) -> Result<Ledger, LedgerError> {
        let config_path = dir.join("ledger.json");
        let entries_path = dir.join("entries");
        if !config_path.exists() {
            let Some(origin) = create else {
                return Err(LedgerError::Invalid {
                    path: dir.to_path_buf(),
                    message: "no ledger here (ledger.json is missing)".into(),
                });
            };
            if origin.is_empty() || origin.contains('\n') {
                return Err(LedgerError::Usage(
                    "the ledger origin must be one non-empty line".into(),
                ));
            }
            std::fs::create_dir_all(dir.join("checkpoints")).map_err(io(dir))?;
            let config = LedgerConfig {
                format: "tollgate-ledger/v1".into(),
                origin: origin.to_string(),
            };
            let mut text = serde_json::to_string_pretty(&config).expect("config serialises");
            text.push('\n');
            // Create the (empty) entries file first so a half-created ledger is never taken for a valid one.
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(&entries_path)
                .map_err(io(&entries_path))?
                .sync_all()
                .map_err(io(&entries_path))?;
            write_atomic(&config_path, text.as_bytes())?;
        }
        let text = std::fs::read_to_string(&config_path).map_err(io(&config_path))?;
        let config: LedgerConfig =
            serde_json::from_str(&text).map_err(|e| LedgerError::Invalid {
                path: config_path.clone(),
                message: format!("line {}: {e}", e.line()),
            })?;
        if config.format != "tollgate-ledger/v1" {
            return Err(LedgerError::Invalid {
                path: config_path,
                message: format!("unknown ledger format '{}'", config.format),
            });
        }
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
        };
        ledger.catch_up()?;
        Ok(ledger)
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
        while pos < buf.len() {
            let index = self.leaves.len() as u64;
            let offset = self.valid_len + pos as u64;
            if buf.len() - pos < HEADER {
                break; // incomplete header: torn tail
            }
            let len =
                u32::from_le_bytes(buf[pos..pos + HEADER].try_into().expect("4 bytes")) as usize;
            if len > MAX_ENTRY {
                if buf.len() - pos < HEADER + MAX_ENTRY + TRAILER {
                    break; // cannot tell damaged framing from a torn write yet; treated as torn
                }
                return Err(LedgerError::Corrupt {
                    path,
                    index,
                    offset,
                    reason: format!("record length {len} exceeds the limit"),
                });
            }
            if buf.len() - pos < HEADER + len + TRAILER {
                break; // incomplete record: torn tail
            }
            let entry = &buf[pos + HEADER..pos + HEADER + len];
            let stored: Hash = buf[pos + HEADER + len..pos + HEADER + len + TRAILER]
                .try_into()
                .expect("32 bytes");
            let leaf = merkle::leaf_hash(entry);
            if leaf != stored {
                return Err(LedgerError::Corrupt {
                    path,
                    index,
                    offset,
                    reason: "its content does not match its recorded hash".into(),
                });
            }
            self.offsets.push(offset);
            self.leaves.push(leaf);
            self.frontier.push(leaf);
            pos += HEADER + len + TRAILER;
        }
        self.valid_len += pos as u64;
        self.torn_bytes = end - self.valid_len;
        Ok(())
    }

    fn lock(&self) -> Result<LockGuard, LedgerError> {
        let path = self.dir.join("lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        f.lock().map_err(io(&path))?;
        Ok(LockGuard(f))
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

    /// Bytes of an interrupted append after the last complete record (0 when clean).
    pub fn torn_bytes(&self) -> u64 {
        self.torn_bytes
    }

    /// Append entries as one durable batch; returns the index of the first.
    pub fn append_all(&mut self, entries: &[Vec<u8>]) -> Result<u64, LedgerError> {
        if let Some(e) = entries.iter().find(|e| e.len() > MAX_ENTRY) {
            return Err(LedgerError::Usage(format!(
                "an entry of {} bytes exceeds the limit of {MAX_ENTRY}",
                e.len()
            )));
        }
        let _guard = self.lock()?;
        self.catch_up()?;
        let path = self.entries_path.clone();
        // Acknowledged entries are never cut off: if a signed checkpoint covers more entries
        // than the file now holds, something other than a crash damaged it.
        let latest = self.latest_checkpoint_size()?;
        if latest > self.size() {
            return Err(LedgerError::Invalid {
                path,
                message: format!(
                    "the log holds {} complete entries but a checkpoint covers {latest}: refusing to append; run `tollgate ledger verify`",
                    self.size()
                ),
            });
        }
        if self.torn_bytes > 0 {
            // Never acknowledged: an append that crashed before its fsync returned.
            self.file.set_len(self.valid_len).map_err(io(&path))?;
            self.file.sync_all().map_err(io(&path))?;
            self.torn_bytes = 0;
        }
        let mut record = Vec::new();
        let mut hashes = Vec::with_capacity(entries.len());
        for e in entries {
            let leaf = merkle::leaf_hash(e);
            record.extend_from_slice(&(e.len() as u32).to_le_bytes());
            record.extend_from_slice(e);
            record.extend_from_slice(&leaf);
            hashes.push((leaf, HEADER + e.len() + TRAILER));
        }
        self.file.write_all(&record).map_err(io(&path))?;
        self.file.sync_data().map_err(io(&path))?;
        let first = self.size();
        let mut offset = self.valid_len;
        for (leaf, len) in hashes {
            self.offsets.push(offset);
            self.leaves.push(leaf);
            self.frontier.push(leaf);
            offset += len as u64;
        }
        self.valid_len = offset;
        Ok(first)
    }

    /// Append one entry durably; returns its index.
    pub fn append(&mut self, entry: &[u8]) -> Result<u64, LedgerError> {
        self.append_all(&[entry.to_vec()])
    }

    /// Tree size of the newest stored checkpoint (its signature is not checked here).
    fn latest_checkpoint_size(&self) -> Result<u64, LedgerError> {
        let dir = self.dir.join("checkpoints");
        let mut max = 0;
        for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let e = e.map_err(io(&dir))?;
            if let Ok(size) = e.file_name().to_string_lossy().parse::<u64>() {
                max = max.max(size);
            }
        }
        Ok(max)
    }

    /// The bytes of entry `index`.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>, LedgerError> {
        let i = usize::try_from(index)
            .ok()
            .filter(|&i| i < self.offsets.len())
            .ok_or_else(|| {
                LedgerError::Usage(format!(
                    "no entry {index}: the ledger has {} entries",
                    self.size()
                ))
            })?;
        let path = &self.entries_path;
        let mut f = File::open(path).map_err(io(path))?;
        f.seek(SeekFrom::Start(self.offsets[i])).map_err(io(path))?;
        let mut len = [0u8; 4];
        f.read_exact(&mut len).map_err(io(path))?;
        let mut entry = vec![0u8; u32::from_le_bytes(len) as usize];
        f.read_exact(&mut entry).map_err(io(path))?;
        if merkle::leaf_hash(&entry) != self.leaves[i] {
            return Err(LedgerError::Corrupt {
                path: path.clone(),
                index,
                offset: self.offsets[i],
                reason: "changed since the ledger was opened".into(),
            });
        }
        Ok(entry)
    }

    fn checkpoint_path(&self, size: u64) -> PathBuf {
        self.dir.join("checkpoints").join(format!("{size:020}"))
    }

    /// Sign a checkpoint of the current tree, store it, and return the signed note.
    pub fn checkpoint(&mut self, signer: &NoteSigner) -> Result<String, LedgerError> {
        let _guard = self.lock()?;
        self.catch_up()?;
        let cp = Checkpoint {
            origin: self.config.origin.clone(),
            size: self.size(),
            root: self.root(),
        };
        let note = cp.sign(signer)?;
        write_atomic(&self.checkpoint_path(cp.size), note.as_bytes())?;
        write_atomic(&self.dir.join("checkpoint"), note.as_bytes())?;
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

    /// An inclusion-proof bundle for entry `index` against the latest checkpoint covering it.
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

    /// Check every checkpoint against the log. Records were already checked against
    /// their hashes when the log was opened.
    pub fn verify(&self, verifier: &NoteVerifier) -> Result<VerifyReport, LedgerError> {
        let mut report = VerifyReport {
            size: self.size(),
            root: self.root(),
            torn_bytes: self.torn_bytes,
            checkpoints: 0,
            problems: Vec::new(),
        };
        let checkpoints = self.checkpoints()?;
        let mut frontier = Frontier::default();
        let mut last_good = 0u64;
        let mut sizes = checkpoints.iter().peekable();
        for i in 0..=self.leaves.len() {
            while let Some((size, note)) = sizes.peek() {
                if *size as usize != i {
                    break;
                }
                match Checkpoint::open(note, verifier) {
                    Err(e) => report.problems.push(format!("checkpoint {size}: {e}")),
                    Ok(cp) if cp.size != *size => report.problems.push(format!("checkpoint file {size} holds a checkpoint of size {}", cp.size)),
                    Ok(cp) if cp.origin != self.config.origin => report.problems.push(format!("checkpoint {size} is for origin '{}', not '{}'", cp.origin, self.config.origin)),
                    Ok(cp) if cp.root != frontier.root() => report.problems.push(format!(
                        "checkpoint {size} does not match the log: an entry between {last_good} and {} was changed",
                        size.saturating_sub(1)
                    )),
                    Ok(_) => {
                        report.checkpoints += 1;
                        last_good = *size;
                    }
                }
                sizes.next();
            }
            if i < self.leaves.len() {
                frontier.push(self.leaves[i]);
            }
        }
        for (size, _) in sizes {
            report.problems.push(format!(
                "checkpoint {size} covers more entries than the log holds ({}): entries {} and later are missing",
                self.size(),
                self.size()
            ));
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
        Ok(report)
    }
}

/// The outcome of [`Ledger::verify`].
#[derive(Debug)]
pub struct VerifyReport {
    pub size: u64,
    pub root: Hash,
    pub torn_bytes: u64,
    pub checkpoints: u64,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}
