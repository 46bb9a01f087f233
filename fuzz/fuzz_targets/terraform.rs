//! The Terraform evaluator on arbitrary input: the bytes up to the first NUL are the root
//! module's `main.tf`, the rest a called module's `main.tf` (a fixed `call.tf` calls it
//! with inputs from the root's locals and variables). Promises: no panic, no hang (the
//! evaluator's bounds), every issue and every resource names one of the files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_core::scanner::ProjectFile;

const CALL: &str = "module \"m\" {\n  source = \"./modules/m\"\n  x = local.x\n  y = var.y\n  count = length(local.n)\n}\n";

fuzz_target!(|data: &[u8]| {
    let (root, module) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let file = |path: &str, content: &[u8]| ProjectFile {
        path: path.to_string(),
        content: content.to_vec(),
        class: tollgate_core::classify::classify(path),
    };
    let files = vec![
        file("call.tf", CALL.as_bytes()),
        file("main.tf", root),
        file("modules/m/main.tf", module),
        file("terraform.tfvars", b"y = \"v\"\n"),
    ];
    let model = tollgate_iac::terraform::load(&files);
    let known = |p: &str| files.iter().any(|f| f.path == p);
    for i in &model.issues {
        assert!(known(&i.path), "issue names no input file: {:?}", i);
    }
    for r in &model.resources {
        assert!(known(&r.span.path), "resource names no input file: {}", r.address);
    }
    // The plan reader on the same bytes.
    let plan = tollgate_iac::terraform::plan::load("plan.json", data);
    for i in &plan.issues {
        assert_eq!(i.path, "plan.json");
    }
});
