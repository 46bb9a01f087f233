//! tollgate.toml: the core sections, each scanner's own section, the allowlists and the
//! risk tier it names. Promises: no panic; every error names the file, a line of it and a
//! column; no error echoes a secret-shaped value of the file (allowlist values may be the
//! very secrets they allow).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tollgate_core::allow::Allowlist;
use tollgate_core::config::{Config, ConfigError};
use tollgate_deps::DepsConfig;
use tollgate_fuzz::{assert_line, assert_no_echo, secret_shaped};
use tollgate_policy::tier::Policy;
use tollgate_secrets::SecretsConfig;

const PATH: &str = "conf/tollgate.toml";
const SECTIONS: &[&str] = &["secrets", "deps"];

fn check_error(e: &ConfigError, text: &str, runs: &[&[u8]]) {
    let shown = e.to_string();
    match e {
        ConfigError::Invalid {
            path, line, column, ..
        } => {
            assert_eq!(path, Path::new(PATH), "{shown}");
            assert_line(*line, text, &shown);
            assert!(*column >= 1, "{shown}");
            assert!(
                shown.starts_with(&format!("{PATH}:{line}:{column}: ")),
                "{shown}"
            );
        }
        ConfigError::Read { .. } => panic!("parsing text cannot fail to read: {shown}"),
    }
    assert_no_echo(runs, &shown);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let runs = secret_shaped(data);
    let cfg = match Config::from_toml_str(text, Path::new(PATH), SECTIONS) {
        Ok(c) => c,
        Err(e) => return check_error(&e, text, &runs),
    };
    assert_eq!(cfg.path(), Some(Path::new(PATH)));
    let mut sections = Vec::new();
    match cfg.section::<SecretsConfig>("secrets") {
        Ok(s) => {
            sections.push(("secrets", serde_json::to_value(&s).expect("serialises")));
            if let Err(e) = Allowlist::compile("secrets.allowlist", &s.allowlist) {
                assert_no_echo(&runs, &e.to_string());
            }
        }
        Err(e) => check_error(&e, text, &runs),
    }
    match cfg.section::<DepsConfig>("deps") {
        Ok(d) => sections.push(("deps", serde_json::to_value(&d).expect("serialises"))),
        Err(e) => check_error(&e, text, &runs),
    }
    let digest = cfg.digest(&sections);
    assert_eq!(digest.len(), 64, "a SHA-256 in hex");
    if let Err(e) = Allowlist::compile("rules.allowlist", &cfg.rules.allowlist) {
        assert_no_echo(&runs, &e.to_string());
    }
    if let Err(e) = Policy::resolve(&cfg.gate, None, None) {
        assert_no_echo(&runs, &e.to_string());
    }
});
