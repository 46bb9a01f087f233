//! The IaC crate cannot reach the network: nothing it depends on, directly or not, is an
//! HTTP client, a TLS stack or an async runtime. Read from the workspace's Cargo.lock, so a
//! dependency that pulls one in fails here before it ships.

use std::collections::{BTreeMap, BTreeSet};

const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "curl",
    "curl-sys",
    "isahc",
    "attohttpc",
    "surf",
    "h2",
    "native-tls",
    "openssl",
    "rustls",
    "tokio",
    "async-std",
    "mio",
    "socket2",
    "http",
];

#[test]
fn no_network_client_among_the_iac_crates_dependencies() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("the workspace's Cargo.lock");
    // name -> dependency names, from the [[package]] tables.
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut name = String::new();
    let mut in_deps = false;
    for line in lock.lines() {
        let l = line.trim();
        if l == "[[package]]" {
            in_deps = false;
        } else if let Some(n) = l.strip_prefix("name = ") {
            name = n.trim_matches('"').to_string();
            deps.entry(name.clone()).or_default();
        } else if l.starts_with("dependencies = [") {
            in_deps = !l.ends_with(']');
        } else if in_deps && l == "]" {
            in_deps = false;
        } else if in_deps {
            let d = l
                .trim_matches([',', '"'])
                .split(' ')
                .next()
                .unwrap_or("")
                .to_string();
            deps.entry(name.clone()).or_default().push(d);
        }
    }
    assert!(
        deps.contains_key("tollgate_iac"),
        "tollgate_iac is in Cargo.lock"
    );
    let mut seen = BTreeSet::new();
    let mut todo = vec!["tollgate_iac".to_string()];
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone()) {
            todo.extend(deps.get(&n).cloned().unwrap_or_default());
        }
    }
    let bad: Vec<&String> = seen
        .iter()
        .filter(|n| NETWORK_CRATES.contains(&n.as_str()))
        .collect();
    assert!(
        bad.is_empty(),
        "network crates reachable from tollgate_iac: {bad:?}"
    );
    // The walk itself is real: the crate's known dependencies are found.
    for expected in ["hcl-edit", "yaml-rust2", "tollgate_core"] {
        assert!(
            seen.contains(expected),
            "{expected} not found in the dependency walk"
        );
    }
}
