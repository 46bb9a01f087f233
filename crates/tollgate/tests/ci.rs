//! Drop-in CI: the GitLab reports of real scans against GitLab's schemas, every CI template
//! against its platform's published schema, and `tollgate init --ci`.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// check-jsonschema with `schema_args` on `files`; a validator that cannot run fails the
/// test, never passes it.
fn check_jsonschema(schema_args: &[&str], files: &[&Path]) -> Result<(), String> {
    let o = Command::new("check-jsonschema")
        .args(schema_args)
        .args(files)
        .output()
        .expect("check-jsonschema is not installed: run scripts/setup.sh");
    if o.status.success() {
        Ok(())
    } else {
        Err(text(&o))
    }
}

fn gitlab_schema(file: &str) -> String {
    repo_root()
        .join("crates/tollgate_report/resources/gitlab-schemas")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn gitlab_secret_detection_of_the_planted_tree_conforms() {
    let planted = repo_root().join("crates/tollgate_secrets/resources/test/fixtures/planted");
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("gl-secret-detection-report.json");
    let o = command(Path::new("."))
        .arg("scan")
        .arg(&planted)
        .args(["--no-progress", "-f", "gitlab-secret-detection", "-o"])
        .arg(&report)
        .args(["-f", "json", "-o"])
        .arg(out.path().join("r.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let schema = gitlab_schema("secret-detection-report-format.json");
    check_jsonschema(&["--schemafile", &schema], &[&report]).unwrap();
    let gl: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("r.json")).unwrap()).unwrap();
    let active = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppression"].is_null())
        .filter(|f| {
            f["rule_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("secrets/"))
        })
        .count();
    assert!(active > 20, "the planted tree should hold many secrets");
    assert_eq!(gl["vulnerabilities"].as_array().unwrap().len(), active);
    assert_eq!(gl["scan"]["status"], "success");
    assert_eq!(gl["scan"]["start_time"], "2026-11-21T00:00:00");
    // The JSON report's snippets are what GitLab shows: redacted.
    for v in gl["vulnerabilities"].as_array().unwrap() {
        if let Some(s) = v["raw_source_code_extract"].as_str() {
            assert!(
                json.to_string()
                    .contains(&serde_json::Value::from(s).to_string()),
                "{s}"
            );
        }
    }
}

#[test]
fn gitlab_dependency_scanning_of_a_vulnerable_lockfile_conforms() {
    let d = tree(&[(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"ledgerlib\"]\n\n[[package]]\nname = \"ledgerlib\"\nversion = \"1.2.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )]);
    import_osv(
        d.path(),
        r#"{"id":"RUSTSEC-2026-0001","modified":"2026-08-01T00:00:00Z","aliases":["CVE-2026-0001"],"summary":"flaw in ledgerlib","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],"affected":[{"package":{"ecosystem":"crates.io","name":"ledgerlib"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.5"}]}]}]}"#,
    );
    let o = tollgate(
        d.path(),
        &[
            "scan",
            ".",
            "--no-progress",
            "--db",
            "osv",
            "-f",
            "gitlab-dependency-scanning",
            "-o",
            "gl-dependency-scanning-report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = d.path().join("gl-dependency-scanning-report.json");
    let schema = gitlab_schema("dependency-scanning-report-format.json");
    check_jsonschema(&["--schemafile", &schema], &[&report]).unwrap();
    let gl: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let v = &gl["vulnerabilities"][0];
    assert_eq!(v["location"]["file"], "Cargo.lock");
    assert_eq!(v["location"]["dependency"]["package"]["name"], "ledgerlib");
    assert_eq!(v["identifiers"][0]["value"], "RUSTSEC-2026-0001");
    assert_eq!(v["severity"], "Critical");

    // Without a database the deps scanner does not run, and GitLab is told the scan failed.
    let o = tollgate(
        d.path(),
        &[
            "scan",
            ".",
            "--no-progress",
            "--db",
            "no-such-db",
            "-f",
            "gitlab-dependency-scanning",
        ],
    );
    let gl = json_of(&o);
    assert_eq!(gl["scan"]["status"], "failure", "{gl:#}");
    assert_eq!(gl["vulnerabilities"].as_array().unwrap().len(), 0);
}

/// A request the fake GitHub API received.
#[derive(Clone, Debug)]
struct ApiRequest {
    line: String,
    headers: Vec<String>,
    body: Vec<u8>,
}

/// A fake GitHub REST API on 127.0.0.1 that answers every request with `status` and keeps
/// what it was sent.
struct FakeApi {
    base: String,
    got: std::sync::Arc<std::sync::Mutex<Vec<ApiRequest>>>,
}

impl FakeApi {
    fn start(status: u16) -> FakeApi {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = got.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut headers = Vec::new();
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                    headers.push(h.trim_end().to_string());
                }
                let mut body = vec![0u8; len];
                let _ = r.read_exact(&mut body);
                keep.lock().unwrap().push(ApiRequest {
                    line: line.trim_end().to_string(),
                    headers,
                    body,
                });
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                );
                let _ = s.write_all(answer.as_bytes());
            }
        });
        FakeApi { base, got }
    }

    fn requests(&self) -> Vec<ApiRequest> {
        self.got.lock().unwrap().clone()
    }
}

/// The action's step (ci/github/action.sh) as a GitHub runner runs it, in `project`.
struct ActionRun {
    code: i32,
    log: String,
    summary: String,
    outputs: String,
}

fn run_action(
    release: &Release,
    server: &Server,
    api: &FakeApi,
    project: &Path,
    env: &[(&str, &str)],
) -> ActionRun {
    let runner = tempfile::tempdir().unwrap();
    let summary = runner.path().join("summary.md");
    let outputs = runner.path().join("outputs");
    let sha = git(project, &["rev-parse", "HEAD"]);
    let mut cmd = Command::new("bash");
    cmd.arg(repo_root().join("ci/github/action.sh"))
        .current_dir(project)
        .env("GITHUB_ACTION_PATH", repo_root())
        .env("RUNNER_TEMP", runner.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_API_URL", &api.base)
        .env("GITHUB_REPOSITORY", "bank/payments")
        .env("GITHUB_SHA", &sha)
        .env("GITHUB_REF", "refs/heads/main")
        .env("GITHUB_EVENT_NAME", "push")
        .env("INPUT_VERSION", env!("CARGO_PKG_VERSION"))
        .env("INPUT_RELEASE_KEY", &release.key)
        .env("INPUT_BASE_URL", &server.base)
        .env("INPUT_PATH", ".")
        .env("INPUT_FORMATS", "sarif,markdown,json")
        .env("INPUT_OUTPUT_DIR", "tollgate-reports")
        .env("INPUT_UPLOAD_SARIF", "true")
        .env("INPUT_TOKEN", "ghs_test-token")
        .env("SOURCE_DATE_EPOCH", "1795219200")
        .env_remove("CI")
        .env_remove("TOLLGATE_DB");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    ActionRun {
        code: o.status.code().unwrap_or(-1),
        log: text(&o),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    }
}

fn aws_key() -> String {
    ["AKIA", "QYLPMN5HHHFPZAM2"].concat()
}

/// A project repository with one commit; `leak` plants a key in it.
fn project(leak: bool) -> tempfile::TempDir {
    let d = tree(&[("README.md", "# payments\n".to_string())]);
    if leak {
        std::fs::write(
            d.path().join("settings.py"),
            format!("AWS_ACCESS_KEY_ID = '{}'\n", aws_key()),
        )
        .unwrap();
    }
    git(d.path(), &["init", "-q", "-b", "main", "."]);
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-q", "-m", "base"]);
    d
}

/// The SARIF log inside an upload body (gzip, then base64, as the API wants it).
fn uploaded_sarif(body: &[u8]) -> serde_json::Value {
    use base64::Engine as _;
    use std::io::Read as _;
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    let gz = base64::engine::general_purpose::STANDARD
        .decode(v["sarif"].as_str().unwrap())
        .unwrap();
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut raw)
        .unwrap();
    serde_json::from_slice(&raw).unwrap()
}

#[test]
fn the_action_fails_the_job_by_the_gate_and_uploads_sarif() {
    let release = release();
    let server = Server::start(&release.dir());
    let api = FakeApi::start(202);
    let p = project(true);
    let run = run_action(&release, &server, &api, p.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.log);
    assert!(run.outputs.contains("exit-code=1"), "{}", run.outputs);
    assert!(run.summary.contains("Tollgate failed"), "{}", run.summary);
    assert!(!run.log.contains(&aws_key()) && !run.summary.contains(&aws_key()));
    assert!(
        run.log.contains("verified"),
        "the release was not verified: {}",
        run.log
    );

    let reqs = api.requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    let r = &reqs[0];
    assert_eq!(
        r.line,
        "POST /repos/bank/payments/code-scanning/sarifs HTTP/1.1"
    );
    assert!(r
        .headers
        .iter()
        .any(|h| h == "Authorization: Bearer ghs_test-token"));
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["ref"], "refs/heads/main");
    assert_eq!(body["commit_sha"], git(p.path(), &["rev-parse", "HEAD"]));
    let sarif = uploaded_sarif(&r.body);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "secrets/aws-access-key-id"
    );
    assert!(p.path().join("tollgate-reports/json.json").is_file());

    // A clean project passes.
    let clean = project(false);
    let run = run_action(&release, &server, &api, clean.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.log);
    assert!(run.summary.contains("Tollgate passed"), "{}", run.summary);
}

