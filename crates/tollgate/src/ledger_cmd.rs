//! `tollgate ledger ...` and `tollgate attest ...`, and the ledger side of `tollgate scan`.

use crate::cli::{AttestAction, AttestArgs, KeyArgs, LedgerAction, LedgerArgs};
use crate::{EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use tollgate_core::ScanReport;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::{
    attest, merkle, ConsistencyBundle, InclusionBundle, Ledger, NoteSigner, NoteVerifier,
    TrustState, Trusted, VerifyOptions,
};

/// Environment variable that may hold the signing key itself (for CI secret stores).
pub const KEY_ENV: &str = "TOLLGATE_LEDGER_KEY";

const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// Whether `text` has the shape of a note key (`name+<8 hex>+…`, or the private form),
/// whether or not it is a valid one: such text is never echoed.
fn key_shaped(text: &str) -> bool {
    let t = text.trim();
    if t.contains(PRIVATE_PREFIX) {
        return true;
    }
    let parts: Vec<&str> = t.splitn(3, '+').collect();
    parts.len() == 3 && parts[1].len() == 8 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A path for an error message; a key given where a path belongs is not shown.
fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    if key_shaped(&text) {
        "(a key given as a file name, not shown)".into()
    } else {
        path.display().to_string()
    }
}

/// The signing key from a file or the environment, if one was given. Errors never
/// include key text: they say what was wrong and name the file or variable.
pub fn load_signer(path: Option<&Path>) -> Result<Option<NoteSigner>> {
    let text = match path {
        Some(p) => {
            let given = p.to_string_lossy();
            if given.trim_start().starts_with(PRIVATE_PREFIX) {
                bail!("--signing-key takes a file name, and that is the key itself: put it in a file of mode 0600 or in {KEY_ENV}, never on a command line");
            }
            if NoteVerifier::parse(&given).is_ok() {
                bail!("--signing-key takes a file holding the private signing key; that is a public verifier key");
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                if let Ok(m) = std::fs::metadata(p) {
                    if m.permissions().mode() & 0o077 != 0 {
                        eprintln!("warning: {} is readable by other users; keep signing keys at mode 0600", shown(p));
                    }
                }
            }
            std::fs::read_to_string(p)
                .map_err(|e| anyhow!("{}: cannot read the signing key: {e}", shown(p)))?
        }
        None => match std::env::var(KEY_ENV) {
            Ok(v) if !v.trim().is_empty() => v,
            _ => return Ok(None),
        },
    };
    let source = path.map_or_else(|| KEY_ENV.to_string(), shown);
    if !text.trim_start().starts_with(PRIVATE_PREFIX) && NoteVerifier::parse(&text).is_ok() {
        bail!("{source} holds a public verifier key; signing needs the private signing key (PRIVATE+KEY+…) that `ledger keygen --out` wrote");
    }
    NoteSigner::parse(&text)
        .map(Some)
        .map_err(|e| anyhow!("{source}: not a usable signing key: {e}"))
}

const GIVE_PUBLIC: &str = "give the public verifier key (`name+id+key`, as `ledger keygen` printed it) or a file holding it";

/// Parse verifier key text read from `source`.
fn parse_verifier(text: &str, source: &str) -> Result<NoteVerifier> {
    if text.trim_start().starts_with(PRIVATE_PREFIX) {
        bail!("{source} holds a private signing key; {GIVE_PUBLIC}, and keep the private key out of verifiers' hands");
    }
    NoteVerifier::parse(text)
        .map_err(|e| anyhow!("{source}: not a valid verifier key ({e}); {GIVE_PUBLIC}"))
}

fn load_verifier(keys: &KeyArgs) -> Result<NoteVerifier> {
    if let Some(k) = &keys.key {
        if let Ok(v) = NoteVerifier::parse(k) {
            return Ok(v);
        }
        if k.trim_start().starts_with(PRIVATE_PREFIX) {
            bail!("--key: that is a private signing key; {GIVE_PUBLIC}");
        }
        let path = Path::new(k);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow!("--key {}: cannot read: {e}", shown(path)))?;
            return parse_verifier(&text, &shown(path));
        }
        if key_shaped(k) {
            return parse_verifier(k, "--key");
        }
        bail!(
            "--key {}: no such file, and not a verifier key; {GIVE_PUBLIC}",
            tollgate_core::redact::quote(k)
        );
    }
    if let Some(s) = load_signer(keys.signing_key.as_deref())? {
        return Ok(s.verifier());
    }
    bail!(
        "a public key is needed: --key VKEY|FILE (the ledger never trusts a key stored beside it)"
    )
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))
}

