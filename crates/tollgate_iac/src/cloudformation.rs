//! The CloudFormation adapter: each entry of a template's `Resources` becomes one
//! resource of the model, typed with the Terraform AWS provider's name where the
//! `/work/briefs/cfn-contract.md` table has one, so one rule covers both formats.
//!
//! Properties become attributes with snake_case keys (IAM policy documents and tag lists
//! excepted). Intrinsic functions are evaluated as far as the template alone allows:
//! parameters (defaults, or values given in `[iac] cfn_parameters`), mappings and
//! conditions are known; anything only known at deploy time (a resource's id, an
//! attribute, the account or region, an import) is an unknown value with the reason, and
//! a `Ref`/`Fn::GetAtt` to another resource is recorded as a relation.
//!
//! Both YAML (with the `!Ref` short forms) and JSON templates are read with the YAML
//! loader (JSON is YAML's flow style), so every value keeps its line; a JSON file the
//! YAML reader refuses is read by serde_json, with lines found by searching the text.

use crate::model::{
    mask_secretish, AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Span, Trace,
    Value,
};
use std::collections::{BTreeMap, HashMap};

/// Deepest nesting of intrinsic functions evaluated.
const MAX_DEPTH: usize = 64;
/// Longest string `Fn::Sub` / `Fn::Join` may build.
const MAX_STRING: usize = 256 * 1024;
/// Most bytes string functions may produce in one template (aliases can repeat a
/// `Fn::Sub` of a long parameter many times).
const MAX_TOTAL: usize = 32 * 1024 * 1024;
/// Most elements `Fn::Split` may produce.
const MAX_SPLIT: usize = 10_000;
/// Largest template read.
const MAX_FILE: usize = 16 * 1024 * 1024;

