//! `tollgate scan`: configuration, scanners, the walk (or git history), the gate, reports.

use crate::cli::ScanArgs;
use crate::progress::ProgressLine;
use crate::{text, EXIT_ERROR, EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Context, Result};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;
use tollgate_compliance::Mapper;
use tollgate_core::config::{Config, Threshold};
use tollgate_core::gate::Status;
use tollgate_core::report::{RunTiming, ScanStats, Summary, REPORT_SCHEMA_VERSION};
use tollgate_core::walk::{walk, Progress, WalkOptions};
use tollgate_core::{Confidence, ScanReport, Scanner, Target, ToolInfo};
use tollgate_policy::rego::{self, RegoGate};
use tollgate_policy::{decide, diff, Policy};
use tollgate_report::Format;
use tollgate_secrets::history::{scan_history, HistoryOptions};
use tollgate_secrets::SecretsScanner;

/// Scanners that exist in this build, and ones that are planned but not built yet.
const AVAILABLE: &[&str] = &["secrets", "deps"];
const PLANNED: &[&str] = &["iac", "sast"];

pub fn run(args: ScanArgs) -> Result<u8> {
    Ok(execute(args, true)?.0)
}

/// A scan with all its effects (ledger, attestation) and the exit status; the report is
/// also returned, and written to the requested outputs only when `write_outputs`.
pub fn execute(args: ScanArgs, write_outputs: bool) -> Result<(u8, ScanReport)> {
    let started = Instant::now();
    let started_at = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let root = args.path.clone();
    if !root.exists() {
        bail!("{}: no such file or directory", root.display());
    }
    let (mut config, config_dir) = load_config_from(args.config.as_deref(), &root)?;
    let fail_on_override = match &args.fail_on {
        Some(f) => Some(
            f.parse::<Threshold>()
                .map_err(|e| anyhow!("--fail-on: {e}"))?,
        ),
        None => None,
    };
    let policy = Policy::resolve(&config.gate, args.tier.as_deref(), fail_on_override)?;
    // Inputs of the gate are checked before scanning: a bad one never costs a whole scan.
    let scan_dir = dir_of(&root);
    let exceptions = tollgate_policy::exceptions::load(&scan_dir.join(&config.gate.exceptions))?;
    let vex: Vec<tollgate_deps::vex::Statement> = args
        .vex
        .iter()
        .map(|p| tollgate_deps::vex::load(p))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    let baseline = match &args.baseline {
        Some(p) => Some(diff::load_baseline(p)?),
        None => None,
    };
    let changed = match &args.new_since {
        Some(rev) => Some(diff::changed_lines(&scan_dir, rev)?),
        None => None,
    };
    let mut rego = if config.gate.policies.is_empty() {
        None
    } else {
        Some(RegoGate::load(&rego::resolve(
            &config_dir,
            &config.gate.policies,
        ))?)
    };
    if let Some(c) = &args.min_confidence {
        config.secrets.min_confidence = c
            .parse::<Confidence>()
            .map_err(|e| anyhow!("--min-confidence: {e}"))?;
    }
    let outputs = plan_outputs(&args)?;
    // Keys are checked before scanning, so a bad key never costs a whole scan.
    let signer = if args.ledger.is_some() || args.attest.is_some() || args.signing_key.is_some() {
        crate::ledger_cmd::load_signer(args.signing_key.as_deref())?
    } else {
        None
    };
    if args.attest.is_some() && signer.is_none() {
        bail!(
            "--attest needs a signing key: --signing-key FILE or {}",
            crate::ledger_cmd::KEY_ENV
        );
    }

    let selection = scanner_selection(&args, &config)?;
    let mut notes = Vec::new();
    let mut missing_db: Option<PathBuf> = None;
    let deps = match selection.iter().find(|(s, _)| s == "deps") {
        None => None,
        Some((_, explicit)) => {
            let dir = args
                .db
                .clone()
                .unwrap_or_else(tollgate_deps::store::default_dir);
            match tollgate_deps::Store::open(&dir) {
                Ok(store) => Some(
                    tollgate_deps::DepsScanner::new(store)
                        .with_root(&scan_dir)
                        .with_licenses(tollgate_deps::license::Policy {
                            allow: config.deps.licenses_allow.clone(),
                            deny: config.deps.licenses_deny.clone(),
                        }),
                ),
                Err(e) if *explicit => return Err(anyhow!("deps scanner: {e}")),
                Err(_) => {
                    missing_db = Some(dir);
                    None
                }
            }
        }
    };
    let wanted: Vec<String> = selection
        .iter()
        .map(|(s, _)| s.clone())
        .filter(|s| s != "deps" || deps.is_some())
        .collect();
    if wanted.is_empty() {
        bail!("no scanner can run: nothing would be checked");
    }
    let secrets = if wanted.iter().any(|s| s == "secrets") {
        Some(SecretsScanner::new(&config.secrets).context("secrets configuration")?)
    } else {
        None
    };
    let mut scanners: Vec<&dyn Scanner> = Vec::new();
    if let Some(s) = &secrets {
        scanners.push(s);
    }
    if let Some(d) = &deps {
        scanners.push(d);
    }
    // Without a database, still notice lockfiles, so the gate can say they went unchecked.
    let lockfiles = tollgate_deps::sbom::Collector::new(&scan_dir);
    if missing_db.is_some() {
        scanners.push(&lockfiles);
    }
    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);

    let show_progress = !args.no_progress
        && !args.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false");
    let counters = Arc::new(Progress::default());
    let progress = show_progress.then(|| ProgressLine::start(counters.clone()));

    let mut report = ScanReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: git_target(&root, args.git_history),
        config_digest: config.digest(),
        scanners: wanted.clone(),
        rules: Vec::new(),
        summary: Summary::default(),
        decision: None,
        findings: Vec::new(),
        file_issues: Vec::new(),
        stats: ScanStats::default(),
        timing: RunTiming::default(),
        rule_meta: Vec::new(),
    };
    for s in &scanners {
        let metas = s.rules();
        report.rules.extend(metas.iter().map(|m| m.id.clone()));
        report.rule_meta.extend(metas);
    }

    let result = if args.git_history {
        let overrides = exclude_override(&root, &config.scan.exclude)?;
        let opts = HistoryOptions {
            repo: &root,
            since: args.since.as_deref(),
            max_file_size: config.scan.max_file_size,
            threads,
            exclude: Some(&overrides),
        };
        scan_history(&opts, &scanners)
            .map(|h| {
                report.stats.blobs_scanned = Some(h.blobs);
                report.stats.commits_scanned = Some(h.commits);
                report.stats.bytes_scanned = h.bytes;
                report.findings = h.findings;
                report.file_issues = h.issues;
            })
            .map_err(anyhow::Error::from)
    } else {
        let opts = WalkOptions::new(&root, &config.scan, threads);
        walk(&opts, &scanners, Some(&counters))
            .map(|w| {
                report.stats.files_scanned = w.files_scanned;
                report.stats.bytes_scanned = w.bytes_scanned;
                report.findings = w.findings;
                report.file_issues = w.issues;
            })
            .map_err(anyhow::Error::from)
    };
    if let Some(p) = progress {
        p.finish();
    }
    result?;

    let unchecked = lockfiles.seen();
    if let (Some(dir), true) = (&missing_db, unchecked > 0) {
        notes.push(format!(
            "{unchecked} lockfile(s) not checked for vulnerable dependencies: no advisory database at {} (run `tollgate db update`, or set scanners.deps = false)",
            dir.display()
        ));
    }
    report.finalize();
    Mapper::new().attach(&mut report);
    let today = tollgate_core::time::now_unix().div_euclid(86_400);
    tollgate_deps::vex::apply(&mut report.findings, &vex);
    let outcome = tollgate_policy::exceptions::apply(&mut report.findings, &exceptions, today);
    decide::refuse_inline_ignores(&mut report, &policy);
    if let Some(b) = &baseline {
        diff::apply_baseline(&mut report.findings, b);
    }
    if let Some(c) = &changed {
        diff::apply_changed_lines(&mut report.findings, c);
    }
    report.finalize();
    let (rego_deny, rego_warn) = match rego.as_mut() {
        Some(r) => r.evaluate(&tollgate_report::json::write(&report))?,
        None => (Vec::new(), Vec::new()),
    };
    let inputs = decide::Inputs {
        strict: args.strict,
        expired_in_use: outcome.expired_in_use,
        expired_unused: outcome.expired_unused,
        rego_deny,
        rego_warn,
        notes,
    };
    report.decision = Some(decide::decide(&report, &policy, &inputs));
    // SOURCE_DATE_EPOCH pins the clock for byte-identical reports; the duration goes with it.
    let pinned = std::env::var_os("SOURCE_DATE_EPOCH").is_some();
    report.timing = RunTiming {
        started_at,
        duration_ms: if pinned {
            0
        } else {
            started.elapsed().as_millis() as u64
        },
    };

    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    for (format, path) in outputs.iter().filter(|_| write_outputs) {
        let body = match format {
            Format::Text => text::render(&report, color && path.is_none(), args.quiet),
            Format::Json => tollgate_report::json::write(&report),
            Format::Sarif => tollgate_report::sarif::write(&report),
            Format::Junit => tollgate_report::junit::write(&report),
            Format::Markdown => tollgate_report::markdown::write(&report),
        };
        match path {
            Some(p) => std::fs::write(p, body)
                .with_context(|| format!("{}: cannot write report", p.display()))?,
            None => print!("{body}"),
        }
    }

    let recorded = match &args.ledger {
        Some(dir) => {
            let records: Vec<crate::ledger_cmd::ExceptionRecord> = exceptions
                .iter()
                .map(|x| crate::ledger_cmd::ExceptionRecord {
                    fields: serde_json::json!({
                        "rule": x.rule,
                        "path": x.path_glob,
                        "fingerprint": x.fingerprint,
                        "reason": x.reason,
                        "approved_by": x.approved_by,
                        "ticket": x.ticket,
                        "expires": x.expires,
                    }),
                    expired: !x.active_on(today),
                })
                .collect();
            let r = crate::ledger_cmd::record_scan(dir, &report, &records, signer.as_ref())?;
            if !args.quiet {
                eprintln!(
                    "ledger {}: entries {}..{} appended{}",
                    dir.display(),
                    r.first,
                    r.first + r.count - 1,
                    r.checkpoint
                        .map(|s| format!(", checkpoint of size {s} signed"))
                        .unwrap_or_else(|| " (no signing key: no checkpoint)".into())
                );
            }
            Some(r)
        }
        None => None,
    };
    if let (Some(path), Some(s)) = (&args.attest, &signer) {
        let env = crate::ledger_cmd::attestation(&report, s, recorded.as_ref());
        std::fs::write(path, env)
            .with_context(|| format!("{}: cannot write the attestation", path.display()))?;
    }

    let errors = report.stats.file_errors;
    let code = if args.strict && errors > 0 {
        eprintln!("error: {errors} file(s) could not be checked (--strict)");
        EXIT_ERROR
    } else if report.decision.as_ref().map(|d| d.status) == Some(Status::Fail) {
        EXIT_FAIL
    } else {
        EXIT_PASS
    };
    Ok((code, report))
}

