//! Command-line interface definitions.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tollgate",
    version,
    about = "Security and compliance gate for financial software",
    long_about = "Tollgate finds hard-coded secrets (in the work tree and the git history) and \
vulnerable dependencies (offline OSV advisories, SBOMs, VEX, licences), decides pass, warn or \
fail by the application's risk tier, maps findings to PCI DSS, SOX, GDPR, PSD2, DORA, NIST and \
ISO 27001 controls with evidence reports, and records scans in a signed, tamper-evident ledger. \
Reports: text, JSON, SARIF, JUnit, Markdown, DefectDojo, GitLab security reports.\n\nExit codes: 0 the gate passed; \
1 the gate failed; 2 usage or run error (including anything that could not be checked when \
--strict is set)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a directory, a file, or a git repository's history.
    Scan(Box<ScanArgs>),
    /// List the rules, or explain one.
    Rules(RulesArgs),
    /// The tamper-evident evidence ledger: keys, checkpoints, proofs, verification.
    Ledger(LedgerArgs),
    /// Verify in-toto attestations written by `tollgate scan --attest`.
    Attest(AttestArgs),
    /// Write a baseline: the current findings, which later scans with --baseline do not count.
    Baseline(BaselineArgs),
    /// Compliance evidence for a framework from one or more JSON reports (or a fresh scan).
    Evidence(EvidenceArgs),
    /// List a framework's controls, the rules that cover each, and the controls no rule covers.
    Controls {
        /// Framework id (pci-dss-4.0.1, nist-800-53-r5, sox-itgc, gdpr, psd2-rts, dora, iso-27001-2022); all when omitted.
        #[arg(long)]
        framework: Option<String>,
        /// text or json.
        #[arg(long, short = 'f', default_value = "text")]
        format: String,
    },
    /// A software bill of materials of every lockfile under PATH.
    Sbom {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// cyclonedx (1.6 JSON) or spdx (2.3 JSON).
        #[arg(long, short = 'f', default_value = "cyclonedx")]
        format: String,
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, short = 'c', value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// A cryptography bill of materials (CycloneDX 1.6 CBOM): every algorithm the code under
    /// PATH uses, where, and which ones a quantum computer breaks.
    Cbom {
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, short = 'c', value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// The offline vulnerability database (OSV advisories).
    Db(DbArgs),
    /// Write a commented default tollgate.toml, or with --ci the CI file that runs the gate.
    Init {
        /// The repository (or directory) to write into.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the CI pipeline for this platform instead: github
        /// (.github/workflows/tollgate.yml), gitlab (.gitlab/tollgate.gitlab-ci.yml),
        /// jenkins (Jenkinsfile) or azure (.azure-pipelines/tollgate.yml).
        #[arg(long, value_name = "PLATFORM", value_parser = ["github", "gitlab", "jenkins", "azure"])]
        ci: Option<String>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Custom Rego policies: run their tests.
    Policy(PolicyArgs),
    /// Test a running web application or API from its OpenAPI document: passive checks,
    /// safe active probes and authorisation tests, against the named target only.
    Dast(Box<DastArgs>),
    /// Run the Tollgate server: every product's findings over time, their lifecycle,
    /// SLAs and key figures, behind an HTTP API (SQLite by default, or PostgreSQL).
    Serve(ServeArgs),
    /// Administer a server's database directly: API tokens and products.
    Server(ServerArgs),
    /// Send a report (Tollgate JSON or SARIF) to a Tollgate server.
    Upload(UploadArgs),
    /// Internal: evaluate Rego policies for `scan` in a bounded child process.
    #[command(name = "__rego-eval", hide = true)]
    RegoEval,
}

/// Where a server keeps its data.
#[derive(Args, Debug, Clone)]
pub struct StorageArgs {
    /// `postgres://USER@HOST/DB`, or a SQLite file (default: tollgate.db in the data
    /// directory). Also TOLLGATE_DATABASE_URL.
    #[arg(long, value_name = "URL|FILE")]
    pub database: Option<String>,
    /// The SQLite file, upload spool, ledgers and first admin token live here (default:
    /// ./tollgate-server). Also TOLLGATE_DATA_DIR.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file with a [server] table (default: ./tollgate.toml when present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080). Also TOLLGATE_SERVER_LISTEN.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    #[command(flatten)]
    pub storage: StorageArgs,
}

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub command: ServerCommand,
}

#[derive(Subcommand, Debug)]
pub enum ServerCommand {
    /// API tokens: create (shown once), list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Create a product.
    Product {
        name: String,
        /// Risk tier (critical, high, standard, low, or a tier of your own).
        #[arg(long)]
        tier: Option<String>,
        /// The team that owns it.
        #[arg(long)]
        owner: Option<String>,
        /// Regulatory scope, comma-separated (e.g. pci-dss,gdpr,dora).
        #[arg(long, value_delimiter = ',')]
        scope: Vec<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token; it is printed once on standard output.
    Create {
        #[arg(long)]
        name: String,
        /// viewer, uploader, triager or admin.
        #[arg(long)]
        role: String,
        /// The one product it may see (default: all).
        #[arg(long)]
        product: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// List tokens (never their text).
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Revoke a token by its key id.
    Revoke {
        key_id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Args, Debug)]
pub struct UploadArgs {
    /// The report file.
    pub report: PathBuf,
    /// The server's URL (http://host:port or https://…; a private CA's PEM file goes in
    /// TOLLGATE_CA_CERT).
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// The product it belongs to.
    #[arg(long)]
    pub product: String,
    /// The branch it scanned (default: main).
    #[arg(long)]
    pub branch: Option<String>,
    /// tollgate, sarif, cyclonedx or openvex (default: recognised by the server).
    #[arg(long)]
    pub format: Option<String>,
    /// A file holding the API token (default: the TOLLGATE_TOKEN variable).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Wait until the server has applied the import, and fail if it could not.
    #[arg(long)]
    pub wait: bool,
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
        value_name = "text|json|sarif|junit|markdown|defectdojo|gitlab-secret-detection|gitlab-dependency-scanning"
    )]
    pub formats: Vec<String>,
    /// File for the format in the same position (the first --output is for the first --format).
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Fail when an active finding is at or above this severity (critical|high|medium|low|info|none).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Risk tier of the application (critical|high|standard|low or a tier from tollgate.toml).
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
    /// A previous JSON report: only findings whose fingerprints are not in it count toward the gate.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Only findings on lines changed since this git revision count toward the gate.
    #[arg(long, value_name = "REF", conflicts_with = "git_history")]
    pub new_since: Option<String>,
    /// Leave out findings below this confidence (high|medium|low).
    #[arg(long, value_name = "LEVEL")]
    pub min_confidence: Option<String>,
    /// Configuration file (default: tollgate.toml in the scanned directory, if present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Scan every blob in the git history instead of the working tree.
    #[arg(long)]
    pub git_history: bool,
    /// Scan what is staged in the git index (the next commit), read from the index, not
    /// the disk; only lines the index changes against HEAD count. For pre-commit hooks.
    #[arg(long, conflicts_with_all = ["git_history", "new_since"])]
    pub staged: bool,
    /// With --git-history: only commits not reachable from this revision.
    #[arg(long, value_name = "REV", requires = "git_history")]
    pub since: Option<String>,
    /// With --git-history: also scan commits that no ref reaches (dangling after a
    /// force-push or a reset, dropped stashes), as `git fsck --unreachable --no-reflogs`
    /// lists them; their findings say so.
    #[arg(long, requires = "git_history")]
    pub unreachable: bool,
    /// Check each found credential of a supported provider (AWS, GitHub, Stripe, Slack and
    /// more: docs/validation.md) with one read-only request to that provider's API, and
    /// report it live, invalid or unknown. Off unless given: it sends the secrets found to
    /// their issuers over HTTPS (through curl, honouring HTTPS_PROXY). Suppressed findings
    /// are never sent; each distinct value is sent once.
    #[arg(long)]
    pub validate: bool,
    /// With --validate: seconds each request may take.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        requires = "validate"
    )]
    pub validate_timeout: u64,
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
    /// Send the JSON report to a Tollgate server at URL when the scan is done (with
    /// --product, and the token in TOLLGATE_TOKEN or --upload-token-file; for https with a
    /// private CA, its PEM file in TOLLGATE_CA_CERT).
    #[arg(long, value_name = "URL")]
    pub upload: Option<String>,
    /// The server's product for --upload.
    #[arg(long, value_name = "NAME", requires = "upload")]
    pub product: Option<String>,
    /// The branch for --upload (default: the scanned repository's branch, else main).
    #[arg(long, value_name = "NAME", requires = "upload")]
    pub branch: Option<String>,
    /// A file holding the API token for --upload.
    #[arg(long, value_name = "FILE", requires = "upload")]
    pub upload_token_file: Option<PathBuf>,
    /// Append this scan and its gate decision to the evidence ledger in DIR
    /// (default .tollgate/ledger); a checkpoint is signed when a signing key is given.
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = ".tollgate/ledger")]
    pub ledger: Option<PathBuf>,
    /// Ledger signing key file (or the TOLLGATE_LEDGER_KEY environment variable holding the key).
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// Write an in-toto attestation of this scan (a DSSE envelope signed with the ledger key).
    #[arg(long, value_name = "FILE")]
    pub attest: Option<PathBuf>,
    /// VEX documents (OpenVEX or CycloneDX VEX); `not_affected` statements suppress findings.
    #[arg(long = "vex", value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// Advisory database directory (default: $TOLLGATE_DB or the user cache directory).
    #[arg(long, value_name = "DIR")]
    pub db: Option<PathBuf>,
    /// Custom Rego policies: every .rego file under DIR (repeatable). Package
    /// tollgate.iac.<name>: resource policies over the IaC resources, whose deny entries
    /// are findings; package tollgate.gate: gate policies over the report. See
    /// docs/iac-policies.md.
    #[arg(long = "policy", value_name = "DIR")]
    pub policies: Vec<PathBuf>,
    /// Terraform variable file applied to root modules after terraform.tfvars and
    /// *.auto.tfvars (repeatable; relative to the scanned directory).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<String>,
    /// Terraform variable NAME=VALUE, applied last (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Colour in terminal output.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

