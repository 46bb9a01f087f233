//! Git history: every blob that ever entered the history is scanned once, and its
//! findings say which commit introduced it, who wrote it, when, and under which path.
//!
//! Uses the `git` executable (`git log --raw` and `git cat-file --batch`), which every
//! machine that has a repository has, rather than a second git implementation.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::walk::{Dispatcher, WalkResult};
use tollgate_core::{GitProvenance, Scanner};

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0}: not a git repository (or git is not installed): {1}")]
    NotARepo(String, String),
    #[error("git {0} failed: {1}")]
    Git(String, String),
    #[error("cannot run git: {0}")]
    Spawn(#[from] std::io::Error),
}

pub struct HistoryOptions<'a> {
    pub repo: &'a Path,
    /// Only commits not reachable from this revision.
    pub since: Option<&'a str>,
    pub max_file_size: u64,
    pub threads: usize,
    /// Paths (as in the tree) that are not scanned.
    pub exclude: Option<&'a ignore::overrides::Override>,
}

/// What a history scan found: the files (blobs) as a walk reports them, and the commits.
#[derive(Default)]
pub struct HistoryScan {
    pub result: WalkResult,
    pub blobs: u64,
    pub commits: u64,
}

struct Commit {
    id: String,
    author: String,
    email: String,
    date: String,
}

struct BlobRef {
    id: String,
    commit: usize,
    path: String,
}

pub(crate) fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(repo).env("GIT_TERMINAL_PROMPT", "0");
    c
}

/// The commit a revision names, resolved on its own so that nothing the user typed is
/// ever handed to `git log` as an option (`--since=--output=/tmp/x`).
fn resolve(repo: &Path, rev: &str) -> Result<String, HistoryError> {
    let out = git(repo)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || id.len() < 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(HistoryError::Git(
            "rev-parse".into(),
            format!(
                "{} is not a commit in this repository",
                tollgate_core::redact::quote(rev)
            ),
        ));
    }
    Ok(id)
}

/// Blobs in order of first appearance, oldest commit first.
fn list_blobs(opts: &HistoryOptions) -> Result<(Vec<Commit>, Vec<BlobRef>), HistoryError> {
    let check = git(opts.repo).args(["rev-parse", "--git-dir"]).output()?;
    if !check.status.success() {
        return Err(HistoryError::NotARepo(
            opts.repo.display().to_string(),
            String::from_utf8_lossy(&check.stderr).trim().to_string(),
        ));
    }
    let mut cmd = git(opts.repo);
    cmd.args([
        "log",
        "--all",
        "--reverse",
        "--no-renames",
        "-m",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x01%H%x1f%an%x1f%ae%x1f%aI",
    ]);
    if let Some(since) = opts.since {
        cmd.args(["--not", &resolve(opts.repo, since)?]);
    }
    cmd.arg("--");
    let out = cmd.output()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        // An empty repository has no commits to walk; that is not an error.
        if err.contains("does not have any commits") {
            return Ok((Vec::new(), Vec::new()));
        }
        return Err(HistoryError::Git("log".into(), err));
    }
    let mut commits: Vec<Commit> = Vec::new();
    let mut blobs: Vec<BlobRef> = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut tokens = out.stdout.split(|&b| b == 0).peekable();
    while let Some(tok) = tokens.next() {
        let tok = tok.strip_prefix(b"\n").unwrap_or(tok);
        if let Some(header) = tok.strip_prefix(b"\x01") {
            let text = String::from_utf8_lossy(header);
            let mut f = text.trim_end().split('\x1f');
            commits.push(Commit {
                id: f.next().unwrap_or("").to_string(),
                author: f.next().unwrap_or("").to_string(),
                email: f.next().unwrap_or("").to_string(),
                date: f.next().unwrap_or("").to_string(),
            });
        } else if tok.starts_with(b":") {
            // :oldmode newmode oldsha newsha status, then the path as the next token
            let meta = String::from_utf8_lossy(tok);
            let path = tokens
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default();
            let parts: Vec<&str> = meta.split_whitespace().collect();
            if parts.len() < 5 || commits.is_empty() {
                continue;
            }
            let (new_mode, new_sha, status) = (parts[1], parts[3], parts[4]);
            // Deletions, submodules (160000) and symlinks (120000) carry no file content.
            if status.starts_with('D')
                || new_mode == "160000"
                || new_mode == "120000"
                || new_sha.bytes().all(|b| b == b'0')
            {
                continue;
            }
            if let Some(ex) = opts.exclude {
                if ex.matched(&path, false).is_ignore() {
                    continue;
                }
            }
            if seen.insert(new_sha.to_string(), ()).is_none() {
                blobs.push(BlobRef {
                    id: new_sha.to_string(),
                    commit: commits.len() - 1,
                    path,
                });
            }
        }
    }
    Ok((commits, blobs))
}

