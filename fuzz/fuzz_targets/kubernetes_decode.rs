//! The base64 and Kubernetes Secret decoder on arbitrary YAML-ish input. Promises: no
//! panic; every value's span lies in the input and is what was decoded (base64 decoding
//! of the span gives the bytes; a `stringData` value is the span itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_secrets::decode::candidates;
use tollgate_secrets::engine::decode_base64;

fuzz_target!(|data: &[u8]| {
    for d in candidates(data) {
        assert!(d.span.start <= d.span.end && d.span.end <= data.len());
        let raw = &data[d.span.clone()];
        if d.was_base64 {
            assert_eq!(decode_base64(raw).as_deref(), Some(&d.bytes[..]));
        } else {
            assert_eq!(raw, &d.bytes[..]);
            assert!(
                d.secret_key.is_some(),
                "stringData comes from a Secret's key"
            );
        }
    }
});
