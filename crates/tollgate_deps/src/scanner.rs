//! The dependency scanner: parses lockfiles and reports packages with known
//! vulnerabilities (and, apart, advisories that are notices rather than vulnerabilities).

use crate::cvss;
use crate::lockfile::{self, LockfileKind, Package};
use crate::matcher::{self, Hit};
use crate::sbom::Inventory;
use crate::store::{Store, StoreError};
use std::path::PathBuf;
use std::sync::OnceLock;
use tollgate_core::allow::Allowlist;
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::scanner::{FileOutcome, Project, Scanner, Selection, SourceFile};
use tollgate_core::{
    Confidence, Examples, Finding, Location, PackageSubject, RuleId, RuleMeta, Severity, Subject,
};

/// Slugs of the dependency rules.
pub const VULNERABLE: &str = "vulnerable-package";
pub const NOTICE: &str = "advisory-notice";
pub const LICENSE: &str = "license-policy";

/// The dependency rules, for the rule reference and compliance coverage as well as scans.
pub fn rules() -> Vec<RuleMeta> {
    vec![
        RuleMeta {
            id: RuleId::new("deps", VULNERABLE),
            title: "Dependency with a known vulnerability".into(),
            confidence: Confidence::High,
            severity: Severity::High,
            cwe: vec![1395],
            tags: vec!["vulnerable-dependency".into(), "supply-chain".into()],
            doc: "A package pinned in a lockfile is affected by a published vulnerability (OSV advisory), matched with the ecosystem's exact version ordering.\n\n**Why it matters in finance.** Known-vulnerable components are the most common way into applications; PCI DSS 4.0 requirements 6.3.1 and 6.3.3 demand that vulnerabilities are identified and patches installed, and DORA's RTS asks for timely vulnerability and patch management including third-party libraries.\n\n**How to fix.** Upgrade to the fixed version named in the finding (or later); if none exists, assess exploitability, and record a time-boxed exception or a VEX statement.\n\n**Detection.** Severity comes from the advisory's CVSS v3 vector when it has one, otherwise high. Withdrawn advisories are ignored; aliases of one vulnerability are reported once.\n\n**References.** [CWE-1395](https://cwe.mitre.org/data/definitions/1395.html), [OSV schema](https://ossf.github.io/osv-schema/)".into(),
            remediation: "Upgrade to the fixed version named in the finding (or later); if none exists, assess exploitability, and record a time-boxed exception or a VEX statement.".into(),
            references: vec!["https://cwe.mitre.org/data/definitions/1395.html".into(), "https://ossf.github.io/osv-schema/".into()],
            examples: Examples {
                positive: vec!["Cargo.lock pinning `h2 0.3.17` while RUSTSEC-2023-0034 affects versions below 0.3.18".into(), "pom.xml declaring `org.apache.logging.log4j:log4j-core 2.14.1` (CVE-2021-44228)".into()],
                negative: vec!["the same packages at their fixed versions (`h2 0.3.18`, `log4j-core 2.17.1`)".into(), "a path or git dependency, which no registry advisory describes".into()],
            },
            aliases: Vec::new(),
        },
        RuleMeta {
            id: RuleId::new("deps", NOTICE),
            title: "Dependency with an advisory notice (unmaintained, unsound)".into(),
            confidence: Confidence::High,
            severity: Severity::Low,
            cwe: vec![1104],
            tags: vec!["supply-chain".into(), "inventory".into()],
            doc: "An informational advisory applies to a pinned package: it is unmaintained, unsound, or subject to a notice. It is not a vulnerability, and is reported apart from vulnerabilities.\n\n**Why it matters in finance.** Unmaintained components receive no security fixes; unsound ones can break memory safety. Both belong in the risk register of a regulated application.\n\n**How to fix.** Plan a replacement or confirm the risk is acceptable and record it as an exception.\n\n**References.** [CWE-1104](https://cwe.mitre.org/data/definitions/1104.html)".into(),
            remediation: "Plan a replacement or confirm the risk is acceptable and record it as an exception.".into(),
            references: vec!["https://cwe.mitre.org/data/definitions/1104.html".into()],
            examples: Examples {
                positive: vec!["Cargo.lock pinning a crate that RustSec marks unmaintained".into()],
                negative: vec!["a crate whose notice was withdrawn".into()],
            },
            aliases: Vec::new(),
        },
        RuleMeta {
            id: RuleId::new("deps", LICENSE),
            title: "Dependency licence outside the licence policy".into(),
            confidence: Confidence::High,
            severity: Severity::Medium,
            cwe: vec![1104],
            tags: vec!["license".into(), "supply-chain".into(), "inventory".into()],
            doc: "A dependency declares a licence the project's policy denies (`deps.licenses_deny`), or one that is not on the allow list (`deps.licenses_allow`). SPDX expressions are honoured: an `OR` passes when one alternative does.\n\n**Why it matters in finance.** Copyleft or non-commercial licences in distributed or client-facing software create legal obligations a bank's legal team must approve; an SBOM with unknown licences fails vendor due diligence.\n\n**How to fix.** Replace the dependency, obtain approval and record an exception, or extend the policy.\n\n**References.** [SPDX licence list](https://spdx.org/licenses/)".into(),
            remediation: "Replace the dependency, obtain approval and record an exception, or extend the policy.".into(),
            references: vec!["https://spdx.org/licenses/".into()],
            examples: Examples {
                positive: vec!["`licenses_deny = [\"GPL-3.0-only\"]` and a package-lock.json entry declaring `GPL-3.0-only`".into()],
                negative: vec!["`MIT OR GPL-3.0-only` under the same policy: one allowed alternative suffices".into()],
            },
            aliases: Vec::new(),
        },
    ]
}