#[test]
fn a_failed_upload_never_hides_the_gate_and_never_passes_silently() {
    let release = release();
    let server = Server::start(&release.dir());
    let api = FakeApi::start(403);
    let clean = project(false);
    let run = run_action(&release, &server, &api, clean.path(), &[]);
    assert_eq!(run.code, 2, "a pass whose SARIF was lost: {}", run.log);
    assert!(run.outputs.contains("exit-code=0"), "{}", run.outputs);
    assert!(
        run.log.contains("::error title=Tollgate::the SARIF upload"),
        "{}",
        run.log
    );
    let leak = project(true);
    let run = run_action(&release, &server, &api, leak.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.log);
}

#[test]
fn on_pull_requests_only_new_lines_count_and_forks_are_not_uploaded() {
    let release = release();
    let server = Server::start(&release.dir());
    let api = FakeApi::start(202);
    let p = project(true);
    let base = git(p.path(), &["rev-parse", "HEAD"]);
    std::fs::write(p.path().join("README.md"), "# payments\n\nNow with docs.\n").unwrap();
    git(p.path(), &["commit", "-q", "-am", "docs"]);
    let pr = [
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_REF", "refs/pull/7/merge"),
        ("TOLLGATE_PR_BASE_SHA", base.as_str()),
        ("TOLLGATE_PR_HEAD_REPO", "bank/payments"),
    ];
    let run = run_action(&release, &server, &api, p.path(), &pr);
    assert_eq!(
        run.code, 0,
        "the old key is not the pull request's: {}",
        run.log
    );
    let body: serde_json::Value = serde_json::from_slice(&api.requests()[0].body).unwrap();
    assert_eq!(body["ref"], "refs/pull/7/merge");

    let mut fork = pr;
    fork[3] = ("TOLLGATE_PR_HEAD_REPO", "someone/payments");
    let before = api.requests().len();
    let run = run_action(&release, &server, &api, p.path(), &fork);
    assert_eq!(run.code, 0, "{}", run.log);
    assert_eq!(api.requests().len(), before, "a fork's run tried to upload");
    assert!(run.log.contains("pull request from a fork"), "{}", run.log);

    // A base commit the checkout lacks is an error, not a scan of everything.
    let mut shallow = pr;
    shallow[2] = (
        "TOLLGATE_PR_BASE_SHA",
        "1111111111111111111111111111111111111111",
    );
    let run = run_action(&release, &server, &api, p.path(), &shallow);
    assert_eq!(run.code, 2, "{}", run.log);
    assert!(run.log.contains("fetch-depth: 0"), "{}", run.log);
}

