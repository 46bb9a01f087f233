//! `tollgate dast`: flags into DAST options and a request for the engine, which runs the
//! test and judges it like any scan; the outcome onto the terminal and into an exit status.

use crate::cli::DastArgs;
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_PASS};
use anyhow::{anyhow, bail, Result};
use std::time::Duration;
use tollgate_dast::{DocSource, Identity, Options};
use tollgate_engine::{ConfigSource, GateOptions, ScanRequest, Verdict};

fn identities(args: &DastArgs) -> Result<Vec<Identity>> {
    let mut out = Vec::new();
    for spec in &args.auth {
        let spec = match spec.split_once('=') {
            Some((name, rest)) if rest.starts_with("env:") => {
                let var = &rest[4..];
                let v = std::env::var(var).map_err(|_| {
                    anyhow!(
                        "--auth {}=env:{}: the variable is not set",
                        tollgate_core::redact::quote(name),
                        tollgate_core::redact::quote(var)
                    )
                })?;
                format!("{name}={v}")
            }
            _ => spec.clone(),
        };
        out.push(Identity::parse(&spec)?);
    }
    for a in &args.admin_identities {
        match out.iter_mut().find(|i| &i.name == a) {
            Some(i) => i.admin = true,
            None => bail!(
                "--admin-identity {}: no --auth of that name",
                tollgate_core::redact::quote(a)
            ),
        }
    }
    Ok(out)
}

pub fn run(args: DastArgs) -> Result<u8> {
    if !(args.rate.is_finite() && args.rate > 0.0 && args.rate <= 10_000.0) {
        bail!("--rate: a number of requests per second above 0 and at most 10000");
    }
    if args.concurrency == 0 || args.concurrency > 64 {
        bail!("--concurrency: 1 to 64");
    }
    let mut opts = Options::new(&args.target);
    opts.openapi = match &args.openapi {
        None => DocSource::Discover,
        Some(s) if s.contains("://") => DocSource::Url(s.clone()),
        Some(s) => DocSource::File(s.into()),
    };
    opts.identities = identities(&args)?;
    opts.scope_hosts = args.scope_hosts.clone();
    opts.scope_prefixes = args.scope_prefixes.clone();
    opts.rate = args.rate;
    opts.concurrency = args.concurrency;
    opts.timeout = Duration::from_secs(args.timeout.clamp(1, 300));
    opts.max_time = Duration::from_secs(args.max_time.max(1));
    opts.allow_unsafe_methods = args.allow_unsafe_methods;
    opts.active = !args.passive_only;
    opts.tls = tollgate_dast::tls::TlsOptions {
        ca_certs: args.ca_certs.clone(),
        insecure: args.tls_insecure,
    };
    if !(2..=tollgate_dast::login::MAX_ATTEMPTS).contains(&args.login_attempts) {
        bail!(
            "--login-attempts: 2 to {}",
            tollgate_dast::login::MAX_ATTEMPTS
        );
    }
    opts.login_attempts = args.login_attempts;
    if let Some(u) = &args.known_user {
        if u.is_empty() || u.chars().any(|c| c.is_control()) || u.len() > 256 {
            bail!("--known-user: a user name without control characters, at most 256 bytes");
        }
    }
    opts.known_user = args.known_user.clone();
    let (fail_on, min_confidence) =
        crate::scan::thresholds(args.fail_on.as_deref(), args.min_confidence.as_deref())?;
    let signer = if args.ledger.is_some() || args.signing_key.is_some() {
        tollgate_ledger::keys::load_signer(args.signing_key.as_deref())?
    } else {
        None
    };
    let color = crate::scan::color_of(&args.color);
    let req = ScanRequest {
        target: ".".into(),
        config: match &args.config {
            Some(p) => ConfigSource::File(p.clone()),
            None => ConfigSource::Discover,
        },
        gate: GateOptions {
            tier: args.tier.clone(),
            fail_on,
            strict: args.strict,
            baseline: args.baseline.clone(),
            min_confidence,
            ..GateOptions::default()
        },
        outputs: crate::scan::plan_outputs(&args.formats, &args.outputs)?,
        color,
        quiet: args.quiet,
        evidence: tollgate_engine::Evidence {
            ledger: args.ledger.clone(),
            signer,
            attest: None,
        },
        ..ScanRequest::default()
    };
    let done = tollgate_engine::dast::run(&req, &opts, args.har.as_deref())?;
    let (outcome, run) = (done.outcome, done.run);
    if let Some(body) = &outcome.stdout {
        print!("{body}");
    }
    if !args.quiet {
        eprintln!(
            "dast: {} of {} operations tested, {} requests sent, {} not tested or partly tested{}",
            run.operations_tested,
            run.operations,
            run.requests,
            run.unchecked.len(),
            args.har
                .as_ref()
                .map(|p| format!("; exchanges written to {}", p.display()))
                .unwrap_or_default()
        );
        for u in &run.unchecked {
            eprintln!("  unchecked: {}: {}", u.path, u.reason);
        }
        for m in &outcome.messages {
            eprintln!("{m}");
        }
    }
    Ok(match outcome.verdict {
        Verdict::Unchecked => {
            eprintln!(
                "error: {} operation(s) or test(s) could not be run (--strict)",
                run.unchecked.len()
            );
            EXIT_ERROR
        }
        Verdict::Fail => EXIT_FAIL,
        Verdict::Pass => EXIT_PASS,
    })
}
