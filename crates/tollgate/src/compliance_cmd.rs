//! `tollgate baseline`, `tollgate evidence` and `tollgate controls`.

use crate::cli::{BaselineAction, BaselineArgs, EvidenceArgs};
use crate::EXIT_PASS;
use anyhow::{Context, Result};
use tollgate_core::ScanReport;

pub fn baseline(args: BaselineArgs) -> Result<u8> {
    let BaselineAction::Create {
        path,
        output,
        config,
    } = args.action;
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let r = crate::scan::report_of(path, config)?;
    std::fs::write(&output, tollgate_report::json::write(&r))
        .with_context(|| format!("{}: cannot write", output.display()))?;
    println!(
        "wrote {} with {} findings; scans with --baseline {} count only new ones",
        output.display(),
        r.findings.len(),
        output.display()
    );
    Ok(EXIT_PASS)
}

pub fn evidence(args: EvidenceArgs) -> Result<u8> {
    tollgate_engine::evidence::framework(&args.framework)?;
    let mut reports = Vec::new();
    if args.reports.is_empty() && args.format != "component" {
        let label = format!("scan of {}", args.path.display());
        reports.push((label, crate::scan::report_of(args.path.clone(), None)?));
    }
    for p in &args.reports {
        reports.push((p.display().to_string(), ScanReport::load(p)?));
    }
    let now = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let body = tollgate_engine::evidence::render(&args.framework, reports, &args.format, &now)?;
    crate::write_or_print(args.output.as_deref(), &body)
}

pub fn controls(framework: Option<&str>, format: &str) -> Result<u8> {
    print!(
        "{}",
        tollgate_engine::evidence::controls(framework, format)?
    );
    Ok(EXIT_PASS)
}
