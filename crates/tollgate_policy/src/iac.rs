//! Custom policies given with `tollgate scan --policy DIR` (or `[iac] policies`): every
//! `.rego` file under the directories. A file in package `tollgate.gate` (or under it) is a
//! gate policy over the whole report ([`crate::rego`]); a file in package
//! `tollgate.iac.<name>` is a resource policy over the IaC model; any other package is a
//! helper library loaded beside both. Files named `*_test.rego` hold tests for
//! `tollgate policy test` ([`run_tests`]) and are not loaded for a scan.
//!
//! A resource policy sees `input.resources`, every resource of the scan as
//! `tollgate_iac::Resource::to_json` writes it, and its `deny` set holds objects
//! `{"msg": ..., "address": ...}` (or plain strings). Its metadata is the rule
//! `__rego_metadata__ := {"id": ..., "title": ..., "severity": ..., "cwe": [...],
//! "tags": [...], "fix": ...}`; each deny entry becomes a finding of rule
//! `iac/custom/<id>`. Everything is evaluated in the same bounded child process as the
//! gate policies, under the same limits.

use crate::rego::{self, Limits, Origin, RegoError, RegoGate, RuleValue, Sandbox};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tollgate_core::fingerprint::fingerprint;
use tollgate_core::{
    Confidence, Finding, Location, ResourceRef, RuleId, RuleMeta, Severity, Subject, Suppression,
    SuppressionKind,
};

/// The rule-id prefix of custom resource policies.
pub const RULE_PREFIX: &str = "iac/custom/";
/// The rule holding a resource policy's metadata.
pub const METADATA_RULE: &str = "__rego_metadata__";
/// Policy files looked at under one directory, and how deep.
const MAX_FILES: usize = 2_000;
const MAX_DEPTH: usize = 16;
/// Deny entries accepted from one scan; more is an error, not a silent cut.
const MAX_ENTRIES: usize = 100_000;
/// Longest message kept from a policy, in characters.
const MAX_MESSAGE: usize = 1_000;

/// The `.rego` files under `paths` (with `tests`, the test files too), their texts, and an
/// engine that parsed them all; no file at all is an error.
fn load_sources(
    paths: &[PathBuf],
    tests: bool,
) -> Result<(Vec<PathBuf>, Vec<String>, regorus::Engine), RegoError> {
    let files = policy_files(paths, tests)?;
    if files.is_empty() {
        return Err(RegoError::Load {
            origin: Origin {
                files: paths.to_vec(),
                line: None,
            },
            message: "no .rego policy files".into(),
        });
    }
    let texts = rego::read_texts(&files)?;
    let engine = rego::parse(&files, &texts)?;
    Ok((files, texts, engine))
}

/// Every `.rego` file under `paths` (a file stands for itself), sorted within each
/// directory, each once. With `tests`, `*_test.rego` files too.
pub fn policy_files(paths: &[PathBuf], tests: bool) -> Result<Vec<PathBuf>, RegoError> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        let mut found = Vec::new();
        if p.is_dir() {
            collect(p, 0, &mut found)?;
            found.sort();
        } else if p.is_file() {
            found.push(p.clone());
        } else {
            return Err(RegoError::Load {
                origin: Origin {
                    files: vec![p.clone()],
                    line: None,
                },
                message: "no such file or directory".into(),
            });
        }
        for f in found {
            if (tests || !is_test_file(&f)) && !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

fn is_test_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("_test.rego"))
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), RegoError> {
    let err = |message: String| RegoError::Load {
        origin: Origin {
            files: vec![dir.to_path_buf()],
            line: None,
        },
        message,
    };
    if depth > MAX_DEPTH {
        return Err(err(format!(
            "policy directories nested deeper than {MAX_DEPTH}"
        )));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| err(format!("cannot read the directory: {e}")))?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        // Symbolic links are not followed: a loop would never end.
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            collect(&p, depth + 1, out)?;
        } else if meta.is_file() && p.extension().is_some_and(|x| x == "rego") {
            if out.len() >= MAX_FILES {
                return Err(err(format!("more than {MAX_FILES} policy files")));
            }
            out.push(p);
        }
    }
    Ok(())
}

