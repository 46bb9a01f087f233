//! The walk: a scanner that stops on one file costs that file, never the scan; every file a
//! scanner wanted and did not get is counted against that scanner; UTF-16 is decoded.

use std::path::Path;
use tollgate_core::scanner::{FileOutcome, Project, Scanner, Selection, SourceFile};
use tollgate_core::walk::{walk, WalkOptions};
use tollgate_core::{Finding, IssueKind, Location, RuleId, RuleMeta, Severity};

struct Fragile {
    selection: Selection,
}

fn meta() -> RuleMeta {
    RuleMeta {
        id: RuleId::new("test", "marker"),
        title: "marker".into(),
        severity: Severity::Low,
        confidence: tollgate_core::Confidence::High,
        cwe: vec![],
        tags: vec![],
        doc: String::new(),
        remediation: String::new(),
        references: vec![],
        examples: Default::default(),
        aliases: Vec::new(),
    }
}

impl Scanner for Fragile {
    fn name(&self) -> &'static str {
        "test"
    }
    fn rules(&self) -> Vec<RuleMeta> {
        vec![meta()]
    }
    fn selection(&self) -> &Selection {
        &self.selection
    }
    fn scan_file(&self, file: &SourceFile<'_>, out: &mut FileOutcome) {
        let text = String::from_utf8_lossy(file.content);
        if text.contains("BOOM") {
            // As a slicing bug would: the panic message quotes the input.
            panic!("byte index 3 is not a char boundary in `{text}`");
        }
        if text.contains("MARK") {
            out.findings.push(Finding::of_rule(
                &meta(),
                Location::line(file.path, 1),
                file.path.into(),
            ));
        }
    }
    fn scan_project(&self, project: &Project<'_>, _out: &mut FileOutcome) {
        if project
            .files
            .iter()
            .any(|f| f.path.ends_with("project-boom.lock"))
        {
            panic!("project phase stopped");
        }
    }
}

fn write(dir: &Path, name: &str, body: &[u8]) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn a_panicking_scanner_costs_one_file_not_the_scan() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", b"MARK\n");
    write(d.path(), "b.txt", b"BOOM sk_live_secret_value\n");
    write(d.path(), "c.txt", b"MARK\n");
    let s = Fragile {
        selection: Selection::every_text_file(),
    };
    let scanners: Vec<&dyn Scanner> = vec![&s];
    let r = walk(
        &WalkOptions::new(d.path(), &Default::default(), 2),
        &scanners,
        None,
    )
    .unwrap();
    let mut found: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    found.sort();
    assert_eq!(found, ["a.txt", "c.txt"]);
    let errors: Vec<_> = r
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", r.issues);
    assert_eq!(errors[0].path, "b.txt");
    assert_eq!(errors[0].source, "test");
    // The panic's message, which quotes the input, is never passed on.
    assert!(
        !errors[0].message.contains("sk_live"),
        "{}",
        errors[0].message
    );
    assert_eq!(r.unchecked[0].len(), 1);
    assert_eq!(r.handed[0], 3);
}

#[test]
fn a_panicking_project_phase_leaves_its_files_unchecked() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "project-boom.lock", b"x\n");
    write(d.path(), "other.lock", b"y\n");
    let s = Fragile {
        selection: Selection::names(&["project-boom.lock", "other.lock"]).keep_for_project(),
    };
    let scanners: Vec<&dyn Scanner> = vec![&s];
    let r = walk(
        &WalkOptions::new(d.path(), &Default::default(), 2),
        &scanners,
        None,
    )
    .unwrap();
    let mut unchecked: Vec<&str> = r.unchecked[0].iter().map(|u| u.path.as_str()).collect();
    unchecked.sort();
    assert_eq!(unchecked, ["other.lock", "project-boom.lock"]);
}

#[test]
fn named_files_that_are_binary_are_unchecked_and_utf16_is_read() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "named.lock", b"MARK\0\x01\x02\xff");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("MARK\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    write(d.path(), "wide.lock", &utf16);
    write(d.path(), "image.png", b"\x89PNG\r\n\x1a\n\0\0\0");
    let s = Fragile {
        selection: Selection::names(&["named.lock", "wide.lock"]),
    };
    let scanners: Vec<&dyn Scanner> = vec![&s];
    let r = walk(
        &WalkOptions::new(d.path(), &Default::default(), 2),
        &scanners,
        None,
    )
    .unwrap();
    let found: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    assert_eq!(found, ["wide.lock"]);
    let unchecked: Vec<&str> = r.unchecked[0].iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        unchecked,
        ["named.lock"],
        "the png was not wanted by this scanner"
    );
}
