//! A DAST rule: its metadata, declared beside the check that reports it, and how it turns
//! an observation into a finding of the common model.

use crate::client::Exchange;
use crate::safe;
use tollgate_core::{Confidence, Finding, HttpRef, Location, RuleId, RuleMeta, Severity, Subject};

/// What every DAST rule declares about itself.
pub struct Rule {
    /// `dast/<slug>`.
    pub slug: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub cwe: &'static [u32],
    pub tags: &'static [&'static str],
    /// What it finds.
    pub what: &'static str,
    /// Why it matters in financial software.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    pub references: &'static [&'static str],
}

impl Rule {
    pub fn id(&self) -> RuleId {
        RuleId::new("dast", self.slug)
    }

    pub fn meta(&self) -> RuleMeta {
        let mut tags: Vec<String> = vec!["dast".into()];
        tags.extend(self.tags.iter().map(|t| t.to_string()));
        RuleMeta {
            id: self.id(),
            title: self.title.into(),
            severity: self.severity,
            confidence: self.confidence,
            cwe: self.cwe.to_vec(),
            tags,
            doc: format!(
                "{}\n\n**Why it matters in finance.** {}\n\n**Fix.** {}\n\n**References.**\n{}",
                self.what,
                self.why,
                self.fix,
                self.references
                    .iter()
                    .map(|r| format!("- {r}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            remediation: self.fix.into(),
            references: self.references.iter().map(|r| r.to_string()).collect(),
            examples: Default::default(),
            aliases: Vec::new(),
        }
    }

    /// A finding of this rule about the operation `op` (`GET /accounts/{id}`), seen in the
    /// exchange `ex`; `key` is what makes it distinct within the operation (the parameter,
    /// the cookie, the identities), part of its fingerprint.
    pub fn finding(
        &self,
        op: &str,
        ex: &Exchange,
        parameter: Option<&str>,
        key: &str,
        message: String,
    ) -> Finding {
        let url = safe::text(&ex.request.url.to_string());
        let method = ex.request.method.clone();
        let fp = tollgate_core::fingerprint::fingerprint(
            self.id().as_str(),
            op,
            format!("{} {key}", parameter.unwrap_or("")).as_bytes(),
        );
        let mut f = Finding::of_rule(&self.meta(), Location::url(&method, &url, parameter), fp);
        f.message = safe::text(&message);
        f.subject = Some(Subject::Http(HttpRef {
            method,
            url,
            parameter: parameter.map(str::to_string),
        }));
        f.data.insert("operation".into(), op.to_string());
        f.data.insert("request".into(), ex.request_evidence());
        f.data.insert("response".into(), ex.response_evidence());
        f
    }
}
