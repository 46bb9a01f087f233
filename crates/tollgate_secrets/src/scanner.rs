//! The secrets scanner: the engine, wired into the scan as a [`Scanner`], turning
//! detections into redacted findings with confidence, suppressions and allowlists.

use crate::decode;
use crate::engine::{Detection, Engine, EngineError};
use crate::rule::SecretRule;
use crate::suppress::LineMarkers;
use std::collections::BTreeMap;
use std::ops::Range;
use tollgate_core::classify::FileClass;
use tollgate_core::config::{AllowlistEntry, SecretsConfig};
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::redact::{redact, snippet, snippet_window};
use tollgate_core::scanner::{FileOutcome, Scanner, SourceFile};
use tollgate_core::{Confidence, Finding, Location, RuleMeta, Suppression, SuppressionKind};

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("secrets.allowlist[{index}]: {message}")]
    Allowlist { index: usize, message: String },
}

struct Allow {
    reason: String,
    rules: Vec<String>,
    paths: Option<globset::GlobSet>,
    values: Vec<regex::bytes::Regex>,
    fingerprints: Vec<String>,
}

impl Allow {
    fn compile(index: usize, e: &AllowlistEntry) -> Result<Allow, SecretsError> {
        let err = |message: String| SecretsError::Allowlist { index, message };
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
                    .map_err(|x| err(format!("invalid path glob '{p}': {x}")))?;
                b.add(g);
            }
            Some(b.build().map_err(|x| err(x.to_string()))?)
        };
        let values = e
            .values
            .iter()
            .map(|v| {
                regex::bytes::Regex::new(v)
                    .map_err(|x| err(format!("invalid value regex '{v}': {x}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Allow {
            reason: e.reason.clone(),
            rules: e.rules.clone(),
            paths,
            values,
            fingerprints: e.fingerprints.clone(),
        })
    }

    fn matches(&self, rule_id: &str, path: &str, value: &[u8], fp: &str) -> bool {
        let slug = rule_id.split_once('/').map_or(rule_id, |(_, s)| s);
        (self.rules.is_empty() || self.rules.iter().any(|r| r == rule_id || r == slug))
            && self.paths.as_ref().is_none_or(|g| g.is_match(path))
            && (self.values.is_empty() || self.values.iter().any(|r| r.is_match(value)))
            && (self.fingerprints.is_empty() || self.fingerprints.iter().any(|f| f == fp))
    }
}

/// Detects hard-coded credentials in every text file.
pub struct SecretsScanner {
    engine: Engine,
    allow: Vec<Allow>,
    min_confidence: Confidence,
    decode_base64: bool,
    k8s_rule: Option<usize>,
    /// Metadata and fix text per rule, built once: findings copy from here.
    metas: Vec<RuleMeta>,
    fixes: Vec<String>,
}

impl SecretsScanner {
    pub fn new(cfg: &SecretsConfig) -> Result<SecretsScanner, SecretsError> {
        let engine = Engine::new(&crate::rules::all(), &cfg.disabled_rules)?;
        let allow = cfg
            .allowlist
            .iter()
            .enumerate()
            .map(|(i, e)| Allow::compile(i, e))
            .collect::<Result<_, _>>()?;
        let k8s_rule = engine
            .rules()
            .iter()
            .position(|r| r.slug == "kubernetes-secret-value");
        let metas: Vec<RuleMeta> = engine.rules().iter().map(|r| r.meta()).collect();
        let fixes = metas.iter().map(fix_text).collect();
        Ok(SecretsScanner {
            engine,
            allow,
            min_confidence: cfg.min_confidence,
            decode_base64: cfg.decode_base64,
            k8s_rule,
            metas,
            fixes,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Everything the scanner finds in one buffer (a file or a git blob).
    pub fn scan_bytes(&self, path: &str, content: &[u8], class: &FileClass) -> Vec<Finding> {
        let mut buf = Buffer::new(path, class, content);
        let detections = self.engine.detect(content, class.is_config());
        // Every secret in the buffer, reported or not: each snippet masks all of them.
        let mut secrets: Vec<Range<usize>> = detections.iter().map(|d| d.secret.clone()).collect();
        // (finding, rule priority, span in `content`), sorted by span and disjoint like the
        // engine's detections, so the ones under a decoded value are found by bisection.
        let mut found: Vec<(Finding, u8, Range<usize>)> = Vec::new();
        for d in &detections {
            let value = &content[d.secret.clone()];
            if let Some(f) = self.finding(&mut buf, d, d.secret.clone(), value, false) {
                found.push((f, self.engine.rules()[d.rule].priority, d.secret.clone()));
            }
        }
        let mut replaced = vec![false; found.len()];
        let mut from_decoded: Vec<(Finding, Range<usize>)> = Vec::new();
        if self.decode_base64 {
            for dec in decode::candidates(content) {
                let (decoded, holds_secret) = self.scan_decoded(&mut buf, &dec);
                if holds_secret {
                    secrets.push(dec.span.clone());
                }
                let Some(best) = decoded.iter().map(|(_, p)| *p).max() else {
                    continue;
                };
                let first = found.partition_point(|(_, _, s)| s.end <= dec.span.start);
                let last = found.partition_point(|(_, _, s)| s.start < dec.span.end);
                crate::engine::spend(last.saturating_sub(first) + 1);
                // A specific rule that matched the encoded text itself wins; a generic match
                // on the same value gives way to what the decoded value really is.
                if (first..last).any(|i| !replaced[i] && found[i].1 >= best) {
                    continue;
                }
                if first < last {
                    replaced[first..last].fill(true);
                }
                from_decoded.extend(decoded.into_iter().map(|(f, _)| (f, dec.span.clone())));
            }
        }
        secrets.sort_by_key(|r| (r.start, r.end));
        let mut disjoint: Vec<Range<usize>> = Vec::with_capacity(secrets.len());
        for r in secrets {
            match disjoint.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => disjoint.push(r),
            }
        }
        let kept = found
            .into_iter()
            .zip(replaced)
            .filter(|(_, replaced)| !replaced)
            .map(|((f, _, span), _)| (f, span));
        kept.chain(from_decoded)
            .map(|(mut f, span)| {
                f.location.snippet = Some(snippet_at(content, span, &disjoint));
                f
            })
            .collect()
    }

    /// Findings in a decoded value, reported at the encoded value's place, and whether the
    /// value holds a secret at all (also one below the minimum confidence).
    fn scan_decoded(&self, buf: &mut Buffer, dec: &decode::Decoded) -> (Vec<(Finding, u8)>, bool) {
        let mut out = Vec::new();
        let detections = self.engine.detect(&dec.bytes, true);
        for d in &detections {
            let value = &dec.bytes[d.secret.clone()];
            if let Some(f) = self.finding(buf, d, dec.span.clone(), value, dec.was_base64) {
                out.push((f, self.engine.rules()[d.rule].priority));
            }
        }
        if !out.is_empty() {
            return (out, true);
        }
        let holds_secret = !detections.is_empty();
        let (Some(ri), Some(key)) = (self.k8s_rule, &dec.secret_key) else {
            return (out, holds_secret);
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
                f.data.insert("secret_key".into(), key.clone());
                out.push((f, self.engine.rules()[ri].priority));
            }
        }
        (out, holds_secret || plausible)
    }

    /// The finding for detection `d` of `value`, reported at `span` of the buffer. Its
    /// snippet is left to the caller, which knows every secret the snippet must mask.
    fn finding(
        &self,
        buf: &mut Buffer,
        d: &Detection,
        span: Range<usize>,
        value: &[u8],
        decoded: bool,
    ) -> Option<Finding> {
        let (path, class) = (buf.path, buf.class);
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
        let rule_id = meta.id.clone();
        let (line_no, col) = buf.lines.position(span.start);
        let (end_line, end_col) = buf.lines.position(span.end);
        let fp = fingerprint(&rule_id, path, value);
        let suppression = if let Some(reason) = buf.ignore_reason(span.start, &rule_id) {
            Some(Suppression::simple(SuppressionKind::Inline, reason))
        } else {
            self.allow
                .iter()
                .find(|a| a.matches(&rule_id, path, value, &fp))
                .map(|a| Suppression::simple(SuppressionKind::Config, a.reason.clone()))
        };
        let shown = redact(value);
        let mut data = BTreeMap::new();
        data.insert("secret".into(), shown.clone());
        data.insert("secret_length".into(), value.len().to_string());
        if decoded {
            data.insert("decoded_from".into(), "base64".into());
        }
        if !reasons.is_empty() {
            data.insert("confidence_reason".into(), reasons.join("; "));
        }
        Some(Finding {
            rule_id,
            title: meta.title.clone(),
            message: format!(
                "{} `{}`{}",
                meta.title,
                shown,
                if decoded { " (base64-decoded)" } else { "" }
            ),
            severity: rule.severity,
            confidence,
            location: Location {
                path: path.to_string(),
                start_line: line_no,
                start_column: col,
                end_line,
                end_column: end_col,
                snippet: None,
            },
            cwe: meta.cwe.clone(),
            tags: meta.tags.clone(),
            controls: Vec::new(),
            fingerprint: fp,
            fix: Some(self.fixes[d.rule].clone()),
            git: None,
            suppression,
            diff: None,
            data,
        })
    }
}

/// The snippet of the finding at `span`, masking every secret in `secrets` (sorted and
/// disjoint) that it shows. Reads a bounded window of the line, however long the line is.
fn snippet_at(content: &[u8], span: Range<usize>, secrets: &[Range<usize>]) -> String {
    let w = snippet_window(content, span.clone());
    let first = secrets.partition_point(|s| s.end <= w.start);
    let last = secrets.partition_point(|s| s.start < w.end).max(first);
    let near: Vec<Range<usize>> = secrets[first..last]
        .iter()
        .map(|s| s.start.max(w.start) - w.start..s.end.min(w.end) - w.start)
        .collect();
    crate::engine::spend(w.len() + near.len());
    let focus = span.start - w.start..span.end.min(w.end).max(span.start) - w.start;
    snippet(&content[w], focus, &near)
}

fn fix_text(meta: &RuleMeta) -> String {
    meta.doc
        .split("**How to fix.** ")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or("")
        .to_string()
}

impl Scanner for SecretsScanner {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn wants(&self, _class: &FileClass) -> bool {
        true // secrets hide in any text file
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        out.findings
            .extend(self.scan_bytes(file.path, file.content, &file.class));
    }
}

/// One buffer being scanned: its path, its class, a line index over its bytes and the
/// ignore markers of the line last asked about (findings come line by line).
struct Buffer<'a> {
    path: &'a str,
    class: &'a FileClass,
    lines: LineIndex<'a>,
    markers: Option<LineMarkers>,
}

impl<'a> Buffer<'a> {
    fn new(path: &'a str, class: &'a FileClass, content: &'a [u8]) -> Self {
        Buffer {
            path,
            class,
            lines: LineIndex::new(content),
            markers: None,
        }
    }

    /// The reason of an inline ignore covering `rule_id` at `at`; each line's markers are
    /// read once however many findings the line holds.
    fn ignore_reason(&mut self, at: usize, rule_id: &str) -> Option<String> {
        if !self.markers.as_ref().is_some_and(|m| m.holds(at)) {
            self.markers = Some(LineMarkers::new(self.lines.content, at));
        }
        self.markers.as_ref().and_then(|m| m.reason(rule_id))
    }
}

/// Bytes per block of [`LineIndex`].
const BLOCK: usize = 256;

/// Line and column of byte offsets, asked in any order, in time independent of the line's
/// length: built on the first question, it holds for each block of [`BLOCK`] bytes the
/// newlines and characters before it and where the line running into it started.
struct LineIndex<'a> {
    content: &'a [u8],
    marks: Vec<BlockMark>,
}

