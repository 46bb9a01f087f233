//! Custom gates in Rego (the Open Policy Agent language), evaluated by regorus over the
//! whole JSON report. A policy declares `package tollgate.gate` and sets of messages:
//! `deny` fails the gate, `warn` warns. Either may be left out.
//!
//! ```rego
//! package tollgate.gate
//! deny contains msg if {
//!     some f in input.findings
//!     f.rule_id == "secrets/stripe-secret-key"
//!     msg := sprintf("live Stripe key in %s", [f.location.path])
//! }
//! ```
//!
//! Evaluation is bounded. regorus checks a time limit between interpreter steps but cannot
//! bound memory or recursion depth, so by default the policies run in a child process (this
//! executable again, with the hidden [`CHILD_SUBCOMMAND`]) under an address-space and CPU
//! limit, a wall-clock deadline and a fixed stack. A child that runs out of any of them, or
//! dies in any other way, is a policy error: never a pass.

use std::ffi::OsString;
use std::fmt;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use regorus::utils::limits::ExecutionTimerConfig;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use tollgate_core::redact::{quote, scrub};

/// The hidden subcommand of the `tollgate` binary that runs [`serve_child`].
pub const CHILD_SUBCOMMAND: &str = "__rego-eval";

/// The package policies declare.
const PACKAGE: [&str; 2] = ["tollgate", "gate"];
/// The rules the gate reads: deny fails, warn warns.
const RULES: [&str; 2] = ["deny", "warn"];
/// What the child writes to standard error before each stage, so that a crash can be
/// attributed to a rule.
const PROGRESS: &str = "tollgate-rego: evaluating ";
/// Standard error kept from the child: progress lines and a crash message.
const STDERR_CAP: usize = 64 * 1024;

fn rule_path(rule: &str) -> String {
    format!("data.{}.{rule}", PACKAGE.join("."))
}

const MIB: u64 = 1024 * 1024;

/// Resource limits on one evaluation of the policies over a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for the whole evaluation; CPU time is capped at the next whole
    /// second above it.
    pub time: Duration,
    /// Address space of the evaluator process besides its stack, in bytes.
    pub memory: u64,
    /// Stack of the evaluating thread, in bytes: bounds the depth of recursion.
    pub stack: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(2),
            memory: 512 * MIB,
            stack: 64 * MIB,
        }
    }
}

/// Where the policies are evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sandbox {
    /// This executable again, with [`CHILD_SUBCOMMAND`] (the default). A program that
    /// embeds this crate must route that subcommand to [`serve_child`]; otherwise every
    /// evaluation fails (closed).
    CurrentExe,
    /// `program` with `args`, which must serve the protocol of [`serve_child`].
    Command {
        program: PathBuf,
        args: Vec<OsString>,
    },
    /// In this process, for callers that cannot start one. Only the time limit holds, and
    /// only between interpreter steps: memory and recursion depth are unbounded, and a
    /// policy that exhausts either aborts the process.
    InProcess,
}

/// A resource limit an evaluation ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Time(Duration),
    Memory(u64),
    Stack(u64),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Time(t) if t.subsec_millis() == 0 => {
                write!(f, "time limit of {} s", t.as_secs())
            }
            Limit::Time(t) => write!(f, "time limit of {} ms", t.as_millis()),
            Limit::Memory(b) => write!(f, "memory limit of {}", bytes(*b)),
            Limit::Stack(b) => write!(f, "stack limit of {}", bytes(*b)),
        }
    }
}

