//! The interface between the walk and the scanners: which files a scanner wants
//! ([`Selection`]), what it makes of each ([`Scanner::scan_file`]), and what it makes of
//! all of them together after the walk ([`Scanner::scan_project`]).

use crate::classify::FileClass;
use crate::finding::Finding;
use crate::report::FileIssue;
use crate::rule::RuleMeta;

/// A file as the walk hands it to scanners: read once, decoded to UTF-8 where it was
/// UTF-16 or carried a byte-order mark, classified once.
pub struct SourceFile<'a> {
    /// Relative to the scan root, `/`-separated; what reports show.
    pub path: &'a str,
    pub content: &'a [u8],
    pub class: FileClass,
}

/// A file kept for a scanner's project phase.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    pub path: String,
    pub content: Vec<u8>,
    pub class: FileClass,
}

/// Everything a scanner selected with [`Selection::keep_for_project`], sorted by path.
pub struct Project<'a> {
    pub files: &'a [ProjectFile],
    /// Set when the files are blobs of git history rather than one tree: then two files
    /// may share a path, and references between files (a POM's parent) mean nothing.
    pub history: bool,
}

impl Project<'_> {
    /// The kept file at `path`, if there is one.
    pub fn file(&self, path: &str) -> Option<&ProjectFile> {
        if self.history {
            return None;
        }
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }
}

/// What a scanner produced for one file (or for its project phase).
#[derive(Default)]
pub struct FileOutcome {
    pub findings: Vec<Finding>,
    pub issues: Vec<FileIssue>,
}

/// How a file's path matches a [`Selection`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathMatch {
    No,
    /// Wanted by name or glob: a file of this scanner's own kinds.
    Named,
    /// Wanted as one of every text file.
    AnyText,
    /// Wanted if its content says so (see [`Selection::sniff`]).
    IfContent,
}

/// A content test for files whose name alone is ambiguous (a YAML file that may be a
/// Kubernetes manifest): `candidate` sees the lowercase file name, `content` the first
/// 8 KiB.
#[derive(Clone, Copy)]
pub struct Sniff {
    pub candidate: fn(&str) -> bool,
    pub content: fn(&[u8]) -> bool,
}

/// Which files a scanner wants, declared once, so the walk reads nothing nobody wants
/// and each scanner owns the classification of its own file kinds.
#[derive(Clone, Default)]
pub struct Selection {
    every_text_file: bool,
    /// Lowercase exact file names.
    names: Vec<String>,
    globs: Option<globset::GlobSet>,
    sniff: Option<Sniff>,
    keep: bool,
    /// Keep only files whose lowercase name this accepts (all kept files when unset).
    keep_only: Option<fn(&str) -> bool>,
    /// Also hand the first bytes of binary files to [`Scanner::scan_binary`].
    binary_heads: bool,
}

impl Selection {
    /// Every text file (the secrets scanner: a credential can hide anywhere).
    pub fn every_text_file() -> Selection {
        Selection {
            every_text_file: true,
            ..Selection::default()
        }
    }

    /// Files with one of these names (compared case-insensitively).
    pub fn names(names: &[&str]) -> Selection {
        Selection {
            names: names.iter().map(|n| n.to_ascii_lowercase()).collect(),
            ..Selection::default()
        }
    }

    /// Also files whose relative path matches one of these globs (case-insensitive,
    /// `*` does not cross `/`). Panics on an invalid glob: globs are the scanner's own
    /// constants, checked by its tests.
    pub fn globs(mut self, patterns: &[&str]) -> Selection {
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            b.add(
                globset::GlobBuilder::new(p)
                    .case_insensitive(true)
                    .literal_separator(true)
                    .build()
                    .expect("a scanner's own glob"),
            );
        }
        self.globs = Some(b.build().expect("a scanner's own globs"));
        self
    }

    /// Also files that `sniff` accepts by name and content.
    pub fn sniff(mut self, sniff: Sniff) -> Selection {
        self.sniff = Some(sniff);
        self
    }

    /// Keep the selected files' contents and hand them to [`Scanner::scan_project`]
    /// together after the walk.
    pub fn keep_for_project(mut self) -> Selection {
        self.keep = true;
        self
    }

    /// Keep only the selected files whose lowercase name `which` accepts (files that need
    /// others of the project, such as a POM and its parent); the rest are scanned during
    /// the walk only.
    pub fn keep_for_project_only(mut self, which: fn(&str) -> bool) -> Selection {
        self.keep = true;
        self.keep_only = Some(which);
        self
    }

    /// Also the head (first 8 KiB) of every binary file it would want by path, for
    /// scanners that recognise binary formats by their magic bytes (key stores).
    pub fn binary_heads(mut self) -> Selection {
        self.binary_heads = true;
        self
    }

    /// Whether binary files' heads go to [`Scanner::scan_binary`].
    pub fn wants_binary_heads(&self) -> bool {
        self.binary_heads
    }

    /// Whether the scanner has a project phase.
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// Whether a selected file with this lowercase name is kept for the project phase.
    pub fn keeps_file(&self, name: &str) -> bool {
        self.keep && self.keep_only.is_none_or(|f| f(name))
    }

    /// Decide on the path alone. `name` is the file name in lowercase.
    pub fn by_path(&self, rel_path: &str, name: &str) -> PathMatch {
        if self.names.iter().any(|n| n == name)
            || self.globs.as_ref().is_some_and(|g| g.is_match(rel_path))
        {
            PathMatch::Named
        } else if self.sniff.is_some_and(|s| (s.candidate)(name)) {
            PathMatch::IfContent
        } else if self.every_text_file {
            PathMatch::AnyText
        } else {
            PathMatch::No
        }
    }

    /// Whether a file that matched [`PathMatch::IfContent`] is wanted after all.
    pub fn by_content(&self, head: &[u8]) -> bool {
        self.every_text_file || self.sniff.is_some_and(|s| (s.content)(head))
    }
}

/// A scanner plugs into the walk: it declares which files it wants, turns each into
/// findings, and may look at all of them together afterwards. Implementations must be
/// cheap to call from many threads at once and must not panic on any input (the walk
/// turns a panic into a scan error of the file, but that file is then unchecked).
pub trait Scanner: Send + Sync {
    /// Short name used by `--only`, in configuration and in rule ids (`secrets`, `deps`).
    fn name(&self) -> &'static str;

    /// Metadata of every rule this scanner can report.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Which files to hand to this scanner.
    fn selection(&self) -> &Selection;

    /// Scan one file during the walk. Malformed input becomes a [`FileIssue`].
    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        let _ = (file, out);
    }

    /// A binary file the scanner wants by path, when its selection asks for
    /// [`Selection::binary_heads`]: only the file's first 8 KiB are read.
    fn scan_binary(&self, path: &str, head: &[u8], out: &mut FileOutcome) {
        let _ = (path, head, out);
    }

    /// After the walk: the files kept by [`Selection::keep_for_project`], all together
    /// (modules of a project, a POM and its parent, a manifest and its lockfile).
    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        let _ = (project, out);
    }
}

/// A shared scanner is a scanner, so a front end can keep a handle on one (to read what
/// its project phase found) while the walk uses it.
impl<T: Scanner + ?Sized> Scanner for std::sync::Arc<T> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn rules(&self) -> Vec<RuleMeta> {
        (**self).rules()
    }
    fn selection(&self) -> &Selection {
        (**self).selection()
    }
    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        (**self).scan_file(file, out)
    }
    fn scan_binary(&self, path: &str, head: &[u8], out: &mut FileOutcome) {
        (**self).scan_binary(path, head, out)
    }
    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        (**self).scan_project(project, out)
    }
}
