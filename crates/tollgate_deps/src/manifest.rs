//! Manifests that declare dependencies without pinning them (`package.json`,
//! `build.gradle`, `Gemfile`, ...). Their dependencies can be checked only through a
//! lockfile; a manifest with no lockfile beside it (or above it, for workspaces) is a
//! file the scan could not check, and says how to lock it.

/// A manifest kind: its file-name test, the lockfiles that pin it, and how to create one.
pub struct ManifestKind {
    pub what: &'static str,
    pub matches: fn(&str) -> bool,
    /// Lowercase lockfile names that cover it.
    pub locks: &'static [&'static str],
    /// Whether the lockfile may sit in a parent directory (workspaces).
    pub inherited: bool,
    /// Whether the manifest's text declares any dependency at all.
    pub declares: fn(&str) -> bool,
    pub how: &'static str,
}

fn any_text(_: &str) -> bool {
    true
}

fn gradle_declares(t: &str) -> bool {
    t.contains("dependencies")
}

fn package_json_declares(t: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(t) else {
        return true; // not readable: it may declare some (fail closed)
    };
    ["dependencies", "devDependencies", "optionalDependencies"]
        .iter()
        .any(|k| {
            v.get(k)
                .and_then(|d| d.as_object())
                .is_some_and(|d| !d.is_empty())
        })
}

fn composer_declares(t: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(t) else {
        return true;
    };
    ["require", "require-dev"].iter().any(|k| {
        v.get(k).and_then(|d| d.as_object()).is_some_and(|d| {
            // `php` and `ext-*` are platform requirements, not packages.
            d.keys().any(|n| n != "php" && !n.starts_with("ext-"))
        })
    })
}

fn pyproject_declares(t: &str) -> bool {
    let Ok(v) = t.parse::<toml::Table>() else {
        return true;
    };
    let project = v
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
        .is_some_and(|d| !d.is_empty());
    let poetry = v
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_table())
        .is_some_and(|d| d.keys().any(|k| k != "python"));
    project || poetry
}

fn csproj_declares(t: &str) -> bool {
    t.contains("<PackageReference")
}

fn cargo_declares(t: &str) -> bool {
    t.contains("dependencies")
}

/// The manifests Tollgate knows.
pub const KINDS: &[ManifestKind] = &[
    ManifestKind {
        what: "an npm package",
        matches: |n| n == "package.json",
        locks: &["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"],
        inherited: true,
        declares: package_json_declares,
        how: "commit the lockfile your package manager writes (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock)",
    },
    ManifestKind {
        what: "a Gradle build",
        matches: |n| n == "build.gradle" || n == "build.gradle.kts",
        locks: &["gradle.lockfile"],
        inherited: true,
        declares: gradle_declares,
        how: "enable dependency locking (`dependencyLocking { lockAllConfigurations() }`) and commit gradle.lockfile (`gradle dependencies --write-locks`)",
    },
    ManifestKind {
        what: "a Ruby bundle",
        matches: |n| n == "gemfile",
        locks: &["gemfile.lock"],
        inherited: false,
        declares: any_text,
        how: "commit Gemfile.lock (`bundle lock`)",
    },
    ManifestKind {
        what: "a Composer project",
        matches: |n| n == "composer.json",
        locks: &["composer.lock"],
        inherited: false,
        declares: composer_declares,
        how: "commit composer.lock (`composer update --lock`)",
    },
    ManifestKind {
        what: "a Python project",
        matches: |n| n == "pyproject.toml",
        locks: &["poetry.lock", "uv.lock", "pylock.toml", "pipfile.lock"],
        inherited: true,
        declares: pyproject_declares,
        how: "commit a lockfile (poetry.lock, uv.lock or pylock.toml), or pinned requirements*.txt",
    },
    ManifestKind {
        what: "a Pipenv project",
        matches: |n| n == "pipfile",
        locks: &["pipfile.lock"],
        inherited: false,
        declares: any_text,
        how: "commit Pipfile.lock (`pipenv lock`)",
    },
    ManifestKind {
        what: "a .NET project",
        matches: |n| n.ends_with(".csproj") || n.ends_with(".fsproj") || n.ends_with(".vbproj"),
        locks: &["packages.lock.json"],
        inherited: false,
        declares: csproj_declares,
        how: "set <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile> and commit packages.lock.json",
    },
    ManifestKind {
        what: "a Rust crate",
        matches: |n| n == "cargo.toml",
        locks: &["cargo.lock"],
        inherited: true,
        declares: cargo_declares,
        how: "commit Cargo.lock (`cargo generate-lockfile`)",
    },
];

/// Exact names for the file selection (the .NET ones come by glob).
pub const NAMES: &[&str] = &[
    "package.json",
    "build.gradle",
    "build.gradle.kts",
    "gemfile",
    "composer.json",
    "pyproject.toml",
    "pipfile",
    "cargo.toml",
];

pub const GLOBS: &[&str] = &["**/*.csproj", "**/*.fsproj", "**/*.vbproj"];

