//! `tollgate scan --staged`: what the next commit holds, read from the git index, with only
//! the lines the index changes counting toward the gate.

mod common;
use common::*;

/// A synthetic AWS key id, built at run time so this file holds none.
fn aws_key() -> String {
    ["AKIA", "QYLPMN5HHHFPZAM2"].concat()
}

fn repo() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    git(d.path(), &["init", "-q", "-b", "main", "."]);
    d
}

fn write(dir: &std::path::Path, path: &str, body: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, body).unwrap();
}

fn staged(dir: &std::path::Path) -> (i32, serde_json::Value) {
    scan_json(dir, &["--staged"])
}

fn rules_and_diff(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["diff"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_staged_key_fails_and_the_index_not_the_disk_decides() {
    let d = repo();
    write(d.path(), "README.md", "hello\n");
    git(d.path(), &["add", "README.md"]);
    // Before the first commit: the index is compared with the empty tree.
    let (code, v) = staged(d.path());
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["target"]["mode"], "staged");
    assert_eq!(v["stats"]["files_scanned"], 1);

    write(
        d.path(),
        "config/app.ini",
        &format!("aws_access_key_id = {}\n", aws_key()),
    );
    // On disk only: not staged, so not part of the commit.
    let (code, v) = staged(d.path());
    assert_eq!((code, rules_and_diff(&v)), (0, vec![]), "{v}");

    git(d.path(), &["add", "config/app.ini"]);
    let (code, v) = staged(d.path());
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        rules_and_diff(&v),
        vec![(
            "config/app.ini".into(),
            "secrets/aws-access-key-id".into(),
            "new".into()
        )]
    );
    let text = v.to_string();
    assert!(!text.contains(&aws_key()), "a report shows the raw key");

    // Cleaned on disk but still staged: the commit would still carry the key.
    write(
        d.path(),
        "config/app.ini",
        "aws_access_key_id = ${AWS_KEY}\n",
    );
    let (code, _) = staged(d.path());
    assert_eq!(code, 1, "the work tree was scanned instead of the index");
    git(d.path(), &["add", "config/app.ini"]);
    let (code, v) = staged(d.path());
    assert_eq!((code, rules_and_diff(&v)), (0, vec![]), "{v}");
}

#[test]
fn only_lines_the_commit_changes_count() {
    let d = repo();
    write(
        d.path(),
        "settings.py",
        &format!("AWS_KEY = '{}'\nLOG_LEVEL = 'info'\n", aws_key()),
    );
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-q", "--no-verify", "-m", "old leak"]);

    // A commit touching another line of the file: the old key is reported, not counted.
    write(
        d.path(),
        "settings.py",
        &format!("AWS_KEY = '{}'\nLOG_LEVEL = 'debug'\n", aws_key()),
    );
    git(d.path(), &["add", "."]);
    let (code, v) = staged(d.path());
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        rules_and_diff(&v),
        vec![(
            "settings.py".into(),
            "secrets/aws-access-key-id".into(),
            "unchanged".into()
        )]
    );

    // Deleting a file stages nothing to check; files not staged are not read.
    git(d.path(), &["reset", "-q"]);
    git(d.path(), &["rm", "-q", "-f", "settings.py"]);
    write(d.path(), "untracked.env", &format!("KEY={}\n", aws_key()));
    let (code, v) = staged(d.path());
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stats"]["files_scanned"], 0);
    assert!(
        !v["decision"].to_string().contains("no file was scanned"),
        "an empty change set is not a weakened scan: {v}"
    );
}

#[test]
fn scan_exclude_applies_and_a_subdirectory_scans_its_part() {
    let d = repo();
    write(
        d.path(),
        "tollgate.toml",
        "[scan]\nexclude = [\"fixtures/**\"]\n",
    );
    write(
        d.path(),
        "fixtures/planted.txt",
        &format!("aws_access_key_id = {}\n", aws_key()),
    );
    write(d.path(), "svc/a.txt", "nothing here\n");
    git(d.path(), &["add", "."]);
    let (code, v) = staged(d.path());
    assert_eq!((code, rules_and_diff(&v)), (0, vec![]), "{v}");

    write(
        d.path(),
        "svc/b.ini",
        &format!("aws_access_key_id = {}\n", aws_key()),
    );
    git(d.path(), &["add", "."]);
    let (code, v) = scan_json(&d.path().join("svc"), &["--staged"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        rules_and_diff(&v),
        vec![(
            "b.ini".into(),
            "secrets/aws-access-key-id".into(),
            "new".into()
        )],
        "paths are relative to the scanned directory"
    );
}

#[test]
fn staged_needs_a_repository_and_excludes_other_sources() {
    let plain = tempfile::tempdir().unwrap();
    let o = tollgate(plain.path(), &["scan", ".", "--staged", "--no-progress"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not a git repository"), "{}", text(&o));

    let d = repo();
    for extra in [["--git-history"], ["--new-since=HEAD"]] {
        let mut args = vec!["scan", ".", "--staged", "--no-progress"];
        args.extend_from_slice(&extra);
        let o = tollgate(d.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o));
    }
}
