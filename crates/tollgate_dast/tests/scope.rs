//! Scope, rate, concurrency and time: no request leaves the named host (a redirect to
//! another server is recorded, not followed; that server counts zero), path prefixes hold,
//! the rate limit holds as the server counts it, unsafe methods are not sent by default,
//! and https targets are refused with a clear error.

mod support;
use std::time::{Duration, Instant};
use support::{Config, Counter, VulnApi};
use tollgate_dast::{DocSource, Options};

fn opts(api: &VulnApi) -> Options {
    let mut o = Options::new(&api.base());
    o.rate = 2000.0;
    o.timeout = Duration::from_secs(5);
    o
}

#[test]
fn a_redirect_to_another_host_is_recorded_and_not_followed() {
    let elsewhere = Counter::start();
    let api = VulnApi::start(Config {
        redirect_to: Some(format!("http://127.0.0.1:{}/steal", elsewhere.port)),
        on: ["open_redirect".to_string()].into(),
        ..Config::default()
    });
    let run = tollgate_dast::run(&opts(&api)).unwrap();
    assert!(run.requests > 20);
    assert_eq!(elsewhere.count(), 0, "a request reached the other server");
    assert!(
        run.refused
            .iter()
            .any(|r| r.contains("/api/go") && r.contains("not followed")),
        "{:?}",
        run.refused
    );
    // The open-redirect probe's 302 to its own canary host was recorded too.
    assert!(run
        .findings
        .iter()
        .any(|f| f.rule_id == "dast/open-redirect"));
    assert!(run
        .exchanges
        .iter()
        .any(|e| e.response.as_ref().is_some_and(|r| r.status == 302)));
}

#[test]
fn a_document_elsewhere_is_refused_without_contacting_it() {
    let elsewhere = Counter::start();
    let api = VulnApi::with(&[]);
    let mut o = opts(&api);
    o.openapi = DocSource::Url(format!("http://127.0.0.1:{}/openapi.json", elsewhere.port));
    let e = tollgate_dast::run(&o).unwrap_err().to_string();
    assert!(e.contains("not in scope"), "{e}");
    assert_eq!(elsewhere.count(), 0);
    assert!(api.hits().is_empty());
}

#[test]
fn path_prefixes_limit_what_is_called() {
    let api = VulnApi::with(&[]);
    let doc = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(doc.path(), support::document().to_string()).unwrap();
    let mut o = opts(&api);
    o.openapi = DocSource::File(doc.path().to_path_buf());
    o.scope_prefixes = vec!["/api/accounts".into()];
    let run = tollgate_dast::run(&o).unwrap();
    let hits = api.hits();
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(h.target.starts_with("/api/accounts"), "{}", h.target);
    }
    assert!(run
        .unchecked
        .iter()
        .any(|u| u.path == "GET /health" && u.reason.contains("out of scope")));
}

#[test]
fn the_rate_limit_holds_as_the_server_counts() {
    let api = VulnApi::with(&[]);
    let mut o = opts(&api);
    o.rate = 25.0;
    o.concurrency = 4;
    let t = Instant::now();
    let run = tollgate_dast::run(&o).unwrap();
    let hits = api.hits();
    assert!(
        hits.len() >= 60,
        "only {} requests: not a test of the rate",
        hits.len()
    );
    assert_eq!(hits.len() as u64, run.requests);
    let mut at: Vec<Instant> = hits.iter().map(|h| h.at).collect();
    at.sort();
    // In any one-second window at most rate + 1 requests start; two more of slack for
    // threads scheduled late on a loaded machine. Without the limit there would be hundreds.
    let mut worst = 0;
    for (i, a) in at.iter().enumerate() {
        let n = at[i..]
            .iter()
            .take_while(|b| b.duration_since(*a) < Duration::from_secs(1))
            .count();
        worst = worst.max(n);
    }
    assert!(worst <= 28, "{worst} requests in one second at --rate 25");
    assert!(t.elapsed() >= Duration::from_secs_f64((hits.len() - 1) as f64 / 25.0 * 0.9));
}

#[test]
fn concurrency_is_bounded() {
    let api = VulnApi::start(Config {
        delay_ms: 30,
        ..Config::default()
    });
    let mut o = opts(&api);
    o.concurrency = 2;
    o.active = false;
    tollgate_dast::run(&o).unwrap();
    let m = api.max_in_flight.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        (1..=2).contains(&m),
        "{m} requests in flight at --concurrency 2"
    );
}

#[test]
fn the_total_time_is_bounded_and_what_was_left_is_unchecked() {
    let api = VulnApi::start(Config {
        delay_ms: 150,
        ..Config::default()
    });
    let mut o = opts(&api);
    o.concurrency = 1;
    o.max_time = Duration::from_secs(1);
    let t = Instant::now();
    let run = tollgate_dast::run(&o).unwrap();
    assert!(t.elapsed() < Duration::from_secs(8), "{:?}", t.elapsed());
    assert!(
        run.unchecked
            .iter()
            .any(|u| u.reason.contains("time limit")),
        "{:?}",
        run.unchecked
    );
}

#[test]
fn unsafe_methods_are_not_sent_by_default_and_say_so() {
    let api = VulnApi::with(&[]);
    let run = tollgate_dast::run(&opts(&api)).unwrap();
    assert!(api
        .hits()
        .iter()
        .all(|h| matches!(h.method.as_str(), "GET" | "HEAD" | "OPTIONS")));
    for op in ["DELETE /accounts/{accountId}", "POST /users"] {
        assert!(
            run.unchecked
                .iter()
                .any(|u| u.path == op && u.reason.contains("--allow-unsafe-methods")),
            "{op}: {:?}",
            run.unchecked
        );
    }
    // BOLA needs two identities: said, not passed over.
    assert!(run
        .unchecked
        .iter()
        .any(|u| u.reason.contains("needs two identities")));
}

#[test]
fn absurd_limits_do_not_panic() {
    let api = VulnApi::with(&[]);
    // A rate of one request in 1000 s (the least accepted): the document is fetched, then
    // the two seconds are up, and every operation is reported as not tested.
    let mut o = opts(&api);
    o.rate = 1e-300;
    o.concurrency = usize::MAX;
    o.timeout = Duration::MAX;
    o.max_time = Duration::from_secs(2);
    o.active = false;
    let run = tollgate_dast::run(&o).unwrap();
    assert!(run
        .unchecked
        .iter()
        .any(|u| u.reason.contains("time limit")));
    // No limit on time, no workers asked for, an absurd rate: still a bounded, working run.
    let mut o = opts(&api);
    o.max_time = Duration::MAX;
    o.timeout = Duration::MAX;
    o.concurrency = 0;
    o.rate = 1e12;
    o.active = false;
    let run = tollgate_dast::run(&o).unwrap();
    assert!(run.operations_tested > 10);
}
