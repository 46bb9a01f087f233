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
    if merkle::root(&ledger.leaf_hashes()[..size as usize]) != cp.root {
        return Err(LedgerError::Usage(format!(
            "the ledger does not match its checkpoint of size {size}: run `tollgate ledger verify`"
        )));
    }
    let mut level: Vec<Hash> = ledger.leaf_hashes()[..size as usize].to_vec();
    let mut hash_tiles = 0;
    let mut l: u8 = 0;
    while !level.is_empty() {
        for (i, chunk) in level.chunks(TILE_WIDTH as usize).enumerate() {
            let data: Vec<u8> = chunk.iter().flatten().copied().collect();
            write(
                out,
                &tile_path(Some(l), i as u64, chunk.len() as u64),
                &data,
            )?;
            hash_tiles += 1;
        }
        // The next level holds the roots of complete 256-hash tiles only.
        level = level
            .chunks_exact(TILE_WIDTH as usize)
            .map(merkle::root)
            .collect();
        l += 1;
    }
    let mut entry_bundles = 0;
    let mut start = 0u64;
    while start < size {
        let end = (start + TILE_WIDTH).min(size);
        let mut bundle = Vec::new();
        for i in start..end {
            let e = ledger.entry(i)?;
            let len = u16::try_from(e.len()).map_err(|_| {
                LedgerError::Usage(format!(
                    "entry {i} is {} bytes; entry bundles hold at most 65535",
                    e.len()
                ))
            })?;
            bundle.extend_from_slice(&len.to_be_bytes());
            bundle.extend_from_slice(&e);
        }
        write(
            out,
            &tile_path(None, start / TILE_WIDTH, end - start),
            &bundle,
        )?;
        entry_bundles += 1;
        start = end;
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
}
