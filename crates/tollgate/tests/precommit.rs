//! The pre-commit hook of `.pre-commit-hooks.yaml`, run by the real `pre-commit` tool
//! (from PyPI, installed by scripts/setup.sh) on a temporary repository: a commit that
//! adds a key is refused, a clean one goes through. The test prints how long the hook adds
//! to a commit; it asserts nothing about time.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// `pre-commit` on PATH. Without it the test fails rather than pass having run nothing, as
/// the tests of the other tools `scripts/setup.sh` installs do.
fn pre_commit() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("pre-commit"))
                .find(|p| p.is_file())
        })
        .expect("pre-commit is not installed: run scripts/setup.sh (pip install pre-commit)")
}

/// The AWS key planted in a commit, built at run time so this file holds none.
fn aws_key() -> String {
    ["AKIA", "QYLPMN5HHHFPZAM2"].concat()
}

struct Env {
    _tmp: tempfile::TempDir,
    project: PathBuf,
    path: String,
    home: PathBuf,
}

impl Env {
    /// A hook repository holding this repository's `.pre-commit-hooks.yaml`, and a project
    /// whose `.pre-commit-config.yaml` uses it at its commit, with the hook installed.
    fn new(pre_commit: &Path) -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let hooks = tmp.path().join("hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml");
        std::fs::copy(&manifest, hooks.join(".pre-commit-hooks.yaml")).unwrap();
        git(&hooks, &["init", "-q", "-b", "main", "."]);
        git(&hooks, &["add", "."]);
        git(&hooks, &["commit", "-q", "-m", "hooks"]);
        let rev = git(&hooks, &["rev-parse", "HEAD"]);

        let project = tmp.path().join("project");
        std::fs::create_dir_all(&project).unwrap();
        git(&project, &["init", "-q", "-b", "main", "."]);
        std::fs::write(
            project.join(".pre-commit-config.yaml"),
            format!(
                "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: tollgate\n",
                hooks.display()
            ),
        )
        .unwrap();
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_tollgate")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env = Env {
            home: tmp.path().join("pre-commit-home"),
            _tmp: tmp,
            project,
            path,
        };
        let o = env.run(Command::new(pre_commit).arg("install"));
        assert!(o.status.success(), "pre-commit install: {}", text(&o));
        env
    }

    fn run(&self, cmd: &mut Command) -> Output {
        cmd.current_dir(&self.project)
            .env("PATH", &self.path)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Dana Dev")
            .env("GIT_AUTHOR_EMAIL", "dana@bank.example")
            .env("GIT_COMMITTER_NAME", "Dana Dev")
            .env("GIT_COMMITTER_EMAIL", "dana@bank.example")
            .env_remove("TOLLGATE_DB")
            .env_remove("CI")
            .output()
            .unwrap()
    }

    fn write(&self, path: &str, body: &str) {
        std::fs::write(self.project.join(path), body).unwrap();
    }

    fn git(&self, args: &[&str]) -> Output {
        self.run(Command::new("git").args(args))
    }

    /// `git commit` of everything, with or without the hooks; its output and duration.
    fn commit(&self, message: &str, verify: bool) -> (Output, Duration) {
        assert!(self.git(&["add", "-A"]).status.success());
        let mut args = vec!["commit", "-q", "-m", message];
        if !verify {
            args.push("--no-verify");
        }
        let t = Instant::now();
        let o = self.git(&args);
        (o, t.elapsed())
    }
}

#[test]
fn the_hook_refuses_a_planted_key_and_passes_a_clean_commit() {
    let env = Env::new(&pre_commit());

    env.write("README.md", "# payments service\n");
    let (o, _) = env.commit("first", true);
    assert!(o.status.success(), "a clean first commit: {}", text(&o));

    env.write(
        "settings.py",
        &format!("AWS_ACCESS_KEY_ID = '{}'\n", aws_key()),
    );
    let (o, _) = env.commit("add settings", true);
    let out = text(&o);
    assert!(!o.status.success(), "the planted key was committed: {out}");
    assert!(
        out.contains("secrets/aws-access-key-id") && out.contains("Gate FAILED"),
        "{out}"
    );
    assert!(
        !out.contains(&aws_key()),
        "the hook printed the raw key: {out}"
    );
    let log = env.git(&["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);

    env.write(
        "settings.py",
        "import os\nAWS_ACCESS_KEY_ID = os.environ['AWS_ACCESS_KEY_ID']\n",
    );
    let (o, _) = env.commit("settings from the environment", true);
    assert!(
        o.status.success(),
        "a clean commit was refused: {}",
        text(&o)
    );

    // What the hook adds to a commit: the same small change committed with and without
    // it, a few times each (the first hooked commit above paid for pre-commit's setup).
    let runs = 5;
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for i in 0..runs {
        env.write("CHANGELOG.md", &format!("- change {i}\n"));
        let (o, t) = env.commit(&format!("hooked {i}"), true);
        assert!(o.status.success(), "{}", text(&o));
        with.push(t);
        env.write("NOTES.md", &format!("- note {i}\n"));
        let (o, t) = env.commit(&format!("plain {i}"), false);
        assert!(o.status.success(), "{}", text(&o));
        without.push(t);
    }
    with.sort();
    without.sort();
    let (w, n) = (with[runs / 2], without[runs / 2]);
    println!(
        "pre-commit hook timing (median of {runs}): commit with the hook {:.0} ms, without {:.0} ms; the hook adds {:.0} ms",
        w.as_secs_f64() * 1e3,
        n.as_secs_f64() * 1e3,
        (w.as_secs_f64() - n.as_secs_f64()) * 1e3
    );
}
