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

/// terraform-aws-eks from the evaluation data set. Compiled as ignored when the data set is
/// absent (see build.rs), so the runner says skipped, never passed.
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared/data (the evaluation data set) beside the checkout"
)]
fn eks_sanity_run() {
    let tarball = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/iac/terraform-aws-eks.tar.gz");
    assert!(tarball.exists(), "{} is absent", tarball.display());
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(dir.path())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "could not extract {}", tarball.display());
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
    no_errors(&m);
    let eks = "terraform-aws-eks";
    let under = |p: &str| {
        m.resources
            .iter()
            .filter(|r| r.provider == "aws" && r.address.starts_with(&format!("{eks}/{p}")))
            .count()
    };
    // `create = false` switches whole modules off (an unconditional null_resource in
    // _user_data is created by Terraform too); their siblings with defaults are on.
    assert_eq!(under("examples/karpenter/module.karpenter_disabled."), 0);
    assert!(under("examples/karpenter/module.karpenter.") > 0);
    assert_eq!(
        under("tests/eks-managed-node-group/module.disabled_eks."),
        0
    );
    assert_eq!(
        under("tests/eks-managed-node-group/module.disabled_eks_managed_node_group."),
        0
    );
    assert!(under("tests/eks-managed-node-group/module.eks_managed_node_group.") > 0);
    // Called directories are never roots: nothing is evaluated with the modules' defaults.
    assert_eq!(under("modules/"), 0);
    assert!(
        m.resources
            .iter()
            .all(|r| r.address.starts_with(&format!("{eks}/examples/"))
                || r.address.starts_with(&format!("{eks}/tests/"))),
        "{:?}",
        m.resources
            .iter()
            .map(|r| &r.address)
            .filter(|a| !a.contains("/examples/") && !a.contains("/tests/"))
            .take(5)
            .collect::<Vec<_>>()
    );
    let nf = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::NotFollowed)
        .count();
    assert!(nf >= 20, "{nf}");
    // Every rule over the evaluated model, as a scan would run them.
    let started = std::time::Instant::now();
    let out = IacScanner::new(&IacConfig::default()).scan_files(&list);
    let not_checked = out
        .issues
        .iter()
        .filter(|i| i.message.contains(" not checked on "))
        .count();
    let errors = out
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Error)
        .count();
    println!("eks: scan with every rule in {:?}: {} findings, {not_checked} not-checked verdicts, {errors} errors", started.elapsed(), out.findings.len());
    let mut by_rule = std::collections::BTreeMap::new();
    for f in &out.findings {
        *by_rule.entry(f.rule_id.as_str().to_string()).or_insert(0) += 1;
    }
    println!("eks: findings by rule {by_rule:#?}");
    if std::env::var("EKS_VERBOSE").is_ok() {
        for f in &out.findings {
            println!("  finding {} {}", f.rule_id.as_str(), f.message);
        }
        for i in out
            .issues
            .iter()
            .filter(|i| i.message.contains(" not checked on "))
        {
            println!("  skipped {}", i.message);
        }
    }
}

#[test]
fn roots_below_the_scan_root_prefix_their_addresses_with_the_directory() {
    let module = "variable \"n\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.n\n}\n";
    let m = load(&[
        ("envs/prod/main.tf", "module \"b\" {\n  source = \"../../modules/b\"\n  n = \"prod\"\n}\nresource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = module.b.id\n}\n"),
        ("envs/test/main.tf", "module \"b\" {\n  source = \"../../modules/b\"\n  n = \"test\"\n}\n"),
        ("modules/b/main.tf", &format!("{module}output \"id\" {{\n  value = aws_s3_bucket.this.id\n}}\n")),
    ]);
    no_errors(&m);
    assert_eq!(
        addresses(&m),
        vec![
            "envs/prod/aws_s3_bucket_versioning.v",
            "envs/prod/module.b.aws_s3_bucket.this",
            "envs/test/module.b.aws_s3_bucket.this"
        ]
    );
    assert_eq!(
        res(&m, "envs/prod/aws_s3_bucket_versioning.v").references,
        vec!["envs/prod/module.b.aws_s3_bucket.this"]
    );
    assert_eq!(
        s(res(&m, "envs/test/module.b.aws_s3_bucket.this"), "bucket"),
        "test"
    );
}

/// The value of `expr` evaluated as a resource attribute, with `extra` declarations.
fn eval_with(expr: &str, extra: &str) -> Attr {
    let main = format!("resource \"null_resource\" \"t\" {{\n  v = {expr}\n}}\n{extra}");
    let m = load(&[("main.tf", &main)]);
    no_errors(&m);
    match res(&m, "null_resource.t").get("v") {
        Lookup::Found(a) | Lookup::Unknown(a) => a.clone(),
        Lookup::Absent => panic!("v absent"),
    }
}

fn eval(expr: &str) -> serde_json::Value {
    let a = eval_with(expr, "");
    assert!(
        tollgate_iac_first_unknown(&a).is_none(),
        "{expr} is unknown: {:?}",
        a.value
    );
    a.to_json()
}

fn tollgate_iac_first_unknown(a: &Attr) -> Option<&Attr> {
    match &a.value {
        Value::Unknown(_) => Some(a),
        Value::List(l) => l.iter().find_map(tollgate_iac_first_unknown),
        Value::Map(m) => m.values().find_map(tollgate_iac_first_unknown),
        _ => None,
    }
}

fn scan(list: &[(&str, &str)]) -> tollgate_core::scanner::FileOutcome {
    IacScanner::new(&IacConfig::default()).scan_files(&files(list))
}

const VERSIONING: &str = "iac/aws/s3-bucket-versioning";

#[test]
fn a_variable_default_is_overridden_by_tfvars_in_order() {
    let main = r#"variable "acl" {
  default = "private"
}
variable "region" {
  default = "eu-west-1"
}
variable "owner" {}
resource "aws_s3_bucket_acl" "a" {
  acl    = var.acl
  region = var.region
  owner  = var.owner
}
"#;
    let m = load(&[
        ("main.tf", main),
        (
            "terraform.tfvars",
            "acl = \"public-read\"\nregion = \"us-east-1\"\n",
        ),
        ("b.auto.tfvars", "region = \"eu-central-1\"\n"),
        ("a.auto.tfvars.json", "{\"region\": \"ap-south-1\"}"),
    ]);
    no_errors(&m);
    let r = res(&m, "aws_s3_bucket_acl.a");
    let acl = get(r, "acl");
    assert_eq!(acl.as_str(), Some("public-read"));
    assert_eq!((acl.span.path.as_str(), acl.span.line), ("main.tf", 9));
    assert_eq!(acl.origin.len(), 1);
    assert_eq!(acl.origin[0].what, "variable `acl` set in terraform.tfvars");
    assert_eq!(
        (acl.origin[0].span.path.as_str(), acl.origin[0].span.line),
        ("terraform.tfvars", 1)
    );
    // *.auto.tfvars(.json) in lexical order after terraform.tfvars: b.auto.tfvars wins.
    assert_eq!(s(r, "region"), "eu-central-1");
    assert_eq!(
        get(r, "region").origin[0].what,
        "variable `region` set in b.auto.tfvars"
    );
    assert!(unknown_reason(r, "owner")
        .contains("variable `owner` has no value: no default, not set in tfvars"));

    // --var-file then --var, applied after the automatic files.
    let fs = files(&[
        ("main.tf", main),
        ("terraform.tfvars", "acl = \"public-read\"\n"),
        (
            "env/prod.tfvars",
            "acl = \"log-delivery-write\"\nowner = \"payments\"\n",
        ),
    ]);
    let opts = Options {
        var_files: vec!["env/prod.tfvars".into()],
        vars: vec!["region=\"sa-east-1\"".into(), "unparsed=a b c".into()],
        root: None,
    };
    let m = terraform::load_with(&fs, &opts);
    let r = res(&m, "aws_s3_bucket_acl.a");
    assert_eq!(s(r, "acl"), "log-delivery-write");
    assert_eq!(
        get(r, "acl").origin[0].what,
        "variable `acl` set in prod.tfvars"
    );
    assert_eq!(s(r, "owner"), "payments");
    assert_eq!(s(r, "region"), "sa-east-1");
    assert_eq!(
        get(r, "region").origin[0].what,
        "variable `region` set by --var"
    );
    // A tfvars file of a called module directory does not apply: only roots read them.
}

