//! Every lockfile parser against hostile input: no panic on any of it, malformed files are
//! errors with a line, and no error message repeats a credential found in the input.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use tollgate_deps::lockfile;
use tollgate_deps::lockfile::LockfileKind;

/// The kind a fixture's name stands for (shared fixtures carry a prefix: `x.Cargo.lock`).
fn kind_of(name: &str) -> Option<LockfileKind> {
    use LockfileKind::*;
    let n = name.to_ascii_lowercase();
    [
        ("cargo.lock", CargoLock),
        ("package-lock.json", NpmLock),
        ("package-lock_v1.json", NpmLock),
        ("package-lock_v2.json", NpmLock),
        ("package-lock_v3.json", NpmLock),
        ("package-lock_v3_with_workspace.json", NpmLock),
        ("yarn.lock", YarnLock),
        ("pnpm-lock.yaml", PnpmLock),
        ("bun.lock", BunLock),
        ("requirements.txt", Requirements),
        ("pipfile.lock", PipfileLock),
        ("poetry.lock", PoetryLock),
        ("uv.lock", UvLock),
        ("pylock.toml", PyLock),
        ("go.mod", GoMod),
        ("pom.xml", PomXml),
        ("gradle.lockfile", GradleLock),
        ("gemfile.lock", GemfileLock),
        ("composer.lock", ComposerLock),
        ("packages.lock.json", NugetLock),
    ]
    .into_iter()
    .find(|(suffix, _)| {
        n == *suffix || n.ends_with(&format!(".{suffix}")) || n.ends_with(&format!("-{suffix}"))
    })
    .map(|(_, k)| k)
}

