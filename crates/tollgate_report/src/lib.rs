//! Report writers: terminal text, JSON, SARIF 2.1.0, JUnit XML, Markdown, DefectDojo's
//! generic findings JSON and GitLab's security reports. Each is a pure function of the
//! report, so the same scan gives the same bytes.

pub mod cwe;
pub mod defectdojo;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::str::FromStr;

/// Output formats `tollgate scan --format` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    DefectDojo,
    /// One of GitLab's security reports (`gitlab-secret-detection`, `gitlab-dependency-scanning`).
    Gitlab(gitlab::Kind),
}

impl Format {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &[&str] = &[
        "text",
        "json",
        "sarif",
        "junit",
        "markdown",
        "defectdojo",
        "gitlab-secret-detection",
        "gitlab-dependency-scanning",
    ];
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
            "defectdojo" => Format::DefectDojo,
            "gitlab-secret-detection" => Format::Gitlab(gitlab::Kind::SecretDetection),
            "gitlab-dependency-scanning" => Format::Gitlab(gitlab::Kind::DependencyScanning),
            other => {
                return Err(format!(
                    "unknown format {} (expected one of {})",
                    tollgate_core::redact::quote(other),
                    Format::NAMES.join(", ")
                ))
            }
        })
    }
}

/// A report in a format; `color` only matters for text.
pub fn render(
    format: Format,
    report: &tollgate_core::ScanReport,
    color: bool,
    quiet: bool,
) -> String {
    match format {
        Format::Text => text::render(report, color, quiet),
        Format::Json => json::write(report),
        Format::Sarif => sarif::write(report),
        Format::Junit => junit::write(report),
        Format::Markdown => markdown::write(report),
        Format::DefectDojo => defectdojo::write(report),
        Format::Gitlab(kind) => gitlab::write(kind, report),
    }
}

/// A stable GUID-shaped id (version-4 layout) derived from `seed`, so runs agree.
pub(crate) fn guid(seed: &[u8]) -> String {
    let h = tollgate_core::fingerprint::sha256_hex(seed);
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_listed_name_is_a_format() {
        for name in Format::NAMES {
            assert!(name.parse::<Format>().is_ok(), "{name}");
        }
        let err = "yaml".parse::<Format>().unwrap_err();
        assert!(err.contains("gitlab-dependency-scanning"), "{err}");
    }
}
