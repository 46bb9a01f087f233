"""Scan attacks: configuration that hides everything, argument injection into git, parser
panics, pathological lines, hostile Rego, secrets in snippets and parse errors, and file
names that forge terminal output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import fixtures as fx
from fixtures import write
from registry import attack, decision, findings, issues_for, load_json, scan_json


def token_line(ctx) -> str:
    """One real-looking secret on its line, for attacks that are not about snippets."""
    return f"GITHUB_TOKEN={ctx.plant(fx.github_pat(), 'GitHub token')}\n"


def aws_line(ctx) -> str:
    kid = ctx.plant(fx.aws_key_id(), "AWS access key id")
    sec = ctx.plant(fx.aws_secret(), "AWS secret access key")
    return f"aws_access_key_id={kid} aws_secret_access_key={sec}\n"


# --- 5e-g. configuration that makes a strict, critical-tier scan pass silently --------------


def _config_hides(ctx, toml: str, desc: str):
    ctx.input_desc = f"tollgate.toml `{desc}` beside deploy/prod.env holding a GitHub token; `scan --tier critical --strict`"
    t = ctx.dir / "tree"
    write(t / "deploy" / "prod.env", token_line(ctx))
    write(t / "tollgate.toml", toml)
    r, rep = scan_json(ctx, t, ["--tier", "critical", "--strict"], "hidden")
    ctx.expect(r.rc not in (0, None), f"exited 0: nothing was checked and the gate passed ({(rep or {}).get('stats')})")
    c = ctx.dir / "clean"
    write(c / "deploy" / "prod.env", "region=eu-west-1\n")
    r2, _ = scan_json(ctx, c, ["--tier", "critical", "--strict"], "clean")
    ctx.near_miss(r2.rc == 0, f"a clean tree without that setting: {r2.short()} {r2.first_error()}")
    ctx.note(f"{r.short()}: {r.first_error()}")


@attack("5e", 'max_file_size = "0" with --tier critical --strict', "exits non-zero")
def max_size_zero(ctx, sh):
    _config_hides(ctx, '[scan]\nmax_file_size = "0"\n', 'max_file_size = "0"')


@attack("5f", 'exclude = ["**"] with --tier critical --strict', "exits non-zero")
def exclude_all(ctx, sh):
    _config_hides(ctx, '[scan]\nexclude = ["**"]\n', 'exclude = ["**"]')


@attack("5g", 'allowlist paths = ["**"] over a real-looking secret', "--tier critical warns or fails, JSON warnings say so")
def allowlist_all(ctx, sh):
    ctx.input_desc = (
        'tollgate.toml `[[secrets.allowlist]] reason="all" paths=["**"]` beside deploy/prod.env '
        "holding a GitHub token; `scan --tier critical -f json`"
    )
    t = ctx.dir / "tree"
    line = token_line(ctx)
    write(t / "deploy" / "prod.env", line)
    write(t / "tollgate.toml", '[[secrets.allowlist]]\nreason = "all"\npaths = ["**"]\n')
    r, rep = scan_json(ctx, t, ["--tier", "critical"], "allow")
    d = decision(rep)
    warnings = d.get("warnings") or []
    mention = [w for w in warnings if any(k in w.lower() for k in ("allowlist", "suppress", "**"))]
    if r.rc == 0:
        ctx.expect(mention, f"gate {d.get('status')} with exit 0 and no warning about the allowlist (warnings: {warnings})")
    ctx.expect(rep is not None, f"no JSON report ({r.short()} {r.first_error()})")
    n = ctx.dir / "noallow"
    write(n / "deploy" / "prod.env", line)
    r2, _ = scan_json(ctx, n, ["--tier", "critical"], "noallow")
    ctx.near_miss(r2.rc == 1, f"without the allowlist the secret does not fail the gate ({r2.short()})")
    ctx.note(f"{r.short()}, status {d.get('status')}, warnings {mention or warnings}")


# --- 6. option injection through --since --------------------------------------------------


@attack("6", "--git-history --since=--output=FILE", "no FILE written, not a silent pass over zero commits")
def since_injection(ctx, sh):
    repo = fx.git_repo(ctx.dir / "repo", ctx.env, [{"a.txt": "one\n"}, {"b.txt": "two\n"}])
    target = ctx.dir / "x"
    ctx.input_desc = f"git repo with 2 commits; `scan REPO --git-history --since=--output={target}`"
    r, rep = scan_json(ctx, repo, ["--git-history", f"--since=--output={target}"], "inject")
    ctx.expect(not target.exists(), f"git wrote {target} (option injection)")
    commits = ((rep or {}).get("stats") or {}).get("commits_scanned")
    ctx.expect(r.rc not in (0, None), f"exited 0 (commits scanned: {commits})")
    r2, rep2 = scan_json(ctx, repo, ["--git-history", "--since", "HEAD~1"], "near")
    c2 = ((rep2 or {}).get("stats") or {}).get("commits_scanned")
    ctx.near_miss(r2.rc == 0 and (c2 or 0) >= 1, f"--since HEAD~1: {r2.short()}, commits scanned {c2}")
    ctx.note(f"{r.short()}: {r.first_error()}")


# --- 7. panics on lockfile lines and on output -----------------------------------------------

BOM = "\ufeff"
VARIANTS = {
    "yarn.lock": [
        ("BOM at file start", BOM + fx.yarn_lock()),
        ("entry line starting with a BOM", fx.yarn_lock().replace("lodash@^4.17.0:", BOM + "lodash@^4.17.0:")),
        ("entry line starting with é", fx.yarn_lock() + '\nélan@^1.0.0:\n  version "1.0.0"\n'),
        ("entry line starting with a 4-byte char", fx.yarn_lock() + '\n\U0001F600x@^1.0.0:\n  version "1.0.0"\n'),
    ],
    "pnpm-lock.yaml": [
        ("BOM at file start", BOM + fx.pnpm_lock()),
        ("package key starting with é", fx.pnpm_lock().replace("snapshots:", "  é@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n\nsnapshots:")),
        ("package key starting with a BOM", fx.pnpm_lock().replace("  lodash@4.17.20:\n    resolution", "  " + BOM + "lodash@4.17.20:\n    resolution")),
        ("v5 key /é/1.0.0", "lockfileVersion: 5.4\npackages:\n  /é/1.0.0:\n    dev: false\n"),
        ("top-level line starting with é", fx.pnpm_lock().replace("settings:", "élan:\n  x: 1\nsettings:")),
    ],
    "bun.lock": [
        ("BOM at file start", BOM + fx.bun_lock()),
        ("package spec starting with é", fx.bun_lock().replace('"lodash": ["lodash@4.17.20"', '"é": ["é@1.0.0"')),
        ("package spec starting with a BOM", fx.bun_lock().replace('["lodash@4.17.20"', '["' + BOM + 'lodash@4.17.20"')),
        ("spec of one multi-byte char", fx.bun_lock().replace('"lodash": ["lodash@4.17.20"', '"é": ["é"')),
    ],
}


def _variant_runs(ctx, sh, name: str):
    db = sh.db()
    ctx.input_desc = f"{name} variants: " + "; ".join(d for d, _ in VARIANTS[name]) + "; `scan --only deps --db DB`"
    bad = []
    for i, (desc, text) in enumerate(VARIANTS[name]):
        t = ctx.dir / f"v{i}"
        write(t / "package.json", fx.package_json())
        write(t / name, text)
        before = len(ctx.problems)
        r, _ = scan_json(ctx, t, ["--only", "deps", "--db", db], f"v{i}", label=f"scan {name} ({desc})")
        if len(ctx.problems) > before:
            bad.append(desc)
    ctx.note(f"{len(VARIANTS[name])} variants, {len(bad)} with a problem")


@attack("7a", "yarn.lock lines starting with a BOM / non-ASCII", "no panic")
def yarn_bom(ctx, sh):
    _variant_runs(ctx, sh, "yarn.lock")


@attack("7b", "pnpm-lock.yaml lines starting with a BOM / non-ASCII", "no panic")
def pnpm_bom(ctx, sh):
    _variant_runs(ctx, sh, "pnpm-lock.yaml")


@attack("7c", "bun.lock entries starting with a BOM / non-ASCII", "no panic")
def bun_bom(ctx, sh):
    _variant_runs(ctx, sh, "bun.lock")


@attack("7d", "the same lockfile blobs in git history (--git-history)", "no panic")
def history_bom(ctx, sh):
    db = sh.db()
    commits = []
    for name, variants in VARIANTS.items():
        for i, (_, text) in enumerate(variants):
            commits.append({f"{name.split('.')[0]}{i}/{name}": text, f"{name.split('.')[0]}{i}/package.json": fx.package_json()})
    repo = fx.git_repo(ctx.dir / "repo", ctx.env, commits)
    ctx.input_desc = f"git repo with {len(commits)} commits, each adding one yarn/pnpm/bun variant of 7a-7c; `scan --git-history --db DB`"
    r, rep = scan_json(ctx, repo, ["--git-history", "--db", db], "history")
    ctx.note(f"{r.short()}, commits scanned {((rep or {}).get('stats') or {}).get('commits_scanned')}")


@attack("7e", "tollgate rules | head -1", "no panic (quiet end on a closed pipe)")
def rules_head(ctx, sh):
    ctx.input_desc = "`tollgate rules | head -1`"
    from harness import PANIC_MARKERS

    env = ctx.env
    p1 = subprocess.Popen([str(ctx.binary), "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    p2 = subprocess.Popen(["head", "-1"], stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    try:
        first, _ = p2.communicate(timeout=ctx.limits.timeout)
        err = p1.stderr.read()
        p1.wait(timeout=ctx.limits.timeout)
    except subprocess.TimeoutExpired:
        p1.kill()
        p2.kill()
        ctx.fail("hang")
        return
    ctx.expect(not any(m in err for m in PANIC_MARKERS) and p1.returncode != 101,
               f"panicked (exit {p1.returncode}): {err.decode('utf-8', 'replace').strip()[:200]}")
    ctx.expect(p1.returncode in (0, -13, 141, 2) , f"unexpected status {p1.returncode}")
    ctx.expect(first.strip() != b"", "head got no line")
    ctx.note(f"rules exit {p1.returncode}, stderr {err.decode('utf-8', 'replace').strip()[:80]!r}")


@attack("7f", "tollgate rules > /dev/full", "non-zero exit with an error, no panic")
def rules_full(ctx, sh):
    ctx.input_desc = "`tollgate rules > /dev/full`"
    with open("/dev/full", "wb") as full:
        r = ctx.run(["rules"], stdout_file=full, label="rules > /dev/full")
    ctx.expect(r.rc not in (0, None), f"exited {r.rc} though nothing could be written")
    ctx.expect(b"error" in r.stderr.lower(), f"no error message on stderr ({r.stderr[:120]!r})")
    ctx.note(f"{r.short()}: {r.first_error()}")


@attack("7g", "scan --jobs 100000", "no panic, bounded memory")
def jobs_huge(ctx, sh):
    ctx.input_desc = "`scan TREE --jobs 100000` over 20 small files, under the address-space limit"
    t = ctx.dir / "tree"
    for i in range(20):
        write(t / f"f{i}.txt", f"line {i}\n")
    r, rep = scan_json(ctx, t, ["--jobs", "100000"], "jobs")
    ctx.expect(r.rc in (0, 2), f"unexpected {r.short()}")
    r2, _ = scan_json(ctx, t, ["--jobs", "2"], "jobs2")
    ctx.near_miss(r2.rc == 0, f"--jobs 2: {r2.short()}")
    ctx.note(f"{r.short()} {r.first_error()}")


# --- 9. very long lines of candidates ------------------------------------------------------------


def _long_line(ctx, size: int):
    table = bytes((fx.ALNUM * 5)[:256], "ascii")
    raw = fx.RNG.randbytes(size).translate(table).decode()
    tokens = [raw[i : i + 40] for i in range(0, size - 40, 40)][: size // 51 + 1]
    line = " ".join(f'api_key="{t}"' for t in tokens)
    ctx.plant_bulk(tokens, "candidate token")
    t = ctx.dir / "tree"
    write(t / "settings.env", line)
    ctx.input_desc = (
        f"settings.env: one {len(line) / 1e6:.1f} MB line, no newline, of `api_key=\"<40 random alnum>\"` "
        f"x {len(tokens)} separated by spaces; `scan --only secrets -f json -o FILE -f text`"
    )
    r, rep = scan_json(ctx, t, ["--only", "secrets"], "long")
    ctx.note(f"{r.short()} in {r.seconds:.1f} s, {len(findings(rep))} findings")
    n = ctx.dir / "short"
    write(n / "settings.env", " ".join(f'api_key="{t}"' for t in tokens[:3]) + "\n")
    r2, rep2 = scan_json(ctx, n, ["--only", "secrets"], "short")
    ctx.near_miss(len(findings(rep2)) >= 1, f"the first 3 tokens on a short line are not reported ({r2.short()})")


@attack("9a", "one 2 MB line of api_key= candidates", "finishes within the timeout, no token shown", slow=True)
def long_2mb(ctx, sh):
    _long_line(ctx, 2 << 20)


@attack("9b", "one 9 MB line of api_key= candidates", "finishes within the timeout, no token shown", slow=True)
def long_9mb(ctx, sh):
    _long_line(ctx, 9 << 20)


# --- 11. hostile Rego ---------------------------------------------------------------------------


def _rego(ctx, policy: str, desc: str):
    ctx.input_desc = f"clean tree, tollgate.toml `[gate] policies = [\"gate.rego\"]`, gate.rego: {desc}"
    t = ctx.dir / "tree"
    write(t / "app.txt", "hello\n")
    write(t / "tollgate.toml", '[gate]\npolicies = ["gate.rego"]\n')
    write(t / "gate.rego", "package tollgate.gate\n\n" + policy)
    return scan_json(ctx, t, ["--only", "secrets"], "rego")


@attack("11a", "Rego policy defining only deny", "evaluates (pass when deny is empty, fail when not)")
def rego_only_deny(ctx, sh):
    r, _ = _rego(ctx, 'deny contains msg if {\n  some f in input.findings\n  f.rule_id == "none/such"\n  msg := "x"\n}\n', "only `deny`, never true")
    ctx.expect(r.rc == 0, f"an empty deny did not pass ({r.short()} {r.first_error()})")
    desc = ctx.input_desc
    r2, _ = _rego(ctx, 'deny contains "always" if { true }\n', "only `deny`, always true")
    ctx.near_miss(r2.rc == 1, f"a deny that always fires: {r2.short()} {r2.first_error()}")
    ctx.input_desc = desc


@attack("11b", 'Rego deny := {"a": 1}', "does not pass")
def rego_object(ctx, sh):
    r, _ = _rego(ctx, 'deny := {"a": 1}\n', '`deny := {"a": 1}`')
    ctx.expect(r.rc not in (0, None), "the gate passed on an object-valued deny")
    ctx.note(f"{r.short()}: {r.first_error()}")


@attack("11c", "Rego numbers.range(1, 1e11)", "a clear error, no abort")
def rego_range(ctx, sh):
    r, _ = _rego(ctx, 'deny contains "big" if { count(numbers.range(1, 1e11)) > 0 }\n', "`count(numbers.range(1, 1e11))`")
    ctx.expect(r.rc == 2, f"expected exit 2 with an error, got {r.short()}")
    ctx.expect(b"error" in r.stderr.lower(), f"no error message ({r.stderr[:150]!r})")
    ctx.note(f"{r.short()} in {r.seconds:.1f} s: {r.first_error()}")


@attack("11d", "Rego recursive function", "a clear error, no abort")
def rego_recursion(ctx, sh):
    r, _ = _rego(ctx, 'f(x) := y if { y := f(x) }\n\ndeny contains "r" if { f(1) }\n', "`f(x) := y if { y := f(x) }` used by deny")
    ctx.expect(r.rc == 2, f"expected exit 2 with an error, got {r.short()}")
    ctx.expect(b"error" in r.stderr.lower(), f"no error message ({r.stderr[:150]!r})")
    ctx.note(f"{r.short()} in {r.seconds:.1f} s: {r.first_error()}")


# --- 12. secrets in snippets, every format ---------------------------------------------------

FORMATS = ["text", "json", "sarif", "junit", "markdown", "defectdojo"]


def _aws_tree(ctx) -> Path:
    t = ctx.dir / "tree"
    write(t / "deploy" / "prod.env", aws_line(ctx))
    return t


for _fmt in FORMATS:
    def _make(fmt):
        @attack(f"12-{fmt}", f"AWS key pair on one line, -f {fmt}", "no secret (or its tail) in the report")
        def fn(ctx, sh):
            t = _aws_tree(ctx)
            ctx.input_desc = f"deploy/prod.env: `aws_access_key_id=AKIA<16> aws_secret_access_key=<40>` on one line; `scan -f {fmt}`"
            args = ["scan", t, "--no-progress", "-f", fmt] + ([] if fmt == "text" else ["-o", ctx.out / f"report.{fmt}"])
            r = ctx.run(args, label=f"scan -f {fmt}")
            ctx.near_miss(r.rc == 1, f"the key pair did not fail the gate ({r.short()})")
            body = r.stdout if fmt == "text" else ((ctx.out / f"report.{fmt}").read_bytes() if (ctx.out / f"report.{fmt}").exists() else b"")
            ctx.expect(body, f"-f {fmt} wrote nothing ({r.short()} {r.first_error()})")
        return fn
    _make(_fmt)


@attack("12-baseline", "AWS key pair on one line, baseline create", "no secret in the baseline file")
def snippet_baseline(ctx, sh):
    t = _aws_tree(ctx)
    ctx.input_desc = "deploy/prod.env with the AWS key pair on one line; `baseline create TREE -o out/baseline.json`"
    r = ctx.run(["baseline", "create", t, "-o", ctx.out / "baseline.json"], label="baseline create")
    doc = load_json(ctx.out / "baseline.json")
    ctx.near_miss(doc is not None and len(findings(doc, "secrets/")) >= 1, f"the baseline holds no secret finding ({r.short()})")


@attack("12-history", "AWS key pair on one line, --git-history", "no secret in any format")
def snippet_history(ctx, sh):
    kid, sec = fx.aws_key_id(), fx.aws_secret()
    ctx.plant(kid, "AWS access key id")
    ctx.plant(sec, "AWS secret access key")
    repo = fx.git_repo(ctx.dir / "repo", ctx.env, [
        {"deploy/prod.env": f"aws_access_key_id={kid} aws_secret_access_key={sec}\n"},
        {"deploy/prod.env": "removed\n"},
    ])
    ctx.input_desc = "git repo: commit 1 adds the AWS key pair on one line, commit 2 removes it; `scan --git-history` in every format"
    hits = 0
    for fmt in FORMATS:
        args = ["scan", repo, "--git-history", "--no-progress", "-f", fmt] + ([] if fmt == "text" else ["-o", ctx.out / f"history.{fmt}"])
        r = ctx.run(args, label=f"scan --git-history -f {fmt}")
        hits += r.rc == 1
    ctx.near_miss(hits == len(FORMATS), f"the removed key pair failed the gate in only {hits}/{len(FORMATS)} formats")


# --- 13. parse errors must not quote secrets ---------------------------------------------


def _quiet_errors(ctx, sh, files: dict[str, str], path_part: str, extra=()):
    db = sh.db()
    t = ctx.dir / "tree"
    for rel, text in files.items():
        write(t / rel, text)
    r, rep = scan_json(ctx, t, ["--db", db, *extra], "scan")
    r2, _ = scan_json(ctx, t, ["--db", db, "--strict", *extra], "strict")
    seen = issues_for(rep, path_part) or [f for f in findings(rep) if path_part in f["location"].get("path", "")]
    ctx.near_miss(seen or r.rc == 2, f"{path_part} is neither a file issue nor a finding, so no error path ran ({r.short()})")
    return r, rep


@attack("13a", "Gemfile.lock spec ghp_<36> without a version", "the error does not quote the token")
def gem_token(ctx, sh):
    tok = ctx.plant(fx.github_pat(), "GitHub token")
    tok2 = ctx.plant(fx.github_pat(), "GitHub token")
    ctx.input_desc = "a/Gemfile.lock GEM specs line `    ghp_<36> ()`; b/Gemfile.lock line `    gem 'ghp_<36>'`; `scan` and `scan --strict`"
    lock = fx.gemfile_lock("2.2.6")
    _quiet_errors(ctx, sh, {
        "a/Gemfile.lock": lock.replace("    rack (2.2.6)\n", f"    rack (2.2.6)\n    {tok} ()\n"),
        "b/Gemfile.lock": lock.replace("    rack (2.2.6)\n", f"    rack (2.2.6)\n    gem '{tok2}'\n"),
    }, "Gemfile.lock")


@attack("13b", "requirements.txt line api_token=ghp_<36>", "the error does not quote the token")
def req_token(ctx, sh):
    tok = ctx.plant(fx.github_pat(), "GitHub token")
    ctx.input_desc = "requirements.txt: `requests==2.20.0` then `api_token=" + "ghp_<36>`; `scan` and `scan --strict`"
    _quiet_errors(ctx, sh, {"requirements.txt": f"requests==2.20.0\napi_token={tok}\n"}, "requirements.txt")


@attack("13c", "package-lock.json with a token in wrong-typed fields", "the error does not quote the token")
def npm_token(ctx, sh):
    toks = [ctx.plant(fx.github_pat(), "GitHub token") for _ in range(3)]
    base = json.loads(fx.package_lock("4.17.21"))
    a = dict(base, lockfileVersion=toks[0])
    b = json.loads(json.dumps(base))
    b["packages"]["node_modules/lodash"] = toks[1]
    c = json.loads(json.dumps(base))
    c["packages"]["node_modules/lodash"]["version"] = {"token": toks[2]}
    ctx.input_desc = "package-lock.json with ghp_<36> as lockfileVersion (a), as a package entry (b), inside an object as `version` (c); `scan`"
    _quiet_errors(ctx, sh, {
        "a/package-lock.json": json.dumps(a, indent=2), "a/package.json": fx.package_json(),
        "b/package-lock.json": json.dumps(b, indent=2), "b/package.json": fx.package_json(),
        "c/package-lock.json": json.dumps(c, indent=2), "c/package.json": fx.package_json(),
    }, "package-lock.json")


@attack("13d", "tollgate.toml allowlist regex with a secret, invalid", "the error does not quote the secret")
def toml_regex(ctx, sh):
    tok = ctx.plant(fx.github_pat(), "GitHub token")
    ctx.input_desc = "tollgate.toml `[[secrets.allowlist]] reason=\"x\" values=[\"(" + "ghp_<36>\"]` (unclosed group); `scan`"
    t = ctx.dir / "tree"
    write(t / "app.txt", "hello\n")
    write(t / "tollgate.toml", f'[[secrets.allowlist]]\nreason = "x"\nvalues = ["({tok}"]\n')
    r, _ = scan_json(ctx, t, [], "scan")
    ctx.near_miss(r.rc == 2, f"the invalid regex is not an error ({r.short()})")
    ctx.note(f"{r.short()}: {r.first_error()}")


@attack("13e", 'ledger verify --key "$(cat private.key)"', "the private key is never echoed")
def verify_private(ctx, sh):
    keys = ctx.dir / "keys"
    keys.mkdir()
    kr = ctx.run(["ledger", "keygen", "--name", "attack.example/13e", "--out", keys / "private.key"], label="ledger keygen")
    priv = (keys / "private.key").read_text().strip() if (keys / "private.key").exists() else ""
    if not priv:
        raise RuntimeError(f"keygen failed: {kr.short()} {kr.first_error()}")
    from attacks_ledger import private_material

    ctx.plant(private_material(priv), "private key material")
    ctx.plant(priv, "private key text", window=len(priv))
    ctx.input_desc = "`ledger verify --key \"$(cat private.key)\"` (private key text where the public key belongs), also --ledger of a ledger with one signed scan"
    t = ctx.dir / "tree"
    write(t / "a.txt", "x\n")
    ctx.run(["scan", t, "--only", "secrets", "--ledger", ctx.out / "ledger", "--signing-key", keys / "private.key"], label="signed scan")
    r = ctx.run(["ledger", "verify", "--ledger", ctx.out / "ledger", "--key", priv], label="verify --key PRIVATE")
    ctx.expect(r.rc not in (0, None), "a private key was accepted as the verifier key")
    r2 = ctx.run(["ledger", "verify", "--ledger", ctx.out / "missing", "--key", priv], label="verify --key PRIVATE (no ledger)")
    ctx.note(f"{r.short()}: {r.first_error()}")


# --- 14. file names that forge terminal output ---------------------------------------------


@attack("14", "file name with newline, 'Gate PASSED' and ANSI escapes", "no forged line, no raw escape from the name")
def forged_name(ctx, sh):
    name = "notes\nGate PASSED [tier critical]: no findings\r\x1b[2K\x1b[1AGate PASSED\x1b]0;t\x07.env"
    ctx.input_desc = "file named `notes\\nGate PASSED [tier critical]: no findings\\r\\x1b[2K\\x1b[1AGate PASSED\\x1b]0;t\\x07.env` holding a GitHub token; `scan` text with --color never and always"
    t = ctx.dir / "tree"
    write(t / name, token_line(ctx))
    for color in ("never", "always"):
        r = ctx.run(["scan", t, "--no-progress", "--color", color], label=f"scan --color {color}")
        ctx.near_miss(r.rc == 1, f"--color {color}: the secret in the file did not fail the gate ({r.short()})")
        for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
            text = data.decode("utf-8", "replace")
            forged = [l for l in text.replace("\r", "\n").split("\n") if l.lstrip("\x1b[0123456789;m").startswith("Gate PASSED")]
            ctx.expect(not forged, f"--color {color} {stream}: a line starts with 'Gate PASSED' ({forged[0]!r})" if forged else "")
            for esc in ("\x1b[2K", "\x1b[1A", "\x1b]0;", "\x07", "\r"):
                ctx.expect(esc not in text, f"--color {color} {stream}: raw {esc!r} from the file name")
            if color == "never":
                ctx.expect("\x1b" not in text, f"--color never {stream}: an escape character")
