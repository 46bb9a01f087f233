//! Helpers the AWS rules share: booleans and numbers with the provider's defaults,
//! resources split off a parent (`aws_s3_bucket_logging` → its bucket), IAM policy
//! documents written as a JSON string or a map, and security group ingress rules in each
//! of the shapes Terraform and CloudFormation give them.

use crate::model::{Attr, Lookup, Resource, SourceKind, Value};
use crate::rule::{Context, Verdict, Violation};
use serde_json::Value as J;

/// Longest policy document parsed (bytes); a larger one is reported as not checked.
const MAX_POLICY: usize = 1 << 20;
/// Deepest nesting walked when looking for unknown values in a policy.
const MAX_DEPTH: usize = 64;
const TOO_DEEP: &str = "nested too deeply to check";

pub fn is_cfn(r: &Resource) -> bool {
    r.source == SourceKind::CloudFormation
}

/// A violation at the attribute, or at the resource when the attribute is missing.
pub fn viol(a: Option<&Attr>, path: &str, msg: impl Into<String>) -> Violation {
    match a {
        Some(a) => Violation::at(a, path, msg),
        None => Violation::missing(path, msg),
    }
}

pub fn fail(a: Option<&Attr>, path: &str, msg: impl Into<String>) -> Verdict {
    Verdict::fail(viol(a, path, msg))
}

/// How a known value reads in a message (never used for secret values).
pub fn show(a: &Attr) -> String {
    match &a.value {
        Value::String(s) => format!("\"{}\"", s.chars().take(80).collect::<String>()),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        Value::List(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
        Value::Unknown(_) => "unknown".into(),
    }
}

/// A boolean that must be `want`. When it is not written, `default` (the provider's
/// default) decides, and the message says so.
pub fn bool_is(r: &Resource, path: &str, want: bool, default: bool, what: &str) -> Verdict {
    bool_attr(r.get(path), path, want, default, what)
}

pub fn bool_attr(l: Lookup<'_>, path: &str, want: bool, default: bool, what: &str) -> Verdict {
    Verdict::from_lookup(path, l, |a| match a {
        None
        | Some(Attr {
            value: Value::Null, ..
        }) if default == want => Verdict::Pass,
        None
        | Some(Attr {
            value: Value::Null, ..
        }) => fail(
            None,
            path,
            format!("{what}: `{path}` is not set; the default is {default}"),
        ),
        Some(a) => match a.as_bool() {
            Some(b) if b == want => Verdict::Pass,
            _ => fail(Some(a), path, format!("{what}: `{path}` is {}", show(a))),
        },
    })
}

/// The first of several spellings of an attribute that is written (Terraform's and
/// CloudFormation's names), with the path it was found at.
pub fn first<'a>(r: &'a Resource, paths: &[&'a str]) -> (&'a str, Lookup<'a>) {
    for p in paths {
        match r.get(p) {
            Lookup::Absent => continue,
            l => return (p, l),
        }
    }
    (paths.first().copied().unwrap_or(""), Lookup::Absent)
}

/// The attribute must be present and set (non-empty).
pub fn present(r: &Resource, paths: &[&str], msg: &str) -> Verdict {
    let (path, l) = first(r, paths);
    Verdict::from_lookup(path, l, |a| match a {
        Some(a) if crate::rule::check::is_set(a) => Verdict::Pass,
        a => fail(a, path, msg),
    })
}

/// Resources of one of `types` that refer to `r` (its split-off configuration).
///
/// A resource of `count`/`for_each` (`aws_s3_bucket.b["eu"]`) also matches references to
/// its block (`aws_s3_bucket.b`), which is what `bucket = aws_s3_bucket.b[each.key].id`
/// records: every instance then counts as configured, so the check errs towards silence.
pub fn split<'a>(ctx: &'a Context<'_>, r: &'a Resource, types: &'a [&'a str]) -> Vec<&'a Resource> {
    let base = block_address(&r.address);
    ctx.model
        .resources
        .iter()
        .filter(|o| types.contains(&o.resource_type.as_str()))
        .filter(|o| {
            o.references
                .iter()
                .any(|x| x == &r.address || (base != r.address && x == base))
        })
        .collect()
}

