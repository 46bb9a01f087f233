//! Git history as a list of leaks: every (blob, path) pair that ever entered the history
//! is scanned once, and each distinct finding at a path (same rule, same fingerprint: for
//! secrets, the same value) is reported once, with the commit that introduced it, the last
//! commit that still had it, how many commits carried it and whether `HEAD` and the work
//! tree still hold it.
//!
//! A path is a location: a rename or a copy puts the secret at a new location, which is a
//! finding of its own (its fingerprint names the path, so a baseline keeps both apart).
//!
//! Which commits carried a finding comes from `git log --raw` alone, not from scanning every
//! tree: each commit's tree is its first parent's with the first-parent diff applied, and
//! only the paths that have findings are followed. Commits that change none of those paths
//! share their parent's state, so the work is linear in the history and the memory in the
//! changes to those paths.
//!
//! Uses the `git` executable (`git log --raw` and `git cat-file --batch`), which every
//! machine that has a repository has, rather than a second git implementation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::walk::{Dispatcher, WalkResult};
use tollgate_core::{CommitRef, Finding, GitProvenance, Scanner};

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
    /// Also scan commits that no ref reaches (dangling after a force-push or a reset,
    /// dropped stashes), as `git fsck --unreachable --no-reflogs` lists them.
    pub unreachable: bool,
}

/// What a history scan found: the files (blobs) as a walk reports them, and the commits.
#[derive(Default)]
pub struct HistoryScan {
    pub result: WalkResult,
    pub blobs: u64,
    pub commits: u64,
    /// Commits scanned that no ref reaches (with [`HistoryOptions::unreachable`]).
    pub unreachable_commits: u64,
    /// The repository is a shallow clone: history before its boundary was not scanned.
    pub shallow: bool,
}

struct Commit {
    id: String,
    author: String,
    email: String,
    date: String,
    /// Index of the first parent among the scanned commits (none for a root, a shallow
    /// boundary or a parent outside `--since`).
    parent: Option<usize>,
    /// This commit's first-parent changes, as a range of [`Log::changes`].
    changes: std::ops::Range<usize>,
    unreachable: bool,
}

/// No blob at a path (deleted, or something without file content).
const NONE: u32 = u32::MAX;

/// The parsed log: commits oldest first (parents before children), interned paths and
/// blob ids, every commit's first-parent changes, and the (blob, path) pairs to scan.
#[derive(Default)]
struct Log {
    commits: Vec<Commit>,
    paths: Vec<String>,
    blobs: Vec<String>,
    /// (path, blob or [`NONE`]) per first-parent change.
    changes: Vec<(u32, u32)>,
    /// Distinct (blob, path) pairs in order of first appearance, with the commit.
    pairs: Vec<(u32, u32, usize)>,
}

#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn get(&mut self, all: &mut Vec<String>, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = all.len() as u32;
        all.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }
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