/// What the scanner can do with the packages it finds.
pub enum Mode {
    /// Match every package against the advisory store.
    Check(Store),
    /// No advisory database could be opened at this path: every lockfile is reported as
    /// not checked (and the inventory is still built).
    NoDatabase(PathBuf),
    /// Only build the inventory (SBOMs): no vulnerability matching, nothing reported as
    /// unchecked for want of a database.
    InventoryOnly,
}

/// Packages per lockfile, and the lockfiles in formats not supported yet.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub inventory: Inventory,
    pub unsupported: Vec<String>,
}

pub struct DepsScanner {
    mode: Mode,
    rules: Vec<RuleMeta>,
    licenses: crate::license::Policy,
    allow: Allowlist,
    selection: Selection,
    found: OnceLock<Found>,
    walked: std::sync::Mutex<Vec<Walked>>,
}

/// A lockfile parsed during the walk: path, kind, packages (when it parsed).
type Walked = (String, LockfileKind, Option<Vec<Package>>);

/// Files the project phase needs together: POMs (their parents) and manifests (whether a
/// lockfile covers them).
fn needs_the_project(name: &str) -> bool {
    name == "pom.xml" || crate::manifest::kind_of(name).is_some()
}

impl DepsScanner {
    pub fn new(mode: Mode) -> DepsScanner {
        let mut names: Vec<&str> = lockfile::NAMES.to_vec();
        names.extend(crate::manifest::NAMES);
        let mut globs: Vec<&str> = lockfile::GLOBS.to_vec();
        globs.extend(crate::manifest::GLOBS);
        DepsScanner {
            mode,
            rules: rules(),
            licenses: Default::default(),
            allow: Allowlist::default(),
            selection: Selection::names(&names)
                .globs(&globs)
                .keep_for_project_only(needs_the_project),
            found: OnceLock::new(),
            walked: Default::default(),
        }
    }

    pub fn with_licenses(mut self, policy: crate::license::Policy) -> DepsScanner {
        self.licenses = policy;
        self
    }

    /// Allowlist entries whose `values` are matched against each finding's purl.
    pub fn with_allowlist(mut self, allow: Allowlist) -> DepsScanner {
        self.allow = allow;
        self
    }

    pub fn store(&self) -> Option<&Store> {
        match &self.mode {
            Mode::Check(s) => Some(s),
            _ => None,
        }
    }

    /// Ecosystems the scan checked whose advisory data is older than `max_days` by its
    /// newest record (or carries no date), as gate warnings. `today` is days since 1970.
    pub fn stale(&self, today: i64, max_days: i64) -> Vec<String> {
        let (Some(store), Some(found)) = (self.store(), self.found()) else {
            return Vec::new();
        };
        let used: std::collections::BTreeSet<crate::Ecosystem> = found
            .inventory
            .iter()
            .flat_map(|(_, pkgs)| pkgs.iter().map(|p| p.ecosystem))
            .filter(|e| store.has(*e))
            .collect();
        let mut out = Vec::new();
        for eco in used {
            let snapshot = store
                .meta
                .ecosystems
                .get(eco.osv_name())
                .map(|m| m.snapshot.clone())
                .unwrap_or_default();
            match store.snapshot_age_days(eco, today) {
                Some(d) if d > max_days => out.push(format!(
                    "{eco} advisories are {d} days old (newest record {snapshot}): vulnerabilities published since are not checked; run `tollgate db update`"
                )),
                Some(_) => {}
                None => out.push(format!("{eco} advisory records carry no date: their age is unknown")),
            }
        }
        out
    }

    /// What the project phase found: packages per lockfile (for SBOMs).
    pub fn found(&self) -> Option<&Found> {
        self.found.get()
    }

