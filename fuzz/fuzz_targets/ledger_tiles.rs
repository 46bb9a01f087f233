//! What `ledger verify --url` and `ledger prove --url` read from a server they do not
//! trust, on fuzzed bytes: tile paths, hash tiles, entry bundles and checkpoints, served
//! from memory through the same `TileSource` the HTTP and directory readers implement.
//!
//! Input: a mode byte, then parts cut at `SEP`. Mode bit 0 clear: part 0 is the
//! checkpoint note and every later part is `<path>\n<bytes>`. Bit 0 set: the next byte
//! gives the tree size (1 to 256), part 0 is level-0 tile 0 and part 1 entry bundle 0, and
//! the checkpoint is signed here over the root of that tile's hashes, so the entry checks
//! behind the root check are reached too.
//! Promises: no panic; a log that verifies has every entry signed in its place, and every
//! proof made from it verifies offline; no error echoes a secret-shaped value of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use tollgate_fuzz::{assert_no_echo, secret_shaped, signer, split, verifier, ORIGIN};
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::merkle;
use tollgate_ledger::remote::{parse_entry_bundle, parse_hash_tile, Remote, TileSource};
use tollgate_ledger::tiles::{tile_in_tree, TileId};
use tollgate_ledger::InclusionBundle;

struct Memory(HashMap<String, Vec<u8>>);

impl TileSource for Memory {
    fn fetch(&self, path: &str, max: usize) -> Result<Option<Vec<u8>>, String> {
        match self.0.get(path) {
            Some(b) if b.len() > max => Err(format!("{path}: larger than {max} bytes")),
            Some(b) => Ok(Some(b.clone())),
            None => Ok(None),
        }
    }
    fn locate(&self, path: &str) -> String {
        format!("memory:{path}")
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let runs = secret_shaped(data);
    let no_echo = |e: &dyn std::fmt::Display| assert_no_echo(&runs, &e.to_string());
    let v = verifier();
    let mut files = HashMap::new();
    if mode & 1 == 0 {
        let parts = split(rest, 64);
        files.insert("checkpoint".to_string(), parts[0].to_vec());
        for p in &parts[1..] {
            let Some(nl) = p.iter().position(|&b| b == b'\n') else {
                continue;
            };
            let Ok(path) = std::str::from_utf8(&p[..nl]) else {
                continue;
            };
            if let Some(id) = path.strip_prefix("tile/").and_then(TileId::parse) {
                assert_eq!(id.path(), path, "a parsed path encodes back to itself");
                if let Some(t) = tile_in_tree(id.level, id.index, u64::MAX) {
                    assert!((1..=256).contains(&t.width), "{t:?}");
                }
                let _ = parse_hash_tile(&p[nl + 1..], id.width);
                let _ = parse_entry_bundle(&p[nl + 1..], id.width);
            }
            files.insert(path.to_string(), p[nl + 1..].to_vec());
        }
    } else {
        let Some((&s, rest)) = rest.split_first() else {
            return;
        };
        let size = u64::from(s) + 1;
        let parts = split(rest, 2);
        let Ok(leaves) = parse_hash_tile(parts[0], size) else {
            return;
        };
        let cp = Checkpoint {
            origin: ORIGIN.into(),
            size,
            root: merkle::root(&leaves),
        };
        let note = cp.sign(signer()).expect("a checkpoint signs");
        let tile = tile_in_tree(Some(0), 0, size).expect("tile 0");
        let bundle = tile_in_tree(None, 0, size).expect("bundle 0");
        files.insert("checkpoint".into(), note.into_bytes());
        files.insert(tile.path(), parts[0].to_vec());
        files.insert(bundle.path(), parts.get(1).unwrap_or(&&[][..]).to_vec());
    }
    let src = Memory(files);
    let remote = match Remote::open(&src, v, None) {
        Ok(r) => r,
        Err(e) => return no_echo(&e),
    };
    match remote.verify(v, &[]) {
        Ok(r) if r.ok() => {
            assert_eq!(r.signed, r.size, "a verified log has every entry signed");
            assert_eq!(r.root, remote.checkpoint.root);
            for i in [0, r.size / 2, r.size.saturating_sub(1)] {
                if i < r.size {
                    let b = remote.prove(i, v).expect("a verified log proves its entries");
                    assert!(InclusionBundle::verify(&b.to_json(), v).is_ok());
                }
            }
        }
        Ok(r) => r.problems.iter().for_each(|p| no_echo(p)),
        Err(e) => no_echo(&e),
    }
});
