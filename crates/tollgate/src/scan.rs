//! `tollgate scan`: flags into a [`ScanRequest`], the engine's outcome onto the terminal
//! and into an exit status.

use crate::cli::ScanArgs;
use crate::progress::ProgressLine;
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Result};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use tollgate_core::config::Threshold;
use tollgate_core::walk::Progress;
use tollgate_core::Confidence;
use tollgate_engine::{ConfigSource, GateOptions, Output, ScanRequest, Source, Verdict};
use tollgate_report::Format;

pub fn run(args: ScanArgs) -> Result<u8> {
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut req = request(&args, color)?;
    let show_progress = !args.no_progress
        && !args.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false");
    let counters = Arc::new(Progress::default());
    if show_progress {
        req.progress = Some(counters.clone());
    }
    let progress = show_progress.then(|| ProgressLine::start(counters));
    let outcome = tollgate_engine::run(&req);
    if let Some(p) = progress {
        p.finish();
    }
    let outcome = outcome?;
    // Settings first, so a missing token fails before anything is printed as done.
    let upload = match &args.upload {
        Some(url) => Some(crate::server_cmd::upload_settings(
            url,
            args.product.as_deref(),
            args.branch
                .as_deref()
                .or(outcome.report.target.git_branch.as_deref()),
            Some("tollgate"),
            args.upload_token_file.as_deref(),
            false,
        )?),
        None => None,
    };
    if let Some(body) = &outcome.stdout {
        print!("{body}");
    }
    if !args.quiet {
        for m in &outcome.messages {
            eprintln!("{m}");
        }
    }
    if let Some(u) = upload {
        let bytes = tollgate_report::json::write(&outcome.report);
        match tollgate_server::client::upload(&u, bytes.as_bytes()) {
            Ok(r) => {
                if crate::server_cmd::report_upload(&r) == EXIT_ERROR {
                    return Ok(EXIT_ERROR);
                }
            }
            Err(e) => {
                eprintln!("error: upload: {e}");
                return Ok(EXIT_ERROR);
            }
        }
    }
    Ok(match outcome.verdict {
        Verdict::Unchecked => {
            let n = tollgate_policy::decide::unchecked_summary(&outcome.report).unwrap_or_default();
            eprintln!("error: {n} (--strict)");
            EXIT_ERROR
        }
        Verdict::Fail => EXIT_FAIL,
        Verdict::Pass => EXIT_PASS,
    })
}

/// `--fail-on` and `--min-confidence` as the gate takes them.
pub fn thresholds(
    fail_on: Option<&str>,
    min_confidence: Option<&str>,
) -> Result<(Option<Threshold>, Option<Confidence>)> {
    let fail_on = fail_on
        .map(|f| {
            f.parse::<Threshold>()
                .map_err(|e| anyhow!("--fail-on: {e}"))
        })
        .transpose()?;
    let min_confidence = min_confidence
        .map(|c| {
            c.parse::<Confidence>()
                .map_err(|e| anyhow!("--min-confidence: {e}"))
        })
        .transpose()?;
    Ok((fail_on, min_confidence))
}

/// The request a command line asks for.
pub fn request(args: &ScanArgs, color: bool) -> Result<ScanRequest> {
    let (fail_on, min_confidence) =
        thresholds(args.fail_on.as_deref(), args.min_confidence.as_deref())?;
    let signer = if args.ledger.is_some() || args.attest.is_some() || args.signing_key.is_some() {
        tollgate_ledger::keys::load_signer(args.signing_key.as_deref())?
    } else {
        None
    };
    for v in &args.vars {
        let name = v.split_once('=').map(|(n, _)| n.trim());
        let valid = name.is_some_and(|n| {
            n.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        if !valid {
            // Only the name is echoed: the value may be a credential.
            let shown = name.map_or_else(
                || tollgate_core::redact::quote(v),
                tollgate_core::redact::quote,
            );
            bail!("--var {shown}: expected NAME=VALUE with a Terraform variable name");
        }
    }
    if args.attest.is_some() && signer.is_none() {
        bail!(
            "--attest needs a signing key: --signing-key FILE or {}",
            tollgate_ledger::keys::KEY_ENV
        );
    }
    Ok(ScanRequest {
        target: args.path.clone(),
        source: if args.git_history {
            Source::GitHistory {
                since: args.since.clone(),
                unreachable: args.unreachable,
            }
        } else if args.staged {
            Source::Staged
        } else {
            Source::WorkTree
        },
        scanners: args.only.clone(),
        config: match &args.config {
            Some(p) => ConfigSource::File(p.clone()),
            None => ConfigSource::Discover,
        },
        gate: GateOptions {
            tier: args.tier.clone(),
            fail_on,
            strict: args.strict,
            baseline: args.baseline.clone(),
            new_since: args.new_since.clone(),
            vex: args.vex.clone(),
            min_confidence,
            policies: args.policies.clone(),
        },
        db: args.db.clone(),
        outputs: outputs(args)?,
        color,
        quiet: args.quiet,
        evidence: tollgate_engine::Evidence {
            ledger: args.ledger.clone(),
            signer,
            attest: args.attest.clone(),
        },
        threads: args.jobs.unwrap_or(0),
        progress: None,
        iac: tollgate_engine::IacInputs {
            var_files: args.var_files.clone(),
            vars: args.vars.clone(),
        },
        validate: validate_options(args),
    })
}

/// `--validate`'s options; the base-URL override comes from the environment, with a warning.
fn validate_options(args: &ScanArgs) -> Option<tollgate_validate::Options> {
    if !args.validate {
        return None;
    }
    let base_url = std::env::var(tollgate_validate::BASE_URL_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty());
    if let Some(b) = &base_url {
        eprintln!(
            "warning: {} is set: secrets are validated against {} instead of their providers (for tests and internal mirrors only)",
            tollgate_validate::BASE_URL_ENV,
            shown_base(b)
        );
    }
    Some(tollgate_validate::Options {
        base_url,
        timeout: std::time::Duration::from_secs(args.validate_timeout.clamp(1, 120)),
        ..tollgate_validate::Options::default()
    })
}

/// A base URL as a warning shows it: scheme, host and port, without any user information
/// or path, and without control characters.
fn shown_base(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let shown = if scheme.is_empty() {
        host.to_string()
    } else {
        format!("{scheme}://{host}")
    };
    shown.chars().filter(|c| !c.is_control()).collect()
}

/// Pair each --format with the --output in the same position; the rest go to stdout.
fn outputs(args: &ScanArgs) -> Result<Vec<Output>> {
    plan_outputs(&args.formats, &args.outputs)
}

/// `--format` values paired with `--output` files by position (text to stdout by default).
pub fn plan_outputs(formats: &[String], paths: &[PathBuf]) -> Result<Vec<Output>> {
    let formats: Vec<Format> = if formats.is_empty() {
        vec![Format::Text]
    } else {
        formats
            .iter()
            .map(|f| f.parse::<Format>().map_err(|e| anyhow!("--format: {e}")))
            .collect::<Result<_>>()?
    };
    Ok(Output::plan(formats, paths)?)
}

/// `--color`'s value for standard output.
pub fn color_of(when: &str) -> bool {
    match when {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// A scan of `path` with the defaults, never failing the gate: what `baseline` and
/// `evidence` start from.
pub fn report_of(path: PathBuf, config: Option<PathBuf>) -> Result<tollgate_core::ScanReport> {
    let config = config.map_or(ConfigSource::Discover, ConfigSource::File);
    Ok(tollgate_engine::report_of(path, config)?)
}