/// One line of git's output, trimmed, when the command succeeds.
pub(crate) fn git_line(repo: &Path, args: &[&str]) -> Option<String> {
    let out = git(repo).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

fn is_object_id(s: &str) -> bool {
    s.len() >= 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Commits that no ref reaches, reflogs included (`git fsck --unreachable --no-reflogs`),
/// and what fsck complained about. fsck that does not run is an error; fsck that finds a
/// damaged repository (missing objects) still lists what it reached, and the complaint
/// becomes a scan error, so the list is never taken as complete.
fn unreachable_commits(repo: &Path) -> Result<(Vec<String>, Option<String>), HistoryError> {
    let out = git(repo)
        .args([
            "fsck",
            "--unreachable",
            "--no-reflogs",
            "--connectivity-only",
            "--no-progress",
        ])
        .stderr(Stdio::piped())
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problem = (!out.status.success()).then(|| {
        let first = stderr
            .split(['\n', '\r'])
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        format!(
            "git fsck found a damaged repository ({}), so commits no ref reaches may be missing",
            tollgate_core::redact::quote(first)
        )
    });
    if out.stdout.is_empty() {
        if let Some(p) = problem {
            return Err(HistoryError::Git("fsck".into(), p));
        }
    }
    let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("unreachable commit "))
        .map(str::trim)
        .filter(|id| is_object_id(id))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    Ok((ids, problem))
}

/// The log of `--all` (and the unreachable commits, when asked), oldest first.
fn read_log(opts: &HistoryOptions, unreachable: &[String]) -> Result<Log, HistoryError> {
    let mut cmd = git(opts.repo);
    cmd.args([
        "log",
        "--all",
        "--date-order",
        "--reverse",
        "--no-renames",
        "-m",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x01%H%x1f%P%x1f%an%x1f%ae%x1f%aI",
    ]);
    if !unreachable.is_empty() {
        cmd.arg("--stdin");
    }
    if let Some(since) = opts.since {
        cmd.args(["--not", &resolve(opts.repo, since)?]);
    }
    cmd.arg("--");
    cmd.stdin(if unreachable.is_empty() {
        Stdio::null()
    } else {
        Stdio::piped()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let writer = child.stdin.take().map(|mut stdin| {
        let ids = unreachable.to_vec();
        std::thread::spawn(move || {
            for id in ids {
                if writeln!(stdin, "{id}").is_err() {
                    break;
                }
            }
        })
    });
    let out = child.wait_with_output()?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        // An empty repository has no commits to walk; that is not an error.
        if err.contains("does not have any commits") {
            return Ok(Log::default());
        }
        return Err(HistoryError::Git("log".into(), err));
    }
    let dangling: HashSet<&str> = unreachable.iter().map(String::as_str).collect();
    let mut log = Log::default();
    let (mut path_ids, mut blob_ids) = (Interner::default(), Interner::default());
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seen_pairs: HashSet<(u32, u32)> = HashSet::new();
    // A merge is listed once per parent (-m); only the first block is its first-parent diff.
    let mut first_block = false;
    let mut tokens = out.stdout.split(|&b| b == 0).peekable();
    while let Some(tok) = tokens.next() {
        let tok = tok.strip_prefix(b"\n").unwrap_or(tok);
        if let Some(header) = tok.strip_prefix(b"\x01") {
            let text = String::from_utf8_lossy(header);
            let mut f = text.trim_end().split('\x1f');
            let id = f.next().unwrap_or("").to_string();
            let parents = f.next().unwrap_or("");
            if index.contains_key(&id) {
                // The same merge again, against its next parent.
                first_block = false;
                continue;
            }
            let parent = parents
                .split_whitespace()
                .next()
                .and_then(|p| index.get(p).copied());
            let start = log.changes.len();
            log.commits.push(Commit {
                unreachable: dangling.contains(id.as_str()),
                id: id.clone(),
                parent,
                author: f.next().unwrap_or("").to_string(),
                email: f.next().unwrap_or("").to_string(),
                date: f.next().unwrap_or("").to_string(),
                changes: start..start,
            });
            index.insert(id, log.commits.len() - 1);
            first_block = true;
        } else if tok.starts_with(b":") {
            // :oldmode newmode oldsha newsha status, then the path as the next token
            let meta = String::from_utf8_lossy(tok);
            let path = tokens
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default();
            let parts: Vec<&str> = meta.split_whitespace().collect();
            let Some(current) = log.commits.len().checked_sub(1) else {
                continue;
            };
            if parts.len() < 5 {
                continue;
            }
            let (new_mode, new_sha, status) = (parts[1], parts[3], parts[4]);
            if let Some(ex) = opts.exclude {
                if ex.matched(&path, false).is_ignore() {
                    continue;
                }
            }
            // Deletions, submodules (160000) and symlinks (120000) carry no file content.
            let content = !(status.starts_with('D')
                || new_mode == "160000"
                || new_mode == "120000"
                || new_sha.bytes().all(|b| b == b'0'));
            let path_id = path_ids.get(&mut log.paths, &path);
            let blob_id = if content {
                blob_ids.get(&mut log.blobs, new_sha)
            } else {
                NONE
            };
            if first_block {
                log.changes.push((path_id, blob_id));
                log.commits[current].changes.end = log.changes.len();
            }
            if content && seen_pairs.insert((blob_id, path_id)) {
                log.pairs.push((blob_id, path_id, current));
            }
        }
    }
    Ok(log)
}

/// A distinct finding: a rule and a fingerprint (for secrets: rule, path and value).
type Key = (String, String);

/// What became of one [`Key`] over the commits.
#[derive(Default, Clone)]
struct Life {
    commits: u64,
    reachable: u64,
    first: Option<usize>,
    last: Option<usize>,
    in_head: bool,
}

/// The state of the followed paths in one or more commits: which blob each holds.
struct State {
    map: BTreeMap<u32, u32>,
    uses: u64,
    reachable: u64,
    first: usize,
    last: usize,
}

/// Follow the paths that have findings through every commit: how many commits carried
/// each key, the first and the last, and whether `head` does.
fn lives(
    log: &Log,
    pair_keys: &HashMap<(u32, u32), Vec<usize>>,
    keys: usize,
    head: Option<usize>,
) -> (Vec<Life>, Vec<usize>) {
    let followed: HashSet<u32> = pair_keys.keys().map(|&(p, _)| p).collect();
    let mut states = vec![State {
        map: BTreeMap::new(),
        uses: 0,
        reachable: 0,
        first: usize::MAX,
        last: 0,
    }];
    let mut state_of: Vec<usize> = Vec::with_capacity(log.commits.len());
    for (i, c) in log.commits.iter().enumerate() {
        let base = c.parent.map_or(0, |p| state_of[p]);
        let mut next: Option<BTreeMap<u32, u32>> = None;
        for &(path, blob) in &log.changes[c.changes.clone()] {
            if !followed.contains(&path) {
                continue;
            }
            let map = next.get_or_insert_with(|| states[base].map.clone());
            if blob == NONE {
                map.remove(&path);
            } else {
                map.insert(path, blob);
            }
        }
        let s = match next {
            Some(map) if map != states[base].map => {
                states.push(State {
                    map,
                    uses: 0,
                    reachable: 0,
                    first: usize::MAX,
                    last: 0,
                });
                states.len() - 1
            }
            _ => base,
        };
        let st = &mut states[s];
        st.uses += 1;
        st.reachable += u64::from(!c.unreachable);
        st.first = st.first.min(i);
        st.last = st.last.max(i);
        state_of.push(s);
    }
    let mut out = vec![Life::default(); keys];
    for st in states.iter().filter(|s| s.uses > 0) {
        for (&path, &blob) in &st.map {
            for &k in pair_keys.get(&(path, blob)).into_iter().flatten() {
                let l = &mut out[k];
                l.commits += st.uses;
                l.reachable += st.reachable;
                l.first = Some(l.first.map_or(st.first, |f| f.min(st.first)));
                l.last = Some(l.last.map_or(st.last, |x| x.max(st.last)));
            }
        }
    }
    if let Some(h) = head {
        for (&path, &blob) in &states[state_of[h]].map {
            for &k in pair_keys.get(&(path, blob)).into_iter().flatten() {
                out[k].in_head = true;
            }
        }
    }
    // The blob each key's first commit held at its path, to pick the version reported.
    let mut first_blob = vec![NONE as usize; keys];
    for (k, l) in out.iter().enumerate() {
        if let Some(f) = l.first {
            let map = &states[state_of[f]].map;
            if let Some((_, &b)) = map
                .iter()
                .find(|(p, b)| pair_keys.get(&(**p, **b)).is_some_and(|v| v.contains(&k)))
            {
                first_blob[k] = b as usize;
            }
        }
    }
    (out, first_blob)
}

/// Which keys the work tree still holds: the few files that have findings, scanned again
/// from the disk. `None` without a work tree (a bare repository).
fn worktree_keys(
    repo: &Path,
    paths: &BTreeSet<&str>,
    max_file_size: u64,
    scanners: &[&dyn Scanner],
) -> Option<HashSet<Key>> {
    if git_line(repo, &["rev-parse", "--is-bare-repository"]).as_deref() != Some("false") {
        return None;
    }
    let top = PathBuf::from(git_line(repo, &["rev-parse", "--show-toplevel"])?);
    let mut held = HashSet::new();
    for path in paths {
        let file = top.join(path);
        // Never follow a link out of the tree; a file too large is not read.
        let Ok(meta) = std::fs::symlink_metadata(&file) else {
            continue;
        };
        if !meta.is_file() || meta.len() > max_file_size {
            continue;
        }
        let Ok(content) = std::fs::read(&file) else {
            continue;
        };
        let mut d = Dispatcher::new(scanners);
        let Some(matches) = d.by_path(path) else {
            continue;
        };
        d.file(path, &content, &matches);
        for f in d.finish(true).findings {
            held.insert((f.rule_id.as_str().to_string(), f.fingerprint));
        }
    }
    Some(held)
}

/// Scan the history with `scanners`: one finding per distinct finding per path.
pub fn scan_history(
    opts: &HistoryOptions,
    scanners: &[&dyn Scanner],
) -> Result<HistoryScan, HistoryError> {
    let check = git(opts.repo).args(["rev-parse", "--git-dir"]).output()?;
    if !check.status.success() {
        return Err(HistoryError::NotARepo(
            opts.repo.display().to_string(),
            String::from_utf8_lossy(&check.stderr).trim().to_string(),
        ));
    }
    let shallow =
        git_line(opts.repo, &["rev-parse", "--is-shallow-repository"]).as_deref() == Some("true");
    let (dangling, fsck_problem) = if opts.unreachable {
        unreachable_commits(opts.repo)?
    } else {
        (Vec::new(), None)
    };
    let log = read_log(opts, &dangling)?;
    let mut result = HistoryScan {
        commits: log.commits.len() as u64,
        unreachable_commits: log.commits.iter().filter(|c| c.unreachable).count() as u64,
        shallow,
        result: WalkResult::for_scanners(scanners.len()),
        ..Default::default()
    };
    if let Some(message) = fsck_problem {
        result.result.issues.push(FileIssue {
            path: "(unreachable objects)".into(),
            kind: IssueKind::Error,
            line: None,
            source: "git".into(),
            message,
        });
    }
    if log.pairs.is_empty() {
        return Ok(result);
    }
    // Each blob is read once and scanned under every path it had.
    let mut order: Vec<u32> = Vec::new();
    let mut paths_of: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &(blob, _, _)) in log.pairs.iter().enumerate() {
        let v = paths_of.entry(blob).or_default();
        if v.is_empty() {
            order.push(blob);
        }
        v.push(i);
    }
    let threads = opts.threads.max(1);
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(threads * 4);
    let rx = Mutex::new(rx);
    let collected = Mutex::new(std::mem::take(&mut result.result));
    // Findings of every version, by the pair they were found in.
    let found: Mutex<Vec<(usize, Finding)>> = Mutex::new(Vec::new());
    let blob_count = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|scope| -> Result<(), HistoryError> {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut local = WalkResult::for_scanners(scanners.len());
                let mut mine: Vec<(usize, Finding)> = Vec::new();
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok((o, content))) = next else { break };
                    let mut any = false;
                    for &pair in &paths_of[&order[o]] {
                        let path = &log.paths[log.pairs[pair].1 as usize];
                        let mut d = Dispatcher::new(scanners);
                        let Some(matches) = d.by_path(path) else {
                            continue;
                        };
                        // Each version is a project of its own.
                        d.file(path, &content, &matches);
                        let mut r = d.finish(true);
                        any |= r.files_scanned > 0;
                        mine.extend(r.findings.drain(..).map(|f| (pair, f)));
                        local.absorb(r);
                    }
                    if any {
                        blob_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                found.lock().unwrap_or_else(|p| p.into_inner()).extend(mine);
                collected
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .absorb(local);
            });
        }
        let ids: Vec<String> = order
            .iter()
            .map(|&b| log.blobs[b as usize].clone())
            .collect();
        let sent = read_blobs(opts.repo, ids, opts.max_file_size, |o, blob| {
            let content = match blob {
                Blob::Content(c) => c,
                other => {
                    let short = |s: &str| s.get(..12).unwrap_or(s).to_string();
                    for &pair in &paths_of[&order[o]] {
                        let (b, p, c) = log.pairs[pair];
                        let (id, path) = (&log.blobs[b as usize], &log.paths[p as usize]);
                        let (kind, message) = match other {
                            Blob::Missing => (
                                IssueKind::Error,
                                format!("blob {id} could not be read from the repository"),
                            ),
                            _ => (
                                IssueKind::Skipped,
                                format!(
                                    "blob {} of commit {} is larger than scan.max_file_size",
                                    short(id),
                                    short(&log.commits[c].id)
                                ),
                            ),
                        };
                        note_unreadable(scanners, path, kind, message, &collected);
                    }
                    return true;
                }
            };
            tx.send((o, content)).is_ok()
        });
        drop(tx);
        sent
    })?;
    let mut walk = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    walk.findings = leaks(
        opts,
        scanners,
        &log,
        found.into_inner().unwrap_or_else(|p| p.into_inner()),
    );
    result.result = walk;
    result.blobs = blob_count.into_inner();
    Ok(result)
}

