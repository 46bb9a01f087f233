//! The CloudFormation adapter against the contract: intrinsics, conditions, relations,
//! key conversion, JSON and YAML alike, and malformed templates.

use std::path::Path;
use tollgate_core::scanner::ProjectFile;
use tollgate_iac::cloudformation::load_file;
use tollgate_iac::model::{IssueSeverity, Lookup, Model, Resource, SourceKind, Value};
use tollgate_iac::{IacConfig, IacScanner};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("resources/test/fixtures/cloudformation")
            .join(name),
    )
    .unwrap()
}

fn load(name: &str) -> Model {
    load_file(name, &fixture(name), &[])
}

fn res<'a>(m: &'a Model, id: &str) -> &'a Resource {
    m.resources
        .iter()
        .find(|r| r.address == id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn found<'a>(r: &'a Resource, path: &str) -> &'a tollgate_iac::Attr {
    match r.get(path) {
        Lookup::Found(a) => a,
        other => panic!("{}.{path}: {other:?}", r.address),
    }
}

fn text<'a>(r: &'a Resource, path: &str) -> &'a str {
    found(r, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

#[test]
fn resources_carry_the_terraform_type_the_logical_id_and_its_lines() {
    let m = load("payments.yaml");
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    let b = res(&m, "LedgerBucket");
    assert_eq!(b.source, SourceKind::CloudFormation);
    assert_eq!(b.resource_type, "aws_s3_bucket");
    assert_eq!(b.native_type, "AWS::S3::Bucket");
    assert_eq!(b.provider, "aws");
    assert_eq!(b.span.line, 25);
    assert_eq!(b.span.end_line, 44);
    assert_eq!(res(&m, "LedgerKey").resource_type, "aws_kms_key");
    assert_eq!(res(&m, "AppRole").resource_type, "aws_iam_role");
    assert_eq!(text(b, "deletion_policy"), "Retain");
}

#[test]
fn a_ref_to_a_parameter_default_flows_in_with_its_origin() {
    let m = load("payments.yaml");
    let b = res(&m, "LedgerBucket");
    let owner = found(b, "tags.Owner");
    assert_eq!(owner.as_str(), Some("payments-prod"));
    assert_eq!(owner.span.line, 44);
    assert!(
        owner
            .origin
            .iter()
            .any(|t| t.what.contains("`Environment`") && t.span.line == 6),
        "{:?}",
        owner.origin
    );
    let f = res(&m, "Fn");
    let days = found(f, "environment.variables.LOG_DAYS");
    assert_eq!(days.as_f64(), Some(400.0));
    assert_eq!(days.origin[0].span.line, 10);
    // Sub with a parameter and AWS::Partition; FindInMap keyed by a parameter.
    assert_eq!(text(b, "bucket_name"), "ledger-prod-aws");
    assert_eq!(text(b, "versioning_configuration.status"), "Enabled");
    // AllowedValues do not make a parameter without a default known.
    assert!(matches!(
        b.get("bucket_encryption.server_side_encryption_configuration.0.server_side_encryption_by_default.kms_master_key_id"),
        Lookup::Unknown(_)
    ));
}

#[test]
fn parameters_can_be_overridden() {
    let m = load_file(
        "payments.yaml",
        &fixture("payments.yaml"),
        &["Environment=dev".into()],
    );
    let b = res(&m, "LedgerBucket");
    assert_eq!(text(b, "versioning_configuration.status"), "Suspended");
    assert_eq!(text(b, "bucket_name"), "ledger-dev-aws");
    assert!(m.resources.iter().any(|r| r.address == "DevScratch"));
}

#[test]
fn a_false_condition_drops_the_resource_and_an_unknown_one_keeps_it() {
    let m = load("payments.yaml");
    assert!(!m.resources.iter().any(|r| r.address == "DevScratch"));
    // ProdAndEu depends on AWS::Region: unknown, kept.
    assert!(m.resources.iter().any(|r| r.address == "EuOnly"));
}

#[test]
fn fn_if_picks_a_branch_and_no_value_removes_the_key() {
    let m = load("payments.yaml");
    let b = res(&m, "LedgerBucket");
    assert_eq!(
        text(b, "logging_configuration.log_file_prefix"),
        "prod-logs/"
    );
    let l = res(&m, "LogBucket");
    assert_eq!(found(l, "object_lock_enabled").as_bool(), Some(true));
    let dev = load_file(
        "t.yaml",
        &fixture("payments.yaml"),
        &["Environment=dev".into()],
    );
    let b = res(&dev, "LedgerBucket");
    assert!(matches!(
        b.get("logging_configuration.log_file_prefix"),
        Lookup::Absent
    ));
    assert!(matches!(
        b.get("logging_configuration.destination_bucket_name"),
        Lookup::Unknown(_)
    ));
}

#[test]
fn a_ref_to_a_resource_is_unknown_and_a_relation() {
    let m = load("payments.yaml");
    let b = res(&m, "LedgerBucket");
    assert!(matches!(
        b.get("logging_configuration.destination_bucket_name"),
        Lookup::Unknown(_)
    ));
    assert_eq!(b.references, vec!["LogBucket".to_string()]);
    // GetAtt (short and Sub forms) too.
    assert_eq!(res(&m, "EuOnly").references, vec!["LedgerKey".to_string()]);
    assert_eq!(
        res(&m, "AppRole").references,
        vec!["LedgerBucket".to_string()]
    );
    assert!(matches!(
        res(&m, "EuOnly").get("kms_master_key_id"),
        Lookup::Unknown(_)
    ));
}

#[test]
fn keys_become_snake_case_except_policy_documents_tags_and_variables() {
    let m = load("payments.yaml");
    let b = res(&m, "LedgerBucket");
    assert_eq!(
        text(
            b,
            "bucket_encryption.server_side_encryption_configuration.0.server_side_encryption_by_default.sse_algorithm"
        ),
        "aws:kms"
    );
    assert_eq!(text(b, "tags.data-classification"), "confidential");
    let role = res(&m, "AppRole");
    assert_eq!(
        text(role, "assume_role_policy_document.Statement.0.Effect"),
        "Allow"
    );
    assert_eq!(
        text(role, "policies.0.policy_document.Statement.0.Action.0"),
        "s3:GetObject"
    );
    assert_eq!(text(role, "policies.0.policy_name"), "read-ledger");
    let key = res(&m, "LedgerKey");
    assert_eq!(text(key, "key_policy.Statement.0.Action"), "kms:*");
    assert!(matches!(
        key.get("key_policy.Statement.0.Principal.AWS"),
        Lookup::Unknown(_)
    ));
    let f = res(&m, "Fn");
    assert_eq!(text(f, "environment.variables.DB_HOST"), "db.internal");
    assert_eq!(text(f, "vpc_config.security_group_ids.1"), "sg-2");
    assert_eq!(text(f, "vpc_config.subnet_ids.0"), "subnet-b");
}

#[test]
fn json_and_yaml_forms_give_the_same_resources() {
    let y = load("payments.yaml");
    for name in ["payments.json", "payments-tabs.json"] {
        let j = load(name);
        assert!(j.issues.is_empty(), "{name}: {:?}", j.issues);
        assert_eq!(y.resources.len(), j.resources.len(), "{name}");
        for (a, b) in y.resources.iter().zip(&j.resources) {
            assert_eq!(a.address, b.address);
            assert_eq!(a.resource_type, b.resource_type);
            assert_eq!(a.references, b.references);
            assert_eq!(a.attrs.to_json(), b.attrs.to_json(), "{name} {}", a.address);
            assert!(b.span.line > 0);
        }
        let text = String::from_utf8(fixture(name)).unwrap();
        let line = text
            .lines()
            .position(|l| l.contains("\"LogBucket\": {"))
            .unwrap() as u32
            + 1;
        assert_eq!(res(&j, "LogBucket").span.line, line, "{name}");
    }
}

#[test]
fn a_malformed_template_is_an_error_with_file_and_line() {
    for (name, line) in [("malformed.yaml", 6), ("malformed.json", 6)] {
        let m = load(name);
        assert!(m.resources.is_empty());
        let e = &m.issues[0];
        assert_eq!(e.kind, IssueSeverity::Error, "{name}");
        assert_eq!(e.path, name);
        assert!(e.line.unwrap_or(0) >= line, "{name}: {e:?}");
    }
    // An error at the end of the stream still names a line of the file.
    let m = load_file("eof.yaml", &fixture("payments.yaml")[..1103], &[]);
    let t = String::from_utf8_lossy(&fixture("payments.yaml")[..1103]).to_string();
    let e = &m.issues[0];
    assert!(e.line.unwrap() as usize <= t.lines().count() + 1, "{e:?}");
    let m = load_file("eof2.yaml", b"Resources:\n  B:\n    X: [a, b", &[]);
    assert!(m.issues[0].line.unwrap() <= 3, "{:?}", m.issues);
    let m = load_file(
        "one.yaml",
        b"&AlWSaol\"Re\x03\x00\x00\x00Formther: 2\x02",
        &[],
    );
    assert!(m.issues.iter().all(|i| i.line == Some(1)), "{:?}", m.issues);
    // A template without resources is a warning; a file that only looked like one (a
    // macro's event) is nothing; hostile nesting: no panic.
    let m = load_file(
        "x.yaml",
        b"AWSTemplateFormatVersion: x\nResources: 3\n",
        &[],
    );
    assert_eq!(m.issues.len(), 1);
    assert_eq!(m.issues[0].kind, IssueSeverity::Warning);
    let m = load_file(
        "e.json",
        br#"{"fragment": {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}}"#,
        &[],
    );
    assert!(m.issues.is_empty() && m.resources.is_empty());
    let m = load_file(
        "m.yaml",
        b"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Buckets:\n    - Name\n    - [a, b]\n    - ${Name}:\n        Type: AWS::S3::Bucket\n  Mod:\n    Type: !Rain::Module x.yml\n",
        &[],
    );
    assert!(m.resources.is_empty());
    assert_eq!(m.issues.len(), 2, "{:?}", m.issues);
    assert!(m
        .issues
        .iter()
        .all(|i| i.kind == IssueSeverity::NotFollowed));
    assert_eq!(
        m.issues.iter().map(|i| i.line).collect::<Vec<_>>(),
        vec![Some(3), Some(8)]
    );
    let deep = format!(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: {}x{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let _ = load_file("d.yaml", deep.as_bytes(), &[]);
    let mut nest = String::from("x");
    for _ in 0..200 {
        nest = format!("{{\"Fn::Join\": [\"\", [{nest}]]}}");
    }
    let t = format!("{{\"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"X\": {nest}}}}}}}}}");
    let _ = load_file("n.json", t.as_bytes(), &[]);
}

#[test]
fn sub_forms_and_the_sam_transform() {
    let t = br##"Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: live}
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          URL: !Sub
            - "https://${Host}/${Stage}/${!Literal}"
            - Host: pay.example.com
          REGION: !Sub "${AWS::Region}"
  Other:
    Type: AWS::Serverless::Api
  Host:
    Type: AWS::EC2::Instance
    Properties:
      UserData: !Base64 {"Fn::Sub": "#!/bin/sh\necho ${Stage}"}
      AvailabilityZone: !Select [0, !GetAZs ""]
      SubnetId: !ImportValue network-subnet
      Ipv6CidrBlock: !Select [0, !Cidr ["10.0.0.0/16", 4, 8]]
"##;
    let m = load_file("sam.yaml", t, &[]);
    let f = res(&m, "Api");
    assert_eq!(f.resource_type, "aws_lambda_function");
    assert_eq!(
        text(f, "environment.variables.URL"),
        "https://pay.example.com/live/${Literal}"
    );
    assert!(matches!(
        f.get("environment.variables.REGION"),
        Lookup::Unknown(_)
    ));
    assert_eq!(res(&m, "Other").resource_type, "AWS::Serverless::Api");
    let h = res(&m, "Host");
    assert_eq!(h.resource_type, "aws_instance");
    // Fn::Base64 gives the text rules read (user data), not its encoding.
    assert_eq!(text(h, "user_data"), "#!/bin/sh\necho live");
    for p in ["availability_zone", "subnet_id", "ipv6_cidr_block"] {
        assert!(matches!(h.get(p), Lookup::Unknown(_)), "{p}");
    }
}

#[test]
fn the_scanner_reads_templates_by_content_and_one_rule_covers_both_formats() {
    let scanner = IacScanner::new(&IacConfig::default());
    let file = |path: &str, content: &[u8]| ProjectFile {
        path: path.into(),
        content: content.to_vec(),
        class: tollgate_core::classify::classify(path),
    };
    let fail = b"Resources:\n  Statements:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: statements\n";
    let pass = b"Resources:\n  Statements:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n";
    let out = scanner.scan_files(&[file("infra/fail.yaml", fail), file("infra/pass.yaml", pass)]);
    let ids: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == "iac/aws/s3-bucket-versioning")
        .map(|f| {
            (
                f.rule_id.as_str().to_string(),
                f.location.path.clone(),
                f.location.start_line,
            )
        })
        .collect();
    assert_eq!(
        ids,
        vec![(
            "iac/aws/s3-bucket-versioning".to_string(),
            "infra/fail.yaml".to_string(),
            2
        )]
    );
    // A YAML file that is not a template is not read.
    let out = scanner.scan_files(&[file("k8s.yaml", b"apiVersion: v1\nkind: Pod\n")]);
    assert!(out.findings.is_empty() && out.issues.is_empty());
    let _ = Value::Null;
}
