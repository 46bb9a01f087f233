//! Risk acceptances: `.tollgate/exceptions.toml`. Every entry names what it covers
//! (rule, path glob, fingerprint), why, who approved it, the ticket, and the last day it
//! holds. An entry without an approver or an expiry is refused, naming file and line. An
//! expired entry no longer applies, and the gate says so.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use tollgate_core::{Finding, Suppression, SuppressionKind};

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{path}:{line}: {message}")]
pub struct ExceptionError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    exception: Vec<toml::Spanned<Raw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    rule: Option<String>,
    path: Option<String>,
    fingerprint: Option<String>,
    reason: Option<String>,
    approved_by: Option<String>,
    ticket: Option<String>,
    expires: Option<String>,
}

/// One approved exception.
#[derive(Clone, Debug)]
pub struct Exception {
    pub rule: Option<String>,
    pub path: Option<globset::GlobMatcher>,
    pub path_glob: Option<String>,
    pub fingerprint: Option<String>,
    pub reason: String,
    pub approved_by: String,
    pub ticket: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub expires: String,
    expires_day: i64,
    /// `file:line` of the entry.
    pub source: String,
}

pub use tollgate_core::time::parse_date;

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Load and validate an exceptions file. A missing file is no exceptions.
pub fn load(path: &Path) -> Result<Vec<Exception>, ExceptionError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ExceptionError {
                path: path.to_path_buf(),
                line: 1,
                message: format!("cannot read: {e}"),
            })
        }
    };
    parse(&text, path)
}

pub fn parse(text: &str, path: &Path) -> Result<Vec<Exception>, ExceptionError> {
    let err = |line: usize, message: String| ExceptionError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| {
        err(
            e.span().map_or(1, |s| line_of(text, s.start)),
            // toml's messages quote the offending value; an exception may hold a secret.
            tollgate_core::redact::scrub(e.message()),
        )
    })?;
    let mut out = Vec::new();
    for spanned in file.exception {
        let line = line_of(text, spanned.span().start);
        let raw = spanned.into_inner();
        let nonempty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if raw.rule.is_none() && raw.path.is_none() && raw.fingerprint.is_none() {
            return Err(err(
                line,
                "an exception must name a rule, a path or a fingerprint".into(),
            ));
        }
        let reason =
            nonempty(&raw.reason).ok_or_else(|| err(line, "an exception needs a reason".into()))?;
        let approved_by = nonempty(&raw.approved_by).ok_or_else(|| {
            err(
                line,
                "an exception needs approved_by: who accepted the risk".into(),
            )
        })?;
        let expires = nonempty(&raw.expires).ok_or_else(|| {
            err(
                line,
                "an exception needs expires = \"YYYY-MM-DD\": risk acceptances are time-boxed"
                    .into(),
            )
        })?;
        let expires_day = parse_date(&expires).ok_or_else(|| {
            err(
                line,
                format!(
                    "expires = {} is not a date (YYYY-MM-DD)",
                    tollgate_core::redact::quote(&expires)
                ),
            )
        })?;
        let path_glob = raw.path.clone();
        let path_matcher = match &raw.path {
            Some(g) => Some(
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        err(
                            line,
                            format!(
                                "invalid path glob {}: {}",
                                tollgate_core::redact::quote(g),
                                tollgate_core::redact::scrub(&e.to_string())
                            ),
                        )
                    })?
                    .compile_matcher(),
            ),
            None => None,
        };
        out.push(Exception {
            rule: raw.rule,
            path: path_matcher,
            path_glob,
            fingerprint: raw.fingerprint,
            reason,
            approved_by,
            ticket: nonempty(&raw.ticket),
            expires,
            expires_day,
            source: format!("{}:{line}", path.display()),
        });
    }
    Ok(out)
}

