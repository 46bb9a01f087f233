//! What a code rule is: its metadata and fixtures beside a check written against the
//! model's sites.

use crate::flow::{AssignSite, CallSite, DictSite, Fact};
use crate::model::{Lang, Module, Span};
use tollgate_core::{Examples, RuleId, RuleMeta, Severity};

/// Which argument of a sink must not carry untrusted data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SinkArg {
    /// The `i`-th positional argument.
    At(usize),
    /// A keyword argument.
    Kw(&'static str),
    /// The receiver (`sql.execute()` on a statement built from input).
    Receiver,
    /// Any argument.
    Any,
}

/// How a rule looks at the code.
#[derive(Clone, Copy)]
pub enum Check {
    /// Every call; a message when it is a finding.
    Call(fn(&CallSite<'_>) -> Option<String>),
    /// Every assignment and declaration (fields included).
    Assign(fn(&AssignSite<'_>) -> Option<String>),
    /// Every dictionary, object and struct literal.
    Dict(fn(&DictSite<'_>) -> Option<String>),
    /// A whole module (classes that implement an interface, a factory never hardened).
    Module(fn(&Module) -> Vec<(Span, String)>),
    /// A data-flow rule: calls that are sinks and the argument that must not carry
    /// untrusted data (values through an encoder, an escaper or a number are clean).
    Taint(fn(&CallSite<'_>) -> Option<SinkArg>),
    /// A data-flow rule with a source of its own (a predictable random number, say):
    /// reported where such a value reaches `sink`, is assigned to a variable whose name
    /// `into` accepts, or is returned from a function whose name it accepts.
    Derived {
        source: fn(&CallSite<'_>) -> Option<String>,
        sink: fn(&CallSite<'_>) -> Option<SinkArg>,
        into: fn(&str) -> bool,
    },
}

/// Shared text of a rule that exists for several languages.
pub struct Text {
    pub title: &'static str,
    pub severity: Severity,
    pub cwe: &'static [u32],
    pub tags: &'static [&'static str],
    pub why: &'static str,
    pub fix: &'static str,
    pub references: &'static [&'static str],
}

/// One rule for one language: `sast/<lang>/<slug>`.
pub struct Rule {
    pub lang: &'static str,
    pub slug: &'static str,
    pub text: &'static Text,
    /// What it finds in this language (the APIs it knows).
    pub finds: &'static str,
    pub check: Check,
    /// Fixtures: files it must report, and near misses it must stay quiet on.
    pub positive: &'static [&'static str],
    pub negative: &'static [&'static str],
}

impl Rule {
    pub fn id(&self) -> RuleId {
        RuleId::new("sast", &format!("{}/{}", self.lang, self.slug))
    }

    pub fn applies(&self, lang: Lang) -> bool {
        lang.id() == self.lang
    }

    pub fn meta(&self) -> RuleMeta {
        let t = self.text;
        let mut doc = format!(
            "{}\n\n**Why it matters in finance.** {}\n\n**How to fix.** {}",
            self.finds, t.why, t.fix
        );
        if !t.references.is_empty() {
            doc.push_str("\n\n**References.** ");
            doc.push_str(
                &t.references
                    .iter()
                    .map(|r| format!("<{r}>"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        let mut tags = vec!["sast".to_string(), self.lang.to_string()];
        tags.extend(t.tags.iter().map(|s| s.to_string()));
        RuleMeta {
            id: self.id(),
            title: t.title.into(),
            severity: t.severity,
            confidence: tollgate_core::Confidence::High,
            cwe: t.cwe.to_vec(),
            tags,
            doc,
            remediation: t.fix.into(),
            references: t.references.iter().map(|r| r.to_string()).collect(),
            examples: Examples {
                positive: self.positive.iter().map(|s| s.to_string()).collect(),
                negative: self.negative.iter().map(|s| s.to_string()).collect(),
            },
            aliases: vec![],
        }
    }
}

/// The fact of a sink argument.
pub fn sink_fact<'s>(site: &'s CallSite<'_>, arg: SinkArg) -> Vec<&'s Fact> {
    match arg {
        SinkArg::At(i) => site.arg(i).into_iter().collect(),
        SinkArg::Kw(k) => site.kwarg(k).into_iter().collect(),
        SinkArg::Receiver => site.recv.as_ref().into_iter().collect(),
        SinkArg::Any => site.args.iter().collect(),
    }
}
