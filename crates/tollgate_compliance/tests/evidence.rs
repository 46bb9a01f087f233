//! Mapping, evidence, OSCAL and the evidence renderers from values built in code. The
//! catalogs are the built-in ones; the rules and reports are made here, so each status,
//! gap and citation is checked with a case that triggers it and a near miss that must not.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use tollgate_compliance::catalog::{catalogs, find};
use tollgate_compliance::evidence::{Gap, Source};
use tollgate_compliance::{html, markdown, oscal, Catalog, Evidence, Mapper, Status};
use tollgate_core::gate::{Decision, Status as GateStatus};
use tollgate_core::report::{RunTiming, Summary};
use tollgate_core::{
    Confidence, DiffStatus, Finding, Location, PackageSubject, RuleId, RuleMeta, ScanReport,
    ScanStats, ScannerCoverage, Severity, Subject, Suppression, SuppressionKind, Target, ToolInfo,
    Unchecked,
};

// ---------------------------------------------------------------------------------------
// Values

const NOW: &str = "2026-06-01T09:00:00Z";

fn rule(scanner: &str, slug: &str, cwe: &[u32], tags: &[&str]) -> RuleMeta {
    RuleMeta {
        id: RuleId::new(scanner, slug),
        title: format!("{slug} title"),
        severity: Severity::High,
        confidence: Confidence::High,
        cwe: cwe.to_vec(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        doc: String::new(),
        remediation: String::new(),
        references: vec![],
        examples: Default::default(),
        aliases: Vec::new(),
    }
}

/// Hard-coded credentials: PSD2 RTS Art. 22, PCI DSS 8.6.2, ...
fn secret_rule() -> RuleMeta {
    rule("secrets", "generic-password", &[798], &["secret"])
}

/// Known-vulnerable packages: PSD2 RTS Art. 3, PCI DSS 6.3.1, ...
fn deps_rule() -> RuleMeta {
    rule(
        "deps",
        "vulnerable-package",
        &[1104],
        &["vulnerable-dependency"],
    )
}

/// Certificate checks turned off: PSD2 RTS Art. 35, PCI DSS 4.2.1, ...
fn tls_rule() -> RuleMeta {
    rule("sast", "python/insecure-tls", &[295], &["tls"])
}

fn rules() -> Vec<RuleMeta> {
    vec![secret_rule(), deps_rule(), tls_rule()]
}

fn psd2() -> &'static Catalog {
    find("psd2-rts").expect("built-in catalog")
}

fn finding_of(r: &RuleMeta, path: &str, line: u32) -> Finding {
    let mut f = Finding::of_rule(
        r,
        Location::line(path, line),
        format!("fp-{}-{path}-{line}", r.id),
    );
    f.message = format!("{} at {path}", r.title);
    f
}

/// A finding of the deps rule for `name@version` matched by `advisory`, on `line`.
fn advisory(name: &str, advisory: &str, line: u32) -> Finding {
    let mut f = finding_of(&deps_rule(), "poetry.lock", line);
    f.fingerprint = format!("fp-{name}-{advisory}");
    f.subject = Some(Subject::Package(PackageSubject {
        ecosystem: "PyPI".into(),
        name: name.into(),
        version: "1.0.0".into(),
        purl: format!("pkg:pypi/{name}@1.0.0"),
        advisory: Some(advisory.into()),
        ..PackageSubject::default()
    }));
    f
}

fn accepted(mut f: Finding) -> Finding {
    f.suppression = Some(Suppression {
        kind: SuppressionKind::Exception,
        reason: "test fixture credential".into(),
        approved_by: Some("ciso@bank.example".into()),
        ticket: Some("RISK-7".into()),
        expires: Some("2027-01-31".into()),
        source: Some(".tollgate/exceptions.toml:1".into()),
    });
    f
}

fn complete(files: u64) -> ScannerCoverage {
    ScannerCoverage {
        ran: true,
        files,
        unchecked: vec![],
    }
}

fn unchecked(paths: &[&str]) -> Vec<Unchecked> {
    paths
        .iter()
        .map(|p| Unchecked {
            path: p.to_string(),
            reason: "not valid YAML".into(),
        })
        .collect()
}

/// A report in which every rule of [`rules`] ran and every scanner covered everything.
fn report(findings: Vec<Finding>) -> ScanReport {
    let mut r = ScanReport {
        schema_version: tollgate_core::report::REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: "payments-service".into(),
            git_commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
            git_branch: Some("main".into()),
            mode: "worktree".into(),
        },
        config_digest: String::new(),
        scanners: vec!["deps".into(), "sast".into(), "secrets".into()],
        rules: rules().into_iter().map(|r| r.id).collect(),
        summary: Summary::default(),
        decision: Some(Decision {
            status: GateStatus::Fail,
            tier: "high".into(),
            fail_on: "high".into(),
            warn_on: "medium".into(),
            reasons: vec![],
            warnings: vec![],
        }),
        findings,
        file_issues: vec![],
        stats: ScanStats::default(),
        coverage: ["deps", "sast", "secrets"]
            .into_iter()
            .map(|s| (s.to_string(), complete(4)))
            .collect(),
        timing: RunTiming {
            started_at: "2026-06-01T08:00:00Z".into(),
            duration_ms: 10,
        },
        rule_meta: rules(),
    };
    r.finalize();
    r
}

