//! Inline suppression: `tollgate:ignore` on the line of a finding or the line above,
//! optionally limited to rules (`tollgate:ignore[secrets/jwt,generic-token]`), followed by
//! the reason, which the report keeps.

use crate::engine::line_bounds;
use std::ops::Range;
use tollgate_core::RuleId;

const MARKER: &[u8] = b"tollgate:ignore";

/// Markers of other secret scanners, honoured on the line of the finding so a team that
/// migrates keeps its reviewed exceptions: gitleaks' `gitleaks:allow` and detect-secrets'
/// `pragma: allowlist secret`.
const FOREIGN_SAME_LINE: &[(&[u8], &str)] = &[
    (b"gitleaks:allow", "marked `gitleaks:allow` in the source"),
    (
        b"pragma: allowlist secret",
        "marked `pragma: allowlist secret` (detect-secrets) in the source",
    ),
];
/// detect-secrets' marker for the line below it.
const FOREIGN_NEXT_LINE: (&[u8], &str) = (
    b"pragma: allowlist nextline secret",
    "marked `pragma: allowlist nextline secret` (detect-secrets) in the source",
);

/// Longest reason kept from an ignore comment; the rest of a long line is not a reason.
const MAX_REASON: usize = 200;

/// The reason of an ignore comment that covers `rule_id` at byte `at`, if there is one.
pub fn inline_ignore(content: &[u8], at: usize, rule_id: &RuleId) -> Option<String> {
    LineMarkers::new(content, at).reason(rule_id)
}

/// The ignore markers that can cover findings on one line: its own and those of the line
/// above. Read once per line, then asked for each finding on it.
pub struct LineMarkers {
    line: Range<usize>,
    same: Option<Marker>,
    foreign_same: Option<&'static str>,
    foreign_above: bool,
    above: Option<Marker>,
}

/// A `tollgate:ignore` comment: the rules it names (all when none) and its reason.
struct Marker {
    rules: Option<Vec<Vec<u8>>>,
    reason: String,
}

impl LineMarkers {
    /// The markers for the line holding byte `at`.
    pub fn new(content: &[u8], at: usize) -> LineMarkers {
        let line = line_bounds(content, at);
        let text = &content[line.clone()];
        let foreign_same = FOREIGN_SAME_LINE
            .iter()
            .find(|(marker, _)| memchr::memmem::find(text, marker).is_some())
            .map(|(_, reason)| *reason);
        let (foreign_above, above) = if line.start == 0 {
            (false, None)
        } else {
            let above = &content[line_bounds(content, line.start - 1)];
            (
                memchr::memmem::find(above, FOREIGN_NEXT_LINE.0).is_some(),
                Marker::parse(above),
            )
        };
        LineMarkers {
            same: Marker::parse(text),
            line,
            foreign_same,
            foreign_above,
            above,
        }
    }

    /// Whether byte `at` is on this line.
    pub fn holds(&self, at: usize) -> bool {
        self.line.start <= at && at <= self.line.end
    }

    /// The reason of the marker covering `rule_id` on this line, if any.
    pub fn reason(&self, rule_id: &RuleId) -> Option<String> {
        if let Some(r) = self.same.as_ref().and_then(|m| m.covers(rule_id)) {
            return Some(r);
        }
        if let Some(reason) = self.foreign_same {
            return Some(reason.to_string());
        }
        if self.foreign_above {
            return Some(FOREIGN_NEXT_LINE.1.to_string());
        }
        self.above.as_ref().and_then(|m| m.covers(rule_id))
    }
}

impl Marker {
    /// The first `tollgate:ignore` on `line`, if it is well formed.
    fn parse(line: &[u8]) -> Option<Marker> {
        let pos = memchr::memmem::find(line, MARKER)?;
        let mut rest = &line[pos + MARKER.len()..];
        let mut rules = None;
        if let Some(list) = rest.strip_prefix(b"[") {
            let close = memchr::memchr(b']', list)?;
            rules = Some(
                list[..close]
                    .split(|&b| b == b',')
                    .map(|r| r.trim_ascii().to_vec())
                    .collect(),
            );
            rest = &list[close + 1..];
        } else if rest
            .first()
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            return None; // `tollgate:ignored` or similar is not the marker
        }
        Some(Marker {
            rules,
            reason: reason_text(rest),
        })
    }

    fn covers(&self, rule_id: &RuleId) -> Option<String> {
        if let Some(rules) = &self.rules {
            let named = |r: &Vec<u8>| std::str::from_utf8(r).is_ok_and(|r| rule_id.is_named(r));
            if !rules.iter().any(named) {
                return None;
            }
        }
        Some(self.reason.clone())
    }
}

/// The reason written after a marker, capped in length and with anything that looks like
/// a credential masked: reports show it.
fn reason_text(rest: &[u8]) -> String {
    let mut end = rest.len().min(MAX_REASON);
    while end < rest.len() && end > 0 && (rest[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    let shown = tollgate_core::redact::mask(&rest[..end], &[]);
    let reason = shown
        .trim()
        .trim_start_matches([':', '-', '—'])
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim_end_matches("#}")
        .trim();
    if reason.is_empty() {
        "no reason given".to_string()
    } else if end < rest.len() {
        format!("{reason}…")
    } else {
        reason.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RuleId {
        RuleId::parse(s).unwrap()
    }

    #[test]
    fn same_line_and_line_above() {
        let src = b"a\nkey = 'x' # tollgate:ignore test vector from RFC\n";
        let at = 4;
        assert_eq!(
            inline_ignore(src, at, &id("secrets/x")).as_deref(),
            Some("test vector from RFC")
        );
        let src = b"// tollgate:ignore[secrets/jwt] public sample token */\ntoken = 'x'\n";
        let at = src.len() - 5;
        assert_eq!(
            inline_ignore(src, at, &id("secrets/jwt")).as_deref(),
            Some("public sample token")
        );
        assert_eq!(inline_ignore(src, at, &id("secrets/generic-token")), None);
    }

    #[test]
    fn markers_of_other_scanners() {
        let src = b"key = 'x' // gitleaks:allow\n";
        assert!(inline_ignore(src, 2, &id("secrets/x"))
            .unwrap()
            .contains("gitleaks:allow"));
        let src = b"# pragma: allowlist nextline secret\nkey = 'x'\n";
        assert!(inline_ignore(src, src.len() - 3, &id("secrets/x"))
            .unwrap()
            .contains("nextline"));
        let src = b"key = 'x' # pragma: allowlist secret\n";
        assert!(inline_ignore(src, 2, &id("secrets/x")).is_some());
        // The same-line marker does not reach the next line.
        let src = b"a = 1 # gitleaks:allow\nkey = 'x'\n";
        assert!(inline_ignore(src, src.len() - 3, &id("secrets/x")).is_none());
    }

    #[test]
    fn slugs_and_missing_reason() {
        let src = b"x = 1 # tollgate:ignore[jwt, generic-token]\n";
        assert_eq!(
            inline_ignore(src, 0, &id("secrets/generic-token")).as_deref(),
            Some("no reason given")
        );
        assert_eq!(
            inline_ignore(b"x # tollgate:ignored\n", 0, &id("secrets/jwt")),
            None
        );
        assert_eq!(
            inline_ignore(b"a\nb\nc tollgate:ignore\n", 0, &id("secrets/jwt")),
            None
        );
    }
}
