//! The neutral resource model every IaC adapter produces and every IaC rule reads.
//!
//! Terraform (HCL and plan JSON), CloudFormation, Kubernetes manifests, Dockerfiles and
//! CI workflows all become [`Resource`]s whose attributes are [`Attr`] trees. Each value
//! keeps the span it was written at and, when it reached the resource through a variable,
//! a local or a module input, the [`Trace`] of where it came from. A value an adapter
//! could not know is [`Value::Unknown`] with the reason, so a rule can say "not checked"
//! instead of guessing.

use serde::Serialize;
use std::collections::BTreeMap;

/// Which adapter a resource came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Terraform,
    TerraformPlan,
    CloudFormation,
    Kubernetes,
    Dockerfile,
    GithubActions,
    GitlabCi,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Terraform => "terraform",
            SourceKind::TerraformPlan => "terraform-plan",
            SourceKind::CloudFormation => "cloudformation",
            SourceKind::Kubernetes => "kubernetes",
            SourceKind::Dockerfile => "dockerfile",
            SourceKind::GithubActions => "github-actions",
            SourceKind::GitlabCi => "gitlab-ci",
        }
    }
}

/// A place in a source file. Lines and columns are 1-based; 0 where unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
}

impl Span {
    pub fn new(path: &str, line: u32, column: u32, end_line: u32) -> Span {
        Span {
            path: path.to_string(),
            line,
            column,
            end_line: end_line.max(line),
        }
    }

    pub fn line(path: &str, line: u32) -> Span {
        Span::new(path, line, 1, line)
    }
}

/// One hop of a value's way into a resource: "variable `acl` set in prod.tfvars:3",
/// "module input `bucket_acl` of module.logs at main.tf:12".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub what: String,
    pub span: Span,
}

/// A value that could not be known when scanning, and why (a variable with no value, a
/// data source, an attribute only known after apply, a function the evaluator lacks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unknown {
    pub reason: String,
}

/// A value of the model. Nested blocks (Terraform `versioning { … }`) are lists of maps,
/// as in plan JSON, so one block and several read the same way.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Attr>),
    Map(BTreeMap<String, Attr>),
    Unknown(Unknown),
}

/// A value with where it was written and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attr {
    pub value: Value,
    /// Where the value is written in the resource (the attribute's own line).
    #[serde(skip)]
    pub span: Span,
    /// Where the value came from, outermost hop first, when it was not written in place.
    #[serde(skip)]
    pub origin: Vec<Trace>,
}

/// What a lookup found: a known value, no such attribute, or a value that cannot be known.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Found(&'a Attr),
    Absent,
    Unknown(&'a Attr),
}

impl Attr {
    pub fn new(value: Value, span: Span) -> Attr {
        Attr {
            value,
            span,
            origin: Vec::new(),
        }
    }

