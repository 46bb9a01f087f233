//! The detection engine: one Aho-Corasick pass over every rule keyword, then each
//! triggered rule's own regex on the line (or block) around the hit. Every rule is
//! evaluated on its own, so no rule can shadow another.

use crate::filter;
use crate::rule::{Check, Scope, SecretRule};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use base64::Engine as _;
use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::OnceLock;
use tollgate_core::Confidence;

/// A secret the engine found, before it becomes a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// Index into [`Engine::rules`].
    pub rule: usize,
    /// Byte range of the secret value in the scanned buffer.
    pub secret: Range<usize>,
    pub confidence: Confidence,
}

/// Compiled rule set. Build once, share across threads.
pub struct Engine {
    rules: Vec<&'static SecretRule>,
    keywords: AhoCorasick,
    /// For each keyword, the rules it triggers.
    triggers: Vec<Vec<u16>>,
    /// Compiled on first use: most rules never fire on a given tree.
    regexes: Vec<OnceLock<Option<Regex>>>,
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
            let slug = d.strip_prefix("secrets/").unwrap_or(d);
            if !all.iter().any(|r| r.slug == slug) {
                return Err(EngineError::UnknownRule(d.clone()));
            }
        }
        let rules: Vec<&'static SecretRule> = all
            .iter()
            .copied()
            .filter(|r| {
                !disabled
                    .iter()
                    .any(|d| d.strip_prefix("secrets/").unwrap_or(d) == r.slug)
            })
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
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .map_err(|e| EngineError::Keywords(e.to_string()))?;
        let regexes = rules.iter().map(|_| OnceLock::new()).collect();
        Ok(Engine {
            rules,
            keywords,
            triggers,
            regexes,
        })
    }

    pub fn rules(&self) -> &[&'static SecretRule] {
        &self.rules
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
    pub fn detect(&self, content: &[u8], config_file: bool) -> Vec<Detection> {
        let mut windows: Vec<(u16, usize, usize)> = Vec::new();
        let mut line = 0..0;
        for hit in self.keywords.find_overlapping_iter(content) {
            let at = hit.start();
            if !(line.start <= at && at < line.end) {
                line = line_bounds(content, at);
            }
            for &ri in &self.triggers[hit.pattern().as_usize()] {
                let rule = self.rules[ri as usize];
                if rule.config_only && !config_file {
                    continue;
                }
                let end = match rule.scope {
                    Scope::Line => line.end,
                    Scope::Block(max) => content.len().min(line.start.saturating_add(max)),
                };
                windows.push((ri, line.start, end));
            }
        }
        windows.sort_unstable();
        windows.dedup();

        let mut found = Vec::new();
        for (ri, start, end) in windows {
            let ri = ri as usize;
            let Some(re) = self.regex(ri) else { continue };
            let window = &content[start..end];
            for caps in re.captures_iter(window) {
                let m = caps
                    .name("s")
                    .or_else(|| caps.name("t"))
                    .or_else(|| caps.get(0))
                    .expect("group 0 always exists");
                let value = m.as_bytes();
                let key = caps.name("k").map(|k| k.as_bytes());
                if let Some(confidence) = self.accept(ri, value, key, content) {
                    found.push(Detection {
                        rule: ri,
                        secret: start + m.start()..start + m.end(),
                        confidence,
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
    ) -> Option<Confidence> {
        let rule = self.rules[ri];
        let is_key_block = rule.check == Check::KeyBody;
        if filter::is_placeholder_with(value, !is_key_block && value.len() <= 100) {
            return None;
        }
        if rule.min_entropy > 0.0 && filter::entropy(value) < rule.min_entropy {
            return None;
        }
        if let Some(k) = key {
            if filter::key_is_descriptive(k) {
                return None;
            }
        }
        let ok = match rule.check {
            Check::None => true,
            Check::Context(words) => words
                .iter()
                .any(|w| memchr::memmem::find(content, w.as_bytes()).is_some()),
            Check::GenericValue => filter::looks_like_credential(value),
            Check::BasicCredentials => basic_credentials_ok(value),
            Check::Jwt => jwt_ok(value),
            Check::KeyBody => key_body_ok(value),
        };
        ok.then_some(rule.confidence)
    }
}

/// Start and end (exclusive, without the newline) of the line holding byte `at`.
pub fn line_bounds(content: &[u8], at: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &content[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &content[at..]).map_or(content.len(), |i| at + i);
    start..end
}

/// When rules find overlapping values, keep the most specific one.
fn resolve_overlaps(rules: &[&'static SecretRule], mut found: Vec<Detection>) -> Vec<Detection> {
    if found.len() < 2 {
        return found;
    }
    // Most specific first: higher priority, then longer value, then rule order.
    found.sort_by(|a, b| {
        rules[b.rule]
            .priority
            .cmp(&rules[a.rule].priority)
            .then((b.secret.end - b.secret.start).cmp(&(a.secret.end - a.secret.start)))
            .then(a.rule.cmp(&b.rule))
            .then(a.secret.start.cmp(&b.secret.start))
    });
    let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
    for d in found {
        let overlaps = kept
            .iter()
            .any(|k| k.secret.start < d.secret.end && d.secret.start < k.secret.end);
        if !overlaps {
            kept.push(d);
        }
    }
    kept.sort_by_key(|d| (d.secret.start, d.rule));
    kept
}

/// Base64 `user:password` with a real-looking password.
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