#[test]
fn a_local_is_built_from_variables_across_files_in_any_order() {
    let m = load(&[
        (
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = local.name\n  tags   = local.tags\n}\n",
        ),
        (
            "locals.tf",
            "locals {\n  name = \"${local.prefix}-${var.app}\"\n  tags = merge(var.tags, { Name = local.name })\n}\nlocals {\n  prefix = lower(var.env)\n}\n",
        ),
        (
            "variables.tf",
            "variable \"env\" {\n  default = \"PROD\"\n}\nvariable \"app\" {\n  default = \"payments\"\n}\nvariable \"tags\" {\n  type    = map(string)\n  default = { owner = \"team-a\" }\n}\n",
        ),
    ]);
    no_errors(&m);
    let r = res(&m, "aws_s3_bucket.b");
    let name = get(r, "bucket");
    assert_eq!(name.as_str(), Some("prod-payments"));
    assert_eq!(name.span.line, 2);
    let whats: Vec<&str> = name.origin.iter().map(|t| t.what.as_str()).collect();
    assert!(whats.contains(&"variable `env` (default)"), "{whats:?}");
    assert!(whats.contains(&"variable `app` (default)"), "{whats:?}");
    assert_eq!(s(r, "tags.Name"), "prod-payments");
    assert_eq!(s(r, "tags.owner"), "team-a");
}

#[test]
fn a_local_cycle_is_unknown_not_a_hang() {
    let m = load(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n}\n",
    )]);
    let r = res(&m, "aws_s3_bucket.b");
    assert!(
        unknown_reason(r, "bucket").contains("cycle"),
        "{}",
        unknown_reason(r, "bucket")
    );
}

const BUCKET_MODULE: &str = r#"variable "name" {}
variable "versioning" {
  type    = bool
  default = true
}
variable "create" {
  type    = bool
  default = true
}
resource "aws_s3_bucket" "this" {
  count  = var.create ? 1 : 0
  bucket = var.name
  versioning {
    enabled = var.versioning
  }
}
output "bucket_id" {
  value = try(aws_s3_bucket.this[0].id, null)
}
output "bucket_name" {
  value = try(aws_s3_bucket.this[0].bucket, "")
}
"#;

#[test]
fn a_module_input_reaches_the_resource_and_the_finding_names_its_origin() {
    let root = r#"variable "keep_versions" {
  default = false
}
module "logs" {
  source     = "./modules/bucket"
  name       = "audit-logs"
  versioning = var.keep_versions
}
"#;
    let list = [("main.tf", root), ("modules/bucket/main.tf", BUCKET_MODULE)];
    let m = load(&list);
    no_errors(&m);
    // The module directory is evaluated only through its call, never with its defaults.
    assert_eq!(addresses(&m), vec!["module.logs.aws_s3_bucket.this[0]"]);
    let r = res(&m, "module.logs.aws_s3_bucket.this[0]");
    assert_eq!(s(r, "bucket"), "audit-logs");
    let enabled = get(r, "versioning.enabled");
    assert_eq!(enabled.value, Value::Bool(false));
    assert_eq!(
        (enabled.span.path.as_str(), enabled.span.line),
        ("modules/bucket/main.tf", 14)
    );
    let whats: Vec<&str> = enabled.origin.iter().map(|t| t.what.as_str()).collect();
    assert_eq!(
        whats,
        vec![
            "module input `versioning` of module.logs",
            "variable `keep_versions` (default)"
        ]
    );
    assert_eq!(enabled.origin[0].span.line, 7);
    assert_eq!(enabled.origin[1].span.line, 2);

    let out = scan(&list);
    let f: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == VERSIONING)
        .collect();
    assert_eq!(
        f.len(),
        1,
        "{:?}",
        out.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert_eq!(f[0].location.path, "modules/bucket/main.tf");
    assert_eq!(f[0].location.start_line, 14);
    let related: Vec<String> = f[0]
        .related
        .iter()
        .map(|r| {
            format!(
                "{}:{} {}",
                r.location.path, r.location.start_line, r.message
            )
        })
        .collect();
    assert!(related.iter().any(|r| r == "main.tf:7 `versioning.enabled` comes from module input `versioning` of module.logs"), "{related:?}");
    assert!(
        related
            .iter()
            .any(|r| r
                == "main.tf:2 `versioning.enabled` comes from variable `keep_versions` (default)"),
        "{related:?}"
    );
}

#[test]
fn an_optional_default_fills_missing_object_attributes() {
    let module = r#"variable "buckets" {
  type = map(object({
    name       = string
    versioning = optional(bool, true)
    lifecycle  = optional(object({
      days    = optional(number, 30)
      enabled = optional(bool)
    }), {})
    tags       = optional(map(string), { owner = "platform" })
  }))
}
variable "logging" {
  type     = object({ target = optional(string, "central-logs") })
  default  = {}
  nullable = false
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = each.value.name
  versioning {
    enabled = each.value.versioning
  }
  days    = each.value.lifecycle.days
  lc_on   = each.value.lifecycle.enabled
  tags    = each.value.tags
  logging = var.logging.target
}
"#;
    let root = r#"module "data" {
  source = "./m"
  buckets = {
    eu = { name = "eu-data" }
    us = { name = "us-data", versioning = false, lifecycle = { days = 7 } }
  }
  logging = null
}
"#;
    let m = load(&[("main.tf", root), ("m/main.tf", module)]);
    no_errors(&m);
    let eu = res(&m, "module.data.aws_s3_bucket.b[\"eu\"]");
    assert_eq!(get(eu, "versioning.enabled").value, Value::Bool(true));
    assert_eq!(get(eu, "days").as_f64(), Some(30.0));
    assert_eq!(get(eu, "lc_on").value, Value::Null);
    assert_eq!(s(eu, "tags.owner"), "platform");
    // nullable = false: the null passed in becomes the default (with its optional default).
    assert_eq!(s(eu, "logging"), "central-logs");
    let us = res(&m, "module.data.aws_s3_bucket.b[\"us\"]");
    assert_eq!(get(us, "versioning.enabled").value, Value::Bool(false));
    assert_eq!(get(us, "days").as_f64(), Some(7.0));
}

#[test]
fn modules_with_count_zero_or_create_false_make_no_resources_and_no_findings() {
    let root = r#"module "off" {
  source = "./modules/bucket"
  count  = 0
  name   = "never"
}
module "none" {
  source   = "./modules/bucket"
  for_each = {}
  name     = "never"
}
module "disabled" {
  source     = "./modules/bucket"
  create     = false
  name       = "disabled"
  versioning = false
}
module "on" {
  source = "./modules/bucket"
  name   = "on"
}
"#;
    let list = [("main.tf", root), ("modules/bucket/main.tf", BUCKET_MODULE)];
    let m = load(&list);
    no_errors(&m);
    assert_eq!(addresses(&m), vec!["module.on.aws_s3_bucket.this[0]"]);
    let out = scan(&list);
    assert!(
        out.findings
            .iter()
            .all(|f| f.rule_id.as_str() != VERSIONING),
        "{:?}",
        out.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn dynamic_blocks_expand_with_iterators_nesting_and_module_inputs() {
    let module = r#"variable "rules" {
  type = list(object({ port = number, cidrs = list(string) }))
}
resource "aws_security_group" "sg" {
  name = "web"
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      cidr_blocks = rule.value.cidrs
      dynamic "tag" {
        for_each = rule.value.cidrs
        content {
          cidr = tag.value
          n    = tag.key
        }
      }
    }
  }
  dynamic "egress" {
    for_each = { all = "0.0.0.0/0" }
    content {
      cidr_blocks = [egress.value]
      name        = egress.key
    }
  }
  ingress {
    from_port = 22
  }
}
"#;
    let root = r#"module "web" {
  source = "./sg"
  rules  = [{ port = 443, cidrs = ["10.0.0.0/8", "0.0.0.0/0"] }, { port = 80, cidrs = [] }]
}
"#;
    let m = load(&[("main.tf", root), ("sg/main.tf", module)]);
    no_errors(&m);
    let r = res(&m, "module.web.aws_security_group.sg");
    let ingress = get(r, "ingress").items();
    assert_eq!(ingress.len(), 3);
    assert_eq!(r.attrs.to_json()["ingress"][0]["from_port"], 443);
    assert_eq!(
        r.attrs.to_json()["ingress"][0]["tag"][1]["cidr"],
        "0.0.0.0/0"
    );
    assert_eq!(r.attrs.to_json()["ingress"][0]["tag"][1]["n"], 1);
    assert_eq!(r.attrs.to_json()["ingress"][1]["to_port"], 80);
    assert_eq!(r.attrs.to_json()["ingress"][2]["from_port"], 22);
    assert_eq!(
        r.attrs.to_json()["egress"][0]["cidr_blocks"][0],
        "0.0.0.0/0"
    );
    assert_eq!(r.attrs.to_json()["egress"][0]["name"], "all");
    // The content's values are written in the module.
    assert_eq!(ingress[0].span.path, "sg/main.tf");
}