/// What each file is, by its package.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Gate,
    /// `tollgate.iac.<name>`: the package path after `data.`.
    Resource(String),
    Helper,
}

fn kind_of(components: &[String]) -> Kind {
    let c: Vec<&str> = components.iter().map(String::as_str).collect();
    match c.as_slice() {
        ["tollgate", "gate", ..] => Kind::Gate,
        ["tollgate", "iac", _, ..] => Kind::Resource(c.join(".")),
        _ => Kind::Helper,
    }
}

/// The policies of `--policy` directories, split into gate and resource policies. Every
/// file has parsed: a syntax error is a load error naming its file and line.
pub struct PolicySet {
    /// Gate policies (with the helpers), for [`RegoGate::load`]; empty when there are none.
    pub gate_files: Vec<PathBuf>,
    /// Resource policies, when there are any.
    pub resources: Option<ResourcePolicies>,
}

impl PolicySet {
    pub fn load(paths: &[PathBuf], sandbox: Sandbox) -> Result<PolicySet, RegoError> {
        let (files, texts, engine) = load_sources(paths, false)?;
        let packages = engine
            .get_policy_package_components()
            .map_err(|e| RegoError::Load {
                origin: Origin {
                    files: files.clone(),
                    line: None,
                },
                message: e.to_string(),
            })?;
        let kinds: Vec<Kind> = packages
            .iter()
            .take(files.len())
            .map(|p| kind_of(&p.components))
            .collect();
        let pick = |want: &dyn Fn(&Kind) -> bool| -> Vec<usize> {
            (0..kinds.len())
                .filter(|&i| want(&kinds[i]) || kinds[i] == Kind::Helper)
                .collect()
        };
        let gate_files: Vec<PathBuf> = if kinds.contains(&Kind::Gate) {
            pick(&|k| *k == Kind::Gate)
                .into_iter()
                .map(|i| files[i].clone())
                .collect()
        } else {
            Vec::new()
        };
        let resources = if kinds.iter().any(|k| matches!(k, Kind::Resource(_))) {
            let idx = pick(&|k| matches!(k, Kind::Resource(_)));
            let mut packages: Vec<(String, PathBuf)> = Vec::new();
            for &i in &idx {
                if let Kind::Resource(p) = &kinds[i] {
                    if !packages.iter().any(|(q, _)| q == p) {
                        packages.push((p.clone(), files[i].clone()));
                    }
                }
            }
            let sub_files: Vec<PathBuf> = idx.iter().map(|&i| files[i].clone()).collect();
            let sub_texts: Vec<String> = idx.iter().map(|&i| texts[i].clone()).collect();
            let engine = if idx.len() == files.len() {
                engine
            } else {
                rego::parse(&sub_files, &sub_texts)?
            };
            Some(ResourcePolicies::new(
                sub_files, sub_texts, engine, packages, sandbox,
            )?)
        } else {
            None
        };
        Ok(PolicySet {
            gate_files,
            resources,
        })
    }
}

/// One resource policy package.
#[derive(Clone, Debug)]
pub struct Package {
    /// `tollgate.iac.bucket_tags`.
    pub path: String,
    /// The file that declares it (the first one, if several do).
    pub file: PathBuf,
    /// The line of its first `deny` rule.
    pub deny_line: u32,
    pub meta: RuleMeta,
}

/// Loaded resource policies and their rules' metadata.
pub struct ResourcePolicies {
    evaluator: RegoGate,
    pub packages: Vec<Package>,
}