fn bytes(n: u64) -> String {
    if n / MIB * MIB == n {
        format!("{} MiB", n / MIB)
    } else if n / 1024 * 1024 == n {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// The policy files an error is about and, when known, the line and column in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub files: Vec<PathBuf>,
    pub line: Option<(u32, u32)>,
}

impl Origin {
    fn files(files: &[PathBuf]) -> Origin {
        Origin {
            files: files.to_vec(),
            line: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.files.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", p.display())?;
        }
        if let Some((line, col)) = self.line {
            write!(f, ":{line}:{col}")?;
        }
        Ok(())
    }
}

/// Every error names the policy files it is about.
#[derive(Debug, thiserror::Error)]
pub enum RegoError {
    /// A policy cannot be read or parsed, or the set cannot gate anything.
    #[error("{origin}: {message}")]
    Load { origin: Origin, message: String },
    /// A rule failed to evaluate, or its value is not a set of messages.
    #[error("{origin}: evaluating {rule}: {message}")]
    Eval {
        origin: Origin,
        rule: String,
        message: String,
    },
    /// Evaluation ran into a resource limit.
    #[error("policy evaluation exceeded its {limit} in {origin}{}", during(rule))]
    Limit {
        origin: Origin,
        rule: Option<String>,
        limit: Limit,
    },
    /// The evaluator process could not be run, died, or gave no usable answer.
    #[error("{origin}: policy evaluation failed: {message}")]
    Evaluator { origin: Origin, message: String },
}

fn during(rule: &Option<String>) -> String {
    rule.as_ref()
        .map(|r| format!(" (evaluating {r})"))
        .unwrap_or_default()
}

/// Loaded policies.
pub struct RegoGate {
    /// The policy files, in load order.
    pub files: Vec<PathBuf>,
    texts: Vec<String>,
    /// For each of [`RULES`], the indexes of the files that declare it; empty: undefined.
    declared: [Vec<usize>; 2],
    limits: Limits,
    sandbox: Sandbox,
    /// Parsed at load; rebuilt if an in-process evaluation panicked.
    engine: Option<regorus::Engine>,
}

impl RegoGate {
    /// Load policy files; a directory contributes every `.rego` file in it, sorted. Each
    /// file must parse, and together they must declare `deny` or `warn` in package
    /// `tollgate.gate`. Evaluation uses [`Limits::default`] and [`Sandbox::CurrentExe`].
    pub fn load(paths: &[PathBuf]) -> Result<RegoGate, RegoError> {
        let mut files: Vec<PathBuf> = Vec::new();
        for p in paths {
            let found = if p.is_dir() {
                let mut in_dir: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(|e| RegoError::Load {
                        origin: Origin::files(std::slice::from_ref(p)),
                        message: format!("cannot read the directory: {e}"),
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.extension().is_some_and(|x| x == "rego"))
                    .collect();
                in_dir.sort();
                in_dir
            } else {
                vec![p.clone()]
            };
            // The same file named twice would declare every rule twice.
            for f in found {
                if !files.contains(&f) {
                    files.push(f);
                }
            }
        }
        if files.is_empty() {
            return Err(RegoError::Load {
                origin: Origin::files(paths),
                message: "no .rego policy files".into(),
            });
        }
        let texts = read_texts(&files)?;
        let engine = parse(&files, &texts)?;
        let declared = declarations(&engine, &files)?;
        if declared.iter().all(Vec::is_empty) {
            let mut packages: Vec<String> = engine
                .get_policy_package_components()
                .map(|ps| ps.iter().map(|p| quote(&p.components.join("."))).collect())
                .unwrap_or_default();
            packages.sort();
            packages.dedup();
            return Err(RegoError::Load {
                origin: Origin::files(&files),
                message: format!(
                    "no rule deny or warn in package {} (packages found: {}), so the policies could never fail or warn",
                    PACKAGE.join("."),
                    packages.join(", ")
                ),
            });
        }
        Ok(RegoGate {
            files,
            texts,
            declared,
            limits: Limits::default(),
            sandbox: Sandbox::CurrentExe,
            engine: Some(engine),
        })
    }

    /// The same policies under other limits.
    pub fn with_limits(mut self, limits: Limits) -> RegoGate {
        self.limits = limits;
        self
    }

    /// The same policies evaluated elsewhere.
    pub fn with_sandbox(mut self, sandbox: Sandbox) -> RegoGate {
        self.sandbox = sandbox;
        self
    }

    /// SHA-256 of each policy file's text, sorted: what the configuration digest records
    /// of the policies (their paths vary between machines, their text does not).
    pub fn digests(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .texts
            .iter()
            .map(|t| tollgate_core::fingerprint::sha256_hex(t.as_bytes()))
            .collect();
        out.sort();
        out
    }

    /// The limits evaluation runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// (deny, warn) messages for a report given as JSON, each sorted and deduplicated.
    pub fn evaluate(&mut self, report_json: &str) -> Result<(Vec<String>, Vec<String>), RegoError> {
        let wanted: Vec<usize> = (0..RULES.len())
            .filter(|&r| !self.declared[r].is_empty())
            .collect();
        let rules: Vec<String> = wanted.iter().map(|&r| rule_path(RULES[r])).collect();
        let values = self.eval_raw(report_json, &rules)?;
        if values.len() != wanted.len() || values.iter().zip(&rules).any(|(v, r)| &v.rule != r) {
            return Err(RegoError::Evaluator {
                origin: Origin::files(&self.files),
                message: "the evaluator answered for other rules than asked".into(),
            });
        }
        let mut out = [Vec::new(), Vec::new()];
        for (&r, value) in wanted.iter().zip(values) {
            out[r] = self.messages(r, value)?;
        }
        let [deny, warn] = out;
        Ok((deny, warn))
    }

    /// Policies already read and parsed, none of them declaring the gate's rules: for
    /// evaluating other rules with [`RegoGate::eval_raw`].
    pub(crate) fn from_parts(
        files: Vec<PathBuf>,
        texts: Vec<String>,
        engine: regorus::Engine,
    ) -> RegoGate {
        RegoGate {
            files,
            texts,
            declared: [Vec::new(), Vec::new()],
            limits: Limits::default(),
            sandbox: Sandbox::CurrentExe,
            engine: Some(engine),
        }
    }

    /// The values of `rules` (full paths) over `input` (JSON), evaluated where the
    /// sandbox says and under the limits.
    pub(crate) fn eval_raw(
        &mut self,
        input: &str,
        rules: &[String],
    ) -> Result<Vec<RuleValue>, RegoError> {
        let report_json = input;
        let values = match self.sandbox.clone() {
            Sandbox::InProcess => self.evaluate_in_process(report_json, rules)?,
            Sandbox::CurrentExe => {
                let exe = std::env::current_exe().map_err(|e| RegoError::Evaluator {
                    origin: Origin::files(&self.files),
                    message: format!("cannot find this executable to run the policies: {e}"),
                })?;
                self.evaluate_in_child(&exe, &[CHILD_SUBCOMMAND.into()], report_json, rules)?
            }
            Sandbox::Command { program, args } => {
                self.evaluate_in_child(&program, &args, report_json, rules)?
            }
        };
        if values.len() != rules.len() || values.iter().zip(rules).any(|(v, r)| &v.rule != r) {
            return Err(RegoError::Evaluator {
                origin: Origin::files(&self.files),
                message: "the evaluator answered for other rules than asked".into(),
            });
        }
        Ok(values)
    }

    fn declaring(&self, rule: usize) -> Vec<PathBuf> {
        self.declared[rule]
            .iter()
            .map(|&i| self.files[i].clone())
            .collect()
    }

    /// The files a failure in `rule` (a full path, if known) is about.
    fn origin_of(&self, rule: Option<&str>) -> Origin {
        let files = RULES
            .iter()
            .position(|r| Some(rule_path(r).as_str()) == rule)
            .map(|r| self.declaring(r))
            .unwrap_or_else(|| self.files.clone());
        Origin { files, line: None }
    }

    /// The messages of a rule's value; anything but a set or array of strings (or of
    /// objects with a string `msg`), a string or a boolean is an error.
    fn messages(&self, rule: usize, value: RuleValue) -> Result<Vec<String>, RegoError> {
        let bad = |message: String| RegoError::Eval {
            origin: Origin::files(&self.declaring(rule)),
            rule: value.rule.clone(),
            message,
        };
        const SHAPE: &str = "must be a set of messages (strings, or objects with a string msg), a string or a boolean";
        if !value.defined {
            return Ok(Vec::new());
        }
        let mut out = match &value.value {
            Json::Bool(true) => vec![format!("{} is true", value.rule)],
            Json::Bool(false) => Vec::new(),
            Json::String(s) => vec![s.clone()],
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Json::String(s) => out.push(s.clone()),
                        Json::Object(o) => match o.get("msg") {
                            Some(Json::String(s)) => out.push(s.clone()),
                            Some(other) => {
                                return Err(bad(format!(
                                    "{SHAPE}; it holds an object whose msg is {}",
                                    kind(other)
                                )))
                            }
                            None => {
                                return Err(bad(format!("{SHAPE}; it holds an object without msg")))
                            }
                        },
                        other => return Err(bad(format!("{SHAPE}; it holds {}", kind(other)))),
                    }
                }
                out
            }
            other => return Err(bad(format!("{SHAPE}; it is {}", kind(other)))),
        };
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn evaluate_in_process(
        &mut self,
        input: &str,
        rules: &[String],
    ) -> Result<Vec<RuleValue>, RegoError> {
        let mut engine = match self.engine.take() {
            Some(e) => e,
            None => build_engine(&sources(&self.files, &self.texts)).map_err(|(i, e)| {
                RegoError::Load {
                    origin: Origin::files(&self.files[i..=i]),
                    message: split_located(&e.to_string()).1,
                }
            })?,
        };
        let time = self.limits.time;
        let mut current = None;
        let result = catch_unwind(AssertUnwindSafe(|| {
            set_input(&mut engine, input)?;
            evaluate_rules(&mut engine, rules, time, &mut |rule| {
                current = Some(rule.to_string())
            })
        }));
        match result {
            Ok(r) => {
                self.engine = Some(engine);
                r.map_err(|f| self.failure(f))
            }
            // The engine may be half-way through an update: drop it.
            Err(panic) => Err(self.failure(panic_failure(current, panic))),
        }
    }

    fn evaluate_in_child(
        &self,
        program: &Path,
        args: &[OsString],
        input: &str,
        rules: &[String],
    ) -> Result<Vec<RuleValue>, RegoError> {
        let failed = |message: String| RegoError::Evaluator {
            origin: Origin::files(&self.files),
            message,
        };
        let request = Request {
            policies: sources(&self.files, &self.texts)
                .into_iter()
                .map(|(name, text)| PolicyText {
                    name,
                    text: text.to_string(),
                })
                .collect(),
            rules: rules.to_vec(),
            time_ms: u64::try_from(self.limits.time.as_millis()).unwrap_or(u64::MAX),
            stack: self.limits.stack,
        };
        let mut header = serde_json::to_vec(&request)
            .map_err(|e| failed(format!("cannot write the request: {e}")))?;
        header.push(b'\n');

        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        confine(&mut cmd, &self.limits);
        let started = Instant::now();
        let mut child = cmd.spawn().map_err(|e| {
            failed(format!(
                "cannot start the evaluator {}: {e}",
                program.display()
            ))
        })?;
        // A day stands for "no limit": an Instant cannot hold any Duration.
        let deadline = started + self.limits.time.min(Duration::from_secs(86_400));
        let mut stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let answer_cap =
            usize::try_from(self.limits.memory.saturating_add(MIB)).unwrap_or(usize::MAX);

        let (waited, answer, errors) = std::thread::scope(|s| {
            s.spawn(move || {
                if let Some(w) = stdin.as_mut() {
                    // A child that stops reading (it crashed, or was killed) is judged by
                    // its exit status, not by this write.
                    let _ = w
                        .write_all(&header)
                        .and_then(|_| w.write_all(input.as_bytes()));
                }
                drop(stdin);
            });
            let out = s.spawn(move || read_capped(stdout, answer_cap));
            let err = s.spawn(move || read_capped(stderr, STDERR_CAP));
            let waited = wait_until(&mut child, deadline);
            let answer = out.join().unwrap_or_default();
            let errors = err.join().unwrap_or_default();
            (waited, answer, errors)
        });
        let (status, killed) =
            waited.map_err(|e| failed(format!("cannot wait for the evaluator: {e}")))?;
        let errors = String::from_utf8_lossy(&errors.0);
        let stage = errors
            .lines()
            .filter_map(|l| l.strip_prefix(PROGRESS))
            .next_back()
            .map(str::to_string);
        let limit = |limit: Limit| RegoError::Limit {
            origin: self.origin_of(stage.as_deref()),
            rule: stage.clone(),
            limit,
        };
        if status.success() {
            if answer.1 {
                return Err(failed(format!(
                    "its answer is larger than {}",
                    bytes(answer_cap as u64)
                )));
            }
            let response: Response = serde_json::from_slice(&answer.0).map_err(|e| {
                failed(format!(
                    "unreadable answer from the evaluator: {}",
                    scrub(&e.to_string())
                ))
            })?;
            return match response {
                Response::Values(v) => Ok(v),
                Response::Failed(mut f) => {
                    f.rule = f.rule.or(stage);
                    Err(self.failure(f))
                }
            };
        }
        if killed {
            return Err(limit(Limit::Time(self.limits.time)));
        }
        // Rust's runtime reports these two before it aborts.
        if errors.contains("memory allocation of") {
            return Err(limit(Limit::Memory(self.limits.memory)));
        }
        if errors.contains("has overflowed its stack") {
            return Err(limit(Limit::Stack(self.limits.stack)));
        }
        if exceeded_cpu(&status) {
            return Err(limit(Limit::Time(self.limits.time)));
        }
        let said = errors
            .lines()
            .find(|l| !l.starts_with(PROGRESS) && !l.trim().is_empty())
            .map(|l| format!(": {}", scrub(l)))
            .unwrap_or_default();
        Err(failed(format!("the evaluator {}{said}", describe(&status))))
    }

    fn failure(&self, f: Failure) -> RegoError {
        let origin = self.origin_of(f.rule.as_deref());
        match f.kind {
            FailureKind::Time => RegoError::Limit {
                origin,
                rule: f.rule,
                limit: Limit::Time(self.limits.time),
            },
            FailureKind::Memory => RegoError::Limit {
                origin,
                rule: f.rule,
                limit: Limit::Memory(self.limits.memory),
            },
            FailureKind::Policy => {
                let (at, text) = split_located(&f.message);
                // regorus names the file and line; prefer it over the declaring files.
                let origin = match at.and_then(|(name, l, c)| {
                    self.files
                        .iter()
                        .find(|p| p.display().to_string() == name)
                        .map(|p| (p.clone(), l, c))
                }) {
                    Some((p, l, c)) => Origin {
                        files: vec![p],
                        line: Some((l, c)),
                    },
                    None => origin,
                };
                RegoError::Eval {
                    origin,
                    rule: f.rule.unwrap_or_else(|| "the policies".into()),
                    // Runtime errors quote values from the report.
                    message: scrub(&text),
                }
            }
            FailureKind::Input => RegoError::Evaluator {
                origin,
                message: format!("the report is not valid input: {}", scrub(&f.message)),
            },
            FailureKind::Internal => RegoError::Evaluator {
                origin,
                message: scrub(&f.message),
            },
        }
    }
}

