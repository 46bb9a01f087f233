#!/usr/bin/env python3
"""Writes Tollgate's labelled static-analysis suite: small web handlers in five languages,
half of them vulnerable and half safe look-alikes, and the expected results.

    generate.py OUTDIR

OUTDIR/<language>/<category>/<case files> and OUTDIR/expectedresults.csv
(case_id,language,category,vulnerable,cwe,path). The output depends on nothing but this
code: the same code writes the same bytes.
"""
import random
import sys
from pathlib import Path

import suite_go
import suite_java
import suite_js
import suite_python
from suite_common import FLOW

# Category name and CWE, in the order cases are numbered.
CATEGORIES = [
    ("sqli", 89), ("cmdi", 78), ("pathtraver", 22), ("xss", 79), ("ssrf", 918),
    ("redirect", 601), ("weakrand", 330), ("hash", 328), ("crypto", 327),
    ("deserialization", 502),
]
# Pairs (one vulnerable case and its safe twin) per language and category.
PAIRS = 16
# One pair in this many puts part of the flow in a helper file.
TWO_FILE_EVERY = 8

LANGS = [
    suite_java.Java(), suite_python.Python(), suite_js.Js(typescript=False),
    suite_js.Js(typescript=True), suite_go.Go(),
]


def plan(lang, cat):
    """The pairs of one language and category: source, propagation, reason, sink, build."""
    opts = lang.options(cat)
    if opts is None:
        return []
    rng = random.Random(f"{lang.name}/{cat}")
    sources = list(opts["sources"])
    props = list(opts["props"])
    rng.shuffle(sources)
    rng.shuffle(props)
    flow = [r for r in FLOW if r in opts["reasons"]]
    other = [r for r in opts["reasons"] if r not in FLOW]
    pairs = []
    for i in range(PAIRS):
        if flow and (i % 2 == 0 or not other):
            reason = flow[(i // 2) % len(flow)]
        else:
            reason = other[(i // 2) % len(other)]
        source = sources[i % len(sources)]
        fw = source.split(":")[0]
        ok = [s for s in opts["sinks"] if lang.supports(cat, s, reason, fw)]
        if not ok:  # pick a source whose framework has a sink for this reason
            for source in sources:
                fw = source.split(":")[0]
                ok = [s for s in opts["sinks"] if lang.supports(cat, s, reason, fw)]
                if ok:
                    break
        if not ok:
            raise SystemExit(f"no sink for {lang.name}/{cat}/{reason}")
        # Alternately a flow shape and a rewrite of the value in the helper file.
        spot = TWO_FILE_EVERY // 2 - (i // TWO_FILE_EVERY) % 2
        two = i % TWO_FILE_EVERY == spot and lang.two_file_ok(cat, reason)
        pairs.append({
            "source": source, "fw": fw, "reason": reason,
            "sink": ok[((i // 3) if flow else i) % len(ok)],
            "prop": props[(i * 5 + 1) % len(props)],
            "build": opts["builds"][i % len(opts["builds"])],
            "two_file": two, "index": i,
        })
    return pairs


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: generate.py OUTDIR")
    out = Path(sys.argv[1])
    rows = []
    for lang in LANGS:
        number = 0
        for cat, cwe in CATEGORIES:
            cases = [(p, v) for p in plan(lang, cat) for v in (True, False)]
            random.Random(f"order/{lang.name}/{cat}").shuffle(cases)
            for pair, vulnerable in cases:
                number += 1
                case_id = lang.case_id(number)
                files = lang.render(case_id, cat, pair, vulnerable)
                folder = out / lang.name / cat
                folder.mkdir(parents=True, exist_ok=True)
                for name, text in files.items():
                    (folder / name).write_text(text, encoding="utf-8", newline="\n")
                main_file = next(iter(files))
                rows.append(f"{case_id},{lang.name},{cat},{str(vulnerable).lower()},{cwe},"
                            f"{lang.name}/{cat}/{main_file}")
    header = "# case_id,language,category,vulnerable,cwe,path"
    (out / "expectedresults.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} cases to {out}")


if __name__ == "__main__":
    main()
