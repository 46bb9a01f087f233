//! Supply chain: where the image's base and contents come from, and whether that can
//! change under the same Dockerfile.

use super::{
    all_instructions, commands, field, pipelines, program, stages, verdict, BEST_PRACTICES,
    DOCKERFILE_REF,
};
use crate::model::{Attr, Resource};
use crate::rule::{Context, Rule, RuleDef, Verdict, Violation};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "docker/base-image-latest",
                title: "Base image without a tag or with :latest",
                severity: Severity::High,
                cwe: &[1104, 829],
                tags: &["supply-chain", "container-hardening"],
                types: &["dockerfile"],
                finds: "A `FROM` whose image has no tag or the tag `latest`, and no digest. `scratch`, earlier stages (`FROM build`) and images whose name depends on an argument without a value are not reported (the last as not checked).",
                why: "`latest` is whatever was pushed last: the same Dockerfile builds a different operating system and library set from one day to the next, so a tested, approved payment service is not what runs. PCI DSS requirement 6 and SOX change management expect what is deployed to be what was reviewed; DORA asks firms to manage ICT third-party (supply chain) risk.",
                fix: "Name a version and pin its digest: `FROM python:3.12-slim@sha256:…` (find it with `docker buildx imagetools inspect`), and update it deliberately (Renovate, Dependabot).",
                references: &["https://docs.docker.com/reference/dockerfile/#from", BEST_PRACTICES],
                aliases: &["DL3006", "DL3007", "CKV_DOCKER_7", "AVD-DS-0001"],
            },
            check: base_latest,
        },
        Rule {
            def: RuleDef {
                slug: "docker/base-image-not-pinned-by-digest",
                title: "Base image not pinned by digest",
                severity: Severity::Low,
                cwe: &[1104, 829],
                tags: &["supply-chain"],
                types: &["dockerfile"],
                finds: "A `FROM` with a tag but no `@sha256:` digest. (Untagged and `latest` images are reported by `docker/base-image-latest` instead.)",
                why: "Tags are mutable: a registry compromise or a careless re-push replaces `node:20` with other bytes, and the next build of a banking service ships them. A digest makes the base image as verifiable as a locked dependency, which supply-chain controls (PCI DSS 6.3, DORA third-party risk) rely on.",
                fix: "Append the digest: `FROM node:20-slim@sha256:…`; keep the tag for readers and let a bot propose digest updates.",
                references: &["https://docs.docker.com/reference/dockerfile/#from", "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"],
                aliases: &[],
            },
            check: base_digest,
        },
        Rule {
            def: RuleDef {
                slug: "docker/add-remote-url",
                title: "ADD downloads from a URL without a checksum",
                severity: Severity::Medium,
                cwe: &[494, 829],
                tags: &["supply-chain"],
                types: &["dockerfile"],
                finds: "An `ADD` whose source is a URL (`http://`, `https://`) or a git repository, without `--checksum=`.",
                why: "`ADD https://…` copies whatever the server returns at build time into the image, with no integrity check: a compromised or spoofed download ends up in a production payment image. Code integrity checks on third-party components are expected by PCI DSS requirement 6 and DORA's third-party risk rules.",
                fix: "Download in a `RUN` step with `curl -fsSLo file URL && echo \"<sha256>  file\" | sha256sum -c -`, or give `ADD --checksum=sha256:… URL`; for git, pin a commit.",
                references: &["https://docs.docker.com/reference/dockerfile/#add", "https://docs.docker.com/reference/dockerfile/#add---checksum"],
                aliases: &[],
            },
            check: add_remote,
        },
        Rule {
            def: RuleDef {
                slug: "docker/add-instead-of-copy",
                title: "ADD used where COPY suffices",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["supply-chain", "container-hardening"],
                types: &["dockerfile"],
                finds: "An `ADD` of local files that are not archives. Local archives (`.tar`, `.tar.gz`, `.tgz`, …), which `ADD` unpacks, and URLs (reported by `docker/add-remote-url`) are not reported.",
                why: "`ADD` fetches URLs and unpacks archives implicitly, so a file renamed to `.tar` in the build context changes what lands in the image without a visible change to the Dockerfile. Explicit `COPY` keeps the image's contents reviewable, as change management under SOX and PCI DSS requirement 6 expects.",
                fix: "Use `COPY` for local files and directories; keep `ADD` only for local archives that must be extracted.",
                references: &["https://docs.docker.com/build/building/best-practices/#add-or-copy"],
                aliases: &["DL3020", "CKV_DOCKER_4", "AVD-DS-0005"],
            },
            check: add_local,
        },
        Rule {
            def: RuleDef {
                slug: "docker/curl-pipe-shell",
                title: "Downloaded script piped into a shell",
                severity: Severity::High,
                cwe: &[494, 829],
                tags: &["supply-chain"],
                types: &["dockerfile"],
                finds: "A `RUN` that pipes `curl` or `wget` output into a shell (`curl … | sh`, `wget -O- … | bash`), or runs it through command or process substitution (`sh -c \"$(curl …)\"`, `bash <(curl …)`).",
                why: "The script runs with the build's privileges exactly as the server sent it, unverified and unrecorded: one compromised install script puts a backdoor into every image built afterwards. For a payment firm that is untracked third-party code in production — against PCI DSS requirement 6's integrity controls and DORA's third-party risk rules.",
                fix: "Download to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh URL && echo \"<sha256>  install.sh\" | sha256sum -c - && sh install.sh`; better, install a signed package.",
                references: &[BEST_PRACTICES],
                aliases: &[],
            },
            check: curl_pipe,
        },
        Rule {
            def: RuleDef {
                slug: "docker/apt-no-install-recommends",
                title: "apt-get install without --no-install-recommends",
                severity: Severity::Low,
                cwe: &[1104],
                tags: &["supply-chain", "container-hardening"],
                types: &["dockerfile"],
                finds: "An `apt-get install` (or `apt install`) in a `RUN` without `--no-install-recommends` (or `-o APT::Install-Recommends=false`).",
                why: "Recommended packages are software nobody chose: each one widens the attack surface of the image and the list of components that must be patched under PCI DSS requirement 6.3 and inventoried for DORA.",
                fix: "`apt-get install -y --no-install-recommends pkg=version && rm -rf /var/lib/apt/lists/*`.",
                references: &["https://docs.docker.com/build/building/best-practices/#apt-get"],
                aliases: &["DL3015"],
            },
            check: apt_recommends,
        },
        Rule {
            def: RuleDef {
                slug: "docker/apk-no-cache",
                title: "apk add without --no-cache",
                severity: Severity::Low,
                cwe: &[693],
                tags: &["container-hardening"],
                types: &["dockerfile"],
                finds: "An `apk add` in a `RUN` without `--no-cache`, unless the same `RUN` removes `/var/cache/apk`.",
                why: "The package index left in the image is stale data that grows the image and misleads scanners about what is installed, weakening the component inventory that PCI DSS requirement 6.3 and DORA ask for.",
                fix: "`apk add --no-cache pkg=version`.",
                references: &[DOCKERFILE_REF],
                aliases: &["DL3019"],
            },
            check: apk_cache,
        },
    ]
}

