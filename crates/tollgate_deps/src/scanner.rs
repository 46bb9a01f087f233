//! The dependency scanner: parses lockfiles and reports packages with known
//! vulnerabilities (and, apart, advisories that are notices rather than vulnerabilities).

use crate::cvss;
use crate::lockfile::{self, Package};
use crate::matcher::{self, Hit};
use crate::store::{Store, StoreError};
use std::collections::BTreeMap;
use tollgate_core::classify::FileClass;
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::scanner::{FileOutcome, Scanner, SourceFile};
use tollgate_core::{Confidence, Finding, Location, RuleMeta, Severity};

pub const VULNERABLE: &str = "deps/vulnerable-package";
pub const NOTICE: &str = "deps/advisory-notice";
pub const LICENSE: &str = "deps/license-policy";

/// The dependency rules, for the rule reference and compliance coverage as well as scans.
pub fn rules() -> Vec<RuleMeta> {
    vec![
        RuleMeta {
            id: VULNERABLE.into(),
            title: "Dependency with a known vulnerability".into(),
            severity: Severity::High,
            cwe: vec![1395],
            tags: vec!["vulnerable-dependency".into(), "supply-chain".into()],
            doc: "A package pinned in a lockfile is affected by a published vulnerability (OSV advisory), matched with the ecosystem's exact version ordering.\n\n**Why it matters in finance.** Known-vulnerable components are the most common way into applications; PCI DSS 4.0 requirements 6.3.1 and 6.3.3 demand that vulnerabilities are identified and patches installed, and DORA's RTS asks for timely vulnerability and patch management including third-party libraries.\n\n**How to fix.** Upgrade to the fixed version named in the finding (or later); if none exists, assess exploitability, and record a time-boxed exception or a VEX statement.\n\n**Detection.** Severity comes from the advisory's CVSS v3 vector when it has one, otherwise high. Withdrawn advisories are ignored; aliases of one vulnerability are reported once.\n\n**References.** [CWE-1395](https://cwe.mitre.org/data/definitions/1395.html), [OSV schema](https://ossf.github.io/osv-schema/)".into(),
        },
        RuleMeta {
            id: NOTICE.into(),
            title: "Dependency with an advisory notice (unmaintained, unsound)".into(),
            severity: Severity::Low,
            cwe: vec![1104],
            tags: vec!["supply-chain".into(), "inventory".into()],
            doc: "An informational advisory applies to a pinned package: it is unmaintained, unsound, or subject to a notice. It is not a vulnerability, and is reported apart from vulnerabilities.\n\n**Why it matters in finance.** Unmaintained components receive no security fixes; unsound ones can break memory safety. Both belong in the risk register of a regulated application.\n\n**How to fix.** Plan a replacement or confirm the risk is acceptable and record it as an exception.\n\n**References.** [CWE-1104](https://cwe.mitre.org/data/definitions/1104.html)".into(),
        },
        RuleMeta {
            id: LICENSE.into(),
            title: "Dependency licence outside the licence policy".into(),
            severity: Severity::Medium,
            cwe: vec![1104],
            tags: vec!["license".into(), "supply-chain".into(), "inventory".into()],
            doc: "A dependency declares a licence the project's policy denies (`deps.licenses_deny`), or one that is not on the allow list (`deps.licenses_allow`). SPDX expressions are honoured: an `OR` passes when one alternative does.\n\n**Why it matters in finance.** Copyleft or non-commercial licences in distributed or client-facing software create legal obligations a bank's legal team must approve; an SBOM with unknown licences fails vendor due diligence.\n\n**How to fix.** Replace the dependency, obtain approval and record an exception, or extend the policy.\n\n**References.** [SPDX licence list](https://spdx.org/licenses/)".into(),
        },
    ]
}

pub struct DepsScanner {
    store: Store,
    rules: Vec<RuleMeta>,
    licenses: crate::license::Policy,
    /// The scan root on disk, for lockfiles that refer to other files (a POM's parent).
    root: Option<std::path::PathBuf>,
}

impl DepsScanner {
    pub fn new(store: Store) -> DepsScanner {
        DepsScanner {
            store,
            rules: rules(),
            licenses: Default::default(),
            root: None,
        }
    }

