//! GitLab CI: images, Docker-in-Docker, variables, scripts, allowed failures, includes.

use super::{
    found, is_sha, lines_of, literal_secret, pipe_to_shell, secret_name, security_scan_name,
};
use crate::model::{Attr, Resource, Value};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use crate::rules::kubernetes::{has_digest, image_parts};
use tollgate_core::Severity;

const JOB: &[&str] = &["gitlab/job"];
const PIPE: &[&str] = &["gitlab/pipeline"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-image-not-pinned",
                title: "Job image not pinned by digest",
                severity: Severity::Low,
                cwe: &[1104, 829],
                tags: &["supply-chain", "ci-hardening", "gitlab"],
                types: JOB,
                finds: "A job's `image:` (its own, from `extends:` or from `default:`) without an `@sha256:` digest. Images named by a CI variable are reported as not checked.",
                why: "The job runs whatever the tag points to today, with the job's CI variables and deploy credentials: a re-pushed or compromised image changes the build without review, against the change-management (SOX, PCI DSS 6) and third-party ICT risk (DORA) controls.",
                fix: "Use `image: name:tag@sha256:<digest>` and let Renovate update the digest.",
                references: &["https://docs.gitlab.com/ci/yaml/#image"],
                aliases: &[],
            },
            check: |r, _| image(r, false),
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-image-latest",
                title: "Job image uses `latest` or no tag",
                severity: Severity::Medium,
                cwe: &[1104],
                tags: &["supply-chain", "ci-hardening", "gitlab"],
                types: JOB,
                finds: "A job's `image:` with the tag `latest` or no tag, and no digest.",
                why: "`latest` changes under the pipeline with every push upstream: builds stop being reproducible and a malicious update is picked up at once, with access to the job's secrets.",
                fix: "Use an explicit version tag, better with its digest.",
                references: &["https://docs.gitlab.com/ci/yaml/#image"],
                aliases: &[],
            },
            check: |r, _| image(r, true),
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-dind-without-tls",
                title: "Docker-in-Docker without TLS",
                severity: Severity::Medium,
                cwe: &[319, 284],
                tags: &["ci-hardening", "tls", "gitlab"],
                types: JOB,
                finds: "A job with a `docker:dind` service whose Docker daemon is reached without TLS: `DOCKER_TLS_CERTDIR: \"\"` or a `DOCKER_HOST` on port 2375 (job or pipeline variables).",
                why: "The dind service runs privileged; without TLS its API is open to anything that can reach it on the runner's network, which gives root on the runner and the other jobs' secrets and images.",
                fix: "Keep `DOCKER_TLS_CERTDIR: \"/certs\"` (the image's default) and `DOCKER_HOST: tcp://docker:2376`, or build without a daemon (Kaniko, Buildah).",
                references: &["https://docs.gitlab.com/ci/docker/using_docker_build/#docker-in-docker-with-tls-enabled-in-the-docker-executor"],
                aliases: &[],
            },
            check: dind,
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-secret-in-variables",
                title: "Credential written in CI variables",
                severity: Severity::High,
                cwe: &[798],
                tags: &["secret", "ci-hardening", "gitlab"],
                types: &["gitlab/job", "gitlab/pipeline"],
                finds: "A `variables:` entry (pipeline or job) whose name says it holds a credential (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, …) with a literal value rather than a reference to a project CI/CD variable. The message names the key, never the value.",
                why: "The value is in the repository and every fork and clone, and appears unmasked in job logs; it cannot be rotated without a commit. PCI DSS 3 and 8 require credentials protected; a leak is a reportable incident.",
                fix: "Define it as a masked, protected CI/CD variable in the project or group settings (or use an external secret with `secrets:`/OIDC) and remove it from the file; rotate the exposed value.",
                references: &["https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable", "https://docs.gitlab.com/ci/secrets/"],
                aliases: &[],
            },
            check: secret_vars,
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-curl-pipe-shell",
                title: "Script downloaded and piped into a shell",
                severity: Severity::Medium,
                cwe: &[494, 829],
                tags: &["supply-chain", "ci-hardening", "gitlab"],
                types: JOB,
                finds: "A `script`, `before_script` or `after_script` line that pipes `curl` or `wget` output straight into `sh`, `bash`, `python` or another interpreter.",
                why: "Whatever the server returns runs in the job, unverified, with the job's variables and tokens: a compromised download site becomes a compromised release (PCI DSS 6, DORA supply-chain controls).",
                fix: "Download to a file, check its checksum or signature, then run it.",
                references: &["https://docs.gitlab.com/ci/yaml/#script"],
                aliases: &[],
            },
            check: curl_pipe,
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-security-scan-allow-failure",
                title: "Security scan job allowed to fail",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["ci-hardening", "gitlab"],
                types: JOB,
                finds: "A job named like a security scan (SAST, secret detection, dependency or container scanning, Trivy, Tollgate, audit…) with `allow_failure: true`.",
                why: "A scan that may fail never blocks a merge: findings ship while the pipeline is green, and the secure-development control described to auditors (PCI DSS 6.3, DORA) does not operate.",
                fix: "Remove `allow_failure: true` (or limit it to `exit_codes` that mean \"could not run\"); accept findings through the scanner's reviewed baseline.",
                references: &["https://docs.gitlab.com/ci/yaml/#allow_failure"],
                aliases: &[],
            },
            check: allow_failure,
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-remote-include-http",
                title: "Pipeline includes configuration over plain HTTP",
                severity: Severity::High,
                cwe: &[319, 829],
                tags: &["supply-chain", "tls", "ci-hardening", "gitlab"],
                types: PIPE,
                finds: "An `include:` (`remote:` or a bare URL) fetched over `http://`.",
                why: "Anyone on the network path can replace the included jobs with their own, which then run with the project's CI variables and deploy credentials: an unauthenticated change to the build, against PCI DSS 4 and 6 and DORA's ICT supply-chain requirements.",
                fix: "Include over `https://`, better from a project pinned by `ref:` to a commit or tag.",
                references: &["https://docs.gitlab.com/ci/yaml/#includeremote"],
                aliases: &[],
            },
            check: include_http,
        },
        Rule {
            def: RuleDef {
                slug: "ci/gitlab-include-not-pinned",
                title: "Included configuration not pinned",
                severity: Severity::Medium,
                cwe: &[1104, 829],
                tags: &["supply-chain", "ci-hardening", "gitlab"],
                types: PIPE,
                finds: "An `include:` of another project without `ref:` (or with a branch `main`/`master`/`HEAD`), a `remote:` URL with no commit SHA in it, or a component at `~latest`.",
                why: "The jobs then change whenever the other project's branch or the remote file changes, without review in this project: a change to what builds and deploys the payment system that its change-management records (SOX, PCI DSS 6) do not show.",
                fix: "Pin `ref:` to a commit SHA or a protected tag; for remote files use a URL with a commit SHA, or copy the file into the project.",
                references: &["https://docs.gitlab.com/ci/yaml/#includeproject", "https://docs.gitlab.com/ci/yaml/includes/"],
                aliases: &[],
            },
            check: include_unpinned,
        },
    ]
}

