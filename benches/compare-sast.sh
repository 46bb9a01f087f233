#!/usr/bin/env bash
# Tollgate's code scanner and Semgrep CE side by side on the OWASP Benchmark for Java:
# per-category true- and false-positive rates, the Benchmark score (TPR - FPR averaged
# over categories), CPU seconds and peak memory of each, in one run on the same files.
#
#   BENCHMARK=/path/to/BenchmarkJava SEMGREP_RULES=/path/to/semgrep-rules/java \
#     benches/compare-sast.sh
#
# BENCHMARK is a checkout of OWASP-Benchmark/BenchmarkJava (its src/ and
# expectedresults-1.2.csv). SEMGREP_RULES is a directory of Semgrep rules (the community
# rules' java/ directory, fetched for the comparison only). Semgrep comes from
# $TOLLGATE_PEERS/semgrep (python3 -m venv …; pip install semgrep). Both tools run inside
# `unshare -n` (no network) with metrics off. PROFILE=debug uses the debug build;
# TOLLGATE=/path/to/tollgate uses that binary instead of building one (honouring
# CARGO_TARGET_DIR otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${BENCHMARK:?set BENCHMARK to a BenchmarkJava checkout}"
: "${SEMGREP_RULES:?set SEMGREP_RULES to a directory of Semgrep rules}"
peers=${TOLLGATE_PEERS:-$HOME/.local/share/tollgate-peers}
semgrep=${SEMGREP:-$peers/semgrep/bin/semgrep}
profile=${PROFILE:-release}
[[ -x $semgrep ]] || { echo "compare-sast: no semgrep at $semgrep" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare-sast: /usr/bin/time is needed (scripts/setup.sh --bench)" >&2; exit 2; }

if [[ -n ${TOLLGATE:-} ]]; then
  tollgate=$TOLLGATE
elif [[ $profile == release ]]; then
  cargo build --locked -q --release -p tollgate
  tollgate=${CARGO_TARGET_DIR:-target}/release/tollgate
else
  cargo build --locked -q -p tollgate
  tollgate=${CARGO_TARGET_DIR:-target}/debug/tollgate
fi
[[ -x $tollgate ]] || { echo "compare-sast: no tollgate binary at $tollgate" >&2; exit 2; }
tollgate=$(realpath "$tollgate")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy outside the Benchmark's git checkout: its .gitignore lists the generated
# benchmark.properties, and both tools must see the same files.
cp -r "$BENCHMARK/src" "$work/src"
# Only the rules themselves (the rules directory also holds test files).
mkdir -p "$work/rules"
(cd "$SEMGREP_RULES" && find . -name '*.yaml' ! -name '*.test.yaml' -exec cp --parents {} "$work/rules" \;)

measure() { # name, command...
  local name=$1
  shift
  /usr/bin/time -f '%U %S %M' -o "$work/$name.time" unshare -n -- "$@" >"$work/$name.out" 2>"$work/$name.err" || true
}

measure tollgate "$tollgate" scan "$work/src" --only sast --no-progress -f json -o "$work/tollgate.json"
measure semgrep "$semgrep" scan --metrics=off --disable-version-check --oss-only --config "$work/rules" \
  --json -o "$work/semgrep.json" "$work/src"

for t in tollgate semgrep; do
  [[ -s $work/$t.json ]] || { echo "compare-sast: $t wrote no results:" >&2; tail -5 "$work/$t.err" >&2; exit 1; }
done

echo "== OWASP Benchmark for Java 1.2 ($(grep -c '^BenchmarkTest' "$BENCHMARK/expectedresults-1.2.csv") cases) =="
for t in tollgate semgrep; do
  echo "-- $t"
  python3 benches/score-owasp-benchmark.py "$BENCHMARK/expectedresults-1.2.csv" "$t" "$work/$t.json" | sed '$d'
  # The last line: /usr/bin/time puts "Command exited with non-zero status" first when the
  # tool exits non-zero (both do when they report findings).
  read -r u s m < <(tail -n 1 "$work/$t.time")
  awk -v u="$u" -v s="$s" -v m="$m" 'BEGIN { printf "cpu %.1f s, peak memory %.0f MiB\n", u + s, m / 1024 }'
done
echo "(semgrep $("$semgrep" --version 2>/dev/null); rules: $(find "$work/rules" -name '*.yaml' | wc -l) files from $SEMGREP_RULES)"
