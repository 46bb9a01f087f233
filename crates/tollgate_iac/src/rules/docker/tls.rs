//! Transport security of what a build downloads.

use super::{all_instructions, commands, program, verdict, Ins, BEST_PRACTICES};
use crate::dockerfile::key_values;
use crate::model::Resource;
use crate::rule::{Context, Rule, RuleDef, Verdict};
use tollgate_core::Severity;

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            def: RuleDef {
                slug: "docker/insecure-download",
                title: "Download with TLS certificate checks turned off",
                severity: Severity::High,
                cwe: &[295, 319],
                tags: &["tls", "supply-chain"],
                types: &["dockerfile"],
                finds: "A `RUN` that downloads with certificate verification off: `curl -k`/`--insecure`, `wget --no-check-certificate`, git with `http.sslVerify=false`, apt with `Verify-Peer=false`; or `ENV GIT_SSL_NO_VERIFY` set.",
                why: "Without certificate checks anyone on the network path — a proxy, a hijacked DNS answer — can replace the downloaded binary or package, and the build puts it into a payment service. PCI DSS requirement 4 and DORA expect strong cryptography to protect data and software in transit.",
                fix: "Remove the flag and make the build trust the right CA instead (copy the corporate CA into `/usr/local/share/ca-certificates` and run `update-ca-certificates`).",
                references: &["https://curl.se/docs/sslcerts.html", BEST_PRACTICES],
                aliases: &[],
            },
            check: insecure_download,
        },
        Rule {
            def: RuleDef {
                slug: "docker/pip-untrusted-index",
                title: "pip installs from an untrusted or plain-HTTP index",
                severity: Severity::High,
                cwe: &[295, 319, 829],
                tags: &["tls", "supply-chain"],
                types: &["dockerfile"],
                finds: "`pip install` with `--trusted-host`, or with `--index-url`/`-i`/`--extra-index-url` over `http://`; `pip config set` of the same; or `ENV PIP_TRUSTED_HOST` / `PIP_INDEX_URL=http://…`. An `https://` index is fine.",
                why: "`--trusted-host` turns off certificate checks and an `http://` index has none: Python packages — code that runs in the service — can be swapped in transit. For a bank that is unverified third-party code, against PCI DSS requirements 4 and 6 and DORA's third-party risk rules.",
                fix: "Use an `https://` index whose certificate the build trusts (`PIP_CERT=/path/ca.pem` for an internal CA) and drop `--trusted-host`; pin hashes with `--require-hashes`.",
                references: &["https://pip.pypa.io/en/stable/topics/https-certificates/"],
                aliases: &[],
            },
            check: pip_index,
        },
        Rule {
            def: RuleDef {
                slug: "docker/npm-tls-verification-off",
                title: "npm/yarn or Node TLS verification turned off",
                severity: Severity::High,
                cwe: &[295],
                tags: &["tls", "supply-chain"],
                types: &["dockerfile"],
                finds: "`npm`/`yarn`/`pnpm` with `strict-ssl` set to false (`npm config set strict-ssl false`, `--strict-ssl=false`, `strict-ssl=false` written to `.npmrc`), or `ENV NPM_CONFIG_STRICT_SSL=false` / `NODE_TLS_REJECT_UNAUTHORIZED=0`.",
                why: "With certificate checks off, packages fetched by the build — or, with `NODE_TLS_REJECT_UNAUTHORIZED=0` in the image, every HTTPS call the running service makes to a payment processor — can be intercepted and altered. PCI DSS requirement 4 forbids that for cardholder data in transit.",
                fix: "Remove the setting; for an internal registry or proxy, trust its CA with `npm config set cafile /path/ca.pem` or `NODE_EXTRA_CA_CERTS`.",
                references: &["https://docs.npmjs.com/cli/using-npm/config#strict-ssl"],
                aliases: &[],
            },
            check: npm_tls,
        },
    ]
}

/// Every `ENV` pair of the Dockerfile, with its instruction.
fn env_pairs(r: &Resource) -> Vec<(Ins<'_>, String, String)> {
    let mut out = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "ENV") {
        for (k, v) in key_values("ENV", i.args) {
            if let Some(v) = v {
                out.push((
                    Ins {
                        attr: i.attr,
                        path: i.path.clone(),
                        cmd: i.cmd,
                        args: i.args,
                    },
                    k,
                    v,
                ));
            }
        }
    }
    out
}

fn falsy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

