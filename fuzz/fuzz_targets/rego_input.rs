//! Rego gates over fuzzed report JSON, evaluated in this process (`Sandbox::InProcess`)
//! with a fixed policy set loaded once. Promises: no panic (a panic inside regorus is
//! caught by Tollgate, but the fuzzer's panic hook reports it first, on purpose); every
//! error names the policy files and never echoes a secret-shaped value of the input; the
//! messages are what the policies say for the input (checked against serde_json's reading
//! of it for the rules whose outcome is easy to compute).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tollgate_fuzz::{assert_no_echo, secret_shaped};
use tollgate_policy::rego::{Limits, RegoGate, Sandbox};

const GATE: &str = r#"package tollgate.gate

deny contains msg if {
    some f in input.findings
    f.severity == "critical"
    msg := sprintf("critical %s in %s", [f.rule_id, f.location.path])
}

deny contains msg if {
    some f in input.findings
    regex.match(`^secrets/`, f.rule_id)
    not f.suppression
    msg := sprintf("secret %v", [f.fingerprint])
}

warn contains msg if {
    n := count(input.findings)
    is_array(input.findings)
    n > 0
    msg := sprintf("%d findings", [n])
}

# A type error when the input's key is not a number: the error path.
warn contains msg if {
    m := input.key + 1
    msg := sprintf("key %v", [m])
}
"#;

const EXTRA: &str = r#"package tollgate.gate

warn contains msg if {
    some x in input.file_issues
    startswith(x.message, "lockfile")
    msg := concat(": ", [x.path, lower(x.message)])
}

deny contains "threshold" if {
    to_number(input.stats.threshold) > 10
}

warn contains msg if {
    walk(input, [p, v])
    is_string(v)
    contains(v, "FUZZ-DENY")
    msg := sprintf("marker at %v", [p])
}
"#;

struct Loaded {
    gate: RegoGate,
    dir: PathBuf,
}

static LOADED: Mutex<Option<Loaded>> = Mutex::new(None);

fn load() -> Loaded {
    let dir = tollgate_fuzz::scratch("rego");
    std::fs::write(dir.join("gate.rego"), GATE).expect("policy file");
    std::fs::write(dir.join("extra.rego"), EXTRA).expect("policy file");
    let gate = RegoGate::load(std::slice::from_ref(&dir))
        .expect("the fixed policies load")
        .with_sandbox(Sandbox::InProcess)
        .with_limits(Limits {
            time: Duration::from_secs(2),
            ..Limits::default()
        });
    Loaded { gate, dir }
}

/// The values `some x in v` ranges over.
fn members(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Object(o)) => o.values().collect(),
        _ => Vec::new(),
    }
}

fn check_messages(input: &Value, deny: &[String], warn: &[String]) {
    for f in members(input.get("findings")) {
        let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        if f.get("severity").and_then(Value::as_str) == Some("critical") {
            if let (Some(rule), Some(path)) = (
                s(f.get("rule_id")),
                s(f.get("location").and_then(|l| l.get("path"))),
            ) {
                let want = format!("critical {rule} in {path}");
                assert!(deny.contains(&want), "deny lacks {want:?}: {deny:?}");
            }
        }
    }
    if let Some(Value::Array(a)) = input.get("findings") {
        if !a.is_empty() {
            let want = format!("{} findings", a.len());
            assert!(warn.contains(&want), "warn lacks {want:?}: {warn:?}");
        }
    }
    for m in [deny, warn] {
        let mut sorted = m.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, m, "messages are sorted and deduplicated");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut guard = LOADED.lock().unwrap_or_else(|p| p.into_inner());
    let loaded = guard.get_or_insert_with(load);
    match loaded.gate.evaluate(text) {
        Ok((deny, warn)) => {
            if let Ok(input) = serde_json::from_str::<Value>(text) {
                check_messages(&input, &deny, &warn);
            }
        }
        Err(e) => {
            let shown = e.to_string();
            let dir = loaded.dir.display().to_string();
            assert!(
                shown.contains(&dir),
                "the error names no policy file: {shown}"
            );
            assert!(!shown.contains('\n'), "one line: {shown:?}");
            assert_no_echo(&secret_shaped(data), &shown);
        }
    }
});
