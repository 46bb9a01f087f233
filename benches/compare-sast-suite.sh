#!/usr/bin/env bash
# Tollgate's code scanner and Semgrep CE side by side on Tollgate's own labelled suite
# (benches/sast-suite: Java, Python, JavaScript, TypeScript and Go cases): TPR, FPR and
# TPR - FPR per language and category, the averages, CPU seconds and peak memory of each.
#
#   SEMGREP_RULES=/path/to/semgrep-rules benches/compare-sast-suite.sh
#
# SEMGREP_RULES is a checkout (or extract) of the community rules holding the java/,
# python/, javascript/, typescript/ and go/ folders; the whole directory is one --config.
# Semgrep comes from $TOLLGATE_PEERS/semgrep (scripts/setup.sh --bench), or SEMGREP.
# TOLLGATE=/path/to/tollgate uses that binary instead of building one (release, honouring
# CARGO_TARGET_DIR). Both tools run inside `unshare -n` (no network) with metrics off.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SEMGREP_RULES:?set SEMGREP_RULES to a directory of Semgrep rules}"
peers=${TOLLGATE_PEERS:-$HOME/.local/share/tollgate-peers}
semgrep=${SEMGREP:-$peers/semgrep/bin/semgrep}
[[ -x $semgrep ]] || { echo "compare-sast-suite: no semgrep at $semgrep" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare-sast-suite: /usr/bin/time is needed (scripts/setup.sh --bench)" >&2; exit 2; }

if [[ -n ${TOLLGATE:-} ]]; then
  tollgate=$TOLLGATE
else
  cargo build --locked -q --release -p tollgate
  tollgate=${CARGO_TARGET_DIR:-target}/release/tollgate
fi
[[ -x $tollgate ]] || { echo "compare-sast-suite: no tollgate binary at $tollgate" >&2; exit 2; }
tollgate=$(realpath "$tollgate")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/sast-suite/generate.py "$work/suite" >/dev/null
expected=$work/suite/expectedresults.csv
# Only the rules themselves (the rules directory also holds test files).
mkdir -p "$work/rules"
(cd "$SEMGREP_RULES" && find . -name '*.yaml' ! -name '*.test.yaml' -exec cp --parents {} "$work/rules" \;)

measure() { # name, command...
  local name=$1
  shift
  /usr/bin/time -f '%U %S %M' -o "$work/$name.time" unshare -n -- "$@" >"$work/$name.out" 2>"$work/$name.err" || true
}

measure tollgate "$tollgate" scan "$work/suite" --only sast --no-progress -f json -o "$work/tollgate.json"
measure semgrep "$semgrep" scan --metrics=off --disable-version-check --oss-only --config "$work/rules" \
  --json -o "$work/semgrep.json" "$work/suite"

for t in tollgate semgrep; do
  [[ -s $work/$t.json ]] || { echo "compare-sast-suite: $t wrote no results:" >&2; tail -5 "$work/$t.err" >&2; exit 1; }
done

cases=$(grep -vc '^#' "$expected")
real=$(grep -c ',true,' "$expected")
echo "== Tollgate SAST suite ($cases cases, $real vulnerable, $((cases - real)) safe) =="
declare -A cpu
for t in tollgate semgrep; do
  echo "-- $t"
  python3 benches/sast-suite/score.py "$expected" "$t" "$work/$t.json" | sed '$d'
  # The last line: /usr/bin/time puts "Command exited with non-zero status" first when the
  # tool exits non-zero (both do when they report findings).
  read -r u s m < <(tail -n 1 "$work/$t.time")
  cpu[$t]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  awk -v c="${cpu[$t]}" -v m="$m" 'BEGIN { printf "cpu %.1f s, peak memory %.0f MiB\n", c, m / 1024 }'
done
awk -v t="${cpu[tollgate]}" -v s="${cpu[semgrep]}" \
  'BEGIN { if (t > 0) printf "cpu time: semgrep / tollgate = %.1f\n", s / t }'
echo "(semgrep $("$semgrep" --version 2>/dev/null); rules: $(find "$work/rules" -name '*.yaml' | wc -l) files from $SEMGREP_RULES)"
