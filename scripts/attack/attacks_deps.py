"""Dependency attacks: lockfiles that must be reported, damaged advisory stores, silent
passes, hostile POMs, hostile mirrors for `db update`, and a zip bomb for `db import`."""

from __future__ import annotations

import os
from pathlib import Path

import fixtures as fx
from fixtures import write
from registry import attack, findings, issues_for, load_json, scan_json, with_advisory
from servers import HostileServer

# --- 1. vulnerable packages in every lockfile format are reported ---------------------------

LOCKFILES = {
    "1a": ("pom.xml", fx.pom, "2.14.0", "2.15.0", fx.LOG4SHELL, "log4j-core"),
    "1b": ("Gemfile.lock", fx.gemfile_lock, "2.2.3", "2.2.6", fx.RACK_ID, "rack"),
    "1c": ("packages.lock.json", fx.nuget_lock, "12.0.1", "13.0.1", fx.NEWTONSOFT_ID, "Newtonsoft.Json"),
    "1d": ("composer.lock", fx.composer_lock, "7.4.0", "7.4.5", fx.GUZZLE_ID, "guzzlehttp/guzzle"),
}


def _reported(ctx, sh, key):
    name, make, bad, good, adv, pkg = LOCKFILES[key]
    ctx.input_desc = (
        f"{name} pinning {pkg} {bad}; OSV record {adv} (introduced..fixed {good}) imported with "
        f"`tollgate db import DIR --db DB`; `scan --only deps --db DB`"
    )
    db = sh.db()
    vuln = ctx.dir / "vuln"
    write(vuln / name, make(bad))
    r, rep = scan_json(ctx, vuln, ["--only", "deps", "--db", db], "vuln")
    hits = with_advisory(rep, adv)
    ctx.expect(hits, f"{name}: {pkg} {bad} not reported as {adv} ({r.short()}; "
                     f"{len(findings(rep))} findings; issues: {[i.get('message') for i in (rep or {}).get('file_issues', [])][:2]})")
    ctx.expect(r.rc == 1, f"{name}: the gate did not fail ({r.short()})")
    fixed = ctx.dir / "fixed"
    write(fixed / name, make(good))
    r2, rep2 = scan_json(ctx, fixed, ["--only", "deps", "--db", db], "fixed")
    ctx.near_miss(not with_advisory(rep2, adv) and r2.rc == 0,
                  f"{name} with the fixed {good}: {r2.short()}, {len(with_advisory(rep2, adv))} findings")
    if hits:
        ctx.note(f"{adv} at {hits[0]['location'].get('path')}:{hits[0]['location'].get('start_line')}")


for _k, (_name, *_rest) in LOCKFILES.items():
    def _make(key):
        @attack(key, f"{LOCKFILES[key][0]} with a vulnerable {LOCKFILES[key][5]}", "reported as a vulnerable package")
        def fn(ctx, sh):
            _reported(ctx, sh, key)
        return fn
    _make(_k)


# --- 2. UTF-16 requirements.txt, and a NUL that is not UTF-16 --------------------------------


def _utf16(ctx, sh, bom: bool):
    db = sh.db()
    text = "requests==2.19.0\r\nidna==2.7\r\n"
    data = ("\ufeff" + text if bom else text).encode("utf-16-le")
    ctx.input_desc = f"requirements.txt in UTF-16LE {'with' if bom else 'without'} BOM (as PowerShell writes it): `requests==2.19.0`; OSV {fx.REQUESTS_ID}"
    t = ctx.dir / "vuln"
    write(t / "requirements.txt", data)
    r, rep = scan_json(ctx, t, ["--only", "deps", "--db", db], "vuln")
    ctx.expect(with_advisory(rep, fx.REQUESTS_ID),
               f"requests 2.19.0 not reported ({r.short()}; issues: {[i.get('message') for i in (rep or {}).get('file_issues', [])][:2]})")
    g = ctx.dir / "fixed"
    good = "requests==2.20.0\r\nidna==2.7\r\n"
    write(g / "requirements.txt", ("\ufeff" + good if bom else good).encode("utf-16-le"))
    r2, rep2 = scan_json(ctx, g, ["--only", "deps", "--db", db], "fixed")
    ctx.near_miss(r2.rc == 0 and not with_advisory(rep2, fx.REQUESTS_ID), f"UTF-16 requests==2.20.0: {r2.short()}")


