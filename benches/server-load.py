#!/usr/bin/env python3
"""Load test of `tollgate serve`, on SQLite and on PostgreSQL, from a second process on
loopback: ingest throughput (findings per second) while the database grows to a million
findings, the latency of other requests during a large import, and API and dashboard
p50/p99 latency at a million findings, measured with wrk.

    benches/server-load.py [--products 10] [--per-product 100000] [--engines sqlite,postgres]

Needs a release build (`cargo build --release -p tollgate`; the script builds it), wrk
(`scripts/setup.sh --bench`) and, for the PostgreSQL half, a server at
TOLLGATE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test; the script
creates and drops a database of its own). Only 127.0.0.1 is contacted.
"""

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEVERITIES = ["critical", "high", "medium", "low", "info"]
WEIGHTS = [2, 10, 40, 40, 8]
RULES = {
    "secrets": ["aws-access-key-id", "stripe-secret-key", "generic-password"],
    "deps": ["vulnerable-package", "licence-not-allowed"],
    "iac": ["aws/s3-bucket-public-acl", "aws/sg-open-ingress", "k8s/privileged-container"],
}


def report(product, n, started, keep=1.0, seed=0):
    """A Tollgate JSON report of n findings (a fraction `keep` of them, the rest fixed)."""
    rnd = random.Random(seed)
    findings = []
    for i in range(n):
        if rnd.random() > keep:
            continue
        scanner = ("secrets", "deps", "iac")[i % 3]
        rule = f"{scanner}/{RULES[scanner][i % len(RULES[scanner])]}"
        path = f"services/{product}/module{i % 97}/File{i}.java"
        sev = rnd.choices(SEVERITIES, WEIGHTS)[0]
        findings.append({
            "rule_id": rule, "title": f"{rule} in {path}", "message": "synthetic finding",
            "severity": sev, "confidence": "high",
            "location": {"path": path, "start_line": 1 + i % 400, "start_column": 1, "end_line": 1 + i % 400, "end_column": 9},
            "cwe": [798], "tags": [], "controls": ["pci-dss-4.0.1:6.3.3"],
            "fingerprint": hashlib.sha256(f"{product}{i}".encode()).hexdigest()[:32],
        })
    return {
        "schema_version": 2, "tool": {"name": "tollgate", "version": "bench"},
        "target": {"path": ".", "mode": "worktree"}, "config_digest": "0" * 64,
        "scanners": ["secrets", "deps", "iac"], "rules": [],
        "summary": {"total": len(findings), "suppressed": 0, "by_severity": {}, "by_scanner": {}},
        "findings": findings, "file_issues": [],
        "stats": {"files_scanned": 0, "bytes_scanned": 0, "files_skipped": 0, "file_errors": 0},
        "coverage": {s: {"ran": True, "files": n} for s in ("secrets", "deps", "iac")},
        "timing": {"started_at": started, "duration_ms": 1},
    }


def call(base, token, method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.status, r.read()


def wait_done(base, token, import_id):
    while True:
        _, body = call(base, token, "GET", f"/api/v1/imports/{import_id}")
        v = json.loads(body)
        if v["status"] in ("done", "failed"):
            return v
        time.sleep(0.05)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def dashboard_cookie(base, token):
    """Signs in through the dashboard's form, as a person would: the session cookie."""
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(base + "/ui/login", timeout=30) as r:
        pending = r.headers["Set-Cookie"].split(";")[0]
        page = r.read().decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "token": token}).encode()
    req = urllib.request.Request(base + "/ui/login", data=body, method="POST")
    req.add_header("Cookie", pending)
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        opener.open(req, timeout=30)
    except urllib.error.HTTPError as e:
        if e.code not in (302, 303):
            raise
        return e.headers["Set-Cookie"].split(";")[0]
    raise RuntimeError("the dashboard sign-in did not redirect")


def page_ok(base, header, path):
    """The page answers 200 itself (not a redirect to the sign-in form)."""
    req = urllib.request.Request(base + path)
    k, v = header.split(": ", 1)
    req.add_header(k, v)
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=60) as r:
            return r.status == 200
    except urllib.error.HTTPError:
        return False


def wrk(base, header, path, seconds):
    if not page_ok(base, header, path):
        raise RuntimeError(f"{path} does not answer 200 with the benchmark's credentials")
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", header, base + path],
        capture_output=True, text=True, check=True).stdout
    def ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return ms("50%"), ms("99%"), float(rps.group(1)) if rps else float("nan"), int(non2xx.group(1)) if non2xx else 0


