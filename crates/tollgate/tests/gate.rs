//! Every path of the gate: tiers, thresholds, warn, baseline, new-since, exceptions
//! (applied, expired, malformed), inline ignores in the critical tier, and Rego.

mod common;
use common::*;

fn stripe(mode: &str, tail: &str) -> String {
    format!("sk_{mode}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0e{tail}")
}

fn decision(v: &serde_json::Value) -> (&str, Vec<String>, Vec<String>) {
    let d = &v["decision"];
    let list = |k: &str| {
        d[k].as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    (
        d["status"].as_str().unwrap(),
        list("reasons"),
        list("warnings"),
    )
}

#[test]
fn tiers_set_the_thresholds() {
    // One low-severity secret (a Stripe test key) and one critical one.
    let low = tree(&[("app.py", format!("K = '{}'\n", stripe("test", "Y")))]);
    let (code, v) = scan_json(low.path(), &[]);
    assert_eq!(
        (code, decision(&v).0),
        (0, "pass"),
        "default tier: warn on medium, fail on high"
    );
    let (code, v) = scan_json(low.path(), &["--tier", "critical"]);
    assert_eq!(
        (code, decision(&v).0),
        (1, "fail"),
        "critical: any secret fails"
    );
    assert_eq!(v["decision"]["tier"], "critical");
    let (code, v) = scan_json(low.path(), &["--tier", "high"]);
    assert_eq!(
        (code, decision(&v).0),
        (0, "warn"),
        "high: secrets warn from low, fail from medium"
    );

    let crit = tree(&[("app.py", format!("K = '{}'\n", stripe("live", "Y")))]);
    let (code, v) = scan_json(crit.path(), &["--tier", "standard"]);
    assert_eq!((code, decision(&v).0), (1, "fail"));
    let (code, v) = scan_json(crit.path(), &["--tier", "low", "--fail-on", "none"]);
    assert_eq!((code, decision(&v).0), (0, "warn"), "{v:#}");

    let o = tollgate(low.path(), &["scan", ".", "--tier", "galactic"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown risk tier 'galactic'"));
}

#[test]
fn configured_tiers_and_thresholds() {
    let d = tree(&[
        ("app.py", format!("K = '{}'\n", stripe("test", "Y"))),
        ("tollgate.toml", "[gate]\ntier = \"internal\"\n[gate.tiers.internal]\nfail_on = \"none\"\nwarn_on = \"none\"\n[gate.tiers.internal.scanners.secrets]\nfail_on = \"low\"\n".into()),
    ]);
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (1, "fail"), "{v:#}");
    assert!(decision(&v).1[0].contains("fail_on = low"));
    std::fs::write(
        d.path().join("tollgate.toml"),
        "[gate]\nfail_on = \"low\"\n",
    )
    .unwrap();
    assert_eq!(scan_json(d.path(), &[]).0, 1);
    std::fs::write(
        d.path().join("tollgate.toml"),
        "[gate]\nwarn_on = \"none\"\n",
    )
    .unwrap();
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (0, "pass"));
}

#[test]
fn baseline_counts_only_new_findings() {
    let d = tree(&[("old.py", format!("K = '{}'\n", stripe("live", "A")))]);
    let o = tollgate(d.path(), &["baseline", "create", "-o", "base.json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (code, v) = scan_json(d.path(), &["--baseline", "base.json"]);
    assert_eq!((code, decision(&v).0), (0, "pass"), "{v:#}");
    assert_eq!(v["findings"][0]["diff"], "in-baseline");
    assert!(decision(&v)
        .1
        .iter()
        .any(|r| r.contains("1 existing finding not counted")));
    std::fs::write(
        d.path().join("new.py"),
        format!("K = '{}'\n", stripe("live", "B")),
    )
    .unwrap();
    let (code, v) = scan_json(d.path(), &["--baseline", "base.json"]);
    assert_eq!((code, decision(&v).0), (1, "fail"));
    assert!(
        decision(&v).1[0].starts_with("1 secrets critical"),
        "{:?}",
        decision(&v).1
    );
    std::fs::write(d.path().join("bad.json"), "{\"not\": \"a report\"}").unwrap();
    let o = tollgate(d.path(), &["scan", ".", "--baseline", "bad.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bad.json"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Broken JSON is reported at its file and line, for baselines and evidence alike.
    std::fs::write(d.path().join("broken.json"), "{\n  \"findings\": oops\n}\n").unwrap();
    for args in [
        &["scan", ".", "--baseline", "broken.json"][..],
        &["evidence", "--framework", "gdpr", "--report", "broken.json"],
    ] {
        let o = tollgate(d.path(), args);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(
            text(&o).contains("broken.json:2: not a Tollgate JSON report"),
            "{}",
            text(&o)
        );
    }
}

#[test]
fn new_since_counts_only_changed_lines() {
    let d = tree(&[("a.py", format!("# config\nK = '{}'\n", stripe("live", "A")))]);
    let git = |args: &[&str]| common::git(d.path(), args);
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    let (code, v) = scan_json(d.path(), &["--new-since", "HEAD"]);
    assert_eq!(
        (code, v["findings"][0]["diff"].as_str()),
        (0, Some("unchanged")),
        "{v:#}"
    );
    // A changed line in a tracked file, and an untracked file: both new.
    std::fs::write(
        d.path().join("a.py"),
        format!(
            "# config\nK = '{}'\nT = '{}'\n",
            stripe("live", "A"),
            stripe("live", "C")
        ),
    )
    .unwrap();
    std::fs::write(
        d.path().join("b.py"),
        format!("K = '{}'\n", stripe("live", "D")),
    )
    .unwrap();
    let (code, v) = scan_json(d.path(), &["--new-since", "HEAD"]);
    assert_eq!(code, 1);
    let diffs: Vec<(&str, u64, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["diff"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        diffs,
        vec![
            ("a.py", 2, "unchanged"),
            ("a.py", 3, "new"),
            ("b.py", 1, "new")
        ]
    );
    let o = tollgate(d.path(), &["scan", ".", "--new-since", "no-such-ref"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn exceptions_applied_expired_and_malformed() {
    let d = tree(&[
        ("app.py", format!("K = '{}'\n", stripe("live", "A"))),
        (
            ".tollgate/exceptions.toml",
            "[[exception]]\nrule = \"secrets/stripe-secret-key\"\npath = \"app.py\"\nreason = \"sandbox account mislabelled live; rotation in progress\"\napproved_by = \"ciso@bank.example\"\nticket = \"RISK-1042\"\nexpires = \"2026-12-31\"\n".into(),
        ),
    ]);
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (0, "pass"), "{v:#}");
    let s = &v["findings"][0]["suppression"];
    assert_eq!(
        (
            s["kind"].as_str(),
            s["approved_by"].as_str(),
            s["ticket"].as_str(),
            s["expires"].as_str()
        ),
        (
            Some("exception"),
            Some("ciso@bank.example"),
            Some("RISK-1042"),
            Some("2026-12-31")
        )
    );
    assert!(s["source"].as_str().unwrap().ends_with("exceptions.toml:1"));

    // Expired yesterday: no longer applies, and the gate says why.
    let expired = std::fs::read_to_string(d.path().join(".tollgate/exceptions.toml"))
        .unwrap()
        .replace("2026-12-31", "2026-11-18");
    std::fs::write(d.path().join(".tollgate/exceptions.toml"), &expired).unwrap();
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (1, "fail"));
    assert!(
        decision(&v)
            .1
            .iter()
            .any(|r| r.contains("expired exception still needed") && r.contains("RISK-1042")),
        "{:?}",
        decision(&v).1
    );
    assert!(v["findings"][0]["suppression"].is_null());
    assert!(v["findings"][0]["data"]["exception_expired"]
        .as_str()
        .unwrap()
        .contains("expires 2026-11-18"));

    // No approver: refused with file and line.
    std::fs::write(
        d.path().join(".tollgate/exceptions.toml"),
        "\n[[exception]]\nrule = \"x\"\nreason = \"r\"\nexpires = \"2027-01-01\"\n",
    )
    .unwrap();
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("exceptions.toml:2:") && err.contains("approved_by"),
        "{err}"
    );
}

#[test]
fn critical_tier_refuses_inline_ignores() {
    let d = tree(&[(
        "app.py",
        format!(
            "K = '{}'  # tollgate:ignore[stripe-secret-key] my test key\n",
            stripe("live", "A")
        ),
    )]);
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["findings"][0]["suppression"]["kind"], "inline");
    let (code, v) = scan_json(d.path(), &["--tier", "critical"]);
    assert_eq!(code, 1, "{v:#}");
    assert!(v["findings"][0]["suppression"].is_null());
    assert!(v["findings"][0]["data"]["inline_ignore_refused"]
        .as_str()
        .unwrap()
        .contains("my test key"));
    assert!(
        decision(&v)
            .2
            .iter()
            .any(|w| w.contains("inline ignore not accepted")),
        "{:?}",
        decision(&v).2
    );
}

#[test]
fn rego_policies_deny_and_warn() {
    let d = tree(&[
        ("app.py", format!("K = '{}'\n", stripe("test", "A"))),
        (
            "policies/gate.rego",
            "package tollgate.gate\n\ndeny contains msg if {\n    some f in input.findings\n    startswith(f.rule_id, \"secrets/stripe\")\n    msg := sprintf(\"no Stripe keys in %s\", [f.location.path])\n}\n\nwarn contains \"more than zero findings\" if {\n    count(input.findings) > 0\n}\n".into(),
        ),
        ("tollgate.toml", "[gate]\npolicies = [\"policies\"]\n".into()),
    ]);
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (1, "fail"));
    assert_eq!(
        decision(&v).1,
        vec!["policy: no Stripe keys in app.py".to_string()]
    );
    assert_eq!(
        decision(&v).2,
        vec!["policy: more than zero findings".to_string()]
    );
    std::fs::write(d.path().join("app.py"), "print('clean')\n").unwrap();
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0), (0, "pass"), "{v:#}");
    std::fs::write(
        d.path().join("policies/gate.rego"),
        "package tollgate.gate\ndeny contains msg if {\n",
    )
    .unwrap();
    let o = tollgate(d.path(), &["scan", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("gate.rego"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn findings_carry_controls_and_every_rule_maps_to_pci_and_nist() {
    let d = tree(&[("app.py", format!("K = '{}'\n", stripe("live", "A")))]);
    let (_, v) = scan_json(d.path(), &[]);
    let controls: Vec<&str> = v["findings"][0]["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        controls.contains(&"pci-dss-4.0.1:8.6.2") && controls.contains(&"nist-800-53-r5:IA-5(7)"),
        "{controls:?}"
    );
    let o = tollgate(d.path(), &["controls", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = tollgate(d.path(), &["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout).unwrap();
    for fw in ["pci-dss-4.0.1", "nist-800-53-r5"] {
        let cat = all
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["framework"] == fw)
            .unwrap();
        let covered: std::collections::BTreeSet<&str> = cat["controls"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
            })
            .collect();
        for r in rules.as_array().unwrap() {
            assert!(
                covered.contains(r["id"].as_str().unwrap()),
                "{} maps to no {fw} control",
                r["id"]
            );
        }
    }
}
