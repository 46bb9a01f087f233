#!/usr/bin/env python3
"""Scores a tool's findings on the generated suite against its expected results.

    score.py EXPECTED.csv tollgate REPORT.json
    score.py EXPECTED.csv semgrep  RESULTS.json

A case counts as reported when the tool has a finding of the case's category in one of
the case's files (the case file or its helper, both named after the case id). Tollgate
findings map to categories by rule slug, Semgrep results by the CWE their rule declares.
Prints TP/FN/FP/TN, TPR, FPR and TPR - FPR per language and category, the average per
language and over all (language, category) pairs, then the same as JSON on the last line.
"""
import csv
import json
import re
import sys
from collections import defaultdict

# Tollgate rule slugs (the last part of `sast/<language>/<slug>`) per category.
TOLLGATE = {
    "sqli": {"sql-injection"},
    "cmdi": {"command-injection"},
    "pathtraver": {"path-traversal"},
    "xss": {"xss"},
    "ssrf": {"ssrf"},
    "redirect": {"open-redirect"},
    "weakrand": {"insecure-random"},
    "hash": {"weak-hash"},
    "crypto": {"weak-cipher", "ecb-mode"},
    "deserialization": {"unsafe-deserialization"},
}
# The CWEs a Semgrep rule may declare for each category.
CWE = {"sqli": {89}, "cmdi": {78, 77}, "pathtraver": {22, 23, 73}, "xss": {79}, "ssrf": {918},
       "redirect": {601}, "weakrand": {330, 338}, "hash": {328}, "crypto": {327, 326},
       "deserialization": {502}}
CASE = re.compile(r"(Case(?:Java|Python|Js|Ts)\d{4}|case_go_\d{4})")


def case_of(path):
    m = CASE.match(path.replace("\\", "/").rsplit("/", 1)[-1])
    return m.group(1) if m else None


def tollgate_hits(report):
    hits = defaultdict(set)
    for f in report.get("findings", []):
        if f.get("suppression") is not None:
            continue
        case = case_of(f["location"]["path"])
        if not case:
            continue
        slug = f["rule_id"].split("/")[-1]
        for cat, slugs in TOLLGATE.items():
            if slug in slugs:
                hits[case].add(cat)
    return hits


def semgrep_hits(results):
    hits = defaultdict(set)
    for r in results.get("results", []):
        case = case_of(r["path"])
        if not case:
            continue
        cwes = r.get("extra", {}).get("metadata", {}).get("cwe", [])
        if isinstance(cwes, str):
            cwes = [cwes]
        nums = {int(m) for c in cwes for m in re.findall(r"CWE-(\d+)", str(c))}
        check = r.get("check_id", "").lower()
        for cat, want in CWE.items():
            # Weak hashes are often tagged CWE-327 (broken algorithm), like weak ciphers.
            hashy = cat == "hash" and 327 in nums and any(w in check for w in ("hash", "md5", "sha1"))
            if nums & want or hashy:
                hits[case].add(cat)
    return hits


def rates(s):
    tp, fn, fp, tn = s
    tpr = tp / (tp + fn) if tp + fn else 0.0
    fpr = fp / (fp + tn) if fp + tn else 0.0
    return tpr, fpr


def main():
    expected, tool, path = sys.argv[1:4]
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    hits = tollgate_hits(data) if tool == "tollgate" else semgrep_hits(data)
    stats = defaultdict(lambda: [0, 0, 0, 0])
    with open(expected, encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row or row[0].startswith("#"):
                continue
            case, lang, cat, real = row[0], row[1], row[2], row[3] == "true"
            found = cat in hits.get(case, ())
            stats[(lang, cat)][0 if real and found else 1 if real else 2 if found else 3] += 1
    langs = sorted({lang for lang, _ in stats}, key=["java", "python", "javascript", "typescript", "go"].index)
    out = {"languages": {}}
    all_scores = []
    print(f"{'language':11s} {'category':16s} {'TP':>4s} {'FN':>4s} {'FP':>4s} {'TN':>4s} "
          f"{'TPR':>6s} {'FPR':>6s} {'score':>7s}")
    for lang in langs:
        cats = {}
        for (lg, cat), s in sorted(stats.items()):
            if lg != lang:
                continue
            tpr, fpr = rates(s)
            cats[cat] = {"tp": s[0], "fn": s[1], "fp": s[2], "tn": s[3], "tpr": tpr, "fpr": fpr}
            all_scores.append(tpr - fpr)
            print(f"{lang:11s} {cat:16s} {s[0]:4d} {s[1]:4d} {s[2]:4d} {s[3]:4d} "
                  f"{tpr * 100:6.1f} {fpr * 100:6.1f} {(tpr - fpr) * 100:7.1f}")
        score = sum(v["tpr"] - v["fpr"] for v in cats.values()) / max(len(cats), 1) * 100
        out["languages"][lang] = {"score": score, "categories": cats}
        print(f"{lang:11s} {'average':16s} {'':29s} {score:7.1f}")
    overall = sum(all_scores) / max(len(all_scores), 1) * 100
    out["score"] = overall
    print("per language: " + ", ".join(f"{lg} {v['score']:.2f}" for lg, v in out["languages"].items()))
    print(f"overall score {overall:.2f} (mean of TPR - FPR over {len(all_scores)} language/category pairs)")
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
