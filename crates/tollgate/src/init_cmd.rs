//! `tollgate init`: a commented tollgate.toml, or with `--ci PLATFORM` the CI file that
//! runs the gate there. The CI templates live once, in the repository's `ci/` directory,
//! and are embedded here as they are.

use crate::EXIT_PASS;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// A CI platform's template and where it goes in a repository.
struct CiTemplate {
    name: &'static str,
    path: &'static str,
    body: &'static str,
    next: &'static str,
}

const TEMPLATES: &[CiTemplate] = &[
    CiTemplate {
        name: "github",
        path: ".github/workflows/tollgate.yml",
        body: include_str!("../../../ci/github/tollgate.yml"),
        next: "commit it; pull requests and pushes to main are gated from then on",
    },
    CiTemplate {
        name: "gitlab",
        path: ".gitlab/tollgate.gitlab-ci.yml",
        body: include_str!("../../../ci/gitlab/tollgate.gitlab-ci.yml"),
        next: "add it to .gitlab-ci.yml:\n  include:\n    - local: .gitlab/tollgate.gitlab-ci.yml",
    },
    CiTemplate {
        name: "jenkins",
        path: "Jenkinsfile",
        body: include_str!("../../../ci/jenkins/Jenkinsfile"),
        next: "commit it (or copy its 'Tollgate' stage into your pipeline)",
    },
    CiTemplate {
        name: "azure",
        path: ".azure-pipelines/tollgate.yml",
        body: include_str!("../../../ci/azure/tollgate.yml"),
        next: "use it from azure-pipelines.yml:\n  steps:\n    - checkout: self\n      fetchDepth: 0\n    - template: .azure-pipelines/tollgate.yml",
    },
];

/// The install script the templates fetch from a release, checked by its SHA-256.
const INSTALL_SH: &str = include_str!("../../../scripts/install.sh");

/// What a template needs filled in, and the value this build knows, if any. Release
/// builds (scripts/release.sh --repo) know all of them.
fn pins() -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "__TOLLGATE_VERSION__",
            Some(env!("CARGO_PKG_VERSION").to_string()),
        ),
        (
            "__TOLLGATE_INSTALL_SHA256__",
            Some(tollgate_core::fingerprint::sha256_hex(
                INSTALL_SH.as_bytes(),
            )),
        ),
        (
            "__TOLLGATE_REPO__",
            option_env!("TOLLGATE_RELEASE_REPO").map(str::to_string),
        ),
        (
            "__TOLLGATE_COMMIT__",
            option_env!("TOLLGATE_RELEASE_COMMIT").map(str::to_string),
        ),
        (
            "__TOLLGATE_RELEASE_KEY__",
            option_env!("TOLLGATE_RELEASE_KEY").map(str::to_string),
        ),
    ]
}

/// `tollgate init [DIR] [--ci PLATFORM] [--force]`.
pub fn run(dir: &Path, ci: Option<&str>, force: bool) -> Result<u8> {
    match ci {
        None => {
            let path = dir.join("tollgate.toml");
            write_new(&path, &tollgate_engine::registry::default_toml(), force)?;
            println!("wrote {}", path.display());
        }
        Some(name) => {
            let Some(t) = TEMPLATES.iter().find(|t| t.name == name) else {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                bail!(
                    "--ci: unknown platform {} (expected {})",
                    tollgate_core::redact::quote(name),
                    names.join(", ")
                );
            };
            let mut body = t.body.to_string();
            let mut missing = Vec::new();
            for (token, value) in pins() {
                match value {
                    Some(v) => body = body.replace(token, &v),
                    None if body.contains(token) => missing.push(token),
                    None => {}
                }
            }
            let path = dir.join(t.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("{}: cannot create", parent.display()))?;
            }
            write_new(&path, &body, force)?;
            println!("wrote {}; {}", path.display(), t.next);
            if !missing.is_empty() {
                eprintln!(
                    "warning: this tollgate is not a release build and does not know where its releases are: \
                     replace {} in {} (docs/ci.md); until then the job refuses to install anything",
                    missing.join(", "),
                    path.display()
                );
            }
        }
    }
    Ok(EXIT_PASS)
}

/// Write `body` to a new file `path`; an existing one only with `force`.
fn write_new(path: &Path, body: &str, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{} already exists (use --force to overwrite)",
            path.display()
        );
    }
    std::fs::write(path, body).with_context(|| format!("{}: cannot write", path.display()))
}