@attack("2a", "UTF-16LE requirements.txt with BOM", "vulnerable pin reported")
def utf16_bom(ctx, sh):
    _utf16(ctx, sh, True)


@attack("2b", "UTF-16LE requirements.txt without BOM", "vulnerable pin reported")
def utf16_nobom(ctx, sh):
    _utf16(ctx, sh, False)


@attack("2c", "requirements.txt with a NUL (not UTF-16)", "--strict exits non-zero")
def nul_lockfile(ctx, sh):
    db = sh.db()
    ctx.input_desc = "requirements.txt = b'requests==2.20.0\\nflask==2.3.2\\x00\\n' (one NUL, not UTF-16); `scan --strict --only deps`"
    t = ctx.dir / "nul"
    write(t / "requirements.txt", b"requests==2.20.0\nflask==2.3.2\x00\n")
    r, rep = scan_json(ctx, t, ["--only", "deps", "--db", db, "--strict"], "nul")
    ctx.expect(r.rc not in (0, None), f"--strict exited 0 on a lockfile with a NUL ({len(issues_for(rep, 'requirements'))} file issues)")
    c = ctx.dir / "clean"
    write(c / "requirements.txt", b"requests==2.20.0\nflask==2.3.2\n")
    r2, _ = scan_json(ctx, c, ["--only", "deps", "--db", db, "--strict"], "clean")
    ctx.near_miss(r2.rc == 0, f"the same file without the NUL: {r2.short()} {r2.first_error()}")
    ctx.note(f"{r.short()}")


# --- 3. damaged advisory database ---------------------------------------------------------------
# PyPI, whose matching works today, so the damage is what decides the exit status.


def _eco_dir(db: Path, eco: str = "PyPI") -> Path:
    for d in db.iterdir():
        if d.is_dir() and d.name.lower() == eco.lower():
            return d
    raise RuntimeError(f"no {eco} directory in the store {db} (store layout changed?)")


def _index_file(db: Path) -> Path:
    d = _eco_dir(db)
    cands = [p for p in d.rglob("*") if p.is_file() and "index" in p.name.lower()]
    if not cands:
        raise RuntimeError(f"no index file under {d} (store layout changed?)")
    return cands[0]


def _damaged(ctx, sh, how: str, damage):
    ctx.input_desc = (
        f"advisory DB from `db import` with 34 PyPI packages, then {how}; "
        "`scan --strict --only deps --db DB` of requirements.txt `requests==2.19.0` (and of 2.20.0)"
    )
    vuln = ctx.dir / "vuln"
    write(vuln / "requirements.txt", "requests==2.19.0\n")
    fixed = ctx.dir / "fixed"
    write(fixed / "requirements.txt", "requests==2.20.0\n")
    good = sh.db()
    r0, _ = scan_json(ctx, vuln, ["--only", "deps", "--db", good, "--strict"], "intact-vuln")
    r0b, _ = scan_json(ctx, fixed, ["--only", "deps", "--db", good, "--strict"], "intact-fixed")
    ctx.near_miss(r0.rc == 1 and r0b.rc == 0, f"intact DB: vulnerable tree {r0.short()}, fixed tree {r0b.short()}")
    db = sh.db_copy(ctx.dir / "db")
    damage(db)
    r, rep = scan_json(ctx, vuln, ["--only", "deps", "--db", db, "--strict"], "damaged-vuln")
    ctx.expect(r.rc not in (0, None), f"damaged DB, requests 2.19.0: --strict exited 0 ({len(with_advisory(rep, fx.REQUESTS_ID))} findings)")
    r2, _ = scan_json(ctx, fixed, ["--only", "deps", "--db", db, "--strict"], "damaged-fixed")
    ctx.expect(r2.rc not in (0, None), "damaged DB, requests 2.20.0: --strict exited 0 (the damage went unnoticed)")
    ctx.note(f"2.19.0 tree {r.short()}, 2.20.0 tree {r2.short()}: {r.first_error() or r2.first_error()}")


