//! The Terraform adapter: the `.tf` files of a project become the resources a
//! `terraform plan` would create, as far as that can be known offline.
//!
//! Files are grouped by directory into modules. A directory no other directory calls as
//! a local module (`source = "./modules/x"`) is a root module: its variables take their
//! values from defaults, `terraform.tfvars`, `*.auto.tfvars` and the scanner's
//! `var_files`/`vars`. A called directory is evaluated only through its calls, with the
//! caller's inputs. Expressions, functions, `count`, `for_each`, `dynamic` blocks and
//! module outputs are evaluated; whatever depends on a data source, an attribute only
//! known after apply, a remote module or a missing variable is an unknown value with the
//! reason, so rules report "not checked" rather than guess. The one exception is a data
//! source whose result depends only on its own arguments: `aws_iam_policy_document` is
//! computed as the provider would (`policy.rs`). A module call with a non-local source is
//! not followed but becomes a `terraform_module_call` resource (its `source` and
//! `version`), so rules can judge where the code comes from. References to other resources
//! become relations ([`crate::model::Resource::references`]). Plan JSON is read by
//! [`plan`].
//!
//! Addresses are Terraform's (`module.logs.aws_s3_bucket.this[0]`), prefixed with the root
//! module's directory when the root is not the scan root
//! (`envs/prod/module.logs.aws_s3_bucket.this[0]`), so they stay unique when several roots
//! call the same module. Instances whose `count`/`for_each` is unknown are evaluated once
//! as `…[*]` with a warning. Every value is computed once per module instance, on demand;
//! a cycle or an exceeded bound (see `limits`) gives an unknown, never a hang.

mod eval;
mod functions;
pub(crate) mod module;
pub mod plan;
mod policy;

pub(crate) use module::public_source;
mod types;
mod vars;

use crate::model::{AdapterIssue, IssueSeverity, Model, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tollgate_core::scanner::ProjectFile;

/// Caps that keep any input from taking unbounded time or memory.
pub(crate) mod limits {
    /// Module calls nested deeper than this are not followed.
    pub const MODULE_DEPTH: usize = 32;
    /// Instances of one `count`/`for_each` (resources, modules, dynamic blocks).
    pub const INSTANCES: usize = 10_000;
    /// Resources of one load.
    pub const RESOURCES: usize = 100_000;
    /// Length of a string a function or template builds.
    pub const STRING: usize = 1 << 20;
    /// Elements of a collection a function or `for` builds.
    pub const ELEMENTS: usize = 100_000;
    /// Nesting of expression evaluation (locals through locals, templates in templates).
    pub const EVAL_DEPTH: u32 = 200;
    /// Evaluation steps of one load (expressions evaluated plus value nodes copied).
    pub const STEPS: u64 = 20_000_000;
    /// Nodes of one stored value (a variable, local or output) read into another.
    pub const VALUE_NODES: usize = 500_000;
    /// Nesting of a stored value read into another.
    pub const VALUE_DEPTH: usize = 128;
    /// Bracket nesting a file may have before the parser sees it.
    pub const SYNTAX_DEPTH: usize = 256;
    /// Size of a file read from disk (`file`, `templatefile`, `--var-file`).
    pub const FILE_SIZE: u64 = 4 << 20;
}

/// Lines of a file, to turn byte offsets into line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let i = self.starts.partition_point(|&s| s <= offset);
        i as u32
    }

    pub(crate) fn span(&self, path: &str, range: Option<std::ops::Range<usize>>) -> Span {
        match range {
            Some(r) => {
                let line = self.line(r.start);
                let col = (r.start - self.starts[line as usize - 1]) as u32 + 1;
                Span::new(
                    path,
                    line,
                    col,
                    self.line(r.end.saturating_sub(1).max(r.start)),
                )
            }
            None => Span::line(path, 0),
        }
    }
}

