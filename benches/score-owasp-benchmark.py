#!/usr/bin/env python3
"""Scores a tool's findings on the OWASP Benchmark for Java against its expected results.

    score-owasp-benchmark.py EXPECTED.csv tollgate REPORT.json
    score-owasp-benchmark.py EXPECTED.csv semgrep  RESULTS.json

A test case counts as reported when the tool has a finding of the case's category in the
case's file (Tollgate: by rule; Semgrep: by the CWE its rule declares). Prints per
category TP/FN/FP/TN, TPR, FPR and TPR - FPR, then the average over categories, as JSON
on the last line for the comparison script.
"""
import csv
import json
import re
import sys
from collections import defaultdict

# Tollgate rule slugs (after `sast/java/`) per Benchmark category.
TOLLGATE = {
    "cmdi": {"command-injection"},
    "crypto": {"weak-cipher", "ecb-mode"},
    "hash": {"weak-hash"},
    "ldapi": {"ldap-injection"},
    "pathtraver": {"path-traversal"},
    "securecookie": {"insecure-cookie"},
    "sqli": {"sql-injection"},
    "trustbound": {"trust-boundary-violation"},
    "weakrand": {"insecure-random"},
    "xpathi": {"xpath-injection"},
    "xss": {"xss"},
}
# The CWE of each category, as the expected-results file gives it.
CWE = {"cmdi": 78, "crypto": 327, "hash": 328, "ldapi": 90, "pathtraver": 22,
       "securecookie": 614, "sqli": 89, "trustbound": 501, "weakrand": 330,
       "xpathi": 643, "xss": 79}


def case_of(path):
    m = re.search(r"(BenchmarkTest\d+)", path)
    return m.group(1) if m else None


def tollgate_hits(report):
    hits = defaultdict(set)
    for f in report["findings"]:
        case = case_of(f["location"]["path"])
        if case and f.get("suppression") is None:
            slug = f["rule_id"].split("/")[-1]
            for cat, slugs in TOLLGATE.items():
                if slug in slugs:
                    hits[case].add(cat)
    return hits


def semgrep_hits(results):
    hits = defaultdict(set)
    for r in results["results"]:
        case = case_of(r["path"])
        if not case:
            continue
        cwes = r.get("extra", {}).get("metadata", {}).get("cwe", [])
        if isinstance(cwes, str):
            cwes = [cwes]
        nums = {int(m) for c in cwes for m in re.findall(r"CWE-(\d+)", c)}
        for cat, cwe in CWE.items():
            # Semgrep tags weak hashing CWE-327 or 328 and randomness 330 or 338.
            if cwe in nums or (cat == "hash" and 327 in nums and "hash" in r["check_id"].lower()) \
                    or (cat == "weakrand" and 338 in nums) \
                    or (cat == "securecookie" and nums & {614, 1004}):
                hits[case].add(cat)
    return hits


def main():
    expected, tool, path = sys.argv[1:4]
    data = json.load(open(path))
    hits = tollgate_hits(data) if tool == "tollgate" else semgrep_hits(data)
    stats = defaultdict(lambda: [0, 0, 0, 0])
    for row in csv.reader(open(expected)):
        if not row or row[0].startswith("#"):
            continue
        name, cat, real = row[0], row[1], row[2] == "true"
        found = cat in hits[name]
        s = stats[cat]
        s[0 if real and found else 1 if real else 2 if found else 3] += 1
    out = {}
    for cat in sorted(stats):
        tp, fn, fp, tn = stats[cat]
        tpr = tp / (tp + fn) if tp + fn else 0.0
        fpr = fp / (fp + tn) if fp + tn else 0.0
        out[cat] = {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "tpr": tpr, "fpr": fpr}
        print(f"{cat:13s} TP {tp:4d} FN {fn:4d} FP {fp:4d} TN {tn:4d}  "
              f"TPR {tpr * 100:5.1f}  FPR {fpr * 100:5.1f}  score {(tpr - fpr) * 100:6.1f}")
    score = sum(v["tpr"] - v["fpr"] for v in out.values()) / max(len(out), 1) * 100
    print(f"overall score {score:.2f}")
    print(json.dumps({"score": score, "categories": out}))


if __name__ == "__main__":
    main()