#[test]
fn for_each_over_a_map_of_objects_a_set_and_count() {
    let main = r#"variable "buckets" {
  default = {
    eu = { name = "eu-ledger", versioned = true }
    us = { name = "us-ledger", versioned = false }
  }
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "${each.key}-${each.value.name}"
  versioning {
    enabled = each.value.versioned
  }
}
resource "aws_s3_bucket" "set" {
  for_each = toset(["b", "a", "b"])
  bucket   = each.value
}
resource "aws_s3_bucket" "c" {
  count  = 2
  bucket = "c-${count.index}"
}
resource "aws_s3_bucket" "zero" {
  count  = 0
  bucket = "never"
}
"#;
    let m = load(&[("main.tf", main)]);
    no_errors(&m);
    assert_eq!(
        addresses(&m),
        vec![
            "aws_s3_bucket.b[\"eu\"]",
            "aws_s3_bucket.b[\"us\"]",
            "aws_s3_bucket.set[\"a\"]",
            "aws_s3_bucket.set[\"b\"]",
            "aws_s3_bucket.c[0]",
            "aws_s3_bucket.c[1]",
        ]
    );
    assert_eq!(
        s(res(&m, "aws_s3_bucket.b[\"eu\"]"), "bucket"),
        "eu-eu-ledger"
    );
    assert_eq!(
        get(res(&m, "aws_s3_bucket.b[\"us\"]"), "versioning.enabled").value,
        Value::Bool(false)
    );
    let origin = &get(res(&m, "aws_s3_bucket.b[\"us\"]"), "versioning.enabled").origin;
    assert_eq!(origin[0].what, "variable `buckets` (default)");
    assert_eq!(origin[0].span.line, 2);
    assert_eq!(s(res(&m, "aws_s3_bucket.c[1]"), "bucket"), "c-1");
}

#[test]
fn an_unknown_for_each_gives_one_star_instance_and_a_warning() {
    let main = r#"data "aws_regions" "all" {}
resource "aws_s3_bucket" "b" {
  for_each = toset(data.aws_regions.all.names)
  bucket   = "x-${each.key}"
  acl      = "private"
}
"#;
    let m = load(&[("main.tf", main)]);
    let r = res(&m, "aws_s3_bucket.b[*]");
    assert_eq!(s(r, "acl"), "private");
    assert!(unknown_reason(r, "bucket").contains("each.key"));
    let w: Vec<_> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::Warning)
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].path.as_str(), w[0].line), ("main.tf", Some(3)));
    assert!(
        w[0].message.contains("could not be expanded"),
        "{}",
        w[0].message
    );
}

#[test]
fn an_unknown_value_draws_no_finding_and_is_reported_not_checked() {
    let main = r#"variable "versioning_enabled" {
  type = bool
}
resource "aws_s3_bucket" "b" {
  bucket = "ledger"
  versioning {
    enabled = var.versioning_enabled
  }
}
"#;
    let out = scan(&[("main.tf", main)]);
    assert!(out
        .findings
        .iter()
        .all(|f| f.rule_id.as_str() != VERSIONING));
    let skipped: Vec<_> = out
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Skipped)
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", out.issues);
    assert!(
        skipped[0]
            .message
            .contains("iac/aws/s3-bucket-versioning not checked on aws_s3_bucket.b"),
        "{}",
        skipped[0].message
    );
    assert!(
        skipped[0]
            .message
            .contains("variable `versioning_enabled` has no value: no default, not set in tfvars"),
        "{}",
        skipped[0].message
    );
}

#[test]
fn versioning_in_a_separate_resource_counts_and_its_absence_is_found() {
    let main = r#"resource "aws_s3_bucket" "versioned" {
  bucket = "ledger-exports"
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.versioned.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "bare" {
  bucket = "statements"
}
module "logs" {
  source = "./modules/bucket"
  name   = "logs"
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = module.logs.bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;
    let module = BUCKET_MODULE.replace("  versioning {\n    enabled = var.versioning\n  }\n", "");
    let list = [
        ("main.tf", main),
        ("modules/bucket/main.tf", module.as_str()),
    ];
    let m = load(&list);
    no_errors(&m);
    let v = res(&m, "aws_s3_bucket_versioning.v");
    assert_eq!(v.references, vec!["aws_s3_bucket.versioned"]);
    assert!(unknown_reason(v, "bucket")
        .contains("`aws_s3_bucket.versioned.id` is only known after apply"));
    // Through the module's output, to the bucket's full address inside the module.
    assert_eq!(
        res(&m, "aws_s3_bucket_versioning.logs").references,
        vec!["module.logs.aws_s3_bucket.this[0]"]
    );
    assert_eq!(
        m.referring_to("module.logs.aws_s3_bucket.this[0]").count(),
        1
    );

    let out = scan(&list);
    let f: Vec<&str> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == VERSIONING)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].starts_with("aws_s3_bucket.bare:"), "{f:?}");
}

#[test]
fn a_reference_to_a_literal_attribute_is_its_value_and_computed_ones_are_unknown() {
    let main = r#"resource "aws_s3_bucket" "b" {
  bucket = "ledger"
  tags   = { env = "prod" }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.bucket
  env    = aws_s3_bucket.b.tags["env"]
  arn    = aws_s3_bucket.b.arn
  other  = aws_kms_key.k.arn
  policy = data.aws_iam_policy_document.p.json
}
"#;
    let m = load(&[("main.tf", main)]);
    let p = res(&m, "aws_s3_bucket_policy.p");
    assert_eq!(s(p, "bucket"), "ledger");
    assert_eq!(s(p, "env"), "prod");
    assert!(unknown_reason(p, "arn").contains("only known after apply"));
    assert!(unknown_reason(p, "other").contains("aws_kms_key.k"));
    assert!(unknown_reason(p, "policy").contains("data source `data.aws_iam_policy_document.p`"));
    assert_eq!(
        p.references,
        vec![
            "aws_kms_key.k",
            "aws_s3_bucket.b",
            "data.aws_iam_policy_document.p"
        ]
    );
}

#[test]
fn a_remote_module_is_reported_as_not_followed_and_its_outputs_are_unknown() {
    let main = r#"module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "git" {
  source = "git::https://user:hunter2@example.com/mods.git//s3?ref=v1"
}
resource "aws_security_group" "sg" {
  vpc_id = module.vpc.vpc_id
}
"#;
    let m = load(&[("main.tf", main)]);
    let nf: Vec<_> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::NotFollowed)
        .collect();
    assert_eq!(nf.len(), 2, "{nf:?}");
    assert_eq!((nf[0].path.as_str(), nf[0].line), ("main.tf", Some(1)));
    assert_eq!(
        nf[0].message,
        "module \"vpc\" from registry source terraform-aws-modules/vpc/aws not followed: remote modules are never downloaded"
    );
    assert!(!nf[1].message.contains("hunter2"), "{}", nf[1].message);
    assert!(
        nf[1].message.contains("from git source"),
        "{}",
        nf[1].message
    );
    let r = res(&m, "aws_security_group.sg");
    assert!(unknown_reason(r, "vpc_id")
        .contains("registry source terraform-aws-modules/vpc/aws is not followed"));
}