/// An address without its instance key: `aws_s3_bucket.b["eu"]` → `aws_s3_bucket.b`.
fn block_address(a: &str) -> &str {
    match a.strip_suffix(']').and_then(|x| x.rfind('[')) {
        Some(i) => &a[..i],
        None => a,
    }
}

/// A string value, case-insensitively equal to one of `words`.
pub fn str_in(a: &Attr, words: &[&str]) -> bool {
    a.as_str()
        .is_some_and(|s| words.iter().any(|w| w.eq_ignore_ascii_case(s)))
}

/// A key as compared across spellings: `NotAction`, `not_action` and `notaction` match.
fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The member of a JSON object whose key matches `key` in any spelling.
pub fn jget<'a>(o: &'a J, key: &str) -> Option<&'a J> {
    let want = norm(key);
    o.as_object()?
        .iter()
        .find(|(k, _)| norm(k) == want)
        .map(|(_, v)| v)
}

/// A JSON string or list of strings as strings (other members skipped).
pub fn jstrs(v: Option<&J>) -> Vec<&str> {
    match v {
        Some(J::String(s)) => vec![s.as_str()],
        Some(J::Array(a)) => a.iter().filter_map(J::as_str).collect(),
        _ => Vec::new(),
    }
}

fn unknown_in(a: &Attr, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some(TOO_DEEP.into());
    }
    match &a.value {
        Value::Unknown(u) => Some(u.reason.clone()),
        Value::List(l) => l.iter().find_map(|x| unknown_in(x, depth + 1)),
        Value::Map(m) => m.values().find_map(|x| unknown_in(x, depth + 1)),
        _ => None,
    }
}

/// Whether any part of a value is unknown (or nested too deeply to tell).
pub fn has_unknown(a: &Attr) -> bool {
    unknown_in(a, 0).is_some()
}

/// A policy document (a JSON string, or a map as `jsonencode` and CloudFormation give it)
/// as JSON. Unknown parts (a `!GetAtt` resource ARN, a variable) become `null`, which no
/// check reads as a wildcard, an Allow or a missing condition; callers that pass on
/// what they find check [`has_unknown`]. `Err` is the verdict to return: unknown when
/// the whole document is unknown, the string is not JSON, or it is too large or deep.
pub fn policy(a: &Attr, path: &str) -> Result<J, Verdict> {
    let unknown = |reason: String| Verdict::Unknown {
        path: path.to_string(),
        reason,
    };
    if let Value::Unknown(u) = &a.value {
        return Err(unknown(u.reason.clone()));
    }
    if unknown_in(a, 0).is_some_and(|r| r == TOO_DEEP) {
        return Err(unknown(TOO_DEEP.into()));
    }
    match &a.value {
        Value::String(s) if s.len() > MAX_POLICY => {
            Err(unknown("policy too large to check".into()))
        }
        Value::String(s) => serde_json::from_str(s.trim())
            .map_err(|_| unknown("the policy is not valid JSON".into())),
        Value::Map(_) | Value::List(_) => Ok(a.to_json()),
        _ => Err(unknown("the value is not a JSON document".into())),
    }
}

/// The statements of a policy document.
pub fn statements(doc: &J) -> Vec<&J> {
    match jget(doc, "Statement") {
        Some(J::Array(a)) => a.iter().filter(|s| s.is_object()).collect(),
        Some(s @ J::Object(_)) => vec![s],
        _ => Vec::new(),
    }
}

pub fn is_allow(st: &J) -> bool {
    jget(st, "Effect")
        .and_then(J::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("allow"))
}

/// Whether a statement's principal is everyone (`"*"`, `{"AWS": "*"}`).
pub fn principal_star(st: &J) -> bool {
    match jget(st, "Principal") {
        Some(J::String(s)) => s == "*",
        Some(o @ J::Object(_)) => {
            jstrs(jget(o, "AWS")).contains(&"*") || jstrs(jget(o, "CanonicalUser")).contains(&"*")
        }
        _ => false,
    }
}

