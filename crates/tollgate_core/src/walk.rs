//! One parallel, .gitignore-aware walk: each file is read once, classified once, and
//! handed to every scanner that wants it.

use crate::classify::classify;
use crate::encoding::{self, Text, PROBE as BINARY_PROBE};
use crate::finding::Finding;
use crate::report::{FileIssue, IssueKind, Unchecked};
use crate::scanner::{FileOutcome, PathMatch, Project, ProjectFile, Scanner, SourceFile};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

#[derive(Clone, Debug)]
pub struct WalkOptions {
    pub root: PathBuf,
    pub max_file_size: u64,
    pub follow_symlinks: bool,
    pub respect_gitignore: bool,
    pub exclude: Vec<String>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

impl WalkOptions {
    /// A walk of `root` as the `[scan]` configuration says.
    pub fn new(root: &Path, scan: &crate::config::ScanConfig, threads: usize) -> WalkOptions {
        WalkOptions {
            root: root.to_path_buf(),
            max_file_size: scan.max_file_size,
            follow_symlinks: scan.follow_symlinks,
            respect_gitignore: scan.respect_gitignore,
            exclude: scan.exclude.clone(),
            threads,
        }
    }
}

/// Live counters for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
}

/// What a walk (or any other source of files) found.
#[derive(Debug, Default)]
pub struct WalkResult {
    pub findings: Vec<Finding>,
    pub issues: Vec<FileIssue>,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub binary_files: u64,
    /// Per scanner, in the order the scanners were given: files handed to it.
    pub handed: Vec<u64>,
    /// Per scanner: files it wanted that could not be handed to it, and why.
    pub unchecked: Vec<Vec<Unchecked>>,
}

impl WalkResult {
    /// An empty result for `n` scanners.
    pub fn for_scanners(n: usize) -> WalkResult {
        WalkResult {
            handed: vec![0; n],
            unchecked: vec![Vec::new(); n],
            ..WalkResult::default()
        }
    }

    /// Add another result (of another worker or source) to this one.
    pub fn absorb(&mut self, other: WalkResult) {
        self.findings.extend(other.findings);
        self.issues.extend(other.issues);
        self.files_scanned += other.files_scanned;
        self.bytes_scanned += other.bytes_scanned;
        self.binary_files += other.binary_files;
        for (a, b) in self.handed.iter_mut().zip(other.handed) {
            *a += b;
        }
        for (a, b) in self.unchecked.iter_mut().zip(other.unchecked) {
            a.extend(b);
        }
    }
}

/// A scanner that stopped on a file: the file is unchecked for it and a scan error.
fn stopped(
    result: &mut WalkResult,
    scanner: usize,
    name: &str,
    rel: &str,
    message: String,
    outcome: &mut FileOutcome,
) {
    result.unchecked[scanner].push(Unchecked {
        path: rel.to_string(),
        reason: message.clone(),
    });
    outcome.issues.push(FileIssue {
        path: rel.to_string(),
        kind: IssueKind::Error,
        line: None,
        source: name.into(),
        message,
    });
}

/// Run `f` and turn a panic into a message naming where it happened (never the panic's
/// payload: it may quote the input, and the input may hold a secret).
pub fn guarded<F: FnOnce()>(f: F) -> Result<(), String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        "internal error: the scanner stopped on this input (a bug; please report it)".to_string()
    })
}

/// Hands files to scanners: decodes, sniffs, guards against panics, keeps files for the
/// project phase and counts what each scanner saw. Used by the walk and by other sources
/// (git history).
pub struct Dispatcher<'a> {
    scanners: &'a [&'a dyn Scanner],
    /// Per scanner: files kept for its project phase.
    kept: Vec<Vec<ProjectFile>>,
    pub result: WalkResult,
}

