//! A log read from its C2SP tlog-tiles (a server's `…/ledger` or a static copy made by
//! `export-tiles`), checked with nothing but the verifier's key: the checkpoint's
//! signature and origin, the tree root recomputed from the hash tiles, every entry against
//! its leaf hash and its own signature in its place, every higher tile against the tiles
//! below, and that the log extends every checkpoint the verifier trusts. Inclusion and
//! consistency proofs are built from the few tiles they need, and checked before they are
//! handed out.
//!
//! Where the bytes come from is a [`TileSource`]: a directory here, HTTP in the server's
//! client, memory in the fuzz target. Every read is bounded by what the layout allows.

use crate::checkpoint::Checkpoint;
use crate::entry::{EntryProblem, Sealed};
use crate::merkle::{self, Frontier, Hash};
use crate::note::NoteVerifier;
use crate::proof::{ConsistencyBundle, InclusionBundle, CONSISTENCY_FORMAT, INCLUSION_FORMAT};
use crate::store::Trusted;
use crate::tiles::{tile_in_tree, TileId, HASH_BYTES, TILE_WIDTH};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::PathBuf;

/// The largest checkpoint note read.
pub const MAX_CHECKPOINT: usize = 64 << 10;

/// Where a log's tiles are read from.
pub trait TileSource {
    /// The bytes at `path` (`checkpoint`, `tile/0/000`), `Ok(None)` when there is nothing
    /// there. More than `max` bytes is an error. Errors name the location.
    fn fetch(&self, path: &str, max: usize) -> Result<Option<Vec<u8>>, String>;
    /// Where `path` is, for messages: a URL or a file name.
    fn locate(&self, path: &str) -> String;
}

/// The tiles in a directory (what `export-tiles` wrote).
#[derive(Clone, Debug)]
pub struct DirSource {
    pub root: PathBuf,
}

impl TileSource for DirSource {
    fn fetch(&self, path: &str, max: usize) -> Result<Option<Vec<u8>>, String> {
        let p = self.root.join(path);
        let f = match std::fs::File::open(&p) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", p.display())),
        };
        let mut buf = Vec::new();
        f.take(max as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("{}: {e}", p.display()))?;
        if buf.len() > max {
            return Err(format!("{}: larger than {max} bytes", p.display()));
        }
        Ok(Some(buf))
    }

    fn locate(&self, path: &str) -> String {
        self.root.join(path).display().to_string()
    }
}

/// Why a log could not be read or does not check out. The message names the tile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RemoteError(pub String);

fn fail<T>(msg: String) -> Result<T, RemoteError> {
    Err(RemoteError(msg))
}

/// The hashes of a hash tile of `width` hashes.
pub fn parse_hash_tile(bytes: &[u8], width: u64) -> Result<Vec<Hash>, String> {
    let want = width as usize * HASH_BYTES;
    if bytes.len() != want {
        return Err(format!(
            "{} bytes where a tile of {width} hashes has {want}",
            bytes.len()
        ));
    }
    Ok(bytes
        .chunks_exact(HASH_BYTES)
        .map(|c| {
            let mut h = [0u8; 32];
            h.copy_from_slice(c);
            h
        })
        .collect())
}

/// The entries of an entry bundle of `width` entries: each after its length (u16 BE),
/// exactly `width` of them and nothing after.
pub fn parse_entry_bundle(bytes: &[u8], width: u64) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        if out.len() as u64 == width {
            return Err(format!(
                "{} bytes follow the {width} entries it should hold",
                rest.len()
            ));
        }
        let [a, b, tail @ ..] = rest else {
            return Err(format!("entry {} has a cut-off length", out.len()));
        };
        let len = u16::from_be_bytes([*a, *b]) as usize;
        if tail.len() < len {
            return Err(format!(
                "entry {} claims {len} bytes, {} are left",
                out.len(),
                tail.len()
            ));
        }
        out.push(&tail[..len]);
        rest = &tail[len..];
    }
    if out.len() as u64 != width {
        return Err(format!("{} entries where {width} belong", out.len()));
    }
    Ok(out)
}

