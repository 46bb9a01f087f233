#!/usr/bin/env bash
# The whole test suite: formatting, lints, every test, and Tollgate scanning its own repository.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The server's storage suite runs on SQLite and on PostgreSQL. Without a PostgreSQL server
# (TOLLGATE_TEST_POSTGRES, or the local one on 127.0.0.1:5432) its half is filtered out,
# and nextest reports those tests as skipped.
filter=()
pg_url="${TOLLGATE_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
if ! command -v psql >/dev/null || ! psql "$pg_url" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  echo "test.sh: no PostgreSQL answers at $pg_url: the postgres:: storage tests are skipped" >&2
  filter=(-E 'not test(/^postgres::/)')
fi
cargo nextest run --workspace --locked --no-fail-fast "${filter[@]}"
# Tollgate keeps its own repository clean (secrets; and dependencies when the shared OSV
# snapshot is beside the checkout, as in CI). The fixtures are excluded in tollgate.toml.
db_args=()
if [[ -f ../shared/data/osv/crates.io/all.zip ]]; then
  cargo run --locked -q -p tollgate -- db import ../shared/data/osv/crates.io/all.zip --db target/osv-selfscan >/dev/null
  db_args=(--db target/osv-selfscan)
fi
cargo run --locked -q -p tollgate -- scan . --no-progress "${db_args[@]}"
