//! Container hardening: who the image runs as, what it exposes, what it leaves writable
//! or embedded.

use super::{
    all_instructions, field, final_stage, instructions, raw_commands, stages, verdict, Ins,
    BEST_PRACTICES,
};
use crate::dockerfile::key_values;
use crate::model::{Attr, Lookup, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "docker/root-user",
                title: "Container image runs as root",
                severity: Severity::Medium,
                cwe: &[250, 269],
                tags: &["container-hardening", "least-privilege"],
                types: &["dockerfile"],
                finds: "A Dockerfile whose final stage runs as root: no `USER` in it (nor in the earlier stage it is built `FROM`), or `USER root` / `USER 0`. A base image whose tag or name says it is non-root (`nonroot`, `rootless`, as distroless images are) counts as setting a user.",
                why: "A process running as root inside a container turns any code-execution flaw in a payment or banking service into root on the container, one kernel or runtime bug away from the host and its neighbours. PCI DSS requirement 7 and DORA's ICT risk management both expect least privilege for the systems in scope.",
                fix: "Create an unprivileged user and switch to it before the entrypoint: `RUN adduser --system --uid 10001 app` then `USER 10001`, or build on a non-root base image.",
                references: &["https://docs.docker.com/reference/dockerfile/#user", BEST_PRACTICES],
                aliases: &["DL3002", "CKV_DOCKER_3", "CKV_DOCKER_8", "AVD-DS-0002"],
            },
            check: root_user,
        },
        Rule {
            def: RuleDef {
                slug: "docker/no-healthcheck",
                title: "Service image without a HEALTHCHECK",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["container-hardening", "resilience"],
                types: &["dockerfile"],
                finds: "A Dockerfile whose final stage `EXPOSE`s a port (a service) but declares no `HEALTHCHECK`. Images that expose nothing (command-line tools, batch jobs) are not reported; `HEALTHCHECK NONE` counts as a deliberate decision.",
                why: "A service that hangs without exiting keeps receiving traffic: card authorisations or payment messages time out until someone notices. DORA asks for detection of anomalous ICT behaviour and for resilience of critical services; a health check lets the runtime restart the container by itself.",
                fix: "Add `HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/healthcheck\"]` (a probe of the service's own health endpoint), or rely on orchestrator probes and say so with `HEALTHCHECK NONE`.",
                references: &["https://docs.docker.com/reference/dockerfile/#healthcheck"],
                aliases: &["CKV_DOCKER_2", "AVD-DS-0026"],
            },
            check: no_healthcheck,
        },
        Rule {
            def: RuleDef {
                slug: "docker/expose-ssh",
                title: "Container image exposes SSH (port 22)",
                severity: Severity::Medium,
                cwe: &[284],
                tags: &["container-hardening", "network-exposure"],
                types: &["dockerfile"],
                finds: "An `EXPOSE` of port 22 (alone, with `/tcp`, or inside a range) in the final stage of a Dockerfile.",
                why: "An SSH daemon in a container is a second, unaudited way into a production workload, bypassing the orchestrator's access control and its audit trail; PCI DSS requirements 1 and 2 ask that only necessary services are enabled on systems in the cardholder data environment.",
                fix: "Remove the SSH server and the `EXPOSE 22`; use `docker exec` / `kubectl exec` (audited) for break-glass access.",
                references: &["https://docs.docker.com/reference/dockerfile/#expose"],
                aliases: &["CKV_DOCKER_1", "AVD-DS-0004"],
            },
            check: expose_ssh,
        },
        Rule {
            def: RuleDef {
                slug: "docker/world-writable-permissions",
                title: "World-writable permissions set in the image",
                severity: Severity::Medium,
                cwe: &[732],
                tags: &["container-hardening", "least-privilege"],
                types: &["dockerfile"],
                finds: "`chmod` in a `RUN` (or `COPY`/`ADD --chmod`) giving everyone write permission: `777`, `666`, `0777`, `o+w`, `a+rwx`. Modes with the sticky bit (`1777`, as for a temporary directory) are not reported.",
                why: "Files anyone may write let any process in the container — including one compromised through a dependency — replace binaries, configuration or certificates of a payment service, breaking the integrity that PCI DSS requirement 11.5 (change detection) and SOX change controls rely on.",
                fix: "Grant only what the owner needs (`chmod 0755` for binaries, `0644` for files, `0750` for directories) and set ownership with `COPY --chown=app:app`.",
                references: &["https://docs.docker.com/reference/dockerfile/#copy---chmod"],
                aliases: &[],
            },
            check: world_writable,
        },
        Rule {
            def: RuleDef {
                slug: "docker/sudo",
                title: "sudo used in a RUN instruction",
                severity: Severity::Medium,
                cwe: &[250],
                tags: &["container-hardening", "least-privilege"],
                types: &["dockerfile"],
                finds: "A `RUN` command that starts with `sudo`. Installing the `sudo` package is not reported; using it is.",
                why: "`sudo` in a build means the image ships a setuid binary and a user allowed to become root: an attacker who reaches the container's user reaches root too, undoing the least-privilege that PCI DSS requirement 7 asks for. Its TTY and logging behaviour also makes builds unpredictable.",
                fix: "Run the privileged steps before `USER` switches to the unprivileged user (they run as root already), and do not install `sudo` in the image.",
                references: &[BEST_PRACTICES],
                aliases: &["DL3004", "AVD-DS-0010"],
            },
            check: sudo,
        },
        Rule {
            def: RuleDef {
                slug: "docker/secret-in-env-or-arg",
                title: "Secret written into ENV or ARG",
                severity: Severity::High,
                cwe: &[798],
                tags: &["secret", "container-hardening"],
                types: &["dockerfile"],
                finds: "An `ENV` or `ARG` whose name says it holds a credential (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `CREDENTIAL`) set to a literal value. Names that point at a credential rather than hold it (`…_FILE`, `…_PATH`, `…_URL`, `…_HOST`) and values that are references (`$TOKEN`) are not reported. The message names the key, never the value.",
                why: "`ENV` values are stored in the image configuration and `ARG` values in its build history: anyone who can pull the image — every CI runner, registry mirror and developer laptop — reads the database password or API token. PCI DSS requirements 3 and 8 forbid credentials embedded in this way, and a leaked key is a reportable incident under DORA and GDPR.",
                fix: "Pass secrets at build time with `RUN --mount=type=secret,id=token …` and at run time through the orchestrator's secret store (Kubernetes Secrets, AWS Secrets Manager), pointing at them with `…_FILE` variables.",
                references: &["https://docs.docker.com/build/building/secrets/", "https://docs.docker.com/reference/dockerfile/#env"],
                aliases: &[],
            },
            check: secret_env,
        },
        Rule {
            def: RuleDef {
                slug: "docker/workdir-relative",
                title: "WORKDIR with a relative path",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["container-hardening"],
                types: &["dockerfile"],
                finds: "A `WORKDIR` whose path is relative (neither `/…`, a Windows drive, nor a variable).",
                why: "A relative `WORKDIR` resolves against whatever the previous one — often the base image's — was, so a base-image update silently moves where the service writes its files; reproducible, reviewable builds are part of the change management SOX and DORA expect.",
                fix: "Use an absolute path: `WORKDIR /app`.",
                references: &["https://docs.docker.com/reference/dockerfile/#workdir"],
                aliases: &["DL3000"],
            },
            check: workdir,
        },
        Rule {
            def: RuleDef {
                slug: "docker/maintainer-deprecated",
                title: "Deprecated MAINTAINER instruction",
                severity: Severity::Info,
                cwe: &[],
                tags: &["inventory"],
                types: &["dockerfile"],
                finds: "A `MAINTAINER` instruction.",
                why: "`MAINTAINER` is deprecated and not shown by most tooling; an image's owner belongs in a label (`org.opencontainers.image.authors`) that asset inventories read — PCI DSS requirement 12.5 and DORA's register of ICT assets both need an owner for each component.",
                fix: "Replace it with `LABEL org.opencontainers.image.authors=\"team@example.com\"`.",
                references: &["https://docs.docker.com/reference/dockerfile/#maintainer-deprecated"],
                aliases: &["DL4000"],
            },
            check: maintainer,
        },
    ]
}

