//! The Terraform evaluator: values, spans, origins, expansion, modules, relations and
//! unknowns, through `terraform::load_with` and through `IacScanner::scan_files`.

use tollgate_core::report::IssueKind;
use tollgate_core::scanner::ProjectFile;
use tollgate_iac::model::{IssueSeverity, Model, Resource};
use tollgate_iac::terraform::{self, Options};
use tollgate_iac::{Attr, IacConfig, IacScanner, Lookup, Value};

fn files(list: &[(&str, &str)]) -> Vec<ProjectFile> {
    let mut v: Vec<ProjectFile> = list
        .iter()
        .map(|(p, c)| ProjectFile {
            path: p.to_string(),
            content: c.as_bytes().to_vec(),
            class: tollgate_core::classify::classify(p),
        })
        .collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

fn load(list: &[(&str, &str)]) -> Model {
    terraform::load(&files(list))
}

fn res<'a>(m: &'a Model, addr: &str) -> &'a Resource {
    m.resources
        .iter()
        .find(|r| r.address == addr)
        .unwrap_or_else(|| {
            panic!(
                "no {addr} among {:?}",
                m.resources.iter().map(|r| &r.address).collect::<Vec<_>>()
            )
        })
}

fn get<'a>(r: &'a Resource, path: &str) -> &'a Attr {
    match r.get(path) {
        Lookup::Found(a) => a,
        Lookup::Unknown(a) => panic!("{path} of {} is unknown: {:?}", r.address, a.value),
        Lookup::Absent => panic!("{path} of {} is absent: {:?}", r.address, r.attrs.to_json()),
    }
}

fn s<'a>(r: &'a Resource, path: &str) -> &'a str {
    get(r, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

fn unknown_reason(r: &Resource, path: &str) -> String {
    match r.get(path) {
        Lookup::Unknown(a) => match &a.value {
            Value::Unknown(u) => u.reason.clone(),
            _ => unreachable!(),
        },
        other => panic!("{path} is not unknown: {other:?}"),
    }
}

fn addresses(m: &Model) -> Vec<&str> {
    m.resources.iter().map(|r| r.address.as_str()).collect()
}

fn no_errors(m: &Model) {
    let errs: Vec<_> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::Error)
        .collect();
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn eks_sanity_run() {
    let tarball = std::path::Path::new("/work/shared/data/iac/terraform-aws-eks.tar.gz");
    if !tarball.exists() {
        println!("skipped: {} is absent", tarball.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("tar")
        .arg("xzf")
        .arg(tarball)
        .arg("-C")
        .arg(dir.path())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        println!("skipped: could not extract {}", tarball.display());
        return;
    }
    let mut list = Vec::new();
    fn walk(base: &std::path::Path, p: &std::path::Path, out: &mut Vec<ProjectFile>) {
        for e in std::fs::read_dir(p).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let name = rel.rsplit('/').next().unwrap().to_ascii_lowercase();
                if terraform::is_kept(&name) {
                    out.push(ProjectFile {
                        class: tollgate_core::classify::classify(&rel),
                        content: std::fs::read(&p).unwrap(),
                        path: rel,
                    });
                }
            }
        }
    }
    walk(dir.path(), dir.path(), &mut list);
    list.sort_by(|a, b| a.path.cmp(&b.path));
    let started = std::time::Instant::now();
    let m = terraform::load_with(
        &list,
        &Options {
            root: Some(dir.path().to_path_buf()),
            ..Options::default()
        },
    );
    let took = started.elapsed();
    let tf = list.iter().filter(|f| f.path.ends_with(".tf")).count();
    println!(
        "eks: {tf} .tf files, {} resources in {took:?}",
        m.resources.len()
    );
    let mut by_kind = std::collections::BTreeMap::new();
    for i in &m.issues {
        *by_kind.entry(format!("{:?}", i.kind)).or_insert(0) += 1;
    }
    println!("eks: issues {by_kind:?}");
    for i in &m.issues {
        println!("  {:?} {}:{:?} {}", i.kind, i.path, i.line, i.message);
    }
    let mut roots = std::collections::BTreeMap::new();
    for r in &m.resources {
        let root = r.span.path.split('/').take(3).collect::<Vec<_>>().join("/");
        *roots.entry(root).or_insert(0) += 1;
    }
    println!("eks: resources by file prefix {roots:#?}");
    if std::env::var("EKS_VERBOSE").is_ok() {
        for r in &m.resources {
            println!(
                "  {} ({}:{}) refs {:?}",
                r.address, r.span.path, r.span.line, r.references
            );
        }
    }
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    no_errors(&m);
}
