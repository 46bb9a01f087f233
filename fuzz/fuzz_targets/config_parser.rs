//! tollgate.toml parsing: errors, never panics; errors always name the file and a line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tollgate_core::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::from_toml_str(text, Path::new("tollgate.toml")) {
        Ok(cfg) => {
            let _ = cfg.digest();
        }
        Err(e) => assert!(e.to_string().starts_with("tollgate.toml:")),
    }
});