fn write_out(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("{}: cannot write", p.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

pub fn run(args: LedgerArgs) -> Result<u8> {
    let dir = args.ledger.as_path();
    match args.action {
        LedgerAction::Keygen { name, out } => {
            let signer = NoteSigner::generate(&name)?;
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts
                .open(&out)
                .map_err(|e| anyhow!("{}: cannot create the key file: {e}", out.display()))?;
            f.write_all(format!("{}\n", signer.encode_private()).as_bytes())?;
            f.sync_all()?;
            eprintln!(
                "wrote the signing key to {} (mode 0600); the public key is:",
                out.display()
            );
            println!("{}", signer.verifier().encode());
            Ok(EXIT_PASS)
        }
        LedgerAction::Init { origin } => {
            let l = Ledger::open(dir, Some(&origin))?;
            println!(
                "ledger {} (origin {}) with {} entries",
                dir.display(),
                l.origin(),
                l.size()
            );
            Ok(EXIT_PASS)
        }
        LedgerAction::Status => {
            let l = Ledger::open(dir, None)?;
            println!("origin:  {}", l.origin());
            println!("entries: {}", l.size());
            println!("root:    {}", merkle::to_hex(&l.root()));
            match l
                .latest_checkpoint()?
                .map(|n| Checkpoint::parse_unverified(&n))
            {
                Some(Ok(cp)) => println!(
                    "latest checkpoint: size {} (signature not checked; use `ledger verify --key`)",
                    cp.size
                ),
                Some(Err(e)) => println!("latest checkpoint: unreadable ({e})"),
                None => println!("latest checkpoint: none"),
            }
            if l.torn_bytes() > 0 {
                println!("interrupted append: {} bytes after entry {} were never acknowledged; the next append removes them", l.torn_bytes(), l.size());
            }
            Ok(EXIT_PASS)
        }
        LedgerAction::Checkpoint { keys } => {
            let signer = load_signer(keys.signing_key.as_deref())?.ok_or_else(|| {
                anyhow!("a signing key is needed: --signing-key FILE or {KEY_ENV}")
            })?;
            let mut l = Ledger::open(dir, None)?;
            print!("{}", l.checkpoint(&signer)?);
            Ok(EXIT_PASS)
        }
        LedgerAction::Show { index } => {
            let l = Ledger::open(dir, None)?;
            let e = l.entry(index)?;
            let sealed = tollgate_ledger::entry::Sealed::parse(&e)
                .map_err(|p| anyhow!("{}: entry {index} {p}", dir.display()))?;
            match sealed.signature {
                Some((id, _)) => eprintln!(
                    "entry {index}: signed by key id {} (not checked here: use `ledger verify --key`)",
                    id.iter().map(|b| format!("{b:02x}")).collect::<String>()
                ),
                None => eprintln!("entry {index}: not signed (appended without a signing key)"),
            }
            match serde_json::from_slice::<Value>(sealed.body) {
                Ok(v) => println!("{}", serde_json::to_string_pretty(&v)?),
                Err(_) => println!("{}", String::from_utf8_lossy(sealed.body)),
            }
            Ok(EXIT_PASS)
        }
        LedgerAction::Verify {
            keys,
            accept_unsigned_tail,
            trusted,
            state_dir,
        } => verify(
            dir,
            &keys,
            accept_unsigned_tail,
            trusted.as_deref(),
            state_dir,
        ),
        LedgerAction::Prove { index, out, keys } => {
            let v = load_verifier(&keys)?;
            let l = Ledger::open(dir, None)?;
            write_out(out.as_deref(), &l.prove(index, &v)?.to_json())?;
            Ok(EXIT_PASS)
        }
        LedgerAction::VerifyProof { bundle, keys } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&bundle)?;
            match InclusionBundle::verify(&text, &v) {
                Ok(ok) => {
                    println!(
                        "OK: entry {} is in log '{}' of {} entries (root {}), checkpoint signed by {}",
                        ok.index,
                        ok.checkpoint.origin,
                        ok.checkpoint.size,
                        merkle::to_hex(&ok.checkpoint.root),
                        v.name()
                    );
                    println!("the entry is signed in its place by {}", v.name());
                    if let Ok(e) = serde_json::from_slice::<Value>(&ok.body) {
                        println!("{}", serde_json::to_string_pretty(&e)?);
                    }
                    Ok(EXIT_PASS)
                }
                Err(e) => {
                    println!("FAILED: {}: {e}", bundle.display());
                    Ok(EXIT_FAIL)
                }
            }
        }
        LedgerAction::Consistency {
            old_checkpoint,
            out,
            keys,
        } => {
            let v = load_verifier(&keys)?;
            let old = read_text(&old_checkpoint)?;
            let l = Ledger::open(dir, None)?;
            write_out(out.as_deref(), &l.consistency(&old, &v)?.to_json())?;
            Ok(EXIT_PASS)
        }
        LedgerAction::ExportTiles { out } => {
            let l = Ledger::open(dir, None)?;
            let note = l.latest_checkpoint()?.ok_or_else(|| {
                anyhow!("no signed checkpoint yet: run `tollgate ledger checkpoint` first")
            })?;
            let e = tollgate_ledger::tiles::export(&l, &note, &out)?;
            println!(
                "wrote {} hash tiles and {} entry bundles for {} entries to {}",
                e.hash_tiles,
                e.entry_bundles,
                e.size,
                out.display()
            );
            Ok(EXIT_PASS)
        }
        LedgerAction::VerifyConsistency { bundle, keys } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&bundle)?;
            match ConsistencyBundle::verify(&text, &v) {
                Ok((a, b)) => {
                    println!("OK: log '{}' of {} entries is an append-only extension of its state at {} entries", b.origin, b.size, a.size);
                    Ok(EXIT_PASS)
                }
                Err(e) => {
                    println!("FAILED: {}: {e}", bundle.display());
                    Ok(EXIT_FAIL)
                }
            }
        }
    }
}

