#!/usr/bin/env bash
# Runs every cargo-fuzz target for a while (default 60 s each), seeded with the fixtures.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# The machine has a stable toolchain only; RUSTC_BOOTSTRAP lets cargo-fuzz use the
# sanitizer flags it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(secrets_engine config_parser kubernetes_decode)
cargo fuzz --version >/dev/null 2>&1 || cargo install --locked cargo-fuzz
export RUSTC_BOOTSTRAP=1
fixtures=crates/tollgate_secrets/resources/test/fixtures
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  case $t in
    secrets_engine|kubernetes_decode) find "$fixtures" -type f -size -64k -exec cp {} "fuzz/corpus/$t/" \; ;;
    config_parser) cp tollgate.toml "fuzz/corpus/$t/" ;;
  esac
  echo "fuzzing $t for ${secs}s"
  cargo fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -max_len=65536 2>&1 | tail -n 3
done
