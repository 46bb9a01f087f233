//! The secrets scanner: the engine, wired into the scan as a [`Scanner`], turning
//! detections into redacted findings with confidence, suppressions and allowlists.

use crate::config::SecretsConfig;
use crate::decode;
use crate::engine::{line_bounds, Detection, Engine, EngineError};
use crate::rule::SecretRule;
use crate::suppress::inline_ignore;
use std::ops::Range;
use tollgate_core::allow::{AllowError, Allowlist};
use tollgate_core::classify::FileClass;
use tollgate_core::config::RulesConfig;
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::redact::{redact, redacted_snippet};
use tollgate_core::scanner::{FileOutcome, Scanner, Selection, SourceFile};
use tollgate_core::{
    Confidence, Finding, Location, RuleMeta, SecretSubject, Subject, Suppression, SuppressionKind,
};

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Allowlist(#[from] AllowError),
}

/// Detects hard-coded credentials in every text file.
pub struct SecretsScanner {
    engine: Engine,
    allow: Allowlist,
    min_confidence: Confidence,
    decode_base64: bool,
    k8s_rule: Option<usize>,
    /// Metadata per rule, built once: findings copy from here.
    metas: Vec<RuleMeta>,
    selection: Selection,
}

impl SecretsScanner {
    pub fn new(cfg: &SecretsConfig) -> Result<SecretsScanner, SecretsError> {
        SecretsScanner::with_rules(cfg, &RulesConfig::default())
    }