#[derive(Args, Debug)]
pub struct DastArgs {
    /// Base URL of the application, e.g. https://api.bank.example/v1 or http://127.0.0.1:8080/api.
    /// For https:// the certificate, protocol versions and cipher suites are checked first.
    #[arg(long, value_name = "URL")]
    pub target: String,
    /// The OpenAPI 3.x or Swagger 2 document (JSON or YAML): a file, or a URL in scope.
    /// Default: openapi.json, openapi.yaml, swagger.json or v3/api-docs under the target.
    #[arg(long, value_name = "FILE|URL")]
    pub openapi: Option<String>,
    /// An identity to call the API as: NAME=Bearer:TOKEN, NAME=Basic:USER:PASSWORD,
    /// NAME=Header:HEADER:VALUE, NAME=Cookie:COOKIE=VALUE, or NAME=env:VARIABLE to read
    /// one of those from the environment (keeps credentials out of the process list).
    /// Twice or more for object-level authorisation (BOLA) tests.
    #[arg(long = "auth", value_name = "NAME=KIND:CREDENTIAL")]
    pub auth: Vec<String>,
    /// An identity (by name) allowed to call admin operations: no function-level finding for it.
    #[arg(long = "admin-identity", value_name = "NAME")]
    pub admin_identities: Vec<String>,
    /// Another HOST:PORT the run may contact (the target's own is always in scope).
    #[arg(long = "scope-host", value_name = "HOST:PORT")]
    pub scope_hosts: Vec<String>,
    /// Only paths under this prefix are called (repeatable; default: the target's path).
    #[arg(long = "scope-prefix", value_name = "PATH")]
    pub scope_prefixes: Vec<String>,
    /// Requests per second, at most.
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    pub rate: f64,
    /// Requests in flight, at most.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Seconds each request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// Seconds the whole run may take; what is left untested is reported as unchecked.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub max_time: u64,
    /// Also call operations other than GET, HEAD and OPTIONS, and run probes that write
    /// (mass assignment, creating objects for BOLA, wrong sign-ins for user enumeration)
    /// or that send a burst of wrong attempts to sign-in and one-time-code operations
    /// (rate limiting), which can LOCK the account used. Never against production data.
    #[arg(long)]
    pub allow_unsafe_methods: bool,
    /// A user name that exists, for the user-enumeration test of sign-in and
    /// password-reset operations (two unknown names are compared with it); it is also the
    /// account the rate-limit burst names, which may lock it.
    #[arg(long, value_name = "NAME")]
    pub known_user: Option<String>,
    /// Wrong attempts the rate-limit test sends to each sign-in or one-time-code
    /// operation (with --allow-unsafe-methods only; 2 to 100).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub login_attempts: usize,
    /// Passive checks only: no injection, authentication or authorisation probes.
    #[arg(long)]
    pub passive_only: bool,
    /// A PEM file of CA certificates to trust for https:// beside the bundled Mozilla roots
    /// (a bank's private CA); repeatable, and a file may hold several certificates.
    #[arg(long = "ca-cert", value_name = "FILE")]
    pub ca_certs: Vec<PathBuf>,
    /// Test on when the target's TLS certificate does not verify (the finding is still
    /// reported). Without it such a run stops before any request with credentials.
    #[arg(long)]
    pub tls_insecure: bool,
    /// Write every exchange to this HAR file (credentials and secrets redacted).
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,
    /// Output format (text|json|sarif|junit|markdown|defectdojo); repeat with --output.
    #[arg(long = "format", short = 'f', value_name = "FORMAT")]
    pub formats: Vec<String>,
    /// File for the format in the same position.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Fail when an active finding is at or above this severity (critical|high|medium|low|info|none).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Risk tier of the application (critical|high|standard|low or a tier from tollgate.toml).
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
    /// A previous JSON report: only findings whose fingerprints are not in it count.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Leave out findings below this confidence (high|medium|low).
    #[arg(long, value_name = "LEVEL")]
    pub min_confidence: Option<String>,
    /// Configuration file (default: tollgate.toml in the current directory, if present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with 2 when any operation or test could not be run.
    #[arg(long)]
    pub strict: bool,
    /// Print only the gate decision and errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Append this run and its gate decision to the evidence ledger in DIR.
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = ".tollgate/ledger")]
    pub ledger: Option<PathBuf>,
    /// Ledger signing key file (or TOLLGATE_LEDGER_KEY).
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// Colour in terminal output.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

