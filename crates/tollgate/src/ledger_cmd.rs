//! `tollgate ledger ...` and `tollgate attest ...`: keys, checkpoints, proofs and checks.

use crate::cli::{AttestAction, AttestArgs, KeyArgs, LedgerAction, LedgerArgs, RemoteArgs};
use crate::{EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;
use tollgate_engine::audit;
use tollgate_ledger::keys::{load_signer, KEY_ENV};
use tollgate_ledger::{Ledger, NoteVerifier};

fn load_verifier(keys: &KeyArgs) -> Result<NoteVerifier> {
    Ok(tollgate_ledger::keys::load_verifier(
        keys.key.as_deref(),
        keys.signing_key.as_deref(),
    )?)
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

/// The tiles `--url` names: a directory, or an http(s) URL with the token (if any) and
/// CA certificates given. Also how to show it, and the origin the log must have.
fn tile_source(
    r: &RemoteArgs,
    url: &str,
) -> Result<(
    Box<dyn tollgate_ledger::remote::TileSource>,
    String,
    Option<String>,
)> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        let root = std::path::PathBuf::from(url);
        if !root.is_dir() {
            bail!("--url {url}: not an http:// or https:// URL, nor a directory");
        }
        let src = tollgate_ledger::remote::DirSource { root };
        return Ok((Box::new(src), url.to_string(), r.origin.clone()));
    }
    // TOLLGATE_TOKEN goes only to a Tollgate server's ledger URL, never to whatever web
    // server holds a copy of the tiles; a --token-file is sent where it is told.
    let server_origin = tollgate_server::client::server_ledger_origin(url);
    let token = match &r.token_file {
        Some(f) => Some(tollgate_server::client::token(Some(f)).map_err(|e| anyhow!(e))?),
        None if server_origin.is_some() => std::env::var("TOLLGATE_TOKEN")
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        None => None,
    };
    let mut ca = r.ca_certs.clone();
    if let Some(p) = std::env::var_os("TOLLGATE_CA_CERT").filter(|p| !p.is_empty()) {
        ca.push(p.into());
    }
    let src = tollgate_server::client::HttpTiles::new(url, token, &ca)
        .map_err(|e| anyhow!("--url: {e}"))?;
    let origin = r.origin.clone().or(server_origin);
    Ok((Box::new(src), url.trim_end_matches('/').to_string(), origin))
}

/// Open the log at `--url` with `v`; a failure is a verdict (exit 1), not a usage error.
fn open_remote<'a>(
    src: &'a dyn tollgate_ledger::remote::TileSource,
    v: &NoteVerifier,
    origin: Option<&str>,
) -> std::result::Result<tollgate_ledger::remote::Remote<'a>, u8> {
    tollgate_ledger::remote::Remote::open(src, v, origin).map_err(|e| {
        println!("FAILED: {e}");
        EXIT_FAIL
    })
}

