//! Command-line interface definitions.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tollgate",
    version,
    about = "Security and compliance gate for financial software",
    long_about = "Tollgate finds hard-coded secrets (and, as its scanners land, vulnerable dependencies, \
IaC misconfigurations and code vulnerabilities), decides pass or fail, and writes reports in \
text, JSON, SARIF, JUnit and Markdown.\n\nExit codes: 0 the gate passed; 1 the gate failed; \
2 usage or run error (including anything that could not be checked when --strict is set)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a directory, a file, or a git repository's history.
    Scan(ScanArgs),
    /// List the rules, or explain one.
    Rules(RulesArgs),
    /// Write a commented default tollgate.toml.
    Init {
        /// Directory to write tollgate.toml into.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Directory or file to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Run only these scanners (comma-separated), e.g. `--only secrets`.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Output format; repeat together with --output for several reports in one run.
    /// Formats without an --output go to standard output.
    #[arg(
        long = "format",
        short = 'f',
        value_name = "text|json|sarif|junit|markdown"
    )]
    pub formats: Vec<String>,
    /// File for the format in the same position (the first --output is for the first --format).
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Fail when an active finding is at or above this severity (critical|high|medium|low|info|none).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Leave out findings below this confidence (high|medium|low).
    #[arg(long, value_name = "LEVEL")]
    pub min_confidence: Option<String>,
    /// Configuration file (default: tollgate.toml in the scanned directory, if present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Scan every blob in the git history instead of the working tree.
    #[arg(long)]
    pub git_history: bool,
    /// With --git-history: only commits not reachable from this revision.
    #[arg(long, value_name = "REV", requires = "git_history")]
    pub since: Option<String>,
    /// Exit with 2 when any file could not be checked.
    #[arg(long)]
    pub strict: bool,
    /// Never show a progress line.
    #[arg(long)]
    pub no_progress: bool,
    /// Print only the gate decision and errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Colour in terminal output.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// text, json or markdown (markdown is the generated rule reference).
    #[arg(long, short = 'f', default_value = "text")]
    pub format: String,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// Print a rule's documentation.
    Explain {
        /// Rule id (`secrets/aws-access-key-id`) or slug (`aws-access-key-id`).
        id: String,
    },
}