    fn rule(&self, slug: &str) -> &RuleMeta {
        self.rules
            .iter()
            .find(|r| r.slug() == slug)
            .expect("the scanner's own rule")
    }

    /// A finding of rule `slug` at package `p`'s line, titled, classified and tagged as its
    /// rule is (plus the ecosystem); `key` tells findings of one package apart.
    fn at_package(&self, slug: &str, path: &str, p: &Package, key: &str) -> Finding {
        let meta = self.rule(slug);
        let mut f = Finding::of_rule(
            meta,
            Location::line(path, p.line).with_snippet(format!("{} {}", p.name, p.version)),
            fingerprint(
                meta.id.as_str(),
                path,
                format!("{}@{} {key}", p.name, p.version).as_bytes(),
            ),
        );
        f.fix = None;
        f.tags.push(p.ecosystem.purl_type().into());
        f.subject = Some(Subject::Package(PackageSubject {
            ecosystem: p.ecosystem.to_string(),
            name: p.name.clone(),
            version: p.version.clone(),
            purl: p.purl(),
            direct: p.direct,
            ..PackageSubject::default()
        }));
        f
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
        if let Some(Subject::Package(s)) = &mut f.subject {
            s.license = Some(license.to_string());
        }
        f
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
        let slug = if notice { NOTICE } else { VULNERABLE };
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
        let mut f = self.at_package(slug, path, p, &a.id);
        if let Some(Subject::Package(s)) = &mut f.subject {
            s.advisory = Some(a.id.clone());
            s.aliases = hit.aliases.clone();
            s.fixed_version = hit.fixed.clone();
        }
        let data = &mut f.data;
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
        let pseudo =
            p.ecosystem == crate::Ecosystem::Go && crate::version::go::is_pseudo(&p.version);
        if pseudo {
            data.insert(
                "pseudo_version".into(),
                "a commit, not a release: compared as a pre-release of its base version (as govulncheck does); the commit may already contain the fix".into(),
            );
        }
        // An advisory without a summary is named by its ids alone.
        let summary = a.summary.trim();
        f.message = if summary.is_empty() {
            format!("{} {}: {what}{ids}{fix_note}", p.name, p.version)
        } else {
            format!(
                "{} {}: {what}{ids} — {summary}{fix_note}",
                p.name, p.version
            )
        };
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
        let Some(store) = self.store() else {
            return (out, None);
        };
        for p in packages.iter().filter(|p| p.registry) {
            if !store.has(p.ecosystem) {
                continue;
            }
            let advisories = match store.advisories(p.ecosystem, &p.name) {
                Ok(a) => a,
                Err(e) => return (out, Some(e)),
            };
            for hit in matcher::hits(p.ecosystem, &p.version, advisories) {
                out.push(self.finding(path, p, &hit));
            }
        }
        (out, None)
    }

    /// Allowlist entries with values, matched against the purl.
    fn allow(&self, findings: &mut [Finding]) {
        for f in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            let purl = f.package().map(|p| p.purl.clone()).unwrap_or_default();
            if let Some(a) = self.allow.find(
                &f.rule_id,
                &f.location.path,
                Some(purl.as_bytes()),
                &f.fingerprint,
            ) {
                f.suppression = Some(tollgate_core::Suppression::simple(
                    tollgate_core::SuppressionKind::Config,
                    a.reason.clone(),
                ));
            }
        }
    }

    /// One lockfile: its packages (if it parses), findings and issues.
    fn lockfile(
        &self,
        path: &str,
        content: &[u8],
        kind: LockfileKind,
        lookup: lockfile::Lookup<'_>,
    ) -> (Option<Vec<Package>>, FileOutcome) {
        let mut out = FileOutcome::default();
        let issue = |kind: IssueKind, line: Option<u32>, message: String| FileIssue {
            path: path.to_string(),
            kind,
            line,
            source: "deps".into(),
            message,
        };
        let Ok(text) = std::str::from_utf8(content) else {
            out.issues.push(issue(
                IssueKind::Error,
                None,
                "lockfile is not valid UTF-8: not checked".into(),
            ));
            return (None, out);
        };
        let packages = match lockfile::parse_at(kind, text, path, lookup) {
            None => {
                out.issues.push(issue(
                    IssueKind::Skipped,
                    None,
                    format!("{kind:?} lockfiles are not supported yet: dependencies not checked"),
                ));
                return (None, out);
            }
            Some(Err(e)) => {
                out.issues
                    .push(issue(IssueKind::Error, Some(e.line), e.message));
                return (None, out);
            }
            Some(Ok(p)) => p,
        };
        let unresolved = packages.iter().filter(|p| p.version.is_empty()).count();
        if unresolved > 0 {
            // Unchecked when checking vulnerabilities; for an inventory they are listed
            // (without a version), which is said.
            let kind = if matches!(self.mode, Mode::InventoryOnly) {
                IssueKind::Warning
            } else {
                IssueKind::Error
            };
            out.issues.push(issue(
                kind,
                None,
                format!("{unresolved} dependencies have no version that can be resolved here (properties or a parent outside the scan, an imported BOM): those not checked"),
            ));
        }
        let eco = packages.first().map(|p| p.ecosystem);
        match (&self.mode, eco) {
            (Mode::NoDatabase(dir), Some(_)) => out.issues.push(issue(
                IssueKind::Error,
                None,
                format!("not checked for vulnerable dependencies: no advisory database at {} (run `tollgate db update`, or set scanners.deps = false)", dir.display()),
            )),
            (Mode::Check(store), Some(eco)) if !store.has(eco) => {
                out.issues.push(issue(IssueKind::Error, None, format!("no {eco} advisories in the database: dependencies not checked (tollgate db update)")));
            }
            _ => {}
        }
        if !matches!(self.mode, Mode::InventoryOnly) {
            let (mut findings, damaged) = self.check(path, &packages);
            self.allow(&mut findings);
            out.findings.extend(findings);
            if let Some(e) = damaged {
                out.issues.push(issue(
                    IssueKind::Error,
                    None,
                    format!("{e}: dependencies not fully checked"),
                ));
            }
        }
        (Some(packages), out)
    }
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