/// Resolve configured policy paths relative to the configuration's directory.
pub fn resolve(base: &Path, paths: &[String]) -> Vec<PathBuf> {
    paths.iter().map(|p| base.join(p)).collect()
}

/// The evaluator process. Reads a request (one line of JSON with the policies, the rules
/// and the limits, then the report as JSON) from `input`, evaluates on a thread with the
/// requested stack, and writes the answer as JSON to `output`; before each rule, a progress
/// line goes to `progress`. Returns the exit status. Resource limits are set by the parent;
/// the caller should silence the panic hook, as a panic message may quote the report.
pub fn serve_child(
    mut input: impl Read,
    mut output: impl Write,
    progress: impl Write + Send,
) -> u8 {
    let mut bytes = Vec::new();
    let response = match input.read_to_end(&mut bytes) {
        Err(e) => Response::Failed(Failure::internal(format!("cannot read the request: {e}"))),
        Ok(_) => serve(bytes, progress),
    };
    match serde_json::to_writer(&mut output, &response)
        .map_err(std::io::Error::from)
        .and_then(|_| output.flush())
    {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn serve(mut bytes: Vec<u8>, mut progress: impl Write + Send) -> Response {
    let split = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let request: Request = match serde_json::from_slice(&bytes[..split]) {
        Ok(r) => r,
        Err(e) => return Response::Failed(Failure::internal(format!("bad request: {e}"))),
    };
    // The report stays in this buffer, in place: it may be most of the address space.
    bytes.drain(..(split + 1).min(bytes.len()));
    let report = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return Response::Failed(Failure {
                rule: None,
                kind: FailureKind::Input,
                message: e.to_string(),
            })
        }
    };
    let stack = usize::try_from(request.stack).unwrap_or(usize::MAX);
    let time = Duration::from_millis(request.time_ms);
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("rego-eval".into())
            .stack_size(stack)
            .spawn_scoped(s, move || {
                let sources: Vec<(String, &str)> = request
                    .policies
                    .iter()
                    .map(|p| (p.name.clone(), p.text.as_str()))
                    .collect();
                let mut engine = build_engine(&sources)
                    .map_err(|(_, e)| Failure::internal(format!("a policy does not parse: {e}")))?;
                set_input(&mut engine, &report)?;
                // Only its parsed form is needed from here on.
                drop(report);
                evaluate_rules(&mut engine, &request.rules, time, &mut |rule| {
                    let _ = writeln!(progress, "{PROGRESS}{rule}");
                    let _ = progress.flush();
                })
            });
        match worker {
            // Under the address-space limit, even the stack may not fit.
            Err(e) => Response::Failed(Failure {
                rule: None,
                kind: FailureKind::Memory,
                message: format!("cannot start the evaluating thread: {e}"),
            }),
            Ok(handle) => match handle.join() {
                Ok(Ok(values)) => Response::Values(values),
                Ok(Err(f)) => Response::Failed(f),
                Err(panic) => Response::Failed(panic_failure(None, panic)),
            },
        }
    })
}

