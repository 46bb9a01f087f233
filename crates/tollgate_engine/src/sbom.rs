//! Software bills of materials: every lockfile under a path, through the same walk and
//! the dependency scanner's project phase, without matching advisories.

use crate::{load_config, ConfigSource, EngineError};
use std::path::Path;
use tollgate_core::walk::{walk, WalkOptions};
use tollgate_core::{IssueKind, Scanner};
use tollgate_deps::sbom::Inventory;

/// The inventory of `path`: packages per lockfile, sorted by path. Lockfiles that could
/// not be read, and manifests without a lockfile, are errors (an SBOM that silently
/// leaves them out would misstate the inventory); formats not supported yet are notes.
pub fn inventory(
    path: &Path,
    config: &ConfigSource,
) -> Result<(Inventory, Vec<String>), EngineError> {
    let (config, _) = load_config(config, path)?;
    let scanner = tollgate_deps::DepsScanner::new(tollgate_deps::Mode::InventoryOnly);
    let opts = WalkOptions::new(path, &config.scan, 0);
    let scanners: Vec<&dyn Scanner> = vec![&scanner];
    let result = walk(&opts, &scanners, None).map_err(|e| EngineError::Usage(e.to_string()))?;
    let found = scanner.found().cloned().unwrap_or_default();
    let errors = unreadable(&result.issues);
    if !errors.is_empty() {
        return Err(EngineError::Usage(format!(
            "dependencies that could not be read (an SBOM without them would misstate the inventory):\n  {}",
            errors.join("\n  ")
        )));
    }
    Ok((found.inventory, found.unsupported))
}

/// The files a walk could not read, as `path[:line]: reason`, sorted and once each.
fn unreadable(issues: &[tollgate_core::FileIssue]) -> Vec<String> {
    let mut out: Vec<String> = issues
        .iter()
        .filter(|i| i.kind == IssueKind::Error)
        .map(|i| match i.line {
            Some(l) => format!("{}:{l}: {}", i.path, i.message),
            None => format!("{}: {}", i.path, i.message),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The SBOM of `path` in `format` (`cyclonedx` 1.6 or `spdx` 2.3 JSON), and the notes on
/// lockfiles it could not include (formats not supported yet).
pub fn render(
    path: &Path,
    format: &str,
    config: &ConfigSource,
) -> Result<(String, Vec<String>), EngineError> {
    if !matches!(format, "cyclonedx" | "spdx") {
        return Err(EngineError::Usage(format!(
            "unknown SBOM format {} (expected cyclonedx or spdx)",
            tollgate_core::redact::quote(format)
        )));
    }
    let (inventory, unsupported) = inventory(path, config)?;
    let notes = unsupported
        .iter()
        .map(|u| format!("note: {u} is not supported yet and is not in the SBOM"))
        .collect();
    let root = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let time = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let body = match format {
        "cyclonedx" => tollgate_deps::sbom::cyclonedx(&root, &inventory, &time),
        _ => tollgate_deps::sbom::spdx(&root, &inventory, &time),
    };
    Ok((body, notes))
}

/// The cryptography inventory of `path` as a CycloneDX 1.6 CBOM, and the files that could
/// not be analysed (each `path[:line]: reason`): an inventory without them is incomplete,
/// and the caller says so. The code's algorithm uses, and the certificates, keys and TLS
/// settings of the tree (read by the inventory's own scanner, never by `sast`).
pub fn cbom(path: &Path, config: &ConfigSource) -> Result<(String, Vec<String>), EngineError> {
    let (config, _) = load_config(config, path)?;
    let scanner = tollgate_sast::SastScanner::inventory();
    let material = tollgate_sast::cbom::MaterialScanner::new();
    let opts = WalkOptions::new(path, &config.scan, 0);
    let scanners: Vec<&dyn Scanner> = vec![&scanner, &material];
    let result = walk(&opts, &scanners, None).map_err(|e| EngineError::Usage(e.to_string()))?;
    let missing = unreadable(&result.issues);
    let root = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let time = tollgate_core::time::rfc3339(tollgate_core::time::now_unix());
    let mut uses = scanner.take_crypto();
    let (more, assets) = material.take();
    uses.extend(more);
    uses.sort();
    let body = tollgate_sast::cbom::cyclonedx_with(&root, &uses, &assets, &time);
    Ok((body, missing))
}
