//! The Dockerfile adapter: one resource per Dockerfile (`resource_type = "dockerfile"`),
//! whose `stages` list holds each build stage's base image and instructions, every
//! instruction with its own lines.
//!
//! The parser follows the Dockerfile reference: parser directives at the top (`# syntax=`,
//! `# escape=`), line continuations with the escape character, comment lines (also inside
//! a continued instruction), heredocs (`RUN <<EOF … EOF`, `<<-EOF`, quoted delimiters),
//! exec (JSON) and shell forms, leading `--flag=value` options, `ARG` before the first
//! `FROM` and `${VAR}` substitution in `FROM` and `USER`. A base image whose name depends
//! on an argument without a value is an unknown value, so rules about it say "not checked".

use crate::model::{
    mask_secretish, AdapterIssue, Attr, IssueSeverity, Model, Resource, SourceKind, Span, Value,
};
use std::collections::{BTreeMap, HashMap};

/// Largest Dockerfile read.
const MAX_FILE: usize = 4 * 1024 * 1024;
/// Most instructions kept.
const MAX_INSTRUCTIONS: usize = 20_000;
/// Longest result of a variable substitution.
const MAX_SUBST: usize = 64 * 1024;

/// Whether a lowercase file name is a Dockerfile: the walk's own classification, so the
/// secrets scanner and this adapter never disagree about a file.
pub fn is_dockerfile(name: &str) -> bool {
    tollgate_core::classify::is_dockerfile_name(name)
}

/// How many of a Dockerfile's `lines` come before its first instruction (the header,
/// where a suppression comment covers the whole file).
pub fn header_len(lines: &[&str]) -> usize {
    lines
        .iter()
        .position(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#')
        })
        .unwrap_or(0)
}

/// One instruction as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// Uppercase (`RUN`).
    pub cmd: String,
    /// The arguments after the flags, continuations joined with a space; for the exec
    /// form, the JSON array's strings joined with spaces.
    pub args: String,
    /// Leading `--name=value` options (`--from`, `--platform`, `--chmod`, `--mount`);
    /// a bare `--name` has the value `""`.
    pub flags: BTreeMap<String, String>,
    /// The exec form's strings, when the arguments are a JSON array.
    pub exec: Option<Vec<String>>,
    /// Heredoc bodies (`RUN <<EOF`), in order, with their delimiters.
    pub heredocs: Vec<(String, String)>,
    pub line: u32,
    pub end_line: u32,
}

impl Instruction {
    /// What the instruction runs or copies, heredoc bodies included.
    pub fn script(&self) -> String {
        let mut s = self.args.clone();
        for (_, body) in &self.heredocs {
            s.push('\n');
            s.push_str(body);
        }
        s
    }
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Parser directives (`syntax`, `escape`, `check`), lowercase names.
    pub directives: BTreeMap<String, String>,
    pub instructions: Vec<Instruction>,
    /// The last line of the file.
    pub last_line: u32,
    /// Problems met (an unterminated heredoc), with their lines.
    pub problems: Vec<(u32, String)>,
}

