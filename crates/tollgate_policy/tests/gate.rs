//! The gate from values built in code: tier thresholds and their overlays, the decision
//! from counted findings and the other inputs, diff-aware marking, and risk acceptances.
//! Each behaviour is checked with a case that triggers it and a near miss that must not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tollgate_core::config::{GateConfig, ScannerGate, Threshold, TierConfig};
use tollgate_core::gate::Status;
use tollgate_core::report::{RunTiming, Summary};
use tollgate_core::{
    Confidence, DiffStatus, FileIssue, Finding, IssueKind, Location, RuleId, RuleMeta, ScanReport,
    ScanStats, ScannerCoverage, Severity, Suppression, SuppressionKind, Target, ToolInfo,
    Unchecked,
};
use tollgate_policy::decide::{decide, refuse_inline_ignores, unchecked_summary, Inputs};
use tollgate_policy::diff::{apply_baseline, apply_changed_lines, load_baseline, ChangedLines};
use tollgate_policy::exceptions::{self, parse_date};
use tollgate_policy::tier::{builtin, Policy, PolicyError, ScannerPolicy};

// ---------------------------------------------------------------------------------------
// Values

fn at(s: Severity) -> Threshold {
    Threshold::At(s)
}

fn rule(scanner: &str, slug: &str, severity: Severity) -> RuleMeta {
    RuleMeta {
        id: RuleId::new(scanner, slug),
        title: format!("{slug} title"),
        severity,
        confidence: Confidence::High,
        cwe: vec![],
        tags: vec![],
        doc: String::new(),
        remediation: String::new(),
        references: vec![],
        examples: Default::default(),
        aliases: Vec::new(),
    }
}

/// A finding of `<scanner>/<slug>` at `path:line`, fingerprinted by all three.
fn finding(scanner: &str, slug: &str, severity: Severity, path: &str, line: u32) -> Finding {
    Finding::of_rule(
        &rule(scanner, slug, severity),
        Location::line(path, line),
        format!("fp-{scanner}-{slug}-{path}-{line}"),
    )
}

fn suppressed(mut f: Finding, kind: SuppressionKind) -> Finding {
    f.suppression = Some(Suppression::simple(kind, "reviewed"));
    f
}

fn report(findings: Vec<Finding>) -> ScanReport {
    let mut r = ScanReport {
        schema_version: tollgate_core::report::REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target::default(),
        config_digest: String::new(),
        scanners: vec![],
        rules: vec![],
        summary: Summary::default(),
        decision: None,
        findings,
        file_issues: vec![],
        stats: ScanStats::default(),
        coverage: BTreeMap::new(),
        timing: RunTiming::default(),
        rule_meta: vec![],
    };
    r.finalize();
    r
}

/// Coverage of a scanner that ran over `files` files and could not check `unchecked`.
fn covered(files: u64, unchecked: &[&str]) -> ScannerCoverage {
    ScannerCoverage {
        ran: true,
        files,
        unchecked: unchecked
            .iter()
            .map(|p| Unchecked {
                path: p.to_string(),
                reason: "not valid UTF-8".into(),
            })
            .collect(),
    }
}

fn tier(name: &str) -> Policy {
    Policy::resolve(&GateConfig::default(), Some(name), None).unwrap()
}

fn with_tiers(tiers: &[(&str, TierConfig)]) -> GateConfig {
    GateConfig {
        tiers: tiers
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone()))
            .collect(),
        ..GateConfig::default()
    }
}

fn gate(findings: Vec<Finding>, policy: &Policy) -> tollgate_core::gate::Decision {
    decide(&report(findings), policy, &Inputs::default())
}

// ---------------------------------------------------------------------------------------
// tier

#[test]
fn critical_tier_fails_any_secret_requires_coverage_and_refuses_inline_ignores() {
    let p = tier("critical");
    assert_eq!(p.tier, "critical");
    assert_eq!(
        (p.fail_on, p.warn_on),
        (at(Severity::High), at(Severity::Low))
    );
    assert!(!p.allow_inline_ignores);
    assert!(p.require_full_coverage);
    assert_eq!(
        p.for_scanner("secrets"),
        ScannerPolicy {
            fail_on: at(Severity::Low),
            warn_on: at(Severity::Low),
            fail_on_any: true,
        }
    );
    // Other scanners keep the tier's thresholds and no fail_on_any.
    assert_eq!(
        p.for_scanner("deps"),
        ScannerPolicy {
            fail_on: at(Severity::High),
            warn_on: at(Severity::Low),
            fail_on_any: false,
        }
    );
    // A low secret fails; a low dependency finding only warns; a medium one too.
    assert_eq!(
        gate(vec![finding("secrets", "jwt", Severity::Low, "a", 1)], &p).status,
        Status::Fail
    );
    assert_eq!(
        gate(vec![finding("deps", "vuln", Severity::Low, "a", 1)], &p).status,
        Status::Warn
    );
    assert_eq!(
        gate(vec![finding("deps", "vuln", Severity::Medium, "a", 1)], &p).status,
        Status::Warn
    );
    assert_eq!(
        gate(vec![finding("deps", "vuln", Severity::High, "a", 1)], &p).status,
        Status::Fail
    );
}

