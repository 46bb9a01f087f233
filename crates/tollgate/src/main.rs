//! `tollgate`: the command-line front end over the Tollgate library crates.

mod cli;
mod compliance_cmd;
mod db_cmd;
mod ledger_cmd;
mod progress;
mod rego_cmd;
mod rules_cmd;
mod scan;
mod text;

use clap::Parser;
use std::process::ExitCode;

/// Exit statuses, as documented in the README.
pub const EXIT_PASS: u8 = 0;
pub const EXIT_FAIL: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_PASS
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        cli::Command::Scan(args) => scan::run(*args),
        cli::Command::Rules(args) => rules_cmd::run(args),
        cli::Command::Ledger(args) => ledger_cmd::run(args),
        cli::Command::Attest(args) => ledger_cmd::attest(args),
        cli::Command::Baseline(args) => compliance_cmd::baseline(args),
        cli::Command::Evidence(args) => compliance_cmd::evidence(args),
        cli::Command::Controls { framework, format } => {
            compliance_cmd::controls(framework.as_deref(), &format)
        }
        cli::Command::Db(args) => db_cmd::run(args),
        cli::Command::Sbom {
            path,
            format,
            output,
            config,
        } => db_cmd::sbom(&path, &format, output.as_deref(), config.as_deref()),
        cli::Command::Init { dir, force } => init(&dir, force),
        cli::Command::RegoEval => rego_cmd::run(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn init(dir: &std::path::Path, force: bool) -> anyhow::Result<u8> {
    let path = dir.join("tollgate.toml");
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists (use --force to overwrite)",
            path.display()
        );
    }
    std::fs::write(&path, tollgate_core::config::DEFAULT_CONFIG_TOML)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(EXIT_PASS)
}
