//! The API end to end, over HTTP on loopback: authorisation at the product level across
//! every endpoint, roles, idempotent uploads, limits.

mod support;

use serde_json::json;
use support::{json as report_json, report, Running, F};
use tollgate_core::Severity::{High, Medium};

const T0: i64 = 1_780_000_000;

/// Two products, A and B, each with one uploaded scan.
fn two_products(srv: &Running) {
    for name in ["alpha", "bravo"] {
        srv.json(
            "POST",
            "/api/v1/products",
            &srv.admin,
            Some(json!({"name": name, "risk_tier": "critical", "regulatory_scope": ["pci-dss"]})),
            201,
        );
    }
    let ra = report(
        &["secrets"],
        &[F("secrets/aws", "a.env", "ka", High)],
        T0,
        &[],
    );
    let rb = report(
        &["secrets"],
        &[F("secrets/gh", "b.env", "kb", Medium)],
        T0,
        &[],
    );
    assert_eq!(
        srv.upload(&srv.admin, "alpha", "main", &report_json(&ra))["status"],
        "done"
    );
    assert_eq!(
        srv.upload(&srv.admin, "bravo", "main", &report_json(&rb))["status"],
        "done"
    );
}

fn finding_ids(srv: &Running, product: &str) -> Vec<i64> {
    let v = srv.json(
        "GET",
        &format!("/api/v1/products/{product}/findings"),
        &srv.admin,
        None,
        200,
    );
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_token_for_product_a_cannot_read_change_or_detect_product_b() {
    let srv = Running::start(|_| {});
    two_products(&srv);
    let b_finding = finding_ids(&srv, "bravo")[0];
    let b_import = srv.json("GET", "/api/v1/products/bravo/scans", &srv.admin, None, 200)["scans"]
        [0]["id"]
        .as_i64()
        .unwrap();
    let missing_finding = 999_999;
    for role in ["viewer", "uploader", "triager", "admin"] {
        let a = srv.token(&format!("alpha {role}"), role, Some("alpha"));
        // Only A is listed.
        let list = srv.json("GET", "/api/v1/products", &a, None, 200);
        let names: Vec<_> = list["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["alpha"], "{role}");
        // Every product route: B answers exactly as a product that does not exist.
        let report_b = report_json(&report(&["secrets"], &[], T0 + 1, &[]));
        for (method, suffix, body) in [
            ("GET", "", None),
            ("GET", "/branches", None),
            ("GET", "/scans", None),
            ("GET", "/findings", None),
            ("GET", "/findings.csv", None),
            ("GET", "/kpis", None),
            ("GET", "/ledger/checkpoint", None),
            ("GET", "/ledger/tile/0/000.p/1", None),
            ("GET", "/ledger/tile/entries/000.p/1", None),
            ("GET", "/ledger/tile/0/000", None),
            ("GET", "/ledger/tile/not-a-tile", None),
            ("POST", "/imports?branch=main", Some(report_b.as_slice())),
        ] {
            let b = srv.call(
                method,
                &format!("/api/v1/products/bravo{suffix}"),
                Some(&a),
                body.map(|b| ("application/json", b)),
            );
            let none = srv.call(
                method,
                &format!("/api/v1/products/no-such-product{suffix}"),
                Some(&a),
                body.map(|b| ("application/json", b)),
            );
            assert_eq!(b.0, 404, "{role} {method} bravo{suffix}");
            assert_eq!(
                (b.0, &b.2),
                (none.0, &none.2),
                "{role} {method} {suffix}: B must look like nothing"
            );
        }
        // Findings and imports by id.
        for (method, path, body) in [
            ("GET", format!("/api/v1/findings/{b_finding}"), None),
            (
                "POST",
                format!("/api/v1/findings/{b_finding}/triage"),
                Some(json!({"action": "false_positive", "reason": "not ours"})),
            ),
            ("GET", format!("/api/v1/imports/{b_import}"), None),
        ] {
            let body = body.map(|b| serde_json::to_vec(&b).unwrap());
            let b = srv.call(
                method,
                &path,
                Some(&a),
                body.as_deref().map(|b| ("application/json", b)),
            );
            let missing = path
                .replace(&b_finding.to_string(), &missing_finding.to_string())
                .replace(&b_import.to_string(), &missing_finding.to_string());
            let none = srv.call(
                method,
                &missing,
                Some(&a),
                body.as_deref().map(|b| ("application/json", b)),
            );
            assert_eq!((b.0, &b.2), (404, &none.2), "{role} {method} {path}");
        }
        // The metrics hold no series of B.
        let (status, _, text) = srv.call("GET", "/metrics", Some(&a), None);
        assert_eq!(status, 200);
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.contains("product=\"alpha\"") && !text.contains("bravo"),
            "{role}: {text}"
        );
        // Tokens are for global administrators only.
        let (status, _, _) = srv.call(
            "POST",
            "/api/v1/tokens",
            Some(&a),
            Some(("application/json", br#"{"name":"x","role":"admin"}"#)),
        );
        assert_eq!(status, 403, "{role}");
    }
    // B's finding was not changed by any of that.
    let v = srv.json(
        "GET",
        &format!("/api/v1/findings/{b_finding}"),
        &srv.admin,
        None,
        200,
    );
    assert_eq!(v["finding"]["status"], "new");
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
}

#[test]
fn roles_limit_what_a_token_may_do_within_its_product() {
    let srv = Running::start(|_| {});
    two_products(&srv);
    let id = finding_ids(&srv, "alpha")[0];
    let viewer = srv.token("v", "viewer", Some("alpha"));
    let uploader = srv.token("u", "uploader", Some("alpha"));
    let triager = srv.token("t", "triager", Some("alpha"));
    let r = report_json(&report(&["secrets"], &[], T0 + 1, &[]));
    assert_eq!(
        srv.call(
            "POST",
            "/api/v1/products/alpha/imports",
            Some(&viewer),
            Some(("application/json", &r))
        )
        .0,
        403
    );
    assert_eq!(
        srv.call(
            "POST",
            "/api/v1/products/alpha/imports",
            Some(&triager),
            Some(("application/json", &r))
        )
        .0,
        403
    );
    let triage = serde_json::to_vec(
        &json!({"action": "accept", "reason": "compensating control", "expires": "2099-01-01"}),
    )
    .unwrap();
    assert_eq!(
        srv.call(
            "POST",
            &format!("/api/v1/findings/{id}/triage"),
            Some(&uploader),
            Some(("application/json", &triage))
        )
        .0,
        403
    );
    // An acceptance beyond a year is refused; within it, taken and attributed.
    let (status, _, _) = srv.call(
        "POST",
        &format!("/api/v1/findings/{id}/triage"),
        Some(&triager),
        Some(("application/json", &triage)),
    );
    assert_eq!(status, 400);
    let soon = tollgate_core::time::rfc3339(tollgate_core::time::now_unix() + 30 * 86_400);
    srv.call(
        "POST",
        &format!("/api/v1/findings/{id}/triage"),
        Some(&triager),
        Some((
            "application/json",
            &serde_json::to_vec(
                &json!({"action": "accept", "reason": "CC-7 applies", "expires": soon}),
            )
            .unwrap(),
        )),
    );
    let v = srv.json("GET", &format!("/api/v1/findings/{id}"), &viewer, None, 200);
    assert_eq!(v["finding"]["status"], "accepted");
    assert_eq!(v["finding"]["triage_by"], "t");
    // Product creation is for global administrators.
    let product_admin = srv.token("pa", "admin", Some("alpha"));
    assert_eq!(
        srv.call(
            "POST",
            "/api/v1/products",
            Some(&product_admin),
            Some(("application/json", br#"{"name":"x"}"#))
        )
        .0,
        403
    );
    // No token, a malformed one, a revoked one: 401.
    assert_eq!(srv.call("GET", "/api/v1/products", None, None).0, 401);
    assert_eq!(
        srv.call("GET", "/api/v1/products", Some("tgk_nonsense"), None)
            .0,
        401
    );
    let key_id = &viewer[4..20];
    assert_eq!(
        srv.call(
            "DELETE",
            &format!("/api/v1/tokens/{key_id}"),
            Some(&srv.admin),
            None
        )
        .0,
        204
    );
    assert_eq!(
        srv.call("GET", "/api/v1/products", Some(&viewer), None).0,
        401
    );
}

#[test]
fn the_same_upload_twice_is_one_import_and_changes_nothing() {
    let srv = Running::start(|_| {});
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "alpha"})),
        201,
    );
    let r = report_json(&report(
        &["secrets"],
        &[F("secrets/aws", "a.env", "k", High)],
        T0,
        &[],
    ));
    let first = srv.upload(&srv.admin, "alpha", "main", &r);
    let (status, _, body) = srv.call(
        "POST",
        "/api/v1/products/alpha/imports?branch=main",
        Some(&srv.admin),
        Some(("application/json", &r)),
    );
    assert_eq!(status, 200);
    let again: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(
        srv.json("GET", "/api/v1/products/alpha/scans", &srv.admin, None, 200)["scans"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A gzip upload of another report is taken too.
    let r2 = report_json(&report(&["secrets"], &[], T0 + 1, &[]));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &r2).unwrap();
    let gz = gz.finish().unwrap();
    let (status, _, body) = srv.call_with(
        "POST",
        "/api/v1/products/alpha/imports?branch=main",
        Some(&srv.admin),
        Some(("application/json", &gz)),
        &[("Content-Encoding", "gzip")],
    );
    assert_eq!(status, 202, "{}", String::from_utf8_lossy(&body));
    assert!(srv
        .app
        .imports
        .wait_idle(&srv.app.store, std::time::Duration::from_secs(30)));
    let v = srv.json(
        "GET",
        "/api/v1/products/alpha/findings?status=fixed",
        &srv.admin,
        None,
        200,
    );
    assert_eq!(v["total"], 1);
}

#[test]
fn broken_json_is_refused_at_once_and_a_non_report_fails_its_import_with_the_reason() {
    let srv = Running::start(|_| {});
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "alpha"})),
        201,
    );
    let (status, _, body) = srv.call(
        "POST",
        "/api/v1/products/alpha/imports",
        Some(&srv.admin),
        Some(("application/json", b"{\n \"runs\": [")),
    );
    assert_eq!(status, 400);
    assert!(
        String::from_utf8_lossy(&body).contains("line 2"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _, body) = srv.call(
        "POST",
        "/api/v1/products/alpha/imports",
        Some(&srv.admin),
        Some(("application/json", b"{\"x\": 1}")),
    );
    assert_eq!(status, 202);
    let id = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["id"].clone();
    assert!(srv
        .app
        .imports
        .wait_idle(&srv.app.store, std::time::Duration::from_secs(30)));
    let v = srv.json(
        "GET",
        &format!("/api/v1/imports/{id}"),
        &srv.admin,
        None,
        200,
    );
    assert_eq!(v["status"], "failed");
    assert!(
        v["message"].as_str().unwrap().contains("unrecognised"),
        "{v}"
    );
    assert_eq!(
        srv.json("GET", "/api/v1/products/alpha/scans", &srv.admin, None, 200)["scans"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // The server goes on.
    assert_eq!(srv.call("GET", "/healthz", None, None).0, 200);
}

#[test]
fn bodies_and_request_rates_are_bounded() {
    let srv = Running::start(|c| {
        c.max_upload = 1 << 20;
        c.rate_limit = 2.0;
        c.rate_burst = 40.0;
    });
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "alpha"})),
        201,
    );
    let big = vec![b' '; 2 << 20];
    assert_eq!(
        srv.call(
            "POST",
            "/api/v1/products",
            Some(&srv.admin),
            Some(("application/json", &big))
        )
        .0,
        413
    );
    assert_eq!(
        srv.call(
            "POST",
            "/api/v1/products/alpha/imports",
            Some(&srv.admin),
            Some(("application/json", &big))
        )
        .0,
        413
    );
    // A gzip bomb: small on the wire, over the limit unpacked.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &vec![b'{'; 8 << 20]).unwrap();
    let gz = gz.finish().unwrap();
    assert!(gz.len() < 1 << 20);
    let (status, _, body) = srv.call_with(
        "POST",
        "/api/v1/products/alpha/imports",
        Some(&srv.admin),
        Some(("application/json", &gz)),
        &[("Content-Encoding", "gzip")],
    );
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    let mut limited = 0;
    for _ in 0..60 {
        let (status, headers, _) = srv.call("GET", "/healthz", None, None);
        if status == 429 {
            limited += 1;
            assert!(headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("retry-after")));
        }
    }
    assert!(limited >= 15, "{limited} of 60 limited");
}

