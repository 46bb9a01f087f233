//! Malformed and hostile OpenAPI documents: each gives a clear error naming the file (and
//! the JSON pointer or line where there is one), promptly and within bounded memory.

use std::path::Path;
use std::time::{Duration, Instant};
use tollgate_dast::openapi::{Api, Limits};

/// Load `text` from a file named `name`; the error's text, within `secs` seconds.
fn error_of(name: &str, text: &[u8], secs: u64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let t = Instant::now();
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.clone();
    std::thread::spawn(move || {
        let _ = tx.send(Api::load_file(&p, Limits::default()).map(|a| a.operations.len()));
    });
    let got = rx
        .recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{name}: no answer within {secs} s"));
    let e = got
        .expect_err("a hostile document was accepted")
        .to_string();
    assert!(
        e.contains(&path.display().to_string()),
        "{name}: the error does not name the file: {e}"
    );
    assert!(t.elapsed() < Duration::from_secs(secs));
    e
}

#[test]
fn a_document_over_the_size_limit_is_refused_before_it_is_read() {
    let big = vec![b' '; Limits::default().max_bytes + 1];
    let e = error_of("huge.json", &big, 10);
    assert!(e.contains("more than the"), "{e}");
}

#[test]
fn too_many_operations() {
    let mut paths = String::new();
    for i in 0..6000 {
        paths.push_str(&format!("\"/p{i}\": {{\"get\": {{\"responses\": {{}}}}}},"));
    }
    paths.pop();
    let doc = format!("{{\"openapi\": \"3.0.0\", \"paths\": {{{paths}}}}}");
    let e = error_of("many.json", doc.as_bytes(), 20);
    assert!(e.contains("more than 5000 operations"), "{e}");
}

#[test]
fn recursive_references() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "self.json",
            r##"{"openapi": "3.0.0", "paths": {"/a": {"$ref": "#/paths/~1a"}}}"##,
            "leads back to itself",
        ),
        (
            "cycle.yaml",
            "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/A'}\n",
            "(at /components/schemas/",
        ),
    ];
    for (name, doc, want) in cases {
        let e = error_of(name, doc.as_bytes(), 10);
        assert!(e.contains(want), "{name}: {e}");
    }
    // A chain of 100 references, each to the next.
    let mut schemas: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "\"S{i}\": {{\"$ref\": \"#/components/schemas/S{}\"}}",
                i + 1
            )
        })
        .collect();
    schemas.push("\"S100\": {\"type\": \"string\"}".into());
    let doc = format!(
        "{{\"openapi\": \"3.0.0\", \"paths\": {{}}, \"components\": {{\"schemas\": {{{}}}}}}}",
        schemas.join(",")
    );
    let e = error_of("chain.json", doc.as_bytes(), 10);
    assert!(e.contains("chain of more than"), "{e}");
}

#[test]
fn exponential_expansion_through_references() {
    // Ten references per level, fifteen levels: 10^15 nodes if expanded.
    let mut schemas = Vec::new();
    for i in 0..15 {
        let props: Vec<String> = (0..10)
            .map(|j| {
                format!(
                    "\"p{j}\": {{\"$ref\": \"#/components/schemas/L{}\"}}",
                    i + 1
                )
            })
            .collect();
        schemas.push(format!(
            "\"L{i}\": {{\"type\": \"object\", \"properties\": {{{}}}}}",
            props.join(",")
        ));
    }
    schemas.push("\"L15\": {\"type\": \"string\"}".into());
    let doc = format!(
        "{{\"openapi\": \"3.0.0\", \"paths\": {{\"/x\": {{\"get\": {{\"responses\": {{\"200\": {{\"description\": \"\"}}}}, \"parameters\": [{{\"name\": \"q\", \"in\": \"query\", \"schema\": {{\"$ref\": \"#/components/schemas/L0\"}}}}]}}}}}}, \"components\": {{\"schemas\": {{{}}}}}}}",
        schemas.join(",")
    );
    let e = error_of("laughs.json", doc.as_bytes(), 20);
    assert!(e.contains("expand more than"), "{e}");
    assert!(e.contains("/paths/~1x/get/parameters/0"), "{e}");
}

#[test]
fn yaml_alias_bombs() {
    let mut y = String::from("openapi: 3.0.0\npaths: {}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let e = error_of("bomb.yaml", y.as_bytes(), 20);
    assert!(e.contains("YAML"), "{e}");
}

#[test]
fn deep_nesting_and_malformed_text() {
    let deep = format!(
        "{{\"openapi\": \"3.0.0\", \"x\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = error_of("deep.json", deep.as_bytes(), 10);
    assert!(e.contains("not valid JSON"), "{e}");
    let e = error_of(
        "broken.json",
        b"{\"openapi\": \"3.0.0\",\n\"paths\": {\n  \"/a\": [}\n}",
        10,
    );
    assert!(e.contains(":3"), "no line in {e}");
    let e = error_of(
        "broken.yaml",
        b"openapi: 3.0.0\npaths:\n  /a: {get: [\n",
        10,
    );
    assert!(e.contains("not valid YAML"), "{e}");
    let e = error_of("binary.json", &[0xff, 0xfe, 0x00, 0x01], 10);
    assert!(e.contains("not UTF-8"), "{e}");
    let e = error_of("notapi.yaml", b"kind: Deployment\n", 10);
    assert!(e.contains("no `openapi` or `swagger`"), "{e}");
    let e = error_of("badparam.json", br#"{"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "body"}]}}}}"#, 10);
    assert!(e.contains("(at /paths/~1a/get/parameters/0)"), "{e}");
}

#[test]
fn well_formed_documents_of_each_version_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, ops) in [("petstore-swagger2.yaml", 3), ("bank-openapi31.yaml", 2)] {
        let api = Api::load_file(&root.join(file), Limits::default()).unwrap();
        assert_eq!(api.operations.len(), ops, "{file}");
    }
}