/// Each stage's base, unless it is `scratch` or an earlier stage; with its path.
fn bases(r: &Resource) -> Vec<(String, &Attr)> {
    let all = stages(r);
    let mut out = Vec::new();
    for (si, s) in all.iter().enumerate() {
        let raw = field(s, "from.raw");
        let image = field(s, "from.image");
        if image.eq_ignore_ascii_case("scratch") {
            continue;
        }
        let earlier = all[..si].iter().any(|p| {
            let a = field(p, "from.alias");
            !a.is_empty() && (a.eq_ignore_ascii_case(image) || a.eq_ignore_ascii_case(raw))
        });
        if !earlier {
            out.push((format!("stages.{si}.from"), *s));
        }
    }
    out
}

fn base_check(r: &Resource, want_latest: bool) -> Verdict {
    Verdict::all(bases(r).into_iter().map(|(path, s)| {
        let ipath = format!("{path}.image");
        Verdict::from_lookup(&ipath, s.lookup("from.image"), |img| {
            let Some(img) = img else { return Verdict::Pass };
            let tag = field(s, "from.tag");
            let digest = field(s, "from.digest");
            let raw = field(s, "from.raw");
            let name = match (img.as_str().unwrap_or(""), tag) {
                (i, "") => i.to_string(),
                (i, t) => format!("{i}:{t}"),
            };
            let raw = crate::model::mask_secretish(&if raw.contains('$') {
                format!("{name}` (from `{raw}`)")
            } else {
                format!("{name}`")
            });
            if !digest.is_empty() {
                return Verdict::Pass;
            }
            let latest = tag.is_empty() || tag == "latest";
            match (want_latest, latest) {
                (true, true) => Verdict::fail(Violation::at(
                    img,
                    &ipath,
                    if tag.is_empty() {
                        format!("base image `{raw} has no tag (it means :latest)")
                    } else {
                        format!("base image `{raw} uses :latest")
                    },
                )),
                (false, false) => Verdict::fail(Violation::at(
                    img,
                    &ipath,
                    format!("base image `{raw} is not pinned by digest"),
                )),
                _ => Verdict::Pass,
            }
        })
    }))
}

