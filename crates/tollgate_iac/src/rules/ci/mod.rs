//! CI rules: GitHub Actions workflows and jobs, GitLab CI pipelines and jobs.

mod github;
mod gitlab;

use crate::model::{Attr, Lookup, Value};
use crate::rule::Rule;

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(github::rules());
    v.extend(gitlab::rules());
    v
}

pub(crate) fn found(l: Lookup<'_>) -> Option<&Attr> {
    match l {
        Lookup::Found(a) => Some(a),
        _ => None,
    }
}

/// Whether a shell script downloads something and pipes it straight into an interpreter
/// (`curl -fsSL https://x | sh`, `wget -qO- … | sudo bash`): the line with it, 0-based.
pub(crate) fn pipe_to_shell(script: &str) -> Option<usize> {
    const SHELLS: &[&str] = &[
        "sh", "bash", "zsh", "dash", "ksh", "python", "python3", "perl", "ruby", "node", "pwsh",
        "iex",
    ];
    for (i, line) in script.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('#') {
            continue;
        }
        let Some(at) = l
            .find("curl ")
            .or_else(|| l.find("wget "))
            .or_else(|| l.find("iwr "))
            .or_else(|| l.find("Invoke-WebRequest"))
        else {
            continue;
        };
        for part in l[at..].split('|').skip(1) {
            let mut words = part.split_whitespace();
            let mut w = words.next().unwrap_or("");
            while matches!(w, "sudo" | "-E" | "env") {
                w = words.next().unwrap_or("");
            }
            let w = w.rsplit('/').next().unwrap_or(w);
            // `python3 -m json.tool`, `sh -c '…'`, `node -e …` read the download as data.
            let data_only = matches!(words.next(), Some("-c" | "-m" | "-e" | "-p"));
            if SHELLS.contains(&w) && !data_only {
                return Some(i);
            }
        }
    }
    None
}

/// Whether a CI variable's name says it holds a credential.
pub(crate) fn secret_name(name: &str) -> bool {
    crate::rules::kubernetes::secret_name(name)
}

/// Whether a literal value could be a credential: not empty, not an expression or a
/// reference to another variable.
pub(crate) fn literal_secret(v: &str) -> bool {
    let v = v.trim();
    !(v.len() < 4
        || v.contains("${{")
        || v.starts_with('$')
        || v.starts_with("{{")
        || v.starts_with('<')
        || v.starts_with("__")
        || v.eq_ignore_ascii_case("true")
        || v.eq_ignore_ascii_case("false"))
}

/// Whether a job or step name says it is a security scan.
pub(crate) fn security_scan_name(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "security",
        "sast",
        "dast",
        "codeql",
        "trivy",
        "snyk",
        "semgrep",
        "gitleaks",
        "trufflehog",
        "tollgate",
        "checkov",
        "grype",
        "bandit",
        "zap",
        "dependency-check",
        "dependency_scanning",
        "secret_detection",
        "secret-detection",
        "container_scanning",
        "audit",
        "vulnerab",
        "tfsec",
        "kics",
        "osv-scanner",
    ];
    WORDS.iter().any(|w| s.contains(w))
}

/// The string of a scalar or the strings of a list (a script that is a list of lines).
pub(crate) fn lines_of(a: &Attr) -> Vec<&Attr> {
    match &a.value {
        Value::List(items) => items.iter().filter(|x| x.as_str().is_some()).collect(),
        Value::String(_) => vec![a],
        _ => Vec::new(),
    }
}

/// Whether a ref is a full 40-hex commit SHA.
pub(crate) fn is_sha(r: &str) -> bool {
    r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit())
}
