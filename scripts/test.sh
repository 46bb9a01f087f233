#!/usr/bin/env bash
# The whole test suite: formatting, lints, every test, and Tollgate scanning its own repository.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo nextest run --workspace --locked --no-fail-fast
# Tollgate keeps its own repository clean (secrets; and dependencies when the shared OSV
# snapshot is beside the checkout, as in CI). The fixtures are excluded in tollgate.toml.
db_args=()
if [[ -f ../shared/data/osv/crates.io/all.zip ]]; then
  cargo run --locked -q -p tollgate -- db import ../shared/data/osv/crates.io/all.zip --db target/osv-selfscan >/dev/null
  db_args=(--db target/osv-selfscan)
fi
cargo run --locked -q -p tollgate -- scan . --no-progress "${db_args[@]}"