fn build(catalog: &Catalog, reports: Vec<ScanReport>) -> Evidence {
    let labelled: Vec<(String, ScanReport, String)> = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| (format!("scan-{i}"), r, format!("{i:064x}")))
        .collect();
    Evidence::build(catalog, &labelled, &rules(), NOW)
}

fn control<'a>(e: &'a Evidence, id: &str) -> &'a tollgate_compliance::evidence::ControlEvidence {
    e.controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

fn status(e: &Evidence, id: &str) -> Status {
    control(e, id).status
}

// ---------------------------------------------------------------------------------------
// mapping

/// What the catalogs say CWE ids and tags map to, read from the data itself.
fn expected_controls(cwe: &[u32], tags: &[&str]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for cat in catalogs() {
        for c in &cat.controls {
            if c.cwe.iter().any(|x| cwe.contains(x))
                || c.tags.iter().any(|t| tags.contains(&t.as_str()))
            {
                out.insert(format!("{}:{}", cat.id, c.id));
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn controls_for_a_cwe_are_those_of_every_catalog_that_name_it() {
    let m = Mapper::new();
    let got = m.controls_for(&[798], &[]);
    assert_eq!(got, expected_controls(&[798], &[]));
    for want in [
        "pci-dss-4.0.1:8.6.2",
        "pci-dss-4.0.1:6.2.4",
        "psd2-rts:Art. 22",
        "gdpr:Art. 5(1)(f)",
    ] {
        assert!(got.iter().any(|c| c == want), "{want} not in {got:?}");
    }
    // Sorted and without duplicates, even when the same control comes by two ways.
    let both = m.controls_for(&[798, 259], &["secret".to_string()]);
    let mut sorted = both.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(both, sorted);
    assert_eq!(both, expected_controls(&[798, 259], &["secret"]));
    // Near misses: an unknown CWE, a CWE that is no credential weakness.
    assert!(m.controls_for(&[99_999], &[]).is_empty());
    assert!(!m
        .controls_for(&[79], &[])
        .iter()
        .any(|c| c == "pci-dss-4.0.1:8.6.2"));
}

#[test]
fn controls_for_a_tag_are_those_of_every_catalog_that_name_it() {
    let m = Mapper::new();
    let got = m.controls_for(&[], &["secret".to_string()]);
    assert_eq!(got, expected_controls(&[], &["secret"]));
    assert!(got.iter().any(|c| c == "pci-dss-4.0.1:8.6.2"));
    // 6.2.4 names CWE-798 but not the tag.
    assert!(!got.iter().any(|c| c == "pci-dss-4.0.1:6.2.4"));
    // Tags are exact.
    assert!(m.controls_for(&[], &["Secret".to_string()]).is_empty());
    assert!(m.controls_for(&[], &["secrets".to_string()]).is_empty());
    assert!(m.controls_for(&[], &[]).is_empty());
    assert_eq!(
        m.rule_controls(&secret_rule()),
        m.controls_for(&[798], &["secret".into()])
    );
}

#[test]
fn attach_sets_each_findings_controls_from_its_own_cwe_and_tags() {
    let mut stale = finding_of(&secret_rule(), "a.py", 1);
    stale.controls = vec!["made-up:1".into()];
    let bare = finding_of(&rule("sast", "note", &[], &["no-such-tag"]), "b.py", 2);
    let mut r = report(vec![
        stale,
        bare,
        finding_of(&deps_rule(), "poetry.lock", 3),
    ]);
    Mapper::new().attach(&mut r);
    let by_path: BTreeMap<&str, &Vec<String>> = r
        .findings
        .iter()
        .map(|f| (f.location.path.as_str(), &f.controls))
        .collect();
    assert_eq!(*by_path["a.py"], expected_controls(&[798], &["secret"]));
    assert!(by_path["b.py"].is_empty());
    assert_eq!(
        *by_path["poetry.lock"],
        expected_controls(&[1104], &["vulnerable-dependency"])
    );
    assert!(by_path["poetry.lock"]
        .iter()
        .any(|c| c == "pci-dss-4.0.1:6.3.1"));
}

#[test]
fn coverage_lists_every_control_of_the_catalog_with_the_rules_covering_it() {
    let m = Mapper::new();
    let pci = find("pci-dss-4.0.1").unwrap();
    let rs = rules();
    let cov = m.coverage(pci, &rs);
    assert_eq!(
        cov.keys().cloned().collect::<BTreeSet<_>>(),
        pci.controls.iter().map(|c| c.id.clone()).collect()
    );
    let ids = |id: &str| -> Vec<&str> { cov[id].iter().map(|r| r.id.as_str()).collect() };
    assert_eq!(ids("8.6.2"), vec!["secrets/generic-password"]);
    assert_eq!(ids("6.3.1"), vec!["deps/vulnerable-package"]);
    assert_eq!(ids("4.2.1"), vec!["sast/python/insecure-tls"]);
    // 6.2.4 lists CWE-798 among its weaknesses.
    assert_eq!(ids("6.2.4"), vec!["secrets/generic-password"]);
    // Near miss: a control none of these rules bears on is present, and empty.
    assert!(ids("10.2.1").is_empty());
    // Controls of other frameworks never leak in.
    assert!(!cov.contains_key("Art. 22"));
    // No rules: every control empty.
    assert!(m.coverage(pci, &[]).values().all(Vec::is_empty));
}

// ---------------------------------------------------------------------------------------
// evidence

#[test]
fn a_clean_fully_covered_scan_satisfies_the_controls_its_rules_cover() {
    let e = build(psd2(), vec![report(vec![])]);
    assert_eq!(e.framework, "psd2-rts");
    assert_eq!(e.controls.len(), 4);
    assert_eq!(status(&e, "Art. 3"), Status::Satisfied);
    assert_eq!(status(&e, "Art. 22"), Status::Satisfied);
    assert_eq!(status(&e, "Art. 35"), Status::Satisfied);
    assert_eq!(
        control(&e, "Art. 22").checks,
        vec!["secrets/generic-password"]
    );
    assert!(control(&e, "Art. 22").gaps.is_empty());
    // No rule covers Art. 4: not assessed, with no gap to blame.
    let art4 = control(&e, "Art. 4");
    assert_eq!(art4.status, Status::NotAssessed);
    assert!(art4.checks.is_empty() && art4.gaps.is_empty());
    assert_eq!((e.satisfied, e.not_satisfied, e.not_assessed), (3, 0, 1));
    assert_eq!(e.readiness, Some(100.0));
    assert_eq!(e.coverage, 75.0);
    // The source says which scan it was.
    let s: &Source = &e.sources[0];
    assert_eq!(s.label, "scan-0");
    assert_eq!(s.target, "payments-service");
    assert_eq!(s.git_branch.as_deref(), Some("main"));
    assert_eq!(s.decision.as_deref(), Some("fail"));
    assert_eq!(s.scanned_at, "2026-06-01T08:00:00Z");
}

#[test]
fn an_active_finding_makes_its_control_not_satisfied() {
    let f = finding_of(&secret_rule(), "config/application.yaml", 12);
    let fp = f.fingerprint.clone();
    let e = build(psd2(), vec![report(vec![f])]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotSatisfied);
    assert_eq!(c.findings.len(), 1);
    let cited = &c.findings[0];
    assert_eq!(
        (
            cited.report,
            cited.rule_id.as_str(),
            cited.path.as_str(),
            cited.line,
            cited.severity.as_str(),
            cited.fingerprint.as_str()
        ),
        (
            0,
            "secrets/generic-password",
            "config/application.yaml",
            12,
            "high",
            fp.as_str()
        )
    );
    assert!(cited.accepted.is_none() && cited.advisories.is_empty());
    // Near miss: the other controls are untouched.
    assert_eq!(status(&e, "Art. 3"), Status::Satisfied);
    assert_eq!(status(&e, "Art. 35"), Status::Satisfied);
    assert_eq!(e.readiness, Some(66.7));
}

#[test]
fn a_findings_own_controls_are_used_when_it_carries_them() {
    // A finding whose report already mapped it to Art. 35 only is cited there only.
    let mut f = finding_of(&secret_rule(), "a.py", 1);
    f.controls = vec!["psd2-rts:Art. 35".into(), "pci-dss-4.0.1:4.2.1".into()];
    let e = build(psd2(), vec![report(vec![f])]);
    assert_eq!(status(&e, "Art. 35"), Status::NotSatisfied);
    assert_eq!(status(&e, "Art. 22"), Status::Satisfied);
}

#[test]
fn accepted_risks_are_listed_without_failing_the_control() {
    let e = build(
        psd2(),
        vec![report(vec![accepted(finding_of(
            &secret_rule(),
            "tests/fixture.py",
            3,
        ))])],
    );
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::Satisfied);
    assert!(c.findings.is_empty());
    assert_eq!(c.accepted.len(), 1);
    let a = c.accepted[0]
        .accepted
        .as_ref()
        .expect("carries its acceptance");
    assert_eq!(a.approved_by.as_deref(), Some("ciso@bank.example"));
    assert_eq!(a.ticket.as_deref(), Some("RISK-7"));
    // Near miss: the same finding, not accepted, fails the control.
    let e = build(
        psd2(),
        vec![report(vec![finding_of(
            &secret_rule(),
            "tests/fixture.py",
            3,
        )])],
    );
    assert_eq!(status(&e, "Art. 22"), Status::NotSatisfied);
}

#[test]
fn findings_in_the_baseline_are_neither_cited_nor_failing() {
    let mut old = finding_of(&secret_rule(), "a.py", 1);
    old.diff = Some(DiffStatus::InBaseline);
    let e = build(psd2(), vec![report(vec![old.clone()])]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::Satisfied);
    assert!(c.findings.is_empty() && c.accepted.is_empty());
    // Near miss: new in a diff-aware scan counts.
    old.diff = Some(DiffStatus::New);
    assert_eq!(
        status(&build(psd2(), vec![report(vec![old])]), "Art. 22"),
        Status::NotSatisfied
    );
}

#[test]
fn a_control_whose_rules_did_not_run_is_not_assessed() {
    let mut r = report(vec![]);
    r.rules.retain(|id| id.scanner() != "sast");
    let e = build(psd2(), vec![r]);
    let c = control(&e, "Art. 35");
    assert_eq!(c.status, Status::NotAssessed);
    assert!(c.checks.is_empty());
    assert_eq!(status(&e, "Art. 22"), Status::Satisfied);
}

#[test]
fn unchecked_files_of_a_bearing_scanner_leave_the_control_not_assessed() {
    let mut r = report(vec![]);
    r.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&["config/application.yaml"]);
    let e = build(psd2(), vec![r]);
    let c = control(&e, "Art. 22");
    assert_eq!(
        c.status,
        Status::NotAssessed,
        "no finding maps to it, yet a file was not checked"
    );
    assert_eq!(c.checks, vec!["secrets/generic-password"]);
    assert_eq!(
        c.gaps,
        vec![Gap {
            report: 0,
            scanner: "secrets".into(),
            reason: "files it should have checked were not checked".into(),
            files: vec!["config/application.yaml: not valid YAML".into()],
            unchecked: 1,
        }]
    );
    // Near miss: controls other scanners bear on keep their status.
    assert_eq!(status(&e, "Art. 3"), Status::Satisfied);
    assert_eq!(status(&e, "Art. 35"), Status::Satisfied);
    assert_eq!((e.satisfied, e.not_satisfied, e.not_assessed), (2, 0, 2));
    assert_eq!(e.readiness, Some(100.0));
    assert_eq!(e.coverage, 50.0);
}

#[test]
fn a_bearing_scanner_missing_from_coverage_or_not_run_is_a_gap() {
    let mut missing = report(vec![]);
    missing.coverage.remove("secrets");
    let e = build(psd2(), vec![missing]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotAssessed);
    assert_eq!(c.gaps.len(), 1);
    assert_eq!(c.gaps[0].scanner, "secrets");
    assert!(
        c.gaps[0]
            .reason
            .starts_with("the report does not say what this scanner covered"),
        "{:?}",
        c.gaps[0]
    );
    assert!(c.gaps[0].files.is_empty() && c.gaps[0].unchecked == 0);

    let mut down = report(vec![]);
    down.coverage.insert(
        "secrets".into(),
        ScannerCoverage {
            ran: false,
            files: 0,
            unchecked: unchecked(&["a.env", "b.env"]),
        },
    );
    let e = build(psd2(), vec![down]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotAssessed);
    assert_eq!(c.gaps[0].reason, "the scanner could not run");
    assert_eq!(
        c.gaps[0].files,
        vec!["a.env: not valid YAML", "b.env: not valid YAML"]
    );
    assert_eq!(c.gaps[0].unchecked, 2);
    // Near miss: a scanner that bears on no control of this framework is no gap.
    let mut other = report(vec![]);
    other
        .coverage
        .insert("iac".into(), ScannerCoverage::default());
    assert_eq!(build(psd2(), vec![other]).not_assessed, 1);
}

#[test]
fn a_finding_still_makes_a_control_with_gaps_not_satisfied() {
    let mut r = report(vec![finding_of(&secret_rule(), "a.py", 1)]);
    r.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&["b.yaml"]);
    let e = build(psd2(), vec![r]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotSatisfied);
    assert_eq!(c.findings.len(), 1);
    assert_eq!(c.gaps.len(), 1, "the gap is still reported");
}

#[test]
fn gap_files_are_listed_up_to_fifty_and_counted_in_full() {
    let paths: Vec<String> = (0..60).map(|i| format!("conf/{i:02}.yaml")).collect();
    let mut r = report(vec![]);
    r.coverage.get_mut("secrets").unwrap().unchecked =
        unchecked(&paths.iter().map(String::as_str).collect::<Vec<_>>());
    let e = build(psd2(), vec![r]);
    let g = &control(&e, "Art. 22").gaps[0];
    assert_eq!((g.files.len(), g.unchecked), (50, 60));
}

#[test]
fn a_gap_in_any_of_several_reports_is_named_with_its_report() {
    let clean = report(vec![]);
    let mut partial = report(vec![finding_of(&deps_rule(), "poetry.lock", 3)]);
    partial.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&["x.yaml"]);
    let e = build(psd2(), vec![clean, partial]);
    assert_eq!(e.sources.len(), 2);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotAssessed);
    assert_eq!(c.gaps.iter().map(|g| g.report).collect::<Vec<_>>(), vec![1]);
    let deps = control(&e, "Art. 3");
    assert_eq!(deps.status, Status::NotSatisfied);
    assert_eq!(deps.findings[0].report, 1);
}

