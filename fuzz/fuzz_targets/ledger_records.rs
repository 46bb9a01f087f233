//! The ledger on disk, opened and verified with a fixed key.
//!
//! First byte even: the rest is the ledger's files as found, cut at `SEP`: ledger.json,
//! entries, the latest checkpoint, then stored checkpoints. Promises: no panic; errors
//! name the ledger's files; a proof the ledger hands out verifies.
//!
//! First byte odd: the rest is a control part and up to eight bodies, cut at `SEP`. The
//! target appends the bodies in two batches (each signed or not), signs checkpoints as told,
//! then maybe tampers with the entries file: rewrites a byte with its record hash fixed up
//! (a forgery), flips a byte, or cuts the file short. Promises besides: the ledger gives
//! back what was appended; a fully signed and checkpointed ledger verifies, and any tamper
//! is reported; every proof it hands out verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tollgate_fuzz::{
    assert_no_echo, scratch, secret_shaped, signer, split, verifier, write, ORIGIN,
};
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::store::{HEADER, RECORD_MARKER};
use tollgate_ledger::{
    ConsistencyBundle, InclusionBundle, Ledger, LedgerError, Trusted, VerifyOptions,
};

/// Errors about the files name them; the others (a checkpoint that does not verify, a
/// refused request) say what was asked.
fn check_error(e: &LedgerError, dir: &Path, runs: &[&[u8]]) {
    let shown = e.to_string();
    match e {
        LedgerError::Io { .. }
        | LedgerError::Corrupt { .. }
        | LedgerError::Invalid { .. }
        | LedgerError::Refused { .. } => assert!(
            shown.starts_with(&dir.display().to_string()),
            "the error names no file of the ledger: {shown}"
        ),
        LedgerError::Checkpoint(_) | LedgerError::Usage(_) => {}
    }
    assert_no_echo(runs, &shown);
}

/// Every inclusion proof the ledger hands out verifies and proves the entry it was asked
/// for; so does every consistency proof of a ledger that verified clean (one of a
/// rewritten ledger is caught by its verifier, which is what it is for).
fn check_proofs(ledger: &Ledger, dir: &Path, runs: &[&[u8]], clean: bool) {
    let v = verifier();
    for i in 0..ledger.size().min(4) {
        let body = ledger.entry_body(i);
        match ledger.prove(i, v) {
            Ok(bundle) => {
                let got = InclusionBundle::verify(&bundle.to_json(), v)
                    .unwrap_or_else(|e| panic!("a proof of entry {i} the ledger made fails: {e}"));
                assert_eq!(got.index, i);
                assert_eq!(Some(&got.body), body.as_ref().ok(), "entry {i}'s body");
            }
            Err(e) => check_error(&e, dir, runs),
        }
    }
    let notes = match ledger.checkpoints() {
        Ok(n) => n,
        Err(e) => return check_error(&e, dir, runs),
    };
    for (_, note) in notes.iter().take(3) {
        match ledger.consistency(note, v) {
            Ok(bundle) => {
                if let (true, Err(e)) = (clean, ConsistencyBundle::verify(&bundle.to_json(), v)) {
                    panic!("a consistency proof of a clean ledger fails: {e}");
                }
            }
            Err(e) => check_error(&e, dir, runs),
        }
    }
}

/// Secret-shaped values of the files, except those in a log's name (its origin), which
/// messages show on purpose: it is the first line of every checkpoint.
fn raw_runs<'a>(parts: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut origins: Vec<String> = Vec::new();
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(parts[0]) {
        if let Some(o) = v.get("origin").and_then(|o| o.as_str()) {
            origins.push(o.to_string());
        }
    }
    for note in parts.iter().skip(2) {
        let text = String::from_utf8_lossy(note);
        origins.push(text.lines().next().unwrap_or("").to_string());
    }
    parts
        .iter()
        .flat_map(|p| secret_shaped(p))
        .filter(|run| {
            let run = String::from_utf8_lossy(run);
            !origins.iter().any(|o| o.contains(run.as_ref()))
        })
        .collect()
}

fn raw(parts: &[&[u8]], trusted: bool, accept_tail: bool) {
    let dir = scratch("ledger");
    let runs = raw_runs(parts);
    write(&dir, "ledger.json", parts[0]);
    write(&dir, "entries", parts.get(1).copied().unwrap_or_default());
    std::fs::create_dir_all(dir.join("checkpoints")).expect("checkpoints directory");
    if let Some(latest) = parts.get(2) {
        write(&dir, "checkpoint", latest);
    }
    for (k, note) in parts.iter().enumerate().skip(3) {
        let size = std::str::from_utf8(note)
            .ok()
            .and_then(|n| Checkpoint::parse_unverified(n).ok())
            .map_or(k as u64, |c| c.size);
        write(&dir, &format!("checkpoints/{size:020}"), note);
    }
    let ledger = match Ledger::open(&dir, None) {
        Ok(l) => l,
        Err(e) => return check_error(&e, &dir, &runs),
    };
    let mut options = VerifyOptions {
        accept_unsigned_tail: accept_tail,
        trusted: Vec::new(),
    };
    if let (true, Some(note)) = (trusted, parts.get(2)) {
        options.trusted.push(Trusted {
            source: "the trust store".into(),
            note: String::from_utf8_lossy(note).into_owned(),
        });
    }
    let clean = match ledger.verify(verifier(), &options) {
        Ok(report) => {
            for p in &report.problems {
                assert_no_echo(&runs, p);
            }
            report.ok()
        }
        Err(e) => {
            check_error(&e, &dir, &runs);
            false
        }
    };
    if let Err(e) = ledger.bodies() {
        check_error(&e, &dir, &runs);
    }
    check_proofs(&ledger, &dir, &runs, clean);
}

