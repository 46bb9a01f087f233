//! Report writers: JSON, SARIF 2.1.0, JUnit XML and Markdown. Each is a pure function of
//! the report, so the same scan gives the same bytes.

pub mod cwe;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::str::FromStr;

/// Output formats `tollgate scan --format` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "text" => Format::Text,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "junit" => Format::Junit,
            "markdown" | "md" => Format::Markdown,
            other => {
                return Err(format!(
                    "unknown format '{other}' (expected text, json, sarif, junit or markdown)"
                ))
            }
        })
    }
}