/// Whether a statement has a condition; an unknown one (`null`) counts, since it may
/// narrow the statement.
pub fn has_condition(st: &J) -> bool {
    jget(st, "Condition")
        .is_some_and(|c| c.is_null() || c.as_object().is_some_and(|o| !o.is_empty()))
}

/// Each policy document of a resource with the path it is at: the `policy` of IAM
/// policies, the inline policies of roles, users and groups, a role's trust policy is
/// NOT included (see [`trust_policy`]).
pub fn permission_policies(r: &Resource) -> Vec<(String, &Attr)> {
    let mut out = Vec::new();
    for key in ["policy", "policy_document"] {
        if let Lookup::Found(a) | Lookup::Unknown(a) = r.get(key) {
            out.push((key.to_string(), a));
        }
    }
    for block in ["inline_policy", "policies"] {
        if let Lookup::Found(list) = r.get(block) {
            for (i, p) in list.items().into_iter().enumerate() {
                for key in ["policy", "policy_document"] {
                    if let Lookup::Found(a) | Lookup::Unknown(a) = p.lookup(key) {
                        out.push((format!("{block}.{i}.{key}"), a));
                    }
                }
            }
        }
    }
    out
}

/// Runs `check` on each statement of each policy document; unknown documents make the
/// verdict unknown unless another fails.
pub fn each_statement(
    docs: Vec<(String, &Attr)>,
    mut check: impl FnMut(&J) -> Option<String>,
) -> Verdict {
    let mut verdicts = Vec::new();
    for (path, a) in docs {
        match policy(a, &path) {
            Err(v) => verdicts.push(v),
            Ok(doc) => {
                for (i, st) in statements(&doc).into_iter().enumerate() {
                    if let Some(msg) = check(st) {
                        verdicts.push(Verdict::fail(Violation::at(
                            a,
                            &path,
                            format!("statement {}: {msg}", sid(st, i)),
                        )));
                    }
                }
            }
        }
    }
    Verdict::all(verdicts)
}

fn sid(st: &J, i: usize) -> String {
    match jget(st, "Sid").and_then(J::as_str) {
        Some(s) if !s.is_empty() => format!("`{}`", s.chars().take(60).collect::<String>()),
        _ => format!("#{}", i + 1),
    }
}

/// One ingress rule, whatever shape it was written in.
pub struct Ingress<'a> {
    /// The rule's own attribute (the block, or the resource's attributes).
    pub attr: &'a Attr,
    pub path: String,
    /// `None`: every port (protocol `-1`/`all`).
    pub ports: Option<(f64, f64)>,
    pub protocol: String,
    /// The CIDRs open to the whole internet (`0.0.0.0/0`, `::/0`).
    pub world: Vec<String>,
}

/// The ingress rules of a security group (inline), of an `aws_security_group_rule` of
/// type ingress, or of an `aws_vpc_security_group_ingress_rule` / CloudFormation
/// `AWS::EC2::SecurityGroupIngress`. `Err` carries the first unknown deciding value.
pub fn ingress(r: &Resource) -> Vec<Result<Ingress<'_>, Verdict>> {
    let mut out = Vec::new();
    match r.resource_type.as_str() {
        "aws_security_group" => {
            let key = if is_cfn(r) {
                "security_group_ingress"
            } else {
                "ingress"
            };
            match r.get(key) {
                Lookup::Found(list) => {
                    for (i, b) in list.items().into_iter().enumerate() {
                        out.push(one_ingress(b, format!("{key}.{i}")));
                    }
                }
                Lookup::Unknown(a) => out.push(Err(unknown_verdict(key, a))),
                Lookup::Absent => {}
            }
        }
        "aws_security_group_rule" => {
            let ty = r.get("type");
            match ty {
                Lookup::Found(a) if a.as_str() == Some("ingress") => {
                    out.push(one_ingress(&r.attrs, String::new()))
                }
                Lookup::Unknown(a) => out.push(Err(unknown_verdict("type", a))),
                _ => {}
            }
        }
        _ => out.push(one_ingress(&r.attrs, String::new())),
    }
    out
}

fn unknown_verdict(path: &str, a: &Attr) -> Verdict {
    Verdict::from_lookup(path, Lookup::Unknown(a), |_| Verdict::Pass)
}

