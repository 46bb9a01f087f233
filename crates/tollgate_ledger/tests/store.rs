//! The ledger on disk: durability, crash safety, concurrency and tamper evidence.

use std::path::Path;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::{ConsistencyBundle, InclusionBundle, Ledger, NoteSigner};

const ORIGIN: &str = "ledger.bank.example/tollgate";

fn entry(i: u64) -> Vec<u8> {
    format!(
        "{{\"kind\":\"scan\",\"n\":{i},\"report_digest\":\"{:064x}\"}}",
        i * 7919
    )
    .into_bytes()
}

fn filled(dir: &Path, n: u64) -> Ledger {
    let mut l = Ledger::open(dir, Some(ORIGIN)).unwrap();
    for i in 0..n {
        assert_eq!(l.append(&entry(i)).unwrap(), i);
    }
    l
}

#[test]
fn appends_survive_reopening() {
    let d = tempfile::tempdir().unwrap();
    let l = filled(d.path(), 25);
    let root = l.root();
    drop(l);
    let l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 25);
    assert_eq!(l.root(), root);
    for i in 0..25 {
        assert_eq!(l.entry(i).unwrap(), entry(i));
    }
    assert!(l.entry(25).is_err());
    assert!(Ledger::open(&d.path().join("missing"), None).is_err());
}

#[test]
fn concurrent_appends_are_serialised() {
    let d = tempfile::tempdir().unwrap();
    drop(Ledger::open(d.path(), Some(ORIGIN)).unwrap());
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let dir = d.path();
            s.spawn(move || {
                let mut l = Ledger::open(dir, None).unwrap();
                for i in 0..50 {
                    l.append(&entry(t * 1000 + i)).unwrap();
                }
            });
        }
    });
    let l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 200);
    let mut seen: Vec<Vec<u8>> = (0..200).map(|i| l.entry(i).unwrap()).collect();
    seen.sort();
    let mut want: Vec<Vec<u8>> = (0..4)
        .flat_map(|t| (0..50).map(move |i| entry(t * 1000 + i)))
        .collect();
    want.sort();
    assert_eq!(seen, want);
}

#[test]
fn torn_tail_at_every_cut_point_is_detected_and_repaired() {
    let d = tempfile::tempdir().unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut l = filled(d.path(), 6);
    l.checkpoint(&key).unwrap();
    let good_len = std::fs::metadata(d.path().join("entries")).unwrap().len();
    l.append(&entry(6)).unwrap();
    let full = std::fs::read(d.path().join("entries")).unwrap();
    drop(l);
    for cut in good_len + 1..full.len() as u64 {
        std::fs::write(d.path().join("entries"), &full[..cut as usize]).unwrap();
        let mut l = Ledger::open(d.path(), None).unwrap();
        assert_eq!(l.size(), 6, "cut at {cut}");
        assert_eq!(l.torn_bytes(), cut - good_len);
        let report = l.verify(&key.verifier()).unwrap();
        assert!(report.ok(), "{:?}", report.problems);
        // The next append cuts off the never-acknowledged bytes and lands cleanly.
        assert_eq!(l.append(&entry(99)).unwrap(), 6);
        let l = Ledger::open(d.path(), None).unwrap();
        assert_eq!((l.size(), l.torn_bytes()), (7, 0));
        assert_eq!(l.entry(6).unwrap(), entry(99));
    }
}

#[test]
fn never_cuts_off_entries_a_checkpoint_covers() {
    let d = tempfile::tempdir().unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut l = filled(d.path(), 4);
    l.checkpoint(&key).unwrap();
    drop(l);
    let full = std::fs::read(d.path().join("entries")).unwrap();
    std::fs::write(d.path().join("entries"), &full[..full.len() - 3]).unwrap();
    let mut l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 3);
    assert!(!l.verify(&key.verifier()).unwrap().ok());
    let err = l.append(&entry(9)).unwrap_err().to_string();
    assert!(err.contains("refusing to append"), "{err}");
    assert_eq!(
        std::fs::read(d.path().join("entries")).unwrap().len(),
        full.len() - 3,
        "nothing was truncated"
    );
}

