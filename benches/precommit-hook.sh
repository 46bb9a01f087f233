#!/usr/bin/env bash
# What Tollgate's pre-commit hook adds to a commit: the same small change committed N times
# with the hook and N times with --no-verify, in a temporary repository that uses this
# checkout's .pre-commit-hooks.yaml; prints the medians and their difference.
#   benches/precommit-hook.sh [TOLLGATE_BINARY] [N]   (default target/release/tollgate, 11)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/target/release/tollgate}")
runs=${2:-11}
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org PRE_COMMIT_HOME="$tmp/home"
mkdir -p "$tmp/bin" "$tmp/hooks" "$tmp/project"
ln -s "$bin" "$tmp/bin/tollgate"
export PATH="$tmp/bin:$PATH"
cp "$root/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q -b main && git -C "$tmp/hooks" add . && git -C "$tmp/hooks" commit -qm hooks
rev=$(git -C "$tmp/hooks" rev-parse HEAD)
cd "$tmp/project"
git init -q -b main
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: tollgate\n' "$tmp/hooks" "$rev" >.pre-commit-config.yaml
pre-commit install >/dev/null
echo '# bench' >README.md && git add -A && git commit -qm first # pays for pre-commit's setup
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
with=() without=()
for i in $(seq "$runs"); do
  echo "- $i" >>CHANGELOG.md && git add -A && with+=("$(ms git commit -qm "hooked $i")")
  echo "- $i" >>NOTES.md && git add -A && without+=("$(ms git commit -qm "plain $i" --no-verify)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
w=$(median "${with[@]}") n=$(median "${without[@]}")
scan=$(ms tollgate scan --staged --no-progress -q)
echo "commit with the hook ${w} ms, without ${n} ms: the hook adds $((w - n)) ms (median of $runs; tollgate scan --staged alone ${scan} ms)"
