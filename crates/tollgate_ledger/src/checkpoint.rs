//! Checkpoints in the C2SP tlog-checkpoint format: origin, tree size and base64 root hash,
//! one per line, as the text of a signed note.

use crate::merkle::Hash;
use crate::note::{NoteError, NoteSigner, NoteVerifier};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error("malformed checkpoint: {0}")]
    Malformed(String),
}

impl Checkpoint {
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        )
    }

    pub fn sign(&self, signer: &NoteSigner) -> Result<String, CheckpointError> {
        Ok(signer.sign(&self.body())?)
    }

    /// Parse checkpoint text (already authenticated). Extension lines after the third are
    /// allowed by the format and ignored.
    pub fn parse_body(text: &str) -> Result<Checkpoint, CheckpointError> {
        let bad = |m: &str| CheckpointError::Malformed(m.to_string());
        let mut lines = text
            .strip_suffix('\n')
            .ok_or_else(|| bad("must end in a newline"))?
            .split('\n');
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| bad("no origin line"))?;
        let size_text = lines.next().ok_or_else(|| bad("no tree size line"))?;
        // Canonical decimal only: one spelling per size.
        if size_text.is_empty()
            || !size_text.bytes().all(|b| b.is_ascii_digit())
            || (size_text.len() > 1 && size_text.starts_with('0'))
        {
            return Err(bad("the tree size is not a canonical decimal number"));
        }
        let size: u64 = size_text
            .parse()
            .map_err(|_| bad("the tree size is out of range"))?;
        let root_text = lines.next().ok_or_else(|| bad("no root hash line"))?;
        let raw = STANDARD
            .decode(root_text)
            .map_err(|_| bad("the root hash is not base64"))?;
        let root: Hash = raw
            .try_into()
            .map_err(|_| bad("the root hash is not 32 bytes"))?;
        if STANDARD.encode(root) != root_text {
            return Err(bad("the root hash is not canonical base64"));
        }
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }

    /// Parse a signed checkpoint note without checking its signature: for status display
    /// and exports, which a reader verifies on their own.
    pub fn parse_unverified(note: &str) -> Result<Checkpoint, CheckpointError> {
        Checkpoint::parse_body(crate::note::unverified_text(note)?)
    }

    /// Verify a signed checkpoint note and parse it.
    pub fn open(note: &str, verifier: &NoteVerifier) -> Result<Checkpoint, CheckpointError> {
        let text = verifier.open(note)?;
        Checkpoint::parse_body(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_strictness() {
        let s = NoteSigner::generate("audit.bank.example/tollgate").unwrap();
        let c = Checkpoint {
            origin: "audit.bank.example/tollgate".into(),
            size: 42,
            root: [9u8; 32],
        };
        let note = c.sign(&s).unwrap();
        assert!(note.starts_with("audit.bank.example/tollgate\n42\nCQkJ"));
        assert_eq!(Checkpoint::open(&note, &s.verifier()).unwrap(), c);
        for bad in [
            "o\n042\nAAAA\n",
            "o\n+1\nAAAA\n",
            "o\n1\nAAAA\n",
            "\n1\nAAAA\n",
            "o\n1\n",
        ] {
            assert!(Checkpoint::parse_body(bad).is_err(), "{bad:?}");
        }
    }
}
