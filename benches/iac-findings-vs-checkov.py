#!/usr/bin/env python3
"""Side by side: checkov's failed checks and Tollgate's IaC findings on the same tree.

usage: iac-findings-vs-checkov.py CHECKOV_JSON TOLLGATE_JSON RULES_JSON

A checkov failure counts as covered when Tollgate reports, on the same resource address
(instance keys ignored: checkov drops some), a rule that declares that checkov id among its
aliases (`tollgate rules --format json`). Prints, per checkov check: failures, covered, and
the uncovered resources; then Tollgate findings checkov has no failure for. The verdicts on
the uncovered ones (true finding we miss, or checkov's evaluation error) are a human's: see
docs/benchmarks.md.
"""
import json
import re
import sys
from collections import defaultdict

checkov_path, tollgate_path, rules_path = sys.argv[1:4]
checkov = json.load(open(checkov_path))
if isinstance(checkov, dict):
    checkov = [checkov]
report = json.load(open(tollgate_path))
rules = json.load(open(rules_path))
if isinstance(rules, dict):
    rules = rules.get("rules", [])

aliases = defaultdict(set)  # checkov id -> tollgate rule ids
for r in rules:
    for a in r.get("aliases", []) or []:
        aliases[a.upper()].add(r["id"])


def norm(address):
    """Compare addresses without instance keys (checkov drops some), without the root
    directory Tollgate prefixes to resources of roots below the scan root, and with
    Kubernetes `Kind/namespace/name` written as checkov writes it (`Kind.namespace.name`)."""
    a = re.sub(r"\[[^\]]*\]", "", address or "")
    a = re.sub(r"^(?:[^.]*/)(?=(?:module|data)\.|[a-z0-9_]+\.[A-Za-z0-9_-]+$|[a-z0-9_]+\.[A-Za-z0-9_-]+\.)", "", a)
    if re.match(r"^[A-Z][A-Za-z]+/[^/]+/[^/]+$", a):
        a = a.replace("/", ".")
    return a


ours = defaultdict(set)  # normalised address -> rule ids
ours_list = []
for f in report.get("findings", []):
    res = (f.get("location") or {}).get("resource") or {}
    addr = res.get("address")
    if not addr or not f["rule_id"].startswith("iac/"):
        continue
    ours[norm(addr)].add(f["rule_id"])
    ours_list.append((f["rule_id"], addr, f["location"]["path"]))

by_check = defaultdict(list)
for block in checkov:
    for f in block["results"]["failed_checks"]:
        by_check[(block["check_type"], f["check_id"], f.get("check_name", ""))].append(f)

covered_ours = set()
print(f"{'type':<15} {'check':<13} {'fails':>5} {'covered':>7}  name")
for (ctype, cid, name), fails in sorted(by_check.items(), key=lambda x: (-len(x[1]), x[0])):
    mine = aliases.get(cid.upper(), set())
    cov = 0
    missing = []
    for f in fails:
        a = norm(f.get("resource", ""))
        hit = {r for r in ours.get(a, set()) if r in mine}
        if hit:
            cov += 1
            covered_ours.update((r, a) for r in hit)
        else:
            missing.append(f"{f.get('file_path','')}: {f.get('resource','')}")
    print(f"{ctype:<15} {cid:<13} {len(fails):>5} {cov:>7}  {name[:70]}")
    for m in missing:
        print(f"{'':<37}not covered: {m}")
print()
print("Tollgate findings with no checkov failure of an aliased check on the same resource:")
for rid, addr, path in sorted(ours_list):
    if (rid, norm(addr)) not in covered_ours:
        print(f"  {rid:<50} {path}: {addr}")