@attack("3a", "advisory DB: index truncated mid-line", "scan --strict never exits 0")
def db_truncated(ctx, sh):
    def damage(db):
        p = _index_file(db)
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2])
    _damaged(ctx, sh, "the PyPI index cut to half its bytes", damage)


@attack("3b", "advisory DB: index emptied", "scan --strict never exits 0")
def db_empty(ctx, sh):
    _damaged(ctx, sh, "the PyPI index emptied (0 bytes)", lambda db: _index_file(db).write_bytes(b""))


@attack("3c", "advisory DB: one index line deleted", "scan --strict never exits 0")
def db_line_deleted(ctx, sh):
    def damage(db):
        p = _index_file(db)
        lines = p.read_bytes().splitlines(keepends=True)
        keep = [l for l in lines if not l.startswith(b"requests")]
        if len(keep) == len(lines):
            raise RuntimeError("no requests line in the index (not a line index any more?)")
        p.write_bytes(b"".join(keep))
    _damaged(ctx, sh, "the `requests` line deleted from the PyPI index", damage)


@attack("3d", "advisory DB: a range bound edited in the data", "scan --strict never exits 0")
def db_bound_edited(ctx, sh):
    def damage(db):
        for p in sorted(_eco_dir(db).rglob("*")):
            if p.is_file() and "index" not in p.name.lower():
                data = p.read_bytes()
                if b"2.20.0" in data:
                    p.write_bytes(data.replace(b"2.20.0", b"2.19.0"))
                    return
        raise RuntimeError("the bound 2.20.0 is not stored as text (store format changed?)")
    _damaged(ctx, sh, "requests' `fixed` bound 2.20.0 rewritten to 2.19.0 in the data file (same length)", damage)


# --- 4. compliance evidence over a lockfile that could not be checked ------------------------


@attack("4", "evidence: the only lockfile cannot be checked", "6.3.1/6.3.3/11.3.1 not \"satisfied\"")
def evidence_unchecked(ctx, sh):
    db = sh.db()
    ctx.input_desc = (
        "Node repo: package.json + package-lock.json cut off mid-JSON (the only lockfile); "
        "`TOLLGATE_DB=DB tollgate evidence --framework pci-dss-4.0.1 -f json --path REPO`"
    )
    watch = ("6.3.1", "6.3.3", "11.3.1")

    def statuses(tree: Path, name: str):
        out = ctx.out / f"{name}.json"
        r = ctx.run(["evidence", "--framework", "pci-dss-4.0.1", "-f", "json", "--path", tree, "-o", out],
                    env={"TOLLGATE_DB": str(db)}, label=f"evidence {name}")
        doc = load_json(out)
        got = {}
        for c in (doc or {}).get("controls", []):
            cid = str(c.get("id") or c.get("control_id") or "")
            for w in watch:
                if cid.endswith(w) or cid == w or cid.endswith(" " + w):
                    got[w] = str(c.get("status"))
        return r, doc, got

    bad = ctx.dir / "repo"
    write(bad / "package.json", fx.package_json())
    write(bad / "package-lock.json", fx.package_lock()[:120])
    r, doc, got = statuses(bad, "broken")
    ctx.expect(doc is not None, f"evidence -f json wrote no JSON ({r.short()} {r.first_error()})")
    for w in watch:
        ctx.expect(w in got, f"control {w} missing from the evidence") and \
            ctx.expect(got[w] != "satisfied", f"{w} marked satisfied though the lockfile was not checked")
    good = ctx.dir / "clean"
    write(good / "package.json", fx.package_json())
    write(good / "package-lock.json", fx.package_lock("4.17.21"))
    r2, _, got2 = statuses(good, "clean")
    ctx.near_miss(any(v == "satisfied" for v in got2.values()),
                  f"the checked twin marks none of {watch} satisfied ({got2}); PASS would be vacuous")
    ctx.note(f"broken: {got}; clean twin: {got2}")