/// The final stage and the earlier stages it is built `FROM`, final first.
pub(crate) fn final_chain(r: &Resource) -> Vec<(usize, &Attr)> {
    let all = stages(r);
    let mut out = Vec::new();
    let Some((mut idx, mut cur)) = final_stage(r) else {
        return out;
    };
    loop {
        out.push((idx, cur));
        let image = field(cur, "from.image");
        let parent = all[..idx].iter().enumerate().rev().find(|(_, s)| {
            let a = field(s, "from.alias");
            !a.is_empty() && a.eq_ignore_ascii_case(image)
        });
        match parent {
            Some((j, s)) if out.len() < 64 => {
                idx = j;
                cur = s;
            }
            _ => return out,
        }
    }
}

fn root_user(r: &Resource, _: &Context<'_>) -> Verdict {
    let chain = final_chain(r);
    let Some((fi, _)) = chain.first() else {
        return Verdict::Pass;
    };
    for (si, stage) in &chain {
        let path = format!("stages.{si}.user");
        match stage.lookup("user") {
            Lookup::Found(u) if u.as_str().is_some() => {
                let name = u.as_str().unwrap_or_default();
                let who = name.split(':').next().unwrap_or("").trim();
                return if who == "root"
                    || who == "0"
                    || who.eq_ignore_ascii_case("containeradministrator")
                {
                    Verdict::fail(Violation::at(
                        u,
                        &path,
                        crate::model::mask_secretish(&format!("the final stage runs as `{who}`")),
                    ))
                } else {
                    Verdict::Pass
                };
            }
            l @ Lookup::Unknown(_) => return Verdict::from_lookup(&path, l, |_| Verdict::Pass),
            _ => {}
        }
    }
    // No USER anywhere: the base image's user applies.
    let (bi, base) = chain[chain.len() - 1];
    let ipath = format!("stages.{bi}.from.image");
    Verdict::from_lookup(&ipath, base.lookup("from.image"), |img| {
        let image = img.and_then(Attr::as_str).unwrap_or("");
        let tag = field(base, "from.tag");
        let says_nonroot = |s: &str| {
            let s = s.to_ascii_lowercase();
            s.contains("nonroot") || s.contains("non-root") || s.contains("rootless")
        };
        if image == "scratch" || says_nonroot(image) || says_nonroot(tag) {
            return Verdict::Pass;
        }
        let at = match stages(r).get(*fi) {
            Some(s) => match s.lookup("from") {
                Lookup::Found(f) => Violation::at(
                    f,
                    &format!("stages.{fi}.user"),
                    "the final stage sets no USER, so it runs as the base image's user (root)",
                ),
                _ => Violation::missing("user", "the final stage sets no USER"),
            },
            None => Violation::missing("user", "the final stage sets no USER"),
        };
        Verdict::fail(at)
    })
}

