//! Export in the C2SP tlog-tiles layout, so any static web server can serve the log:
//! `checkpoint`, hash tiles `tile/<L>/<N>[.p/<W>]` and entry bundles
//! `tile/entries/<N>[.p/<W>]`, for the tree of the latest signed checkpoint.
//!
//! A level-0 tile holds 256 leaf hashes; a level-L tile holds the roots of 256 complete
//! subtrees of 256^L leaves. The rightmost tile of a level may be partial (`.p/<W>`, W < 256).
//! An entry bundle holds the tile's entries, each prefixed with its length as a big-endian u16.

use crate::checkpoint::Checkpoint;
use crate::merkle::{self, Hash};
use crate::store::{Ledger, LedgerError};
use std::path::{Path, PathBuf};

pub const TILE_WIDTH: u64 = 256;

/// `x001/x234/067` for 1234067: three-digit groups, all but the last prefixed with `x`.
pub fn encode_index(index: u64) -> String {
    let mut groups = vec![format!("{:03}", index % 1000)];
    let mut n = index / 1000;
    while n > 0 {
        groups.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

/// Relative path of tile `index` at `level` (`None` for entry bundles) holding `width` items.
pub fn tile_path(level: Option<u8>, index: u64, width: u64) -> String {
    let l = level.map_or("entries".to_string(), |l| l.to_string());
    let mut p = format!("tile/{l}/{}", encode_index(index));
    if width < TILE_WIDTH {
        p.push_str(&format!(".p/{width}"));
    }
    p
}

/// One file of the layout: hash tile `index` at `level`, or (level `None`) entry bundle
/// `index`, holding `width` items (1 to 256; fewer than 256 only for a partial tile).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub level: Option<u8>,
    pub index: u64,
    pub width: u64,
}

/// The highest level a tile can have: 256^8 leaves is more than a `u64` counts.
pub const MAX_LEVEL: u8 = 7;

/// Bytes of one hash.
pub const HASH_BYTES: usize = 32;

/// The largest entry an entry bundle can hold (its length is a big-endian u16).
pub const MAX_BUNDLE_ENTRY: usize = u16::MAX as usize;

impl TileId {
    /// The path under the log's root: `tile/0/x001/234.p/5`.
    pub fn path(&self) -> String {
        tile_path(self.level, self.index, self.width)
    }

    /// Parse a path relative to `tile/` (`0/x001/234`, `entries/000.p/5`). Only the one
    /// canonical spelling of each tile is accepted, so no two paths name the same tile.
    pub fn parse(rel: &str) -> Option<TileId> {
        let (level_text, rest) = rel.split_once('/')?;
        let level = if level_text == "entries" {
            None
        } else {
            let l: u8 = canonical_decimal(level_text)?.try_into().ok()?;
            (l <= MAX_LEVEL).then_some(l)?;
            Some(l)
        };
        let (index_text, width) = match rest.split_once(".p/") {
            Some((i, w)) => (
                i,
                canonical_decimal(w).filter(|w| (1..TILE_WIDTH).contains(w))?,
            ),
            None => (rest, TILE_WIDTH),
        };
        let mut index: u64 = 0;
        let groups: Vec<&str> = index_text.split('/').collect();
        for (k, g) in groups.iter().enumerate() {
            let digits = if k + 1 < groups.len() {
                g.strip_prefix('x')?
            } else {
                g
            };
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let d: u64 = digits.parse().ok()?;
            index = index.checked_mul(1000)?.checked_add(d)?;
        }
        let id = TileId {
            level,
            index,
            width,
        };
        // Re-encoding rules out leading `x000` groups and any other second spelling.
        (id.path() == format!("tile/{rel}")).then_some(id)
    }

    /// The most bytes this tile can have: 32 per hash, or for an entry bundle a two-byte
    /// length and the largest entry a bundle holds, per entry.
    pub fn max_bytes(&self) -> usize {
        let w = self.width as usize;
        match self.level {
            Some(_) => w * HASH_BYTES,
            None => w * (2 + MAX_BUNDLE_ENTRY),
        }
    }
}

/// A decimal number without sign or leading zeros.
fn canonical_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Tile `index` at `level` (`None`: entry bundles, which follow level 0) in the tree of
/// `size` leaves, with its width there; `None` when that tree has no such tile.
pub fn tile_in_tree(level: Option<u8>, index: u64, size: u64) -> Option<TileId> {
    let l = level.unwrap_or(0);
    if l > MAX_LEVEL {
        return None;
    }
    // Level L holds the roots of the complete subtrees of 256^L leaves.
    let count = size >> (8 * u32::from(l));
    let start = index.checked_mul(TILE_WIDTH)?;
    (start < count).then(|| TileId {
        level,
        index,
        width: (count - start).min(TILE_WIDTH),
    })
}

/// Every hash tile of the tree of `size` leaves, level by level, then every entry bundle.
pub fn tiles_of(size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    for l in 0..=MAX_LEVEL {
        let count = size >> (8 * u32::from(l));
        if count == 0 {
            break;
        }
        for i in 0..count.div_ceil(TILE_WIDTH) {
            out.extend(tile_in_tree(Some(l), i, size));
        }
    }
    for i in 0..size.div_ceil(TILE_WIDTH) {
        out.extend(tile_in_tree(None, i, size));
    }
    out
}

/// The bytes of hash tile `id` from the leaf hashes of a log, which must hold every leaf
/// under the tile. Node k of level L is the root of leaves k·256^L to (k+1)·256^L.
pub fn hash_tile(leaves: &[Hash], id: TileId) -> Option<Vec<u8>> {
    let level = id.level?;
    let span = 1usize.checked_shl(8 * u32::from(level))?;
    let first = usize::try_from(id.index)
        .ok()?
        .checked_mul(TILE_WIDTH as usize)?;
    let mut out = Vec::with_capacity(id.width as usize * HASH_BYTES);
    for k in first..first.checked_add(id.width as usize)? {
        let lo = k.checked_mul(span)?;
        let sub = leaves.get(lo..lo.checked_add(span)?)?;
        let node = if level == 0 {
            sub[0]
        } else {
            merkle::root(sub)
        };
        out.extend_from_slice(&node);
    }
    Some(out)
}

/// Entries as an entry bundle holds them: each after its length as a big-endian u16.
pub fn bundle_of(entries: &[Vec<u8>], first_index: u64) -> Result<Vec<u8>, LedgerError> {
    let mut bundle = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        let len = u16::try_from(e.len()).map_err(|_| {
            LedgerError::Usage(format!(
                "entry {} is {} bytes; entry bundles hold at most {MAX_BUNDLE_ENTRY}",
                first_index + k as u64,
                e.len()
            ))
        })?;
        bundle.extend_from_slice(&len.to_be_bytes());
        bundle.extend_from_slice(e);
    }
    Ok(bundle)
}