/// One finding per key, the version of its first commit, with its life in the history.
fn leaks(
    opts: &HistoryOptions,
    scanners: &[&dyn Scanner],
    log: &Log,
    found: Vec<(usize, Finding)>,
) -> Vec<Finding> {
    let mut key_of: HashMap<Key, usize> = HashMap::new();
    let mut versions: Vec<Vec<(usize, Finding)>> = Vec::new();
    let mut pair_keys: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (pair, f) in found {
        let key = (f.rule_id.as_str().to_string(), f.fingerprint.clone());
        let k = *key_of.entry(key).or_insert_with(|| {
            versions.push(Vec::new());
            versions.len() - 1
        });
        let (blob, path, _) = log.pairs[pair];
        let ks = pair_keys.entry((path, blob)).or_default();
        if !ks.contains(&k) {
            ks.push(k);
        }
        versions[k].push((pair, f));
    }
    let head = git_line(
        opts.repo,
        &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
    )
    .and_then(|id| log.commits.iter().position(|c| c.id == id));
    let (lives, first_blob) = lives(log, &pair_keys, versions.len(), head);
    let paths: BTreeSet<&str> = versions
        .iter()
        .filter_map(|v| v.first())
        .map(|(_, f)| f.location.path.as_str())
        .collect();
    let worktree = worktree_keys(opts.repo, &paths, opts.max_file_size, scanners);
    let commit_ref = |i: usize| {
        let c = &log.commits[i];
        CommitRef {
            commit: c.id.clone(),
            author: c.author.clone(),
            email: c.email.clone(),
            date: c.date.clone(),
        }
    };
    let mut out = Vec::with_capacity(versions.len());
    for ((key, k), life) in key_of
        .into_iter()
        .map(|(key, k)| ((key, k), lives[k].clone()))
        .collect::<BTreeMap<_, _>>()
    {
        let mut vs = std::mem::take(&mut versions[k]);
        // The version the first commit held, else the earliest seen; then its first place.
        vs.sort_by(|(pa, a), (pb, b)| {
            let rank = |p: usize| {
                let (blob, _, commit) = log.pairs[p];
                (blob as usize != first_blob[k], commit, p)
            };
            rank(*pa)
                .cmp(&rank(*pb))
                .then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        let Some((pair, mut f)) = vs.into_iter().next() else {
            continue;
        };
        let first = life.first.unwrap_or(log.pairs[pair].2);
        let c = commit_ref(first);
        f.git = Some(GitProvenance {
            commit: c.commit,
            author: c.author,
            email: c.email,
            date: c.date,
            last: life.last.map(commit_ref),
            commits: Some(life.commits.max(1)),
            in_head: head.map(|_| life.in_head),
            in_worktree: worktree.as_ref().map(|w| w.contains(&key)),
            unreachable: if life.commits > 0 {
                life.reachable == 0
            } else {
                log.commits[first].unreachable
            },
        });
        out.push(f);
    }
    out
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