#[test]
fn an_info_secret_fails_the_critical_tier_only_through_fail_on_any() {
    let p = tier("critical");
    let d = gate(vec![finding("secrets", "jwt", Severity::Info, "a", 1)], &p);
    assert_eq!(d.status, Status::Fail, "{d:?}");
    assert_eq!(
        d.reasons[0],
        "1 active secrets finding in a tier-critical application (any secrets finding fails)"
    );
    // Near miss: in the high tier, secrets have no fail_on_any, and info is below low.
    let d = gate(
        vec![finding("secrets", "jwt", Severity::Info, "a", 1)],
        &tier("high"),
    );
    assert_eq!(d.status, Status::Pass, "{d:?}");
}

#[test]
fn high_tier_fails_medium_secrets_and_high_anything() {
    let p = tier("high");
    assert_eq!(
        (p.fail_on, p.warn_on),
        (at(Severity::High), at(Severity::Medium))
    );
    assert!(p.allow_inline_ignores && !p.require_full_coverage);
    assert_eq!(
        p.for_scanner("secrets"),
        ScannerPolicy {
            fail_on: at(Severity::Medium),
            warn_on: at(Severity::Low),
            fail_on_any: false,
        }
    );
    let status = |f| gate(vec![f], &p).status;
    assert_eq!(
        status(finding("secrets", "x", Severity::Medium, "a", 1)),
        Status::Fail
    );
    assert_eq!(
        status(finding("secrets", "x", Severity::Low, "a", 1)),
        Status::Warn
    );
    assert_eq!(
        status(finding("sast", "x", Severity::Medium, "a", 1)),
        Status::Warn
    );
    assert_eq!(
        status(finding("sast", "x", Severity::Low, "a", 1)),
        Status::Pass
    );
    assert_eq!(
        status(finding("sast", "x", Severity::High, "a", 1)),
        Status::Fail
    );
}

#[test]
fn standard_and_low_tiers_fail_only_on_critical() {
    for name in ["standard", "low"] {
        let p = tier(name);
        assert_eq!(p.tier, name);
        assert_eq!(
            (p.fail_on, p.warn_on),
            (at(Severity::Critical), at(Severity::High)),
            "{name}"
        );
        assert!(p.allow_inline_ignores && !p.require_full_coverage && p.scanners.is_empty());
        let status = |s| gate(vec![finding("secrets", "x", s, "a", 1)], &p).status;
        assert_eq!(status(Severity::Critical), Status::Fail, "{name}");
        assert_eq!(status(Severity::High), Status::Warn, "{name}");
        assert_eq!(status(Severity::Medium), Status::Pass, "{name}");
    }
}

#[test]
fn default_tier_when_none_is_configured() {
    let p = Policy::resolve(&GateConfig::default(), None, None).unwrap();
    assert_eq!(p, builtin("default").unwrap());
    assert_eq!(p.tier, "default");
    assert_eq!(
        (p.fail_on, p.warn_on),
        (at(Severity::High), at(Severity::Medium))
    );
    assert!(p.allow_inline_ignores && !p.require_full_coverage && p.scanners.is_empty());
    // The configured tier is used when there is no override; the override wins over it.
    let cfg = GateConfig {
        tier: Some("standard".into()),
        ..GateConfig::default()
    };
    assert_eq!(Policy::resolve(&cfg, None, None).unwrap().tier, "standard");
    assert_eq!(
        Policy::resolve(&cfg, Some("critical"), None).unwrap().tier,
        "critical"
    );
}

#[test]
fn unknown_tier_is_an_error_naming_it() {
    let e = Policy::resolve(&GateConfig::default(), Some("galactic"), None).unwrap_err();
    assert_eq!(e, PolicyError::UnknownTier("galactic".into()));
    assert!(
        e.to_string().contains("unknown risk tier 'galactic'"),
        "{e}"
    );
    assert!(e.to_string().contains("[gate.tiers.NAME]"), "{e}");
    assert!(builtin("galactic").is_none());
    // Near miss: tier names are exact.
    assert!(Policy::resolve(&GateConfig::default(), Some("Critical"), None).is_err());
}

#[test]
fn a_tier_overlay_changes_only_what_it_sets() {
    let cfg = with_tiers(&[(
        "critical",
        TierConfig {
            warn_on: Some(at(Severity::Medium)),
            allow_inline_ignores: Some(true),
            ..TierConfig::default()
        },
    )]);
    let p = Policy::resolve(&cfg, Some("critical"), None).unwrap();
    assert_eq!(p.warn_on, at(Severity::Medium));
    assert!(p.allow_inline_ignores);
    // Untouched: fail_on, coverage and the built-in secrets entry.
    assert_eq!(p.fail_on, at(Severity::High));
    assert!(p.require_full_coverage);
    assert!(p.for_scanner("secrets").fail_on_any);
    // An overlay of another tier does not reach this one.
    let other = with_tiers(&[(
        "high",
        TierConfig {
            require_full_coverage: Some(false),
            ..TierConfig::default()
        },
    )]);
    assert!(
        Policy::resolve(&other, Some("critical"), None)
            .unwrap()
            .require_full_coverage
    );
}

