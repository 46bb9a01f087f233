//! Helpers the CLI's end-to-end tests share.
#![allow(dead_code)] // each test binary uses its own part of them

use std::path::Path;
use std::process::{Command, Output};

/// The binary run in `dir` with the clock pinned (byte-identical reports) and none of the
/// caller's CI or Tollgate environment.
pub fn command(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tollgate"));
    c.current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795219200") // 2026-11-21
        .env_remove("CI")
        .env_remove("TOLLGATE_DB")
        .env_remove("TOLLGATE_LEDGER_KEY");
    c
}

pub fn tollgate(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().unwrap()
}

/// Standard output, then standard error: for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Standard output parsed as JSON; a failure shows what the run printed.
pub fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

/// `scan . -f json` with `extra` in `dir`: the exit code and the report.
pub fn scan_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["scan", ".", "-f", "json", "--no-progress"];
    args.extend_from_slice(extra);
    let o = tollgate(dir, &args);
    (o.status.code().unwrap_or(-1), json_of(&o))
}

/// A temporary tree of `(relative path, content)` files.
pub fn tree<S: AsRef<str>>(files: &[(&str, S)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let p = d.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content.as_ref()).unwrap();
    }
    d
}

/// Run git in `dir` as a fixed author at a fixed time; the trimmed standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dana Dev")
        .env("GIT_AUTHOR_EMAIL", "dana@bank.example")
        .env("GIT_COMMITTER_NAME", "Dana Dev")
        .env("GIT_COMMITTER_EMAIL", "dana@bank.example")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// An advisory store at `dir/osv` holding one OSV record.
pub fn import_osv(dir: &Path, record: &str) {
    let src = dir.join("osv-src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("record.json"), record).unwrap();
    let o = tollgate(dir, &["db", "import", "osv-src", "--db", "osv"]);
    assert!(o.status.success(), "{}", text(&o));
}