/// The directory a scan of `root` works in: `root` itself, or the directory of a file.
pub fn dir_of(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// The configuration and the directory its relative paths are resolved against.
pub fn load_config_from(explicit: Option<&Path>, root: &Path) -> Result<(Config, PathBuf)> {
    let dir = dir_of(root);
    if let Some(p) = explicit {
        let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
        return Ok((Config::load(p)?, base));
    }
    let candidate = dir.join("tollgate.toml");
    if candidate.is_file() {
        return Ok((Config::load(&candidate)?, dir));
    }
    Ok((Config::default(), dir))
}

/// Pair each --format with the --output in the same position; the rest go to stdout.
fn plan_outputs(args: &ScanArgs) -> Result<Vec<(Format, Option<PathBuf>)>> {
    let formats: Vec<Format> = if args.formats.is_empty() {
        vec![Format::Text]
    } else {
        args.formats
            .iter()
            .map(|f| f.parse::<Format>().map_err(|e| anyhow!("--format: {e}")))
            .collect::<Result<_>>()?
    };
    if args.outputs.len() > formats.len() {
        bail!(
            "more --output files ({}) than --format values ({})",
            args.outputs.len(),
            formats.len()
        );
    }
    let plan: Vec<(Format, Option<PathBuf>)> = formats
        .into_iter()
        .enumerate()
        .map(|(i, f)| (f, args.outputs.get(i).cloned()))
        .collect();
    if plan.iter().filter(|(_, p)| p.is_none()).count() > 1 {
        bail!("only one --format can go to standard output; give the others an --output file");
    }
    Ok(plan)
}

/// Scanners to run, and whether each was asked for explicitly (`--only` or `true` in the
/// configuration) rather than by default.
fn scanner_selection(args: &ScanArgs, config: &Config) -> Result<Vec<(String, bool)>> {
    let mut wanted: Vec<(String, bool)> = if args.only.is_empty() {
        let mut v = Vec::new();
        if config.scanners.secrets {
            v.push(("secrets".to_string(), true));
        }
        match config.scanners.deps {
            Some(true) => v.push(("deps".to_string(), true)),
            None => v.push(("deps".to_string(), false)),
            Some(false) => {}
        }
        v
    } else {
        args.only
            .iter()
            .map(|s| (s.trim().to_ascii_lowercase(), true))
            .collect()
    };
    wanted.sort();
    wanted.dedup();
    for (w, _) in &wanted {
        if PLANNED.contains(&w.as_str()) {
            bail!(
                "scanner '{w}' is not available in this version of tollgate (available: {})",
                AVAILABLE.join(", ")
            );
        }
        if !AVAILABLE.contains(&w.as_str()) {
            bail!(
                "unknown scanner '{w}' (available: {})",
                AVAILABLE.join(", ")
            );
        }
    }
    if wanted.is_empty() {
        bail!("every scanner is turned off in the configuration: nothing would be checked");
    }
    Ok(wanted)
}

fn exclude_override(root: &Path, patterns: &[String]) -> Result<ignore::overrides::Override> {
    let mut b = ignore::overrides::OverrideBuilder::new(root);
    for p in patterns {
        b.add(&format!("!{p}"))
            .map_err(|e| anyhow!("invalid exclude pattern '{p}': {e}"))?;
    }
    Ok(b.build()?)
}

/// Commit and branch of the scanned directory, when it is a git work tree.
fn git_target(root: &Path, history: bool) -> Target {
    let dir = if root.is_dir() {
        root
    } else {
        root.parent().unwrap_or(Path::new("."))
    };
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Target {
        path: root.display().to_string(),
        git_commit: git(&["rev-parse", "HEAD"]),
        git_branch: git(&["rev-parse", "--abbrev-ref", "HEAD"]).filter(|b| b != "HEAD"),
        mode: if history {
            "git-history".into()
        } else {
            "worktree".into()
        },
    }
}
