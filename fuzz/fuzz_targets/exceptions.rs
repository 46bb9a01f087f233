//! `.tollgate/exceptions.toml` (risk acceptances). Promises: no panic; an error names the
//! file and a line of it; an accepted entry has a reason, an approver and a real expiry
//! date, and its source is `file:line`; no error echoes a secret-shaped value; applying
//! the entries suppresses a finding exactly when an active entry matches it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;
use tollgate_core::{Finding, Location, RuleMeta};
use tollgate_fuzz::{assert_line, assert_no_echo, secret_shaped};
use tollgate_policy::exceptions::{apply, parse, parse_date};

const PATH: &str = ".tollgate/exceptions.toml";

/// A few findings of different rules and paths to apply exceptions to.
fn findings() -> &'static [Finding] {
    static F: OnceLock<Vec<Finding>> = OnceLock::new();
    F.get_or_init(|| {
        let metas: Vec<RuleMeta> = tollgate_secrets::rules::all()
            .iter()
            .take(3)
            .map(|r| r.meta())
            .collect();
        let paths = ["src/main.rs", "config/prod.env", "deep/er/file.yaml"];
        metas
            .iter()
            .zip(paths)
            .enumerate()
            .map(|(i, (m, p))| {
                Finding::of_rule(
                    m,
                    Location::file(p, (i as u32 + 1, 1), (i as u32 + 1, 9)),
                    format!("{:064x}", i + 1),
                )
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let runs = secret_shaped(data);
    match parse(text, Path::new(PATH)) {
        Err(e) => {
            let shown = e.to_string();
            assert_eq!(e.path, Path::new(PATH), "{shown}");
            assert_line(e.line, text, &shown);
            assert!(
                shown.starts_with(&format!("{PATH}:{}: ", e.line)),
                "{shown}"
            );
            assert_no_echo(&runs, &shown);
        }
        Ok(list) => {
            for x in &list {
                assert!(!x.reason.trim().is_empty() && !x.approved_by.trim().is_empty());
                assert!(parse_date(&x.expires).is_some(), "{:?}", x.expires);
                let line: usize = x
                    .source
                    .strip_prefix(&format!("{PATH}:"))
                    .and_then(|l| l.parse().ok())
                    .unwrap_or_else(|| panic!("source {:?} is not file:line", x.source));
                assert_line(line, text, &x.source);
            }
            let mut fs = findings().to_vec();
            let today = parse_date("2026-06-30").expect("a date");
            let _ = apply(&mut fs, &list, today);
            for (f, orig) in fs.iter().zip(findings()) {
                let covered = list.iter().any(|x| x.active_on(today) && x.matches(orig));
                assert_eq!(
                    f.suppression.is_some(),
                    covered,
                    "{} at {}: suppressed exactly when an active exception matches",
                    f.rule_id.as_str(),
                    f.location.path
                );
            }
        }
    }
});
