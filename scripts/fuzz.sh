#!/usr/bin/env bash
# Fuzzes the cargo-fuzz targets in fuzz/ one after another and prints, per target, the
# time, the executions (libFuzzer's final stats) and the crashes (new files in
# fuzz/artifacts/<target>/). Exits 1 when any target crashed.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, every target)
# Environment:
#   FUZZ_SANITIZER  cargo-fuzz sanitizer (default none: Rust needs no ASan, and it halves speed)
#   FUZZ_LEAK_CHECKS=off  skip the checks that no secret leaks into a message or snippet,
#                   to keep looking for other failures once a leak has been reported
#   TOLLGATE_SHARED_DATA  real lockfiles and OSV data to seed from (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."

all=(lockfiles osv_import config_parser exceptions rego_input ledger_records ledger_tiles proof_bundles
  report_json secrets_engine sensitive_files kubernetes_decode iac_yaml terraform cloudformation
  dockerfile dast_http dast_tls openapi server_ingest oidc_tokens sast_code cbom_material)
secs=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all[@]}")
if ! [[ $secs =~ ^[0-9]+$ ]] || ((secs == 0)); then
  echo "fuzz.sh: SECONDS_PER_TARGET must be a positive number, not '$secs'" >&2
  exit 2
fi
for t in "${targets[@]}"; do
  if [[ " ${all[*]} " != *" $t "* ]]; then
    echo "fuzz.sh: unknown target '$t' (targets: ${all[*]})" >&2
    exit 2
  fi
done

# Nightly when there is one; otherwise stable, allowed the unstable flags cargo-fuzz needs.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  cargo=(cargo +nightly)
else
  cargo=(cargo)
  export RUSTC_BOOTSTRAP=1
fi
if ! command -v c++ >/dev/null 2>&1; then
  echo "fuzz.sh: libFuzzer needs a C++ compiler (scripts/setup.sh --fuzz installs one)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi
sanitizer=${FUZZ_SANITIZER:-none}
echo "fuzz.sh: building every target ($("${cargo[@]}" --version), sanitizer $sanitizer)"
# Debug assertions and overflow checks on: an overflow that wraps silently in a release
# build (a version number, a length) is a bug worth a crash here.
nice -n 10 "${cargo[@]}" fuzz build -s "$sanitizer" --debug-assertions
host=$("${cargo[@]}" -vV 2>/dev/null | sed -n 's/^host: //p')
[[ -n $host ]] || host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=fuzz/target/$host/release

# The files targets write go to a RAM disk when there is one; removed on exit.
if [[ -d /dev/shm && -w /dev/shm ]]; then
  scratch=$(mktemp -d /dev/shm/tollgate-fuzz.XXXXXX)
else
  scratch=$(mktemp -d)
fi
trap 'rm -rf "$scratch"' EXIT

# Seeds: fixtures and generated inputs into fuzz/corpus (not committed); fuzz/seeds holds
# the small committed ones (handwritten inputs, minimised crashes) and is read as well.
shared=${TOLLGATE_SHARED_DATA:-../shared/data}
echo "fuzz.sh: preparing the seed corpus"
TMPDIR=$scratch nice -n 10 "${cargo[@]}" run --quiet --manifest-path fuzz/Cargo.toml \
  --example prepare_corpus -- . fuzz/corpus "$shared"

mkdir -p fuzz/logs
stamp=$scratch/started
touch "$stamp"
TIMEFORMAT='%U %S' # bash's time keyword: CPU seconds, user and system

# run TARGET SECONDS LOG [ENV...]: one libFuzzer run; sets rc, and adds to cpu and execs.
run() {
  local t=$1 budget=$2 log=$3
  shift 3
  rc=0
  { time env TMPDIR="$scratch" "$@" nice -n 10 "$bin_dir/$t" -max_total_time="$budget" \
      -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="fuzz/artifacts/$t/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1; } \
    2>"$scratch/time" || rc=$?
  cpu=$(awk -v c="$cpu" '{printf "%.1f", c + $1 + $2}' "$scratch/time")
  local n
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [[ -n $n ]] || n=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
  execs=$((execs + ${n:-0}))
}

# What the targets panic with when a secret leaks (see fuzz/src/lib.rs).
leak='a message echoes a secret-shaped value|holds a detected secret'
rows=()
notes=()
total_crashes=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dirs=("fuzz/corpus/$t")
  [[ -d fuzz/seeds/$t ]] && dirs+=("fuzz/seeds/$t")
  dict=()
  [[ -f fuzz/dicts/$t.dict ]] && dict=("-dict=fuzz/dicts/$t.dict")
  echo "fuzz.sh: fuzzing $t for ${secs}s (log: fuzz/logs/$t.log)"
  cpu=0 execs=0 failed=0
  start=$(date +%s)
  run "$t" "$secs" "fuzz/logs/$t.log"
  ((rc == 0)) || failed=1
  # A leak stops the run at its first input; the rest of the time goes on everything else.
  left=$((secs - ($(date +%s) - start)))
  if ((rc != 0)) && grep -Eq "$leak" "fuzz/logs/$t.log" && ((left > 0)); then
    notes+=("$t: $(grep -Em1 "$leak" "fuzz/logs/$t.log" | cut -c1-160)")
    echo "fuzz.sh: $t leaked a secret; fuzzing the remaining ${left}s with FUZZ_LEAK_CHECKS=off"
    run "$t" "$left" "fuzz/logs/$t.no-leak-checks.log" FUZZ_LEAK_CHECKS=off
    ((rc == 0)) || notes+=("$t (leak checks off): $(grep -m1 -A1 panicked "fuzz/logs/$t.no-leak-checks.log" | tail -n 1 | cut -c1-160)")
  elif ((rc != 0)); then
    notes+=("$t: $(grep -m1 -A1 -E 'panicked|ERROR: libFuzzer' "fuzz/logs/$t.log" | tail -n 1 | cut -c1-160)")
  fi
  wall=$(($(date +%s) - start))
  crashes=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f -newer "$stamp" | wc -l)
  ((failed == 0 || crashes > 0)) || crashes=1 # died without leaving an input (see its log)
  total_crashes=$((total_crashes + crashes))
  rows+=("$(printf '%-18s %8s %8s %14s %8s' "$t" "$wall" "$cpu" "$execs" "$crashes")")
done

printf '\n%-18s %8s %8s %14s %8s\n' target seconds cpu_s executions crashes
printf '%s\n' "${rows[@]}"
if ((${#notes[@]} > 0)); then
  printf '\nfirst failures:\n'
  printf '  %s\n' "${notes[@]}"
fi
if ((total_crashes > 0)); then
  echo "fuzz.sh: $total_crashes crash(es); inputs in fuzz/artifacts/<target>/, logs in fuzz/logs/" >&2
  exit 1
fi
