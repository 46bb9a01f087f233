#!/usr/bin/env bash
# Tollgate's dependency scan against cargo-audit on the same Cargo.lock files and the same
# RustSec snapshot, offline, side by side. Needs ../shared/data (or DATA=...) and
# cargo-audit (`scripts/setup.sh --bench`). RUNS (default 10) timed runs each; median shown.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$ROOT/../shared/data}
RUNS=${RUNS:-10}
WORK=${BENCH_DIR:-/tmp/tollgate-bench}/deps
mkdir -p "$WORK"
(cd "$ROOT" && cargo build --release -q -p tollgate)
TOLLGATE="$ROOT/target/release/tollgate"
NET="unshare -n"; $NET true 2>/dev/null || NET=""

[[ -d "$WORK/rustsec" ]] || { mkdir -p "$WORK/rustsec" && tar -xzf "$DATA/rustsec-advisory-db.tar.gz" -C "$WORK/rustsec"; }
RUSTSEC_DB=$(dirname "$(find "$WORK/rustsec" -maxdepth 2 -type d -name crates | head -n1)")
"$TOLLGATE" db import "$DATA/osv/crates.io/all.zip" --db "$WORK/osv" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # prints "median_wall_s peak_kib"
  local walls=() peak=0
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%e %M' -o "$WORK/t" $NET "$@" >/dev/null 2>&1 || true
    read -r w m < <(tail -n1 "$WORK/t"); walls+=("$w"); (( m > peak )) && peak=$m
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $peak"
}

printf '%-40s %8s %10s %8s %10s %8s %6s\n' lockfile packages tollgate_s MiB audit_s MiB ratio
for lock in "$DATA"/lockfiles/cargo/*.Cargo.lock; do
  name=$(basename "$lock" .Cargo.lock)
  dir="$WORK/lock-$name"; mkdir -p "$dir"; cp "$lock" "$dir/Cargo.lock"
  pkgs=$(grep -c '^\[\[package\]\]' "$lock")
  read -r tw tm < <(measure "$TOLLGATE" scan "$dir" --only deps --db "$WORK/osv" --no-progress -q --fail-on none)
  read -r aw am < <(measure cargo-audit audit --db "$RUSTSEC_DB" --no-fetch --no-yanked --json -f "$dir/Cargo.lock")
  printf '%-40s %8s %10s %8.0f %10s %8.0f %5.2fx\n' "$name" "$pkgs" "$tw" "$((tm / 1024))" "$aw" "$((am / 1024))" "$(python3 -c "print($aw/max($tw,0.001))")"
done
echo "(ratio = cargo-audit time / tollgate time; both offline, same snapshot)"
