//! The detection engine: one pass over every rule keyword (`keywords.rs`), then each
//! triggered rule's own regex on the line (or block) around the hit. Every rule is
//! evaluated on its own, so no rule can shadow another.

use crate::filter;
use crate::keywords::Keywords;
use crate::rule::{Check, Scope, SecretRule};
use aho_corasick::AhoCorasick;
use base64::Engine as _;
use regex::bytes::{Regex, RegexBuilder};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;
use tollgate_core::Confidence;

thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count `n` units of work (bytes read, comparisons made) on this thread. Every step of a
/// scan that reads input counts here, so tests can prove the scan linear without timing it.
pub(crate) fn spend(n: usize) {
    WORK.with(|w| w.set(w.get().wrapping_add(n as u64)));
}

/// Units of work the engine and scanner have spent on this thread so far (see the
/// scaling tests); not a stable interface.
#[doc(hidden)]
pub fn work_done() -> u64 {
    WORK.with(|w| w.get())
}

/// A secret the engine found, before it becomes a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// Index into [`Engine::rules`].
    pub rule: usize,
    /// Byte range of the secret value in the scanned buffer.
    pub secret: Range<usize>,
    pub confidence: Confidence,
    /// A local development default (a connection URI to a loopback host whose password is
    /// its user name): reported at low severity, whatever the rule's.
    pub local_default: bool,
}

/// How far from a keyword hit a line-scoped rule's regex looks on a line longer than twice
/// this: every real match holds its keyword and is far shorter.
const LONG_LINE_REACH: usize = 4096;

/// Where one rule's regex runs: `start..end`, on a haystack beginning at `line_start`.
#[derive(Clone, Copy, Debug)]
struct Window {
    rule: u16,
    line_start: usize,
    start: usize,
    end: usize,
}

/// Compiled rule set. Build once, share across threads.
pub struct Engine {
    rules: Vec<&'static SecretRule>,
    keywords: Keywords,
    /// For each keyword, the rules it triggers.
    triggers: Vec<Vec<u16>>,
    /// Compiled on first use: most rules never fire on a given tree.
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// The context words of each `Check::Context` rule, matched ignoring ASCII case;
    /// built on first use.
    contexts: Vec<OnceLock<Option<AhoCorasick>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("unknown rule '{0}' in the list of disabled rules")]
    UnknownRule(String),
    #[error("cannot build keyword matcher: {0}")]
    Keywords(String),
}

impl Engine {
    /// Build from rules, leaving out the ones named in `disabled` (ids or slugs).
    pub fn new(all: &[&'static SecretRule], disabled: &[String]) -> Result<Engine, EngineError> {
        for d in disabled {
            if !all.iter().any(|r| r.id().is_named(d)) {
                return Err(EngineError::UnknownRule(d.clone()));
            }
        }
        let rules: Vec<&'static SecretRule> = all
            .iter()
            .copied()
            .filter(|r| !disabled.iter().any(|d| r.id().is_named(d)))
            .collect();
        let mut words: Vec<&'static str> = Vec::new();
        let mut triggers: Vec<Vec<u16>> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.pattern.is_empty() {
                continue;
            }
            for &k in r.keywords {
                match words.iter().position(|w| *w == k) {
                    Some(p) => triggers[p].push(i as u16),
                    None => {
                        words.push(k);
                        triggers.push(vec![i as u16]);
                    }
                }
            }
        }
        let keywords = Keywords::new(&words).map_err(EngineError::Keywords)?;
        let regexes = rules.iter().map(|_| OnceLock::new()).collect();
        let contexts = rules.iter().map(|_| OnceLock::new()).collect();
        Ok(Engine {
            rules,
            keywords,
            triggers,
            regexes,
            contexts,
        })
    }

    pub fn rules(&self) -> &[&'static SecretRule] {
        &self.rules
    }

    fn context_words(&self, i: usize) -> Option<&AhoCorasick> {
        self.contexts[i]
            .get_or_init(|| match self.rules[i].check {
                Check::Context(words) => AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(words)
                    .ok(),
                _ => None,
            })
            .as_ref()
    }

