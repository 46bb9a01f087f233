use crate::severity::Severity;
use serde::Serialize;

/// What every rule of every scanner declares about itself. The rule reference
/// (`tollgate rules`, `docs/rules.md`) and SARIF rule metadata are generated from it.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    /// `<scanner>/<slug>`, e.g. `secrets/aws-access-key-id`.
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub cwe: Vec<u32>,
    pub tags: Vec<String>,
    /// Markdown: what it finds, why it matters in finance, how to fix, references.
    pub doc: String,
}

impl RuleMeta {
    /// The scanner part of the id (`secrets` for `secrets/aws-access-key-id`).
    pub fn scanner(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }

    /// The part after the scanner (`aws-access-key-id`).
    pub fn slug(&self) -> &str {
        self.id.split_once('/').map_or(self.id.as_str(), |(_, s)| s)
    }

    /// First paragraph of the doc text, for one-line summaries.
    pub fn summary(&self) -> &str {
        self.doc.split("\n\n").next().unwrap_or("").trim()
    }
}