#[test]
fn several_advisories_of_one_package_are_cited_once_with_every_id() {
    let e = build(
        psd2(),
        vec![report(vec![
            advisory("requests", "GHSA-aaaa-bbbb-cccc", 7),
            advisory("requests", "PYSEC-2024-1", 7),
            advisory("requests", "CVE-2024-0001", 7),
            advisory("urllib3", "GHSA-dddd-eeee-ffff", 19),
        ])],
    );
    let c = control(&e, "Art. 3");
    assert_eq!(c.status, Status::NotSatisfied);
    assert_eq!(c.findings.len(), 2, "{:#?}", c.findings);
    let requests = c.findings.iter().find(|f| f.line == 7).unwrap();
    let mut ids = requests.advisories.clone();
    ids.sort();
    assert_eq!(
        ids,
        vec!["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc", "PYSEC-2024-1"]
    );
    let urllib3 = c.findings.iter().find(|f| f.line == 19).unwrap();
    assert_eq!(urllib3.advisories, vec!["GHSA-dddd-eeee-ffff"]);
    // Near miss: an accepted advisory of the same package is listed apart, as accepted.
    let e = build(
        psd2(),
        vec![report(vec![
            advisory("requests", "GHSA-aaaa-bbbb-cccc", 7),
            accepted(advisory("requests", "PYSEC-2024-1", 7)),
        ])],
    );
    let c = control(&e, "Art. 3");
    assert_eq!(c.findings.len(), 1);
    assert_eq!(c.findings[0].advisories, vec!["GHSA-aaaa-bbbb-cccc"]);
    assert_eq!(c.accepted.len(), 1);
    assert_eq!(c.accepted[0].advisories, vec!["PYSEC-2024-1"]);
}