    /// With the settings shared by every scanner: `[rules] disable` entries that name
    /// secret rules, and `[[rules.allowlist]]` entries (matched on the raw secret here).
    pub fn with_rules(
        cfg: &SecretsConfig,
        shared: &RulesConfig,
    ) -> Result<SecretsScanner, SecretsError> {
        let all = crate::rules::all();
        let mut disabled = cfg.disabled_rules.clone();
        disabled.extend(
            shared
                .disable
                .iter()
                .filter(|d| all.iter().any(|r| r.id().is_named(d)))
                .cloned(),
        );
        let engine = Engine::new(&all, &disabled)?;
        let mut allow = Allowlist::compile("secrets.allowlist", &cfg.allowlist)?;
        allow.extend(Allowlist::compile("rules.allowlist", &shared.allowlist)?);
        let k8s_rule = engine
            .rules()
            .iter()
            .position(|r| r.slug == "kubernetes-secret-value");
        let metas: Vec<RuleMeta> = engine.rules().iter().map(|r| r.meta()).collect();
        Ok(SecretsScanner {
            engine,
            allow,
            min_confidence: cfg.min_confidence,
            decode_base64: cfg.decode_base64,
            k8s_rule,
            metas,
            selection: Selection::every_text_file(),
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Everything the scanner finds in one buffer (a file or a git blob).
    pub fn scan_bytes(&self, path: &str, content: &[u8], class: &FileClass) -> Vec<Finding> {
        // (finding, rule priority, span in `content`)
        let mut found: Vec<(Finding, u8, Range<usize>)> = Vec::new();
        let mut buf = Buffer {
            path,
            class,
            lines: LineIndex::new(content),
        };
        for d in self.engine.detect(content, class.is_config()) {
            let value = &content[d.secret.clone()];
            if let Some(f) = self.finding(&mut buf, &d, d.secret.clone(), value, false) {
                found.push((f, self.engine.rules()[d.rule].priority, d.secret.clone()));
            }
        }
        if self.decode_base64 {
            for dec in decode::candidates(content) {
                let decoded = self.scan_decoded(&mut buf, &dec);
                let Some(best) = decoded.iter().map(|(_, p)| *p).max() else {
                    continue;
                };
                let overlaps = |s: &Range<usize>| s.start < dec.span.end && dec.span.start < s.end;
                // A specific rule that matched the encoded text itself wins; a generic match
                // on the same value gives way to what the decoded value really is.
                if found.iter().any(|(_, p, s)| overlaps(s) && *p >= best) {
                    continue;
                }
                found.retain(|(_, _, s)| !overlaps(s));
                found.extend(decoded.into_iter().map(|(f, p)| (f, p, dec.span.clone())));
            }
        }
        found.into_iter().map(|(f, _, _)| f).collect()
    }

    /// Findings in a decoded value, reported at the encoded value's place.
    fn scan_decoded(&self, buf: &mut Buffer, dec: &decode::Decoded) -> Vec<(Finding, u8)> {
        let mut out = Vec::new();
        for d in self.engine.detect(&dec.bytes, true) {
            let value = &dec.bytes[d.secret.clone()];
            if let Some(f) = self.finding(buf, &d, dec.span.clone(), value, dec.was_base64) {
                out.push((f, self.engine.rules()[d.rule].priority));
            }
        }
        if !out.is_empty() {
            return out;
        }
        let (Some(ri), Some(key)) = (self.k8s_rule, &dec.secret_key) else {
            return out;
        };
        let v = &dec.bytes;
        let plausible = decode::names_credential(key)
            && v.len() >= 6
            && !crate::filter::is_placeholder(v)
            && (crate::filter::looks_like_credential(v) || crate::filter::entropy(v) >= 3.5);
        if plausible {
            let d = Detection {
                rule: ri,
                secret: 0..v.len(),
                confidence: Confidence::High,
            };
            if let Some(mut f) = self.finding(buf, &d, dec.span.clone(), v, dec.was_base64) {
                if let Some(Subject::Secret(s)) = &mut f.subject {
                    s.key = Some(key.clone());
                }
                out.push((f, self.engine.rules()[ri].priority));
            }
        }
        out
    }

    /// The finding for detection `d` of `value`, reported at `span` of the buffer.
    fn finding(
        &self,
        buf: &mut Buffer,
        d: &Detection,
        span: Range<usize>,
        value: &[u8],
        decoded: bool,
    ) -> Option<Finding> {
        let (path, class, content) = (buf.path, buf.class, buf.lines.content);
        let rule: &SecretRule = self.engine.rules()[d.rule];
        let mut confidence = d.confidence;
        let mut reasons = Vec::new();
        if class.test_or_example {
            confidence = confidence.lowered();
            reasons.push("test, fixture, example or documentation path");
        }
        if class.is_prose() {
            confidence = confidence.lowered();
            reasons.push("prose file");
        }
        if confidence < self.min_confidence {
            return None;
        }
        let meta = &self.metas[d.rule];
        let rule_id = &meta.id;
        let (line_no, col) = buf.lines.position(span.start);
        let line = line_bounds(content, span.start);
        let rel = span.start - line.start..span.end.min(line.end).max(span.start) - line.start;
        let snippet = redacted_snippet(&content[line.clone()], rel.clone());
        let (end_line, end_col) = buf.lines.position(span.end);
        let fp = fingerprint(rule_id.as_str(), path, value);
        let suppression = if let Some(reason) = inline_ignore(content, span.start, rule_id) {
            Some(Suppression::simple(SuppressionKind::Inline, reason))
        } else {
            self.allow
                .find(rule_id, path, Some(value), &fp)
                .map(|a| Suppression::simple(SuppressionKind::Config, a.reason.clone()))
        };
        let shown = redact(value);
        let mut f = Finding::of_rule(
            meta,
            Location::file(path, (line_no, col), (end_line, end_col)).with_snippet(snippet),
            fp,
        );
        f.message = format!(
            "{} `{}`{}",
            meta.title,
            shown,
            if decoded { " (base64-decoded)" } else { "" }
        );
        f.severity = rule.severity;
        f.confidence = confidence;
        f.suppression = suppression;
        f.subject = Some(Subject::Secret(SecretSubject {
            redacted: shown,
            length: value.len(),
            decoded_from: decoded.then(|| "base64".to_string()),
            key: None,
        }));
        if !reasons.is_empty() {
            f.data
                .insert("confidence_reason".into(), reasons.join("; "));
        }
        Some(f)
    }
}

impl Scanner for SecretsScanner {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn selection(&self) -> &Selection {
        &self.selection // secrets hide in any text file
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        out.findings
            .extend(self.scan_bytes(file.path, file.content, &file.class));
    }
}

/// One buffer being scanned: its path, its class and a line index over its bytes.
struct Buffer<'a> {
    path: &'a str,
    class: &'a FileClass,
    lines: LineIndex<'a>,
}

/// Line and column of byte offsets, computed incrementally: findings come in ascending
/// order, so each newline is counted once.
struct LineIndex<'a> {
    content: &'a [u8],
    pos: usize,
    line: u32,
}

impl<'a> LineIndex<'a> {
    fn new(content: &'a [u8]) -> Self {
        LineIndex {
            content,
            pos: 0,
            line: 1,
        }
    }

    /// 1-based line and column (in characters) of `at`.
    fn position(&mut self, at: usize) -> (u32, u32) {
        let at = at.min(self.content.len());
        if at < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.content[self.pos..at]).count() as u32;
        self.pos = at;
        let start = memchr::memrchr(b'\n', &self.content[..at]).map_or(0, |i| i + 1);
        let col = self.content[start..at]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count() as u32
            + 1;
        (self.line, col)
    }
}