/// Parse a Dockerfile's text. Never fails: what cannot be read is a problem.
pub fn parse(text: &str) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut p = Parsed {
        last_line: lines.len() as u32,
        ..Parsed::default()
    };
    let mut escape = '\\';
    let mut i = 0;
    // Parser directives: `# name=value` lines before anything else.
    while i < lines.len() {
        let t = lines[i].trim();
        let Some(rest) = t.strip_prefix('#') else {
            break;
        };
        let Some((k, v)) = rest.split_once('=') else {
            break;
        };
        let k = k.trim().to_ascii_lowercase();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric()) || k.contains(' ') {
            break;
        }
        if p.directives.contains_key(&k) {
            break;
        }
        let v = v.trim().to_string();
        if k == "escape" {
            match v.as_str() {
                "`" => escape = '`',
                "\\" => escape = '\\',
                _ => p
                    .problems
                    .push((i as u32 + 1, "invalid escape directive".into())),
            }
        }
        p.directives.insert(k, v);
        i += 1;
    }
    while i < lines.len() {
        if p.instructions.len() >= MAX_INSTRUCTIONS {
            p.problems.push((
                i as u32 + 1,
                "too many instructions: the rest is not read".into(),
            ));
            break;
        }
        let first = lines[i].trim_start();
        if first.is_empty() || first.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i;
        let mut logical = String::new();
        loop {
            let raw = lines[i];
            let t = raw.trim_end();
            let skipped = i > start && (raw.trim_start().starts_with('#') || raw.trim().is_empty());
            if skipped {
                // Comment and empty lines inside a continued instruction are dropped.
            } else if let Some(body) = t.strip_suffix(escape) {
                logical.push_str(body);
                logical.push(' ');
            } else {
                logical.push_str(t);
                break;
            }
            i += 1;
            if i >= lines.len() {
                break;
            }
        }
        let mut end = i.min(lines.len() - 1);
        i = end + 1;
        let logical = logical.trim().to_string();
        let (cmd, rest) = match logical.split_once(|c: char| c.is_whitespace()) {
            Some((c, r)) => (c.to_ascii_uppercase(), r.trim().to_string()),
            None => (logical.to_ascii_uppercase(), String::new()),
        };
        let (flags, args) = if matches!(
            cmd.as_str(),
            "FROM" | "COPY" | "ADD" | "RUN" | "HEALTHCHECK"
        ) {
            split_flags(&rest)
        } else {
            (BTreeMap::new(), rest)
        };
        // Heredocs: the bodies follow the instruction's line.
        let mut heredocs = Vec::new();
        if matches!(cmd.as_str(), "RUN" | "COPY" | "ADD") {
            for (name, strip_tabs) in heredoc_names(&args) {
                let mut body = Vec::new();
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let cmp = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if cmp == name {
                        closed = true;
                        break;
                    }
                    body.push(cmp);
                }
                end = i.saturating_sub(1);
                if !closed {
                    p.problems.push((
                        start as u32 + 1,
                        format!("heredoc `{name}` is not closed before the end of the file"),
                    ));
                }
                heredocs.push((name, body.join("\n")));
            }
        }
        let exec = exec_form(&args);
        let args = match &exec {
            Some(v) => v.join(" "),
            None => args,
        };
        p.instructions.push(Instruction {
            cmd,
            args,
            flags,
            exec,
            heredocs,
            line: start as u32 + 1,
            end_line: end as u32 + 1,
        });
    }
    p
}

/// Leading `--name[=value]` options of an instruction, and the rest.
fn split_flags(rest: &str) -> (BTreeMap<String, String>, String) {
    let mut flags = BTreeMap::new();
    let mut s = rest.trim_start();
    while let Some(f) = s.strip_prefix("--") {
        let end = f.find(char::is_whitespace).unwrap_or(f.len());
        let tok = &f[..end];
        if tok.is_empty() {
            break;
        }
        let (k, v) = tok.split_once('=').unwrap_or((tok, ""));
        flags.insert(k.to_ascii_lowercase(), v.trim_matches('"').to_string());
        s = f[end..].trim_start();
    }
    (flags, s.to_string())
}

/// The heredoc delimiters of an instruction's arguments (`<<EOF`, `<<-EOF`, `<<"EOF"`),
/// with whether leading tabs are stripped.
fn heredoc_names(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(at) = rest.find("<<") {
        let mut s = &rest[at + 2..];
        // `<<<` is a here-string of the shell, not a heredoc.
        if s.starts_with('<') {
            rest = s.trim_start_matches('<');
            continue;
        }
        let strip = s.starts_with('-');
        if strip {
            s = &s[1..];
        }
        let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'');
        if let Some(q) = quote {
            s = &s[1..];
            let end = s.find(q).unwrap_or(s.len());
            let name = &s[..end];
            if !name.is_empty() {
                out.push((name.to_string(), strip));
            }
            rest = &s[(end + 1).min(s.len())..];
        } else {
            let end = s
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            let name = &s[..end];
            if !name.is_empty() && !name.chars().all(|c| c.is_ascii_digit()) {
                out.push((name.to_string(), strip));
            }
            rest = &s[end..];
        }
        if out.len() >= 16 {
            break;
        }
    }
    out
}

