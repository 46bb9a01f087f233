//! https:// targets: a certificate that does not verify stops the run before any request
//! with credentials (and `tls_insecure` tests on), a valid chain from `--ca-cert` reports
//! nothing, the legacy-protocol and weak-suite probes report what they saw, and servers
//! that are not TLS at all fail promptly with an error naming the target.

mod support;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};
use support::{VulnApi, UNTRUSTED_CERT_SWITCHES};
use tollgate_dast::{DastRun, DocSource, Identity, Options};

fn options(api: &VulnApi) -> Options {
    let mut o = Options::new(&api.base());
    o.openapi = DocSource::Discover;
    o.identities = vec![
        Identity::parse(&format!("alice=Bearer:{}", api.token("alice"))).unwrap(),
        Identity::parse(&format!("bob=Bearer:{}", api.token("bob"))).unwrap(),
    ];
    o.rate = 2000.0;
    o.timeout = Duration::from_secs(5);
    o.max_time = Duration::from_secs(60);
    o.tls.ca_certs = vec![api.ca_file()];
    o
}

fn rules(run: &DastRun) -> Vec<String> {
    run.findings.iter().map(|f| f.rule_id.to_string()).collect()
}

fn with_credentials(api: &VulnApi) -> usize {
    api.hits()
        .iter()
        .filter(|h| h.raw.to_ascii_lowercase().contains("\r\nauthorization:"))
        .count()
}

#[test]
fn an_untrusted_certificate_stops_the_run_before_any_credential_is_sent() {
    let reasons = [
        ("tls_expired", "expired on"),
        (
            "tls_wrong_host",
            "is not valid for 127.0.0.1 (it names other.bank.test)",
        ),
        ("tls_self_signed", "is self-signed"),
    ];
    for switch in UNTRUSTED_CERT_SWITCHES {
        let api = VulnApi::tls(&[switch]);
        let run = tollgate_dast::run(&options(&api)).expect("a run with a finding");
        assert_eq!(
            rules(&run),
            ["dast/tls-certificate-invalid"],
            "{switch}: {run:?}"
        );
        let f = &run.findings[0];
        let want = reasons.iter().find(|(s, _)| s == switch).unwrap().1;
        assert!(f.message.contains(want), "{switch}: {}", f.message);
        assert_eq!(f.cwe, [295]);
        assert_eq!(run.operations_tested, 0);
        assert!(run.operations > 10);
        // Every operation of the document is unchecked, saying why.
        let untested: Vec<_> = run
            .unchecked
            .iter()
            .filter(|u| u.reason.contains("certificate") && u.reason.contains("does not verify"))
            .collect();
        assert_eq!(
            untested.len(),
            run.operations,
            "{switch}: {:?}",
            run.unchecked
        );
        // Only the document was asked for, without credentials.
        assert_eq!(with_credentials(&api), 0, "{switch}");
        assert!(
            api.hits().iter().all(|h| h.target == "/api/openapi.json"),
            "{switch}: {:?}",
            api.hits().iter().map(|h| &h.target).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_document_file_means_not_one_request_reaches_an_untrusted_server() {
    let api = VulnApi::tls(&["tls_self_signed"]);
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("openapi.json");
    std::fs::write(&doc, support::document().to_string()).unwrap();
    let mut o = options(&api);
    o.openapi = DocSource::File(doc);
    let run = tollgate_dast::run(&o).unwrap();
    assert_eq!(rules(&run), ["dast/tls-certificate-invalid"]);
    assert_eq!(run.requests, 0);
    assert!(api.hits().is_empty(), "{:?}", api.hits());
    assert_eq!(
        run.unchecked
            .iter()
            .filter(|u| u.reason.contains("--tls-insecure"))
            .count(),
        run.operations
    );
}

#[test]
fn tls_insecure_tests_on_and_still_reports_the_certificate() {
    let api = VulnApi::tls(&["tls_expired"]);
    let mut o = options(&api);
    o.tls.insecure = true;
    let run = tollgate_dast::run(&o).unwrap();
    assert_eq!(rules(&run), ["dast/tls-certificate-invalid"], "{run:?}");
    assert!(run.operations_tested > 10);
    assert!(with_credentials(&api) > 0);
}

#[test]
fn a_valid_chain_from_ca_cert_reports_nothing_and_without_it_the_issuer_is_unknown() {
    let api = VulnApi::tls(&[]);
    let run = tollgate_dast::run(&options(&api)).unwrap();
    assert!(run.findings.is_empty(), "{:?}", rules(&run));
    assert!(run.operations_tested > 10);
    assert!(
        !run.unchecked.iter().any(|u| u.path.starts_with("(TLS)")),
        "{:?}",
        run.unchecked
    );
    // The near miss for HSTS: two years with includeSubDomains.
    let hsts: Vec<_> = run
        .exchanges
        .iter()
        .filter_map(|e| e.response.as_ref()?.header("strict-transport-security"))
        .collect();
    assert!(
        !hsts.is_empty()
            && hsts
                .iter()
                .all(|v| *v == "max-age=63072000; includeSubDomains")
    );
    // Every exchange went over TLS, to the https:// URL.
    assert!(run.exchanges.iter().all(|e| e
        .request
        .url
        .to_string()
        .starts_with("https://127.0.0.1:")));

    let mut o = options(&api);
    o.tls.ca_certs.clear();
    let run = tollgate_dast::run(&o).unwrap();
    assert_eq!(rules(&run), ["dast/tls-certificate-invalid"]);
    assert!(
        run.findings[0].message.contains("unknown CA"),
        "{}",
        run.findings[0].message
    );
}

#[test]
fn the_protocol_probes_show_what_they_sent_and_saw() {
    let api = VulnApi::tls(&["tls_legacy", "tls_weak_cipher", "tls_expiring"]);
    let run = tollgate_dast::run(&options(&api)).unwrap();
    let by = |id: &str| {
        run.findings
            .iter()
            .find(|f| f.rule_id.as_str() == id)
            .unwrap_or_else(|| panic!("{id}: {:?}", rules(&run)))
    };
    let legacy = by("dast/tls-legacy-protocol");
    assert!(
        legacy.message.contains("TLS 1.0 and TLS 1.1"),
        "{}",
        legacy.message
    );
    assert!(legacy.data["request"].contains("hello version 0x0301"));
    assert!(legacy.data["request"].contains("hello version 0x0302"));
    assert!(legacy.data["response"].contains("ServerHello: TLS 1.0"));
    let weak = by("dast/tls-weak-cipher");
    assert!(
        weak.message.contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
        "{}",
        weak.message
    );
    let expiring = by("dast/tls-certificate-expiring");
    assert!(
        expiring.message.contains("days left"),
        "{}",
        expiring.message
    );
    // One finding per rule, at the origin, not per operation.
    assert_eq!(run.findings.len(), 3, "{:?}", rules(&run));
    assert!(legacy.location.path.starts_with("https://127.0.0.1:"));
}

#[test]
fn a_server_that_speaks_only_tls_1_0_or_1_1_is_a_finding_not_just_an_error() {
    let api = VulnApi::tls(&["tls_legacy_only"]);
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("openapi.json");
    std::fs::write(&doc, support::document().to_string()).unwrap();
    let mut o = options(&api);
    o.openapi = DocSource::File(doc);
    o.tls.insecure = true;
    let run = tollgate_dast::run(&o).expect("a run with the finding");
    assert_eq!(rules(&run), ["dast/tls-legacy-protocol"], "{run:?}");
    assert_eq!(run.operations_tested, 0);
    let untested = run
        .unchecked
        .iter()
        .filter(|u| u.reason.contains("offers no TLS 1.2 or 1.3"))
        .count();
    assert_eq!(untested, run.operations, "{:?}", run.unchecked);
    assert!(api.hits().is_empty());
}

#[test]
fn hsts_is_reported_once_per_host() {
    let api = VulnApi::tls(&["hsts_short"]);
    let run = tollgate_dast::run(&options(&api)).unwrap();
    assert_eq!(rules(&run), ["dast/hsts-missing-or-weak"]);
    assert!(run.findings[0].message.contains("max-age=86400"));
}

/// What a hostile server does with a connection.
type Behaviour = fn(std::net::TcpStream);

/// A listener that does `behave` with each connection.
fn hostile(behave: Behaviour) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for c in l.incoming().flatten() {
            std::thread::spawn(move || behave(c));
        }
    });
    port
}

