//! Rego policies in the evaluator child process: resource limits are policy errors naming
//! the file (exit 2), never an abort or a pass; rules may be left undefined; a value that is
//! not a set of messages fails closed.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tollgate_policy::rego::{Limits, RegoGate, Sandbox, CHILD_SUBCOMMAND};

mod common;
use common::*;

fn decision(v: &serde_json::Value) -> (String, Vec<String>, Vec<String>) {
    let d = &v["decision"];
    let list = |k: &str| {
        d[k].as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    (
        d["status"].as_str().unwrap().to_string(),
        list("reasons"),
        list("warnings"),
    )
}

/// A clean tree whose gate is `policy`.
fn with_policy(policy: &str) -> tempfile::TempDir {
    tree(&[
        ("app.py", "print('clean')\n".to_string()),
        ("policies/gate.rego", policy.to_string()),
        (
            "tollgate.toml",
            "[gate]\npolicies = [\"policies\"]\n".into(),
        ),
    ])
}

/// `scan .` must stop with a policy error (exit 2, not a signal) whose message has `wanted`
/// and names the policy file.
fn scan_error(policy: &str, wanted: &str) -> String {
    let d = with_policy(policy);
    let o = tollgate(d.path(), &["scan", ".", "--no-progress"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{o:?}\n{err}");
    assert!(
        err.contains(wanted) && err.contains("gate.rego"),
        "wanted {wanted:?}: {err}"
    );
    err
}

#[test]
fn a_policy_may_define_only_deny_or_only_warn() {
    let d = with_policy("package tollgate.gate\ndeny contains \"always\" if true\n");
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(decision(&v).1, vec!["policy: always".to_string()]);
    let d = with_policy("package tollgate.gate\nwarn contains \"careful\" if true\n");
    let (code, v) = scan_json(d.path(), &[]);
    assert_eq!((code, decision(&v).0.as_str()), (0, "warn"), "{v:#}");
}

#[test]
fn an_object_valued_deny_fails_closed() {
    let err = scan_error(
        "package tollgate.gate\ndeny := {\"a\": 1}\nwarn contains \"w\" if true\n",
        "evaluating data.tollgate.gate.deny: must be a set of messages",
    );
    assert!(err.contains("it is an object"), "{err}");
}

#[test]
fn a_huge_range_is_a_memory_limit_error_not_an_abort() {
    scan_error(
        "package tollgate.gate\ndeny contains \"x\" if {\n    some n in numbers.range(1, 1e11)\n    n == 0\n}\n",
        "policy evaluation exceeded its memory limit of 512 MiB in",
    );
}

#[test]
fn a_recursive_function_is_a_stack_limit_error_not_a_crash() {
    scan_error(
        "package tollgate.gate\nf(x) := y if {\n    y := f(x + 1)\n}\ndeny contains m if {\n    m := f(1)\n}\n",
        "policy evaluation exceeded its stack limit of 64 MiB in",
    );
}

#[test]
fn a_policy_that_loops_hits_the_time_limit() {
    let started = Instant::now();
    scan_error(
        "package tollgate.gate\ndeny contains \"x\" if {\n    some a in numbers.range(1, 20000)\n    some b in numbers.range(1, 20000)\n    a * b == -1\n}\nwarn contains \"w\" if true\n",
        "policy evaluation exceeded its time limit of 2 s in",
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn the_evaluator_subcommand_is_hidden() {
    let d = tree(&[("x", "")]);
    let o = tollgate(d.path(), &["--help"]);
    assert!(o.status.success());
    assert!(!text(&o).contains(CHILD_SUBCOMMAND), "{}", text(&o));
}

/// The library's gate with the binary as its evaluator, under `limits`.
fn gate(policy: &str, limits: Limits) -> (tempfile::TempDir, RegoGate) {
    let d = tree(&[("gate.rego", policy)]);
    let g = RegoGate::load(&[d.path().to_path_buf()])
        .unwrap()
        .with_limits(limits)
        .with_sandbox(Sandbox::Command {
            program: PathBuf::from(env!("CARGO_BIN_EXE_tollgate")),
            args: vec![OsString::from(CHILD_SUBCOMMAND)],
        });
    (d, g)
}

#[test]
fn the_address_space_limit_holds_below_what_the_machine_would_give() {
    // 4 million numbers fit in a few hundred MiB: well inside the machine, outside 64 MiB.
    let limits = Limits {
        memory: 64 << 20,
        ..Limits::default()
    };
    let (_d, mut g) = gate(
        "package tollgate.gate\ndeny contains \"x\" if {\n    count(numbers.range(1, 4000000)) == 0\n}\n",
        limits,
    );
    let e = g.evaluate("{}").unwrap_err().to_string();
    assert!(
        e.contains("policy evaluation exceeded its memory limit of 64 MiB in")
            && e.contains("gate.rego (evaluating data.tollgate.gate.deny)"),
        "{e}"
    );
    // The same policy within the default limits: evaluated, and the rule is undefined.
    let (_d, mut g) = gate(
        "package tollgate.gate\ndeny contains \"x\" if {\n    count(numbers.range(1, 4000000)) == 0\n}\n",
        Limits::default(),
    );
    assert_eq!(g.evaluate("{}").unwrap(), (vec![], vec![]));
}

#[test]
fn the_child_answers_messages_and_errors_like_the_library() {
    // tollgate:ignore synthetic value for a test
    let secret = "sk_live_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eQ";
    let (_d, mut g) = gate(
        "package tollgate.gate\ndeny contains sprintf(\"bad %s\", [input.name]) if input.key\nwarn contains {\"msg\": \"w\"} if true\n",
        Limits::default(),
    );
    assert_eq!(
        g.evaluate(r#"{"name": "app.py", "key": true}"#).unwrap(),
        (vec!["bad app.py".to_string()], vec!["w".to_string()])
    );
    let (_d, mut g) = gate(
        "package tollgate.gate\n\ndeny contains m if {\n    m := input.key + 1\n}\n",
        Limits::default(),
    );
    let e = g
        .evaluate(&format!(r#"{{"key": "{secret}"}}"#))
        .unwrap_err()
        .to_string();
    assert!(e.contains("gate.rego:4:") && !e.contains("51Qx8vT2"), "{e}");
}
