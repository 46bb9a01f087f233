//! Kubernetes rules. Pod rules read the pod spec of every workload kind through
//! [`pod_spec`] and its containers through [`containers`], so each rule is written once
//! and its messages name the exact attribute path (`spec.template.spec.containers.0…`).

mod cluster;
mod pods;
mod workload;

use crate::model::{Attr, Lookup, Resource, Value};
use crate::rule::{Rule, Verdict, Violation};

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(pods::rules());
    v.extend(workload::rules());
    v.extend(cluster::rules());
    v
}

/// Every kind that carries a pod template.
pub const WORKLOADS: &[&str] = &[
    "k8s/Pod",
    "k8s/Deployment",
    "k8s/StatefulSet",
    "k8s/DaemonSet",
    "k8s/ReplicaSet",
    "k8s/ReplicationController",
    "k8s/Job",
    "k8s/CronJob",
];

/// Workloads that run for good (and so need probes).
pub const LONG_RUNNING: &[&str] = &[
    "k8s/Deployment",
    "k8s/StatefulSet",
    "k8s/DaemonSet",
    "k8s/ReplicaSet",
    "k8s/ReplicationController",
];

/// A workload's pod spec and where it is.
pub struct Pod<'a> {
    /// `spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
    pub path: &'static str,
    pub spec: &'a Attr,
    /// The pod's metadata (annotations), if written.
    pub meta: Option<&'a Attr>,
}

/// The pod spec of a workload (None when it is missing or not a map).
pub fn pod_spec(r: &Resource) -> Option<Pod<'_>> {
    let (path, meta) = match r.resource_type.as_str() {
        "k8s/Pod" => ("spec", "metadata"),
        "k8s/CronJob" => (
            "spec.jobTemplate.spec.template.spec",
            "spec.jobTemplate.spec.template.metadata",
        ),
        _ => ("spec.template.spec", "spec.template.metadata"),
    };
    match r.get(path) {
        Lookup::Found(a) if matches!(a.value, Value::Map(_)) => Some(Pod {
            path,
            spec: a,
            meta: found(r.get(meta)),
        }),
        _ => None,
    }
}

/// One container of a pod.
pub struct Container<'a> {
    /// `spec.template.spec.containers.0`.
    pub path: String,
    pub name: String,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
    pub attr: &'a Attr,
}

impl Container<'_> {
    /// The attribute at `sub` of the container, if known.
    pub fn get(&self, sub: &str) -> Option<&Attr> {
        found(self.attr.lookup(sub))
    }

    /// A violation at `sub` (at the value when written, else at the container's line).
    pub fn violation(&self, sub: &str, message: String) -> Violation {
        let path = format!("{}.{sub}", self.path);
        match self.get(sub) {
            Some(a) if a.span.line > 0 => Violation::at(a, &path, message),
            _ => Violation {
                path,
                message,
                span: (self.attr.span.line > 0).then(|| self.attr.span.clone()),
                origin: Vec::new(),
            },
        }
    }
}

/// Every container, init container and ephemeral container of a pod.
pub fn containers<'a>(pod: &Pod<'a>) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        let Some(items) = found(pod.spec.lookup(list)) else {
            continue;
        };
        let Value::List(items) = &items.value else {
            continue;
        };
        for (i, c) in items.iter().enumerate() {
            out.push(Container {
                path: format!("{}.{list}.{i}", pod.path),
                name: found(c.lookup("name"))
                    .and_then(Attr::as_str)
                    .unwrap_or("?")
                    .to_string(),
                list,
                attr: c,
            });
        }
    }
    out
}

pub fn found(l: Lookup<'_>) -> Option<&Attr> {
    match l {
        Lookup::Found(a) => Some(a),
        _ => None,
    }
}

/// A check over every container of a workload: the violations `f` gives.
pub fn each_container(
    r: &Resource,
    mut f: impl FnMut(&Pod<'_>, &Container<'_>) -> Option<Violation>,
) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    let v: Vec<Violation> = containers(&pod).iter().filter_map(|c| f(&pod, c)).collect();
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

/// A pod-level boolean that must not be true (`hostNetwork`).
pub fn pod_flag(r: &Resource, key: &str, message: &str) -> Verdict {
    let Some(pod) = pod_spec(r) else {
        return Verdict::Pass;
    };
    match found(pod.spec.lookup(key)) {
        Some(a) if a.as_bool() == Some(true) => {
            Verdict::fail(Violation::at(a, &format!("{}.{key}", pod.path), message))
        }
        _ => Verdict::Pass,
    }
}

/// The strings of a list attribute.
pub fn strings(a: Option<&Attr>) -> Vec<&str> {
    a.map(|a| a.items().into_iter().filter_map(Attr::as_str).collect())
        .unwrap_or_default()
}

/// A container's setting, else the pod's (`securityContext.runAsNonRoot`).
pub fn effective<'a>(pod: &Pod<'a>, c: &Container<'a>, key: &str) -> Option<&'a Attr> {
    found(c.attr.lookup(&format!("securityContext.{key}")))
        .or_else(|| found(pod.spec.lookup(&format!("securityContext.{key}"))))
}

/// An image reference split: (name, tag, digest).
pub fn image_parts(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last = rest.rsplit('/').next().unwrap_or(rest);
    match last.rsplit_once(':') {
        Some((_, tag)) => (&rest[..rest.len() - tag.len() - 1], Some(tag), digest),
        None => (rest, None, digest),
    }
}

/// Whether an image is pinned by a sha256 digest.
pub fn has_digest(image: &str) -> bool {
    image_parts(image)
        .2
        .is_some_and(|d| d.strip_prefix("sha256:").is_some_and(|h| h.len() == 64))
}

/// Whether an environment variable's name says it holds a credential.
pub fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase().replace('-', "_");
    const WORDS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "PWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
        "AUTH_KEY",
        "CLIENT_SECRET",
    ];
    let excluded = n.ends_with("_FILE")
        || n.ends_with("_PATH")
        || n.ends_with("_URL")
        || n.ends_with("_NAME")
        || n.ends_with("_ID")
        || n.contains("TOKEN_TYPE")
        || n.ends_with("_KEY_ID");
    !excluded && WORDS.iter().any(|w| n.contains(w))
}

/// Whether a literal value could be a credential (not empty, not a reference to another
/// variable or a placeholder).
pub fn literal_secret_value(v: &str) -> bool {
    let v = v.trim();
    !(v.is_empty()
        || v.len() < 4
        || v.starts_with("$(")
        || v.starts_with("${")
        || v.starts_with("$")
        || v.starts_with("{{")
        || v.starts_with('<')
        || v.eq_ignore_ascii_case("true")
        || v.eq_ignore_ascii_case("false"))
}