#[derive(Clone, Copy)]
struct BlockMark {
    newlines: usize,
    chars: usize,
    line_start: usize,
}

fn is_char_start(b: &u8) -> bool {
    (b & 0xC0) != 0x80
}

impl<'a> LineIndex<'a> {
    fn new(content: &'a [u8]) -> Self {
        LineIndex {
            content,
            marks: Vec::new(),
        }
    }

    fn build(&mut self) {
        crate::engine::spend(self.content.len());
        let mut mark = BlockMark {
            newlines: 0,
            chars: 0,
            line_start: 0,
        };
        self.marks.reserve(self.content.len() / BLOCK + 1);
        for (i, block) in self.content.chunks(BLOCK).enumerate() {
            self.marks.push(mark);
            mark.newlines += memchr::memchr_iter(b'\n', block).count();
            mark.chars += block.iter().filter(|b| is_char_start(b)).count();
            if let Some(p) = memchr::memrchr(b'\n', block) {
                mark.line_start = i * BLOCK + p + 1;
            }
        }
        self.marks.push(mark);
    }

    /// Characters before `at`.
    fn chars_before(&self, at: usize) -> usize {
        let b = at / BLOCK;
        crate::engine::spend(at - b * BLOCK);
        self.marks[b].chars
            + self.content[b * BLOCK..at]
                .iter()
                .filter(|b| is_char_start(b))
                .count()
    }

    /// 1-based line and column (in characters) of `at`.
    fn position(&mut self, at: usize) -> (u32, u32) {
        if self.marks.is_empty() {
            self.build();
        }
        let at = at.min(self.content.len());
        let b = at / BLOCK;
        let here = &self.content[b * BLOCK..at];
        crate::engine::spend(here.len());
        let mark = self.marks[b];
        let line = 1 + mark.newlines + memchr::memchr_iter(b'\n', here).count();
        let line_start =
            memchr::memrchr(b'\n', here).map_or(mark.line_start, |p| b * BLOCK + p + 1);
        let col = self.chars_before(at) - self.chars_before(line_start) + 1;
        (line as u32, col as u32)
    }
}