/// The text of each policy file.
pub(crate) fn read_texts(files: &[PathBuf]) -> Result<Vec<String>, RegoError> {
    let mut texts = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| RegoError::Load {
            origin: Origin::files(std::slice::from_ref(f)),
            message: format!("cannot read: {e}"),
        })?;
        texts.push(text);
    }
    Ok(texts)
}

/// An engine with every policy; a parse error names the file, line and column.
pub(crate) fn parse(files: &[PathBuf], texts: &[String]) -> Result<regorus::Engine, RegoError> {
    build_engine(&sources(files, texts)).map_err(|(i, e)| {
        let (line, text) = split_located(&e.to_string());
        RegoError::Load {
            origin: Origin {
                files: vec![files[i].clone()],
                line: line.map(|(_, l, c)| (l, c)),
            },
            // Parser messages name grammar tokens, not report values.
            message: text,
        }
    })
}

/// (source name, text) of each policy; regorus reports errors by that name.
fn sources<'a>(files: &[PathBuf], texts: &'a [String]) -> Vec<(String, &'a str)> {
    files
        .iter()
        .zip(texts)
        .map(|(f, t)| (f.display().to_string(), t.as_str()))
        .collect()
}

/// An engine with every policy; on a parse error, the index of the policy and the error.
fn build_engine(sources: &[(String, &str)]) -> Result<regorus::Engine, (usize, anyhow::Error)> {
    let mut engine = regorus::Engine::new();
    // print() output may quote the report: keep it out of the terminal.
    engine.set_gather_prints(true);
    for (i, (name, text)) in sources.iter().enumerate() {
        engine
            .add_policy(name.clone(), text.to_string())
            .map_err(|e| (i, e))?;
    }
    Ok(engine)
}