/// Byte ranges of the entries (without header and hash) in an entries file.
fn entry_ranges(file: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + HEADER <= file.len() && file[pos..pos + 4] == RECORD_MARKER {
        let h = &file[pos..pos + HEADER];
        assert_eq!(
            u32::from_le_bytes(h[12..16].try_into().expect("4 bytes")),
            tollgate_ledger::store::crc32(&h[..12]),
            "a header the ledger wrote has a bad checksum"
        );
        let len = u32::from_le_bytes(h[8..12].try_into().expect("4 bytes")) as usize;
        out.push(pos + HEADER..pos + HEADER + len);
        pos += HEADER + len + 32;
    }
    assert_eq!(pos, file.len(), "the ledger wrote whole records only");
    out
}

fn structured(control: &[u8], bodies: &[&[u8]]) {
    let c = |i: usize| control.get(i).copied().unwrap_or(0);
    let dir = scratch("ledger");
    let runs: Vec<&[u8]> = bodies.iter().flat_map(|b| secret_shaped(b)).collect();
    let mut ledger = match Ledger::open(&dir, Some(ORIGIN)) {
        Ok(l) => l,
        Err(e) => panic!("creating a ledger failed: {e}"),
    };
    let half = bodies.len() / 2;
    let batches = [&bodies[..half], &bodies[half..]];
    let mut appended: Vec<Vec<u8>> = Vec::new();
    let mut all_signed = true;
    for (k, batch) in batches.iter().enumerate() {
        let signed = c(0) & (1 << k) != 0;
        let owned: Vec<Vec<u8>> = batch.iter().map(|b| b.to_vec()).collect();
        match ledger.append_all(&owned, signed.then(signer)) {
            Ok(_) => {
                all_signed &= signed || owned.is_empty();
                appended.extend(owned);
            }
            Err(e) => check_error(&e, &dir, &runs),
        }
        if k == 0 && c(0) & 4 != 0 {
            if let Err(e) = ledger.checkpoint(signer()) {
                check_error(&e, &dir, &runs);
            }
        }
    }
    let final_checkpoint = c(0) & 8 != 0 && ledger.checkpoint(signer()).is_ok();
    drop(ledger);

    let entries_path = dir.join("entries");
    let mut file = std::fs::read(&entries_path).expect("entries file");
    let ranges = entry_ranges(&file);
    let at = u16::from_le_bytes([c(2), c(3)]) as usize;
    let mask = c(4);
    let kind = (c(0) >> 4) & 3;
    let tamper = match kind {
        // A forgery: a changed entry whose record hash is recomputed to match.
        1 if !ranges.is_empty() && mask != 0 => {
            let r = &ranges[at % ranges.len()];
            file[r.start + (at / ranges.len()) % r.len()] ^= mask;
            let hash = tollgate_ledger::merkle::leaf_hash(&file[r.clone()]);
            file[r.end..r.end + 32].copy_from_slice(&hash);
            true
        }
        2 if !file.is_empty() && mask != 0 => {
            let i = at % file.len();
            file[i] ^= mask;
            true
        }
        3 if !file.is_empty() => {
            let cut = 1 + at % file.len();
            file.truncate(file.len() - cut);
            true
        }
        _ => false,
    };
    if tamper {
        std::fs::write(&entries_path, &file).expect("entries file");
    }

    let ledger = match Ledger::open(&dir, None) {
        Ok(l) => l,
        Err(e) => {
            assert!(tamper, "an untouched ledger does not open: {e}");
            return check_error(&e, &dir, &runs);
        }
    };
    let report = match ledger.verify(verifier(), &VerifyOptions::default()) {
        Ok(r) => r,
        Err(e) => return check_error(&e, &dir, &runs),
    };
    for p in &report.problems {
        assert_no_echo(&runs, p);
    }
    if !tamper {
        assert_eq!(ledger.size(), appended.len() as u64);
        let got: Vec<Vec<u8>> = ledger
            .bodies()
            .expect("bodies of an untouched ledger")
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        assert_eq!(got, appended, "the ledger gives back what was appended");
        if all_signed && final_checkpoint {
            assert!(
                report.ok(),
                "a signed, checkpointed ledger fails: {:?}",
                report.problems
            );
        }
        if !all_signed {
            assert!(!report.ok(), "unsigned entries verified clean");
        }
    } else if kind != 3 || final_checkpoint {
        // A changed entry is always reported; a cut only where a checkpoint covers the end
        // (entries after the last checkpoint are not yet committed to).
        assert!(!report.ok(), "a tampered ledger verified clean");
    }
    check_proofs(&ledger, &dir, &runs, report.ok());
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if selector & 1 == 0 {
        raw(&split(rest, 8), selector & 2 != 0, selector & 4 != 0);
    } else {
        let parts = split(rest, 9);
        structured(parts[0], &parts[1..]);
    }
});
