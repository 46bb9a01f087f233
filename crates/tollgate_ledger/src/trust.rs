//! What a verifier remembers between runs: for each verifier key and log origin, the
//! largest signed checkpoint it accepted. A log that later holds fewer entries, or whose
//! first entries hash to another root, was rolled back or forked, whatever checkpoints it
//! carries. The kept checkpoint is itself a signed note, so an edited state file does not
//! verify; it can only be deleted, which loses the memory but never makes a bad log pass.

use crate::checkpoint::Checkpoint;
use crate::note::NoteVerifier;
use crate::store::LedgerError;
use sha2::{Digest, Sha256};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Environment variable naming the state directory (overrides the XDG default).
pub const STATE_ENV: &str = "TOLLGATE_STATE_DIR";

/// The state directory from `TOLLGATE_STATE_DIR`, else `$XDG_STATE_HOME/tollgate`, else
/// `~/.local/state/tollgate`; `None` when the environment names none of them.
pub fn default_dir() -> Option<PathBuf> {
    resolve_dir(
        std::env::var_os(STATE_ENV),
        std::env::var_os("XDG_STATE_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`default_dir`] from given values. The XDG base directory rules ignore relative paths.
pub fn resolve_dir(
    explicit: Option<OsString>,
    xdg_state_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    let set = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = set(explicit) {
        return Some(d);
    }
    if let Some(d) = set(xdg_state_home).filter(|d| d.is_absolute()) {
        return Some(d.join("tollgate"));
    }
    set(home)
        .filter(|h| h.is_absolute())
        .map(|h| h.join(".local/state/tollgate"))
}

/// Trusted checkpoints kept under one state directory.
#[derive(Clone, Debug)]
pub struct TrustState {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LedgerError + '_ {
    move |source| LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl TrustState {
    pub fn new(dir: impl Into<PathBuf>) -> TrustState {
        TrustState { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file for one key and origin. Its name is a hash of both, so it reveals neither.
    pub fn path(&self, verifier: &NoteVerifier, origin: &str) -> PathBuf {
        let mut h = Sha256::new();
        h.update(b"tollgate-trusted-checkpoint\n");
        h.update(verifier.encode().as_bytes());
        h.update(b"\n");
        h.update(origin.as_bytes());
        let d = h.finalize();
        let name: String = d[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join("ledger-checkpoints").join(name)
    }

    /// The kept checkpoint note for this key and origin, if any. Unchecked: the caller
    /// verifies it like any other trusted checkpoint.
    pub fn load(
        &self,
        verifier: &NoteVerifier,
        origin: &str,
    ) -> Result<Option<String>, LedgerError> {
        let path = self.path(verifier, origin);
        match std::fs::read_to_string(&path) {
            Ok(note) => Ok(Some(note)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// Keep `note` (a checkpoint the caller verified with `verifier`) unless a checkpoint of
    /// at least its size is kept already. Returns whether it was written.
    pub fn keep(
        &self,
        verifier: &NoteVerifier,
        origin: &str,
        note: &str,
    ) -> Result<bool, LedgerError> {
        let new = Checkpoint::open(note, verifier)?;
        if new.origin != origin {
            return Err(LedgerError::Usage(format!(
                "not keeping a checkpoint of log '{}' as trusted for '{origin}'",
                new.origin
            )));
        }
        if let Some(old) = self.load(verifier, origin)? {
            if let Ok(old) = Checkpoint::open(&old, verifier) {
                if old.size >= new.size {
                    return Ok(false);
                }
            }
        }
        let path = self.path(verifier, origin);
        let dir = path.parent().expect("a file under the state directory");
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        // A name of our own: verifiers of other logs may write here at the same time.
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("x"),
            std::process::id()
        ));
        let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(note.as_bytes()).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        Ok(true)
    }
}

/// What [`verify_remembering`] found, and what it did with the verifier's state.
pub struct Verified {
    pub report: crate::VerifyReport,
    /// Where the verifier's remembered checkpoint lives; `None` without a state directory.
    pub state: Option<PathBuf>,
    /// Set when the newest checkpoint could not be remembered.
    pub keep_error: Option<String>,
}

/// Verify `ledger` with `verifier`, against the checkpoints it trusts (`trusted`, plus the
/// one remembered in `state` from earlier runs), and remember the newest checkpoint when
/// everything checks, so a later rollback or fork is noticed.
pub fn verify_remembering(
    ledger: &crate::Ledger,
    verifier: &NoteVerifier,
    accept_unsigned_tail: bool,
    trusted: Vec<crate::Trusted>,
    state: Option<TrustState>,
) -> Result<Verified, crate::LedgerError> {
    let mut options = crate::VerifyOptions {
        accept_unsigned_tail,
        trusted,
    };
    if let Some(state) = &state {
        if let Some(note) = state.load(verifier, ledger.origin())? {
            options.trusted.push(crate::Trusted {
                source: format!(
                    "kept in {}",
                    state.path(verifier, ledger.origin()).display()
                ),
                note,
            });
        }
    }
    let report = ledger.verify(verifier, &options)?;
    let mut keep_error = None;
    if let (true, Some(state), Some(note)) = (report.ok(), &state, &report.keep) {
        if let Err(e) = state.keep(verifier, ledger.origin(), note) {
            keep_error = Some(e.to_string());
        }
    }
    Ok(Verified {
        state: state.map(|s| s.path(verifier, ledger.origin())),
        report,
        keep_error,
    })
}

/// What [`verify_remote_remembering`] found, and what it did with the verifier's state.
pub struct RemoteVerified {
    pub report: crate::remote::RemoteReport,
    /// Where the verifier's remembered checkpoint lives; `None` without a state directory.
    pub state: Option<PathBuf>,
    /// Set when the newest checkpoint could not be remembered.
    pub keep_error: Option<String>,
}

/// [`verify_remembering`] for a log read from its tiles: the served log must extend
/// `trusted` and the checkpoint remembered for its key and origin, and when everything
/// checks its checkpoint is remembered in turn.
pub fn verify_remote_remembering(
    remote: &crate::remote::Remote<'_>,
    verifier: &NoteVerifier,
    mut trusted: Vec<crate::Trusted>,
    state: Option<TrustState>,
) -> Result<RemoteVerified, crate::remote::RemoteError> {
    let origin = remote.checkpoint.origin.clone();
    let err = |e: LedgerError| crate::remote::RemoteError(e.to_string());
    if let Some(state) = &state {
        if let Some(note) = state.load(verifier, &origin).map_err(err)? {
            trusted.push(crate::Trusted {
                source: format!("kept in {}", state.path(verifier, &origin).display()),
                note,
            });
        }
    }
    let report = remote.verify(verifier, &trusted)?;
    let mut keep_error = None;
    if let (true, Some(state), Some(note)) = (report.ok(), &state, &report.keep) {
        if let Err(e) = state.keep(verifier, &origin, note) {
            keep_error = Some(e.to_string());
        }
    }
    Ok(RemoteVerified {
        state: state.map(|s| s.path(verifier, &origin)),
        report,
        keep_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteSigner;

    #[test]
    fn state_directory_follows_the_environment_in_order() {
        let s = |v: &str| Some(OsString::from(v));
        assert_eq!(
            resolve_dir(s("/t/state"), s("/x"), s("/home/u")),
            Some(PathBuf::from("/t/state"))
        );
        assert_eq!(
            resolve_dir(None, s("/x"), s("/home/u")),
            Some(PathBuf::from("/x/tollgate"))
        );
        assert_eq!(
            resolve_dir(s(""), s("relative"), s("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/tollgate"))
        );
        assert_eq!(resolve_dir(None, None, None), None);
    }

    #[test]
    fn keeps_only_larger_checkpoints_per_key_and_origin() {
        let d = tempfile::tempdir().unwrap();
        let t = TrustState::new(d.path());
        let key = NoteSigner::generate("k").unwrap();
        let v = key.verifier();
        let cp = |size| {
            Checkpoint {
                origin: "o".into(),
                size,
                root: [size as u8; 32],
            }
            .sign(&key)
            .unwrap()
        };
        assert!(t.keep(&v, "o", &cp(5)).unwrap());
        assert!(!t.keep(&v, "o", &cp(3)).unwrap());
        assert_eq!(t.load(&v, "o").unwrap(), Some(cp(5)));
        assert!(t.keep(&v, "o", &cp(9)).unwrap());
        assert_eq!(t.load(&v, "o").unwrap(), Some(cp(9)));
        assert_eq!(t.load(&v, "other").unwrap(), None);
        let other = NoteSigner::generate("k").unwrap().verifier();
        assert_eq!(t.load(&other, "o").unwrap(), None);
        assert!(t.keep(&v, "other", &cp(9)).is_err(), "origin mismatch");
        assert!(
            t.keep(&other, "o", &cp(9)).is_err(),
            "not signed by that key"
        );
        let name = t.path(&v, "o");
        let name = name.file_name().unwrap().to_str().unwrap();
        assert!(!v.encode().contains(name) && name.len() == 32);
    }
}
