//! The resources the scanner keeps for custom Rego policies: only when asked, each once,
//! sorted, with the inline `tollgate:ignore` comments that cover it.

use tollgate_core::scanner::ProjectFile;
use tollgate_iac::{IacConfig, IacScanner};

fn file(path: &str, text: &str) -> ProjectFile {
    ProjectFile {
        class: tollgate_core::classify::classify(path),
        content: text.as_bytes().to_vec(),
        path: path.into(),
    }
}

const TF: &str = r#"resource "aws_s3_bucket" "b" {
  bucket = "x"
}

# tollgate:ignore[bank-001] reviewed by the data office
resource "aws_s3_bucket" "a" {
  bucket = var.name
}
"#;

#[test]
fn resources_are_kept_only_when_asked_and_carry_their_ignores() {
    let files = [file("main.tf", TF)];
    let plain = IacScanner::new(&IacConfig::default());
    plain.scan_files(&files);
    assert!(plain.take_resources().is_empty());

    let keeping = IacScanner::new(&IacConfig::default()).keeping_resources();
    keeping.scan_files(&files);
    let got = keeping.take_resources();
    let addresses: Vec<&str> = got.iter().map(|r| r["address"].as_str().unwrap()).collect();
    assert_eq!(addresses, vec!["aws_s3_bucket.b", "aws_s3_bucket.a"]);
    assert_eq!(got[0]["ignores"], serde_json::json!([]));
    assert_eq!(
        got[1]["ignores"],
        serde_json::json!([{"rules": ["bank-001"], "reason": "reviewed by the data office"}])
    );
    // A variable is unknown: null in the attributes and listed by path.
    assert!(got[1]["attributes"]["bucket"].is_null());
    assert_eq!(got[1]["unknown"], serde_json::json!(["bucket"]));
    // Taken once.
    assert!(keeping.take_resources().is_empty());
}