fn chain_instructions(r: &Resource) -> Vec<Ins<'_>> {
    final_chain(r)
        .into_iter()
        .flat_map(|(si, s)| instructions(s, si))
        .collect()
}

fn no_healthcheck(r: &Resource, _: &Context<'_>) -> Verdict {
    let ins = chain_instructions(r);
    let expose = ins.iter().find(|i| i.cmd == "EXPOSE");
    let Some(expose) = expose else {
        return Verdict::Pass;
    };
    if ins.iter().any(|i| i.cmd == "HEALTHCHECK") {
        return Verdict::Pass;
    }
    Verdict::fail(expose.fail(format!(
        "the image exposes `{}` but declares no HEALTHCHECK",
        expose.args
    )))
}

/// Whether an `EXPOSE` port item (`22`, `22/tcp`, `20-30`) covers port 22.
fn covers_22(item: &str) -> bool {
    let port = item.split('/').next().unwrap_or("");
    match port.split_once('-') {
        Some((a, b)) => match (a.parse::<u32>(), b.parse::<u32>()) {
            (Ok(a), Ok(b)) => a <= 22 && 22 <= b,
            _ => false,
        },
        None => port == "22",
    }
}

fn expose_ssh(r: &Resource, _: &Context<'_>) -> Verdict {
    verdict(
        chain_instructions(r)
            .iter()
            .filter(|i| i.cmd == "EXPOSE" && i.args.split_whitespace().any(covers_22))
            .map(|i| i.fail("the image exposes port 22 (SSH)"))
            .collect(),
    )
}