/// `ledger verify`: the whole log against the key, the trusted checkpoints and the
/// verifier's remembered state, which advances when everything checks.
fn verify(
    dir: &Path,
    keys: &KeyArgs,
    accept_unsigned_tail: bool,
    trusted_file: Option<&Path>,
    state_dir: Option<PathBuf>,
) -> Result<u8> {
    let v = load_verifier(keys)?;
    let l = match Ledger::open(dir, None) {
        Ok(l) => l,
        Err(e) => {
            println!("FAILED: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    let mut options = VerifyOptions {
        accept_unsigned_tail,
        trusted: Vec::new(),
    };
    if let Some(f) = trusted_file {
        options.trusted.push(Trusted {
            source: format!("--trusted {}", f.display()),
            note: read_text(f)?,
        });
    }
    let state = state_dir
        .or_else(tollgate_ledger::trust::default_dir)
        .map(TrustState::new);
    if let Some(state) = &state {
        if let Some(note) = state.load(&v, l.origin())? {
            options.trusted.push(Trusted {
                source: format!("kept in {}", state.path(&v, l.origin()).display()),
                note,
            });
        }
    }
    let r = l.verify(&v, &options)?;
    println!(
        "{} entries, root {}, {} checkpoints verified with key {}; {} entries signed by it",
        r.size,
        merkle::to_hex(&r.root),
        r.checkpoints,
        v.name(),
        r.signed
    );
    if r.torn_bytes > 0 {
        println!(
            "note: {} bytes of an interrupted append follow entry {}; they were never acknowledged",
            r.torn_bytes, r.size
        );
    }
    for (source, size) in &r.trusted {
        println!("the log extends the trusted checkpoint of size {size} ({source})");
    }
    if !r.ok() {
        for p in &r.problems {
            println!("FAILED: {p}");
        }
        return Ok(EXIT_FAIL);
    }
    if r.tail > 0 {
        println!(
            "warning: entries {} to {} follow the last signed checkpoint and were accepted unverified ({} of them unsigned)",
            r.last_checkpoint,
            r.size - 1,
            r.tail_unsigned
        );
    }
    if r.checkpoints == 0 {
        println!("warning: no checkpoint is signed yet, so nothing ties the log's size to the key");
    }
    match (&state, &r.keep) {
        (Some(state), Some(note)) => match state.keep(&v, l.origin(), note) {
            Ok(_) => {}
            Err(e) => eprintln!("warning: could not keep the trusted checkpoint: {e}"),
        },
        (None, _) => eprintln!(
            "warning: no state directory (set {} or HOME): a later rollback of this log to an older copy will not be noticed",
            tollgate_ledger::trust::STATE_ENV
        ),
        _ => {}
    }
    println!("OK");
    Ok(EXIT_PASS)
}

pub fn attest(args: AttestArgs) -> Result<u8> {
    match args.action {
        AttestAction::Verify {
            envelope,
            keys,
            report,
        } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&envelope)?;
            let st = match attest::verify(&text, &v) {
                Ok(st) => st,
                Err(e) => {
                    println!("FAILED: {}: {e}", envelope.display());
                    return Ok(EXIT_FAIL);
                }
            };
            let pred = &st["predicate"];
            if let Some(path) = report {
                let r = ScanReport::load(&path)?;
                let digest = tollgate_report::json::digest(&r);
                if pred["report_digest"].as_str() != Some(digest.as_str()) {
                    println!(
                        "FAILED: {} is not the report this attestation describes (digest {digest})",
                        path.display()
                    );
                    return Ok(EXIT_FAIL);
                }
            }
            println!("OK: signed by {}", v.name());
            for s in st["subject"].as_array().into_iter().flatten() {
                println!(
                    "subject: {} {}",
                    s["name"].as_str().unwrap_or(""),
                    s["digest"]
                );
            }
            println!(
                "decision: {} ({})",
                pred["decision"]["status"].as_str().unwrap_or("?"),
                pred["decision"]["reasons"]
                    .as_array()
                    .map(|r| r
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join("; "))
                    .unwrap_or_default()
            );
            println!(
                "report digest: {}",
                pred["report_digest"].as_str().unwrap_or("?")
            );
            Ok(EXIT_PASS)
        }
    }
}