/// Whether a lowercase file name is a Terraform file this adapter reads.
pub fn is_terraform(name: &str) -> bool {
    name.ends_with(".tf")
}

/// Whether a lowercase file name is a variable definitions file.
pub fn is_tfvars(name: &str) -> bool {
    name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// Whether a lowercase file name is kept for the project phase: Terraform files,
/// variable files and templates (`templatefile` reads them).
pub fn is_kept(name: &str) -> bool {
    is_terraform(name) || is_tfvars(name) || name.ends_with(".tftpl") || name.ends_with(".tpl")
}

/// How root modules get their variables beyond defaults and the automatic tfvars files.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--var-file` paths, relative to the scan root, applied in order after the
    /// automatic files.
    pub var_files: Vec<String>,
    /// `--var name=value` (the value is HCL when it parses, else a string), applied last.
    pub vars: Vec<String>,
    /// The scan root on disk, for files that were not kept (`file()`, a var file outside
    /// the selection). Nothing is read from disk without it, nor outside it.
    pub root: Option<PathBuf>,
}

/// Every Terraform file kept for the project phase, with defaults only.
pub fn load(files: &[ProjectFile]) -> Model {
    load_with(files, &Options::default())
}

/// Every Terraform file kept for the project phase: modules evaluated from their roots.
pub fn load_with(files: &[ProjectFile], opts: &Options) -> Model {
    let mut issues = Vec::new();
    let parsed = module::parse_files(files, &mut issues);
    let mut model = module::evaluate(&parsed, files, opts, issues);
    dedup_issues(&mut model.issues);
    model
}

/// One `.tf` file evaluated as a root module of its own (tests and single-file callers).
pub fn load_file(path: &str, content: &[u8]) -> Model {
    load(&[ProjectFile {
        path: path.to_string(),
        content: content.to_vec(),
        class: tollgate_core::classify::classify(path),
    }])
}

fn dedup_issues(issues: &mut Vec<AdapterIssue>) {
    let mut seen = std::collections::HashSet::new();
    issues.retain(|i| seen.insert((i.path.clone(), i.line, i.message.clone())));
}

/// The directory of a `/`-separated path ("" for a top-level file).
pub(crate) fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir` joined with a relative `rel` (`./x`, `../y/z`), normalised; `None` when it climbs
/// above the scan root.
pub(crate) fn join_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Reads a file that was not kept, from under the scan root only, bounded in size.
pub(crate) fn read_disk(opts: &Options, rel: &str) -> Option<Vec<u8>> {
    let root = opts.root.as_ref()?;
    let rel = join_path("", rel)?;
    let p = root.join(&rel);
    let meta = std::fs::metadata(&p).ok()?;
    if !meta.is_file() || meta.len() > limits::FILE_SIZE {
        return None;
    }
    // Symlinks must not lead outside the root either.
    let canon = p.canonicalize().ok()?;
    let root_canon = root.canonicalize().ok()?;
    if !canon.starts_with(&root_canon) {
        return None;
    }
    std::fs::read(&canon).ok()
}

/// Whether a text's bracket nesting stays under the parser's safe depth (the HCL parser
/// recurses on nesting; a hostile file must not exhaust the stack).
pub(crate) fn nesting_ok(text: &str) -> Result<(), u32> {
    let mut depth = 0usize;
    let mut line = 1u32;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > limits::SYNTAX_DEPTH {
                    return Err(line);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn issue(
    path: &str,
    line: Option<u32>,
    kind: IssueSeverity,
    message: String,
) -> AdapterIssue {
    AdapterIssue {
        path: path.to_string(),
        line,
        kind,
        message,
    }
}

/// Kept files by path, for `file()`, `templatefile()` and var files.
pub(crate) fn file_index(files: &[ProjectFile]) -> BTreeMap<&str, &[u8]> {
    files
        .iter()
        .map(|f| (f.path.as_str(), f.content.as_slice()))
        .collect()
}
