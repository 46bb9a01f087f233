#!/usr/bin/env python3
"""Replay hostile inputs against the Tollgate release binary and check its promises.

    scripts/attack/run.py                     # build target/release/tollgate, run every attack
    scripts/attack/run.py --binary PATH       # use this binary, no build
    scripts/attack/run.py --only 10,15 --keep # some attacks; keep the temporary directory

Prints a Markdown table (attack, promise, result, detail), writes the same rows as JSON
(default target/attack/report.json) and exits 1 when any attack fails. See docs/attack.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

import fixtures  # noqa: E402
import harness  # noqa: E402
from harness import ERROR, FAIL, PASS, Context, Limits, Row  # noqa: E402
from registry import ATTACKS, Shared  # noqa: E402

import attacks_deps  # noqa: E402,F401  (registers attacks)
import attacks_scan  # noqa: E402,F401
import attacks_ledger  # noqa: E402,F401

REPO = HERE.parent.parent


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("ib", "").replace("b", "")
    mult = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(t[-1:], 1)
    return int(float(t[:-1] if t[-1:] in "kmg" else t) * mult)


def build(release: bool = True) -> Path:
    print("building: nice cargo build --release -p tollgate", file=sys.stderr)
    cmd = ["nice", "-n", "10", "cargo", "build", "--release", "-p", "tollgate"]
    subprocess.run(cmd, cwd=REPO, check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=REPO, check=True, capture_output=True,
    )
    target = Path(json.loads(meta.stdout)["target_directory"])
    return target / "release" / "tollgate"


def base_env() -> dict[str, str]:
    """A small, predictable environment: nothing of the caller's Tollgate or CI settings."""
    keep = ("PATH", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "SHELL")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update(
        GIT_AUTHOR_NAME="Attack", GIT_AUTHOR_EMAIL="attack@example.invalid",
        GIT_COMMITTER_NAME="Attack", GIT_COMMITTER_EMAIL="attack@example.invalid",
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def selected(only: str | None):
    if not only:
        return list(ATTACKS)
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    return [a for a in ATTACKS if any(a.id == w or a.id.startswith(w) and not a.id[len(w):len(w) + 1].isdigit() for w in wanted)]


def run_one(spec, root: Path, binary: Path, limits: Limits, env, shared: Shared) -> Row:
    ctx = Context(spec.id, root, binary, limits, env)
    start = time.monotonic()
    crashed = None
    try:
        spec.fn(ctx, shared)
    except Exception:  # an attack that cannot be set up is reported, not hidden
        crashed = harness.describe_exception()
    try:
        ctx.check_secrets()
    except Exception:
        crashed = crashed or harness.describe_exception()
    return ctx.row(spec.title, spec.promise, time.monotonic() - start, crashed)


def cell(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def markdown(rows: list[Row], detail_limit: int) -> str:
    out = ["| # | attack | promise | result | detail |", "|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r.id} | {cell(r.attack, 80)} | {cell(r.promise, 70)} | **{r.result}** | {cell(r.detail, detail_limit)} |")
    passed = sum(r.result == PASS for r in rows)
    out.append("")
    out.append(f"{passed} of {len(rows)} attacks passed; {sum(r.result == FAIL for r in rows)} failed; "
               f"{sum(r.result == ERROR for r in rows)} could not be set up.")
    return "\n".join(out)


def sort_key(row: Row):
    """Issue order: 1a, 2a, ..., 9b, 10a, ..., 16b (numeric part first)."""
    digits = len(row.id) - len(row.id.lstrip("0123456789"))
    order = [a.id for a in ATTACKS]
    return (int(row.id[:digits] or 0), order.index(row.id) if row.id in order else len(order))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", type=Path, help="tollgate binary to attack (default: build target/release/tollgate)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run of the binary (default 60)")
    ap.add_argument("--memory", default="2GiB", help="address-space limit per run (default 2GiB)")
    ap.add_argument("--jobs", type=int, default=3, help="attacks run at once (default 3)")
    ap.add_argument("--only", help="comma-separated attack ids or prefixes, e.g. 1,10a,15")
    ap.add_argument("--json", type=Path, default=REPO / "target" / "attack" / "report.json",
                    help="where to write the JSON rows (default target/attack/report.json)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--seed", type=int, help="seed for the random secrets (default: random)")
    ap.add_argument("--detail", type=int, default=400, help="characters of detail per table cell")
    ap.add_argument("--list", action="store_true", help="list the attacks and exit")
    args = ap.parse_args()

    if args.list:
        for a in ATTACKS:
            print(f"{a.id:<14} {a.title} — {a.promise}")
        return 0
    specs = selected(args.only)
    if not specs:
        print(f"no attack matches --only {args.only}", file=sys.stderr)
        return 2
    binary = (args.binary or build()).resolve()
    if not os.access(binary, os.X_OK):
        print(f"{binary}: not an executable", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    fixtures.seed(seed)
    limits = Limits(args.timeout, parse_size(args.memory))
    if not harness.find_prlimit():
        print("note: prlimit not found; the memory limit is set with setrlimit in the child", file=sys.stderr)

    root = Path(tempfile.mkdtemp(prefix="tollgate-attack-"))
    env = base_env()
    shared = Shared(root, binary, limits, env)
    started = time.monotonic()
    rows: list[Row] = []
    # Slow attacks (network, big inputs) first, so they overlap the quick ones.
    specs.sort(key=lambda s: not s.slow)
    print(f"{len(specs)} attacks against {binary} (seed {seed}, temp {root})", file=sys.stderr)
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_one, s, root, binary, limits, env, shared): s for s in specs}
            for f in as_completed(futures):
                row = f.result()
                rows.append(row)
                print(f"  {row.result:<5} {row.id:<14} {row.seconds:6.1f} s  {cell(row.detail, 110)}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    rows.sort(key=sort_key)
    elapsed = time.monotonic() - started
    print(markdown(rows, args.detail))
    print(f"\n{elapsed:.0f} s in all; binary {binary}; seed {seed}" + (f"; inputs kept in {root}" if args.keep else ""))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "binary": str(binary),
        "seed": seed,
        "timeout_s": limits.timeout,
        "memory_bytes": limits.memory,
        "seconds": round(elapsed, 1),
        "passed": sum(r.result == PASS for r in rows),
        "failed": sum(r.result != PASS for r in rows),
        "rows": [r.__dict__ | {"seconds": round(r.seconds, 2)} for r in rows],
    }, indent=2) + "\n")
    print(f"JSON: {args.json}", file=sys.stderr)
    return 0 if all(r.result == PASS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
