//! The evidence ledger: an append-only Merkle log (RFC 6962 hashing) of scans, gate
//! decisions and risk acceptances, each entry signed in its place by the producer's key,
//! with C2SP signed checkpoints, inclusion and consistency proofs that verify offline, a
//! verifier's memory of the checkpoints it trusted, and in-toto/DSSE attestations.

pub mod attest;
pub mod checkpoint;
pub mod entry;
pub mod keys;
pub mod merkle;
pub mod note;
pub mod proof;
pub mod remote;
pub mod store;
pub mod tiles;
pub mod trust;

pub use checkpoint::Checkpoint;
pub use note::{NoteSigner, NoteVerifier};
pub use proof::{ConsistencyBundle, InclusionBundle};
pub use store::{Ledger, LedgerError, Trusted, VerifyOptions, VerifyReport};
pub use trust::TrustState;
