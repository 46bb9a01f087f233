//! Rego gates evaluated in this process: undefined rules, the shapes a rule may take,
//! errors that name the policy file (and line) without echoing input.

use std::path::Path;
use tollgate_policy::rego::{RegoGate, Sandbox};

type Verdict = (Vec<String>, Vec<String>);

/// A directory holding `gate.rego` with `text`.
fn policy(text: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("gate.rego"), text).unwrap();
    d
}

/// Policies in `dir`, evaluated in this process (the child process needs the binary: see
/// crates/tollgate/tests/rego.rs).
fn load(dir: &Path) -> Result<RegoGate, String> {
    RegoGate::load(&[dir.to_path_buf()])
        .map(|g| g.with_sandbox(Sandbox::InProcess))
        .map_err(|e| e.to_string())
}

/// Load and evaluate over `input`; errors as their messages.
fn run(text: &str, input: &str) -> Result<Verdict, String> {
    let d = policy(text);
    let mut gate = load(d.path())?;
    gate.evaluate(input).map_err(|e| e.to_string())
}

fn err(text: &str, input: &str) -> String {
    match run(text, input) {
        Ok(v) => panic!("expected an error, got {v:?} for\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn a_policy_may_define_only_deny_or_only_warn() {
    let deny_only = "package tollgate.gate\ndeny contains \"no\" if input.x == 1\n";
    assert_eq!(
        run(deny_only, r#"{"x": 1}"#).unwrap(),
        (vec!["no".to_string()], vec![])
    );
    assert_eq!(run(deny_only, r#"{"x": 2}"#).unwrap(), (vec![], vec![]));
    let warn_only = "package tollgate.gate\nwarn contains \"careful\" if true\n";
    assert_eq!(
        run(warn_only, "{}").unwrap(),
        (vec![], vec!["careful".to_string()])
    );
}

#[test]
fn messages_may_be_strings_objects_with_msg_a_string_or_a_boolean() {
    let objects = "package tollgate.gate\ndeny contains {\"msg\": \"b\", \"id\": 2} if true\ndeny contains {\"msg\": \"a\"} if true\n";
    assert_eq!(
        run(objects, "{}").unwrap().0,
        vec!["a".to_string(), "b".to_string()]
    );
    let array = "package tollgate.gate\ndeny := [\"z\", \"y\", \"z\"]\n";
    assert_eq!(
        run(array, "{}").unwrap().0,
        vec!["y".to_string(), "z".to_string()]
    );
    let single = "package tollgate.gate\nwarn := \"one\"\n";
    assert_eq!(run(single, "{}").unwrap().1, vec!["one".to_string()]);
    let yes = "package tollgate.gate\ndeny := true\n";
    assert_eq!(run(yes, "{}").unwrap().0.len(), 1);
    let no = "package tollgate.gate\ndeny := false\n";
    assert_eq!(run(no, "{}").unwrap(), (vec![], vec![]));
    // A complete rule whose body fails is undefined: no messages.
    let undefined = "package tollgate.gate\ndeny := \"x\" if input.never\n";
    assert_eq!(run(undefined, "{}").unwrap(), (vec![], vec![]));
}

#[test]
fn any_other_value_is_an_error_naming_the_rule_and_the_file() {
    for value in [
        "{\"a\": 1}",
        "1",
        "null",
        "{1, 2}",
        "[\"ok\", 3]",
        "{{\"message\": \"no msg key\"}}",
        "{{\"msg\": 5}}",
    ] {
        for rule in ["deny", "warn"] {
            let text = format!("package tollgate.gate\n{rule} := {value}\n");
            let e = err(&text, "{}");
            assert!(
                e.contains("gate.rego") && e.contains(&format!("tollgate.gate.{rule}")),
                "{rule} := {value}: {e}"
            );
        }
    }
}

#[test]
fn a_policy_set_that_cannot_gate_anything_is_an_error() {
    for text in [
        "package tollgate.gates\ndeny contains \"x\" if true\n",
        "package tollgate.gate\nhelper := 1\n",
        "package tollgate.gate\n",
    ] {
        let d = policy(text);
        let e = match load(d.path()).and_then(|mut g| g.evaluate("{}").map_err(|e| e.to_string())) {
            Ok(v) => panic!("expected an error, got {v:?} for\n{text}"),
            Err(e) => e,
        };
        assert!(
            e.contains("gate.rego") && e.contains("package tollgate.gate"),
            "{text}: {e}"
        );
    }
    let empty = tempfile::tempdir().unwrap();
    let e = load(empty.path()).map(|_| ()).unwrap_err();
    assert!(e.contains(&empty.path().display().to_string()), "{e}");
}

#[test]
fn a_parse_error_is_one_line_naming_file_line_and_column() {
    let e = load(policy("package tollgate.gate\n\ndeny contains msg if {\n  x := \n}\n").path())
        .map(|_| ())
        .unwrap_err();
    assert!(!e.contains('\n'), "{e:?}");
    let at = e.find("gate.rego:").expect("names the file");
    assert!(e[at..].starts_with("gate.rego:4:5: "), "{e}");
}

#[test]
fn evaluation_errors_name_file_and_line_and_never_echo_input() {
    // tollgate:ignore synthetic value for a test
    let secret = "sk_live_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eQ";
    let e = err(
        "package tollgate.gate\n\ndeny contains m if {\n  m := input.key + 1\n}\n",
        &format!(r#"{{"key": "{secret}"}}"#),
    );
    assert!(!e.contains(secret) && !e.contains("51Qx8vT2"), "{e}");
    assert!(!e.contains('\n'), "{e:?}");
    assert!(e.contains("gate.rego:4:"), "{e}");
    assert!(e.contains("tollgate.gate.deny"), "{e}");
}

#[test]
fn a_rule_across_two_files_names_both_when_its_value_is_bad() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("a.rego"),
        "package tollgate.gate\ndeny contains 1 if true\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("b.rego"),
        "package tollgate.gate\ndeny contains \"ok\" if true\nwarn contains \"w\" if true\n",
    )
    .unwrap();
    let e = load(d.path())
        .and_then(|mut g| g.evaluate("{}").map_err(|e| e.to_string()))
        .unwrap_err();
    assert!(e.contains("a.rego") && e.contains("b.rego"), "{e}");
}
