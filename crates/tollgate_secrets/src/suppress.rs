//! Inline suppression: `tollgate:ignore` on the line of a finding or the line above,
//! optionally limited to rules (`tollgate:ignore[secrets/jwt,generic-token]`), followed by
//! the reason, which the report keeps.

use crate::engine::line_bounds;
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

/// The reason of an ignore comment that covers `rule_id` at byte `at`, if there is one.
pub fn inline_ignore(content: &[u8], at: usize, rule_id: &RuleId) -> Option<String> {
    let line = line_bounds(content, at);
    let text = &content[line.clone()];
    if let Some(r) = parse(text, rule_id) {
        return Some(r);
    }
    for (marker, reason) in FOREIGN_SAME_LINE {
        if memchr::memmem::find(text, marker).is_some() {
            return Some((*reason).to_string());
        }
    }
    if line.start == 0 {
        return None;
    }
    let above = &content[line_bounds(content, line.start - 1)];
    if memchr::memmem::find(above, FOREIGN_NEXT_LINE.0).is_some() {
        return Some(FOREIGN_NEXT_LINE.1.to_string());
    }
    parse(above, rule_id)
}

fn parse(line: &[u8], rule_id: &RuleId) -> Option<String> {
    let pos = memchr::memmem::find(line, MARKER)?;
    let mut rest = &line[pos + MARKER.len()..];
    if let Some(list) = rest.strip_prefix(b"[") {
        let close = memchr::memchr(b']', list)?;
        let covered = list[..close]
            .split(|&b| b == b',')
            .map(|r| r.trim_ascii())
            .any(|r| std::str::from_utf8(r).is_ok_and(|r| rule_id.is_named(r)));
        if !covered {
            return None;
        }
        rest = &list[close + 1..];
    } else if rest
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        return None; // `tollgate:ignored` or similar is not the marker
    }
    let reason = String::from_utf8_lossy(rest)
        .trim()
        .trim_start_matches([':', '-', '—'])
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim_end_matches("#}")
        .trim()
        .to_string();
    Some(if reason.is_empty() {
        "no reason given".to_string()
    } else {
        reason
    })
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
