//! The DAST OpenAPI reader (JSON and YAML, references, example generation) on arbitrary
//! input. Promises: no panic; every error names the document; every operation read has an
//! upper-case method and a path starting with `/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_dast::openapi::{Api, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 1 << 16,
        max_expansion: 20_000,
        ..Limits::default()
    };
    match Api::parse("fuzz.yaml", data, limits) {
        Ok(api) => {
            for op in &api.operations {
                assert!(op.path.starts_with('/'));
                assert_eq!(op.method, op.method.to_ascii_uppercase());
            }
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.yaml"), "{e}"),
    }
});
