//! The Dockerfile parser and adapter: directives, continuations, comments, heredocs,
//! exec and shell forms, flags, ARG before FROM, multi-stage builds, and every
//! instruction's lines.

use tollgate_core::scanner::ProjectFile;
use tollgate_iac::dockerfile::{is_dockerfile, load_file, parse};
use tollgate_iac::model::{Lookup, Resource, SourceKind};
use tollgate_iac::{IacConfig, IacScanner};

fn get<'a>(r: &'a Resource, path: &str) -> &'a tollgate_iac::Attr {
    match r.get(path) {
        Lookup::Found(a) => a,
        other => panic!("{path}: {other:?}"),
    }
}

fn s<'a>(r: &'a Resource, path: &str) -> &'a str {
    get(r, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

const MULTI: &str = r#"# syntax=docker/dockerfile:1.7
# escape=\
ARG GO_VERSION=1.22
ARG REGISTRY
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm@sha256:abc AS build
WORKDIR /src
# a comment between instructions
RUN --mount=type=cache,target=/root/.cache \
    # a comment inside the continuation
    go build \
      -o /out/svc ./cmd/svc
RUN <<EOF
set -eu
echo built > /out/stamp
EOF
COPY <<-"CONF" /etc/app.conf
	mode=prod
	CONF

FROM ${REGISTRY}/runtime:1 AS unknown
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build --chown=65532:65532 /out/svc /svc
ARG GO_VERSION
ENV APP_USER=65532 MODE="fast path"
USER ${APP_USER}
ENTRYPOINT ["/svc", "--serve"]
CMD echo "shell form"
"#;

#[test]
fn names_that_are_dockerfiles() {
    for n in [
        "dockerfile",
        "containerfile",
        "dockerfile.prod",
        "dockerfile.ubi9.arm64",
        "api.dockerfile",
    ] {
        assert!(is_dockerfile(n), "{n}");
    }
    for n in [
        "dockerfile.dockerignore",
        "docker-compose.yml",
        "mydockerfile",
        // Files about Dockerfiles: a parser's source, a fuzzing dictionary, notes.
        "dockerfile.rs",
        "dockerfile.dict",
        "dockerfile.md",
    ] {
        assert!(!is_dockerfile(n), "{n}");
    }
}

#[test]
fn instructions_keep_their_lines_flags_heredocs_and_forms() {
    let p = parse(MULTI);
    assert_eq!(
        p.directives.get("syntax").map(String::as_str),
        Some("docker/dockerfile:1.7")
    );
    assert_eq!(p.directives.get("escape").map(String::as_str), Some("\\"));
    let cmds: Vec<(&str, u32, u32)> = p
        .instructions
        .iter()
        .map(|i| (i.cmd.as_str(), i.line, i.end_line))
        .collect();
    assert_eq!(
        cmds,
        vec![
            ("ARG", 3, 3),
            ("ARG", 4, 4),
            ("FROM", 5, 5),
            ("WORKDIR", 6, 6),
            ("RUN", 8, 11),
            ("RUN", 12, 15),
            ("COPY", 16, 18),
            ("FROM", 20, 20),
            ("FROM", 21, 21),
            ("COPY", 22, 22),
            ("ARG", 23, 23),
            ("ENV", 24, 24),
            ("USER", 25, 25),
            ("ENTRYPOINT", 26, 26),
            ("CMD", 27, 27),
        ]
    );
    let run = &p.instructions[4];
    assert_eq!(
        run.flags.get("mount").map(String::as_str),
        Some("type=cache,target=/root/.cache")
    );
    assert!(run.args.starts_with("go build"), "{}", run.args);
    assert!(run.args.contains("-o /out/svc ./cmd/svc"));
    assert!(!run.args.contains("comment"));
    let heredoc = &p.instructions[5];
    assert_eq!(
        heredoc.heredocs,
        vec![(
            "EOF".to_string(),
            "set -eu\necho built > /out/stamp".to_string()
        )]
    );
    assert!(heredoc.script().contains("echo built"));
    let conf = &p.instructions[6];
    assert_eq!(
        conf.heredocs[0],
        ("CONF".to_string(), "mode=prod".to_string())
    );
    let entry = &p.instructions[13];
    assert_eq!(
        entry.exec.as_deref(),
        Some(&["/svc".to_string(), "--serve".to_string()][..])
    );
    assert_eq!(entry.args, "/svc --serve");
    assert_eq!(p.instructions[14].exec, None);
    assert_eq!(
        p.instructions[9].flags.get("from").map(String::as_str),
        Some("build")
    );
}

#[test]
fn the_model_has_stages_with_bases_users_and_instruction_spans() {
    let m = load_file("svc/Dockerfile", MULTI.as_bytes());
    assert!(m.issues.is_empty(), "{:?}", m.issues);
    let r = &m.resources[0];
    assert_eq!(r.source, SourceKind::Dockerfile);
    assert_eq!(r.resource_type, "dockerfile");
    assert_eq!(r.provider, "docker");
    assert_eq!(r.address, "svc/Dockerfile");
    // ARG before FROM substituted; the platform flag kept.
    assert_eq!(s(r, "stages.0.from.image"), "golang");
    assert_eq!(s(r, "stages.0.from.tag"), "1.22-bookworm");
    assert_eq!(s(r, "stages.0.from.digest"), "sha256:abc");
    assert_eq!(s(r, "stages.0.from.alias"), "build");
    assert_eq!(s(r, "stages.0.from.platform"), "$BUILDPLATFORM");
    assert!(matches!(
        get(r, "stages.0.user").value,
        tollgate_iac::Value::Null
    ));
    // An ARG without a value makes the base unknown, not wrong.
    assert!(matches!(r.get("stages.1.from.image"), Lookup::Unknown(_)));
    assert_eq!(
        s(r, "stages.2.from.image"),
        "gcr.io/distroless/static-debian12"
    );
    assert_eq!(s(r, "stages.2.from.tag"), "nonroot");
    assert!(matches!(
        get(r, "stages.2.from.digest").value,
        tollgate_iac::Value::Null
    ));
    // USER substituted from the stage's ENV.
    assert_eq!(s(r, "stages.2.user"), "65532");
    assert_eq!(get(r, "stages.2.user").span.line, 25);
    let copy = get(r, "stages.2.instructions.0");
    assert_eq!(copy.span.line, 22);
    assert_eq!(s(r, "stages.2.instructions.0.cmd"), "COPY");
    assert_eq!(s(r, "stages.2.instructions.0.flags.from"), "build");
    assert_eq!(s(r, "stages.2.instructions.0.flags.chown"), "65532:65532");
    let run = get(r, "stages.0.instructions.1");
    assert_eq!((run.span.line, run.span.end_line), (8, 11));
    assert_eq!(get(r, "stages.0.instructions.1.line").as_f64(), Some(8.0));
    assert_eq!(s(r, "global_args.0.args"), "GO_VERSION=1.22");
    assert_eq!(r.span.line, 1);
}

#[test]
fn the_escape_directive_changes_the_continuation_character() {
    let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host C:\\path\\ \nWORKDIR C:\\app\n";
    let p = parse(text);
    assert_eq!(p.instructions.len(), 3);
    assert_eq!((p.instructions[1].line, p.instructions[1].end_line), (3, 4));
    assert!(p.instructions[1].args.contains("Write-Host C:\\path\\"));
    assert_eq!(p.instructions[2].args, "C:\\app");
}

#[test]
fn hostile_input_is_bounded_and_reported() {
    // An unterminated heredoc, a continuation at the end, an empty file, binary junk.
    let m = load_file("Dockerfile", b"FROM alpine\nRUN <<END\necho never closed\n");
    assert_eq!(m.issues.len(), 1, "{:?}", m.issues);
    assert_eq!(m.issues[0].line, Some(2));
    let p = parse("FROM alpine\nRUN echo \\");
    assert_eq!(p.instructions.len(), 2);
    assert_eq!(load_file("Dockerfile", b"").resources.len(), 1);
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let _ = load_file("Dockerfile", &junk);
    let _ = parse(&"RUN <<A <<B <<C\n".repeat(1000));
    let m = load_file("Dockerfile", b"RUN echo no base\n");
    assert!(m.issues.iter().any(|i| i.message.contains("no FROM")));
}

#[test]
fn the_scanner_reads_dockerfiles_by_name() {
    let scanner = IacScanner::new(&IacConfig::default());
    let file = |path: &str, content: &[u8]| ProjectFile {
        path: path.into(),
        content: content.to_vec(),
        class: tollgate_core::classify::classify(path),
    };
    let out = scanner.scan_files(&[
        file("api/Dockerfile", b"FROM alpine\n"),
        file("web/containerfile.prod", b"FROM alpine:3.20\nUSER 1000\n"),
        file("notes.txt", b"FROM alpine\n"),
    ]);
    let mut got: Vec<(String, String)> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str().to_string(), f.location.path.clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "iac/docker/base-image-latest".into(),
                "api/Dockerfile".into()
            ),
            (
                "iac/docker/base-image-not-pinned-by-digest".into(),
                "web/containerfile.prod".into()
            ),
            ("iac/docker/root-user".into(), "api/Dockerfile".into()),
        ]
    );
}