/// Flip one bit of every byte of every file of a small checkpointed ledger in turn:
/// every change is caught, either when the ledger is opened or when it is verified.
#[test]
fn every_flipped_byte_of_the_stored_ledger_is_detected() {
    let d = tempfile::tempdir().unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut l = filled(d.path(), 3);
    l.checkpoint(&key).unwrap();
    for i in 3..5 {
        l.append(&entry(i)).unwrap();
    }
    l.checkpoint(&key).unwrap();
    drop(l);
    let mut files: Vec<std::path::PathBuf> = vec![
        d.path().join("entries"),
        d.path().join("ledger.json"),
        d.path().join("checkpoint"),
    ];
    for e in std::fs::read_dir(d.path().join("checkpoints")).unwrap() {
        files.push(e.unwrap().path());
    }
    let mut flips = 0;
    for f in &files {
        let original = std::fs::read(f).unwrap();
        for i in 0..original.len() {
            let mut changed = original.clone();
            changed[i] ^= 0x01;
            std::fs::write(f, &changed).unwrap();
            let detected = match Ledger::open(d.path(), None) {
                Err(_) => true,
                Ok(l) => {
                    l.origin() != ORIGIN
                        || !l.verify(&key.verifier()).map(|r| r.ok()).unwrap_or(false)
                }
            };
            assert!(
                detected,
                "flipping byte {i} of {} went unnoticed",
                f.display()
            );
            flips += 1;
        }
        std::fs::write(f, &original).unwrap();
    }
    assert!(flips > 500, "{flips}");
    let l = Ledger::open(d.path(), None).unwrap();
    assert!(l.verify(&key.verifier()).unwrap().ok());
}

#[test]
fn proofs_verify_offline_and_every_flipped_byte_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut l = filled(d.path(), 5);
    let old = l.checkpoint(&key).unwrap();
    for i in 5..11 {
        l.append(&entry(i)).unwrap();
    }
    let new = l.checkpoint(&key).unwrap();
    let v = key.verifier();

    for index in 0..11 {
        let bundle = l.prove(index, &v).unwrap().to_json();
        let ok = InclusionBundle::verify(&bundle, &v).unwrap();
        assert_eq!((ok.index, ok.entry.clone()), (index, entry(index)));
    }
    let bundle = l.prove(3, &v).unwrap().to_json();
    for i in 0..bundle.len() {
        let mut b = bundle.clone().into_bytes();
        b[i] ^= 0x01;
        let Ok(text) = String::from_utf8(b) else {
            continue;
        };
        assert!(
            InclusionBundle::verify(&text, &v).is_err(),
            "flipped byte {i} of the inclusion bundle verified"
        );
    }
    let other = NoteSigner::generate("ledger.bank.example")
        .unwrap()
        .verifier();
    assert!(InclusionBundle::verify(&bundle, &other).is_err());

    let cons = l.consistency(&old, &v).unwrap().to_json();
    let (a, b) = ConsistencyBundle::verify(&cons, &v).unwrap();
    assert_eq!((a.size, b.size), (5, 11));
    for i in 0..cons.len() {
        let mut c = cons.clone().into_bytes();
        c[i] ^= 0x01;
        let Ok(text) = String::from_utf8(c) else {
            continue;
        };
        assert!(
            ConsistencyBundle::verify(&text, &v).is_err(),
            "flipped byte {i} of the consistency bundle verified"
        );
    }
    for i in 0..new.len() {
        let mut c = new.clone().into_bytes();
        c[i] ^= 0x01;
        let Ok(text) = String::from_utf8(c) else {
            continue;
        };
        assert!(
            Checkpoint::open(&text, &v).is_err(),
            "flipped byte {i} of the checkpoint verified"
        );
    }
}

/// The child half of the crash test: append forever, announcing each acknowledged index.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("TOLLGATE_LEDGER_CRASH_DIR") else {
        return;
    };
    let mut l = Ledger::open(Path::new(&dir), Some(ORIGIN)).unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut i = l.size();
    loop {
        let idx = l.append(&entry(i)).unwrap();
        println!("acked {idx}");
        if idx.is_multiple_of(16) {
            l.checkpoint(&key).unwrap();
        }
        i += 1;
    }
}

