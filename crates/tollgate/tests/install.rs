//! Releases and installing them: scripts/release.sh lays out a release (binary,
//! SHA256SUMS, its signature, install.sh); scripts/install.sh, run by /bin/sh against that
//! release served from 127.0.0.1, installs it only when the signature and the checksum
//! verify, and installs nothing when the binary, SHA256SUMS or the signature was changed.
//! The Dockerfile's promises that can be checked without a registry are checked too.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn install(server: &Server, key: &str, dest: &Path) -> Output {
    Command::new("sh")
        .arg(repo_root().join("scripts/install.sh"))
        .args(["--version", env!("CARGO_PKG_VERSION")])
        .args(["--base-url", &server.base])
        .args(["--key", key])
        .arg("--dir")
        .arg(dest)
        .env_remove("TOLLGATE_RELEASE_KEY")
        .output()
        .unwrap()
}

/// Refused with `why` in the message, and nothing installed.
fn assert_refused(o: &Output, why: &str, dest: &Path) {
    let t = text(o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains(why), "expected {why:?} in: {t}");
    let left: Vec<_> = std::fs::read_dir(dest)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "something was installed: {left:?} ({t})");
}

#[test]
fn the_release_has_its_files_and_a_verifiable_signature() {
    let r = release();
    let mut names: Vec<String> = std::fs::read_dir(r.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want = vec![
        asset(),
        "SHA256SUMS".into(),
        "SHA256SUMS.sig".into(),
        "install.sh".into(),
        "release-key.pub".into(),
    ];
    want.sort();
    assert_eq!(names, want);
    let sums = std::fs::read_to_string(r.dir().join("SHA256SUMS")).unwrap();
    assert!(sums.contains(&format!("  {}\n", asset())), "{sums}");
    assert_eq!(
        std::fs::read_to_string(r.dir().join("release-key.pub"))
            .unwrap()
            .trim(),
        r.key
    );
    let sums_path = r.dir().join("SHA256SUMS");
    let o = tollgate(
        &r.dir(),
        &[
            "ledger",
            "verify-file",
            sums_path.to_str().unwrap(),
            "--key",
            &r.key,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn install_verifies_then_installs() {
    let r = release();
    let server = Server::start(&r.dir());
    let o = install(&server, &r.key, &r.dest());
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("verified"), "{}", text(&o));
    let installed = std::fs::read(r.dest().join("tollgate")).unwrap();
    assert_eq!(
        installed,
        std::fs::read(env!("CARGO_BIN_EXE_tollgate")).unwrap()
    );
    let v = Command::new(r.dest().join("tollgate"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")));
    // The key may also be given as a file.
    let again = r.tmp.path().join("bin2");
    let o = install(
        &server,
        r.dir().join("release-key.pub").to_str().unwrap(),
        &again,
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_tampered_binary_is_refused() {
    let r = release();
    let bin = r.dir().join(asset());
    let mut bytes = std::fs::read(&bin).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&bin, &bytes).unwrap();
    let server = Server::start(&r.dir());
    let o = install(&server, &r.key, &r.dest());
    assert_refused(&o, "does not match SHA256SUMS", &r.dest());
}

#[test]
fn a_rewritten_checksum_file_is_refused() {
    // An attacker who swaps the binary and rewrites SHA256SUMS to match it.
    let r = release();
    let bin = r.dir().join(asset());
    let mut bytes = std::fs::read(&bin).unwrap();
    bytes.extend_from_slice(b"#!/bin/sh\necho owned\n");
    std::fs::write(&bin, &bytes).unwrap();
    let sums = r.dir().join("SHA256SUMS");
    let rewritten: String = std::fs::read_to_string(&sums)
        .unwrap()
        .lines()
        .map(|l| {
            if l.ends_with(&asset()) {
                format!(
                    "{}  {}\n",
                    tollgate_core::fingerprint::sha256_hex(&bytes),
                    asset()
                )
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&sums, rewritten).unwrap();
    let server = Server::start(&r.dir());
    let o = install(&server, &r.key, &r.dest());
    assert_refused(&o, "signature of SHA256SUMS does not verify", &r.dest());
}

#[test]
fn a_bad_signature_is_refused() {
    let r = release();
    let server = Server::start(&r.dir());
    let sig_file = r.dir().join("SHA256SUMS.sig");
    let good = std::fs::read_to_string(&sig_file).unwrap();

    // Signed by another key of the same name: not the pinned one.
    let o = tollgate(
        r.tmp.path(),
        &[
            "ledger",
            "keygen",
            "--name",
            "releases.tollgate.test",
            "--out",
            "other.key",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let sums = r.dir().join("SHA256SUMS");
    let o = tollgate(
        r.tmp.path(),
        &[
            "ledger",
            "sign-file",
            sums.to_str().unwrap(),
            "--signing-key",
            "other.key",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_refused(
        &install(&server, &r.key, &r.dest()),
        "signed by another key",
        &r.dest(),
    );

    // The pinned key's id, with signature bytes that do not verify.
    let (head, b64) = good.trim_end().rsplit_once(' ').unwrap();
    let mut raw = base64_decode(b64);
    raw[10] ^= 1;
    std::fs::write(&sig_file, format!("{head} {}\n", base64_encode(&raw))).unwrap();
    assert_refused(
        &install(&server, &r.key, &r.dest()),
        "signature of SHA256SUMS does not verify",
        &r.dest(),
    );

    // No signature at all.
    std::fs::write(&sig_file, "").unwrap();
    assert_refused(
        &install(&server, &r.key, &r.dest()),
        "holds no signature",
        &r.dest(),
    );
    std::fs::remove_file(&sig_file).unwrap();
    let o = install(&server, &r.key, &r.dest());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!r.dest().join("tollgate").exists());
}

#[test]
fn install_needs_a_pinned_version_and_a_valid_key() {
    let r = release();
    let server = Server::start(&r.dir());
    for bad in ["", "not-a-key", "releases.tollgate.test+zz+AAAA"] {
        let o = install(&server, bad, &r.dest());
        assert_eq!(o.status.code(), Some(1), "{bad:?}: {}", text(&o));
        assert!(!r.dest().join("tollgate").exists());
    }
    let o = Command::new("sh")
        .arg(repo_root().join("scripts/install.sh"))
        .args(["--base-url", &server.base, "--key", &r.key])
        .env_remove("TOLLGATE_VERSION")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("never 'latest'"), "{}", text(&o));
}

#[test]
fn release_refuses_a_dynamic_binary_unless_told() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tollgate(
        tmp.path(),
        &["ledger", "keygen", "--name", "r.test", "--out", "k"],
    );
    assert!(o.status.success());
    let o = Command::new("bash")
        .arg(repo_root().join("scripts/release.sh"))
        .arg("--binary")
        .arg("/bin/sh")
        .arg("--signing-key")
        .arg(tmp.path().join("k"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let t = text(&o);
    if t.contains("statically linked\n") || !t.contains("dynamically linked") {
        return; // this machine's /bin/sh is static: nothing to show here
    }
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("is not statically linked"), "{t}");
    assert!(!tmp.path().join("out/SHA256SUMS").exists());
}

#[test]
fn the_dockerfile_pins_its_base_by_digest_and_runs_as_non_root() {
    // The image cannot be built here (no registry); what the file promises is checked.
    let text = std::fs::read_to_string(repo_root().join("Dockerfile")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let froms: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert!(!froms.is_empty());
    for f in &froms {
        let image = f.split_whitespace().nth(1).unwrap();
        let digest = image.split_once("@sha256:").map(|(_, d)| d).unwrap_or("");
        assert!(
            digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
            "base image not pinned by digest: {f}"
        );
    }
    let last_from = lines.iter().rposition(|l| l.starts_with("FROM ")).unwrap();
    let user = lines[last_from..]
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the final stage sets no USER: it would run as root");
    let who = user.split(':').next().unwrap().trim();
    assert!(!matches!(who, "root" | "0" | ""), "USER {user}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ENTRYPOINT") && l.contains("tollgate")),
        "{text}"
    );
    let ignore = std::fs::read_to_string(repo_root().join(".dockerignore")).unwrap();
    assert!(
        ignore.lines().next() == Some("*"),
        "the build context must not send target/"
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}
