//! Diff-aware gating: only new findings block a pull request. New means not in a baseline
//! report (`--baseline`), or on a line changed since a git revision (`--new-since`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use tollgate_core::{DiffStatus, Finding, ScanReport};

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Baseline(#[from] tollgate_core::report::LoadError),
    #[error("git {0}")]
    Git(String),
}

/// Fingerprints of a previous JSON report.
pub fn load_baseline(path: &Path) -> Result<BTreeSet<String>, DiffError> {
    let report = ScanReport::load(path)?;
    Ok(report.findings.into_iter().map(|f| f.fingerprint).collect())
}

/// Mark each finding new or in the baseline.
pub fn apply_baseline(findings: &mut [Finding], baseline: &BTreeSet<String>) {
    for f in findings {
        f.diff = Some(if baseline.contains(&f.fingerprint) {
            DiffStatus::InBaseline
        } else {
            DiffStatus::New
        });
    }
}

/// Changed line ranges (inclusive) per path; `None` means the whole file is new.
pub type ChangedLines = BTreeMap<String, Option<Vec<(u32, u32)>>>;

/// `git` in `root`; its standard output, or an error naming the command.
fn git(root: &Path, args: &[&str]) -> Result<String, DiffError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| DiffError::Git(format!("could not run: {e}")))?;
    if !out.status.success() {
        return Err(DiffError::Git(format!(
            "{}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Lines changed since `rev` in the work tree under `root`, per path relative to `root`.
/// `None` for a file means the whole file is new (untracked).
pub fn changed_lines(root: &Path, rev: &str) -> Result<ChangedLines, DiffError> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        DiffError::Git(format!(
            "{} is not a commit in {}",
            tollgate_core::redact::quote(rev),
            root.display()
        ))
    })?;
    let mut out = unified_diff(root, &[rev])?;
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_string();
    for p in git(
        root,
        &["ls-files", "--others", "--exclude-standard", "--", "."],
    )?
    .lines()
    {
        if let Some(r) = p.strip_prefix(&prefix) {
            out.insert(r.to_string(), None);
        }
    }
    Ok(out)
}

/// Lines the git index changes under `root` against `HEAD` (against nothing, before the
/// first commit): what the next commit adds, for `scan --staged`.
pub fn staged_lines(root: &Path) -> Result<ChangedLines, DiffError> {
    unified_diff(root, &["--cached"])
}

/// The added line ranges of `git diff <args> -- .` under `root`, per path relative to it.
fn unified_diff(root: &Path, args: &[&str]) -> Result<ChangedLines, DiffError> {
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_string();
    let rel = |p: &str| p.strip_prefix(&prefix).map(str::to_string);
    let mut cmd = vec![
        "diff",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--no-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
    ];
    cmd.extend_from_slice(args);
    cmd.extend_from_slice(&["--", "."]);
    let diff = git(root, &cmd)?;
    let mut out: ChangedLines = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            current = p.strip_prefix("b/").and_then(rel);
            if let Some(c) = &current {
                out.entry(c.clone()).or_insert_with(|| Some(Vec::new()));
            }
        } else if let Some(h) = line.strip_prefix("@@ ") {
            // @@ -a,b +c,d @@
            let Some(plus) = h.split_whitespace().find(|t| t.starts_with('+')) else {
                continue;
            };
            let mut it = plus[1..].split(',');
            let start: u32 = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: u32 = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count == 0 {
                continue;
            }
            if let Some(Some(v)) = current.as_ref().and_then(|c| out.get_mut(c)) {
                v.push((start, start + count - 1));
            }
        }
    }
    Ok(out)
}

/// Mark each finding new (on a changed line) or unchanged.
pub fn apply_changed_lines(
    findings: &mut [Finding],
    changed: &BTreeMap<String, Option<Vec<(u32, u32)>>>,
) {
    for f in findings {
        let new = match changed.get(&f.location.path) {
            None => false,
            Some(None) => true,
            Some(Some(ranges)) => ranges.iter().any(|&(a, b)| {
                f.location.start_line <= b && f.location.end_line.max(f.location.start_line) >= a
            }),
        };
        f.diff = Some(if new {
            DiffStatus::New
        } else {
            DiffStatus::Unchanged
        });
    }
}