fn insecure_download(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        let mut why = None;
        for c in commands(&i.script()) {
            let prog = program(&c[0]);
            let words = &c[1..];
            let bad = match prog {
                "curl" => words.iter().any(|w| {
                    w == "--insecure"
                        || (w.starts_with('-')
                            && !w.starts_with("--")
                            && w.len() > 1
                            && w[1..].chars().all(|ch| ch.is_ascii_alphabetic())
                            && w.contains('k'))
                }),
                "wget" => words.iter().any(|w| w == "--no-check-certificate"),
                "git" => {
                    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
                    lower.iter().any(|w| w == "http.sslverify=false")
                        || lower
                            .windows(2)
                            .any(|p| p[0] == "http.sslverify" && falsy(&p[1]))
                }
                "apt-get" | "apt" => words
                    .iter()
                    .any(|w| w.to_ascii_lowercase().contains("verify-peer=false")),
                _ => false,
            };
            if bad {
                why = Some(prog.to_string());
                break;
            }
        }
        if let Some(p) = why {
            v.push(i.fail(format!("`{p}` downloads with certificate verification off")));
        }
    }
    for (i, k, val) in env_pairs(r) {
        if k == "GIT_SSL_NO_VERIFY" && !val.is_empty() && !falsy(&val) {
            v.push(i.fail("ENV GIT_SSL_NO_VERIFY turns git's certificate checks off"));
        }
    }
    verdict(v)
}

fn pip_index(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        let mut hit = None;
        for c in commands(&i.script()) {
            let prog = program(&c[0]);
            let is_pip = prog.starts_with("pip")
                || (prog.starts_with("python")
                    && c.get(1).is_some_and(|w| w == "-m")
                    && c.get(2).is_some_and(|w| w.starts_with("pip")));
            if !is_pip {
                continue;
            }
            for (n, w) in c.iter().enumerate() {
                let next = c.get(n + 1).map(String::as_str).unwrap_or("");
                if w == "--trusted-host"
                    || w.starts_with("--trusted-host=")
                    || w.ends_with(".trusted-host")
                {
                    hit = Some("--trusted-host".to_string());
                }
                for opt in ["--index-url", "--extra-index-url", "-i"] {
                    let val = if w == opt {
                        Some(next)
                    } else {
                        w.strip_prefix(&format!("{opt}="))
                    };
                    if val.is_some_and(|u| u.to_ascii_lowercase().starts_with("http://")) {
                        hit = Some(format!("{opt} over http://"));
                    }
                }
                if (w.ends_with(".index-url") || w.ends_with(".extra-index-url"))
                    && next.to_ascii_lowercase().starts_with("http://")
                {
                    hit = Some("an http:// index".to_string());
                }
            }
        }
        if let Some(h) = hit {
            v.push(i.fail(format!("pip installs with {h}")));
        }
    }
    for (i, k, val) in env_pairs(r) {
        let http = val.to_ascii_lowercase().starts_with("http://");
        if (k == "PIP_TRUSTED_HOST" && !val.is_empty())
            || ((k == "PIP_INDEX_URL" || k == "PIP_EXTRA_INDEX_URL") && http)
        {
            v.push(i.fail(format!("ENV `{k}` makes pip trust an unverified index")));
        }
    }
    verdict(v)
}

fn npm_tls(r: &Resource, _: &Context<'_>) -> Verdict {
    let mut v = Vec::new();
    for i in all_instructions(r).into_iter().filter(|i| i.cmd == "RUN") {
        let script = i.script();
        let mut hit = script.contains("strict-ssl=false");
        for c in commands(&script) {
            let prog = program(&c[0]);
            if !matches!(prog, "npm" | "yarn" | "pnpm") {
                continue;
            }
            if c.windows(2)
                .any(|p| (p[0] == "strict-ssl" || p[0] == "--strict-ssl") && falsy(&p[1]))
                || c.iter()
                    .any(|w| w == "--strict-ssl=false" || w == "--no-strict-ssl")
            {
                hit = true;
            }
        }
        if hit {
            v.push(i.fail("npm strict-ssl is turned off"));
        }
    }
    for (i, k, val) in env_pairs(r) {
        let up = k.to_ascii_uppercase();
        if (up == "NPM_CONFIG_STRICT_SSL" && falsy(&val))
            || (k == "NODE_TLS_REJECT_UNAUTHORIZED" && val.trim() == "0")
        {
            v.push(i.fail(format!("ENV `{k}` turns TLS certificate checks off")));
        }
    }
    verdict(v)
}
