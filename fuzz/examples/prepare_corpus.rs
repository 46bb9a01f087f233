//! Writes the generated seed corpus of every fuzz target: the repository's fixtures with
//! the selector bytes the targets read, and inputs only the library can make (zips of OSV
//! records, signed ledgers, proof bundles, attestations, a report).
//!
//!     cargo run --example prepare_corpus -- <repo root> <corpus dir> [<shared data dir>]
//!
//! With a shared data directory, a few small real lockfiles and OSV records from it are
//! added as well. Nothing here is committed: scripts/fuzz.sh runs it before fuzzing.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tollgate_core::classify::classify;
use tollgate_core::report::{RunTiming, Summary, REPORT_SCHEMA_VERSION};
use tollgate_core::{
    FileIssue, IssueKind, PackageSubject, RuleId, ScanReport, ScanStats, Subject, Target, ToolInfo,
};
use tollgate_fuzz::{signer, verifier, LOCKFILES, ORIGIN, SECRET_FILE_NAMES, SEP};
use tollgate_ledger::Ledger;

/// Seeds larger than this are left out: small inputs fuzz faster.
const MAX_SEED: u64 = 16 << 10;

struct Corpus {
    root: PathBuf,
    count: BTreeMap<String, usize>,
}

impl Corpus {
    fn add(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir).expect("corpus directory");
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        std::fs::write(dir.join(format!("seed-{safe}")), bytes).expect("seed file");
        *self.count.entry(target.to_string()).or_default() += 1;
    }
}

fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(SEP);
        }
        out.extend_from_slice(p);
    }
    out
}

fn prefixed(byte: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![byte];
    v.extend_from_slice(rest);
    v
}

/// Regular files under `dir` of at most [`MAX_SEED`] bytes, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(p),
                Ok(m) if m.is_file() && m.len() <= MAX_SEED => out.push(p),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The selector of a lockfile by its name (real files are often named `<project>.<name>`).
fn lockfile_selector(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    LOCKFILES
        .iter()
        .position(|(_, n)| {
            let n = n.to_ascii_lowercase();
            lower == n || lower.ends_with(&format!(".{n}")) || lower.ends_with(&format!("-{n}"))
        })
        .or_else(|| {
            let by = |k| LOCKFILES.iter().position(|(kind, _)| *kind == k);
            use tollgate_deps::lockfile::LockfileKind::*;
            if lower.contains("package-lock") && lower.ends_with(".json") {
                by(NpmLock)
            } else if lower.contains("requirements") && lower.ends_with(".txt") {
                by(Requirements)
            } else {
                None
            }
        })
        .map(|i| i as u8)
}

const PARENT_POM: &str = r#"<project>
  <groupId>com.bank</groupId>
  <artifactId>parent</artifactId>
  <version>1.0.0</version>
  <properties>
    <jackson.version>2.9.8</jackson.version>
    <log4j.version>2.14.1</log4j.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>${log4j.version}</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"#;

const CHILD_POM: &str = r#"<project>
  <parent>
    <groupId>com.bank</groupId>
    <artifactId>parent</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>payments</artifactId>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
    </dependency>
  </dependencies>
</project>
"#;

fn lockfiles(c: &mut Corpus, repo: &Path, shared: Option<&Path>) {
    let pom = LOCKFILES
        .iter()
        .position(|(k, _)| *k == tollgate_deps::lockfile::LockfileKind::PomXml)
        .expect("pom.xml is in the table") as u8;
    for p in files(&repo.join("crates/tollgate_deps/resources/test/fixtures/lockfiles")) {
        let name = name_of(&p);
        if let Some(sel) = lockfile_selector(&name) {
            c.add(
                "lockfiles",
                &name,
                &prefixed(sel, &std::fs::read(&p).expect("fixture")),
            );
        }
    }
    // A POM at app/pom.xml (selector + table length) with its parent one level up.
    let n = LOCKFILES.len() as u8;
    let family = join(&[CHILD_POM.as_bytes(), PARENT_POM.as_bytes()]);
    c.add("lockfiles", "pom-with-parent", &prefixed(pom + n, &family));
    if let Some(shared) = shared {
        let mut per_kind: BTreeMap<u8, usize> = BTreeMap::new();
        for p in files(&shared.join("lockfiles")) {
            let name = name_of(&p);
            let Some(sel) = lockfile_selector(&name) else {
                continue;
            };
            let k = per_kind.entry(sel).or_default();
            if *k < 3 {
                *k += 1;
                let bytes = std::fs::read(&p).expect("shared lockfile");
                c.add(
                    "lockfiles",
                    &format!("shared-{name}"),
                    &prefixed(sel, &bytes),
                );
            }
        }
    }
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        z.start_file(name.as_str(), opts).expect("zip entry");
        z.write_all(body).expect("zip write");
    }
    z.finish().expect("zip").into_inner()
}

