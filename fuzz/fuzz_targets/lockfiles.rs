//! Every lockfile parser (and pom.xml with fuzzed parent POMs), through the scanner's own
//! decoding. The first byte picks the format; for pom.xml the rest is the POM and its
//! parents, cut at `SEP`. Promises: no panic; a package's line and an error's line are
//! lines of the file; the lookup is only asked for normalised paths inside the scan root;
//! an error never echoes a secret-shaped value of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::cell::Cell;
use tollgate_core::encoding::{decode, Text};
use tollgate_deps::lockfile::{parse_at, LockfileKind};
use tollgate_fuzz::{assert_line, assert_no_echo, secret_shaped, split, LOCKFILES as KINDS};

/// Where the POM is, so that parent paths (`../pom.xml`) resolve in several ways.
const POM_PATHS: &[&str] = &["pom.xml", "app/pom.xml", "a/b/pom.xml"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (kind, _) = KINDS[selector as usize % KINDS.len()];
    let (file, parents) = if kind == LockfileKind::PomXml {
        let parts = split(rest, 4);
        (parts[0], parts[1..].to_vec())
    } else {
        (rest, Vec::new())
    };
    let decoded = decode(file);
    let bytes = match &decoded {
        Text::Binary => return,
        t => t.bytes(),
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = POM_PATHS[(selector as usize / KINDS.len()) % POM_PATHS.len()];
    let next = Cell::new(0usize);
    let lookup = |rel: &str| {
        assert!(
            !rel.is_empty()
                && !rel.starts_with('/')
                && rel
                    .split('/')
                    .all(|c| !c.is_empty() && c != "." && c != ".."),
            "the lookup was asked for {rel:?}, not a normalised path inside the scan root"
        );
        let i = next.get();
        next.set(i + 1);
        parents
            .get(i)
            .map(|p| String::from_utf8_lossy(p).into_owned())
    };
    let runs = secret_shaped(bytes);
    match parse_at(kind, text, path, &lookup) {
        None => panic!("{kind:?} is in the table of parsed kinds but has no parser"),
        Some(Ok(packages)) => {
            for p in &packages {
                assert_line(p.line as usize, text, &format!("package {}", p.name));
                let _ = p.purl();
            }
        }
        Some(Err(e)) => {
            assert_line(e.line as usize, text, &e);
            let shown = e.to_string();
            assert!(shown.starts_with(&format!("line {}: ", e.line)), "{shown}");
            assert_no_echo(&runs, &shown);
        }
    }
});
