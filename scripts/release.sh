#!/usr/bin/env bash
# Build a Tollgate release directory: a static Linux binary, SHA256SUMS, its signature
# (SHA256SUMS.sig, an Ed25519 C2SP note signature by the release key) and install.sh.
#
#   scripts/release.sh --signing-key release.key [--out dist] [--repo OWNER/REPO]
#   scripts/release.sh --signing-key release.key --binary FILE [--allow-dynamic]
#
# The release key is a ledger key: `tollgate ledger keygen --name releases.example.org
# --out release.key` once; publish the public key it prints (users pin it: install.sh
# --key, the GitHub Action's release-key input, ci/release-key.pub in this repository).
#
# --repo names where the releases are published (github.com/OWNER/REPO/releases); with it
# the binary's `tollgate init --ci` writes templates pinned to this release: the version,
# the commit, the release key and the download location.
#
# --binary packages an existing binary instead of building one (the tests use it);
# --allow-dynamic accepts one that is not statically linked.
set -euo pipefail

out=dist
key=${TOLLGATE_RELEASE_SIGNING_KEY:-}
binary=
allow_dynamic=0
repo=${TOLLGATE_RELEASE_REPO:-}
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --signing-key) key=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --allow-dynamic) allow_dynamic=1; shift ;;
    --repo) repo=$2; shift 2 ;;
    *) echo "release: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "$key" && -f "$key" ]] || { echo "release: --signing-key FILE is required (tollgate ledger keygen)" >&2; exit 2; }
# Paths as given, from where the script was called; then work at the repository's root.
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
key=$(abs "$key")
out=$(abs "$out")
[[ -z "$binary" ]] || binary=$(abs "$binary")
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[[ -n "$version" ]] || { echo "release: no version in Cargo.toml" >&2; exit 2; }
case $(uname -m) in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) echo "release: unsupported machine $(uname -m)" >&2; exit 2 ;;
esac
asset="tollgate-$version-$arch-linux"

if [[ -z "$binary" ]]; then
  [[ -z "$(git status --porcelain --untracked-files=no)" ]] ||
    { echo "release: the work tree has uncommitted changes; a release is built from a commit" >&2; exit 2; }
  host=$(rustc -vV | sed -n 's/^host: //p')
  # No musl target can be had here: glibc, linked statically. --target keeps the flag off
  # build scripts and proc macros, which must stay dynamic.
  export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
  binary="target/$host/release/tollgate"
  cargo build --locked --release -p tollgate --target "$host"
  if [[ -n "$repo" ]]; then
    # Pins for `tollgate init --ci` (only the binary crate is rebuilt for them).
    probe=$(mktemp)
    printf 'release key probe\n' >"$probe"
    TOLLGATE_RELEASE_KEY=$("$binary" ledger sign-file "$probe" --signing-key "$key" -o /dev/null 2>/dev/null)
    rm -f "$probe"
    TOLLGATE_RELEASE_COMMIT=$(git rev-parse HEAD)
    export TOLLGATE_RELEASE_REPO="$repo" TOLLGATE_RELEASE_COMMIT TOLLGATE_RELEASE_KEY
    cargo build --locked --release -p tollgate --target "$host"
  fi
fi

# A static binary runs on any Linux; say what it is.
command -v file >/dev/null || { echo "release: the file command is needed (apt-get install file)" >&2; exit 2; }
desc=$(file -b "$binary")
echo "release: $binary: $desc"
echo "release: ldd: $(ldd "$binary" 2>&1 | head -n 1 | sed 's/^[[:space:]]*//')"
if ! grep -Eq 'statically linked|static-pie linked' <<<"$desc"; then
  if [[ $allow_dynamic == 1 ]]; then
    echo "release: warning: $binary is not statically linked (--allow-dynamic)" >&2
  else
    echo "release: $binary is not statically linked" >&2
    exit 1
  fi
fi

mkdir -p "$out"
cp "$binary" "$out/$asset"
chmod 0755 "$out/$asset"
cp scripts/install.sh "$out/install.sh"
(
  cd "$out"
  sha256sum "$asset" install.sh | LC_ALL=C sort -k2 >SHA256SUMS
)
"$binary" ledger sign-file "$out/SHA256SUMS" --signing-key "$key" >"$out/release-key.pub"
"$binary" ledger verify-file "$out/SHA256SUMS" --key "$(cat "$out/release-key.pub")" >/dev/null
echo "release: $out/$asset, SHA256SUMS signed by $(cat "$out/release-key.pub")"
