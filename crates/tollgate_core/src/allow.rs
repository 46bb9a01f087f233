//! Allowlists (`[[rules.allowlist]]`, and a scanner's own): findings that match an entry
//! stay in the report, suppressed with the entry's reason. The pipeline matches rules,
//! paths and fingerprints for every scanner; an entry with `values` is matched by the
//! scanner that sees the raw value.

use crate::config::AllowlistEntry;
use crate::redact::{quote, scrub};
use crate::rule::RuleId;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{section}[{index}]: {message}")]
pub struct AllowError {
    pub section: String,
    pub index: usize,
    pub message: String,
}

/// One compiled entry.
pub struct Allow {
    pub reason: String,
    /// Where it was declared, `rules.allowlist[2]`.
    pub source: String,
    rules: Vec<String>,
    paths: Option<globset::GlobSet>,
    path_globs: Vec<String>,
    values: Vec<regex::bytes::Regex>,
    fingerprints: Vec<String>,
}

/// Whether a path pattern matches any path at all (`**`, `*`, `**/*`): tried on paths of
/// every shape — top level, nested, hidden, deep.
pub fn matches_every_path(is_match: impl Fn(&str) -> bool) -> bool {
    [
        "a",
        "src/main.rs",
        ".hidden/x/y.yaml",
        ".github/workflows/ci.yml",
        "deep/er/still/file.txt",
    ]
    .iter()
    .all(|p| is_match(p))
}

/// Compiled entries, in the order they were declared.
#[derive(Default)]
pub struct Allowlist {
    entries: Vec<Allow>,
}