impl ResourcePolicies {
    fn new(
        files: Vec<PathBuf>,
        texts: Vec<String>,
        mut engine: regorus::Engine,
        packages: Vec<(String, PathBuf)>,
        sandbox: Sandbox,
    ) -> Result<ResourcePolicies, RegoError> {
        let at = |file: &Path| Origin {
            files: vec![file.to_path_buf()],
            line: None,
        };
        let lines = rule_lines(&mut engine);
        let mut found = Vec::new();
        for (path, file) in packages {
            let deny_line = lines
                .iter()
                .find(|(p, name, _, _)| *p == path && name == "deny")
                .map(|(_, _, _, l)| *l);
            let Some(deny_line) = deny_line else {
                return Err(RegoError::Load {
                    origin: at(&file),
                    message: format!(
                        "package {path} declares no rule deny, so it could never report anything"
                    ),
                });
            };
            found.push((path, file, deny_line));
        }
        let mut evaluator = RegoGate::from_parts(files, texts, engine).with_sandbox(sandbox);
        // Only declared rules can be asked for: regorus refuses any other path.
        let declares = |p: &str| {
            lines
                .iter()
                .any(|(q, name, _, _)| q == p && name == METADATA_RULE)
        };
        let rules: Vec<String> = found
            .iter()
            .filter(|(p, _, _)| declares(p))
            .map(|(p, _, _)| format!("data.{p}.{METADATA_RULE}"))
            .collect();
        let mut values = if rules.is_empty() {
            Vec::new()
        } else {
            evaluator.eval_raw("{}", &rules)?
        }
        .into_iter();
        let mut out: Vec<Package> = Vec::new();
        for (path, file, deny_line) in found {
            let value = if declares(&path) { values.next() } else { None }.unwrap_or(RuleValue {
                rule: format!("data.{path}.{METADATA_RULE}"),
                defined: false,
                value: Json::Null,
            });
            let meta = metadata(&path, &value).map_err(|message| RegoError::Load {
                origin: at(&file),
                message,
            })?;
            if let Some(other) = out.iter().find(|p| p.meta.id == meta.id) {
                return Err(RegoError::Load {
                    origin: at(&file),
                    message: format!(
                        "rule id {} is also the id of package {} in {}",
                        meta.id,
                        other.path,
                        other.file.display()
                    ),
                });
            }
            out.push(Package {
                path,
                file,
                deny_line,
                meta,
            });
        }
        Ok(ResourcePolicies {
            evaluator,
            packages: out,
        })
    }

    /// The same policies under other limits.
    pub fn with_limits(mut self, limits: Limits) -> ResourcePolicies {
        self.evaluator = self.evaluator.with_limits(limits);
        self
    }

    /// SHA-256 of each policy file's text, sorted (see [`RegoGate::digests`]).
    pub fn digests(&self) -> Vec<String> {
        self.evaluator.digests()
    }

    /// The metadata of every custom rule.
    pub fn rules(&self) -> Vec<RuleMeta> {
        self.packages.iter().map(|p| p.meta.clone()).collect()
    }

    /// The findings of every policy over `resources` (each as `Resource::to_json`).
    pub fn evaluate(&mut self, resources: &[Json]) -> Result<Vec<Finding>, RegoError> {
        let input =
            serde_json::to_string(&serde_json::json!({ "resources": resources })).map_err(|e| {
                RegoError::Evaluator {
                    origin: Origin {
                        files: self.evaluator.files.clone(),
                        line: None,
                    },
                    message: format!("cannot write the input: {e}"),
                }
            })?;
        let rules: Vec<String> = self
            .packages
            .iter()
            .map(|p| format!("data.{}.deny", p.path))
            .collect();
        let values = self.evaluator.eval_raw(&input, &rules)?;
        let mut by_address: BTreeMap<&str, Vec<&Json>> = BTreeMap::new();
        for r in resources {
            if let Some(a) = r["address"].as_str() {
                by_address.entry(a).or_default().push(r);
            }
        }
        let mut findings = Vec::new();
        for (package, value) in self.packages.iter().zip(values) {
            let entries = deny_entries(package, &value)?;
            if findings.len() + entries.len() > MAX_ENTRIES {
                return Err(RegoError::Eval {
                    origin: Origin {
                        files: vec![package.file.clone()],
                        line: None,
                    },
                    rule: value.rule.clone(),
                    message: format!("more than {MAX_ENTRIES} deny entries in one scan"),
                });
            }
            for e in entries {
                findings.push(finding(package, e, &by_address));
            }
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.rule_id == b.rule_id);
        Ok(findings)
    }
}

