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

/// Bounds on what an import may expand to: OSV records are small, so a larger entry or
/// a larger whole is a damaged or hostile archive (a zip bomb), not advisories.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest single record, uncompressed.
    pub max_entry: u64,
    /// Largest total of all records, uncompressed.
    pub max_total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry: 16 << 20,
            max_total: 4 << 30,
        }
    }
}

/// Counts what has been expanded so far against the limits.
struct Budget<'a> {
    limits: &'a Limits,
    used: u64,
}

impl Budget<'_> {
    /// Read at most the entry limit from `r` into `buf`; `declared` is the size the
    /// archive claims, which must be the size it holds.
    fn read(
        &mut self,
        r: &mut impl Read,
        declared: Option<u64>,
        buf: &mut Vec<u8>,
    ) -> Result<(), String> {
        let max = self.limits.max_entry;
        if let Some(d) = declared {
            if d > max {
                return Err(format!(
                    "declares {d} bytes, more than the {max}-byte limit for one record"
                ));
            }
            self.charge(d)?;
        }
        buf.clear();
        let cap = declared.unwrap_or(max);
        r.take(cap + 1)
            .read_to_end(buf)
            .map_err(|e| e.to_string())?;
        let got = buf.len() as u64;
        match declared {
            Some(d) if got != d => Err(format!(
                "declares {d} bytes but holds {}",
                if got > d {
                    "more".to_string()
                } else {
                    got.to_string()
                }
            )),
            Some(_) => Ok(()),
            None if got > max => Err(format!("larger than the {max}-byte limit for one record")),
            None => self.charge(got),
        }
    }

    fn charge(&mut self, n: u64) -> Result<(), String> {
        self.used = self.used.saturating_add(n);
        if self.used > self.limits.max_total {
            return Err(format!(
                "expands past the {}-byte limit for a whole import",
                self.limits.max_total
            ));
        }
        Ok(())
    }
}

fn not_a_record(e: &serde_json::Error) -> String {
    format!(
        "{}: not an OSV record: {}",
        e.line(),
        tollgate_core::redact::scrub(&e.to_string())
    )
}

/// Every OSV record in a zip archive or a directory (recursively), with its source name.
pub fn read_all(path: &Path) -> Result<Vec<(String, Vulnerability)>, ImportError> {
    read_all_with(path, &Limits::default())
}

/// [`read_all`] within `limits`.
pub fn read_all_with(
    path: &Path,
    limits: &Limits,
) -> Result<Vec<(String, Vulnerability)>, ImportError> {
    let mut budget = Budget { limits, used: 0 };
    let err = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    let mut out = Vec::new();
    if path.is_dir() {
        let mut stack = vec![path.to_path_buf()];
        let mut buf = Vec::new();
        while let Some(d) = stack.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&d)
                .map_err(|e| err(e.to_string()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for p in entries {
                let shown = p.display();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let mut f =
                        std::fs::File::open(&p).map_err(|e| err(format!("{shown}: {e}")))?;
                    budget
                        .read(&mut f, None, &mut buf)
                        .map_err(|e| err(format!("{shown}: {e}")))?;
                    let v: Vulnerability = serde_json::from_slice(&buf)
                        .map_err(|e| err(format!("{shown}:{}", not_a_record(&e))))?;
                    out.push((p.display().to_string(), v));
                } else if p.extension().is_some_and(|x| x == "zip") {
                    out.extend(read_zip(&p, &mut budget)?);
                }
            }
        }
    } else {
        out.extend(read_zip(path, &mut budget)?);
    }
    Ok(out)
}

fn read_zip(path: &Path, budget: &mut Budget) -> Result<Vec<(String, Vulnerability)>, ImportError> {
    let err = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    let f = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut z = zip::ZipArchive::new(f).map_err(|e| err(format!("not a zip archive: {e}")))?;
    let mut out = Vec::with_capacity(z.len().min(1 << 16));
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
        let declared = entry.size();
        budget
            .read(&mut entry, Some(declared), &mut buf)
            .map_err(|e| err(format!("{name}: {e}")))?;
        let v: Vulnerability = serde_json::from_slice(&buf)
            .map_err(|e| err(format!("{name}:{}", not_a_record(&e))))?;
        out.push((name, v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const RECORD: &str = r#"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[]}"#;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(body).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    fn import(bytes: &[u8], limits: &Limits) -> Result<usize, String> {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("all.zip");
        std::fs::write(&p, bytes).unwrap();
        read_all_with(&p, limits)
            .map(|r| r.len())
            .map_err(|e| e.to_string())
    }

    /// An entry that declares fewer bytes than it holds is refused, however small the lie.
    #[test]
    fn declared_sizes_must_be_true() {
        let padded = format!("{RECORD}{}", " ".repeat(2000));
        let mut z = zip_of(&[("a.json", padded.as_bytes())]);
        assert_eq!(import(&z, &Limits::default()), Ok(1));
        let declared = (padded.len() as u32).to_le_bytes();
        let small = 100u32.to_le_bytes();
        // The uncompressed size in the local header (offset 22) and the central directory.
        assert_eq!(z[22..26], declared);
        z[22..26].copy_from_slice(&small);
        let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        assert_eq!(z[cd + 24..cd + 28], declared);
        z[cd + 24..cd + 28].copy_from_slice(&small);
        let e = import(&z, &Limits::default()).unwrap_err();
        assert!(e.contains("a.json"), "{e}");
    }

    #[test]
    fn entry_and_total_limits() {
        let z = zip_of(&[("a.json", RECORD.as_bytes()), ("b.json", RECORD.as_bytes())]);
        let n = RECORD.len() as u64;
        let fits = Limits {
            max_entry: n,
            max_total: 2 * n,
        };
        assert_eq!(import(&z, &fits), Ok(2));
        let e = import(
            &z,
            &Limits {
                max_entry: n - 1,
                ..fits.clone()
            },
        )
        .unwrap_err();
        assert!(e.contains("limit for one record"), "{e}");
        let e = import(
            &z,
            &Limits {
                max_total: 2 * n - 1,
                ..fits
            },
        )
        .unwrap_err();
        assert!(e.contains("limit for a whole import"), "{e}");
        // Directories are bounded too.
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.json"), RECORD).unwrap();
        let tight = Limits {
            max_entry: n - 1,
            max_total: n,
        };
        let e = read_all_with(d.path(), &tight).unwrap_err().to_string();
        assert!(e.contains("limit for one record"), "{e}");
    }
}