impl Scanner for DepsScanner {
    fn name(&self) -> &'static str {
        "deps"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        rules()
    }

    fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Lockfiles that stand on their own are parsed and matched during the walk, in
    /// parallel; their packages wait here for the project phase.
    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        let name = file_name(file.path);
        let Some(kind) = LockfileKind::of(&name) else {
            return; // a manifest: the project phase looks at it
        };
        if self.selection.keeps_file(&name) {
            return; // needs other files of the project (a POM's parent)
        }
        let (packages, outcome) = self.lockfile(file.path, file.content, kind, &|_| None);
        out.findings.extend(outcome.findings);
        out.issues.extend(outcome.issues);
        self.walked.lock().unwrap_or_else(|p| p.into_inner()).push((
            file.path.to_string(),
            kind,
            packages,
        ));
    }

    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        let mut found = Found::default();
        let mut lockfiles: Vec<(String, LockfileKind, Option<Vec<Package>>)> =
            std::mem::take(&mut *self.walked.lock().unwrap_or_else(|p| p.into_inner()));
        // A lockfile may name others of the scan (a POM its parent): only files the walk
        // handed to this scanner are ever read, never the disk.
        let lookup = |rel: &str| {
            project
                .file(rel)
                .map(|f| String::from_utf8_lossy(&f.content).into_owned())
        };
        for f in project.files {
            let Some(kind) = LockfileKind::of(&file_name(&f.path)) else {
                continue;
            };
            let mut r = (None, FileOutcome::default());
            let guarded = tollgate_core::walk::guarded(|| {
                r = self.lockfile(&f.path, &f.content, kind, &lookup)
            });
            if let Err(message) = guarded {
                r.1.issues.push(FileIssue {
                    path: f.path.clone(),
                    kind: IssueKind::Error,
                    line: None,
                    source: "deps".into(),
                    message,
                });
            }
            out.findings.extend(r.1.findings);
            out.issues.extend(r.1.issues);
            lockfiles.push((f.path.clone(), kind, r.0));
        }
        lockfiles.sort_by(|a, b| a.0.cmp(&b.0));
        let locks = crate::manifest::LockIndex::new(lockfiles.iter().map(|(p, _, _)| p.as_str()));
        for (path, kind, packages) in lockfiles {
            match packages {
                Some(p) => found.inventory.push((path, p)),
                None if lockfile::parse(kind, "").is_none() => {
                    found.unsupported.push(format!("{path} ({kind:?})"))
                }
                None => {}
            }
        }
        if !project.history {
            for f in project.files {
                let Some(kind) = crate::manifest::kind_of(&file_name(&f.path)) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&f.content);
                if locks.covers(kind, &f.path) || !(kind.declares)(&text) {
                    continue;
                }
                out.issues.push(FileIssue {
                    path: f.path.clone(),
                    kind: IssueKind::Error,
                    line: None,
                    source: "deps".into(),
                    message: format!(
                        "{} without a lockfile: its dependencies cannot be checked; {}",
                        kind.what, kind.how
                    ),
                });
            }
        }
        found.inventory.sort_by(|a, b| a.0.cmp(&b.0));
        found.unsupported.sort();
        let _ = self.found.set(found);
    }
}