/// Kill an appending process at random moments: no acknowledged entry is ever lost, the
/// log opens (reporting any torn tail), and appending goes on.
#[test]
fn killing_an_appending_process_loses_no_acknowledged_entry() {
    use std::io::BufRead;
    let d = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut acked_total = 0u64;
    for round in 0..12 {
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("TOLLGATE_LEDGER_CRASH_DIR", d.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait_for = 5 + seed % 60; // acknowledgements to wait for before the kill
        let mut reader = std::io::BufReader::new(out);
        let mut last = None;
        let mut line = String::new();
        let mut seen = 0;
        while seen < wait_for {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(n) = line.trim().strip_prefix("acked ") {
                last = Some(n.parse::<u64>().unwrap());
                seen += 1;
            }
        }
        // Kill mid-flight: the child is appending as fast as it can.
        std::thread::sleep(std::time::Duration::from_micros(seed % 3000));
        child.kill().unwrap();
        let _ = child.wait();
        // Acknowledgements printed before the kill (still in the pipe) count too.
        for l in reader.lines().map_while(Result::ok) {
            if let Some(n) = l.trim().strip_prefix("acked ") {
                last = Some(n.parse::<u64>().unwrap());
            }
        }
        let last = last.expect("the child acknowledged appends");
        let l = Ledger::open(d.path(), None).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            l.size() > last,
            "round {round}: entry {last} was acknowledged but the log has {}",
            l.size()
        );
        for i in 0..=last {
            assert_eq!(
                l.entry(i).unwrap(),
                entry(i),
                "round {round}: entry {i} changed"
            );
        }
        acked_total = last + 1;
    }
    assert!(acked_total > 50);
}

/// A client of the tiles needs nothing but the files: the leaf hashes rebuild the signed
/// root, every higher tile holds the roots of the tiles below, and the bundles hold the entries.
#[test]
fn exported_tiles_rebuild_the_signed_tree() {
    use tollgate_ledger::merkle;
    use tollgate_ledger::tiles::{export, tile_path};
    let d = tempfile::tempdir().unwrap();
    let key = NoteSigner::generate("ledger.bank.example").unwrap();
    let n = 256 * 256 + 300; // two levels of full tiles and partial ones on each level
    let mut l = Ledger::open(&d.path().join("ledger"), Some(ORIGIN)).unwrap();
    let batch: Vec<Vec<u8>> = (0..n).map(entry).collect();
    l.append_all(&batch).unwrap();
    let note = l.checkpoint(&key).unwrap();
    let out = d.path().join("tiles");
    let e = export(&l, &note, &out).unwrap();
    assert_eq!((e.size, e.entry_bundles), (n, 258));

    // A checkpoint of another log of smaller size is refused: its root is not this tree's.
    let mut other = Ledger::open(&d.path().join("other"), Some(ORIGIN)).unwrap();
    other.append(b"not the same first entry").unwrap();
    let foreign = other.checkpoint(&key).unwrap();
    let err = export(&l, &foreign, &d.path().join("bad")).unwrap_err();
    assert!(err.to_string().contains("does not match"), "{err}");

    let cp = Checkpoint::open(
        &std::fs::read_to_string(out.join("checkpoint")).unwrap(),
        &key.verifier(),
    )
    .unwrap();
    let read = |level: Option<u8>, i: u64, w: u64| {
        std::fs::read(out.join(tile_path(level, i, w))).unwrap()
    };
    let mut leaves = Vec::new();
    for i in 0..(n / 256) {
        leaves.extend(
            read(Some(0), i, 256)
                .chunks(32)
                .map(|c| <[u8; 32]>::try_from(c).unwrap()),
        );
    }
    leaves.extend(
        read(Some(0), n / 256, n % 256)
            .chunks(32)
            .map(|c| <[u8; 32]>::try_from(c).unwrap()),
    );
    assert_eq!(merkle::root(&leaves), cp.root);
    let level1: Vec<[u8; 32]> = read(Some(1), 0, 256)
        .chunks(32)
        .map(|c| c.try_into().unwrap())
        .collect();
    assert_eq!(level1[5], merkle::root(&leaves[5 * 256..6 * 256]));
    let level2 = read(Some(2), 0, 1);
    assert_eq!(level2, merkle::root(&level1).to_vec());
    // Entry bundle 1, entry 3 is entry 259.
    let bundle = read(None, 1, 256);
    let mut pos = 0;
    for _ in 0..3 {
        pos += 2 + u16::from_be_bytes([bundle[pos], bundle[pos + 1]]) as usize;
    }
    let len = u16::from_be_bytes([bundle[pos], bundle[pos + 1]]) as usize;
    assert_eq!(&bundle[pos + 2..pos + 2 + len], entry(259).as_slice());
}