#[test]
fn a_syntax_error_names_file_and_line_and_the_next_file_is_still_read() {
    let m = load(&[
        (
            "a.tf",
            "resource \"aws_s3_bucket\" \"broken\" {\n  bucket = \n}\n",
        ),
        (
            "b.tf",
            "resource \"aws_s3_bucket\" \"fine\" {\n  bucket = local.n\n}\n",
        ),
        ("c.tf", "locals {\n  n = \"ok\"\n}\n"),
    ]);
    let e: Vec<_> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::Error)
        .collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, "a.tf");
    assert!(matches!(e[0].line, Some(2) | Some(3)), "{:?}", e[0]);
    assert_eq!(addresses(&m), vec!["aws_s3_bucket.fine"]);
    assert_eq!(s(res(&m, "aws_s3_bucket.fine"), "bucket"), "ok");
}

#[test]
fn templatefile_and_file_read_relative_to_the_module() {
    let module = r#"variable "user" {}
resource "aws_iam_policy" "p" {
  policy = templatefile("${path.module}/policy.json.tftpl", { user = var.user, actions = ["s3:GetObject", "s3:PutObject"] })
  raw    = file("${path.module}/raw.txt")
  there  = fileexists("${path.module}/raw.txt")
  absent = fileexists("${path.module}/nope.txt")
}
"#;
    let tpl = "{\"user\": \"${user}\", \"actions\": [%{ for i, a in actions }%{ if i > 0 },%{ endif }\"${a}\"%{ endfor }]}";
    let m = load(&[
        (
            "main.tf",
            "module \"m\" {\n  source = \"./mods/iam\"\n  user = \"alice\"\n}\n",
        ),
        ("mods/iam/main.tf", module),
        ("mods/iam/policy.json.tftpl", tpl),
        ("mods/iam/raw.txt", "hello"),
    ]);
    no_errors(&m);
    let r = res(&m, "module.m.aws_iam_policy.p");
    assert_eq!(
        s(r, "policy"),
        "{\"user\": \"alice\", \"actions\": [\"s3:GetObject\",\"s3:PutObject\"]}"
    );
    assert_eq!(s(r, "raw"), "hello");
    assert_eq!(get(r, "there").value, Value::Bool(true));
    assert_eq!(get(r, "absent").value, Value::Bool(false));
}

