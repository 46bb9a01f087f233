//! Helpers the CLI's end-to-end tests share.
#![allow(dead_code)] // each test binary uses its own part of them

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The release binary's file name on this machine, as scripts/release.sh names it.
pub fn asset() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "aarch64" => "aarch64",
        other => panic!("no release layout for {other}"),
    };
    format!("tollgate-{}-{arch}-linux", env!("CARGO_PKG_VERSION"))
}

/// A static file server for `dir` on 127.0.0.1, reading files at each request (so a file
/// changed on disk is served changed), until dropped.
pub struct Server {
    pub base: String,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl Server {
    pub fn start(dir: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let (flag, dir) = (stop.clone(), dir.to_path_buf());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut s) = stream else { continue };
                let mut reader = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let name = path.trim_start_matches('/');
                let body = (!name.contains('/') && !name.is_empty())
                    .then(|| std::fs::read(dir.join(name)).ok())
                    .flatten();
                let _ = match body {
                    Some(b) => write!(
                        s,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    )
                    .and_then(|_| s.write_all(&b)),
                    None => s.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            }
        });
        Server {
            base: format!("http://{addr}"),
            stop,
            addr,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

/// A release directory and the public key that signed it.
pub struct Release {
    pub tmp: tempfile::TempDir,
    pub key: String,
}

impl Release {
    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("release")
    }

    pub fn dest(&self) -> PathBuf {
        self.tmp.path().join("bin")
    }
}

/// A release of the binary under test, made by scripts/release.sh with a fresh key.
pub fn release() -> Release {
    let tmp = tempfile::tempdir().unwrap();
    let o = tollgate(
        tmp.path(),
        &[
            "ledger",
            "keygen",
            "--name",
            "releases.tollgate.test",
            "--out",
            "release.key",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let key = String::from_utf8(o.stdout).unwrap().trim().to_string();
    let o = Command::new("bash")
        .arg(repo_root().join("scripts/release.sh"))
        .arg("--binary")
        .arg(env!("CARGO_BIN_EXE_tollgate"))
        .arg("--allow-dynamic")
        .arg("--signing-key")
        .arg(tmp.path().join("release.key"))
        .arg("--out")
        .arg(tmp.path().join("release"))
        .output()
        .unwrap();
    assert!(o.status.success(), "release.sh: {}", text(&o));
    Release { tmp, key }
}
