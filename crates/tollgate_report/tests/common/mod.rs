//! Random reports that use every part of the model, for property tests of the writers.
#![allow(dead_code)] // each test binary uses its own part

use std::collections::BTreeMap;
use tollgate_core::gate::{Decision, Status};
use tollgate_core::report::{RunTiming, ScanStats, Summary};
use tollgate_core::*;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next(xs.len() as u64) as usize]
    }
    pub fn text(&mut self) -> String {
        // Quotes, backslashes, control characters and non-ASCII must survive too.
        let parts = [
            "a", "ü", "\"", "\\", "\n", "\t", "€", "x y", "🦀", "\u{1}", "é",
        ];
        (0..self.next(6)).map(|_| self.pick(&parts)).collect()
    }
    pub fn maybe<T>(&mut self, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
        (self.next(2) == 0).then(|| f(self))
    }
}

fn location(r: &mut Rng) -> Location {
    let path = format!("src/{}.rs", r.text());
    match r.next(4) {
        0 => {
            let start = (1 + r.next(90) as u32, 1);
            let end = (2, 3 + r.next(9) as u32);
            let snippet = r.text();
            Location::file(&path, start, end).with_snippet(snippet)
        }
        1 => {
            let line = r.next(50) as u32 + 1;
            let address = format!("module.m[\"{}\"].aws_s3_bucket.b", r.text());
            Location::resource(
                "main.tf",
                line,
                ResourceRef {
                    resource_type: "aws_s3_bucket".into(),
                    address,
                },
            )
        }
        2 => {
            let param = r.maybe(|r| r.text());
            Location::url("POST", "https://api.example/pay", param.as_deref())
        }
        _ => {
            let offset = r.next(1 << 40);
            Location::log("audit.log", 3, offset, Some("2026-11-30T10:00:00Z"))
        }
    }
}

fn subject(r: &mut Rng) -> Option<Subject> {
    match r.next(5) {
        0 => Some(Subject::Package(PackageSubject {
            ecosystem: "crates.io".into(),
            name: r.text(),
            version: "1.0.0".into(),
            purl: "pkg:cargo/x@1.0.0".into(),
            advisory: r.maybe(|_| "RUSTSEC-2026-0001".into()),
            aliases: (0..r.next(3)).map(|i| format!("CVE-2026-{i}")).collect(),
            fixed_version: r.maybe(|_| "1.2.5".into()),
            direct: r.maybe(|r| r.next(2) == 0),
            license: r.maybe(|_| "MIT OR Apache-2.0".into()),
        })),
        1 => Some(Subject::Resource(ResourceRef {
            resource_type: "AWS::S3::Bucket".into(),
            address: r.text(),
        })),
        2 => Some(Subject::Secret(SecretSubject {
            redacted: "sk_l…(32 chars)".into(),
            length: 32,
            decoded_from: r.maybe(|_| "base64".into()),
            key: r.maybe(|r| r.text()),
            revoke: r.maybe(|_| "https://dashboard.example/keys".into()),
            validation: r.maybe(|r| tollgate_core::Validation {
                state: match r.next(3) {
                    0 => tollgate_core::ValidationState::Live,
                    1 => tollgate_core::ValidationState::Invalid,
                    _ => tollgate_core::ValidationState::Unknown,
                },
                provider: "Stripe".into(),
                status: r.maybe(|_| 401),
                reason: r.text(),
                checked_at: "2026-11-21T00:00:00Z".into(),
            }),
        })),
        3 => Some(Subject::Http(HttpRef {
            method: "GET".into(),
            url: "https://x.example/a?b=c".into(),
            parameter: None,
        })),
        _ => None,
    }
}

fn rule(r: &mut Rng) -> RuleMeta {
    let scanner = r.pick(&["secrets", "deps", "iac", "sast"]);
    let slug = r.pick(&["a-b", "aws/s3-public", "x"]);
    let severity = [Severity::Low, Severity::High, Severity::Critical][r.next(3) as usize];
    RuleMeta {
        id: RuleId::new(scanner, slug),
        title: r.text(),
        severity,
        confidence: Confidence::Medium,
        cwe: vec![798, r.next(2000) as u32],
        tags: vec![r.text()],
        doc: r.text(),
        remediation: r.text(),
        references: vec!["https://cwe.mitre.org/data/definitions/798.html".into()],
        examples: Examples::default(),
        aliases: Vec::new(),
    }
}