#[test]
fn cidrsubnet_cidrhost_and_friends() {
    assert_eq!(eval("cidrsubnet(\"10.0.0.0/16\", 8, 2)"), "10.0.2.0/24");
    assert_eq!(
        eval("cidrsubnet(\"172.16.0.0/12\", 4, 15)"),
        "172.31.0.0/16"
    );
    assert_eq!(
        eval("cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)"),
        "fd00:fd12:3456:7800:a200::/72"
    );
    assert_eq!(eval("cidrhost(\"10.12.112.0/20\", 16)"), "10.12.112.16");
    assert_eq!(eval("cidrhost(\"10.12.112.0/20\", -1)"), "10.12.127.255");
    assert_eq!(eval("cidrnetmask(\"172.16.0.0/12\")"), "255.240.0.0");
    assert_eq!(
        eval("cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)"),
        serde_json::json!([
            "10.1.0.0/20",
            "10.1.16.0/20",
            "10.1.32.0/24",
            "10.1.48.0/20"
        ])
    );
    assert_eq!(
        eval("[for i in range(3) : cidrsubnet(\"10.0.0.0/16\", 8, i)]"),
        serde_json::json!(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"])
    );
    assert!(eval_with("cidrsubnet(\"10.0.0.0/30\", 8, 1)", "").is_unknown());
    // Edges that overflow naive arithmetic.
    assert_eq!(eval("cidrsubnet(\"::/0\", 0, 0)"), "::/0");
    assert_eq!(eval("cidrsubnet(\"::/0\", 128, 5)"), "::5/128");
    assert!(eval_with("cidrsubnet(\"10.0.0.0/8\", 1e10, 0)", "").is_unknown());
    assert!(eval_with("cidrsubnets(\"ffff::/16\", 1e10)", "").is_unknown());
    assert!(eval_with("cidrhost(\"::/0\", -1)", "").as_str().is_some());
    assert_eq!(eval("substr(\"abc\", 1, 1e300)"), "bc");
}

#[test]
fn merge_lookup_try_coalesce_format_jsonencode() {
    use serde_json::json;
    assert_eq!(
        eval("merge({a = 1, b = 2}, {b = 3}, null)"),
        json!({"a": 1, "b": 3})
    );
    assert_eq!(eval("lookup({a = \"x\"}, \"a\", \"d\")"), "x");
    assert_eq!(eval("lookup({a = \"x\"}, \"b\", \"d\")"), "d");
    assert_eq!(eval("try({a = 1}.b, \"fallback\")"), "fallback");
    assert_eq!(eval("try(tonumber(\"x\"), 7)"), 7);
    assert_eq!(eval("can(regex(\"^a\", \"abc\"))"), true);
    assert_eq!(eval("can({}.x)"), false);
    assert_eq!(eval("coalesce(\"\", null, \"b\")"), "b");
    assert_eq!(eval("coalescelist([], [\"x\"])"), json!(["x"]));
    assert_eq!(
        eval("format(\"%s-%03d-%.2f-%q-%v\", \"a\", 7, 3.14159, \"q\", true)"),
        "a-007-3.14-\"q\"-true"
    );
    assert_eq!(
        eval("formatlist(\"%s=%s\", [\"a\", \"b\"], \"v\")"),
        json!(["a=v", "b=v"])
    );
    assert_eq!(
        eval("jsonencode({b = [1, \"two\", true, null], a = \"<x>\"})"),
        "{\"a\":\"\\u003cx\\u003e\",\"b\":[1,\"two\",true,null]}"
    );
    assert_eq!(eval("jsondecode(\"{\\\"a\\\": [1, 2]}\").a[1]"), 2);
    assert_eq!(eval("join(\",\", split(\"-\", \"a-b-c\"))"), "a,b,c");
    assert_eq!(eval("concat([1], [2, 3])"), json!([1, 2, 3]));
    assert_eq!(eval("flatten([[1, [2]], [], 3])"), json!([1, 2, 3]));
    assert_eq!(eval("distinct([1, 2, 1])"), json!([1, 2]));
    assert_eq!(
        eval("compact([\"a\", \"\", null, \"b\"])"),
        json!(["a", "b"])
    );
    assert_eq!(eval("keys({b = 1, a = 2})"), json!(["a", "b"]));
    assert_eq!(eval("values({b = 1, a = 2})"), json!([2, 1]));
    assert_eq!(
        eval("length(\"héllo\") + length([1, 2]) + length({a = 1})"),
        8
    );
    assert_eq!(eval("element([\"a\", \"b\"], 3)"), "b");
    assert_eq!(eval("contains([\"a\", \"b\"], \"b\")"), true);
    assert_eq!(
        eval("zipmap([\"a\", \"b\"], [1, 2])"),
        json!({"a": 1, "b": 2})
    );
    assert_eq!(
        eval("[min(3, 1, 2), max([4, 5]...), abs(-2), ceil(1.2), floor(1.8), sum([1, 2])]"),
        json!([1, 5, 2, 2, 1, 3])
    );
    assert_eq!(eval("one([\"x\"])"), "x");
    assert_eq!(eval("setunion([\"b\"], [\"a\", \"b\"])"), json!(["a", "b"]));
    assert_eq!(
        eval("setintersection([\"a\", \"b\"], [\"b\", \"c\"])"),
        json!(["b"])
    );
    assert_eq!(eval("replace(\"a-b-c\", \"-\", \"_\")"), "a_b_c");
    assert_eq!(eval("replace(\"a1b22\", \"/[0-9]+/\", \"#\")"), "a#b#");
    assert_eq!(
        eval("regex(\"^(\\\\w+)-(\\\\d+)$\", \"web-42\")"),
        json!(["web", "42"])
    );
    assert_eq!(eval("[lower(\"AB\"), upper(\"ab\"), trimspace(\" x \"), trimprefix(\"ab\", \"a\"), trimsuffix(\"ab\", \"b\"), trim(\"?!x!?\", \"!?\"), substr(\"hello\", 1, 3)]"), json!(["ab", "AB", "x", "b", "a", "x", "ell"]));
    assert_eq!(
        eval("[startswith(\"arn:aws\", \"arn:\"), endswith(\"x.tf\", \".tf\"), strcontains(\"a-b\", \"-\")]"),
        json!([true, true, true])
    );
    assert_eq!(eval("[tostring(5), tonumber(\"5\"), tobool(\"true\"), tolist(toset([\"b\", \"a\"])), tomap({a = 1})]"), json!(["5", 5, true, ["a", "b"], {"a": 1}]));
    assert_eq!(eval("base64encode(\"hello!?\")"), "aGVsbG8hPw==");
    assert_eq!(
        eval("yamlencode({a = 1, b = [\"x\"]})"),
        "\"a\": 1\n\"b\":\n- \"x\"\n"
    );
    assert_eq!(eval("range(1, 7, 2)"), json!([1, 3, 5]));
    assert_eq!(
        eval("\"${1 + 2 * 3}-${10 % 4}-${5 > 3 && !false}-${1 == 1.0}\""),
        "7-2-true-true"
    );
    assert_eq!(eval("true ? \"a\" : \"b\""), "a");
    assert_eq!(
        eval("[for k, v in {a = 1, b = 2} : \"${k}${v}\" if v > 1]"),
        json!(["b2"])
    );
    assert_eq!(
        eval("{for s in [\"ab\", \"ac\", \"b\"] : substr(s, 0, 1) => s...}"),
        json!({"a": ["ab", "ac"], "b": ["b"]})
    );
    assert_eq!(eval("[{a = 1}, {a = 2}][*].a"), json!([1, 2]));
    assert_eq!(
        eval("<<-EOT\n    x ${\"y\"}\n      %{ if true }z%{ endif }\n  EOT"),
        "x y\n  z\n"
    );
    assert_eq!(
        eval("<<EOT\n%{ for x in [\"a\", \"b\"] ~}\n  ${x}\n%{ endfor ~}\nEOT"),
        "a\nb\n"
    );
    assert_eq!(
        eval("<<EOT\n%{ if false ~}\n  yes\n%{~ else ~}\n  no\n%{~ endif }\nEOT"),
        "no\n"
    );
    // Unknown functions and changing ones are unknown with the function's name.
    match &eval_with("sha256(\"x\")", "").value {
        Value::Unknown(u) => assert!(u.reason.contains("`sha256`"), "{}", u.reason),
        v => panic!("{v:?}"),
    }
    assert!(eval_with("timestamp()", "").is_unknown());
}

#[test]
fn bounds_turn_into_unknowns_not_hangs() {
    let m = load(&[(
        "main.tf",
        "resource \"aws_s3_bucket\" \"many\" {\n  count = 1000000\n  bucket = \"x\"\n}\nresource \"null_resource\" \"r\" {\n  v = range(100000000)\n  w = join(\",\", [for i in range(50000) : format(\"%0500d\", i)])\n}\n",
    )]);
    assert_eq!(
        addresses(&m),
        vec!["aws_s3_bucket.many[*]", "null_resource.r"]
    );
    let r = res(&m, "null_resource.r");
    assert!(unknown_reason(r, "v").contains("range"));
    assert!(unknown_reason(r, "w").contains("too long"));
    // Deep nesting is refused before the parser, with the line.
    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let m = load(&[("deep.tf", &deep), ("ok.tf", "resource \"a_b\" \"c\" {}\n")]);
    assert_eq!(m.issues[0].path, "deep.tf");
    assert_eq!(m.issues[0].line, Some(2));
    assert_eq!(addresses(&m), vec!["a_b.c"]);
    // Modules calling themselves stop at the depth limit.
    let m = load(&[
        ("main.tf", "module \"a\" {\n  source = \"./a\"\n}\n"),
        (
            "a/main.tf",
            "module \"again\" {\n  source = \"../a\"\n}\nresource \"a_b\" \"c\" {}\n",
        ),
    ]);
    assert!(m.resources.len() <= 40, "{}", m.resources.len());
    assert!(
        m.issues.iter().any(|i| i.message.contains("nested deeper")),
        "{:?}",
        m.issues
    );
}

#[test]
fn meta_blocks_are_not_resources_and_provider_is_recorded() {
    let main = r#"terraform {
  required_version = ">= 1.5"
}
provider "aws" {
  region = "eu-west-1"
}
data "aws_caller_identity" "me" {}
output "x" {
  value = 1
}
moved {
  from = aws_s3_bucket.a
  to   = aws_s3_bucket.b
}
import {
  to = aws_s3_bucket.b
  id = "b"
}
check "health" {
  assert {
    condition     = true
    error_message = "no"
  }
}
resource "aws_s3_bucket" "b" {
  bucket   = "b"
  provider = aws.eu
  lifecycle {
    prevent_destroy = true
  }
}
"#;
    let m = load(&[("main.tf", main)]);
    no_errors(&m);
    assert_eq!(addresses(&m), vec!["aws_s3_bucket.b"]);
    let r = res(&m, "aws_s3_bucket.b");
    assert_eq!(r.provider, "aws");
    assert_eq!((r.span.line, r.span.end_line), (25, 31));
    assert!(matches!(r.get("provider"), Lookup::Absent));
}

#[test]
fn plan_json_resources_with_unknown_after_apply_values() {
    let plan = r#"{
  "format_version": "1.2",
  "terraform_version": "1.6.0",
  "planned_values": {"root_module": {}},
  "resource_changes": [
    {
      "address": "module.logs.aws_s3_bucket.this[0]",
      "module_address": "module.logs",
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "after": {"bucket": "audit", "versioning": [{"enabled": false}], "tags": null},
        "after_unknown": {"arn": true, "id": true, "versioning": [{}]},
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_s3_bucket.gone",
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "gone",
      "change": {"actions": ["delete"], "after": null}
    },
    {
      "address": "data.aws_iam_policy_document.d",
      "mode": "data",
      "type": "aws_iam_policy_document",
      "name": "d",
      "change": {"actions": ["read"], "after": {}}
    }
  ]
}"#;
    assert!(terraform::plan::is_plan("plans/prod.json", plan.as_bytes()));
    assert!(!terraform::plan::is_plan(
        "prod.tfvars.json",
        plan.as_bytes()
    ));
    let m = terraform::plan::load("plans/prod.json", plan.as_bytes());
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    assert_eq!(addresses(&m), vec!["module.logs.aws_s3_bucket.this[0]"]);
    let r = &m.resources[0];
    assert_eq!(r.source, tollgate_iac::SourceKind::TerraformPlan);
    assert_eq!(r.provider, "aws");
    assert_eq!(r.span.line, 7);
    assert_eq!(s(r, "bucket"), "audit");
    assert!(unknown_reason(r, "arn").contains("after"));
    let out = scan(&[("plans/prod.json", plan)]);
    let f: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == VERSIONING)
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].location.path, "plans/prod.json");
}

