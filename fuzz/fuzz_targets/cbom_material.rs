//! The CBOM's readers of certificates, keys and TLS settings on arbitrary input: the first
//! byte picks the file name (PEM and DER certificates and keys, nginx and Apache httpd
//! configuration, Spring Boot properties and YAML), the rest is the file. Promises: no
//! panic; lines of errors, assets and uses lie in the file; the CBOM is JSON whose
//! references all lead to a component and whose bom-refs are unique; no error echoes a
//! secret-shaped run of the input, and for key files the CBOM does not either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use tollgate_sast::cbom::{self, Asset, MaterialScanner};

const NAMES: &[&str] = &[
    "certs/a.pem",
    "certs/a.crt",
    "certs/a.der",
    "keys/a.key",
    "home/.ssh/id_rsa",
    "etc/nginx/nginx.conf",
    "etc/apache2/ssl.conf",
    "src/main/resources/application.properties",
    "src/main/resources/application.yml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let path = NAMES[pick as usize % NAMES.len()];
    let binary = tollgate_core::walk::looks_binary(file);
    let r = MaterialScanner::read(path, file, binary);
    let text = String::from_utf8_lossy(file);
    let lines = |l: u32, what: &str| {
        if !binary {
            tollgate_fuzz::assert_line(l as usize, &text, &what);
        }
    };
    let runs = tollgate_fuzz::secret_shaped(file);
    for (line, message) in &r.errors {
        if let Some(l) = line {
            lines(*l, message);
        }
        tollgate_fuzz::assert_no_echo(&runs, message);
    }
    for u in &r.uses {
        lines(u.line, &u.api);
    }
    for a in &r.assets {
        let l = match a {
            Asset::Certificate(c) => c.line,
            Asset::Key(k) => k.line,
            Asset::Protocol(p) => p.line,
        };
        lines(l, "asset");
    }
    let doc = cbom::cyclonedx_with("fuzz", &r.uses, &r.assets, "2026-01-01T00:00:00Z");
    let v: serde_json::Value = serde_json::from_str(&doc).expect("the CBOM is JSON");
    let comps = v["components"].as_array().expect("components");
    let mut refs = BTreeSet::new();
    for c in comps {
        let r = c["bom-ref"].as_str().expect("a bom-ref").to_string();
        assert!(refs.insert(r.clone()), "bom-ref {r} twice");
    }
    let resolves = |r: &serde_json::Value| {
        if let Some(r) = r.as_str() {
            assert!(refs.contains(r), "{r} leads nowhere");
        }
    };
    for c in comps {
        let p = &c["cryptoProperties"];
        resolves(&p["certificateProperties"]["signatureAlgorithmRef"]);
        resolves(&p["certificateProperties"]["subjectPublicKeyRef"]);
        resolves(&p["relatedCryptoMaterialProperties"]["algorithmRef"]);
        for s in p["protocolProperties"]["cipherSuites"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for a in s["algorithms"].as_array().into_iter().flatten() {
                resolves(a);
            }
        }
        assert!(
            p["relatedCryptoMaterialProperties"].get("value").is_none(),
            "a key's value in the CBOM"
        );
    }
    // Key files: nothing of the input but numbers reaches the CBOM (certificates' names
    // and configured suite names do, by design).
    let keys_only =
        pick as usize % NAMES.len() <= 4 && !file.windows(11).any(|w| w == b"CERTIFICATE");
    if keys_only {
        tollgate_fuzz::assert_no_echo(&runs, &doc);
    }
});