impl<'a> Dispatcher<'a> {
    pub fn new(scanners: &'a [&'a dyn Scanner]) -> Dispatcher<'a> {
        Dispatcher {
            scanners,
            kept: vec![Vec::new(); scanners.len()],
            result: WalkResult::for_scanners(scanners.len()),
        }
    }

    /// How each scanner matches `rel` by its path; `None` when no scanner wants it.
    pub fn by_path(&self, rel: &str) -> Option<Vec<PathMatch>> {
        let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
        let m: Vec<PathMatch> = self
            .scanners
            .iter()
            .map(|s| s.selection().by_path(rel, &name))
            .collect();
        m.iter().any(|x| *x != PathMatch::No).then_some(m)
    }

    /// Record that a wanted file could not be read: an error for the report, unchecked
    /// for every scanner that wanted it.
    pub fn unreadable(
        &mut self,
        rel: &str,
        matches: &[PathMatch],
        kind: IssueKind,
        message: String,
    ) {
        for (i, m) in matches.iter().enumerate() {
            if *m == PathMatch::Named || *m == PathMatch::AnyText {
                self.result.unchecked[i].push(Unchecked {
                    path: rel.to_string(),
                    reason: message.clone(),
                });
            }
        }
        self.result.issues.push(FileIssue {
            path: rel.to_string(),
            kind,
            line: None,
            source: "walk".into(),
            message,
        });
    }

    /// Hand one file's raw bytes to every scanner that wants it.
    pub fn file(&mut self, rel: &str, raw: &[u8], matches: &[PathMatch]) {
        let text = encoding::decode(raw);
        let content = match &text {
            Text::Binary => {
                self.result.binary_files += 1;
                self.binary_heads(rel, &raw[..raw.len().min(BINARY_PROBE)], matches);
                // Binary content where a scanner expects its own kind of text file (a
                // lockfile) means that file could not be checked; for everyone else a
                // binary file is simply not text.
                let named: Vec<usize> = (0..matches.len())
                    .filter(|&i| matches[i] == PathMatch::Named)
                    .collect();
                if !named.is_empty() {
                    let message =
                        "binary content (a NUL byte that is not UTF-16 text): not checked"
                            .to_string();
                    for &i in &named {
                        self.result.unchecked[i].push(Unchecked {
                            path: rel.to_string(),
                            reason: message.clone(),
                        });
                    }
                    self.result.issues.push(FileIssue {
                        path: rel.to_string(),
                        kind: IssueKind::Error,
                        line: None,
                        source: "walk".into(),
                        message,
                    });
                }
                return;
            }
            Text::Plain(b) => *b,
            Text::Decoded(v, encoding) => {
                self.result.issues.push(FileIssue {
                    path: rel.to_string(),
                    kind: IssueKind::Warning,
                    line: None,
                    source: "walk".into(),
                    message: format!("decoded from {encoding}"),
                });
                v.as_slice()
            }
        };
        if std::str::from_utf8(content).is_err() {
            self.result.issues.push(FileIssue {
                path: rel.to_string(),
                kind: IssueKind::Warning,
                line: None,
                source: "walk".into(),
                message: "not valid UTF-8; scanned as bytes".into(),
            });
        }
        let head = &content[..content.len().min(BINARY_PROBE)];
        let class = classify(rel);
        let mut outcome = FileOutcome::default();
        let mut any = false;
        for (i, s) in self.scanners.iter().enumerate() {
            let wanted = match matches[i] {
                PathMatch::No => false,
                PathMatch::Named | PathMatch::AnyText => true,
                PathMatch::IfContent => s.selection().by_content(head),
            };
            if !wanted {
                continue;
            }
            any = true;
            self.result.handed[i] += 1;
            let file = SourceFile {
                path: rel,
                content,
                class,
            };
            if let Err(message) = guarded(|| s.scan_file(&file, &mut outcome)) {
                stopped(&mut self.result, i, s.name(), rel, message, &mut outcome);
            }
            let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
            if s.selection().keeps_file(&name) {
                self.kept[i].push(ProjectFile {
                    path: rel.to_string(),
                    content: content.to_vec(),
                    class,
                });
            }
        }
        if !any {
            return;
        }
        self.result.findings.append(&mut outcome.findings);
        self.result.issues.append(&mut outcome.issues);
        self.result.files_scanned += 1;
        self.result.bytes_scanned += content.len() as u64;
    }

    /// Binary files go only to scanners that recognise binary formats; a panic there is a
    /// scan error of the file, as for text.
    fn binary_heads(&mut self, rel: &str, head: &[u8], matches: &[PathMatch]) {
        let mut outcome = FileOutcome::default();
        for (i, s) in self.scanners.iter().enumerate() {
            if matches[i] == PathMatch::No || !s.selection().wants_binary_heads() {
                continue;
            }
            if let Err(message) = guarded(|| s.scan_binary(rel, head, &mut outcome)) {
                stopped(&mut self.result, i, s.name(), rel, message, &mut outcome);
            }
        }
        self.result.findings.append(&mut outcome.findings);
        self.result.issues.append(&mut outcome.issues);
    }

    fn absorb(&mut self, other: Dispatcher<'_>) {
        self.result.absorb(other.result);
        for (a, b) in self.kept.iter_mut().zip(other.kept) {
            a.extend(b);
        }
    }

    /// The project phase: every scanner with one sees the files it kept together, sorted by
    /// path (possibly none). `history` tells scanners the files are blobs of many commits.
    pub fn finish(mut self, history: bool) -> WalkResult {
        for (i, s) in self.scanners.iter().enumerate() {
            if !s.selection().keeps() {
                continue;
            }
            let mut files = std::mem::take(&mut self.kept[i]);
            files.sort_by(|a, b| a.path.cmp(&b.path));
            let project = Project {
                files: &files,
                history,
            };
            let mut outcome = FileOutcome::default();
            if let Err(message) = guarded(|| s.scan_project(&project, &mut outcome)) {
                for f in &files {
                    self.result.unchecked[i].push(Unchecked {
                        path: f.path.clone(),
                        reason: message.clone(),
                    });
                }
                outcome.issues.push(FileIssue {
                    path: String::new(),
                    kind: IssueKind::Error,
                    line: None,
                    source: s.name().into(),
                    message,
                });
            }
            self.result.findings.append(&mut outcome.findings);
            self.result.issues.append(&mut outcome.issues);
        }
        self.result
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    #[error("scan.exclude: invalid pattern {}: {}", crate::redact::quote(.pattern), crate::redact::scrub(.message))]
    Exclude { pattern: String, message: String },
}

