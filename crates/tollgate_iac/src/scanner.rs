//! The IaC scanner: which files it reads, which adapter each goes to, and how rule
//! verdicts become findings, suppressions and "not checked" entries.

use crate::model::{IssueSeverity, Model, Resource};
use crate::rule::{Context, Rule, RuleConfig, Verdict};
use crate::{cloudformation, dockerfile, kubernetes, rules, suppress, terraform, workflows};
use serde::{Deserialize, Serialize};
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::report::{FileIssue, IssueKind};
use tollgate_core::scanner::{FileOutcome, Project, Scanner, Selection, Sniff, SourceFile};
use tollgate_core::{
    Finding, Location, Related, ResourceRef, RuleMeta, Subject, Suppression, SuppressionKind,
};

/// The `[iac]` section of `tollgate.toml`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IacConfig {
    /// Tags every taggable cloud resource must carry (for `iac/*/required-tags`).
    pub required_tags: Vec<String>,
    /// Terraform variable files applied to root modules after the automatic ones
    /// (`--var-file`), relative to the scan root. Left out of the configuration digest
    /// when empty, like `policies`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub var_files: Vec<String>,
    /// Terraform variables `name=value` applied last (`--var`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vars: Vec<String>,
    /// The scan root on disk, for var files and `file()` targets that were not kept.
    #[serde(skip)]
    pub root: Option<std::path::PathBuf>,
    /// Directories (or files) of custom Rego policies, relative to the configuration
    /// file, as with `tollgate scan --policy` (see docs/iac-policies.md). Left out of the
    /// configuration digest when empty, so digests without policies stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// CloudFormation parameter values (`Name=Value`) that win over templates' defaults.
    /// Left out of the configuration digest when empty, as `policies`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cfn_parameters: Vec<String>,
}

/// The commented `[iac]` section of the default `tollgate.toml`.
pub const DEFAULT_TOML: &str = r#"
[iac]
# Tags every taggable AWS, Azure and GCP resource must carry; empty turns the
# required-tags rules off.
# required_tags = ["owner", "cost-center", "data-classification"]
# Terraform variables of root modules beyond defaults, terraform.tfvars and
# *.auto.tfvars: variable files (relative to the scan root, applied in order) and
# single `name=value` settings (applied last).
# var_files = ["env/prod.tfvars"]
# vars = ["environment=prod"]
# Custom Rego policies over the resources (and the report), as `scan --policy DIR`.
# policies = ["policies"]
# CloudFormation parameter values used instead of the templates' defaults.
# cfn_parameters = ["Environment=prod"]
"#;

pub struct IacScanner {
    rules: Vec<&'static Rule>,
    /// Each rule's metadata, built once: findings copy from it.
    metas: Vec<RuleMeta>,
    config: RuleConfig,
    selection: Selection,
    terraform: terraform::Options,
    /// Every evaluated resource as `Resource::to_json`, for custom policies; `None`: not
    /// kept.
    resources: Option<std::sync::Mutex<Vec<serde_json::Value>>>,
    cfn_parameters: Vec<String>,
}

impl IacScanner {
    pub fn new(config: &IacConfig) -> IacScanner {
        IacScanner {
            rules: rules::all().iter().collect(),
            metas: rules::all().iter().map(Rule::meta).collect(),
            config: RuleConfig {
                required_tags: config.required_tags.clone(),
            },
            selection: Selection::names(&[
                ".gitlab-ci.yml",
                ".gitlab-ci.yaml",
                "action.yml",
                "action.yaml",
                "dockerfile",
                "containerfile",
            ])
            .globs(&[
                "**/*.tf",
                "**/*.tfvars",
                "**/*.tfvars.json",
                "**/*.tftpl",
                "**/*.tpl",
                "**/.github/workflows/*.yml",
                "**/.github/workflows/*.yaml",
                "**/*.gitlab-ci.yml",
                "**/Dockerfile.*",
                "**/*.dockerfile",
                "**/Containerfile.*",
            ])
            .sniff(Sniff {
                candidate: yaml_candidate,
                content: yaml_content,
            })
            .keep_for_project_only(terraform::is_kept),
            terraform: terraform::Options {
                var_files: config.var_files.clone(),
                vars: config.vars.clone(),
                root: config.root.clone(),
            },
            resources: None,
            cfn_parameters: config.cfn_parameters.clone(),
        }
    }

    /// The same scanner, keeping every resource it evaluates for [`IacScanner::take_resources`].
    pub fn keeping_resources(mut self) -> IacScanner {
        self.resources = Some(std::sync::Mutex::new(Vec::new()));
        self
    }

