//! `tollgate ledger ...` and `tollgate attest ...`, and the ledger side of `tollgate scan`.

use crate::cli::{AttestAction, AttestArgs, KeyArgs, LedgerAction, LedgerArgs};
use crate::{EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use tollgate_core::ScanReport;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::{
    attest, merkle, ConsistencyBundle, InclusionBundle, Ledger, NoteSigner, NoteVerifier,
};

/// Environment variable that may hold the signing key itself (for CI secret stores).
pub const KEY_ENV: &str = "TOLLGATE_LEDGER_KEY";

/// The signing key from a file or the environment, if one was given. Errors never
/// include the key's text.
pub fn load_signer(path: Option<&Path>) -> Result<Option<NoteSigner>> {
    let text = match path {
        Some(p) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                if let Ok(m) = std::fs::metadata(p) {
                    if m.permissions().mode() & 0o077 != 0 {
                        eprintln!("warning: {} is readable by other users; keep signing keys at mode 0600", p.display());
                    }
                }
            }
            std::fs::read_to_string(p)
                .map_err(|e| anyhow!("{}: cannot read the signing key: {e}", p.display()))?
        }
        None => match std::env::var(KEY_ENV) {
            Ok(v) if !v.trim().is_empty() => v,
            _ => return Ok(None),
        },
    };
    let source = path.map_or_else(|| KEY_ENV.to_string(), |p| p.display().to_string());
    NoteSigner::parse(&text)
        .map(Some)
        .map_err(|e| anyhow!("{source}: {e}"))
}

fn load_verifier(keys: &KeyArgs) -> Result<NoteVerifier> {
    if let Some(k) = &keys.key {
        if let Ok(v) = NoteVerifier::parse(k) {
            return Ok(v);
        }
        let text = std::fs::read_to_string(k)
            .map_err(|e| anyhow!("--key: not a verifier key, and {k}: {e}"))?;
        return NoteVerifier::parse(&text).map_err(|e| anyhow!("{k}: {e}"));
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
            match serde_json::from_slice::<Value>(&e) {
                Ok(v) => println!("{}", serde_json::to_string_pretty(&v)?),
                Err(_) => println!("{}", String::from_utf8_lossy(&e)),
            }
            Ok(EXIT_PASS)
        }
        LedgerAction::Verify { keys } => {
            let v = load_verifier(&keys)?;
            let l = match Ledger::open(dir, None) {
                Ok(l) => l,
                Err(e) => {
                    println!("FAILED: {e}");
                    return Ok(EXIT_FAIL);
                }
            };
            let r = l.verify(&v)?;
            println!(
                "{} entries, root {}, {} checkpoints verified with key {}",
                r.size,
                merkle::to_hex(&r.root),
                r.checkpoints,
                v.name()
            );
            if r.torn_bytes > 0 {
                println!("note: {} bytes of an interrupted append follow entry {}; they were never acknowledged", r.torn_bytes, r.size);
            }
            if r.ok() {
                if r.checkpoints == 0 {
                    println!(
                        "warning: no checkpoint is signed yet, so nothing ties the log to the key"
                    );
                }
                println!("OK");
                Ok(EXIT_PASS)
            } else {
                for p in &r.problems {
                    println!("FAILED: {p}");
                }
                Ok(EXIT_FAIL)
            }
        }
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
                    if let Ok(e) = serde_json::from_slice::<Value>(&ok.entry) {
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