    pub fn with_root(mut self, root: &std::path::Path) -> DepsScanner {
        self.root = Some(root.to_path_buf());
        self
    }

    pub fn with_licenses(mut self, policy: crate::license::Policy) -> DepsScanner {
        self.licenses = policy;
        self
    }

    /// A finding of rule `id` at package `p`'s line, titled, classified and tagged as its
    /// rule is (plus the ecosystem); `key` tells findings of one package apart.
    fn at_package(&self, id: &str, path: &str, p: &Package, key: &str) -> Finding {
        let meta = self
            .rules
            .iter()
            .find(|r| r.id == id)
            .expect("the scanner's own rule");
        let mut tags = meta.tags.clone();
        tags.push(p.ecosystem.purl_type().into());
        let mut data = BTreeMap::new();
        data.insert("package".into(), p.name.clone());
        data.insert("version".into(), p.version.clone());
        data.insert("purl".into(), p.purl());
        Finding {
            rule_id: meta.id.clone(),
            title: meta.title.clone(),
            message: String::new(),
            severity: meta.severity,
            confidence: Confidence::High,
            location: Location {
                path: path.to_string(),
                start_line: p.line,
                start_column: 1,
                end_line: p.line,
                end_column: 1,
                snippet: Some(format!("{} {}", p.name, p.version)),
            },
            cwe: meta.cwe.clone(),
            tags,
            controls: Vec::new(),
            fingerprint: fingerprint(
                id,
                path,
                format!("{}@{} {key}", p.name, p.version).as_bytes(),
            ),
            fix: None,
            git: None,
            suppression: None,
            diff: None,
            data,
        }
    }

    fn license_finding(
        &self,
        path: &str,
        p: &Package,
        verdict: crate::license::Verdict,
    ) -> Finding {
        use crate::license::Verdict;
        let (what, severity) = match &verdict {
            Verdict::Denied(ids) => (
                format!("licence {ids} is denied by the policy"),
                Severity::High,
            ),
            Verdict::NotAllowed(expr) => (
                format!("licence {expr} is not on the allow list"),
                Severity::Medium,
            ),
        };
        let license = p.license.as_deref().unwrap_or("");
        let mut f = self.at_package(LICENSE, path, p, license);
        f.message = format!("{} {}: {what}", p.name, p.version);
        f.severity = severity;
        f.fix = Some(format!(
            "Replace {} or have the licence approved and record an exception.",
            p.name
        ));
        f.data.insert("license".into(), license.to_string());
        f
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn finding(&self, path: &str, p: &Package, hit: &Hit) -> Finding {
        let a = &hit.advisory;
        let notice = a.informational.is_some();
        let score = a.cvss_v3.as_deref().and_then(cvss::v3_base_score);
        let severity = if notice {
            Severity::Low
        } else {
            score.map(cvss::severity).unwrap_or(Severity::High)
        };
        let rule_id = if notice { NOTICE } else { VULNERABLE };
        let ids = if hit.aliases.is_empty() {
            a.id.clone()
        } else {
            format!("{} ({})", a.id, hit.aliases.join(", "))
        };
        let what = match &a.informational {
            Some(kind) => format!("{kind}: "),
            None => String::new(),
        };
        let fix_note = match &hit.fixed {
            Some(f) => format!("; fixed in {f}"),
            None if notice => String::new(),
            None => "; no fixed version".into(),
        };
        let mut f = self.at_package(rule_id, path, p, &a.id);
        let data = &mut f.data;
        data.insert("ecosystem".into(), p.ecosystem.to_string());
        data.insert("advisory".into(), a.id.clone());
        if !hit.aliases.is_empty() {
            data.insert("aliases".into(), hit.aliases.join(","));
        }
        if let Some(v) = &hit.fixed {
            data.insert("fixed_version".into(), v.clone());
        }
        if let Some(v) = &a.cvss_v3 {
            data.insert("cvss_vector".into(), v.clone());
        }
        if let Some(s) = score {
            data.insert("cvss_score".into(), format!("{s:.1}"));
        }
        if let Some(v4) = &a.cvss_v4 {
            // The v4 base score needs the specification's macro-vector table: not computed yet.
            data.insert("cvss_v4_vector".into(), v4.clone());
        }
        if let Some(u) = &a.url {
            data.insert("url".into(), u.clone());
        }
        if let Some(d) = p.direct {
            data.insert("direct".into(), d.to_string());
        }
        let pseudo =
            p.ecosystem == crate::Ecosystem::Go && crate::version::go::is_pseudo(&p.version);
        if pseudo {
            data.insert(
                "pseudo_version".into(),
                "a commit, not a release: compared as a pre-release of its base version (as govulncheck does); the commit may already contain the fix".into(),
            );
        }
        f.message = format!(
            "{} {}: {what}{ids} — {}{fix_note}",
            p.name,
            p.version,
            a.summary.trim()
        );
        f.severity = severity;
        if pseudo {
            f.confidence = Confidence::Medium;
        }
        f.fix = Some(match &hit.fixed {
            Some(v) => format!("Upgrade {} from {} to {v} or later.", p.name, p.version),
            None => format!(
                "No fixed version of {} is published: replace it, or assess and record the risk.",
                p.name
            ),
        });
        f
    }

    /// Findings for one parsed lockfile. A damaged advisory database stops the matching
    /// with an error; the findings made before it are kept.
    pub fn check(&self, path: &str, packages: &[Package]) -> (Vec<Finding>, Option<StoreError>) {
        let mut out = Vec::new();
        if !self.licenses.is_empty() {
            for p in packages {
                if let Some(v) = p.license.as_deref().and_then(|l| self.licenses.check(l)) {
                    out.push(self.license_finding(path, p, v));
                }
            }
        }
        for p in packages.iter().filter(|p| p.registry) {
            if !self.store.has(p.ecosystem) {
                continue;
            }
            let advisories = match self.store.advisories(p.ecosystem, &p.name) {
                Ok(a) => a,
                Err(e) => return (out, Some(e)),
            };
            for hit in matcher::hits(p.ecosystem, &p.version, advisories) {
                out.push(self.finding(path, p, &hit));
            }
        }
        (out, None)
    }
}

impl Scanner for DepsScanner {
    fn name(&self) -> &'static str {
        "deps"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        rules()
    }