/// Scan every blob in the history with `scanners`.
pub fn scan_history(
    opts: &HistoryOptions,
    scanners: &[&dyn Scanner],
) -> Result<HistoryScan, HistoryError> {
    let (commits, blobs) = list_blobs(opts)?;
    let mut result = HistoryScan {
        commits: commits.len() as u64,
        result: WalkResult::for_scanners(scanners.len()),
        ..Default::default()
    };
    if blobs.is_empty() {
        return Ok(result);
    }
    let threads = opts.threads.max(1);
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(threads * 4);
    let rx = Mutex::new(rx);
    let collected = Mutex::new(std::mem::take(&mut result.result));
    let blob_count = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|scope| -> Result<(), HistoryError> {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut local = WalkResult::for_scanners(scanners.len());
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok((i, content))) = next else { break };
                    let blob = &blobs[i];
                    let mut d = Dispatcher::new(scanners);
                    let Some(matches) = d.by_path(&blob.path) else {
                        continue;
                    };
                    // Each blob is a project of its own: its findings carry its commit.
                    d.file(&blob.path, &content, &matches);
                    let mut r = d.finish(true);
                    let c = &commits[blob.commit];
                    for f in &mut r.findings {
                        f.git = Some(GitProvenance {
                            commit: c.id.clone(),
                            author: c.author.clone(),
                            email: c.email.clone(),
                            date: c.date.clone(),
                        });
                    }
                    if r.files_scanned > 0 {
                        blob_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    local.absorb(r);
                }
                collected
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .absorb(local);
            });
        }
        let ids: Vec<String> = blobs.iter().map(|b| b.id.clone()).collect();
        let sent = read_blobs(opts.repo, ids, opts.max_file_size, |i, blob| {
            let b = &blobs[i];
            let content = match blob {
                Blob::Content(c) => c,
                Blob::Missing => {
                    note_unreadable(
                        scanners,
                        &b.path,
                        IssueKind::Error,
                        format!("blob {} could not be read from the repository", b.id),
                        &collected,
                    );
                    return true;
                }
                Blob::TooLarge => {
                    let short = |s: &str| s.get(..12).unwrap_or(s).to_string();
                    note_unreadable(
                        scanners,
                        &b.path,
                        IssueKind::Skipped,
                        format!(
                            "blob {} of commit {} is larger than scan.max_file_size",
                            short(&b.id),
                            short(&commits[b.commit].id)
                        ),
                        &collected,
                    );
                    return true;
                }
            };
            tx.send((i, content)).is_ok()
        });
        drop(tx);
        sent
    })?;
    result.result = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    result.blobs = blob_count.into_inner();
    Ok(result)
}

/// The id of the empty tree in `repo`'s object format (what an unborn branch is compared with).
pub(crate) fn empty_tree(repo: &Path) -> Result<String, HistoryError> {
    let out = git(repo)
        .args(["hash-object", "-t", "tree", "/dev/null"])
        .output()?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || id.is_empty() {
        return Err(HistoryError::Git(
            "hash-object".into(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(id)
}

/// One blob as `git cat-file --batch` gave it.
pub(crate) enum Blob {
    Content(Vec<u8>),
    /// Larger than the size limit: skipped, never read into memory.
    TooLarge,
    /// Not in the repository (or not a blob).
    Missing,
}

/// Read the blobs `ids` from `repo` in order with one `git cat-file --batch`, handing each
/// to `each` with its index; `each` returns false to stop early.
pub(crate) fn read_blobs(
    repo: &Path,
    ids: Vec<String>,
    max_file_size: u64,
    mut each: impl FnMut(usize, Blob) -> bool,
) -> Result<(), HistoryError> {
    if ids.is_empty() {
        return Ok(());
    }
    let count = ids.len();
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| HistoryError::Git("cat-file".into(), "no stdin".into()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| HistoryError::Git("cat-file".into(), "no stdout".into()))?;
    let writer = std::thread::spawn(move || {
        for id in ids {
            if writeln!(stdin, "{id}").is_err() {
                break;
            }
        }
    });
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut header = String::new();
    let read = (|| -> Result<(), HistoryError> {
        for i in 0..count {
            header.clear();
            if reader.read_line(&mut header)? == 0 {
                break;
            }
            let mut parts = header.split_whitespace();
            let (_, kind, size) = (
                parts.next(),
                parts.next(),
                parts.next().and_then(|s| s.parse::<u64>().ok()),
            );
            let Some(size) = size.filter(|_| kind == Some("blob")) else {
                if !each(i, Blob::Missing) {
                    break;
                }
                continue;
            };
            if size > max_file_size {
                std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())?;
                if !each(i, Blob::TooLarge) {
                    break;
                }
                continue;
            }
            let mut content = vec![0u8; size as usize];
            reader.read_exact(&mut content)?;
            let mut nl = [0u8; 1];
            reader.read_exact(&mut nl)?;
            if !each(i, Blob::Content(content)) {
                break;
            }
        }
        Ok(())
    })();
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    read
}

/// A blob that could not be read is unchecked for every scanner that wanted it.
fn note_unreadable(
    scanners: &[&dyn Scanner],
    path: &str,
    kind: IssueKind,
    message: String,
    collected: &Mutex<WalkResult>,
) {
    let mut d = Dispatcher::new(scanners);
    match d.by_path(path) {
        Some(m) => d.unreadable(path, &m, kind, message),
        None => d.result.issues.push(FileIssue {
            path: path.to_string(),
            kind,
            line: None,
            source: "git".into(),
            message,
        }),
    }
    collected
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .absorb(d.finish(true));
}
