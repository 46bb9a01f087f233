//! The DAST client's HTTP/1.1 response parser on arbitrary bytes, as complete and as cut
//! off. Promises: no panic; a parsed response keeps within the limits (body, header
//! count); a body is marked truncated whenever it was cut at the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_dast::http::{parse, Limits, Parsed};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_header_bytes: 512,
        max_headers: 8,
        max_body_bytes: 256,
    };
    for eof in [false, true] {
        if let Ok(Parsed::Done(r)) = parse(data, eof, &limits) {
            assert!(r.body.len() <= limits.max_body_bytes);
            assert!(r.headers.len() <= limits.max_headers);
            assert!((100..1000).contains(&r.status));
        }
    }
});