/// The exec form's strings, when `args` is a JSON array of strings.
fn exec_form(args: &str) -> Option<Vec<String>> {
    if !args.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(args).ok()
}

/// `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` substituted from `vars`; `None` when
/// a variable without a value is used (the result cannot be known).
pub fn substitute(s: &str, vars: &HashMap<String, String>, escape: char) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == escape && chars.get(i + 1) == Some(&'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            let close = chars[i + 2..].iter().position(|&x| x == '}')? + i + 2;
            let inner: String = chars[i + 2..close].iter().collect();
            let (name, op, word) = match inner.find(':') {
                Some(at) => (
                    &inner[..at],
                    inner[at + 1..].chars().next(),
                    inner.get(at + 2..).unwrap_or(""),
                ),
                None => (inner.as_str(), None, ""),
            };
            let val = vars.get(name).filter(|v| !v.is_empty());
            match op {
                Some('-') => out.push_str(val.map_or(word, |v| v.as_str())),
                Some('+') => {
                    if val.is_some() {
                        out.push_str(word)
                    }
                }
                _ => out.push_str(vars.get(name)?),
            }
            i = close + 1;
        } else {
            let name: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .collect();
            if name.is_empty() {
                out.push('$');
                i += 1;
                continue;
            }
            out.push_str(vars.get(&name)?);
            i += 1 + name.chars().count();
        }
        if out.len() > MAX_SUBST {
            return None;
        }
    }
    Some(out)
}

/// `image[:tag][@digest]` split, the registry's port kept in the image.
pub fn split_image(reference: &str) -> (String, Option<String>, Option<String>) {
    let (name, digest) = match reference.split_once('@') {
        Some((n, d)) => (n, Some(d.to_string())),
        None => (reference, None),
    };
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[slash..].rfind(':') {
        Some(c) => (
            name[..slash + c].to_string(),
            Some(name[slash + c + 1..].to_string()),
            digest,
        ),
        None => (name.to_string(), None, digest),
    }
}

