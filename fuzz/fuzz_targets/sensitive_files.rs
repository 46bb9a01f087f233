//! Any bytes as a credential-store file (state files, .pgpass, .git-credentials, tool
//! credential files) and as a binary file's head (key stores, password databases).
//! Promises: no panic; a hit's line is a line of the file; its description holds nothing
//! of the file's content.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_secrets::sensitive;

const NAMES: &[&str] = &[
    "infra/terraform.tfstate",
    "infra/terraform.tfstate.backup",
    "home/.git-credentials",
    "home/.pgpass",
    "home/.aws/credentials",
    "home/.azure/accessTokens.json",
    "home/.config/gcloud/application_default_credentials.json",
    "home/.config/gh/hosts.yml",
    "home/.cargo/credentials.toml",
    "home/.vault-token",
    "home/.ssh/id_rsa",
    "certs/store.p12",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let name = NAMES[selector as usize % NAMES.len()];
    let lines = String::from_utf8_lossy(content).lines().count().max(1) as u32;
    if let Some(hit) = sensitive::text(name, content) {
        assert!(hit.line >= 1 && hit.line <= lines, "line {} of {lines}", hit.line);
        assert!(!hit.what.is_empty());
    }
    if let Some(hit) = sensitive::binary(name, content) {
        assert_eq!(hit.line, 1);
    }
});