/// Walk `opts.root` and run `scanners` over every file. Per-file problems become
/// [`FileIssue`]s; only a missing root or a bad exclude pattern is an error.
pub fn walk(
    opts: &WalkOptions,
    scanners: &[&dyn Scanner],
    progress: Option<&Progress>,
) -> Result<WalkResult, WalkError> {
    let root = &opts.root;
    let meta = std::fs::symlink_metadata(root).map_err(|_| WalkError::Missing(root.clone()))?;
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for pattern in &opts.exclude {
        overrides
            .add(&format!("!{pattern}"))
            .map_err(|e| WalkError::Exclude {
                pattern: pattern.clone(),
                message: e.to_string(),
            })?;
    }
    let overrides = overrides.build().map_err(|e| WalkError::Exclude {
        pattern: opts.exclude.join(", "),
        message: e.to_string(),
    })?;

    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(opts.follow_symlinks)
        .git_ignore(opts.respect_gitignore)
        .git_exclude(opts.respect_gitignore)
        .ignore(opts.respect_gitignore)
        .parents(opts.respect_gitignore)
        .git_global(false)
        .require_git(false)
        .overrides(overrides)
        .threads(threads)
        .filter_entry(|e| e.file_name() != ".git");

    let single_file_root = meta.is_file();
    let collected = Mutex::new(Dispatcher::new(scanners));
    builder.build_parallel().run(|| {
        let mut worker = Worker {
            root,
            single_file_root,
            opts,
            progress,
            buf: Vec::with_capacity(64 * 1024),
            local: Dispatcher::new(scanners),
            sink: &collected,
        };
        Box::new(move |entry| {
            worker.visit(entry);
            ignore::WalkState::Continue
        })
    });
    drop(builder);
    let all = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok(all.finish(false))
}

struct Worker<'a, 's> {
    root: &'a Path,
    single_file_root: bool,
    opts: &'a WalkOptions,
    progress: Option<&'a Progress>,
    buf: Vec<u8>,
    local: Dispatcher<'a>,
    sink: &'s Mutex<Dispatcher<'a>>,
}