# --- 5. silent passes in dependency scanning -----------------------------------------------


@attack("5a", "build.gradle without gradle.lockfile", "scan --strict exits non-zero")
def gradle_scan(ctx, sh):
    db = sh.db()
    ctx.input_desc = "build.gradle declaring log4j-core 2.14.0, no gradle.lockfile; `scan --strict --only deps --db DB`"
    t = ctx.dir / "nolock"
    write(t / "build.gradle", fx.gradle_build())
    r, rep = scan_json(ctx, t, ["--only", "deps", "--db", db, "--strict"], "nolock")
    ctx.expect(r.rc not in (0, None), f"scan --strict exited 0 ({len(issues_for(rep, 'build.gradle'))} issues for build.gradle)")
    ok = ctx.dir / "locked"
    write(ok / "build.gradle", fx.gradle_build().replace("2.14.0", "2.15.0"))
    write(ok / "gradle.lockfile", fx.gradle_lockfile("2.15.0"))
    r2, _ = scan_json(ctx, ok, ["--only", "deps", "--db", db, "--strict"], "locked")
    ctx.near_miss(r2.rc == 0, f"with gradle.lockfile (2.15.0): {r2.short()} {r2.first_error()}")
    ctx.note(f"{r.short()}")


@attack("5b", "sbom of build.gradle without gradle.lockfile", "`tollgate sbom` exits non-zero")
def gradle_sbom(ctx, sh):
    ctx.input_desc = "build.gradle declaring log4j-core 2.14.0, no gradle.lockfile; `tollgate sbom DIR`"
    t = ctx.dir / "nolock"
    write(t / "build.gradle", fx.gradle_build())
    r = ctx.run(["sbom", t, "-o", ctx.out / "nolock.cdx.json"], label="sbom nolock")
    ctx.expect(r.rc not in (0, None), "sbom exited 0 with an SBOM missing every Gradle dependency")
    ok = ctx.dir / "locked"
    write(ok / "build.gradle", fx.gradle_build())
    write(ok / "gradle.lockfile", fx.gradle_lockfile("2.14.0"))
    r2 = ctx.run(["sbom", ok, "-o", ctx.out / "locked.cdx.json"], label="sbom locked")
    body = (ctx.out / "locked.cdx.json").read_text() if (ctx.out / "locked.cdx.json").exists() else ""
    ctx.near_miss(r2.rc == 0 and "log4j-core" in body, f"with gradle.lockfile: {r2.short()}, log4j-core listed: {'log4j-core' in body}")
    ctx.note(f"{r.short()} {r.first_error()}")


MALFORMED_YARN = """# yarn lockfile v1


lodash@^4.17.0:
<<<<<<< HEAD
  version "4.17.21
  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz
=======
  version [[[ 4.17.21
>>>>>>> feature
left-pad@^1.3.0
  integrity
"""

MALFORMED_PNPM = """lockfileVersion: '9.0'

packages:
  lodash@4.17.21:
    resolution: {integrity: sha512-AAAA
<<<<<<< HEAD
  left-pad@1.3.0: [
=======
  ]]]: {{
>>>>>>> feature
"""


def _malformed(ctx, sh, name, bad, good):
    db = sh.db()
    ctx.input_desc = f"{name} with merge-conflict markers and unclosed quotes/brackets (lodash 4.17.21, not vulnerable); `scan --strict --only deps --db DB`"
    t = ctx.dir / "bad"
    write(t / "package.json", fx.package_json())
    write(t / name, bad)
    r, rep = scan_json(ctx, t, ["--only", "deps", "--db", db, "--strict"], "bad")
    ctx.expect(r.rc not in (0, None), f"--strict exited 0 on a malformed {name} ({len(issues_for(rep, name))} issues)")
    g = ctx.dir / "good"
    write(g / "package.json", fx.package_json())
    write(g / name, good)
    r2, rep2 = scan_json(ctx, g, ["--only", "deps", "--db", db, "--strict"], "good")
    ctx.near_miss(r2.rc == 0, f"a well-formed {name} (lodash 4.17.21): {r2.short()} {r2.first_error()}")
    g2 = ctx.dir / "good-vuln"
    write(g2 / "package.json", fx.package_json())
    write(g2 / name, good.replace("4.17.21", "4.17.20"))
    r3, rep3 = scan_json(ctx, g2, ["--only", "deps", "--db", db], "good-vuln")
    ctx.near_miss(with_advisory(rep3, fx.LODASH_ID), f"a well-formed {name} with lodash 4.17.20 is not reported ({r3.short()})")
    ctx.note(f"{r.short()}")


