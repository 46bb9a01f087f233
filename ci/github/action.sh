#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): install the pinned release (verified by
# scripts/install.sh), run the gate, write the Markdown report to the job summary, upload
# SARIF to code scanning with the REST API, and end with the gate's exit code. Inputs come
# as INPUT_* environment variables; nothing from them is ever evaluated as code.
#
# The job's result: the gate's exit code (0 pass, 1 fail, 2 run error). A SARIF upload
# that fails turns a pass into 2, so findings never silently miss code scanning; it never
# turns a failed gate into anything else.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?not run as a GitHub Action}
work=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tollgate-action
mkdir -p "$work"

error() { printf '::error title=Tollgate::%s\n' "$*"; }
notice() { printf '::notice title=Tollgate::%s\n' "$*"; }
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# --- install --------------------------------------------------------------------------
version=${INPUT_VERSION:-}
if [[ -z "$version" ]]; then
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)
fi
key=${INPUT_RELEASE_KEY:-}
if [[ -z "$key" && -f "$action_path/ci/release-key.pub" ]]; then
  key=$(sed -n '1p' "$action_path/ci/release-key.pub")
fi
if [[ -z "$key" ]]; then
  error "no release key pinned: set the release-key input (the key published with the releases)"
  output exit-code 2
  exit 2
fi
base_url=${INPUT_BASE_URL:-}
if [[ -z "$base_url" ]]; then
  if [[ -z "${TOLLGATE_ACTION_REPOSITORY:-}" ]]; then
    error "cannot tell where this action's releases are: set the base-url input"
    output exit-code 2
    exit 2
  fi
  base_url="${GITHUB_SERVER_URL:-https://github.com}/$TOLLGATE_ACTION_REPOSITORY/releases/download/v$version"
fi
bin_dir="$work/bin"
if ! sh "$action_path/scripts/install.sh" --version "$version" --base-url "$base_url" \
  --key "$key" --dir "$bin_dir" >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  error "Tollgate $version could not be installed and verified (see the log above)"
  output exit-code 2
  exit 2
fi
cat "$work/install.log"
tollgate="$bin_dir/tollgate"

# --- scan -----------------------------------------------------------------------------
out_dir=${INPUT_OUTPUT_DIR:-tollgate-reports}
mkdir -p "$out_dir"
# The job's reports are not the project's: keep them out of the scan.
git_dir=$(git rev-parse --absolute-git-dir 2>/dev/null || true)
if [[ -n "$git_dir" ]]; then
  mkdir -p "$git_dir/info"
  printf '/%s/\n' "${out_dir#./}" >>"$git_dir/info/exclude"
fi
upload=${INPUT_UPLOAD_SARIF:-true}
IFS=', ' read -r -a formats <<<"${INPUT_FORMATS:-}"
want() { local f; for f in "${formats[@]}"; do [[ $f == "$1" ]] && return 0; done; return 1; }
want markdown || formats+=(markdown)
if [[ $upload == true ]] && ! want sarif; then formats+=(sarif); fi
ext() {
  case $1 in
    json | defectdojo | gitlab-*) echo "$1.json" ;;
    sarif) echo tollgate.sarif ;;
    junit) echo junit.xml ;;
    markdown | md) echo tollgate.md ;;
    *) echo "$1.txt" ;;
  esac
}
args=(scan "${INPUT_PATH:-.}" --no-progress)
for f in "${formats[@]}"; do
  [[ -n $f && $f != text ]] || continue
  args+=(-f "$f" -o "$out_dir/$(ext "$f")")
