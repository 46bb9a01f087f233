//! The vulnerable API matrix: each switch of the test API on alone, then all off, over
//! https:// with the test CA given as `--ca-cert` (so the TLS checks are in the matrix and
//! every other check runs over TLS). Every check must find its vulnerability when its
//! switch is on and report nothing when it is off. The table of true- and false-positive rates per check is printed and compared with
//! the one in docs/dast.md (`TOLLGATE_BLESS=1` rewrites it there).

mod support;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use support::{VulnApi, SWITCHES, UNTRUSTED_CERT_SWITCHES};
use tollgate_dast::{DocSource, Identity, Options};

pub fn options(api: &VulnApi) -> Options {
    let mut o = Options::new(&api.base());
    o.openapi = DocSource::Discover;
    o.identities = vec![
        Identity::parse(&format!("alice=Bearer:{}", api.token("alice"))).unwrap(),
        Identity::parse(&format!("bob=Bearer:{}", api.token("bob"))).unwrap(),
    ];
    o.allow_unsafe_methods = true;
    o.known_user = Some("alice".into());
    o.rate = 2000.0;
    o.concurrency = 4;
    o.timeout = Duration::from_secs(5);
    o.max_time = Duration::from_secs(120);
    if api.base().starts_with("https://") {
        o.tls.ca_certs = vec![api.ca_file()];
    }
    o
}

fn rules_found(switches: &[&str]) -> BTreeSet<String> {
    let api = VulnApi::tls(switches);
    let mut o = options(&api);
    // A certificate the run must not trust stops it; the matrix tests on to show that
    // nothing else is reported.
    o.tls.insecure = switches.iter().any(|s| UNTRUSTED_CERT_SWITCHES.contains(s));
    let run = tollgate_dast::run(&o).expect("run");
    assert!(run.operations_tested > 10, "{run:?}");
    run.findings.iter().map(|f| f.rule_id.to_string()).collect()
}

#[test]
fn every_check_finds_its_switch_and_nothing_else() {
    let clean = rules_found(&[]);
    // Per rule: (runs where expected and found, runs where expected), (runs where not
    // expected but found, runs where not expected).
    let mut tp: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut fp: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let all_rules: Vec<String> = tollgate_dast::rules()
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    let mut runs: Vec<(&str, BTreeSet<String>)> = vec![("(all off)", clean)];
    for (switch, _) in SWITCHES {
        runs.push((switch, rules_found(&[switch])));
    }
    let mut problems = Vec::new();
    for (switch, found) in &runs {
        let expected: BTreeSet<String> = SWITCHES
            .iter()
            .filter(|(s, _)| s == switch)
            .flat_map(|(_, r)| r.iter().map(|x| x.to_string()))
            .collect();
        for rule in &all_rules {
            if expected.contains(rule) {
                let e = tp.entry(rule.clone()).or_default();
                e.1 += 1;
                if found.contains(rule) {
                    e.0 += 1;
                } else {
                    problems.push(format!("{switch}: {rule} missed"));
                }
            } else {
                let e = fp.entry(rule.clone()).or_default();
                e.1 += 1;
                if found.contains(rule) {
                    e.0 += 1;
                    problems.push(format!("{switch}: {rule} reported, not expected"));
                }
            }
        }
    }
    let mut table = String::from(
        "| Rule | Switch | Detected when on | False alarms when off |\n|---|---|---|---|\n",
    );
    for rule in &all_rules {
        let switches: Vec<&str> = SWITCHES
            .iter()
            .filter(|(_, r)| r.contains(&rule.as_str()))
            .map(|(s, _)| *s)
            .collect();
        let (t, tn) = tp.get(rule).copied().unwrap_or_default();
        let (f, fnn) = fp.get(rule).copied().unwrap_or_default();
        let rate = |a: u32, b: u32| {
            if b == 0 {
                "n/a".to_string()
            } else {
                format!("{a}/{b} ({:.0}%)", 100.0 * f64::from(a) / f64::from(b))
            }
        };
        table.push_str(&format!(
            "| `{rule}` | {} | {} | {} |\n",
            if switches.is_empty() {
                "—".into()
            } else {
                switches.join(", ")
            },
            rate(t, tn),
            rate(f, fnn)
        ));
    }
    println!("{table}");
    let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/dast.md");
    let doc = std::fs::read_to_string(doc_path).unwrap_or_default();
    let (start, end) = ("<!-- matrix:start -->\n", "<!-- matrix:end -->");
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/dast.md has no matrix markers");
    };
    let current = &doc[a + start.len()..b];
    if std::env::var_os("TOLLGATE_BLESS").is_some() {
        let new = format!("{}{table}{}", &doc[..a + start.len()], &doc[b..]);
        std::fs::write(doc_path, new).unwrap();
    } else {
        assert_eq!(
            current, table,
            "docs/dast.md's matrix is not what the test measured (TOLLGATE_BLESS=1 rewrites it)"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