fn osv(c: &mut Corpus, repo: &Path, shared: Option<&Path>) {
    let records: Vec<(String, Vec<u8>)> =
        files(&repo.join("crates/tollgate_deps/resources/test/fixtures/osv"))
            .into_iter()
            .map(|p| (name_of(&p), std::fs::read(&p).expect("OSV fixture")))
            .collect();
    let bodies: Vec<&[u8]> = records.iter().map(|(_, b)| &b[..]).collect();
    let joined = join(&bodies);
    c.add(
        "osv_import",
        "fixtures-zip",
        &prefixed(0, &zip_of(&records)),
    );
    for (sel, what) in [
        (1, "zipped"),
        (1 | 8, "deflated"),
        (1 | 4, "two-updates"),
        (2, "directory"),
    ] {
        c.add(
            "osv_import",
            &format!("fixtures-{what}"),
            &prefixed(sel, &joined),
        );
    }
    for (name, body) in &records {
        c.add("osv_import", &format!("one-{name}"), &prefixed(1, body));
    }
    // A few real records of each ecosystem in the shared data.
    let Some(shared) = shared else { return };
    let Ok(ecos) = std::fs::read_dir(shared.join("osv")) else {
        return;
    };
    for eco in ecos.flatten() {
        let Ok(f) = std::fs::File::open(eco.path().join("all.zip")) else {
            continue;
        };
        let Ok(mut z) = zip::ZipArchive::new(f) else {
            continue;
        };
        let mut picked: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..z.len() {
            if picked.len() == 4 {
                break;
            }
            let Ok(mut e) = z.by_index(i) else { continue };
            if e.size() > 4096 {
                continue;
            }
            let name = e
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "x.json".into());
            let mut body = Vec::new();
            if e.read_to_end(&mut body).is_ok() {
                picked.push((name, body));
            }
        }
        let eco_name = name_of(&eco.path());
        let bodies: Vec<&[u8]> = picked.iter().map(|(_, b)| &b[..]).collect();
        c.add(
            "osv_import",
            &format!("shared-{eco_name}"),
            &prefixed(1 | 4, &join(&bodies)),
        );
        c.add(
            "osv_import",
            &format!("shared-{eco_name}-zip"),
            &prefixed(0, &zip_of(&picked)),
        );
    }
}

fn config_and_exceptions(c: &mut Corpus, repo: &Path) {
    c.add(
        "config_parser",
        "repo-tollgate.toml",
        &std::fs::read(repo.join("tollgate.toml")).expect("tollgate.toml"),
    );
    let default = format!(
        "{}{}{}",
        tollgate_core::config::CORE_DEFAULT_TOML,
        tollgate_secrets::config::DEFAULT_TOML,
        tollgate_deps::config::DEFAULT_TOML
    );
    c.add("config_parser", "default", default.as_bytes());
    let fixtures = repo.join("crates/tollgate_compliance/resources/test/fixtures");
    for p in files(&fixtures) {
        let name = name_of(&p);
        let bytes = std::fs::read(&p).expect("fixture");
        if name == "tollgate.toml" {
            c.add("config_parser", "payments-service", &bytes);
        } else if name == "exceptions.toml" {
            c.add("exceptions", "payments-service", &bytes);
        }
    }
}

