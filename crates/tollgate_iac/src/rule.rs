//! What an IaC rule is: its metadata beside a check written against the resource model.

use crate::model::{Attr, Lookup, Model, Resource, Span, Trace};
use tollgate_core::{Examples, RuleId, RuleMeta, Severity};

/// Settings rules read (from `[iac]` in `tollgate.toml`).
#[derive(Clone, Debug, Default)]
pub struct RuleConfig {
    /// Tags every taggable cloud resource must carry.
    pub required_tags: Vec<String>,
}

/// What a check sees besides the resource: the whole model (for rules that follow
/// relations) and the configuration.
pub struct Context<'a> {
    pub model: &'a Model,
    pub config: &'a RuleConfig,
}

/// Why a resource fails a rule, pointing at the attribute that decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The evaluated attribute path (`versioning.enabled`); empty for the resource itself.
    pub path: String,
    pub message: String,
    /// Where the deciding value is written (the resource's span when it is missing).
    pub span: Option<Span>,
    /// How the value got there (variables, module inputs), outermost first.
    pub origin: Vec<Trace>,
}

impl Violation {
    /// The value at `path` is wrong.
    pub fn at(attr: &Attr, path: &str, message: impl Into<String>) -> Violation {
        Violation {
            path: path.to_string(),
            message: message.into(),
            span: (attr.span.line > 0).then(|| attr.span.clone()),
            origin: attr.origin.clone(),
        }
    }

    /// `path` is missing (the resource's own line is shown).
    pub fn missing(path: &str, message: impl Into<String>) -> Violation {
        Violation {
            path: path.to_string(),
            message: message.into(),
            span: None,
            origin: Vec::new(),
        }
    }
}

/// The result of one rule on one resource.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Pass,
    Fail(Vec<Violation>),
    /// The deciding value could not be known: the rule is reported as not checked.
    Unknown {
        path: String,
        reason: String,
    },
}

impl Verdict {
    pub fn fail(v: Violation) -> Verdict {
        Verdict::Fail(vec![v])
    }

    /// The verdict of `lookup` at `path`: unknown if it is unknown, otherwise `decide`.
    pub fn from_lookup(
        path: &str,
        lookup: Lookup<'_>,
        decide: impl FnOnce(Option<&Attr>) -> Verdict,
    ) -> Verdict {
        match lookup {
            Lookup::Unknown(a) => Verdict::Unknown {
                path: path.to_string(),
                reason: match &a.value {
                    crate::model::Value::Unknown(u) => u.reason.clone(),
                    _ => "unknown".into(),
                },
            },
            Lookup::Found(a) => decide(Some(a)),
            Lookup::Absent => decide(None),
        }
    }

    /// All of several verdicts: any failure fails (violations joined); otherwise any
    /// unknown is unknown; otherwise pass.
    pub fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut fails = Vec::new();
        let mut unknown = None;
        for v in verdicts {
            match v {
                Verdict::Fail(x) => fails.extend(x),
                u @ Verdict::Unknown { .. } => {
                    unknown.get_or_insert(u);
                }
                Verdict::Pass => {}
            }
        }
        if !fails.is_empty() {
            Verdict::Fail(fails)
        } else {
            unknown.unwrap_or(Verdict::Pass)
        }
    }
}

/// The metadata of an IaC rule, written beside its check.
pub struct RuleDef {
    /// After `iac/`: `aws/s3-bucket-versioning`.
    pub slug: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub cwe: &'static [u32],
    /// Tags the compliance catalogs map (`encryption-at-rest`, `public-exposure`, …).
    pub tags: &'static [&'static str],
    /// Resource types (of [`Resource::resource_type`]) the rule looks at.
    pub types: &'static [&'static str],
    /// What it finds (one paragraph).
    pub finds: &'static str,
    /// Why it matters to a financial firm and its auditors.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    pub references: &'static [&'static str],
    /// Ids other tools give the same check (`CKV_AWS_18`, `AVD-AWS-0089`), so their
    /// suppression comments are honoured. Ids only; no text of theirs.
    pub aliases: &'static [&'static str],
}

/// One rule: metadata and check.
pub struct Rule {
    pub def: RuleDef,
    pub check: fn(&Resource, &Context<'_>) -> Verdict,
}

impl Rule {
    pub fn id(&self) -> RuleId {
        RuleId::new("iac", self.def.slug)
    }

    pub fn applies(&self, r: &Resource) -> bool {
        self.def.types.iter().any(|t| *t == r.resource_type)
    }

    pub fn meta(&self) -> RuleMeta {
        let d = &self.def;
        let mut doc = format!(
            "{}\n\n**Why it matters in finance.** {}\n\n**How to fix.** {}\n\n**Applies to.** {}",
            d.finds,
            d.why,
            d.fix,
            d.types
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !d.references.is_empty() {
            doc.push_str("\n\n**References.** ");
            doc.push_str(
                &d.references
                    .iter()
                    .map(|r| format!("<{r}>"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !d.aliases.is_empty() {
            doc.push_str("\n\n**Same check in other tools.** ");
            doc.push_str(
                &d.aliases
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            doc.push_str(" — their suppression comments for these ids are honoured.");
        }
        let mut tags: Vec<String> = vec!["iac".into()];
        tags.extend(d.tags.iter().map(|t| t.to_string()));
        RuleMeta {
            id: self.id(),
            title: d.title.into(),
            severity: d.severity,
            confidence: tollgate_core::Confidence::High,
            cwe: d.cwe.to_vec(),
            tags,
            doc,
            remediation: d.fix.into(),
            references: d.references.iter().map(|r| r.to_string()).collect(),
            examples: Examples::default(),
            aliases: d.aliases.iter().map(|a| a.to_string()).collect(),
        }
    }
}

/// Checks most rules are made of.
pub mod check {
    use super::*;

    /// `path` must be `true` (missing counts as false).
    pub fn is_true(r: &Resource, path: &str, message: &str) -> Verdict {
        Verdict::from_lookup(path, r.get(path), |a| match a.and_then(Attr::as_bool) {
            Some(true) => Verdict::Pass,
            _ => Verdict::fail(match a {
                Some(a) => Violation::at(a, path, message),
                None => Violation::missing(path, message),
            }),
        })
    }

    /// `path` must not be `true` (missing is fine).
    pub fn not_true(r: &Resource, path: &str, message: &str) -> Verdict {
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if a.as_bool() == Some(true) => Verdict::fail(Violation::at(a, path, message)),
            _ => Verdict::Pass,
        })
    }

    /// `path` must be present and not null, false or empty.
    pub fn present(r: &Resource, path: &str, message: &str) -> Verdict {
        Verdict::from_lookup(path, r.get(path), |a| match a {
            Some(a) if is_set(a) => Verdict::Pass,
            Some(a) => Verdict::fail(Violation::at(a, path, message)),
            None => Verdict::fail(Violation::missing(path, message)),
        })
    }

    /// Whether a known value counts as set.
    pub fn is_set(a: &Attr) -> bool {
        use crate::model::Value;
        match &a.value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Number(_) | Value::Unknown(_) => true,
        }
    }
}
