//! A scan run through the library alone, with a request built in code, gives the same
//! report as the binary given the same tree and options.

mod common;

use common::tollgate;
use std::path::Path;
use tollgate_core::config::Threshold;
use tollgate_engine::{GateOptions, Output, ScanRequest};
use tollgate_report::Format;

#[test]
fn the_library_and_the_binary_give_the_same_report() {
    let d = common::tree(&[
        (
            "app/settings.py",
            // tollgate:ignore[stripe-secret-key] synthetic key for the test
            "STRIPE = \"sk_live_4rT9x2LmQ8vZ1kP7wN3yB6cD0fG5hJ\"\n",
        ),
        (
            "Cargo.lock",
            "version = 3\n\n[[package]]\nname = \"left\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
        ),
        ("ui/package.json", "{\"dependencies\": {\"left-pad\": \"^1.3.0\"}}\n"),
        (".tollgate/exceptions.toml", ""),
    ]);
    let o = tollgate(
        d.path(),
        &[
            "scan",
            ".",
            "-f",
            "json",
            "--no-progress",
            "--fail-on",
            "none",
            "--db",
            "no-db",
        ],
    );
    let from_binary = String::from_utf8(o.stdout).unwrap();
    assert!(
        from_binary.contains("\"schema_version\": 2"),
        "{from_binary}"
    );

    // The binary's clock is pinned by common::command; pin this process's the same way.
    std::env::set_var("SOURCE_DATE_EPOCH", "1795219200");
    std::env::set_current_dir(d.path()).unwrap();
    let req = ScanRequest {
        gate: GateOptions {
            fail_on: Some(Threshold::None),
            ..GateOptions::default()
        },
        db: Some(Path::new("no-db").to_path_buf()),
        outputs: vec![Output {
            format: Format::Json,
            path: None,
        }],
        ..ScanRequest::new(".")
    };
    let out = tollgate_engine::run(&req).unwrap();
    assert_eq!(out.stdout.as_deref(), Some(from_binary.as_str()));
    // Both say what went unchecked: the lockfile (no database) and the manifest (no lock).
    let unchecked: Vec<&str> = out.report.coverage["deps"]
        .unchecked
        .iter()
        .map(|u| u.path.as_str())
        .collect();
    assert_eq!(unchecked, ["Cargo.lock", "ui/package.json"]);
}