#[test]
fn servers_that_do_not_speak_tls_fail_promptly_naming_the_target() {
    let cases: [(&str, Behaviour, &str); 4] = [
        (
            "garbage",
            |mut c| {
                let mut b = [0u8; 512];
                let _ = c.read(&mut b);
                let _ = c.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\nplain text here");
            },
            "not TLS",
        ),
        ("closes", |c| drop(c), "no TLS connection"),
        (
            "stalls",
            |c| {
                std::thread::sleep(Duration::from_secs(8));
                drop(c)
            },
            "timed out",
        ),
        (
            "drips",
            |mut c| {
                // A valid-looking record header, then a byte every 300 ms.
                let _ = c.write_all(&[22, 3, 3, 0x40, 0x00]);
                for _ in 0..30 {
                    std::thread::sleep(Duration::from_millis(300));
                    if c.write_all(&[0]).is_err() {
                        return;
                    }
                }
            },
            "timed out",
        ),
    ];
    for (name, behave, want) in cases {
        let port = hostile(behave);
        let mut o = Options::new(&format!("https://127.0.0.1:{port}/api"));
        o.timeout = Duration::from_secs(1);
        let t = Instant::now();
        let e = tollgate_dast::run(&o).expect_err(name).to_string();
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{name}: {:?}",
            t.elapsed()
        );
        assert!(
            e.contains(&format!("https://127.0.0.1:{port}")),
            "{name}: {e}"
        );
        assert!(e.contains(want), "{name}: {e}");
    }
}