/// A log's signed checkpoint, and reads of its tiles.
pub struct Remote<'a> {
    src: &'a dyn TileSource,
    /// The signed checkpoint note as served.
    pub note: String,
    pub checkpoint: Checkpoint,
    cache: RefCell<HashMap<(u8, u64), Vec<Hash>>>,
}

/// What [`Remote::verify`] found.
#[derive(Debug)]
pub struct RemoteReport {
    pub size: u64,
    pub root: Hash,
    pub origin: String,
    /// Tiles read: hash tiles and entry bundles.
    pub hash_tiles: u64,
    pub entry_bundles: u64,
    /// Entries signed by the key in their place.
    pub signed: u64,
    /// Trusted checkpoints the log extends: (source, size).
    pub trusted: Vec<(String, u64)>,
    /// What the verifier should trust next time, when the report is OK.
    pub keep: Option<String>,
    pub problems: Vec<String>,
}

impl RemoteReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl<'a> Remote<'a> {
    /// Fetch the checkpoint and check its signature by `verifier` and, when given, its origin.
    pub fn open(
        src: &'a dyn TileSource,
        verifier: &NoteVerifier,
        origin: Option<&str>,
    ) -> Result<Remote<'a>, RemoteError> {
        let at = src.locate("checkpoint");
        let bytes = match src.fetch("checkpoint", MAX_CHECKPOINT) {
            Ok(Some(b)) => b,
            Ok(None) => return fail(format!("{at}: no checkpoint there (not found)")),
            Err(e) => return fail(format!("cannot read the checkpoint: {e}")),
        };
        let Ok(note) = String::from_utf8(bytes) else {
            return fail(format!("{at}: the checkpoint is not UTF-8 text"));
        };
        let checkpoint = Checkpoint::open(&note, verifier).map_err(|e| {
            RemoteError(format!(
                "{at}: the checkpoint does not verify with key '{}': {e}",
                verifier.name()
            ))
        })?;
        if let Some(o) = origin {
            if checkpoint.origin != o {
                return fail(format!(
                    "{at}: the checkpoint is of log {}, not '{o}'",
                    tollgate_core::redact::quote(&checkpoint.origin)
                ));
            }
        }
        Ok(Remote {
            src,
            note,
            checkpoint,
            cache: RefCell::new(HashMap::new()),
        })
    }

    /// Where tile `id` is.
    pub fn locate(&self, id: &TileId) -> String {
        self.src.locate(&id.path())
    }

    fn fetch_tile(&self, id: &TileId) -> Result<Vec<u8>, RemoteError> {
        match self.src.fetch(&id.path(), id.max_bytes()) {
            Ok(Some(b)) => Ok(b),
            Ok(None) => fail(format!(
                "{}: not found, though the checkpoint's tree of {} entries has this tile",
                self.locate(id),
                self.checkpoint.size
            )),
            Err(e) => fail(format!("cannot read a tile: {e}")),
        }
    }

    /// Hash tile `index` at `level` of the checkpoint's tree, read once.
    fn hashes(&self, level: u8, index: u64) -> Result<Vec<Hash>, RemoteError> {
        if let Some(h) = self.cache.borrow().get(&(level, index)) {
            return Ok(h.clone());
        }
        let h = self.read_hashes(level, index)?;
        self.cache.borrow_mut().insert((level, index), h.clone());
        Ok(h)
    }

    /// Hash tile `index` at `level` of the checkpoint's tree, read now (not kept: a whole
    /// log's level 0 is read once by [`Remote::verify`]).
    fn read_hashes(&self, level: u8, index: u64) -> Result<Vec<Hash>, RemoteError> {
        let id = tile_in_tree(Some(level), index, self.checkpoint.size).ok_or_else(|| {
            RemoteError(format!(
                "tile {level}/{index} is outside the tree of {} entries",
                self.checkpoint.size
            ))
        })?;
        let bytes = self.fetch_tile(&id)?;
        parse_hash_tile(&bytes, id.width)
            .map_err(|e| RemoteError(format!("{}: {e}", self.locate(&id))))
    }

    /// The root of the perfect subtree of height `height` that is the `k`-th at that height,
    /// from the one tile holding its nodes.
    fn perfect(&self, height: u32, k: u64) -> Result<Hash, RemoteError> {
        let (level, r) = (height / 8, height % 8);
        let first = k << r;
        let tile = self.hashes(level as u8, first / TILE_WIDTH)?;
        let off = (first % TILE_WIDTH) as usize;
        let nodes = tile.get(off..off + (1 << r)).ok_or_else(|| {
            RemoteError(format!(
                "tile {level}/{} is too short for the tree of {} entries",
                first / TILE_WIDTH,
                self.checkpoint.size
            ))
        })?;
        Ok(merkle::root(nodes))
    }

    /// The RFC 6962 root of leaves `lo` to `hi` (exclusive), where `lo` is a multiple of
    /// the largest power of two below `hi - lo` (as every subtree of a proof is).
    fn range_root(&self, lo: u64, hi: u64) -> Result<Hash, RemoteError> {
        let n = hi - lo;
        if n.is_power_of_two() && lo.is_multiple_of(n) {
            return self.perfect(n.trailing_zeros(), lo >> n.trailing_zeros());
        }
        let k = split(n);
        Ok(merkle::node_hash(
            &self.range_root(lo, lo + k)?,
            &self.range_root(lo + k, hi)?,
        ))
    }

    fn path(&self, m: u64, lo: u64, hi: u64, out: &mut Vec<Hash>) -> Result<(), RemoteError> {
        let n = hi - lo;
        if n <= 1 {
            return Ok(());
        }
        let k = split(n);
        if m < k {
            self.path(m, lo, lo + k, out)?;
            out.push(self.range_root(lo + k, hi)?);
        } else {
            self.path(m - k, lo + k, hi, out)?;
            out.push(self.range_root(lo, lo + k)?);
        }
        Ok(())
    }

    fn subproof(
        &self,
        m: u64,
        lo: u64,
        hi: u64,
        complete: bool,
        out: &mut Vec<Hash>,
    ) -> Result<(), RemoteError> {
        let n = hi - lo;
        if m == n {
            if !complete {
                out.push(self.range_root(lo, hi)?);
            }
            return Ok(());
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, lo, lo + k, complete, out)?;
            out.push(self.range_root(lo + k, hi)?);
        } else {
            self.subproof(m - k, lo + k, hi, false, out)?;
            out.push(self.range_root(lo, lo + k)?);
        }
        Ok(())
    }

    /// An inclusion-proof bundle for entry `index`, from its entry bundle and the tiles on
    /// its path, checked like `ledger verify-proof` before it is returned.
    pub fn prove(
        &self,
        index: u64,
        verifier: &NoteVerifier,
    ) -> Result<InclusionBundle, RemoteError> {
        let size = self.checkpoint.size;
        if index >= size {
            return fail(format!(
                "no entry {index}: the checkpoint covers {size} entries"
            ));
        }
        let id = tile_in_tree(None, index / TILE_WIDTH, size).expect("index < size");
        let bytes = self.fetch_tile(&id)?;
        let entries = parse_entry_bundle(&bytes, id.width)
            .map_err(|e| RemoteError(format!("{}: {e}", self.locate(&id))))?;
        let entry = entries[(index % TILE_WIDTH) as usize];
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof)?;
        let bundle = InclusionBundle {
            format: INCLUSION_FORMAT.into(),
            checkpoint: self.note.clone(),
            index,
            entry: STANDARD.encode(entry),
            proof: proof.iter().map(merkle::to_hex).collect(),
        };
        InclusionBundle::verify(&bundle.to_json(), verifier).map_err(|e| {
            RemoteError(format!(
                "the tiles do not prove entry {index} (entry bundle {}): {e}",
                self.locate(&id)
            ))
        })?;
        Ok(bundle)
    }

    /// A consistency-proof bundle from `old_note` (a checkpoint of this log the verifier
    /// kept) to the served checkpoint, checked before it is returned.
    pub fn consistency(
        &self,
        old_note: &str,
        verifier: &NoteVerifier,
    ) -> Result<ConsistencyBundle, RemoteError> {
        let old = Checkpoint::open(old_note, verifier)
            .map_err(|e| RemoteError(format!("the older checkpoint: {e}")))?;
        let new = &self.checkpoint;
        if old.origin != new.origin {
            return fail(format!(
                "the older checkpoint is of log {}, the served one of {}",
                tollgate_core::redact::quote(&old.origin),
                tollgate_core::redact::quote(&new.origin)
            ));
        }
        if old.size == 0 || old.size > new.size {
            return fail(format!(
                "cannot prove {} -> {}: the served log holds fewer entries than the older checkpoint (a rollback), or that one is empty",
                old.size, new.size
            ));
        }
        let mut proof = Vec::new();
        self.subproof(old.size, 0, new.size, true, &mut proof)?;
        let bundle = ConsistencyBundle {
            format: CONSISTENCY_FORMAT.into(),
            old_checkpoint: old_note.to_string(),
            new_checkpoint: self.note.clone(),
            proof: proof.iter().map(merkle::to_hex).collect(),
        };
        ConsistencyBundle::verify(&bundle.to_json(), verifier).map_err(|e| {
            RemoteError(format!(
                "fork: the served log does not extend the older checkpoint of size {}: {e}",
                old.size
            ))
        })?;
        Ok(bundle)
    }

    /// Read every tile of the checkpoint's tree and check it all (see the module's text).
    /// A tile that cannot be read or does not match is an error naming it; entries whose
    /// signatures fail and trusted checkpoints the log does not extend are problems.
    pub fn verify(
        &self,
        verifier: &NoteVerifier,
        trusted: &[Trusted],
    ) -> Result<RemoteReport, RemoteError> {
        let cp = &self.checkpoint;
        let size = cp.size;
        let mut report = RemoteReport {
            size,
            root: cp.root,
            origin: cp.origin.clone(),
            hash_tiles: 0,
            entry_bundles: 0,
            signed: 0,
            trusted: Vec::new(),
            keep: None,
            problems: Vec::new(),
        };
        // Trusted checkpoints first: their sizes say which roots to keep on the way.
        let mut wanted: BTreeMap<u64, Option<Hash>> = BTreeMap::new();
        let mut opened = Vec::new();
        for t in trusted {
            match Checkpoint::open(&t.note, verifier) {
                Err(e) => report.problems.push(format!(
                    "the trusted checkpoint ({}) does not verify with key '{}': {e}",
                    t.source,
                    verifier.name()
                )),
                Ok(c) if c.origin != cp.origin => report.problems.push(format!(
                    "the trusted checkpoint ({}) is of log {}, not {}",
                    t.source,
                    tollgate_core::redact::quote(&c.origin),
                    tollgate_core::redact::quote(&cp.origin)
                )),
                Ok(c) if c.size > size => report.problems.push(format!(
                    "rollback: the log holds {size} entries but the trusted checkpoint ({}) covers {}: entries were removed, or an older copy of the log is served",
                    t.source, c.size
                )),
                Ok(c) => {
                    wanted.insert(c.size, None);
                    opened.push((t, c));
                }
            }
        }

        let mut frontier = Frontier::default();
        let mut leaves: Vec<Hash> = Vec::new();
        let mut mismatch: Option<(u64, TileId, TileId)> = None;
        let mut bad: Vec<(u64, EntryProblem)> = Vec::new();
        for t in 0..size.div_ceil(TILE_WIDTH) {
            let tile = tile_in_tree(Some(0), t, size).expect("within the tree");
            let hashes = self.read_hashes(0, t)?;
            report.hash_tiles += 1;
            let bundle_id = tile_in_tree(None, t, size).expect("within the tree");
            let bytes = self.fetch_tile(&bundle_id)?;
            report.entry_bundles += 1;
            let entries = parse_entry_bundle(&bytes, bundle_id.width)
                .map_err(|e| RemoteError(format!("{}: {e}", self.locate(&bundle_id))))?;
            for (k, (leaf, entry)) in hashes.iter().zip(&entries).enumerate() {
                let i = t * TILE_WIDTH + k as u64;
                if let Some(r) = wanted.get_mut(&i) {
                    *r = Some(frontier.root());
                }
                if merkle::leaf_hash(entry) != *leaf {
                    mismatch.get_or_insert((i, tile, bundle_id));
                } else {
                    let problem = match Sealed::parse(entry) {
                        Ok(s) => s.check(&cp.origin, i, &frontier.root(), verifier).err(),
                        Err(p) => Some(p),
                    };
                    match problem {
                        Some(p) => bad.push((i, p)),
                        None => report.signed += 1,
                    }
                }
                frontier.push(*leaf);
                leaves.push(*leaf);
            }
        }
        if let Some(r) = wanted.get_mut(&size) {
            *r = Some(frontier.root());
        }
        let root = frontier.root();
        match mismatch {
            Some((i, tile, bundle)) if root != cp.root => {
                return fail(format!(
                    "{}: hash {} (entry {i}) is not the hash of the entry in {}, and the hash tiles do not lead to the signed root: the hash tile was changed",
                    self.locate(&tile),
                    i % TILE_WIDTH,
                    self.locate(&bundle)
                ))
            }
            Some((i, tile, bundle)) => {
                return fail(format!(
                    "{}: entry {i} does not hash to its leaf in the signed tree ({}): the entry was changed",
                    self.locate(&bundle),
                    self.locate(&tile)
                ))
            }
            None if root != cp.root => {
                return fail(format!(
                    "the tiles and entries at {} hash to root {}, the checkpoint signs {}: they are not the signed log",
                    self.src.locate("tile/"),
                    merkle::to_hex(&root),
                    merkle::to_hex(&cp.root)
                ))
            }
            None => {}
        }
        // Higher tiles hold roots of the tiles below, for readers that take them on trust.
        for level in 1..=crate::tiles::MAX_LEVEL {
            let span = 1usize << (8 * u32::from(level));
            let mut index = 0;
            while let Some(id) = tile_in_tree(Some(level), index, size) {
                let got = self.read_hashes(level, index)?;
                report.hash_tiles += 1;
                for (k, h) in got.iter().enumerate() {
                    let lo = (index as usize * TILE_WIDTH as usize + k) * span;
                    if merkle::root(&leaves[lo..lo + span]) != *h {
                        return fail(format!(
                            "{}: hash {k} is not the root of entries {lo} to {} of the signed tree: the tile was changed",
                            self.locate(&id),
                            lo + span - 1
                        ));
                    }
                }
                index += 1;
            }
        }
        report
            .problems
            .extend(crate::store::group_entry_problems(&bad));
        for (t, c) in opened {
            if wanted.get(&c.size).copied().flatten() == Some(c.root) {
                report.trusted.push((t.source.clone(), c.size));
            } else {
                report.problems.push(format!(
                    "fork: the first {} entries are not those the trusted checkpoint ({}) signed: the log was rewritten",
                    c.size, t.source
                ));
            }
        }
        report.keep = Some(self.note.clone());
        Ok(report)
    }
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (u64::BITS - 1 - (n - 1).leading_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_and_tiles_parse_only_when_exact() {
        assert_eq!(
            parse_entry_bundle(&[0, 1, 7, 0, 0], 2).unwrap(),
            [&[7][..], &[]]
        );
        for (bytes, w) in [
            (&[0, 1, 7][..], 2),
            (&[0, 1, 7, 0, 0, 9][..], 2),
            (&[0, 2, 7][..], 1),
            (&[0][..], 1),
            (&[][..], 1),
            (&[0, 0][..], 0),
        ] {
            assert!(parse_entry_bundle(bytes, w).is_err(), "{bytes:?} {w}");
        }
        assert_eq!(parse_hash_tile(&[1; 64], 2).unwrap(), [[1; 32], [1; 32]]);
        assert!(parse_hash_tile(&[1; 63], 2).is_err());
        assert!(parse_hash_tile(&[1; 96], 2).is_err());
    }
}
