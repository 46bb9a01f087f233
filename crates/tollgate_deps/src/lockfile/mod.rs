//! Lockfile parsers. Each package keeps the line where the lockfile declares it.

pub mod cargo;
pub mod gomod;
pub mod json_lines;
pub mod maven;
pub mod npm;
pub mod others;
pub mod python;

use crate::ecosystem::Ecosystem;
use serde::Serialize;

/// Dependency lockfiles (and the manifests that serve as one, such as `pom.xml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockfileKind {
    CargoLock,
    NpmLock,
    YarnLock,
    PnpmLock,
    BunLock,
    Requirements,
    PoetryLock,
    PipfileLock,
    UvLock,
    PyLock,
    GoMod,
    GoSum,
    PomXml,
    GradleLock,
    GemfileLock,
    ComposerLock,
    NugetLock,
    // Recognised so that scans can say they are not checked yet.
    PodfileLock,
    ConanLock,
    JuliaManifest,
    MixLock,
    PubspecLock,
    SbtLock,
    SwiftResolved,
}

/// Exact file names of lockfiles (lowercase), for the scanner's file selection.
pub const NAMES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "poetry.lock",
    "pipfile.lock",
    "uv.lock",
    "pylock.toml",
    "go.mod",
    "go.sum",
    "pom.xml",
    "gradle.lockfile",
    "gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "podfile.lock",
    "conan.lock",
    "manifest.toml",
    "juliamanifest.toml",
    "mix.lock",
    "pubspec.lock",
    "build.sbt.lock",
    "package.resolved",
];

/// Globs for lockfiles whose names vary (`requirements-dev.txt`, `pylock.prod.toml`).
pub const GLOBS: &[&str] = &["**/*requirements*.txt", "**/pylock.*.toml"];