/// For each of [`RULES`], the files that declare it in package `tollgate.gate`: directly,
/// from a parent package (`package tollgate` with `gate.deny`), or from a package under it.
fn declarations(engine: &regorus::Engine, files: &[PathBuf]) -> Result<[Vec<usize>; 2], RegoError> {
    let packages = engine
        .get_policy_package_components()
        .map_err(|e| RegoError::Load {
            origin: Origin::files(files),
            message: split_located(&e.to_string()).1,
        })?;
    let mut declared = [Vec::new(), Vec::new()];
    // regorus keeps one module per add_policy, in order.
    for (i, package) in packages.iter().enumerate().take(files.len()) {
        for (r, rule) in RULES.iter().enumerate() {
            let full: Vec<&str> = PACKAGE.iter().copied().chain([*rule]).collect();
            let comps: Vec<&str> = package.components.iter().map(String::as_str).collect();
            let declares = if full.starts_with(&comps) && comps.len() < full.len() {
                engine
                    .has_declared_rule_rooted_at(
                        &package.source_file,
                        &full[comps.len()..].join("."),
                    )
                    .map_err(|e| RegoError::Load {
                        origin: Origin::files(&files[i..=i]),
                        message: split_located(&e.to_string()).1,
                    })?
            } else {
                comps.starts_with(&full)
            };
            if declares {
                declared[r].push(i);
            }
        }
    }
    Ok(declared)
}

