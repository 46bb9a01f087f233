//! Any bytes, under file names of the kinds the classifier knows: the secrets scanner.
//! Promises: no panic; a finding's lines are lines of the buffer; its message shows the
//! secret redacted; no finding's message, snippet or subject holds a detected secret of
//! the buffer in full (its own, or another on the same line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tollgate_core::classify::classify;
use tollgate_core::{Confidence, Subject};
use tollgate_fuzz::{leak_checks, line_count, SECRET_FILE_NAMES as NAMES};
use tollgate_secrets::{SecretsConfig, SecretsScanner};

/// Values shorter than this may be ordinary words found elsewhere on the line.
const MIN_CHECKED: usize = 12;

fn scanner() -> &'static SecretsScanner {
    static S: OnceLock<SecretsScanner> = OnceLock::new();
    S.get_or_init(|| {
        let cfg = SecretsConfig {
            // Everything the engine detects becomes a finding, so every detection is checked.
            min_confidence: Confidence::Low,
            ..SecretsConfig::default()
        };
        SecretsScanner::new(&cfg).expect("the built-in rules build")
    })
}

fn contains(hay: &str, needle: &[u8]) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let name = NAMES[selector as usize % NAMES.len()];
    let class = classify(name);
    let s = scanner();
    let secrets: Vec<&[u8]> = s
        .engine()
        .detect(content, class.is_config())
        .into_iter()
        .map(|d| &content[d.secret])
        .filter(|v| v.len() >= MIN_CHECKED)
        // Output is UTF-8: a value with invalid bytes can only "appear" in it when its last
        // byte happens to begin a redaction's ellipsis, after a key name and the prefix.
        .filter(|v| std::str::from_utf8(v).is_ok())
        .collect();
    let lines = line_count(&String::from_utf8_lossy(content)) as u32;
    for f in s.scan_bytes(name, content, &class) {
        let l = &f.location;
        assert!(
            1 <= l.start_line && l.start_line <= l.end_line && l.end_line <= lines,
            "lines {}..{} of a {lines}-line buffer",
            l.start_line,
            l.end_line
        );
        assert!(l.start_column >= 1 && l.end_column >= 1);
        assert!(
            f.message.contains("…("),
            "unredacted message: {}",
            f.message
        );
        let redacted = match &f.subject {
            Some(Subject::Secret(sub)) => sub.redacted.clone(),
            other => panic!("a secret finding without a secret subject: {other:?}"),
        };
        let snippet = l.snippet.clone().unwrap_or_default();
        if !leak_checks() {
            continue;
        }
        for v in &secrets {
            for (what, text) in [
                ("message", &f.message),
                ("snippet", &snippet),
                ("subject", &redacted),
            ] {
                assert!(
                    !contains(text, v),
                    "the {what} of a {} finding holds a detected secret of {} bytes: {text}",
                    f.rule_id.as_str(),
                    v.len()
                );
            }
        }
    }
});
