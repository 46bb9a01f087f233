//! The base64 and Kubernetes Secret decoder on arbitrary YAML-ish input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for d in tollgate_secrets::decode::candidates(data) {
        assert!(d.span.start <= d.span.end && d.span.end <= data.len());
    }
});
