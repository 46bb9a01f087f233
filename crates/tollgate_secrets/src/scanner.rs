//! The secrets scanner: the engine, wired into the scan as a [`Scanner`], turning
//! detections into redacted findings with confidence, suppressions and allowlists.

use crate::config::SecretsConfig;
use crate::decode;
use crate::engine::{Detection, Engine, EngineError};
use crate::rule::SecretRule;
use crate::suppress::LineMarkers;
use std::ops::Range;
use tollgate_core::allow::{AllowError, Allowlist};
use tollgate_core::classify::FileClass;
use tollgate_core::config::RulesConfig;
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::redact::{redact, snippet, snippet_window};
use tollgate_core::scanner::{FileOutcome, Scanner, Selection, SourceFile};
use tollgate_core::{
    Confidence, Finding, Location, RuleMeta, SecretSubject, Severity, Subject, Suppression,
    SuppressionKind,
};

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Allowlist(#[from] AllowError),
}

/// Receives the values of unsuppressed findings for an opt-in live check at their
/// provider (`tollgate scan --validate`). Findings never hold a value; a sink keeps only
/// what its check needs, in memory, until the check is done.
pub trait ValueSink: Send + Sync {
    /// Whether values of rule `slug` are wanted at all.
    fn wants(&self, slug: &str) -> bool;
    /// One unsuppressed finding's value.
    fn take(&self, seen: &Seen<'_>);
}

/// What a [`ValueSink`] is given for one finding.
pub struct Seen<'a> {
    /// The rule's slug (`github-personal-access-token`).
    pub rule: &'a str,
    /// The finding's fingerprint: the key its result is attached by.
    pub fingerprint: &'a str,
    pub value: &'a [u8],
    /// The buffer it was found in (the file, a blob, or a decoded value), for facts
    /// written near it (an account id, a domain).
    pub content: &'a [u8],
    /// Every secret detected in that buffer, as (rule slug, value): the other half of a
    /// credential that comes in pairs.
    pub others: &'a [(&'a str, &'a [u8])],
}

/// Detects hard-coded credentials in every text file.
pub struct SecretsScanner {
    /// Where values go for `--validate`; `None` (the default) keeps every value inside
    /// the scan of its buffer.
    sink: Option<std::sync::Arc<dyn ValueSink>>,
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
            sink: None,
            engine,
            allow,
            min_confidence: cfg.min_confidence,
            decode_base64: cfg.decode_base64,
            k8s_rule,
            metas,
            // Key stores and password databases are binary: their magic bytes say what they are.
            selection: Selection::every_text_file().binary_heads(),
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Hand the values of unsuppressed findings to `sink` (`--validate` only).
    pub fn with_sink(mut self, sink: std::sync::Arc<dyn ValueSink>) -> Self {
        self.sink = Some(sink);
        self
    }