// Was a defect: citations are grouped by rule, path and line, not by package, so two packages
// declared on one line of a lockfile (a lockfile written without line breaks, where every
// package is on line 1) are cited as one, under the first, with both packages' advisories.
//
#[test]

fn advisories_of_different_packages_on_one_line_are_cited_apart() {
    let e = build(
        psd2(),
        vec![report(vec![
            advisory("requests", "GHSA-aaaa-bbbb-cccc", 1),
            advisory("urllib3", "GHSA-dddd-eeee-ffff", 1),
        ])],
    );
    let c = control(&e, "Art. 3");
    assert_eq!(c.findings.len(), 2, "{:#?}", c.findings);
}

#[test]
fn readiness_and_coverage_are_rounded_to_one_decimal() {
    // One of three assessed controls satisfied.
    let e = build(
        psd2(),
        vec![report(vec![
            finding_of(&secret_rule(), "a.py", 1),
            advisory("requests", "GHSA-aaaa-bbbb-cccc", 7),
        ])],
    );
    assert_eq!((e.satisfied, e.not_satisfied, e.not_assessed), (1, 2, 1));
    assert_eq!(e.readiness, Some(33.3));
    assert_eq!(e.coverage, 75.0);
    // Two of three GDPR articles assessed (Art. 25 has no rule here).
    let gdpr = find("gdpr").unwrap();
    let e = build(gdpr, vec![report(vec![])]);
    assert_eq!(status(&e, "Art. 25"), Status::NotAssessed);
    assert_eq!((e.satisfied, e.not_assessed), (2, 1));
    assert_eq!(e.coverage, 66.7);
    assert_eq!(e.readiness, Some(100.0));
    let e = build(
        gdpr,
        vec![report(vec![finding_of(&secret_rule(), "a.py", 1)])],
    );
    assert_eq!(e.readiness, Some(0.0));
}