impl Drop for Worker<'_, '_> {
    fn drop(&mut self) {
        let mut all = self.sink.lock().unwrap_or_else(|p| p.into_inner());
        let local = std::mem::replace(&mut self.local, Dispatcher::new(&[]));
        all.absorb(local);
    }
}

impl Worker<'_, '_> {
    fn rel(&self, path: &Path) -> String {
        if self.single_file_root {
            return path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.to_string_lossy().into_owned());
        }
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        let s = rel.to_string_lossy();
        if std::path::MAIN_SEPARATOR == '/' {
            s.into_owned()
        } else {
            s.replace(std::path::MAIN_SEPARATOR, "/")
        }
    }

    fn issue(&mut self, path: String, kind: IssueKind, message: String) {
        self.local.result.issues.push(FileIssue {
            path,
            kind,
            line: None,
            source: "walk".into(),
            message,
        });
    }

    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = error_path(&err).map(|p| self.rel(&p)).unwrap_or_default();
                if is_loop(&err) {
                    self.issue(
                        path,
                        IssueKind::Skipped,
                        "symbolic link loop; not followed".into(),
                    );
                } else {
                    // A directory or file that could not be listed: whatever is in it
                    // went unchecked by every scanner.
                    let every: Vec<PathMatch> =
                        vec![PathMatch::Named; self.local.result.handed.len()];
                    self.local.unreadable(
                        &path,
                        &every,
                        IssueKind::Error,
                        strip_path_prefix(&err.to_string()),
                    );
                }
                return;
            }
        };
        let Some(ft) = entry.file_type() else { return };
        if ft.is_dir() {
            return;
        }
        let rel = self.rel(entry.path());
        if ft.is_symlink() {
            self.issue(rel, IssueKind::Skipped, "symbolic link not followed".into());
            return;
        }
        if !ft.is_file() {
            return; // sockets, fifos, devices: never read
        }
        let Some(matches) = self.local.by_path(&rel) else {
            return;
        };
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(e) => {
                let msg = format!(
                    "cannot read metadata: {}",
                    strip_path_prefix(&e.to_string())
                );
                self.local.unreadable(&rel, &matches, IssueKind::Error, msg);
                return;
            }
        };
        if size > self.opts.max_file_size {
            let msg = format!(
                "{} is larger than the limit of {} (scan.max_file_size)",
                human_size(size),
                human_size(self.opts.max_file_size)
            );
            self.local
                .unreadable(&rel, &matches, IssueKind::Skipped, msg);
            return;
        }
        let mut buf = std::mem::take(&mut self.buf);
        match read_text(entry.path(), self.opts.max_file_size, &mut buf) {
            Ok(()) => {
                self.local.file(&rel, &buf, &matches);
                if let Some(p) = self.progress {
                    p.files.fetch_add(1, Ordering::Relaxed);
                    p.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
                }
            }
            Err(e) => {
                self.local.unreadable(
                    &rel,
                    &matches,
                    IssueKind::Error,
                    format!("cannot read: {e}"),
                );
            }
        }
        self.buf = buf;
    }
}

/// Read a file of at most `cap` bytes into `buf`. A binary file is recognised from its
/// first 8 KiB and not read further (only the head is kept). A file that grew past the cap
/// since its size was checked is an error.
fn read_text(path: &Path, cap: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    let mut f = std::fs::File::open(path)?.take(cap + 1);
    let mut head = [0u8; BINARY_PROBE];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.extend_from_slice(&head[..n]);
    if encoding::looks_binary(&head[..n]) {
        return Ok(());
    }
    if n == head.len() {
        f.read_to_end(buf)?;
    }
    if buf.len() as u64 > cap {
        return Err(std::io::Error::other(
            "file grew past the size limit while being read",
        ));
    }
    Ok(())
}

/// Whether a buffer looks binary (a NUL in its first 8 KiB that is not UTF-16 text).
pub fn looks_binary(content: &[u8]) -> bool {
    encoding::looks_binary(content)
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// ignore's messages start with the absolute path; reports carry the relative one already.
fn strip_path_prefix(msg: &str) -> String {
    match msg.split_once(": ") {
        Some((head, tail)) if head.starts_with('/') => tail.to_string(),
        _ => msg.to_string(),
    }
}

/// `1.5 MiB`-style sizes for messages.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
