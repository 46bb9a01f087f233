//! Rule identities and the metadata every rule of every scanner declares about itself.

use crate::severity::{Confidence, Severity};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A rule id, `<scanner>/<slug>` (`secrets/aws-access-key-id`, `iac/aws/s3-bucket-public`),
/// parsed once: the scanner is what comes before the first `/`, the slug all after it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId {
    text: String,
    split: usize,
}

/// Why a string is not a rule id.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{} is not a rule id (expected <scanner>/<slug>, lowercase letters, digits, '-', '_' and '/')", crate::redact::quote(.0))]
pub struct RuleIdError(pub String);

fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

impl RuleId {
    /// `scanner` and `slug` joined; both must be valid (the scanner's own constants are).
    pub fn new(scanner: &str, slug: &str) -> RuleId {
        RuleId::parse(&format!("{scanner}/{slug}")).expect("a valid rule id")
    }

    pub fn parse(text: &str) -> Result<RuleId, RuleIdError> {
        let err = || RuleIdError(text.to_string());
        let split = text.find('/').ok_or_else(err)?;
        let (scanner, slug) = (&text[..split], &text[split + 1..]);
        if !valid_part(scanner) || !slug.split('/').all(valid_part) {
            return Err(err());
        }
        Ok(RuleId {
            text: text.to_string(),
            split,
        })
    }

    /// `secrets` for `secrets/aws-access-key-id`.
    pub fn scanner(&self) -> &str {
        &self.text[..self.split]
    }

    /// `aws-access-key-id` for `secrets/aws-access-key-id`.
    pub fn slug(&self) -> &str {
        &self.text[self.split + 1..]
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a name from configuration (`secrets/aws-access-key-id` or its slug) names
    /// this rule.
    pub fn is_named(&self, name: &str) -> bool {
        name == self.text || name == self.slug()
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::str::FromStr for RuleId {
    type Err = RuleIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleId::parse(s)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RuleId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Inputs that show what a rule does and does not report. Secret rules keep their
/// positive examples in test fixtures only, so no credential-shaped string ships in the
/// product or its documentation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examples {
    /// Reported by the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positive: Vec<String>,
    /// Near misses the rule must stay quiet on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub negative: Vec<String>,
}

impl Examples {
    pub fn is_empty(&self) -> bool {
        self.positive.is_empty() && self.negative.is_empty()
    }
}

/// What every rule of every scanner declares about itself. The rule reference
/// (`tollgate rules`, `docs/rules.md`), SARIF rule metadata, evidence and the fix shown
/// with each finding are generated from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleMeta {
    pub id: RuleId,
    pub title: String,
    pub severity: Severity,
    /// The confidence of its findings before anything lowers it.
    #[serde(default = "default_confidence")]
    pub confidence: Confidence,
    pub cwe: Vec<u32>,
    pub tags: Vec<String>,
    /// Markdown: what it finds, why it matters in finance, how to fix, references.
    pub doc: String,
    /// How to fix a finding, one paragraph of plain text.
    #[serde(default)]
    pub remediation: String,
    /// Links to standards, CWE entries and vendor documentation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// Ids other tools give the same check (`CKV_AWS_21`), for teams that migrate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

fn default_confidence() -> Confidence {
    Confidence::High
}

impl RuleMeta {
    /// The scanner part of the id (`secrets` for `secrets/aws-access-key-id`).
    pub fn scanner(&self) -> &str {
        self.id.scanner()
    }

    /// The part after the scanner (`aws-access-key-id`).
    pub fn slug(&self) -> &str {
        self.id.slug()
    }

    /// First paragraph of the doc text, for one-line summaries.
    pub fn summary(&self) -> &str {
        self.doc.split("\n\n").next().unwrap_or("").trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_parsed_once() {
        let id = RuleId::parse("iac/aws/s3-bucket-public").unwrap();
        assert_eq!(id.scanner(), "iac");
        assert_eq!(id.slug(), "aws/s3-bucket-public");
        assert!(id.is_named("aws/s3-bucket-public"));
        assert!(id.is_named("iac/aws/s3-bucket-public"));
        assert!(!id.is_named("s3-bucket-public"));
        for bad in [
            "",
            "secrets",
            "/x",
            "secrets/",
            "Secrets/x",
            "a//b",
            "a/b c",
        ] {
            assert!(RuleId::parse(bad).is_err(), "{bad}");
        }
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"iac/aws/s3-bucket-public\"");
        assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<RuleId>("\"nope\"").is_err());
    }
}