fn report(repo: &Path) -> ScanReport {
    let scanner =
        tollgate_secrets::SecretsScanner::new(&tollgate_secrets::SecretsConfig::default())
            .expect("rules build");
    let planted = repo.join("crates/tollgate_secrets/resources/test/fixtures/planted");
    let mut findings = Vec::new();
    for p in files(&planted).into_iter().take(12) {
        let rel = p
            .strip_prefix(&planted)
            .expect("under planted")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&p).expect("fixture");
        findings.extend(scanner.scan_bytes(&rel, &bytes, &classify(&rel)));
    }
    // One dependency finding, so that package subjects reach every writer.
    if let Some(first) = findings.first() {
        let mut dep = first.clone();
        dep.rule_id = RuleId::new("deps", "vulnerable-package");
        dep.severity = tollgate_core::Severity::Critical;
        dep.location = tollgate_core::Location::file("Cargo.lock", (12, 1), (12, 1));
        dep.message = "time 0.1.43 is affected by RUSTSEC-2020-0071".into();
        dep.subject = Some(Subject::Package(PackageSubject {
            ecosystem: "crates.io".into(),
            name: "time".into(),
            version: "0.1.43".into(),
            purl: "pkg:cargo/time@0.1.43".into(),
            advisory: Some("RUSTSEC-2020-0071".into()),
            aliases: vec!["CVE-2020-26235".into()],
            fixed_version: Some("0.2.23".into()),
            direct: Some(true),
            license: None,
        }));
        findings.push(dep);
    }
    let rule_meta: Vec<_> = scanner
        .engine()
        .rules()
        .iter()
        .take(8)
        .map(|r| r.meta())
        .collect();
    let mut r = ScanReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: ToolInfo::default(),
        target: Target {
            path: ".".into(),
            git_commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
            git_branch: Some("main".into()),
            mode: "worktree".into(),
        },
        config_digest: "0".repeat(64),
        scanners: vec!["secrets".into(), "deps".into()],
        rules: rule_meta.iter().map(|m| m.id.clone()).collect(),
        summary: Summary::default(),
        decision: None,
        findings,
        file_issues: vec![FileIssue {
            path: "web/package-lock.json".into(),
            kind: IssueKind::Error,
            line: Some(3),
            source: "deps".into(),
            message: "lockfile is not valid UTF-8: not checked".into(),
        }],
        stats: ScanStats::default(),
        coverage: BTreeMap::new(),
        timing: RunTiming::default(),
        rule_meta,
    };
    r.finalize();
    r
}

fn reports(c: &mut Corpus, repo: &Path) {
    let r = report(repo);
    let json = tollgate_report::json::write(&r);
    c.add("report_json", "planted-scan", json.as_bytes());
    c.add("rego_input", "planted-scan", json.as_bytes());
    let mut small = r.clone();
    small.findings.truncate(3);
    small.rule_meta.truncate(2);
    let json = tollgate_report::json::write(&small);
    c.add("report_json", "small-scan", json.as_bytes());
    c.add("rego_input", "small-scan", json.as_bytes());
}

fn secrets(c: &mut Corpus, repo: &Path) {
    let fixtures = repo.join("crates/tollgate_secrets/resources/test/fixtures");
    for p in files(&fixtures) {
        let rel = p
            .strip_prefix(&fixtures)
            .expect("under fixtures")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&p).expect("fixture");
        let lang = classify(&rel).language;
        let sel = SECRET_FILE_NAMES
            .iter()
            .position(|n| classify(n).language == lang)
            .unwrap_or(0) as u8;
        c.add("secrets_engine", &rel, &prefixed(sel, &bytes));
        if rel.contains("k8s") || rel.ends_with(".yaml") || rel.ends_with(".yml") {
            c.add("kubernetes_decode", &rel, &bytes);
        }
    }
}

/// A signed ledger in `dir`: two batches, a checkpoint after each.
fn build_ledger(dir: &Path, bodies: &[&[u8]]) -> (Ledger, Vec<String>) {
    let _ = std::fs::remove_dir_all(dir);
    let mut l = Ledger::open(dir, Some(ORIGIN)).expect("a new ledger");
    let half = bodies.len() / 2;
    let mut notes = Vec::new();
    for batch in [&bodies[..half], &bodies[half..]] {
        let owned: Vec<Vec<u8>> = batch.iter().map(|b| b.to_vec()).collect();
        l.append_all(&owned, Some(signer())).expect("append");
        notes.push(l.checkpoint(signer()).expect("checkpoint"));
    }
    (l, notes)
}

