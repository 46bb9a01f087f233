//! `tollgate baseline`, `tollgate evidence` and `tollgate controls`.

use crate::cli::{BaselineAction, BaselineArgs, EvidenceArgs};
use crate::EXIT_PASS;
use anyhow::{anyhow, bail, Context, Result};
use serde_json::json;
use tollgate_engine::registry::all_rules;

use tollgate_compliance::catalog::{self, catalogs};
use tollgate_compliance::{html, markdown, oscal, Evidence, Mapper};
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

fn framework(id: &str) -> Result<&'static tollgate_compliance::Catalog> {
    catalog::find(id).ok_or_else(|| {
        let known: Vec<&str> = catalogs().iter().map(|c| c.id.as_str()).collect();
        anyhow!("unknown framework '{id}' (known: {})", known.join(", "))
    })
}

pub fn evidence(args: EvidenceArgs) -> Result<u8> {
    let cat = framework(&args.framework)?;
    let rules = all_rules();
    let now = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let body = if args.format == "component" {
        oscal::component_definition(cat, &rules, &now)
    } else {
        let mut reports = Vec::new();
        if args.reports.is_empty() {
            let r = crate::scan::report_of(args.path.clone(), None)?;
            let label = format!("scan of {}", args.path.display());
            reports.push((label, r));
        }
        for p in &args.reports {
            reports.push((p.display().to_string(), ScanReport::load(p)?));
        }
        let reports: Vec<_> = reports
            .into_iter()
            .map(|(label, r)| {
                let digest = tollgate_report::json::digest(&r);
                (label, r, digest)
            })
            .collect();
        let e = Evidence::build(cat, &reports, &rules, &now);
        match args.format.as_str() {
            "html" => html::render(&e),
            "markdown" | "md" => markdown::render(&e),
            "oscal" => oscal::assessment_results(&e),
            "json" => serde_json::to_string_pretty(&e)? + "\n",
            other => bail!(
                "unknown format '{other}' (expected html, oscal, markdown, json or component)"
            ),
        }
    };
    match &args.output {
        Some(p) => {
            std::fs::write(p, body).with_context(|| format!("{}: cannot write", p.display()))?
        }
        None => print!("{body}"),
    }
    Ok(EXIT_PASS)
}

pub fn controls(framework_id: Option<&str>, format: &str) -> Result<u8> {
    let rules = all_rules();
    let mapper = Mapper::new();
    let cats: Vec<&tollgate_compliance::Catalog> = match framework_id {
        Some(id) => vec![framework(id)?],
        None => catalogs().iter().collect(),
    };
    let mut json_out = Vec::new();
    for cat in cats {
        let cov = mapper.coverage(cat, &rules);
        match format {
            "json" => {
                let controls: Vec<_> = cat
                    .controls
                    .iter()
                    .map(|c| {
                        let rs: Vec<&str> = cov[&c.id].iter().map(|r| r.id.as_str()).collect();
                        json!({"id": c.id, "title": c.title, "meaning": c.meaning, "cwe": c.cwe, "tags": c.tags, "rules": rs})
                    })
                    .collect();
                json_out
                    .push(json!({"framework": cat.id, "title": cat.title(), "controls": controls}));
            }
            "text" => {
                let covered = cat
                    .controls
                    .iter()
                    .filter(|c| !cov[&c.id].is_empty())
                    .count();
                println!(
                    "{} ({}) — {covered} of {} controls covered by rules",
                    cat.title(),
                    cat.id,
                    cat.controls.len()
                );
                for c in &cat.controls {
                    let rs = &cov[&c.id];
                    if rs.is_empty() {
                        println!("  {:<14} {:<70}  no rule yet", c.id, c.title);
                    } else {
                        println!("  {:<14} {:<70}  {} rules", c.id, c.title, rs.len());
                    }
                }
                println!();
            }
            other => bail!("unknown format '{other}' (expected text or json)"),
        }
    }
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&json_out)?);
    }
    Ok(EXIT_PASS)
}