@attack("5c", "malformed yarn.lock", "scan --strict exits non-zero")
def yarn_malformed(ctx, sh):
    _malformed(ctx, sh, "yarn.lock", MALFORMED_YARN, fx.yarn_lock("4.17.21"))


@attack("5d", "malformed pnpm-lock.yaml", "scan --strict exits non-zero")
def pnpm_malformed(ctx, sh):
    _malformed(ctx, sh, "pnpm-lock.yaml", MALFORMED_PNPM, fx.pnpm_lock("4.17.21"))


# --- 8. hostile POMs --------------------------------------------------------------------------


def _parent_block(rel: str) -> str:
    return (
        "  <parent>\n    <groupId>com.bank.example</groupId>\n    <artifactId>parent</artifactId>\n"
        f"    <version>1.0.0</version>\n    <relativePath>{rel}</relativePath>\n  </parent>\n"
    )


def _pom_runs(ctx, sh, tree: Path, name: str, timeout=None):
    db = sh.db()
    r, rep = scan_json(ctx, tree, ["--only", "deps", "--db", db], name, timeout=timeout)
    s = ctx.run(["sbom", tree, "-o", ctx.out / f"{name}.cdx.json"], label=f"sbom {name}", timeout=timeout)
    return r, rep, s


def _parent_followed(ctx, sh) -> bool:
    """Near miss for 8a-8c: a parent POM inside the tree is read (its property resolves the
    child's version in the SBOM); otherwise the hostile relativePath was never opened."""
    value = "7.7.7-inside"
    n = ctx.dir / "inside"
    write(n / "pom.xml", _parent_pom(value))
    write(n / "app" / "pom.xml", fx.pom("${app.secret}", _parent_block("../pom.xml")))
    s = ctx.run(["sbom", n, "-o", ctx.out / "inside.cdx.json"], label="sbom inside")
    body = (ctx.out / "inside.cdx.json").read_text() if (ctx.out / "inside.cdx.json").exists() else ""
    return ctx.near_miss(value in body, f"a parent POM inside the tree is not read by sbom ({s.short()} {s.first_error()}), so the hostile relativePath is never opened")


def _parent_pom(prop: str) -> str:
    return (
        '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.bank.example</groupId>\n"
        "  <artifactId>parent</artifactId>\n  <version>1.0.0</version>\n  <packaging>pom</packaging>\n"
        f"  <properties>\n    <app.secret>{prop}</app.secret>\n  </properties>\n</project>\n"
    )


@attack("8a", "pom.xml <relativePath>/dev/zero", "no hang, bounded memory, no panic")
def pom_dev_zero(ctx, sh):
    ctx.input_desc = "pom.xml with <parent><relativePath>/dev/zero</relativePath>; `scan --only deps` and `sbom`"
    t = ctx.dir / "tree"
    write(t / "pom.xml", fx.pom("2.14.0", _parent_block("/dev/zero")))
    r, rep, s = _pom_runs(ctx, sh, t, "devzero")
    _parent_followed(ctx, sh)
    ctx.note(f"scan {r.short()} in {r.seconds:.1f} s, sbom {s.short()} in {s.seconds:.1f} s")


@attack("8b", "pom.xml <relativePath> to a FIFO", "no hang (FIFO never written)")
def pom_fifo(ctx, sh):
    ctx.input_desc = "tree/parent.xml is a FIFO nobody writes; tree/app/pom.xml has <relativePath>../parent.xml</relativePath>; `scan --only deps` and `sbom` of tree"
    t = ctx.dir / "tree"
    write(t / "app" / "pom.xml", fx.pom("2.14.0", _parent_block("../parent.xml")))
    os.mkfifo(t / "parent.xml")
    r, rep, s = _pom_runs(ctx, sh, t, "fifo", timeout=min(ctx.limits.timeout, 30))
    _parent_followed(ctx, sh)
    ctx.note(f"scan {r.short()} in {r.seconds:.1f} s, sbom {s.short()} in {s.seconds:.1f} s")