impl Allow {
    fn compile(section: &str, index: usize, e: &AllowlistEntry) -> Result<Allow, AllowError> {
        let err = |message: String| AllowError {
            section: section.to_string(),
            index,
            message,
        };
        if e.rules.is_empty()
            && e.paths.is_empty()
            && e.values.is_empty()
            && e.fingerprints.is_empty()
        {
            return Err(err(
                "an entry must set at least one of rules, paths, values, fingerprints".into(),
            ));
        }
        if e.reason.trim().is_empty() {
            return Err(err("an entry needs a reason".into()));
        }
        let paths = if e.paths.is_empty() {
            None
        } else {
            let mut b = globset::GlobSetBuilder::new();
            for p in &e.paths {
                let g = globset::GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .map_err(|x| {
                        err(format!(
                            "invalid path glob {}: {}",
                            quote(p),
                            scrub(&x.to_string())
                        ))
                    })?;
                b.add(g);
            }
            Some(b.build().map_err(|x| err(scrub(&x.to_string())))?)
        };
        let values = e
            .values
            .iter()
            .map(|v| {
                // The pattern may be (part of) the very secret it allows: never echo it.
                regex::bytes::Regex::new(v).map_err(|x| {
                    // The regex crate shows the pattern, then the reason on the last line.
                    let why = x.to_string();
                    err(format!(
                        "invalid value regex {}: {}",
                        quote(v),
                        scrub(why.lines().last().unwrap_or(""))
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Allow {
            reason: e.reason.clone(),
            source: format!("{section}[{index}]"),
            rules: e.rules.clone(),
            paths,
            path_globs: e.paths.clone(),
            values,
            fingerprints: e.fingerprints.clone(),
        })
    }

    /// `value` is the raw value the scanner saw; `None` where it is not known (the
    /// pipeline), and then an entry that constrains values never matches.
    pub fn matches(&self, rule: &RuleId, path: &str, value: Option<&[u8]>, fp: &str) -> bool {
        let value_ok = if self.values.is_empty() {
            true
        } else {
            value.is_some_and(|v| self.values.iter().any(|r| r.is_match(v)))
        };
        (self.rules.is_empty() || self.rules.iter().any(|r| rule.is_named(r)))
            && self.paths.as_ref().is_none_or(|g| g.is_match(path))
            && value_ok
            && (self.fingerprints.is_empty() || self.fingerprints.iter().any(|f| f == fp))
    }

    pub fn has_values(&self) -> bool {
        !self.values.is_empty()
    }

    /// An entry that suppresses every finding (of every rule, or of the rules it names)
    /// wherever it is: its paths match any path and nothing else narrows it.
    pub fn is_wholesale(&self) -> bool {
        self.values.is_empty()
            && self.fingerprints.is_empty()
            && self
                .paths
                .as_ref()
                .is_none_or(|g| matches_every_path(|p| g.is_match(p)))
    }

    pub fn describe(&self) -> String {
        let what = if self.rules.is_empty() {
            "every rule".to_string()
        } else {
            self.rules.join(", ")
        };
        let paths = if self.path_globs.is_empty() {
            String::new()
        } else {
            format!(" (paths {})", self.path_globs.join(", "))
        };
        format!("{}: suppresses {what} everywhere{paths}", self.source)
    }
}

impl Allowlist {
    pub fn compile(section: &str, entries: &[AllowlistEntry]) -> Result<Allowlist, AllowError> {
        let entries = entries
            .iter()
            .enumerate()
            .map(|(i, e)| Allow::compile(section, i, e))
            .collect::<Result<_, _>>()?;
        Ok(Allowlist { entries })
    }

    pub fn extend(&mut self, other: Allowlist) {
        self.entries.extend(other.entries);
    }

    /// The first entry that matches.
    pub fn find(
        &self,
        rule: &RuleId,
        path: &str,
        value: Option<&[u8]>,
        fp: &str,
    ) -> Option<&Allow> {
        self.entries
            .iter()
            .find(|a| a.matches(rule, path, value, fp))
    }

    pub fn entries(&self) -> &[Allow] {
        &self.entries
    }
}

/// Longest reason kept from a `tollgate:ignore` comment.
const MAX_IGNORE_REASON: usize = 200;

/// The reason a `tollgate:ignore` comment in `line` gives for not reporting `rule`:
/// a bare `tollgate:ignore` covers every rule, `tollgate:ignore[scanner/slug, slug]` the
/// rules it names. `None` when the line has no such comment, or it names other rules.
pub fn ignore_comment(line: &str, rule: &RuleId) -> Option<String> {
    let at = line.find("tollgate:ignore")?;
    let rest = &line[at + "tollgate:ignore".len()..];
    let (covers, reason) = match rest.strip_prefix('[') {
        Some(list) => {
            let end = list.find(']')?;
            let named = list[..end]
                .split(',')
                .map(str::trim)
                .any(|n| n == rule.as_str() || n == rule.slug());
            (named, &list[end + 1..])
        }
        None => (true, rest),
    };
    if !covers {
        return None;
    }
    let r = reason.trim().trim_start_matches([':', '-', ' ']).trim();
    let mut out: String = r.chars().take(MAX_IGNORE_REASON).collect();
    if out.is_empty() {
        out = "no reason given".into();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rules: &[&str], paths: &[&str], values: &[&str]) -> AllowlistEntry {
        AllowlistEntry {
            reason: "r".into(),
            rules: rules.iter().map(|s| s.to_string()).collect(),
            paths: paths.iter().map(|s| s.to_string()).collect(),
            values: values.iter().map(|s| s.to_string()).collect(),
            fingerprints: Vec::new(),
        }
    }

    #[test]
    fn matching_and_wholesale_entries() {
        let id = RuleId::parse("secrets/stripe-secret-key").unwrap();
        let list = Allowlist::compile(
            "rules.allowlist",
            &[
                entry(&["stripe-secret-key"], &["tests/**"], &[]),
                entry(&[], &[], &["^sk_test_"]),
                entry(&[], &["**"], &[]),
            ],
        )
        .unwrap();
        let e = list.entries();
        assert!(e[0].matches(&id, "tests/a.py", None, "f"));
        assert!(!e[0].matches(&id, "src/a.py", None, "f"));
        assert!(e[1].matches(&id, "src/a.py", Some(b"sk_test_abc"), "f"));
        assert!(
            !e[1].matches(&id, "src/a.py", None, "f"),
            "values need the value"
        );
        assert!(!e[0].is_wholesale() && !e[1].is_wholesale());
        assert!(e[2].is_wholesale(), "{}", e[2].describe());
    }

    #[test]
    fn bad_entries_name_the_entry_and_hide_values() {
        // tollgate:ignore synthetic value for a test
        let secret = "(sk_live_Zx9vQ2mP7kL4wZ8rT3nB";
        let err = Allowlist::compile("rules.allowlist", &[entry(&[], &[], &[secret])])
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("rules.allowlist[0]: invalid value regex"),
            "{err}"
        );
        assert!(!err.contains("Q2mP7kL4"), "{err}");
        assert!(Allowlist::compile("x", &[entry(&[], &[], &[])]).is_err());
    }
}