#[test]
fn a_new_tier_starts_from_the_default_tier() {
    let cfg = with_tiers(&[(
        "payments",
        TierConfig {
            fail_on: Some(at(Severity::Medium)),
            require_full_coverage: Some(true),
            ..TierConfig::default()
        },
    )]);
    let p = Policy::resolve(&cfg, Some("payments"), None).unwrap();
    assert_eq!(p.tier, "payments");
    assert_eq!(p.fail_on, at(Severity::Medium));
    assert_eq!(p.warn_on, at(Severity::Medium), "from the default tier");
    assert!(p.require_full_coverage && p.allow_inline_ignores);
    let d = gate(vec![finding("deps", "v", Severity::Medium, "a", 1)], &p);
    assert_eq!((d.status, d.tier.as_str()), (Status::Fail, "payments"));
    // Near miss: a tier only defined for another name is still unknown.
    assert!(Policy::resolve(&cfg, Some("payment"), None).is_err());
}

#[test]
fn per_scanner_thresholds_apply_to_their_scanner_only() {
    let mut scanners = BTreeMap::new();
    scanners.insert(
        "deps".to_string(),
        ScannerGate {
            fail_on: Some(at(Severity::Critical)),
            warn_on: Some(Threshold::None),
            fail_on_any: None,
        },
    );
    scanners.insert(
        "iac".to_string(),
        ScannerGate {
            fail_on_any: Some(true),
            ..ScannerGate::default()
        },
    );
    let cfg = with_tiers(&[(
        "default",
        TierConfig {
            scanners,
            ..TierConfig::default()
        },
    )]);
    let p = Policy::resolve(&cfg, None, None).unwrap();
    assert_eq!(
        p.for_scanner("deps"),
        ScannerPolicy {
            fail_on: at(Severity::Critical),
            warn_on: Threshold::None,
            fail_on_any: false,
        }
    );
    // Only fail_on_any set: the thresholds are the tier's.
    assert_eq!(
        p.for_scanner("iac"),
        ScannerPolicy {
            fail_on: at(Severity::High),
            warn_on: at(Severity::Medium),
            fail_on_any: true,
        }
    );
    let status = |f| gate(vec![f], &p).status;
    assert_eq!(
        status(finding("deps", "v", Severity::High, "a", 1)),
        Status::Pass
    );
    assert_eq!(
        status(finding("deps", "v", Severity::Critical, "a", 1)),
        Status::Fail
    );
    assert_eq!(
        status(finding("sast", "v", Severity::High, "a", 1)),
        Status::Fail
    );
    assert_eq!(
        status(finding("iac", "v", Severity::Info, "a", 1)),
        Status::Fail
    );
}

#[test]
fn fail_on_any_secret_is_shorthand_for_the_secrets_scanner() {
    let cfg = with_tiers(&[(
        "standard",
        TierConfig {
            fail_on_any_secret: Some(true),
            ..TierConfig::default()
        },
    )]);
    let p = Policy::resolve(&cfg, Some("standard"), None).unwrap();
    assert_eq!(
        p.for_scanner("secrets"),
        ScannerPolicy {
            fail_on: at(Severity::Critical),
            warn_on: at(Severity::High),
            fail_on_any: true,
        }
    );
    assert!(!p.for_scanner("deps").fail_on_any);
    // It can also switch the critical tier's built-in rule off, keeping its thresholds.
    let off = with_tiers(&[(
        "critical",
        TierConfig {
            fail_on_any_secret: Some(false),
            ..TierConfig::default()
        },
    )]);
    let p = Policy::resolve(&off, Some("critical"), None).unwrap();
    assert_eq!(
        p.for_scanner("secrets"),
        ScannerPolicy {
            fail_on: at(Severity::Low),
            warn_on: at(Severity::Low),
            fail_on_any: false,
        }
    );
    assert_eq!(
        gate(vec![finding("secrets", "x", Severity::Info, "a", 1)], &p).status,
        Status::Pass
    );
}

#[test]
fn gate_thresholds_override_the_tier_and_fail_on_flag_overrides_every_scanner() {
    let cfg = GateConfig {
        tier: Some("critical".into()),
        fail_on: Some(at(Severity::Critical)),
        warn_on: Some(at(Severity::High)),
        ..GateConfig::default()
    };
    let p = Policy::resolve(&cfg, None, None).unwrap();
    assert_eq!(
        (p.fail_on, p.warn_on),
        (at(Severity::Critical), at(Severity::High))
    );
    // `[gate] fail_on` is the tier's threshold: the built-in secrets entry keeps its own.
    assert_eq!(p.for_scanner("secrets").fail_on, at(Severity::Low));
    // The command line governs every scanner, fail_on_any untouched.
    let p = Policy::resolve(&cfg, None, Some(Threshold::None)).unwrap();
    assert_eq!(p.fail_on, Threshold::None);
    assert_eq!(
        p.for_scanner("secrets"),
        ScannerPolicy {
            fail_on: Threshold::None,
            warn_on: at(Severity::Low),
            fail_on_any: true,
        }
    );
    assert_eq!(p.for_scanner("deps").fail_on, Threshold::None);
    let p = Policy::resolve(
        &GateConfig::default(),
        Some("high"),
        Some(at(Severity::Low)),
    )
    .unwrap();
    assert_eq!(p.for_scanner("secrets").fail_on, at(Severity::Low));
    assert_eq!(p.for_scanner("sast").fail_on, at(Severity::Low));
    assert_eq!(
        gate(vec![finding("sast", "x", Severity::Low, "a", 1)], &p).status,
        Status::Fail
    );
}

