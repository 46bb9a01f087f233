//! The code scanner on arbitrary input: the first byte picks the language, the rest is the
//! file (or, split at a 0xFF byte, two files of one project). Promises: no panic, no
//! unbounded time; findings point inside the file they name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_core::Scanner;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, code)) = data.split_first() else {
        return;
    };
    let path = ["a.java", "a.py", "a.js", "a.ts", "a.tsx", "a.go"][pick as usize % 6];
    thread_local! {
        static SCANNER: tollgate_sast::SastScanner = tollgate_sast::SastScanner::new();
    }
    SCANNER.with(|s| {
        // A 0xFF byte splits the input into two files of one project, so calls from one
        // into the other go through the call graph.
        let parts: Vec<&[u8]> = code.splitn(2, |b| *b == 0xFF).collect();
        let (dir, ext) = path.split_once('.').unwrap_or((path, ""));
        let files: Vec<tollgate_core::scanner::ProjectFile> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| tollgate_core::scanner::ProjectFile {
                path: format!("{dir}/f{i}.{ext}"),
                content: p.to_vec(),
                class: Default::default(),
            })
            .collect();
        let out = s.scan_files(&files);
        for f in &out.findings {
            let Some(file) = files.iter().find(|x| x.path == f.location.path) else {
                panic!("a finding in a file that was not scanned: {}", f.location.path);
            };
            let lines = file.content.split(|b| *b == b'\n').count() as u32;
            assert!(f.location.start_line >= 1 && f.location.start_line <= lines.max(1));
        }
        let _ = s.name();
    });
});
