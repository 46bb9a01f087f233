//! Proof bundles an auditor checks offline with nothing but the ledger's public key:
//! an entry with its inclusion proof and the signed checkpoint it leads to, or two signed
//! checkpoints with the consistency proof between them.
//!
//! An inclusion bundle proves more than membership: the audit path's left siblings make up
//! the tree of the entries before this one, so the entry's own signature is checked over
//! exactly the origin, index and prefix the checkpoint commits to.

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::entry::{EntryProblem, Sealed};
use crate::merkle::{self, Hash};
use crate::note::NoteVerifier;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

pub const INCLUSION_FORMAT: &str = "tollgate-inclusion-proof/v2";
pub const CONSISTENCY_FORMAT: &str = "tollgate-consistency-proof/v1";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InclusionBundle {
    pub format: String,
    /// The signed checkpoint note.
    pub checkpoint: String,
    pub index: u64,
    /// The sealed entry (as the tree hashes it), base64.
    pub entry: String,
    /// Audit path, hex.
    pub proof: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyBundle {
    pub format: String,
    pub old_checkpoint: String,
    pub new_checkpoint: String,
    pub proof: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProofError {
    #[error("not a proof bundle: {0}")]
    Malformed(String),
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("the proof does not lead from the entry to the signed checkpoint: the entry, its index or the proof was changed")]
    Inclusion,
    #[error("the proof does not show the old checkpoint is a prefix of the new one: the log was rewritten")]
    Consistency,
    #[error("the entry is in the signed tree, but it {0}")]
    Entry(EntryProblem),
}

fn hashes(hex: &[String]) -> Result<Vec<Hash>, ProofError> {
    hex.iter()
        .map(|h| {
            merkle::from_hex(h).ok_or_else(|| {
                ProofError::Malformed(format!(
                    "{} is not a 64-digit lowercase hex hash",
                    tollgate_core::redact::quote(h)
                ))
            })
        })
        .collect()
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ProofError> {
    serde_json::from_str(text).map_err(|e| {
        ProofError::Malformed(format!(
            "line {}: {}",
            e.line(),
            tollgate_core::redact::scrub(&e.to_string())
        ))
    })
}

/// What a verified inclusion bundle proves.
#[derive(Debug)]
pub struct VerifiedInclusion {
    pub checkpoint: Checkpoint,
    pub index: u64,
    /// The sealed entry.
    pub entry: Vec<u8>,
    /// Its body, signed by the key in its place.
    pub body: Vec<u8>,
}

impl InclusionBundle {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("bundle serialises") + "\n"
    }

    /// Check a bundle's checkpoint signature, format and proof, and the entry's own signature.
    pub fn verify(text: &str, verifier: &NoteVerifier) -> Result<VerifiedInclusion, ProofError> {
        let b: InclusionBundle = parse(text)?;
        if b.format != INCLUSION_FORMAT {
            return Err(ProofError::Malformed(format!(
                "unknown format {} (this Tollgate reads {INCLUSION_FORMAT})",
                tollgate_core::redact::quote(&b.format)
            )));
        }
        let cp = Checkpoint::open(&b.checkpoint, verifier)?;
        let entry = STANDARD
            .decode(&b.entry)
            .map_err(|_| ProofError::Malformed("the entry is not base64".into()))?;
        let proof = hashes(&b.proof)?;
        if !merkle::verify_inclusion(
            b.index,
            cp.size,
            &merkle::leaf_hash(&entry),
            &proof,
            &cp.root,
        ) {
            return Err(ProofError::Inclusion);
        }
        let prefix = merkle::prefix_root(b.index, cp.size, &proof).ok_or(ProofError::Inclusion)?;
        let sealed = Sealed::parse(&entry).map_err(ProofError::Entry)?;
        sealed
            .check(&cp.origin, b.index, &prefix, verifier)
            .map_err(ProofError::Entry)?;
        let body = sealed.body.to_vec();
        Ok(VerifiedInclusion {
            checkpoint: cp,
            index: b.index,
            entry,
            body,
        })
    }
}

impl ConsistencyBundle {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("bundle serialises") + "\n"
    }

    pub fn verify(
        text: &str,
        verifier: &NoteVerifier,
    ) -> Result<(Checkpoint, Checkpoint), ProofError> {
        let b: ConsistencyBundle = parse(text)?;
        if b.format != CONSISTENCY_FORMAT {
            return Err(ProofError::Malformed(format!(
                "unknown format {} (this Tollgate reads {CONSISTENCY_FORMAT})",
                tollgate_core::redact::quote(&b.format)
            )));
        }
        let old = Checkpoint::open(&b.old_checkpoint, verifier)?;
        let new = Checkpoint::open(&b.new_checkpoint, verifier)?;
        if old.origin != new.origin {
            return Err(ProofError::Malformed(
                "the checkpoints are of different logs".into(),
            ));
        }
        let proof = hashes(&b.proof)?;
        if !merkle::verify_consistency(old.size, new.size, &proof, &old.root, &new.root) {
            return Err(ProofError::Consistency);
        }
        Ok((old, new))
    }
}