#[test]
fn nothing_assessed_gives_no_readiness() {
    let mut r = report(vec![]);
    r.rules.clear();
    let e = build(psd2(), vec![r]);
    assert_eq!(e.not_assessed, 4);
    assert_eq!(e.readiness, None);
    assert_eq!(e.coverage, 0.0);
    // No report at all: the same.
    let e = build(psd2(), vec![]);
    assert_eq!((e.readiness, e.coverage), (None, 0.0));
}

// ---------------------------------------------------------------------------------------
// OSCAL

fn parse(doc: &str) -> Value {
    serde_json::from_str(doc).unwrap_or_else(|e| panic!("not JSON: {e}\n{doc}"))
}

/// `xxxxxxxx-xxxx-5xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase hex.
fn is_uuid_v5(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let hex = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    parts.len() == 5
        && parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| hex(p))
        && parts[2].starts_with('5')
        && parts[3].starts_with(['8', '9', 'a', 'b'])
}

/// Every value under a key named `uuid` (or `observation-uuid`), anywhere in `v`.
fn uuids(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == key {
                    out.push(x.as_str().expect("a uuid is a string").to_string());
                }
                uuids(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| uuids(x, key, out)),
        _ => {}
    }
}

fn check_uuids(doc: &Value) -> Vec<String> {
    let mut all = Vec::new();
    uuids(doc, "uuid", &mut all);
    assert!(!all.is_empty());
    for u in &all {
        assert!(is_uuid_v5(u), "{u} is not a version-5 UUID");
    }
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "UUIDs repeat: {all:?}");
    all
}

