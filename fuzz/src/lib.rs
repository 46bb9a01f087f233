//! What the fuzz targets share: one input split into several files, the checks of the
//! promises every parser makes (positions that exist, no secret echoed in a message), a
//! scratch directory per process and the fixed ledger key.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tollgate_ledger::{NoteSigner, NoteVerifier};

/// Separates the files of one input (a POM and its parent, OSV records, ledger files).
/// Text-like so that mutations of text seeds keep it; the dictionaries list it.
pub const SEP: &[u8] = b"\n#--8<--\n";

/// `data` cut at every [`SEP`], into at most `max` parts (the last keeps the rest).
pub fn split(data: &[u8], max: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() + 1 < max {
        match find(rest, SEP) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + SEP.len()..];
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Lines of `text` as an error may count them: one more than its newlines.
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// Panics unless `line` is a line of `text` (1-based; the line after a final newline counts).
pub fn assert_line(line: usize, text: &str, what: &dyn std::fmt::Display) {
    assert!(
        (1..=line_count(text)).contains(&line),
        "line {line} is not a line of the input ({} lines): {what}",
        line_count(text)
    );
}

/// Shortest run of ASCII letters and digits that counts as secret-shaped.
const SECRET_RUN: usize = 20;
/// Window compared against messages: `redact` shows at most four characters.
const WINDOW: usize = 12;

/// Runs of at least 20 ASCII letters and digits with upper case, lower case and a digit:
/// what `tollgate_core::redact::quote` never shows in full. At most 32 runs.
pub fn secret_shaped(input: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < input.len() && out.len() < 32 {
        if !input[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < input.len() && input[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = &input[start..i];
        if run.len() >= SECRET_RUN
            && run.iter().any(u8::is_ascii_uppercase)
            && run.iter().any(u8::is_ascii_lowercase)
            && run.iter().any(u8::is_ascii_digit)
        {
            out.push(run);
        }
    }
    out
}

/// Whether the checks that no secret leaks (into messages, into snippets) run: on unless
/// `FUZZ_LEAK_CHECKS=off`, which lets a target look for other failures once a leak has
/// been reported (every run would otherwise stop at its seed).
pub fn leak_checks() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("FUZZ_LEAK_CHECKS").map_or(true, |v| v != "off"))
}

/// Panics when `message` holds 12 consecutive characters (upper case, lower case and a digit
/// among them) of a secret-shaped run of the input: messages must show such values only
/// redacted (`quote`, `scrub`).
pub fn assert_no_echo(runs: &[&[u8]], message: &str) {
    if !leak_checks() {
        return;
    }
    let m = message.as_bytes();
    // Only windows with all three classes: words and numbers of a message are never that.
    let mixed = |w: &[u8]| {
        w.iter().any(u8::is_ascii_uppercase)
            && w.iter().any(u8::is_ascii_lowercase)
            && w.iter().any(u8::is_ascii_digit)
    };
    for run in runs {
        for w in run.windows(WINDOW).step_by(2).filter(|w| mixed(w)) {
            assert!(
                find(m, w).is_none(),
                "a message echoes a secret-shaped value of the input ({}): {message}",
                String::from_utf8_lossy(w)
            );
        }
    }
}

/// A directory of this process for files a target writes, emptied on every call.
/// Under `$TMPDIR` (scripts/fuzz.sh points it at a RAM disk when there is one).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tollgate-fuzz-{}-{name}", std::process::id()));
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot empty the scratch directory {}: {e}", dir.display()),
    }
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Writes `bytes` to `dir/name`, creating parent directories.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("scratch subdirectory");
    }
    std::fs::write(&p, bytes).expect("scratch file");
    p
}

/// Name of the fixed ledger key.
pub const KEY_NAME: &str = "fuzz.tollgate.example/ledger";
/// Origin of the ledgers the targets build.
pub const ORIGIN: &str = "fuzz.tollgate.example/log";

/// The fixed signing key of the ledger targets, derived from a constant seed so that
/// seeds written by `prepare_corpus` verify in the targets.
pub fn signer() -> &'static NoteSigner {
    static S: OnceLock<NoteSigner> = OnceLock::new();
    S.get_or_init(|| {
        let seed = [0x5au8; 32];
        let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
        let mut h = Sha256::new();
        h.update(KEY_NAME.as_bytes());
        h.update(b"\n\x01");
        h.update(public.as_bytes());
        let id: String = h.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut raw = vec![1u8];
        raw.extend_from_slice(&seed);
        let text = format!("PRIVATE+KEY+{KEY_NAME}+{id}+{}", STANDARD.encode(raw));
        NoteSigner::parse(&text).expect("the fixed fuzzing key parses")
    })
}

/// The verifier of [`signer`].
pub fn verifier() -> &'static NoteVerifier {
    static V: OnceLock<NoteVerifier> = OnceLock::new();
    V.get_or_init(|| signer().verifier())
}

/// The lockfile formats with a parser and a file name of each, in selector order: the
/// `lockfiles` target reads `KINDS[first byte % len]`, and `prepare_corpus` prefixes each
/// fixture with its index.
pub const LOCKFILES: &[(tollgate_deps::lockfile::LockfileKind, &str)] = {
    use tollgate_deps::lockfile::LockfileKind::*;
    &[
        (CargoLock, "Cargo.lock"),
        (NpmLock, "package-lock.json"),
        (YarnLock, "yarn.lock"),
        (PnpmLock, "pnpm-lock.yaml"),
        (BunLock, "bun.lock"),
        (Requirements, "requirements.txt"),
        (PoetryLock, "poetry.lock"),
        (PipfileLock, "Pipfile.lock"),
        (UvLock, "uv.lock"),
        (PyLock, "pylock.toml"),
        (GoMod, "go.mod"),
        (GoSum, "go.sum"),
        (PomXml, "pom.xml"),
        (GradleLock, "gradle.lockfile"),
        (GemfileLock, "Gemfile.lock"),
        (ComposerLock, "composer.lock"),
        (NugetLock, "packages.lock.json"),
    ]
};

/// File names the `secrets_engine` target scans under, by selector byte (`byte % len`):
/// one of each kind the classifier treats differently (config, code, prose, tests).
pub const SECRET_FILE_NAMES: &[&str] = &[
    ".env",
    "config/app.yaml",
    "src/main.py",
    "k8s/secret.yaml",
    "keys/id_rsa",
    "app.properties",
    "docs/notes.md",
    "notebooks/x.ipynb",
    "src/test/FixtureTest.java",
    "main.tf",
    "src/Settings.cs",
    "infra/ci/runner.toml",
];
