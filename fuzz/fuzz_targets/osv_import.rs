//! The advisory store's import and look-ups. The first byte picks the source: the rest as a
//! zip archive (0), OSV records cut at `SEP` zipped by the target (1), or the records as a
//! directory of JSON files (2); bit 2 imports the records in two halves, as two updates.
//! Promises: no panic within the import limits; errors name the source or the store; an
//! imported store opens, verifies, and answers every imported advisory for its package;
//! an explicit affected version is affected; version orderings are consistent; an error
//! never echoes a secret-shaped value of a record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use tollgate_deps::osv::{read_all_with, Limits, Vulnerability};
use tollgate_deps::store::{ImportOptions, Store};
use tollgate_deps::version::compare;
use tollgate_deps::{matcher, Ecosystem};
use tollgate_fuzz::{assert_no_echo, scratch, secret_shaped, split, write};

const NOW: &str = "2026-01-01T00:00:00Z";

fn options() -> ImportOptions {
    ImportOptions {
        refuse_shrink: false,
        // Small, so that a zip bomb costs milliseconds.
        limits: Limits {
            max_entry: 256 << 10,
            max_total: 4 << 20,
        },
    }
}

fn zip_of(records: &[&[u8]], deflate: bool) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (i, r) in records.iter().enumerate() {
        z.start_file(format!("r{i}.json"), opts).expect("zip entry");
        z.write_all(r).expect("zip write");
    }
    z.finish().expect("zip finish").into_inner()
}

/// Write one batch of records as the mode says; returns the source path.
fn source(
    dir: &Path,
    name: &str,
    mode: u8,
    records: &[&[u8]],
    deflate: bool,
) -> std::path::PathBuf {
    match mode {
        1 => write(dir, &format!("{name}.zip"), &zip_of(records, deflate)),
        _ => {
            let d = dir.join(name);
            std::fs::create_dir_all(&d).expect("source directory");
            for (i, r) in records.iter().enumerate() {
                // Some in a subdirectory: the import walks directories recursively.
                let sub = if i % 3 == 2 { "nested/" } else { "" };
                write(&d, &format!("{sub}r{i}.json"), r);
            }
            d
        }
    }
}

/// The (ecosystem, name) pairs a record is about, as the import files it.
fn packages(v: &Vulnerability) -> BTreeSet<(Ecosystem, String)> {
    v.affected
        .iter()
        .filter_map(|a| a.package.as_ref())
        .filter_map(|p| Ecosystem::from_osv(&p.ecosystem).map(|e| (e, p.name.clone())))
        .collect()
}

fn check_orderings(eco: Ecosystem, versions: &[&str]) {
    let vs = &versions[..versions.len().min(6)];
    for a in vs {
        if let Some(o) = compare(eco, a, a) {
            assert_eq!(o, Ordering::Equal, "{eco:?}: {a:?} is not equal to itself");
        }
        for b in vs {
            let (ab, ba) = (compare(eco, a, b), compare(eco, b, a));
            assert_eq!(ab, ba.map(Ordering::reverse), "{eco:?}: {a:?} vs {b:?}");
            for c in vs {
                if let (Some(x), Some(y), Some(z)) = (ab, compare(eco, b, c), compare(eco, a, c)) {
                    if x != Ordering::Greater && y != Ordering::Greater {
                        assert_ne!(z, Ordering::Greater, "{eco:?}: {a:?} <= {b:?} <= {c:?}");
                    }
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mode = selector % 3;
    let twice = selector & 4 != 0 && mode != 0;
    let deflate = selector & 8 != 0;
    let dir = scratch("osv");
    let store_dir = dir.join("store");
    let records: Vec<&[u8]> = if mode == 0 {
        Vec::new()
    } else {
        split(rest, 16)
    };
    let runs = if mode == 0 {
        Vec::new()
    } else {
        secret_shaped(rest)
    };
    let batches: Vec<&[&[u8]]> = if twice {
        let (a, b) = records.split_at(records.len() / 2);
        vec![a, b]
    } else {
        vec![&records[..]]
    };

    // What the store must answer: per batch, the records that parse.
    let mut expected: Vec<Vec<Vulnerability>> = Vec::new();
    for (k, batch) in batches.iter().enumerate() {
        let src = if mode == 0 {
            write(&dir, "all.zip", rest)
        } else {
            source(&dir, &format!("src{k}"), mode, batch, deflate)
        };
        match Store::import_with(&store_dir, &src, NOW, &options()) {
            Ok(_) => {}
            Err(e) => {
                let shown = e.to_string();
                let named = [src.display().to_string(), store_dir.display().to_string()];
                assert!(
                    named.iter().any(|p| shown.contains(p.as_str())),
                    "the error names neither the source nor the store: {shown}"
                );
                assert_no_echo(&runs, &shown);
                if k == 0 {
                    return;
                }
                // A failed update leaves the earlier store as it was.
                break;
            }
        }
        // The records as the import read them (the same reader, so it must succeed again).
        let read = read_all_with(&src, &options().limits).expect("an imported source reads again");
        expected.push(read.into_iter().map(|(_, v)| v).collect());
    }

    let store = Store::open(&store_dir).expect("an imported store opens");
    if let Err(e) = store.verify() {
        panic!("a freshly imported store does not verify: {e}");
    }
    for eco in Ecosystem::ALL {
        let _ = store.snapshot_age_days(eco, 20_000);
    }
    // Ecosystems each later batch replaced.
    let replaced = |k: usize, eco: Ecosystem| {
        expected[k + 1..].iter().any(|b| {
            b.iter()
                .any(|v| v.withdrawn.is_none() && packages(v).iter().any(|(e, _)| *e == eco))
        })
    };
    for (k, batch) in expected.iter().enumerate() {
        for v in batch {
            for (eco, name) in packages(v) {
                let advs = match store.advisories(eco, &name) {
                    Ok(a) => a,
                    Err(e) => panic!("look-up of {eco:?} {name:?} failed: {e}"),
                };
                if v.withdrawn.is_none() && !replaced(k, eco) {
                    assert!(
                        advs.iter().any(|a| a.id == v.id),
                        "{} was imported for {eco:?} {name:?} but is not found",
                        v.id
                    );
                }
                let mut versions: Vec<&str> = Vec::new();
                for adv in &advs {
                    for r in &adv.ranges {
                        for e in &r.events {
                            versions.extend(
                                [&e.introduced, &e.fixed, &e.last_affected, &e.limit]
                                    .into_iter()
                                    .flatten()
                                    .map(String::as_str),
                            );
                        }
                    }
                    versions.extend(adv.versions.iter().map(String::as_str));
                    for listed in adv.versions.iter().take(4) {
                        assert!(
                            matcher::affects(eco, listed, adv),
                            "{listed:?} is listed as affected by {} but does not match",
                            adv.id
                        );
                    }
                }
                check_orderings(eco, &versions);
                for version in versions.iter().take(4) {
                    let _ = matcher::hits(eco, version, advs.clone());
                }
            }
        }
    }
});