    /// The resources evaluated so far (as `Resource::to_json`), sorted by file, line and
    /// address; empty unless [`IacScanner::keeping_resources`].
    pub fn take_resources(&self) -> Vec<serde_json::Value> {
        let Some(m) = &self.resources else {
            return Vec::new();
        };
        let mut out = std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner()));
        let key = |v: &serde_json::Value| {
            (
                v["path"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or_default(),
                v["address"].as_str().unwrap_or_default().to_string(),
            )
        };
        out.sort_by_key(key);
        out
    }

    /// Findings and issues for a model whose files' texts are `text_of(path)`.
    pub fn evaluate<'t>(
        &self,
        model: &Model,
        text_of: impl Fn(&str) -> Option<&'t str>,
        out: &mut FileOutcome,
    ) {
        for issue in &model.issues {
            out.issues.push(FileIssue {
                path: issue.path.clone(),
                kind: match issue.kind {
                    IssueSeverity::Error => IssueKind::Error,
                    IssueSeverity::NotFollowed => IssueKind::Skipped,
                    IssueSeverity::Warning => IssueKind::Warning,
                },
                line: issue.line,
                source: "iac".into(),
                message: issue.message.clone(),
            });
        }
        let ctx = Context {
            model,
            config: &self.config,
        };
        // Each file's lines are indexed once, for the suppression comments of its resources.
        let mut lines_of: std::collections::HashMap<&str, Vec<&str>> = Default::default();
        if let Some(m) = &self.resources {
            let json: Vec<serde_json::Value> = model
                .resources
                .iter()
                .map(|r| {
                    let mut j = r.to_json();
                    // Inline `tollgate:ignore` comments, for custom policies' findings.
                    let lines = lines_of.entry(r.span.path.as_str()).or_insert_with(|| {
                        text_of(&r.span.path).map_or_else(Vec::new, |t| t.lines().collect())
                    });
                    let from = (r.span.line as usize).saturating_sub(2);
                    let to = (r.span.end_line as usize).min(lines.len());
                    if from < to {
                        j["ignores"] = suppress::own_directives(&lines[from..to]).into();
                    }
                    j
                })
                .collect();
            m.lock().unwrap_or_else(|e| e.into_inner()).extend(json);
        }
        for r in &model.resources {
            let lines = lines_of.entry(r.span.path.as_str()).or_insert_with(|| {
                text_of(&r.span.path).map_or_else(Vec::new, |t| t.lines().collect())
            });
            for (i, rule) in self.rules.iter().enumerate().filter(|(_, x)| x.applies(r)) {
                match (rule.check)(r, &ctx) {
                    Verdict::Pass => {}
                    Verdict::Unknown { path, reason } => out.issues.push(FileIssue {
                        path: r.span.path.clone(),
                        kind: IssueKind::Skipped,
                        line: Some(r.span.line),
                        source: "iac".into(),
                        message: format!(
                            "{} not checked on {}: `{path}` is unknown ({reason})",
                            rule.id(),
                            r.address
                        ),
                    }),
                    // A Dockerfile is one resource: each instruction at fault is its
                    // own finding (own line, own suppression).
                    Verdict::Fail(violations) if r.source == crate::SourceKind::Dockerfile => {
                        for v in violations {
                            out.findings.push(self.finding(
                                rule,
                                &self.metas[i],
                                r,
                                vec![v],
                                lines,
                            ));
                        }
                    }
                    Verdict::Fail(violations) => {
                        out.findings
                            .push(self.finding(rule, &self.metas[i], r, violations, lines));
                    }
                }
            }
        }
    }

    fn finding(
        &self,
        rule: &Rule,
        meta: &RuleMeta,
        r: &Resource,
        violations: Vec<crate::rule::Violation>,
        lines: &[&str],
    ) -> Finding {
        let first = &violations[0];
        let line = first.span.as_ref().map_or(r.span.line, |s| s.line);
        let resource = ResourceRef {
            resource_type: r.native_type.clone(),
            address: r.address.clone(),
        };
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        let fp = fingerprint(
            rule.id().as_str(),
            &r.span.path,
            format!("{}\0{}", r.address, paths.join(",")).as_bytes(),
        );
        let mut f = Finding::of_rule(
            meta,
            Location::resource(&r.span.path, line, resource.clone()),
            fp,
        );
        f.message = format!(
            "{}: {}",
            r.address,
            violations
                .iter()
                .map(|v| v.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
        f.subject = Some(Subject::Resource(resource.clone()));
        f.data.insert("attribute".into(), paths.join(","));
        f.data.insert("source".into(), r.source.as_str().into());
        for v in &violations {
            for t in &v.origin {
                f.related.push(Related {
                    location: Location::line(&t.span.path, t.span.line),
                    message: format!("`{}` comes from {}", v.path, t.what),
                });
            }
        }
        if line != r.span.line {
            f.related.push(Related {
                location: Location::resource(&r.span.path, r.span.line, resource),
                message: format!("{} is declared here", r.address),
            });
        }
        let mut from = (r.span.line as usize).saturating_sub(2);
        let mut to = (r.span.end_line as usize).min(lines.len());
        // A Dockerfile is one resource: a comment covers the instruction below it, or the
        // whole file when it is in the header (before the first instruction).
        if let (crate::SourceKind::Dockerfile, Some(s)) = (r.source, first.span.as_ref()) {
            let header = dockerfile::header_len(lines);
            if let Some(reason) = suppress::reason(&lines[..header], rule) {
                f.suppression = Some(Suppression::simple(SuppressionKind::Inline, reason));
            }
            from = (s.line as usize).saturating_sub(2);
            to = (s.end_line as usize).min(lines.len());
        }
        if from < to && f.suppression.is_none() {
            if let Some(reason) = suppress::reason(&lines[from..to], rule) {
                f.suppression = Some(Suppression::simple(SuppressionKind::Inline, reason));
            }
        }
        f
    }
}

impl Scanner for IacScanner {
    fn name(&self) -> &'static str {
        "iac"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn selection(&self) -> &Selection {
        &self.selection
    }

    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        if terraform::plan::is_plan(file.path, file.content) {
            let model = terraform::plan::load(file.path, file.content);
            self.evaluate(&model, |_| None, out);
            return;
        }
        let name = file
            .path
            .rsplit('/')
            .next()
            .unwrap_or(file.path)
            .to_ascii_lowercase();
        // YAML: workflows by path, GitLab by name, manifests by content.
        let model = if dockerfile::is_dockerfile(&name) {
            dockerfile::load_file(file.path, file.content)
        } else if workflows::is_github_workflow(file.path) {
            workflows::github::load_file(file.path, file.content)
        } else if workflows::is_github_action(&name) {
            workflows::github::load_action(file.path, file.content)
        } else if workflows::is_gitlab_ci(&name) {
            workflows::gitlab::load_file(file.path, file.content)
        } else if kubernetes::is_candidate(&name) && kubernetes::looks_like_manifest(file.content) {
            kubernetes::load_file(file.path, file.content)
        } else if cloudformation::is_candidate(&name) && cloudformation::sniff(file.content) {
            cloudformation::load_file(file.path, file.content, &self.cfn_parameters)
        } else {
            return;
        };
        let text = std::str::from_utf8(file.content).ok();
        self.evaluate(&model, |p| if p == file.path { text } else { None }, out);
    }

    fn scan_project(&self, project: &Project<'_>, out: &mut FileOutcome) {
        if project.history {
            return;
        }
        let model = terraform::load_with(project.files, &self.terraform);
        self.evaluate(
            &model,
            |p| {
                project
                    .file(p)
                    .and_then(|f| std::str::from_utf8(&f.content).ok())
            },
            out,
        );
    }
}

