//! The hidden `__rego-eval` subcommand: the child process in which `scan` evaluates Rego
//! policies under resource limits (see `tollgate_policy::rego`).

use crate::{EXIT_ERROR, EXIT_PASS};

pub fn run() -> anyhow::Result<u8> {
    // A panic message may quote the report; the parent learns of a panic from the answer.
    std::panic::set_hook(Box::new(|_| {}));
    let status = tollgate_policy::rego::serve_child(
        std::io::stdin().lock(),
        std::io::stdout().lock(),
        std::io::stderr(),
    );
    Ok(if status == 0 { EXIT_PASS } else { EXIT_ERROR })
}