#[test]
fn the_action_installs_nothing_it_cannot_verify() {
    let release = release();
    let server = Server::start(&release.dir());
    let api = FakeApi::start(202);
    let p = project(false);
    let other = tollgate(
        release.tmp.path(),
        &[
            "ledger",
            "keygen",
            "--name",
            "releases.tollgate.test",
            "--out",
            "other.key",
        ],
    );
    let other_key = String::from_utf8(other.stdout).unwrap().trim().to_string();
    let run = run_action(
        &release,
        &server,
        &api,
        p.path(),
        &[("INPUT_RELEASE_KEY", &other_key)],
    );
    assert_eq!(run.code, 2, "{}", run.log);
    assert!(run.log.contains("REFUSED"), "{}", run.log);
    assert!(run.outputs.contains("exit-code=2"));
    assert!(api.requests().is_empty());
    let run = run_action(
        &release,
        &server,
        &api,
        p.path(),
        &[("INPUT_RELEASE_KEY", "")],
    );
    assert_eq!(run.code, 2, "{}", run.log);
    assert!(run.log.contains("no release key pinned"), "{}", run.log);
}

/// Every platform `init --ci` knows: the file it writes and the schema that file follows
/// (SchemaStore's, as check-jsonschema vendors them; Jenkins has none).
const PLATFORMS: [(&str, &str, Option<&str>); 4] = [
    (
        "github",
        ".github/workflows/tollgate.yml",
        Some("vendor.github-workflows"),
    ),
    (
        "gitlab",
        ".gitlab/tollgate.gitlab-ci.yml",
        Some("vendor.gitlab-ci"),
    ),
    ("jenkins", "Jenkinsfile", None),
    (
        "azure",
        ".azure-pipelines/tollgate.yml",
        Some("vendor.azure-pipelines"),
    ),
];