impl IacScanner {
    /// Scan a set of files as the walk would hand them over (each file alone, then the
    /// Terraform files together): for tests, fuzzing and library users.
    pub fn scan_files(&self, files: &[tollgate_core::scanner::ProjectFile]) -> FileOutcome {
        let mut out = FileOutcome::default();
        let mut kept: Vec<tollgate_core::scanner::ProjectFile> = Vec::new();
        for f in files {
            let name = f
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&f.path)
                .to_ascii_lowercase();
            if self.selection.keeps_file(&name) && terraform::is_kept(&name) {
                kept.push(f.clone());
            } else {
                self.scan_file(
                    &SourceFile {
                        path: &f.path,
                        content: &f.content,
                        class: f.class,
                    },
                    &mut out,
                );
            }
        }
        kept.sort_by(|a, b| a.path.cmp(&b.path));
        self.scan_project(
            &Project {
                files: &kept,
                history: false,
            },
            &mut out,
        );
        out.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out.issues.sort();
        out
    }
}

/// Kubernetes manifests, Terraform plan JSON and CloudFormation templates are wanted by
/// content.
fn yaml_candidate(name: &str) -> bool {
    kubernetes::is_candidate(name)
        || terraform::plan::candidate(name)
        || cloudformation::is_candidate(name)
}

fn yaml_content(head: &[u8]) -> bool {
    kubernetes::looks_like_manifest(head)
        || terraform::plan::sniff(head)
        || cloudformation::sniff(head)
}

/// The rule metadata of this scanner, for the rule reference.
pub fn rule_metas() -> Vec<RuleMeta> {
    rules::all().iter().map(Rule::meta).collect()
}
