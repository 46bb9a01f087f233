//! Ledger keys as people hand them over: files, the environment, command-line text. No
//! error ever includes key text, private or public.

use crate::{NoteSigner, NoteVerifier};
use std::path::Path;

/// A key that could not be used, said without quoting it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

macro_rules! err {
    ($($t:tt)*) => { KeyError(format!($($t)*)) };
}

/// Environment variable that may hold the signing key itself (for CI secret stores).
pub const KEY_ENV: &str = "TOLLGATE_LEDGER_KEY";

pub const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// Whether `text` has the shape of a note key (`name+<8 hex>+…`, or the private form),
/// whether or not it is a valid one: such text is never echoed.
pub fn key_shaped(text: &str) -> bool {
    let t = text.trim();
    if t.contains(PRIVATE_PREFIX) {
        return true;
    }
    let parts: Vec<&str> = t.splitn(3, '+').collect();
    parts.len() == 3 && parts[1].len() == 8 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A path for an error message; a key given where a path belongs is not shown.
pub fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    if key_shaped(&text) {
        "(a key given as a file name, not shown)".into()
    } else {
        path.display().to_string()
    }
}

/// The signing key from a file or the environment, if one was given. Errors never
/// include key text: they say what was wrong and name the file or variable.
pub fn load_signer(path: Option<&Path>) -> Result<Option<NoteSigner>, KeyError> {
    let text = match path {
        Some(p) => {
            let given = p.to_string_lossy();
            if given.trim_start().starts_with(PRIVATE_PREFIX) {
                return Err(err!("--signing-key takes a file name, and that is the key itself: put it in a file of mode 0600 or in {KEY_ENV}, never on a command line"));
            }
            if NoteVerifier::parse(&given).is_ok() {
                return Err(err!("--signing-key takes a file holding the private signing key; that is a public verifier key"));
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
                .map_err(|e| err!("{}: cannot read the signing key: {e}", shown(p)))?
        }
        None => match std::env::var(KEY_ENV) {
            Ok(v) if !v.trim().is_empty() => v,
            _ => return Ok(None),
        },
    };
    let source = path.map_or_else(|| KEY_ENV.to_string(), shown);
    if !text.trim_start().starts_with(PRIVATE_PREFIX) && NoteVerifier::parse(&text).is_ok() {
        return Err(err!("{source} holds a public verifier key; signing needs the private signing key (PRIVATE+KEY+…) that `ledger keygen --out` wrote"));
    }
    NoteSigner::parse(&text)
        .map(Some)
        .map_err(|e| err!("{source}: not a usable signing key: {e}"))
}

const GIVE_PUBLIC: &str = "give the public verifier key (`name+id+key`, as `ledger keygen` printed it) or a file holding it";

/// Parse verifier key text read from `source`.
fn parse_verifier(text: &str, source: &str) -> Result<NoteVerifier, KeyError> {
    if text.trim_start().starts_with(PRIVATE_PREFIX) {
        return Err(err!("{source} holds a private signing key; {GIVE_PUBLIC}, and keep the private key out of verifiers' hands"));
    }
    NoteVerifier::parse(text)
        .map_err(|e| err!("{source}: not a valid verifier key ({e}); {GIVE_PUBLIC}"))
}

/// The verifier key: `key` (a public key, or a file holding one), else the public half of
/// the signing key `signing_key` (a file, or the environment). Errors never include key text.
pub fn load_verifier(
    key: Option<&str>,
    signing_key: Option<&Path>,
) -> Result<NoteVerifier, KeyError> {
    if let Some(k) = key {
        if let Ok(v) = NoteVerifier::parse(k) {
            return Ok(v);
        }
        if k.trim_start().starts_with(PRIVATE_PREFIX) {
            return Err(err!("--key: that is a private signing key; {GIVE_PUBLIC}"));
        }
        let path = Path::new(k);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| err!("--key {}: cannot read: {e}", shown(path)))?;
            return parse_verifier(&text, &shown(path));
        }
        if key_shaped(k) {
            return parse_verifier(k, "--key");
        }
        // Not echoed: text given where a key belongs may be (part of) one.
        return Err(err!(
            "--key: no such file, and not a verifier key; {GIVE_PUBLIC}"
        ));
    }
    if let Some(s) = load_signer(signing_key)? {
        return Ok(s.verifier());
    }
    Err(err!(
        "a public key is needed: --key VKEY|FILE (the ledger never trusts a key stored beside it)"
    ))
}

/// Create a signing key named `name`, written to a new file `out` (mode 0600, never
/// overwriting); returns the public verifier key, the only part ever printed.
pub fn generate_to_file(name: &str, out: &Path) -> Result<String, KeyError> {
    use std::io::Write;
    let signer = NoteSigner::generate(name).map_err(|e| err!("{e}"))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts
        .open(out)
        .map_err(|e| err!("{}: cannot create the key file: {e}", out.display()))?;
    f.write_all(format!("{}\n", signer.encode_private()).as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| err!("{}: cannot write the key file: {e}", out.display()))?;
    Ok(signer.verifier().encode())
}