def run_engine(engine, tollgate, args, work):
    data = os.path.join(work, f"data-{engine}")
    env = dict(os.environ, TOLLGATE_RATE_LIMIT="1000000000", SOURCE_DATE_EPOCH="")
    env.pop("SOURCE_DATE_EPOCH")
    storage = ["--data-dir", data]
    pg_db = None
    if engine == "postgres":
        base_url = os.environ.get("TOLLGATE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
        pg_db = f"tollgate_bench_{os.getpid()}"
        subprocess.run(["psql", base_url, "-qc", f"DROP DATABASE IF EXISTS {pg_db}"], check=True)
        subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {pg_db}"], check=True)
        storage += ["--database", base_url.rsplit("/", 1)[0] + "/" + pg_db]
    port = 18990 if engine == "sqlite" else 18991
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([tollgate, "serve", "--listen", f"127.0.0.1:{port}", *storage], env=env,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        token = open(os.path.join(data, "admin-token")).read().strip()
        rows = []
        now = int(time.time())
        ingest_s = 0.0
        ingested = 0
        during = []
        for p in range(args.products):
            name = f"product-{p:02d}"
            call(base, token, "POST", "/api/v1/products",
                 json.dumps({"name": name, "risk_tier": "critical" if p % 3 == 0 else "standard",
                             "regulatory_scope": ["pci-dss"] if p % 2 == 0 else []}).encode(),
                 {"Content-Type": "application/json"})
            started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 86400 * 30))
            body = gzip.compress(json.dumps(report(name, args.per_product, started, seed=p)).encode(), 1)
            t0 = time.monotonic()
            _, r = call(base, token, "POST", f"/api/v1/products/{name}/imports?branch=main", body,
                        {"Content-Type": "application/json", "Content-Encoding": "gzip"})
            import_id = json.loads(r)["id"]
            if p == 0:
                # Other requests while the first large import runs.
                stop = threading.Event()
                def probe():
                    while not stop.is_set():
                        t = time.monotonic()
                        call(base, token, "GET", "/api/v1/products")
                        during.append((time.monotonic() - t) * 1000)
                th = threading.Thread(target=probe)
                th.start()
            v = wait_done(base, token, import_id)
            dt = time.monotonic() - t0
            if p == 0:
                stop.set()
                th.join()
            assert v["status"] == "done", v
            ingest_s += dt
            ingested += args.per_product
        # A rescan of product-00 a day later that fixes a tenth: the lifecycle at full size.
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 86400 * 29))
        body = gzip.compress(json.dumps(report("product-00", args.per_product, started, keep=0.9, seed=0)).encode(), 1)
        t0 = time.monotonic()
        _, r = call(base, token, "POST", "/api/v1/products/product-00/imports?branch=main", body,
                    {"Content-Type": "application/json", "Content-Encoding": "gzip"})
        v = wait_done(base, token, json.loads(r)["id"])
        rescan_s = time.monotonic() - t0
        total = ingested
        print(f"[{engine}] {total} findings in {ingest_s:.1f} s of imports: {total / ingest_s:,.0f} findings/s; "
              f"rescan of {args.per_product} ({v['message']}) in {rescan_s:.1f} s", flush=True)
        during.sort()
        if during:
            print(f"[{engine}] GET /api/v1/products during the first import: {len(during)} requests, "
                  f"p50 {during[len(during) // 2]:.1f} ms, max {during[-1]:.1f} ms", flush=True)
        bearer = f"Authorization: Bearer {token}"
        cookie = "Cookie: " + dashboard_cookie(base, token)
        targets = [
            ("API findings page", bearer, "/api/v1/products/product-00/findings?limit=50"),
            ("API findings, high only", bearer, "/api/v1/products/product-00/findings?severity=high&limit=50"),
            ("API KPIs", bearer, "/api/v1/products/product-00/kpis"),
            ("API products", bearer, "/api/v1/products"),
            ("dashboard portfolio", cookie, "/ui/"),
            ("dashboard product", cookie, "/ui/products/product-00"),
            ("dashboard finding", cookie, "/ui/findings/1"),
        ]
        for label, header, path in targets:
            p50, p99, rps, bad = wrk(base, header, path, args.seconds)
            rows.append((engine, label, p50, p99, rps, bad))
            print(f"[{engine}] {label:28} p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  {rps:8.1f} req/s  non-2xx {bad}", flush=True)
        return rows
    finally:
        server.terminate()
        server.wait()
        if pg_db:
            subprocess.run(["psql", os.environ.get("TOLLGATE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"),
                            "-qc", f"DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=10)
    ap.add_argument("--per-product", type=int, default=100_000)
    ap.add_argument("--engines", default="sqlite,postgres")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--profile", default="release", choices=["release", "debug"])
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: scripts/setup.sh --bench")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    build = ["cargo", "build", "-q", "-p", "tollgate"] + (["--release"] if args.profile == "release" else [])
    subprocess.run(build, cwd=ROOT, check=True)
    tollgate = os.path.join(target, args.profile, "tollgate")
    work = tempfile.mkdtemp(prefix="tollgate-server-load-")
    try:
        for engine in args.engines.split(","):
            run_engine(engine, tollgate, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