#[test]
fn module_for_each_addresses_outputs_splats_and_references_by_instance() {
    let module = r#"variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
resource "aws_s3_bucket_public_access_block" "this" {
  bucket            = aws_s3_bucket.this.id
  block_public_acls = true
}
output "name" {
  value = aws_s3_bucket.this.bucket
}
"#;
    let root = r#"module "b" {
  source   = "./m"
  for_each = { eu = "eu-data", us = "us-data" }
  name     = each.value
}
resource "aws_s3_bucket" "c" {
  count  = 2
  bucket = "c${count.index}"
}
resource "aws_s3_bucket_logging" "l" {
  count         = 2
  bucket        = aws_s3_bucket.c[count.index].id
  target_bucket = module.b["eu"].name
}
resource "null_resource" "all" {
  names   = aws_s3_bucket.c[*].bucket
  modules = [for k, m in module.b : m.name]
}
"#;
    let m = load(&[("main.tf", root), ("m/main.tf", module)]);
    no_errors(&m);
    let pab = res(
        &m,
        "module.b[\"us\"].aws_s3_bucket_public_access_block.this",
    );
    assert_eq!(pab.references, vec!["module.b[\"us\"].aws_s3_bucket.this"]);
    let l1 = res(&m, "aws_s3_bucket_logging.l[1]");
    assert_eq!(
        l1.references,
        vec!["aws_s3_bucket.c[1]", "module.b[\"eu\"].aws_s3_bucket.this"]
    );
    assert_eq!(s(l1, "target_bucket"), "eu-data");
    let all = res(&m, "null_resource.all");
    assert_eq!(
        all.attrs.to_json()["names"],
        serde_json::json!(["c0", "c1"])
    );
    assert_eq!(
        all.attrs.to_json()["modules"],
        serde_json::json!(["eu-data", "us-data"])
    );
}

#[test]
fn plan_json_planned_values_with_child_modules() {
    let plan = r#"{"format_version": "1.0", "planned_values": {"root_module": {
  "resources": [{"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "values": {"bucket": "a"}}],
  "child_modules": [{"address": "module.m", "resources": [
    {"address": "module.m.aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "values": {"enable_key_rotation": true}},
    {"address": "module.m.data.aws_region.r", "mode": "data", "type": "aws_region", "values": {}}
  ]}]}}}"#;
    let m = terraform::plan::load("plan.json", plan.as_bytes());
    assert_eq!(
        addresses(&m),
        vec!["aws_s3_bucket.a", "module.m.aws_kms_key.k"]
    );
    assert_eq!(
        get(&m.resources[1], "enable_key_rotation").value,
        Value::Bool(true)
    );
    let bad = terraform::plan::load(
        "plan.json",
        b"{\"format_version\": \"1.0\",\n \"resource_changes\": [",
    );
    assert_eq!(bad.issues.len(), 1);
    assert_eq!(bad.issues[0].kind, IssueSeverity::Error);
    assert_eq!(bad.issues[0].line, Some(2));
}

#[test]
fn deep_but_allowed_nesting_and_long_chains_do_not_overflow_the_stack() {
    // Run on a thread with a small stack, as scanner threads may have.
    let h = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let nested = format!(
                "locals {{\n  x = {}1{}\n}}\nresource \"a_b\" \"c\" {{\n  v = local.x\n}}\n",
                "[".repeat(60),
                "]".repeat(60)
            );
            let m = load(&[("main.tf", &nested)]);
            assert_eq!(addresses(&m), vec!["a_b.c"], "{:?}", m.issues);
            let chain = format!(
                "resource \"a_b\" \"c\" {{\n  v = {}1\n}}\n",
                "1 + ".repeat(20000)
            );
            let m = load(&[("main.tf", &chain)]);
            assert!(m.resources.len() <= 1);
            let parens = format!(
                "resource \"a_b\" \"c\" {{\n  v = {}1{}\n}}\n",
                "(".repeat(60),
                ")".repeat(60)
            );
            let _ = load(&[("main.tf", &parens)]);
            let mut locals = String::from("locals {\n  l0 = 1\n");
            for i in 1..400 {
                locals.push_str(&format!("  l{i} = local.l{} + 1\n", i - 1));
            }
            locals.push_str("}\nresource \"a_b\" \"c\" {\n  v = local.l399\n}\n");
            let m = load(&[("main.tf", &locals)]);
            assert!(res(&m, "a_b.c").get("v").is_some_unknown_or_found());
        })
        .unwrap();
    h.join().unwrap();
}

trait LookupExt {
    fn is_some_unknown_or_found(&self) -> bool;
}

impl LookupExt for Lookup<'_> {
    fn is_some_unknown_or_found(&self) -> bool {
        !matches!(self, Lookup::Absent)
    }
}

#[test]
fn plan_json_relations_come_from_the_configuration_section() {
    let plan = r#"{"format_version": "1.2",
  "resource_changes": [
    {"address": "module.b[\"eu\"].aws_s3_bucket.this", "mode": "managed", "type": "aws_s3_bucket",
     "change": {"actions": ["create"], "after": {"bucket": "eu"}, "after_unknown": {"id": true}}},
    {"address": "module.b[\"us\"].aws_s3_bucket.this", "mode": "managed", "type": "aws_s3_bucket",
     "change": {"actions": ["create"], "after": {"bucket": "us"}, "after_unknown": {"id": true}}},
    {"address": "module.b[\"eu\"].aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning",
     "change": {"actions": ["create"], "after": {"versioning_configuration": [{"status": "Enabled"}]}, "after_unknown": {"bucket": true}}}
  ],
  "configuration": {"root_module": {"module_calls": {"b": {"module": {"resources": [
    {"address": "aws_s3_bucket.this", "type": "aws_s3_bucket", "expressions": {"bucket": {"references": ["each.value"]}}},
    {"address": "aws_s3_bucket_versioning.v", "type": "aws_s3_bucket_versioning",
     "expressions": {"bucket": {"references": ["aws_s3_bucket.this.id", "aws_s3_bucket.this"]}}}
  ]}}}}}
}"#;
    let m = terraform::plan::load("plan.json", plan.as_bytes());
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    assert_eq!(
        res(&m, "module.b[\"eu\"].aws_s3_bucket_versioning.v").references,
        vec!["module.b[\"eu\"].aws_s3_bucket.this"]
    );
    let out = scan(&[("plan.json", plan)]);
    let f: Vec<&str> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == VERSIONING)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].starts_with("module.b[\"us\"]"), "{f:?}");
}

/// The files of a fixture directory, paths relative to it.
fn fixture(name: &str) -> Vec<ProjectFile> {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/test/fixtures/terraform")
        .join(name);
    fn walk(base: &std::path::Path, p: &std::path::Path, out: &mut Vec<ProjectFile>) {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(ProjectFile {
                    class: tollgate_core::classify::classify(&rel),
                    content: std::fs::read(&p).unwrap(),
                    path: rel,
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[test]
fn a_realistic_module_with_a_create_switch_and_split_resources() {
    let list = fixture("create-switch");
    let m = terraform::load(&list);
    no_errors(&m);
    assert_eq!(
        addresses(&m),
        vec![
            "module.ledger.aws_s3_bucket.this[0]",
            "module.ledger.aws_s3_bucket_versioning.this[0]",
            "module.ledger.aws_s3_bucket_server_side_encryption_configuration.this[0]",
            "module.ledger.aws_s3_bucket_public_access_block.this[0]",
            "module.scratch.aws_s3_bucket.this[0]",
            "module.scratch.aws_s3_bucket_public_access_block.this[0]",
        ]
    );
    let ledger = res(&m, "module.ledger.aws_s3_bucket.this[0]");
    assert_eq!(s(ledger, "bucket"), "pay-prod-ledger");
    assert_eq!(s(ledger, "tags.ManagedBy"), "terraform");
    let whats: Vec<&str> = get(ledger, "bucket")
        .origin
        .iter()
        .map(|t| t.what.as_str())
        .collect();
    assert_eq!(
        whats,
        vec![
            "module input `bucket` of module.ledger",
            "variable `env` set in terraform.tfvars"
        ]
    );
    let v = res(&m, "module.ledger.aws_s3_bucket_versioning.this[0]");
    assert_eq!(s(v, "versioning_configuration.status"), "Enabled");
    assert_eq!(
        get(v, "versioning_configuration.mfa_delete").value,
        Value::Null
    );
    let sse = res(
        &m,
        "module.ledger.aws_s3_bucket_server_side_encryption_configuration.this[0]",
    );
    assert_eq!(
        s(
            sse,
            "rule.apply_server_side_encryption_by_default.sse_algorithm"
        ),
        "aws:kms"
    );
    assert_eq!(get(sse, "rule.bucket_key_enabled").value, Value::Bool(true));
    let related: Vec<&str> = m
        .referring_to("module.ledger.aws_s3_bucket.this[0]")
        .map(|r| r.resource_type.as_str())
        .collect();
    assert_eq!(
        related,
        vec![
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_public_access_block"
        ]
    );
    let pab = res(
        &m,
        "module.scratch.aws_s3_bucket_public_access_block.this[0]",
    );
    assert_eq!(get(pab, "block_public_policy").value, Value::Bool(false));
    assert_eq!(get(pab, "block_public_acls").value, Value::Bool(true));

    let out = IacScanner::new(&IacConfig::default()).scan_files(&list);
    let f: Vec<&str> = out
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == VERSIONING)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        f,
        vec!["module.scratch.aws_s3_bucket.this[0]: versioning is not enabled"]
    );
}

#[test]
fn module_inputs_are_read_lazily_so_outputs_can_feed_each_other() {
    let module = r#"variable "in" {}
variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = "${var.name}-${var.in}"
}
output "name" {
  value = var.name
}
"#;
    let root = r#"module "a" {
  source = "./m"
  name   = "a"
  in     = module.b.name
}
module "b" {
  source = "./m"
  name   = "b"
  in     = module.a.name
}
"#;
    let m = load(&[("main.tf", root), ("m/main.tf", module)]);
    no_errors(&m);
    assert_eq!(s(res(&m, "module.a.aws_s3_bucket.this"), "bucket"), "a-b");
    assert_eq!(s(res(&m, "module.b.aws_s3_bucket.this"), "bucket"), "b-a");
}

