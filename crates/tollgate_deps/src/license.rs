//! Licence policy: SPDX ids allowed or denied. An `OR` expression passes when one of its
//! alternatives passes; an `AND` term passes only when all its licences do.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Policy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

/// Why a declared licence breaks the policy, if it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Denied(String),
    NotAllowed(String),
}

fn ids(term: &str) -> Vec<String> {
    term.split(" AND ")
        .map(|id| id.trim().trim_matches(['(', ')']).trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}

impl Policy {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }

    fn eq(a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
    }

    /// Check a declared licence expression.
    pub fn check(&self, expression: &str) -> Option<Verdict> {
        let alternatives: Vec<Vec<String>> = expression
            .split(" OR ")
            .map(ids)
            .filter(|a| !a.is_empty())
            .collect();
        let passes = |alt: &Vec<String>| {
            alt.iter()
                .all(|id| !self.deny.iter().any(|d| Self::eq(d, id)))
                && (self.allow.is_empty()
                    || alt
                        .iter()
                        .all(|id| self.allow.iter().any(|a| Self::eq(a, id))))
        };
        if alternatives.iter().any(passes) {
            return None;
        }
        let denied: Vec<&String> = alternatives
            .iter()
            .flatten()
            .filter(|id| self.deny.iter().any(|d| Self::eq(d, id)))
            .collect();
        Some(
            if !denied.is_empty()
                && alternatives.iter().all(|alt| {
                    alt.iter()
                        .any(|id| self.deny.iter().any(|d| Self::eq(d, id)))
                })
            {
                Verdict::Denied(
                    denied
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            } else {
                Verdict::NotAllowed(expression.to_string())
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        let p = Policy {
            allow: vec!["MIT".into(), "Apache-2.0".into(), "BSD-3-Clause".into()],
            deny: vec!["GPL-3.0-only".into(), "AGPL-3.0-only".into()],
        };
        assert_eq!(p.check("MIT"), None);
        assert_eq!(
            p.check("MIT OR GPL-3.0-only"),
            None,
            "one passing alternative is enough"
        );
        assert_eq!(p.check("(MIT AND BSD-3-Clause)"), None);
        assert_eq!(
            p.check("GPL-3.0-only"),
            Some(Verdict::Denied("GPL-3.0-only".into()))
        );
        assert_eq!(
            p.check("MIT AND AGPL-3.0-only"),
            Some(Verdict::Denied("AGPL-3.0-only".into()))
        );
        assert_eq!(p.check("ISC"), Some(Verdict::NotAllowed("ISC".into())));
        let deny_only = Policy {
            allow: vec![],
            deny: vec!["GPL-3.0-only".into()],
        };
        assert_eq!(deny_only.check("ISC"), None);
        assert_eq!(
            deny_only.check("gpl-3.0-only"),
            Some(Verdict::Denied("gpl-3.0-only".into()))
        );
    }
}