/// Whether a lowercase file name may hold a template (the content decides).
pub fn is_candidate(name: &str) -> bool {
    [".yaml", ".yml", ".json", ".template"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Whether the first bytes of a file look like a CloudFormation template.
pub fn sniff(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    let text = String::from_utf8_lossy(head);
    if text.contains("AWSTemplateFormatVersion") {
        return true;
    }
    let has_resources = text.contains("\"Resources\"")
        || text
            .lines()
            .any(|l| l.trim_end().starts_with("Resources:") || l.trim_end() == "Resources :");
    let has_type = text.contains("Type: AWS::")
        || text.contains("Type: 'AWS::")
        || text.contains("Type: \"AWS::")
        || text.contains("\"Type\": \"AWS::")
        || text.contains("\"Type\":\"AWS::");
    has_resources && has_type
}

/// The Terraform AWS provider type of a CloudFormation type, when the table has one.
pub fn terraform_type(cfn: &str) -> Option<&'static str> {
    Some(match cfn {
        "AWS::S3::Bucket" => "aws_s3_bucket",
        "AWS::S3::BucketPolicy" => "aws_s3_bucket_policy",
        "AWS::RDS::DBInstance" => "aws_db_instance",
        "AWS::RDS::DBCluster" => "aws_rds_cluster",
        "AWS::EC2::SecurityGroup" => "aws_security_group",
        "AWS::EC2::SecurityGroupIngress" => "aws_vpc_security_group_ingress_rule",
        "AWS::EC2::Volume" => "aws_ebs_volume",
        "AWS::EC2::Instance" => "aws_instance",
        "AWS::EC2::LaunchTemplate" => "aws_launch_template",
        "AWS::EC2::VPC" => "aws_vpc",
        "AWS::EC2::FlowLog" => "aws_flow_log",
        "AWS::CloudTrail::Trail" => "aws_cloudtrail",
        "AWS::KMS::Key" => "aws_kms_key",
        "AWS::DynamoDB::Table" => "aws_dynamodb_table",
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => "aws_lambda_function",
        "AWS::SQS::Queue" => "aws_sqs_queue",
        "AWS::SNS::Topic" => "aws_sns_topic",
        "AWS::ElastiCache::ReplicationGroup" => "aws_elasticache_replication_group",
        "AWS::OpenSearchService::Domain" => "aws_opensearch_domain",
        "AWS::Elasticsearch::Domain" => "aws_elasticsearch_domain",
        "AWS::EKS::Cluster" => "aws_eks_cluster",
        "AWS::ECR::Repository" => "aws_ecr_repository",
        "AWS::IAM::Role" => "aws_iam_role",
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => "aws_iam_policy",
        "AWS::IAM::User" => "aws_iam_user",
        "AWS::IAM::AccessKey" => "aws_iam_access_key",
        "AWS::EFS::FileSystem" => "aws_efs_file_system",
        "AWS::Redshift::Cluster" => "aws_redshift_cluster",
        "AWS::ElasticLoadBalancingV2::Listener" => "aws_lb_listener",
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => "aws_lb",
        "AWS::ApiGateway::Stage" => "aws_api_gateway_stage",
        "AWS::CloudFront::Distribution" => "aws_cloudfront_distribution",
        "AWS::SecretsManager::Secret" => "aws_secretsmanager_secret",
        "AWS::Logs::LogGroup" => "aws_cloudwatch_log_group",
        "AWS::DocDB::DBCluster" => "aws_docdb_cluster",
        "AWS::Neptune::DBCluster" => "aws_neptune_cluster",
        "AWS::MSK::Cluster" => "aws_msk_cluster",
        "AWS::Kinesis::Stream" => "aws_kinesis_stream",
        "AWS::ECS::TaskDefinition" => "aws_ecs_task_definition",
        "AWS::Backup::BackupVault" => "aws_backup_vault",
        "AWS::GuardDuty::Detector" => "aws_guardduty_detector",
        "AWS::Config::ConfigurationRecorder" => "aws_config_configuration_recorder",
        "AWS::WAFv2::WebACL" => "aws_wafv2_web_acl",
        "AWS::SSM::Parameter" => "aws_ssm_parameter",
        _ => return None,
    })
}

/// `PascalCase` → `snake_case`, keeping acronyms together (`SSEAlgorithm` →
/// `sse_algorithm`, `KMSMasterKeyID` → `kms_master_key_id`, `IPv6` → `ipv6`).
pub fn snake_case(key: &str) -> String {
    let key = key.replace("IPv6", "Ipv6").replace("IPv4", "Ipv4");
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    out.push('_');
                }
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One template file. `overrides` are `Name=Value` parameter values that win over the
/// template's defaults.
pub fn load_file(path: &str, content: &[u8], overrides: &[String]) -> Model {
    let mut model = Model::default();
    // Lines the file has: every line reported is clamped to them (the YAML reader may
    // place a node or an error at the end of the stream, one line past the last).
    let nlines = content.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let issue = |line: Option<u32>, message: String| AdapterIssue {
        path: path.into(),
        line: line.map(|l| l.clamp(1, nlines)),
        kind: IssueSeverity::Error,
        message,
    };
    if content.len() > MAX_FILE {
        model
            .issues
            .push(issue(None, "template larger than 16 MiB: not read".into()));
        return model;
    }
    let Ok(text) = std::str::from_utf8(content) else {
        model
            .issues
            .push(issue(None, "template is not UTF-8: not read".into()));
        return model;
    };
    // YAML counts a lone carriage return as a line break, the rest of the scanner only
    // `\n`: read lone ones as spaces so both agree on every line number.
    let text = &lone_cr_as_space(text);
    let root = match parse(text, path) {
        Ok(r) => r,
        Err((line, message)) => {
            model.issues.push(issue(line, message));
            return model;
        }
    };
    let Some(top) = root.as_map() else {
        model.issues.push(issue(
            Some(root.span.line.max(1)),
            "template is not a map".into(),
        ));
        return model;
    };
    let Some(resources) = top.get("Resources").and_then(|r| r.as_map_exact()) else {
        // A file the sniff took for a template (a macro's event, a fragment) is not one
        // unless it says so.
        if top.contains_key("AWSTemplateFormatVersion") {
            model.issues.push(AdapterIssue {
                kind: IssueSeverity::Warning,
                ..issue(
                    Some(root.span.line.max(1)),
                    "template has no `Resources` map".into(),
                )
            });
        }
        return model;
    };
    let lines = id_lines(text);
    let mut t = Template::new(path, top, overrides, &mut model.issues);
    t.nlines = nlines;
    for (id, body) in resources {
        let line = lines.get(id).copied().unwrap_or(body.span.line).max(1);
        if id.starts_with("Fn::ForEach") {
            t.note(
                line,
                format!("`{id}` (AWS::LanguageExtensions) is not expanded: its resources are not checked"),
            );
            continue;
        }
        let Some(body_map) = body.as_map_exact() else {
            t.warn(line, format!("resource `{id}` is not a map: skipped"));
            continue;
        };
        let Some(native) = body_map.get("Type").and_then(Attr::as_str) else {
            if body_map.contains_key("Type") {
                t.note(
                    line,
                    format!("resource `{id}` has a `Type` that is not a type name (a module or macro): not checked"),
                );
            } else {
                t.warn(line, format!("resource `{id}` has no `Type`: skipped"));
            }
            continue;
        };
        if let Some(cond) = body_map.get("Condition").and_then(Attr::as_str) {
            if t.condition(cond, 0) == Some(false) {
                continue;
            }
        }
        t.refs.clear();
        let mut attrs = BTreeMap::new();
        if let Some(a) = body_map.get("Properties").and_then(|p| t.eval(p, 0)) {
            match convert(a, 0) {
                Attr {
                    value: Value::Map(m),
                    ..
                } => attrs = m,
                a if a.is_unknown() => {
                    attrs.insert("properties".into(), a);
                }
                _ => {}
            }
        }
        for (k, name) in [
            ("DeletionPolicy", "deletion_policy"),
            ("UpdateReplacePolicy", "update_replace_policy"),
        ] {
            if let Some(v) = body_map.get(k).and_then(|v| t.eval(v, 0)) {
                attrs.insert(name.into(), v);
            }
        }
        let line = line.clamp(1, nlines);
        let end = last_line(body).clamp(line, nlines);
        let span = Span::new(path, line, 1, end);
        let mut references = std::mem::take(&mut t.refs);
        references.sort();
        references.dedup();
        model.resources.push(Resource {
            source: SourceKind::CloudFormation,
            resource_type: terraform_type(native).unwrap_or(native).to_string(),
            native_type: native.to_string(),
            address: id.clone(),
            provider: "aws".into(),
            attrs: {
                let mut a = Attr::new(Value::Map(attrs), span.clone());
                clamp_lines(&mut a, nlines, 0);
                a
            },
            span,
            references,
        });
    }
    model
}

/// `text` with each `\r` not followed by `\n` replaced by a space (same length, same lines).
fn lone_cr_as_space(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    if !b
        .iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The template as a model value, or the line and message of why not. JSON is checked
/// strictly by serde_json (YAML would accept a trailing comma CloudFormation refuses),
/// then read with the YAML loader for its lines.
fn parse(text: &str, path: &str) -> Result<Attr, (Option<u32>, String)> {
    let json = if text.trim_start().starts_with('{') {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                return Err((
                    Some(e.line() as u32),
                    format!(
                        "JSON error at line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ),
                ))
            }
        }
    } else {
        None
    };
    match crate::yaml::load(text, path) {
        Ok(docs) => match docs.into_iter().next() {
            Some(d) => Ok(d.root),
            None => Err((Some(1), "empty template".into())),
        },
        Err(ye) => match json {
            Some(v) => {
                // Valid JSON holds raw tabs only as whitespace, which YAML refuses in
                // places: read it again without them, keeping every line.
                match crate::yaml::load(&text.replace('\t', " "), path) {
                    Ok(docs) if !docs.is_empty() => Ok(docs
                        .into_iter()
                        .next()
                        .map(|d| d.root)
                        .unwrap_or_else(|| from_json(&v, text, path, 1, 0))),
                    _ => Ok(from_json(&v, text, path, 1, 0)),
                }
            }
            None => Err((Some(ye.line.max(1)), ye.to_string())),
        },
    }
}

/// A serde_json value as a model value; a map entry's line is found by searching for
/// its quoted key from the parent's line on.
fn from_json(v: &serde_json::Value, text: &str, path: &str, line: u32, depth: usize) -> Attr {
    use serde_json::Value as J;
    let span = Span::line(path, line);
    if depth > 128 {
        return Attr::unknown("nested too deep", span);
    }
    let value = match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Number(n.as_f64().unwrap_or_default()),
        J::String(s) => Value::String(s.clone()),
        J::Array(a) => Value::List(
            a.iter()
                .map(|x| from_json(x, text, path, line, depth + 1))
                .collect(),
        ),
        J::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, x) in o {
                let l = find_line_from(text, &format!("\"{k}\""), line).unwrap_or(line);
                m.insert(k.clone(), from_json(x, text, path, l, depth + 1));
            }
            Value::Map(m)
        }
    };
    Attr::new(value, span)
}

