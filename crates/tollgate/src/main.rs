//! `tollgate`: the command-line front end over the Tollgate library crates.

mod cli;
mod compliance_cmd;
mod dast_cmd;
mod db_cmd;
mod init_cmd;
mod ledger_cmd;
mod policy_cmd;
mod progress;
mod rego_cmd;
mod rules_cmd;
mod scan;
mod server_cmd;

use clap::Parser;
use std::process::ExitCode;

/// Exit statuses, as documented in the README.
pub const EXIT_PASS: u8 = 0;
pub const EXIT_FAIL: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Panics never print their payload (it may quote the input being scanned, and the input
/// may hold a secret); a failed write to standard output is an error, not a crash.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(why) = payload.strip_prefix("failed printing to stdout: ") {
            eprintln!("error: cannot write to standard output: {why}");
            std::process::exit(i32::from(EXIT_ERROR));
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("tollgate: internal error{at} (a bug; please report it)");
    }));
}

fn main() -> ExitCode {
    // Output piped into `head` ends quietly, as other command-line tools do.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    install_panic_hook();
    let code = std::panic::catch_unwind(real_main).unwrap_or(ExitCode::from(EXIT_ERROR));
    if let Err(e) = std::io::Write::flush(&mut std::io::stdout()) {
        eprintln!("error: cannot write to standard output: {e}");
        return ExitCode::from(EXIT_ERROR);
    }
    code
}

fn real_main() -> ExitCode {
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
        cli::Command::Cbom {
            path,
            output,
            config,
        } => db_cmd::cbom(&path, output.as_deref(), config.as_deref()),
        cli::Command::Init { dir, ci, force } => init_cmd::run(&dir, ci.as_deref(), force),
        cli::Command::Policy(args) => policy_cmd::run(args),
        cli::Command::Dast(args) => dast_cmd::run(*args),
        cli::Command::Serve(args) => server_cmd::serve(args),
        cli::Command::Server(args) => server_cmd::server(args),
        cli::Command::Upload(args) => server_cmd::upload(args),
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

/// Write `body` to `path`, or to standard output without one.
pub fn write_or_print(path: Option<&std::path::Path>, body: &str) -> anyhow::Result<u8> {
    match path {
        Some(p) => std::fs::write(p, body)
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", p.display()))?,
        None => print!("{body}"),
    }
    Ok(EXIT_PASS)
}