/// The template with every pin filled as a release would fill it.
fn pinned(template: &str) -> String {
    template
        .replace("__TOLLGATE_VERSION__", "0.1.0")
        .replace("__TOLLGATE_REPO__", "bank-oss/tollgate")
        .replace(
            "__TOLLGATE_COMMIT__",
            "0123456789abcdef0123456789abcdef01234567",
        )
        .replace(
            "__TOLLGATE_RELEASE_KEY__",
            "releases.tollgate.test+0a1b2c3d+AYyhVYsSi+mt3OHJmDsypi6M2kYW6CosZ+Vp3BXRwP+E",
        )
        .replace("__TOLLGATE_INSTALL_SHA256__", &"ab".repeat(32))
}

#[test]
fn init_ci_writes_each_platforms_file_once() {
    let d = tempfile::tempdir().unwrap();
    for (name, path, _) in PLATFORMS {
        let o = tollgate(d.path(), &["init", ".", "--ci", name]);
        assert!(o.status.success(), "{name}: {}", text(&o));
        let written = std::fs::read_to_string(d.path().join(path)).unwrap();
        assert!(
            !written.contains("__TOLLGATE_VERSION__")
                && !written.contains("__TOLLGATE_INSTALL_SHA256__"),
            "{name}: the version and install.sh's checksum are always known"
        );
        if written.contains("__TOLLGATE_REPO__") || written.contains("__TOLLGATE_RELEASE_KEY__") {
            assert!(
                text(&o).contains("not a release build"),
                "{name}: unfilled pins must be said: {}",
                text(&o)
            );
        }
        // Never over an existing file, unless forced.
        std::fs::write(d.path().join(path), "mine\n").unwrap();
        let o = tollgate(d.path(), &["init", ".", "--ci", name]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(text(&o).contains("already exists"), "{}", text(&o));
        assert_eq!(
            std::fs::read_to_string(d.path().join(path)).unwrap(),
            "mine\n"
        );
        let o = tollgate(d.path(), &["init", ".", "--ci", name, "--force"]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(
            std::fs::read_to_string(d.path().join(path)).unwrap(),
            written
        );
    }
    // The checksum the templates check install.sh against is install.sh's.
    let install = std::fs::read(repo_root().join("scripts/install.sh")).unwrap();
    let gitlab = std::fs::read_to_string(d.path().join(".gitlab/tollgate.gitlab-ci.yml")).unwrap();
    assert!(gitlab.contains(&tollgate_core::fingerprint::sha256_hex(&install)));
    // The templates are the repository's, embedded as they are.
    let github = std::fs::read_to_string(d.path().join(".github/workflows/tollgate.yml")).unwrap();
    let source = std::fs::read_to_string(repo_root().join("ci/github/tollgate.yml")).unwrap();
    assert_eq!(
        github,
        source.replace("__TOLLGATE_VERSION__", env!("CARGO_PKG_VERSION"))
    );
    let o = tollgate(d.path(), &["init", ".", "--ci", "circleci"]);
    assert_eq!(o.status.code(), Some(2));
    // Plain `init` still writes tollgate.toml.
    let o = tollgate(d.path(), &["init"]);
    assert!(o.status.success() && d.path().join("tollgate.toml").is_file());
}

#[test]
fn every_template_follows_its_platforms_schema() {
    let d = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (name, path, schema) in PLATFORMS {
        let o = tollgate(d.path(), &["init", ".", "--ci", name]);
        assert!(o.status.success(), "{}", text(&o));
        let Some(schema) = schema else { continue };
        // As written by this build, and with every pin filled as a release fills it.
        let file = d.path().join(path);
        let filled = d.path().join(format!("{name}-pinned.yml"));
        std::fs::write(&filled, pinned(&std::fs::read_to_string(&file).unwrap())).unwrap();
        check_jsonschema(&["--builtin-schema", schema], &[&file, &filled])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        checked += 1;
    }
    let action = repo_root().join("action.yml");
    check_jsonschema(&["--builtin-schema", "vendor.github-actions"], &[&action])
        .unwrap_or_else(|e| panic!("action.yml: {e}"));
    assert_eq!(checked, 3);

    // The checks can fail: a misspelt job keyword, a job without runs-on, do not pass.
    let broken = d.path().join("broken-gitlab.yml");
    std::fs::write(
        &broken,
        "tollgate:\n  stage: test\n  scrip: [tollgate scan]\n",
    )
    .unwrap();
    assert!(check_jsonschema(&["--builtin-schema", "vendor.gitlab-ci"], &[&broken]).is_err());
    let broken = d.path().join("broken-github.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  t:\n    steps:\n      - run: x\n",
    )
    .unwrap();
    assert!(
        check_jsonschema(&["--builtin-schema", "vendor.github-workflows"], &[&broken]).is_err()
    );
}

#[test]
fn the_action_and_workflow_pin_everything_and_use_no_other_action() {
    let action = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    assert!(action.contains("using: composite"));
    assert!(
        !action
            .lines()
            .any(|l| l.trim_start().starts_with("uses:") || l.trim_start().starts_with("- uses:")),
        "the action runs another action"
    );
    // Inputs reach the script as environment variables, never spliced into the code.
    let run_lines: Vec<&str> = action
        .lines()
        .filter(|l| l.trim_start().starts_with("run:"))
        .collect();
    assert_eq!(run_lines.len(), 1);
    assert!(!run_lines[0].contains("${{"), "{}", run_lines[0]);
    let workflow = std::fs::read_to_string(repo_root().join("ci/github/tollgate.yml")).unwrap();
    for line in workflow.lines().filter(|l| l.contains("uses:")) {
        let target = line.split("uses:").nth(1).unwrap().trim();
        let reference = target.split_whitespace().next().unwrap();
        let (_, pin) = reference.split_once('@').expect("uses without a ref");
        assert!(
            pin == "__TOLLGATE_COMMIT__"
                || (pin.len() == 40 && pin.bytes().all(|b| b.is_ascii_hexdigit())),
            "not pinned by a full commit SHA: {line}"
        );
    }
}

#[test]
fn the_jenkinsfile_is_groovy_and_has_the_steps_jenkins_needs() {
    // No Jenkins here: groovyc checks the syntax, the rest is checked by reading.
    let jenkinsfile = repo_root().join("ci/jenkins/Jenkinsfile");
    let text_of = std::fs::read_to_string(&jenkinsfile).unwrap();
    for needed in [
        "stage('Tollgate')",
        "junit testResults: 'tollgate-reports/junit.xml'",
        "skipMarkingBuildUnstable: true",
        "recordIssues(tools: [sarif(pattern: 'tollgate-reports/tollgate.sarif'",
        "returnStatus: true",
        "if (code != 0)",
        "sha256sum -c -",
    ] {
        assert!(text_of.contains(needed), "the Jenkinsfile lacks {needed}");
    }
    let d = tempfile::tempdir().unwrap();
    let copy = d.path().join("Jenkinsfile.groovy");
    std::fs::write(&copy, pinned(&text_of)).unwrap();
    let mut cmd = Command::new("groovyc");
    if std::env::var_os("JAVA_HOME").is_none() {
        // Debian's groovyc looks for default-java, which a bare JRE install lacks.
        if let Ok(java) = which_real("java") {
            cmd.env("JAVA_HOME", java.parent().unwrap().parent().unwrap());
        }
    }
    let o = cmd
        .arg("-d")
        .arg(d.path().join("classes"))
        .arg(&copy)
        .output()
        .expect("groovyc is not installed: run scripts/setup.sh");
    assert!(o.status.success(), "groovyc: {}", text(&o));
    // And a broken one does not compile.
    std::fs::write(
        &copy,
        "pipeline {\n  stages {\n    stage('x') { steps { sh '''\n",
    )
    .unwrap();
    let o = cmd.arg(&copy).output().unwrap();
    assert!(!o.status.success());
}

/// The file a command on PATH resolves to, through symlinks.
fn which_real(name: &str) -> Result<PathBuf, ()> {
    let paths = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&paths)
        .map(|p| p.join(name))
        .find(|p| p.is_file())
        .and_then(|p| std::fs::canonicalize(p).ok())
        .ok_or(())
}

#[test]
fn the_shell_scripts_pass_shellcheck() {
    let root = repo_root();
    let run = |args: &[&str], file: &str| {
        let o = Command::new("shellcheck")
            .args(args)
            .arg(root.join(file))
            .output()
            .expect("shellcheck is not installed: run scripts/setup.sh");
        assert!(o.status.success(), "{file}: {}", text(&o));
    };
    // install.sh runs under any POSIX sh; the others are bash.
    run(&["--shell=sh"], "scripts/install.sh");
    run(&["--shell=bash"], "scripts/release.sh");
    run(&["--shell=bash"], "ci/github/action.sh");
}

/// The template's shell run as its platform would (tests/run_template.py), with the pins
/// given as the platform's settings; the harness's JSON result. The files the job left
/// outside the project are in `work`.
fn run_template_in(
    work: &Path,
    platform: &str,
    template: &str,
    project: &Path,
    settings: &[(String, String)],
) -> serde_json::Value {
    let o = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/run_template.py"))
        .arg(platform)
        .arg(repo_root().join(template))
        .arg(project)
        .arg(work)
        .args(settings.iter().map(|(k, v)| format!("{k}={v}")))
        .env("SOURCE_DATE_EPOCH", "1795219200")
        .env_remove("CI")
        .env_remove("TOLLGATE_DB")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "run_template.py {platform}: {}",
        text(&o)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)))
}

