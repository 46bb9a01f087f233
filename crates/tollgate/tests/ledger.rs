//! The evidence ledger through the CLI: keys, `scan --ledger`, verification, proofs,
//! attestations, and that tampering is caught and the private key never printed.

mod common;
use common::*;
use std::path::Path;

fn setup() -> (tempfile::TempDir, String, String) {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("repo")).unwrap();
    std::fs::write(d.path().join("repo/app.py"), "print('ok')\n").unwrap();
    let o = tg(
        d.path(),
        &[
            "ledger",
            "keygen",
            "--name",
            "audit.bank.example/payments",
            "--out",
            "signing.key",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let public = String::from_utf8(o.stdout.clone())
        .unwrap()
        .trim()
        .to_string();
    let private = std::fs::read_to_string(d.path().join("signing.key"))
        .unwrap()
        .trim()
        .to_string();
    assert!(private.starts_with("PRIVATE+KEY+audit.bank.example/payments+"));
    assert!(public.starts_with("audit.bank.example/payments+"));
    assert!(
        !text(&o).contains(&private),
        "keygen printed the private key"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.path().join("signing.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(d.path().join("pub.vkey"), &public).unwrap();
    (d, public, private)
}

#[test]
fn scan_records_evidence_that_verifies_offline() {
    let (d, public, private) = setup();
    let dir = d.path();
    let o = tg(
        dir,
        &[
            "scan",
            "repo",
            "--ledger",
            "--signing-key",
            "signing.key",
            "--attest",
            "att.json",
            "-f",
            "json",
            "-o",
            "report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("checkpoint of size 2 signed"),
        "{}",
        text(&o)
    );
    std::fs::copy(dir.join(".tollgate/ledger/checkpoint"), dir.join("old.cp")).unwrap();
    // A second scan, key from the environment this time.
    let o = command(dir)
        .args(["scan", "repo", "--ledger", "-q"])
        .env("TOLLGATE_LEDGER_KEY", &private)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("4 entries") && text(&o).contains("2 checkpoints verified"),
        "{}",
        text(&o)
    );

    let o = tg(
        dir,
        &[
            "ledger",
            "prove",
            "2",
            "--key",
            "pub.vkey",
            "-o",
            "proof.json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = tg(
        dir,
        &["ledger", "verify-proof", "proof.json", "--key", "pub.vkey"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("\"kind\": \"scan\""), "{}", text(&o));

    let o = tg(
        dir,
        &[
            "ledger",
            "consistency",
            "old.cp",
            "--key",
            "pub.vkey",
            "-o",
            "cons.json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = tg(
        dir,
        &[
            "ledger",
            "verify-consistency",
            "cons.json",
            "--key",
            "pub.vkey",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let o = tg(
        dir,
        &[
            "attest",
            "verify",
            "att.json",
            "--key",
            "pub.vkey",
            "--report",
            "report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("decision: pass"));

    // A report edited after the fact no longer matches its attestation.
    let edited = std::fs::read_to_string(dir.join("report.json"))
        .unwrap()
        .replace("\"total\": 0", "\"total\": 1");
    std::fs::write(dir.join("edited.json"), edited).unwrap();
    let o = tg(
        dir,
        &[
            "attest",
            "verify",
            "att.json",
            "--key",
            "pub.vkey",
            "--report",
            "edited.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // Another key proves nothing.
    let o = tg(
        dir,
        &[
            "ledger",
            "keygen",
            "--name",
            "audit.bank.example/payments",
            "--out",
            "other.key",
        ],
    );
    let other = String::from_utf8(o.stdout).unwrap().trim().to_string();
    for args in [
        vec!["ledger", "verify", "--key", &other],
        vec!["ledger", "verify-proof", "proof.json", "--key", &other],
        vec!["attest", "verify", "att.json", "--key", &other],
    ] {
        let o = tg(dir, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
    }

    // Tamper with one byte of the first entry's content: verification names it.
    let path = dir.join(".tollgate/ledger/entries");
    let mut bytes = std::fs::read(&path).unwrap();
    let pos = bytes.windows(6).position(|w| w == b"\"scan\"").unwrap();
    bytes[pos + 1] = b'S';
    std::fs::write(&path, &bytes).unwrap();
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("entry 0"), "{}", text(&o));

    // The private key appears in no output of any command above (checked on a fresh run).
    for args in [
        vec!["ledger", "status"],
        vec!["ledger", "checkpoint", "--signing-key", "signing.key"],
    ] {
        assert!(!text(&tg(dir, &args)).contains(&private));
    }
}

#[test]
fn key_problems_are_clear_errors() {
    let (d, _public, _private) = setup();
    let dir = d.path();
    let o = tg(dir, &["scan", "repo", "--attest", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("--attest needs a signing key"),
        "{}",
        text(&o)
    );
    std::fs::write(dir.join("bad.key"), "PRIVATE+KEY+x+00+AAAA\n").unwrap();
    let o = tg(
        dir,
        &["scan", "repo", "--ledger", "--signing-key", "bad.key"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("bad.key"), "{}", text(&o));
    let o = tg(
        dir,
        &["ledger", "keygen", "--name", "n", "--out", "signing.key"],
    );
    assert_eq!(o.status.code(), Some(2), "keygen must not overwrite a key");
    let o = tg(dir, &["ledger", "verify"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("public key is needed"), "{}", text(&o));
}

#[test]
fn risk_acceptances_are_recorded_once_when_added_and_once_when_expired() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::create_dir_all(dir.join("repo/.tollgate")).unwrap();
    std::fs::write(dir.join("repo/app.py"), "print('ok')\n").unwrap();
    let exception = "[[exception]]\nrule = \"secrets/jwt\"\nreason = \"sample token in API docs\"\napproved_by = \"ciso@bank.example\"\nticket = \"RISK-7\"\nexpires = \"2099-01-01\"\n";
    std::fs::write(dir.join("repo/.tollgate/exceptions.toml"), exception).unwrap();
    let kinds = || -> Vec<String> {
        let mut out = Vec::new();
        for i in 0.. {
            let o = tg(dir, &["ledger", "show", &i.to_string()]);
            if !o.status.success() {
                break;
            }
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            out.push(v["kind"].as_str().unwrap().to_string());
        }
        out
    };
    for _ in 0..2 {
        assert!(tg(dir, &["scan", "repo", "--ledger", "-q"])
            .status
            .success());
    }
    assert_eq!(
        kinds(),
        [
            "exception-added",
            "scan",
            "gate-decision",
            "scan",
            "gate-decision"
        ]
    );
    std::fs::write(
        dir.join("repo/.tollgate/exceptions.toml"),
        exception.replace("2099-01-01", "2001-01-01"),
    )
    .unwrap();
    for _ in 0..2 {
        assert!(tg(dir, &["scan", "repo", "--ledger", "-q"])
            .status
            .success());
    }
    let k = kinds();
    assert_eq!(
        &k[5..],
        [
            "exception-added",
            "exception-expired",
            "scan",
            "gate-decision",
            "scan",
            "gate-decision"
        ],
        "an edited exception is a new one"
    );
}

/// The binary with a private trust-state directory, so no test touches the user's.
fn tg(dir: &Path, args: &[&str]) -> std::process::Output {
    command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state"))
        .args(args)
        .output()
        .unwrap()
}

fn origin_of(ledger: &Path) -> String {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ledger.join("ledger.json")).unwrap()).unwrap();
    v["origin"].as_str().unwrap().to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn signed_scan(dir: &Path) {
    let o = tg(
        dir,
        &[
            "scan",
            "repo",
            "--ledger",
            "--signing-key",
            "signing.key",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Whoever lacks the key rebuilds the whole log with other content and deletes the
/// checkpoints: with the public key alone, verification must still fail.
#[test]
fn a_log_rewritten_without_the_key_fails_verification() {
    let (d, public, _) = setup();
    let dir = d.path();
    signed_scan(dir);
    signed_scan(dir);
    let real = dir.join(".tollgate/ledger");
    // The forger's log: same origin, other scans, every hash recomputed by the tool itself.
    std::fs::create_dir(dir.join("evil")).unwrap();
    std::fs::write(dir.join("evil/app.py"), "print('rewritten')\n").unwrap();
    let o = tg(
        dir,
        &[
            "ledger",
            "init",
            "--origin",
            &origin_of(&real),
            "--ledger",
            "forged",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    for _ in 0..2 {
        let o = tg(dir, &["scan", "evil", "--ledger", "forged", "-q"]);
        assert!(o.status.success(), "{}", text(&o));
    }
    std::fs::copy(dir.join("forged/entries"), real.join("entries")).unwrap();
    std::fs::remove_dir_all(real.join("checkpoints")).unwrap();
    std::fs::create_dir(real.join("checkpoints")).unwrap();
    std::fs::remove_file(real.join("checkpoint")).unwrap();
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("entry 0"), "{}", text(&o));
}

/// A record appended without the key is never signed over by the next scan with the key,
/// and no proof presents it as part of the log.
#[test]
fn a_record_appended_without_the_key_is_never_signed_over() {
    let (d, public, _) = setup();
    let dir = d.path();
    signed_scan(dir);
    // The forger appends a risk acceptance (entries 2, 3, 4) with the tool but no key.
    std::fs::create_dir_all(dir.join("repo/.tollgate")).unwrap();
    std::fs::write(
        dir.join("repo/.tollgate/exceptions.toml"),
        "[[exception]]\nrule = \"secrets/jwt\"\nreason = \"forged\"\napproved_by = \"ciso@bank.example\"\nticket = \"RISK-1\"\nexpires = \"2099-01-01\"\n",
    )
    .unwrap();
    let o = tg(dir, &["scan", "repo", "--ledger", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::remove_file(dir.join("repo/.tollgate/exceptions.toml")).unwrap();
    let size = std::fs::metadata(dir.join(".tollgate/ledger/entries"))
        .unwrap()
        .len();

    // The next legitimate scan refuses to sign over it, naming the entry.
    let o = tg(
        dir,
        &[
            "scan",
            "repo",
            "--ledger",
            "--signing-key",
            "signing.key",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("entry 2") && text(&o).contains("not signed"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::metadata(dir.join(".tollgate/ledger/entries"))
            .unwrap()
            .len(),
        size,
        "nothing was appended"
    );
    let o = tg(
        dir,
        &["ledger", "checkpoint", "--signing-key", "signing.key"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("entry 2"), "{}", text(&o));
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("entry 2"), "{}", text(&o));
    // No proof says the forged acceptance is in the log.
    let o = tg(
        dir,
        &[
            "ledger",
            "prove",
            "2",
            "--key",
            "pub.vkey",
            "-o",
            "forged.json",
        ],
    );
    if o.status.success() {
        let o = tg(
            dir,
            &["ledger", "verify-proof", "forged.json", "--key", "pub.vkey"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    }
}

/// A verifier remembers the largest checkpoint it accepted: cutting records and restoring
/// an older checkpoint, or a rebuilt log of the same origin and key, is FAILED.
#[test]
fn rollback_and_fork_are_caught_by_the_trusted_checkpoint() {
    let (d, public, _) = setup();
    let dir = d.path();
    let real = dir.join(".tollgate/ledger");
    signed_scan(dir);
    copy_dir(&real, &dir.join("older"));
    signed_scan(dir);
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::copy(real.join("checkpoint"), dir.join("trusted.cp")).unwrap();

    // Rollback: the last records cut, the older checkpoint restored.
    std::fs::rename(&real, dir.join("newer")).unwrap();
    copy_dir(&dir.join("older"), &real);
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("FAILED") && !text(&o).contains("\nOK"),
        "{}",
        text(&o)
    );
    assert!(
        std::fs::read_dir(dir.join("state")).is_ok_and(|mut r| r.next().is_some()),
        "verify kept no trusted checkpoint under TOLLGATE_STATE_DIR"
    );
    // The same with an explicit trusted checkpoint and no remembered state.
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("fresh-state"))
        .args([
            "ledger",
            "verify",
            "--key",
            &public,
            "--trusted",
            "trusted.cp",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // Fork: a log of the same size rebuilt from scratch, validly signed, other content.
    std::fs::remove_dir_all(&real).unwrap();
    std::fs::write(dir.join("repo/other.py"), "print('other')\n").unwrap();
    signed_scan(dir);
    signed_scan(dir);
    let o = tg(dir, &["ledger", "verify", "--key", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("FAILED"), "{}", text(&o));
}

/// Eight first scans into one new ledger at once, from eight repositories (eight default
/// origins): exactly one ledger is created and every run's entries verify.
#[test]
fn concurrent_first_scans_create_one_verifiable_ledger() {
    let (d, public, _) = setup();
    let dir = d.path();
    for i in 0..8 {
        std::fs::create_dir(dir.join(format!("repo{i}"))).unwrap();
        std::fs::write(dir.join(format!("repo{i}/app.py")), "print('ok')\n").unwrap();
    }
    for round in 0..6 {
        let ledger = format!("l{round}");
        let children: Vec<_> = (0..8)
            .map(|i| {
                command(dir)
                    .env("TOLLGATE_STATE_DIR", dir.join("state"))
                    .args(["scan", &format!("repo{i}"), "--ledger", &ledger, "-q"])
                    .args(["--signing-key", "signing.key"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert_eq!(o.status.code(), Some(0), "round {round}: {}", text(&o));
        }
        // Each round's ledger is a new log of the same origin and key: to one verifier's
        // memory it would be a fork, so each round has its own.
        let o = command(dir)
            .env("TOLLGATE_STATE_DIR", dir.join(format!("state{round}")))
            .args(["ledger", "verify", "--key", &public, "--ledger", &ledger])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "round {round}: {}", text(&o));
        assert!(
            text(&o).contains("16 entries"),
            "round {round}: {}",
            text(&o)
        );
    }
}

/// No key text, private or public, ever appears in an error; the error says what was wrong.
#[test]
fn key_text_never_appears_in_errors() {
    let (d, public, private) = setup();
    let dir = d.path();
    signed_scan(dir);
    // The key material is everything after `PRIVATE+KEY+name+id+` (or `name+id+`); base64
    // may itself hold '+', so split a fixed number of times.
    let secret_part = private.trim().splitn(5, '+').nth(4).unwrap().to_string();
    let public_part = public.trim().splitn(3, '+').nth(2).unwrap().to_string();
    assert!(secret_part.len() > 20 && public_part.len() > 20);
    let check = |o: &std::process::Output, must_say: &str, hidden: &[&str]| {
        let t = text(o);
        assert_eq!(o.status.code(), Some(2), "{t}");
        assert!(t.contains(must_say), "{t}");
        for h in hidden {
            assert!(!t.contains(h), "key material in: {t}");
        }
    };
    let private_hidden = [private.as_str(), secret_part.as_str()];
    for cmd in [vec!["ledger", "verify"], vec!["attest", "verify", "x.json"]] {
        let mut args = cmd.clone();
        args.extend(["--key", private.as_str()]);
        check(
            &tg(dir, &args),
            "that is a private signing key; give the public verifier key",
            &private_hidden,
        );
    }
    std::fs::write(dir.join("looks-public.vkey"), format!("{private}\n")).unwrap();
    check(
        &tg(dir, &["ledger", "verify", "--key", "looks-public.vkey"]),
        "private signing key",
        &private_hidden,
    );
    // A damaged public key given as text.
    let mut damaged = public.clone().into_bytes();
    let last = damaged.len() - 3;
    damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
    let damaged = String::from_utf8(damaged).unwrap();
    let damaged_part = damaged.trim().splitn(3, '+').nth(2).unwrap().to_string();
    check(
        &tg(dir, &["ledger", "verify", "--key", &damaged]),
        "not a valid verifier key",
        &[damaged.as_str(), damaged_part.as_str()],
    );
    // The private key where a signing-key file name belongs.
    check(
        &tg(dir, &["ledger", "checkpoint", "--signing-key", &private]),
        "the key itself",
        &private_hidden,
    );
    // The public key where the private key belongs.
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state"))
        .env("TOLLGATE_LEDGER_KEY", &public)
        .args(["ledger", "checkpoint"])
        .output()
        .unwrap();
    check(
        &o,
        "public verifier key",
        &[public.as_str(), public_part.as_str()],
    );
}

/// A ledger written in an older on-disk format is refused with a clear error, never read
/// as if it were the current one.
#[test]
fn an_older_format_ledger_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::create_dir(dir.join("repo")).unwrap();
    std::fs::write(dir.join("repo/app.py"), "print('ok')\n").unwrap();
    let old = dir.join(".tollgate/ledger");
    std::fs::create_dir_all(old.join("checkpoints")).unwrap();
    std::fs::write(
        old.join("ledger.json"),
        "{\n  \"format\": \"tollgate-ledger/v1\",\n  \"origin\": \"tollgate/repo\"\n}\n",
    )
    .unwrap();
    let mut record = Vec::new();
    let entry = b"{\"kind\":\"scan\",\"v\":1}";
    record.extend_from_slice(&(entry.len() as u32).to_le_bytes());
    record.extend_from_slice(entry);
    record.extend_from_slice(&[0u8; 32]);
    std::fs::write(old.join("entries"), &record).unwrap();
    for args in [
        vec!["ledger", "status"],
        vec!["scan", "repo", "--ledger", "-q"],
    ] {
        let o = tg(dir, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("tollgate-ledger/v1") && text(&o).contains("older"),
            "{args:?}: {}",
            text(&o)
        );
    }
    assert_eq!(
        std::fs::read(old.join("entries")).unwrap(),
        record,
        "untouched"
    );
}

/// A static web server for a directory tree on 127.0.0.1 (paths with `..` are refused),
/// reading each file at each request, until dropped.
struct Static {
    base: String,
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Static {
    fn start(dir: &Path) -> Static {
        use std::io::{BufRead, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (flag, dir) = (stop.clone(), dir.to_path_buf());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(mut s) = stream else { continue };
                let mut reader = std::io::BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let name = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .trim_start_matches('/')
                    .to_string();
                let body = (!name.split('/').any(|p| p == ".." || p.is_empty()))
                    .then(|| std::fs::read(dir.join(&name)).ok())
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
        Static {
            base: format!("http://{addr}"),
            addr,
            stop,
        }
    }
}

impl Drop for Static {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

/// The one file under `dir` whose path contains `part`.
fn file_with(dir: &Path, part: &str) -> std::path::PathBuf {
    fn walk(d: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else {
                out.push(p)
            }
        }
    }
    let mut all = Vec::new();
    walk(dir, &mut all);
    let found: Vec<_> = all
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(part))
        .collect();
    assert_eq!(found.len(), 1, "{part}: {found:?}");
    found.into_iter().next().unwrap()
}

fn flip_byte(path: &Path, at: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[at] ^= 1;
    std::fs::write(path, b).unwrap();
}

/// `export-tiles` output on a web server: it verifies over HTTP, as the directory does, and a
/// changed hash tile, entry bundle, a checkpoint of another key, a rollback after a good
/// run and a fork each fail naming what.
#[test]
fn exported_tiles_verify_over_http_and_tampering_fails_naming_what() {
    let (d, public, _) = setup();
    let dir = d.path();
    signed_scan(dir);
    let o = tg(dir, &["ledger", "export-tiles", "-o", "old-tiles"]);
    assert!(o.status.success(), "{}", text(&o));
    signed_scan(dir);
    let o = tg(dir, &["ledger", "export-tiles", "-o", "tiles"]);
    assert!(o.status.success(), "{}", text(&o));
    let origin = origin_of(&dir.join(".tollgate/ledger"));
    let srv = Static::start(dir);
    let verify = |root: &str, state: &str| {
        command(dir)
            .env("TOLLGATE_STATE_DIR", dir.join(state))
            .args([
                "ledger", "verify", "--url", root, "--key", &public, "--origin", &origin,
            ])
            .output()
            .unwrap()
    };
    let url = format!("{}/tiles", srv.base);
    let o = verify(&url, "state");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("4 entries of log") && text(&o).contains("\nOK"),
        "{}",
        text(&o)
    );
    // The directory gives the same verdict, word for word but the location.
    let d2 = verify("tiles", "state-dir");
    assert_eq!(d2.status.code(), Some(0), "{}", text(&d2));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).replace(&url, "tiles"),
        String::from_utf8_lossy(&d2.stdout)
    );
    // A proof from the tiles is the one the local ledger makes, and verifies offline.
    let o = tg(
        dir,
        &[
            "ledger", "prove", "3", "--url", &url, "--key", "pub.vkey", "-o", "p.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = tg(
        dir,
        &[
            "ledger",
            "prove",
            "3",
            "--key",
            "pub.vkey",
            "-o",
            "local.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read(dir.join("p.json")).unwrap(),
        std::fs::read(dir.join("local.json")).unwrap()
    );
    let o = tg(
        dir,
        &["ledger", "verify-proof", "p.json", "--key", "pub.vkey"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = tg(
        dir,
        &["ledger", "prove", "4", "--url", &url, "--key", "pub.vkey"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // The consistency proof from the older checkpoint.
    let o = tg(
        dir,
        &[
            "ledger",
            "consistency",
            "old-tiles/checkpoint",
            "--url",
            &url,
            "--key",
            "pub.vkey",
            "-o",
            "c.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = tg(
        dir,
        &[
            "ledger",
            "verify-consistency",
            "c.json",
            "--key",
            "pub.vkey",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Rollback: after the good run, the older copy is refused by the remembered checkpoint.
    let o = verify(&format!("{}/old-tiles", srv.base), "state");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("FAILED: rollback"), "{}", text(&o));

    let tampered = |name: &str, part: &str, at: isize| {
        copy_dir(&dir.join("tiles"), &dir.join(name));
        let f = file_with(&dir.join(name), part);
        let len = std::fs::metadata(&f).unwrap().len() as isize;
        flip_byte(&f, (if at < 0 { len + at } else { at }) as usize);
        verify(&format!("{}/{name}", srv.base), "state-tampered")
    };
    let o = tampered("t-hash", "tile/0/", 5);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("/t-hash/tile/0/000.p/4"), "{}", text(&o));
    let o = tampered("t-bundle", "tile/entries/", -2);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("/t-bundle/tile/entries/000.p/4: entry 3"),
        "{}",
        text(&o)
    );

    // A checkpoint signed by another key.
    copy_dir(&dir.join("tiles"), &dir.join("t-key"));
    let o = tg(
        dir,
        &[
            "ledger",
            "keygen",
            "--name",
            "audit.bank.example/payments",
            "--out",
            "other.key",
        ],
    );
    assert!(o.status.success());
    // The same checkpoint text, signed by the other key.
    let cp = std::fs::read_to_string(dir.join("tiles/checkpoint")).unwrap();
    let body = &cp[..cp.find("\n\n").unwrap() + 1];
    std::fs::write(dir.join("body.txt"), body).unwrap();
    let o = tg(
        dir,
        &[
            "ledger",
            "sign-file",
            "body.txt",
            "--signing-key",
            "other.key",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let sig = std::fs::read_to_string(dir.join("body.txt.sig")).unwrap();
    std::fs::write(dir.join("t-key/checkpoint"), format!("{body}\n{sig}")).unwrap();
    let o = verify(&format!("{}/t-key", srv.base), "state-tampered");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("/t-key/checkpoint: the checkpoint does not verify"),
        "{}",
        text(&o)
    );

    // A fork: the log rebuilt from scratch to the same size, validly signed.
    std::fs::remove_dir_all(dir.join(".tollgate/ledger")).unwrap();
    std::fs::write(dir.join("repo/other.py"), "print('other')\n").unwrap();
    signed_scan(dir);
    signed_scan(dir);
    let o = tg(dir, &["ledger", "export-tiles", "-o", "forked"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = verify(&format!("{}/forked", srv.base), "state");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("FAILED: fork"), "{}", text(&o));
}

/// `tollgate serve` on a loopback port, stopped (by its process id) when dropped.
struct Serving {
    child: std::process::Child,
    base: String,
    admin: String,
}

impl Serving {
    fn start(dir: &Path) -> Serving {
        use std::io::BufRead;
        let mut child = command(dir)
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir", "data"])
            .env_remove("TOLLGATE_DATA_DIR")
            .env_remove("TOLLGATE_DATABASE_URL")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let (mut base, mut token_file) = (None, None);
        while base.is_none() {
            let line = lines.next().expect("serve stopped").unwrap();
            if let Some(rest) = line.split("token is in ").nth(1) {
                token_file = rest.split(" (mode").next().map(str::to_string);
            }
            if let Some(rest) = line.split("listening on ").nth(1) {
                base = rest.split_whitespace().next().map(str::to_string);
            }
        }
        std::thread::spawn(move || for _ in lines {});
        let token_file = dir.join(token_file.expect("the first admin token's file"));
        let admin = std::fs::read_to_string(token_file)
            .unwrap()
            .trim()
            .to_string();
        Serving {
            child,
            base: base.unwrap(),
            admin,
        }
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, Vec<u8>) {
        use tollgate_dast::http::{send, Limits, Request, Url};
        let mut req = Request::new(method, Url::parse(&format!("{}{path}", self.base)).unwrap());
        req.headers
            .push(("Authorization".into(), format!("Bearer {token}")));
        if let Some(b) = body {
            req.headers
                .push(("Content-Type".into(), "application/json".into()));
            req.body = serde_json::to_vec(&b).unwrap();
        }
        let r = send(
            &req,
            std::time::Duration::from_secs(60),
            &Limits::default(),
            None,
        )
        .unwrap();
        (r.status, r.body)
    }

    fn token(&self, product: &str) -> String {
        let (status, body) = self.call(
            "POST",
            "/api/v1/tokens",
            &self.admin,
            Some(serde_json::json!({"name": format!("{product} viewer"), "role": "viewer", "product": product})),
        );
        assert_eq!(status, 201);
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server with scans and a triage decision in a product: an auditor with a viewer token
/// verifies the product's ledger over HTTP and proves an entry offline; a token of another
/// product sees nothing; the server's log exported and read from a directory says the same.
#[test]
fn a_servers_ledger_verifies_over_http_with_the_cli() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let srv = Serving::start(dir);
    for p in ["alpha", "bravo"] {
        let (status, _) = srv.call(
            "POST",
            "/api/v1/products",
            &srv.admin,
            Some(serde_json::json!({"name": p})),
        );
        assert_eq!(status, 201);
    }
    std::fs::create_dir(dir.join("repo")).unwrap();
    let key = format!("sk_{}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eY", "live");
    std::fs::write(dir.join("repo/pay.py"), format!("STRIPE = \"{key}\"\n")).unwrap();
    let upload = |product: &str| {
        let o = tg(
            dir,
            &["scan", "repo", "-f", "json", "-o", "report.json", "-q"],
        );
        assert!(dir.join("report.json").exists(), "{}", text(&o));
        let o = command(dir)
            .env("TOLLGATE_TOKEN", &srv.admin)
            .args([
                "upload",
                "report.json",
                "--server",
                &srv.base,
                "--product",
                product,
                "--wait",
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o));
    };
    upload("alpha");
    upload("bravo");
    let (_, body) = srv.call("GET", "/api/v1/products/alpha/findings", &srv.admin, None);
    let id =
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["findings"][0]["id"].clone();
    let (status, _) = srv.call(
        "POST",
        &format!("/api/v1/findings/{id}/triage"),
        &srv.admin,
        Some(serde_json::json!({"action": "false_positive", "reason": "a test key"})),
    );
    assert_eq!(status, 204);
    std::fs::write(dir.join("repo/app.py"), "print('ok')\n").unwrap();
    upload("alpha");

    let alpha = srv.token("alpha");
    let bravo = srv.token("bravo");
    std::fs::write(dir.join("alpha.token"), &alpha).unwrap();
    let url = format!("{}/api/v1/products/alpha/ledger", srv.base);
    let vkey = "data/ledger-verifier.key";
    let o = tg(
        dir,
        &[
            "ledger",
            "verify",
            "--url",
            &url,
            "--key",
            vkey,
            "--token-file",
            "alpha.token",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("3 entries of log 'tollgate-server/alpha'") && text(&o).contains("\nOK"),
        "{}",
        text(&o)
    );
    assert!(!text(&o).contains(&alpha), "the token was printed");
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state"))
        .env("TOLLGATE_TOKEN", &alpha)
        .args([
            "ledger",
            "prove",
            "1",
            "--url",
            &url,
            "--key",
            vkey,
            "-o",
            "triage.json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = tg(
        dir,
        &["ledger", "verify-proof", "triage.json", "--key", vkey],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("false_positive"), "{}", text(&o));

    // Product B's token: A's ledger answers as a product that does not exist.
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state-b"))
        .env("TOLLGATE_TOKEN", &bravo)
        .args(["ledger", "verify", "--url", &url, "--key", vkey])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not found"), "{}", text(&o));
    assert!(!text(&o).contains(&bravo), "the token was printed");
    for path in ["checkpoint", "tile/0/000.p/3", "tile/entries/000.p/3"] {
        let b = srv.call(
            "GET",
            &format!("/api/v1/products/alpha/ledger/{path}"),
            &bravo,
            None,
        );
        let none = srv.call(
            "GET",
            &format!("/api/v1/products/nothing/ledger/{path}"),
            &bravo,
            None,
        );
        assert_eq!((b.0, &b.1), (404, &none.1), "{path}");
    }
    // A server URL's origin is checked: bravo's ledger is not alpha's.
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state-o"))
        .env("TOLLGATE_TOKEN", &srv.admin)
        .args([
            "ledger",
            "verify",
            "--url",
            &url.replace("alpha", "bravo"),
            "--key",
            vkey,
            "--origin",
            "tollgate-server/alpha",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("not 'tollgate-server/alpha'"),
        "{}",
        text(&o)
    );

    // The same log exported from the server's directory and read from disk.
    let o = tg(
        dir,
        &[
            "ledger",
            "--ledger",
            "data/ledgers/alpha",
            "export-tiles",
            "-o",
            "tiles",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state-d"))
        .args([
            "ledger",
            "verify",
            "--url",
            "tiles",
            "--key",
            vkey,
            "--origin",
            "tollgate-server/alpha",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let http = command(dir)
        .env("TOLLGATE_STATE_DIR", dir.join("state-h"))
        .args([
            "ledger",
            "verify",
            "--url",
            &url,
            "--key",
            vkey,
            "--token-file",
            "alpha.token",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&http.stdout).replace(&url, "tiles"),
        String::from_utf8_lossy(&o.stdout)
    );
}
