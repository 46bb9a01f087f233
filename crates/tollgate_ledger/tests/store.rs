//! The ledger on disk: durability, crash safety, concurrency and tamper evidence.

use std::path::Path;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::{
    ConsistencyBundle, InclusionBundle, Ledger, LedgerError, NoteSigner, VerifyOptions,
};

const ORIGIN: &str = "ledger.bank.example/tollgate";

fn key() -> NoteSigner {
    NoteSigner::generate("ledger.bank.example").unwrap()
}

fn verify_ok(l: &Ledger, key: &NoteSigner) -> bool {
    l.verify(&key.verifier(), &VerifyOptions::default())
        .map(|r| r.ok())
        .unwrap_or(false)
}

fn entry(i: u64) -> Vec<u8> {
    format!(
        "{{\"kind\":\"scan\",\"n\":{i},\"report_digest\":\"{:064x}\"}}",
        i * 7919
    )
    .into_bytes()
}

fn filled(dir: &Path, n: u64, key: Option<&NoteSigner>) -> Ledger {
    let mut l = Ledger::open(dir, Some(ORIGIN)).unwrap();
    for i in 0..n {
        assert_eq!(l.append(&entry(i), key).unwrap(), i);
    }
    l
}

#[test]
fn appends_survive_reopening() {
    let d = tempfile::tempdir().unwrap();
    let l = filled(d.path(), 25, None);
    let root = l.root();
    drop(l);
    let l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 25);
    assert_eq!(l.root(), root);
    for i in 0..25 {
        assert_eq!(l.entry_body(i).unwrap(), entry(i));
    }
    let bodies: Vec<Vec<u8>> = l.bodies().unwrap().into_iter().map(|(_, b)| b).collect();
    assert_eq!(bodies, (0..25).map(entry).collect::<Vec<_>>());
    assert!(l.entry(25).is_err());
    assert!(Ledger::open(&d.path().join("missing"), None).is_err());
}

/// Four handles sign and append at once: each checks the others' entries before signing
/// after them, nothing is lost, and the result verifies.
#[test]
fn concurrent_appends_are_serialised() {
    let d = tempfile::tempdir().unwrap();
    let key = key();
    drop(Ledger::open(d.path(), Some(ORIGIN)).unwrap());
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let (dir, key) = (d.path(), &key);
            s.spawn(move || {
                let mut l = Ledger::open(dir, None).unwrap();
                for i in 0..50 {
                    l.append(&entry(t * 1000 + i), Some(key)).unwrap();
                    if i % 10 == 9 {
                        l.checkpoint(key).unwrap();
                    }
                }
            });
        }
    });
    let mut l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 200);
    l.checkpoint(&key).unwrap();
    assert!(verify_ok(&l, &key));
    let mut seen: Vec<Vec<u8>> = (0..200).map(|i| l.entry_body(i).unwrap()).collect();
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
    let key = key();
    let mut l = filled(d.path(), 6, Some(&key));
    l.checkpoint(&key).unwrap();
    let good_len = std::fs::metadata(d.path().join("entries")).unwrap().len();
    l.append(&entry(6), Some(&key)).unwrap();
    let full = std::fs::read(d.path().join("entries")).unwrap();
    drop(l);
    for cut in good_len + 1..full.len() as u64 {
        std::fs::write(d.path().join("entries"), &full[..cut as usize]).unwrap();
        let mut l = Ledger::open(d.path(), None).unwrap();
        assert_eq!(l.size(), 6, "cut at {cut}");
        assert_eq!(l.torn_bytes(), cut - good_len);
        let report = l
            .verify(&key.verifier(), &VerifyOptions::default())
            .unwrap();
        assert!(report.ok(), "{:?}", report.problems);
        // The next append cuts off the never-acknowledged bytes and lands cleanly.
        assert_eq!(l.append(&entry(99), Some(&key)).unwrap(), 6);
        let l = Ledger::open(d.path(), None).unwrap();
        assert_eq!((l.size(), l.torn_bytes()), (7, 0));
        assert_eq!(l.entry_body(6).unwrap(), entry(99));
        assert_eq!(l.entry(6).unwrap()[0], 2, "sealed");
    }
}