/// (package, rule name, file, line) of every rule of every module.
fn rule_lines(engine: &mut regorus::Engine) -> Vec<(String, String, String, u32)> {
    let mut out = Vec::new();
    let packages = engine.get_policy_package_components().unwrap_or_default();
    let modules = engine.get_modules();
    for (module, package) in modules.iter().zip(packages) {
        let path = package.components.join(".");
        for rule in &module.policy {
            let span = rule.span();
            let name: String = span
                .text()
                .trim_start()
                .trim_start_matches("default ")
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((path.clone(), name, package.source_file.clone(), span.line));
            }
        }
    }
    out
}

/// The rule metadata a package declares, with the defaults.
fn metadata(package: &str, value: &RuleValue) -> Result<RuleMeta, String> {
    let empty = serde_json::Map::new();
    let m = match &value.value {
        _ if !value.defined => &empty,
        Json::Object(m) => m,
        _ => return Err(format!("{METADATA_RULE} of {package} must be an object")),
    };
    let text = |k: &str| -> Result<Option<String>, String> {
        match m.get(k) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{METADATA_RULE}.{k} of {package} must be a string")),
        }
    };
    let last = package.rsplit('.').next().unwrap_or(package);
    let id = text("id")?
        .unwrap_or_else(|| last.replace('_', "-"))
        .to_ascii_lowercase();
    let rule_id = RuleId::parse(&format!("{RULE_PREFIX}{id}"))
        .ok()
        .filter(|_| !id.contains('/'))
        .ok_or_else(|| {
            format!(
                "{METADATA_RULE}.id of {package}: {} is not a rule id (lowercase letters, digits, '-', '_' and '.')",
                tollgate_core::redact::quote(&id)
            )
        })?;
    let severity = match text("severity")? {
        None => Severity::Medium,
        Some(s) => s
            .parse::<Severity>()
            .map_err(|e| format!("{METADATA_RULE}.severity of {package}: {e}"))?,
    };
    let cwe = match m.get("cwe") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|x| match x {
                Json::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                Json::String(s) => s
                    .trim()
                    .to_ascii_uppercase()
                    .trim_start_matches("CWE-")
                    .parse()
                    .ok(),
                _ => None,
            })
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| format!("{METADATA_RULE}.cwe of {package} must list CWE numbers"))?,
        Some(_) => return Err(format!("{METADATA_RULE}.cwe of {package} must be an array")),
    };
    let tags = match m.get("tags") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| format!("{METADATA_RULE}.tags of {package} must list strings"))?,
        Some(_) => {
            return Err(format!(
                "{METADATA_RULE}.tags of {package} must be an array"
            ))
        }
    };
    let aliases = match m.get("aliases") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| format!("{METADATA_RULE}.aliases of {package} must list strings"))?,
        Some(_) => {
            return Err(format!(
                "{METADATA_RULE}.aliases of {package} must be an array"
            ))
        }
    };
    let title = text("title")?.unwrap_or_else(|| format!("custom policy {id}"));
    let fix = text("fix")?.unwrap_or_default();
    let description = text("description")?.unwrap_or_default();
    let mut doc = if description.is_empty() {
        title.clone()
    } else {
        description
    };
    doc.push_str(&format!(
        "\n\nA custom resource policy: package `{package}`."
    ));
    if !fix.is_empty() {
        doc.push_str(&format!("\n\n**Fix.** {fix}"));
    }
    Ok(RuleMeta {
        id: rule_id,
        title,
        severity,
        confidence: Confidence::High,
        cwe,
        tags,
        doc,
        remediation: fix,
        references: Vec::new(),
        examples: Default::default(),
        aliases,
    })
}

/// One entry of a deny set.
struct Entry {
    msg: String,
    address: Option<String>,
    path: Option<String>,
    data: BTreeMap<String, String>,
}

