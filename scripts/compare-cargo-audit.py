#!/usr/bin/env python3
"""Compare Tollgate's dependency findings with cargo-audit's JSON output on the same
Cargo.lock files and the same RustSec snapshot; print every difference.

  compare-cargo-audit.py TOLLGATE DB_DIR REFERENCE_DIR LOCKFILE_DIR

REFERENCE_DIR holds `cargo audit --json` outputs named like `cargo_<name>.Cargo.lock.json`;
LOCKFILE_DIR holds the matching `<name>.Cargo.lock` files. Exit 0 when everything matches."""
import json, os, shutil, subprocess, sys, tempfile

tollgate, db, refdir, lockdir = sys.argv[1:5]
failures = 0
for ref in sorted(os.listdir(refdir)):
    if not ref.startswith("cargo_") or not ref.endswith(".Cargo.lock.json"):
        continue
    name = ref[len("cargo_"):-len(".json")]
    lock = os.path.join(lockdir, name)
    if not os.path.exists(lock):
        print(f"{name}: lockfile missing, skipped")
        continue
    expected = json.load(open(os.path.join(refdir, ref)))
    want_v = {(v["advisory"]["id"], v["package"]["name"], v["package"]["version"]) for v in expected["vulnerabilities"]["list"]}
    want_n = set()
    for kind, items in (expected.get("warnings") or {}).items():
        for w in items or []:
            if w.get("advisory"):
                want_n.add((w["advisory"]["id"], w["package"]["name"], w["package"]["version"]))
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(lock, os.path.join(d, "Cargo.lock"))
        out = os.path.join(d, "r.json")
        subprocess.run([tollgate, "scan", d, "--only", "deps", "--db", db, "--no-progress",
                        "-f", "json", "-o", out, "--fail-on", "none", "-q"], check=True)
        report = json.load(open(out))
    got_v, got_n = set(), set()
    for f in report["findings"]:
        key = (f["subject"]["advisory"], f["subject"]["name"], f["subject"]["version"])
        (got_v if f["rule_id"] == "deps/vulnerable-package" else got_n).add(key)
    issues = [i for i in report["file_issues"] if i["kind"] == "error"]
    ok = got_v == want_v and got_n == want_n and not issues
    failures += not ok
    print(f"{'OK  ' if ok else 'DIFF'} {name}: vulnerabilities {len(got_v)} (cargo-audit {len(want_v)}), notices {len(got_n)} (cargo-audit {len(want_n)})")
    for k in sorted(want_v - got_v):
        print("   missing vulnerability", k)
    for k in sorted(got_v - want_v):
        print("   extra vulnerability  ", k)
    for k in sorted(want_n - got_n):
        print("   missing notice       ", k)
    for k in sorted(got_n - want_n):
        print("   extra notice         ", k)
    for i in issues:
        print("   error", i)
sys.exit(1 if failures else 0)
