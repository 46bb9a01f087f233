//! The code scanner on arbitrary input: the first byte picks the language, the rest is the
//! file. Promises: no panic, no unbounded time; findings point inside the file.
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
        let out = s.scan_text(path, code);
        let lines = code.split(|b| *b == b'\n').count() as u32;
        for f in &out.findings {
            assert!(f.location.start_line >= 1 && f.location.start_line <= lines.max(1));
        }
        let _ = s.name();
    });
});
