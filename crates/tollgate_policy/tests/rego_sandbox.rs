//! How the parent judges the evaluator process, with stand-in children: a child past the
//! deadline is killed, a crash is a policy error naming the file (and, when the child said
//! so, the rule), and no failure of the child is ever a pass. The real child is tested with
//! the binary in crates/tollgate/tests/rego.rs.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tollgate_policy::rego::{Limits, RegoGate, Sandbox};

const POLICY: &str = "package tollgate.gate\ndeny contains \"x\" if input.x\n";

/// The error from evaluating [`POLICY`] with `/bin/sh -c script` as the evaluator.
fn with_child(script: &str, limits: Limits) -> String {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("gate.rego"), POLICY).unwrap();
    let mut g = RegoGate::load(&[d.path().to_path_buf()])
        .unwrap()
        .with_limits(limits)
        .with_sandbox(Sandbox::Command {
            program: PathBuf::from("/bin/sh"),
            args: vec![OsString::from("-c"), OsString::from(script)],
        });
    match g.evaluate(r#"{"x": true}"#) {
        Ok(v) => panic!("a failing child gave {v:?}"),
        Err(e) => {
            let e = e.to_string();
            assert!(e.contains("gate.rego"), "{e}");
            e
        }
    }
}

const SAID_DENY: &str = "echo 'tollgate-rego: evaluating data.tollgate.gate.deny' >&2";

#[test]
fn a_child_past_the_deadline_is_killed_with_what_it_started() {
    let limits = Limits {
        time: Duration::from_millis(300),
        ..Limits::default()
    };
    let started = Instant::now();
    // The sleep outlives the shell unless the whole process group is killed; it would keep
    // the pipes open and the parent waiting.
    let e = with_child("/bin/sleep 30; exit 0", limits);
    assert!(
        e.starts_with("policy evaluation exceeded its time limit of 300 ms in "),
        "{e}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_allocation_failure_is_a_memory_limit_error_naming_the_rule() {
    let e = with_child(
        &format!("{SAID_DENY}; echo 'memory allocation of 4096 bytes failed' >&2; kill -ABRT $$"),
        Limits::default(),
    );
    assert!(
        e.starts_with("policy evaluation exceeded its memory limit of 512 MiB in ")
            && e.ends_with("gate.rego (evaluating data.tollgate.gate.deny)"),
        "{e}"
    );
}

#[test]
fn a_stack_overflow_is_a_stack_limit_error() {
    let e = with_child(
        &format!(
            "{SAID_DENY}; echo \"thread 'rego-eval' has overflowed its stack\" >&2; kill -ABRT $$"
        ),
        Limits {
            stack: 8 << 20,
            ..Limits::default()
        },
    );
    assert!(
        e.starts_with("policy evaluation exceeded its stack limit of 8 MiB in "),
        "{e}"
    );
}

#[test]
fn any_other_death_or_silence_is_an_error_not_a_pass() {
    let e = with_child("kill -SEGV $$", Limits::default());
    assert!(
        e.contains("policy evaluation failed: the evaluator was killed by signal 11"),
        "{e}"
    );
    let e = with_child("exit 0", Limits::default());
    assert!(e.contains("unreadable answer from the evaluator"), "{e}");
    let e = with_child("echo '{\"Values\": []}'", Limits::default());
    assert!(e.contains("answered for other rules than asked"), "{e}");
    let e = with_child(
        "echo \"error: unknown '__rego-eval'\" >&2; exit 3",
        Limits::default(),
    );
    assert!(e.contains("exited with status 3: error: unknown"), "{e}");
}

#[test]
fn the_child_runs_under_address_space_cpu_and_core_limits() {
    // 512 MiB and 64 MiB of stack, in KiB; 2 s of CPU; no core file.
    let e = with_child(
        "echo \"limits $(ulimit -v) $(ulimit -t) $(ulimit -c)\" >&2; exit 1",
        Limits::default(),
    );
    assert!(e.contains("limits 589824 2 0"), "{e}");
    let e = with_child(
        "echo \"limits $(ulimit -v) $(ulimit -t)\" >&2; exit 1",
        Limits {
            time: Duration::from_millis(1500),
            memory: 100 << 20,
            stack: 28 << 20,
        },
    );
    assert!(e.contains("limits 131072 2"), "{e}");
}

#[test]
fn a_missing_evaluator_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("gate.rego"), POLICY).unwrap();
    let mut g = RegoGate::load(&[d.path().to_path_buf()])
        .unwrap()
        .with_sandbox(Sandbox::Command {
            program: d.path().join("no-such-evaluator"),
            args: vec![],
        });
    let e = g.evaluate("{}").unwrap_err().to_string();
    assert!(
        e.contains("cannot start the evaluator") && e.contains("gate.rego"),
        "{e}"
    );
}

#[test]
fn the_default_evaluator_fails_closed_in_a_program_that_does_not_serve_it() {
    // This test binary does not route the hidden subcommand: no answer, so an error.
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("gate.rego"), POLICY).unwrap();
    let mut g = RegoGate::load(&[d.path().to_path_buf()]).unwrap();
    assert_eq!(g.limits(), Limits::default());
    let e = g.evaluate(r#"{"x": true}"#).unwrap_err().to_string();
    assert!(e.contains("gate.rego: policy evaluation failed"), "{e}");
}

#[test]
fn in_process_the_time_limit_holds_between_interpreter_steps() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("gate.rego"),
        "package tollgate.gate\ndeny contains \"x\" if {\n    some a in numbers.range(1, 20000)\n    some b in numbers.range(1, 20000)\n    a * b == -1\n}\n",
    )
    .unwrap();
    let mut g = RegoGate::load(&[d.path().to_path_buf()])
        .unwrap()
        .with_sandbox(Sandbox::InProcess)
        .with_limits(Limits {
            time: Duration::from_millis(200),
            ..Limits::default()
        });
    let started = Instant::now();
    let e = g.evaluate("{}").unwrap_err().to_string();
    assert!(
        e.starts_with("policy evaluation exceeded its time limit of 200 ms in ")
            && e.ends_with("gate.rego (evaluating data.tollgate.gate.deny)"),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}