    /// Offer finding `f` of detection `d` (value `value`, found in `content` among
    /// `detections`) to the sink, when there is one, it wants the rule and nothing
    /// suppresses the finding.
    fn offer(
        &self,
        f: &Finding,
        d: &Detection,
        value: &[u8],
        content: &[u8],
        detections: &[Detection],
    ) {
        let Some(sink) = &self.sink else { return };
        let rules = self.engine.rules();
        let slug = rules[d.rule].slug;
        if f.suppression.is_some() || !sink.wants(slug) {
            return;
        }
        let others: Vec<(&str, &[u8])> = detections
            .iter()
            .map(|o| (rules[o.rule].slug, &content[o.secret.clone()]))
            .collect();
        sink.take(&Seen {
            rule: slug,
            fingerprint: &f.fingerprint,
            value,
            content,
            others: &others,
        });
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
                self.offer(&f, d, value, content, &detections);
                found.push((f, self.engine.rules()[d.rule].priority, d.secret.clone()));
            }
        }
        let mut replaced = vec![false; found.len()];
        let mut from_decoded: Vec<(Finding, Range<usize>)> = Vec::new();
        // A secret may stand again elsewhere (another line, escaped, or found only in
        // decoded text): snippets mask every value found, wherever it appears.
        let mut values: Vec<Vec<u8>> = Vec::new();
        for d in &detections {
            remember(&mut values, &content[d.secret.clone()]);
        }
        if self.decode_base64 {
            for dec in decode::candidates(content) {
                let (decoded, holds_secret) = self.scan_decoded(&mut buf, &dec, &mut values);
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
                f.location.snippet = Some(snippet_at(content, span, &disjoint, &values));
                f
            })
            .collect()
    }

    /// Findings in a decoded value, reported at the encoded value's place, and whether the
    /// value holds a secret at all (also one below the minimum confidence).
    fn scan_decoded(
        &self,
        buf: &mut Buffer,
        dec: &decode::Decoded,
        values: &mut Vec<Vec<u8>>,
    ) -> (Vec<(Finding, u8)>, bool) {
        let mut out = Vec::new();
        let detections = self.engine.detect(&dec.bytes, true);
        for d in &detections {
            let value = &dec.bytes[d.secret.clone()];
            remember(values, value);
            if let Some(f) = self.finding(buf, d, dec.span.clone(), value, dec.was_base64) {
                self.offer(&f, d, value, &dec.bytes, &detections);
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
                local_default: false,
            };
            if let Some(mut f) = self.finding(buf, &d, dec.span.clone(), v, dec.was_base64) {
                if let Some(Subject::Secret(s)) = &mut f.subject {
                    s.key = Some(key.clone());
                }
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
        // The words of a translation catalogue are labels and messages; only a value in
        // an issuer's own format is a credential there.
        if class.translations && rule.is_generic() {
            return None;
        }
        let mut confidence = d.confidence;
        let mut reasons = Vec::new();
        // A value in its issuer's own format is a credential wherever it is written (a
        // live key pasted into a runbook is a leak); only context-dependent matches are
        // demoted by the kind of file. A checksum settles it either way.
        let mut prefixed = rule.prefixed;
        match crate::filter::github_checksum_ok(value) {
            Some(true) => {
                prefixed = true;
                confidence = Confidence::High;
            }
            Some(false) => {
                prefixed = false;
                confidence = confidence.lowered();
                reasons.push("its checksum does not match, so GitHub did not issue it");
            }
            None => {}
        }
        if !prefixed {
            confidence = demoted_by_place(confidence, class, &mut reasons);
        }
        if confidence < self.min_confidence {
            return None;
        }
        let meta = &self.metas[d.rule];
        let rule_id = &meta.id;
        let (line_no, col) = buf.lines.position(span.start);
        let (end_line, end_col) = buf.lines.position(span.end);
        let fp = fingerprint(rule_id.as_str(), path, value);
        let suppression = if let Some(reason) = buf.ignore_reason(span.start, rule_id) {
            Some(Suppression::simple(SuppressionKind::Inline, reason))
        } else {
            self.allow
                .find(rule_id, path, Some(value), &fp)
                .map(|a| Suppression::simple(SuppressionKind::Config, a.reason.clone()))
        };
        let shown = redact(value);
        let mut f = Finding::of_rule(
            meta,
            // The snippet is made once every secret of the buffer is known (scan_bytes).
            Location::file(path, (line_no, col), (end_line, end_col)),
            fp,
        );
        f.message = format!(
            "{} `{}`{}",
            meta.title,
            shown,
            if decoded { " (base64-decoded)" } else { "" }
        );
        f.severity = if d.local_default {
            f.message.push_str(
                " (a local development default: the user name as password, on a loopback host)",
            );
            Severity::Low
        } else {
            rule.severity
        };
        f.confidence = confidence;
        f.suppression = suppression;
        f.subject = Some(Subject::Secret(SecretSubject {
            redacted: shown,
            length: value.len(),
            decoded_from: decoded.then(|| "base64".to_string()),
            key: None,
            revoke: (!rule.revoke.is_empty()).then(|| rule.revoke.to_string()),
            validation: None,
        }));
        if !reasons.is_empty() {
            f.data
                .insert("confidence_reason".into(), reasons.join("; "));
        }
        Some(f)
    }
}

/// The snippet of the finding at `span`, masking every secret in `secrets` (sorted and
/// disjoint) that it shows. Reads a bounded window of the line, however long the line is.
/// How many distinct secret values snippets look for; bounded, so snippets stay linear
/// however many secrets a buffer holds.
const MAX_VALUES: usize = 64;

fn remember(values: &mut Vec<Vec<u8>>, value: &[u8]) {
    if value.len() >= 6 && values.len() < MAX_VALUES && !values.iter().any(|v| v == value) {
        values.push(value.to_vec());
    }
}

fn snippet_at(
    content: &[u8],
    span: Range<usize>,
    secrets: &[Range<usize>],
    values: &[Vec<u8>],
) -> String {
    let w = snippet_window(content, span.clone());
    let first = secrets.partition_point(|s| s.end <= w.start);
    let last = secrets.partition_point(|s| s.start < w.end).max(first);
    let mut near: Vec<Range<usize>> = secrets[first..last]
        .iter()
        .map(|s| s.start.max(w.start) - w.start..s.end.min(w.end) - w.start)
        .collect();
    let shown = &content[w.clone()];
    for v in values {
        near.extend(memchr::memmem::find_iter(shown, v).map(|i| i..i + v.len()));
    }
    near.sort_by_key(|r| (r.start, r.end));
    crate::engine::spend(w.len() * (1 + values.len()) + near.len());
    let focus = span.start - w.start..span.end.min(w.end).max(span.start) - w.start;
    snippet(&content[w], focus, &near)
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
        let found = self.scan_bytes(file.path, file.content, &file.class);
        // A file that is a credential store is reported as a whole only where no line of
        // it was: one finding says it either way, and the line finding is the precise one.
        if found.is_empty() {
            if let Some(hit) = crate::sensitive::text(file.path, file.content) {
                out.findings
                    .extend(self.file_finding(file.path, &file.class, &hit));
            }
        }
        out.findings.extend(found);
    }

    fn scan_binary(&self, path: &str, head: &[u8], out: &mut FileOutcome) {
        if let Some(hit) = crate::sensitive::binary(path, head) {
            let class = tollgate_core::classify::classify(path);
            out.findings.extend(self.file_finding(path, &class, &hit));
        }
    }
}

