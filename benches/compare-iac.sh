#!/usr/bin/env bash
# Tollgate's IaC scan against checkov on the same trees, offline, in the same run: CPU
# seconds (user + system), wall seconds and peak memory, and the ratio of CPU time.
# Needs checkov (`scripts/setup.sh --bench`). Trees: arguments, or terraform-aws-eks from
# ../shared/data (DATA=...). RUNS (default 3) runs each; the median CPU time is shown.
# Both run inside `unshare -n` when it works, so neither can reach the network.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$ROOT/../shared/data}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-/tmp/tollgate-bench}/iac
mkdir -p "$WORK"
(cd "$ROOT" && cargo build --release -q -p tollgate)
TOLLGATE="$ROOT/target/release/tollgate"
NET="unshare -n"; $NET true 2>/dev/null || { NET=""; echo "note: unshare -n unavailable, peers run with network" >&2; }
command -v checkov >/dev/null || { echo "checkov not installed: scripts/setup.sh --bench" >&2; exit 2; }

trees=("$@")
if [[ ${#trees[@]} -eq 0 ]]; then
  [[ -d "$WORK/terraform-aws-eks" ]] || tar -xzf "$DATA/iac/terraform-aws-eks.tar.gz" -C "$WORK"
  trees=("$WORK/terraform-aws-eks")
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # prints "median_cpu_s median_wall_s peak_kib"
  local cpus=() walls=() peak=0
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%U %S %e %M' -o "$WORK/t" $NET "$@" >/dev/null 2>&1 || true
    read -r u s w m < <(tail -n1 "$WORK/t")
    cpus+=("$(python3 -c "print(round($u+$s,3))")"); walls+=("$w"); (( m > peak )) && peak=$m
  done
  echo "$(printf '%s\n' "${cpus[@]}" | median) $(printf '%s\n' "${walls[@]}" | median) $peak"
}

printf '%-24s %6s %10s %8s %8s %10s %8s %8s %8s\n' tree tf_files tollgate_cpu wall MiB checkov_cpu wall MiB cpu_ratio
for t in "${trees[@]}"; do
  n=$(find "$t" -name '*.tf' | wc -l)
  read -r tc tw tm < <(measure "$TOLLGATE" scan "$t" --only iac --no-progress -q --fail-on none --format json --output "$WORK/tollgate.json")
  read -r cc cw cm < <(measure checkov -d "$t" --skip-download -o json --compact --quiet)
  printf '%-24s %6s %10s %8s %8.0f %10s %8s %8.0f %7.1fx\n' "$(basename "$t")" "$n" "$tc" "$tw" "$((tm / 1024))" "$cc" "$cw" "$((cm / 1024))" "$(python3 -c "print($cc/max($tc,0.001))")"
done
echo "(cpu_ratio = checkov CPU seconds / tollgate CPU seconds; median of $RUNS runs; MiB = peak RSS)"
