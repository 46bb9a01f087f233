//! `scan --git-history` as a list of leaks: one finding per distinct secret per path, with
//! the commit that introduced it, the last commit that still had it, how many commits
//! carried it and whether the current tree holds it; shallow clones and unreachable commits.
//! Every repository is built here; the planted keys are assembled at run time.

use std::path::Path;

mod common;
use common::*;

fn stripe_key() -> String {
    format!("sk_{}_51Qx8vT2mR7kP4wL9nB3cJ6hF1dG5sA0eY", "live")
}

fn github_token() -> String {
    format!("gh{}_R2d7kQ9mX4vB8nL3pW6tY1cF5hJ0sA7eU2iO", "p")
}

/// A repository with one commit of a README, on branch `main`.
fn repo() -> tempfile::TempDir {
    let d = tree(&[("README.md", "payments\n")]);
    git(d.path(), &["init", "-q", "-b", "main"]);
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "init"]);
    d
}

/// Write `files` and commit them; the new commit's id.
fn commit(root: &Path, files: &[(&str, String)], message: &str) -> String {
    for (path, content) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", message]);
    git(root, &["rev-parse", "HEAD"])
}

fn findings(r: &serde_json::Value) -> Vec<serde_json::Value> {
    r["findings"].as_array().expect("findings").clone()
}

#[test]
fn a_secret_kept_through_many_commits_is_one_finding_with_its_life() {
    let d = repo();
    let root = d.path();
    let mut ids = Vec::new();
    for i in 0..6 {
        let body = format!("STRIPE = '{}'\nRETRIES = {i}\n", stripe_key());
        ids.push(commit(root, &[("settings.py", body)], &format!("tune {i}")));
    }
    let removed = commit(
        root,
        &[("settings.py", "STRIPE = os.environ['STRIPE']\n".into())],
        "remove key",
    );
    commit(root, &[("NOTES.md", "rotated\n".into())], "notes");

    let (status, r) = scan_json(root, &["--git-history"]);
    assert_eq!(status, 1, "{r:#}");
    let f = findings(&r);
    assert_eq!(f.len(), 1, "six versions of one secret are one leak: {r:#}");
    let g = &f[0]["git"];
    assert_eq!(f[0]["rule_id"], "secrets/stripe-secret-key");
    assert_eq!(
        g["commit"], ids[0],
        "introduced by the first commit that had it"
    );
    assert_eq!(
        g["last"]["commit"], ids[5],
        "last seen in the commit before {removed}"
    );
    assert_eq!(g["commits"], 6);
    assert_eq!(g["in_head"], false);
    assert_eq!(g["in_worktree"], false);
    assert!(g.get("unreachable").is_none());
    assert_eq!(r["stats"]["commits_scanned"], 9);
    // The text report reads like a leak report.
    let o = tollgate(root, &["scan", ".", "--git-history", "--no-progress"]);
    let t = text(&o);
    let short = &ids[0][..12];
    let last = &ids[5][..12];
    assert!(
        t.contains(&format!(
            "introduced in {short} by Dana Dev on 2026-01-02T03:04:05Z, last seen in {last} on 2026-01-02T03:04:05Z, 6 commits, removed"
        )),
        "{t}"
    );
}

#[test]
fn still_present_in_head_and_the_work_tree_or_removed() {
    let d = repo();
    let root = d.path();
    let first = commit(
        root,
        &[("app/config.py", format!("TOKEN = '{}'\n", github_token()))],
        "add token",
    );
    commit(root, &[("README.md", "payments, v2\n".into())], "docs");
    let (_, r) = scan_json(root, &["--git-history"]);
    let f = findings(&r);
    assert_eq!(f.len(), 1, "{r:#}");
    assert_eq!(f[0]["git"]["commit"], first);
    assert_eq!(
        f[0]["git"]["commits"], 2,
        "the docs commit still carried it"
    );
    assert_eq!(f[0]["git"]["in_head"], true);
    assert_eq!(f[0]["git"]["in_worktree"], true);
    let t = text(&tollgate(root, &["scan", ".", "--git-history"]));
    assert!(t.contains("still present (HEAD and work tree)"), "{t}");

    // Removed from the work tree but not committed: HEAD still holds it.
    std::fs::write(root.join("app/config.py"), "TOKEN = env('TOKEN')\n").unwrap();
    let (_, r) = scan_json(root, &["--git-history"]);
    let g = &findings(&r)[0]["git"];
    assert_eq!(
        (g["in_head"].clone(), g["in_worktree"].clone()),
        (true.into(), false.into())
    );
}

