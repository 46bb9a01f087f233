//! The Kubernetes adapter: documents, lists, Helm output, non-manifests, selection.

use tollgate_core::scanner::{PathMatch, ProjectFile, Scanner};
use tollgate_iac::model::IssueSeverity;
use tollgate_iac::{kubernetes, IacConfig, IacScanner, Lookup};

const HELM: &str = r#"---
# Source: payments/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: payments
  namespace: pay
---
# Source: payments/templates/list.yaml
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      namespace: pay
    data:
      mode: live
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
              image: nginx:1.27
              securityContext:
                privileged: true
---
# Not a manifest: a values-style document
replicas: 2
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: pay
"#;

#[test]
fn multi_document_list_and_helm_output_become_one_resource_per_object() {
    let m = kubernetes::load_file("chart.yaml", HELM.as_bytes());
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    let addrs: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        [
            "ServiceAccount/pay/payments",
            "ConfigMap/pay/settings",
            "Deployment/default/api",
            "ConfigMap/pay/settings#2"
        ]
    );
    let d = &m.resources[2];
    assert_eq!(d.resource_type, "k8s/Deployment");
    assert_eq!(d.native_type, "apps/v1/Deployment");
    assert_eq!(d.provider, "kubernetes");
    assert_eq!(d.span.line, 20);
    let Lookup::Found(p) = d.get("spec.template.spec.containers.0.securityContext.privileged")
    else {
        panic!("attribute path as written")
    };
    assert_eq!(p.span.line, 31);
}

#[test]
fn a_yaml_file_that_is_not_a_manifest_is_ignored_and_cloudformation_is_not_sniffed() {
    let m = kubernetes::load_file("values.yaml", b"replicas: 2\nimage:\n  tag: latest\n");
    assert!(m.resources.is_empty() && m.issues.is_empty());
    assert!(kubernetes::looks_like_manifest(
        b"apiVersion: v1\nkind: Pod\n"
    ));
    assert!(kubernetes::looks_like_manifest(
        b"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\"\n}\n"
    ));
    assert!(!kubernetes::looks_like_manifest(b"replicas: 2\nkind: x\n"));
    assert!(!kubernetes::looks_like_manifest(
        b"AWSTemplateFormatVersion: '2010-09-09'\napiVersion: x\nkind: y\n"
    ));
    assert!(!kubernetes::looks_like_manifest(
        b"apiVersion: x\nkind: y\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
    ));
    // Indented keys are not at line start: a nested map is not a manifest by itself.
    assert!(!kubernetes::looks_like_manifest(
        b"chart:\n  apiVersion: v2\n  kind: x\n"
    ));
}

#[test]
fn a_json_manifest_is_read() {
    let m = kubernetes::load_file(
        "pod.json",
        br#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": true, "containers": []}}"#,
    );
    assert_eq!(m.resources.len(), 1);
    assert_eq!(m.resources[0].address, "Pod/default/p");
}

fn file(path: &str, text: &str) -> ProjectFile {
    ProjectFile {
        path: path.into(),
        content: text.as_bytes().to_vec(),
        class: tollgate_core::classify::classify(path),
    }
}

#[test]
fn a_malformed_manifest_is_an_error_with_its_line_and_the_next_file_is_still_scanned() {
    let s = IacScanner::new(&IacConfig::default());
    let out = s.scan_files(&[
        file("k8s/a-broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n"),
        file(
            "k8s/b-pod.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers: []\n",
        ),
    ]);
    let err = out
        .issues
        .iter()
        .find(|i| i.path == "k8s/a-broken.yaml")
        .expect("an issue for the broken file");
    assert_eq!(err.kind, tollgate_core::report::IssueKind::Error);
    assert!(err.line.is_some_and(|l| l >= 4), "{err:?}");
    assert!(out
        .findings
        .iter()
        .any(|f| f.rule_id.as_str() == "iac/k8s/host-pid" && f.location.path == "k8s/b-pod.yaml"));
    let _ = IssueSeverity::Error;
}

#[test]
fn selection_names_workflows_and_sniffs_yaml() {
    let s = IacScanner::new(&IacConfig::default());
    let sel = s.selection();
    assert_eq!(
        sel.by_path(".github/workflows/ci.yml", "ci.yml"),
        PathMatch::Named
    );
    assert_eq!(
        sel.by_path("sub/.github/workflows/ci.yaml", "ci.yaml"),
        PathMatch::Named
    );
    assert_eq!(
        sel.by_path(".gitlab-ci.yml", ".gitlab-ci.yml"),
        PathMatch::Named
    );
    assert_eq!(
        sel.by_path("ci/gitlab/tollgate.gitlab-ci.yml", "tollgate.gitlab-ci.yml"),
        PathMatch::Named
    );
    assert_eq!(
        sel.by_path("deploy/api.yaml", "api.yaml"),
        PathMatch::IfContent
    );
    assert!(sel.by_content(b"apiVersion: apps/v1\nkind: Deployment\n"));
    assert!(!sel.by_content(b"name: x\non: push\n"));
    assert_eq!(sel.by_path("README.md", "readme.md"), PathMatch::No);
}
