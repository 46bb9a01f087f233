//! What an auditor checks offline with the ledger's public key, on fuzzed text: inclusion
//! and consistency bundles, signed checkpoints and notes, keys, DSSE attestations.
//! Promises: no panic; what verifies is consistent (an inclusion proof's index lies in its
//! tree, its body is the sealed entry's, a parsed checkpoint or key encodes back to
//! itself); no error echoes a secret-shaped value of the input (a malformed private key
//! above all).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_fuzz::{assert_no_echo, secret_shaped, verifier};
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::entry::Sealed;
use tollgate_ledger::{attest, note, ConsistencyBundle, InclusionBundle, NoteSigner, NoteVerifier};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let runs = secret_shaped(data);
    let v = verifier();
    let no_echo = |e: &dyn std::fmt::Display| assert_no_echo(&runs, &e.to_string());

    match InclusionBundle::verify(text, v) {
        Ok(got) => {
            assert!(
                got.index < got.checkpoint.size,
                "index outside the signed tree"
            );
            let sealed = Sealed::parse(&got.entry).expect("a verified entry parses");
            assert_eq!(sealed.body, &got.body[..]);
            let again: InclusionBundle = serde_json::from_str(text).expect("it parsed before");
            assert!(
                InclusionBundle::verify(&again.to_json(), v).is_ok(),
                "re-encoded bundle"
            );
        }
        Err(e) => no_echo(&e),
    }
    match ConsistencyBundle::verify(text, v) {
        Ok((old, new)) => {
            assert!(old.size <= new.size, "{} -> {}", old.size, new.size);
            assert_eq!(old.origin, new.origin);
        }
        Err(e) => no_echo(&e),
    }
    match Checkpoint::parse_body(text) {
        Ok(cp) => assert_eq!(Checkpoint::parse_body(&cp.body()).as_ref(), Ok(&cp)),
        Err(e) => no_echo(&e),
    }
    if let Err(e) = Checkpoint::parse_unverified(text) {
        no_echo(&e);
    }
    match Checkpoint::open(text, v) {
        Ok(cp) => {
            let body = note::unverified_text(text).expect("a verified note splits");
            assert_eq!(Checkpoint::parse_body(body).as_ref(), Ok(&cp));
        }
        Err(e) => no_echo(&e),
    }
    match NoteVerifier::parse(text) {
        Ok(k) => assert_eq!(NoteVerifier::parse(&k.encode()).as_ref(), Ok(&k)),
        Err(e) => no_echo(&e),
    }
    match NoteSigner::parse(text) {
        Ok(k) => {
            let again = NoteSigner::parse(&k.encode_private()).expect("re-encoded key");
            assert_eq!(again.verifier(), k.verifier());
        }
        Err(e) => no_echo(&e),
    }
    if let Err(e) = attest::verify(text, v) {
        no_echo(&e);
    }
});