fn check_metadata(m: &Value) {
    for key in ["title", "last-modified", "version", "oscal-version"] {
        assert!(m[key].is_string(), "metadata.{key} missing: {m}");
    }
    assert_eq!(m["oscal-version"], oscal::OSCAL_VERSION);
}

#[test]
fn the_uuid_helper_is_a_stable_version_5_layout() {
    assert_eq!(oscal::uuid("a"), oscal::uuid("a"));
    assert_ne!(oscal::uuid("a"), oscal::uuid("b"));
    for name in ["", "a", "psd2-rts|obs|Art. 22", "ünïcödé"] {
        assert!(is_uuid_v5(&oscal::uuid(name)), "{}", oscal::uuid(name));
    }
    // Near miss for the checker itself.
    assert!(!is_uuid_v5("01234567-89ab-4def-8123-456789abcdef"));
    assert!(!is_uuid_v5("01234567-89ab-5def-c123-456789abcdef"));
}

#[test]
fn assessment_results_are_deterministic_valid_oscal() {
    let reports = || {
        vec![report(vec![
            finding_of(&secret_rule(), "a.py", 1),
            accepted(finding_of(&secret_rule(), "tests/t.py", 2)),
            advisory("requests", "GHSA-aaaa-bbbb-cccc", 7),
            advisory("requests", "PYSEC-2024-1", 7),
        ])]
    };
    let text = oscal::assessment_results(&build(psd2(), reports()));
    assert_eq!(text, oscal::assessment_results(&build(psd2(), reports())));
    let doc = parse(&text);
    let obj = doc.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), vec!["assessment-results"]);
    let ar = &doc["assessment-results"];
    for key in ["uuid", "metadata", "import-ap", "results"] {
        assert!(!ar[key].is_null(), "assessment-results.{key} missing");
    }
    check_metadata(&ar["metadata"]);
    assert!(ar["import-ap"]["href"].is_string());
    let res = &ar["results"][0];
    for key in [
        "uuid",
        "title",
        "description",
        "start",
        "end",
        "reviewed-controls",
    ] {
        assert!(!res[key].is_null(), "result.{key} missing");
    }
    assert_eq!(res["start"], "2026-06-01T08:00:00Z");
    assert_eq!(res["end"], NOW);
    check_uuids(&doc);
    // Every related observation exists.
    let observations: BTreeSet<String> = res["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["uuid"].as_str().unwrap().to_string())
        .collect();
    let mut related = Vec::new();
    uuids(&res["findings"], "observation-uuid", &mut related);
    assert!(!related.is_empty());
    assert!(related.iter().all(|u| observations.contains(u)));
    // One finding per assessed control, with its state.
    let states: BTreeMap<String, String> = res["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["target"]["target-id"].as_str().unwrap().to_string(),
                f["target"]["status"]["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let oscal_id = |id: &str| psd2().control(id).unwrap().oscal_id();
    assert_eq!(
        states,
        BTreeMap::from([
            (oscal_id("Art. 3"), "not-satisfied".to_string()),
            (oscal_id("Art. 22"), "not-satisfied".to_string()),
            (oscal_id("Art. 35"), "satisfied".to_string()),
        ])
    );
    // The advisories of one package are named together; the accepted risk with its approver.
    assert!(
        text.contains(
            "deps/vulnerable-package at poetry.lock:7 (GHSA-aaaa-bbbb-cccc, PYSEC-2024-1)"
        ),
        "{text}"
    );
    assert!(text.contains("approved by ciso@bank.example"), "{text}");
}

#[test]
fn assessment_results_change_with_their_inputs() {
    let a = build(psd2(), vec![report(vec![])]);
    let mut b = a.clone();
    b.sources[0].report_digest = "f".repeat(64);
    let (da, db) = (
        parse(&oscal::assessment_results(&a)),
        parse(&oscal::assessment_results(&b)),
    );
    assert_ne!(
        da["assessment-results"]["uuid"],
        db["assessment-results"]["uuid"]
    );
    // Near miss: the same evidence generated at the same time gives the same ids.
    assert_eq!(
        da["assessment-results"]["uuid"],
        parse(&oscal::assessment_results(&a.clone()))["assessment-results"]["uuid"]
    );
}

#[test]
fn a_not_assessed_control_with_gaps_gives_an_observation_and_no_finding() {
    let mut r = report(vec![]);
    r.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&["config/application.yaml"]);
    let e = build(psd2(), vec![r]);
    let doc = parse(&oscal::assessment_results(&e));
    check_uuids(&doc);
    let res = &doc["assessment-results"]["results"][0];
    let art22 = psd2().control("Art. 22").unwrap();
    let gap_obs: Vec<&Value> = res["observations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["title"].as_str().unwrap().starts_with("Art. 22 "))
        .collect();
    assert_eq!(gap_obs.len(), 1);
    let o = gap_obs[0];
    assert!(
        o["title"].as_str().unwrap().ends_with("not assessed"),
        "{o}"
    );
    let desc = o["description"].as_str().unwrap();
    for part in [
        "secrets in scan 0",
        "files it should have checked were not checked",
        "config/application.yaml: not valid YAML",
    ] {
        assert!(desc.contains(part), "{part} not in {desc}");
    }
    let targets: Vec<&str> = res["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["target"]["target-id"].as_str().unwrap())
        .collect();
    assert!(!targets.contains(&art22.oscal_id().as_str()), "{targets:?}");
    // Near miss: Art. 4, not assessed for want of any rule, gives neither.
    let art4 = psd2().control("Art. 4").unwrap();
    assert!(!targets.contains(&art4.oscal_id().as_str()));
    assert!(!res["observations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["title"].as_str().unwrap().starts_with("Art. 4 ")));
    assert_eq!(targets.len(), 2);
}

#[test]
fn component_definition_is_deterministic_and_lists_covered_controls() {
    let rs = rules();
    let text = oscal::component_definition(psd2(), &rs, NOW);
    assert_eq!(text, oscal::component_definition(psd2(), &rs, NOW));
    let doc = parse(&text);
    assert_eq!(
        doc.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["component-definition"]
    );
    let cd = &doc["component-definition"];
    check_metadata(&cd["metadata"]);
    check_uuids(&doc);
    let comp = &cd["components"][0];
    assert_eq!(comp["type"], "software");
    assert!(comp["title"].is_string() && comp["description"].is_string());
    let reqs = comp["control-implementations"][0]["implemented-requirements"]
        .as_array()
        .unwrap();
    let ids: BTreeSet<&str> = reqs
        .iter()
        .map(|r| r["control-id"].as_str().unwrap())
        .collect();
    let want: BTreeSet<String> = ["Art. 3", "Art. 22", "Art. 35"]
        .iter()
        .map(|id| psd2().control(id).unwrap().oscal_id())
        .collect();
    assert_eq!(ids, want.iter().map(String::as_str).collect());
    let art22 = reqs
        .iter()
        .find(|r| r["control-id"] == psd2().control("Art. 22").unwrap().oscal_id())
        .unwrap();
    assert!(art22["description"]
        .as_str()
        .unwrap()
        .contains("secrets/generic-password"));
    // Near miss: with no rules there is nothing implemented.
    let empty = parse(&oscal::component_definition(psd2(), &[], NOW));
    assert_eq!(
        empty["component-definition"]["components"][0]["control-implementations"][0]
            ["implemented-requirements"],
        Value::Array(vec![])
    );
}

// ---------------------------------------------------------------------------------------
// HTML and Markdown

/// A path with characters that mean something to HTML and to Markdown.
const NASTY: &str = "src/`<img src=x onerror=alert(1)>`|\"q\"&amp;.py";

/// Evidence citing [`NASTY`] as a finding's path, as an unchecked file, and as the target.
fn nasty_evidence() -> Evidence {
    let mut r = report(vec![
        finding_of(&deps_rule(), NASTY, 4),
        accepted(finding_of(&tls_rule(), NASTY, 9)),
    ]);
    r.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&[NASTY]);
    r.target.path = format!("repo|{NASTY}");
    build(psd2(), vec![r])
}

#[test]
fn html_escapes_paths_and_says_why_a_control_was_not_assessed() {
    let e = nasty_evidence();
    let h = html::render(&e);
    assert!(h.starts_with("<!doctype html>"));
    assert!(!h.contains("<img"), "raw markup from a path");
    assert!(!h.contains("\"q\""), "unescaped quotes from a path");
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(h.contains("&amp;amp;"), "& escaped first");
    assert!(h.contains("&quot;q&quot;"));
    assert!(h.contains(
        "not assessed: secrets in scan 0: files it should have checked were not checked (1 file)"
    ));
    // Near miss: a control without gaps says nothing of the kind.
    let clean = html::render(&build(psd2(), vec![report(vec![])]));
    assert!(!clean.contains("not assessed: "));
    // Self-contained: nothing is fetched when an auditor opens it offline.
    for needle in ["src=", "<link", "<script", "url(", "@import"] {
        assert!(!clean.contains(needle), "{needle}");
    }
}

/// One Markdown line with its code spans blanked, as CommonMark reads them: a run of n
/// backticks opens a span the next run of exactly n closes; a run with no closer is text.
/// Backslash escapes outside spans are kept as written.
fn outside_code_spans(line: &str) -> String {
    let c: Vec<char> = line.chars().collect();
    let run = |i: usize| c[i..].iter().take_while(|&&x| x == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' && i + 1 < c.len() {
            out.push(c[i]);
            out.push(c[i + 1]);
            i += 2;
        } else if c[i] == '`' {
            let n = run(i);
            let mut j = i + n;
            let mut close = None;
            while j < c.len() {
                if c[j] == '`' {
                    let m = run(j);
                    if m == n {
                        close = Some(j);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(j) => {
                    out.push(' ');
                    i = j + n;
                }
                None => {
                    out.extend(std::iter::repeat_n('`', n));
                    i += n;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Raw HTML that CommonMark would pass through: `<` then a letter, `/` or `!`, unescaped.
fn raw_html(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    (0..c.len()).any(|i| {
        c[i] == '<'
            && (i == 0 || c[i - 1] != '\\')
            && c.get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!')
    })
}

/// Unescaped `|` in a line: GFM splits table cells on them, inside code spans too.
fn cell_separators(line: &str) -> usize {
    let c: Vec<char> = line.chars().collect();
    (0..c.len())
        .filter(|&i| c[i] == '|' && (i == 0 || c[i - 1] != '\\'))
        .count()
}

/// Lines that would render as raw HTML, and table rows whose cell count differs from their
/// table's header.
fn markdown_problems(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cell_separators(line);
            match header {
                None => header = Some(n),
                Some(h) if h != n => {
                    out.push(format!("{n} cell separators, header has {h}: {line}"))
                }
                Some(_) => {}
            }
        } else {
            header = None;
        }
        if raw_html(&outside_code_spans(line)) {
            out.push(format!("raw HTML: {line}"));
        }
    }
    out
}

#[test]
fn the_markdown_checker_sees_what_it_should() {
    assert!(markdown_problems("- `<b>` in code\n").is_empty());
    assert!(markdown_problems("- `` a`<b>`c `` in a longer span\n").is_empty());
    assert!(markdown_problems("- \\<b> escaped\n").is_empty());
    assert!(!markdown_problems("- `a`<b>`c` breaks out\n").is_empty());
    assert!(!markdown_problems("- <img src=x>\n").is_empty());
    assert!(markdown_problems("| a | b |\n|---|---|\n| `x\\|y` | z |\n").is_empty());
    assert!(!markdown_problems("| a | b |\n|---|---|\n| `x|y` | z |\n").is_empty());
}

#[test]
fn markdown_mentions_gaps_and_findings() {
    let mut r = report(vec![finding_of(&deps_rule(), "poetry.lock", 4)]);
    r.coverage.get_mut("secrets").unwrap().unchecked = unchecked(&["config/application.yaml"]);
    let md = markdown::render(&build(psd2(), vec![r]));
    assert!(
        md.contains(
            "- ➖ not assessed: `secrets` in scan 0: files it should have checked were not checked"
        ),
        "{md}"
    );
    assert!(
        md.contains("  - `config/application.yaml: not valid YAML`"),
        "{md}"
    );
    assert!(
        md.contains("`deps/vulnerable-package` at `poetry.lock:4`"),
        "{md}"
    );
    assert!(
        markdown_problems(&md).is_empty(),
        "{:?}",
        markdown_problems(&md)
    );
    // Near miss: without gaps there is no such line.
    let clean = markdown::render(&build(psd2(), vec![report(vec![])]));
    assert!(!clean.contains("not assessed: `"));
    assert!(clean.contains("Readiness **100.0 %**"), "{clean}");
}

// Was a defect: the Markdown renderer writes paths (and the scan target) into code spans and
// table cells as they are: a backtick in a path ends the code span, so HTML in the path is
// passed through raw, and a `|` in the target adds a table column.
#[test]

fn markdown_escapes_paths() {
    let md = markdown::render(&nasty_evidence());
    let problems = markdown_problems(&md);
    assert!(problems.is_empty(), "{problems:#?}\n{md}");
}

// Was a defect: both renderers cut the commit to 12 bytes with a string slice; a report whose
// git_commit is not ASCII (the report file is input) panics the evidence command.
#[test]

fn renderers_do_not_panic_on_a_non_ascii_commit() {
    let mut r = report(vec![]);
    r.target.git_commit = Some("0123456789aé-not-a-hash".into());
    let e = build(psd2(), vec![r]);
    let h = std::panic::catch_unwind(|| html::render(&e));
    let m = std::panic::catch_unwind(|| markdown::render(&e));
    assert!(h.is_ok(), "html::render panicked");
    assert!(m.is_ok(), "markdown::render panicked");
}

#[test]
fn a_scanner_that_read_no_file_assesses_nothing() {
    // The secrets scanner ran but was handed no file (an empty tree, or one with nothing
    // it reads): no finding is no evidence.
    let mut r = report(vec![]);
    *r.coverage.get_mut("secrets").unwrap() = complete(0);
    let e = build(psd2(), vec![r]);
    let c = control(&e, "Art. 22");
    assert_eq!(c.status, Status::NotAssessed);
    assert_eq!(c.gaps.len(), 1);
    assert_eq!(c.gaps[0].scanner, "secrets");
    assert_eq!(
        c.gaps[0].reason,
        "the scanner read no file of the kinds it checks"
    );
    // Near miss: the same control with one file read is satisfied.
    let mut r = report(vec![]);
    *r.coverage.get_mut("secrets").unwrap() = complete(1);
    assert_eq!(
        status(&build(psd2(), vec![r]), "Art. 22"),
        Status::Satisfied
    );
}