fn deny_entries(package: &Package, value: &RuleValue) -> Result<Vec<Entry>, RegoError> {
    let bad = |message: String| RegoError::Eval {
        origin: Origin {
            files: vec![package.file.clone()],
            line: Some((package.deny_line, 1)),
        },
        rule: value.rule.clone(),
        message,
    };
    const SHAPE: &str =
        "must be a set of strings or of objects with a string msg (and a string address)";
    if !value.defined {
        return Ok(Vec::new());
    }
    let items = match &value.value {
        Json::Array(items) => items,
        Json::Bool(false) => return Ok(Vec::new()),
        _ => return Err(bad(format!("{SHAPE}; it is not a set"))),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Json::String(s) => out.push(Entry {
                msg: cap(s),
                address: None,
                path: None,
                data: BTreeMap::new(),
            }),
            Json::Object(o) => {
                let Some(Json::String(msg)) = o.get("msg") else {
                    return Err(bad(format!(
                        "{SHAPE}; it holds an object without a string msg"
                    )));
                };
                let field = |k: &str| -> Result<Option<String>, RegoError> {
                    match o.get(k) {
                        None | Some(Json::Null) => Ok(None),
                        Some(Json::String(s)) => Ok(Some(s.clone())),
                        Some(_) => Err(bad(format!("{SHAPE}; its {k} is not a string"))),
                    }
                };
                let address = field("address")?;
                let path = field("path")?;
                let mut data = BTreeMap::new();
                for (k, v) in o {
                    if matches!(k.as_str(), "msg" | "address" | "path") || data.len() >= 32 {
                        continue;
                    }
                    let v = match v {
                        Json::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    data.insert(cap(k), cap(&v));
                }
                out.push(Entry {
                    msg: cap(msg),
                    address,
                    path,
                    data,
                });
            }
            _ => return Err(bad(format!("{SHAPE}; it holds something else"))),
        }
    }
    Ok(out)
}

/// A policy's text for a report, at most [`MAX_MESSAGE`] characters. It is kept as the
/// policy wrote it, as gate policies' messages are: redacting quoted values would mangle
/// ordinary words in quotes.
fn cap(s: &str) -> String {
    if s.chars().count() <= MAX_MESSAGE {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_MESSAGE).collect();
        t.push('…');
        t
    }
}

fn finding(package: &Package, e: Entry, by_address: &BTreeMap<&str, Vec<&Json>>) -> Finding {
    let resource = e.address.as_deref().and_then(|a| {
        let candidates = by_address.get(a)?;
        match &e.path {
            Some(p) => candidates.iter().find(|r| r["path"].as_str() == Some(p)),
            None => candidates.first(),
        }
        .copied()
    });
    let rule = package.meta.id.as_str();
    let mut f = match (resource, &e.address) {
        (Some(r), Some(address)) => {
            let path = r["path"].as_str().unwrap_or_default();
            let line = r["line"]
                .as_u64()
                .and_then(|l| u32::try_from(l).ok())
                .unwrap_or(1);
            let rref = ResourceRef {
                resource_type: r["native_type"].as_str().unwrap_or_default().to_string(),
                address: address.clone(),
            };
            let fp = fingerprint(rule, path, format!("{address}\0{}", e.msg).as_bytes());
            let mut f = Finding::of_rule(
                &package.meta,
                Location::resource(path, line, rref.clone()),
                fp,
            );
            f.subject = Some(Subject::Resource(rref));
            f.message = format!("{address}: {}", e.msg);
            f.suppression = inline_ignore(r, &package.meta.id);
            f
        }
        _ => {
            // No resource to point at: the finding points at the policy's deny rule.
            let path = package.file.display().to_string();
            let fp = fingerprint(
                rule,
                &path,
                format!("{}\0{}", e.address.as_deref().unwrap_or(""), e.msg).as_bytes(),
            );
            let mut f =
                Finding::of_rule(&package.meta, Location::line(&path, package.deny_line), fp);
            f.message = match &e.address {
                Some(a) => format!("{a}: {} (no resource of the scan has this address)", e.msg),
                None => e.msg.clone(),
            };
            f
        }
    };
    f.data.insert("policy".into(), package.path.clone());
    f.data.insert("source".into(), "rego".into());
    for (k, v) in e.data {
        f.data.entry(k).or_insert(v);
    }
    f
}