done
# The n-th --output belongs to the n-th --format: text, without a file, comes last (the log).
args+=(-f text)
[[ -z "${INPUT_TIER:-}" ]] || args+=(--tier "$INPUT_TIER")
[[ -z "${INPUT_BASELINE:-}" ]] || args+=(--baseline "$INPUT_BASELINE")
new_since=${INPUT_NEW_SINCE:-}
if [[ -z "$new_since" && "${GITHUB_EVENT_NAME:-}" == pull_request* && -n "${TOLLGATE_PR_BASE_SHA:-}" ]]; then
  new_since=$TOLLGATE_PR_BASE_SHA
  if ! git -C "${INPUT_PATH:-.}" cat-file -e "$new_since^{commit}" 2>/dev/null; then
    error "the pull request's base commit $new_since is not in the checkout: use actions/checkout with fetch-depth: 0 (or set new-since)"
    output exit-code 2
    exit 2
  fi
fi
[[ -z "$new_since" ]] || args+=(--new-since "$new_since")
if [[ -n "${INPUT_ARGS:-}" ]]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

set +e
"$tollgate" "${args[@]}"
gate=$?
set -e
output exit-code "$gate"
output report-dir "$out_dir"
sarif="$out_dir/tollgate.sarif"
[[ -f "$sarif" ]] && output sarif "$sarif"

# --- job summary ----------------------------------------------------------------------
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  if [[ -f "$out_dir/tollgate.md" ]]; then
    cat "$out_dir/tollgate.md" >>"$GITHUB_STEP_SUMMARY"
  else
    printf '## Tollgate did not finish (exit %s)\n\nSee the job log.\n' "$gate" >>"$GITHUB_STEP_SUMMARY"
  fi
fi

# --- SARIF to code scanning -----------------------------------------------------------
upload_failed=0
json_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
if [[ $upload == true ]]; then
  if [[ ! -f "$sarif" ]]; then
    error "no SARIF report to upload"
    upload_failed=1
  elif [[ -n "${TOLLGATE_PR_HEAD_REPO:-}" && "$TOLLGATE_PR_HEAD_REPO" != "${GITHUB_REPOSITORY:-}" ]]; then
    notice "pull request from a fork: its token cannot write code scanning alerts; the SARIF report is in $out_dir"
  elif [[ -z "${GITHUB_SHA:-}" || -z "${GITHUB_REF:-}" || -z "${GITHUB_REPOSITORY:-}" || -z "${INPUT_TOKEN:-}" ]]; then
    error "cannot upload SARIF: GITHUB_SHA, GITHUB_REF, GITHUB_REPOSITORY or the token is missing"
    upload_failed=1
  else
    body="$work/sarif-upload.json"
    {
      printf '{"commit_sha":"%s","ref":"%s","tool_name":"Tollgate","sarif":"' \
        "$(json_string "$GITHUB_SHA")" "$(json_string "$GITHUB_REF")"
      gzip -c "$sarif" | base64 | tr -d '\n'
      printf '"}'
    } >"$body"
    # The token goes to curl in a file, not on its command line.
    headers="$work/sarif-upload.headers"
    (umask 077 && printf 'Authorization: Bearer %s\n' "$INPUT_TOKEN" >"$headers")
    api="${GITHUB_API_URL:-https://api.github.com}/repos/$GITHUB_REPOSITORY/code-scanning/sarifs"
    status=$(curl -sS -o "$work/sarif-upload.response" -w '%{http_code}' -X POST \
      -H @"$headers" \
      -H "Accept: application/vnd.github+json" \
      -H "X-GitHub-Api-Version: 2022-11-28" \
      -H "Content-Type: application/json" \
      --data-binary @"$body" "$api") || status=000
    rm -f "$headers"
    if [[ $status == 202 ]]; then
      echo "Tollgate: SARIF uploaded to code scanning"
    else
      error "the SARIF upload to code scanning failed (HTTP $status): does the job have permissions security-events: write? $(head -c 300 "$work/sarif-upload.response" 2>/dev/null || true)"
      upload_failed=1
    fi
  fi
fi

if [[ $gate -eq 0 && $upload_failed -eq 1 ]]; then
  exit 2
fi
exit "$gate"