@attack("8c", "pom.xml parent outside the scanned tree holding properties", "outside values absent from `sbom`")
def pom_outside(ctx, sh):
    value = ctx.plant("9.9.9-" + fx.rand(24), "outside property value")
    ctx.input_desc = (
        "outside/pom.xml (not under the scanned tree) defines <app.secret>9.9.9-<24 random></app.secret>; "
        "tree/app/pom.xml has <relativePath>../../outside/pom.xml</relativePath> and a dependency "
        "version ${app.secret}; `sbom tree` and `scan tree`"
    )

    write(ctx.dir / "outside" / "pom.xml", _parent_pom(value))
    t = ctx.dir / "tree"
    write(t / "app" / "pom.xml", fx.pom("${app.secret}", _parent_block("../../outside/pom.xml")))
    r, rep, s = _pom_runs(ctx, sh, t, "outside")
    _parent_followed(ctx, sh)
    ctx.note(f"sbom {s.short()}, scan {r.short()}")


@attack("8d", "210 KB deeply nested pom.xml", "no stack overflow, no hang")
def pom_nested(ctx, sh):
    depth = 30_000
    ctx.input_desc = f"pom.xml = <project> + {depth} nested <a> elements (210 KB); `scan --only deps` and `sbom`"
    t = ctx.dir / "tree"
    write(t / "pom.xml", "<project>" + "<a>" * depth + "</a>" * depth + "</project>\n")
    r, rep, s = _pom_runs(ctx, sh, t, "nested")
    ctx.note(f"scan {r.short()}, sbom {s.short()}")


# --- 10. hostile mirrors and a zip bomb ------------------------------------------------------


def _db_state(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}


def _leftovers(ctx, db: Path) -> list[str]:
    out = []
    for p in list(ctx.dir.iterdir()) + (list(db.rglob("*")) if db.exists() else []):
        if "download" in p.name.lower() or p.name.endswith(".tmp") or p.name.startswith(".") and p.is_dir():
            out.append(str(p.relative_to(ctx.dir)))
    return out


def _hostile(ctx, sh, mode: str, what: str):
    ctx.input_desc = (
        f"`db update --base-url http://127.0.0.1:PORT/{mode} --ecosystem Maven --db DB` against a server that sends {what}"
    )
    db = sh.db_copy(ctx.dir / "db")
    before = _db_state(db)
    args = ["db", "update", "--db", db, "--ecosystem", "Maven"]
    if sh.has_option("--timeout", "db", "update"):
        args += ["--timeout", "10"]
        ctx.note("used --timeout 10")
    with HostileServer() as srv:
        r = ctx.run(args + ["--base-url", srv.url(mode)], label=f"db update {mode}")
    ctx.expect(r.rc not in (0, None) or r.timed_out, f"db update exited 0 against {what}")
    left = _leftovers(ctx, db)
    ctx.expect(not left, f"left behind after the failure: {left}")
    ctx.expect(_db_state(db) == before, "the existing database changed although the update failed")
    ctx.note(f"{r.short()} in {r.seconds:.1f} s: {r.first_error()}")
    return r


@attack("10a", "db update: chunk size 0x7fffffffffffffff", "fails cleanly, bounded memory, no .download left", slow=True)
def upd_chunk(ctx, sh):
    _hostile(ctx, sh, "huge-chunk", "`Transfer-Encoding: chunked` with chunk size 7fffffffffffffff")


@attack("10b", "db update: Content-Length 9223372036854775807", "fails cleanly, bounded memory, no .download left", slow=True)
def upd_cl(ctx, sh):
    _hostile(ctx, sh, "content-length-max", "`Content-Length: 9223372036854775807`, 64 MiB, then close")


