#!/usr/bin/env bash
# Screenshots of the server's web dashboard in headless Chromium, to look at the pages.
#
# Builds tollgate, serves a temporary data directory on a loopback port, creates three
# products, uploads scans of the repository's fixture trees (planted secrets and IaC rule
# fixtures) to the branches main and feature/x, triages a few findings, signs in with a
# token through the login form and saves PNGs in target/dashboard-screenshots/.
#
# So that the charts have a history, three earlier scans are made from the first one:
# the same report with some of its findings left out, dated 21, 14 and 7 days back, and
# uploaded oldest first; the two oldest also hold a few Dockerfile findings (from another
# fixture tree) that the later scans no longer see, so fixes and MTTR have something to
# show. Everything else is what tollgate scan finds.
#
#   benches/dashboard-screenshots.sh     (Chromium: scripts/setup.sh --browser)
#
# CARGO_TARGET_DIR is respected. The admin token lives in a mode-0600 file in the
# temporary directory and is removed with it; it is never printed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$root/target/dashboard-screenshots
if ! command -v chromium >/dev/null 2>&1; then
  echo "dashboard-screenshots: chromium is missing (scripts/setup.sh --browser installs it)" >&2
  exit 2
fi

nice -n 10 cargo build -q -p tollgate
bin=${CARGO_TARGET_DIR:-$root/target}/debug/tollgate

work=$(mktemp -d)
serve_pid=
cleanup() {
  if [[ -n $serve_pid ]]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

store=(--data-dir "$work/data")
"$bin" server product payments-api --tier critical --owner payments-platform --scope pci-dss,dora "${store[@]}" >/dev/null
"$bin" server product ledger-core --tier high --owner core-banking --scope sox "${store[@]}" >/dev/null
"$bin" server product onboarding-web --tier standard --owner digital-channels "${store[@]}" >/dev/null
(
  umask 077
  "$bin" server token create --name "screenshots (admin)" --role admin "${store[@]}" >"$work/token" 2>/dev/null
)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
"$bin" serve --listen "127.0.0.1:$port" "${store[@]}" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$url/healthz" >/dev/null || {
  cat "$work/serve.log" >&2
  exit 1
}

# tollgate scan exits 1 when the gate fails, which these trees are made to do.
scan() {
  local rc=0
  "$bin" scan "$2" --no-progress -q -f json -o "$work/$1.json" >/dev/null || rc=$?
  if [[ $rc -gt 1 ]]; then
    echo "dashboard-screenshots: scanning $2 failed ($rc)" >&2
    exit 1
  fi
}
upload() {
  "$bin" upload "$work/$1.json" --server "$url" --product "$2" --branch "$3" --token-file "$work/token" --wait >/dev/null
}

fixtures=crates/tollgate_secrets/resources/test/fixtures/planted
iac=crates/tollgate_iac/resources/test/fixtures/rules
scan payments-main "$fixtures"
scan payments-feature "$iac/terraform"
scan ledger-main "$iac/k8s"
scan onboarding-main "$iac/docker"

# The earlier history of payments-api/main, from its report.
python3 - "$work" <<'EOF'
import json, sys, time
work = sys.argv[1]
with open(f"{work}/payments-main.json") as f:
    report = json.load(f)
with open(f"{work}/onboarding-main.json") as f:
    gone = json.load(f)["findings"][:8]
findings = report["findings"]
now = time.time()
for days, keep, extra in ((21, 0.5, gone), (14, 0.9, gone[:5]), (7, 0.7, [])):
    r = dict(report)
    r["findings"] = findings[: max(1, int(len(findings) * keep))] + extra
    r["timing"] = dict(report["timing"])
    r["timing"]["started_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - days * 86400))
    with open(f"{work}/payments-main-{days}.json", "w") as f:
        json.dump(r, f)
EOF
for days in 21 14 7; do
  upload "payments-main-$days" payments-api main
done
upload payments-main payments-api main
upload payments-feature payments-api feature/x
upload ledger-main ledger-core main
upload onboarding-main onboarding-web main

# Triage through the API: one accepted risk that expires soon, one for longer, one false
# positive. The finding shown on its own page is the first of them; another one is then
# marked false positive through the browser's own form post.
ids=$(python3 - "$url" "$work/token" <<'EOF'
import json, sys, time, urllib.request
url, token = sys.argv[1], open(sys.argv[2]).read().strip()
def call(method, path, body=None):
    req = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("Authorization", "Bearer " + token)
    if body:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None
found = call("GET", "/api/v1/products/payments-api/findings?branch=main&limit=500")["findings"]
def day(offset):
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + offset * 86400))
high = [f for f in found if f["severity"] in ("high", "critical")]
medium = [f for f in found if f["severity"] in ("medium", "low")] or high[2:]
call("POST", f"/api/v1/findings/{high[0]['id']}/triage", {"action": "accept", "reason": "Key rotation scheduled with the vendor; compensating control: IP allow-list (CHG-20417)", "expires": day(10)})
call("POST", f"/api/v1/findings/{high[1]['id']}/triage", {"action": "accept", "reason": "Test tenant only, isolated account", "expires": day(90)})
call("POST", f"/api/v1/findings/{medium[0]['id']}/triage", {"action": "false_positive", "reason": "Documentation example, not a live credential"})
others = [f for f in high[2:] if f["id"] != medium[0]["id"]] or high
print(high[0]["id"], others[0]["id"])
EOF
)
read -r finding browser_triage <<<"$ids"

mkdir -p "$out"
python3 benches/dashboard_screenshots.py "$url" "$work/token" "$out" \
  "portfolio=/ui/" \
  "product=/ui/products/payments-api" \
  "product-full=/ui/products/payments-api" \
  "product-feature-full=/ui/products/payments-api?branch=feature%2Fx&severity=high" \
  "finding-full=/ui/findings/$finding" \
  "ledger-full=/ui/products/ledger-core" \
  "not-found=/ui/products/no-such-product" \
  "triage=/ui/findings/$browser_triage"
echo "dashboard-screenshots: PNGs in $out"