fn set_input(engine: &mut regorus::Engine, input: &str) -> Result<(), Failure> {
    engine.set_input_json(input).map_err(|e| Failure {
        rule: None,
        kind: FailureKind::Input,
        message: e.to_string(),
    })
}

/// Evaluate each of `rules` over the engine's input, sharing `time` among them.
fn evaluate_rules(
    engine: &mut regorus::Engine,
    rules: &[String],
    time: Duration,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<RuleValue>, Failure> {
    let started = Instant::now();
    let mut values = Vec::with_capacity(rules.len());
    for rule in rules {
        progress(rule);
        let left = time.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(Failure {
                rule: Some(rule.clone()),
                kind: FailureKind::Time,
                message: String::new(),
            });
        }
        engine.set_execution_timer_config(ExecutionTimerConfig {
            limit: left,
            check_interval: std::num::NonZeroU32::new(32).expect("nonzero"),
        });
        let value = engine
            .eval_rule(rule.clone())
            .map_err(|e| Failure::from_regorus(rule, &e))?;
        values.push(if value == regorus::Value::Undefined {
            RuleValue {
                rule: rule.clone(),
                defined: false,
                value: Json::Null,
            }
        } else {
            RuleValue {
                rule: rule.clone(),
                defined: true,
                value: serde_json::to_value(&value).map_err(|e| Failure {
                    rule: Some(rule.clone()),
                    kind: FailureKind::Policy,
                    message: format!("its value cannot be written as JSON: {e}"),
                })?,
            }
        });
    }
    Ok(values)
}