#[test]
fn a_var_file_inside_a_root_applies_to_that_root_only() {
    let main = "variable \"env\" {\n  default = \"dev\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.env\n}\n";
    let fs = files(&[
        ("envs/prod/main.tf", main),
        ("envs/prod/prod.tfvars", "env = \"prod\"\n"),
        ("envs/test/main.tf", main),
        ("shared/all.tfvars", "env = \"shared\"\n"),
    ]);
    let m = terraform::load_with(
        &fs,
        &Options {
            var_files: vec!["envs/prod/prod.tfvars".into()],
            ..Options::default()
        },
    );
    assert_eq!(s(res(&m, "envs/prod/aws_s3_bucket.b"), "bucket"), "prod");
    assert_eq!(s(res(&m, "envs/test/aws_s3_bucket.b"), "bucket"), "dev");
    let m = terraform::load_with(
        &fs,
        &Options {
            var_files: vec!["shared/all.tfvars".into()],
            ..Options::default()
        },
    );
    assert_eq!(s(res(&m, "envs/prod/aws_s3_bucket.b"), "bucket"), "shared");
    assert_eq!(s(res(&m, "envs/test/aws_s3_bucket.b"), "bucket"), "shared");
}

// ---- data "aws_iam_policy_document" evaluated offline ----

fn policy_json(r: &Resource, path: &str) -> serde_json::Value {
    serde_json::from_str(s(r, path)).unwrap_or_else(|e| panic!("{path}: {e}: {}", s(r, path)))
}

#[test]
fn a_policy_document_gives_the_providers_json_with_principals_and_conditions() {
    let m = load(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "Assume"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com", "eks.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["abc"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:GetObject"]
    resources = ["arn:aws:s3:::b/&{aws:username}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "small" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
  min                = data.aws_iam_policy_document.trust.minified_json
  small              = data.aws_iam_policy_document.small.json
  small_min          = data.aws_iam_policy_document.small.minified_json
}
"#,
    )]);
    no_errors(&m);
    let r = res(&m, "aws_iam_role.r");
    let want = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Assume",
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {
                    "AWS": "arn:aws:iam::123456789012:root",
                    "Service": ["eks.amazonaws.com", "ec2.amazonaws.com"]
                },
                "Condition": {
                    "StringEquals": {"sts:ExternalId": "abc"},
                    "StringLike": {"aws:PrincipalArn": ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a"]}
                }
            },
            {
                "Effect": "Deny",
                "Action": ["s3:PutObject", "s3:GetObject"],
                "Resource": "arn:aws:s3:::b/${aws:username}/*",
                "Principal": "*"
            }
        ]
    });
    assert_eq!(policy_json(r, "assume_role_policy"), want);
    assert_eq!(policy_json(r, "min"), want);
    assert!(!s(r, "min").contains('\n'));
    // The provider's layout: two-space indentation, its field order.
    assert_eq!(
        s(r, "small"),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    );
    assert_eq!(
        s(r, "small_min"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
    );
    // The relation to the data source is kept.
    assert!(r
        .references
        .iter()
        .any(|x| x == "data.aws_iam_policy_document.trust"));
}

#[test]
fn an_unknown_part_makes_the_whole_policy_document_unknown() {
    let m = load(&[(
        "main.tf",
        r#"
variable "bucket_arn" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "arn" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::fixed", aws_s3_bucket.b.arn]
  }
}
data "aws_iam_policy_document" "var" {
  statement {
    actions   = ["s3:*"]
    resources = ["${var.bucket_arn}/*"]
  }
}
data "aws_iam_policy_document" "dyn" {
  dynamic "statement" {
    for_each = var.bucket_arn
    content {
      actions = ["*"]
    }
  }
}
data "aws_caller_identity" "me" {}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.arn.json
  v      = data.aws_iam_policy_document.var.minified_json
  d      = data.aws_iam_policy_document.dyn.json
  id     = data.aws_iam_policy_document.arn.id
  who    = data.aws_caller_identity.me.account_id
  nope   = data.aws_iam_policy_document.undeclared.json
}
"#,
    )]);
    let r = res(&m, "aws_iam_policy.p");
    let why = unknown_reason(r, "policy");
    assert!(
        why.contains("policy document is unknown") && why.contains("aws_s3_bucket.b.arn"),
        "{why}"
    );
    assert!(
        unknown_reason(r, "v").contains("bucket_arn"),
        "{}",
        unknown_reason(r, "v")
    );
    assert!(unknown_reason(r, "d").contains("unknown"));
    assert!(unknown_reason(r, "id").contains("not known offline"));
    assert!(unknown_reason(r, "who").contains("data.aws_caller_identity.me"));
    assert!(unknown_reason(r, "nope").contains("not known offline"));
}

