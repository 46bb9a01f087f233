//! Any bytes, under any file name the classifier knows: the secrets scanner must not panic,
//! and no finding may carry the raw secret in its snippet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tollgate_core::classify::classify;
use tollgate_core::config::SecretsConfig;
use tollgate_core::Confidence;
use tollgate_secrets::SecretsScanner;

const NAMES: &[&str] = &[".env", "config.yaml", "main.py", "secret.yaml", "id_rsa", "app.properties", "notes.md", "x.ipynb"];

fuzz_target!(|data: &[u8]| {
    static SCANNER: OnceLock<SecretsScanner> = OnceLock::new();
    let scanner = SCANNER.get_or_init(|| {
        let cfg = SecretsConfig { min_confidence: Confidence::Low, ..SecretsConfig::default() };
        SecretsScanner::new(&cfg).expect("default rules build")
    });
    let name = NAMES[data.first().copied().unwrap_or(0) as usize % NAMES.len()];
    let class = classify(name, data);
    for f in scanner.scan_bytes(name, data, &class) {
        let len: usize = f.data["secret_length"].parse().unwrap();
        assert!(f.location.start_line >= 1 && f.location.end_line >= f.location.start_line);
        if len >= 16 {
            // The snippet shows at most a prefix; it must never hold the whole value.
            assert!(f.location.snippet.as_deref().unwrap_or("").contains("…("));
        }
    }
});
