//! A log read back from its exported tiles with the key alone: what verifies, what a
//! changed byte, another key, a rollback or a fork does, and proofs made from few tiles.

use std::path::Path;
use tollgate_ledger::remote::{DirSource, Remote, TileSource};
use tollgate_ledger::tiles::export;
use tollgate_ledger::{ConsistencyBundle, InclusionBundle, Ledger, NoteSigner, Trusted};

const ORIGIN: &str = "ledger.bank.example/tollgate";

fn entry(i: u64) -> Vec<u8> {
    format!("{{\"kind\":\"scan\",\"n\":{i}}}").into_bytes()
}

/// A signed log of `n` entries in `dir/ledger`, exported to `dir/tiles`; its latest note.
fn exported(dir: &Path, key: &NoteSigner, n: u64) -> (Ledger, String) {
    let mut l = Ledger::open(&dir.join("ledger"), Some(ORIGIN)).unwrap();
    let batch: Vec<Vec<u8>> = (0..n).map(entry).collect();
    l.append_all(&batch, Some(key)).unwrap();
    let note = l.checkpoint(key).unwrap();
    export(&l, &note, &dir.join("tiles")).unwrap();
    (l, note)
}

/// Counts what is read, to show a proof needs few tiles.
struct Counting<'a>(&'a dyn TileSource, std::cell::Cell<usize>);

impl TileSource for Counting<'_> {
    fn fetch(&self, path: &str, max: usize) -> Result<Option<Vec<u8>>, String> {
        self.1.set(self.1.get() + 1);
        self.0.fetch(path, max)
    }
    fn locate(&self, path: &str) -> String {
        self.0.locate(path)
    }
}

#[test]
fn tiles_verify_at_the_boundary_sizes_and_proofs_match_the_local_ones() {
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let v = key.verifier();
    for n in [1u64, 2, 255, 256, 257, 513] {
        let d = tempfile::tempdir().unwrap();
        let (l, _) = exported(d.path(), &key, n);
        let src = DirSource {
            root: d.path().join("tiles"),
        };
        let r = Remote::open(&src, &v, Some(ORIGIN)).unwrap();
        let report = r.verify(&v, &[]).unwrap();
        assert!(report.ok(), "{n}: {:?}", report.problems);
        assert_eq!((report.size, report.signed), (n, n));
        assert_eq!(report.root, l.root());
        for i in [0, n / 2, n - 1] {
            let remote = r.prove(i, &v).unwrap();
            assert_eq!(remote, l.prove(i, &v).unwrap(), "{n}: entry {i}");
        }
        assert!(r.prove(n, &v).is_err());
    }
}

#[test]
fn a_large_log_verifies_and_a_proof_reads_only_the_tiles_on_its_path() {
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let v = key.verifier();
    let d = tempfile::tempdir().unwrap();
    let n = 65_537;
    let (l, _) = exported(d.path(), &key, n);
    let dir = DirSource {
        root: d.path().join("tiles"),
    };
    let src = Counting(&dir, Default::default());
    let r = Remote::open(&src, &v, None).unwrap();
    for i in [0, 255, 256, 65_535, 65_536] {
        assert_eq!(r.prove(i, &v).unwrap(), l.prove(i, &v).unwrap(), "{i}");
    }
    assert!(src.1.get() < 20, "{} reads", src.1.get());
    let report = r.verify(&v, &[]).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    // 257 + 1 + 1 hash tiles, 257 bundles.
    assert_eq!((report.hash_tiles, report.entry_bundles), (259, 257));
}

fn flip(path: &Path, at: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[at] ^= 1;
    std::fs::write(path, b).unwrap();
}