#[test]
fn responses_carry_security_headers_and_errors_say_no_more_than_needed() {
    let srv = Running::start(|_| {});
    let (status, headers, body) = srv.call("GET", "/api/v1/products", None, None);
    assert_eq!(status, 401);
    let h = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(h("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(h("cache-control").as_deref(), Some("no-store"));
    assert!(h("www-authenticate").is_some());
    assert!(h("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["error"]
            .as_str()
            .map(|s| s.contains("token")),
        Some(true)
    );
    let doc = srv.call("GET", "/api/openapi.json", None, None);
    assert_eq!(doc.0, 200);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&doc.2).unwrap()["openapi"],
        "3.1.0"
    );
    assert_eq!(srv.call("GET", "/no/such/route", None, None).0, 404);
}

#[test]
fn scans_and_triage_decisions_are_in_the_products_ledger_and_it_verifies() {
    let srv = Running::start(|_| {});
    two_products(&srv);
    let id = finding_ids(&srv, "alpha")[0];
    let body = serde_json::to_vec(
        &json!({"action": "false_positive", "reason": "a test key of the vendor's docs"}),
    )
    .unwrap();
    assert_eq!(
        srv.call(
            "POST",
            &format!("/api/v1/findings/{id}/triage"),
            Some(&srv.admin),
            Some(("application/json", &body))
        )
        .0,
        204
    );
    let dir = srv.app.ledgers.product_dir("alpha");
    let ledger = tollgate_ledger::Ledger::open(&dir, None).unwrap();
    let bodies = ledger.bodies().unwrap();
    let records: Vec<serde_json::Value> = bodies
        .iter()
        .map(|(_, b)| serde_json::from_slice(b).unwrap())
        .collect();
    let kinds: Vec<_> = records
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["scan", "triage"]);
    assert_eq!(records[1]["action"], "false_positive");
    assert_eq!(records[1]["actor"], "first administrator");
    assert_eq!(records[1]["finding"], id);
    let key = tollgate_ledger::NoteVerifier::parse(&srv.app.ledgers.verifier).unwrap();
    let report = ledger
        .verify(&key, &tollgate_ledger::VerifyOptions::default())
        .unwrap();
    assert!(report.ok(), "{report:?}");
    // Product B's ledger holds only its own scan.
    let b = tollgate_ledger::Ledger::open(&srv.app.ledgers.product_dir("bravo"), None).unwrap();
    assert_eq!(b.size(), 1);
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_ledger_is_served_as_tiles_and_checkpoints() {
    let srv = Running::start(|_| {});
    two_products(&srv);
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "empty"})),
        201,
    );
    let viewer = srv.token("v", "viewer", Some("alpha"));
    let key = tollgate_ledger::NoteVerifier::parse(&srv.app.ledgers.verifier).unwrap();
    let (status, headers, body) = srv.call(
        "GET",
        "/api/v1/products/alpha/ledger/checkpoint",
        Some(&viewer),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/plain"));
    let cp = tollgate_ledger::Checkpoint::open(std::str::from_utf8(&body).unwrap(), &key).unwrap();
    assert_eq!((cp.origin.as_str(), cp.size), ("tollgate-server/alpha", 1));

    let get = |path: &str| {
        srv.call(
            "GET",
            &format!("/api/v1/products/alpha/ledger/tile/{path}"),
            Some(&viewer),
            None,
        )
    };
    let (status, headers, leaf) = get("0/000.p/1");
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(header(&headers, "cache-control"), Some("private, no-cache"));
    let (status, _, bundle) = get("entries/000.p/1");
    assert_eq!(status, 200);
    let entry = &bundle[2..];
    assert_eq!(
        u16::from_be_bytes([bundle[0], bundle[1]]) as usize,
        entry.len()
    );
    assert_eq!(leaf, tollgate_ledger::merkle::leaf_hash(entry));
    assert_eq!(
        tollgate_ledger::merkle::root(&[leaf.clone().try_into().unwrap()]),
        cp.root
    );
    // Beyond the tree, a width it does not have, a full tile not yet full, another
    // spelling of the same tile: 404.
    for path in [
        "0/000.p/2",
        "0/000",
        "0/001.p/1",
        "1/000.p/1",
        "entries/000.p/2",
        "0/x000/000.p/1",
        "0/000.p/01",
        "8/000",
    ] {
        assert_eq!(get(path).0, 404, "{path}");
    }
    // After a triage decision the tree has two entries; the one-entry tile is still there.
    let id = finding_ids(&srv, "alpha")[0];
    let triage =
        serde_json::to_vec(&json!({"action": "false_positive", "reason": "a test key"})).unwrap();
    srv.call(
        "POST",
        &format!("/api/v1/findings/{id}/triage"),
        Some(&srv.admin),
        Some(("application/json", &triage)),
    );
    assert_eq!(get("0/000.p/2").0, 200);
    assert_eq!(get("0/000.p/1").2, leaf);

    // A product with nothing recorded: a signed checkpoint of the empty tree, no tiles.
    let (status, _, body) = srv.call(
        "GET",
        "/api/v1/products/empty/ledger/checkpoint",
        Some(&srv.admin),
        None,
    );
    assert_eq!(status, 200);
    let cp = tollgate_ledger::Checkpoint::open(std::str::from_utf8(&body).unwrap(), &key).unwrap();
    assert_eq!(cp.size, 0);
    assert_eq!(cp.root, tollgate_ledger::merkle::empty_root());
    assert_eq!(
        srv.call(
            "GET",
            "/api/v1/products/empty/ledger/tile/0/000.p/1",
            Some(&srv.admin),
            None
        )
        .0,
        404
    );
    // No token: 401.
    assert_eq!(
        srv.call(
            "GET",
            "/api/v1/products/alpha/ledger/checkpoint",
            None,
            None
        )
        .0,
        401
    );
}

/// A full tile is immutable for caches; with 256 entries the first tile is full.
#[test]
fn full_ledger_tiles_are_immutable() {
    let srv = Running::start(|_| {});
    srv.json(
        "POST",
        "/api/v1/products",
        &srv.admin,
        Some(json!({"name": "alpha"})),
        201,
    );
    for i in 0..256 {
        srv.app
            .ledgers
            .append("alpha", &json!({"kind": "test", "n": i}))
            .unwrap();
    }
    let (status, headers, body) = srv.call(
        "GET",
        "/api/v1/products/alpha/ledger/tile/0/000",
        Some(&srv.admin),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(body.len(), 256 * 32);
    assert_eq!(
        header(&headers, "cache-control"),
        Some("private, max-age=31536000, immutable")
    );
    let (status, _, level1) = srv.call(
        "GET",
        "/api/v1/products/alpha/ledger/tile/1/000.p/1",
        Some(&srv.admin),
        None,
    );
    assert_eq!(status, 200);
    let leaves: Vec<[u8; 32]> = body.chunks(32).map(|c| c.try_into().unwrap()).collect();
    assert_eq!(level1, tollgate_ledger::merkle::root(&leaves));
}