#[test]
fn policy_documents_merge_sources_and_overrides_by_sid() {
    let m = load(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::a/*"]
  }
  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::a/*"]
  }
}
data "aws_iam_policy_document" "over" {
  statement {
    sid       = "Write"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json]
  policy_id                 = "p1"
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::a", "arn:aws:s3:::a/*"]
  }
  statement {
    actions   = ["logs:PutLogEvents"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.merged.json
}
"#,
    )]);
    no_errors(&m);
    let r = res(&m, "aws_iam_policy.p");
    let want = serde_json::json!({
        "Version": "2012-10-17",
        "Id": "p1",
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
             "Resource": ["arn:aws:s3:::a/*", "arn:aws:s3:::a"]},
            {"Sid": "Write", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
        ]
    });
    assert_eq!(policy_json(r, "policy"), want);
}

#[test]
fn policy_documents_expand_with_count_for_each_and_in_module_instances() {
    let m = load(&[
        (
            "main.tf",
            r#"
module "a" {
  source = "./mod"
  name   = "alpha"
}
module "b" {
  source = "./mod"
  name   = "beta"
}
data "aws_iam_policy_document" "each" {
  for_each = toset(["x", "y"])
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${each.key}/*"]
  }
}
data "aws_iam_policy_document" "counted" {
  count = 2
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-1:1:q${count.index}"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.each["y"].json
  c      = data.aws_iam_policy_document.counted[1].json
  all    = [for d in data.aws_iam_policy_document.counted : d.minified_json]
}
"#,
        ),
        (
            "mod/main.tf",
            r#"
variable "name" {}
data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.name}/*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.this.json
}
"#,
        ),
    ]);
    no_errors(&m);
    let r = res(&m, "aws_iam_policy.p");
    assert_eq!(
        policy_json(r, "policy")["Statement"][0]["Resource"],
        "arn:aws:s3:::y/*"
    );
    assert_eq!(
        policy_json(r, "c")["Statement"][0]["Resource"],
        "arn:aws:sqs:eu-west-1:1:q1"
    );
    assert_eq!(get(r, "all").items().len(), 2);
    for (addr, name) in [
        ("module.a.aws_iam_policy.p", "alpha"),
        ("module.b.aws_iam_policy.p", "beta"),
    ] {
        let r = res(&m, addr);
        assert_eq!(
            policy_json(r, "policy")["Statement"][0]["Resource"],
            format!("arn:aws:s3:::{name}/*")
        );
        assert!(r
            .references
            .iter()
            .any(|x| *x == format!("{}data.aws_iam_policy_document.this", &addr[..9])));
    }
}

#[test]
fn the_iam_rules_judge_policies_built_from_policy_documents() {
    let findings = |tf: &str| -> Vec<(String, String)> {
        let out = scan(&[("main.tf", tf)]);
        let unchecked: Vec<&str> = out
            .issues
            .iter()
            .map(|i| i.message.as_str())
            .filter(|m| m.contains(" not checked on ") && m.contains("iac/aws/iam-"))
            .collect();
        assert!(unchecked.is_empty(), "{unchecked:?}");
        let mut v: Vec<(String, String)> = out
            .findings
            .iter()
            .filter(|f| f.rule_id.as_str().starts_with("iac/aws/iam-"))
            .map(|f| (f.rule_id.as_str().to_string(), f.message.clone()))
            .collect();
        v.sort();
        v
    };
    let bad = findings(
        r#"
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "pass" {
  statement {
    actions   = ["iam:PassRole", "ec2:RunInstances"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_policy" "admin" {
  policy = data.aws_iam_policy_document.admin.json
}
resource "aws_iam_role_policy" "pass" {
  role   = "r"
  policy = data.aws_iam_policy_document.pass.json
}
resource "aws_iam_role" "open" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#,
    );
    let ids: Vec<&str> = bad.iter().map(|(r, _)| r.as_str()).collect();
    for want in [
        "iac/aws/iam-policy-full-admin",
        "iac/aws/iam-passrole-wildcard",
        "iac/aws/iam-role-trusts-everyone",
    ] {
        assert!(ids.contains(&want), "{want} missing from {bad:?}");
    }
    // Near misses: a scoped admin-looking action, PassRole on one role, a wildcard
    // principal narrowed by a condition, a Deny of everything.
    let good = findings(
        r#"
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::logs/*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "pass" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/app"]
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123"]
    }
  }
}
resource "aws_iam_policy" "admin" {
  policy = data.aws_iam_policy_document.admin.json
}
resource "aws_iam_role_policy" "pass" {
  role   = "r"
  policy = data.aws_iam_policy_document.pass.json
}
resource "aws_iam_role" "open" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#,
    );
    let ids: Vec<&str> = good.iter().map(|(r, _)| r.as_str()).collect();
    for not in [
        "iac/aws/iam-policy-full-admin",
        "iac/aws/iam-passrole-wildcard",
        "iac/aws/iam-role-trusts-everyone",
    ] {
        assert!(!ids.contains(&not), "{not} in {good:?}");
    }
}

// ---- remote module calls as resources ----

#[test]
fn remote_module_calls_are_resources_with_their_source_and_version() {
    let m = load(&[
        (
            "envs/prod/main.tf",
            r#"
variable "v" {
  default = "6.1.2"
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"
}
module "net" {
  source = "../../modules/net"
}
module "computed" {
  source  = "terraform-aws-modules/eks/aws"
  version = var.v
}
"#,
        ),
        (
            "modules/net/main.tf",
            r#"
module "ledger" {
  count  = 2
  source = "git::https://deploy:hunter2@git.example.com/ledger.git?ref=v1&sshkey=AAAAsecret"
}
"#,
        ),
    ]);
    no_errors(&m);
    let calls: Vec<&Resource> = m
        .resources
        .iter()
        .filter(|r| r.resource_type == "terraform_module_call")
        .collect();
    let mut addrs: Vec<&str> = calls.iter().map(|r| r.address.as_str()).collect();
    addrs.sort();
    // Local calls are followed, not listed; one resource per call, not per instance.
    assert_eq!(
        addrs,
        [
            "envs/prod/module.computed",
            "envs/prod/module.net.module.ledger",
            "envs/prod/module.vpc"
        ]
    );
    let vpc = res(&m, "envs/prod/module.vpc");
    assert_eq!(vpc.provider, "terraform");
    assert_eq!(vpc.native_type, "module");
    assert_eq!(vpc.source, tollgate_iac::model::SourceKind::Terraform);
    assert_eq!(s(vpc, "source"), "terraform-aws-modules/vpc/aws");
    assert_eq!(s(vpc, "version"), "~> 6.0");
    assert_eq!(
        (vpc.span.path.as_str(), vpc.span.line, vpc.span.end_line),
        ("envs/prod/main.tf", 5, 8)
    );
    assert!(
        unknown_reason(res(&m, "envs/prod/module.computed"), "version").contains("not a literal")
    );
    // Credentials in the URL never reach the model or a message.
    let ledger = res(&m, "envs/prod/module.net.module.ledger");
    assert_eq!(
        s(ledger, "source"),
        "git::https://git.example.com/ledger.git?ref=v1"
    );
    assert!(matches!(ledger.get("version"), Lookup::Absent));
    let nf: Vec<&str> = m
        .issues
        .iter()
        .filter(|i| i.kind == IssueSeverity::NotFollowed)
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(nf.len(), 3, "{nf:?}");
    assert!(
        nf.iter()
            .all(|x| !x.contains("hunter2") && !x.contains("AAAAsecret")),
        "{nf:?}"
    );
    let out = scan(&[(
        "main.tf",
        "module \"x\" {\n  source = \"https://u:p4ss@h.example.com/m.zip\"\n}\n",
    )]);
    assert_eq!(out.findings.len(), 1);
    assert!(!out.findings[0].message.contains("p4ss"));
}

#[test]
fn malformed_or_cyclic_policy_documents_are_unknown_never_a_panic_or_a_hang() {
    let m = load(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "bad_json" {
  source_policy_documents = ["{not json", ""]
}
data "aws_iam_policy_document" "dup" {
  statement {
    sid     = "A"
    actions = ["s3:GetObject"]
  }
  statement {
    sid     = "A"
    actions = ["s3:PutObject"]
  }
}
data "aws_iam_policy_document" "effect" {
  statement {
    effect  = "Maybe"
    actions = ["s3:GetObject"]
  }
}
data "aws_iam_policy_document" "self" {
  source_policy_documents = [data.aws_iam_policy_document.self.json]
}
data "aws_iam_policy_document" "empty_sources" {
  source_json               = ""
  override_policy_documents = [null]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  a = data.aws_iam_policy_document.bad_json.json
  b = data.aws_iam_policy_document.dup.json
  c = data.aws_iam_policy_document.effect.json
  d = data.aws_iam_policy_document.self.json
  e = try(data.aws_iam_policy_document.bad_json.json, "fallback")
  f = data.aws_iam_policy_document.empty_sources.minified_json
}
"#,
    )]);
    let r = res(&m, "aws_iam_policy.p");
    assert!(
        unknown_reason(r, "a").contains("not valid JSON"),
        "{}",
        unknown_reason(r, "a")
    );
    assert!(unknown_reason(r, "b").contains("duplicate Sid"));
    assert!(unknown_reason(r, "c").contains("not Allow or Deny"));
    assert!(
        unknown_reason(r, "d").contains("itself"),
        "{}",
        unknown_reason(r, "d")
    );
    assert_eq!(s(r, "e"), "fallback");
    assert_eq!(
        s(r, "f"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
    );
}

#[test]
fn a_literal_json_source_document_is_read_as_the_provider_reads_it() {
    let m = load(&[(
        "main.tf",
        r#"
locals {
  src = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Sid       = "Trust"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::111122223333:root"] }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }
  })
}
data "aws_iam_policy_document" "d" {
  source_policy_documents = [local.src]
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.d.json
}
"#,
    )]);
    no_errors(&m);
    let r = res(&m, "aws_iam_role.r");
    assert_eq!(
        policy_json(r, "assume_role_policy"),
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Trust", "Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}
            ]
        })
    );
}