impl Exception {
    pub fn matches(&self, f: &Finding) -> bool {
        self.rule.as_deref().is_none_or(|r| f.rule_id.is_named(r))
            && self
                .path
                .as_ref()
                .is_none_or(|g| g.is_match(&f.location.path))
            && self
                .fingerprint
                .as_deref()
                .is_none_or(|fp| fp == f.fingerprint)
    }

    /// An exception that accepts every finding of every rule everywhere: no rule, no
    /// fingerprint, and a path glob (if any) that matches any path.
    pub fn is_wholesale(&self) -> bool {
        self.rule.is_none()
            && self.fingerprint.is_none()
            && self
                .path
                .as_ref()
                .is_none_or(|g| tollgate_core::allow::matches_every_path(|p| g.is_match(p)))
    }

    /// Whether it still holds on `today` (days since the epoch); the expiry day is included.
    pub fn active_on(&self, today: i64) -> bool {
        today <= self.expires_day
    }

    fn describe(&self) -> String {
        format!(
            "{} (approved by {}{}, expires {})",
            self.source,
            self.approved_by,
            self.ticket
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default(),
            self.expires
        )
    }
}

/// What applying exceptions did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Expired exceptions that still match a finding: the finding counts again.
    pub expired_in_use: Vec<String>,
    /// Expired exceptions that match nothing: housekeeping.
    pub expired_unused: Vec<String>,
    pub applied: usize,
}

/// Mark findings covered by an active exception as accepted; note expired ones.
pub fn apply(findings: &mut [Finding], exceptions: &[Exception], today: i64) -> Outcome {
    let mut out = Outcome::default();
    let mut expired_used = vec![false; exceptions.len()];
    for f in findings.iter_mut() {
        if let Some(e) = exceptions
            .iter()
            .find(|e| e.active_on(today) && e.matches(f))
        {
            f.suppression = Some(Suppression {
                kind: SuppressionKind::Exception,
                reason: e.reason.clone(),
                approved_by: Some(e.approved_by.clone()),
                ticket: e.ticket.clone(),
                expires: Some(e.expires.clone()),
                source: Some(e.source.clone()),
            });
            out.applied += 1;
            continue;
        }
        for (i, e) in exceptions.iter().enumerate() {
            if !e.active_on(today) && e.matches(f) {
                expired_used[i] = true;
                f.data.insert("exception_expired".into(), e.describe());
            }
        }
    }
    for (i, e) in exceptions.iter().enumerate() {
        if !e.active_on(today) {
            if expired_used[i] {
                out.expired_in_use.push(e.describe());
            } else {
                out.expired_unused.push(e.describe());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-21"), Some(20_778));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("26-11-21"), None);
    }

    #[test]
    fn malformed_entries_name_file_and_line() {
        let p = Path::new(".tollgate/exceptions.toml");
        let text = "[[exception]]\nrule = \"secrets/jwt\"\nreason = \"test token\"\napproved_by = \"risk@bank\"\nexpires = \"2027-01-31\"\n\n[[exception]]\nrule = \"secrets/jwt\"\nreason = \"no approver\"\nexpires = \"2027-01-31\"\n";
        let e = parse(text, p).unwrap_err();
        assert_eq!(
            (e.line, e.message.contains("approved_by")),
            (7, true),
            "{e}"
        );
        assert!(e.to_string().starts_with(".tollgate/exceptions.toml:7:"));
        let e = parse(
            "[[exception]]\nrule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\n",
            p,
        )
        .unwrap_err();
        assert!(e.message.contains("expires"), "{e}");
        let e = parse(
            "[[exception]]\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2027-01-01\"\n",
            p,
        )
        .unwrap_err();
        assert!(e.message.contains("rule, a path or a fingerprint"));
        let e = parse("[[exception]]\nrule = \"x\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"next week\"\n", p).unwrap_err();
        assert!(e.message.contains("not a date"));
        let e = parse("[[exception]]\nrule = \"x\"\nreasn = \"r\"\n", p).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert_eq!(
            parse(&text[..text.find("\n\n").unwrap()], p).unwrap().len(),
            1
        );
    }
}