fn base_latest(r: &Resource, _: &Context<'_>) -> Verdict {
    base_check(r, true)
}

fn base_digest(r: &Resource, _: &Context<'_>) -> Verdict {
    base_check(r, false)
}

/// The sources of an ADD/COPY (every word but the destination).
fn sources(args: &str) -> Vec<&str> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.len() {
        0 | 1 => Vec::new(),
        n => words[..n - 1].to_vec(),
    }
}

fn is_remote(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("git@")
        || s.ends_with(".git")
}

fn is_archive(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
        ".gz", ".bz2", ".xz",
    ]
    .iter()
    .any(|e| s.ends_with(e))
}

fn add_remote(r: &Resource, _: &Context<'_>) -> Verdict {
    verdict(
        all_instructions(r)
            .iter()
            .filter(|i| i.cmd == "ADD" && i.flag("checksum").is_none_or(str::is_empty))
            .filter_map(|i| {
                sources(i.args)
                    .into_iter()
                    .find(|s| is_remote(s))
                    .map(|s| i.fail(format!("ADD fetches `{s}` without a checksum")))
            })
            .collect(),
    )
}

fn add_local(r: &Resource, _: &Context<'_>) -> Verdict {
    verdict(
        all_instructions(r)
            .iter()
            .filter(|i| i.cmd == "ADD" && i.attr.lookup("heredocs").is_absent())
            .filter_map(|i| {
                let srcs = sources(i.args);
                if srcs.is_empty() || srcs.iter().any(|s| is_remote(s)) {
                    return None;
                }
                srcs.iter().find(|s| !is_archive(s)).map(|s| {
                    i.fail(format!(
                        "ADD of `{s}`, which is not an archive: COPY suffices"
                    ))
                })
            })
            .collect(),
    )
}

const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ash", "ksh"];

fn curl_pipe(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        let script = i.script();
        let mut hit = false;
        for p in pipelines(&script) {
            let mut fetched = false;
            for c in p {
                let c = super::commands(&c.join(" "))
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let Some(first) = c.first() else { continue };
                let prog = program(first);
                if prog == "curl" || prog == "wget" {
                    fetched = true;
                } else if fetched && SHELLS.contains(&prog) {
                    hit = true;
                }
            }
        }
        // `sh -c "$(curl …)"`, `bash <(wget …)`.
        for line in script.lines() {
            for sub in ["$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget"] {
                if let Some(at) = line.find(sub) {
                    let before = &line[..at];
                    if before
                        .split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|')
                        .any(|w| SHELLS.contains(&program(w)))
                    {
                        hit = true;
                    }
                }
            }
        }
        if hit {
            v.push(i.fail("RUN pipes a downloaded script into a shell"));
        }
    }
    verdict(v)
}

fn apt_recommends(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        for c in commands(&i.script()) {
            let prog = program(&c[0]);
            if (prog == "apt-get" || prog == "apt") && c.iter().any(|w| w == "install") {
                let ok = c.iter().any(|w| {
                    w == "--no-install-recommends"
                        || w.eq_ignore_ascii_case("APT::Install-Recommends=false")
                        || w.eq_ignore_ascii_case("APT::Install-Recommends=0")
                });
                if !ok {
                    v.push(i.fail(format!("`{prog} install` without --no-install-recommends")));
                    break;
                }
            }
        }
    }
    verdict(v)
}

fn apk_cache(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        let script = i.script();
        if script.contains("/var/cache/apk") && script.contains("rm ") {
            continue;
        }
        if i.flag("mount")
            .is_some_and(|m| m.contains("/var/cache/apk"))
        {
            continue;
        }
        for c in commands(&script) {
            if program(&c[0]) == "apk"
                && c.iter().any(|w| w == "add")
                && !c.iter().any(|w| w == "--no-cache")
            {
                v.push(i.fail("`apk add` without --no-cache"));
                break;
            }
        }
    }
    verdict(v)
}

trait Absent {
    fn is_absent(&self) -> bool;
}

impl Absent for crate::model::Lookup<'_> {
    fn is_absent(&self) -> bool {
        matches!(self, crate::model::Lookup::Absent)
    }
}
