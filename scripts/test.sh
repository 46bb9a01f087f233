#!/usr/bin/env bash
# The whole test suite: formatting, lints, every test, and Tollgate scanning its own repository.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo nextest run --workspace --locked --no-fail-fast
# Tollgate keeps its own repository clean of secrets (the fixtures are excluded in tollgate.toml).
cargo run --locked -q -p tollgate -- scan . --no-progress