// Was a defect: a scanner entry created by an overlay that sets only `fail_on_any` (or the
// `fail_on_any_secret` shorthand) copies the tier's thresholds at overlay time, so a later
// `[gate] fail_on` / `warn_on` never reaches that scanner: here a high secret only warns
// while a high dependency finding fails.
#[test]

fn gate_fail_on_reaches_scanners_whose_entry_sets_only_fail_on_any() {
    let mut cfg = with_tiers(&[(
        "standard",
        TierConfig {
            fail_on_any_secret: Some(false),
            ..TierConfig::default()
        },
    )]);
    cfg.fail_on = Some(at(Severity::High));
    let p = Policy::resolve(&cfg, Some("standard"), None).unwrap();
    assert_eq!(p.for_scanner("deps").fail_on, at(Severity::High));
    assert_eq!(p.for_scanner("secrets").fail_on, at(Severity::High));
    assert_eq!(
        gate(vec![finding("secrets", "x", Severity::High, "a", 1)], &p).status,
        Status::Fail
    );
}

// ---------------------------------------------------------------------------------------
// decide

#[test]
fn counted_findings_per_scanner_and_severity_give_one_reason_each() {
    let p = tier("default");
    let d = gate(
        vec![
            finding("secrets", "a", Severity::High, "x", 1),
            finding("secrets", "b", Severity::High, "x", 2),
            finding("deps", "c", Severity::Critical, "y", 1),
            finding("deps", "d", Severity::Medium, "y", 2),
            finding("sast", "e", Severity::Low, "z", 1),
        ],
        &p,
    );
    assert_eq!(d.status, Status::Fail);
    assert_eq!(
        d.reasons,
        vec![
            "1 deps critical finding (fail_on = high)".to_string(),
            "2 secrets high findings (fail_on = high)".to_string(),
        ]
    );
    assert_eq!(
        d.warnings,
        vec!["1 deps medium finding (warn_on = medium)".to_string()]
    );
    assert_eq!(
        (d.tier.as_str(), d.fail_on.as_str(), d.warn_on.as_str()),
        ("default", "high", "medium")
    );
}

#[test]
fn passing_and_warning_say_what_the_threshold_was() {
    let p = tier("default");
    let d = gate(vec![], &p);
    assert_eq!(d.status, Status::Pass);
    assert_eq!(d.reasons, vec!["no new active finding at or above high"]);
    assert!(d.warnings.is_empty());
    let d = gate(vec![finding("deps", "v", Severity::Medium, "a", 1)], &p);
    assert_eq!(d.status, Status::Warn);
    assert_eq!(d.reasons, vec!["no new active finding at or above high"]);
    // A failing decision gives only the failures.
    let d = gate(vec![finding("deps", "v", Severity::High, "a", 1)], &p);
    assert!(!d
        .reasons
        .iter()
        .any(|r| r.starts_with("no new active finding")));
    // fail_on = none: nothing fails, and the reason says so.
    let none = Policy::resolve(&GateConfig::default(), None, Some(Threshold::None)).unwrap();
    let d = gate(
        vec![finding("deps", "v", Severity::Critical, "a", 1)],
        &none,
    );
    assert_eq!(d.status, Status::Warn, "{d:?}");
    assert_eq!(d.fail_on, "none");
    assert_eq!(
        d.reasons,
        vec!["fail_on = none: findings never fail the gate"]
    );
}

#[test]
fn suppressed_and_baselined_findings_do_not_count() {
    let p = tier("default");
    for kind in [
        SuppressionKind::Inline,
        SuppressionKind::Config,
        SuppressionKind::Exception,
        SuppressionKind::Vex,
    ] {
        let d = gate(
            vec![suppressed(
                finding("secrets", "x", Severity::Critical, "a", 1),
                kind,
            )],
            &p,
        );
        assert_eq!(d.status, Status::Pass, "{kind:?}: {d:?}");
        assert_eq!(
            d.reasons.len(),
            1,
            "suppressed findings are no baselined ones"
        );
    }
    for old in [DiffStatus::InBaseline, DiffStatus::Unchanged] {
        let mut f = finding("secrets", "x", Severity::Critical, "a", 1);
        f.diff = Some(old);
        let d = gate(vec![f], &p);
        assert_eq!(d.status, Status::Pass, "{old:?}");
        assert_eq!(
            d.reasons,
            vec![
                "no new active finding at or above high".to_string(),
                "1 existing finding not counted: in the baseline or on unchanged lines".to_string(),
            ]
        );
    }
    // Near miss: a finding marked new counts.
    let mut f = finding("secrets", "x", Severity::Critical, "a", 1);
    f.diff = Some(DiffStatus::New);
    assert_eq!(gate(vec![f], &p).status, Status::Fail);
}

