//! `tollgate sbom` of a real lockfile uploaded with `tollgate upload --format cyclonedx`
//! to a server on loopback: the server's findings are the ones `tollgate scan` gives the
//! same tree, fingerprint for fingerprint. Needs the evaluation data set (real lockfiles
//! and the crates.io OSV snapshot); compiled as ignored without it.

mod common;

use common::*;
use std::path::PathBuf;

/// The data set beside the checkout, or where `TOLLGATE_SHARED_DATA` says (a worktree
/// elsewhere runs this with `--run-ignored all`).
fn shared_data() -> PathBuf {
    let p = std::env::var_os("TOLLGATE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    assert!(
        p.join("osv/crates.io/all.zip").exists(),
        "{} is incomplete",
        p.display()
    );
    p
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs the evaluation data set in ../shared/data"
)]
fn a_real_lockfiles_bom_uploaded_gives_the_scans_findings() {
    let data = shared_data();
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let o = tollgate(
        dir,
        &[
            "db",
            "import",
            data.join("osv/crates.io/all.zip").to_str().unwrap(),
            "--db",
            "osv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    std::fs::create_dir(dir.join("tree")).unwrap();
    std::fs::copy(
        data.join("lockfiles/cargo/cratesio-2019-05-29.Cargo.lock"),
        dir.join("tree/Cargo.lock"),
    )
    .unwrap();
    let o = tollgate(dir, &["sbom", "tree", "-f", "cyclonedx", "-o", "bom.json"]);
    assert!(o.status.success(), "{}", text(&o));
    let scan = json_of(&tollgate(
        dir,
        &[
            "scan",
            "tree",
            "--only",
            "deps",
            "--db",
            "osv",
            "-f",
            "json",
            "--fail-on",
            "none",
        ],
    ));
    let mut expected: Vec<String> = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule_id"]
                .as_str()
                .is_some_and(|r| r.starts_with("deps/"))
        })
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect();
    expected.sort();
    assert!(
        !expected.is_empty(),
        "an old lockfile with known advisories"
    );

    // `tollgate serve` on a loopback port, matching against the same database.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut serve = command(dir)
        .env("TOLLGATE_DB", dir.join("osv"))
        .args(["serve", "--listen", &addr, "--data-dir", "server"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let token_file = dir.join("server/admin-token");
    let start = std::time::Instant::now();
    while !(token_file.exists() && std::net::TcpStream::connect(&addr).is_ok()) {
        assert!(start.elapsed().as_secs() < 60, "the server did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = tollgate(
        dir,
        &["server", "product", "crates-io", "--data-dir", "server"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = tollgate(
        dir,
        &[
            "upload",
            "bom.json",
            "--server",
            &format!("http://{addr}"),
            "--product",
            "crates-io",
            "--format",
            "cyclonedx",
            "--token-file",
            token_file.to_str().unwrap(),
            "--wait",
        ],
    );
    let out = text(&o);
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(o.status.success(), "{out}");
    assert!(out.contains(" done: "), "{out}");
    let store = tollgate_server::store::Store::open(
        tollgate_server::db::Pool::new(
            tollgate_server::db::Location::Sqlite(
                dir.join("server/tollgate.db")
                    .to_string_lossy()
                    .into_owned(),
            ),
            1,
        )
        .unwrap(),
    )
    .unwrap();
    let (found, total) = store
        .findings(
            store.product("crates-io").unwrap().unwrap().id,
            &tollgate_server::store::FindingFilter {
                status: Some("all".into()),
                limit: Some(1000),
                ..Default::default()
            },
            &|_| tollgate_server::store::Sla::default(),
        )
        .unwrap();
    let mut got: Vec<String> = found.iter().map(|f| f.fingerprint.clone()).collect();
    got.sort();
    eprintln!(
        "real input: {} components in the BOM, {} findings from the scan, {} from the upload ({total} stored); {out}",
        serde_json::from_slice::<serde_json::Value>(&std::fs::read(dir.join("bom.json")).unwrap())
            .unwrap()["components"]
            .as_array()
            .map_or(0, |c| c.len()),
        expected.len(),
        got.len(),
    );
    let extra: Vec<String> = found
        .iter()
        .filter(|f| !expected.contains(&f.fingerprint))
        .map(|f| format!("{} {}", f.path, f.message))
        .collect();
    assert!(extra.is_empty(), "only the upload found: {extra:?}");
    assert_eq!(got, expected);
}