    pub fn unknown(reason: impl Into<String>, span: Span) -> Attr {
        Attr::new(
            Value::Unknown(Unknown {
                reason: reason.into(),
            }),
            span,
        )
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.value, Value::Unknown(_))
    }

    /// The value, looking through a one-element list (a single nested block).
    fn one(&self) -> &Attr {
        match &self.value {
            Value::List(items) if items.len() == 1 => &items[0],
            _ => self,
        }
    }

    /// The attribute at a dotted path (`versioning.enabled`, `ingress.0.cidr_blocks`). A
    /// key segment on a one-element list reads its element, so `versioning.enabled` finds
    /// the attribute of the single `versioning` block. An unknown anywhere on the way makes
    /// the whole lookup unknown.
    pub fn lookup(&self, path: &str) -> Lookup<'_> {
        let mut cur = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            if cur.is_unknown() {
                return Lookup::Unknown(cur);
            }
            let next = match (&cur.value, seg.parse::<usize>()) {
                (Value::List(items), Ok(i)) => items.get(i),
                (Value::Map(m), _) => m.get(seg),
                (Value::List(_), Err(_)) => match &cur.one().value {
                    Value::Map(m) => m.get(seg),
                    _ => None,
                },
                _ => None,
            };
            match next {
                Some(a) => cur = a,
                None => return Lookup::Absent,
            }
        }
        if cur.is_unknown() {
            Lookup::Unknown(cur)
        } else {
            Lookup::Found(cur)
        }
    }

    /// Every element under a key that holds a list (nested blocks, list attributes), or
    /// the value itself when it is not a list.
    pub fn items(&self) -> Vec<&Attr> {
        match &self.value {
            Value::List(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![self],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean, accepting the strings Terraform and CloudFormation convert (`"true"`).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// A number, accepting numeric strings (`"443"`).
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&BTreeMap<String, Attr>> {
        match &self.one().value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value as plain JSON (unknowns become `null`), for Rego input and snapshots.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null | Value::Unknown(_) => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(J::Null, |n| {
                // Whole numbers print as integers, as they were written.
                if n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9e15)
                {
                    J::from(n.as_f64().unwrap_or_default() as i64)
                } else {
                    J::Number(n)
                }
            }),
            Value::String(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Attr::to_json).collect()),
            Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

/// One resource of the model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resource {
    pub source: SourceKind,
    /// The type rules are written against. Cloud resources use the Terraform provider's
    /// type names (`aws_s3_bucket`), whatever the source: the CloudFormation adapter maps
    /// `AWS::S3::Bucket` to it. Others: `kubernetes_deployment`-style kinds
    /// (`k8s/Deployment`), `dockerfile`, `github/job`, `gitlab/job`.
    pub resource_type: String,
    /// The type as written in the source (`AWS::S3::Bucket`, `apps/v1/Deployment`).
    pub native_type: String,
    /// Unique in its scan: `module.logs.aws_s3_bucket.this["eu"]`, a CloudFormation
    /// logical id, `Deployment/payments/api`, a workflow's `jobs.build`.
    pub address: String,
    /// `aws`, `azurerm`, `google`, `kubernetes`, `docker`, `github`, `gitlab`.
    pub provider: String,
    /// Where the resource is declared (its first line to its last).
    pub span: Span,
    /// The resource's attributes: always a [`Value::Map`].
    pub attrs: Attr,
    /// Addresses of other resources this one refers to (`bucket = aws_s3_bucket.logs.id`).
    pub references: Vec<String>,
}

impl Resource {
    /// The attribute at a dotted path of the resource (see [`Attr::lookup`]).
    pub fn get(&self, path: &str) -> Lookup<'_> {
        self.attrs.lookup(path)
    }

    /// The resource as JSON for Rego policies: `type`, `address`, `source`, `provider`,
    /// `path`, `line`, `attributes` (unknown values are `null` and listed in `unknown`).
    pub fn to_json(&self) -> serde_json::Value {
        let mut unknown = Vec::new();
        collect_unknown(&self.attrs, String::new(), &mut unknown);
        serde_json::json!({
            "type": self.resource_type,
            "native_type": self.native_type,
            "address": self.address,
            "source": self.source.as_str(),
            "provider": self.provider,
            "path": self.span.path,
            "line": self.span.line,
            "attributes": self.attrs.to_json(),
            "references": self.references,
            "unknown": unknown,
        })
    }
}

fn collect_unknown(a: &Attr, prefix: String, out: &mut Vec<String>) {
    match &a.value {
        Value::Unknown(_) => out.push(prefix),
        Value::List(items) => {
            for (i, x) in items.iter().enumerate() {
                collect_unknown(x, join(&prefix, &i.to_string()), out);
            }
        }
        Value::Map(m) => {
            for (k, v) in m {
                collect_unknown(v, join(&prefix, k), out);
            }
        }
        _ => {}
    }
}

fn join(prefix: &str, seg: &str) -> String {
    if prefix.is_empty() {
        seg.to_string()
    } else {
        format!("{prefix}.{seg}")
    }
}

/// A problem an adapter met: a file it could not parse (with the line), a module it did
/// not follow, a construct it could not evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdapterIssue {
    pub path: String,
    pub line: Option<u32>,
    pub kind: IssueSeverity,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueSeverity {
    /// The file (or part of it) could not be checked.
    Error,
    /// Something was deliberately not followed (a remote module).
    NotFollowed,
    /// Checked, with a caveat.
    Warning,
}

/// What an adapter made of its input.
#[derive(Default, Debug)]
pub struct Model {
    pub resources: Vec<Resource>,
    pub issues: Vec<AdapterIssue>,
}

impl Model {
    pub fn extend(&mut self, other: Model) {
        self.resources.extend(other.resources);
        self.issues.extend(other.issues);
    }

    /// Resources of one type.
    pub fn of_type<'a>(&'a self, t: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources.iter().filter(move |r| r.resource_type == t)
    }

    /// Resources that refer to `address` (a bucket's separate encryption resource).
    pub fn referring_to<'a>(&'a self, address: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources
            .iter()
            .filter(move |r| r.references.iter().any(|x| x == address))
    }
}

/// A message that quotes input (a name, an image, a URL) with every run of 12+ letters and
/// digits mixing upper case, lower case and digits — what a credential looks like — shown
/// only redacted, so no adapter or rule message echoes a secret.
pub fn mask_secretish(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let mixed = run.chars().count() >= 12
            && run.chars().any(|c| c.is_ascii_uppercase())
            && run.chars().any(|c| c.is_ascii_lowercase())
            && run.chars().any(|c| c.is_ascii_digit());
        if mixed {
            out.push_str(&tollgate_core::redact::redact(run.as_bytes()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}