    fn wants(&self, class: &FileClass) -> bool {
        class.lockfile.is_some()
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        let Some(kind) = file.class.lockfile else {
            return;
        };
        let issue = |kind: IssueKind, line: Option<u32>, message: String| FileIssue {
            path: file.path.to_string(),
            kind,
            line,
            source: "deps".into(),
            message,
        };
        let Ok(text) = std::str::from_utf8(file.content) else {
            out.issues.push(issue(
                IssueKind::Error,
                None,
                "lockfile is not valid UTF-8".into(),
            ));
            return;
        };
        let lookup = |rel: &str| lockfile::read_under(self.root.as_deref()?, rel);
        match lockfile::parse_at(kind, text, file.path, &lookup) {
            None => out.issues.push(issue(
                IssueKind::Skipped,
                None,
                format!("{kind:?} lockfiles are not supported yet: dependencies not checked"),
            )),
            Some(Err(e)) => out
                .issues
                .push(issue(IssueKind::Error, Some(e.line), e.message)),
            Some(Ok(packages)) => {
                let unresolved = packages.iter().filter(|p| p.version.is_empty()).count();
                if unresolved > 0 {
                    out.issues.push(issue(
                        IssueKind::Warning,
                        None,
                        format!("{unresolved} dependencies have no version that can be resolved here (properties or a parent outside the repository, an imported BOM): not checked"),
                    ));
                }
                if let Some(eco) = packages.first().map(|p| p.ecosystem) {
                    if !self.store.has(eco) {
                        out.issues.push(issue(IssueKind::Error, None, format!("no {eco} advisories in the database: dependencies not checked (tollgate db update)")));
                    }
                }
                let (findings, damaged) = self.check(file.path, &packages);
                out.findings.extend(findings);
                if let Some(e) = damaged {
                    out.issues.push(issue(
                        IssueKind::Error,
                        None,
                        format!("{e}: dependencies not fully checked"),
                    ));
                }
            }
        }
    }
}