/// Whether a chmod mode gives others write permission (sticky-bit modes excepted).
pub(crate) fn world_writable_mode(mode: &str) -> bool {
    if !mode.is_empty() && mode.len() <= 4 && mode.chars().all(|c| ('0'..='7').contains(&c)) {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        let others = *digits.last().unwrap_or(&0);
        let sticky = digits.len() == 4 && digits[0] & 1 == 1;
        return digits.len() >= 3 && others & 2 == 2 && !sticky;
    }
    // Symbolic: every clause `[ugoa]*[+=][rwxXst]*`.
    mode.split(',').any(|clause| {
        let Some(op) = clause.find(['+', '=']) else {
            return false;
        };
        let who = &clause[..op];
        let perms = &clause[op + 1..];
        (who.contains('o') || who.contains('a')) && perms.contains('w')
    })
}

fn world_writable(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r) {
        if matches!(i.cmd, "COPY" | "ADD") {
            if let Some(m) = i.flag("chmod") {
                if world_writable_mode(m) {
                    v.push(i.fail(format!("{} --chmod={m} makes files world-writable", i.cmd)));
                }
            }
        }
        if i.cmd != "RUN" {
            continue;
        }
        for c in super::commands(&i.script()) {
            if super::program(&c[0]) != "chmod" {
                continue;
            }
            if let Some(m) = c[1..]
                .iter()
                .filter(|w| !w.starts_with('-'))
                .find(|w| world_writable_mode(w))
            {
                v.push(i.fail(format!("`chmod {m}` makes files world-writable")));
            }
        }
    }
    verdict(v)
}

fn sudo(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        for c in raw_commands(&i.script()) {
            let first = c.iter().find(|w| !w.contains('=') || w.starts_with('-'));
            if first.is_some_and(|w| super::program(w) == "sudo") {
                v.push(i.fail("RUN uses sudo"));
                break;
            }
        }
    }
    verdict(v)
}

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
    "AUTH_KEY",
];
const POINTER_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_HOST",
    "_PORT",
    "_LENGTH",
    "_TTL",
    "_TIMEOUT",
    "_HEADER",
    "_TYPE",
    "_ENABLED",
    "_NAME",
    "_ID_FILE",
];

/// Whether an ENV/ARG name says it holds a credential.
pub(crate) fn secret_name(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| k.contains(w)) && !POINTER_SUFFIXES.iter().any(|s| k.ends_with(s))
}

fn secret_env(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    let mut all: Vec<Ins<'_>> = Vec::new();
    if let Lookup::Found(g) = r.get("global_args") {
        for (ii, a) in g.items().into_iter().enumerate() {
            all.push(Ins {
                attr: a,
                path: format!("global_args.{ii}"),
                cmd: field(a, "cmd"),
                args: field(a, "args"),
            });
        }
    }
    all.extend(all_instructions(r));
    for i in all.iter().filter(|i| i.cmd == "ENV" || i.cmd == "ARG") {
        for (k, val) in key_values(i.cmd, i.args) {
            let Some(val) = val else { continue };
            let literal = !val.trim().is_empty() && !val.trim_start().starts_with('$');
            if literal && secret_name(&k) {
                v.push(i.fail(format!("{} sets `{k}` to a literal value", i.cmd)));
            }
        }
    }
    verdict(v)
}

fn workdir(r: &Resource, _: &Context<'_>) -> Verdict {
    verdict(
        all_instructions(r)
            .iter()
            .filter(|i| i.cmd == "WORKDIR")
            .filter(|i| {
                let p = i.args.trim().trim_matches(['"', '\'']);
                let windows = p.len() >= 2 && p.as_bytes()[1] == b':';
                !(p.starts_with('/') || p.starts_with('$') || p.starts_with('\\') || windows)
            })
            .map(|i| i.fail(format!("WORKDIR `{}` is relative", i.args.trim())))
            .collect(),
    )
}

fn maintainer(r: &Resource, _: &Context<'_>) -> Verdict {
    verdict(
        all_instructions(r)
            .iter()
            .filter(|i| i.cmd == "MAINTAINER")
            .map(|i| i.fail("MAINTAINER is deprecated; use an authors label"))
            .collect(),
    )
}
