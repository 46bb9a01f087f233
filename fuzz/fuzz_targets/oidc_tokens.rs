//! The OIDC client's readers on arbitrary input: a provider's key set (the first line, as
//! JSON) and an ID token (the rest). Promises: no panic, and no token is accepted without
//! a key to check it with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_server::oidc::{parse_jwks, verify_id_token, Expect};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (jwks, token) = text.split_once('\n').unwrap_or((&text, ""));
    let keys = serde_json::from_str(jwks)
        .ok()
        .and_then(|v| parse_jwks(&v).ok())
        .unwrap_or_default();
    let expect = Expect {
        issuer: "https://login.example",
        client_id: "tollgate",
        nonce: "n",
        algs: None,
        now: 1_800_000_000,
        groups_claim: "groups",
    };
    let accepted = verify_id_token(token, &keys, &expect).is_ok();
    assert!(!accepted || !keys.is_empty());
});