    fn regex(&self, i: usize) -> Option<&Regex> {
        self.regexes[i]
            .get_or_init(|| {
                RegexBuilder::new(self.rules[i].pattern)
                    .unicode(false)
                    .size_limit(32 << 20)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Compile every regex now (tests, and to report a broken pattern early).
    pub fn compile_all(&self) -> Result<(), String> {
        for (i, r) in self.rules.iter().enumerate() {
            if !r.pattern.is_empty() && self.regex(i).is_none() {
                let err = RegexBuilder::new(r.pattern).unicode(false).build().err();
                return Err(format!(
                    "{}: {}",
                    r.slug,
                    err.map(|e| e.to_string()).unwrap_or_default()
                ));
            }
        }
        Ok(())
    }

    /// Find every secret in `content`. `config_file` enables rules limited to
    /// configuration formats.
    ///
    /// Linear in `content`: each line is bounded once, each rule's regex reads any byte at
    /// most once (on a long line only near the rule's keywords), and per-candidate checks
    /// never look beyond the candidate.
    pub fn detect(&self, content: &[u8], config_file: bool) -> Vec<Detection> {
        spend(content.len());
        let mut windows: Vec<Window> = Vec::new();
        // Each rule's latest window (index + 1): further hits on the line extend it.
        // Sized on the first hit: most buffers (and decoded values) have none.
        let mut latest: Vec<usize> = Vec::new();
        let mut line = 0..0;
        for hit in self.keywords.find(content) {
            let at = hit.start;
            if !line.contains(&at) {
                line = line_bounds(content, at);
            }
            if latest.is_empty() {
                latest = vec![0; self.rules.len()];
            }
            for &ri in &self.triggers[hit.keyword] {
                let rule = self.rules[ri as usize];
                if rule.config_only && !config_file {
                    continue;
                }
                let w = match rule.scope {
                    // A long line is searched only around its keyword hits.
                    Scope::Line if line.len() > 2 * LONG_LINE_REACH => Window {
                        rule: ri,
                        line_start: line.start,
                        start: at.saturating_sub(LONG_LINE_REACH).max(line.start),
                        end: hit.end.saturating_add(LONG_LINE_REACH).min(line.end),
                    },
                    Scope::Line => Window {
                        rule: ri,
                        line_start: line.start,
                        start: line.start,
                        end: line.end,
                    },
                    Scope::Block(max) => Window {
                        rule: ri,
                        line_start: line.start,
                        start: line.start,
                        end: content.len().min(line.start.saturating_add(max)),
                    },
                };
                let last = latest[ri as usize];
                match windows.get_mut(last.wrapping_sub(1)) {
                    Some(prev) if prev.line_start == w.line_start && w.start <= prev.end => {
                        prev.end = prev.end.max(w.end);
                    }
                    _ => {
                        windows.push(w);
                        latest[ri as usize] = windows.len();
                    }
                }
            }
        }
        windows.sort_unstable_by_key(|w| (w.rule, w.start, w.end));
        // Overlapping windows of one rule (a block rule triggered on many nearby lines)
        // become one, so its regex reads every byte once.
        let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
        for w in windows {
            match merged.last_mut() {
                Some(m) if m.rule == w.rule && w.start < m.end => m.end = m.end.max(w.end),
                _ => merged.push(w),
            }
        }

        let mut context = ContextCache::default();
        let mut found = Vec::new();
        for w in merged {
            let ri = w.rule as usize;
            let Some(re) = self.regex(ri) else { continue };
            let longest = match self.rules[ri].scope {
                Scope::Line => usize::MAX,
                Scope::Block(max) => max,
            };
            // The haystack starts at the line, so `^` and `\b` see what precedes the window.
            let hay = &content[w.line_start..w.end];
            spend(w.end - w.start);
            let mut from = w.start - w.line_start;
            while from <= hay.len() {
                let Some(caps) = re.captures_at(hay, from) else {
                    break;
                };
                let whole = caps.get(0).expect("group 0 always exists");
                from = whole.end() + usize::from(whole.is_empty());
                // A merged window may hold a match longer than one block may reach.
                if whole.len() > longest {
                    continue;
                }
                let m = caps.name("s").or_else(|| caps.name("t")).unwrap_or(whole);
                let value = m.as_bytes();
                let key = caps.name("k").map(|k| k.as_bytes());
                if let Some(confidence) = self.accept(ri, value, key, content, &mut context) {
                    let local_default = caps.name("host").is_some_and(|h| {
                        is_local_default(&hay[whole.start()..m.start()], value, h.as_bytes())
                    });
                    found.push(Detection {
                        rule: ri,
                        secret: w.line_start + m.start()..w.line_start + m.end(),
                        confidence,
                        local_default,
                    });
                }
            }
        }
        resolve_overlaps(&self.rules, found)
    }

    /// The rule-specific checks. Returns the confidence when the value is kept.
    fn accept(
        &self,
        ri: usize,
        value: &[u8],
        key: Option<&[u8]>,
        content: &[u8],
        context: &mut ContextCache,
    ) -> Option<Confidence> {
        let rule = self.rules[ri];
        spend(value.len());
        let is_key_block = rule.check == Check::KeyBody;
        if filter::is_placeholder_with(value, !is_key_block && value.len() <= 100) {
            return None;
        }
        if rule.min_entropy > 0.0 && filter::entropy(value) < rule.min_entropy {
            return None;
        }
        if let Some(k) = key {
            if filter::key_is_descriptive(k) || filter::is_own_name(k, value) {
                return None;
            }
        }
        let ok = match rule.check {
            Check::None => true,
            Check::Context(_) => context.holds(ri, self.context_words(ri), content),
            Check::GenericValue => filter::looks_like_credential(value),
            Check::BasicCredentials => basic_credentials_ok(value),
            Check::Jwt => jwt_ok(value),
            Check::KeyBody => key_body_ok(value),
        };
        ok.then_some(rule.confidence)
    }
}

/// Whether the scanned buffer holds a rule's context words, searched once per rule and
/// buffer however many candidates the rule has.
#[derive(Default)]
struct ContextCache {
    known: Vec<(usize, bool)>,
}

impl ContextCache {
    fn holds(&mut self, ri: usize, words: Option<&AhoCorasick>, content: &[u8]) -> bool {
        if let Some(&(_, held)) = self.known.iter().find(|(r, _)| *r == ri) {
            return held;
        }
        spend(content.len());
        // Context words are ASCII-case-insensitive, like keywords: `Paystack`,
        // `PAYSTACK_SECRET` and `paystack` all name the issuer.
        let held = words.is_some_and(|ac| ac.is_match(content));
        self.known.push((ri, held));
        held
    }
}

/// Start and end (exclusive, without the newline) of the line holding byte `at`.
pub fn line_bounds(content: &[u8], at: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &content[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &content[at..]).map_or(content.len(), |i| at + i);
    spend(end - start);
    start..end
}

/// When rules find overlapping values, keep the most specific one.
/// Most specific first: higher priority, then longer value, then rule order.
fn most_specific_first(
    rules: &[&'static SecretRule],
    a: &Detection,
    b: &Detection,
) -> std::cmp::Ordering {
    rules[b.rule]
        .priority
        .cmp(&rules[a.rule].priority)
        .then((b.secret.end - b.secret.start).cmp(&(a.secret.end - a.secret.start)))
        .then(a.rule.cmp(&b.rule))
        .then(a.secret.start.cmp(&b.secret.start))
}

fn resolve_overlaps(rules: &[&'static SecretRule], mut found: Vec<Detection>) -> Vec<Detection> {
    if found.len() < 2 {
        return found;
    }
    found.sort_by(|a, b| most_specific_first(rules, a, b));
    // The kept values never overlap one another, so only the kept value starting last
    // before a candidate's end can overlap the candidate.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
    for d in found {
        spend(1);
        let clash = taken
            .range(..(d.secret.end, 0))
            .next_back()
            .is_some_and(|&(_, end)| end > d.secret.start);
        if !clash {
            taken.insert((d.secret.start, d.secret.end));
            kept.push(d);
        }
    }
    kept.sort_by_key(|d| (d.secret.start, d.rule));
    kept
}

/// Base64 `user:password` with a real-looking password.
/// Whether a connection URI is a local development default: `before` is the match up to
/// the password (`postgres://app:`), whose user name equals the password, and the host is
/// loopback (`localhost`, `127.x.x.x`, `[::1]`).
fn is_local_default(before: &[u8], password: &[u8], host: &[u8]) -> bool {
    let Some(at) = memchr::memmem::rfind(before, b"://") else {
        return false;
    };
    let user = before[at + 3..]
        .strip_suffix(b":")
        .unwrap_or(&before[at + 3..]);
    let host = host.to_ascii_lowercase();
    let loopback = host == b"localhost"
        || host.ends_with(b".localhost")
        || host.starts_with(b"127.")
        || host == b"[::1]";
    loopback && user == password
}

pub fn basic_credentials_ok(value: &[u8]) -> bool {
    let Some(decoded) = decode_base64(value) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    let Some((user, pass)) = text.split_once(':') else {
        return false;
    };
    !user.is_empty()
        && pass.len() >= 4
        && pass != user
        && !pass.chars().any(char::is_control)
        && !filter::is_placeholder(pass.as_bytes())
}

fn jwt_ok(value: &[u8]) -> bool {
    let mut parts = value.split(|&b| b == b'.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    let decode = |p: &[u8]| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p.strip_suffix(b"=").unwrap_or(p))
            .ok()
    };
    match (decode(header), decode(payload)) {
        (Some(h), Some(p)) => {
            h.first() == Some(&b'{')
                && memchr::memmem::find(&h, b"\"alg\"").is_some()
                && p.first() == Some(&b'{')
        }
        _ => false,
    }
}

/// A key block needs real key material: enough base64 and no ellipsis or template.
fn key_body_ok(value: &[u8]) -> bool {
    let material = value
        .iter()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        .count();
    material >= 100
        && memchr::memmem::find(value, b"...").is_none()
        && memchr::memmem::find(value, "…".as_bytes()).is_none()
}

/// Standard or URL-safe base64, padded or not.
pub fn decode_base64(value: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let v = value.trim_ascii();
    STANDARD
        .decode(v)
        .or_else(|_| STANDARD_NO_PAD.decode(v))
        .or_else(|_| URL_SAFE.decode(v))
        .or_else(|_| URL_SAFE_NO_PAD.decode(v))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `resolve_overlaps` must keep: every candidate against every kept one.
    fn pairwise(rules: &[&'static SecretRule], mut found: Vec<Detection>) -> Vec<Detection> {
        found.sort_by(|a, b| most_specific_first(rules, a, b));
        let mut kept: Vec<Detection> = Vec::new();
        for d in found {
            if !kept
                .iter()
                .any(|k| k.secret.start < d.secret.end && d.secret.start < k.secret.end)
            {
                kept.push(d);
            }
        }
        kept.sort_by_key(|d| (d.secret.start, d.rule));
        kept
    }

    #[test]
    fn overlap_resolution_keeps_what_the_pairwise_definition_keeps() {
        let rules = crate::rules::all();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        for round in 0..300 {
            let found: Vec<Detection> = (0..1 + round % 40)
                .map(|_| {
                    let start = next(200);
                    // Empty values too: they must neither clash nor hide a clash.
                    let len = next(30);
                    Detection {
                        rule: next(rules.len() as u64),
                        secret: start..start + len,
                        confidence: Confidence::High,
                        local_default: false,
                    }
                })
                .collect();
            assert_eq!(
                resolve_overlaps(&rules, found.clone()),
                pairwise(&rules, found),
                "round {round}"
            );
        }
    }

    #[test]
    fn a_block_rule_triggered_on_many_lines_reports_each_key_once() {
        let engine = Engine::new(&crate::rules::all(), &[]).unwrap();
        let body = "MIIEowIBAAKCAQEAq7BFUpkGp3+LQmlQYx2eqzDV+xeG8kx/sQFV18S5JQzl8kRw\n".repeat(4);
        let key = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n");
        // Certificates between the keys trigger the same keyword on many lines.
        let text = format!("{key}-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n{key}");
        let found = engine.detect(text.as_bytes(), false);
        let slug = |d: &Detection| engine.rules()[d.rule].slug;
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|d| slug(d) == "private-key"));
        assert_eq!(
            &text.as_bytes()[found[0].secret.clone()],
            key.trim_end().as_bytes()
        );
    }
}
