//! The YAML loader and the Kubernetes, GitHub Actions and GitLab CI adapters on arbitrary
//! input, and the IaC rules on what they make of it. Promises: no panic; the loader's
//! error line lies within the input; every resource and every adapter issue names the
//! file it came from; GitLab `extends:` and YAML aliases stay bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_core::scanner::ProjectFile;
use tollgate_iac::workflows::{github, gitlab};
use tollgate_iac::{kubernetes, yaml, IacConfig, IacScanner};

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = yaml::load(text, "f.yaml") {
            assert!(e.line <= lines + 1, "error line {} beyond {lines}", e.line);
        }
    }
    for (path, model) in [
        ("k8s.yaml", kubernetes::load_file("k8s.yaml", data)),
        (".github/workflows/ci.yml", github::load_file(".github/workflows/ci.yml", data)),
        (".gitlab-ci.yml", gitlab::load_file(".gitlab-ci.yml", data)),
    ] {
        for r in &model.resources {
            assert_eq!(r.span.path, path);
        }
        for i in &model.issues {
            assert_eq!(i.path, path);
        }
    }
    let _ = kubernetes::looks_like_manifest(data);
    // The whole scanner, rules included, on the input as each kind of file.
    let scanner = IacScanner::new(&IacConfig::default());
    let files: Vec<ProjectFile> = ["deploy.yaml", ".github/workflows/ci.yml", ".gitlab-ci.yml"]
        .iter()
        .map(|p| ProjectFile {
            path: p.to_string(),
            content: data.to_vec(),
            class: tollgate_core::classify::classify(p),
        })
        .collect();
    let _ = scanner.scan_files(&files);
});