fn finding(r: &mut Rng, meta: &RuleMeta) -> Finding {
    let loc = location(r);
    let fp = format!("{:032x}", r.next(u64::MAX));
    let mut f = Finding::of_rule(meta, loc, fp);
    f.message = r.text();
    f.controls = vec!["pci-dss-4.0.1:8.6.2".into()];
    f.git = r.maybe(|r| GitProvenance {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        author: r.text(),
        email: "a@b.example".into(),
        date: "2026-11-01T00:00:00+01:00".into(),
        last: r.maybe(|r| tollgate_core::CommitRef {
            commit: "89abcdef0123456789abcdef0123456789abcdef".into(),
            author: r.text(),
            email: "c@d.example".into(),
            date: "2026-11-02T00:00:00+01:00".into(),
        }),
        commits: r.maybe(|r| r.next(1000)),
        in_head: r.maybe(|r| r.next(2) == 1),
        in_worktree: r.maybe(|r| r.next(2) == 1),
        unreachable: r.next(2) == 1,
    });
    f.suppression = r.maybe(|r| Suppression {
        kind: SuppressionKind::Exception,
        reason: r.text(),
        approved_by: Some("risk@bank.example".into()),
        ticket: r.maybe(|_| "RISK-1".into()),
        expires: Some("2027-01-31".into()),
        source: Some(".tollgate/exceptions.toml:3".into()),
    });
    f.diff = r.maybe(|_| DiffStatus::New);
    f.subject = subject(r);
    f.related = (0..r.next(3))
        .map(|_| Related {
            location: location(r),
            message: r.text(),
        })
        .collect();
    f.flow = (0..r.next(4))
        .map(|i| FlowStep {
            role: [FlowRole::Source, FlowRole::Step, FlowRole::Sink][(i % 3) as usize],
            location: location(r),
            message: r.text(),
        })
        .collect();
    if r.next(2) == 0 {
        let v = r.text();
        f.data.insert("cvss_vector".into(), v);
    }
    f
}

/// A random report: findings of random rules and kinds, issues, coverage, a decision.
pub fn report(r: &mut Rng) -> ScanReport {
    let metas: Vec<RuleMeta> = (0..1 + r.next(4)).map(|_| rule(r)).collect();
    let findings: Vec<Finding> = (0..r.next(12))
        .map(|_| {
            let i = r.next(metas.len() as u64) as usize;
            finding(r, &metas[i])
        })
        .collect();
    let mut coverage = BTreeMap::new();
    let unchecked = (0..r.next(3))
        .map(|_| Unchecked {
            path: r.text(),
            reason: r.text(),
        })
        .collect();
    coverage.insert(
        "deps".to_string(),
        ScannerCoverage {
            ran: r.next(2) == 0,
            files: r.next(100),
            unchecked,
        },
    );
    let decision = r.maybe(|r| Decision {
        status: Status::Warn,
        tier: "critical".into(),
        fail_on: "high".into(),
        warn_on: "low".into(),
        reasons: vec![r.text()],
        warnings: vec![r.text()],
    });
    let file_issues = (0..r.next(3))
        .map(|_| FileIssue {
            path: r.text(),
            kind: IssueKind::Error,
            line: r.maybe(|r| r.next(9) as u32),
            source: "deps".into(),
            message: r.text(),
        })
        .collect();
    let mut rep = ScanReport {
        schema_version: report::REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: r.text(),
            git_commit: r.maybe(|_| "abc".into()),
            git_branch: None,
            mode: "worktree".into(),
        },
        config_digest: "d".into(),
        scanners: vec!["secrets".into(), "deps".into()],
        rules: metas.iter().map(|m| m.id.clone()).collect(),
        summary: Summary::default(),
        decision,
        findings,
        file_issues,
        stats: ScanStats::default(),
        coverage,
        timing: RunTiming {
            started_at: "2026-12-01T00:00:00Z".into(),
            duration_ms: r.next(5000),
        },
        rule_meta: metas,
    };
    rep.finalize();
    rep
}