#[derive(Args, Debug)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub action: PolicyAction,
}

#[derive(Subcommand, Debug)]
pub enum PolicyAction {
    /// Run every rule named test_* in the .rego files under DIR (policies and
    /// *_test.rego files): exit 0 when all pass, 1 when one fails, 2 when a file does
    /// not parse.
    Test {
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// text, json or markdown (markdown is the generated rule reference).
    #[arg(long, short = 'f', default_value = "text")]
    pub format: String,
    /// Custom Rego policies (as `scan --policy`): `rules explain` knows their rules too.
    #[arg(long = "policy", value_name = "DIR", global = true)]
    pub policies: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// Print a rule's documentation.
    Explain {
        /// Rule id (`secrets/aws-access-key-id`) or slug (`aws-access-key-id`).
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// Ledger directory.
    #[arg(long, global = true, default_value = ".tollgate/ledger")]
    pub ledger: PathBuf,
    #[command(subcommand)]
    pub action: LedgerAction,
}

#[derive(Args, Debug, Clone)]
pub struct KeyArgs {
    /// Public verifier key (`name+id+key`, as `ledger keygen` prints it) or a file holding it.
    #[arg(long, value_name = "VKEY|FILE")]
    pub key: Option<String>,
    /// Signing key file (or TOLLGATE_LEDGER_KEY); its public half is used where a public key is needed.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
}

/// Where to read a log from its C2SP tiles instead of a ledger directory.
#[derive(Args, Debug, Clone)]
pub struct RemoteArgs {
    /// Read the log from its C2SP tlog-tiles at URL: a server's
    /// `…/api/v1/products/<p>/ledger`, any web server holding `export-tiles` output, or
    /// that output's directory. Nothing is taken from it on trust: --key is required.
    #[arg(long, value_name = "URL|DIR")]
    pub url: Option<String>,
    /// A file holding the API token for --url (default: TOLLGATE_TOKEN, sent only to a
    /// server's `…/api/v1/products/<p>/ledger` URL; static web servers need none).
    #[arg(long, value_name = "FILE", requires = "url")]
    pub token_file: Option<PathBuf>,
    /// A PEM file of CA certificates for an https:// --url with a private CA
    /// (repeatable; also TOLLGATE_CA_CERT).
    #[arg(long = "ca-cert", value_name = "PEM", requires = "url")]
    pub ca_certs: Vec<PathBuf>,
    /// The log the checkpoint must be of (default for a server URL:
    /// tollgate-server/<product>).
    #[arg(long, value_name = "ORIGIN", requires = "url")]
    pub origin: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum LedgerAction {
    /// Create a signing key: writes the private key (mode 0600) and prints only the public key.
    Keygen {
        /// Key name, usually the log's origin (e.g. audit.bank.example/payments).
        #[arg(long)]
        name: String,
        /// Where to write the private key; refuses to overwrite.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Create an empty ledger.
    Init {
        /// The log's name, first line of every checkpoint.
        #[arg(long)]
        origin: String,
    },
    /// Size, root hash, latest checkpoint and any interrupted append.
    Status,
    /// Sign a checkpoint of the current tree.
    Checkpoint {
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Print entry N.
    Show { index: u64 },
    /// Check every entry's signature and every checkpoint, and that the log extends the
    /// checkpoint this verifier trusted last time; names the first bad entry.
    Verify {
        #[command(flatten)]
        keys: KeyArgs,
        /// Accept entries after the last signed checkpoint (reported, not verified).
        #[arg(long)]
        accept_unsigned_tail: bool,
        /// A signed checkpoint of this log kept from earlier: the log must extend it.
        #[arg(long, value_name = "FILE")]
        trusted: Option<PathBuf>,
        /// Where this verifier keeps the last checkpoint it accepted, per key and origin
        /// (default: $TOLLGATE_STATE_DIR, else $XDG_STATE_HOME/tollgate, else ~/.local/state/tollgate).
        #[arg(long, value_name = "DIR")]
        state_dir: Option<PathBuf>,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Write an inclusion-proof bundle for entry N.
    Prove {
        index: u64,
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        keys: KeyArgs,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Check an inclusion-proof bundle offline.
    VerifyProof {
        bundle: PathBuf,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Write a consistency-proof bundle from an older signed checkpoint to the latest.
    Consistency {
        /// A signed checkpoint file kept from earlier.
        old_checkpoint: PathBuf,
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        keys: KeyArgs,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Write the log as static C2SP tlog-tiles (checkpoint, hash tiles, entry bundles) for any web server.
    ExportTiles {
        #[arg(long, short = 'o', value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a consistency-proof bundle offline.
    VerifyConsistency {
        bundle: PathBuf,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Sign a text file (a release's SHA256SUMS) with the signing key: writes the C2SP note
    /// signature to FILE.sig, so FILE, a blank line and FILE.sig are a signed note.
    SignFile {
        file: PathBuf,
        /// Where to write the signature (default: FILE.sig).
        #[arg(long, short = 'o', value_name = "SIG")]
        out: Option<PathBuf>,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Check a file against its signature (FILE.sig by default) with a public key.
    VerifyFile {
        file: PathBuf,
        /// The signature file (default: FILE.sig).
        #[arg(long, value_name = "SIG")]
        signature: Option<PathBuf>,
        #[command(flatten)]
        keys: KeyArgs,
    },
}

#[derive(Args, Debug)]
pub struct AttestArgs {
    #[command(subcommand)]
    pub action: AttestAction,
}

#[derive(Subcommand, Debug)]
pub enum AttestAction {
    /// Verify a DSSE envelope; optionally check it describes a given JSON report.
    Verify {
        envelope: PathBuf,
        #[command(flatten)]
        keys: KeyArgs,
        /// The JSON report the attestation should describe.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub action: BaselineAction,
}

#[derive(Subcommand, Debug)]
pub enum BaselineAction {
    /// Scan PATH and write its findings as the baseline.
    Create {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Where to write the baseline (a JSON report).
        #[arg(long, short = 'o', default_value = ".tollgate/baseline.json")]
        output: PathBuf,
        #[arg(long, short = 'c', value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct EvidenceArgs {
    /// Framework id, e.g. pci-dss-4.0.1 (see `tollgate controls`).
    #[arg(long)]
    pub framework: String,
    /// JSON reports to draw evidence from (repeatable); without any, PATH is scanned now.
    #[arg(long = "report", value_name = "FILE")]
    pub reports: Vec<PathBuf>,
    /// Directory to scan when no --report is given.
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
    /// html, oscal, markdown, or component (an OSCAL component-definition of the rule pack).
    #[arg(long, short = 'f', default_value = "html")]
    pub format: String,
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DbArgs {
    /// Database directory (default: $TOLLGATE_DB or ~/.cache/tollgate/osv).
    #[arg(long, global = true, value_name = "DIR")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub action: DbAction,
}

#[derive(Subcommand, Debug)]
pub enum DbAction {
    /// Download each ecosystem's all.zip from the OSV bucket (or a mirror) and import it.
    Update {
        /// Base URL laid out like the OSV bucket: <base>/<ecosystem>/all.zip.
        #[arg(
            long,
            default_value = "https://osv-vulnerabilities.storage.googleapis.com"
        )]
        base_url: String,
        /// Ecosystems to fetch (OSV names); default: all Tollgate knows.
        #[arg(long = "ecosystem", value_delimiter = ',')]
        ecosystems: Vec<String>,
        /// Deadline for each download, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 600.0)]
        timeout: f64,
        /// Largest download accepted per ecosystem (bytes, or with a unit: 512MiB, 1GiB).
        #[arg(long, value_name = "SIZE", default_value = "1GiB")]
        max_size: String,
        /// Accept data that would shrink an ecosystem below half its packages.
        #[arg(long)]
        force: bool,
    },
    /// Import an OSV all.zip or a directory of OSV JSON files.
    Import { path: PathBuf },
    /// Ecosystems, advisory counts and snapshot dates; warns when the data is old.
    Status,
}