impl SecretsScanner {
    /// The finding for a file that is a credential as a whole: at the line of its first
    /// credential, identified by rule and path (the file has no single value).
    fn file_finding(
        &self,
        path: &str,
        class: &FileClass,
        hit: &crate::sensitive::Hit,
    ) -> Option<Finding> {
        // A disabled rule is not in the engine's list.
        let i = self
            .engine
            .rules()
            .iter()
            .position(|r| r.slug == hit.slug)?;
        let (rule, meta) = (self.engine.rules()[i], &self.metas[i]);
        let mut reasons = Vec::new();
        let confidence = demoted_by_place(rule.confidence, class, &mut reasons);
        if confidence < self.min_confidence {
            return None;
        }
        let fp = fingerprint(meta.id.as_str(), path, b"");
        let mut f = Finding::of_rule(
            meta,
            Location::file(path, (hit.line, 1), (hit.line, 1)),
            fp.clone(),
        );
        f.message = format!("{}: {}", meta.title, hit.what);
        f.confidence = confidence;
        if !reasons.is_empty() {
            f.data
                .insert("confidence_reason".into(), reasons.join("; "));
        }
        f.suppression = self
            .allow
            .find(&meta.id, path, None, &fp)
            .map(|a| Suppression::simple(SuppressionKind::Config, a.reason.clone()));
        Some(f)
    }
}

/// Confidence lowered one step for each kind of place where example values are common
/// (tests, fixtures, examples, documentation; prose), with the reasons. Not for values
/// whose own format names their issuer.
fn demoted_by_place(
    mut confidence: Confidence,
    class: &FileClass,
    reasons: &mut Vec<&'static str>,
) -> Confidence {
    if class.test_or_example {
        confidence = confidence.lowered();
        reasons.push("test, fixture, example or documentation path");
    }
    if class.is_prose() {
        confidence = confidence.lowered();
        reasons.push("prose file");
    }
    confidence
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
    fn ignore_reason(&mut self, at: usize, rule_id: &tollgate_core::RuleId) -> Option<String> {
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

#[cfg(test)]
mod sink_tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// One value given: (rule, value, the other slugs of the buffer).
    type Given = (String, Vec<u8>, Vec<String>);

    /// Records what it is given.
    #[derive(Default)]
    struct Record(Mutex<Vec<Given>>);

    impl ValueSink for Record {
        fn wants(&self, slug: &str) -> bool {
            slug.starts_with("github") || slug.starts_with("aws")
        }
        fn take(&self, seen: &Seen<'_>) {
            assert!(!seen.fingerprint.is_empty());
            let others = seen.others.iter().map(|(r, _)| r.to_string()).collect();
            self.0
                .lock()
                .unwrap()
                .push((seen.rule.to_string(), seen.value.to_vec(), others));
        }
    }

    #[test]
    fn a_sink_gets_unsuppressed_values_of_the_rules_it_wants_only() {
        let gh = |tail: &str| format!("ghp_{tail}");
        let (kept, ignored) = (
            gh("Qm7RkW2xPz9LcV4nTb8YsJ3dHf6GaE1uKo5i"),
            gh("Zr4TmX8vLq2NcP7wKb9HsY3jDf5GaE6uRo1e"),
        );
        let stripe = format!("sk_{}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eY", "live");
        let content = format!(
            "A = {kept}\nB = {ignored} # tollgate:ignore[secrets/github-personal-access-token] fixture\nC = {stripe}\n"
        );
        let record = Arc::new(Record::default());
        let s = SecretsScanner::new(&SecretsConfig::default())
            .unwrap()
            .with_sink(record.clone());
        let class = tollgate_core::classify::classify("app.env");
        let found = s.scan_bytes("app.env", content.as_bytes(), &class);
        assert_eq!(found.len(), 3, "{found:#?}");
        let got = record.0.lock().unwrap().clone();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "github-personal-access-token");
        assert_eq!(got[0].1, kept.as_bytes());
        // The buffer's other secrets come along, for pairs.
        assert!(got[0].2.iter().any(|r| r == "stripe-secret-key"), "{got:?}");
        // Without a sink, nothing is handed anywhere and findings are the same.
        let plain = SecretsScanner::new(&SecretsConfig::default()).unwrap();
        assert_eq!(
            plain.scan_bytes("app.env", content.as_bytes(), &class),
            found
        );
    }
}