fn find_line_from(text: &str, needle: &str, from: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .take(2000)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i as u32 + 1)
}

/// The line each logical id is written at under `Resources`, found in one pass: in JSON
/// the keys of the `Resources` object (depth counted outside strings), in YAML the keys
/// at the indent of the section's first entry.
fn id_lines(text: &str) -> HashMap<String, u32> {
    if text.trim_start().starts_with('{') {
        return json_id_lines(text);
    }
    let mut out = HashMap::new();
    let lines: Vec<&str> = text.lines().collect();
    let Some(res) = lines.iter().position(|l| {
        let t = l.trim_end();
        t == "Resources:" || t.starts_with("Resources:") || t.starts_with("Resources :")
    }) else {
        return out;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = indent(lines[res]);
    let mut entry_indent = None;
    for (i, l) in lines.iter().enumerate().skip(res + 1) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = indent(l);
        if ind <= base {
            break;
        }
        let want = *entry_indent.get_or_insert(ind);
        if ind != want {
            continue;
        }
        let key = if let Some(q) = t.strip_prefix('"') {
            q.split_once('"').map(|(k, _)| k)
        } else if let Some(q) = t.strip_prefix('\'') {
            q.split_once('\'').map(|(k, _)| k)
        } else {
            // The key ends at the first `:` followed by a space or the line's end
            // (`Fn::ForEach::Buckets:` keeps its own colons).
            let t = t.split(" #").next().unwrap_or(t).trim_end();
            t.find(": ")
                .or_else(|| t.ends_with(':').then(|| t.len() - 1))
                .map(|at| t[..at].trim_end())
        };
        if let Some(k) = key {
            out.entry(k.to_string()).or_insert(i as u32 + 1);
        }
    }
    out
}

