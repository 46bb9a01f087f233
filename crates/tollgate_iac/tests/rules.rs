//! Every rule against its fixtures: each `fail.*` file must draw at least one finding of
//! the rule, each `pass.*` file none that counts (suppressed ones are allowed: the
//! fixtures show the suppression comments too). The findings of all fixtures are kept as
//! a snapshot, so a change in what any rule reports shows in review.

use std::path::{Path, PathBuf};
use tollgate_core::scanner::ProjectFile;
use tollgate_iac::{rules, IacConfig, IacScanner};

fn fixture_dir(slug: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/test/fixtures/rules")
        .join(slug)
}

/// The files of a fixture directory, with paths relative to it (subdirectories kept, so
/// a fixture can hold a Terraform module or a `.github/workflows` tree).
fn files_under(dir: &Path, prefix: &str) -> Vec<ProjectFile> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if p.is_dir() {
            out.extend(files_under(&p, &rel));
        } else {
            out.push(ProjectFile {
                class: tollgate_core::classify::classify(&rel),
                content: std::fs::read(&p).unwrap(),
                path: rel,
            });
        }
    }
    out
}

/// A fixture case: the `pass*`/`fail*` entry (a file, or a directory scanned as a tree).
fn cases(dir: &Path, kind: &str) -> Vec<(String, Vec<ProjectFile>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with(kind) {
            continue;
        }
        let files = if p.is_dir() {
            files_under(&p, "")
        } else {
            vec![ProjectFile {
                class: tollgate_core::classify::classify(&name),
                content: std::fs::read(&p).unwrap(),
                path: name.clone(),
            }]
        };
        out.push((name, files));
    }
    out
}

#[test]
fn every_rule_reports_its_fail_fixtures_and_not_its_pass_fixtures() {
    let scanner = IacScanner::new(&IacConfig {
        required_tags: vec!["owner".into(), "data-classification".into()],
        ..IacConfig::default()
    });
    let mut problems = Vec::new();
    let mut snapshot = String::new();
    for rule in rules::all() {
        let id = rule.id();
        let dir = fixture_dir(rule.def.slug);
        if !dir.is_dir() {
            problems.push(format!("{id}: no fixtures at {}", dir.display()));
            continue;
        }
        let fails = cases(&dir, "fail");
        let passes = cases(&dir, "pass");
        if fails.is_empty() || passes.is_empty() {
            problems.push(format!("{id}: needs both fail and pass fixtures"));
        }
        for (name, files) in fails.iter().chain(passes.iter()) {
            let out = scanner.scan_files(files);
            for i in out
                .issues
                .iter()
                .filter(|i| i.kind == tollgate_core::report::IssueKind::Error)
            {
                problems.push(format!(
                    "{id}/{name}: scan error {}:{:?} {}",
                    i.path, i.line, i.message
                ));
            }
            let mine: Vec<_> = out.findings.iter().filter(|f| f.rule_id == id).collect();
            let counted = mine.iter().filter(|f| f.is_active()).count();
            if name.starts_with("fail") && counted == 0 {
                problems.push(format!("{id}/{name}: expected a finding, got none"));
            }
            if name.starts_with("pass") && counted > 0 {
                problems.push(format!(
                    "{id}/{name}: expected no finding, got {}",
                    mine.iter()
                        .filter(|f| f.is_active())
                        .map(|f| f.message.clone())
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
            for f in mine {
                snapshot.push_str(&format!(
                    "{id} {name} {}:{} {}{}\n",
                    f.location.path,
                    f.location.start_line,
                    f.message,
                    f.suppression
                        .as_ref()
                        .map(|s| format!(" [suppressed: {}]", s.reason))
                        .unwrap_or_default()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    insta::assert_snapshot!(snapshot);
}