#[test]
fn fail_on_any_reports_the_whole_count_only_when_no_threshold_failed() {
    let p = tier("critical");
    // Below the secrets threshold (low): fail_on_any gives the reason, with every finding.
    let d = gate(
        vec![
            finding("secrets", "a", Severity::Info, "x", 1),
            finding("secrets", "b", Severity::Info, "x", 2),
        ],
        &p,
    );
    assert_eq!(
        d.reasons,
        vec![
            "2 active secrets findings in a tier-critical application (any secrets finding fails)"
        ]
    );
    // At the threshold: the threshold reason, not both.
    let d = gate(vec![finding("secrets", "a", Severity::High, "x", 1)], &p);
    assert_eq!(d.reasons, vec!["1 secrets high finding (fail_on = low)"]);
    // Suppressed secrets are no active ones.
    let d = gate(
        vec![suppressed(
            finding("secrets", "a", Severity::Info, "x", 1),
            SuppressionKind::Exception,
        )],
        &p,
    );
    assert_eq!(d.status, Status::Pass);
}

#[test]
fn expired_exceptions_fail_when_needed_and_warn_when_unused() {
    let p = tier("default");
    let d = decide(
        &report(vec![]),
        &p,
        &Inputs {
            expired_in_use: vec!["ex.toml:1 (approved by risk, expires 2020-01-01)".into()],
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Fail);
    assert_eq!(
        d.reasons,
        vec!["expired exception still needed: ex.toml:1 (approved by risk, expires 2020-01-01)"]
    );
    let d = decide(
        &report(vec![]),
        &p,
        &Inputs {
            expired_unused: vec!["ex.toml:9".into()],
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Warn);
    assert_eq!(
        d.warnings,
        vec!["expired exception can be removed: ex.toml:9"]
    );
}

#[test]
fn rego_deny_fails_and_warn_warns() {
    let p = tier("default");
    let d = decide(
        &report(vec![]),
        &p,
        &Inputs {
            rego_deny: vec!["no deploy on friday".into()],
            rego_warn: vec!["sbom missing".into()],
            notes: vec!["npm advisories are 40 days old".into()],
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Fail);
    assert_eq!(d.reasons, vec!["policy: no deploy on friday"]);
    assert_eq!(
        d.warnings,
        vec![
            "policy: sbom missing".to_string(),
            "npm advisories are 40 days old".to_string()
        ]
    );
    let d = decide(
        &report(vec![]),
        &p,
        &Inputs {
            rego_warn: vec!["sbom missing".into()],
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Warn);
}

#[test]
fn inline_ignores_are_refused_where_the_tier_says_so() {
    let findings = vec![
        suppressed(
            finding("secrets", "a", Severity::High, "x", 1),
            SuppressionKind::Inline,
        ),
        suppressed(
            finding("secrets", "b", Severity::High, "x", 2),
            SuppressionKind::Config,
        ),
        suppressed(
            finding("secrets", "c", Severity::High, "x", 3),
            SuppressionKind::Exception,
        ),
    ];
    // Near miss: a tier that accepts them leaves everything as it was.
    let mut r = report(findings.clone());
    assert_eq!(refuse_inline_ignores(&mut r, &tier("high")), 0);
    assert!(r.findings.iter().all(|f| f.suppression.is_some()));

    let p = tier("critical");
    let mut r = report(findings);
    let n = refuse_inline_ignores(&mut r, &p);
    assert_eq!(n, 1);
    let inline = &r.findings[0];
    assert!(inline.suppression.is_none());
    assert_eq!(
        inline.data["inline_ignore_refused"],
        "tier critical accepts only approved exceptions; the comment said: reviewed"
    );
    // Configuration allowlists and exceptions are not inline ignores.
    assert!(r.findings[1].suppression.is_some() && r.findings[2].suppression.is_some());
    let d = decide(
        &r,
        &p,
        &Inputs {
            inline_ignores_refused: n,
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Fail);
    assert_eq!(d.reasons, vec!["1 secrets high finding (fail_on = low)"]);
    assert_eq!(
        d.warnings,
        vec!["1 inline ignore not accepted in tier critical: use an approved exception"]
    );
}

#[test]
fn unchecked_files_warn_by_default_and_fail_when_strict_or_required() {
    let mut r = report(vec![]);
    r.coverage
        .insert("secrets".into(), covered(10, &["bin/blob"]));
    r.coverage.insert("deps".into(), covered(2, &[]));
    let line = "1 file could not be checked (secrets 1)";
    let d = decide(&r, &tier("default"), &Inputs::default());
    assert_eq!(
        (d.status, d.warnings.clone()),
        (Status::Warn, vec![line.to_string()])
    );
    let d = decide(
        &r,
        &tier("default"),
        &Inputs {
            strict: true,
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Fail);
    assert_eq!(d.reasons, vec![format!("{line} (--strict)")]);
    let d = decide(&r, &tier("critical"), &Inputs::default());
    assert_eq!(d.status, Status::Fail);
    assert_eq!(
        d.reasons,
        vec![format!("{line} (the tier requires full coverage)")]
    );
    // Near miss: complete coverage says nothing, even in the critical tier.
    let mut full = report(vec![]);
    full.coverage.insert("secrets".into(), covered(10, &[]));
    let d = decide(&full, &tier("critical"), &Inputs::default());
    assert_eq!(d.status, Status::Pass, "{d:?}");
}

#[test]
fn unchecked_summary_counts_distinct_files_across_scanners_and_walk_errors() {
    let mut r = report(vec![]);
    assert_eq!(unchecked_summary(&r), None);
    r.coverage
        .insert("deps".into(), covered(3, &["a.lock", "b.lock"]));
    r.coverage.insert("secrets".into(), covered(9, &["a.lock"]));
    r.coverage.insert("iac".into(), covered(1, &[]));
    assert_eq!(
        unchecked_summary(&r).as_deref(),
        Some("2 files could not be checked (deps 2, secrets 1)")
    );
    // A walk error no scanner claimed counts too; one already listed is not counted twice.
    for path in ["vendor", "a.lock"] {
        r.file_issues.push(FileIssue {
            path: path.into(),
            kind: IssueKind::Error,
            line: None,
            source: "walk".into(),
            message: "permission denied".into(),
        });
    }
    // Near miss: skipped files and warnings are not unchecked.
    r.file_issues.push(FileIssue {
        path: "big.bin".into(),
        kind: IssueKind::Skipped,
        line: None,
        source: "walk".into(),
        message: "larger than 10 MiB".into(),
    });
    assert_eq!(
        unchecked_summary(&r).as_deref(),
        Some("3 files could not be checked (deps 2, secrets 1)")
    );
    // Only walk errors: no per-scanner detail.
    let mut w = report(vec![]);
    w.file_issues.push(FileIssue {
        path: "vendor".into(),
        kind: IssueKind::Error,
        line: None,
        source: "walk".into(),
        message: "permission denied".into(),
    });
    assert_eq!(
        unchecked_summary(&w).as_deref(),
        Some("1 file could not be checked")
    );
}

#[test]
fn weakening_settings_warn_and_fail_when_strict_or_required() {
    let w = "allowlist entry 1 matches every path".to_string();
    let inputs = |strict| Inputs {
        strict,
        weakening: vec![w.clone()],
        ..Inputs::default()
    };
    let d = decide(&report(vec![]), &tier("default"), &inputs(false));
    assert_eq!(
        (d.status, d.warnings.clone()),
        (Status::Warn, vec![w.clone()])
    );
    let d = decide(&report(vec![]), &tier("default"), &inputs(true));
    assert_eq!(d.status, Status::Fail);
    assert_eq!(d.reasons, vec![format!("{w} (--strict)")]);
    let d = decide(&report(vec![]), &tier("critical"), &inputs(false));
    assert_eq!(d.status, Status::Fail);
    assert_eq!(
        d.reasons,
        vec![format!("{w} (the tier requires full coverage)")]
    );
}

// ---------------------------------------------------------------------------------------
// diff

#[test]
fn baseline_marks_by_fingerprint_not_by_place() {
    let mut fs = vec![
        finding("secrets", "a", Severity::High, "x", 1),
        finding("secrets", "a", Severity::High, "x", 2),
    ];
    // The first finding moved to another line: same fingerprint, still in the baseline.
    let old = fs[0].fingerprint.clone();
    fs[0].location = Location::line("x", 40);
    let baseline: BTreeSet<String> = [old, "fp-of-something-else".to_string()].into();
    apply_baseline(&mut fs, &baseline);
    assert_eq!(fs[0].diff, Some(DiffStatus::InBaseline));
    assert_eq!(fs[1].diff, Some(DiffStatus::New));
    // An empty baseline: everything is new.
    apply_baseline(&mut fs, &BTreeSet::new());
    assert!(fs.iter().all(|f| f.diff == Some(DiffStatus::New)));
}

#[test]
fn changed_lines_mark_findings_on_changed_ranges_and_new_files() {
    let mut span = finding("sast", "s", Severity::High, "src/a.py", 3);
    span.location = Location::file("src/a.py", (3, 1), (5, 9));
    let mut fs = vec![
        finding("sast", "s", Severity::High, "src/a.py", 10), // on 10..=12
        finding("sast", "s", Severity::High, "src/a.py", 12), // last line of the range
        finding("sast", "s", Severity::High, "src/a.py", 13), // just after it
        finding("sast", "s", Severity::High, "src/a.py", 9),  // just before it
        span,                                                 // 3..=5 overlaps 5..=5
        finding("sast", "s", Severity::High, "src/new.py", 7), // untracked file
        finding("sast", "s", Severity::High, "src/old.py", 1), // not in the change set
        finding("sast", "s", Severity::High, "src/touched.py", 1), // changed, no lines added
    ];
    let mut changed: ChangedLines = BTreeMap::new();
    changed.insert("src/a.py".into(), Some(vec![(5, 5), (10, 12)]));
    changed.insert("src/new.py".into(), None);
    changed.insert("src/touched.py".into(), Some(vec![]));
    apply_changed_lines(&mut fs, &changed);
    let got: Vec<DiffStatus> = fs.iter().map(|f| f.diff.unwrap()).collect();
    use DiffStatus::{New, Unchanged};
    assert_eq!(
        got,
        vec![New, New, Unchanged, Unchanged, New, New, Unchanged, Unchanged]
    );
}

#[test]
fn a_baseline_that_is_not_a_report_is_an_error_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("baseline.json");
    std::fs::write(
        &path,
        "{\n  \"schema_version\": 2,\n  \"findings\": [,]\n}\n",
    )
    .unwrap();
    let e = load_baseline(&path).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}:3: not a Tollgate JSON report", path.display())),
        "{e}"
    );
    let missing = d.path().join("nope.json");
    let e = load_baseline(&missing).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}: cannot read", missing.display())),
        "{e}"
    );
    // Near miss: a report written and read back gives its fingerprints.
    let r = report(vec![
        finding("secrets", "a", Severity::High, "x", 1),
        finding("deps", "b", Severity::Low, "y", 2),
    ]);
    std::fs::write(&path, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    let fps = load_baseline(&path).unwrap();
    assert_eq!(
        fps,
        r.findings
            .iter()
            .map(|f| f.fingerprint.clone())
            .collect::<BTreeSet<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// exceptions

const EXCEPTIONS: &str = ".tollgate/exceptions.toml";

fn entry(fields: &str) -> String {
    format!("[[exception]]\n{fields}")
}

fn parse_err(text: &str) -> exceptions::ExceptionError {
    exceptions::parse(text, Path::new(EXCEPTIONS)).expect_err(text)
}

fn parse_ok(text: &str) -> Vec<tollgate_policy::Exception> {
    exceptions::parse(text, Path::new(EXCEPTIONS)).unwrap_or_else(|e| panic!("{e}\nfor\n{text}"))
}

const GOOD: &str =
    "rule = \"secrets/jwt\"\nreason = \"test token\"\napproved_by = \"risk@bank\"\nexpires = \"2027-01-31\"\n";

#[test]
fn exceptions_missing_a_required_field_name_file_and_line() {
    // The bad entry starts on line 7, after a good one.
    let prefix = format!("{}# second\n", entry(GOOD));
    assert_eq!(prefix.lines().count(), 6);
    let cases = [
        (
            "rule = \"x\"\nreason = \"r\"\nexpires = \"2027-01-31\"\n",
            "approved_by",
        ),
        (
            "rule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\n",
            "expires",
        ),
        (
            "rule = \"x\"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n",
            "needs a reason",
        ),
        (
            "rule = \"x\"\nreason = \"  \"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n",
            "needs a reason",
        ),
        (
            "rule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"31/01/2027\"\n",
            "expires = '31/01/2027' is not a date",
        ),
        (
            "rule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-02-29\"\n",
            "is not a date",
        ),
        (
            "path = \"src/[\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n",
            "invalid path glob 'src/['",
        ),
        (
            "reason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n",
            "must name a rule, a path or a fingerprint",
        ),
    ];
    for (fields, want) in cases {
        let text = format!("{prefix}{}", entry(fields));
        let e = parse_err(&text);
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains(want), "{e}");
        assert!(
            e.to_string().starts_with(&format!("{EXCEPTIONS}:7: ")),
            "{e}"
        );
    }
    // A typo in a key is an error on its own line, not a silently wider exception.
    let e = parse_err(&entry("rule = \"x\"\nreasn = \"r\"\n"));
    assert_eq!(e.line, 3, "{e}");
    // Near miss: the good entry alone loads.
    let ok = parse_ok(&entry(GOOD));
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].source, format!("{EXCEPTIONS}:1"));
    assert_eq!(ok[0].expires, "2027-01-31");
}

#[test]
fn an_unquoted_toml_date_is_an_error_not_a_panic() {
    let e = parse_err(&entry(
        "rule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = 2027-01-31\n",
    ));
    assert!((1..=5).contains(&e.line), "{e}");
    assert!(e.to_string().starts_with(EXCEPTIONS), "{e}");
}

#[test]
fn a_missing_exceptions_file_is_no_exceptions() {
    let d = tempfile::tempdir().unwrap();
    assert!(exceptions::load(&d.path().join("absent.toml"))
        .unwrap()
        .is_empty());
    let p = d.path().join("exceptions.toml");
    std::fs::write(&p, entry("rule = \"x\"\n")).unwrap();
    let e = exceptions::load(&p).unwrap_err();
    assert_eq!(e.path, p);
    assert_eq!(e.line, 1);
}

#[test]
fn exceptions_match_by_rule_id_or_slug_path_glob_and_fingerprint() {
    let f = finding("secrets", "jwt", Severity::High, "src/auth/token.py", 3);
    let one = |fields: &str| {
        let mut v = parse_ok(&entry(&format!(
            "{fields}\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n"
        )));
        assert_eq!(v.len(), 1);
        v.remove(0)
    };
    assert!(one("rule = \"secrets/jwt\"").matches(&f));
    assert!(one("rule = \"jwt\"").matches(&f));
    assert!(!one("rule = \"secrets/jwt-token\"").matches(&f));
    assert!(!one("rule = \"deps/jwt\"").matches(&f));
    assert!(!one("rule = \"secrets\"").matches(&f));
    assert!(one("path = \"src/**\"").matches(&f));
    assert!(one("path = \"src/*/token.py\"").matches(&f));
    // `*` does not cross directories.
    assert!(!one("path = \"src/*.py\"").matches(&f));
    assert!(!one("path = \"tests/**\"").matches(&f));
    let fp = format!("fingerprint = \"{}\"", f.fingerprint);
    assert!(one(&fp).matches(&f));
    assert!(!one("fingerprint = \"0000\"").matches(&f));
    // Every field set must match.
    assert!(one("rule = \"jwt\"\npath = \"src/**\"").matches(&f));
    assert!(!one("rule = \"jwt\"\npath = \"tests/**\"").matches(&f));
    assert!(!one("rule = \"other\"\npath = \"src/**\"").matches(&f));
}

#[test]
fn an_exception_holds_through_its_expiry_day() {
    let v = parse_ok(&entry(GOOD));
    let last = parse_date("2027-01-31").unwrap();
    assert!(v[0].active_on(last - 1));
    assert!(v[0].active_on(last));
    assert!(!v[0].active_on(last + 1));
}

#[test]
fn apply_accepts_with_active_exceptions_and_lists_expired_ones() {
    let text = [
        entry("rule = \"jwt\"\nreason = \"test token\"\napproved_by = \"risk@bank\"\nticket = \"RISK-1\"\nexpires = \"2027-01-31\"\n"),
        entry("path = \"legacy/**\"\nreason = \"old code\"\napproved_by = \"cto\"\nexpires = \"2020-01-01\"\n"),
        entry("rule = \"gone\"\nreason = \"obsolete\"\napproved_by = \"cto\"\nexpires = \"2020-06-30\"\n"),
    ]
    .concat();
    assert_eq!(text.lines().nth(6), Some("[[exception]]"));
    assert_eq!(text.lines().nth(11), Some("[[exception]]"));
    let ex = parse_ok(&text);
    let mut fs = vec![
        finding("secrets", "jwt", Severity::High, "src/a.py", 1),
        finding("sast", "sqli", Severity::High, "legacy/db.py", 4),
        finding("sast", "sqli", Severity::High, "src/db.py", 4),
    ];
    let today = parse_date("2026-06-01").unwrap();
    let out = exceptions::apply(&mut fs, &ex, today);
    assert_eq!(out.applied, 1);
    let s = fs[0].suppression.as_ref().expect("accepted");
    assert_eq!(s.kind, SuppressionKind::Exception);
    assert_eq!(s.reason, "test token");
    assert_eq!(s.approved_by.as_deref(), Some("risk@bank"));
    assert_eq!(s.ticket.as_deref(), Some("RISK-1"));
    assert_eq!(s.expires.as_deref(), Some("2027-01-31"));
    assert_eq!(s.source.as_deref(), Some(".tollgate/exceptions.toml:1"));
    // The expired one still matches a finding: it counts again and says why.
    assert!(fs[1].suppression.is_none());
    assert_eq!(
        fs[1].data["exception_expired"],
        ".tollgate/exceptions.toml:7 (approved by cto, expires 2020-01-01)"
    );
    assert!(fs[2].suppression.is_none() && fs[2].data.is_empty());
    assert_eq!(
        out.expired_in_use,
        vec![".tollgate/exceptions.toml:7 (approved by cto, expires 2020-01-01)"]
    );
    assert_eq!(
        out.expired_unused,
        vec![".tollgate/exceptions.toml:12 (approved by cto, expires 2020-06-30)"]
    );
    // And the gate fails on the one still needed, warns on the other.
    let r = report(fs);
    let d = decide(
        &r,
        &tier("standard"),
        &Inputs {
            expired_in_use: out.expired_in_use,
            expired_unused: out.expired_unused,
            ..Inputs::default()
        },
    );
    assert_eq!(d.status, Status::Fail);
    // One line for the two high sast findings (warn_on = high), one for the unused entry.
    assert_eq!(d.warnings.len(), 2, "{d:?}");
}

#[test]
fn on_its_expiry_day_an_exception_still_applies() {
    let ex = parse_ok(&entry(GOOD));
    let mut fs = vec![finding("secrets", "jwt", Severity::High, "a", 1)];
    let out = exceptions::apply(&mut fs, &ex, parse_date("2027-01-31").unwrap());
    assert_eq!(
        (
            out.applied,
            out.expired_in_use.len(),
            out.expired_unused.len()
        ),
        (1, 0, 0)
    );
    let mut fs = vec![finding("secrets", "jwt", Severity::High, "a", 1)];
    let out = exceptions::apply(&mut fs, &ex, parse_date("2027-02-01").unwrap());
    assert_eq!(
        (
            out.applied,
            out.expired_in_use.len(),
            out.expired_unused.len()
        ),
        (0, 1, 0)
    );
}

#[test]
fn wholesale_exceptions_are_those_that_accept_everything() {
    let one = |fields: &str| {
        parse_ok(&entry(&format!(
            "{fields}\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-01-31\"\n"
        )))
        .remove(0)
    };
    assert!(one("path = \"**\"").is_wholesale());
    assert!(one("path = \"**/*\"").is_wholesale());
    // Near misses: bound to a rule, a fingerprint, or a part of the tree.
    assert!(!one("rule = \"jwt\"\npath = \"**\"").is_wholesale());
    assert!(!one("fingerprint = \"ab\"\npath = \"**\"").is_wholesale());
    assert!(!one("path = \"src/**\"").is_wholesale());
    assert!(!one("path = \"*\"").is_wholesale());
    assert!(!one("rule = \"jwt\"").is_wholesale());
}
