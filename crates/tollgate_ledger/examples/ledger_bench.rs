//! Ledger benchmark: append N scan-sized entries, each signed, sign a checkpoint, reopen and
//! verify the whole log (every entry's signature), prove inclusion. Durable appends are
//! fsynced one by one (each is acknowledged only once on disk), so they are measured on a
//! sample and, separately, in batches; batches without a key are measured for comparison.
//!
//!   cargo run --release -p tollgate_ledger --example ledger_bench -- [N] [DIR]

use std::time::Instant;
use tollgate_ledger::{InclusionBundle, Ledger, NoteSigner, VerifyOptions};

fn entry(i: u64) -> Vec<u8> {
    // About the size of a real scan entry.
    format!(
        "{{\"config_digest\":\"{:064x}\",\"findings\":{{\"by_severity\":{{\"high\":{}}},\"suppressed\":0,\"total\":{}}},\"kind\":\"scan\",\"producer\":{{\"ci\":{{\"project\":\"bank/payments\",\"run_id\":\"{i}\",\"system\":\"gitlab-ci\"}},\"git_branch\":\"main\",\"git_commit\":\"{:040x}\",\"tool\":\"tollgate\",\"version\":\"0.1.0\"}},\"report_digest\":\"{:064x}\",\"target\":{{\"mode\":\"worktree\",\"path\":\".\"}},\"time\":\"2026-11-21T08:00:00Z\",\"v\":1}}",
        i, i % 7, i % 7, i * 31, i * 7919
    )
    .into_bytes()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("ledger"));
    let key = NoteSigner::generate("bench.tollgate").unwrap();
    let mut l = Ledger::open(&dir, Some("bench.tollgate/ledger")).unwrap();

    // ALL_SINGLE=1: every entry is its own durable append.
    let sample = if std::env::var_os("ALL_SINGLE").is_some() {
        n
    } else {
        1_000.min(n)
    };
    let t = Instant::now();
    for i in 0..sample {
        l.append(&entry(i), Some(&key)).unwrap();
    }
    let single = t.elapsed();
    println!("durable signed single appends: {sample} in {:.2} s = {:.0} appends/s ({:.2} ms each, one fsync each)", single.as_secs_f64(), sample as f64 / single.as_secs_f64(), single.as_secs_f64() * 1e3 / sample as f64);

    let t = Instant::now();
    let mut i = sample;
    while i < n {
        let batch: Vec<Vec<u8>> = (i..(i + 1000).min(n)).map(entry).collect();
        l.append_all(&batch, Some(&key)).unwrap();
        i += batch.len() as u64;
    }
    let batched = t.elapsed();
    if n > sample {
        println!(
            "batched signed appends: {} in {:.2} s = {:.0} entries/s (1,000 per fsync)",
            n - sample,
            batched.as_secs_f64(),
            (n - sample) as f64 / batched.as_secs_f64()
        );
        let mut unsigned =
            Ledger::open(&tmp.path().join("unsigned"), Some("bench.tollgate/u")).unwrap();
        let t = Instant::now();
        let mut i = 0;
        while i < n - sample {
            let batch: Vec<Vec<u8>> = (i..(i + 1000).min(n - sample)).map(entry).collect();
            unsigned.append_all(&batch, None).unwrap();
            i += batch.len() as u64;
        }
        let e = t.elapsed();
        println!(
            "batched unsigned appends (no key): {} in {:.2} s = {:.0} entries/s",
            n - sample,
            e.as_secs_f64(),
            (n - sample) as f64 / e.as_secs_f64()
        );
    }

    let t = Instant::now();
    let note = l.checkpoint(&key).unwrap();
    println!(
        "checkpoint (tree head + Ed25519 + durable write): {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(l);

    let bytes = std::fs::metadata(dir.join("entries")).unwrap().len();
    let t = Instant::now();
    let l = Ledger::open(&dir, None).unwrap();
    let open = t.elapsed();
    let t = Instant::now();
    let report = l
        .verify(&key.verifier(), &VerifyOptions::default())
        .unwrap();
    let verify = t.elapsed();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.signed, l.size());
    println!("open (read {:.1} MB, rehash every entry): {:.0} ms; verify every entry signature and checkpoint: {:.0} ms; total {:.0} ms for {} entries", bytes as f64 / 1e6, open.as_secs_f64() * 1e3, verify.as_secs_f64() * 1e3, (open + verify).as_secs_f64() * 1e3, l.size());

    let t = Instant::now();
    let bundle = l.prove(n / 2, &key.verifier()).unwrap().to_json();
    let prove = t.elapsed();
    let t = Instant::now();
    InclusionBundle::verify(&bundle, &key.verifier()).unwrap();
    let hashes = serde_json::from_str::<serde_json::Value>(&bundle).unwrap()["proof"]
        .as_array()
        .unwrap()
        .len();
    println!(
        "inclusion proof: build {:.1} ms, verify offline {:.3} ms ({hashes} hashes, {} bytes)",
        prove.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3,
        bundle.len()
    );
    let _ = note;
}
