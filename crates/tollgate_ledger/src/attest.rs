//! in-toto Statement v1 attestations in DSSE envelopes, signed with the ledger key, so a
//! release pipeline can carry "this commit was scanned, with this result" to wherever the
//! artefact goes.

use crate::note::{NoteSigner, NoteVerifier};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The predicate type of Tollgate scan results.
pub const PREDICATE_TYPE: &str = "urn:tollgate:predicate:scan-result:v1";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AttestError {
    #[error("not a DSSE envelope: {0}")]
    Malformed(String),
    #[error(
        "no signature by key '{0}' verifies: the attestation was changed or signed by another key"
    )]
    BadSignature(String),
}

/// DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// An in-toto statement about `subjects` (name, digest algorithm → hex) with a predicate.
pub fn statement(subjects: &[(String, Vec<(String, String)>)], predicate: Value) -> Value {
    let subject: Vec<Value> = subjects
        .iter()
        .map(|(name, digests)| {
            let d: serde_json::Map<String, Value> =
                digests.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            json!({"name": name, "digest": d})
        })
        .collect();
    json!({"_type": STATEMENT_TYPE, "subject": subject, "predicateType": PREDICATE_TYPE, "predicate": predicate})
}

/// Sign a statement into a DSSE envelope.
pub fn sign(statement: &Value, signer: &NoteSigner) -> String {
    let payload = serde_json::to_vec(statement).expect("statement serialises");
    let sig = signer.sign_bytes(&pae(PAYLOAD_TYPE, &payload));
    let env = json!({
        "payloadType": PAYLOAD_TYPE,
        "payload": STANDARD.encode(&payload),
        "signatures": [{"keyid": signer.verifier().encode(), "sig": STANDARD.encode(sig)}],
    });
    serde_json::to_string_pretty(&env).expect("envelope serialises") + "\n"
}

/// Verify an envelope and return its statement.
pub fn verify(envelope: &str, verifier: &NoteVerifier) -> Result<Value, AttestError> {
    let bad = |m: &str| AttestError::Malformed(m.to_string());
    let env: Value = serde_json::from_str(envelope).map_err(|e| {
        AttestError::Malformed(format!(
            "line {}: {}",
            e.line(),
            tollgate_core::redact::scrub(&e.to_string())
        ))
    })?;
    let obj = env.as_object().ok_or_else(|| bad("not a JSON object"))?;
    if obj
        .keys()
        .any(|k| !matches!(k.as_str(), "payloadType" | "payload" | "signatures"))
    {
        return Err(bad("unknown field"));
    }
    let ptype = env["payloadType"]
        .as_str()
        .ok_or_else(|| bad("no payloadType"))?;
    if ptype != PAYLOAD_TYPE {
        return Err(bad("payloadType is not in-toto"));
    }
    let payload = STANDARD
        .decode(env["payload"].as_str().ok_or_else(|| bad("no payload"))?)
        .map_err(|_| bad("payload is not base64"))?;
    let sigs = env["signatures"]
        .as_array()
        .ok_or_else(|| bad("no signatures"))?;
    let msg = pae(ptype, &payload);
    let ok = sigs.iter().any(|s| {
        s["keyid"].as_str() == Some(verifier.encode().as_str())
            && s["sig"]
                .as_str()
                .and_then(|b| STANDARD.decode(b).ok())
                .is_some_and(|sig| verifier.verify_bytes(&msg, &sig))
    });
    if !ok {
        return Err(AttestError::BadSignature(verifier.name().to_string()));
    }
    let st: Value = serde_json::from_slice(&payload).map_err(|_| bad("payload is not JSON"))?;
    if st["_type"] != STATEMENT_TYPE {
        return Err(bad("payload is not an in-toto Statement v1"));
    }
    Ok(st)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_specification_example() {
        // The DSSE specification's worked example.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn sign_and_verify() {
        let s = NoteSigner::generate("release.bank.example").unwrap();
        let st = statement(
            &[(
                "git+repo@abc".into(),
                vec![("gitCommit".into(), "a".repeat(40))],
            )],
            json!({"decision": "pass"}),
        );
        let env = sign(&st, &s);
        assert_eq!(verify(&env, &s.verifier()).unwrap(), st);
        let other = NoteSigner::generate("release.bank.example").unwrap();
        assert!(verify(&env, &other.verifier()).is_err());
        let v: Value = serde_json::from_str(&env).unwrap();
        let forged_payload =
            serde_json::to_vec(&statement(&[], json!({"decision": "fail"}))).unwrap();
        let mut forged = v.clone();
        forged["payload"] = json!(STANDARD.encode(forged_payload));
        assert!(verify(&forged.to_string(), &s.verifier()).is_err());
    }
}