fn ledgers(c: &mut Corpus, scratch: &Path) {
    let bodies: Vec<&[u8]> = vec![
        br#"{"kind":"scan","report_sha256":"9f2c","decision":"pass"}"#,
        br#"{"kind":"gate","decision":"fail","tier":"critical"}"#,
        br#"{"kind":"exception","rule":"secrets/generic-password","expires":"2099-12-31"}"#,
        br#"{"kind":"scan","report_sha256":"1b7e","decision":"warn"}"#,
        br#"{}"#,
    ];
    // Structured: control bytes (both batches signed, checkpoints after each), then bodies.
    for (name, control) in [
        ("signed-checkpointed", [0x0f, 0, 0, 0, 0]),
        ("unsigned-tail", [0x0d, 0, 0, 0, 0]),
        ("forged", [0x1f, 7, 3, 0, 0x20]),
        ("flipped", [0x2f, 40, 0, 0, 0x01]),
        ("cut", [0x3f, 16, 0, 0, 0]),
    ] {
        let mut parts: Vec<&[u8]> = vec![&control];
        parts.extend(&bodies);
        c.add("ledger_records", name, &prefixed(1, &join(&parts)));
    }
    // Raw: the files of a real ledger.
    let dir = scratch.join("ledger");
    let (ledger, notes) = build_ledger(&dir, &bodies);
    let config = std::fs::read(dir.join("ledger.json")).expect("ledger.json");
    let entries = std::fs::read(dir.join("entries")).expect("entries");
    let latest = std::fs::read(dir.join("checkpoint")).expect("checkpoint");
    let mut parts: Vec<&[u8]> = vec![&config, &entries, &latest];
    parts.extend(notes.iter().map(|n| n.as_bytes()));
    c.add("ledger_records", "real-ledger", &prefixed(0, &join(&parts)));
    c.add(
        "ledger_records",
        "real-ledger-trusted",
        &prefixed(2 | 4, &join(&parts)),
    );

    // Proof bundles and the rest of what an auditor reads.
    let v = verifier();
    for i in 0..ledger.size() {
        let b = ledger.prove(i, v).expect("a proof");
        c.add(
            "proof_bundles",
            &format!("inclusion-{i}"),
            b.to_json().as_bytes(),
        );
    }
    let b = ledger
        .consistency(&notes[0], v)
        .expect("a consistency proof");
    c.add("proof_bundles", "consistency", b.to_json().as_bytes());
    for (i, n) in notes.iter().enumerate() {
        c.add("proof_bundles", &format!("checkpoint-{i}"), n.as_bytes());
    }
    c.add("proof_bundles", "verifier-key", v.encode().as_bytes());
    c.add(
        "proof_bundles",
        "signing-key",
        signer().encode_private().as_bytes(),
    );
    let statement = tollgate_ledger::attest::statement(
        &[(
            "report.json".into(),
            vec![("sha256".into(), "ab".repeat(32))],
        )],
        serde_json::json!({"decision": "pass", "tier": "critical"}),
    );
    let envelope = tollgate_ledger::attest::sign(&statement, signer());
    c.add("proof_bundles", "attestation", envelope.as_bytes());
}

/// The IaC crate's CloudFormation and Dockerfile fixtures.
fn iac(c: &mut Corpus, repo: &Path) {
    let fixtures = repo.join("crates/tollgate_iac/resources/test/fixtures");
    for p in files(&fixtures) {
        let rel = p
            .strip_prefix(&fixtures)
            .expect("under fixtures")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&p).expect("fixture");
        let lower = rel.to_ascii_lowercase();
        if lower.ends_with(".dockerfile") || lower.ends_with("dockerfile") {
            c.add("dockerfile", &rel, &bytes);
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json") {
            c.add("cloudformation", &rel, &bytes);
        }
    }
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (Some(repo), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: prepare_corpus <repo root> <corpus dir> [<shared data dir>]");
        std::process::exit(2);
    };
    let shared = args.get(2).filter(|p| p.is_dir()).map(PathBuf::as_path);
    let scratch = std::env::temp_dir().join(format!("tollgate-prepare-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    let mut c = Corpus {
        root: out.clone(),
        count: BTreeMap::new(),
    };
    lockfiles(&mut c, repo, shared);
    osv(&mut c, repo, shared);
    config_and_exceptions(&mut c, repo);
    reports(&mut c, repo);
    secrets(&mut c, repo);
    iac(&mut c, repo);
    ledgers(&mut c, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    for (t, n) in &c.count {
        println!("prepare_corpus: {t}: {n} generated seeds");
    }
}