#[test]
fn the_same_secret_in_two_files_is_two_findings_and_a_rename_is_a_new_location() {
    let d = repo();
    let root = d.path();
    let body = format!("STRIPE = '{}'\n", stripe_key());
    // Identical content: one blob under two paths, scanned under both.
    commit(
        root,
        &[("a/settings.py", body.clone()), ("b/settings.py", body)],
        "copy",
    );
    let (_, r) = scan_json(root, &["--git-history"]);
    let f = findings(&r);
    let paths: Vec<&str> = f
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a/settings.py", "b/settings.py"], "{r:#}");
    assert_ne!(f[0]["fingerprint"], f[1]["fingerprint"]);

    std::fs::create_dir(root.join("c")).unwrap();
    git(root, &["mv", "a/settings.py", "c/settings.py"]);
    git(root, &["commit", "-qm", "move"]);
    let (_, r) = scan_json(root, &["--git-history"]);
    let f = findings(&r);
    let at = |p: &str| {
        f.iter()
            .find(|f| f["location"]["path"] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(f.len(), 3, "{r:#}");
    assert_eq!(at("a/settings.py")["git"]["in_head"], false);
    assert_eq!(at("c/settings.py")["git"]["in_head"], true);
    assert_eq!(at("c/settings.py")["git"]["commits"], 1);
}

#[test]
fn two_secrets_in_one_file_are_two_findings() {
    let d = repo();
    let root = d.path();
    let body = format!(
        "STRIPE = '{}'\nGITHUB = '{}'\n",
        stripe_key(),
        github_token()
    );
    commit(root, &[("settings.py", body.clone())], "keys");
    commit(root, &[("settings.py", body + "DEBUG = False\n")], "debug");
    let (_, r) = scan_json(root, &["--git-history"]);
    let mut rules: Vec<String> = findings(&r)
        .iter()
        .map(|f| {
            assert_eq!(f["git"]["commits"], 2, "{f:#}");
            f["rule_id"].as_str().unwrap().to_string()
        })
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "secrets/github-personal-access-token",
            "secrets/stripe-secret-key"
        ]
    );
}

#[test]
fn a_merged_branch_counts_each_commit_once() {
    let d = repo();
    let root = d.path();
    git(root, &["checkout", "-qb", "feature"]);
    let leaked = commit(
        root,
        &[("pay.py", format!("KEY = '{}'\n", stripe_key()))],
        "feature: pay",
    );
    commit(root, &[("pay2.py", "x = 1\n".into())], "feature: more");
    git(root, &["checkout", "-q", "main"]);
    commit(root, &[("other.py", "y = 2\n".into())], "main: other");
    git(root, &["merge", "-q", "--no-edit", "feature"]);
    let (_, r) = scan_json(root, &["--git-history"]);
    let f = findings(&r);
    assert_eq!(f.len(), 1, "{r:#}");
    // feature: pay, feature: more and the merge held it; main: other did not.
    assert_eq!(f[0]["git"]["commit"], leaked);
    assert_eq!(f[0]["git"]["commits"], 3);
    assert_eq!(f[0]["git"]["in_head"], true);
}

#[test]
fn the_same_history_gives_the_same_report_and_serves_as_its_own_baseline() {
    let d = repo();
    let root = d.path();
    for i in 0..3 {
        commit(
            root,
            &[
                (
                    "settings.py",
                    format!("STRIPE = '{}'\n# {i}\n", stripe_key()),
                ),
                ("ci.env", format!("GH={}\nN={i}\n", github_token())),
            ],
            "c",
        );
    }
    let run = || {
        let o = command(root)
            .args(["scan", ".", "--git-history", "-f", "json", "--no-progress"])
            .env("SOURCE_DATE_EPOCH", "1")
            .output()
            .unwrap();
        o.stdout
    };
    let a = run();
    assert_eq!(a, run(), "history reports are deterministic");
    std::fs::write(root.join("../history-baseline.json"), &a).unwrap();
    let base = root.join("../history-baseline.json");
    let (status, r) = scan_json(
        root,
        &["--git-history", "--baseline", base.to_str().unwrap()],
    );
    assert_eq!(status, 0, "every leak is in the baseline: {r:#}");
    assert_eq!(r["summary"]["total"], 2);
    let _ = std::fs::remove_file(base);
}

#[test]
fn a_shallow_clone_warns_and_fails_strict() {
    let d = repo();
    let root = d.path();
    commit(root, &[("a.txt", "one\n".into())], "one");
    commit(root, &[("a.txt", "two\n".into())], "two");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", root.display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");

    let (status, r) = scan_json(&shallow, &["--git-history"]);
    assert_eq!(status, 0, "{r:#}");
    let warnings = r["decision"]["warnings"].to_string();
    assert!(warnings.contains("shallow clone"), "{r:#}");
    assert_eq!(r["decision"]["status"], "warn");
    for format in ["text", "sarif", "junit", "markdown"] {
        let o = tollgate(
            &shallow,
            &["scan", ".", "--git-history", "--no-progress", "-f", format],
        );
        assert!(
            text(&o).contains("shallow clone"),
            "-f {format}: {}",
            text(&o)
        );
    }
    let (status, r) = scan_json(&shallow, &["--git-history", "--strict"]);
    assert_eq!(status, 1, "{r:#}");
    assert!(r["decision"]["reasons"]
        .to_string()
        .contains("shallow clone"));
    let (status, r) = scan_json(&shallow, &["--git-history", "--tier", "critical"]);
    assert_eq!(status, 1, "{r:#}");
    // The full repository has no such warning.
    let (status, r) = scan_json(root, &["--git-history"]);
    assert_eq!(status, 0);
    assert!(!r["decision"].to_string().contains("shallow"), "{r:#}");
}