fn join(prefix: &str, k: &str) -> String {
    if prefix.is_empty() {
        k.to_string()
    } else {
        format!("{prefix}.{k}")
    }
}

fn one_ingress(b: &Attr, path: String) -> Result<Ingress<'_>, Verdict> {
    let mut world = Vec::new();
    for key in [
        "cidr_blocks",
        "ipv6_cidr_blocks",
        "cidr_ipv4",
        "cidr_ip",
        "cidr_ipv6",
    ] {
        match b.lookup(key) {
            Lookup::Absent => {}
            Lookup::Unknown(a) => return Err(unknown_verdict(&join(&path, key), a)),
            Lookup::Found(a) => {
                for c in a.items() {
                    if c.is_unknown() {
                        return Err(unknown_verdict(&join(&path, key), c));
                    }
                    if let Some(s) = c.as_str() {
                        if s.trim().ends_with("/0") {
                            world.push(s.trim().to_string());
                        }
                    }
                }
            }
        }
    }
    let mut protocol = String::from("tcp");
    for key in ["protocol", "ip_protocol"] {
        match b.lookup(key) {
            Lookup::Absent => continue,
            Lookup::Unknown(a) => return Err(unknown_verdict(&join(&path, key), a)),
            Lookup::Found(a) => {
                protocol = match &a.value {
                    Value::Number(n) => n.to_string(),
                    _ => a.as_str().unwrap_or("").to_ascii_lowercase(),
                };
                break;
            }
        }
    }
    let all = matches!(protocol.as_str(), "-1" | "all");
    let port = |key: &str| -> Result<Option<f64>, Verdict> {
        match b.lookup(key) {
            Lookup::Absent => Ok(None),
            Lookup::Unknown(a) => Err(unknown_verdict(&join(&path, key), a)),
            Lookup::Found(a) => Ok(a.as_f64()),
        }
    };
    let (from, to) = (port("from_port")?, port("to_port")?);
    let ports = if all {
        None
    } else {
        match (from, to) {
            // -1 in CloudFormation means every port (ICMP: every type).
            (Some(f), Some(t)) if f < 0.0 || t < 0.0 => Some((0.0, 65535.0)),
            (Some(f), Some(t)) => Some((f, t)),
            (Some(f), None) => Some((f, f)),
            (None, Some(t)) => Some((t, t)),
            (None, None) => Some((0.0, 65535.0)),
        }
    };
    Ok(Ingress {
        attr: b,
        path,
        ports,
        protocol,
        world,
    })
}