/// The bytes of tile `id` of the log's tree of `size` leaves (at most the log's size),
/// or `None` when that tree has no such tile. A partial tile (`.p/W`) is served for any
/// width up to the tile's width in that tree: it is a prefix of what the tile holds, and
/// the same bytes a reader of an older checkpoint asks for. A full tile only when complete.
pub fn render(ledger: &Ledger, size: u64, id: TileId) -> Result<Option<Vec<u8>>, LedgerError> {
    if size > ledger.size() {
        return Err(LedgerError::Usage(format!(
            "a tree of {size} entries, the log holds {}",
            ledger.size()
        )));
    }
    let Some(there) = tile_in_tree(id.level, id.index, size) else {
        return Ok(None);
    };
    if id.width > there.width {
        return Ok(None);
    }
    if id.level.is_some() {
        return Ok(hash_tile(ledger.leaf_hashes(), id));
    }
    let first = id.index * TILE_WIDTH;
    let entries = ledger.entries(first, first + id.width)?;
    bundle_of(&entries, first).map(Some)
}

fn write(root: &Path, rel: &str, data: &[u8]) -> Result<(), LedgerError> {
    let path: PathBuf = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| LedgerError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, data).map_err(|source| LedgerError::Io { path, source })
}

/// What an export wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Exported {
    pub size: u64,
    pub hash_tiles: usize,
    pub entry_bundles: usize,
}