fn run_template(
    platform: &str,
    template: &str,
    project: &Path,
    settings: &[(String, String)],
) -> serde_json::Value {
    let work = tempfile::tempdir().unwrap();
    run_template_in(work.path(), platform, template, project, settings)
}

/// GitLab, Azure and Jenkins settings that pin the release under test.
fn settings(platform: &str, release: &Release, server: &Server) -> Vec<(String, String)> {
    let install_sha = tollgate_core::fingerprint::sha256_hex(
        &std::fs::read(repo_root().join("scripts/install.sh")).unwrap(),
    );
    let pins = [
        (
            "version",
            "TOLLGATE_VERSION",
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        ("baseUrl", "TOLLGATE_BASE_URL", server.base.clone()),
        ("releaseKey", "TOLLGATE_RELEASE_KEY", release.key.clone()),
        ("installSha256", "TOLLGATE_INSTALL_SHA256", install_sha),
    ];
    pins.into_iter()
        .map(|(param, var, v)| {
            let k = if platform == "azure" { param } else { var };
            (k.to_string(), v)
        })
        .collect()
}

#[test]
fn the_gitlab_job_installs_gates_and_writes_its_reports() {
    let release = release();
    let server = Server::start(&release.dir());
    let mut s = settings("gitlab", &release, &server);
    let leak = project(true);
    let run = run_template(
        "gitlab",
        "ci/gitlab/tollgate.gitlab-ci.yml",
        leak.path(),
        &s,
    );
    assert_eq!(run["exit"], 1, "{run}");
    for (kind, schema) in [
        ("secret_detection", "secret-detection-report-format.json"),
        (
            "dependency_scanning",
            "dependency-scanning-report-format.json",
        ),
    ] {
        let file = PathBuf::from(run["reports"][kind].as_str().unwrap());
        check_jsonschema(&["--schemafile", &gitlab_schema(schema)], &[&file])
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    let sd: serde_json::Value = serde_json::from_slice(
        &std::fs::read(run["reports"]["secret_detection"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(sd["vulnerabilities"].as_array().unwrap().len(), 1, "{sd:#}");
    assert!(Path::new(run["reports"]["junit"].as_str().unwrap()).is_file());

    // A merge request that does not touch the old key passes.
    let base = git(leak.path(), &["rev-parse", "HEAD"]);
    std::fs::write(leak.path().join("README.md"), "# payments\n\nMore.\n").unwrap();
    git(leak.path(), &["commit", "-q", "-am", "docs"]);
    let mut mr = s.clone();
    mr.push(("CI_MERGE_REQUEST_DIFF_BASE_SHA".into(), base));
    let run = run_template(
        "gitlab",
        "ci/gitlab/tollgate.gitlab-ci.yml",
        leak.path(),
        &mr,
    );
    assert_eq!(run["exit"], 0, "{run}");

    let clean = project(false);
    let run = run_template(
        "gitlab",
        "ci/gitlab/tollgate.gitlab-ci.yml",
        clean.path(),
        &s,
    );
    assert_eq!(run["exit"], 0, "{run}");

    // An install.sh that is not the pinned one never runs.
    s.retain(|(k, _)| k != "TOLLGATE_INSTALL_SHA256");
    s.push(("TOLLGATE_INSTALL_SHA256".into(), "00".repeat(32)));
    let run = run_template(
        "gitlab",
        "ci/gitlab/tollgate.gitlab-ci.yml",
        clean.path(),
        &s,
    );
    assert_ne!(run["exit"], 0, "{run}");
}

#[test]
fn the_azure_steps_publish_then_end_with_the_gate() {
    let release = release();
    let server = Server::start(&release.dir());
    let s = settings("azure", &release, &server);
    let leak = project(true);
    let work = tempfile::tempdir().unwrap();
    let run = run_template_in(
        work.path(),
        "azure",
        "ci/azure/tollgate.yml",
        leak.path(),
        &s,
    );
    assert_eq!(run["exit"], 1, "{run}");
    let published = run["published"].as_array().unwrap();
    assert_eq!(published.len(), 2, "{run}");
    assert!(published.iter().all(|p| p["exists"] == true), "{run}");
    assert_eq!(published[1]["artifact"], "CodeAnalysisLogs");
    let sarif = Path::new(published[1]["path"].as_str().unwrap()).join("tollgate.sarif");
    assert!(sarif.is_file());
    let clean = project(false);
    let run = run_template("azure", "ci/azure/tollgate.yml", clean.path(), &s);
    assert_eq!(run["exit"], 0, "{run}");
    // A broken install: the gate step still runs, and fails the job.
    let mut broken = s.clone();
    broken[2].1 = "not-a-key".into();
    let run = run_template("azure", "ci/azure/tollgate.yml", clean.path(), &broken);
    assert_eq!(run["exit"], 1, "{run}");
    assert!(run["ran"].to_string().contains("Tollgate gate"), "{run}");
}

#[test]
fn the_jenkins_stage_shell_installs_and_returns_the_gate() {
    // Jenkins' own steps (junit, recordIssues, error) need a Jenkins; the shell they wrap runs here.
    let release = release();
    let server = Server::start(&release.dir());
    let s = settings("jenkins", &release, &server);
    let leak = project(true);
    let run = run_template("jenkins", "ci/jenkins/Jenkinsfile", leak.path(), &s);
    assert_eq!(
        (run["stage"].as_str(), run["exit"].as_i64()),
        (Some("scan"), Some(1)),
        "{run}"
    );
    assert!(leak.path().join("tollgate-reports/junit.xml").is_file());
    assert!(leak
        .path()
        .join("tollgate-reports/tollgate.sarif")
        .is_file());
    let clean = project(false);
    let run = run_template("jenkins", "ci/jenkins/Jenkinsfile", clean.path(), &s);
    assert_eq!(run["exit"], 0, "{run}");
}
