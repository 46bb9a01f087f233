#!/bin/sh
# Install a Tollgate release, verified before anything is installed:
#   1. SHA256SUMS must carry a valid Ed25519 signature (SHA256SUMS.sig, a C2SP note
#      signature) by the release key you pinned;
#   2. the binary's SHA-256 must be the one SHA256SUMS lists for it.
# Any mismatch stops the script with a message and installs nothing.
#
#   sh install.sh --version 0.1.0 --base-url URL --key 'name+id+key' [--dir DIR]
#
# Each option can also come from the environment: TOLLGATE_VERSION, TOLLGATE_BASE_URL
# (the directory holding the release's files), TOLLGATE_RELEASE_KEY (the release's public
# key, or a file holding it) and TOLLGATE_INSTALL_DIR (default /usr/local/bin, or
# ~/.local/bin when that is not writable). Needs curl or wget, and openssl.
set -eu

version=${TOLLGATE_VERSION:-}
base_url=${TOLLGATE_BASE_URL:-}
key=${TOLLGATE_RELEASE_KEY:-}
dir=${TOLLGATE_INSTALL_DIR:-}

die() {
    printf 'tollgate install: %s\n' "$*" >&2
    exit 1
}

refuse() {
    printf 'tollgate install: REFUSED, nothing was installed: %s\n' "$*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case $1 in
    --version | --base-url | --key | --dir)
        [ $# -ge 2 ] || die "$1 needs a value"
        case $1 in
        --version) version=$2 ;;
        --base-url) base_url=$2 ;;
        --key) key=$2 ;;
        --dir) dir=$2 ;;
        esac
        shift 2
        ;;
    -h | --help)
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown argument: $1 (see --help)" ;;
    esac
done

[ -n "$version" ] || die "which version? --version X.Y.Z or TOLLGATE_VERSION (a pinned version, never 'latest')"
case $version in
*[!0-9A-Za-z.+-]* | '') die "not a version: $version" ;;
esac
[ -n "$base_url" ] || die "where from? --base-url URL or TOLLGATE_BASE_URL (the release's download directory)"
base_url=${base_url%/}
[ -n "$key" ] || die "no release key pinned: --key or TOLLGATE_RELEASE_KEY (the public key published with the releases)"
if [ -f "$key" ]; then
    key=$(sed -n '1p' "$key")
fi
command -v openssl >/dev/null 2>&1 || die "openssl is needed to verify the release"

# The release key: name+<8 hex key id>+base64(0x01 || 32-byte Ed25519 public key).
key_name=${key%%+*}
rest=${key#*+}
key_id=${rest%%+*}
key_b64=${rest#*+}
case $key_id in
[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
*) die "the release key is not a Tollgate verifier key (name+keyid+key)" ;;
esac
[ -n "$key_name" ] && [ "$key_name" != "$key" ] || die "the release key is not a Tollgate verifier key (name+keyid+key)"

case $(uname -s) in
Linux) os=linux ;;
*) die "no release binary for $(uname -s); build from source (cargo install --path crates/tollgate)" ;;
esac
case $(uname -m) in
x86_64 | amd64) arch=x86_64 ;;
aarch64 | arm64) arch=aarch64 ;;
*) die "no release binary for $(uname -m)" ;;
esac
asset="tollgate-$version-$arch-$os"

if [ -z "$dir" ]; then
    dir=/usr/local/bin
    if ! { [ -d "$dir" ] && [ -w "$dir" ]; }; then
        dir="${HOME:?}/.local/bin"
    fi
fi

work=$(mktemp -d 2>/dev/null || mktemp -d -t tollgate)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

fetch() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --proto '=https,http,file' --retry 2 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1"
    else
        die "curl or wget is needed to download the release"
    fi
}

for f in SHA256SUMS SHA256SUMS.sig "$asset"; do
    fetch "$base_url/$f" "$work/$f" || die "cannot download $base_url/$f"
done

# 1. The signature over SHA256SUMS, with the pinned key only.
printf '%s' "$key_b64" | openssl base64 -d -A >"$work/key.raw" 2>/dev/null ||
    die "the release key is not base64"
[ "$(wc -c <"$work/key.raw" | tr -d ' ')" -eq 33 ] &&
    [ "$(head -c 1 "$work/key.raw" | od -An -tx1 | tr -d ' \n')" = "01" ] ||
    die "the release key is not an Ed25519 key"
# DER SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte prefix, then the key.
printf '\060\052\060\005\006\003\053\145\160\003\041\000' >"$work/key.der"
tail -c 32 "$work/key.raw" >>"$work/key.der"
openssl pkey -pubin -inform DER -in "$work/key.der" -noout 2>/dev/null ||
    die "the release key is not a valid Ed25519 public key"

# Signature lines: an em dash, the key name, base64(key id || signature).
sig_b64=$(awk -v n="$key_name" '$1 == "\342\200\224" && $2 == n { print $3; exit }' "$work/SHA256SUMS.sig")
[ -n "$sig_b64" ] || refuse "SHA256SUMS.sig holds no signature by the key '$key_name'"
printf '%s' "$sig_b64" | openssl base64 -d -A >"$work/sig.raw" 2>/dev/null ||
    refuse "the signature is not base64"
[ "$(wc -c <"$work/sig.raw" | tr -d ' ')" -eq 68 ] || refuse "the signature has the wrong length"
[ "$(head -c 4 "$work/sig.raw" | od -An -tx1 | tr -d ' \n')" = "$key_id" ] ||
    refuse "SHA256SUMS is signed by another key than the pinned one ($key_name+$key_id)"
tail -c 64 "$work/sig.raw" >"$work/sig.bin"
if ! openssl pkeyutl -verify -pubin -inkey "$work/key.der" -keyform DER -rawin \
    -in "$work/SHA256SUMS" -sigfile "$work/sig.bin" >/dev/null 2>&1; then
    refuse "the signature of SHA256SUMS does not verify with the pinned release key: the checksums were changed, or signed by someone else"
fi

# 2. The binary's checksum, as the signed SHA256SUMS lists it.
expected=$(awk -v n="$asset" '$2 == n || $2 == "*" n { print $1 }' "$work/SHA256SUMS")
[ -n "$expected" ] || refuse "SHA256SUMS lists no $asset"
[ "$(printf '%s\n' "$expected" | wc -l | tr -d ' ')" -eq 1 ] || refuse "SHA256SUMS lists $asset more than once"
actual=$(openssl dgst -sha256 -r "$work/$asset" | cut -d' ' -f1)
[ "$actual" = "$expected" ] ||
    refuse "the checksum of $asset does not match SHA256SUMS (expected $expected, got $actual): the download was changed"

# 3. Install: a temporary file in the target directory, renamed into place.
mkdir -p "$dir" || die "cannot create $dir"
tmp="$dir/.tollgate.$$"
if ! { cp "$work/$asset" "$tmp" && chmod 0755 "$tmp" && mv -f "$tmp" "$dir/tollgate"; }; then
    rm -f "$tmp"
    die "cannot install into $dir"
fi
printf 'tollgate install: verified %s (signed by %s+%s) and installed %s\n' \
    "$asset" "$key_name" "$key_id" "$dir/tollgate" >&2
"$dir/tollgate" --version
