//! What the ledger records: scans, gate decisions and risk acceptances, each with who and
//! what produced it. Bodies are canonical JSON (keys sorted, no spaces), so a body's bytes
//! depend only on its content.
//!
//! Each body is stored sealed in an entry (the Merkle leaf), which binds it to its place:
//!
//! ```text
//! entry = 0x02 ‖ index (u64 BE) ‖ prev root (32) ‖ sig len (u8: 0 or 68) ‖ sig ‖ body
//! sig   = key id (4) ‖ Ed25519("tollgate-ledger-entry/v2\n" ‖ origin ‖ "\n" ‖ index (u64 BE) ‖ prev root ‖ body)
//! ```
//!
//! `prev root` is the RFC 6962 root of the entries before this one. Because a signature
//! covers the root of everything before it, and that root covers the earlier signatures,
//! rewriting, reordering, moving or dropping any entry breaks the signature of every later
//! one. An entry appended without a key has no signature (`sig len` 0).

use crate::merkle::Hash;
use crate::note::{NoteSigner, NoteVerifier};
use serde_json::{json, Map, Value};

/// The entry layout version (first byte of every entry).
pub const ENTRY_VERSION: u8 = 2;
/// Key id and Ed25519 signature.
pub const SIGNATURE_LEN: usize = 4 + 64;
/// Bytes of an entry besides its body, when signed.
pub const ENTRY_OVERHEAD: usize = FIXED + SIGNATURE_LEN;
const FIXED: usize = 1 + 8 + 32 + 1;
const DOMAIN: &[u8] = b"tollgate-ledger-entry/v2\n";

/// What a signature over an entry covers.
pub fn signed_message(origin: &str, index: u64, prev_root: &Hash, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + origin.len() + 41 + body.len());
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(origin.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(&index.to_be_bytes());
    m.extend_from_slice(prev_root);
    m.extend_from_slice(body);
    m
}

/// The entry for `body` at `index` after a tree with `prev_root`, signed when a signer is given.
pub fn seal(
    origin: &str,
    index: u64,
    prev_root: &Hash,
    body: &[u8],
    signer: Option<&NoteSigner>,
) -> Vec<u8> {
    let mut e = Vec::with_capacity(ENTRY_OVERHEAD + body.len());
    e.push(ENTRY_VERSION);
    e.extend_from_slice(&index.to_be_bytes());
    e.extend_from_slice(prev_root);
    match signer {
        Some(s) => {
            e.push(SIGNATURE_LEN as u8);
            e.extend_from_slice(&s.key_id());
            e.extend_from_slice(&s.sign_bytes(&signed_message(origin, index, prev_root, body)));
        }
        None => e.push(0),
    }
    e.extend_from_slice(body);
    e
}

/// A parsed entry, borrowing its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sealed<'a> {
    /// The index the writer gave it.
    pub index: u64,
    /// The root the writer saw before it.
    pub prev_root: Hash,
    /// Key id and signature, if signed.
    pub signature: Option<(&'a [u8], &'a [u8])>,
    pub body: &'a [u8],
}

/// Why an entry does not check out against its place in the log and a key. Messages
/// follow "entry N".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("is not an entry of this format ({0})")]
    Malformed(String),
    #[error("is not signed (it was appended without a signing key)")]
    Unsigned,
    #[error("is signed by another key (key id {0}), not by '{1}'")]
    OtherKey(String, String),
    #[error("was written as entry {0}: entries were moved, added or removed before it")]
    Moved(u64),
    #[error(
        "has a signature that does not verify: an entry before it was changed since it was signed"
    )]
    PrefixChanged,
    #[error("has a signature that does not verify: the entry was changed or forged")]
    BadSignature,
}