#[test]
fn never_cuts_off_entries_a_checkpoint_covers() {
    let d = tempfile::tempdir().unwrap();
    let key = key();
    let mut l = filled(d.path(), 4, Some(&key));
    l.checkpoint(&key).unwrap();
    drop(l);
    let full = std::fs::read(d.path().join("entries")).unwrap();
    std::fs::write(d.path().join("entries"), &full[..full.len() - 3]).unwrap();
    let mut l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 3);
    assert!(!verify_ok(&l, &key));
    for signer in [None, Some(&key)] {
        let err = l.append(&entry(9), signer).unwrap_err().to_string();
        assert!(err.contains("refusing to append"), "{err}");
    }
    let err = l.checkpoint(&key).unwrap_err().to_string();
    assert!(err.contains("refusing to sign"), "{err}");
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
    let key = key();
    let mut l = filled(d.path(), 3, Some(&key));
    l.checkpoint(&key).unwrap();
    for i in 3..5 {
        l.append(&entry(i), Some(&key)).unwrap();
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
                Ok(l) => l.origin() != ORIGIN || !verify_ok(&l, &key),
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
    assert!(flips > 1500, "{flips}");
    let l = Ledger::open(d.path(), None).unwrap();
    assert!(verify_ok(&l, &key));
}

#[test]
fn proofs_verify_offline_and_every_flipped_byte_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let key = key();
    let mut l = filled(d.path(), 5, Some(&key));
    let old = l.checkpoint(&key).unwrap();
    for i in 5..11 {
        l.append(&entry(i), Some(&key)).unwrap();
    }
    let new = l.checkpoint(&key).unwrap();
    let v = key.verifier();

    for index in 0..11 {
        let bundle = l.prove(index, &v).unwrap().to_json();
        let ok = InclusionBundle::verify(&bundle, &v).unwrap();
        assert_eq!((ok.index, ok.body.clone()), (index, entry(index)));
        assert_eq!(ok.entry, l.entry(index).unwrap());
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
    let key = NoteSigner::parse(&std::env::var("TOLLGATE_LEDGER_CRASH_KEY").unwrap()).unwrap();
    let mut i = l.size();
    loop {
        let idx = l.append(&entry(i), Some(&key)).unwrap();
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
    let key = key();
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut acked_total = 0u64;
    for round in 0..12 {
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("TOLLGATE_LEDGER_CRASH_DIR", d.path())
            .env("TOLLGATE_LEDGER_CRASH_KEY", key.encode_private())
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
                l.entry_body(i).unwrap(),
                entry(i),
                "round {round}: entry {i} changed"
            );
        }
        let report = l
            .verify(
                &key.verifier(),
                &VerifyOptions {
                    accept_unsigned_tail: true,
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(report.ok(), "round {round}: {:?}", report.problems);
        assert_eq!(report.signed, l.size(), "round {round}");
        assert_eq!(report.tail_unsigned, 0, "round {round}");
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
    let key = key();
    let n = 256 * 256 + 300; // two levels of full tiles and partial ones on each level
    let mut l = Ledger::open(&d.path().join("ledger"), Some(ORIGIN)).unwrap();
    let batch: Vec<Vec<u8>> = (0..n).map(entry).collect();
    l.append_all(&batch, Some(&key)).unwrap();
    let note = l.checkpoint(&key).unwrap();
    let out = d.path().join("tiles");
    let e = export(&l, &note, &out).unwrap();
    assert_eq!((e.size, e.entry_bundles), (n, 258));

    // A checkpoint of another log of smaller size is refused: its root is not this tree's.
    let mut other = Ledger::open(&d.path().join("other"), Some(ORIGIN)).unwrap();
    other
        .append(b"not the same first entry", Some(&key))
        .unwrap();
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
    assert_eq!(
        &bundle[pos + 2..pos + 2 + len],
        l.entry(259).unwrap().as_slice()
    );
}

/// A flipped bit in the header of an acknowledged last record (its length, say) is
/// corruption: reported, never taken for a torn write and cut off by the next append.
#[test]
fn a_damaged_last_record_header_is_corruption_not_a_torn_write() {
    let d = tempfile::tempdir().unwrap();
    let mut l = filled(d.path(), 3, None);
    let last_offset = std::fs::metadata(d.path().join("entries")).unwrap().len() as usize;
    l.append(&entry(3), None).unwrap();
    drop(l);
    let full = std::fs::read(d.path().join("entries")).unwrap();
    for byte in last_offset..last_offset + 16 {
        for bit in 0..8 {
            let mut changed = full.clone();
            changed[byte] ^= 1 << bit;
            std::fs::write(d.path().join("entries"), &changed).unwrap();
            match Ledger::open(d.path(), None) {
                Err(e) => assert!(e.to_string().contains("entry 3"), "{e}"),
                Ok(mut l) => {
                    let appended = l.append(&entry(9), None);
                    panic!(
                        "bit {bit} of byte {byte}: opened with {} entries, {} torn bytes; append: {appended:?}",
                        l.size(),
                        l.torn_bytes()
                    );
                }
            }
            assert_eq!(std::fs::read(d.path().join("entries")).unwrap(), changed);
        }
    }
}

/// The records of an entries file, split by their headers (16 bytes, length at 8..12).
fn records(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let len = u32::from_le_bytes(bytes[pos + 8..pos + 12].try_into().unwrap()) as usize;
        out.push(bytes[pos..pos + 16 + len + 32].to_vec());
        pos += 16 + len + 32;
    }
    out
}

fn problems(l: &Ledger, key: &NoteSigner, options: &VerifyOptions) -> String {
    l.verify(&key.verifier(), options)
        .unwrap()
        .problems
        .join("\n")
}

/// With the public key alone: a log rebuilt without the key (every hash recomputed, the
/// checkpoints deleted), or a signed log with entries swapped or dropped, fails to verify
/// and the message names the first entry concerned.
#[test]
fn a_log_rewritten_without_the_key_fails_verification() {
    let d = tempfile::tempdir().unwrap();
    let key = key();
    let mut l = filled(&d.path().join("real"), 4, Some(&key));
    l.checkpoint(&key).unwrap();
    drop(l);
    let real = d.path().join("real");
    let signed = std::fs::read(real.join("entries")).unwrap();

    // Rebuilt by the library itself, same origin, other content, no key.
    let forged = filled(&d.path().join("forged"), 4, None);
    drop(forged);
    std::fs::copy(d.path().join("forged/entries"), real.join("entries")).unwrap();
    std::fs::remove_dir_all(real.join("checkpoints")).unwrap();
    std::fs::create_dir(real.join("checkpoints")).unwrap();
    std::fs::remove_file(real.join("checkpoint")).unwrap();
    let l = Ledger::open(&real, None).unwrap();
    let p = problems(&l, &key, &VerifyOptions::default());
    assert!(p.contains("the first, entry 0, is not signed"), "{p}");
    let accept = VerifyOptions {
        accept_unsigned_tail: true,
        ..Default::default()
    };
    let r = l.verify(&key.verifier(), &accept).unwrap();
    assert!(r.ok(), "an unsigned log is accepted only as such");
    assert_eq!((r.signed, r.tail, r.tail_unsigned), (0, 4, 4));

    // Signed entries reordered: every signature from the swap on breaks.
    let recs = records(&signed);
    let swapped = [&recs[0][..], &recs[2], &recs[1], &recs[3]].concat();
    std::fs::write(real.join("entries"), swapped).unwrap();
    let l = Ledger::open(&real, None).unwrap();
    let p = problems(&l, &key, &accept);
    assert!(p.contains("entries 1 to 2 (2 entries)"), "{p}");
    assert!(p.contains("entry 1, was written as entry 2"), "{p}");
    assert!(
        p.contains("entry 3 has a signature that does not verify: an entry before it was changed"),
        "{p}"
    );
    // One dropped from the middle.
    let dropped = [&recs[0][..], &recs[2], &recs[3]].concat();
    std::fs::write(real.join("entries"), dropped).unwrap();
    let l = Ledger::open(&real, None).unwrap();
    let p = problems(&l, &key, &accept);
    assert!(
        p.contains("entries 1 to 2") && p.contains("was written as entry 2"),
        "{p}"
    );
}

/// An appender about to sign first checks every entry since the last valid checkpoint:
/// a record added without the key, or with another key, or a damaged checkpoint, stops
/// it with an error naming the entry, and nothing is written.
#[test]
fn an_appender_refuses_to_sign_over_what_it_cannot_vouch_for() {
    let d = tempfile::tempdir().unwrap();
    let key = key();
    let mut l = filled(d.path(), 2, Some(&key));
    l.checkpoint(&key).unwrap();
    // Another handle (the forger) appends without the key.
    let mut forger = Ledger::open(d.path(), None).unwrap();
    forger
        .append(b"{\"kind\":\"exception-added\"}", None)
        .unwrap();
    let before = std::fs::read(d.path().join("entries")).unwrap();
    for fresh in [false, true] {
        if fresh {
            l = Ledger::open(d.path(), None).unwrap();
        }
        let err = l.append(&entry(3), Some(&key)).unwrap_err();
        assert!(matches!(err, LedgerError::Refused { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("entry 2 is not signed"), "{msg}");
        let msg = l.checkpoint(&key).unwrap_err().to_string();
        assert!(msg.contains("entry 2 is not signed"), "{msg}");
        assert_eq!(std::fs::read(d.path().join("entries")).unwrap(), before);
    }
    // Verification fails too, unless an unsigned tail is accepted.
    let l = Ledger::open(d.path(), None).unwrap();
    let p = problems(&l, &key, &VerifyOptions::default());
    assert!(
        p.contains("entry 2 is not signed")
            && p.contains("follow the last valid checkpoint (size 2)"),
        "{p}"
    );
    let accept = VerifyOptions {
        accept_unsigned_tail: true,
        ..Default::default()
    };
    let r = l.verify(&key.verifier(), &accept).unwrap();
    assert!(r.ok(), "{:?}", r.problems);
    assert_eq!((r.signed, r.tail, r.tail_unsigned), (2, 1, 1));

    // Signed by another key.
    let d = tempfile::tempdir().unwrap();
    let mut l = filled(d.path(), 2, Some(&key));
    let other = NoteSigner::generate("ledger.bank.example").unwrap();
    let mut mallory = Ledger::open(d.path(), None).unwrap();
    mallory.append(&entry(2), Some(&other)).unwrap_err(); // mallory's own check refuses
    let msg = l.checkpoint(&other).unwrap_err().to_string();
    assert!(msg.contains("entry 0 is signed by another key"), "{msg}");
    l.checkpoint(&key).unwrap();

    // A damaged newest checkpoint.
    let cp = d.path().join("checkpoints").join(format!("{:020}", 2));
    let text = std::fs::read_to_string(&cp)
        .unwrap()
        .replace("\n2\n", "\n1\n");
    std::fs::write(&cp, text).unwrap();
    let mut l = Ledger::open(d.path(), None).unwrap();
    let msg = l.append(&entry(2), Some(&key)).unwrap_err().to_string();
    assert!(msg.contains("refusing to sign: checkpoint 2"), "{msg}");
}

/// An inclusion proof shows an entry is in the signed tree; it must also show that the
/// key holder wrote it there. A checkpoint signed over a forged record (as the previous
/// format allowed) does not make the record verify, nor does a signed entry of another log.
#[test]
fn an_inclusion_proof_checks_the_entrys_own_signature() {
    use base64::Engine as _;
    use tollgate_ledger::merkle;
    let d = tempfile::tempdir().unwrap();
    let key = key();
    drop(filled(&d.path().join("a"), 2, Some(&key)));
    let mut forger = Ledger::open(&d.path().join("a"), None).unwrap();
    forger
        .append(b"{\"kind\":\"exception-added\"}", None)
        .unwrap();
    // Another log by the same key; its entry 0 is then placed at index 3 of this one.
    let mut b = Ledger::open(&d.path().join("b"), Some("other.bank.example/log")).unwrap();
    b.append(&entry(7), Some(&key)).unwrap();
    let transplanted = b.entry(0).unwrap();
    let mut bytes = std::fs::read(d.path().join("a/entries")).unwrap();
    bytes.extend_from_slice(&records(&std::fs::read(d.path().join("b/entries")).unwrap())[0]);
    std::fs::write(d.path().join("a/entries"), bytes).unwrap();
    let l = Ledger::open(&d.path().join("a"), None).unwrap();
    assert_eq!(l.size(), 4);

    // What a careless signer would do: a checkpoint over all four.
    let leaves = l.leaf_hashes().to_vec();
    let note = Checkpoint {
        origin: ORIGIN.into(),
        size: 4,
        root: merkle::root(&leaves),
    }
    .sign(&key)
    .unwrap();
    let bundle = |i: u64, entry: Vec<u8>| {
        InclusionBundle {
            format: tollgate_ledger::proof::INCLUSION_FORMAT.into(),
            checkpoint: note.clone(),
            index: i,
            entry: base64::engine::general_purpose::STANDARD.encode(entry),
            proof: merkle::inclusion_proof(i as usize, &leaves)
                .unwrap()
                .iter()
                .map(merkle::to_hex)
                .collect(),
        }
        .to_json()
    };
    let v = key.verifier();
    let ok = InclusionBundle::verify(&bundle(1, l.entry(1).unwrap()), &v).unwrap();
    assert_eq!(ok.body, entry(1));
    let err = InclusionBundle::verify(&bundle(2, l.entry(2).unwrap()), &v).unwrap_err();
    assert!(err.to_string().contains("is not signed"), "{err}");
    assert_eq!(l.entry(3).unwrap(), transplanted);
    let err = InclusionBundle::verify(&bundle(3, transplanted), &v).unwrap_err();
    assert!(err.to_string().contains("written as entry 0"), "{err}");
    // And the ledger itself will not hand out such a proof.
    std::fs::write(
        d.path().join("a/checkpoints").join(format!("{:020}", 4)),
        &note,
    )
    .unwrap();
    let err = l.prove(2, &v).unwrap_err().to_string();
    assert!(err.contains("entry 2 is not signed"), "{err}");
}

/// A verifier given a checkpoint it trusted earlier fails a log that was cut back
/// (rollback, with the older checkpoint restored) or rebuilt (fork), though every
/// checkpoint in it verifies.
#[test]
fn rollback_and_fork_fail_against_a_trusted_checkpoint() {
    use tollgate_ledger::{TrustState, Trusted};
    let d = tempfile::tempdir().unwrap();
    let key = key();
    let v = key.verifier();
    let dir = d.path().join("l");
    let mut l = filled(&dir, 3, Some(&key));
    l.checkpoint(&key).unwrap();
    let older = std::fs::read(dir.join("entries")).unwrap();
    let older_cp = std::fs::read(dir.join("checkpoint")).unwrap();
    for i in 3..6 {
        l.append(&entry(i), Some(&key)).unwrap();
    }
    let trusted_note = l.checkpoint(&key).unwrap();
    let r = l.verify(&v, &VerifyOptions::default()).unwrap();
    assert!(r.ok());
    let state = TrustState::new(d.path().join("state"));
    assert!(state
        .keep(&v, l.origin(), r.keep.as_ref().unwrap())
        .unwrap());
    let trusted = || VerifyOptions {
        trusted: vec![Trusted {
            source: "kept".into(),
            note: state.load(&v, ORIGIN).unwrap().unwrap(),
        }],
        ..Default::default()
    };
    assert_eq!(state.load(&v, ORIGIN).unwrap().unwrap(), trusted_note);
    assert!(l.verify(&v, &trusted()).unwrap().ok());

    // Rollback: the last three records cut, the older checkpoint put back.
    std::fs::write(dir.join("entries"), &older).unwrap();
    std::fs::remove_file(dir.join("checkpoints").join(format!("{:020}", 6))).unwrap();
    std::fs::write(dir.join("checkpoint"), &older_cp).unwrap();
    let l = Ledger::open(&dir, None).unwrap();
    assert!(
        l.verify(&v, &VerifyOptions::default()).unwrap().ok(),
        "alone it looks fine"
    );
    let p = problems(&l, &key, &trusted());
    assert!(
        p.contains("rollback: the log holds 3 entries but the trusted checkpoint (kept) covers 6"),
        "{p}"
    );

    // Fork: rebuilt from scratch by the key holder, same origin and size, other content.
    std::fs::remove_dir_all(&dir).unwrap();
    let mut l = Ledger::open(&dir, Some(ORIGIN)).unwrap();
    for i in 0..7 {
        l.append(&entry(100 + i), Some(&key)).unwrap();
    }
    l.checkpoint(&key).unwrap();
    assert!(l.verify(&v, &VerifyOptions::default()).unwrap().ok());
    let p = problems(&l, &key, &trusted());
    assert!(p.contains("fork: the first 6 entries"), "{p}");
}

/// Threads opening a ledger that does not exist yet, each with its own origin: exactly one
/// creation wins, every append lands in it, and it verifies.
#[test]
fn concurrent_creation_makes_one_ledger() {
    for round in 0..5 {
        let d = tempfile::tempdir().unwrap();
        let key = key();
        let dir = d.path().join("new");
        std::thread::scope(|s| {
            for t in 0..8 {
                let (dir, key) = (&dir, &key);
                s.spawn(move || {
                    let mut l = Ledger::open(dir, Some(&format!("origin-{t}"))).unwrap();
                    l.append(&entry(t), Some(key)).unwrap();
                    l.checkpoint(key).unwrap();
                });
            }
        });
        let l = Ledger::open(&dir, None).unwrap();
        assert_eq!(l.size(), 8, "round {round}");
        assert!(verify_ok(&l, &key), "round {round}");
    }
}

/// A ledger in the previous format is refused by name, never read as this one.
#[test]
fn an_older_format_ledger_is_refused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("ledger.json"),
        "{\"format\":\"tollgate-ledger/v1\",\"origin\":\"o\"}\n",
    )
    .unwrap();
    std::fs::write(d.path().join("entries"), b"").unwrap();
    for create in [None, Some("o")] {
        let err = Ledger::open(d.path(), create).unwrap_err().to_string();
        assert!(err.contains("older format tollgate-ledger/v1"), "{err}");
    }
}

/// A crash may leave zeros where an append's blocks were allocated but not written: that
/// is a torn write, set aside and cut off like any other.
#[test]
fn a_zero_filled_tail_is_a_torn_write() {
    let d = tempfile::tempdir().unwrap();
    let mut l = filled(d.path(), 2, None);
    drop(l);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(d.path().join("entries"))
        .unwrap();
    std::io::Write::write_all(&mut f, &[0u8; 300]).unwrap();
    l = Ledger::open(d.path(), None).unwrap();
    assert_eq!((l.size(), l.torn_bytes()), (2, 300));
    l.append(&entry(2), None).unwrap();
    let l = Ledger::open(d.path(), None).unwrap();
    assert_eq!((l.size(), l.torn_bytes()), (3, 0));
}

/// A batch is all or nothing: complete records of a batch whose last record was cut off
/// are part of the torn write.
#[test]
fn an_interrupted_batch_is_dropped_whole() {
    let d = tempfile::tempdir().unwrap();
    let mut l = filled(d.path(), 1, None);
    let good = std::fs::metadata(d.path().join("entries")).unwrap().len() as usize;
    l.append_all(&[entry(1), entry(2), entry(3)], None).unwrap();
    drop(l);
    let full = std::fs::read(d.path().join("entries")).unwrap();
    std::fs::write(d.path().join("entries"), &full[..full.len() - 1]).unwrap();
    let l = Ledger::open(d.path(), None).unwrap();
    assert_eq!(l.size(), 1);
    assert_eq!(l.torn_bytes() as usize, full.len() - 1 - good);
}

/// `export-tiles` writes what it wrote before tiles could be rendered one at a time: the
/// files of the earlier level-by-level export, byte for byte, at the boundary sizes.
#[test]
fn exported_tiles_are_the_files_of_the_level_by_level_export() {
    use tollgate_ledger::merkle;
    use tollgate_ledger::tiles::{export, tile_path};
    let key = key();
    for n in [1u64, 255, 256, 257, 600] {
        let d = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&d.path().join("ledger"), Some(ORIGIN)).unwrap();
        let batch: Vec<Vec<u8>> = (0..n).map(entry).collect();
        l.append_all(&batch, Some(&key)).unwrap();
        let note = l.checkpoint(&key).unwrap();
        let out = d.path().join("tiles");
        export(&l, &note, &out).unwrap();
        // The earlier export, written out here.
        let mut want: Vec<(String, Vec<u8>)> = vec![("checkpoint".into(), note.into_bytes())];
        let mut level: Vec<[u8; 32]> = l.leaf_hashes().to_vec();
        let mut lv = 0u8;
        while !level.is_empty() {
            for (i, c) in level.chunks(256).enumerate() {
                want.push((
                    tile_path(Some(lv), i as u64, c.len() as u64),
                    c.iter().flatten().copied().collect(),
                ));
            }
            level = level.chunks_exact(256).map(merkle::root).collect();
            lv += 1;
        }
        for (b, chunk) in (0..n).collect::<Vec<_>>().chunks(256).enumerate() {
            let mut bundle = Vec::new();
            for &i in chunk {
                let e = l.entry(i).unwrap();
                bundle.extend_from_slice(&(e.len() as u16).to_be_bytes());
                bundle.extend_from_slice(&e);
            }
            want.push((tile_path(None, b as u64, chunk.len() as u64), bundle));
        }
        let mut files = 0;
        let mut stack = vec![out.clone()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files += 1;
                }
            }
        }
        assert_eq!(files, want.len(), "size {n}");
        for (path, bytes) in want {
            assert_eq!(
                std::fs::read(out.join(&path)).unwrap(),
                bytes,
                "{n}: {path}"
            );
        }
    }
}