/// The kind of a manifest by its lowercase file name.
pub fn kind_of(name: &str) -> Option<&'static ManifestKind> {
    KINDS.iter().find(|k| (k.matches)(name))
}

/// Whether a lockfile that covers `kind` exists at `manifest`'s directory (or above it,
/// for kinds whose lockfile may be a workspace's), among `lockfiles` (relative paths).
pub fn is_locked(kind: &ManifestKind, manifest: &str, lockfiles: &[&str]) -> bool {
    let dir = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
    let mine = dir(manifest);
    lockfiles.iter().any(|l| {
        let n = name(l);
        let covers = kind.locks.contains(&n.as_str())
            || (kind.what == "a Python project"
                && n.ends_with(".txt")
                && n.contains("requirements"));
        if !covers {
            return false;
        }
        let d = dir(l);
        d == mine || (kind.inherited && (d.is_empty() || mine.starts_with(&format!("{d}/"))))
    })
}

/// The lockfiles of a scan by directory, so each manifest is checked in time linear in
/// its depth, not in the number of lockfiles.
pub struct LockIndex {
    /// Directory (`""` for the root) → lowercase lockfile names in it.
    by_dir: std::collections::HashMap<String, Vec<String>>,
}

impl LockIndex {
    pub fn new<'a>(paths: impl Iterator<Item = &'a str>) -> LockIndex {
        let mut by_dir: std::collections::HashMap<String, Vec<String>> = Default::default();
        for p in paths {
            let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
            by_dir
                .entry(dir.to_string())
                .or_default()
                .push(name.to_ascii_lowercase());
        }
        LockIndex { by_dir }
    }

    /// Whether a lockfile covering `kind` stands beside `manifest` (or above it, for kinds
    /// whose lockfile may be a workspace's).
    pub fn covers(&self, kind: &ManifestKind, manifest: &str) -> bool {
        let covering = |names: &Vec<String>| {
            names.iter().any(|n| {
                kind.locks.contains(&n.as_str())
                    || (kind.what == "a Python project"
                        && n.ends_with(".txt")
                        && n.contains("requirements"))
            })
        };
        let mut dir = manifest.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            if self.by_dir.get(dir).is_some_and(covering) {
                return true;
            }
            if !kind.inherited || dir.is_empty() {
                return false;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_agrees_with_the_plain_check() {
        let locks = [
            "gradle.lockfile",
            "app/x/pnpm-lock.yaml",
            "svc/Gemfile.lock",
            "requirements.txt",
        ];
        let index = LockIndex::new(locks.iter().copied());
        for (name, manifest) in [
            ("build.gradle", "app/build.gradle"),
            ("package.json", "app/x/y/package.json"),
            ("package.json", "app/package.json"),
            ("gemfile", "svc/Gemfile"),
            ("gemfile", "svc/sub/Gemfile"),
            ("pyproject.toml", "deep/pyproject.toml"),
        ] {
            let kind = kind_of(name).unwrap();
            assert_eq!(
                index.covers(kind, manifest),
                is_locked(kind, manifest, &locks),
                "{manifest}"
            );
        }
    }

    #[test]
    fn locks_beside_or_above() {
        let gradle = kind_of("build.gradle.kts").unwrap();
        assert!(!is_locked(gradle, "app/build.gradle.kts", &[]));
        assert!(is_locked(
            gradle,
            "app/build.gradle.kts",
            &["app/gradle.lockfile"]
        ));
        assert!(is_locked(
            gradle,
            "app/build.gradle.kts",
            &["gradle.lockfile"]
        ));
        assert!(!is_locked(
            gradle,
            "app/build.gradle.kts",
            &["other/gradle.lockfile"]
        ));
        let gem = kind_of("gemfile").unwrap();
        assert!(
            !is_locked(gem, "svc/Gemfile", &["Gemfile.lock"]),
            "not inherited"
        );
        let npm = kind_of("package.json").unwrap();
        assert!(is_locked(
            npm,
            "packages/a/package.json",
            &["pnpm-lock.yaml"]
        ));
        assert!(!(npm.declares)(r#"{"name": "x", "scripts": {}}"#));
        assert!((npm.declares)(r#"{"dependencies": {"left-pad": "^1"}}"#));
        assert!(
            (npm.declares)("{ not json"),
            "unreadable counts as declaring"
        );
        let py = kind_of("pyproject.toml").unwrap();
        assert!(!(py.declares)(
            "[tool.poetry.dependencies]\npython = \"^3.11\"\n"
        ));
        assert!((py.declares)("[project]\ndependencies = [\"requests\"]\n"));
        assert!(is_locked(py, "pyproject.toml", &["requirements.txt"]));
        let composer = kind_of("composer.json").unwrap();
        assert!(!(composer.declares)(
            r#"{"require": {"php": ">=8.1", "ext-json": "*"}}"#
        ));
        assert!((composer.declares)(
            r#"{"require": {"guzzlehttp/guzzle": "^7"}}"#
        ));
    }
}
