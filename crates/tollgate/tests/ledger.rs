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
