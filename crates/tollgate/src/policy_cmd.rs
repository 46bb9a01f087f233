//! `tollgate policy test DIR…`: every `test_*` rule of the Rego files under the
//! directories, evaluated in the same bounded child process as `scan --policy`.

use crate::cli::{PolicyAction, PolicyArgs};
use crate::{EXIT_ERROR, EXIT_FAIL, EXIT_PASS};
use tollgate_policy::rego::{Limits, Sandbox};

pub fn run(args: PolicyArgs) -> anyhow::Result<u8> {
    match args.action {
        PolicyAction::Test { dirs } => test(&dirs),
    }
}

fn test(dirs: &[std::path::PathBuf]) -> anyhow::Result<u8> {
    let results =
        match tollgate_policy::iac::run_tests(dirs, Sandbox::CurrentExe, Limits::default()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(EXIT_ERROR);
            }
        };
    let mut failed = 0;
    for r in &results {
        let name = r.rule.rsplit('.').next().unwrap_or(&r.rule);
        let at = format!("{}:{}", r.file.display(), r.line);
        if r.passed {
            println!("PASS {name} ({at})");
        } else {
            failed += 1;
            println!(
                "FAIL {name} ({at}): {}",
                r.detail.as_deref().unwrap_or("failed")
            );
        }
    }
    let passed = results.len() - failed;
    println!("{passed} passed, {failed} failed");
    if results.is_empty() {
        eprintln!("error: no test_* rule in the policies");
        return Ok(EXIT_FAIL);
    }
    Ok(if failed == 0 { EXIT_PASS } else { EXIT_FAIL })
}
