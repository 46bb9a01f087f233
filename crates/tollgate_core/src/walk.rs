//! One parallel, .gitignore-aware walk: each file is read once, classified once, and
//! handed to every scanner that wants it.

use crate::classify::{classify, FileClass};
use crate::finding::Finding;
use crate::report::{FileIssue, IssueKind};
use crate::scanner::{FileOutcome, Scanner, SourceFile};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// How far into a file to look for a NUL byte when deciding it is binary.
const BINARY_PROBE: usize = 8 * 1024;

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

#[derive(Debug, Default)]
pub struct WalkResult {
    pub findings: Vec<Finding>,
    pub issues: Vec<FileIssue>,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub binary_files: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    #[error("invalid exclude pattern '{pattern}': {message}")]
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
    let collected = Mutex::new(WalkResult::default());
    builder.build_parallel().run(|| {
        let mut worker = Worker {
            root,
            single_file_root,
            opts,
            scanners,
            progress,
            buf: Vec::with_capacity(64 * 1024),
            local: WalkResult::default(),
            sink: &collected,
        };
        Box::new(move |entry| {
            worker.visit(entry);
            ignore::WalkState::Continue
        })
    });
    Ok(collected.into_inner().unwrap_or_else(|p| p.into_inner()))
}

struct Worker<'a> {
    root: &'a Path,
    single_file_root: bool,
    opts: &'a WalkOptions,
    scanners: &'a [&'a dyn Scanner],
    progress: Option<&'a Progress>,
    buf: Vec<u8>,
    local: WalkResult,
    sink: &'a Mutex<WalkResult>,
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let mut all = self.sink.lock().unwrap_or_else(|p| p.into_inner());
        let local = std::mem::take(&mut self.local);
        all.findings.extend(local.findings);
        all.issues.extend(local.issues);
        all.files_scanned += local.files_scanned;
        all.bytes_scanned += local.bytes_scanned;
        all.binary_files += local.binary_files;
    }
}

impl Worker<'_> {
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
        self.local.issues.push(FileIssue {
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
                let message = if is_loop(&err) {
                    "symbolic link loop; not followed".to_string()
                } else {
                    strip_path_prefix(&err.to_string())
                };
                let kind = if is_loop(&err) {
                    IssueKind::Skipped
                } else {
                    IssueKind::Error
                };
                self.issue(path, kind, message);
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
        let pre = classify(&rel, b"");
        if !self.scanners.iter().any(|s| s.wants(&pre)) {
            return;
        }
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(e) => {
                self.issue(
                    rel,
                    IssueKind::Error,
                    format!(
                        "cannot read metadata: {}",
                        strip_path_prefix(&e.to_string())
                    ),
                );
                return;
            }
        };
        if size > self.opts.max_file_size {
            let msg = format!(
                "{} is larger than the limit of {} (scan.max_file_size)",
                human_size(size),
                human_size(self.opts.max_file_size)
            );
            self.issue(rel, IssueKind::Skipped, msg);
            return;
        }
        match read_text(entry.path(), self.opts.max_file_size, &mut self.buf) {
            Ok(true) => {}
            Ok(false) => {
                self.local.binary_files += 1;
                return;
            }
            Err(e) => {
                self.issue(rel, IssueKind::Error, format!("cannot read: {e}"));
                return;
            }
        }
        let content = std::mem::take(&mut self.buf);
        self.scan_content(&rel, &content);
        self.buf = content;
    }

    fn scan_content(&mut self, rel: &str, content: &[u8]) {
        if std::str::from_utf8(content).is_err() {
            self.issue(
                rel.to_string(),
                IssueKind::Warning,
                "not valid UTF-8; scanned as bytes".into(),
            );
        }
        let class = classify(rel, content);
        let mut outcome = FileOutcome::default();
        for s in self.scanners {
            if s.wants(&class) {
                s.scan_file(
                    &SourceFile {
                        path: rel,
                        content,
                        class,
                    },
                    &mut outcome,
                );
            }
        }
        self.local.findings.append(&mut outcome.findings);
        self.local.issues.append(&mut outcome.issues);
        self.local.files_scanned += 1;
        self.local.bytes_scanned += content.len() as u64;
        if let Some(p) = self.progress {
            p.files.fetch_add(1, Ordering::Relaxed);
            p.bytes.fetch_add(content.len() as u64, Ordering::Relaxed);
        }
    }
}

/// Read a text file of at most `cap` bytes into `buf`. Returns `Ok(false)` for a binary
/// file, which is recognised from its first 8 KiB and never read further. A file that
/// grew past the cap since its size was checked is an error.
fn read_text(path: &Path, cap: u64, buf: &mut Vec<u8>) -> std::io::Result<bool> {
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
    if memchr::memchr(0, &head[..n]).is_some() {
        return Ok(false);
    }
    buf.extend_from_slice(&head[..n]);
    if n == head.len() {
        f.read_to_end(buf)?;
    }
    if buf.len() as u64 > cap {
        return Err(std::io::Error::other(
            "file grew past the size limit while being read",
        ));
    }
    Ok(true)
}

/// Classify and scan a buffer that did not come from the walk (git blobs, stdin).
pub fn scan_buffer(
    scanners: &[&dyn Scanner],
    path: &str,
    content: &[u8],
    class: FileClass,
) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    for s in scanners {
        if s.wants(&class) {
            s.scan_file(
                &SourceFile {
                    path,
                    content,
                    class,
                },
                &mut outcome,
            );
        }
    }
    outcome
}

/// Whether a buffer looks binary (a NUL in its first 8 KiB).
pub fn looks_binary(content: &[u8]) -> bool {
    memchr::memchr(0, &content[..content.len().min(BINARY_PROBE)]).is_some()
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