fn fails(v: Vec<Violation>) -> Verdict {
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

fn image(r: &Resource, latest: bool) -> Verdict {
    let Some(a) = found(r.get("image")) else {
        return Verdict::Pass;
    };
    let (a, path) = match &a.value {
        Value::Map(m) => match m.get("name") {
            Some(n) => (n, "image.name"),
            None => return Verdict::Pass,
        },
        _ => (a, "image"),
    };
    let Some(img) = a.as_str() else {
        return Verdict::Pass;
    };
    if img.contains('$') {
        return Verdict::Unknown {
            path: path.into(),
            reason: format!("the image `{img}` is named by a CI variable"),
        };
    }
    let (_, tag, digest) = image_parts(img);
    if latest {
        if digest.is_none() && matches!(tag, None | Some("latest")) {
            return Verdict::fail(Violation::at(
                a,
                path,
                format!(
                    "the job image `{img}` has {}",
                    if tag.is_none() {
                        "no tag"
                    } else {
                        "the tag `latest`"
                    }
                ),
            ));
        }
        return Verdict::Pass;
    }
    if has_digest(img) {
        Verdict::Pass
    } else {
        Verdict::fail(Violation::at(
            a,
            path,
            format!("the job image `{img}` is not pinned by digest"),
        ))
    }
}

/// A variable's value: `KEY: value` or `KEY: {value: …, description: …}`.
fn var_value(a: &Attr) -> Option<&Attr> {
    match &a.value {
        Value::Map(m) => m.get("value"),
        _ => Some(a),
    }
}

fn var_str(vars: Option<&Attr>, key: &str) -> Option<String> {
    let a = var_value(vars?.as_map()?.get(key)?)?;
    match &a.value {
        Value::String(s) => Some(s.clone()),
        Value::Null => Some(String::new()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn dind(r: &Resource, ctx: &Context<'_>) -> Verdict {
    let Some(services) = found(r.get("services")) else {
        return Verdict::Pass;
    };
    let dind = services.items().into_iter().find(|s| {
        let name = match &s.value {
            Value::Map(m) => m.get("name").and_then(Attr::as_str),
            _ => s.as_str(),
        };
        name.is_some_and(|n| n.contains("docker") && n.contains("dind"))
    });
    let Some(svc) = dind else {
        return Verdict::Pass;
    };
    let pipeline = ctx
        .model
        .of_type("gitlab/pipeline")
        .find(|p| p.address == r.span.path)
        .and_then(|p| found(p.get("variables")));
    let job = found(r.get("variables"));
    let get = |k: &str| var_str(job, k).or_else(|| var_str(pipeline, k));
    let certdir_off = get("DOCKER_TLS_CERTDIR").is_some_and(|v| v.trim().is_empty());
    let plain_host = get("DOCKER_HOST").is_some_and(|v| v.contains(":2375"));
    if certdir_off || plain_host {
        Verdict::fail(Violation::at(
            svc,
            "services",
            format!(
                "the Docker-in-Docker service is used without TLS ({})",
                if certdir_off {
                    "`DOCKER_TLS_CERTDIR` is empty"
                } else {
                    "`DOCKER_HOST` uses port 2375"
                }
            ),
        ))
    } else {
        Verdict::Pass
    }
}

fn secret_vars(r: &Resource, _: &Context<'_>) -> Verdict {
    let Some(vars) = found(r.get("variables")).and_then(Attr::as_map) else {
        return Verdict::Pass;
    };
    let mut v = Vec::new();
    for (k, a) in vars {
        let Some(val) = var_value(a) else { continue };
        if secret_name(k) && val.as_str().is_some_and(literal_secret) {
            v.push(Violation::at(
                val,
                &format!("variables.{k}"),
                format!("`{k}` is a literal value in the file; make it a masked, protected CI/CD variable"),
            ));
        }
    }
    fails(v)
}

fn curl_pipe(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for key in ["before_script", "script", "after_script"] {
        let Some(a) = found(r.get(key)) else { continue };
        for (i, l) in lines_of(a).into_iter().enumerate() {
            let text = l.as_str().unwrap_or_default();
            if let Some(n) = pipe_to_shell(text) {
                let mut at = l.clone();
                let block = u32::from(text.contains('\n'));
                if at.span.line > 0 {
                    at.span.line += block + n as u32;
                    at.span.end_line = at.span.line;
                }
                let path = if matches!(a.value, Value::List(_)) {
                    format!("{key}.{i}")
                } else {
                    key.to_string()
                };
                v.push(Violation::at(
                    &at,
                    &path,
                    format!("`{path}` pipes a download straight into an interpreter"),
                ));
            }
        }
    }
    fails(v)
}

fn allow_failure(r: &Resource, _: &Context<'_>) -> Verdict {
    let name = r.address.rsplit(':').next().unwrap_or_default();
    if !security_scan_name(name) {
        return Verdict::Pass;
    }
    match found(r.get("allow_failure")) {
        Some(a) if a.as_bool() == Some(true) => Verdict::fail(Violation::at(
            a,
            "allow_failure",
            format!("the security scan job `{name}` may fail without failing the pipeline"),
        )),
        _ => Verdict::Pass,
    }
}

/// Every include entry with its path: bare strings and maps.
fn includes(r: &Resource) -> Vec<(String, &Attr)> {
    let Some(inc) = found(r.get("include")) else {
        return Vec::new();
    };
    match &inc.value {
        Value::List(l) => l
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("include.{i}"), x))
            .collect(),
        _ => vec![("include".to_string(), inc)],
    }
}

fn remote_of(a: &Attr) -> Option<(&Attr, &str)> {
    match &a.value {
        Value::String(s) if s.contains("://") => Some((a, s)),
        Value::Map(m) => m.get("remote").and_then(|x| x.as_str().map(|s| (x, s))),
        _ => None,
    }
}

fn include_http(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for (path, a) in includes(r) {
        if let Some((at, url)) = remote_of(a) {
            if url.trim().to_ascii_lowercase().starts_with("http://") {
                v.push(Violation::at(
                    at,
                    &path,
                    format!("`{url}` is included over plain HTTP"),
                ));
            }
        }
    }
    fails(v)
}

fn include_unpinned(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for (path, a) in includes(r) {
        if let Some((at, url)) = remote_of(a) {
            if !url.split(['/', '?', '=', '&']).any(is_sha) {
                v.push(Violation::at(
                    at,
                    &path,
                    format!("the remote include `{url}` is not pinned to a commit"),
                ));
            }
            continue;
        }
        let Some(m) = a.as_map() else { continue };
        if let Some(p) = m.get("project") {
            let project = p.as_str().unwrap_or("?");
            match m.get("ref").and_then(Attr::as_str) {
                None => v.push(Violation::at(
                    p,
                    &format!("{path}.project"),
                    format!(
                        "the include of `{project}` has no `ref:`: it follows the default branch"
                    ),
                )),
                Some(b @ ("main" | "master" | "HEAD" | "develop")) => v.push(Violation::at(
                    &m["ref"],
                    &format!("{path}.ref"),
                    format!("the include of `{project}` follows the branch `{b}`"),
                )),
                Some(_) => {}
            }
        }
        if let Some(c) = m.get("component") {
            if c.as_str().is_some_and(|s| s.ends_with("@~latest")) {
                v.push(Violation::at(
                    c,
                    &format!("{path}.component"),
                    "the component is included at `~latest`",
                ));
            }
        }
    }
    fails(v)
}
