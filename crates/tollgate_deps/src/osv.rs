//! The OSV advisory format (the subset matching needs) and import from an OSV `all.zip`
//! or a directory of OSV JSON files.

use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub introduced: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_affected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Package {
    pub ecosystem: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Affected {
    pub package: Option<Package>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Severity {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Reference {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Vulnerability {
    pub id: String,
    #[serde(default)]
    pub modified: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub severity: Vec<Severity>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
}

/// Every OSV record in a zip archive or a directory (recursively), with its source name.
pub fn read_all(path: &Path) -> Result<Vec<(String, Vulnerability)>, ImportError> {
    let err = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    let mut out = Vec::new();
    if path.is_dir() {
        let mut stack = vec![path.to_path_buf()];
        while let Some(d) = stack.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&d)
                .map_err(|e| err(e.to_string()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let text =
                        std::fs::read(&p).map_err(|e| err(format!("{}: {e}", p.display())))?;
                    let v: Vulnerability = serde_json::from_slice(&text).map_err(|e| {
                        err(format!(
                            "{}:{}: not an OSV record: {e}",
                            p.display(),
                            e.line()
                        ))
                    })?;
                    out.push((p.display().to_string(), v));
                } else if p.extension().is_some_and(|x| x == "zip") {
                    out.extend(read_zip(&p)?);
                }
            }
        }
    } else {
        out.extend(read_zip(path)?);
    }
    Ok(out)
}

fn read_zip(path: &Path) -> Result<Vec<(String, Vulnerability)>, ImportError> {
    let err = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    let f = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut z = zip::ZipArchive::new(f).map_err(|e| err(format!("not a zip archive: {e}")))?;
    let mut out = Vec::with_capacity(z.len());
    let mut buf = Vec::new();
    for i in 0..z.len() {
        let mut entry = z.by_index(i).map_err(|e| err(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| err(format!("entry {i}: {e}")))?
            .to_string();
        if !name.ends_with(".json") {
            continue;
        }
        buf.clear();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| err(format!("{name}: {e}")))?;
        let v: Vulnerability = serde_json::from_slice(&buf)
            .map_err(|e| err(format!("{name}:{}: not an OSV record: {e}", e.line())))?;
        out.push((name, v));
    }
    Ok(out)
}
