//! Dockerfile rules. Each reads the `stages` of a `dockerfile` resource (see
//! [`crate::dockerfile`]); shell commands of `RUN` (heredoc bodies included) are split
//! into simple commands at `&&`, `||`, `;`, `|` and new lines, so a check looks at the
//! command a word belongs to, not at the whole line.

mod hardening;
mod supply_chain;
mod tls;

use crate::model::{mask_secretish, Attr, Lookup, Resource};
use crate::rule::{Rule, Verdict, Violation};

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(hardening::rules());
    v.extend(supply_chain::rules());
    v.extend(tls::rules());
    v
}

/// References shared by the rules.
pub(crate) const DOCKERFILE_REF: &str = "https://docs.docker.com/reference/dockerfile/";
pub(crate) const BEST_PRACTICES: &str = "https://docs.docker.com/build/building/best-practices/";

/// One instruction of a stage, with its model path.
pub(crate) struct Ins<'a> {
    pub attr: &'a Attr,
    pub path: String,
    pub cmd: &'a str,
    pub args: &'a str,
}

impl<'a> Ins<'a> {
    pub fn flag(&self, name: &str) -> Option<&'a str> {
        match self.attr.lookup(&format!("flags.{name}")) {
            Lookup::Found(a) => a.as_str(),
            _ => None,
        }
    }

    /// Arguments and heredoc bodies: what a `RUN` runs.
    pub fn script(&self) -> String {
        let mut s = self.args.to_string();
        if let Lookup::Found(h) = self.attr.lookup("heredocs") {
            for b in h.items() {
                if let Some(b) = b.as_str() {
                    s.push('\n');
                    s.push_str(b);
                }
            }
        }
        s
    }

    pub fn fail(&self, message: impl Into<String>) -> Violation {
        Violation::at(self.attr, &self.path, mask_secretish(&message.into()))
    }
}

/// The stages of a Dockerfile resource.
pub(crate) fn stages(r: &Resource) -> Vec<&Attr> {
    match r.get("stages") {
        Lookup::Found(a) => match &a.value {
            crate::model::Value::List(l) => l.iter().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The instructions of stage `si`.
pub(crate) fn instructions<'a>(stage: &'a Attr, si: usize) -> Vec<Ins<'a>> {
    let Lookup::Found(list) = stage.lookup("instructions") else {
        return Vec::new();
    };
    let crate::model::Value::List(items) = &list.value else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(ii, a)| Ins {
            attr: a,
            path: format!("stages.{si}.instructions.{ii}"),
            cmd: field(a, "cmd"),
            args: field(a, "args"),
        })
        .collect()
}

/// Every instruction of every stage.
pub(crate) fn all_instructions(r: &Resource) -> Vec<Ins<'_>> {
    stages(r)
        .into_iter()
        .enumerate()
        .flat_map(|(si, s)| instructions(s, si))
        .collect()
}

pub(crate) fn field<'a>(a: &'a Attr, key: &str) -> &'a str {
    match a.lookup(key) {
        Lookup::Found(x) => x.as_str().unwrap_or(""),
        _ => "",
    }
}

/// Simple commands of a shell script, as words, with `sudo`, `env` and leading
/// `VAR=value` assignments dropped (so `sudo curl` reads as `curl`).
pub(crate) fn commands(script: &str) -> Vec<Vec<String>> {
    pipelines(script)
        .into_iter()
        .flatten()
        .map(strip_prefixes)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Simple commands as written (`sudo` kept).
pub(crate) fn raw_commands(script: &str) -> Vec<Vec<String>> {
    pipelines(script).into_iter().flatten().collect()
}

/// Pipelines of a script (split at `&&`, `||`, `;`, new lines, `$(`, backquotes), each a
/// list of the commands joined by `|`.
pub(crate) fn pipelines(script: &str) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let normal = script
        .replace("&&", "\n")
        .replace("||", "\n")
        .replace(';', "\n")
        .replace("$(", "\n")
        .replace("<(", "\n")
        .replace(['`', '(', ')', '{', '}'], "\n");
    for line in normal.lines() {
        let cmds: Vec<Vec<String>> = line
            .split('|')
            .map(|c| {
                c.split_whitespace()
                    .map(|w| w.trim_matches(['"', '\'']).to_string())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty())
            .collect();
        if !cmds.is_empty() {
            out.push(cmds);
        }
    }
    out
}

fn strip_prefixes(mut c: Vec<String>) -> Vec<String> {
    loop {
        let Some(first) = c.first() else { return c };
        let f = first.as_str();
        if f == "sudo" || f == "env" || f == "exec" || f == "command" || f == "nohup" {
            c.remove(0);
            while c.first().is_some_and(|w| w.starts_with('-')) {
                c.remove(0);
            }
        } else if f.contains('=') && !f.starts_with('-') && !f.starts_with('=') {
            c.remove(0);
        } else {
            return c;
        }
    }
}

/// The program name of a command word (`/usr/bin/curl` → `curl`).
pub(crate) fn program(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The final stage and its index.
pub(crate) fn final_stage(r: &Resource) -> Option<(usize, &Attr)> {
    let s = stages(r);
    let n = s.len();
    s.into_iter().enumerate().nth(n.checked_sub(1)?)
}

/// `Verdict::Fail` of the violations, or pass.
pub(crate) fn verdict(v: Vec<Violation>) -> Verdict {
    if v.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(v)
    }
}