/// The suppression a `tollgate:ignore` comment at the resource gives `rule` (the IaC
/// scanner lists them under `ignores`): a bare one covers every rule, a list the rules it
/// names by id or slug.
fn inline_ignore(resource: &Json, rule: &RuleId) -> Option<Suppression> {
    resource["ignores"].as_array()?.iter().find_map(|i| {
        let covers = match &i["rules"] {
            Json::Null => true,
            Json::Array(names) => names
                .iter()
                .filter_map(Json::as_str)
                .any(|n| rule.is_named(n) || Some(n) == rule.as_str().strip_prefix(RULE_PREFIX)),
            _ => false,
        };
        covers.then(|| {
            Suppression::simple(
                SuppressionKind::Inline,
                i["reason"]
                    .as_str()
                    .unwrap_or("no reason given")
                    .to_string(),
            )
        })
    })
}

/// The outcome of one test rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    /// `data.tollgate.iac.bucket_tags.test_tagged_bucket_passes`.
    pub rule: String,
    pub file: PathBuf,
    pub line: u32,
    pub passed: bool,
    /// Why it failed: false, undefined, or an evaluation error.
    pub detail: Option<String>,
}

/// Runs every rule named `test_*` in the `.rego` files under `paths` (test files too),
/// each evaluated to `true` to pass, in `sandbox` under `limits` (per batch of tests).
/// A file that does not parse is an error naming its file and line.
pub fn run_tests(
    paths: &[PathBuf],
    sandbox: Sandbox,
    limits: Limits,
) -> Result<Vec<TestResult>, RegoError> {
    let (files, texts, mut engine) = load_sources(paths, true)?;
    let mut tests: Vec<(String, PathBuf, u32)> = Vec::new();
    for (package, name, source, line) in rule_lines(&mut engine) {
        if !name.starts_with("test_") {
            continue;
        }
        let rule = format!("data.{package}.{name}");
        // A test may have several bodies: it is one test.
        if tests.iter().any(|(r, _, _)| *r == rule) {
            continue;
        }
        let file = files
            .iter()
            .find(|f| f.display().to_string() == source)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&source));
        tests.push((rule, file, line));
    }
    let mut evaluator = RegoGate::from_parts(files, texts, engine)
        .with_sandbox(sandbox)
        .with_limits(limits);
    let mut results: Vec<Option<TestResult>> = vec![None; tests.len()];
    // A test that errors stops its batch: it fails alone and the rest run again. Each
    // round settles at least one test.
    let mut pending: Vec<usize> = (0..tests.len()).collect();
    while !pending.is_empty() {
        let rules: Vec<String> = pending.iter().map(|&i| tests[i].0.clone()).collect();
        match evaluator.eval_raw("{}", &rules) {
            Ok(values) => {
                for (&i, v) in pending.iter().zip(values) {
                    let (passed, detail) = match (&v.defined, &v.value) {
                        (false, _) => (false, Some("undefined".to_string())),
                        (true, Json::Bool(false)) => (false, Some("false".to_string())),
                        (true, _) => (true, None),
                    };
                    results[i] = Some(test_result(&tests[i], passed, detail));
                }
                pending.clear();
            }
            Err(e) => {
                let failed_rule = match &e {
                    RegoError::Eval { rule, .. } => Some(rule.clone()),
                    RegoError::Limit { rule, .. } => rule.clone(),
                    _ => None,
                };
                let at = failed_rule
                    .and_then(|r| pending.iter().position(|&i| tests[i].0 == r))
                    .unwrap_or(0);
                let i = pending.remove(at);
                results[i] = Some(test_result(&tests[i], false, Some(e.to_string())));
            }
        }
    }
    Ok(results.into_iter().flatten().collect())
}

fn test_result(t: &(String, PathBuf, u32), passed: bool, detail: Option<String>) -> TestResult {
    TestResult {
        rule: t.0.clone(),
        file: t.1.clone(),
        line: t.2,
        passed,
        detail,
    }
}
