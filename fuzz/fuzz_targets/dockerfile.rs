//! The Dockerfile parser, adapter and every Dockerfile rule on arbitrary input.
//! Promises: no panic; every instruction's lines are lines of the input, in order; every
//! issue and finding line is a line of the input; no adapter or rule message echoes a
//! secret-shaped value of the input (secrets in ENV/ARG are reported by key name only).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_core::scanner::ProjectFile;
use tollgate_fuzz::{assert_line, assert_no_echo, secret_shaped};
use tollgate_iac::dockerfile::{load_file, parse};
use tollgate_iac::{IacConfig, IacScanner};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let runs = secret_shaped(data);
    let p = parse(&text);
    let mut last = 0;
    for i in &p.instructions {
        assert_line(i.line as usize, &text, &i.cmd);
        assert_line(i.end_line as usize, &text, &i.cmd);
        assert!(i.end_line >= i.line && i.line > last, "instructions in order");
        last = i.end_line;
    }
    let model = load_file("Dockerfile", data);
    for i in &model.issues {
        if let Some(l) = i.line {
            assert_line(l as usize, &text, &i.message);
        }
        assert_no_echo(&runs, &i.message);
    }
    let scanner = IacScanner::new(&IacConfig::default());
    let out = scanner.scan_files(&[ProjectFile {
        path: "Dockerfile".into(),
        content: data.to_vec(),
        class: tollgate_core::classify::classify("Dockerfile"),
    }]);
    for f in &out.findings {
        assert_line(f.location.start_line as usize, &text, &f.message);
        assert_no_echo(&runs, &f.message);
    }
    for i in &out.issues {
        assert_no_echo(&runs, &i.message);
    }
});
