//! The staged changes: every file added or modified in the git index, read from the index
//! (what the next commit will hold), not from the disk, so a pre-commit hook checks
//! exactly what is about to be committed even when the work tree differs.

use crate::history::{git, read_blobs, Blob, HistoryError};
use std::path::Path;
use tollgate_core::report::IssueKind;
use tollgate_core::walk::{Dispatcher, WalkResult};
use tollgate_core::Scanner;

/// A file of the index, by its path relative to the scanned directory.
struct Staged {
    id: String,
    path: String,
}

/// Added, copied, modified and type-changed files staged under `dir`, with their index
/// blobs. Deletions, submodules and symlinks have no content to check.
fn list(
    dir: &Path,
    exclude: Option<&ignore::overrides::Override>,
) -> Result<Vec<Staged>, HistoryError> {
    let check = git(dir).args(["rev-parse", "--git-dir"]).output()?;
    if !check.status.success() {
        return Err(HistoryError::NotARepo(
            dir.display().to_string(),
            String::from_utf8_lossy(&check.stderr).trim().to_string(),
        ));
    }
    // Without a commit yet, the index is compared with the empty tree.
    let base = if git(dir)
        .args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .output()?
        .status
        .success()
    {
        "HEAD".to_string()
    } else {
        crate::history::empty_tree(dir)?
    };
    let out = git(dir)
        .args([
            "diff-index",
            "--cached",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--relative",
            &base,
            "--",
        ])
        .output()?;
    if !out.status.success() {
        return Err(HistoryError::Git(
            "diff-index".into(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    let mut files = Vec::new();
    let mut tokens = out.stdout.split(|&b| b == 0);
    while let Some(meta) = tokens.next() {
        if meta.is_empty() {
            continue;
        }
        // :oldmode newmode oldsha newsha status, then the path as the next token
        let meta = String::from_utf8_lossy(meta);
        let path = tokens
            .next()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .unwrap_or_default();
        let parts: Vec<&str> = meta.trim_start_matches(':').split_whitespace().collect();
        if parts.len() < 5 {
            continue;
        }
        let (new_mode, new_sha, status) = (parts[1], parts[3], parts[4]);
        if status.starts_with('D')
            || new_mode == "160000"
            || new_mode == "120000"
            || new_sha.bytes().all(|b| b == b'0')
        {
            continue;
        }
        if exclude.is_some_and(|ex| ex.matched(&path, false).is_ignore()) {
            continue;
        }
        files.push(Staged {
            id: new_sha.to_string(),
            path,
        });
    }
    Ok(files)
}

/// Scan the staged files under `dir` with `scanners`, as one project (a staged lockfile
/// and its manifest are checked together).
pub fn scan_staged(
    dir: &Path,
    max_file_size: u64,
    exclude: Option<&ignore::overrides::Override>,
    scanners: &[&dyn Scanner],
) -> Result<WalkResult, HistoryError> {
    let files = list(dir, exclude)?;
    let mut d = Dispatcher::new(scanners);
    let ids = files.iter().map(|f| f.id.clone()).collect();
    read_blobs(dir, ids, max_file_size, |i, blob| {
        let path = &files[i].path;
        let Some(matches) = d.by_path(path) else {
            return true;
        };
        match blob {
            Blob::Content(content) => d.file(path, &content, &matches),
            Blob::TooLarge => d.unreadable(
                path,
                &matches,
                IssueKind::Skipped,
                "the staged file is larger than scan.max_file_size".into(),
            ),
            Blob::Missing => d.unreadable(
                path,
                &matches,
                IssueKind::Error,
                "the staged blob could not be read from the index".into(),
            ),
        }
        true
    })?;
    Ok(d.finish(false))
}