/// The keys of the top-level `"Resources"` object of a JSON text, with their lines.
fn json_id_lines(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    let b = text.as_bytes();
    let (mut depth, mut line, mut i) = (0usize, 1u32, 0usize);
    // The depth of the Resources object once its key has been seen at depth 1.
    let mut in_resources = false;
    let mut pending_resources = false;
    let mut resources_depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'{' | b'[' => {
                depth += 1;
                if pending_resources && b[i] == b'{' {
                    in_resources = true;
                    resources_depth = depth;
                }
                pending_resources = false;
            }
            b'}' | b']' => {
                if in_resources && depth == resources_depth {
                    in_resources = false;
                }
                depth = depth.saturating_sub(1);
            }
            b'"' => {
                let start = i + 1;
                let key_line = line;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                let end = i.min(b.len());
                let mut j = end + 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let is_key = j < b.len() && b[j] == b':';
                if is_key {
                    let key = String::from_utf8_lossy(&b[start..end]);
                    if depth == 1 && key == "Resources" {
                        pending_resources = true;
                    } else if in_resources && depth == resources_depth {
                        out.entry(key.into_owned()).or_insert(key_line);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Every span and origin of `a` within the file's `n` lines (a YAML node at the end of
/// the stream, such as an empty value, is placed one line past the last).
fn clamp_lines(a: &mut Attr, n: u32, depth: usize) {
    let fix = |s: &mut Span| {
        s.line = s.line.clamp(1, n);
        s.end_line = s.end_line.clamp(s.line, n);
    };
    fix(&mut a.span);
    for t in &mut a.origin {
        fix(&mut t.span);
    }
    if depth > 256 {
        return;
    }
    match &mut a.value {
        Value::List(l) => l.iter_mut().for_each(|x| clamp_lines(x, n, depth + 1)),
        Value::Map(m) => m.values_mut().for_each(|x| clamp_lines(x, n, depth + 1)),
        _ => {}
    }
}

/// The last line any node of `a` is written on.
fn last_line(a: &Attr) -> u32 {
    let own = a.span.line;
    match &a.value {
        Value::List(l) => l.iter().map(last_line).max().unwrap_or(own).max(own),
        Value::Map(m) => m.values().map(last_line).max().unwrap_or(own).max(own),
        _ => own,
    }
}

trait MapExact {
    fn as_map_exact(&self) -> Option<&BTreeMap<String, Attr>>;
}

impl MapExact for Attr {
    fn as_map_exact(&self) -> Option<&BTreeMap<String, Attr>> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

/// A parameter's value: known (with where it was set) or unknown.
enum Param {
    Known(Attr, Trace),
    Unknown(String),
}

struct Template<'a> {
    path: &'a str,
    params: HashMap<String, Param>,
    resources: Vec<String>,
    mappings: Option<&'a Attr>,
    conditions: Option<&'a BTreeMap<String, Attr>>,
    cond_cache: HashMap<String, Option<bool>>,
    refs: Vec<String>,
    issues: &'a mut Vec<AdapterIssue>,
    /// Bytes `Fn::Sub`, `Fn::Join` and `Fn::Split` may still produce in this template.
    budget: usize,
    /// Lines of the file, to clamp reported lines to.
    nlines: u32,
}

impl<'a> Template<'a> {
    fn new(
        path: &'a str,
        top: &'a BTreeMap<String, Attr>,
        overrides: &[String],
        issues: &'a mut Vec<AdapterIssue>,
    ) -> Template<'a> {
        let mut params = HashMap::new();
        let given: HashMap<&str, &str> = overrides
            .iter()
            .filter_map(|s| s.split_once('='))
            .map(|(k, v)| (k.trim(), v))
            .collect();
        if let Some(ps) = top.get("Parameters").and_then(|p| p.as_map_exact()) {
            for (name, def) in ps {
                let ty = def
                    .lookup("Type")
                    .found()
                    .and_then(Attr::as_str)
                    .unwrap_or("String");
                let list = ty == "CommaDelimitedList" || ty.starts_with("List<");
                let p = if let Some(v) = given.get(name.as_str()) {
                    let trace = Trace {
                        what: mask_secretish(&format!(
                            "parameter `{name}` (set in cfn_parameters)"
                        )),
                        span: Span::line(path, def.span.line.saturating_sub(1).max(1)),
                    };
                    Param::Known(
                        Attr::new(Value::String(v.to_string()), def.span.clone()),
                        trace,
                    )
                } else if ty.starts_with("AWS::SSM::Parameter::Value") {
                    Param::Unknown(format!(
                        "parameter `{name}` is read from SSM at deploy time"
                    ))
                } else {
                    match def.lookup("Default").found() {
                        Some(d) => Param::Known(
                            d.clone(),
                            Trace {
                                what: mask_secretish(&format!("parameter `{name}` (its default)")),
                                span: d.span.clone(),
                            },
                        ),
                        None => Param::Unknown(mask_secretish(&format!(
                            "parameter `{name}` has no default"
                        ))),
                    }
                };
                let p = match p {
                    Param::Known(a, tr) if list => {
                        let items = match &a.value {
                            Value::String(s) => Value::List(
                                s.split(',')
                                    .take(MAX_SPLIT)
                                    .map(|x| {
                                        Attr::new(Value::String(x.trim().into()), a.span.clone())
                                    })
                                    .collect(),
                            ),
                            other => other.clone(),
                        };
                        Param::Known(Attr::new(items, a.span.clone()), tr)
                    }
                    p => p,
                };
                params.insert(name.clone(), p);
            }
        }
        let resources = top
            .get("Resources")
            .and_then(|r| r.as_map_exact())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        Template {
            path,
            params,
            resources,
            mappings: top.get("Mappings"),
            conditions: top.get("Conditions").and_then(|c| c.as_map_exact()),
            cond_cache: HashMap::new(),
            refs: Vec::new(),
            issues,
            budget: MAX_TOTAL,
            nlines: u32::MAX,
        }
    }

    fn warn(&mut self, line: u32, message: String) {
        self.issues.push(AdapterIssue {
            path: self.path.into(),
            line: Some(line.clamp(1, self.nlines)),
            kind: IssueSeverity::Warning,
            message: mask_secretish(&message),
        });
    }

    fn note(&mut self, line: u32, message: String) {
        self.issues.push(AdapterIssue {
            path: self.path.into(),
            line: Some(line.clamp(1, self.nlines)),
            kind: IssueSeverity::NotFollowed,
            message: mask_secretish(&message),
        });
    }

    /// A named condition: `None` when it cannot be known.
    fn condition(&mut self, name: &str, depth: usize) -> Option<bool> {
        if let Some(v) = self.cond_cache.get(name) {
            return *v;
        }
        if depth > MAX_DEPTH {
            return None;
        }
        // Guards against a condition that refers to itself.
        self.cond_cache.insert(name.to_string(), None);
        let def = self.conditions.and_then(|c| c.get(name));
        let v = match def {
            Some(d) => self.cond_expr(d, depth + 1),
            None => None,
        };
        self.cond_cache.insert(name.to_string(), v);
        v
    }

    /// A condition expression (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`).
    fn cond_expr(&mut self, a: &Attr, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (f, arg) = intrinsic(a)?;
        let args: Vec<&Attr> = match &arg.value {
            Value::List(l) => l.iter().collect(),
            _ => vec![arg],
        };
        match f {
            "Condition" => {
                let name = arg.as_str()?.to_string();
                self.condition(&name, depth + 1)
            }
            "Fn::Equals" => {
                if args.len() != 2 {
                    return None;
                }
                let x = self.eval(args[0], depth + 1)?;
                let y = self.eval(args[1], depth + 1)?;
                Some(scalar_text(&x)? == scalar_text(&y)?)
            }
            "Fn::Not" => Some(!self.cond_arg(args.first()?, depth)?),
            "Fn::And" => {
                let mut unknown = false;
                for x in args {
                    match self.cond_arg(x, depth) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(true)
            }
            "Fn::Or" => {
                let mut unknown = false;
                for x in args {
                    match self.cond_arg(x, depth) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(false)
            }
            _ => None,
        }
    }

    /// An argument of `Fn::And`/`Or`/`Not`: a condition expression or `{Condition: name}`.
    fn cond_arg(&mut self, a: &Attr, depth: usize) -> Option<bool> {
        if let Some(s) = a.as_str() {
            return self.condition(s, depth + 1);
        }
        self.cond_expr(a, depth + 1)
    }

    /// `a` with its intrinsic functions evaluated; `None` when it is `AWS::NoValue`.
    fn eval(&mut self, a: &Attr, depth: usize) -> Option<Attr> {
        if depth > MAX_DEPTH {
            return Some(Attr::unknown(
                "intrinsic functions nested too deep",
                a.span.clone(),
            ));
        }
        if let Some((f, arg)) = intrinsic(a) {
            return self.function(f, arg, a, depth);
        }
        match &a.value {
            Value::Map(m) => {
                let mut out = BTreeMap::new();
                for (k, v) in m {
                    if let Some(x) = self.eval(v, depth + 1) {
                        out.insert(k.clone(), x);
                    }
                }
                Some(Attr::new(Value::Map(out), a.span.clone()))
            }
            Value::List(l) => {
                let items = l.iter().filter_map(|x| self.eval(x, depth + 1)).collect();
                Some(Attr::new(Value::List(items), a.span.clone()))
            }
            _ => Some(a.clone()),
        }
    }

    fn unknown(&self, reason: impl Into<String>, at: &Attr) -> Option<Attr> {
        Some(Attr::unknown(
            mask_secretish(&reason.into()),
            at.span.clone(),
        ))
    }

    fn function(&mut self, f: &str, arg: &Attr, at: &Attr, depth: usize) -> Option<Attr> {
        let d = depth + 1;
        match f {
            "Ref" => {
                let name = match arg.as_str() {
                    Some(n) => n.to_string(),
                    None => return self.unknown("`Ref` to a computed name", at),
                };
                self.reference(&name, at)
            }
            "Fn::GetAtt" => {
                let target = match &arg.value {
                    Value::String(s) => s.split('.').next().unwrap_or("").to_string(),
                    Value::List(l) => l.first().and_then(Attr::as_str).unwrap_or("").to_string(),
                    _ => String::new(),
                };
                if self.resources.contains(&target) {
                    self.refs.push(target.clone());
                }
                self.unknown(
                    format!("`Fn::GetAtt` of `{target}` is known after deploy"),
                    at,
                )
            }
            "Fn::Sub" => self.sub(arg, at, d),
            "Fn::Join" => {
                let Value::List(l) = &arg.value else {
                    return self.unknown("malformed `Fn::Join`", at);
                };
                if l.len() != 2 {
                    return self.unknown("malformed `Fn::Join`", at);
                }
                let delim = self.eval(&l[0], d)?;
                let list = self.eval(&l[1], d)?;
                let (Some(delim), Value::List(items)) = (scalar_text(&delim), &list.value) else {
                    return self
                        .unknown(unknown_reason(&list, "`Fn::Join` of an unknown list"), at);
                };
                let mut parts = Vec::new();
                let mut len = 0usize;
                for x in items {
                    match scalar_text(x) {
                        Some(s) => {
                            len += s.len() + delim.len();
                            if len > MAX_STRING {
                                return self.unknown("`Fn::Join` result too long", at);
                            }
                            parts.push(s)
                        }
                        None => {
                            return self
                                .unknown(unknown_reason(x, "`Fn::Join` of an unknown part"), at)
                        }
                    }
                }
                let mut inputs: Vec<&Attr> = vec![&list];
                inputs.extend(items.iter());
                if !self.spend(len) {
                    return self.unknown("string functions exceed the template's budget", at);
                }
                Some(self.known(Value::String(parts.join(&delim)), at, &inputs))
            }
            "Fn::Select" => {
                let Value::List(l) = &arg.value else {
                    return self.unknown("malformed `Fn::Select`", at);
                };
                if l.len() != 2 {
                    return self.unknown("malformed `Fn::Select`", at);
                }
                let idx = self.eval(&l[0], d)?;
                let list = self.eval(&l[1], d)?;
                let (Some(i), Value::List(items)) = (idx.as_f64(), &list.value) else {
                    return self
                        .unknown(unknown_reason(&list, "`Fn::Select` of an unknown list"), at);
                };
                if i < 0.0 || i.fract() != 0.0 {
                    return self.unknown("`Fn::Select` index is not a whole number", at);
                }
                match items.get(i as usize) {
                    Some(x) => {
                        let mut x = x.clone();
                        x.span = at.span.clone();
                        x.origin.extend(list.origin.iter().cloned());
                        Some(x)
                    }
                    None => self.unknown("`Fn::Select` index out of range", at),
                }
            }
            "Fn::Split" => {
                let Value::List(l) = &arg.value else {
                    return self.unknown("malformed `Fn::Split`", at);
                };
                if l.len() != 2 {
                    return self.unknown("malformed `Fn::Split`", at);
                }
                let delim = self.eval(&l[0], d)?;
                let src = self.eval(&l[1], d)?;
                let (Some(delim), Some(s)) = (scalar_text(&delim), scalar_text(&src)) else {
                    return self
                        .unknown(unknown_reason(&src, "`Fn::Split` of an unknown string"), at);
                };
                if delim.is_empty() {
                    return self.unknown("`Fn::Split` with an empty delimiter", at);
                }
                if !self.spend(s.len() + 64) {
                    return self.unknown("string functions exceed the template's budget", at);
                }
                let items = s
                    .split(delim.as_str())
                    .take(MAX_SPLIT)
                    .map(|p| {
                        let mut x = Attr::new(Value::String(p.into()), at.span.clone());
                        x.origin = src.origin.clone();
                        x
                    })
                    .collect();
                Some(self.known(Value::List(items), at, &[&src]))
            }
            "Fn::FindInMap" => {
                let Value::List(l) = &arg.value else {
                    return self.unknown("malformed `Fn::FindInMap`", at);
                };
                if l.len() < 3 {
                    return self.unknown("malformed `Fn::FindInMap`", at);
                }
                let mut keys = Vec::new();
                for k in &l[..3] {
                    let v = self.eval(k, d)?;
                    match scalar_text(&v) {
                        Some(s) => keys.push(s),
                        None => {
                            return self.unknown(
                                unknown_reason(&v, "`Fn::FindInMap` with an unknown key"),
                                at,
                            )
                        }
                    }
                }
                let found = self
                    .mappings
                    .and_then(|m| m.as_map_exact())
                    .and_then(|m| m.get(&keys[0]))
                    .and_then(|m| m.as_map_exact())
                    .and_then(|m| m.get(&keys[1]))
                    .and_then(|m| m.as_map_exact())
                    .and_then(|m| m.get(&keys[2]))
                    .cloned();
                match found {
                    Some(v) => {
                        let mut v = self.eval(&v, d)?;
                        v.origin.push(Trace {
                            what: mask_secretish(&format!(
                                "mapping `{}.{}.{}`",
                                keys[0], keys[1], keys[2]
                            )),
                            span: v.span.clone(),
                        });
                        v.span = at.span.clone();
                        Some(v)
                    }
                    None => self.unknown("`Fn::FindInMap` key not in `Mappings`", at),
                }
            }
            "Fn::If" => {
                let Value::List(l) = &arg.value else {
                    return self.unknown("malformed `Fn::If`", at);
                };
                if l.len() != 3 {
                    return self.unknown("malformed `Fn::If`", at);
                }
                let Some(name) = l[0].as_str() else {
                    return self.unknown("malformed `Fn::If`", at);
                };
                let name = name.to_string();
                match self.condition(&name, d) {
                    Some(true) => self.eval(&l[1], d),
                    Some(false) => self.eval(&l[2], d),
                    None => {
                        // Relations of both branches still count.
                        let _ = self.eval(&l[1], d);
                        let _ = self.eval(&l[2], d);
                        self.unknown(format!("condition `{name}` cannot be known"), at)
                    }
                }
            }
            "Fn::Base64" => {
                // The text rules want to read (user data): the encoding is left out.
                self.eval(arg, d)
            }
            "Condition" => match arg.as_str().map(str::to_string) {
                Some(name) => match self.condition(&name, d) {
                    Some(b) => Some(Attr::new(Value::Bool(b), at.span.clone())),
                    None => self.unknown(format!("condition `{name}` cannot be known"), at),
                },
                None => Some(at.clone()),
            },
            "Fn::GetAZs" => self.unknown("`Fn::GetAZs` is known at deploy time", at),
            "Fn::ImportValue" => {
                let _ = self.eval(arg, d);
                self.unknown("`Fn::ImportValue` comes from another stack", at)
            }
            "Fn::Cidr" => self.unknown("`Fn::Cidr` is not evaluated", at),
            other => {
                let _ = self.eval(arg, d);
                self.unknown(format!("`{other}` is not evaluated"), at)
            }
        }
    }

    /// Takes `n` bytes from the budget; false once it is spent.
    fn spend(&mut self, n: usize) -> bool {
        match self.budget.checked_sub(n) {
            Some(left) => {
                self.budget = left;
                true
            }
            None => {
                self.budget = 0;
                false
            }
        }
    }

    /// A value computed at `at` from `inputs`: their origins carry over.
    fn known(&self, v: Value, at: &Attr, inputs: &[&Attr]) -> Attr {
        let mut a = Attr::new(v, at.span.clone());
        for i in inputs {
            for t in &i.origin {
                if !a.origin.contains(t) {
                    a.origin.push(t.clone());
                }
            }
        }
        a
    }

    /// `Ref name`: a parameter, a pseudo parameter or a resource.
    fn reference(&mut self, name: &str, at: &Attr) -> Option<Attr> {
        match name {
            "AWS::NoValue" => return None,
            "AWS::Partition" => {
                return Some(Attr::new(Value::String("aws".into()), at.span.clone()))
            }
            _ if name.starts_with("AWS::") => {
                return self.unknown(
                    format!("pseudo parameter `{name}` is known at deploy time"),
                    at,
                )
            }
            _ => {}
        }
        let cost = match self.params.get(name) {
            Some(Param::Known(v, _)) => scalar_text(v).map_or(1024, |s| s.len() + 64),
            _ => 0,
        };
        if !self.spend(cost) {
            return self.unknown("parameter values exceed the template's budget", at);
        }
        match self.params.get(name) {
            Some(Param::Known(v, trace)) => {
                let mut v = v.clone();
                v.span = at.span.clone();
                v.origin.insert(0, trace.clone());
                return Some(v);
            }
            Some(Param::Unknown(reason)) => return self.unknown(reason.clone(), at),
            None => {}
        }
        if self.resources.iter().any(|r| r == name) {
            self.refs.push(name.to_string());
            return self.unknown(
                format!("`Ref` to resource `{name}` is known after deploy"),
                at,
            );
        }
        self.unknown(
            format!("`Ref` to `{name}`, which the template does not declare"),
            at,
        )
    }

    /// `Fn::Sub`: a string, or `[string, {var: value}]`.
    fn sub(&mut self, arg: &Attr, at: &Attr, depth: usize) -> Option<Attr> {
        let (tpl, vars) = match &arg.value {
            Value::String(s) => (s.clone(), BTreeMap::new()),
            Value::List(l) if !l.is_empty() => {
                let Some(s) = l[0].as_str() else {
                    return self.unknown("malformed `Fn::Sub`", at);
                };
                let mut vars = BTreeMap::new();
                if let Some(m) = l.get(1).and_then(|m| m.as_map_exact()) {
                    for (k, v) in m {
                        if let Some(x) = self.eval(v, depth + 1) {
                            vars.insert(k.clone(), x);
                        }
                    }
                }
                (s.to_string(), vars)
            }
            _ => return self.unknown("malformed `Fn::Sub`", at),
        };
        let mut out = String::new();
        let mut origins: Vec<Attr> = Vec::new();
        let mut unknown: Option<String> = None;
        let mut rest = tpl.as_str();
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(lit);
                out.push('}');
                continue;
            }
            let name = name.trim();
            let value = if let Some(v) = vars.get(name) {
                Some(v.clone())
            } else if let Some((res, _)) = name.split_once('.') {
                if self.resources.iter().any(|r| r == res) {
                    self.refs.push(res.to_string());
                }
                Some(Attr::unknown(
                    mask_secretish(&format!("`{name}` is known after deploy")),
                    at.span.clone(),
                ))
            } else {
                self.reference(name, at)
            };
            match value.as_ref().and_then(|v| scalar_text(v).map(|s| (s, v))) {
                Some((s, v)) => {
                    out.push_str(&s);
                    origins.push(v.clone());
                }
                None => {
                    if unknown.is_none() {
                        unknown = Some(
                            value
                                .as_ref()
                                .map(|v| unknown_reason(v, "unknown"))
                                .unwrap_or_else(|| format!("`{name}` has no value")),
                        );
                    }
                }
            }
            if out.len() > MAX_STRING {
                return self.unknown("`Fn::Sub` result too long", at);
            }
        }
        out.push_str(rest);
        if !self.spend(out.len()) {
            return self.unknown("string functions exceed the template's budget", at);
        }
        if let Some(reason) = unknown {
            return self.unknown(
                format!("`Fn::Sub` needs a value it cannot know: {reason}"),
                at,
            );
        }
        let refs: Vec<&Attr> = origins.iter().collect();
        Some(self.known(Value::String(out), at, &refs))
    }
}

/// The intrinsic function a one-key map is, with its argument (long and short forms).
fn intrinsic(a: &Attr) -> Option<(&str, &Attr)> {
    let Value::Map(m) = &a.value else {
        return None;
    };
    if m.len() != 1 {
        return None;
    }
    let (k, v) = m.iter().next()?;
    let f = match k.as_str() {
        "Ref" | "!Ref" => "Ref",
        "Condition" if v.as_str().is_some() => "Condition",
        "!Condition" => "Condition",
        "!GetAtt" => "Fn::GetAtt",
        k if k.starts_with("Fn::") => k,
        k if k.starts_with('!') => match &k[1..] {
            "Sub" => "Fn::Sub",
            "Join" => "Fn::Join",
            "Select" => "Fn::Select",
            "Split" => "Fn::Split",
            "FindInMap" => "Fn::FindInMap",
            "If" => "Fn::If",
            "Equals" => "Fn::Equals",
            "And" => "Fn::And",
            "Or" => "Fn::Or",
            "Not" => "Fn::Not",
            "Base64" => "Fn::Base64",
            "GetAZs" => "Fn::GetAZs",
            "ImportValue" => "Fn::ImportValue",
            "Cidr" => "Fn::Cidr",
            "Transform" => "Fn::Transform",
            "Length" => "Fn::Length",
            "ToJsonString" => "Fn::ToJsonString",
            _ => return None,
        },
        _ => return None,
    };
    // `Condition: name` is an intrinsic only where a condition is expected; inside
    // Properties a literal `Condition` key is left as written (eval only reaches here for
    // one-key maps, where the ambiguity is harmless: it evaluates to the condition's truth).
    Some((f, v))
}

/// A scalar's text (numbers and booleans as CloudFormation stringifies them).
fn scalar_text(a: &Attr) -> Option<String> {
    match &a.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Some(format!("{}", *n as i64)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn unknown_reason(a: &Attr, fallback: &str) -> String {
    match &a.value {
        Value::Unknown(u) => u.reason.clone(),
        _ => fallback.into(),
    }
}

/// Keys whose maps hold names the user chose (environment variables, DB parameters):
/// left as written.
const VERBATIM_KEYS: &[&str] = &["Variables", "Parameters", "StageVariables", "Metadata"];

/// Properties with snake_case keys; policy documents and user-named maps as written; tag
/// lists as `{Key: Value}` maps.
fn convert(a: Attr, depth: usize) -> Attr {
    if depth > 128 {
        return a;
    }
    let Attr {
        value,
        span,
        origin,
    } = a;
    let value = match value {
        Value::Map(m) => {
            let mut out = BTreeMap::new();
            for (k, v) in m {
                let raw = k.ends_with("PolicyDocument")
                    || k == "Policy"
                    || ((k.ends_with("Policy") || k.ends_with("Policies"))
                        && v.as_map_exact()
                            .is_some_and(|m| m.contains_key("Statement")));
                let key = if k.chars().all(|c| c.is_ascii_alphanumeric()) {
                    snake_case(&k)
                } else {
                    k.clone()
                };
                let v = if raw || VERBATIM_KEYS.contains(&k.as_str()) {
                    v
                } else if k == "Tags" {
                    tags(v)
                } else {
                    convert(v, depth + 1)
                };
                out.insert(key, v);
            }
            Value::Map(out)
        }
        Value::List(l) => Value::List(l.into_iter().map(|x| convert(x, depth + 1)).collect()),
        v => v,
    };
    Attr {
        value,
        span,
        origin,
    }
}

/// `Tags: [{Key, Value}]` → `tags = {Key: Value}`; a map of tags (SAM, SSM) is kept.
fn tags(a: Attr) -> Attr {
    match &a.value {
        Value::List(items) => {
            let mut m = BTreeMap::new();
            for t in items {
                let Some(tm) = t.as_map_exact() else { continue };
                let (Some(k), Some(v)) = (tm.get("Key").and_then(scalar_text), tm.get("Value"))
                else {
                    continue;
                };
                m.insert(k, v.clone());
            }
            Attr {
                value: Value::Map(m),
                span: a.span,
                origin: a.origin,
            }
        }
        _ => a,
    }
}

trait Found<'a> {
    fn found(self) -> Option<&'a Attr>;
}

impl<'a> Found<'a> for crate::model::Lookup<'a> {
    fn found(self) -> Option<&'a Attr> {
        match self {
            crate::model::Lookup::Found(a) => Some(a),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_keeps_acronyms_together() {
        for (a, b) in [
            ("BucketEncryption", "bucket_encryption"),
            ("SSEAlgorithm", "sse_algorithm"),
            ("KMSMasterKeyID", "kms_master_key_id"),
            ("CidrIpv6", "cidr_ipv6"),
            ("IPv6", "ipv6"),
            ("MultiAZ", "multi_az"),
            (
                "EnableIAMDatabaseAuthentication",
                "enable_iam_database_authentication",
            ),
            ("S3Bucket", "s3_bucket"),
            ("Ipv6CidrBlock", "ipv6_cidr_block"),
            ("DBInstanceClass", "db_instance_class"),
        ] {
            assert_eq!(snake_case(a), b, "{a}");
        }
    }

    #[test]
    fn sniff_needs_a_template_marker() {
        assert!(sniff(b"AWSTemplateFormatVersion: '2010-09-09'\n"));
        assert!(sniff(b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n"));
        assert!(sniff(
            b"{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}"
        ));
        assert!(!sniff(b"apiVersion: v1\nkind: Pod\n"));
        assert!(!sniff(b"Resources:\n  - cpu\n"));
    }
}
