//! `tollgate init`: a commented tollgate.toml, or with `--ci PLATFORM` the CI file that
//! runs the gate there (`tollgate_engine::ci`).

use crate::EXIT_PASS;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// `tollgate init [DIR] [--ci PLATFORM] [--force]`.
pub fn run(dir: &Path, ci: Option<&str>, force: bool) -> Result<u8> {
    match ci {
        None => {
            let path = dir.join("tollgate.toml");
            write_new(&path, &tollgate_engine::registry::default_toml(), force)?;
            println!("wrote {}", path.display());
        }
        Some(name) => {
            let tollgate_engine::ci::Rendered {
                template: t,
                body,
                missing,
            } = tollgate_engine::ci::render(name)?;
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