impl LockfileKind {
    /// The kind of a lockfile by its lowercase file name.
    pub fn of(name: &str) -> Option<LockfileKind> {
        use LockfileKind::*;
        Some(match name {
            "cargo.lock" => CargoLock,
            "package-lock.json" | "npm-shrinkwrap.json" => NpmLock,
            "yarn.lock" => YarnLock,
            "pnpm-lock.yaml" => PnpmLock,
            "bun.lock" => BunLock,
            "poetry.lock" => PoetryLock,
            "pipfile.lock" => PipfileLock,
            "uv.lock" => UvLock,
            "pylock.toml" => PyLock,
            "go.mod" => GoMod,
            "go.sum" => GoSum,
            "pom.xml" => PomXml,
            "gradle.lockfile" => GradleLock,
            "gemfile.lock" => GemfileLock,
            "composer.lock" => ComposerLock,
            "packages.lock.json" => NugetLock,
            "podfile.lock" => PodfileLock,
            "conan.lock" => ConanLock,
            "manifest.toml" | "juliamanifest.toml" => JuliaManifest,
            "mix.lock" => MixLock,
            "pubspec.lock" => PubspecLock,
            "build.sbt.lock" => SbtLock,
            "package.resolved" => SwiftResolved,
            n if n.starts_with("pylock.") && n.ends_with(".toml") => PyLock,
            n if n.ends_with(".txt") && n.contains("requirements") => Requirements,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Package {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
    /// 1-based line of the declaration in the lockfile.
    pub line: u32,
    /// Direct dependency of the project (`None` where the format does not tell).
    pub direct: Option<bool>,
    /// Development-only dependency (`None` where the format does not tell).
    pub dev: Option<bool>,
    /// Registry checksum (`sha256:<hex>`) when the lockfile records one.
    pub checksum: Option<String>,
    /// From the ecosystem's registry (not a path or git dependency): advisories apply.
    pub registry: bool,
    /// Names of the packages this one depends on (`name@version`, or `name@` when the
    /// lockfile does not say which version).
    pub dependencies: Vec<String>,
    /// Declared licence (SPDX expression) when the lockfile records it.
    pub license: Option<String>,
}

impl Package {
    pub fn purl(&self) -> String {
        // Maven coordinates are group/artifact in a purl (`group:artifact` in Tollgate).
        let name = match self.ecosystem {
            Ecosystem::Maven => self.name.replacen(':', "/", 1),
            _ => self.name.clone(),
        };
        format!("pkg:{}/{name}@{}", self.ecosystem.purl_type(), self.version)
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

/// Parse a lockfile of a supported kind; `None` when the kind is not supported yet. Files
/// it refers to (a POM's parent) are not resolved.
pub fn parse(kind: LockfileKind, content: &str) -> Option<Result<Vec<Package>, ParseError>> {
    parse_at(kind, content, "", &|_| None)
}

/// Another file of the scan, by its path relative to the scan root (`/`-separated, without
/// `.` or `..`): its text when that file is part of the scan, else `None`.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// As [`parse`]; `path` is the lockfile's own path relative to the scan root, and `lookup`
/// gives the files it refers to (a POM's parent). Parsers never read the disk themselves.
pub fn parse_at(
    kind: LockfileKind,
    content: &str,
    path: &str,
    lookup: Lookup<'_>,
) -> Option<Result<Vec<Package>, ParseError>> {
    // A byte order mark (Windows editors write one) is not part of the first line.
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    match kind {
        LockfileKind::PomXml => Some(maven::parse(content, path, lookup)),
        LockfileKind::CargoLock => Some(cargo::parse(content)),
        LockfileKind::NpmLock => Some(npm::parse(content)),
        LockfileKind::GoMod => Some(gomod::parse(content)),
        LockfileKind::Requirements => Some(python::requirements(content)),
        LockfileKind::GemfileLock => Some(others::gemfile_lock(content)),
        LockfileKind::GradleLock => Some(others::gradle_lockfile(content)),
        LockfileKind::ComposerLock => Some(others::composer_lock(content)),
        LockfileKind::NugetLock => Some(others::nuget_lock(content)),
        LockfileKind::YarnLock => Some(others::yarn_lock(content)),
        LockfileKind::PnpmLock => Some(others::pnpm_lock(content)),
        LockfileKind::BunLock => Some(others::bun_lock(content)),
        LockfileKind::PodfileLock
        | LockfileKind::ConanLock
        | LockfileKind::JuliaManifest
        | LockfileKind::MixLock
        | LockfileKind::PubspecLock
        | LockfileKind::SbtLock
        | LockfileKind::SwiftResolved => None,
        LockfileKind::PipfileLock => Some(python::pipfile_lock(content)),
        LockfileKind::PoetryLock | LockfileKind::UvLock | LockfileKind::PyLock => {
            Some(python::toml_lock(content))
        }
        // go.sum holds hashes of every version ever in the module graph, not the selected
        // ones; the selected versions are go.mod's.
        LockfileKind::GoSum => Some(Ok(Vec::new())),
    }
}

pub(crate) fn line_of(text: &str, offset: usize) -> u32 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// Largest file a lockfile may refer to (a parent POM) that [`read_under`] reads.
pub const MAX_REFERENCED_FILE: u64 = 4 << 20;

/// A [`Lookup`] on disk: the file at `rel` under `root`, when it is a regular file inside
/// the root (symbolic links included, resolved) of at most [`MAX_REFERENCED_FILE`] bytes.
/// Devices, FIFOs and anything outside the root are never opened.
pub fn read_under(root: &std::path::Path, rel: &str) -> Option<String> {
    use std::io::Read;
    if rel.is_empty() || rel.starts_with('/') || rel.split('/').any(|c| c == ".." || c.is_empty()) {
        return None;
    }
    let root = std::fs::canonicalize(root).ok()?;
    let path = std::fs::canonicalize(root.join(rel)).ok()?;
    if !path.starts_with(&root) {
        return None;
    }
    // Checked before opening: opening a FIFO would wait for a writer.
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_REFERENCED_FILE {
        return None;
    }
    let file = std::fs::File::open(&path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_REFERENCED_FILE + 1)
        .read_to_string(&mut text)
        .ok()?;
    (text.len() as u64 <= MAX_REFERENCED_FILE).then_some(text)
}
