#!/usr/bin/env bash
# `tollgate dast` against Schemathesis on the deliberately vulnerable test API
# (crates/tollgate_dast/tests/support), once with every switch on (`all`) and once clean.
# Each run gets a fresh server on 127.0.0.1, started with the tool inside one new network
# namespace (`unshare -n`, loopback brought up) when that works, so neither tool can reach
# anything else. Requests are counted by the server (its /__stats path, outside the
# documented API); findings are Tollgate's JSON report's and Schemathesis's JUnit failures.
# Needs Schemathesis (`scripts/setup.sh --bench`). PROFILE=release|debug (default release)
# picks the build; N (default 50) is Schemathesis's --max-examples.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${PROFILE:-release}
N=${N:-50}
WORK=${BENCH_DIR:-/tmp/tollgate-bench}/dast
TGT=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$WORK"
# scripts/setup.sh --bench puts Schemathesis in a virtual environment of its own.
PATH="${TOLLGATE_PEERS:-$HOME/.local/share/tollgate-peers}/schemathesis/bin:$PATH"
command -v schemathesis >/dev/null || { echo "schemathesis not installed: scripts/setup.sh --bench" >&2; exit 2; }
rel=()
[[ $PROFILE == release ]] && rel=(--release)
(cd "$ROOT" && cargo build -q "${rel[@]}" -p tollgate && cargo build -q "${rel[@]}" -p tollgate_dast --example vulnerable_api)
export TOLLGATE="$TGT/$PROFILE/tollgate" API="$TGT/$PROFILE/examples/vulnerable_api" N WORK

NET=(unshare -n)
if ! unshare -n sh -c 'ip link set lo up' 2>/dev/null; then
  NET=()
  echo "note: unshare -n unavailable, the tools run in the host's network namespace (still only 127.0.0.1)" >&2
fi

# One run: start the server, run one tool against it, print "tool mode wall requests found".
cat >"$WORK/one.sh" <<'ONE'
#!/usr/bin/env bash
set -u
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
ip link set lo up 2>/dev/null || true
# Schemathesis keeps a cache (with the test API's planted secrets) in the working directory.
cd "$WORK"
tool=$1 mode=$2 out="$WORK/$1-$2"
rm -rf "$out".*
if [[ $mode == all ]]; then "$API" all >"$out.api" 2>&1 & else "$API" >"$out.api" 2>&1 & fi
pid=$!
for _ in $(seq 200); do [[ $(wc -l <"$out.api") -ge 3 ]] && break; sleep 0.05; done
base=$(sed -n 1p "$out.api")
read -r _ alice _ bob < <(sed -n 2p "$out.api")
stats=$(sed -n 3p "$out.api" | awk '{print $NF}')
t0=$(date +%s.%N)
case $tool in
  tollgate)
    "$TOLLGATE" dast --target "$base" --auth "$alice" --auth "$bob" --rate 200 \
      --allow-unsafe-methods --known-user alice --fail-on none -q -f json -o "$out.json" >"$out.txt" 2>&1 ;;
  schemathesis)
    schemathesis run "$base/openapi.json" -H "Authorization: Bearer ${alice#alice=Bearer:}" -n "$N" \
      --report junit --report-junit-path "$out.xml" >"$out.txt" 2>&1 ;;
esac
t1=$(date +%s.%N)
reqs=$(python3 - "$stats" <<'PY'
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
print(json.load(opener.open(sys.argv[1], timeout=5))["requests"])
PY
)
kill "$pid"; wait "$pid" 2>/dev/null
found=$(python3 - "$tool" "$out" <<'PY'
import json, sys, xml.etree.ElementTree as ET
tool, out = sys.argv[1], sys.argv[2]
if tool == "tollgate":
    f = json.load(open(out + ".json"))["findings"]
    print(f"{len(f)} findings of {len({x['rule_id'] for x in f})} rules")
else:
    root = ET.parse(out + ".xml").getroot()
    n = sum(1 for _ in root.iter("failure"))
    cases = sum(1 for _ in root.iter("testcase"))
    print(f"{n} failures in {cases} operations")
PY
)
printf '%s\t%s\t%.1f\t%s\t%s\n' "$tool" "$mode" "$(python3 -c "print($t1 - $t0)")" "$reqs" "$found"
ONE
chmod +x "$WORK/one.sh"

printf '| tool | API | wall s | requests (server count) | reported |\n|---|---|---|---|---|\n'
for mode in all clean; do
  for tool in tollgate schemathesis; do
    IFS=$'\t' read -r t m w r f < <("${NET[@]}" "$WORK/one.sh" "$tool" "$mode")
    printf '| %s | %s | %s | %s | %s |\n' "$t" "$m" "$w" "$r" "$f"
  done
done
echo "(schemathesis $(schemathesis --version | awk '{print $NF}'), -n $N; tollgate $PROFILE build, --rate 200; $(nproc) cores; $(date -u +%F))"