pub fn run(args: LedgerArgs) -> Result<u8> {
    let dir = args.ledger.as_path();
    match args.action {
        LedgerAction::Keygen { name, out } => {
            let public = tollgate_ledger::keys::generate_to_file(&name, &out)?;
            eprintln!(
                "wrote the signing key to {} (mode 0600); the public key is:",
                out.display()
            );
            println!("{public}");
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
            for line in audit::status(dir)? {
                println!("{line}");
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
            let (who, body) = audit::show(dir, index)?;
            eprintln!("{who}");
            println!("{body}");
            Ok(EXIT_PASS)
        }
        LedgerAction::Verify {
            keys,
            accept_unsigned_tail,
            trusted,
            state_dir,
            remote,
        } => {
            let v = load_verifier(&keys)?;
            let trusted = match trusted {
                Some(f) => Some((format!("--trusted {}", f.display()), read_text(&f)?)),
                None => None,
            };
            if let Some(url) = &remote.url {
                if accept_unsigned_tail {
                    bail!("--accept-unsigned-tail does not apply to --url: tiles hold only the signed tree");
                }
                let (src, shown, origin) = tile_source(&remote, url)?;
                return report(audit::verify_remote(
                    src.as_ref(),
                    &shown,
                    &v,
                    origin.as_deref(),
                    trusted,
                    state_dir,
                ));
            }
            report(audit::verify(
                dir,
                &v,
                accept_unsigned_tail,
                trusted,
                state_dir,
            )?)
        }
        LedgerAction::Prove {
            index,
            out,
            keys,
            remote,
        } => {
            let v = load_verifier(&keys)?;
            if let Some(url) = &remote.url {
                let (src, _, origin) = tile_source(&remote, url)?;
                let r = match open_remote(src.as_ref(), &v, origin.as_deref()) {
                    Ok(r) => r,
                    Err(code) => return Ok(code),
                };
                if index >= r.checkpoint.size {
                    bail!(
                        "no entry {index}: the checkpoint covers {} entries",
                        r.checkpoint.size
                    );
                }
                return match r.prove(index, &v) {
                    Ok(b) => write_out(out.as_deref(), &b.to_json()).map(|_| EXIT_PASS),
                    Err(e) => {
                        println!("FAILED: {e}");
                        Ok(EXIT_FAIL)
                    }
                };
            }
            let l = Ledger::open(dir, None)?;
            write_out(out.as_deref(), &l.prove(index, &v)?.to_json())?;
            Ok(EXIT_PASS)
        }
        LedgerAction::VerifyProof { bundle, keys } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&bundle)?;
            report(audit::verify_proof(
                &text,
                &bundle.display().to_string(),
                &v,
            ))
        }
        LedgerAction::Consistency {
            old_checkpoint,
            out,
            keys,
            remote,
        } => {
            let v = load_verifier(&keys)?;
            let old = read_text(&old_checkpoint)?;
            if let Some(url) = &remote.url {
                let (src, _, origin) = tile_source(&remote, url)?;
                let r = match open_remote(src.as_ref(), &v, origin.as_deref()) {
                    Ok(r) => r,
                    Err(code) => return Ok(code),
                };
                return match r.consistency(&old, &v) {
                    Ok(b) => write_out(out.as_deref(), &b.to_json()).map(|_| EXIT_PASS),
                    Err(e) => {
                        println!("FAILED: {e}");
                        Ok(EXIT_FAIL)
                    }
                };
            }
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
        LedgerAction::SignFile { file, out, keys } => {
            let signer = load_signer(keys.signing_key.as_deref())?.ok_or_else(|| {
                anyhow!("a signing key is needed: --signing-key FILE or {KEY_ENV}")
            })?;
            let text = read_text(&file)?;
            let sig = signer
                .sign_detached(&text)
                .with_context(|| format!("{}: cannot be signed", file.display()))?;
            let out = out.unwrap_or_else(|| sig_path(&file));
            std::fs::write(&out, sig)
                .with_context(|| format!("{}: cannot write", out.display()))?;
            eprintln!(
                "wrote the signature of {} to {}; verify with the public key:",
                file.display(),
                out.display()
            );
            println!("{}", signer.verifier().encode());
            Ok(EXIT_PASS)
        }
        LedgerAction::VerifyFile {
            file,
            signature,
            keys,
        } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&file)?;
            let sig_file = signature.unwrap_or_else(|| sig_path(&file));
            let sig = read_text(&sig_file)?;
            match v.verify_detached(&text, &sig) {
                Ok(()) => {
                    println!(
                        "{}: signature by {} verifies ({})",
                        file.display(),
                        v.name(),
                        sig_file.display()
                    );
                    Ok(EXIT_PASS)
                }
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    Ok(EXIT_FAIL)
                }
            }
        }
        LedgerAction::VerifyConsistency { bundle, keys } => {
            let v = load_verifier(&keys)?;
            let text = read_text(&bundle)?;
            report(audit::verify_consistency(
                &text,
                &bundle.display().to_string(),
                &v,
            ))
        }
    }
}

/// `FILE.sig` beside `FILE`.
fn sig_path(file: &Path) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sig");
    name.into()
}

/// Print a check and turn its verdict into an exit status.
fn report(c: audit::Check) -> Result<u8> {
    for l in &c.lines {
        println!("{l}");
    }
    for w in &c.warnings {
        eprintln!("{w}");
    }
    Ok(if c.ok { EXIT_PASS } else { EXIT_FAIL })
}

pub fn attest(args: AttestArgs) -> Result<u8> {
    let AttestAction::Verify {
        envelope,
        keys,
        report: against,
    } = args.action;
    let v = load_verifier(&keys)?;
    let text = read_text(&envelope)?;
    report(audit::verify_attestation(
        &text,
        &envelope.display().to_string(),
        &v,
        against.as_deref(),
    )?)
}