/// Write the tiles of the tree of the signed `checkpoint_note` under `out`. Readers check
/// its signature themselves; here it must describe this log.
pub fn export(ledger: &Ledger, checkpoint_note: &str, out: &Path) -> Result<Exported, LedgerError> {
    let cp = Checkpoint::parse_unverified(checkpoint_note)?;
    let size = cp.size;
    if size > ledger.size() {
        return Err(LedgerError::Usage(format!(
            "the checkpoint covers {size} entries, the log holds {}",
            ledger.size()
        )));
    }
    if ledger.root_at(size) != cp.root {
        return Err(LedgerError::Usage(format!(
            "the ledger does not match its checkpoint of size {size}: run `tollgate ledger verify`"
        )));
    }
    let (mut hash_tiles, mut entry_bundles) = (0, 0);
    for id in tiles_of(size) {
        let data = render(ledger, size, id)?
            .ok_or_else(|| LedgerError::Usage(format!("{}: not a tile of the tree", id.path())))?;
        write(out, &id.path(), &data)?;
        match id.level {
            Some(_) => hash_tiles += 1,
            None => entry_bundles += 1,
        }
    }
    write(out, "checkpoint", checkpoint_note.as_bytes())?;
    Ok(Exported {
        size,
        hash_tiles,
        entry_bundles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_layout() {
        assert_eq!(encode_index(0), "000");
        assert_eq!(encode_index(67), "067");
        assert_eq!(encode_index(1234067), "x001/x234/067");
        assert_eq!(encode_index(1000), "x001/000");
        assert_eq!(tile_path(Some(0), 1234067, 256), "tile/0/x001/x234/067");
        assert_eq!(tile_path(Some(1), 0, 3), "tile/1/000.p/3");
        assert_eq!(tile_path(None, 2, 256), "tile/entries/002");
    }

    #[test]
    fn only_canonical_tile_paths_parse() {
        let t = |level, index, width| TileId {
            level,
            index,
            width,
        };
        for (rel, id) in [
            ("0/000", t(Some(0), 0, 256)),
            ("0/x001/x234/067", t(Some(0), 1234067, 256)),
            ("1/000.p/3", t(Some(1), 0, 3)),
            ("entries/002", t(None, 2, 256)),
            ("entries/x001/000.p/255", t(None, 1000, 255)),
            ("7/999", t(Some(7), 999, 256)),
        ] {
            assert_eq!(TileId::parse(rel), Some(id), "{rel}");
            assert_eq!(id.path(), format!("tile/{rel}"));
        }
        for bad in [
            "",
            "0",
            "0/",
            "0/00",
            "0/0000",
            "0/x000/001",
            "0/001/002",
            "0/x1/002",
            "00/000",
            "8/000",
            "-1/000",
            "0/000.p/0",
            "0/000.p/256",
            "0/000.p/05",
            "0/000.p/",
            "0/000.p/3/4",
            "entry/000",
            "0/x018/x446/x744/x073/x709/x551/616",
            "0/abc",
            "0/000/",
        ] {
            assert_eq!(TileId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tiles_of_a_tree_at_the_boundaries() {
        let widths = |size| -> Vec<(Option<u8>, u64, u64)> {
            tiles_of(size)
                .into_iter()
                .map(|t| (t.level, t.index, t.width))
                .collect()
        };
        assert!(tiles_of(0).is_empty());
        assert_eq!(widths(1), [(Some(0), 0, 1), (None, 0, 1)]);
        assert_eq!(widths(255), [(Some(0), 0, 255), (None, 0, 255)]);
        assert_eq!(
            widths(256),
            [(Some(0), 0, 256), (Some(1), 0, 1), (None, 0, 256)]
        );
        assert_eq!(
            widths(257),
            [
                (Some(0), 0, 256),
                (Some(0), 1, 1),
                (Some(1), 0, 1),
                (None, 0, 256),
                (None, 1, 1)
            ]
        );
        let big = tiles_of(65_537);
        assert_eq!(big.iter().filter(|t| t.level == Some(0)).count(), 257);
        assert_eq!(
            big.iter()
                .filter(|t| t.level == Some(1))
                .map(|t| t.width)
                .collect::<Vec<_>>(),
            [256]
        );
        assert_eq!(
            big.iter()
                .filter(|t| t.level == Some(2))
                .map(|t| t.width)
                .collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(tile_in_tree(Some(0), 256, 65_537).map(|t| t.width), Some(1));
        assert_eq!(tile_in_tree(Some(0), 257, 65_537), None);
        assert_eq!(tile_in_tree(Some(1), 1, 65_537), None);
        assert_eq!(
            tile_in_tree(Some(7), 0, u64::MAX).map(|t| t.width),
            Some(255)
        );
        assert_eq!(tile_in_tree(Some(0), u64::MAX, u64::MAX), None);
        assert_eq!(tile_in_tree(Some(8), 0, u64::MAX), None);
    }

    #[test]
    fn a_higher_tile_holds_the_roots_of_the_tiles_below() {
        let leaves: Vec<Hash> = (0..600u32)
            .map(|i| merkle::leaf_hash(&i.to_be_bytes()))
            .collect();
        let l0 = hash_tile(&leaves, tile_in_tree(Some(0), 2, 600).unwrap()).unwrap();
        assert_eq!(l0.len(), 88 * 32);
        assert_eq!(&l0[..32], &leaves[512]);
        let l1 = hash_tile(&leaves, tile_in_tree(Some(1), 0, 600).unwrap()).unwrap();
        assert_eq!(l1.len(), 64);
        assert_eq!(&l1[32..], &merkle::root(&leaves[256..512]));
        // A tile reaching past the leaves given is not made up.
        let past = TileId {
            level: Some(0),
            index: 2,
            width: 256,
        };
        assert_eq!(hash_tile(&leaves, past), None);
    }
}