/// `ARG name[=value]` / `ENV k=v k2=v2` / `ENV k v`: the pairs (value `None` for an ARG
/// without default).
pub fn key_values(cmd: &str, args: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let words = shell_words(args);
    if cmd == "ENV" && !words.is_empty() && !words[0].contains('=') {
        // Legacy form: `ENV key the rest is the value`.
        let rest = args.trim_start()[words[0].len().min(args.trim_start().len())..].trim();
        out.push((words[0].clone(), Some(unquote(rest))));
        return out;
    }
    for w in words {
        match w.split_once('=') {
            Some((k, v)) => out.push((k.to_string(), Some(unquote(v)))),
            None => out.push((w, None)),
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Whitespace-separated words, quotes keeping spaces inside (quotes kept in the word).
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A stage being built: its `from` map, instructions, last USER and span.
type StageParts = (BTreeMap<String, Attr>, Vec<Attr>, Option<Attr>, Span);

/// One Dockerfile as a resource.
pub fn load_file(path: &str, content: &[u8]) -> Model {
    let mut model = Model::default();
    if content.len() > MAX_FILE {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: None,
            kind: IssueSeverity::Error,
            message: "Dockerfile larger than 4 MiB: not read".into(),
        });
        return model;
    }
    let text = String::from_utf8_lossy(content);
    let p = parse(&text);
    for (line, message) in &p.problems {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: Some(*line),
            kind: IssueSeverity::Warning,
            message: mask_secretish(message),
        });
    }
    let escape = if p.directives.get("escape").map(String::as_str) == Some("`") {
        '`'
    } else {
        '\\'
    };
    let span_of = |i: &Instruction| Span::new(path, i.line, 1, i.end_line);
    let s = |v: &str, sp: &Span| Attr::new(Value::String(v.to_string()), sp.clone());
    let null = |sp: &Span| Attr::new(Value::Null, sp.clone());

    let mut global_vars: HashMap<String, String> = HashMap::new();
    let mut global_args = Vec::new();
    let mut stages: Vec<Attr> = Vec::new();
    let mut cur: Option<StageParts> = None;
    let mut stage_vars: HashMap<String, String> = HashMap::new();
    let finish = |cur: &mut Option<StageParts>, stages: &mut Vec<Attr>, end: u32| {
        if let Some((from, instrs, user, mut span)) = cur.take() {
            span.end_line = end.max(span.line);
            let mut m = BTreeMap::new();
            m.insert("from".into(), Attr::new(Value::Map(from), span.clone()));
            m.insert(
                "instructions".into(),
                Attr::new(Value::List(instrs), span.clone()),
            );
            m.insert(
                "user".into(),
                user.unwrap_or_else(|| Attr::new(Value::Null, span.clone())),
            );
            stages.push(Attr::new(Value::Map(m), span));
        }
    };
    let mut last_end = 0;
    for ins in &p.instructions {
        let sp = span_of(ins);
        let mut im = BTreeMap::new();
        im.insert("cmd".into(), s(&ins.cmd, &sp));
        im.insert("args".into(), s(&ins.args, &sp));
        im.insert(
            "flags".into(),
            Attr::new(
                Value::Map(
                    ins.flags
                        .iter()
                        .map(|(k, v)| (k.clone(), s(v, &sp)))
                        .collect(),
                ),
                sp.clone(),
            ),
        );
        im.insert(
            "line".into(),
            Attr::new(Value::Number(ins.line as f64), sp.clone()),
        );
        if let Some(e) = &ins.exec {
            im.insert(
                "exec".into(),
                Attr::new(
                    Value::List(e.iter().map(|x| s(x, &sp)).collect()),
                    sp.clone(),
                ),
            );
        }
        if !ins.heredocs.is_empty() {
            im.insert(
                "heredocs".into(),
                Attr::new(
                    Value::List(ins.heredocs.iter().map(|(_, b)| s(b, &sp)).collect()),
                    sp.clone(),
                ),
            );
        }
        let iattr = Attr::new(Value::Map(im), sp.clone());
        if ins.cmd == "FROM" {
            finish(&mut cur, &mut stages, last_end);
            stage_vars = HashMap::new();
            let words = shell_words(&ins.args);
            let reference = words.first().cloned().unwrap_or_default();
            let alias = match (words.get(1), words.get(2)) {
                (Some(a), Some(name)) if a.eq_ignore_ascii_case("as") => Some(name.clone()),
                _ => None,
            };
            let mut from = BTreeMap::new();
            match substitute(&reference, &global_vars, escape) {
                Some(r) if !r.is_empty() => {
                    let (image, tag, digest) = split_image(&r);
                    from.insert("image".into(), s(&image, &sp));
                    from.insert("tag".into(), tag.map_or_else(|| null(&sp), |t| s(&t, &sp)));
                    from.insert(
                        "digest".into(),
                        digest.map_or_else(|| null(&sp), |d| s(&d, &sp)),
                    );
                }
                _ => {
                    let why = mask_secretish(&format!(
                        "base image `{reference}` depends on a build argument without a value"
                    ));
                    for k in ["image", "tag", "digest"] {
                        from.insert(k.into(), Attr::unknown(why.clone(), sp.clone()));
                    }
                }
            }
            from.insert(
                "alias".into(),
                alias.map_or_else(|| null(&sp), |a| s(&a, &sp)),
            );
            from.insert(
                "platform".into(),
                ins.flags
                    .get("platform")
                    .map_or_else(|| null(&sp), |v| s(v, &sp)),
            );
            from.insert("raw".into(), s(&reference, &sp));
            cur = Some((from, Vec::new(), None, sp.clone()));
            last_end = ins.end_line;
            continue;
        }
        last_end = ins.end_line;
        match &mut cur {
            None => {
                if ins.cmd == "ARG" {
                    for (k, v) in key_values("ARG", &ins.args) {
                        if let Some(v) = v {
                            global_vars.insert(k, v);
                        }
                    }
                }
                global_args.push(iattr);
            }
            Some((_, instrs, user, _)) => {
                if ins.cmd == "ARG" || ins.cmd == "ENV" {
                    for (k, v) in key_values(&ins.cmd, &ins.args) {
                        match v {
                            Some(v) => {
                                let v = substitute(&v, &stage_vars, escape).unwrap_or(v);
                                stage_vars.insert(k, v);
                            }
                            // `ARG x` inside a stage brings in the global value.
                            None => {
                                if let Some(g) = global_vars.get(&k) {
                                    stage_vars.insert(k, g.clone());
                                }
                            }
                        }
                    }
                }
                if ins.cmd == "USER" {
                    *user = Some(match substitute(ins.args.trim(), &stage_vars, escape) {
                        Some(u) => s(&u, &sp),
                        None => Attr::unknown(
                            mask_secretish(&format!(
                                "USER `{}` depends on a variable without a value",
                                ins.args.trim()
                            )),
                            sp.clone(),
                        ),
                    });
                }
                instrs.push(iattr);
            }
        }
    }
    finish(&mut cur, &mut stages, last_end);
    if stages.is_empty() && p.instructions.iter().any(|i| i.cmd != "ARG") {
        model.issues.push(AdapterIssue {
            path: path.into(),
            line: p.instructions.first().map(|i| i.line),
            kind: IssueSeverity::Warning,
            message: "Dockerfile has no FROM instruction".into(),
        });
    }
    let span = Span::new(path, 1, 1, p.last_line.max(1));
    let mut attrs = BTreeMap::new();
    attrs.insert(
        "stages".into(),
        Attr::new(Value::List(stages), span.clone()),
    );
    attrs.insert(
        "global_args".into(),
        Attr::new(Value::List(global_args), span.clone()),
    );
    attrs.insert(
        "directives".into(),
        Attr::new(
            Value::Map(
                p.directives
                    .iter()
                    .map(|(k, v)| (k.clone(), s(v, &span)))
                    .collect(),
            ),
            span.clone(),
        ),
    );
    model.resources.push(Resource {
        source: SourceKind::Dockerfile,
        resource_type: "dockerfile".into(),
        native_type: "Dockerfile".into(),
        address: path.to_string(),
        provider: "docker".into(),
        span: span.clone(),
        attrs: Attr::new(Value::Map(attrs), span),
        references: Vec::new(),
    });
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_split_with_registry_ports() {
        assert_eq!(
            split_image("registry:5000/team/app:1.2@sha256:ab"),
            (
                "registry:5000/team/app".into(),
                Some("1.2".into()),
                Some("sha256:ab".into())
            )
        );
        assert_eq!(split_image("alpine"), ("alpine".into(), None, None));
        assert_eq!(
            split_image("registry:5000/app"),
            ("registry:5000/app".into(), None, None)
        );
    }

    #[test]
    fn substitution_forms() {
        let mut v = HashMap::new();
        v.insert("A".to_string(), "x".to_string());
        assert_eq!(substitute("$A-${A}", &v, '\\').as_deref(), Some("x-x"));
        assert_eq!(substitute("${B:-d}", &v, '\\').as_deref(), Some("d"));
        assert_eq!(substitute("${A:+y}${B:+y}", &v, '\\').as_deref(), Some("y"));
        assert_eq!(substitute("${B}", &v, '\\'), None);
        assert_eq!(substitute("\\$A", &v, '\\').as_deref(), Some("$A"));
    }
}