fn panic_failure(rule: Option<String>, panic: Box<dyn std::any::Any + Send>) -> Failure {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    // Vec::with_capacity panics so when asked for more than the address space holds.
    let kind = if text.contains("capacity overflow") {
        FailureKind::Memory
    } else {
        FailureKind::Internal
    };
    Failure {
        rule,
        kind,
        message: format!("the evaluator panicked: {text}"),
    }
}

/// Splits a regorus message ("--> FILE:LINE:COL", the source line, "error: TEXT") into the
/// location and the text, dropping the echoed source line.
fn split_located(message: &str) -> (Option<(String, u32, u32)>, String) {
    let mut lines = message.lines();
    let Some(at) = lines.by_ref().find_map(|l| l.strip_prefix("--> ")) else {
        let first = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return (None, first.trim().to_string());
    };
    let text = lines
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or("")
        .trim()
        .to_string();
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.trim().parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    let file = parts.next();
    match (file, line, col) {
        (Some(f), Some(l), Some(c)) => (Some((f.to_string(), l, c)), text),
        _ => (None, text),
    }
}

/// What a JSON value is, without quoting it (it may come from the report).
fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Waits for `child` until `deadline`, then kills it. Returns its status and whether it was
/// killed.
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> std::io::Result<(ExitStatus, bool)> {
    let mut nap = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok((status, false)),
            Ok(None) => {}
            // Never leave it running: the pipes would stay open.
            Err(e) => {
                kill_group(child);
                let _ = child.wait();
                return Err(e);
            }
        }
        let now = Instant::now();
        if now >= deadline {
            // An error here means it has just exited: its status says how.
            let killed = kill_group(child);
            return Ok((child.wait()?, killed));
        }
        std::thread::sleep(nap.min(deadline - now));
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

/// Everything from `source`, keeping at most `cap` bytes (and whether there was more): the
/// pipe is drained to the end so that the child never blocks on it.
fn read_capped(source: Option<impl Read>, cap: usize) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut over = false;
    let Some(mut source) = source else {
        return (kept, over);
    };
    let mut buf = [0u8; 16 * 1024];
    loop {
        match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
                over |= n > room;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    (kept, over)
}