fn failure(root: &Path, key: &NoteSigner, trusted: &[Trusted]) -> String {
    let src = DirSource {
        root: root.to_path_buf(),
    };
    let v = key.verifier();
    match Remote::open(&src, &v, Some(ORIGIN)).and_then(|r| r.verify(&v, trusted)) {
        Ok(r) if r.ok() => panic!("verified"),
        Ok(r) => r.problems.join("\n"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn changed_tiles_other_keys_rollbacks_and_forks_fail_naming_what() {
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let d = tempfile::tempdir().unwrap();
    let (_, old_note) = exported(d.path(), &key, 300);
    let tiles = d.path().join("tiles");
    let copy = |name: &str| {
        let to = d.path().join(name);
        copy_dir(&tiles, &to);
        to
    };

    let t = copy("hash");
    flip(&t.join("tile/0/000"), 40);
    let e = failure(&t, &key, &[]);
    assert!(e.contains("tile/0/000") && e.contains("hash tile"), "{e}");

    let t = copy("level1");
    flip(&t.join("tile/1/000.p/1"), 3);
    let e = failure(&t, &key, &[]);
    assert!(e.contains("tile/1/000.p/1"), "{e}");

    let t = copy("bundle");
    let b = t.join("tile/entries/001.p/44");
    let len = std::fs::read(&b).unwrap().len();
    flip(&b, len - 3);
    let e = failure(&t, &key, &[]);
    assert!(
        e.contains("tile/entries/001.p/44") && e.contains("entry 2"),
        "{e}"
    );

    let t = copy("cut");
    std::fs::write(t.join("tile/entries/000"), b"\x00\x05abc").unwrap();
    let e = failure(&t, &key, &[]);
    assert!(e.contains("tile/entries/000"), "{e}");

    let t = copy("missing");
    std::fs::remove_file(t.join("tile/0/001.p/44")).unwrap();
    let e = failure(&t, &key, &[]);
    assert!(
        e.contains("tile/0/001.p/44") && e.contains("not found"),
        "{e}"
    );

    let other = NoteSigner::generate("ledger.bank.example").unwrap();
    let t = copy("other-key");
    let cp = tollgate_ledger::Checkpoint::parse_unverified(&old_note).unwrap();
    std::fs::write(t.join("checkpoint"), cp.sign(&other).unwrap()).unwrap();
    let e = failure(&t, &key, &[]);
    assert!(
        e.contains("checkpoint") && e.contains("does not verify"),
        "{e}"
    );

    // A log that grew: the old copy is a rollback against its newer checkpoint.
    let mut l = Ledger::open(&d.path().join("ledger"), None).unwrap();
    l.append(&entry(300), Some(&key)).unwrap();
    let newer = l.checkpoint(&key).unwrap();
    let trusted = [Trusted {
        source: "test".into(),
        note: newer,
    }];
    let e = failure(&tiles, &key, &trusted);
    assert!(e.contains("rollback"), "{e}");

    // A fork: the same size, other entries, validly signed.
    let f = tempfile::tempdir().unwrap();
    let mut forked = Ledger::open(&f.path().join("ledger"), Some(ORIGIN)).unwrap();
    let batch: Vec<Vec<u8>> = (0..300).map(|i| entry(i + 1_000)).collect();
    forked.append_all(&batch, Some(&key)).unwrap();
    let note = forked.checkpoint(&key).unwrap();
    export(&forked, &note, &f.path().join("tiles")).unwrap();
    let trusted = [Trusted {
        source: "test".into(),
        note: old_note.clone(),
    }];
    let e = failure(&f.path().join("tiles"), &key, &trusted);
    assert!(e.contains("fork"), "{e}");
    let src = DirSource {
        root: f.path().join("tiles"),
    };
    let r = Remote::open(&src, &key.verifier(), None).unwrap();
    let e = r.consistency(&old_note, &key.verifier()).unwrap_err();
    assert!(e.to_string().contains("fork"), "{e}");

    // The real log's consistency proof from the old checkpoint checks offline.
    let dir = d.path().join("grown");
    export(&l, &l.latest_checkpoint().unwrap().unwrap(), &dir).unwrap();
    let src = DirSource { root: dir };
    let r = Remote::open(&src, &key.verifier(), Some(ORIGIN)).unwrap();
    let b = r.consistency(&old_note, &key.verifier()).unwrap();
    assert!(ConsistencyBundle::verify(&b.to_json(), &key.verifier()).is_ok());
    let p = r.prove(300, &key.verifier()).unwrap();
    assert!(InclusionBundle::verify(&p.to_json(), &key.verifier()).is_ok());

    // Another log's checkpoint, signed by the same key, is refused by origin.
    let e = match Remote::open(&src, &key.verifier(), Some("another/log")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted another origin"),
    };
    assert!(e.contains("not 'another/log'"), "{e}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn an_empty_log_verifies_and_oversized_tiles_are_refused_unread() {
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let v = key.verifier();
    let d = tempfile::tempdir().unwrap();
    let empty = tollgate_ledger::Checkpoint {
        origin: ORIGIN.into(),
        size: 0,
        root: tollgate_ledger::merkle::empty_root(),
    };
    std::fs::write(d.path().join("checkpoint"), empty.sign(&key).unwrap()).unwrap();
    let src = DirSource {
        root: d.path().to_path_buf(),
    };
    let r = Remote::open(&src, &v, Some(ORIGIN)).unwrap();
    let report = r.verify(&v, &[]).unwrap();
    assert!(report.ok() && report.size == 0 && report.hash_tiles == 0);
    assert!(r.prove(0, &v).is_err());

    // One entry whose hash tile is twice as long as one hash: refused at the limit.
    let (_, _) = exported(d.path(), &key, 1);
    let tiles = d.path().join("tiles");
    std::fs::write(tiles.join("tile/0/000.p/1"), [0u8; 64]).unwrap();
    let e = failure(&tiles, &key, &[]);
    assert!(e.contains("tile/0/000.p/1: larger than 32 bytes"), "{e}");
    std::fs::write(tiles.join("tile/0/000.p/1"), [0u8; 31]).unwrap();
    let e = failure(&tiles, &key, &[]);
    assert!(e.contains("tile/0/000.p/1: 31 bytes"), "{e}");
}
