//! The CloudFormation adapter and every rule on arbitrary templates. Promises: no panic;
//! every resource and issue line is a line of the input; a resource's span ends at or
//! after it starts; no adapter message echoes a secret-shaped value of the input.
//! The input is tried both as YAML and (when it starts with `{`) JSON, with one parameter
//! override taken from the part after the file separator.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_core::scanner::ProjectFile;
use tollgate_fuzz::{assert_line, assert_no_echo, secret_shaped, split};
use tollgate_iac::cloudformation::load_file;
use tollgate_iac::{IacConfig, IacScanner};

fuzz_target!(|data: &[u8]| {
    let parts = split(data, 2);
    let template = parts[0];
    let overrides: Vec<String> = parts
        .get(1)
        .map(|p| {
            String::from_utf8_lossy(p)
                .lines()
                .take(8)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let text = String::from_utf8_lossy(template);
    let runs = secret_shaped(template);
    let model = load_file("template.yaml", template, &overrides);
    for r in &model.resources {
        assert_line(r.span.line as usize, &text, &r.address);
        assert!(r.span.end_line >= r.span.line, "{}", r.address);
        assert!(r.attrs.as_map().is_some(), "attributes are a map");
    }
    for i in &model.issues {
        if let Some(l) = i.line {
            assert_line(l as usize, &text, &i.message);
        }
        assert_no_echo(&runs, &i.message);
    }
    // The whole scanner (sniffing, every rule, suppressions) on the same bytes.
    let scanner = IacScanner::new(&IacConfig {
        cfn_parameters: overrides,
        ..IacConfig::default()
    });
    let out = scanner.scan_files(&[ProjectFile {
        path: "stack.template".into(),
        content: template.to_vec(),
        class: tollgate_core::classify::classify("stack.template"),
    }]);
    for f in &out.findings {
        assert_line(f.location.start_line as usize, &text, &f.message);
    }
});
