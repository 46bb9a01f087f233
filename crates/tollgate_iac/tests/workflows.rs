//! The GitHub Actions and GitLab CI adapters.

use tollgate_iac::model::IssueSeverity;
use tollgate_iac::workflows::{github, gitlab};
use tollgate_iac::{Lookup, Resource};

fn get<'a>(r: &'a Resource, path: &str) -> &'a tollgate_iac::Attr {
    match r.get(path) {
        Lookup::Found(a) => a,
        other => panic!("{} {path}: {other:?}", r.address),
    }
}

#[test]
fn github_workflow_and_jobs_carry_the_triggers_and_permissions() {
    let text = "name: ci\non:\n  pull_request_target:\npermissions:\n  contents: read\nenv:\n  A: b\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n  lint:\n    uses: ./.github/workflows/lint.yml\n";
    let m = github::load_file(".github/workflows/ci.yml", text.as_bytes());
    assert!(m.issues.is_empty());
    let addrs: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        [
            ".github/workflows/ci.yml",
            ".github/workflows/ci.yml:jobs.build",
            ".github/workflows/ci.yml:jobs.lint"
        ]
    );
    let wf = &m.resources[0];
    assert_eq!(wf.resource_type, "github/workflow");
    assert!(get(wf, "on").as_map().is_some());
    assert_eq!(get(wf, "env.A").as_str(), Some("b"));
    let job = &m.resources[1];
    assert_eq!(job.resource_type, "github/job");
    assert!(matches!(
        job.get("workflow_on.pull_request_target"),
        Lookup::Found(_)
    ));
    assert_eq!(
        get(job, "workflow_permissions.contents").as_str(),
        Some("read")
    );
    assert_eq!(get(job, "steps.1.run").span.line, 13);
}

#[test]
fn a_malformed_workflow_is_an_error_with_its_line() {
    let m = github::load_file(".github/workflows/x.yml", b"on: push\njobs:\n  a: [\n");
    assert_eq!(m.issues.len(), 1);
    assert_eq!(m.issues[0].kind, IssueSeverity::Error);
    assert!(m.issues[0].line.is_some());
}

const GITLAB: &str = r#"
variables:
  GLOBAL: "1"
default:
  image: alpine:3.20
  before_script: [echo default]
.defaults: &defaults
  tags: [docker]
  retry: 2
.base:
  <<: *defaults
  variables:
    FROM_BASE: "yes"
    SHARED: base
  script: [echo base]
.middle:
  extends: .base
  variables:
    SHARED: middle
  image: node:20
test:
  extends: .middle
  script: [npm test]
lint:
  inherit:
    default: false
  script: [make lint]
loop-a:
  extends: loop-b
  script: [a]
loop-b:
  extends: loop-a
  script: [b]
include:
  - local: ci/other.yml
  - remote: https://example.com/x.yml
  - project: group/templates
    file: /a.yml
"#;

#[test]
fn gitlab_extends_chain_defaults_anchors_and_includes() {
    let m = gitlab::load_file(".gitlab-ci.yml", GITLAB.as_bytes());
    let names: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        names,
        [
            ".gitlab-ci.yml",
            ".gitlab-ci.yml:lint",
            ".gitlab-ci.yml:loop-a",
            ".gitlab-ci.yml:loop-b",
            ".gitlab-ci.yml:test"
        ]
    );
    let pipe = &m.resources[0];
    assert_eq!(pipe.resource_type, "gitlab/pipeline");
    assert_eq!(get(pipe, "variables.GLOBAL").as_str(), Some("1"));
    let test = m
        .resources
        .iter()
        .find(|r| r.address.ends_with(":test"))
        .unwrap();
    assert_eq!(test.resource_type, "gitlab/job");
    // Its own keys win, then .middle, then .base (deep-merged variables), then the anchor.
    assert_eq!(get(test, "script.0").as_str(), Some("npm test"));
    assert_eq!(get(test, "image").as_str(), Some("node:20"));
    assert_eq!(get(test, "variables.SHARED").as_str(), Some("middle"));
    assert_eq!(get(test, "variables.FROM_BASE").as_str(), Some("yes"));
    assert_eq!(get(test, "retry").as_f64(), Some(2.0));
    assert_eq!(get(test, "tags.0").as_str(), Some("docker"));
    // default: fills what the chain does not set.
    assert_eq!(get(test, "before_script.0").as_str(), Some("echo default"));
    // The value keeps the line it was written at (in .middle).
    assert_eq!(get(test, "image").span.line, 20);
    let lint = m
        .resources
        .iter()
        .find(|r| r.address.ends_with(":lint"))
        .unwrap();
    assert!(matches!(lint.get("image"), Lookup::Absent));
    // The cycle is reported, not followed forever.
    assert!(m
        .issues
        .iter()
        .any(|i| i.kind == IssueSeverity::Warning && i.message.contains("cycle")));
    let not_followed: Vec<&str> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::NotFollowed)
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(not_followed.len(), 3, "{not_followed:?}");
    assert!(not_followed.iter().any(|m| m.contains("ci/other.yml")));
    assert!(not_followed
        .iter()
        .any(|m| m.contains("https://example.com/x.yml")));
    assert!(not_followed.iter().any(|m| m.contains("group/templates")));
}

#[test]
fn deep_extends_chains_are_capped() {
    let mut text = String::from("j0:\n  script: [x]\n");
    for i in 1..40 {
        text.push_str(&format!("j{i}:\n  extends: j{}\n", i - 1));
    }
    let m = gitlab::load_file(".gitlab-ci.yml", text.as_bytes());
    assert_eq!(m.resources.len(), 41);
    assert!(m.issues.iter().any(|i| i.message.contains("deeper than")));
}

#[test]
fn fanning_out_extends_are_bounded() {
    let mut text = String::from("t0:\n  script: [x]\n");
    for i in 1..14 {
        let p = format!("t{}", i - 1);
        text.push_str(&format!(
            "t{i}:\n  extends: [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"
        ));
    }
    let started = std::time::Instant::now();
    let m = gitlab::load_file(".gitlab-ci.yml", text.as_bytes());
    assert_eq!(m.resources.len(), 15);
    assert!(started.elapsed().as_secs() < 10);
    assert!(m
        .issues
        .iter()
        .any(|i| i.message.contains("templates through")));
}

#[test]
fn a_composite_action_is_a_job_of_steps_and_other_actions_give_nothing() {
    let m = github::load_action(
        "action.yml",
        b"name: x\nruns:\n  using: composite\n  steps:\n    - uses: some/action@v1\n    - run: echo hi\n      shell: bash\n",
    );
    assert_eq!(m.resources.len(), 1);
    assert_eq!(m.resources[0].address, "action.yml:runs");
    assert_eq!(get(&m.resources[0], "steps.1.run").span.line, 6);
    let js = github::load_action("action.yml", b"runs:\n  using: node20\n  main: index.js\n");
    assert!(js.resources.is_empty() && js.issues.is_empty());
}