/// Address space (memory and stack), CPU seconds and no core file, set in the child
/// before it runs anything.
#[cfg(unix)]
fn confine(cmd: &mut Command, limits: &Limits) {
    use std::os::unix::process::CommandExt;
    let address_space = limits.memory.saturating_add(limits.stack);
    let cpu_seconds = limits
        .time
        .as_secs()
        .saturating_add(u64::from(limits.time.subsec_nanos() > 0))
        .max(1);
    let cap = |resource, value: u64| -> std::io::Result<()> {
        let mut current = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
        unsafe {
            if libc::getrlimit(resource, &mut current) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Never above a hard limit the parent already has: that would be refused.
            let value = (value as libc::rlim_t).min(current.rlim_max);
            let new = libc::rlimit {
                rlim_cur: value,
                rlim_max: value,
            };
            if libc::setrlimit(resource, &new) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        Ok(())
    };
    cmd.process_group(0);
    // SAFETY: runs between fork and exec; it only calls getrlimit and setrlimit, which are
    // async-signal-safe, and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            cap(libc::RLIMIT_AS, address_space)?;
            cap(libc::RLIMIT_CPU, cpu_seconds)?;
            cap(libc::RLIMIT_CORE, 0)
        });
    }
}

/// Kills the child and anything it started (it leads its own process group): nothing may
/// keep the pipes open after the deadline. Runs before the child is reaped, so its id
/// cannot have been reused.
#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) -> bool {
    match libc::pid_t::try_from(child.id()) {
        // SAFETY: kill only sends a signal.
        Ok(pid) if pid > 0 => unsafe { libc::kill(-pid, libc::SIGKILL) == 0 },
        _ => child.kill().is_ok(),
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) -> bool {
    child.kill().is_ok()
}

/// Elsewhere only the wall-clock deadline and the stack hold.
#[cfg(not(unix))]
fn confine(_cmd: &mut Command, _limits: &Limits) {}

#[cfg(unix)]
fn exceeded_cpu(status: &ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(libc::SIGXCPU)
}

#[cfg(not(unix))]
fn exceeded_cpu(_status: &ExitStatus) -> bool {
    false
}

fn describe(status: &ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("was killed by signal {sig}");
        }
    }
    match status.code() {
        Some(c) => format!("exited with status {c}"),
        None => "exited abnormally".into(),
    }
}

/// The request to the evaluator process (one JSON line, the report follows).
#[derive(Serialize, Deserialize)]
struct Request {
    policies: Vec<PolicyText>,
    rules: Vec<String>,
    time_ms: u64,
    stack: u64,
}

#[derive(Serialize, Deserialize)]
struct PolicyText {
    name: String,
    text: String,
}

/// The evaluator's answer.
#[derive(Serialize, Deserialize)]
enum Response {
    Values(Vec<RuleValue>),
    Failed(Failure),
}

/// A rule's value; `defined: false` is an undefined rule (no messages).
#[derive(Serialize, Deserialize)]
pub(crate) struct RuleValue {
    pub(crate) rule: String,
    pub(crate) defined: bool,
    pub(crate) value: Json,
}

/// Why evaluation stopped. `message` is raw (it may quote the report): the parent scrubs it.
#[derive(Serialize, Deserialize)]
struct Failure {
    rule: Option<String>,
    kind: FailureKind,
    message: String,
}

#[derive(Serialize, Deserialize)]
enum FailureKind {
    /// A runtime error of the policy (regorus' message, with its location).
    Policy,
    Time,
    Memory,
    /// The report could not be read as input.
    Input,
    /// The evaluator itself failed.
    Internal,
}

impl Failure {
    fn internal(message: String) -> Failure {
        Failure {
            rule: None,
            kind: FailureKind::Internal,
            message,
        }
    }

    fn from_regorus(rule: &str, e: &anyhow::Error) -> Failure {
        let timed_out = e.chain().any(|c| {
            matches!(
                c.downcast_ref::<regorus::LimitError>(),
                Some(regorus::LimitError::TimeLimitExceeded { .. })
            )
        }) || e.to_string().contains("exceeded time limit");
        Failure {
            rule: Some(rule.to_string()),
            kind: if timed_out {
                FailureKind::Time
            } else {
                FailureKind::Policy
            },
            message: e.to_string(),
        }
    }
}