fn fixtures() -> Vec<(LockfileKind, String, String)> {
    let mut out = Vec::new();
    let mut dirs =
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures/lockfiles")];
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lockfiles");
    if shared.is_dir() {
        dirs.push(shared);
    }
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if let Some(kind) = kind_of(&name) {
                out.push((
                    kind,
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Parse, turning a panic into a test failure that names the input.
fn no_panic(kind: LockfileKind, what: &str, text: &str) {
    let r = catch_unwind(AssertUnwindSafe(|| lockfile::parse(kind, text)));
    assert!(r.is_ok(), "{kind:?} panicked on {what}");
}

/// The largest char boundary at or below `i`.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

const ALL: [LockfileKind; 17] = {
    use LockfileKind::*;
    [
        CargoLock,
        NpmLock,
        YarnLock,
        PnpmLock,
        BunLock,
        Requirements,
        PipfileLock,
        PoetryLock,
        UvLock,
        PyLock,
        GoMod,
        PomXml,
        GradleLock,
        GemfileLock,
        ComposerLock,
        NugetLock,
        GoSum,
    ]
};

#[test]
fn no_parser_panics_on_hostile_input() {
    let fx = fixtures();
    assert!(fx.len() >= 15, "{}", fx.len());
    for (kind, path, text) in &fx {
        no_panic(*kind, &format!("{path} (as is)"), text);
        no_panic(
            *kind,
            &format!("{path} with a BOM"),
            &format!("\u{feff}{text}"),
        );
        // Truncated at every 97th byte (on a char boundary); files over 32 KiB (shared
        // ones of up to a megabyte) at 24 points, which keeps a debug build to seconds.
        let step = if text.len() <= 32 << 10 {
            97
        } else {
            text.len() / 24
        };
        for cut in (0..text.len()).step_by(step) {
            no_panic(
                *kind,
                &format!("{path} cut at {cut}"),
                &text[..floor(text, cut)],
            );
        }
        // A non-ASCII character (and a BOM) at every position of the small fixtures, and
        // at the start of 12 lines spread over each large one.
        let positions: Vec<usize> = if text.len() <= 2048 {
            (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect()
        } else {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let every = (starts.len() / 12).max(1);
            starts.into_iter().step_by(every).collect()
        };
        for i in positions {
            for c in ["é", "\u{feff}", "日本", "\u{10348}"] {
                let s = format!("{}{c}{}", &text[..i], &text[i..]);
                no_panic(*kind, &format!("{path} with {c:?} at {i}"), &s);
            }
        }
    }
    // Input of no format at all, deep nesting and huge numbers, for every parser.
    let deep = 100_000;
    let hostile: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("a BOM alone", "\u{feff}".into()),
        ("non-ASCII first", "é".into()),
        (
            "non-ASCII lines",
            "é:\n  é é\n  version é\né@é:\n  version: é\n".into(),
        ),
        ("NUL bytes", "\0\0\0\n\0".into()),
        ("nested arrays", "[".repeat(deep)),
        ("nested objects", "{\"a\":".repeat(deep)),
        ("nested XML", "<a>".repeat(deep)),
        (
            "nested XML closed",
            format!(
                "<project>{}{}</project>",
                "<a>".repeat(deep),
                "</a>".repeat(deep)
            ),
        ),
        ("nested TOML", format!("a = {}", "[".repeat(deep))),
        (
            "nested YAML",
            (0..2000)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect(),
        ),
        (
            "huge numbers",
            "{\"lockfileVersion\": 1e999999, \"version\": 99999999999999999999999999999}".into(),
        ),
        (
            "huge integers",
            "{\"lockfileVersion\": 340282366920938463463374607431768211456}".into(),
        ),
        (
            "huge TOML number",
            "version = 99999999999999999999999999999\n".into(),
        ),
        (
            "huge versions",
            "module m\nrequire x v99999999999999999999999999.0.0\n".into(),
        ),
        ("lone quote", "\"".into()),
        ("lone angle", "<".into()),
        ("unterminated comment", "<!--".into()),
        ("only separators", "@@@@:\n  version \"@\"\n".into()),
        (
            "pnpm keys",
            "lockfileVersion: 5\npackages:\n  /:\n  @:\n  /@:\n  é@:\n  '':\n".into(),
        ),
    ];
    for kind in ALL {
        for (what, text) in &hostile {
            no_panic(kind, what, text);
        }
    }
}

/// A non-empty file that is not in the format is an error with a line, not zero packages.
#[test]
fn malformed_npm_family_lockfiles_are_errors() {
    use LockfileKind::*;
    let cases: [(LockfileKind, &str, u32); 12] = [
        (YarnLock, "this is not a yarn lockfile\nat all\n", 1),
        (YarnLock, "{\"lockfileVersion\": 3}\n", 1),
        (YarnLock, "# yarn lockfile v1\n\n  version \"1.0.0\"\n", 3),
        (
            YarnLock,
            "# yarn lockfile v1\n\nlodash@^4:\n  resolved \"x\"\n",
            3,
        ),
        (
            YarnLock,
            "# yarn lockfile v1\n\nlodash@^4:\n  version \"4.17.21\"\nnonsense here\n",
            5,
        ),
        (PnpmLock, "hello world\n", 1),
        (PnpmLock, "{\"packages\": {}}\n", 1),
        (
            PnpmLock,
            "packages:\n  lodash@4.17.21:\n    resolution: {}\n",
            1,
        ),
        (
            PnpmLock,
            "lockfileVersion: '9.0'\npackages:\nnot yaml at all\n",
            3,
        ),
        (BunLock, "[1, 2, 3]\n", 1),
        (BunLock, "{\n  \"workspaces\": {}\n}\n", 1),
        (
            BunLock,
            "{\n  \"lockfileVersion\": 1,\n  \"packages\": {\n    \"a\": 5\n  }\n}\n",
            4,
        ),
    ];
    for (kind, text, line) in cases {
        let r = lockfile::parse(kind, text).unwrap();
        let e = r.expect_err(&format!("{kind:?} accepted {text:?}"));
        assert_eq!(e.line, line, "{kind:?} {text:?}: {e}");
    }
    // Empty files and files with comments only are lockfiles without dependencies.
    for (kind, text) in [
        (YarnLock, ""),
        (YarnLock, "# yarn lockfile v1\n\n"),
        (PnpmLock, "lockfileVersion: '9.0'\n"),
        (BunLock, "{\"lockfileVersion\": 1, \"workspaces\": {}}"),
    ] {
        assert_eq!(
            lockfile::parse(kind, text).unwrap(),
            Ok(vec![]),
            "{kind:?} {text:?}"
        );
    }
}

/// A leading BOM is not part of the first line: real lockfiles saved by Windows editors parse.
#[test]
fn a_byte_order_mark_is_ignored() {
    for (kind, path, text) in fixtures()
        .into_iter()
        .filter(|f| f.1.contains("resources/test"))
    {
        let plain = lockfile::parse(kind, &text).unwrap();
        let bom = lockfile::parse(kind, &format!("\u{feff}{text}")).unwrap();
        assert!(plain.is_ok(), "{path}: {plain:?}");
        assert_eq!(plain, bom, "{path}");
    }
}

// tollgate:ignore synthetic value for a test
const TOKEN: &str = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

/// Every error path that a lockfile's content reaches, with a token-shaped value planted:
/// the message may show a short prefix, never the value's tail.
#[test]
fn errors_never_repeat_a_credential() {
    use LockfileKind::*;
    let t = TOKEN;
    let cases: Vec<(LockfileKind, String)> = vec![
        (
            CargoLock,
            format!("[[package]]\nname = \"x\"\nversion = \"1\"\ndependencies = \"{t}\"\n"),
        ),
        (
            CargoLock,
            format!("[[package]]\nname = \"x\"\nversion = {t}\n"),
        ),
        (CargoLock, format!("[[package]]\nname = \"{t}\"\n")),
        (CargoLock, format!("{t} = \n")),
        (NpmLock, format!("{{\"lockfileVersion\": \"{t}\"}}")),
        (NpmLock, format!("{{\"lockfileVersion\": 3, {t}}}")),
        (PipfileLock, format!("{{\"default\": {t}}}")),
        (
            PoetryLock,
            format!("[[package]]\nname = \"x\"\nversion = \"1\"\noptional = \"{t}\"\n"),
        ),
        (
            UvLock,
            format!("[[package]]\nname = \"x\"\nversion = \"1\"\nsource = \"{t}\n"),
        ),
        (PyLock, format!("[[packages]]\nname = [\"{t}\"]\n")),
        (Requirements, format!("api_token={t}==1.0\n")),
        (Requirements, format!("{t}!==1.0\n")),
        (GemfileLock, format!("GEM\n  specs:\n    {t} ()\n")),
        (GradleLock, format!("{t}\n")),
        (GradleLock, format!("a:{t}\n")),
        (GoMod, format!("module m\nrequire x {t}\n")),
        (GoMod, format!("{t} (\n)\n")),
        (GoMod, format!("module m\nreplace {t}\n")),
        (PomXml, format!("<project><{t}></project>")),
        (PomXml, format!("<project></{t}>")),
        (PomXml, format!("<project><{t}>")),
        (
            PnpmLock,
            format!("lockfileVersion: '9.0'\npackages:\n  {t}:\n"),
        ),
        (PnpmLock, format!("{t}\n")),
        (PnpmLock, format!("lockfileVersion: '9.0'\n{t}\n")),
        (YarnLock, format!("{t}\n")),
        (
            YarnLock,
            format!("# yarn lockfile v1\n\n{t}@^1:\n  resolved \"x\"\n"),
        ),
        (YarnLock, format!("x@1:\n  version \"1\"\n{t}\n")),
        (
            BunLock,
            format!("{{\"lockfileVersion\": 1, \"packages\": {{\"{t}\": 5}}}}"),
        ),
        (
            BunLock,
            format!("{{\"lockfileVersion\": 1, \"packages\": {{\"a\": [\"{t}\"]}}}}"),
        ),
        (BunLock, format!("{{\"lockfileVersion\": \"{t}\"}}")),
        (BunLock, format!("[\"{t}\"]")),
        (ComposerLock, format!("{{\"packages\": \"{t}\"}}")),
        (
            ComposerLock,
            format!("{{\"packages\": [{{\"name\": 1, \"version\": \"{t}\"}}]}}"),
        ),
        (ComposerLock, t.to_string()),
        (NugetLock, format!("{{\"dependencies\": \"{t}\"}}")),
        (
            NugetLock,
            format!("{{\"dependencies\": {{\"net6.0\": {{\"{t}\": {{\"resolved\": 5}}}}}}}}"),
        ),
    ];
    let tail = &TOKEN[TOKEN.len() - 8..];
    let mut errors = 0;
    for (kind, text) in &cases {
        if let Some(Err(e)) = lockfile::parse(*kind, text) {
            errors += 1;
            let shown = e.to_string();
            assert!(!shown.contains(tail), "{kind:?} repeats the token: {shown}");
        }
    }
    assert!(
        errors >= 30,
        "most cases must reach an error path: {errors} of {}",
        cases.len()
    );
}