impl Ingress<'_> {
    /// Open to the internet on every port and protocol.
    pub fn all_ports(&self) -> bool {
        match self.ports {
            None => true,
            Some((f, t)) => f <= 0.0 && t >= 65535.0 && self.is_tcp(),
        }
    }

    pub fn is_tcp(&self) -> bool {
        matches!(self.protocol.as_str(), "tcp" | "6" | "-1" | "all")
    }

    pub fn covers(&self, port: f64) -> bool {
        match self.ports {
            None => true,
            Some((f, t)) => f <= port && port <= t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn attr(j: &J) -> Attr {
        let v = match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or_default()),
            J::String(s) if s == "?" => {
                return Attr::unknown("a variable", Span::line("t.tf", 1));
            }
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::List(a.iter().map(attr).collect()),
            J::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), attr(v))).collect()),
        };
        Attr::new(v, Span::line("t.tf", 1))
    }

    fn resource(t: &str, source: SourceKind, attrs: J) -> Resource {
        Resource {
            source,
            resource_type: t.into(),
            native_type: t.into(),
            address: format!("{t}.x"),
            provider: "aws".into(),
            span: Span::line("t.tf", 1),
            attrs: attr(&attrs),
            references: Vec::new(),
        }
    }

    #[test]
    fn policies_parse_from_strings_and_maps_and_unknowns_stay_unknown() {
        let s = attr(&J::String(
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#.into(),
        ));
        let doc = policy(&s, "policy").unwrap();
        assert_eq!(statements(&doc).len(), 1);
        let m = attr(
            &serde_json::json!({"statement": [{"effect": "Allow", "principal": {"aws": "*"}}]}),
        );
        let doc = policy(&m, "policy").unwrap();
        let st = statements(&doc);
        assert!(is_allow(st[0]) && principal_star(st[0]) && !has_condition(st[0]));
        assert!(matches!(
            policy(&attr(&J::String("{not json".into())), "p"),
            Err(Verdict::Unknown { .. })
        ));
        assert!(matches!(
            policy(&attr(&J::String("?".into())), "p"),
            Err(Verdict::Unknown { .. })
        ));
        // An unknown resource ARN leaves the rest of the document readable.
        let partly = attr(
            &serde_json::json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "?", "Condition": "?"}]}),
        );
        assert!(has_unknown(&partly));
        let doc = policy(&partly, "p").unwrap();
        let st = statements(&doc);
        assert!(principal_star(st[0]) && has_condition(st[0]));
        let big = attr(&J::String(" ".repeat(MAX_POLICY + 1)));
        assert!(matches!(policy(&big, "p"), Err(Verdict::Unknown { .. })));
        // Deep nesting is refused, not walked.
        let mut deep = serde_json::json!("x");
        for _ in 0..100 {
            deep = serde_json::json!([deep]);
        }
        assert!(policy(&attr(&deep), "p").is_err());
    }

    #[test]
    fn ingress_rules_read_every_shape_and_never_guess() {
        let tf = resource(
            "aws_security_group",
            SourceKind::Terraform,
            serde_json::json!({
                "ingress": [{"from_port": 20, "to_port": 25, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]
            }),
        );
        let i = ingress(&tf);
        let i = i[0].as_ref().ok().unwrap();
        assert!(i.covers(22.0) && !i.covers(80.0) && !i.all_ports() && i.world == ["0.0.0.0/0"]);
        let cfn = resource(
            "aws_security_group",
            SourceKind::CloudFormation,
            serde_json::json!({
                "security_group_ingress": [{"ip_protocol": "-1", "cidr_ipv6": "::/0"}]
            }),
        );
        assert!(ingress(&cfn)[0].as_ref().ok().unwrap().all_ports());
        let icmp = resource(
            "aws_vpc_security_group_ingress_rule",
            SourceKind::Terraform,
            serde_json::json!({
                "ip_protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_ipv4": "0.0.0.0/0"
            }),
        );
        let i = ingress(&icmp);
        let i = i[0].as_ref().ok().unwrap();
        assert!(!i.is_tcp() && !i.all_ports());
        let unknown = resource(
            "aws_security_group_rule",
            SourceKind::Terraform,
            serde_json::json!({
                "type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["?"]
            }),
        );
        assert!(matches!(ingress(&unknown)[0], Err(Verdict::Unknown { .. })));
        let egress = resource(
            "aws_security_group_rule",
            SourceKind::Terraform,
            serde_json::json!({
                "type": "egress", "cidr_blocks": ["0.0.0.0/0"]
            }),
        );
        assert!(ingress(&egress).is_empty());
    }

    #[test]
    fn instance_addresses_match_references_to_their_block() {
        assert_eq!(block_address("aws_s3_bucket.b[\"eu\"]"), "aws_s3_bucket.b");
        assert_eq!(block_address("aws_s3_bucket.b[0]"), "aws_s3_bucket.b");
        assert_eq!(block_address("aws_s3_bucket.b"), "aws_s3_bucket.b");
        assert_eq!(block_address("]"), "]");
    }

    #[test]
    fn booleans_report_the_default_and_unknowns_are_not_checked() {
        let r = resource(
            "aws_ebs_volume",
            SourceKind::Terraform,
            serde_json::json!({"size": 1}),
        );
        match bool_is(&r, "encrypted", true, false, "x") {
            Verdict::Fail(v) => assert!(v[0].message.contains("default is false")),
            v => panic!("{v:?}"),
        }
        assert_eq!(bool_is(&r, "encrypted", false, false, "x"), Verdict::Pass);
        let u = resource(
            "aws_ebs_volume",
            SourceKind::Terraform,
            serde_json::json!({"encrypted": "?"}),
        );
        assert!(matches!(
            bool_is(&u, "encrypted", true, false, "x"),
            Verdict::Unknown { .. }
        ));
    }
}
