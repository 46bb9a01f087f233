#!/usr/bin/env bash
# Two Tollgate binaries on the same tree, alternating run by run so that both see the same
# machine load; prints each one's median wall and CPU time and its finding count.
#   benches/compare-binaries.sh OLD_BINARY NEW_BINARY TREE [SCAN_ARGS...]
# RUNS (default 7) timed runs each, after one warm-up run each.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 OLD_BINARY NEW_BINARY TREE [SCAN_ARGS...]" >&2; exit 2; }
old=$1 new=$2 tree=$3
shift 3
runs=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=("$@")
scan() { # NAME BINARY TIMEFILE
  /usr/bin/time -f '%e %U %S' -a -o "$3" "$2" scan "$tree" --no-progress --fail-on none \
    "${extra[@]}" -f json -o "$work/$1.json" >/dev/null 2>&1 || true
}
scan old "$old" /dev/null
scan new "$new" /dev/null
for ((i = 0; i < runs; i++)); do
  scan old "$old" "$work/old.time"
  scan new "$new" "$work/new.time"
done
for name in old new; do
  python3 - "$work/$name.time" "$name" "$work/$name.json" <<'PY'
import json, statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l[:1].isdigit()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
try:
    n = json.load(open(sys.argv[3]))["summary"]["total"]
except (OSError, ValueError, KeyError):
    n = "?"
print(f"{sys.argv[2]}: median wall {wall:.2f} s, CPU {cpu:.2f} s over {len(rows)} runs, {n} findings")
PY
done