@attack("10c", "db update: no length, endless body", "fails within the limits, no .download left", slow=True)
def upd_endless(ctx, sh):
    _hostile(ctx, sh, "endless-body", "a body without length that never ends")


@attack("10d", "db update: endless header lines", "fails within the limits, no .download left", slow=True)
def upd_headers(ctx, sh):
    _hostile(ctx, sh, "endless-headers", "header lines that never end")


@attack("10e", "db update: 1 byte every 20 s", "gives up before the run timeout, no .download left", slow=True)
def upd_slow(ctx, sh):
    _hostile(ctx, sh, "slow", "one byte every 20 s")


def _maven_packages(ctx, db: Path) -> int | None:
    r = ctx.run(["db", "status", "--db", db], label="db status")
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if parts and parts[0] == "Maven" and len(parts) > 2 and parts[2].isdigit():
            return int(parts[2])
    return None


@attack("10f", "db update: a zip that shrinks Maven to 1 package", "refused without --force", slow=True)
def upd_shrink(ctx, sh):
    ctx.input_desc = (
        "DB holding 34 Maven packages; mirror serves a valid Maven all.zip with 1 advisory; "
        "`db update --base-url http://127.0.0.1:PORT/zip/shrink --ecosystem Maven --db DB`"
    )
    db = sh.db_copy(ctx.dir / "db")
    n0 = _maven_packages(ctx, db)
    one = fx.osv_zip(ctx.dir / "one.zip", [fx.osv("ATTACK-ONE", "Maven", "com.one:only", "0", "1.0.1")])
    full = fx.osv_zip(ctx.dir / "full.zip", [r for r in fx.core_records() if r["affected"][0]["package"]["ecosystem"] == "Maven"])
    with HostileServer() as srv:
        srv.files["shrink"] = one.read_bytes()
        srv.files["full"] = full.read_bytes()
        r = ctx.run(["db", "update", "--db", db, "--ecosystem", "Maven", "--base-url", srv.url("zip/shrink")], label="db update shrink")
        n1 = _maven_packages(ctx, db)
        ctx.expect(r.rc not in (0, None), f"the shrinking update was accepted ({r.short()}; Maven packages {n0} -> {n1})")
        ctx.expect(n1 == n0, f"Maven packages went from {n0} to {n1}")
        ctx.expect(not _leftovers(ctx, db), f"left behind: {_leftovers(ctx, db)}")
        r2 = ctx.run(["db", "update", "--db", db, "--ecosystem", "Maven", "--base-url", srv.url("zip/full")], label="db update full")
        ctx.near_miss(r2.rc == 0, f"a full-size Maven zip from the same mirror is refused ({r2.short()} {r2.first_error()})")
        if sh.has_option("--force", "db", "update"):
            r3 = ctx.run(["db", "update", "--db", db, "--ecosystem", "Maven", "--force", "--base-url", srv.url("zip/shrink")], label="db update --force")
            ctx.near_miss(r3.rc == 0 and _maven_packages(ctx, db) == 1, f"--force does not accept the shrink ({r3.short()})")
        else:
            ctx.note("this build has no --force")
    ctx.note(f"{r.short()}: {r.first_error()}")


@attack("10g", "db import of a zip bomb (one entry > 4 GiB)", "fails fast within the memory limit", slow=True)
def import_bomb(ctx, sh):
    ctx.input_desc = "zip with one Zip64 entry bomb.json (4 MiB deflated, inflates to 4 GiB + 16 MiB of zeros); `db import bomb.zip --db DB`"
    bomb = fx.zip_bomb(ctx.dir / "bomb.zip")
    db = sh.db_copy(ctx.dir / "db")
    before = _db_state(db)
    r = ctx.run(["db", "import", bomb, "--db", db], label="db import bomb")
    ctx.expect(r.rc not in (0, None), f"the bomb was imported ({r.short()})")
    ctx.expect(r.seconds < 20 or r.timed_out, f"took {r.seconds:.1f} s to fail (not fast)")
    ctx.expect(_db_state(db) == before, "the database changed")
    ctx.note(f"{r.short()} in {r.seconds:.1f} s: {r.first_error()}")