impl<'a> Sealed<'a> {
    /// Parse the bytes of an entry.
    pub fn parse(bytes: &'a [u8]) -> Result<Sealed<'a>, EntryProblem> {
        let bad = |m: &str| EntryProblem::Malformed(m.to_string());
        if bytes.len() < FIXED {
            return Err(bad("too short"));
        }
        if bytes[0] != ENTRY_VERSION {
            return Err(bad(&format!("unknown entry version {}", bytes[0])));
        }
        let index = u64::from_be_bytes(bytes[1..9].try_into().expect("8 bytes"));
        let prev_root: Hash = bytes[9..41].try_into().expect("32 bytes");
        let (signature, body) = match bytes[41] as usize {
            0 => (None, &bytes[FIXED..]),
            SIGNATURE_LEN if bytes.len() >= ENTRY_OVERHEAD => {
                let sig = &bytes[FIXED..ENTRY_OVERHEAD];
                (Some((&sig[..4], &sig[4..])), &bytes[ENTRY_OVERHEAD..])
            }
            SIGNATURE_LEN => return Err(bad("the signature is cut short")),
            n => return Err(bad(&format!("a signature of {n} bytes"))),
        };
        Ok(Sealed {
            index,
            prev_root,
            signature,
            body,
        })
    }

    /// Check that this entry, found at `index` after a tree with `prev_root` in log
    /// `origin`, was signed there by `verifier`.
    pub fn check(
        &self,
        origin: &str,
        index: u64,
        prev_root: &Hash,
        verifier: &NoteVerifier,
    ) -> Result<(), EntryProblem> {
        let Some((id, sig)) = self.signature else {
            return Err(EntryProblem::Unsigned);
        };
        if id != verifier.key_id() {
            let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
            return Err(EntryProblem::OtherKey(hex, verifier.name().to_string()));
        }
        if verifier.verify_bytes(&signed_message(origin, index, prev_root, self.body), sig) {
            return Ok(());
        }
        // Say why, from what the writer recorded (unauthenticated, so only for the message).
        Err(if self.index != index {
            EntryProblem::Moved(self.index)
        } else if self.prev_root != *prev_root {
            EntryProblem::PrefixChanged
        } else {
            EntryProblem::BadSignature
        })
    }
}

/// Where an entry came from: tool, source revision, CI run and actor, as far as the
/// environment tells.
pub fn producer(tool_version: &str, git_commit: Option<&str>, git_branch: Option<&str>) -> Value {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let ci: Option<(&str, Option<String>, Option<String>)> = if env("GITHUB_ACTIONS").is_some() {
        Some((
            "github-actions",
            env("GITHUB_RUN_ID"),
            env("GITHUB_REPOSITORY"),
        ))
    } else if env("GITLAB_CI").is_some() {
        Some((
            "gitlab-ci",
            env("CI_PIPELINE_ID").or(env("CI_JOB_ID")),
            env("CI_PROJECT_PATH"),
        ))
    } else if env("JENKINS_URL").is_some() {
        Some(("jenkins", env("BUILD_TAG"), env("JOB_NAME")))
    } else if env("TF_BUILD").is_some() {
        Some((
            "azure-pipelines",
            env("BUILD_BUILDID"),
            env("BUILD_REPOSITORY_NAME"),
        ))
    } else if env("CIRCLECI").is_some() {
        Some((
            "circleci",
            env("CIRCLE_WORKFLOW_ID"),
            env("CIRCLE_PROJECT_REPONAME"),
        ))
    } else if env("BUILDKITE").is_some() {
        Some((
            "buildkite",
            env("BUILDKITE_BUILD_ID"),
            env("BUILDKITE_PIPELINE_SLUG"),
        ))
    } else {
        None
    };
    let actor = env("GITHUB_ACTOR")
        .or(env("GITLAB_USER_LOGIN"))
        .or(env("BUILD_REQUESTEDFOR"))
        .or(env("USER"));
    let mut p = Map::new();
    p.insert("tool".into(), json!("tollgate"));
    p.insert("version".into(), json!(tool_version));
    if let Some(c) = git_commit {
        p.insert("git_commit".into(), json!(c));
    }
    if let Some(b) = git_branch {
        p.insert("git_branch".into(), json!(b));
    }
    if let Some((system, run, project)) = ci {
        p.insert(
            "ci".into(),
            json!({"system": system, "run_id": run, "project": project}),
        );
    }
    if let Some(a) = actor {
        p.insert("actor".into(), json!(a));
    }
    Value::Object(p)
}

/// Canonical bytes of an entry: the kind, the time, the producer and the body's fields.
pub fn encode(kind: &str, time: &str, producer: &Value, body: Value) -> Vec<u8> {
    let mut m = match body {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("value".into(), other);
            m
        }
    };
    m.insert("kind".into(), json!(kind));
    m.insert("time".into(), json!(time));
    m.insert("producer".into(), producer.clone());
    m.insert("v".into(), json!(1));
    // serde_json's map is ordered by key, so this is canonical.
    serde_json::to_vec(&Value::Object(m)).expect("JSON values serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_entries_bind_origin_index_and_prefix() {
        let key = NoteSigner::generate("k").unwrap();
        let v = key.verifier();
        let body = br#"{"kind":"scan"}"#;
        let e = seal("o", 5, &[7; 32], body, Some(&key));
        assert_eq!(e.len(), ENTRY_OVERHEAD + body.len());
        let s = Sealed::parse(&e).unwrap();
        assert_eq!((s.index, s.prev_root, s.body), (5, [7; 32], &body[..]));
        assert_eq!(s.check("o", 5, &[7; 32], &v), Ok(()));
        assert_eq!(
            s.check("o2", 5, &[7; 32], &v),
            Err(EntryProblem::BadSignature)
        );
        assert_eq!(s.check("o", 6, &[7; 32], &v), Err(EntryProblem::Moved(5)));
        assert_eq!(
            s.check("o", 5, &[8; 32], &v),
            Err(EntryProblem::PrefixChanged)
        );
        let other = NoteSigner::generate("k").unwrap().verifier();
        assert!(matches!(
            s.check("o", 5, &[7; 32], &other),
            Err(EntryProblem::OtherKey(..))
        ));
        let mut changed = e.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(
            Sealed::parse(&changed).unwrap().check("o", 5, &[7; 32], &v),
            Err(EntryProblem::BadSignature)
        );

        let unsigned = seal("o", 0, &[0; 32], body, None);
        assert_eq!(unsigned.len(), FIXED + body.len());
        let s = Sealed::parse(&unsigned).unwrap();
        assert_eq!(s.check("o", 0, &[0; 32], &v), Err(EntryProblem::Unsigned));
        for bad in [&e[..10], &e[..FIXED + 10]] {
            assert!(matches!(
                Sealed::parse(bad),
                Err(EntryProblem::Malformed(_))
            ));
        }
        let mut wrong_version = e.clone();
        wrong_version[0] = 1;
        assert!(Sealed::parse(&wrong_version).is_err());
    }
}