#[test]
fn an_unreachable_commit_is_scanned_only_with_unreachable() {
    let d = repo();
    let root = d.path();
    let kept = commit(
        root,
        &[("kept.py", format!("GH = '{}'\n", github_token()))],
        "kept",
    );
    // A leak pushed and then force-pushed away: its commit stays in the object store.
    git(root, &["checkout", "-qb", "oops"]);
    let lost = commit(
        root,
        &[("lost.py", format!("KEY = '{}'\n", stripe_key()))],
        "oops",
    );
    git(root, &["checkout", "-q", "main"]);
    git(root, &["branch", "-qD", "oops"]);

    let (_, r) = scan_json(root, &["--git-history"]);
    let f = findings(&r);
    assert_eq!(f.len(), 1, "{r:#}");
    assert_eq!(f[0]["git"]["commit"], kept);

    let (_, r) = scan_json(root, &["--git-history", "--unreachable"]);
    let f = findings(&r);
    assert_eq!(f.len(), 2, "{r:#}");
    let lost_f = f
        .iter()
        .find(|f| f["location"]["path"] == "lost.py")
        .unwrap();
    assert_eq!(lost_f["git"]["commit"], lost);
    assert_eq!(lost_f["git"]["unreachable"], true);
    assert_eq!(lost_f["git"]["in_head"], false);
    let kept_f = f
        .iter()
        .find(|f| f["location"]["path"] == "kept.py")
        .unwrap();
    assert!(kept_f["git"].get("unreachable").is_none(), "{kept_f:#}");
    let t = text(&tollgate(
        root,
        &["scan", ".", "--git-history", "--unreachable"],
    ));
    assert!(t.contains("only in objects no ref reaches"), "{t}");
    // --unreachable means nothing without --git-history.
    assert_eq!(code(&tollgate(root, &["scan", ".", "--unreachable"])), 2);
}

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

#[test]
fn a_damaged_repository_is_not_taken_as_fully_checked_with_unreachable() {
    let d = repo();
    let root = d.path();
    commit(root, &[("a.txt", "one\n".into())], "one");
    // Lose a reachable blob, as a broken clone would.
    let blob = git(root, &["rev-parse", "HEAD:a.txt"]);
    std::fs::remove_file(root.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let (status, r) = scan_json(root, &["--git-history", "--unreachable"]);
    assert_ne!(
        status, 2,
        "fsck's complaint is a coverage gap, not a run error: {r:#}"
    );
    let issues = r["file_issues"].to_string();
    assert!(issues.contains("(unreachable objects)"), "{r:#}");
    assert!(
        issues.contains("git fsck found a damaged repository"),
        "{r:#}"
    );
    let (status, _) = scan_json(root, &["--git-history", "--unreachable", "--strict"]);
    assert_eq!(status, 2);
}

#[test]
fn a_history_scan_leaves_infrastructure_to_the_tree_scan() {
    let d = repo();
    let root = d.path();
    let tf = "resource \"aws_s3_bucket\" \"statements\" {\n  bucket = \"bank-statements\"\n}\n";
    commit(root, &[("main.tf", tf.into())], "bucket");
    // The tree scan reports the bucket; the history scan does not run the IaC scanner.
    let (_, tree_scan) = scan_json(root, &[]);
    assert!(
        findings(&tree_scan)
            .iter()
            .any(|f| f["rule_id"] == "iac/aws/s3-bucket-versioning"),
        "{tree_scan:#}"
    );
    let (_, r) = scan_json(root, &["--git-history"]);
    assert!(
        !r["scanners"].as_array().unwrap().iter().any(|s| s == "iac"),
        "{r:#}"
    );
    assert!(findings(&r).iter().all(|f| f["rule_id"]
        .as_str()
        .is_some_and(|id| !id.starts_with("iac/"))));
    // Asked for by name, it is a usage error that says why.
    let o = tollgate(root, &["scan", ".", "--git-history", "--only", "iac"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not git history"), "{}", text(&o));
}
